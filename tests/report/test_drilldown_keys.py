"""Groups within OPDs by integer keys (issue 21): the same table as one string key per cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis.report import drilldown
from akhlak_analysis.stats.scoring import index_table, score_respondents

INS = ak.load_instrument("berakhlak-2024")


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_group_index_by_integer_keys_equals_string_keys(seed):
    rng = np.random.default_rng(seed)
    k = 300
    d = pd.DataFrame({c: rng.integers(1, 6, k).astype(float) for c in INS.item_codes})
    d["opd"] = rng.choice(["A", "B", "C x", "D\x1fE"], k)
    d["gender"] = pd.array(rng.choice(["Laki-laki", "Perempuan", None], k), dtype="string")
    s = score_respondents(d, instrument=INS)
    got = drilldown.group_index(s, by="gender", within="opd", instrument=INS)
    # the reference: one string key per (opd, group), as index_table sees a sub-unit
    ref = s.dropna(subset=["opd", "gender"])
    key = ref["opd"].astype(str) + "|" + ref["gender"].astype(str)
    t = index_table(ref.assign(subunit=key.to_numpy()), by="subunit", min_n=1, instrument=INS)
    t = t[t["n"].fillna(0) > 0]
    t[["opd", "group"]] = t["unit"].str.rsplit("|", n=1, expand=True)
    t = t.sort_values(["opd", "group"]).reset_index(drop=True)
    assert got["unit"].tolist() == t["opd"].tolist()
    assert got["group"].tolist() == t["group"].tolist()
    np.testing.assert_allclose(got[["n", "culture_index", "ci_low", "ci_high"]].to_numpy(float),
                               t[["n", "culture_index", "ci_low", "ci_high"]].to_numpy(float))
