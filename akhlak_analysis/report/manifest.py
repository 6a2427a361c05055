"""``manifest.json``: what a report was made from and what it holds."""

from __future__ import annotations

import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from ..cache import file_digest
from ..config import AnalysisConfig

__all__ = ["PACKAGES", "write_manifest"]

#: packages whose versions the manifest records
PACKAGES = ("akhlak-analysis", "pandas", "numpy", "scipy", "statsmodels", "semopy", "matplotlib",
            "seaborn", "papermill", "nbconvert", "openpyxl", "python-pptx", "fpdf2")


def _git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _versions() -> dict[str, str | None]:
    out = {}
    for pkg in PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def write_manifest(path: Path, config: AnalysisConfig, year: int,
                   durations: dict[str, float], *, out_dir: Path | None = None,
                   skipped: dict[str, str] | None = None,
                   sections: dict[str, dict] | None = None,
                   cpu: dict[str, float] | None = None) -> None:
    """``manifest.json``: config, input hashes, instrument versions, package versions, commit.

    With ``out_dir``, also the SHA-256 of every figure, table, workbook, deck and card (paths
    relative to the report folder), so two runs can be compared file by file. ``sections``:
    each section's status (ran, absent, failed) with its reason code. ``durations`` (wall
    seconds) and ``cpu`` (CPU seconds of the step's processes, kernels included) per step go
    to ``durations_s`` and ``cpu_s``; everything else depends only on the inputs, the code
    and the environment.
    """
    inputs = [config.path, config.units, *(yc.responses for yc in config.years.values()),
              config.indicators, config.action_plans]
    doc = {
        "year": year,
        "config": str(config.path.name),
        "config_file": {"path": str(config.path.name), "sha256": file_digest(config.path)},
        "inputs": {p.name: file_digest(p) for p in inputs if p is not None and p.is_file()},
        "instruments": {str(y): yc.instrument_name for y, yc in config.years.items()},
        "seed": config.seed,
        "min_group_size": config.min_group_size,
        "python": platform.python_version(),
        "packages": _versions(),
        "git_commit": _git_commit(),
        "durations_s": durations,
        "cpu_s": dict(cpu or {}),
        "skipped": dict(sorted((skipped or {}).items())),
        "sections": dict(sorted((sections or {}).items())),
    }
    if out_dir is not None:
        files = [*sorted(out_dir.glob("figures/*.png")), *sorted(out_dir.glob("tables/*.parquet")),
                 *sorted(out_dir.glob("*.xlsx")), *sorted(out_dir.glob("*.pptx")),
                 *sorted(out_dir.glob("opd/*.html")), *sorted(out_dir.glob("opd/*.pdf"))]
        doc["outputs"] = {p.relative_to(out_dir).as_posix(): file_digest(p) for p in files}
    path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
