"""Fieldwork monitoring chart: the daily cumulative count and its projection (akhlak progress)."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from ..labels import format_number, format_percent
from .theme import PALETTE, new_axes, number_axis

__all__ = ["plot_progress"]

_MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _day_label(value: float, lang: str) -> str:
    """``8 Okt`` (Indonesian) or ``08 Oct``."""
    d = mdates.num2date(value)
    return f"{d.day} {_MONTHS_ID[d.month - 1]}" if lang == "id" else d.strftime("%d %b")


def plot_progress(daily: pd.DataFrame, *, end: object, headcount: float | None = None,
                  projection: tuple[float, float, float] | None = None,
                  target_rate: float | None = None, min_n: int | None = None,
                  ax: Axes | None = None, title: str | None = None, lang: str = "id") -> Axes:
    """Valid responses so far day by day, and the projected final count with its interval.

    Parameters
    ----------
    daily : DataFrame
        One unit's days: ``date`` and ``n_cumulative``
        (:func:`akhlak_analysis.stats.fieldwork.daily_counts`).
    end : date or str
        Last day of the survey window (the projection is drawn up to it).
    headcount : float, optional
        The unit's headcount (a grey line).
    projection : (float, float, float), optional
        ``(projected, low, high)`` from :func:`akhlak_analysis.stats.fieldwork.project_final`:
        a dashed line from the last day to ``end`` and a shaded interval.
    target_rate : float, optional
        Draws the target count ``target_rate * headcount``.
    min_n : int, optional
        Draws the minimum reporting group size.
    ax : Axes, optional
    title : str, optional
    lang : {"id", "en"}

    Returns
    -------
    Axes
        The first line is the cumulative count (its y data equal ``n_cumulative``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> d = pd.DataFrame({"date": pd.date_range("2025-10-01", periods=3),
    ...                   "n_cumulative": [10, 25, 30]})
    >>> ax = plot_progress(d, end="2025-10-15", headcount=100, projection=(80, 60, 95),
    ...                    target_rate=0.7)
    >>> ax.lines[0].get_ydata().tolist()
    [10, 25, 30]
    """
    if not {"date", "n_cumulative"} <= set(daily.columns) or daily.empty:
        raise ValueError("daily: needs the rows of one unit with date and n_cumulative "
                         "(stats.fieldwork.daily_counts)")
    d = daily.sort_values("date")
    x = pd.to_datetime(d["date"]).to_numpy()
    y = d["n_cumulative"].to_numpy()
    last = pd.Timestamp(pd.Timestamp(end).date())
    ax = new_axes(ax, 4.2)
    ax.plot(x, y, color=PALETTE["main"], marker="o", markersize=3.5, linewidth=2.2,
            label="Responden sah" if lang == "id" else "Valid responses", zorder=3)
    if projection is not None and last > x[-1]:
        point, low, high = projection
        xs = np.array([x[-1], last.to_datetime64()])
        ax.fill_between(xs, [y[-1], low], [y[-1], high], color=PALETTE["secondary"],
                        alpha=0.3, linewidth=0, zorder=1)
        ax.plot(xs, [y[-1], point], color=PALETTE["main"], linestyle="--", linewidth=1.6,
                label="Perkiraan (kisaran 80%)" if lang == "id" else "Projection (80% range)",
                zorder=2)
    if headcount is not None and not pd.isna(headcount):
        ax.axhline(float(headcount), color=PALETTE["muted"], linewidth=1,
                   label=f"{'Jumlah pegawai' if lang == 'id' else 'Headcount'} "
                         f"{format_number(headcount, 0, lang)}")
        if target_rate is not None:
            ax.axhline(float(headcount) * target_rate, color=PALETTE["up"], linestyle=":",
                       linewidth=1.5, label=f"Target {format_percent(target_rate, 0, lang)}")
    if min_n is not None:
        ax.axhline(min_n, color=PALETTE["reference"], linestyle=":", linewidth=1.2,
                   label=f"Minimum {format_number(min_n, 0, lang)}")
    ax.set_xlim(x[0] - np.timedelta64(12, "h"), last.to_datetime64() + np.timedelta64(12, "h"))
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _day_label(v, lang)))
    number_axis(ax, "y", lang)
    ax.set_ylabel("Responden (kumulatif)" if lang == "id" else "Responses (cumulative)")
    ax.set_xlabel("")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8, frameon=True)
    return ax
