"""Sheet formatting of the report workbook: number formats, print layout, text cells, styles.

A private module of :mod:`akhlak_analysis.report`: :mod:`.workbook` and :mod:`._workbook_guide`
use its names; readers import them from :mod:`.workbook`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from ..labels import format_p

__all__ = ["INDONESIAN", "MIN_PRINTED_PT", "YES_NO", "PrintLayout", "fit_widths", "make_styles",
           "number_format", "on_dark", "page_setup", "plan_print", "row_height", "set_text",
           "solid_fill", "text_lines"]

#: smallest printed font size (points) of any sheet; the workbook's font is Calibri 11
MIN_PRINTED_PT = 8.0
_FONT_PT = 11.0
_MIN_SCALE = math.ceil(MIN_PRINTED_PT / _FONT_PT * 100) / 100  # whole percent: 73%
YES_NO = {"id": ("Ya", "Tidak"), "en": ("Yes", "No")}
INDONESIAN = "[$-421]"  # number-format locale tag: decimal comma where the program honours it
_GREY, _HEADER_FILL = "7F7F7F", "E7E6E6"
#: printable width (points) of A4 with 0.4-inch side margins
_PRINTABLE = {"portrait": 595.0 - 57.6, "landscape": 842.0 - 57.6}
_PX_PER_UNIT = 7.5
_KEY_WIDTH = 28.0  # a wrapping key column repeated on every page across is at most this wide


@dataclass(frozen=True)
class PrintLayout:
    """How one sheet prints on A4.

    Attributes
    ----------
    widths : tuple of float
        Column widths in Excel's character units.
    keys : int
        Leading key columns, repeated on every page across (and frozen on screen).
    orientation : {"portrait", "landscape"}
    strips : tuple of (int, int)
        First and last column (1-based) of each page across; one strip when the sheet fits.
    scale : float
        Printed size relative to 100% (the font prints at ``11 * scale`` points).
    """

    widths: tuple[float, ...]
    keys: int
    orientation: str
    strips: tuple[tuple[int, int], ...]
    scale: float

    @property
    def printed_pt(self) -> float:
        """Printed size of the 11-point font."""
        return _FONT_PT * self.scale


def _points(widths: Iterable[float]) -> float:
    """Printed width at 100% of columns of these widths: Excel draws a width unit as 7 pixels
    of Calibri 11 at 96 dpi; 7.5 pixels and 5 of padding leave room for programs that draw
    columns a little wider (LibreOffice with Carlito)."""
    return sum(_PX_PER_UNIT * w + 5 for w in widths) * 0.75


def plan_print(widths: Iterable[float], *, keys: int = 0) -> PrintLayout:
    """Orientation, pages across and scale that print a sheet on A4 at >= ``MIN_PRINTED_PT``.

    Parameters
    ----------
    widths : iterable of float
        Column widths (Excel character units).
    keys : int
        Leading key columns to repeat on every page across.

    Returns
    -------
    PrintLayout
        Portrait at 100% when the sheet fits; else landscape fitted to the width when that
        keeps the font at ``MIN_PRINTED_PT`` or more; else landscape in strips of columns,
        each repeating the key columns, at the largest scale (at most 100%) that fits the
        widest strip.

    Notes
    -----
    A column of width ``w`` is counted as ``7.5 w + 5`` pixels at 96 dpi (0.75 pt a pixel;
    Excel draws ``7 w`` with Calibri 11); the printable width is the paper's less 0.4-inch
    margins (A4 portrait 537.4 pt, landscape 784.4 pt). The scale of a sheet in strips is
    set explicitly (programs ignore manual page breaks when fitting to a page width), so the
    font never prints smaller than ``MIN_PRINTED_PT``; a program that draws columns wider
    than counted can only add a page, never shrink the print.

    Examples
    --------
    >>> plan_print([10, 30, 8]).orientation
    'portrait'
    >>> wide = plan_print([12] * 14)
    >>> wide.orientation, wide.strips, round(wide.printed_pt, 1)
    ('landscape', ((1, 14),), 8.7)
    >>> wider = plan_print([12] * 30, keys=1)  # three balanced strips, each with column 1
    >>> wider.strips, round(wider.printed_pt, 1)
    (((1, 11), (12, 21), (22, 30)), 11.0)
    """
    widths = tuple(float(w) for w in widths)
    total, n = _points(widths), len(widths)
    if total <= _PRINTABLE["portrait"]:
        return PrintLayout(widths, keys, "portrait", ((1, n),), 1.0)
    room = _PRINTABLE["landscape"]
    if total * _MIN_SCALE <= room:
        return PrintLayout(widths, keys, "landscape", ((1, n),), min(1.0, room / total))
    budget = room / _MIN_SCALE
    while keys and _points(widths[:keys]) > budget / 2:  # keys may not crowd out the rest
        keys -= 1
    key_pt = _points(widths[:keys])
    strips = _strips(widths, keys, budget - key_pt)
    low, high = max(_points([w]) for w in widths[keys:]), budget - key_pt
    for _ in range(40):  # the narrowest capacity giving as few strips: balanced widths
        middle = (low + high) / 2
        low, high = (low, middle) if len(_strips(widths, keys, middle)) <= len(strips) \
            else (middle, high)
    strips = _strips(widths, keys, high)
    widest = key_pt + max(_points(widths[a - 1:b]) for a, b in strips)
    strips[0] = (1, strips[0][1])
    return PrintLayout(widths, keys, "landscape", tuple(strips), min(1.0, room / widest))


def _strips(widths: tuple[float, ...], keys: int, capacity: float) -> list[tuple[int, int]]:
    """Greedy runs of the non-key columns (1-based, inclusive) within ``capacity`` points."""
    strips, start = [], keys + 1
    for j in range(keys + 1, len(widths) + 1):
        if j > start and _points(widths[start - 1:j]) > capacity:
            strips.append((start, j - 1))
            start = j
    return [*strips, (start, len(widths))]


def fit_widths(widths: Iterable[float], floors: Iterable[float], *,
               keys: int = 0) -> tuple[float, ...]:
    """Column widths for print: narrow the widest columns that may wrap (to one common width,
    never below their floors) when that lets the sheet print on one A4 width at
    ``MIN_PRINTED_PT`` or more; otherwise keep the widths, except that wrapping key columns
    (repeated on every page across) narrow to ``_KEY_WIDTH`` characters.

    Parameters
    ----------
    widths : iterable of float
        Natural widths (characters).
    floors : iterable of float
        Narrowest width of each column (its width for a column that may not wrap).
    keys : int
        Leading key columns.

    Returns
    -------
    tuple of float

    Examples
    --------
    >>> fit_widths([40, 40, 20, 20, 40, 30], [24, 24, 12, 12, 40, 30])
    (38.5, 38.5, 20.0, 20.0, 40.0, 30.0)
    >>> fit_widths([40] * 8, [24] * 8, keys=1)[:2]
    (28.0, 40.0)
    """
    widths, floors = tuple(float(w) for w in widths), tuple(float(f) for f in floors)
    budget = _PRINTABLE["landscape"] / _MIN_SCALE

    def cut(level: float) -> tuple[float, ...]:
        return tuple(max(f, min(w, level)) for w, f in zip(widths, floors, strict=True))

    if _points(widths) <= budget:
        return widths
    if _points(floors) > budget:
        return tuple(min(w, max(f, _KEY_WIDTH)) if j < keys else w
                     for j, (w, f) in enumerate(zip(widths, floors, strict=True)))
    low, high = 0.0, max(widths)
    for _ in range(40):  # the widest common width that fits
        middle = (low + high) / 2
        low, high = (middle, high) if _points(cut(middle)) <= budget else (low, middle)
    return cut(math.floor(low * 10) / 10)


def number_format(value: float, *, decimals: int = 1, percent: bool = False,
                  p_value: bool = False, thousands: bool = True, lang: str = "id") -> str:
    """The Excel number format of one cell: ``decimals`` places, more if the value would read 0.

    Parameters
    ----------
    value : float
        The cell's value (its format depends on it only when it is tiny).
    decimals : int
        Places shown (:data:`akhlak_analysis.labels.COLUMN_DECIMALS`).
    percent : bool
        A share in 0-1 shown as a percentage.
    p_value : bool
        Three places, and ``< 0,001`` for values below 0.001.
    thousands : bool
        Group thousands (not for years or row numbers).
    lang : {"id", "en"}
        ``id`` tags the format Indonesian, so that programs that honour the tag (LibreOffice)
        show the decimal comma; Excel follows the computer's regional setting.

    Returns
    -------
    str

    Notes
    -----
    A nonzero value that would round to 0 at ``decimals`` places gets as many places as its
    first significant digit needs (scientific notation below 1e-6), so no nonzero value is
    ever shown as ``0,0``; the value stored in the cell is never rounded.

    Examples
    --------
    >>> number_format(76.34), number_format(0.013, decimals=1), number_format(0.4, percent=True)
    ('[$-421]#,##0.0', '[$-421]#,##0.00', '[$-421]#,##0.0%')
    >>> number_format(0.0004, p_value=True)
    '[$-421][<0.001]"< 0,001";0.000'
    """
    tag = INDONESIAN if lang == "id" else ""
    if p_value:
        return f'{tag}[<0.001]"{format_p(0.0, lang)}";0.000'
    shown = abs(float(value)) * (100.0 if percent else 1.0)
    places = int(decimals)
    if shown and round(shown, places) == 0:
        places = max(places, math.ceil(-math.log10(shown)))
        while round(shown, places) == 0:
            places += 1
        if places > 6:
            return f"{tag}0.00E+00"
    body = ("#,##0" if thousands else "0") + ("." + "0" * places if places else "")
    return tag + body + ("%" if percent else "")


def set_text(cell, text: str) -> None:
    """Store ``text`` as text: never a formula, and marked as text for Excel when it starts
    like one (``= + - @``), so that editing the cell does not turn it into one either."""
    cell.value = text
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        cell.quotePrefix = True


def make_styles() -> dict:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    font = {"name": "Calibri", "size": _FONT_PT}
    return {"head_font": Font(bold=True, **font), "grey": Font(color=_GREY, italic=True, **font),
            "white": Font(color="FFFFFF", **font), "title": Font(name="Calibri", size=14, bold=True),
            "head_fill": PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL),
            "head_align": Alignment(wrap_text=True, vertical="top"),
            "wrap": Alignment(wrap_text=True, vertical="top"),
            "top": Alignment(vertical="top"),
            "rule": Border(bottom=Side(style="thin", color="808080"))}


def text_lines(text: str, width: float, *, bold: bool = False) -> int:
    """Lines a wrapped cell of this width (characters) needs for ``text``: words wrap, a word
    longer than the line breaks. A width unit is a digit's width; names in capitalised words
    (Badan Perencanaan Pembangunan) need about one unit a character, bold a little more, so
    the estimate errs towards a line too many (blank space) rather than a line cut off.

    >>> text_lines("Jumlah responden", 12), text_lines("x" * 30, 12), text_lines("", 5)
    (2, 3, 1)
    """
    per_line = max(1, int((width - 1) * (0.95 if bold else 1.0)))
    return max(1, sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n")))


def row_height(lines: int) -> float:
    """Row height (points) of ``lines`` lines of the 11-point font."""
    return 15.0 * lines


def solid_fill(colour: str):
    from openpyxl.styles import PatternFill

    rgb = colour.lstrip("#").upper()
    return PatternFill("solid", start_color=rgb, end_color=rgb)


def on_dark(colour: str) -> bool:
    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 110


def page_setup(ws, layout: PrintLayout, lang: str) -> None:
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.pagebreak import Break

    ps = ws.page_setup
    ps.paperSize, ps.orientation = ws.PAPERSIZE_A4, layout.orientation
    if len(layout.strips) == 1:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ps.fitToWidth, ps.fitToHeight = 1, 0
    else:
        ps.scale = int(layout.scale * 100 + 1e-9)
        ps.pageOrder = "overThenDown"
        for _, last in layout.strips[:-1]:
            ws.col_breaks.append(Break(id=last))
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3,
                                  footer=0.3)
    ws.print_options.gridLines = True
    page, of = ("halaman", "dari") if lang == "id" else ("page", "of")
    ws.oddFooter.center.text = f"&A, {page} &P {of} &N"
