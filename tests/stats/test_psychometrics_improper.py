"""Improper solutions flagged as lavaan and psych flag them; constant items named with their group.

References: ``tests/reference/lavaan/lavaan_improper.R`` (lavaan 0.6-14's post-estimation
warnings and the estimates it keeps: a negative residual variance in the Holzinger-Swineford
data with planted missingness, a factor correlation above 1 in one group and in a two-group
invariance sequence) and ``tests/reference/psych/make_ultra_heywood.R`` with
``psych_reference.R`` (psych 2.2.9 ``omega`` on a data set whose Schmid-Leiman step is an
ultra-Heywood case).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from akhlak_analysis.errors import DataError
from akhlak_analysis.stats import psychometrics as pm
from tests.r_reference import LAVAAN, PSYCH, psych_value

holzinger39 = pytest.importorskip("semopy.examples.holzinger39")

HS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
TWO = {"f1": ["a1", "a2", "a3"], "f2": ["b1", "b2", "b3"]}
#: lavaan's warning text -> the kind of problem it reports
LAVAAN_KINDS = {"ov variances are negative": "negative_ov_variance",
                "lv variances are negative": "negative_lv_variance",
                "latent variables is not positive definite": "lv_not_positive_definite",
                "(theta) is not positive definite": "theta_not_positive_definite"}
quiet = pytest.mark.filterwarnings("ignore::akhlak_analysis.stats.psychometrics."
                                   "ImproperSolutionWarning")


def _lavaan_kinds(case: str, model: str) -> set[tuple[str, str | None]]:
    """(kind, group label) of each lavaan warning of one fit."""
    t = pd.read_csv(LAVAAN / "improper_warnings.csv")
    out = set()
    for text in t.loc[(t["case"] == case) & (t["model"] == model), "warning"]:
        kind = next(k for pat, k in LAVAAN_KINDS.items() if pat in text)
        group = "B" if "in group 2" in text else None  # group 2 of improper_data.csv is "B"
        out.add((kind, group))
    return out


def _lavaan_estimate(case: str, model: str, lhs: str, rhs: str, group: int = 1,
                     column: str = "est") -> float:
    t = pd.read_csv(LAVAAN / "improper_estimates.csv")
    hit = t[(t["case"] == case) & (t["model"] == model) & (t["lhs"] == lhs)
            & (t["rhs"] == rhs) & (t["group"] == group)]
    assert len(hit) == 1
    return float(hit[column].iloc[0])


def _ours(problems: pd.DataFrame) -> set[tuple[str, str | None]]:
    return {(r.kind, r.group) for r in problems.itertuples()}


@pytest.fixture(scope="module")
def improper_data() -> pd.DataFrame:
    return pd.read_csv(LAVAAN / "improper_data.csv")


# ------------------------------------------------------------------------------------------
# CFA: flagged, warned, values kept as computed


def test_negative_residual_variance_is_flagged_as_lavaan_does():
    hsm = pd.read_csv(LAVAAN / "hs_missing.csv")
    with pytest.warns(pm.ImproperSolutionWarning, match="ov variances are negative: 'x9'"):
        res = pm.cfa(hsm, HS, missing="listwise")
    assert res.converged and res.improper and res.fit["improper"] == 1.0
    assert _ours(res.problems) == _lavaan_kinds("hsm_listwise", "cfa")
    x9 = res.residual_variances.set_index("item").loc["x9", "estimate"]
    assert x9 == res.problems["estimate"].iloc[0] < 0
    assert x9 == pytest.approx(_lavaan_estimate("hsm_listwise", "cfa", "x9", "x9"), abs=1e-5)
    assert res.warnings == ("some estimated ov variances are negative: 'x9' = -0.0294",)


def test_factor_correlation_above_one_is_flagged_and_kept(improper_data):
    b = improper_data[improper_data["group"] == "B"]
    with pytest.warns(pm.ImproperSolutionWarning, match="not positive definite"):
        res = pm.cfa(b, TWO, missing="listwise")
    assert _ours(res.problems) == _lavaan_kinds("lv_single", "cfa")
    r = res.factor_correlations.loc["f1", "f2"]
    assert r > 1 and r == pytest.approx(
        _lavaan_estimate("lv_single", "cfa", "f1", "f2", column="std_all"), abs=1e-5)
    assert res.problems["name"].tolist() == ["f1~~f2"]


def test_negative_first_order_residual_variance_in_a_second_order_model():
    so = pd.read_csv(LAVAAN / "improper_second_order.csv")
    factors = {"p": ["y1", "y2", "y3"], "q": ["y4", "y5", "y6"], "r": ["y7", "y8", "y9"]}
    with pytest.warns(pm.ImproperSolutionWarning, match="lv variances are negative: 'p'"):
        res = pm.cfa(so, factors, second_order="g", missing="listwise")
    assert res.converged and _ours(res.problems) == _lavaan_kinds("second_order", "cfa")
    psi = res.estimates.set_index("label").loc["p~~p", "estimate"]
    assert psi == pytest.approx(_lavaan_estimate("second_order", "cfa", "p", "p"), abs=1e-4)
    assert res.problems["estimate"].iloc[0] == psi


def test_a_proper_solution_warns_of_nothing():
    hs = holzinger39.get_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error", pm.ImproperSolutionWarning)
        res = pm.cfa(hs, HS, missing="listwise")
        table = pm.measurement_invariance(hs, HS, "school")
    assert not res.improper and res.problems.empty and res.warnings == ()
    assert res.fit["improper"] == 0.0 and not table["improper"].any()
    assert (table["problems"] == "").all()


@quiet
@pytest.mark.parametrize("categories", [3, 5])
def test_wlsmv_flags_a_factor_correlation_above_one(improper_data, categories):
    b = improper_data[improper_data["group"] == "B"]
    cut = b[["group"]].assign(**{c: pd.qcut(b[c], categories, labels=False) for c in
                                 ["a1", "a2", "a3", "b1", "b2", "b3"]})
    res = pm.cfa(cut, TWO, estimator="WLSMV", ordered=True, missing="listwise")
    # the polychoric version of the same data: a correlation of the factors above 1 again
    assert res.factor_correlations.loc["f1", "f2"] > 1
    assert res.improper and set(res.problems["kind"]) == {"lv_not_positive_definite"}
    assert res.fit["improper"] == 1.0


# ------------------------------------------------------------------------------------------
# invariance: the group is named


@pytest.mark.parametrize("model", ["configural", "metric"])
def test_invariance_names_the_group_with_the_improper_solution(improper_data, model):
    with pytest.warns(pm.ImproperSolutionWarning, match="in group 'B'"):
        table = pm.measurement_invariance(improper_data, TWO, "group",
                                          levels=["configural", "metric"])
    row = table.set_index("model").loc[model]
    assert bool(row["improper"]) and "in group 'B'" in row["problems"]
    lavaan = _lavaan_kinds("lv_groups", model)
    assert lavaan == {("lv_not_positive_definite", "B")}
    assert row["problems"].startswith(
        "covariance matrix of latent variables is not positive definite: correlation of "
        "'f1' and 'f2' = 1.06")
    assert list(table.columns[-2:]) == ["improper", "problems"]


@quiet
def test_partial_invariance_carries_the_flag(improper_data):
    table = pm.partial_invariance(improper_data, TWO, "group", free_intercepts=["a2"])
    assert table["improper"].all()


# ------------------------------------------------------------------------------------------
# omega: psych's ultra-Heywood case


def test_omega_in_an_ultra_heywood_case_is_psychs_value_not_clipped():
    x = pd.read_csv(PSYCH / "omega_ultra_heywood.csv")
    with pytest.warns(pm.ImproperSolutionWarning, match="ultra-Heywood"):
        res = pm.omega_hierarchical(x, 3, missing="pairwise")
    # psych 2.2.9 prints 0.502 (omega_h) where clipping the loading to 1 printed 0.425;
    # psych's L-BFGS-B stops at its own tolerance: 1e-4 on the loadings
    assert res.omega_h == pytest.approx(psych_value("ultra_heywood", "omega_h"), abs=1e-5)
    assert res.omega_total == pytest.approx(psych_value("ultra_heywood", "omega_total"),
                                            abs=1e-5)
    assert res.alpha == pytest.approx(psych_value("ultra_heywood", "omega_alpha"), abs=1e-9)
    for j in (1, 2, 3):
        want = psych_value("ultra_heywood", "gloading", f"F{j}")
        assert res.general_loadings[f"f{j}"] == pytest.approx(want, abs=1e-4)
    assert res.improper and res.general_loadings.max() > 1


def test_minres_one_factor_recovers_an_exact_one_factor_matrix():
    lam = np.array([0.8, 0.6, 0.5, 0.7])
    r = np.outer(lam, lam)
    np.fill_diagonal(r, 1.0)
    np.testing.assert_allclose(pm.factor.minres_one_factor(r), lam, atol=1e-4)


# ------------------------------------------------------------------------------------------
# a constant item names the item and the group


def _with_constant_item(missing: str) -> pd.DataFrame:
    d = holzinger39.get_data()
    d = d.assign(x3=d["x3"].round())
    d.loc[d["school"] == "Grant-White", "x3"] = 4.0
    if missing == "ml":
        d.loc[d.index[::7], "x5"] = np.nan
    return d


@pytest.mark.parametrize("missing", ["ml", "listwise"])
def test_constant_item_in_one_group_names_item_and_group(missing):
    d = _with_constant_item(missing)
    with pytest.raises(DataError, match="item 'x3' is constant \\(all 4\\) in group "
                                        "'Grant-White'") as err:
        pm.measurement_invariance(d, HS, "school", missing=missing)
    assert err.value.column == "x3"


def test_constant_item_names_the_item_in_a_single_group_cfa():
    d = _with_constant_item("listwise")
    with pytest.raises(DataError, match="item 'x3' is constant \\(all 4\\)$"):
        pm.cfa(d[d["school"] == "Grant-White"], HS, missing="ml")


def test_a_linear_combination_still_names_its_items():
    d = holzinger39.get_data()
    d["x10"] = d["x1"] + d["x2"]
    with pytest.raises(DataError, match="linear combination"):
        pm.cfa(d, {**HS, "visual": ["x1", "x2", "x3", "x10"]}, missing="listwise")


@quiet
def test_ordinal_invariance_names_the_group_with_the_improper_solution(improper_data):
    cut = improper_data[["group"]].assign(
        **{c: pd.qcut(improper_data[c], 3, labels=False) for c in ["a1", "a2", "a3", "b1",
                                                                    "b2", "b3"]})
    table = pm.measurement_invariance(cut, TWO, "group", estimator="WLSMV", ordered=True,
                                      missing="listwise", levels=["configural"])
    assert bool(table["improper"].iloc[0]) and "in group 'B'" in table["problems"].iloc[0]
    assert "in group 'A'" not in table["problems"].iloc[0]


def test_ordinal_negative_residual_variance_matches_lavaan():
    """The four-group ordinal reference case: lavaan warns at the thresholds and metric steps
    (x9's residual variance 1/delta^2 - common is negative in the third group)."""
    from akhlak_analysis.stats.psychometrics import _ordinal_invariance as oi
    from akhlak_analysis.stats.psychometrics.invariance import ordinal_inputs

    hso = pd.read_csv(LAVAAN / "hs_ordinal.csv")
    hs4 = hso[hso["cohort"].notna()][["cohort", *[f"x{i}" for i in range(1, 10)]]]
    model = "\n".join(f"{f} =~ {' + '.join(its)}" for f, its in HS.items()) + "\nx4 ~~ x5"
    inputs = ordinal_inputs(hs4, model, "cohort", ["configural", "thresholds", "metric"],
                            "listwise", "WLSMV", True)
    group_levels = inputs[4]
    for level, res, _ in oi.fit_sequence(*inputs):
        found = {(r["kind"], r["group"], r["name"]): r["estimate"]
                 for r in oi.problems(res, group_levels)}
        assert bool(found) == bool(_lavaan_kinds("hs4_ordinal", level)), level
        if not found:
            continue
        assert set(found) == {("negative_ov_variance", group_levels[2], "x9")}
        # 1e-3: lavaan's optimizer stops short in these small groups (test_psychometrics_ordinal)
        want = _lavaan_estimate("hs4_ordinal", level, "x9", "x9", group=3)
        assert found[("negative_ov_variance", group_levels[2], "x9")] == pytest.approx(want,
                                                                                     abs=1e-3)
