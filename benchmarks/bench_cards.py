"""Benchmark of the OPD report cards: 540 OPDs (the national survey's institutions).

Run: ``.venv/bin/python benchmarks/bench_cards.py [--report DIR] [--opds N] [--workers W]``.

The 540 OPD rows are built from a report's saved tables (default ``reports/2025``, which
``akhlak report --config data/sample/analysis.yaml`` writes): every per-OPD table (index,
change, ranking, items, groups, sub-units, action plans, improvement areas) is copied round
robin onto ``N`` new codes (``BAPENDA_07``), suppressed rows included, and the ranking is
renumbered; the province tables are kept. It then writes every card (HTML and PDF) into a
temporary folder with :func:`akhlak_analysis.report.cards.write_cards` and prints the wall time,
the CPU time of this process and of its worker processes, CPU per card and the peak resident
memory. Target (issue 21): 540 cards in under 2 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from akhlak_analysis.config import load_config
from akhlak_analysis.data.io import UnitTable, read_units
from akhlak_analysis.report import names
from akhlak_analysis.report.artifacts import read_tables
from akhlak_analysis.report.cards import write_cards

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "analysis.yaml"
#: per-OPD tables and the column holding the OPD code
PER_OPD = {names.OPD_INDEX: "unit", names.UNIT_CHANGE: "unit", names.RANKING: "unit",
           names.OPD_ITEMS: "unit", names.GROUP_INDEX: "unit", names.SUBUNIT_INDEX: "parent",
           names.ACTION_PLANS: "unit", names.IMPROVEMENT: "unit", names.TARGET_GAPS: "unit",
           names.RESPONSE_RATES: "unit"}


def copies(codes: list[str], n: int) -> list[tuple[str, str]]:
    """(new code, original code), round robin over the originals."""
    return [(f"{codes[i % len(codes)]}_{i // len(codes):02d}", codes[i % len(codes)])
            for i in range(n)]


def _replicate(t: pd.DataFrame, key: str, plan: list[tuple[str, str]]) -> pd.DataFrame:
    parts = []
    by = {k: g for k, g in t.groupby(t[key].astype(str), sort=False)}
    for new, old in plan:
        g = by.get(old)
        if g is None:
            continue
        g = g.assign(**{key: new})
        if key == "parent":
            g = g.assign(unit=g["unit"].astype(str) + new[len(old):])
        if "name" in g.columns and key != "parent":
            g = g.assign(name=g["name"].astype(str) + f" {new[len(old) + 1:]}")
        parts.append(g)
    return pd.concat(parts, ignore_index=True)


def _rerank(rank: pd.DataFrame, opd: pd.DataFrame) -> pd.DataFrame:
    x = opd.set_index("unit")["culture_index"].reindex(rank["unit"]).to_numpy(dtype=float)
    shown = ~rank["suppressed"].to_numpy(dtype=bool) & ~np.isnan(x)
    order = np.argsort(-np.where(shown, x, -np.inf), kind="stable")
    r = np.empty(len(x), dtype=float)
    r[order] = np.arange(1, len(x) + 1)
    m = int(shown.sum())
    r[~shown] = np.nan
    out = rank.copy()
    for col, v in (("rank", r), ("rank_low", np.maximum(1, r - 12)),
                   ("rank_high", np.minimum(m, r + 12))):
        out[col] = pd.array([pd.NA if np.isnan(a) else int(a) for a in v], dtype="Int64")
    return out


def build(report: Path, n: int, year: int) -> tuple[dict[str, pd.DataFrame], UnitTable]:
    """The report's tables with ``n`` OPDs, and a unit table giving each copy its type."""
    tables = read_tables(report, year=year)
    codes = sorted(tables[names.OPD_INDEX]["unit"].astype(str))
    plan = copies(codes, n)
    out = dict(tables)
    for name, key in PER_OPD.items():
        if name in tables:
            out[name] = _replicate(tables[name], key, plan)
    if names.RANKING in out:
        out[names.RANKING] = _rerank(out[names.RANKING], out[names.OPD_INDEX])
    units = read_units(load_config(SAMPLE).units)
    types = units.opd_types()
    frame = pd.DataFrame({"code": [c for c, _ in plan], "name": [c for c, _ in plan],
                          "level": "opd", "parent": None,
                          "opd_type": [types.get(o, "Lainnya") for _, o in plan],
                          "aliases": [[] for _ in plan], "replaced_by": None})
    return out, UnitTable(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=ROOT / "reports" / "2025",
                        help="a report folder with tables/ (default reports/2025)")
    parser.add_argument("--opds", type=int, default=540)
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: write_cards' choice)")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    if not (args.report / "tables").is_dir():
        raise SystemExit(f"{args.report}/tables not found; make it with: akhlak report "
                         f"--config {SAMPLE.relative_to(ROOT)} --out {args.report.parent}")
    cfg = load_config(SAMPLE)
    t0 = time.perf_counter()
    tables, units = build(args.report, args.opds, args.year)
    print(f"built {len(tables[names.OPD_INDEX])} OPD rows in {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        wall, cpu = time.perf_counter(), time.process_time()
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = write_cards(tables, out_dir=folder, year=args.year,
                          instrument=cfg.year(args.year).instrument, target=tuple(cfg.target),
                          min_n=cfg.min_group_size, units=units, workers=args.workers,
                          confidence=cfg.confidence, organisation=cfg.organisation)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child = (after.ru_utime + after.ru_stime) - (kids.ru_utime + kids.ru_stime)
        pdfs = sorted(Path(folder, "opd").glob("*.pdf"))
        size = sum(p.stat().st_size for p in pdfs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = after.ru_maxrss / 1024
    print(f"{len(out)} cards ({int(out['withheld'].sum())} withheld), {len(pdfs)} PDFs "
          f"({size / 1e6:.1f} MB): wall {wall:.1f} s, CPU {cpu:.1f} s here + {child:.1f} s "
          f"in workers = {(cpu + child) / len(out) * 1000:.0f} ms per card")
    print(f"peak memory: {peak:.0f} MB here, {peak_child:.0f} MB in the largest worker")


if __name__ == "__main__":
    main()
