"""Drill-down charts: OPD x item heatmap, index per demographic group."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..instrument import Instrument, load_instrument
from ..labels import format_number, label
from ..stats.scoring import DOMAINS
from .theme import (
    MAX_CHART_ROWS,
    PALETTE,
    mark_left_out,
    new_axes,
    number_axis,
    top_and_bottom,
)

__all__ = ["plot_group_index", "plot_item_heatmap"]


def plot_item_heatmap(items: pd.DataFrame, *, instrument: str | Instrument,
                      order: list | None = None, ax: Axes | None = None,
                      lang: str = "id", max_units: int | None = MAX_CHART_ROWS) -> Axes:
    """OPD x item heatmap of the gap to the province (points), published OPDs only.

    Parameters
    ----------
    items : DataFrame
        From :func:`akhlak_analysis.report.drilldown.opd_items` after protection (``unit``,
        ``name``, ``item``, ``gap``, ``suppressed``).
    instrument : str or Instrument
        Item order.
    order : list, optional
        OPD codes from top to bottom; default alphabetical.
    max_units : int, optional
        With more OPDs than this, only ``max_units // 2`` at each end are drawn, with a line
        saying how many are left out; without ``order`` the ends are the OPDs furthest below
        and above the province on average over the items (default ``MAX_CHART_ROWS``; None
        draws every OPD).

    Returns
    -------
    Axes
        One row per drawn OPD, one column per item; colour = score - province score
        (red below, blue above, symmetric scale), text = the gap with one decimal.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> t = pd.DataFrame({"unit": ["A", "A"], "name": ["Dinas A"] * 2, "item": ["BP1", "BP2"],
    ...                   "gap": [-2.0, 1.5], "suppressed": False})
    >>> ax = plot_item_heatmap(t, instrument="berakhlak-2025")
    >>> [x.get_text() for x in ax.texts]
    ['-2,0', '1,5']
    """
    ins = load_instrument(instrument)
    shown = items[~items["suppressed"].astype(bool)]
    codes = [c for c in ins.item_codes if c in set(shown["item"])]
    wide = shown.pivot_table(index="unit", columns="item", values="gap", aggfunc="first")
    wide = wide.reindex(columns=codes)
    rows = [u for u in (order or sorted(wide.index)) if u in wide.index]
    wide = wide.reindex(rows)
    if order is None and max_units is not None and len(rows) > max_units:
        wide = wide.iloc[np.argsort(wide.mean(axis=1).to_numpy(), kind="stable")]
    wide, y, left_out = top_and_bottom(wide, max_units)
    label = shown.drop_duplicates("unit").set_index("unit")["name"].reindex(wide.index)
    data = np.full((len(wide) + bool(left_out), len(codes)), np.nan)
    data[y] = wide.to_numpy(dtype=float)  # the row left out stays blank
    lim = float(np.nanmax(np.abs(data))) if np.isfinite(data).any() else 1.0
    ax = new_axes(ax, max(4.0, 0.26 * len(data) + 2), width=12)
    ax.imshow(data, cmap="RdBu", vmin=-lim, vmax=lim, aspect="auto", interpolation="nearest")
    for i in y:
        for j in range(data.shape[1]):
            if np.isfinite(data[i, j]):
                dark = abs(data[i, j]) > 0.6 * lim  # white text on the darkest cells
                ax.text(j, i, format_number(data[i, j], 1, lang), ha="center", va="center",
                        fontsize=5.5, color="white" if dark else "#222222")
    ax.set_xticks(np.arange(len(codes)), codes, rotation=90, fontsize=7)
    ax.set_yticks(y, [str(x)[:40] for x in label], fontsize=7)
    mark_left_out(ax, y, left_out, lang)
    ax.grid(False)
    ax.set_title("Selisih skor butir OPD terhadap provinsi (poin)" if lang != "en" else
                 "Item score minus province (points)")
    return ax


def plot_group_index(groups: pd.DataFrame, *, reference: float | None = None,
                     ax: Axes | None = None, lang: str = "id") -> Axes:
    """Index per demographic group with its interval (one block per breakdown).

    Parameters
    ----------
    groups : DataFrame
        Published group table of one unit (``by``, ``group``, ``culture_index``, ``ci_low``,
        ``ci_high``, ``suppressed``).
    reference : float, optional
        The unit's index, drawn as a dashed line.

    Returns
    -------
    Axes
        One point per shown group (interval as a line); hidden groups are not drawn.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> g = pd.DataFrame({"by": "gender", "group": ["L", "P"], "culture_index": [78.0, 80.0],
    ...                   "ci_low": [77.0, 79.0], "ci_high": [79.0, 81.0], "suppressed": False})
    >>> ax = plot_group_index(g)
    >>> [float(x) for x in ax.collections[1].get_offsets()[:, 0]]
    [78.0, 80.0]
    """
    shown = groups[~groups["suppressed"].astype(bool)].reset_index(drop=True)
    order = ([b for b in DOMAINS if b in set(shown["by"])]
             + sorted(set(shown["by"]) - set(DOMAINS)))
    shown = shown.assign(_o=shown["by"].map({b: i for i, b in enumerate(order)}))
    shown = shown.sort_values(["_o", "group"], kind="stable").reset_index(drop=True)
    ax = new_axes(ax, max(3.0, 0.3 * len(shown) + 1.5))
    y = np.arange(len(shown))[::-1]
    ax.hlines(y, shown["ci_low"], shown["ci_high"], color=PALETTE["secondary"], lw=2)
    ax.scatter(shown["culture_index"], y, color=PALETTE["main"], zorder=3)
    if reference is not None:
        ax.axvline(reference, color=PALETTE["reference"], ls="--", lw=1)
    ax.set_yticks(y, [f"{label(b)}: {g}" for b, g in zip(shown["by"], shown["group"],
                                                               strict=True)], fontsize=8)
    number_axis(ax, "x", lang)
    ax.set_xlabel("Indeks Budaya Kerja" if lang != "en" else "Culture index")
    ax.set_title("Indeks per kelompok pegawai" if lang != "en" else "Index per group")
    return ax
