"""The yearly report on the sample: outputs, determinism, privacy, readable HTML.

The real notebooks run once (module fixture, about two minutes). Determinism is checked by
(a) executing the cheapest notebook (00, data quality) a second time into a fresh artifacts
folder and comparing its PNG and table bytes with the report's, and (b) assembling the workbook,
the deck, the index page and the manifest a second time from the report's artifacts and
comparing bytes (the manifest apart from timings). Running the whole report twice would take
over four minutes.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from PIL import Image

import akhlak_analysis as ak
from akhlak_analysis.report import cards as cards_module
from akhlak_analysis.report import deck as deck_module
from akhlak_analysis.report import glossary, index_page, manifest, publish, workbook
from akhlak_analysis.report import runner as report
from akhlak_analysis.report.artifacts import FIGURE_WIDTH_PX, read_tables
from tests.conftest import ROOT, SAMPLE
from tests.report import cross_artifact

pytestmark = pytest.mark.slow  # runs akhlak report or notebooks: the slow lane of make test

YEAR = 2025
FIGURES = {"tingkat_respons", "butir_kosong", "reliabilitas_nilai", "muatan_faktor",
           "indeks_provinsi", "indeks_per_nilai", "perubahan_per_nilai", "perubahan_opd",
           "rencana_aksi", "peringkat_opd", "interval_peringkat", "nilai_per_opd",
           "tingkat_dan_perubahan", "butir_per_opd", "indeks_per_kelompok"}
SHEETS = ["Provinsi", "Indeks OPD", "Nilai", "Jawaban per nilai", "Perubahan provinsi", "Perubahan OPD",
          "Jarak ke target", "Rencana aksi", "Peringkat OPD", "Area perbaikan", "Sub-unit",
          "Kelompok pegawai provinsi", "Kelompok pegawai OPD", "Butir per OPD", "Penyembunyian",
          "Validasi nilai",
          "Validasi butir", "Kecocokan model", "Tingkat respons", "Log pembersihan"]
SECTIONS = {
    "00_data_quality": ["1. Data yang masuk", "3. Tingkat respons per OPD", "5. Ringkasan"],
    "01_instrument_validation": ["4. Reliabilitas per nilai", "7. Analisis faktor konfirmatori",
                                 "9. Invariansi pengukuran", "11. Kesimpulan"],
    "02_year_over_year": ["2. Angka utama", "4. Perubahan per OPD", "6. Tindak lanjut rencana aksi",
                          "8. Kesimpulan"],
    "03_opd_ranking": ["3. Tabel peringkat dengan interval", "6. Area perbaikan",
                       "7. Kesimpulan"],
    "04_drilldown": ["1. Kebijakan penyembunyian", "2. Sub-unit", "3. Kelompok pegawai",
                     "5. Butir pernyataan per OPD", "6. Kesimpulan"],
    "05_drivers_comments": ["1. Yang dibaca", "2. Skala hasil", "6. Komentar terbuka",
                            "7. Catatan metode"],
}


@pytest.fixture(scope="module")
def key_env():
    mp = pytest.MonkeyPatch()
    mp.setenv("AKHLAK_ID_KEY", "test-key")  # the kernels inherit it
    mp.setenv("PYTHONHASHSEED", "0")
    yield
    mp.undo()


@pytest.fixture(scope="module")
def built(tmp_path_factory, key_env):
    out = tmp_path_factory.mktemp("reports") / str(YEAR)
    lines: list[str] = []
    res = report.run_report(SAMPLE / "analysis.yaml", year=YEAR, out=out, progress=lines.append)
    return res, lines


# --------------------------------------------------------------------------- outputs
def test_report_holds_every_output(built):
    res, lines = built
    out = res.out_dir
    assert [p.name for p in res.notebooks] == [p.name for p in report.list_notebooks()]
    assert {p.stem for p in res.html} == set(SECTIONS)
    assert (out / "html" / "index.html").is_file()
    assert {p.stem.removesuffix(f"_{YEAR}") for p in res.figures} >= FIGURES
    assert res.workbook == out / f"tabel_indeks_budaya_kerja_{YEAR}.xlsx"
    assert res.deck == out / f"paparan_{YEAR}.pptx"
    assert all(k.startswith("05_drivers_comments") for k in res.skipped), res.skipped
    sheets = list(pd.read_excel(res.workbook, sheet_name=None))
    assert sheets[:2] == ["Petunjuk", "Istilah"]  # guide and glossary, then the tables
    named = [s for s in sheets if s in SHEETS]
    assert named == SHEETS, sheets
    assert sum(".ipynb done in" in line for line in lines) == len(SECTIONS)
    assert sum(".ipynb started" in line for line in lines) == len(SECTIONS)
    assert not (out.parent / f".{YEAR}.partial").exists()


def test_figures_are_presentation_size_without_metadata(built):
    res, _ = built
    for png in res.figures:
        with Image.open(png) as im:
            assert im.size[0] == FIGURE_WIDTH_PX, (png.name, im.size)
            assert not {"Software", "Creation Time", "date:create"} & set(im.info), png.name


def test_workbook_tables_equal_the_saved_tables(built):
    res, _ = built
    tables = read_tables(res.out_dir, year=YEAR)
    opd = pd.read_excel(res.workbook, sheet_name="Indeks OPD")
    saved = tables["indeks_opd"]
    assert len(opd) == len(saved)
    assert opd["Indeks Budaya Kerja"].round(9).tolist() == pytest.approx(
        saved["culture_index"].round(9).tolist(), nan_ok=True)
    head = pd.read_excel(res.workbook, sheet_name="Provinsi")
    assert head["Tahun"].tolist() == [2024, YEAR]


def test_headline_matches_the_package(built):
    res, _ = built
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    scores = ak.score_respondents(ak.load_clean(cfg, YEAR).data,
                                  instrument=cfg.year(YEAR).instrument)
    head = ak.overall_index(scores, units=ak.read_units(cfg.units), year=YEAR,
                            instrument=cfg.year(YEAR).instrument, target=cfg.target)
    saved = read_tables(res.out_dir, year=YEAR)["indeks_provinsi"]
    assert saved.iloc[-1]["culture_index"] == pytest.approx(head.iloc[0]["culture_index"])
    index = (res.out_dir / "html" / "index.html").read_text()
    assert ak.format_number(head.iloc[0]["culture_index"], 1) in index


def test_deck_has_the_slides_in_indonesian(built):
    from pptx import Presentation

    res, _ = built
    prs = Presentation(res.deck)
    texts = ["\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
             for s in prs.slides]
    assert len(texts) == 13  # the sample has outcome scales and comments: two slides more
    for title in ("Angka utama", "Pesan utama", "Skor tiap nilai", "Jawaban yang mendukung",
                  "OPD yang berubah bermakna", "OPD yang perlu perhatian",
                  "OPD yang dapat dijadikan contoh", "Tindak lanjut Rencana Aksi",
                  "Prioritas", "Nilai yang perlu diperbaiki lebih dulu",
                  "Apa yang ditulis pegawai", "Cara membaca, metode, dan catatan mutu"):
        assert any(title in t for t in texts), title
    pictures = [sum(sh.shape_type == 13 for sh in s.shapes) for s in prs.slides]
    assert pictures == [0, 1, 0, 1, 1, 1, 0, 0, 1, 2, 0, 1, 0]
    assert prs.core_properties.created.year == YEAR


# --------------------------------------------------------------------------- HTML
def test_html_pages_have_their_sections_and_no_errors(built):
    res, _ = built
    for page in res.html:
        text = page.read_text(encoding="utf-8")
        for section in SECTIONS[page.stem]:
            assert section in text, (page.name, section)
        body = re.sub(r"<(style|script)\b.*?</\1>", "", text, flags=re.S)
        for bad in ("Traceback", "&lt;Axes", "<Axes", "Error", "Warning", "&lt;Figure",
                    "application/vnd.jupyter.stderr", "jp-OutputArea-error"):
            assert bad not in body, (page.name, bad)
        assert not re.search(r"""(src|href)=["']https?://""", text), page.name
        assert "data:image/png;base64," in text
        assert "artifacts.save" not in text and "config_path" not in text  # no code


def test_index_links_every_page_and_file(built):
    res, _ = built
    text = (res.out_dir / "html" / "index.html").read_text(encoding="utf-8")
    for page in res.html:
        assert f"href='{page.name}'" in text
    for name in (res.workbook.name, res.deck.name, "manifest.json"):
        assert f"href='../{name}'" in text
    assert not re.search(r"https?://", text)
    assert re.search(r"\d,\d", text)  # decimal comma


# --------------------------------------------------------------------------- determinism
def test_notebook_outputs_are_byte_identical_on_a_second_run(built, tmp_path):
    import papermill as pm

    res, _ = built
    nb = ROOT / "notebooks" / "00_data_quality.ipynb"
    pm.execute_notebook(str(nb), str(tmp_path / nb.name), kernel_name="python3",
                        progress_bar=False, cwd=str(nb.parent), log_output=False,
                        parameters={"config_path": str(SAMPLE / "analysis.yaml"), "year": YEAR,
                                    "artifacts_dir": str(tmp_path)})
    again = sorted(p for p in tmp_path.glob("*/*") if p.suffix in (".png", ".parquet"))
    assert {p.name for p in again} == {"tingkat_respons_2025.png", "butir_kosong_2025.png",
                                       "tingkat_respons_2025.parquet",
                                       "log_pembersihan_2025.parquet"}
    for p in again:
        first = res.out_dir / p.parent.name / p.name
        assert p.read_bytes() == first.read_bytes(), p.name


def test_assembled_files_and_manifest_are_identical_on_a_second_run(built, tmp_path):
    res, _ = built
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    for sub in ("figures", "tables", "sections"):
        shutil.copytree(res.out_dir / sub, tmp_path / sub)
    wb = workbook.build_workbook(tmp_path, tmp_path / res.workbook.name, year=YEAR,
                               instrument=cfg.year(YEAR).instrument,
                               words=deck_module.config_words(cfg),
                               glossary=glossary.glossary_rows(glossary.config_glossary(cfg, YEAR)))
    assert wb.read_bytes() == res.workbook.read_bytes()
    deck = deck_module.build_report_deck(tmp_path, config=cfg, year=YEAR,
                                         skipped=dict(res.skipped))
    assert deck.read_bytes() == res.deck.read_bytes()
    (tmp_path / "html").mkdir()
    for page in res.html:
        shutil.copy(page, tmp_path / "html" / page.name)
    units = ak.read_units(cfg.units)
    cards_module.write_report_cards(tmp_path, config=cfg, year=YEAR, units=units)
    cards = sorted(p.relative_to(tmp_path) for p in (tmp_path / "opd").iterdir())
    assert cards == sorted(p.relative_to(res.out_dir) for p in (res.out_dir / "opd").iterdir())
    for rel in cards:
        assert (tmp_path / rel).read_bytes() == (res.out_dir / rel).read_bytes(), rel
    index = index_page.write_index(tmp_path, config=cfg, year=YEAR, skipped=dict(res.skipped))
    assert index.read_bytes() == (res.out_dir / "html" / "index.html").read_bytes()
    manifest.write_manifest(tmp_path / "manifest.json", cfg, YEAR, {}, out_dir=tmp_path,
                          skipped=dict(res.skipped),
                          sections=cards_module_sections(res.out_dir))
    first = json.loads(res.manifest.read_text())
    second = json.loads((tmp_path / "manifest.json").read_text())
    assert first.pop("durations_s") and second.pop("durations_s") == {}
    assert first.pop("cpu_s").keys() >= {"clean", "published_tables", "cards"}
    assert second.pop("cpu_s") == {}
    for doc in (first, second):  # the lead may commit while the tests run
        assert re.fullmatch(r"[0-9a-f]{40}", doc.pop("git_commit") or "0" * 40)
    assert first == second
    assert set(first["outputs"]) >= {f"figures/{f}_{YEAR}.png" for f in FIGURES}
    assert {f"opd/{p.name}" for p in res.cards} <= set(first["outputs"])
    assert first["config_file"]["path"] == "analysis.yaml" and first["seed"] == cfg.seed


def test_a_second_whole_run_with_a_fresh_cache_gives_the_same_bytes(built, tmp_path):
    """Issue 18: the whole report twice. The second run reads a copy of the sample folder, so
    it starts from an empty cache in another place; every published file must be the same
    bytes, apart from the manifest's timings."""
    res, _ = built
    copy = tmp_path / "contoh"
    shutil.copytree(SAMPLE, copy)
    cfg_path = copy / "analysis.yaml"
    text = cfg_path.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^output_dir:.*$", "output_dir: keluaran", text)
    assert n == 1
    cfg_path.write_text(text, encoding="utf-8")
    second = report.run_report(cfg_path, year=YEAR, out=tmp_path / "kedua" / str(YEAR),
                               progress=lambda line: None)
    assert (copy / "keluaran" / ".cache").is_dir()  # its own cache, built from nothing

    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*"))
                if p.is_file()}

    first_files, second_files = files(res.out_dir), files(second.out_dir)
    assert sorted(first_files) == sorted(second_files)
    differ = [rel for rel in first_files if rel != "manifest.json"
              and first_files[rel].read_bytes() != second_files[rel].read_bytes()]
    assert differ == []
    a, b = (json.loads(f["manifest.json"].read_text()) for f in (first_files, second_files))
    for doc in (a, b):
        doc.pop("durations_s"), doc.pop("cpu_s"), doc.pop("git_commit")
        doc["config_file"].pop("sha256"), doc["inputs"].pop("analysis.yaml")  # output_dir
    assert a == b


def test_executed_notebooks_do_not_name_the_temporary_folder(built):
    res, _ = built
    for path in res.notebooks:
        assert f".{YEAR}.partial" not in path.read_text(encoding="utf-8")
        sources = [c.source for c in nbformat.read(path, as_version=4).cells]
        assert any('artifacts_dir = "."' in src for src in sources), path.name
        assert any('config_path = "analysis.yaml"' in src for src in sources), path.name
    # no published text names a folder of the machine it ran on (a user name, a share)
    for path in res.out_dir.rglob("*"):
        if path.suffix in {".ipynb", ".html", ".json", ".txt", ".md"}:
            text = path.read_text(encoding="utf-8")
            assert str(ROOT) not in text and str(res.out_dir) not in text, path


def cards_module_sections(folder):
    """The sections' statuses as the runner recorded them (for the manifest)."""
    from akhlak_analysis.report.assemble import section_records

    return section_records(folder)


# --------------------------------------------------------------------------- OPD cards
def test_a_card_for_every_opd_and_a_withheld_card_says_why(built):
    """Every OPD gets its card; a card withheld by disclosure control says which figures are
    withheld and why (the same for every hidden OPD, so no card tells which one is small)."""
    res, lines = built
    opd = read_tables(res.out_dir, year=YEAR)["indeks_opd"]
    shown = set(opd.loc[~opd["suppressed"], "unit"])
    hidden = set(opd.loc[opd["suppressed"], "unit"])
    assert hidden and {"BPENGHUBUNG", "BIRO_KESRA"} <= hidden
    assert {p.stem for p in res.cards} == shown | hidden
    assert {p.stem for p in (res.out_dir / "opd").glob("*.html")} == shown | hidden | {"index"}
    texts = {code: html.unescape((res.out_dir / "opd" / f"{code}.html").read_text())
             for code in hidden}
    assert len({t.count("disembunyikan") > 0 for t in texts.values()}) == 1
    index = (res.out_dir / "html" / "index.html").read_text(encoding="utf-8")
    for code in shown:
        assert f"../opd/{code}.html" in index
    manifest = json.loads(res.manifest.read_text())
    assert manifest["durations_s"]["cards"] <= 30
    assert any(line.startswith("cards") for line in lines)


def test_differencing_attack_on_the_report_outputs(built):
    """The attack of issue 14 on the saved Parquet tables: no hidden mean within 2 points."""
    from akhlak_analysis.stats.disclosure import blank_suppressed
    from akhlak_analysis.stats.disclosure_audit import differencing_attack

    res, _ = built
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", YEAR)
    truth, hierarchy, hc = publish.audit_inputs(ctx)
    saved = read_tables(res.out_dir, year=YEAR)
    keys = ["year", "unit", "by", "group"]

    def aligned(name: str, table: pd.DataFrame, year: int = YEAR) -> pd.DataFrame:
        k = [c for c in keys if c in truth[name].columns]
        return truth[name][k].merge(table.assign(year=year), on=k, how="left",
                                    validate="one_to_one")

    published = {}
    for name, source in ((f"opd_{YEAR}", "indeks_opd"), (f"subunit_{YEAR}", "indeks_subunit"),
                         (f"indeks_kelompok_provinsi_{YEAR}", "indeks_kelompok_provinsi"),
                         (f"indeks_kelompok_opd_{YEAR}", "indeks_kelompok_opd")):
        published[name] = aligned(name, saved[source].drop(columns=["year"], errors="ignore"))
    for extra in ("peringkat_opd", "jarak_target_opd"):  # the same OPD cells, other tables
        truth[extra] = truth[f"opd_{YEAR}"]
        published[extra] = aligned(extra, saved[extra][["unit", "n", "culture_index"]])
    head = saved["indeks_provinsi"].set_index("year")
    for y in ctx.headline_years:
        t = truth[f"province_{y}"]
        rows = []
        for w in t["weighting"]:
            r = head.loc[y]
            row = {"n": r["n"], "culture_index": r["culture_index_unweighted"]}
            if w == "headcount":
                row = {"n": r["n"], **{c: r[c] for c in t.columns if c in head.columns
                                       and c not in ("n", "year")}}
            rows.append(row)
        published[f"province_{y}"] = pd.concat([t[["year", "unit", "weighting"]],
                                                pd.DataFrame(rows)], axis=1)
    published[f"opd_{ctx.previous_year}"] = truth[f"opd_{ctx.previous_year}"][
        ["year", "unit"]].assign(n=np.nan, culture_index=np.nan)  # not in this report
    change = saved["perubahan_opd"]
    long = pd.concat([change[["unit"]].assign(year=y, n=change[f"n_{y}"],
                                              culture_index=change[f"culture_index_{y}"])
                      for y in (ctx.previous_year, YEAR)], ignore_index=True)
    published["change"] = truth["change"][["year", "unit", "measure"]].merge(
        long, on=["year", "unit"], how="left", validate="one_to_one")
    hits = differencing_attack(published, truth=truth, hierarchy=hierarchy, headcounts=hc)
    # only the cells the report hides count (a renamed unit's earlier mean is published in
    # the change table under its new code: not a disclosure)
    pub = publish.published_tables(ctx)
    hidden = pd.concat([pub.primary, pub.secondary])[keys].assign(
        group=lambda t: t["group"].str.split("#").str[0]).drop_duplicates()
    assert len(pub.primary) >= 100  # the sample has many small groups
    means = hits[hits["column"] != "n"].assign(
        group=lambda t: t["group"].str.split("#").str[0]).merge(hidden, on=keys)
    assert means[means["error"].abs() < 2].empty, means
    # the same attack recovers small groups from primary suppression alone: it can fail
    naive = {k: blank_suppressed(t, min_n=ctx.min_n) for k, t in truth.items()}
    leaked = differencing_attack(naive, truth=truth, hierarchy=hierarchy, headcounts=hc)
    assert (leaked.loc[leaked["column"] == "culture_index", "error"].abs() < 2).sum() >= 10


def test_real_report_pages_open_offline_in_chromium(built):
    """The exported drill-down page, the index and a real card in headless Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    sync = pytest.importorskip("playwright.sync_api").sync_playwright
    res, _ = built
    card = sorted((res.out_dir / "opd").glob("*.html"))[0]
    pages = [res.out_dir / "html" / "04_drilldown.html", res.out_dir / "html" / "index.html",
             card]
    with sync() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for path in pages:
            page = browser.new_page()
            problems: list[str] = []
            outside: list[str] = []
            page.on("console", lambda m, pr=problems: pr.append(m.text)
                    if m.type == "error" else None)
            page.on("pageerror", lambda e, pr=problems: pr.append(str(e)))

            def route(r, out=outside):
                if r.request.url.startswith(("file:", "data:", "blob:")):
                    r.continue_()
                else:
                    out.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(path.as_uri(), wait_until="load")
            if path.name == "04_drilldown.html":
                table = page.locator("table.dataTable").nth(3)  # groups within each OPD
                rows = table.locator("tbody tr")
                rows.first.wait_for(timeout=20000)
                search = page.locator("input[type=search]").nth(3)
                search.fill("Dinas Kesehatan")
                page.wait_for_timeout(300)
                texts = rows.all_inner_texts()
                assert texts and all("Dinas Kesehatan" in t for t in texts), texts[:3]
            assert problems == [] and outside == [], (path.name, problems, outside)
            page.close()
        browser.close()


# --------------------------------------------------------------------------- privacy
def _identifiers() -> dict[str, set[str]]:
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    found: dict[str, set[str]] = {"nip": set(), "name": set(), "email": set(), "phone": set()}
    for yc in cfg.years.values():
        raw = ak.read_responses(yc.responses, instrument=yc.instrument, sheet=yc.sheet).data
        for role in found:
            if role in raw.columns:
                vals = raw[role].dropna().astype(str).str.strip()
                found[role] |= {v for v in vals if v}
    found["nip"] = {v for v in found["nip"] if re.fullmatch(r"\d{18}", v)}
    found["phone"] = {re.sub(r"\D", "", v) for v in found["phone"]}
    found["phone"] = {v for v in found["phone"] if len(v) >= 9}
    # "Teguh Tundan, M.M." -> "teguh tundan": academic titles dropped, case ignored
    names = {re.sub(r",.*$", "", v).strip().lower() for v in found["name"]}
    found["name"] = {" ".join(re.findall(r"[a-z']+", v)) for v in names}
    found["name"] = {v for v in found["name"] if v.count(" ") >= 1}
    return found


def _word_ngrams(text: str, longest: int) -> set[str]:
    words = re.findall(r"[a-z']+", text.lower())
    return {" ".join(words[i:i + k]) for k in range(2, longest + 1)
            for i in range(len(words) - k + 1)}


def _texts(out: Path):
    """(file, text) for every file of the report; images contribute their metadata."""
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(out).as_posix()
        if p.suffix in (".xlsx", ".pptx"):
            with zipfile.ZipFile(p) as z:
                parts = [z.read(n).decode("utf-8") for n in z.namelist()
                         if n.endswith((".xml", ".rels"))]
            yield rel, html.unescape(re.sub(r"<[^>]+>", " ", " ".join(parts)))
        elif p.suffix == ".png":
            with Image.open(p) as im:
                yield rel, " ".join(f"{k} {v}" for k, v in im.info.items() if k != "dpi")
        elif p.suffix == ".pdf":  # metadata; the card's text is scanned in its HTML twin
            raw = p.read_bytes().decode("latin-1")
            yield rel, re.sub(r"stream\r?\n.*?endstream", " ", raw, flags=re.S)
        elif p.suffix == ".parquet":
            t = pd.read_parquet(p)
            yield rel, " ".join(map(str, t.columns)) + " " + t.astype(str).to_csv(index=False)
        else:
            text = p.read_text(encoding="utf-8")
            if p.suffix == ".json":  # SHA-256 digests are hex: a run of their digits can
                text = re.sub(r"\b[0-9a-f]{64}\b", " ", text)  # look like a phone number
            text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=\s\\n]+", "", text)
            # the offline DataTables bundle (base64, ~1 MB per interactive page) holds no text
            yield rel, re.sub(r"[A-Za-z0-9+/=]{400,}", "", text)


@pytest.fixture(scope="module")
def identifiers():
    return _identifiers()


def _leaks(out: Path, ids: dict[str, set[str]]) -> tuple[list, int]:
    """(file, what) for every identifier-like string found in the report; files scanned."""
    # not inside a word: a checksum in manifest.json ("...fc70d088636095e9...") is no number
    nip_like = re.compile(r"(?<![\w.,])\d{18}(?![\w])")
    email_like = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.I)
    phone_like = re.compile(r"(?<![\w.,])(?:\+62|62|0)8\d{7,11}(?![\w])")
    longest = max(n.count(" ") + 1 for n in ids["name"])
    found, scanned = [], 0
    for rel, text in _texts(out):
        scanned += 1
        for pattern in (nip_like, email_like, phone_like):
            found += [(rel, m.group()) for m in pattern.finditer(text)]
        found += [(rel, d) for d in ids["phone"] & set(re.sub(r"\D", " ", text).split())]
        found += [(rel, n) for n in ids["name"] & _word_ngrams(text, longest)]
    return found, scanned


def test_no_identifier_of_the_raw_input_reaches_the_report(built, identifiers):
    res, _ = built
    ids = identifiers
    assert len(ids["nip"]) > 1000 and len(ids["name"]) > 1000 and len(ids["email"]) > 1000
    assert len(ids["phone"]) > 1000
    found, scanned = _leaks(res.out_dir, ids)
    assert found == [] and scanned > 30


def test_the_privacy_scan_finds_planted_identifiers(tmp_path, identifiers):
    name = sorted(identifiers["name"])[0].upper()  # case does not hide a name
    nip, email = sorted(identifiers["nip"])[0], sorted(identifiers["email"])[0]
    phone = sorted(identifiers["phone"])[0]
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "x.html").write_text(f"<td>{name}, S.T.</td><td>{nip}</td>")
    pd.DataFrame({"kontak": [email, phone]}).to_parquet(tmp_path / "t.parquet")
    found, scanned = _leaks(tmp_path, identifiers)
    assert scanned == 2
    assert {what for _, what in found} >= {name.lower(), nip, email, phone}


def _suppressed_units() -> dict[str, str]:
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    units = ak.read_units(cfg.units)
    data = ak.load_clean(cfg, YEAR).data
    n = data["opd"].astype(str).value_counts()
    names = units.names()
    small = [u for u, k in n.items() if k < cfg.min_group_size]
    return {u: str(names.get(u, u)) for u in small}


def test_units_below_the_minimum_are_never_shown_with_values(built):
    res, _ = built
    small = _suppressed_units()
    assert small, "the sample plants OPDs below the minimum group size"
    # workbook: a row naming such a unit in a sheet of survey results is marked suppressed
    # and its survey figures are blank (the action-plan sheet holds no survey results)
    ins = ak.load_instrument("berakhlak-2025")
    survey = {"Indeks Budaya Kerja", "Jumlah responden", "Batas bawah interval",
              *(ins.value_name(v, "id") for v in ins.value_codes)}
    checked = 0
    for sheet, t in pd.read_excel(res.workbook, sheet_name=None).items():
        shown = survey & set(t.columns)
        for col in [c for c in ("Unit", "Nama unit") if c in t.columns]:
            rows = t[t[col].astype(str).isin(set(small) | set(small.values()))]
            if rows.empty or not shown:
                continue
            checked += 1
            assert "Disembunyikan" in t.columns, sheet
            assert rows["Disembunyikan"].astype(bool).all(), sheet
            for value_col in shown - {"Jumlah responden"}:
                assert rows[value_col].isna().all(), (sheet, value_col)
    assert checked >= 2
    # slides: not named at all
    with zipfile.ZipFile(res.deck) as z:
        slides = " ".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/"))
    for code, name in small.items():
        assert name not in slides and f">{code}<" not in slides
    # HTML tables of survey results: a row naming such a unit carries no number but its
    # headcount (action-plan tables are not survey results and may show its actions)
    survey_html = survey | {"Indeks 2024", "Indeks 2025", "Perubahan", "Indeks disesuaikan (EB)"}
    rows_checked = 0
    for page in [*res.html, res.out_dir / "html" / "index.html"]:
        text = page.read_text(encoding="utf-8")
        for table in re.findall(r"<table.*?</table>", text, flags=re.S):
            headers = {h.strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)}
            if not headers & survey_html:
                continue
            for row in re.findall(r"<tr>.*?</tr>", table, flags=re.S):
                cells = [c.strip() for c in re.findall(r"<td>(.*?)</td>", row, flags=re.S)]
                if set(cells) & (set(small) | set(small.values())):
                    rows_checked += 1
                    assert not [c for c in cells if re.fullmatch(r"-?\d+,\d+", c)], (
                        page.name, cells)
    assert rows_checked >= 3


# --------------------------------------------------------------------------- degrading
def _nb(path: Path, requires: list[str]) -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Contoh"),
        nbformat.v4.new_code_cell('config_path = "x"\nyear = 0\nartifacts_dir = None',
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print('tahun', year)"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["akhlak"] = {"requires": requires}
    nbformat.write(nb, path)


def test_first_year_skips_notebooks_that_need_a_previous_year(tmp_path):
    d = tmp_path / "nbs"
    d.mkdir()
    _nb(d / "00_first.ipynb", [])
    _nb(d / "02_change.ipynb", ["previous_year"])
    lines: list[str] = []
    res = report.run_report(SAMPLE / "analysis.yaml", year=2024, out=tmp_path / "r" / "2024",
                            notebooks=d, progress=lines.append)
    assert [p.name for p in res.notebooks] == ["00_first.ipynb"]
    assert "tahun sebelumnya" in res.skipped["02_change.ipynb"]
    assert any("02_change.ipynb skipped" in line for line in lines)
    index = (res.out_dir / "html" / "index.html").read_text()
    assert "tidak ditampilkan" in index.lower() and "tahun sebelumnya" in index
    manifest = json.loads(res.manifest.read_text())
    assert manifest["skipped"] == res.skipped


def test_skip_reason_names_each_missing_input(tmp_path):
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    nb = tmp_path / "01_x.ipynb"
    _nb(nb, ["previous_year", "indicators", "action_plans"])
    assert report.skip_reason(nb, ak.Analysis.from_config(cfg, 2025)) is None
    text = (SAMPLE / "analysis.yaml").read_text()
    for name in ("units.csv", "responses_2024.csv", "responses_2025.xlsx", "indicators.csv",
                 "action_plans_2025.csv", "benchmark_pack_provinsi_contoh_lain_2025.json"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    lean = tmp_path / "lean.yaml"
    lean.write_text(re.sub(r"(?m)^(indicators|action_plans):.*$", "", text)
                    .replace("../../reports", "reports"))
    reason = report.skip_reason(nb, ak.Analysis.from_config(lean, 2024))
    assert reason.startswith("Buku catatan ini dilewati: tahun 2024")
    assert "indicators" in reason and "action_plans" in reason


def test_unknown_requirement_is_an_error(tmp_path):
    nb = tmp_path / "01_x.ipynb"
    _nb(nb, ["weather"])
    with pytest.raises(report.ReportError, match="unknown requirement"):
        report.skip_reason(nb, ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025))


def test_zip_rewrite_is_deterministic(tmp_path):
    from akhlak_analysis.report.artifacts import write_deterministic_zip

    def make():
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("b.xml", "<b/>")
            z.writestr("a.xml", "<a/>")
        return buf.getvalue()

    one = write_deterministic_zip(make(), tmp_path / "1.zip").read_bytes()
    two = write_deterministic_zip(make(), tmp_path / "2.zip").read_bytes()
    assert one == two and zipfile.ZipFile(tmp_path / "1.zip").namelist() == ["b.xml", "a.xml"]


# --------------------------------------------------------------------------- artifacts
def test_artifacts_do_nothing_without_a_folder(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from akhlak_analysis.report import artifacts

    monkeypatch.chdir(tmp_path)
    artifacts.use_folder(None)
    fig, ax = plt.subplots()
    assert artifacts.save_figure(ax, "grafik") is None
    assert artifacts.save_table(pd.DataFrame({"a": [1]}), "tabel") is None
    assert list(tmp_path.iterdir()) == []
    plt.close(fig)


def test_artifact_inputs_are_checked(tmp_path):
    from akhlak_analysis.report import artifacts

    artifacts.use_folder(tmp_path, year=YEAR)
    try:
        with pytest.raises(ValueError, match="lower-case words"):
            artifacts.save_table(pd.DataFrame({"a": [1]}), "Tabel OPD")
        with pytest.raises(TypeError, match="DataFrame"):
            artifacts.save_table([1, 2], "tabel")
        with pytest.raises(TypeError, match="Figure or Axes"):
            artifacts.save_figure("grafik.png", "grafik")
    finally:
        artifacts.use_folder(None)


def test_saved_table_reads_back_losslessly(tmp_path):
    from akhlak_analysis.report import artifacts

    t = pd.DataFrame({"unit": pd.array(["A", None], dtype="string"),
                      "n": pd.array([12, None], dtype="Int64"), "culture_index": [76.123456789, None],
                      "suppressed": [False, True]}, index=pd.Index(["x", "y"], name="kode"))
    artifacts.use_folder(tmp_path, year=YEAR)
    try:
        artifacts.save_table(t, "contoh")
    finally:
        artifacts.use_folder(None)
    back = read_tables(tmp_path, year=YEAR)["contoh"]
    pd.testing.assert_frame_equal(back, t.reset_index())


def test_plot_value_index_draws_the_latest_year_and_ticks_the_previous():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from akhlak_analysis.plots.headline import plot_value_index

    ins = ak.load_instrument("berakhlak-2025")
    scores = dict(zip(ins.value_codes, [70.0, 81.0, 76.0, 79.0, 84.0, 62.0, 77.0], strict=True))
    h = pd.DataFrame([{"year": 2024, **{k: v - 2 for k, v in scores.items()}},
                      {"year": 2025, **scores}])
    ax = plot_value_index(h, instrument=ins, target=(80, 90))
    bars = ax.containers[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    drawn = {n: float(b.get_width()) for n, b in zip(names, bars, strict=True)}
    assert drawn == {ins.value_name(k, "id"): v for k, v in scores.items()}
    assert names[-1] == ins.value_name("loyal", "id")  # highest on top
    ticks = ax.collections[0].get_offsets()[:, 0]
    assert sorted(ticks) == sorted(v - 2 for v in scores.values())
    assert {p.get_facecolor()[:3] for p in bars} == {
        matplotlib.colors.to_rgb(c) for c in (ins.band_colours()["Sehat"],
                                              ins.band_colours()["Cukup Sehat"])}
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="value scores"):
        plot_value_index(h.drop(columns="adaptif"), instrument=ins)


# --------------------------------------------------------------------------- one number per fact
def test_one_number_per_fact_across_the_artifacts(built, tmp_path):
    """Start page, cards (HTML and PDF), deck, workbook and Parquet tables agree on the
    headline, each value, the change and its two numbers, each OPD's index and rank interval;
    a figure changed in one artifact is found."""
    out = built[0].out_dir
    assert cross_artifact.figure_mismatches(out, year=YEAR, instrument="berakhlak-2025") == []
    copy = tmp_path / "salinan"
    shutil.copytree(out, copy)
    index = copy / "html" / "index.html"
    text = index.read_text(encoding="utf-8")
    big = re.search(r"<div class='big'>([^<]+)</div>", text).group(1)
    index.write_text(text.replace(f"<div class='big'>{big}</div>", "<div class='big'>80,0</div>"),
                     encoding="utf-8")
    card = next(p for p in sorted((copy / "opd").glob("*.html")) if "peringkat" in
                p.read_text(encoding="utf-8") and p.name != "index.html")
    html_text = card.read_text(encoding="utf-8")
    card.write_text(re.sub(r"antara peringkat (\d+) dan", "antara peringkat 99 dan", html_text),
                    encoding="utf-8")
    found = cross_artifact.figure_mismatches(copy, year=YEAR, instrument="berakhlak-2025")
    assert any(p.startswith("index page: big number") for p in found), found
    assert any(p.startswith(f"card {card.name}: rank") for p in found), found


def test_no_artifact_shows_a_snake_case_code(built):
    out = built[0].out_dir
    codes = set(pd.read_csv(SAMPLE / "units.csv")["code"].astype(str))  # the unit table's
    found = cross_artifact.snake_codes(out, year=YEAR, allowed=codes)
    assert found == [], found[:20]
