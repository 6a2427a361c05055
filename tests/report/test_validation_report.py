"""validation_report: item data, flag tables, conclusions; CFA on the sample against its truth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import akhlak_analysis as ak
from akhlak_analysis.errors import DataError
from akhlak_analysis.report import validation as vr
from akhlak_analysis.stats import psychometrics as pm
from tests.conftest import SAMPLE

INS24 = ak.load_instrument("berakhlak-2024")
INS25 = ak.load_instrument("berakhlak-2025")


def _answers(ins, values, flags=None):
    d = pd.DataFrame({c: list(map(float, values)) for c in ins.item_codes})
    d["flag_straightline"] = flags if flags is not None else [False] * len(values)
    return d


# ------------------------------------------------------------------------------------------
# item data


def test_item_factors_restricts_and_rejects_unknown_items():
    common = INS25.common_items(INS24)
    f = vr.item_factors(INS25, common)
    assert len(common) == 21 and sum(map(len, f.values())) == 21
    assert all(len(v) == 3 for v in f.values()) and list(f) == INS25.value_codes
    assert vr.item_factors(INS25) == INS25.factors
    with pytest.raises(DataError, match="ZZ9"):
        vr.item_factors(INS25, ["BP1", "ZZ9"])


def test_prepare_items_recodes_reverse_items_and_drops_straightliners():
    d = _answers(INS25, [4, 2, 5], flags=[False, False, True])
    out = vr.prepare_items(d, INS25, keep=["flag_straightline"])
    assert len(out) == 2
    assert out["KO4"].tolist() == [2.0, 4.0] and out["KO3"].tolist() == [4.0, 2.0]
    assert out["AD4"].tolist() == [2.0, 4.0]
    kept = vr.prepare_items(d, INS25, drop_straightliners=False)
    assert len(kept) == 3 and list(kept.columns) == INS25.item_codes
    assert kept["KO4"].tolist() == [2.0, 4.0, 1.0]
    # the input is not changed
    assert d["KO4"].tolist() == [4.0, 2.0, 5.0]


@pytest.mark.parametrize(("drop", "column"), [(True, "flag_straightline"), (False, "BP1")])
def test_prepare_items_names_missing_columns(drop, column):
    d = _answers(INS25, [4, 2]).drop(columns=[column])
    with pytest.raises(DataError, match=column):
        vr.prepare_items(d, INS25, drop_straightliners=drop)


def test_prepare_items_rejects_missing_keep_column():
    with pytest.raises(DataError, match="position_type"):
        vr.prepare_items(_answers(INS25, [4]), INS25, keep=["position_type"])


def test_stack_common_items_has_year_and_the_21_common_items():
    d = {2024: _answers(INS24, [4, 5]), 2025: _answers(INS25, [3, 3, 3], [False, True, False])}
    s = vr.stack_common_items(d, {2024: INS24, 2025: INS25})
    assert list(s.columns) == ["year", *INS25.common_items(INS24)]
    assert s["year"].tolist() == [2024, 2024, 2025, 2025]
    assert s["BP1"].tolist() == [4.0, 5.0, 3.0, 3.0]


def test_stack_common_items_needs_two_years():
    with pytest.raises(DataError, match="two years"):
        vr.stack_common_items({2025: _answers(INS25, [3])}, {2025: INS25})
    with pytest.raises(DataError, match="two years"):
        vr.stack_common_items({2024: _answers(INS24, [3]), 2025: _answers(INS25, [3])},
                              {2025: INS25})


def test_answer_distribution_shares_by_hand():
    d = _answers(INS24, [1, 2, 2, 5])
    d.loc[0, "AK1"] = np.nan
    t = vr.answer_distribution(d, INS24).set_index("item")
    shares = [f"share_{k}" for k in range(1, 6)]
    np.testing.assert_allclose(t.loc["BP1", shares], [0.25, 0.5, 0, 0, 0.25])
    np.testing.assert_allclose(t.loc["AK1", shares], [0, 2 / 3, 0, 0, 1 / 3])
    assert t.loc["AK1", "n"] == 3
    np.testing.assert_allclose(t[shares].sum(axis=1), 1.0)
    with pytest.raises(DataError, match="BP1"):
        vr.answer_distribution(d.drop(columns="BP1"), INS24)


# ------------------------------------------------------------------------------------------
# flag tables

ITEMS = pd.DataFrame({
    "item": ["a1", "a2", "a3", "b1"], "factor": ["a", "a", "a", "b"],
    "r_hitung": [0.8, 0.6, 0.1, 0.7], "r_tabel": [0.2, 0.2, 0.2, 0.2],
    "valid": [True, True, False, True], "r_drop": [0.6, 0.25, 0.05, 0.5],
    "alpha_if_dropped": [0.6, 0.7, 0.8, np.nan], "flag_alpha_rises": [False, False, True, False],
})
LOADINGS = pd.DataFrame({"factor": ["a", "a", "a", "b"], "item": ["a1", "a2", "a3", "b1"],
                         "std_all": [0.8, 0.6, 0.3, 0.45]})


def test_item_summary_flags_and_actions_by_hand():
    t = vr.item_summary(ITEMS, LOADINGS).set_index("item")
    assert t["flag_low_r_drop"].tolist() == [False, True, True, False]
    assert t["flag_low_loading"].tolist() == [False, False, True, True]
    assert t["flag_invalid"].tolist() == [False, False, True, False]
    assert t["action"].tolist() == ["keep", "revise", "drop", "revise"]
    assert t.loc["a3", "recommendation"] == "hapus"
    assert vr.item_summary(ITEMS, LOADINGS, lang="en")["recommendation"].iloc[0] == "keep"
    relaxed = vr.item_summary(ITEMS, LOADINGS, criteria={"loading": 0.40, "r_drop": 0.2})
    assert relaxed.set_index("item").loc["b1", "action"] == "keep"


def test_item_summary_uses_efa_flags():
    efa = pd.DataFrame({"item": ["a1", "a2", "a3", "b1"], "flag_efa": [True, False, False, False]})
    t = vr.item_summary(ITEMS, LOADINGS, efa=efa)
    assert t["action"].iloc[0] == "revise" and t["flag_efa"].iloc[0]


def test_item_summary_rejects_bad_input():
    with pytest.raises(DataError, match="r_tabel"):
        vr.item_summary(ITEMS.drop(columns="r_tabel"), LOADINGS)
    with pytest.raises(DataError, match="std_all"):
        vr.item_summary(ITEMS, LOADINGS.drop(columns="std_all"))
    with pytest.raises(DataError, match="unknown criteria"):
        vr.item_summary(ITEMS, LOADINGS, criteria={"loadings": 0.4})


def test_efa_summary_flags_cross_loadings_and_strays():
    lo = pd.DataFrame({"f1": [0.7, 0.6, 0.5, 0.1, 0.0, 0.6],
                       "f2": [0.0, 0.35, 0.0, 0.7, 0.6, 0.1]},
                      index=["a1", "a2", "a3", "b1", "b2", "b3"])
    t = vr.efa_summary(lo, {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"]})
    assert t["flag_efa"].tolist() == [False, True, False, False, False, True]
    assert t["efa_factor"].tolist() == ["f1", "f1", "f1", "f2", "f2", "f1"]
    with pytest.raises(DataError, match="c1"):
        vr.efa_summary(lo, {"c": ["c1", "a1"]})


def test_efa_summary_breaks_a_tie_by_the_loadings_not_the_factor_name():
    # two items on f1, two on f2: the value goes with the factor its items load on more
    lo = pd.DataFrame({"f1": [0.45, 0.42, 0.0, 0.0], "f2": [0.0, 0.0, 0.8, 0.7]},
                      index=["a1", "a2", "a3", "a4"])
    t = vr.efa_summary(lo, {"a": ["a1", "a2", "a3", "a4"]})
    assert t["flag_efa"].tolist() == [True, True, False, False]
    swapped = vr.efa_summary(lo[["f2", "f1"]].set_axis(["f1", "f2"], axis=1),
                             {"a": ["a1", "a2", "a3", "a4"]})
    assert swapped["flag_efa"].tolist() == t["flag_efa"].tolist()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), order=st.permutations(range(3)))
def test_efa_summary_flags_do_not_depend_on_the_order_of_the_factors(seed, order):
    rng = np.random.default_rng(seed)
    lo = pd.DataFrame(rng.uniform(-0.2, 0.9, (6, 3)), columns=["f1", "f2", "f3"],
                      index=[f"i{j}" for j in range(6)])
    factors = {"a": ["i0", "i1", "i2"], "b": ["i3", "i4", "i5"]}
    base = vr.efa_summary(lo, factors)
    moved = vr.efa_summary(lo.iloc[:, list(order)].set_axis(["f1", "f2", "f3"], axis=1),
                           factors)
    assert moved["flag_efa"].tolist() == base["flag_efa"].tolist()


_ITEM_TABLE_IN_A_NEW_PROCESS = """
import sys
import akhlak_analysis as ak
from akhlak_analysis.data.sample import simulate_responses
from akhlak_analysis.report import validation as vr
from akhlak_analysis.stats import psychometrics as pm
ins = ak.load_instrument("berakhlak-2025")
d = simulate_responses(400, 5, seed=8)[ins.item_codes]
f = vr.item_factors(ins)
efa = vr.efa_summary(pm.efa(d, len(f)).loadings, f)
items = vr.item_summary(pm.item_analysis(d, f), pm.cfa(d, f).loadings, efa=efa)
sys.stdout.write(efa.to_json(orient="split", double_precision=15)
                 + items.to_json(orient="split", double_precision=15))
"""


def test_item_table_is_the_same_in_two_processes():
    """Issue 18: flag_efa, action and recommendation flipped between runs of the same data."""
    import os
    import subprocess
    import sys

    runs = [subprocess.run([sys.executable, "-c", _ITEM_TABLE_IN_A_NEW_PROCESS], check=True,
                           capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1] and '"flag_efa"' in runs[0]


def _value_inputs():
    rel = pd.DataFrame({"factor": ["a", "b", "c"], "n_items": [3, 3, 3],
                        "alpha": [0.85, 0.65, 0.55], "alpha_ci_low": [0.8, 0.6, 0.5],
                        "alpha_ci_high": [0.9, 0.7, 0.6], "omega": [0.86, 0.66, 0.56],
                        "ave": [0.64, 0.45, 0.30]})
    names = ["a", "b", "c"]
    fl = pd.DataFrame([[0.8, 0.5, 0.3], [0.5, 0.67, 0.6], [0.3, 0.6, 0.55]], index=names,
                      columns=names)
    ht = pd.DataFrame([[1, 0.6, 0.4], [0.6, 1, 0.9], [0.4, 0.9, 1]], index=names, columns=names)
    return rel, fl, ht


def test_value_summary_flags_by_hand():
    t = vr.value_summary(*_value_inputs()).set_index("value")
    assert t["alpha_ok_local"].tolist() == [True, True, False]
    assert t["alpha_ok"].tolist() == [True, False, False]
    assert t["cr_ok"].tolist() == [True, False, False]
    assert t["ave_ok"].tolist() == [True, False, False]
    assert t["max_correlation"].tolist() == [0.5, 0.6, 0.6]
    assert t["fornell_larcker_ok"].tolist() == [True, True, False]
    assert t["max_htmt"].tolist() == [0.6, 0.9, 0.9]
    assert t["htmt_with"].tolist() == ["b", "c", "b"]
    assert t["htmt_ok"].tolist() == [True, False, False]


def test_value_summary_rejects_incomplete_matrices():
    rel, fl, ht = _value_inputs()
    with pytest.raises(DataError, match="fornell_larcker"):
        vr.value_summary(rel, fl.drop(index="c"), ht)
    with pytest.raises(DataError, match="alpha"):
        vr.value_summary(rel.drop(columns="alpha"), fl, ht)


FIT = pd.Series({"n": 500, "chi2": 80.0, "df": 50, "p_value": 0.004, "cfi": 0.95, "tli": 0.94,
                 "rmsea": 0.06, "rmsea_ci_low": 0.05, "rmsea_ci_high": 0.07, "srmr": 0.081})


def test_fit_summary_boundaries_count_as_met():
    t = vr.fit_summary({"m": FIT}).iloc[0]
    assert (t["cfi_ok"], t["tli_ok"], t["rmsea_ok"], t["srmr_ok"]) == (True, False, True, False)
    assert not t["good_fit"] and t["n"] == 500 and t["df"] == 50


def test_fit_summary_rejects_bad_input():
    with pytest.raises(DataError, match="no model"):
        vr.fit_summary({})
    with pytest.raises(DataError, match="srmr"):
        vr.fit_summary({"m": FIT.drop("srmr")})


def test_fit_cutoffs_are_the_criteria():
    t = vr.fit_cutoffs()
    assert t["threshold"].tolist() == [pm.CRITERIA[m] for m in ("cfi", "tli", "rmsea", "srmr")]
    assert t["rule"].tolist() == ["≥", "≥", "≤", "≤"]
    assert vr.fit_cutoffs({"cfi": 0.90})["threshold"].iloc[0] == 0.90


def _mi(holds):
    return pd.DataFrame({"model": ["configural", "metric", "scalar"][: len(holds) + 1],
                         "holds": pd.array([pd.NA, *holds], dtype="boolean")})


@pytest.mark.parametrize(("holds", "level", "comparable"),
                         [([True, True], "scalar", True), ([True, False], "metric", False),
                          ([False, False], "configural", False), ([False, True], "configural",
                                                                   False)])
def test_invariance_level(holds, level, comparable):
    res = vr.invariance_level(_mi(holds))
    assert res.level == level and res.means_comparable is comparable and res.freed == ()


def test_invariance_level_partial_scalar_names_freed_intercepts():
    partial = pd.DataFrame({"model": ["metric", "scalar", "partial_scalar", "partial_scalar"],
                            "free_intercepts": ["", "", "KO4", "KO4, AD4"],
                            "holds": pd.array([pd.NA, False, False, True], dtype="boolean")})
    res = vr.invariance_level(_mi([True, False]), partial)
    assert res == vr.InvarianceLevel("partial_scalar", ("KO4", "AD4"))
    assert res.means_comparable
    with pytest.raises(DataError, match="holds"):
        vr.invariance_level(pd.DataFrame({"model": ["metric"]}))


def test_criterion_correlations_leave_out_suppressed_units():
    idx = pd.DataFrame({"unit": list("ABCDEFG"), "suppressed": [False] * 6 + [True],
                        "culture_index": [60.0, 65, 70, 75, 80, 85, np.nan]})
    ind = pd.DataFrame({"opd": list("ABCDEFG") * 2, "year": [2024] * 7 + [2025] * 7,
                        "attendance_rate": [1.0] * 7 + [90, 92, 91, 94, 93, 96, 50],
                        "discipline_cases": [1.0] * 7 + [3, 2, 2.5, 1, 1.5, 0.5, 9]})
    t = vr.criterion_correlations(idx, ind, year=2025).set_index(["criterion", "method"])
    assert (t["n"] == 6).all()
    r = stats.pearsonr([60, 65, 70, 75, 80, 85], [90, 92, 91, 94, 93, 96])[0]
    assert t.loc[("attendance_rate", "pearson"), "r"] == pytest.approx(r)
    rho = stats.spearmanr([60, 65, 70, 75, 80, 85], [3, 2, 2.5, 1, 1.5, 0.5])[0]
    assert t.loc[("discipline_cases", "spearman"), "r"] == pytest.approx(rho)


def test_criterion_correlations_reject_bad_indicators():
    idx = pd.DataFrame({"unit": list("ABCDE"), "suppressed": False,
                        "culture_index": [1.0, 2, 3, 4, 5]})
    ind = pd.DataFrame({"opd": list("ABCDE"), "year": 2025, "attendance_rate": [1.0, 2, 3, 5, 4]})
    with pytest.raises(DataError, match="2023"):
        vr.criterion_correlations(idx, ind, year=2023, columns=["attendance_rate"])
    with pytest.raises(DataError, match="twice"):
        vr.criterion_correlations(idx, pd.concat([ind, ind]), year=2025,
                                  columns=["attendance_rate"])
    with pytest.raises(DataError, match="discipline_cases"):
        vr.criterion_correlations(idx, ind, year=2025)


# ------------------------------------------------------------------------------------------
# conclusions


def _conclusion(level, items=None):
    items = vr.item_summary(ITEMS, LOADINGS) if items is None else items
    values = vr.value_summary(*_value_inputs())
    fit = vr.fit_summary({"tujuh nilai": FIT})
    return vr.validation_conclusions(items, values, fit, invariance_years=level,
                                     years=[2024, 2025])


def test_conclusions_list_items_to_drop_and_revise_with_reasons():
    text = _conclusion(vr.InvarianceLevel("scalar"))
    assert "1 dipertahankan, 2 perlu ditinjau/direvisi, dan 1 disarankan dihapus" in text
    drop = next(line for line in text.splitlines() if "**a3**" in line)
    assert drop.strip().startswith("- Disarankan dihapus") and "butir-total terkoreksi" in drop
    assert "r hitung" not in text  # the local r_tabel test decides nothing
    assert "**a2**" in text and "**b1**" in text and "**a1**" not in text
    assert "TLI, SRMR" in text
    assert "antartahun (2024–2025" in text and "**dapat dipertanggungjawabkan**" in text


def test_conclusions_on_metric_and_partial_invariance():
    metric = _conclusion(vr.InvarianceLevel("metric"))
    assert "**belum dapat dipertanggungjawabkan**" in metric
    partial = _conclusion(vr.InvarianceLevel("partial_scalar", ("KO2", "AD1")))
    assert "intersep butir KO2, AD1 dibebaskan" in partial


def test_conclusions_reject_tables_without_flags():
    with pytest.raises(DataError, match="no column .loading.; expected the output of item_summary"):
        _conclusion(vr.InvarianceLevel("scalar"), items=ITEMS)


# ------------------------------------------------------------------------------------------
# the sample: the CFA recovers the generator's loadings (the independent answer)


@pytest.fixture(scope="module")
def sample_2025(sample_clean):
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    return cfg, sample_clean[2025].data


def test_cfa_loadings_on_the_sample_match_the_generator(sample_2025):
    """truth.json's loadings are those of the continuous response y* on the latent value
    (within-unit SD 1). Cutting y* into five categories attenuates a Pearson-based loading
    (by about .05 here), so the estimate is compared within .10 and by rank order."""
    cfg, data = sample_2025
    ins = cfg.year(2025).instrument
    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))["loadings"]
    est = pm.cfa(vr.prepare_items(data, ins), vr.item_factors(ins)).loadings
    est = est.set_index("item")["std_all"]
    true = pd.Series(truth).reindex(est.index)
    assert len(est) == 28
    assert (est - true).abs().max() < 0.10
    assert (est - true).mean() == pytest.approx(-0.04, abs=0.03)
    assert stats.spearmanr(est, true)[0] > 0.85


def test_straightliners_depress_the_reverse_items_on_the_sample(sample_2025):
    cfg, data = sample_2025
    ins = cfg.year(2025).instrument
    sens = vr.straightlining_sensitivity(data, ins)
    assert set(sens["item"].head(2)) == set(ins.reverse_items)
    # with every respondent (FIML) the reverse items gain about .09 without the straight-liners
    assert (sens.loc[sens["reverse"], "change"] > 0.05).all()
    assert (sens.loc[~sens["reverse"], "change"].abs() < 0.05).all()
    assert sens.loc[sens["reverse"], "change"].min() > sens.loc[~sens["reverse"], "change"].max()


def test_criterion_validity_on_the_sample_has_the_planted_signs(sample_2025):
    """indicators.csv was drawn with r = .5 (attendance) and -.4 (discipline) with the truth."""
    cfg, data = sample_2025
    ins = cfg.year(2025).instrument
    units = ak.read_units(cfg.units)
    idx = ak.index_table(ak.score_respondents(data, instrument=ins), by="opd", units=units,
                         year=2025, instrument=ins, min_n=cfg.min_group_size)
    t = vr.criterion_correlations(idx, cfg.indicators, year=2025)
    pearson = t[t["method"] == "pearson"].set_index("criterion")
    assert pearson.loc["attendance_rate", "ci_low"] > 0
    assert pearson.loc["discipline_cases", "ci_high"] < 0
    assert (t["n"] == (~idx["suppressed"]).sum()).all()


def test_r_tabel_decides_nothing_r_drop_does():
    items = ITEMS.assign(valid=[False, True, True, True], r_hitung=[0.1, 0.6, 0.1, 0.7])
    t = vr.item_summary(items, LOADINGS).set_index("item")
    assert t.loc["a1", "flag_invalid"] and t.loc["a1", "action"] == "keep"  # r_drop .60
    low = ITEMS.assign(r_drop=[0.6, 0.25, 0.05, 0.1])
    t = vr.item_summary(low, LOADINGS.assign(std_all=[0.8, 0.6, 0.3, 0.35])).set_index("item")
    assert t.loc["b1", "action"] == "drop"  # r_drop .10 and loading .35 < .40
    assert t.loc["a2", "action"] == "revise"  # r_drop .25 < .30 but loading .60


def test_invariance_across_years_on_the_sample(sample_clean):
    cfg_years = sorted(sample_clean)
    data = {y: sample_clean[y].data for y in cfg_years}
    ins = {2024: "berakhlak-2024", 2025: "berakhlak-2025"}
    res = vr.invariance_across_years(data, instrument_by_year=ins)
    assert res.years == (2024, 2025) and res.missing == "ml"
    assert res.table["model"].tolist() == ["configural", "metric", "scalar"]
    stacked = vr.stack_common_items(data, {y: ak.load_instrument(i) for y, i in ins.items()})
    # every respondent with an answer, the same exclusions as stack_common_items
    assert sum(res.n.values()) == int(stacked[list(res.items)].notna().any(axis=1).sum())
    assert res.level == vr.invariance_level(res.table, res.partial)
    listwise = vr.invariance_across_years(data, instrument_by_year=ins, missing="listwise")
    assert sum(listwise.n.values()) == len(stacked.dropna()) < sum(res.n.values())
    text = vr.invariance_sentence(res)
    assert text.startswith("- **Invariansi pengukuran antartahun (2024–2025, butir yang sama):**")
    assert text == vr.invariance_sentence(res.level, years=[2024, 2025])


def test_estimator_comparison_on_the_sample_items():
    from tests.r_reference import LAVAAN, lavaan_fit

    data = pd.read_csv(LAVAAN / "sample_2025_items.csv")
    fac = pd.read_csv(LAVAAN / "sample_2025_factors.csv")
    factors = {f: list(its) for f, its in fac.groupby("factor", sort=False)["item"]}
    fit, loads = vr.estimator_comparison(data, factors)
    fit = fit.set_index("estimator")
    cases = {"ML listwise": "sample_listwise", "FIML": "sample_fiml",
             "FIML + MLR": "sample_fiml_mlr", "WLSMV": "sample_wlsmv"}
    for name, case in cases.items():
        assert fit.loc[name, "chi2"] == pytest.approx(lavaan_fit(case)["chi2"], rel=1e-5)
    assert fit.loc["FIML", "n"] == len(data) > fit.loc["ML listwise", "n"]
    assert loads["fiml_minus_listwise"].abs().max() < 0.05
    assert len(loads) == 28 and loads["wlsmv"].notna().all()


def test_fit_summary_judges_robust_fits_by_their_robust_indices():
    from semopy.examples import holzinger39

    from akhlak_analysis.stats import psychometrics as pm

    hs = holzinger39.get_data()
    factors = {"v": ["x1", "x2", "x3"], "t": ["x4", "x5", "x6"], "s": ["x7", "x8", "x9"]}
    mlr = pm.cfa(hs, factors, estimator="MLR")
    t = vr.fit_summary({"ml": pm.cfa(hs, factors).fit, "mlr": mlr.fit}).set_index("model")
    assert t.loc["ml", "basis"] == "ml" and t.loc["mlr", "basis"] == "robust"
    assert t.loc["mlr", "cfi"] == pytest.approx(mlr.fit["cfi_robust"])
    assert t.loc["mlr", "rmsea"] == pytest.approx(mlr.fit["rmsea_robust"])
    assert t.loc["mlr", "chi2"] == pytest.approx(mlr.fit["chi2"])


def test_ordinal_invariance_by_group_adds_the_thresholds_step_and_says_what_it_found():
    from akhlak_analysis.data.sample import simulate_responses

    ins = ak.load_instrument("berakhlak-2025")
    items = ins.item_codes[:8]
    d = simulate_responses(800, 5, seed=4)[items]
    d["kind"] = ["a", "b"] * 400
    factors = vr.item_factors(ins, items)
    o = vr.invariance_by_group(d, factors=factors, group="kind", estimator="WLSMV")
    c = vr.invariance_by_group(d, factors=factors, group="kind", estimator="MLR")
    assert o.table["model"].tolist() == ["configural", "thresholds", "metric", "scalar"]
    assert o.partial is None and o.table["df"].is_monotonic_increasing
    text = vr.ordinal_check_sentence(o, c)
    assert "WLSMV" in text and ("**sama**" in text) == (o.level.level == c.level.level)
    # AK2 has no answer 1 in group a: merged into 2 in both groups, and said so
    assert (d.loc[d["kind"] == "a", "AK2"] == 1).sum() == 0 < (d["AK2"] == 1).sum()
    assert o.collapsed["AK2"] == [1] and "AK2 (kategori 1)" in text
    assert c.collapsed == {}  # continuous models keep every answer
    assert (d["AK2"] == 1).sum() > 0  # the caller's data are not changed


def test_ordinal_note_names_the_item_when_the_model_cannot_be_estimated():
    from akhlak_analysis.errors import DataError

    assert "butir KO4" in vr.ordinal_unavailable(DataError("no answer 1", column="KO4"))


def test_ordinal_check_without_either_comparison_names_both(sample_clean):
    ctx = _small_context(sample_clean)  # no previous year, position groups too small
    years, positions = vr.years_invariance(ctx), vr.position_invariance(ctx)
    sec = vr.ordinal_invariance(ctx, years, positions)
    assert sec.status == "failed" and sec.reason == "after:invariance"
    assert "Bagian ini membandingkan dua tahun" in sec.note and "'Struktural'" in sec.note


# ------------------------------------------------------------------------------------------
# sections of notebook 01: each runs, or says in its place why not (issue 20 item 1)


def _small_context(sample_clean, *, n_struktural=18, constant=None):
    """A first-year organisation of 120 respondents: the sample's 2024 rows, few Struktural."""
    from dataclasses import replace

    res = sample_clean[2024]
    d = res.data[~res.data["flag_straightline"].astype(bool)]
    parts = [d[d["position_type"] == "Struktural"].head(n_struktural),
             d[d["position_type"] == "Fungsional"].head(51),
             d[d["position_type"] == "Pelaksana"].head(120 - 51 - n_struktural)]
    small = pd.concat(parts).reset_index(drop=True)
    if constant is not None:
        item, group, value = constant
        small.loc[small["position_type"] == group, item] = value
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2024)
    ctx.use_clean(2024, replace(res, data=small))
    return ctx


@pytest.fixture
def no_fit(monkeypatch):
    """Fail the test when a multi-group model is fitted."""
    def refuse(*args, **kwargs):
        raise AssertionError("a model was fitted")

    monkeypatch.setattr(pm, "measurement_invariance", refuse)


def test_a_small_group_stops_the_section_before_fitting_and_names_group_and_n(sample_clean,
                                                                            no_fit):
    ctx = _small_context(sample_clean)
    sec = vr.position_invariance(ctx)
    assert sec.status == "failed" and sec.reason == "too_small"
    assert "'Struktural' hanya memuat 18 responden (juga kecil: 'Fungsional' 51, " \
           "'Pelaksana' 51)" in sec.note
    npar = vr.free_parameters(vr.item_factors(ctx.instrument()))
    assert npar == (21 - 7) + 7 * 8 // 2 + 21 + 21  # loadings, factor (co)variances, resid., means
    assert f"{2 * npar} responden per kelompok" in sec.note  # 2 per free parameter
    checks = vr.section_checks(ctx).set_index("key")
    assert not checks.loc["invariance_position", "runs"]
    assert checks.loc["invariance_position", "reason"] == "too_small"
    assert not vr.can_run(ctx, "invariance_position")


def test_a_constant_item_names_the_item_and_the_group(sample_clean, no_fit):
    ctx = _small_context(sample_clean, n_struktural=0, constant=("BP3", "Fungsional", 4.0))
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(pm.GROUP_SIZE, "minimum", 0.1)  # let the small groups through
        sec = vr.position_invariance(ctx)
    assert sec.status == "failed" and sec.reason == "constant_item"
    assert "Butir BP3" in sec.note and "'Fungsional'" in sec.note and "(semua 4)" in sec.note


def test_every_section_of_notebook_01_runs_or_says_why_on_a_small_organisation(sample_clean):
    ctx = _small_context(sample_clean)
    ins = ctx.instrument()
    data = vr.prepare_items(ctx.data(), ins)
    rel = pm.reliability(data, vr.item_factors(ins))
    years, positions = vr.years_invariance(ctx), vr.position_invariance(ctx)
    sections = [years, positions, vr.partial_invariance_step(ctx, years),
                vr.partial_invariance_step(ctx, positions),
                vr.ordinal_invariance(ctx, years, positions), vr.factor_count(ctx),
                vr.efa_pattern(ctx), vr.discriminant_validity(ctx, rel),
                vr.criterion_validity(ctx), vr.straightlining(ctx)]
    status = {s.key: s.status for s in sections}
    assert status["invariance_years"] == "absent"  # a first survey year
    assert status["invariance_position"] == "failed"
    assert status["partial_invariance_years"] == status["partial_invariance_position"] == \
        "failed"
    assert status["ordinal_check"] == "failed"
    assert status["criterion_validity"] == "failed"  # too few OPDs reach the minimum
    assert "korelasi memerlukan sedikitnya 4 OPD" in sections[8].note
    for key in ("parallel_analysis", "efa", "discriminant_validity", "straightlining"):
        assert status[key] == "ran", key
    for s in sections:
        assert s.ran == bool(s.items) and (s.ran or s.note.startswith("*Tidak"))
        assert "Traceback" not in s.note
    # the predictions of `akhlak check` agree with what ran
    checks = vr.section_checks(ctx).set_index("key")["runs"]
    assert {k: bool(v) for k, v in checks.items()} == {
        s.key: s.ran for s in sections if s.key in checks.index}
    fit = vr.fit_summary({"m": pm.cfa(data, vr.item_factors(ins))})
    items = vr.item_summary(pm.item_analysis(data, vr.item_factors(ins)),
                            pm.cfa(data, vr.item_factors(ins)).loadings)
    text = vr.conclusions(ctx, items, fit, values=sections[7], years=years,
                          positions=positions, criterion=sections[8], sensitivity=sections[9],
                          others=sections[4:7])
    assert "**Invariansi antarjenis jabatan tidak dapat dihitung.** Kelompok jenis jabatan " \
           "'Struktural' hanya memuat 18" in text


def test_absent_sections_name_their_missing_input():
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2024)
    sec = vr.years_invariance(ctx)
    assert sec.status == "absent" and sec.reason == "missing:previous_year"
    assert sec.note.startswith("*Tidak ditampilkan.*") and not sec.items
    step = vr.partial_invariance_step(ctx, sec)
    assert step.status == "failed" and step.reason == "after:missing:previous_year"


def test_improper_solutions_reach_the_generated_text():
    fit = vr.fit_summary({"Tujuh nilai": pd.Series(
        {"n": 500, "chi2": 80.0, "df": 50, "p_value": .004, "cfi": .97, "tli": .96,
         "rmsea": .035, "rmsea_ci_low": .02, "rmsea_ci_high": .05, "srmr": .04,
         "improper": 1.0})})
    assert bool(fit["improper"].iloc[0])
    lines = vr.text._fit_text(fit.assign(problems="negative_ov_variance:BP3"), INS25)
    assert "**Solusinya tidak wajar (kasus Heywood)**: varians residu negatif pada butir BP3" \
        in lines[0]
    table = pd.DataFrame({"model": ["configural", "metric", "scalar"],
                          "holds": pd.array([pd.NA, True, True], dtype="boolean"),
                          "improper": [True, True, False],
                          "problems": ["x in group 'Struktural'"] * 2 + [""]})
    res = vr.YearInvariance(table, None, vr.InvarianceLevel("scalar"), (2024, 2025),
                            {2024: 10, 2025: 10}, ("BP1",), "ml", "MLR")
    sentence = vr.invariance_sentence(res)
    assert "Model konfigural dan metrik menghasilkan **solusi tidak wajar**" in sentence
    assert "pada kelompok Struktural" in sentence


def test_criteria_table_reads_the_package_cut_offs():
    t = vr.criteria_table(["htmt", "alpha"], criteria={"alpha": 0.8})
    assert t["threshold"].tolist() == [pm.CRITERIA["htmt"], 0.8]
    assert t["reference"].tolist() == ["Henseler et al. (2015)", "ditetapkan pengguna"]
    with pytest.raises(DataError, match="unknown criteria"):
        vr.criteria_table(["alfa"])
