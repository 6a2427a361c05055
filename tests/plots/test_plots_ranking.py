"""Ranking charts draw what the tables say (positions, intervals, colours), not pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import akhlak_analysis as ak
from akhlak_analysis import plots

INS = ak.load_instrument("berakhlak-2025")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture
def ranked():
    """A hand-made rank_units table: three ranked units and one suppressed (n = 6)."""
    return pd.DataFrame({
        "unit": ["A", "B", "C", "S"], "name": ["Dinas A", "Badan B", "Biro C", "Biro Kecil"],
        "n": [200, 15, 90, 6], "culture_index": [84.0, 79.0, 70.0, 99.3],
        "eb_index": [83.8, 77.5, 70.3, 91.1], "eb_ci_low": [82.0, 72.0, 67.0, 80.0],
        "eb_ci_high": [85.6, 83.0, 73.6, 99.0], "reliability": [0.99, 0.7, 0.95, 0.5],
        "rank": pd.array([1, 2, 3, None], dtype="Int64"),
        "rank_low": pd.array([1, 1, 2, None], dtype="Int64"),
        "rank_high": pd.array([1, 3, 3, None], dtype="Int64"),
        "p_top": [0.9, 0.1, 0.0, np.nan], "p_bottom": [0.0, 0.1, 0.9, np.nan],
        "category": ["Sehat", "Sehat", "Cukup Sehat", "Sehat"],
        "suppressed": [False, False, False, True]})


def _ytick_texts(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def test_caterpillar_draws_eb_points_and_intervals_in_rank_order(ranked):
    ax = plots.plot_caterpillar(ranked, instrument=INS, reference=76.0)
    assert _ytick_texts(ax) == ["Dinas A", "Badan B", "Biro C"]
    segments = ax.collections[0].get_segments()
    assert [(s[0][0], s[1][0], s[0][1]) for s in segments] == [
        (82.0, 85.6, 0.0), (72.0, 83.0, 1.0), (67.0, 73.6, 2.0)]
    raw, eb = ax.collections[1], ax.collections[2]
    assert raw.get_offsets()[:, 0].tolist() == [84.0, 79.0, 70.0]
    assert eb.get_offsets()[:, 0].tolist() == [83.8, 77.5, 70.3]
    colours = [to_hex(c) for c in eb.get_facecolors()]
    bands = plots.category_colours(INS)
    assert colours == [bands["Sehat"], bands["Sehat"], bands["Cukup Sehat"]]
    assert ax.xaxis.get_major_formatter()(76.5, 0) == "76"  # decimal comma formatter
    assert ax.get_lines()[0].get_xdata()[0] == 76.0


def test_suppressed_unit_is_never_drawn(ranked):
    axes = [plots.plot_caterpillar(ranked, instrument=INS), plots.plot_rank_intervals(ranked),
            plots.plot_shrinkage(ranked, grand_mean=76.0, sigma2=130.0)]
    for ax in axes:
        assert "Biro Kecil" not in _ytick_texts(ax)
        drawn = np.concatenate([c.get_offsets().ravel() for c in ax.collections
                                if len(c.get_offsets())])
        assert 91.1 not in drawn and 99.3 not in drawn and 6.0 not in drawn
        assert "S" not in [t.get_text() for t in ax.texts]


def test_rank_interval_bars_span_rank_low_to_rank_high(ranked):
    ax = plots.plot_rank_intervals(ranked, top_share=0.34)
    bars = [p for p in ax.patches if p.get_height() == pytest.approx(0.6)]
    assert [(p.get_x(), p.get_x() + p.get_width()) for p in bars] == [
        (0.5, 1.5), (0.5, 3.5), (1.5, 3.5)]
    assert ax.collections[-1].get_offsets()[:, 0].tolist() == [1.0, 2.0, 3.0]
    assert _ytick_texts(ax) == ["Dinas A", "Badan B", "Biro C"]
    assert ax.get_xlim() == (0.5, 3.5)


def test_heatmap_cells_coloured_by_band_with_decimal_comma():
    table = pd.DataFrame({"unit": ["A", "B", "S"], "name": ["Dinas A", "Badan B", "Biro S"],
                          "suppressed": [False, False, True]})
    for j, v in enumerate(INS.value_codes):
        table[v] = [80.0 + j, 60.25, np.nan]
    ax = plots.plot_value_heatmap(table, instrument=INS, order=["B", "A", "S"])
    assert _ytick_texts(ax) == ["Badan B", "Dinas A"]
    image = ax.get_images()[0]
    data = image.get_array()
    assert data.shape == (2, 7) and data[1, 0] == 80.0
    assert [t.get_text() for t in ax.texts[:2]] == ["60,2", "60,2"]
    assert ax.texts[7].get_text() == "80,0"
    bands = plots.category_colours(INS)
    rgba = image.cmap(image.norm(data))
    assert to_hex(rgba[0, 0]) == bands["Cukup Sehat"] and to_hex(rgba[1, 0]) == bands["Sehat"]
    assert [t.get_text() for t in ax.get_xticklabels()] == [INS.value_name(v)
                                                            for v in INS.value_codes]


def test_shrinkage_arrows_go_from_raw_to_eb(ranked):
    ax = plots.plot_shrinkage(ranked, grand_mean=76.0, sigma2=130.0)
    arrows = [(a.xy, a.xyann) for a in ax.texts if a.get_text() == ""]
    assert arrows == [((200.0, 83.8), (200.0, 84.0)), ((15.0, 77.5), (15.0, 79.0)),
                      ((90.0, 70.3), (90.0, 70.0))]
    assert ax.get_xscale() == "log"
    upper = ax.get_lines()[0]
    x0, y0 = upper.get_xdata()[0], upper.get_ydata()[0]
    assert y0 == pytest.approx(76.0 + 1.96 * np.sqrt(130.0 / x0))


def test_level_change_points_and_quadrant_lines():
    t = pd.DataFrame({"unit": ["A", "B", "S"], "culture_index": [82.0, 70.0, np.nan],
                      "change": [1.5, -2.0, np.nan], "suppressed": [False, False, True]})
    ax = plots.plot_level_change(t, province_index=77.0, province_change=0.5, year=2025,
                                 previous_year=2024)
    assert ax.collections[0].get_offsets().tolist() == [[82.0, 1.5], [70.0, -2.0]]
    labels = [a.get_text() for a in ax.texts]
    assert "A" in labels and "B" in labels and "S" not in labels
    lines = ax.get_lines()
    assert lines[0].get_xdata()[0] == 77.0 and lines[1].get_ydata()[0] == 0.5
    assert "2025" in ax.get_xlabel() and "2024" in ax.get_ylabel()


def test_english_labels(ranked):
    ax = plots.plot_rank_intervals(ranked, lang="en")
    assert ax.get_title() == "Rank interval per unit"


def test_missing_columns_raise(ranked):
    with pytest.raises(ValueError, match="eb_index"):
        plots.plot_caterpillar(ranked.drop(columns="eb_index"), instrument=INS)
    with pytest.raises(ValueError, match="suppressed"):
        plots.plot_rank_intervals(ranked.drop(columns="suppressed"))


def test_caterpillar_for_a_slide_shows_the_best_and_the_worst_of_many_units():
    n = 41
    eb = np.linspace(90, 60, n)
    many = pd.DataFrame({"unit": [f"U{i}" for i in range(n)], "name": [f"Dinas {i}" for i in range(n)],
                         "eb_index": eb, "eb_ci_low": eb - 2, "eb_ci_high": eb + 2, "culture_index": eb,
                         "rank": pd.array(range(1, n + 1), dtype="Int64"), "category": "Sehat",
                         "suppressed": False})
    ax = plots.plot_caterpillar(many, instrument=INS, max_units=plots.SLIDE_ROWS)
    assert _ytick_texts(ax) == [f"Dinas {i}" for i in [*range(10), *range(31, 41)]]
    assert ax.collections[0].get_segments()[10][0][0] == pytest.approx(eb[31] - 2)
    assert any("21 OPD lainnya" in t.get_text() for t in ax.texts)
    assert ax.get_ylim() == (20.5, -0.5)
    assert len(_ytick_texts(plots.plot_caterpillar(many, instrument=INS))) == n
