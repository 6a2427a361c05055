"""Benchmark packs (report/benchmark_pack.py): published figures only, reading, comparing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.cli import main
from akhlak_analysis.config import load_config
from akhlak_analysis.data.sample.fieldwork import write_other_organisation
from akhlak_analysis.errors import ConfigError, DataError
from akhlak_analysis.references import load_references
from akhlak_analysis.report import benchmark_pack as bp
from akhlak_analysis.report import names
from akhlak_analysis.report.publish import audit_inputs, published_tables
from akhlak_analysis.stats.benchmarks import opd_types
from tests.conftest import SAMPLE

COMMON = ak.load_instrument("berakhlak-2024").item_codes


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def sample(cache):
    """The sample's context, published set and pack (computed once)."""
    ctx = ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, cache_dir=cache, key=b"k")
    pub = published_tables(ctx)
    return ctx, pub, bp.export_pack(ctx)


@pytest.fixture(scope="module")
def other_ctx(tmp_path_factory):
    """The second synthetic organisation's run (21-item questionnaire)."""
    cfg = write_other_organisation(tmp_path_factory.mktemp("other"))
    return ak.Analysis.from_config(cfg, key=b"k")


def _numbers(doc, path=""):
    """Every number in a JSON document with its path."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _numbers(v, f"{path}.{k}")
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _numbers(v, f"{path}[{i}]")
    elif isinstance(doc, int | float) and not isinstance(doc, bool):
        yield path, doc


# --------------------------------------------------------------------------- no hidden cell
def test_pack_names_no_hidden_unit(sample):
    ctx, pub, pack = sample
    opd = pub[names.OPD_INDEX]
    hidden = opd.loc[opd["suppressed"], "unit"].tolist()
    assert {"BIRO_ADPEM", "BIRO_KESRA", "BPENGHUBUNG"} <= set(hidden)
    text = json.dumps(pack, ensure_ascii=False)
    for code in hidden:
        assert code not in text and ctx.units.names()[code] not in text
    assert '"unit"' not in text  # aggregates only: no OPD row at all


def test_every_number_is_recomputed_from_the_shown_rows_alone(sample):
    """An independent recomputation from the published, shown rows gives the whole pack."""
    ctx, pub, pack = sample
    ins = ctx.instrument()
    opd = pub[names.OPD_INDEX]
    shown = opd[~opd["suppressed"]].assign(t=lambda t: t["unit"].map(opd_types(ctx.units)))
    measures = ["culture_index", *ins.value_codes]
    expected = []
    groups = [("all", None, shown)] + [("opd_type", k, g) for k, g in shown.groupby("t")]
    for kind, typ, g in groups:
        if len(g) < 5:
            continue
        expected.append({"benchmark": kind, "opd_type": typ, "n_units": len(g),
                         "n": int(g["n"].sum()),
                         "measures": {m: dict(zip(("bottom_quartile", "median", "top_quartile"),
                                                  (round(float(g[m].quantile(q)), 6)
                                                   for q in (.25, .5, .75)), strict=True))
                                      for m in measures}})
    assert pack["distributions"] == expected
    items = pub[names.OPD_ITEMS]
    items = items[~items["suppressed"]]
    for it in pack["items"]:
        one = items[items["item"] == it["code"]]
        assert it["score"] == round(float(one["province_score"].iloc[0]), 6)
        assert it["median"] == round(float(one["score"].median()), 6)
        assert it["n_units"] == len(one) == len(shown)
    head = ak.overall_index(ctx.scores(), units=ctx.units, year=2025, weighting="headcount",
                            instrument=ins)
    assert pack["headline"]["culture_index"] == round(float(head["culture_index"].iloc[0]), 6)
    assert pack["headline"]["n"] == int(head["n"].iloc[0])
    assert pack["headline"]["n_units"] == len(shown)


def test_hidden_truth_does_not_reach_the_pack(sample):
    """Put the hidden OPDs' true figures back into the published tables: the pack is the same.

    So nothing in the pack is a function of a hidden cell; with the checks above (every number
    is a published cell or an order statistic / sum of published cells), the pack adds no
    equation to the differencing audit of the published set and solves back nothing.
    """
    ctx, pub, pack = sample
    cells, _, _ = audit_inputs(ctx)
    truth = cells[f"opd_{ctx.year}"].set_index("unit")
    leaky = copy.copy(pub)
    leaky.tables = dict(pub.tables)
    opd = pub[names.OPD_INDEX].copy()
    hid = opd["suppressed"].to_numpy()
    for c in ["n", "culture_index", *ctx.instrument().value_codes]:
        opd[c] = opd[c].astype(float)
        opd.loc[hid, c] = truth.loc[opd.loc[hid, "unit"], c].to_numpy(dtype=float)
    assert opd.loc[hid, "culture_index"].notna().all()
    leaky.tables[names.OPD_INDEX] = opd
    items = pub[names.OPD_ITEMS].copy()
    items.loc[items["suppressed"], "score"] = 0.0  # an absurd hidden item score
    leaky.tables[names.OPD_ITEMS] = items
    head = ak.overall_index(ctx.scores(), units=ctx.units, year=2025, weighting="headcount",
                            instrument=ctx.instrument())
    again = bp.build_pack(leaky, headline=head, instrument=ctx.instrument(),
                          types=opd_types(ctx.units), organisation=pack["organisation"],
                          weighting="headcount", synthetic=True)
    assert again == pack
    # the type totals of the pack are sums over published OPDs, not the type's cell
    biro = next(d for d in pack["distributions"] if d["opd_type"] == "Biro")
    all_biro = truth.loc[[u for u in truth.index if opd_types(ctx.units).get(u) == "Biro"], "n"]
    assert biro["n"] < all_biro.sum()


def test_headline_below_the_minimum_is_not_exported(sample):
    ctx, pub, pack = sample
    head = pd.DataFrame([{"n": 4, "culture_index": 70.0, "weighted": False,
                          **dict.fromkeys(ctx.instrument().value_codes, 70.0)}])
    with pytest.raises(DataError, match="fewer than min_group_size 10"):
        bp.build_pack(pub, headline=head, instrument=ctx.instrument(),
                      types=opd_types(ctx.units), organisation="x", weighting="none")


# --------------------------------------------------------------------------- the file
def test_write_read_round_trip_is_deterministic(sample, tmp_path):
    _, _, pack = sample
    a = bp.write_pack(pack, tmp_path / "a.json")
    b = bp.write_pack(json.loads(a.read_text(encoding="utf-8")), tmp_path / "b.json")
    assert a.read_bytes() == b.read_bytes()
    got = bp.read_pack(a)
    assert got.organisation == pack["organisation"] and got.year == 2025 and got.synthetic
    assert got.items["item"].tolist() == [it["code"] for it in pack["instrument"]["items"]]
    assert got.headline["culture_index"] == pack["headline"]["culture_index"]
    assert len(got.distributions) == 8 * len(pack["distributions"])
    for _, value in _numbers(pack["headline"]):
        assert isinstance(value, int | float)


def _broken(pack: dict, change) -> dict:
    doc = copy.deepcopy(pack)
    change(doc)
    return doc


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(schema="other"), r"not a benchmark pack"),
    (lambda d: d.update(schema_version=2), r"schema_version 2 is not supported"),
    (lambda d: d.pop("year"), r'key "year": required key is missing'),
    (lambda d: d.update(year="2025"), r'key "year": expected int'),
    (lambda d: d.update(extra=1), r'key "extra": unknown key'),
    (lambda d: d["headline"].update(culture_index=101.0), r"headline.culture_index.*0-100"),
    (lambda d: d["headline"].update(n=3), r"fewer than the pack's min_group_size"),
    (lambda d: d["items"][2].update(score="75"), r"items\[2\]\.score"),
    (lambda d: d["items"].pop(), r"every item of the instrument once"),
    (lambda d: d["instrument"]["items"][0].update(value="integritas"),
     r"not among the instrument's values"),
    (lambda d: d["instrument"]["items"].append(d["instrument"]["items"][0]),
     r"distinct item codes"),
    (lambda d: d["distributions"][0]["measures"].update(integritas={}), r"unknown measure"),
    (lambda d: d["distributions"][0].update(benchmark="province"), r"'all' or 'opd_type'"),
    (lambda d: d["distributions"][1].update(opd_type=None), r"opd_type\": expected str"),
    (lambda d: d["distributions"][0]["measures"]["adaptif"].update(median=-3),
     r"measures.adaptif.median.*0-100"),
])
def test_pack_rules(sample, change, message):
    _, _, pack = sample
    with pytest.raises(DataError, match=message):
        bp.read_pack(_broken(pack, change))


def test_pack_file_must_exist_and_be_json(tmp_path):
    with pytest.raises(DataError, match="not found"):
        bp.read_pack(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="not a JSON file"):
        bp.read_pack(bad)


# --------------------------------------------------------------------------- comparisons
def _by_hand(pack: bp.BenchmarkPack, codes: list[str]) -> dict[str, float]:
    it = pack.items.set_index("item").loc[codes]
    values = it.groupby("value", sort=False)["score"].mean()
    return {**values.to_dict(), "culture_index": float(values.mean())}


def test_sample_against_the_second_organisation_on_the_21_common_items(sample):
    _, _, pack = sample
    own, other = bp.read_pack(pack), bp.read_pack(SAMPLE / bp.SAMPLE_PACK)
    cmp = bp.compare_packs(own, other)
    assert cmp.common == COMMON and not cmp.other_only and not cmp.same_instrument
    assert cmp.own_only == ["BP4", "AK4", "KO4", "HA4", "LO4", "AD4", "KL4"]
    assert cmp.distributions.empty
    mine, theirs = _by_hand(own, COMMON), _by_hand(other, COMMON)
    t = cmp.table.set_index("measure")
    for m in mine:
        assert t.at[m, "own_score"] == pytest.approx(mine[m], abs=1e-9)
        assert t.at[m, "other_score"] == pytest.approx(theirs[m], abs=1e-9)
        assert t.at[m, "difference"] == pytest.approx(mine[m] - theirs[m], abs=1e-9)
    assert t.at["culture_index", "n_items"] == 21
    text = bp.describe_comparison(cmp, instrument="berakhlak-2025")
    assert "21 butir yang sama" in text and "BP4, AK4, KO4" in text
    assert "bukan target" in text and "," in text.split("Indeks pada butir yang sama: ")[1][:5]
    assert cmp.items["item"].tolist() == COMMON


def test_export_from_the_sample_import_into_the_second_organisation(sample, other_ctx):
    _, _, pack = sample
    theirs = bp.read_pack(bp.export_pack(other_ctx))
    cmp = bp.compare_packs(theirs, bp.read_pack(pack))
    assert cmp.common == COMMON and cmp.other_only == ["BP4", "AK4", "KO4", "HA4", "LO4",
                                                       "AD4", "KL4"]
    assert cmp.organisation.startswith("Pemerintah Provinsi Kalimantan Tengah")
    t = cmp.table.set_index("measure")
    assert t.at["culture_index", "own_score"] == pytest.approx(
        _by_hand(theirs, COMMON)["culture_index"])
    assert "hanya di instrumen Pemerintah Provinsi Kalimantan Tengah" in bp.describe_comparison(
        cmp, instrument="berakhlak-2024")


def test_the_same_instrument_compares_the_distributions_too(sample):
    _, _, pack = sample
    p = bp.read_pack(pack)
    cmp = bp.compare_packs(p, p)
    assert cmp.same_instrument and len(cmp.common) == 28
    assert (cmp.table["difference"] == 0).all()
    d = cmp.distributions
    assert set(d["benchmark"]) == {"all", "opd_type"} and len(d) == len(p.distributions)
    assert (d["own_median"] == d["other_median"]).all()
    assert "Butir yang tidak dibandingkan" not in bp.describe_comparison(cmp, instrument="berakhlak-2025")


def test_no_common_item_says_so(sample):
    _, _, pack = sample
    p = bp.read_pack(pack)
    other = bp.read_pack(_broken(pack, lambda d: [it.update(text=f"lain {it['code']}")
                                                  for it in d["instrument"]["items"]]))
    cmp = bp.compare_packs(p, other)
    assert cmp.common == [] and cmp.table.empty
    assert "tidak dapat dibandingkan" in bp.describe_comparison(cmp, instrument="berakhlak-2025")


def test_committed_second_organisation_pack_is_reproducible(tmp_path):
    path = bp.write_sample_pack(tmp_path)
    assert path.read_bytes() == (SAMPLE / bp.SAMPLE_PACK).read_bytes(), "regenerate: akhlak sample"


def test_internal_benchmarks_of_the_report(sample):
    ctx, pub, _ = sample
    bench, per_opd = bp.opd_benchmarks(pub, units=ctx.units, instrument=ctx.instrument())
    hidden = set(pub[names.OPD_INDEX].query("suppressed")["unit"])
    assert not hidden & set(per_opd["unit"])
    shown = int((~pub[names.OPD_INDEX]["suppressed"]).sum())
    assert len(per_opd) == shown * 8
    assert bench.loc[bench["benchmark"] == "all", "n_units"].eq(shown).all()


def test_references_read_as_context():
    text = bp.describe_references(load_references(), instrument="berakhlak-2025")
    assert "60,9" in text and "Adaptif 38,9" in text and "61,1" in text
    assert text.count("bukan target") == 2 and "suara" in text


# --------------------------------------------------------------------------- config and CLI
def test_benchmarks_key_is_validated(tmp_path):
    for name in ("r.csv", "u.csv", "p.json", "p.txt"):
        (tmp_path / name).write_text("x\n")
    base = "years:\n  2025: {responses: r.csv, instrument: berakhlak-2025}\nunits: u.csv\n"
    cases = {"benchmarks: [p.json]\n": None,
             "benchmarks: [missing.json]\n": r'key "benchmarks\[0\]".*does not exist',
             "benchmarks: [p.txt]\n": r"a benchmark pack is a .json file",
             "benchmarks: [3]\n": r"expected the path of a benchmark pack",
             "benchmarks: p.json\n": r'key "benchmarks": expected list'}
    for extra, message in cases.items():
        path = tmp_path / "a.yaml"
        path.write_text(base + extra)
        if message is None:
            assert load_config(path).benchmarks == ((tmp_path / "p.json").resolve(),)
        else:
            with pytest.raises(ConfigError, match=message):
                load_config(path)
    assert load_config(SAMPLE / "analysis.yaml").benchmarks[0].name == bp.SAMPLE_PACK


def test_cli_import_and_export(sample, cache, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AKHLAK_CACHE_DIR", str(cache))
    monkeypatch.setenv("AKHLAK_ID_KEY", "k")
    assert main(["benchmark", "import", "--config", str(SAMPLE / "analysis.yaml"),
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "21 butir yang sama" in out and "Berorientasi Pelayanan" in out
    table = pd.read_csv(tmp_path / "perbandingan_organisasi_2025.csv")
    assert table["organisation"].str.contains("Contoh Lain").all() and len(table) == 8
    assert main(["benchmark", "export", "--config", str(SAMPLE / "analysis.yaml"),
                 "--out", str(tmp_path / "p.json")]) == 0
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8")) == sample[2]
    assert main(["benchmark", "export", "x.json", "--config",
                 str(SAMPLE / "analysis.yaml")]) == 2
    assert np.isfinite(table["difference"]).all()
