"""Known-answer tests for akhlak_analysis.stats.psychometrics against R (reference-values.md).

lavaan 0.6-14, psych 2.2.9 and semTools 0.5-6 on the Holzinger-Swineford data shipped with
semopy, and psych/pingouin alphas on pingouin's bundled data sets. Tolerances follow the digits
printed in reference-values.md: 1e-6 where six decimals are given, half a unit in the last
printed digit otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhlak_analysis.stats import psychometrics as pm

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
    return pm.cfa(hs, FACTORS)


@pytest.fixture(scope="module")
def hs_invariance(hs):
    return pm.measurement_invariance(hs, FACTORS, "school", strict=True).set_index("model")


# ------------------------------------------------------------------------------------------
# CFA (lavaan fitMeasures / standardizedSolution)


@pytest.mark.parametrize(
    ("stat", "expected"),
    [
        ("chi2", 85.305522),
        ("baseline_chi2", 918.851589),
        ("cfi", 0.930560),
        ("tli", 0.895839),
        ("rmsea", 0.092121),
        ("rmsea_ci_low", 0.071418),
        ("rmsea_ci_high", 0.113678),
        ("srmr", 0.065205),
        ("loglik", -3737.744927),
        ("aic", 7517.489853),
        ("bic", 7595.339169),
    ],
)
def test_cfa_fit_matches_lavaan(hs_cfa, stat, expected):
    assert hs_cfa.fit[stat] == pytest.approx(expected, abs=1e-6)


def test_cfa_degrees_of_freedom_and_n(hs_cfa):
    assert hs_cfa.fit["df"] == 24
    assert hs_cfa.fit["baseline_df"] == 36
    assert hs_cfa.fit["n"] == 301
    assert hs_cfa.converged


def test_cfa_standardized_loadings_match_lavaan(hs_cfa):
    expected = [0.772, 0.424, 0.581, 0.852, 0.855, 0.838, 0.570, 0.723, 0.665]
    np.testing.assert_allclose(hs_cfa.loadings["std_all"], expected, atol=rounded(3))
    assert hs_cfa.loadings["item"].tolist() == ITEMS


def test_cfa_standard_errors_match_lavaan(hs_cfa):
    # lavaan parameterEstimates(): x2 .100, x3 .109, x5 .065, x6 .055, x8 .165, x9 .151
    se = hs_cfa.loadings.set_index("item")["se"]
    np.testing.assert_allclose(
        se[["x2", "x3", "x5", "x6", "x8", "x9"]],
        [0.100, 0.109, 0.065, 0.055, 0.165, 0.151],
        atol=rounded(3),
    )
    assert se[["x1", "x4", "x7"]].isna().all()  # fixed marker loadings


def test_cfa_std_lv_gives_the_same_fit(hs, hs_cfa):
    res = pm.cfa(hs, FACTORS, std_lv=True)
    assert res.fit["chi2"] == pytest.approx(hs_cfa.fit["chi2"], abs=1e-6)
    np.testing.assert_allclose(res.loadings["std_all"], hs_cfa.loadings["std_all"], atol=1e-6)


def test_cfa_factor_correlations_and_residuals(hs_cfa):
    corr = hs_cfa.factor_correlations
    assert list(corr.columns) == list(FACTORS)
    np.testing.assert_allclose(np.diag(corr), 1.0)
    assert corr.loc["visual", "textual"] == pytest.approx(0.459, abs=rounded(3))
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
    assert hs_second.fit["chi2"] == pytest.approx(85.305522, abs=1e-6)


# ------------------------------------------------------------------------------------------
# reliability and validity (psych / semTools)


def test_reliability_holzinger(hs):
    rel = pm.reliability(hs, FACTORS).set_index("factor")
    np.testing.assert_allclose(rel["alpha"], [0.6261, 0.8827, 0.6885], atol=rounded(4))
    np.testing.assert_allclose(rel["omega"], [0.612, 0.885, 0.686], atol=rounded(3))
    np.testing.assert_allclose(rel["ave"], [0.371, 0.721, 0.424], atol=rounded(3))
    assert (rel["n_items"] == 3).all() and (rel["n"] == 301).all()
    assert (rel["alpha_ci_low"] < rel["alpha"]).all() and (
        rel["alpha"] < rel["alpha_ci_high"]
    ).all()


@pytest.mark.filterwarnings("ignore:omega/AVE not computed:RuntimeWarning")
@pytest.mark.parametrize(
    ("name", "missing", "alpha", "low", "high"),
    [
        ("cronbach_alpha", "pairwise", 0.5917188, 0.1949214, 0.8398208),
        ("cronbach_wide_missing", "pairwise", 0.7326608, 0.4353104, 0.9093629),
        ("cronbach_wide_missing", "listwise", 0.8016949, 0.5811283, 0.9327678),
    ],
)
def test_alpha_matches_psych_and_pingouin(name, missing, alpha, low, high):
    data = pingouin.read_dataset(name)
    if name == "cronbach_alpha":  # long format
        data = data.pivot(index="Subj", columns="Items", values="Scores")
    rel = pm.reliability(data, {"scale": list(data.columns)}, missing=missing)
    row = rel.iloc[0]
    assert row["alpha"] == pytest.approx(alpha, abs=rounded(7))
    assert row["alpha_ci_low"] == pytest.approx(low, abs=rounded(7))
    assert row["alpha_ci_high"] == pytest.approx(high, abs=rounded(7))
    assert row["n"] == len(data)


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
    np.testing.assert_allclose(
        [v1.loc[a, b] for a, b in pairs], [0.424, 0.467, 0.290], atol=rounded(3)
    )
    np.testing.assert_allclose(
        [v2.loc[a, b] for a, b in pairs], [0.384, 0.387, 0.280], atol=rounded(3)
    )
    np.testing.assert_allclose(v2.to_numpy(), v2.to_numpy().T)
    np.testing.assert_allclose(np.diag(v1), 1.0)


def test_fornell_larcker(hs, hs_cfa):
    table = pm.fornell_larcker(hs, FACTORS)
    np.testing.assert_allclose(np.diag(table) ** 2, [0.371, 0.721, 0.424], atol=rounded(3))
    assert table.loc["visual", "speed"] == pytest.approx(
        hs_cfa.factor_correlations.loc["visual", "speed"]
    )


# ------------------------------------------------------------------------------------------
# sampling adequacy and exploratory structure


def test_kmo_and_bartlett(hs):
    items = hs[ITEMS]
    msa = pm.kmo(items)
    assert msa["overall"] == pytest.approx(0.75224459, abs=rounded(8))
    assert list(msa.index) == [*ITEMS, "overall"]
    assert ((msa > 0) & (msa < 1)).all()
    res = pm.bartlett(items)
    assert res.chi2 == pytest.approx(904.09705, abs=rounded(5))
    assert res.df == 36 and res.n == 301
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


# ------------------------------------------------------------------------------------------
# measurement invariance (lavaan group.equal / semTools)


@pytest.mark.parametrize(
    ("model", "chi2", "df", "cfi", "rmsea", "srmr"),
    [
        ("configural", 115.851344, 48, 0.923398, 0.096915, 0.067864),
        ("metric", 124.043544, 54, 0.920923, 0.092837, 0.071652),
        ("scalar", 164.102831, 60, 0.882472, 0.107371, 0.082447),
        ("strict", 181.511345, 69, 0.872979, 0.104089, 0.088263),
    ],
)
def test_invariance_matches_lavaan(hs_invariance, model, chi2, df, cfi, rmsea, srmr):
    row = hs_invariance.loc[model]
    assert row["chi2"] == pytest.approx(chi2, abs=1e-6)
    assert row["df"] == df
    assert row["cfi"] == pytest.approx(cfi, abs=1e-6)
    assert row["rmsea"] == pytest.approx(rmsea, abs=1e-6)
    assert row["srmr"] == pytest.approx(srmr, abs=1e-6)


def test_invariance_configural_rmsea_interval(hs_invariance):
    row = hs_invariance.loc["configural"]
    assert row["rmsea_ci_low"] == pytest.approx(0.074505, abs=1e-6)
    assert row["rmsea_ci_high"] == pytest.approx(0.119583, abs=1e-6)


def test_invariance_decisions(hs_invariance):
    assert pd.isna(hs_invariance.loc["configural", "holds"])
    assert hs_invariance.loc["metric", "holds"]
    assert hs_invariance.loc["metric", "delta_cfi"] == pytest.approx(-0.0025, abs=rounded(4))
    assert not hs_invariance.loc["scalar", "holds"]
    assert hs_invariance.loc["scalar", "delta_cfi"] == pytest.approx(-0.0385, abs=rounded(4))
    assert hs_invariance.loc["scalar", "delta_chi2"] == pytest.approx(40.059, abs=rounded(3))
    assert hs_invariance.loc["scalar", "delta_df"] == 6
    assert list(hs_invariance.index) == ["configural", "metric", "scalar", "strict"]


def test_partial_scalar_with_explicit_free_intercepts(hs):
    res = pm.partial_invariance(hs, FACTORS, "school", free_intercepts=["x3", "x7"])
    row = res.iloc[-1]
    assert row["model"] == "partial_scalar"
    assert row["chi2"] == pytest.approx(129.422, abs=rounded(3))
    assert row["df"] == 58
    assert row["cfi"] == pytest.approx(0.919, abs=rounded(3))
    assert row["holds"]


def test_partial_scalar_search_frees_x3_then_x7(hs):
    res = pm.partial_invariance(hs, FACTORS, "school")
    assert res["model"].tolist() == ["metric", "scalar", "partial_scalar", "partial_scalar"]
    assert res["free_intercepts"].iloc[-1] == "x3, x7"
    assert res["chi2"].iloc[-1] == pytest.approx(129.422, abs=rounded(3))
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
        pm.cfa(data, {"f": ["a", "b", "c"]})
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
    with pytest.raises(ValueError, match="'Grant-White' has 5 complete rows"):
        pm.measurement_invariance(tiny, FACTORS, "school")


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
    assert res.alpha == pytest.approx(0.7604, abs=rounded(4))
    assert res.omega_h == pytest.approx(0.4492, abs=rounded(4))
    assert res.omega_total == pytest.approx(0.8508, abs=rounded(4))
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
