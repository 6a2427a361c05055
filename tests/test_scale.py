"""The whole report at scale (issue 21): the vectorised and block-wise engines give the same
answers as the direct computations they replace; progress and step times; the benchmark's
generated data are a valid configuration folder."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import linalg
from scipy.optimize import linprog

import akhlak_analysis as ak
from akhlak_analysis.analysis import cached_instrument, stable_file_digest
from akhlak_analysis.cache import file_digest
from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.errors import DataError
from akhlak_analysis.report import drilldown
from akhlak_analysis.report.progress import Counter, Steps, cpu_seconds, watch_files
from akhlak_analysis.stats import _sdc
from akhlak_analysis.stats.common import map_to_successors
from akhlak_analysis.stats.scoring import index_table, score_respondents
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[1]
INS = ak.load_instrument("berakhlak-2024")


# --------------------------------------------------------------------------- references
def _identified_dense(equations, unknown):
    """The audit as it was: one SVD of the whole system (the reference)."""
    pos = {u: j for j, u in enumerate(unknown)}
    rows = [eq for eq in equations if any(v in pos for v in eq)]
    if not rows:
        return np.zeros(len(unknown), bool)
    a = np.zeros((len(rows), len(unknown)))
    for i, eq in enumerate(rows):
        for v, coef in eq.items():
            if v in pos:
                a[i, pos[v]] += coef
    scale = np.abs(a).max(axis=0)
    scale[scale == 0] = 1.0
    ns = linalg.null_space(a / scale, rcond=1e-10)
    return (np.abs(ns).max(axis=1) < 1e-7) if ns.size else np.ones(len(unknown), bool)


def _ranges_dense(cells, relations, seen, value, targets, bounds):
    """Every target's range from the whole system at once (the reference)."""
    seen = seen | (cells.n == 0)
    _, eqs = _sdc.equations(cells, relations, None, cells.n)
    unknown = sorted({v for eq in eqs for v in eq if not seen[v[0]]})
    pos = {u: j for j, u in enumerate(unknown)}
    rows = [eq for eq in eqs if any(v in pos for v in eq)]
    a, b = np.zeros((len(rows), len(unknown))), np.zeros(len(rows))
    for i, eq in enumerate(rows):
        for v, coef in eq.items():
            if v in pos:
                a[i, pos[v]] += coef
            else:
                b[i] -= coef * value[v[0]]
    out = []
    for c in targets:
        if (c, "m") not in pos:
            out.append(bounds)
            continue
        cost = np.zeros(len(unknown))
        cost[pos[(c, "m")]] = 1.0
        res = [linprog(s * cost, A_eq=a, b_eq=b, bounds=bounds, method="highs") for s in (1, -1)]
        out.append((res[0].fun, -res[1].fun))
    return out


def _random_tables(rng: np.random.Generator, n_opd: int, n_groups: int):
    """OPD and OPD x group cells with true means, and the province (consistent sums)."""
    n = rng.integers(1, 40, size=(n_opd, n_groups))
    m = rng.uniform(40, 95, size=(n_opd, n_groups))
    opd = [f"U{i}" for i in range(n_opd)]
    groups = pd.DataFrame([{"unit": u, "by": "gender", "group": f"g{j}", "n": int(n[i, j]),
                            "culture_index": float(m[i, j])}
                           for i, u in enumerate(opd) for j in range(n_groups)])
    tot = n.sum(axis=1)
    units = pd.DataFrame({"unit": opd, "n": tot, "culture_index": (n * m).sum(axis=1) / tot})
    prov = pd.DataFrame({"unit": ["province"], "n": [int(tot.sum())],
                         "culture_index": [float((n * m).sum() / tot.sum())]})
    return {"province": prov, "opd": units, "groups": groups}, {u: "province" for u in opd}


# --------------------------------------------------------------------------- the engine
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n_opd=st.integers(2, 7), n_groups=st.integers(2, 4),
       share=st.floats(0.1, 0.9))
def test_identified_block_by_block_equals_the_whole_system(seed, n_opd, n_groups, share):
    rng = np.random.default_rng(seed)
    tables, hierarchy = _random_tables(rng, n_opd, n_groups)
    cells = _sdc.build_cells(tables, ["culture_index"])
    rel = _sdc.relations(cells, hierarchy, None)
    hidden = rng.random(len(cells.keys)) < share
    counts, means = _sdc.equations(cells, rel, None, cells.n)
    unk = [c for c in range(len(cells.keys)) if hidden[c]]
    memo: dict = {}
    for eqs, u in ((counts, unk), (means, [(c, "m") for c in unk])):
        got, _ = _sdc.identified(eqs, u, memo=memo)
        np.testing.assert_array_equal(got, _identified_dense(eqs, u))
        again, _ = _sdc.identified(eqs, u, memo=memo)  # from the memo: the same
        np.testing.assert_array_equal(again, got)


def test_identified_values_block_by_block_equal_the_pseudo_inverse():
    # x0 + x1 = 3 (block 1), x2 = 5 (block 2), x3 free (no equation)
    eqs = [{"x0": 1.0, "x1": 1.0, "k": -1.0}, {"x2": 2.0, "k": -2.0}]
    ident, sol = _sdc.identified(eqs, ["x0", "x1", "x2", "x3"], {"k": [3.0]})
    assert ident.tolist() == [False, False, True, False]
    np.testing.assert_allclose(sol[:, 0], [1.5, 1.5, 3.0, 0.0])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n_opd=st.integers(2, 6), n_groups=st.integers(2, 4))
def test_ranges_per_block_equal_the_whole_system(seed, n_opd, n_groups):
    rng = np.random.default_rng(seed)
    tables, hierarchy = _random_tables(rng, n_opd, n_groups)
    cells = _sdc.build_cells(tables, ["culture_index"])
    rel = _sdc.relations(cells, hierarchy, None)
    seen = (rng.random(len(cells.keys)) > 0.4) & (cells.kind == "cell")  # rests are unknown
    value = cells.means["culture_index"].to_numpy(float)
    targets = [c for c in range(len(cells.keys)) if not seen[c] and cells.kind[c] == "cell"]
    want = _ranges_dense(cells, rel, seen, value, targets, (0.0, 100.0))
    got = _sdc.ranges(cells, rel, None, seen, value, targets, (0.0, 100.0))
    np.testing.assert_allclose(np.array(got, float), np.array(want, float), atol=1e-6)
    # asked only whether each range is narrower than 4 points: the same answer
    quick = _sdc.ranges(cells, rel, None, seen, value, targets, (0.0, 100.0), wider_than=4.0)
    assert [hi - lo < 4 for lo, hi in quick] == [hi - lo < 4 for lo, hi in want]
    assert all(w_lo - 1e-6 <= lo <= hi <= w_hi + 1e-6  # a spread seen lies within the range
               for (lo, hi), (w_lo, w_hi) in zip(quick, want, strict=True))


def test_ranges_survive_national_coefficients():
    """Units of tens of thousands with two small hidden groups each: every range solved.

    Each unit's equation ``n0 m0 + n1 m1 = n m - n2 m2`` has its known side computed from
    figures of millions; the range of ``m0`` is ``[max(0, (K - 100 n1) / n0),
    min(100, K / n0)]`` with ``K = n0 m0 + n1 m1``.
    """
    rng = np.random.default_rng(5)
    n = rng.integers(5_000, 40_000, size=(40, 3)).astype(float)
    n[:, :2] = rng.integers(1, 9, size=(40, 2))  # two small groups in every unit
    m = rng.uniform(40, 95, size=n.shape) + rng.random(n.shape) / 3
    groups = pd.DataFrame([{"unit": f"U{i}", "by": "grade", "group": f"g{j}", "n": n[i, j],
                            "culture_index": m[i, j]} for i in range(40) for j in range(3)])
    tot = n.sum(axis=1)
    tables = {"opd": pd.DataFrame({"unit": [f"U{i}" for i in range(40)], "n": tot,
                                   "culture_index": (n * m).sum(axis=1) / tot}),
              "province": pd.DataFrame({"unit": ["province"], "n": [tot.sum()],
                                        "culture_index": [(n * m).sum() / tot.sum()]}),
              "groups": groups}
    cells = _sdc.build_cells(tables, ["culture_index"])
    rel = _sdc.relations(cells, {f"U{i}": "province" for i in range(40)}, None)
    key = {k: i for i, k in enumerate(cells.keys)}
    hidden = cells.kind != "cell"  # the province's groups are not published
    for i in range(40):
        hidden[key[(0, f"U{i}", "grade", "g0")]] = hidden[key[(0, f"U{i}", "grade", "g1")]] = True
    targets = [key[(0, f"U{i}", "grade", "g0")] for i in range(40)]
    value = cells.means["culture_index"].to_numpy(float)
    got = np.array(_sdc.ranges(cells, rel, None, ~hidden, value, targets, (0.0, 100.0)))
    k = n[:, 0] * m[:, 0] + n[:, 1] * m[:, 1]
    want = np.column_stack([np.maximum(0, (k - 100 * n[:, 1]) / n[:, 0]),
                            np.minimum(100, k / n[:, 0])])
    np.testing.assert_allclose(got, want, atol=1e-6)
    assert (want[:, 1] - want[:, 0] < 100).sum() > 20  # most are narrower than the bounds


def _build_cells_by_rows(tables, means):
    """build_cells as it was: a walk over the rows (the reference)."""
    keys, index, n, vals = [], {}, [], []
    for name, t in tables.items():
        kf = _sdc.key_frame(t)
        for i, key in enumerate(kf.itertuples(index=False, name=None)):
            nn = float(t["n"].iat[i])
            if key not in index:
                index[key] = len(keys)
                keys.append(key)
                n.append(nn)
                vals.append({})
            elif n[index[key]] != nn:
                raise DataError("conflict", file=name, rows=[i])
            rec = vals[index[key]]
            for c in means:
                if c in t.columns and c not in rec:
                    rec[c] = t[c].iat[i]
    return keys, np.asarray(n, float), pd.DataFrame(vals, columns=list(means)).astype(float)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), dup=st.booleans())
def test_cells_from_arrays_equal_the_row_walk(seed, dup):
    rng = np.random.default_rng(seed)
    tables, _ = _random_tables(rng, int(rng.integers(2, 6)), int(rng.integers(2, 4)))
    if dup:  # a cell in two tables, one with a column the other lacks, and a repeated row
        tables["again"] = tables["opd"].iloc[::-1].assign(pct_favourable=rng.random(
            len(tables["opd"])), culture_index=np.nan)
        tables["groups"] = pd.concat([tables["groups"], tables["groups"].iloc[:1]])
    means = ["culture_index", "pct_favourable"]
    cells = _sdc.build_cells(tables, means)
    keys, n, frame = _build_cells_by_rows(tables, means)
    assert cells.keys[: len(keys)] == keys
    np.testing.assert_array_equal(cells.n[: len(keys)], n)
    pd.testing.assert_frame_equal(cells.means.iloc[: len(keys)], frame, check_dtype=False)
    assert len(cells.means) == len(cells.keys)


def test_a_cell_with_two_counts_names_the_table_and_row():
    a = pd.DataFrame({"unit": ["A", "B"], "n": [10, 12], "culture_index": [70.0, 80.0]})
    b = pd.DataFrame({"unit": ["C", "B"], "n": [5, 13], "culture_index": [75.0, 80.0]})
    with pytest.raises(DataError, match=r"has n = 13 here but 12") as err:
        _sdc.build_cells({"a": a, "b": b}, ["culture_index"])
    assert err.value.file == "b" and err.value.rows == [1] and err.value.column == "n"


# --------------------------------------------------------------------------- tables
@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_group_index_by_integer_keys_equals_string_keys(seed):
    rng = np.random.default_rng(seed)
    k = 300
    d = pd.DataFrame({c: rng.integers(1, 6, k).astype(float) for c in INS.item_codes})
    d["opd"] = rng.choice(["A", "B", "C x", "D\x1fE"], k)
    d["gender"] = pd.array(rng.choice(["Laki-laki", "Perempuan", None], k), dtype="string")
    s = score_respondents(d, instrument=INS)
    got = drilldown.group_index(s, by="gender", within="opd", instrument=INS)
    # the reference: one string key per (opd, group), as index_table sees a sub-unit
    ref = s.dropna(subset=["opd", "gender"])
    key = ref["opd"].astype(str) + "|" + ref["gender"].astype(str)
    t = index_table(ref.assign(subunit=key.to_numpy()), by="subunit", min_n=1, instrument=INS)
    t = t[t["n"].fillna(0) > 0]
    t[["opd", "group"]] = t["unit"].str.rsplit("|", n=1, expand=True)
    t = t.sort_values(["opd", "group"]).reset_index(drop=True)
    assert got["unit"].tolist() == t["opd"].tolist()
    assert got["group"].tolist() == t["group"].tolist()
    np.testing.assert_allclose(got[["n", "culture_index", "ci_low", "ci_high"]].to_numpy(float),
                               t[["n", "culture_index", "ci_low", "ci_high"]].to_numpy(float))


def test_successors_map_codes_once_and_keep_missing_codes():
    u = UnitTable(pd.DataFrame({"code": ["OLD", "NEW", "B"], "name": ["o", "n", "b"],
                                "level": "opd", "parent": None, "opd_type": None,
                                "aliases": [[], [], []], "replaced_by": ["NEW", None, None],
                                "headcount_2024": pd.array([10, None, 5], dtype="Int64"),
                                "headcount_2025": pd.array([None, 12, 5], dtype="Int64")}))
    d = pd.DataFrame({"opd": pd.array(["OLD", None, "B", "NEW", "X"], dtype="string"),
                      "v": range(5)})
    out = map_to_successors(d, units=u, year=2025)
    assert out["opd"].tolist() == ["NEW", pd.NA, "B", "NEW", "X"]
    assert out["opd"].dtype == d["opd"].dtype and d["opd"].iloc[0] == "OLD"  # a copy
    assert map_to_successors(d.iloc[:0], units=u, year=2025).empty


# --------------------------------------------------------------------------- context
def test_instruments_are_parsed_once_per_file_content(tmp_path):
    assert cached_instrument("berakhlak-2025") is cached_instrument("berakhlak-2025")
    src = ROOT / "akhlak_analysis" / "instruments" / "berakhlak-2024.yaml"
    mine = tmp_path / "mine.yaml"
    shutil.copy(src, mine)
    first = cached_instrument(str(mine))
    assert first is cached_instrument(str(mine)) and first.item_codes == INS.item_codes
    time.sleep(0.01)
    mine.write_text(src.read_text(encoding="utf-8").replace("berakhlak-2024", "mine-2"),
                    encoding="utf-8")
    second = cached_instrument(str(mine))
    assert second is not first and second.name != first.name
    with pytest.raises(ak.errors.InstrumentError, match="unknown instrument"):
        cached_instrument("no-such-instrument")


def test_file_digest_is_recomputed_when_the_file_changes(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(b"one")
    assert stable_file_digest(p) == file_digest(p)
    time.sleep(0.01)
    p.write_bytes(b"two!")
    assert stable_file_digest(p) == file_digest(p)


def test_the_context_lets_go_of_its_tables_and_reads_them_again(sample_clean):
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, key=b"test-key")
    for y, res in sample_clean.items():
        ctx.use_clean(y, res)
    before = ctx.scores()
    ctx.release()
    assert not ctx._clean and not ctx._scores
    ctx.use_clean(2025, sample_clean[2025])
    pd.testing.assert_frame_equal(ctx.scores(), before)


# --------------------------------------------------------------------------- progress
def test_steps_time_wall_and_cpu_and_say_so():
    lines = []
    steps = Steps(lines.append)
    with steps.step("busy", "busy work"):
        t0 = cpu_seconds()
        while cpu_seconds() - t0 < 0.05:
            pass
    assert steps.cpu["busy"] >= 0.04 and steps.wall["busy"] >= 0.04
    assert lines[0] == "busy work ..." and "CPU" in lines[1]
    steps.record("elsewhere", 2.0, 1.5)
    assert steps.wall["elsewhere"] == 2.0 and steps.cpu["elsewhere"] == 1.5


def test_counter_lines_are_few_when_not_a_terminal():
    lines = []
    c = Counter("cards", 1000, write=lines.append, every=3600)
    for _ in range(1000):
        c.update()
    c.close()
    assert lines == ["cards 1/1000", "cards 1000/1000"]


def test_watch_files_counts_what_a_step_writes(tmp_path):
    lines = []
    counter = Counter("cards", 5, write=lines.append, every=0)

    def write():
        for i in range(5):
            (tmp_path / f"{i}.pdf").write_bytes(b"%PDF")
            time.sleep(0.05)

    with watch_files(tmp_path, "*.pdf", counter, every=0.02):
        t = threading.Thread(target=write)
        t.start()
        t.join()
    assert lines[-1] == "cards 5/5" and len(lines) >= 2


# --------------------------------------------------------------------------- the benchmark
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
