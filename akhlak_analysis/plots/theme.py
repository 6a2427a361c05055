"""The one theme: colours, fonts, axis formats shared by every chart."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from ..instrument import Instrument
from ..labels import format_number

__all__ = ["MAX_CHART_ROWS", "PALETTE", "category_colours", "new_axes", "number_axis",
           "percent_axis", "set_theme"]

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


#: Rows of a unit chart that still read on a 16:9 slide; longer charts show the top and bottom.
SLIDE_ROWS = 20

#: Rows of a unit chart in the notebooks and the saved figures. A national survey's 540
#: institutions as 540 rows make a chart 3 m tall that takes 5-20 s to draw and reads as
#: nothing; longer charts show the first and the last ``MAX_CHART_ROWS // 2`` and a line
#: saying how many more the workbook lists (:func:`top_and_bottom`, :func:`mark_left_out`).
#: A province's 40-50 OPDs are all drawn.
MAX_CHART_ROWS = 60


def top_and_bottom(frame: pd.DataFrame, max_rows: int | None) -> tuple[pd.DataFrame, np.ndarray,
                                                                         int]:
    """The rows of a sorted unit chart to draw, their y positions and how many are left out.

    With ``max_rows`` None or at least ``len(frame)``: every row at 0, 1, 2, .... Otherwise the
    first and the last ``max_rows // 2`` rows, with one empty position between them for
    :func:`mark_left_out`.

    Examples
    --------
    >>> rows, y, left_out = top_and_bottom(pd.DataFrame({"u": list("abcdefg")}), 4)
    >>> list(rows["u"]), y.tolist(), left_out
    (['a', 'b', 'f', 'g'], [0, 1, 3, 4], 3)
    """
    n = len(frame)
    if max_rows is None or n <= max_rows:
        return frame, np.arange(n), 0
    k = max(1, max_rows // 2)
    rows = pd.concat([frame.iloc[:k], frame.iloc[n - k:]])
    return rows, np.r_[np.arange(k), np.arange(k + 1, 2 * k + 1)], n - 2 * k


def mark_left_out(ax: Axes, y: np.ndarray, left_out: int, lang: str = "id") -> None:
    """Write "… n OPD lainnya …" in the empty row that :func:`top_and_bottom` left."""
    if not left_out:
        return
    gap = float(np.setdiff1d(np.arange(y.max() + 1), y)[0])
    text = (f"… {left_out} other units: see the workbook …" if lang == "en" else
            f"… {format_number(left_out, 0, lang)} OPD lainnya: lihat buku kerja …")
    ax.text(0.5, gap, text, transform=ax.get_yaxis_transform(), ha="center", va="center",
            fontsize=9, color=PALETTE["muted"], style="italic", zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})


def new_axes(ax: Axes | None, height: float, width: float = 9) -> Axes:
    """``ax`` itself, or the Axes of a new figure of the given size."""
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height))
    return ax
