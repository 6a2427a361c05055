"""Units across years: successors mapped once per code (issue 21)."""

from __future__ import annotations

import pandas as pd

from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.stats.common import map_to_successors


def test_successors_map_codes_once_and_keep_missing_codes():
    u = UnitTable(pd.DataFrame({"code": ["OLD", "NEW", "B"], "name": ["o", "n", "b"],
                                "level": "opd", "parent": None, "opd_type": None,
                                "aliases": [[], [], []], "replaced_by": ["NEW", None, None],
                                "headcount_2024": pd.array([10, None, 5], dtype="Int64"),
                                "headcount_2025": pd.array([None, 12, 5], dtype="Int64")}))
    d = pd.DataFrame({"opd": pd.array(["OLD", None, "B", "NEW", "X"], dtype="string"),
                      "v": range(5)})
    out = map_to_successors(d, units=u, year=2025)
    assert out["opd"].tolist() == ["NEW", pd.NA, "B", "NEW", "X"]
    assert out["opd"].dtype == d["opd"].dtype and d["opd"].iloc[0] == "OLD"  # a copy
    assert map_to_successors(d.iloc[:0], units=u, year=2025).empty
