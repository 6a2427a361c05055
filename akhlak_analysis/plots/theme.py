"""The one theme: colours, fonts, axis formats shared by every chart."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from ..instrument import Instrument
from ..labels import format_number

__all__ = ["PALETTE", "category_colours", "new_axes", "number_axis", "percent_axis", "set_theme"]

#: the project's colours: main series, secondary, reference lines, muted (suppressed, n.s.)
PALETTE = {"main": "#1f4e79", "secondary": "#7fa7c9", "reference": "#c0392b", "muted": "#9e9e9e",
           "up": "#1a9850", "down": "#d73027"}


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


def category_colours(instrument: Instrument, lang: str = "id") -> Mapping[str, str]:
    """Category label -> colour from the instrument's bands (the same in every chart)."""
    return instrument.band_colours(lang)


def percent_axis(ax: Axes, axis: str = "x", lang: str = "id", decimals: int = 0) -> None:
    """Format an axis holding shares 0-1 as percentages with the decimal comma."""
    fmt = FuncFormatter(lambda v, _pos: f"{format_number(v * 100, decimals, lang)}%")
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


def number_axis(ax: Axes, axis: str = "x", lang: str = "id", decimals: int = 0) -> None:
    """Format an axis with the decimal comma (Indonesian) or point (English)."""
    fmt = FuncFormatter(lambda v, _pos: format_number(v, decimals, lang))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


def new_axes(ax: Axes | None, height: float, width: float = 9) -> Axes:
    """``ax`` itself, or the Axes of a new figure of the given size."""
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height))
    return ax
