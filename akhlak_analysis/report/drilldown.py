"""From the smallest unit to the largest: sub-units, groups, items, and the published tables.

Two jobs, one module:

1. **Drill-down tables** (unsuppressed, full precision): the index and value scores per
   sub-unit within each OPD (:func:`subunit_index`), per demographic group for the province
   and within each OPD (:func:`group_index`), and the OPD x item table with the province as
   reference (:func:`opd_items`).
2. **The published set** (:func:`published_tables`): every unit- and group-level table the
   report publishes (OPD index, sub-units, groups, target gaps, response rates, ranking,
   improvement areas, change per OPD, both years' province figures) is built once,
   unsuppressed, and protected by **one** call of
   :func:`akhlak_analysis.stats.disclosure.suppress` over the linked set (primary
   suppression, complementary suppression and the differencing audit). The notebooks save and
   show only these protected tables; the ranking ranks only the published OPDs.

The result is deterministic (no random step besides the ranking's seeded draws) and is kept on
disk beside the clean-table cache (``ctx.cache_dir``) under a hash of its inputs, so the
notebooks of one report compute it once.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..instrument import Instrument, load_instrument
from ..labels import format_number
from ..stats import disclosure
from ..stats.scoring import index_table, item_scores
from . import names
from .sections import GROUP_COLUMNS

__all__ = ["BREAKDOWNS", "Published", "audit_inputs", "breakdowns", "describe_drilldown",
           "group_index", "opd_items", "policy_text", "protect", "published_tables",
           "subunit_index", "suppression_summary"]

#: Demographic breakdowns, in report order (each used when the clean table has it).
BREAKDOWNS: tuple[str, ...] = GROUP_COLUMNS
_FORMAT = 1


def breakdowns(ctx: Analysis) -> list[str]:
    """The demographic breakdowns present (at least two groups) in the report year.

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> breakdowns(ak.Analysis.from_config(root / "data/sample/analysis.yaml"))
    ['gender', 'age_band', 'tenure_band', 'position_type', 'employment', 'grade']
    """
    return [b for b in BREAKDOWNS if ctx.has(b)]


# --------------------------------------------------------------------------------------
# drill-down tables (unsuppressed)
# --------------------------------------------------------------------------------------
def _domain_index(scores: pd.DataFrame, keys: Sequence[str], *, instrument: Instrument,
                  confidence: float) -> pd.DataFrame:
    """``index_table`` on the cells of ``keys`` (respondent means, no FPC: N is unknown)."""
    s = scores.dropna(subset=list(keys))
    key = s[list(keys)].astype(str).agg("\x1f".join, axis=1)
    t = index_table(s.assign(subunit=key.to_numpy()), "subunit", units=None, min_n=1,
                    instrument=instrument, confidence=confidence)
    t = t[t["n"].fillna(0) > 0]
    parts = t["unit"].astype(str).str.split("\x1f", expand=True)
    for j, k in enumerate(keys):
        t[k] = parts[j].to_numpy()
    return t.drop(columns=["unit", "name", "headcount", "response_rate"])


def group_index(scores: pd.DataFrame, *, by: str, within: str = "province",
                instrument: str | Instrument, units=None, confidence: float = 0.95
                ) -> pd.DataFrame:
    """Index and value scores per demographic group, for the province or within each OPD.

    Parameters
    ----------
    scores : DataFrame
        From :func:`~akhlak_analysis.stats.scoring.score_respondents` (one year), with the
        ``by`` column and ``opd``.
    by : str
        The breakdown column (``gender``, ``age_band``, ...).
    within : {"province", "opd"}
        Groups of the whole province, or of each OPD.
    instrument : str or Instrument
    units : UnitTable, optional
        OPD names.
    confidence : float
        Interval level.

    Returns
    -------
    DataFrame
        ``unit`` (``"province"`` or the OPD code), ``name``, ``by``, ``group``, ``n``,
        ``culture_index``, ``ci_low``, ``ci_high``, ``category``, one column per value code,
        ``pct_favourable``; unsuppressed (``n >= 1``), sorted by unit and group.

    Notes
    -----
    Respondent means of each domain (unweighted, so that a parent is the respondent-weighted
    sum of its groups, as :func:`~akhlak_analysis.stats.disclosure.suppress` assumes). The
    province's groups are domains of the stratified design of
    :func:`~akhlak_analysis.stats.scoring.index_table` (``by=<group>``, strata = OPDs, FPC
    from the headcounts): R ``svyby(~culture_index, ~gender, svydesign(ids = ~1, strata =
    ~opd, fpc = ~N, data = d), svymean)``. A group within one OPD is a domain of that OPD's
    stratum, without FPC (its headcount is unknown).

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0] * 6 + [5.0] * 6 for c in ins.item_codes})
    >>> d["opd"], d["gender"] = "A", ["L", "P"] * 6
    >>> from akhlak_analysis.stats.scoring import score_respondents
    >>> t = group_index(score_respondents(d, instrument=ins), by="gender", instrument=ins)
    >>> t[["unit", "by", "group", "n", "culture_index"]]
           unit      by group  n  culture_index
    0  province  gender     L  6           87.5
    1  province  gender     P  6           87.5
    """
    ins = load_instrument(instrument)
    if within not in ("province", "opd"):
        raise ValueError(f"within must be 'province' or 'opd', got {within!r}")
    if by not in scores.columns:
        raise ValueError(f"the scores have no {by!r} column")
    if within == "province":  # a domain of the survey design (strata = OPDs)
        t = index_table(scores, by, units=units, weights="none", min_n=1, instrument=ins,
                        confidence=confidence)
        t = t[t["n"].fillna(0) > 0].rename(columns={"unit": by})
    else:
        t = _domain_index(scores, ["opd", by], instrument=ins, confidence=confidence)
    t["unit"] = "province" if within == "province" else t["opd"]
    t["by"] = by
    t = t.rename(columns={by: "group"})
    nm = units.names() if units is not None else pd.Series(dtype=object)
    name = t["unit"].map(nm).astype(object)
    t["name"] = name.where(name.notna(), t["unit"]) if within == "opd" else "Provinsi"
    cols = ["unit", "name", "by", "group", "n", "culture_index", "ci_low", "ci_high",
            "category", *ins.value_codes, "pct_favourable"]
    return t[cols].sort_values(["unit", "group"]).reset_index(drop=True)


def subunit_index(scores: pd.DataFrame, *, units, year: int, instrument: str | Instrument,
                  weights: str = "headcount", confidence: float = 0.95) -> pd.DataFrame:
    """Index and value scores per sub-unit (bidang/UPT), with its OPD as ``parent``.

    Parameters
    ----------
    scores : DataFrame
        Respondent scores with ``subunit`` (missing = not in a sub-unit).
    units : UnitTable
        Names, parents and headcounts (FPC) of the sub-units.
    year : int
    instrument : str or Instrument
    weights, confidence :
        As :func:`~akhlak_analysis.stats.scoring.index_table`.

    Returns
    -------
    DataFrame
        The columns of :func:`~akhlak_analysis.stats.scoring.index_table` (``unit``,
        ``name``, ``n``, ``headcount``, ``response_rate``, ``culture_index``, ``ci_low``,
        ``ci_high``, ``category``, the value codes, ``pct_favourable``, ``suppressed``: here
        always False, the table is unsuppressed) and ``parent`` (the OPD), sorted by parent.

    Notes
    -----
    ``index_table(scores, "subunit", min_n=1)``: respondent means with the FPC of the
    sub-unit's headcount. R: ``survey::svyby(~culture_index, ~subunit, design, svymean)``.
    """
    t = index_table(scores, "subunit", units=units, year=year, instrument=instrument,
                    weights=weights, min_n=1, confidence=confidence)
    t = t[t["n"].fillna(0) > 0].copy()
    t["parent"] = t["unit"].map(units.table.set_index("code")["parent"]).astype("string")
    return t.sort_values(["parent", "unit"]).reset_index(drop=True)


def opd_items(data: pd.DataFrame, *, instrument: str | Instrument, units=None) -> pd.DataFrame:
    """Mean item score (0-100) and % favourable per OPD and item, the province as reference.

    Parameters
    ----------
    data : DataFrame
        Clean respondents of one year (``opd`` and the item columns).
    instrument : str or Instrument
        Items, their values, statements and the favourable categories.
    units : UnitTable, optional
        OPD names.

    Returns
    -------
    DataFrame
        One row per OPD and item: ``unit``, ``name``, ``item``, ``value``, ``statement`` (in
        full), ``n`` (respondents of the OPD), ``n_answered``, ``score`` (mean item score
        0-100), ``pct_favourable`` (answers in the favourable categories, after reversal,
        in % of the answers), ``province_score``, ``province_pct_favourable``, ``gap`` (score
        - province_score).

    Notes
    -----
    Unweighted means of the answered items; the favourable rule is the one of
    ``score_respondents`` (``n_favourable``). R: ``aggregate(score ~ opd, d, mean)``.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0, 5.0, 2.0] for c in ins.item_codes})
    >>> d["opd"] = ["A", "A", "B"]
    >>> t = opd_items(d, instrument=ins)
    >>> t.loc[t["item"] == "BP1", ["unit", "n", "score", "pct_favourable", "province_score"]]
       unit  n  score  pct_favourable  province_score
    0     A  2   87.5           100.0       66.666667
    21    B  1   25.0             0.0       66.666667
    """
    ins = load_instrument(instrument)
    sc = item_scores(data, instrument=ins)
    lo, hi = ins.scale.min, ins.scale.max
    fav_score = (ins.scale.favourable_min - lo) / (hi - lo) * 100.0 - 1e-9
    fav = (sc >= fav_score).astype(float).where(sc.notna())
    opd = data["opd"].astype(str).to_numpy()
    mean = sc.groupby(opd).mean()
    share = fav.groupby(opd).mean() * 100.0
    answered = sc.notna().groupby(opd).sum()
    size = pd.Series(opd).value_counts()
    rows = []
    for it in ins.items:
        c = it.code
        rows.append(pd.DataFrame({"unit": mean.index, "item": c, "value": it.value,
                                  "statement": it.text, "n": size.reindex(mean.index).to_numpy(),
                                  "n_answered": answered[c].to_numpy(),
                                  "score": mean[c].to_numpy(),
                                  "pct_favourable": share[c].to_numpy(),
                                  "province_score": float(sc[c].mean()),
                                  "province_pct_favourable": float(fav[c].mean() * 100.0)}))
    out = pd.concat(rows, ignore_index=True)
    out["gap"] = out["score"] - out["province_score"]
    nm = units.names() if units is not None else pd.Series(dtype=object)
    name = out["unit"].map(nm).astype(object)
    out.insert(1, "name", name.where(name.notna(), out["unit"]).astype(str))
    order = {c: j for j, c in enumerate(ins.item_codes)}
    out = out.sort_values(["unit", "item"], key=lambda s: s.map(order) if s.name == "item"
                          else s, kind="stable")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------
# the published set: built once, protected by one call of disclosure.suppress
# --------------------------------------------------------------------------------------
@dataclass
class Published:
    """The report's unit- and group-level tables after disclosure control.

    Attributes
    ----------
    year : int
        Report year.
    tables : dict of str to DataFrame
        Protected tables under their :mod:`.names` constant (``indeks_opd``,
        ``indeks_subunit``, ``indeks_kelompok_provinsi``, ``indeks_kelompok_opd``,
        ``butir_opd``, ``jarak_target_opd``, ``tingkat_respons``, ``peringkat_opd``,
        ``area_perbaikan``, ``perubahan_opd``), each with ``suppressed`` (and, where the
        table has ``n``, ``suppression``: ``primary`` / ``secondary``).
    ranked : DataFrame
        :func:`~akhlak_analysis.stats.rank.rank_units` output with hidden OPDs blanked and
        the ranks renumbered among the published OPDs (for the ranking charts).
    primary, secondary : DataFrame
        The hidden cells (``year``, ``unit``, ``by``, ``group``, ``n``, ``reason``): for the
        audit only, never published (their ``n`` is hidden).
    min_n : int
        The threshold.
    """

    year: int
    tables: dict[str, pd.DataFrame]
    ranked: pd.DataFrame | None
    primary: pd.DataFrame
    secondary: pd.DataFrame
    min_n: int
    notes: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __contains__(self, name: str) -> bool:
        return name in self.tables


def _cell_columns(t: pd.DataFrame, ins: Instrument) -> list[str]:
    keep = ["year", "unit", "by", "group", "n", "culture_index", *ins.value_codes,
            "pct_favourable", "weighting", "measure"]
    return [c for c in keep if c in t.columns]


def _cells_of(t: pd.DataFrame, ins: Instrument, year: int) -> pd.DataFrame:
    out = t.assign(year=year)
    out = out[out["n"].fillna(0) > 0]
    out = out[_cell_columns(out, ins)].copy()
    out["n"] = out["n"].astype("int64")
    return out.reset_index(drop=True)


def _province_cells(ctx: Analysis, y: int) -> pd.DataFrame:
    ins = ctx.instrument(y)
    s = ctx.scores(y)
    rows = [index_table(s, "province", units=ctx.units, year=y, weights="none", min_n=1,
                        instrument=ins, confidence=ctx.confidence).assign(
        weighting="respondents")]
    hc = ctx.units.headcount(y, level="opd")
    present = s.loc[s["culture_index"].notna(), "opd"].astype(str).unique()
    if ctx.weighting == "headcount" and pd.Index(present).isin(hc.index).all():
        rows.append(index_table(s, "province", units=ctx.units, year=y, weights="headcount",
                                min_n=1, instrument=ins, confidence=ctx.confidence).assign(
            weighting="headcount"))
    return _cells_of(pd.concat(rows, ignore_index=True), ins, y)


def _raw_tables(ctx: Analysis) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """(cells given to ``suppress``, unsuppressed report tables), both of the report year."""
    from ..stats.targets import target_gaps
    from .quality import response_rates

    y, ins, units = ctx.year, ctx.instrument(), ctx.units
    s = ctx.scores()
    kw = {"instrument": ins, "confidence": ctx.confidence}
    raw: dict[str, pd.DataFrame] = {}
    raw[names.OPD_INDEX] = index_table(s, "opd", units=units, year=y, min_n=1,
                                       weights=ctx.weighting, **kw)
    cells = {f"province_{yy}": _province_cells(ctx, yy) for yy in ctx.headline_years}
    cells[f"opd_{y}"] = _cells_of(raw[names.OPD_INDEX], ins, y)
    if ctx.has("subunit"):
        raw[names.SUBUNIT_INDEX] = subunit_index(s, units=units, year=y,
                                                 weights=ctx.weighting, **kw)
        cells[f"subunit_{y}"] = _cells_of(raw[names.SUBUNIT_INDEX], ins, y)
    groups = breakdowns(ctx)
    if groups:
        for name, within in ((names.PROVINCE_GROUPS, "province"), (names.GROUP_INDEX, "opd")):
            raw[name] = pd.concat([group_index(s, by=b, within=within, units=units, **kw)
                                   for b in groups], ignore_index=True)
            cells[f"{name}_{y}"] = _cells_of(raw[name], ins, y)
    raw[names.OPD_ITEMS] = opd_items(ctx.data(), instrument=ins, units=units)
    raw[names.TARGET_GAPS] = target_gaps(ctx.data(), units=units, year=y, instrument=ins,
                                         target=ctx.target, min_n=1, confidence=ctx.confidence)
    rates = response_rates(ctx.data(), units, y, min_n=1)
    raw[names.RESPONSE_RATES] = rates
    if ctx.has("previous_year"):
        prev = ctx.previous_year
        cells[f"opd_{prev}"] = _cells_of(index_table(
            ctx.scores(prev), "opd", units=units, year=prev, min_n=1,
            instrument=ctx.instrument(prev), confidence=ctx.confidence), ctx.instrument(prev),
            prev)
        raw[names.UNIT_CHANGE] = _change_raw(ctx)
        cells["change"] = disclosure.change_cells(raw[names.UNIT_CHANGE],
                                                  years=(prev, y), measures=_measures(ctx))
    return cells, raw


def _measures(ctx: Analysis) -> dict[int, str]:
    """A year whose instrument has items outside the common set has its own measure."""
    prev = ctx.previous_year
    common = set(ctx.instrument().common_items(ctx.instrument(prev)))
    return {yy: "common_items" for yy in (prev, ctx.year)
            if set(ctx.instrument(yy).item_codes) != common}


def _change_raw(ctx: Analysis) -> pd.DataFrame:
    from ..stats.change import compare_years

    return compare_years(ctx.data_by_year(), units=ctx.units,
                         instrument_by_year=ctx.instrument_by_year(), min_n=1,
                         confidence=ctx.confidence)


#: descriptive columns kept in hidden rows (besides disclosure.KEY_COLUMNS)
_DESCRIPTIVE = ("item", "value", "statement", "peer_group", "measure", "weighting")


def _hidden_keys(res: disclosure.SuppressionResult) -> set[tuple]:
    both = pd.concat([res.primary, res.secondary], ignore_index=True)
    return {(int(y), str(u), str(b), str(g).split("#")[0] if "#" in str(g) else str(g))
            for y, u, b, g in zip(both["year"], both["unit"], both["by"], both["group"],
                                  strict=True)}


def _row_mask(table: pd.DataFrame, hidden: set[tuple], year: int) -> np.ndarray:
    by = table["by"].astype(str) if "by" in table.columns else pd.Series("", index=table.index)
    grp = (table["group"].astype(str) if "group" in table.columns
           else pd.Series("", index=table.index))
    return np.array([(year, str(u), b, g) in hidden for u, b, g in
                     zip(table["unit"], by, grp, strict=True)], dtype=bool)


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
    hidden = published.notes.get("_hidden")  # type: ignore[assignment]
    keys = hidden if isinstance(hidden, set) else _hidden_keys_from(published)
    return _protect(table, keys, published.year if year is None else year, published.min_n)


def _hidden_keys_from(published: Published) -> set[tuple]:
    res = disclosure.SuppressionResult({}, published.primary, published.secondary)
    return _hidden_keys(res)


def _protect(table: pd.DataFrame, hidden: set[tuple], year: int, min_n: int) -> pd.DataFrame:
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
        out = disclosure.blank_suppressed(base, min_n=min_n, secondary=mask, columns=cols)
        return out
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
            shift = np.array([(gone < v).sum() if pd.notna(v) else 0 for v in src], float)
            val = src.to_numpy(dtype=float, na_value=np.nan) - shift
            val[sub["suppressed"].to_numpy()] = np.nan
            out.iloc[idx, out.columns.get_loc(col)] = pd.array(
                [pd.NA if np.isnan(v) else int(v) for v in val], dtype="Int64")
    return out.drop(columns=["_rank0"], errors="ignore")


def _cache_path(ctx: Analysis) -> Path | None:
    if ctx.cache_dir is None:
        return None
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(f"format={_FORMAT}".encode())
    for y in ctx.years:
        h.update(ctx.cache_key(y).encode())
    h.update(repr((ctx.year, ctx.min_n, ctx.weighting, ctx.confidence, ctx.seed, ctx.target,
                   ctx.units.table.to_csv())).encode())
    for mod in ("report/drilldown.py", "report/quality.py", "report/ranking.py",
                "stats/disclosure.py", "stats/_sdc.py", "stats/scoring.py", "stats/rank.py",
                "stats/change.py", "stats/targets.py", "report/year_over_year.py"):
        h.update((root / mod).read_bytes())
    return ctx.cache_dir / f"published_{ctx.year}_{h.hexdigest()[:32]}.pickle"


def published_tables(ctx: Analysis) -> Published:
    """Every unit- and group-level table of the report, protected by one suppression call.

    Parameters
    ----------
    ctx : Analysis
        The analysis context (report year, unit table, ``min_n``, weighting, seed).

    Returns
    -------
    Published
        The protected tables (see :class:`Published`); computed once per context and kept
        in the context's cache folder, so every notebook of a report publishes the same
        pattern.

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
    a unit exactly when its OPD cell is shown. R: ``sdcTable::protectTable`` on the same
    linked problem (module docstring of :mod:`akhlak_analysis.stats.disclosure`).

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
    memo = ctx.__dict__.setdefault("_published_memo", {})
    if ctx.year in memo:
        return memo[ctx.year]
    path = _cache_path(ctx)
    if path is not None and path.is_file():
        with open(path, "rb") as f:
            pub = pickle.load(f)
    else:
        pub = _build_published(ctx)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with open(tmp, "wb") as f:
                pickle.dump(pub, f, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
    memo[ctx.year] = pub
    return pub


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


def _build_published(ctx: Analysis) -> Published:
    from ..stats.rank import improvement_areas, rank_units
    from .ranking import improvement_table
    from .year_over_year import change_notes

    y, ins, units = ctx.year, ctx.instrument(), ctx.units
    cells, raw = _raw_tables(ctx)
    hc = disclosure.headcounts_from_units(units, years=ctx.headline_years)
    res = disclosure.suppress(cells, hierarchy=_hierarchy(ctx), min_n=ctx.min_n,
                              headcounts=hc)
    hidden = _hidden_keys(res)
    tables: dict[str, pd.DataFrame] = {}
    for name in (names.OPD_INDEX, names.SUBUNIT_INDEX, names.PROVINCE_GROUPS,
                 names.GROUP_INDEX, names.OPD_ITEMS):
        if name in raw:
            tables[name] = _protect(raw[name], hidden, y, ctx.min_n)
    # an OPD's items are shown exactly when the OPD is
    opd_hidden = {(y, u, "", "") for u in tables[names.OPD_INDEX].loc[
        tables[names.OPD_INDEX]["suppressed"], "unit"]}
    tables[names.OPD_ITEMS] = _protect(raw[names.OPD_ITEMS], opd_hidden | hidden, y, ctx.min_n)
    for name in (names.TARGET_GAPS, names.RESPONSE_RATES):
        t = _protect(raw[name], hidden, y, ctx.min_n)
        key = "culture_index" if "culture_index" in t.columns else "response_rate"
        tables[name] = t.sort_values(["suppressed", key, "unit"],
                                     ascending=[True, False, True], kind="stable",
                                     ignore_index=True)
    s = ctx.scores()
    ranked = rank_units(s, units=units, year=y, min_n=ctx.min_n, seed=ctx.seed,
                        confidence=ctx.confidence, instrument=ins)
    ranked = _protect(ranked, hidden, y, ctx.min_n)
    ranked = ranked.sort_values(["suppressed", "rank", "unit"], kind="stable",
                                ignore_index=True)
    from .ranking import ranking_table
    tables[names.RANKING] = ranking_table(ranked)
    area = improvement_areas(s, items=item_scores(ctx.data(), instrument=ins), instrument=ins,
                             min_n=ctx.min_n, order="gap")
    area = area.assign(suppressed=area["suppressed"].astype(bool)
                       | _row_mask(area, hidden, y))
    tables[names.IMPROVEMENT] = improvement_table(
        area, instrument=ins, names=units.names(),
        order=ranked.loc[~ranked["suppressed"], "unit"].tolist())
    if names.UNIT_CHANGE in raw:
        prev = ctx.previous_year
        from ..stats.change import compare_years
        shown = change_notes(compare_years(ctx.data_by_year(), units=units,
                                           instrument_by_year=ctx.instrument_by_year(),
                                           min_n=ctx.min_n, confidence=ctx.confidence),
                             units=units, min_n=ctx.min_n)
        note = shown["note"].astype("string")
        blanked = disclosure.blank_changes(shown, res, years=(prev, y),
                                           measures=_measures(ctx))
        sup = blanked["suppressed"].to_numpy()
        own = note.fillna("")
        protected = ~own.str.startswith("disembunyikan").to_numpy() & sup
        note[protected] = [("disembunyikan (pelindung kelompok kecil)" + (f"; {o}" if o else ""))
                           for o in own[protected]]
        blanked["note"] = note
        prim = {(int(a), str(b)) for a, b, by in zip(res.primary["year"], res.primary["unit"],
                                                      res.primary["by"], strict=True) if not by}
        small = np.array([any((yy, str(u)) in prim for yy in (prev, y))
                          for u in blanked["unit"]], dtype=bool)
        blanked["suppression"] = pd.array(np.where(small & sup, "primary", np.where(
            sup, "secondary", None)), dtype="string")
        for c in ("significant", "compared"):  # flags: a hidden change is not compared
            if c in blanked.columns:
                blanked[c] = blanked[c].fillna(False).astype(bool)
        tables[names.UNIT_CHANGE] = blanked
    pub = Published(y, tables, ranked, res.primary, res.secondary, ctx.min_n)
    pub.notes["_hidden"] = hidden  # type: ignore[assignment]
    return pub


# --------------------------------------------------------------------------------------
# what was hidden, in numbers and words
# --------------------------------------------------------------------------------------
def suppression_summary(published: Published) -> pd.DataFrame:
    """Hidden rows per published table: primary (``n < min_n``) and secondary (protection).

    Parameters
    ----------
    published : Published

    Returns
    -------
    DataFrame
        ``table`` (the :mod:`.names` constant), ``rows``, ``shown``, ``primary``,
        ``secondary`` (rows hidden to protect a small group against differencing) and
        ``hidden`` (primary + secondary). Counts only: it names no hidden unit's ``n``.
    """
    rows = []
    for name, t in sorted(published.tables.items()):
        if "suppressed" not in t.columns:  # hidden units left out (improvement areas)
            opd = published.tables[names.OPD_INDEX]
            sec = int(_secondary_rows(opd, published).sum())
            rows.append({"table": name, "rows": len(opd), "shown": len(t),
                         "primary": len(opd) - len(t) - sec, "secondary": sec,
                         "hidden": len(opd) - len(t)})
            continue
        sup = t["suppressed"].astype(bool).to_numpy()
        if "suppression" in t.columns:
            reason = t["suppression"].astype("string").fillna("")
            prim = int((reason == "primary").sum())
        else:
            prim = int(sup.sum()) - int(_secondary_rows(t, published).sum())
        rows.append({"table": name, "rows": len(t), "shown": int((~sup).sum()),
                     "primary": prim, "secondary": int(sup.sum()) - prim,
                     "hidden": int(sup.sum())})
    return pd.DataFrame(rows)


def _secondary_rows(t: pd.DataFrame, published: Published) -> np.ndarray:
    sec = {(int(y), str(u), str(b), str(g).split("#")[0]) for y, u, b, g in zip(
        published.secondary["year"], published.secondary["unit"], published.secondary["by"],
        published.secondary["group"], strict=True)}
    return _row_mask(t, sec, published.year) & t["suppressed"].astype(bool).to_numpy()


def policy_text(published: Published) -> str:
    """The disclosure policy as applied, in Indonesian (data-quality page, method slide).

    Examples
    --------
    >>> pub = Published(2025, {"indeks_opd": pd.DataFrame({"unit": ["A", "B", "C"],
    ...     "suppressed": [True, True, False], "suppression": ["primary", "secondary", None]})},
    ...     None, pd.DataFrame(), pd.DataFrame(), 10)
    >>> policy_text(pub)[:60]
    'Kelompok dengan kurang dari 10 responden disembunyikan (angk'
    """
    summ = suppression_summary(published)
    k = published.min_n
    prim, sec = int(summ["primary"].sum()), int(summ["secondary"].sum())
    text = (f"Kelompok dengan kurang dari {k} responden disembunyikan (angka dan jumlah "
            "respondennya dikosongkan) di semua tabel, buku kerja, salindia, halaman HTML dan "
            "rapor OPD. Karena angka provinsi dan OPD adalah jumlah dari bagian-bagiannya, "
            "beberapa kelompok lain yang cukup besar ikut disembunyikan sebagai pelindung "
            "(penyembunyian sekunder), sehingga angka kelompok kecil tidak dapat dihitung "
            "balik dengan pengurangan antar-tabel, antar-tingkat (provinsi, OPD, sub-unit, "
            "kelompok pegawai) maupun antartahun; rentang yang mungkin bagi setiap rerata "
            "kelompok kecil tetap sedikitnya 4 poin.")
    text += (f" Pada laporan ini: {format_number(prim, 0)} baris disembunyikan karena "
             f"kelompoknya kecil dan {format_number(sec, 0)} baris sebagai pelindung.")
    return text


def describe_drilldown(published: Published, *, instrument: str | Instrument) -> str:
    """Generated conclusions of the drill-down (Indonesian Markdown bullets).

    Names the sub-unit and group with the lowest published index, the largest gap between
    groups of one breakdown in the province, and the item with the widest spread between
    OPDs, all from the protected tables.
    """
    ins = load_instrument(instrument)
    t = published.tables
    out = []
    sub = t.get(names.SUBUNIT_INDEX)
    if sub is not None:
        shown = sub[~sub["suppressed"]]
        out.append(f"- {format_number(len(shown), 0)} dari {format_number(len(sub), 0)} "
                   "sub-unit ditampilkan.")
        if not shown.empty:
            lo = shown.sort_values(["culture_index", "unit"]).iloc[0]
            hi = shown.sort_values(["culture_index", "unit"]).iloc[-1]
            out.append(f"- Indeks sub-unit terendah: {lo['name']} "
                       f"({format_number(lo['culture_index'], 1)}); tertinggi: {hi['name']} "
                       f"({format_number(hi['culture_index'], 1)}).")
    grp = t.get(names.PROVINCE_GROUPS)
    if grp is not None and not grp.empty:
        shown = grp[~grp["suppressed"]]
        spread = shown.groupby("by")["culture_index"].agg(lambda x: x.max() - x.min())
        if not spread.empty:
            by = str(spread.sort_values(kind="stable").index[-1])
            g = shown[shown["by"] == by].sort_values(["culture_index", "group"])
            out.append(f"- Selisih antarkelompok terbesar di tingkat provinsi ada pada "
                       f"{_BY_LABELS.get(by, by)}: {g['group'].iloc[-1]} "
                       f"({format_number(g['culture_index'].iloc[-1], 1)}) dan "
                       f"{g['group'].iloc[0]} ({format_number(g['culture_index'].iloc[0], 1)}), "
                       f"selisih {format_number(spread[by], 1)} poin.")
    items = t.get(names.OPD_ITEMS)
    if items is not None:
        shown = items[~items["suppressed"]]
        if not shown.empty:
            sd = shown.groupby("item")["score"].std().dropna()
            if not sd.empty:
                code = str(sd.sort_values(kind="stable").index[-1])
                it = ins.item(code)
                out.append(f"- Butir dengan perbedaan antar-OPD terbesar: {code} "
                           f"({ins.value_name(it.value)}), \"{it.text}\" (simpangan baku "
                           f"antar-OPD {format_number(sd[code], 1)} poin).")
            low = shown.groupby("item")["province_score"].first().sort_values(kind="stable")
            code = str(low.index[0])
            out.append(f"- Butir dengan skor provinsi terendah: {code} "
                       f"({ins.value_name(ins.item(code).value)}), "
                       f"{format_number(low.iloc[0], 1)}: \"{ins.item(code).text}\".")
    out.append("- " + policy_text(published))
    return "\n".join(out)


_BY_LABELS = {"gender": "jenis kelamin", "age_band": "kelompok usia",
              "tenure_band": "masa kerja", "position_type": "jenis jabatan",
              "employment": "status kepegawaian", "grade": "golongan"}
