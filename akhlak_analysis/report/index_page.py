"""``html/index.html``: the start page of a report, written as an executive summary.

What the Governor's staff read first, from the same messages as the deck
(:func:`~akhlak_analysis.report.messages.build_messages`): the headline against the target
with a chart (inline SVG, drawn by :func:`akhlak_analysis.plots.slides.plot_index_gauge`), the
key messages, the units needing attention and to learn from (each linked to its card), the
priorities, the values to work on first and what staff wrote (with notebook 05's page, when
the report has outcome scales and comments), the benchmarks (median and top quartile of the
published units, the national figure as context with its caveat), the quality warnings, what was withheld and why, then links to every analysis
page, card, file and chart. Self-contained: inline style and SVG, relative links only.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from ..config import AnalysisConfig
from ..plots import slides as charts
from .artifacts import read_tables
from .deck import config_words, skipped_parts
from .drivers import NOTEBOOK as DRIVERS_NOTEBOOK
from .glossary import write_glossary
from .insights import in_sentence
from .kernels import NOTEBOOK_DIR, list_notebooks, notebook_title
from .messages import Messages, build_messages
from .pages import esc, page
from .wording import count_text, num

__all__ = ["write_index"]

_STYLE = """<style>
.head { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: center; }
.head > div { flex: 0 1 20em; }
details summary { cursor: pointer; color: #1f4e79; margin: 4pt 0; }
.big { font-size: 40pt; font-weight: bold; color: #1f4e79; line-height: 1.1; }
.head svg { width: 32em; max-width: 100%; height: auto; }
ol.key li { font-size: 12pt; margin-bottom: 4pt; }
ul.cols { columns: 2 22em; }
</style>
"""


def _svg(ax) -> str:
    """A matplotlib chart as inline SVG (text kept as text, no metadata, fixed ids, no
    namespace addresses: an inline ``<svg>`` in HTML needs none)."""
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    ax.figure.savefig(buf, format="svg", metadata={"Date": None}, facecolor="white")
    plt.close(ax.figure)
    text = buf.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg"):], flags=re.S)
    return re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", text)  # inline SVG in HTML needs neither


def _headline(m: Messages, config: AnalysisConfig, year: int) -> list[str]:
    if m.headline is None:
        return ["<p>Angka utama belum tersedia: tabel indeks tidak disimpan.</p>"]
    import matplotlib.pyplot as plt

    h = m.headline
    r = h.last
    with plt.style.context("default"), plt.rc_context({"svg.hashsalt": "akhlak",
                                                       "svg.fonttype": "none"}):
        svg = _svg(charts.plot_index_gauge(h.rows, instrument=config.year(year).instrument,
                                           target=h.target, width=7.0, height=2.8))
    return [f"<div class='head'><div><div class='big'>{esc(num(r['culture_index']))}</div>"
            f"<p>{esc(m.headline_lines[0])}</p></div>{svg}</div>",
            "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in m.headline_lines[1:]) + "</ul>"]


def _unit_table(frame: pd.DataFrame, folder: Path, m: Messages, what: str,
                shown: int = 10) -> str:
    """The units with their reasons; beyond the first ``shown``, folded (no script)."""
    head = (f"<tr><th>{esc(m.words.unit)}</th><th class='num'>Indeks {m.year}</th>"
            f"<th>{esc(what)}</th></tr>")
    rows = _unit_rows(frame, folder)
    table = "<table>" + head + "".join(rows[:shown]) + "</table>"
    if len(rows) > shown:
        table += (f"<details><summary>Tampilkan {len(rows) - shown} {esc(m.words.unit)} "
                  f"lainnya</summary><table>{head}{''.join(rows[shown:])}</table></details>")
    return table


def _unit_rows(frame: pd.DataFrame, folder: Path) -> list[str]:
    rows = []
    for r in frame.itertuples(index=False):
        card = folder / "opd" / f"{r.unit}.html"
        name = (f"<a href='../opd/{esc(card.name)}'>{esc(r.name)}</a>" if card.is_file()
                else esc(r.name))
        index = num(r.culture_index) if pd.notna(r.culture_index) else "disembunyikan"
        reasons = r.reasons[:1].upper() + r.reasons[1:] + "."
        rows.append(f"<tr><td>{name}</td><td class='num'>{esc(index)}</td>"
                    f"<td>{esc(reasons)}</td></tr>")
    return rows


def _summary(m: Messages, folder: Path, skipped: dict[str, str],
             notebooks: str | Path) -> list[str]:
    """Key messages, units, priorities, quality warnings, what was withheld."""
    w = m.words
    parts = ["<h2>Pesan utama</h2><ol class='key'>"
             + "".join(f"<li>{esc(x)}</li>" for x in m.key) + "</ol>"]
    parts.append(f"<h2>{esc(w.unit)} yang perlu perhatian</h2>")
    parts.append(_unit_table(m.attention, folder, m, "Mengapa perlu perhatian")
                 if len(m.attention) else f"<p>Tidak ada {esc(w.unit)} yang memenuhi alasan "
                 "untuk perhatian khusus.</p>")
    parts.append(f"<h2>{esc(w.unit)} yang dapat dijadikan contoh</h2>")
    parts.append(_unit_table(m.learn_from, folder, m, "Yang dapat dipelajari")
                 if len(m.learn_from) else f"<p>Belum ada {esc(w.unit)} yang jelas di atas "
                 f"indeks {esc(w.area)} atau naik bermakna.</p>")
    if len(m.priorities):
        parts.append("<h2>Prioritas perbaikan</h2><ol>")
        for r in m.priorities.itertuples(index=False):
            note = f" {esc(r.note)}" if r.note else ""
            parts.append(f"<li><strong>{esc(r.text)}</strong> (nilai {esc(r.value_name)}): "
                         f"{esc(num(r.pct_favourable))}% jawaban mendukung. {esc(r.advice)}"
                         f"{note}</li>")
        parts.append("</ol>")
    parts += _insights(m, folder)
    if m.warnings:
        parts.append("<h2>Catatan mutu</h2><ul class='warn'>"
                     + "".join(f"<li>{esc(x)}</li>" for x in m.warnings) + "</ul>")
    withheld = [esc(x) for x in m.withheld]
    withheld += [f"{esc(name)}: {esc(reason)}"
                 for name, reason in skipped_parts(skipped, notebooks=notebooks, words=w)]
    if withheld:
        parts.append("<h2>Yang tidak ditampilkan dan alasannya</h2><ul>"
                     + "".join(f"<li>{x}</li>" for x in withheld) + "</ul>")
    return parts


def _insights(m: Messages, folder: Path) -> list[str]:
    """Key drivers, comment themes (with notebook 05's page) and the benchmarks."""
    parts = []
    page_05 = folder / "html" / f"{DRIVERS_NOTEBOOK}.html"
    if m.drivers is not None:
        parts.append("<h2>Nilai yang perlu diperbaiki lebih dulu</h2>"
                     f"<p>{esc(m.drivers.sentence)}</p><ul>"
                     + "".join(f"<li>{esc(x)}</li>" for x in m.drivers.lines) + "</ul>")
    if m.comments is not None:
        c = m.comments
        rows = "".join(f"<tr><td>{esc(r.name)}</td><td class='num'>{esc(num(r.n_comments, 0))}"
                       f"</td><td class='num'>{esc(num(r.share, 0))}%</td><td>"
                       f"{esc(r.tone.split('penulisnya ', 1)[1])}</td></tr>"
                       for r in c.themes.itertuples(index=False))
        parts.append("<h2>Apa yang ditulis pegawai</h2>"
                     + "".join(f"<p>{esc(x)}</p>" for x in c.lines)
                     + "<table><tr><th>Tema</th><th class='num'>Komentar</th><th class='num'>"
                     "Porsi</th><th>Indeks budaya kerja penulisnya</th></tr>" + rows
                     + "</table>")
        if c.examples:
            parts.append("<p>Contoh komentar (data pribadi sudah dihapus):</p><ul>"
                         + "".join(f"<li>“{esc(text)}” ({esc(in_sentence(theme))})</li>"
                                   for theme, text in c.examples) + "</ul>")
    if parts and page_05.is_file():
        parts.append(f"<p><a href='{esc(page_05.name)}'>Rincian pendorong dan komentar: "
                     "halaman analisis</a></p>")
    return parts + _benchmarks(m)


def _benchmarks(m: Messages) -> list[str]:
    b, w = m.benchmarks, m.words
    if b is None and not m.references:
        return []
    parts = [f"<h2>Pembanding: {esc(w.unit)} lain dan angka nasional</h2>"]
    if b is not None:
        n = count_text(b["n_units"].iloc[0], w.unit)
        parts.append(f"<p>Median dan kuartil atas (skor yang dicapai seperempat {esc(w.unit)} "
                     f"tertinggi) dari {esc(n)} yang dilaporkan; {esc(w.unit)} yang angkanya "
                     "disembunyikan tidak ikut dihitung. Pembanding, bukan target.</p>"
                     f"<table><tr><th>Indeks dan nilai</th><th class='num'>{esc(w.area.capitalize())}</th>"
                     f"<th class='num'>Median {esc(w.unit)}</th><th class='num'>Kuartil atas"
                     "</th></tr>"
                     + "".join(f"<tr><td>{esc(r.name)}</td><td class='num'>{esc(num(r.score))}"
                               f"</td><td class='num'>{esc(num(r.median))}</td><td class='num'>"
                               f"{esc(num(r.top_quartile))}</td></tr>"
                               for r in b.itertuples(index=False)) + "</table>")
    if m.references:
        parts.append(f"<p>{esc(m.references[0])} {esc(m.references[1])}</p>")
    return parts


def _links(folder: Path, m: Messages, year: int, skipped: dict[str, str],
           notebooks: str | Path, tables: dict) -> list[str]:
    """Analysis pages, cards, files and charts."""
    parts = ["<h2>Halaman analisis</h2><ul>"]
    for nb in list_notebooks(Path(notebooks)):
        title = esc(notebook_title(nb))
        nb_page = folder / "html" / f"{nb.stem}.html"
        if nb.name in skipped:
            parts.append(f"<li>{title}: <em>{esc(skipped[nb.name])}</em></li>")
        elif nb_page.is_file():
            parts.append(f"<li><a href='{esc(nb_page.name)}'>{title}</a></li>")
    parts.append("<li><a href='istilah.html'>Daftar istilah: arti istilah dan singkatan di "
                 "laporan ini</a></li></ul>")
    cards = sorted(p for p in (folder / "opd").glob("*.html") if p.name != "index.html")
    if cards:
        opd = tables.get("indeks_opd")
        label = (dict(zip(opd["unit"].astype(str), opd["name"].astype(str), strict=True))
                 if opd is not None and "name" in opd.columns else {})
        parts.append(f"<h2>Rapor {esc(m.words.unit)}</h2><p><a href='../opd/index.html'>Daftar "
                     f"rapor</a>: satu halaman per {esc(m.words.unit)} yang dilaporkan (HTML "
                     "dan PDF).</p><ul class='cols'>")
        for card in sorted(cards, key=lambda p: (label.get(p.stem, p.stem), p.stem)):
            link = f"<a href='../opd/{esc(card.name)}'>{esc(label.get(card.stem, card.stem))}</a>"
            if card.with_suffix(".pdf").is_file():
                link += f" (<a href='../opd/{esc(card.stem)}.pdf'>PDF</a>)"
            parts.append(f"<li>{link}</li>")
        parts.append("</ul>")
    parts.append("<h2>Berkas laporan</h2><ul>")
    for name, what in (
            (f"tabel_indeks_budaya_kerja_{year}.xlsx", "Semua tabel (Excel)"),
            (f"paparan_{year}.pptx", "Salindia paparan untuk pimpinan (PowerPoint)"),
            ("manifest.json", "Catatan jejak pembuatan laporan: berkas masukan dan versi "
                              "(berkas teknis)")):
        if (folder / name).is_file() or not name.endswith(".xlsx"):  # the others always come
            parts.append(f"<li><a href='../{name}'>{esc(what)}</a></li>")
    parts.append("</ul>")
    pngs = sorted((folder / "figures").glob("*.png"))
    if pngs:
        parts.append("<h2>Grafik</h2><ul class='cols'>")
        for png in pngs:
            words = re.sub(r"_\d{4}$", "", png.stem).split("_")
            text = " ".join(m.words.unit if x == "opd" else m.words.area if x == "provinsi"
                            else x for x in words)  # file names say "provinsi" and "opd"
            parts.append(f"<li><a href='../figures/{esc(png.name)}'>"
                         f"{esc(text[:1].upper() + text[1:])}</a></li>")
        parts.append("</ul>")
    return parts


def write_index(folder: str | Path, *, config: AnalysisConfig, year: int,
                skipped: dict[str, str] | None = None,
                notebooks: str | Path = NOTEBOOK_DIR) -> Path:
    """``html/index.html``: an executive summary with links to every page and file.

    Parameters
    ----------
    folder : str or Path
        The report folder (``html/``, ``figures/``, ``tables/``, ``opd/`` inside).
    config : AnalysisConfig
    year : int
    skipped : dict, optional
        Part not shown -> reason (the runner's ``skipped``), listed with its reason.
    notebooks : str or Path
        Where the notebooks' titles are read from.

    Returns
    -------
    Path
        A self-contained page in Indonesian (decimal comma, inline style and chart, no
        external resources, relative links only): the headline with its chart, the key
        messages, units needing attention and to learn from, priorities, quality warnings,
        what was withheld and why, then the analysis pages, cards, files and charts.

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
    m = build_messages(tables, year=year, instrument=config.year(year).instrument,
                       target=tuple(config.target), confidence=config.confidence,
                       min_n=config.min_group_size, words=config_words(config))
    parts = [f"<h1>{esc(config.title)} {year}</h1>"]
    if config.organisation:
        parts.append(f"<p class='org'>{esc(config.organisation)}</p>")
    parts.append("<h2>Angka utama</h2>")
    parts += _headline(m, config, year)
    parts += _summary(m, folder, skipped, notebooks)
    parts += _links(folder, m, year, skipped, notebooks, tables)
    write_glossary(folder, config=config, year=year)
    target = folder / "html" / "index.html"
    target.write_text(page(f"{config.title} {year}", "\n".join(parts), head=_STYLE),
                      encoding="utf-8")
    return target
