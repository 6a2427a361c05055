"""Key drivers, comments and benchmarks where officials read them: deck, start page (issues 22, 23).

The province of ``test_deck`` gets notebook 05's tables (two outcome scales, comment themes,
tone and examples), written by hand; hidden OPDs carry planted figures that would move a
median or show up as text if they leaked. Every printed figure is compared with the saved
table it comes from; without outcome scales and comments the two slides are absent.
"""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

import akhlak_analysis as ak
from akhlak_analysis.report import deck, index_page, names
from akhlak_analysis.report.wording import num
from tests.conftest import SAMPLE
from tests.report.test_deck import (
    FORBIDDEN,
    SNAKE,
    _page_text,
    _runs,
    _save,
    _slide_texts,
    province_tables,
)

matplotlib.use("Agg")
PLUS = ak.load_instrument("berakhlak-2025-plus")
V = PLUS.value_codes
SECRET = "Komentar rahasia dari unit tersembunyi"
LEAK = 5.0  # a hidden OPD's value score, planted: it would pull a median down


def _drivers() -> tuple[pd.DataFrame, pd.DataFrame]:
    from akhlak_analysis.stats.drivers import focus_areas

    rows, focus = [], []
    scores = {v: s for v, s in zip(V, [79.0, 83.0, 75.2, 81.1, 83.4, 72.8, 78.8], strict=True)}
    weights = {"keterlibatan": [12.1, 9.1, 17.2, 14.9, 11.4, 25.5, 9.8],
               "bangga_melayani": [22.3, 12.0, 13.4, 11.9, 17.6, 13.4, 9.4]}
    for o, w in weights.items():
        t = pd.DataFrame({"outcome": o, "predictor": V, "rescaled_weight": w,
                          "rescaled_ci_low": [x - 1.7 for x in w],
                          "rescaled_ci_high": [x + 1.8 for x in w]})
        t["rank"] = t["rescaled_weight"].rank(ascending=False).astype(int)
        t["share_first"] = np.where(t["rank"] == 1, 0.987, 0.0)
        t["r2"], t["n"], t["n_excluded"] = 0.42, 5073, 108
        rows.append(t)
        focus.append(focus_areas(t, scores))
    return pd.concat(rows, ignore_index=True), pd.concat(focus, ignore_index=True)


def _comments() -> dict[str, pd.DataFrame]:
    prov = pd.DataFrame([{"unit": "province", "n_comments": 1850, "n_themed": 1850,
                          "beban_kerja": 12.27, "fasilitas": 10.32, "pelatihan": 11.35,
                          "kepemimpinan": 21.14, "komunikasi": 25.19, "adaptif": 10.4,
                          "suppressed": False}])
    tone = pd.DataFrame({"theme": ["all_respondents", "all_writers", "komunikasi", "kepemimpinan",
                                   "beban_kerja", "pelatihan", "fasilitas", "adaptif"],
                         "n_comments": [pd.NA, 1850, 466, 391, 227, 210, 191, 193],
                         "culture_index_diff": [0.0, -0.3, 0.4, -0.2, -3.8, 2.7, -2.5, 1.0]})
    examples = pd.DataFrame({"unit": ["province", "province", "province", "BPENGHUBUNG"],
                             "theme": ["komunikasi", "kepemimpinan", "beban_kerja",
                                       "komunikasi"],
                             "rank": [1, 1, 1, 1],
                             "comment": ["Komunikasi antarbidang masih kurang.",
                                         "Atasan kurang memberi umpan balik.",
                                         "Beban kerja belum merata.", SECRET]})
    opd = pd.DataFrame({"unit": ["DLH", "BPENGHUBUNG"], "n_comments": [40, pd.NA],
                        "komunikasi": [30.0, np.nan], "suppressed": [False, True]})
    return {names.COMMENT_THEMES: prov, names.COMMENT_TONE: tone,
            names.COMMENT_EXAMPLES: examples, names.COMMENT_THEMES_OPD: opd}


def _tables() -> dict[str, pd.DataFrame]:
    t = province_tables()
    opd = t[names.OPD_INDEX]
    opd.loc[opd["suppressed"], V] = LEAK
    drivers, focus = _drivers()
    return {**t, names.DRIVERS: drivers, names.PRIORITIES: focus, **_comments()}


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    folder = _save(_tables(), tmp_path_factory.mktemp("provinsi_plus"), 2025)
    (folder / "html").mkdir()
    (folder / "html" / "05_drivers_comments.html").write_text("<html></html>")
    cfg = ak.load_config(SAMPLE / "analysis.yaml")
    path = deck.build_report_deck(folder, config=cfg, year=2025, skipped={})
    index = index_page.write_index(folder, config=cfg, year=2025, skipped={})
    return folder, path, index


def _slide(path, title: str) -> str:
    return next(t for t in _slide_texts(path) if t.startswith(title))


def test_the_priority_and_comment_slides_are_there_and_readable(rich):
    from pptx import Presentation
    from pptx.util import Pt

    _, path, index = rich
    texts = _slide_texts(path)
    assert len(Presentation(path).slides) == 13
    assert sum(t.startswith("Nilai yang perlu diperbaiki lebih dulu") for t in texts) == 1
    assert sum(t.startswith("Apa yang ditulis pegawai") for t in texts) == 1
    for k, p, r in _runs(path):
        assert (r.font.size or p.font.size) >= Pt(14), (k, r.text)
    for text in [*texts, _page_text(index)]:
        assert not SNAKE.findall(text), SNAKE.findall(text)
        assert not FORBIDDEN.findall(text), FORBIDDEN.findall(text)


def test_the_priority_sentence_and_figures_equal_the_driver_tables(rich):
    folder, path, index = rich
    focus = pd.read_parquet(folder / "tables" / f"{names.PRIORITIES}_2025.parquet")
    drivers = pd.read_parquet(folder / "tables" / f"{names.DRIVERS}_2025.parquet")
    slide, page = _slide(path, "Nilai yang perlu diperbaiki lebih dulu"), _page_text(index)
    for o, grp in focus.groupby("outcome"):
        first = grp[grp["quadrant"] == "focus"].sort_values("priority_rank")
        names_ = [PLUS.value_name(v) for v in first["predictor"]]
        joined = names_[0] if len(names_) == 1 else \
            ", ".join(names_[:-1]) + " dan " + names_[-1]
        claim = f"{joined} (pendorong {PLUS.outcome_name(o)})"
        assert claim in slide and claim in page
        f = first.iloc[0]
        interval = (f"{PLUS.value_name(f['predictor'])} menyumbang {num(f['impact'], 0)}% dari "
                    f"bagian yang dijelaskan (rentang 95%: {num(f['impact_ci_low'], 0)}%–"
                    f"{num(f['impact_ci_high'], 0)}%)")
        assert interval in slide and interval in page
        top = drivers[(drivers["outcome"] == o) & (drivers["rank"] == 1)].iloc[0]
        share = (f"{PLUS.value_name(top['predictor'])} menjadi pendorong terkuat pada "
                 f"{num(100 * top['share_first'], 0)}% pengambilan ulang sampel (hampir pasti)")
        assert share in slide and share in page
    # a value outside the focus quadrant is never named as a value to work on first
    lead = slide.split("Perbaiki lebih dulu ", 1)[1].split(":")[0]
    others = set(focus.loc[focus["quadrant"] != "focus", "predictor"]) - set(
        focus.loc[focus["quadrant"] == "focus", "predictor"])
    assert not any(PLUS.value_name(v) in lead for v in others)


def test_the_comment_figures_equal_the_saved_tables_and_no_hidden_group_shows(rich):
    folder, path, index = rich
    tone = pd.read_parquet(folder / "tables" / f"{names.COMMENT_TONE}_2025.parquet")
    prov = pd.read_parquet(folder / "tables" / f"{names.COMMENT_THEMES}_2025.parquet").iloc[0]
    slide, page = _slide(path, "Apa yang ditulis pegawai"), _page_text(index)
    assert "Dari 1.850 komentar pegawai, yang paling sering dibahas: komunikasi dan " \
           "koordinasi (25%), kepemimpinan (21%) dan beban kerja (12%)." in slide
    for code, label in (("komunikasi", "Komunikasi dan koordinasi"),
                        ("beban_kerja", "Beban kerja")):
        n = int(tone.loc[tone["theme"] == code, "n_comments"].iloc[0])
        assert f"{label} {num(n, 0)} {num(prov[code], 0)}%" in page
    assert "Beban kerja: lebih rendah (-3,8 poin)" in slide
    assert "Kepemimpinan: setara dengan seluruh responden" in slide
    assert "“Komunikasi antarbidang masih kurang.” (komunikasi dan koordinasi)" in slide
    assert "Adaptif" not in slide.split("Nada")[1].split("Contoh")[0]  # topics, not values
    for text in (*_slide_texts(path), page):
        assert SECRET not in text


def test_the_start_page_says_what_the_deck_says_and_links_notebook_05(rich):
    from tests.report.test_deck import _key_messages

    _, path, index = rich
    key, page = _key_messages(path), _page_text(index)
    assert len(key) == 7 and all(k in page for k in key)
    assert key[4].startswith("Perbaiki lebih dulu") and key[5].startswith("Dari 1.850 komentar")
    assert "href='05_drivers_comments.html'" in index.read_text(encoding="utf-8")


def test_few_comments_give_themes_but_no_example():
    from akhlak_analysis.report.insights import comment_summary

    t = _comments()
    t[names.COMMENT_THEMES] = t[names.COMMENT_THEMES].assign(n_comments=25)
    s = comment_summary(t)
    assert s is not None and s.examples == [] and len(s.themes)
    t[names.COMMENT_THEMES] = t[names.COMMENT_THEMES].assign(n_comments=9)
    assert comment_summary(t) is None


def test_benchmarks_equal_the_published_opds_only(rich):
    folder, path, index = rich
    opd = pd.read_parquet(folder / "tables" / f"{names.OPD_INDEX}_2025.parquet")
    shown = opd[~opd["suppressed"]]
    med = {m: float(np.quantile(shown[m], 0.5)) for m in ["culture_index", *V]}
    top = {m: float(np.quantile(shown[m], 0.75)) for m in ["culture_index", *V]}
    with_hidden = float(np.quantile(opd[V[0]], 0.5))
    assert num(with_hidden) != num(med[V[0]])  # the planted leak would show
    headline, values = _slide(path, "Angka utama"), _slide(path, "Skor tiap nilai")
    assert (f"median {len(shown)} OPD yang dilaporkan {num(med['culture_index'])}, kuartil "
            f"atas (seperempat OPD tertinggi) {num(top['culture_index'])}") in headline
    page = _page_text(index)
    for v in V:
        assert f"{num(med[v])} ({num(top[v])})" in values
        assert f"{PLUS.value_name(v)} " in page
        assert re.search(rf"{PLUS.value_name(v)} \d+,\d {re.escape(num(med[v]))} "
                         rf"{re.escape(num(top[v]))}", page), v
    assert "bukan target" in headline + values and "Pembanding, bukan target." in page


def test_the_national_figure_is_context_with_its_caveat_never_a_target(rich):
    from akhlak_analysis.references import load_references

    _, path, index = rich
    ref = load_references()
    nat = ref[(ref["measure"] == "culture_index") & (ref["year"] <= 2025)].sort_values("year")
    r = nat.iloc[-1]
    texts, page = " ".join(_slide_texts(path)), _page_text(index)
    for text in (texts, page):
        assert f"Sebagai konteks, bukan target: {r['name']} sebesar {num(r['value'])}" in text
    assert " ".join(str(r["caveat"]).split()) in _slide(path, "Cara membaca")
    assert " ".join(str(r["caveat"]).split()) in page
    assert "Target 80–90" in _slide(path, "Angka utama")  # the target stays the config's


def test_without_outcome_scales_or_comments_the_slides_are_absent(tmp_path):
    folder = _save(province_tables(), tmp_path, 2025)
    cfg = ak.load_config(SAMPLE / "analysis_plain.yaml")
    path = deck.build_report_deck(folder, config=cfg, year=2025, skipped={})
    index = index_page.write_index(folder, config=cfg, year=2025, skipped={})
    texts, page = _slide_texts(path), _page_text(index)
    assert len(texts) == 11
    assert not any(t.startswith(("Nilai yang perlu diperbaiki", "Apa yang ditulis"))
                   for t in texts)
    assert "Nilai yang perlu diperbaiki lebih dulu" not in page
    assert "Apa yang ditulis pegawai" not in page and "Rincian pendorong" not in page
    # comments without drivers: only the comment slide
    only = _save({**province_tables(), **_comments()}, tmp_path / "komentar", 2025)
    texts = _slide_texts(deck.build_report_deck(only, config=cfg, year=2025, skipped={}))
    assert len(texts) == 12 and sum(t.startswith("Apa yang ditulis") for t in texts) == 1
