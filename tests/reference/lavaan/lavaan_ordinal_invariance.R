# Reference values for tests/stats/test_psychometrics_ordinal.py: ordinal (WLSMV)
# measurement invariance, semTools measEq.syntax(ID.cat = "Wu.Estabrook.2016", ID.fac =
# "std.lv", parameterization = "delta") fitted by lavaan (estimator = "WLSMV").
#
# Run from this folder: Rscript lavaan_ordinal_invariance.R
# Reads:  sample_2025_items.csv, sample_2025_gender.csv (export_lavaan_sample.py)
# Writes: hs_ordinal.csv (Holzinger-Swineford x1-x9 cut into 3 and 4 ordered categories;
#         school, and cohort = school x grade for a four-group case with x4 ~~ x5),
#         ordinal_invariance_fit.csv (case, model, measure, value),
#         ordinal_invariance_lrt.csv (case, model, chisq_diff, df_diff, pvalue: lavTestLRT of
#         each model against the previous one, lavaan's default method "satorra.2000"),
#         ordinal_invariance_estimates.csv (case, model, lhs, op, rhs, group, est, se; free
#         parameters), R-versions-ordinal.txt.
suppressPackageStartupMessages({
  library(lavaan)
  library(semTools)
})

# Holzinger-Swineford: x1-x6 in 3 categories (terciles), x7-x9 in 4 (quartiles)
hs <- lavaan::HolzingerSwineford1939
xs <- paste0("x", 1:9)
hso <- data.frame(school = as.character(hs$school),
                  cohort = ifelse(is.na(hs$grade), NA, paste(hs$school, hs$grade, sep = "-")))
for (v in xs) {
  k <- if (v %in% c("x7", "x8", "x9")) 4 else 3
  br <- quantile(hs[[v]], seq(0, 1, length.out = k + 1))
  hso[[v]] <- as.integer(cut(hs[[v]], breaks = br, include.lowest = TRUE))
}
write.csv(hso, "hs_ordinal.csv", row.names = FALSE)
hso <- read.csv("hs_ordinal.csv")
hs_model <- "visual =~ x1 + x2 + x3
             textual =~ x4 + x5 + x6
             speed =~ x7 + x8 + x9"
# four groups (school x grade, the pupil without a grade left out) and a residual covariance
hs4 <- hso[!is.na(hso$cohort), c("cohort", xs)]
hs4_model <- paste(hs_model, "\n x4 ~~ x5")

# the 2025 sample, three of the seven factors, grouped by gender (complete rows)
sample <- read.csv("sample_2025_items.csv")
sample$gender <- read.csv("sample_2025_gender.csv")$gender
sample_items <- c(paste0("BP", 1:4), paste0("KO", 1:4), paste0("AD", 1:4))
sample <- sample[complete.cases(sample[, c(sample_items, "gender")]), c("gender", sample_items)]
sample_model <- "BP =~ BP1 + BP2 + BP3 + BP4
                 KO =~ KO1 + KO2 + KO3 + KO4
                 AD =~ AD1 + AD2 + AD3 + AD4"

steps <- list(configural = "configural", thresholds = "thresholds",
              metric = c("thresholds", "loadings"),
              scalar = c("thresholds", "loadings", "intercepts"))
measures <- c("npar", "ntotal", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled",
              "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq", "baseline.df",
              "baseline.chisq.scaled", "baseline.df.scaled", "baseline.chisq.scaling.factor",
              "cfi", "tli", "rmsea", "cfi.scaled", "tli.scaled", "rmsea.scaled",
              "cfi.robust", "tli.robust", "rmsea.robust", "srmr", "srmr_bentler",
              "srmr_bentler_nomean", "crmr", "crmr_nomean", "srmr_mplus")
fits <- list()
lrts <- list()
ests <- list()
cases <- list(hs = list(hso[, c("school", xs)], hs_model, "school"),
              hs4 = list(hs4, hs4_model, "cohort"),
              sample = list(sample, sample_model, "gender"))
for (case in names(cases)) {
  d <- cases[[case]][[1]]
  model <- cases[[case]][[2]]
  group <- cases[[case]][[3]]
  items <- setdiff(names(d), group)
  fitted <- list()
  for (step in names(steps)) {
    syn <- measEq.syntax(model, data = d, ordered = items, parameterization = "delta",
                         ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016", group = group,
                         group.equal = steps[[step]])
    fit <- cfa(as.character(syn), data = d, ordered = items, group = group,
               estimator = "WLSMV", parameterization = "delta")
    fitted[[step]] <- fit
    fm <- fitMeasures(fit)
    keep <- intersect(measures, names(fm))
    ss <- fit@test$scaled.shifted
    fits[[paste(case, step)]] <- data.frame(
      case = case, model = step, measure = c(keep, "shift.parameter"),
      value = c(unname(fm[keep]), ss$shift.parameter))
    pe <- parameterEstimates(fit, remove.nonfree = TRUE)
    ests[[paste(case, step)]] <- data.frame(case = case, model = step, lhs = pe$lhs,
                                            op = pe$op, rhs = pe$rhs, group = pe$group,
                                            est = pe$est, se = pe$se)
  }
  for (i in 2:length(fitted)) {
    lrt <- lavTestLRT(fitted[[i - 1]], fitted[[i]])
    lrts[[paste(case, i)]] <- data.frame(case = case, model = names(fitted)[i],
                                         chisq_diff = lrt[["Chisq diff"]][2],
                                         df_diff = lrt[["Df diff"]][2],
                                         pvalue = lrt[["Pr(>Chisq)"]][2])
  }
  cat(case, "group levels:", lavInspect(fitted[[1]], "group.label"), "\n")
}
write.csv(do.call(rbind, fits), "ordinal_invariance_fit.csv", row.names = FALSE)
write.csv(do.call(rbind, lrts), "ordinal_invariance_lrt.csv", row.names = FALSE)
write.csv(do.call(rbind, ests), "ordinal_invariance_estimates.csv", row.names = FALSE)
writeLines(c(R.version.string,
             paste("lavaan", as.character(packageVersion("lavaan"))),
             paste("semTools", as.character(packageVersion("semTools")))),
           "R-versions-ordinal.txt")
