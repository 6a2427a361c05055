from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import akhlak_analysis as ak
from akhlak_analysis.data.io import UnitTable

INS = ak.load_instrument("berakhlak-2025")
ITEMS = INS.item_codes


def frame(rows: list[dict], base: float = 4.0) -> pd.DataFrame:
    """Respondents answering `base` everywhere except the given items/columns."""
    recs = []
    for r in rows:
        rec = dict.fromkeys(ITEMS, base)
        rec.update(r)
        recs.append(rec)
    return pd.DataFrame(recs)


def units(headcounts: dict[str, int], types: dict[str, str] | None = None) -> UnitTable:
    codes = list(headcounts)
    return UnitTable(pd.DataFrame({
        "code": codes, "name": [f"Unit {c}" for c in codes], "level": "opd", "parent": None,
        "opd_type": [(types or {}).get(c, "Dinas") for c in codes], "aliases": [[]] * len(codes),
        "replaced_by": None,
        "headcount_2025": pd.array(list(headcounts.values()), dtype="Int64")}))


def test_item_and_value_scores_by_hand():
    # Kompeten: KO1=5 -> 100, KO2=3 -> 50, KO3 missing, KO4=2 reverse-keyed -> 4 -> 75
    s = ak.score_respondents(frame([{"KO1": 5, "KO2": 3, "KO3": np.nan, "KO4": 2}]),
                             instrument=INS)
    assert s.loc[0, "kompeten"] == pytest.approx(75.0)
    assert s.loc[0, "akuntabel"] == pytest.approx(75.0)  # all 4 -> 75; AD4=4 reversed -> 25
    assert s.loc[0, "adaptif"] == pytest.approx((75 * 3 + 25) / 4)
    expected = (75 * 6 + (75 * 3 + 25) / 4) / 7
    assert s.loc[0, "culture_index"] == pytest.approx(expected)
    assert s.loc[0, "n_answered"] == 27
    # favourable = keyed answer >= 4: all but KO2 (3) and AD4 (4 -> 2)
    assert s.loc[0, "n_favourable"] == 25


def test_min_item_share_and_require_all_values():
    half = frame([{"KO1": np.nan, "KO2": np.nan}])  # 2 of 4 answered: exactly half -> kept
    assert np.isfinite(ak.score_respondents(half, instrument=INS).loc[0, "kompeten"])
    few = frame([{"KO1": np.nan, "KO2": np.nan, "KO3": np.nan}])  # 1 of 4 -> missing
    s = ak.score_respondents(few, instrument=INS)
    assert np.isnan(s.loc[0, "kompeten"]) and np.isnan(s.loc[0, "culture_index"])
    s2 = ak.score_respondents(few, instrument=INS, require_all_values=False)
    assert s2.loc[0, "culture_index"] == pytest.approx(
        np.mean([s2.loc[0, v] for v in INS.value_codes if v != "kompeten"]))
    s3 = ak.score_respondents(few, instrument=INS, min_item_share=0.25)
    assert s3.loc[0, "kompeten"] == pytest.approx(25.0)  # only KO4=4, reversed to 2 -> 25
    with pytest.raises(ValueError, match="min_item_share"):
        ak.score_respondents(few, instrument=INS, min_item_share=0)


def test_out_of_range_answers_are_refused():
    with pytest.raises(ak.DataError, match="outside the scale"):
        ak.score_respondents(frame([{"BP1": 6}]), instrument=INS)


def _three(unit: str, answers: list[float]) -> list[dict]:
    # respondents answering one level on every (non-reverse) item; reverse items at 6 - a
    rows = []
    for a in answers:
        r = {c: a for c in ITEMS}
        r.update({c: 6 - a for c in INS.reverse_items})
        r["opd"] = unit
        rows.append(r)
    return rows


def test_unit_table_by_hand_with_fpc_and_suppression():
    # A: indices 75, 100, 50 (answers 4, 5, 3); headcount 5 -> FPC 1 - 3/5 (R's survey)
    rows = _three("A", [4, 5, 3]) + _three("B", [4] * 2)
    s = ak.score_respondents(pd.DataFrame(rows), instrument=INS)
    s["year"] = 2025
    t = ak.index_table(s, units=units({"A": 5, "B": 40, "C": 12}), instrument=INS, min_n=3)
    a = t.set_index("unit").loc["A"]
    se = np.sqrt(np.var([75, 100, 50], ddof=1) / 3 * (1 - 3 / 5))
    half = stats.t.ppf(0.975, 2) * se
    assert a["culture_index"] == pytest.approx(75.0) and a["se"] == pytest.approx(se)
    assert a["df"] == 2 and a["design"] == "stratified"
    # never clipped: the upper end passes 100 and is reported as it is
    assert (a["ci_low"], a["ci_high"]) == pytest.approx((75 - half, 75 + half))
    assert a["ci_high"] > 100
    assert a["n"] == 3 and a["headcount"] == 5 and a["response_rate"] == pytest.approx(0.6)
    assert a["category"] == "Sehat" and a["pct_favourable"] == pytest.approx(200 / 3)
    b = t.set_index("unit").loc["B"]
    assert b["suppressed"] and pd.isna(b["n"]) and np.isnan(b["culture_index"])
    assert b["headcount"] == 40 and b["name"] == "Unit B"
    c = t.set_index("unit").loc["C"]  # existed, nobody answered
    assert c["suppressed"] and c["headcount"] == 12


def test_weighted_parent_and_overall_by_hand():
    # A: 10 x 4 (75); B: 20 x 3 (50); C: 10 x 5 (100); headcounts 100, 300, 100
    rows = _three("A", [4] * 10) + _three("B", [3] * 20) + _three("C", [5] * 10)
    s = ak.score_respondents(pd.DataFrame(rows), instrument=INS)
    s["year"] = 2025
    u = units({"A": 100, "B": 300, "C": 100}, types={"A": "Dinas", "B": "Dinas", "C": "Badan"})
    s["opd_type"] = s["opd"].map({"A": "Dinas", "B": "Dinas", "C": "Badan"})
    head = ak.overall_index(s, units=u, instrument=INS, target=(80, 90)).iloc[0]
    w = np.array([0.2, 0.6, 0.2])
    y = np.array([75.0, 50.0, 100.0])
    est = float(w @ y)  # 65
    # default design: OPDs as strata; within-OPD variance is zero here, so is the interval
    assert head["culture_index"] == pytest.approx(65.0) and head["weighted"]
    assert head["se"] == 0 and head["ci_low"] == head["ci_high"] == pytest.approx(65.0)
    assert head["df"] == 40 - 3 and head["design"] == "stratified"
    # the cluster option: OPDs as sampled units, J - 1 df
    clus = ak.overall_index(s, units=u, instrument=INS, design="cluster").iloc[0]
    v = 3 / 2 * np.sum((w * (y - est)) ** 2)
    half = stats.t.ppf(0.975, 2) * np.sqrt(v)
    assert (clus["ci_low"], clus["ci_high"]) == pytest.approx((est - half, est + half))
    assert clus["ci_high"] > 100 and clus["df"] == 2
    assert head["culture_index_unweighted"] == pytest.approx((750 + 1000 + 1000) / 40)
    assert head["gap_to_target_low"] == pytest.approx(-15.0) and not head["in_target"]
    assert head["category"] == "Cukup Sehat" and head["n"] == 40 and head["headcount"] == 500
    by_type = ak.index_table(s, by="opd_type", units=u, instrument=INS, min_n=1).set_index("unit")
    assert by_type.loc["Dinas", "culture_index"] == pytest.approx((75 * 100 + 50 * 300) / 400)
    assert by_type.loc["Badan", "n"] == 10
    with pytest.raises(ValueError, match='key "design"'):
        ak.overall_index(s, units=u, instrument=INS, design="opd")
    none = ak.overall_index(s, units=u, instrument=INS, weighting="none").iloc[0]
    assert none["culture_index"] == pytest.approx(head["culture_index_unweighted"])
    assert not none["weighted"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=28, max_size=28),
                min_size=2, max_size=30),
       st.randoms(use_true_random=False))
def test_properties(answers, rnd):
    d = pd.DataFrame([[np.nan if a is None else float(a) for a in row] for row in answers],
                     columns=ITEMS)
    d["opd"] = [rnd.choice("AB") for _ in range(len(d))]
    s = ak.score_respondents(d, instrument=INS)
    ci = s["culture_index"].dropna()
    assert ((ci >= 0) & (ci <= 100)).all()
    t1 = ak.index_table(s, instrument=INS, min_n=1)
    perm = d.sample(frac=1, random_state=rnd.randint(0, 10**6))
    t2 = ak.index_table(ak.score_respondents(perm, instrument=INS), instrument=INS, min_n=1)
    pd.testing.assert_frame_equal(t1, t2, check_exact=False, rtol=1e-9)
    # raising one answer never lowers the keyed index (lowers it for reverse-keyed items)
    i, j = rnd.randrange(len(d)), rnd.randrange(28)
    if np.isfinite(d.iat[i, j]) and d.iat[i, j] < 5:
        up = d.copy()
        up.iat[i, j] += 1
        before = s["culture_index"].iat[i]
        after = ak.score_respondents(up, instrument=INS)["culture_index"].iat[i]
        if np.isfinite(before):
            if INS.items[j].reverse:
                assert after <= before + 1e-12
            else:
                assert after >= before - 1e-12


def test_parent_and_demographic_domains_by_hand():
    # A (N 6): 75, 100, 50 | B (N 12): 50, 50, 75, 75; gender splits both OPDs
    rows = _three("A", [4, 5, 3]) + _three("B", [3, 3, 4, 4])
    s = ak.score_respondents(pd.DataFrame(rows), instrument=INS)
    s["year"] = 2025
    s["gender"] = ["P", "L", "P", "P", "L", "P", "L"]
    s["opd_type"] = s["opd"].map({"A": "Dinas", "B": "Badan"})
    u = units({"A": 6, "B": 12}, types={"A": "Dinas", "B": "Badan"})
    t = ak.index_table(s, by="gender", units=u, instrument=INS, min_n=1).set_index("unit")
    # domain P: A's 75, 50 (weight 2) and B's 50, 75 (weight 3): mean (2*125 + 3*125)/10
    assert t.loc["P", "culture_index"] == pytest.approx(62.5) and t.loc["P", "n"] == 4
    assert t.loc["P", "df"] == 4 - 2 and pd.isna(t.loc["P", "headcount"])
    # linearisation by hand: z = w (y - 62.5) / 10 inside the domain, 0 outside
    z = {"A": np.array([2 * 12.5, 0, 2 * -12.5]) / 10, "B": np.array([3 * -12.5, 0, 0, 3 * 12.5]) / 10}
    f = {"A": 1 - 3 / 6, "B": 1 - 4 / 12}
    var = sum(f[h] * len(v) / (len(v) - 1) * np.sum((v - v.mean()) ** 2) for h, v in z.items())
    assert t.loc["P", "se"] == pytest.approx(np.sqrt(var))
    by_type = ak.index_table(s, by="opd_type", units=u, instrument=INS, min_n=1).set_index("unit")
    assert by_type.loc["Badan", "culture_index"] == pytest.approx(62.5)
    assert by_type.loc["Badan", "se"] == pytest.approx(np.sqrt((1 - 4 / 12) * 625 / 3 / 4))
    assert by_type.loc["Badan", "headcount"] == 12 and by_type.loc["Badan", "df"] == 3
    with pytest.raises(ValueError, match='key "by"'):
        ak.index_table(s, by="religion", units=u, instrument=INS)
    with pytest.raises(ak.DataError, match="'age_band'"):
        ak.index_table(s, by="age_band", units=u, instrument=INS)
