"""The published set: every unit- and group-level table of the report, protected together.

Every table the report publishes about units or groups (OPD index, sub-units, groups of the
province and within OPDs, OPD x item table, target gaps, response rates, ranking, improvement
areas, change per OPD, both years' province figures) is built once, unsuppressed, from the
drill-down and statistics functions, and protected by **one** call of
:func:`akhlak_analysis.stats.disclosure.suppress` over the linked set (primary suppression,
complementary suppression and the differencing audit). The notebooks save and show only these
protected tables.

Model-based tables are fitted on what is published: the ranking's variance components, grand
mean and shrinkage use the published OPDs only, so the published adjusted indices and
reliabilities cannot be solved back for a hidden OPD (they would be with a model fitted on all
OPDs: the grand mean and the variance ratio follow from the published figures, and with them
the hidden units' means).

Hidden rows carry a structured reason (``suppression``: ``primary`` for a group below the
minimum, ``secondary`` for a group withheld to protect another; the change table's
``note_kind``); Indonesian wording is applied last (:mod:`.phrases`), and nothing downstream
decides by matching words.

The result is deterministic (no random step besides the ranking's seeded draws) and is kept in
the analysis' on-disk cache (:class:`akhlak_analysis.cache.TableCache`, Parquet + JSON, keyed
by the inputs and the package source), so the notebooks of one report compute it once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..cache import digest, source_digest
from ..instrument import Instrument
from ..stats import disclosure
from ..stats.change import compare_years
from ..stats.rank import improvement_areas, rank_units
from ..stats.response import response_rates
from ..stats.scoring import index_table, item_scores
from ..stats.targets import target_gaps
from . import drilldown, names, phrases
from .rank_tables import improvement_table, ranking_table

__all__ = ["Published", "audit_inputs", "change_kinds", "forget", "protect", "published_tables",
           "published_scores"]

#: descriptive columns kept in hidden rows (besides disclosure.KEY_COLUMNS)
_DESCRIPTIVE = ("item", "value", "statement", "peer_group", "measure", "weighting",
                "note_kind", "predecessors", "only_year")


@dataclass
class Published:
    """The report's unit- and group-level tables after disclosure control.

    Attributes
    ----------
    year : int
        Report year.
    tables : dict of str to DataFrame
        Protected tables under their :mod:`.names` constant, each with ``suppressed`` (and,
        where the table has ``n``, ``suppression``: ``primary`` / ``secondary``).
    ranked : DataFrame
        :func:`~akhlak_analysis.stats.rank.rank_units` on the published OPDs, hidden OPDs
        listed blank (for the ranking charts).
    primary, secondary : DataFrame
        The hidden cells (``year``, ``unit``, ``by``, ``group``, ``n``, ``reason``): for the
        audit only, never published (their ``n`` is hidden).
    min_n : int
        The threshold.
    """

    year: int
    tables: dict[str, pd.DataFrame]
    ranked: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    min_n: int
    reasons: dict[str, pd.Series] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __contains__(self, name: str) -> bool:
        return name in self.tables

    @property
    def hidden(self) -> frozenset[tuple]:
        """Keys ``(year, unit, by, group)`` of every hidden cell, any measure."""
        both = pd.concat([self.primary, self.secondary], ignore_index=True)
        return frozenset((int(y), str(u), str(b), str(g).split("#")[0])
                         for y, u, b, g in zip(both["year"], both["unit"], both["by"],
                                               both["group"], strict=True))

    @property
    def _primary_keys(self) -> frozenset[tuple]:
        return frozenset((int(y), str(u), str(b), str(g).split("#")[0]) for y, u, b, g in zip(
            self.primary["year"], self.primary["unit"], self.primary["by"],
            self.primary["group"], strict=True))

    def protect(self, table: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
        """Blank the rows of ``table`` whose cell the report hides; see :func:`protect`."""
        return protect(table, self, year=year)

    def summary(self) -> pd.DataFrame:
        """Hidden rows per published table (:func:`.phrases` words it for readers).

        Returns
        -------
        DataFrame
            ``table`` (the :mod:`.names` constant), ``rows``, ``shown``, ``primary``,
            ``secondary`` (rows hidden to protect a small group against differencing) and
            ``hidden``. Counts only: no hidden unit's ``n``.
        """
        rows = []
        opd = self.tables[names.OPD_INDEX]
        for name, t in sorted(self.tables.items()):
            if "suppressed" not in t.columns:  # hidden units left out (improvement areas)
                gone = opd[~opd["unit"].isin(t["unit"])]
                prim = int(_row_mask(gone, self._primary_keys, self.year).sum())
                rows.append({"table": name, "rows": len(opd), "shown": len(t),
                             "primary": prim, "secondary": len(gone) - prim,
                             "hidden": len(gone)})
                continue
            sup = t["suppressed"].astype(bool).to_numpy()
            if name in self.reasons:
                prim = int((self.reasons[name] == "primary").sum())
            else:
                prim = int((_row_mask(t, self._primary_keys, self.year) & sup).sum())
            rows.append({"table": name, "rows": len(t), "shown": int((~sup).sum()),
                         "primary": prim, "secondary": int(sup.sum()) - prim,
                         "hidden": int(sup.sum())})
        return pd.DataFrame(rows)

    def policy_text(self) -> str:
        """The disclosure policy as applied, in Indonesian (data-quality page, method slide)."""
        s = self.summary()
        return phrases.policy_text(self.min_n, primary=int(s["primary"].sum()),
                                   secondary=int(s["secondary"].sum()))


# --------------------------------------------------------------------------------------
# the cells given to suppress, and the unsuppressed tables
# --------------------------------------------------------------------------------------
def _cells_of(t: pd.DataFrame, ins: Instrument, year: int) -> pd.DataFrame:
    keep = ["year", "unit", "by", "group", "n", "culture_index", *ins.value_codes,
            "pct_favourable", "weighting", "measure"]
    out = t.assign(year=year)
    out = out[out["n"].fillna(0) > 0]
    out = out[[c for c in keep if c in out.columns]].copy()
    out["n"] = out["n"].astype("int64")
    return out.reset_index(drop=True)


def _province_cells(ctx: Analysis, y: int) -> pd.DataFrame:
    ins, s = ctx.instrument(y), ctx.scores(y)
    kw = {"units": ctx.units, "year": y, "min_n": 1, "instrument": ins,
          "confidence": ctx.confidence}
    rows = [index_table(s, by="province", weighting="none", **kw).assign(
        weighting="respondents")]
    hc = ctx.units.headcount(y, level="opd")
    present = s.loc[s["culture_index"].notna(), "opd"].astype(str).unique()
    if ctx.weighting == "headcount" and pd.Index(present).isin(hc.index).all():
        rows.append(index_table(s, by="province", weighting="headcount", **kw).assign(
            weighting="headcount"))
    return _cells_of(pd.concat(rows, ignore_index=True), ins, y)


def _measures(ctx: Analysis) -> dict[int, str]:
    """A year whose instrument has items outside the common set has its own measure."""
    prev = ctx.previous_year
    common = set(ctx.instrument().common_items(ctx.instrument(prev)))
    return {yy: "common_items" for yy in (prev, ctx.year)
            if set(ctx.instrument(yy).item_codes) != common}


def _change_raw(ctx: Analysis) -> pd.DataFrame:
    return compare_years(ctx.data_by_year(), units=ctx.units,
                         instrument_by_year=ctx.instrument_by_year(), min_n=1,
                         confidence=ctx.confidence)


def _group_tables(ctx: Analysis, cells: dict, raw: dict, kw: dict) -> None:
    groups = drilldown.breakdowns(ctx)
    s, y = ctx.scores(), ctx.year
    for name, within in ((names.PROVINCE_GROUPS, "province"), (names.GROUP_INDEX, "opd")):
        if groups:
            raw[name] = pd.concat([drilldown.group_index(s, by=b, within=within,
                                                         units=ctx.units, **kw)
                                   for b in groups], ignore_index=True)
            cells[f"{name}_{y}"] = _cells_of(raw[name], ctx.instrument(), y)


def _raw_tables(ctx: Analysis, items: pd.DataFrame | None = None
                ) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """(cells given to ``suppress``, unsuppressed report tables), both of the report year.

    ``items``: the report year's item scores, when the caller has them.
    """
    y, ins, units = ctx.year, ctx.instrument(), ctx.units
    s = ctx.scores()
    kw = {"instrument": ins, "confidence": ctx.confidence}
    raw: dict[str, pd.DataFrame] = {}
    raw[names.OPD_INDEX] = index_table(s, by="opd", units=units, year=y, min_n=1,
                                       weighting=ctx.weighting, **kw)
    cells = {f"province_{yy}": _province_cells(ctx, yy) for yy in ctx.headline_years}
    cells[f"opd_{y}"] = _cells_of(raw[names.OPD_INDEX], ins, y)
    if ctx.has("subunit"):
        raw[names.SUBUNIT_INDEX] = drilldown.subunit_index(s, units=units, year=y,
                                                           weighting=ctx.weighting, **kw)
        cells[f"subunit_{y}"] = _cells_of(raw[names.SUBUNIT_INDEX], ins, y)
    _group_tables(ctx, cells, raw, kw)
    raw[names.OPD_ITEMS] = drilldown.opd_items(ctx.data(), instrument=ins, units=units,
                                               items=items)
    raw[names.ANSWER_SHARES] = drilldown.answer_shares(ctx.data(), instrument=ins,
                                                       units=units, items=items)
    raw[names.TARGET_GAPS] = target_gaps(ctx.data(), units=units, year=y, instrument=ins,
                                         target=ctx.target, min_n=1, confidence=ctx.confidence)
    raw[names.RESPONSE_RATES] = response_rates(ctx.data(), units=units, year=y, min_n=1)
    if ctx.has("previous_year"):
        prev = ctx.previous_year
        cells[f"opd_{prev}"] = _cells_of(index_table(
            ctx.scores(prev), by="opd", units=units, year=prev, min_n=1,
            instrument=ctx.instrument(prev), confidence=ctx.confidence), ctx.instrument(prev),
            prev)
        raw[names.UNIT_CHANGE] = _change_raw(ctx)
        cells["change"] = disclosure.change_cells(raw[names.UNIT_CHANGE],
                                                  years=(prev, y), measures=_measures(ctx))
    return cells, raw


def _hierarchy(ctx: Analysis) -> dict:
    if ctx.previous_year is None:
        return {ctx.year: disclosure.hierarchy_from_units(ctx.units, year=ctx.year)}
    return {ctx.previous_year: disclosure.hierarchy_from_units(
                ctx.units, year=ctx.previous_year, successors_in=ctx.year),
            ctx.year: disclosure.hierarchy_from_units(ctx.units, year=ctx.year)}


def audit_inputs(ctx: Analysis) -> tuple[dict[str, pd.DataFrame], dict, dict]:
    """The unsuppressed cells, hierarchy and headcounts :func:`published_tables` protects.

    For the differencing test and researchers auditing the pattern: ``(cells, hierarchy,
    headcounts)`` as :func:`~akhlak_analysis.stats.disclosure.suppress` takes them. The
    cells hold the true figures of small groups: never publish them.
    """
    cells, _ = _raw_tables(ctx)
    hc = disclosure.headcounts_from_units(ctx.units, years=ctx.headline_years)
    return cells, _hierarchy(ctx), hc


# --------------------------------------------------------------------------------------
# protection of one table
# --------------------------------------------------------------------------------------
def _row_mask(table: pd.DataFrame, hidden: frozenset, year: int) -> np.ndarray:
    n = len(table)
    by = table["by"].astype(str) if "by" in table.columns else pd.Series([""] * n)
    grp = table["group"].astype(str) if "group" in table.columns else pd.Series([""] * n)
    keys = zip(table["unit"].astype(str), by, grp, strict=True)
    return np.fromiter(((year, u, b, g) in hidden for u, b, g in keys), dtype=bool, count=n)


def protect(table: pd.DataFrame, published: Published, *, year: int | None = None
            ) -> pd.DataFrame:
    """Blank the rows of ``table`` whose cell the report hides (same pattern everywhere).

    Parameters
    ----------
    table : DataFrame
        Any table with ``unit`` (and optionally ``by`` / ``group``) of the report year, e.g. a
        ranking within peer groups.
    published : Published
        From :func:`published_tables`.
    year : int, optional
        Default the report year.

    Returns
    -------
    DataFrame
        A copy with every figure of the hidden rows blank (descriptive columns such as
        ``item``, ``statement`` and ``peer_group`` kept), ``suppressed`` and, with an ``n``
        column, ``suppression`` (``primary`` / ``secondary``). A ranking (``rank`` column)
        is renumbered among its published rows.
    """
    y = published.year if year is None else year
    return _protect(table, published.hidden, y, published.min_n)


def _protect(table: pd.DataFrame, hidden: frozenset, year: int, min_n: int) -> pd.DataFrame:
    if "rank" in table.columns and "_rank0" not in table.columns:
        table = table.assign(_rank0=table["rank"])
    mask = _row_mask(table, hidden, year)
    if "suppressed" in table.columns:
        mask |= table["suppressed"].fillna(True).astype(bool).to_numpy()
    cols = [c for c in table.columns if c not in disclosure.KEY_COLUMNS
            and c not in _DESCRIPTIVE and c not in ("suppressed", "suppression", "_rank0")]
    if "n" in table.columns and "rank" not in table.columns:
        n = table["n"].astype("Float64").fillna(0).to_numpy(dtype=float)
        base = table.assign(n=pd.array(n, dtype="Float64"))
        return disclosure.blank_suppressed(base, min_n=min_n, secondary=mask, columns=cols)
    out = table.drop(columns=["suppressed", "suppression"], errors="ignore").copy()
    for c in cols:
        if mask.any():
            if pd.api.types.is_float_dtype(out[c]):
                out.loc[mask, c] = np.nan
            else:
                out[c] = out[c].astype("object") if out[c].dtype.kind not in "iub" else (
                    out[c].astype("Int64") if out[c].dtype.kind in "iu" else
                    out[c].astype("boolean"))
                out.loc[mask, c] = pd.NA
    out["suppressed"] = mask
    if "rank" in out.columns:
        out = _rerank(out)
    return out


def _rerank(ranked: pd.DataFrame) -> pd.DataFrame:
    """Renumber ``rank`` (and shift its interval) among the published rows only.

    A hidden unit that was ranked ahead of a published one no longer counts: the rank and
    both interval bounds drop by the number of hidden units ranked strictly better than the
    bound (within the peer group), so no gap in the numbers shows where a unit was hidden.
    """
    out = ranked.copy()
    peer = out["peer_group"] if "peer_group" in out.columns else pd.Series(0, index=out.index)
    before = out["_rank0"] if "_rank0" in out.columns else None
    for _, idx in out.groupby(peer.to_numpy(), sort=False).indices.items():
        sub = out.iloc[idx]
        r0 = (before.iloc[idx] if before is not None else sub["rank"]).astype("Float64")
        gone = r0[sub["suppressed"].to_numpy() & r0.notna().to_numpy()].to_numpy(dtype=float)
        for col in ("rank", "rank_low", "rank_high"):
            if col not in out.columns:
                continue
            src = (before.iloc[idx] if col == "rank" and before is not None
                   else sub[col]).astype("Float64")
            vals = src.to_numpy(dtype=float, na_value=np.nan)
            shift = (gone[None, :] < vals[:, None]).sum(axis=1)
            val = vals - shift
            val[sub["suppressed"].to_numpy()] = np.nan
            out.iloc[idx, out.columns.get_loc(col)] = pd.array(
                [pd.NA if np.isnan(v) else int(v) for v in val], dtype="Int64")
    return out.drop(columns=["_rank0"], errors="ignore")


# --------------------------------------------------------------------------------------
# building the set
# --------------------------------------------------------------------------------------
def published_scores(ctx: Analysis, published: Published) -> pd.DataFrame:
    """The report year's respondent scores of the published OPDs only.

    Anything fitted on units and published with its parameters (the ranking's variance
    components and shrinkage, the ICC) is fitted on these, so that the published figures
    cannot be solved back for a hidden OPD.
    """
    opd = published.tables[names.OPD_INDEX]
    shown = opd.loc[~opd["suppressed"].astype(bool), "unit"].astype(str)
    s = ctx.scores()
    return s[s["opd"].astype(str).isin(set(shown)).to_numpy()]


def _rank_published(ctx: Analysis, pub: Published) -> pd.DataFrame:
    """The ranking fitted on the published OPDs only (hidden OPDs listed blank); an empty
    ranking when fewer than two OPDs are published (a single organisation ranks nothing)."""
    scores = published_scores(ctx, pub)
    if scores["opd"].nunique() < 2:
        return pd.DataFrame({"unit": pd.Series(dtype="string"),
                             "suppressed": pd.Series(dtype=bool)})
    ranked = rank_units(scores, units=ctx.units, year=ctx.year,
                        min_n=ctx.min_n, seed=ctx.seed, confidence=ctx.confidence,
                        instrument=ctx.instrument())
    ranked = _protect(ranked, pub.hidden, ctx.year, ctx.min_n)
    return ranked.sort_values(["suppressed", "rank", "unit"], kind="stable", ignore_index=True)


def change_kinds(change: pd.DataFrame, *, units, years: tuple[int, int]) -> pd.DataFrame:
    """Structured notes of a change table: ``note_kind``, ``predecessors``, ``only_year``.

    ``note_kind`` joins (by ``,``) ``only_one_year`` (the unit has respondents in one year
    only), ``renamed`` (one predecessor of another code) or ``merged`` (several units, or the
    unit itself and others, continue in it); ``predecessors`` lists the earlier codes.

    Examples
    --------
    >>> from akhlak_analysis.data.io import UnitTable
    >>> u = UnitTable(pd.DataFrame({"code": ["OLD", "NEW", "B"], "name": ["o", "n", "b"],
    ...     "level": "opd", "parent": None, "opd_type": None, "aliases": [[], [], []],
    ...     "replaced_by": ["NEW", None, None],
    ...     "headcount_2024": pd.array([10, None, 5], dtype="Int64"),
    ...     "headcount_2025": pd.array([None, 12, 5], dtype="Int64")}))
    >>> t = pd.DataFrame({"unit": ["NEW", "B"], "present_2024": [True, False],
    ...                   "present_2025": [True, True]})
    >>> change_kinds(t, units=u, years=(2024, 2025))[["unit", "note_kind", "predecessors"]]
      unit      note_kind predecessors
    0  NEW        renamed          OLD
    1    B  only_one_year         <NA>
    """
    y1, y2 = years
    kinds = [[] for _ in range(len(change))]
    p1 = change[f"present_{y1}"].to_numpy(dtype=bool)
    p2 = change[f"present_{y2}"].to_numpy(dtype=bool)
    only = np.where(~p1, y2, np.where(~p2, y1, 0))
    for i in np.flatnonzero(only > 0):
        kinds[i].append("only_one_year")
    pre = pd.Series(pd.NA, index=change.index, dtype="string")
    if units is not None and f"headcount_{y1}" in units.table.columns:
        t = units.table
        earlier = t.loc[t[f"headcount_{y1}"].notna(), "code"].astype(str)
        succ = units.successors(y2)  # one map per year pair
        olds: dict[str, list[str]] = {}
        for c in earlier:
            if succ.get(c, c) != c:
                olds.setdefault(succ[c], []).append(c)
        own = set(earlier)
        for i, code in enumerate(change["unit"].astype(str)):
            if code in olds:
                group = olds[code]
                merged = len(group) > 1 or code in own
                kinds[i].insert(0, "merged" if merged else "renamed")
                pre.iloc[i] = ",".join(sorted(group + ([code] if code in own else [])))
    out = change.assign(note_kind=pd.array([",".join(k) for k in kinds], dtype="string"),
                        predecessors=pre)
    out["only_year"] = pd.array([int(o) if o > 0 else pd.NA for o in only], dtype="Int64")
    return out


def _change_table(ctx: Analysis, raw: pd.DataFrame, res) -> pd.DataFrame:
    prev, y = ctx.previous_year, ctx.year
    table = change_kinds(raw.drop(columns="suppressed").assign(suppressed=False),
                         units=ctx.units, years=(prev, y))
    table = table.drop(columns=[f"present_{prev}", f"present_{y}"])
    blanked = disclosure.blank_changes(table, res, years=(prev, y), measures=_measures(ctx))
    prim = {(int(a), str(b)) for a, b, by in zip(res.primary["year"], res.primary["unit"],
                                                  res.primary["by"], strict=True) if not by}
    sup = blanked["suppressed"].to_numpy(dtype=bool)
    small = np.array([any((yy, str(u)) in prim for yy in (prev, y))
                      for u in blanked["unit"]], dtype=bool)
    blanked["suppression"] = pd.array(np.where(small & sup, "primary", np.where(
        sup, "secondary", None)), dtype="string")
    extra = np.where(sup, "hidden", "")
    kinds = blanked["note_kind"].astype("string").fillna("")
    blanked["note_kind"] = pd.array([",".join(x for x in (k, e) if x) for k, e in
                                     zip(kinds, extra, strict=True)], dtype="string")
    for c in ("significant", "compared"):  # flags: a hidden change is not compared
        if c in blanked.columns:
            blanked[c] = blanked[c].fillna(False).astype(bool)
    return phrases.with_change_notes(blanked, years=(prev, y))


def _build(ctx: Analysis, say: Callable[[str], None]) -> Published:
    y, ins, units = ctx.year, ctx.instrument(), ctx.units
    items = item_scores(ctx.data(), instrument=ins)  # once, for the item table and the areas
    cells, raw = _raw_tables(ctx, items)
    hc = disclosure.headcounts_from_units(units, years=ctx.headline_years)
    say(f"  {sum(map(len, cells.values())):,} cells of {len(cells)} tables built; "
        "suppression ...")
    res = disclosure.suppress(cells, hierarchy=_hierarchy(ctx), min_n=ctx.min_n,
                              headcounts=hc)
    say(f"  suppression done: {len(res.primary):,} cells below {ctx.min_n}, "
        f"{len(res.secondary):,} complements; ranking ...")
    pub = Published(y, {}, pd.DataFrame(), res.primary, res.secondary, ctx.min_n)
    hidden, t = pub.hidden, pub.tables
    for name in (names.OPD_INDEX, names.SUBUNIT_INDEX, names.PROVINCE_GROUPS,
                 names.GROUP_INDEX):
        if name in raw:
            t[name] = _protect(raw[name], hidden, y, ctx.min_n)
    opd_hidden = frozenset((y, u, "", "") for u in t[names.OPD_INDEX].loc[
        t[names.OPD_INDEX]["suppressed"], "unit"])  # an OPD's items show with the OPD
    for name in (names.OPD_ITEMS, names.ANSWER_SHARES):
        t[name] = _protect(raw[name], opd_hidden | hidden, y, ctx.min_n)
    for name, key in ((names.TARGET_GAPS, "culture_index"),
                      (names.RESPONSE_RATES, "response_rate")):
        t[name] = _protect(raw[name], hidden, y, ctx.min_n).sort_values(
            ["suppressed", key, "unit"], ascending=[True, False, True], kind="stable",
            ignore_index=True)
    pub.ranked = _rank_published(ctx, pub)
    t[names.RANKING] = ranking_table(pub.ranked)
    say("  ranking done; improvement areas and changes ...")
    area = improvement_areas(ctx.scores(), items=items,
                             instrument=ins, min_n=ctx.min_n, order="gap")
    area = area.assign(suppressed=area["suppressed"].astype(bool)
                       | _row_mask(area, hidden, y))
    shown = t[names.OPD_INDEX].sort_values("culture_index", ascending=False, kind="stable")
    order = (pub.ranked.loc[~pub.ranked["suppressed"], "unit"].tolist() if len(pub.ranked)
             else shown.loc[~shown["suppressed"], "unit"].tolist())
    t[names.IMPROVEMENT] = improvement_table(area, instrument=ins, names=units.names(),
                                             order=order)
    if names.UNIT_CHANGE in raw:
        t[names.UNIT_CHANGE] = _change_table(ctx, raw[names.UNIT_CHANGE], res)
    pub.reasons = {k: v["suppression"].astype("string") for k, v in t.items()
                   if "suppression" in v.columns}
    for k in list(t):  # which hidden row is small is not published (it pins small counts)
        t[k] = t[k].drop(columns="suppression", errors="ignore")
    return pub


# --------------------------------------------------------------------------------------
# once per run: memory and the on-disk cache
# --------------------------------------------------------------------------------------
_MEMO: dict[str, Published] = {}


def _cache_key(ctx: Analysis) -> str:
    return digest("published", [ctx.cache_key(y) for y in ctx.years], ctx.year, ctx.min_n,
                  ctx.weighting, ctx.confidence, ctx.seed, ctx.target,
                  ctx.units.table.to_csv(), source_digest())


def _to_frames(pub: Published) -> tuple[dict[str, pd.DataFrame], dict]:
    frames = {f"table__{k}": v for k, v in pub.tables.items()}
    frames.update(ranked=pub.ranked, primary=pub.primary, secondary=pub.secondary)
    return frames, {"year": pub.year, "min_n": pub.min_n, "order": list(pub.tables)}


def _from_frames(frames: dict[str, pd.DataFrame], meta: dict) -> Published:
    tables = {k: frames[f"table__{k}"] for k in meta["order"]}
    return Published(int(meta["year"]), tables, frames["ranked"], frames["primary"],
                     frames["secondary"], int(meta["min_n"]))


def forget() -> None:
    """Drop the published sets kept in memory (the on-disk cache keeps them)."""
    _MEMO.clear()


def published_tables(ctx: Analysis, *, progress: Callable[[str], None] | None = None
                     ) -> Published:
    """Every unit- and group-level table of the report, protected by one suppression call.

    Parameters
    ----------
    ctx : Analysis
        The analysis context (report year, unit table, ``min_n``, weighting, seed).
    progress : callable, optional
        Receives a line per stage when the set is computed (not when it comes from memory
        or the cache): cells built, suppression, ranking.

    Returns
    -------
    Published
        The protected tables (see :class:`Published`); computed once per process and kept in
        the context's on-disk cache, so every notebook of a report publishes the same pattern.

    Notes
    -----
    The cells given to :func:`akhlak_analysis.stats.disclosure.suppress` are: the province
    of each headline year (respondent mean and, with headcount weighting, the weighted mean),
    the OPDs of both years, the report year's sub-units, the groups of the province and of
    each OPD along every breakdown present, the change table's cells of both years
    (:func:`~akhlak_analysis.stats.disclosure.change_cells`) and the response counts per
    OPD; the hierarchy is the unit table's per year, with merged and renamed units' successors
    (:func:`~akhlak_analysis.stats.disclosure.hierarchy_from_units`); the headcounts are
    public. Every other table (target gaps, ranking, improvement areas, item table) shows
    a unit exactly when its OPD cell is shown, and the ranking's model is fitted on the shown
    OPDs only. R: ``sdcTable::protectTable`` on the same linked problem (module docstring of
    :mod:`akhlak_analysis.stats.disclosure`).

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> ctx = ak.Analysis.from_config(root / "data/sample/analysis.yaml", 2025)
    >>> pub = published_tables(ctx)  # doctest: +SKIP
    >>> opd = pub[names.OPD_INDEX]  # doctest: +SKIP
    >>> sorted(opd.loc[opd["suppressed"] & (opd["n"].isna()), "unit"])[:3]  # doctest: +SKIP
    ['BIRO_ADPEM', 'BIRO_KESRA', 'BPENGHUBUNG']
    """
    key = _cache_key(ctx)
    if key in _MEMO:
        return _MEMO[key]
    hit = ctx.cache.load(f"published_{ctx.year}", key) if ctx.cache_dir is not None else None
    if hit is not None:
        pub = _from_frames(*hit)
    else:
        pub = _build(ctx, progress or (lambda _line: None))
        ctx.cache.save(f"published_{ctx.year}", key, *_to_frames(pub))
    _MEMO[key] = pub
    return pub
