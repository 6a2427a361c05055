"""Charts of the fair OPD ranking (notebook 03).

Every chart takes a table from :func:`akhlak_analysis.stats.rank.rank_units` (or
:func:`akhlak_analysis.index_table`, :func:`akhlak_analysis.report.ranking.level_change`)
first; suppressed units (``suppressed`` true) are never drawn. Colours of the categories come
from the instrument's bands, the same in every chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..defaults import CONFIDENCE
from ..instrument import Instrument, load_instrument
from ..labels import format_number, label
from .theme import (
    MAX_CHART_ROWS,
    PALETTE,
    category_colours,
    mark_left_out,
    new_axes,
    number_axis,
    top_and_bottom,
)

__all__ = ["plot_caterpillar", "plot_level_change", "plot_rank_intervals", "plot_shrinkage",
           "plot_value_heatmap"]


def _shown(table: pd.DataFrame, need: list[str]) -> pd.DataFrame:
    """Rows that may be drawn: not suppressed and with the needed figures."""
    missing = [c for c in need + ["suppressed"] if c not in table.columns]
    if missing:
        raise ValueError(f"the table has no column {missing[0]!r}")
    keep = ~table["suppressed"].to_numpy(dtype=bool)
    out = table[keep]
    return out[out[need].notna().all(axis=1)]


def _unit_labels(table: pd.DataFrame, max_chars: int = 40) -> list[str]:
    """Unit names (else codes), long names cut with an ellipsis so the plot area keeps room."""
    if "name" in table.columns:
        names = table["name"].where(table["name"].notna(), table["unit"]).astype(str)
    else:
        names = table["unit"].astype(str)
    return [n if len(n) <= max_chars else n[: max_chars - 1].rstrip(" ,") + "…" for n in names]


def _category_legend(ax: Axes, ins: Instrument, lang: str, present, **kw) -> None:
    colours = category_colours(ins, lang)
    handles = [Patch(color=c, label=lab) for lab, c in colours.items() if lab in set(present)]
    if handles:
        ax.legend(handles=handles, title=label("category", lang), **kw)


def plot_caterpillar(ranked: pd.DataFrame, *, instrument: str | Instrument,
                     ax: Axes | None = None, lang: str = "id",
                     reference: float | None = None, confidence: float = CONFIDENCE,
                     max_units: int | None = MAX_CHART_ROWS) -> Axes:
    """Adjusted (EB) index of each unit with its interval, ordered by rank (best on top).

    Parameters
    ----------
    ranked : pandas.DataFrame
        From :func:`akhlak_analysis.rank_units`: ``unit``, ``eb_index``, ``eb_ci_low``,
        ``eb_ci_high``, ``culture_index``, ``category``, ``suppressed`` (``name`` if present).
    instrument : str or Instrument
        Category colours (points coloured by ``category``).
    reference : float, optional
        Drawn as a vertical dashed line (e.g. the grand mean ``icc(...).grand_mean``).
    max_units : int, optional
        With more units than this, only the best and the worst ``max_units // 2`` are drawn,
        with a line saying how many are left out (default ``MAX_CHART_ROWS``; a slide uses
        ``SLIDE_ROWS``; None draws every unit).

    Returns
    -------
    Axes
        One errorbar line per ranked unit (y = 0 for the best), the EB index as a coloured
        point, the raw mean as a faint hollow marker.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> r = pd.DataFrame({"unit": ["A", "B"], "eb_index": [80.0, 70.0],
    ...                   "eb_ci_low": [78.0, 66.0],
    ...                   "eb_ci_high": [82.0, 74.0], "culture_index": [80.5, 68.0],
    ...                   "category": ["Sehat", "Cukup Sehat"], "suppressed": [False, False]})
    >>> ax = plot_caterpillar(r, instrument="berakhlak-2025")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A', 'B']
    """
    ins = load_instrument(instrument)
    shown = _shown(ranked, ["eb_index", "eb_ci_low", "eb_ci_high"])
    if "rank" in shown.columns:
        shown = shown.sort_values(["rank", "eb_index"], ascending=[True, False], kind="stable")
    shown, y, left_out = top_and_bottom(shown, max_units)
    ax = new_axes(ax, max(4.0, 0.24 * (len(shown) + bool(left_out)) + 1.5))
    colours = category_colours(ins, lang)
    cats = shown["category"] if "category" in shown.columns else pd.Series([None] * len(shown))
    point_colours = [colours.get(c, PALETTE["main"]) for c in cats]
    ax.hlines(y, shown["eb_ci_low"], shown["eb_ci_high"], color=PALETTE["muted"], linewidth=2,
              zorder=1)
    if "culture_index" in shown.columns:
        ax.scatter(shown["culture_index"], y, s=22, facecolors="none",
                   edgecolors=PALETTE["muted"], linewidths=0.9, zorder=2, alpha=0.8)
    ax.scatter(shown["eb_index"], y, s=34, c=point_colours, edgecolors=PALETTE["main"],
               linewidths=0.6, zorder=3)
    if reference is not None:
        ax.axvline(reference, color=PALETTE["reference"], linestyle="--", linewidth=1)
    ax.set_yticks(y, _unit_labels(shown))
    ax.set_ylim(len(shown) + bool(left_out) - 0.5, -0.5)
    ax.tick_params(axis="y", labelsize=8)
    mark_left_out(ax, y, left_out, lang)
    number_axis(ax, "x", lang)
    ax.set_xlabel(label("eb_index", lang))
    ax.set_ylabel("")
    id_ = lang != "en"
    handles = [Line2D([], [], marker="o", linestyle="", color=PALETTE["main"],
                      label="Indeks disesuaikan (EB)" if id_ else "Adjusted index (EB)"),
               Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                      color=PALETTE["muted"], label="Rerata mentah" if id_ else "Raw mean"),
               Line2D([], [], color=PALETTE["muted"], linewidth=2,
                      label=f"Interval {round(confidence * 100)}%" if id_
                      else f"{round(confidence * 100)}% interval")]
    if reference is not None:
        handles.append(Line2D([], [], color=PALETTE["reference"], linestyle="--",
                              label="Rerata antar-OPD" if id_ else "Mean across OPDs"))
    handles += [Patch(color=c, label=lab) for lab, c in colours.items() if lab in set(cats)]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.set_title("Indeks per OPD dengan interval, urut peringkat" if id_ else
                 "Index per unit with interval, in rank order")
    return ax


def plot_rank_intervals(ranked: pd.DataFrame, *, ax: Axes | None = None, lang: str = "id",
                        top_share: float = 0.10, confidence: float = CONFIDENCE,
                        max_units: int | None = MAX_CHART_ROWS) -> Axes:
    """Rank interval (best to worst plausible rank) of each unit, with its point rank.

    Parameters
    ----------
    ranked : pandas.DataFrame
        From :func:`akhlak_analysis.rank_units`: ``unit``, ``rank``, ``rank_low``,
        ``rank_high``, ``suppressed`` (``name`` if present).
    top_share : float
        The top and bottom ``top_share`` of ranks are shaded (as ``p_top``/``p_bottom``).
    max_units : int, optional
        With more units than this, only the best and the worst ``max_units // 2`` rows are
        drawn (the rank axis still runs over every unit), with a line saying how many are
        left out (default ``MAX_CHART_ROWS``; None draws every unit).

    Returns
    -------
    Axes
        One horizontal bar per ranked unit from ``rank_low - 0.5`` to ``rank_high + 0.5``
        (rows in rank order, best on top) and the point rank as a marker.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> r = pd.DataFrame({"unit": ["A", "B"], "rank": [1, 2], "rank_low": [1, 1],
    ...                   "rank_high": [1, 2], "suppressed": [False, False]})
    >>> ax = plot_rank_intervals(r)
    >>> [(float(p.get_x()), float(p.get_width())) for p in ax.patches[2:]]
    [(0.5, 1.0), (0.5, 2.0)]
    """
    shown = _shown(ranked, ["rank", "rank_low", "rank_high"])
    shown = shown.sort_values("rank", kind="stable")
    k = len(shown)
    shown, y, left_out = top_and_bottom(shown, max_units)
    rows = len(shown) + bool(left_out)
    ax = new_axes(ax, max(4.0, 0.24 * rows + 1.5))
    t = max(1, int(np.ceil(top_share * k - 1e-9)))
    id_ = lang != "en"
    ax.axvspan(0.5, t + 0.5, color=PALETTE["up"], alpha=0.10, linewidth=0,
               label=(f"{format_number(top_share * 100, 0, lang)}% teratas" if id_ else
                      f"top {top_share:.0%}"))
    ax.axvspan(k - t + 0.5, k + 0.5, color=PALETTE["down"], alpha=0.10, linewidth=0,
               label=(f"{format_number(top_share * 100, 0, lang)}% terbawah" if id_ else
                      f"bottom {top_share:.0%}"))
    low = shown["rank_low"].astype(float).to_numpy()
    high = shown["rank_high"].astype(float).to_numpy()
    ax.barh(y, high - low + 1.0, left=low - 0.5, height=0.6, color=PALETTE["secondary"],
            label=(f"Interval peringkat {round(confidence * 100)}%" if id_
                   else f"{round(confidence * 100)}% rank interval"))
    ax.scatter(shown["rank"].astype(float), y, color=PALETTE["main"], s=18, zorder=3,
               label=label("rank", lang))
    ax.set_yticks(y, _unit_labels(shown))
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xlim(0.5, k + 0.5)
    mark_left_out(ax, y, left_out, lang)
    ax.tick_params(axis="y", labelsize=8)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    number_axis(ax, "x", lang)
    ax.set_xlabel(label("rank", lang) + (" (1 = terbaik)" if id_ else " (1 = best)"))
    ax.set_ylabel("")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title("Interval peringkat per OPD" if id_ else "Rank interval per unit", pad=28)
    return ax


def plot_value_heatmap(table: pd.DataFrame, *, instrument: str | Instrument,
                       order: list | None = None, ax: Axes | None = None,
                       lang: str = "id", max_units: int | None = MAX_CHART_ROWS) -> Axes:
    """OPD x value heatmap coloured by category, with the scores printed (decimal comma).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`akhlak_analysis.index_table` (``unit``, ``name``, the value columns,
        ``suppressed``).
    instrument : str or Instrument
        Value codes (columns, in instrument order), value names and category bands.
    order : list, optional
        Unit codes from top to bottom (e.g. the ranking's ``unit`` column); units not in
        ``order`` are left out. Default: the table's order.
    max_units : int, optional
        With more units than this, only the first and the last ``max_units // 2`` in that
        order are drawn, with a line saying how many are left out (default
        ``MAX_CHART_ROWS``; None draws every unit).

    Returns
    -------
    Axes
        An image with one row per unit that is not suppressed and one column per value;
        cell colour = band of the score, text = the score with one decimal.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ins = load_instrument("berakhlak-2025")
    >>> t = pd.DataFrame({v: [80.0] for v in ins.value_codes}).assign(unit="A",
    ...                                                                suppressed=False)
    >>> ax = plot_value_heatmap(t, instrument=ins)
    >>> ax.texts[0].get_text()
    '80,0'
    """
    ins = load_instrument(instrument)
    values = ins.value_codes
    shown = _shown(table, values)
    if order is not None:
        pos = {str(u): i for i, u in enumerate(order)}
        shown = shown[shown["unit"].astype(str).isin(pos)]
        shown = shown.iloc[np.argsort([pos[str(u)] for u in shown["unit"]], kind="stable")]
    bands = sorted(ins.bands, key=lambda b: b.lower)
    cmap = ListedColormap([b.colour for b in bands])
    bounds = [bands[0].lower] + [b.upper for b in bands]
    bounds[-1] = max(bounds[-1], 100.0) + 1e-9
    norm = BoundaryNorm(bounds, cmap.N)
    shown, y, left_out = top_and_bottom(shown, max_units)
    data = np.full((len(shown) + bool(left_out), len(values)), np.nan)
    data[y] = shown[values].to_numpy(dtype=float)  # the row left out stays blank
    ax = new_axes(ax, max(4.0, 0.28 * len(data) + 2), width=9)
    ax.imshow(data, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    for i in y:
        for j in range(data.shape[1]):
            ax.text(j, i, format_number(data[i, j], 1, lang), ha="center", va="center",
                    fontsize=7, color="#222222")
    ax.set_xticks(np.arange(len(values)), [ins.value_name(v, lang) for v in values],
                  rotation=30, ha="right", fontsize=8)
    ax.set_yticks(y, _unit_labels(shown), fontsize=8)
    mark_left_out(ax, y, left_out, lang)
    ax.grid(False)
    ax.set_xlabel("")
    ax.set_ylabel("")
    present = ins.categorize(data[y].ravel(), lang).dropna().unique() if data.size else []
    _category_legend(ax, ins, lang, present, loc="upper left", bbox_to_anchor=(1.01, 1),
                     fontsize=8)
    ax.set_title("Skor nilai BerAKHLAK per OPD" if lang != "en" else
                 "BerAKHLAK value scores per unit")
    return ax


def plot_shrinkage(ranked: pd.DataFrame, *, grand_mean: float | None = None,
                   sigma2: float | None = None, ax: Axes | None = None, lang: str = "id",
                   label_top: int = 6) -> Axes:
    """Raw mean against respondents, with an arrow to the adjusted (EB) index: a funnel plot.

    Parameters
    ----------
    ranked : pandas.DataFrame
        From :func:`akhlak_analysis.rank_units`: ``unit``, ``n``, ``culture_index``,
        ``eb_index``, ``suppressed``.
    grand_mean, sigma2 : float, optional
        From :func:`akhlak_analysis.icc`; with both, the funnel's control limits
        grand_mean +/- z sqrt(sigma2 / n) for z = 1.96 (95%) and 3.09 (99.8%) are drawn.
    label_top : int
        The units shifted most by shrinkage are named (by code).

    Returns
    -------
    Axes
        x = respondents (log scale), y = index; one hollow point per ranked unit at its raw
        mean, one filled point at its EB index, and an arrow between them.

    Notes
    -----
    A unit mean from n respondents has sampling sd sqrt(sigma2 / n); under "no real
    difference" 95% of units fall inside the inner funnel (Spiegelhalter 2005, *Funnel plots
    for comparing institutional performance*, Stat Med 24, 1185-1202). Shrinkage pulls small
    units most: the arrows are longest on the left.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> r = pd.DataFrame({"unit": ["A", "B"], "n": [12, 300], "culture_index": [90.0, 70.0],
    ...                   "eb_index": [84.0, 70.2], "suppressed": [False, False]})
    >>> ax = plot_shrinkage(r, grand_mean=76.0, sigma2=130.0)
    >>> ax.collections[-1].get_offsets().tolist()
    [[12.0, 84.0], [300.0, 70.2]]
    """
    shown = _shown(ranked, ["n", "culture_index", "eb_index"])
    ax = new_axes(ax, 6)
    n = shown["n"].astype(float).to_numpy()
    raw = shown["culture_index"].to_numpy(dtype=float)
    eb = shown["eb_index"].to_numpy(dtype=float)
    id_ = lang != "en"
    if grand_mean is not None and sigma2 is not None and len(n):
        grid = np.geomspace(max(n.min() * 0.8, 1.0), n.max() * 1.25, 200)
        for z, style in ((1.96, "--"), (3.09, ":")):
            half = z * np.sqrt(sigma2 / grid)
            ax.plot(grid, grand_mean + half, color=PALETTE["muted"], linestyle=style,
                    linewidth=1)
            ax.plot(grid, grand_mean - half, color=PALETTE["muted"], linestyle=style,
                    linewidth=1)
    if grand_mean is not None:
        ax.axhline(grand_mean, color=PALETTE["reference"], linewidth=1)
    for xi, a, b in zip(n, raw, eb, strict=True):
        if abs(b - a) > 1e-9:
            ax.annotate("", xy=(xi, b), xytext=(xi, a),
                        arrowprops={"arrowstyle": "->", "color": PALETTE["secondary"],
                                    "linewidth": 1})
    ax.scatter(n, raw, s=26, facecolors="none", edgecolors=PALETTE["muted"], zorder=3)
    ax.scatter(n, eb, s=26, color=PALETTE["main"], zorder=4)
    shift = np.abs(eb - raw)
    for i in np.argsort(-shift, kind="stable")[:label_top]:
        ax.annotate(str(shown["unit"].iloc[i]), (n[i], raw[i]), xytext=(5, 0),
                    textcoords="offset points", fontsize=7, va="center",
                    color=PALETTE["main"])
    ax.set_xscale("log")
    number_axis(ax, "x", lang)
    number_axis(ax, "y", lang)
    ax.set_xlabel(label("n", lang) + (" (skala log)" if id_ else " (log scale)"))
    ax.set_ylabel(label("culture_index", lang))
    handles = [Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                      color=PALETTE["muted"], label="Rerata mentah" if id_ else "Raw mean"),
               Line2D([], [], marker="o", linestyle="", color=PALETTE["main"],
                      label="Indeks disesuaikan (EB)" if id_ else "Adjusted index (EB)")]
    if grand_mean is not None:
        handles.append(Line2D([], [], color=PALETTE["reference"],
                              label="Rerata antar-OPD (μ)" if id_ else "Mean across OPDs (μ)"))
    if grand_mean is not None and sigma2 is not None:
        handles += [Line2D([], [], color=PALETTE["muted"], linestyle="--",
                           label="Batas kendali 95%" if id_ else "95% control limit"),
                    Line2D([], [], color=PALETTE["muted"], linestyle=":",
                           label="Batas kendali 99,8%" if id_ else "99.8% control limit")]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.set_title("Penyesuaian (shrinkage): OPD kecil ditarik ke rerata" if id_ else
                 "Shrinkage: small units are pulled toward the mean")
    return ax


def _label_points(ax: Axes, x: np.ndarray, y: np.ndarray, texts: list[str]) -> None:
    """Label points with small texts, choosing for each the first of four offsets whose
    label box does not collide with a label already placed (a cheap repel)."""
    if not len(x):
        return
    width, height = ax.figure.get_size_inches() * 72  # points
    span_x = float(np.ptp(x)) or 1.0
    span_y = float(np.ptp(y)) or 1.0
    px = (x - x.min()) / span_x * width * 0.8
    py = (y - y.min()) / span_y * height * 0.8
    placed: list[tuple[float, float, float]] = []
    offsets = ((4, 3, "left"), (4, -9, "left"), (-4, 3, "right"), (-4, -9, "right"))
    for i in np.argsort(-y, kind="stable"):
        text_w = 4.0 * len(texts[i])
        for dx, dy, ha in offsets:
            left = px[i] + dx - (text_w if ha == "right" else 0.0)
            bottom = py[i] + dy
            if all(abs(left - lx) >= max(text_w, lw) or abs(bottom - by) >= 8.0
                   for lx, by, lw in placed):
                break
        placed.append((left, bottom, text_w))
        ax.annotate(texts[i], (x[i], y[i]), xytext=(dx, dy), textcoords="offset points",
                    fontsize=6.5, color="#333333", ha=ha)


def plot_level_change(table: pd.DataFrame, *, province_index: float, province_change: float,
                      ax: Axes | None = None, lang: str = "id", year: int | None = None,
                      previous_year: int | None = None) -> Axes:
    """Level in the report year against change since the previous year, one point per OPD.

    Parameters
    ----------
    table : pandas.DataFrame
        ``LevelChange.table`` from :func:`akhlak_analysis.report.ranking.level_change`:
        ``unit``, ``culture_index``, ``change``, ``suppressed``.
    province_index, province_change : float
        Quadrant lines (the province's index and its change).
    year, previous_year : int, optional
        For the axis labels.

    Returns
    -------
    Axes
        One point per unit that is not suppressed (x = ``culture_index``, y = ``change``),
        labelled with its code; dashed lines at the province values; quadrant captions.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"unit": ["A", "B"], "culture_index": [82.0, 70.0],
    ...                   "change": [1.5, -2.0], "suppressed": [False, False]})
    >>> ax = plot_level_change(t, province_index=77.0, province_change=0.5)
    >>> ax.collections[0].get_offsets().tolist()
    [[82.0, 1.5], [70.0, -2.0]]
    """
    shown = _shown(table, ["culture_index", "change"])
    ax = new_axes(ax, 7)
    x = shown["culture_index"].to_numpy(dtype=float)
    y = shown["change"].to_numpy(dtype=float)
    colours = np.where(y >= province_change, PALETTE["up"], PALETTE["down"])
    ax.scatter(x, y, c=colours, s=30, zorder=3, edgecolors="white", linewidths=0.5)
    _label_points(ax, x, y, shown["unit"].astype(str).tolist())
    ax.axvline(province_index, color=PALETTE["reference"], linestyle="--", linewidth=1)
    ax.axhline(province_change, color=PALETTE["reference"], linestyle="--", linewidth=1)
    ax.axhline(0, color=PALETTE["muted"], linewidth=0.8)
    id_ = lang != "en"
    captions = (("Tinggi dan membaik", "Rendah tetapi membaik", "Tinggi tetapi menurun",
                 "Rendah dan menurun") if id_ else
                ("High and improving", "Low but improving", "High but declining",
                 "Low and declining"))
    for (hx, vy), text in zip(((0.98, 0.98), (0.02, 0.98), (0.98, 0.02), (0.02, 0.02)),
                              captions, strict=True):
        ax.text(hx, vy, text, transform=ax.transAxes, ha="right" if hx > 0.5 else "left",
                va="top" if vy > 0.5 else "bottom", fontsize=8, color=PALETTE["muted"],
                fontstyle="italic")
    number_axis(ax, "x", lang)
    number_axis(ax, "y", lang, decimals=0)
    yr = f" {year}" if year is not None else ""
    since = f" {previous_year}" if previous_year is not None else ""
    ax.set_xlabel(f"Indeks Budaya Kerja{yr}" if id_ else f"Work-culture index{yr}")
    ax.set_ylabel(f"Perubahan sejak{since} (butir yang sama)" if id_ else
                   f"Change since{since} (common items)")
    ax.set_title("Tingkat dan perubahan per OPD (garis putus = provinsi)" if id_ else
                 "Level and change per unit (dashed = province)")
    return ax
