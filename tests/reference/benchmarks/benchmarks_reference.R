# Reference values for akhlak_analysis.stats.benchmarks (tests/stats/test_benchmarks.py).
# Input: opd_published.csv, the sample's published OPD table (hidden rows blank), written by
# export_published_opd.py. Output: values.csv, the quartiles (R's default type 7) of the
# published OPDs over all OPDs and per OPD type, for the index and every value, from groups
# of at least 5 published OPDs; and index_values.csv, value scores and the index from item
# means (tapply) on a small item table.
# Run from the repository root: Rscript tests/reference/benchmarks/benchmarks_reference.R
here <- "tests/reference/benchmarks"
d <- read.csv(file.path(here, "opd_published.csv"), stringsAsFactors = FALSE)
d <- d[d$suppressed == "False", ]
measures <- c("culture_index", "berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis",
              "loyal", "adaptif", "kolaboratif")
rows <- list()
one <- function(x, benchmark, type, measure) {
  x <- x[!is.na(x)]
  q <- if (length(x) >= 5) quantile(x, c(.25, .5, .75), type = 7, names = FALSE) else rep(NA, 3)
  data.frame(benchmark = benchmark, opd_type = type, measure = measure, n_units = length(x),
             bottom_quartile = q[1], median = q[2], top_quartile = q[3])
}
for (m in measures) {
  rows[[length(rows) + 1]] <- one(d[[m]], "all", "", m)
  for (t in sort(unique(d$opd_type))) {
    rows[[length(rows) + 1]] <- one(d[d$opd_type == t, m], "opd_type", t, m)
  }
}
write.csv(do.call(rbind, rows), file.path(here, "values.csv"), row.names = FALSE)

items <- data.frame(item = c("A1", "A2", "A3", "B1", "B2", "C1"),
                    value = c("a", "a", "a", "b", "b", "c"),
                    score = c(71.25, 80.5, 77.0, 62.75, 68.0, 90.125))
v <- tapply(items$score, factor(items$value, levels = unique(items$value)), mean)
out <- data.frame(measure = c(names(v), "culture_index"), score = c(as.numeric(v), mean(v)))
write.csv(out, file.path(here, "index_values.csv"), row.names = FALSE)
writeLines(c(R.version.string), file.path(here, "R-versions.txt"))
