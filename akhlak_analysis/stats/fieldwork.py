"""Fieldwork monitoring: valid responses so far, against headcount, and where they will end.

While the survey window is open (about 1-15 October), every OPD must end above the minimum
reporting size to be reported at all. These functions count the **valid** responses of the
export as it stands (the clean table of :func:`akhlak_analysis.clean_responses`: duplicates
resolved, unknown units, too-fast and near-empty submissions left out, exactly as the report
will count them) per OPD and sub-unit, set them against the headcount, and project the final
count from the days elapsed. **Counts only, never scores**: the monitoring must not influence
the answers.

Projection
----------
For a unit with daily counts ``y_1 .. y_e`` over the ``e`` days elapsed of a ``D``-day window
(``r = D - e`` days left):

- **point**: responses so far plus the mean daily count of the last ``k`` days
  (``recent_days``, default 3; all days when fewer) times the days left,
  ``n + r * mean(y_{e-k+1} .. y_e)``, capped at the headcount. The recent rate, not the
  average since the start: responses usually come in a burst after the invitation and slow
  down afterwards.
- **interval** (default 80%): a quasi-Poisson gamma-Poisson prediction. With ``S`` the
  responses of the last ``k`` days and ``phi = max(1, var(y) / mean(y))`` the overdispersion
  of all elapsed days (1 with fewer than 3 days), the recent rate ``lambda`` has the Jeffreys
  posterior ``lambda / phi ~ Gamma(S / phi + 1/2, rate = k)``, and the remaining count
  ``R / phi`` is negative binomial with size ``S / phi + 1/2`` and probability
  ``k / (k + r)``; the interval is ``n + phi * (its quantiles)``, capped at the headcount.
  R: ``n + phi * qnbinom(c(.1, .9), size = S / phi + .5, prob = k / (k + r))``.

The interval covers the day-to-day noise of the counts and the uncertainty of the recent rate.
It does **not** cover a change of behaviour (a reminder letter, a deadline rush, weekends
and holidays, a unit that has already invited everyone): it is a guide for whom to remind,
not a promise. Once the window has closed the projection is the count itself.

Disclosure
----------
Counts are shown where the unit's headcount is public (the unit table's headcount of the
year): the count of respondents of a unit of known size identifies nobody. Where the
headcount is not public (a sub-unit without a headcount), a count between 1 and
``min_n - 1`` is hidden (:func:`protect_counts`), and so is the smallest other such count of
the same OPD when it is the only one hidden there, so that the OPD's total minus the shown
counts does not give it back.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from scipy import stats as sps

from ..checks import require_columns
from ..data.io import UnitTable
from ..defaults import FIELDWORK_LEVEL, FIELDWORK_RECENT_DAYS

__all__ = ["STATUSES", "daily_counts", "progress_table", "project_final", "protect_counts"]

#: Status of a unit, from worst to best.
STATUSES = ("below_min_n", "below_target", "on_track", "target_reached")
_COUNT_COLUMNS = ("n", "response_rate", "recent_daily", "projected_n", "projected_low",
                  "projected_high", "projected_rate", "projected_rate_low",
                  "projected_rate_high")


def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()


def project_final(daily: np.ndarray, *, days_left: int, headcount: float | None = None,
                  recent_days: int = FIELDWORK_RECENT_DAYS,
                  level: float = FIELDWORK_LEVEL) -> tuple[float, float, float]:
    """The projected final count of one unit, with its prediction interval.

    Parameters
    ----------
    daily : array of int
        Valid responses on each elapsed day of the window, in order (at least one day).
    days_left : int
        Days of the window still to come (0 once it has closed).
    headcount : float, optional
        Caps the projection (missing: no cap).
    recent_days : int
        Days whose mean count is carried forward.
    level : float
        Interval level (0-1).

    Returns
    -------
    (float, float, float)
        ``(projected, low, high)``: final counts (responses so far included).

    Notes
    -----
    See the module docstring. R: ``n + phi * qnbinom(c((1 - level) / 2, (1 + level) / 2),
    size = S / phi + 0.5, prob = k / (k + r))``.

    Examples
    --------
    >>> project_final(np.array([30, 20, 10, 10, 10]), days_left=10)
    (180.0, 130.0, 255.0)
    >>> project_final(np.array([30, 20, 10, 10, 10]), days_left=0)
    (80.0, 80.0, 80.0)
    """
    y = np.asarray(daily, dtype=float)
    if y.size == 0 or np.any(y < 0) or days_left < 0 or recent_days < 1 or not 0 < level < 1:
        raise ValueError("need at least one elapsed day of non-negative counts, days_left >= 0, "
                         "recent_days >= 1 and a level in (0, 1)")
    n = float(y.sum())
    cap = np.inf if headcount is None or pd.isna(headcount) else float(headcount)
    if days_left == 0:
        return n, n, n
    k = min(int(recent_days), y.size)
    s = float(y[-k:].sum())
    phi = 1.0
    if y.size >= 3 and y.mean() > 0:
        phi = max(1.0, float(y.var(ddof=1) / y.mean()))
    size, prob = s / phi + 0.5, k / (k + days_left)
    lo, hi = sps.nbinom.ppf([(1 - level) / 2, (1 + level) / 2], size, prob)
    point = n + s / k * days_left
    return (float(min(point, max(cap, n))), float(min(n + phi * lo, max(cap, n))),
            float(min(n + phi * hi, max(cap, n))))


def _units(units: UnitTable, year: int, data: pd.DataFrame) -> pd.DataFrame:
    """The units monitored: province, every OPD and sub-unit of ``year`` and any in the data."""
    hc_col = f"headcount_{year}"
    t = units.table
    rows = [{"level": "province", "unit": "province", "name": "province", "parent": pd.NA,
             "opd_type": pd.NA, "headcount": int(units.headcount(year, "opd").sum())}]
    for level in ("opd", "subunit"):
        sel = t[(t["level"] == level) & t[hc_col].notna()] if hc_col in t.columns else t[:0]
        seen = set(sel["code"])
        extra = sorted(set(data[level].dropna().astype(str)) - seen) if level in data else []
        more = t[t["code"].isin(extra)]
        for r in pd.concat([sel, more]).to_dict("records"):
            rows.append({"level": level, "unit": r["code"], "name": r["name"],
                         "parent": r["parent"] if level == "subunit" else "province",
                         "opd_type": r["opd_type"], "headcount": r.get(hc_col)})
        for code in sorted(set(extra) - set(more["code"])):
            rows.append({"level": level, "unit": code, "name": code, "parent": pd.NA,
                         "opd_type": pd.NA, "headcount": pd.NA})
    out = pd.DataFrame(rows)
    out["headcount"] = out["headcount"].astype("Int64")
    return out


def daily_counts(data: pd.DataFrame, *, start: object, as_of: object,
                 by: str = "opd") -> pd.DataFrame:
    """Valid responses per unit and day of the window, with the running total.

    Parameters
    ----------
    data : DataFrame
        The clean table (``submitted_date`` and the ``by`` column).
    start, as_of : date or str
        First day of the window and the day counted up to (inclusive). Responses dated before
        ``start`` count on the first day; after ``as_of`` not at all; without a readable date
        they count in no day (but in the totals of :func:`progress_table`).
    by : {"opd", "subunit", "province"}

    Returns
    -------
    DataFrame
        One row per unit (with at least one dated response) and day from ``start`` to
        ``as_of``: ``unit``, ``date`` (datetime64), ``n_day``, ``n_cumulative``.

    Examples
    --------
    >>> d = pd.DataFrame({"opd": ["A", "A", "B"], "submitted_date": pd.to_datetime(
    ...     ["2025-10-01", "2025-10-03", "2025-09-30"])})
    >>> daily_counts(d, start="2025-10-01", as_of="2025-10-03")
      unit       date  n_day  n_cumulative
    0    A 2025-10-01      1             1
    1    A 2025-10-02      0             1
    2    A 2025-10-03      1             2
    3    B 2025-10-01      1             1
    4    B 2025-10-02      0             1
    5    B 2025-10-03      0             1
    """
    first, last = pd.Timestamp(_day(start)), pd.Timestamp(_day(as_of))
    days = pd.date_range(first, max(first, last), freq="D")
    key = (pd.Series("province", index=data.index) if by == "province"
           else data[by].astype(object))
    when = pd.to_datetime(data["submitted_date"], errors="coerce").dt.normalize()
    ok = when.notna() & key.notna() & (when <= last)
    day = when[ok].clip(lower=first)
    counts = pd.crosstab(key[ok].astype(str), day).reindex(columns=days, fill_value=0)
    long = counts.stack().rename("n_day").reset_index()
    long.columns = ["unit", "date", "n_day"]
    long["n_day"] = long["n_day"].astype("int64")
    long["n_cumulative"] = long.groupby("unit")["n_day"].cumsum()
    return long.sort_values(["unit", "date"], ignore_index=True)


def _status(frame: pd.DataFrame, min_n: int, target_rate: float | None) -> pd.DataFrame:
    projected = frame["projected_n"].fillna(frame["n"].astype(float))
    frame["below_min_n"] = (projected < min_n).to_numpy()
    rate = frame["projected_rate"].fillna(frame["response_rate"])
    if target_rate is None:
        frame["below_target"] = pd.array([pd.NA] * len(frame), dtype="boolean")
        reached = np.zeros(len(frame), dtype=bool)
    else:
        frame["below_target"] = pd.array(np.where(rate.notna(), rate < target_rate, pd.NA),
                                          dtype="boolean")
        reached = (frame["response_rate"] >= target_rate).fillna(False).to_numpy(dtype=bool)
    below = frame["below_target"].fillna(False).to_numpy(dtype=bool)
    frame["status"] = np.select([frame["below_min_n"].to_numpy(), reached, below],
                                ["below_min_n", "target_reached", "below_target"], "on_track")
    return frame


def progress_table(data: pd.DataFrame, *, units: UnitTable, year: int, start: object,
                   end: object, as_of: object, min_n: int, target_rate: float | None = None,
                   recent_days: int = FIELDWORK_RECENT_DAYS,
                   level: float = FIELDWORK_LEVEL) -> pd.DataFrame:
    """Responses so far, response rate and projected final rate per province, OPD, sub-unit.

    Parameters
    ----------
    data : DataFrame
        The clean table of the export as it stood on ``as_of`` (``opd``, ``subunit``,
        ``submitted_date``); rows dated after ``as_of`` are not counted.
    units : UnitTable
        Names, hierarchy and the headcounts of ``year``.
    year : int
    start, end : date or str
        The survey window (inclusive).
    as_of : date or str
        The day counted up to (inclusive; treated as complete).
    min_n : int
        The minimum reporting group size.
    target_rate : float, optional
        Target response rate (0-1).
    recent_days, level :
        As :func:`project_final`.

    Returns
    -------
    DataFrame
        One row per unit: province, every OPD and sub-unit of ``year`` (those without
        responses included) and any unit of the data without a headcount: ``level``,
        ``unit``, ``name``, ``parent``, ``opd_type``, ``headcount`` (Int64; missing = not
        public), ``n`` (valid responses), ``response_rate`` (0-1), ``days_elapsed``,
        ``days_total``, ``recent_daily`` (mean daily count of the recent days),
        ``projected_n``, ``projected_low``, ``projected_high``, ``projected_rate``,
        ``projected_rate_low``, ``projected_rate_high`` (missing before the window opens),
        ``below_min_n`` (the projection is below ``min_n``), ``below_target`` (the projected
        rate is below ``target_rate``; missing without a target or a headcount) and
        ``status`` (:data:`STATUSES`). Unprotected: pass it to :func:`protect_counts`.

    Raises
    ------
    DataError
        A column is missing.
    ValueError
        The window ends before it starts, ``min_n < 1`` or a target outside (0, 1].

    Notes
    -----
    Counts: ``data.groupby(unit).size()`` (R: ``table(d$opd)``); rate = count / headcount;
    the projection and its interval: :func:`project_final`.
    """
    require_columns(data, ["opd", "submitted_date"], what="clean table",
                    source="clean_responses")
    first, last, today = _day(start), _day(end), _day(as_of)
    if last < first or min_n < 1 or (target_rate is not None and not 0 < target_rate <= 1):
        raise ValueError("need start <= end, min_n >= 1 and a target rate in (0, 1]")
    when = pd.to_datetime(data["submitted_date"], errors="coerce").dt.normalize()
    data = data.loc[~(when > pd.Timestamp(today))]
    table = _units(units, year, data)
    total, elapsed = (last - first).days + 1, min(max((today - first).days + 1, 0),
                                                   (last - first).days + 1)
    counts = {"province": pd.Series({"province": len(data)}),
              "opd": data["opd"].astype(str).value_counts(),
              "subunit": (data["subunit"].dropna().astype(str).value_counts()
                          if "subunit" in data else pd.Series(dtype="int64"))}
    daily = {lv: daily_counts(data, start=first, as_of=min(today, last), by=lv)
             for lv in ("province", "opd", "subunit") if lv != "subunit" or "subunit" in data}
    out = []
    for r in table.to_dict("records"):
        n = int(counts[r["level"]].get(r["unit"], 0))
        rec = {**r, "n": n, "days_elapsed": elapsed, "days_total": total}
        if elapsed >= 1 and r["level"] in daily:
            d = daily[r["level"]]
            y = d.loc[d["unit"] == r["unit"], "n_day"].to_numpy(dtype=float)
            y = y if y.size else np.zeros(elapsed)
            y[-1] += n - y.sum()  # responses without a readable date: counted today
            k = min(recent_days, y.size)
            rec["recent_daily"] = float(y[-k:].mean())
            rec["projected_n"], rec["projected_low"], rec["projected_high"] = project_final(
                y, days_left=total - elapsed, headcount=r["headcount"],
                recent_days=recent_days, level=level)
        out.append(rec)
    frame = pd.DataFrame(out).reindex(columns=[*table.columns, "n", "days_elapsed",
                                               "days_total", "recent_daily", "projected_n",
                                               "projected_low", "projected_high"])
    hc = frame["headcount"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    frame["response_rate"] = frame["n"] / hc
    for rate, count in (("projected_rate", "projected_n"), ("projected_rate_low",
                        "projected_low"), ("projected_rate_high", "projected_high")):
        frame[rate] = frame[count].astype(float) / hc
    frame = _status(frame, min_n, target_rate)
    cols = ["level", "unit", "name", "parent", "opd_type", "headcount", "n", "response_rate",
            "days_elapsed", "days_total", "recent_daily", "projected_n", "projected_low",
            "projected_high", "projected_rate", "projected_rate_low", "projected_rate_high",
            "below_min_n", "below_target", "status"]
    return frame[cols]


def protect_counts(progress: pd.DataFrame, *, min_n: int) -> pd.DataFrame:
    """Hide the counts that would identify fewer than ``min_n`` people of a unit of unknown size.

    Parameters
    ----------
    progress : DataFrame
        From :func:`progress_table`.
    min_n : int

    Returns
    -------
    DataFrame
        A copy with ``suppressed`` and ``suppression`` (``primary``: ``0 < n < min_n``
        without a public headcount; ``secondary``: the smallest other count of such a unit
        under the same parent, when only one would be hidden there); the count columns
        (``n``, the rate, the recent daily count, the projections) of hidden rows are blank.
        Units with a public headcount are never hidden (their counts identify nobody).

    Examples
    --------
    >>> p = pd.DataFrame({"level": "subunit", "unit": ["A", "B", "C"], "parent": "X",
    ...                   "headcount": pd.array([None, None, 20], dtype="Int64"),
    ...                   "n": [4, 15, 3], "response_rate": [np.nan, np.nan, 0.15]})
    >>> protect_counts(p, min_n=10)[["unit", "n", "suppressed", "suppression"]]
      unit     n  suppressed suppression
    0    A  <NA>        True     primary
    1    B  <NA>        True   secondary
    2    C     3       False        <NA>
    """
    require_columns(progress, ["level", "unit", "parent", "headcount", "n"],
                    what="progress table", source="progress_table")
    out = progress.copy()
    private = out["headcount"].isna().to_numpy()
    n = out["n"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    primary = private & (n > 0) & (n < min_n)
    secondary = np.zeros(len(out), dtype=bool)
    parent = out["parent"].astype(object).where(out["parent"].notna(), "")
    for _, idx in out.groupby([out["level"], parent], sort=False).indices.items():
        hidden = idx[primary[idx]]
        if len(hidden) == 1:
            rest = [i for i in idx if private[i] and not primary[i] and n[i] > 0]
            if rest:
                secondary[min(rest, key=lambda i: (n[i], str(out["unit"].iloc[i])))] = True
    hide = primary | secondary
    out["n"] = out["n"].astype("Int64")
    for c in _COUNT_COLUMNS:
        if c in out.columns:
            out[c] = out[c].mask(hide)
    out["suppressed"] = hide
    out["suppression"] = pd.array(np.where(primary, "primary", np.where(secondary, "secondary",
                                                                        None)), dtype="string")
    return out
