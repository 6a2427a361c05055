from __future__ import annotations

import pandas as pd
import pytest

import akhlak_analysis as ak
from tests.helpers import INS24, export_frame, varied, write_csv


def test_reads_semicolon_bom_csv_and_maps_headers(tmp_path):
    p = write_csv(export_frame([{}, {"NIP": "1,98712E+17"}], [varied(0), varied(1)]),
                  tmp_path / "r.csv")
    raw = ak.read_responses(p, instrument="berakhlak-2024")
    assert raw.delimiter == ";" and raw.encoding == "utf-8-sig"
    assert list(raw.data.columns[:2]) == ["source_row", "submitted_at"]
    assert raw.data.columns[-21:].tolist() == INS24.item_codes
    assert raw.data["source_row"].tolist() == [2, 3]
    assert raw.data.loc[1, "nip"] == "1,98712E+17"  # kept as text, never a number
    assert raw.data.loc[0, "nip"] == "198501012010011001"
    assert raw.role_headers["opd"] == "Unit Kerja (OPD)"
    assert raw.missing_items == [] and raw.ignored_columns == []


@pytest.mark.parametrize(("sep", "encoding"), [(",", "utf-8"), ("\t", "utf-8"), (";", "cp1252")])
def test_delimiters_and_encodings(tmp_path, sep, encoding):
    frame = export_frame([{"Nama Lengkap": "José Siregar"}], [varied(0)])
    p = write_csv(frame, tmp_path / "r.csv", sep=sep, encoding=encoding)
    raw = ak.read_responses(p, instrument=INS24)
    assert raw.delimiter == sep
    assert raw.data.loc[0, "opd"] == "Dinas Kesehatan"
    assert raw.data.loc[0, "name"] == "José Siregar"


def test_unrecognised_columns_are_listed_and_dropped(tmp_path):
    frame = export_frame([{}], [varied(0)])
    frame["Alamat Rumah"] = "Jl. Merdeka 1"
    raw = ak.read_responses(write_csv(frame, tmp_path / "r.csv"), instrument=INS24)
    assert raw.ignored_columns == ["Alamat Rumah"]
    assert "Alamat Rumah" not in raw.data.columns


def test_excel_numeric_nip_reads_as_scientific_text(tmp_path):
    frame = export_frame([{}, {}], [varied(0), varied(1)])
    frame["NIP"] = pd.Series(["198501012010011001", 1.98501012010011e17], dtype=object)
    p = tmp_path / "r.xlsx"
    with pd.ExcelWriter(p) as xw:
        pd.DataFrame({"info": ["petunjuk"]}).to_excel(xw, sheet_name="Petunjuk", index=False)
        frame.to_excel(xw, sheet_name="Jawaban", index=False)
    raw = ak.read_responses(p, instrument=INS24)
    assert raw.sheet == "Jawaban"  # the first sheet with item columns
    assert raw.data["nip"].tolist() == ["198501012010011001", "1.98501E+17"]
    with pytest.raises(ak.DataError, match="did you mean 'Jawaban'"):
        ak.read_responses(p, instrument=INS24, sheet="jawaban")


def test_errors_name_the_file_and_expectation(tmp_path):
    with pytest.raises(ak.DataError, match="not found"):
        ak.read_responses(tmp_path / "none.csv", instrument=INS24)
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ak.DataError, match="empty.csv: file is empty"):
        ak.read_responses(tmp_path / "empty.csv", instrument=INS24)
    (tmp_path / "x.csv").write_text("a;b;c\n1;2;3\n")
    with pytest.raises(ak.DataError, match="x.csv: no item column recognised"):
        ak.read_responses(tmp_path / "x.csv", instrument=INS24)
    frame = export_frame([{}], [varied(0)]).drop(columns="Unit Kerja (OPD)")
    with pytest.raises(ak.DataError, match='column "OPD"'):
        ak.read_responses(write_csv(frame, tmp_path / "noopd.csv"), instrument=INS24)
    frame = export_frame([{}], [varied(0)])
    with pytest.raises(ak.DataError, match="right instrument"):
        ak.read_responses(write_csv(frame.iloc[:, :15], tmp_path / "few.csv"), instrument=INS24)
    (tmp_path / "h.csv").write_text("OPD;AK1\n")
    with pytest.raises(ak.DataError, match="no answer rows"):
        ak.read_responses(tmp_path / "h.csv", instrument=INS24)
    (tmp_path / "bin.csv").write_bytes(b"\x00\x01\x02\xff" * 300)
    with pytest.raises(ak.DataError, match="binary"):
        ak.read_responses(tmp_path / "bin.csv", instrument=INS24)
    (tmp_path / "a.json").write_text("{}")
    with pytest.raises(ak.DataError, match="unsupported file type"):
        ak.read_responses(tmp_path / "a.json", instrument=INS24)


def test_missing_items_warn_and_become_missing(tmp_path):
    frame = export_frame([{}], [varied(0)])
    frame = frame.drop(columns=[c for c in frame.columns if INS24.item("LO3").text in c])
    with pytest.warns(UserWarning, match="LO3"):
        raw = ak.read_responses(write_csv(frame, tmp_path / "r.csv"), instrument=INS24)
    assert raw.missing_items == ["LO3"] and raw.data["LO3"].isna().all()


def test_parquet(tmp_path):
    frame = export_frame([{}], [varied(0)])
    frame.to_parquet(tmp_path / "r.parquet")
    raw = ak.read_responses(tmp_path / "r.parquet", instrument=INS24)
    assert raw.data.loc[0, "AK1"] in {"Setuju", "Sangat Setuju", "Netral"}


def test_read_units(units_path):
    u = ak.read_units(units_path)
    assert u.years == [2024, 2025]
    assert u.headcount(2025).to_dict() == {"DINKES": 125, "BKD": 62, "DISBUDPAR": 40}
    assert u.headcount(2024, level="subunit").to_dict() == {"DINKES-LAB": 20}
    assert u.headcount(2025, level="opd_type").to_dict() == {"Badan": 62, "Dinas": 165}
    assert u.successor("DISPAR", 2025) == "DISBUDPAR" and u.successor("DISPAR", 2024) == "DISPAR"
    assert u.name_index()["badan kepegawaian"] == "BKD"


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        ("BKD,Badan Kepegawaian Daerah,opd", "DINKES,Badan Kepegawaian Daerah,opd", "code",
         "duplicate unit code"),
        ("BKD,Badan Kepegawaian Daerah,opd", "BKD,Badan Kepegawaian Daerah,bagian", "level",
         "unknown level"),
        ("subunit,DINKES,", "subunit,XXX,", "parent", "parent must be"),
        (",62,", ",-4,", "headcount_2025", "whole number"),
        (",30,,DISBUDPAR", ",30,,DISBUD", "replaced_by", "replaced_by must"),
    ],
)
def test_bad_unit_table(units_path, old, new, column, message):
    text = units_path.read_text()
    assert old in text
    units_path.write_text(text.replace(old, new, 1))
    with pytest.raises(ak.DataError) as info:
        ak.read_units(units_path)
    assert info.value.column == column and message in str(info.value)
    assert info.value.rows
