"""Year-over-year change charts (notebook 02): headline, values, OPDs, transitions, action plans.

Suppressed units are never drawn with values: they are listed by name in a caption.
Significant changes are filled markers, non-significant ones hollow.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ..defaults import CONFIDENCE, TARGET
from ..instrument import Instrument, load_instrument
from ..labels import format_number, label
from .theme import (
    MAX_CHART_ROWS,
    PALETTE,
    mark_left_out,
    new_axes,
    number_axis,
    top_and_bottom,
)

__all__ = ["LIGHT_COLOURS", "plot_action_plans", "plot_category_transitions", "plot_headline",
           "plot_plan_vs_change", "plot_unit_changes", "plot_value_changes"]

#: traffic-light colours of the action-plan charts
LIGHT_COLOURS = {"merah": "#d73027", "kuning": "#f2c500", "hijau": "#1a9850"}
_LIGHT_EN = {"merah": "Red", "kuning": "Yellow", "hijau": "Green"}


def _years(table: pd.DataFrame) -> tuple[int, int]:
    ys = sorted(int(c.rsplit("_", 1)[1]) for c in table.columns
                if c.startswith("culture_index_") and c.rsplit("_", 1)[1].isdigit())
    if len(ys) < 2:
        raise ValueError("the table needs culture_index_<year> columns of two years")
    return ys[0], ys[-1]


def _t(lang: str, id_text: str, en_text: str) -> str:
    return en_text if lang == "en" else id_text


def _short(text: str, width: int = 42) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


def _caption(ax: Axes, text: str) -> None:
    ax.text(0, -0.08, "\n".join(textwrap.wrap(text, 130)), transform=ax.transAxes, ha="left",
            va="top", fontsize=8, color="#555555")


def plot_headline(headline: pd.DataFrame, *, change: pd.DataFrame | None = None,
                  target: tuple[float, float] = TARGET, ax: Axes | None = None,
                  lang: str = "id", confidence: float = CONFIDENCE) -> Axes:
    """The province index per year with its interval and the target band shaded.

    Parameters
    ----------
    headline : DataFrame
        From :func:`akhlak_analysis.stats.targets.headline_by_year` (``year``, ``culture_index``,
        ``ci_low``, ``ci_high``).
    change : DataFrame, optional
        From :func:`akhlak_analysis.stats.change.compare_province`: the change on the common items
        is written under the title.
    target : (float, float)

    Returns
    -------
    Axes
    """
    ax = new_axes(ax, 4.5, 7)
    h = headline.sort_values("year")
    x = np.arange(len(h))
    y = h["culture_index"].to_numpy(float)
    err = np.vstack([y - h["ci_low"].to_numpy(float), h["ci_high"].to_numpy(float) - y])
    ax.axhspan(target[0], target[1], color=PALETTE["up"], alpha=0.12, zorder=0)
    band = f"{format_number(target[0], 0, lang)}-{format_number(target[1], 0, lang)}"
    ax.text(len(h) - 0.55, target[0] + 0.3, f"Target {band}", ha="right", va="bottom",
            fontsize=9, color=PALETTE["up"])
    ax.errorbar(x, y, yerr=err, fmt="o", color=PALETTE["main"], capsize=6, markersize=8,
                linewidth=1.5)
    ax.plot(x, y, color=PALETTE["main"], linewidth=1, alpha=0.5)
    for xi, yi in zip(x, y, strict=True):
        ax.annotate(format_number(yi, 1, lang), (xi, yi), xytext=(12, 0),
                    textcoords="offset points", va="center", fontsize=10, fontweight="bold")
    ax.set_xticks(x, [str(v) for v in h["year"]])
    ax.set_xlim(-0.5, len(h) - 0.5)
    low = min(float(h["ci_low"].min()), target[0]) - 3
    ax.set_ylim(low, max(float(h["ci_high"].max()), target[1]) + 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    number_axis(ax, "y", lang)
    ax.set_ylabel(label("culture_index", lang))
    ax.set_xlabel("")
    pct = round(confidence * 100)
    title = _t(lang, f"Indeks Budaya Kerja provinsi (IK {pct}%)",
               f"Province work-culture index ({pct}% CI)")
    if change is not None:
        c = change.iloc[0]
        sign = "+" if c["change"] > 0 else ""
        title += "\n" + _t(lang, "Perubahan pada {k} butir yang sama: ", "Change on the {k} "
                           "common items: ").format(k=int(c["n_items_compared"])) + (
            f"{sign}{format_number(c['change'], 1, lang)} "
            f"({format_number(c['ci_low'], 1, lang)} {_t(lang, 's.d.', 'to')} "
            f"{format_number(c['ci_high'], 1, lang)})")
    ax.set_title(title, fontsize=11)
    return ax


def _marker(ax: Axes, x, y, significant, colour) -> None:
    sig = np.asarray(significant, bool)
    ax.scatter(np.asarray(x)[sig], np.asarray(y)[sig], s=55, color=colour, zorder=3,
               label="_sig")
    ax.scatter(np.asarray(x)[~sig], np.asarray(y)[~sig], s=55, facecolors="white",
               edgecolors=colour, linewidths=1.5, zorder=3, label="_ns")


def plot_value_changes(values: pd.DataFrame, *, instrument: str | Instrument,
                       ax: Axes | None = None, lang: str = "id", confidence: float = CONFIDENCE) -> Axes:
    """Change of each value score with its interval (dot + CI), sorted by change.

    Parameters
    ----------
    values : DataFrame
        From :func:`akhlak_analysis.stats.change.compare_values` (``by="province"``).
    instrument : str or Instrument
        Value names.

    Returns
    -------
    Axes
        Filled dots: significant after correction; hollow: not significant.
    """
    ins = load_instrument(instrument)
    v = values.sort_values("change").reset_index(drop=True)
    ax = new_axes(ax, 0.45 * len(v) + 1.6)
    y = np.arange(len(v))
    ax.hlines(y, v["ci_low"], v["ci_high"], color=PALETTE["secondary"], linewidth=2.5)
    _marker(ax, v["change"], y, v["significant"], PALETTE["main"])
    ax.axvline(0, color=PALETTE["reference"], linestyle="--", linewidth=1)
    ax.set_yticks(y, [ins.value_name(str(c), lang) for c in v["value"]])
    number_axis(ax, "x", lang, decimals=1)
    y1, y2 = _years(values)
    pct = round(confidence * 100)
    ax.set_xlabel(_t(lang, f"Perubahan {y1} → {y2} (poin indeks, IK {pct}%)",
                     f"Change {y1} → {y2} (index points, {pct}% CI)"))
    ax.set_title(_t(lang, "Perubahan per nilai (titik penuh = bermakna)",
                    "Change per value (filled = significant)"))
    return ax


def plot_unit_changes(table: pd.DataFrame, *, ax: Axes | None = None, lang: str = "id",
                      max_units: int | None = MAX_CHART_ROWS) -> Axes:
    """Dumbbell chart of the index per unit in both years, sorted by change.

    Parameters
    ----------
    table : DataFrame
        From :func:`akhlak_analysis.stats.change.compare_years`. Only compared units are drawn;
        suppressed units and units present in one year only are listed in a caption by name.
    max_units : int, optional
        With more compared units than this, only the largest falls and rises
        (``max_units // 2`` each) are drawn, with a line saying how many are left out
        (default ``MAX_CHART_ROWS``; None draws every unit).

    Returns
    -------
    Axes
        Grey dot: earlier year; coloured dot: later year (green up, red down, grey not
        significant); filled = significant after correction, hollow = not.
    """
    y1, y2 = _years(table)
    shown = table[table["compared"].astype(bool)].sort_values("change").reset_index(drop=True)
    shown, y, left_out = top_and_bottom(shown, max_units)
    ax = new_axes(ax, 0.26 * (len(shown) + bool(left_out)) + 1.8, 10)
    a = shown[f"culture_index_{y1}"].to_numpy(float)
    b = shown[f"culture_index_{y2}"].to_numpy(float)
    colour = np.where(~shown["significant"].astype(bool), PALETTE["muted"],
                      np.where(shown["change"] > 0, PALETTE["up"], PALETTE["down"]))
    ax.hlines(y, np.minimum(a, b), np.maximum(a, b), colors=colour, linewidth=2, alpha=0.7)
    ax.scatter(a, y, s=30, color="#bbbbbb", zorder=3, label=str(y1))
    sig = shown["significant"].astype(bool).to_numpy()
    ax.scatter(b[sig], y[sig], s=45, color=colour[sig], zorder=4, label=f"{y2}")
    ax.scatter(b[~sig], y[~sig], s=45, facecolors="white", edgecolors=colour[~sig],
               linewidths=1.4, zorder=4, label="_ns")
    ax.set_yticks(y, [_short(n) for n in shown["name"]])
    ax.tick_params(axis="y", labelsize=8)
    mark_left_out(ax, y, left_out, lang)
    number_axis(ax, "x", lang)
    ax.set_xlabel(label("culture_index", lang))
    handles = [Line2D([], [], marker="o", linestyle="", color="#bbbbbb", label=str(y1)),
               Line2D([], [], marker="o", linestyle="", color=PALETTE["up"],
                      label=_t(lang, f"{y2}, naik bermakna", f"{y2}, significant rise")),
               Line2D([], [], marker="o", linestyle="", color=PALETTE["down"],
                      label=_t(lang, f"{y2}, turun bermakna", f"{y2}, significant fall")),
               Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                      markeredgecolor=PALETTE["muted"],
                      label=_t(lang, f"{y2}, tidak bermakna", f"{y2}, not significant"))]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    ax.set_title(_t(lang, f"Perubahan indeks per OPD {y1} → {y2} (urut menurut perubahan)",
                    f"Index change per agency {y1} → {y2} (sorted by change)"))
    hidden = table[~table["compared"].astype(bool)]
    if len(hidden):
        sup = hidden[hidden["suppressed"].astype(bool)]["name"].tolist()
        other = hidden[~hidden["suppressed"].astype(bool)]["name"].tolist()
        parts = [_t(lang, "Titik penuh = berubah bermakna (setelah koreksi); titik kosong = "
                    "tidak bermakna.", "Filled = significant change (after correction); "
                    "hollow = not significant.")]
        if sup:
            parts.append(_t(lang, "Tidak ditampilkan (responden di bawah batas minimum): ",
                            "Not shown (respondents below the minimum): ") + ", ".join(sup) + ".")
        if other:
            parts.append(_t(lang, "Hanya ada di satu tahun: ", "In one year only: ")
                         + ", ".join(other) + ".")
        _caption(ax, " ".join(parts))
    return ax


def plot_category_transitions(matrix: pd.DataFrame, *, ax: Axes | None = None,
                              lang: str = "id") -> Axes:
    """Heatmap of the category transition matrix (number of units).

    Parameters
    ----------
    matrix : DataFrame
        From :func:`akhlak_analysis.stats.targets.category_transitions`.

    Returns
    -------
    Axes
    """
    ax = new_axes(ax, 4.2, 6.5)
    m = matrix.to_numpy(float)
    ax.imshow(m, cmap="Blues", vmin=0, vmax=max(m.max(), 1), aspect="auto")
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            ax.text(j, i, format_number(m[i, j], 0, lang), ha="center", va="center",
                    color="white" if m[i, j] > m.max() / 2 else "black", fontsize=11)
    ax.set_xticks(range(m.shape[1]), [textwrap.fill(str(c), 12) for c in matrix.columns])
    ax.set_yticks(range(m.shape[0]), [str(c) for c in matrix.index])
    ax.grid(False)
    y1 = str(matrix.index.name or "").rsplit("_", 1)[-1]
    y2 = str(matrix.columns.name or "").rsplit("_", 1)[-1]
    ax.set_ylabel(_t(lang, f"Kategori {y1}", f"Category {y1}"))
    ax.set_xlabel(_t(lang, f"Kategori {y2}", f"Category {y2}"))
    ax.set_title(_t(lang, "Perpindahan kategori OPD", "Agency category transitions"))
    return ax


def plot_action_plans(summary: pd.DataFrame, *, ax: Axes | None = None,
                      lang: str = "id", max_units: int | None = MAX_CHART_ROWS) -> Axes:
    """Stacked bars per OPD: number of actions per traffic light (red first).

    Parameters
    ----------
    summary : DataFrame
        From :func:`akhlak_analysis.stats.action_plans.action_plan_summary`.
    max_units : int, optional
        With more OPDs than this, only the ``max_units // 2`` with the most and with the
        fewest red actions are drawn, with a line saying how many are left out (default
        ``MAX_CHART_ROWS``; None draws every OPD).

    Returns
    -------
    Axes
    """
    s = summary.sort_values(["merah", "kuning", "unit"], ascending=[True, True, False],
                            kind="stable").reset_index(drop=True)
    s, y, left_out = top_and_bottom(s, max_units)
    ax = new_axes(ax, 0.24 * (len(s) + bool(left_out)) + 1.6)
    left = np.zeros(len(s))
    for light in ("merah", "kuning", "hijau"):
        w = s[light].to_numpy(float)
        ax.barh(y, w, left=left, color=LIGHT_COLOURS[light], height=0.7,
                label=_LIGHT_EN[light] if lang == "en" else light.capitalize())
        left += w
    ax.set_yticks(y, [_short(n, 38) for n in s["name"]])
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylim(-0.6, len(s) + bool(left_out) - 0.4)
    mark_left_out(ax, y, left_out, lang)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    number_axis(ax, "x", lang)
    ax.set_xlabel(label("n_actions", lang))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=9, frameon=False)
    ax.set_title(_t(lang, "Tindak lanjut rencana aksi per OPD", "Action-plan follow-up per agency"),
                 pad=26)
    return ax


def plot_plan_vs_change(relation, *, ax: Axes | None = None, lang: str = "id") -> Axes:
    """Scatter of action-plan completion against the index change, correlation in the title.

    Parameters
    ----------
    relation : PlanChangeRelation
        From :func:`akhlak_analysis.stats.action_plans.action_plan_vs_change`.

    Returns
    -------
    Axes
    """
    ax = new_axes(ax, 5, 7.5)
    p = relation.pairs
    ax.scatter(p["completion"], p["change"], s=35, color=PALETTE["main"], alpha=0.8)
    ax.axhline(0, color=PALETTE["reference"], linestyle="--", linewidth=1)
    number_axis(ax, "x", lang)
    number_axis(ax, "y", lang)
    ax.set_xlabel(label("completion", lang))
    ax.set_ylabel(_t(lang, "Perubahan indeks (poin)", "Index change (points)"))
    r = relation.correlations.iloc[0]
    ax.set_title(_t(lang, "Observasional, bukan sebab-akibat: ", "Observational, not causal: ")
                 + f"r = {format_number(r['r'], 2, lang)} "
                 f"(IK {round(getattr(relation, 'confidence', CONFIDENCE) * 100)}% "
                 f"{format_number(r['ci_low'], 2, lang)} {_t(lang, 's.d.', 'to')} "
                 f"{format_number(r['ci_high'], 2, lang)}; n = {int(r['n'])})", fontsize=11)
    return ax
