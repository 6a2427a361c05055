"""A user's own data, one first year, every section that needs no missing input: the whole report.

The folder is built from nothing by :mod:`tests.own_data` (own organisation and units, a unit
table with only the required columns, an own 4-point frequency instrument file, a Microsoft
Forms workbook with coded labels and no position-type column, one year, no indicators and no
action plans). The report must run, hold every section whose inputs exist, say why each other
one is absent, compute the index by the definition, and carry nothing written for the sample.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import akhlak_analysis as ak
from akhlak_analysis.report import artifacts, names, runner
from tests import own_data
from tests.conftest import ROOT
from tests.report import cross_artifact

pytestmark = pytest.mark.slow  # runs akhlak report or notebooks: the slow lane of make test

SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("AKHLAK_ID_KEY", "own-data-key")
    folder = tmp_path_factory.mktemp("tanjung_rimba")
    truth = own_data.write_folder(folder)
    res = runner.run_report(folder / "analysis.yaml", progress=lambda _line: None)
    yield folder, truth, res
    mp.undo()


def _page_texts(out: Path) -> dict[str, str]:
    texts = {}
    for page in sorted((out / "html").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        texts[page.name] = soup.get_text(" ")
    for office in [*out.glob("*.xlsx"), *out.glob("*.pptx")]:
        with zipfile.ZipFile(office) as z:
            xml = " ".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist()
                           if n.endswith(".xml"))
        texts[office.name] = re.sub(r"<[^>]+>", " ", xml)
    return texts


def test_the_report_runs_and_every_available_section_is_there(built):
    _, _, res = built
    assert len(res.html) == 6 and res.workbook is not None and res.deck.is_file()
    tables = artifacts.read_tables(res.out_dir, year=own_data.YEAR)
    for name in (names.HEADLINE, names.OPD_INDEX, names.TARGET_GAPS, names.RANKING,
                 names.IMPROVEMENT, names.ITEM_VALIDATION, names.VALUE_VALIDATION,
                 names.MODEL_FIT, names.RESPONSE_RATES, names.CLEANING_LOG):
        assert name in tables, name
    for name in (names.PROVINCE_CHANGE, names.UNIT_CHANGE, names.ACTION_PLANS):
        assert name not in tables, name
    skipped = " ".join(res.skipped)
    for section in ("Invariansi antartahun", "Invariansi antarjenis jabatan", "Validitas kriteria",
                    "Tindak lanjut rencana aksi", "Tingkat dan perubahan",
                    "Sub-unit (bidang/UPT)", "Kelompok pegawai"):
        assert section in skipped, section
    # the drill-down without sub-units or groups: the item table, and the page says why
    assert names.OPD_ITEMS in tables and names.SUPPRESSION in tables
    for name in (names.SUBUNIT_INDEX, names.GROUP_INDEX, names.PROVINCE_GROUPS):
        assert name not in tables, name
    page = (res.out_dir / "html" / "04_drilldown.html").read_text(encoding="utf-8")
    assert "kolom sub-unit" in page and "kolom kelompok pegawai" in page
    cards = sorted((res.out_dir / "opd").glob("*.pdf"))
    opd = tables[names.OPD_INDEX]
    assert {p.stem for p in cards} == set(opd["unit"])  # withheld ones say why
    manifest = json.loads((res.out_dir / "manifest.json").read_text())
    assert manifest["year"] == own_data.YEAR


def test_the_index_equals_the_definition(built):
    _, truth, res = built
    tables = artifacts.read_tables(res.out_dir, year=own_data.YEAR)
    head = tables[names.HEADLINE].iloc[-1]
    assert int(head["n"]) == len(truth)
    assert float(head["culture_index"]) == pytest.approx(own_data.expected_index(truth), abs=1e-9)
    opd = tables[names.OPD_INDEX].set_index("unit")
    assert bool(opd.loc["U06", "suppressed"]) and pd.isna(opd.loc["U06", "culture_index"])


def test_nothing_written_for_the_sample_reaches_the_pages(built):
    _, _, res = built
    sample_units = pd.read_csv(SAMPLE / "units.csv")
    forbidden = {*sample_units["name"].astype(str), "Kalimantan", "sintetis", "76,3",
                 "28 butir", "21 butir", "1 ↔ 5", "1-5"}
    forbidden |= {c for c in ak.load_instrument("berakhlak-2025").item_codes}
    texts = _page_texts(res.out_dir)
    assert len(texts) >= 7
    for page, text in texts.items():
        hits = sorted(w for w in forbidden if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])",
                                                        text))
        assert not hits, (page, hits)
        assert not re.search(r"\b202[45]\b", text), (page, re.findall(r".{40}\b202[45]\b.{40}",
                                                                       text)[:3])
    index = texts["index.html"]
    assert own_data.ORGANISATION in index
    assert "1 ↔ 4" in texts["01_instrument_validation.html"]


def test_no_identifier_reaches_the_pages(built):
    folder, truth, res = built
    texts = " ".join(_page_texts(res.out_dir).values())
    assert "@tanjungrimba.go.id" not in texts and "Pegawai Nomor" not in texts


def test_one_number_per_fact_and_the_words_of_a_regency(built):
    folder, _, res = built
    ins = ak.load_config(folder / "analysis.yaml").year(own_data.YEAR).instrument
    assert cross_artifact.figure_mismatches(res.out_dir, year=own_data.YEAR,
                                            instrument=ins) == []
    assert cross_artifact.snake_codes(res.out_dir, year=own_data.YEAR) == []
    names_ = [u[1] for u in own_data.UNITS]
    for where, text in cross_artifact.reader_texts(res.out_dir, year=own_data.YEAR):
        for name in names_:
            text = text.replace(name, "")
        assert not re.search(r"\bprovinsi\b", text, re.I), where
