"""Charts, all in one theme with Indonesian labels (English on request).

Functions take the table first, options as keywords, draw on ``ax`` if given and return the
Axes. Colours of the index categories come from the instrument's bands, so every chart uses the
same ones. Tests check what was drawn (bar lengths equal the table), not pixels.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from .labels import format_number, label

__all__ = ["PALETTE", "percent_axis", "plot_missing_by_item", "plot_response_rates",
           "set_theme"]

#: the project's colours: main series, secondary, reference lines
PALETTE = {"main": "#1f4e79", "secondary": "#7fa7c9", "reference": "#c0392b", "muted": "#9e9e9e"}


def set_theme() -> None:
    """Apply the one theme (call once, e.g. at the top of a notebook)."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans")
    mpl.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "figure.figsize": (9, 5),
        "axes.titleweight": "bold",
        "axes.titlesize": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "akhlak",
    })


def percent_axis(ax: Axes, axis: str = "x", lang: str = "id", decimals: int = 0) -> None:
    """Format an axis holding shares 0-1 as percentages with the decimal comma."""
    fmt = FuncFormatter(lambda v, _pos: f"{format_number(v * 100, decimals, lang)}%")
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


def _ax(ax: Axes | None, height: float) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(9, height))
    return ax


def plot_response_rates(table: pd.DataFrame, *, ax: Axes | None = None, lang: str = "id",
                        reference: float | None = None) -> Axes:
    """Horizontal bars of the response rate per unit (suppressed units are left out).

    Parameters
    ----------
    table : DataFrame
        From :func:`akhlak_analysis.quality.response_rates`.
    reference : float, optional
        A share drawn as a vertical line (e.g. the province's overall response rate).

    Returns
    -------
    Axes
    """
    shown = table[~table["suppressed"]].sort_values("response_rate")
    ax = _ax(ax, max(4, 0.22 * len(shown) + 1))
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
        From :func:`akhlak_analysis.quality.missing_by_item`.
    """
    ax = _ax(ax, 4)
    ax.bar(table["item"], table["share_missing"], color=PALETTE["secondary"])
    percent_axis(ax, "y", lang, decimals=1)
    ax.set_xlabel(label("item", lang))
    ax.set_ylabel(label("share_missing", lang).replace(" (%)", ""))
    ax.tick_params(axis="x", labelrotation=90, labelsize=8)
    ax.set_title("Jawaban kosong per butir" if lang == "id" else "Missing answers per item")
    return ax
