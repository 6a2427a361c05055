"""Run the analysis notebooks for a year and assemble the report: ``akhlak report``.

Every notebook in ``notebooks/`` whose name starts with two digits is executed with papermill
(``config_path``, ``year`` and ``artifacts_dir`` injected into its ``parameters`` cell, kernel
from the current environment) into ``<out>/notebooks/`` and exported to self-contained HTML
without code into ``<out>/html/``. The notebooks are the one place where the year's tables and
charts are made: they hand them over with :mod:`akhlak_analysis.report.artifacts` (PNG charts into
``figures/``, Parquet tables into ``tables/``), and the runner then only assembles them into
the workbook ``tabel_indeks_budaya_kerja_<year>.xlsx``, the deck ``paparan_<year>.pptx``
(:mod:`akhlak_analysis.report.deck`), the OPD report cards ``opd/<CODE>.html`` and ``.pdf``
(:mod:`akhlak_analysis.report.cards`, from the saved tables, which are the published ones of
:func:`akhlak_analysis.report.drilldown.published_tables`: no card for a hidden OPD),
``html/index.html`` and ``manifest.json``.

A notebook declares what it needs in its metadata (``"akhlak": {"requires": [...]}``:
``previous_year``, ``indicators``, ``action_plans``); when the configuration cannot provide it
(e.g. the first survey year has no previous year) the notebook is skipped with a printed
reason, and the index page and the deck's method slide say why.

The run is written into a temporary folder beside ``<out>`` and renamed only when every
notebook succeeded, so a failed run leaves the previous complete report untouched and the
partial run in ``.<year>.partial`` for inspection.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

from ..analysis import CACHE_ENV, Analysis
from ..config import AnalysisConfig, load_config
from ..data.clean import NO_KEY_WARNING, PrivacyWarning, configured_id_key
from ..defaults import CONFIDENCE
from ..errors import AkhlakError
from . import names
from .sections import section_plan

__all__ = ["NOTEBOOK_DIR", "WORKBOOK_SHEETS", "ReportError", "build_workbook", "execute_in_place",
           "export_html", "run_report", "skip_reason", "write_index", "write_report_cards"]

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
_PACKAGES = ("akhlak-analysis", "pandas", "numpy", "scipy", "statsmodels", "semopy", "matplotlib",
             "seaborn", "papermill", "nbconvert", "openpyxl", "python-pptx")


#: table saved by the notebooks -> workbook sheet, in sheet order (tables not listed follow)
WORKBOOK_SHEETS: dict[str, str] = {
    names.HEADLINE: "Provinsi",
    names.OPD_INDEX: "Indeks OPD",
    names.VALUE_CHANGE: "Nilai",
    names.PROVINCE_CHANGE: "Perubahan provinsi",
    names.UNIT_CHANGE: "Perubahan OPD",
    names.TARGET_GAPS: "Jarak ke target",
    names.ACTION_PLANS: "Rencana aksi",
    names.RANKING: "Peringkat OPD",
    names.IMPROVEMENT: "Area perbaikan",
    names.SUBUNIT_INDEX: "Sub-unit",
    names.PROVINCE_GROUPS: "Kelompok pegawai provinsi",
    names.GROUP_INDEX: "Kelompok pegawai OPD",
    names.OPD_ITEMS: "Butir per OPD",
    names.SUPPRESSION: "Penyembunyian",
    names.VALUE_VALIDATION: "Validasi nilai",
    names.ITEM_VALIDATION: "Validasi butir",
    names.MODEL_FIT: "Kecocokan model",
    names.RESPONSE_RATES: "Tingkat respons",
    names.CLEANING_LOG: "Log pembersihan",
}

#: The kernels log errors only: their start-up notice about the local TCP transport (the
#: kernel listens on 127.0.0.1 for this process only) is not for the report's readers.
_KERNEL_ARGS = ("--IPKernelApp.log_level=ERROR",)

_REQUIREMENTS = {
    "previous_year": "tahun {year} tidak punya tahun sebelumnya di konfigurasi (perbandingan "
                     "antartahun butuh dua tahun)",
    "indicators": "konfigurasi tidak menyebut berkas indikator (indicators) untuk validitas "
                  "kriteria",
    "action_plans": "konfigurasi tidak menyebut berkas rencana aksi (action_plans)",
}


class ReportError(AkhlakError):
    """A notebook failed while building the report."""


@dataclass
class ReportResult:
    """Where the report went and what it holds."""

    out_dir: Path
    notebooks: list[Path]
    html: list[Path]
    manifest: Path
    workbook: Path | None = None
    deck: Path | None = None
    figures: list[Path] | None = None
    skipped: dict[str, str] | None = None
    cards: list[Path] | None = None


def _prepare_kernel_environment() -> None:
    """The environment the notebook kernels inherit.

    Kernelspecs start ``python`` from PATH: put the interpreter running this code first. Also
    makes a relative ``AKHLAK_ID_KEY_FILE`` absolute: the kernels run in the notebooks'
    folder, where a relative path would not find the key (and ids would silently change).
    """
    here = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != here:
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")
    key_file = os.environ.get("AKHLAK_ID_KEY_FILE")
    if key_file and not os.path.isabs(key_file):
        os.environ["AKHLAK_ID_KEY_FILE"] = os.path.abspath(key_file)


def list_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The analysis notebooks in run order (``NN_name.ipynb``)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))


def skip_reason(notebook: str | Path, config: AnalysisConfig, year: int) -> str | None:
    """Why ``notebook`` cannot run for ``year`` with this configuration (Indonesian), or None.

    Parameters
    ----------
    notebook : str or Path
        A notebook whose metadata may hold ``"akhlak": {"requires": [...]}`` with any of
        ``previous_year``, ``indicators``, ``action_plans``.
    config : AnalysisConfig
    year : int

    Returns
    -------
    str or None
        ``"Buku kerja ini dilewati: <reasons>."``, or None when everything it needs is there.

    Examples
    --------
    >>> import tempfile
    >>> import akhlak_analysis as ak
    >>> cfg = ak.load_config("data/sample/analysis.yaml")
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(metadata={"akhlak": {"requires": ["previous_year"]}})
    >>> path = Path(tempfile.mkdtemp()) / "09_extra.ipynb"
    >>> nbformat.write(nb, path)
    >>> skip_reason(path, cfg, 2024)
    'Buku kerja ini dilewati: tahun 2024 tidak punya tahun sebelumnya di konfigurasi (perbandingan antartahun butuh dua tahun).'
    >>> skip_reason(path, cfg, 2025) is None
    True

    The project's own notebooks need no optional input as a whole: their sections do
    (:mod:`akhlak_analysis.report.sections`).
    """
    nb = _nbformat().read(notebook, as_version=4)
    needs = nb.metadata.get("akhlak", {}).get("requires", [])
    unknown = sorted(set(needs) - set(_REQUIREMENTS))
    if unknown:
        raise ReportError(f"unknown requirement(s) {unknown} in the notebook metadata; expected "
                          f"any of {sorted(_REQUIREMENTS)}", file=notebook)
    missing = []
    if "previous_year" in needs and config.previous_year(year) is None:
        missing.append(_REQUIREMENTS["previous_year"].format(year=year))
    for key in ("indicators", "action_plans"):
        path = getattr(config, key)
        if key in needs and (path is None or not Path(path).is_file()):
            missing.append(_REQUIREMENTS[key])
    return f"Buku kerja ini dilewati: {'; '.join(missing)}." if missing else None


def _nbformat():
    """nbformat, imported when first needed: its JSON-schema stack takes about 1 s to import,
    and every notebook kernel imports this package."""
    import nbformat

    return nbformat


#: Notebooks executed at the same time (each in its own kernel; the machine has two cores).
_WORKERS = max(1, min(2, os.cpu_count() or 1))


def _kernel_manager_class(folder: str):
    """A kernel manager whose kernel talks over Unix sockets in ``folder`` instead of TCP.

    Two notebooks run at the same time. Over TCP each manager picks free ports by binding and
    releasing them before its kernel binds them again, so two managers in two processes can
    pick the same port and one kernel dies with ``Address already in use`` (seen on CI). Unix
    sockets in a private folder cannot collide. On Windows TCP stays.
    """
    from jupyter_client.manager import AsyncKernelManager

    if os.name == "nt":
        return AsyncKernelManager

    class _IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = os.path.join(folder, "k")  # sockets k-<port>

    return _IPCKernelManager


#: thread-count variables of the BLAS/OpenMP libraries numpy and scipy may use
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: where the kernels' socket folders go (``/tmp`` keeps the paths short; TMPDIR can be long)
_SOCKET_ROOT = "/tmp" if os.path.isdir("/tmp") else None


def _kernel_start_failed(exc: BaseException) -> bool:
    """True for a kernel that died or never answered before running any cell."""
    return "Kernel didn't respond" in str(exc) or type(exc).__name__ == "DeadKernelError"


def _execute(notebook: str, target: str, parameters: dict,
             attempts: int = 2) -> tuple[float, tuple | None]:
    """Execute one notebook with papermill (in a worker process); (seconds, error or None).

    A kernel that fails to start is started once more (a notebook error is never retried).
    """
    import papermill as pm

    if _WORKERS > 1:  # kernels inherit this: two kernels with two BLAS threads each thrash
        for var in _BLAS_THREADS:
            os.environ.setdefault(var, "1")
    start = time.perf_counter()
    attempt = 1
    while True:
        try:
            # a short private folder: a Unix socket path must stay under ~100 characters
            with tempfile.TemporaryDirectory(prefix="akk-", dir=_SOCKET_ROOT) as folder:
                pm.execute_notebook(notebook, target, kernel_name="python3", progress_bar=False,
                                    parameters=parameters, cwd=str(Path(notebook).parent),
                                    log_output=False, extra_arguments=list(_KERNEL_ARGS),
                                    kernel_manager_class=_kernel_manager_class(folder))
            return time.perf_counter() - start, None
        except pm.PapermillExecutionError as exc:
            return time.perf_counter() - start, (exc.exec_count, exc.ename, exc.evalue)
        except RuntimeError as exc:
            if attempt >= attempts or not _kernel_start_failed(exc):
                raise
            attempt += 1


def _ensure_run_key(config: AnalysisConfig) -> None:
    """Without a configured respondent-id key, one random key for the whole run.

    Every notebook kernel then pseudonymises with the same key (and finds the shared clean
    tables); the key is not written anywhere and ids still differ between runs (warned).
    """
    if configured_id_key(config) is not None:
        return
    warnings.warn(NO_KEY_WARNING, PrivacyWarning, stacklevel=3)
    os.environ["AKHLAK_ID_KEY"] = secrets.token_hex(32)


def _check_artifacts(folder: Path, year: int, config: AnalysisConfig,
                     executed: list[Path], ctx: Analysis | None = None) -> None:
    """Stop when a notebook that ran did not save a table or figure the report uses."""
    from .artifacts import read_tables
    from .sections import has

    available = {"previous_year": config.previous_year(year) is not None,
                 "indicators": config.indicators is not None,
                 "action_plans": config.action_plans is not None}
    if ctx is not None:
        available.update({need: has(ctx, need) for need in ("subunit", "groups")})
    figures = [p.stem[: -len(f"_{year}")] for p in (folder / "figures").glob(f"*_{year}.png")]
    missing = names.missing_artifacts(executed=[p.stem for p in executed], available=available,
                                      tables=read_tables(folder, year=year), figures=figures)
    if missing:
        raise ReportError("; ".join(missing) + f" (see {names.__name__})", file=folder)


def run_report(config_path: str | Path, *, year: int | None = None, out: str | Path | None = None,
               notebooks: str | Path = NOTEBOOK_DIR,
               progress: Callable[[str], None] = print) -> ReportResult:
    """Execute every notebook for ``year`` and assemble the report in ``out``.

    Parameters
    ----------
    config_path : str or Path
        ``analysis.yaml``.
    year : int, optional
        Report year (default: the config's ``year``).
    out : str or Path, optional
        Output folder (default: ``<output_dir>/<year>`` from the config).
    notebooks : str or Path
        Folder with the notebooks (default: the project's ``notebooks/``).
    progress : callable
        Receives one line per step.

    Returns
    -------
    ReportResult
        Paths of the executed notebooks, HTML pages, workbook, deck, figures and manifest,
        and the notebooks skipped with their reasons.

    Raises
    ------
    ReportError
        Names the notebook and the cell that failed; the partial run is kept.
    """

    _prepare_kernel_environment()
    config = load_config(config_path)
    year = config.year(year).year
    out = Path(out) if out is not None else config.output_dir / str(year)
    nbs = list_notebooks(Path(notebooks))
    if not nbs:
        raise ReportError("no notebooks named like 01_name.ipynb found", file=notebooks)
    partial = out.parent / f".{out.name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    (partial / "notebooks").mkdir(parents=True)
    (partial / "html").mkdir()
    durations: dict[str, float] = {}
    ctx, skipped = _shared_inputs(config, year, durations, progress)
    runnable = []
    for i, nb in enumerate(nbs, 1):
        reason = skip_reason(nb, config, year)
        if reason is not None:
            skipped[nb.name] = reason
            progress(f"[{i}/{len(nbs)}] {nb.name} skipped: {reason}")
        else:
            runnable.append(nb)
    params = {"config_path": str(config.path), "year": year,
              "artifacts_dir": str(partial.resolve())}
    executed, pages = _run_notebooks(runnable, partial, params, durations, progress)
    _check_artifacts(partial, year, config, executed, ctx)
    workbook, deck = _assemble(partial, config, year, ctx, skipped, durations, progress,
                               notebooks)
    write_manifest(partial / "manifest.json", config, year, durations, out_dir=partial,
                   skipped=skipped)
    _publish(partial, out)
    progress(f"report for {year} written to {out}")
    return ReportResult(out, [out / "notebooks" / p.name for p in executed],
                        [out / "html" / p.name for p in pages], out / "manifest.json",
                        workbook=None if workbook is None else out / workbook.name,
                        deck=out / deck.name, figures=sorted((out / "figures").glob("*.png")),
                        skipped=skipped, cards=sorted((out / "opd").glob("*.pdf")))


def _shared_inputs(config: AnalysisConfig, year: int, durations: dict,
                   progress: Callable[[str], None]) -> tuple[Analysis, dict[str, str]]:
    """Clean every year once and compute the published tables, for all notebooks to share.

    Returns the analysis context and the sections that will not run, with their reasons.
    """
    start = time.perf_counter()
    _ensure_run_key(config)
    cache = config.output_dir / ".cache"
    ctx = Analysis.from_config(config, year, cache_dir=cache)
    for y in ctx.years:
        ctx.clean(y)
    durations["clean"] = round(time.perf_counter() - start, 2)
    progress(f"read and cleaned {', '.join(map(str, ctx.years))} in {durations['clean']:.1f} s "
             "(shared by every notebook)")
    os.environ[CACHE_ENV] = str(cache.resolve())  # the kernels read the clean tables from it
    skipped = {f"{row.notebook} · {row.section}": row.reason.replace("*Tidak ditampilkan.* ", "")
               for row in section_plan(ctx).itertuples(index=False) if not row.runs}
    from .drilldown import published_tables

    published_tables(ctx)  # the protected tables, computed once; the notebooks read them
    return ctx, skipped


def _run_notebooks(runnable: list[Path], partial: Path, params: dict, durations: dict,
                   progress: Callable[[str], None]) -> tuple[list[Path], list[Path]]:
    """Execute the notebooks, ``_WORKERS`` at a time; the executed notebooks and HTML pages."""
    executed, pages = [], []
    progress(f"executing {len(runnable)} notebooks, {_WORKERS} at a time ...")
    with ProcessPoolExecutor(max_workers=_WORKERS, mp_context=get_context("spawn")) as pool:
        jobs = {nb: pool.submit(_execute, str(nb), str(partial / "notebooks" / nb.name), params)
                for nb in runnable}
        for nb in runnable:
            seconds, error = jobs[nb].result()
            if error is not None:
                raise ReportError(f"notebook {nb.name} failed in cell {error[0]} ({error[1]}: "
                                  f"{error[2]}); the partial run is kept in {partial} and the "
                                  "previous report is unchanged", file=nb)
            target = partial / "notebooks" / nb.name
            strip_volatile_metadata(target, artifacts_dir=partial.resolve())
            pages.append(export_html(target, partial / "html" / f"{nb.stem}.html"))
            executed.append(target)
            durations[nb.name] = round(seconds, 2)
            progress(f"  {nb.name} done in {durations[nb.name]:.1f} s")
    return executed, pages


def _assemble(partial: Path, config: AnalysisConfig, year: int, ctx: Analysis,
              skipped: dict[str, str], durations: dict, progress: Callable[[str], None],
              notebooks: str | Path) -> tuple[Path | None, Path]:
    """Workbook, OPD report cards, deck and index page from the saved tables and charts."""
    start = time.perf_counter()
    workbook = build_workbook(partial, partial / f"tabel_indeks_budaya_kerja_{year}.xlsx",
                              year=year, instrument=config.year(year).instrument,
                              lang=config.language)
    durations["workbook"] = round(time.perf_counter() - start, 2)
    progress(f"workbook {workbook.name if workbook else '(no tables)'} "
             f"in {durations['workbook']:.1f} s")
    start = time.perf_counter()
    cards = write_report_cards(partial, config=config, year=year, units=ctx.units)
    durations["cards"] = round(time.perf_counter() - start, 2)
    progress(f"{int(cards['card'].sum()) if cards is not None else 0} OPD report cards "
             f"in {durations['cards']:.1f} s")
    start = time.perf_counter()
    deck = _build_deck(partial, config, year, skipped)
    durations["deck"] = round(time.perf_counter() - start, 2)
    progress(f"deck {deck.name} in {durations['deck']:.1f} s")
    start = time.perf_counter()
    write_index(partial, config=config, year=year, skipped=skipped, notebooks=notebooks)
    durations["index"] = round(time.perf_counter() - start, 2)
    return workbook, deck


def _publish(partial: Path, out: Path) -> None:
    """Replace ``out`` by the finished run in one rename (the old report is removed after)."""
    if out.exists():
        old = out.parent / f".{out.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        partial.rename(out)
        shutil.rmtree(old)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial.rename(out)


def build_workbook(folder: str | Path, path: str | Path, *, year: int, instrument=None,
                   lang: str = "id") -> Path | None:
    """Assemble the tables the notebooks saved into one formatted workbook.

    Parameters
    ----------
    folder : str or Path
        The artifacts folder (holding ``tables/*.parquet``).
    path : str or Path
        Target ``.xlsx`` (``tabel_indeks_budaya_kerja_<year>.xlsx``).
    year : int
        Only tables of this year.
    instrument : Instrument, optional
        Value names in headers, category colours.
    lang : {"id", "en"}

    Returns
    -------
    Path or None
        None when no table was saved. Sheets follow ``WORKBOOK_SHEETS`` (headline, OPD index,
        values, changes, action plans, ranking, improvement areas, validation, response
        rates, cleaning log); tables not listed there follow under their own name.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from akhlak_analysis.report import artifacts
    >>> folder = Path(tempfile.mkdtemp())
    >>> artifacts.use_folder(folder, year=2025)
    >>> artifacts.save_table(pd.DataFrame({"unit": ["A"], "culture_index": [76.3]}), "indeks_opd")
    >>> artifacts.use_folder(None)
    >>> p = build_workbook(folder, folder / "t.xlsx", year=2025)
    >>> pd.read_excel(p, sheet_name=None).keys()
    dict_keys(['Indeks OPD'])
    """
    from .artifacts import read_tables
    from .workbook import write_workbook

    tables = read_tables(folder, year=year)
    if not tables:
        return None
    order = [k for k in WORKBOOK_SHEETS if k in tables] + sorted(set(tables) - set(WORKBOOK_SHEETS))
    sheets = {WORKBOOK_SHEETS.get(k, k[:31]): tables[k] for k in order}
    return write_workbook(sheets, path, lang=lang, instrument=instrument)


def write_report_cards(folder: str | Path, *, config: AnalysisConfig, year: int,
                       units=None):
    """The OPD report cards ``opd/<CODE>.html`` and ``.pdf`` from the saved (published) tables.

    Parameters
    ----------
    folder : str or Path
        The report folder (``tables/`` inside); the cards go to ``opd/``.
    config : AnalysisConfig
    year : int
    units : UnitTable, optional
        Parents of the sub-units.

    Returns
    -------
    DataFrame or None
        :func:`~akhlak_analysis.report.cards.write_cards`' table (one row per OPD, ``card``
        False for a hidden OPD), or None when the OPD index or the headline was not saved.
    """
    from .artifacts import read_tables
    from .cards import write_cards

    tables = read_tables(folder, year=year)
    if names.OPD_INDEX not in tables or names.HEADLINE not in tables:
        return None
    return write_cards(tables, out_dir=folder, year=year,
                       instrument=config.year(year).instrument, target=tuple(config.target),
                       min_n=config.min_group_size, units=units)


def _build_deck(folder: Path, config: AnalysisConfig, year: int,
                skipped: dict[str, str]) -> Path:
    from .artifacts import read_tables
    from .deck import DeckInputs, build_deck

    figures = {p.stem[: -len(f"_{year}")]: p
               for p in sorted((folder / "figures").glob(f"*_{year}.png"))}
    inputs = DeckInputs(year=year, tables=read_tables(folder, year=year), figures=figures,
                        instrument=config.year(year).instrument, title=config.title,
                        organisation=config.organisation, target=tuple(config.target),
                        min_group_size=config.min_group_size, seed=config.seed, notes=skipped,
                        confidence=float(getattr(config, "confidence", CONFIDENCE)),
                        weighting=config.weighting)
    return build_deck(inputs, folder / f"paparan_{year}.pptx")


def _notebook_title(notebook: Path) -> str:
    nb = _nbformat().read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.stem


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
    from html import escape

    from .artifacts import read_tables
    from .deck import DeckInputs, deck_facts

    folder = Path(folder)
    (folder / "html").mkdir(parents=True, exist_ok=True)
    skipped = skipped or {}
    tables = read_tables(folder, year=year)
    facts = deck_facts(DeckInputs(year=year, tables=tables, figures={},
                                  instrument=config.year(year).instrument,
                                  target=tuple(config.target),
                                  min_group_size=config.min_group_size))
    parts = [f"<h1>{escape(config.title)} {year}</h1>"]
    if config.organisation:
        parts.append(f"<p class='org'>{escape(config.organisation)}</p>")
    parts.append("<h2>Angka utama</h2><ul>" + "".join(
        f"<li>{escape(x)}</li>" for x in facts["headline"] + facts.get("values", [])) + "</ul>")
    parts.append("<h2>Buku kerja analisis</h2><ul>")
    for nb in list_notebooks(Path(notebooks)):
        title = escape(_notebook_title(nb))
        page = folder / "html" / f"{nb.stem}.html"
        if nb.name in skipped:
            parts.append(f"<li>{title}: <em>{escape(skipped[nb.name])}</em></li>")
        elif page.is_file():
            parts.append(f"<li><a href='{escape(page.name)}'>{title}</a></li>")
    parts.append("</ul>")
    cards = sorted((folder / "opd").glob("*.html"))
    if cards:
        parts.append("<h2>Rapor OPD</h2><p><a href='../opd/index.html'>Daftar rapor OPD</a> "
                     "(satu halaman per OPD yang dilaporkan; HTML dan PDF)</p><ul>")
        opd = tables.get(names.OPD_INDEX)
        label = (dict(zip(opd["unit"].astype(str), opd["name"].astype(str), strict=True))
                 if opd is not None and "name" in opd.columns else {})
        for page in sorted(cards, key=lambda p: (label.get(p.stem, p.stem), p.stem)):
            if page.name == "index.html":
                continue
            pdf = page.with_suffix(".pdf")
            link = (f"<a href='../opd/{escape(page.name)}'>"
                    f"{escape(label.get(page.stem, page.stem))}</a>")
            if pdf.is_file():
                link += f" (<a href='../opd/{escape(pdf.name)}'>PDF</a>)"
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
        parts.append(f"<li><a href='../figures/{escape(png.name)}'>{escape(png.name)}</a></li>")
    parts.append("</ul>")
    style = ("body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;"
             "padding:0 1em;line-height:1.5;color:#222}h1,h2{color:#1f4e79}"
             ".org{color:#555}a{color:#1f4e79}")
    page = ("<!DOCTYPE html>\n<html lang='id'>\n<head>\n<meta charset='utf-8'>\n"
            f"<title>{escape(config.title)} {year}</title>\n<style>{style}</style>\n"
            "</head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")
    target = folder / "html" / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


_EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>")
#: itables' help and logo links (to itables.org): kept as text, without the outside address
_EXTERNAL_LINK = re.compile(r"<a href=[\"']https?://[^\"']*[\"']")


def export_html(notebook: Path, target: Path) -> Path:
    """Export an executed notebook to self-contained HTML without code cells or prompts.

    Figures are embedded, the page title is the notebook's first heading, and the scripts
    nbconvert would load from a CDN (require.js, MathJax; the reports hold no formulas or
    widgets) are left out, so the page opens offline and contacts no outside server; links to
    outside sites (itables' help and logo) keep their text but lose the address.
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(_nbformat().read(notebook, as_version=4),
                                          resources={"metadata": {
                                              "name": _notebook_title(notebook)}})
    body = _EXTERNAL_LINK.sub("<a", _EXTERNAL_SCRIPT.sub("", body))
    target.write_text(body, encoding="utf-8")
    return target


def strip_volatile_metadata(notebook: Path, *, artifacts_dir: Path | None = None) -> None:
    """Remove timings and papermill run metadata so the same inputs give the same file.

    With ``artifacts_dir``, the injected temporary path of the artifacts folder is replaced by
    ``"."`` (the report folder itself) so the executed copy does not depend on where it ran.
    """
    nb = _nbformat().read(notebook, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if artifacts_dir is not None and cell.cell_type == "code":
            cell.source = cell.source.replace(repr(str(artifacts_dir)), '"."').replace(
                f'"{artifacts_dir}"', '"."')
    _nbformat().write(nb, notebook)


def execute_in_place(notebook: Path, *, timeout: int = 900) -> None:
    """Re-execute a notebook in place with its own parameters (``make notebooks``).

    Outputs are replaced, no timing metadata is recorded, and execution counts restart at 1.
    """
    from nbclient import NotebookClient

    _prepare_kernel_environment()
    nb = _nbformat().read(notebook, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   extra_arguments=list(_KERNEL_ARGS),
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    _nbformat().write(nb, notebook)
    strip_volatile_metadata(notebook)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=NOTEBOOK_DIR.parent,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def write_manifest(path: Path, config: AnalysisConfig, year: int,
                   durations: dict[str, float], *, out_dir: Path | None = None,
                   skipped: dict[str, str] | None = None) -> None:
    """``manifest.json``: config, input hashes, instrument versions, package versions, commit.

    With ``out_dir``, also the SHA-256 of every figure, table, workbook and deck (paths
    relative to the report folder), so two runs can be compared file by file. Everything but
    ``durations_s`` depends only on the inputs, the code and the environment.
    """
    inputs = [config.path, config.units, *(yc.responses for yc in config.years.values()),
              config.indicators, config.action_plans]
    versions = {}
    for pkg in _PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    doc = {
        "year": year,
        "config": str(config.path.name),
        "inputs": {p.name: _sha256(p) for p in inputs if p is not None and p.is_file()},
        "instruments": {str(y): yc.instrument_name for y, yc in config.years.items()},
        "seed": config.seed,
        "min_group_size": config.min_group_size,
        "python": platform.python_version(),
        "packages": versions,
        "git_commit": _git_commit(),
        "durations_s": durations,
        "skipped": dict(sorted((skipped or {}).items())),
    }
    doc["config_file"] = {"path": str(config.path.name), "sha256": _sha256(config.path)}
    if out_dir is not None:
        files = [*sorted(out_dir.glob("figures/*.png")), *sorted(out_dir.glob("tables/*.parquet")),
                 *sorted(out_dir.glob("*.xlsx")), *sorted(out_dir.glob("*.pptx")),
                 *sorted(out_dir.glob("opd/*.html")), *sorted(out_dir.glob("opd/*.pdf"))]
        doc["outputs"] = {p.relative_to(out_dir).as_posix(): _sha256(p) for p in files}
    path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
