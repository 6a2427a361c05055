"""Speed of reading: the national-size CSV of text answers and the sample's workbook.

Prints, in one run: pandas alone reading the CSV (the yardstick); ``read_responses``;
``clean_responses``; scoring + ``index_table`` by unit + ``overall_index``; the whole chain
(read + clean + score + tables, target <= 5 s on the 2-core machine); and the sample's
``data/sample/responses_2025.xlsx`` read with openpyxl (the old reader) and with python-calamine
(``read_responses`` now). ``--profile`` adds the 25 costliest functions of read + clean.

Usage: ``nice .venv/bin/python benchmarks/bench_read.py [--n 1000000] [--repeat 3] [--profile]``
(``--repeat``: the fastest of several runs of the chain, for a machine shared with others).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from bench_index import bench_units, write_text_csv  # the same file and units as bench_index

import akhlak_analysis as ak
from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.data.sample import simulate_responses

INSTRUMENT = ak.load_instrument("berakhlak-2025")
ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 5.0


def timed(label: str, fn, results: dict[str, float]):
    start = time.perf_counter()
    out = fn()
    results[label] = time.perf_counter() - start
    return out


def tables(data: pd.DataFrame, units: UnitTable) -> None:
    scores = ak.score_respondents(data, instrument=INSTRUMENT)
    ak.index_table(scores, by="opd", units=units, year=2025, instrument=INSTRUMENT)
    ak.overall_index(scores, units=units, year=2025, instrument=INSTRUMENT)


def bench_workbook(results: dict[str, float]) -> None:
    path = ROOT / "data" / "sample" / "responses_2025.xlsx"
    for engine in ("openpyxl", "calamine"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            timed(f"sample 2025 workbook, pandas.read_excel engine={engine}",
                  lambda e=engine: pd.read_excel(path, sheet_name=None, dtype=object,
                                                 header=None, engine=e), results)
    timed("sample 2025 workbook, read_responses (calamine)",
          lambda: ak.read_responses(path, instrument=INSTRUMENT), results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=540)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the whole chain this many times and report the fastest")
    args = parser.parse_args()
    results: dict[str, float] = {}

    data = simulate_responses(args.n, args.units, seed=args.seed)
    unit_frame, units = bench_units(data, args.units, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "export.csv"
        write_text_csv(data, unit_frame, csv, args.seed)
        del data
        size_mb = csv.stat().st_size / 1e6
        timed("pandas alone: read_csv(engine='pyarrow', dtype=str)",
              lambda: pd.read_csv(csv, sep=";", dtype=str, engine="pyarrow"), results)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = timed("read_responses", lambda: ak.read_responses(csv, instrument=INSTRUMENT),
                        results)
            res = timed("clean_responses", lambda: ak.clean_responses(
                raw, units=units, year=2025, key=b"bench"), results)
            timed("scoring + tables", lambda r=res: tables(r.data, units), results)
            del raw, res

            def chain() -> None:
                raw = ak.read_responses(csv, instrument=INSTRUMENT)
                res = ak.clean_responses(raw, units=units, year=2025, key=b"bench")
                tables(res.data, units)

            chain_label = f"CSV ({size_mb:.0f} MB): read + clean + score + tables"
            runs: dict[str, float] = {}
            cpu = np.inf
            for _ in range(max(1, args.repeat)):
                start_cpu = time.process_time()
                timed(chain_label, chain, runs)
                cpu = min(cpu, time.process_time() - start_cpu)
                results[chain_label] = min(results.get(chain_label, np.inf), runs[chain_label])
            results["  the same, CPU time of this process (all threads)"] = cpu
            if args.profile:
                prof = cProfile.Profile()
                prof.enable()
                raw = ak.read_responses(csv, instrument=INSTRUMENT)
                ak.clean_responses(raw, units=units, year=2025, key=b"bench")
                prof.disable()
    bench_workbook(results)

    print(f"{args.n:,} respondents x {len(INSTRUMENT.items)} items in {args.units} units")
    for label, seconds in results.items():
        print(f"  {label:<66} {seconds:7.2f} s")
    got = results[chain_label]
    print(f"  target CSV end to end <= {TARGET_S:g} s -> {'met' if got <= TARGET_S else 'MISSED'}")
    if args.profile:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
