"""What a reader needs beside the figures: the glossary, answer shares, the organisation's words.

- the glossary (``glossary.yaml`` -> ``html/istilah.html`` and the workbook sheet "Istilah")
  in the words of the configured level, linked from the start page and every card, and
  naming every abbreviation that reaches a reader;
- favourable / neutral / unfavourable answers per value and item: they sum to 100 and equal a
  count by hand, on a 5-point scale and on a 4-point one with a reverse-keyed item, and a
  hidden OPD's shares are blank in the published table;
- workbook sheet names, headers and descriptions follow the level (a regency says
  "Kabupaten", a national analysis "Nasional" and "instansi").
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

import akhlak_analysis as ak
from akhlak_analysis.report import deck, drilldown, glossary, index_page, names, publish, workbook
from akhlak_analysis.report.wording import organisation_words
from tests import own_data
from tests.conftest import SAMPLE
from tests.report import test_deck

#: a word with two capitals in a row ("OPD", "BerAKHLAK"; not "PowerPoint" or "McDonald")
ABBREVIATION = re.compile(r"\b[A-Za-z]*[A-Z]{2}[A-Za-z]*\b")
ROMAN = re.compile(r"^[IVXLC]+$")


def _text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" "))


def _regency(tmp_path: Path):
    own_data.write_folder(tmp_path)
    return ak.load_config(tmp_path / "analysis.yaml")


# --------------------------------------------------------------------------- glossary
@pytest.mark.parametrize("level,area,unit", [("province", "provinsi", "OPD"),
                                             ("regency", "kabupaten", "OPD"),
                                             ("national", "nasional", "instansi")])
def test_the_glossary_speaks_the_words_of_the_level(level, area, unit):
    words = organisation_words(level=level)
    terms = glossary.glossary_terms("berakhlak-2025", words=words, min_n=7,
                                    target=(70, 85), confidence=0.9)
    text = " ".join(f"{t.term} {' '.join(t.also)} {t.text}" for t in terms)
    assert "{" not in text and "}" not in text
    assert f"Indeks {area}" in text and f"angka {area}" in text
    assert f"banyak {unit} diuji" in text
    assert "kurang dari 7 responden" in text and "70 sampai 85" in text
    assert "Rentang keyakinan 90%" in [t.term for t in terms]
    for other in {"provinsi", "kabupaten", "nasional"} - {area}:
        assert not re.search(rf"\b{other}\b", text, re.I), other
    if unit != "OPD":
        assert not re.search(r"\bOPD\b", text)


def test_the_glossary_has_every_term_the_report_keeps():
    terms = glossary.glossary_terms("berakhlak-2025")
    words = " ".join(f"{t.term} {' '.join(t.also)}" for t in terms).lower()
    for term in ("indeks budaya kerja", "nilai", "butir", "perilaku", "rentang keyakinan 95%",
                 "interval kepercayaan 95%", "bermakna", "signifikan", "jawaban positif",
                 "netral", "negatif", "peringkat", "rentang peringkat",
                 "pengecilan ke arah rata-rata", "indeks disesuaikan", "disembunyikan",
                 "butir terbalik", "reliabilitas", "alfa", "omega", "invariansi",
                 "tingkat respons", "rencana aksi", "target", "kategori"):
        assert term in words, term
    hidden = next(t for t in terms if t.term == "Disembunyikan").text
    assert "kurang dari" in hidden and "dihitung balik" in hidden  # both reasons
    significant = next(t for t in terms if t.term == "Bermakna").text
    assert "banyaknya" in significant and "diperketat" in significant  # the adjustment


def test_a_four_point_scale_has_no_neutral_answer_in_the_glossary(tmp_path):
    cfg = _regency(tmp_path)
    shares = next(t for t in glossary.config_glossary(cfg, own_data.YEAR)
                  if t.term.startswith("Jawaban mendukung"))
    assert "tidak memiliki pilihan tengah" in shares.text and "sering atau selalu" in shares.text


def test_the_start_page_links_the_glossary_page(tmp_path):
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    index = index_page.write_index(tmp_path, config=cfg, year=2025)
    page = tmp_path / glossary.GLOSSARY_PAGE
    assert page.is_file() and "href='istilah.html'" in index.read_text(encoding="utf-8")
    text = _text(page)
    assert "pengecilan ke arah rata-rata" in text and "Singkatan" in text
    assert "http" not in page.read_text(encoding="utf-8")


def test_the_card_tells_where_the_glossary_is():
    from akhlak_analysis.report import _card_html
    from akhlak_analysis.report._card_content import GLOSSARY_LINK

    linked = _card_html._glossary_link(f"Arti istilah ada di {GLOSSARY_LINK} laporan.")
    assert "<a href='../html/istilah.html'>" in linked


def _abbreviations(text: str, allowed_text: str) -> set[str]:
    """Abbreviations in ``text`` that are not part of a name or statement in ``allowed_text``."""
    return {a for a in ABBREVIATION.findall(text)
            if a not in allowed_text and not ROMAN.match(a)}


@pytest.mark.parametrize("which", ["province", "regency"])
def test_every_abbreviation_a_reader_meets_is_in_the_glossary(which, tmp_path):
    if which == "province":
        cfg, year = ak.load_config(SAMPLE / "analysis.yaml"), 2025
        tables = test_deck.province_tables()
    else:
        cfg, year = _regency(tmp_path), own_data.YEAR
        tables = test_deck.regency_tables(cfg.year(year).instrument)
    folder = test_deck._save(tables, tmp_path / "laporan", year)
    path = deck.build_report_deck(folder, config=cfg, year=year, skipped={})
    index = index_page.write_index(folder, config=cfg, year=year)
    texts = [*test_deck._slide_texts(path), _text(index), _text(folder / glossary.GLOSSARY_PAGE)]
    ins = ak.load_instrument(cfg.year(year).instrument)
    data = " ".join([cfg.organisation, cfg.title, *tables[names.OPD_INDEX]["name"].astype(str),
                     *(it.text for it in ins.items)])
    known = set(glossary.abbreviations())
    found = set().union(*(_abbreviations(t, data) for t in texts))
    assert found, "the test reads the texts"
    assert found <= known, sorted(found - known)


def test_the_abbreviation_check_finds_a_planted_one():
    assert _abbreviations("Indeks naik menurut SDM dan OPD; skala II", "") == {"SDM", "OPD"}
    assert _abbreviations("nilai BerAKHLAK", "") == {"BerAKHLAK"}


# --------------------------------------------------------------------------- answer shares
def _by_hand(x: pd.Series, *, lo: int, hi: int, fav: int, reverse: bool) -> tuple[float, ...]:
    x = x.dropna().astype(int)
    keyed = lo + hi - x if reverse else x
    mid = (lo + hi) / 2
    f = (keyed >= fav).sum()
    n = ((keyed == mid) & (keyed < fav)).sum() if float(mid).is_integer() else 0
    return tuple(100.0 * k / len(x) for k in (f, n, len(x) - f - n))


def test_answer_shares_equal_a_count_by_hand_on_five_points():
    ins = ak.load_instrument("berakhlak-2025")
    rng = np.random.default_rng(3)
    d = pd.DataFrame({c: rng.integers(1, 6, 40).astype(float) for c in ins.item_codes})
    d.iloc[:5, 2] = np.nan
    d["opd"] = np.repeat(["A", "B"], 20)
    t = drilldown.answer_shares(d, instrument=ins)
    parts = ["pct_favourable", "pct_neutral", "pct_unfavourable"]
    assert np.allclose(t[parts].sum(axis=1), 100.0)
    assert t["pct_neutral"].gt(0).any()
    for it in ins.items:
        for unit, rows in (("province", d), ("A", d[d["opd"] == "A"])):
            got = t[(t["unit"] == unit) & (t["item"] == it.code)][parts].iloc[0]
            assert np.allclose(got, _by_hand(rows[it.code], lo=1, hi=5, fav=4,
                                             reverse=it.reverse)), (unit, it.code)
    v = t[(t["unit"] == "B") & t["item"].isna() & (t["value"] == "adaptif")].iloc[0]
    codes = ins.factors["adaptif"]
    pooled = pd.concat([pd.Series(_by_hand(d.loc[d["opd"] == "B", c], lo=1, hi=5, fav=4,
                                           reverse=ins.item(c).reverse)) *
                        d.loc[d["opd"] == "B", c].notna().sum() for c in codes], axis=1)
    answers = sum(d.loc[d["opd"] == "B", c].notna().sum() for c in codes)
    assert v["n_answered"] == answers
    assert np.allclose(v[parts].to_numpy(float), pooled.sum(axis=1) / answers)


def test_a_four_point_scale_has_no_neutral_and_a_hidden_unit_is_blank(tmp_path):
    cfg = _regency(tmp_path)
    ctx = ak.Analysis.from_config(tmp_path / "analysis.yaml")
    t = publish.published_tables(ctx)[names.ANSWER_SHARES]
    parts = ["pct_favourable", "pct_neutral", "pct_unfavourable"]
    shown = t[~t["suppressed"]]
    assert np.allclose(shown[parts].sum(axis=1), 100.0)
    assert (shown["pct_neutral"] == 0).all()
    truth = own_data.answers()
    for it in own_data.item_codes():
        got = shown[(shown["unit"] == "province") & (shown["item"] == it)][parts].iloc[0]
        assert np.allclose(got, _by_hand(truth[it], lo=1, hi=4, fav=3,
                                         reverse=it == own_data.REVERSED)), it
    opd = publish.published_tables(ctx)[names.OPD_INDEX]
    hidden = set(opd.loc[opd["suppressed"], "unit"])
    assert hidden and set(t.loc[t["suppressed"], "unit"]) == hidden
    assert t.loc[t["suppressed"], parts + ["n_answered"]].isna().all().all()
    m = ak.load_instrument(cfg.year(own_data.YEAR).instrument)
    from akhlak_analysis.report.messages import answer_shares

    org = answer_shares({names.ANSWER_SHARES: t}, instrument=m)
    assert list(org["value"]) == m.value_codes and org["pct_neutral"].eq(0).all()


# --------------------------------------------------------------------------- workbook words
def test_a_regency_workbook_speaks_of_the_kabupaten(tmp_path):
    cfg = _regency(tmp_path)
    year = own_data.YEAR
    folder = test_deck._save(test_deck.regency_tables(cfg.year(year).instrument),
                             tmp_path / "laporan", year)
    rows = glossary.glossary_rows(glossary.config_glossary(cfg, year))
    path = workbook.build_workbook(folder, folder / "t.xlsx", year=year,
                                   words=deck.config_words(cfg), glossary=rows)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Petunjuk", "Istilah", "Kabupaten"]
    assert "Indeks OPD" in wb.sheetnames
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str))
    for name in cfg_names(folder, year):
        text = text.replace(name, "")
    assert not re.search(r"\bprovinsi\b", text, re.I), re.findall(r".{40}provinsi.{20}", text,
                                                                   re.I)[:3]
    assert "Skor kabupaten" in text
    terms = [str(wb["Istilah"].cell(i, 1).value) for i in range(2, wb["Istilah"].max_row + 1)]
    assert len(terms) == len(rows) and any(t.startswith("Bermakna") for t in terms)


def cfg_names(folder: Path, year: int) -> list[str]:
    """Unit names (data, kept as they are)."""
    t = pd.read_parquet(folder / "tables" / f"{names.OPD_INDEX}_{year}.parquet")
    return list(t["name"].astype(str))


def test_sheet_names_follow_every_level():
    for level, head, opd in (("province", "Provinsi", "Indeks OPD"),
                             ("city", "Kota", "Indeks OPD"),
                             ("national", "Nasional", "Indeks instansi")):
        sheets = workbook.workbook_sheets(organisation_words(level=level))
        assert sheets[names.HEADLINE] == head and sheets[names.OPD_INDEX] == opd
        assert all(len(s) <= 31 for s in sheets.values())
    long = workbook.workbook_sheets(organisation_words(level="regency",
                                                       unit_word="perangkat daerah"))
    assert len(set(long.values())) == len(long) and all(len(s) <= 31 for s in long.values())
