"""The Indeks Budaya Kerja: respondents -> value scores -> index; tables by unit; the headline.

Definition
----------
1. Reverse-keyed items: ``x' = min + max - x``.
2. Item score on 0-100: ``(x' - min) / (max - min) * 100`` (the UK People Survey's
   0/25/50/75/100 on a 5-point scale).
3. Value score of a respondent: mean of that value's answered item scores, only if at least
   ``min_item_share`` (default half) of its items are answered; else missing.
4. Respondent index (``culture_index``): mean of the seven value scores, only when all seven
   exist (``require_all_values=True``); else missing (and counted).
5. Unit index: mean of its respondents' indices; unit value scores likewise.
6. Parent level (OPD type, province) and demographic domains: headcount-weighted (Hájek)
   mean with the weight ``N_h / n_h`` for each respondent of OPD ``h`` when every OPD's
   headcount is known (post-stratification by OPD: every civil servant weighs the same,
   whatever his OPD's response rate); otherwise the respondent mean. :func:`overall_index`
   reports both. The rule is :func:`akhlak_analysis.stats.survey.headcount_weights`.
7. Intervals: every table is a set of domains of one design, computed by
   :mod:`akhlak_analysis.stats.survey`. Default (``design="stratified"``): the OPDs are
   strata, all observed, each with its headcount as FPC, R's ``svydesign(ids = ~1,
   strata = ~opd, fpc = ~N, weights = ~N/n)``; a unit's variance is ``(1 - n/N) s^2 / n``, a
   domain's (OPD type, gender, sub-unit, ...) that of ``svyby``, with t on R's ``degf`` of
   the domain (respondents minus OPDs touched). ``design="cluster"`` treats the OPDs as a
   sample of units (``svydesign(ids = ~opd, weights = ~N/n)``; with ``population_units`` a
   first-stage FPC and the second stage within units: ``ids = ~opd + id,
   fpc = ~J_pop + N``), for data where institutions were sampled. Intervals are never clipped.
8. Category from the instrument's bands; gap to the target range; ``pct_favourable`` = share of
   answers in the top two categories (after reversal), in percent.
9. Units with fewer respondents than ``min_n`` are suppressed in every table (row kept,
   ``suppressed`` true, values blank) but their respondents still count in the parent levels.

Worked example (5-point scale, one value with items A, B and reverse-keyed C): answers
A = 4, B = 5, C = 2 give item scores 75, 100 and (1 + 5 - 2 - 1) / 4 * 100 = 75, so the value
score is (75 + 100 + 75) / 3 = 83.3. With A missing the value score is (100 + 75) / 2 = 87.5
(2 of 3 items >= half); with A and B missing it is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..checks import check_choice, check_count, check_range
from ..data.io import UnitTable
from ..defaults import CONFIDENCE, MIN_N, TARGET, WEIGHTING, WEIGHTINGS
from ..errors import DataError
from ..instrument import Instrument, load_instrument
from . import survey

__all__ = ["index_table", "item_scores", "overall_index", "score_respondents"]

ID_COLUMNS = ("respondent_id", "year", "opd", "subunit", "opd_type", "employment",
              "position_type", "grade", "gender", "age_band", "tenure_band")
LEVELS = ("subunit", "opd", "opd_type", "province")
DOMAINS = ("gender", "age_band", "tenure_band", "position_type", "employment", "grade")


def _item_matrix(data: pd.DataFrame, ins: Instrument) -> np.ndarray:
    missing = [c for c in ins.item_codes if c not in data.columns]
    if missing:
        raise DataError(f"item columns {missing} of {ins.name} are missing from the data",
                        column=missing[0])
    x = data[ins.item_codes].to_numpy(dtype="float64", na_value=np.nan, copy=True)
    lo, hi = ins.scale.min, ins.scale.max
    bad = np.isfinite(x) & ((x < lo) | (x > hi))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise DataError(f"answer {x[r, c]:g} outside the scale {lo}-{hi}; clean the data first",
                        column=ins.item_codes[c], rows=[int(r)])
    rev = np.array([it.reverse for it in ins.items])
    x[:, rev] = lo + hi - x[:, rev]
    return x


def item_scores(data: pd.DataFrame, *, instrument: str | Instrument) -> pd.DataFrame:
    """Item scores on 0-100 (reverse-keyed items reversed first), one column per item.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2025")
    >>> d = pd.DataFrame({c: [4.0] for c in ins.item_codes})
    >>> item_scores(d, instrument=ins)[["KO3", "KO4"]]
        KO3   KO4
    0  75.0  25.0
    """
    ins = load_instrument(instrument)
    x = _item_matrix(data, ins)
    lo, hi = ins.scale.min, ins.scale.max
    return pd.DataFrame((x - lo) / (hi - lo) * 100.0, columns=ins.item_codes, index=data.index)


def score_respondents(data: pd.DataFrame, *, instrument: str | Instrument,
                      min_item_share: float = 0.5,
                      require_all_values: bool = True) -> pd.DataFrame:
    """Value scores and the culture index of every respondent.

    Parameters
    ----------
    data : DataFrame
        Clean respondents: item columns coded on the instrument's scale (NaN = missing) and
        any of the unit and demographic columns (``respondent_id``, ``year``, ``opd``,
        ``subunit``, ``opd_type``, ...), which are carried over.
    instrument : str or Instrument
    min_item_share : float
        A value score needs at least this share of its items answered.
    require_all_values : bool
        If true, ``culture_index`` needs all value scores; else the mean of those present.

    Returns
    -------
    DataFrame
        The carried-over columns, one column per value code (0-100), ``culture_index``,
        ``n_answered`` (items answered) and ``n_favourable`` (answers in the top two categories
        after reversal), in the input's row order.

    Notes
    -----
    Computed column by column (no copy of the item matrix): a value's score is
    ``(mean keyed answer - min) / (max - min) * 100``, the mean of its item scores.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0, 5.0] for c in ins.item_codes})
    >>> d.loc[1, ["LO1", "LO2"]] = np.nan          # loyal: 1 of 3 answered -> missing
    >>> s = score_respondents(d, instrument=ins)
    >>> s[["loyal", "culture_index", "n_answered", "n_favourable"]]
       loyal  culture_index  n_answered  n_favourable
    0   75.0           75.0       21            21
    1    NaN            NaN       19            19
    """
    ins = load_instrument(instrument)
    if check_range(min_item_share, name="min_item_share", low=0, high=1) == 0:
        raise DataError("got 0; expected a share above 0 and at most 1", key="min_item_share")
    columns = _item_columns(data, ins)
    n = len(data)
    # the output is built once from arrays (no per-column copies); carried columns are shared
    # with the input, which copy-on-write keeps safe
    out = {c: data[c].array for c in ID_COLUMNS if c in data.columns}
    n_missing = np.zeros(n, dtype=np.int16)
    n_fav = np.zeros(n, dtype=np.int16 if len(ins.items) > 127 else np.int8)
    value_sum = np.zeros(n)
    incomplete = []        # rows where some value score is missing
    for value, codes in ins.factors.items():
        score, gaps = _value_score(columns, codes, ins, n_fav)
        if len(gaps):      # rows with an unanswered item: mean of the answered ones, if enough
            cnt, redone = _redo_gaps(columns, codes, ins, gaps, min_item_share)
            score[gaps] = redone
            n_missing[gaps] += len(codes) - cnt
            incomplete.append(gaps[np.isnan(redone)])
        out[value] = score
        value_sum += score  # NaN where the value is missing: those rows are redone below
    index = value_sum / len(ins.values)
    if incomplete and not require_all_values:
        rows = np.unique(np.concatenate(incomplete))
        vals = np.column_stack([out[v][rows] for v in ins.value_codes])
        present = np.isfinite(vals).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            index[rows] = np.where(present >= 1, np.nansum(vals, axis=1) / present, np.nan)
    out["culture_index"] = index
    out["n_answered"] = (len(ins.items) - n_missing).astype(np.int64)
    out["n_favourable"] = n_fav.astype(np.int64)
    return pd.DataFrame(out, index=data.index, copy=False)


def _value_score(columns: dict[str, np.ndarray], codes: Sequence[str], ins: Instrument,
                 n_fav: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A value's score from complete rows (NaN where an item is unanswered) and those rows.

    Adds the value's favourable answers to ``n_fav`` in place.
    """
    lo, hi, fav = ins.scale.min, ins.scale.max, ins.scale.favourable_min
    reverse = {it.code for it in ins.items if it.reverse}
    total = np.zeros(len(n_fav))
    for code in codes:
        x = columns[code]
        if code in reverse:      # keyed = min + max - x
            total -= x
            n_fav += x <= lo + hi - fav
        else:
            total += x
            n_fav += x >= fav
    gaps = np.flatnonzero(np.isnan(total))
    k_rev = sum(c in reverse for c in codes)
    # mean keyed answer minus min, rescaled: (total + k_rev (lo + hi) - k lo) / k / (hi - lo)
    total += k_rev * (lo + hi) - len(codes) * lo
    total *= 100.0 / (len(codes) * (hi - lo))
    return total, gaps


def _redo_gaps(columns: dict[str, np.ndarray], codes: Sequence[str], ins: Instrument,
               gaps: np.ndarray, min_item_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Items answered and the value score (NaN below the answered share) of ``gaps`` rows."""
    lo, hi = ins.scale.min, ins.scale.max
    cnt = np.zeros(len(gaps), dtype=np.int64)
    total = np.zeros(len(gaps))
    for code in codes:             # column by column: narrow 2-D reductions are slower
        x = columns[code][gaps]
        ok = x == x
        cnt += ok
        total += np.where(ok, hi - x if ins.item(code).reverse else x - lo, 0.0)
    enough = cnt >= max(min_item_share * len(codes) - 1e-9, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = total / cnt * (100.0 / (hi - lo))
    return cnt, np.where(enough, score, np.nan)


def _item_columns(data: pd.DataFrame, ins: Instrument) -> dict[str, np.ndarray]:
    """Each item column as a float array (a view where possible), range-checked."""
    missing = [c for c in ins.item_codes if c not in data.columns]
    if missing:
        raise DataError(f"item columns {missing} of {ins.name} are missing from the data",
                        column=missing[0])
    lo, hi = ins.scale.min, ins.scale.max
    out = {}
    for code in ins.item_codes:
        x = data[code].to_numpy(dtype="float64", na_value=np.nan)
        if len(x) and (np.fmin.reduce(x) < lo or np.fmax.reduce(x) > hi):
            r = int(np.flatnonzero((x < lo) | (x > hi))[0])
            raise DataError(f"answer {x[r]:g} outside the scale {lo}-{hi}; clean the data first",
                            column=code, rows=[r])
        out[code] = x
    return out


# --------------------------------------------------------------------------------------
# unit tables
# --------------------------------------------------------------------------------------
def _year_of(scores: pd.DataFrame, year: int | None) -> int | None:
    if year is not None:
        return int(year)
    if "year" in scores.columns:
        years = scores["year"].dropna().unique()
        if len(years) > 1:
            raise ValueError(f"scores hold several years {sorted(years)}; pass year= or "
                             "filter the scores first")
        return int(years[0]) if len(years) else None
    return None


@dataclass(frozen=True)
class _Prepared:
    """The design of one year's scores over OPD strata, and the columns it averages."""

    design: survey.Design
    strata: np.ndarray          # stratum labels (OPD codes)
    headcount: np.ndarray       # per stratum (NaN unknown)
    extra: dict[str, np.ndarray]


def _prepare(scores: pd.DataFrame, strata: str, units: UnitTable | None, year: int | None,
             weighting: str, design: str, population_units: float | None,
             values: Sequence[str]) -> _Prepared:
    """The design, and the value and favourable columns as full-length arrays (no copies)."""
    if strata not in scores.columns:
        raise DataError(f"the scores have no {strata!r} column", column=strata)
    y = scores["culture_index"].to_numpy(dtype=float, na_value=np.nan)
    codes, labels = survey.factorize(scores[strata])
    hc = (units.headcount(year, level=strata).reindex(labels).to_numpy(dtype=float,
                                                                      na_value=np.nan)
          if units is not None and year is not None else np.full(len(labels), np.nan))
    des = survey.build_design(y, codes, hc, weighting=weighting, design=design,
                              population_units=population_units, labels=labels, year=year)
    extra = {v: scores[v].to_numpy(dtype=float, na_value=np.nan) for v in values}
    extra["n_favourable"] = scores["n_favourable"].to_numpy(dtype=float)
    extra["n_answered"] = scores["n_answered"].to_numpy(dtype=float)
    return _Prepared(des, labels, hc, extra)


def _cells(prep: _Prepared, domain: np.ndarray | str, size: int,
           values: Sequence[str]) -> survey.Cells:
    """Cell sums; a value missing for some respondents in the design is a ratio over those
    who have it (its sum is NaN only then: rows outside the design fall in a spare bin)."""
    cel = survey.cells(prep.design, domain, size, prep.extra)
    lacking = [v for v in values if not np.isfinite(cel.sums[v]).all()]
    if lacking:
        inside = prep.design.stratum < len(prep.strata)
        fix = {}
        for v in lacking:
            miss = np.isnan(prep.extra[v]) & inside
            fix[v] = np.where(miss, 0.0, prep.extra[v])
            fix[f"{v}__n"] = (~miss).astype(float)
        cel.sums.update(survey.cells(prep.design, domain, size, fix).sums)
    return cel


def _group_stats(prep: _Prepared, cel: survey.Cells, size: int, values: Sequence[str],
                 confidence: float, design: survey.Design | None = None) -> pd.DataFrame:
    """Per domain: the design-based estimate of the index, value means, favourable share."""
    des = design or prep.design
    est = survey.estimate(des, cel, size, confidence=confidence)
    st = pd.DataFrame({"n": est["n"], "culture_index": est["mean"], "se": est["se"],
                       "df": est["df"], "ci_low": est["ci_low"], "ci_high": est["ci_high"]})
    for v in values:
        st[v] = survey.ratio(des, cel, size, v, f"{v}__n" if f"{v}__n" in cel.sums else None)
    st["pct_favourable"] = survey.ratio(des, cel, size, "n_favourable", "n_answered") * 100.0
    return st


def _domain_codes(scores: pd.DataFrame, by: str, prep: _Prepared,
                  units: UnitTable | None) -> tuple[np.ndarray | str, np.ndarray]:
    if by == "province":
        return "all", np.array(["province"], dtype=object)
    if by == "opd" or (by == "subunit" and "opd" not in scores.columns):
        return "strata", prep.strata
    if by == "opd_type" and "opd_type" not in scores.columns:
        if units is None:
            raise DataError("opd_type is neither in the scores nor given by a unit table",
                            column="opd_type")
        col = scores["opd"].map(units.opd_types())
    elif by not in scores.columns:
        raise DataError(f"the scores have no {by!r} column", column=by)
    else:
        col = scores[by]
    return survey.factorize(col)


def index_table(scores: pd.DataFrame, *, by: str = "opd", units: UnitTable | None = None,
                year: int | None = None, weighting: str = WEIGHTING, min_n: int = MIN_N,
                confidence: float = CONFIDENCE, instrument: str | Instrument,
                design: str = "stratified",
                population_units: float | None = None) -> pd.DataFrame:
    """The index per unit of one level of the hierarchy, or per domain of respondents.

    Parameters
    ----------
    scores : DataFrame
        From :func:`score_respondents` (one year).
    by : str
        A level (``"subunit"``, ``"opd"``, ``"opd_type"``, ``"province"``) or a demographic
        domain (``"gender"``, ``"age_band"``, ``"tenure_band"``, ``"position_type"``,
        ``"employment"``, ``"grade"``). All are domains of one design over the OPDs
        (module docstring, point 7).
    units : UnitTable, optional
        Names and headcounts; without it no FPC, no response rate and no weights.
    year : int, optional
        Headcount year (default: the scores' ``year``).
    weighting : {"headcount", "none"}
        :func:`akhlak_analysis.stats.survey.headcount_weights`.
    min_n : int
        Suppression threshold (respondents with an index).
    confidence : float
        Interval level.
    instrument : str or Instrument
        Value codes and category bands.
    interval : {"stratified", "cluster"}
        The design: OPDs as strata (default; every OPD is observed) or as sampled clusters.
    population_units : float, optional
        ``design="cluster"``: units in the population (first-stage FPC).

    Returns
    -------
    DataFrame
        ``unit`` (code or domain label), ``name``, ``n``, ``headcount`` (NA for demographic
        domains), ``response_rate`` (0-1), ``culture_index``, ``ci_low``, ``ci_high`` (t with
        ``df``; never clipped, so an interval may reach past 0 or 100), ``se`` (standard error
        of the mean), ``df`` (degrees of freedom of the domain: respondents minus OPDs touched,
        or units minus one for the cluster design), ``category``, one column per value code,
        ``pct_favourable`` (weighted share of favourable answers, %), ``suppressed`` and
        ``design``. Suppressed rows keep ``unit``, ``name``, ``headcount`` and ``design``.
        Units that existed in ``year`` without any respondent are included (suppressed).

    Notes
    -----
    R: ``svyby(~culture_index, ~by, svydesign(ids = ~1, strata = ~opd, fpc = ~N,
    weights = ~N/n), svymean)`` with ``confint(..., df = degf(subset(...)))``; a unit alone:
    ``(1 - n/N) s^2 / n``. See :mod:`akhlak_analysis.stats.survey`.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: np.r_[np.full(12, 4.0), np.full(3, 5.0)] for c in ins.item_codes})
    >>> d["opd"] = ["A"] * 12 + ["B"] * 3
    >>> t = index_table(score_respondents(d, instrument=ins), instrument=ins)
    >>> t[["unit", "n", "culture_index", "df", "category", "suppressed"]]
      unit     n  culture_index    df category  suppressed
    0    A    12           75.0    11    Sehat       False
    1    B  <NA>            NaN  <NA>      NaN        True
    """
    ins = load_instrument(instrument)
    check_choice(by, LEVELS + DOMAINS, name="by")
    check_choice(weighting, WEIGHTINGS, name="weighting")
    survey.check_options(design=design, confidence=confidence)
    check_count(min_n, name="min_n")
    year = _year_of(scores, year)
    values = ins.value_codes
    strata = "subunit" if by == "subunit" and "opd" not in scores.columns else "opd"
    prep = _prepare(scores, strata, units, year, weighting, design, population_units, values)
    dom, labels = _domain_codes(scores, by, prep, units)
    cel = _cells(prep, dom, len(labels), values)
    st = _group_stats(prep, cel, len(labels), values, confidence)
    st.index = pd.Index(labels)
    st["headcount"] = _headcounts(by, len(labels), prep, cel, units, year, labels)
    st = st[st["n"] > 0]
    if by in ("opd", "subunit") and units is not None and year is not None:
        hc = units.headcount(year, level=by)
        st = st.reindex(st.index.union(hc.index))
        st["n"] = st["n"].fillna(0)
        st.loc[hc.index, "headcount"] = hc.to_numpy(dtype=float)
    table = st.rename_axis("unit").reset_index()
    return _finish(table, units, ins, values, min_n, design)


def _headcounts(by: str, size: int, prep: _Prepared, cel: survey.Cells,
                units: UnitTable | None, year: int | None, labels: np.ndarray) -> np.ndarray:
    """Headcount per domain: the unit's, the sum over the observed OPDs of a parent, or NaN."""
    if by in ("opd_type", "province"):
        parent = np.full(len(prep.strata), -1, dtype=np.intp)
        parent[cel.stratum] = cel.domain     # every OPD lies in one parent
        ok = (parent >= 0) & np.isfinite(prep.headcount)
        total = np.bincount(parent[ok], weights=prep.headcount[ok], minlength=size)
        seen = np.bincount(parent[ok], minlength=size) > 0
        return np.where(seen, total, np.nan)
    if by in ("opd", "subunit") and units is not None and year is not None:
        return units.headcount(year, level=by).reindex(labels).to_numpy(dtype=float,
                                                                       na_value=np.nan)
    return np.full(size, np.nan)


def _finish(table: pd.DataFrame, units: UnitTable | None, ins: Instrument,
            values: Sequence[str], min_n: int, design: str) -> pd.DataFrame:
    names = units.names() if units is not None else pd.Series(dtype=object)
    unit = table["unit"].astype("string")
    table.insert(1, "name", unit.map(names).astype("string").fillna(unit))
    table["headcount"] = pd.array(table["headcount"].round(), dtype="Int64")
    table["response_rate"] = table["n"] / table["headcount"].astype("float64")
    table["category"] = ins.categorize(table["culture_index"]).to_numpy()
    table["suppressed"] = table["n"] < min_n
    blank = ["n", "response_rate", "culture_index", "ci_low", "ci_high", "se", "df",
             "category", *values, "pct_favourable"]
    table["n"] = table["n"].astype("Int64")
    table["df"] = pd.array(table["df"], dtype="Int64")
    table["category"] = table["category"].astype(object)
    table.loc[table["suppressed"], blank] = np.nan
    table["design"] = design
    cols = ["unit", "name", "n", "headcount", "response_rate", "culture_index", "ci_low",
            "ci_high", "se", "df", "category", *values, "pct_favourable", "suppressed",
            "design"]
    return table[cols].reset_index(drop=True)


def overall_index(scores: pd.DataFrame, *, units: UnitTable | None = None,
                  year: int | None = None, weighting: str = WEIGHTING,
                  instrument: str | Instrument, target: tuple[float, float] = TARGET,
                  confidence: float = CONFIDENCE, design: str = "stratified",
                  population_units: float | None = None) -> pd.DataFrame:
    """The headline: province index (weighted and unweighted), design, category, target gap.

    Parameters
    ----------
    scores, units, year, weighting, instrument, confidence, design, population_units :
        As :func:`index_table`; the default interval is the stratified design (OPDs as
        strata with their headcounts as FPC), because every OPD of the province is observed.
    target : (float, float)
        Target range of the index.

    Returns
    -------
    DataFrame
        One row: ``year``, ``n``, ``headcount``, ``response_rate``, ``culture_index`` (the
        headline: headcount-weighted when ``weighting="headcount"`` and every OPD's headcount is
        known, else the respondent mean), ``ci_low``, ``ci_high``, ``se``, ``df``, ``design``,
        ``weighted`` (bool), ``culture_index_unweighted``, ``ci_low_unweighted``,
        ``ci_high_unweighted`` (same design, weight 1), ``category``, ``target_low``,
        ``target_high``, ``gap_to_target_low`` (index - lower target; negative = below),
        ``gap_to_target_high``, ``in_target``, the value columns and ``pct_favourable``.

    Notes
    -----
    R: ``svymean(~culture_index, svydesign(ids = ~1, strata = ~opd, fpc = ~N,
    weights = ~N/n))`` with ``confint(..., df = degf(des))`` (``df`` = respondents minus
    OPDs).

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: np.r_[np.full(10, 4.0), np.full(10, 5.0)] for c in ins.item_codes})
    >>> d["opd"] = ["A"] * 10 + ["B"] * 10
    >>> h = overall_index(score_respondents(d, instrument=ins), instrument=ins)
    >>> h[["n", "culture_index", "df", "weighted", "category"]]
        n  culture_index  df  weighted category
    0  20           87.5  18     False    Sehat
    """
    ins = load_instrument(instrument)
    check_choice(weighting, WEIGHTINGS, name="weighting")
    survey.check_options(design=design, confidence=confidence)
    year = _year_of(scores, year)
    values = ins.value_codes
    prep = _prepare(scores, "opd", units, year, weighting, design, population_units, values)
    cel = _cells(prep, "all", 1, values)
    head = _group_stats(prep, cel, 1, values, confidence).iloc[0]
    flat = survey.reweight(prep.design, weighting="none", headcount=prep.headcount)
    raw = _group_stats(prep, cel, 1, values, confidence, design=flat).iloc[0]
    hc = _headcounts("province", 1, prep, cel, units, year, np.array(["province"]))[0]
    index = float(head["culture_index"])
    out = {"year": year, "n": int(head["n"]), "headcount": hc,
           "response_rate": head["n"] / hc, "culture_index": index,
           "ci_low": head["ci_low"], "ci_high": head["ci_high"], "se": head["se"],
           "df": int(head["df"]), "design": design, "weighted": prep.design.weighted,
           "culture_index_unweighted": raw["culture_index"],
           "ci_low_unweighted": raw["ci_low"], "ci_high_unweighted": raw["ci_high"],
           "category": ins.categorize(index).iloc[0], "target_low": float(target[0]),
           "target_high": float(target[1]),
           "gap_to_target_low": index - target[0], "gap_to_target_high": index - target[1],
           "in_target": bool(target[0] <= index <= target[1])}
    out.update({v: head[v] for v in values})
    out["pct_favourable"] = head["pct_favourable"]
    frame = pd.DataFrame([out])
    frame["headcount"] = pd.array(frame["headcount"].round(), dtype="Int64")
    return frame
