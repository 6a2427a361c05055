"""Demographic values are categories of a vocabulary, never free text (issue 18 item 2)."""

from __future__ import annotations

import dataclasses
from importlib import resources

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis.config import CATEGORY_ROLES
from akhlak_analysis.data._log import HIDDEN_TEXT, CleaningLog
from akhlak_analysis.data.categories import (
    _fold,
    clean_categories,
    load_vocabularies,
    read_band,
    read_grade,
)
from tests.conftest import SAMPLE
from tests.helpers import INS24, export_frame, varied, write_csv

LAX = ak.CleaningRules(max_unrecognised_share=1, max_unrecognised_item_share=1,
                       max_excluded_share=1)


def test_the_shipped_vocabulary_covers_every_demographic_role_once():
    doc = yaml.safe_load((resources.files("akhlak_analysis.data") / "categories.yaml")
                         .read_text(encoding="utf-8"))
    assert set(doc) == set(CATEGORY_ROLES)
    for role, spec in doc.items():  # no spelling is two categories
        seen: dict[str, str] = {}
        for cat, others in (spec.get("categories") or {}).items():
            for text in (cat, *(others or [])):
                assert seen.setdefault(_fold(text), cat) == cat, (role, text)


def test_the_samples_values_are_categories_as_written():
    voc = load_vocabularies()
    raw = ak.read_responses(SAMPLE / "responses_2024.csv", instrument="berakhlak-2024")
    for role in CATEGORY_ROLES:
        for value in raw.data[role].dropna().unique():
            assert voc[role].match(value) == (value, "exact"), (role, value)


@pytest.mark.parametrize(("role", "text", "category"), [
    ("gender", "L", "Laki-laki"), ("gender", "laki2", "Laki-laki"), ("gender", "PRIA", "Laki-laki"),
    ("gender", "Wanita", "Perempuan"), ("employment", "P3K", "PPPK"),
    ("employment", "Honorer", "Non-ASN"), ("position_type", "JFT", "Fungsional"),
    ("position_type", "Fungsional Umum", "Pelaksana"), ("grade", "III/a", "III"),
    ("grade", "Gol. IV b", "IV"), ("grade", "9", "IX"), ("age_band", "30 - 39 Tahun", "30-39 tahun"),
    ("age_band", "≥50", ">= 50 tahun"), ("age_band", "di bawah 30", "< 30 tahun"),
    ("tenure_band", "lebih dari 20 thn", "> 20 tahun"), ("tenure_band", "5 s/d 10", "5-10 tahun")])
def test_other_spellings_become_the_category(role, text, category):
    assert load_vocabularies()[role].match(text) == (category, "spelling" if role in (
        "gender", "employment", "position_type") else "form")


@pytest.mark.parametrize(("role", "text"), [
    ("gender", "198501012010011001"), ("gender", "budi@dinas.go.id"), ("gender", "Budi Santoso"),
    ("age_band", "081234567890"), ("age_band", "34"), ("age_band", "50-40 tahun"),
    ("tenure_band", "0-99 tahun"), ("grade", "V/a"), ("grade", "XVIII"), ("grade", "Budi")])
def test_anything_else_is_no_category(role, text):
    assert load_vocabularies()[role].match(text) == (None, "")


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 100), st.integers(0, 100), st.sampled_from(["-", " - ", " s/d ", "–"]),
       st.sampled_from(["", " tahun", " Tahun", " thn"]))
def test_a_band_has_one_form_whatever_its_spelling(a, b, sep, unit):
    got = read_band(f"{a}{sep}{b}{unit}", bounds=(0, 100))
    assert got == (f"{a}-{b} tahun" if a < b else None)
    assert read_band(got or "x", bounds=(0, 100)) == got  # the form reads as itself


def test_grades_and_their_numbers():
    assert [read_grade(t) for t in ("I", "iv/e", "IIIa", "Golongan 17", "0", "IV/f")] == [
        "I", "IV", "III", "XVII", None, None]


def test_the_configs_values_add_spellings_and_categories():
    voc = load_vocabularies({"gender": {"Lk": "Laki-laki"}, "grade": {"Honorer": "Tanpa golongan"}})
    assert voc["gender"].match("lk") == ("Laki-laki", "spelling")
    assert voc["grade"].match("Honorer") == ("Tanpa golongan", "spelling")
    assert voc["grade"].match("III/a") == ("III", "form")  # the pattern still reads
    assert "Tanpa golongan" in voc["grade"].categories


def test_unknown_values_become_missing_or_lainnya_and_are_logged():
    d = pd.DataFrame({"source_row": [2, 3, 4, 5], "gender": ["L", "X", "X", None],
                      "position_type": ["Guru Besar", "JFT", "Pelaksana", "Pelaksana"]})
    log = CleaningLog("f.csv")
    out = clean_categories(d, vocabularies=load_vocabularies(), log=log)
    assert out["gender"].isna().tolist() == [False, True, True, True]
    assert out["gender"].iloc[0] == "Laki-laki"
    assert out["position_type"].tolist() == ["Lainnya", "Fungsional", "Pelaksana", "Pelaksana"]
    frame = log.frame().set_index(["source_row", "column"])
    assert frame.loc[(3, "gender"), "original"] == "X"  # found in two rows: shown
    assert frame.loc[(2, "position_type"), ["rule", "original", "new"]].tolist() == [
        "category_unrecognised", HIDDEN_TEXT, "Lainnya"]


# --------------------------------------------------------------------------------------
# attacks: personal data typed into the demographic fields never reaches any output
# --------------------------------------------------------------------------------------
ATTACKS = ("198501012010011001", "budi.santoso@example.go.id", "Budi Santoso")


def test_personal_data_in_gender_and_age_never_reaches_data_or_log(tmp_path, units_path):
    rows = [{"NIP": f"1985010120100110{i:02d}", "Jenis Kelamin": "Perempuan"} for i in range(8)]
    for i, value in enumerate(ATTACKS * 2):  # each twice: repeated texts would be shown
        rows[i]["Jenis Kelamin" if i < 3 else "Usia"] = value
    frame = export_frame(rows, [varied(i) for i in range(8)])
    frame["Usia"] = [r.get("Usia", "30-39 tahun") for r in rows]
    raw = ak.read_responses(write_csv(frame, tmp_path / "r.csv"), instrument=INS24)
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=LAX)
    assert res.data["gender"].isna().sum() == 3 and res.data["age_band"].isna().sum() == 3
    outputs = [res.data.astype(str).to_csv(), res.log.astype(str).to_csv(),
               ak.answer_recognition({2024: res}).astype(str).to_csv()]
    for value in ATTACKS:
        assert not any(value.lower() in text.lower() for text in outputs), value
    personal = res.log[res.log["rule"] == "category_unrecognised"]
    assert len(personal) == 6 and (personal["original"] == "").all()
    assert personal["detail"].str.contains("data pribadi").all()


def test_a_value_map_in_the_config_reads_own_codes(tmp_path, units_path):
    rows = [{"NIP": f"1985010120100110{i:02d}", "Jenis Kelamin": g}
            for i, g in enumerate(["1", "2", "1"])]
    raw = ak.read_responses(write_csv(export_frame(rows, [varied(i) for i in range(3)]),
                                      tmp_path / "r.csv"), instrument=INS24)
    rules = dataclasses.replace(LAX, category_values={"gender": {"1": "Laki-laki",
                                                                 "2": "Perempuan"}})
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=rules)
    assert res.data["gender"].tolist() == ["Laki-laki", "Perempuan", "Laki-laki"]
    mapped = res.log[res.log["rule"] == "category_mapped"]
    assert mapped["new"].tolist() == ["Laki-laki", "Perempuan", "Laki-laki"]


@pytest.mark.parametrize("text", ["-", "N/A", "tidak diisi", "Kosong", "?"])
def test_a_text_that_says_no_answer_is_missing_not_lainnya(text):
    assert load_vocabularies()["position_type"].match(text) == (None, "missing")
    d = pd.DataFrame({"source_row": [2], "position_type": [text]})
    log = CleaningLog("f.csv")
    assert clean_categories(d, vocabularies=load_vocabularies(), log=log)[
        "position_type"].isna().all()
    assert log.frame()["new"].tolist() == [""]
