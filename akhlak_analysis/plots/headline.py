"""Headline charts for the yearly report (the province score per value); notebook 02."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..instrument import Instrument, load_instrument
from ..labels import format_number, label
from .theme import PALETTE, category_colours, new_axes, number_axis

__all__ = ["plot_value_index"]


def plot_value_index(headline: pd.DataFrame, *, instrument: str | Instrument,
                     target: tuple[float, float] | None = None, ax: Axes | None = None,
                     lang: str = "id") -> Axes:
    """Province score of each BerAKHLAK value in the latest year (bars), the year before (ticks).

    Parameters
    ----------
    headline : DataFrame
        One row per year with ``year`` and the value columns (0-100), as from
        :func:`akhlak_analysis.stats.targets.headline_by_year` or
        :func:`akhlak_analysis.stats.scoring.overall_index`: each year on its own full instrument,
        the same scores the official index is made of.
    instrument : str or Instrument
        Value codes and names, and the category bands (bar colours).
    target : (float, float), optional
        Shaded target band.
    ax : Axes, optional
    lang : {"id", "en"}

    Returns
    -------
    Axes
        One horizontal bar per value (the latest year), sorted with the highest on top,
        coloured by category and labelled with the score; a black tick marks the year
        before when ``headline`` has two or more rows.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ins = load_instrument("berakhlak-2025")
    >>> h = pd.DataFrame([{"year": 2024, **dict.fromkeys(ins.value_codes, 70.0)},
    ...                   {"year": 2025, **dict.fromkeys(ins.value_codes, 76.0), "adaptif": 61.0}])
    >>> ax = plot_value_index(h, instrument=ins, target=(80, 90))
    >>> sorted(round(float(p.get_width()), 1) for p in ax.containers[0])
    [61.0, 76.0, 76.0, 76.0, 76.0, 76.0, 76.0]
    """
    ins = load_instrument(instrument)
    missing = [c for c in ("year", *ins.value_codes) if c not in headline.columns]
    if missing or headline.empty:
        raise ValueError(f"headline: needs one row per year with columns year and the value "
                         f"scores (from headline_by_year); missing {missing}")
    h = headline.sort_values("year")
    last_row = h.iloc[-1]
    last = int(last_row["year"])
    prev_row = h.iloc[-2] if len(h) > 1 else None
    v = pd.DataFrame({"value": list(ins.value_codes),
                      "score": [float(last_row[c]) for c in ins.value_codes]})
    if prev_row is not None:
        v["previous"] = [float(prev_row[c]) for c in ins.value_codes]
    v = v.sort_values("score", kind="stable").reset_index(drop=True)
    prev = None if prev_row is None else int(prev_row["year"])
    ax = new_axes(ax, 0.55 * len(v) + 1.8)
    y = np.arange(len(v))
    score = v["score"].to_numpy(float)
    cats = ins.categorize(score, lang)
    colours = category_colours(ins, lang)
    if target is not None:
        ax.axvspan(target[0], target[1], color=PALETTE["up"], alpha=0.10, zorder=0)
    ax.barh(y, score, height=0.6, color=[colours.get(c, PALETTE["main"]) for c in cats],
            zorder=2)
    for yi, s in zip(y, score, strict=True):
        ax.text(s + 0.6, yi, format_number(s, 1, lang), va="center", fontsize=10,
                fontweight="bold", zorder=4)
    handles = [Patch(color=colours[c], label=c) for c in colours if c in set(cats)]
    if prev is not None:
        ax.scatter(v["previous"].to_numpy(float), y, marker="|", s=260,
                   linewidths=2.5, color="black", zorder=3)
        handles.append(Line2D([], [], marker="|", linestyle="", color="black", markersize=14,
                              markeredgewidth=2.5, label=str(prev)))
    if target is not None:
        band = f"{format_number(target[0], 0, lang)}-{format_number(target[1], 0, lang)}"
        handles.append(Patch(color=PALETTE["up"], alpha=0.25, label=f"Target {band}"))
    ax.set_yticks(y, [ins.value_name(str(c), lang) for c in v["value"]])
    ax.set_xlim(0, 100)
    number_axis(ax, "x", lang)
    ax.set_xlabel(f"{label('culture_index', lang)} {last} (0-100)")
    ax.set_ylabel("")
    title = ("Skor tiap nilai BerAKHLAK, provinsi" if lang == "id"
             else "Score of each BerAKHLAK value, province")
    ax.set_title(f"{title} {last}")
    ax.legend(handles=handles, loc="lower right", fontsize=9, frameon=True)
    return ax
