"""Year-over-year change, target tracking and action-plan (*Rencana Aksi*) follow-up.

Comparing two survey years
--------------------------
1. **Same items.** When the two years' instruments differ, both years are rescored on their
   common items only (same code, value and keying: :meth:`Instrument.common_items`) with a
   restricted instrument (:func:`restrict_instrument`) and the scoring of
   :func:`akhlak_analysis.stats.scoring.score_respondents`; the items left out are reported
   (``attrs["left_out_items"]`` of the tables, column ``items_left_out`` of the province row).
   The official index of a year (all its items) is the one :func:`headline_by_year` and
   :func:`target_gaps` report; change is always measured on the common items.
2. **Same units.** Earlier-year unit codes are mapped to their successor in the later year
   (``UnitTable.successor``, the unit table's ``replaced_by``): a renamed unit continues under
   its new code, the respondents of merged units are pooled (their headcounts summed). A unit
   present in one year only is kept with the other year blank (``note``).
3. **Unit change.** The respondents of the two years are different samples, so the change of a
   unit mean is compared with Welch's independent-samples interval, each year's variance of the
   mean corrected for the finite population ``N`` (headcount)::

       v_t = s_t^2 / n_t * (N_t - n_t) / (N_t - 1)
       change = ybar_2 - ybar_1,  se = sqrt(v_1 + v_2)
       df = (v_1 + v_2)^2 / (v_1^2 / (n_1 - 1) + v_2^2 / (n_2 - 1))   (Welch-Satterthwaite)

   p-values are adjusted across the compared units with
   ``statsmodels.stats.multitest.multipletests`` (default Benjamini-Hochberg FDR);
   ``significant`` uses the adjusted p-value, the interval is the unadjusted one.
4. **Province change.** The province index of each year is the headcount-weighted mean of the
   OPD means with its cluster (OPD) linearisation interval from
   :func:`akhlak_analysis.stats.scoring.index_table` (``by="province"``). The change's interval
   (default ``interval="paired"``) treats OPDs as clusters observed in both years: with
   ``z_jt = W_jt (ybar_jt - ybar_t)`` each OPD's linearised contribution (predecessors of
   renamed/merged units summed into their successor), ``var(change) = J/(J-1) sum_j
   (z_j2 - z_j1)^2`` and ``df = J - 1``, as ``survey::svymean`` on both years pooled in one
   ``svydesign(ids = ~opd, weights = ~w)``. Alternatives: ``cluster`` treats the years as
   independent cluster samples (``v_1 + v_2`` with each ``v`` recovered from the yearly interval,
   ``df = min(J_1, J_2) - 1``: conservative, since between-OPD levels count twice);
   ``stratified`` keeps only within-OPD sampling error. Value scores use the same estimators
   (the value score takes the place of the index).
5. **Units too small to report.** A unit with fewer than ``min_n`` respondents in a year shows
   no index for that year and no change (``suppressed``).

Action plans
------------
:func:`read_action_plans` reads and checks the *Rencana Aksi* file; :func:`action_plan_status`
gives every action a traffic light from :data:`DEFAULT_ACTION_RULES` (thresholds are data: the
lead will move them into ``analysis.yaml``); :func:`action_plan_summary` counts per OPD;
:func:`action_plan_vs_change` relates an OPD's completion to its index change (observational).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from ..data.io import UnitTable, closest
from ..errors import DataError, InstrumentError
from ..instrument import Instrument, load_instrument, normalize_text
from ..labels import format_number
from .psychometrics import criterion_validity, measurement_invariance
from .scoring import index_table, overall_index, score_respondents

__all__ = [
    "DEFAULT_ACTION_RULES",
    "compare_intervals",
    "describe_action_rules",
    "CommonScores",
    "PlanChangeRelation",
    "action_plan_status",
    "action_plan_summary",
    "action_plan_vs_change",
    "category_shares",
    "category_transitions",
    "change_conclusions",
    "compare_province",
    "compare_values",
    "compare_years",
    "headline_by_year",
    "invariance_across_years",
    "map_to_successors",
    "read_action_plans",
    "restrict_instrument",
    "score_common",
    "target_gaps",
]

#: Traffic-light rules for action plans (data; to be moved into analysis.yaml). An action that
#: is done (status "Selesai" or progress 100) is ``hijau``; an overdue action (``as_of`` after
#: its due date) is ``merah`` if its progress is below ``overdue_red_below`` and ``kuning``
#: otherwise; an action not yet due is ``kuning`` if it is more than ``behind_yellow_above``
#: progress points behind the linear schedule, else ``hijau``.
DEFAULT_ACTION_RULES: Mapping[str, float] = {"overdue_red_below": 50.0,
                                             "behind_yellow_above": 25.0}

_CORRECTIONS = ("none", "bonferroni", "holm", "hommel", "fdr_bh", "fdr_by", "sidak", "holm-sidak",
                "simes-hochberg", "fdr_tsbh", "fdr_tsbky")
_PLAN_COLUMNS = ("opd", "value", "action", "start_date", "due_date", "progress", "status")
_PLAN_STATUS = ("Belum Mulai", "Berjalan", "Selesai")
LIGHTS = ("merah", "kuning", "hijau")


# --------------------------------------------------------------------------------------
# common items and unit mapping
# --------------------------------------------------------------------------------------
def restrict_instrument(instrument: str | Instrument, items: Sequence[str]) -> Instrument:
    """The instrument reduced to some of its items (values without items are dropped).

    Parameters
    ----------
    instrument : str or Instrument
    items : sequence of str
        Item codes to keep (instrument order is kept).

    Returns
    -------
    Instrument
        Same scale and bands; name suffixed ``[common]``.

    Examples
    --------
    >>> i25 = load_instrument("berakhlak-2025")
    >>> r = restrict_instrument(i25, load_instrument("berakhlak-2024").item_codes)
    >>> len(r.items), r.reverse_items, r.factors["adaptif"]
    (21, [], ['AD1', 'AD2', 'AD3'])
    """
    try:
        return load_instrument(instrument).restrict(items)
    except InstrumentError as exc:
        raise DataError(exc.detail) from exc


@dataclass
class CommonScores:
    """Both years scored on their common items (see :func:`score_common`).

    Attributes
    ----------
    scores : dict of int to DataFrame
        Year -> :func:`score_respondents` output on the common items.
    instrument : Instrument
        The later year's instrument restricted to the common items (its bands categorise).
    common_items : list of str
    left_out : dict of int to list of str
        Year -> items of that year's instrument that were not compared.
    """

    scores: dict[int, pd.DataFrame]
    instrument: Instrument
    common_items: list[str]
    left_out: dict[int, list[str]]

    @property
    def years(self) -> tuple[int, int]:
        a, b = sorted(self.scores)
        return a, b


def _two_years(mapping: Mapping[int, object], what: str) -> tuple[int, int]:
    years = sorted(int(y) for y in mapping)
    if len(years) != 2:
        raise ValueError(f"{what} must hold exactly two years, got {years}")
    return years[0], years[1]


def score_common(data_by_year: Mapping[int, pd.DataFrame], *,
                 instrument_by_year: Mapping[int, str | Instrument]) -> CommonScores:
    """Score two years of clean respondents on the items their instruments share.

    Parameters
    ----------
    data_by_year : dict of int to DataFrame
        Year -> clean respondent table (``load_clean(...).data``) with the item columns.
    instrument_by_year : dict of int to str or Instrument

    Returns
    -------
    CommonScores

    Examples
    --------
    >>> i24, i25 = load_instrument("berakhlak-2024"), load_instrument("berakhlak-2025")
    >>> d = {2024: pd.DataFrame({c: [4.0] for c in i24.item_codes}),
    ...      2025: pd.DataFrame({c: [4.0] for c in i25.item_codes})}
    >>> cs = score_common(d, instrument_by_year={2024: i24, 2025: i25})
    >>> len(cs.common_items), cs.left_out[2025][:3], float(cs.scores[2025].loc[0, "culture_index"])
    (21, ['BP4', 'AK4', 'KO4'], 75.0)
    """
    y1, y2 = _two_years(data_by_year, "data_by_year")
    if set(instrument_by_year) != {y1, y2}:
        raise ValueError(f"instrument_by_year must give the instrument of {y1} and {y2}")
    ins1, ins2 = (load_instrument(instrument_by_year[y]) for y in (y1, y2))
    common = ins2.common_items(ins1)
    if not common:
        raise DataError(f"instruments {ins1.name} and {ins2.name} share no item")
    shared = restrict_instrument(ins2, common)
    missing = [v for v in ins2.value_codes if v not in shared.value_codes]
    if missing:
        raise DataError(f"values {missing} have no common item; the years cannot be compared "
                        "on the index")
    scores = {y: score_respondents(data_by_year[y], instrument=restrict_instrument(ins, common))
              for y, ins in ((y1, ins1), (y2, ins2))}
    left = {y: [c for c in ins.item_codes if c not in common] for y, ins in ((y1, ins1), (y2, ins2))}
    return CommonScores(scores, shared, common, left)


def map_to_successors(scores: pd.DataFrame, *, units: UnitTable, year: int,
                      by: str = "opd") -> pd.DataFrame:
    """Unit codes replaced by their successor in ``year`` (renamed and merged units).

    Parameters
    ----------
    scores : DataFrame
        Any table with a ``by`` column of unit codes.
    units : UnitTable
        Its ``replaced_by`` column says which unit continues a renamed or merged one.
    year : int
        The year whose units the codes are mapped to.
    by : str
        The column holding the codes.

    Returns
    -------
    DataFrame
        A copy with ``by`` mapped; codes that existed in ``year`` are unchanged.

    Examples
    --------
    >>> u = UnitTable(pd.DataFrame({"code": ["OLD", "NEW"], "name": ["Lama", "Baru"],
    ...     "level": "opd", "parent": None, "opd_type": "Dinas", "aliases": [[], []],
    ...     "replaced_by": ["NEW", None], "headcount_2024": pd.array([10, None], dtype="Int64"),
    ...     "headcount_2025": pd.array([None, 12], dtype="Int64")}))
    >>> map_to_successors(pd.DataFrame({"opd": ["OLD", "NEW"]}), units=u, year=2025)["opd"].tolist()
    ['NEW', 'NEW']
    """
    if by not in scores.columns:
        raise DataError(f"the table has no {by!r} column", column=by)
    codes = scores[by].dropna().unique()
    succ = {c: units.successor(str(c), year) for c in codes}
    out = scores.copy()
    out[by] = out[by].map(lambda c: succ.get(c, c) if pd.notna(c) else c).astype(scores[by].dtype)
    return out


def _headcounts(units: UnitTable | None, by: str, year: int, to_year: int) -> pd.Series:
    """Headcount per (mapped) unit code in ``year``; merged units summed."""
    if units is None or year not in units.years:
        return pd.Series(dtype="float64")
    hc = units.headcount(year, level=by).astype("float64")
    mapped = [units.successor(str(c), to_year) for c in hc.index]
    return hc.groupby(np.asarray(mapped)).sum()


def _unit_names(codes: pd.Series, units: UnitTable | None) -> pd.Series:
    names = units.names().to_dict() if units is not None else {}
    return pd.Series([names.get(c, c) for c in codes.astype(str)], index=codes.index,
                     dtype="string")


def _predecessor_note(units: UnitTable | None, code: str, y1: int, y2: int) -> str:
    if units is None:
        return ""
    t = units.table
    col = f"headcount_{y1}"
    if col not in t.columns:
        return ""
    olds = [str(c) for c in t.loc[t[col].notna(), "code"] if str(c) != code
            and units.successor(str(c), y2) == code]
    if not olds:
        return ""
    own = code in set(t.loc[t[col].notna(), "code"])
    if len(olds) == 1 and not own:
        return f"{y1}: {olds[0]} (berganti nama)"
    return f"{y1}: gabungan {', '.join(sorted(olds + ([code] if own else [])))}"


# --------------------------------------------------------------------------------------
# unit-level change (Welch with FPC)
# --------------------------------------------------------------------------------------
def _unit_stats(scores: pd.DataFrame, by: str, column: str) -> pd.DataFrame:
    valid = scores[scores[column].notna() & scores[by].notna()]
    st = valid.groupby(valid[by].astype(str), sort=True)[column].agg(["size", "mean", "var"])
    st.columns = ["n", "mean", "var"]
    return st


def _welch(m1, v1, n1, big1, m2, v2, n2, big2, confidence):
    """Change, se, Welch df (on FPC-corrected variances), interval and p per row."""
    def corrected(v, n, big):
        with np.errstate(invalid="ignore", divide="ignore"):
            f = (big - n) / (big - 1)
        f = np.where(np.isfinite(f) & (big >= n) & (big > 1), f, 1.0)
        return v / n * f

    with np.errstate(invalid="ignore", divide="ignore"):
        a, b = corrected(v1, n1, big1), corrected(v2, n2, big2)
        change = m2 - m1
        se = np.sqrt(a + b)
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
    if min_n < 1:
        raise ValueError(f"min_n must be >= 1, got {min_n}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence}")
    if correction not in _CORRECTIONS:
        raise ValueError(f"correction must be one of {_CORRECTIONS}, got {correction!r}")


def _direction(change: np.ndarray, significant: np.ndarray, compared: np.ndarray) -> list:
    out = []
    for c, s, ok in zip(change, significant, compared, strict=True):
        out.append(None if not ok else ("naik" if c > 0 else "turun") if s else "tetap")
    return out


def _change_table(cs: CommonScores, by: str, column: str, units: UnitTable | None,
                  min_n: int, confidence: float) -> pd.DataFrame:
    """Per unit: both years' mean of ``column``, n, headcount, change and its Welch interval."""
    y1, y2 = cs.years
    s1, s2 = cs.scores[y1], cs.scores[y2]
    if by not in s1.columns or by not in s2.columns:
        raise DataError(f"the respondent tables have no {by!r} column", column=by)
    if units is not None:
        s1 = map_to_successors(s1, units=units, year=y2, by=by)
    st1, st2 = _unit_stats(s1, by, column), _unit_stats(s2, by, column)
    # suppression follows the index's n, as index_table does
    n_index = {y: _unit_stats(s, by, "culture_index")["n"] for y, s in ((y1, s1), (y2, s2))}
    hc1, hc2 = _headcounts(units, by, y1, y2), _headcounts(units, by, y2, y2)
    codes = sorted(set(st1.index) | set(st2.index) | set(hc1.index) | set(hc2.index))
    st1, st2 = st1.reindex(codes), st2.reindex(codes)
    n1, n2 = st1["n"].fillna(0).to_numpy(float), st2["n"].fillna(0).to_numpy(float)
    big1 = hc1.reindex(codes).to_numpy(float, na_value=np.nan)
    big2 = hc2.reindex(codes).to_numpy(float, na_value=np.nan)
    m1, m2 = st1["mean"].to_numpy(float), st2["mean"].to_numpy(float)
    v1, v2 = st1["var"].to_numpy(float), st2["var"].to_numpy(float)
    change, lo, hi, df, p = _welch(m1, v1, n1, big1, m2, v2, n2, big2, confidence)
    exists1 = (n1 > 0) | np.isfinite(big1)
    exists2 = (n2 > 0) | np.isfinite(big2)
    k1 = n_index[y1].reindex(codes).fillna(0).to_numpy(float)
    k2 = n_index[y2].reindex(codes).fillna(0).to_numpy(float)
    small1, small2 = exists1 & (k1 < min_n), exists2 & (k2 < min_n)
    compared = exists1 & exists2 & ~small1 & ~small2
    t = pd.DataFrame({"unit": codes})
    t["name"] = _unit_names(t["unit"], units)
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
    t["exists_a_"], t["exists_b_"] = exists1, exists2
    return t


def _notes(t: pd.DataFrame, units: UnitTable | None, y1: int, y2: int, min_n: int) -> list[str]:
    notes = []
    for row in t.itertuples(index=False):
        parts = []
        if not row.exists_a_:
            parts.append(f"hanya ada {y2}")
        elif not row.exists_b_:
            parts.append(f"hanya ada {y1}")
        if row.suppressed:
            parts.append(f"disembunyikan (n < {min_n})")
        pre = _predecessor_note(units, row.unit, y1, y2)
        if pre:
            parts.append(pre)
        notes.append("; ".join(parts))
    return notes


def compare_years(data_by_year: Mapping[int, pd.DataFrame], by: str = "opd", *,
                  units: UnitTable | None = None,
                  instrument_by_year: Mapping[int, str | Instrument], min_n: int = 10,
                  confidence: float = 0.95, correction: str = "fdr_bh") -> pd.DataFrame:
    """Change of the index per unit between two years, with Welch intervals and FPC.

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

    Returns
    -------
    DataFrame
        One row per unit of the later year (earlier units mapped to their successor) and per
        unit that existed in one year only, sorted by code: ``unit``, ``name``,
        ``culture_index_<y>``, ``n_<y>``, ``headcount_<y>`` for each year (blank when
        suppressed or absent), ``change`` (later - earlier, index points), ``ci_low``,
        ``ci_high`` (unadjusted Welch interval), ``df`` (Welch-Satterthwaite), ``p_value``,
        ``p_adj``, ``significant``, ``direction`` (``naik`` / ``turun`` / ``tetap`` when not
        significant; blank when not compared), ``effect_size`` (Hedges' g, pooled SD),
        ``category_<y>``, ``suppressed``, ``compared`` and ``note`` (``hanya ada 2025``,
        ``disembunyikan (n < 10)``, predecessors of renamed or merged units). ``attrs`` holds
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
    0    A                50.0               58.33    8.33      naik
    """
    _check_options(min_n, confidence, correction)
    if by not in ("opd", "subunit"):
        raise ValueError(f"by must be 'opd' or 'subunit', got {by!r}")
    cs = score_common(data_by_year, instrument_by_year=instrument_by_year)
    y1, y2 = cs.years
    t = _change_table(cs, by, "culture_index", units, min_n, confidence)
    t.insert(t.columns.get_loc("p_value") + 1, "p_adj", _adjust(t["p_value"].to_numpy(),
                                                                correction))
    sig = t["compared"].to_numpy() & (t["p_adj"].to_numpy() < 1 - confidence)
    t.insert(t.columns.get_loc("p_adj") + 1, "significant", sig)
    t.insert(t.columns.get_loc("significant") + 1, "direction",
             pd.array(_direction(t["change"].to_numpy(), sig, t["compared"].to_numpy()),
                      dtype="string"))
    for y in (y1, y2):
        t[f"category_{y}"] = cs.instrument.categorize(t[f"culture_index_{y}"]).to_numpy()
    t["note"] = pd.array(_notes(t, units, y1, y2, min_n), dtype="string")
    t = t.drop(columns=["exists_a_", "exists_b_"])
    order = [c for c in t.columns if c not in ("suppressed", "compared", "note")]
    t = t[[*order, "suppressed", "compared", "note"]]
    t.attrs = {"common_items": cs.common_items, "left_out_items": cs.left_out}
    return t


# --------------------------------------------------------------------------------------
# province and values
# --------------------------------------------------------------------------------------
def _province(scores: pd.DataFrame, column: str, units: UnitTable | None, year: int,
              ins: Instrument, confidence: float, weights: str,
              interval: str = "cluster") -> dict:
    """Province estimate of ``column`` from index_table, its variance and df."""
    s = scores.assign(culture_index=scores[column])
    row = index_table(s, "province", units=units, year=year, instrument=ins, min_n=1,
                      confidence=confidence, weights=weights, interval=interval).iloc[0]
    est = float(row["culture_index"])
    j = int(s.loc[s[column].notna() & s["opd"].notna(), "opd"].nunique())
    df = j - 1 if j >= 2 and interval == "cluster" else max(int(row["n"]) - j, 1)
    half = max(float(row["ci_high"]) - est, est - float(row["ci_low"]))
    var = (half / stats.t.ppf(0.5 + confidence / 2, df)) ** 2
    return {"est": est, "var": var, "df": df, "n": int(row["n"]), "sd": float(s[column].std()),
            "ci_low": float(row["ci_low"]), "ci_high": float(row["ci_high"])}


def _province_change(a: dict, b: dict, confidence: float) -> dict:
    change = b["est"] - a["est"]
    se = np.sqrt(a["var"] + b["var"])
    df = min(a["df"], b["df"])
    half = stats.t.ppf(0.5 + confidence / 2, df) * se
    p = float(2 * stats.t.sf(abs(change) / se, df)) if se > 0 else float(change == 0)
    g = _hedges_g(a["est"], a["sd"] ** 2, a["n"], b["est"], b["sd"] ** 2, b["n"])
    return {"change": change, "ci_low": change - half, "ci_high": change + half, "df": float(df),
            "p_value": p, "effect_size": float(g)}


def _check_interval(interval: str) -> None:
    if interval not in ("paired", "cluster", "stratified"):
        raise ValueError(f"interval must be 'paired', 'cluster' or 'stratified', got {interval!r}")


def _cluster_influence(scores: pd.DataFrame, column: str, units: UnitTable | None, year: int,
                       to_year: int, weights: str) -> pd.Series:
    """Each OPD's linearised contribution ``z_j = W_j (ybar_j - ybar_w)`` to the weighted mean.

    Indexed by the OPD's code in ``to_year`` (merged predecessors are summed into their
    successor, so a cluster is the same unit in both years). Weights as
    :func:`akhlak_analysis.stats.scoring.index_table`: headcount shares when every OPD's headcount is
    known and ``weights="headcount"``, else respondent shares.
    """
    s = scores.loc[scores[column].notna() & scores["opd"].notna(), ["opd", column]]
    g = s.groupby("opd")[column].agg(["size", "mean"])
    hc = (units.headcount(year) if units is not None and year in units.years
          else pd.Series(dtype="int64"))
    if weights == "headcount" and len(hc) and g.index.isin(hc.index).all():
        w = hc.reindex(g.index).astype(float)
    else:
        w = g["size"].astype(float)
    share = w / w.sum()
    z = share * (g["mean"] - float((share * g["mean"]).sum()))
    if units is not None:
        z.index = [units.successor(str(c), to_year) for c in z.index]
    return z.groupby(level=0).sum()


def _paired_change(scores: Mapping[int, pd.DataFrame], column: str, units: UnitTable | None,
                   years: tuple[int, int], weights: str, est: Mapping[int, dict],
                   confidence: float) -> dict:
    """Change with OPDs as clusters observed in both years (matched through ``replaced_by``)."""
    y1, y2 = years
    z1 = _cluster_influence(scores[y1], column, units, y1, y2, weights)
    z2 = _cluster_influence(scores[y2], column, units, y2, y2, weights)
    d = z2.reindex(z2.index.union(z1.index), fill_value=0.0) - z1.reindex(
        z2.index.union(z1.index), fill_value=0.0)
    j = len(d)
    change = est[y2]["est"] - est[y1]["est"]
    se = float(np.sqrt(j / (j - 1) * np.sum((d - d.mean()) ** 2))) if j >= 2 else np.nan
    df = max(j - 1, 1)
    half = stats.t.ppf(0.5 + confidence / 2, df) * se
    p = float(2 * stats.t.sf(abs(change) / se, df)) if se > 0 else float(change == 0)
    a, b = est[y1], est[y2]
    g = _hedges_g(a["est"], a["sd"] ** 2, a["n"], b["est"], b["sd"] ** 2, b["n"])
    return {"change": change, "ci_low": change - half, "ci_high": change + half,
            "df": float(df), "p_value": p, "effect_size": float(g)}


def compare_province(data_by_year: Mapping[int, pd.DataFrame], *,
                     units: UnitTable | None = None,
                     instrument_by_year: Mapping[int, str | Instrument],
                     confidence: float = 0.95, weights: str = "headcount",
                     interval: str = "paired") -> pd.DataFrame:
    """Change of the province index between two years, with a design-based interval.

    Parameters
    ----------
    data_by_year : dict of int to DataFrame
        Two years of clean respondents (item columns and ``opd``).
    units : UnitTable, optional
        Headcounts for the weighting (as :func:`akhlak_analysis.stats.scoring.index_table`).
    instrument_by_year : dict of int to str or Instrument
    confidence : float
    weights : {"headcount", "none"}
    interval : {"paired", "cluster", "stratified"}
        ``paired`` (default): OPDs as clusters observed in both years: the change's variance is
        ``J/(J-1) * sum_j (z_j2 - z_j1)^2`` with ``z_jt = W_jt (ybar_jt - ybar_t)`` each OPD's
        linearised contribution in year t (renamed and merged units matched through
        ``replaced_by``), t with ``J - 1`` df; as R's ``survey::svymean`` on both years pooled
        in one ``svydesign(ids = ~opd, weights = ~w)`` and ``svycontrast`` of the two years.
        Differences between OPDs that persist across years cancel, as they should.
        ``cluster``: the two years as independent cluster samples (``v_1 + v_2``; conservative,
        since the same OPDs appear in both years); ``stratified``: OPDs as strata that were all
        observed, with FPC (within-OPD sampling error only; df ``n - J``). See
        :func:`akhlak_analysis.stats.scoring.index_table`.

    Returns
    -------
    DataFrame
        One row: ``unit`` ("province"), for each year ``culture_index_<y>``, ``ci_low_<y>``,
        ``ci_high_<y>``, ``n_<y>`` and ``category_<y>`` (on the common items), ``change``,
        ``ci_low``, ``ci_high``, ``df``, ``p_value``, ``significant``, ``direction``,
        ``effect_size`` (Hedges' g of respondents, descriptive), ``interval``,
        ``n_items_compared`` and
        ``items_left_out`` (text, e.g. ``"2025: BP4, AK4"``).

    Notes
    -----
    Module docstring, point 4 (the three interval choices and their R equivalents). The yearly
    intervals ``ci_low_<y>``/``ci_high_<y>`` are the cluster-linearisation intervals of
    :func:`akhlak_analysis.stats.scoring.index_table`.

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
    _check_interval(interval)
    per_year = "cluster" if interval == "paired" else interval
    est = {y: _province(cs.scores[y], "culture_index", units, y, cs.instrument, confidence,
                        weights, per_year) for y in (y1, y2)}
    row: dict[str, object] = {"unit": "province", "interval": interval}
    for y in (y1, y2):
        row.update({f"culture_index_{y}": est[y]["est"], f"ci_low_{y}": est[y]["ci_low"],
                    f"ci_high_{y}": est[y]["ci_high"], f"n_{y}": est[y]["n"],
                    f"category_{y}": cs.instrument.categorize(est[y]["est"]).iloc[0]})
    ch = (_paired_change(cs.scores, "culture_index", units, (y1, y2), weights, est, confidence)
          if interval == "paired" else _province_change(est[y1], est[y2], confidence))
    sig = ch["p_value"] < 1 - confidence
    row.update({k: ch[k] for k in ("change", "ci_low", "ci_high", "df", "p_value")})
    row.pop("interval")
    row.update(significant=sig, direction=("naik" if ch["change"] > 0 else "turun") if sig
               else "tetap", effect_size=ch["effect_size"], interval=interval,
               n_items_compared=len(cs.common_items),
               items_left_out="; ".join(f"{y}: {', '.join(v)}" for y, v in cs.left_out.items()
                                        if v))
    out = pd.DataFrame([row])
    out.attrs = {"common_items": cs.common_items, "left_out_items": cs.left_out}
    return out


def compare_intervals(data_by_year: Mapping[int, pd.DataFrame], *,
                      units: UnitTable | None = None,
                      instrument_by_year: Mapping[int, str | Instrument],
                      confidence: float = 0.95, weights: str = "headcount") -> pd.DataFrame:
    """The province change under the three interval choices, side by side.

    Returns
    -------
    DataFrame
        One row per ``interval`` (``paired``, ``cluster``, ``stratified``; see
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
    >>> t["interval"].tolist(), t["change"].round(2).tolist()
    (['paired', 'cluster', 'stratified'], [5.0, 5.0, 5.0])
    """
    rows = [compare_province(data_by_year, units=units, instrument_by_year=instrument_by_year,
                             confidence=confidence, weights=weights, interval=iv)
            for iv in ("paired", "cluster", "stratified")]
    cols = ["interval", "change", "ci_low", "ci_high", "df", "p_value", "significant"]
    return pd.concat(rows, ignore_index=True)[cols]


def describe_action_rules(rules: Mapping[str, float] | None = None, *, as_of: str,
                          lang: str = "id") -> str:
    """The traffic-light rules in words (Markdown), from the thresholds actually used.

    Examples
    --------
    >>> print(describe_action_rules(as_of="2025-10-31"))  # doctest: +ELLIPSIS
    Per 31-10-2025, setiap aksi diberi lampu: **merah** bila lewat tenggat dan kemajuannya di bawah 50%; ...
    """
    r = {**DEFAULT_ACTION_RULES, **(rules or {})}
    red, behind = r["overdue_red_below"], r["behind_yellow_above"]
    date = pd.Timestamp(as_of)
    if lang == "en":
        return (f"As of {date:%Y-%m-%d}, every action gets a light: **red** if overdue with "
                f"progress below {red:g}%; **yellow** if overdue with at least {red:g}% or more "
                f"than {behind:g} points behind a linear schedule; **green** if done or on "
                "schedule.")
    return (f"Per {date:%d-%m-%Y}, setiap aksi diberi lampu: **merah** bila lewat tenggat dan "
            f"kemajuannya di bawah {red:g}%; **kuning** bila lewat tenggat dengan kemajuan minimal "
            f"{red:g}% atau tertinggal lebih dari {behind:g} poin dari jadwal linear; **hijau** "
            "bila selesai atau sesuai jadwal. Ambang diatur di `analysis.yaml` "
            "(`action_plan_rules`).")


def compare_values(data_by_year: Mapping[int, pd.DataFrame], by: str = "province", *,
                   units: UnitTable | None = None,
                   instrument_by_year: Mapping[int, str | Instrument], min_n: int = 10,
                   confidence: float = 0.95, correction: str = "fdr_bh",
                   interval: str = "paired") -> pd.DataFrame:
    """Change of each value score between two years (long table: one row per unit and value).

    Parameters
    ----------
    data_by_year, units, instrument_by_year, min_n, confidence, correction :
        As :func:`compare_years`.
    by : {"province", "opd", "subunit"}
        ``province``: design-based intervals as :func:`compare_province`; a unit level: Welch
        intervals with FPC as :func:`compare_years`.
    interval : {"paired", "cluster", "stratified"}
        Province interval, as :func:`compare_province`.

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
    _check_interval(interval)
    cs = score_common(data_by_year, instrument_by_year=instrument_by_year)
    y1, y2 = cs.years
    values = cs.instrument.value_codes
    if by == "province":
        rows = []
        for v in values:
            est = {y: _province(cs.scores[y], v, units, y, cs.instrument, confidence,
                                "headcount", "cluster" if interval == "paired" else interval)
                   for y in (y1, y2)}
            row = {"unit": "province", "name": "Provinsi", "value": v}
            for y in (y1, y2):
                row.update({f"culture_index_{y}": est[y]["est"], f"n_{y}": est[y]["n"]})
            ch = (_paired_change(cs.scores, v, units, (y1, y2), "headcount", est, confidence)
                  if interval == "paired" else _province_change(est[y1], est[y2], confidence))
            row.update(ch, suppressed=False, compared=True)
            rows.append(row)
        t = pd.DataFrame(rows)
        for y in (y1, y2):
            t[f"n_{y}"] = t[f"n_{y}"].astype("Int64")
    elif by in ("opd", "subunit"):
        parts = []
        for v in values:
            part = _change_table(cs, by, v, units, min_n, confidence)
            part.insert(2, "value", v)
            parts.append(part.drop(columns=[c for c in part.columns if c.startswith(
                ("headcount_", "exists_"))]))
        t = pd.concat(parts, ignore_index=True)
        t["_order"] = t["value"].map({v: k for k, v in enumerate(values)})
        t = t.sort_values(["unit", "_order"], kind="stable").drop(columns="_order")
        t = t.reset_index(drop=True)
    else:
        raise ValueError(f"by must be 'province', 'opd' or 'subunit', got {by!r}")
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


# --------------------------------------------------------------------------------------
# headline and targets
# --------------------------------------------------------------------------------------
def headline_by_year(data_by_year: Mapping[int, pd.DataFrame], *,
                     units: UnitTable | None = None,
                     instrument_by_year: Mapping[int, str | Instrument],
                     target: tuple[float, float] = (80.0, 90.0),
                     confidence: float = 0.95) -> pd.DataFrame:
    """The official province headline of every year (each on its own full instrument).

    Parameters
    ----------
    data_by_year : dict of int to DataFrame
        Clean respondents per year.
    units, confidence :
        As :func:`akhlak_analysis.stats.scoring.overall_index`.
    instrument_by_year : dict of int to str or Instrument
    target : (float, float)

    Returns
    -------
    DataFrame
        One row per year, the columns of :func:`akhlak_analysis.stats.scoring.overall_index`
        (``year``, ``n``, ``culture_index``, ``ci_low``, ``ci_high``, ``category``,
        ``gap_to_target_low``, ``gap_to_target_high``, ``in_target``, ...) plus ``n_items``.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0, 5.0] * 6 for c in ins.item_codes}).assign(opd="A")
    >>> h = headline_by_year({2024: d, 2025: d}, instrument_by_year={2024: ins, 2025: ins})
    >>> h[["year", "culture_index", "gap_to_target_low", "n_items"]]
       year  culture_index  gap_to_target_low  n_items
    0  2024           87.5                7.5       21
    1  2025           87.5                7.5       21
    """
    rows = []
    for y in sorted(data_by_year):
        ins = load_instrument(instrument_by_year[y])
        s = score_respondents(data_by_year[y], instrument=ins)
        h = overall_index(s, units=units, year=y, instrument=ins, target=target,
                          confidence=confidence)
        rows.append(h.assign(n_items=len(ins.items)))
    return pd.concat(rows, ignore_index=True)


def target_gaps(data: pd.DataFrame, *, units: UnitTable | None = None, year: int,
                instrument: str | Instrument, target: tuple[float, float] = (80.0, 90.0),
                min_n: int = 10, confidence: float = 0.95) -> pd.DataFrame:
    """Gap of every OPD's official index to the target range (one year, full instrument).

    Parameters
    ----------
    data : DataFrame
        Clean respondents of ``year``.
    units, min_n, confidence :
        As :func:`akhlak_analysis.stats.scoring.index_table`.
    year : int
    instrument : str or Instrument
    target : (float, float)

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``n``, ``culture_index``, ``ci_low``, ``ci_high``, ``category``,
        ``gap_to_target_low`` (index - lower target; negative = below), ``gap_to_target_high``,
        ``in_target`` and ``suppressed``, sorted by index (highest first, suppressed last).

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0] * 12 + [5.0] * 12 for c in ins.item_codes})
    >>> d["opd"] = ["A"] * 12 + ["B"] * 12
    >>> target_gaps(d, year=2025, instrument=ins)[["unit", "gap_to_target_low", "in_target"]]
      unit  gap_to_target_low  in_target
    0    B               20.0      False
    1    A               -5.0      False
    """
    ins = load_instrument(instrument)
    if not target[0] < target[1]:
        raise ValueError(f"target must be (lower, upper) with lower < upper, got {target}")
    s = score_respondents(data, instrument=ins)
    t = index_table(s, "opd", units=units, year=year, instrument=ins, min_n=min_n,
                    confidence=confidence)
    t = t[["unit", "name", "n", "culture_index", "ci_low", "ci_high", "category", "suppressed"]]
    t.insert(7, "gap_to_target_low", t["culture_index"] - target[0])
    t.insert(8, "gap_to_target_high", t["culture_index"] - target[1])
    inside = t["culture_index"].between(target[0], target[1])
    t.insert(9, "in_target", pd.array(np.where(t["suppressed"], None, inside), dtype="boolean"))
    t = t.sort_values(["suppressed", "culture_index"], ascending=[True, False], kind="stable")
    return t.reset_index(drop=True)


def _band_order(ins: Instrument) -> list[str]:
    return [b.label("id") for b in sorted(ins.bands, key=lambda b: -b.lower)]


def _years_of(table: pd.DataFrame, prefix: str = "category_") -> list[int]:
    return sorted(int(c[len(prefix):]) for c in table.columns
                  if c.startswith(prefix) and c[len(prefix):].isdigit())


def category_shares(comparison: pd.DataFrame, *, instrument: str | Instrument) -> pd.DataFrame:
    """Number and share of units in each category, per year (units with a shown index).

    Parameters
    ----------
    comparison : DataFrame
        From :func:`compare_years` (``category_<y>`` columns).
    instrument : str or Instrument
        Its bands give the categories and their order (best first).

    Returns
    -------
    DataFrame
        ``category`` and for each year ``units_<y>`` (count) and ``pct_<y>`` (percent of the
        units with an index that year).

    Examples
    --------
    >>> t = pd.DataFrame({"category_2024": ["Sehat", "Cukup Sehat", None],
    ...                   "category_2025": ["Sehat", "Sehat", "Sehat"]})
    >>> category_shares(t, instrument="berakhlak-2025")
                 category  units_2024  pct_2024  units_2025  pct_2025
    0               Sehat           1      50.0           3     100.0
    1         Cukup Sehat           1      50.0           0       0.0
    2         Tidak Sehat           0       0.0           0       0.0
    3  Sangat Tidak Sehat           0       0.0           0       0.0
    """
    ins = load_instrument(instrument)
    order = _band_order(ins)
    out = pd.DataFrame({"category": order})
    for y in _years_of(comparison):
        counts = comparison[f"category_{y}"].value_counts().reindex(order, fill_value=0)
        out[f"units_{y}"] = counts.to_numpy().astype("int64")
        total = counts.sum()
        out[f"pct_{y}"] = counts.to_numpy() / total * 100.0 if total else np.nan
    return out


def category_transitions(comparison: pd.DataFrame, *,
                         instrument: str | Instrument) -> pd.DataFrame:
    """Category transition matrix between the two years (units compared in both).

    Parameters
    ----------
    comparison : DataFrame
        From :func:`compare_years`.
    instrument : str or Instrument
        Band order (best first).

    Returns
    -------
    DataFrame
        Counts; index = earlier year's category (named ``category_<y1>``), columns = later
        year's category (named ``category_<y2>``); every band appears.

    Examples
    --------
    >>> t = pd.DataFrame({"category_2024": ["Sehat", "Cukup Sehat", "Cukup Sehat"],
    ...                   "category_2025": ["Sehat", "Sehat", "Cukup Sehat"],
    ...                   "compared": [True, True, True]})
    >>> category_transitions(t, instrument="berakhlak-2025").iloc[:2, :2]
    category_2025  Sehat  Cukup Sehat
    category_2024
    Sehat              1            0
    Cukup Sehat        1            1
    """
    ins = load_instrument(instrument)
    y1, y2 = _years_of(comparison)[:2]
    order = _band_order(ins)
    both = comparison
    if "compared" in comparison.columns:
        both = comparison[comparison["compared"].astype(bool)]
    both = both.dropna(subset=[f"category_{y1}", f"category_{y2}"])
    m = pd.crosstab(pd.Categorical(both[f"category_{y1}"], categories=order),
                    pd.Categorical(both[f"category_{y2}"], categories=order), dropna=False)
    m = m.reindex(index=order, columns=order, fill_value=0).astype("int64")
    m.index.name, m.columns.name = f"category_{y1}", f"category_{y2}"
    return m


def invariance_across_years(data_by_year: Mapping[int, pd.DataFrame], *,
                            instrument_by_year: Mapping[int, str | Instrument],
                            levels: Sequence[str] = ("configural", "metric", "scalar")
                            ) -> pd.DataFrame:
    """Measurement invariance between the years on their common items (group = year).

    Parameters
    ----------
    data_by_year : dict of int to DataFrame
        Clean respondents per year (item columns).
    instrument_by_year : dict of int to str or Instrument
    levels : sequence of str
        As :func:`akhlak_analysis.stats.psychometrics.measurement_invariance`.

    Returns
    -------
    DataFrame
        :func:`akhlak_analysis.stats.psychometrics.measurement_invariance` on the years stacked
        (rows with any common item missing are dropped there); ``holds`` per level (Chen 2007).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> ins = load_instrument("berakhlak-2024")
    >>> f = rng.normal(size=(400, 1))
    >>> x = np.clip(np.round(3.5 + f + rng.normal(0, .8, (400, 21))), 1, 5)
    >>> d = pd.DataFrame(x, columns=ins.item_codes)
    >>> mi = invariance_across_years({2024: d[:200], 2025: d[200:]},
    ...                              instrument_by_year={2024: ins, 2025: ins})
    >>> mi["model"].tolist()
    ['configural', 'metric', 'scalar']
    """
    cs = score_common(data_by_year, instrument_by_year=instrument_by_year)
    stacked = pd.concat([data_by_year[y][cs.common_items].assign(year=y) for y in cs.years],
                        ignore_index=True)
    return measurement_invariance(stacked, cs.instrument.factors, "year", levels=levels)


# --------------------------------------------------------------------------------------
# action plans
# --------------------------------------------------------------------------------------
def _rows(mask: pd.Series) -> list[int]:
    return (np.flatnonzero(mask.to_numpy()) + 2).tolist()


def read_action_plans(path: str | Path, *, units: UnitTable | None = None,
                      year: int | None = None,
                      instrument: str | Instrument | None = None) -> pd.DataFrame:
    """Read and check the action-plan (*Rencana Aksi*) file.

    Parameters
    ----------
    path : str or Path
        CSV (``,`` or ``;``) or XLSX with columns ``opd, value, action, start_date, due_date,
        progress, status``; dates ``YYYY-MM-DD``; progress 0-100 (``60``, ``60%``, ``60,5``);
        status ``Belum Mulai``, ``Berjalan`` or ``Selesai`` (any case).
    units : UnitTable, optional
        OPD codes are checked against it (codes, names and aliases accepted) and renamed or
        merged OPDs follow ``replaced_by`` to their successor in ``year``.
    year : int, optional
        Year of the units (default: the latest year of the unit table).
    instrument : str or Instrument, optional
        Values are checked against it (codes or names accepted).

    Returns
    -------
    DataFrame
        ``opd``, ``value``, ``action``, ``start_date``, ``due_date`` (datetime),
        ``progress`` (float 0-100), ``status`` (canonical spelling) and ``source_row``.

    Raises
    ------
    DataError
        Naming the file, column and rows: missing file or columns, empty cells, unknown OPD
        (with a did-you-mean suggestion), unknown value or status, unreadable dates, a due date
        before the start date, progress outside 0-100.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "ra.csv"
    >>> _ = p.write_text("opd,value,action,start_date,due_date,progress,status\\n"
    ...                  "DINKES,adaptif,Rapat tanpa kertas,2025-01-06,2025-06-30,40%,berjalan\\n")
    >>> read_action_plans(p)[["opd", "progress", "status"]]
          opd  progress    status
    0  DINKES      40.0  Berjalan
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("action-plan file not found", file=path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        t = pd.read_excel(path, dtype=str)
    else:
        t = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], sep=None,
                        engine="python", encoding="utf-8-sig")
    t.columns = [str(c).strip().lower() for c in t.columns]
    missing = [c for c in _PLAN_COLUMNS if c not in t.columns]
    if missing:
        raise DataError(f"required column(s) missing: {missing}; expected {list(_PLAN_COLUMNS)}",
                        file=path, column=missing[0])
    t = t[list(_PLAN_COLUMNS)].copy()
    for c in _PLAN_COLUMNS:
        t[c] = t[c].astype("string").str.strip()
        empty = t[c].isna() | (t[c] == "")
        if empty.any():
            raise DataError("value required", file=path, column=c, rows=_rows(empty))
    t["opd"] = _check_opd(t["opd"], units, year, path)
    if instrument is not None:
        t["value"] = _check_value(t["value"], load_instrument(instrument), path)
    for c in ("start_date", "due_date"):
        d = pd.to_datetime(t[c], format="%Y-%m-%d", errors="coerce")
        bad = d.isna()
        if bad.any():
            raise DataError(f"unreadable date {t.loc[bad, c].iloc[0]!r}; expected YYYY-MM-DD",
                            file=path, column=c, rows=_rows(bad))
        t[c] = d
    bad = t["due_date"] < t["start_date"]
    if bad.any():
        raise DataError("due date before start date", file=path, column="due_date",
                        rows=_rows(bad))
    num = pd.to_numeric(t["progress"].str.rstrip("%").str.strip().str.replace(",", "."),
                        errors="coerce")
    bad = num.isna() | (num < 0) | (num > 100)
    if bad.any():
        raise DataError(f"progress must be a number from 0 to 100, got "
                        f"{t.loc[bad, 'progress'].iloc[0]!r}", file=path, column="progress",
                        rows=_rows(bad))
    t["progress"] = num.astype("float64")
    canon = {normalize_text(s): s for s in _PLAN_STATUS}
    status = t["status"].map(lambda s: canon.get(normalize_text(s)))
    bad = status.isna()
    if bad.any():
        raise DataError(f"unknown status {t.loc[bad, 'status'].iloc[0]!r}; expected one of "
                        f"{list(_PLAN_STATUS)}", file=path, column="status", rows=_rows(bad))
    t["status"] = status.astype("string")
    t["source_row"] = np.arange(2, len(t) + 2)
    return t.reset_index(drop=True)


def _check_opd(opd: pd.Series, units: UnitTable | None, year: int | None,
               path: Path) -> pd.Series:
    if units is None:
        return opd
    year = year if year is not None else units.years[-1]
    index = units.name_index("opd")
    codes = opd.map(lambda s: index.get(normalize_text(s)))
    bad = codes.isna()
    if bad.any():
        names = units.names()
        hints = []
        for text in dict.fromkeys(opd[bad].tolist()):
            near = closest(normalize_text(text), index, 0.6)
            hint = (f"{text!r} (did you mean {index[near]!r}, {names.get(index[near], '')}?)"
                    if near else repr(text))
            hints.append(hint)
        raise DataError(f"unknown OPD {', '.join(hints[:5])}; use a code of the unit table",
                        file=path, column="opd", rows=_rows(bad))
    return codes.map(lambda c: units.successor(str(c), year)).astype("string")


def _check_value(value: pd.Series, ins: Instrument, path: Path) -> pd.Series:
    lookup = {normalize_text(v.code): v.code for v in ins.values}
    lookup.update({normalize_text(v.name(lang)): v.code for v in ins.values for lang in ("id", "en")})
    codes = value.map(lambda s: lookup.get(normalize_text(s)))
    bad = codes.isna()
    if bad.any():
        text = value[bad].iloc[0]
        near = closest(normalize_text(text), lookup, 0.6)
        hint = f" (did you mean {lookup[near]!r}?)" if near else ""
        raise DataError(f"unknown value {text!r}{hint}; expected one of {ins.value_codes}",
                        file=path, column="value", rows=_rows(bad))
    return codes.astype("string")


def _check_rules(rules: Mapping[str, float] | None) -> dict[str, float]:
    out = dict(DEFAULT_ACTION_RULES)
    if rules is None:
        return out
    unknown = sorted(set(rules) - set(out))
    if unknown:
        raise ValueError(f"unknown rule(s) {unknown}; expected {sorted(out)}")
    for k, v in rules.items():
        if not isinstance(v, int | float) or isinstance(v, bool) or not 0 <= v <= 100:
            raise ValueError(f"rule {k!r} must be a number of progress points in 0-100, got {v!r}")
        out[k] = float(v)
    return out


def action_plan_status(plans: pd.DataFrame, *, as_of: str | pd.Timestamp,
                       rules: Mapping[str, float] | None = None) -> pd.DataFrame:
    """A traffic light (``merah`` / ``kuning`` / ``hijau``) for every action.

    Parameters
    ----------
    plans : DataFrame
        From :func:`read_action_plans`.
    as_of : str or Timestamp
        The monitoring date (e.g. the end of the survey processing, ``"2025-10-31"``).
    rules : dict, optional
        Thresholds overriding :data:`DEFAULT_ACTION_RULES` (``overdue_red_below``,
        ``behind_yellow_above``, both in progress points).

    Returns
    -------
    DataFrame
        The plans with ``expected_progress`` (linear schedule from start to due date at
        ``as_of``, 0-100), ``behind`` (expected - progress, points), ``overdue`` (``as_of``
        after the due date and not done), ``done`` (status Selesai or progress 100) and
        ``light``.

    Notes
    -----
    Rules, in order: done -> hijau; overdue and progress < ``overdue_red_below`` -> merah;
    overdue -> kuning; ``behind > behind_yellow_above`` -> kuning; else hijau. The due date
    itself is not overdue. ``expected = clip((as_of - start) / (due - start), 0, 1) * 100``.

    Examples
    --------
    >>> p = pd.DataFrame({"opd": ["A"] * 3, "start_date": pd.to_datetime(["2025-01-01"] * 3),
    ...     "due_date": pd.to_datetime(["2025-03-01", "2025-03-01", "2025-12-31"]),
    ...     "progress": [49.0, 50.0, 10.0], "status": ["Berjalan"] * 3})
    >>> action_plan_status(p, as_of="2025-07-02")[["overdue", "behind", "light"]].round(1)
       overdue  behind   light
    0     True    51.0   merah
    1     True    50.0  kuning
    2    False    40.0  kuning
    """
    r = _check_rules(rules)
    need = ["start_date", "due_date", "progress", "status"]
    miss = [c for c in need if c not in plans.columns]
    if miss:
        raise DataError(f"the plans have no column(s) {miss}; read them with read_action_plans",
                        column=miss[0])
    as_of = pd.Timestamp(as_of)
    out = plans.copy()
    start, due = out["start_date"], out["due_date"]
    span = (due - start).dt.days.to_numpy(float)
    elapsed = (as_of - start).dt.days.to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(span > 0, elapsed / span, np.where(elapsed >= 0, 1.0, 0.0))
    expected = np.clip(frac, 0, 1) * 100
    progress = out["progress"].to_numpy(float)
    done = (out["status"].astype(str) == "Selesai").to_numpy() | (progress >= 100)
    overdue = (as_of > due).to_numpy() & ~done
    behind = expected - progress
    light = np.where(done, "hijau",
                     np.where(overdue & (progress < r["overdue_red_below"]), "merah",
                              np.where(overdue | (behind > r["behind_yellow_above"]), "kuning",
                                       "hijau")))
    out["expected_progress"] = expected
    out["behind"] = behind
    out["overdue"] = overdue
    out["done"] = done
    out["light"] = pd.array(light, dtype="string")
    return out


def action_plan_summary(status: pd.DataFrame, *, units: UnitTable | None = None) -> pd.DataFrame:
    """Per OPD: number of actions, share done, mean progress and counts per traffic light.

    Parameters
    ----------
    status : DataFrame
        From :func:`action_plan_status`.
    units : UnitTable, optional
        OPD names.

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``n_actions``, ``n_done``, ``pct_done`` (percent of actions done),
        ``mean_progress`` (0-100), ``merah``, ``kuning``, ``hijau`` (counts), sorted by the
        number of red, then yellow actions (most first).

    Examples
    --------
    >>> s = pd.DataFrame({"opd": ["A", "A", "B"], "progress": [100.0, 20.0, 60.0],
    ...                   "done": [True, False, False], "light": ["hijau", "merah", "kuning"]})
    >>> action_plan_summary(s)[["unit", "n_actions", "pct_done", "merah", "kuning", "hijau"]]
      unit  n_actions  pct_done  merah  kuning  hijau
    0    A          2      50.0      1       0      1
    1    B          1       0.0      0       1      0
    """
    g = status.groupby(status["opd"].astype(str), sort=True)
    out = pd.DataFrame({"n_actions": g.size(), "n_done": g["done"].sum().astype("int64"),
                        "mean_progress": g["progress"].mean()})
    out.insert(2, "pct_done", out["n_done"] / out["n_actions"] * 100.0)
    counts = pd.crosstab(status["opd"].astype(str), status["light"].astype(str))
    for light in LIGHTS:
        out[light] = counts.reindex(out.index).get(light, 0)
        out[light] = out[light].fillna(0).astype("int64")
    out = out.rename_axis("unit").reset_index()
    out.insert(1, "name", _unit_names(out["unit"], units))
    out = out.sort_values(["merah", "kuning", "unit"], ascending=[False, False, True],
                          kind="stable")
    return out.reset_index(drop=True)


@dataclass
class PlanChangeRelation:
    """Completion of the action plans against the index change (observational).

    Attributes
    ----------
    pairs : DataFrame
        ``unit``, ``name``, ``completion`` (the chosen measure, 0-100) and ``change``, for the
        OPDs with both (not suppressed).
    correlations : DataFrame
        :func:`akhlak_analysis.stats.psychometrics.criterion_validity` (Pearson, Spearman: ``n``,
        ``r``, ``ci_low``, ``ci_high``, ``p_value``).
    measure : str
    text : str
        Markdown (Indonesian) stating the relation and that it is observational, not causal.
    """

    pairs: pd.DataFrame
    correlations: pd.DataFrame
    measure: str
    text: str

    def _repr_markdown_(self) -> str:
        return self.text


def action_plan_vs_change(summary: pd.DataFrame, comparison: pd.DataFrame, *,
                          measure: str = "mean_progress",
                          confidence: float = 0.95) -> PlanChangeRelation:
    """Relation between an OPD's action-plan completion and its index change (observational).

    Parameters
    ----------
    summary : DataFrame
        From :func:`action_plan_summary`.
    comparison : DataFrame
        From :func:`compare_years` (only compared, not suppressed OPDs are used).
    measure : {"mean_progress", "pct_done"}
        Completion measure.
    confidence : float

    Returns
    -------
    PlanChangeRelation

    Notes
    -----
    Correlations with Fisher-z intervals from
    :func:`akhlak_analysis.stats.psychometrics.criterion_validity`. OPDs chose their actions and
    their pace; an association does not show that the actions caused the change.

    Examples
    --------
    >>> s = pd.DataFrame({"unit": list("ABCDEF"), "name": list("ABCDEF"),
    ...                   "mean_progress": [10.0, 20, 30, 40, 50, 60]})
    >>> c = pd.DataFrame({"unit": list("ABCDEF"), "change": [1.0, 0, 2, 3, 2, 4],
    ...                   "compared": True})
    >>> rel = action_plan_vs_change(s, c)
    >>> rel.correlations[["method", "n", "r"]].round(3)
         method  n      r
    0   pearson  6  0.832
    1  spearman  6  0.841
    """
    if measure not in ("mean_progress", "pct_done"):
        raise ValueError(f"measure must be 'mean_progress' or 'pct_done', got {measure!r}")
    comp = comparison
    if "compared" in comp.columns:
        comp = comp[comp["compared"].astype(bool)]
    pairs = summary[["unit", "name", measure]].merge(comp[["unit", "change"]], on="unit")
    pairs = pairs.rename(columns={measure: "completion"}).dropna().reset_index(drop=True)
    cor = criterion_validity(pairs.set_index("unit")["completion"],
                             pairs.set_index("unit")["change"], confidence=confidence)
    what = ("rata-rata kemajuan rencana aksi" if measure == "mean_progress"
            else "persentase aksi yang selesai")
    p = cor.iloc[0]
    s = cor.iloc[1]
    strength = _strength(float(p["r"]))
    ci_text = f"{format_number(p['ci_low'], 2)} s.d. {format_number(p['ci_high'], 2)}"
    text = (f"**Hubungan observasional, bukan sebab-akibat.** Pada {int(p['n'])} OPD, "
            f"korelasi antara {what} dan perubahan indeks adalah r = {format_number(p['r'], 2)} "
            f"(Pearson; IK {round(confidence * 100)}% {ci_text}; Spearman "
            f"ρ = {format_number(s['r'], 2)}), hubungan {strength}"
            + (", belum dapat dibedakan dari nol. " if p["ci_low"] <= 0 <= p["ci_high"]
               else ". ")
            + "OPD memilih sendiri aksi dan lajunya, dan faktor lain (pimpinan, beban kerja, "
            "perubahan organisasi) dapat memengaruhi keduanya; angka ini tidak membuktikan "
            "bahwa rencana aksi menyebabkan perubahan indeks.")
    return PlanChangeRelation(pairs, cor, measure, text)


def _strength(r: float) -> str:
    a = abs(r)
    kind = ("sangat lemah" if a < 0.1 else "lemah" if a < 0.3 else "sedang" if a < 0.5
            else "kuat")
    return f"{kind} {'positif' if r > 0 else 'negatif'}" if a >= 0.1 else kind


# --------------------------------------------------------------------------------------
# conclusions
# --------------------------------------------------------------------------------------
def _pts(x: float) -> str:
    return f"{'+' if x > 0 else ''}{format_number(x, 1)}"


def _names(t: pd.DataFrame) -> str:
    return ", ".join(f"{r.name} ({_pts(r.change)})" for r in t.itertuples(index=False))


def change_conclusions(province: pd.DataFrame, units_change: pd.DataFrame,
                       values_change: pd.DataFrame, *, headline: pd.DataFrame | None = None,
                       invariance: pd.DataFrame | None = None,
                       relation: PlanChangeRelation | None = None,
                       instrument: str | Instrument,
                       target: tuple[float, float] = (80.0, 90.0),
                       confidence: float = 0.95) -> str:
    """Conclusions of the year-over-year comparison as Markdown (Indonesian).

    Parameters
    ----------
    province : DataFrame
        From :func:`compare_province`.
    units_change : DataFrame
        From :func:`compare_years`.
    values_change : DataFrame
        From :func:`compare_values` (``by="province"``).
    headline : DataFrame, optional
        From :func:`headline_by_year`: the official index of the later year and its gap to the
        target.
    invariance : DataFrame, optional
        From :func:`invariance_across_years`; a caveat is added when scalar (or metric)
        invariance does not hold, a note when it was not tested.
    relation : PlanChangeRelation, optional
        From :func:`action_plan_vs_change`.
    instrument : str or Instrument
        Value names.
    target : (float, float)
    confidence : float

    Returns
    -------
    str
        Markdown bullet points.

    Examples
    --------
    >>> prov = pd.DataFrame([{"culture_index_2024": 76.3, "culture_index_2025": 79.0,
    ...     "change": 2.7, "ci_low": 1.5, "ci_high": 3.9, "significant": True,
    ...     "n_items_compared": 21, "items_left_out": ""}])
    >>> u = pd.DataFrame({"name": ["Dinas A"], "change": [8.0], "direction": ["naik"]})
    >>> v = pd.DataFrame({"value": ["adaptif"], "culture_index_2025": [73.0],
    ...                   "change": [2.5], "direction": ["naik"]})
    >>> print(change_conclusions(prov, u, v, instrument="berakhlak-2025").splitlines()[0])
    - **Indeks provinsi naik dari 76,3 (2024) menjadi 79,0 (2025)**: +2,7 poin ...
    """
    ins = load_instrument(instrument)
    years = _years_of(province, "culture_index_")
    y1, y2 = years[0], years[-1]
    p = province.iloc[0]
    level = round(confidence * 100)
    verb = ("naik" if p["change"] > 0 else "turun") if bool(p["significant"]) else "relatif tetap"
    lines = [f"- **Indeks provinsi {verb} dari {format_number(p[f'culture_index_{y1}'])} ({y1}) "
             f"menjadi {format_number(p[f'culture_index_{y2}'])} ({y2})**: {_pts(p['change'])} "
             f"poin (IK {level}% {format_number(p['ci_low'])} s.d. "
             f"{format_number(p['ci_high'])}), "
             + ("bermakna secara statistik." if bool(p["significant"])
                else "tidak bermakna secara statistik.")]
    if p.get("items_left_out"):
        lines[0] += (f" Perbandingan memakai {int(p['n_items_compared'])} butir yang sama di "
                     f"kedua tahun (tidak dibandingkan: {p['items_left_out']}).")
    if headline is not None and len(headline):
        h = headline.sort_values("year").iloc[-1]
        gap = float(h["gap_to_target_low"])
        where = (f"{format_number(-gap)} poin di bawah target bawah {format_number(target[0], 0)}"
                 if gap < 0 else "dalam rentang target" if bool(h["in_target"])
                 else "di atas target atas")
        lines.append(f"- **Target {format_number(target[0], 0)}-{format_number(target[1], 0)}:** "
                     f"indeks resmi {int(h['year'])} ({int(h['n_items'])} butir) "
                     f"{format_number(h['culture_index'])} (IK {level}% "
                     f"{format_number(h['ci_low'])} s.d. {format_number(h['ci_high'])}), "
                     f"{where}; kategori {h['category']}.")
    up = units_change[units_change["direction"] == "naik"].sort_values("change", ascending=False)
    down = units_change[units_change["direction"] == "turun"].sort_values("change")
    lines.append(f"- **OPD yang naik bermakna ({len(up)}):** {_names(up) if len(up) else '-'}.")
    lines.append(f"- **OPD yang turun bermakna ({len(down)}):** "
                 f"{_names(down) if len(down) else '-'}; perlu ditelusuri bersama OPD terkait.")
    if "suppressed" in units_change.columns:
        n_sup = int(units_change["suppressed"].sum())
        if n_sup:
            lines.append(f"- {n_sup} unit tidak dibandingkan karena respondennya di bawah batas "
                         "minimum pelaporan pada salah satu tahun.")
    v = values_change.copy()
    v["label"] = v["value"].map(lambda c: ins.value_name(str(c)))
    low = v.nsmallest(2, f"culture_index_{y2}")
    falling = v[v["direction"] == "turun"]
    attention = [f"{r.label} ({format_number(getattr(r, f'culture_index_{y2}'))}, "
                 f"{_pts(r.change)})" for r in low.itertuples(index=False)]
    text = f"- **Nilai yang perlu perhatian:** terendah pada {y2}: {', '.join(attention)}"
    if len(falling):
        text += f"; turun bermakna: {', '.join(falling['label'])}"
    rising = v[v["direction"] == "naik"]
    text += (f". Nilai yang naik bermakna: {', '.join(rising['label'])}." if len(rising)
             else ".")
    lines.append(text)
    if relation is not None:
        lines.append(f"- **Rencana aksi:** {relation.text}")
    lines.append(_invariance_line(invariance))
    return "\n".join(lines)


def _invariance_line(invariance: pd.DataFrame | None) -> str:
    if invariance is None or not len(invariance):
        return ("- **Catatan:** kesetaraan pengukuran antartahun belum diuji; perbandingan "
                "rerata mengandaikan butir dimaknai sama di kedua tahun.")
    holds = dict(zip(invariance["model"], invariance["holds"], strict=True))

    def level(name: str) -> bool | None:
        v = holds.get(name)
        return None if v is None or pd.isna(v) else bool(v)

    if level("metric") is False:
        return ("- **Peringatan:** invariansi metrik tidak terpenuhi: butir tidak mengukur nilai "
                "dengan bobot yang sama di kedua tahun, sehingga perubahan skor belum tentu "
                "mencerminkan perubahan budaya kerja. Tafsirkan perubahan dengan sangat hati-hati.")
    if level("scalar") is False:
        return ("- **Peringatan:** invariansi skalar tidak terpenuhi: sebagian perubahan rerata "
                "dapat berasal dari perubahan cara responden memaknai butir, bukan dari "
                "perubahan budaya kerja. Tafsirkan besarnya perubahan dengan hati-hati.")
    if level("scalar") is None:
        return ("- **Catatan:** invariansi skalar antartahun belum diuji; perbandingan rerata "
                "mengandaikan butir dimaknai sama di kedua tahun.")
    return ("- **Kesetaraan pengukuran:** invariansi skalar antartahun terpenuhi (kriteria Chen "
            "2007), sehingga rerata kedua tahun dapat dibandingkan.")
