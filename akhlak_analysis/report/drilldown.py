"""From the smallest unit to the largest: sub-units, groups and items (notebook 04).

The drill-down tables, unsuppressed and at full precision: the index and value scores per
sub-unit within each OPD (:func:`subunit_index`), per demographic group for the province and
within each OPD (:func:`group_index`), and the OPD x item table with the province as
reference (:func:`opd_items`); and the notebook's generated conclusions
(:func:`describe_drilldown`). They are published only through
:func:`akhlak_analysis.report.publish.published_tables`, which protects them together with
every other table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..defaults import CONFIDENCE, WEIGHTING
from ..instrument import Instrument, load_instrument
from ..labels import format_number, label, lower_first, md_escape
from ..stats.scoring import index_table, item_scores
from . import names
from .sections import GROUP_COLUMNS

__all__ = ["BREAKDOWNS", "answer_shares", "breakdowns", "describe_drilldown", "group_index",
           "opd_items", "subunit_index"]

#: Demographic breakdowns, in report order (each used when the clean table has it).
BREAKDOWNS: tuple[str, ...] = GROUP_COLUMNS


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
    codes = [pd.factorize(s[k].astype(str), sort=True) for k in keys]
    cell = np.zeros(len(s), dtype=np.int64)  # one integer per combination (no string keys)
    for c, labels in codes:
        cell = cell * len(labels) + c
    t = index_table(s.assign(subunit=cell), by="subunit", units=None, min_n=1,
                    instrument=instrument, confidence=confidence)
    t = t[t["n"].fillna(0) > 0]
    rest = t["unit"].to_numpy(dtype=np.int64)
    for k, (_, labels) in zip(keys[::-1], codes[::-1], strict=True):
        t[k] = np.asarray(labels, dtype=object)[rest % len(labels)]
        rest = rest // len(labels)
    return t.drop(columns=["unit", "name", "headcount", "response_rate"])


def group_index(scores: pd.DataFrame, *, by: str, within: str = "province",
                instrument: str | Instrument, units=None, confidence: float = CONFIDENCE
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
        t = index_table(scores, by=by, units=units, weighting="none", min_n=1, instrument=ins,
                        confidence=confidence)
        t = t[t["n"].fillna(0) > 0].rename(columns={"unit": by})
    else:
        t = _domain_index(scores, ["opd", by], instrument=ins, confidence=confidence)
    t["unit"] = "province" if within == "province" else t["opd"]
    t["by"] = by
    t = t.rename(columns={by: "group"})
    nm = units.names() if units is not None else pd.Series(dtype=object)
    name = t["unit"].map(nm).astype(object)
    t["name"] = name.where(name.notna(), t["unit"]) if within == "opd" else "Keseluruhan"
    cols = ["unit", "name", "by", "group", "n", "culture_index", "ci_low", "ci_high",
            "category", *ins.value_codes, "pct_favourable"]
    return t[cols].sort_values(["unit", "group"]).reset_index(drop=True)


def subunit_index(scores: pd.DataFrame, *, units, year: int, instrument: str | Instrument,
                  weighting: str = WEIGHTING, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Index and value scores per sub-unit (bidang/UPT), with its OPD as ``parent``.

    Parameters
    ----------
    scores : DataFrame
        Respondent scores with ``subunit`` (missing = not in a sub-unit).
    units : UnitTable
        Names, parents and headcounts (FPC) of the sub-units.
    year : int
    instrument : str or Instrument
    weighting, confidence :
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
    ``index_table(scores, by="subunit", min_n=1)``: respondent means with the FPC of the
    sub-unit's headcount. R: ``survey::svyby(~culture_index, ~subunit, design, svymean)``.
    """
    t = index_table(scores, by="subunit", units=units, year=year, instrument=instrument,
                    weighting=weighting, min_n=1, confidence=confidence)
    t = t[t["n"].fillna(0) > 0].copy()
    t["parent"] = t["unit"].map(units.table.set_index("code")["parent"]).astype("string")
    return t.sort_values(["parent", "unit"]).reset_index(drop=True)


def opd_items(data: pd.DataFrame, *, instrument: str | Instrument, units=None,
              items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean item score (0-100) and % favourable per OPD and item, the province as reference.

    Parameters
    ----------
    data : DataFrame
        Clean respondents of one year (``opd`` and the item columns).
    instrument : str or Instrument
        Items, their values, statements and the favourable categories.
    units : UnitTable, optional
        OPD names.
    items : DataFrame, optional
        ``item_scores(data, instrument=instrument)`` when the caller has it already (a
        national survey's item scores take a second to compute).

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
    sc = item_scores(data, instrument=ins) if items is None else items
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


def _answer_counts(sc: pd.DataFrame, ins: Instrument, opd: np.ndarray
                   ) -> dict[str, pd.DataFrame]:
    """Answers, favourable, neutral and unfavourable answers per OPD (rows) and item."""
    lo, hi = ins.scale.min, ins.scale.max
    fav = sc >= (ins.scale.favourable_min - lo) / (hi - lo) * 100.0 - 1e-9
    mid = (lo + hi) / 2
    neutral = (sc - (mid - lo) / (hi - lo) * 100.0).abs() < 1e-9
    if not (float(mid).is_integer() and mid < ins.scale.favourable_min):
        neutral = neutral & False           # no middle answer: no neutral
    answered = sc.notna()
    parts = {"n_answered": answered, "favourable": fav & answered,
             "neutral": neutral & answered & ~fav}
    parts["unfavourable"] = answered & ~parts["favourable"] & ~parts["neutral"]
    return {k: v.astype(np.int64).groupby(opd).sum() for k, v in parts.items()}


def answer_shares(data: pd.DataFrame, *, instrument: str | Instrument, units=None,
                  items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Favourable, neutral and unfavourable answers per value and per item, for the whole
    organisation (``unit`` = ``"province"``) and each OPD (unsuppressed).

    Parameters
    ----------
    data : DataFrame
        Clean respondents of one year (``opd`` and the item columns).
    instrument : str or Instrument
        Items, values, the scale and its favourable categories.
    units : UnitTable, optional
        OPD names.
    items : DataFrame, optional
        ``item_scores(data, instrument=instrument)`` when the caller has it.

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``value``, ``item`` (empty on a value's row), ``statement``,
        ``n`` (respondents of the unit), ``n_answered`` (answers), ``pct_favourable``,
        ``pct_neutral``, ``pct_unfavourable`` (% of the answers, summing to 100); the
        organisation first, then the OPDs; in each, every value followed by its items.

    Notes
    -----
    Counts of answers, unweighted: favourable = the categories from the instrument's
    ``favourable_min`` up (after reversing a reverse-keyed item, as ``score_respondents``);
    neutral = the middle category of an odd scale when it is below ``favourable_min`` (a
    4-point scale has none: 0%); unfavourable = the rest. A value pools its items' answers.
    R: ``prop.table(table(cut(keyed, c(-Inf, mid - 1, mid, Inf))))`` per unit and item.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [5.0, 3.0, 1.0, 4.0] for c in ins.item_codes})
    >>> d["opd"] = ["A", "A", "B", "B"]
    >>> t = answer_shares(d, instrument=ins)
    >>> t.loc[t["item"].isna() & (t["value"] == "loyal"),
    ...       ["unit", "pct_favourable", "pct_neutral", "pct_unfavourable"]]
            unit  pct_favourable  pct_neutral  pct_unfavourable
    16  province            50.0         25.0              25.0
    44         A            50.0         50.0               0.0
    72         B            50.0          0.0              50.0
    """
    ins = load_instrument(instrument)
    sc = item_scores(data, instrument=ins) if items is None else items
    opd = data["opd"].astype(str).to_numpy()
    counts = _answer_counts(sc, ins, opd)
    size = pd.Series(opd).value_counts()
    nm = units.names() if units is not None else pd.Series(dtype=object)
    rows = []
    for unit in ["province", *sorted(counts["n_answered"].index)]:
        pick = (lambda c: c.sum()) if unit == "province" else (lambda c, u=unit: c.loc[u])
        per = {k: pick(v) for k, v in counts.items()}
        n = int(size.sum()) if unit == "province" else int(size[unit])
        for value, codes in ins.factors.items():
            for code in [None, *codes]:
                keys = list(codes) if code is None else [code]
                k = {name: int(per[name][keys].sum()) for name in per}
                rows.append({"unit": unit, "value": value, "item": code,
                             "statement": None if code is None else ins.item(code).text,
                             "n": n, **k})
    out = pd.DataFrame(rows)
    answered = out.pop("n_answered").to_numpy(dtype=float)
    for col in ("favourable", "neutral", "unfavourable"):
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"pct_{col}"] = out.pop(col).to_numpy(dtype=float) / answered * 100.0
    out.insert(5, "n_answered", answered.astype(np.int64))
    name = out["unit"].map(nm).astype(object)
    out.insert(1, "name", name.where(name.notna(), out["unit"]).astype(str))
    out.loc[out["unit"] == "province", "name"] = "Keseluruhan"  # as the group tables
    return out


def describe_drilldown(published, *, instrument: str | Instrument) -> str:
    """Generated conclusions of the drill-down (Indonesian Markdown bullets).

    Names the sub-unit and group with the lowest published index, the largest gap between
    groups of one breakdown in the province, and the item with the widest spread between
    OPDs, all from the protected tables of ``published``
    (:class:`~akhlak_analysis.report.publish.Published`).
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
            out.append(f"- Indeks sub-unit terendah: {md_escape(lo['name'])} "
                       f"({format_number(lo['culture_index'], 1)}); tertinggi: "
                       f"{md_escape(hi['name'])} "
                       f"({format_number(hi['culture_index'], 1)}).")
    grp = t.get(names.PROVINCE_GROUPS)
    if grp is not None and not grp.empty:
        shown = grp[~grp["suppressed"]]
        spread = shown.groupby("by")["culture_index"].agg(lambda x: x.max() - x.min())
        if not spread.empty:
            by = str(spread.sort_values(kind="stable").index[-1])
            g = shown[shown["by"] == by].sort_values(["culture_index", "group"])
            out.append(f"- Selisih antarkelompok terbesar di tingkat keseluruhan ada pada "
                       f"{lower_first(label(by))}: {md_escape(g['group'].iloc[-1])} "
                       f"({format_number(g['culture_index'].iloc[-1], 1)}) dan "
                       f"{md_escape(g['group'].iloc[0])} ({format_number(g['culture_index'].iloc[0], 1)}), "
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
            out.append(f"- Butir dengan skor keseluruhan terendah: {code} "
                       f"({ins.value_name(ins.item(code).value)}), "
                       f"{format_number(low.iloc[0], 1)}: \"{ins.item(code).text}\".")
    out.append("- " + published.policy_text())
    return "\n".join(out)


