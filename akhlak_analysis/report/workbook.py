"""The report workbook as a reader's file: a guide sheet, then every report table as a sheet.

The first sheet, "Petunjuk", says what the file is, what each sheet holds and what each column
means (from :func:`akhlak_analysis.labels.describe_column`), how hidden rows are shown and what
the colours mean. Every table sheet keeps its numbers as numbers at full precision, displayed so
that no nonzero value reads as 0, prints legibly on A4 (at least 8 pt), and stores every text
cell as text, never as a formula. The same tables give the same bytes.

Written by the report runner (:func:`akhlak_analysis.report.assemble.assemble`) and by
``akhlak index``; :func:`read_workbook` reads the tables back losslessly.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..instrument import Instrument
from ..labels import (
    COLUMN_DECIMALS,
    P_COLUMNS,
    PERCENT_COLUMNS,
    PLAIN_COLUMNS,
    describe_table,
    format_number,
    format_p,
    label,
    label_codes,
)
from . import names
from ._workbook_guide import GUIDE_SHEET, write_guide, write_terms
from ._xlsx import (
    INDONESIAN,
    MIN_PRINTED_PT,
    YES_NO,
    PrintLayout,
    fit_widths,
    make_styles,
    number_format,
    on_dark,
    page_setup,
    plan_print,
    row_height,
    set_text,
    solid_fill,
    text_lines,
)
from .artifacts import read_tables, write_deterministic_zip
from .glossary import GLOSSARY_SHEET
from .validation.text import improper_text
from .wording import OrgWords

__all__ = ["GUIDE_SHEET", "KEY_COLUMNS", "MIN_PRINTED_PT", "WORKBOOK_SHEETS", "PrintLayout",
           "build_workbook", "in_words", "workbook_sheets", "fit_widths", "number_format", "plan_print", "read_workbook",
           "write_workbook"]

#: table saved by the notebooks -> workbook sheet, in sheet order (tables not listed follow)
WORKBOOK_SHEETS: dict[str, str] = {
    names.HEADLINE: "Provinsi",
    names.OPD_INDEX: "Indeks OPD",
    names.VALUE_CHANGE: "Nilai",
    names.ANSWER_SHARES: "Jawaban per nilai",
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
    names.OUTCOME_SCORES: "Skala hasil",
    names.OUTCOME_VALIDATION: "Validasi skala hasil",
    names.DRIVERS: "Pendorong utama",
    names.DRIVERS_OPD: "Pendorong per OPD",
    names.PRIORITIES: "Prioritas perbaikan",
    names.PRIORITIES_OPD: "Prioritas perbaikan per OPD",
    names.COMMENT_THEMES: "Tema komentar",
    names.COMMENT_THEMES_OPD: "Tema komentar per OPD",
    names.EMERGING_THEMES: "Tema komentar temuan",
    names.COMMENT_TONE: "Nada komentar",
    names.COMMENT_EXAMPLES: "Contoh komentar",
    names.RESPONSE_RATES: "Tingkat respons",
    names.CLEANING_LOG: "Log pembersihan",
}
#: columns that identify a row: frozen on screen and repeated on every printed page across
KEY_COLUMNS = ("rank", "rank_low", "rank_high", "unit", "name", "year", "value", "item", "model", "by", "group", "table",
               "rule", "measure", "statistic", "criterion")
#: columns whose cells are codes: written as their labels and read back as codes
_CODE_COLUMNS = ("rule", "action", "value", "interval", "model", "method", "criterion", "basis",
                 "direction", "design", "suppression", "by", "note_kind", "outcome", "predictor",
                 "factor")
#: columns whose cells are comment-theme codes
_THEME_COLUMNS = ("theme", "seed_theme")




def in_words(text: str, words: OrgWords | None) -> str:
    """A label in the organisation's words: "provinsi" becomes its level word (kabupaten,
    kota, nasional) and "OPD" its unit word.

    >>> from akhlak_analysis.report.wording import organisation_words
    >>> in_words("Perubahan provinsi per OPD", organisation_words(level="regency",
    ...                                                           unit_word="perangkat daerah"))
    'Perubahan kabupaten per perangkat daerah'
    """
    if words is None or not isinstance(text, str):
        return text
    text = re.sub(r"\bprovinsi\b", words.area, text)
    text = re.sub(r"\bProvinsi\b", words.area[:1].upper() + words.area[1:], text)
    return re.sub(r"\bOPD\b", words.unit, text)


def workbook_sheets(words: OrgWords | None = None) -> dict[str, str]:
    """Table -> sheet name in the organisation's words (:data:`WORKBOOK_SHEETS` for a
    province with OPDs); a name longer than Excel's 31 characters is shortened.

    >>> from akhlak_analysis.report.wording import organisation_words
    >>> workbook_sheets(organisation_words(level="regency"))[names.HEADLINE]
    'Kabupaten'
    >>> workbook_sheets(organisation_words(level="national"))[names.OPD_INDEX]
    'Indeks instansi'
    """
    out = {}
    for table, sheet in WORKBOOK_SHEETS.items():
        name = in_words(sheet, words)
        if len(name) > 31:
            name = name.replace("Kelompok pegawai ", "Kelompok ")[:31].rstrip()
        out[table] = name
    return out


@cache
def theme_labels(lang: str = "id") -> dict[str, str]:
    """Comment-theme code -> its label (the seed dictionary's)."""
    from ..stats.comments import load_themes

    return {t.code: t.label(lang) for t in load_themes()}


def _header(col: str, lang: str, instrument: Instrument | None) -> str:
    """A column's header: its label, or a comment theme's label for a theme column."""
    text = label(col, lang, instrument)
    return theme_labels(lang).get(col, text) if text == col else text


# -- cells ----------------------------------------------------------------------------------
def _is_missing(v: object) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float | np.floating)
                                                     and math.isnan(v))


def _code_labels(col: str, lang: str, instrument: Instrument | None,
                 words: OrgWords | None = None) -> dict[str, str]:
    """Code -> text of the cells of a code column (empty for other columns)."""
    if col == "table":
        return workbook_sheets(words)
    if col in _THEME_COLUMNS:
        return {**theme_labels(lang), **{c: label(c, lang) for c in ("all_respondents",
                                                                    "all_writers")}}
    if col == "unit":
        return {"province": in_words(label("province", lang), words)}
    if col.startswith("category") and instrument is not None and lang != "id":
        return {b.label_id: b.label(lang) for b in instrument.bands}
    if col not in _CODE_COLUMNS:
        return {}
    codes = [*label_codes(), *(() if instrument is None
                               else (*instrument.value_codes, *instrument.outcome_codes))]
    return {c: t for c in codes if (t := label(c, lang, instrument)) != c}


def _excel_value(v: object, lang: str = "id", codes: Mapping[str, str] | None = None) -> object:
    """A table cell as Excel stores it: numbers as numbers, yes/no and codes as words, text as
    text without characters a worksheet cannot hold (shown as U+FFFD)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if _is_missing(v):
        return None
    if isinstance(v, np.bool_ | bool):
        yes, no = YES_NO.get(lang, YES_NO["id"])
        return yes if v else no
    if isinstance(v, float | np.floating):
        return float(v)
    if isinstance(v, int | np.integer):
        return int(v)
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    text = str(v)
    text = (codes or {}).get(text, text)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _column_kind(col: str, s: pd.Series, percent: set[str]) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "text"
    if pd.api.types.is_integer_dtype(s):
        return "plain" if col in PLAIN_COLUMNS else "int"
    if pd.api.types.is_float_dtype(s):
        return "p" if col in P_COLUMNS else "percent" if col in percent else "float"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "date"
    return "text"


def _cell_format(v: object, col: str, kind: str, lang: str) -> str | None:
    if not isinstance(v, int | float) or isinstance(v, bool):
        return "yyyy-mm-dd" if kind == "date" and v is not None else None
    if kind in ("int", "plain"):
        return (INDONESIAN if lang == "id" else "") + ("0" if kind == "plain" else "#,##0")
    return number_format(v, decimals=COLUMN_DECIMALS.get(col, 1), percent=kind == "percent",
                         p_value=kind == "p", lang=lang)


def _shown(v: object, col: str, kind: str, lang: str) -> str:
    """About the text a cell shows (for its column's width)."""
    if v is None or not isinstance(v, int | float) or kind in ("text", "date"):
        return "" if v is None else str(v)[:10] if kind == "date" else str(v)
    if kind == "p":
        return format_p(v, lang)
    d = COLUMN_DECIMALS.get(col, 1) if kind in ("float", "percent") else 0
    k = 100.0 if kind == "percent" else 1.0
    return format_number(v * k, d, lang) + ("%" if kind == "percent" else "")


def _width(header: str, shown: Iterable[str], *, text: bool,
           cap: float = 40.0) -> tuple[float, float, int]:
    """Width (characters) of a column from its header (wrapped over at most three lines,
    bold) and its longest shown cell, capped; the narrowest it may get to fit the page (text
    columns wrap down to 24 characters); and the longest shown cell."""
    content = max((len(t) for t in shown), default=0)
    longest_word = max((len(w) for w in header.split()), default=0)
    head = max(longest_word, math.ceil(len(header) / 3)) * 1.1 + 2
    width = round(min(max(content + 2, head), cap), 1)
    return width, min(width, max(head, 24.0)) if text else width, content


# -- a table sheet ----------------------------------------------------------------------------
def _write_column(ws, j: int, header: str, values: list, *, col: str, kind: str, wrap: bool,
                  hidden: np.ndarray, colours: Mapping[str, str], lang: str, st: dict) -> None:
    head = ws.cell(1, j)
    set_text(head, header)
    head.font, head.fill, head.alignment, head.border = (st["head_font"], st["head_fill"],
                                                         st["head_align"], st["rule"])
    for i, v in enumerate(values, start=2):
        cell = ws.cell(i, j)
        if isinstance(v, str):
            set_text(cell, v)
        else:
            cell.value = v
        fmt = _cell_format(v, col, kind, lang)
        if fmt:
            cell.number_format = fmt
        cell.alignment = st["wrap"] if wrap else st["top"]
        if hidden[i - 2]:
            cell.font = st["grey"]
        if col.startswith("category") and v in colours:
            cell.fill = solid_fill(colours[v])
            if on_dark(colours[v]):
                cell.font = st["white"]


def _set_heights(ws, lines: np.ndarray) -> None:
    """Explicit heights for rows of wrapped text (programs do not all fit them on opening)."""
    for r, k in enumerate(lines, start=1):
        if k > 1:
            ws.row_dimensions[r].height = row_height(int(k))


def _key_count(columns: list[str]) -> int:
    k = 0
    while k < len(columns) and columns[k] in KEY_COLUMNS:
        k += 1
    return k


def _finish_sheet(ws, columns: list[str], widths: list[float], n_rows: int, lang: str) -> None:
    """Widths, frozen panes, filter, print titles and page setup of a table sheet."""
    from openpyxl.utils import get_column_letter

    layout = plan_print(widths, keys=_key_count(columns))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    frozen = layout.keys if 0 < layout.keys < len(widths) and sum(widths[:layout.keys]) <= 50 \
        else 1
    ws.freeze_panes = ws.cell(2, frozen + 1).coordinate
    last = get_column_letter(max(len(widths), 1))
    ws.auto_filter.ref = f"A1:{last}{n_rows + 1}"
    ws.print_title_rows = "1:1"
    if len(layout.strips) > 1 and layout.keys:
        ws.print_title_cols = f"A:{get_column_letter(layout.keys)}"
    page_setup(ws, layout, lang)


def _write_table(ws, table: pd.DataFrame, *, lang: str, instrument: Instrument | None,
                 percent: set[str], colours: Mapping[str, str], st: dict,
                 words: OrgWords | None = None) -> None:
    columns = [str(c) for c in table.columns]
    hidden = np.zeros(len(table), dtype=bool)
    if "suppressed" in table.columns:
        hidden = table["suppressed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    cells = []
    for col, (_, s) in zip(columns, table.items(), strict=True):
        kind = _column_kind(col, s, percent)
        codes = _code_labels(col, lang, instrument, words)
        values = [_excel_value(v, lang, codes) for v in s.tolist()]
        if col == "problems" and lang == "id":  # diagnostic codes of a model fit, in words
            values = [improper_text(v, instrument) if isinstance(v, str) else v
                      for v in values]
        header = _excel_value(in_words(_header(col, lang, instrument), words), lang)
        shown = [_shown(v, col, kind, lang) for v in values]
        cells.append((col, kind, header, values, _width(header, shown, text=kind == "text")))
    widths = fit_widths([c[4][0] for c in cells], [c[4][1] for c in cells],
                        keys=_key_count(columns))
    lines = np.ones(len(table) + 1, dtype=int)
    for j, ((col, kind, header, values, (_, _, content)), width) in enumerate(
            zip(cells, widths, strict=True), start=1):
        wrap = content + 2 > width
        _write_column(ws, j, header, values, col=col, kind=kind, wrap=wrap, hidden=hidden,
                      colours=colours, lang=lang, st=st)
        lines[0] = max(lines[0], text_lines(header, width, bold=True))
        if wrap:
            lines[1:] = np.maximum(lines[1:], [text_lines(str(v or ""), width) for v in values])
    _set_heights(ws, lines)
    _finish_sheet(ws, columns, list(widths), len(table), lang)


# -- the workbook ------------------------------------------------------------------------------
def _check_sheet_names(tables: Mapping[str, pd.DataFrame], lang: str) -> None:
    for sheet in tables:
        if len(sheet) > 31 or any(c in sheet for c in "[]:*?/\\") or not sheet.strip():
            raise ValueError(f"sheet name {sheet!r}: 1 to 31 characters, none of []:*?/\\")
        if sheet.lower() in {s.lower() for s in (*GUIDE_SHEET.values(), GLOSSARY_SHEET)}:
            raise ValueError(f"sheet name {sheet!r} is reserved for the guide or glossary sheet")


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path, *, lang: str = "id",
                   instrument: Instrument | None = None,
                   percent_columns: Iterable[str] = ("response_rate", "share_missing"),
                   title: str | None = None, descriptions: Mapping[str, str] | None = None,
                   guide: bool = True, words: OrgWords | None = None,
                   glossary: Iterable[tuple[str, str]] = ()) -> Path:
    """Write tables to an Excel workbook: a guide sheet, then one formatted sheet per table.

    Parameters
    ----------
    tables : dict
        Sheet name (1-31 characters, not the guide's) -> DataFrame.
    path : str or Path
    lang : {"id", "en"}
    instrument : Instrument, optional
        Value names for value-code headers and cells, category colours and their legend.
    percent_columns : iterable of str
        Columns holding shares in 0-1, shown as percentages (besides
        :data:`akhlak_analysis.labels.PERCENT_COLUMNS`).
    title : str, optional
        Title of the guide sheet.
    descriptions : mapping, optional
        Sheet -> one-line description for the guide; by default the description of the
        report table shown under that sheet name (:func:`~akhlak_analysis.labels.describe_table`).
    guide : bool
        Write the guide sheet ("Petunjuk"; "Guide" in English) first.
    words : OrgWords, optional
        The organisation's words: headers, descriptions and labels say its level word
        (kabupaten, kota, nasional) and unit word instead of "provinsi" and "OPD".
    glossary : iterable of (str, str)
        Term and explanation rows (:func:`~akhlak_analysis.report.glossary.glossary_rows`),
        written as the sheet "Istilah" after the guide; none by default.

    Returns
    -------
    Path

    Notes
    -----
    - **Guide.** What the file is, how numbers, withheld rows, colours and printing work, one
      line per sheet (rows, columns, contents) and one per column (sheet, header, meaning from
      :func:`~akhlak_analysis.labels.describe_column`).
    - **Numbers** stay numbers at full precision (read back to within one ulp); only their
      display is rounded (:func:`number_format`): decimals from
      :data:`~akhlak_analysis.labels.COLUMN_DECIMALS`, p-values ``< 0,001``, shares as
      percentages, and a nonzero value never displayed as 0.
    - **Text** cells are stored as text, never as formulas; one that starts like a formula
      (``= + - @``) is also marked "quote prefix", so that editing it keeps it text. Characters
      a worksheet cannot hold (control characters) are shown as U+FFFD.
    - **Codes** (cleaning rules, values, directions, designs, suppression reasons, breakdowns,
      table names) are written as their labels; yes/no as ``Ya``/``Tidak``.
    - **Reading and printing**: wrapped headers, widths by content (capped, long texts wrap),
      frozen header row and key columns, a filter on the header, withheld rows in grey
      italics, category cells in the instrument's colours; A4 at 8 pt or more
      (:func:`plan_print`), header row and key columns repeated on every page, gridlines,
      sheet name and page number in the footer.
    - **Bytes** depend only on the tables: fixed document dates and zip timestamps.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> t = pd.DataFrame({"unit": ["DINKES"], "culture_index": [76.34], "category": ["Sehat"]})
    >>> p = write_workbook({"OPD": t}, pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> pd.read_excel(p, sheet_name="OPD", engine="calamine").to_dict("records")
    [{'Unit': 'DINKES', 'Indeks Budaya Kerja': 76.34, 'Kategori': 'Sehat'}]
    >>> pd.read_excel(p, sheet_name=None, engine="calamine").keys()
    dict_keys(['Petunjuk', 'OPD'])
    """
    import datetime as dt

    from openpyxl import Workbook

    _check_sheet_names(tables, lang)
    glossary = list(glossary)
    percent = set(percent_columns) | set(PERCENT_COLUMNS)
    colours: dict[str, str] = {}
    if instrument is not None:
        colours = {**{b.label_id: b.colour for b in instrument.bands},
                   **instrument.band_colours(lang)}
    st, wb = make_styles(), Workbook()
    wb.remove(wb.active)
    sheet_of = {v: k for k, v in workbook_sheets(words).items()}
    about = {s: (descriptions or {}).get(s)
             or in_words(describe_table(sheet_of.get(s, s), lang), words) for s in tables}
    if guide:
        write_guide(wb.create_sheet(GUIDE_SHEET.get(lang, GUIDE_SHEET["id"])),
                     [(s, t, about[s]) for s, t in tables.items()], lang=lang,
                     instrument=instrument, title=title, st=st,
                     say=lambda text: in_words(theme_labels(lang).get(text, text), words),
                     glossary=GLOSSARY_SHEET if glossary else None)
    if glossary:
        write_terms(wb.create_sheet(GLOSSARY_SHEET), glossary, lang=lang, st=st)
    for sheet, table in tables.items():
        _write_table(wb.create_sheet(sheet), table, lang=lang, instrument=instrument,
                     percent=percent, colours=colours, st=st, words=words)
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = wb.properties.lastModifiedBy = "akhlak-analysis"
    buf = io.BytesIO()
    wb.save(buf)
    return write_deterministic_zip(buf.getvalue(), path, sort=True)


def read_workbook(path: str | Path, *, lang: str = "id",
                  instrument: Instrument | None = None) -> dict[str, pd.DataFrame]:
    """Read a workbook written by :func:`write_workbook` back into tables with column names.

    The guide sheet is skipped; headers are translated back (the inverse of the labels used
    when writing), labelled codes become codes again, ``Ya``/``Tidak`` columns become
    booleans; numbers come back at full precision.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> t = pd.DataFrame({"unit": ["A"], "n": [12], "culture_index": [76.34],
    ...                   "design": ["stratified"]})
    >>> p = write_workbook({"OPD": t}, pathlib.Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> read_workbook(p)["OPD"].equals(t)
    True
    """
    from ..labels import COLUMN_LABELS

    inverse = {pair[1 if lang == "en" else 0]: key for key, pair in COLUMN_LABELS.items()}
    if instrument is not None:
        inverse.update({instrument.value_name(v, lang): v for v in instrument.value_codes})
        inverse.update({label(c, lang, instrument): c for c in instrument.outcome_codes
                        for c in (c, f"{c}_diff")})
    book = pd.read_excel(path, sheet_name=None, engine="calamine")
    yes, no = YES_NO.get(lang, YES_NO["id"])
    out = {}
    for name, t in book.items():
        if name in (*GUIDE_SHEET.values(), GLOSSARY_SHEET):
            continue
        t = t.rename(columns=lambda h: inverse.get(str(h), str(h)))
        for col in t.columns:
            back = {text: code for code, text in _code_labels(col, lang, instrument).items()}
            if back:
                t[col] = t[col].map(lambda v, back=back: back.get(v, v) if isinstance(v, str)
                                    else v)
            text = t[col].dtype == object or pd.api.types.is_string_dtype(t[col])
            values = set(t[col].dropna().unique()) if text else set()
            if values and values <= {yes, no}:
                flags = t[col].map({yes: True, no: False})
                t[col] = flags.astype(bool) if flags.notna().all() else flags.astype("boolean")
        out[name] = t
    return out


def build_workbook(folder: str | Path, path: str | Path, *, year: int, instrument=None,
                   lang: str = "id", words: OrgWords | None = None,
                   glossary: Iterable[tuple[str, str]] = ()) -> Path | None:
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
        Value names in headers and cells, category colours.
    lang : {"id", "en"}
    words : OrgWords, optional
        The organisation's words (sheet names, headers, descriptions); a province's by default.
    glossary : iterable of (str, str)
        Rows of the sheet "Istilah" (see :func:`write_workbook`).

    Returns
    -------
    Path or None
        None when no table was saved. The guide sheet first, then the sheets in the order of
        ``WORKBOOK_SHEETS`` (headline, OPD index, values, changes, action plans, ranking,
        improvement areas, drill-downs, validation, response rates, cleaning log); tables
        not listed there follow under their own name.

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
    >>> pd.read_excel(p, sheet_name=None, engine="calamine").keys()
    dict_keys(['Petunjuk', 'Indeks OPD'])
    """
    tables = read_tables(folder, year=year)
    if not tables:
        return None
    names_ = workbook_sheets(words)
    order = [k for k in names_ if k in tables] + sorted(set(tables) - set(names_))
    sheets = {names_.get(k, k[:31]): tables[k] for k in order}
    title = (f"Tabel Indeks Budaya Kerja ASN {year}" if lang != "en"
             else f"Work-culture index tables {year}")
    return write_workbook(sheets, path, lang=lang, instrument=instrument, title=title,
                          words=words, glossary=glossary)
