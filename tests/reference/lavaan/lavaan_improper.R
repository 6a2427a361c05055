# Improper solutions (Heywood cases) and lavaan's warnings for them, for
# tests/stats/test_psychometrics_improper.py.
#
# Run from this folder: Rscript lavaan_improper.R
# Reads:  hs_missing.csv (lavaan_reference.R), hs_ordinal.csv (lavaan_ordinal_invariance.R).
# Writes: improper_data.csv (two correlated factors a1-a3, b1-b3 in two groups: "A", 300
#         respondents with a factor correlation of .5, "B", 120 with .97, so that B's estimated
#         correlation exceeds 1), improper_warnings.csv (case, model, warning: lavaan's
#         post-estimation warnings, whitespace collapsed), improper_estimates.csv (case, model,
#         lhs, op, rhs, group, est, std_all), improper_second_order.csv (nine items of three
#         factors correlating .95, .95 and .7, 300 respondents: a second-order factor above
#         them leaves the first factor a negative residual variance), R-versions-improper.txt.
suppressPackageStartupMessages({
  library(lavaan)
  library(semTools)
})

make <- function(seed, n, rho) {
  set.seed(seed)
  phi <- matrix(c(1, rho, rho, 1), 2)
  L <- matrix(0, 6, 2)
  L[1:3, 1] <- .6
  L[4:6, 2] <- .6
  S <- L %*% phi %*% t(L)
  diag(S) <- 1
  x <- as.data.frame(MASS::mvrnorm(n, rep(0, 6), S))
  names(x) <- c("a1", "a2", "a3", "b1", "b2", "b3")
  round(x, 4)
}
d <- rbind(cbind(make(1, 300, .5), group = "A"), cbind(make(6, 120, .97), group = "B"))
write.csv(d, "improper_data.csv", row.names = FALSE)
set.seed(2)
phi3 <- matrix(c(1, .95, .95, .95, 1, .7, .95, .7, 1), 3)
L3 <- matrix(0, 9, 3)
L3[1:3, 1] <- .7
L3[4:6, 2] <- .7
L3[7:9, 3] <- .7
S3 <- L3 %*% phi3 %*% t(L3)
diag(S3) <- 1
so <- as.data.frame(round(MASS::mvrnorm(300, rep(0, 9), S3), 4))
names(so) <- paste0("y", 1:9)
write.csv(so, "improper_second_order.csv", row.names = FALSE)
so <- read.csv("improper_second_order.csv")
d <- read.csv("improper_data.csv")
hsm <- read.csv("hs_missing.csv")
two <- "f1 =~ a1 + a2 + a3
        f2 =~ b1 + b2 + b3"
hs_model <- "visual =~ x1 + x2 + x3
             textual =~ x4 + x5 + x6
             speed =~ x7 + x8 + x9"

warn <- list()
est <- list()
run <- function(case, model, expr) {
  msgs <- character(0)
  fit <- withCallingHandlers(expr, warning = function(w) {
    msgs <<- c(msgs, gsub("\\s+", " ", conditionMessage(w)))
    invokeRestart("muffleWarning")
  })
  for (m in msgs) warn[[length(warn) + 1]] <<- data.frame(case = case, model = model, warning = m)
  if (length(lavNames(fit, "ov.ord"))) {  # ordinal: residual variances from theta
    th <- lavInspect(fit, "theta")
    if (!is.list(th)) th <- list(th)
    for (g in seq_along(th)) {
      est[[length(est) + 1]] <<- data.frame(case = case, model = model, lhs = rownames(th[[g]]),
                                            op = "~~", rhs = rownames(th[[g]]), group = g,
                                            est = diag(th[[g]]), std_all = NA)
    }
    return(invisible())
  }
  pe <- standardizedSolution(fit)
  pe$est <- parameterEstimates(fit)$est
  if (is.null(pe$group)) pe$group <- 1
  keep <- pe$op == "~~"
  est[[length(est) + 1]] <<- data.frame(case = case, model = model, lhs = pe$lhs[keep],
                                        op = pe$op[keep], rhs = pe$rhs[keep],
                                        group = pe$group[keep], est = pe$est[keep],
                                        std_all = pe$est.std[keep])
}
run("hsm_listwise", "cfa", cfa(hs_model, hsm))
run("lv_single", "cfa", cfa(two, d[d$group == "B", ]))
run("second_order", "cfa", cfa("p =~ y1 + y2 + y3
                                 q =~ y4 + y5 + y6
                                 r =~ y7 + y8 + y9
                                 g =~ p + q + r", so))
run("lv_groups", "configural", cfa(two, d, group = "group", missing = "ml"))
run("lv_groups", "metric", cfa(two, d, group = "group", missing = "ml",
                               group.equal = "loadings"))

# the four-group ordinal case of lavaan_ordinal_invariance.R: a negative residual variance
# (delta parameterization, theta = 1/delta^2 - common) in one group at two steps
hso <- read.csv("hs_ordinal.csv")
xs <- paste0("x", 1:9)
hs4 <- hso[!is.na(hso$cohort), c("cohort", xs)]
for (step in list(configural = "", thresholds = "thresholds",
                  metric = c("thresholds", "loadings"))) {
  syn <- measEq.syntax(paste(hs_model, "\n x4 ~~ x5"), data = hs4, ordered = xs,
                       parameterization = "delta", ID.fac = "std.lv",
                       ID.cat = "Wu.Estabrook.2016", group = "cohort", group.equal = step)
  model <- c("configural", "thresholds", "metric")[length(step) + (step[1] != "")]
  run("hs4_ordinal", model, cfa(as.character(syn), data = hs4, ordered = xs, group = "cohort",
                                estimator = "WLSMV", parameterization = "delta"))
}

write.csv(do.call(rbind, warn), "improper_warnings.csv", row.names = FALSE)
write.csv(do.call(rbind, est), "improper_estimates.csv", row.names = FALSE)
writeLines(c(R.version.string, paste("lavaan", as.character(packageVersion("lavaan")))),
           "R-versions-improper.txt")
