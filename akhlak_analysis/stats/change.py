"""Change between two survey years: per unit, per value and for the province.

Both years are first put on the same items and units (:mod:`akhlak_analysis.stats.common`).

1. **Unit change.** Each year's variance of the unit mean is corrected for the finite
   population ``N`` (headcount) as R's ``survey`` does
   (:func:`akhlak_analysis.stats.survey.finite_population_correction`), and the people who
   answered in both years in the same unit (stable respondent ids) give the covariance of the
   two means (Tam 1984, :func:`akhlak_analysis.stats.overlap.unit_overlap_covariance`;
   ``method="independent"`` leaves it out)::

       v_t = (1 - n_t / N_t) s_t^2 / n_t
       Cov = (n_12 / (n_1 n_2) - 1 / N) s_12
       change = ybar_2 - ybar_1,  se = sqrt(v_1 + v_2 - 2 Cov)
       df = (v_1 + v_2)^2 / (v_1^2 / (n_1 - 1) + v_2^2 / (n_2 - 1))   (Welch-Satterthwaite)

   p-values are adjusted across the compared units with
   ``statsmodels.stats.multitest.multipletests`` (default Benjamini-Hochberg FDR);
   ``significant`` uses the adjusted p-value, the interval is the unadjusted one.
2. **Province change.** From the two years' designs
   (:func:`akhlak_analysis.stats.overlap.survey_change`), the earlier year on the later year's
   units (renamed and merged OPDs mapped to their successor, headcounts summed). Default
   ``method="overlap"``: each year the OPDs are strata with headcount FPC and weights
   ``N/n`` (the design of :func:`akhlak_analysis.stats.scoring.overall_index`), and the people
   who answered in both years (stable respondent ids) give the covariance:
   ``Var(change) = V1 + V2 - 2 Cov`` (R: one design of both years with the person as PSU within
   OPD, ``svyby(..., covmat = TRUE)``). Options: ``independent`` (``V1 + V2``; alias
   ``stratified``), ``paired`` (OPDs as clusters observed in both years, ``J/(J-1) sum_j
   (z_j2 - z_j1)^2``, df ``J - 1``) and ``cluster`` (the years as independent cluster
   samples). Value scores use the same estimators (the value score takes the place of the
   index).
3. **Units too small to report.** A unit with fewer than ``min_n`` respondents in a year shows
   no index for that year and no change (``suppressed``).

The tables hold figures only; the Indonesian notes and conclusions are written by
:mod:`akhlak_analysis.report.year_over_year`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from ..checks import check_choice, check_count, check_probability
from ..data.io import UnitTable
from ..defaults import CONFIDENCE, CORRECTION, CORRECTIONS, MIN_N, WEIGHTING
from ..errors import DataError
from ..instrument import Instrument, load_instrument  # noqa: F401 (doctests)
from . import overlap, survey
from .common import CommonScores, headcounts, map_to_successors, score_common, unit_names

__all__ = ["DIRECTIONS", "UNIT_METHODS", "compare_intervals", "compare_province",
           "compare_values", "compare_years"]

#: interval methods of a unit's change (``compare_years``)
UNIT_METHODS = ("overlap", "independent")
#: codes of the ``direction`` column: a significant rise or fall, else unchanged (the report
#: shows them in words through :func:`akhlak_analysis.labels.label`)
DIRECTIONS = ("up", "down", "unchanged")



def _unit_stats(scores: pd.DataFrame, by: str, column: str) -> pd.DataFrame:
    """n, mean and variance (ddof 1) per unit: :func:`survey.group_moments`."""
    key = scores[by].astype("string")
    st = survey.group_moments(scores.assign(**{by: key}), by=by, column=column)
    return st.set_index("group").rename(columns={"variance": "var"})[["n", "mean", "var"]]


def _welch(m1, v1, n1, big1, m2, v2, n2, big2, confidence, cov=0.0, labels=None,
           years=(None, None)):
    """Change, se, Welch df (on FPC-corrected variances), interval and p per row.

    ``cov``: the covariance of the two means from the people in both years (subtracted
    twice); the degrees of freedom stay Welch's of the two variances.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        # each year's variance of the mean: (1 - n/N) s^2 / n, as R's survey
        a = v1 / n1 * survey.finite_population_correction(n1, population=big1, labels=labels,
                                                          year=years[0])
        b = v2 / n2 * survey.finite_population_correction(n2, population=big2, labels=labels,
                                                          year=years[1])
        change = m2 - m1
        se = np.sqrt(np.clip(a + b - 2 * np.nan_to_num(cov), 0, None))
        df = (a + b) ** 2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1))
        tcrit = stats.t.ppf(0.5 + confidence / 2, df)
        half = tcrit * se
        p = 2 * stats.t.sf(np.abs(change / se), df)
    exact = se == 0  # both years a census: the change has no sampling error
    half = np.where(exact, 0.0, half)
    p = np.where(exact, np.where(change == 0, 1.0, 0.0), p)
    return change, change - half, change + half, df, p


def _hedges_g(m1, v1, n1, m2, v2, n2):
    with np.errstate(invalid="ignore", divide="ignore"):
        sp = np.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
        j = 1 - 3 / (4 * (n1 + n2) - 9)
        return (m2 - m1) / sp * j


def _adjust(p: np.ndarray, correction: str) -> np.ndarray:
    out = np.full(len(p), np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = p[ok] if correction == "none" else multipletests(p[ok], method=correction)[1]
    return out


def _check_options(min_n: int, confidence: float, correction: str) -> None:
    check_count(min_n, name="min_n")
    check_probability(confidence, name="confidence")
    check_choice(correction, CORRECTIONS, name="correction")


def _direction(change: np.ndarray, significant: np.ndarray, compared: np.ndarray) -> list:
    out = []
    for c, s, ok in zip(change, significant, compared, strict=True):
        out.append(None if not ok else ("up" if c > 0 else "down") if s else "unchanged")
    return out


def _change_table(cs: CommonScores, by: str, column: str, units: UnitTable | None,
                  min_n: int, confidence: float, method: str = "overlap") -> pd.DataFrame:
    """Per unit: both years' mean of ``column``, n, headcount, change and its interval.

    ``method="overlap"``: the people in both years (same id, same unit) give the
    covariance of the two means (:func:`overlap.unit_overlap_covariance`); ``"independent"``:
    none (Welch).
    """
    y1, y2 = cs.years
    s1, s2 = cs.scores[y1], cs.scores[y2]
    if by not in s1.columns or by not in s2.columns:
        raise DataError(f"the respondent tables have no {by!r} column", column=by)
    if units is not None:
        s1 = map_to_successors(s1, units=units, year=y2, by=by)
    st1, st2 = _unit_stats(s1, by, column), _unit_stats(s2, by, column)
    # suppression follows the index's n, as index_table does
    n_index = {y: _unit_stats(s, by, "culture_index")["n"] for y, s in ((y1, s1), (y2, s2))}
    hc1, hc2 = headcounts(units, by, y1, y2), headcounts(units, by, y2, y2)
    codes = sorted(set(st1.index) | set(st2.index) | set(hc1.index) | set(hc2.index))
    st1, st2 = st1.reindex(codes), st2.reindex(codes)
    n1, n2 = st1["n"].fillna(0).to_numpy(float), st2["n"].fillna(0).to_numpy(float)
    big1 = hc1.reindex(codes).to_numpy(float, na_value=np.nan)
    big2 = hc2.reindex(codes).to_numpy(float, na_value=np.nan)
    m1, m2 = st1["mean"].to_numpy(float), st2["mean"].to_numpy(float)
    v1, v2 = st1["var"].to_numpy(float), st2["var"].to_numpy(float)
    cov = np.zeros(len(codes))
    if method == "overlap":  # (the linked counts are not published: see disclosure)
        cov, _ = overlap.unit_overlap_covariance(s1, s2, column=column, by=by,
                                                     labels=codes, headcount=np.fmax(big1, big2))
    change, lo, hi, df, p = _welch(m1, v1, n1, big1, m2, v2, n2, big2, confidence, cov,
                                   labels=codes, years=(y1, y2))
    exists1 = (n1 > 0) | np.isfinite(big1)
    exists2 = (n2 > 0) | np.isfinite(big2)
    k1 = n_index[y1].reindex(codes).fillna(0).to_numpy(float)
    k2 = n_index[y2].reindex(codes).fillna(0).to_numpy(float)
    small1, small2 = exists1 & (k1 < min_n), exists2 & (k2 < min_n)
    compared = exists1 & exists2 & ~small1 & ~small2
    t = pd.DataFrame({"unit": codes})
    t["name"] = unit_names(t["unit"], units)
    for y, m, n, big, small in ((y1, m1, n1, big1, small1), (y2, m2, n2, big2, small2)):
        t[f"culture_index_{y}"] = np.where(small, np.nan, m)
        t[f"n_{y}"] = pd.array(np.where(small, np.nan, n), dtype="Int64")
        t[f"headcount_{y}"] = pd.array(np.round(big), dtype="Int64")
    t["change"] = np.where(compared, change, np.nan)
    t["ci_low"] = np.where(compared, lo, np.nan)
    t["ci_high"] = np.where(compared, hi, np.nan)
    t["df"] = np.where(compared, df, np.nan)
    t["p_value"] = np.where(compared, p, np.nan)
    t["effect_size"] = np.where(compared, _hedges_g(m1, v1, n1, m2, v2, n2), np.nan)
    t["suppressed"] = small1 | small2
    t["compared"] = compared
    t[f"present_{y1}"], t[f"present_{y2}"] = exists1, exists2
    return t


def compare_years(data_by_year: Mapping[int, pd.DataFrame], *, by: str = "opd",
                  units: UnitTable | None = None,
                  instrument_by_year: Mapping[int, str | Instrument], min_n: int = MIN_N,
                  confidence: float = CONFIDENCE, correction: str = CORRECTION,
                  method: str = "overlap") -> pd.DataFrame:
    """Change of the index per unit between two years, with FPC and the overlap covariance.

    Parameters
    ----------
    data_by_year : dict of int to DataFrame
        Two years of clean respondents (item columns and the ``by`` column); they are scored
        on the common items (:func:`score_common`).
    by : {"opd", "subunit"}
        The unit level.
    units : UnitTable, optional
        Names, headcounts (finite-population correction) and renamed/merged units
        (``replaced_by``); without it, no FPC and no mapping.
    instrument_by_year : dict of int to str or Instrument
    min_n : int
        A unit with fewer respondents in a year is suppressed (no index that year, no change).
    confidence : float
        Interval level; ``significant`` means ``p_adj < 1 - confidence``.
    correction : str
        Multiple-comparison method of ``statsmodels.stats.multitest.multipletests``
        (``"fdr_bh"``, ``"holm"``, ``"bonferroni"``, ...) or ``"none"``.
    method : {"overlap", "independent"}
        ``overlap`` (default): people who answered in both years in the same unit (stable
        ``respondent_id``) give the covariance of the unit's two means (Tam 1984,
        :func:`akhlak_analysis.stats.overlap.unit_overlap_covariance`), ``se = sqrt(v_1 + v_2
        - 2 Cov)``; without ids in both years it equals ``independent``: Welch, the years
        as independent samples.

    Returns
    -------
    DataFrame
        One row per unit of the later year (earlier units mapped to their successor) and per
        unit that existed in one year only, sorted by code: ``unit``, ``name``,
        ``culture_index_<y>``, ``n_<y>``, ``headcount_<y>`` for each year (blank when
        suppressed or absent), ``change`` (later - earlier, index points), ``ci_low``,
        ``ci_high`` (unadjusted Welch interval), ``df`` (Welch-Satterthwaite), ``p_value``,
        ``p_adj``, ``significant``, ``direction`` (``up`` / ``down`` / ``unchanged`` when not
        significant; blank when not compared), ``effect_size`` (Hedges' g, pooled SD),
        ``category_<y>``, ``suppressed``, ``compared`` and ``present_<y>`` (the unit existed
        in that year: respondents or a headcount); the notes in words come from
        :func:`akhlak_analysis.report.year_over_year.change_notes`. ``attrs`` holds
        ``common_items`` and ``left_out_items`` (year -> items not compared).

    Notes
    -----
    See the module docstring (points 1-3, 5). Hedges' g: ``d = change / s_p`` with the
    pooled SD ``s_p = sqrt(((n1-1) s1^2 + (n2-1) s2^2) / (n1 + n2 - 2))``, times
    ``1 - 3 / (4 (n1 + n2) - 9)``. Without the FPC the interval and p-value equal R's
    ``t.test(y2, y1)`` (Welch).

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> def year(k, add):
    ...     d = pd.DataFrame({c: [2.0, 3.0, 4.0] * k for c in ins.item_codes})
    ...     d.loc[: k - 1, ins.item_codes] += add
    ...     return d.assign(opd="A")
    >>> t = compare_years({2024: year(20, 0), 2025: year(20, 1)},
    ...                   instrument_by_year={2024: ins, 2025: ins})
    >>> t[["unit", "culture_index_2024", "culture_index_2025", "change", "direction"]].round(2)
      unit  culture_index_2024  culture_index_2025  change direction
    0    A                50.0               58.33    8.33        up
    """
    _check_options(min_n, confidence, correction)
    check_choice(by, ("opd", "subunit"), name="by")
    check_choice(method, UNIT_METHODS, name="method")
    cs = score_common(data_by_year, instrument_by_year=instrument_by_year)
    y1, y2 = cs.years
    t = _change_table(cs, by, "culture_index", units, min_n, confidence, method)
    t.insert(t.columns.get_loc("p_value") + 1, "p_adj", _adjust(t["p_value"].to_numpy(),
                                                                correction))
    sig = t["compared"].to_numpy() & (t["p_adj"].to_numpy() < 1 - confidence)
    t.insert(t.columns.get_loc("p_adj") + 1, "significant", sig)
    t.insert(t.columns.get_loc("significant") + 1, "direction",
             pd.array(_direction(t["change"].to_numpy(), sig, t["compared"].to_numpy()),
                      dtype="string"))
    for y in (y1, y2):
        t[f"category_{y}"] = cs.instrument.categorize(t[f"culture_index_{y}"]).to_numpy()
    tail = ["suppressed", "compared", f"present_{y1}", f"present_{y2}"]
    t = t[[*[c for c in t.columns if c not in tail], *tail]]
    t.attrs = {"common_items": cs.common_items, "left_out_items": cs.left_out}
    return t


def _province_change(cs: CommonScores, column: str, units: UnitTable | None,
                     confidence: float, weighting: str, method: str) -> dict:
    """Each year's province estimate and the change, from the per-year designs.

    The earlier year is put on the later year's units (renamed and merged OPDs mapped to their
    successor, headcounts summed) so that a person answering in both years lies in one unit.
    """
    y1, y2 = cs.years
    s1, s2 = cs.scores[y1], cs.scores[y2]
    if units is not None:
        s1 = map_to_successors(s1, units=units, year=y2)
    hc1, hc2 = headcounts(units, "opd", y1, y2), headcounts(units, "opd", y2, y2)
    method = "independent" if method == "stratified" else method
    r = overlap.survey_change(s1, s2, column=column, strata="opd",
                             headcount_before=hc1 if len(hc1) else None,
                             headcount_after=hc2 if len(hc2) else None, weighting=weighting,
                             method=method, confidence=confidence).iloc[0]
    out = {"change": float(r["change"]), "ci_low": float(r["ci_low"]),
           "ci_high": float(r["ci_high"]), "df": float(r["df"]), "p_value": float(r["p_value"]),
           "se": float(r["se"]), "covariance": float(r["covariance"]),
           "n_both": int(r["n_both"])}
    for y, s, part in ((y1, s1, "before"), (y2, s2, "after")):
        est, df = float(r[f"mean_{part}"]), float(r[f"df_{part}"])
        half = (stats.t.ppf(0.5 + confidence / 2, df) * np.sqrt(r[f"variance_{part}"])
                if df >= 1 else np.nan)
        out[y] = {"est": est, "ci_low": est - half, "ci_high": est + half,
                  "n": int(r[f"n_{part}"]), "sd": float(s[column].std())}
    a, b = out[y1], out[y2]
    out["effect_size"] = float(_hedges_g(a["est"], a["sd"] ** 2, a["n"], b["est"],
                                         b["sd"] ** 2, b["n"]))
    return out


def _check_method(method: str) -> None:
    check_choice(method, (*overlap.CHANGE_METHODS, "stratified"), name="method")


def compare_province(data_by_year: Mapping[int, pd.DataFrame], *,
                     units: UnitTable | None = None,
                     instrument_by_year: Mapping[int, str | Instrument],
                     confidence: float = CONFIDENCE, weighting: str = WEIGHTING,
                     method: str = "overlap") -> pd.DataFrame:
    """Change of the province index between two years, with a design-based interval.

    Parameters
    ----------
    data_by_year : dict of int to DataFrame
        Two years of clean respondents (item columns and ``opd``).
    units : UnitTable, optional
        Headcounts for the weighting (as :func:`akhlak_analysis.stats.scoring.index_table`).
    instrument_by_year : dict of int to str or Instrument
    confidence : float
    weighting : {"headcount", "none"}
    method : {"overlap", "independent", "paired", "cluster"}
        ``overlap`` (default): the stratified design of each year and the covariance of the
        people who answered in both years (``V1 + V2 - 2 Cov``); ``independent`` (alias
        ``stratified``): ``V1 + V2``; ``paired``: OPDs as clusters observed in both years
        (renamed and merged units matched through ``replaced_by``), df ``J - 1``;
        ``cluster``: the two years as independent cluster samples. Module docstring, point 2.

    Returns
    -------
    DataFrame
        One row: ``unit`` ("province"), for each year ``culture_index_<y>``, ``ci_low_<y>``,
        ``ci_high_<y>``, ``n_<y>`` and ``category_<y>`` (on the common items), ``change``,
        ``ci_low``, ``ci_high``, ``df``, ``p_value``, ``significant``, ``direction``,
        ``effect_size`` (Hedges' g of respondents, descriptive), ``interval``, ``se``,
        ``covariance`` (the overlap term, 0 for the other intervals), ``n_both`` (people
        answering in both years), ``n_items_compared`` and ``items_left_out`` (text, e.g.
        ``"2025: BP4, AK4"``).

    Notes
    -----
    Module docstring, point 2 (the interval choices and their R equivalents). The yearly
    intervals ``ci_low_<y>``/``ci_high_<y>`` are those of each year's design (stratified for
    ``overlap`` and ``independent``, cluster for ``paired`` and ``cluster``), t with that
    year's degf.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> def year(add):
    ...     d = pd.DataFrame({c: [2.0, 3.0, 4.0, 3.0] * 3 for c in ins.item_codes})
    ...     d[ins.item_codes] += add
    ...     return d.assign(opd=["A", "B", "C"] * 4)
    >>> p = compare_province({2024: year(0.0), 2025: year(0.2)},
    ...                      instrument_by_year={2024: ins, 2025: ins})
    >>> p[["culture_index_2024", "culture_index_2025", "change"]].round(2)
       culture_index_2024  culture_index_2025  change
    0                50.0                55.0     5.0
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence}")
    cs = score_common(data_by_year, instrument_by_year=instrument_by_year)
    y1, y2 = cs.years
    _check_method(method)
    ch = _province_change(cs, "culture_index", units, confidence, weighting, method)
    est = {y: ch[y] for y in (y1, y2)}
    row: dict[str, object] = {"unit": "province"}
    for y in (y1, y2):
        row.update({f"culture_index_{y}": est[y]["est"], f"ci_low_{y}": est[y]["ci_low"],
                    f"ci_high_{y}": est[y]["ci_high"], f"n_{y}": est[y]["n"],
                    f"category_{y}": cs.instrument.categorize(est[y]["est"]).iloc[0]})
    sig = ch["p_value"] < 1 - confidence
    row.update({k: ch[k] for k in ("change", "ci_low", "ci_high", "df", "p_value")})
    row.update(significant=sig, direction=("up" if ch["change"] > 0 else "down") if sig
               else "unchanged", effect_size=ch["effect_size"], method=method, se=ch["se"],
               covariance=ch["covariance"], n_both=ch["n_both"], n_items_compared=len(cs.common_items),
               items_left_out="; ".join(f"{y}: {', '.join(v)}" for y, v in cs.left_out.items()
                                        if v))
    out = pd.DataFrame([row])
    out.attrs = {"common_items": cs.common_items, "left_out_items": cs.left_out}
    return out


def compare_intervals(data_by_year: Mapping[int, pd.DataFrame], *,
                      units: UnitTable | None = None,
                      instrument_by_year: Mapping[int, str | Instrument],
                      confidence: float = CONFIDENCE, weighting: str = WEIGHTING) -> pd.DataFrame:
    """The province change under the four interval choices, side by side.

    Returns
    -------
    DataFrame
        One row per ``interval`` (``overlap``, ``independent``, ``paired``, ``cluster``; see
        :func:`compare_province`) with ``change``, ``ci_low``, ``ci_high``, ``df``,
        ``p_value`` and ``significant``. The change is the same; only its uncertainty differs.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> def year(add):
    ...     d = pd.DataFrame({c: [2.0, 3.0, 4.0, 3.0] * 3 for c in ins.item_codes})
    ...     d[ins.item_codes] += add
    ...     return d.assign(opd=["A", "B", "C"] * 4)
    >>> t = compare_intervals({2024: year(0.0), 2025: year(0.2)},
    ...                       instrument_by_year={2024: ins, 2025: ins})
    >>> t["method"].tolist(), t["change"].round(2).tolist()
    (['overlap', 'independent', 'paired', 'cluster'], [5.0, 5.0, 5.0, 5.0])
    """
    rows = [compare_province(data_by_year, units=units, instrument_by_year=instrument_by_year,
                             confidence=confidence, weighting=weighting, method=iv)
            for iv in overlap.CHANGE_METHODS]
    cols = ["method", "change", "ci_low", "ci_high", "df", "p_value", "significant"]
    return pd.concat(rows, ignore_index=True)[cols]


def compare_values(data_by_year: Mapping[int, pd.DataFrame], *, by: str = "province",
                   units: UnitTable | None = None,
                   instrument_by_year: Mapping[int, str | Instrument], min_n: int = MIN_N,
                   confidence: float = CONFIDENCE, correction: str = CORRECTION,
                   method: str = "overlap", weighting: str = WEIGHTING) -> pd.DataFrame:
    """Change of each value score between two years (long table: one row per unit and value).

    Parameters
    ----------
    data_by_year, units, instrument_by_year, min_n, confidence, correction :
        As :func:`compare_years`.
    by : {"province", "opd", "subunit"}
        ``province``: design-based intervals as :func:`compare_province`; a unit level: Welch
        intervals with FPC as :func:`compare_years`.
    method : {"overlap", "independent", "paired", "cluster"}
        Province interval method, as :func:`compare_province`; at a unit level ``overlap``
        keeps the covariance of the people in both years and any other value leaves it out (as
        :func:`compare_years`).
    weighting : {"headcount", "none"}
        Province estimates: as :func:`compare_province` (unit levels are not weighted).

    Returns
    -------
    DataFrame
        Long: ``unit``, ``name``, ``value`` (value code), ``culture_index_<y>`` (the value
        score, 0-100) and ``n_<y>`` per year, ``change``, ``ci_low``, ``ci_high``, ``df``,
        ``p_value``, ``p_adj`` (adjusted across all rows of the table), ``significant``,
        ``direction``, ``effect_size``, ``suppressed``; in instrument value order within unit.

    Notes
    -----
    The value score takes the place of the index in the estimators of
    :func:`compare_province` and :func:`compare_years`; units are suppressed by the index's n.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> def year(add):
    ...     d = pd.DataFrame({c: [2.0, 3.0, 4.0, 3.0] * 3 for c in ins.item_codes})
    ...     d[["AD1", "AD2", "AD3"]] += add
    ...     return d.assign(opd=["A", "B", "C"] * 4)
    >>> v = compare_values({2024: year(0.0), 2025: year(0.4)},
    ...                    instrument_by_year={2024: ins, 2025: ins})
    >>> v.loc[v["value"].isin(["loyal", "adaptif"]), ["value", "change"]].round(2)
         value  change
    4    loyal     0.0
    5  adaptif    10.0
    """
    _check_options(min_n, confidence, correction)
    _check_method(method)
    cs = score_common(data_by_year, instrument_by_year=instrument_by_year)
    y1, y2 = cs.years
    values = cs.instrument.value_codes
    if by == "province":
        rows = []
        for v in values:
            ch = _province_change(cs, v, units, confidence, weighting, method)
            est = {y: ch[y] for y in (y1, y2)}
            row = {"unit": "province", "name": pd.NA, "value": v}
            for y in (y1, y2):
                row.update({f"culture_index_{y}": est[y]["est"], f"n_{y}": est[y]["n"]})
            row.update({k: ch[k] for k in ("change", "ci_low", "ci_high", "df", "p_value",
                                           "effect_size")}, suppressed=False, compared=True)
            rows.append(row)
        t = pd.DataFrame(rows)
        for y in (y1, y2):
            t[f"n_{y}"] = t[f"n_{y}"].astype("Int64")
    elif by in ("opd", "subunit"):
        parts = []
        for v in values:
            part = _change_table(cs, by, v, units, min_n, confidence,
                                 "overlap" if method == "overlap" else "independent")
            part.insert(2, "value", v)
            parts.append(part.drop(columns=[c for c in part.columns if c.startswith(
                ("headcount_", "exists_"))]))
        t = pd.concat(parts, ignore_index=True)
        t["_order"] = t["value"].map({v: k for k, v in enumerate(values)})
        t = t.sort_values(["unit", "_order"], kind="stable").drop(columns="_order")
        t = t.reset_index(drop=True)
    else:
        check_choice(by, ("province", "opd", "subunit"), name="by")
    t["p_adj"] = _adjust(t["p_value"].to_numpy(dtype=float), correction)
    sig = t["compared"].to_numpy(bool) & (t["p_adj"].to_numpy() < 1 - confidence)
    t["significant"] = sig
    t["direction"] = pd.array(_direction(t["change"].to_numpy(), sig,
                                         t["compared"].to_numpy(bool)), dtype="string")
    t["value"] = t["value"].astype("string")
    cols = ["unit", "name", "value", *[f"{k}_{y}" for y in (y1, y2)
                                       for k in ("culture_index", "n")],
            "change", "ci_low", "ci_high", "df", "p_value", "p_adj", "significant",
            "direction", "effect_size", "suppressed"]
    t = t[cols]
    t.attrs = {"common_items": cs.common_items, "left_out_items": cs.left_out}
    return t


