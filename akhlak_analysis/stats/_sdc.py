"""The engine behind :mod:`akhlak_analysis.stats.disclosure`: cells, relations, equations.

Private: the policy and the public functions live in ``disclosure.py``. A *cell* is one
(year, unit, by, group) of the published tables; a *relation* says that a parent cell is the
sum of its children (plus an unpublished rest); the equations are those relations written for
counts, respondent-weighted and headcount-weighted means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import linalg

from ..errors import DataError

KEY_COLUMNS = ("year", "unit", "name", "parent", "by", "group", "headcount", "opd_type", "level")
#: columns holding means that the audit and the attack follow (when present)
_NOT_MEANS = {"n", "ci_low", "ci_high", "eb_ci_low", "eb_ci_high", "response_rate", "category", "suppressed", "suppression",
              "rank", "rank_low", "rank_high", "p_top", "p_bottom", "reliability", "eb_index"}
_TOL = 1e-7
_HW = "#headcount-weighted"



def need_n(table: pd.DataFrame, name: str) -> None:
    for col in ("unit", "n"):
        if col not in table.columns:
            raise DataError(f"the table has no {col!r} column", file=name, column=col)
    bad = np.flatnonzero(table["n"].isna().to_numpy())
    if len(bad):
        raise DataError("n is missing; pass unsuppressed tables (e.g. index_table(..., "
                        "min_n=1)), suppression happens here", file=name, column="n",
                        rows=bad.tolist())


# --------------------------------------------------------------------------------------
# cells and relations
# --------------------------------------------------------------------------------------
@dataclass
class Cells:
    keys: list[tuple]                       # (year, unit, by, group)
    n: np.ndarray                           # true respondents (-1 unknown)
    means: pd.DataFrame                     # true (or published) means per cell
    kind: np.ndarray                        # "cell", "rest" (remainder), "phantom"
    rows: dict[str, np.ndarray]             # table name -> cell id per row
    index: dict[tuple, int] = field(default_factory=dict)


@dataclass
class Relation:
    parent: int
    children: list[int]
    rest: int | None                       # remainder cell id
    weighted: int | None                   # the parent's headcount-weighted figure, if shown


def key_frame(table: pd.DataFrame) -> pd.DataFrame:
    year = table["year"] if "year" in table.columns else pd.Series(0, index=table.index)
    by = table["by"] if "by" in table.columns else pd.Series("", index=table.index)
    grp = table["group"] if "group" in table.columns else pd.Series("", index=table.index)
    frame = pd.DataFrame({"year": year.fillna(0).astype(int).to_numpy(),
                          "unit": table["unit"].astype(str).to_numpy(),
                          "by": by.fillna("").astype(str).to_numpy(),
                          "group": grp.fillna("").astype(str).to_numpy()})
    if "measure" in table.columns:
        m = table["measure"].fillna("").astype(str).to_numpy()
        frame["group"] = [g + (f"#{x}" if x else "") for g, x in zip(frame["group"], m,
                                                                        strict=True)]
    if "weighting" in table.columns:
        bad = ~table["weighting"].isin(["respondents", "headcount"]).to_numpy()
        if bad.any():
            raise DataError("weighting must be 'respondents' or 'headcount'",
                            column="weighting", rows=np.flatnonzero(bad).tolist())
        hw = (table["weighting"] == "headcount").to_numpy()
        frame.loc[hw, "group"] = frame.loc[hw, "group"] + _HW
    return frame


def mean_columns(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    cols: list[str] = []
    for t in tables.values():
        for c in t.columns:
            if (c not in KEY_COLUMNS and c not in _NOT_MEANS and c not in cols
                    and pd.api.types.is_float_dtype(t[c])):
                cols.append(c)
    return cols


def build_cells(tables: Mapping[str, pd.DataFrame], means: Sequence[str]) -> Cells:
    keys: list[tuple] = []
    index: dict[tuple, int] = {}
    n: list[float] = []
    vals: list[dict] = []
    rows = {}
    for name, t in tables.items():
        need_n(t, name)
        kf = key_frame(t)
        ids = np.empty(len(t), dtype=int)
        for i, key in enumerate(kf.itertuples(index=False, name=None)):
            nn = float(t["n"].iat[i])
            if key not in index:
                index[key] = len(keys)
                keys.append(key)
                n.append(nn)
                vals.append({})
            elif n[index[key]] != nn:
                raise DataError(f"cell {key} has n = {nn:g} here but {n[index[key]]:g} in "
                                "another table", file=name, column="n", rows=[i])
            rec = vals[index[key]]
            for c in means:
                if c in t.columns and c not in rec:
                    rec[c] = t[c].iat[i]
            ids[i] = index[key]
        rows[name] = ids
    frame = pd.DataFrame(vals, columns=list(means)).astype(float)
    kind = np.array(["weighted" if k[3].endswith(_HW) else "cell" for k in keys], object)
    cells = Cells(keys, np.asarray(n, float), frame, kind, rows, index)
    for k, cid in list(index.items()):
        if kind[cid] == "weighted":
            base = (k[0], k[1], k[2], k[3][: -len(_HW)])
            if base not in index:
                _add_cell(cells, base, cells.n[cid], "phantom")
    return cells


def base(cells: Cells, cid: int) -> int:
    """The cell a headcount-weighted figure belongs to (itself for ordinary cells)."""
    if cells.kind[cid] != "weighted":
        return cid
    k = cells.keys[cid]
    return cells.index[(k[0], k[1], k[2], k[3][: -len(_HW)])]


def _add_cell(cells: Cells, key: tuple, n: float, kind: str) -> int:
    cells.index[key] = len(cells.keys)
    cells.keys.append(key)
    cells.n = np.append(cells.n, n)
    cells.kind = np.append(cells.kind, kind)
    cells.means.loc[len(cells.means)] = np.nan
    return cells.index[key]


def _parents(hierarchy: Mapping, unit: str, year: int) -> list[str]:
    """Parents of a unit; ``hierarchy`` may be one mapping or one per year (int keys)."""
    if hierarchy and all(isinstance(k, int | np.integer) for k in hierarchy):
        hierarchy = hierarchy.get(year, {})
    p = hierarchy.get(unit)
    if p is None:
        return []
    return [p] if isinstance(p, str) else [str(x) for x in p]


def _headcount(headcounts: Mapping | None, key: tuple) -> float | None:
    if headcounts is None:
        return None
    h = headcounts.get((key[0], key[1]), headcounts.get(key[1]))
    return None if h is None or pd.isna(h) else float(h)


def _measure(group: str) -> str:
    """The ``#measure`` suffix of a cell's group ('' for the main measure)."""
    return group[group.index("#"):] if "#" in group else ""


def relations(cells: Cells, hierarchy: Mapping[str, str | Sequence[str]],
               headcounts: Mapping | None) -> list[Relation]:
    groups: dict[tuple, list[int]] = {}
    for cid, (year, unit, by, grp) in enumerate(list(cells.keys)):
        if cells.kind[cid] != "cell":
            continue
        for p in _parents(hierarchy, unit, year):
            groups.setdefault(("unit", year, p, by, grp), []).append(cid)
        if by:
            groups.setdefault(("group", year, unit, by, _measure(grp)), []).append(cid)
    out = []
    for (kind, year, unit, by, grp), children in sorted(groups.items(), key=lambda kv: kv[0]):
        pkey = (year, unit, "", grp) if kind == "group" else (year, unit, by, grp)
        kids_n = cells.n[children]
        if pkey in cells.index:
            parent = cells.index[pkey]
            rest_n = cells.n[parent] - kids_n.sum()
        else:
            parent = _add_cell(cells, pkey, kids_n.sum(), "phantom")
            rest_n = 0.0
        rest = None
        if rest_n < -0.5:
            raise DataError(f"the children of {label(pkey)} hold more respondents than it "
                            f"({kids_n.sum():g} > {cells.n[parent]:g})", column="n")
        if rest_n > 0.5:
            rest = _add_cell(cells, (year, unit, by or kind, f"{grp}*rest"), rest_n, "rest")
        twin = cells.index.get((year, unit, by, grp + _HW)) if kind == "unit" else None
        if twin is not None:
            lacking = [cells.keys[c][1] for c in children
                       if _headcount(headcounts, cells.keys[c]) is None]
            if lacking:
                raise DataError(f"{label(pkey)} is published headcount-weighted, but "
                                f"headcounts has no entry for {lacking[:5]} (keys (year, unit) "
                                "or unit)", column="weighting")
            if rest is not None:
                raise DataError(f"{label(pkey)} is published headcount-weighted, but "
                                f"{cells.n[rest]:g} of its respondents are in no child",
                                column="weighting")
        weighted = twin
        out.append(Relation(parent, list(children), rest, weighted))
    return out


# --------------------------------------------------------------------------------------
# the linear system: which hidden cells are determined by the published ones
# --------------------------------------------------------------------------------------
def equations(cells: Cells, relations: Sequence[Relation], headcounts, known_n: np.ndarray
               ) -> tuple[list[dict[int, float]], list[dict[tuple, float]]]:
    """Count equations {cell: coef} and mean equations {(cell, 'm' | 's'): coef}.

    Mean variables: ``(c, 'm')`` is the mean of cell c, ``(c, 's')`` its total n*mean (used
    when n is not known; the two are one variable when it is).
    """
    counts, means = [], []
    for r in relations:
        members = [(r.parent, -1.0)] + [(c, 1.0) for c in r.children]
        if r.rest is not None:
            members.append((r.rest, 1.0))
        counts.append(dict(members))
        eq = {}
        for c, sign in members:
            if known_n[c] == 0:
                continue
            if known_n[c] > 0:
                eq[(c, "m")] = eq.get((c, "m"), 0.0) + sign * known_n[c]
            else:
                eq[(c, "s")] = sign
        means.append(eq)
        if r.weighted is not None:
            hc = [_headcount(headcounts, cells.keys[c]) if cells.n[c] != 0 else 0.0
                  for c in r.children]
            total = float(sum(hc))
            if total > 0:
                eq = {(r.weighted, "m"): -1.0}
                for c, h in zip(r.children, hc, strict=True):
                    if h:
                        eq[(c, "m")] = eq.get((c, "m"), 0.0) + h / total
                means.append(eq)
    return counts, means


def identified(equations: Sequence[Mapping], unknown: Sequence, values: Mapping | None = None
                ) -> tuple[np.ndarray, np.ndarray | None]:
    """Which unknowns every solution agrees on; and their values (if ``values`` given).

    ``values[var]`` holds the known variables' values (a row of numbers per variable).
    """
    pos = {u: j for j, u in enumerate(unknown)}
    rows = [eq for eq in equations if any(v in pos for v in eq)]
    if not unknown:
        return np.zeros(0, bool), None
    if not rows:
        return np.zeros(len(unknown), bool), None
    a = np.zeros((len(rows), len(unknown)))
    for i, eq in enumerate(rows):
        for v, coef in eq.items():
            if v in pos:
                a[i, pos[v]] += coef
    scale = np.abs(a).max(axis=0)
    scale[scale == 0] = 1.0
    a_s = a / scale
    ns = _null_space(a_s)
    ident = (np.abs(ns).max(axis=1) < _TOL) if ns.size else np.ones(len(unknown), bool)
    if values is None:
        return ident, None
    width = len(next(iter(values.values()))) if values else 1
    b = np.zeros((len(rows), width))
    for i, eq in enumerate(rows):
        for v, coef in eq.items():
            if v not in pos:
                b[i] -= coef * np.asarray(values[v], float)
    sol = (linalg.pinv(a_s) @ b) / scale[:, None]
    return ident, sol


def _null_space(a: np.ndarray, rcond: float = 1e-10) -> np.ndarray:
    """Orthonormal basis of the null space (as scipy's ``null_space``, thin SVD: faster)."""
    rows, cols = a.shape
    if rows < cols:
        a = np.vstack([a, np.zeros((cols - rows, cols))])
    _, s, vh = linalg.svd(a, full_matrices=False, check_finite=False)
    rank = int((s > rcond * s.max()).sum()) if s.size and s.max() > 0 else 0
    return vh[rank:].T.conj()


def label(key: tuple) -> str:
    year, unit, by, grp = key
    where = f"{unit}" + (f" {by}={grp}" if by else "")
    return f"{where} ({year})" if year else where


def ranges(cells: Cells, relations, headcounts, seen: np.ndarray, value: np.ndarray,
            targets: Sequence[int], bounds: tuple[float, float]) -> list[tuple[float, float]]:
    """Min and max of each target's mean over the solutions within ``bounds`` (HiGHS LPs)."""
    from scipy.optimize import linprog

    seen = seen | (cells.n == 0)
    _, eqs = equations(cells, relations, headcounts, cells.n)
    unknown = sorted({v for eq in eqs for v in eq if not seen[v[0]]})
    pos = {u: j for j, u in enumerate(unknown)}
    rows = [eq for eq in eqs if any(v in pos for v in eq)]
    a = np.zeros((len(rows), len(unknown)))
    b = np.zeros(len(rows))
    for i, eq in enumerate(rows):
        for v, coef in eq.items():
            if v in pos:
                a[i, pos[v]] += coef
            else:
                b[i] -= coef * value[v[0]]
    out = []
    for c in targets:
        lo, hi = bounds
        if (c, "m") in pos and rows:
            cost = np.zeros(len(unknown))
            cost[pos[(c, "m")]] = 1.0
            res = [linprog(sign * cost, A_eq=a, b_eq=b, bounds=bounds, method="highs")
                   for sign in (1.0, -1.0)]
            if res[0].status == 0 and res[1].status == 0:
                lo, hi = float(res[0].fun), float(-res[1].fun)
        out.append((lo, hi))
    return out
