"""Render every artifact of a report folder to PNG, to look at it as its readers will.

Run: ``.venv/bin/python benchmarks/look.py REPORT_DIR [REPORT_DIR ...] [--out DIR]
[--cards N] [--build]``; ``make look`` (``--build --out look``) first builds the sample report
and the one-year regency of ``tests/own_data.py`` under ``look/reports/``, then renders both.

For each report folder (``reports/2025``: ``html/``, ``opd/``, the ``.pptx`` and ``.xlsx``):

- the start page, the glossary and every analysis page in ``html/``: headless Chromium
  (Playwright with the system's ``chromium``), the whole page at 1280 px wide;
- the first ``N`` OPD cards (HTML, A4 width) and their PDF (``pdftoppm``, 110 dpi);
- the deck and the workbook: LibreOffice -> PDF (the workbook as it prints: its page setup),
  then ``pdftoppm`` per page (deck 60 dpi, workbook 80 dpi; at most 40 pages each).

PNGs go to ``<out>/png/<folder>/<year>/`` (default ``<report>/look/``) and their list is printed.
Nothing here is part of the package; it needs ``chromium``, ``libreoffice`` and ``pdftoppm``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _pdf_pages(pdf: Path, out: Path, stem: str, *, dpi: int, pages: int = 40) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-l", str(pages), str(pdf),
                    str(out / stem)], check=True, capture_output=True, timeout=300)
    return sorted(out.glob(f"{stem}-*.png"))


def _office_pdf(path: Path, tmp: Path) -> Path:
    """``path`` converted to PDF by LibreOffice (its own profile in ``tmp``)."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(path)],
                   check=True, capture_output=True, timeout=600)
    return tmp / f"{path.stem}.pdf"


def _pages(report: Path, out: Path, cards: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    pages = sorted((report / "html").glob("*.html"))
    card_pages = sorted(p for p in (report / "opd").glob("*.html") if p.name != "index.html")
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        for width, group, prefix in ((1280, pages, "halaman"),
                                     (794, card_pages[:cards], "rapor")):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for html in group:
                page.goto(html.resolve().as_uri())
                page.wait_for_timeout(200)
                target = out / f"{prefix}_{html.stem}.png"
                page.screenshot(path=str(target), full_page=True)
                shots.append(target)
            page.close()
        browser.close()
    return shots


def look(report: Path, out: Path, *, cards: int = 3) -> list[Path]:
    """Every artifact of ``report`` as PNGs in ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    shots = _pages(report, out, cards) if CHROMIUM else []
    card_pdfs = sorted((report / "opd").glob("*.pdf"))[:cards]
    for pdf in card_pdfs:
        shots += _pdf_pages(pdf, out, f"rapor_pdf_{pdf.stem}", dpi=110, pages=2)
    offices = [(p, "paparan", 60) for p in report.glob("*.pptx")]
    offices += [(p, "excel", 80) for p in report.glob("*.xlsx")]
    for office, stem, dpi in offices:
        with tempfile.TemporaryDirectory() as tmp:
            shots += _pdf_pages(_office_pdf(office, Path(tmp)), out, stem, dpi=dpi)
    return shots


def build(out: Path) -> list[Path]:
    """The sample report and the one-year regency of ``tests/own_data.py``, under ``out``."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    from akhlak_analysis.report import runner
    from tests import own_data

    sample = runner.run_report(root / "data/sample/analysis.yaml", out=out / "sample",
                               progress=print).out_dir
    folder = out / "kabupaten_data"
    shutil.rmtree(folder, ignore_errors=True)
    own_data.write_folder(folder)
    regency = runner.run_report(folder / "analysis.yaml", out=out / "kabupaten",
                                progress=print).out_dir
    return [Path(sample), Path(regency)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("reports", nargs="*", type=Path, help="report folders (reports/2025)")
    ap.add_argument("--out", type=Path, help="where the PNGs go (default <report>/look)")
    ap.add_argument("--cards", type=int, default=3, help="OPD cards to render")
    ap.add_argument("--build", action="store_true",
                    help="first build the sample report and the one-year regency under --out")
    args = ap.parse_args(argv)
    reports = list(args.reports)
    if args.build:
        if args.out is None:
            ap.error("--build needs --out")
        reports += build(args.out / "reports")
    for report in reports:
        if not (report / "html" / "index.html").is_file():
            print(f"{report}: no html/index.html; run the report first", file=sys.stderr)
            return 2
        out = (args.out / "png" / report.parent.name / report.name) if args.out \
            else report / "look"
        shots = look(report, out, cards=args.cards)
        print(f"{report}: {len(shots)} PNG in {out}")
        for s in shots:
            print(f"  {s.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
