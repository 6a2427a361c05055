from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

import akhlak_analysis as ak
from akhlak_analysis.instrument import normalize_text

SHIPPED = Path(ak.__file__).parent / "instruments"


def test_shipped_instruments_have_the_expected_shape():
    i24, i25 = ak.load_instrument("berakhlak-2024"), ak.load_instrument("berakhlak-2025")
    assert len(i24.values) == len(i25.values) == 7
    assert len(i24.behaviours) == len(i25.behaviours) == 21
    assert len(i24.items) == 21 and len(i25.items) == 28
    assert all(len(v) == 3 for v in i24.factors.values())
    assert all(len(v) == 4 for v in i25.factors.values())
    # the 21 items of 2024 keep their codes, values and texts in 2025
    assert i24.common_items(i25) == i24.item_codes
    assert all(i24.item(c).text == i25.item(c).text for c in i24.item_codes)
    assert i24.reverse_items == [] and i25.reverse_items == ["KO4", "AD4"]
    # one behaviour per item in 2024, every item's behaviour belongs to its value
    beh = {b.code: b.value for b in i25.behaviours}
    assert all(beh[it.behaviour] == it.value for it in i25.items)
    assert (i24.scale.min, i24.scale.max) == (1, 5)


def test_categorize_uses_band_edges_inclusive_below():
    ins = ak.load_instrument("berakhlak-2024")
    got = ins.categorize([0, 24.999, 25, 49.99, 50, 74.99, 75, 100, np.nan]).tolist()
    assert got[:8] == ["Sangat Tidak Sehat", "Sangat Tidak Sehat", "Tidak Sehat", "Tidak Sehat",
                       "Cukup Sehat", "Cukup Sehat", "Sehat", "Sehat"]
    assert got[8] != got[8]  # NaN stays missing


def test_label_map_accepts_labels_abbreviations_and_frequency_labels():
    m = ak.load_instrument("berakhlak-2025").scale.label_map()
    assert m[normalize_text("Sangat Tidak Setuju")] == 1
    assert m["sts"] == 1 and m["ss"] == 5 and m["n"] == 3 and m["selalu"] == 5
    assert m["ragu-ragu"] == 3


def test_match_header_variants():
    ins = ak.load_instrument("berakhlak-2024")
    text = ins.item("KO2").text
    assert ins.match_header(text.upper() + "  ") == "KO2"
    assert ins.match_header(f"Kompeten [{text}]") == "KO2"
    assert ins.match_header(f"8) {text}") == "KO2"
    assert ins.match_header("Nama Lengkap") is None


def _write(tmp_path: Path, edit) -> Path:
    doc = yaml.safe_load((SHIPPED / "berakhlak-2024.yaml").read_text(encoding="utf-8"))
    edit(doc)
    p = tmp_path / "bad.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("edit", "key", "message"),
    [
        (lambda d: d["items"][0].update(value="berintegritas"), "items[0].value", "unknown value"),
        (lambda d: d["items"][1].update(code="BP1"), "items[1].code", "duplicate code"),
        (lambda d: d["items"][2].pop("value"), "items[2].value", "has no value"),
        (lambda d: d["bands"][1].update(max=80), "bands", "overlap"),
        (lambda d: d["bands"][2].update(max=45), "bands", "gap"),
        (lambda d: d["scale"].update(min=5), "scale.min", "must be below max"),
        (lambda d: d["behaviours"][0].update(value="x"), "behaviours[0].value", "unknown value"),
        (lambda d: d.update(colour="red"), "colour", "unknown key"),
        (lambda d: d["items"][3].update(reverse="ya"), "items[3].reverse", "true or false"),
        (lambda d: d["scale"]["aliases"].update(SS=7), "scale.aliases", "outside the scale"),
    ],
)
def test_malformed_instrument_names_file_and_key(tmp_path, edit, key, message):
    p = _write(tmp_path, edit)
    with pytest.raises(ak.InstrumentError) as info:
        ak.load_instrument(p)
    assert info.value.key == key
    assert message in str(info.value)
    assert "bad.yaml" in str(info.value)


def test_unknown_instrument_name_lists_the_shipped_ones():
    with pytest.raises(ak.InstrumentError, match="berakhlak-2024, berakhlak-2025"):
        ak.load_instrument("berakhlak-2030")


def test_instrument_error_is_a_value_error():
    assert issubclass(ak.InstrumentError, ValueError)


FORMS = ["{c} - {t}", "{c}. {t}", "{c}) {t}", "({c}) {t}", "{t} ({c})", "{c} = {t}", "{c} {t}",
         "{c}: {t}", "[{c}] {t}", "{t} [{c}]", "{c} – {t}"]


def test_code_with_label_property():
    """Every form of every (code, label) pair reads as the code when they agree, else as
    unrecognised; in any case and with any spacing."""
    from hypothesis import given
    from hypothesis import strategies as st

    scale = ak.load_instrument("berakhlak-2025").scale
    parse = scale.answer_parser()
    pairs = [(c, t) for kind in scale.labels.values() for c, t in kind.items()]

    @given(st.sampled_from(FORMS), st.sampled_from(pairs), st.sampled_from(pairs),
           st.sampled_from([str, str.upper, str.lower]), st.sampled_from(["", " ", "  "]))
    def check(form, pair, other, case, pad):
        (c, t), (_, t2) = pair, other
        text = pad + case(form.format(c=c, t=t2)) + pad
        value, rule = parse(text)
        if normalize_text(t2) == normalize_text(t) or scale.label_map()[normalize_text(t2)] == c:
            assert value == c and rule in ("", "answer_label_normalised")
        else:
            assert np.isnan(value) and rule == "answer_unrecognised"

    check()
