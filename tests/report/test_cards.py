"""OPD report cards: content from the published tables, hidden figures never shown, the same
wording for every hidden group, withheld OPDs with a card, one A4 page, deterministic, fast."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.errors import DataError
from akhlak_analysis.labels import format_number
from akhlak_analysis.report import _card_fonts, cards
from akhlak_analysis.report._card_content import HIDDEN_WHY
from akhlak_analysis.report._card_model import natural_key
from akhlak_analysis.report.cards import Card, build_card, card_html, card_pdf, write_cards
from akhlak_analysis.report.drilldown import opd_items
from akhlak_analysis.report.interactive import interactive_html
from akhlak_analysis.stats.disclosure import hierarchy_from_units, suppress
from tests.conftest import SAMPLE

INS = ak.load_instrument("berakhlak-2025")
V = INS.value_codes
KW = {"year": 2025, "instrument": INS, "target": (80, 90), "min_n": 10}
LEAK = 12.34  # a figure left (wrongly) in hidden rows: it must never reach a card


def _units() -> UnitTable:
    codes = ["A", "B", "C", "D", "E", "F"]
    return UnitTable(pd.DataFrame({
        "code": codes + ["A-1", "A-2", "A-3"],
        "name": ["Dinas A", "Badan B", "Dinas C", "Dinas D", "Dinas E", "Badan F",
                 "UPT Sepuluh", "Bidang Dua", "UPT Tiga"],
        "level": ["opd"] * 6 + ["subunit"] * 3, "parent": [None] * 6 + ["A"] * 3,
        "opd_type": ["Dinas", "Badan", "Dinas", "Dinas", "Dinas", "Badan"] + ["Dinas"] * 3,
        "aliases": [[] for _ in range(9)], "replaced_by": None,
        "headcount_2025": pd.array([80, 30, 50, 60, 40, 12, 20, 30, 9], dtype="Int64")}))


def _opd() -> pd.DataFrame:
    def row(unit, name, x, vals, **kw):
        return {"unit": unit, "name": name, "n": 40, "headcount": 80, "response_rate": 0.5,
                "culture_index": x, "ci_low": x - 1.5, "ci_high": x + 1.5,
                "category": "Cukup Sehat" if x < 75 else "Sehat", "suppressed": False,
                **dict(zip(V, vals, strict=True)), **kw}

    hidden = {"n": pd.NA, "culture_index": LEAK, "suppressed": True, **dict.fromkeys(V, LEAK)}
    return pd.DataFrame([
        row("A", "Dinas A", 73.0, [70.0 + i for i in range(7)], response_rate=0.4,
            headcount=100),
        {"unit": "B", "name": "Badan B", "headcount": 30, "suppression": "secondary",
         **hidden},
        row("C", "Dinas C", 80.0, [75.0] * 7),
        row("D", "Dinas D", 85.0, [90.0] * 7),
        {"unit": "E", "name": "Dinas E", "headcount": 40, "suppression": "secondary", **hidden},
        {"unit": "F", "name": "Badan F", "headcount": 12, "suppression": "primary", **hidden}])


def _tables() -> dict[str, pd.DataFrame]:
    p = {v: 75.0 for v in V}
    items = [("AD4", "adaptif", 61.5, 40.0, 38), ("LO1", "loyal", 70.0, 75.0, 40),
             ("KO3", "kompeten", 64.25, 50.0, 36), ("BP1", "berorientasi_pelayanan", 90.0,
                                                     95.0, 40),
             ("BP2", "berorientasi_pelayanan", 88.0, 85.0, 20), ("AK1", "akuntabel", 86.0,
                                                                 90.0, 40)]
    return {
        "indeks_opd": _opd(),
        "indeks_provinsi": pd.DataFrame([{"year": 2024, "culture_index": 70.0, **p},
                                         {"year": 2025, "culture_index": 75.0, **p}]),
        "perubahan_opd": pd.DataFrame([
            {"unit": "A", "culture_index_2024": 75.46, "culture_index_2025": 73.24,
             "change": -2.22, "significant": True, "suppressed": False,
             "note_kind": "renamed", "predecessors": "OLD_A"},
            {"unit": "C", "culture_index_2024": np.nan, "culture_index_2025": 80.0,
             "change": np.nan, "significant": False, "suppressed": True,
             "note_kind": "too_small"}]),
        "perubahan_provinsi": pd.DataFrame([{"unit": "province", "n_items_compared": 21}]),
        "peringkat_opd": pd.DataFrame({"unit": ["D", "C", "A", "B"], "rank": [1, 2, 3, pd.NA],
                                       "rank_low": [1, 1, 2, pd.NA],
                                       "rank_high": [2, 3, 3, pd.NA],
                                       "suppressed": [False, False, False, True]}),
        "butir_opd": pd.DataFrame({
            "unit": "A", "item": [i[0] for i in items], "value": [i[1] for i in items],
            "score": [i[2] for i in items], "pct_favourable": [i[3] for i in items],
            "n_answered": [i[4] for i in items], "province_score": 74.0,
            "suppressed": False}),
        "rencana_aksi": pd.DataFrame([{"unit": "A", "n_actions": 4, "n_done": 1,
                                       "pct_done": 25.0, "mean_progress": 47.5, "merah": 1,
                                       "kuning": 2, "hijau": 1}]),
        "indeks_subunit": pd.DataFrame({
            "unit": ["A-1", "A-2", "A-3"], "parent": "A",
            "name": ["UPT Sepuluh", "Bidang Dua", "UPT Tiga"], "n": [22, pd.NA, pd.NA],
            "culture_index": [74.5, LEAK, LEAK], "suppressed": [False, True, True],
            "suppression": [pd.NA, "primary", "secondary"]}),
        "indeks_kelompok_opd": pd.DataFrame({
            "unit": "A", "by": ["gender", "gender", "age_band", "age_band", "age_band",
                                "grade", "grade", "grade"],
            "group": ["Perempuan", "Laki-laki", ">= 50 tahun", "30-39 tahun", "< 30 tahun",
                      "IV/a", "III/b", "II"],
            "n": [20, 20, 12, pd.NA, 15, pd.NA, 20, 12],
            "culture_index": [72.5, 73.5, 70.0, LEAK, 75.0, LEAK, 74.0, 71.0],
            "suppressed": [False, False, False, True, False, True, False, False],
            "suppression": [pd.NA, pd.NA, pd.NA, "primary", pd.NA, "secondary", pd.NA, pd.NA]}),
    }


def _card(tables=None, code="A", **kw) -> Card:
    return build_card(_tables() if tables is None else tables, code, units=_units(),
                      **{**KW, **kw})


def _fact(card: Card, label: str):
    return next(f for f in card.facts if f.label.startswith(label))


# --------------------------------------------------------------------------------------
# content
# --------------------------------------------------------------------------------------
def test_key_figures_come_from_the_data():
    card = _card()
    idx = _fact(card, "Indeks Budaya Kerja")
    assert (idx.value, idx.lines) == ("73,0", ("kategori Cukup Sehat",
                                               "dengan keyakinan 95%: antara 71,5 dan 74,5"))
    assert idx.warning == ""  # 71.5-74.5 stays in Cukup Sehat
    assert _fact(card, "Target").value == "7,0 poin"
    assert _fact(card, "Target").lines == ("di bawah batas bawah 80",)
    resp = _fact(card, "Tingkat respons")
    assert resp.value == "40%" and resp.lines == ("40 dari 100 pegawai menjawab",)
    assert resp.warning.startswith("kurang dari 50% pegawai menjawab")
    change = _fact(card, "Perubahan sejak 2024")
    # 73,2 - 75,5 printed: the change is the difference of the two printed numbers
    assert change.value == "-2,3" and change.lines[0] == "2024: 75,5 → 2025: 73,2"
    assert change.lines[1:] == ("pada 21 butir yang sama di kedua tahun",
                                "bermakna secara statistik", "2024: OLD_A (berganti nama)")
    rank = _fact(card, "Peringkat")
    assert rank.value == "3" and rank.lines == (
        "dari 3 OPD yang dilaporkan", "mengingat ketidakpastian: antara peringkat 2 dan 3")
    assert _fact(_card(code="D"), "Target").value == "tercapai"


def test_values_against_province_and_the_published_median_of_the_same_type():
    card = _card()
    assert card.value_header == ("Nilai", "OPD ini", "Provinsi", "Median OPD sejenis",
                                 "Kuartil atas sejenis", "Positif (%)")
    shown = _opd().iloc[[0, 2, 3]]  # A, C, D: the published Dinas; E (hidden) never counts
    for i, (v, row) in enumerate(zip(V, card.values, strict=True)):
        med = float(np.median(shown[v]))
        top = float(np.quantile(shown[v], 0.75))  # R's type 7
        assert row.peers == pytest.approx(med) and row.cells[3] == format_number(med)
        assert row.cells[4] == format_number(top)
        assert row.cells[:3] == (INS.value_name(v), format_number(70.0 + i), "75,0")
        assert row.opd == 70.0 + i and row.province == 75.0
    # % favourable per value: favourable answers over answers of the value's items
    bp = (95.0 * 40 + 85.0 * 20) / 60
    assert card.values[0].cells[5] == format_number(bp, 0)
    assert card.values[1].cells[5] == "90" and card.values[3].cells[5] == ""  # no HA item
    assert "Median OPD sejenis: nilai tengah 3 OPD berjenis Dinas" in " ".join(card.value_notes)
    assert card.legend == ("OPD ini", "Provinsi", "Median OPD sejenis")
    # a type with fewer published OPDs than min_peers: no median, and the card says why
    few = _card(min_peers=4)
    assert "Median OPD sejenis" not in few.value_header
    assert "hanya 3 Dinas yang dilaporkan (paling sedikit 4)" in " ".join(few.value_notes)
    assert card.scale == (60.0, 100.0)


def test_change_per_value_when_the_table_holds_opd_rows():
    t = _tables()
    t["perubahan_per_nilai"] = pd.DataFrame({
        "unit": ["province"] * 2 + ["A"] * 3, "value": [V[0], V[1], V[0], V[1], V[2]],
        "change": [1.0, 1.0, 2.25, -0.5, LEAK], "significant": [True, True, True, False, True],
        "suppressed": [False, False, False, False, True]})
    card = _card(t)
    assert card.value_header[-1] == "Perubahan sejak 2024"
    assert [r.cells[-1] for r in card.values[:4]] == ["+2,2*", "-0,5", "", ""]
    assert "* bermakna secara statistik" in " ".join(card.value_notes)
    assert "Perubahan sejak 2024" not in _card().value_header  # province rows only: no column


def test_strengths_and_weakest_in_words_with_the_meaning_of_a_reverse_item():
    card = _card()
    assert [it.cells[0] for it in card.weakest] == ["AD4", "KO3", "LO1"]
    assert [it.cells[0] for it in card.strengths] == ["BP1", "BP2", "AK1"]
    ad4 = card.weakest[0]
    assert ad4.statement == f"Adaptif: {INS.item('AD4').text}"
    assert ad4.note == ("Pernyataan negatif: skor rendah berarti banyak pegawai setuju bahwa "
                        "mereka enggan mengubah cara kerja yang sudah biasa mereka lakukan.")
    assert ad4.cells == ("AD4", "61,5", "74,0", "40")
    assert card.weakest[1].note == ""  # KO3 is positively worded
    t = _tables()
    t["butir_opd"].loc[t["butir_opd"]["item"] == "AD4", "score"] = 99.0
    strong = _card(t).strengths[0]
    assert strong.cells[0] == "AD4" and strong.note.startswith(
        "Pernyataan negatif: skor tinggi berarti sebagian besar pegawai tidak setuju bahwa "
        "mereka enggan")


def test_subunits_groups_and_plan_in_natural_order():
    card = _card()
    blocks = {b.title: b for b in card.blocks}
    sub = blocks["Sub-unit (bidang, UPT)"]
    assert sub.rows == (("Bidang Dua", "disembunyikan", "", ""),
                        ("UPT Sepuluh", "22", "74,5", ""),
                        ("UPT Tiga", "disembunyikan", "", ""))
    groups = blocks["Kelompok pegawai"]
    assert groups.rows == (
        ("Jenis kelamin", "Laki-laki 73,5 (20) · Perempuan 72,5 (20)"),
        ("Kelompok usia", "< 30 tahun 75,0 (15) · 30-39 tahun disembunyikan · "
                          ">= 50 tahun 70,0 (12)"),
        ("Golongan", "II 71,0 (12) · III/b 74,0 (20) · IV/a disembunyikan"))
    plan = blocks["Rencana aksi"].sentences
    assert plan[0] == ("4 aksi, 1 selesai (25%), rata-rata kemajuan 48%; lampu: 1 merah, "
                       "2 kuning, 1 hijau.")


@given(st.lists(st.integers(1, 80), min_size=2, max_size=8, unique=True),
       st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_bands_and_grades_sort_in_their_natural_order(cuts, rnd):
    cuts = sorted(cuts)
    bands = ([f"< {cuts[0]} tahun"]
             + [f"{a}-{b - 1} tahun" for a, b in zip(cuts, cuts[1:], strict=False)]
             + [f">= {cuts[-1]} tahun"])
    roman = ["I", "II", "III", "IV"]
    grades = [f"{r}/{c}" for r in roman for c in "abcde"]
    for labels in (bands, grades):
        shuffled = list(labels)
        rnd.shuffle(shuffled)
        assert sorted(shuffled, key=natural_key) == labels


def test_a_first_year_card_from_the_required_tables_only():
    t = {k: v for k, v in _tables().items() if k in ("indeks_opd", "indeks_provinsi")}
    card = build_card(t, "A", **KW)  # no unit table: no median of the same type
    assert [f.label for f in card.facts] == ["Indeks Budaya Kerja 2025", "Target 80–90",
                                             "Tingkat respons"]
    assert card.value_header == ("Nilai", "OPD ini", "Provinsi") and card.blocks == []
    assert card.strengths == [] == card.weakest and card.subtitle == (
        "100 pegawai · kode A · tahun 2025")
    assert _pages(card_pdf(card)) == 1


# --------------------------------------------------------------------------------------
# hidden figures
# --------------------------------------------------------------------------------------
def _all_text(card: Card) -> str:
    return "\n".join(card.texts())


def test_no_hidden_figure_reaches_a_card_or_its_pages():
    for code in ("A", "B", "C", "D", "E", "F"):
        card = _card(code=code)
        for text in (_all_text(card), card_html(card)):
            assert format_number(LEAK) not in text and "n < " not in text, code


def test_hidden_groups_read_the_same_whether_too_small_or_protecting_another():
    t = _tables()
    swapped = _tables()
    for name in ("indeks_subunit", "indeks_kelompok_opd", "indeks_opd"):
        s = swapped[name]["suppression"]
        swapped[name]["suppression"] = s.map({"primary": "secondary", "secondary": "primary"})
    for code in ("A", "B", "F"):
        assert _all_text(_card(t, code)) == _all_text(_card(swapped, code))
        assert HIDDEN_WHY in _all_text(_card(t, code))
    b, f = _card(t, "B"), _card(t, "F")  # a secondary and a primary OPD: the same sentences
    assert [x.sentences[:2] for x in b.blocks] == [x.sentences[:2] for x in f.blocks]


def test_a_withheld_opd_gets_a_card_saying_what_is_withheld_and_why():
    card = _card(code="B")
    assert card.withheld and card.values == [] and card.strengths == [] == card.weakest
    assert [(f.label, f.value) for f in card.facts] == [
        ("Indeks Budaya Kerja", "disembunyikan"), ("Jumlah pegawai", "30")]
    withheld = card.blocks[0]
    assert withheld.title == "Angka yang disembunyikan"
    assert withheld.sentences[0] == (
        "Untuk OPD ini tidak ditampilkan: indeks, rentang keyakinan dan kategorinya, tujuh "
        "nilai BerAKHLAK, jumlah responden dan tingkat respons, perubahan sejak 2024, "
        "peringkat, butir terkuat dan terlemah, sub-unit dan kelompok pegawai.")
    assert "Jawaban pegawai OPD ini tetap dihitung dalam indeks provinsi (75,0)." in (
        withheld.sentences)
    assert card.subtitle == "Badan · 30 pegawai · kode B · tahun 2025"


# --------------------------------------------------------------------------------------
# quality problems said at the number
# --------------------------------------------------------------------------------------
def test_an_interval_across_two_categories_and_a_low_response_are_said_at_the_figure():
    t = _tables()
    t["indeks_opd"].loc[0, ["ci_low", "ci_high"]] = [72.0, 77.5]
    card = _card(t)
    assert _fact(card, "Indeks").warning == ("rentang ini melewati batas Cukup Sehat dan Sehat; "
                                             "kategorinya belum pasti.")
    assert _fact(card, "Tingkat respons").warning != ""
    assert _fact(_card(low_response=0.3), "Tingkat respons").warning == ""
    assert _fact(_card(code="C"), "Tingkat respons").warning == ""  # exactly 50%: no caveat
    html = card_html(card)
    assert "Perhatian: rentang ini melewati batas Cukup Sehat dan Sehat" in html


# --------------------------------------------------------------------------------------
# input rules
# --------------------------------------------------------------------------------------
def test_input_rules():
    t = _tables()
    with pytest.raises(DataError, match="table 'indeks_opd' is missing"):
        build_card({k: v for k, v in t.items() if k != "indeks_opd"}, "A", **KW)
    with pytest.raises(DataError, match="column 'kolaboratif'"):
        build_card({**t, "indeks_opd": t["indeks_opd"].drop(columns="kolaboratif")}, "A", **KW)
    dup = pd.concat([t["indeks_opd"], t["indeks_opd"].iloc[[2]]], ignore_index=True)
    with pytest.raises(DataError, match=r"indeks_opd, column \"unit\", rows 4, 8: unit 'C'"):
        build_card({**t, "indeks_opd": dup}, "A", **KW)
    with pytest.raises(DataError, match="indeks_provinsi.*no row for 2026"):
        build_card(t, "A", **{**KW, "year": 2026})
    with pytest.raises(DataError, match="no row for unit 'ZZ'"):
        build_card(t, "ZZ", **KW)
    with pytest.raises(DataError, match="low <= high"):
        build_card(t, "A", **{**KW, "target": (90, 80)})
    with pytest.raises(DataError, match="low_response"):
        build_card(t, "A", **KW, low_response=1.5)
    with pytest.raises(DataError, match="min_peers"):
        build_card(t, "A", **KW, min_peers=0)
    with pytest.raises(DataError, match="workers"):
        write_cards(t, out_dir=Path("/nonexistent"), **KW, workers=0)


# --------------------------------------------------------------------------------------
# pages: HTML and PDF
# --------------------------------------------------------------------------------------
def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def _dense() -> dict[str, pd.DataFrame]:
    """A long card: every quality note, 15 sub-units, many groups, long names."""
    t = _tables()
    t["indeks_opd"].loc[0, ["name", "ci_low", "ci_high"]] = [
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga "
        "Berencana & <Kependudukan>", 68.0, 78.0]
    k = 15
    t["indeks_subunit"] = pd.DataFrame({
        "unit": [f"A-{i}" for i in range(k)], "parent": "A",
        "name": [f"UPT Pelayanan Terpadu Wilayah Nomor {i}" for i in range(k)],
        "n": [20] * k, "culture_index": 75.0, "category": "Sehat", "suppressed": False})
    rows = []
    for by, groups in (("gender", ["Laki-laki", "Perempuan"]),
                       ("age_band", ["< 30 tahun", "30-39 tahun", "40-49 tahun", ">= 50 tahun"]),
                       ("tenure_band", ["< 5 tahun", "5-10 tahun", "11-20 tahun", "> 20 tahun"]),
                       ("position_type", ["Struktural", "Fungsional", "Pelaksana"]),
                       ("employment", ["PNS", "PPPK"]),
                       ("grade", [f"{r}/{c}" for r in ("II", "III", "IV") for c in "abcd"])):
        rows += [{"unit": "A", "by": by, "group": g, "n": 11, "culture_index": 77.7,
                  "suppressed": False} for g in groups]
    t["indeks_kelompok_opd"] = pd.DataFrame(rows)
    return t


def test_every_card_is_one_a4_page_and_the_same_bytes_every_time():
    for tables, code in ((_tables(), "A"), (_tables(), "B"), (_dense(), "A")):
        card = _card(tables, code)
        a, b = card_pdf(card), card_pdf(card)
        assert a == b and a.startswith(b"%PDF-") and _pages(a) == 1
        assert b"/CreationDate (D:20251231" in a and b"MediaBox [0 0 595.28 841.89]" in a
    # a name outside the cut font's characters: the full font, still one page, same bytes
    card = _card(code="A")
    card.name = "Dinas Ω Σ 中文"
    assert card_pdf(card) == card_pdf(card) and _pages(card_pdf(card)) == 1


def test_fonts_are_parsed_once_per_process(monkeypatch):
    from fpdf.fonts import TTFFont

    card_pdf(_card())  # warm: the faces are cut and parsed
    calls = []
    init = TTFFont.__init__
    monkeypatch.setattr(TTFFont, "__init__", lambda *a, **k: calls.append(1) or init(*a, **k))
    for code in ("A", "B", "C", "D"):
        card_pdf(_card(code=code))
    assert calls == [] and set(_card_fonts._CUT) == set(_card_fonts.FONT_FILES)


def test_html_is_self_contained_escaped_and_marks_never_cover_numbers():
    page = card_html(_card(_dense()))
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert page.count("http") == page.count("http://www.w3.org/2000/svg")
    assert "&amp; &lt;Kependudukan&gt;" in page and "<Kependudukan>" not in page
    # one dot (a rounded rect) per value; the numbers are table cells, not chart labels
    assert page.count("<rect ") == len(V) and "<text" in page  # text only on the axis
    assert all("<text" not in svg for svg in re.findall(r"<td class=\"chart\"><svg.*?</svg>",
                                                           page.split("<tfoot>")[0]))
    assert re.search(r"body\.card \{ font-size: \d\.\d\dpt; \}", page)


CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"))
                 if p), None)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_the_html_card_prints_on_one_a4_page_from_chromium(tmp_path):
    for name, card in (("dense", _card(_dense())), ("plain", _card())):
        src = tmp_path / f"{name}.html"
        src.write_text(card_html(card), encoding="utf-8")
        out = tmp_path / f"{name}.pdf"
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={out}", str(src)],
                       check=True, capture_output=True, timeout=120)
        assert _pages(out.read_bytes()) == 1, name


# --------------------------------------------------------------------------------------
# all cards
# --------------------------------------------------------------------------------------
def test_write_cards_serial_and_in_workers_give_the_same_files(tmp_path):
    t = _tables()
    lines = []
    one = write_cards(t, out_dir=tmp_path / "a", units=_units(), workers=1,
                      progress=lines.append, **KW)
    assert lines[-1] == "cards 6/6"
    two = write_cards(t, out_dir=tmp_path / "b", units=_units(), workers=2, **KW)
    assert one.drop(columns="seconds").equals(two.drop(columns="seconds"))
    assert one["unit"].tolist() == ["A", "B", "C", "D", "E", "F"]
    assert one["withheld"].tolist() == [False, True, False, False, True, True]
    files = sorted(p.name for p in (tmp_path / "a" / "opd").iterdir())
    assert files == sorted([f"{c}.{x}" for c in "ABCDEF" for x in ("html", "pdf")]
                           + ["index.html"])
    for name in files:
        assert (tmp_path / "a" / "opd" / name).read_bytes() == (
            tmp_path / "b" / "opd" / name).read_bytes(), name
    index = (tmp_path / "a" / "opd" / "index.html").read_text(encoding="utf-8")
    assert "3 rapor tanpa angka" in index and "terlalu sedikit responden atau melindungi" in index


@pytest.fixture(scope="module")
def sample_report(sample_clean):
    """The sample's 2025 tables, suppressed with the disclosure module, and the item table."""
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    units = ak.read_units(cfg.units)
    data = sample_clean[2025].data
    s = ak.score_respondents(data, instrument="berakhlak-2025")
    opd = ak.index_table(s, by="opd", units=units, min_n=1, instrument="berakhlak-2025")
    sub = ak.index_table(s, by="subunit", units=units, min_n=1, instrument="berakhlak-2025")
    sub = sub[sub["n"] > 0].assign(parent=lambda t: t["unit"].map(
        units.table.set_index("code")["parent"]))
    prov = ak.overall_index(s, units=units, instrument="berakhlak-2025").assign(
        unit="province")[["unit", "year", "n", "culture_index", *V]]
    valid = s[s["culture_index"].notna()]
    g = valid.groupby(["opd", "gender"], observed=True)
    grp = g["culture_index"].mean().reset_index().rename(columns={"opd": "unit",
                                                                  "gender": "group"})
    grp = grp.assign(by="gender", n=g.size().to_numpy())
    res = suppress({"opd": opd.drop(columns=["suppressed"]), "sub": sub.drop(
        columns=["suppressed"]), "grp": grp, "province": prov[["unit", "n", "culture_index"]]},
        hierarchy=hierarchy_from_units(units), min_n=cfg.min_group_size)
    hidden = set(res.tables["opd"].loc[res.tables["opd"]["suppressed"], "unit"])
    items = opd_items(data, instrument=INS, units=units)
    items = items.assign(suppressed=items["unit"].isin(hidden))
    return {"indeks_opd": res.tables["opd"], "indeks_subunit": res.tables["sub"],
            "indeks_kelompok_opd": res.tables["grp"], "indeks_provinsi": prov,
            "butir_opd": items}, units, data


def test_percent_favourable_per_value_equals_the_answers(sample_report):
    """Known answer from the clean answers: favourable (4-5, reversed 1-2) over answered."""
    tables, units, data = sample_report
    card = build_card(tables, "DINKES", units=units, **KW)
    d = data[data["opd"] == "DINKES"]
    col = card.value_header.index("Positif (%)")
    for v, row in zip(V, card.values, strict=True):
        fav = answered = 0
        for code in INS.factors[v]:
            x = d[code].dropna()
            ok = (x <= 2) if INS.item(code).reverse else (x >= 4)
            fav, answered = fav + int(ok.sum()), answered + len(x)
        assert row.cells[col] == format_number(100 * fav / answered, 0), v


def test_all_sample_cards_fast_and_deterministic(sample_report, tmp_path):
    tables, units, _ = sample_report
    t0 = time.perf_counter()
    out = write_cards(tables, out_dir=tmp_path / "a", units=units, **KW)
    seconds = time.perf_counter() - t0
    assert seconds <= 30, seconds
    hidden = set(tables["indeks_opd"].loc[tables["indeks_opd"]["suppressed"], "unit"])
    assert hidden and set(out.loc[out["withheld"], "unit"]) == hidden
    assert len(out) == len(tables["indeks_opd"]) >= 44
    for code in hidden:
        page = (tmp_path / "a" / "opd" / f"{code}.html").read_text(encoding="utf-8")
        assert "Angka yang disembunyikan" in page
    dishut = build_card(tables, "DISHUT", units=units, **KW)
    subs = next(b for b in dishut.blocks if b.title.startswith("Sub-unit"))
    assert [r[1] for r in subs.rows] == ["disembunyikan"] * 2  # its two small UPTs
    assert all(_pages((tmp_path / "a" / "opd" / f"{c}.pdf").read_bytes()) == 1
               for c in out["unit"])
    write_cards(tables, out_dir=tmp_path / "b", units=units, **KW)
    for f in sorted((tmp_path / "a" / "opd").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / "opd" / f.name).read_bytes(), f.name


def test_write_report_cards_reads_the_saved_tables(tmp_path):
    from akhlak_analysis.report.artifacts import save_table, use_folder

    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    assert cards.write_report_cards(tmp_path, config=cfg, year=2025) is None  # nothing saved
    use_folder(tmp_path, year=2025)
    try:
        for name, table in _tables().items():
            save_table(table, name)
    finally:
        use_folder(None)
    out = cards.write_report_cards(tmp_path, config=cfg, year=2025, units=_units())
    assert out["unit"].tolist() == list("ABCDEF")
    page = (tmp_path / "opd" / "A.html").read_text(encoding="utf-8")
    assert cfg.organisation in page


# --------------------------------------------------------------------------------------
# interactive tables (the browser test checks them in Chromium)
# --------------------------------------------------------------------------------------
def test_interactive_tables_apply_suppression_and_refuse_small_rows():
    t = pd.DataFrame({"unit": ["A", "B"], "n": [12, 4], "culture_index": [75.25, 81.0],
                      "suppressed": [False, True], "suppression": [pd.NA, "primary"]})
    frag = interactive_html(t, caption="Indeks", table_id="x", min_n=10)
    assert "75,2" in frag and "81,0" not in frag and '"x"' in frag or "#x" in frag
    assert interactive_html(t, table_id="x") == interactive_html(t, table_id="x")
    with pytest.raises(ValueError, match=r"rows \[1\] have n < 10"):
        interactive_html(t.assign(suppressed=False), min_n=10)
    with pytest.raises(ValueError, match="lang"):
        interactive_html(t, lang="fr")
    with pytest.raises(ValueError, match="min_n"):
        interactive_html(t, min_n=0)


def test_notebook_calls_display_offline_html(monkeypatch):
    import IPython.display

    from akhlak_analysis.report.interactive import init_interactive, show_table

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    t = pd.DataFrame({"unit": ["A", "B"], "n": [12, 4], "culture_index": [75.25, 81.0],
                      "suppressed": [False, True]})
    init_interactive()
    show_table(t, caption="Indeks OPD", min_n=10)
    html = [o.data for o in shown]
    assert len(html) == 3 and all(html)
    assert "75,2" in html[2] and "81,0" not in html[2] and "Indeks OPD" in html[2]
    assert not any(re.search(r"(?:from|src=) *.https?://", h) for h in html)


# --------------------------------------------------------------------------------------
# the previous year, drivers and comments (issues 22 and 23)
# --------------------------------------------------------------------------------------
def _with_gap_year() -> dict[str, pd.DataFrame]:
    """The report compares 2025 with 2022 (no survey in 2023 and 2024)."""
    t = _tables()
    t["perubahan_opd"] = t["perubahan_opd"].rename(
        columns={"culture_index_2024": "culture_index_2022"})
    t["indeks_provinsi"] = t["indeks_provinsi"].replace({"year": {2024: 2022}})
    return t


def test_the_change_is_since_the_configured_previous_year_not_year_minus_one():
    for card in (_card(_with_gap_year(), previous_year=2022), _card(_with_gap_year())):
        change = _fact(card, "Perubahan sejak")
        assert change.label == "Perubahan sejak 2022"
        assert change.lines[0] == "2022: 75,5 → 2025: 73,2" and change.value == "-2,3"
        assert "2024" not in " ".join([change.label, *change.lines])
    hidden = _card(_with_gap_year(), code="B", previous_year=2022)
    assert "perubahan sejak 2022" in " ".join(hidden.blocks[0].sentences)


def test_write_report_cards_passes_the_configured_previous_year(tmp_path):
    from akhlak_analysis.report.cards import write_report_cards

    class Config:
        years = {2022: None, 2025: None}
        target, min_group_size, confidence, organisation = (80, 90), 10, 0.95, ""

        @staticmethod
        def year(_y):
            return type("Y", (), {"instrument": INS})()

    (tmp_path / "tables").mkdir()
    for name, table in _with_gap_year().items():
        table.to_parquet(tmp_path / "tables" / f"{name}_2025.parquet")
    write_report_cards(tmp_path, config=Config(), year=2025, units=_units(), workers=1)
    html = (tmp_path / "opd" / "A.html").read_text(encoding="utf-8")
    assert "Perubahan sejak 2022" in html and "sejak 2024" not in html


PLUS = ak.load_instrument("berakhlak-2025-plus")


def _driver_tables() -> dict[str, pd.DataFrame]:
    """Notebook 05's tables: own drivers for A (n = 40), the province's priorities, comment
    themes for A (12 comments), C (too few: hidden) and the hidden B (a leak if shown)."""
    t = _tables()
    quad = ["focus", "strength", "monitor", "maintain", "maintain", "maintain", "focus"]

    def pri(unit=None, impact=(30.0, 20, 10, 8, 7, 5, 20.0)):
        out = pd.DataFrame({"outcome": "keterlibatan", "predictor": V, "impact": impact,
                            "impact_ci_low": [i - 3 for i in impact],
                            "impact_ci_high": [i + 3 for i in impact],
                            "predictor_score": 75.0, "quadrant": quad,
                            "priority_rank": [1, 3, 4, 5, 6, 7, 2]})
        return out if unit is None else out.assign(unit=unit)

    t["prioritas_perbaikan"] = pri()
    t["prioritas_perbaikan_opd"] = pri("A", impact=(12.0, 20, 10, 8, 7, 5, 38.0))
    t["pendorong_opd"] = pd.DataFrame({"unit": "A", "n": 40, "outcome": "keterlibatan",
                                       "predictor": V})
    themes = {"beban_kerja": [50.0, LEAK, 40.0], "fasilitas": [25.0, LEAK, 30.0],
              "pelatihan": [8.5, LEAK, 10.0], "komunikasi": [0.0, LEAK, 0.0]}
    t["tema_komentar_opd"] = pd.DataFrame({"unit": ["A", "B", "C"], "n_comments": [12, 40, 8],
                                           "suppressed": [False, False, True], **themes})
    return t


def test_the_card_names_the_opds_own_priority_values_and_comment_themes():
    t = _driver_tables()
    card = _card(t, instrument=PLUS)
    block = next(b for b in card.blocks if b.title == "Prioritas perbaikan dan komentar pegawai")
    drivers, comments = block.sentences
    own = t["prioritas_perbaikan_opd"]
    first = own[own["quadrant"] == "focus"].sort_values("priority_rank")
    assert drivers.startswith("Menurut analisis pendorong OPD ini (40 responden berskor lengkap)")
    named = [f"{PLUS.value_name(r.predictor)} (dampak {format_number(r.impact, 0)}%)"
             for r in first.itertuples()]
    assert " dan ".join(named) in drivers and "keterlibatan kerja" in drivers
    assert comments == ("Komentar pegawai: 12 komentar berisi; yang paling sering dibahas: "
                        "beban kerja (50%), fasilitas dan sarana kerja (25%) dan pelatihan dan "
                        "pengembangan (8%).")


def test_without_own_drivers_the_card_gives_the_organisations_and_says_why():
    t = _driver_tables()
    card = _card(t, code="C", instrument=PLUS)
    drivers, comments = next(b for b in card.blocks if b.title.startswith("Prioritas")).sentences
    prov = t["prioritas_perbaikan"]
    for r in prov[prov["quadrant"] == "focus"].itertuples():
        assert f"{PLUS.value_name(r.predictor)} (dampak {format_number(r.impact, 0)}%)" in drivers
    assert "seluruh provinsi" in drivers and "sedikitnya 30 responden" in drivers
    assert comments.startswith("Tema komentar pegawai tidak ditampilkan: kurang dari 10")
    assert "8 komentar" not in comments and "40,0" not in comments


def test_a_hidden_opd_shows_no_driver_or_comment_figure():
    card = _card(_driver_tables(), code="B", instrument=PLUS)
    text = " ".join(card.texts())
    assert card.withheld
    assert "komentar" not in text.lower() and "dampak" not in text
    assert format_number(LEAK) not in text and "40 komentar" not in text


def test_without_notebook_05_tables_the_card_has_no_such_block():
    assert not any(b.title.startswith(("Prioritas", "Komentar")) for b in _card().blocks)


def test_the_pdf_item_table_header_leaves_room_for_a_longer_level_word(tmp_path):
    """A regency's card heads the item table "Kabupaten", wider than "Provinsi": it printed
    over "Skor" ("SkoKabupaten"). No two header words of the PDF may overlap."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext")
    path = tmp_path / "kartu.pdf"
    card = _card(level="kabupaten")
    card.blocks = []  # a short card (a small regency's): its type is set larger to fill the page
    path.write_bytes(card_pdf(card))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout
    words = [(w, float(x0), float(y0), float(x1)) for x0, y0, x1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        boxes)]
    skor = next(b for b in words if b[0] == "Skor")
    same_line = sorted(b for b in words if abs(b[2] - skor[2]) < 1.0)
    assert any(w == "Kabupaten" for w, *_ in same_line), same_line
    row = sorted(same_line, key=lambda b: b[1])
    for (w1, _a0, _, a1), (w2, b0, _, _) in zip(row, row[1:], strict=False):
        assert a1 <= b0 + 0.1, (w1, w2, a1, b0)
