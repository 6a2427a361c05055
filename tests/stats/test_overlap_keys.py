"""The people in both years linked by integer keys (issue 21): the same covariances as the
inner join of the two years' (id, unit) pairs it replaces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhlak_analysis.errors import DataError
from akhlak_analysis.stats import overlap


def _tam_by_join(before, after, labels, big):
    """Tam's covariance per unit from a pandas inner join on (id, unit): the reference."""
    parts, sizes = [], []
    for f in (before, after):
        ok = f["culture_index"].notna() & f["opd"].isin(labels)
        parts.append(f.loc[ok & f["respondent_id"].notna(), ["respondent_id", "opd",
                                                             "culture_index"]])
        sizes.append(f[ok].groupby("opd").size().reindex(labels).fillna(0).to_numpy(float))
    both = parts[0].merge(parts[1], on=["respondent_id", "opd"])
    out, n12 = [], []
    for i, lab in enumerate(labels):
        b = both[both["opd"] == lab]
        k = len(b)
        s12 = np.cov(b["culture_index_x"], b["culture_index_y"])[0, 1] if k >= 2 else 0.0
        inv = 1 / big[i] if np.isfinite(big[i]) and big[i] >= max(sizes[0][i], sizes[1][i]) else 0
        out.append((k / (sizes[0][i] * sizes[1][i]) - inv) * s12 if k >= 2 else 0.0)
        n12.append(k)
    return np.array(out), np.array(n12, float)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), text=st.booleans())
def test_integer_keys_give_the_join_covariances(seed, text):
    rng = np.random.default_rng(seed)
    n = 300
    people = np.array([f"p{i:04d}" for i in range(400)], dtype=object)
    frames = []
    for _ in range(2):
        ids = rng.choice(people, size=n, replace=False).astype(object)
        ids[rng.random(n) < 0.05] = None
        f = pd.DataFrame({"respondent_id": ids, "opd": rng.choice(list("ABCDE"), n),
                          "culture_index": np.where(rng.random(n) < 0.05, np.nan,
                                                    rng.normal(75, 10, n))})
        if text:
            f["respondent_id"] = f["respondent_id"].astype("string[pyarrow]")
        frames.append(f)
    labels = ["A", "B", "C", "D"]  # E is outside the design
    big = np.array([200.0, np.nan, 5.0, 400.0])
    got = overlap.unit_overlap_covariance(*frames, column="culture_index", by="opd",
                                          labels=labels, headcount=big)
    want = _tam_by_join(*frames, labels, big)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(got[1], want[1])


def test_an_id_twice_in_one_unit_names_its_rows():
    a = pd.DataFrame({"respondent_id": ["p", "q", "p"], "opd": ["A", "A", "A"],
                      "culture_index": [70.0, 80.0, 75.0]})
    with pytest.raises(DataError, match="twice") as err:
        overlap.unit_overlap_covariance(a, a.iloc[:2], column="culture_index", by="opd",
                                        labels=["A"])
    assert err.value.rows == [0, 2]
    moved = a.assign(opd=["A", "A", "B"])  # the same person in two units is two links
    cov, both = overlap.unit_overlap_covariance(moved, moved, column="culture_index",
                                                by="opd", labels=["A", "B"])
    assert both.tolist() == [2.0, 1.0]
