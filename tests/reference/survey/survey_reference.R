# Reference values for tests/stats/test_survey.py: R's survey package on its api data and on the
# project's sample (respondent culture index, OPDs as strata with headcount N as FPC).
# Run from this folder: Rscript survey_reference.R  (writes values.csv, change.csv and
# R-versions.txt; the CSVs of the data come from R's data(api) and export_survey_sample.py)
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
apistrat <- read.csv("apistrat.csv")
apiclus1 <- read.csv("apiclus1.csv")
apiclus2 <- read.csv("apiclus2.csv")
rows <- list()

# one estimate: mean, SE, degf of the (sub)design, t-interval with that df
add <- function(case, domain, des, var = "api00") {
  f <- as.formula(paste0("~", var))
  m <- svymean(f, des, na.rm = TRUE)
  df <- degf(des)
  ci <- confint(m, df = df)
  rows[[length(rows) + 1]] <<- data.frame(case = case, domain = domain, mean = coef(m)[[1]],
    se = SE(m)[[1]], df = df, ci_low = ci[1, 1], ci_high = ci[1, 2])
}
# all domains of one design, via subset (svyby gives the same mean and SE: checked below)
add_by <- function(case, des, by, var = "api00") {
  lev <- sort(unique(as.character(des$variables[[by]])))
  lev <- lev[!is.na(lev) & lev != ""]
  for (g in lev) add(case, g, des[!is.na(des$variables[[by]]) & des$variables[[by]] == g, ], var)
  b <- svyby(as.formula(paste0("~", var)), as.formula(paste0("~", by)), des, svymean)
  got <- rows[(length(rows) - length(lev) + 1):length(rows)]
  stopifnot(isTRUE(all.equal(sapply(got, `[[`, "se"), unname(SE(b)))))
}

# api: stratified, one-stage cluster with FPC, two-stage cluster with FPCs at both stages
strat <- svydesign(ids = ~1, strata = ~stype, fpc = ~fpc, data = apistrat)
add("apistrat", "all", strat)
add_by("apistrat_by_stype", strat, "stype")
add_by("apistrat_by_awards", strat, "awards")
clus1 <- svydesign(ids = ~dnum, fpc = ~fpc, data = apiclus1)
add("apiclus1", "all", clus1)
add_by("apiclus1_by_stype", clus1, "stype")
clus1_nofpc <- svydesign(ids = ~dnum, weights = ~pw, data = apiclus1)
add("apiclus1_nofpc", "all", clus1_nofpc)
clus2 <- svydesign(ids = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
add("apiclus2", "all", clus2)
add_by("apiclus2_by_stype", clus2, "stype")

# a stratum with a single school (lonely PSU), survey.lonely.psu = "adjust"
lonely <- apistrat
lonely$stype[1] <- "X"
lonely$fpc[1] <- 10
options(survey.lonely.psu = "adjust")
lon <- svydesign(ids = ~1, strata = ~stype, fpc = ~fpc, data = lonely)
add("apistrat_lonely_adjust", "all", lon)
add_by("apistrat_lonely_adjust_by_awards", lon, "awards")
options(survey.lonely.psu = "fail")

# the project's sample: OPD strata, headcount FPC, weights N/n (and unweighted; and clusters)
for (year in c(2024, 2025)) {
  s <- read.csv(sprintf("sample_%d.csv", year), stringsAsFactors = FALSE, na.strings = "")
  s$n <- ave(s$culture_index, s$opd, FUN = length)
  s$w <- s$N / s$n
  sd <- svydesign(ids = ~1, strata = ~opd, fpc = ~N, weights = ~w, data = s)
  p <- paste0("sample", year)
  add(p, "all", sd, "culture_index")
  for (by in c("opd", "opd_type", "subunit", "gender", "age_band", "tenure_band",
               "position_type", "employment", "grade"))
    add_by(paste0(p, "_by_", by), sd, by, "culture_index")
  s$one <- 1
  su <- svydesign(ids = ~1, strata = ~opd, fpc = ~N, weights = ~one, data = s)
  add(paste0(p, "_unweighted"), "all", su, "culture_index")
  sc <- svydesign(ids = ~opd, weights = ~w, data = s)
  add(paste0(p, "_cluster"), "all", sc, "culture_index")
  add_by(paste0(p, "_cluster_by_opd_type"), sc, "opd_type", "culture_index")
  s$J <- 60
  s2 <- svydesign(ids = ~opd + respondent_id, fpc = ~J + N, data = s)
  add(paste0(p, "_cluster_fpc60"), "all", s2, "culture_index")
}

# change 2024 -> 2025 on the sample: each year's stratified design (2024 OPDs mapped to their
# 2025 successors, headcounts summed), V1 and V2 and the change with independent years
# (V1 + V2). R's survey has no estimator of the covariance of two overlapping samples; the
# package's (Tam 1984) is tested by hand and by benchmarks/coverage.py.
s1 <- read.csv("sample_2024.csv", stringsAsFactors = FALSE, na.strings = "")
s2 <- read.csv("sample_2025.csv", stringsAsFactors = FALSE, na.strings = "")
s1$opd <- s1$opd_next; s1$N <- s1$N_next
per_year <- lapply(list(s1, s2), function(d) {
  d$w <- d$N / ave(d$culture_index, d$opd, FUN = length)
  des <- svydesign(ids = ~1, strata = ~opd, fpc = ~N, weights = ~w, data = d)
  m <- svymean(~culture_index, des)
  list(mean = coef(m)[[1]], var = SE(m)[[1]]^2, df = degf(des))
})
v <- per_year[[1]]$var + per_year[[2]]$var
df <- min(per_year[[1]]$df, per_year[[2]]$df)
ch <- per_year[[2]]$mean - per_year[[1]]$mean
q <- qt(0.975, df)
write.csv(data.frame(case = "independent", change = ch, mean_before = per_year[[1]]$mean,
                     mean_after = per_year[[2]]$mean, variance_before = per_year[[1]]$var,
                     variance_after = per_year[[2]]$var, se = sqrt(v), df = df,
                     ci_low = ch - q * sqrt(v), ci_high = ch + q * sqrt(v)),
          "change.csv", row.names = FALSE)

out <- do.call(rbind, rows)
write.csv(out, "values.csv", row.names = FALSE)
writeLines(c(R.version.string, paste("survey", packageVersion("survey"))), "R-versions.txt")
