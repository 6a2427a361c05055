"""Notebook 02's sections: headline, target, change between years, action plans.

Each function takes the analysis context (and the results of earlier sections it builds on),
saves its tables and charts for the report (:mod:`.artifacts`) and returns a
:class:`~akhlak_analysis.report.sections.Section` that shows itself in the notebook: its table
and chart, or in its place why it is absent (a first survey year has no change, a region
without a *Rencana Aksi* file no action plans). The notebook is then a straight story: one
call per cell, no ``if``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from .. import plots
from ..analysis import Analysis
from ..data.action_plans import read_action_plans
from ..labels import to_display
from ..stats import action_plans as plans
from ..stats import change, targets
from . import artifacts, names
from .publish import Published
from .sections import Section, run_section
from .year_over_year import describe_action_rules

__all__ = ["action_plan_status", "action_rules", "category_moves", "conclusions", "headline",
           "headline_chart", "interval_comparison", "plan_vs_change", "province_change",
           "target_gaps", "unit_changes", "value_changes", "value_chart", "years_invariance"]


def figure(ax, name: str):
    """Save the chart of ``ax`` under ``name`` and return its figure for display."""
    fig = ax.figure if hasattr(ax, "figure") else ax
    artifacts.save_figure(fig, name)
    plt.close(fig)
    return fig


def _result(section: Section):
    return section.result if section is not None and section.ran else None


def headline(ctx: Analysis) -> Section:
    """The official headline of every year (full instrument), against the target."""
    def compute():
        t = targets.headline_by_year(ctx.data_by_year(ctx.headline_years), units=ctx.units,
                                     instrument_by_year=ctx.instrument_by_year(
                                         ctx.headline_years),
                                     target=ctx.target, confidence=ctx.confidence,
                                     weighting=ctx.weighting)
        artifacts.save_table(t, names.HEADLINE)
        return t

    cols = ["year", "items_in_instrument", "n", "response_rate", "culture_index", "ci_low",
            "ci_high", "category", "gap_to_target_low", "gap_to_target_high", "in_target"]
    return run_section(ctx, "headline", compute, show=lambda t: [to_display(t[cols])])


def province_change(ctx: Analysis) -> Section:
    """The province's change on the common items, with the design-based interval."""
    def compute():
        t = change.compare_province(ctx.data_by_year(), units=ctx.units,
                                    instrument_by_year=ctx.instrument_by_year(),
                                    confidence=ctx.confidence, weighting=ctx.weighting)
        artifacts.save_table(t, names.PROVINCE_CHANGE)
        return t

    return run_section(ctx, "province_change", compute, needs=["previous_year"],
                       show=lambda t: [to_display(t.drop(columns=["unit"]))])


def headline_chart(ctx: Analysis, head: Section, province: Section) -> Section:
    """The headline chart: every year's index with its interval against the target band."""
    def compute():
        ax = plots.plot_headline(head.result, change=_result(province), target=ctx.target,
                                 confidence=ctx.confidence)
        return figure(ax, names.FIG_HEADLINE)

    return run_section(ctx, "headline_chart", compute)


def interval_comparison(ctx: Analysis) -> Section:
    """The province change under the four interval methods, side by side."""
    def compute():
        return change.compare_intervals(ctx.data_by_year(), units=ctx.units,
                                        instrument_by_year=ctx.instrument_by_year(),
                                        confidence=ctx.confidence, weighting=ctx.weighting)

    return run_section(ctx, "interval_comparison", compute, needs=["previous_year"],
                       show=lambda t: [to_display(t, formats={"p_value": 4})])


def value_chart(ctx: Analysis, head: Section) -> Section:
    """Each value's official score of the report year (and the previous year's mark)."""
    def compute():
        ax = plots.plot_value_index(head.result, instrument=ctx.instrument(),
                                    target=ctx.target)
        return figure(ax, names.FIG_VALUES)

    return run_section(ctx, "value_chart", compute)


def value_changes(ctx: Analysis) -> Section:
    """Each value's change at province level on the common items, with its interval."""
    def compute():
        t = change.compare_values(ctx.data_by_year(), units=ctx.units,
                                  instrument_by_year=ctx.instrument_by_year(),
                                  min_n=ctx.min_n, confidence=ctx.confidence,
                                  weighting=ctx.weighting)
        artifacts.save_table(t, names.VALUE_CHANGE)
        ax = plots.plot_value_changes(t, instrument=ctx.instrument(), confidence=ctx.confidence)
        return t, figure(ax, names.FIG_VALUE_CHANGE)

    def show(res):
        t, fig = res
        return [fig, to_display(t.drop(columns=["unit", "name", "suppressed"]),
                                instrument=ctx.instrument())]

    sec = run_section(ctx, "value_changes", compute, needs=["previous_year"], show=show)
    if sec.ran:
        sec.result = sec.result[0]
    return sec


def unit_changes(ctx: Analysis, published: Published) -> Section:
    """The change of every OPD (protected), with the notes on renamed and merged units."""
    def compute():
        t = published[names.UNIT_CHANGE]
        artifacts.save_table(t, names.UNIT_CHANGE)
        full = figure(plots.plot_unit_changes(t), names.FIG_UNIT_CHANGE)
        figure(plots.plot_unit_changes(t, max_units=plots.SLIDE_ROWS),
               names.FIG_UNIT_CHANGE_SLIDE)
        return t, full

    def show(res):
        t, fig = res
        prev = ctx.previous_year
        cols = ["unit", "name", f"culture_index_{prev}", f"culture_index_{ctx.year}", "change",
                "ci_low", "ci_high", "p_adj", "direction", "effect_size", "note"]
        return [fig, to_display(t[cols].sort_values("change", ascending=False))]

    sec = run_section(ctx, "unit_changes", compute, needs=["previous_year"], show=show)
    if sec.ran:
        sec.result = sec.result[0]
    return sec


def target_gaps(ctx: Analysis, published: Published) -> Section:
    """Each OPD's distance to the target range (protected)."""
    def compute():
        t = published[names.TARGET_GAPS]
        artifacts.save_table(t, names.TARGET_GAPS)
        return t

    return run_section(ctx, "target_gaps", compute,
                       show=lambda t: [to_display(t)])


def category_moves(ctx: Analysis, units: Section) -> Section:
    """Categories of the OPDs in both years and the moves between them."""
    def compute():
        ins = ctx.instrument()
        shares = targets.category_shares(units.result, instrument=ins)
        plots.plot_category_transitions(targets.category_transitions(units.result,
                                                                     instrument=ins))
        fig = plt.gcf()
        plt.close(fig)
        return shares, fig

    return run_section(ctx, "category_moves", compute, needs=["previous_year"],
                       show=lambda r: [to_display(r[0]), r[1]])


def action_rules(ctx: Analysis) -> Section:
    """The traffic-light rules of the action plans in words."""
    return run_section(ctx, "action_rules", describe_action_rules, ctx.action_rules,
                       as_of=ctx.monitoring_date, needs=["action_plans"])


def action_plan_status(ctx: Analysis) -> Section:
    """Follow-up of the action plans per OPD: red, yellow and green actions."""
    def compute():
        ins = ctx.instrument()
        plan = read_action_plans(ctx.action_plans, units=ctx.units, year=ctx.year,
                                 instrument=ins)
        status = plans.action_plan_status(plan, as_of=ctx.monitoring_date,
                                          rules=ctx.action_rules)
        summary = plans.action_plan_summary(status, units=ctx.units)
        artifacts.save_table(summary, names.ACTION_PLANS)
        fig = figure(plots.plot_action_plans(summary), names.FIG_ACTION_PLANS)
        figure(plots.plot_action_plans(summary, max_units=plots.SLIDE_ROWS),
               names.FIG_ACTION_PLANS_SLIDE)
        return summary, fig

    sec = run_section(ctx, "action_plans", compute, needs=["action_plans"],
                      show=lambda r: [r[1], to_display(r[0])])
    if sec.ran:
        sec.result = sec.result[0]
    return sec


def plan_vs_change(ctx: Analysis, plan: Section, units: Section) -> Section:
    """Do OPDs that completed more of their plan rise more? (a relation, not a cause)"""
    def compute():
        rel = plans.action_plan_vs_change(plan.result, units.result, confidence=ctx.confidence)
        plots.plot_plan_vs_change(rel)
        fig = plt.gcf()
        plt.close(fig)
        return rel, fig

    sec = run_section(ctx, "plan_vs_change", compute, needs=["action_plans", "previous_year"],
                      show=lambda r: [r[1], to_display(r[0].correlations)])
    if sec.ran:
        sec.result = sec.result[0]
    return sec


def years_invariance(ctx: Analysis) -> Section:
    """Whether the common items measure the same thing in both years (MLR invariance)."""
    from . import validation as vr

    def compute():  # the same fit as notebook 01's, computed once per run (cached)
        return vr.compute_years_invariance(ctx, estimator="MLR")

    cols = ["model", "chi2", "df", "cfi", "rmsea", "srmr", "delta_cfi", "delta_rmsea",
            "delta_srmr", "holds"]
    return run_section(ctx, "years_invariance_change", compute, needs=["previous_year"],
                       show=lambda r: [vr.invariance_sentence(r), to_display(r.table[cols])])


def conclusions(ctx: Analysis, *, headline: Section, province: Section, units: Section,
                values: Section, invariance: Section, relation: Section) -> str:
    """The generated conclusions of notebook 02 (Markdown), from the sections' results."""
    from .year_over_year import change_conclusions

    return change_conclusions(_result(province), _result(units), _result(values),
                              headline=_result(headline), invariance=_result(invariance),
                              relation=_result(relation), instrument=ctx.instrument(),
                              target=ctx.target, confidence=ctx.confidence)
