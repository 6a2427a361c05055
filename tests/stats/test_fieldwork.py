"""Fieldwork monitoring: stats/fieldwork.py, report/fieldwork.py, plots/fieldwork.py, the snapshot."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis.cli import main
from akhlak_analysis.config import FieldworkConfig, load_config
from akhlak_analysis.data.sample.fieldwork import (
    SNAPSHOT_AS_OF,
    SNAPSHOT_FILE,
    write_fieldwork_snapshot,
)
from akhlak_analysis.errors import ConfigError, DataError
from akhlak_analysis.instrument import normalize_text
from akhlak_analysis.plots.fieldwork import plot_progress
from akhlak_analysis.report.fieldwork import (
    monitor_fieldwork,
    progress_html,
    summary_text,
    unit_text,
    write_progress,
)
from akhlak_analysis.stats.fieldwork import (
    STATUSES,
    daily_counts,
    progress_table,
    project_final,
    protect_counts,
)
from tests.conftest import ROOT, SAMPLE

matplotlib.use("Agg")
REF = ROOT / "tests" / "reference" / "fieldwork"
SNAPSHOT = SAMPLE / SNAPSHOT_FILE


# --------------------------------------------------------------------------- projection
def test_projection_equals_r():
    cases = pd.read_csv(REF / "cases.csv")
    want = pd.read_csv(REF / "values.csv").set_index("case")
    for c in cases.itertuples(index=False):
        got = project_final(np.array([float(v) for v in c.daily.split(";")]),
                            days_left=int(c.days_left),
                            headcount=None if pd.isna(c.headcount) else c.headcount,
                            recent_days=int(c.recent_days), level=float(c.level))
        np.testing.assert_allclose(got, want.loc[c.case, ["projected", "low", "high"]],
                                   rtol=0, atol=1e-9, err_msg=c.case)


@pytest.mark.parametrize("kwargs", [
    {"daily": np.array([]), "days_left": 3}, {"daily": np.array([1, -1]), "days_left": 3},
    {"daily": np.array([1, 2]), "days_left": -1},
    {"daily": np.array([1, 2]), "days_left": 2, "recent_days": 0},
    {"daily": np.array([1, 2]), "days_left": 2, "level": 1.0}])
def test_projection_inputs_are_checked(kwargs):
    with pytest.raises(ValueError, match="at least one elapsed day"):
        project_final(**kwargs)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 300), min_size=1, max_size=15), st.integers(0, 14),
       st.one_of(st.none(), st.integers(0, 5000)))
def test_projection_stays_between_the_count_and_the_headcount(daily, left, headcount):
    n = sum(daily)
    point, low, high = project_final(np.array(daily), days_left=left, headcount=headcount)
    assert n <= low <= high
    assert n <= point
    if headcount is not None:
        assert high <= max(headcount, n) and point <= max(headcount, n)
    if left == 0:
        assert point == low == high == n


# --------------------------------------------------------------------------- counting
def _units() -> ak.UnitTable:
    t = pd.DataFrame({"code": ["A", "B", "A-1", "A-2"], "name": ["Dinas A", "Badan B",
                                                                 "Bidang A1", "UPT A2"],
                      "level": ["opd", "opd", "subunit", "subunit"],
                      "parent": [None, None, "A", "A"], "opd_type": ["Dinas", "Badan", None, None],
                      "aliases": [[], [], [], []], "replaced_by": None,
                      "headcount_2025": pd.array([100, 40, 30, None], dtype="Int64")})
    return ak.UnitTable(t)


def _data() -> pd.DataFrame:
    days = pd.to_datetime(["2025-10-01"] * 20 + ["2025-10-02"] * 10 + ["2025-10-03"] * 10
                          + ["2025-10-01"] * 6 + ["2025-10-04"])
    return pd.DataFrame({"opd": ["A"] * 40 + ["B"] * 7,
                         "subunit": ["A-1"] * 12 + ["A-2"] * 4 + [None] * 24 + [None] * 7,
                         "submitted_date": days})


def test_progress_counts_rates_and_status():
    p = progress_table(_data(), units=_units(), year=2025, start="2025-10-01",
                       end="2025-10-10", as_of="2025-10-03", min_n=10, target_rate=0.55)
    t = p.set_index("unit")
    assert t.at["province", "n"] == 46 and t.at["province", "headcount"] == 140  # B's 4 Oct out
    assert t.at["A", "n"] == 40 and t.at["B", "n"] == 6 and t.at["A-1", "n"] == 12
    assert t.at["A", "response_rate"] == pytest.approx(0.4)
    assert pd.isna(t.at["A-2", "headcount"]) and pd.isna(t.at["A-2", "response_rate"])
    assert (t["days_elapsed"] == 3).all() and (t["days_total"] == 10).all()
    # A: last 3 days 20, 10, 10 -> 13.33 a day for 7 more days, capped at 100
    assert t.at["A", "projected_n"] == pytest.approx(min(40 + 7 * 40 / 3, 100))
    assert t.at["B", "projected_n"] == pytest.approx(6 + 7 * 2)  # 6 in 3 days
    assert t.at["A", "status"] == "on_track" and t.at["B", "status"] == "below_target"
    assert not t.at["B", "below_min_n"]
    assert set(p["status"]) <= set(STATUSES)
    assert "culture_index" not in p.columns  # counts only
    late = progress_table(_data(), units=_units(), year=2025, start="2025-10-01",
                          end="2025-10-03", as_of="2025-10-10", min_n=10, target_rate=0.05)
    lt = late.set_index("unit")
    assert lt.at["B", "n"] == 7 and lt.at["B", "projected_n"] == 7  # closed: the count itself
    assert lt.at["A", "status"] == "target_reached"


def test_progress_before_the_window_and_without_target():
    p = progress_table(_data().iloc[:0], units=_units(), year=2025, start="2025-10-05",
                       end="2025-10-10", as_of="2025-10-01", min_n=10)
    assert p["n"].eq(0).all() and p["projected_n"].isna().all()
    assert p["below_target"].isna().all() and set(p["status"]) == {"below_min_n"}


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"start": "2025-10-10", "end": "2025-10-01"}, ValueError, "start <= end"),
    ({"min_n": 0}, ValueError, "min_n"),
    ({"target_rate": 1.5}, ValueError, "target rate"),
    ({"data": pd.DataFrame({"opd": ["A"]})}, DataError, "submitted_date")])
def test_progress_inputs_are_checked(kwargs, error, message):
    args = {"data": _data(), "units": _units(), "year": 2025, "start": "2025-10-01",
            "end": "2025-10-10", "as_of": "2025-10-03", "min_n": 10, **kwargs}
    with pytest.raises(error, match=message):
        progress_table(**args)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(-3, 12)),
                max_size=80), st.integers(0, 12))
def test_daily_curve_ends_at_the_count(rows, upto):
    """The running total on the last day equals the dated responses up to that day."""
    start = pd.Timestamp("2025-10-01")
    d = pd.DataFrame({"opd": pd.Series([r[0] for r in rows], dtype=object),
                      "submitted_date": pd.Series([start + pd.Timedelta(days=r[1])
                                                   for r in rows], dtype="datetime64[ns]")})
    as_of = start + pd.Timedelta(days=upto)
    out = daily_counts(d, start=start, as_of=as_of)
    assert (out.groupby("unit")["date"].count() == upto + 1).all()
    last = out[out["date"] == as_of].set_index("unit")["n_cumulative"]
    want = d[d["submitted_date"] <= as_of]["opd"].value_counts()
    assert last.to_dict() == want.to_dict()
    assert (out.groupby("unit")["n_cumulative"].diff().dropna() >= 0).all()


def test_counts_of_units_of_unknown_size_are_protected():
    p = progress_table(_data(), units=_units(), year=2025, start="2025-10-01",
                       end="2025-10-10", as_of="2025-10-03", min_n=10)
    q = protect_counts(p, min_n=10).set_index("unit")
    assert q.at["A-2", "suppressed"] and q.at["A-2", "suppression"] == "primary"
    assert q.loc["A-2", ["n", "response_rate", "projected_n", "projected_high"]].isna().all()
    assert not q.at["B", "suppressed"] and q.at["B", "n"] == 6  # public headcount: shown
    assert q["suppressed"].sum() == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.booleans(), st.sampled_from(["X", "Y"])),
                min_size=1, max_size=12))
def test_no_small_count_of_unknown_size_is_shown_and_none_hides_alone(rows):
    p = pd.DataFrame({"level": "subunit", "unit": [f"S{i}" for i in range(len(rows))],
                      "parent": [r[2] for r in rows], "n": [r[0] for r in rows],
                      "headcount": pd.array([50 if r[1] else None for r in rows],
                                            dtype="Int64")})
    q = protect_counts(p, min_n=10)
    shown = q[~q["suppressed"]]
    private = shown["headcount"].isna()
    assert not ((shown["n"] > 0) & (shown["n"] < 10) & private).any()
    assert not q.loc[q["suppressed"], "headcount"].notna().any()
    for _, g in q.groupby("parent"):
        others = g[g["headcount"].isna() & ~g["suppressed"] & (g["n"] > 0)]
        assert g["suppressed"].sum() != 1 or others.empty


# --------------------------------------------------------------------------- the sample snapshot
def _independent_counts(path: Path) -> tuple[int, dict[str, int], dict[str, int]]:
    """Valid responses of an export, counted without the package's cleaning code."""
    units = pd.read_csv(SAMPLE / "units.csv", keep_default_na=False, dtype=str)
    codes = {}
    for u in units.itertuples(index=False):
        for text in [u.code, u.name, *[a for a in u.aliases.split("|") if a]]:
            codes.setdefault((u.level, u.parent, normalize_text(text)), u.code)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    items = [h for h in rows[0] if re.fullmatch(r"[A-Z]{2}\d", h)]
    latest: dict[str, tuple[dt.datetime, int]] = {}
    parsed = []
    for i, r in enumerate(rows):
        done = dt.datetime.strptime(r["Waktu Selesai"], "%d/%m/%Y %H:%M:%S")
        nip = re.sub(r"[\s.'\-]", "", r["NIP"])
        ident = nip if re.fullmatch(r"\d{18}", nip) and "E+" not in r["NIP"] else (
            r["Email"].strip().lower() if "@" in r["Email"] else None)
        if ident is not None and (ident not in latest or (done, i) > latest[ident]):
            latest[ident] = (done, i)
        parsed.append((ident, done, i, r))
    per_opd: dict[str, int] = {}
    per_sub: dict[str, int] = {}
    total = 0
    for ident, done, i, r in parsed:
        if ident is not None and latest[ident] != (done, i):
            continue  # a later submission of the same person is kept
        opd = codes.get(("opd", "", normalize_text(r["OPD"])))
        if opd is None:
            continue  # unknown unit
        answered = sum(1 for h in items if r[h].strip() and not (
            r[h].strip().isdigit() and not 1 <= int(r[h]) <= 5))
        if answered < 0.5 * len(items):
            continue  # too few answers
        start = dt.datetime.strptime(r["Waktu Mulai"], "%d/%m/%Y %H:%M:%S")
        if (done - start).total_seconds() < 90:
            continue  # too fast
        total += 1
        per_opd[opd] = per_opd.get(opd, 0) + 1
        sub = codes.get(("subunit", opd, normalize_text(r["Sub Unit"])))
        if sub is not None:
            per_sub[sub] = per_sub.get(sub, 0) + 1
    return total, per_opd, per_sub


@pytest.fixture(scope="module")
def snapshot_report():
    return monitor_fieldwork(SAMPLE / "analysis.yaml", responses=SNAPSHOT, key=b"k")


def test_counts_equal_an_independent_count(snapshot_report):
    total, per_opd, per_sub = _independent_counts(SNAPSHOT)
    p = snapshot_report.progress.set_index("unit")
    assert p.at["province", "n"] == total
    opd = p[p["level"] == "opd"]
    assert opd["n"].to_dict() == {u: per_opd.get(u, 0) for u in opd.index}
    sub = p[p["level"] == "subunit"]
    assert sub["n"].to_dict() == {u: per_sub.get(u, 0) for u in sub.index}
    assert not p["suppressed"].any()  # every headcount of the sample is public
    assert snapshot_report.as_of == SNAPSHOT_AS_OF and snapshot_report.rows_later == 0
    assert snapshot_report.exclusions["duplicate_submission"] > 0
    assert snapshot_report.exclusions["unknown_unit"] > 0


def test_as_of_on_the_final_workbook_equals_the_snapshot(snapshot_report):
    final = monitor_fieldwork(SAMPLE / "analysis.yaml", as_of=SNAPSHOT_AS_OF, key=b"k")
    assert final.rows_later > 0 and final.rows_read == final.rows_later + len(
        pd.read_csv(SNAPSHOT))
    cols = ["unit", "n", "projected_n", "projected_low", "projected_high", "status"]
    pd.testing.assert_frame_equal(final.progress[cols], snapshot_report.progress[cols])


def test_snapshot_is_reproducible_and_a_prefix_of_the_final_export(tmp_path):
    path = write_fieldwork_snapshot(tmp_path, source=SAMPLE / "responses_2025.xlsx")
    assert path.read_bytes() == SNAPSHOT.read_bytes(), "regenerate: akhlak sample"
    snap = pd.read_csv(SNAPSHOT, dtype=str, keep_default_na=False)
    book = pd.read_excel(SAMPLE / "responses_2025.xlsx", sheet_name="Jawaban", dtype=object,
                         engine="calamine")
    done = pd.to_datetime(book["Waktu Selesai"])
    assert len(snap) == int((done < pd.Timestamp("2025-10-09")).sum()) < len(book)
    assert snap["No"].astype(int).tolist() == list(range(1, len(snap) + 1))
    assert pd.to_datetime(snap["Waktu Selesai"], format="%d/%m/%Y %H:%M:%S").max() < \
        pd.Timestamp("2025-10-09")
    assert snap["NIP"].str.contains("E+", regex=False).any()  # mangled NIPs stay mangled
    assert snap["BP1"].tolist() == [
        "" if pd.isna(v) else str(v) for v in book["BP1"].iloc[:len(snap)]]


def test_texts_and_page(snapshot_report, tmp_path):
    rep = snapshot_report
    paths = write_progress(rep, tmp_path)
    n_units = int((rep.progress["level"] != "province").sum())
    assert len(paths) == 2 + n_units
    page = paths["html"].read_text(encoding="utf-8")
    with_days = rep.daily.loc[rep.daily["level"] == "opd", "unit"].nunique()
    assert page.count("<svg") == 1 + with_days  # the chart and one small curve per OPD
    assert "<script" not in page and "<link" not in page and "<img" not in page
    urls = set(re.findall(r"https?://[^\s\"'<>]+", page))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    for name in rep.progress.loc[rep.progress["level"] != "province", "name"]:
        assert name.replace("&", "&amp;") in page
    disdik = rep.unit("DISDIK")
    text = unit_text(rep, "DISDIK")
    assert (f"{ak.format_number(disdik['n'], 0)} dari 3.217 pegawai" in text
            and "*Dinas Pendidikan*" in text and "Bidang Pembinaan SMA" in text)
    assert "8 Oktober 2025" in text and "1-15 Oktober 2025" in text and "%" in text
    assert f"{ak.format_number(disdik['recent_daily'], 1)} responden per hari" in text
    assert paths["DISDIK"].read_text(encoding="utf-8").strip() == text
    summary = summary_text(rep)
    assert "di bawah minimum 10" in summary and "di bawah target 50%" in summary
    below = rep.progress[(rep.progress["level"] == "opd")
                         & (rep.progress["status"] == "below_min_n")]
    assert len(below) and all(f"- {n}:" in summary for n in below["name"])
    assert "DATA CONTOH SINTETIS" in summary


def test_hidden_subunit_in_page_and_text(tmp_path):
    units = pd.read_csv(SAMPLE / "units.csv", dtype=str, keep_default_na=False)
    units.loc[units["code"].isin(["BAPENDA-UPT-SAMSAT-PKY", "BAPENDA-UPT-SAMSAT-SPT",
                                  "DISHUT-UPT-KPH-KAHAYAN"]), "headcount_2025"] = ""
    units.to_csv(tmp_path / "units.csv", index=False)
    cfg = (SAMPLE / "analysis.yaml").read_text(encoding="utf-8")
    cfg = cfg.replace("units: units.csv", "units: units.csv\n# copied").replace(
        "responses: responses_2024.csv", f"responses: {SAMPLE / 'responses_2024.csv'}").replace(
        "responses: responses_2025.xlsx", f"responses: {SAMPLE / 'responses_2025.xlsx'}")
    cfg = re.sub(r"^(indicators|action_plans): .*$", "", cfg, flags=re.M).replace(
        "  - benchmark_pack", f"  - {SAMPLE}/benchmark_pack")
    (tmp_path / "analysis.yaml").write_text(cfg, encoding="utf-8")
    rep = monitor_fieldwork(tmp_path / "analysis.yaml", responses=SNAPSHOT, key=b"k")
    p = rep.progress.set_index("unit")
    assert p.at["BAPENDA-UPT-SAMSAT-SPT", "suppression"] == "primary"  # 7 responses
    assert p.at["BAPENDA-UPT-SAMSAT-PKY", "suppression"] == "secondary"  # 15, its complement
    assert p.at["DISHUT-UPT-KPH-KAHAYAN", "suppression"] == "primary"  # 3
    assert not p.at["DISHUT-UPT-TAHURA", "suppressed"]  # 3, but of public size
    assert p.loc[p["suppressed"], "n"].isna().all() and p["suppressed"].sum() == 3
    text = unit_text(rep, "BAPENDA")
    assert text.count("disembunyikan") == 2 and "Samsat Sampit: disembunyikan" in text
    assert "UPT Taman Hutan Raya Lapak Jaru: 3 dari 30 pegawai" in unit_text(rep, "DISHUT")
    alone = unit_text(rep, "BAPENDA-UPT-SAMSAT-SPT")
    assert "Sub-unit dari Badan Pendapatan Daerah" in alone and "Responden sah: disembunyikan" \
        in alone and "Perkiraan akhir" not in alone and "per hari" not in alone
    page = progress_html(rep)
    assert page.count(">disembunyikan<") == 3
    assert not set(rep.daily["unit"]) & set(p.index[p["suppressed"]])


# --------------------------------------------------------------------------- config, CLI, chart
def test_fieldwork_key_is_validated(tmp_path):
    for name in ("r.csv", "u.csv"):
        (tmp_path / name).write_text("x\n")
    base = "years:\n  2025: {responses: r.csv, instrument: berakhlak-2025}\nunits: u.csv\n"
    ok = load_config(_cfg(tmp_path, base + "fieldwork: {start: 2025-09-29, end: '2025-10-12', "
                                              "target_rate: 0.7}\n"))
    assert ok.fieldwork == FieldworkConfig(dt.date(2025, 9, 29), dt.date(2025, 10, 12), 0.7)
    assert load_config(_cfg(tmp_path, base)).fieldwork.window(2025) == (
        dt.date(2025, 10, 1), dt.date(2025, 10, 15))
    bad = {"fieldwork: {begin: 2025-10-01}\n": r"fieldwork.begin.*unknown key",
           "fieldwork: {start: 1 Oktober}\n": r"fieldwork.start.*2025-10-01",
           "fieldwork: {start: 2025-10-15, end: 2025-10-01}\n": r"fieldwork.end.*before",
           "fieldwork: {target_rate: 70}\n": r"fieldwork.target_rate.*share in \(0, 1\]",
           "fieldwork: {target_rate: 0}\n": r"fieldwork.target_rate",
           "fieldwork: {target_rate: true}\n": r"fieldwork.target_rate.*expected int",
           "fieldwork: [2025-10-01]\n": r'key "fieldwork": expected dict'}
    for extra, message in bad.items():
        with pytest.raises(ConfigError, match=message):
            load_config(_cfg(tmp_path, base + extra))
    with pytest.raises(ConfigError, match="ends"):
        FieldworkConfig(start=dt.date(2025, 10, 20)).window(2025)


def _cfg(folder: Path, text: str) -> Path:
    path = folder / "a.yaml"
    path.write_text(text)
    return path


def test_cli_progress(tmp_path, capsys):
    assert main(["progress", "--config", str(SAMPLE / "analysis.yaml"), "--responses",
                 str(SNAPSHOT), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Keadaan per 8 Oktober 2025" in out and "pemantauan_2025-10-08.html" in out
    assert (tmp_path / "pemantauan_2025-10-08" / "RSUD_DORIS.txt").is_file()
    assert main(["progress", "--config", str(SAMPLE / "analysis.yaml"), "--responses",
                 str(SNAPSHOT), "--as-of", "2025-10-03", "--out", str(tmp_path)]) == 0
    early = (tmp_path / "pemantauan_2025-10-03.txt").read_text(encoding="utf-8")
    assert "hari ke-3 dari 15" in early
    with pytest.raises(SystemExit):
        main(["progress", "--config", str(SAMPLE / "analysis.yaml"), "--as-of", "8/10/2025"])
    assert main(["progress", "--config", str(SAMPLE / "analysis.yaml"), "--responses",
                 str(tmp_path / "none.csv")]) == 2


def test_plot_progress_draws_the_table():
    d = pd.DataFrame({"date": pd.date_range("2025-10-01", periods=4),
                      "n_cumulative": [10, 25, 30, 41]})
    ax = plot_progress(d, end="2025-10-15", headcount=200, projection=(90.0, 70.0, 110.0),
                       target_rate=0.5, min_n=10)
    assert ax.lines[0].get_ydata().tolist() == [10, 25, 30, 41]
    assert ax.lines[1].get_ydata().tolist() == [41, 90.0]
    heights = sorted(line.get_ydata()[0] for line in ax.lines[2:])
    assert heights == [10, 100.0, 200.0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Target 50%" in labels and "Jumlah pegawai 200" in labels
    with pytest.raises(ValueError, match="n_cumulative"):
        plot_progress(d.drop(columns="n_cumulative"), end="2025-10-15")
