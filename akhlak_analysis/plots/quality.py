"""Data-quality charts (notebook 00)."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from ..labels import label
from .theme import PALETTE, new_axes, percent_axis

__all__ = ["plot_missing_by_item", "plot_response_rates"]


def plot_response_rates(table: pd.DataFrame, *, ax: Axes | None = None, lang: str = "id",
                        reference: float | None = None) -> Axes:
    """Horizontal bars of the response rate per unit (suppressed units are left out).

    Parameters
    ----------
    table : DataFrame
        From :func:`akhlak_analysis.report.quality.response_rates`.
    reference : float, optional
        A share drawn as a vertical line (e.g. the province's overall response rate).

    Returns
    -------
    Axes
    """
    shown = table[~table["suppressed"]].sort_values("response_rate")
    ax = new_axes(ax, max(4, 0.22 * len(shown) + 1))
    ax.barh(shown["name"].fillna(shown["unit"]), shown["response_rate"], color=PALETTE["main"])
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
