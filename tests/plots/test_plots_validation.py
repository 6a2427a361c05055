"""Validation charts draw what the tables say (positions, lengths, lines), not pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

import akhlak_analysis as ak
from akhlak_analysis import plots
from akhlak_analysis.errors import DataError
from akhlak_analysis.report import validation as vr

INS = ak.load_instrument("berakhlak-2025")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _top_down(ax):
    """y tick labels from the top of the chart down."""
    ticks = zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True)
    return [text for _, text in sorted(ticks, key=lambda t: -t[0])]


def _vlines(ax):
    return sorted(round(float(line.get_xdata()[0]), 6) for line in ax.get_lines()
                  if len(set(np.atleast_1d(line.get_xdata()))) == 1
                  and line.get_color() == plots.PALETTE["reference"]
                  and line.get_linestyle() in ("--", ":"))


def test_answer_distribution_stacks_the_shares():
    d = pd.DataFrame({c: [1.0, 2.0, 2.0, 5.0] for c in INS.item_codes})
    t = vr.answer_distribution(d, INS)
    ax = plots.plot_answer_distribution(t, instrument=INS)
    bars = ax.patches
    assert len(bars) == 5 * 28
    first = [b for b in bars if abs(b.get_y() + b.get_height() / 2 - 27) < 1e-9]  # BP1, on top
    assert [round(b.get_width(), 6) for b in first] == [0.25, 0.5, 0.0, 0.0, 0.25]
    assert [round(b.get_x(), 6) for b in first] == [0.0, 0.25, 0.75, 0.75, 0.75]
    labels = _top_down(ax)
    assert labels[0] == "BP1" and labels[-1] == "KL4" and "KO4 (-)" in labels
    assert ax.get_legend().get_texts()[0].get_text().startswith("1 ")
    with pytest.raises(DataError, match="share_"):
        plots.plot_answer_distribution(t[["item", "reverse"]])


def test_item_total_bars_and_threshold():
    t = pd.DataFrame({"item": ["a1", "a2", "a3"], "r_drop": [0.6, 0.25, 0.45]})
    ax = plots.plot_item_total(t)
    assert [round(p.get_width(), 6) for p in ax.patches] == [0.6, 0.25, 0.45]
    assert _top_down(ax) == ["a1", "a2", "a3"]
    assert _vlines(ax) == [0.3]
    low = ax.patches[1].get_facecolor()
    assert matplotlib.colors.to_hex(low) == plots.PALETTE["reference"]
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "0,5"
    with pytest.raises(DataError, match="r_drop"):
        plots.plot_item_total(t.drop(columns="r_drop"))


def test_reliability_dots_intervals_and_lines():
    t = pd.DataFrame({"factor": ["kompeten", "adaptif"], "alpha": [0.8, 0.65],
                      "alpha_ci_low": [0.78, 0.6], "alpha_ci_high": [0.82, 0.7]})
    ax = plots.plot_reliability(t, instrument=INS)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"][0]
    assert dots.get_xdata().tolist() == [0.8, 0.65]
    assert _top_down(ax) == ["Kompeten", "Adaptif"]
    segs = ax.collections[0].get_segments()
    assert [(s[0][0], s[1][0]) for s in segs] == [(0.78, 0.82), (0.6, 0.7)]
    assert _vlines(ax) == [0.6, 0.7]
    with pytest.raises(DataError, match="alpha_ci_low"):
        plots.plot_reliability(t.drop(columns="alpha_ci_low"))


def test_scree_draws_the_four_eigenvalue_series():
    t = pd.DataFrame({"number": [1, 2, 3], "observed_pc": [5.0, 1.2, 0.5],
                      "simulated_pc": [1.2, 1.1, 1.0], "observed_fa": [4.5, 0.4, 0.1],
                      "simulated_fa": [0.3, 0.2, 0.15]})
    ax = plots.plot_scree(t, lang="en")
    ys = [line.get_ydata().tolist() for line in ax.get_lines()]
    assert ys == [[4.5, 0.4, 0.1], [0.3, 0.2, 0.15], [5.0, 1.2, 0.5], [1.2, 1.1, 1.0]]
    assert ax.get_title() == "Scree plot and parallel analysis"
    with pytest.raises(DataError, match="simulated_fa"):
        plots.plot_scree(t.drop(columns="simulated_fa"))


def test_loadings_sorted_within_value_and_second_order_left_out():
    t = pd.DataFrame({"factor": ["kompeten"] * 3 + ["adaptif"] * 2 + ["berakhlak"] * 2,
                      "item": ["KO1", "KO2", "KO3", "AD1", "AD2", "kompeten", "adaptif"],
                      "std_all": [0.6, 0.8, 0.45, 0.7, 0.75, 0.9, 0.85]})
    ax = plots.plot_loadings(t, instrument=INS)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert dots[0].get_xdata().tolist() == [0.8, 0.6, 0.45, 0.75, 0.7]
    assert dots[1].get_xdata().tolist() == [0.45]          # below .50: drawn in red
    assert dots[1].get_color() == plots.PALETTE["reference"]
    assert _top_down(ax) == ["KO2", "KO1", "KO3", "AD2", "AD1"]
    assert {x.get_text() for x in ax.texts} >= {"Kompeten", "Adaptif"}
    assert _vlines(ax) == [0.5, 0.7]


def test_htmt_annotates_lower_triangle_and_frames_high_cells():
    names = ["kompeten", "adaptif", "loyal"]
    m = pd.DataFrame([[1, 0.9, 0.5], [0.9, 1, 0.7], [0.5, 0.7, 1]], index=names, columns=names)
    ax = plots.plot_htmt(m, instrument=INS)
    cells = sorted(t.get_text() for t in ax.texts)
    assert cells == ["0,50", "0,70", "0,90"]
    frames = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(frames) == 1 and frames[0].get_xy() == (-0.5, 0.5)   # row adaptif, col kompeten
    assert [x.get_text() for x in ax.get_yticklabels()] == ["Kompeten", "Adaptif", "Loyal"]
    with pytest.raises(DataError, match="square"):
        plots.plot_htmt(m.iloc[:2])
