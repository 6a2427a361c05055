"""An OPD report card as one self-contained HTML page (inline CSS and SVG, no request).

The page uses the report's one skeleton and stylesheet (:mod:`.pages`, the ``card`` rules);
printed from Chromium it fills one A4 page. Every text is escaped here (:func:`.pages.esc`).
The values' dot chart is drawn in the table, one small SVG per row, so that no mark can cover a
number: the OPD is a filled dot, the province a vertical rule and the median of the OPDs of the
same type an open diamond (distinct in greyscale).
"""

from __future__ import annotations

from ._card_content import GLOSSARY_LINK
from ._card_model import Card, CardTable, ValueRow
from .pages import esc, page

__all__ = ["BASE_PT", "CHART_WIDTH", "render_html"]

#: width of the dot chart in CSS pixels (the chart's column)
CHART_WIDTH = 210
#: the card's body type size in points at scale 1 (every other size is relative to it)
BASE_PT = 7.8
_H = 13


#: room left and right of the chart: half the width of the label "100" at the axis's type size
_PAD = 10


def _x(v: float, scale: tuple[float, float]) -> float:
    lo, hi = scale
    return _PAD + (CHART_WIDTH - 2 * _PAD) * (min(max(v, lo), hi) - lo) / (hi - lo)


def _ticks(scale: tuple[float, float]) -> list[int]:
    lo, hi = int(scale[0]), int(scale[1])
    step = 10 if hi - lo <= 60 else 20
    return list(range(lo, hi + 1, step))


def _dots(row: ValueRow, scale: tuple[float, float]) -> str:
    grid = "".join(f'<line x1="{_x(t, scale):.1f}" x2="{_x(t, scale):.1f}" y1="0" y2="{_H}" '
                   'stroke="#e2e2e2" stroke-width="1"/>' for t in _ticks(scale))
    px = _x(row.province, scale)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{_H}" '
           f'viewBox="0 0 {CHART_WIDTH} {_H}" aria-hidden="true">', grid,
           f'<line x1="{px:.1f}" x2="{px:.1f}" y1="0" y2="{_H}" stroke="#000" '
           'stroke-width="1.6"/>']
    x = _x(row.opd, scale)
    out.append(f'<rect x="{x - 4:.1f}" y="2.5" width="8" height="8" rx="4" ry="4" '
               'fill="#333"/>')
    if row.peers is not None:  # an outline over the dot: both stay visible when they meet
        x = _x(row.peers, scale)
        out.append(f'<polygon points="{x:.1f},1 {x + 5.5:.1f},6.5 {x:.1f},12 {x - 5.5:.1f},6.5" '
                   'fill="none" stroke="#000" stroke-width="1.1"/>')
    return "".join(out) + "</svg>"


def _axis(scale: tuple[float, float]) -> str:
    labels = "".join(f'<text x="{_x(t, scale):.1f}" y="10" font-size="8.5" '
                     f'text-anchor="middle" fill="#444">{t}</text>' for t in _ticks(scale))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="12" '
            f'viewBox="0 0 {CHART_WIDTH} 12" aria-hidden="true">{labels}</svg>')


def _legend(card: Card) -> str:
    marks = ("●", "│", "◇")
    return "Grafik: " + "   ".join(f"{m} {t}" for m, t in zip(marks, card.legend, strict=False))


def _values_table(card: Card) -> str:
    k = len(card.value_header)
    head = "".join(f"<th{' class=num' if j else ''}>{esc(h)}</th>"
                   for j, h in enumerate(card.value_header))
    out = [f'<table class="values"><thead><tr>{head}<th class="chart">'
           f"{esc(_legend(card))}</th></tr></thead><tbody>"]
    for r in card.values:
        cells = "".join(f"<td{' class=num' if j else ''}>{esc(c)}</td>"
                        for j, c in enumerate(r.cells))
        out.append(f'<tr>{cells}<td class="chart">{_dots(r, card.scale)}</td></tr>')
    out.append(f'</tbody><tfoot><tr><td colspan="{k}"></td><td class="chart">'
               f"{_axis(card.scale)}</td></tr></tfoot></table>")
    return "".join(out)


def _items_table(card: Card) -> str:
    head = "".join(f"<th{' class=num' if j > 1 else ''}>{esc(h)}</th>"
                   for j, h in enumerate(card.items_header))
    out = [f'<table class="items"><thead><tr>{head}</tr></thead>']
    groups = (("Kekuatan: skor tertinggi", card.strengths),
              ("Perlu diperbaiki: skor terendah", card.weakest))
    for title, lines in groups:
        if not lines:
            continue
        out.append(f'<tbody><tr class="grp"><th colspan="5">{esc(title)}</th></tr>')
        for it in lines:
            note = f'<br><span class="rev">{esc(it.note)}</span>' if it.note else ""
            nums = "".join(f'<td class="num">{esc(c)}</td>' for c in it.cells[1:])
            out.append(f"<tr><td>{esc(it.cells[0])}</td><td>{esc(it.statement)}{note}</td>"
                       f"{nums}</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return "".join(out)


def _block(b: CardTable) -> str:
    out = [f"<section class='blk'><h2>{esc(b.title)}</h2>"]
    out += [f"<p>{esc(s)}</p>" for s in b.sentences]
    if b.header:
        num = b.numeric or (False,) * len(b.header)
        cls = [" class=num" if x else "" for x in num]
        out.append("<table><thead><tr>" + "".join(
            f"<th{c}>{esc(h)}</th>" for c, h in zip(cls, b.header, strict=True))
            + "</tr></thead><tbody>")
        for r in b.rows:
            out.append("<tr>" + "".join(f"<td{c}>{esc(x)}</td>" for c, x in zip(
                cls, r, strict=True)) + "</tr>")
        out.append("</tbody></table>")
    return "".join(out) + "</section>"


def _facts(card: Card) -> str:
    out = ['<div class="facts">']
    for f in card.facts:
        lines = "".join(f"<p>{esc(x)}</p>" for x in f.lines)
        warn = f'<p class="w">Perhatian: {esc(f.warning)}</p>' if f.warning else ""
        out.append(f'<div class="fact"><p class="l">{esc(f.label)}</p>'
                   f'<p class="v">{esc(f.value)}</p>{lines}{warn}</div>')
    return "".join(out) + "</div>"


def render_html(card: Card, *, scale: float = 1.0) -> str:
    """The card as a complete HTML page (see the module docstring).

    ``scale`` (at most 1) shrinks the type of a long card so that it prints on one page
    (:func:`._card_pdf.fit_scale` measures it on the PDF layout).
    """
    out = [f"<h1>Rapor Budaya Kerja BerAKHLAK: {esc(card.name)}</h1>",
           f'<p class="sub">{esc(card.subtitle)}</p>', _facts(card)]
    if card.values:
        out.append("<h2>Tujuh nilai BerAKHLAK</h2>" + _values_table(card))
        out.append('<p class="note">' + " ".join(esc(s) for s in card.value_notes) + "</p>")
    if card.strengths or card.weakest:
        out.append("<h2>Perilaku terkuat dan terlemah</h2>" + _items_table(card))
        out.append(f'<p class="note">{esc(card.items_note)}</p>')
    out += [_block(b) for b in card.blocks]
    out.append('<section class="howto"><h2>Cara memakai rapor ini</h2><ul>'
               + "".join(f"<li>{_glossary_link(esc(s))}</li>" for s in card.how_to)
               + "</ul></section>")
    out.append('<footer class="note">' + " ".join(esc(s) for s in card.footer) + "</footer>")
    title = f"Rapor OPD {card.name} {card.year}"
    size = f"<style>body.card {{ font-size: {BASE_PT * scale:.2f}pt; }}</style>\n"
    return page(title, "\n".join(out), kind="card", head=size)


def _glossary_link(text: str) -> str:
    """The glossary named in "Cara memakai" as a link to its page."""
    return text.replace(esc(GLOSSARY_LINK),
                        f"<a href='../html/istilah.html'>{esc(GLOSSARY_LINK)}</a>")
