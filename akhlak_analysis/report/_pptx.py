"""Drawing on a python-pptx slide: text that fits its box, tables, charts at 100%.

Text is measured with the DejaVu Sans metrics (the font LibreOffice falls back to here, wider
than Arial, which the deck names), so a box sized here also holds its text in PowerPoint. No
run is ever smaller than :data:`MIN_PT`; every run carries its size, font and colour, so no
text falls back to a template default.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

__all__ = ["BLUE", "FONT", "GREY", "MIN_PT", "add_chart", "add_table", "add_text", "fit_size",
           "row_height", "text_height", "wrapped_lines"]

#: The smallest text on a slide, in points.
MIN_PT = 14
#: The font named in every run.
FONT = "Arial"
BLUE = (0x1F, 0x4E, 0x79)
GREY = (0x44, 0x44, 0x44)
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_LINE = 1.2        # line height / font size
_AFTER_PT = 6      # space after a paragraph
_INSET = 0.1       # text-frame inset, inches, each side


@lru_cache(maxsize=32)
def _font(size: int, bold: bool):
    from PIL import ImageFont

    path = _FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(path), size=size * 10) if path.is_file() else None


def _width_pt(text: str, size: int, bold: bool) -> float:
    font = _font(size, bold)
    if font is None:  # no DejaVu: a wide average
        return 0.6 * size * len(text)
    return font.getlength(text) / 10


def wrapped_lines(text: str, size: int, width: float, *, bold: bool = False) -> int:
    """Lines ``text`` takes at ``size`` points in a box ``width`` inches wide (greedy wrap).

    >>> wrapped_lines("satu dua tiga", 14, 10.0), wrapped_lines("satu dua tiga " * 20, 14, 3.0)
    (1, 10)
    """
    room = (width - 2 * _INSET) * 72
    lines = 0
    for part in str(text).split("\n"):
        line, lines = "", lines + 1
        for word in part.split(" "):
            trial = f"{line} {word}" if line else word
            if line and _width_pt(trial, size, bold) > room:
                lines, line = lines + 1, word
            else:
                line = trial
    return lines


def _bold(lines: Sequence[str], bold_first: bool, bold: Sequence[bool] | None) -> list[bool]:
    return list(bold) if bold is not None else [bold_first and i == 0 for i in range(len(lines))]


def text_height(lines: Sequence[str], size: int, width: float, *, bold_first: bool = False,
                bold: Sequence[bool] | None = None) -> float:
    """Height in inches of paragraphs ``lines`` at ``size`` points in a box ``width`` wide."""
    total = 2 * 0.05
    for line, b in zip(lines, _bold(lines, bold_first, bold), strict=True):
        n = wrapped_lines(line, size, width, bold=b)
        total += (n * size * _LINE + _AFTER_PT) / 72
    return total


def fit_size(lines: Sequence[str], width: float, height: float, *,
             sizes: Sequence[int] = (20, 18, 16, MIN_PT), bold_first: bool = False,
             bold: Sequence[bool] | None = None) -> int:
    """The largest of ``sizes`` at which ``lines`` fit the box (else the smallest)."""
    for size in sizes:
        if text_height(lines, size, width, bold_first=bold_first, bold=bold) <= height:
            return size
    return min(sizes)


def _style(run, size: int, colour, bold: bool) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run.font.size = Pt(max(MIN_PT, size))
    run.font.name = FONT
    run.font.bold = bold
    run.font.color.rgb = RGBColor(*colour)


def _fill(frame, lines: Sequence[str], size: int, colour, bold: Sequence[bool]) -> None:
    from pptx.util import Pt

    frame.word_wrap = True
    for i, (line, b) in enumerate(zip(lines, bold, strict=True)):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.space_after = Pt(_AFTER_PT)
        p.font.size = Pt(max(MIN_PT, size))
        _style(p.add_run(), size, colour, b)
        p.runs[0].text = str(line)


def add_text(slide, lines: Sequence[str], left: float, top: float, width: float,
             height: float, *, size: int | None = None, bold_first: bool = False,
             bold: Sequence[bool] | None = None, colour=(0, 0, 0),
             sizes: Sequence[int] = (20, 18, 16, MIN_PT)):
    """A text box of paragraphs ``lines`` (bold: the first, or those flagged in ``bold``);
    ``size`` None fits the largest of ``sizes``."""
    from pptx.util import Inches

    flags = _bold(lines, bold_first, bold)
    if size is None:
        size = fit_size(lines, width, height, sizes=sizes, bold=flags)
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    _fill(box.text_frame, lines, size, colour, flags)
    return box


def add_table(slide, rows: Sequence[Sequence[str]], left: float, top: float,
              widths: Sequence[float], *, size: int = 16):
    """A table, the first row as header (white on blue), the others on white.

    Returns the table shape; its height is estimated from the wrapped text (LibreOffice and
    PowerPoint grow rows to their text).
    """
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    heights = [row_height(r, widths, size) for r in rows]
    shape = slide.shapes.add_table(len(rows), len(widths), Inches(left), Inches(top),
                                   Inches(sum(widths)), Inches(sum(heights)))
    table = shape.table
    table.horz_banding = False
    for j, w in enumerate(widths):
        table.columns[j].width = Inches(w)
    for i, row in enumerate(rows):
        table.rows[i].height = Inches(heights[i])
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = Inches(0.04)
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(*(BLUE if i == 0 else (0xFF, 0xFF, 0xFF)))
            cell.text_frame.paragraphs[0].text = ""
            _fill(cell.text_frame, [text], size, (0xFF, 0xFF, 0xFF) if i == 0 else (0, 0, 0),
                  [i == 0])
    return shape


def row_height(row: Sequence[str], widths: Sequence[float], size: int) -> float:
    """Height in inches of one table row at ``size`` points."""
    lines = max(wrapped_lines(t, size, w + 2 * _INSET - 0.16) for t, w in zip(row, widths,
                                                                               strict=True))
    return lines * size * _LINE / 72 + 0.14


def add_chart(slide, ax, left: float, top: float) -> tuple[float, float]:
    """Place a matplotlib chart at 100% of its size (inches); returns (width, height)."""
    import matplotlib.pyplot as plt
    from pptx.util import Inches

    fig = ax.figure
    width, height = (float(x) for x in fig.get_size_inches())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200, facecolor="white", metadata={"Software": None})
    plt.close(fig)
    buf.seek(0)
    slide.shapes.add_picture(buf, Inches(left), Inches(top), Inches(width), Inches(height))
    return width, height
