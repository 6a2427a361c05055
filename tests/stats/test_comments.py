"""Open comments: found, matched to the right respondents, redacted first, themes, disclosure."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis.data.comments import (
    find_open_columns,
    is_comment,
    name_deny_list,
    unit_heads,
)
from akhlak_analysis.data.extras import read_extras
from akhlak_analysis.errors import DataError
from akhlak_analysis.report import artifacts
from akhlak_analysis.report import drivers as rd
from akhlak_analysis.report.sections import section_plan
from akhlak_analysis.stats import comments as sc
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample"
XLSX = SAMPLE / "responses_2025.xlsx"
PLAIN = ak.load_instrument("berakhlak-2025")
PLUS = ak.load_instrument("berakhlak-2025-plus")


@pytest.fixture(scope="module")
def ctx():
    return ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, key=b"k")


@pytest.fixture(scope="module")
def extras(ctx):
    return read_extras(XLSX, instrument=ctx.instrument(), clean=ctx.clean(), sheet="Jawaban")


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The export as a spreadsheet program shows it (no package code)."""
    return pd.read_excel(XLSX, sheet_name="Jawaban", dtype=object, engine="calamine")


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))["comments_2025"]


# -- finding the columns ------------------------------------------------------------------------
def test_open_questions_from_the_instrument_else_by_keyword():
    heads = ["ID", "Saran dan masukan untuk perbaikan budaya kerja", "Harapan Anda",
             "Usulan 1", "Usulan 2", "Nomor HP"]
    by_ins = find_open_columns(heads, instrument=PLUS)
    assert by_ins.values.tolist() == [["saran", heads[1], "instrument"]]
    by_kw = find_open_columns(heads, instrument=PLAIN)
    assert by_kw["question"].tolist() == ["saran", "harapan", "usulan", "usulan_2"]
    assert (by_kw["found_by"] == "keyword").all()
    assert find_open_columns(["Pesan singkat", "Masukannya"], instrument=PLAIN).empty


def test_non_comments_and_deny_list():
    assert not any(is_comment(t) for t in ["-", "Tidak ada", " nihil ", "", None, 3, "."])
    assert is_comment("Pelatihan kurang")
    assert name_deny_list(["Ir. H. Ahmad Nahan, M.Si.", "ahmad nahan", "Ahmad Nahan"]) == \
        ["Ahmad Nahan", "ahmad nahan"]
    units = ak.read_units(SAMPLE / "units.csv")
    assert unit_heads(units) == []
    table = units.table.assign(kepala=["Drs. Yohanes Tingang, M.M."] + [None] * (len(units.table) - 1))
    assert unit_heads(dataclasses.replace(units, table=table)) == ["Yohanes Tingang"]


def test_both_configurations_find_the_sample_question(ctx):
    plain = ak.Analysis.from_config(SAMPLE / "analysis_plain.yaml", 2025, key=b"k")
    ex = read_extras(XLSX, instrument=plain.instrument(), clean=plain.clean(), sheet="Jawaban")
    assert ex.questions[["question", "found_by"]].values.tolist() == [["saran", "keyword"]]
    assert not ex.has_outcomes and ex.has_comments
    def plan(c):
        t = section_plan(c)
        return t[t["notebook"] == rd.NOTEBOOK]["runs"].tolist()

    assert plan(plain) == [False, False, False, False, True]
    assert all(plan(ctx))


# -- matched to the right respondents ---------------------------------------------------------
def test_rows_are_the_clean_respondents_in_order(ctx, extras, raw):
    clean = ctx.clean()
    assert extras.outcomes["respondent_id"].tolist() == clean.data["respondent_id"].tolist()
    out = set(clean.log.loc[clean.log["action"] == "excluded", "source_row"].astype(int))
    kept = raw[~(raw.index + 2).isin(out)]
    expected = pd.to_numeric(kept["KT1"], errors="coerce").to_numpy(dtype=float)
    np.testing.assert_array_equal(extras.outcomes["KT1"].to_numpy(), expected)
    assert extras.answer_issues["n_unrecognised"].sum() == 0


def test_a_changed_file_stops(ctx):
    clean = ctx.clean()
    short = dataclasses.replace(clean, data=clean.data.iloc[:-3])
    with pytest.raises(DataError, match="file changed since it was cleaned"):
        read_extras(XLSX, instrument=PLUS, clean=short, sheet="Jawaban")


def test_unrecognised_outcome_answers_stop(tmp_path, ctx, raw):
    clean = ctx.clean()
    bad = raw.copy()
    bad.loc[bad.index[:300], "BM2"] = "Lumayan"
    path = tmp_path / "r.xlsx"
    bad.to_excel(path, sheet_name="Jawaban", index=False)
    with pytest.raises(DataError, match="not answers of the 1-5 scale.*Lumayan"):
        read_extras(path, instrument=PLUS, clean=clean, sheet="Jawaban")


# -- redaction first ------------------------------------------------------------------------------
def test_no_planted_identifier_survives(extras, raw, truth):
    texts = extras.comments["text"]
    joined = "\n".join(texts)
    assert not re.search(r"\d{8}", joined.replace(" ", "").replace("-", ""))
    assert "@" not in joined and "+62" not in joined
    for col in ("NIP", "No. HP", "Email"):
        for v in raw[col].dropna().astype(str):
            assert v not in joined
    for n in name_deny_list(raw["Nama"]):
        assert not re.search(rf"(?i)\b{re.escape(n)}\b", joined), n
    assert not re.search(r"\b(Pak|Bu) (?!\[nama\])[A-Z]", joined)
    found = extras.redactions.set_index("kind")["count"]
    for kind in ("nip", "nik", "phone", "email", "name", "title"):
        assert 0.85 * truth["identifiers"][kind] <= found[kind] <= truth["identifiers"][kind]


def test_non_comments_are_not_comments(extras, truth):
    q = extras.questions.iloc[0]
    assert q["n_answers"] > q["n_comments"] == len(extras.comments)
    assert not extras.comments["text"].map(is_comment).eq(False).any()


# -- themes ---------------------------------------------------------------------------------------
def test_planted_themes_are_found_per_opd(extras, truth):
    tags = sc.tag_themes(extras.comments["text"])
    table = sc.theme_table(extras.comments, tags, by="opd")
    topics = [t.code for t in sc.load_themes() if t.family == "topic"]
    shown = table[~table["suppressed"]]
    assert len(shown) >= 25
    for _, row in shown.iterrows():
        assert row[topics].astype(float).idxmax() == truth["planted_theme"][row["unit"]], row["unit"]


def test_seed_dictionary_rules(tmp_path):
    assert sc.tag_themes(["Atasan tidak hadir", "Di atas meja"])["kepemimpinan"].tolist() == \
        [True, False]                                     # "=atasan": exact word, not "atas"
    assert sc.tag_themes(["Mohon umpan balik", "Umpan ikan, balik kanan"]
                         )["kepemimpinan"].tolist() == [True, False]  # a phrase: in order
    p = tmp_path / "t.yaml"
    p.write_text("themes:\n- code: a\n  words: [x]\n- code: a\n  words: [y]\n")
    with pytest.raises(DataError, match="duplicate theme code"):
        sc.load_themes(p)
    p.write_text("themes:\n- code: a\n")
    with pytest.raises(DataError, match="needs a code and a list of words"):
        sc.load_themes(p)
    p.write_text("themes:\n- code: a\n  family: nilai\n  words: [x]\n")
    with pytest.raises(DataError, match="family"):
        sc.load_themes(p)
    with pytest.raises(DataError, match="not found"):
        sc.load_themes(tmp_path / "none.yaml")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=12), st.integers(1, 15))
def test_hidden_groups_never_stand_alone(sizes, min_comments):
    opd = np.repeat([f"U{i:02d}" for i in range(len(sizes))], sizes)
    c = pd.DataFrame({"opd": opd, "text": "Pelatihan kurang"})
    t = sc.theme_table(c, sc.tag_themes(c["text"]), by="opd", min_comments=min_comments)
    n = pd.Series(sizes, index=[f"U{i:02d}" for i in range(len(sizes))])
    hidden = n[t.set_index("unit").reindex(n.index)["suppressed"].fillna(False).to_numpy()
               & (n > 0).to_numpy()]
    assert len(hidden) == 0 or (len(hidden) >= 2 and hidden.sum() >= min_comments) or \
        len(hidden) == (n > 0).sum()
    shown = t[~t["suppressed"]]
    assert (shown["n_comments"] >= min_comments).all()
    assert shown["pelatihan"].between(0, 100).all()


def test_examples_are_deterministic_and_never_from_hidden_groups(extras):
    com = extras.comments
    tags = sc.tag_themes(com["text"])
    table = sc.theme_table(com, tags, by="opd")
    hidden = table.loc[table["suppressed"], "unit"].tolist()
    ex = sc.example_comments(com, tags, hidden=hidden)
    per = sc.example_comments(com, tags, by="opd", hidden=hidden)
    assert ex.groupby("theme").size().max() <= 2 and per.groupby(["unit", "theme"]).size().max() <= 2
    assert not ex["comment"].str.contains("[", regex=False).any()
    origin = com.set_index("text")["opd"]
    assert not ex["comment"].map(lambda t: origin.loc[[t]].isin(hidden).all()).any()
    counts = com["opd"].value_counts()
    assert (counts.reindex(per["unit"].unique()) >= 30).all()
    shuffled = com.sample(frac=1, random_state=3)
    again = sc.example_comments(shuffled, tags.loc[shuffled.index], hidden=hidden)
    pd.testing.assert_frame_equal(ex, again)


def test_tone_known_answer():
    c = pd.DataFrame({"respondent_id": ["a", "b", "c"],
                      "text": ["Beban kerja berat", "Beban tugas banyak", "Pelatihan kurang"]})
    s = pd.DataFrame({"respondent_id": ["a", "b", "c", "d"], "keterlibatan": [50., 60., 90., 80.]})
    t = sc.theme_tone(c, sc.tag_themes(c["text"]), s, columns=["keterlibatan"],
                      min_comments=1).set_index("theme")
    assert t.loc["beban_kerja", "keterlibatan"] == 55.0
    assert t.loc["beban_kerja", "keterlibatan_diff"] == 55.0 - 70.0
    assert t.loc["all_writers", "keterlibatan"] == pytest.approx(200 / 3)
    with pytest.raises(DataError, match="no 'engagement' column"):
        sc.theme_tone(c, sc.tag_themes(c["text"]), s, columns=["engagement"])


def test_emerging_themes_are_seeded(extras):
    texts = extras.comments["text"]
    tags = sc.tag_themes(texts)
    a = sc.emerging_themes(texts, tags=tags, seed=5)
    pd.testing.assert_frame_equal(a, sc.emerging_themes(texts, tags=tags, seed=5))
    assert a["n_comments"].sum() <= len(texts) and len(a) == 8
    assert a["seed_theme"].notna().sum() >= 4
    assert not a["top_words"].str.contains(r"\bterima\b|\byang\b").any()
    with pytest.raises(DataError, match="too few"):
        sc.emerging_themes(texts.head(10))


# -- the notebook's section, end to end ---------------------------------------------------------
def test_comment_outputs_hold_no_personal_data(tmp_path, ctx, raw):
    data = rd.load(ctx)
    artifacts.use_folder(tmp_path, year=2025)
    try:
        sec = rd.comments_section(ctx, data)
    finally:
        artifacts.use_folder(None)
    assert sec.ran
    tables = [pd.read_parquet(p) for p in tmp_path.rglob("*.parquet")]
    tables += [i for i in sec.items if isinstance(i, pd.DataFrame)]
    text = "\n".join(i for i in sec.items if isinstance(i, str))
    for t in tables:     # every text cell (numbers are figures, not identifiers)
        text += "\n" + "\n".join(str(v) for c in t.columns for v in t[c]
                                  if isinstance(v, str))
    assert not re.search(r"\d{8}", text.replace(" ", "").replace("-", "")) and "@" not in text
    for n in name_deny_list(raw["Nama"]):
        assert not re.search(rf"(?i)\b{re.escape(n)}\b", text), n
    assert len(tables) >= 5 and "Pelatihan" in text
