"""Outcome scales: the instrument schema, scoring like the values, tables, never in the index."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.errors import InstrumentError
from akhlak_analysis.report import drivers as rd
from akhlak_analysis.stats import outcomes as so
from akhlak_analysis.stats.scoring import index_table
from tests.conftest import ROOT

SAMPLE = ROOT / "data" / "sample"
PLUS = ak.load_instrument("berakhlak-2025-plus")
PLUS_YAML = (ROOT / "akhlak_analysis" / "instruments" / "berakhlak-2025-plus.yaml").read_text(
    encoding="utf-8")


@pytest.fixture(scope="module")
def ctx():
    return ak.Analysis.from_config(SAMPLE / "analysis.yaml", 2025, key=b"k")


@pytest.fixture(scope="module")
def data(ctx):
    return rd.load(ctx)


# -- the schema -------------------------------------------------------------------------------
def test_outcomes_are_not_values():
    plain = ak.load_instrument("berakhlak-2025")
    assert PLUS.item_codes == plain.item_codes and PLUS.factors == plain.factors
    assert PLUS.value_codes == plain.value_codes
    assert PLUS.outcome_factors == {"keterlibatan": ["KT1", "KT2", "KT3", "KT4"],
                                    "bangga_melayani": ["BM1", "BM2", "BM3"]}
    assert [it.code for it in PLUS.outcome_items if it.reverse] == ["KT4"]
    assert PLUS.match_header("KT1") is None and PLUS.match_outcome_header("KT1") == "KT1"
    assert PLUS.match_open_question("Saran") == "saran"
    out = PLUS.outcome_instrument()
    assert out.value_codes == PLUS.outcome_codes and out.scale == PLUS.scale
    assert plain.outcome_codes == [] and plain.open_questions == ()


@pytest.mark.parametrize(("edit", "message"), [
    (("- code: keterlibatan\n  name_id", "- code: loyal\n  name_id"), "already a value"),
    (("- code: keterlibatan\n  name_id", "- code: culture_index\n  name_id"), "reserved"),
    (("  outcome: keterlibatan\n  text: Saya bersemangat",
      "  outcome: keterlibatn\n  text: Saya bersemangat"), "unknown outcome 'keterlibatn'"),
    (("- code: KT1\n", "- code: AK1\n"), "already a value item"),
    (("- code: KT2\n", "- code: KT1\n"), "duplicate code 'KT1'"),
    (("  text: Saya bersemangat setiap kali memulai pekerjaan.\n  reverse: false",
      "  text: Saya bersemangat setiap kali memulai pekerjaan.\n  reverse: kadang"),
     "reverse must be true or false"),
    (("- code: saran\n", "- code: KT1\n"), "already used"),
    (("  headers:\n  - Saran dan masukan\n  - Saran\n", "  headers: Saran\n"),
     "headers must be a list"),
])
def test_schema_errors_name_the_key(tmp_path, edit, message):
    old, new = edit
    assert old in PLUS_YAML
    p = tmp_path / "ins.yaml"
    p.write_text(PLUS_YAML.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InstrumentError, match=message):
        ak.load_instrument(p)


def test_schema_errors_for_missing_parts(tmp_path):
    no_outcomes = PLUS_YAML.split("outcomes:\n")[0] + "outcome_items:\n" + \
        PLUS_YAML.split("outcome_items:\n")[1]
    p = tmp_path / "a.yaml"
    p.write_text(no_outcomes, encoding="utf-8")
    with pytest.raises(InstrumentError, match="outcome_items need outcome scales"):
        ak.load_instrument(p)
    lonely = PLUS_YAML.replace("outcomes:\n", "outcomes:\n- code: sepi\n  name_id: Sepi\n", 1)
    p.write_text(lonely, encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"without items: \['sepi'\]"):
        ak.load_instrument(p)
    with pytest.raises(InstrumentError, match="unknown outcome scale"):
        PLUS.outcome_instrument(["engagement"])


# -- scoring: like the values, never in the index ---------------------------------------------
def test_outcome_scores_by_hand():
    d = pd.DataFrame({c: [4.0, 2.0, np.nan] for c in [it.code for it in PLUS.outcome_items]})
    d.loc[0, "KT4"] = 1.0                 # reverse-keyed: 1 -> 5 -> 100
    d.loc[2, ["KT1", "KT2"]] = [5.0, 5.0]  # 2 of 4 answered: enough (half)
    s = so.score_outcomes(d, instrument=PLUS)
    assert s.loc[0, "keterlibatan"] == pytest.approx((75 + 75 + 75 + 100) / 4)
    assert s.loc[1, "keterlibatan"] == pytest.approx((25 + 25 + 25 + 75) / 4)
    assert s.loc[2, "keterlibatan"] == 100.0 and np.isnan(s.loc[2, "bangga_melayani"])
    assert s.columns.tolist() == ["keterlibatan", "bangga_melayani"]


def test_the_index_is_the_same_with_and_without_outcome_scales(ctx):
    plain = ak.Analysis.from_config(SAMPLE / "analysis_plain.yaml", 2025, key=b"k")
    pd.testing.assert_frame_equal(ctx.scores(), plain.scores())


def test_outcome_table_is_the_index_table_of_the_scale(ctx, data):
    resp = data.respondents
    t = so.outcome_table(resp, "keterlibatan", instrument=PLUS, units=ctx.units, year=2025,
                         min_n=10, protect=False)
    one = PLUS.outcome_instrument(["keterlibatan"])
    ref = index_table(ak.score_respondents(resp, instrument=one), by="opd", instrument=one,
                      units=ctx.units, year=2025, min_n=10)
    got = t[t["unit"] != "province"].reset_index(drop=True)
    np.testing.assert_allclose(got["outcome_score"], ref["culture_index"], equal_nan=True)
    # the province: headcount-weighted mean of the OPD means (independent computation)
    hc = ctx.units.headcount(2025)
    m = resp.groupby("opd")["keterlibatan"].mean()
    prov = t[t["unit"] == "province"].iloc[0]
    assert prov["outcome_score"] == pytest.approx((m * hc.reindex(m.index)).sum()
                                                  / hc.reindex(m.index).sum())


def test_protected_table_hides_small_units_and_a_complement(ctx, data):
    t = so.outcome_table(data.respondents, "bangga_melayani", instrument=PLUS, units=ctx.units,
                         year=2025, min_n=10)
    opd = t[t["unit"] != "province"]
    shown = opd[~opd["suppressed"]]
    assert (shown["n"] >= 10).all() and opd["outcome_score"][opd["suppressed"]].isna().all()
    hidden = opd[opd["suppressed"]]
    assert len(hidden) == 0 or len(hidden) >= 2
    assert set(hidden["suppression"].dropna()) <= {"primary", "secondary"}


def test_outcomes_recover_the_generators_truth(ctx, data):
    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))["outcomes_2025"]
    for o in PLUS.outcome_codes:
        t = so.outcome_table(data.respondents, o, instrument=PLUS, units=ctx.units, year=2025)
        prov = t[t["unit"] == "province"].iloc[0]
        assert prov["ci_low"] <= truth["means"][o] <= prov["ci_high"], o


def test_validation_of_values_and_outcomes(data):
    rel, fit, corr = so.validate_outcomes(data.respondents, instrument=PLUS)
    assert rel["factor"].tolist() == [*PLUS.value_codes, *PLUS.outcome_codes]
    assert (rel.loc[rel["kind"] == "outcome", "alpha"] > 0.6).all()
    assert fit.loc[0, "cfi"] > 0.95 and fit.loc[0, "df"] > 0
    top = corr.loc[corr.groupby("outcome")["correlation"].idxmax()].set_index("outcome")
    assert top["value"].to_dict() == {"keterlibatan": "adaptif",
                                      "bangga_melayani": "berorientasi_pelayanan"}
