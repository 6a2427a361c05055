"""Thresholds and polychoric correlations against lavaan ``lavCor(ordered = )``.

Reference: ``tests/reference/lavaan/lavaan_reference.R`` on the 2025 sample
(``polychoric.csv``, ``thresholds.csv``; listwise, lavaan's default).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from akhlak_analysis.stats import psychometrics as pm
from akhlak_analysis.stats.psychometrics.ordinal import _bvn_cdf
from tests.r_reference import LAVAAN, lavaan_csv


@pytest.fixture(scope="module")
def sample_result():
    data = pd.read_csv(LAVAAN / "sample_2025_items.csv")
    return data, pm.polychoric(data)


def test_polychoric_matches_lavcor(sample_result):
    data, res = sample_result
    ref = pd.read_csv(LAVAAN / "polychoric.csv", index_col=0)
    ref = ref.loc[res.correlation.index, res.correlation.columns]
    np.testing.assert_allclose(res.correlation.to_numpy(), ref.to_numpy(), atol=1e-6)
    assert res.n == len(data.dropna())


def test_thresholds_match_lavcor(sample_result):
    _, res = sample_result
    ref = lavaan_csv("thresholds")
    both = res.thresholds.merge(ref, on="threshold", suffixes=("", "_lavaan"), validate="1:1")
    assert len(both) == len(ref) == len(res.thresholds)
    np.testing.assert_allclose(both["value"], both["value_lavaan"], atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(h=st.floats(-4, 4), k=st.floats(-4, 4), rho=st.floats(-0.99, 0.99))
def test_bivariate_normal_cdf_equals_scipy(h, k, rho):
    ref = stats.multivariate_normal([0, 0], [[1, rho], [rho, 1]]).cdf([h, k])
    assert _bvn_cdf(np.array([h]), np.array([k]), rho)[0] == pytest.approx(ref, abs=1e-7)


def test_bivariate_normal_cdf_special_points():
    assert _bvn_cdf(np.array([0.0]), np.array([0.0]), 0.5)[0] == pytest.approx(
        0.25 + np.arcsin(0.5) / (2 * np.pi), abs=1e-12)
    limits = _bvn_cdf(np.array([-np.inf, np.inf, np.inf, 1.0]),
                      np.array([0.3, np.inf, 0.3, -np.inf]), 0.2)
    np.testing.assert_allclose(limits, [0.0, 1.0, stats.norm.cdf(0.3), 0.0])


def test_pairwise_uses_each_pair(sample_result):
    data, _ = sample_result
    res = pm.polychoric(data[["BP1", "BP2", "BP3"]], missing="pairwise")
    assert res.n == len(data)
    assert (np.abs(res.correlation.to_numpy()) <= 1).all()


def test_polychoric_rules():
    with pytest.raises(ValueError, match="non-integer"):
        pm.polychoric(pd.DataFrame({"a": [1, 2, 2.5, 3], "b": [1, 2, 3, 3]}))
    with pytest.raises(ValueError, match="single answer category"):
        pm.polychoric(pd.DataFrame({"a": [1, 1, 1], "b": [1, 2, 3]}))
    with pytest.raises(ValueError, match="missing must be one of"):
        pm.polychoric(pd.DataFrame({"a": [1, 2], "b": [1, 2]}), missing="ml")


# ------------------------------------------------------------------------------------------
# WLSMV


@pytest.fixture(scope="module")
def wlsmv():
    data = pd.read_csv(LAVAAN / "sample_2025_items.csv")
    fac = pd.read_csv(LAVAAN / "sample_2025_factors.csv")
    factors = {f: list(its) for f, its in fac.groupby("factor", sort=False)["item"]}
    return data, factors, pm.cfa(data, factors, estimator="WLSMV", ordered=True,
                                 missing="listwise")


def test_wlsmv_fit_matches_lavaan(wlsmv):
    from tests.r_reference import lavaan_fit

    data, _, res = wlsmv
    ref = lavaan_fit("sample_wlsmv")
    compared = [k for k in ref.index if k in res.fit.index]
    assert {"chi2_scaled", "scaling_factor", "cfi_scaled", "tli_scaled", "rmsea_scaled",
            "srmr", "baseline_chi2_scaled"} <= set(compared)
    for k in compared:
        assert res.fit[k] == pytest.approx(ref[k], rel=1e-5, abs=1e-5), k
    assert res.converged and res.n == len(data.dropna())


def test_wlsmv_estimates_and_robust_se_match_lavaan(wlsmv):
    from tests.r_reference import lavaan_estimates

    _, _, res = wlsmv
    ref = lavaan_estimates("sample_wlsmv").set_index("label")
    est = res.estimates.set_index("label")
    assert sum("|t" in lab for lab in est.index) == 112  # the thresholds
    np.testing.assert_allclose(est["estimate"], ref.loc[est.index, "est"], atol=1e-5)
    np.testing.assert_allclose(est["se"], ref.loc[est.index, "se"], atol=1e-5)
    loads = ref[ref["op"] == "=~"]
    np.testing.assert_allclose(res.loadings["std_all"], loads["std_all"], atol=1e-5)
    np.testing.assert_allclose(res.residual_variances["std_all"],
                               ref.loc[[f"{i}~~{i}" for i in res.residual_variances["item"]],
                                       "std_all"], atol=1e-5)


def test_wlsmv_rules(wlsmv):
    data, factors, _ = wlsmv
    with pytest.raises(ValueError, match="missing='listwise'"):
        pm.cfa(data, factors, estimator="WLSMV", ordered=True)
    with pytest.raises(ValueError, match="need estimator='WLSMV'"):
        pm.cfa(data, factors, ordered=True, missing="listwise")
    with pytest.raises(ValueError, match="list every item"):
        pm.cfa(data, factors, estimator="WLSMV", ordered=["BP1"], missing="listwise")
