"""The workbook as a reader's file (issue 19 item 6, issue 18 items 4 and 7).

A guide sheet that describes every sheet and column; numbers that stay numbers and are never
displayed as 0 when they are not; every sheet legible when printed on A4 (8 pt or more); text
cells stored as text, never as formulas, with hostile names in every sheet; the same bytes on
every run. The tables are shaped like the sample report's (columns and dtypes recorded in
``tests/reference/workbook/sample_tables.json`` by ``snapshot_columns.py`` beside it).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import akhlak_analysis as ak
from akhlak_analysis.labels import (
    COLUMN_LABELS,
    describe_column,
    describe_table,
    label,
    missing_description,
)
from akhlak_analysis.report import names
from akhlak_analysis.report.workbook import (
    GUIDE_SHEET,
    MIN_PRINTED_PT,
    WORKBOOK_SHEETS,
    build_workbook,
    fit_widths,
    number_format,
    plan_print,
    read_workbook,
    write_workbook,
)
from tests.conftest import ROOT

SHAPES = json.loads((ROOT / "tests" / "reference" / "workbook" / "sample_tables.json")
                    .read_text(encoding="utf-8"))
INS = ak.load_instrument("berakhlak-2025")
HOSTILE = ['=HYPERLINK("http://x","klik")', "+1", "-2", "@SUM(A1)", "=1+1",
           "-cmd|' /C calc'!A0", "Dinas =Kesehatan"]
#: cells of code columns: what the report's tables hold there
CODES = {"design": ["stratified"], "direction": ["up", "down", "unchanged"],
         "suppression": ["primary", "secondary", None], "by": ["gender", "age_band"],
         "value": INS.value_codes, "table": list(WORKBOOK_SHEETS), "method": ["overlap"],
         "rule": ["speeding", "duplicate_submission"], "action": ["excluded", "flagged"],
         "basis": ["robust"]}
CODES = {**{k: [v[0], HOSTILE[i % len(HOSTILE)], *v[1:]] for i, (k, v) in enumerate(CODES.items())},
         "unit": ["province", *HOSTILE]}  # unknown codes (hostile ones too) pass unchanged
#: floats of every size, including ones that would round to 0 and a negative near 0
FLOATS = [76.34, 0.0134, 0.0004, 0.4991, -0.04, 1e-9, 1234.5, 0.0, np.nan, 0.042]
A4_PRINTABLE = {"portrait": 595.0 - 57.6, "landscape": 842.0 - 57.6}  # points, 0.4" margins


def _column(col: str, dtype: str, n: int, rng: np.random.Generator) -> pd.Series:
    if col.startswith("category"):
        values = [b.label_id for b in INS.bands] + [None]
        return pd.Series([values[i % len(values)] for i in range(n)], dtype=object)
    if col in CODES:
        return pd.Series([CODES[col][i % len(CODES[col])] for i in range(n)], dtype=object)
    if dtype == "bool":
        return pd.Series(rng.random(n) < 0.3)
    if dtype in ("int64", "Int64"):
        s = pd.Series(rng.integers(0, 5000, n), dtype=dtype)
        return s.where(np.arange(n) % 7 != 3) if dtype == "Int64" else s
    if dtype == "float64":
        return pd.Series([FLOATS[(i + len(col)) % len(FLOATS)] for i in range(n)])
    return pd.Series([HOSTILE[(i + len(col)) % len(HOSTILE)] for i in range(n)], dtype=object)


def sample_like_tables(rows: int | None = None) -> dict[str, pd.DataFrame]:
    """Tables shaped like the sample report's, hostile texts in every text column."""
    rng = np.random.default_rng(19)
    out = {}
    for name, shape in SHAPES.items():
        n = min(shape["rows"], rows) if rows else shape["rows"]
        n = max(n, 8)
        out[WORKBOOK_SHEETS.get(name, name)] = pd.DataFrame(
            {c: _column(c, t, n, rng) for c, t in shape["columns"]})
    return out


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    tables = sample_like_tables(rows=60)
    path = write_workbook(tables, tmp_path_factory.mktemp("wb") / "t.xlsx", instrument=INS,
                          title="Tabel Indeks Budaya Kerja ASN 2025")
    return path, tables, load_workbook(path)


# ----------------------------------------------------------------------------- descriptions
def test_every_labelled_column_and_every_table_has_a_description():
    for key in COLUMN_LABELS:
        for lang in ("id", "en"):
            text = describe_column(key, lang, INS)
            assert text and not re.search(r"\b[a-z]+_[a-z_]+\b", text.split(":")[0]), key
    for table in WORKBOOK_SHEETS:
        assert describe_table(table) and describe_table(table, "en"), table
    assert describe_column("no_such_column") is None


def test_every_column_of_the_sample_report_has_a_label_and_a_description():
    for name, shape in SHAPES.items():
        for col, _ in shape["columns"]:
            assert describe_column(col, "id", INS), (name, col)
            assert label(col, "id", INS) != col or col in ("r", "df"), (name, col)


def test_a_new_table_or_column_without_description_is_named_in_the_guide(tmp_path):
    t = pd.DataFrame({"unit": ["A"], "zz_new": [1.5]})
    wb = load_workbook(write_workbook({"Baru": t}, tmp_path / "t.xlsx"))
    rows = [[c.value for c in r] for r in wb[GUIDE_SHEET["id"]].iter_rows()]
    assert ["Baru", "zz_new", missing_description()] in rows
    assert any(r[0] == "Baru" and r[2] == "Belum ada keterangan." for r in rows)


# ----------------------------------------------------------------------------- guide
def _guide_rows(wb, lang="id"):
    return [[c.value for c in r] for r in wb[GUIDE_SHEET[lang]].iter_rows()]


def test_the_guide_comes_first_and_describes_every_sheet_and_column(book):
    path, tables, wb = book
    assert wb.sheetnames == [GUIDE_SHEET["id"], *tables]
    rows = _guide_rows(wb)
    assert rows[0][0] == "Tabel Indeks Budaya Kerja ASN 2025"
    topics = [r[0] for r in rows]
    for topic in ("Isi berkas", "Angka", "Baris disembunyikan", "Warna", "Mencetak"):
        assert topic in topics
    sheets = topics.index("Lembar")
    listed = {r[0]: r for r in rows[sheets + 1: sheets + 1 + len(tables)]}
    sheet_of = {v: k for k, v in WORKBOOK_SHEETS.items()}
    for sheet, t in tables.items():
        assert listed[sheet][1] == f"{len(t)} baris, {len(t.columns)} kolom"
        assert listed[sheet][2] == describe_table(sheet_of[sheet])
    meanings = {(r[0], r[1]): r[2] for r in rows[topics.index("Lembar", sheets + 1) + 1:]}
    assert len(meanings) == sum(len(t.columns) for t in tables.values())
    for sheet, t in tables.items():
        for col in t.columns:
            assert meanings[(sheet, label(col, "id", INS))] == describe_column(col, "id", INS)
    # the colour legend shows each band in its colour, and the withheld rows' wording
    legend = {r[1]: r[2] for r in rows if r[1] in {b.label_id for b in INS.bands}}
    assert legend == {"Sehat": "75 sampai 100", "Cukup Sehat": "50 sampai di bawah 75",
                      "Tidak Sehat": "25 sampai di bawah 50",
                      "Sangat Tidak Sehat": "0 sampai di bawah 25"}
    hidden = next(r[1] for r in rows if r[0] == "Baris disembunyikan")
    assert label("secondary") in hidden and label("suppression") in hidden


def test_the_guide_in_english(tmp_path):
    t = pd.DataFrame({"unit": ["A"], "p_value": [0.2], "suppressed": [False]})
    wb = load_workbook(write_workbook({"Units": t}, tmp_path / "t.xlsx", lang="en"))
    assert wb.sheetnames == ["Guide", "Units"]
    rows = _guide_rows(wb, "en")
    assert ["Units", "p-value", describe_column("p_value", "en")] in rows
    assert "Withheld rows" in [r[0] for r in rows] and "Colours" not in [r[0] for r in rows]


# ----------------------------------------------------------------------------- text
def test_text_cells_are_stored_as_text_never_as_formulas(book):
    path, tables, wb = book
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name
    seen = set()
    for sheet, t in tables.items():
        ws = wb[sheet]
        for j, col in enumerate(t.columns, start=1):
            for i, v in enumerate(t[col], start=2):
                cell = ws.cell(i, j)
                if isinstance(v, str) and v in HOSTILE:
                    assert cell.value == v and cell.data_type == "s", (sheet, col, i)
                    assert cell.quotePrefix == (v[0] in "=+-@"), (sheet, col, v)
                    seen.add(sheet)
    assert seen == set(tables)  # a hostile text in every sheet
    back = pd.read_excel(path, sheet_name="Indeks OPD", engine="calamine")
    assert set(HOSTILE) <= set(back["Unit"])


def test_characters_a_worksheet_cannot_hold_do_not_stop_the_writer(tmp_path):
    t = pd.DataFrame({"name": ["Dinas\x07 Kesehatan"], "n": [3]})
    wb = load_workbook(write_workbook({"T": t}, tmp_path / "t.xlsx"))
    assert wb["T"]["A2"].value == "Dinas\ufffd Kesehatan"


# ----------------------------------------------------------------------------- numbers
def test_numbers_stay_numbers_and_read_back_losslessly(book):
    path, tables, _ = book
    back = read_workbook(path, instrument=INS)
    assert list(back) == list(tables)
    for sheet, t in tables.items():
        got = back[sheet]
        assert list(got.columns) == list(t.columns), sheet
        for col in t.columns:
            a, b = t[col], got[col]
            if pd.api.types.is_numeric_dtype(a) and not pd.api.types.is_bool_dtype(a):
                np.testing.assert_array_equal(a.astype(float), b.astype(float), err_msg=col)
            else:
                assert a.astype(object).where(a.notna(), None).tolist() == \
                    b.astype(object).where(b.notna(), None).tolist(), (sheet, col)


def test_codes_are_written_in_words_and_read_back_as_codes(book):
    path, _, wb = book
    shown = {c.value for row in wb["Perubahan OPD"].iter_rows(min_row=2) for c in row}
    assert {"naik", "turun", "tetap", label("secondary")} <= shown
    assert not shown & {"up", "down", "secondary", "stratified"}
    ws = wb["Kelompok pegawai OPD"]
    by = [c.value for c in ws[1]].index(label("by")) + 1
    assert {ws.cell(r, by).value for r in range(2, 8)} - set(HOSTILE) == {"Jenis kelamin",
                                                                          "Kelompok usia"}
    tables_shown = {c.value for c in wb["Penyembunyian"]["A"][1:]}
    assert len(tables_shown - set(HOSTILE)) > 5
    assert tables_shown - set(HOSTILE) <= set(WORKBOOK_SHEETS.values())


def _places(fmt: str) -> tuple[int, float]:
    """Decimal places and scale a number format shows (independent of the writer)."""
    body = re.sub(r"\[[^\]]*\]", "", fmt.split(";")[-1])
    places = len(re.match(r"0*", body.split(".")[1]).group()) if "." in body else 0
    return places, 100.0 if body.endswith("%") else 1.0


def test_no_nonzero_number_is_displayed_as_zero(book):
    _, tables, wb = book
    checked = 0
    for sheet in tables:
        for row in wb[sheet].iter_rows(min_row=2):
            for cell in row:
                v = cell.value
                if isinstance(v, float) and v != 0:
                    fmt = cell.number_format
                    if fmt.startswith("[$-421][<0.001]"):  # p-values
                        assert fmt.endswith(';0.000') and '"< 0,001"' in fmt
                    elif "E+" not in fmt:
                        places, scale = _places(fmt)
                        assert round(abs(v) * scale, places) != 0, (sheet, cell.coordinate, fmt)
                    checked += 1
    assert checked > 1000


def test_fit_indices_reliabilities_and_p_values_show_three_decimals(book):
    _, _, wb = book
    for sheet, cols in (("Kecocokan model", ("CFI", "TLI", "RMSEA", "SRMR")),
                        ("Validasi nilai", ("AVE", "Alpha Cronbach",
                                            "Reliabilitas komposit (omega)"))):
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        for name in cols:
            fmts = {ws.cell(r, head.index(name) + 1).number_format for r in range(2, 9)
                    if isinstance(ws.cell(r, head.index(name) + 1).value, float)
                    and abs(ws.cell(r, head.index(name) + 1).value) >= 0.0005}
            assert fmts == {"[$-421]#,##0.000"}, (sheet, name, fmts)
    ws = wb["Perubahan OPD"]
    col = [c.value for c in ws[1]].index(label("p_value")) + 1
    p_formats = {ws.cell(r, col).number_format for r in range(2, 30)
                 if isinstance(ws.cell(r, col).value, float)}
    assert p_formats == {'[$-421][<0.001]"< 0,001";0.000'}
    rate = [c.value for c in wb["Tingkat respons"][1]].index(label("response_rate")) + 1
    assert wb["Tingkat respons"].cell(2, rate).number_format.endswith("%")


@pytest.mark.parametrize("value, kw, fmt", [
    (76.34, {}, "[$-421]#,##0.0"),
    (0.013, {}, "[$-421]#,##0.00"),
    (0.013, {"decimals": 3}, "[$-421]#,##0.000"),
    (0.499, {"decimals": 3}, "[$-421]#,##0.000"),
    (-0.04, {}, "[$-421]#,##0.00"),
    (0.0004, {"p_value": True}, '[$-421][<0.001]"< 0,001";0.000'),
    (0.0004, {"percent": True}, "[$-421]#,##0.00%"),
    (1e-9, {}, "[$-421]0.00E+00"),
    (2025, {"decimals": 0, "thousands": False}, "[$-421]0"),
    (0.5, {"lang": "en"}, "#,##0.0"),
])
def test_number_format_known_answers(value, kw, fmt):
    assert number_format(value, **kw) == fmt


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
       st.integers(0, 3), st.booleans())
def test_a_nonzero_value_never_displays_as_zero(value, decimals, percent):
    fmt = number_format(value, decimals=decimals, percent=percent)
    places, scale = _places(fmt)
    assert places >= decimals or "E+" in fmt
    if value != 0 and "E+" not in fmt:
        assert round(abs(value) * scale, places) != 0


# ----------------------------------------------------------------------------- print
def _points(widths) -> float:
    """Printed width at 100% (Excel: 7 px a width unit of Calibri 11 at 96 dpi) plus a
    margin for LibreOffice's slightly wider columns, as the writer counts them."""
    return sum(7.5 * w + 5 for w in widths) * 0.75


def _print_check(ws) -> float:
    """The printed font size of a sheet, from its widths and page setup; asserts every page
    across fits A4."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    widths = [ws.column_dimensions[get_column_letter(j)].width
              for j in range(1, ws.max_column + 1)]
    ps = ws.page_setup
    assert int(ps.paperSize) == int(ws.PAPERSIZE_A4) and ps.orientation in ("portrait", "landscape")
    room = A4_PRINTABLE[ps.orientation]
    assert ws.page_margins.left == ws.page_margins.right == 0.4
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert ps.fitToWidth == 1 and ps.fitToHeight == 0 and not ws.col_breaks.brk
        return 11 * min(1.0, room / _points(widths))
    scale = ps.scale / 100
    breaks = [b.id for b in ws.col_breaks.brk]
    keys = 0
    if ws.print_title_cols:
        keys = column_index_from_string(ws.print_title_cols.split(":")[1].strip("$"))
    starts = [1, *(b + 1 for b in breaks)]
    ends = [*breaks, len(widths)]
    for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
        strip = widths[a - 1:b] + (widths[:keys] if i else [])
        assert _points(strip) * scale <= room + 1e-6, (ws.title, a, b)
    return 11 * scale


def test_every_sheet_prints_on_a4_at_8_points_or_more(book):
    _, tables, wb = book
    sizes = {ws.title: _print_check(ws) for ws in wb.worksheets}
    assert min(sizes.values()) >= MIN_PRINTED_PT, sizes
    for sheet, t in tables.items():
        ws = wb[sheet]
        assert ws.print_title_rows == "$1:$1"
        assert ws.freeze_panes[-1] == "2" and ws.freeze_panes[0] != "A"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(t.columns)).column_letter}{len(t) + 1}"
        assert all(c.alignment.wrap_text for c in ws[1])
        assert max(ws.column_dimensions[c.column_letter].width for c in ws[1]) <= 40
    # wide tables print in strips that repeat the unit code and name on every page
    wide = wb["Indeks OPD"]
    assert wide.col_breaks.brk and wide.print_title_cols == "$A:$B"
    assert wide.page_setup.pageOrder == "overThenDown"
    assert wb["Log pembersihan"].page_setup.orientation == "portrait"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(5, 40), min_size=1, max_size=40), st.integers(0, 5))
def test_plan_print_covers_every_column_once_at_8_points_or_more(widths, keys):
    keys = min(keys, len(widths))
    layout = plan_print(widths, keys=keys)
    assert layout.printed_pt >= MIN_PRINTED_PT and layout.scale <= 1
    flat = [j for a, b in layout.strips for j in range(a, b + 1)]
    assert flat == list(range(1, len(widths) + 1))
    room = A4_PRINTABLE[layout.orientation]
    for i, (a, b) in enumerate(layout.strips):
        strip = list(widths[a - 1:b]) + (list(widths[:layout.keys]) if i else [])
        assert _points(strip) * layout.scale <= room + 1e-6


@given(st.lists(st.tuples(st.floats(5, 40), st.floats(0, 1)), min_size=1, max_size=40),
       st.integers(0, 3))
def test_fit_widths_stays_between_floors_and_widths(pairs, keys):
    widths = [w for w, _ in pairs]
    floors = [min(w, 5 + f * 30) for w, f in pairs]
    got = fit_widths(widths, floors, keys=keys)
    assert all(f - 1e-9 <= g <= w + 1e-9 for g, w, f in zip(got, widths, floors, strict=True))
    if got != tuple(widths) and _points(floors) <= 784.4 / 0.73:
        assert _points(got) <= 784.4 / 0.73 + 1e-6


def test_withheld_rows_are_grey_and_categories_coloured(book):
    _, tables, wb = book
    t, ws = tables["Indeks OPD"], wb["Indeks OPD"]
    for i, hidden in enumerate(t["suppressed"], start=2):
        assert (ws.cell(i, 1).font.color is not None and ws.cell(i, 1).font.color.rgb
                == "007F7F7F") == bool(hidden)
    cat = list(t.columns).index("category") + 1
    sehat = next(i for i, v in enumerate(t["category"], start=2) if v == "Sehat")
    assert ws.cell(sehat, cat).fill.start_color.rgb.endswith(INS.bands[0].colour[1:].upper())


# ----------------------------------------------------------------------------- bytes
def test_the_same_tables_give_the_same_bytes(tmp_path):
    tables = sample_like_tables(rows=12)
    a = write_workbook(tables, tmp_path / "a.xlsx", instrument=INS).read_bytes()
    b = write_workbook(tables, tmp_path / "b.xlsx", instrument=INS).read_bytes()
    assert a == b
    # another process with another hash seed (sets, dict order of anything hashed)
    code = ("import sys; from tests.report.test_workbook import sample_like_tables, INS; "
            "from akhlak_analysis.report.workbook import write_workbook; "
            "write_workbook(sample_like_tables(rows=12), sys.argv[1], instrument=INS)")
    env = {"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "c.xlsx")], check=True,
                   cwd=ROOT, env=env)
    assert (tmp_path / "c.xlsx").read_bytes() == a
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        core = z.read("docProps/core.xml").decode()
        assert "2000-01-01T00:00:00Z" in core and "modified" not in core
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_build_workbook_orders_sheets_after_the_guide(tmp_path):
    from akhlak_analysis.report import artifacts

    artifacts.use_folder(tmp_path, year=2025)
    try:
        artifacts.save_table(pd.DataFrame({"rule": ["speeding"], "records": [3]}),
                             names.CLEANING_LOG)
        artifacts.save_table(pd.DataFrame({"unit": ["A"], "culture_index": [76.3]}),
                             names.OPD_INDEX)
    finally:
        artifacts.use_folder(None)
    wb = load_workbook(build_workbook(tmp_path, tmp_path / "t.xlsx", year=2025))
    assert wb.sheetnames == ["Petunjuk", "Indeks OPD", "Log pembersihan"]
    assert wb["Petunjuk"]["A1"].value == "Tabel Indeks Budaya Kerja ASN 2025"
    assert wb["Log pembersihan"]["A2"].value == label("speeding")


# ----------------------------------------------------------------------------- input rules
@pytest.mark.parametrize("sheet, match", [
    ("x" * 32, "1 to 31 characters"), ("a/b", "none of"), ("", "1 to 31"),
    ("Petunjuk", "reserved for the guide"), ("guide", "reserved for the guide"),
])
def test_bad_sheet_names_are_refused(tmp_path, sheet, match):
    with pytest.raises(ValueError, match=match):
        write_workbook({sheet: pd.DataFrame({"n": [1]})}, tmp_path / "t.xlsx")


# ----------------------------------------------------------------------------- rendered
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice not installed")
def test_libreoffice_shows_what_the_reader_should_see(tmp_path):
    fit = pd.DataFrame({"model": ["Tujuh nilai"], "p_value": [1.3e-26], "cfi": [0.9951],
                        "rmsea": [0.0134], "srmr": [0.0007]})
    rel = pd.DataFrame({"value": ["adaptif"], "ave": [0.4991], "change": [-0.04],
                        "response_rate": [0.4897], "n": [5179]})
    path = write_workbook({"Fit": fit, "Rel": rel}, tmp_path / "t.xlsx", instrument=INS,
                          guide=False)
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--headless", "--convert-to", "html", "--outdir", str(tmp_path),
                    str(path)], check=True, capture_output=True, timeout=180)
    text = re.sub(r"<[^>]+>", " ", (tmp_path / "t.html").read_text(errors="ignore"))
    words = set(text.split())
    assert {"0,995", "0,013", "0,001", "0,499", "-0,04", "49,0%", "5.179", "Adaptif"} <= words
    assert "&lt;" in text and "0,001" in text  # the p-value as "< 0,001"
    assert not words & {"0,0", "0,5", "0,01", "0,00"}
    assert math.isclose(float(pd.read_excel(path, sheet_name="Fit")["CFI"][0]), 0.9951)
