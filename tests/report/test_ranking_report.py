"""Notebook glue of the OPD ranking: publishable tables, level vs change, conclusions."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis import plots
from akhlak_analysis.report.rank_tables import improvement_table, ranking_table
from akhlak_analysis.report.ranking import level_change, ranking_conclusions, variance_table
from akhlak_analysis.stats.rank import IccResult
from tests.conftest import SAMPLE

INS24 = ak.load_instrument("berakhlak-2024")
INS25 = ak.load_instrument("berakhlak-2025")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def hand_table() -> pd.DataFrame:
    """10 ranked units: A clearly top, I clearly bottom, B-H an inseparable middle, and a
    suppressed unit S; J is small (n = 12) and has the highest raw mean."""
    return pd.DataFrame({
        "unit": list("AJBCDEFGHIS"),
        "name": ["Dinas A", "Biro J", "Badan B", "Dinas C", "Dinas D", "Dinas E", "Dinas F",
                 "Dinas G", "Dinas H", "Dinas I", "Biro S"],
        "n": [300, 12, 150, 140, 130, 120, 110, 100, 90, 250, 5],
        "culture_index": [90.0, 95.0, 79.0, 78.5, 78.0, 77.5, 77.0, 76.5, 76.0, 60.0, 99.0],
        "eb_index": [89.9, 80.0, 79.0, 78.5, 78.0, 77.5, 77.0, 76.5, 76.0, 60.1, 85.0],
        "rank": pd.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None], dtype="Int64"),
        "rank_low": pd.array([1, 2, 2, 2, 2, 2, 3, 3, 3, 10, None], dtype="Int64"),
        "rank_high": pd.array([1, 9, 8, 9, 9, 9, 9, 9, 9, 10, None], dtype="Int64"),
        "p_top": [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, np.nan],
        "p_bottom": [0.0] * 9 + [1.0, np.nan],
        "suppressed": [False] * 10 + [True]})


# ----------------------------------------------------------------------- conclusions
def test_conclusions_name_clear_top_bottom_and_inseparable_middle():
    text = ranking_conclusions(hand_table())
    lines = text.splitlines()
    assert lines[0] == "- **Jelas di 10% teratas**: Dinas A (n = 300)."
    assert lines[1] == "- **Jelas di 10% terbawah**: Dinas I (n = 250)."
    middle = next(x for x in lines if x.startswith("- **Tidak dapat dibedakan**"))
    assert "8 OPD" in middle and "lebar interval median 8 peringkat" in middle
    small = next(x for x in lines if x.startswith("- **Efek ukuran kecil**"))
    assert "Biro J (n = 12)" in small and "95,0" in small and "80,0" in small
    assert "interval 2–9" in small
    assert lines[-1].startswith("- **Tidak diperingkat**") and "Biro S" in lines[-1]
    assert "99" not in lines[-1] and "85" not in lines[-1]  # no figure of a suppressed unit
    assert "Mungkin" not in text  # t = 1: nobody but A reaches rank 1


def test_conclusions_possible_top_and_probability_rule():
    t = hand_table()
    t.loc[t["unit"] == "J", "rank_low"] = 1
    t.loc[t["unit"] == "B", "p_top"] = 0.95  # clearly top by probability, interval 2-8
    text = ranking_conclusions(t, icc_result=IccResult(0.19, 0.96, 30, 128, 77, 23, 10, 1000,
                                                       100, "reml"))
    assert "- **Jelas di 10% teratas**: Dinas A (n = 300) dan Badan B (n = 150)." in text
    assert "Mungkin di 10% teratas" in text and "Biro J (n = 12)" in text
    assert "**19%** keragaman indeks terletak antar-OPD" in text


def test_conclusions_lists_are_capped_and_english_works():
    t = hand_table()
    t["p_top"] = [1.0] * 10 + [np.nan]
    text = ranking_conclusions(t, max_names=2)
    assert "Dinas A (n = 300); Biro J (n = 12) dan 8 lainnya." in text
    assert ranking_conclusions(hand_table(), lang="en").startswith(
        "- **Clearly in the top 10%**: Dinas A (n = 300).")


@pytest.mark.parametrize("kwargs, match", [
    ({"top_share": 0}, "top_share"), ({"top_share": 1.5}, "top_share"),
    ({"threshold": 1}, "threshold"), ({"lang": "fr"}, "lang"),
])
def test_conclusions_option_rules(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ranking_conclusions(hand_table(), **kwargs)


def test_conclusions_input_rules():
    with pytest.raises(ValueError, match="rank_low"):
        ranking_conclusions(hand_table().drop(columns="rank_low"))
    with pytest.raises(ValueError, match="DataFrame"):
        ranking_conclusions([1, 2])
    with pytest.raises(ValueError, match="every unit is suppressed"):
        ranking_conclusions(hand_table().assign(suppressed=True))
    with pytest.raises(ValueError, match="peer"):
        ranking_conclusions(hand_table().assign(peer_group=["x", "y"] * 5 + ["x"]))


# ----------------------------------------------------------------------- tables
def test_ranking_table_blanks_every_figure_of_a_suppressed_unit():
    out = ranking_table(hand_table().assign(category="Sehat"))
    row = out[out["unit"] == "S"].iloc[0]
    for col in ("n", "culture_index", "eb_index", "rank", "rank_low", "rank_high", "p_top",
                "p_bottom", "category"):
        assert pd.isna(row[col]), col
    assert row["name"] == "Biro S"
    assert out.columns[:3].tolist() == ["rank", "rank_low", "rank_high"]
    assert out.loc[0, "eb_index"] == 89.9
    dropped = ranking_table(hand_table(), include_suppressed=False)
    assert "S" not in set(dropped["unit"]) and len(dropped) == 10
    shown = ak.to_display(out)
    assert shown.iloc[-1]["Jumlah responden"] == "" and shown.iloc[0]["Peringkat"] == "1"
    with pytest.raises(ValueError, match="suppressed"):
        ranking_table(hand_table().drop(columns="suppressed"))


def test_variance_table_rules():
    r = IccResult(0.2, 0.9, 25.0, 100.0, 76.0, 20.8, 40, 4000, 90.0, "reml")
    t = variance_table(r, lang="en")
    assert t["measure"].iloc[2] == "ICC(1)" and t["estimate"].iloc[7] == "4,000"
    with pytest.raises(ValueError, match="IccResult"):
        variance_table({"icc1": 0.2})
    with pytest.raises(ValueError, match="lang"):
        variance_table(r, lang="de")


def test_unit_frame_and_rules(units_path):
    units = ak.read_units(units_path)
    f = units.frame(2025)
    assert f["code"].tolist() == ["DINKES", "BKD", "DISBUDPAR"]
    assert f["headcount"].tolist() == [125, 62, 40]
    assert units.frame(2024)["code"].tolist() == ["DINKES", "BKD", "DISPAR"]
    assert units.frame(2025, level="subunit")["code"].tolist() == ["DINKES-LAB"]
    with pytest.raises(ValueError, match="level"):
        units.frame(2025, level="province")


def test_improvement_table_names_values_items_and_order():
    areas = pd.DataFrame({"unit": ["A", "B", "S"], "n": [20, 30, 3],
                          "suppressed": [False, False, True],
                          "weakest_value": ["adaptif", "loyal", None],
                          "weakest_value_score": [61.0, 70.0, np.nan],
                          "province_score": [70.0, 80.0, np.nan], "gap": [-9.0, -10.0, np.nan],
                          "item_1": ["AD4", "LO1", None], "item_1_score": [50.0, 60.0, np.nan],
                          "item_1_gap": [-5.0, -6.0, np.nan]})
    out = improvement_table(areas, instrument=INS25, names=pd.Series({"A": "Dinas A"}),
                            order=["B", "A", "S"], max_chars=20)
    assert out["unit"].tolist() == ["B", "A"] and out["name"].tolist() == ["B", "Dinas A"]
    assert out["weakest_value"].tolist() == ["Loyal", "Adaptif"]
    assert out["item_1"].iloc[1].startswith("AD4: ") and out["item_1"].iloc[1].endswith("…")
    assert len(out["item_1"].iloc[1]) == len("AD4: ") + 20
    assert "suppressed" not in out.columns
    with pytest.raises(ValueError, match="weakest_value"):
        improvement_table(areas.drop(columns="weakest_value"), instrument=INS25)


# ----------------------------------------------------------------------- level_change
def _answers(ins, level: float, n: int, opd: str) -> pd.DataFrame:
    return pd.DataFrame({c: [level] * n for c in ins.item_codes}).assign(opd=opd)


def _level_change(now, prev, units, ins_now, ins_prev, min_n=10):
    from akhlak_analysis.stats.change import compare_years

    level = ak.index_table(ak.score_respondents(now, instrument=ins_now), by="opd", units=units,
                           year=2025, min_n=min_n, instrument=ins_now)
    cmp = compare_years({2024: prev, 2025: now}, units=units, min_n=min_n,
                        instrument_by_year={2024: ins_prev, 2025: ins_now})
    return level_change(level, cmp)


def test_level_change_follows_renamed_units_and_uses_common_items(units_path):
    units = ak.read_units(units_path)
    prev = pd.concat([_answers(INS24, 4.0, 12, "DINKES"), _answers(INS24, 3.0, 15, "DISPAR"),
                      _answers(INS24, 4.0, 4, "BKD")], ignore_index=True)
    now = pd.concat([_answers(INS25, 5.0, 11, "DINKES"), _answers(INS25, 4.0, 20, "DISBUDPAR"),
                     _answers(INS25, 4.0, 30, "BKD")], ignore_index=True)
    t = _level_change(now, prev, units, INS25, INS24).set_index("unit")
    # 2025 reverse items KO4/AD4 answered 5 score 0 on the full instrument, not on common items
    assert t.loc["DINKES", "culture_index"] == pytest.approx((5 * 100 + 2 * 75) / 7)
    assert t.loc["DINKES", "change"] == pytest.approx(100.0 - 75.0)
    assert t.loc["DISBUDPAR", "change"] == pytest.approx(75.0 - 50.0)
    assert t.loc["BKD", "suppressed"] and pd.isna(t.loc["BKD", "change"])  # 4 in 2024
    assert pd.isna(t.loc["BKD", "n"])
    assert "DISPAR" not in t.index


def test_level_change_rules():
    lv = pd.DataFrame({"unit": ["A"], "name": ["A"], "n": [12], "culture_index": [80.0],
                       "suppressed": [False]})
    with pytest.raises(ValueError, match="change"):
        level_change(lv, pd.DataFrame({"unit": ["A"]}))


# ----------------------------------------------------------------------- the sample
@pytest.fixture(scope="module")
def sample(sample_clean):
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    units = ak.read_units(cfg.units)
    res = sample_clean
    ins = cfg.year(2025).instrument
    scores = ak.score_respondents(res[2025].data, instrument=ins)
    ranked = ak.rank_units(scores, units=units, year=2025, min_n=cfg.min_group_size,
                           seed=cfg.seed, instrument=ins)
    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
    return {"cfg": cfg, "units": units, "res": res, "scores": scores, "ranked": ranked,
            "truth": truth, "ins": ins}


def test_sample_planted_strongest_opds_rank_high(sample):
    ranked = sample["ranked"].set_index("unit")
    true = pd.Series({k: v["culture_index"] for k, v in
                      sample["truth"]["years"]["2025"]["opd"].items()})
    true = true[ranked.index[~ranked["suppressed"]]].sort_values(ascending=False)
    k = int((~ranked["suppressed"]).sum())
    top_t = int(np.ceil(0.10 * k))
    for code in true.index[:5]:  # the five strongest: rank interval reaches the top tenth
        assert ranked.loc[code, "rank_low"] <= top_t, code
        assert ranked.loc[code, "p_top"] > 0.25 or ranked.loc[code, "rank"] <= 5, code
    assert ranked.loc[true.index[0], "p_top"] > 0.5
    for code in true.index[-3:]:  # the three weakest: high p_bottom
        assert ranked.loc[code, "p_bottom"] > 0.5, code
    eb = ranked.loc[true.index, "eb_index"].astype(float)
    assert np.corrcoef(eb.rank(), true.rank())[0, 1] > 0.85


def test_sample_suppressed_units_never_ranked_nor_drawn(sample):
    ranked, ins, cfg = sample["ranked"], sample["ins"], sample["cfg"]
    hidden = ranked[ranked["suppressed"]]
    assert len(hidden) >= 1 and (hidden["n"] < cfg.min_group_size).all()
    table = ranking_table(ranked)
    assert table.loc[table["suppressed"], ["rank", "n", "eb_index"]].isna().all().all()
    assert not set(hidden["unit"]) & set(ranking_table(ranked, include_suppressed=False)["unit"])
    text = ranking_conclusions(ranked)
    names_hidden = set(hidden["name"])
    opd = ak.index_table(sample["scores"], by="opd", units=sample["units"], year=2025,
                         min_n=cfg.min_group_size, instrument=ins)
    change = _level_change(sample["res"][2025].data, sample["res"][2024].data, sample["units"],
                           ins, cfg.year(2024).instrument, cfg.min_group_size)
    axes = [plots.plot_caterpillar(ranked, instrument=ins), plots.plot_rank_intervals(ranked),
            plots.plot_shrinkage(ranked, grand_mean=76.0, sigma2=128.0),
            plots.plot_value_heatmap(opd, instrument=ins, order=ranked["unit"].tolist()),
            plots.plot_level_change(change, province_index=76.0, province_change=2.0)]
    for ax in axes:
        shown = {t.get_text() for t in ax.get_yticklabels()} | {t.get_text() for t in ax.texts}
        assert not shown & (names_hidden | set(hidden["unit"])), ax.get_title()
    assert len(axes[0].get_yticklabels()) == len(ranked) - len(hidden)
    assert axes[3].get_images()[0].get_array().shape == (len(ranked) - len(hidden), 7)
    assert all(nm in text for nm in names_hidden)  # named as not ranked, without figures


def test_sample_level_change_recovers_planted_change_classes(sample):
    cfg = sample["cfg"]
    from akhlak_analysis.stats.change import compare_province

    data = {y: sample["res"][y].data for y in (2024, 2025)}
    ins_by_year = {2024: cfg.year(2024).instrument, 2025: sample["ins"]}
    t = _level_change(data[2025], data[2024], sample["units"], sample["ins"], ins_by_year[2024],
                      cfg.min_group_size).set_index("unit")
    province_change = float(compare_province(data, units=sample["units"],
                                             instrument_by_year=ins_by_year)["change"].iloc[0])
    classes = {k: v["change"] for k, v in sample["truth"]["years"]["2025"]["opd"].items()}
    shown = t[~t["suppressed"]]
    improve = [c for c in shown.index if classes.get(c) == "improve"]
    decline = [c for c in shown.index if classes.get(c) == "decline"]
    assert improve and decline
    assert (shown.loc[improve, "change"] > province_change).all()
    assert (shown.loc[decline, "change"] < 0).all()
    assert shown.loc[["DISBUDPARPORA", "BAPPERIDA"], "change"].notna().all()  # merged, renamed


def test_rank_units_takes_the_unit_table_with_its_year(units_path):
    units = ak.read_units(units_path)
    scores = pd.DataFrame({"opd": ["DINKES"] * 12 + ["BKD"] * 11,
                           "culture_index": np.linspace(60, 90, 23)})
    with pytest.raises(ValueError, match="year="):
        ak.rank_units(scores, units=units, min_n=10)
    a = ak.rank_units(scores, units=units, year=2025, min_n=10, seed=1)
    with pytest.raises(ValueError, match="UnitTable"):
        ak.rank_units(scores, units=units.frame(2025), min_n=10, seed=1)
    assert a.loc[a["unit"] == "DISBUDPAR", "suppressed"].item()  # listed, no respondents
