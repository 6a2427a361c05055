"""Charts draw what the tables say (bar lengths), not pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis import plots


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_response_rate_bars_equal_the_table_and_skip_suppressed():
    t = pd.DataFrame({"unit": ["A", "B", "C"], "name": ["Dinas A", "Badan B", "Biro C"],
                      "n": pd.array([30, 20, None], dtype="Int64"),
                      "headcount": [40, 80, 12], "response_rate": [0.75, 0.25, np.nan],
                      "suppressed": [False, False, True]})
    ax = plots.plot_response_rates(t)
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [0.25, 0.75]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Biro C" not in labels and labels == ["Badan B", "Dinas A"]
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "50%"


def test_missing_bars_in_instrument_order():
    ins = ak.load_instrument("berakhlak-2024")
    d = pd.DataFrame({c: [1.0, np.nan, 2.0, 3.0] for c in ins.item_codes})
    t = ak.missing_by_item(d, ins)
    ax = plots.plot_missing_by_item(t, lang="en")
    assert [p.get_height() for p in ax.patches] == [0.25] * 21
    assert [x.get_text() for x in ax.get_xticklabels()] == ins.item_codes
    assert ax.get_title() == "Missing answers per item"


def test_theme_and_category_colours():
    plots.set_theme()
    ins = ak.load_instrument("berakhlak-2025")
    assert plots.category_colours(ins)["Sehat"] == ins.bands[0].colour
    assert matplotlib.rcParams["axes.spines.top"] is False
