"""Charts made for a projected slide (and the start page): drawn at their size, 14 pt text.

A chart on a slide is drawn at the size it takes on the slide (``width`` x ``height`` in
inches) with every text at least :data:`SLIDE_FONT` points, so that it is placed at 100% and
every label reads at 14 pt when the 13.33 x 7.5 inch slide is projected. Unit names are
wrapped, never cut; a chart shows at most :data:`MAX_SLIDE_ROWS` rows, fewer when long names
need the room (:func:`fit_rows`). Colours come from :mod:`.theme` and the instrument's bands.

Every function takes the table first, options keyword-only, draws on ``ax`` when given and
returns the Axes.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..instrument import Instrument, load_instrument
from ..labels import format_number
from .theme import PALETTE, category_colours

__all__ = ["MAX_SLIDE_ROWS", "SLIDE_FONT", "fit_rows", "plot_action_status",
           "plot_answer_shares", "plot_index_gauge", "plot_priorities", "plot_theme_counts",
           "plot_unit_moves", "plot_value_scores", "wrap_name"]

#: The smallest text on a slide chart, in points at projection size.
SLIDE_FONT = 14
#: The most rows a slide chart shows.
MAX_SLIDE_ROWS = 15
_LINE_IN = SLIDE_FONT * 1.25 / 72     # one line of 14 pt text, inches
_ROW_GAP_IN = 0.16                     # space between two rows, inches
_LIGHTS = {"merah": PALETTE["down"], "kuning": "#f1c232", "hijau": PALETTE["up"]}
_SHARES = {"favourable": PALETTE["up"], "neutral": "#bdbdbd", "unfavourable": PALETTE["down"],
           "other": "#d9d9d9"}


def wrap_name(name: object, width: int = 28) -> str:
    """A name wrapped on word boundaries, never cut.

    >>> print(wrap_name("Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian "
    ...                 "Penduduk dan Keluarga Berencana"))
    Dinas Pemberdayaan
    Perempuan, Perlindungan
    Anak, Pengendalian Penduduk
    dan Keluarga Berencana
    """
    return textwrap.fill(str(name), width=width, break_long_words=False,
                         break_on_hyphens=False)


def fit_rows(labels: list[str], *, height: float, reserved: float = 1.0,
             max_rows: int = MAX_SLIDE_ROWS) -> int:
    """How many of ``labels`` (wrapped, in order) fit in a chart ``height`` inches high.

    ``reserved`` inches are kept for the axis, its label and the legend.

    >>> fit_rows(["a"] * 30, height=5.6), fit_rows(["a\\nb\\nc"] * 30, height=5.6)
    (11, 5)
    """
    room, n = height - reserved, 0
    for text in labels[:max_rows]:
        need = str(text).count("\n") * _LINE_IN + _LINE_IN + _ROW_GAP_IN
        if need > room:
            break
        room -= need
        n += 1
    return n


def _rows_y(labels: list[str]) -> np.ndarray:
    """Row centres from the top (0) down, each row as high as its wrapped label."""
    heights = np.array([str(t).count("\n") * _LINE_IN + _LINE_IN + _ROW_GAP_IN for t in labels])
    return np.cumsum(heights) - heights / 2


def _axes(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is None:
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_subplot()
    return ax


def _legend(ax: Axes, handles: list) -> None:
    """A one-row legend centred under the chart, on the figure (not the axes)."""
    ax.figure.legend(handles=handles, fontsize=SLIDE_FONT, loc="lower center", frameon=False,
                     ncol=len(handles), bbox_to_anchor=(0.5, 0.0), handlelength=1.4,
                     columnspacing=1.2)
    ax.figure.subplots_adjust(bottom=0.2)


def _finish(ax: Axes, *, grid: str = "x") -> Axes:
    """14 pt ticks, light grid, no frame on top and right, layout fitted to the figure (room
    kept under the axes for a figure legend)."""
    ax.tick_params(labelsize=SLIDE_FONT, length=0)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig = ax.figure
    legend_in = 0.0
    if fig.legends:
        renderer = fig.canvas.get_renderer()
        legend_in = fig.legends[0].get_window_extent(renderer).height / fig.dpi + 0.1
    fig.tight_layout(pad=0.4, rect=(0, legend_in / fig.get_size_inches()[1], 1, 1))
    return ax


def _num(x: float, d: int = 1) -> str:
    return format_number(x, d, "id")


def plot_index_gauge(headline: pd.DataFrame, *, instrument: str | Instrument,
                     target: tuple[float, float], width: float = 7.0, height: float = 2.6,
                     ax: Axes | None = None) -> Axes:
    """The official index of each year on the category bands, with its interval and target.

    Parameters
    ----------
    headline : DataFrame
        One row per year: ``year``, ``culture_index``, ``ci_low``, ``ci_high``.
    instrument : str or Instrument
        The category bands (light background with their names).
    target : (float, float)
        The target range (dashed lines, named).
    width, height : float
        Size in inches (the chart's size on the slide or page).
    ax : Axes, optional

    Returns
    -------
    Axes
        One row per year (latest at the bottom), a dot at the index with a bar for its
        interval and the index printed beside it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> h = pd.DataFrame({"year": [2024, 2025], "culture_index": [76.41, 79.03],
    ...                   "ci_low": [76.15, 78.78], "ci_high": [76.66, 79.29]})
    >>> ax = plot_index_gauge(h, instrument="berakhlak-2025", target=(80, 90))
    >>> [t.get_text() for t in ax.texts if t.get_text()[:1].isdigit()][:2]
    ['76,4', '79,0']
    """
    ins = load_instrument(instrument)
    h = headline.sort_values("year").reset_index(drop=True)
    ax = _axes(ax, width, height)
    low = float(np.floor((min(h["ci_low"].min(), target[0]) - 8) / 5) * 5)
    low = max(0.0, low)
    for band in sorted(ins.bands, key=lambda b: b.lower):
        a, b = max(band.lower, low), min(band.upper, 100.0)
        if b <= a:
            continue
        ax.axvspan(a, b, color=band.colour, alpha=0.22, zorder=0, linewidth=0)
        ax.text((a + b) / 2, -0.75, band.label(), ha="center", va="center",
                fontsize=SLIDE_FONT, color="#333333")
    for x in target:
        ax.axvline(x, color=PALETTE["main"], linestyle="--", linewidth=1.6, zorder=1)
    ax.text(sum(target) / 2, len(h) - 0.3,
            f"Target {_num(target[0], 0)}–{_num(target[1], 0)}", ha="center", va="center",
            fontsize=SLIDE_FONT, color=PALETTE["main"], fontweight="bold")
    y = np.arange(len(h))
    x = h["culture_index"].to_numpy(float)
    ax.hlines(y, h["ci_low"], h["ci_high"], color=PALETTE["main"], linewidth=4, zorder=3)
    ax.scatter(x, y, s=110, color=PALETTE["main"], zorder=4)
    for yi, xi in zip(y, x, strict=True):
        ax.text(xi, yi + 0.32, _num(xi), ha="center", va="center", fontsize=SLIDE_FONT + 4,
                fontweight="bold", color=PALETTE["main"], zorder=5)
    ax.set_yticks(y, [str(int(v)) for v in h["year"]])
    ax.set_ylim(-1.2, len(h) - 0.05)
    ax.set_xlim(low, 100)
    ax.set_xlabel("Indeks Budaya Kerja (0–100)", fontsize=SLIDE_FONT)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: _num(v, 0)))
    return _finish(ax)


def plot_value_scores(values: pd.DataFrame, *, instrument: str | Instrument, width: float = 6.0,
                      height: float = 5.4, ax: Axes | None = None) -> Axes:
    """The score of each value (bars coloured by category, highest on top).

    Parameters
    ----------
    values : DataFrame
        ``name`` and ``score`` (0-100) per value.
    instrument : str or Instrument
        Category bands (bar colours, named in the legend).
    width, height : float
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> v = pd.DataFrame({"name": ["Loyal", "Adaptif"], "score": [83.4, 72.8]})
    >>> ax = plot_value_scores(v, instrument="berakhlak-2025")
    >>> [round(float(p.get_width()), 1) for p in ax.patches]
    [83.4, 72.8]
    """
    ins = load_instrument(instrument)
    v = values.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    ax = _axes(ax, width, height)
    colours = category_colours(ins)
    cats = ins.categorize(v["score"])
    y = np.arange(len(v))
    ax.barh(y, v["score"], height=0.62, color=[colours.get(c, PALETTE["main"]) for c in cats],
            edgecolor="#555555", linewidth=0.6, zorder=2)
    for yi, s in zip(y, v["score"], strict=True):
        ax.text(s + 1, yi, _num(s), va="center", fontsize=SLIDE_FONT, fontweight="bold")
    handles = [Patch(facecolor=colours[c], edgecolor="#555555", label=f"Kategori {c}")
               for c in colours if c in set(cats)]
    _legend(ax, handles)
    ax.set_yticks(y, [wrap_name(n, 24) for n in v["name"]])
    ax.set_ylim(len(v) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _p: _num(x, 0)))
    return _finish(ax)


def plot_answer_shares(shares: pd.DataFrame, *, words: tuple[str, str | None, str],
                       width: float = 11.5, height: float = 5.4, ax: Axes | None = None) -> Axes:
    """Favourable, neutral and unfavourable answers per value as 100% stacked bars.

    Parameters
    ----------
    shares : DataFrame
        ``name``, ``pct_favourable`` and, when known, ``pct_neutral`` and
        ``pct_unfavourable`` (percent); without them the rest is one grey segment.
    words : (str, str or None, str)
        The answer categories in words (favourable, neutral, unfavourable), as from
        :func:`akhlak_analysis.report.wording.answer_words`.
    width, height : float
    ax : Axes, optional

    Returns
    -------
    Axes
        One bar per value, the most favourable on top; each segment of at least 6% labelled
        with its percentage.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> s = pd.DataFrame({"name": ["Loyal", "Adaptif"], "pct_favourable": [90.2, 76.2]})
    >>> ax = plot_answer_shares(s, words=("setuju", "netral", "tidak setuju"))
    >>> [round(float(p.get_width()), 1) for p in ax.patches]
    [90.2, 76.2, 9.8, 23.8]
    """
    s = shares.sort_values("pct_favourable", ascending=False, kind="stable").reset_index(drop=True)
    ax = _axes(ax, width, height)
    known = {"pct_neutral", "pct_unfavourable"} <= set(s.columns) and bool(
        s[["pct_neutral", "pct_unfavourable"]].notna().all().all())
    fav, neutral, unfav = words
    parts = [("pct_favourable", _SHARES["favourable"], f"Mendukung ({fav})")]
    if known:
        if neutral is not None:
            parts.append(("pct_neutral", _SHARES["neutral"], "Netral" if neutral.casefold()
                          == "netral" else f"Netral ({neutral})"))
        parts.append(("pct_unfavourable", _SHARES["unfavourable"], f"Tidak mendukung ({unfav})"))
    else:
        s["pct_rest"] = 100.0 - s["pct_favourable"]
        rest = f"{neutral} atau {unfav}" if neutral else unfav
        parts.append(("pct_rest", _SHARES["other"], f"Lainnya ({rest})"))
    y, left = np.arange(len(s)), np.zeros(len(s))
    for col, colour, label in parts:
        width_ = s[col].to_numpy(float)
        ax.barh(y, width_, left=left, height=0.62, color=colour, label=wrap_name(label, 34),
                edgecolor="white", linewidth=1)
        for yi, lft, w in zip(y, left, width_, strict=True):
            if w >= 6:
                ax.text(lft + w / 2, yi, f"{_num(w, 0)}%", ha="center", va="center",
                        fontsize=SLIDE_FONT, color="white" if colour != _SHARES["other"]
                        and colour != _SHARES["neutral"] else "#222222", fontweight="bold")
        left = left + width_
    ax.set_yticks(y, [wrap_name(n, 24) for n in s["name"]])
    ax.set_ylim(len(s) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _p: f"{_num(x, 0)}%"))
    _legend(ax, ax.get_legend_handles_labels()[0])
    return _finish(ax)


def plot_unit_moves(moves: pd.DataFrame, *, years: tuple[int, int], width: float = 8.0,
                    height: float = 5.6, ax: Axes | None = None) -> Axes:
    """Units' index before and after on the common items (dot to dot), one row per unit.

    Parameters
    ----------
    moves : DataFrame
        ``name``, ``before``, ``after`` in the order to draw (top first); only the rows that
        fit (:func:`fit_rows`, names wrapped) are drawn.
    years : (int, int)
        The two years (legend).
    width, height : float
    ax : Axes, optional

    Returns
    -------
    Axes
        A grey dot for ``before``, a green (up) or red (down) dot for ``after``, joined, with
        "before → after" printed beside each row.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> m = pd.DataFrame({"name": ["Dinas A", "Dinas B"], "before": [70.0, 80.0],
    ...                   "after": [75.0, 74.0]})
    >>> ax = plot_unit_moves(m, years=(2024, 2025))
    >>> [t.get_text() for t in ax.texts]
    ['70,0 → 75,0', '80,0 → 74,0']
    """
    labels = [wrap_name(n, 30) for n in moves["name"]]
    k = fit_rows(labels, height=height)
    m, labels = moves.head(k).reset_index(drop=True), labels[:k]
    ax = _axes(ax, width, height)
    y = _rows_y(labels)
    before, after = m["before"].to_numpy(float), m["after"].to_numpy(float)
    colour = np.where(after >= before, PALETTE["up"], PALETTE["down"])
    ax.hlines(y, np.minimum(before, after), np.maximum(before, after), color="#888888",
              linewidth=2.5, zorder=2)
    ax.scatter(before, y, s=90, color=PALETTE["muted"], zorder=3)
    ax.scatter(after, y, s=110, color=colour, zorder=4)
    right = float(np.nanmax(np.r_[before, after])) if k else 100.0
    for yi, b, a in zip(y, before, after, strict=True):
        ax.text(max(a, b) + 0.8, yi, f"{_num(b)} → {_num(a)}", va="center",
                fontsize=SLIDE_FONT)
    lo = float(np.nanmin(np.r_[before, after])) if k else 0.0
    ax.set_xlim(np.floor(lo - 2), right + 0.22 * (right - lo + 4) + 4)
    ax.set_yticks(y, labels)
    ax.set_ylim(float(y[-1]) + 0.3 if k else 1, -0.1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: _num(v, 0)))
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=PALETTE["muted"],
                          markersize=10, label=str(years[0])),
               plt.Line2D([], [], marker="o", linestyle="", color=PALETTE["up"],
                          markersize=10, label=f"{years[1]}, naik"),
               plt.Line2D([], [], marker="o", linestyle="", color=PALETTE["down"],
                          markersize=10, label=f"{years[1]}, turun")]
    _legend(ax, handles)
    return _finish(ax)


def plot_action_status(plans: pd.DataFrame, *, width: float = 8.0, height: float = 5.6,
                       ax: Axes | None = None) -> Axes:
    """Rencana Aksi actions per unit by traffic light (red, yellow, green), stacked.

    Parameters
    ----------
    plans : DataFrame
        ``name``, ``merah``, ``kuning``, ``hijau`` (counts) in the order to draw (top first);
        only the rows that fit are drawn.
    width, height : float
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> p = pd.DataFrame({"name": ["Dinas A"], "merah": [2], "kuning": [1], "hijau": [0]})
    >>> ax = plot_action_status(p)
    >>> [float(p.get_width()) for p in ax.patches]
    [2.0, 1.0, 0.0]
    """
    labels = [wrap_name(n, 30) for n in plans["name"]]
    k = fit_rows(labels, height=height)
    p, labels = plans.head(k).reset_index(drop=True), labels[:k]
    ax = _axes(ax, width, height)
    y = _rows_y(labels)
    left = np.zeros(k)
    names_ = {"merah": "Merah (terlambat)", "kuning": "Kuning (belum optimal)",
              "hijau": "Hijau (sesuai jadwal)"}
    for light, colour in _LIGHTS.items():
        w = p[light].to_numpy(float)
        ax.barh(y, w, left=left, height=0.34, color=colour, label=names_[light],
                edgecolor="white", linewidth=1)
        for yi, lft, wi in zip(y, left, w, strict=True):
            if wi >= 1:
                ax.text(lft + wi / 2, yi, _num(wi, 0), ha="center", va="center",
                        fontsize=SLIDE_FONT, fontweight="bold",
                        color="#222222" if light == "kuning" else "white")
        left = left + w
    ax.set_yticks(y, labels)
    ax.set_ylim(float(y[-1]) + 0.3 if k else 1, -0.1)
    ax.set_xlim(0, max(1.0, float(left.max()) if k else 1.0))
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_xlabel("Jumlah aksi", fontsize=SLIDE_FONT)
    _legend(ax, ax.get_legend_handles_labels()[0])
    return _finish(ax)


def _spread(y: np.ndarray, gap: float) -> np.ndarray:
    """Label positions near ``y`` with at least ``gap`` between neighbours (order kept)."""
    order = np.argsort(y, kind="stable")
    out = y.astype(float).copy()
    for a, b in zip(order[:-1], order[1:], strict=True):
        out[b] = max(out[b], out[a] + gap)
    shift = (out[order].mean() - y[order].mean())  # centre the block on the points
    return out - shift


def plot_priorities(focus: pd.DataFrame, *, title: str = "", width: float = 6.0,
                    height: float = 4.6, ax: Axes | None = None) -> Axes:
    """Impact x score for a slide: the values to work on first lie bottom right, shaded.

    Parameters
    ----------
    focus : DataFrame
        One outcome's focus areas (:func:`akhlak_analysis.stats.drivers.focus_areas`) with a
        ``name`` column: ``impact`` (% of the explained variance), ``impact_ci_low``,
        ``impact_ci_high``, ``predictor_score`` (0-100) and ``quadrant`` (``focus`` first).
    title : str
        Drawn above the chart (the outcome in words).
    width, height : float
    ax : Axes, optional

    Returns
    -------
    Axes
        One dot per value at (impact, score) with its impact interval as a bar, the values to
        work on first (``focus``) in red and named in bold, the dividing lines (even share of
        the impact and the values' mean score) dashed, the corner of the values to work on
        first shaded and labelled.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> f = pd.DataFrame({"name": ["Adaptif", "Loyal"], "impact": [70.0, 30.0],
    ...                   "impact_ci_low": [60.0, 20.0], "impact_ci_high": [80.0, 40.0],
    ...                   "predictor_score": [72.0, 84.0], "quadrant": ["focus", "maintain"]})
    >>> ax = plot_priorities(f)
    >>> ax.collections[-1].get_offsets().tolist()
    [[70.0, 72.0], [30.0, 84.0]]
    """
    ax = _axes(ax, width, height)
    x = focus["impact"].to_numpy(float)
    y = focus["predictor_score"].to_numpy(float)
    lo, hi = focus["impact_ci_low"].to_numpy(float), focus["impact_ci_high"].to_numpy(float)
    first = (focus["quadrant"] == "focus").to_numpy()
    even, mean = 100.0 / len(focus), float(np.mean(y))
    char = SLIDE_FONT * 0.6 / 72 / (width * 0.8)   # one character, as a share of the x axis
    labels = [wrap_name(n, 14) for n in focus["name"]]
    share = np.array([(max(map(len, n.split("\n"))) + 2) * char for n in labels])
    room = [1.03 * xi / (1 - s) for xi, s in zip(x, share, strict=True) if xi > even and s < 0.5]
    xmax = max(float(np.nanmax(hi)) * 1.08, even * 2, *room)
    ymin, ymax = np.floor(y.min() - 3), np.ceil(y.max() + 3)
    ax.add_patch(plt.Rectangle((even, ymin), xmax - even, mean - ymin, color=PALETTE["down"],
                               alpha=0.08, linewidth=0, zorder=0))
    ax.text(xmax - 0.5, ymin + 0.4, "Perbaiki lebih dulu", ha="right", va="bottom",
            fontsize=SLIDE_FONT, color=PALETTE["down"], fontweight="bold")
    ax.axvline(even, color=PALETTE["muted"], linestyle="--", linewidth=1.2, zorder=1)
    ax.axhline(mean, color=PALETTE["muted"], linestyle="--", linewidth=1.2, zorder=1)
    colour = np.where(first, PALETTE["down"], PALETTE["main"])
    ax.hlines(y, lo, hi, color=colour, linewidth=2, alpha=0.5, zorder=2)
    ax.scatter(x, y, s=90, c=colour, zorder=3)
    line = SLIDE_FONT * 1.3 / 72 / (height * 0.72) * (ymax - ymin)
    ly = _spread(y, line)
    for xi, yi, ty, name, f, s in zip(x, y, ly, labels, first, share, strict=True):
        span, tall = s * xmax, line * (name.count("\n") + 1)
        near = np.abs(y - ty) < tall
        on_right = int(np.sum(near & (x > xi) & (x < xi + span)))
        on_left = int(np.sum(near & (x < xi) & (x > xi - span)))
        right = xi + span <= xmax and (on_right <= on_left or xi - span < 0)
        ax.annotate(str(name), (xi, yi), xytext=(xi + (1.0 if right else -1.0) * 0.025 * xmax,
                                                 ty), ha="left" if right else "right",
                    va="center", fontsize=SLIDE_FONT, fontweight="bold" if f else "normal",
                    color=PALETTE["down"] if f else "#222222", zorder=4)
    ax.set_xlim(0, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_xlabel("Dampak (% dari yang dijelaskan)", fontsize=SLIDE_FONT)
    ax.set_ylabel("Skor nilai (0–100)", fontsize=SLIDE_FONT)
    if title:
        ax.set_title(title, fontsize=SLIDE_FONT + 2, fontweight="bold", loc="left")
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{_num(v, 0)}%"))
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: _num(v, 0)))
    return _finish(ax, grid="both")


def plot_theme_counts(themes: pd.DataFrame, *, width: float = 6.5, height: float = 5.0,
                      ax: Axes | None = None) -> Axes:
    """Comments per theme, the most frequent on top, count and share printed beside each bar.

    Parameters
    ----------
    themes : DataFrame
        ``name``, ``n_comments`` (comments that mention the theme) and ``share`` (% of all
        comments), in the order to draw (top first); only the rows that fit are drawn.
    width, height : float
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> t = pd.DataFrame({"name": ["Beban kerja", "Fasilitas"], "n_comments": [120, 80],
    ...                   "share": [24.0, 16.0]})
    >>> ax = plot_theme_counts(t)
    >>> [t.get_text() for t in ax.texts]
    ['120 (24%)', '80 (16%)']
    """
    labels = [wrap_name(n, 22) for n in themes["name"]]
    k = fit_rows(labels, height=height, reserved=0.6)
    t, labels = themes.head(k).reset_index(drop=True), labels[:k]
    ax = _axes(ax, width, height)
    y = _rows_y(labels)
    n = t["n_comments"].to_numpy(float)
    ax.barh(y, n, height=0.3, color=PALETTE["main"], zorder=2)
    top = float(n.max()) if k else 1.0
    for yi, ni, s in zip(y, n, t["share"].to_numpy(float), strict=True):
        ax.text(ni + 0.02 * top, yi, f"{_num(ni, 0)} ({_num(s, 0)}%)", va="center",
                fontsize=SLIDE_FONT)
    ax.set_yticks(y, labels)
    ax.set_ylim(float(y[-1]) + 0.3 if k else 1, -0.1)
    ax.set_xlim(0, top * 1.4)
    ax.xaxis.set_major_locator(plt.MaxNLocator(4, integer=True))
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: _num(v, 0)))
    ax.set_xlabel("Jumlah komentar", fontsize=SLIDE_FONT)
    return _finish(ax)
