"""Which report sections can run on the inputs at hand, and the note shown where one cannot.

Sections, not whole notebooks, depend on optional inputs: a first survey year still gets its
headline, its index per value and per OPD, the validation and the ranking; only the sections
that need a previous year, the indicators, the action plans or a demographic column say, in
their place, why they are not shown. :func:`section_plan` lists all of them for
``akhlak check`` and the index page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..data.comments import find_open_columns
from ..errors import AkhlakError
from ..labels import format_number, label, lower_first
from ..stats.scoring import DOMAINS

__all__ = ["GROUP_COLUMNS", "NEEDS", "SECTIONS", "Section", "SectionUnavailable",
           "availability", "data_note", "describe_instrument", "has", "note", "percent",
           "run_section", "section_plan"]

#: What a section may need, and the reason shown (Indonesian) when it is missing.
NEEDS: dict[str, str] = {
    "previous_year": "Bagian ini membandingkan dua tahun; konfigurasi belum memuat tahun "
                     "sebelum {year}, sehingga {year} diperlakukan sebagai tahun pertama survei.",
    "indicators": "Bagian ini memerlukan berkas indikator OPD (`indicators` di konfigurasi: "
                  "kehadiran, disiplin); berkas itu tidak disebut di konfigurasi.",
    "action_plans": "Bagian ini memerlukan berkas Rencana Aksi (`action_plans` di "
                    "konfigurasi); berkas itu tidak disebut di konfigurasi.",
    "opd_type": "Bagian ini memerlukan jenis OPD (kolom `opd_type` di tabel unit, sedikitnya "
                "dua jenis); tabel unit tidak memuatnya.",
    "groups": "Bagian ini memerlukan sedikitnya satu kolom kelompok pegawai (jenis kelamin, "
              "kelompok usia, masa kerja, jenis jabatan, status kepegawaian atau golongan) "
              "dengan sedikitnya dua kelompok; ekspor {year} tidak memuatnya.",
    "column": "Bagian ini memerlukan kolom {label} dengan sedikitnya dua kelompok; ekspor "
              "{year} tidak memuatnya.",
    "outcomes": "Bagian ini memerlukan skala hasil (misalnya keterlibatan kerja atau bangga "
                "melayani) di instrumen {year} (kunci `outcomes` dan `outcome_items`; contohnya "
                "ada di instrumen bawaan yang memuat skala hasil) dan butir-butirnya di ekspor "
                "{year}; keduanya tidak ada.",
    "comments": "Bagian ini memerlukan pertanyaan terbuka (saran, masukan, komentar, usulan "
                "atau harapan) di ekspor {year}; tidak ada kolom seperti itu, atau belum ada "
                "yang menjawabnya.",
    "two_units": "Peringkat memerlukan sedikitnya dua OPD yang masing-masing mempunyai cukup "
                 "responden untuk dilaporkan; data {year} tidak memenuhinya (satu organisasi "
                 "tetap mendapat indeks, nilai, butir dan kelompoknya).",
}

#: Report sections that need an optional input: (notebook, section title, need).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("01_instrument_validation", "Invariansi antartahun", "previous_year"),
    ("01_instrument_validation", "Invariansi antarjenis jabatan", "position_type"),
    ("01_instrument_validation", "Validitas kriteria", "indicators"),
    ("02_year_over_year", "Perubahan keseluruhan, nilai dan OPD", "previous_year"),
    ("02_year_over_year", "Tindak lanjut rencana aksi", "action_plans"),
    ("02_year_over_year", "Rencana aksi dan perubahan indeks", "previous_year"),
    ("03_opd_ranking", "Peringkat OPD dengan interval", "two_units"),
    ("03_opd_ranking", "Tingkat dan perubahan", "previous_year"),
    ("03_opd_ranking", "Peringkat di antara OPD sejenis", "opd_type"),
    ("04_drilldown", "Sub-unit (bidang/UPT)", "subunit"),
    ("04_drilldown", "Kelompok pegawai", "groups"),
    ("05_drivers_comments", "Skala hasil", "outcomes"),
    ("05_drivers_comments", "Pendorong utama", "outcomes"),
    ("05_drivers_comments", "Prioritas (dampak x skor)", "outcomes"),
    ("05_drivers_comments", "Pendorong per OPD", "outcomes"),
    ("05_drivers_comments", "Komentar terbuka", "comments"),
)

#: the demographic breakdowns a "groups" section uses (any one present is enough)
GROUP_COLUMNS: tuple[str, ...] = DOMAINS


def _column_words(need: str) -> str:
    """An optional column in words, as a sentence uses it ("jenis kelamin")."""
    return "sub-unit (bidang/UPT)" if need == "subunit" else lower_first(label(need))



def note(ctx: Analysis, need: str) -> str:
    """The Markdown note shown in place of a section whose input is missing.

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> ctx = ak.Analysis.from_config(root / "data/sample/analysis.yaml", 2024)
    >>> note(ctx, "previous_year")[:40]
    '*Tidak ditampilkan.* Bagian ini membandi'
    """
    if need in NEEDS:
        text = NEEDS[need].format(year=ctx.year)
    else:
        text = NEEDS["column"].format(label=_column_words(need), year=ctx.year)
    return f"*Tidak ditampilkan.* {text}"


def has(ctx: Analysis, need: str) -> bool:
    """:meth:`Analysis.has`, plus ``"groups"``: at least one demographic breakdown present,
    ``"outcomes"``: the instrument has outcome scales and the export their items, and
    ``"comments"``: the export has an open-question column (the instrument's, else found by
    its header), ``"two_units"``: at least two OPDs with ``min_n`` respondents (a ranking is
    possible; disclosure control may still hide one).

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> has(ak.Analysis.from_config(root / "data/sample/analysis.yaml"), "groups")
    True
    """
    if need == "groups":
        return any(ctx.has(c) for c in GROUP_COLUMNS)
    if need == "outcomes":
        ins = ctx.instrument()
        return bool(ins.outcomes) and any(ins.match_outcome_header(h) is not None
                                          for h in ctx.clean().unrecognised_columns)
    if need == "comments":
        return not find_open_columns(ctx.clean().unrecognised_columns,
                                     instrument=ctx.instrument()).empty
    if need == "two_units":  # an estimate before disclosure control, for akhlak check
        counts = ctx.scores().dropna(subset=["culture_index"])["opd"].value_counts()
        return int((counts >= ctx.min_n).sum()) >= 2
    return ctx.has(need)


def section_plan(ctx: Analysis) -> pd.DataFrame:
    """Every optional section with whether it runs and, if not, why.

    Returns
    -------
    DataFrame
        ``notebook``, ``section``, ``needs``, ``runs`` (bool) and ``reason`` (blank when it
        runs).
    """
    rows = []
    for notebook, section, need in SECTIONS:
        runs = has(ctx, need)
        rows.append({"notebook": notebook, "section": section, "needs": need, "runs": runs,
                     "reason": "" if runs else note(ctx, need)})
    return pd.DataFrame(rows)


def data_note(ctx: Analysis) -> str:
    """The note on the data's origin: only for a configuration that says ``synthetic: true``.

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> data_note(ak.Analysis.from_config(root / "data/sample/analysis.yaml"))
    '*Data contoh ini sintetis; tidak ada responden nyata.*'
    """
    return "*Data contoh ini sintetis; tidak ada responden nyata.*" if ctx.synthetic else ""


def describe_instrument(ctx: Analysis) -> str:
    """How the report year's instrument is scored, in words, from the instrument itself.

    Names the number of items and values, the answer scale with its labels, the
    reverse-keyed items and how they are turned, and (with a previous year) the items both
    years share, on which every change is measured.
    """
    ins = ctx.instrument()
    lo, hi = ins.scale.min, ins.scale.max
    labels = ins.scale.labels.get(ins.scale.type) or next(iter(ins.scale.labels.values()), {})
    scale = ", ".join(f"{k} = {v}" for k, v in sorted(labels.items())) if labels else ""
    lines = [f"- Instrumen {ctx.year} memuat {len(ins.items)} butir untuk "
             f"{len(ins.value_codes)} nilai, dijawab pada skala {lo}-{hi}"
             + (f" ({scale})" if scale else "") + "."]
    rev = ins.reverse_items
    if rev:
        lines.append(f"- Butir pernyataan negatif ({', '.join(rev)}) dibalik ({lo} ↔ {hi}) "
                     "sebelum dihitung, sehingga skor tinggi selalu berarti budaya kerja "
                     "yang lebih baik.")
    else:
        lines.append("- Instrumen ini tidak memuat butir pernyataan negatif.")
    lines.append(f"- Skor butir diubah ke skala 0-100: ({lo} = 0, {hi} = 100).")
    if ctx.previous_year is not None:
        prev = ctx.instrument(ctx.previous_year)
        common = ins.common_items(prev)
        lines.append(f"- Instrumen {ctx.previous_year} memuat {len(prev.items)} butir; "
                     f"{len(common)} butir sama di kedua tahun, dan perubahan antartahun "
                     "selalu dihitung pada butir yang sama itu.")
    return "\n".join(lines)


def percent(x: float) -> str:
    """A share as an Indonesian percentage without decimals (0.95 -> ``95%``)."""
    return f"{format_number(100 * x, 0)}%"


# --------------------------------------------------------------------------------------
# a section: its result, or in its place why it is absent
# --------------------------------------------------------------------------------------
class SectionUnavailable(AkhlakError):
    """Raised inside a section's computation when the data cannot support it.

    ``reason`` is a structured code (``too_small``, ``constant_item``, ``not_estimable``,
    ``single_unit``, ...) and the message, in Indonesian, says what happened and what the
    user can do; :func:`run_section` shows it in the section's place.
    """

    def __init__(self, message: str, *, reason: str = "not_estimable"):
        super().__init__(message)
        self.reason = reason


@dataclass
class Section:
    """The outcome of one report section: shown in a notebook by being the cell's value.

    Attributes
    ----------
    key : str
        Section key (e.g. ``"invariance_years"``).
    status : {"ran", "absent", "failed"}
        ``absent``: an input it needs is missing; ``failed``: the data could not support it
        (e.g. a group too small for a model).
    result : object
        What the computation returned (None unless it ran).
    items : list
        What to show, in order (Markdown text, DataFrames or styled tables, figures).
    reason : str
        Structured reason code when not run: ``missing:<need>`` or the code of a
        :class:`SectionUnavailable`; blank when it ran.
    note : str
        The Indonesian Markdown note shown in the section's place when not run.
    """

    key: str
    status: str
    result: Any = None
    items: list = field(default_factory=list)
    reason: str = ""
    note: str = ""

    @property
    def ran(self) -> bool:
        """Whether the section was computed."""
        return self.status == "ran"

    def _ipython_display_(self) -> None:  # pragma: no cover - exercised by the notebooks
        from IPython.display import Markdown, display

        if not self.ran:
            display(Markdown(self.note))
            return
        for item in self.items:
            display(Markdown(item) if isinstance(item, str) else item)

    def record(self) -> dict[str, str]:
        """The section's status as saved for the runner (no figures, no names)."""
        return {"key": self.key, "status": self.status, "reason": self.reason,
                "note": self.note}


#: errors that mean "the data cannot support this section", not a bug
_DATA_ERRORS = (AkhlakError, np.linalg.LinAlgError)


def availability(ctx: Analysis, needs: Iterable[str] | None = None) -> dict[str, bool]:
    """The one rule of which optional inputs are there: need -> available.

    Used by ``akhlak check``, the runner, the notebooks (through :func:`run_section`) and the
    deck. ``needs`` defaults to every need of :data:`SECTIONS`.

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> a = availability(ak.Analysis.from_config(root / "data/sample/analysis.yaml", 2024))
    >>> a["previous_year"], a["action_plans"], a["groups"]
    (False, True, True)
    """
    wanted = sorted({n for *_, n in SECTIONS}) if needs is None else list(needs)
    return {need: has(ctx, need) for need in wanted}


def run_section(ctx: Analysis, key: str, compute: Callable[..., Any], *args,
                needs: Sequence[str] = (), show: Callable[[Any], list] | None = None,
                **kwargs) -> Section:
    """Compute a section when its inputs are there; otherwise, or when the data cannot
    support it, a :class:`Section` that shows why in its place.

    Parameters
    ----------
    ctx : Analysis
    key : str
        The section key (recorded for the runner and the index page).
    compute : callable
        ``compute(*args, **kwargs)``; may raise :class:`SectionUnavailable` (or any
        :class:`~akhlak_analysis.errors.AkhlakError` or ``LinAlgError``) when the data cannot
        support the section.
    needs : sequence of str
        Optional inputs the section needs (see :data:`NEEDS`).
    show : callable, optional
        ``show(result) -> list`` of items to display (default: the result itself).

    Returns
    -------
    Section

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> ctx = ak.Analysis.from_config(root / "data/sample/analysis.yaml", 2024)
    >>> sec = run_section(ctx, "demo", lambda: 1, needs=["previous_year"])
    >>> sec.status, sec.reason
    ('absent', 'missing:previous_year')
    >>> def fails():
    ...     raise SectionUnavailable("Kelompok terlalu kecil.", reason="too_small")
    >>> sec = run_section(ctx, "demo", fails)
    >>> sec.status, sec.reason, sec.note
    ('failed', 'too_small', '*Tidak dapat dihitung.* Kelompok terlalu kecil.')
    >>> run_section(ctx, "demo", lambda x: x + 1, 1).result
    2
    """
    for need in needs:
        if not has(ctx, need):
            return _saved(Section(key, "absent", reason=f"missing:{need}",
                                  note=note(ctx, need)))
    try:
        result = compute(*args, **kwargs)
    except SectionUnavailable as exc:
        return _saved(Section(key, "failed", reason=exc.reason,
                              note=f"*Tidak dapat dihitung.* {exc}"))
    except _DATA_ERRORS as exc:
        text = str(exc).strip() or type(exc).__name__
        return _saved(Section(key, "failed", reason="not_estimable",
                              note="*Tidak dapat dihitung pada data ini.* Keterangan teknis: "
                                   f"{text}"))
    items = show(result) if show is not None else [result]
    return _saved(Section(key, "ran", result=result, items=list(items)))


def _saved(section: Section) -> Section:
    """Hand the section's status to the runner (nothing without an artifacts folder)."""
    from . import artifacts

    artifacts.save_record("sections", section.key, json.dumps(section.record(),
                                                              ensure_ascii=False,
                                                              sort_keys=True))
    return section
