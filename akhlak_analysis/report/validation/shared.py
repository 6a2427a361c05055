"""The measurement invariance across position types, fitted once per run beside the notebooks.

At national size the MLR invariance across position types (three groups, configural ->
metric -> scalar) is the longest step of notebook 01: minutes on every respondent of the
report year, while the other worker has finished the other notebooks and waits. The runner's
shared-fits job (:func:`~akhlak_analysis.report.schedule.fit_shared_models`) therefore fits
it at the start of the run and leaves it in the cache; notebook 01 reads it from there.

A lock file in the cache folder (``position_invariance_<year>.lock``; the invariance across
years has ``invariance_<year>.lock``) is held while the fit is made: the shared-fits job
takes both before anything else, so a notebook that asks for the
result meanwhile waits for it instead of fitting the same model at the same time, and finds
it in the cache. Without a cache folder (a notebook run alone) there is no lock and no cache.
The improper-solution warnings of the fit are kept with it and given again when it is read
back, so the notebook's notes are the same either way.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import pandas as pd

from ...analysis import Analysis
from ...cache import digest, source_digest
from ...stats import psychometrics as pm
from .invariance import GroupInvariance, invariance_by_group, invariance_level
from .items import item_factors, prepare_items

T = TypeVar("T")

__all__ = ["compute_position_invariance", "fit_lock", "keep_improper", "position_inputs",
           "position_lock", "warn_improper"]

#: lock files this process holds (a second request in the same process does not wait)
_HELD: set[str] = set()


def position_inputs(ctx: Analysis) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The report year's items (reverse-keyed recoded, straight-liners out) with
    ``position_type``, and the value -> items model."""
    ins = ctx.instrument()
    return prepare_items(ctx.clean(ctx.year).data, ins, keep=["position_type"]), \
        item_factors(ins)


@contextlib.contextmanager
def fit_lock(ctx: Analysis, entry: str) -> Iterator[None]:
    """Hold the lock file ``<entry>.lock`` of the cache folder (nothing without a cache).

    ``entry``: the cache entry the fit is saved under (``position_invariance_<year>``,
    ``invariance_<year>``). A second request in the same process does not wait.
    """
    if ctx.cache_dir is None:
        yield
        return
    name = str(ctx.cache_dir / f"{entry}.lock")
    if name in _HELD:
        yield
        return
    ctx.cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(name, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            pass
        _HELD.add(name)
        yield
    finally:
        _HELD.discard(name)
        os.close(fd)


def position_lock(ctx: Analysis) -> contextlib.AbstractContextManager[None]:
    """The lock of the position invariance (:func:`fit_lock`)."""
    return fit_lock(ctx, f"position_invariance_{ctx.year}")


def compute_position_invariance(ctx: Analysis, data: pd.DataFrame | None = None,
                                factors: dict[str, list[str]] | None = None, *,
                                estimator: str = "MLR") -> GroupInvariance:
    """Invariance across position types (:func:`~.invariance.invariance_by_group`), cached.

    ``data`` and ``factors``: :func:`position_inputs` (computed when not given). Waits for a
    fit that another process is making (:func:`position_lock`), reads the cache, or fits
    and caches; the improper-solution warnings are given in every case.
    """
    key = digest("position_invariance", ctx.cache_key(ctx.year), estimator, source_digest())
    entry = f"position_invariance_{ctx.year}"
    with position_lock(ctx):
        hit = ctx.cache.load(entry, key) if ctx.cache_dir is not None else None
        if hit is not None:
            result, messages = _from_frames(*hit)
        else:
            if data is None or factors is None:
                data, factors = position_inputs(ctx)
            result, messages = keep_improper(lambda: invariance_by_group(
                data, factors=factors, group="position_type", estimator=estimator))
            ctx.cache.save(entry, key, *_to_frames(result, messages))
    warn_improper(messages)
    return result


def keep_improper(fit: Callable[[], T]) -> tuple[T, list[str]]:
    """Run ``fit`` and return its result with the texts of its improper-solution warnings,
    to be cached beside the result; every other warning is given as it came."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pm.ImproperSolutionWarning)
        result = fit()
    for w in caught:
        if not issubclass(w.category, pm.ImproperSolutionWarning):
            warnings.warn(w.message, stacklevel=3)
    return result, [str(w.message) for w in caught
                    if issubclass(w.category, pm.ImproperSolutionWarning)]


def warn_improper(messages: Sequence[str]) -> None:
    """Give the improper-solution warnings of a fit again (fitted now or read from the cache)."""
    for m in messages:
        warnings.warn(m, pm.ImproperSolutionWarning, stacklevel=3)


def _to_frames(r: GroupInvariance, messages: list[str]) -> tuple[dict, dict]:
    frames = {"table": r.table} | ({"partial": r.partial} if r.partial is not None else {})
    return frames, {"group": r.group, "collapsed": r.collapsed, "warnings": messages}


def _from_frames(frames: dict, meta: dict) -> tuple[GroupInvariance, list[str]]:
    table, partial = frames["table"], frames.get("partial")
    result = GroupInvariance(table, partial, invariance_level(table, partial), meta["group"],
                             dict(meta["collapsed"]))
    return result, list(meta["warnings"])
