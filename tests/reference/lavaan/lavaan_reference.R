# Reference values for tests/stats/test_psychometrics*.py, computed with lavaan (Debian r-cran-lavaan).
#
# Run from this folder: Rscript lavaan_reference.R
# Reads:  sample_2025_items.csv, sample_2025_factors.csv (written by export_lavaan_sample.py)
# Writes: hs_missing.csv (Holzinger-Swineford with planted missingness, fixed seed),
#         fit_measures.csv (case, measure, value), estimates.csv (case, lhs, op, rhs, group,
#         est, se, std_all), modindices.csv, polychoric.csv, thresholds.csv, R-versions.txt.
suppressPackageStartupMessages({
  library(lavaan)
})

hs <- lavaan::HolzingerSwineford1939
hs_model <- "visual =~ x1 + x2 + x3
             textual =~ x4 + x5 + x6
             speed =~ x7 + x8 + x9"
xs <- paste0("x", 1:9)

# planted missingness: each answer missing with probability .10 (MCAR) plus x2 and x9 missing
# more often for pupils with a low x1 / x7 (MAR); rows left without any answer are dropped.
set.seed(1939)
hsm <- hs[, c("id", "school", xs)]
for (v in xs) hsm[runif(nrow(hsm)) < 0.10, v] <- NA
low1 <- !is.na(hsm$x1) & hsm$x1 < quantile(hs$x1, 0.3)
hsm$x2[low1 & runif(nrow(hsm)) < 0.3] <- NA
low7 <- !is.na(hsm$x7) & hsm$x7 < quantile(hs$x7, 0.3)
hsm$x9[low7 & runif(nrow(hsm)) < 0.3] <- NA
hsm <- hsm[rowSums(!is.na(hsm[, xs])) > 0, ]
write.csv(hsm, "hs_missing.csv", row.names = FALSE, na = "")
# read back so R fits exactly the rounded numbers Python reads
hsm <- read.csv("hs_missing.csv")

sample <- read.csv("sample_2025_items.csv")
fac <- read.csv("sample_2025_factors.csv")
sample_model <- paste(
  vapply(unique(fac$factor), function(f) paste(f, "=~", paste(fac$item[fac$factor == f],
         collapse = " + ")), ""), collapse = "\n")

measures <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower",
              "rmsea.ci.upper", "srmr", "logl", "unrestricted.logl", "aic", "bic",
              "baseline.chisq", "baseline.df", "ntotal", "npar",
              "chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor",
              "baseline.chisq.scaled", "baseline.chisq.scaling.factor",
              "cfi.scaled", "tli.scaled", "rmsea.scaled", "rmsea.ci.lower.scaled",
              "rmsea.ci.upper.scaled", "cfi.robust", "tli.robust", "rmsea.robust",
              "rmsea.ci.lower.robust", "rmsea.ci.upper.robust")
fits <- list()
ests <- list()
add <- function(case, fit) {
  fm <- fitMeasures(fit)
  keep <- intersect(measures, names(fm))
  fits[[case]] <<- data.frame(case = case, measure = keep, value = unname(fm[keep]))
  pe <- parameterEstimates(fit, standardized = TRUE, remove.nonfree = FALSE)
  if (is.null(pe$group)) pe$group <- 1L
  ests[[case]] <<- data.frame(case = case, lhs = pe$lhs, op = pe$op, rhs = pe$rhs,
                              group = pe$group, est = pe$est, se = pe$se,
                              std_all = pe$std.all)
  invisible(fit)
}

# complete data: ML and MLR
add("hs_ml", cfa(hs_model, hs))
add("hs_mlr", cfa(hs_model, hs, estimator = "MLR"))
for (lev in list(c("configural", ""), c("metric", "loadings"),
                 c("scalar", "loadings,intercepts"),
                 c("strict", "loadings,intercepts,residuals"))) {
  eq <- if (lev[2] == "") "" else strsplit(lev[2], ",")[[1]]
  add(paste0("hs_inv_", lev[1]), cfa(hs_model, hs, group = "school", group.equal = eq))
}
add("hs_inv_partial", cfa(hs_model, hs, group = "school",
                          group.equal = c("loadings", "intercepts"),
                          group.partial = c("x3~1", "x7~1")))

# planted missingness: FIML (ML and MLR) and listwise
add("hsm_listwise", cfa(hs_model, hsm))
add("hsm_fiml", cfa(hs_model, hsm, missing = "ml"))
add("hsm_fiml_mlr", cfa(hs_model, hsm, missing = "ml", estimator = "MLR"))
add("hsm_listwise_mlr", cfa(hs_model, hsm, estimator = "MLR"))
for (lev in list(c("configural", ""), c("metric", "loadings"),
                 c("scalar", "loadings,intercepts"))) {
  eq <- if (lev[2] == "") "" else strsplit(lev[2], ",")[[1]]
  add(paste0("hsm_inv_", lev[1]), cfa(hs_model, hsm, group = "school", group.equal = eq,
                                       missing = "ml"))
  add(paste0("hsm_inv_mlr_", lev[1]), cfa(hs_model, hsm, group = "school",
                                           group.equal = eq, missing = "ml",
                                           estimator = "MLR"))
}
add("hsm_inv_partial", cfa(hs_model, hsm, group = "school",
                           group.equal = c("loadings", "intercepts"),
                           group.partial = c("x3~1", "x7~1"), missing = "ml"))

# the project's 2025 sample
add("sample_listwise", cfa(sample_model, sample))
add("sample_fiml", cfa(sample_model, sample, missing = "ml"))
add("sample_fiml_mlr", cfa(sample_model, sample, missing = "ml", estimator = "MLR"))

write.csv(do.call(rbind, fits), "fit_measures.csv", row.names = FALSE)
write.csv(do.call(rbind, ests), "estimates.csv", row.names = FALSE)

# modification indices (complete Holzinger-Swineford, ML)
mi <- modindices(cfa(hs_model, hs), sort. = FALSE)
write.csv(data.frame(lhs = mi$lhs, op = mi$op, rhs = mi$rhs, mi = mi$mi, epc = mi$epc,
                     sepc_all = mi$sepc.all), "modindices.csv", row.names = FALSE)

# ordinal: polychoric correlations and thresholds of the sample (lavCor, listwise as default)
pc <- lavCor(sample, ordered = names(sample), output = "fit")
write.csv(as.data.frame(lavInspect(pc, "sampstat")$cov), "polychoric.csv")
th <- lavInspect(pc, "sampstat")$th
write.csv(data.frame(threshold = names(th), value = unname(th)), "thresholds.csv",
          row.names = FALSE)

wl <- cfa(sample_model, sample, ordered = names(sample), estimator = "WLSMV")
add("sample_wlsmv", wl)
write.csv(do.call(rbind, fits), "fit_measures.csv", row.names = FALSE)
write.csv(do.call(rbind, ests), "estimates.csv", row.names = FALSE)

writeLines(c(R.version.string,
             paste("lavaan", as.character(packageVersion("lavaan")))),
           "R-versions.txt")
