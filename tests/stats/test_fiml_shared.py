"""Models fitted to the same answers share the FIML moments and the data-only robust terms.

``cfa`` keeps the last data set's missing-data patterns, EM moments and robust caches
(``_common.shared_fiml_moments``); a fit that finds them must equal a fit that computes them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from akhlak_analysis.stats import psychometrics as pm
from akhlak_analysis.stats.psychometrics import _common


def _data(seed: int = 3, n: int = 600) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    rng = np.random.default_rng(seed)
    eta = rng.multivariate_normal([0, 0, 0], [[1, .6, .5], [.6, 1, .55], [.5, .55, 1]], n)
    cols, factors = {}, {}
    for j, f in enumerate(("a", "b", "c")):
        factors[f] = []
        for i in range(3):
            y = 0.7 * eta[:, j] + 0.7 * rng.standard_normal(n)
            cols[f"{f}{i}"] = np.clip(np.round(3 + y), 1, 5)
            factors[f].append(f"{f}{i}")
    data = pd.DataFrame(cols)
    return data.mask(rng.random(data.shape) < 0.05), factors


def _cold(data, factors, **kw):
    _common._LAST_FIML.clear()
    return pm.cfa(data, factors, **kw)


@pytest.mark.parametrize("estimator", ["MLR", "ML"])
def test_second_fit_equals_a_cold_fit(estimator):
    data, factors = _data()
    pm.cfa(data, factors, estimator="MLR")  # fills the shared entry (and the MLR caches)
    pm.cfa(data, factors, estimator="ML")
    warm = pm.cfa(data.copy(), factors, second_order="g", estimator=estimator)
    cold = _cold(data, factors, second_order="g", estimator=estimator)
    pd.testing.assert_series_equal(warm.fit, cold.fit, check_exact=True)
    pd.testing.assert_frame_equal(warm.estimates, cold.estimates, check_exact=True)


def test_other_answers_are_not_served_the_kept_moments():
    data, factors = _data()
    first = pm.cfa(data, factors, estimator="MLR")
    other = data.copy()
    other.iloc[0, 0] = 5.0 if other.iloc[0, 0] != 5.0 else 1.0
    warm = pm.cfa(other, factors, estimator="MLR")
    cold = _cold(other, factors, estimator="MLR")
    assert warm.fit["chi2"] != first.fit["chi2"]
    pd.testing.assert_series_equal(warm.fit, cold.fit, check_exact=True)


def test_only_the_last_data_set_is_kept():
    data, factors = _data()
    pm.cfa(data, factors)
    pm.cfa(_data(seed=4)[0], factors)
    assert len(_common._LAST_FIML) == 3 and _common._LAST_FIML["moments"].n == 600
    key = _common._LAST_FIML["key"]
    pm.cfa(data, factors)
    assert _common._LAST_FIML["key"] != key
