"""Which job runs when: the order of the notebooks and the fits they share.

The runner (:mod:`.runner`) executes the notebooks two at a time. Two rules keep the two
workers busy and no model fitted twice:

- **Longest first**: the notebooks start in the order of their duration in the report
  folder's previous ``manifest.json`` (longest first: the schedule that finishes soonest for
  jobs of known length, Graham's LPT rule); without a previous report, in name order.
- **Shared fits beside the first notebook**: a model that two notebooks show (the
  measurement invariance across years: notebooks 01 and 02) is fitted once, as a job of its
  own that starts with the first notebook, and cached
  (:func:`~akhlak_analysis.report.validation.compute_years_invariance`); the notebooks then
  read it from the cache. Without it, both notebooks fit it at the same time (two MLR fits on
  every respondent of both years: 78 s CPU each at national size) and both miss the cache.
  The same job then fits notebook 01's invariance across position types
  (:mod:`~akhlak_analysis.report.validation.shared`, under a lock the notebook waits on):
  at national size it was the last minutes of the run, with the other worker idle.
"""

from __future__ import annotations

import contextlib
import json
import time
import warnings
from pathlib import Path

from .progress import cpu_seconds

__all__ = ["SHARED_FITS", "fit_shared_models", "job_order"]

#: the label of the shared-fits job in the runner's lines and the manifest
SHARED_FITS = "shared model fits"


def job_order(notebooks: list[Path], previous_manifest: Path | None = None, *,
              shared: bool = False) -> list[Path | str]:
    """The jobs in the order they start: notebooks longest first, the shared fits second.

    Parameters
    ----------
    notebooks : list of Path
        The notebooks to run (name order).
    previous_manifest : Path, optional
        The previous report's ``manifest.json``; its ``durations_s`` give the order when it
        names every notebook, else name order.
    shared : bool
        Add the shared-fits job (:data:`SHARED_FITS`) as the second job.

    Returns
    -------
    list
        Notebook paths and possibly :data:`SHARED_FITS`.

    Examples
    --------
    >>> nbs = [Path("00_a.ipynb"), Path("01_b.ipynb"), Path("02_c.ipynb")]
    >>> job_order(nbs, shared=True)
    [PosixPath('00_a.ipynb'), 'shared model fits', PosixPath('01_b.ipynb'), PosixPath('02_c.ipynb')]
    """
    order: list[Path | str] = list(notebooks)
    seconds = _previous_durations(previous_manifest)
    if seconds and all(nb.name in seconds for nb in notebooks):
        order = sorted(notebooks, key=lambda nb: (-seconds[nb.name], nb.name))
    if shared:
        order.insert(min(1, len(order)), SHARED_FITS)
    return order


def _previous_durations(manifest: Path | None) -> dict[str, float]:
    if manifest is None or not Path(manifest).is_file():
        return {}
    try:
        doc = json.loads(Path(manifest).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in doc.get("durations_s", {}).items()}
    except (ValueError, TypeError, AttributeError):  # unreadable: name order
        return {}


def fit_shared_models(config_path: str, year: int, cache_dir: str,
                      id_key_file: str) -> tuple[float, float, None]:
    """Fit and cache the models several notebooks show (in a worker process).

    Returns ``(wall seconds, CPU seconds, None)`` like
    :func:`~akhlak_analysis.report.kernels.execute_notebook`. A fit that cannot be made
    (too few respondents in a year, a constant item, a numerical failure) is left to the
    notebooks: their sections compute it again and say why it is absent; this job never
    stops the report. One BLAS thread: the other worker runs a notebook meanwhile.
    """
    from ..analysis import Analysis

    start, cpu = time.perf_counter(), cpu_seconds()
    try:
        from threadpoolctl import threadpool_limits
        one_thread = threadpool_limits(1)
    except ImportError:  # pragma: no cover - comes with scikit-learn
        one_thread = contextlib.nullcontext()
    with one_thread:
        try:
            ctx = Analysis.from_config(config_path, year, cache_dir=cache_dir,
                                       key_file=id_key_file)
            _fit_all(ctx)
        except Exception:  # the notebooks' sections fit it again and say what went wrong
            pass
    _let_go()
    return time.perf_counter() - start, cpu_seconds() - cpu, None


def _fit_all(ctx) -> None:
    """The invariance across years, then across position types, each cached.

    Both fits' locks are taken first (:func:`~.validation.shared.fit_lock`), so notebooks
    01 and 02, which ask for them later, wait for these fits rather than making their own
    (the years' lock is let go as soon as that fit is cached); a fit that fails is left to
    the notebook's section.
    """
    from .validation import compute_years_invariance
    from .validation.groups import check_groups
    from .validation.shared import (
        compute_position_invariance,
        fit_lock,
        position_inputs,
        position_lock,
    )

    with position_lock(ctx):
        with fit_lock(ctx, f"invariance_{ctx.year}"):  # released as soon as it is cached
            if ctx.has("previous_year"):
                with contextlib.suppress(Exception):
                    compute_years_invariance(ctx, estimator="MLR")
        ctx.release()  # the previous year's table goes (notebook 01 is fitting meanwhile)
        _let_go()
        if ctx.has("position_type"):
            data, factors = position_inputs(ctx)
            check_groups(data, factors, "position_type", min_n=ctx.min_n)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the notebook gives them with the result
                compute_position_invariance(ctx, data, factors)


def _let_go() -> None:
    """Give the fits' memory back to the system: this worker process stays alive and runs
    notebooks next (which need little), while the kernels need every gigabyte."""
    import ctypes
    import ctypes.util
    import gc

    from ..cache import release_arrow_memory

    gc.collect()
    release_arrow_memory()
    name = ctypes.util.find_library("c")
    if name is not None:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(name).malloc_trim(0)
