# Reference values for akhlak_analysis.stats.fieldwork.project_final (tests/stats/test_fieldwork.py).
# Each case: daily counts y (';'-separated), days left r, headcount cap (NA: none), recent days
# k0 and level. The projection: n + r * mean(last k days); the interval
# n + phi * qnbinom(c((1 - level) / 2, (1 + level) / 2), size = S / phi + 0.5,
# prob = k / (k + r)), phi = max(1, var(y) / mean(y)) with at least 3 days, capped at the
# headcount. Run from the repository root: Rscript tests/reference/fieldwork/fieldwork_reference.R
here <- "tests/reference/fieldwork"
cases <- read.csv(file.path(here, "cases.csv"), stringsAsFactors = FALSE)
out <- do.call(rbind, lapply(seq_len(nrow(cases)), function(i) {
  cs <- cases[i, ]
  y <- as.numeric(strsplit(cs$daily, ";")[[1]])
  n <- sum(y); r <- cs$days_left; k <- min(cs$recent_days, length(y))
  cap <- if (is.na(cs$headcount)) Inf else max(cs$headcount, n)
  if (r == 0) return(data.frame(case = cs$case, projected = n, low = n, high = n))
  s <- sum(tail(y, k))
  phi <- if (length(y) >= 3 && mean(y) > 0) max(1, var(y) / mean(y)) else 1
  q <- qnbinom(c((1 - cs$level) / 2, (1 + cs$level) / 2), size = s / phi + 0.5,
               prob = k / (k + r))
  data.frame(case = cs$case, projected = min(n + s / k * r, cap),
             low = min(n + phi * q[1], cap), high = min(n + phi * q[2], cap))
}))
write.csv(out, file.path(here, "values.csv"), row.names = FALSE)
writeLines(c(R.version.string), file.path(here, "R-versions.txt"))
