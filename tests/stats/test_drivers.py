"""Key-driver analysis (stats/drivers.py): R reference, input rules, invariants, the bootstrap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.errors import DataError
from akhlak_analysis.stats import drivers as dr
from tests.conftest import ROOT

REF = ROOT / "tests" / "reference" / "drivers"
VALUES = ["berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif",
          "kolaboratif"]
ITEMS = [f"i{j}" for j in range(1, 13)]


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(REF / "data.csv")


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(REF / "values.csv")


def _units(data: pd.DataFrame) -> UnitTable:
    hc = data.groupby("opd")["headcount"].first()
    table = pd.DataFrame({"code": hc.index, "name": hc.index, "level": "opd", "parent": pd.NA,
                          "opd_type": "Dinas", "aliases": [[] for _ in hc],
                          "replaced_by": pd.NA,
                          "headcount_2025": pd.array(hc.to_numpy(), dtype="Int64")})
    return UnitTable(table)


def _weights(data: pd.DataFrame) -> np.ndarray:
    return (data["headcount"] / data.groupby("opd")["opd"].transform("size")).to_numpy()


# -- known answers: R by hand (tests/reference/drivers/reference.R) -----------------------------
@pytest.mark.parametrize(("case", "columns", "weighted"), [
    ("values_unweighted", VALUES, False), ("values_weighted", VALUES, True),
    ("items_weighted", ITEMS, True)])
def test_formulas_equal_r(data, reference, case, columns, weighted):
    ref = reference[reference["case"] == case].set_index("predictor").loc[columns]
    x = data[[*columns, "keterlibatan"]].to_numpy()
    corr = dr.weighted_correlation(x, _weights(data) if weighted else np.ones(len(x)))
    np.testing.assert_allclose(dr.relative_weights(corr), ref["raw_weight"], rtol=0, atol=1e-8)
    np.testing.assert_allclose(dr.relative_weights(corr).sum(), ref["r2"].iloc[0], atol=1e-8)
    if case != "items_weighted":
        general, cond = dr.dominance(corr)
        np.testing.assert_allclose(general, ref["general_dominance"], atol=1e-8)
        np.testing.assert_allclose(cond, ref[[f"conditional_{k}" for k in range(7)]],
                                   atol=1e-8)


def test_key_drivers_equals_r_with_headcount_weights(data, reference):
    ref = reference[reference["case"] == "values_weighted"].set_index("predictor")
    res = dr.key_drivers(data, outcome="keterlibatan", predictors=VALUES, units=_units(data),
                         year=2025, draws=200, seed=1)
    got = res.table.set_index("predictor")
    assert res.weighted and res.n == len(data) and res.n_excluded == 0
    np.testing.assert_allclose(got.loc[VALUES, "raw_weight"], ref.loc[VALUES, "raw_weight"],
                               atol=1e-8)
    np.testing.assert_allclose(got.loc[VALUES, "general_dominance"],
                               ref.loc[VALUES, "general_dominance"], atol=1e-8)
    assert res.r2 == pytest.approx(ref["r2"].iloc[0], abs=1e-8)
    assert got["rescaled_weight"].sum() == pytest.approx(100)
    assert (got["ci_low"] <= got["raw_weight"]).all() and (got["raw_weight"] <= got["ci_high"]).all()
    assert got["share_first"].sum() == pytest.approx(1)
    assert res.table["rank"].tolist() == list(range(1, 8))
    assert res.table["predictor"].iloc[0] == "adaptif"   # the largest planted weight


def test_items_get_relative_weights_only(data):
    res = dr.key_drivers(data, outcome="keterlibatan", predictors=ITEMS, draws=50, seed=1)
    assert res.table["general_dominance"].isna().all() and res.conditional.empty
    with pytest.raises(ValueError, match="at most 10 predictors"):
        dr.key_drivers(data, outcome="keterlibatan", predictors=ITEMS, draws=5,
                       with_dominance=True)


# -- input rules ------------------------------------------------------------------------------
def test_culture_index_is_never_regressed_on_its_values(data):
    d = data.assign(culture_index=data[VALUES].mean(axis=1))
    with pytest.raises(DataError, match="mean of the value scores.*separate outcome"):
        dr.key_drivers(d, outcome="culture_index", predictors=VALUES, draws=10)


def test_a_composite_outcome_is_refused(data):
    d = data.assign(total=data[VALUES].sum(axis=1) + 1e-6 * np.arange(len(data)))
    with pytest.raises(DataError, match="linear combination of the predictors"):
        dr.key_drivers(d, outcome="total", predictors=VALUES, draws=10)


def test_other_input_rules(data):
    with pytest.raises(DataError, match="also one of the predictors"):
        dr.key_drivers(data, outcome="loyal", predictors=VALUES, draws=10)
    with pytest.raises(DataError, match="no column 'keterlibatn'"):
        dr.key_drivers(data, outcome="keterlibatn", predictors=VALUES, draws=10)
    with pytest.raises(DataError, match="at least two predictors"):
        dr.key_drivers(data, outcome="keterlibatan", predictors=["loyal"], draws=10)
    with pytest.raises(DataError, match="only 5 respondents"):
        dr.key_drivers(data.head(5), outcome="keterlibatan", predictors=VALUES, draws=10)
    with pytest.raises(DataError, match="linearly dependent"):
        dr.key_drivers(data.assign(copy=data["loyal"] * 2), outcome="keterlibatan",
                       predictors=[*VALUES, "copy"], draws=10)
    with pytest.raises(ValueError, match="draws"):
        dr.key_drivers(data, outcome="keterlibatan", predictors=VALUES, draws=0)
    with pytest.raises(ValueError, match="min_n"):
        dr.drivers_by_unit(data, outcome="keterlibatan", predictors=VALUES, min_n=5)
    with pytest.raises(DataError, match="no score for"):
        dr.focus_areas(pd.DataFrame({"outcome": "y", "predictor": ["a"], "rescaled_weight": [1],
                                     "rescaled_ci_low": [0], "rescaled_ci_high": [2]}), {})


def test_missing_scores_and_straightliners_are_counted_not_hidden(data):
    d = data.copy()
    d.loc[:9, "loyal"] = np.nan
    d["flag_straightline"] = False
    d.loc[10:14, "flag_straightline"] = True
    res = dr.key_drivers(d, outcome="keterlibatan", predictors=VALUES, draws=10)
    assert (res.n, res.n_excluded) == (len(d) - 15, 15)
    kept = dr.key_drivers(d, outcome="keterlibatan", predictors=VALUES, draws=10,
                          exclude_straightliners=False)
    assert kept.n_excluded == 10


# -- invariants -------------------------------------------------------------------------------
@st.composite
def _correlations(draw):
    p = draw(st.integers(2, 6))
    seed = draw(st.integers(0, 10_000))
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(p + 30, p + 1)) @ rng.normal(size=(p + 1, p + 1))
    return np.corrcoef(x, rowvar=False)


@settings(max_examples=40, deadline=None)
@given(_correlations())
def test_both_methods_split_r2_into_non_negative_parts(corr):
    rw = dr.relative_weights(corr)
    general, cond = dr.dominance(corr)
    p = len(corr) - 1
    r2 = corr[:p, p] @ np.linalg.solve(corr[:p, :p], corr[:p, p])
    assert rw.sum() == pytest.approx(r2, abs=1e-10)
    assert general.sum() == pytest.approx(r2, abs=1e-10)
    assert (rw >= -1e-12).all()
    np.testing.assert_allclose(cond[:, 0], corr[:p, p] ** 2, atol=1e-12)  # alone: r²
    perm = np.r_[np.random.default_rng(0).permutation(p), p]
    np.testing.assert_allclose(dr.relative_weights(corr[np.ix_(perm, perm)]), rw[perm[:-1]],
                               atol=1e-10)


@settings(max_examples=20, deadline=None)
@given(st.floats(0.1, 100), st.floats(-50, 50))
def test_weights_do_not_depend_on_the_unit_of_a_score(scale, shift):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 4)) + rng.normal(size=(200, 1))
    w = rng.uniform(1, 5, 200)
    y = x.copy()
    y[:, 1] = scale * y[:, 1] + shift
    np.testing.assert_allclose(dr.relative_weights(dr.weighted_correlation(x, w)),
                               dr.relative_weights(dr.weighted_correlation(y, w)), atol=1e-10)


# -- the bootstrap ----------------------------------------------------------------------------
def test_rescaled_bootstrap_reproduces_the_stratified_variance_with_fpc():
    """The bootstrap variance of a weighted mean against the design formula
    sum_h W_h² (1 - f_h) s_h² / n_h (what R's svymean gives), within Monte-Carlo error."""
    rng = np.random.default_rng(11)
    n_h, big_n = np.array([20, 50, 80]), np.array([30, 400, 100])
    strata = np.repeat(np.arange(3), n_h)
    y = rng.normal(np.repeat([60., 70., 80.], n_h), 10)
    w = (big_n / n_h)[strata]
    fpc = 1 - n_h / big_n
    boot = dr.bootstrap_weights(strata, w, fpc, draws=20_000, seed=5)
    means = boot @ y / boot.sum(axis=1)
    share = big_n / big_n.sum()
    s2 = np.array([y[strata == h].var(ddof=1) for h in range(3)])
    design = np.sum(share**2 * fpc * s2 / n_h)
    assert means.var() == pytest.approx(design, rel=0.05)


def test_a_census_has_no_sampling_error(data):
    census = data.assign(headcount=data.groupby("opd")["opd"].transform("size"))
    res = dr.key_drivers(census, outcome="keterlibatan", predictors=VALUES,
                         units=_units(census), year=2025, draws=30, seed=2)
    np.testing.assert_allclose(res.table["ci_low"], res.table["raw_weight"], atol=1e-12)
    np.testing.assert_allclose(res.table["ci_high"], res.table["raw_weight"], atol=1e-12)


def test_seeded_and_deterministic(data):
    a = dr.key_drivers(data, outcome="keterlibatan", predictors=VALUES, draws=50, seed=4)
    b = dr.key_drivers(data, outcome="keterlibatan", predictors=VALUES, draws=50, seed=4)
    c = dr.key_drivers(data, outcome="keterlibatan", predictors=VALUES, draws=50, seed=5)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert not a.table["ci_low"].equals(c.table["ci_low"])


# -- per unit and priorities ------------------------------------------------------------------
def test_units_below_min_n_get_no_analysis_of_their_own(data):
    table, skipped = dr.drivers_by_unit(data, outcome="keterlibatan", predictors=VALUES,
                                        min_n=85, draws=20, seed=1, units=_units(data),
                                        year=2025)
    assert sorted(table["unit"].unique()) == ["U3", "U4", "U5", "U6"]
    assert skipped.to_dict("records") == [{"unit": "U1", "n": 40, "reason": "too_few"},
                                          {"unit": "U2", "n": 80, "reason": "too_few"}]
    one = dr.key_drivers(data[data["opd"] == "U4"], outcome="keterlibatan", predictors=VALUES,
                         draws=20, seed=[1, 3])
    got = table[table["unit"] == "U4"].reset_index(drop=True)
    np.testing.assert_allclose(got["raw_weight"], one.table["raw_weight"], atol=1e-12)
    np.testing.assert_allclose(table.groupby("unit")["rescaled_weight"].sum(), 100)


def test_focus_areas_quadrants():
    d = pd.DataFrame({"outcome": "y", "predictor": ["a", "b", "c", "d"],
                      "rescaled_weight": [40., 35., 15., 10.], "rescaled_ci_low": 0.,
                      "rescaled_ci_high": 50.})
    f = dr.focus_areas(d, {"a": 60., "b": 90., "c": 65., "d": 95.}).set_index("predictor")
    assert f["quadrant"].to_dict() == {"a": "focus", "b": "strength", "c": "monitor",
                                       "d": "maintain"}
    assert f.loc["a", "priority_rank"] == 1
    assert f.loc["a", "priority"] == pytest.approx(0.40 * 40)
    assert sorted(f["priority_rank"]) == [1, 2, 3, 4]


# -- the sample: the generator's truth is recovered -------------------------------------------
def test_recovers_the_planted_drivers_on_the_sample():
    import json

    import akhlak_analysis as ak
    from akhlak_analysis.report import drivers as rd

    root = ROOT / "data" / "sample"
    ctx = ak.Analysis.from_config(root / "analysis.yaml", 2025, key=b"k")
    data = rd.load(ctx)
    results = rd.key_drivers(ctx, data)
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))["outcomes_2025"]
    corr = pd.DataFrame(truth["correlations"])
    for outcome, res in results.items():
        cols = [*VALUES, outcome]
        rw = dr.relative_weights(corr.loc[cols, cols].to_numpy())   # population truth
        gd = dr.dominance(corr.loc[cols, cols].to_numpy())[0]
        t = res.table.set_index("predictor").loc[VALUES]
        assert ((t["ci_low"] <= rw) & (rw <= t["ci_high"])).all(), outcome
        assert ((t["dominance_ci_low"] <= gd) & (gd <= t["dominance_ci_high"])).all(), outcome
        assert res.r2_ci_low <= rw.sum() <= res.r2_ci_high
        planted = truth["planted_weights"][outcome]
        assert res.table["predictor"].iloc[0] == max(planted, key=planted.get)
        assert res.table["share_first"].iloc[0] >= 0.95
        assert res.draws == 1000 and res.weighted


def test_sections_say_why_they_are_absent():
    import akhlak_analysis as ak
    from akhlak_analysis.report import drivers as rd

    root = ROOT / "data" / "sample"
    ctx = ak.Analysis.from_config(root / "analysis_plain.yaml", 2025, key=b"k")
    data = rd.load(ctx)
    sec = rd.outcomes_section(ctx, data)
    assert sec.status == "absent" and sec.reason == "missing:outcomes"
    assert "skala hasil" in sec.note and "instrumen bawaan" in sec.note
    assert rd.drivers_section(ctx, data).status == "absent"
    assert rd.priorities_section(ctx, data, rd.drivers_section(ctx, data)).status == "absent"
    assert "tidak memuat skala hasil" in rd.describe_inputs(ctx, data)
