"""Columns the user names, KoboToolbox group prefixes, and reader failures that list the
headers found (issue 20 item 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.config import COLUMN_ROLES
from akhlak_analysis.data.headers import ROLE_HEADERS, HeaderMatcher, suggest_columns
from tests.helpers import INS24, export_frame, varied, write_csv

OWN = {"gender": "Jenis Kelamin (L/P)", "age_band": "Kelompok Umur",
       "tenure_band": "Lama Bekerja (tahun)", "employment": "Status ASN (PNS/PPPK)"}
LAX = ak.CleaningRules(max_unrecognised_share=1, max_unrecognised_item_share=1,
                       max_excluded_share=1)


def test_the_roles_are_the_configs_roles_in_order():
    assert tuple(ROLE_HEADERS) == COLUMN_ROLES


def _own_headers(tmp_path):
    frame = export_frame([{"NIP": f"19850101201001100{i}"} for i in range(4)],
                         [varied(i) for i in range(4)]).drop(columns=["Jenis Kelamin",
                                                                      "Status Kepegawaian"])
    frame["Jenis Kelamin (L/P)"] = ["L", "P", "P", "L"]
    frame["Kelompok Umur"] = ["< 30", "30 - 39", "40-49 Tahun", "50+"]
    frame["Lama Bekerja (tahun)"] = ["0-5", "6-10", "11 - 20", "> 20"]
    frame["Status ASN (PNS/PPPK)"] = ["PNS", "PPPK", "P3K", "pns"]
    return write_csv(frame, tmp_path / "r.csv")


def test_own_headers_are_listed_and_suggested_when_not_named(tmp_path):
    raw = ak.read_responses(_own_headers(tmp_path), instrument=INS24)
    assert raw.ignored_columns == ["Jenis Kelamin (L/P)", "Lama Bekerja (tahun)",
                                   "Status ASN (PNS/PPPK)"]
    assert raw.role_headers["age_band"] == "Kelompok Umur"  # a known spelling now
    assert suggest_columns(raw.ignored_columns, taken=raw.role_headers) == {
        "Jenis Kelamin (L/P)": "gender", "Lama Bekerja (tahun)": "tenure_band",
        "Status ASN (PNS/PPPK)": "employment"}


def test_own_headers_named_in_the_config_are_read_as_their_roles(tmp_path, units_path):
    raw = ak.read_responses(_own_headers(tmp_path), instrument=INS24, columns=OWN)
    assert raw.ignored_columns == []
    assert {r: raw.role_headers[r] for r in OWN} == OWN
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024, rules=LAX)
    assert res.data["gender"].tolist() == ["Laki-laki", "Perempuan", "Perempuan", "Laki-laki"]
    assert res.data["age_band"].tolist() == ["< 30 tahun", "30-39 tahun", "40-49 tahun",
                                             ">= 50 tahun"]
    assert res.data["tenure_band"].tolist() == ["0-5 tahun", "6-10 tahun", "11-20 tahun",
                                                "> 20 tahun"]
    assert res.data["employment"].tolist() == ["PNS", "PPPK", "PPPK", "PNS"]


def test_a_named_header_wins_over_a_known_spelling(tmp_path):
    frame = export_frame([{}], [varied(0)])
    frame["Jenis Kelamin (L/P)"] = "P"  # "Jenis Kelamin" (Laki-laki) stands before it
    raw = ak.read_responses(write_csv(frame, tmp_path / "r.csv"), instrument=INS24,
                            columns={"gender": "jenis kelamin (l/p)"})
    assert raw.role_headers["gender"] == "Jenis Kelamin (L/P)"
    assert raw.data.loc[0, "gender"] == "P" and raw.ignored_columns == ["Jenis Kelamin"]


def test_a_named_header_missing_from_the_file_is_an_error_listing_the_headers(tmp_path):
    p = _own_headers(tmp_path)
    with pytest.raises(ak.DataError) as info:
        ak.read_responses(p, instrument=INS24, columns={"gender": "Jenis Kelamin (L / P)"})
    msg = str(info.value)
    assert info.value.key == "columns.gender" and "r.csv, key \"columns.gender\": the header" in msg
    assert "did you mean 'Jenis Kelamin (L/P)'?" in msg and "headers found (20 of" in msg


# --------------------------------------------------------------------------------------
# KoboToolbox: group/question headers
# --------------------------------------------------------------------------------------
def _kobo(n: int = 6) -> pd.DataFrame:
    frame = pd.DataFrame({
        "start": ["2024-10-01T08:00:00.000+07:00"] * n,
        "end": ["2024-10-01T08:12:00.000+07:00"] * n,
        "grp_identitas/opd": ["Dinas Kesehatan"] * n,
        "grp_identitas/gender": ["Perempuan", "Laki-laki"] * (n // 2),
        "_submission_time": ["2024-10-01T01:12:30"] * n,
    })
    for j, code in enumerate(INS24.item_codes):
        frame[f"grp_nilai/{code}"] = [(j + i) % 3 + 3 for i in range(n)]
    return frame


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_kobotoolbox_group_prefixes_are_stripped(tmp_path, units_path, suffix):
    frame = _kobo()
    p = tmp_path / f"kobo{suffix}"
    if suffix == ".csv":
        write_csv(frame, p)
    else:
        frame.to_excel(p, index=False)
    raw = ak.read_responses(p, instrument=INS24)
    assert raw.item_headers["BP1"] == "grp_nilai/BP1" and raw.missing_items == []
    assert raw.role_headers["opd"] == "grp_identitas/opd"
    assert raw.role_headers["gender"] == "grp_identitas/gender"
    res = ak.clean_responses(raw, units=ak.read_units(units_path), year=2024)
    expected = np.array([[(j + i) % 3 + 3 for j in range(21)] for i in range(6)], dtype=float)
    assert np.array_equal(res.data[INS24.item_codes].to_numpy(), expected)


def test_a_question_text_with_a_slash_is_not_cut():
    m = HeaderMatcher(INS24)
    assert m.match("Bidang/Bagian/UPT") == (None, "subunit")
    assert m.match("NIP/NIK") == (None, "nip")
    assert m.match("Jenis Kelamin (L/P)") == (None, None)


# --------------------------------------------------------------------------------------
# every reader failure lists the headers found and what was expected
# --------------------------------------------------------------------------------------
def test_no_item_column_lists_the_headers_found(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("Nama;OPD;" + ";".join(f"Pertanyaan {k}" for k in range(30)) + "\nA;B;"
                 + ";".join("4" for _ in range(30)) + "\n")
    with pytest.raises(ak.DataError) as info:
        ak.read_responses(p, instrument=INS24)
    msg = str(info.value)
    assert "no item column recognised" in msg and "expected headers such as the item codes" in msg
    assert "headers found (20 of 32): 'Nama', 'OPD', 'Pertanyaan 0'" in msg


def test_no_sheet_with_items_lists_each_sheets_headers(tmp_path):
    p = tmp_path / "x.xlsx"
    with pd.ExcelWriter(p) as w:
        pd.DataFrame({"Judul": ["Survei"]}).to_excel(w, sheet_name="Info", index=False)
        pd.DataFrame({"Nama": ["A"], "Q1": [4]}).to_excel(w, sheet_name="Jawaban", index=False)
    with pytest.raises(ak.DataError) as info:
        ak.read_responses(p, instrument=INS24)
    msg = str(info.value)
    assert "no sheet has item columns of berakhlak-2024" in msg
    assert "sheet 'Info': headers found: 'Judul'" in msg
    assert "sheet 'Jawaban': headers found: 'Nama', 'Q1'" in msg


def test_no_unit_column_lists_the_headers_not_read_and_the_config_key(tmp_path):
    frame = export_frame([{}], [varied(0)]).rename(columns={"Unit Kerja (OPD)": "Satker"})
    with pytest.raises(ak.DataError) as info:
        ak.read_responses(write_csv(frame, tmp_path / "r.csv"), instrument=INS24)
    msg = str(info.value)
    assert "columns: {opd:" in msg and "headers found: 'Satker' (not read)" in msg


def test_a_unit_table_without_its_columns_lists_the_headers_found(tmp_path):
    p = tmp_path / "units.csv"
    p.write_text("kode,nama,jumlah_pegawai\nA,Dinas A,10\n")
    with pytest.raises(ak.DataError, match=r"needs code, name and headcount_<year>; headers "
                                           r"found: 'kode', 'nama', 'jumlah_pegawai'"):
        ak.read_units(p)
    p.write_text("code,name,pegawai\nA,Dinas A,10\n")
    with pytest.raises(ak.DataError, match="expected e.g. 'headcount_2025'; headers found: "):
        ak.read_units(p)
