"""The content of an OPD report card, as both renderers (HTML, PDF) lay it out.

Everything here is already worded in Indonesian and formatted (decimal commas); the renderers
only place it and escape it. A card is a small picklable object, so the cards can be rendered in
worker processes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Card", "CardTable", "Fact", "ItemLine", "ValueRow", "natural_key"]


@dataclass(frozen=True)
class Fact:
    """One key figure of the card's top row.

    ``label`` names it, ``value`` is the figure as printed, ``lines`` explain it in words and
    ``warning`` (empty when none) is the quality problem that belongs to this figure.
    """

    label: str
    value: str
    lines: tuple[str, ...] = ()
    warning: str = ""


@dataclass(frozen=True)
class ValueRow:
    """One core value: the printed cells and the three marks of the dot chart."""

    cells: tuple[str, ...]
    opd: float
    province: float
    peers: float | None = None


@dataclass(frozen=True)
class ItemLine:
    """One behaviour (item) among the strengths or the weakest: printed cells, statement and
    what its score means when the item is negatively worded (``note``, else empty)."""

    cells: tuple[str, ...]
    statement: str
    note: str = ""


@dataclass(frozen=True)
class CardTable:
    """A titled block: sentences, then an optional table (``header`` empty for none)."""

    title: str
    sentences: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    numeric: tuple[bool, ...] = ()


@dataclass
class Card:
    """The content of one card, already in Indonesian (see :func:`.cards.build_card`).

    Attributes
    ----------
    code, name : str
        The OPD's code and name.
    year : int
    subtitle : str
        Type, headcount and code in one line.
    withheld : bool
        True when disclosure control withheld the OPD's figures: the card then shows what is
        public and says what is withheld and why.
    facts : list of Fact
        The key figures (index, target, response, change, rank).
    value_header : tuple of str
        Column headers of the values table (the dot chart is drawn after the last column).
    values : list of ValueRow
    value_notes : list of str
    scale : (float, float)
        The dot chart's axis (0-100 scale, cut to the data).
    legend : tuple of str
        The chart's marks: the OPD (dot), the province (rule) and, when shown, the median of
        the OPDs of the same type (diamond).
    items_header : tuple of str
    strengths, weakest : list of ItemLine
    items_note : str
    blocks : list of CardTable
        Sub-units, groups, action plan, withheld figures.
    how_to : list of str
        "Cara memakai rapor ini".
    footer : list of str
    """

    code: str
    name: str
    year: int
    subtitle: str = ""
    withheld: bool = False
    facts: list[Fact] = field(default_factory=list)
    value_header: tuple[str, ...] = ()
    values: list[ValueRow] = field(default_factory=list)
    value_notes: list[str] = field(default_factory=list)
    scale: tuple[float, float] = (0.0, 100.0)
    legend: tuple[str, ...] = ()
    items_header: tuple[str, ...] = ()
    strengths: list[ItemLine] = field(default_factory=list)
    weakest: list[ItemLine] = field(default_factory=list)
    items_note: str = ""
    blocks: list[CardTable] = field(default_factory=list)
    how_to: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every text of the card, in reading order (for tests and the font check)."""
        out = [self.name, self.subtitle]
        for f in self.facts:
            out += [f.label, f.value, *f.lines, f.warning]
        out += list(self.value_header) + [c for r in self.values for c in r.cells]
        out += self.value_notes + list(self.legend) + list(self.items_header)
        for it in self.strengths + self.weakest:
            out += [*it.cells, it.statement, it.note]
        out.append(self.items_note)
        for b in self.blocks:
            out += [b.title, *b.sentences, *b.header, *(c for r in b.rows for c in r)]
        return [t for t in out + self.how_to + self.footer if t]


_ROMAN = {"I": 1, "V": 5, "X": 10}
_NUMBER = re.compile(r"^\s*(<=|>=|≤|≥|<|>)?\s*(\d+(?:[.,]\d+)?)")
_GRADE = re.compile(r"^\s*(?:golongan\s+)?([IVX]+)\b\s*(?:/\s*([a-eA-E]))?", re.IGNORECASE)
_SHIFT = {"<": -0.5, "≤": -0.25, "<=": -0.25, ">": 0.5, "≥": 0.25, ">=": 0.25}


def _roman(text: str) -> int:
    vals = [_ROMAN[c] for c in text.upper()]
    return sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals))


def natural_key(label: object) -> tuple:
    """Sort key putting ordered categories in their natural order.

    Bands that start with a number (``"< 30 tahun"``, ``"30-39 tahun"``, ``">= 50 tahun"``;
    tenure ``"< 5 tahun"`` .. ``"> 20 tahun"``) sort by that number, a leading ``<`` just
    before it and ``>``/``>=`` just after; civil-service grades in Roman numerals sort by
    their value and letter (``I/a`` .. ``IV/e``, ``IX``); anything else after them,
    alphabetically with numbers inside the text compared as numbers (``UPT 2`` before
    ``UPT 10``).

    Examples
    --------
    >>> sorted(["30-39 tahun", ">= 50 tahun", "< 30 tahun", "40-49 tahun"], key=natural_key)
    ['< 30 tahun', '30-39 tahun', '40-49 tahun', '>= 50 tahun']
    >>> sorted(["IV/a", "III/b", "II", "IX", "III/a", "V"], key=natural_key)
    ['II', 'III/a', 'III/b', 'IV/a', 'V', 'IX']
    >>> sorted(["Perempuan", "Laki-laki"], key=natural_key)
    ['Laki-laki', 'Perempuan']
    >>> sorted(["UPT Wilayah 10", "UPT Wilayah 2", "Bidang Umum"], key=natural_key)
    ['Bidang Umum', 'UPT Wilayah 2', 'UPT Wilayah 10']
    """
    text = str(label)
    m = _NUMBER.match(text)
    if m:
        x = float(m.group(2).replace(",", ".")) + _SHIFT.get(m.group(1) or "", 0.0)
        return (0, x, "", text)
    g = _GRADE.match(text)
    if g and (g.end() == len(text) or not text[g.end()].isalpha()):
        return (1, float(_roman(g.group(1))), (g.group(2) or "").lower(), text)
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                  for p in re.split(r"(\d+)", text.casefold()) if p)
    return (2, 0.0, "", parts, text)
