"""OPD report cards (*rapor OPD*): one printed A4 page per OPD, as HTML and PDF.

A card is what the head of an OPD reads: the index with its interval in words, category,
distance to the target, response rate (with a caveat when low), change since last year and
rank interval; the seven values against the province and against the median and top quartile
of the published OPDs of the same type, with % favourable; the strongest and weakest behaviours in words (a
negatively worded item says what its score means); with notebook 05's tables, the values to
work on first (the OPD's own where it has key drivers of its own, else the organisation's) and
its most frequent comment themes (where it has enough comments); sub-units and groups; the
action plan; and a short "Cara memakai rapor ini". Changes are "since" the configured
previous year. Quality problems are said at the figure they concern (an
interval that spans two categories, a response rate below ``low_response``).

It is built from the tables the report saves (:func:`~.artifacts.read_tables`; :mod:`.names`
constants): ``indeks_opd`` and ``indeks_provinsi`` (required), and when present
``perubahan_opd``, ``perubahan_provinsi``, ``perubahan_per_nilai`` (rows of this OPD, if the
table holds OPDs), ``peringkat_opd``, ``butir_opd`` (else ``area_perbaikan``),
``rencana_aksi``, ``indeks_subunit``, ``indeks_kelompok_opd`` and ``penyembunyian``. The tables
must be the published ones (:mod:`.publish`): hidden rows are never shown. Every OPD of
``indeks_opd`` gets a card; one whose figures disclosure control withheld gets a card that
says which figures are withheld and why, with what is public (name, type, headcount, action
plan, the policy). The same wording covers a group that was too small and one withheld to
protect another, because telling them apart would tell an attacker which counts are small.

The HTML page is self-contained (inline CSS and SVG, no request) and prints on one A4 page
from Chromium; the PDF (fpdf2, DejaVu) is one A4 page with its creation date fixed to 31
December of the report year, so the bytes depend only on the data. Cards are rendered in
worker processes when there are many (``workers``): fonts are parsed once per process and the
layout is computed directly (:mod:`._card_pdf`): about 50 ms of CPU per card.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from ..checks import check_count
from ..errors import DataError
from ..instrument import Instrument
from . import names
from ._card_content import build_content
from ._card_html import render_html
from ._card_inputs import LOW_RESPONSE_RATE, MIN_PEERS, CardInputs, CardSettings
from ._card_model import Card
from ._card_pdf import fit_scale, render_pdf
from .artifacts import read_tables
from .pages import esc, page

__all__ = ["Card", "PARALLEL_FROM", "build_card", "card_html", "card_pdf", "write_cards",
           "write_report_cards"]

#: fewest cards for which ``workers=None`` renders in worker processes (below, starting the
#: workers costs more than it saves)
PARALLEL_FROM = 80


def _settings(year, instrument, target, min_n, options: dict) -> CardSettings:
    return CardSettings.checked(year=year, instrument=instrument, target=target, min_n=min_n,
                                **options)


def build_card(tables: Mapping[str, pd.DataFrame], code: str, *, year: int,
               instrument: str | Instrument, target: tuple[float, float], min_n: int,
               units=None, confidence: float = 0.95, low_response: float = LOW_RESPONSE_RATE,
               min_peers: int = MIN_PEERS, level: str = "provinsi", unit_word: str = "OPD",
               organisation: str = "", previous_year: int | None = None) -> Card:
    """The content of one OPD's card.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The report's published tables (module docstring).
    code : str
        OPD code (a row of ``indeks_opd``).
    year : int
    instrument : str or Instrument
        Value names, item statements, scale labels and category bands.
    target : (float, float)
        Target range of the index.
    min_n : int
        The suppression threshold (named in the text).
    units : UnitTable, optional
        OPD types (for the median of the OPDs of the same type) and the parents of the
        sub-units when ``indeks_subunit`` has no ``parent`` column.
    confidence : float
        Level of the intervals (named in the text).
    low_response : float
        A response rate below this (0-1) gets a caveat.
    min_peers : int
        Fewest published OPDs of one type for their median to be shown.
    level, unit_word : str
        The words for the whole (``"provinsi"``, ``"kabupaten"``) and for a unit (``"OPD"``).
    organisation : str
        Named in the footer.
    previous_year : int, optional
        The configured year before ``year`` (changes are "since" it); by default the other
        year of the change table.

    Returns
    -------
    Card
        Its ``withheld`` is True when the OPD's figures are hidden.

    Raises
    ------
    DataError
        A required table or column is missing, a unit appears twice, the province table has
        no row for ``year``, ``code`` is not in ``indeks_opd``, or an option is out of range.

    Examples
    --------
    >>> from akhlak_analysis.instrument import load_instrument
    >>> ins = load_instrument("berakhlak-2025")
    >>> v = {c: 80.0 for c in ins.value_codes}
    >>> t = {"indeks_opd": pd.DataFrame([{"unit": "A", "name": "Dinas A", "n": 40,
    ...          "headcount": 100, "culture_index": 81.25, "ci_low": 74.0, "ci_high": 83.5,
    ...          "category": "Sehat", "suppressed": False, **v}]),
    ...      "indeks_provinsi": pd.DataFrame([{"year": 2025, "culture_index": 79.0, **v}])}
    >>> card = build_card(t, "A", year=2025, instrument=ins, target=(80, 90), min_n=10)
    >>> card.facts[0].value, card.facts[0].lines[1]
    ('81,2', 'dengan keyakinan 95%: antara 74,0 dan 83,5')
    >>> card.facts[0].warning
    'rentang ini melewati batas Cukup Sehat dan Sehat; kategorinya belum pasti.'
    >>> card.facts[2].value, card.facts[2].warning
    ('40%', 'kurang dari 50% pegawai menjawab; hasil ini mungkin tidak mewakili seluruh pegawai.')
    """
    settings = _settings(year, instrument, target, min_n, dict(
        confidence=confidence, low_response=low_response, min_peers=min_peers, level=level,
        unit_word=unit_word, organisation=organisation, previous_year=previous_year))
    inp = CardInputs.from_tables(tables, settings, units=units)
    if str(code) not in inp.opd:
        raise DataError(f"no row for unit {code!r}; expected one of the codes of the OPD "
                        "index", file=names.OPD_INDEX, column="unit")
    return build_content(inp, str(code))


def card_html(card: Card) -> str:
    """The card as a self-contained HTML page (inline CSS and SVG; no external request).

    Examples
    --------
    >>> from akhlak_analysis.report._card_model import Fact
    >>> c = Card("A", "Dinas <A>", 2025, facts=[Fact("Indeks", "80,0")])
    >>> html = card_html(c)
    >>> "Dinas &lt;A&gt;" in html and "<script" not in html and "http" not in html
    True
    """
    return render_html(card, scale=fit_scale(card))


def card_pdf(card: Card) -> bytes:
    """The card as a one-page A4 PDF (deterministic bytes).

    Examples
    --------
    >>> c = Card("A", "Dinas A", 2025, how_to=["Kalimat."])
    >>> data = card_pdf(c)
    >>> data[:5], data == card_pdf(c)
    (b'%PDF-', True)
    """
    return render_pdf(card)


# --------------------------------------------------------------------------------------
# all cards
# --------------------------------------------------------------------------------------
def _inside(folder: str | Path, name: str) -> Path:
    """``folder / name``, refused when it would lie outside ``folder`` (a hostile unit code)."""
    base = Path(folder).resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise ValueError(f"refusing to write {name!r} outside {base}")
    return target


def _render_chunk(job: tuple[list[Card], str, bool]) -> list[tuple[str, float]]:
    """Write the HTML (and PDF) of ``cards`` into ``folder``: one worker's share."""
    cards, folder, with_pdf = job
    out = []
    for card in cards:
        t0 = time.perf_counter()
        (_inside(folder, f"{card.code}.html")).write_text(card_html(card), encoding="utf-8")
        if with_pdf:
            (_inside(folder, f"{card.code}.pdf")).write_bytes(card_pdf(card))
        out.append((card.code, time.perf_counter() - t0))
    return out


def _render_all(cards: list[Card], folder: Path, *, pdf: bool, workers: int,
                progress: Callable[[str], None] | None) -> dict[str, float]:
    size = max(1, min(25, -(-len(cards) // (4 * workers))))
    jobs = [(cards[i:i + size], str(folder), pdf) for i in range(0, len(cards), size)]
    seconds: dict[str, float] = {}

    def done(part: list[tuple[str, float]]) -> None:
        seconds.update(part)
        if progress is not None:
            progress(f"cards {len(seconds)}/{len(cards)}")

    if workers == 1:
        for job in jobs:
            done(_render_chunk(job))
        return seconds
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as ex:
        for part in ex.map(_render_chunk, jobs):
            done(part)
    return seconds


def write_cards(tables: Mapping[str, pd.DataFrame], *, out_dir: str | Path, year: int,
                instrument: str | Instrument, target: tuple[float, float], min_n: int,
                units=None, pdf: bool = True, workers: int | None = None,
                progress: Callable[[str], None] | None = None, **options) -> pd.DataFrame:
    """Write ``<out_dir>/opd/<CODE>.html`` and ``.pdf`` for every OPD, and ``opd/index.html``.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The report's published tables, as :func:`~.artifacts.read_tables` returns them.
    out_dir : str or Path
        The report folder; cards go into its ``opd/`` folder.
    year, instrument, target, min_n, units :
        As :func:`build_card`.
    pdf : bool, default True
        Also write the PDFs.
    workers : int, optional
        Worker processes rendering the cards; default 1 below :data:`PARALLEL_FROM` cards,
        else the number of CPUs (at most 4). The files are the same whatever the number.
    progress : callable, optional
        Called with ``"cards k/N"`` as cards are written.
    **options
        ``confidence``, ``low_response``, ``min_peers``, ``level``, ``unit_word``,
        ``organisation``, ``previous_year`` as :func:`build_card`.

    Returns
    -------
    DataFrame
        One row per OPD of ``indeks_opd`` (sorted by code): ``unit``, ``name``, ``withheld``
        (its figures hidden: the card says so), ``html`` and ``pdf`` (paths relative to
        ``out_dir``; ``pdf`` missing when not written), ``seconds`` (time to render and write
        its files).

    Examples
    --------
    >>> import tempfile
    >>> from akhlak_analysis.instrument import load_instrument
    >>> ins = load_instrument("berakhlak-2025")
    >>> v = {c: 80.0 for c in ins.value_codes}
    >>> opd = pd.DataFrame([{"unit": "A", "name": "Dinas A", "n": 40, "culture_index": 81.2,
    ...     "ci_low": 79.0, "ci_high": 83.5, "category": "Sehat", "suppressed": False, **v},
    ...     {"unit": "B", "name": "Badan B", "suppressed": True}])
    >>> t = {"indeks_opd": opd, "indeks_provinsi": pd.DataFrame([{"culture_index": 79.0, **v}])}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = write_cards(t, out_dir=d, year=2025, instrument=ins, target=(80, 90),
    ...                       min_n=10, pdf=False)
    >>> out[["unit", "withheld", "html"]]
      unit  withheld        html
    0    A     False  opd/A.html
    1    B      True  opd/B.html
    """
    settings = _settings(year, instrument, target, min_n, options)
    inp = CardInputs.from_tables(tables, settings, units=units)
    cards = [build_content(inp, code) for code in inp.order]
    if workers is None:
        workers = 1 if len(cards) < PARALLEL_FROM else min(4, os.cpu_count() or 1)
    workers = check_count(workers, name="workers")
    folder = Path(out_dir) / "opd"
    folder.mkdir(parents=True, exist_ok=True)
    seconds = _render_all(cards, folder, pdf=pdf, workers=workers, progress=progress)
    out = pd.DataFrame({
        "unit": [c.code for c in cards], "name": [c.name for c in cards],
        "withheld": [c.withheld for c in cards],
        "html": pd.array([f"opd/{c.code}.html" for c in cards], dtype="string"),
        "pdf": pd.array([f"opd/{c.code}.pdf" if pdf else pd.NA for c in cards],
                        dtype="string"),
        "seconds": [seconds[c.code] for c in cards]})
    (folder / "index.html").write_text(_index_page(out, settings), encoding="utf-8")
    return out


def _index_page(cards: pd.DataFrame, s: CardSettings) -> str:
    order = sorted(range(len(cards)), key=lambda i: (cards["name"].iloc[i], cards["unit"].iloc[i]))
    items = []
    for i in order:
        r = cards.iloc[i]
        link = f'<a href="{esc(Path(r["html"]).name)}">{esc(r["name"])}</a>'
        if pd.notna(r["pdf"]):
            link += f' (<a href="{esc(Path(r["pdf"]).name)}">PDF</a>)'
        if r["withheld"]:
            link += " (angka disembunyikan)"
        items.append(f"<li>{link}</li>")
    hidden = int(cards["withheld"].sum())
    note = (f"<p>{hidden} rapor tanpa angka: angka {s.unit_word} itu disembunyikan (terlalu "
            "sedikit responden atau melindungi kelompok lain); rapornya menjelaskan "
            "alasannya.</p>" if hidden else "")
    return page(f"Rapor {s.unit_word} {s.year}",
                f"<h1>Rapor {esc(s.unit_word)} {s.year}</h1><p>{len(cards)} rapor "
                f"{esc(s.unit_word)}.</p>{note}<ul>{''.join(items)}</ul>")


def write_report_cards(folder: str | Path, *, config, year: int, units=None,
                       workers: int | None = None,
                       progress: Callable[[str], None] | None = None) -> pd.DataFrame | None:
    """The OPD report cards ``opd/<CODE>.html`` and ``.pdf`` from the saved (published) tables.

    Parameters
    ----------
    folder : str or Path
        The report folder (``tables/`` inside); the cards go to ``opd/``.
    config : AnalysisConfig
        Target, minimum group size, interval level, organisation, instrument of ``year``.
    year : int
    units : UnitTable, optional
        OPD types and the parents of the sub-units.
    workers, progress :
        As :func:`write_cards`.

    Returns
    -------
    DataFrame or None
        :func:`write_cards`' table, or None when the OPD index or the headline was not saved.
    """
    from .deck import config_words

    tables = read_tables(folder, year=year)
    if names.OPD_INDEX not in tables or names.HEADLINE not in tables:
        return None
    previous = max((int(y) for y in config.years if int(y) < int(year)), default=None)
    words = config_words(config)  # the level and unit words of the configuration
    return write_cards(tables, out_dir=folder, year=year, level=words.area, unit_word=words.unit,
                       instrument=config.year(year).instrument, target=tuple(config.target),
                       min_n=config.min_group_size, units=units, workers=workers,
                       progress=progress, confidence=config.confidence,
                       organisation=config.organisation, previous_year=previous)
