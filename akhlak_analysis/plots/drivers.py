"""Charts of notebook 05: key drivers, impact x score, comment themes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from ..instrument import Instrument
from ..labels import format_number
from .theme import PALETTE, new_axes, number_axis

__all__ = ["plot_drivers", "plot_focus_areas", "plot_themes"]


def _name(code: str, instrument: Instrument | None, lang: str) -> str:
    if instrument is not None and code in instrument.value_codes:
        return instrument.value_name(code, lang)
    return code


def plot_drivers(table: pd.DataFrame, *, instrument: Instrument | None = None,
                 title: str | None = None, lang: str = "id", ax: Axes | None = None) -> Axes:
    """Impact of each driver (% of R²) with its bootstrap interval, strongest on top.

    Parameters
    ----------
    table : DataFrame
        :attr:`akhlak_analysis.stats.drivers.DriverResult.table` of one outcome.
    instrument : Instrument, optional
        Names for value codes.
    title : str, optional
    lang : {"id", "en"}
    ax : Axes, optional

    Returns
    -------
    Axes
        One bar per predictor (bar length = ``rescaled_weight``), error bars from
        ``rescaled_ci_low`` to ``rescaled_ci_high``, a dashed line at the even share.

    Examples
    --------
    >>> t = pd.DataFrame({"predictor": ["a", "b"], "rescaled_weight": [70.0, 30.0],
    ...                   "rescaled_ci_low": [60.0, 20.0], "rescaled_ci_high": [80.0, 40.0],
    ...                   "share_first": [0.99, 0.01]})
    >>> ax = plot_drivers(t)
    >>> [round(p.get_width()) for p in ax.patches]
    [30, 70]
    """
    t = table.sort_values("rescaled_weight")
    ax = new_axes(ax, 0.45 * len(t) + 1.5)
    y = np.arange(len(t))
    w = t["rescaled_weight"].to_numpy(dtype=float)
    err = np.vstack([w - t["rescaled_ci_low"].to_numpy(dtype=float),
                     t["rescaled_ci_high"].to_numpy(dtype=float) - w])
    ax.barh(y, w, color=PALETTE["main"], xerr=err, ecolor=PALETTE["muted"], capsize=3)
    ax.axvline(100 / len(t), color=PALETTE["reference"], linestyle="--", linewidth=1)
    ax.set_yticks(y, [_name(p, instrument, lang) for p in t["predictor"]])
    for yi, wi, p in zip(y, w, t["share_first"], strict=True):
        ax.text(wi, yi + 0.3, f" {format_number(100 * p, 0, lang)}%", fontsize=8,
                color=PALETTE["muted"], va="center")
    ax.set_xlabel("Impact (% of R²)" if lang == "en" else "Dampak (% dari R²)")
    number_axis(ax, "x", lang)
    ax.set_title(title or ("Key drivers" if lang == "en" else "Pendorong utama"))
    return ax


def plot_focus_areas(focus: pd.DataFrame, *, instrument: Instrument | None = None,
                     title: str | None = None, lang: str = "id",
                     ax: Axes | None = None) -> Axes:
    """Impact (x) against score (y): the focus areas lie bottom right.

    Parameters
    ----------
    focus : DataFrame
        :func:`akhlak_analysis.stats.drivers.focus_areas` of one outcome.

    Returns
    -------
    Axes
        One point per predictor at (``impact``, ``predictor_score``), focus areas in the
        reference colour, dividing lines at the even share and the mean score.

    Examples
    --------
    >>> f = pd.DataFrame({"predictor": ["a", "b"], "impact": [70.0, 30.0],
    ...                   "predictor_score": [60.0, 80.0], "quadrant": ["focus", "maintain"]})
    >>> ax = plot_focus_areas(f)
    >>> ax.collections[0].get_offsets().tolist()
    [[70.0, 60.0], [30.0, 80.0]]
    """
    ax = new_axes(ax, 5.5, 7.5)
    x = focus["impact"].to_numpy(dtype=float)
    y = focus["predictor_score"].to_numpy(dtype=float)
    colours = [PALETTE["reference"] if q == "focus" else PALETTE["main"]
               for q in focus["quadrant"]]
    ax.scatter(x, y, c=colours, s=60, zorder=3)
    for xi, yi, p in zip(x, y, focus["predictor"], strict=True):
        ax.annotate(_name(p, instrument, lang), (xi, yi), textcoords="offset points",
                    xytext=(6, 4), fontsize=9)
    ax.axvline(100 / len(focus), color=PALETTE["muted"], linestyle="--", linewidth=1)
    ax.axhline(float(np.mean(y)), color=PALETTE["muted"], linestyle="--", linewidth=1)
    ax.set_xlabel("Impact (% of R²)" if lang == "en" else "Dampak (% dari R²)")
    ax.set_ylabel("Score (0-100)" if lang == "en" else "Skor nilai (0-100)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    number_axis(ax, "x", lang)
    number_axis(ax, "y", lang)
    ax.set_title(title or ("Impact and score" if lang == "en" else "Dampak dan skor"))
    return ax


def plot_themes(province: pd.DataFrame, *, themes: Sequence, lang: str = "id",
                ax: Axes | None = None) -> Axes:
    """Share of comments mentioning each theme (province), workplace topics and values.

    Parameters
    ----------
    province : DataFrame
        :func:`akhlak_analysis.stats.comments.theme_table` without ``by`` (one row).
    themes : sequence of Theme
        The seed dictionary (labels and families).

    Returns
    -------
    Axes
        One bar per theme (length = its share, %), topics in the main colour, values in the
        secondary one.

    Examples
    --------
    >>> from akhlak_analysis.stats.comments import load_themes
    >>> th = load_themes()
    >>> row = pd.DataFrame([{**{t.code: 0.0 for t in th}, "pelatihan": 40.0,
    ...                      "n_comments": 10, "unit": "province"}])
    >>> ax = plot_themes(row, themes=th)
    >>> float(max(p.get_width() for p in ax.patches))
    40.0
    """
    row = province.iloc[0]
    items = sorted(themes, key=lambda t: float(row[t.code]))
    ax = new_axes(ax, 0.35 * len(items) + 1.5)
    y = np.arange(len(items))
    ax.barh(y, [float(row[t.code]) for t in items],
            color=[PALETTE["main"] if t.family == "topic" else PALETTE["secondary"]
                   for t in items])
    ax.set_yticks(y, [t.label(lang) for t in items])
    ax.set_xlabel("Share of comments (%)" if lang == "en" else "Porsi komentar (%)")
    number_axis(ax, "x", lang)
    ax.set_title("Comment themes" if lang == "en" else "Tema komentar")
    return ax
