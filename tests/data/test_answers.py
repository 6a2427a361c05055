"""Answers are recognised, never guessed (issue 20): a misspelling is read as a label only when
it can be a spelling of that one label; a different answer ("Agak Setuju") is unrecognised and
counts toward the loud stop, whose message names the text, its cells, where, and the alias."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis._answers import ANSWER_MODIFIERS, answer_modifiers
from akhlak_analysis.instrument import Scale, normalize_text
from tests.helpers import INS24, export_frame, varied, write_csv

SCALE = INS24.scale
LAX = ak.CleaningRules(max_unrecognised_share=1, max_unrecognised_item_share=1,
                       max_excluded_share=1)


@pytest.mark.parametrize("text", [
    "Agak Setuju", "agak setuju", "Sedikit Setuju", "Setuju Sekali", "Sangat Sangat Setuju",
    "Setuju Banget", "Lumayan Setuju", "Tidak Netral", "Hampir Selalu", "Agak Sering",
    "4 - Agak Setuju", "Agak Setuju (4)"])
def test_an_answer_with_another_modifier_is_not_a_misspelling(text):
    # difflib rates "agak setuju" 0.83 against "sangat setuju": the old rule read it as 5
    value, rule = SCALE.answer_parser()(text)
    assert np.isnan(value) and rule == "answer_unrecognised"


@pytest.mark.parametrize(("text", "code"), [
    ("Setju", 4), ("Stuju", 4), ("Sangt Setuju", 5), ("Sangat Stuju", 5), ("Natral", 3),
    ("Tdk Setuju", 2), ("Tidak Stuju", 2), ("Sangat Tdk Setuju", 1), ("Sangat Tidak Stuju", 1),
    ("Tidak Pernh", 1), ("Srng", 4), ("Kdang-kadang", 3), ("Krg Setuju", 3)])
def test_a_misspelling_of_one_label_is_read_as_that_label(text, code):
    assert SCALE.answer_parser()(text) == (float(code), "answer_label_fuzzy")


def test_a_doubled_word_written_with_2_is_the_label():
    assert SCALE.answer_parser()("Kadang2") == (3.0, "answer_label_normalised")


def test_a_text_as_close_to_two_codes_is_not_guessed():
    scale = Scale(1, 2, "own", {"own": {1: "Setuju A", 2: "Setuju B"}}, {}, 2)
    parse = scale.answer_parser()
    assert parse("Setuju A") == (1.0, "")
    value, rule = parse("Setuju C")  # 0.875 to both labels: no margin
    assert np.isnan(value) and rule == "answer_unrecognised"
    assert scale.answer_parser(margin=0)("Setuju C")[1] == "answer_label_fuzzy"


def test_modifiers_of_labels_and_of_misspelled_texts():
    assert answer_modifiers("sangat tidak setuju") == {"sangat", "tidak"}
    assert answer_modifiers("sngat tdk setuju") == {"sangat", "tidak"}
    assert answer_modifiers("kadang-kadang") == answer_modifiers("setuju") == frozenset()


_LABELS = sorted({t for kind in SCALE.labels.values() for t in kind.values()}
                 | set(SCALE.aliases))
_CARRIED = set().union(*(answer_modifiers(normalize_text(t)) for t in _LABELS))
_FOREIGN = sorted(set(ANSWER_MODIFIERS) - _CARRIED)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_LABELS), st.sampled_from(_FOREIGN), st.booleans(),
       st.sampled_from([str, str.lower, str.upper, str.title]))
def test_no_label_with_a_modifier_it_lacks_is_read_by_similarity(label, modifier, before, case):
    text = case(f"{modifier} {label}" if before else f"{label} {modifier}")
    assert SCALE.answer_parser()(text)[1] != "answer_label_fuzzy"


_WORDY = [(t, c) for kind in SCALE.labels.values() for c, t in kind.items()
          if any(len(w) >= 6 for w in t.split())]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_WORDY), st.data())
def test_one_letter_missing_from_a_long_word_keeps_the_label(pair, data):
    label, code = pair
    words = label.split()
    i = data.draw(st.sampled_from([k for k, w in enumerate(words) if len(w) >= 6]))
    j = data.draw(st.integers(1, len(words[i]) - 1))
    words[i] = words[i][:j] + words[i][j + 1:]
    value, rule = SCALE.answer_parser()(" ".join(words))
    assert value == code and rule in ("answer_label_fuzzy", "answer_label_normalised")


# --------------------------------------------------------------------------------------
# the case end to end: 5% of the cells "Agak Setuju"
# --------------------------------------------------------------------------------------
def _agak(tmp_path, units_path, rules):
    answers = [varied(i) for i in range(40)]
    for k in range(42):  # 42 of 840 cells (5%), spread over rows and items
        answers[k % 40][(k * 5) % 21] = "Agak Setuju"
    rows = [{"NIP": f"1985010120100110{i:02d}"} for i in range(40)]
    raw = ak.read_responses(write_csv(export_frame(rows, answers), tmp_path / "r.csv"),
                            instrument=INS24)
    return ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=rules)


def test_five_percent_agak_setuju_stops_the_run_naming_text_cells_and_alias(tmp_path,
                                                                            units_path):
    with pytest.raises(ak.DataError) as info:
        _agak(tmp_path, units_path, ak.CleaningRules())
    msg = str(info.value)
    assert "42 of 840 answer cells (5.0%)" in msg
    assert "'Agak Setuju' (42 cells in 40 rows, e.g. column " in msg
    assert "cleaning.answer_aliases: {'Agak Setuju': <code 1-5>}" in msg
    assert "scale.aliases" in msg and info.value.rows


def test_agak_setuju_below_the_stop_is_missing_not_five(tmp_path, units_path):
    res = _agak(tmp_path, units_path, LAX)
    log = res.log[res.log["rule"] == "answer_unrecognised"]
    assert len(log) == 42 and set(log["original"]) == {"Agak Setuju"}
    assert res.answer_quality["n_unrecognised"].sum() == 42
    assert abs(res.unrecognised_share - 0.05) < 1e-12
    matrix = res.data[INS24.item_codes].to_numpy()
    assert all(np.isnan(matrix[k % 40, (k * 5) % 21]) for k in range(42))


def test_the_user_says_what_agak_setuju_means(tmp_path, units_path):
    rules = dataclasses.replace(ak.CleaningRules(), answer_aliases={"Agak Setuju": 4})
    res = _agak(tmp_path, units_path, rules)
    assert res.unrecognised_share == 0
    assert (res.log["rule"] == "answer_abbreviation").sum() == 42
