"""Year-over-year change: known answers by hand, the sample's planted changes, action plans."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import akhlak_analysis as ak
from akhlak_analysis.data import action_plans as plan_io
from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.errors import DataError
from akhlak_analysis.report import year_over_year as yoy
from akhlak_analysis.stats import action_plans, change, common, targets
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample"
I24 = ak.load_instrument("berakhlak-2024")
I25 = ak.load_instrument("berakhlak-2025")
SAME = {2024: I24, 2025: I24}
TRUTH = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))


def answers(values: list[float], opd: str | list[str] = "A", ins=I24) -> pd.DataFrame:
    """Respondents answering every item with one value (index = (x - 1) / 4 * 100)."""
    d = pd.DataFrame({c: [float(v) for v in values] for c in ins.item_codes})
    d["opd"] = opd
    return d


def unit_table(rows: list[tuple]) -> UnitTable:
    """rows: (code, headcount_2024, headcount_2025, replaced_by)."""
    return UnitTable(pd.DataFrame({
        "code": [r[0] for r in rows], "name": [f"Unit {r[0]}" for r in rows], "level": "opd",
        "parent": None, "opd_type": "Dinas", "aliases": [[] for _ in rows],
        "replaced_by": [r[3] for r in rows],
        "headcount_2024": pd.array([r[1] for r in rows], dtype="Int64"),
        "headcount_2025": pd.array([r[2] for r in rows], dtype="Int64")}))


# --------------------------------------------------------------------------------------
# hand-computed Welch interval with FPC
# --------------------------------------------------------------------------------------
def test_welch_interval_with_fpc_by_hand():
    d = {2024: answers([3, 4, 4, 5, 3]), 2025: answers([4, 5, 5, 4, 5, 4])}
    u = unit_table([("A", 10, 8, None)])
    t = change.compare_years(d, units=u, instrument_by_year=SAME, min_n=5, correction="none")
    r = t.iloc[0]
    # indices 50, 75, 75, 100, 50 (mean 70, s2 437.5); 75, 100, 100, 75, 100, 75 (87.5, 187.5)
    v1 = 437.5 / 5 * (1 - 5 / 10)   # FPC as R's survey: (1 - n/N) s^2 / n
    v2 = 187.5 / 6 * (1 - 6 / 8)
    df = (v1 + v2) ** 2 / (v1**2 / 4 + v2**2 / 5)
    half = stats.t.ppf(0.975, df) * np.sqrt(v1 + v2)
    assert r["culture_index_2024"] == pytest.approx(70.0)
    assert r["culture_index_2025"] == pytest.approx(87.5)
    assert r["change"] == pytest.approx(17.5)
    assert r["df"] == pytest.approx(df)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((17.5 - half, 17.5 + half))
    assert r["p_value"] == pytest.approx(2 * stats.t.sf(17.5 / np.sqrt(v1 + v2), df))
    assert r["headcount_2024"] == 10 and r["n_2025"] == 6
    sp = np.sqrt((4 * 437.5 + 5 * 187.5) / 9)
    assert r["effect_size"] == pytest.approx(17.5 / sp * (1 - 3 / (4 * 11 - 9)))


def test_without_headcounts_equals_welch_t_test():
    a, b = [3, 4, 4, 5, 3, 2, 4], [4, 5, 5, 4, 5, 4, 3, 5]
    t = change.compare_years({2024: answers(a), 2025: answers(b)}, instrument_by_year=SAME,
                         min_n=5).iloc[0]
    x, y = ((np.array(v, float) - 1) / 4 * 100 for v in (a, b))
    ref = stats.ttest_ind(y, x, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert t["p_value"] == pytest.approx(ref.pvalue)
    assert (t["ci_low"], t["ci_high"]) == pytest.approx((ci.low, ci.high))


def test_p_adj_is_multipletests_and_direction():
    from statsmodels.stats.multitest import multipletests
    d = {2024: pd.concat([answers([3, 4] * 10, "A"), answers([3, 4] * 10, "B"),
                          answers([3, 4, 5] * 5, "C")]),
         2025: pd.concat([answers([4, 5] * 10, "A"), answers([2, 3] * 10, "B"),
                          answers([3, 5, 4] * 5, "C")])}
    t = change.compare_years(d, instrument_by_year=SAME, correction="holm")
    assert t["p_adj"].tolist() == pytest.approx(multipletests(t["p_value"], method="holm")[1])
    assert t["direction"].tolist() == ["up", "down", "unchanged"]
    assert t["significant"].tolist() == [True, True, False]


def test_suppressed_and_one_year_units():
    d = {2024: pd.concat([answers([3, 4] * 6, "A"), answers([4] * 5, "B"), answers([4] * 12, "OLD")]),
         2025: pd.concat([answers([4, 5] * 6, "A"), answers([4] * 20, "B"),
                          answers([4] * 12, "NEW")])}
    t = yoy.change_notes(change.compare_years(d, instrument_by_year=SAME),
                         min_n=10).set_index("unit")
    assert bool(t.loc["B", "suppressed"]) and not bool(t.loc["B", "compared"])
    assert np.isnan(t.loc["B", "culture_index_2024"]) and pd.isna(t.loc["B", "n_2024"])
    assert np.isnan(t.loc["B", "change"]) and pd.isna(t.loc["B", "direction"])
    assert t.loc["B", "culture_index_2025"] == pytest.approx(75.0)  # 2025 itself is reportable
    assert "disembunyikan" in t.loc["B", "note"]
    # without a unit table OLD and NEW are different units, each in one year only
    assert t.loc["OLD", "note"] == "hanya ada 2024" and t.loc["NEW", "note"] == "hanya ada 2025"
    assert np.isnan(t.loc["NEW", "culture_index_2024"]) and not bool(t.loc["NEW", "suppressed"])


# --------------------------------------------------------------------------------------
# renamed and merged units
# --------------------------------------------------------------------------------------
def test_rename_and_merge_follow_replaced_by():
    u = unit_table([("OLD", 30, None, "NEW"), ("NEW", None, 28, None),
                    ("P", 20, None, "PQ"), ("Q", 25, None, "PQ"), ("PQ", None, 40, None)])
    d = {2024: pd.concat([answers([3] * 12, "OLD"), answers([3] * 10, "P"),
                          answers([5] * 10, "Q")]),
         2025: pd.concat([answers([4] * 12, "NEW"), answers([4] * 15, "PQ")])}
    t = yoy.change_notes(change.compare_years(d, units=u, instrument_by_year=SAME), units=u,
                         min_n=10).set_index("unit")
    assert sorted(t.index) == ["NEW", "PQ"]
    assert t.loc["NEW", "culture_index_2024"] == pytest.approx(50.0)
    assert t.loc["NEW", "note"] == "2024: OLD (berganti nama)"
    assert t.loc["PQ", "n_2024"] == 20 and t.loc["PQ", "headcount_2024"] == 45
    assert t.loc["PQ", "culture_index_2024"] == pytest.approx(75.0)  # pooled respondents
    assert t.loc["PQ", "note"] == "2024: gabungan P, Q"


@pytest.fixture(scope="module")
def sample(sample_clean):
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    data = {y: res.data for y, res in sample_clean.items()}
    units = ak.read_units(cfg.units)
    ins = {y: cfg.year(y).instrument for y in cfg.years}
    return cfg, data, units, ins


@pytest.fixture(scope="module")
def sample_change(sample):
    cfg, data, units, ins = sample
    t = change.compare_years(data, units=units, instrument_by_year=ins, min_n=cfg.min_group_size)
    return yoy.change_notes(t, units=units, min_n=cfg.min_group_size).set_index("unit")


def test_sample_reorganisation_from_truth(sample, sample_change):
    _, data, _, _ = sample
    reorg = TRUTH["reorganisation"]
    n24 = data[2024].groupby("opd").size()
    for old, new in reorg["renamed"].items():
        assert old not in sample_change.index
        assert sample_change.loc[new, "n_2024"] <= n24[old]  # respondents with an index
        assert old in sample_change.loc[new, "note"]
    for new, olds in reorg["merged"].items():
        assert not set(olds) & set(sample_change.index)
        hc = sum(TRUTH["years"]["2024"]["opd"][o]["N"] for o in olds)
        assert sample_change.loc[new, "headcount_2024"] == hc
        assert sample_change.loc[new, "n_2024"] > max(n24[o] for o in olds) - 5
        assert bool(sample_change.loc[new, "compared"])


# --------------------------------------------------------------------------------------
# planted changes in the sample
# --------------------------------------------------------------------------------------
def _classes() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"improve": [], "decline": [], "stable": []}
    for code, t in TRUTH["years"]["2025"]["opd"].items():
        out.setdefault(t["change"], []).append(code)
    return out


def test_planted_improvements_are_significant_increases(sample_change):
    improve = _classes()["improve"]
    assert len(improve) == 4
    assert (sample_change.loc[improve, "direction"] == "up").all()


def test_planted_declines_go_down(sample_change):
    decline = _classes()["decline"]
    t = sample_change.loc[decline]
    assert (t["change"] < 0).all()
    assert (t["direction"] != "up").all()
    # two of the three are significant after FDR; the third (DISBUN, n 61 -> 51) has an
    # estimate of about -3.5 whose interval still covers its true -6.5
    assert (t["direction"] == "down").sum() >= 2


def test_stable_opds_mostly_not_significant(sample_change):
    stable = [c for c in _classes()["stable"] if bool(sample_change.loc[c, "compared"])]
    t = sample_change.loc[stable]
    assert (t["direction"] == "down").sum() == 0
    # the province trend (about +3.4 points) is planted on every stable OPD, so the large
    # ones do rise significantly; still fewer than half are significant
    assert t["significant"].mean() < 0.5


def test_truth_change_is_covered(sample, sample_change):
    _, _, units, _ = sample
    t24, t25 = TRUTH["years"]["2024"]["opd"], TRUTH["years"]["2025"]["opd"]
    hits = []
    for code, row in sample_change[sample_change["compared"]].iterrows():
        pre = [p for p in t24 if units.successor(p, 2025) == code]
        w = np.array([t24[p]["N"] for p in pre], float)
        before = np.average([t24[p]["culture_index"] for p in pre], weights=w)
        true = t25[code]["culture_index"] - before
        hits.append(row["ci_low"] <= true <= row["ci_high"])
    assert np.mean(hits) >= 0.9


def test_sample_province_and_values(sample):
    cfg, data, units, ins = sample
    p = change.compare_province(data, units=units, instrument_by_year=ins).iloc[0]
    assert p["culture_index_2024"] == pytest.approx(TRUTH["years"]["2024"]["province"]
                                                    ["culture_index"], abs=1.5)
    assert p["change"] > 0 and p["ci_low"] < p["change"] < p["ci_high"]
    assert p["n_items_compared"] == 21 and p["items_left_out"].startswith("2025: BP4")
    assert p["method"] == "overlap" and p["n_both"] > 2000
    ind = change.compare_province(data, units=units, instrument_by_year=ins,
                                  method="independent").iloc[0]
    assert ind["change"] == pytest.approx(p["change"])
    # the sample draws its respondents afresh each year, so the overlap is chance's and the
    # covariance about zero: the two intervals nearly agree
    assert abs(p["covariance"]) < 0.05 * p["se"] ** 2
    assert p["ci_high"] - p["ci_low"] == pytest.approx(ind["ci_high"] - ind["ci_low"], rel=0.05)
    strat = change.compare_province(data, units=units, instrument_by_year=ins,
                                    method="stratified").iloc[0]
    assert strat["ci_low"] == pytest.approx(ind["ci_low"])
    v = change.compare_values(data, units=units, instrument_by_year=ins)
    assert v["value"].tolist() == I25.value_codes
    assert (v["change"] > 0).all()


# --------------------------------------------------------------------------------------
# province change reuses index_table
# --------------------------------------------------------------------------------------
def test_province_change_from_index_table():
    rng = np.random.default_rng(3)
    d = {y: pd.concat([answers(rng.integers(2, 6, 15), o) for o in "ABCD"]) for y in SAME}
    u = unit_table([(o, 40, 40, None) for o in "ABCD"])
    p = change.compare_province(d, units=u, instrument_by_year=SAME, method="cluster").iloc[0]
    var = {}
    for y in SAME:
        s = ak.score_respondents(d[y], instrument=I24)
        it = ak.index_table(s, by="province", units=u, year=y, instrument=I24,
                            design="cluster").iloc[0]
        assert p[f"culture_index_{y}"] == pytest.approx(it["culture_index"])
        assert p[f"ci_low_{y}"] == pytest.approx(it["ci_low"])
        # cluster variance by hand: weights equal, J = 4
        m = s.groupby("opd")["culture_index"].mean().to_numpy()
        var[y] = 4 / 3 * np.sum(((m - m.mean()) / 4) ** 2)
    half = stats.t.ppf(0.975, 3) * np.sqrt(var[2024] + var[2025])
    assert p["ci_high"] - p["change"] == pytest.approx(half)
    assert p["df"] == 3


# --------------------------------------------------------------------------------------
# common items
# --------------------------------------------------------------------------------------
def test_common_item_rescoring_ignores_new_items():
    d25 = answers([4] * 12, ins=I25)
    new = [c for c in I25.item_codes if c not in I24.item_codes]
    d25[new] = 1.0  # extreme answers on the 2025-only items (KO4, AD4 reverse-keyed)
    d = {2024: answers([4] * 12), 2025: d25}
    both = {2024: I24, 2025: I25}
    t = change.compare_years(d, instrument_by_year=both)
    assert t.loc[0, "culture_index_2025"] == pytest.approx(75.0)
    assert t.loc[0, "change"] == pytest.approx(0.0)
    assert t.attrs["left_out_items"] == {2024: [], 2025: new}
    full = ak.score_respondents(d25, instrument=I25)["culture_index"].iloc[0]
    assert full != pytest.approx(75.0)
    p = change.compare_province(d, instrument_by_year=both)
    assert p.loc[0, "items_left_out"] == "2025: " + ", ".join(new)


def test_restrict_instrument_keeps_the_original_intact():
    r = common.restrict_instrument(I25, ["BP1", "KO4"])
    assert r.item_codes == ["BP1", "KO4"] and r.value_codes == ["berorientasi_pelayanan",
                                                                "kompeten"]
    assert r.reverse_items == ["KO4"] and len(I25.items) == 28 and I25.item("AD4").reverse
    with pytest.raises(DataError, match="not in instrument"):
        common.restrict_instrument(I25, ["XX1"])


def test_input_rules():
    d = {2024: answers([4] * 12), 2025: answers([4] * 12)}
    with pytest.raises(ValueError, match="correction"):
        change.compare_years(d, instrument_by_year=SAME, correction="fdr")
    with pytest.raises(ValueError, match="min_n"):
        change.compare_years(d, instrument_by_year=SAME, min_n=0)
    with pytest.raises(ValueError, match='key "by"'):
        change.compare_years(d, by="province", instrument_by_year=SAME)
    with pytest.raises(ValueError, match="exactly two years"):
        change.compare_years({**d, 2023: d[2024]}, instrument_by_year=SAME)
    with pytest.raises(ValueError, match="instrument_by_year"):
        change.compare_years(d, instrument_by_year={2025: I24})
    with pytest.raises(DataError, match="opd"):
        change.compare_years({y: f.drop(columns="opd") for y, f in d.items()},
                         instrument_by_year=SAME)
    with pytest.raises(ValueError, match='key "by"'):
        change.compare_values(d, by="province_type", instrument_by_year=SAME)


# --------------------------------------------------------------------------------------
# categories and targets
# --------------------------------------------------------------------------------------
def test_transitions_and_shares(sample_change):
    t = sample_change.reset_index()
    m = targets.category_transitions(t, instrument=I25)
    assert m.to_numpy().sum() == int(t["compared"].sum())
    assert list(m.index) == ["Sehat", "Cukup Sehat", "Tidak Sehat", "Sangat Tidak Sehat"]
    both = t[t["compared"]]
    up = ((both["category_2024"] == "Cukup Sehat") & (both["category_2025"] == "Sehat")).sum()
    assert m.loc["Cukup Sehat", "Sehat"] == up
    sh = targets.category_shares(t, instrument=I25)
    assert sh["pct_2025"].sum() == pytest.approx(100.0)
    assert sh["units_2024"].sum() == t["culture_index_2024"].notna().sum()


def test_target_gaps():
    d = pd.concat([answers([5] * 12, "A"), answers([4] * 12, "B"), answers([4] * 3, "C")])
    g = targets.target_gaps(d, year=2025, instrument=I24, target=(80, 90)).set_index("unit")
    assert g.loc["A", "gap_to_target_high"] == pytest.approx(10.0)
    assert g.loc["B", "gap_to_target_low"] == pytest.approx(-5.0)
    assert not g.loc["B", "in_target"] and pd.isna(g.loc["C", "in_target"])
    assert np.isnan(g.loc["C", "gap_to_target_low"])
    with pytest.raises(ValueError, match="target"):
        targets.target_gaps(d, year=2025, instrument=I24, target=(90, 80))


# --------------------------------------------------------------------------------------
# action plans
# --------------------------------------------------------------------------------------
def plan(**kw) -> pd.DataFrame:
    row = {"opd": "A", "start_date": "2025-01-01", "due_date": "2025-05-01", "progress": 0.0,
           "status": "Berjalan"}
    row.update(kw)
    t = pd.DataFrame([row])
    t["start_date"] = pd.to_datetime(t["start_date"])
    t["due_date"] = pd.to_datetime(t["due_date"])
    return t


@pytest.mark.parametrize(("kw", "as_of", "light"), [
    ({"progress": 49.9}, "2025-05-02", "merah"),        # overdue, progress < 50
    ({"progress": 50.0}, "2025-05-02", "kuning"),       # overdue, progress at 50
    ({"progress": 10.0}, "2025-05-01", "kuning"),       # due today: not overdue, behind 90
    ({"progress": 75.0}, "2025-05-01", "hijau"),        # due today, behind exactly 25
    ({"progress": 74.9}, "2025-05-01", "kuning"),       # behind 25.1
    ({"progress": 0.0}, "2024-12-01", "hijau"),         # not started yet
    ({"progress": 30.0, "status": "Selesai"}, "2025-09-01", "hijau"),  # done wins
    ({"progress": 100.0}, "2025-09-01", "hijau"),
])
def test_traffic_light_boundaries(kw, as_of, light):
    assert action_plans.action_plan_status(plan(**kw), as_of=as_of)["light"].iloc[0] == light


def test_traffic_light_custom_rules_and_errors():
    p = plan(progress=60.0)
    assert action_plans.action_plan_status(p, as_of="2025-06-01",
                                 rules={"overdue_red_below": 70})["light"].iloc[0] == "merah"
    with pytest.raises(ValueError, match="unknown rule"):
        action_plans.action_plan_status(p, as_of="2025-06-01", rules={"red": 50})
    with pytest.raises(ValueError, match="0-100"):
        action_plans.action_plan_status(p, as_of="2025-06-01", rules={"overdue_red_below": 150})
    with pytest.raises(DataError, match="read_action_plans"):
        action_plans.action_plan_status(p.drop(columns="status"), as_of="2025-06-01")


PLANS = ("opd,value,action,start_date,due_date,progress,status\n"
         "DINKES,adaptif,Rapat tanpa kertas,2025-01-06,2025-06-30,40,Berjalan\n"
         "DISPAR,kompeten,Pelatihan,2025-02-01,2025-03-01,100,Selesai\n")


def write(tmp_path, text: str):
    p = tmp_path / "ra.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_read_action_plans_maps_renamed_units(tmp_path, units_path):
    units = ak.read_units(units_path)
    t = plan_io.read_action_plans(write(tmp_path, PLANS), units=units, year=2025, instrument=I25)
    assert t["opd"].tolist() == ["DINKES", "DISBUDPAR"]  # DISPAR -> DISBUDPAR in 2025
    assert t["start_date"].dtype.kind == "M" and t["source_row"].tolist() == [2, 3]


@pytest.mark.parametrize(("old", "new", "column", "message"), [
    ("DINKES,adaptif", "DINKESS,adaptif", "opd", "did you mean 'DINKES'"),
    ("DINKES,adaptif", "DINKES,adaptip", "value", "did you mean 'adaptif'"),
    ("2025-06-30,40", "30/06/2025,40", "due_date", "YYYY-MM-DD"),
    ("2025-01-06,2025-06-30", "2025-07-06,2025-06-30", "due_date", "before start"),
    ("40,Berjalan", "140,Berjalan", "progress", "0 to 100"),
    ("40,Berjalan", "40,Jalan terus", "status", "unknown status"),
    ("Rapat tanpa kertas", "", "action", "value required"),
])
def test_read_action_plans_errors(tmp_path, units_path, old, new, column, message):
    p = write(tmp_path, PLANS.replace(old, new))
    with pytest.raises(DataError, match=message) as err:
        plan_io.read_action_plans(p, units=ak.read_units(units_path), instrument=I25)
    assert err.value.column == column and err.value.rows == [2]
    assert err.value.file.endswith("ra.csv")


def test_read_action_plans_missing_file_and_column(tmp_path):
    with pytest.raises(DataError, match="not found"):
        plan_io.read_action_plans(tmp_path / "none.csv")
    p = write(tmp_path, PLANS.replace(",status", ",state"))
    with pytest.raises(DataError, match="missing") as err:
        plan_io.read_action_plans(p)
    assert err.value.column == "status"


def test_sample_action_plans_summary_and_relation(sample, sample_change):
    cfg, _, units, _ = sample
    plans = plan_io.read_action_plans(cfg.action_plans, units=units, year=2025, instrument=I25)
    assert len(plans) == 137 and set(plans["opd"]) <= set(units.headcount(2025).index)
    st = action_plans.action_plan_status(plans, as_of="2025-10-31")
    s = action_plans.action_plan_summary(st, units=units)
    assert s["n_actions"].sum() == 137
    assert (s[["merah", "kuning", "hijau"]].sum(axis=1) == s["n_actions"]).all()
    assert s["n_done"].sum() == (plans["status"] == "Selesai").sum()
    rel = action_plans.action_plan_vs_change(s, sample_change.reset_index())
    assert rel.correlations["n"].iloc[0] == len(rel.pairs) == int(
        sample_change.loc[sample_change.index.isin(s["unit"]), "compared"].sum())
    text = yoy.describe_plan_relation(rel)
    assert "observasional" in text and "bukan sebab-akibat" in text


# --------------------------------------------------------------------------------------
# conclusions
# --------------------------------------------------------------------------------------
def _conclusions(invariance):
    prov = pd.DataFrame([{"culture_index_2024": 76.3, "culture_index_2025": 79.0,
                          "change": 2.7, "ci_low": 1.5, "ci_high": 3.9, "significant": True,
                          "n_items_compared": 21, "items_left_out": "2025: BP4"}])
    u = pd.DataFrame({"name": ["Dinas A", "Dinas B", "Dinas C"], "change": [8.0, -6.0, 1.0],
                      "direction": ["up", "down", "unchanged"], "suppressed": [False] * 3})
    v = pd.DataFrame({"value": ["adaptif", "loyal", "kompeten"],
                      "culture_index_2025": [73.0, 83.0, 75.0], "change": [-2.5, 1.0, 0.5],
                      "direction": ["down", "unchanged", "unchanged"]})
    head = pd.DataFrame([{"year": 2025, "items_in_instrument": 28, "culture_index": 79.04, "ci_low": 77.3,
                          "ci_high": 80.7, "gap_to_target_low": -0.96, "in_target": False,
                          "category": "Sehat"}])
    return yoy.change_conclusions(prov, u, v, headline=head, invariance=invariance,
                                 instrument=I25)


def test_conclusions_text_and_invariance_caveat():
    mi = pd.DataFrame({"model": ["configural", "metric", "scalar"],
                       "holds": pd.array([None, True, False], dtype="boolean")})
    text = _conclusions(mi)
    assert "naik dari 76,3 (2024) menjadi 79,0 (2025)" in text
    assert "1,0 poin di bawah target bawah 80" in text
    assert "Dinas A (+8,0)" in text and "Dinas B (-6,0)" in text
    assert "turun bermakna: Adaptif" in text
    assert "invariansi skalar tidak terpenuhi" in text
    ok = mi.assign(holds=pd.array([None, True, True], dtype="boolean"))
    assert "invariansi skalar antartahun terpenuhi" in _conclusions(ok)
    assert "belum diuji" in _conclusions(None)


def _three_opds(means: dict[str, float], n: int = 4) -> pd.DataFrame:
    """Respondents answering so that every respondent of an OPD has the OPD's index."""
    rows = []
    for opd, m in means.items():
        answer = 1 + 4 * m / 100  # index m <=> every item at this level
        rows += [dict.fromkeys(I24.item_codes, answer) | {"opd": opd} for _ in range(n)]
    return pd.DataFrame(rows)


def test_paired_province_interval_by_hand():
    y24 = _three_opds({"A": 50, "B": 75, "C": 100})
    y25 = _three_opds({"A": 55, "B": 80, "C": 100})
    p = change.compare_province({2024: y24, 2025: y25}, instrument_by_year={2024: I24, 2025: I24},
                                method="paired")
    # z_jt = (1/3)(ybar_jt - ybar_t); d = z_25 - z_24 = (1/3)(5/3, 5/3, -10/3)
    d = np.array([5 / 3, 5 / 3, -10 / 3]) / 3
    se = np.sqrt(3 / 2 * np.sum(d**2))
    half = stats.t.ppf(0.975, 2) * se
    row = p.iloc[0]
    assert row["change"] == pytest.approx(10 / 3)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((10 / 3 - half, 10 / 3 + half))
    assert row["df"] == 2 and row["method"] == "paired"


def test_paired_interval_collapses_when_every_opd_moves_alike():
    y24 = _three_opds({"A": 50, "B": 75, "C": 100 - 5})
    y25 = _three_opds({"A": 55, "B": 80, "C": 100})
    ins = {2024: I24, 2025: I24}
    paired = change.compare_province({2024: y24, 2025: y25}, instrument_by_year=ins,
                                     method="paired").iloc[0]
    cluster = change.compare_province({2024: y24, 2025: y25}, instrument_by_year=ins,
                                  method="cluster").iloc[0]
    assert paired["change"] == pytest.approx(5.0)
    assert paired["ci_high"] - paired["ci_low"] == pytest.approx(0.0, abs=1e-9)
    assert cluster["ci_high"] - cluster["ci_low"] > 10  # between-OPD levels counted as noise
    with pytest.raises(ValueError, match="paired"):
        change.compare_province({2024: y24, 2025: y25}, instrument_by_year=ins, method="x")


def test_paired_province_change_on_the_sample_covers_the_truth(sample):
    cfg, data, units, ins = sample
    p = change.compare_province(data, units=units, instrument_by_year=ins).iloc[0]
    truth = json.loads((SAMPLE / "truth.json").read_text())["years"]
    true_change = truth["2025"]["province"]["culture_index"] - truth["2024"]["province"][
        "culture_index"]
    assert p["ci_low"] <= true_change <= p["ci_high"]
    assert p["significant"] and p["direction"] == "up"
    cluster = change.compare_province(data, units=units, instrument_by_year=ins,
                                  method="cluster").iloc[0]
    assert p["ci_high"] - p["ci_low"] < cluster["ci_high"] - cluster["ci_low"]


def test_describe_action_rules_uses_the_configured_thresholds():
    text = yoy.describe_action_rules({"overdue_red_below": 40, "behind_yellow_above": 30},
                                    as_of="2025-11-15")
    assert "Per 15-11-2025" in text and "di bawah 40%" in text and "lebih dari 30 poin" in text
    assert "below 50%" in yoy.describe_action_rules(as_of="2025-10-31", lang="en")


def test_unit_change_with_the_same_people_is_the_paired_t_interval():
    """Same people both years, no headcount: the overlap se equals scipy's paired t-test's."""
    ins = ak.load_instrument("berakhlak-2024")
    rng = np.random.default_rng(5)
    n = 40
    person = rng.normal(0, 0.8, n)  # a stable person effect: the years correlate
    frames = {}
    for y, shift in ((2024, 0.0), (2025, 0.3)):
        items = np.clip(np.rint(3 + person[:, None] + shift + rng.normal(0, 0.6, (n, 21))), 1, 5)
        frames[y] = pd.DataFrame(items, columns=ins.item_codes).assign(
            opd="A", respondent_id=[f"p{i}" for i in range(n)])
    both = {2024: ins, 2025: ins}
    over = change.compare_years(frames, instrument_by_year=both).iloc[0]
    ind = change.compare_years(frames, instrument_by_year=both, method="independent").iloc[0]
    s = {y: ak.score_respondents(frames[y], instrument=ins)["culture_index"] for y in frames}
    paired = stats.ttest_rel(s[2025], s[2024])
    se_paired = float((s[2025] - s[2024]).std(ddof=1) / np.sqrt(n))
    assert over["change"] == pytest.approx(float((s[2025] - s[2024]).mean()))
    t = stats.t.ppf(0.975, over["df"])
    assert (over["ci_high"] - over["ci_low"]) / (2 * t) == pytest.approx(se_paired, rel=1e-9)
    assert abs(over["change"] / se_paired) == pytest.approx(abs(paired.statistic), rel=1e-9)
    assert (ind["ci_high"] - ind["ci_low"]) > 1.5 * (over["ci_high"] - over["ci_low"])
    no_ids = {y: f.drop(columns="respondent_id") for y, f in frames.items()}
    plain = change.compare_years(no_ids, instrument_by_year=both).iloc[0]
    assert plain["ci_low"] == pytest.approx(ind["ci_low"])  # nobody linked: Welch
    with pytest.raises(ValueError, match='key "method"'):
        change.compare_years(frames, instrument_by_year=both, method="paired")
