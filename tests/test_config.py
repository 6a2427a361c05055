from __future__ import annotations

from pathlib import Path

import pytest

import akhlak_analysis as ak
from tests.conftest import SAMPLE

BASE = """years:
  2024: {responses: r24.csv, instrument: berakhlak-2024}
  2025: {responses: r25.xlsx, instrument: berakhlak-2025, sheet: Jawaban}
units: units.csv
"""


def _cfg(tmp_path: Path, extra: str = "") -> Path:
    for name in ("r24.csv", "r25.xlsx", "units.csv"):
        (tmp_path / name).touch()
    p = tmp_path / "analysis.yaml"
    p.write_text(BASE + extra, encoding="utf-8")
    return p


def test_defaults_and_relative_paths(tmp_path):
    cfg = ak.load_config(_cfg(tmp_path))
    assert cfg.report_year == 2025 and cfg.previous_year() == 2024
    assert cfg.target == (80.0, 90.0) and cfg.min_group_size == 10
    assert cfg.weighting == "headcount" and cfg.language == "id"
    assert cfg.year(2025).responses == tmp_path.resolve() / "r25.xlsx"
    assert cfg.year(2025).sheet == "Jawaban"
    assert cfg.units == tmp_path.resolve() / "units.csv"
    assert cfg.year(2024).instrument.name == "berakhlak-2024"


def test_action_plan_rules_and_monitoring_date(tmp_path):
    cfg = ak.load_config(_cfg(tmp_path))
    assert cfg.monitoring_date() == "2025-10-31" and cfg.monitoring_date(2024) == "2024-10-31"
    assert cfg.action_plan_rules == {"overdue_red_below": 50.0, "behind_yellow_above": 25.0}
    cfg = ak.load_config(_cfg(tmp_path, "action_plan_rules: {as_of: 2025-11-15, "
                                        "behind_yellow_above: 30}\n"))
    assert cfg.monitoring_date() == "2025-11-15"
    assert cfg.action_plan_rules["behind_yellow_above"] == 30.0


def test_sample_config_loads():
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    assert set(cfg.years) == {2024, 2025}
    assert cfg.year().responses.is_file() and cfg.units.is_file()


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        ("colour: red\n", "colour", "unknown key"),
        ("min_group_size: ten\n", "min_group_size", "expected int"),
        ("min_group_size: 0\n", "min_group_size", "positive"),
        ("target: [90, 80]\n", "target", "lower < upper"),
        ("weighting: population\n", "weighting", "headcount"),
        ("language: fr\n", "language", "'id' or 'en'"),
        ("year: 2023\n", "year", "not among years"),
        ("cleaning: {exclude_speeders: 1}\n", "cleaning.exclude_speeders", "expected bool"),
        ("cleaning: {speed: 3}\n", "cleaning.speed", "unknown key"),
        ("seed: true\n", "seed", "expected int"),
        ("action_plan_rules: {overdue_red_below: 150}\n", "action_plan_rules", "0-100"),
        ("action_plan_rules: {red: 1}\n", "action_plan_rules.red", "unknown key"),
    ],
)
def test_bad_config_names_the_key(tmp_path, extra, key, message):
    with pytest.raises(ak.ConfigError) as info:
        ak.load_config(_cfg(tmp_path, extra))
    assert info.value.key == key
    assert message in str(info.value)


def test_bad_instrument_in_config(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("years:\n  2025: {responses: r.csv, instrument: nope}\nunits: u.csv\n")
    with pytest.raises(ak.ConfigError, match="years.2025.instrument"):
        ak.load_config(p)


def test_missing_required_keys(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("units: u.csv\n")
    with pytest.raises(ak.ConfigError, match='key "years"'):
        ak.load_config(p)
    p.write_text("years:\n  2025: {instrument: berakhlak-2025}\nunits: u.csv\n")
    with pytest.raises(ak.ConfigError, match="years.2025.responses"):
        ak.load_config(p)
    with pytest.raises(ak.ConfigError, match="not found"):
        ak.load_config(tmp_path / "nope.yaml")


def test_unknown_year_lists_configured_years(tmp_path):
    cfg = ak.load_config(_cfg(tmp_path))
    with pytest.raises(ak.ConfigError, match=r"\[2024, 2025\]"):
        cfg.year(2026)
