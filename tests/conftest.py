"""Shared fixtures: small, hand-made inputs whose cleaning outcome is known."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"

UNITS_CSV = """code,name,level,parent,opd_type,aliases,headcount_2024,headcount_2025,replaced_by
DINKES,Dinas Kesehatan,opd,,Dinas,Dinkes|Dinas Kesehtan,120,125,
BKD,Badan Kepegawaian Daerah,opd,,Badan,BKD Prov|Badan Kepegawaian,60,62,
DISPAR,Dinas Pariwisata,opd,,Dinas,Dispar,30,,DISBUDPAR
DISBUDPAR,Dinas Kebudayaan dan Pariwisata,opd,,Dinas,Disbudpar,,40,
DINKES-LAB,UPT Laboratorium Kesehatan,subunit,DINKES,Dinas,Labkes|UPT Labkes,20,20,
"""


@pytest.fixture
def units_path(tmp_path: Path) -> Path:
    p = tmp_path / "units.csv"
    p.write_text(UNITS_CSV, encoding="utf-8")
    return p


@pytest.fixture(autouse=True)
def _id_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run with a fixed respondent-id key unless they remove it."""
    monkeypatch.setenv("AKHLAK_ID_KEY", "test-key")


@pytest.fixture(scope="session")
def sample_clean():
    """The committed sample read and cleaned once per test session: year -> CleanResult.

    Shared by every test module that needs it; tests must not modify it in place.
    """
    import akhlak_analysis as ak

    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    return {y: ak.load_clean(cfg, y, key=b"k") for y in cfg.years}
