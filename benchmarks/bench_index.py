"""Speed and memory of the index at national scale (1,000,000 respondents x 28 items, 540 units).

Prints, in one run: a single vectorised pass over the item matrix (``numpy.nanmean`` along rows)
as the yardstick; scoring + ``index_table`` by unit + ``overall_index`` (the stratified design:
FPC, headcount weights, svyby-equivalent unit intervals) from an in-memory coded table; the same
from a Parquet file; reading + cleaning + scoring + tables from a CSV of text answers of that
size; peak memory of the process. With ``--svy`` also the same unit intervals by the svy
package (``Sample.estimation.mean(by="opd")``), the measured reason the package keeps its own
vectorised estimators. Targets (2-core machine): scoring and tables <= 2 s and within 4x the
single pass (issue 12); Parquet end to end <= 4 s; CSV end to end <= 10 s; peak memory <= 3 GB.

Usage: ``make bench`` or ``.venv/bin/python benchmarks/bench_index.py [--n 1000000] [--svy]``.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import akhlak_analysis as ak
from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.data.sample import simulate_responses, simulate_units

INSTRUMENT = ak.load_instrument("berakhlak-2025")
LABELS = INSTRUMENT.scale.labels["agreement"]


def timed(label: str, fn, results: dict[str, float]):
    start = time.perf_counter()
    out = fn()
    results[label] = time.perf_counter() - start
    return out


def best_of(fns: dict, results: dict[str, float], k: int = 5) -> None:
    """The fastest of ``k`` interleaved runs of each function (the machine is shared: the
    minimum is the least noisy, and interleaving exposes both to the same load)."""
    times: dict[str, list[float]] = {label: [] for label in fns}
    for _ in range(k):
        for label, fn in fns.items():
            timed(label, fn, results)
            times[label].append(results[label])
    results.update({label: min(t) for label, t in times.items()})


def bench_units(data: pd.DataFrame, n_units: int, seed: int) -> tuple[pd.DataFrame, UnitTable]:
    """The generator's units, each headcount raised to at least its respondents / 0.8.

    ``simulate_responses`` spreads any number of respondents over the fixed headcounts of
    ``simulate_units`` (about 130,000 staff in 540 units); a headcount below a unit's
    respondents is an error (the finite-population correction would be negative), so the
    benchmark's units get a response rate of at most 80%.
    """
    frame = simulate_units(n_units, seed=seed)
    frame["aliases"] = [[] for _ in range(len(frame))]
    n = data["opd"].value_counts().reindex(frame["code"]).fillna(0).to_numpy()
    for col in ("headcount_2024", "headcount_2025"):
        frame[col] = np.maximum(frame[col].to_numpy(dtype=float), np.ceil(n / 0.8)).astype(int)
    units = UnitTable(frame.replace({"": None}).astype(
        {"headcount_2024": "Int64", "headcount_2025": "Int64"}))
    return frame, units


def tables(data: pd.DataFrame, units: UnitTable) -> None:
    scores = ak.score_respondents(data, instrument=INSTRUMENT)
    ak.index_table(scores, by="opd", units=units, year=2025, instrument=INSTRUMENT)
    ak.overall_index(scores, units=units, year=2025, instrument=INSTRUMENT)


def write_text_csv(data: pd.DataFrame, units: pd.DataFrame, path: Path, seed: int) -> None:
    """The coded table as a Google-Forms-like export: text answers, unit names, NIP, time."""
    rng = np.random.default_rng(seed)
    n = len(data)
    out = pd.DataFrame({
        "Stempel waktu": pd.Series(rng.integers(1, 16, n)).map(lambda d: f"{d:02d}/10/2025")
        + " 09:" + pd.Series(rng.integers(10, 60, n)).astype(str) + ":00",
        "NIP": pd.Series(rng.integers(10**17, 2 * 10**17, n)).astype(str),
        "Unit Kerja (OPD)": data["opd"].map(units.set_index("code")["name"]),
    })
    for code in INSTRUMENT.item_codes:
        out[code] = data[code].map(LABELS)
    out.to_csv(path, sep=";", index=False, encoding="utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=540)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--svy", action="store_true", help="also time svy's unit intervals")
    parser.add_argument("--skip-files", action="store_true", help="in-memory timings only")
    args = parser.parse_args()
    results: dict[str, float] = {}

    data = timed("generate", lambda: simulate_responses(args.n, args.units, seed=args.seed),
                 results)
    unit_frame, units = bench_units(data, args.units, args.seed)
    # simulate_responses returns each item column as a view into its answer matrix (a stride
    # of 28 x 8 bytes), which slows every column operation several-fold; load_clean gives
    # one contiguous array per column, the layout timed here (the strided one is shown once)
    timed("scoring + tables (in memory, strided columns of the generator)",
          lambda: tables(data, units), results)
    data = data.copy()
    matrix = data[INSTRUMENT.item_codes].to_numpy(dtype=float)
    np.nanmean(matrix, axis=1)   # warm-up: the first pass pays for page faults
    tables(data, units)
    shuffled = data.sample(frac=1.0, random_state=args.seed).reset_index(drop=True).copy()
    best_of({"single nanmean pass": lambda: np.nanmean(matrix, axis=1),
             "scoring + tables (in memory)": lambda: tables(data, units),
             "scoring + tables (in memory, rows shuffled)": lambda: tables(shuffled, units)},
            results)
    if args.svy:
        timed("svy: unit means and SEs by OPD (same design, 540 domains)",
              lambda: svy_units(data, units), results)

    with tempfile.TemporaryDirectory() as tmp:
        if args.skip_files:
            report(args, results)
            return
        parquet = Path(tmp) / "clean.parquet"
        data.to_parquet(parquet, index=False)
        timed("Parquet: read + scoring + tables",
              lambda: tables(pd.read_parquet(parquet), units), results)
        csv = Path(tmp) / "export.csv"
        write_text_csv(data, unit_frame, csv, args.seed)
        size_mb = csv.stat().st_size / 1e6

        def from_csv() -> None:
            raw = ak.read_responses(csv, instrument=INSTRUMENT)
            res = ak.clean_responses(raw, units=units, year=2025, key=b"bench")
            tables(res.data, units)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            timed(f"CSV of text answers ({size_mb:.0f} MB): read + clean + scoring + tables",
                  from_csv, results)

    report(args, results)


def svy_units(data: pd.DataFrame, units: UnitTable) -> None:
    """svy's svyby-equivalent: the stratified design, unit means by OPD (test dependency)."""
    import polars as pl
    import svy

    scores = ak.score_respondents(data, instrument=INSTRUMENT)
    scores = scores[scores["culture_index"].notna()]
    n = scores.groupby("opd")["culture_index"].transform("size")
    # the benchmark's units have fewer staff than its respondents; give svy a consistent
    # population (80% response) so that it accepts the FPC
    big_n = np.maximum(scores["opd"].map(units.headcount(2025)).astype(float), np.ceil(n / 0.8))
    frame = pl.DataFrame({"opd": scores["opd"].to_numpy(dtype=str),
                          "y": scores["culture_index"].to_numpy(), "N": big_n.to_numpy(),
                          "w": (big_n / n).to_numpy()})
    des = svy.Design(stratum="opd", wgt="w", pop_size="N")
    svy.Sample(data=frame, design=des).estimation.mean("y", by="opd")


def report(args, results: dict[str, float]) -> None:
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    base = results["single nanmean pass"]
    print(f"{args.n:,} respondents x {len(INSTRUMENT.items)} items in {args.units} units")
    for label, seconds in results.items():
        print(f"  {label:<72} {seconds:7.2f} s  ({seconds / base:6.1f} x single pass)")
    print(f"  {'peak memory (max RSS of the process)':<72} {peak_gb:7.2f} GB")
    targets = {"scoring + tables (in memory)": 2.0, "Parquet: read + scoring + tables": 4.0}
    for label, limit in targets.items():
        if label in results:
            print(f"  target {label}: <= {limit:g} s -> "
                  f"{'met' if results[label] <= limit else 'MISSED'}")
    csv_label = next((k for k in results if k.startswith("CSV")), None)
    if csv_label:
        print(f"  target CSV end to end: <= 10 s -> "
              f"{'met' if results[csv_label] <= 10 else 'MISSED'}")
    for label in ("scoring + tables (in memory)", "scoring + tables (in memory, rows shuffled)"):
        ratio = results[label] / base
        print(f"  target {label} within 4x one nanmean pass: {ratio:.2f}x"
              f" -> {'met' if ratio <= 4 else 'MISSED'} (best of 5 interleaved runs)")
    print(f"  target peak memory <= 3 GB -> {'met' if peak_gb <= 3 else 'MISSED'}")


if __name__ == "__main__":
    main()
