"""Real exports as users have them: Microsoft Forms, Google Sheets (US), KoboToolbox, Excel's
"Unicode Text", titles above the header, lines of nothing but delimiters, malformed files.
Nothing may be read silently wrong: every rule here has a known outcome or a DataError."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from tests.helpers import INS24, export_frame, varied, write_csv

I25 = ak.load_instrument("berakhlak-2025")
AGREE = I25.scale.labels["agreement"]
LAX = ak.CleaningRules(max_unrecognised_share=1, max_unrecognised_item_share=1,
                       max_excluded_share=1)


def _coded(k: int, form: str = "{c} - {t}") -> list[str]:
    """28 answers of the 2025 instrument written as code and label, not a straight line."""
    codes = [(j + k) % 3 + 3 for j in range(28)]
    return [form.format(c=c, t=AGREE[c]) for c in codes]


def _ms_forms(n: int, answers=None, form: str = "{c} - {t}") -> pd.DataFrame:
    """A Microsoft Forms export (Indonesian UI): ID, Waktu mulai/penyelesaian, no Jenis Jabatan."""
    start = pd.Timestamp("2025-10-06 08:00:00")
    frame = pd.DataFrame({
        "ID": range(1, n + 1),
        "Waktu mulai": [start + pd.Timedelta(minutes=15 * i) for i in range(n)],
        "Waktu penyelesaian": [start + pd.Timedelta(minutes=15 * i + 10) for i in range(n)],
        "Email": [f"p{i}@kalteng.go.id" for i in range(n)],
        "Nama": [f"Pegawai {i}" for i in range(n)],
        "Waktu modifikasi terakhir": None,
        "Unit Kerja (OPD)": ["Dinas Kesehatan", "Badan Kepegawaian Daerah"] * (n // 2) + (
            ["Dinas Kesehatan"] if n % 2 else []),
    })
    for j, it in enumerate(I25.items):
        frame[it.text] = [(answers[i] if answers else _coded(i, form))[j] for i in range(n)]
    return frame


def _units(tmp_path, text: str | None = None):
    p = tmp_path / "units.csv"
    p.write_text(text or "code,name,headcount_2025\nDINKES,Dinas Kesehatan,120\n"
                         "BKD,Badan Kepegawaian Daerah,60\n")
    return ak.read_units(p)


# --------------------------------------------------------------------------------------
# answers in code/label forms
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["4 - Setuju", "4. Setuju", "4) Setuju", "(4) Setuju",
                                  "Setuju (4)", "4 = Setuju", "4 Setuju", "4,0", "4.0", "Setuju",
                                  "4 – setuju", "[4] Setuju", "4: Setuju"])
def test_every_code_label_form_reads_as_its_code(text):
    assert INS24.scale.answer_parser()(text) == (4.0, "")


@pytest.mark.parametrize(("text", "expected"), [
    ("S", (4.0, "answer_abbreviation")), ("1 - STS", (1.0, "answer_abbreviation")),
    ("4 - Stuju", (4.0, "answer_label_fuzzy")), ("SETUJU", (4.0, "answer_label_normalised")),
    ("4 - Sering", (4.0, "")), ("Selalu (5)", (5.0, ""))])
def test_abbreviations_misspellings_and_frequency_labels(text, expected):
    assert INS24.scale.answer_parser()(text) == expected


@pytest.mark.parametrize("text", ["4 - Sangat Setuju", "Sangat Setuju (4)", "6 - Setuju",
                                  "2 Setuju", "Mungkin"])
def test_code_and_label_that_disagree_are_not_guessed(text):
    value, rule = INS24.scale.answer_parser()(text)
    assert np.isnan(value) and rule == "answer_unrecognised"


def test_a_four_point_frequency_scale_reads_its_own_codes(tmp_path):
    doc = {"name": "freq4", "scale": {"min": 1, "max": 4, "type": "frequency",
                                      "labels": {"frequency": {1: "Tidak Pernah", 2: "Jarang",
                                                               3: "Sering", 4: "Selalu"}},
                                      "favourable_min": 3},
           "bands": [{"code": "a", "min": 0, "max": 50}, {"code": "b", "min": 50, "max": 100}],
           "values": [{"code": "v"}], "items": [{"code": "V1", "value": "v", "text": "x"}]}
    import yaml
    p = tmp_path / "freq4.yaml"
    p.write_text(yaml.safe_dump(doc))
    parse = ak.load_instrument(p).scale.answer_parser()
    assert parse("4 - Selalu") == (4.0, "") and parse("Jarang (2)") == (2.0, "")
    assert parse("5")[1] == "answer_out_of_range" and parse("4 - Jarang")[1] == "answer_unrecognised"


def test_answer_aliases_must_lie_on_the_scale():
    with pytest.raises(ValueError, match="outside the scale"):
        INS24.scale.answer_parser(aliases={"Agak": 7})
    assert INS24.scale.answer_parser(aliases={"Agak Setuju": 3})("agak setuju") == (
        3.0, "answer_abbreviation")


# --------------------------------------------------------------------------------------
# Microsoft Forms workbook: coded labels, start/end times, no "Jenis Jabatan"
# --------------------------------------------------------------------------------------
def test_microsoft_forms_workbook_with_coded_labels(tmp_path):
    frame = _ms_forms(12)
    frame.loc[3, "Waktu penyelesaian"] = frame.loc[3, "Waktu mulai"] + pd.Timedelta(seconds=40)
    p = tmp_path / "ms.xlsx"
    frame.to_excel(p, index=False, sheet_name="Sheet1")
    raw = ak.read_responses(p, instrument=I25)
    assert raw.role_headers["started_at"] == "Waktu mulai"
    assert raw.role_headers["submitted_at"] == "Waktu penyelesaian"
    assert raw.unrecognised_columns == ["ID", "Waktu modifikasi terakhir"]
    res = ak.clean_responses(raw, units=_units(tmp_path), year=2025)
    assert res.unrecognised_share == 0 and res.unrecognised_columns == raw.ignored_columns
    assert res.log[res.log["action"] == "changed"].empty  # "4 - Setuju" is no change
    assert res.exclusions().to_dict() == {"speeding": 1}
    expected = np.array([[(j + i) % 3 + 3 for j in range(28)] for i in range(12) if i != 3])
    assert np.array_equal(res.data[I25.item_codes].to_numpy(), expected)
    assert res.data["position_type"].isna().all()  # absent column: missing, not an error
    assert res.data["duration_s"].iloc[0] == 600.0


# --------------------------------------------------------------------------------------
# the loud stop
# --------------------------------------------------------------------------------------
def test_many_unrecognised_answers_stop_cleaning_with_the_values_and_the_fix(tmp_path):
    answers = [[f"{c} - {AGREE[min(c + 1, 5)]}" for c in [(j + i) % 3 + 2 for j in range(28)]]
               for i in range(10)]  # every code disagrees with its label
    p = tmp_path / "ms.xlsx"
    _ms_forms(10, answers).to_excel(p, index=False)
    raw = ak.read_responses(p, instrument=I25)
    with pytest.raises(ak.DataError) as info:
        ak.clean_responses(raw, units=_units(tmp_path), year=2025)
    msg = str(info.value)
    assert msg.startswith("ms.xlsx, column ")
    assert "280 of 280 answer cells (100.0%)" in msg and "'3 - Setuju'" in msg
    assert "scale.aliases" in msg and "cleaning.answer_aliases" in msg and info.value.rows


def test_one_item_above_its_share_stops_although_the_total_is_small(tmp_path):
    answers = [["4"] * 28 for _ in range(10)]
    for i in range(10):
        answers[i][1] = "Sangat Baik" if i < 2 else "5"
        answers[i][0] = str(i % 5 + 1)
    p = tmp_path / "a.xlsx"
    _ms_forms(10, answers).to_excel(p, index=False)
    raw = ak.read_responses(p, instrument=I25)
    with pytest.raises(ak.DataError, match=r"worst item BP2: 20\.0%"):
        ak.clean_responses(raw, units=_units(tmp_path), year=2025)
    rules = dataclasses.replace(ak.CleaningRules(), max_unrecognised_item_share=0.25)
    res = ak.clean_responses(raw, units=_units(tmp_path), year=2025, rules=rules)
    q = res.answer_quality.set_index("item")
    assert q.loc["BP2", "n_unrecognised"] == 2 and q.loc["BP2", "share_unrecognised"] == 0.2
    assert q.loc["BP2", "top_unrecognised"] == "Sangat Baik (2)"
    assert res.unrecognised_share == pytest.approx(2 / 280)
    aliased = dataclasses.replace(ak.CleaningRules(), answer_aliases={"Sangat Baik": 5})
    res = ak.clean_responses(raw, units=_units(tmp_path), year=2025, rules=aliased)
    assert res.unrecognised_share == 0 and (res.data["BP2"] == 5).all()


def test_mass_exclusion_stops_and_names_the_unknown_units(tmp_path):
    frame = _ms_forms(8)
    frame["Unit Kerja (OPD)"] = ["Dinas Kesehatan"] * 3 + ["Dinas Perikanan"] * 5
    p = tmp_path / "a.xlsx"
    frame.to_excel(p, index=False)
    raw = ak.read_responses(p, instrument=I25)
    with pytest.raises(ak.DataError, match=r"5 of 8 rows \(62\.5%\) would be excluded.*"
                                           r"'Dinas Perikanan' \(5 rows\)"):
        ak.clean_responses(raw, units=_units(tmp_path), year=2025)
    res = ak.clean_responses(raw, units=_units(tmp_path), year=2025,
                             rules=dataclasses.replace(LAX, max_excluded_share=0.7))
    assert res.n_excluded == 5


# --------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------
def _google(times: list[str], header="Stempel waktu", email="Alamat email") -> pd.DataFrame:
    frame = export_frame([{"NIP": f"19850101201001{i:04d}"} for i in range(len(times))],
                         [varied(i) for i in range(len(times))])
    frame["Stempel waktu"] = times
    return frame.rename(columns={"Stempel waktu": header, "Alamat email": email})


def _dates(res) -> list[str]:
    return [str(d.date()) for d in res.data["submitted_date"]]


def test_a_day_above_12_decides_day_first_for_the_whole_column(tmp_path, units_path):
    p = write_csv(_google(["10/1/2024 9:00:00", "13/1/2024 9:00:00"]), tmp_path / "r.csv")
    res = ak.clean_responses(ak.read_responses(p, instrument=INS24),
                             units=ak.read_units(units_path), year=2024, rules=LAX,
                             date_order="mdy")
    assert _dates(res) == ["2024-01-10", "2024-01-13"] and res.date_order == "dmy"
    note = res.log[res.log["rule"] == "date_order"]
    assert note["action"].tolist() == ["noted"] and "baris 3" in note["detail"].item()


def test_us_google_sheets_export_reads_month_first(tmp_path, units_path):
    frame = _google(["10/1/2024 9:00:00", "10/2/2024 9:00:00"], header="Timestamp",
                    email="Email Address")
    raw = ak.read_responses(write_csv(frame, tmp_path / "r.csv", sep=","), instrument=INS24)
    assert raw.role_headers["email"] == "Email Address"
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=LAX)
    assert _dates(res) == ["2024-10-01", "2024-10-02"] and res.date_order == "mdy"
    assert "Inggris" in res.date_order_reason
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=LAX,
                             date_order="dmy")  # the setting outranks the convention
    assert _dates(res) == ["2024-01-10", "2024-02-10"]
    with pytest.raises(ValueError, match="date_order"):
        ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, date_order="ymd")


def test_indonesian_export_defaults_to_day_first(tmp_path, units_path):
    p = write_csv(_google(["10/1/2024 9:00:00", "11/1/2024 9:00:00"]), tmp_path / "r.csv")
    res = ak.clean_responses(ak.read_responses(p, instrument=INS24),
                             units=ak.read_units(units_path), year=2024, rules=LAX)
    assert _dates(res) == ["2024-01-10", "2024-01-11"] and res.date_order == "dmy"


def test_kobotoolbox_start_end_with_offsets_give_the_duration(tmp_path, units_path):
    frame = _google(["x", "y"]).drop(columns="Stempel waktu")
    frame.insert(0, "start", ["2024-10-01T08:00:00.000+07:00", "2024-10-01T08:00:00.000+07:00"])
    frame.insert(1, "end", ["2024-10-01T08:00:30.123+07:00", "2024-10-01T08:12:00.000+07:00"])
    frame["_submission_time"] = ["2024-10-01T01:13:00", "2024-10-01T01:13:00"]
    raw = ak.read_responses(write_csv(frame, tmp_path / "r.csv", sep=","), instrument=INS24)
    assert raw.role_headers["started_at"] == "start" and raw.role_headers["submitted_at"] == "end"
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=LAX)
    assert res.exclusions().to_dict() == {"speeding": 1}
    assert res.data["duration_s"].tolist() == [720.0] and res.date_order is None


def test_microsoft_forms_csv_start_and_completion_time(tmp_path, units_path):
    frame = _google(["10/1/2024 9:00:30", "10/1/2024 9:20:00"]).rename(
        columns={"Stempel waktu": "Completion time"})
    frame.insert(0, "Start time", ["10/1/2024 9:00:00", "10/1/2024 9:00:00"])
    raw = ak.read_responses(write_csv(frame, tmp_path / "r.csv", sep=","), instrument=INS24)
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=LAX)
    assert res.exclusions().to_dict() == {"speeding": 1} and _dates(res) == ["2024-10-01"]


# --------------------------------------------------------------------------------------
# header row, encodings, blank lines, malformed files
# --------------------------------------------------------------------------------------
def test_header_below_title_rows_is_found_in_csv_and_workbook(tmp_path):
    frame = export_frame([{}, {}], [varied(0), varied(1)])
    body = frame.to_csv(sep=";", index=False)
    p = tmp_path / "r.csv"
    p.write_text("Rekap Survei Budaya Kerja 2024\nDiunduh 1 November 2024;;\n" + body,
                 encoding="utf-8-sig")
    raw = ak.read_responses(p, instrument=INS24)
    assert raw.header_row == 3 and raw.data["source_row"].tolist() == [4, 5]
    assert raw.delimiter == ";" and raw.data.loc[1, "opd"] == "Dinas Kesehatan"
    x = tmp_path / "r.xlsx"
    with pd.ExcelWriter(x) as xw:
        pd.DataFrame([["Rekap Survei Budaya Kerja 2024"], [None]]).to_excel(
            xw, index=False, header=False, sheet_name="Data")
        frame.to_excel(xw, index=False, startrow=3, sheet_name="Data")
    raw = ak.read_responses(x, instrument=INS24)
    assert raw.header_row == 4 and raw.data["source_row"].tolist() == [5, 6]
    raw = ak.read_responses(x, instrument=INS24, header_row=4)
    assert raw.header_row == 4 and len(raw) == 2
    with pytest.raises(ak.DataError, match="line 3: malformed CSV"):  # the title as header
        ak.read_responses(p, instrument=INS24, header_row=1)
    with pytest.raises(ak.DataError, match="no sheet has item columns"):
        ak.read_responses(x, instrument=INS24, header_row=1)
    with pytest.raises(ValueError, match="row number"):
        ak.read_responses(p, instrument=INS24, header_row=0)


def test_header_row_setting_beyond_the_searched_rows(tmp_path):
    frame = export_frame([{}], [varied(0)])
    p = tmp_path / "r.csv"
    p.write_text("".join(f"catatan {i}\n" for i in range(24)) + frame.to_csv(sep=";", index=False))
    with pytest.raises(ak.DataError):  # not found by itself below row 20
        ak.read_responses(p, instrument=INS24)
    raw = ak.read_responses(p, instrument=INS24, header_row=25)
    assert raw.header_row == 25 and raw.data["source_row"].tolist() == [26]


def test_utf16_unicode_text_from_excel(tmp_path):
    frame = export_frame([{"Nama Lengkap": "José Siregar"}, {}], [varied(0), varied(1)])
    p = tmp_path / "unicode.txt"
    p.write_bytes(frame.to_csv(sep="\t", index=False, lineterminator="\r\n").encode("utf-16"))
    assert p.read_bytes()[:2] == b"\xff\xfe"
    raw = ak.read_responses(p, instrument=INS24)
    assert (raw.encoding, raw.delimiter, len(raw)) == ("utf-16", "\t", 2)
    assert raw.data.loc[0, "name"] == "José Siregar" and raw.data.loc[1, "AK1"] == "Setuju"


def test_lines_of_only_delimiters_are_dropped_and_logged_not_counted(tmp_path, units_path):
    frame = export_frame([{}, {"NIP": "198501012010011002"}], [varied(0), varied(1)])
    lines = frame.to_csv(sep=";", index=False).splitlines()
    p = tmp_path / "r.csv"
    p.write_text("\n".join([lines[0], lines[1], ";" * 30, "", lines[2], ";;;"]) + "\n")
    raw = ak.read_responses(p, instrument=INS24)
    assert raw.data["source_row"].tolist() == [2, 5] and raw.blank_rows == [3, 4, 6]
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=LAX)
    assert res.n_in == 2 == len(res.data) and res.n_excluded == 0
    blank = res.log[res.log["rule"] == "blank_row"]
    assert blank["source_row"].tolist() == [3, 4, 6] and set(blank["action"]) == {"dropped"}
    s = res.summary().set_index("rule")
    assert s.loc["blank_row", "records"] == 3 and s.loc["blank_row", "action"] == "dropped"


def test_malformed_csv_names_the_file_and_line(tmp_path):
    frame = export_frame([{}, {}, {}], [varied(0), varied(1), varied(2)])
    lines = frame.to_csv(sep=";", index=False).splitlines()
    p = tmp_path / "bad.csv"
    p.write_text("\n".join([lines[0], lines[1], lines[2] + ";extra;cells", lines[3]]) + "\n")
    with pytest.raises(ak.DataError, match=r"bad\.csv: line 3: malformed CSV"):
        ak.read_responses(p, instrument=INS24)
    p.write_text("Judul\n" + "\n".join([lines[0], lines[1] + ';"open quote', lines[2]]) + "\n")
    with pytest.raises(ak.DataError, match=r"bad\.csv: line 3: malformed CSV"):
        ak.read_responses(p, instrument=INS24)


def test_malformed_unit_csv_names_the_file_and_line(tmp_path):
    p = tmp_path / "units.csv"
    p.write_text('code,name,headcount_2025\nA,Dinas A,10\nB,"Dinas B,20\nC,Dinas C,5\n')
    with pytest.raises(ak.DataError, match=r"units\.csv: line 3: malformed CSV"):
        ak.read_units(p)
    p.write_text("code,name,headcount_2025\nA,Dinas A,10\nB,Dinas B,20,7\n")
    with pytest.raises(ak.DataError, match=r"units\.csv: line 3: malformed CSV"):
        ak.read_units(p)


# --------------------------------------------------------------------------------------
# forgiving unit table
# --------------------------------------------------------------------------------------
def test_unit_table_with_only_the_required_columns(tmp_path):
    u = _units(tmp_path)
    assert u.table["level"].tolist() == ["opd", "opd"] and u.table["aliases"].tolist() == [[], []]
    assert u.headcount(2025).to_dict() == {"DINKES": 120, "BKD": 60}
    assert u.successor("DINKES", 2025) == "DINKES" and u.opd_types().isna().all()


def test_sub_units_inherit_their_opds_type_and_level_follows_parent(tmp_path):
    u = _units(tmp_path, "code;name;parent;opd_type;headcount_2025\nDINKES;Dinas Kesehatan;;Dinas;"
                         "120\nLAB;UPT Labkes;DINKES;;20\nBKD;Badan Kepegawaian;;Badan;60\n")
    assert u.table["level"].tolist() == ["opd", "subunit", "opd"]
    assert u.opd_types().to_dict() == {"DINKES": "Dinas", "LAB": "Dinas", "BKD": "Badan"}
    assert u.headcount(2025, level="subunit").to_dict() == {"LAB": 20}


@pytest.mark.parametrize(("text", "column"), [
    ("name,headcount_2025\nDinas A,3\n", "code"),
    ("code,headcount_2025\nA,3\n", "name"),
    ("code,name,headcount_2025\nA,,3\n", "name"),
])
def test_unit_table_required_columns(tmp_path, text, column):
    with pytest.raises(ak.DataError) as info:
        _units(tmp_path, text)
    assert info.value.column == column
    with pytest.raises(ak.DataError, match="headcount"):
        _units(tmp_path, "code,name\nA,Dinas A\n")


def test_line_breaks_inside_quoted_answers_and_duplicated_headers(tmp_path):
    frame = export_frame([{"Nama Lengkap": "Budi\nSantoso"}, {}], [varied(0), varied(1)])
    p = write_csv(frame, tmp_path / "r.csv")
    raw = ak.read_responses(p, instrument=INS24)
    assert raw.data.loc[0, "name"] == "Budi\nSantoso" and raw.data["source_row"].tolist() == [2, 3]
    frame["Unit Kerja (OPD) "] = frame["Unit Kerja (OPD)"]
    frame.columns = [c.strip() for c in frame.columns]
    with pytest.raises(ak.DataError, match="duplicated column header"):
        ak.read_responses(write_csv(frame, tmp_path / "d.csv"), instrument=INS24)
