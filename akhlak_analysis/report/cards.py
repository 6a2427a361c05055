"""OPD report cards (*rapor OPD*): one printable A4 page per OPD, as HTML and PDF.

A card is built from the tables the report already saves (:func:`~.artifacts.read_tables`
names): ``indeks_opd`` and ``indeks_provinsi`` (required), and when present
``perubahan_opd`` (change since last year), ``peringkat_opd`` (rank interval),
``area_perbaikan`` or ``butir_opd`` (weakest items), ``rencana_aksi`` (action-plan status),
``indeks_subunit`` (sub-units, with ``parent`` or a unit table) and ``indeks_kelompok_opd``
(groups: ``unit``, ``by``, ``group``, ``n``, ``culture_index``, ``suppressed``). The tables
must be the published ones, after :mod:`akhlak_analysis.stats.disclosure`: a suppressed OPD
gets no card, and a suppressed sub-unit or group shows "disembunyikan", never a figure.

Every sentence is generated from the data; numbers go through :func:`~.labels.format_number`
(decimal comma). The HTML page is self-contained (inline CSS and SVG, no external request);
the PDF is written with fpdf2 and a DejaVu font, with its creation date fixed to 31 December of
the report year and its file id derived from the content, so the bytes depend only on the data.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from ..instrument import Instrument, load_instrument
from ..labels import format_number
from . import names
from .artifacts import read_tables
from .pages import page

__all__ = ["Card", "build_card", "card_html", "card_pdf", "write_cards"]

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_BY_LABELS = {"gender": "Jenis kelamin", "age_band": "Kelompok umur",
              "tenure_band": "Masa kerja", "position_type": "Jenis jabatan",
              "employment": "Status kepegawaian", "grade": "Golongan"}
_HIDDEN = "disembunyikan"


@dataclass
class Card:
    """The content of one card: sentences and small tables, already in Indonesian."""

    code: str
    name: str
    year: int
    summary: list[str]
    values: list[tuple[str, float, float]]          # (value name, OPD score, province score)
    blocks: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    # (heading, sentences, table rows with the header first)


def _num(x: object, d: int = 1) -> str:
    return format_number(x, d)


def _row(table: pd.DataFrame | None, code: str) -> pd.Series | None:
    if table is None or "unit" not in table.columns:
        return None
    hit = table[table["unit"].astype(str) == code]
    return None if hit.empty else hit.iloc[0]


def _shown(row: pd.Series | None) -> bool:
    return row is not None and not bool(row.get("suppressed", False)) and pd.notna(
        row.get("culture_index", row.get("change", 0.0)))


def _province_row(tables: Mapping[str, pd.DataFrame], year: int) -> pd.Series:
    prov = tables[names.HEADLINE]
    if "year" in prov.columns:
        prov = prov[prov["year"] == year]
    if prov.empty:
        raise ValueError(f"{names.HEADLINE} has no row for {year}")
    return prov.iloc[0]


def _target_sentence(name: str, x: float, target: tuple[float, float]) -> str:
    lo, hi = target
    where = f"rentang target {_num(lo)}–{_num(hi)}"
    if lo <= x <= hi:
        return f"{name} berada dalam {where}."
    gap, side = (lo - x, "di bawah batas bawah") if x < lo else (x - hi, "di atas batas atas")
    amount = _num(gap) if _num(gap) != _num(0) else f"kurang dari {_num(0.1)}"
    return f"{name} berada {amount} poin {side} {where}."


def _value_sentences(values: list[tuple[str, float, float]]) -> list[str]:
    gaps = sorted(values, key=lambda v: v[1] - v[2])
    best = max(values, key=lambda v: v[1])
    worst = min(values, key=lambda v: v[1])
    out = [f"Nilai tertinggi {best[0]} ({_num(best[1])}), terendah {worst[0]} "
           f"({_num(worst[1])})."]
    below = [v for v in gaps if v[1] < v[2]]
    if below:
        v = below[0]
        out.append(f"Selisih terbesar di bawah provinsi: {v[0]}, {_num(v[2] - v[1])} poin "
                   f"({_num(v[1])} dibanding {_num(v[2])}); {len(below)} dari {len(values)} "
                   "nilai di bawah provinsi.")
    else:
        out.append(f"Semua {len(values)} nilai sama dengan atau di atas provinsi.")
    return out


def _change_block(row: pd.Series | None, year: int) -> tuple[str, list[str], list]:
    prev = year - 1
    if row is None or not _shown(row) or pd.isna(row.get("change")):
        why = ("tidak ada data tahun sebelumnya" if row is None or pd.isna(
            row.get(f"culture_index_{prev}", np.nan)) and not bool(row.get("suppressed", False))
            else "tidak ditampilkan (kelompok kecil)")
        return ("Perubahan sejak tahun lalu", [f"Perubahan dari {prev}: {why}."], [])
    ch = float(row["change"])
    word = "naik" if ch > 0 else "turun" if ch < 0 else "tetap"
    sig = ("bermakna secara statistik" if bool(row.get("significant", False))
           else "tidak bermakna secara statistik")
    text = (f"Dibanding {prev} ({_num(row[f'culture_index_{prev}'])}), indeks {word} "
            f"{_num(abs(ch))} poin menjadi {_num(row[f'culture_index_{year}'])}")
    if pd.notna(row.get("ci_low")) and pd.notna(row.get("ci_high")):
        text += f" (selang 95%: {_num(row['ci_low'])} s.d. {_num(row['ci_high'])})"
    return ("Perubahan sejak tahun lalu",
            [f"{text}; perubahan ini {sig}. Perbandingan memakai butir yang sama di kedua "
             "tahun, sehingga indeks tahun ini di sini dapat berbeda dari indeks di atas."], [])


def _rank_block(row: pd.Series | None, ranking: pd.DataFrame | None) -> tuple | None:
    if row is None or not _shown(row) or ranking is None:
        return None
    peers = int((~ranking["suppressed"].astype(bool)).sum()) if "suppressed" in ranking else len(
        ranking)
    text = (f"Peringkat {int(row['rank'])} dari {peers} OPD yang dilaporkan; dengan "
            f"memperhitungkan ketidakpastian, peringkatnya antara {int(row['rank_low'])} dan "
            f"{int(row['rank_high'])}.")
    return ("Peringkat di antara OPD", [text], [])


def _items_block(code: str, tables: Mapping[str, pd.DataFrame], ins: Instrument,
                 k: int = 3) -> tuple | None:
    """The weakest items: lowest scores of ``butir_opd``, else the ``area_perbaikan`` items."""
    items = tables.get(names.OPD_ITEMS)
    rows: list[tuple[str, float]] = []
    lowest = items is not None and {"unit", "item", "score"} <= set(items.columns)
    if lowest:
        sub = items[items["unit"].astype(str) == code].sort_values(["score", "item"])
        rows = [(str(i), float(s)) for i, s in zip(sub["item"], sub["score"], strict=True)]
    else:
        row = _row(tables.get(names.IMPROVEMENT), code)
        if row is None:
            return None
        for j in range(1, 10):
            text = row.get(f"item_{j}")
            if text is None or pd.isna(text):
                break
            rows.append((str(text).split(":")[0].strip(), float(row[f"item_{j}_score"])))
    rows = [(c, s) for c, s in rows if c in ins.item_codes][:k]
    if not rows:
        return None
    table = [["Butir", "Nilai", "Pernyataan"]]
    table += [[c, _num(s), ins.item(c).text] for c, s in rows]
    low = min(rows, key=lambda r: (r[1], r[0]))
    what = (f"{len(rows)} butir dengan skor terendah" if lowest else
            f"{len(rows)} butir area perbaikan (tabel Area perbaikan)")
    text = (f"{what}; skor terendah {low[0]} ({ins.value_name(ins.item(low[0]).value)}), "
            f"{_num(low[1])}.")
    return ("Butir terlemah", [text], table)


def _plan_block(row: pd.Series | None) -> tuple | None:
    if row is None:
        return None
    text = (f"{int(row['n_actions'])} aksi, {int(row['n_done'])} selesai "
            f"({_num(row['pct_done'])}%), rata-rata kemajuan {_num(row['mean_progress'])}%; "
            f"lampu: {int(row['merah'])} merah, {int(row['kuning'])} kuning, "
            f"{int(row['hijau'])} hijau.")
    return ("Status rencana aksi", [text], [])


def _subunit_block(code: str, table: pd.DataFrame | None, units, min_n: int) -> tuple | None:
    if table is None:
        return None
    parent = (table["parent"] if "parent" in table.columns else
              table["unit"].map(units.table.set_index("code")["parent"]) if units is not None
              else pd.Series(np.nan, index=table.index))
    sub = table[parent.astype("string") == code]
    if sub.empty:
        return None
    rows = [["Sub-unit", "Responden", "Indeks"]]
    hidden = 0
    for _, r in sub.sort_values("unit").iterrows():
        if _shown(r):
            rows.append([str(r.get("name", r["unit"])), _num(r["n"], 0), _num(r["culture_index"])])
        else:
            hidden += 1
            rows.append([str(r.get("name", r["unit"])), _HIDDEN, _HIDDEN])
    text = [f"{len(sub)} sub-unit" + (f"; {hidden} disembunyikan karena kelompok kecil "
                                      f"(kurang dari {min_n} responden atau pelindung "
                                      "kelompok kecil lain)." if hidden else ".")]
    return ("Sub-unit", text, rows)


def _group_block(code: str, table: pd.DataFrame | None, min_n: int) -> tuple | None:
    """One row per breakdown: ``Laki-laki 72,5 (31) · Perempuan disembunyikan``."""
    if table is None:
        return None
    sub = table[table["unit"].astype(str) == code]
    if sub.empty:
        return None
    rows = [["Kelompok", "Indeks (jumlah responden)"]]
    hidden = 0
    for by, g in sub.groupby("by", sort=True):
        parts = []
        for _, r in g.sort_values("group").iterrows():
            if _shown(r):
                parts.append(f"{r['group']} {_num(r['culture_index'])} ({_num(r['n'], 0)})")
            else:
                hidden += 1
                parts.append(f"{r['group']} {_HIDDEN}")
        rows.append([_BY_LABELS.get(str(by), str(by)), " · ".join(parts)])
    text = [f"Indeks per kelompok pegawai; {hidden} kelompok disembunyikan (kurang dari "
            f"{min_n} responden atau pelindung kelompok kecil lain)." if hidden
            else "Indeks per kelompok pegawai."]
    return ("Kelompok pegawai", text, rows)


def build_card(tables: Mapping[str, pd.DataFrame], code: str, *, year: int,
               instrument: str | Instrument, target: tuple[float, float], min_n: int,
               units=None) -> Card | None:
    """The content of one OPD's card, or None when the OPD is suppressed or absent.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The report's published tables (module docstring).
    code : str
        OPD code.
    year : int
    instrument : str or Instrument
        Value names and item statements.
    target : (float, float)
        Target range of the index.
    min_n : int
        The suppression threshold (named in the text).
    units : UnitTable, optional
        Parents of the sub-units when ``indeks_subunit`` has no ``parent`` column.

    Returns
    -------
    Card or None

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2025")
    >>> v = {c: 80.0 for c in ins.value_codes}
    >>> t = {"indeks_opd": pd.DataFrame([{"unit": "A", "name": "Dinas A", "n": 40,
    ...          "culture_index": 81.25, "ci_low": 79.0, "ci_high": 83.5,
    ...          "category": "Sehat", "suppressed": False, **v}]),
    ...      "indeks_provinsi": pd.DataFrame([{"year": 2025, "culture_index": 79.0, **v}])}
    >>> card = build_card(t, "A", year=2025, instrument=ins, target=(80, 90), min_n=10)
    >>> card.summary[0]
    'Indeks Budaya Kerja Dinas A tahun 2025: 81,2 (selang kepercayaan 95%: 79,0–83,5), kategori Sehat, dari 40 responden.'
    >>> card.summary[1]
    'Dinas A berada dalam rentang target 80,0–90,0.'
    """
    ins = load_instrument(instrument)
    row = _row(tables[names.OPD_INDEX], code)
    if not _shown(row):
        return None
    prov = _province_row(tables, year)
    name = str(row.get("name", code))
    x = float(row["culture_index"])
    summary = [f"Indeks Budaya Kerja {name} tahun {year}: {_num(x)} (selang kepercayaan 95%: "
               f"{_num(row['ci_low'])}–{_num(row['ci_high'])}), kategori {row['category']}, "
               f"dari {_num(row['n'], 0)} responden.",
               _target_sentence(name, x, target),
               f"Indeks provinsi {_num(prov['culture_index'])}; {name} "
               + (f"{_num(abs(x - prov['culture_index']))} poin "
                  + ("di atas" if x > prov["culture_index"] else "di bawah") + " provinsi."
                  if x != prov["culture_index"] else "sama dengan provinsi.")]
    values = [(ins.value_name(v), float(row[v]), float(prov[v])) for v in ins.value_codes]
    blocks = [("Nilai BerAKHLAK dibanding provinsi", _value_sentences(values),
               [["Nilai", name, "Provinsi"]] + [[v, _num(a), _num(b)] for v, a, b in values])]
    if names.UNIT_CHANGE in tables:
        blocks.append(_change_block(_row(tables[names.UNIT_CHANGE], code), year))
    for extra in (_rank_block(_row(tables.get(names.RANKING), code),
                              tables.get(names.RANKING)),
                  _subunit_block(code, tables.get(names.SUBUNIT_INDEX), units, min_n),
                  _group_block(code, tables.get(names.GROUP_INDEX), min_n),
                  _items_block(code, tables, ins),
                  _plan_block(_row(tables.get(names.ACTION_PLANS), code))):
        if extra is not None:
            blocks.append(extra)
    return Card(code, name, int(year), summary, values, blocks)


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------
def _svg_values(card: Card) -> str:
    """Value scores as bars (OPD) with the province as a tick, inline SVG, 0-100 scale."""
    left, width, step = 170, 430, 24
    height = step * len(card.values) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 50}" '
             f'height="{height}" role="img" aria-label="Nilai dibanding provinsi">']
    for i, (lab, opd, prov) in enumerate(card.values):
        y = 4 + i * step
        parts.append(f'<text x="{left - 6}" y="{y + 14}" font-size="11" text-anchor="end">'
                     f"{html.escape(lab)}</text>")
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{width * opd / 100:.2f}" '
                     f'height="15" fill="#2f6f9f"/>')
        px = left + width * prov / 100
        parts.append(f'<line x1="{px:.2f}" x2="{px:.2f}" y1="{y}" y2="{y + 21}" '
                     'stroke="#d0342c" stroke-width="2"/>')
        parts.append(f'<text x="{left + width * opd / 100 + 4:.2f}" y="{y + 15}" '
                     f'font-size="10">{html.escape(_num(opd))}</text>')
    for t in range(0, 101, 20):
        x = left + width * t / 100
        parts.append(f'<text x="{x:.2f}" y="{height - 4}" font-size="9" text-anchor="middle" '
                     f'fill="#666">{t}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_table(rows: list[list[str]]) -> str:
    head, *body = rows
    num = [j for j in range(len(head)) if body and all(
        r[j] == _HIDDEN or r[j].replace(".", "").replace(",", "").replace("-", "").isdigit()
        for r in body)]
    cls = [' class="num"' if j in num else "" for j in range(len(head))]
    out = ["<table><thead><tr>"]
    out += [f"<th{cls[j]}>{html.escape(h)}</th>" for j, h in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for r in body:
        out.append("<tr>" + "".join(f"<td{cls[j]}>{html.escape(c)}</td>"
                                    for j, c in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def card_html(card: Card) -> str:
    """The card as a self-contained HTML page (inline CSS and SVG; no external request).

    Examples
    --------
    >>> c = Card("A", "Dinas A", 2025, ["Kalimat."], [("Loyal", 80.0, 79.0)],
    ...          [("Nilai", ["Kalimat."], [["Nilai", "A"], ["Loyal", "80,0"]])])
    >>> page = card_html(c)
    >>> "<svg" in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")
    True
    """
    out = [f"<h1>Rapor Budaya Kerja BerAKHLAK: {html.escape(card.name)}</h1>",
           f'<p class="sub">Tahun {card.year} · kode {html.escape(card.code)}</p>']
    out += [f"<p>{html.escape(s)}</p>" for s in card.summary]
    for k, (head, text, rows) in enumerate(card.blocks):
        out.append(f"<h2>{html.escape(head)}</h2>")
        if k == 0:
            out.append(_svg_values(card))
            out.append('<p class="legend">Batang: OPD; garis merah: provinsi.</p>')
        out += [f"<p>{html.escape(s)}</p>" for s in text]
        if rows:
            out.append(_html_table(rows))
    return page(f"Rapor OPD {card.name} {card.year}", "\n".join(out), kind="card")


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------
def _pdf_document(year: int):
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_creation_date(datetime(year, 12, 31, tzinfo=timezone.utc))
    pdf.set_producer("akhlak-analysis")
    if (_FONT_DIR / "DejaVuSans.ttf").exists():
        pdf.add_font("DejaVu", "", str(_FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.font_family_name = "DejaVu"
    else:  # core font: Latin-1 only
        pdf.font_family_name = "Helvetica"
    return pdf


def _pdf_text(pdf, text: str) -> str:
    if pdf.font_family_name == "Helvetica":
        return text.replace("–", "-").replace("·", "-").encode("latin-1", "replace").decode(
            "latin-1")
    return text


def _pdf_bars(pdf, card: Card) -> None:
    left, width, step = pdf.l_margin + 52, 110, 5.2
    y0 = pdf.get_y() + 1
    pdf.set_font(pdf.font_family_name, "", 8)
    for i, (lab, opd, prov) in enumerate(card.values):
        y = y0 + i * step
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(50, 4, _pdf_text(pdf, lab), align="R")
        pdf.set_fill_color(47, 111, 159)
        pdf.rect(left, y + 0.5, width * opd / 100, 3.4, style="F")
        pdf.set_draw_color(208, 52, 44)
        pdf.set_line_width(0.5)
        x = left + width * prov / 100
        pdf.line(x, y - 0.2, x, y + 4.6)
        pdf.set_xy(left + width * opd / 100 + 1, y)
        pdf.cell(14, 4, _num(opd))
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(y0 + len(card.values) * step + 1)
    pdf.set_font(pdf.font_family_name, "", 7.5)
    pdf.cell(0, 4, "Batang: OPD; garis merah: provinsi (skala 0–100).",
             new_x="LMARGIN", new_y="NEXT")


def _pdf_table(pdf, rows: list[list[str]]) -> None:
    pdf.set_font(pdf.font_family_name, "", 8.5)
    with pdf.table(rows, text_align="LEFT", line_height=4.2, first_row_as_headings=True,
                   col_widths=_widths(rows), borders_layout="HORIZONTAL_LINES") as _:
        pass
    pdf.ln(1)


def _widths(rows: list[list[str]]) -> tuple[float, ...]:
    k = len(rows[0])
    if k == 3 and rows[0][2] == "Pernyataan":
        return (12, 12, 76)
    if k == 2:
        return (25, 75)
    return (60,) + (20,) * (k - 1)


def card_pdf(card: Card) -> bytes:
    """The card as a one-page A4 PDF (deterministic bytes).

    Examples
    --------
    >>> c = Card("A", "Dinas A", 2025, ["Kalimat."], [("Loyal", 80.0, 79.0)])
    >>> data = card_pdf(c)
    >>> data[:5], data == card_pdf(c)
    (b'%PDF-', True)
    """
    pdf = _pdf_document(card.year)
    pdf.set_title(_pdf_text(pdf, f"Rapor OPD {card.name} {card.year}"))
    pdf.add_page()
    fam = pdf.font_family_name
    pdf.set_font(fam, "B", 13)
    pdf.multi_cell(0, 6, _pdf_text(pdf, f"Rapor Budaya Kerja BerAKHLAK: {card.name}"),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fam, "", 8.5)
    pdf.cell(0, 5, _pdf_text(pdf, f"Tahun {card.year} · kode {card.code}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(fam, "", 9)
    for s in card.summary:
        pdf.multi_cell(0, 4.4, _pdf_text(pdf, s), new_x="LMARGIN", new_y="NEXT")
    for k, (head, text, rows) in enumerate(card.blocks):
        pdf.ln(1.5)
        pdf.set_font(fam, "B", 10)
        pdf.cell(0, 5.5, _pdf_text(pdf, head), border="B", new_x="LMARGIN", new_y="NEXT")
        if k == 0:
            _pdf_bars(pdf, card)
        pdf.set_font(fam, "", 9)
        for s in text:
            pdf.multi_cell(0, 4.4, _pdf_text(pdf, s), new_x="LMARGIN", new_y="NEXT")
        if rows and k > 0:
            _pdf_table(pdf, [[_pdf_text(pdf, c) for c in r] for r in rows])
    return bytes(pdf.output())


# --------------------------------------------------------------------------------------
# all cards
# --------------------------------------------------------------------------------------
def write_cards(tables: Mapping[str, pd.DataFrame], *, out_dir: str | Path, year: int,
                instrument: str | Instrument, target: tuple[float, float], min_n: int,
                units=None, pdf: bool = True) -> pd.DataFrame:
    """Write ``<out_dir>/opd/<CODE>.html`` and ``.pdf`` for every reportable OPD.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The report's published (suppressed) tables, as :func:`~.artifacts.read_tables`
        returns them; see the module docstring for the names used.
    out_dir : str or Path
        The report folder; cards go into its ``opd/`` folder, with ``opd/index.html``
        listing them.
    year, instrument, target, min_n, units :
        As :func:`build_card`.
    pdf : bool, default True
        Also write the PDFs.

    Returns
    -------
    DataFrame
        One row per OPD of ``indeks_opd``: ``unit``, ``name``, ``card`` (bool: written),
        ``html`` and ``pdf`` (paths relative to ``out_dir``, missing without a card),
        ``seconds`` (time to build and write it).

    Examples
    --------
    >>> import tempfile
    >>> ins = load_instrument("berakhlak-2025")
    >>> v = {c: 80.0 for c in ins.value_codes}
    >>> opd = pd.DataFrame([{"unit": "A", "name": "Dinas A", "n": 40, "culture_index": 81.2,
    ...     "ci_low": 79.0, "ci_high": 83.5, "category": "Sehat", "suppressed": False, **v},
    ...     {"unit": "B", "name": "Badan B", "suppressed": True}])
    >>> t = {"indeks_opd": opd, "indeks_provinsi": pd.DataFrame([{"culture_index": 79.0, **v}])}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = write_cards(t, out_dir=d, year=2025, instrument=ins, target=(80, 90),
    ...                       min_n=10)
    >>> out[["unit", "card", "html"]]
      unit   card        html
    0    A   True  opd/A.html
    1    B  False        <NA>
    """
    ins = load_instrument(instrument)
    folder = Path(out_dir) / "opd"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    opd = tables[names.OPD_INDEX].sort_values("unit")
    for code, name in zip(opd["unit"].astype(str), opd.get("name", opd["unit"]), strict=True):
        t0 = time.perf_counter()
        card = build_card(tables, code, year=year, instrument=ins, target=target, min_n=min_n,
                          units=units)
        rec = {"unit": code, "name": str(name), "card": card is not None, "html": pd.NA,
               "pdf": pd.NA}
        if card is not None:
            (folder / f"{code}.html").write_text(card_html(card), encoding="utf-8")
            rec["html"] = f"opd/{code}.html"
            if pdf:
                (folder / f"{code}.pdf").write_bytes(card_pdf(card))
                rec["pdf"] = f"opd/{code}.pdf"
        rec["seconds"] = time.perf_counter() - t0
        rows.append(rec)
    out = pd.DataFrame(rows)
    for c in ("html", "pdf"):
        out[c] = out[c].astype("string")
    (folder / "index.html").write_text(_index_page(out, year), encoding="utf-8")
    return out


def _index_page(cards: pd.DataFrame, year: int) -> str:
    shown = cards[cards["card"]]
    items = "".join(
        f'<li><a href="{html.escape(Path(h).name)}">{html.escape(n)}</a>'
        + (f' (<a href="{html.escape(Path(p).name)}">PDF</a>)' if pd.notna(p) else "") + "</li>"
        for n, h, p in zip(shown["name"], shown["html"], shown["pdf"], strict=True))
    hidden = len(cards) - len(shown)
    note = (f"<p>{hidden} OPD tanpa rapor: jumlah respondennya terlalu kecil untuk "
            "dilaporkan.</p>" if hidden else "")
    return page(f"Rapor OPD {year}", f"<h1>Rapor OPD {year}</h1><p>{len(shown)} rapor OPD.</p>"
                f"{note}<ul>{items}</ul>")


def write_report_cards(folder: str | Path, *, config, year: int,
                       units=None):
    """The OPD report cards ``opd/<CODE>.html`` and ``.pdf`` from the saved (published) tables.

    Parameters
    ----------
    folder : str or Path
        The report folder (``tables/`` inside); the cards go to ``opd/``.
    config : AnalysisConfig
    year : int
    units : UnitTable, optional
        Parents of the sub-units.

    Returns
    -------
    DataFrame or None
        :func:`~akhlak_analysis.report.cards.write_cards`' table (one row per OPD, ``card``
        False for a hidden OPD), or None when the OPD index or the headline was not saved.
    """
    tables = read_tables(folder, year=year)
    if names.OPD_INDEX not in tables or names.HEADLINE not in tables:
        return None
    return write_cards(tables, out_dir=folder, year=year,
                       instrument=config.year(year).instrument, target=tuple(config.target),
                       min_n=config.min_group_size, units=units)
