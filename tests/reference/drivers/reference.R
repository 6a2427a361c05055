# Reference values for tests/stats/test_drivers.py: relative weights (Johnson 2000) and all-subsets
# dominance (Budescu 1993; Azen & Budescu 2003) computed BY HAND in base R, no package.
# Run from this folder: Rscript reference.R  (reads data.csv from export_drivers_data.py,
# writes values.csv and R-versions.txt)
d <- read.csv("data.csv")
values <- c("berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal",
            "adaptif", "kolaboratif")
items <- paste0("i", 1:12)
n_h <- table(d$opd)
w <- as.numeric(d$headcount / n_h[d$opd])      # headcount weights N_h / n_h

relative_weights <- function(R) {              # predictors first, outcome last
  p <- ncol(R) - 1
  e <- eigen(R[1:p, 1:p], symmetric = TRUE)
  half <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
  beta <- solve(half, R[1:p, p + 1])
  as.vector(half^2 %*% beta^2)
}
subset_r2 <- function(R, S) {                  # R² of the outcome on predictors S
  if (length(S) == 0) return(0)
  y <- ncol(R)
  r <- R[S, y]
  as.numeric(t(r) %*% solve(R[S, S, drop = FALSE], r))
}
dominance <- function(R) {                     # general and conditional dominance
  p <- ncol(R) - 1
  cond <- matrix(0, p, p)
  for (j in 1:p) {
    others <- setdiff(1:p, j)
    for (k in 0:(p - 1)) {
      subsets <- if (k == 0) list(integer(0)) else combn(others, k, simplify = FALSE)
      gains <- sapply(subsets, function(S) subset_r2(R, c(S, j)) - subset_r2(R, S))
      cond[j, k + 1] <- mean(gains)
    }
  }
  list(general = rowMeans(cond), conditional = cond)
}

rows <- list()
add <- function(case, R, preds, with_dominance = TRUE) {
  rw <- relative_weights(R)
  r2 <- subset_r2(R, seq_along(preds))
  stopifnot(abs(sum(rw) - r2) < 1e-12)
  out <- data.frame(case = case, predictor = preds, raw_weight = rw, r2 = r2,
                    general_dominance = NA_real_)
  if (with_dominance) {
    dom <- dominance(R)
    stopifnot(abs(sum(dom$general) - r2) < 1e-12)
    out$general_dominance <- dom$general
    for (k in 1:length(preds)) out[[paste0("conditional_", k - 1)]] <- dom$conditional[, k]
  }
  rows[[length(rows) + 1]] <<- out
}
X <- as.matrix(d[, c(values, "keterlibatan")])
add("values_unweighted", cor(X), values)
add("values_weighted", cov.wt(X, wt = w, cor = TRUE)$cor, values)
XI <- as.matrix(d[, c(items, "keterlibatan")])
add("items_weighted", cov.wt(XI, wt = w, cor = TRUE)$cor, items, with_dominance = FALSE)
all_rows <- do.call(rbind, lapply(rows, function(r) {
  for (k in 0:6) if (is.null(r[[paste0("conditional_", k)]])) r[[paste0("conditional_", k)]] <- NA
  r
}))
write.csv(all_rows, "values.csv", row.names = FALSE)
writeLines(c(R.version.string, "base R only (stats: cor, cov.wt, eigen, solve, combn)"),
           "R-versions.txt")
