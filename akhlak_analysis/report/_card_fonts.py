"""The card's PDF fonts, parsed once per process.

fpdf2's ``add_font`` parses a TrueType file for every document and subsets the whole font when
the document is written (DejaVu Sans has about 6,000 glyphs): that was most of a card's second
of CPU time. Here each face is parsed and cut once per process to the characters a card can
hold (Latin, punctuation, a few symbols) and kept as bytes with one parsed fpdf2 font object;
every document gets a shallow copy of that object with its own per-document state (the glyphs
used, a fresh font table read lazily from the bytes, which fpdf2 subsets in place when writing).
A card whose text has a character outside that set uses the full font (slower, same layout).
The cut is a pure function of the font file, so the PDF bytes stay the same from run to run.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

__all__ = ["CARD_CHARS", "FONT_DIR", "FONT_FILES", "add_card_fonts", "font_bytes"]

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
#: fpdf2 style -> file of the DejaVu family (regular, bold, oblique)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
#: the characters kept in the per-process cut of each face
CARD_CHARS = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2010, 0x2028), *range(0x2030, 0x203B),
     *range(0x2190, 0x2194), 0x2212, 0x2264, 0x2265, 0x2022, 0x2502, 0x25A0, 0x25A1, 0x25C6,
     0x25C7, 0x25CF, 0x2713])
_CUT: dict[str, bytes] = {}
_PARSED: dict[str, object] = {}


def font_bytes(style: str) -> bytes:
    """The face of ``style`` cut to :data:`CARD_CHARS` (computed once per process)."""
    if style not in _CUT:
        from fontTools import subset, ttLib

        font = ttLib.TTFont(str(FONT_DIR / FONT_FILES[style]), recalcTimestamp=False)
        opts = subset.Options(glyph_names=True, notdef_outline=True, recommended_glyphs=True,
                              name_IDs=["*"], name_languages=["*"], layout_features=[])
        opts.drop_tables += ["FFTM"]  # FontForge's timestamp: not subsettable, not needed
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=sorted(CARD_CHARS))
        sub.subset(font)
        buf = io.BytesIO()
        font.save(buf)
        _CUT[style] = buf.getvalue()
    return _CUT[style]


def _document_font(pdf, style: str, key: str):
    """A per-document copy of the parsed face (shared read-only maps, own subset)."""
    from fontTools import ttLib
    from fpdf.fonts import SubsetMap, TTFFont

    if style not in _PARSED:
        _PARSED[style] = TTFFont(pdf, io.BytesIO(font_bytes(style)), key, style)
    font = copy.copy(_PARSED[style])
    font.i = len(pdf.fonts) + 1
    font.ttfont = ttLib.TTFont(io.BytesIO(font_bytes(style)), recalcTimestamp=False,
                               recalcBBoxes=False, lazy=True)
    font.subset = SubsetMap(font)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    return font


def add_card_fonts(pdf, *, full: bool = False) -> str:
    """Register the DejaVu faces on ``pdf`` and return the family name to use.

    With ``full`` the whole font files are used (a text outside :data:`CARD_CHARS`); without
    the DejaVu files the core Helvetica font (Latin-1 only) is used.
    """
    from fpdf.fonts import TTFFont

    if not (FONT_DIR / FONT_FILES[""]).exists():
        return "helvetica"
    for style, file in FONT_FILES.items():
        key = f"dejavu{style}"
        pdf.fonts[key] = (TTFFont(pdf, FONT_DIR / file, key, style) if full
                          else _document_font(pdf, style, key))
    return "dejavu"
