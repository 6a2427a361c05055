"""benchmarks/bench_report.py writes a configuration folder the package reads and cleans."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import akhlak_analysis as ak

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_report",
                                                  ROOT / "benchmarks" / "bench_report.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_report"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_benchmark_writes_a_configuration_the_package_reads(tmp_path):
    bench = _bench()
    size = bench.Size(600, 10, 12, None)
    config = bench.generate(size, tmp_path, seed=3)
    ctx = ak.Analysis.from_config(config, key=b"bench")
    units = ctx.units.table
    assert (units["level"] == "subunit").sum() == 12
    assert set(units["replaced_by"].dropna()) == {"U0002B", "U0003M"}
    kept = {y: ctx.clean(y).data for y in ctx.years}
    for y, d in kept.items():
        n = d["opd"].value_counts()
        hc = ctx.units.headcount(y)
        assert (n.reindex(hc.index).fillna(0) <= hc).all()  # headcounts hold the respondents
        assert d["subunit"].notna().any() and d["gender"].notna().all()
        assert abs(len(d) - size.respondents) < 0.15 * size.respondents
    both = set(kept[2024]["respondent_id"]) & set(kept[2025]["respondent_id"])
    assert len(both) > 0.4 * len(kept[2025])  # people answer in both years
    assert ctx.has("indicators") and ctx.has("action_plans") and ctx.has("previous_year")
    assert (kept[2025].groupby("opd").size() < 10).any()  # OPDs below the minimum exist
