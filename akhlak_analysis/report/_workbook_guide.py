"""The guide sheet ("Petunjuk") of the report workbook: what the file is, how to read it, every
sheet and every column with its meaning.

A private module of :mod:`akhlak_analysis.report`, used by :mod:`.workbook`.
"""

from __future__ import annotations

import pandas as pd

from ..instrument import Instrument
from ..labels import describe_column, format_number, label, missing_description
from ._xlsx import (
    YES_NO,
    on_dark,
    page_setup,
    plan_print,
    row_height,
    set_text,
    solid_fill,
    text_lines,
)

__all__ = ["GUIDE_SHEET", "write_guide", "write_terms"]

#: the first sheet, per language
GUIDE_SHEET = {"id": "Petunjuk", "en": "Guide"}
_GUIDE = {
    "id": {
        "title": "Tabel Indeks Budaya Kerja ASN",
        "file": ("Isi berkas", "Berkas ini memuat tabel-tabel laporan, satu tabel per lembar, "
                 "dalam urutan daftar di bawah. Angka disimpan sebagai angka dengan presisi "
                 "penuh, sehingga dapat diurutkan, disaring (tombol panah di judul kolom) dan "
                 "dihitung ulang; yang dibulatkan hanya tampilannya."),
        "numbers": ("Angka", "Indeks dan skor tampil dengan 1 desimal; nilai p, indeks "
                    "kecocokan model (CFI, TLI, RMSEA, SRMR dan perubahannya), alpha, "
                    "reliabilitas komposit dan AVE dengan 3 desimal; nilai p di bawah 0,001 "
                    "tampil sebagai '< 0,001'; tingkat respons dalam persen. Angka bukan nol "
                    "yang terlalu kecil untuk jumlah desimal itu tampil dengan desimal "
                    "tambahan, tidak pernah sebagai 0. Tanda desimal mengikuti pengaturan "
                    "wilayah komputer (pengaturan Indonesia: koma)."),
        "hidden": ("Baris disembunyikan", "Baris yang angkanya disembunyikan tetap tercantum, "
                   "dengan huruf abu-abu miring: kode dan nama tampil, sel angkanya kosong. "
                   "Kolom '{suppressed}' berisi '{yes}' dan kolom '{suppression}' menyebut "
                   "alasannya: '{primary}' bila responden kurang dari batas minimum, "
                   "'{secondary}' bila disembunyikan agar angka kelompok kecil lain tidak "
                   "dapat dihitung dari total. Tidak ada baris yang dihilangkan."),
        "colours": ("Warna", "Sel kolom '{category}' diwarnai menurut kategori indeks "
                    "(di bawah). Judul kolom berlatar abu-abu muda; huruf abu-abu miring "
                    "menandai baris yang disembunyikan."),
        "print": ("Mencetak", "Setiap lembar sudah diatur untuk kertas A4 dengan huruf cetak "
                  "sekurang-kurangnya 8 pt: lembar sempit tegak, lembar lebar mendatar. Tabel "
                  "yang terlalu lebar dicetak dalam beberapa halaman berdampingan; kolom "
                  "pengenal (misalnya Unit dan Nama unit) dan baris judul diulang di setiap "
                  "halaman. Di layar, baris judul dan kolom pengenal tetap terlihat saat "
                  "menggulir."),
        "text": ("Teks", "Isi sel teks (misalnya nama unit) disimpan apa adanya sebagai teks, "
                 "tidak pernah sebagai rumus."),
        "band": "{lo} sampai di bawah {hi}", "top_band": "{lo} sampai {hi}",
        "sheets": ("Lembar", "Ukuran", "Isi"), "columns": ("Lembar", "Kolom", "Arti"),
        "size": "{rows} baris, {cols} kolom", "no_sheet": "Belum ada keterangan.",
    },
    "en": {
        "title": "Work-culture index tables",
        "file": ("Contents", "This file holds the report's tables, one table per sheet, in "
                 "the order listed below. Numbers are stored as numbers at full precision, so "
                 "they can be sorted, filtered (the arrow in each column header) and "
                 "recomputed; only their display is rounded."),
        "numbers": ("Numbers", "Indices and scores show 1 decimal; p-values, model fit "
                    "indices (CFI, TLI, RMSEA, SRMR and their changes), alpha, composite "
                    "reliability and AVE 3 decimals; p-values below 0.001 show as '< 0.001'; "
                    "response rates in percent. A nonzero number too small for those "
                    "decimals shows more decimals, never 0."),
        "hidden": ("Withheld rows", "Rows whose figures are withheld are still listed, in "
                   "grey italics: code and name shown, number cells empty. Column "
                   "'{suppressed}' reads '{yes}' and column '{suppression}' gives the reason: "
                   "'{primary}' for fewer respondents than the minimum, '{secondary}' when "
                   "withheld so that another small group's figures cannot be worked out from "
                   "the totals. No row is left out."),
        "colours": ("Colours", "Cells of column '{category}' are coloured by index category "
                    "(below). Column headers have a light grey background; grey italics mark "
                    "withheld rows."),
        "print": ("Printing", "Every sheet is set up for A4 paper with print of at least 8 pt: "
                  "narrow sheets portrait, wide ones landscape. Tables too wide for one page "
                  "print on several pages side by side; the key columns (such as Unit and "
                  "Unit name) and the header row repeat on every page. On screen, the header "
                  "row and key columns stay in view while scrolling."),
        "text": ("Text", "Text cells (such as unit names) are stored as text, as they are, "
                 "never as formulas."),
        "band": "{lo} to under {hi}", "top_band": "{lo} to {hi}",
        "sheets": ("Sheet", "Size", "Contents"), "columns": ("Sheet", "Column", "Meaning"),
        "size": "{rows} rows, {cols} columns", "no_sheet": "No description yet.",
    },
}


def _paragraph(ws, row: int, topic: str, text: str, st: dict) -> int:
    """A topic in column A and its text over columns B:C; returns the next row."""
    ws.cell(row, 1).font = st["head_font"]
    set_text(ws.cell(row, 1), topic)
    set_text(ws.cell(row, 2), text)
    ws.cell(row, 1).alignment = ws.cell(row, 2).alignment = st["wrap"]
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    lines = text_lines(text, _GUIDE_WIDTHS[1] + _GUIDE_WIDTHS[2])
    ws.row_dimensions[row].height = row_height(max(lines, text_lines(topic, _GUIDE_WIDTHS[0])))
    return row + 1


def _table_rows(ws, row: int, header: tuple[str, ...], rows: list[tuple[str, ...]],
                st: dict) -> int:
    for j, h in enumerate(header, start=1):
        cell = ws.cell(row, j)
        set_text(cell, h)
        cell.font, cell.fill, cell.border = st["head_font"], st["head_fill"], st["rule"]
    for i, values in enumerate(rows, start=row + 1):
        for j, v in enumerate(values, start=1):
            set_text(ws.cell(i, j), v)
            ws.cell(i, j).alignment = st["wrap"]
        lines = max(text_lines(v, w) for v, w in zip(values, _GUIDE_WIDTHS, strict=False))
        if lines > 1:
            ws.row_dimensions[i].height = row_height(lines)
    return row + len(rows) + 1


_GUIDE_WIDTHS = (28.0, 36.0, 90.0)


def _guide_notes(sheets, *, lang: str, instrument: Instrument | None) -> list[tuple[str, str]]:
    g = _GUIDE[lang if lang in _GUIDE else "id"]
    columns = {c for _, t, _ in sheets for c in map(str, t.columns)}
    notes = [g["file"], g["numbers"]]
    if "suppressed" in columns:
        words = {k: label(k, lang) for k in ("suppressed", "suppression", "primary", "secondary")}
        topic, text = g["hidden"]
        notes.append((topic, text.format(yes=YES_NO[lang if lang in YES_NO else "id"][0],
                                         **words)))
    if instrument is not None and any(c.startswith("category") for c in columns):
        topic, text = g["colours"]
        notes.append((topic, text.format(category=label("category", lang))))
    return [*notes, g["print"], g["text"]]


def _write_legend(ws, row: int, instrument: Instrument, lang: str, st: dict) -> int:
    g = _GUIDE[lang if lang in _GUIDE else "id"]
    top = max(b.upper for b in instrument.bands)
    for b in sorted(instrument.bands, key=lambda b: -b.lower):
        cell = ws.cell(row, 2)
        set_text(cell, b.label(lang))
        cell.fill = solid_fill(b.colour)
        if on_dark(b.colour):
            cell.font = st["white"]
        lo, hi = (format_number(x, 1 if x % 1 else 0, lang) for x in (b.lower, b.upper))
        set_text(ws.cell(row, 3), g["top_band" if b.upper == top else "band"].format(lo=lo,
                                                                                        hi=hi))
        row += 1
    return row


def write_guide(ws, sheets: list[tuple[str, pd.DataFrame, str | None]], *, lang: str,
                 instrument: Instrument | None, title: str | None, st: dict,
                 say=lambda text: text, glossary: str | None = None) -> None:
    """The first sheet: what the file is, how to read it, every sheet and every column
    (``say`` puts a label or description in the organisation's words; ``glossary``: the
    name of the glossary sheet, when there is one)."""
    from openpyxl.utils import get_column_letter

    g = _GUIDE[lang if lang in _GUIDE else "id"]
    set_text(ws.cell(1, 1), title or g["title"])
    ws.cell(1, 1).font = st["title"]
    row = 3
    notes = _guide_notes(sheets, lang=lang, instrument=instrument)
    if glossary:
        notes.insert(1, (("Istilah", f"Arti istilah laporan (misalnya rentang keyakinan, "
                          f"bermakna, disembunyikan) ada di lembar '{glossary}'.")
                         if lang != "en" else ("Terms", "The report's terms are explained "
                                                        f"on sheet '{glossary}'.")))
    for topic, text in notes:
        row = _paragraph(ws, row, topic, text, st)
        if topic == g["colours"][0] and instrument is not None:
            row = _write_legend(ws, row, instrument, lang, st)
    size = [(name, g["size"].format(rows=format_number(len(t), 0, lang), cols=len(t.columns)),
             about or g["no_sheet"]) for name, t, about in sheets]
    row = _table_rows(ws, row + 1, g["sheets"], size, st)
    meanings = [(name, say(label(str(c), lang, instrument)),
                 say(describe_column(str(c), lang, instrument) or missing_description(lang)))
                for name, t, _ in sheets for c in t.columns]
    first = row + 1
    row = _table_rows(ws, first, g["columns"], meanings, st)
    ws.auto_filter.ref = f"A{first}:C{row - 1}"
    for j, w in enumerate(_GUIDE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    page_setup(ws, plan_print(_GUIDE_WIDTHS), lang)


_TERM_WIDTHS = (34.0, 100.0)


def write_terms(ws, rows: list[tuple[str, str]], *, lang: str, st: dict) -> None:
    """The sheet "Istilah": one row per term (and abbreviation) with its explanation."""
    from openpyxl.utils import get_column_letter

    header = ("Istilah", "Arti") if lang != "en" else ("Term", "Meaning")
    for j, h in enumerate(header, start=1):
        cell = ws.cell(1, j)
        set_text(cell, h)
        cell.font, cell.fill, cell.border = st["head_font"], st["head_fill"], st["rule"]
    for i, (term, text) in enumerate(rows, start=2):
        set_text(ws.cell(i, 1), term)
        set_text(ws.cell(i, 2), text)
        ws.cell(i, 1).font = st["head_font"]
        ws.cell(i, 1).alignment = ws.cell(i, 2).alignment = st["wrap"]
        lines = max(text_lines(term, _TERM_WIDTHS[0], bold=True),
                    text_lines(text, _TERM_WIDTHS[1]))
        ws.row_dimensions[i].height = row_height(lines)
    for j, w in enumerate(_TERM_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    page_setup(ws, plan_print(list(_TERM_WIDTHS)), lang)
