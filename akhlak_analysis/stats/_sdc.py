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
    """The cells of every table: one per key (year, unit, by, group), in order of appearance.

    A key's ``n`` must agree in every table holding it; its mean columns come from the first
    table that has the column (its first row of the key). Vectorised over the rows of each
    table (no walk over pandas rows).
    """
    keys: list[tuple] = []
    index: dict[tuple, int] = {}
    n: list[float] = []
    rows = {}
    value_parts: list[tuple[str, np.ndarray, np.ndarray]] = []  # column, cell ids, values
    have: dict[str, set] = {c: set() for c in means}
    for name, t in tables.items():
        need_n(t, name)
        ids = _cell_ids(key_frame(t), index, keys, n)
        nn = t["n"].to_numpy(dtype=float, na_value=np.nan)
        first = np.unique(ids, return_index=True)[1]  # the first row of each cell here
        for j in first:
            if np.isnan(n[ids[j]]):  # a new cell: its n is this row's
                n[ids[j]] = float(nn[j])
        n_arr = np.asarray(n, float)
        bad = np.flatnonzero(n_arr[ids] != nn)
        if len(bad):
            i = int(bad[0])
            raise DataError(f"cell {keys[ids[i]]} has n = {nn[i]:g} here but "
                            f"{n_arr[ids[i]]:g} in another table", file=name, column="n",
                            rows=[i])
        for c in means:
            if c in t.columns:
                new = [j for j in first if ids[j] not in have[c]]
                have[c].update(int(ids[j]) for j in new)
                vals = t[c].iloc[new].to_numpy(dtype=float, na_value=np.nan)
                value_parts.append((c, ids[new], vals))
        rows[name] = ids
    frame = pd.DataFrame(np.nan, index=range(len(keys)), columns=list(means), dtype=float)
    for c, ids, vals in value_parts:
        frame.loc[ids, c] = vals
    kind = np.array(["weighted" if k[3].endswith(_HW) else "cell" for k in keys], object)
    cells = Cells(keys, np.asarray(n, float), frame, kind, rows, index)
    for k, cid in list(index.items()):
        if kind[cid] == "weighted":
            base = (k[0], k[1], k[2], k[3][: -len(_HW)])
            if base not in index:
                _add_cell(cells, base, cells.n[cid], "phantom")
    pad_means(cells)
    return cells


def _cell_ids(kf: pd.DataFrame, index: dict[tuple, int], keys: list[tuple],
              n: list[float]) -> np.ndarray:
    """The cell id of each row of a key frame; new keys appended (n set by the caller)."""
    codes, uniq = pd.factorize(pd.MultiIndex.from_frame(kf))
    ids_of = np.empty(len(uniq), dtype=int)
    for j, key in enumerate(uniq):
        key = (int(key[0]), str(key[1]), str(key[2]), str(key[3]))
        if key not in index:
            index[key] = len(keys)
            keys.append(key)
            n.append(np.nan)
        ids_of[j] = index[key]
    ids = ids_of[codes]
    return ids


def base(cells: Cells, cid: int) -> int:
    """The cell a headcount-weighted figure belongs to (itself for ordinary cells)."""
    if cells.kind[cid] != "weighted":
        return cid
    k = cells.keys[cid]
    return cells.index[(k[0], k[1], k[2], k[3][: -len(_HW)])]


def _add_cell(cells: Cells, key: tuple, n: float, kind: str) -> int:
    """A cell no table holds (a rest or a phantom parent); ``pad_means`` gives it a row."""
    cells.index[key] = len(cells.keys)
    cells.keys.append(key)
    cells.n = np.append(cells.n, n)
    cells.kind = np.append(cells.kind, kind)
    return cells.index[key]


def pad_means(cells: Cells) -> None:
    """Blank mean rows for the cells added since the means were built (one reindex)."""
    if len(cells.means) < len(cells.keys):
        cells.means = cells.means.reindex(range(len(cells.keys)))


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
    pad_means(cells)
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


def identified(equations: Sequence[Mapping], unknown: Sequence, values: Mapping | None = None,
               *, memo: dict | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Which unknowns every solution agrees on; and their values (if ``values`` given).

    ``values[var]`` holds the known variables' values (a row of numbers per variable).
    The system is solved block by block: unknowns that share no equation, directly or
    through other unknowns, are independent, so the null space (and the pseudo-inverse) of
    the whole system is the direct sum of the blocks' (a national survey's few thousand
    hidden cells fall into hundreds of small blocks and one of a few hundred). ``memo``
    (a dict kept by the caller across calls on the same equations) keeps each block's
    answer under its set of unknowns, so a block that did not change is not solved again.
    """
    pos = {u: j for j, u in enumerate(unknown)}
    rows = [eq for eq in equations if any(v in pos for v in eq)]
    if not unknown:
        return np.zeros(0, bool), None
    if not rows:
        return np.zeros(len(unknown), bool), None
    width = len(next(iter(values.values()))) if values else 1
    ident = np.zeros(len(unknown), bool)
    sol = np.zeros((len(unknown), width)) if values is not None else None
    for block_rows, cols in blocks(rows, pos):
        key = tuple(unknown[j] for j in cols)
        if values is None and memo is not None and key in memo:
            ident[cols] = memo[key]
            continue
        a = np.zeros((len(block_rows), len(cols)))
        local = {j: k for k, j in enumerate(cols)}
        for i, r in enumerate(block_rows):
            for v, coef in rows[r].items():
                if v in pos:
                    a[i, local[pos[v]]] += coef
        scale = np.abs(a).max(axis=0)
        scale[scale == 0] = 1.0
        a_s = a / scale
        ns = _null_space(a_s)
        ident[cols] = (np.abs(ns).max(axis=1) < _TOL) if ns.size else True
        if memo is not None:
            memo[key] = ident[cols].copy()
        if values is not None:
            b = np.zeros((len(block_rows), width))
            for i, r in enumerate(block_rows):
                for v, coef in rows[r].items():
                    if v not in pos:
                        b[i] -= coef * np.asarray(values[v], float)
            sol[cols] = (linalg.pinv(a_s) @ b) / scale[:, None]
    return ident, sol


def blocks(rows: Sequence[Mapping], pos: Mapping) -> list[tuple[list[int], np.ndarray]]:
    """Independent blocks of a system: (its equations, its unknowns' positions), in order.

    Two unknowns are in one block when an equation holds both, directly or through a chain
    of equations (connected components of the bipartite graph of equations and unknowns;
    ``scipy.sparse.csgraph.connected_components``). Every equation of ``rows`` holds at
    least one unknown; unknowns in no equation belong to no block.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    r_idx, c_idx = [], []
    for i, eq in enumerate(rows):
        for v in eq:
            if v in pos:
                r_idx.append(i)
                c_idx.append(len(rows) + pos[v])
    size = len(rows) + len(pos)
    graph = coo_matrix((np.ones(len(r_idx)), (r_idx, c_idx)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    row_label, col_label = label[: len(rows)], label[len(rows):]
    out = []
    for lab in pd.unique(row_label):
        out.append((np.flatnonzero(row_label == lab).tolist(),
                    np.flatnonzero(col_label == lab)))
    return out


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
           targets: Sequence[int], bounds: tuple[float, float], *,
           memo: dict | None = None, wider_than: float | None = None
           ) -> list[tuple[float, float]]:
    """Min and max of each target's mean over the solutions within ``bounds`` (HiGHS LPs).

    Each target's two linear programmes are solved on its block of the system only
    (:func:`blocks`: the feasible set is the product of the blocks', so the range of one
    block's unknown does not depend on the others), with a sparse constraint matrix. ``memo``
    keeps each (block, target) range across calls with the same ``value``.

    With ``wider_than``, only the question "is the range narrower than this?" is answered
    exactly: a few solutions of each block (minimising and maximising the sum of its targets,
    and two seeded random directions) already show most targets spreading over more than
    ``wider_than``; those get the spread seen as their range (a lower bound of the true
    width) without their own programmes.
    """
    seen = seen | (cells.n == 0)
    _, eqs = equations(cells, relations, headcounts, cells.n)
    unknown = sorted({v for eq in eqs for v in eq if not seen[v[0]]})
    pos = {u: j for j, u in enumerate(unknown)}
    rows = [eq for eq in eqs if any(v in pos for v in eq)]
    where = {}
    for k, (block_rows, cols) in enumerate(blocks(rows, pos) if rows else []):
        for j in cols:
            where[j] = (k, block_rows, cols)
    systems: dict[int, tuple] = {}
    spread: dict[int, tuple[float, float]] = {}
    out = []
    for c in targets:
        j = pos.get((c, "m"))
        if j is None or j not in where:
            out.append(tuple(bounds))
            continue
        k, block_rows, cols = where[j]
        key = (tuple(unknown[i] for i in cols), c, bounds)
        if memo is not None and key in memo:
            out.append(memo[key])
            continue
        if k not in systems:
            systems[k] = _block_system(rows, block_rows, cols, pos, value)
            if wider_than is not None:
                block_targets = [pos[(t, "m")] for t in targets if (t, "m") in pos
                                 and pos[(t, "m")] in where and where[pos[(t, "m")]][0] == k]
                spread.update(_spread(systems[k], cols, block_targets, bounds, wider_than))
        lo_hi = spread.get(j)
        if lo_hi is not None and lo_hi[1] - lo_hi[0] > wider_than + 1e-6:
            out.append(lo_hi)  # shown wide by solutions found: no programme of its own
            continue
        lo_hi = _solve_range(systems[k], int(np.searchsorted(cols, j)), bounds)
        if memo is not None:
            memo[key] = lo_hi
        out.append(lo_hi)
    return out


def _solve_range(system: tuple, col: int, bounds: tuple[float, float]) -> tuple[float, float]:
    """Min and max of one unknown of a block (the bounds when the programmes fail)."""
    from scipy.optimize import linprog

    a, b = system
    cost = np.zeros(a.shape[1])
    cost[col] = 1.0
    res = [linprog(sign * cost, A_eq=a, b_eq=b, bounds=bounds, method="highs")
           for sign in (1.0, -1.0)]
    if res[0].status == 0 and res[1].status == 0:
        return float(res[0].fun), float(-res[1].fun)
    return tuple(bounds)


def _spread(system: tuple, cols: np.ndarray, targets: list[int], bounds: tuple[float, float],
            wider_than: float) -> dict[int, tuple[float, float]]:
    """Smallest and largest value of each target over some solutions of the block.

    Solutions minimising and maximising the sum of the targets, then rounds of seeded random
    sign patterns over the targets not yet spread wider than ``wider_than``, while a round
    still spreads at least a tenth of them (at most eight rounds).
    """
    from scipy.optimize import linprog

    a, b = system
    local = np.searchsorted(cols, targets)
    rng = np.random.default_rng(20251)
    lo = np.full(len(local), np.inf)
    hi = np.full(len(local), -np.inf)
    todo = np.ones(len(local), bool)
    for round_ in range(9):
        if round_ == 0:
            directions = [np.ones(todo.sum()), -np.ones(todo.sum())]
        else:
            directions = list(rng.choice([-1.0, 1.0], size=(2, todo.sum())))
        before = todo.sum()
        for d in directions:
            cost = np.zeros(a.shape[1])
            cost[local[todo]] = d
            res = linprog(cost, A_eq=a, b_eq=b, bounds=bounds, method="highs")
            if res.status == 0:
                lo = np.minimum(lo, res.x[local])
                hi = np.maximum(hi, res.x[local])
        todo &= ~(hi - lo > wider_than + 1e-6)
        if not todo.any() or before - todo.sum() < max(1, before // 10):
            break
    return {t: (float(x), float(y)) for t, x, y in zip(targets, lo, hi, strict=True)
            if np.isfinite(x)}


def _block_system(rows: Sequence[Mapping], block_rows: list[int], cols: np.ndarray,
                  pos: Mapping, value: np.ndarray) -> tuple:
    """``A x = b`` of one block (A sparse): its equations over its unknowns, the known cells
    moved to b, each equation divided by its largest coefficient.

    A national survey's equations hold coefficients of up to a million respondents; scaled
    to at most 1, the true figures satisfy them within the solver's feasibility tolerance
    (unscaled, HiGHS may call the true system infeasible and the range would be lost).
    """
    from scipy.sparse import csr_matrix

    local = {int(j): k for k, j in enumerate(cols)}
    a = np.zeros((len(block_rows), len(cols)))
    b = np.zeros(len(block_rows))
    for i, r in enumerate(block_rows):
        for v, coef in rows[r].items():
            if v in pos:
                a[i, local[pos[v]]] += coef
            else:
                b[i] -= coef * value[v[0]]
    scale = np.abs(a).max(axis=1)
    scale[scale == 0] = 1.0
    return csr_matrix(a / scale[:, None]), b / scale
