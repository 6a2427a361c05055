# Reference values for tests/stats/test_psychometrics*.py from psych and semTools.
#
# Run from this folder: Rscript psych_reference.R
# Reads:  cronbach_alpha_wide.csv, cronbach_wide_missing.csv (pingouin's bundled data sets,
#         written from Python: pingouin.read_dataset(name), the first pivoted to wide),
#         ../lavaan/hs_missing.csv (Holzinger-Swineford with planted missingness).
# Writes: values.csv (case, statistic, factor, value), R-versions.txt.
suppressPackageStartupMessages({
  library(psych)
  library(lavaan)
  library(semTools)
  library(GPArotation)
})

out <- list()
put <- function(case, statistic, value, factor = "") {
  out[[length(out) + 1]] <<- data.frame(case = case, statistic = statistic, factor = factor,
                                        value = unname(value))
}
xs <- paste0("x", 1:9)
hs <- lavaan::HolzingerSwineford1939
hsm <- read.csv("../lavaan/hs_missing.csv")
fac <- list(visual = xs[1:3], textual = xs[4:6], speed = xs[7:9])
hs_model <- "visual =~ x1 + x2 + x3
             textual =~ x4 + x5 + x6
             speed =~ x7 + x8 + x9"

# Cronbach's alpha (psych::alpha, pairwise covariances by default; na.rm listwise on request)
for (f in names(fac)) put("hs", "alpha", psych::alpha(hs[, fac[[f]]])$total$raw_alpha, f)
ca <- read.csv("cronbach_alpha_wide.csv")
cm <- read.csv("cronbach_wide_missing.csv")
# Feldt interval (psych::alpha.ci) with n = all rows, as psych::alpha reports it
alpha_case <- function(case, a, n, k) {
  put(case, "alpha", a)
  ci <- alpha.ci(a, n.obs = n, n.var = k, digits = 12)
  put(case, "alpha_ci_low", ci$lower)
  put(case, "alpha_ci_high", ci$upper)
}
alpha_case("cronbach_alpha", psych::alpha(ca)$total$raw_alpha, nrow(ca), ncol(ca))
alpha_case("cronbach_wide_missing", suppressWarnings(psych::alpha(cm))$total$raw_alpha,
           nrow(cm), ncol(cm))
alpha_case("cronbach_wide_missing_listwise",
           suppressWarnings(psych::alpha(na.omit(cm)))$total$raw_alpha, nrow(cm), ncol(cm))

# semTools on lavaan's CFA: composite reliability (observed total variance), AVE, HTMT
fit <- cfa(hs_model, hs)
cr <- compRelSEM(fit)
ave <- AVE(fit)
for (f in names(fac)) {
  put("hs", "omega", cr[[f]], f)
  put("hs", "ave", ave[[f]], f)
}
h1 <- htmt(hs_model, hs, htmt2 = FALSE)
h2 <- htmt(hs_model, hs, htmt2 = TRUE)
for (p in list(c("visual", "textual"), c("visual", "speed"), c("textual", "speed"))) {
  put("hs", "htmt", h1[p[2], p[1]], paste(p, collapse = "-"))
  put("hs", "htmt2", h2[p[2], p[1]], paste(p, collapse = "-"))
}
# FIML CFA with missing answers: semTools on cfa(missing = "ml")
fitm <- cfa(hs_model, hsm, missing = "ml")
crm <- compRelSEM(fitm)
avem <- AVE(fitm)
for (f in names(fac)) {
  put("hsm_fiml", "omega", crm[[f]], f)
  put("hsm_fiml", "ave", avem[[f]], f)
}

# sampling adequacy: psych defaults (pairwise correlations)
k <- KMO(hs[, xs])
put("hs", "kmo", k$MSA)
for (v in xs) put("hs", "msa", k$MSAi[[v]], v)
b <- cortest.bartlett(cor(hs[, xs]), n = nrow(hs))
put("hs", "bartlett_chi2", b$chisq)
put("hs", "bartlett_df", b$df)
km <- KMO(hsm[, xs])
put("hsm_pairwise", "kmo", km$MSA)
for (v in xs) put("hsm_pairwise", "msa", km$MSAi[[v]], v)
# cortest.bartlett on raw data: pairwise correlations, n = number of rows
bm <- suppressWarnings(cortest.bartlett(hsm[, xs]))
put("hsm_pairwise", "bartlett_chi2", bm$chisq)
put("hsm_pairwise", "bartlett_df", bm$df)
put("hsm_pairwise", "bartlett_n", nrow(hsm))

# omega hierarchical (minres, oblimin, Schmid-Leiman)
om <- omega(hs[, xs], nfactors = 3, plot = FALSE)
put("hs", "omega_alpha", om$alpha)
put("hs", "omega_h", om$omega_h)
put("hs", "omega_total", om$omega.tot)

# EFA by ML with oblimin (GPArotation's quartimin) on the item correlations
efa <- fa(hs[, xs], nfactors = 3, fm = "ml", rotate = "oblimin")
for (j in 1:3) for (v in xs) put("hs", "efa_ml_loading", efa$loadings[v, j], paste0(v, "|", j))
for (j in 2:3) for (i in 1:(j - 1)) put("hs", "efa_ml_phi", efa$Phi[i, j], paste0(i, "|", j))

# omega in an ultra-Heywood Schmid-Leiman step (make_ultra_heywood.R): psych warns and
# keeps the general loading above 1
uh <- read.csv("omega_ultra_heywood.csv")
uh_warnings <- character(0)
omu <- withCallingHandlers(omega(uh, nfactors = 3, plot = FALSE),
                           warning = function(w) {
                             uh_warnings <<- c(uh_warnings, conditionMessage(w))
                             invokeRestart("muffleWarning")
                           })
stopifnot(any(grepl("ultra-Heywood", uh_warnings)))
put("ultra_heywood", "omega_alpha", omu$alpha)
put("ultra_heywood", "omega_h", omu$omega_h)
put("ultra_heywood", "omega_total", omu$omega.tot)
for (j in 1:3) put("ultra_heywood", "gloading", omu$schmid$gloading[j], paste0("F", j))

write.csv(do.call(rbind, out), "values.csv", row.names = FALSE)
writeLines(c(R.version.string,
             paste("psych", as.character(packageVersion("psych"))),
             paste("semTools", as.character(packageVersion("semTools"))),
             paste("lavaan", as.character(packageVersion("lavaan"))),
             paste("GPArotation", as.character(packageVersion("GPArotation")))),
           "R-versions.txt")
