"""Assembly of a report from what the notebooks saved: workbook, cards, deck, index page.

Called by the runner (:mod:`.runner`) after every notebook ran; reads only the saved
(published) tables and charts, and each section's recorded status.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..analysis import Analysis
from .artifacts import read_records
from .cards import write_report_cards
from .deck import build_report_deck, config_words
from .glossary import config_glossary, glossary_rows
from .index_page import write_index
from .kernels import NOTEBOOK_DIR
from .progress import Steps
from .workbook import build_workbook

__all__ = ["assemble", "section_records"]


def section_records(folder: Path) -> dict[str, dict]:
    """Each section's saved status (key -> ``{status, reason, note}``)."""
    return {k: json.loads(v) for k, v in read_records(folder, "sections").items()}


def assemble(folder: Path, ctx: Analysis, *, skipped: dict[str, str], steps: Steps,
             notebooks: str | Path = NOTEBOOK_DIR) -> tuple[Path | None, Path, dict[str, dict]]:
    """Workbook, OPD report cards, deck and index page from the saved tables and charts.

    Each is a step of ``steps`` (wall and CPU time, a line when it starts and ends); the
    cards also say ``cards n/N`` while they are written. Returns the workbook (None without
    tables), the deck and the sections' statuses; a section that could not be computed is
    added to ``skipped`` with its note.
    """
    config, year = ctx.config, ctx.year
    sections = section_records(folder)
    for key, rec in sections.items():
        if rec["status"] == "failed":
            skipped.setdefault(f"bagian {key}", rec["note"].replace("*", ""))
    with steps.step("workbook", "workbook (Excel)"):
        workbook = build_workbook(folder, folder / f"tabel_indeks_budaya_kerja_{year}.xlsx",
                                  year=year, instrument=ctx.instrument(),
                                  lang=config.language, words=config_words(config),
                                  glossary=glossary_rows(config_glossary(config, year)))
    with steps.step("cards", "OPD report cards"):  # the cards count themselves (n/N)
        write_report_cards(folder, config=config, year=year, units=ctx.units,
                           progress=steps.write)
    with steps.step("deck", "slide deck"):
        deck = build_report_deck(folder, config=config, year=year, skipped=skipped)
    with steps.step("index", "index page"):
        write_index(folder, config=config, year=year, skipped=skipped, notebooks=notebooks)
    return workbook, deck, sections
