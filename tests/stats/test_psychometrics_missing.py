"""FIML (missing="ml") and robust ML (estimator="MLR") against lavaan 0.6-14.

Reference values: ``tests/reference/lavaan/`` (``lavaan_reference.R``): Holzinger-Swineford
complete and with planted missingness (``hs_missing.csv``, made in R with a fixed seed), and
the project's 2025 sample (``sample_2025_items.csv``). Tolerances: fit indices, loadings and
standard errors 1e-4 absolute; chi-square-sized statistics (chi2, baseline chi2, loglik and
their scaled versions) 1e-5 relative, since lavaan's optimiser stops about 1e-6 short of
the optimum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from akhlak_analysis.stats import psychometrics as pm
from tests.r_reference import LAVAAN, lavaan_estimates, lavaan_fit

holzinger39 = pytest.importorskip("semopy.examples.holzinger39")

FACTORS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
           "speed": ["x7", "x8", "x9"]}
LARGE = {"chi2", "baseline_chi2", "loglik", "loglik_h1", "aic", "bic", "chi2_scaled",
         "baseline_chi2_scaled"}


def assert_fit_matches(fit: pd.Series, case: str) -> None:
    ref = lavaan_fit(case)
    compared = [k for k in ref.index if k in fit.index]
    assert len(compared) >= 12
    for k in compared:
        if k in LARGE:
            assert fit[k] == pytest.approx(ref[k], rel=1e-5), k
        else:
            assert fit[k] == pytest.approx(ref[k], abs=1e-4), k


def assert_estimates_match(res: pm.CFAResult, case: str) -> None:
    ref = lavaan_estimates(case).set_index("label")
    est = res.estimates.set_index("label")
    np.testing.assert_allclose(est["estimate"], ref.loc[est.index, "est"], atol=1e-4)
    np.testing.assert_allclose(est["se"], ref.loc[est.index, "se"], atol=1e-4)
    loads = ref[ref["op"] == "=~"]
    np.testing.assert_allclose(res.loadings["std_all"], loads["std_all"], atol=1e-4)


@pytest.fixture(scope="module")
def hs() -> pd.DataFrame:
    return holzinger39.get_data()


@pytest.fixture(scope="module")
def hsm() -> pd.DataFrame:
    return pd.read_csv(LAVAAN / "hs_missing.csv")


@pytest.fixture(scope="module")
def sample() -> tuple[pd.DataFrame, dict[str, list[str]]]:
    data = pd.read_csv(LAVAAN / "sample_2025_items.csv")
    fac = pd.read_csv(LAVAAN / "sample_2025_factors.csv")
    factors = {f: list(its) for f, its in fac.groupby("factor", sort=False)["item"]}
    return data, factors


# ------------------------------------------------------------------------------------------
# single-group CFA


@pytest.mark.parametrize(
    ("case", "missing", "estimator"),
    [
        ("hsm_fiml", "ml", "ML"),
        ("hsm_fiml_mlr", "ml", "MLR"),
        ("hsm_listwise", "listwise", "ML"),
        ("hsm_listwise_mlr", "listwise", "MLR"),
    ],
)
def test_cfa_with_missing_answers_matches_lavaan(hsm, case, missing, estimator):
    res = pm.cfa(hsm, FACTORS, missing=missing, estimator=estimator)
    assert res.converged
    assert_fit_matches(res.fit, case)
    assert_estimates_match(res, case)


def test_mlr_on_complete_data_matches_lavaan(hs):
    res = pm.cfa(hs, FACTORS, estimator="MLR", missing="listwise")
    assert_fit_matches(res.fit, "hs_mlr")
    assert_estimates_match(res, "hs_mlr")
    # the ML point estimates and test are unchanged, only SEs and the scaled statistics move
    ml = pm.cfa(hs, FACTORS, missing="listwise")
    np.testing.assert_allclose(res.loadings["estimate"], ml.loadings["estimate"], atol=1e-9)
    assert res.fit["chi2"] == pytest.approx(ml.fit["chi2"], rel=1e-12)


@pytest.mark.parametrize(("case", "estimator"), [("sample_fiml", "ML"),
                                                 ("sample_fiml_mlr", "MLR")])
def test_fiml_on_the_project_sample_matches_lavaan(sample, case, estimator):
    data, factors = sample
    res = pm.cfa(data, factors, missing="ml", estimator=estimator)
    assert res.fit["n"] == len(data) == 5075
    assert_fit_matches(res.fit, case)
    assert_estimates_match(res, case)


def test_listwise_on_the_sample_keeps_only_complete_rows(sample):
    data, factors = sample
    res = pm.cfa(data, factors, missing="listwise")
    assert res.fit["n"] == len(data.dropna()) == lavaan_fit("sample_listwise")["n"]
    assert_fit_matches(res.fit, "sample_listwise")


def test_fiml_on_complete_data_equals_ml_with_means(hs):
    ml = pm.cfa(hs, FACTORS, missing="listwise")
    fiml = pm.cfa(hs, FACTORS, missing="ml")
    for k in ("chi2", "cfi", "tli", "rmsea", "loglik"):
        assert fiml.fit[k] == pytest.approx(ml.fit[k], rel=1e-8, abs=1e-10), k
    # with a mean structure SRMR also averages the (zero) mean residuals: 45 + 9 terms
    assert fiml.fit["srmr"] == pytest.approx(ml.fit["srmr"] * np.sqrt(45 / 54), rel=1e-6)
    assert fiml.fit["df"] == ml.fit["df"]
    assert fiml.fit["npar"] == ml.fit["npar"] + 9  # the intercepts


# ------------------------------------------------------------------------------------------
# invariance


@pytest.mark.parametrize("estimator", ["ML", "MLR"])
def test_fiml_invariance_matches_lavaan(hsm, estimator):
    table = pm.measurement_invariance(hsm, FACTORS, "school", missing="ml",
                                      estimator=estimator).set_index("model")
    prefix = "hsm_inv_mlr_" if estimator == "MLR" else "hsm_inv_"
    for level in ("configural", "metric", "scalar"):
        assert_fit_matches(table.loc[level], prefix + level)
    if estimator == "MLR":
        row = table.loc["scalar"]
        prev = table.loc["metric"]
        cd = (row.df * row.scaling_factor - prev.df * prev.scaling_factor) / (row.df - prev.df)
        assert row["delta_chi2_scaled"] == pytest.approx(row["delta_chi2"] / cd)
        assert row["delta_cfi"] == pytest.approx(row["cfi_robust"] - prev["cfi_robust"])


def test_fiml_partial_invariance_matches_lavaan(hsm):
    res = pm.partial_invariance(hsm, FACTORS, "school", missing="ml",
                                free_intercepts=["x3", "x7"])
    assert_fit_matches(res.iloc[-1], "hsm_inv_partial")


def test_fiml_uses_every_respondent_with_an_answer(hsm):
    blank = hsm.copy()
    blank.loc[0, [f"x{i}" for i in range(1, 10)]] = np.nan
    res = pm.cfa(blank, FACTORS, missing="ml")
    assert res.fit["n"] == len(hsm) - 1


# ------------------------------------------------------------------------------------------
# input rules


def test_bad_missing_and_estimator_values(hs):
    with pytest.raises(ValueError, match="missing must be one of 'listwise', 'ml'"):
        pm.cfa(hs, FACTORS, missing="fiml")
    with pytest.raises(ValueError, match="estimator must be one of 'ML', 'MLR', 'WLSMV'"):
        pm.cfa(hs, FACTORS, estimator="mlr")
    with pytest.raises(ValueError, match="missing must be"):
        pm.measurement_invariance(hs, FACTORS, "school", missing="pairwise")
    with pytest.raises(ValueError, match="estimator must be one of 'ML', 'MLR', 'WLSMV'"):
        pm.measurement_invariance(hs, FACTORS, "school", estimator="wlsmv")
    with pytest.raises(ValueError, match="pass missing='listwise'"):
        pm.measurement_invariance(hs, FACTORS, "school", estimator="WLSMV", ordered=True)
    with pytest.raises(ValueError, match="partial_invariance is not built for ordinal"):
        pm.partial_invariance(hs, FACTORS, "school", estimator="WLSMV")


def test_fiml_item_without_answers_is_named(hsm):
    data = hsm.assign(x5=np.nan)
    with pytest.raises(ValueError, match="fewer than 2 answers.*'x5'"):
        pm.cfa(data, FACTORS, missing="ml")


# ------------------------------------------------------------------------------------------
# one missing-data policy


ITEMS = [f"x{i}" for i in range(1, 10)]


def test_kmo_and_bartlett_pairwise_equal_psych_defaults(hsm):
    from tests.r_reference import psych_series, psych_value

    k = pm.kmo(hsm[ITEMS], missing="pairwise")
    assert k.overall == pytest.approx(psych_value("hsm_pairwise", "kmo"), abs=1e-9)
    ref = psych_series("hsm_pairwise", "msa")
    np.testing.assert_allclose(k.msa[ref.index], ref, atol=1e-9)
    b = pm.bartlett(hsm[ITEMS], missing="pairwise")
    assert b.chi2 == pytest.approx(psych_value("hsm_pairwise", "bartlett_chi2"), abs=1e-6)
    assert b.n == psych_value("hsm_pairwise", "bartlett_n") == len(hsm)


def test_reliability_with_fiml_equals_semtools_on_the_fiml_cfa(hsm):
    from tests.r_reference import psych_series

    rel = pm.reliability(hsm, FACTORS, missing="ml").set_index("factor")
    for stat in ("omega", "ave"):
        ref = psych_series("hsm_fiml", stat)
        np.testing.assert_allclose(rel.loc[ref.index, stat], ref, atol=1e-4)


@pytest.mark.parametrize("missing", ["ml", "listwise"])
def test_reliability_cfa_and_fornell_larcker_agree(hsm, missing):
    rel = pm.reliability(hsm, FACTORS, missing=missing).set_index("factor")
    fl = pm.fornell_larcker(hsm, FACTORS, missing=missing)
    res = pm.cfa(hsm, FACTORS, missing=missing)
    np.testing.assert_allclose(np.diag(fl) ** 2, rel.loc[list(FACTORS), "ave"], rtol=1e-10)
    corr = res.factor_correlations.to_numpy()
    off = ~np.eye(3, dtype=bool)
    np.testing.assert_allclose(fl.to_numpy()[off], corr[off], rtol=1e-10)
    # AVE is the mean squared standardized loading of the same CFA (AVE of semTools uses the
    # observed variances; with the model-implied ones it is the mean of std_all^2)
    assert (rel["ave"] > 0).all()


def test_the_default_is_ml_everywhere(hsm):
    assert pm.cfa(hsm, FACTORS).fit["n"] == len(hsm)
    assert pm.kmo(hsm[ITEMS]).n == len(hsm)
    assert pm.bartlett(hsm[ITEMS]).n == len(hsm)
    rel = pm.reliability(hsm, FACTORS).set_index("factor")
    ml = pm.reliability(hsm, FACTORS, missing="ml").set_index("factor")
    pd.testing.assert_frame_equal(rel, ml)
    table = pm.measurement_invariance(hsm, FACTORS, "school")
    assert table["chi2"].iloc[0] == pytest.approx(lavaan_fit("hsm_inv_configural")["chi2"],
                                                  rel=1e-6)


def test_ml_on_complete_data_equals_listwise(hs):
    x = hs[ITEMS]
    for fun in (pm.kmo, pm.bartlett):
        a, b = fun(x, missing="ml"), fun(x, missing="listwise")
        assert a.n == b.n == 301
    assert pm.kmo(x, missing="ml").overall == pytest.approx(pm.kmo(x, missing="listwise").overall)
    assert pm.bartlett(x, missing="ml").chi2 == pytest.approx(
        pm.bartlett(x, missing="listwise").chi2)
    pd.testing.assert_frame_equal(pm.htmt(hs, FACTORS, missing="ml"),
                                  pm.htmt(hs, FACTORS, missing="listwise"))
    # statsmodels' ML EFA stops at about 1e-6: the same correlations up to rounding give
    # loadings equal to that precision
    np.testing.assert_allclose(pm.efa(x, 3, missing="ml").loadings,
                               pm.efa(x, 3, missing="listwise").loadings, atol=1e-5)


def test_em_moments_feed_the_covariance_based_functions(hsm):
    x = hsm[ITEMS]
    kml, klist = pm.kmo(x, missing="ml"), pm.kmo(x, missing="listwise")
    assert kml.n == len(hsm) > klist.n == len(x.dropna())
    assert kml.overall != pytest.approx(klist.overall, abs=1e-6)
    om = pm.omega_hierarchical(x, 3, missing="ml")
    assert 0 < om.omega_h < om.omega_total < 1
    pa = pm.parallel_analysis(x, seed=1, missing="pairwise")
    assert pa.eigenvalues["observed_pc"].sum() == pytest.approx(9.0)


@pytest.mark.parametrize(
    "call",
    [
        lambda d: pm.kmo(d[ITEMS], missing="fiml"),
        lambda d: pm.bartlett(d[ITEMS], missing="fiml"),
        lambda d: pm.efa(d[ITEMS], 3, missing="fiml"),
        lambda d: pm.omega_hierarchical(d[ITEMS], 3, missing="fiml"),
        lambda d: pm.parallel_analysis(d[ITEMS], missing="fiml"),
        lambda d: pm.htmt(d, FACTORS, missing="fiml"),
        lambda d: pm.reliability(d, FACTORS, missing="fiml"),
        lambda d: pm.item_analysis(d, FACTORS, missing="fiml"),
        lambda d: pm.fornell_larcker(d, FACTORS, missing="pairwise"),
        lambda d: pm.partial_invariance(d, FACTORS, "school", missing="pairwise"),
    ],
)
def test_every_function_checks_missing(hsm, call):
    with pytest.raises(ValueError, match="missing must be one of"):
        call(hsm)
