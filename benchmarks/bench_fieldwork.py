"""Speed of ``akhlak progress``: the sample's fieldwork snapshot and a 50,000-row export.

Times the whole command in a fresh interpreter (``python -m akhlak_analysis.cli progress``:
imports, reading, cleaning, counting, projection, the chart, the page and 44 texts), the best
of ``--repeat`` runs, on

- ``data/sample/responses_2025_fieldwork.csv`` (2,820 rows, target < 10 s), and
- a 50,000-row export in the same format (the snapshot's rows repeated with new NIPs and
  e-mail addresses and spread over the first eight days; headcounts scaled by 20).

Usage: ``nice .venv/bin/python benchmarks/bench_fieldwork.py [--repeat 3] [--rows 50000]``
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
TARGET_S = 10.0


def big_export(folder: Path, rows: int) -> Path:
    """The snapshot's rows repeated to ``rows``, each copy a new person, and its config."""
    with open(SAMPLE / "responses_2025_fieldwork.csv", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        base = list(reader)
    i_nip, i_mail, i_no = header.index("NIP"), header.index("Email"), header.index("No")
    out = folder / "big.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for k in range(rows):
            r = list(base[k % len(base)])
            copy = k // len(base)
            if copy and r[i_nip].isdigit():
                r[i_nip] = f"{int(r[i_nip]) + copy * 7919:018d}"[:18]
            if copy:
                r[i_mail] = f"{copy}.{r[i_mail]}"
            r[i_no] = str(k + 1)
            w.writerow(r)
    units = pd.read_csv(SAMPLE / "units.csv", dtype=str, keep_default_na=False)
    for col in ("headcount_2024", "headcount_2025"):
        units[col] = [str(int(v) * 20) if v else "" for v in units[col]]
    units.to_csv(folder / "units.csv", index=False)
    cfg = (SAMPLE / "analysis.yaml").read_text(encoding="utf-8")
    for name in ("responses_2024.csv", "responses_2025.xlsx", "indicators.csv",
                 "action_plans_2025.csv", "benchmark_pack_provinsi_contoh_lain_2025.json"):
        cfg = cfg.replace(f" {name}", f" {SAMPLE / name}")
    (folder / "analysis.yaml").write_text(cfg, encoding="utf-8")
    return out


def run(config: Path, responses: Path, out: Path, repeat: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "akhlak_analysis.cli", "progress", "--config",
                        str(config), "--responses", str(responses), "--out", str(out)],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rows", type=int, default=50_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        snap = run(SAMPLE / "analysis.yaml", SAMPLE / "responses_2025_fieldwork.csv",
                   folder / "out1", args.repeat)
        print(f"snapshot (2,820 rows): {snap:5.1f} s  (target < {TARGET_S:g} s)")
        big = big_export(folder, args.rows)
        t = run(folder / "analysis.yaml", big, folder / "out2", args.repeat)
        print(f"{args.rows:,} rows:        {t:5.1f} s  (target < {TARGET_S:g} s)")


if __name__ == "__main__":
    main()
