"""An OPD report card as a one-page A4 PDF, written with fpdf2.

The layout is computed here, line by line: words are wrapped with measured widths (cached per
process) and placed with ``FPDF.text``, rules and marks are drawn directly. fpdf2's
``multi_cell`` and ``table`` cost most of a second per card; this costs a few hundredths. The
page is light: thin grey rules under table rows, no filled bands, text in black and greys, the
values' dot chart with a filled dot (OPD), a black rule (province) and an open diamond (median
of the OPDs of the same type), each in its own column beside the numbers so no mark covers a
label. When the content is too long for one page, the whole card is laid out again with type
a step smaller (up to three steps), so a card is always one page.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ._card_fonts import CARD_CHARS, add_card_fonts
from ._card_model import Card, CardTable, ValueRow

__all__ = ["fit_scale", "render_pdf"]

_PT = 0.3528  # mm per point
_W, _H, _MX, _MY = 210.0, 297.0, 12.0, 10.0
_TEXT = _W - 2 * _MX
_STEPS = (1.1, 1.05, 1.0, 0.95, 0.9, 0.85, 0.8)
_WIDTHS: dict[tuple[str, str, float, str], float] = {}


class _Page:
    """Places text and rules from the top; ``draw=False`` only measures."""

    def __init__(self, pdf, family: str, k: float, draw: bool):
        self.pdf, self.fam, self.k, self.draw = pdf, family, k, draw
        self.y = _MY
        self.style, self.size = "", 8.0
        self.conv = _latin1_text if family == "helvetica" else str

    def font(self, style: str, size: float) -> None:
        self.style, self.size = style, size * self.k
        self.pdf.set_font(self.fam, style, self.size)

    @property
    def lh(self) -> float:
        return self.size * _PT * 1.28

    def width(self, text: str) -> float:
        key = (self.fam, self.style, self.size, text)
        w = _WIDTHS.get(key)
        if w is None:
            w = _WIDTHS[key] = self.pdf.get_string_width(self.conv(text))
        return w

    def wrap(self, text: str, width: float) -> list[str]:
        lines, cur = [], ""
        space = self.width(" ")
        cur_w = 0.0
        for word in text.split():
            w = self.width(word)
            if cur and cur_w + space + w > width:
                lines.append(cur)
                cur, cur_w = word, w
            else:
                cur, cur_w = (f"{cur} {word}", cur_w + space + w) if cur else (word, w)
        return lines + [cur] if cur else lines

    def put(self, x: float, y: float, text: str, *, right: float | None = None,
            grey: int = 0) -> None:
        if self.draw and text:
            if right is not None:
                x = right - self.width(text)
            self.pdf.set_text_color(grey)
            self.pdf.text(x, y + self.size * _PT * 0.95, self.conv(text))

    def para(self, text: str, x: float, width: float, *, grey: int = 0) -> None:
        for line in self.wrap(text, width):
            self.put(x, self.y, line, grey=grey)
            self.y += self.lh

    def rule(self, x1: float, x2: float, y: float, *, grey: int = 190, w: float = 0.15) -> None:
        if self.draw:
            self.pdf.set_draw_color(grey)
            self.pdf.set_line_width(w)
            self.pdf.line(x1, y, x2, y)

    def heading(self, text: str) -> None:
        self.y += 1.6 * self.k
        self.font("B", 9.5)
        self.put(_MX, self.y, text, grey=30)
        self.y += self.lh + 0.3
        self.rule(_MX, _MX + _TEXT, self.y - 0.4, grey=150, w=0.25)
        self.y += 0.6


def _facts(p: _Page, card: Card) -> None:
    n = max(len(card.facts), 1)
    gap = 3.0
    w = (_TEXT - gap * (n - 1)) / max(n, 4)
    top = p.y + 1.0
    bottom = top
    for i, f in enumerate(card.facts):
        x = _MX + i * (w + gap)
        p.y = top + 1.2
        p.font("B", 7.2)
        p.para(f.label, x + 1.5, w - 3, grey=40)
        p.font("B", 13)
        p.para(f.value, x + 1.5, w - 3)
        p.font("", 6.9)
        for line in f.lines:
            p.para(line, x + 1.5, w - 3, grey=40)
        if f.warning:
            p.font("B", 6.9)
            p.y += 0.6
            y0 = p.y
            p.para(f"Perhatian: {f.warning}", x + 3, w - 4.5)
            if p.draw:
                p.pdf.set_draw_color(0)
                p.pdf.set_line_width(0.6)
                p.pdf.line(x + 1.6, y0, x + 1.6, p.y)
        bottom = max(bottom, p.y + 1.0)
    if p.draw:
        p.pdf.set_draw_color(150)
        p.pdf.set_line_width(0.2)
        for i in range(len(card.facts)):
            p.pdf.rect(_MX + i * (w + gap), top, w, bottom - top)
    p.y = bottom + 1.0


def _chart_x(v: float, scale: tuple[float, float], x0: float, w: float) -> float:
    lo, hi = scale
    return x0 + 2 + (w - 4) * (min(max(v, lo), hi) - lo) / (hi - lo)


def _ticks(scale: tuple[float, float]) -> list[int]:
    lo, hi = int(scale[0]), int(scale[1])
    return list(range(lo, hi + 1, 10 if hi - lo <= 60 else 20))


def _dots(p: _Page, r: ValueRow, scale, x0: float, w: float, y: float, h: float) -> None:
    pdf = p.pdf
    pdf.set_draw_color(225)
    pdf.set_line_width(0.15)
    for t in _ticks(scale):
        tx = _chart_x(t, scale, x0, w)
        pdf.line(tx, y, tx, y + h)
    px = _chart_x(r.province, scale, x0, w)
    pdf.set_draw_color(0)
    pdf.set_line_width(0.45)
    pdf.line(px, y, px, y + h)
    mid = y + h / 2
    ox, rad = _chart_x(r.opd, scale, x0, w), 1.15 * p.k
    pdf.set_fill_color(50)
    pdf.ellipse(ox - rad, mid - rad, 2 * rad, 2 * rad, style="F")
    if r.peers is not None:  # an outline over the dot: both stay visible when they meet
        qx, d = _chart_x(r.peers, scale, x0, w), 1.5 * p.k
        pdf.set_line_width(0.25)
        pdf.polygon([(qx, mid - d), (qx + d, mid), (qx, mid + d), (qx - d, mid)], style="D")


def _header_row(p: _Page, cols: list[tuple[float, float, str, bool]]) -> None:
    p.font("B", 7.2)
    top, bottom = p.y, p.y
    for x, w, text, right in cols:
        p.y = top
        for line in p.wrap(text, w - 1.2):
            p.put(x + 0.6, p.y, line, right=x + w - 0.6 if right else None)
            p.y += p.lh
        bottom = max(bottom, p.y)
    p.y = bottom + 0.3
    p.rule(_MX, _MX + _TEXT, p.y, grey=110, w=0.3)
    p.y += 0.5


def _values(p: _Page, card: Card) -> None:
    chart = 58.0
    first = 38.0
    k = len(card.value_header) - 1
    num = (_TEXT - chart - first) / max(k, 1)
    xs = [_MX, *(_MX + first + j * num for j in range(k))]
    ws = [first] + [num] * k
    cols = [(x, w, h, j > 0) for j, (x, w, h) in enumerate(zip(xs, ws, card.value_header,
                                                               strict=True))]
    x0 = _MX + _TEXT - chart
    legend = [f"{m} {t}" for m, t in zip(("●", "│", "◇"), card.legend, strict=False)]
    _header_row(p, cols + [(x0, chart, "   ".join(legend), False)])
    p.font("", 7.8)
    h = p.lh + 0.9
    for r in card.values:
        for (x, w, _, right), text in zip(cols, r.cells, strict=True):
            p.put(x + 0.6, p.y + 0.45, text, right=x + w - 0.6 if right else None)
        if p.draw:
            _dots(p, r, card.scale, x0, chart, p.y, h)
        p.y += h
        p.rule(_MX, _MX + _TEXT, p.y, grey=215)
    p.font("", 6.6)
    for t in _ticks(card.scale):
        tx = _chart_x(t, card.scale, x0, chart)
        p.put(tx - p.width(str(t)) / 2, p.y + 0.3, str(t), grey=60)
    p.y += p.lh + 0.6
    p.font("", 6.9)
    p.para(" ".join(card.value_notes), _MX, _TEXT, grey=40)


def _items(p: _Page, card: Card) -> None:
    p.font("B", 7.2)  # as the header row: no header word wider than its column
    first = 11.0
    num = max(15.0, *(p.width(word) + 1.6 for h in card.items_header[2:] for word in h.split()))
    stat = _TEXT - first - 3 * num
    xs = [_MX, _MX + first, *(_MX + first + stat + j * num for j in range(3))]
    ws = [first, stat, num, num, num]
    cols = [(x, w, h, j > 1) for j, (x, w, h) in enumerate(zip(xs, ws, card.items_header,
                                                               strict=True))]
    _header_row(p, cols)
    for title, lines in (("Kekuatan: skor tertinggi", card.strengths),
                         ("Perlu diperbaiki: skor terendah", card.weakest)):
        if not lines:
            continue
        p.font("I", 7.4)
        p.put(_MX + 0.6, p.y + 0.3, title, grey=30)
        p.y += p.lh + 0.5
        for it in lines:
            top = p.y + 0.4
            p.font("", 7.6)
            for x, w, text, right in ((xs[0], ws[0], it.cells[0], False),
                                      *((xs[j + 2], ws[j + 2], c, True)
                                        for j, c in enumerate(it.cells[1:]))):
                p.put(x + 0.6, top, text, right=x + w - 0.6 if right else None)
            p.y = top
            p.para(it.statement, xs[1] + 0.6, stat - 1.2)
            if it.note:
                p.font("I", 7.0)
                p.para(it.note, xs[1] + 0.6, stat - 1.2, grey=40)
            p.y += 0.5
            p.rule(_MX, _MX + _TEXT, p.y, grey=215)
    p.font("", 6.9)
    p.y += 0.5
    p.para(card.items_note, _MX, _TEXT, grey=40)


def _block(p: _Page, b: CardTable) -> None:
    p.heading(b.title)
    p.font("", 7.6)
    for s in b.sentences:
        p.para(s, _MX, _TEXT)
    if not b.header:
        return
    num = b.numeric or (False,) * len(b.header)
    ws = [20.0 if x else 25.0 for x in num]
    ws[0] = 32.0 if len(num) == 2 else 0.0
    grow = len(num) - 1 if len(num) == 2 else 0
    ws[grow] = _TEXT - sum(ws) + ws[grow]
    xs = [_MX + sum(ws[:j]) for j in range(len(ws))]
    p.y += 0.6
    _header_row(p, [(x, w, h, r) for x, w, h, r in zip(xs, ws, b.header, num, strict=True)])
    p.font("", 7.6)
    for row in b.rows:
        top, bottom = p.y + 0.3, p.y
        for x, w, text, right in zip(xs, ws, row, num, strict=True):
            p.y = top
            if right:
                p.put(x, top, text, right=x + w - 0.6)
                p.y += p.lh
            else:
                p.para(text, x + 0.6, w - 1.2)
            bottom = max(bottom, p.y)
        p.y = bottom + 0.3
        p.rule(_MX, _MX + _TEXT, p.y, grey=215)


def _how_to(p: _Page, card: Card) -> None:
    p.y += 2.0
    top = p.y
    p.y += 1.2
    p.font("B", 8.6)
    p.put(_MX + 2, p.y, "Cara memakai rapor ini", grey=30)
    p.y += p.lh + 0.4
    p.font("", 7.2)
    half = (len(card.how_to) + 1) // 2
    col = (_TEXT - 6) / 2
    start, bottom = p.y, p.y
    for j, s in enumerate(card.how_to):  # two columns, the first one longer
        x = _MX + 2.5 + (col + 2) * (j >= half)
        if j == half:
            bottom, p.y = p.y, start
        p.put(x, p.y, "•")
        p.para(s, x + 3, col - 3.5)
    p.y = max(bottom, p.y) + 1.0
    if p.draw:
        p.pdf.set_draw_color(150)
        p.pdf.set_line_width(0.2)
        p.pdf.rect(_MX, top, _TEXT, p.y - top)
    p.y += 1.5
    p.font("", 6.5)
    for s in card.footer:
        p.para(s, _MX, _TEXT, grey=60)


def _lay_out(p: _Page, card: Card) -> float:
    p.font("B", 13.5)
    p.para(f"Rapor Budaya Kerja BerAKHLAK: {card.name}", _MX, _TEXT)
    p.font("", 7.6)
    p.para(card.subtitle, _MX, _TEXT, grey=70)
    _facts(p, card)
    if card.values:
        p.heading("Tujuh nilai BerAKHLAK")
        _values(p, card)
    if card.strengths or card.weakest:
        p.heading("Perilaku terkuat dan terlemah")
        _items(p, card)
    for b in card.blocks:
        _block(p, b)
    _how_to(p, card)
    return p.y


def _document(card: Card):
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(_MX, _MY, _MX)
    pdf.set_creation_date(datetime(card.year, 12, 31, tzinfo=timezone.utc))
    pdf.set_producer("akhlak-analysis")
    full = any(ord(c) not in CARD_CHARS for t in card.texts() for c in t)
    family = add_card_fonts(pdf, full=full)
    pdf.add_page()
    return pdf, family


def _step(pdf, family: str, card: Card) -> float:
    return next((k for k in _STEPS if _lay_out(_Page(pdf, family, k, False), card)
                 <= _H - _MY), _STEPS[-1])


def fit_scale(card: Card) -> float:
    """The type scale at which the card fits one page, at most 1 (for the HTML page)."""
    pdf, family = _document(card)
    return min(1.0, _step(pdf, family, card))


def render_pdf(card: Card) -> bytes:
    """The card as a one-page A4 PDF; the same card gives the same bytes."""
    pdf, family = _document(card)
    title = f"Rapor OPD {card.name} {card.year}"
    pdf.set_title(_latin1_text(title) if family == "helvetica" else title)
    _lay_out(_Page(pdf, family, _step(pdf, family, card), True), card)
    return bytes(pdf.output())


def _latin1_text(text: str) -> str:
    """The text in Latin-1 for the core font (used only without the DejaVu files)."""
    for a, b in (("–", "-"), ("·", "-"), ("→", "->"), ("●", "o"), ("◇", "<>"), ("│", "|"),
                 ("≥", ">="), ("•", "-")):
        text = text.replace(a, b)
    return text.encode("latin-1", "replace").decode("latin-1")

