"""What a report says first, generated once for the deck and the start page.

With :mod:`.attention` (units needing attention, units to learn from, priorities) and
:mod:`.wording` (the organisation's words, numbers and changes as printed).

The slide deck (:mod:`.deck`) and ``html/index.html`` (:mod:`.index_page`) both show the
headline against the target, three to seven key messages, the units needing attention, the
units to learn from, the priorities, the quality warnings and what was withheld. All of it is
made here, by :func:`build_messages`, from the saved (published) tables, so the two artifacts
say the same thing with the same figures.

Rules kept here for every reader-facing figure:

- one decimal, decimal comma (:func:`~akhlak_analysis.labels.format_number`);
- a change is printed with the two numbers it is the difference of, and its value is the
  difference of those two *printed* numbers (``76,4 -> 79,1: +2,7``), so a reader can check it;
- the official index of a year (all items of its instrument) and the index on the items common
  to two years are named for what they are wherever they appear;
- level and unit words come from :func:`organisation_words` (``provinsi``, ``kabupaten``,
  ``kota``, ``nasional``; ``OPD``, ``perangkat daerah``, ``instansi``);
- a unit whose figures are withheld is named with the right reason (too few respondents, or
  withheld to protect another unit), never with a figure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..checks import require_columns
from ..defaults import CONFIDENCE, MIN_N, TARGET
from ..instrument import Instrument, load_instrument
from . import names
from .attention import priorities, units_needing_attention, units_to_learn_from
from .insights import (
    CommentSummary,
    DriverPriorities,
    benchmark_summary,
    comment_summary,
    driver_priorities,
    reference_lines,
)
from .wording import (
    OrgWords,
    count_text,
    join_names,
    num,
    organisation_words,
    published_rows,
    shown_change,
    signed,
)

__all__ = ["ANSWER_SHARES", "Headline", "Messages", "answer_shares", "build_messages",
           "describe_headline", "key_messages", "quality_warnings", "read_headline",
           "value_table", "withheld_lines"]

#: Table of answer shares per value (``value``, ``pct_favourable``, ``pct_neutral``,
#: ``pct_unfavourable``; the organisation's rows: ``unit`` "province", no ``item``), saved by
#: notebook 04 (:func:`akhlak_analysis.report.drilldown.answer_shares`); used when present.
ANSWER_SHARES = names.ANSWER_SHARES


# --------------------------------------------------------------------------- headline
@dataclass(frozen=True)
class Headline:
    """The official index of the report year and, with a previous year, the change.

    ``rows`` is the saved headline table (one row per year, official index on each year's
    instrument); ``change`` the one-row province change on the items common to both years.
    """

    rows: pd.DataFrame
    change: pd.Series | None
    target: tuple[float, float]

    @property
    def last(self) -> pd.Series:
        return self.rows.iloc[-1]

    @property
    def previous(self) -> pd.Series | None:
        return self.rows.iloc[-2] if len(self.rows) > 1 else None


def read_headline(tables: Mapping[str, pd.DataFrame], *,
                  target: tuple[float, float] = TARGET) -> Headline | None:
    """The headline of the saved tables (None without ``indeks_provinsi``).

    Parameters
    ----------
    tables : mapping of str to DataFrame
        ``indeks_provinsi`` (one row per year: ``year``, ``culture_index``, ``ci_low``,
        ``ci_high``, ``category``, ``n``) and, optionally, ``perubahan_provinsi``.
    target : (float, float)

    Returns
    -------
    Headline or None

    Raises
    ------
    DataError
        The headline table lacks one of its columns (named).

    Examples
    --------
    >>> h = pd.DataFrame({"year": [2025, 2024], "culture_index": [79.0, 76.4],
    ...     "ci_low": [78.8, 76.2], "ci_high": [79.3, 76.7], "category": "Sehat", "n": 5000})
    >>> r = read_headline({"indeks_provinsi": h})
    >>> int(r.last["year"]), int(r.previous["year"]), r.change is None
    (2025, 2024, True)
    """
    head = tables.get(names.HEADLINE)
    if head is None or not len(head):
        return None
    require_columns(head, ["year", "culture_index", "ci_low", "ci_high", "category", "n"],
                    what=f"saved table {names.HEADLINE}", source="headline_by_year")
    change = tables.get(names.PROVINCE_CHANGE)
    row = change.iloc[0] if change is not None and len(change) else None
    return Headline(head.sort_values("year").reset_index(drop=True), row,
                    (float(target[0]), float(target[1])))


def _target_sentence(x: float, target: tuple[float, float]) -> str:
    lo, hi = target
    band = f"Target {num(lo, 0)}–{num(hi, 0)}"
    shown = round(float(x), 1)
    if float(x) < lo:
        gap = round(lo - shown, 1)
        amount = f"{num(gap)} poin" if gap > 0 else f"kurang dari {num(0.1)} poin"
        return f"{band}: belum tercapai, {amount} di bawah batas bawah."
    if float(x) <= hi:
        return f"{band}: tercapai."
    return f"{band}: terlampaui, {num(round(shown - hi, 1))} poin di atas batas atas."


def _change_sentence(c: pd.Series, level: int, words: OrgWords) -> str:
    y1, y2 = (int(re.sub(r"\D", "", k)) for k in c.index
              if re.fullmatch(r"culture_index_\d{4}", k))
    a, b = float(c[f"culture_index_{y1}"]), float(c[f"culture_index_{y2}"])
    d = shown_change(a, b)
    verb = "naik" if d > 0 else "turun" if d < 0 else "tetap"
    items = (f"{int(c['n_items_compared'])} butir yang sama di kedua tahun"
             if pd.notna(c.get("n_items_compared")) else "butir yang sama di kedua tahun")
    sig = ("bermakna secara statistik" if bool(c.get("significant", False))
           else "belum bermakna secara statistik")
    amount = f" {num(abs(d))} poin" if d else ""
    return (f"Perubahan pada {items}: dari {num(a)} ({y1}) menjadi {num(b)} ({y2}), "
            f"{verb}{amount}; {sig} (rentang {level}%: {signed(c['ci_low'])} s.d. "
            f"{signed(c['ci_high'])} poin).")


def describe_headline(h: Headline, *, words: OrgWords, confidence: float = CONFIDENCE
                      ) -> list[str]:
    """The headline in sentences: index, target, previous year, change, respondents.

    Examples
    --------
    >>> rows = pd.DataFrame({"year": [2024, 2025], "culture_index": [76.4065, 79.0345],
    ...     "ci_low": [76.15, 78.78], "ci_high": [76.66, 79.29], "category": "Sehat",
    ...     "n": [5223, 5179], "headcount": [10658, 10576], "response_rate": [0.49, 0.4897]})
    >>> c = pd.Series({"culture_index_2024": 76.3898, "culture_index_2025": 79.1023,
    ...     "ci_low": 2.34, "ci_high": 3.08, "significant": True, "n_items_compared": 21})
    >>> for s in describe_headline(Headline(rows, c, (80, 90)),
    ...                            words=organisation_words("Provinsi X")):
    ...     print(s)
    Indeks Budaya Kerja provinsi 2025: 79,0 (rentang 95%: 78,8 s.d. 79,3), kategori Sehat.
    Target 80–90: belum tercapai, 1,0 poin di bawah batas bawah.
    Indeks resmi 2024: 76,4, kategori Sehat (indeks resmi: semua butir kuesioner tahun itu).
    Perubahan pada 21 butir yang sama di kedua tahun: dari 76,4 (2024) menjadi 79,1 (2025), naik 2,7 poin; bermakna secara statistik (rentang 95%: +2,3 s.d. +3,1 poin).
    5.179 responden dari 10.576 pegawai (tingkat respons 49,0%).
    """
    level = round(confidence * 100)
    r = h.last
    lines = [f"Indeks Budaya Kerja {words.area} {int(r['year'])}: {num(r['culture_index'])} "
             f"(rentang {level}%: {num(r['ci_low'])} s.d. {num(r['ci_high'])}), "
             f"kategori {r['category']}.",
             _target_sentence(float(r["culture_index"]), h.target)]
    p = h.previous
    if p is not None:
        lines.append(f"Indeks resmi {int(p['year'])}: {num(p['culture_index'])}, kategori "
                     f"{p['category']} (indeks resmi: semua butir kuesioner tahun itu).")
    if h.change is not None:
        lines.append(_change_sentence(h.change, level, words))
    n = count_text(r["n"], "responden")
    if pd.notna(r.get("headcount")) and pd.notna(r.get("response_rate")):
        n += (f" dari {count_text(r['headcount'], 'pegawai')} (tingkat respons "
              f"{num(100 * float(r['response_rate']))}%)")
    return [*lines, n + "."]


# --------------------------------------------------------------------------- values
def value_table(tables: Mapping[str, pd.DataFrame], *, instrument: str | Instrument
                ) -> pd.DataFrame:
    """The value scores of the report year and their change on the common items.

    Returns
    -------
    DataFrame
        One row per value, lowest score last: ``value`` (code), ``name``, ``score`` (the
        official score of the report year), ``category``; with a previous year also
        ``before`` and ``after`` (the score on the items common to both years), ``change``
        (``after - before`` as printed), ``significant``.

    Examples
    --------
    >>> h = pd.DataFrame([{"year": 2025, "akuntabel": 83.0, "adaptif": 72.8}])
    >>> c = pd.DataFrame({"value": ["akuntabel", "adaptif"], "culture_index_2024": [80.33, 70.63],
    ...                   "culture_index_2025": [82.68, 73.27], "significant": [True, False]})
    >>> value_table({"indeks_provinsi": h, "perubahan_per_nilai": c},
    ...             instrument="berakhlak-2025")[["name", "score", "before", "after", "change"]]
            name  score  before  after  change
    0  Akuntabel   83.0   80.33  82.68     2.4
    1    Adaptif   72.8   70.63  73.27     2.7
    """
    ins = load_instrument(instrument)
    head = tables.get(names.HEADLINE)
    if head is None or not len(head):
        return pd.DataFrame(columns=["value", "name", "score", "category"])
    r = head.sort_values("year").iloc[-1]
    codes = [v for v in ins.value_codes if v in r.index and pd.notna(r[v])]
    out = pd.DataFrame({"value": codes, "name": [ins.value_name(v) for v in codes],
                        "score": [float(r[v]) for v in codes]})
    out["category"] = ins.categorize(out["score"]).to_numpy()
    ch = tables.get(names.VALUE_CHANGE)
    if ch is not None and len(ch):
        years = sorted(int(c.rsplit("_", 1)[1]) for c in ch.columns
                       if re.fullmatch(r"culture_index_\d{4}", c))
        ch = ch.set_index("value")
        out["before"] = out["value"].map(ch[f"culture_index_{years[0]}"]).astype(float)
        out["after"] = out["value"].map(ch[f"culture_index_{years[-1]}"]).astype(float)
        out["change"] = [shown_change(a, b) if pd.notna(a) and pd.notna(b) else np.nan
                         for a, b in zip(out["before"], out["after"], strict=True)]
        out["significant"] = out["value"].map(ch["significant"]).fillna(False).astype(bool)
    return out.sort_values(["score", "value"], ascending=[False, True]).reset_index(drop=True)


def answer_shares(tables: Mapping[str, pd.DataFrame], *, instrument: str | Instrument
                  ) -> pd.DataFrame:
    """Favourable, neutral and unfavourable answers per value, in % of the answers.

    From the table :data:`ANSWER_SHARES` when a notebook saved it (``value``,
    ``pct_favourable``, ``pct_neutral``, ``pct_unfavourable``), else from the province
    figures of the OPD x item table (``butir_opd``: ``province_pct_favourable`` per item,
    averaged over the value's items), where only the favourable share is known.

    Returns
    -------
    DataFrame
        ``value``, ``name``, ``pct_favourable``, ``pct_neutral`` and ``pct_unfavourable``
        (NaN when not known), ``pct_other`` (100 - favourable), in the instrument's order.

    Notes
    -----
    Without the saved three-way table: favourable share of a value = mean over its items of
    the share of favourable answers among all respondents (unweighted); R:
    ``aggregate(province_pct_favourable ~ value, unique(items[c("item", "value",
    "province_pct_favourable")]), mean)``.

    Examples
    --------
    >>> items = pd.DataFrame({"item": ["AK1", "AK2", "AK1"], "value": "akuntabel",
    ...                       "province_pct_favourable": [90.0, 80.0, 90.0]})
    >>> answer_shares({"butir_opd": items}, instrument="berakhlak-2025")[
    ...     ["name", "pct_favourable", "pct_other"]]
            name  pct_favourable  pct_other
    0  Akuntabel            85.0       15.0
    """
    ins = load_instrument(instrument)
    saved = tables.get(ANSWER_SHARES)
    if saved is not None and len(saved):
        require_columns(saved, ["value", "pct_favourable", "pct_neutral", "pct_unfavourable"],
                        what=f"saved table {ANSWER_SHARES}")
        if {"unit", "item"} <= set(saved.columns):  # the organisation's value rows
            saved = saved[saved["unit"].astype(str).eq("province") & saved["item"].isna()]
        out = saved.set_index("value").reindex(ins.value_codes).dropna(how="all")
        out = out[["pct_favourable", "pct_neutral", "pct_unfavourable"]].reset_index()
    else:
        items = tables.get(names.OPD_ITEMS)
        if items is None or "province_pct_favourable" not in getattr(items, "columns", []):
            return pd.DataFrame(columns=["value", "name", "pct_favourable", "pct_neutral",
                                         "pct_unfavourable", "pct_other"])
        per_item = items.groupby("item", sort=False)[["value", "province_pct_favourable"]].first()
        fav = per_item.groupby("value")["province_pct_favourable"].mean()
        out = pd.DataFrame({"value": [v for v in ins.value_codes if v in fav.index]})
        out["pct_favourable"] = out["value"].map(fav).astype(float)
        out["pct_neutral"] = out["pct_unfavourable"] = np.nan
    out.insert(1, "name", [ins.value_name(v) for v in out["value"]])
    out["pct_other"] = 100.0 - out["pct_favourable"]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- quality, withheld
def _reliability_warning(values: pd.DataFrame | None, ins: Instrument) -> str | None:
    from ..stats.psychometrics.criteria import CRITERIA

    if values is None or not {"alpha", "alpha_ok", "alpha_ok_local"} <= set(values.columns):
        return None
    for flag, cut in (("alpha_ok_local", "alpha_local"), ("alpha_ok", "alpha")):
        bad = values[~values[flag].astype(bool)]
        if len(bad):
            named = join_names([ins.value_name(v) if v in ins.value_codes else str(v)
                           for v in bad["value"]], limit=7)
            lo, hi = num(bad["alpha"].min(), 2), num(bad["alpha"].max(), 2)
            span = lo if lo == hi else f"{lo} s.d. {hi}"
            return (f"Keandalan pengukuran (reliabilitas) {span}, di bawah batas "
                    f"{num(CRITERIA[cut], 2)}, pada {len(bad)} dari {len(values)} nilai "
                    f"({named}): skor nilai tersebut kurang pasti; tafsirkan dengan hati-hati.")
    return None


def quality_warnings(tables: Mapping[str, pd.DataFrame], *, instrument: str | Instrument,
                     words: OrgWords | None = None) -> list[str]:
    """Quality problems a reader must know, in sentences (empty when there are none).

    From the saved tables: reliability below the cut-offs (``validasi_nilai``), a measurement
    model that does not fit (``kecocokan_model``), a response rate below one half
    (``indeks_provinsi``), and published units whose 95% interval spans two categories
    (``indeks_opd``).

    Examples
    --------
    >>> v = pd.DataFrame({"value": ["akuntabel", "adaptif"], "alpha": [0.81, 0.55],
    ...                   "alpha_ok_local": [True, False], "alpha_ok": [True, False]})
    >>> quality_warnings({"validasi_nilai": v}, instrument="berakhlak-2025")[0][:77]
    'Keandalan pengukuran (reliabilitas) 0,55, di bawah batas 0,60, pada 1 dari 2 '
    """
    ins, words = load_instrument(instrument), words or organisation_words()
    out = []
    rel = _reliability_warning(tables.get(names.VALUE_VALIDATION), ins)
    if rel:
        out.append(rel)
    fit = tables.get(names.MODEL_FIT)
    if fit is not None and len(fit) and "good_fit" in fit.columns \
            and not bool(fit.iloc[0]["good_fit"]):
        out.append("Susunan tujuh nilai belum sepenuhnya didukung data (kecocokan model di "
                   "bawah batas): bandingkan skor antarnilai dengan hati-hati.")
    head = tables.get(names.HEADLINE)
    if head is not None and len(head) and "response_rate" in head.columns:
        rate = float(head.sort_values("year").iloc[-1]["response_rate"])
        if rate < 0.5:
            out.append(f"Tingkat respons {num(100 * rate)}%: kurang dari separuh pegawai "
                       f"mengisi survei; hasil menggambarkan pegawai yang menjawab.")
    opd = published_rows(tables.get(names.OPD_INDEX))
    if len(opd) and {"ci_low", "ci_high"} <= set(opd.columns):
        lo, hi = ins.categorize(opd["ci_low"]), ins.categorize(opd["ci_high"])
        spans = opd[(lo != hi).to_numpy()]
        if len(spans):
            out.append(f"{count_text(len(spans), words.unit)} memiliki rentang 95% yang melewati "
                       f"batas kategori (misalnya {join_names(list(spans['name']), 2)}): "
                       "kategorinya belum pasti.")
    return out


_DETAIL_TABLES = {names.SUBUNIT_INDEX: "sub-unit", names.GROUP_INDEX: "kelompok pegawai dalam {u}",
                  names.PROVINCE_GROUPS: "kelompok pegawai tingkat {a}",
                  names.OPD_ITEMS: "skor butir per {u}", names.UNIT_CHANGE: "perubahan per {u}"}


def withheld_lines(tables: Mapping[str, pd.DataFrame], *, words: OrgWords | None = None,
                   min_n: int = MIN_N) -> list[str]:
    """What was withheld and why, in sentences.

    The withheld units by reason (``suppression`` of ``indeks_opd``: ``primary`` = fewer than
    ``min_n`` respondents, ``secondary`` = withheld to protect another unit), then the hidden
    rows of the detailed tables (``penyembunyian``).

    Examples
    --------
    >>> opd = pd.DataFrame({"unit": ["A", "B"], "name": ["Badan A", "Biro B"],
    ...                     "suppression": pd.array(["primary", "secondary"], dtype="string")})
    >>> for line in withheld_lines({"indeks_opd": opd}, words=organisation_words("Kota X")):
    ...     print(line)
    1 OPD dengan kurang dari 10 responden tidak ditampilkan angkanya (tetap dihitung dalam indeks kota): Badan A.
    1 OPD ikut disembunyikan, walaupun respondennya cukup, agar angka OPD kecil tidak dapat dihitung balik dari indeks kota: Biro B.
    """
    words = words or organisation_words()
    out = []
    opd = tables.get(names.OPD_INDEX)
    if opd is not None and "suppression" in opd.columns:
        kind = opd["suppression"].astype("string")
        small = sorted(opd.loc[kind.eq("primary").fillna(False), "name"].astype(str))
        guard = sorted(opd.loc[kind.eq("secondary").fillna(False), "name"].astype(str))
        if small:
            out.append(f"{count_text(len(small), words.unit)} dengan kurang dari {min_n} responden "
                       f"tidak ditampilkan angkanya (tetap dihitung dalam indeks {words.area}): "
                       f"{join_names(small, 10)}.")
        if guard:
            out.append(f"{count_text(len(guard), words.unit)} ikut disembunyikan, walaupun "
                       f"respondennya cukup, agar angka {words.unit} kecil tidak dapat dihitung "
                       f"balik dari indeks {words.area}: {join_names(guard, 10)}.")
    summ = tables.get(names.SUPPRESSION)
    if summ is not None and {"table", "rows", "hidden"} <= set(summ.columns):
        parts = []
        for _, r in summ.iterrows():
            what = _DETAIL_TABLES.get(str(r["table"]))
            if what and int(r["hidden"]):
                parts.append(f"{what.format(u=words.unit, a=words.area)} {num(r['hidden'], 0)} "
                             f"dari {num(r['rows'], 0)} baris")
        if parts:
            out.append("Di tabel rinci, baris kelompok kecil dan baris pelindungnya tidak "
                       "ditampilkan: " + "; ".join(parts) + ".")
    return out


# --------------------------------------------------------------------------- key messages
def _target_phrase(x: float, target: tuple[float, float]) -> str:
    lo, hi = target
    band = f"target {num(lo, 0)}–{num(hi, 0)}"
    if float(x) < lo:
        gap = round(lo - round(float(x), 1), 1)
        return (f"{num(gap)} poin di bawah batas bawah {band}" if gap > 0 else
                f"kurang dari {num(0.1)} poin di bawah batas bawah {band}")
    return f"dalam rentang {band}" if float(x) <= hi else f"di atas {band}"


def _second_message(h: Headline, values: pd.DataFrame, tables, words: OrgWords) -> str:
    """The change on the common items (with the values' changes), or the units' categories."""
    if h.change is not None:
        c = h.change
        y1, y2 = sorted(int(k.rsplit("_", 1)[1]) for k in c.index
                        if re.fullmatch(r"culture_index_\d{4}", k))
        a, b = float(c[f"culture_index_{y1}"]), float(c[f"culture_index_{y2}"])
        d = shown_change(a, b)
        verb = "naik" if d > 0 else "turun" if d < 0 else "tetap"
        sig = "bermakna" if bool(c.get("significant", False)) else "belum bermakna"
        text = (f"Dibanding {y1}, indeks pada butir yang sama {verb} "
                f"{num(abs(d)) + ' poin ' if d else ''}({num(a)} menjadi {num(b)}), {sig} "
                "secara statistik")
        if "significant" in values.columns:
            up = int((values["significant"] & (values["change"] > 0)).sum())
            down = int((values["significant"] & (values["change"] < 0)).sum())
            text += (f"; {up} dari {len(values)} nilai naik bermakna"
                     + (f", {down} turun bermakna" if down else ""))
        return text + "."
    opd = published_rows(tables.get(names.OPD_INDEX))
    if not len(opd) or "category" not in opd.columns:
        return "Ini survei pertama; perubahan dapat diukur mulai survei berikutnya."
    counts = opd["category"].value_counts()
    parts = [f"{num(k, 0)} {cat}" for cat, k in counts.items()]
    return (f"Ini survei pertama: dari {count_text(len(opd), words.unit)} yang dilaporkan, "
            + ", ".join(parts) + ".")


def key_messages(h: Headline | None, *, values: pd.DataFrame, attention: pd.DataFrame,
                 learn_from: pd.DataFrame, priority: pd.DataFrame, warnings: list[str],
                 tables: Mapping[str, pd.DataFrame], words: OrgWords,
                 extra: list[str] | None = None) -> list[str]:
    """Three to seven sentences a leader takes away (Indonesian).

    The headline against the target; the change on the common items (or, in a first year,
    the units' categories); the strongest and weakest value with the weakest behaviour; the
    units needing attention and to learn from; ``extra`` (the values to work on first and
    what staff wrote, when the report has them); the first quality warning.

    Examples
    --------
    >>> h = Headline(pd.DataFrame({"year": [2026], "culture_index": [66.68],
    ...     "category": ["Cukup Sehat"]}), None, (70.0, 85.0))
    >>> v = pd.DataFrame({"name": ["Harmonis", "Kolaboratif"], "score": [67.9, 65.2]})
    >>> empty = pd.DataFrame()
    >>> for line in key_messages(h, values=v, attention=empty, learn_from=empty, priority=empty,
    ...                          warnings=[], tables={}, words=organisation_words("Kota X")):
    ...     print(line)
    Indeks Budaya Kerja kota 2026 sebesar 66,7, kategori Cukup Sehat, 3,3 poin di bawah batas bawah target 70–85.
    Ini survei pertama; perubahan dapat diukur mulai survei berikutnya.
    Nilai terkuat Harmonis (67,9), terlemah Kolaboratif (65,2).
    """
    if h is None:
        return ["Indeks belum tersedia: tabel angka utama tidak disimpan."]
    r = h.last
    out = [f"Indeks Budaya Kerja {words.area} {int(r['year'])} sebesar "
           f"{num(r['culture_index'])}, kategori {r['category']}, "
           f"{_target_phrase(float(r['culture_index']), h.target)}.",
           _second_message(h, values, tables, words)]
    if len(values):
        hi, lo = values.iloc[0], values.iloc[-1]
        text = (f"Nilai terkuat {hi['name']} ({num(hi['score'])}), terlemah {lo['name']} "
                f"({num(lo['score'])})")
        if len(priority):
            p = priority.iloc[0]
            text += (f"; perilaku yang paling perlu diperkuat: “{p['text']}” "
                     f"(nilai {p['value_name']})")
        out.append(text + ".")
    parts = []
    if len(attention):
        lead = "" if len(attention) == 1 else "; paling mendesak"
        parts.append(f"{count_text(len(attention), words.unit)} perlu perhatian{lead}: "
                     f"{join_names(list(attention['name'].head(3)), 3)}")
    if len(learn_from):
        lead = "" if len(learn_from) == 1 else ", terutama"
        parts.append(f"{count_text(len(learn_from), words.unit)} dapat dijadikan contoh{lead}: "
                     f"{join_names(list(learn_from['name'].head(2)), 2)}")
    if parts:
        out.append("; ".join(parts) + ".")
    return out + list(extra or []) + warnings[:1]


# --------------------------------------------------------------------------- the bundle
@dataclass
class Messages:
    """Everything the deck and the start page say first (see :func:`build_messages`)."""

    year: int
    words: OrgWords
    headline: Headline | None
    headline_lines: list[str]
    key: list[str]
    values: pd.DataFrame
    shares: pd.DataFrame
    attention: pd.DataFrame
    learn_from: pd.DataFrame
    priorities: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    drivers: DriverPriorities | None = None
    comments: CommentSummary | None = None
    benchmarks: pd.DataFrame | None = None
    references: list[str] = field(default_factory=list)


def build_messages(tables: Mapping[str, pd.DataFrame], *, year: int,
                   instrument: str | Instrument, target: tuple[float, float] = TARGET,
                   confidence: float = CONFIDENCE, min_n: int = MIN_N,
                   words: OrgWords | None = None) -> Messages:
    """The report's messages from its saved tables, for the deck and the start page.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        The saved (published) tables, keyed by name without the year
        (:func:`~akhlak_analysis.report.artifacts.read_tables`).
    year : int
        The report year.
    instrument : str or Instrument
        The report year's instrument (value names, behaviours, answer scale, bands).
    target : (float, float)
    confidence : float
        Level of the intervals (named as "rentang 95%").
    min_n : int
        The smallest group shown (named in the withheld sentences).
    words : OrgWords, optional
        From :func:`~akhlak_analysis.report.wording.organisation_words`.

    Returns
    -------
    Messages
        ``headline_lines`` (:func:`describe_headline`), ``key`` (three to five sentences,
        :func:`key_messages`), ``values`` (:func:`value_table`), ``shares``
        (:func:`answer_shares`), ``attention`` and ``learn_from``
        (:func:`~akhlak_analysis.report.attention.units_needing_attention`,
        :func:`~akhlak_analysis.report.attention.units_to_learn_from`), ``priorities``
        (:func:`~akhlak_analysis.report.attention.priorities`), ``warnings``
        (:func:`quality_warnings`), ``withheld`` (:func:`withheld_lines`), and from
        :mod:`.insights`: ``drivers``, ``comments`` (None without their tables),
        ``benchmarks`` (median and top quartile of the published units) and ``references``
        (the national figure as context, with its caveat).

    Notes
    -----
    Reads only; computes no estimator. Every figure is a saved table's, rounded once.

    Examples
    --------
    >>> h = pd.DataFrame({"year": [2026], "culture_index": [66.68], "ci_low": [65.54],
    ...     "ci_high": [67.82], "category": ["Cukup Sehat"], "n": [233]})
    >>> m = build_messages({"indeks_provinsi": h}, year=2026, instrument="berakhlak-2025",
    ...                    target=(70, 85), words=organisation_words("Pemerintah Kabupaten X"))
    >>> m.key[0]
    'Indeks Budaya Kerja kabupaten 2026 sebesar 66,7, kategori Cukup Sehat, 3,3 poin di bawah batas bawah target 70–85.'
    >>> m.headline_lines[-1]
    '233 responden.'
    """
    ins = load_instrument(instrument)
    words = words or organisation_words()
    h = read_headline(tables, target=target)
    values = value_table(tables, instrument=ins)
    attention = units_needing_attention(tables, words=words)
    learn = units_to_learn_from(tables, words=words)
    prio = priorities(tables, instrument=ins, words=words)
    warnings = quality_warnings(tables, instrument=ins, words=words)
    lines = ([] if h is None else describe_headline(h, words=words, confidence=confidence))
    drv = driver_priorities(tables, instrument=ins, confidence=confidence)
    com = comment_summary(tables)
    extra = ([drv.sentence] if drv else []) + ([com.key] if com else [])
    key = key_messages(h, values=values, attention=attention, learn_from=learn, priority=prio,
                       warnings=warnings, tables=tables, words=words, extra=extra)
    return Messages(int(year), words, h, lines, key, values,
                    answer_shares(tables, instrument=ins), attention, learn, prio, warnings,
                    withheld_lines(tables, words=words, min_n=min_n), drv, com,
                    benchmark_summary(tables, instrument=ins), reference_lines(year=int(year)))
