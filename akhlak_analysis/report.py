"""Run the analysis notebooks for a year and export them: ``akhlak report``.

Every notebook in ``notebooks/`` whose name starts with two digits is executed with papermill
(``config_path`` and ``year`` injected into its ``parameters`` cell, kernel from the current
environment) into ``<out>/notebooks/`` and exported to self-contained HTML without code into
``<out>/html/``. The run is written into a temporary folder beside ``<out>`` and renamed only
when every notebook succeeded, so a failed run leaves the previous complete report untouched
and the partial run in ``.<year>.partial`` for inspection.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import nbformat

from .config import AnalysisConfig, load_config
from .errors import AkhlakError

__all__ = ["NOTEBOOK_DIR", "ReportError", "execute_in_place", "export_html", "run_report"]

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
_PACKAGES = ("akhlak-analysis", "pandas", "numpy", "scipy", "statsmodels", "semopy", "matplotlib",
             "seaborn", "papermill", "nbconvert", "openpyxl", "python-pptx")


class ReportError(AkhlakError):
    """A notebook failed while building the report."""


@dataclass
class ReportResult:
    """Where the report went and what it holds."""

    out_dir: Path
    notebooks: list[Path]
    html: list[Path]
    manifest: Path


def _use_this_python_for_kernels() -> None:
    """Kernelspecs start ``python`` from PATH; make that the interpreter running this code."""
    here = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != here:
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")


def list_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The analysis notebooks in run order (``NN_name.ipynb``)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))


def run_report(config_path: str | Path, *, year: int | None = None, out: str | Path | None = None,
               notebooks: str | Path = NOTEBOOK_DIR,
               progress: Callable[[str], None] = print) -> ReportResult:
    """Execute every notebook for ``year`` and export the report into ``out``.

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
        Names the notebook and the cell that failed; the partial run is kept.
    """
    import papermill as pm

    _use_this_python_for_kernels()
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
    executed, pages = [], []
    for i, nb in enumerate(nbs, 1):
        progress(f"[{i}/{len(nbs)}] {nb.name} ...")
        start = time.perf_counter()
        target = partial / "notebooks" / nb.name
        try:
            pm.execute_notebook(str(nb), str(target), kernel_name="python3", progress_bar=False,
                                parameters={"config_path": str(config.path), "year": year},
                                cwd=str(nb.parent), log_output=False)
        except pm.PapermillExecutionError as exc:
            raise ReportError(
                f"notebook {nb.name} failed in cell {exc.exec_count} ({exc.ename}: {exc.evalue}); "
                f"the partial run is kept in {partial} and the previous report is unchanged",
                file=nb) from exc
        strip_volatile_metadata(target)
        pages.append(export_html(target, partial / "html" / f"{nb.stem}.html"))
        executed.append(target)
        durations[nb.name] = round(time.perf_counter() - start, 2)
        progress(f"      done in {durations[nb.name]:.1f} s")
    manifest = partial / "manifest.json"
    write_manifest(manifest, config, year, durations)
    if out.exists():
        old = out.parent / f".{out.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
        partial.rename(out)
        shutil.rmtree(old)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial.rename(out)
    progress(f"report for {year} written to {out}")
    return ReportResult(out, [out / "notebooks" / p.name for p in executed],
                        [out / "html" / p.name for p in pages], out / "manifest.json")


def export_html(notebook: Path, target: Path) -> Path:
    """Export an executed notebook to self-contained HTML without code cells or prompts."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target.write_text(body, encoding="utf-8")
    return target


def strip_volatile_metadata(notebook: Path) -> None:
    """Remove timings and papermill run metadata so the same inputs give the same file."""
    nb = nbformat.read(notebook, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, notebook)


def execute_in_place(notebook: Path, *, timeout: int = 900) -> None:
    """Re-execute a notebook in place with its own parameters (``make notebooks``).

    Outputs are replaced, no timing metadata is recorded, and execution counts restart at 1.
    """
    from nbclient import NotebookClient

    _use_this_python_for_kernels()
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    nbformat.write(nb, notebook)
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
                   durations: dict[str, float]) -> None:
    """``manifest.json``: config, input hashes, instrument versions, package versions, commit."""
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
    }
    path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
