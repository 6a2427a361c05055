"""The synthetic sample: reproducible, true to its truth file, and every planted defect countable.

Defect counts in ``truth.json`` are recomputed here from the written files alone (no cleaning
module), with the simplest rules that define each defect.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from akhlak_analysis.data.sample import (
    DEFAULT_SEED,
    FILES,
    UNKNOWN_UNIT,
    simulate_responses,
    simulate_units,
    write_sample,
)
from akhlak_analysis.instrument import load_instrument, normalize_text
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample"
INS = {2024: load_instrument("berakhlak-2024"), 2025: load_instrument("berakhlak-2025")}
ABBR = {"SS", "S", "N", "TS", "STS"}
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ITEMS_2025 = slice(15, 43)        # the value items of the 2025 sheet; outcomes and comment after
PLUS = load_instrument("berakhlak-2025-plus")
LAST_COLUMN = 43 + len(PLUS.outcome_items) + 1
#: SHA-256 of the 2025 workbook's cells in columns A-AQ (all there was before the outcome items
#: and comments were appended) and of truth.json's keys of that time: they must never change
OLD_CELLS_SHA256 = "302bc634c8210e3caa852ee072ff9bad2cdda66c68ca9848a62b3b09835ac90c"
OLD_TRUTH_SHA256 = "c6c6e37e74205f6464e5cfd66d46e3395d4a966636310bee8940064783d221d9"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_sample(tmp_path_factory.mktemp("sample"), seed=DEFAULT_SEED)


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "units.csv", dtype={"aliases": str}, keep_default_na=False,
                       na_values={"headcount_2024": [""], "headcount_2025": [""]})


@pytest.fixture(scope="module")
def rows_2024() -> list[list[str]]:
    with open(SAMPLE / "responses_2024.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


@pytest.fixture(scope="module")
def rows_2025() -> list[list[object]]:
    """The Jawaban sheet as a list of rows: None, float or str per cell (no openpyxl: fast)."""
    with zipfile.ZipFile(SAMPLE / "responses_2025.xlsx") as zf:
        root = ET.fromstring(zf.read("xl/worksheets/sheet2.xml"))
    out = []
    for row in root.iter(f"{NS}row"):
        cells: list[object] = [None] * LAST_COLUMN
        for c in row:
            col = 0
            for ch in c.get("r"):
                if ch.isdigit():
                    break
                col = col * 26 + ord(ch) - 64
            if c.get("t") == "inlineStr":
                cells[col - 1] = "".join(c.itertext())
            else:
                cells[col - 1] = float(c[0].text)
        out.append(cells)
    return out


def _unit_lookup(units: pd.DataFrame) -> set[str]:
    names = {normalize_text(n) for n in units["name"]}
    return names | {normalize_text(a) for al in units["aliases"] for a in al.split("|") if a}


# -- reproducibility --------------------------------------------------------------------------
def test_committed_files_equal_a_fresh_generation(fresh: dict[str, Path]) -> None:
    assert sorted(fresh) == sorted(FILES)
    for name, path in fresh.items():
        assert path.read_bytes() == (SAMPLE / name).read_bytes(), f"{name} differs: regenerate"


def test_another_seed_gives_other_data(tmp_path: Path, fresh: dict[str, Path]) -> None:
    other = write_sample(tmp_path, seed=7)
    for name in ("responses_2024.csv", "responses_2025.xlsx", "truth.json"):
        assert other[name].read_bytes() != fresh[name].read_bytes()


# -- file formats -----------------------------------------------------------------------------
def test_csv_2024_is_an_indonesian_excel_export(rows_2024: list[list[str]]) -> None:
    raw = (SAMPLE / "responses_2024.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfStempel waktu;")
    assert raw.count(b"\n") == raw.count(b"\r\n") == len(rows_2024)
    header = rows_2024[0]
    assert [INS[2024].match_header(h) for h in header[13:]] == INS[2024].item_codes
    assert sum("[" not in h for h in header[13:]) == 4  # hand-edited headers
    stamps = [datetime.strptime(r[0], "%d/%m/%Y %H:%M:%S") for r in rows_2024[1:]]
    assert min(stamps) >= datetime(2024, 10, 1) and max(stamps) < datetime(2024, 10, 16)
    assert stamps == sorted(stamps)


def test_xlsx_2025_has_instructions_and_coded_answers(rows_2025: list[list[object]]) -> None:
    with zipfile.ZipFile(SAMPLE / "responses_2025.xlsx") as zf:
        book = zf.read("xl/workbook.xml").decode()
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
    assert book.index('name="Petunjuk"') < book.index('name="Jawaban"')
    assert rows_2025[0][ITEMS_2025] == INS[2025].item_codes
    nums = [v for r in rows_2025[1:] for v in r[ITEMS_2025] if isinstance(v, float)]
    assert np.isin(nums, [1, 2, 3, 4, 5]).mean() > 0.99


# -- planted defects --------------------------------------------------------------------------
def test_defects_2024_recount(rows_2024: list[list[str]], truth: dict,
                              units: pd.DataFrame) -> None:
    labels = set(INS[2024].scale.labels["agreement"].values())
    body = rows_2024[1:]
    cells = [c for r in body for c in r[13:]]
    nip = [r[3] for r in body]
    mangled = ["E+" in n for n in nip]
    plain = [n for n, m in zip(nip, mangled, strict=True) if not m]
    known = _unit_lookup(units)
    opd = [r[5] for r in body]
    got = {
        "blank_cells": cells.count(""),
        "out_of_range_cells": sum(c in {"0", "6"} for c in cells),
        "abbreviations": sum(c in ABBR for c in cells),
        "misspelled_labels": sum(c not in labels | ABBR | {"", "0", "6"} for c in cells),
        "too_few_answers": sum(sum(c != "" for c in r[13:]) < 21 / 2 for r in body),
        "straightliners": sum("" not in r[13:] and len(set(r[13:])) == 1 for r in body),
        "mangled_nip": sum(mangled),
        "duplicates": len(plain) - len(set(plain)),
        "unknown_unit_rows": sum(normalize_text(o) not in known for o in opd),
        "unit_name_variants": sum(o not in set(units["name"]) and normalize_text(o) in known
                                  for o in opd),
        "speeders": 0, "text_number_cells": 0,
    }
    assert got == truth["years"]["2024"]["defects"]
    assert {o for o in opd if normalize_text(o) not in known} == {UNKNOWN_UNIT}
    assert all(re.fullmatch(r"1[,.]\d{5}E\+17", n) for n, m in zip(nip, mangled, strict=True) if m)


def test_defects_2025_recount(rows_2025: list[list[object]], truth: dict,
                              units: pd.DataFrame) -> None:
    body = rows_2025[1:]
    cells = [c for r in body for c in r[ITEMS_2025]]
    strings = [c for c in cells if isinstance(c, str)]
    nip = [r[3] for r in body]
    plain = [n for n in nip if isinstance(n, str)]
    known = _unit_lookup(units)
    opd = [r[7] for r in body]
    seconds = [(r[2] - r[1]) * 86400 for r in body]
    got = {
        "blank_cells": cells.count(None),
        "out_of_range_cells": sum(isinstance(c, float) and c not in (1, 2, 3, 4, 5) for c in cells),
        "abbreviations": sum(c in ABBR for c in strings),
        "text_number_cells": sum(c.isdigit() for c in strings),
        "misspelled_labels": sum(c not in ABBR and not c.isdigit() for c in strings),
        "too_few_answers": sum(sum(c is not None for c in r[ITEMS_2025]) < 28 / 2 for r in body),
        "straightliners": sum(all(isinstance(c, float) for c in r[ITEMS_2025])
                              and len(set(r[ITEMS_2025])) == 1
                              for r in body),
        "speeders": sum(s < 90 for s in seconds),
        "mangled_nip": sum(isinstance(n, float) for n in nip),
        "duplicates": len(plain) - len(set(plain)),
        "unknown_unit_rows": sum(normalize_text(o) not in known for o in opd),
        "unit_name_variants": sum(o not in set(units["name"]) and normalize_text(o) in known
                                  for o in opd),
    }
    assert got == truth["years"]["2025"]["defects"]
    normal = [s for s in seconds if s >= 90]
    assert 240 - 1 <= min(normal) and max(normal) <= 1200 + 1


def test_misspelled_labels_are_near_a_real_label(rows_2024: list[list[str]]) -> None:
    import difflib

    labels = [normalize_text(v) for v in INS[2024].scale.labels["agreement"].values()]
    odd = {c for r in rows_2024[1:] for c in r[13:]} - set(labels) - ABBR - {"", "0", "6"}
    for text in odd:
        assert difflib.get_close_matches(normalize_text(text), labels, n=1, cutoff=0.8), text


def test_duplicates_are_later_and_slightly_different(rows_2024: list[list[str]]) -> None:
    first: dict[str, list[str]] = {}
    for r in rows_2024[1:]:
        if "E+" in r[3]:
            continue
        if r[3] in first:
            old = first[r[3]]
            assert datetime.strptime(r[0], "%d/%m/%Y %H:%M:%S") > datetime.strptime(
                old[0], "%d/%m/%Y %H:%M:%S")
            assert 1 <= sum(a != b for a, b in zip(r[13:], old[13:], strict=True)) <= 8
        first[r[3]] = r


# -- the truth ---------------------------------------------------------------------------------
def test_truth_province_values_and_model(truth: dict) -> None:
    y24, y25 = truth["years"]["2024"], truth["years"]["2025"]
    assert 74 <= y24["province"]["culture_index"] <= 78
    assert 77 <= y25["province"]["culture_index"] <= 81
    for year in (y24, y25):
        order = sorted(year["province"]["values"], key=year["province"]["values"].get)
        assert set(order[:2]) == {"adaptif", "kompeten"}
        assert set(order[-2:]) == {"akuntabel", "loyal"}
        assert 10_000 <= year["province"]["N"] <= 14_000
        assert 4_000 <= year["province"]["n"] <= 6_000
        ci = [o["culture_index"] for o in year["opd"].values()]
        assert min(ci) < 68 and max(ci) > 84
    corr = pd.DataFrame(truth["latent_correlations"]).to_numpy()
    off = corr[~np.eye(len(corr), dtype=bool)]
    assert np.allclose(corr, corr.T) and 0.6 <= off.min() and off.max() <= 0.8
    assert 0.6 <= min(truth["loadings"].values()) and max(truth["loadings"].values()) <= 0.85


def test_truth_planted_changes(truth: dict) -> None:
    t24, t25 = truth["years"]["2024"]["opd"], truth["years"]["2025"]["opd"]
    change = {c: t25[c]["culture_index"] - t24[c]["culture_index"] for c in t25 if c in t24}
    cls = {c: t25[c]["change"] for c in change}
    improve = [change[c] for c in change if cls[c] == "improve"]
    decline = [change[c] for c in change if cls[c] == "decline"]
    assert 3 <= len(improve) <= 4 and 2 <= len(decline) <= 3
    assert min(improve) >= 6.5 and max(decline) <= -5
    stable = [change[c] for c in change if cls[c] == "stable" and t24[c]["N"] >= 100]
    assert abs(np.median(stable) - truth["province_trend_2025"]) < 1.5


def test_units_table(units: pd.DataFrame, truth: dict) -> None:
    assert units.columns.tolist() == simulate_units(2).columns.tolist()
    opd = units[units["level"] == "opd"]
    assert 40 <= len(opd) <= 50 and set(opd["opd_type"]) == {"Dinas", "Badan", "Biro",
                                                              "Rumah Sakit", "Lainnya"}
    subs = units[units["level"] == "subunit"]
    assert subs["parent"].nunique() >= 5
    for parent, grp in subs.groupby("parent"):
        head = opd.set_index("code").loc[parent]
        for y in (2024, 2025):
            assert grp[f"headcount_{y}"].sum() <= head[f"headcount_{y}"]
    keys = [normalize_text(n) for n in units["name"]]
    keys += [normalize_text(a) for al in units["aliases"] for a in al.split("|") if a]
    assert len(keys) == len(set(keys)), "a name or alias is ambiguous"
    small = opd[opd["headcount_2024"].between(15, 30)]["code"]
    assert 3 <= len(small) <= 4
    assert all(min(truth["years"][y]["opd"].get(c, {"n": 99})["n"] for y in ("2024", "2025")) < 10
               for c in small)
    replaced = opd[opd["replaced_by"] != ""]
    by_new = replaced.groupby("replaced_by")["code"].apply(list)
    assert sorted(len(v) for v in by_new) == [1, 2]
    assert replaced["headcount_2025"].isna().all()
    assert opd.set_index("code").loc[by_new.index, "headcount_2024"].isna().all()
    assert truth["reorganisation"] == {"renamed": {by_new[by_new.str.len() == 1].iloc[0][0]:
                                                   by_new[by_new.str.len() == 1].index[0]},
                                       "merged": {by_new[by_new.str.len() == 2].index[0]:
                                                  by_new[by_new.str.len() == 2].iloc[0]}}


def test_indicators_and_action_plans(truth: dict) -> None:
    ind = pd.read_csv(SAMPLE / "indicators.csv")
    for y, grp in ind.groupby("year"):
        ci = grp["opd"].map({c: o["culture_index"] for c, o in truth["years"][str(y)]["opd"].items()})
        assert 0.4 <= np.corrcoef(grp["attendance_rate"], ci)[0, 1] <= 0.6
    plans = pd.read_csv(SAMPLE / "action_plans_2025.csv")
    assert set(plans["opd"]) == set(truth["years"]["2025"]["opd"])
    assert plans.groupby("opd").size().between(2, 4).all()
    assert set(plans["value"]) <= set(INS[2025].value_codes)
    assert set(plans["status"]) == {"Belum Mulai", "Berjalan", "Selesai"}
    assert plans["progress"].between(0, 100).all()
    overdue = (pd.to_datetime(plans["due_date"]) < "2025-10-31") & (plans["progress"] < 50)
    assert overdue.sum() >= 5


# -- benchmark-scale simulation ------------------------------------------------------------------
def test_simulate_responses_columns_and_values() -> None:
    df = simulate_responses(20000, 50, seed=1)
    items = INS[2025].item_codes
    assert df.columns.tolist() == ["respondent_id", "year", "opd", "subunit", "opd_type", *items]
    assert df["respondent_id"].is_unique and df["respondent_id"].dtype == "str"
    assert df["year"].dtype == np.int64 and (df["year"] == 2025).all()
    assert df["opd"].dtype == "str" and df["opd"].nunique() == 50
    assert df["subunit"].isna().all() and df["opd_type"].dtype == "str"
    x = df[items]
    assert (x.dtypes == np.float64).all()
    values = x.to_numpy()
    assert np.isin(values[~np.isnan(values)], [1, 2, 3, 4, 5]).all()
    assert 0.005 < x.isna().to_numpy().mean() < 0.015
    assert x["KO1"].corr(x["KO4"]) < 0 < x["KO1"].corr(x["KO2"])


def test_simulate_responses_is_seeded() -> None:
    a = simulate_responses(500, 4, instrument="berakhlak-2024", year=2024, seed=5)
    pd.testing.assert_frame_equal(a, simulate_responses(500, 4, instrument="berakhlak-2024",
                                                        year=2024, seed=5))
    assert not a.equals(simulate_responses(500, 4, instrument="berakhlak-2024", year=2024, seed=6))
    assert len(a.columns) == 5 + 21


def test_sample_dates_in_xlsx_are_in_the_survey_window(rows_2025: list[list[object]]) -> None:
    epoch = datetime(1899, 12, 30)
    ends = [epoch + timedelta(days=r[2]) for r in rows_2025[1:]]
    assert min(ends) >= datetime(2025, 10, 1) and max(ends) < datetime(2025, 10, 16)


# -- outcome items and comments (appended columns, own random streams) ----------------------------
def _digest_old_cells(path: Path, ncols: int = 43) -> str:
    import hashlib

    h = hashlib.sha256()
    with zipfile.ZipFile(path) as zf:
        for sheet in ("sheet1", "sheet2"):
            root = ET.fromstring(zf.read(f"xl/worksheets/{sheet}.xml"))
            for row in root.iter(f"{NS}row"):
                for c in row:
                    col = 0
                    for ch in c.get("r"):
                        if ch.isdigit():
                            break
                        col = col * 26 + ord(ch) - 64
                    if col <= ncols:
                        h.update(repr((c.get("r"), c.get("t"), c.get("s"),
                                       "".join(c.itertext()))).encode())
    return h.hexdigest()


def test_columns_and_truth_of_before_the_extras_are_unchanged(truth: dict) -> None:
    import hashlib

    assert _digest_old_cells(SAMPLE / "responses_2025.xlsx") == OLD_CELLS_SHA256
    old = {k: v for k, v in truth.items() if k not in ("outcomes_2025", "comments_2025")}
    assert hashlib.sha256(json.dumps(old, sort_keys=True).encode()).hexdigest() == \
        OLD_TRUTH_SHA256


def test_outcome_items_and_comment_are_the_last_columns(rows_2025: list[list[object]],
                                                        truth: dict) -> None:
    header = rows_2025[0]
    n_out = len(PLUS.outcome_items)
    assert header[43:43 + n_out] == [it.code for it in PLUS.outcome_items]
    assert header[-1] == truth["comments_2025"]["header"]
    assert PLUS.match_open_question(header[-1]) == "saran"
    body = rows_2025[1:]
    cells = [c for r in body for c in r[43:43 + n_out]]
    assert set(cells) <= {1.0, 2.0, 3.0, 4.0, 5.0, None}
    assert 0.015 < cells.count(None) / len(cells) < 0.04
    flat = [r for r in body if all(isinstance(c, float) for c in r[ITEMS_2025])
            and len(set(r[ITEMS_2025])) == 1]
    assert all(set(r[43:43 + n_out]) == {r[15]} for r in flat)  # straight-liners go on


def test_truth_of_the_outcomes(truth: dict) -> None:
    out = truth["outcomes_2025"]
    assert out["instrument"] == "berakhlak-2025-plus" and out["N"] == \
        truth["years"]["2025"]["province"]["N"]
    corr = pd.DataFrame(out["correlations"]).loc[out["variables"], out["variables"]].to_numpy()
    assert np.allclose(corr, corr.T) and np.all(np.linalg.eigvalsh(corr) > 0)
    for outcome, weights in out["planted_weights"].items():
        assert abs(out["means"][outcome] - out["planned_level"][outcome]) < 1.5
        top = max(weights, key=weights.get)
        r = out["correlations"][outcome]
        assert max(INS[2025].value_codes, key=r.get) == top
    assert set(out["opd"]) == set(truth["years"]["2025"]["opd"])


def test_comments_carry_planted_themes_and_identifiers(rows_2025: list[list[object]],
                                                      truth: dict) -> None:
    com = truth["comments_2025"]
    seen, texts = set(), []
    for r in rows_2025[1:]:
        first = not isinstance(r[3], str) or r[3] not in seen
        seen.add(r[3])
        if first and r[-1] is not None:
            texts.append(r[-1])
    written = sum(sum(c.values()) for c in com["themes_written"].values())
    assert len(texts) == written + com["non_comments"]
    assert 0.3 < len(texts) / (len(rows_2025) - 1) < 0.5
    marks = {"nip": "NIP saya ", "phone": "Hubungi saya di ", "email": "dikirim ke ",
             "nik": "NIK 6271", "name": "Terima kasih kepada ",
             "title": " di bagian umum perlu diperhatikan"}
    assert {k: sum(m in t for t in texts) for k, m in marks.items()} == com["identifiers"]
    assert set(com["planted_theme"].values()) <= {"beban_kerja", "fasilitas", "pelatihan",
                                                   "kepemimpinan", "tunjangan", "komunikasi",
                                                   "disiplin", "pelayanan"}
    for opd, counts in com["themes_written"].items():
        if sum(counts.values()) >= 20:
            assert max(counts, key=counts.get) == com["planted_theme"][opd], opd
