"""The attacker's side of disclosure control: what the published tables give back.

:func:`differencing_attack` recovers hidden cells from published tables by exact linear
differencing across tables, levels and years; :func:`feasibility_intervals` bounds every
hidden mean by the published figures (interval protection). Both serve the audit of
:func:`akhlak_analysis.stats.disclosure.suppress` and the attack tests; neither publishes
anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from . import _sdc

__all__ = ["count_intervals", "differencing_attack", "feasibility_intervals"]


# --------------------------------------------------------------------------------------
# the attack
# --------------------------------------------------------------------------------------
def differencing_attack(published: Mapping[str, pd.DataFrame], *,
                        truth: Mapping[str, pd.DataFrame],
                        hierarchy: Mapping[str, str | Sequence[str]],
                        headcounts: Mapping | None = None) -> pd.DataFrame:
    """Recover hidden cells from published tables by differencing (all tables, all years).

    Parameters
    ----------
    published : mapping of str to DataFrame
        The tables as published (blank figures in hidden rows).
    truth : mapping of str to DataFrame
        The same tables unsuppressed: the structure the attacker is assumed to know (which
        cells exist and which add up, including the unpublished rest of a parent) and the
        true values the recoveries are compared with.
    hierarchy, headcounts :
        As :func:`suppress`; headcounts are public.

    Returns
    -------
    DataFrame
        One row per recovered hidden figure: ``year``, ``unit``, ``by``, ``group``,
        ``column`` (``n`` or a mean column), ``recovered``, ``true``, ``error``
        (recovered - true).

    Notes
    -----
    The attacker writes every additive relation as an equation (counts; n-weighted means
    ``n_P m_P = sum n_c m_c + n_rest m_rest``; headcount-weighted means ``m_P = sum H_c m_c /
    sum H_c``), first solves the counts, then the means with the recovered counts as
    coefficients (a hidden cell of unknown ``n`` enters with its total ``n m``). A figure is
    recovered when every solution of the system agrees on it (null-space test), which covers
    single differences ("province minus the shown OPDs") and chains of them across tables and
    years. R: the same as ``sdcTable``'s ``attack()`` on a suppression pattern (without the
    0-100 bounds, which give intervals, not values).

    Examples
    --------
    >>> truth = {"opd": pd.DataFrame({"unit": ["A", "B"], "n": [40, 7],
    ...                               "culture_index": [80.0, 70.0]}),
    ...          "province": pd.DataFrame({"unit": ["province"], "n": [47],
    ...                                    "culture_index": [(40 * 80 + 7 * 70) / 47]})}
    >>> from akhlak_analysis.stats.disclosure import blank_suppressed
    >>> pub = {k: blank_suppressed(t, min_n=10) for k, t in truth.items()}
    >>> differencing_attack(pub, truth=truth, hierarchy={"A": "province", "B": "province"})
       year unit by group         column  recovered  true  error
    0     0    B              n        7.0   7.0    0.0
    1     0    B        culture_index       70.0  70.0    0.0
    """
    means = _sdc.mean_columns(truth)
    true_cells = _sdc.build_cells(truth, means)
    relations = _sdc.relations(true_cells, hierarchy, headcounts)
    shown = np.zeros(len(true_cells.keys), bool)  # n published
    seen = np.zeros(len(true_cells.keys), bool)  # means published
    shown_means = pd.DataFrame(np.nan, index=range(len(true_cells.keys)), columns=means)
    for name, t in published.items():
        ids = true_cells.rows[name]
        shown[ids[~t["n"].isna().to_numpy()]] = True
        for c in means:
            if c in t.columns:
                vis = t[c].notna().to_numpy()
                seen[ids[vis]] = True
                shown_means.loc[ids[vis], c] = t[c].to_numpy(dtype=float)[vis]
    shown |= true_cells.n == 0  # an empty cell adds nothing (known by the attacker)
    known_n = np.where(shown, true_cells.n, -1.0)
    counts, _ = _sdc.equations(true_cells, relations, headcounts, known_n)
    unk = [c for c in range(len(true_cells.keys)) if not shown[c]]
    ident, sol = _sdc.identified(counts, unk, {c: [true_cells.n[c]] for c in np.flatnonzero(shown)})
    out = []
    for c, ok, v in zip(unk, ident, sol if sol is not None else [None] * len(unk), strict=True):
        if ok:
            known_n[c] = round(float(v[0]))
        if ok and true_cells.kind[c] == "cell":
            out.append(_hit(true_cells, c, "n", float(v[0]), true_cells.n[c]))
    _, eqs = _sdc.equations(true_cells, relations, headcounts, known_n)
    values = {(c, "m"): shown_means.loc[c].to_numpy(dtype=float) for c in np.flatnonzero(seen)}
    unk_m = sorted({v for eq in eqs for v in eq if v not in values})
    ident, sol = _sdc.identified(eqs, unk_m, values or {(-1, "m"): np.zeros(len(means))})
    for var, ok, v in zip(unk_m, ident, sol if sol is not None else [None] * len(unk_m),
                          strict=True):
        c, kind = var
        if not ok or true_cells.kind[c] != "cell":
            continue
        for j, col in enumerate(means):
            rec = v[j] if kind == "m" else np.nan
            if np.isfinite(rec) and np.isfinite(true_cells.means.at[c, col]):
                out.append(_hit(true_cells, c, col, float(rec), true_cells.means.at[c, col]))
    cols = ["year", "unit", "by", "group", "column", "recovered", "true", "error"]
    return pd.DataFrame(out, columns=cols)


def _hit(cells: _sdc.Cells, c: int, column: str, recovered: float, true: float) -> dict:
    year, unit, by, grp = cells.keys[c]
    return {"year": year, "unit": unit, "by": by, "group": grp, "column": column,
            "recovered": recovered, "true": float(true), "error": recovered - float(true)}


def feasibility_intervals(published: Mapping[str, pd.DataFrame], *,
                          truth: Mapping[str, pd.DataFrame],
                          hierarchy: Mapping[str, str | Sequence[str]],
                          headcounts: Mapping | None = None, column: str = "culture_index",
                          lower: float = 0.0, upper: float = 100.0) -> pd.DataFrame:
    """The range each hidden mean can take given every published figure and the 0-100 bounds.

    Parameters
    ----------
    published, truth, hierarchy, headcounts :
        As :func:`differencing_attack`; the attacker is assumed to know every true ``n``
        (stricter than the attack).
    column : str, default "culture_index"
        The mean examined.
    lower, upper : float
        Bounds of a mean.

    Returns
    -------
    DataFrame
        One row per hidden cell of ``truth``: ``year``, ``unit``, ``by``, ``group``, ``n``,
        ``low``, ``high`` (the feasible range), ``true``, ``width`` (high - low).

    Notes
    -----
    Two linear programmes per hidden cell (minimise and maximise its mean subject to the
    published relations), as tau-ARGUS's and sdcTable's audit of a pattern (``attack()``);
    solved with HiGHS (``scipy.optimize.linprog``). A narrow range is a disclosure even when
    no single value is determined.

    Examples
    --------
    >>> truth = {"opd": pd.DataFrame({"unit": ["A", "B", "C"], "n": [300, 7, 12],
    ...                               "culture_index": [80.0, 70.0, 60.0]})}
    >>> truth["province"] = pd.DataFrame({"unit": ["province"], "n": [319], "culture_index":
    ...                                   [(300 * 80 + 7 * 70 + 12 * 60) / 319]})
    >>> from akhlak_analysis.stats.disclosure import blank_suppressed
    >>> pub = {"opd": blank_suppressed(truth["opd"], min_n=13), "province": truth["province"]}
    >>> iv = feasibility_intervals(pub, truth=truth, hierarchy=dict.fromkeys("ABC", "province"))
    >>> iv[["unit", "n", "low", "high"]].round(2)  # 7 m_B + 12 m_C = 1210, 0 <= m <= 100
      unit   n    low   high
    0    B   7   1.43  100.0
    1    C  12  42.50  100.0
    """
    cells = _sdc.build_cells(truth, [column])
    relations = _sdc.relations(cells, hierarchy, headcounts)
    seen = np.zeros(len(cells.keys), bool)
    value = np.full(len(cells.keys), np.nan)
    for name, t in published.items():
        if column in t.columns:
            ids = cells.rows[name]
            vis = t[column].notna().to_numpy()
            seen[ids[vis]] = True
            value[ids[vis]] = t[column].to_numpy(dtype=float)[vis]
    targets = [c for c in range(len(cells.keys)) if not seen[c] and cells.kind[c] == "cell"]
    ranges = _sdc.ranges(cells, relations, headcounts, seen, value, targets, (lower, upper))
    out = []
    for c, (lo, hi) in zip(targets, ranges, strict=True):
        year, unit, by, grp = cells.keys[c]
        out.append({"year": year, "unit": unit, "by": by, "group": grp,
                    "n": int(cells.n[c]), "low": lo, "high": hi,
                    "true": float(cells.means.at[c, column]), "width": hi - lo})
    return pd.DataFrame(out, columns=["year", "unit", "by", "group", "n", "low", "high",
                                      "true", "width"])



def count_intervals(published: Mapping[str, pd.DataFrame], *,
                    truth: Mapping[str, pd.DataFrame],
                    hierarchy: Mapping[str, str | Sequence[str]],
                    headcounts: Mapping | None = None,
                    min_n: int | None = None) -> pd.DataFrame:
    """The range of respondents an attacker can prove for every hidden cell (integer bounds).

    The attacker knows which cells exist (every published row, so a hidden cell holds at
    least one respondent), the published counts and the additive relations between cells (a
    parent holds its children plus an unpublished rest). Every relation of every table, level, breakdown and
    year enters at once (the gender table against the age table within one OPD, the province
    against its OPDs, ...), and each hidden count is minimised and maximised by linear
    programming (HiGHS, ``scipy.optimize.linprog``); the LP bounds, rounded inward, contain
    every integer solution.

    Parameters
    ----------
    published, truth, hierarchy, headcounts :
        As :func:`differencing_attack`.
    min_n : int, optional
        Marks the hidden cells that are small (``small``); the bounds do not use it, since the
        report does not say which hidden cell is small and which protects another.

    Returns
    -------
    DataFrame
        One row per hidden cell: ``year``, ``unit``, ``by``, ``group``, ``true`` (its
        respondents), ``low`` and ``high`` (what the attacker can prove), ``exact``
        (``low == high``) and ``small`` (``true < min_n``).

    Notes
    -----
    The threat of issue 18: an OPD of 35 whose shown groups hold 24 has 11 hidden; if the
    attacker can tell that one hidden group holds 10 or more, the other holds 1. The
    report therefore never says which hidden cell is small, and the audit asks that no hidden
    count be pinned: ``exact`` must be False for every hidden cell. R: ``lpSolve::lp`` on the
    same system, as sdcTable's ``attack`` does for counts.

    Examples
    --------
    >>> truth = {"opd": pd.DataFrame({"unit": ["A", "B", "C"], "n": [24, 10, 1]}),
    ...          "province": pd.DataFrame({"unit": ["province"], "n": [35]})}
    >>> from akhlak_analysis.stats.disclosure import blank_suppressed
    >>> hide = pd.Series([False, True, True])
    >>> pub = {"opd": blank_suppressed(truth["opd"], min_n=1, secondary=hide),
    ...        "province": truth["province"]}
    >>> h = {"A": "province", "B": "province", "C": "province"}
    >>> count_intervals(pub, truth=truth, hierarchy=h, min_n=10)[["unit", "low", "high"]]
      unit  low  high
    0    B    1    10
    1    C    1    10
    """
    from scipy.optimize import linprog

    cells = _sdc.build_cells(truth, [])
    relations = _sdc.relations(cells, hierarchy, headcounts)
    shown = np.zeros(len(cells.keys), bool)
    for name, t in published.items():
        shown[cells.rows[name][~t["n"].isna().to_numpy()]] = True
    shown |= cells.n == 0
    var = {c: j for j, c in enumerate(c for c in range(len(cells.keys)) if not shown[c])}
    rows, rhs = [], []
    for r in relations:
        members = [r.parent, *r.children] + ([r.rest] if r.rest is not None else [])
        coef = np.zeros(len(var))
        const = 0.0
        for c in members:
            sign = 1.0 if c == r.parent else -1.0
            if c in var:
                coef[var[c]] += sign
            else:
                const += sign * cells.n[c]
        if coef.any():
            rows.append(coef)
            rhs.append(-const)
    lower = [1.0 if cells.kind[c] == "cell" else 0.0 for c in var]
    bounds = [(lo, None) for lo in lower]
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    out = []
    for c, j in var.items():
        if cells.kind[c] != "cell":
            continue
        obj = np.zeros(len(var))
        obj[j] = 1.0
        lo = linprog(obj, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = linprog(-obj, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        low = int(np.ceil(lo.fun - 1e-6)) if lo.status == 0 else 1
        high = int(np.floor(-hi.fun + 1e-6)) if hi.status == 0 else -1  # -1: unbounded
        y, u, b, g = cells.keys[c]
        out.append({"year": y, "unit": u, "by": b, "group": g, "true": int(cells.n[c]),
                    "low": low, "high": high, "exact": low == high,
                    "small": bool(min_n is not None and cells.n[c] < min_n)})
    cols = ["year", "unit", "by", "group", "true", "low", "high", "exact", "small"]
    return pd.DataFrame(out, columns=cols)
