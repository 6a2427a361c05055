"""Benchmark of unit ranking: 1,000,000 respondents in 540 units, 1,000 draws.

Run: ``.venv/bin/python benchmarks/bench_rank.py [--respondents N] [--units J] [--draws D]``.
Prints the time of ``icc`` + ``rank_units`` and the peak memory (tracemalloc, Python
allocations including numpy, and the process's maximum resident set size). Target: <= 10 s.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np
import pandas as pd

from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.instrument import load_instrument
from akhlak_analysis.stats.rank import icc, rank_units

VALUES = load_instrument("berakhlak-2025").value_codes


def build(respondents: int, units: int, seed: int = 0) -> pd.DataFrame:
    """Seeded synthetic respondents: unit sizes log-normal, true unit means N(76, 5^2)."""
    rng = np.random.default_rng(seed)
    weights = rng.lognormal(0, 1.2, units)
    unit_of = rng.choice(units, size=respondents, p=weights / weights.sum())
    truth = rng.normal(76, 5, units)
    codes = np.array([f"OPD{i:03d}" for i in range(units)], dtype=object)
    frame = {"opd": codes[unit_of]}
    base = truth[unit_of] + rng.normal(0, 12, respondents)
    for j, value in enumerate(VALUES):
        frame[value] = np.clip(base + (j - 3) * 2 + rng.normal(0, 6, respondents), 0, 100)
    frame["culture_index"] = np.clip(base, 0, 100)
    frame["culture_index"][rng.random(respondents) < 0.01] = np.nan  # not scorable
    return pd.DataFrame(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=540)
    parser.add_argument("--draws", type=int, default=1000)
    args = parser.parse_args()

    t0 = time.perf_counter()
    scores = build(args.respondents, args.units)
    print(
        f"built {len(scores):,} respondents in {scores['opd'].nunique()} units "
        f"in {time.perf_counter() - t0:.2f} s"
    )

    codes = sorted(scores["opd"].unique())
    units = UnitTable(pd.DataFrame({
        "code": codes, "name": ["Unit " + c for c in codes], "level": "opd", "parent": None,
        "opd_type": np.resize(["Dinas", "Badan", "Biro", "Rumah Sakit", "Lainnya"], len(codes)),
        "aliases": [[] for _ in codes], "replaced_by": None,
        "headcount_2025": pd.array(scores["opd"].value_counts().reindex(codes).to_numpy() * 2,
                                   dtype="Int64")}))

    t0 = time.perf_counter()
    res = icc(scores, by="opd")
    t1 = time.perf_counter()
    table = rank_units(scores, by="opd", draws=args.draws, seed=0, value_columns=VALUES)
    t2 = time.perf_counter()
    rank_units(
        scores,
        by="opd",
        units=units,
        year=2025,
        within="opd_type",
        draws=args.draws,
        seed=0,
        value_columns=VALUES,
    )
    t3 = time.perf_counter()
    print(
        f"icc:        {t1 - t0:6.2f} s  (tau2 {res.tau2:.3f}, sigma2 {res.sigma2:.3f}, "
        f"icc1 {res.icc1:.4f})"
    )
    print(f"rank_units: {t2 - t1:6.2f} s  ({len(table)} units, {args.draws} draws)")
    print(f"icc + rank_units: {t2 - t0:.2f} s  (target <= 10 s)")
    print(f"rank_units with units table and within='opd_type': {t3 - t2:.2f} s")

    tracemalloc.start()  # separate run: tracing slows numpy/pandas several-fold
    icc(scores, by="opd")
    rank_units(scores, by="opd", draws=args.draws, seed=0, value_columns=VALUES)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak traced memory during icc + rank_units: {peak / 2**20:.0f} MiB "
        f"(the input frame itself: {scores.memory_usage(deep=True).sum() / 2**20:.0f} MiB)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max resident set size of the process:       {rss:.0f} MiB")


if __name__ == "__main__":
    main()
