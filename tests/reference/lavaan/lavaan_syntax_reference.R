# Reference values for models written in lavaan syntax (cross-loading, residual covariance).
#
# Run from this folder: Rscript lavaan_syntax_reference.R
# Reads hs_missing.csv (written by lavaan_reference.R); writes syntax_fit_measures.csv and
# syntax_estimates.csv in the layout of fit_measures.csv / estimates.csv.
suppressPackageStartupMessages(library(lavaan))
hs <- lavaan::HolzingerSwineford1939
hsm <- read.csv("hs_missing.csv")
model <- "visual =~ x1 + x2 + x3 + x9
          textual =~ x4 + x5 + x6
          speed =~ x7 + x8 + x9
          x2 ~~ x7"
measures <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower",
              "rmsea.ci.upper", "srmr", "logl", "unrestricted.logl", "aic", "bic",
              "baseline.chisq", "baseline.df", "ntotal", "npar")
fits <- list(); ests <- list()
add <- function(case, fit) {
  fm <- fitMeasures(fit)
  keep <- intersect(measures, names(fm))
  fits[[case]] <<- data.frame(case = case, measure = keep, value = unname(fm[keep]))
  pe <- parameterEstimates(fit, standardized = TRUE, remove.nonfree = FALSE)
  if (is.null(pe$group)) pe$group <- 1L
  ests[[case]] <<- data.frame(case = case, lhs = pe$lhs, op = pe$op, rhs = pe$rhs,
                              group = pe$group, est = pe$est, se = pe$se,
                              std_all = pe$std.all)
}
add("hs_syntax", cfa(model, hs))
add("hsm_syntax_fiml", cfa(model, hsm, missing = "ml"))
add("hsm_syntax_inv_metric", cfa(model, hsm, missing = "ml", group = "school",
                                 group.equal = "loadings"))
write.csv(do.call(rbind, fits), "syntax_fit_measures.csv", row.names = FALSE)
write.csv(do.call(rbind, ests), "syntax_estimates.csv", row.names = FALSE)
