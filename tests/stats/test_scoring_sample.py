"""Scoring the sample recovers the generator's finite-population truth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis import cli
from akhlak_analysis.report.workbook import read_workbook, write_workbook
from tests.conftest import SAMPLE

TRUTH = json.loads((SAMPLE / "truth.json").read_text())
CFG = ak.load_config(SAMPLE / "analysis.yaml")
UNITS = ak.read_units(CFG.units)


@pytest.fixture(scope="module")
def scores(sample_clean):
    return {y: ak.score_respondents(sample_clean[y].data,
                                    instrument=CFG.year(y).instrument) for y in CFG.years}


@pytest.mark.parametrize("year", [2024, 2025])
def test_opd_intervals_cover_the_true_means(scores, year):
    ins = CFG.year(year).instrument
    t = ak.index_table(scores[year], units=UNITS, year=year, instrument=ins)
    shown = t[~t["suppressed"]].set_index("unit")
    true = pd.Series({u: v["culture_index"] for u, v in TRUTH["years"][str(year)]["opd"].items()})
    true = true.reindex(shown.index)
    assert true.notna().all()
    covered = (shown["ci_low"] <= true) & (true <= shown["ci_high"])
    # nominal 95%; the planted defects (straight-liners, exclusions) cost a little
    assert covered.mean() >= 0.85, covered[~covered]
    assert np.corrcoef(shown["culture_index"], true)[0, 1] > 0.9
    # every OPD that existed has a row; small ones are suppressed, not dropped
    assert set(t["unit"]) == set(UNITS.headcount(year).index)


@pytest.mark.parametrize("year", [2024, 2025])
def test_province_index_recovers_the_truth(scores, year):
    head = ak.overall_index(scores[year], units=UNITS, year=year,
                            instrument=CFG.year(year).instrument, target=CFG.target).iloc[0]
    true = TRUTH["years"][str(year)]["province"]["culture_index"]
    assert head["ci_low"] <= true <= head["ci_high"]
    # post-stratification by headcount corrects unequal response rates
    assert abs(head["culture_index"] - true) < abs(head["culture_index_unweighted"] - true)
    assert head["weighted"] and head["headcount"] == TRUTH["years"][str(year)]["province"]["N"]


def test_value_order_matches_the_truth(scores):
    head = ak.overall_index(scores[2025], units=UNITS, instrument=CFG.year(2025).instrument)
    values = head[CFG.year(2025).instrument.value_codes].iloc[0].sort_values()
    assert set(values.index[:2]) == {"adaptif", "kompeten"}
    assert set(values.index[-2:]) == {"akuntabel", "loyal"}


def test_workbook_round_trip_is_lossless(scores, tmp_path):
    ins = CFG.year(2025).instrument
    head = ak.overall_index(scores[2025], units=UNITS, instrument=ins)
    opd = ak.index_table(scores[2025], units=UNITS, instrument=ins)
    path = write_workbook({"Provinsi": head, "OPD": opd}, tmp_path / "t.xlsx", instrument=ins)
    back = read_workbook(path, instrument=ins)
    assert list(back) == ["Provinsi", "OPD"]
    got = back["OPD"]
    assert list(got.columns) == list(opd.columns)
    for col in opd.columns:
        a, b = opd[col], got[col]
        if pd.api.types.is_numeric_dtype(a) and not pd.api.types.is_bool_dtype(a):
            np.testing.assert_allclose(a.astype(float), b.astype(float), rtol=1e-15, atol=0)
        else:
            assert a.astype(object).where(a.notna(), None).tolist() == \
                b.astype(object).where(b.notna(), None).tolist()
    # formatted for reading: frozen header and key columns, one-decimal index, category colours
    from openpyxl import load_workbook
    ws = load_workbook(path)["OPD"]
    assert ws.freeze_panes == "C2"  # unit code and name stay in view
    # printable: 22 columns in two strips across, repeating unit and name, header on every page
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.scale) >= 73
    assert ws.print_title_cols == "$A:$B" and ws.print_title_rows == "$1:$1"
    assert len(ws.col_breaks.brk) == 1
    hidden = [c.value for c in ws[1]].index("Disembunyikan")
    assert {r[hidden].value for r in ws.iter_rows(min_row=2)} <= {"Ya", "Tidak"}
    col = [c.value for c in ws[1]].index("Indeks Budaya Kerja") + 1
    assert ws.cell(2, col).number_format == "[$-421]#,##0.0"
    cat = [c.value for c in ws[1]].index("Kategori") + 1
    sehat = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cat).value == "Sehat")
    assert ws.cell(sehat, cat).fill.start_color.rgb.endswith(ins.bands[0].colour[1:].upper())


def test_workbook_bytes_are_deterministic(tmp_path):
    t = pd.DataFrame({"unit": ["A"], "culture_index": [76.3]})
    a = write_workbook({"T": t}, tmp_path / "a.xlsx").read_bytes()
    b = write_workbook({"T": t}, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with pytest.raises(ValueError, match="sheet name"):
        write_workbook({"a/b": t}, tmp_path / "c.xlsx")


def test_cli_index_prints_headline_and_writes_workbook(tmp_path, capsys):
    assert cli.main(["index", "--config", str(SAMPLE / "analysis.yaml"), "--year", "2025",
                     "--workbook", str(tmp_path / "idx.xlsx")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Indeks Budaya Kerja 2025: 79,")
    assert "Disembunyikan" in out and (tmp_path / "idx.xlsx").is_file()
