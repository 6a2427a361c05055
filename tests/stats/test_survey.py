"""Survey estimation against R's survey package (tests/reference/survey) and against svy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.data.sample import simulate_responses, simulate_units
from akhlak_analysis.stats import overlap, survey
from akhlak_analysis.stats.scoring import DOMAINS, index_table, overall_index, score_respondents
from tests.conftest import ROOT

REF = ROOT / "tests" / "reference" / "survey"
R = pd.read_csv(REF / "values.csv", keep_default_na=False)
INS = ak.load_instrument("berakhlak-2025")
COLS = ["mean", "se", "df", "ci_low", "ci_high"]


def api(name: str) -> pd.DataFrame:
    return pd.read_csv(REF / f"{name}.csv")


def sample(year: int) -> pd.DataFrame:
    return pd.read_csv(REF / f"sample_{year}.csv", keep_default_na=False,
                       na_values={"culture_index": [""], "subunit": [""]})


def reference(case: str) -> pd.DataFrame:
    r = R[R["case"] == case].drop(columns="case").set_index("domain")
    assert len(r), case
    return r


def check(got: pd.DataFrame, case: str, tol: float = 1e-6) -> None:
    ref = reference(case)
    got = got.set_index("domain").loc[ref.index, COLS]
    np.testing.assert_allclose(got.to_numpy(float), ref[COLS].to_numpy(float), rtol=0,
                               atol=tol, err_msg=case)


def headcount(d: pd.DataFrame, strata: str, column: str) -> pd.Series:
    return d.groupby(strata)[column].first()


# ---------------------------------------------------------------------------- R's survey
def test_fpc_is_one_minus_sampling_fraction():
    f = survey.finite_population_correction([11, 5, 2], population=[21, np.nan, 2])
    np.testing.assert_allclose(f, [1 - 11 / 21, 1, 0])


def test_a_headcount_below_the_respondents_is_an_error_naming_unit_year_n_and_n():
    """R's svydesign stops with "FPC implies >100% sampling"; the package did return 1."""
    with pytest.raises(ak.DataError, match=r"unit 'B' \(2025\): 3 respondents but a headcount "
                                           r"of 2.*FPC implies >100% sampling"):
        survey.finite_population_correction([11, 3], population=[21, 2], labels=["A", "B"],
                                            year=2025)
    d = pd.DataFrame({"opd": ["A"] * 4 + ["B"] * 31, "culture_index": np.arange(35.0)})
    hc = pd.Series({"A": 10, "B": 5})
    with pytest.raises(ak.DataError, match="unit 'B': 31 respondents but a headcount of 5"):
        survey.survey_mean(d, headcount=hc)
    ins = ak.load_instrument("berakhlak-2024")
    rng = np.random.default_rng(3)
    answers = pd.DataFrame(rng.integers(1, 6, (35, 21)).astype(float), columns=ins.item_codes)
    scores = score_respondents(pd.concat([d[["opd"]].assign(year=2025), answers], axis=1),
                               instrument=ins)
    units = ak.UnitTable(pd.DataFrame({
        "code": ["A", "B"], "name": ["Dinas A", "Badan B"], "level": "opd", "parent": None,
        "opd_type": ["Dinas", "Badan"], "aliases": [[], []], "replaced_by": None,
        "headcount_2025": pd.array([10, 5], dtype="Int64")}))
    with pytest.raises(ak.DataError, match=r"unit 'B' \(2025\): 31 respondents"):
        overall_index(scores, units=units, year=2025, instrument=ins)


@pytest.mark.parametrize("by", [None, "stype", "awards"])
def test_apistrat_equals_svymean_and_svyby(by):
    d = api("apistrat")
    got = survey.survey_mean(d, column="api00", strata="stype", by=by,
                             headcount=headcount(d, "stype", "fpc"))
    check(got, "apistrat" if by is None else f"apistrat_by_{by}")
    # the numbers: svyby's per-stratum SEs
    if by == "stype":
        np.testing.assert_allclose(got["se"], [12.3825, 14.9371, 16.2147], atol=5e-5)


@pytest.mark.parametrize("by", [None, "stype"])
def test_apiclus1_one_stage_cluster_with_first_stage_fpc(by):
    d = api("apiclus1")
    got = survey.survey_mean(d, column="api00", strata="dnum", by=by, weighting="none",
                             design="cluster", population_units=757)
    check(got, "apiclus1" if by is None else "apiclus1_by_stype")
    if by is None:
        assert got["se"].iloc[0] == pytest.approx(23.5422, abs=5e-5)
        plain = survey.survey_mean(d, column="api00", strata="dnum", weighting="none",
                                   design="cluster")
        check(plain, "apiclus1_nofpc")


@pytest.mark.parametrize("by", [None, "stype"])
def test_apiclus2_two_stage_fpc_at_both_stages(by):
    d = api("apiclus2")
    got = survey.survey_mean(d, column="api00", strata="dnum", by=by,
                             headcount=headcount(d, "dnum", "fpc2"), design="cluster",
                             population_units=757)
    check(got, "apiclus2" if by is None else "apiclus2_by_stype")


def test_lonely_stratum_adjust_and_remove():
    d = api("apistrat")
    d.loc[0, "stype"], d.loc[0, "fpc"] = "X", 10
    hc = headcount(d, "stype", "fpc")
    check(survey.survey_mean(d, column="api00", strata="stype", headcount=hc),
          "apistrat_lonely_adjust")
    check(survey.survey_mean(d, column="api00", strata="stype", headcount=hc, by="awards"),
          "apistrat_lonely_adjust_by_awards")
    removed = survey.survey_mean(d, column="api00", strata="stype", headcount=hc,
                                 lonely="remove")
    assert removed["se"].iloc[0] < reference("apistrat_lonely_adjust")["se"].iloc[0]


@pytest.mark.parametrize("year", [2024, 2025])
def test_sample_headline_and_domains_equal_r(year):
    d = sample(year)
    hc = headcount(d, "opd", "N")
    check(survey.survey_mean(d, headcount=hc), f"sample{year}")
    check(survey.survey_mean(d, headcount=hc, weighting="none"), f"sample{year}_unweighted")
    check(survey.survey_mean(d, headcount=hc, design="cluster"), f"sample{year}_cluster")
    check(survey.survey_mean(d, headcount=hc, design="cluster", by="opd_type"),
          f"sample{year}_cluster_by_opd_type")
    check(survey.survey_mean(d, headcount=hc, design="cluster", population_units=60),
          f"sample{year}_cluster_fpc60")
    for by in ("opd", "opd_type", "subunit", *DOMAINS):
        check(survey.survey_mean(d, headcount=hc, by=by), f"sample{year}_by_{by}")


def test_index_table_and_headline_on_the_sample_equal_r(sample_clean):
    cfg = ak.load_config(ROOT / "data/sample/analysis.yaml")
    units = ak.read_units(cfg.units)
    s = score_respondents(sample_clean[2025].data, instrument=cfg.year(2025).instrument)
    ins = cfg.year(2025).instrument
    head = overall_index(s, units=units, instrument=ins).iloc[0]
    ref = reference("sample2025").iloc[0]
    assert head["design"] == "stratified" and head["weighted"]
    np.testing.assert_allclose([head["culture_index"], head["se"], head["df"], head["ci_low"],
                                head["ci_high"]], ref[COLS].to_numpy(float), atol=1e-6)
    # before / after: the cluster design's half-width is about 6.7 times the stratified one
    clus = overall_index(s, units=units, instrument=ins, design="cluster").iloc[0]
    half = (head["ci_high"] - head["ci_low"]) / 2
    half_c = (clus["ci_high"] - clus["ci_low"]) / 2
    assert half == pytest.approx(0.2532582, abs=1e-6) and half_c == pytest.approx(1.7106515,
                                                                                    abs=1e-6)
    for by in ("opd", "opd_type", "gender", "age_band", "grade", "subunit"):
        t = index_table(s, by=by, units=units, instrument=ins, min_n=1)
        t = t[t["n"].notna()].rename(columns={"unit": "domain", "culture_index": "mean"})
        check(t, f"sample2025_by_{by}")
    # the cluster option, with and without a first-stage FPC, as svydesign(ids = ~opd + id)
    for kw, case in (({}, "sample2025_cluster"),
                     ({"population_units": 60}, "sample2025_cluster_fpc60")):
        h = overall_index(s, units=units, instrument=ins, design="cluster", **kw)
        h = h.rename(columns={"culture_index": "mean"}).assign(domain="all")
        check(h, case)
    t = index_table(s, by="opd_type", units=units, instrument=ins, design="cluster", min_n=1)
    check(t.rename(columns={"unit": "domain", "culture_index": "mean"}),
          "sample2025_cluster_by_opd_type")


# ---------------------------------------------------------------------------- svy
svy = pytest.importorskip("svy")
pl = pytest.importorskip("polars")


def svy_mean(d: pd.DataFrame, *, y: str, strata: str | None = None, psu: str | None = None,
             wgt: str | None = None, pop: str | None = None, by: str | None = None):
    keep = [c for c in {y, strata, psu, wgt, pop, by} if c]
    frame = pl.from_pandas(d[keep].reset_index(drop=True))
    des = svy.Design(stratum=strata, psu=psu, wgt=wgt, pop_size=pop)
    est = svy.Sample(data=frame, design=des).estimation.mean(y, by=by)
    out = est.to_polars().to_pandas()
    return out.set_index(by) if by else out


def with_weights(d: pd.DataFrame) -> pd.DataFrame:
    d = d.copy()
    d["w"] = d["N"] / d.groupby("opd")["culture_index"].transform("size")
    return d


@pytest.fixture(scope="module")
def generated() -> pd.DataFrame:
    """Generated respondents in 60 units with headcounts (the sample generator)."""
    data = simulate_responses(6000, 60, seed=7)
    s = score_respondents(data, instrument=INS).dropna(subset=["culture_index"])
    units = simulate_units(60, seed=7).set_index("code")
    s["N"] = s["opd"].map(units["headcount_2025"]).astype(float)
    s["N"] = np.maximum(s["N"], s.groupby("opd")["culture_index"].transform("size"))
    s["g"] = np.where(s.index % 3 == 0, "a", "b")
    return with_weights(s)


@pytest.fixture(scope="module", params=[2025, "generated"])
def frames(request, generated):
    return with_weights(sample(2025)) if request.param == 2025 else generated


@pytest.mark.parametrize("by", [None, "opd", "opd_type", "gender"])
def test_stratified_estimates_equal_svy(frames, by):
    d = frames
    if by and by not in d.columns:
        by = "g"
    got = survey.survey_mean(d, headcount=headcount(d, "opd", "N"), by=by)
    ref = svy_mean(d, y="culture_index", strata="opd", wgt="w", pop="N", by=by)
    if by:
        ref = ref.loc[got["domain"]]
    np.testing.assert_allclose(got["mean"], ref["est"], rtol=1e-10)
    np.testing.assert_allclose(got["se"], ref["se"], rtol=1e-8)
    np.testing.assert_allclose(got["ci_low"], ref["lci"], rtol=1e-8)
    np.testing.assert_allclose(got["ci_high"], ref["uci"], rtol=1e-8)


@pytest.mark.parametrize("by", [None, "opd_type"])
def test_cluster_estimates_equal_svy(frames, by):
    d = frames
    if by and by not in d.columns:
        by = "g"
    got = survey.survey_mean(d, headcount=headcount(d, "opd", "N"), by=by, design="cluster")
    ref = svy_mean(d, y="culture_index", psu="opd", wgt="w", by=by)
    if by:
        ref = ref.loc[got["domain"]]
    np.testing.assert_allclose(got["mean"], ref["est"], rtol=1e-10)
    np.testing.assert_allclose(got["se"], ref["se"], rtol=1e-8)


def test_unit_tables_parents_and_headline_equal_svy(generated):
    """index_table / overall_index on generated data (every unit, every parent)."""
    d = generated
    hc = headcount(d, "opd", "N")
    codes = hc.index.tolist()
    frame = pd.DataFrame({"code": codes, "name": codes, "level": "opd", "parent": None,
                          "opd_type": d.groupby("opd")["opd_type"].first().reindex(codes),
                          "aliases": [[] for _ in codes], "replaced_by": None,
                          "headcount_2025": pd.array(hc.astype(int), dtype="Int64")})
    units = UnitTable(frame)
    t = index_table(d, units=units, year=2025, instrument=INS, min_n=1).set_index("unit")
    ref = svy_mean(d, y="culture_index", strata="opd", wgt="w", pop="N", by="opd")
    np.testing.assert_allclose(t.loc[ref.index, "se"], ref["se"], rtol=1e-8)
    np.testing.assert_allclose(t.loc[ref.index, "ci_low"], ref["lci"], rtol=1e-8)
    p = index_table(d, by="opd_type", units=units, year=2025, instrument=INS).set_index("unit")
    ref = svy_mean(d, y="culture_index", strata="opd", wgt="w", pop="N", by="opd_type")
    np.testing.assert_allclose(p.loc[ref.index, "culture_index"], ref["est"], rtol=1e-10)
    np.testing.assert_allclose(p.loc[ref.index, "ci_high"], ref["uci"], rtol=1e-8)
    h = overall_index(d, units=units, year=2025, instrument=INS).iloc[0]
    ref = svy_mean(d, y="culture_index", strata="opd", wgt="w", pop="N")
    assert h["culture_index"] == pytest.approx(ref["est"].iloc[0], rel=1e-10)
    assert h["se"] == pytest.approx(ref["se"].iloc[0], rel=1e-8)


# ---------------------------------------------------------------------------- rules
def test_weights_rule_and_group_moments():
    w, used = survey.headcount_weights([4, 0, 2], headcount=[8, np.nan, 10])
    assert used and np.allclose(w, [2, 0, 5])
    w, used = survey.headcount_weights([4, 2], headcount=[8, 10], weighting="none")
    assert not used and np.allclose(w, 1)
    rng = np.random.default_rng(1)
    d = pd.DataFrame({"g": rng.integers(0, 300, 5000), "culture_index": rng.normal(70, 9, 5000)})
    m = survey.group_moments(d, by="g").set_index("group")
    ref = d.groupby("g")["culture_index"].agg(["size", "mean", "var"])
    np.testing.assert_allclose(m[["n", "mean", "variance"]].to_numpy(float),
                               ref.to_numpy(float), rtol=1e-12)


def test_bad_options_and_data_raise():
    d = sample(2025)
    with pytest.raises(ValueError, match='key "design"'):
        survey.survey_mean(d, design="pps")
    with pytest.raises(ValueError, match="lonely"):
        survey.survey_mean(d, lonely="average")
    with pytest.raises(ValueError, match='key "weighting"'):
        survey.survey_mean(d, weighting="raking")
    with pytest.raises(ValueError, match="confidence"):
        survey.survey_mean(d, confidence=95)
    with pytest.raises(ValueError, match="population_units"):
        survey.survey_mean(d, design="cluster", population_units=10)
    with pytest.raises(ak.DataError, match="'unit_kerja'"):
        survey.survey_mean(d, strata="unit_kerja")


def test_sparse_cells_path_gives_the_same_estimates(monkeypatch):
    d = sample(2025)
    hc = headcount(d, "opd", "N")
    dense = survey.survey_mean(d, headcount=hc, by="age_band")
    monkeypatch.setattr(survey, "DENSE_CELLS", 0)
    sparse = survey.survey_mean(d, headcount=hc, by="age_band")
    pd.testing.assert_frame_equal(dense, sparse, check_exact=False, rtol=1e-12)
    check(sparse, "sample2025_by_age_band")


# ---------------------------------------------------------------------------- change
def two_years() -> tuple[pd.DataFrame, pd.DataFrame]:
    before = sample(2024)
    before = before.assign(opd=before["opd_next"], N=before["N_next"])
    return before, sample(2025)


def test_change_per_year_designs_equal_r_and_overlap_narrows_the_interval():
    before, after = two_years()
    r = pd.read_csv(REF / "change.csv").set_index("case").loc["independent"]
    hcs = {"headcount_before": headcount(before, "opd", "N"),
           "headcount_after": headcount(after, "opd", "N")}
    ind = overlap.survey_change(before, after, method="independent", **hcs).iloc[0]
    for k in ("change", "mean_before", "mean_after", "variance_before", "variance_after", "se",
              "df", "ci_low", "ci_high"):
        assert ind[k] == pytest.approx(r[k], abs=1e-9), k
    assert ind["covariance"] == 0
    got = overlap.survey_change(before, after, **hcs).iloc[0]
    assert got["method"] == "overlap" and got["n_both"] == 2530
    assert got["variance_before"] == pytest.approx(r["variance_before"], abs=1e-12)
    # the sample's respondents are drawn afresh each year (the generator's design): the
    # overlap is what chance gives, n12 ~ n1 n2 / N, so Tam's covariance is about zero
    assert abs(got["covariance"]) < 0.05 * r["variance_before"]
    assert got["variance"] == pytest.approx(r["variance_before"] + r["variance_after"]
                                            - 2 * got["covariance"])


def tam_by_hand(a: pd.DataFrame, b: pd.DataFrame, hc: pd.Series) -> float:
    """Tam (1984) per stratum, weighted by the headcount shares, written out in pandas."""
    total = 0.0
    for h in hc.index:
        x, y = a[a.opd == h], b[b.opd == h]
        both = x.merge(y, on="respondent_id")
        n1, n2, n12 = len(x), len(y), len(both)
        s12 = np.cov(both["culture_index_x"], both["culture_index_y"])[0, 1] if n12 > 1 else 0
        total += (hc[h] / hc.sum()) ** 2 * (n12 / (n1 * n2) - 1 / hc[h]) * s12
    return total


def test_change_by_hand_and_options():
    a = pd.DataFrame({"respondent_id": list("pqrstuw"), "opd": list("AAABBBB"),
                      "culture_index": [70.0, 80, 75, 60, 65, 70, 90]})
    b = pd.DataFrame({"respondent_id": list("pqxstvw"), "opd": list("AAABBBB"),
                      "culture_index": [72.0, 85, 70, 66, 64, 80, 88]})
    hc = pd.Series({"A": 6, "B": 8})
    r = overlap.survey_change(a, b, headcount_before=hc, headcount_after=hc).iloc[0]
    assert r["covariance"] == pytest.approx(tam_by_hand(a, b, hc)) and r["n_both"] == 5
    assert r["variance"] == pytest.approx(r["variance_before"] + r["variance_after"]
                                          - 2 * r["covariance"])
    # the same people answering the same way: no sampling error in the change
    same = overlap.survey_change(a, a.assign(culture_index=a["culture_index"] + 2),
                                headcount_before=hc, headcount_after=hc).iloc[0]
    assert same["change"] == pytest.approx(2) and same["variance"] == pytest.approx(0, abs=1e-12)
    # paired: OPD totals of z = w (y - ybar) / W differenced, J / (J - 1) sum (d - dbar)^2
    p = overlap.survey_change(a, b, headcount_before=hc, headcount_after=hc,
                             method="paired").iloc[0]
    w = a["opd"].map({"A": 2.0, "B": 2.0}).to_numpy()
    z1 = w * (a["culture_index"] - np.average(a["culture_index"], weights=w)) / 14
    z2 = w * (b["culture_index"] - np.average(b["culture_index"], weights=w)) / 14
    d = np.array([z2[:3].sum() - z1[:3].sum(), z2[3:].sum() - z1[3:].sum()])
    assert p["variance"] == pytest.approx(2 * np.sum((d - d.mean()) ** 2)) and p["df"] == 1
    with pytest.raises(ValueError, match='key "method"'):
        overlap.survey_change(a, b, method="panel")
    with pytest.raises(ak.DataError, match="twice"):
        overlap.survey_change(pd.concat([a, a.iloc[:1]]), b)
    unlinked = overlap.survey_change(a.drop(columns="respondent_id"), b, headcount_before=hc,
                                    headcount_after=hc).iloc[0]
    assert unlinked["n_both"] == 0 and unlinked["covariance"] == 0
    with pytest.raises(ak.DataError, match="'score'"):
        overlap.survey_change(a, b, column="score")


def test_grouped_and_shuffled_rows_give_the_same_estimates():
    """Grouped rows take the reduceat path (runs_of), shuffled rows bincount: same numbers."""
    d = sample(2025)
    hc = headcount(d, "opd", "N")
    grouped = d.sort_values(["opd", "gender"], kind="stable").reset_index(drop=True)
    assert survey.runs_of(survey.factorize(grouped["opd"])[0]) is not None
    assert survey.runs_of(survey.factorize(d["opd"])[0]) is None
    for by in (None, "opd", "gender"):
        a = survey.survey_mean(d, headcount=hc, by=by)
        b = survey.survey_mean(grouped, headcount=hc, by=by)
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-11)


def test_the_headcount_error_lists_a_few_units_and_counts_the_rest():
    with pytest.raises(ak.DataError) as info:
        survey.finite_population_correction(np.full(40, 9), population=np.full(40, 3))
    msg = str(info.value)
    assert msg.count("respondents but a headcount of 3") == 5 and "and 35 more such units" in msg
