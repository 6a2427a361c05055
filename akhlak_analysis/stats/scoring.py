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
6. Parent level (OPD type, province): headcount-weighted mean of its OPDs' means when
   headcounts are known (post-stratification by OPD: every civil servant weighs the same,
   whatever his OPD's response rate); otherwise the respondent mean. :func:`overall_index`
   reports both.
7. Intervals: for a unit, a t-interval with the finite-population correction
   ``sqrt((N - n) / (N - 1))`` when its headcount ``N`` is known. For a parent level, the
   design-based (linearisation) interval with the OPDs as clusters (``interval="cluster"``,
   as R's ``survey::svymean`` with ``svydesign(ids = ~opd, weights = ~w)``), t with J - 1 df;
   or, treating the OPDs as strata that were all observed, the stratified interval with
   finite-population corrections (``interval="stratified"``, ``svydesign(strata = ~opd,
   fpc = ~N)``).
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

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..data.io import UnitTable
from ..errors import DataError
from ..instrument import Instrument, load_instrument

__all__ = ["index_table", "item_scores", "overall_index", "score_respondents"]

ID_COLUMNS = ("respondent_id", "year", "opd", "subunit", "opd_type", "employment",
              "position_type", "grade", "gender", "age_band", "tenure_band")
LEVELS = ("subunit", "opd", "opd_type", "province")


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
        ``n_items`` (items answered) and ``n_favourable`` (answers in the top two categories
        after reversal), in the input's row order.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0, 5.0] for c in ins.item_codes})
    >>> d.loc[1, ["LO1", "LO2"]] = np.nan          # loyal: 1 of 3 answered -> missing
    >>> s = score_respondents(d, instrument=ins)
    >>> s[["loyal", "culture_index", "n_items", "n_favourable"]]
       loyal  culture_index  n_items  n_favourable
    0   75.0           75.0       21            21
    1    NaN            NaN       19            19
    """
    ins = load_instrument(instrument)
    if not 0 < min_item_share <= 1:
        raise ValueError(f"min_item_share must lie in (0, 1], got {min_item_share}")
    x = _item_matrix(data, ins)
    lo, hi = ins.scale.min, ins.scale.max
    score = (x - lo) / (hi - lo) * 100.0
    answered = np.isfinite(score)
    out = data[[c for c in ID_COLUMNS if c in data.columns]].copy()
    col_of = {c: j for j, c in enumerate(ins.item_codes)}
    values = np.empty((len(data), len(ins.values)))
    for k, (value, codes) in enumerate(ins.factors.items()):
        idx = [col_of[c] for c in codes]
        cnt = answered[:, idx].sum(axis=1)
        total = np.where(answered[:, idx], score[:, idx], 0.0).sum(axis=1)
        ok = cnt >= min_item_share * len(idx) - 1e-9
        values[:, k] = np.where(ok & (cnt > 0), total / np.maximum(cnt, 1), np.nan)
        out[value] = values[:, k]
    present = np.isfinite(values)
    n_present = present.sum(axis=1)
    mean = np.where(present, values, 0.0).sum(axis=1) / np.maximum(n_present, 1)
    need = len(ins.values) if require_all_values else 1
    out["culture_index"] = np.where(n_present >= need, mean, np.nan)
    out["n_items"] = answered.sum(axis=1)
    out["n_favourable"] = (x >= ins.scale.favourable_min).sum(axis=1)
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


def _group_stats(scores: pd.DataFrame, by: str, value_codes: Sequence[str]) -> pd.DataFrame:
    """Per group: n, mean, variance (ddof 1) of culture_index, value means, favourable share."""
    valid = scores[scores["culture_index"].notna() & scores[by].notna()]
    g = valid.groupby(by, sort=True, observed=True)
    st = g["culture_index"].agg(["size", "mean", "var"])
    st.columns = ["n", "culture_index", "var"]
    st[list(value_codes)] = g[list(value_codes)].mean()
    fav = g[["n_favourable", "n_items"]].sum()
    st["pct_favourable"] = fav["n_favourable"] / fav["n_items"] * 100.0
    return st


def _fpc(n: np.ndarray, big_n: np.ndarray) -> np.ndarray:
    """sqrt((N - n)/(N - 1)) where the headcount is known and N >= n, else 1."""
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.sqrt((big_n - n) / (big_n - 1))
    return np.where(np.isfinite(f) & (big_n >= n) & (big_n > 1), f, 1.0)


def index_table(scores: pd.DataFrame, by: str = "opd", *, units: UnitTable | None = None,
                year: int | None = None, weights: str = "headcount", min_n: int = 10,
                confidence: float = 0.95, instrument: str | Instrument,
                interval: str = "cluster") -> pd.DataFrame:
    """The index per unit of one level of the hierarchy.

    Parameters
    ----------
    scores : DataFrame
        From :func:`score_respondents` (one year).
    by : {"subunit", "opd", "opd_type", "province"}
        The level. ``subunit`` and ``opd`` are means of their respondents; ``opd_type`` and
        ``province`` are parents, aggregated from the OPDs (see the module docstring).
    units : UnitTable, optional
        Names and headcounts; without it no FPC, no response rate and parents are unweighted.
    year : int, optional
        Headcount year (default: the scores' ``year``).
    weights : {"headcount", "none"}
        Weighting of parent levels.
    min_n : int
        Suppression threshold (respondents with an index).
    confidence : float
        Interval level.
    instrument : str or Instrument
        Value codes and category bands.
    interval : {"cluster", "stratified"}
        Parent-level interval (module docstring, point 7).

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``n``, ``headcount``, ``response_rate`` (0-1), ``culture_index``,
        ``ci_low``, ``ci_high``, ``category``, one column per value code, ``pct_favourable``
        and ``suppressed``; suppressed rows keep ``unit``, ``name`` and ``headcount`` only.
        Units that existed in ``year`` without any respondent are included (suppressed).

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: np.r_[np.full(12, 4.0), np.full(3, 5.0)] for c in ins.item_codes})
    >>> d["opd"] = ["A"] * 12 + ["B"] * 3
    >>> t = index_table(score_respondents(d, instrument=ins), instrument=ins)
    >>> t[["unit", "n", "culture_index", "category", "suppressed"]]
      unit     n  culture_index category  suppressed
    0    A    12           75.0    Sehat       False
    1    B  <NA>            NaN      NaN        True
    """
    ins = load_instrument(instrument)
    if by not in LEVELS:
        raise ValueError(f"by must be one of {LEVELS}, got {by!r}")
    if weights not in ("headcount", "none"):
        raise ValueError(f"weights must be 'headcount' or 'none', got {weights!r}")
    if interval not in ("cluster", "stratified"):
        raise ValueError(f"interval must be 'cluster' or 'stratified', got {interval!r}")
    if min_n < 1 or not 0 < confidence < 1:
        raise ValueError("min_n must be >= 1 and confidence in (0, 1)")
    year = _year_of(scores, year)
    values = ins.value_codes
    if by in ("opd_type", "province"):
        table = _parent_table(scores, by, units, year, weights, confidence, values, interval)
    else:
        if by not in scores.columns:
            raise DataError(f"the scores have no {by!r} column", column=by)
        st = _group_stats(scores, by, values)
        hc = (units.headcount(year, level=by) if units is not None and year is not None
              else pd.Series(dtype="int64"))
        codes = st.index.union(hc.index)
        st = st.reindex(codes)
        n = st["n"].fillna(0).to_numpy()
        big_n = hc.reindex(codes).to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            se = np.sqrt(st["var"].to_numpy() / n) * _fpc(n, big_n)
            t = stats.t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1))
        table = pd.DataFrame({"unit": codes, "n": n.astype("int64"), "headcount": big_n,
                              "culture_index": st["culture_index"].to_numpy(),
                              "ci_low": st["culture_index"].to_numpy() - t * se,
                              "ci_high": st["culture_index"].to_numpy() + t * se})
        for v in values:
            table[v] = st[v].to_numpy()
        table["pct_favourable"] = st["pct_favourable"].to_numpy()
    return _finish(table, units, ins, values, min_n)


def _finish(table: pd.DataFrame, units: UnitTable | None, ins: Instrument,
            values: Sequence[str], min_n: int) -> pd.DataFrame:
    names = units.names() if units is not None else pd.Series(dtype=object)
    unit = table["unit"].astype("string")
    table.insert(1, "name", unit.map(names).astype("string").fillna(unit))
    table["headcount"] = pd.array(table["headcount"].round(), dtype="Int64")
    table["response_rate"] = table["n"] / table["headcount"].astype("float64")
    table["category"] = ins.categorize(table["culture_index"]).to_numpy()
    table["suppressed"] = table["n"] < min_n
    blank = ["n", "response_rate", "culture_index", "ci_low", "ci_high", "category",
             *values, "pct_favourable"]
    table["n"] = table["n"].astype("Int64")
    table["category"] = table["category"].astype(object)
    table.loc[table["suppressed"], blank] = np.nan
    table["ci_low"] = table["ci_low"].clip(lower=0)
    table["ci_high"] = table["ci_high"].clip(upper=100)
    cols = ["unit", "name", "n", "headcount", "response_rate", "culture_index", "ci_low",
            "ci_high", "category", *values, "pct_favourable", "suppressed"]
    return table[cols].reset_index(drop=True)


def _parent_table(scores: pd.DataFrame, by: str, units: UnitTable | None, year: int | None,
                  weights: str, confidence: float, values: Sequence[str],
                  interval: str) -> pd.DataFrame:
    st = _group_stats(scores, "opd", values)
    if by == "province":
        parent = pd.Series("province", index=st.index)
    elif "opd_type" in scores.columns:
        parent = scores.dropna(subset=["opd"]).groupby("opd")["opd_type"].first().reindex(
            st.index)
    elif units is not None:
        parent = st.index.to_series().map(units.opd_types())
    else:
        raise DataError("opd_type is neither in the scores nor given by a unit table",
                        column="opd_type")
    hc = (units.headcount(year, level="opd").reindex(st.index).to_numpy(dtype=float,
                                                                           na_value=np.nan)
          if units is not None and year is not None else np.full(len(st), np.nan))
    weighted = weights == "headcount" and np.isfinite(hc).all()
    rows = []
    for p, idx in st.groupby(parent.to_numpy(), sort=True).indices.items():
        sub = st.iloc[idx]
        big_n = hc[idx]
        est = _aggregate(sub, big_n if weighted else None, confidence, values, interval)
        est.update(unit=p, headcount=np.nansum(big_n) if np.isfinite(big_n).any() else np.nan)
        rows.append(est)
    return pd.DataFrame(rows)


def _aggregate(sub: pd.DataFrame, big_n: np.ndarray | None, confidence: float,
               values: Sequence[str], interval: str) -> dict:
    """Weighted (by headcount) or respondent mean of units, with its design-based interval."""
    n = sub["n"].to_numpy(dtype=float)
    ybar = sub["culture_index"].to_numpy()
    var = sub["var"].to_numpy()
    pooled = np.nansum((n - 1) * np.nan_to_num(var)) / max(np.sum(n - 1), 1)
    var = np.where(n >= 2, var, pooled)
    w = big_n if big_n is not None else n  # unit weight: headcount, or its respondents
    share = w / w.sum()
    est = float(np.sum(share * ybar))
    j = len(n)
    if interval == "cluster" and j >= 2:
        v = j / (j - 1) * np.sum((share * (ybar - est)) ** 2)
        df = j - 1
    else:
        fpc = _fpc(n, big_n) ** 2 if big_n is not None else 1.0
        v = np.sum(share**2 * fpc * var / n)
        df = max(int(n.sum()) - j, 1)
    half = stats.t.ppf(0.5 + confidence / 2, df) * math.sqrt(v)
    out = {"n": int(n.sum()), "culture_index": est, "ci_low": est - half, "ci_high": est + half}
    for v_code in values:
        out[v_code] = float(np.nansum(share * sub[v_code].to_numpy()))
    fav = sub["pct_favourable"].to_numpy()
    out["pct_favourable"] = float(np.nansum(share * fav))
    return out


def overall_index(scores: pd.DataFrame, *, units: UnitTable | None = None,
                  year: int | None = None, weights: str = "headcount",
                  instrument: str | Instrument, target: tuple[float, float] = (80.0, 90.0),
                  confidence: float = 0.95, interval: str = "cluster") -> pd.DataFrame:
    """The headline: province index (weighted and unweighted), interval, category, target gap.

    Parameters
    ----------
    scores, units, year, weights, instrument, confidence, interval :
        As :func:`index_table`.
    target : (float, float)
        Target range of the index.

    Returns
    -------
    DataFrame
        One row: ``year``, ``n``, ``headcount``, ``response_rate``, ``culture_index`` (the
        headline: headcount-weighted when ``weights="headcount"`` and every OPD's headcount is
        known, else the respondent mean), ``ci_low``, ``ci_high``, ``weighted`` (bool),
        ``culture_index_unweighted``, ``ci_low_unweighted``, ``ci_high_unweighted``,
        ``category``, ``target_low``, ``target_high``, ``gap_to_target_low`` (index - lower
        target; negative = below), ``gap_to_target_high``, ``in_target``, the value columns
        and ``pct_favourable``.
    """
    ins = load_instrument(instrument)
    year = _year_of(scores, year)
    head = index_table(scores, "province", units=units, year=year, weights=weights, min_n=1,
                       confidence=confidence, instrument=ins, interval=interval)
    raw = index_table(scores, "province", units=units, year=year, weights="none", min_n=1,
                      confidence=confidence, instrument=ins, interval=interval)
    row = head.iloc[0]
    stats_opd = _group_stats(scores, "opd", ins.value_codes)
    hc = units.headcount(year) if units is not None and year is not None else pd.Series(
        dtype=float)
    weighted = weights == "headcount" and stats_opd.index.isin(hc.index).all() and len(hc) > 0
    out = {"year": year, "n": int(row["n"]), "headcount": row["headcount"],
           "response_rate": row["response_rate"], "culture_index": row["culture_index"],
           "ci_low": row["ci_low"], "ci_high": row["ci_high"], "weighted": bool(weighted),
           "culture_index_unweighted": raw.iloc[0]["culture_index"],
           "ci_low_unweighted": raw.iloc[0]["ci_low"], "ci_high_unweighted": raw.iloc[0]["ci_high"],
           "category": row["category"], "target_low": float(target[0]),
           "target_high": float(target[1]),
           "gap_to_target_low": row["culture_index"] - target[0],
           "gap_to_target_high": row["culture_index"] - target[1],
           "in_target": bool(target[0] <= row["culture_index"] <= target[1])}
    out.update({v: row[v] for v in ins.value_codes})
    out["pct_favourable"] = row["pct_favourable"]
    frame = pd.DataFrame([out])
    frame["headcount"] = frame["headcount"].astype("Int64")
    return frame
