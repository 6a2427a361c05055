"""Data-quality charts (notebook 00)."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from ..labels import label
from .theme import (
    MAX_CHART_ROWS,
    PALETTE,
    mark_left_out,
    new_axes,
    percent_axis,
    top_and_bottom,
)

__all__ = ["plot_missing_by_item", "plot_response_rates"]


def plot_response_rates(table: pd.DataFrame, *, ax: Axes | None = None, lang: str = "id",
                        reference: float | None = None,
                        max_units: int | None = MAX_CHART_ROWS) -> Axes:
    """Horizontal bars of the response rate per unit (suppressed units are left out).

    Parameters
    ----------
    table : DataFrame
        From :func:`akhlak_analysis.report.quality.response_rates`.
    reference : float, optional
        A share drawn as a vertical line (e.g. the province's overall response rate).
    max_units : int, optional
        With more units than this, only the ``max_units // 2`` lowest and highest rates are
        drawn, with a line saying how many more the workbook lists (default
        :data:`~akhlak_analysis.plots.theme.MAX_CHART_ROWS`; None draws every unit).

    Returns
    -------
    Axes
        One bar per drawn unit, lowest rate at the bottom.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"unit": list("abcde"), "name": list("ABCDE"), "suppressed": False,
    ...                   "response_rate": [0.5, 0.9, 0.7, 0.6, 0.8]})
    >>> ax = plot_response_rates(t, max_units=2)
    >>> [float(p.get_width()) for p in ax.patches], ax.texts[0].get_text()
    ([0.5, 0.9], '… 3 OPD lainnya: lihat buku kerja …')
    """
    shown = table[~table["suppressed"]].sort_values("response_rate", kind="stable")
    shown, y, left_out = top_and_bottom(shown, max_units)
    ax = new_axes(ax, max(4, 0.22 * (len(shown) + bool(left_out)) + 1))
    ax.barh(y, shown["response_rate"], color=PALETTE["main"])
    ax.set_yticks(y, shown["name"].fillna(shown["unit"]).astype(str))
    ax.set_ylim(-0.5, len(shown) + bool(left_out) - 0.5)
    mark_left_out(ax, y, left_out, lang)
    if reference is not None:
        ax.axvline(reference, color=PALETTE["reference"], linestyle="--", linewidth=1)
    percent_axis(ax, "x", lang)
    ax.set_xlabel(label("response_rate", lang).replace(" (%)", ""))
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title("Tingkat respons per OPD" if lang == "id" else "Response rate per agency")
    return ax


def plot_missing_by_item(table: pd.DataFrame, *, ax: Axes | None = None,
                         lang: str = "id") -> Axes:
    """Bars of the share of missing answers per item, in instrument order.

    Parameters
    ----------
    table : DataFrame
        From :func:`akhlak_analysis.report.quality.missing_by_item`.
    """
    ax = new_axes(ax, 4)
    ax.bar(table["item"], table["share_missing"], color=PALETTE["secondary"])
    percent_axis(ax, "y", lang, decimals=1)
    ax.set_xlabel(label("item", lang))
    ax.set_ylabel(label("share_missing", lang).replace(" (%)", ""))
    ax.tick_params(axis="x", labelrotation=90, labelsize=8)
    ax.set_title("Jawaban kosong per butir" if lang == "id" else "Missing answers per item")
    return ax
