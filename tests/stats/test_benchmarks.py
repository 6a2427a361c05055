"""Internal benchmarks (stats/benchmarks.py) and the published reference figures (references/)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import akhlak_analysis as ak
from akhlak_analysis.errors import DataError
from akhlak_analysis.references import REFERENCES_FILE, load_references
from akhlak_analysis.stats.benchmarks import (
    OTHER_TYPE,
    common_items,
    compare_to_benchmarks,
    derive_opd_type,
    index_from_item_means,
    opd_types,
    unit_benchmarks,
)
from tests.conftest import ROOT, SAMPLE

REF = ROOT / "tests" / "reference" / "benchmarks"
INS = ak.load_instrument("berakhlak-2025")
MEASURES = ["culture_index", *INS.value_codes]


# --------------------------------------------------------------------------- OPD types
@pytest.mark.parametrize(("name", "kind"), [
    ("Dinas Kesehatan", "Dinas"), ("DINKES", "Dinas"), ("Diskominfosantik", "Dinas"),
    ("Badan Kepegawaian Daerah", "Badan"), ("Bappeda Litbang", "Badan"), ("BKD", "Badan"),
    ("Biro Organisasi", "Biro"), ("Kecamatan Pahandut", "Kecamatan"),
    ("Kelurahan Langkai", "Kelurahan"), ("RSUD dr. Doris Sylvanus", "Rumah Sakit"),
    ("RSJ Kalawa Atei", "Rumah Sakit"), ("Rumah Sakit Umum Daerah", "Rumah Sakit"),
    ("Sekretariat DPRD", "Sekretariat"), ("Setda", "Sekretariat"),
    ("Inspektorat Daerah", "Inspektorat"), ("Satuan Polisi Pamong Praja", "Satpol PP"),
    ("Satpol-PP", "Satpol PP"), ("Sat Pol PP", "Satpol PP"), ("Kantor Penghubung", "Kantor"),
    ("  dinas   PERHUBUNGAN ", "Dinas"), ("Museum Balanga", OTHER_TYPE), (None, OTHER_TYPE),
    ("Badanku", OTHER_TYPE), ("Birokrasi", OTHER_TYPE)])
def test_opd_type_is_derived_from_the_name(name, kind):
    assert derive_opd_type([name]).tolist() == [kind]


def test_configured_types_win_and_blanks_are_derived():
    units = ak.read_units(SAMPLE / "units.csv")
    types = opd_types(units)
    opd = units.table[units.table["level"] == "opd"]
    assert list(types.index) == opd["code"].tolist()
    assert (types.to_numpy() == opd["opd_type"].to_numpy()).all()  # all configured
    t = units.table.copy()
    t.loc[t["code"] == "INSPEKTORAT", "opd_type"] = None
    t.loc[t["code"] == "SETWAN", "opd_type"] = "  "
    derived = opd_types(ak.UnitTable(t))
    assert derived["INSPEKTORAT"] == "Inspektorat" and derived["SETWAN"] == "Sekretariat"
    assert derived["BIRO_ORG"] == "Biro"


# --------------------------------------------------------------------------- benchmarks
@pytest.fixture(scope="module")
def published_opd() -> pd.DataFrame:
    """The sample's published OPD table (hidden rows blank), as R read it."""
    return pd.read_csv(REF / "opd_published.csv")


def test_quartiles_equal_r_type_7(published_opd):
    want = pd.read_csv(REF / "values.csv", keep_default_na=False, na_values=["NA"])
    got = unit_benchmarks(published_opd, instrument=INS)
    got["opd_type"] = got["opd_type"].fillna("")
    merged = want.merge(got, on=["benchmark", "opd_type", "measure"], suffixes=("_r", ""),
                        validate="one_to_one")
    assert len(merged) == len(want) == len(got)
    assert (merged["n_units_r"] == merged["n_units"]).all()
    for q in ("bottom_quartile", "median", "top_quartile"):
        np.testing.assert_allclose(merged[q], merged[f"{q}_r"], rtol=0, atol=1e-9)
    assert (merged["available"] == merged["median_r"].notna()).all()
    # the hidden OPDs of the sample are not among the 41 counted
    assert got.loc[got["benchmark"] == "all", "n_units"].eq(41).all()
    shown = published_opd[~published_opd["suppressed"]]
    assert got.loc[got["benchmark"] == "all", "n"].eq(shown["n"].sum()).all()


def test_compare_to_benchmarks_gaps_and_flags(published_opd):
    bench = unit_benchmarks(published_opd, instrument=INS)
    cmp = compare_to_benchmarks(published_opd, bench, instrument=INS)
    shown = published_opd[~published_opd["suppressed"]]
    assert len(cmp) == len(shown) * len(MEASURES)
    assert set(cmp["unit"]) == set(shown["unit"])  # no hidden OPD gets a row
    all_ = bench[bench["benchmark"] == "all"].set_index("measure")
    np.testing.assert_allclose(cmp["gap_to_median_all"],
                               cmp["score"] - cmp["measure"].map(all_["median"]))
    assert (cmp["in_top_quartile_all"].astype(bool)
            == (cmp["score"] >= cmp["measure"].map(all_["top_quartile"]))).all()
    one = cmp[(cmp["unit"] == "DINKES") & (cmp["measure"] == "adaptif")].iloc[0]
    dinas = shown.loc[shown["opd_type"] == "Dinas", "adaptif"]
    assert one["median_type"] == pytest.approx(dinas.median())
    assert one["n_units_type"] == len(dinas)
    assert one["score"] == pytest.approx(shown.set_index("unit").at["DINKES", "adaptif"])
    # a type with fewer published OPDs than the minimum has no benchmark of its own
    few = cmp[cmp["opd_type"] == "Rumah Sakit"]
    assert few["median_type"].isna().all() and few["in_top_quartile_type"].isna().all()


def _table(draw_values, hidden, types):
    t = pd.DataFrame({"unit": [f"U{i}" for i in range(len(hidden))], "suppressed": hidden,
                      "opd_type": types, "n": 20})
    for j, m in enumerate(MEASURES):
        t[m] = [v + j for v in draw_values]
    return t


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.booleans(), st.sampled_from(["Dinas", "Biro"]),
                          st.one_of(st.floats(-1e6, 1e6), st.just(np.nan))),
                min_size=1, max_size=25))
def test_hidden_rows_never_enter_a_benchmark(rows):
    """Whatever a hidden row holds, the benchmarks equal those of the shown rows alone."""
    values = [r[0] for r in rows]
    hidden = [r[1] for r in rows]
    types = [r[2] for r in rows]
    table = _table(values, hidden, types)
    garbage = table.copy()
    for m in MEASURES:
        garbage.loc[garbage["suppressed"], m] = [r[3] for r in rows if r[1]]
    garbage.loc[garbage["suppressed"], "n"] = 99999
    shown_only = table[~table["suppressed"]]
    a = unit_benchmarks(garbage, instrument=INS, min_units=1)
    b = unit_benchmarks(shown_only, instrument=INS, min_units=1)
    pd.testing.assert_frame_equal(a[a["n_units"] > 0].reset_index(drop=True),
                                  b[b["n_units"] > 0].reset_index(drop=True))
    ok = a[a["available"]]
    assert ((ok["bottom_quartile"] <= ok["median"]) & (ok["median"] <= ok["top_quartile"])).all()
    assert ok["median"].between(0, 100 + len(MEASURES)).all()


def test_benchmark_inputs_are_checked(published_opd):
    with pytest.raises(DataError, match="no column 'suppressed'"):
        unit_benchmarks(published_opd.drop(columns="suppressed"), instrument=INS)
    with pytest.raises(DataError, match="no column 'adaptif'"):
        unit_benchmarks(published_opd.drop(columns="adaptif"), instrument=INS)
    with pytest.raises(ValueError, match="min_units"):
        unit_benchmarks(published_opd, instrument=INS, min_units=0)
    bench = unit_benchmarks(published_opd, instrument=INS)
    with pytest.raises(DataError, match="benchmark table"):
        compare_to_benchmarks(published_opd, bench.drop(columns="median"), instrument=INS)


def test_types_default_to_the_name_when_the_table_has_no_type(published_opd):
    units = ak.read_units(SAMPLE / "units.csv")
    named = published_opd.drop(columns="opd_type").assign(
        name=published_opd["unit"].map(units.names()))
    got = unit_benchmarks(named, instrument=INS)
    assert set(got["opd_type"].dropna()) == {"Badan", "Biro", "Dinas", "Rumah Sakit",
                                              "Inspektorat", "Satpol PP", "Sekretariat"}


# --------------------------------------------------------------------------- common items
def test_index_from_item_means_equals_r():
    items = pd.DataFrame({"item": ["A1", "A2", "A3", "B1", "B2", "C1"],
                          "value": ["a", "a", "a", "b", "b", "c"],
                          "score": [71.25, 80.5, 77.0, 62.75, 68.0, 90.125]})
    want = pd.read_csv(REF / "index_values.csv")
    got = index_from_item_means(items)
    assert got["measure"].tolist() == want["measure"].tolist()
    np.testing.assert_allclose(got["score"], want["score"], rtol=1e-12)
    assert got["n_items"].tolist() == [3, 2, 1, 6]
    with pytest.raises(DataError, match="listed twice"):
        index_from_item_means(pd.concat([items, items.head(1)]))
    with pytest.raises(DataError, match="no column 'score'"):
        index_from_item_means(items.drop(columns="score"))


def test_index_from_item_means_matches_respondent_scores_on_complete_answers():
    rng = np.random.default_rng(3)
    d = pd.DataFrame(rng.integers(1, 6, (200, len(INS.items))).astype(float),
                     columns=INS.item_codes)
    scores = ak.score_respondents(d, instrument=INS)
    means = ak.item_scores(d, instrument=INS).mean()
    items = pd.DataFrame({"item": INS.item_codes, "value": [it.value for it in INS.items],
                          "score": means.to_numpy()})
    got = index_from_item_means(items).set_index("measure")["score"]
    for m in MEASURES:
        assert got[m] == pytest.approx(scores[m].mean(), abs=1e-9)


def test_common_items_need_code_value_keying_and_text():
    a = INS.items_table().rename(columns={"code": "item"})
    b24 = ak.load_instrument("berakhlak-2024").items_table().rename(columns={"code": "item"})
    assert common_items(a, b24) == ak.load_instrument("berakhlak-2024").item_codes
    changed = b24.copy()
    changed.loc[changed["item"] == "BP1", "text"] = "Teks lain."
    changed.loc[changed["item"] == "AK1", "reverse"] = True
    changed.loc[changed["item"] == "KO1", "value"] = "harmonis"
    changed.loc[changed["item"] == "HA1", "text"] = "  " + changed.loc[
        changed["item"] == "HA1", "text"].iloc[0].upper()
    got = common_items(a, changed)
    assert "BP1" not in got and "AK1" not in got and "KO1" not in got and "HA1" in got
    with pytest.raises(DataError, match="no column 'text'"):
        common_items(a.drop(columns="text"), b24)


# --------------------------------------------------------------------------- references
def test_shipped_national_figures():
    ref = load_references()
    fig = ref.set_index(["reference", "measure"])["value"]
    assert fig[("nasional_2022", "culture_index")] == 60.9
    assert fig[("nasional_2023", "culture_index")] == 61.1
    want = {"berorientasi_pelayanan": 57.9, "akuntabel": 74.1, "kompeten": 56.7,
            "harmonis": 63.8, "loyal": 65.8, "adaptif": 38.9, "kolaboratif": 69.4}
    assert {m: fig[("nasional_2022", m)] for m in want} == want
    assert set(ref["method"]) == {"votes"} and not ref["comparable"].any()
    assert ref["caveat"].str.contains("bukan target").all()
    assert ref["source"].str.len().gt(20).all() and ref["url"].str.startswith("https://").all()
    assert sorted(ref["year"].unique()) == [2022, 2023]


def _write(tmp_path: Path, change) -> Path:
    doc = yaml.safe_load(REFERENCES_FILE.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "ref.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["references"][0].update(colour="red"), r"unknown key 'colour'"),
    (lambda d: d["references"][0].pop("caveat"), r"references\[0\]\.caveat.*expected str"),
    (lambda d: d["references"][0]["figures"].update(adaptif=138.9), r"0-100"),
    (lambda d: d["references"][0]["figures"].update(integritas=50.0), r"unknown measure"),
    (lambda d: d["references"][1].update(comparable=True), r"cannot be comparable"),
    (lambda d: d["references"][1].update(code="nasional_2022"), r"duplicate code"),
    (lambda d: d["references"][0].update(method="survey"), r"expected one of"),
    (lambda d: d["references"][0].update(year="2022"), r"expected int"),
    (lambda d: d["references"][0].update(year=1999), r"survey year"),
    (lambda d: d["references"][0].update(figures={}), r"figures"),
    (lambda d: d.update(schema_version=2), r"schema_version"),
    (lambda d: d.update(extra=1), r"schema_version and references"),
])
def test_reference_file_rules(tmp_path, change, message):
    with pytest.raises(DataError, match=message):
        load_references(_write(tmp_path, change))


def test_reference_file_must_exist_and_be_yaml(tmp_path):
    with pytest.raises(DataError, match="not found"):
        load_references(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("references: [\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML"):
        load_references(bad)


def test_a_regional_likert_figure_may_be_comparable(tmp_path):
    def regional(d):
        d["references"].append({**d["references"][1], "code": "kalteng_2024",
                                "scope": "regional", "method": "likert_mean",
                                "comparable": True, "figures": {"culture_index": 76.3}})
    ref = load_references(_write(tmp_path, regional))
    row = ref[ref["reference"] == "kalteng_2024"].iloc[0]
    assert row["comparable"] and row["value"] == 76.3 and row["scope"] == "regional"
