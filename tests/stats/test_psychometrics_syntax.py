"""Models in lavaan syntax (cross-loadings, residual covariances) and modification indices.

Reference values: ``tests/reference/lavaan/lavaan_syntax_reference.R`` (cfa on the model
below) and ``lavaan_reference.R`` (``modindices`` of the three-factor model).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from akhlak_analysis.stats import psychometrics as pm
from tests.r_reference import LAVAAN, lavaan_csv, lavaan_estimates, lavaan_fit

holzinger39 = pytest.importorskip("semopy.examples.holzinger39")

MODEL = """
visual  =~ x1 + x2 + x3 + x9     # x9 cross-loads
textual =~ x4 + x5 + x6
speed   =~ x7 + x8 + x9
x2 ~~ x7                         # residual covariance
"""
SIMPLE = "visual =~ x1 + x2 + x3; textual =~ x4 + x5 + x6; speed =~ x7 + x8 + x9"
FACTORS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
           "speed": ["x7", "x8", "x9"]}


@pytest.fixture(scope="module")
def hs() -> pd.DataFrame:
    return holzinger39.get_data()


@pytest.fixture(scope="module")
def hsm() -> pd.DataFrame:
    return pd.read_csv(LAVAAN / "hs_missing.csv")


def _compare(res, case):
    ref = lavaan_fit(case)
    for k in ref.index:
        assert res.fit[k] == pytest.approx(ref[k], rel=1e-6, abs=1e-6), k
    est = res.estimates.set_index("label")
    e = lavaan_estimates(case).set_index("label")
    np.testing.assert_allclose(est["estimate"], e.loc[est.index, "est"], atol=1e-4)
    np.testing.assert_allclose(est["se"], e.loc[est.index, "se"], atol=1e-4)
    np.testing.assert_allclose(res.loadings["std_all"], e[e["op"] == "=~"]["std_all"], atol=1e-4)


def test_cross_loading_and_residual_covariance_match_lavaan(hs, hsm):
    res = pm.cfa(hs, MODEL, missing="listwise")
    _compare(res, "hs_syntax")
    assert "x2~~x7" in set(res.estimates["label"])
    assert res.loadings[["factor", "item"]].values.tolist()[3] == ["visual", "x9"]
    _compare(pm.cfa(hsm, MODEL, missing="ml"), "hsm_syntax_fiml")


def test_syntax_in_invariance_matches_lavaan(hsm):
    table = pm.measurement_invariance(hsm, MODEL, "school", levels=("configural", "metric"))
    ref = lavaan_fit("hsm_syntax_inv_metric")
    row = table.set_index("model").loc["metric"]
    for k in ("chi2", "df", "cfi", "tli", "rmsea", "srmr"):
        assert row[k] == pytest.approx(ref[k], rel=1e-6, abs=1e-6), k


def test_a_simple_string_equals_the_mapping(hs):
    a = pm.cfa(hs, SIMPLE, missing="listwise")
    b = pm.cfa(hs, FACTORS, missing="listwise")
    pd.testing.assert_series_equal(a.fit, b.fit)
    rel = pm.reliability(hs, SIMPLE)
    pd.testing.assert_frame_equal(rel, pm.reliability(hs, FACTORS))
    pd.testing.assert_frame_equal(pm.htmt(hs, SIMPLE), pm.htmt(hs, FACTORS))


def test_modindices_match_lavaan(hs):
    mi = pm.modindices(pm.cfa(hs, SIMPLE, missing="listwise"))
    ref = lavaan_csv("modindices")
    ref = ref[ref["op"].isin(["=~", "~~"])]
    both = mi.merge(ref, on=["lhs", "op", "rhs"], suffixes=("", "_lavaan"), validate="1:1")
    assert len(both) == len(mi) == len(ref) == 54
    # lavaan stops ~3e-6 short of the optimum: mi agree to 1e-4 (abs) or 1e-5 (relative)
    np.testing.assert_allclose(both["mi"], both["mi_lavaan"], rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(both["epc"], both["epc_lavaan"], atol=1e-5)
    np.testing.assert_allclose(both["sepc_all"], both["sepc_all_lavaan"], atol=1e-5)
    assert len(pm.modindices(pm.cfa(hs, SIMPLE, missing="listwise"), minimum=10)) == 4


def test_freeing_the_largest_index_lowers_chi2_by_about_it(hs):
    base = pm.cfa(hs, SIMPLE, missing="listwise")
    top = pm.modindices(base).sort_values("mi").iloc[-1]
    freed = pm.cfa(hs, SIMPLE + f"; {top.lhs} {top.op} {top.rhs}", missing="listwise")
    drop = base.fit["chi2"] - freed.fit["chi2"]
    assert drop == pytest.approx(top["mi"], rel=0.25)


@pytest.mark.parametrize(
    ("model", "message"),
    [
        ("visual =~ x1 + x2\nvisual ~ speed", "only '=~' and '~~'"),
        ("visual =~ 1*x1 + x2 + x3", "not a plain variable name"),
        ("x1 ~~ x2", "defines no factor"),
        ("v =~ x1 + x2 + x1", "listed twice"),
        ("v =~ x1 + x2 + x3\nv ~~ x4", "between a factor and an item"),
    ],
)
def test_parse_model_rules(model, message):
    with pytest.raises(ValueError, match=message):
        pm.parse_model(model)


def test_functions_needing_simple_structure_refuse_covariances(hs):
    with pytest.raises(ValueError, match="residual covariances"):
        pm.reliability(hs, MODEL)
    with pytest.raises(ValueError, match="two factors"):
        pm.htmt(hs, MODEL.replace("x2 ~~ x7", ""))
    with pytest.raises(ValueError, match="not an item of the model"):
        pm.cfa(hs, SIMPLE + "; x1 ~~ school", missing="listwise")
