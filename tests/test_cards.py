"""OPD report cards: content from the tables, suppression respected, deterministic, fast."""

from __future__ import annotations

import re
import time

import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.report.cards import Card, build_card, card_html, card_pdf, write_cards
from akhlak_analysis.report.interactive import interactive_html
from akhlak_analysis.stats.disclosure import hierarchy_from_units, suppress
from tests.conftest import SAMPLE

INS = ak.load_instrument("berakhlak-2025")
V = INS.value_codes


def _tables() -> dict[str, pd.DataFrame]:
    a = {v: 70.0 + i for i, v in enumerate(V)}
    p = {v: 75.0 for v in V}
    opd = pd.DataFrame([
        {"unit": "A", "name": "Dinas A", "n": 40, "culture_index": 73.0, "ci_low": 71.5,
         "ci_high": 74.5, "category": "Cukup Sehat", "suppressed": False, **a},
        {"unit": "B", "name": "Badan B", "n": pd.NA, "culture_index": np.nan,
         "suppressed": True}])
    return {
        "indeks_opd": opd,
        "indeks_provinsi": pd.DataFrame([{"year": 2024, "culture_index": 70.0, **p},
                                         {"year": 2025, "culture_index": 75.0, **p}]),
        "perubahan_opd": pd.DataFrame([{"unit": "A", "culture_index_2024": 75.5,
                                        "culture_index_2025": 73.25, "change": -2.25,
                                        "ci_low": -4.0, "ci_high": -0.5, "significant": True,
                                        "suppressed": False}]),
        "peringkat_opd": pd.DataFrame({"unit": ["A", "B", "C"], "rank": [2, pd.NA, 1],
                                       "rank_low": [1, pd.NA, 1], "rank_high": [3, pd.NA, 2],
                                       "suppressed": [False, True, False]}),
        "butir_opd": pd.DataFrame({"unit": ["A"] * 4, "item": ["AD2", "LO1", "KO3", "BP1"],
                                   "score": [61.5, 70.0, 64.25, 90.0]}),
        "rencana_aksi": pd.DataFrame([{"unit": "A", "n_actions": 4, "n_done": 1,
                                       "pct_done": 25.0, "mean_progress": 47.5, "merah": 1,
                                       "kuning": 2, "hijau": 1}]),
        "indeks_subunit": pd.DataFrame({"unit": ["A-1", "A-2", "A-3"], "parent": "A",
                                        "name": ["Bidang Satu", "UPT Dua", "UPT Tiga"],
                                        "n": [22, pd.NA, pd.NA],
                                        "culture_index": [74.5, np.nan, np.nan],
                                        "suppressed": [False, True, True]}),
        "indeks_kelompok_opd": pd.DataFrame({"unit": "A", "by": "gender",
                                             "group": ["Laki-laki", "Perempuan"],
                                             "n": [31, pd.NA], "culture_index": [72.5, np.nan],
                                             "suppressed": [False, True]}),
    }


def _text(card: Card) -> str:
    return "\n".join(card.summary + [s for _, text, _ in card.blocks for s in text]
                     + [c for _, _, rows in card.blocks for r in rows for c in r])


def test_card_sentences_come_from_the_data():
    card = build_card(_tables(), "A", year=2025, instrument=INS, target=(80, 90), min_n=10)
    text = _text(card)
    assert card.summary[0] == ("Indeks Budaya Kerja Dinas A tahun 2025: 73,0 (selang "
                               "kepercayaan 95%: 71,5–74,5), kategori Cukup Sehat, dari 40 "
                               "responden.")
    assert card.summary[1] == "Dinas A berada 7,0 poin di bawah batas bawah rentang target 80,0–90,0."
    assert card.summary[2] == "Indeks provinsi 75,0; Dinas A 2,0 poin di bawah provinsi."
    assert "3 butir dengan skor terendah; skor terendah AD2 (Adaptif), 61,5." in text
    assert "indeks turun 2,2 poin menjadi 73,2" in text  # 2.25 and 73.25 -> round half even
    assert "bermakna secara statistik" in text and "(selang 95%: -4,0 s.d. -0,5)" in text
    assert "Peringkat 2 dari 2 OPD yang dilaporkan" in text and "antara 1 dan 3" in text
    # weakest items with their full statements from the instrument
    items = next(rows for head, _, rows in card.blocks if head == "Butir terlemah")
    assert [r[0] for r in items[1:]] == ["AD2", "KO3", "LO1"]
    assert items[1][2] == INS.item("AD2").text and items[1][1] == "61,5"
    assert "4 aksi, 1 selesai (25,0%), rata-rata kemajuan 47,5%; lampu: 1 merah" in text
    # values against the province: Berorientasi Pelayanan 70 vs 75 is the largest gap
    assert f"{INS.value_name(V[0])}, 5,0 poin (70,0 dibanding 75,0)" in text
    assert [v[1] for v in card.values] == [70.0 + i for i in range(7)]


def test_suppressed_parts_show_no_figure():
    tables = _tables()
    card = build_card(tables, "A", year=2025, instrument=INS, target=(80, 90), min_n=10)
    subs = next(rows for head, _, rows in card.blocks if head == "Sub-unit")
    assert subs[1] == ["Bidang Satu", "22", "74,5"]
    assert subs[2] == ["UPT Dua", "disembunyikan", "disembunyikan"]
    groups = next(rows for head, _, rows in card.blocks if head == "Kelompok pegawai")
    assert groups[1] == ["Jenis kelamin", "Laki-laki 72,5 (31) · Perempuan disembunyikan"]
    assert build_card(tables, "B", year=2025, instrument=INS, target=(80, 90), min_n=10) is None
    assert build_card(tables, "ZZ", year=2025, instrument=INS, target=(80, 90), min_n=10) is None


def test_first_year_and_missing_tables():
    tables = {k: _tables()[k] for k in ("indeks_opd", "indeks_provinsi")}
    card = build_card(tables, "A", year=2025, instrument=INS, target=(70, 90), min_n=10)
    assert [head for head, _, _ in card.blocks] == ["Nilai BerAKHLAK dibanding provinsi"]
    assert card.summary[1] == "Dinas A berada dalam rentang target 70,0–90,0."
    just = {**tables, "indeks_opd": tables["indeks_opd"].assign(culture_index=79.97)}
    card = build_card(just, "A", year=2025, instrument=INS, target=(80, 90), min_n=10)
    assert card.summary[1] == ("Dinas A berada kurang dari 0,1 poin di bawah batas bawah "
                               "rentang target 80,0–90,0.")
    area = {**tables, "area_perbaikan": pd.DataFrame([{
        "unit": "A", "item_1": "KL1: teks", "item_1_score": 75.9, "item_2": "AD4: teks",
        "item_2_score": 69.2}])}
    card = build_card(area, "A", year=2025, instrument=INS, target=(80, 90), min_n=10)
    assert ("2 butir area perbaikan (tabel Area perbaikan); skor terendah AD4 (Adaptif), 69,2."
            in _text(card))
    new = _tables()
    new["perubahan_opd"] = new["perubahan_opd"].assign(culture_index_2024=np.nan, change=np.nan)
    card = build_card(new, "A", year=2025, instrument=INS, target=(80, 90), min_n=10)
    assert "Perubahan dari 2024: tidak ada data tahun sebelumnya." in _text(card)
    with pytest.raises(ValueError, match="no row for 2026"):
        build_card(new, "A", year=2026, instrument=INS, target=(80, 90), min_n=10)


def test_html_is_self_contained_and_pdf_deterministic():
    card = build_card(_tables(), "A", year=2025, instrument=INS, target=(80, 90), min_n=10)
    page = card_html(card)
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert page.count("http") == page.count("http://www.w3.org/2000/svg") == 1
    assert "73,0" in page and "disembunyikan" in page
    a, b = card_pdf(card), card_pdf(card)
    assert a == b and a.startswith(b"%PDF-")
    assert b"/CreationDate (D:20251231" in a


@pytest.fixture(scope="module")
def sample_report(sample_clean):
    """The sample's 2025 tables, suppressed with the disclosure module."""
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    units = ak.read_units(cfg.units)
    s = ak.score_respondents(sample_clean[2025].data, instrument="berakhlak-2025")
    opd = ak.index_table(s, by="opd", units=units, min_n=1, instrument="berakhlak-2025")
    sub = ak.index_table(s, by="subunit", units=units, min_n=1, instrument="berakhlak-2025")
    sub = sub[sub["n"] > 0].assign(parent=lambda t: t["unit"].map(
        units.table.set_index("code")["parent"]))
    prov = ak.overall_index(s, units=units, instrument="berakhlak-2025").assign(
        unit="province")[["unit", "year", "n", "culture_index", *V]]
    valid = s[s["culture_index"].notna()]
    g = valid.groupby(["opd", "gender"], observed=True)
    grp = g["culture_index"].mean().reset_index().rename(columns={"opd": "unit",
                                                                  "gender": "group"})
    grp = grp.assign(by="gender", n=g.size().to_numpy())
    res = suppress({"opd": opd.drop(columns=["suppressed"]), "sub": sub.drop(
        columns=["suppressed"]), "grp": grp, "province": prov[["unit", "n", "culture_index"]]},
        hierarchy=hierarchy_from_units(units), min_n=cfg.min_group_size)
    return {"indeks_opd": res.tables["opd"], "indeks_subunit": res.tables["sub"],
            "indeks_kelompok_opd": res.tables["grp"], "indeks_provinsi": prov}, units


def test_all_sample_cards_in_time_and_deterministic(sample_report, tmp_path):
    tables, units = sample_report
    t0 = time.perf_counter()
    out = write_cards(tables, out_dir=tmp_path / "a", year=2025, instrument=INS,
                      target=(80, 90), min_n=10, units=units)
    seconds = time.perf_counter() - t0
    assert seconds <= 30, seconds
    hidden = set(tables["indeks_opd"].loc[tables["indeks_opd"]["suppressed"], "unit"])
    assert hidden and set(out.loc[~out["card"], "unit"]) == hidden
    assert out["card"].sum() == len(out) - len(hidden) >= 40
    assert not (tmp_path / "a" / "opd" / "BPENGHUBUNG.html").exists()
    dishut = (tmp_path / "a" / "opd" / "DISHUT.html").read_text(encoding="utf-8")
    assert "disembunyikan" in dishut  # its two small UPTs
    write_cards(tables, out_dir=tmp_path / "b", year=2025, instrument=INS, target=(80, 90),
                min_n=10, units=units)
    for f in sorted((tmp_path / "a" / "opd").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / "opd" / f.name).read_bytes(), f.name


# --------------------------------------------------------------------------------------
# interactive tables (the browser test checks them in Chromium)
# --------------------------------------------------------------------------------------
def test_interactive_tables_apply_suppression_and_refuse_small_rows():
    t = pd.DataFrame({"unit": ["A", "B"], "n": [12, 4], "culture_index": [75.25, 81.0],
                      "suppressed": [False, True], "suppression": [pd.NA, "primary"]})
    frag = interactive_html(t, caption="Indeks", table_id="x", min_n=10)
    assert "75,2" in frag and "81,0" not in frag and '"x"' in frag or "#x" in frag
    assert interactive_html(t, table_id="x") == interactive_html(t, table_id="x")
    with pytest.raises(ValueError, match=r"rows \[1\] have n < 10"):
        interactive_html(t.assign(suppressed=False), min_n=10)
    with pytest.raises(ValueError, match="lang"):
        interactive_html(t, lang="fr")
    with pytest.raises(ValueError, match="min_n"):
        interactive_html(t, min_n=0)


def test_notebook_calls_display_offline_html(monkeypatch):
    import IPython.display

    from akhlak_analysis.report.interactive import init_interactive, show_table

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    t = pd.DataFrame({"unit": ["A", "B"], "n": [12, 4], "culture_index": [75.25, 81.0],
                      "suppressed": [False, True]})
    init_interactive()
    show_table(t, caption="Indeks OPD", min_n=10)
    html = [o.data for o in shown]
    assert len(html) == 3 and all(html)
    assert "75,2" in html[2] and "81,0" not in html[2] and "Indeks OPD" in html[2]
    assert not any(re.search(r"(?:from|src=) *.https?://", h) for h in html)
