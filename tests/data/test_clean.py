from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis.data.check import mapped_spellings
from akhlak_analysis.data.clean import EXCLUSION_PRIORITY, HIDDEN_TEXT, LOG_COLUMNS
from tests.helpers import INS24, export_frame, varied, write_csv

#: the loud stop switched off, for tests of single rules on a handful of rows
LAX = ak.CleaningRules(max_unrecognised_share=1, max_unrecognised_item_share=1,
                       max_excluded_share=1)
IDENTIFIER_VALUES = ("198501012010011001", "budi.santoso@example.go.id", "Budi Santoso",
                     "081234567890")


def _clean(tmp_path, units_path, rows, answers=None, year=2024, **kw):
    p = write_csv(export_frame(rows, answers), tmp_path / "r.csv")
    raw = ak.read_responses(p, instrument=INS24)
    units = ak.read_units(units_path)
    kw.setdefault("rules", LAX)
    return ak.clean_responses(raw, units=units, year=year, **kw), raw


def _changes(log):
    """The log without the file-level notes (date order)."""
    return log[log["action"] != "noted"]


def _rules(log, row):
    return sorted(log.loc[log["source_row"] == row, "rule"].tolist())


def test_answer_labels(tmp_path, units_path):
    ans = varied(0)
    ans[:7] = ["Sangat Setuju", "setuju ", "SS", "Setju", "6", "Mungkin", "4,0"]
    res, _ = _clean(tmp_path, units_path, [{}], [ans])
    got = res.data[INS24.item_codes[:7]].iloc[0].tolist()
    assert got[:4] == [5.0, 4.0, 5.0, 4.0] and np.isnan(got[4]) and np.isnan(got[5])
    assert got[6] == 4.0
    log = _changes(res.log).set_index("column")
    codes = INS24.item_codes
    assert log.loc[codes[1], "rule"] == "answer_label_normalised"
    assert log.loc[codes[2], "rule"] == "answer_abbreviation"
    # a misspelling typed in one row only is not shown (it could be anything a person typed)
    assert log.loc[codes[3], ["rule", "original", "new"]].tolist() == [
        "answer_label_fuzzy", HIDDEN_TEXT, "4"]
    assert log.loc[codes[4], "rule"] == "answer_out_of_range"
    assert log.loc[codes[5], "rule"] == "answer_unrecognised"
    assert codes[0] not in log.index and codes[6] not in log.index  # exact label, plain code
    assert (_changes(res.log)["action"] == "changed").all() and res.n_excluded == 0


def test_duplicates_keep_the_later_submission(tmp_path, units_path):
    rows = [{"Stempel waktu": "03/10/2024 09:00:00"},  # later: kept, although listed first
            {"Stempel waktu": "01/10/2024 09:00:00"},
            {"NIP": "199001012015012002", "Alamat email": "x@y.id"}]
    res, _ = _clean(tmp_path, units_path, rows, [varied(0), varied(1), varied(2)])
    assert len(res.data) == 2
    ex = res.log[res.log["action"] == "excluded"]
    assert ex["source_row"].tolist() == [3] and ex["rule"].tolist() == ["duplicate_submission"]
    assert "baris 2" in ex["detail"].iloc[0]


def test_units_alias_fuzzy_unknown_renamed_and_subunits(tmp_path, units_path):
    rows = [{"Unit Kerja (OPD)": "DINKES", "NIP": f"19850101201001100{i}"} for i in range(1, 2)]
    rows += [{"Unit Kerja (OPD)": name, "NIP": f"19850101201001101{i}"} for i, name in enumerate(
        ["  dinas   kesehatan ", "Dinas Keshatan", "Dinas Pertamanan", "Dinas Pariwisata",
         "Badan Kepegawaian Daerah"])]
    rows[0]["Bidang / UPT"] = "upt labkes"
    rows[5]["Bidang / UPT"] = "Bidang Entah"
    for row in rows:
        row["Stempel waktu"] = "01/10/2025 08:00:00"  # in the survey year
    res, _ = _clean(tmp_path, units_path, rows, [varied(i) for i in range(6)], year=2025)
    log = res.log
    assert _rules(log, 2) == ["unit_name_alias", "unit_name_alias"]  # code used, sub-unit alias
    assert _rules(log, 3) == ["unit_name_alias"]
    assert _rules(log, 4) == ["unit_name_fuzzy"]
    unknown = log[log["source_row"] == 5].iloc[0]
    assert (unknown["rule"], unknown["action"]) == ("unknown_unit", "excluded")
    assert "mungkin maksudnya" in unknown["detail"]
    assert _rules(log, 6) == ["unit_renamed"]
    assert _rules(log, 7) == ["subunit_unknown"]
    assert res.data["opd"].tolist() == ["DINKES", "DINKES", "DINKES", "DISBUDPAR", "BKD"]
    assert res.data["subunit"].tolist()[0] == "DINKES-LAB"
    assert res.data["subunit"].isna().tolist()[1:] == [True] * 4
    assert res.data["opd_type"].tolist() == ["Dinas"] * 4 + ["Badan"]


def test_nip_mangled_is_logged_and_never_kept(tmp_path, units_path):
    rows = [{"NIP": "1,98501E+17", "Alamat email": "a@b.id"}, {"NIP": "12345"}]
    res, _ = _clean(tmp_path, units_path, rows, [varied(0), varied(1)])
    assert _rules(res.log, 2) == ["nip_mangled"] and _rules(res.log, 3) == ["nip_invalid"]
    assert len(res.data) == 2 and res.data["respondent_id"].nunique() == 2


def test_too_few_answers_straightlining_and_primary_reason(tmp_path, units_path):
    few = [None] * 21
    few[:5] = ["Setuju"] * 5
    rows = [{"NIP": f"19850101201001100{i}"} for i in range(1, 5)]
    rows[3]["Unit Kerja (OPD)"] = "Dinas Pertamanan"  # unknown AND straight-lining
    answers = [few, "Setuju", varied(0), "Netral"]
    res, _ = _clean(tmp_path, units_path, rows, answers)
    assert _rules(res.log, 2) == ["too_few_answers"]
    assert _rules(res.log, 3) == ["straightlining"]
    assert res.log.loc[res.log["source_row"] == 3, "action"].item() == "flagged"
    ex = res.log[res.log["action"] == "excluded"].set_index("source_row")["rule"]
    assert ex.to_dict() == {2: "too_few_answers", 5: "unknown_unit"}
    assert len(res.data) == 2 and res.data["flag_straightline"].tolist() == [True, False]
    strict = dataclasses.replace(LAX, exclude_straightliners=True)
    res2, _ = _clean(tmp_path, units_path, rows, answers, rules=strict)
    ex2 = res2.log[res2.log["action"] == "excluded"].set_index("source_row")["rule"]
    assert ex2.to_dict() == {2: "too_few_answers", 3: "straightlining", 5: "unknown_unit"}


def test_speeding_from_start_and_end_times(tmp_path, units_path):
    frame = export_frame([{"NIP": "198501012010011001"}, {"NIP": "198501012010011002"}],
                         [varied(0), varied(1)])
    frame = frame.rename(columns={"Stempel waktu": "Waktu Selesai"})
    frame.insert(0, "Waktu Mulai", ["01/10/2024 07:59:00", "01/10/2024 07:40:00"])
    raw = ak.read_responses(write_csv(frame, tmp_path / "r.csv"), instrument=INS24)
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=LAX)
    assert _changes(res.log)[["source_row", "rule", "action"]].values.tolist() == [
        [2, "speeding", "excluded"]]
    assert res.data["duration_s"].tolist() == [1200.0]
    lax = dataclasses.replace(LAX, exclude_speeders=False)
    res2 = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=lax)
    assert _changes(res2.log)["action"].tolist() == ["flagged"] and res2.data["flag_speeding"].sum() == 1


def test_no_identifier_reaches_data_or_log(tmp_path, units_path):
    rows = [{"NIP": "198501012010011001"}, {"NIP": "1.98501E+17"}]
    res, raw = _clean(tmp_path, units_path, rows, [varied(0), ["SS"] * 21])
    assert not {"nip", "name", "email", "phone"} & set(res.data.columns)
    text = res.data.astype(str).to_csv() + res.log.astype(str).to_csv()
    for value in IDENTIFIER_VALUES:
        assert value not in text
    assert raw.data.loc[0, "nip"] == "198501012010011001"  # the raw table is not modified


def test_respondent_id_is_keyed_and_stable(tmp_path, units_path):
    a, _ = _clean(tmp_path, units_path, [{}], [varied(0)], key=b"one")
    b, _ = _clean(tmp_path, units_path, [{}], [varied(0)], key=b"one")
    c, _ = _clean(tmp_path, units_path, [{}], [varied(0)], key=b"two")
    assert a.data["respondent_id"].tolist() == b.data["respondent_id"].tolist()
    assert a.data["respondent_id"].tolist() != c.data["respondent_id"].tolist()
    assert len(a.data["respondent_id"].iloc[0]) == 16


def test_missing_key_warns_and_uses_a_random_key(monkeypatch, tmp_path):
    monkeypatch.delenv("AKHLAK_ID_KEY", raising=False)
    monkeypatch.setenv("AKHLAK_ID_KEY_FILE", str(tmp_path / "absent.key"))
    with pytest.warns(ak.PrivacyWarning):
        k1 = ak.get_id_key()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert k1 != ak.get_id_key()
    (tmp_path / "k.key").write_text("secret\n")
    monkeypatch.setenv("AKHLAK_ID_KEY_FILE", str(tmp_path / "k.key"))
    assert ak.get_id_key() == b"secret"


def test_timestamps_and_summary(tmp_path, units_path):
    rows = [{"Stempel waktu": "kemarin", "NIP": "198501012010011001"},
            {"NIP": "198501012010011002"}]
    res, _ = _clean(tmp_path, units_path, rows, [varied(0), ["ss"] * 21])
    assert _rules(res.log, 2) == ["timestamp_unparseable"]
    assert str(res.data["submitted_date"].iloc[1].date()) == "2024-10-01"
    s = res.summary().set_index("rule")
    assert s.loc["answer_abbreviation", "cells"] == 21
    assert s.loc["answer_abbreviation", "records"] == 1


LABELS = ["Sangat Setuju", "setuju", "SS", "Netral", "Setju", "7", None, "4", "TS", "xx"]
UNITS = ["Dinas Kesehatan", "Dinkes", "BKD Prov", "Dinas Pertamanan", None, "dinas  kesehatan"]
NIPS = ["198501012010011001", "198501012010011002", "1,98E+17", None, "123"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(NIPS), st.sampled_from(UNITS),
                          st.lists(st.sampled_from(LABELS), min_size=21, max_size=21),
                          st.integers(1, 28)), min_size=1, max_size=25),
       st.booleans(), st.booleans())
def test_accounting_rows_in_equal_kept_plus_excluded(tmp_path, units_path, records, strict_sl,
                                                     strict_speed):
    rows = [{"NIP": nip, "Unit Kerja (OPD)": unit,
             "Stempel waktu": f"{day:02d}/10/2024 10:00:00"} for nip, unit, _, day in records]
    answers = [list(a) for _, _, a, _ in records]
    rules = dataclasses.replace(LAX, exclude_straightliners=strict_sl,
                                exclude_speeders=strict_speed)
    res, raw = _clean(tmp_path, units_path, rows, answers, rules=rules)
    ex = res.log[res.log["action"] == "excluded"]
    assert res.n_in == len(raw.data) == len(res.data) + len(ex)
    assert ex["source_row"].is_unique  # exactly one primary reason each
    assert set(ex["rule"]) <= set(EXCLUSION_PRIORITY)
    kept = res.data[INS24.item_codes].to_numpy()
    assert np.all(np.isnan(kept) | ((kept >= 1) & (kept <= 5)))
    assert res.data["respondent_id"].notna().all()
    assert pd.Index(res.log.columns).equals(pd.Index(LOG_COLUMNS))


# --------------------------------------------------------------------------------------
# personal data typed where an answer or a unit belongs (issue 18 item 2)
# --------------------------------------------------------------------------------------
ATTACKS = ("198501012010011001", "budi.santoso@example.go.id", "Budi Santoso")


def _outputs(res):
    return [res.data.astype(str).to_csv(), res.log.astype(str).to_csv(),
            ak.answer_recognition({2024: res}).astype(str).to_csv(),
            str(mapped_spellings(res.log, "answer_label_fuzzy"))]


@pytest.mark.parametrize("repeats", [1, 2])
def test_personal_data_in_answer_and_unit_cells_never_reaches_data_log_or_tables(
        tmp_path, units_path, repeats):
    n = 3 * repeats + 3
    rows = [{"NIP": f"1985010120100110{i:02d}"} for i in range(n)]
    answers = [varied(i) for i in range(n)]
    for i, value in enumerate(ATTACKS * repeats):
        answers[i][4] = value                        # an answer cell
        rows[3 * repeats + i % 3]["Unit Kerja (OPD)"] = value   # a unit cell
    res, _ = _clean(tmp_path, units_path, rows, answers)
    for value in ATTACKS:
        assert not any(value.lower() in text.lower() for text in _outputs(res)), value
    unknown = res.log[res.log["rule"] == "unknown_unit"]
    assert len(unknown) == 3 and (unknown["original"] == "").all()
    assert unknown["detail"].str.contains("data pribadi").all()
    bad = res.log[res.log["rule"].isin(["answer_unrecognised", "answer_out_of_range"])]
    assert len(bad) == 3 * repeats  # the NIP is a number outside the scale
    shown = {HIDDEN_TEXT} if repeats == 1 else {"[NIP]", "[email]", "[nama]"}
    assert set(bad["original"]) == shown


def test_the_loud_stop_names_texts_without_personal_data(tmp_path, units_path):
    answers = [varied(i) for i in range(4)]
    for i in range(4):
        answers[i][:3] = list(ATTACKS)
    rows = [{"NIP": f"19850101201001100{i}"} for i in range(4)]
    with pytest.raises(ak.DataError) as info:
        _clean(tmp_path, units_path, rows, answers, rules=ak.CleaningRules())
    msg = str(info.value)
    assert "'[NIP]' (4 cells in 4 rows" in msg and "'[email]' (4 cells" in msg
    assert "'[nama]' (4 cells" in msg  # the name column holds "Budi Santoso"
    for value in ATTACKS:
        assert value not in msg


def test_a_respondents_text_is_shown_only_when_found_in_several_rows(tmp_path, units_path):
    answers = [varied(i) for i in range(4)]
    answers[0][0] = answers[1][0] = "Setju"   # two rows: shown
    answers[2][0] = "Stuju"                   # one row: hidden
    answers[3][0] = "Sangat Setuju"           # the label itself: never logged
    answers[3][1] = "setuju"                  # a known label in another case: shown
    rows = [{"NIP": f"19850101201001100{i}"} for i in range(4)]
    res, _ = _clean(tmp_path, units_path, rows, answers)
    log = _changes(res.log).set_index("source_row")
    assert log.loc[[2, 3], "original"].tolist() == ["Setju", "Setju"]
    assert log.loc[4, "original"] == HIDDEN_TEXT and log.loc[4, "new"] == "4"
    assert log.loc[5, "original"] == "setuju"


def test_submission_times_outside_the_survey_year_are_flagged(tmp_path, units_path):
    rows = [{"Stempel waktu": t, "NIP": f"19850101201001100{i}"} for i, t in
            enumerate(["01/10/2024 08:00:00", "01/10/2099 08:00:00", "31/12/2023 23:00:00"])]
    res, _ = _clean(tmp_path, units_path, rows, [varied(i) for i in range(3)])
    flagged = res.log[res.log["rule"] == "timestamp_outside_year"]
    assert flagged["source_row"].tolist() == [3, 4]
    assert (flagged["action"] == "flagged").all()
    assert flagged["detail"].str.contains("di luar tahun survei 2024").all()
    assert len(res.data) == 3  # kept: flagged, not excluded


def test_the_recognition_table_redacts_what_it_is_given():
    q = pd.DataFrame({"item": ["A1"], "column": ["A1"], "n_answers": [10], "n_unrecognised": [3],
                      "n_out_of_range": [0], "share_unrecognised": [0.3],
                      "top_unrecognised": ["budi@dinas.go.id (2); 081234567890 (1)"]})
    res = ak.CleanResult(pd.DataFrame(), pd.DataFrame(), 10, "f.csv", None, answer_quality=q)
    assert ak.answer_recognition({2025: res})["top_unrecognised"].iloc[0] == (
        "[email] (2); [telepon] (1)")
