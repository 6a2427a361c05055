"""The analysis context: settings from the config, each year cleaned once, the disk cache."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.data import clean as clean_mod
from akhlak_analysis.report import names
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample"


def test_settings_come_from_the_config():
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml")
    cfg = ctx.config
    assert ctx.year == cfg.report_year and ctx.previous_year == cfg.previous_year(ctx.year)
    assert ctx.min_n == cfg.min_group_size and ctx.weighting == cfg.weighting
    assert ctx.target == tuple(cfg.target) and ctx.seed == cfg.seed
    assert ctx.compared_years == [2024, 2025] and ctx.years == [2024, 2025]
    assert ctx.instrument(2024).name == cfg.year(2024).instrument_name
    first = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2024)
    assert first.previous_year is None and first.compared_years == []
    with pytest.raises(ak.ConfigError, match="years"):
        first.require_previous_year()


def test_each_year_is_read_and_cleaned_once_and_cached_on_disk(tmp_path, monkeypatch):
    calls = []
    real = clean_mod.read_responses

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(clean_mod, "read_responses", counting)
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, cache_dir=tmp_path)
    first = ctx.clean(2024)
    assert ctx.clean(2024) is first and ctx.data(2024) is first.data
    assert len(calls) == 1
    # a second context (another notebook kernel) finds the cleaned table on disk
    other = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, cache_dir=tmp_path)
    again = other.clean(2024)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(again.data, first.data)
    pd.testing.assert_frame_equal(again.log, first.log)
    assert other.scores(2024)["culture_index"].notna().mean() > 0.95


def test_cache_key_follows_every_input(tmp_path):
    folder = tmp_path / "cfg"
    shutil.copytree(SAMPLE, folder)
    ctx = ak.Analysis.from_config(folder / "analysis.yaml", 2025)
    before = ctx.cache_key(2024)
    assert ak.Analysis.from_config(folder / "analysis.yaml", 2025).cache_key(2024) == before
    with open(folder / "responses_2024.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    assert ak.Analysis.from_config(folder / "analysis.yaml", 2025).cache_key(2024) != before
    other_key = ak.Analysis.from_config(folder / "analysis.yaml", 2025, key=b"another")
    assert other_key.cache_key(2025) != ctx.cache_key(2025)


def test_a_missing_artifact_names_the_notebook():
    found = {a.name for a in names.ARTIFACTS if a.kind == "table"} - {names.RANKING}
    figures = {a.name for a in names.ARTIFACTS if a.kind == "figure"}
    out = names.missing_artifacts(executed=["03_opd_ranking"], available={"previous_year": True},
                                  tables=found, figures=figures)
    assert out == [f"table '{names.RANKING}' expected from notebook 03_opd_ranking was not saved"]
    # artifacts that need an absent input are not expected
    assert names.missing_artifacts(executed=["02_year_over_year"], available={},
                                   tables=found, figures=figures) == []


def test_notebooks_save_only_named_artifacts():
    import json

    root = SAMPLE.parents[1] / "notebooks"
    for nb in sorted(root.glob("[0-9][0-9]_*.ipynb")):
        code = "".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"]
                       if c["cell_type"] == "code")
        for line in code.splitlines():
            if "save_table(" in line or "save_figure(" in line:
                assert "names." in line, (nb.name, line)
