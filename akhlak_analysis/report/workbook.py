"""The index workbook: every report table as a formatted sheet, with deterministic bytes.

Written by the report runner (:mod:`akhlak_analysis.report.runner`) and by ``akhlak index``;
:func:`read_workbook` reads it back losslessly.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..instrument import Instrument
from . import names
from .artifacts import read_tables, write_deterministic_zip

__all__ = ["WORKBOOK_SHEETS", "build_workbook", "read_workbook", "write_workbook"]

#: table saved by the notebooks -> workbook sheet, in sheet order (tables not listed follow)
WORKBOOK_SHEETS: dict[str, str] = {
    names.HEADLINE: "Provinsi",
    names.OPD_INDEX: "Indeks OPD",
    names.VALUE_CHANGE: "Nilai",
    names.PROVINCE_CHANGE: "Perubahan provinsi",
    names.UNIT_CHANGE: "Perubahan OPD",
    names.TARGET_GAPS: "Jarak ke target",
    names.ACTION_PLANS: "Rencana aksi",
    names.RANKING: "Peringkat OPD",
    names.IMPROVEMENT: "Area perbaikan",
    names.SUBUNIT_INDEX: "Sub-unit",
    names.PROVINCE_GROUPS: "Kelompok pegawai provinsi",
    names.GROUP_INDEX: "Kelompok pegawai OPD",
    names.OPD_ITEMS: "Butir per OPD",
    names.SUPPRESSION: "Penyembunyian",
    names.VALUE_VALIDATION: "Validasi nilai",
    names.ITEM_VALIDATION: "Validasi butir",
    names.MODEL_FIT: "Kecocokan model",
    names.RESPONSE_RATES: "Tingkat respons",
    names.CLEANING_LOG: "Log pembersihan",
}



def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path, *, lang: str = "id",
                   instrument: Instrument | None = None,
                   percent_columns: Iterable[str] = ("response_rate", "share_missing")) -> Path:
    """Write tables to an Excel workbook, one formatted sheet per table.

    Numbers are stored at full precision (read back to within one ulp) and formatted for display (one decimal, whole numbers,
    percentages for shares), so the workbook reads back losslessly; headers and value names are
    translated (:mod:`akhlak_analysis.labels`), yes/no columns read ``Ya``/``Tidak``, the header
    row is frozen and repeated on every printed page, each sheet prints landscape and fitted to
    the page width, long texts wrap, the category column is coloured with the instrument's band
    colours, and column widths fit their content. Number formats are Excel's locale-neutral
    codes, so an Indonesian Excel or LibreOffice shows the decimal comma. The file's bytes
    depend only on the tables (fixed document dates and zip timestamps).

    Parameters
    ----------
    tables : dict
        Sheet name (at most 31 characters) -> DataFrame.
    path : str or Path
    lang : {"id", "en"}
    instrument : Instrument, optional
        Colours for the ``category`` column and value names for value-code headers.
    percent_columns : iterable of str
        Columns holding shares in 0-1, shown as percentages.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> t = pd.DataFrame({"unit": ["DINKES"], "culture_index": [76.34], "category": ["Sehat"]})
    >>> p = write_workbook({"OPD": t}, pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> pd.read_excel(p).to_dict("records")
    [{'Unit': 'DINKES', 'Indeks Budaya Kerja': 76.34, 'Kategori': 'Sehat'}]
    """
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..labels import label

    path = Path(path)
    percent = set(percent_columns)
    colours = instrument.band_colours(lang) if instrument is not None else {}
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, table in tables.items():
        if len(sheet) > 31 or any(c in sheet for c in "[]:*?/\\"):
            raise ValueError(f"sheet name {sheet!r}: at most 31 characters, none of []:*?/\\")
        ws = wb.create_sheet(sheet)
        headers = [label(str(c), lang, instrument) for c in table.columns]
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.itertuples(index=False):
            ws.append([_excel_value(v, lang) for v in row])
        for j, col in enumerate(table.columns, start=1):
            s = table[col]
            fmt = ("0.0%" if col in percent else "0" if pd.api.types.is_integer_dtype(s)
                   else "0.0" if pd.api.types.is_float_dtype(s) else None)
            letter = get_column_letter(j)
            if fmt:
                for cell in ws[letter][1:]:
                    cell.number_format = fmt
            if col == "category" and colours:
                for cell in ws[letter][1:]:
                    if cell.value in colours:
                        rgb = colours[cell.value].lstrip("#").upper()
                        cell.fill = PatternFill("solid", start_color=rgb, end_color=rgb)
            width = max([len(headers[j - 1]) * 0.6, *(len(str(v)) for v in s.head(200))], default=8)
            ws.column_dimensions[letter].width = min(max(8, width + 2), 60)
            if width + 2 > 60:  # long texts (names, statements, notes) wrap instead of being cut
                for cell in ws[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "akhlak-analysis"
    buf = io.BytesIO()
    wb.save(buf)
    return write_deterministic_zip(buf.getvalue(), path, sort=True)


_YES_NO = {"id": ("Ya", "Tidak"), "en": ("Yes", "No")}


def _excel_value(v: object, lang: str = "id") -> object:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.bool_ | bool):
        yes, no = _YES_NO.get(lang, _YES_NO["id"])
        return yes if v else no
    if isinstance(v, float | np.floating):
        return None if np.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    return v


def read_workbook(path: str | Path, *, lang: str = "id",
                  instrument: Instrument | None = None) -> dict[str, pd.DataFrame]:
    """Read a workbook written by :func:`write_workbook` back into tables with column names.

    Headers are translated back (the inverse of the labels used when writing), ``Ya``/``Tidak``
    columns become booleans again; numbers come back at full precision.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> t = pd.DataFrame({"unit": ["A"], "n": [12], "culture_index": [76.34]})
    >>> p = write_workbook({"OPD": t}, pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> read_workbook(p)["OPD"].equals(t)
    True
    """
    from ..labels import COLUMN_LABELS

    inverse = {pair[1 if lang == "en" else 0]: key for key, pair in COLUMN_LABELS.items()}
    if instrument is not None:
        inverse.update({instrument.value_name(v, lang): v for v in instrument.value_codes})
    book = pd.read_excel(path, sheet_name=None, engine="calamine")
    yes, no = _YES_NO.get(lang, _YES_NO["id"])
    out = {}
    for name, t in book.items():
        t = t.rename(columns=lambda h: inverse.get(str(h), str(h)))
        for col in t.columns:
            text = t[col].dtype == object or pd.api.types.is_string_dtype(t[col])
            values = set(t[col].dropna().unique()) if text else set()
            if values and values <= {yes, no}:
                flags = t[col].map({yes: True, no: False})
                t[col] = flags.astype(bool) if flags.notna().all() else flags.astype("boolean")
        out[name] = t
    return out


def build_workbook(folder: str | Path, path: str | Path, *, year: int, instrument=None,
                   lang: str = "id") -> Path | None:
    """Assemble the tables the notebooks saved into one formatted workbook.

    Parameters
    ----------
    folder : str or Path
        The artifacts folder (holding ``tables/*.parquet``).
    path : str or Path
        Target ``.xlsx`` (``tabel_indeks_budaya_kerja_<year>.xlsx``).
    year : int
        Only tables of this year.
    instrument : Instrument, optional
        Value names in headers, category colours.
    lang : {"id", "en"}

    Returns
    -------
    Path or None
        None when no table was saved. Sheets follow ``WORKBOOK_SHEETS`` (headline, OPD index,
        values, changes, action plans, ranking, improvement areas, validation, response
        rates, cleaning log); tables not listed there follow under their own name.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from akhlak_analysis.report import artifacts
    >>> folder = Path(tempfile.mkdtemp())
    >>> artifacts.use_folder(folder, year=2025)
    >>> artifacts.save_table(pd.DataFrame({"unit": ["A"], "culture_index": [76.3]}), "indeks_opd")
    >>> artifacts.use_folder(None)
    >>> p = build_workbook(folder, folder / "t.xlsx", year=2025)
    >>> pd.read_excel(p, sheet_name=None).keys()
    dict_keys(['Indeks OPD'])
    """
    tables = read_tables(folder, year=year)
    if not tables:
        return None
    order = [k for k in WORKBOOK_SHEETS if k in tables] + sorted(set(tables) - set(WORKBOOK_SHEETS))
    sheets = {WORKBOOK_SHEETS.get(k, k[:31]): tables[k] for k in order}
    return write_workbook(sheets, path, lang=lang, instrument=instrument)
