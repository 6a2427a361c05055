"""The attack suite of issue 18: every channel an outsider could use on the published report.

Threat model (README, "Privacy"): the attacker holds every published file of this year and
last year (tables, workbook, deck, cards, pages), the public headcounts and the publication
rules, and wants the figures of a hidden group (its mean, its size) back. Each attack runs on
the sample and on a small organisation (7 OPDs, three of them hidden).
"""

from __future__ import annotations

import json
import os
import pickle
import warnings
from pathlib import Path

import mistune
import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.cache import CacheNotice
from akhlak_analysis.report import names, phrases, publish
from akhlak_analysis.report.ranking import ranking_conclusions
from akhlak_analysis.stats.disclosure import suppress
from akhlak_analysis.stats.disclosure_audit import count_intervals, differencing_attack
from tests import own_data
from tests.conftest import SAMPLE

SMALL_UNITS = [("U01", "Dinas Perikanan dan Kelautan", 140, 60),
               ("U02", "Badan Pengelola Keuangan Daerah", 80, 40),
               ("U03", "Dinas Pemberdayaan Masyarakat Desa", 60, 25),
               ("U04", "Kantor Kesatuan Bangsa", 30, 7),
               ("U05", "Dinas Perpustakaan Daerah", 25, 12),
               ("U06", "Bagian Protokol Sekretariat", 12, 5),
               ("U07", "Bagian Tata Usaha Pimpinan", 14, 9)]


@pytest.fixture(scope="module", params=["sample", "small"])
def report(request, tmp_path_factory):
    """(context, published tables, audit inputs) of the sample and of a small organisation."""
    cache = tmp_path_factory.mktemp("cache")
    if request.param == "sample":
        ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, cache_dir=cache)
    else:
        folder = tmp_path_factory.mktemp("small")
        mp = pytest.MonkeyPatch()
        mp.setattr(own_data, "UNITS", SMALL_UNITS)
        own_data.write_folder(folder)
        mp.undo()
        ctx = ak.Analysis.from_config(folder / "analysis.yaml", cache_dir=cache, key=b"k")
    publish._MEMO.clear()
    return ctx, publish.published_tables(ctx), publish.audit_inputs(ctx)


def _published_cells(ctx, pub, cells):
    """The suppress() cells as the report publishes them (hidden rows blank)."""
    cells_, hierarchy, hc = cells
    res = suppress(cells_, hierarchy=hierarchy, min_n=ctx.min_n, headcounts=hc)
    return res.tables


def test_some_groups_are_hidden(report):
    ctx, pub, _ = report
    opd = pub[names.OPD_INDEX]
    assert opd["suppressed"].sum() >= 3


def test_no_hidden_mean_comes_back_within_two_points(report):
    ctx, pub, cells = report
    truth, hierarchy, hc = cells
    hits = differencing_attack(_published_cells(ctx, pub, cells), truth=truth,
                               hierarchy=hierarchy, headcounts=hc)
    means = hits[hits["column"] != "n"]
    assert means[means["error"].abs() < 2].empty, means


def test_no_hidden_count_is_pinned_or_shown_to_be_small(report):
    """Issue 18: "35 - 24 = 11 hidden, the secondary cell is 10, so the other is 1". The
    report says no hidden row is small or protective, and every relation keeps room for
    min_n respondents in any one hidden cell: no count is exact, and no small hidden group
    can be proven to hold fewer than min_n."""
    ctx, pub, cells = report
    truth, hierarchy, hc = cells
    iv = count_intervals(_published_cells(ctx, pub, cells), truth=truth, hierarchy=hierarchy,
                         headcounts=hc, min_n=ctx.min_n)
    assert not iv["exact"].any(), iv[iv["exact"]]
    small = iv[iv["small"] & (iv["high"] >= 0)]  # high -1: unbounded
    assert (small["high"] >= ctx.min_n).all(), small[small["high"] < ctx.min_n]


def test_published_tables_never_say_which_hidden_row_is_small(report):
    ctx, pub, _ = report
    for name, t in pub.tables.items():
        assert "suppression" not in t.columns, name
        for col in t.columns:
            if t[col].dtype == object or str(t[col].dtype) == "string":
                text = " ".join(t[col].dropna().astype(str))
                assert "n < " not in text and "pelindung" not in text, (name, col)
    if names.UNIT_CHANGE in pub:
        notes = pub[names.UNIT_CHANGE]["note"].dropna()
        hidden = notes[notes.str.contains("disembunyikan")]
        assert (hidden.str.contains(phrases.HIDDEN, regex=False)).all()


def test_the_ranking_reveals_nothing_of_a_hidden_opd(report):
    """The ranking's grand mean, variance components and shrinkage come from the published
    OPDs only: moving every hidden OPD's respondents by 25 points changes no published
    ranking figure (before, they solved back the hidden means exactly)."""
    ctx, pub, _ = report
    hidden = set(pub[names.OPD_INDEX].loc[pub[names.OPD_INDEX]["suppressed"], "unit"])
    scores = ctx.scores()
    moved = scores.copy()
    inside = moved["opd"].isin(hidden)
    for col in ["culture_index", *ctx.instrument().value_codes]:
        moved.loc[inside, col] = (moved.loc[inside, col] + 25).clip(upper=100)
    ctx2 = ak.Analysis(ctx.config, ctx.year, ctx.units, None, ctx.key)
    ctx2._clean = ctx._clean
    ctx2._scores = {**ctx._scores, ctx.year: moved}
    publish._MEMO.clear()
    again = publish.published_tables(ctx2)
    publish._MEMO.clear()
    pd.testing.assert_frame_equal(pub[names.RANKING], again[names.RANKING])
    a = ak.icc(publish.published_scores(ctx, pub), by="opd")
    b = ak.icc(publish.published_scores(ctx2, again), by="opd")
    assert (a.grand_mean, a.tau2, a.sigma2) == (b.grand_mean, b.tau2, b.sigma2)


# --------------------------------------------------------------------------- injection
def test_a_markdown_unit_name_is_not_a_live_link():
    ranked = pd.DataFrame({
        "unit": list("ABCDEFGHIJ"), "name": ["[tautan](javascript:alert(1))"] + list("BCDEFGHIJ"),
        "n": [40] * 10, "culture_index": np.linspace(90, 60, 10),
        "eb_index": np.linspace(89, 61, 10), "eb_ci_low": np.linspace(85, 57, 10),
        "eb_ci_high": np.linspace(93, 65, 10), "reliability": 0.9,
        "rank": pd.array(range(1, 11), dtype="Int64"),
        "rank_low": pd.array([1, 1, 2, 3, 4, 5, 6, 7, 8, 9], dtype="Int64"),
        "rank_high": pd.array([2, 3, 4, 5, 6, 7, 8, 9, 10, 10], dtype="Int64"),
        "p_top": np.linspace(0.9, 0, 10), "p_bottom": np.linspace(0, 0.9, 10),
        "suppressed": False})
    html = mistune.html(ranking_conclusions(ranked))
    assert "<a " not in html and "[tautan](javascript:alert(1))" in html


# --------------------------------------------------------------------------- the cache
def test_the_cache_never_unpickles(tmp_path):
    """A planted pickle in the cache folder is never loaded (the cache is Parquet + JSON)."""
    marker = tmp_path / "pwned"

    class Boom:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cache = tmp_path / ".cache"
    cache.mkdir()
    for name in ("clean_2025_x.pickle", "published_2025_x.pickle"):
        (cache / name).write_bytes(pickle.dumps(Boom()))
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, cache_dir=cache, key=b"k")
    ctx.clean()
    assert not marker.exists()
    entries = [p for p in cache.rglob("*") if p.is_file() and "pickle" not in p.name]
    assert entries and {p.suffix for p in entries} <= {".parquet", ".json"}
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in entries)
    assert all((p.stat().st_mode & 0o777) == 0o700 for p in cache.rglob("*") if p.is_dir())


def test_a_corrupt_cache_entry_is_rebuilt_with_a_notice(tmp_path):
    cache = tmp_path / ".cache"
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2024, cache_dir=cache, key=b"k")
    first = ctx.clean().data
    entry = next(p for p in cache.iterdir() if p.name.startswith("clean_2024"))
    (entry / "data.parquet").write_bytes(b"not parquet at all")
    again = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2024, cache_dir=cache, key=b"k")
    with pytest.warns(CacheNotice, match="rebuilt"):
        second = again.clean().data
    pd.testing.assert_frame_equal(first, second)
    manifest = json.loads(next(cache.glob("clean_2024*/manifest.json")).read_text())
    assert manifest["format"] == 1 and "data" in manifest["files"]


def test_an_empty_cache_file_is_no_traceback(tmp_path):
    cache = tmp_path / ".cache"
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2024, cache_dir=cache, key=b"k")
    ctx.clean()
    entry = next(p for p in cache.iterdir() if p.name.startswith("clean_2024"))
    (entry / "manifest.json").write_text("")
    again = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2024, cache_dir=cache, key=b"k")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        again.clean()
    assert any(issubclass(w.category, CacheNotice) for w in seen)


# --------------------------------------------------------------------------- faults
def test_a_second_run_into_the_same_folder_refuses(tmp_path):
    from akhlak_analysis.report.runner import ReportError, _lock

    out = tmp_path / "laporan" / "2025"
    with _lock(out):
        with pytest.raises(ReportError, match="another akhlak report"):
            with _lock(out):
                pass
    with _lock(out):  # released: a later run proceeds
        pass


def test_publishing_swaps_the_report_in_one_step(tmp_path):
    from akhlak_analysis.report.runner import publish_folder

    out, partial = tmp_path / "2025", tmp_path / ".2025.partial"
    out.mkdir()
    (out / "old.txt").write_text("old")
    partial.mkdir()
    (partial / "new.txt").write_text("new")
    publish_folder(partial, out)
    assert (out / "new.txt").read_text() == "new" and not (out / "old.txt").exists()
    assert not partial.exists() and not (tmp_path / ".2025.old").exists()


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_one_line_naming_the_fix(tmp_path):
    from akhlak_analysis.report.runner import ReportError, run_report

    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(ReportError, match="cannot write here.*--out"):
            run_report(SAMPLE / "analysis.yaml", out=ro / "2025", progress=lambda _: None)
    finally:
        ro.chmod(0o700)


def test_the_cli_prints_one_line_for_a_report_error(tmp_path, capsys, monkeypatch):
    from akhlak_analysis import cli
    from akhlak_analysis.report import runner

    def fail(*_a, **_k):
        raise runner.ReportError("cannot write here (Permission denied)", file=Path("/x"))

    monkeypatch.setattr(runner, "run_report", fail)
    assert cli.main(["report", "--config", str(SAMPLE / "analysis.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Permission denied" in err[0]


def test_a_unit_code_cannot_write_outside_the_report(tmp_path):
    """A code like ``../../../../tmp/x`` once made the report write x.html outside its folder:
    the unit table refuses it (naming the row), and the card writer refuses any such path."""
    from akhlak_analysis.report.cards import _inside

    units = tmp_path / "units.csv"
    units.write_text("code,name,headcount_2025\nDINKES,Dinas Kesehatan,40\n"
                     "../../../../tmp/x,Jahat,20\n", encoding="utf-8")
    with pytest.raises(ak.DataError, match=r"row.* 3.*letters, digits"):
        ak.read_units(units)
    with pytest.raises(ValueError, match="outside"):
        _inside(tmp_path, "../../x.html")
    assert _inside(tmp_path, "DINKES.html") == (tmp_path / "DINKES.html").resolve()
