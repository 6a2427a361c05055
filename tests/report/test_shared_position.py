"""The invariance across position types, fitted once by the shared-fits job (issue 21).

Notebook 01 reads it from the cache (equal to a fresh fit, its improper-solution notes
included) and waits for a fit in progress instead of making its own.
"""

from __future__ import annotations

import threading
import time
import warnings

import pandas as pd

import akhlak_analysis as ak
from akhlak_analysis.report import validation
from akhlak_analysis.report.schedule import fit_shared_models
from akhlak_analysis.report.validation import shared
from akhlak_analysis.stats import psychometrics as pm
from tests.conftest import SAMPLE


def _ctx(tmp_path, cache="cache"):
    key = tmp_path / "key"
    key.write_text("test-key")
    return ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, cache_dir=tmp_path / cache,
                                   key_file=key), key


def test_the_notebook_reads_the_shared_fit_and_it_equals_a_fresh_one(tmp_path, monkeypatch):
    ctx, key = _ctx(tmp_path)
    fit_shared_models(str(SAMPLE / "analysis.yaml"), 2025, str(ctx.cache_dir), str(key))
    fresh = validation.invariance_by_group(*shared.position_inputs(ctx)[:1],
                                           factors=shared.position_inputs(ctx)[1],
                                           group="position_type", estimator="MLR")

    def refit(*args, **kwargs):
        raise AssertionError("fitted again instead of read from the cache")

    monkeypatch.setattr(shared, "invariance_by_group", refit)
    sec = validation.position_invariance(ctx)
    assert sec.ran
    pd.testing.assert_frame_equal(sec.result.table, fresh.table, check_dtype=False)
    assert sec.result.level == fresh.level and sec.result.group == "position_type"


def test_improper_solution_warnings_are_given_again_from_the_cache(tmp_path, monkeypatch):
    ctx, _ = _ctx(tmp_path)
    real = shared.invariance_by_group

    def warns(*args, **kwargs):
        warnings.warn("some estimated ov variances are negative in group 'X'",
                      pm.ImproperSolutionWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(shared, "invariance_by_group", warns)
    for _ in range(2):  # fitted, then read from the cache
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            shared.compute_position_invariance(ctx)
        assert [str(w.message) for w in caught
                if issubclass(w.category, pm.ImproperSolutionWarning)] == [
            "some estimated ov variances are negative in group 'X'"]
        monkeypatch.setattr(shared, "invariance_by_group", None)  # second round: cache only


def test_a_request_waits_for_the_fit_in_progress(tmp_path, monkeypatch):
    ctx, _ = _ctx(tmp_path)
    other, _ = _ctx(tmp_path)  # the notebook's own context, same cache folder
    calls = []
    real = shared.invariance_by_group

    def slow(*args, **kwargs):
        calls.append(1)
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(shared, "invariance_by_group", slow)
    first = threading.Thread(target=shared.compute_position_invariance, args=(ctx,))
    first.start()
    time.sleep(0.1)  # the first holds the lock
    shared._HELD.clear()  # as another process would see it: this thread does not hold it
    result = shared.compute_position_invariance(other)
    first.join()
    assert len(calls) == 1 and len(result.table) >= 2


def test_the_years_fit_in_progress_is_waited_for_too(tmp_path, monkeypatch):
    ctx, _ = _ctx(tmp_path)
    other, _ = _ctx(tmp_path)
    calls = []
    real = validation.sections.invariance_across_years

    def slow(*args, **kwargs):
        calls.append(1)
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(validation.sections, "invariance_across_years", slow)
    first = threading.Thread(target=validation.compute_years_invariance, args=(ctx,),
                             kwargs={"estimator": "MLR"})
    first.start()
    time.sleep(0.1)
    shared._HELD.clear()  # as another process would see it
    result = validation.compute_years_invariance(other, estimator="MLR")
    first.join()
    assert len(calls) == 1 and len(result.table) >= 2


def test_without_a_cache_folder_nothing_is_locked_or_kept(tmp_path):
    key = tmp_path / "key"
    key.write_text("test-key")
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, key_file=key)
    with shared.fit_lock(ctx, "anything"):
        assert not shared._HELD
    assert not list(tmp_path.glob("**/*.lock"))


def test_the_years_fit_gives_its_improper_solution_warnings_again_from_the_cache(
        tmp_path, monkeypatch):
    """Notebook 02 reads the invariance across years that notebook 01 fitted: a Heywood case
    found in the fit must still be said there."""
    ctx, _ = _ctx(tmp_path)
    real = validation.sections.invariance_across_years
    text = "some estimated lv variances are negative in group '2024'"

    def warns(*args, **kwargs):
        warnings.warn(text, pm.ImproperSolutionWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(validation.sections, "invariance_across_years", warns)
    for _ in range(2):  # fitted, then read from the cache
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            validation.compute_years_invariance(ctx, estimator="MLR")
        assert [str(w.message) for w in caught
                if issubclass(w.category, pm.ImproperSolutionWarning)] == [text]
        monkeypatch.setattr(validation.sections, "invariance_across_years", None)
