"""Drill-down tables and the published set (report/drilldown.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.report import drilldown as dd
from akhlak_analysis.report import names, publish
from akhlak_analysis.report.sections import has, note
from akhlak_analysis.stats.disclosure_audit import differencing_attack
from tests.conftest import SAMPLE

INS = ak.load_instrument("berakhlak-2024")


def _scores(seed: int = 1, n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    d = pd.DataFrame({c: rng.integers(1, 6, n).astype(float) for c in INS.item_codes})
    d["opd"] = rng.choice(["A", "B", "C"], n)
    d["gender"] = rng.choice(["L", "P"], n)
    return d


def test_group_index_equals_the_group_means():
    d = _scores()
    s = ak.score_respondents(d, instrument=INS)
    t = dd.group_index(s, by="gender", within="opd", instrument=INS)
    want = s.groupby(["opd", "gender"])["culture_index"].agg(["size", "mean", "std"])
    got = t.set_index(["unit", "group"])
    assert got["n"].tolist() == want["size"].tolist()
    assert got["culture_index"].to_numpy() == pytest.approx(want["mean"].to_numpy())
    # the interval is the survey design's domain estimate within the OPD's stratum
    for opd in ("A", "B", "C"):
        one = ak.index_table(s[s["opd"] == opd], by="gender", weighting="none", min_n=1,
                             instrument=INS)
        mine = t[t["unit"] == opd]
        assert mine["ci_low"].to_numpy() == pytest.approx(one["ci_low"].to_numpy())
        assert mine["ci_high"].to_numpy() == pytest.approx(one["ci_high"].to_numpy())
    prov = dd.group_index(s, by="gender", instrument=INS)
    assert prov["unit"].unique().tolist() == ["province"]
    assert prov["n"].sum() == s["culture_index"].notna().sum()


def test_group_index_options_are_checked():
    s = ak.score_respondents(_scores(), instrument=INS)
    with pytest.raises(ValueError, match="within must be"):
        dd.group_index(s, by="gender", within="subunit", instrument=INS)
    with pytest.raises(ValueError, match="no 'grade' column"):
        dd.group_index(s, by="grade", instrument=INS)


def test_opd_items_scores_and_favourable_shares():
    d = _scores(2)
    t = dd.opd_items(d, instrument=INS)
    assert len(t) == 3 * len(INS.items)
    sc = ak.item_scores(d, instrument=INS)
    a = t[(t["unit"] == "A") & (t["item"] == "BP1")].iloc[0]
    assert a["score"] == pytest.approx(sc.loc[d["opd"] == "A", "BP1"].mean())
    fav = (d.loc[d["opd"] == "A", "BP1"] >= INS.scale.favourable_min).mean() * 100
    assert a["pct_favourable"] == pytest.approx(fav)
    assert a["province_score"] == pytest.approx(sc["BP1"].mean())
    assert a["gap"] == pytest.approx(a["score"] - a["province_score"])
    assert a["statement"] == INS.item("BP1").text
    assert t["score"].between(0, 100).all() and t["pct_favourable"].between(0, 100).all()


def test_rerank_leaves_no_gap_where_a_unit_was_hidden():
    ranked = pd.DataFrame({"unit": list("ABCDE"), "rank": pd.array([1, 2, 3, 4, 5], "Int64"),
                           "rank_low": pd.array([1, 1, 2, 3, 4], "Int64"),
                           "rank_high": pd.array([2, 3, 4, 5, 5], "Int64"),
                           "n": [50, 40, 30, 20, 12], "culture_index": [90.0, 85, 80, 75, 70],
                           "suppressed": False})
    hidden = pd.DataFrame({"year": [2025], "unit": ["B"], "by": [""], "group": [""], "n": [5]})
    pub = publish.Published(2025, {}, pd.DataFrame(), hidden, hidden.iloc[:0], 10)
    out = publish.protect(ranked, pub)
    shown = out[~out["suppressed"]]
    assert shown["rank"].tolist() == [1, 2, 3, 4]
    assert shown["rank_high"].max() == 4 and shown["rank_low"].min() == 1
    assert out.loc[out["unit"] == "B", ["rank", "n", "culture_index"]].isna().all().all()


# --------------------------------------------------------------------------- the sample
@pytest.fixture(scope="module")
def sample_published(tmp_path_factory):
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025,
                                  cache_dir=tmp_path_factory.mktemp("cache"))
    return ctx, publish.published_tables(ctx)


def test_one_pattern_in_every_published_table(sample_published):
    ctx, pub = sample_published
    opd = pub[names.OPD_INDEX].set_index("unit")
    hidden = set(opd.index[opd["suppressed"]])
    assert hidden == {"BPENGHUBUNG", "BIRO_KESRA", "BIRO_ADPEM", "BIRO_EKON"}
    assert "suppression" not in opd.columns  # which hidden row is small is not published
    reason = pub.reasons[names.OPD_INDEX].set_axis(pub[names.OPD_INDEX]["unit"])
    assert reason["BPENGHUBUNG"] == "primary" and reason["BIRO_KESRA"] == "secondary"
    for name in (names.TARGET_GAPS, names.RESPONSE_RATES, names.RANKING):
        t = pub[name]
        assert set(t.loc[t["suppressed"], "unit"]) == hidden, name
        assert t.loc[t["suppressed"], "n"].isna().all(), name
    assert not hidden & set(pub[names.IMPROVEMENT]["unit"])
    items = pub[names.OPD_ITEMS]
    assert set(items.loc[items["suppressed"], "unit"]) == hidden
    assert items.loc[items["suppressed"], "score"].isna().all()
    assert items.loc[items["suppressed"], "statement"].notna().all()
    ranking = pub[names.RANKING]
    ranks = ranking.loc[~ranking["suppressed"], "rank"].astype(int)
    assert sorted(ranks) == list(range(1, len(ranks) + 1))  # no gap reveals a hidden OPD
    assert ranking["rank_high"].max() == len(ranks)
    groups = pub[names.GROUP_INDEX]
    assert groups.loc[groups["unit"].isin(hidden), "suppressed"].all()
    for name, t in pub.tables.items():
        if "n" in t.columns and "suppressed" in t.columns:
            assert (t.loc[~t["suppressed"], "n"] >= ctx.min_n).all(), name
    change = pub[names.UNIT_CHANGE]
    assert change.loc[change["unit"].isin(hidden), "suppressed"].all()
    assert change.loc[change["suppressed"], "change"].isna().all()


def test_published_tables_resist_the_differencing_attack(sample_published):
    from akhlak_analysis.stats.disclosure import suppress

    ctx, pub = sample_published
    cells, hierarchy, hc = publish.audit_inputs(ctx)
    res = suppress(cells, hierarchy=hierarchy, min_n=ctx.min_n, headcounts=hc)
    keys = ["year", "unit", "by", "group"]
    published = dict(res.tables)
    for name, source in ((f"opd_{ctx.year}", names.OPD_INDEX),
                         (f"subunit_{ctx.year}", names.SUBUNIT_INDEX),
                         (f"{names.PROVINCE_GROUPS}_{ctx.year}", names.PROVINCE_GROUPS),
                         (f"{names.GROUP_INDEX}_{ctx.year}", names.GROUP_INDEX)):
        k = [c for c in keys if c in cells[name].columns]
        shown = pub[source].assign(year=ctx.year)
        published[name] = cells[name][k].merge(shown, on=k, how="left", validate="one_to_one")
        # the published table hides exactly the cells of the one pattern
        assert (published[name]["suppressed"].to_numpy()
                == res.tables[name]["suppressed"].to_numpy()).all(), name
    hits = differencing_attack(published, truth=cells, hierarchy=hierarchy, headcounts=hc)
    means = hits[hits["column"] != "n"]
    assert means[means["error"].abs() < 2].empty, means


def test_policy_text_and_summary_count_the_hidden_rows(sample_published):
    _, pub = sample_published
    summ = pub.summary().set_index("table")
    assert summ.at[names.OPD_INDEX, "primary"] == 1 and summ.at[names.OPD_INDEX, "secondary"] == 3
    assert (summ["hidden"] == summ["primary"] + summ["secondary"]).all()
    assert (summ["rows"] == summ["shown"] + summ["hidden"]).all()
    text = pub.policy_text()
    assert "kurang dari 10 responden" in text and "pelindung" in text
    assert f"{int(summ['secondary'].sum())} baris sebagai pelindung" in text.replace(".", "")


def test_first_year_without_groups_or_subunits_says_why(tmp_path):
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025)
    ctx._clean[2025] = type("R", (), {"data": ctx.data().drop(
        columns=["subunit", *dd.BREAKDOWNS])})()
    assert not has(ctx, "subunit") and not has(ctx, "groups")
    assert dd.breakdowns(ctx) == []
    assert "sub-unit" in note(ctx, "subunit") and "kelompok pegawai" in note(ctx, "groups")


def test_explore_select_slices_the_published_tables(sample_published):
    from akhlak_analysis.report import explore

    ctx, pub = sample_published
    opd = explore.select(pub, level="opd")
    assert len(opd) == len(pub[names.OPD_INDEX])
    shown = opd[~opd["suppressed"]]
    assert shown["culture_index"].is_monotonic_decreasing
    assert opd.loc[opd["suppressed"], "culture_index"].isna().all()
    g = explore.select(pub, level="opd", unit="DINKES", by="gender", value="adaptif")
    assert set(g["unit"]) == {"DINKES"} and set(g["by"]) == {"gender"} and "adaptif" in g
    sub = explore.select(pub, level="subunit", unit="DINKES")
    assert set(sub["unit"]) == {"DINKES-UPT-LABKES", "DINKES-UPT-PELKES"}
    prov = explore.select(pub, level="province", by="employment")
    assert set(prov["group"]) == {"PNS", "PPPK"}
    codes = [c for _, c in explore.unit_choices(pub)]
    assert "BPENGHUBUNG" not in codes and "DINKES" in codes
    with pytest.raises(ValueError, match="level must be"):
        explore.select(pub, level="bidang")
    with pytest.raises(ValueError, match="value 'x'"):
        explore.select(pub, level="opd", value="x")
