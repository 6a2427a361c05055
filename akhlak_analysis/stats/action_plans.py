"""Action-plan (*Rencana Aksi*) follow-up: traffic lights, per-OPD summary, relation to change.

:func:`action_plan_status` gives every action a traffic light from the rules in
:data:`akhlak_analysis.defaults.ACTION_RULES` (overridden by ``analysis.yaml``'s
``action_plan_rules``); :func:`action_plan_summary` counts per OPD;
:func:`action_plan_vs_change` relates an OPD's completion to its index change (observational).
The rules and the relation in words come from :mod:`akhlak_analysis.report.year_over_year`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data.io import UnitTable
from ..defaults import ACTION_RULES, CONFIDENCE
from ..errors import DataError
from .common import unit_names
from .psychometrics import criterion_validity

__all__ = ["LIGHTS", "PlanChangeRelation", "action_plan_status", "action_plan_summary",
           "action_plan_vs_change", "check_action_rules"]


LIGHTS = ("merah", "kuning", "hijau")


def check_action_rules(rules: Mapping[str, float] | None) -> dict[str, float]:
    """The traffic-light rules in force: the defaults overridden by ``rules``, checked.

    Examples
    --------
    >>> check_action_rules({"overdue_red_below": 40})
    {'overdue_red_below': 40.0, 'behind_yellow_above': 25.0}
    """
    out = dict(ACTION_RULES)
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
        Thresholds overriding :data:`ACTION_RULES` (``overdue_red_below``,
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
    r = check_action_rules(rules)
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
    out.insert(1, "name", unit_names(out["unit"], units))
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
        ``"mean_progress"`` or ``"pct_done"``.
    confidence : float
        Level of the correlation intervals.

    The relation in words: :func:`akhlak_analysis.report.year_over_year.describe_plan_relation`.
    """

    pairs: pd.DataFrame
    correlations: pd.DataFrame
    measure: str
    confidence: float = CONFIDENCE


def action_plan_vs_change(summary: pd.DataFrame, comparison: pd.DataFrame, *,
                          measure: str = "mean_progress",
                          confidence: float = CONFIDENCE) -> PlanChangeRelation:
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
    return PlanChangeRelation(pairs, cor, measure, confidence)
