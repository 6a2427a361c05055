"""The HTML outputs in a real browser: headless Chromium (Debian's) driven by Playwright.

Opens an OPD report card and a page with interactive tables from ``file://``, fails on any
console error or page error, aborts and records every request that is not a ``file:`` or
``data:`` URL (nothing may leave the machine), and types into the table's search box to check
that the rows are filtered.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.report.cards import build_card, card_html
from akhlak_analysis.report.index_page import write_index
from akhlak_analysis.report.interactive import interactive_html, interactive_page, offline_bundle
from akhlak_analysis.report.kernels import export_html
from akhlak_analysis.stats.disclosure import suppress
from tests.conftest import SAMPLE

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             "/usr/bin/chromium") if p and Path(p).exists()), None)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                "(apt-get install -y chromium); the browser test needs it")]
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

INS = ak.load_instrument("berakhlak-2025")
NAMES = ["Dinas Kesehatan", "Dinas Pendidikan", "Badan Pendapatan Daerah", "Biro Hukum",
         "Inspektorat", "Badan Penghubung", "Dinas Sosial", "Dinas Perhubungan"]


def _published() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(3)
    n = [321, 900, 146, 13, 40, 7, 60, 232]
    opd = pd.DataFrame({"unit": [f"U{i}" for i in range(len(n))], "name": NAMES, "n": n,
                        "culture_index": rng.uniform(70, 90, len(n)), "ci_low": 60.0,
                        "ci_high": 95.0, "category": "Sehat",
                        **{v: rng.uniform(65, 90, len(n)) for v in INS.value_codes}})
    prov = pd.DataFrame([{"unit": "province", "n": sum(n), "year": 2025,
                          **{c: float(np.average(opd[c], weights=n))
                             for c in ["culture_index", *INS.value_codes]}}])
    res = suppress({"opd": opd, "province": prov[["unit", "n", "culture_index"]]},
                   hierarchy=dict.fromkeys(opd["unit"], "province"), min_n=10)
    return {"indeks_opd": res.tables["opd"], "indeks_provinsi": prov}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    tables = _published()
    card = build_card(tables, "U0", year=2025, instrument=INS, target=(80, 90), min_n=10)
    (folder / "card.html").write_text(card_html(card), encoding="utf-8")
    shown = tables["indeks_opd"][["unit", "name", "n", "culture_index", "category",
                                  "suppressed"]]
    page = interactive_page({"Indeks OPD": shown}, title="Indeks OPD", min_n=10)
    (folder / "tables.html").write_text(page, encoding="utf-8")
    # a notebook page: the outputs init_interactive() and show_table() leave in a notebook,
    # exported by the runner's export_html
    import nbformat

    def html_output(text: str):
        return nbformat.v4.new_output("display_data", data={"text/html": text,
                                                            "text/plain": ""})

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Eksplorasi indeks OPD"),
                nbformat.v4.new_code_cell("init_interactive()", outputs=[html_output(offline_bundle())]),
                nbformat.v4.new_code_cell("show_table(opd)", outputs=[html_output(
                    interactive_html(shown, caption="Indeks OPD", min_n=10))])]
    nbformat.write(nb, folder / "04_eksplorasi.ipynb")
    export_html(folder / "04_eksplorasi.ipynb", folder / "notebook.html")
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    index = write_index(folder / "report", config=cfg, year=2025)
    return {"card": folder / "card.html", "tables": folder / "tables.html",
            "notebook": folder / "notebook.html", "index": index}


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _open(browser, path: Path):
    """A page with every non-local request aborted and recorded, console errors collected."""
    page = browser.new_page()
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    return page, problems, outside


def test_card_opens_without_errors_or_requests(browser, pages):
    page, problems, outside = _open(browser, pages["card"])
    assert page.locator("h1").inner_text().startswith("Rapor Budaya Kerja BerAKHLAK: "
                                                      "Dinas Kesehatan")
    assert page.locator("svg rect").count() == len(INS.value_codes)
    assert problems == [] and outside == []
    page.close()


def test_index_page_opens_without_errors_or_requests(browser, pages):
    page, problems, outside = _open(browser, pages["index"])
    assert "2025" in page.locator("h1").inner_text()
    assert problems == [] and outside == []
    page.close()


@pytest.mark.parametrize("which", ["tables", "notebook"])
def test_interactive_table_filters_offline(browser, pages, which):
    page, problems, outside = _open(browser, pages[which])
    rows = page.locator("table.dataTable tbody tr")
    rows.first.wait_for(timeout=20000)
    assert rows.count() == len(NAMES)
    # numbers with the decimal comma sort as numbers (13 before 146 before 900)
    header = page.locator("table.dataTable thead th", has_text="Jumlah responden")
    assert "dt-type-numeric" in header.get_attribute("class")
    header.locator(".dt-column-order").click()
    col = [t.split("\t")[2] for t in rows.all_inner_texts()]
    nums = [int(c.replace(".", "")) for c in col if c.strip()]
    assert nums == sorted(nums) and len(nums) == len(NAMES) - 2
    search = page.locator("input[type=search]")
    search.fill("Dinas")
    page.wait_for_function("document.querySelectorAll('table.dataTable tbody tr').length == 4",
                           timeout=10000)
    texts = rows.all_inner_texts()
    assert all("Dinas" in t for t in texts)
    search.fill("Penghubung")  # a suppressed row is listed, without figures
    page.wait_for_function("document.querySelectorAll('table.dataTable tbody tr').length == 1",
                           timeout=10000)
    cells = page.locator("table.dataTable tbody tr td").all_inner_texts()
    assert cells[1] == "Badan Penghubung" and cells[2] == "" and cells[3] == ""
    assert problems == [] and outside == []
    page.close()
