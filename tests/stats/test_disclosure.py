"""Disclosure control: primary + complementary suppression, the differencing attack."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.errors import DataError
from akhlak_analysis.stats.disclosure import (
    blank_changes,
    blank_suppressed,
    change_cells,
    headcounts_from_units,
    hierarchy_from_units,
    suppress,
)
from akhlak_analysis.stats.disclosure_audit import differencing_attack, feasibility_intervals
from tests.conftest import SAMPLE

VALUES = ak.load_instrument("berakhlak-2025").value_codes
MEANS = ["culture_index", *VALUES]


def _cell_table(scores: pd.DataFrame, unit: str | None, by: str | None = None) -> pd.DataFrame:
    """n and respondent means per unit (and group): the figures a report publishes."""
    s = scores[scores["culture_index"].notna()]
    keys = [k for k in (unit, by) if k]
    if not keys:
        return pd.DataFrame({"unit": ["province"], "n": [len(s)],
                             **{v: [s[v].mean()] for v in MEANS}})
    g = s.groupby(keys, observed=True)
    t = g[MEANS].mean().reset_index()
    t.insert(len(keys), "n", g.size().to_numpy())
    t = t.rename(columns={unit: "unit"}) if unit else t.assign(unit="province")
    return t.rename(columns={by: "group"}).assign(by=by) if by else t


def _weighted_row(scores: pd.DataFrame, year: int, hc: dict) -> pd.DataFrame:
    s = scores[scores["culture_index"].notna()]
    g = s.groupby("opd")[MEANS].mean()
    w = np.array([hc[(year, u)] for u in g.index], float)
    return pd.DataFrame([{"unit": "province", "n": len(s), "weighting": "headcount",
                          **{v: float(np.average(g[v], weights=w)) for v in MEANS}}])


def _report_tables(scores: pd.DataFrame, year: int, hc: dict) -> dict[str, pd.DataFrame]:
    prov = pd.concat([_cell_table(scores, None).assign(weighting="respondents"),
                      _weighted_row(scores, year, hc)], ignore_index=True)
    out = {"province": prov, "opd": _cell_table(scores, "opd"),
           "subunit": _cell_table(scores, "subunit")}
    for by in ("gender", "age_band", "employment"):
        out[f"province_{by}"] = _cell_table(scores, None, by)
        out[f"opd_{by}"] = _cell_table(scores, "opd", by)
    return {f"{k}_{year}": t.assign(year=year) for k, t in out.items()}


@pytest.fixture(scope="module")
def sample_tables(sample_clean):
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    units = ak.read_units(cfg.units)
    hc = headcounts_from_units(units, years=cfg.years)
    truth = {}
    for y, res in sample_clean.items():
        scores = ak.score_respondents(res.data, instrument=cfg.year(y).instrument)
        truth.update(_report_tables(scores, y, hc))
    return truth, hierarchy_from_units(units), hc


# --------------------------------------------------------------------------------------
# the attack on the sample: works on primary-only suppression, finds nothing afterwards
# --------------------------------------------------------------------------------------
def test_primary_only_suppression_leaks_on_the_sample(sample_tables):
    truth, hierarchy, hc = sample_tables
    published = {k: blank_suppressed(t, min_n=10) for k, t in truth.items()}
    hits = differencing_attack(published, truth=truth, hierarchy=hierarchy, headcounts=hc)
    means = hits[hits["column"] == "culture_index"]
    # the example: Badan Penghubung (n = 7) comes back exactly, 71,684
    bp = means[(means["unit"] == "BPENGHUBUNG") & (means["by"] == "")]
    assert bp["recovered"].iloc[0] == pytest.approx(71.684, abs=5e-4)
    assert (hits["error"].abs() < 2).all()
    assert len(means) >= 20 and {2024, 2025} <= set(means["year"])
    assert {"", "gender", "age_band"} <= set(means["by"])


def test_protected_tables_give_nothing_back(sample_tables):
    truth, hierarchy, hc = sample_tables
    res = suppress(truth, hierarchy=hierarchy, min_n=10, headcounts=hc)
    hits = differencing_attack(res.tables, truth=truth, hierarchy=hierarchy, headcounts=hc)
    assert hits.empty, hits
    # nor can the 0-100 bounds pin a small group's mean to within 2 points
    ranges = feasibility_intervals(res.tables, truth=truth, hierarchy=hierarchy, headcounts=hc)
    small = ranges.merge(res.primary, on=["year", "unit", "by", "group", "n"])
    assert len(small) == (res.primary["n"] > 0).sum()
    assert (small["width"] >= 4).all() and ((small["low"] <= small["true"])
                                             & (small["true"] <= small["high"])).all()
    # every row of a hidden cell is blank in every table; nothing below min_n is shown
    for name, t in res.tables.items():
        shown = t[~t["suppressed"]]
        assert (shown["n"] >= 10).all(), name
        assert t.loc[t["suppressed"], ["n", "culture_index"]].isna().all().all(), name
    opd25 = res.tables["opd_2025"].set_index("unit")
    assert opd25.at["BPENGHUBUNG", "suppression"] == "primary"
    # province published with both weightings: three OPDs hidden, the two smallest shown ones
    assert set(opd25.index[opd25["suppressed"]]) == {"BPENGHUBUNG", "BIRO_KESRA", "BIRO_ADPEM", "BIRO_EKON"}
    # a hidden OPD shows no breakdown
    g = res.tables["opd_gender_2025"]
    assert g.loc[g["unit"].isin(["BPENGHUBUNG", "BIRO_KESRA"]), "suppressed"].all()


# --------------------------------------------------------------------------------------
# the rules, on hand-made tables
# --------------------------------------------------------------------------------------
def _opd(n: list[int], mean: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"unit": [f"U{i}" for i in range(len(n))], "n": n,
                         "culture_index": mean})


def _province(opd: pd.DataFrame) -> pd.DataFrame:
    n = opd["n"].sum()
    return pd.DataFrame({"unit": ["province"], "n": [n],
                         "culture_index": [np.average(opd["culture_index"], weights=opd["n"])]})


def _hier(opd: pd.DataFrame) -> dict[str, str]:
    return dict.fromkeys(opd["unit"], "province")


def test_complement_is_the_smallest_published_sibling():
    opd = _opd([40, 7, 25, 12], [80.0, 60.0, 75.0, 70.0])
    res = suppress({"opd": opd, "province": _province(opd)}, hierarchy=_hier(opd), min_n=10)
    t = res.tables["opd"].set_index("unit")
    assert t["suppression"].fillna("").to_dict() == {"U0": "", "U1": "primary", "U2": "",
                                                     "U3": "secondary"}
    assert res.secondary["unit"].tolist() == ["U3"]
    assert res.secondary["reason"].iloc[0].startswith("complement")
    assert res.is_suppressed("U3") and not res.is_suppressed("U0")


def test_hidden_pair_below_min_n_gets_a_third_cell():
    opd = _opd([3, 4, 30, 50], [60.0, 90.0, 75.0, 70.0])
    res = suppress({"opd": opd, "province": _province(opd)}, hierarchy=_hier(opd), min_n=10)
    hidden = res.tables["opd"].loc[lambda t: t["suppressed"], "unit"].tolist()
    assert hidden == ["U0", "U1", "U2"]
    assert "too small" in res.secondary["reason"].iloc[0]


def test_only_child_hides_its_parent():
    sub = pd.DataFrame({"unit": ["S1"], "n": [6], "culture_index": [70.0]})
    opd = pd.DataFrame({"unit": ["A", "B", "C"], "n": [6, 40, 30],
                        "culture_index": [70.0, 80.0, 75.0]})
    res = suppress({"sub": sub, "opd": opd, "province": _province(opd)},
                   hierarchy={"S1": "A", "A": "province", "B": "province", "C": "province"},
                   min_n=10)
    assert res.tables["opd"]["suppressed"].tolist() == [True, False, True]


def test_small_rest_of_a_parent_is_protected():
    # 30 + 27 respondents in the sub-units, 3 in the OPD's own office (no table shows them)
    sub = pd.DataFrame({"unit": ["S1", "S2"], "n": [30, 27], "culture_index": [80.0, 70.0]})
    opd = pd.DataFrame({"unit": ["A"], "n": [60], "culture_index": [74.0]})
    truth = {"sub": sub, "opd": opd}
    h = {"S1": "A", "S2": "A"}
    leak = differencing_attack({k: blank_suppressed(t, min_n=10) for k, t in truth.items()},
                               truth=truth, hierarchy=h)
    assert leak.empty  # the rest is not a published cell, but it is a group of 3 ...
    res = suppress(truth, hierarchy=h, min_n=10)
    assert res.tables["sub"]["suppressed"].tolist() == [False, True]  # ... so S2 hides it


def test_two_weightings_need_three_hidden_cells():
    opd = _opd([40, 7, 25, 12, 60], [80.0, 60.0, 75.0, 70.0, 78.0])
    hc = {"U0": 50, "U1": 30, "U2": 28, "U3": 40, "U4": 61}
    w = np.array([hc[u] for u in opd["unit"]], float)
    prov = pd.concat([_province(opd).assign(weighting="respondents"),
                      pd.DataFrame({"unit": ["province"], "n": [opd["n"].sum()],
                                    "weighting": ["headcount"],
                                    "culture_index": [np.average(opd["culture_index"],
                                                                 weights=w)]})])
    truth = {"opd": opd, "province": prov}
    # the pair pattern (enough for one weighting) leaks under two once the counts are known
    # (here from a response table; integer counts 1..9 can also be tried one by one)
    pair = {"opd": blank_suppressed(opd, min_n=10, secondary=[False, False, False, True, False]),
            "province": blank_suppressed(prov, min_n=10), "responses": opd[["unit", "n"]]}
    truth["responses"] = opd[["unit", "n"]]
    hits = differencing_attack(pair, truth=truth, hierarchy=_hier(opd), headcounts=hc)
    assert hits.loc[hits["column"] == "culture_index", "unit"].tolist() == ["U1", "U3"]
    assert hits["error"].abs().max() < 1e-9
    del truth["responses"]
    res = suppress(truth, hierarchy=_hier(opd), min_n=10, headcounts=hc)
    assert res.tables["opd"]["suppressed"].sum() == 3
    published = {**res.tables, "responses": opd[["unit", "n"]]}
    truth["responses"] = opd[["unit", "n"]]
    hits = differencing_attack(published, truth=truth, hierarchy=_hier(opd), headcounts=hc)
    assert hits.loc[hits["column"] != "n"].empty


def test_interval_protection_adds_a_cell_when_the_bounds_pin_a_mean():
    # 7 m1 + 10 m3 = 1693 with m <= 100 leaves m1 in [99, 100]: exact differencing fails,
    # the bounds do not
    opd = _opd([40, 7, 25, 10, 60], [80.0, 99.0, 75.0, 100.0, 78.0])
    truth = {"opd": opd, "province": _province(opd)}
    loose = suppress(truth, hierarchy=_hier(opd), min_n=10, protection=0)
    assert loose.tables["opd"]["suppressed"].tolist() == [False, True, False, True, False]
    iv = feasibility_intervals(loose.tables, truth=truth, hierarchy=_hier(opd))
    assert iv.set_index("unit").loc["U1", ["low", "high"]].tolist() == pytest.approx([99, 100])
    res = suppress(truth, hierarchy=_hier(opd), min_n=10)
    assert res.tables["opd"]["suppressed"].sum() == 3
    assert res.secondary["reason"].str.startswith("audit").any()
    iv = feasibility_intervals(res.tables, truth=truth, hierarchy=_hier(opd))
    assert iv.set_index("unit").at["U1", "width"] >= 4
    with pytest.raises(ValueError, match="protection"):
        suppress(truth, hierarchy=_hier(opd), min_n=10, protection=-1)


def test_random_hierarchies_never_leak():
    rng = np.random.default_rng(7)
    for _ in range(25):
        k = int(rng.integers(2, 7))
        opd = _opd(rng.integers(1, 40, k).tolist(), rng.uniform(50, 95, k).tolist())
        subs = []
        for u, n in zip(opd["unit"], opd["n"], strict=True):
            cuts = np.sort(rng.integers(0, n + 1, 2))
            for j, m in enumerate(np.diff(np.r_[0, cuts])):
                if m:
                    subs.append({"unit": f"{u}-{j}", "parent": u, "n": int(m),
                                 "culture_index": float(rng.uniform(50, 95))})
        sub = pd.DataFrame(subs)
        h = {**_hier(opd), **dict(zip(sub["unit"], sub["parent"], strict=True))}
        truth = {"opd": opd, "province": _province(opd), "sub": sub}
        res = suppress(truth, hierarchy=h, min_n=10)
        assert differencing_attack(res.tables, truth=truth, hierarchy=h).empty
        for t in res.tables.values():
            assert (t.loc[~t["suppressed"], "n"] >= 10).all()


def test_blank_changes_hides_a_change_when_either_year_is_hidden():
    t = pd.DataFrame({"year": [2024, 2024, 2024, 2025, 2025, 2025],
                      "unit": ["A", "B", "C", "A", "B", "C"], "n": [30, 5, 30, 31, 30, 30],
                      "culture_index": [70.0, 71.0, 72.0, 73.0, 74.0, 75.0]})
    res = suppress({"opd": t}, hierarchy={}, min_n=10)
    ch = pd.DataFrame({"unit": ["A", "B", "C"], "name": ["a", "b", "c"],
                       "change": [3.0, 3.0, 3.0], "significant": [True, False, True]})
    out = blank_changes(ch, res, years=(2024, 2025))
    assert out["suppressed"].tolist() == [False, True, False]
    assert out["name"].tolist() == ["a", "b", "c"]
    assert out["change"].isna().tolist() == [False, True, False]
    assert out["significant"].isna().tolist() == [False, True, False]


# --------------------------------------------------------------------------------------
# input rules
# --------------------------------------------------------------------------------------
def test_bad_options_and_data():
    opd = _opd([40, 7], [80.0, 60.0])
    with pytest.raises(ValueError, match="min_n"):
        blank_suppressed(opd, min_n=0)
    with pytest.raises(ValueError, match="min_n"):
        suppress({"opd": opd}, hierarchy={}, min_n=0)
    with pytest.raises(ValueError, match="no tables"):
        suppress({}, hierarchy={}, min_n=10)
    with pytest.raises(ValueError, match="secondary has 1 entries"):
        blank_suppressed(opd, min_n=10, secondary=[True])
    with pytest.raises(ValueError, match="not in the table"):
        blank_suppressed(opd, min_n=10, columns=["mean"])
    blanked = blank_suppressed(opd, min_n=10)
    with pytest.raises(DataError, match=r'opd, column "n", row 1: n is missing'):
        suppress({"opd": blanked}, hierarchy={}, min_n=10)
    with pytest.raises(DataError, match='column "unit"'):
        suppress({"opd": opd.drop(columns="unit")}, hierarchy={}, min_n=10)
    small_parent = pd.DataFrame({"unit": ["province"], "n": [20], "culture_index": [70.0]})
    with pytest.raises(DataError, match="hold more respondents"):
        suppress({"opd": opd, "province": small_parent}, hierarchy=_hier(opd), min_n=10)
    other = opd.assign(n=[41, 7])
    with pytest.raises(DataError, match="n = 41 here but 40"):
        suppress({"a": opd, "b": other}, hierarchy={}, min_n=10)
    with pytest.raises(DataError, match="weighting"):
        suppress({"a": opd.assign(weighting="median")}, hierarchy={}, min_n=10)
    weighted = _province(opd).assign(weighting="headcount")
    with pytest.raises(DataError, match=r"headcounts has no entry for \['U1'\]"):
        suppress({"opd": opd, "province": weighted}, hierarchy=_hier(opd), min_n=10,
                 headcounts={"U0": 50})
    with pytest.raises(DataError, match="in no child"):
        suppress({"opd": opd.iloc[:1], "province": weighted}, hierarchy={"U0": "province"},
                 min_n=10, headcounts={"U0": 50})


def test_a_merged_unit_in_the_change_table_is_covered():
    # 2024: A and B (n = 6) merge into M in 2025; the change table shows M's 2024 mean (= A+B)
    y24 = pd.DataFrame({"year": 2024, "unit": ["A", "B", "C", "D"], "n": [30, 6, 40, 25],
                        "culture_index": [80.0, 60.0, 75.0, 70.0]})
    y25 = pd.DataFrame({"year": 2025, "unit": ["M", "C", "D"], "n": [38, 41, 26],
                        "culture_index": [78.0, 76.0, 72.0]})
    prov = pd.concat([_province(t).assign(year=t["year"].iloc[0]) for t in (y24, y25)])
    m24 = (30 * 80 + 6 * 60) / 36
    change = pd.DataFrame({"unit": ["C", "D", "M"], "n_2024": [40, 25, 36],
                           "culture_index_2024": [75.0, 70.0, m24], "n_2025": [41, 26, 38],
                           "culture_index_2025": [76.5, 72.5, 78.5],
                           "change": [1.5, 2.5, 78.5 - m24]})
    cells = change_cells(change, years=(2024, 2025), measures={2025: "common_items"})
    h = {2024: {"A": ["province", "M"], "B": ["province", "M"], "C": "province",
                "D": "province"},
         2025: {"M": "province", "C": "province", "D": "province"}}
    main = {"y24": y24, "y25": y25, "province": prov}
    truth = {**main, "change": cells}
    # protecting the OPD tables alone leaves the change table to give B back
    alone = suppress(main, hierarchy=h, min_n=10)
    assert alone.tables["y24"]["suppressed"].tolist() == [False, True, False, True]
    shown = blank_changes(change, alone, years=(2024, 2025), measures={2025: "common_items"})
    assert not shown.set_index("unit").at["M", "suppressed"]
    published = {**alone.tables, "change": cells}
    hits = differencing_attack(published, truth=truth, hierarchy=h)
    b = hits[(hits["unit"] == "B") & (hits["column"] == "culture_index")]
    assert b["recovered"].iloc[0] == pytest.approx(60.0)
    # with the change table's cells in the audit, nothing comes back
    res = suppress(truth, hierarchy=h, min_n=10)
    assert differencing_attack(res.tables, truth=truth, hierarchy=h).empty
    y24 = res.tables["y24"].set_index("unit")
    assert y24.at["A", "suppression"] == "secondary"  # B's sibling inside M
    assert "M (2024)" in res.secondary.set_index("unit").at["A", "reason"]
    shown = blank_changes(change, res, years=(2024, 2025), measures={2025: "common_items"})
    hidden_change = set(shown.loc[shown["suppressed"], "unit"])
    hidden_cells = set(res.tables["change"].loc[res.tables["change"]["suppressed"], "unit"])
    assert hidden_change == hidden_cells


def test_hierarchy_from_the_unit_table_follows_successors():
    units = ak.read_units(SAMPLE / "units.csv")
    h = hierarchy_from_units(units, successors_in=2025)
    assert h["DISBUDPAR"] == ["province", "DISBUDPARPORA"]
    assert h["DINKES"] == ["province"]
    assert hierarchy_from_units(units)["DISBUDPAR"] == ["province"]
    assert "DISBUDPAR" not in hierarchy_from_units(units, year=2025)
