"""Timing of the psychometrics ML engine on an instrument-sized synthetic survey.

Not a test: run ``python benchmarks/bench_psychometrics.py`` (add ``--semopy`` to time semopy's
single-group fit of the same model for comparison). Generates 5,000 respondents x 28 items in
7 correlated factors (loadings .60-.85, factor correlations .60-.80, answers rounded to a
5-point scale, fixed seed) with a two-level group, then times

* ``cfa``: single-group CFA with every fit statistic (target <= 1 s), and
* ``measurement_invariance``: configural -> metric -> scalar across the two groups
  (target <= 5 s; lavaan 0.6 takes about 1.3 s).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from akhlak_analysis.instrument import load_instrument
from akhlak_analysis.stats import psychometrics as pm

N_RESPONDENTS = 5_000
N_FACTORS = 7
ITEMS_PER_FACTOR = 4
SEED = 20240501


def make_data(seed: int = SEED) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Synthetic 5-point answers from a 7-factor model, plus a two-level ``group`` column."""
    rng = np.random.default_rng(seed)
    k, per = N_FACTORS, ITEMS_PER_FACTOR
    while True:
        upper = np.triu(rng.uniform(0.6, 0.8, size=(k, k)), 1)
        phi = upper + upper.T + np.eye(k)
        if np.linalg.eigvalsh(phi)[0] > 0.05:
            break
    eta = rng.multivariate_normal(np.zeros(k), phi, size=N_RESPONDENTS)
    names = load_instrument("berakhlak-2025").value_codes
    columns, factors = {}, {}
    for j, value in enumerate(names):
        factors[value] = []
        for i in range(per):
            lam = rng.uniform(0.60, 0.85)
            y = lam * eta[:, j] + np.sqrt(1 - lam**2) * rng.standard_normal(N_RESPONDENTS)
            name = f"{value[:3]}{i + 1}"
            columns[name] = np.clip(np.round(3.6 + 1.1 * y), 1, 5)
            factors[value].append(name)
    data = pd.DataFrame(columns)
    data["group"] = rng.choice(["2023", "2024"], size=N_RESPONDENTS)
    return data, factors


def timed(fun, *args, repeat: int = 3, **kwargs):
    """(first-call seconds, best-of-`repeat` seconds, result)."""
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fun(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return times[0], min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--semopy", action="store_true", help="also time semopy's CFA")
    args = parser.parse_args()
    data, factors = make_data()
    print(
        f"data: {len(data):,} respondents x {sum(map(len, factors.values()))} items, "
        f"{len(factors)} factors, groups {data['group'].value_counts().to_dict()}"
    )

    first, best, res = timed(pm.cfa, data, factors)
    fit = res.fit
    print(
        f"\ncfa: {first:.3f} s first call, {best:.3f} s best of 3 "
        f"({res._ml.iterations} Fisher-scoring iterations)"
    )
    print(
        fit[
            [
                "chi2",
                "df",
                "cfi",
                "tli",
                "rmsea",
                "rmsea_ci_low",
                "rmsea_ci_high",
                "srmr",
                "loglik",
                "aic",
                "bic",
            ]
        ]
        .round(4)
        .to_string()
    )

    first, best, res = timed(pm.cfa, data, factors, second_order="berakhlak")
    print(
        f"\ncfa, second order: {first:.3f} s first call, {best:.3f} s best (df {res.fit['df']:.0f})"
    )

    first, best, table = timed(pm.measurement_invariance, data, factors, "group")
    print(
        "\nmeasurement_invariance (configural, metric, scalar): "
        f"{first:.3f} s first call, {best:.3f} s best of 3"
    )
    cols = ["model", "chi2", "df", "cfi", "rmsea", "srmr", "delta_cfi", "holds"]
    print(table[cols].round(4).to_string(index=False))

    if args.semopy:
        import semopy

        desc = "\n".join(f"{f} =~ {' + '.join(its)}" for f, its in factors.items())

        def semopy_fit():
            model = semopy.Model(desc)
            model.fit(data[[it for its in factors.values() for it in its]])
            return semopy.calc_stats(model)

        seconds, _, st = timed(semopy_fit, repeat=1)
        print(
            f"\nsemopy 2.3 single-group ML (fit + calc_stats): {seconds:.3f} s, "
            f"chi2 {float(st['chi2'].iloc[0]):.4f}"
        )


if __name__ == "__main__":
    main()
