"""The words and figures of one OPD report card, from the indexed published tables.

Every sentence is generated from the data, the settings and the instrument; numbers go through
:func:`~akhlak_analysis.labels.format_number` (decimal comma). A hidden figure is never shown:
a hidden sub-unit or group reads "disembunyikan" with one wording that is true whether it was
too small or withheld to protect another (saying which would tell an attacker which counts are
small), and an OPD withheld by disclosure control gets a card that says what is withheld and
why, with what is public (name, type, headcount, action plan, the policy).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ..labels import format_number
from ..stats.comments import themes_by_code
from . import names, phrases
from ._card_inputs import CardInputs, CardSettings
from ._card_model import Card, CardTable, Fact, ItemLine, ValueRow, natural_key
from .insights import COMMENTS_MIN_N, DRIVERS_MIN_N, in_sentence, outcome_name, theme_name
from .wording import join_names
from .workbook import WORKBOOK_SHEETS

__all__ = ["GLOSSARY_LINK", "HIDDEN", "HIDDEN_WHY", "MAX_SUBUNITS", "build_content", "reverse_note"]

HIDDEN = "disembunyikan"
#: why a figure is hidden: true both for a small group and for one withheld to protect another
HIDDEN_WHY = "terlalu sedikit responden atau melindungi kelompok lain"
_BY_LABELS = {"gender": "Jenis kelamin", "age_band": "Kelompok usia",
              "tenure_band": "Masa kerja", "position_type": "Jenis jabatan",
              "employment": "Status kepegawaian", "grade": "Golongan"}
#: most sub-units listed on the card (the workbook lists every one)
MAX_SUBUNITS = 12
_K_ITEMS = 3

#: the last line of "Cara memakai" names the glossary page (a link in the HTML card)
GLOSSARY_LINK = "Daftar istilah (html/istilah.html)"


def _num(x: object, d: int = 1) -> str:
    return format_number(x, d)


def _signed(x: float) -> str:
    text = _num(x)
    return f"+{text}" if x > 0 and text != _num(0) else text


def _missing(x: object) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _hidden(row: dict) -> bool:
    flag = row.get("suppressed", False)
    return True if _missing(flag) else bool(flag)


def _shown(row: dict | None, col: str = "culture_index") -> bool:
    return row is not None and not _hidden(row) and not _missing(row.get(col))


def _printed(x: float) -> float:
    """The value as printed (one decimal): differences are taken of printed numbers."""
    return round(float(x), 1)


# --------------------------------------------------------------------------------------
# key figures
# --------------------------------------------------------------------------------------
def _index_fact(s: CardSettings, row: dict) -> Fact:
    x = float(row["culture_index"])
    lines = [f"kategori {row['category']}"] if not _missing(row.get("category")) else []
    warn = ""
    lo, hi = row.get("ci_low"), row.get("ci_high")
    if not _missing(lo) and not _missing(hi):
        lines.append(f"dengan keyakinan {_num(100 * s.confidence, 0)}%: antara {_num(lo)} "
                     f"dan {_num(hi)}")
        cats = list(dict.fromkeys(s.instrument.categorize([float(lo), float(hi)])))
        if len(cats) > 1:
            warn = f"rentang ini melewati batas {' dan '.join(cats)}; kategorinya belum pasti."
    return Fact(f"Indeks Budaya Kerja {s.year}", _num(x), tuple(lines), warn)


def _target_fact(s: CardSettings, x: float) -> Fact:
    lo, hi = s.target
    label = f"Target {_num(lo, 0)}–{_num(hi, 0)}"
    if lo <= x <= hi:
        return Fact(label, "tercapai", ("indeks dalam rentang target",))
    gap = abs(_printed(x) - (lo if x < lo else hi))
    where = f"di bawah batas bawah {_num(lo, 0)}" if x < lo else f"di atas batas atas {_num(hi, 0)}"
    amount = _num(gap) if _num(gap) != _num(0) else f"< {_num(0.1)}"
    return Fact(label, f"{amount} poin", (where,))


def _response_fact(s: CardSettings, row: dict) -> Fact:
    n, hc, rate = row.get("n"), row.get("headcount"), row.get("response_rate")
    if _missing(rate) and not _missing(n) and not _missing(hc) and float(hc) > 0:
        rate = float(n) / float(hc)
    if _missing(rate):
        return Fact("Responden", _num(n, 0), ("jumlah pegawai tidak tercatat",))
    warn = ""
    if float(rate) < s.low_response:
        warn = (f"kurang dari {_num(100 * s.low_response, 0)}% pegawai menjawab; hasil ini "
                "mungkin tidak mewakili seluruh pegawai.")
    return Fact("Tingkat respons", f"{_num(100 * float(rate), 0)}%",
                (f"{_num(n, 0)} dari {_num(hc, 0)} pegawai menjawab",), warn)


def _change_fact(inp: CardInputs, code: str) -> Fact | None:
    s, row = inp.settings, inp.change.get(code)
    prev = inp.previous_year
    if not inp.change or prev is None:
        return None
    label = f"Perubahan sejak {prev}"
    if row is None:
        return Fact(label, "–", (f"tidak ada data {prev}",))
    kinds = [k for k in str(row.get("note_kind") or "").split(",")
             if k in ("renamed", "merged")]
    note = phrases.change_note(",".join(kinds), predecessors=str(row.get("predecessors") or ""),
                               previous_year=prev) if kinds else ""
    if _hidden(row):
        return Fact(label, "–", tuple(x for x in (f"{HIDDEN} ({HIDDEN_WHY})", note) if x))
    a, b = row.get(f"culture_index_{prev}"), row.get(f"culture_index_{s.year}")
    if _missing(a) or _missing(b) or _missing(row.get("change")):
        return Fact(label, "–", tuple(x for x in (f"tidak ada data {prev}", note) if x))
    lines = [f"{prev}: {_num(a)} → {s.year}: {_num(b)}"]
    if inp.items_compared and inp.items_compared != len(s.instrument.item_codes):
        lines.append(f"pada {inp.items_compared} butir yang sama di kedua tahun")
    lines.append("bermakna secara statistik" if bool(row.get("significant", False))
                 else "belum bermakna secara statistik")
    return Fact(label, _signed(_printed(b) - _printed(a)),
                tuple(lines + ([note] if note else [])))


def _rank_fact(inp: CardInputs, code: str) -> Fact | None:
    row = inp.ranking.get(code)
    if row is None or _hidden(row) or _missing(row.get("rank")):
        return None
    lines = [f"dari {inp.ranked} {inp.settings.unit_word} yang dilaporkan"]
    if not _missing(row.get("rank_low")) and not _missing(row.get("rank_high")):
        lines.append(f"mengingat ketidakpastian: antara peringkat {int(row['rank_low'])} "
                     f"dan {int(row['rank_high'])}")
    return Fact("Peringkat", str(int(row["rank"])), tuple(lines))


# --------------------------------------------------------------------------------------
# the seven values
# --------------------------------------------------------------------------------------
def _value_favourable(inp: CardInputs, code: str) -> dict[str, float]:
    """% favourable per value: favourable answers over answers to the value's items."""
    fav: dict[str, float] = {}
    answers: dict[str, float] = {}
    for r in inp.items.get(code, ()):
        p, w = r.get("pct_favourable"), r.get("n_answered")
        if _hidden(r) or _missing(p) or _missing(w) or _missing(r.get("value")):
            continue
        v = str(r["value"])
        fav[v] = fav.get(v, 0.0) + float(p) * float(w)
        answers[v] = answers.get(v, 0.0) + float(w)
    return {v: fav[v] / answers[v] for v in fav if answers[v] > 0}


def _value_changes(inp: CardInputs, code: str) -> dict[str, tuple[float, bool]]:
    return {str(r["value"]): (float(r["change"]), bool(r.get("significant", False)))
            for r in inp.value_change.get(code, ())
            if not _hidden(r) and not _missing(r.get("change"))}


def _favourable_words(s: CardSettings) -> str:
    sc = s.instrument.scale
    lab = sc.labels.get(sc.type, {})
    fav = [lab.get(c, str(c)) for c in range(sc.favourable_min, sc.max + 1)]
    unfav = [lab.get(c, str(c)) for c in range(sc.min, sc.min + sc.max - sc.favourable_min + 1)]
    return (f"Positif: persentase jawaban {' atau '.join(fav)} (untuk pernyataan negatif: "
            f"{' atau '.join(unfav)}).")


def _values(inp: CardInputs, code: str, row: dict, card: Card) -> None:
    s, ins, prov = inp.settings, inp.settings.instrument, inp.province
    kind = inp.opd_type.get(code)
    count, med, top = inp.peers.get(kind, (0, None, None)) if kind else (0, None, None)
    peers = med if count >= s.min_peers else None
    fav, chg = _value_favourable(inp, code), _value_changes(inp, code)
    header = ["Nilai", "OPD ini", s.level.capitalize()]
    header += [f"Median {s.unit_word} sejenis", "Kuartil atas sejenis"] if peers is not None \
        else []
    header += ["Positif (%)"] if fav else []
    header += [f"Perubahan sejak {inp.previous_year}"] if chg else []
    rows = []
    for v in ins.value_codes:
        cells = [ins.value_name(v), _num(row[v]), _num(prov[v])]
        cells += [_num(peers[v]), _num(top[v])] if peers is not None else []
        cells += [_num(fav.get(v, math.nan), 0)] if fav else []
        if chg:
            c = chg.get(v)
            cells.append("" if c is None else _signed(c[0]) + ("*" if c[1] else ""))
        rows.append(ValueRow(tuple(cells), float(row[v]), float(prov[v]),
                             None if peers is None else float(peers[v])))
    card.value_header, card.values = tuple(header), rows
    card.legend = tuple(header[1:3]) + ((header[3],) if peers is not None else ())
    marks = [m for r in rows for m in (r.opd, r.province, r.peers) if m is not None]
    card.scale = (max(0.0, 10.0 * math.floor((min(marks) - 1.0) / 10.0)), 100.0)
    card.value_notes = _value_notes(inp, kind, count, rows, bool(fav), bool(chg))


def _value_notes(inp: CardInputs, kind: str | None, count: int, rows: list[ValueRow],
                 fav: bool, chg: bool) -> list[str]:
    s = inp.settings
    names = [r.cells[0] for r in rows]
    hi = max(range(len(rows)), key=lambda i: (rows[i].opd, -i))
    lo = min(range(len(rows)), key=lambda i: (rows[i].opd, i))
    out = [f"Tertinggi {names[hi]} ({_num(rows[hi].opd)}), terendah {names[lo]} "
           f"({_num(rows[lo].opd)})."]
    gaps = [(_printed(r.opd) - _printed(r.province), n) for r, n in zip(rows, names, strict=True)]
    below = sorted((g, n) for g, n in gaps if g < 0)
    if below:
        out.append(f"{len(below)} dari {len(rows)} nilai di bawah {s.level}; selisih terbesar "
                   f"{below[0][1]} ({_num(below[0][0])} poin).")
    else:
        out.append(f"Semua nilai sama dengan atau di atas {s.level}.")
    if kind and count >= s.min_peers:
        out.append(f"Median {s.unit_word} sejenis: nilai tengah {count} {s.unit_word} berjenis "
                   f"{kind} yang dilaporkan (termasuk {s.unit_word} ini); kuartil atas: skor "
                   f"yang dicapai seperempat {s.unit_word} sejenis tertinggi. Pembanding, "
                   "bukan target.")
    elif kind:
        out.append(f"Perbandingan dengan {s.unit_word} sejenis tidak ditampilkan: hanya "
                   f"{count} {kind} yang dilaporkan (paling sedikit {s.min_peers}).")
    if fav:
        out.append(_favourable_words(s))
    if chg:
        out.append("Perubahan per nilai pada butir yang sama di kedua tahun; * bermakna "
                   "secara statistik.")
    return out


# --------------------------------------------------------------------------------------
# strengths and weakest behaviours
# --------------------------------------------------------------------------------------
def _they(statement: str) -> str | None:
    """A first-person statement in the third person (``saya`` -> ``mereka``), or None."""
    s = statement.strip().rstrip(".")
    out = re.sub(r"\b[Ss]aya\b", "mereka", s)
    if out == s:
        return None
    return out[:1].lower() + out[1:] if out[:2] != out[:2].upper() else out


def reverse_note(statement: str, s: CardSettings, *, low: bool) -> str:
    """What the score of a negatively worded (reverse-keyed) item means, in words."""
    they = _they(statement)
    agree = "setuju" if s.instrument.scale.type == "agreement" else "menjawab ya"
    what = f"bahwa {they}" if they else "dengan pernyataan ini"
    if low:
        return f"Pernyataan negatif: skor rendah berarti banyak pegawai {agree} {what}."
    return f"Pernyataan negatif: skor tinggi berarti sebagian besar pegawai tidak {agree} {what}."


def _item_rows(inp: CardInputs, code: str) -> tuple[list[tuple], bool]:
    ins = inp.settings.instrument
    known = set(ins.item_codes)
    if inp.items:
        rows = [(str(r["item"]), float(r["score"]), float(r.get("province_score", math.nan)),
                 float(r.get("pct_favourable", math.nan)))
                for r in inp.items.get(code, ())
                if not _hidden(r) and not _missing(r.get("score")) and str(r["item"]) in known]
        return sorted(rows, key=lambda r: (r[1], r[0])), True
    row = inp.improvement.get(code)
    rows = []
    for j in range(1, 10):
        text = None if row is None else row.get(f"item_{j}")
        if _missing(text):
            break
        c = str(text).split(":")[0].strip()
        if c in known:
            rows.append((c, float(row[f"item_{j}_score"]), math.nan, math.nan))
    return rows, False


def _item_line(s: CardSettings, r: tuple, *, low: bool) -> ItemLine:
    ins = s.instrument
    it = ins.item(r[0])
    note = reverse_note(it.text, s, low=low) if it.reverse else ""
    return ItemLine((r[0], _num(r[1]), _num(r[2]), _num(r[3], 0)),
                    f"{ins.value_name(it.value)}: {it.text}", note)


def _items(inp: CardInputs, code: str, card: Card) -> None:
    s = inp.settings
    rows, full = _item_rows(inp, code)
    if not rows:
        return
    weak = rows[:_K_ITEMS]
    strong = [r for r in reversed(rows) if r not in weak][:_K_ITEMS] if full else []
    card.items_header = ("Butir", "Nilai dan pernyataan", "Skor", s.level.capitalize(),
                         "Positif (%)")
    card.weakest = [_item_line(s, r, low=True) for r in weak]
    card.strengths = [_item_line(s, r, low=False) for r in strong]
    card.items_note = ("Skor butir 0–100, dari jawaban pegawai OPD ini; kolom "
                       f"{s.level.capitalize()}: skor butir yang sama di seluruh {s.level}."
                       if full else "Butir dari tabel Area perbaikan (selisih terbesar di "
                       f"bawah {s.level}).")


# --------------------------------------------------------------------------------------
# sub-units, groups, action plan
# --------------------------------------------------------------------------------------
def _label(r: dict, key: str) -> str:
    return str(r[key]) if not _missing(r.get(key)) else str(r.get("unit", ""))


def _subunit_block(inp: CardInputs, code: str) -> CardTable | None:
    recs = sorted(inp.subunits.get(code, ()), key=lambda r: natural_key(_label(r, "name")))
    if not recs:
        return None
    rows, hidden = [], 0
    for r in recs[:MAX_SUBUNITS]:
        if _shown(r):
            rows.append((_label(r, "name"), _num(r["n"], 0), _num(r["culture_index"]),
                         "" if _missing(r.get("category")) else str(r["category"])))
        else:
            hidden += 1
            rows.append((_label(r, "name"), HIDDEN, "", ""))
    text = [f"{len(recs)} sub-unit."]
    if len(recs) > MAX_SUBUNITS:
        sheet = WORKBOOK_SHEETS.get(names.SUBUNIT_INDEX, names.SUBUNIT_INDEX)
        text = [f"{MAX_SUBUNITS} dari {len(recs)} sub-unit (urut nama); semuanya ada di berkas "
                f"Excel tabel indeks, lembar {sheet}."]
    if hidden:
        text.append(f"{HIDDEN.capitalize()}: {HIDDEN_WHY}.")
    return CardTable("Sub-unit (bidang, UPT)", tuple(text),
                     ("Sub-unit", "Responden", "Indeks", "Kategori"), tuple(rows),
                     (False, True, True, False))


def _group_block(inp: CardInputs, code: str) -> CardTable | None:
    recs = [r for r in inp.groups.get(code, ()) if not _missing(r.get("by"))]
    if not recs:
        return None
    order = {b: i for i, b in enumerate(_BY_LABELS)}
    by_kind: dict[str, list[dict]] = {}
    for r in recs:
        by_kind.setdefault(str(r["by"]), []).append(r)
    rows, hidden = [], 0
    for by in sorted(by_kind, key=lambda b: (order.get(b, len(order)), b)):
        parts = []
        for r in sorted(by_kind[by], key=lambda r: natural_key(r["group"])):
            if _shown(r):
                parts.append(f"{r['group']} {_num(r['culture_index'])} ({_num(r['n'], 0)})")
            else:
                hidden += 1
                parts.append(f"{r['group']} {HIDDEN}")
        rows.append((_BY_LABELS.get(by, by), " · ".join(parts)))
    text = ["Indeks per kelompok pegawai (jumlah responden dalam kurung)."]
    if hidden:
        text.append(f"{HIDDEN.capitalize()}: {HIDDEN_WHY}.")
    return CardTable("Kelompok pegawai", tuple(text), ("Kelompok", "Indeks (responden)"),
                     tuple(rows), (False, False))


def _driver_sentence(inp: CardInputs, code: str) -> str | None:
    """The OPD's own priority values where it has key drivers of its own, else the
    organisation's, in one sentence (None without the driver tables)."""
    own = inp.priorities.get(code)
    rows = own if own else inp.province_priorities
    if not rows:
        return None
    ins, s = inp.settings.instrument, inp.settings
    parts = []
    for o in dict.fromkeys(r["outcome"] for r in rows):
        focus = sorted((r for r in rows if r["outcome"] == o and r["quadrant"] == "focus"),
                       key=lambda r: r["priority_rank"])
        what = (join_names([f"{ins.value_name(r['predictor'])} (dampak "
                            f"{_num(r['impact'], 0)}%)" for r in focus], 7) if focus else
                "tidak ada nilai yang berdampak besar sekaligus berskor rendah")
        parts.append(f"untuk {outcome_name(o, ins).lower()}: {what}")
    if own:
        n = max((int(r["n"]) for r in inp.drivers.get(code, ()) if not _missing(r.get("n"))),
                default=0)
        who = (f"Menurut analisis pendorong {s.unit_word} ini"
               + (f" ({_num(n, 0)} responden berskor lengkap)" if n else ""))
    else:
        who = (f"Nilai yang perlu diperbaiki lebih dulu di seluruh {s.level} ({s.unit_word} ini "
               f"tidak mendapat analisis sendiri: perlu sedikitnya {DRIVERS_MIN_N} responden "
               "berskor lengkap)")
        return f"{who}: " + "; ".join(parts) + "."
    return f"{who}, perbaiki lebih dulu " + "; ".join(parts) + "."


def _comment_sentence(inp: CardInputs, code: str) -> str | None:
    """The OPD's most frequent comment themes where it has at least ``COMMENTS_MIN_N``
    comments and its row is published; else why not (None without the comment tables)."""
    if not inp.comments:
        return None
    row = inp.comments.get(code)
    if row is None or _hidden(row) or _missing(row.get("n_comments")) \
            or int(row["n_comments"]) < COMMENTS_MIN_N:
        return (f"Tema komentar pegawai tidak ditampilkan: kurang dari {COMMENTS_MIN_N} "
                "komentar, atau disembunyikan untuk melindungi kelompok lain.")
    topics = [c for c, x in themes_by_code().items() if x.family == "topic"
              and not _missing(row.get(c)) and float(row[c]) > 0]
    top = sorted(topics, key=lambda c: (-float(row[c]), c))[:3]
    listed = join_names([f"{in_sentence(theme_name(c))} ({_num(row[c], 0)}%)" for c in top], 3)
    return (f"Komentar pegawai: {_num(row['n_comments'], 0)} komentar berisi; yang paling "
            f"sering dibahas: {listed}.")


def _insight_block(inp: CardInputs, code: str) -> CardTable | None:
    drv, com = _driver_sentence(inp, code), _comment_sentence(inp, code)
    title = " dan ".join(x for x, y in (("Prioritas perbaikan", drv), ("komentar pegawai", com))
                         if y)
    return CardTable(title[:1].upper() + title[1:], tuple(x for x in (drv, com) if x)) \
        if drv or com else None


def _plan_block(inp: CardInputs, code: str) -> CardTable | None:
    if not inp.plans:
        return None
    row = inp.plans.get(code)
    if row is None:
        return CardTable("Rencana aksi", ("Tidak ada rencana aksi yang tercatat untuk "
                                          f"{inp.settings.unit_word} ini.",))
    text = [f"{int(row['n_actions'])} aksi, {int(row['n_done'])} selesai "
            f"({_num(row['pct_done'], 0)}%), rata-rata kemajuan {_num(row['mean_progress'], 0)}%; "
            f"lampu: {int(row['merah'])} merah, {int(row['kuning'])} kuning, "
            f"{int(row['hijau'])} hijau."]
    if int(row["merah"]):
        text.append("Bahas lebih dulu aksi berlampu merah (lewat tenggat dan tertinggal jauh).")
    return CardTable("Rencana aksi", tuple(text))


# --------------------------------------------------------------------------------------
# the whole card
# --------------------------------------------------------------------------------------
def _how_to(s: CardSettings) -> list[str]:
    return [
        f"Mulailah dari indeks dan kategorinya. Rentang keyakinan "
        f"{_num(100 * s.confidence, 0)}% menunjukkan ketelitian angka: makin sedikit "
        "responden, makin lebar rentangnya.",
        f"Bandingkan setiap nilai dengan {s.level} dan dengan {s.unit_word} sejenis. Selisih "
        "kecil bisa terjadi karena kebetulan; perhatikan nilai yang tertinggal jauh.",
        "Bahas perilaku terlemah bersama pimpinan unit dan pegawai, lalu tuangkan langkah "
        "perbaikannya ke dalam Rencana Aksi; pantau aksi berlampu merah dan kuning.",
        "Peringkat hanya petunjuk kasar: lihat rentang peringkatnya, bukan angka tunggalnya.",
        "Angka kelompok kecil disembunyikan untuk melindungi kerahasiaan responden; jangan "
        "mencoba menebak siapa yang menjawab.",
        f"Arti istilah ada di {GLOSSARY_LINK} laporan.",
    ]


def _bands(s: CardSettings) -> str:
    bands = sorted(s.instrument.bands, key=lambda b: -b.lower)
    parts = [f"{b.label()} ≥ {_num(b.lower, 0)}" for b in bands[:-1]]
    parts.append(f"{bands[-1].label()} < {_num(bands[-1].upper, 0)}")
    return ", ".join(parts)


def _short_policy(s: CardSettings) -> str:
    return (f"Kelompok dengan kurang dari {s.min_n} responden disembunyikan; beberapa kelompok "
            "lain ikut disembunyikan agar angka kelompok kecil tidak dapat dihitung balik.")


def _footer(inp: CardInputs, *, withheld: bool) -> list[str]:
    s = inp.settings
    org = f", {s.organisation}" if s.organisation else ""
    out = [f"Sumber: Survei Budaya Kerja ASN BerAKHLAK {s.year}{org}. Skor 0–100; kategori: "
           f"{_bands(s)}."]
    return out if withheld else out + [_short_policy(s)]


def _subtitle(inp: CardInputs, code: str, row: dict) -> str:
    parts = [inp.opd_type.get(code, "")]
    if not _missing(row.get("headcount")):
        parts.append(f"{_num(row['headcount'], 0)} pegawai")
    parts += [f"kode {code}", f"tahun {inp.settings.year}"]
    return " · ".join(p for p in parts if p)


def _withheld(inp: CardInputs, code: str, row: dict, card: Card) -> None:
    s = inp.settings
    card.withheld = True
    card.facts = [Fact("Indeks Budaya Kerja", HIDDEN, (HIDDEN_WHY,))]
    if not _missing(row.get("headcount")):
        card.facts.append(Fact("Jumlah pegawai", _num(row["headcount"], 0),
                               ("menurut tabel unit kerja",)))
    what = ["indeks, rentang keyakinan dan kategorinya", "tujuh nilai BerAKHLAK",
            "jumlah responden dan tingkat respons"]
    what += [f"perubahan sejak {inp.previous_year}"] if inp.change and inp.previous_year else []
    what += ["peringkat", "butir terkuat dan terlemah", "sub-unit dan kelompok pegawai"]
    policy = (phrases.policy_text(s.min_n, primary=inp.hidden_counts[0],
                                  secondary=inp.hidden_counts[1])
              if inp.hidden_counts is not None else _short_policy(s))
    card.blocks = [CardTable("Angka yang disembunyikan", (
        f"Untuk {s.unit_word} ini tidak ditampilkan: {', '.join(what)}.",
        f"Alasannya: {HIDDEN_WHY}. Rapor tidak menyebutkan alasan mana yang berlaku, karena "
        "keterangan itu sendiri dapat membantu menebak jumlah responden kelompok kecil.",
        f"Jawaban pegawai {s.unit_word} ini tetap dihitung dalam indeks {s.level} "
        f"({_num(inp.province['culture_index'])}).", policy))]
    plan = _plan_block(inp, code)
    card.blocks += [plan] if plan is not None else []
    card.how_to = [
        "Bahas Rencana Aksi bersama pimpinan unit dan pegawai; pantau aksi berlampu merah dan "
        "kuning.",
        f"Gunakan hasil {s.level} dan rapor {s.unit_word} sejenis sebagai acuan perbaikan.",
        "Angka yang disembunyikan melindungi kerahasiaan responden; jangan mencoba "
        "menebaknya."]


def build_content(inp: CardInputs, code: str) -> Card:
    """The card of unit ``code`` (a row of the published OPD table)."""
    row = inp.opd[code]
    name = _label(row, "name") if not _missing(row.get("name")) else code
    card = Card(code, name, inp.settings.year, subtitle=_subtitle(inp, code, row))
    card.how_to = _how_to(inp.settings)
    if not _shown(row):
        _withheld(inp, code, row, card)
        card.footer = _footer(inp, withheld=True)
        return card
    x = float(row["culture_index"])
    facts = [_index_fact(inp.settings, row), _target_fact(inp.settings, x),
             _response_fact(inp.settings, row), _change_fact(inp, code), _rank_fact(inp, code)]
    card.facts = [f for f in facts if f is not None]
    _values(inp, code, row, card)
    _items(inp, code, card)
    card.blocks = [b for b in (_insight_block(inp, code), _subunit_block(inp, code),
                               _group_block(inp, code), _plan_block(inp, code))
                   if b is not None]
    card.footer = _footer(inp, withheld=False)
    return card
