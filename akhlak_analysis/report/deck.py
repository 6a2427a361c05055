"""The slide deck for officials (``paparan_<year>.pptx``), built from the report's artifacts.

The deck is assembled by :func:`build_deck` from the tables and charts the notebooks saved
(:mod:`akhlak_analysis.report.artifacts`); nothing is computed twice. Slides, in Bahasa Indonesia:
title, headline index and category against the target, score per value, OPD ranking with
intervals, biggest movers, action-plan status, areas for improvement, method note. A slide
whose table or chart is missing (e.g. no previous year) says so instead of failing.

The file's bytes depend only on its content: the document properties carry fixed dates and
the zip entries fixed timestamps, in the order python-pptx writes them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..defaults import CONFIDENCE, TARGET, WEIGHTING
from ..instrument import Instrument, load_instrument
from ..labels import format_number
from . import names
from .artifacts import read_tables, write_deterministic_zip

__all__ = ["DeckInputs", "build_deck", "build_report_deck", "deck_facts"]

_W, _H = 13.333, 7.5  # 16:9 slide, inches
_BLUE = (0x1F, 0x4E, 0x79)
_GREY = (0x55, 0x55, 0x55)


@dataclass
class DeckInputs:
    """What the deck is made of.

    Attributes
    ----------
    year : int
        Report year.
    tables : dict of str to DataFrame
        Tables saved by the notebooks, keyed by name without the year (``indeks_provinsi``,
        ``peringkat_opd``, ``perubahan_opd``, ``rencana_aksi``, ``area_perbaikan``, ...).
    figures : dict of str to Path
        PNG charts keyed by name without the year (``indeks_provinsi``, ``indeks_per_nilai``,
        ``peringkat_opd``, ``perubahan_opd``, ``rencana_aksi``).
    instrument : str or Instrument
        The year's instrument (value names).
    title, organisation : str
        From the configuration.
    target : (float, float)
    min_group_size : int
    seed : int
    notes : dict of str to str
        Why a notebook or section was not run (name -> Indonesian reason), for the method
        slide.
    confidence : float
        Interval level of the report.
    weighting : {"headcount", "none"}
        How the province index is weighted (for the method slide).
    design : str
        The design of the headline interval in words (for the method slide).
    """

    year: int
    tables: Mapping[str, pd.DataFrame]
    figures: Mapping[str, Path]
    instrument: str | Instrument
    title: str = "Indeks Budaya Kerja ASN BerAKHLAK"
    organisation: str = ""
    target: tuple[float, float] = TARGET
    min_group_size: int = 10
    seed: int | None = None
    notes: Mapping[str, str] = field(default_factory=dict)
    confidence: float = CONFIDENCE
    weighting: str = WEIGHTING
    design: str = "OPD sebagai strata dengan koreksi populasi terbatas"


def _num(x, d: int = 1) -> str:
    return format_number(x, d, "id")


def _signed(x, d: int = 1) -> str:
    return ("+" if x > 0 else "") + _num(x, d)


def _policy_line(tables, min_n: int) -> str:
    """The disclosure policy in one sentence, with the counts of ``penyembunyian`` if saved."""
    text = (f"Unit dan kelompok dengan responden kurang dari {min_n} tidak ditampilkan "
            "nilainya (tetap dihitung di tingkat provinsi); unit atau kelompok lain ikut "
            "disembunyikan sebagai pelindung agar angka yang tersembunyi tidak dapat dihitung "
            "balik dari tabel lain, tingkat lain, atau tahun lain.")
    summ = tables.get(names.SUPPRESSION)
    if summ is not None and {"primary", "secondary"} <= set(summ.columns):
        text += (f" Laporan ini: {int(summ['primary'].sum())} baris kelompok kecil, "
                 f"{int(summ['secondary'].sum())} baris pelindung.")
    return text


def deck_facts(inputs: DeckInputs) -> dict[str, list[str]]:
    """The sentences on each slide, from the saved tables (Indonesian, decimal comma).

    Parameters
    ----------
    inputs : DeckInputs

    Returns
    -------
    dict of str to list of str
        Slide key (``headline``, ``values``, ``ranking``, ``movers``, ``plans``,
        ``improvement``, ``method``) -> bullet lines. ``movers`` (needs a previous year) and
        ``plans`` (needs action plans) are absent when their table is, and the deck then has
        no such slide; any other slide whose table is missing gets one line saying so.

    Examples
    --------
    >>> h = pd.DataFrame({"year": [2025], "culture_index": [78.2], "ci_low": [77.0],
    ...                   "ci_high": [79.4], "category": ["Sehat"], "n": [5000],
    ...                   "response_rate": [0.61], "gap_to_target_low": [-1.8]})
    >>> f = deck_facts(DeckInputs(2025, {"indeks_provinsi": h}, {}, "berakhlak-2025"))
    >>> f["headline"][0]
    'Indeks Budaya Kerja 2025: 78,2 (IK 95%: 77,0 s.d. 79,4), kategori Sehat.'
    >>> f["headline"][1]
    'Target 80-90: belum tercapai, kurang 1,8 poin dari batas bawah.'
    >>> "movers" in f, "plans" in f
    (False, False)
    """
    ins = load_instrument(inputs.instrument)
    t = inputs.tables
    ik = f"IK {round(inputs.confidence * 100)}%"
    facts = _headline_facts(inputs, ins, ik)
    facts["ranking"] = _ranking_facts(t.get(names.RANKING), inputs.min_group_size)
    for key, table, make in (("movers", names.UNIT_CHANGE, _mover_facts),
                             ("plans", names.ACTION_PLANS, _plan_facts)):
        if t.get(table) is not None and len(t[table]):  # no slide without its table
            facts[key] = make(t[table])
    facts["improvement"] = _improvement_facts(t.get(names.IMPROVEMENT))
    facts["method"] = _method_facts(inputs, ins)
    return facts


_ABSENT = "Tidak tersedia."
_NOT_AVAILABLE = "Tidak tersedia untuk tahun ini."


def _headline_facts(inputs: DeckInputs, ins, ik: str) -> dict[str, list[str]]:
    """The headline slide (index, target, previous year, change, n) and the value slide."""
    t = inputs.tables
    head = t.get(names.HEADLINE)
    if head is None or not len(head):
        return {"headline": [_ABSENT], "values": [_ABSENT]}
    lo, hi = inputs.target
    band = f"{_num(lo, 0)}-{_num(hi, 0)}"
    h = head.sort_values("year")
    r = h.iloc[-1]
    lines = [f"Indeks Budaya Kerja {int(r['year'])}: {_num(r['culture_index'])} "
             f"({ik}: {_num(r['ci_low'])} s.d. {_num(r['ci_high'])}), "
             f"kategori {r['category']}."]
    gap = float(r["culture_index"]) - lo
    if gap < 0:
        lines.append(f"Target {band}: belum tercapai, kurang {_num(-gap)} poin dari batas "
                     "bawah.")
    elif float(r["culture_index"]) <= hi:
        lines.append(f"Target {band}: tercapai.")
    else:
        lines.append(f"Target {band}: terlampaui.")
    if len(h) > 1:
        p = h.iloc[-2]
        lines.append(f"Tahun {int(p['year'])}: {_num(p['culture_index'])}, kategori "
                     f"{p['category']} (indeks resmi tiap tahun, semua butir instrumennya).")
    change = t.get(names.PROVINCE_CHANGE)
    if change is not None and len(change):
        c = change.iloc[0]
        verdict = "bermakna" if bool(c.get("significant", False)) else "belum bermakna"
        lines.append(f"Perubahan pada butir yang sama: {_signed(c['change'])} poin "
                     f"({ik}: {_num(c['ci_low'])} s.d. {_num(c['ci_high'])}), {verdict}.")
    lines.append(f"Responden dengan indeks (semua nilai terjawab): {_num(r['n'], 0)}; "
                 f"tingkat respons {_num(100 * float(r['response_rate']))}%.")
    vals = sorted(((ins.value_name(v, "id"), float(r[v])) for v in ins.value_codes
                   if v in r.index), key=lambda kv: kv[1])
    values = ([f"Tertinggi: {vals[-1][0]} ({_num(vals[-1][1])}); terendah: "
               f"{vals[0][0]} ({_num(vals[0][1])})."] if vals else [_ABSENT])
    return {"headline": lines, "values": values}


def _ranking_facts(rank: pd.DataFrame | None, min_n: int) -> list[str]:
    """The ranking slide: the top three with rank intervals, ties with the first, counts."""
    if rank is None or not len(rank):
        return [_NOT_AVAILABLE]
    shown = rank[~rank["suppressed"].astype(bool)].sort_values("rank")
    lines = ["Peringkat 1-3: " + "; ".join(
        f"{row['name']} ({_num(row['eb_index'])}, peringkat {int(row['rank_low'])}-"
        f"{int(row['rank_high'])})" for _, row in shown.head(3).iterrows()) + "."]
    if len(shown):
        first = shown.iloc[0]
        overlap = int((shown["rank_low"] <= int(first["rank_high"])).sum()) - 1
        lines.append(f"{overlap} OPD lain tidak dapat dibedakan dari peringkat pertama "
                     "(interval peringkat tumpang tindih).")
    n_sup = int(rank["suppressed"].astype(bool).sum())
    lines.append(f"{len(shown)} OPD diperingkat; {n_sup} OPD tidak diperingkat "
                 f"(responden di bawah {min_n}, atau disembunyikan sebagai "
                 "pelindung kelompok kecil).")
    return lines


def _mover_facts(moves: pd.DataFrame) -> list[str]:
    """The movers slide: counts of significant rises and falls, the five largest of each."""
    m = moves[moves["compared"].astype(bool) & ~moves["suppressed"].astype(bool)]
    sig = m[m["significant"].astype(bool)].sort_values("change")
    ups, downs = sig[sig["change"] > 0][::-1].head(5), sig[sig["change"] < 0].head(5)
    lines = [f"{len(sig[sig['change'] > 0])} OPD naik bermakna, "
             f"{len(sig[sig['change'] < 0])} OPD turun bermakna, "
             f"{len(m) - len(sig)} OPD belum berubah bermakna."]
    lines += [f"Naik: {r_['name']} {_signed(r_['change'])}" for _, r_ in ups.iterrows()]
    lines += [f"Turun: {r_['name']} {_signed(r_['change'])}" for _, r_ in downs.iterrows()]
    return lines


def _plan_facts(plans: pd.DataFrame) -> list[str]:
    """The action-plan slide: actions per traffic light, the OPDs with most red actions."""
    n = int(plans["n_actions"].sum())
    red, yellow, green = (int(plans[c].sum()) for c in ("merah", "kuning", "hijau"))
    lines = [f"{n} aksi dipantau: {green} hijau, {yellow} kuning, {red} merah."]
    worst = plans[plans["merah"] > 0].head(5)
    if len(worst):
        lines.append("Aksi merah terbanyak: " + "; ".join(
            f"{r_['name']} ({int(r_['merah'])})" for _, r_ in worst.iterrows()) + ".")
    return lines


def _improvement_facts(areas: pd.DataFrame | None) -> list[str]:
    """The improvement slide: the most frequent weakest value, the three lowest-ranked OPDs."""
    if areas is None or not len(areas):
        return [_NOT_AVAILABLE]
    counts = areas["weakest_value"].value_counts()
    lines = ["Nilai dengan kekurangan terbesar terhadap provinsi, paling sering: "
             + ", ".join(f"{v} ({int(k)} OPD)" for v, k in counts.head(3).items()) + ".",
             "OPD dengan peringkat terendah dan nilai yang paling perlu diperbaiki:"]
    for _, r_ in areas.tail(3).iloc[::-1].iterrows():
        item = r_.get("item_1")
        lines.append(f"{r_['name']}: {r_['weakest_value']} ({_signed(r_['gap'])} poin)"
                     + (f"; butir {str(item).split(':')[0]}" if isinstance(item, str)
                        else ""))
    return lines


def _method_facts(inputs: DeckInputs, ins) -> list[str]:
    """The method slide: scoring, design, disclosure, ranking, privacy, seed, absent parts."""
    weighted = ("dibobot jumlah pegawai per OPD" if inputs.weighting == "headcount"
                else "tanpa pembobotan (rerata responden)")
    method = [
        f"Skor butir {ins.scale.min}-{ins.scale.max} diubah ke 0-100; skor nilai = rerata "
        f"butirnya; indeks = rerata {len(ins.value_codes)} nilai; indeks provinsi {weighted}.",
        f"Interval {round(inputs.confidence * 100)}% mengikuti desain survei: {inputs.design}.",
        _policy_line(inputs.tables, inputs.min_group_size),
        "Peringkat memakai indeks disesuaikan (empirical Bayes) dengan interval peringkat; "
        "perubahan antartahun diukur pada butir yang sama dan dikoreksi untuk banyak OPD (FDR).",
        "Tidak ada NIP, nama, email, atau nomor HP dalam laporan; responden dikenali dengan kode "
        "samaran.",
    ]
    if inputs.seed is not None:
        method.append(f"Benih acak {inputs.seed}: laporan yang sama dari data yang sama.")
    if inputs.notes:  # one line, so the slide's text stays inside its box
        shown = [k.split(" · ", 1)[-1] for k in sorted(inputs.notes)]
        method.append("Tidak ditampilkan karena masukannya tidak ada: " + "; ".join(shown)
                      + " (alasannya di halaman laporan dan manifest.json).")
    return method


# --------------------------------------------------------------------------- drawing
def _rgb(c):
    from pptx.dml.color import RGBColor

    return RGBColor(*c)


def _text(slide, lines, left, top, width, height, *, size=18, bold_first=False,
          colour=(0, 0, 0)):
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = line
        p.font.size = Pt(size)
        p.font.color.rgb = _rgb(colour)
        p.font.bold = bold_first and i == 0
        p.space_after = Pt(6)
    return box


def _title(slide, text: str, year: int, footer: str = "Indeks Budaya Kerja") -> None:
    _text(slide, [text], 0.5, 0.3, _W - 1.0, 0.9, size=30, bold_first=True, colour=_BLUE)
    _text(slide, [f"{footer} {year}"], 0.5, _H - 0.55, 8, 0.4, size=11, colour=_GREY)


def _picture(slide, path: Path | None, left, top, width, height) -> bool:
    from PIL import Image
    from pptx.util import Inches

    if path is None or not Path(path).is_file():
        return False
    with Image.open(path) as im:
        w, h = im.size
    scale = min(width / w, height / h)
    pw, ph = w * scale, h * scale
    slide.shapes.add_picture(str(path), Inches(left + (width - pw) / 2),
                             Inches(top + (height - ph) / 2), Inches(pw), Inches(ph))
    return True


def _headline_numbers(inputs: DeckInputs) -> tuple[str, str]:
    head = inputs.tables.get(names.HEADLINE)
    if head is None or not len(head):
        return "–", "Indeks belum tersedia"
    r = head.sort_values("year").iloc[-1]
    return _num(r["culture_index"]), f"Kategori {r['category']} · {int(r['year'])}"


def _content_slide(prs, title, year, lines, figure=None, *, text_width=5.2, top=1.4,
                   footer="Indeks Budaya Kerja"):
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, title, year, footer)
    if figure is not None and Path(figure).is_file():
        _text(slide, lines, 0.5, top, text_width, _H - top - 0.8, size=16)
        _picture(slide, figure, text_width + 0.8, 1.3, _W - text_width - 1.3, _H - 2.0)
    else:
        _text(slide, lines, 0.5, top, _W - 1.0, _H - top - 0.8, size=17)
    return slide


#: full chart -> its slide version (top and bottom units only), made by the same notebook
_SLIDE_FIGURES = {names.FIG_RANKING: names.FIG_RANKING_SLIDE,
                  names.FIG_UNIT_CHANGE: names.FIG_UNIT_CHANGE_SLIDE,
                  names.FIG_ACTION_PLANS: names.FIG_ACTION_PLANS_SLIDE}


def build_deck(inputs: DeckInputs, path: str | Path) -> Path:
    """Write the slide deck ``paparan_<year>.pptx`` (16:9, Indonesian).

    Parameters
    ----------
    inputs : DeckInputs
        Tables, charts and settings (see :class:`DeckInputs`).
    path : str or Path
        Target ``.pptx``.

    Returns
    -------
    Path

    Notes
    -----
    Slides: (1) title; (2) headline index, category and distance to the target, with the
    index-per-year chart; (3) score per value; (4) OPD ranking with rank intervals;
    (5) biggest movers; (6) action-plan status; (7) areas for improvement; (8) method note.
    The sentences come from :func:`deck_facts`. Document dates are fixed to 1 January of the
    report year and zip timestamps to 1980-01-01, so the same inputs give the same bytes.

    Examples
    --------
    >>> import tempfile
    >>> p = build_deck(DeckInputs(2025, {}, {}, "berakhlak-2025"),
    ...                Path(tempfile.mkdtemp()) / "paparan_2025.pptx")
    >>> from pptx import Presentation
    >>> len(Presentation(p).slides)  # no change or action-plan slide without their tables
    6
    """
    from pptx import Presentation
    from pptx.util import Inches

    facts = deck_facts(inputs)
    fig = dict(inputs.figures)
    for full, short in _SLIDE_FIGURES.items():  # the slide version, else the full chart
        fig.setdefault(short, fig.get(full))
    y = inputs.year
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(_W), Inches(_H)

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _text(slide, [f"{inputs.title} {y}"], 0.8, 2.2, _W - 1.6, 1.2, size=40, bold_first=True,
          colour=_BLUE)
    _text(slide, [inputs.organisation, "Paparan hasil survei dan evaluasi budaya kerja"],
          0.8, 3.6, _W - 1.6, 1.5, size=22, colour=_GREY)

    slide = _content_slide(prs, "Angka utama: indeks dan target", y, facts["headline"][1:],
                           fig.get(names.FIG_HEADLINE), top=2.9, footer=inputs.title)
    big = _headline_numbers(inputs)
    _text(slide, [big[0]], 0.5, 1.2, 5.2, 1.0, size=54, bold_first=True, colour=_BLUE)
    _text(slide, [big[1]], 0.5, 2.2, 5.2, 0.6, size=18, bold_first=True, colour=_GREY)
    _content_slide(prs, "Skor tiap nilai BerAKHLAK", y, facts["values"],
                   fig.get(names.FIG_VALUES), text_width=3.6, footer=inputs.title)
    _content_slide(prs, "Peringkat OPD dengan interval", y, facts["ranking"],
                   fig.get(names.FIG_RANKING_SLIDE), text_width=4.6, footer=inputs.title)
    if "movers" in facts:  # no slide without a previous year
        _content_slide(prs, "OPD dengan perubahan terbesar", y, facts["movers"],
                       fig.get(names.FIG_UNIT_CHANGE_SLIDE), text_width=5.4, footer=inputs.title)
    if "plans" in facts:  # no slide without action plans
        _content_slide(prs, "Tindak lanjut rencana aksi", y, facts["plans"],
                       fig.get(names.FIG_ACTION_PLANS_SLIDE), text_width=4.6, footer=inputs.title)
    _content_slide(prs, "Area perbaikan", y, facts["improvement"], footer=inputs.title)
    _content_slide(prs, "Catatan metode", y, facts["method"], footer=inputs.title)

    cp = prs.core_properties
    fixed = dt.datetime(int(y), 1, 1)
    cp.title = f"{inputs.title} {y}"
    cp.author = cp.last_modified_by = "akhlak-analysis"
    cp.created = cp.modified = cp.last_printed = fixed
    cp.revision = 1
    cp.language = "id-ID"
    buf = io.BytesIO()
    prs.save(buf)
    return write_deterministic_zip(buf.getvalue(), path)


def build_report_deck(folder: Path, *, config, year: int, skipped: dict[str, str]) -> Path:
    """The deck ``paparan_<year>.pptx`` from the saved tables and charts in ``folder``."""
    figures = {p.stem[: -len(f"_{year}")]: p
               for p in sorted((folder / "figures").glob(f"*_{year}.png"))}
    inputs = DeckInputs(year=year, tables=read_tables(folder, year=year), figures=figures,
                        instrument=config.year(year).instrument, title=config.title,
                        organisation=config.organisation, target=tuple(config.target),
                        min_group_size=config.min_group_size, seed=config.seed, notes=skipped,
                        confidence=float(getattr(config, "confidence", CONFIDENCE)),
                        weighting=config.weighting)
    return build_deck(inputs, folder / f"paparan_{year}.pptx")
