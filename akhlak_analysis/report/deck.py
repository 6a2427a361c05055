"""The slide deck for the Governor and the Sekda (``paparan_<year>.pptx``): the story in 9-13 slides.

Built by :func:`build_deck` from the saved (published) tables through
:func:`~akhlak_analysis.report.messages.build_messages`, the same messages as the start page.
Slides, in Bahasa Indonesia: title; the headline against the target; three to five key
messages; value scores with their change; favourable / neutral / unfavourable answers per
value; units that moved (with a previous year); units needing attention; units to learn from;
Rencana Aksi status (with action plans); the values to work on first (with outcome scales:
impact x score, :mod:`.insights`); priorities with what to do; what staff wrote (with an
open question); method and caveats. The headline and values slides set the organisation
against the median and top quartile of the published units; the national figure is context,
with its caveat, never a target.

Every text is at least 14 pt (:data:`~akhlak_analysis.report._pptx.MIN_PT`) and fitted to its
box; every chart is drawn for its slide (:mod:`akhlak_analysis.plots.slides`) at the size it
is placed, so its 14 pt labels stay 14 pt when projected. No code, English word or
unexplained abbreviation reaches a slide.

The file's bytes depend only on its content: fixed document dates, zip entries with fixed
timestamps, PNG charts without metadata.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..defaults import CONFIDENCE, MIN_N, TARGET, WEIGHTING
from ..instrument import Instrument, load_instrument
from ..plots import slides as charts
from . import names
from ._pptx import BLUE, GREY, MIN_PT, add_chart, add_table, add_text, row_height
from .artifacts import read_tables, write_deterministic_zip
from .insights import in_sentence
from .kernels import NOTEBOOK_DIR, notebook_title
from .messages import Messages, build_messages
from .wording import OrgWords, answer_words, count_text, join_names, num, organisation_words

__all__ = ["DeckInputs", "build_deck", "build_report_deck", "config_words", "skipped_parts"]

_W, _H = 13.333, 7.5          # 16:9 slide, inches
_TOP, _BOTTOM = 1.3, 6.85     # content area
_NOT_AVAILABLE = "Tidak tersedia untuk tahun ini."


@dataclass
class DeckInputs:
    """What the deck is made of.

    Attributes
    ----------
    year : int
        Report year.
    tables : dict of str to DataFrame
        The saved tables, keyed by name without the year (:mod:`.names`).
    instrument : str or Instrument
        The report year's instrument.
    title, organisation : str
        From the configuration.
    target : (float, float)
    min_group_size : int
    notes : dict of str to str
        Parts not shown and why (``"<notebook> · <section>"`` or ``"<notebook>.ipynb"`` ->
        Indonesian reason), for the method slide.
    confidence : float
    weighting : {"headcount", "none"}
    words : OrgWords, optional
        Level and unit words; by default from ``organisation``.
    """

    year: int
    tables: Mapping[str, pd.DataFrame]
    instrument: str | Instrument
    title: str = "Indeks Budaya Kerja ASN BerAKHLAK"
    organisation: str = ""
    target: tuple[float, float] = TARGET
    min_group_size: int = MIN_N
    notes: Mapping[str, str] = field(default_factory=dict)
    confidence: float = CONFIDENCE
    weighting: str = WEIGHTING
    words: OrgWords | None = None


# --------------------------------------------------------------------------- slide parts
def _slide(prs, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    add_text(slide, [title], 0.5, 0.25, _W - 1.0, 0.95, size=30, bold_first=True, colour=BLUE)
    return slide


def _footer(slide, text: str, page: str) -> None:
    add_text(slide, [text], 0.5, _H - 0.55, _W - 2.6, 0.45, size=MIN_PT, colour=GREY)
    add_text(slide, [page], _W - 1.9, _H - 0.55, 1.4, 0.45, size=MIN_PT, colour=GREY)


def _title_slide(prs, inputs: DeckInputs, m: Messages) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    add_text(slide, [f"{inputs.title} {inputs.year}"], 0.8, 2.0, _W - 1.6, 1.5, size=40,
             bold_first=True, colour=BLUE)
    lines = [inputs.organisation] if inputs.organisation else []
    lines.append(f"Hasil survei budaya kerja {inputs.year}: angka utama, {m.words.unit} yang "
                 "perlu perhatian, dan prioritas tindak lanjut")
    add_text(slide, lines, 0.8, 3.7, _W - 1.6, 2.0, size=22, colour=GREY)


def _headline_slide(prs, inputs: DeckInputs, m: Messages) -> None:
    slide = _slide(prs, "Angka utama: indeks dan target")
    h = m.headline
    if h is None:
        add_text(slide, [_NOT_AVAILABLE], 0.6, _TOP, _W - 1.2, 1.0)
        return
    r = h.last
    level = round(inputs.confidence * 100)
    add_text(slide, [num(r["culture_index"])], 0.5, _TOP - 0.1, 5.4, 1.3, size=66,
             bold_first=True, colour=BLUE)
    add_text(slide, [f"Indeks Budaya Kerja {m.words.area} {int(r['year'])}",
                     f"rentang {level}%: {num(r['ci_low'])} s.d. {num(r['ci_high'])}",
                     f"kategori {r['category']}"], 0.5, _TOP + 1.25, 5.4, 1.5, size=18)
    rows = h.rows[["year", "culture_index", "ci_low", "ci_high"]]
    add_chart(slide, charts.plot_index_gauge(rows, instrument=inputs.instrument,
                                             target=h.target, width=7.0, height=3.0),
              6.0, _TOP)
    add_text(slide, m.headline_lines[1:] + _benchmark_lines(m), 0.5, _TOP + 3.1, _W - 1.0,
             _BOTTOM - _TOP - 3.1, sizes=(18, 16, MIN_PT))


def _benchmark_lines(m: Messages) -> list[str]:
    """The index against the published units' median and top quartile, and the national
    figure as context (its caveat in full on the method slide)."""
    out = []
    b = m.benchmarks
    if b is not None and (b["measure"] == "culture_index").any():
        r = b[b["measure"] == "culture_index"].iloc[0]
        out.append(f"Pembanding: median {count_text(r['n_units'], m.words.unit)} yang "
                   f"dilaporkan {num(r['median'])}, kuartil atas (seperempat {m.words.unit} "
                   f"tertinggi) {num(r['top_quartile'])}.")
    if m.references:
        out.append(m.references[0].removesuffix(".") + " (cara hitung berbeda; lihat catatan "
                   "metode).")
    return out


def _key_slide(prs, m: Messages) -> None:
    slide = _slide(prs, "Pesan utama")
    lines = [f"{i}. {text}" for i, text in enumerate(m.key, 1)]
    add_text(slide, lines, 0.6, _TOP, _W - 1.2, _BOTTOM - _TOP, sizes=(22, 20, 18, 16, MIN_PT))


def _values_slide(prs, inputs: DeckInputs, m: Messages) -> None:
    slide = _slide(prs, "Skor tiap nilai BerAKHLAK")
    v = m.values
    if not len(v):
        add_text(slide, [_NOT_AVAILABLE], 0.6, _TOP, _W - 1.2, 1.0)
        return
    add_text(slide, [f"Skor resmi {m.year} (semua butir)"], 0.5, _TOP - 0.05, 5.8, 0.5,
             size=18, bold_first=True)
    bench = (m.benchmarks.set_index("measure") if m.benchmarks is not None
             else pd.DataFrame(columns=["median", "top_quartile", "n_units"]))
    left = 5.3 if len(bench) else 6.5
    add_chart(slide, charts.plot_value_scores(v, instrument=inputs.instrument,
                                              width=left - 0.5, height=5.0), 0.3, _TOP + 0.5)
    if "change" in v.columns:
        y1, y2 = m.headline.previous["year"], m.headline.last["year"]
        rows = [["Nilai", str(int(y1)), str(int(y2)), "Perubahan"]]
        for r in v.itertuples(index=False):
            word = ("bermakna" if r.significant else "belum bermakna")
            rows.append([r.name, num(r.before), num(r.after), f"{_signed(r.change)}, {word}"])
        caption = f"Perubahan sejak {int(y1)} (butir yang sama)"
        note = (f"Karena dihitung pada butir yang sama, skor {int(y2)} di tabel dapat berbeda "
                "sedikit dari skor resmi di grafik.")
        widths = (2.0, 0.75, 0.75, 2.0) if len(bench) else (2.3, 0.85, 0.85, 2.2)
    else:
        shares = m.shares.set_index("value")["pct_favourable"] if len(m.shares) else {}
        rows = [["Nilai", "Skor", "Kategori", "Mendukung"]]
        for r in v.itertuples(index=False):
            rows.append([r.name, num(r.score), r.category,
                         f"{num(shares.get(r.value, float('nan')))}%"])
        caption = f"Skor dan kategori {m.year}"
        note = ("Mendukung: persentase jawaban yang mendukung pada butir nilai itu (salindia "
                "berikut).")
        widths = (1.9, 0.75, 1.5, 1.55) if len(bench) else (2.1, 0.8, 1.55, 1.75)
    if len(bench):
        rows[0].append(f"{m.words.unit}: median (kuartil atas)")
        for row, code in zip(rows[1:], v["value"], strict=True):
            row.append(f"{num(bench.loc[code, 'median'])} ({num(bench.loc[code, 'top_quartile'])})"
                       if code in bench.index else "–")
        widths = (*widths, 1.75)
        note += (f" Median dan kuartil atas: skor resmi {m.year} dari "
                 f"{count_text(bench['n_units'].iloc[0], m.words.unit)} yang dilaporkan; "
                 "pembanding, bukan target.")
    add_text(slide, [caption], left, _TOP - 0.05, sum(widths), 0.5, size=18, bold_first=True)
    shape = add_table(slide, rows, left, _TOP + 0.5, widths, size=MIN_PT if len(bench) else 16)
    used = 0.5 + shape.height / 914400
    add_text(slide, [note], left, _TOP + used + 0.15, sum(widths), _BOTTOM - _TOP - used - 0.15,
             sizes=(16, MIN_PT), colour=GREY)


def _signed(x: float) -> str:
    text = num(x)
    return text if text.startswith("-") or text == num(0) else f"+{text}"


def _shares_slide(prs, inputs: DeckInputs, m: Messages) -> None:
    slide = _slide(prs, "Jawaban yang mendukung tiap nilai")
    if not len(m.shares):
        add_text(slide, [_NOT_AVAILABLE], 0.6, _TOP, _W - 1.2, 1.0)
        return
    add_chart(slide, charts.plot_answer_shares(m.shares, words=answer_words(inputs.instrument),
                                               width=12.3, height=4.9), 0.5, _TOP)
    low = m.shares.sort_values("pct_favourable").iloc[0]
    add_text(slide, [f"Persentase jawaban seluruh responden atas butir tiap nilai. "
                     f"Paling sedikit mendukung: {low['name']} "
                     f"({num(low['pct_favourable'])}%)."], 0.5, _TOP + 4.95, _W - 1.0, 0.6,
             sizes=(16, MIN_PT))


def _moves_slide(prs, inputs: DeckInputs, m: Messages) -> None:
    ch = inputs.tables[names.UNIT_CHANGE]
    ch = ch[ch["compared"].fillna(False).astype(bool) & ~ch["suppressed"].fillna(False)
            .astype(bool)]
    y1, y2 = (int(c.rsplit("_", 1)[1]) for c in sorted(
        c for c in ch.columns if c.startswith("culture_index_")))
    moves = pd.DataFrame({"name": ch["name"], "before": ch[f"culture_index_{y1}"],
                          "after": ch[f"culture_index_{y2}"],
                          "significant": ch["significant"].fillna(False).astype(bool)})
    moves["change"] = [round(round(b, 1) - round(a, 1), 1)
                       for a, b in zip(moves["before"], moves["after"], strict=True)]
    sig = moves[moves["significant"]]
    falls = sig[sig["change"] < 0].sort_values(["change", "name"])
    rises = sig[sig["change"] > 0].sort_values(["change", "name"], ascending=[False, True])
    slide = _slide(prs, f"{m.words.unit} yang berubah bermakna sejak {y1}")
    shown = pd.concat([falls, rises])
    k = charts.fit_rows([charts.wrap_name(n, 30) for n in shown["name"]], height=5.5)
    lines = [f"{count_text(len(rises), m.words.unit)} naik bermakna, {len(falls)} turun "
             f"bermakna, {len(moves) - len(sig)} belum berubah bermakna.",
             "Indeks pada butir yang sama di kedua tahun; bermakna setelah disesuaikan untuk "
             f"banyaknya {m.words.unit} yang dibandingkan."]
    if k < len(shown):
        lines.append(f"Grafik: semua yang turun dan kenaikan terbesar ({k} dari {len(shown)}); "
                     "daftar lengkap di berkas Excel.")
    add_text(slide, lines, 0.5, _TOP, 4.2, _BOTTOM - _TOP, sizes=(18, 16, MIN_PT))
    if k:
        add_chart(slide, charts.plot_unit_moves(shown.head(k), years=(y1, y2), width=8.3,
                                                height=5.5), 4.8, _TOP)


def _too_small(tables: Mapping[str, pd.DataFrame]) -> set[str]:
    """Units withheld for having too few respondents: never named on a slide."""
    opd = tables.get(names.OPD_INDEX)
    if opd is None or "suppression" not in opd.columns:
        return set()
    return set(opd.loc[opd["suppression"].astype("string").eq("primary").fillna(False),
                       "unit"].astype(str))


def _units_slide(prs, title: str, frame: pd.DataFrame, intro: str, m: Messages,
                 what: str, hide: set[str]) -> None:
    slide = _slide(prs, title)
    total, frame = len(frame), frame[~frame["unit"].astype(str).isin(hide)]
    if not len(frame):
        add_text(slide, [intro], 0.6, _TOP, _W - 1.2, 1.5, sizes=(20, 18))
        return
    add_text(slide, [intro], 0.5, _TOP - 0.05, _W - 1.0, 0.75, sizes=(18, 16, MIN_PT))
    widths, size = (3.4, 1.7, 7.2), 16
    header = [m.words.unit, f"Indeks {m.year}", what]
    rows, room = [header], _BOTTOM - _TOP - 1.2 - row_height(header, widths, size)
    for r in frame.itertuples(index=False):
        row = [r.name, num(r.culture_index) if pd.notna(r.culture_index) else "disembunyikan",
               r.reasons[:1].upper() + r.reasons[1:] + "."]
        room -= row_height(row, widths, size)
        if room < 0:
            break
        rows.append(row)
    add_table(slide, rows, 0.5, _TOP + 0.75, widths, size=size)
    if len(rows) - 1 < total:
        add_text(slide, [f"Dan {count_text(total - len(rows) + 1, m.words.unit)} lain: "
                         "daftar lengkap di halaman depan laporan."],
                 0.5, _BOTTOM - 0.5, _W - 1.0, 0.5, size=MIN_PT, colour=GREY)


def _plans_slide(prs, inputs: DeckInputs, m: Messages) -> None:
    plans = inputs.tables[names.ACTION_PLANS]
    slide = _slide(prs, "Tindak lanjut Rencana Aksi")
    red, yellow, green = (int(plans[c].sum()) for c in ("merah", "kuning", "hijau"))
    worst = plans[(plans["merah"] > 0) & ~plans["unit"].astype(str).isin(
        _too_small(inputs.tables))].sort_values(["merah", "kuning", "name"],
                                                ascending=[False, False, True])
    lines = [f"{count_text(int(plans['n_actions'].sum()), 'aksi')} dipantau: {green} hijau, "
             f"{yellow} kuning, {red} merah.",
             f"{count_text(len(worst), m.words.unit)} memiliki aksi merah (terlambat dan "
             "kemajuannya rendah)" + (f", tidak termasuk {m.words.unit} yang respondennya "
                                      "terlalu sedikit untuk disebut." if len(worst) < int(
                                          (plans["merah"] > 0).sum()) else ".")]
    k = charts.fit_rows([charts.wrap_name(n, 30) for n in worst["name"]], height=5.5)
    if len(worst):
        lines.append(f"Grafik: {m.words.unit} dengan aksi merah terbanyak"
                     + (f" ({k} dari {len(worst)})." if k < len(worst) else "."))
    add_text(slide, lines, 0.5, _TOP, 4.2, _BOTTOM - _TOP, sizes=(18, 16, MIN_PT))
    if k:
        add_chart(slide, charts.plot_action_status(worst.head(k), width=8.3, height=5.5),
                  4.8, _TOP)


def _priorities_slide(prs, m: Messages) -> None:
    slide = _slide(prs, "Prioritas: perilaku terlemah dan tindak lanjutnya")
    p = m.priorities
    if not len(p):
        add_text(slide, [_NOT_AVAILABLE], 0.6, _TOP, _W - 1.2, 1.0)
        return
    lines, bold = [], []
    for i, r in enumerate(p.itertuples(index=False)):
        block = [f"{i + 1}. {r.text} (nilai {r.value_name})",
                 f"{num(r.pct_favourable)}% jawaban mendukung perilaku ini. {r.advice}"]
        block += [r.note] if r.note else []
        lines += block
        bold += [True] + [False] * (len(block) - 1)
    add_text(slide, lines, 0.5, _TOP, _W - 1.0, _BOTTOM - _TOP, bold=bold,
             sizes=(20, 18, 16, MIN_PT))


def _drivers_slide(prs, m: Messages) -> None:
    """Impact x score: the values to work on first, one chart per outcome scale (at most
    two), the sentence saying which, and per outcome the interval and how sure."""
    d = m.drivers
    slide = _slide(prs, "Nilai yang perlu diperbaiki lebih dulu")
    add_text(slide, [d.sentence], 0.5, _TOP - 0.05, _W - 1.0, 0.85, sizes=(18, 16, MIN_PT))
    groups = [g for _, g in d.table.groupby("outcome", sort=False)][:2]
    lines = dict(zip(d.table["outcome"].drop_duplicates(), d.lines, strict=True))
    width = (_W - 1.0) / len(groups) - (0.15 if len(groups) > 1 else 6.0)
    for k, grp in enumerate(groups):
        x = 0.5 + k * (width + 0.3)
        title = f"Pendorong {grp['outcome_name'].iloc[0]}"
        add_chart(slide, charts.plot_priorities(grp, title=title, width=width, height=3.4),
                  x, _TOP + 0.85)
        box = (x, _TOP + 4.3, width, _BOTTOM - _TOP - 4.3) if len(groups) > 1 else \
            (x + width + 0.3, _TOP + 1.2, _W - 1.3 - width, 3.5)
        add_text(slide, [lines[grp["outcome"].iloc[0]]], *box, sizes=(16, MIN_PT))
    if len(groups) == 1:
        add_text(slide, [_priority_note(m)], 0.5 + width + 0.3, _TOP + 4.8, _W - 1.3 - width,
                 _BOTTOM - _TOP - 4.8, size=MIN_PT, colour=GREY)


def _priority_note(m: Messages) -> str:
    return ("Dampak: bagian dari skala hasil yang dijelaskan oleh nilai itu (bobot relatif). "
            "Garis putus-putus: dampak rata-rata dan skor rata-rata nilai.")


def _comments_slide(prs, m: Messages) -> None:
    """What staff wrote: themes with counts, tone in words, examples where allowed."""
    c = m.comments
    slide = _slide(prs, "Apa yang ditulis pegawai")
    add_text(slide, [c.key], 0.5, _TOP - 0.05, _W - 1.0, 0.9, sizes=(20, 18, 16))
    add_chart(slide, charts.plot_theme_counts(c.themes, width=5.6, height=4.6), 0.4,
              _TOP + 0.9)
    lines = ["Nada (indeks budaya kerja penulis dibanding seluruh responden):"]
    lines += [f"• {r.name}: {r.tone.split('penulisnya ', 1)[1]}"
              for r in c.themes.itertuples(index=False)]
    bold = [True] + [False] * (len(lines) - 1)
    if c.examples:
        lines.append("Contoh komentar (data pribadi sudah dihapus):")
        bold.append(True)
        for theme, text in c.examples:
            lines.append(f"“{text}” ({in_sentence(theme)})")
            bold.append(False)
    add_text(slide, lines, 6.3, _TOP + 0.9, _W - 6.8, _BOTTOM - _TOP - 0.9, bold=bold,
             sizes=(16, MIN_PT))


def skipped_parts(notes: Mapping[str, str], *, notebooks: str | Path = NOTEBOOK_DIR,
                  words: OrgWords | None = None) -> list[tuple[str, str]]:
    """The parts not shown, as (name in words, reason), from the runner's ``skipped``.

    Configuration keys quoted in a reason (with a parenthesis around them, if any) are left
    out: they are for the analyst, who finds them on the analysis pages. With ``words``, the
    word "provinsi" in a part's name or reason becomes the organisation's level word.

    >>> skipped_parts({"02_year_over_year · Tindak lanjut rencana aksi": "Bagian ini memerlukan "
    ...                "berkas Rencana Aksi (`action_plans` di konfigurasi); berkas itu tidak "
    ...                "disebut di konfigurasi."})
    [('Tindak lanjut rencana aksi', 'Bagian ini memerlukan berkas Rencana Aksi; berkas itu tidak disebut di konfigurasi.')]
    """
    out = []
    for key in sorted(notes):
        reason = str(notes[key]).replace("*Tidak ditampilkan.* ", "").replace("*", "")
        reason = re.sub(r"\s*\([^()]*`[^()]*\)", "", reason)  # a config key is not for readers
        reason = re.sub(r"\s*`[^`]*`", "", reason).strip()
        if " · " in key:
            name = key.split(" · ", 1)[1]
        elif key.endswith(".ipynb"):
            nb = Path(notebooks) / key
            name = notebook_title(nb) if nb.is_file() else "Satu halaman analisis"
        else:
            name = "Satu bagian analisis"
        if words is not None and words.area != "provinsi":
            name, reason = (re.sub(r"\b([Pp])rovinsi\b", lambda g: (words.area.capitalize() if
                                   g.group(1) == "P" else words.area), x) for x in (name, reason))
        out.append((name, reason))
    return out


def _design_words(tables: Mapping[str, pd.DataFrame], w: OrgWords) -> str:
    """The survey design of the headline interval, in words (from ``indeks_provinsi``)."""
    head = tables.get(names.HEADLINE)
    design = (str(head.sort_values("year").iloc[-1].get("design", "stratified"))
              if head is not None and len(head) else "stratified")
    if design == "stratified":
        return (f"memperhitungkan bahwa semua {w.unit} disurvei dan di tiap {w.unit} sebagian "
                "pegawai menjawab")
    if design == "cluster":
        return (f"memperlakukan {w.unit} yang menjawab sebagai sampel dari {w.unit} yang "
                "mungkin, sehingga rentangnya lebih lebar")
    return "memperhitungkan cara responden terpilih"


def _method_lines(inputs: DeckInputs, m: Messages) -> list[str]:
    ins, w = load_instrument(inputs.instrument), m.words
    level = round(inputs.confidence * 100)
    weighted = (f"dibobot jumlah pegawai tiap {w.unit}" if inputs.weighting == "headcount"
                else "rata-rata semua responden tanpa bobot")
    lines = [f"Skor tiap butir {ins.scale.min}–{ins.scale.max} diubah ke 0–100; skor nilai = "
             f"rata-rata butirnya; indeks = rata-rata {len(ins.value_codes)} nilai; indeks "
             f"{w.area} {weighted}.",
             f"Rentang {level}%: kisaran tempat indeks sebenarnya berada dengan keyakinan "
             f"{level}%; {_design_words(inputs.tables, w)}. \"Jelas di atas/di bawah\": "
             "seluruh rentang di satu sisi.",
             f"{w.unit} dan kelompok dengan kurang dari {inputs.min_group_size} responden tidak "
             "ditampilkan angkanya; sebagian lain ikut disembunyikan agar angka itu tidak dapat "
             "dihitung balik."]
    parts = skipped_parts(inputs.notes, words=w)
    if parts:
        lines.append("Tidak disajikan karena datanya tidak ada atau tidak dapat dihitung: "
                     + join_names([n for n, _ in parts], 8)
                     + " (alasannya di halaman depan laporan).")
    if m.references:
        lines.append(" ".join(m.references))
    lines += m.warnings
    lines.append("Laporan tidak memuat nomor induk pegawai (NIP), nama, alamat surel, atau nomor "
                 "telepon.")
    return lines


def _method_slide(prs, inputs: DeckInputs, m: Messages) -> None:
    slide = _slide(prs, "Cara membaca, metode, dan catatan mutu")
    add_text(slide, [f"• {x}" for x in _method_lines(inputs, m)], 0.5, _TOP, _W - 1.0,
             _BOTTOM - _TOP, sizes=(18, 16, MIN_PT))


# --------------------------------------------------------------------------- the deck
def _slides(prs, inputs: DeckInputs, m: Messages) -> None:
    t, w = inputs.tables, m.words
    _title_slide(prs, inputs, m)
    _headline_slide(prs, inputs, m)
    _key_slide(prs, m)
    _values_slide(prs, inputs, m)
    _shares_slide(prs, inputs, m)
    if t.get(names.UNIT_CHANGE) is not None and len(t[names.UNIT_CHANGE]):
        _moves_slide(prs, inputs, m)
    area = f"indeks {w.area}"
    _units_slide(prs, f"{w.unit} yang perlu perhatian", m.attention,
                 f"{count_text(len(m.attention), w.unit)} memenuhi sedikitnya satu alasan: indeks "
                 f"jelas di bawah {area}, turun bermakna, separuh aksi atau lebih merah, atau "
                 "tingkat respons rendah. Yang paling mendesak di atas." if len(m.attention)
                 else f"Tidak ada {w.unit} yang memenuhi alasan untuk perhatian khusus.", m,
                 "Mengapa perlu perhatian", _too_small(t))
    _units_slide(prs, f"{w.unit} yang dapat dijadikan contoh", m.learn_from,
                 f"{count_text(len(m.learn_from), w.unit)} dengan indeks jelas di atas {area} "
                 "atau naik bermakna: praktik baiknya layak dibagikan." if len(m.learn_from)
                 else f"Belum ada {w.unit} yang jelas di atas {area} atau naik bermakna.", m,
                 "Yang dapat dipelajari", _too_small(t))
    if t.get(names.ACTION_PLANS) is not None and len(t[names.ACTION_PLANS]):
        _plans_slide(prs, inputs, m)
    if m.drivers is not None:
        _drivers_slide(prs, m)
    _priorities_slide(prs, m)
    if m.comments is not None:
        _comments_slide(prs, m)
    _method_slide(prs, inputs, m)


def build_deck(inputs: DeckInputs, path: str | Path) -> Path:
    """Write the slide deck ``paparan_<year>.pptx`` (16:9, Indonesian, 9-13 slides).

    Parameters
    ----------
    inputs : DeckInputs
        Tables and settings (see :class:`DeckInputs`).
    path : str or Path
        Target ``.pptx``.

    Returns
    -------
    Path

    Notes
    -----
    Nine slides always (title, headline, key messages, values, answer shares, units
    needing attention, units to learn from, priorities, method), one more with a previous
    year (units that moved), one more with action plans, one more with outcome scales (the
    values to work on first) and one more with comments: nine to thirteen. The
    sentences come from :func:`~akhlak_analysis.report.messages.build_messages`. Document
    dates are fixed to 1 January of the report year and zip timestamps to 1980-01-01, so the
    same inputs give the same bytes.

    Examples
    --------
    >>> import tempfile
    >>> p = build_deck(DeckInputs(2025, {}, "berakhlak-2025"),
    ...                Path(tempfile.mkdtemp()) / "paparan_2025.pptx")
    >>> from pptx import Presentation
    >>> len(Presentation(p).slides)  # no change or action-plan slide without their tables
    9
    """
    import matplotlib.pyplot as plt
    from pptx import Presentation
    from pptx.util import Inches

    words = inputs.words or organisation_words(inputs.organisation)
    m = build_messages(inputs.tables, year=inputs.year, instrument=inputs.instrument,
                       target=inputs.target, confidence=inputs.confidence,
                       min_n=inputs.min_group_size, words=words)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(_W), Inches(_H)
    with plt.style.context("default"):
        _slides(prs, inputs, m)
    total = len(prs.slides)
    for i, slide in enumerate(prs.slides, 1):
        if i > 1:
            _footer(slide, f"{inputs.title} {inputs.year}", f"{i}/{total}")
    cp = prs.core_properties
    fixed = dt.datetime(int(inputs.year), 1, 1)
    cp.title = f"{inputs.title} {inputs.year}"
    cp.author = cp.last_modified_by = "akhlak-analysis"
    cp.created = cp.modified = cp.last_printed = fixed
    cp.revision = 1
    cp.language = "id-ID"
    buf = io.BytesIO()
    prs.save(buf)
    return write_deterministic_zip(buf.getvalue(), path)


def config_words(config) -> OrgWords:
    """The organisation's words from a configuration: its ``level`` and ``unit_word`` when
    it has them, else derived from ``organisation``."""
    return organisation_words(getattr(config, "organisation", ""),
                              level=getattr(config, "level", None),
                              unit_word=getattr(config, "unit_word", None))


def build_report_deck(folder: Path, *, config, year: int, skipped: dict[str, str]) -> Path:
    """The deck ``paparan_<year>.pptx`` from the saved tables in ``folder``."""
    inputs = DeckInputs(year=year, tables=read_tables(folder, year=year),
                        instrument=config.year(year).instrument, title=config.title,
                        organisation=config.organisation, target=tuple(config.target),
                        min_group_size=config.min_group_size, notes=skipped,
                        confidence=float(getattr(config, "confidence", CONFIDENCE)),
                        weighting=config.weighting, words=config_words(config))
    return build_deck(inputs, Path(folder) / f"paparan_{year}.pptx")
