"""Assembly of a report from what the notebooks saved: workbook, cards, deck, index page.

Called by the runner (:mod:`.runner`) after every notebook ran; reads only the saved
(published) tables and charts, and each section's recorded status.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from ..analysis import Analysis
from .artifacts import read_records
from .cards import write_report_cards
from .deck import build_report_deck
from .index_page import write_index
from .kernels import NOTEBOOK_DIR
from .workbook import build_workbook

__all__ = ["assemble", "section_records"]


def section_records(folder: Path) -> dict[str, dict]:
    """Each section's saved status (key -> ``{status, reason, note}``)."""
    return {k: json.loads(v) for k, v in read_records(folder, "sections").items()}


def _timed(durations: dict, step: str, say: Callable[[str], None], what, *args, **kw):
    start = time.perf_counter()
    result = what(*args, **kw)
    durations[step] = round(time.perf_counter() - start, 2)
    say(f"{step} in {durations[step]:.1f} s")
    return result


def assemble(folder: Path, ctx: Analysis, *, skipped: dict[str, str], durations: dict,
             progress: Callable[[str], None], notebooks: str | Path = NOTEBOOK_DIR
             ) -> tuple[Path | None, Path, dict[str, dict]]:
    """Workbook, OPD report cards, deck and index page from the saved tables and charts.

    Returns the workbook (None without tables), the deck and the sections' statuses; a
    section that could not be computed is added to ``skipped`` with its note.
    """
    config, year = ctx.config, ctx.year
    sections = section_records(folder)
    for key, rec in sections.items():
        if rec["status"] == "failed":
            skipped.setdefault(f"bagian {key}", rec["note"].replace("*", ""))
    workbook = _timed(durations, "workbook", progress, build_workbook, folder,
                      folder / f"tabel_indeks_budaya_kerja_{year}.xlsx", year=year,
                      instrument=ctx.instrument(), lang=config.language)
    _timed(durations, "cards", progress, write_report_cards, folder, config=config, year=year,
           units=ctx.units, progress=progress)
    deck = _timed(durations, "deck", progress, build_report_deck, folder, config=config,
                  year=year, skipped=skipped)
    _timed(durations, "index", progress, write_index, folder, config=config, year=year,
           skipped=skipped, notebooks=notebooks)
    return workbook, deck, sections
