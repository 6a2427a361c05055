"""Notebook 04's sections: sub-units and employee groups, as protected and published.

Each function saves its table (and chart) for the report and returns a
:class:`~akhlak_analysis.report.sections.Section` that shows an interactive table (offline)
or, in its place, why the export has no such breakdown.
"""

from __future__ import annotations

from .. import plots
from ..analysis import Analysis
from . import artifacts, names
from .changes import figure
from .interactive import interactive_html
from .publish import Published
from .sections import Section, run_section

__all__ = ["opd_groups", "province_groups", "subunits"]


def _interactive(table, caption: str, ctx: Analysis):
    from IPython.display import HTML

    return HTML(interactive_html(table.drop(columns=["suppression"], errors="ignore"),
                                 caption=caption, min_n=ctx.min_n,
                                 instrument=ctx.instrument()))


def subunits(ctx: Analysis, published: Published) -> Section:
    """The index and value scores per sub-unit (bidang/UPT) within each OPD."""
    def compute():
        t = published[names.SUBUNIT_INDEX]
        artifacts.save_table(t, names.SUBUNIT_INDEX)
        return t

    return run_section(ctx, "subunits", compute, needs=["subunit"],
                       show=lambda t: [_interactive(t, "Indeks per sub-unit", ctx)])


def province_groups(ctx: Analysis, published: Published) -> Section:
    """The index per employee group of the whole organisation, with the overall mean."""
    def compute():
        t = published[names.PROVINCE_GROUPS]
        artifacts.save_table(t, names.PROVINCE_GROUPS)
        ax = plots.plot_group_index(t, reference=float(ctx.scores()["culture_index"].mean()))
        return t, figure(ax, names.FIG_GROUPS)

    sec = run_section(ctx, "province_groups", compute, needs=["groups"],
                      show=lambda r: [r[1], _interactive(
                          r[0], "Indeks per kelompok pegawai (keseluruhan)", ctx)])
    if sec.ran:
        sec.result = sec.result[0]
    return sec


def opd_groups(ctx: Analysis, published: Published) -> Section:
    """The index per employee group within each OPD (searchable)."""
    def compute():
        t = published[names.GROUP_INDEX]
        artifacts.save_table(t, names.GROUP_INDEX)
        return t

    return run_section(ctx, "opd_groups", compute, needs=["groups"],
                       show=lambda t: [_interactive(
                           t, "Indeks per kelompok pegawai di dalam OPD", ctx)])
