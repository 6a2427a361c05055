"""Timing of the psychometrics engine against lavaan on an instrument-sized survey.

Not a test: run ``python benchmarks/bench_psychometrics.py`` (``--no-r`` skips lavaan,
``--semopy`` adds semopy's complete-data fit, ``--repeat`` sets the repetitions, ``--n`` the
respondents, e.g. 50000 or 936000, ``--only`` the runs; wall and CPU seconds are printed).
Generates 5,000 respondents x 28 items in 7 correlated factors (loadings .60-.85, factor correlations
.60-.80, answers rounded to a 5-point scale, about 2% of the answers missing at random, fixed
seed) with a two-level group, then times

* ``cfa(missing="ml")``: FIML CFA with every fit statistic and the observed-information SEs;
* ``cfa(missing="ml", estimator="MLR")``: the same with sandwich SEs and the scaled and
  robust indices;
* ``measurement_invariance(missing="ml")``: configural -> metric -> scalar across the two
  groups by FIML;
* ``cfa(estimator="WLSMV", ordered=True, missing="listwise")``: ordinal CFA (polychorics,
  NACOV, DWLS, robust SEs, scaled-shifted test);
* ``cfa(missing="listwise")``: complete-data ML on the complete rows;
* ``measurement_invariance(estimator="WLSMV", ordered=True, missing="listwise")``: ordinal
  invariance across the two groups, configural -> thresholds -> metric -> scalar with the
  difference tests (Wu & Estabrook 2016; the row compared is the scalar model).

When ``Rscript`` with lavaan is on the PATH, the same data (written to a temporary CSV) are
fitted by lavaan in the same run (``cfa(..., missing = "ml")``, ``estimator = "MLR"``,
``group.equal`` sequence, WLSMV, listwise; the ordinal invariance sequence as semTools
``measEq.syntax(ID.cat = "Wu.Estabrook.2016", parameterization = "delta")`` writes it, fitted
with ``estimator = "WLSMV"`` and compared by ``lavTestLRT``), and the ratios lavaan / Python
are printed with the differences in chi2 and CFI.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from akhlak_analysis.instrument import load_instrument
from akhlak_analysis.stats import psychometrics as pm

N_RESPONDENTS = 5_000
N_FACTORS = 7
ITEMS_PER_FACTOR = 4
MISSING_SHARE = 0.02
SEED = 20240501

R_SCRIPT = r"""
suppressPackageStartupMessages(library(lavaan))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
model <- readLines(args[2])
reps <- as.integer(args[3])
best <- function(expr) {
  f <- substitute(expr)
  times <- numeric(reps)
  for (i in seq_len(reps)) times[i] <- system.time(out <- eval(f, parent.frame()))[["elapsed"]]
  list(time = min(times), fit = out)
}
fm <- function(fit) as.list(fitMeasures(fit, c("chisq", "cfi", "rmsea", "srmr")))
out <- list()
r <- best(cfa(model, d, missing = "ml"))
out$fiml <- c(list(seconds = r$time), fm(r$fit))
r <- best(cfa(model, d, missing = "ml", estimator = "MLR"))
out$fiml_mlr <- c(list(seconds = r$time), fm(r$fit))
r <- best({
  f1 <- cfa(model, d, group = "group", missing = "ml")
  f2 <- cfa(model, d, group = "group", missing = "ml", group.equal = "loadings")
  f3 <- cfa(model, d, group = "group", missing = "ml",
            group.equal = c("loadings", "intercepts"))
  f3
})
out$fiml_invariance <- c(list(seconds = r$time), fm(r$fit))
items <- setdiff(names(d), "group")
r <- best(cfa(model, d[, items], ordered = items, estimator = "WLSMV"))
out$wlsmv <- c(list(seconds = r$time), fm(r$fit))
r <- best(cfa(model, d))
out$listwise <- c(list(seconds = r$time), fm(r$fit))
if (requireNamespace("semTools", quietly = TRUE)) {
  steps <- list("configural", "thresholds", c("thresholds", "loadings"),
                c("thresholds", "loadings", "intercepts"))
  dc <- d[complete.cases(d), ]
  r <- best({
    fits <- lapply(steps, function(eq) {
      syn <- semTools::measEq.syntax(model, data = dc, ordered = items, group = "group",
                                     parameterization = "delta", ID.fac = "std.lv",
                                     ID.cat = "Wu.Estabrook.2016", group.equal = eq)
      cfa(as.character(syn), dc, ordered = items, group = "group", estimator = "WLSMV",
          parameterization = "delta")
    })
    for (i in 2:length(fits)) lavTestLRT(fits[[i - 1]], fits[[i]])
    fits[[length(fits)]]
  })
  out$wlsmv_invariance <- c(list(seconds = r$time), fm(r$fit))
}
cat(jsonlite::toJSON(out, auto_unbox = TRUE, digits = 12))
"""


def make_data(seed: int = SEED, n: int = N_RESPONDENTS
              ) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Synthetic 5-point answers from a 7-factor model, 2% missing, a two-level ``group``."""
    rng = np.random.default_rng(seed)
    k, per = N_FACTORS, ITEMS_PER_FACTOR
    while True:
        upper = np.triu(rng.uniform(0.6, 0.8, size=(k, k)), 1)
        phi = upper + upper.T + np.eye(k)
        if np.linalg.eigvalsh(phi)[0] > 0.05:
            break
    eta = rng.multivariate_normal(np.zeros(k), phi, size=n)
    names = load_instrument("berakhlak-2025").value_codes
    columns, factors = {}, {}
    for j, value in enumerate(names):
        factors[value] = []
        for i in range(per):
            lam = rng.uniform(0.60, 0.85)
            y = lam * eta[:, j] + np.sqrt(1 - lam**2) * rng.standard_normal(n)
            name = f"{value[:3]}{i + 1}"
            columns[name] = np.clip(np.round(3.6 + 1.1 * y), 1, 5)
            factors[value].append(name)
    data = pd.DataFrame(columns)
    data = data.mask(rng.random(data.shape) < MISSING_SHARE)
    data["group"] = rng.choice(["2023", "2024"], size=n)
    return data, factors


def timed(fun, *args, repeat: int = 3, **kwargs):
    """(best-of-`repeat` wall seconds, result); the CPU seconds of that run in ``timed.cpu``."""
    times, cpus, out = [], [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        out = fun(*args, **kwargs)
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    timed.cpu = cpus[int(np.argmin(times))]
    return min(times), out


def run_python(data, factors, repeat: int, only: list[str] | None = None) -> dict[str, dict]:
    items = [it for its in factors.values() for it in its]
    runs = {
        "fiml": lambda: pm.cfa(data, factors, missing="ml").fit,
        "fiml_mlr": lambda: pm.cfa(data, factors, missing="ml", estimator="MLR").fit,
        "fiml_invariance": lambda: pm.measurement_invariance(
            data, factors, "group", missing="ml").iloc[-1],
        "wlsmv": lambda: pm.cfa(data, factors, estimator="WLSMV", ordered=True,
                                missing="listwise").fit,
        "listwise": lambda: pm.cfa(data, factors, missing="listwise").fit,
        "wlsmv_invariance": lambda: pm.measurement_invariance(
            data, factors, "group", estimator="WLSMV", ordered=True,
            missing="listwise").iloc[-1],
        "htmt": lambda: pm.htmt(data[items], factors),
    }
    out = {}
    for name, fun in runs.items():
        if only and name not in only:
            continue
        seconds, fit = timed(fun, repeat=repeat)
        stats = {k: float(fit[k]) for k in ("chi2", "cfi", "rmsea", "srmr")} \
            if name != "htmt" else {"max_htmt": float(fit.where(fit < 1).max().max())}
        out[name] = {"seconds": seconds, "cpu_seconds": timed.cpu, **stats}
        print(f"{name}: {seconds:.2f} s wall, {timed.cpu:.2f} s CPU", flush=True)
    return out


def run_lavaan(data, factors, repeat: int) -> dict[str, dict] | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data.to_csv(tmp / "data.csv", index=False, na_rep="")
        (tmp / "model.txt").write_text(
            "\n".join(f"{f} =~ {' + '.join(its)}" for f, its in factors.items()) + "\n")
        (tmp / "bench.R").write_text(R_SCRIPT)
        proc = subprocess.run(
            ["Rscript", str(tmp / "bench.R"), str(tmp / "data.csv"), str(tmp / "model.txt"),
             str(repeat)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print("lavaan run failed:\n" + proc.stderr[-2000:])
        return None
    out = json.loads(proc.stdout)
    return {k: {m: float(v) for m, v in row.items()} for k, row in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-r", action="store_true", help="do not run lavaan")
    parser.add_argument("--semopy", action="store_true", help="also time semopy's CFA")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (best is kept)")
    parser.add_argument("--n", type=int, default=N_RESPONDENTS,
                        help="respondents (e.g. 50000, 936000: the national survey)")
    parser.add_argument("--only", nargs="*", help="runs to time (fiml, fiml_mlr, "
                        "fiml_invariance, wlsmv, listwise, wlsmv_invariance, htmt)")
    args = parser.parse_args()
    data, factors = make_data(n=args.n)
    items = [it for its in factors.values() for it in its]
    print(f"data: {len(data):,} respondents x {len(items)} items, {len(factors)} factors, "
          f"{data[items].isna().mean().mean():.1%} missing, "
          f"{len(data[items].dropna()):,} complete rows, "
          f"groups {data['group'].value_counts().to_dict()}")
    py = run_python(data, factors, args.repeat, args.only)
    lav = None if args.no_r else run_lavaan(data, factors, args.repeat)
    rows = []
    for name, res in py.items():
        row = {"run": name, "python_s": res["seconds"], "python_cpu_s": res["cpu_seconds"]}
        if lav is not None and name in lav:
            ref = lav[name]
            row.update(lavaan_s=ref["seconds"], ratio_lavaan_over_python=ref["seconds"]
                       / res["seconds"], chi2_diff=res["chi2"] - ref["chisq"],
                       cfi_diff=res["cfi"] - ref["cfi"])
        rows.append(row)
    print("\n" + pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if lav is None and not args.no_r:
        print("\n(Rscript with lavaan not found: Python timings only)")

    if args.semopy:
        import semopy

        desc = "\n".join(f"{f} =~ {' + '.join(its)}" for f, its in factors.items())
        complete = data[items].dropna()

        def semopy_fit():
            model = semopy.Model(desc)
            model.fit(complete)
            return semopy.calc_stats(model)

        seconds, st = timed(semopy_fit, repeat=1)
        print(f"\nsemopy 2.3 listwise ML (fit + calc_stats): {seconds:.3f} s, "
              f"chi2 {float(st['chi2'].iloc[0]):.4f}")


if __name__ == "__main__":
    main()
