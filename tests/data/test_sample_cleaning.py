"""Cleaning the committed sample recovers exactly the defects the generator planted."""

from __future__ import annotations

import json

import pytest

import akhlak_analysis as ak
from tests.conftest import SAMPLE

TRUTH = json.loads((SAMPLE / "truth.json").read_text())


@pytest.fixture(scope="module")
def cleaned(sample_clean):
    return sample_clean


@pytest.mark.parametrize("year", [2024, 2025])
def test_planted_defects_are_found(cleaned, year):
    res, truth = cleaned[year], TRUTH["years"][str(year)]["defects"]
    s = res.summary().set_index("rule")

    def records(rule):
        return int(s.loc[rule, "records"]) if rule in s.index else 0

    def cells(rule):
        return int(s.loc[rule, "cells"]) if rule in s.index else 0

    assert records("duplicate_submission") == truth["duplicates"]
    assert records("unknown_unit") == truth["unknown_unit_rows"]
    assert records("too_few_answers") == truth["too_few_answers"]
    assert records("speeding") == truth["speeders"]
    assert records("straightlining") == truth["straightliners"]
    assert records("nip_mangled") == truth["mangled_nip"]
    assert records("unit_name_alias") + records("unit_name_fuzzy") == truth["unit_name_variants"]
    assert cells("answer_out_of_range") == truth["out_of_range_cells"]
    assert cells("answer_abbreviation") == truth["abbreviations"]
    assert (cells("answer_label_normalised") + cells("answer_label_fuzzy")
            == truth["misspelled_labels"])
    assert cells("answer_unrecognised") == 0
    rows_in = TRUTH["years"][str(year)]["rows_in_file"]
    assert res.n_in == rows_in == len(res.data) + res.n_excluded


def test_unknown_opd_is_not_mistaken_for_a_similar_one(cleaned):
    log = cleaned[2024].log
    unknown = log[log["rule"] == "unknown_unit"]
    assert set(unknown["original"]) == {"Dinas Pertamanan"}
    assert unknown["detail"].str.contains("mungkin maksudnya").all()


def test_renamed_and_merged_units_map_to_their_successors(cleaned):
    reorg = TRUTH["reorganisation"]
    units = ak.read_units(SAMPLE / "units.csv")
    codes_2025 = set(cleaned[2025].data["opd"])
    olds = [*reorg["renamed"], *(o for group in reorg["merged"].values() for o in group)]
    assert len(olds) == 3
    for old in olds:
        assert old not in codes_2025
        assert units.successor(old, 2025) in codes_2025
