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
from akhlak_analysis.stats.psychometrics.ordinal import bvn_cdf
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
    assert bvn_cdf(np.array([h]), np.array([k]), rho)[0] == pytest.approx(ref, abs=1e-7)


def test_bivariate_normal_cdf_special_points():
    assert bvn_cdf(np.array([0.0]), np.array([0.0]), 0.5)[0] == pytest.approx(
        0.25 + np.arcsin(0.5) / (2 * np.pi), abs=1e-12)
    limits = bvn_cdf(np.array([-np.inf, np.inf, np.inf, 1.0]),
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
            "srmr", "baseline_chi2_scaled", "cfi_robust", "tli_robust", "rmsea_robust",
            "rmsea_ci_high_scaled"} <= set(compared)
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


# ------------------------------------------------------------------------------------------
# ordinal (WLSMV) measurement invariance, Wu & Estabrook (2016) via semTools measEq.syntax
# (tests/reference/lavaan/lavaan_ordinal_invariance.R)

#: lavaan fitMeasures() name -> column of the WLSMV invariance table
ORD_FIT = {"chisq": "chi2", "df": "df", "pvalue": "p_value", "chisq.scaled": "chi2_scaled",
           "df.scaled": "df_scaled", "pvalue.scaled": "p_value_scaled",
           "chisq.scaling.factor": "scaling_factor", "shift.parameter": "shift_parameter",
           "cfi": "cfi", "tli": "tli", "rmsea": "rmsea", "cfi.scaled": "cfi_scaled",
           "tli.scaled": "tli_scaled", "rmsea.scaled": "rmsea_scaled",
           "cfi.robust": "cfi_robust", "tli.robust": "tli_robust",
           "rmsea.robust": "rmsea_robust", "srmr": "srmr"}
ORD_CASES = {
    "hs": ("school", {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
                      "speed": ["x7", "x8", "x9"]}),
    # four groups (school x grade) and a residual covariance, as a model string
    "hs4": ("cohort", "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\n"
                      "speed =~ x7 + x8 + x9\nx4 ~~ x5"),
    "sample": ("gender", {f: [f"{f}{i}" for i in range(1, 5)] for f in ("BP", "KO", "AD")}),
}


def _ordinal_data(case: str) -> pd.DataFrame:
    if case.startswith("hs"):
        return pd.read_csv(LAVAAN / "hs_ordinal.csv")
    data = pd.read_csv(LAVAAN / "sample_2025_items.csv")
    return data.assign(gender=pd.read_csv(LAVAAN / "sample_2025_gender.csv")["gender"])


@pytest.fixture(scope="module", params=list(ORD_CASES))
def ordinal_mi(request):
    case = request.param
    group, factors = ORD_CASES[case]
    data = _ordinal_data(case)
    table = pm.measurement_invariance(data, factors, group, estimator="WLSMV", ordered=True,
                                      missing="listwise")
    return case, data, factors, table


def _lavaan_ordinal(name: str, case: str) -> pd.DataFrame:
    ref = pd.read_csv(LAVAAN / f"ordinal_invariance_{name}.csv")
    return ref[ref["case"] == case]


def test_ordinal_invariance_fit_matches_lavaan(ordinal_mi):
    case, _, _, table = ordinal_mi
    ref = _lavaan_ordinal("fit", case).pivot(index="model", columns="measure", values="value")
    assert list(table["model"]) == ["configural", "thresholds", "metric", "scalar"]
    ours = table.set_index("model")
    for lav, col in ORD_FIT.items():
        want = ref.loc[ours.index, lav].to_numpy()
        # the test statistics relative 1e-4 (largest difference: 1.2e-5, the shift of the hs
        # metric and scalar models), the indices absolute 1e-4
        rel = 1e-4 if col.startswith("chi2") or col in ("scaling_factor", "shift_parameter") \
            else 0.0
        np.testing.assert_allclose(ours[col].to_numpy(dtype=float), want, rtol=rel, atol=1e-4,
                                   equal_nan=True, err_msg=col)
    # every step constrains the model as measEq.syntax does: the same df and parameters
    np.testing.assert_array_equal(ours["df"], ref.loc[ours.index, "df"])
    # lavaan 0.6-14 has no robust CFI/RMSEA once thresholds are constrained
    assert ours["cfi_robust"].notna().tolist() == [True, False, False, False]


def test_ordinal_invariance_lrt_matches_lavaan(ordinal_mi):
    case, _, _, table = ordinal_mi
    ref = _lavaan_ordinal("lrt", case).set_index("model")
    ours = table.set_index("model").loc[ref.index]
    np.testing.assert_array_equal(ours["delta_df"], ref["df_diff"])
    np.testing.assert_allclose(ours["delta_chi2_scaled"], ref["chisq_diff"], rtol=1e-4,
                               atol=1e-4)
    np.testing.assert_allclose(ours["delta_p"], ref["pvalue"], atol=1e-5)
    assert pd.isna(table["holds"].iloc[0]) and table["holds"].iloc[1:].notna().all()
    np.testing.assert_allclose(table["delta_cfi"].iloc[1:],
                               np.diff(table["cfi_scaled"].to_numpy()), atol=1e-12)


def test_ordinal_invariance_estimates_match_lavaan(ordinal_mi):
    from akhlak_analysis.stats.psychometrics import _ordinal_invariance as oi
    from akhlak_analysis.stats.psychometrics.invariance import ordinal_inputs

    case, data, factors, _ = ordinal_mi
    group = ORD_CASES[case][0]
    inputs = ordinal_inputs(data, factors, group, None, "listwise", "WLSMV", True)
    ref = _lavaan_ordinal("estimates", case)
    compared = 0
    for level, res, _ in oi.fit_sequence(*inputs):
        labels = {lab: i for i, lab in enumerate(res.model.labels)}
        se = np.sqrt(np.diag(res.vcov))
        rows = ref[ref["model"] == level]
        idx = []
        for r in rows.itertuples():
            name = f"{r.lhs}{r.op}{r.rhs}" if r.op != "~1" else f"{r.lhs}~1"
            idx.append(labels.get(name, labels.get(f"{name}@{r.group - 1}")))
        assert None not in idx, level
        assert len(set(idx)) == len(res.par) == res.stats["npar"], level
        # 1e-3: lavaan's optimizer stops up to 1.1e-4 from the optimum in the small hs4
        # groups (its estimates give a larger DWLS F than ours; that loading's SE moves by
        # 1.5e-4); the median difference of estimates and SEs is below 1e-5
        np.testing.assert_allclose(res.par[idx], rows["est"], atol=1e-3, err_msg=level)
        np.testing.assert_allclose(se[idx], rows["se"], atol=1e-3, err_msg=level)
        for ours, theirs in ((res.par[idx], rows["est"]), (se[idx], rows["se"])):
            assert np.median(np.abs(ours - theirs.to_numpy())) < 1e-5, level
        assert res.converged
        compared += len(rows)
    assert compared == len(ref)


def test_ordinal_invariance_rules():
    group, factors = ORD_CASES["hs"]
    data = _ordinal_data("hs")
    kw = {"estimator": "WLSMV", "ordered": True, "missing": "listwise"}
    with pytest.raises(ValueError, match="not identified in the delta"):
        pm.measurement_invariance(data, factors, group, strict=True, **kw)
    with pytest.raises(ValueError, match="not identified in the delta"):
        pm.measurement_invariance(data, factors, group, levels=["configural", "strict"], **kw)
    with pytest.raises(ValueError, match="in the order"):
        pm.measurement_invariance(data, factors, group, levels=["metric", "configural"], **kw)
    with pytest.raises(ValueError, match="missing='listwise'"):
        pm.measurement_invariance(data, factors, group, estimator="WLSMV", ordered=True)
    with pytest.raises(ValueError, match="need estimator='WLSMV'"):
        pm.measurement_invariance(data, factors, group, ordered=True, missing="listwise")
    with pytest.raises(ValueError, match="list every item"):
        pm.measurement_invariance(data, factors, group, **{**kw, "ordered": ["x1"]})
    empty = data.copy()
    empty.loc[(empty["school"] == "Pasteur") & (empty["x1"] == 3), "x1"] = 2
    with pytest.raises(ValueError, match=r"'x1' has no answer 3 in group 'Pasteur'"):
        pm.measurement_invariance(empty, factors, group, **kw)
    binary = data.assign(x2=(data["x2"] > 1).astype(int))
    with pytest.raises(ValueError, match="fewer than 3 answer categories: 'x2'"):
        pm.measurement_invariance(binary, factors, group, **kw)
    with pytest.raises(ValueError, match="group column"):
        pm.measurement_invariance(data, factors, "schol", **kw)


def test_ordinal_invariance_subset_of_levels_skips_thresholds():
    group, factors = ORD_CASES["hs"]
    data = _ordinal_data("hs")
    full = pm.measurement_invariance(data, factors, group, estimator="WLSMV", ordered=True,
                                     missing="listwise")
    short = pm.measurement_invariance(data, factors, group, estimator="WLSMV", ordered=True,
                                      missing="listwise", levels=["configural", "metric"])
    assert list(short["model"]) == ["configural", "metric"]
    np.testing.assert_allclose(short["chi2"], full["chi2"].iloc[[0, 2]], rtol=1e-9)
    # configural -> metric tests the threshold and loading constraints together
    assert short["delta_df"].iloc[1] == full["delta_df"].iloc[1:3].sum()


def test_ordinal_invariance_decision_uses_the_scaled_indices():
    group, factors = ORD_CASES["hs"]
    data = _ordinal_data("hs")
    kw = {"estimator": "WLSMV", "ordered": True, "missing": "listwise"}
    table = pm.measurement_invariance(data, factors, group, **kw)
    # hs: scalar loses .031 of scaled CFI against metric and fails Chen's -.010; the
    # thresholds step (delta_cfi -.001) passes with the metric cut-offs (the default)
    assert table["holds"].iloc[1:].tolist() == [True, True, False]
    assert table["delta_cfi"].iloc[3] == pytest.approx(
        table["cfi_scaled"].iloc[3] - table["cfi_scaled"].iloc[2])
    assert table["delta_rmsea"].iloc[3] == pytest.approx(
        table["rmsea_scaled"].iloc[3] - table["rmsea_scaled"].iloc[2])
    # only the CFI matters with these cut-offs: delta_cfi >= 0; "thresholds" has its own entry
    only_cfi = {lev: {"cfi": 0.0, "rmsea": 1.0, "srmr": 1.0} for lev in ("metric", "scalar")}
    again = pm.measurement_invariance(data, factors, group, criteria=only_cfi, **kw)
    assert again["holds"].iloc[1:].tolist() == [False, True, False]  # thresholds: metric's
    only_cfi["thresholds"] = {"cfi": -0.01, "rmsea": 1.0, "srmr": 1.0}
    again = pm.measurement_invariance(data, factors, group, criteria=only_cfi, **kw)
    assert again["holds"].iloc[1:].tolist() == [True, True, False]
