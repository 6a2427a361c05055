"""Known-answer tests for akhlak_analysis.stats.psychometrics against R.

lavaan 0.6-14, psych 2.2.9 and semTools 0.5-6 on the Holzinger-Swineford data shipped with
semopy, and psych alphas on pingouin's bundled data sets. The R values are read from
``tests/reference/lavaan/`` and ``tests/reference/psych/`` (written by the R scripts there);
the tolerance is 1e-6 unless a comment says otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhlak_analysis.stats import psychometrics as pm
from tests.r_reference import PSYCH, lavaan_estimates, lavaan_fit, psych_series, psych_value

pingouin = pytest.importorskip("pingouin")
holzinger39 = pytest.importorskip("semopy.examples.holzinger39")

ITEMS = [f"x{i}" for i in range(1, 10)]
FACTORS = {"visual": ITEMS[:3], "textual": ITEMS[3:6], "speed": ITEMS[6:]}


def rounded(digits: int) -> float:
    """Tolerance for a value printed with `digits` decimals (half a unit, plus float slack)."""
    return 0.5 * 10.0**-digits + 1e-9


@pytest.fixture(scope="module")
def hs() -> pd.DataFrame:
    return holzinger39.get_data()


@pytest.fixture(scope="module")
def hs_cfa(hs):
    return pm.cfa(hs, FACTORS, missing="listwise")  # lavaan's default: cfa(model, data)


@pytest.fixture(scope="module")
def hs_invariance(hs):
    return pm.measurement_invariance(hs, FACTORS, "school", strict=True).set_index("model")


# ------------------------------------------------------------------------------------------
# CFA (lavaan fitMeasures / standardizedSolution)


@pytest.mark.parametrize(
    "stat",
    ["chi2", "baseline_chi2", "cfi", "tli", "rmsea", "rmsea_ci_low", "rmsea_ci_high", "srmr",
     "loglik", "aic", "bic"],
)
def test_cfa_fit_matches_lavaan(hs_cfa, stat):
    assert hs_cfa.fit[stat] == pytest.approx(lavaan_fit("hs_ml")[stat], abs=1e-6)


def test_cfa_degrees_of_freedom_and_n(hs_cfa):
    assert hs_cfa.fit["df"] == 24
    assert hs_cfa.fit["baseline_df"] == 36
    assert hs_cfa.fit["n"] == 301
    assert hs_cfa.converged


def test_cfa_standardized_loadings_match_lavaan(hs_cfa):
    ref = lavaan_estimates("hs_ml").query("op == '=~'")
    np.testing.assert_allclose(hs_cfa.loadings["std_all"], ref["std_all"], atol=1e-6)
    # lavaan's nlminb stops about 3e-6 short of the optimum in the raw loadings
    np.testing.assert_allclose(hs_cfa.loadings["estimate"], ref["est"], atol=1e-5)
    assert hs_cfa.loadings["item"].tolist() == ITEMS


def test_cfa_standard_errors_match_lavaan(hs_cfa):
    ref = lavaan_estimates("hs_ml").set_index("label")
    est = hs_cfa.estimates.set_index("label")
    np.testing.assert_allclose(est["se"], ref.loc[est.index, "se"], atol=1e-5)
    se = hs_cfa.loadings.set_index("item")["se"]
    assert se[["x1", "x4", "x7"]].isna().all()  # fixed marker loadings


def test_cfa_std_lv_gives_the_same_fit(hs, hs_cfa):
    res = pm.cfa(hs, FACTORS, std_lv=True, missing="listwise")
    assert res.fit["chi2"] == pytest.approx(hs_cfa.fit["chi2"], abs=1e-6)
    np.testing.assert_allclose(res.loadings["std_all"], hs_cfa.loadings["std_all"], atol=1e-6)


def test_cfa_factor_correlations_and_residuals(hs_cfa):
    corr = hs_cfa.factor_correlations
    assert list(corr.columns) == list(FACTORS)
    np.testing.assert_allclose(np.diag(corr), 1.0)
    ref = lavaan_estimates("hs_ml").set_index("label")["std_all"]
    assert corr.loc["visual", "textual"] == pytest.approx(ref["visual~~textual"], abs=1e-6)
    res = hs_cfa.residual_variances.set_index("item")
    np.testing.assert_allclose(res["r2"], 1 - res["std_all"])
    loads = hs_cfa.loadings.set_index("item")["std_all"]
    np.testing.assert_allclose(res["r2"], loads[res.index] ** 2, atol=1e-8)


def _synthetic(n=600, k=4, per=3, seed=3):
    rng = np.random.default_rng(seed)
    phi = np.full((k, k), 0.6) + 0.4 * np.eye(k)
    eta = rng.multivariate_normal(np.zeros(k), phi, size=n)
    cols, factors = {}, {}
    for j in range(k):
        factors[f"f{j}"] = []
        for i in range(per):
            name = f"f{j}_{i}"
            cols[name] = 0.7 * eta[:, j] + np.sqrt(0.51) * rng.standard_normal(n)
            factors[f"f{j}"].append(name)
    return pd.DataFrame(cols), factors


def test_second_order_df(hs):
    data, factors = _synthetic()
    first = pm.cfa(data, factors)
    second = pm.cfa(data, factors, second_order="general")
    k = len(factors)
    assert second.converged
    assert second.fit["df"] == first.fit["df"] + (k * (k - 1) // 2 - k)
    assert second.fit["chi2"] >= first.fit["chi2"] - 1e-8
    higher = second.loadings[second.loadings["factor"] == "general"]
    assert higher["item"].tolist() == list(factors)
    # with three first-order factors the second-order model is an equivalent reparametrisation
    hs_second = pm.cfa(hs, FACTORS, second_order=True)
    assert hs_second.fit["df"] == 24
    assert hs_second.fit["chi2"] == pytest.approx(lavaan_fit("hs_ml")["chi2"], abs=1e-6)


# ------------------------------------------------------------------------------------------
# reliability and validity (psych / semTools)


def test_reliability_holzinger(hs):
    rel = pm.reliability(hs, FACTORS).set_index("factor")
    for stat in ("alpha", "omega", "ave"):
        ref = psych_series("hs", stat)
        np.testing.assert_allclose(rel.loc[ref.index, stat], ref, atol=1e-6)
    assert (rel["n_items"] == 3).all() and (rel["n"] == 301).all()
    assert (rel["alpha_ci_low"] < rel["alpha"]).all() and (
        rel["alpha"] < rel["alpha_ci_high"]
    ).all()


@pytest.mark.filterwarnings("ignore:omega/AVE not computed:RuntimeWarning")
@pytest.mark.parametrize(
    ("name", "file", "missing"),
    [
        ("cronbach_alpha", "cronbach_alpha_wide", "pairwise"),
        ("cronbach_wide_missing", "cronbach_wide_missing", "pairwise"),
        ("cronbach_wide_missing_listwise", "cronbach_wide_missing", "listwise"),
    ],
)
def test_alpha_matches_psych(name, file, missing):
    data = pd.read_csv(PSYCH / f"{file}.csv")
    rel = pm.reliability(data, {"scale": list(data.columns)}, missing=missing)
    row = rel.iloc[0]
    for stat in ("alpha", "alpha_ci_low", "alpha_ci_high"):
        assert row[stat] == pytest.approx(psych_value(name, stat), abs=1e-9)
    assert row["n"] == len(data)


def test_alpha_on_pingouin_long_data_equals_the_wide_csv():
    data = pingouin.read_dataset("cronbach_alpha")
    wide = data.pivot(index="Subj", columns="Items", values="Scores")
    rel = pm.reliability(wide, {"scale": list(wide.columns)}).iloc[0]
    assert rel["alpha"] == pytest.approx(psych_value("cronbach_alpha", "alpha"), abs=1e-9)


def test_alpha_std_equals_alpha_of_correlations(hs):
    rel = pm.reliability(hs, FACTORS).set_index("factor")
    r = hs[FACTORS["visual"]].corr().to_numpy()
    assert rel.loc["visual", "alpha_std"] == pytest.approx(1.5 * (1 - 3 / r.sum()))


def test_item_analysis(hs):
    table = pm.item_analysis(hs, FACTORS).set_index("item")
    assert list(table.index) == ITEMS
    rel = pm.reliability(hs, FACTORS).set_index("factor")
    # r_drop is the correlation of the item with the sum of the other items of its factor
    rest = hs[["x2", "x3"]].sum(axis=1)
    assert table.loc["x1", "r_drop"] == pytest.approx(np.corrcoef(hs["x1"], rest)[0, 1])
    total = hs[FACTORS["visual"]].sum(axis=1)
    assert table.loc["x1", "r_hitung"] == pytest.approx(np.corrcoef(hs["x1"], total)[0, 1])
    # alpha if dropped = alpha of the remaining items
    sub = pm.reliability(hs, {"v": ["x2", "x3"]}).iloc[0]["alpha"]
    assert table.loc["x1", "alpha_if_dropped"] == pytest.approx(sub)
    # r_tabel for n = 301 (df 299) at .05 two-sided is 0.1131 (tables: .113 for N = 300)
    assert table.loc["x1", "r_tabel"] == pytest.approx(0.1131, abs=rounded(4))
    assert table["valid"].all()
    assert table.loc["x2", "flag_alpha_rises"] == bool(
        table.loc["x2", "alpha_if_dropped"] > rel.loc["visual", "alpha"]
    )
    assert ((table["floor"] >= 0) & (table["ceiling"] <= 1) & (table["missing"] == 0)).all()


def test_item_analysis_floor_ceiling_with_scale():
    data = pd.DataFrame(
        {"a": [1, 1, 2, 5, 3, np.nan], "b": [1, 2, 2, 4, 3, 4], "c": [2, 1, 3, 5, 3, 4]}
    )
    table = pm.item_analysis(data, {"f": ["a", "b", "c"]}, scale=(1, 5)).set_index("item")
    assert table.loc["a", "floor"] == pytest.approx(2 / 5)
    assert table.loc["a", "ceiling"] == pytest.approx(1 / 5)
    assert table.loc["a", "missing"] == pytest.approx(1 / 6)
    assert table.loc["b", "ceiling"] == 0.0
    assert table.loc["a", "n"] == 5


def test_htmt_matches_semtools(hs):
    v1 = pm.htmt(hs, FACTORS, version=1)
    v2 = pm.htmt(hs, FACTORS, version=2)
    pairs = [("visual", "textual"), ("visual", "speed"), ("textual", "speed")]
    for table, stat in ((v1, "htmt"), (v2, "htmt2")):
        ref = [psych_value("hs", stat, f"{a}-{b}") for a, b in pairs]
        np.testing.assert_allclose([table.loc[a, b] for a, b in pairs], ref, atol=1e-6)
    np.testing.assert_allclose(v2.to_numpy(), v2.to_numpy().T)
    np.testing.assert_allclose(np.diag(v1), 1.0)


def test_fornell_larcker(hs, hs_cfa):
    table = pm.fornell_larcker(hs, FACTORS)
    ref = psych_series("hs", "ave")
    np.testing.assert_allclose(np.diag(table) ** 2, ref[list(FACTORS)], atol=1e-6)
    assert table.loc["visual", "speed"] == pytest.approx(
        hs_cfa.factor_correlations.loc["visual", "speed"]
    )


# ------------------------------------------------------------------------------------------
# sampling adequacy and exploratory structure


def test_kmo_and_bartlett(hs):
    items = hs[ITEMS]
    k = pm.kmo(items)
    assert k.overall == pytest.approx(psych_value("hs", "kmo"), abs=1e-9)
    ref = psych_series("hs", "msa")
    np.testing.assert_allclose(k.msa[ref.index], ref, atol=1e-9)
    assert list(k.msa.index) == ITEMS and k.n == 301
    res = pm.bartlett(items)
    assert res.chi2 == pytest.approx(psych_value("hs", "bartlett_chi2"), abs=1e-6)
    assert res.df == psych_value("hs", "bartlett_df") and res.n == 301
    assert res.p_value < 1e-100


def test_parallel_analysis_suggests_three_factors(hs):
    res = pm.parallel_analysis(hs[ITEMS], n_iter=20, seed=42)
    assert res.n_factors == 3
    assert list(res.eigenvalues.columns) == [
        "number",
        "observed_pc",
        "simulated_pc",
        "observed_fa",
        "simulated_fa",
    ]
    assert res.eigenvalues["observed_pc"].sum() == pytest.approx(9.0)
    again = pm.parallel_analysis(hs[ITEMS], n_iter=20, seed=42)
    pd.testing.assert_frame_equal(res.eigenvalues, again.eigenvalues)


def test_efa_recovers_the_three_factors(hs):
    res = pm.efa(hs[ITEMS], 3)
    main = res.loadings.abs().idxmax(axis=1)
    assert main[["x1", "x2", "x3"]].nunique() == 1
    assert main[["x4", "x5", "x6"]].nunique() == 1
    assert main[["x7", "x8"]].nunique() == 1
    assert main.nunique() == 3
    np.testing.assert_allclose(np.diag(res.factor_correlations), 1.0)
    np.testing.assert_allclose(res.communalities + res.uniquenesses, 1.0)
    varimax = pm.efa(hs[ITEMS], 3, rotation="varimax")
    np.testing.assert_allclose(varimax.factor_correlations, np.eye(3))


def test_efa_ml_matches_psych(hs):
    # psych fa(hs, 3, fm = "ml", rotate = "oblimin"); GPArotation stops at eps = 1e-5
    res = pm.efa(hs[ITEMS], 3, missing="pairwise")
    for j in (1, 2, 3):
        for it in ITEMS:
            want = psych_value("hs", "efa_ml_loading", f"{it}|{j}")
            assert res.loadings.loc[it, f"f{j}"] == pytest.approx(want, abs=1e-5), (it, j)
    for i, j in ((1, 2), (1, 3), (2, 3)):
        want = psych_value("hs", "efa_ml_phi", f"{i}|{j}")
        assert res.factor_correlations.iloc[i - 1, j - 1] == pytest.approx(want, abs=1e-5)


_EFA_IN_A_NEW_PROCESS = """
import sys
from semopy.examples import holzinger39
from akhlak_analysis.stats import psychometrics as pm
hs = holzinger39.get_data()
sys.stdout.write(pm.efa(hs[[f"x{i}" for i in range(1, 10)]], 3).loadings.to_numpy().tobytes().hex())
"""


def test_efa_gives_the_same_bytes_in_every_run(hs):
    """statsmodels drew the ML start from fresh entropy: loadings moved in the 6th decimal
    from run to run and flags near a cut-off flipped (issue 18)."""
    import os
    import subprocess
    import sys

    here = pm.efa(hs[ITEMS], 3).loadings.to_numpy()
    assert pm.efa(hs[ITEMS], 3).loadings.to_numpy().tobytes() == here.tobytes()
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    out = subprocess.run([sys.executable, "-c", _EFA_IN_A_NEW_PROCESS], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert bytes.fromhex(out) == here.tobytes()


# ------------------------------------------------------------------------------------------
# measurement invariance (lavaan group.equal / semTools)


@pytest.mark.parametrize("model", ["configural", "metric", "scalar", "strict"])
def test_invariance_matches_lavaan(hs_invariance, model):
    row = hs_invariance.loc[model]
    ref = lavaan_fit(f"hs_inv_{model}")
    assert row["df"] == ref["df"]
    for stat in ("chi2", "cfi", "tli", "rmsea", "rmsea_ci_low", "rmsea_ci_high", "srmr"):
        assert row[stat] == pytest.approx(ref[stat], abs=1e-6), stat


def test_invariance_decisions(hs_invariance):
    assert pd.isna(hs_invariance.loc["configural", "holds"])
    assert hs_invariance.loc["metric", "holds"]
    assert hs_invariance.loc["metric", "delta_cfi"] == pytest.approx(-0.0025, abs=rounded(4))
    assert not hs_invariance.loc["scalar", "holds"]
    assert hs_invariance.loc["scalar", "delta_cfi"] == pytest.approx(-0.0385, abs=rounded(4))
    delta = lavaan_fit("hs_inv_scalar")["chi2"] - lavaan_fit("hs_inv_metric")["chi2"]
    assert hs_invariance.loc["scalar", "delta_chi2"] == pytest.approx(delta, abs=1e-6)
    assert hs_invariance.loc["scalar", "delta_df"] == 6
    assert list(hs_invariance.index) == ["configural", "metric", "scalar", "strict"]


def test_partial_scalar_with_explicit_free_intercepts(hs):
    res = pm.partial_invariance(hs, FACTORS, "school", free_intercepts=["x3", "x7"])
    row = res.iloc[-1]
    ref = lavaan_fit("hs_inv_partial")
    assert row["model"] == "partial_scalar"
    for stat in ("chi2", "cfi", "tli", "rmsea", "srmr"):
        assert row[stat] == pytest.approx(ref[stat], abs=1e-6), stat
    assert row["df"] == ref["df"] == 58
    assert row["holds"]


def test_partial_scalar_search_frees_x3_then_x7(hs):
    res = pm.partial_invariance(hs, FACTORS, "school")
    assert res["model"].tolist() == ["metric", "scalar", "partial_scalar", "partial_scalar"]
    assert res["free_intercepts"].iloc[-1] == "x3, x7"
    assert res["chi2"].iloc[-1] == pytest.approx(lavaan_fit("hs_inv_partial")["chi2"], abs=1e-6)
    assert res["holds"].iloc[-1]
    assert (res["score_chi2"].iloc[2:] > 3.84).all()


# ------------------------------------------------------------------------------------------
# criterion validity


def test_criterion_validity_matches_cor_test():
    rng = np.random.default_rng(0)
    x = rng.normal(size=40)
    y = 0.5 * x + rng.normal(size=40)
    res = pm.criterion_validity(pd.Series(x), pd.Series(y)).set_index("method")
    r = np.corrcoef(x, y)[0, 1]
    z = np.arctanh(r)
    half = 1.959963984540054 / np.sqrt(37)
    assert res.loc["pearson", "r"] == pytest.approx(r)
    assert res.loc["pearson", "ci_low"] == pytest.approx(np.tanh(z - half))
    assert res.loc["pearson", "ci_high"] == pytest.approx(np.tanh(z + half))
    assert res.loc["pearson", "n"] == 40
    assert -1 < res.loc["spearman", "ci_low"] < res.loc["spearman", "r"] < 1


# ------------------------------------------------------------------------------------------
# input rules


def test_item_not_in_data_is_named(hs):
    with pytest.raises(ValueError, match=r"'x10'.*did you mean 'x1'"):
        pm.reliability(hs, {"visual": ["x1", "x2", "x10"]})


def test_non_numeric_item_is_named(hs):
    with pytest.raises(ValueError, match="non-numeric: 'school'"):
        pm.cfa(hs, {"visual": ["x1", "x2", "school"], "speed": ["x7", "x8", "x9"]})


def test_factor_with_one_item(hs):
    with pytest.raises(ValueError, match="factor 'visual' has 1 item"):
        pm.item_analysis(hs, {"visual": ["x1"]})


def test_item_in_two_factors(hs):
    with pytest.raises(ValueError, match=r'column "x3".*two factors'):
        pm.htmt(hs, {"a": ["x1", "x2", "x3"], "b": ["x3", "x4"]})


def test_too_few_complete_rows():
    data = pd.DataFrame(
        {"a": [1.0, np.nan, 3.0, 2.0], "b": [2.0, 1.0, np.nan, 3.0], "c": [1.0, 2.0, 3.0, np.nan]}
    )
    with pytest.raises(ValueError, match="only 1 complete row"):
        pm.cfa(data, {"f": ["a", "b", "c"]}, missing="listwise")
    with pytest.raises(ValueError, match="more rows than items"):
        pm.cfa(data.fillna(0).iloc[:3], {"f": ["a", "b", "c"]})


def test_factors_must_be_a_mapping(hs):
    with pytest.raises(ValueError, match="mapping"):
        pm.reliability(hs, ["x1", "x2"])
    with pytest.raises(ValueError, match="list of item columns"):
        pm.reliability(hs, {"visual": "x1"})


def test_bad_options(hs):
    with pytest.raises(ValueError, match="missing must be"):
        pm.reliability(hs, FACTORS, missing="pairwize")
    with pytest.raises(ValueError, match="version must be"):
        pm.htmt(hs, FACTORS, version=3)
    with pytest.raises(ValueError, match="unknown invariance level"):
        pm.measurement_invariance(hs, FACTORS, "school", levels=("configural", "weak"))
    with pytest.raises(ValueError, match="n_factors"):
        pm.efa(hs[ITEMS], 9)
    with pytest.raises(ValueError, match="confidence"):
        pm.reliability(hs, FACTORS, confidence=95)


def test_group_column_rules(hs):
    with pytest.raises(ValueError, match=r'column "schol".*did you mean \'school\''):
        pm.measurement_invariance(hs, FACTORS, "schol")
    one = hs.assign(school="Pasteur")
    with pytest.raises(ValueError, match="at least 2 groups"):
        pm.measurement_invariance(one, FACTORS, "school")
    tiny = pd.concat([hs[hs.school == "Pasteur"], hs[hs.school == "Grant-White"].head(5)])
    with pytest.raises(ValueError, match="'Grant-White' has 5 rows with an answer"):
        pm.measurement_invariance(tiny, FACTORS, "school")
    with pytest.raises(ValueError, match="'Grant-White' has 5 complete rows"):
        pm.measurement_invariance(tiny, FACTORS, "school", missing="listwise")


def test_free_intercepts_rules(hs):
    with pytest.raises(ValueError, match="not in any factor"):
        pm.partial_invariance(hs, FACTORS, "school", free_intercepts=["x30"])
    with pytest.raises(ValueError, match="every intercept of a factor"):
        pm.partial_invariance(hs, FACTORS, "school", free_intercepts=["x1", "x2", "x3"])


def test_second_order_needs_three_factors(hs):
    with pytest.raises(ValueError, match="at least 3 first-order factors"):
        pm.cfa(hs, {"a": ITEMS[:4], "b": ITEMS[4:]}, second_order=True)


def test_flat_functions_reject_constant_or_text_columns(hs):
    with pytest.raises(ValueError, match="constant column"):
        pm.kmo(hs[ITEMS].assign(x9=1.0))
    with pytest.raises(ValueError, match="non-numeric"):
        pm.bartlett(hs[[*ITEMS, "school"]])
    with pytest.raises(ValueError, match="equal length"):
        pm.criterion_validity([1, 2, 3, 4], [1, 2, 3])


# ------------------------------------------------------------------------------------------
# optional extras: psych::omega, more groups, properties


def test_omega_hierarchical_matches_psych(hs):
    res = pm.omega_hierarchical(hs[ITEMS], 3)
    # psych's minres stops at its own tolerance: 1e-4 here
    assert res.alpha == pytest.approx(psych_value("hs", "omega_alpha"), abs=1e-6)
    assert res.omega_h == pytest.approx(psych_value("hs", "omega_h"), abs=1e-4)
    assert res.omega_total == pytest.approx(psych_value("hs", "omega_total"), abs=1e-4)
    assert list(res.loadings.columns) == ["g", "f1", "f2", "f3", "h2", "u2"]
    # Schmid-Leiman keeps the communalities of the oblique solution (minres)
    efa_pa = pm.efa(hs[ITEMS], 3, method="pa")
    np.testing.assert_allclose(res.loadings["h2"], efa_pa.communalities, atol=1e-6)


def test_efa_promax_factor_correlations(hs):
    res = pm.efa(hs[ITEMS], 3, rotation="promax")
    phi = res.factor_correlations.to_numpy()
    np.testing.assert_allclose(phi, phi.T, atol=1e-10)
    np.testing.assert_allclose(np.diag(phi), 1.0)
    assert (np.abs(phi[np.triu_indices(3, 1)]) < 1).all()


def test_invariance_with_three_groups():
    data, factors = _synthetic(n=900, k=3, per=3, seed=11)
    data["g"] = np.repeat(["a", "b", "c"], 300)
    table = pm.measurement_invariance(data, factors, "g").set_index("model")
    per_group_df = 9 * 10 // 2 - (6 + 3 + 3 + 9)  # moments - (loadings, variances, covs, resid)
    assert table.loc["configural", "df"] == 3 * per_group_df
    assert table.loc["metric", "df"] == 3 * per_group_df + 2 * 6
    assert table.loc["scalar", "df"] == 3 * per_group_df + 2 * 6 + 2 * (9 - 3)
    assert (table["chi2"].diff().dropna() >= -1e-8).all()


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    scale=st.floats(0.1, 10.0),
    shift=st.floats(-5.0, 5.0),
)
def test_alpha_invariant_to_common_linear_rescaling_and_item_order(seed, scale, shift):
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(50)
    data = pd.DataFrame({f"i{j}": common + rng.standard_normal(50) for j in range(4)})
    items = list(data.columns)
    base = pm.reliability(data, {"f": items}).iloc[0]
    moved = pm.reliability(data * scale + shift, {"f": items[::-1]}).iloc[0]
    for col in ("alpha", "alpha_ci_low", "alpha_ci_high", "alpha_std"):
        assert moved[col] == pytest.approx(base[col], rel=1e-9, abs=1e-12)
    assert base["alpha_ci_low"] <= base["alpha"] <= base["alpha_ci_high"]
