"""The disclosure engine at scale (issue 21): cells built from arrays, the audit solved block by
block, protection intervals asked only "narrower than?", all equal to the direct computations
they replace (the whole system at once, the walk over rows)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import linalg
from scipy.optimize import linprog

from akhlak_analysis.errors import DataError
from akhlak_analysis.stats import _sdc


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
