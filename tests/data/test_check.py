"""check_inputs / ``akhlak check``: a user's folder built from nothing, as the README tells a user
to (own unit table with only the required columns, own 4-point frequency instrument, a Microsoft
Forms workbook with coded labels and no "Jenis Jabatan", one year)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

import akhlak_analysis as ak
from akhlak_analysis import cli
from akhlak_analysis.data.check import check_inputs
from tests.conftest import SAMPLE

FREQ = {1: "Tidak Pernah", 2: "Jarang", 3: "Sering", 4: "Selalu"}


def _instrument(path):
    values = [{"code": "integritas", "name_id": "Integritas", "name_en": "Integrity"},
              {"code": "layanan", "name_id": "Layanan", "name_en": "Service"}]
    items = [{"code": f"{v[:2].upper()}{k}", "value": v, "text": f"Pernyataan {v} nomor {k}."}
             for v in ("integritas", "layanan") for k in (1, 2, 3)]
    doc = {"name": "survei-kita", "year": 2025, "title": "Survei Budaya Kita",
           "scale": {"min": 1, "max": 4, "type": "frequency", "labels": {"frequency": FREQ},
                     "favourable_min": 3},
           "bands": [{"code": "baik", "label_id": "Baik", "label_en": "Good", "min": 60,
                      "max": 100}, {"code": "kurang", "label_id": "Kurang", "label_en": "Poor",
                                    "min": 0, "max": 60}],
           "values": values, "items": items}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ak.load_instrument(path)


def _user_folder(tmp_path, n=40, answer=None):
    """A region's own folder: config, units (required columns only), instrument, MS Forms xlsx."""
    folder = tmp_path / "survei"
    (folder / "instrumen").mkdir(parents=True)
    ins = _instrument(folder / "instrumen" / "kita.yaml")
    (folder / "unit.csv").write_text("code,name,headcount_2025\nDPK,Dinas Perikanan,50\n"
                                     "BAPPEDA,Badan Perencanaan,30\n", encoding="utf-8")
    rng = np.random.default_rng(7)
    codes = rng.integers(1, 5, size=(n, len(ins.items)))
    codes[:, 0] = np.arange(n) % 4 + 1  # never a straight line
    codes[:, 1] = (np.arange(n) + 1) % 4 + 1
    start = pd.Timestamp("2025-10-06 08:00")
    frame = pd.DataFrame({
        "ID": range(1, n + 1),
        "Waktu mulai": [start + pd.Timedelta(minutes=10 * i) for i in range(n)],
        "Waktu penyelesaian": [start + pd.Timedelta(minutes=10 * i + 6) for i in range(n)],
        "Email": [f"pegawai{i}@contoh.go.id" for i in range(n)],
        "Unit Kerja (OPD)": np.where(np.arange(n) % 3 == 0, "Badan Perencanaan",
                                     "Dinas Perikanan"),
        "Jenis Kelamin": np.where(np.arange(n) % 2 == 0, "Perempuan", "Laki-laki"),
    })
    for j, it in enumerate(ins.items):
        frame[it.text] = [answer(c) if answer else f"{c} - {FREQ[c]}" for c in codes[:, j]]
    frame.to_excel(folder / "jawaban_2025.xlsx", index=False, sheet_name="Form1")
    (folder / "analysis.yaml").write_text(
        "organisation: Pemerintah Kabupaten Contoh\n"
        "years:\n  2025: {responses: jawaban_2025.xlsx, instrument: instrumen/kita.yaml}\n"
        "units: unit.csv\nmin_group_size: 5\n", encoding="utf-8")
    return folder, ins, codes


def test_a_users_folder_from_nothing_is_read_completely_and_correctly(tmp_path, monkeypatch):
    folder, ins, codes = _user_folder(tmp_path)
    monkeypatch.chdir(tmp_path)  # paths resolve against the config, not the working directory
    chk = check_inputs(folder / "analysis.yaml")
    y = chk.years[2025]
    assert (y.rows_read, y.rows_kept, y.rows_excluded) == (40, 40, {})
    assert (y.units_matched, y.units_in_table, y.units_unmatched) == (2, 2, {})
    assert y.unrecognised_share == 0 and y.top_unrecognised == []
    assert y.unrecognised_columns == ["ID"] and y.missing_items == []
    assert y.demographics["gender"] and not y.demographics["position_type"]
    assert chk.optional == {"indicators": None, "action_plans": None, "id_key_file": None}
    data = y.result.data
    assert np.array_equal(data[ins.item_codes].to_numpy(), codes.astype(float))
    assert (data["duration_s"] == 360.0).all() and data["opd_type"].isna().all()
    # the index equals its definition: mean over respondents of the rescaled item mean
    scores = ak.score_respondents(data, instrument=ins)
    expected = ((codes - 1) / 3 * 100).mean(axis=1)
    assert np.allclose(scores["culture_index"].to_numpy(), expected)


def test_cli_check_prints_what_it_found(tmp_path, capsys):
    folder, _, _ = _user_folder(tmp_path)
    assert cli.main(["check", "--config", str(folder / "analysis.yaml")]) == 0
    out = capsys.readouterr().out
    assert "2025: jawaban_2025.xlsx (instrument survei-kita)" in out
    assert "rows read 40, kept 40, excluded 0 (none)" in out
    assert "units: 2 of 2 OPDs have respondents" in out
    assert "columns not recognised: 'ID'" in out
    assert "demographic columns present: gender; absent: employment, position_type" in out
    assert "indicators: not configured" in out


def test_cli_check_fails_with_exit_code_1_on_a_bad_input(tmp_path, capsys):
    folder, _, _ = _user_folder(tmp_path, answer=lambda c: f"{c} - {FREQ[5 - c]}")
    assert cli.main(["check", "--config", str(folder / "analysis.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("akhlak check: error: jawaban_2025.xlsx, column ")
    assert "not answers of the 1-4 scale of survei-kita" in err
    text = (folder / "analysis.yaml").read_text().replace("unit.csv", "units.csv")
    (folder / "analysis.yaml").write_text(text)
    assert cli.main(["check", "--config", str(folder / "analysis.yaml")]) == 1
    assert 'key "units"' in capsys.readouterr().err


def test_check_one_year_of_the_sample():
    chk = check_inputs(ak.load_config(SAMPLE / "analysis.yaml"), year=2025)
    assert list(chk.years) == [2025]
    y = chk.years[2025]
    # the outcome items and the open question are read by notebook 05 (data/extras.py)
    extras = [*ak.load_instrument("berakhlak-2025-plus").outcome_factors["keterlibatan"],
              *ak.load_instrument("berakhlak-2025-plus").outcome_factors["bangga_melayani"],
              "Saran dan masukan untuk perbaikan budaya kerja"]
    assert y.unrecognised_columns == ["No", *extras] and y.blank_rows == 0
    assert y.rows_read == y.rows_kept + sum(y.rows_excluded.values())
    with pytest.raises(ak.ConfigError, match="not configured"):
        check_inputs(SAMPLE / "analysis.yaml", year=2023)


def test_check_warns_without_an_id_key_and_says_where_to_put_one(tmp_path, capsys, monkeypatch):
    folder, _, _ = _user_folder(tmp_path)
    monkeypatch.delenv("AKHLAK_ID_KEY", raising=False)
    monkeypatch.setenv("AKHLAK_ID_KEY_FILE", str(tmp_path / "absent.key"))
    assert cli.main(["check", "--config", str(folder / "analysis.yaml")]) == 0
    out = capsys.readouterr().out
    assert "WARNING: no respondent-id key is configured" in out
    assert "next year's ids will not link" in out
    assert "AKHLAK_ID_KEY_FILE" in out and "id_key_file:" in out
    (tmp_path / "k.key").write_text("secret\n")
    monkeypatch.setenv("AKHLAK_ID_KEY_FILE", str(tmp_path / "k.key"))
    assert cli.main(["check", "--config", str(folder / "analysis.yaml")]) == 0
    assert "WARNING" not in capsys.readouterr().out


def test_check_stops_on_a_headcount_below_the_respondents(tmp_path, capsys):
    folder, _, _ = _user_folder(tmp_path)
    (folder / "unit.csv").write_text("code,name,headcount_2025\nDPK,Dinas Perikanan,50\n"
                                     "BAPPEDA,Badan Perencanaan,5\n", encoding="utf-8")
    assert cli.main(["check", "--config", str(folder / "analysis.yaml")]) == 1
    err = capsys.readouterr().err
    assert 'unit.csv, column "headcount_2025", row 3: more respondents than staff in 2025: ' in err
    assert "'BAPPEDA' (Badan Perencanaan) 14 respondents, headcount 5" in err
    assert "FPC implies >100% sampling" in err


def test_check_shows_spellings_read_as_labels_and_suggests_columns(tmp_path, capsys):
    folder, ins, _ = _user_folder(tmp_path, answer=lambda c: "Srng" if c == 3 else FREQ[c])
    frame = pd.read_excel(folder / "jawaban_2025.xlsx", engine="calamine")
    frame["Jenis Kelamin (L/P)"] = frame.pop("Jenis Kelamin").str[0]
    frame["Waktu penyelesaian"] = frame["Waktu penyelesaian"].astype(str).str.replace(
        "2025-10-06", "2099-10-06")
    frame.to_excel(folder / "jawaban_2025.xlsx", index=False)
    assert cli.main(["check", "--config", str(folder / "analysis.yaml")]) == 0
    out = capsys.readouterr().out
    n_srng = int((pd.read_excel(folder / "jawaban_2025.xlsx", engine="calamine")[[it.text for it in ins.items]]
                  == "Srng").sum().sum())
    assert f"misspelled answers read as a label (check each): 'Srng' -> 3 ({n_srng} cells)" in out
    assert "columns:\n      gender: 'Jenis Kelamin (L/P)'" in out
    assert "submission times outside 2025: 40 row(s)" in out
    (folder / "analysis.yaml").write_text((folder / "analysis.yaml").read_text()
                                          + "columns: {gender: 'Jenis Kelamin (L/P)'}\n")
    chk = check_inputs(folder / "analysis.yaml")
    y = chk.years[2025]
    assert y.demographics["gender"] and y.suggested_columns == {}
    assert set(y.result.data["gender"]) == {"Laki-laki", "Perempuan"}


def test_check_predicts_notebook_01_sections_from_the_data(tmp_path, capsys):
    """One year of a small organisation: the invariance across years cannot run, and check
    says so with the note notebook 01 would show."""
    folder, _, _ = _user_folder(tmp_path)
    assert cli.main(["check", "--config", str(folder / "analysis.yaml")]) == 0
    out = capsys.readouterr().out
    part = out.split("Instrument validation (notebook 01), sections that depend on the data:\n")
    assert len(part) == 2
    lines = part[1].rstrip().splitlines()
    assert any(line.startswith("  not run   invariance_years: ") for line in lines), lines
    assert any(line.startswith("  runs      ") for line in lines), lines
