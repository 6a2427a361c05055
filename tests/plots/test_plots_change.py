"""Change charts draw what the tables say (positions, widths), not pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection

import akhlak_analysis as ak
from akhlak_analysis import plots
from akhlak_analysis.stats import action_plans, targets

INS = ak.load_instrument("berakhlak-2025")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def change_table() -> pd.DataFrame:
    return pd.DataFrame({
        "unit": ["A", "B", "C", "D"], "name": ["Dinas A", "Badan B", "Biro C", "Dinas D"],
        "culture_index_2024": [70.0, 80.0, np.nan, 75.0],
        "culture_index_2025": [78.0, 74.0, 90.0, 76.0],
        "change": [8.0, -6.0, np.nan, 1.0], "ci_low": [5.0, -9.0, np.nan, -2.0],
        "ci_high": [11.0, -3.0, np.nan, 4.0],
        "significant": [True, True, False, False],
        "category_2024": ["Cukup Sehat", "Sehat", None, "Sehat"],
        "category_2025": ["Sehat", "Cukup Sehat", "Sehat", "Sehat"],
        "suppressed": [False, False, True, False], "compared": [True, True, False, True]})


def _offsets(ax) -> list[np.ndarray]:
    return [np.asarray(c.get_offsets()) for c in ax.collections
            if isinstance(c, PathCollection) and len(c.get_offsets())]


def test_dumbbell_sorted_by_change_and_suppressed_only_in_caption():
    t = change_table()
    ax = plots.plot_unit_changes(t)
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert labels == ["Badan B", "Dinas D", "Dinas A"]  # sorted by change, C left out
    pts = np.vstack(_offsets(ax))
    assert 90.0 not in pts[:, 0]  # the suppressed unit's 2025 index is never drawn
    earlier = _offsets(ax)[0]
    assert earlier[:, 0].tolist() == [80.0, 75.0, 70.0]
    caption = " ".join(x.get_text() for x in ax.texts)
    assert "Biro C" in caption and "90" not in caption


def test_value_changes_positions_equal_table():
    v = pd.DataFrame({"value": ["adaptif", "loyal"], "culture_index_2024": [70.0, 80.0],
                      "culture_index_2025": [73.0, 79.0], "change": [3.0, -1.0],
                      "ci_low": [1.0, -2.5], "ci_high": [5.0, 0.5],
                      "significant": [True, False]})
    ax = plots.plot_value_changes(v, instrument=INS)
    assert [x.get_text() for x in ax.get_yticklabels()] == ["Loyal", "Adaptif"]
    segs = ax.collections[0].get_segments()
    assert [tuple(s[:, 0]) for s in segs] == [(-2.5, 0.5), (1.0, 5.0)]
    filled, hollow = _offsets(ax)
    assert filled.tolist() == [[3.0, 1.0]] and hollow.tolist() == [[-1.0, 0.0]]
    assert ax.xaxis.get_major_formatter()(1.5, 0) == "1,5"


def test_headline_band_and_points():
    h = pd.DataFrame({"year": [2024, 2025], "culture_index": [76.3, 79.0],
                      "ci_low": [75.0, 78.0], "ci_high": [77.6, 80.0]})
    ax = plots.plot_headline(h, target=(80, 90))
    band = [p for p in ax.patches if p.get_height() == pytest.approx(10)]
    assert band and band[0].get_y() == pytest.approx(80)
    assert list(ax.lines[-1].get_ydata()) == [76.3, 79.0]
    assert "79,0" in [t.get_text() for t in ax.texts]


def test_transition_heatmap_numbers():
    m = targets.category_transitions(change_table(), instrument=INS)
    ax = plots.plot_category_transitions(m)
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("1") == 3 and texts.count("0") == 13
    assert ax.get_ylabel() == "Kategori 2024" and ax.get_xlabel() == "Kategori 2025"


def test_action_plan_bars_stack_counts():
    s = pd.DataFrame({"unit": ["A", "B"], "name": ["Dinas A", "Badan B"],
                      "merah": [2, 0], "kuning": [1, 1], "hijau": [0, 3]})
    ax = plots.plot_action_plans(s)
    widths = [p.get_width() for p in ax.patches]
    # order: B (fewest red) at the bottom, then A; red, yellow, green layers
    assert widths == [0, 2, 1, 1, 3, 0]
    assert [x.get_text() for x in ax.get_yticklabels()] == ["Badan B", "Dinas A"]


def test_plan_scatter_title_says_observational():
    s = pd.DataFrame({"unit": list("ABCDEF"), "name": list("ABCDEF"),
                      "mean_progress": [10.0, 20, 30, 40, 50, 60]})
    c = pd.DataFrame({"unit": list("ABCDEF"), "change": [1.0, 0, 2, 3, 2, 4], "compared": True})
    rel = action_plans.action_plan_vs_change(s, c)
    ax = plots.plot_plan_vs_change(rel)
    assert _offsets(ax)[0][:, 0].tolist() == [10.0, 20, 30, 40, 50, 60]
    assert ax.get_title().startswith("Observasional") and "r = 0,83" in ax.get_title()


def test_slide_versions_keep_the_largest_falls_and_rises_and_say_how_many_are_left_out():
    n = 45
    change = np.linspace(-9, 13, n)
    t = pd.DataFrame({"unit": [f"U{i}" for i in range(n)], "name": [f"Dinas {i}" for i in range(n)],
                      "culture_index_2024": 75.0 - change / 2, "culture_index_2025": 75 + change / 2,
                      "change": change, "significant": change > 5, "suppressed": False,
                      "compared": True}).sample(frac=1, random_state=3)
    ax = plots.plot_unit_changes(t, max_units=20)
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert labels == [f"Dinas {i}" for i in [*range(10), *range(35, 45)]]
    ticks = ax.get_yticks().tolist()
    assert ticks[9] == 9 and ticks[10] == 11  # one empty row between falls and rises
    assert any("25 OPD lainnya" in x.get_text() for x in ax.texts)
    assert [x.get_text() for x in plots.plot_unit_changes(t).get_yticklabels()][:3] == \
        ["Dinas 0", "Dinas 1", "Dinas 2"]  # the full chart keeps all 45

    s = pd.DataFrame({"unit": [f"U{i}" for i in range(n)], "name": [f"Dinas {i}" for i in range(n)],
                      "merah": np.arange(n) % 7, "kuning": 1, "hijau": 2})
    ax = plots.plot_action_plans(s, max_units=8)
    assert len(ax.get_yticklabels()) == 8 and len(ax.patches) == 3 * 8
    assert any("37 OPD lainnya" in x.get_text() for x in ax.texts)
    reds = [p.get_width() for p in ax.patches[:8]]
    assert reds[:4] == [0, 0, 0, 0] and reds[4:] == [6, 6, 6, 6]  # fewest and most red
