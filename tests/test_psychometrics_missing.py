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
    res = pm.cfa(hs, FACTORS, estimator="MLR")
    assert_fit_matches(res.fit, "hs_mlr")
    assert_estimates_match(res, "hs_mlr")
    # the ML point estimates and test are unchanged, only SEs and the scaled statistics move
    ml = pm.cfa(hs, FACTORS)
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
    res = pm.cfa(data, factors)
    assert res.fit["n"] == len(data.dropna()) == lavaan_fit("sample_listwise")["n"]
    assert_fit_matches(res.fit, "sample_listwise")


def test_fiml_on_complete_data_equals_ml_with_means(hs):
    ml = pm.cfa(hs, FACTORS)
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
    with pytest.raises(ValueError, match="estimator must be one of 'ML', 'MLR'"):
        pm.cfa(hs, FACTORS, estimator="mlr")
    with pytest.raises(ValueError, match="missing must be"):
        pm.measurement_invariance(hs, FACTORS, "school", missing="pairwise")


def test_fiml_item_without_answers_is_named(hsm):
    data = hsm.assign(x5=np.nan)
    with pytest.raises(ValueError, match="fewer than 2 answers.*'x5'"):
        pm.cfa(data, FACTORS, missing="ml")
