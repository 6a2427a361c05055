"""Which job runs when (issue 21): longest notebooks first, the shared fits beside the first."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.report import schedule
from akhlak_analysis.report.schedule import SHARED_FITS, fit_shared_models, job_order
from tests.conftest import SAMPLE

NBS = [Path(f"{i:02d}_nb.ipynb") for i in range(4)]


def test_notebooks_start_longest_first_after_a_previous_report(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"durations_s": {
        "00_nb.ipynb": 10.0, "01_nb.ipynb": 400.0, "02_nb.ipynb": 150.0, "03_nb.ipynb": 150.0,
        "cards": 50.0}}))
    assert job_order(NBS, manifest) == [NBS[1], NBS[2], NBS[3], NBS[0]]
    assert job_order(NBS, manifest, shared=True) == [NBS[1], SHARED_FITS, NBS[2], NBS[3],
                                                      NBS[0]]


@pytest.mark.parametrize("text", [None, "{not json", json.dumps({"durations_s": {
    "00_nb.ipynb": 1.0}}), json.dumps({"durations_s": ["x"]})])
def test_without_a_usable_previous_report_notebooks_start_in_name_order(tmp_path, text):
    manifest = tmp_path / "manifest.json"
    if text is not None:
        manifest.write_text(text)
    assert job_order(NBS, manifest) == NBS  # missing, unreadable or naming too few
    assert job_order([], manifest, shared=True) == [SHARED_FITS]


def test_the_shared_fit_is_cached_for_both_notebooks(tmp_path, monkeypatch):
    key = tmp_path / "key"
    key.write_text("test-key")
    cfg, cache = str(SAMPLE / "analysis.yaml"), str(tmp_path / "cache")
    seconds, cpu, error = fit_shared_models(cfg, 2025, cache, str(key))
    assert error is None and seconds > 0 and cpu > 0
    from akhlak_analysis.report import validation

    def refit(*args, **kwargs):
        raise AssertionError("fitted again instead of read from the cache")

    monkeypatch.setattr(validation.sections, "invariance_across_years", refit)
    ctx = ak.Analysis.from_config(cfg, 2025, cache_dir=cache, key_file=key)
    shared = validation.compute_years_invariance(ctx, estimator="MLR")
    assert shared.level.level in ("configural", "metric", "scalar", "partial_scalar", "none")
    assert isinstance(shared.table, pd.DataFrame) and len(shared.table) >= 2


def test_a_shared_fit_that_cannot_be_made_is_left_to_the_notebooks(tmp_path, monkeypatch):
    from akhlak_analysis.report import validation

    def broken(*args, **kwargs):
        raise RuntimeError("no convergence")

    monkeypatch.setattr(validation, "compute_years_invariance", broken)
    key = tmp_path / "key"
    key.write_text("test-key")
    seconds, cpu, error = fit_shared_models(str(SAMPLE / "analysis.yaml"), 2025,
                                            str(tmp_path / "cache"), str(key))
    assert error is None  # the report goes on; the sections fit it and say what failed
    assert not [p for p in (tmp_path / "cache").glob("invariance_*") if p.is_dir()]
    assert schedule.SHARED_FITS == "shared model fits"
