"""What drives the outcomes, what staff wrote, and against whom: for the deck, the start page
and the OPD cards.

Read from the saved (published) tables only, like :mod:`.messages`:

- :func:`driver_priorities`: the values to work on first (impact x score, notebook 05's
  ``prioritas_perbaikan`` with the bootstrap share of ``pendorong_utama``), in one generated
  sentence and one line per outcome scale;
- :func:`comment_summary`: the province's comment themes with their counts and tone in words,
  and example comments only where the disclosure rules of notebook 05 allow them (province-wide,
  never from a hidden group; the rules are applied by :mod:`akhlak_analysis.stats.comments`
  when the tables are made, and checked again here);
- :func:`benchmark_summary`: the median and top quartile of the published OPDs
  (:func:`akhlak_analysis.stats.benchmarks.unit_benchmarks` on the published ``indeks_opd``:
  a hidden OPD never enters them);
- :func:`reference_lines`: the national figures of ``references/external.yaml`` as context,
  with their caveat, never as a target.

Nothing here is shown when its tables are absent (no outcome scale, no open question): the
functions return None and the slide or block is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..defaults import BENCHMARK_MIN_UNITS, CONFIDENCE
from ..instrument import Instrument, load_instrument
from ..references import load_references
from ..stats.benchmarks import unit_benchmarks
from ..stats.comments import themes_by_code
from . import names
from .drivers import COMMENTS_MIN_N, DRIVERS_MIN_N, EXAMPLES_MIN_N
from .wording import count_text, join_names, num

__all__ = ["COMMENTS_MIN_N", "DRIVERS_MIN_N", "CommentSummary", "DriverPriorities",
           "benchmark_summary", "certainty_words", "comment_summary", "driver_priorities",
           "in_sentence",
           "outcome_name", "reference_lines", "theme_name", "tone_words"]

#: a theme's writers within this many points of everybody read as "setara"
_TONE_EVEN = 1.0


def _pct(x: float) -> str:
    return f"{num(x, 0)}%"


def outcome_name(code: str, ins: Instrument) -> str:
    """An outcome scale in words (lower case inside a sentence)."""
    try:
        return ins.outcome_name(code)
    except KeyError:
        return "skala hasil"


def in_sentence(name: str) -> str:
    """A label inside a sentence: its first letter in lower case, abbreviations kept.

    >>> in_sentence("Tunjangan dan TPP"), in_sentence("Keterlibatan Kerja")
    ('tunjangan dan TPP', 'keterlibatan Kerja')
    """
    return name[:1].lower() + name[1:] if name[:2] != name[:2].upper() else name


def theme_name(code: str) -> str:
    """A comment theme in words."""
    th = themes_by_code()
    return th[code].label("id") if code in th else "tema lain"


def certainty_words(share_first: float) -> str:
    """How sure the first place of a driver is, from the share of bootstrap draws.

    >>> certainty_words(1.0), certainty_words(0.8), certainty_words(0.5)
    ('hampir pasti', 'kemungkinan besar', 'belum pasti')
    """
    return ("hampir pasti" if share_first >= 0.95 else
            "kemungkinan besar" if share_first >= 0.75 else "belum pasti")


# --------------------------------------------------------------------------- key drivers
@dataclass(frozen=True)
class DriverPriorities:
    """The values to work on first, from the saved driver tables.

    ``table``: one row per outcome and value (``outcome``, ``outcome_name``, ``predictor``,
    ``name``, ``impact``, ``impact_ci_low``, ``impact_ci_high``, ``predictor_score``,
    ``quadrant``, ``priority_rank``, ``rank``, ``share_first``), outcomes in the instrument's
    order, each by ``priority_rank``; ``first``: the values to work on first (value codes,
    most urgent first); ``sentence``: which values first, in one sentence; ``lines``: per
    outcome, the first value's impact with its interval and how sure its place is.
    """

    table: pd.DataFrame
    first: list[str]
    sentence: str
    lines: list[str]


def _focus_table(tables: Mapping[str, pd.DataFrame], ins: Instrument) -> pd.DataFrame | None:
    pri, drv = tables.get(names.PRIORITIES), tables.get(names.DRIVERS)
    if pri is None or drv is None or not len(pri) or not len(drv):
        return None
    t = pri.merge(drv[["outcome", "predictor", "rank", "share_first"]],
                  on=["outcome", "predictor"], how="left", validate="one_to_one")
    t = t[t["predictor"].isin(ins.value_codes)].copy()
    t["name"] = [ins.value_name(v) for v in t["predictor"]]
    t["outcome_name"] = [outcome_name(o, ins) for o in t["outcome"]]
    order = {o: i for i, o in enumerate(dict.fromkeys([*ins.outcome_codes,
                                                       *sorted(set(t["outcome"]))]))}
    t["_o"] = t["outcome"].map(order)
    return t.sort_values(["_o", "priority_rank"]).drop(columns="_o").reset_index(drop=True)


def _outcome_line(grp: pd.DataFrame, level: int) -> str:
    o = grp["outcome_name"].iloc[0]
    focus = grp[grp["quadrant"] == "focus"]
    top = grp.sort_values("rank").iloc[0]
    sure = (f"{top['name']} menjadi pendorong terkuat pada {_pct(100 * top['share_first'])} "
            f"pengambilan ulang sampel ({certainty_words(float(top['share_first']))})")
    if focus.empty:
        return (f"{o}: tidak ada nilai yang sekaligus berdampak besar dan skornya di bawah "
                f"rata-rata; {sure}.")
    f = focus.iloc[0]
    return (f"{o}: {f['name']} menyumbang {_pct(f['impact'])} dari bagian yang dijelaskan "
            f"(rentang {level}%: {_pct(f['impact_ci_low'])}–{_pct(f['impact_ci_high'])}), "
            f"skornya {num(f['predictor_score'])}; {sure}.")


def driver_priorities(tables: Mapping[str, pd.DataFrame], *, instrument: str | Instrument,
                      confidence: float = CONFIDENCE) -> DriverPriorities | None:
    """The values that matter most for the outcome scales and score lowest (None without
    the driver tables).

    Examples
    --------
    >>> pri = pd.DataFrame({"outcome": "keterlibatan", "predictor": ["adaptif", "loyal"],
    ...     "impact": [60.0, 40.0], "impact_ci_low": [55.0, 35.0], "impact_ci_high": [65.0, 45.0],
    ...     "predictor_score": [72.8, 83.4], "quadrant": ["focus", "maintain"],
    ...     "priority_rank": [1, 2]})
    >>> drv = pd.DataFrame({"outcome": "keterlibatan", "predictor": ["adaptif", "loyal"],
    ...     "rank": [1, 2], "share_first": [0.99, 0.01]})
    >>> p = driver_priorities({"prioritas_perbaikan": pri, "pendorong_utama": drv},
    ...                       instrument="berakhlak-2025-plus")
    >>> print(p.sentence)
    Perbaiki lebih dulu Adaptif (pendorong Keterlibatan Kerja): nilai ini berdampak besar, tetapi skornya di bawah rata-rata skor nilai.
    >>> print(p.lines[0])
    Keterlibatan Kerja: Adaptif menyumbang 60% dari bagian yang dijelaskan (rentang 95%: 55%–65%), skornya 72,8; Adaptif menjadi pendorong terkuat pada 99% pengambilan ulang sampel (hampir pasti).
    """
    ins = load_instrument(instrument)
    t = _focus_table(tables, ins)
    if t is None or t.empty:
        return None
    level = round(confidence * 100)
    focus = t[t["quadrant"] == "focus"]
    first = list(dict.fromkeys(focus.sort_values(["priority_rank"], kind="stable")["predictor"]))
    parts = []
    for _, grp in focus.groupby("outcome", sort=False):
        parts.append(f"{join_names(list(grp['name']), 7)} (pendorong "
                     f"{grp['outcome_name'].iloc[0]})")
    if parts:
        these = "nilai ini" if len(first) == 1 else "nilai-nilai ini"
        sentence = (f"Perbaiki lebih dulu {' serta '.join(parts)}: {these} berdampak besar, "
                    "tetapi skornya di bawah rata-rata skor nilai.")
    else:
        sentence = ("Tidak ada nilai yang sekaligus berdampak besar dan skornya di bawah "
                    "rata-rata: pertahankan nilai yang berdampak besar.")
    lines = [_outcome_line(grp, level) for _, grp in t.groupby("outcome", sort=False)]
    return DriverPriorities(t, first, sentence, lines)


# --------------------------------------------------------------------------- comments
@dataclass(frozen=True)
class CommentSummary:
    """The province's comment themes (``themes``: ``theme``, ``name``, ``n_comments``,
    ``share``, ``tone_diff``, ``tone``; most frequent first), the number of comments, the
    example comments allowed (theme name, text), the sentences, and the key message."""

    n_comments: int
    themes: pd.DataFrame
    examples: list[tuple[str, str]]
    lines: list[str]
    key: str


def tone_words(diff: float, what: str) -> str:
    """The tone of a theme's writers against everybody, in words.

    >>> tone_words(-3.8, "indeks budaya kerja")
    'indeks budaya kerja penulisnya lebih rendah (-3,8 poin)'
    >>> tone_words(0.4, "indeks budaya kerja")
    'indeks budaya kerja penulisnya setara dengan seluruh responden'
    """
    if pd.isna(diff) or abs(float(diff)) < _TONE_EVEN:
        return f"{what} penulisnya setara dengan seluruh responden"
    word = "lebih rendah" if diff < 0 else "lebih tinggi"
    return f"{what} penulisnya {word} ({'+' if diff > 0 else ''}{num(diff)} poin)"


def _province_row(tables: Mapping[str, pd.DataFrame]) -> pd.Series | None:
    prov = tables.get(names.COMMENT_THEMES)
    if prov is None or not len(prov):
        return None
    row = prov.iloc[0]
    if bool(row.get("suppressed", False)) or pd.isna(row.get("n_comments")) \
            or int(row["n_comments"]) < COMMENTS_MIN_N:
        return None
    return row


def comment_summary(tables: Mapping[str, pd.DataFrame], *, top: int = 5,
                    examples: int = 2) -> CommentSummary | None:
    """What staff wrote, province-wide (None without comment tables or with too few comments).

    Themes are the workplace topics of the seed dictionary (the values are measured by the
    scores) that the tone table holds (at least :data:`COMMENTS_MIN_N` comments each), counted
    from it; examples only from the province's rows of ``contoh_komentar`` (never an
    OPD's, never a hidden group's) and only with at least ``EXAMPLES_MIN_N`` comments, one per
    theme for the ``examples`` most frequent themes.

    Examples
    --------
    >>> prov = pd.DataFrame([{"unit": "province", "n_comments": 100, "beban_kerja": 40.0,
    ...                       "fasilitas": 20.0, "suppressed": False}])
    >>> tone = pd.DataFrame({"theme": ["all_respondents", "beban_kerja", "fasilitas"],
    ...     "n_comments": [None, 40, 20], "culture_index_diff": [0.0, -3.8, 0.2]})
    >>> s = comment_summary({"tema_komentar": prov, "nada_komentar": tone})
    >>> s.themes[["name", "n_comments", "share"]].values.tolist()
    [['Beban kerja', 40, 40.0], ['Fasilitas dan sarana kerja', 20, 20.0]]
    >>> print(s.lines[0])
    100 komentar berisi. Tema yang paling sering: Beban kerja (40 komentar, 40%) dan Fasilitas dan sarana kerja (20 komentar, 20%).
    """
    row, tone = _province_row(tables), tables.get(names.COMMENT_TONE)
    if row is None or tone is None or not len(tone):
        return None
    topics = {c for c, x in themes_by_code().items() if x.family == "topic"}
    t = tone[tone["theme"].isin(topics) & tone["n_comments"].notna()].copy()
    t = t[t["n_comments"].astype(int) >= COMMENTS_MIN_N]
    if t.empty:
        return None
    t["n_comments"] = t["n_comments"].astype(int)
    t["share"] = [float(row.get(c, float("nan"))) for c in t["theme"]]
    t["name"] = [theme_name(c) for c in t["theme"]]
    t["tone_diff"] = t["culture_index_diff"].astype(float)
    t["tone"] = [tone_words(d, "indeks budaya kerja") for d in t["tone_diff"]]
    t = t.sort_values(["n_comments", "theme"], ascending=[False, True]).head(top)
    t = t[["theme", "name", "n_comments", "share", "tone_diff", "tone"]].reset_index(drop=True)
    n = int(row["n_comments"])
    listed = [f"{r.name} ({count_text(r.n_comments, 'komentar')}, {_pct(r.share)})"
              for r in t.itertuples(index=False)]
    lines = [f"{count_text(n, 'komentar')} berisi. Tema yang paling sering: "
             f"{join_names(listed, top)}."]
    low = t.loc[t["tone_diff"].idxmin()]
    if low["tone_diff"] <= -_TONE_EVEN:
        lines.append(f"Yang menulis tentang {in_sentence(low['name'])} menilai budaya kerja lebih "
                     f"rendah: indeks mereka {num(abs(low['tone_diff']))} poin di bawah "
                     "seluruh responden.")
    head = [f"{in_sentence(r.name)} ({_pct(r.share)})" for r in t.head(3).itertuples(index=False)]
    key = (f"Dari {count_text(n, 'komentar')} pegawai, yang paling sering dibahas: "
           f"{join_names(head, 3)}.")
    shown = _examples(tables, t, examples) if n >= EXAMPLES_MIN_N else []
    return CommentSummary(n, t, shown, lines, key)


def _examples(tables: Mapping[str, pd.DataFrame], themes: pd.DataFrame,
              k: int) -> list[tuple[str, str]]:
    ex = tables.get(names.COMMENT_EXAMPLES)
    if ex is None or not len(ex) or k < 1:
        return []
    prov = ex[(ex["unit"].astype(str) == "province")].sort_values(["theme", "rank"])
    out = []
    for r in themes.head(k).itertuples(index=False):
        hit = prov[prov["theme"] == r.theme]
        if len(hit):
            out.append((r.name, str(hit.iloc[0]["comment"])))
    return out


# --------------------------------------------------------------------------- benchmarks
def benchmark_summary(tables: Mapping[str, pd.DataFrame], *, instrument: str | Instrument,
                      min_units: int = BENCHMARK_MIN_UNITS) -> pd.DataFrame | None:
    """Median and top quartile of the published OPDs, for the index and each value.

    Returns
    -------
    DataFrame or None
        One row per measure (``culture_index`` first, then the values): ``measure``,
        ``name``, ``n_units``, ``median``, ``top_quartile`` (the ``all`` rows of
        :func:`~akhlak_analysis.stats.benchmarks.unit_benchmarks` on the published
        ``indeks_opd``), ``score`` (the province's, from ``indeks_provinsi``); None without
        those tables (or their value columns) or with fewer than ``min_units`` published
        OPDs.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2025")
    >>> opd = pd.DataFrame({"unit": list("ABCDEF"), "suppressed": [False] * 5 + [True],
    ...     **{m: [60.0, 70, 80, 90, 100, None] for m in ["culture_index", *ins.value_codes]}})
    >>> head = pd.DataFrame([{"year": 2025, "culture_index": 79.0,
    ...                       **{v: 79.0 for v in ins.value_codes}}])
    >>> b = benchmark_summary({"indeks_opd": opd, "indeks_provinsi": head}, instrument=ins)
    >>> b.iloc[0][["measure", "n_units", "median", "top_quartile"]].astype(str).tolist()
    ['culture_index', '5', '80.0', '90.0']
    """
    ins = load_instrument(instrument)
    opd, head = tables.get(names.OPD_INDEX), tables.get(names.HEADLINE)
    need = {"unit", "suppressed", "culture_index", *ins.value_codes}
    if opd is None or head is None or not len(opd) or not len(head) or need - set(opd.columns):
        return None
    b = unit_benchmarks(opd, instrument=ins, min_units=min_units)
    b = b[(b["benchmark"] == "all") & b["available"]].copy()
    if b.empty:
        return None
    r = head.sort_values("year").iloc[-1]
    b["name"] = ["Indeks Budaya Kerja" if m == "culture_index" else ins.value_name(m)
                 for m in b["measure"]]
    b["score"] = [float(r[m]) if m in r.index else float("nan") for m in b["measure"]]
    return b[["measure", "name", "n_units", "median", "top_quartile", "score"]].reset_index(
        drop=True)


def reference_lines(*, year: int, path=None) -> list[str]:
    """The latest national figure up to ``year``, as context with its caveat (empty when the
    reference file has none).

    >>> print(reference_lines(year=2025)[0][:75])
    Sebagai konteks, bukan target: Indeks BerAKHLAK nasional 2023 sebesar 61,1.
    """
    ref = load_references(path)
    ref = ref[(ref["measure"] == "culture_index") & (ref["scope"] == "national")
              & (ref["year"].astype(int) <= int(year))]
    if ref.empty:
        return []
    r = ref.sort_values("year").iloc[-1]
    return [f"Sebagai konteks, bukan target: {r['name']} sebesar {num(r['value'])}.",
            str(r["caveat"]).strip()]
