"""One number per fact across the artifacts of a finished report (used by the slow tests).

:func:`figure_mismatches` reads the start page (HTML), every OPD card (HTML and the text of
its PDF), the deck (python-pptx), the workbook (openpyxl, through ``read_workbook``) and the
saved Parquet tables, and lists every figure shown in one of them that differs from the same
figure elsewhere: the headline index, each value's index, the change and the two numbers it
is the difference of, each published OPD's index and rank interval. :func:`snake_codes` lists
the snake_case codes in the reader-facing texts of every artifact.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from bs4 import BeautifulSoup

import akhlak_analysis as ak
from akhlak_analysis.report import names, workbook
from akhlak_analysis.report.artifacts import read_tables
from akhlak_analysis.report.wording import num, organisation_words, shown_change

SNAKE = re.compile(r"\b[A-Za-z0-9]+_[A-Za-z0-9_]+\b")
#: "dari 76,4 (2024) menjadi 79,1 (2025), naik 2,7 poin"
CHANGE_SENTENCE = re.compile(r"dari (-?\d+,\d) \((\d{4})\) menjadi (-?\d+,\d) \((\d{4})\), "
                             r"(naik|turun|tetap)(?: (\d+,\d) poin)?")
#: the card's change fact: "-2,2 2024: 75,0 → 2025: 72,8"
CARD_CHANGE = re.compile(r"([+-]?\d+,\d) (\d{4}): (-?\d+,\d) → (\d{4}): (-?\d+,\d)")


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".").replace("−", "-"))


def html_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                         check=True, timeout=60).stdout.decode("utf-8", "ignore")
    return re.sub(r"\s+", " ", out)


def slides(path: Path) -> list[dict]:
    """Per slide: ``title``, ``texts`` (text boxes, in order) and ``tables`` (rows of cells)."""
    from pptx import Presentation

    out = []
    for slide in Presentation(path).slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        tables = [[[c.text for c in row.cells] for row in s.table.rows]
                  for s in slide.shapes if s.has_table]
        out.append({"title": texts[0] if texts else "", "texts": texts, "tables": tables})
    return out


def workbook_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(sheet, text) of every text cell of the workbook."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str):
                    yield ws.title, v


def _cards(out: Path) -> list[Path]:
    return sorted(p for p in (out / "opd").glob("*.html") if p.name != "index.html")


# --------------------------------------------------------------------------- figures
def _facts(path: Path) -> dict[str, list[str]]:
    """The card's fact boxes: label -> its paragraphs (value first)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    out = {}
    for fact in soup.select("div.fact"):
        ps = [p.get_text(" ", strip=True) for p in fact.find_all("p")]
        out[ps[0]] = ps[1:]
    return out


def _card_values(path: Path) -> dict[str, str]:
    """The card's values table: value name -> the organisation's column."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table.values")
    if table is None:
        return {}
    heads = [th.get_text(strip=True) for th in table.select("thead th")]
    col = next((j for j, h in enumerate(heads) if j > 1 and h not in ("", "OPD ini")), None)
    return {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[col].get_text(
        strip=True) for tr in table.select("tbody tr")} if col is not None else {}


def _check_changes(where: str, text: str, problems: list[str]) -> None:
    """Every printed change is the difference of the two numbers printed with it."""
    for m in CHANGE_SENTENCE.finditer(text):
        before, after = _number(m.group(1)), _number(m.group(3))
        diff = shown_change(before, after)
        word = "naik" if diff > 0 else "turun" if diff < 0 else "tetap"
        if m.group(5) != word or (m.group(6) and _number(m.group(6)) != abs(diff)):
            problems.append(f"{where}: '{m.group(0)}' is not {num(after)} - {num(before)}")


def _headline_checks(t: dict, year: int, texts: dict[str, str], problems: list[str]) -> None:
    head = t[names.HEADLINE].sort_values("year")
    r = head[head["year"] == year].iloc[0]
    shown = num(r["culture_index"])
    for where, text in texts.items():
        if "Indeks Budaya Kerja" in text and shown not in text:
            problems.append(f"{where}: headline index {shown} not shown")
    change = t.get(names.PROVINCE_CHANGE)
    if change is not None and len(change):
        c = change.iloc[0]
        y1, y2 = sorted(int(k.rsplit("_", 1)[1]) for k in c.index
                        if re.fullmatch(r"culture_index_\d{4}", str(k)))
        b, a = num(c[f"culture_index_{y1}"]), num(c[f"culture_index_{y2}"])
        sentence = f"dari {b} ({y1}) menjadi {a} ({y2})"
        for where in ("index page", "deck"):
            if sentence not in texts[where]:
                problems.append(f"{where}: the change is not '{sentence}' (saved table)")


def _unit_checks(t: dict, out: Path, texts: dict[str, str], problems: list[str],
                 deck_rows: list[list[str]]) -> None:
    opd = t[names.OPD_INDEX]
    shown = opd[~opd["suppressed"].astype(bool)]
    index = dict(zip(shown["name"].astype(str), shown["culture_index"].map(num), strict=True))
    rank = t.get(names.RANKING)
    interval = {}
    if rank is not None and len(rank):
        r = rank[~rank["suppressed"].astype(bool)]
        interval = {str(n): (int(lo), int(hi)) for n, lo, hi in zip(
            r["name"], r["rank_low"], r["rank_high"], strict=True)}
    page = BeautifulSoup((out / "html" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in page.select("table tr")]
    for where, table in (("index page", rows), ("deck", deck_rows)):
        for row in table:
            if len(row) >= 2 and row[0] in index and row[1] != index[row[0]]:
                problems.append(f"{where}: {row[0]} index {row[1]}, saved {index[row[0]]}")
    for card in _cards(out):
        name = html_text(card).split("Rapor Budaya Kerja BerAKHLAK: ", 1)[-1]
        name = next((n for n in sorted(index, key=len, reverse=True) if name.startswith(n)),
                    None)
        if name is None:
            continue
        facts = _facts(card)
        head = next((v for k, v in facts.items() if k.startswith("Indeks Budaya Kerja")), None)
        if head is None or head[0] != index[name]:
            problems.append(f"card {card.name}: index {head and head[0]}, saved {index[name]}")
        pdf = card.with_suffix(".pdf")
        if pdf.is_file() and index[name] not in pdf_text(pdf):
            problems.append(f"card {pdf.name}: index {index[name]} not in the PDF")
        if name in interval:
            lo, hi = interval[name]
            words = f"antara peringkat {lo} dan {hi}"
            card_rank = " ".join(facts.get("Peringkat", []))
            if words not in card_rank:
                problems.append(f"card {card.name}: rank '{card_rank}', saved {lo}-{hi}")
            if pdf.is_file() and words not in pdf_text(pdf):
                problems.append(f"card {pdf.name}: rank interval {lo}-{hi} not in the PDF")
        for value in [facts.get(k) for k in facts if k.startswith("Perubahan sejak")]:
            m = CARD_CHANGE.search(" ".join(value or []))
            if m and _number(m.group(1)) != shown_change(_number(m.group(3)),
                                                         _number(m.group(5))):
                problems.append(f"card {card.name}: change {m.group(0)}")


def _value_checks(t: dict, year: int, ins, out: Path, deck: list[dict],
                  problems: list[str]) -> None:
    head = t[names.HEADLINE]
    r = head[head["year"] == year].iloc[0]
    official = {ins.value_name(v): num(r[v]) for v in ins.value_codes}
    for card in _cards(out):
        for name, shown in _card_values(card).items():
            if name in official and shown != official[name]:
                problems.append(f"card {card.name}: {name} of the organisation {shown}, "
                                f"saved {official[name]}")
    change = t.get(names.VALUE_CHANGE)
    values = next((s for s in deck if s["title"].startswith("Skor tiap nilai")), None)
    if change is None or values is None or not values["tables"]:
        return
    c = change.set_index("value")
    years = sorted(int(k.rsplit("_", 1)[1]) for k in c.columns
                   if re.fullmatch(r"culture_index_\d{4}", str(k)))
    saved = {ins.value_name(v): (num(c.loc[v, f"culture_index_{years[0]}"]),
                                 num(c.loc[v, f"culture_index_{years[-1]}"]))
             for v in c.index if v in ins.value_codes}
    for row in values["tables"][0][1:]:
        name, before, after, text = row[:4]
        if name in saved and (before, after) != saved[name]:
            problems.append(f"deck: {name} {before} -> {after}, saved {saved[name]}")
        diff = shown_change(_number(before), _number(after))
        if not text.startswith(num(diff) if diff <= 0 else f"+{num(diff)}"):
            problems.append(f"deck: {name} change '{text}' is not {after} - {before}")


def _workbook_checks(t: dict, path: Path, ins, problems: list[str]) -> None:
    book = workbook.read_workbook(path, instrument=ins)
    sheets = {v: k for k, v in workbook.WORKBOOK_SHEETS.items()}
    for sheet, table in book.items():
        key = sheets.get(sheet)
        if key is None:  # another level's sheet names
            key = next((k for lvl in ("regency", "city", "national", "organisation")
                        for k, s in workbook.workbook_sheets(
                            organisation_words(level=lvl)).items()
                        if s == sheet), None)
        if key not in (names.HEADLINE, names.OPD_INDEX, names.RANKING, names.PROVINCE_CHANGE):
            continue
        saved = t[key]
        for col in ("culture_index", "rank_low", "rank_high"):
            if col in saved.columns and col in table.columns:
                a = pd.to_numeric(saved[col], errors="coerce").astype(float).round(1).dropna()
                b = pd.to_numeric(table[col], errors="coerce").astype(float).round(1).dropna()
                if a.tolist() != b.tolist():
                    problems.append(f"workbook {sheet}: {col} differs from the saved table")


def figure_mismatches(out: Path, *, year: int, instrument) -> list[str]:
    """Every figure that differs between the artifacts of the report in ``out``."""
    t = read_tables(out, year=year)
    ins = ak.load_instrument(instrument)
    deck = slides(out / f"paparan_{year}.pptx")
    headline = next(s for s in deck if s["title"].startswith("Angka utama"))
    texts = {"index page": html_text(out / "html" / "index.html"),
             "deck": " ".join(" ".join(s["texts"]) for s in deck)}
    problems: list[str] = []
    big = BeautifulSoup((out / "html" / "index.html").read_text(encoding="utf-8"),
                        "html.parser").select_one(".big")
    head = t[names.HEADLINE]
    shown = num(head[head["year"] == year].iloc[0]["culture_index"])
    if big is None or big.get_text(strip=True) != shown:
        problems.append(f"index page: big number {big and big.get_text()}, saved {shown}")
    if headline["texts"][1] != shown:
        problems.append(f"deck: big number {headline['texts'][1]}, saved {shown}")
    _headline_checks(t, year, texts, problems)
    for where, text in texts.items():
        _check_changes(where, text, problems)
    deck_rows = [row for s in deck for tab in s["tables"] for row in tab]
    _unit_checks(t, out, texts, problems, deck_rows)
    _value_checks(t, year, ins, out, deck, problems)
    xlsx = out / f"tabel_indeks_budaya_kerja_{year}.xlsx"
    if xlsx.is_file():
        _workbook_checks(t, xlsx, ins, problems)
    return problems


# --------------------------------------------------------------------------- codes
def reader_texts(out: Path, *, year: int, pdf_cards: int = 5) -> Iterator[tuple[str, str]]:
    """(where, text) of every reader-facing text: start page, glossary, cards (HTML, a few
    PDFs), the deck's slides and the workbook's text cells."""
    yield "index page", html_text(out / "html" / "index.html")
    glossary = out / "html" / "istilah.html"
    if glossary.is_file():
        yield "glossary", html_text(glossary)
    cards = _cards(out)
    for card in cards:
        yield f"card {card.name}", html_text(card)
    for card in cards[:pdf_cards]:
        if card.with_suffix(".pdf").is_file():
            yield f"card {card.stem}.pdf", pdf_text(card.with_suffix(".pdf"))
    for k, s in enumerate(slides(out / f"paparan_{year}.pptx"), 1):
        yield f"slide {k}", " ".join(s["texts"] + [c for tab in s["tables"] for row in tab
                                                   for c in row])
    xlsx = out / f"tabel_indeks_budaya_kerja_{year}.xlsx"
    if xlsx.is_file():
        for sheet, text in workbook_texts(xlsx):
            yield f"workbook {sheet}", text


def snake_codes(out: Path, *, year: int, allowed: set[str] = frozenset()) -> list[str]:
    """``where: code`` for every snake_case code in a reader-facing text (``allowed``: codes
    that are data, e.g. unit codes written by the organisation)."""
    found = []
    for where, text in reader_texts(out, year=year):
        for code in SNAKE.findall(text):
            if code not in allowed:
                found.append(f"{where}: {code}")
    return found
