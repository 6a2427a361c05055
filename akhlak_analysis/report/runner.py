"""``akhlak report``: run the analysis notebooks for a year and publish the report.

Steps, each timed in ``manifest.json``:

1. **Shared inputs**: every year is read and cleaned once, the disclosure-protected tables
   (:func:`~akhlak_analysis.report.publish.published_tables`) are computed once, and both are
   left in the on-disk cache (:class:`akhlak_analysis.cache.TableCache`) where every notebook
   finds them.
2. **Notebooks**: every notebook in ``notebooks/`` whose name starts with two digits is
   executed (:mod:`.kernels`, two at a time) with its parameters injected: ``config_path``,
   ``year``, ``artifacts_dir``, ``cache_dir`` and ``id_key_file`` (the run's respondent-id
   key in a private temporary file; parameters, not environment variables). Each notebook
   hands its tables and charts over with :mod:`.artifacts`, and each section records whether
   it ran (:func:`~akhlak_analysis.report.sections.run_section`).
3. **Assembly** from the saved tables and charts: the workbook, the OPD report cards, the
   deck, the index page and the manifest.
4. **Publishing**: the run is written into ``.<year>.partial`` beside the report and swapped
   with the previous report in one atomic exchange, so a failed or killed run leaves either
   the old or the new report, never none. A lock file keeps a second run from writing into
   the same folder at the same time.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from ..analysis import Analysis
from ..cache import release_arrow_memory
from ..config import AnalysisConfig, load_config
from ..data.clean import NO_KEY_WARNING, PrivacyWarning, configured_id_key
from ..errors import AkhlakError
from . import names
from .kernels import (
    NOTEBOOK_DIR,
    WORKERS,
    execute_notebook,
    export_html,
    list_notebooks,
    nbformat,
    prepare_kernel_environment,
    running_cell,
    strip_volatile_metadata,
)
from .progress import Steps, cpu_seconds
from .schedule import SHARED_FITS, fit_shared_models, job_order
from .sections import availability, section_plan

__all__ = ["NOTEBOOK_DIR", "ReportError", "ReportResult", "list_notebooks", "run_report",
           "skip_reason"]

#: what a notebook's metadata may require as a whole (``"akhlak": {"requires": [...]}``)
_REQUIREMENTS = {
    "previous_year": "tahun {year} tidak punya tahun sebelumnya di konfigurasi (perbandingan "
                     "antartahun butuh dua tahun)",
    "indicators": "konfigurasi tidak menyebut berkas indikator (indicators) untuk validitas "
                  "kriteria",
    "action_plans": "konfigurasi tidak menyebut berkas rencana aksi (action_plans)",
}


#: seconds between the lines that say which notebooks are still running
HEARTBEAT = 30.0


class ReportError(AkhlakError):
    """The report could not be made (a notebook failed, a lock is held, a folder unwritable)."""


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


def skip_reason(notebook: str | Path, ctx: Analysis) -> str | None:
    """Why ``notebook`` cannot run with this analysis (Indonesian), or None.

    Parameters
    ----------
    notebook : str or Path
        A notebook whose metadata may hold ``"akhlak": {"requires": [...]}`` with any of
        ``previous_year``, ``indicators``, ``action_plans``.
    ctx : Analysis
        Decides availability (:func:`~akhlak_analysis.report.sections.availability`).

    Returns
    -------
    str or None
        ``"Buku catatan ini dilewati: <reasons>."``, or None when everything it needs is
        there. The project's own notebooks need no optional input as a whole: their sections
        do (:mod:`akhlak_analysis.report.sections`).

    Examples
    --------
    >>> import tempfile
    >>> import akhlak_analysis as ak
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(metadata={"akhlak": {"requires": ["previous_year"]}})
    >>> path = Path(tempfile.mkdtemp()) / "09_extra.ipynb"
    >>> nbformat.write(nb, path)
    >>> ctx = ak.Analysis.from_config("data/sample/analysis.yaml", 2024, key=b"k")
    >>> skip_reason(path, ctx)
    'Buku catatan ini dilewati: tahun 2024 tidak punya tahun sebelumnya di konfigurasi (perbandingan antartahun butuh dua tahun).'
    """
    nb = nbformat().read(notebook, as_version=4)
    needs = nb.metadata.get("akhlak", {}).get("requires", [])
    unknown = sorted(set(needs) - set(_REQUIREMENTS))
    if unknown:
        raise ReportError(f"unknown requirement(s) {unknown} in the notebook metadata; expected "
                          f"any of {sorted(_REQUIREMENTS)}", file=notebook)
    have = availability(ctx, needs)
    missing = [_REQUIREMENTS[n].format(year=ctx.year) for n in needs if not have[n]]
    return f"Buku catatan ini dilewati: {'; '.join(missing)}." if missing else None


# --------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------
def run_report(config_path: str | Path, *, year: int | None = None, out: str | Path | None = None,
               notebooks: str | Path = NOTEBOOK_DIR,
               progress: Callable[[str], None] = print) -> ReportResult:
    """Execute every notebook for ``year`` and publish the report in ``out``.

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

    Raises
    ------
    ReportError
        Names the notebook and the cell that failed (the partial run is kept), a lock held
        by another run, or a folder that cannot be written (with the fix).
    """
    prepare_kernel_environment()
    config = load_config(config_path)
    year = config.year(year).year
    out = Path(out) if out is not None else config.output_dir / str(year)
    nbs = list_notebooks(Path(notebooks))
    if not nbs:
        raise ReportError("no notebooks named like 01_name.ipynb found", file=notebooks)
    try:
        with _lock(out), tempfile.TemporaryDirectory(prefix="akhlak-key-") as private:
            return _run(config, year, out, nbs, Path(private), notebooks, progress)
    except PermissionError as exc:
        raise ReportError(f"cannot write here ({exc.strerror}); choose a folder you may "
                          "write to with --out, or change output_dir in the configuration",
                          file=exc.filename or out) from None
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC
            raise ReportError("the disk is full; free space or choose another folder with "
                              "--out", file=exc.filename or out) from None
        raise


def _run(config: AnalysisConfig, year: int, out: Path, nbs: list[Path], private: Path,
         notebooks: str | Path, progress: Callable[[str], None]) -> ReportResult:
    partial = out.parent / f".{out.name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    (partial / "notebooks").mkdir(parents=True)
    (partial / "html").mkdir()
    steps = Steps(progress)
    key_file = _run_key_file(config, private)
    cache = (config.output_dir / ".cache").resolve()
    ctx = _shared_inputs(config, year, cache, key_file, steps)
    with steps.step("plan", "which notebooks and sections run"):
        skipped = {f"{r.notebook} · {r.section}": r.reason.replace("*Tidak ditampilkan.* ", "")
                   for r in section_plan(ctx).itertuples(index=False) if not r.runs}
        runnable = []
        for i, nb in enumerate(nbs, 1):
            reason = skip_reason(nb, ctx)
            if reason is None:
                runnable.append(nb)
            else:
                skipped[nb.name] = reason
                progress(f"[{i}/{len(nbs)}] {nb.name} skipped: {reason}")
    order = job_order(runnable, out / "manifest.json", shared=ctx.has("previous_year"))
    _release(ctx)  # the notebooks read the clean tables from the cache, each in its kernel
    params = {"config_path": str(config.path), "year": year,
              "artifacts_dir": str(partial.resolve()), "cache_dir": str(cache),
              "id_key_file": str(key_file)}
    executed, pages = _run_notebooks(runnable, partial, params, steps, order=order)
    with steps.step("check_artifacts", "checking the saved tables and figures"):
        _check_artifacts(partial, ctx, executed)
    from .assemble import assemble

    workbook, deck, sections = assemble(partial, ctx, skipped=skipped, steps=steps,
                                        notebooks=notebooks)
    from .manifest import write_manifest

    with steps.step("manifest", "manifest (checksums of every output)"):
        write_manifest(partial / "manifest.json", config, year, steps.wall, out_dir=partial,
                       skipped=skipped, sections=sections, cpu=steps.cpu)
    publish_folder(partial, out)
    progress(f"report for {year} written to {out}")
    return ReportResult(out, [out / "notebooks" / p.name for p in executed],
                        [out / "html" / p.name for p in pages], out / "manifest.json",
                        workbook=None if workbook is None else out / workbook.name,
                        deck=out / deck.name, figures=sorted((out / "figures").glob("*.png")),
                        skipped=skipped, cards=sorted((out / "opd").glob("*.pdf")))


def _run_key_file(config: AnalysisConfig, private: Path) -> Path:
    """The run's respondent-id key in a private file (mode 0600) for the notebooks.

    Without a configured key, one random key for the whole run (warned): every notebook
    then pseudonymises with the same key and finds the shared clean tables.
    """
    import secrets
    import warnings

    key = configured_id_key(config)
    if key is None:
        warnings.warn(NO_KEY_WARNING, PrivacyWarning, stacklevel=3)
        key = secrets.token_hex(32).encode()
    path = private / "id_key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return path


def _shared_inputs(config: AnalysisConfig, year: int, cache: Path, key_file: Path,
                   steps: Steps) -> Analysis:
    """Clean every year once and compute the published tables, for all notebooks to share."""
    from .publish import published_tables

    ctx = Analysis.from_config(config, year, cache_dir=cache, key_file=key_file)
    wall = cpu = 0.0
    for y in ctx.years:
        with steps.step(f"clean_{y}", f"reading and cleaning {y}"):
            rows = len(ctx.clean(y).data)
        steps.write(f"  {y}: {rows:,} respondents kept")
        wall, cpu = wall + steps.wall.pop(f"clean_{y}"), cpu + steps.cpu.pop(f"clean_{y}")
    steps.record("clean", wall, cpu)  # one step in the manifest, as before
    with steps.step("published_tables", "protected tables (disclosure control)"):
        published_tables(ctx, progress=steps.write)
    return ctx


def _release(ctx: Analysis) -> None:
    """Let go of the clean tables and published set held for the shared step.

    Every notebook reads them from the on-disk cache in its own kernel; holding a national
    survey here as well would keep a third copy in memory while two notebooks run.
    """
    from . import publish

    ctx.release()
    publish.forget()
    gc.collect()
    release_arrow_memory()  # else Arrow's pool keeps the freed tables (0.9 GB at nation)


def _run_notebooks(runnable: list[Path], partial: Path, params: dict, steps: Steps, *,
                   order: list[Path | str] | None = None) -> tuple[list[Path], list[Path]]:
    """Execute the notebooks, ``WORKERS`` at a time; the executed notebooks and HTML pages.

    ``order``: the jobs in the order they start (:func:`.schedule.job_order`: notebooks and
    the shared fits); default the notebooks in name order. A line when a job starts and
    ends, and every ``HEARTBEAT`` seconds which are running and for how long; each job's
    wall and CPU time (its kernel's included) goes to ``steps``.
    """
    order = list(runnable) if order is None else order
    write = steps.write
    executed: dict[Path, Path] = {}
    pages: dict[Path, Path] = {}
    write(f"executing {len(runnable)} notebooks, {WORKERS} at a time ...")
    shown = {params["artifacts_dir"]: ".", params["cache_dir"]: None,
             params["id_key_file"]: None,  # the published copy names no folder of this machine
             params["config_path"]: Path(params["config_path"]).name}
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=get_context("spawn")) as pool:
        queue, jobs, started = list(order), {}, {}
        last = time.monotonic()
        while queue or jobs:
            while queue and len(jobs) < WORKERS:  # a worker is free: the next one starts
                job = queue.pop(0)
                jobs[_submit(pool, job, partial, params)] = job
                started[job] = time.monotonic()
                write(f"  {_name(job)} started")
            done, _ = wait(jobs, timeout=1.0, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: order.index(jobs[f])):
                job = jobs.pop(future)
                if job == SHARED_FITS:
                    seconds, cpu, _ = future.result()
                    steps.record(SHARED_FITS, seconds, cpu)
                    write(f"  {SHARED_FITS} done in {seconds:.1f} s (CPU {cpu:.1f} s)")
                    continue
                try:
                    _finish_notebook(job, future.result(), partial, shown, steps, executed,
                                     pages)
                except ReportError:
                    for other in jobs:
                        other.cancel()
                    raise
            if jobs and time.monotonic() - last >= HEARTBEAT:
                last = time.monotonic()
                running = [_now_running(j, last - started[j], partial) for j in jobs.values()]
                write(f"  notebooks {len(executed)}/{len(runnable)} done; running: "
                      + "; ".join(running))
    done_in_order = [nb for nb in runnable if nb in executed]
    return [executed[nb] for nb in done_in_order], [pages[nb] for nb in done_in_order]


def _submit(pool: ProcessPoolExecutor, job: Path | str, partial: Path, params: dict):
    if job == SHARED_FITS:
        return pool.submit(fit_shared_models, params["config_path"], params["year"],
                           params["cache_dir"], params["id_key_file"])
    return pool.submit(execute_notebook, str(job), str(partial / "notebooks" / job.name),
                       params)


def _name(job: Path | str) -> str:
    return job if isinstance(job, str) else job.name


def _now_running(job: Path | str, seconds: float, partial: Path) -> str:
    """``01_x.ipynb (3:00, cell 28/60 `model = pm.cfa(...`)``: a running job and where it is."""
    where = None if isinstance(job, str) else running_cell(partial / "notebooks" / job.name)
    at = f", cell {where[0]}/{where[1]} `{where[2][:40]}`" if where else ""
    return f"{_name(job)} ({_minutes(seconds)}{at})"


def _finish_notebook(nb: Path, result: tuple, partial: Path, shown: dict, steps: Steps,
                     executed: dict, pages: dict) -> None:
    """Export one executed notebook to HTML and record its times (or stop on its error)."""
    seconds, cpu, error = result
    if error is not None:
        raise ReportError(f"notebook {nb.name} failed in cell {error[0]} ({error[1]}: "
                          f"{error[2]}); the partial run is kept in {partial} and the "
                          "previous report is unchanged", file=nb)
    target = partial / "notebooks" / nb.name
    t0, c0 = time.perf_counter(), cpu_seconds()
    slowest = strip_volatile_metadata(target, replace=shown)[:3]
    pages[nb] = export_html(target, partial / "html" / f"{nb.stem}.html")
    executed[nb] = target
    steps.record(nb.name, seconds, cpu)
    steps.record(f"html {nb.stem}", time.perf_counter() - t0, cpu_seconds() - c0)
    steps.write(f"  {nb.name} done in {seconds:.1f} s (CPU {cpu:.1f} s); slowest cells: "
                + "; ".join(f"{n} {s:.0f} s `{line[:40]}`" for n, s, line in slowest))


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _check_artifacts(folder: Path, ctx: Analysis, executed: list[Path]) -> None:
    """Stop when a notebook that ran did not save a table or figure the report uses."""
    from .artifacts import read_tables
    from .assemble import section_records

    year = ctx.year
    figures = [p.stem[: -len(f"_{year}")] for p in (folder / "figures").glob(f"*_{year}.png")]
    status = {k: r["status"] for k, r in section_records(folder).items()}
    missing = names.missing_artifacts(executed=[p.stem for p in executed],
                                      available=availability(ctx),
                                      tables=read_tables(folder, year=year), figures=figures,
                                      sections=status)
    if missing:
        raise ReportError("; ".join(missing) + f" (see {names.__name__})", file=folder)


# --------------------------------------------------------------------------------------
# one run per folder, and publishing that never leaves the user without a report
# --------------------------------------------------------------------------------------
@contextlib.contextmanager
def _lock(out: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside ``out``; a second run refuses with a message."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            pass
        except BlockingIOError:
            raise ReportError("another akhlak report is writing this report now; wait until "
                              "it ends (or stop it) and run again", file=path) from None
        yield
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    name = ctypes.util.find_library("c")
    if os.name != "posix" or name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd = -100
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def publish_folder(partial: Path, out: Path) -> None:
    """Put the finished run in place of ``out`` so that ``out`` is never missing.

    An existing report is exchanged with the new one in one atomic step (then removed); where
    the system cannot exchange, the old report is renamed aside and the new one renamed in
    (a window of two renames).
    """
    if not out.exists():
        partial.rename(out)
        return
    if _exchange(partial, out):
        shutil.rmtree(partial)
        return
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    out.rename(old)
    partial.rename(out)
    shutil.rmtree(old)
