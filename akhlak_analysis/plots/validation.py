"""Instrument-validation charts (notebook 01): answers, item-total, reliability, structure.

Every function takes the table its statistic returns (see :mod:`akhlak_analysis.stats.psychometrics`
and :mod:`akhlak_analysis.report.validation`), draws the reference lines of
:data:`~akhlak_analysis.stats.psychometrics.CRITERIA` and returns the Axes.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle

from ..errors import DataError
from ..instrument import Instrument
from ..labels import format_number, label
from ..stats.psychometrics import CRITERIA
from .theme import PALETTE, new_axes, number_axis, percent_axis

__all__ = ["plot_answer_distribution", "plot_htmt", "plot_item_total", "plot_loadings",
           "plot_reliability", "plot_scree"]


def _need(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise DataError(f"{what}: expected a DataFrame, got {type(table).__name__}")
    absent = [c for c in columns if c not in table.columns]
    if absent:
        raise DataError(f"{what}: column(s) {absent} missing; got {list(table.columns)}")


def _value_name(code: str, instrument: Instrument | None, lang: str) -> str:
    if instrument is not None and code in instrument.value_codes:
        return instrument.value_name(code, lang)
    return str(code)


def _reference(ax: Axes, x: float, *, style: str = "--", vertical: bool = True,
               text: str | None = None, lang: str = "id") -> None:
    line = ax.axvline if vertical else ax.axhline
    line(x, color=PALETTE["reference"], linestyle=style, linewidth=1, zorder=1)
    if text is None:
        text = format_number(x, 2, lang)
    if vertical:
        ax.annotate(text, (x, 0.0), xycoords=("data", "axes fraction"), xytext=(3, 3),
                    textcoords="offset points", fontsize=8, color=PALETTE["reference"],
                    va="bottom")


def plot_answer_distribution(table: pd.DataFrame, *, instrument: Instrument | None = None,
                             ax: Axes | None = None, lang: str = "id") -> Axes:
    """Stacked horizontal bars: share of each answer (1-5) per item, first item on top.

    Parameters
    ----------
    table : DataFrame
        From :func:`akhlak_analysis.report.validation.answer_distribution` (``item``,
        ``reverse``, ``share_<code>``).
    instrument : Instrument, optional
        Answer labels for the legend (else the codes).

    Returns
    -------
    Axes
    """
    shares = [c for c in table.columns if str(c).startswith("share_")]
    _need(table, ["item", "reverse"], "plot_answer_distribution")
    if not shares:
        raise DataError("plot_answer_distribution: no share_<code> columns")
    ax = new_axes(ax, max(4, 0.28 * len(table) + 1.5))
    names = [f"{it} (-)" if rev else str(it) for it, rev in zip(table["item"], table["reverse"],
                                                              strict=True)]
    y = np.arange(len(table))[::-1]
    colours = mpl.colormaps["RdYlBu"](np.linspace(0.1, 0.9, len(shares)))
    scale = None
    if instrument is not None:
        scale = instrument.scale.labels.get(instrument.scale.type)
    left = np.zeros(len(table))
    for col, colour in zip(shares, colours, strict=True):
        code = int(str(col).removeprefix("share_"))
        width = table[col].fillna(0).to_numpy(dtype=float)
        text = f"{code} {scale[code]}" if scale and code in scale else str(code)
        ax.barh(y, width, left=left, color=colour, label=text, height=0.8)
        left += width
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    percent_axis(ax, "x", lang)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=len(shares), loc="upper center", bbox_to_anchor=(0.5, -0.06 - 0.5 /
              max(4, 0.28 * len(table) + 1.5)), fontsize=8, frameon=False)
    ax.set_title("Sebaran jawaban per butir ((-) = pernyataan negatif, sebelum dibalik)"
                 if lang == "id" else "Answers per item ((-) = negatively worded, as answered)")
    return ax


def plot_item_total(table: pd.DataFrame, *, threshold: float = CRITERIA["r_drop"],
                    ax: Axes | None = None, lang: str = "id") -> Axes:
    """Corrected item-total correlation per item (bars), with the threshold line (.30).

    Parameters
    ----------
    table : DataFrame
        From :func:`akhlak_analysis.stats.psychometrics.item_analysis` (``item``, ``r_drop``) or
        :func:`akhlak_analysis.report.validation.item_summary`.
    threshold : float
        Reference line; bars below it are drawn in the reference colour.

    Returns
    -------
    Axes
    """
    _need(table, ["item", "r_drop"], "plot_item_total")
    ax = new_axes(ax, max(4, 0.25 * len(table) + 1))
    y = np.arange(len(table))[::-1]
    r = table["r_drop"].to_numpy(dtype=float)
    ax.barh(y, r, color=np.where(r < threshold, PALETTE["reference"], PALETTE["main"]),
            height=0.7)
    ax.set_yticks(y, table["item"].astype(str).tolist())
    _reference(ax, threshold, lang=lang)
    ax.set_xlim(0, max(1.0, float(np.nanmax(r)) + 0.05) if len(r) else 1.0)
    number_axis(ax, "x", lang, decimals=1)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel(label("r_drop", lang))
    ax.set_title("Korelasi butir-total terkoreksi" if lang == "id"
                 else "Corrected item-total correlation")
    return ax


def plot_reliability(table: pd.DataFrame, *, lines: Sequence[float] = (CRITERIA["alpha_local"],
                                                                        CRITERIA["alpha"]),
                     instrument: Instrument | None = None, ax: Axes | None = None,
                     lang: str = "id") -> Axes:
    """Cronbach's alpha per value (dot) with its Feldt interval (line), and the cut-off lines.

    Parameters
    ----------
    table : DataFrame
        From :func:`akhlak_analysis.stats.psychometrics.reliability` (``factor``) or
        :func:`akhlak_analysis.report.validation.value_summary` (``value``); ``alpha``,
        ``alpha_ci_low``, ``alpha_ci_high``.
    lines : sequence of float
        Cut-offs drawn as vertical lines (.60 local, .70 international).
    instrument : Instrument, optional
        Value names for the labels.

    Returns
    -------
    Axes
    """
    key = "value" if "value" in table.columns else "factor"
    _need(table, [key, "alpha", "alpha_ci_low", "alpha_ci_high"], "plot_reliability")
    ax = new_axes(ax, max(3, 0.45 * len(table) + 1))
    y = np.arange(len(table))[::-1]
    a = table["alpha"].to_numpy(dtype=float)
    ax.hlines(y, table["alpha_ci_low"], table["alpha_ci_high"], color=PALETTE["secondary"],
              linewidth=3)
    ax.plot(a, y, "o", color=PALETTE["main"], markersize=7, zorder=3)
    ax.set_yticks(y, [_value_name(c, instrument, lang) for c in table[key]])
    for i, x in enumerate(sorted(lines)):
        _reference(ax, x, style=":" if i == 0 else "--", lang=lang)
    low = min([*lines, float(np.nanmin(table["alpha_ci_low"]))]) if len(table) else 0.5
    ax.set_xlim(max(0.0, low - 0.05), 1.0)
    number_axis(ax, "x", lang, decimals=2)
    ax.set_xlabel("Alpha Cronbach (interval 95% Feldt)" if lang == "id"
                  else "Cronbach's alpha (95% Feldt interval)")
    ax.set_title("Reliabilitas per nilai" if lang == "id" else "Reliability per value")
    return ax


def plot_scree(table: pd.DataFrame, *, ax: Axes | None = None, lang: str = "id",
               max_number: int | None = 12) -> Axes:
    """Scree plot with parallel analysis: observed against simulated eigenvalues (FA and PC).

    Parameters
    ----------
    table : DataFrame
        ``ParallelAnalysisResult.eigenvalues`` (``number``, ``observed_pc``, ``simulated_pc``,
        ``observed_fa``, ``simulated_fa``).
    max_number : int, optional
        Show only the first eigenvalues (the rest hug zero).

    Returns
    -------
    Axes
    """
    _need(table, ["number", "observed_pc", "simulated_pc", "observed_fa", "simulated_fa"],
          "plot_scree")
    t = table if max_number is None else table[table["number"] <= max_number]
    ax = new_axes(ax, 4.5)
    en = lang == "en"
    ax.plot(t["number"], t["observed_fa"], "o-", color=PALETTE["main"],
            label="Faktor (FA), data" if not en else "Factors (FA), data")
    ax.plot(t["number"], t["simulated_fa"], "--", color=PALETTE["main"],
            label="Faktor (FA), acak 95%" if not en else "Factors (FA), random 95%")
    ax.plot(t["number"], t["observed_pc"], "s-", color=PALETTE["secondary"],
            label="Komponen (PC), data" if not en else "Components (PC), data")
    ax.plot(t["number"], t["simulated_pc"], ":", color=PALETTE["secondary"],
            label="Komponen (PC), acak 95%" if not en else "Components (PC), random 95%")
    ax.set_yscale("symlog", linthresh=1.0)
    ax.set_xticks(t["number"].tolist())
    number_axis(ax, "y", lang, decimals=1)
    ax.set_xlabel("Urutan faktor" if not en else "Factor number")
    ax.set_ylabel("Nilai eigen" if not en else "Eigenvalue")
    ax.legend(fontsize=8)
    ax.set_title("Scree plot dan analisis paralel" if not en
                 else "Scree plot and parallel analysis")
    return ax


def plot_loadings(table: pd.DataFrame, *, lines: Sequence[float] = (CRITERIA["loading"], 0.70),
                  instrument: Instrument | None = None, ax: Axes | None = None,
                  lang: str = "id") -> Axes:
    """Standardized CFA loadings per item (dots), grouped by value and sorted within it.

    Parameters
    ----------
    table : DataFrame
        ``CFAResult.loadings`` (``factor``, ``item``, ``std_all``); loadings of a higher-order
        factor (rows whose ``item`` is a factor) are left out.
    lines : sequence of float
        Reference lines (.50 minimum, .70 good).
    instrument : Instrument, optional
        Value names for the group labels.

    Returns
    -------
    Axes
    """
    _need(table, ["factor", "item", "std_all"], "plot_loadings")
    first = table[~table["item"].isin(set(table["factor"]))]
    order = list(dict.fromkeys(first["factor"]))
    parts = [first[first["factor"] == f].sort_values("std_all", ascending=False, kind="stable")
             for f in order]
    t = pd.concat(parts, ignore_index=True) if parts else first
    ax = new_axes(ax, max(4, 0.25 * len(t) + 1))
    y = np.arange(len(t))[::-1]
    x = t["std_all"].to_numpy(dtype=float)
    ax.hlines(y, 0, x, color=PALETTE["secondary"], linewidth=1)
    ax.plot(x, y, "o", color=PALETTE["main"], zorder=3)
    low = x < min(lines) if len(lines) else np.zeros(len(x), dtype=bool)
    ax.plot(x[low], y[low], "o", color=PALETTE["reference"], zorder=4)
    ax.set_yticks(y, t["item"].astype(str).tolist())
    ax.tick_params(axis="y", labelsize=8)
    for i, v in enumerate(sorted(lines)):
        _reference(ax, v, style="--" if i == 0 else ":", lang=lang)
    ax.set_xlim(0, 1)
    number_axis(ax, "x", lang, decimals=1)
    # value labels at the right, one per group, and separators between groups
    start = 0
    for f, part in zip(order, parts, strict=True):
        top, bottom = y[start], y[start + len(part) - 1]
        ax.text(1.01, (top + bottom) / 2, _value_name(f, instrument, lang), va="center",
                fontsize=8, transform=ax.get_yaxis_transform())
        if start:
            ax.axhline(top + 0.5, color=PALETTE["muted"], linewidth=0.5)
        start += len(part)
    ax.set_xlabel("Muatan faktor baku (CFA)" if lang == "id" else "Standardized loading (CFA)")
    ax.set_title("Muatan faktor per butir" if lang == "id" else "Loadings per item")
    return ax


def plot_htmt(matrix: pd.DataFrame, *, threshold: float = CRITERIA["htmt"],
              instrument: Instrument | None = None, ax: Axes | None = None,
              lang: str = "id") -> Axes:
    """HTMT heatmap (lower triangle) with the cells at or above the threshold outlined.

    Parameters
    ----------
    matrix : DataFrame
        Square, from :func:`akhlak_analysis.stats.psychometrics.htmt`.
    threshold : float
        Cells at or above it get a red frame (.85).
    instrument : Instrument, optional
        Value names for the labels.

    Returns
    -------
    Axes
    """
    if not isinstance(matrix, pd.DataFrame) or list(matrix.index) != list(matrix.columns):
        raise DataError("plot_htmt: expected a square DataFrame with the same index and columns")
    k = len(matrix)
    ax = new_axes(ax, 0.6 * k + 2, width=0.75 * k + 4)
    m = matrix.to_numpy(dtype=float)
    shown = np.where(np.tril(np.ones((k, k), dtype=bool), -1), m, np.nan)
    img = ax.imshow(shown, cmap="Blues", vmin=0, vmax=1)
    for i in range(k):
        for j in range(i):
            v = m[i, j]
            ax.text(j, i, format_number(v, 2, lang), ha="center", va="center", fontsize=9,
                    color="white" if v > 0.6 else "black")
            if v >= threshold:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False,
                                       edgecolor=PALETTE["reference"], linewidth=2))
    names = [_value_name(c, instrument, lang) for c in matrix.index]
    ax.set_xticks(range(k), names, rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(k), names, fontsize=8)
    ax.grid(False)
    bar = ax.figure.colorbar(img, ax=ax, fraction=0.04)
    bar.formatter = mpl.ticker.FuncFormatter(lambda v, _p: format_number(v, 1, lang))
    bar.update_ticks()
    thr = format_number(threshold, 2, lang)
    ax.legend(handles=[Patch(fill=False, edgecolor=PALETTE["reference"], linewidth=2,
                             label=f"HTMT ≥ {thr}")], loc="upper right", fontsize=8,
              frameon=False)
    ax.set_title("HTMT antarnilai (validitas diskriminan)" if lang == "id"
                 else "HTMT between values (discriminant validity)")
    return ax
