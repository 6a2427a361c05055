"""``html/index.html``: the start page of a report."""

from __future__ import annotations

from pathlib import Path

from ..config import AnalysisConfig
from . import names
from .artifacts import read_tables
from .deck import DeckInputs, deck_facts
from .kernels import NOTEBOOK_DIR, list_notebooks, notebook_title
from .pages import esc, page

__all__ = ["write_index"]


def write_index(folder: str | Path, *, config: AnalysisConfig, year: int,
                skipped: dict[str, str] | None = None,
                notebooks: str | Path = NOTEBOOK_DIR) -> Path:
    """``html/index.html``: the headline numbers and links to every page and file of the report.

    Parameters
    ----------
    folder : str or Path
        The report folder (``html/``, ``figures/``, ``tables/`` inside).
    config : AnalysisConfig
    year : int
    skipped : dict, optional
        Notebook name -> reason it was skipped (listed with the reason).
    notebooks : str or Path
        Where the notebooks' titles are read from.

    Returns
    -------
    Path
        A self-contained page in Indonesian (decimal comma, inline style, no external
        resources, relative links only).

    Examples
    --------
    >>> import tempfile, akhlak_analysis as ak
    >>> cfg = ak.load_config("data/sample/analysis.yaml")
    >>> p = write_index(tempfile.mkdtemp(), config=cfg, year=2025)
    >>> "<h1>" in p.read_text() and "http" not in p.read_text()
    True
    """
    folder = Path(folder)
    (folder / "html").mkdir(parents=True, exist_ok=True)
    skipped = skipped or {}
    tables = read_tables(folder, year=year)
    facts = deck_facts(DeckInputs(year=year, tables=tables, figures={},
                                  instrument=config.year(year).instrument,
                                  target=tuple(config.target),
                                  min_group_size=config.min_group_size))
    parts = [f"<h1>{esc(config.title)} {year}</h1>"]
    if config.organisation:
        parts.append(f"<p class='org'>{esc(config.organisation)}</p>")
    parts.append("<h2>Angka utama</h2><ul>" + "".join(
        f"<li>{esc(x)}</li>" for x in facts["headline"] + facts.get("values", [])) + "</ul>")
    parts.append("<h2>Buku kerja analisis</h2><ul>")
    for nb in list_notebooks(Path(notebooks)):
        title = esc(notebook_title(nb))
        nb_page = folder / "html" / f"{nb.stem}.html"
        if nb.name in skipped:
            parts.append(f"<li>{title}: <em>{esc(skipped[nb.name])}</em></li>")
        elif nb_page.is_file():
            parts.append(f"<li><a href='{esc(nb_page.name)}'>{title}</a></li>")
    parts.append("</ul>")
    cards = sorted((folder / "opd").glob("*.html"))
    if cards:
        parts.append("<h2>Rapor OPD</h2><p><a href='../opd/index.html'>Daftar rapor OPD</a> "
                     "(satu halaman per OPD yang dilaporkan; HTML dan PDF)</p><ul>")
        opd = tables.get(names.OPD_INDEX)
        label = (dict(zip(opd["unit"].astype(str), opd["name"].astype(str), strict=True))
                 if opd is not None and "name" in opd.columns else {})
        for card in sorted(cards, key=lambda p: (label.get(p.stem, p.stem), p.stem)):
            if card.name == "index.html":
                continue
            pdf = card.with_suffix(".pdf")
            link = (f"<a href='../opd/{esc(card.name)}'>"
                    f"{esc(label.get(card.stem, card.stem))}</a>")
            if pdf.is_file():
                link += f" (<a href='../opd/{esc(pdf.name)}'>PDF</a>)"
            parts.append(f"<li>{link}</li>")
        parts.append("</ul>")
    parts.append("<h2>Berkas laporan</h2><ul>")
    for name, what in (
            (f"tabel_indeks_budaya_kerja_{year}.xlsx", "semua tabel (Excel)"),
            (f"paparan_{year}.pptx", "salindia paparan untuk pimpinan (PowerPoint)"),
            ("manifest.json", "catatan jejak: berkas masukan, versi, benih acak")):
        if (folder / name).is_file() or not name.endswith(".xlsx"):  # the others always come
            parts.append(f"<li><a href='../{name}'>{name}</a>: {what}</li>")
    parts.append("</ul><h2>Grafik</h2><ul>")
    for png in sorted((folder / "figures").glob("*.png")):
        parts.append(f"<li><a href='../figures/{esc(png.name)}'>{esc(png.name)}</a></li>")
    parts.append("</ul>")
    target = folder / "html" / "index.html"
    target.write_text(page(f"{config.title} {year}", "\n".join(parts)), encoding="utf-8")
    return target
