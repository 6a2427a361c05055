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
        ("language: fr\n", "language", "expected 'id'"),
        ("language: en\n", "language", "Bahasa Indonesia"),
        ("year: 2023\n", "year", "not among years"),
        ("cleaning: {exclude_speeders: 1}\n", "cleaning.exclude_speeders", "expected bool"),
        ("cleaning: {speed: 3}\n", "cleaning.speed", "unknown key"),
        ("seed: true\n", "seed", "expected int"),
        ("action_plan_rules: {overdue_red_below: 150}\n", "action_plan_rules", "0-100"),
        ("action_plan_rules: {red: 1}\n", "action_plan_rules.red", "unknown key"),
        ("columns: {sex: Gender}\n", "columns.sex", "known roles: submitted_at, started_at"),
        ("columns: {jenis_kelamin: X}\n", "columns.jenis_kelamin", "unknown column role"),
        ("columns: {gendr: X}\n", "columns.gendr", "did you mean 'gender'?"),
        ("columns: {gender: 3}\n", "columns.gender", "header as written in the file"),
        ("columns: {gender: X, age_band: ' x '}\n", "columns", "two roles"),
        ("columns: Jenis Kelamin\n", "columns", "expected dict"),
        ("values: {sex: {L: Laki-laki}}\n", "values.sex", "values can be given for employment"),
        ("values: {opd: {X: Y}}\n", "values.opd", "unknown demographic column"),
        ("values: {gender: {L: 1}}\n", "values.gender.L", "category as text"),
        ("values: {employment: {yes: PNS}}\n", "values.employment.True", "in quotes"),
        ("values: {gender: [L, P]}\n", "values.gender", "mapping of texts"),
        ("input_limits: {max_file_mb: 0}\n", "input_limits.max_file_mb", "above 0"),
        ("input_limits: {max_unpack_ratio: 1}\n", "input_limits.max_unpack_ratio", "above 1"),
        ("input_limits: {max_rows: 5}\n", "input_limits.max_rows", "unknown key"),
        ("cleaning: {fuzzy_margin: 1}\n", "cleaning.fuzzy_margin", "[0, 1)"),
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


def test_new_keys_and_their_defaults(tmp_path):
    cfg = ak.load_config(_cfg(tmp_path))
    assert cfg.confidence == 0.95 and cfg.synthetic is False
    assert cfg.year(2025).header_row is None and cfg.year(2025).date_order is None
    rules = cfg.cleaning
    assert (rules.max_unrecognised_share, rules.max_unrecognised_item_share,
            rules.max_excluded_share, dict(rules.answer_aliases)) == (0.02, 0.10, 0.25, {})
    extra = ("confidence: 0.9\nsynthetic: true\ncleaning: {max_excluded_share: 0.4, "
             "answer_aliases: {Agak Setuju: 3}}\n")
    cfg = ak.load_config(_cfg(tmp_path, extra))
    assert cfg.confidence == 0.9 and cfg.synthetic is True
    assert cfg.cleaning.max_excluded_share == 0.4
    assert cfg.cleaning.answer_aliases == {"Agak Setuju": 3}
    assert ak.load_config(SAMPLE / "analysis.yaml").synthetic is True


def test_per_year_header_row_and_date_order(tmp_path):
    (tmp_path / "r.csv").touch()
    (tmp_path / "u.csv").touch()
    p = tmp_path / "a.yaml"
    p.write_text("years:\n  2025: {responses: r.csv, instrument: berakhlak-2025, header_row: 3, "
                 "date_order: mdy}\nunits: u.csv\n")
    yc = ak.load_config(p).year(2025)
    assert (yc.header_row, yc.date_order) == (3, "mdy")


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        ("confidence: 0.3\n", "confidence", "0.5-0.999"),
        ("confidence: 1\n", "confidence", "0.5-0.999"),
        ("confidence: high\n", "confidence", "expected float"),
        ("synthetic: yes please\n", "synthetic", "expected bool"),
        ("cleaning: {max_unrecognised_share: 0}\n", "cleaning.max_unrecognised_share", "(0, 1]"),
        ("cleaning: {max_excluded_share: 1.5}\n", "cleaning.max_excluded_share", "(0, 1]"),
        ("cleaning: {answer_aliases: {Agak: 9}}\n", "cleaning.answer_aliases.Agak",
         "outside the scale 1-5"),
        ("cleaning: {answer_aliases: {Agak: tiga}}\n", "cleaning.answer_aliases.Agak",
         "whole-number code"),
        ("indicators: indikator.csv\n", "indicators", "does not exist"),
        ("action_plans: plans.csv\n", "action_plans", "does not exist"),
        ("id_key_file: secret.key\n", "id_key_file", "does not exist"),
    ],
)
def test_bad_new_keys_name_the_key(tmp_path, extra, key, message):
    with pytest.raises(ak.ConfigError) as info:
        ak.load_config(_cfg(tmp_path, extra))
    assert info.value.key == key
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("spec", "key", "message"),
    [
        ("{responses: nope.csv, instrument: berakhlak-2025}", "years.2025.responses",
         "does not exist"),
        ("{responses: r25.xlsx, instrument: mine/instrument.yaml}", "years.2025.instrument",
         "does not exist"),
        ("{responses: r25.xlsx, instrument: berakhlak-2025, header_row: 0}",
         "years.2025.header_row", "row number"),
        ("{responses: r25.xlsx, instrument: berakhlak-2025, date_order: ymd}",
         "years.2025.date_order", "'dmy'"),
    ],
)
def test_bad_year_entries_name_the_key(tmp_path, spec, key, message):
    _cfg(tmp_path)
    p = tmp_path / "b.yaml"
    p.write_text(f"years:\n  2025: {spec}\nunits: units.csv\n")
    with pytest.raises(ak.ConfigError) as info:
        ak.load_config(p)
    assert info.value.key == key and message in str(info.value)


def test_typo_in_a_path_suggests_the_file(tmp_path):
    (tmp_path / "indicators.csv").touch()
    with pytest.raises(ak.ConfigError, match="did you mean 'indicators.csv'"):
        ak.load_config(_cfg(tmp_path, "indicators: indicator.csv\n"))


def test_instrument_file_is_relative_to_the_config_not_the_working_directory(tmp_path,
                                                                             monkeypatch):
    shipped = Path(ak.load_instrument("berakhlak-2025").source_path)
    (tmp_path / "conf" / "instruments").mkdir(parents=True)
    (tmp_path / "conf" / "instruments" / "mine.yaml").write_text(shipped.read_text())
    _cfg(tmp_path / "conf")
    p = tmp_path / "conf" / "a.yaml"
    p.write_text("years:\n  2025: {responses: r25.xlsx, instrument: instruments/mine.yaml}\n"
                 "units: units.csv\n")
    monkeypatch.chdir(tmp_path)  # not the config's folder
    yc = ak.load_config("conf/a.yaml").year(2025)
    assert Path(yc.instrument_name).is_absolute()
    assert yc.instrument.name == "berakhlak-2025" and len(yc.instrument.items) == 28


def test_columns_at_the_top_and_per_year_and_value_maps(tmp_path):
    extra = ("columns: {gender: 'Jenis Kelamin (L/P)', age_band: Umur}\n"
             "values: {gender: {L: Laki-laki, P: Perempuan}, grade: {1: I}}\n")
    text = BASE.replace("sheet: Jawaban}", "sheet: Jawaban, columns: {age_band: "
                                           "'Kelompok Umur', opd: Satker}}")
    for name in ("r24.csv", "r25.xlsx", "units.csv"):
        (tmp_path / name).touch()
    p = tmp_path / "analysis.yaml"
    p.write_text(text + extra, encoding="utf-8")
    cfg = ak.load_config(p)
    assert cfg.year(2024).columns == {"gender": "Jenis Kelamin (L/P)", "age_band": "Umur"}
    assert cfg.year(2025).columns == {"gender": "Jenis Kelamin (L/P)",
                                      "age_band": "Kelompok Umur", "opd": "Satker"}
    assert cfg.cleaning.category_values == {"gender": {"L": "Laki-laki", "P": "Perempuan"},
                                            "grade": {"1": "I"}}
    p.write_text(text.replace("opd: Satker", "opd: 'jenis kelamin (l/p)'") + extra,
                 encoding="utf-8")
    with pytest.raises(ak.ConfigError, match="is given for two roles, 'gender' and 'opd'") as info:
        ak.load_config(p)  # the year's opd and the top's gender
    assert info.value.key == "years.2025.columns"
