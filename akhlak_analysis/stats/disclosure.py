"""Disclosure control that survives differencing: the one home of the suppression policy.

Every published figure of a group (its ``n``, ``culture_index``, value scores, interval,
favourable share, category) comes from a *cell*: one year, one unit (``"province"``, an OPD
code, a sub-unit code) and optionally one demographic group (``by="gender"``,
``group="Perempuan"``). Cells add up: a parent unit is the sum of its children (province ->
OPD -> sub-unit), a unit is the sum of its groups along every breakdown (OPD -> gender, OPD ->
age band), and a group of the province is the sum of the same group over the OPDs. Hiding the
small cells (*primary suppression*) is not enough when the sums are published: the parent's
total minus the published children gives back the one hidden child exactly.

The policy
----------
1. **Primary**: a cell with ``0 < n < min_n`` respondents is hidden (cells with ``n = 0`` are
   hidden too, but hold no mean to protect).
2. **Nothing below a hidden cell**: the breakdowns (sub-units, groups) of a hidden cell are
   hidden (reason ``secondary``), so a hidden OPD cannot be rebuilt from its gender table.
3. **No lone hidden cell** (complementary suppression, cell by cell): in every additive
   relation (parent = children + the rest that no table shows) the hidden cells are either
   none or at least ``1 + w``, where ``w`` is the number of weightings under which the parent
   is published (1: respondent mean; 2 when the parent is also published headcount-weighted,
   because headcounts are public and each weighting is one more equation). The complement is
   the published sibling with the fewest respondents (ties: the first code), so as little
   information as possible is lost; if no sibling is left the parent is hidden.
   The rest of a parent (respondents in no published child, e.g. an OPD's staff outside its
   bidang/UPT, or respondents who did not state their gender) is an unpublished cell: when it
   holds ``0 < n < min_n`` respondents it is protected like a primary cell.
4. **Hidden groups are groups**: the hidden children of a published parent hold at least
   ``min_n`` respondents together, else one more complement is hidden.
5. **Audit**: the published cells of all tables and both years form one linear system
   (counts, respondent-weighted and headcount-weighted means); a hidden cell is *recoverable*
   when it is the same in every solution (its row of the null space is zero). Recoverable
   hidden cells get one more complement in a relation they belong to, until none is left.
   The audit assumes the attacker knows every cell's true ``n`` (response counts leak through
   response-rate tables and earlier releases), which is stricter than the published tables.
   It also bounds every hidden mean to 0-100 and solves two linear programmes per primary
   cell (tau-ARGUS's *protection interval*): a primary cell whose ``culture_index`` can only
   lie in a range narrower than ``2 * protection`` points (default 2: no primary mean can be
   pinned to within 2 points) gets one more complement.
6. **Counts**: the ``n`` of a hidden cell is blanked with its other figures; parents' ``n``
   stay published. By rules 3-4 the counts are protected by the same pattern (no hidden ``n``
   is the only unknown of a count relation); headcounts stay published (they are public).
7. **Years**: cells of both years are audited together; a change between years is shown only
   when both years' cells are shown (:func:`blank_changes`), so a change cannot turn a hidden
   year into a published one. The change table's own cells (each unit's two means on the
   common items, :func:`change_cells`) join the audit; a unit merged or renamed between years
   gets its successor as a second parent in that year's ``hierarchy`` (the predecessors add
   up to the successor's earlier-year cell as well as to the province).

:func:`~akhlak_analysis.stats.disclosure_audit.feasibility_intervals` reports the range of every hidden mean. Complementary cells
(``n >= min_n``) are not protected by intervals: a large complement hidden next to a small
primary cell may be confined to a few points, which discloses nothing about a small group;
rule 3's choice of the smallest sibling keeps the hidden pairs balanced.

Notes
-----
Anchors: Hundepool et al., *Statistical Disclosure Control* (Wiley 2012) ch. 4 and the
Eurostat/ESSnet *Handbook on Statistical Disclosure Control* (2010) sec. 4.2-4.3 (primary and
secondary cell suppression, "at least two suppressed cells in every row and column of every
sub-table", the audit of a suppression pattern); ONS, *Disclosure control guidance for tables
produced from surveys* (threshold rule and differencing between tables). R's
``sdcTable::protectTable(method = "SIMPLEHEURISTIC")`` and tau-ARGUS's hypercube/modular
methods solve the same complementary-suppression problem on linked hierarchical tables; this
module uses their cell-by-cell heuristic with an exact linear audit instead of an optimal
(mixed-integer) pattern, so it may hide a few cells more than an optimal pattern would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataError
from . import _sdc
from ._sdc import KEY_COLUMNS

__all__ = ["KEY_COLUMNS", "SuppressionResult", "blank_changes", "blank_rows", "blank_suppressed",
           "change_cells", "headcounts_from_units", "hierarchy_from_units", "suppress"]

# --------------------------------------------------------------------------------------
# the one blanking policy
# --------------------------------------------------------------------------------------
def blank_suppressed(table: pd.DataFrame, *, min_n: int,
                     secondary: Sequence[bool] | pd.Series | None = None,
                     columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Blank every figure of the suppressed rows of one table.

    Parameters
    ----------
    table : DataFrame
        A tidy table with an ``n`` column (respondents, unsuppressed).
    min_n : int
        Rows with ``n < min_n`` are suppressed (reason ``primary``).
    secondary : sequence of bool, optional
        Rows hidden by complementary suppression (reason ``secondary`` unless primary).
    columns : sequence of str, optional
        The figures to blank; default every column except :data:`KEY_COLUMNS`.

    Returns
    -------
    DataFrame
        A copy with the figures of suppressed rows (``n`` too) set to missing, a boolean
        ``suppressed`` column and a ``suppression`` column (``"primary"``, ``"secondary"`` or
        missing).

    Notes
    -----
    The threshold rule of the ONS and Eurostat handbooks; the complementary cells come from
    :func:`suppress`. R: ``sdcTable::primarySuppression(type = "freq", maxN = min_n - 1)``.

    Examples
    --------
    >>> t = pd.DataFrame({"unit": ["A", "B", "C"], "n": [12, 4, 30],
    ...                   "culture_index": [75.0, 80.0, 70.0]})
    >>> blank_suppressed(t, min_n=10, secondary=[False, False, True])
      unit     n  culture_index  suppressed suppression
    0    A    12           75.0       False        <NA>
    1    B  <NA>            NaN        True     primary
    2    C  <NA>            NaN        True   secondary
    """
    if min_n < 1:
        raise ValueError(f"min_n must be >= 1, got {min_n}")
    _sdc.need_n(table, "table")
    primary = table["n"].to_numpy(dtype=float) < min_n
    second = (np.zeros(len(table), bool) if secondary is None
              else np.asarray(secondary, dtype=bool))
    if len(second) != len(table):
        raise ValueError(f"secondary has {len(second)} entries for {len(table)} rows")
    out = blank_rows(table, primary | second, columns)
    out["n"] = out["n"].astype("Int64")
    reason = np.where(primary, "primary", np.where(second, "secondary", None))
    out["suppression"] = pd.array(reason, dtype="string")
    return out


def blank_rows(table: pd.DataFrame, hide: np.ndarray, columns: Sequence[str] | None = None
               ) -> pd.DataFrame:
    """The blanking itself: figures of hidden rows set to missing, ``suppressed`` added.

    ``columns`` default: every column but :data:`KEY_COLUMNS`.
    """
    out = table.drop(columns=["suppressed", "suppression"], errors="ignore").copy()
    cols = list(columns) if columns is not None else [
        c for c in out.columns if c not in KEY_COLUMNS]
    unknown = [c for c in cols if c not in out.columns]
    if unknown:
        raise ValueError(f"columns {unknown} are not in the table")
    for c in cols:
        if out[c].dtype == bool:
            out[c] = out[c].astype("boolean")
        elif out[c].dtype.kind in "iu":
            out[c] = out[c].astype("Int64")
        elif not pd.api.types.is_float_dtype(out[c]) and hide.any():
            out[c] = out[c].astype(object)
        if hide.any():
            out.loc[hide, c] = np.nan if pd.api.types.is_float_dtype(out[c]) else pd.NA
    out["suppressed"] = hide
    return out


def hierarchy_from_units(units, *, year: int | None = None,
                         successors_in: int | None = None) -> dict[str, list[str]]:
    """Unit code -> parent codes from a :class:`~akhlak_analysis.data.io.UnitTable`.

    Parameters
    ----------
    units : UnitTable
    year : int, optional
        Only units with a headcount that year (default: all).
    successors_in : int, optional
        Also give a unit that was renamed or merged (``replaced_by``) by that year its
        successor as a parent: its earlier-year cell adds up to the successor's earlier-year
        cell in a change table (:func:`change_cells`).

    Returns
    -------
    dict of str to list of str
        OPDs -> ``["province"]`` (+ successor), sub-units -> ``[their OPD]``.

    Examples
    --------
    >>> from akhlak_analysis.data.io import read_units
    >>> units = read_units("data/sample/units.csv")
    >>> h = hierarchy_from_units(units, successors_in=2025)
    >>> h["DINKES"], h["DINKES-UPT-LABKES"], h["DISPORA"]
    (['province'], ['DINKES'], ['province', 'DISBUDPARPORA'])
    """
    t = units.table
    if year is not None:
        t = t[t[f"headcount_{year}"].notna()]
    out = {str(c): (["province"] if lvl == "opd" else [str(p)])
           for c, lvl, p in zip(t["code"], t["level"], t["parent"], strict=True)}
    if successors_in is not None:
        for code, parents in out.items():
            nxt = units.successor(code, successors_in)
            if nxt != code:
                parents.append(nxt)
    return out


def headcounts_from_units(units, *, years: Sequence[int], level: str = "opd"
                          ) -> dict[tuple[int, str], int]:
    """Public headcounts ``{(year, unit): N}`` for :func:`suppress` and the attack.

    Examples
    --------
    >>> from akhlak_analysis.data.io import read_units
    >>> hc = headcounts_from_units(read_units("data/sample/units.csv"), years=[2025])
    >>> hc[(2025, "DINKES")]
    440
    """
    return {(int(y), str(u)): int(h) for y in years
            for u, h in units.headcount(int(y), level=level).items()}


def _recoverable(cells: _sdc.Cells, relations, headcounts, hidden: np.ndarray,
                 memo: dict | None = None) -> set[int]:
    """Hidden cells that the published cells determine (audit with every true n known).

    ``memo``: kept by :func:`suppress` across its rounds, so that a block of the system that
    no new complement touched is not solved again.
    """
    memo = {} if memo is None else memo
    counts, means = _sdc.equations(cells, relations, headcounts, cells.n)
    unk_c = [c for c in range(len(cells.keys)) if hidden[c]]
    ident_c, _ = _sdc.identified(counts, unk_c, memo=memo.setdefault("counts", {}))
    unk_m = [(c, "m") for c in unk_c]
    ident_m, _ = _sdc.identified(means, unk_m, memo=memo.setdefault("means", {}))
    return {c for c, a, b in zip(unk_c, ident_c, ident_m, strict=True) if a or b}


# --------------------------------------------------------------------------------------
# complementary suppression
# --------------------------------------------------------------------------------------
@dataclass
class SuppressionResult:
    """Published tables and what was hidden.

    Attributes
    ----------
    tables : dict of str to DataFrame
        The input tables blanked with :func:`blank_suppressed` (``suppressed`` and
        ``suppression`` columns added).
    primary : DataFrame
        ``year``, ``unit``, ``by``, ``group``, ``n`` of the cells hidden for ``n < min_n``.
    secondary : DataFrame
        The same for the complementary cells, with ``reason`` (which rule and which cell).
    """

    tables: dict[str, pd.DataFrame]
    primary: pd.DataFrame
    secondary: pd.DataFrame

    def is_suppressed(self, unit: str, *, year: int = 0, by: str = "", group: str = "") -> bool:
        """Whether the cell is hidden in every published table."""
        key = (year, unit, by, group)
        both = pd.concat([self.primary, self.secondary], ignore_index=True)
        return bool(((both["year"] == key[0]) & (both["unit"] == key[1]) & (both["by"] == key[2])
                     & (both["group"] == key[3])).any())


def _sensitive(cells: _sdc.Cells, hidden: np.ndarray, min_n: int) -> np.ndarray:
    """Hidden cells whose figures must not come back: published cells, small rests."""
    n = cells.n
    real = (cells.kind == "cell") & (n != 0)
    rest = (cells.kind == "rest") & (((n > 0) & (n < min_n)) | (n < 0))
    return hidden & (real | rest)


def _complement(cells: _sdc.Cells, r: _sdc.Relation, hidden: np.ndarray) -> int | None:
    """The published child with the fewest respondents, else the published parent."""
    free = [c for c in r.children if not hidden[c] and cells.kind[c] == "cell"
            and cells.n[c] != 0]
    if free:
        return min(free, key=lambda c: (cells.n[c], cells.keys[c]))
    if not hidden[r.parent] and cells.kind[r.parent] == "cell":
        return r.parent
    return None


def _descendants_pass(cells: _sdc.Cells, relations, hidden, reasons) -> bool:
    changed = False
    for r in relations:
        if hidden[r.parent] and cells.kind[r.parent] == "cell":
            for c in r.children:
                if not hidden[c]:
                    hidden[c] = True
                    reasons[c] = f"below hidden {_sdc.label(cells.keys[r.parent])}"
                    changed = True
    return changed


def _local_pass(cells: _sdc.Cells, relations, hidden, reasons, min_n: int) -> bool:
    changed = False
    sens = _sensitive(cells, hidden, min_n)
    for r in relations:
        members = [r.parent, *r.children] + ([r.rest] if r.rest is not None else [])
        hid = [c for c in members if hidden[c] and cells.n[c] != 0]
        need = 3 if r.weighted is not None else 2
        kids = [c for c in hid if c != r.parent]
        # every hidden cell of the relation could still hold min_n respondents: the hidden
        # total leaves room for min_n in one cell and one respondent in each other cell, so
        # the published figures never show that a hidden group is small (issue 18)
        groups = sum(1 for c in kids if cells.kind[c] == "cell")
        small = (not hidden[r.parent] and kids
                 and 0 < cells.n[kids].sum() < min_n + max(groups - 1, 0)
                 and (cells.n[kids] > 0).all())
        lone = bool(hid) and len(hid) < need and bool(sens[hid].any())
        if lone or small:
            c = _complement(cells, r, hidden)
            if c is not None:
                hidden[c] = True
                why = "complement" if lone else "group of hidden cells too small"
                reasons[c] = f"{why} in {_sdc.label(cells.keys[r.parent])}"
                changed = True
    return changed


def suppress(tables: Mapping[str, pd.DataFrame], *,
             hierarchy: Mapping[str, str | Sequence[str]], min_n: int,
             headcounts: Mapping | None = None, protection: float = 2.0) -> SuppressionResult:
    """Primary and complementary suppression over linked tables (all published together).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Unsuppressed tidy tables (e.g. ``index_table(..., min_n=1)``), each with ``unit`` and
        ``n``; optional ``year`` (tables of several years are audited together), ``by`` and
        ``group`` (a demographic breakdown of ``unit``; missing = the unit's total) and the
        mean columns (``culture_index``, value codes, ``pct_favourable``). The same cell may
        appear in several tables; it is hidden in all of them.
    hierarchy : mapping of str to str or list of str, or mapping of int to such a mapping
        Unit code -> parent unit code(s) (``hierarchy_from_units``); the province is
        ``"province"``. Breakdowns (``by``) need no entry. With several years whose units
        differ (renamed or merged units), one mapping per year:
        ``{2024: hierarchy_from_units(units, year=2024, successors_in=2025),
        2025: hierarchy_from_units(units, year=2025)}``.
    min_n : int
        Primary threshold (the configuration's ``min_group_size``).
    headcounts : mapping, optional
        Public headcounts: ``{(year, unit): N}`` or ``{unit: N}``. Needed for rows with
        ``weighting == "headcount"``: a table may hold, besides a parent's respondent mean,
        its headcount-weighted mean as a second row of the same cell with a ``weighting``
        column (``"respondents"`` / ``"headcount"``); the two are two equations.
    protection : float, default 2.0
        Interval protection (points): given every published figure and the bounds 0-100, the
        ``culture_index`` of a primary cell must still range over at least ``2 * protection``
        points (rule 5's second half); 0 switches the check off.

    Returns
    -------
    SuppressionResult
        ``tables`` (blanked), ``primary`` and ``secondary`` (``year``, ``unit``, ``by``,
        ``group``, ``n``, ``reason``). Year is 0 for tables without a ``year`` column.

    Notes
    -----
    The policy is the module docstring's (rules 1-7). Equivalent in spirit to R's
    ``sdcTable::protectTable(problem, method = "SIMPLEHEURISTIC")`` on a problem built with
    ``makeProblem(dimList = list(unit = hierarchy, by = groups), freqVarInd = "n")`` plus
    ``primarySuppression(type = "freq", maxN = min_n - 1)``; the pattern differs where the
    heuristics choose different complements.

    Examples
    --------
    >>> opd = pd.DataFrame({"unit": ["A", "B", "C"], "n": [40, 7, 25],
    ...                     "culture_index": [80.0, 70.0, 75.0]})
    >>> prov = pd.DataFrame({"unit": ["province"], "n": [72], "culture_index": [77.0]})
    >>> res = suppress({"opd": opd, "province": prov}, hierarchy={"A": "province",
    ...                "B": "province", "C": "province"}, min_n=10)
    >>> res.tables["opd"][["unit", "n", "culture_index", "suppression"]]
      unit     n  culture_index suppression
    0    A    40           80.0        <NA>
    1    B  <NA>            NaN     primary
    2    C  <NA>            NaN   secondary
    """
    if min_n < 1:
        raise ValueError(f"min_n must be >= 1, got {min_n}")
    if protection < 0:
        raise ValueError(f"protection must be >= 0, got {protection}")
    if not tables:
        raise ValueError("no tables to suppress")
    means = _sdc.mean_columns(tables)
    cells = _sdc.build_cells(tables, means)
    relations = _sdc.relations(cells, hierarchy, headcounts)
    hidden = (cells.kind != "cell") | (cells.n < min_n)
    twins = [(c, _sdc.base(cells, c)) for c in np.flatnonzero(cells.kind == "weighted")]
    primary = (cells.kind == "cell") & (cells.n < min_n)
    reasons: dict[int, str] = {}
    memo: dict = {}  # blocks of the audit solved in earlier rounds
    for _ in range(len(cells.keys) + 1):
        if _descendants_pass(cells, relations, hidden, reasons):
            continue
        if _local_pass(cells, relations, hidden, reasons, min_n):
            continue
        for c, b in twins:
            hidden[c] = hidden[b]
        leak = sorted(_recoverable(cells, relations, headcounts, hidden, memo)
                      & set(np.flatnonzero(_sensitive(cells, hidden, min_n))),
                      key=lambda c: cells.keys[c])
        if not leak and protection > 0:
            leak = _narrow(cells, relations, headcounts, hidden, primary, protection,
                           memo.setdefault("ranges", {}))
        if not leak:
            break
        if not _fix_leak(cells, relations, hidden, reasons, leak[0]):
            raise RuntimeError(f"cannot protect {_sdc.label(cells.keys[leak[0]])}")
    published = {name: blank_suppressed(t, min_n=min_n, secondary=hidden[cells.rows[name]])
                 for name, t in tables.items()}
    return SuppressionResult(published, _cell_frame(cells, primary, {}),
                             _cell_frame(cells, hidden & ~primary & (cells.kind == "cell"),
                                         reasons))


def _narrow(cells: _sdc.Cells, relations, headcounts, hidden: np.ndarray, primary: np.ndarray,
            protection: float, memo: dict | None = None) -> list[int]:
    """Primary cells whose mean the published figures confine to less than 2 * protection."""
    col = "culture_index" if "culture_index" in cells.means.columns else (
        cells.means.columns[0] if len(cells.means.columns) else None)
    if col is None:
        return []
    targets = list(np.flatnonzero(primary & (cells.n > 0)))
    value = cells.means[col].to_numpy(dtype=float)
    ranges = _sdc.ranges(cells, relations, headcounts, ~hidden, value, targets, (0.0, 100.0),
                         memo=memo, wider_than=2 * protection)
    return [c for c, (lo, hi) in zip(targets, ranges, strict=True)
            if hi - lo < 2 * protection - 1e-9]


def _fix_leak(cells: _sdc.Cells, relations, hidden, reasons, cell: int) -> bool:
    for r in relations:
        if cell == r.parent or cell in r.children or cell == r.rest:
            c = _complement(cells, r, hidden)
            if c is not None:
                hidden[c] = True
                reasons[c] = f"audit: {_sdc.label(cells.keys[cell])} was recoverable"
                return True
    return False


def _cell_frame(cells: _sdc.Cells, mask: np.ndarray, reasons: Mapping[int, str]) -> pd.DataFrame:
    ids = np.flatnonzero(mask)
    frame = pd.DataFrame([cells.keys[i] for i in ids], columns=["year", "unit", "by", "group"])
    frame["n"] = pd.array(cells.n[ids].astype(int), dtype="Int64")
    frame["reason"] = pd.array([reasons.get(i, "n < min_n") for i in ids], dtype="string")
    return frame.sort_values(["year", "unit", "by", "group"]).reset_index(drop=True)


def blank_changes(change: pd.DataFrame, result: SuppressionResult, *,
                  years: tuple[int, int], measures: Mapping[int, str] | None = None
                  ) -> pd.DataFrame:
    """Hide a change between two years when either year's cell is hidden.

    Parameters
    ----------
    change : DataFrame
        One row per unit (``unit``, optional ``by`` and ``group``) with the change figures.
    result : SuppressionResult
        From :func:`suppress` run on both years' tables (with a ``year`` column), best with
        the change table's own cells among them (:func:`change_cells`).
    years : (int, int)
        Earlier and later year.
    measures : mapping of int to str, optional
        The ``measure`` under which a year's cells of the change were passed to
        :func:`suppress` (e.g. ``{2025: "common_items"}``); default the main measure.

    Returns
    -------
    DataFrame
        ``change`` with every column except :data:`KEY_COLUMNS` blanked in those rows and
        ``suppressed`` / ``suppression`` (``secondary``) columns.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2024, 2024, 2024, 2025, 2025, 2025],
    ...                   "unit": ["A", "B", "C", "A", "B", "C"], "n": [30, 5, 30, 31, 30, 30],
    ...                   "culture_index": [70.0, 71.0, 72.0, 72.0, 80.0, 75.0]})
    >>> res = suppress({"opd": t}, hierarchy={}, min_n=10)
    >>> ch = pd.DataFrame({"unit": ["A", "B"], "change": [2.0, 9.0]})
    >>> blank_changes(ch, res, years=(2024, 2025))
      unit  change  suppressed suppression
    0    A     2.0       False        <NA>
    1    B     NaN        True   secondary
    """
    both = pd.concat([result.primary, result.secondary], ignore_index=True)
    hidden = set(zip(both["year"], both["unit"], both["by"], both["group"], strict=True))
    kf = _sdc.key_frame(change.assign(year=0))
    suffix = {y: (f"#{(measures or {}).get(y)}" if (measures or {}).get(y) else "")
              for y in years}
    mask = np.array([any((y, u, b, g + suffix[y]) in hidden for y in years)
                     for u, b, g in zip(kf["unit"], kf["by"], kf["group"], strict=True)], bool)
    out = blank_rows(change, mask, None)
    out["suppression"] = pd.array(np.where(mask, "secondary", None), dtype="string")
    return out


def change_cells(change: pd.DataFrame, *, years: tuple[int, int],
                 measures: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The per-year cells a change table publishes, as rows for :func:`suppress`.

    A change table (``compare_years``) shows each unit's two means, on the items common to
    both years, under the later year's unit codes (a renamed or merged unit's earlier mean
    is its predecessors'). These are cells too: give them to :func:`suppress` with the other
    tables, and the predecessors their successor as a second parent
    (``hierarchy_from_units(..., successors_in=later)``).

    Parameters
    ----------
    change : DataFrame
        Unsuppressed: ``unit``, ``n_<year>`` and ``culture_index_<year>`` for both years.
    years : (int, int)
    measures : mapping of int to str, optional
        A year whose common-item mean differs from its main index gets a measure name (its
        cells form their own additive system, e.g. ``{2025: "common_items"}``); a year whose
        instrument is the common set keeps the main measure (same cells as its OPD table).

    Returns
    -------
    DataFrame
        ``year``, ``unit``, ``n``, ``culture_index`` and ``measure`` (``""`` = main), one row
        per unit and year with respondents.

    Examples
    --------
    >>> ch = pd.DataFrame({"unit": ["A", "B"], "n_2024": [30, pd.NA], "n_2025": [31, 12],
    ...                    "culture_index_2024": [70.0, None], "culture_index_2025": [72.0, 75]})
    >>> change_cells(ch, years=(2024, 2025), measures={2025: "common_items"})
       year unit   n  culture_index       measure
    0  2024    A  30           70.0
    1  2025    A  31           72.0  common_items
    2  2025    B  12           75.0  common_items
    """
    rows = []
    for y in years:
        for col in (f"n_{y}", f"culture_index_{y}"):
            if col not in change.columns:
                raise DataError(f"the change table has no {col!r} column", column=col)
        n = change[f"n_{y}"].astype("Float64")
        part = pd.DataFrame({"year": y, "unit": change["unit"].astype(str), "n": n,
                             "culture_index": change[f"culture_index_{y}"].astype("Float64"),
                             "measure": (measures or {}).get(y, "")})
        rows.append(part[(n.fillna(0) > 0).to_numpy()])
    out = pd.concat(rows, ignore_index=True)
    out["n"] = out["n"].astype("int64")
    out["culture_index"] = out["culture_index"].astype("float64")
    return out.sort_values(["unit", "year"], kind="stable").reset_index(drop=True)[
        ["year", "unit", "n", "culture_index", "measure"]]
