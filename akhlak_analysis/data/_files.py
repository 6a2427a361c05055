"""Reading the text of survey exports: CSV files (any delimiter, encoding, title rows) and
workbook sheets, every cell as text. Used by :func:`akhlak_analysis.data.io.read_responses`
(which maps the columns) and :func:`~akhlak_analysis.data.io.read_units`.
"""

from __future__ import annotations

import csv
import difflib
import io as _io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from .headers import HeaderMatcher, describe_headers

__all__ = ["HEADER_SEARCH_ROWS", "TEXT", "cells_to_text", "decode", "detect_delimiter",
           "parse_error", "read_csv_file", "read_excel_sheet"]

#: text dtype of raw and clean tables: pyarrow-backed strings with pd.NA (vectorised str ops)
TEXT = pd.StringDtype("pyarrow")
#: rows searched for the header (title rows may stand above it)
HEADER_SEARCH_ROWS = 20


def decode(raw: bytes, path: Path) -> tuple[str, str]:
    """Bytes -> (text, encoding): UTF-16 with BOM, UTF-8 (with or without BOM), cp1252."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DataError(f"cannot decode the file as UTF-16 ({exc})", file=path) from exc
    if b"\x00" in raw[:1000]:  # UTF-16 without BOM: every other byte of ASCII text is zero
        le = raw[1:1000:2].count(0) > raw[0:1000:2].count(0)
        try:
            text = raw.decode("utf-16-le" if le else "utf-16-be")
        except UnicodeDecodeError:
            text = ""
        head = text[:1000]
        if not head or sum(not (c.isprintable() or c in "\t\r\n") for c in head) > len(head) / 10:
            raise DataError("file looks binary, not text; save it as CSV UTF-8", file=path)
        return text, "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and raw[:3] != b"\xef\xbb\xbf":
            encoding = "utf-8"
        return text, encoding
    raise DataError("cannot decode the file as UTF-8 or cp1252; save it as CSV UTF-8",  # pragma: no cover
                    file=path)


def read_csv_file(path: Path, matcher: HeaderMatcher,
                  header_row: int | None) -> tuple[pd.DataFrame, str, str, int]:
    """The CSV from its header row on: (frame, encoding, delimiter, lines skipped above it).

    UTF-8 files go memory-mapped to pyarrow's multi-threaded reader (text as Arrow strings,
    item columns as categories of their texts); other encodings are decoded first. Files pyarrow cannot split (line breaks inside
    quoted answers, ragged rows) go to pandas' C reader, which also names the line of a
    malformed row.
    """
    import pyarrow as pa

    raw = memoryview(pa.memory_map(str(path)).read_buffer())  # no copy of a large file
    head_bytes = bytes(raw[: 500_000])
    bom = head_bytes[:3] == b"\xef\xbb\xbf"
    if len(raw) > len(head_bytes):  # cut at a line end: no split character
        head_bytes = head_bytes[: head_bytes.rfind(b"\n") + 1]
    text = None
    try:
        if head_bytes[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head_bytes[:1000]:
            raise UnicodeDecodeError("utf-8", b"", 0, 1, "UTF-16")
        head = head_bytes.decode("utf-8-sig")
        encoding = "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        text, encoding = decode(bytes(raw), path)
        head = text[:500_000]
    lines = head.splitlines(keepends=True)[:max(HEADER_SEARCH_ROWS, header_row or 0)]
    delimiter, skip = _find_csv_header(lines, matcher, header_row)
    above = "".join(lines[:skip])
    header = next(csv.reader([lines[skip]], delimiter=delimiter), []) if skip < len(lines) else []
    frame = None
    if text is None:
        data = raw[(3 if bom else 0) + len(above.encode()):]
        frame = _read_arrow(data, delimiter, header, matcher)
        if frame is _NOT_UTF8:
            text, encoding = decode(bytes(raw), path)
            frame = None
    if text is not None:
        data = memoryview(text[len(above):].encode())
        frame = _read_arrow(data, delimiter, header, matcher)
    if frame is None or frame is _NOT_UTF8:
        options = {"sep": delimiter, "dtype": str, "keep_default_na": False, "na_values": [""],
                   "skip_blank_lines": False}
        try:
            frame = pd.read_csv(_io.BytesIO(data), engine="c", **options)
        except (pd.errors.ParserError, csv.Error) as exc:
            raise parse_error(exc, path, skip) from exc
    return frame, encoding, delimiter, skip


_NOT_UTF8 = pd.DataFrame()


def _read_arrow(data: memoryview, delimiter: str, header: list[str],
                matcher: HeaderMatcher) -> pd.DataFrame | None:
    """pyarrow's CSV reader: Arrow strings (pd.NA for empty cells), answers as categories.

    None when pyarrow cannot read the file (the caller falls back); ``_NOT_UTF8`` when the
    bytes are not UTF-8.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # text as pandas keeps it (large strings: no cast); answers dictionary-encoded while
    # parsing (a handful of distinct texts), which spares cleaning a hash pass per item
    answer = pa.dictionary(pa.int32(), pa.large_string())
    types = {h: answer if matcher.match(h)[0] is not None else pa.large_string()
             for h in header}
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True,
                                                 null_values=[""]))
    except pa.ArrowInvalid as exc:
        return _NOT_UTF8 if "UTF8" in str(exc) or "UTF-8" in str(exc) else None
    if any(not (pa.types.is_large_string(t) or pa.types.is_dictionary(t))
           for t in table.schema.types):  # a header read otherwise than above: never infer
        return None  # types (a NIP must stay text); the C reader reads everything as text
    names = [n if n != "" else f"Unnamed: {i}" for i, n in enumerate(table.column_names)]
    frame = table.rename_columns(names).to_pandas(
        types_mapper=lambda t: TEXT if t in (pa.string(), pa.large_string()) else None)
    counts = pd.Series(names).value_counts()
    if (counts > 1).any():  # as pandas names them, so the duplicate check finds them
        frame.columns = [f"{n}.1" if n in counts[counts > 1].index and i != names.index(n)
                         else n for i, n in enumerate(names)]
    return frame


def parse_error(exc: Exception, path: Path, skip: int) -> DataError:
    """A CSV parser error as a DataError naming the file's line (counted from 1)."""
    msg = str(exc).replace("Error tokenizing data. C error: ", "").strip()
    found = re.search(r"\bline (\d+)", msg)
    line = int(found.group(1)) + skip if found else None
    if line is None and (found := re.search(r"\brow (\d+)", msg)):
        line = int(found.group(1)) + 1 + skip  # the C reader counts rows from 0
    where = f"line {line}: " if line is not None else ""
    return DataError(f"{where}malformed CSV ({msg}); check the quotes and the number of "
                     "delimiters on that line, or save the sheet again as CSV", file=path)


def _find_csv_header(lines: list[str], matcher: HeaderMatcher,
                     header_row: int | None) -> tuple[str, int]:
    """(delimiter, lines above the header): the best-scoring row of the first lines."""
    best: tuple[int, int, str] = (0, 0, "")  # score, -row, delimiter
    for d in ";,\t":
        rows = [next(csv.reader([line], delimiter=d), []) for line in lines]
        candidates = ([header_row - 1] if header_row is not None
                      else range(min(len(rows), HEADER_SEARCH_ROWS)))
        for i in candidates:
            if i < len(rows):
                best = max(best, (matcher.score(rows[i]), -i, d))
    if best[0] > 0:
        return best[2], -best[1]
    skip = header_row - 1 if header_row is not None else 0
    return detect_delimiter("".join(lines[skip:])), skip


def detect_delimiter(text: str) -> str:
    r"""The delimiter (``;``, ``,`` or tab) that splits the first lines into equal, most fields.

    Quoted fields are respected, so a header with commas inside quotes does not fool it.

    >>> detect_delimiter('a;"b, c";d\n1;2,5;3\n')
    ';'
    """
    head = text[:20000].splitlines()[:6]

    def score(d: str) -> tuple[bool, int]:
        counts = [len(r) for r in csv.reader(head, delimiter=d) if r]
        return (len(set(counts)) == 1 and counts[0] > 1, counts[0] if counts else 0)

    return max(";,\t", key=score)


def read_excel_sheet(path: Path, sheet: str | int | None, matcher: HeaderMatcher,
                     header_row: int | None) -> tuple[pd.DataFrame, str, int]:
    """The chosen sheet from its header row on: (frame, sheet name, rows above the header)."""
    try:
        book = pd.read_excel(path, sheet_name=None, dtype=object, header=None,
                             engine="calamine")
    except Exception as exc:  # calamine raises several types for a damaged file
        raise DataError(f"cannot read the workbook ({exc})", file=path) from exc
    names = list(book)
    found = {n: _find_sheet_header(book[n], matcher, header_row) for n in names}
    if sheet is not None:
        name = names[sheet] if isinstance(sheet, int) and 0 <= sheet < len(names) else sheet
        if name not in book:
            close = difflib.get_close_matches(str(sheet), [str(n) for n in names], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise DataError(f"sheet {sheet!r} not found; the workbook has {names}{hint}",
                            file=path)
    else:
        with_items = [n for n in names if found[n][1]]
        if not with_items:
            ins = matcher.instrument
            seen = "; ".join(f"sheet {n!r}: " + describe_headers(_row(book[n], found[n][0]))
                             for n in names)
            raise DataError(
                f"no sheet has item columns of {ins.name}; expected a header row with the "
                f"item codes ({', '.join(ins.item_codes[:3])}, ...) or the question texts in "
                f"the first {HEADER_SEARCH_ROWS} rows of a sheet. {seen}", file=path)
        name = with_items[0]
    skip = found[name][0]
    cells = book[name]
    header = [_header_text(v, i) for i, v in enumerate(_row(cells, skip))]
    body = cells.iloc[skip + 1:].set_axis(header, axis=1)
    return cells_to_text(body), str(name), skip


def _row(cells: pd.DataFrame, i: int) -> list[object]:
    """Row ``i`` of a sheet (empty beyond its end)."""
    return cells.iloc[i].tolist() if len(cells) > i else []


def _header_text(value: object, i: int) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return f"Unnamed: {i}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _find_sheet_header(cells: pd.DataFrame, matcher: HeaderMatcher,
                       header_row: int | None) -> tuple[int, bool]:
    """(rows above the header, whether the header has an item column) for one sheet."""
    if header_row is not None:
        skip = header_row - 1
    else:
        scores = [matcher.score(_row(cells, i)) for i in range(min(HEADER_SEARCH_ROWS,
                                                                   len(cells)))]
        if not scores or max(scores) == 0:
            return 0, False
        skip = int(np.argmax(scores))
    return skip, any(matcher.match(c)[0] is not None for c in _row(cells, skip)
                     if isinstance(c, str))


def cells_to_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Workbook cells -> text as a person sees them: 4.0 -> '4', big floats -> '1.98712E+17'."""

    def cell(v: object) -> object:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
            return pd.NA
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, float):
            if v.is_integer() and abs(v) < 1e15:
                return str(int(v))
            if abs(v) >= 1e15:  # Excel shows (and has kept) only ~15 significant digits
                return f"{v:.5E}".replace("E+", "E+")
            return repr(v)
        if isinstance(v, int) and abs(v) >= 10**15:
            return f"{float(v):.5E}"
        if hasattr(v, "isoformat"):
            return v.isoformat()
        s = str(v)
        return s if s != "" else pd.NA

    out = pd.DataFrame({c: [cell(v) for v in frame[c].tolist()] for c in frame.columns},
                       index=frame.index, dtype=object)
    return out.astype(TEXT)
