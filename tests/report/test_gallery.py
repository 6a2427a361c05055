"""Issue 20's gallery: organisations unlike the sample each get a whole, correct report.

Slow (each case runs ``akhlak report``); run by ``make test`` in its slow lane.
"""

from __future__ import annotations

import json

import pytest

from akhlak_analysis.report import artifacts, names, runner
from tests import gallery

pytestmark = pytest.mark.slow


def _run(path):
    return runner.run_report(path, progress=lambda _line: None)


@pytest.fixture(scope="module", autouse=True)
def _key():
    mp = pytest.MonkeyPatch()
    mp.setenv("AKHLAK_ID_KEY", "gallery-key")
    yield
    mp.undo()


def test_a_single_badan_with_a_kobo_export_and_its_own_headers(tmp_path):
    path, truth = gallery.write_single(tmp_path / "Survei Badan Riset 2026")
    res = _run(path)
    tables = artifacts.read_tables(res.out_dir, year=2026)
    head = tables[names.HEADLINE].iloc[-1]
    assert head["culture_index"] == pytest.approx(
        gallery.index_by_hand(truth, {"BRIDA": 300}), abs=1e-9)
    assert head["n"] == len(truth)
    groups = tables[names.PROVINCE_GROUPS]  # the own headers were read, through columns:
    assert set(groups.loc[groups["by"] == "gender", "group"]) == {"Laki-laki", "Perempuan"}
    assert set(groups["by"]) >= {"gender", "age_band"}
    sections = json.loads(res.manifest.read_text())["sections"]
    assert sections["ranking"]["status"] == "absent"
    assert "dua OPD" in sections["ranking"]["note"]
    assert names.RANKING not in tables and names.OPD_INDEX in tables
    assert [p.stem for p in res.cards] == ["BRIDA"]
    assert res.out_dir.parent.parent.name == "Survei Badan Riset 2026"


def test_a_small_regency_over_three_years_with_merged_units(tmp_path):
    path, truths = gallery.write_regency(tmp_path / "kabupaten")
    res = _run(path)
    tables = artifacts.read_tables(res.out_dir, year=2026)
    head = tables[names.HEADLINE].set_index("year")
    hc = {c: v[1][2026] for c, v in gallery.REGENCY.items() if v[1][2026]}
    assert head.at[2026, "culture_index"] == pytest.approx(
        gallery.index_by_hand(truths[2026], hc), abs=1e-9)
    change = tables[names.UNIT_CHANGE].set_index("unit")
    assert "gabungan" in change.at["DSKB", "note"]  # DSPMD and KESBANG merged into DSKB
    assert change.loc[~change["suppressed"], "change"].notna().all()
    assert names.PROVINCE_CHANGE in tables and names.RANKING in tables


def test_sixty_opds_keep_every_artifact_readable(tmp_path):
    path, truth = gallery.write_sixty(tmp_path / "kota")
    res = _run(path)
    tables = artifacts.read_tables(res.out_dir, year=2025)
    opd = tables[names.OPD_INDEX]
    shown = set(opd.loc[~opd["suppressed"], "unit"])
    assert {p.stem for p in res.cards} == set(opd["unit"]) and len(shown) >= 40
    ranking = tables[names.RANKING]
    assert set(ranking.loc[~ranking["suppressed"], "unit"]) == shown
    assert (res.out_dir / "figures" / f"{names.FIG_RANKING_SLIDE}_2025.png").is_file()
