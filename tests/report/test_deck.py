"""The deck and the start page as the Governor reads them: 8-12 slides, 14 pt, no codes.

Both artifacts are built from saved tables written here (a two-year province with action
plans, withheld units and long names; a one-year regency on its own 4-point instrument with a
failed reliability), without running the notebooks. Every run of every slide is inspected
(size, default sizes included), every text of the deck and of ``index.html`` is searched for
snake_case codes, English words and unexplained abbreviations, and the headline figures are
compared with the saved headline table at the same rounding.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis.errors import DataError
from akhlak_analysis.plots import slides as charts
from akhlak_analysis.report import deck, index_page, messages, names
from akhlak_analysis.report.attention import units_needing_attention, units_to_learn_from
from akhlak_analysis.report.wording import num, organisation_words, shown_change
from tests import own_data
from tests.conftest import SAMPLE

matplotlib.use("Agg")
INS = ak.load_instrument("berakhlak-2025")
LONG = "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana"
OPD = [("DLH", "Dinas Lingkungan Hidup"), ("DINSOS", "Dinas Sosial"), ("DP3A", LONG),
       ("DISHUB", "Dinas Perhubungan"), ("DINKES", "Dinas Kesehatan"), ("BKD", "Badan Kepegawaian Daerah"),
       ("BPENGHUBUNG", "Badan Penghubung"), ("BIRO_ADPEM", "Biro Administrasi Pembangunan"),
       ("INSPEKTORAT", "Inspektorat"), ("SETWAN", "Sekretariat DPRD"),
       ("DISDIK", "Dinas Pendidikan"), ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah")]
#: tokens that must not reach a reader: English words, codes, unexplained abbreviations
FORBIDDEN = re.compile(r"\b(IK|EB|FDR|CI|SE|empirical|Bayes|benih|seed|province|provincial|"
                       r"significant|stratified|primary|secondary|gender|ranking|score|change|"
                       r"index|value|rate|None|nan|NaN|True|False|suppressed|Healthy|buku kerja|"
                       r"interval|the|and)\b")
SNAKE = re.compile(r"\b\w+_\w+\b")


# --------------------------------------------------------------------------- saved tables
def _values(rng, centre: float) -> dict[str, float]:
    return {v: float(centre + rng.normal(0, 3)) for v in INS.value_codes}


def province_tables() -> dict[str, pd.DataFrame]:
    """The saved tables of a two-year province (the sample's shape, made by hand)."""
    rng = np.random.default_rng(5)
    head = pd.DataFrame([
        {"year": 2024, "n": 5223, "headcount": 10658, "response_rate": 0.490054,
         "culture_index": 76.406528, "ci_low": 76.15028, "ci_high": 76.662777,
         "category": "Sehat", "items_in_instrument": 21, **_values(rng, 76)},
        {"year": 2025, "n": 5179, "headcount": 10576, "response_rate": 0.489694,
         "culture_index": 79.034465, "ci_low": 78.781207, "ci_high": 79.287724,
         "category": "Sehat", "items_in_instrument": 28, **_values(rng, 79)}])
    change = pd.DataFrame([{"unit": "province", "culture_index_2024": 76.389783,
                            "culture_index_2025": 79.102309, "change": 2.712525,
                            "ci_low": 2.341084, "ci_high": 3.083967, "significant": True,
                            "n_items_compared": 21, "items_left_out": "2025: BP4"}])
    before = {v: float(head.iloc[0][v]) for v in INS.value_codes}
    values = pd.DataFrame({"unit": "province", "value": INS.value_codes,
                           "culture_index_2024": list(before.values()),
                           "culture_index_2025": [b + 2.5 for b in before.values()],
                           "change": 2.5, "significant": True, "direction": "up"})
    index = [64.76, 70.32, 83.42, 85.91, 82.57, 78.65, np.nan, np.nan, 71.5, 81.61, 79.73, 81.12]
    opd = pd.DataFrame({"unit": [u for u, _ in OPD], "name": [n for _, n in OPD],
                        "n": [74, 90, 21, 232, 321, 44, 7, 24, 55, 71, 1574, 85],
                        "headcount": [148, 208, 108, 333, 440, 94, 12, 30, 107, 108, 3217, 132],
                        "culture_index": index})
    opd["response_rate"] = opd["n"] / opd["headcount"]
    opd["ci_low"], opd["ci_high"] = opd["culture_index"] - 2.2, opd["culture_index"] + 2.2
    opd["category"] = INS.categorize(opd["culture_index"]).to_numpy()
    for v in INS.value_codes:
        opd[v] = opd["culture_index"] + rng.normal(0, 2, len(opd))
    opd["suppressed"] = opd["culture_index"].isna()
    opd["suppression"] = pd.array([None] * 6 + ["primary", "secondary"] + [None] * 4,
                                  dtype="string")
    opd.loc[opd["suppressed"], ["n", "response_rate", "ci_low", "ci_high"]] = np.nan
    moves = opd[["unit", "name"]].copy()
    moves["culture_index_2024"] = [71.69, 75.87, 81.1, 84.01, 74.94, 71.61, np.nan, np.nan,
                                   67.9, 80.3, 78.43, 74.71]
    moves["culture_index_2025"] = opd["culture_index"] + 0.05
    moves["change"] = moves["culture_index_2025"] - moves["culture_index_2024"]
    moves["significant"] = [True, True, False, True, True, True, False, False, False, False,
                            True, True]
    moves["direction"] = np.where(~moves["significant"], "unchanged",
                                  np.where(moves["change"] > 0, "up", "down"))
    moves["compared"] = ~opd["suppressed"]
    moves["suppressed"] = opd["suppressed"]
    plans = pd.DataFrame({"unit": ["DLH", "BPENGHUBUNG", "BKD", "DINKES"],
                          "name": ["Dinas Lingkungan Hidup", "Badan Penghubung",
                                   "Badan Kepegawaian Daerah", "Dinas Kesehatan"],
                          "n_actions": [3, 4, 4, 3], "n_done": [0, 0, 3, 0],
                          "pct_done": [0.0, 0, 75, 0], "mean_progress": [26.0, 38, 94, 25],
                          "merah": [2, 3, 0, 0], "kuning": [1, 1, 0, 3], "hijau": [0, 0, 4, 0]})
    return {names.HEADLINE: head, names.PROVINCE_CHANGE: change, names.VALUE_CHANGE: values,
            names.OPD_INDEX: opd, names.UNIT_CHANGE: moves, names.ACTION_PLANS: plans,
            names.OPD_ITEMS: _items(opd, INS, rng), **_quality(INS, alpha=0.8)}


def _items(opd: pd.DataFrame, ins, rng) -> pd.DataFrame:
    rows = []
    for it in ins.items:
        prov = 70 + 12 * rng.random()
        for r in opd.itertuples(index=False):
            hidden = bool(r.suppressed)
            rows.append({"unit": r.unit, "name": r.name, "item": it.code, "value": it.value,
                         "statement": it.text, "n": r.n,
                         "score": np.nan if hidden else r.culture_index + rng.normal(0, 3),
                         "pct_favourable": np.nan if hidden else 80.0,
                         "province_score": prov, "province_pct_favourable": prov + 5,
                         "suppressed": hidden})
    return pd.DataFrame(rows)


def _quality(ins, *, alpha: float) -> dict[str, pd.DataFrame]:
    alphas = [alpha if i % 2 else 0.81 for i in range(len(ins.value_codes))]
    return {names.VALUE_VALIDATION: pd.DataFrame({
                "value": ins.value_codes, "alpha": alphas,
                "alpha_ok_local": [a >= 0.6 for a in alphas],
                "alpha_ok": [a >= 0.7 for a in alphas]}),
            names.MODEL_FIT: pd.DataFrame({"model": ["Tujuh nilai"], "good_fit": [True]}),
            names.SUPPRESSION: pd.DataFrame({"table": [names.OPD_INDEX, names.OPD_ITEMS],
                                             "rows": [12, 336], "shown": [10, 280],
                                             "primary": [1, 28], "secondary": [1, 28],
                                             "hidden": [2, 56]})}


def regency_tables(ins) -> dict[str, pd.DataFrame]:
    """One first year of a regency: no change, no plans, reliability below the cut-offs."""
    rng = np.random.default_rng(9)
    head = pd.DataFrame([{"year": own_data.YEAR, "n": 233, "headcount": 347,
                          "response_rate": 233 / 347, "culture_index": 66.681915,
                          "ci_low": 65.542675, "ci_high": 67.821154, "category": "Cukup Sehat",
                          "items_in_instrument": 14, **{v: 66 + rng.normal(0, 1)
                                                        for v in ins.value_codes}}])
    units = own_data.UNITS
    opd = pd.DataFrame({"unit": [u[0] for u in units], "name": [u[1] for u in units],
                        "n": [90, 55, 40, np.nan, np.nan, np.nan],
                        "culture_index": [65.48, 60.95, 80.77, np.nan, np.nan, np.nan]})
    opd["response_rate"] = [0.64, 0.69, 0.67, np.nan, np.nan, np.nan]
    opd["ci_low"], opd["ci_high"] = opd["culture_index"] - 2.0, opd["culture_index"] + 2.5
    opd["category"] = ins.categorize(opd["culture_index"]).to_numpy()
    opd["suppressed"] = opd["culture_index"].isna()
    opd["suppression"] = pd.array([None, None, None, "secondary", "secondary", "primary"],
                                  dtype="string")
    out = {names.HEADLINE: head, names.OPD_INDEX: opd, names.OPD_ITEMS: _items(opd, ins, rng),
           **_quality(ins, alpha=0.47)}
    return out


def _save(tables: dict[str, pd.DataFrame], folder: Path, year: int) -> Path:
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    for name, t in tables.items():
        t.to_parquet(folder / "tables" / f"{name}_{year}.parquet")
    return folder


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    folder = _save(province_tables(), tmp_path_factory.mktemp("provinsi"), 2025)
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    skipped = {"01_instrument_validation · Validitas kriteria": "*Tidak ditampilkan.* Tidak ada "
               "berkas indikator."}
    path = deck.build_report_deck(folder, config=cfg, year=2025, skipped=skipped)
    index = index_page.write_index(folder, config=cfg, year=2025, skipped=skipped)
    return folder, cfg, path, index


@pytest.fixture(scope="module")
def regency(tmp_path_factory):
    root = tmp_path_factory.mktemp("kabupaten")
    own_data.write_folder(root)
    cfg = ak.load_config(root / "analysis.yaml")
    folder = _save(regency_tables(cfg.year(own_data.YEAR).instrument), root / "laporan",
                   own_data.YEAR)
    skipped = {"02_year_over_year · Perubahan provinsi, nilai dan OPD": "Bagian ini "
               "membandingkan dua tahun; konfigurasi belum memuat tahun sebelum 2026.",
               "02_year_over_year · Tindak lanjut rencana aksi": "Bagian ini memerlukan berkas "
               "Rencana Aksi (`action_plans` di konfigurasi); berkas itu tidak disebut di "
               "konfigurasi.",
               "03_opd_ranking · Peringkat di antara OPD sejenis": "Bagian ini memerlukan jenis "
               "OPD (kolom `opd_type` di tabel unit, sedikitnya dua jenis); tabel unit tidak "
               "memuatnya."}
    path = deck.build_report_deck(folder, config=cfg, year=own_data.YEAR, skipped=skipped)
    index = index_page.write_index(folder, config=cfg, year=own_data.YEAR, skipped=skipped)
    return folder, cfg, path, index


@pytest.fixture(params=["province", "regency"])
def built(request):
    return request.getfixturevalue(request.param)


def _runs(path: Path):
    """(slide number, paragraph, run) of every text, in text boxes and table cells."""
    from pptx import Presentation

    for k, slide in enumerate(Presentation(path).slides, 1):
        frames = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
        for frame in frames:
            for p in frame.paragraphs:
                for r in p.runs:
                    yield k, p, r


def _slide_texts(path: Path) -> list[str]:
    texts: dict[int, list[str]] = {}
    for k, _p, r in _runs(path):
        texts.setdefault(k, []).append(r.text)
    return [" ".join(texts[k]) for k in sorted(texts)]


def _key_messages(path: Path) -> list[str]:
    """The paragraphs of the key-message box (numbered), without their numbers."""
    from pptx import Presentation

    for slide in Presentation(path).slides:
        boxes = [s.text_frame for s in slide.shapes if s.has_text_frame]
        if boxes and boxes[0].text == "Pesan utama":
            return [re.sub(r"^\d\. ", "", p.text) for p in boxes[1].paragraphs]
    return []


def _page_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" "))


# --------------------------------------------------------------------------- the deck
def test_the_deck_tells_the_story_in_8_to_12_slides(province, regency):
    from pptx import Presentation

    for _, _, path, _ in (province, regency):
        prs = Presentation(path)
        assert 8 <= len(prs.slides) <= 12
        assert round(prs.slide_width / prs.slide_height, 3) == round(16 / 9, 3)
    texts = _slide_texts(province[2])
    for title in ("Angka utama", "Pesan utama", "Skor tiap nilai", "Jawaban yang mendukung",
                  "OPD yang berubah bermakna", "OPD yang perlu perhatian",
                  "OPD yang dapat dijadikan contoh", "Rencana Aksi", "Prioritas",
                  "Cara membaca, metode, dan catatan mutu"):
        assert sum(title in t for t in texts) >= 1, title
    assert len(Presentation(province[2]).slides) == 11
    assert len(Presentation(regency[2]).slides) == 9  # no moves, no action plans


def test_no_deck_text_is_under_14_pt(built):
    from pptx.util import Pt

    _, _, path, _ = built
    runs = list(_runs(path))
    assert len(runs) > 50
    for k, p, r in runs:
        size = r.font.size or p.font.size  # a run without either falls back to a default
        assert size is not None, (k, r.text)
        assert size >= Pt(14), (k, r.text, size.pt)


def test_no_code_english_or_abbreviation_reaches_a_reader(built):
    _, _, path, index = built
    texts = _slide_texts(path) + [_page_text(index)]
    for text in texts:
        assert not SNAKE.findall(text), SNAKE.findall(text)
        assert not FORBIDDEN.findall(text), FORBIDDEN.findall(text)
        assert "ribuan" not in text and "  " not in text


def test_the_headline_figures_equal_the_saved_table(built):
    folder, cfg, path, index = built
    year = max(cfg.years)
    head = pd.read_parquet(folder / "tables" / f"{names.HEADLINE}_{year}.parquet")
    r = head.sort_values("year").iloc[-1]
    slide = _slide_texts(path)[1]
    page = _page_text(index)
    assert f"{num(r['culture_index'])} (rentang 95%: {num(r['ci_low'])} s.d. " \
           f"{num(r['ci_high'])}), kategori {r['category']}" in page
    assert f"rentang 95%: {num(r['ci_low'])} s.d. {num(r['ci_high'])} kategori " \
           f"{r['category']}" in slide
    for text in (slide, page):
        assert f"{num(r['n'], 0)} responden dari {num(r['headcount'], 0)} pegawai" in text
    assert slide.split("target ")[1].split()[0] == num(r["culture_index"])  # the big number
    gap = round(cfg.target[0] - round(r["culture_index"], 1), 1)
    assert f"{num(gap)} poin di bawah batas bawah" in slide


def test_every_printed_change_is_the_difference_of_its_printed_numbers(province):
    _, _, path, index = province
    text = " ".join(_slide_texts(path)) + " " + _page_text(index)
    pairs = re.findall(r"dari (\d+,\d) \(\d{4}\) menjadi (\d+,\d) \(\d{4}\), (naik|turun) "
                       r"(\d+,\d) poin", text)
    pairs += [(a, b, w, d) for w, d, a, b in re.findall(
        r"(naik|turun) bermakna (\d+,\d) poin pada butir yang sama \(\d{4}: (\d+,\d); "
        r"\d{4}: (\d+,\d)\)", text)]
    assert len(pairs) >= 5
    for a, b, word, d in pairs:
        x, y, z = (float(s.replace(",", ".")) for s in (a, b, d))
        assert round(abs(y - x), 1) == z and (word == "naik") == (y > x), (a, b, word, d)
    # the official 2025 index (79,0) is never printed as the end of the +2,7 change
    assert "76,4 menjadi 79,0" not in text and "dari 76,4 (2024) menjadi 79,1 (2025)" in text


def test_the_deck_and_the_start_page_say_the_same(built):
    _, _, path, index = built
    deck_text = " ".join(_slide_texts(path))
    page = _page_text(index)
    sentences = _key_messages(path)
    assert 3 <= len(sentences) <= 5
    for s in sentences:
        assert s in page
    for frame in ("OPD yang perlu perhatian", "Catatan mutu" if "reliabilitas" in deck_text
                  else "Pesan utama"):
        assert frame in page


def test_the_words_of_the_organisation(province, regency):
    prov = " ".join(_slide_texts(province[2]))
    reg = " ".join(_slide_texts(regency[2])) + _page_text(regency[3])
    assert "indeks provinsi" in prov.lower() and "kabupaten" not in prov
    assert "indeks kabupaten" in reg.lower() and "provinsi" not in reg.lower()
    assert "233 responden dari 347 pegawai" in reg
    assert "Perubahan kabupaten, nilai dan OPD: Bagian ini membandingkan dua tahun" in reg
    assert "Bagian ini memerlukan jenis OPD; tabel unit tidak memuatnya." in reg


def test_withheld_units_are_named_with_their_own_reason(province, regency):
    page = _page_text(province[3])
    assert ("1 OPD dengan kurang dari 10 responden tidak ditampilkan angkanya (tetap dihitung "
            "dalam indeks provinsi): Badan Penghubung.") in page
    assert "ikut disembunyikan, walaupun respondennya cukup" in page
    assert "Biro Administrasi Pembangunan" in page.split("ikut disembunyikan")[1]
    reg = _page_text(regency[3])
    guard = reg.split("ikut disembunyikan")[1].split(".")[0]
    assert "Kantor Kesatuan Bangsa" in guard and "Bagian Protokol" not in guard
    assert "Validitas kriteria: Tidak ada berkas indikator." in page


def test_a_unit_with_too_few_respondents_is_never_named_on_a_slide(province):
    _, _, path, index = province
    assert "Badan Penghubung" not in " ".join(_slide_texts(path))
    page = _page_text(index)  # the start page lists it, without a figure, with its plans
    assert "Badan Penghubung disembunyikan 3 dari 4 aksi Rencana Aksi merah." in page


def test_failed_reliability_reaches_the_deck_and_the_start_page(regency, province):
    _, _, path, index = regency
    deck_text = " ".join(_slide_texts(path))
    for text in (deck_text, _page_text(index)):
        assert "Keandalan pengukuran (reliabilitas) 0,47, di bawah batas 0,60, pada 3 dari 7 " \
               "nilai (Akuntabel, Harmonis dan Adaptif)" in text
    assert "reliabilitas" not in " ".join(_slide_texts(province[2]))


def test_charts_are_placed_at_their_drawn_size(province):
    from PIL import Image
    from pptx import Presentation

    pictures = 0
    for slide in Presentation(province[2]).slides:
        for shape in slide.shapes:
            if shape.shape_type == 13:
                with Image.open(__import__("io").BytesIO(shape.image.blob)) as im:
                    w, h = im.size
                assert abs(shape.width / 914400 - w / 200) < 0.01
                assert abs(shape.height / 914400 - h / 200) < 0.01
                assert shape.left + shape.width <= 13.34 * 914400
                assert shape.top + shape.height <= 7.0 * 914400
                pictures += 1
    assert pictures == 5


def test_the_deck_is_byte_identical_on_a_second_build(province, tmp_path):
    folder, cfg, path, _ = province
    again = deck.build_deck(deck.DeckInputs(2025, messages_tables(folder), "berakhlak-2025",
                                            title=cfg.title, organisation=cfg.organisation,
                                            target=cfg.target, min_group_size=10,
                                            notes={"01_instrument_validation · Validitas "
                                                   "kriteria": "Tidak ada berkas indikator."},
                                            words=deck.config_words(cfg)),
                            tmp_path / path.name)
    assert again.read_bytes() == path.read_bytes()


def messages_tables(folder: Path) -> dict[str, pd.DataFrame]:
    from akhlak_analysis.report.artifacts import read_tables

    return read_tables(folder, year=2025)


# --------------------------------------------------------------------------- messages
def test_units_needing_attention_and_to_learn_from():
    t = province_tables()
    att = units_needing_attention(t, words=organisation_words("Provinsi X"))
    first = att.iloc[0]
    assert first["name"] == "Dinas Lingkungan Hidup" and first["n_reasons"] == 3
    assert bool(first["falling"]) and bool(first["low"]) and bool(first["red"])
    hidden = att[att["unit"] == "BPENGHUBUNG"].iloc[0]  # withheld: judged on its plans only
    assert pd.isna(hidden["culture_index"]) and hidden["reasons"] == \
        "3 dari 4 aksi Rencana Aksi merah"
    assert "BIRO_ADPEM" not in set(att["unit"])
    learn = units_to_learn_from(t, words=organisation_words("Provinsi X"))
    assert {"DISHUB", "DINKES"} <= set(learn["unit"]) and "DLH" not in set(learn["unit"])
    assert (att["n_reasons"].diff().dropna() <= 0).all()


@pytest.mark.parametrize("organisation, level, unit, area", [
    ("Pemerintah Provinsi Kalimantan Tengah", None, "OPD", "provinsi"),
    ("Pemerintah Kabupaten Tanjung Rimba", None, "OPD", "kabupaten"),
    ("Pemerintah Kabupaten Kotawaringin Barat", None, "OPD", "kabupaten"),
    ("Pemerintah Kota Palangka Raya", None, "OPD", "kota"),
    ("Kementerian Pendayagunaan Aparatur Negara", None, "instansi", "nasional"),
    ("Tim Evaluasi", None, "OPD", "keseluruhan"),
    ("Tim Evaluasi", "kabupaten", "OPD", "kabupaten"),
    ("Pemerintah Provinsi X", "national", "instansi", "nasional"),
])
def test_organisation_words(organisation, level, unit, area):
    w = organisation_words(organisation, level=level)
    assert (w.unit, w.area) == (unit, area)
    assert organisation_words(organisation, level=level, unit_word="perangkat daerah").unit == \
        "perangkat daerah"


def test_an_unknown_level_is_an_error_naming_the_key():
    with pytest.raises(DataError, match='key "level".*did you mean'):
        organisation_words("X", level="kabupatn")


def test_a_saved_table_without_its_columns_is_an_error_naming_them():
    t = province_tables()
    t[names.HEADLINE] = t[names.HEADLINE].drop(columns="ci_high")
    with pytest.raises(DataError, match="ci_high"):
        messages.build_messages(t, year=2025, instrument=INS)
    t = province_tables()
    t[messages.ANSWER_SHARES] = pd.DataFrame({"value": ["loyal"], "pct_favourable": [80.0]})
    with pytest.raises(DataError, match="pct_neutral"):
        messages.answer_shares(t, instrument=INS)


def test_answer_shares_use_the_saved_three_way_table_when_there_is_one():
    t = province_tables()
    fav = messages.answer_shares(t, instrument=INS)
    items = t[names.OPD_ITEMS].groupby("item")[["value", "province_pct_favourable"]].first()
    expected = items.groupby("value")["province_pct_favourable"].mean()
    assert fav.set_index("value")["pct_favourable"].to_dict() == pytest.approx(expected.to_dict())
    assert fav["pct_neutral"].isna().all()
    t[messages.ANSWER_SHARES] = pd.DataFrame({"value": INS.value_codes, "pct_favourable": 80.0,
                                              "pct_neutral": 15.0, "pct_unfavourable": 5.0})
    three = messages.answer_shares(t, instrument=INS)
    assert three[["pct_favourable", "pct_neutral", "pct_unfavourable"]].sum(axis=1).eq(100).all()


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 100), st.floats(0, 100))
def test_a_shown_change_is_the_difference_of_the_shown_numbers(a, b):
    d = shown_change(a, b)
    printed = [float(num(x).replace(".", "").replace(",", ".")) for x in (a, b, d)]
    assert round(printed[1] - printed[0], 1) == printed[2]


# --------------------------------------------------------------------------- slide charts
def _texts(fig) -> list:
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]


@pytest.mark.parametrize("draw", ["gauge", "values", "shares", "moves", "plans"])
def test_slide_charts_are_drawn_at_size_with_14_pt_text(draw):
    frame = pd.DataFrame({"name": [n for _, n in OPD[:6]], "before": [70.0, 80, 75, 71, 79, 60],
                          "after": [75.0, 74, 76, 71, 85, 66], "merah": [2, 1, 0, 0, 3, 1],
                          "kuning": [1, 1, 2, 0, 0, 1], "hijau": [0, 2, 1, 3, 0, 1],
                          "score": [70.0, 80, 75, 71, 79, 60], "pct_favourable": 80.0})
    head = pd.DataFrame({"year": [2025], "culture_index": [79.0], "ci_low": [78.0],
                         "ci_high": [80.0]})
    ax = {"gauge": lambda: charts.plot_index_gauge(head, instrument=INS, target=(80, 90),
                                                   width=7.0, height=3.0),
          "values": lambda: charts.plot_value_scores(frame, instrument=INS, width=6, height=5),
          "shares": lambda: charts.plot_answer_shares(frame, words=("setuju", "netral", "tidak"),
                                                      width=12.3, height=4.9),
          "moves": lambda: charts.plot_unit_moves(frame, years=(2024, 2025), width=8.3,
                                                  height=5.5),
          "plans": lambda: charts.plot_action_status(frame, width=8.3, height=5.5)}[draw]()
    fig = ax.figure
    fig.canvas.draw()
    texts = _texts(fig)
    assert len(texts) >= 5
    for t in texts:
        assert t.get_fontsize() >= charts.SLIDE_FONT, (t.get_text(), t.get_fontsize())
        assert not SNAKE.search(t.get_text()) and not FORBIDDEN.search(t.get_text())
    assert tuple(fig.get_size_inches()) in {(7.0, 3.0), (6.0, 5.0), (12.3, 4.9), (8.3, 5.5)}
    if draw in ("moves", "plans"):  # names wrapped, never cut
        shown = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
        assert shown == [n for _, n in OPD[:len(shown)]] and LONG in shown
        assert len(shown) <= charts.MAX_SLIDE_ROWS
    matplotlib.pyplot.close(fig)


@given(st.lists(st.text("abc ", min_size=1, max_size=60), min_size=0, max_size=40),
       st.floats(1.5, 12))
def test_fit_rows_never_exceeds_the_height_or_fifteen_rows(labels, height):
    wrapped = [charts.wrap_name(x) for x in labels]
    k = charts.fit_rows(wrapped, height=height)
    assert 0 <= k <= min(len(labels), charts.MAX_SLIDE_ROWS)
    assert charts.fit_rows(wrapped, height=height + 1) >= k


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs")) | st.just(" "),
               max_size=120))
def test_wrapped_names_keep_every_word(name):
    assert charts.wrap_name(name).split() == name.split()


def test_no_word_of_a_table_cell_is_broken_across_lines(built):
    """LibreOffice and PowerPoint break a word that is wider than its column ("Mendukun/g" on
    a regency's values slide): every word of every cell fits its column at its own size."""
    from PIL import ImageFont
    from pptx import Presentation
    from pptx.util import Emu

    fonts = Path("/usr/share/fonts/truetype/dejavu")
    if not (fonts / "DejaVuSans-Bold.ttf").is_file():
        pytest.skip("needs the DejaVu fonts the deck is measured with")
    checked = 0
    for number, slide in enumerate(Presentation(built[2]).slides, 1):
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for row in shape.table.rows:
                for cell, column in zip(row.cells, shape.table.columns, strict=True):
                    room = Emu(column.width - cell.margin_left - cell.margin_right).pt
                    for p in cell.text_frame.paragraphs:
                        for r in p.runs:
                            font = ImageFont.truetype(
                                str(fonts / ("DejaVuSans-Bold.ttf" if r.font.bold
                                             else "DejaVuSans.ttf")), size=100)
                            size = (r.font.size or p.font.size).pt
                            for word in r.text.split():
                                checked += 1
                                assert font.getlength(word) * size / 100 <= room, (
                                    number, word, room)
    assert checked > 20
