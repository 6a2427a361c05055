"""Notebook 05: outcome scales, what drives them, and what staff wrote (tables and sentences).

Each ``*_section(ctx, data)`` function is one notebook cell: it computes through
:func:`akhlak_analysis.report.sections.run_section` (so a missing input or data that cannot
support the section shows why in its place), saves its tables and figures under the names of
:mod:`akhlak_analysis.report.names` and returns the :class:`~.sections.Section` to display.
:func:`plan` lists these sections with whether they run, for ``akhlak check``.

Why some things are not shown
-----------------------------
- The culture index is never explained by its own values (it is their mean: R² = 1); only
  outcome scales are.
- An OPD gets key drivers of its own only with at least ``DRIVERS_MIN_N`` (30) respondents
  with every score: below that the bootstrap intervals of seven correlated weights cover most
  of the possible range, and a ranking of its drivers would be noise.
- Comment themes are shown for groups with at least ``COMMENTS_MIN_N`` (10) comments, example
  comments only province-wide or for OPDs with at least ``EXAMPLES_MIN_N`` (30) comments, never
  from a hidden group and never with a placeholder of a removed identifier.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from .. import plots
from ..analysis import Analysis
from ..data.comments import unit_heads
from ..data.extras import Extras, read_extras
from ..errors import DataError
from ..labels import format_number, label, to_display
from ..stats import comments as sc
from ..stats import disclosure
from ..stats import drivers as sd
from ..stats import outcomes as so
from ..stats.scoring import index_table, overall_index
from . import artifacts, names
from .sections import Section, SectionUnavailable, run_section

__all__ = ["COMMENTS_MIN_N", "DRIVERS_MIN_N", "EXAMPLES_MIN_N", "NOTEBOOK",
           "CommentResult", "DriverData", "comment_analysis", "comments_section",
           "describe_inputs", "driver_table", "drivers_section", "key_drivers", "load",
           "method_note", "opd_drivers", "opd_drivers_section", "outcomes_section",
           "priorities", "priorities_section"]

NOTEBOOK = "05_drivers_comments"
DRIVERS_MIN_N = 30
COMMENTS_MIN_N = 10
EXAMPLES_MIN_N = 30
DRAWS = 1000

#: the sections of notebook 05: (notebook, section title, need), as sections.SECTIONS

QUADRANTS = {"focus": "Prioritas perbaikan", "strength": "Kekuatan utama",
             "monitor": "Pantau", "maintain": "Pertahankan"}


@dataclass(frozen=True)
class DriverData:
    """The report year's respondents with value and outcome scores, and the extras read."""

    respondents: pd.DataFrame
    extras: Extras


def load(ctx: Analysis) -> DriverData:
    """Read the outcome items and comments of the report year and score everybody once.

    ``respondents`` holds the columns of :meth:`Analysis.scores` (ids, value scores,
    ``culture_index``), ``flag_straightline``, the value items, the outcome items and the
    outcome scores.
    """
    yc = ctx.config.year(ctx.year)
    clean, ins = ctx.clean(), ctx.instrument()
    extras = read_extras(yc.responses, instrument=ins, clean=clean, sheet=yc.sheet,
                         header_row=yc.header_row, unit_heads=unit_heads(ctx.units))
    resp = pd.concat([ctx.scores().reset_index(drop=True),
                      clean.data[["flag_straightline", *ins.item_codes]].reset_index(drop=True),
                      extras.outcomes.drop(columns="respondent_id")], axis=1)
    if extras.has_outcomes:
        for code in extras.missing_items:       # an outcome item the file lacks: unanswered
            resp[code] = float("nan")
        scored = so.score_outcomes(resp, instrument=ins)
        resp = pd.concat([resp, scored[ins.outcome_codes]], axis=1)
    return DriverData(resp, extras)


def _outcomes(data: DriverData, ctx: Analysis) -> list[str]:
    """Outcome scales with at least one score in the data."""
    return [o for o in ctx.instrument().outcome_codes
            if o in data.respondents.columns and data.respondents[o].notna().any()]


def _name(code: str, ctx: Analysis) -> str:
    """Display name of a value, an outcome scale or a comment theme."""
    ins = ctx.instrument()
    if code in ins.value_codes:
        return ins.value_name(code, ctx.language)
    if code in ins.outcome_codes:
        return ins.outcome_name(code, ctx.language)
    themes = sc.themes_by_code()
    return themes[code].label(ctx.language) if code in themes else code


def _show(table: pd.DataFrame, ctx: Analysis, *, decimals: int = 1,
          named: tuple[str, ...] = ()) -> pd.DataFrame:
    """A table for the notebook: names for codes in ``named`` columns, Indonesian headers."""
    t = table.copy()
    for col in named:
        t[col] = t[col].map(lambda v: _name(v, ctx) if isinstance(v, str) else v)
    if "quadrant" in t.columns:
        t["quadrant"] = t["quadrant"].map(QUADRANTS)
    out = to_display(t, lang=ctx.language, decimals=decimals, instrument=ctx.instrument())
    heads = {}
    for col, shown in zip(t.columns, out.columns, strict=True):
        base = col.removesuffix("_diff")
        if base in ctx.instrument().outcome_codes or (col != base and base == "culture_index"):
            name = _name(base, ctx) if base != "culture_index" else label(base, ctx.language)
            heads[shown] = f"Selisih {name.lower()}" if col != base else name
    return out.rename(columns=heads)


def _pct(x: float) -> str:
    return f"{format_number(x, 0)}%"


# --------------------------------------------------------------------------------------
# 1. outcome scales
# --------------------------------------------------------------------------------------
def _outcome_tables(ctx: Analysis, data: DriverData) -> dict[str, pd.DataFrame]:
    found = _outcomes(data, ctx)
    if not found:
        raise SectionUnavailable("Butir skala hasil ada di ekspor, tetapi tidak ada yang "
                                 "dijawab.", reason="no_answers")
    ins = ctx.instrument()
    units = pd.concat([so.outcome_table(data.respondents, o, "opd", instrument=ins,
                                        units=ctx.units, year=ctx.year, weighting=ctx.weighting,
                                        min_n=ctx.min_n, confidence=ctx.confidence)
                       for o in found], ignore_index=True)
    rel, fit, corr = so.validate_outcomes(data.respondents, instrument=ins)
    return {"units": units, "reliability": rel, "fit": fit, "correlations": corr}


def describe_outcomes(tables: dict[str, pd.DataFrame], ctx: Analysis) -> str:
    """Generated sentences: each outcome's province score with its interval and reliability."""
    units, rel = tables["units"], tables["reliability"].set_index("factor")
    lines = []
    for o, grp in units.groupby("outcome", sort=False):
        prov = grp[grp["unit"] == "province"].iloc[0]
        shown = grp[(grp["unit"] != "province") & ~grp["suppressed"]]
        low, high = shown.nsmallest(1, "outcome_score"), shown.nlargest(1, "outcome_score")
        alpha = rel.loc[o, "alpha"] if o in rel.index else float("nan")
        lines.append(
            f"- **{_name(o, ctx)}**: skor keseluruhan {format_number(prov['outcome_score'])} "
            f"(interval {format_number(prov['ci_low'])}-{format_number(prov['ci_high'])}; "
            f"{format_number(prov['n'], 0)} responden), alpha Cronbach "
            f"{format_number(alpha, 2)}. Terendah {low['name'].iloc[0]} "
            f"({format_number(low['outcome_score'].iloc[0])}), tertinggi "
            f"{high['name'].iloc[0]} ({format_number(high['outcome_score'].iloc[0])}).")
    lines.append("- Skala hasil dihitung seperti nilai (0-100) tetapi **tidak pernah masuk** "
                 "ke Indeks Budaya Kerja; indeks tetap rerata tujuh nilai BerAKHLAK.")
    return "\n".join(lines)


def outcomes_section(ctx: Analysis, data: DriverData) -> Section:
    """Notebook cell: outcome scores per OPD and province, their reliability and the CFA."""
    def show(t: dict[str, pd.DataFrame]) -> list:
        artifacts.save_table(t["units"], names.OUTCOME_SCORES)
        artifacts.save_table(t["reliability"], names.OUTCOME_VALIDATION)
        return [describe_outcomes(t, ctx),
                _show(t["units"].drop(columns=["design", "suppressed", "se", "df"]), ctx,
                      named=("outcome",)),
                "Reliabilitas setiap nilai dan skala hasil, dan kecocokan model faktor "
                "konfirmatori nilai + skala hasil (faktor berkorelasi):",
                _show(t["reliability"], ctx, decimals=3, named=("factor",)),
                _show(t["fit"][["chi2", "df", "cfi", "tli", "rmsea", "srmr"]], ctx, decimals=3)]
    return run_section(ctx, "outcome_scales", _outcome_tables, ctx, data, needs=["outcomes"],
                       show=show)


# --------------------------------------------------------------------------------------
# 2. key drivers and 3. priorities (province)
# --------------------------------------------------------------------------------------
def key_drivers(ctx: Analysis, data: DriverData, *, draws: int = DRAWS
                ) -> dict[str, sd.DriverResult]:
    """Key drivers of every outcome scale on the seven values, province-wide (seeded)."""
    ins = ctx.instrument()
    out = {}
    for k, o in enumerate(_outcomes(data, ctx)):
        out[o] = sd.key_drivers(data.respondents, outcome=o, predictors=ins.value_codes,
                                units=ctx.units, year=ctx.year, weighting=ctx.weighting,
                                draws=draws, seed=[ctx.seed, k], confidence=ctx.confidence)
    if not out:
        raise SectionUnavailable("Tidak ada skor skala hasil.", reason="no_answers")
    return out


def driver_table(results: dict[str, sd.DriverResult]) -> pd.DataFrame:
    """All outcomes' driver tables in one, with ``r2``, ``n`` and ``n_excluded``."""
    return pd.concat([r.table.assign(r2=r.r2, n=r.n, n_excluded=r.n_excluded)
                      for r in results.values()], ignore_index=True)


def describe_drivers(results: dict[str, sd.DriverResult], ctx: Analysis) -> str:
    """Generated sentences: the strongest drivers of each outcome and how sure that is."""
    lines = []
    for o, r in results.items():
        t = r.table
        top, second = t.iloc[0], t.iloc[1]
        sure = ("hampir pasti" if top["share_first"] >= 0.95 else
                "kemungkinan besar" if top["share_first"] >= 0.75 else "belum pasti")
        lines.append(
            f"- **{_name(o, ctx)}**: ketujuh nilai bersama menjelaskan "
            f"{_pct(100 * r.r2)} variasinya (R²). Pendorong terkuat adalah "
            f"**{_name(top['predictor'], ctx)}** ({_pct(top['rescaled_weight'])} dari yang "
            f"dijelaskan, interval {_pct(top['rescaled_ci_low'])}-"
            f"{_pct(top['rescaled_ci_high'])}), disusul {_name(second['predictor'], ctx)} "
            f"({_pct(second['rescaled_weight'])}). {_name(top['predictor'], ctx)} menjadi "
            f"yang terkuat pada {_pct(100 * top['share_first'])} dari "
            f"{format_number(r.draws, 0)} sampel bootstrap: urutan teratas {sure}.")
    excluded = max(r.n_excluded for r in results.values())
    lines.append(f"- Dihitung dari {format_number(min(r.n for r in results.values()), 0)} "
                 f"responden dengan semua skor; {format_number(excluded, 0)} responden tanpa "
                 "skor lengkap atau dengan jawaban seragam di semua butir tidak dipakai.")
    return "\n".join(lines)


def drivers_section(ctx: Analysis, data: DriverData, *, draws: int = DRAWS) -> Section:
    """Notebook cell: relative weights and dominance of the values for each outcome."""
    def show(results: dict[str, sd.DriverResult]) -> list:
        table = driver_table(results)
        artifacts.save_table(table, names.DRIVERS)
        items: list = [describe_drivers(results, ctx)]
        for o, r in results.items():
            ax = plots.plot_drivers(r.table, instrument=ctx.instrument(),
                                    title=f"Pendorong {_name(o, ctx)}", lang=ctx.language)
            artifacts.save_figure(ax, f"{names.FIG_DRIVERS}_{o}")
            items.append(ax.figure)
            plt.close(ax.figure)
        cols = ["outcome", "predictor", "rescaled_weight", "rescaled_ci_low",
                "rescaled_ci_high", "raw_weight", "general_dominance", "correlation",
                "share_first"]
        items.append(_show(table[cols], ctx, decimals=3, named=("outcome", "predictor")))
        return items
    return run_section(ctx, "key_drivers", key_drivers, ctx, data, draws=draws,
                       needs=["outcomes"], show=show)


def _province_value_scores(ctx: Analysis) -> pd.Series:
    head = overall_index(ctx.scores(), units=ctx.units, year=ctx.year, weighting=ctx.weighting,
                         instrument=ctx.instrument(), target=ctx.target,
                         confidence=ctx.confidence)
    return head.iloc[0][ctx.instrument().value_codes].astype(float)


def priorities(ctx: Analysis, results: dict[str, sd.DriverResult]) -> pd.DataFrame:
    """Focus areas (impact x score) of every outcome, province-wide."""
    scores = _province_value_scores(ctx)
    return pd.concat([sd.focus_areas(r.table, scores) for r in results.values()],
                     ignore_index=True)


def describe_priorities(focus: pd.DataFrame, ctx: Analysis) -> str:
    """Generated sentences: the values to improve first for each outcome."""
    lines = []
    for o, grp in focus.groupby("outcome", sort=False):
        first = grp[grp["quadrant"] == "focus"].sort_values("priority_rank")
        strong = grp[grp["quadrant"] == "strength"]
        if first.empty:
            text = ("tidak ada nilai yang sekaligus berdampak besar dan skornya di bawah "
                    "rata-rata")
        else:
            text = "prioritas perbaikan: " + ", ".join(
                f"**{_name(v, ctx)}** (dampak {_pct(i)}, skor {format_number(s)})"
                for v, i, s in zip(first["predictor"], first["impact"],
                                   first["predictor_score"], strict=True))
        keep = ", ".join(_name(v, ctx) for v in strong["predictor"]) or "tidak ada"
        lines.append(f"- **{_name(o, ctx)}**: {text}. Kekuatan utama (dampak besar, skor "
                     f"tinggi): {keep}.")
    lines.append("- Dampak = bagian dari R² (bobot relatif Johnson); garis pembagi: dampak "
                 "rata-rata (100% dibagi tujuh nilai) dan rerata skor ketujuh nilai.")
    return "\n".join(lines)


def priorities_section(ctx: Analysis, data: DriverData, drivers: Section) -> Section:
    """Notebook cell: impact x score, the values to improve first (province)."""
    def compute() -> pd.DataFrame:
        if not drivers.ran:
            raise SectionUnavailable("Pendorong utama tidak dapat dihitung (lihat di atas).",
                                     reason="no_drivers")
        return priorities(ctx, drivers.result)

    def show(focus: pd.DataFrame) -> list:
        artifacts.save_table(focus, names.PRIORITIES)
        items: list = [describe_priorities(focus, ctx)]
        for o, grp in focus.groupby("outcome", sort=False):
            ax = plots.plot_focus_areas(grp, instrument=ctx.instrument(),
                                        title=f"Dampak x skor: {_name(o, ctx)}",
                                        lang=ctx.language)
            artifacts.save_figure(ax, f"{names.FIG_PRIORITIES}_{o}")
            items.append(ax.figure)
            plt.close(ax.figure)
        items.append(_show(focus.sort_values(["outcome", "priority_rank"]), ctx,
                           named=("outcome", "predictor")))
        return items
    return run_section(ctx, "priorities", compute, needs=["outcomes"], show=show)


# --------------------------------------------------------------------------------------
# 4. key drivers per OPD
# --------------------------------------------------------------------------------------
def _hidden_opds(ctx: Analysis) -> set[str]:
    """OPDs hidden in the OPD index table by the suppression policy (primary and the
    complements protecting them against the province figure); they get no drivers of their
    own. The report's published tables remain the authority on what is shown."""
    opts = {"units": ctx.units, "year": ctx.year, "instrument": ctx.instrument(),
            "confidence": ctx.confidence, "min_n": 1}
    rows = index_table(ctx.scores(), by="opd", weighting=ctx.weighting, **opts)
    prov = index_table(ctx.scores(), by="province", weighting="none", **opts)
    res = disclosure.suppress({"opd": rows.assign(n=rows["n"].fillna(0)), "province": prov},
                              hierarchy={u: "province" for u in rows["unit"]},
                              min_n=ctx.min_n)
    t = res.tables["opd"]
    return set(t.loc[t["suppressed"], "unit"])


def opd_drivers(ctx: Analysis, data: DriverData, *, min_n: int = DRIVERS_MIN_N,
                draws: int = DRAWS) -> dict[str, pd.DataFrame]:
    """Drivers and priorities per OPD with at least ``min_n`` complete respondents."""
    ins = ctx.instrument()
    tables, skipped, focus = [], [], []
    opd_scores = index_table(ctx.scores(), by="opd", units=ctx.units, year=ctx.year,
                             weighting=ctx.weighting, min_n=ctx.min_n, instrument=ins,
                             confidence=ctx.confidence).set_index("unit")
    hidden = _hidden_opds(ctx)
    resp = data.respondents[~data.respondents["opd"].isin(hidden)]
    for k, o in enumerate(_outcomes(data, ctx)):
        t, s = sd.drivers_by_unit(resp, outcome=o, predictors=ins.value_codes,
                                  min_n=min_n, units=ctx.units, year=ctx.year, draws=draws,
                                  seed=ctx.seed + 1000 * (k + 1), confidence=ctx.confidence)
        tables.append(t)
        skipped.append(s.assign(outcome=o))
        for unit, grp in t.groupby("unit", sort=True):
            f = sd.focus_areas(grp, opd_scores.loc[unit, ins.value_codes].astype(float))
            focus.append(f.assign(unit=unit))
    return {"drivers": pd.concat(tables, ignore_index=True),
            "skipped": pd.concat(skipped, ignore_index=True),
            "priorities": (pd.concat(focus, ignore_index=True) if focus else
                           pd.DataFrame(columns=["outcome", "predictor", "quadrant", "unit"]))}


def describe_opd_drivers(t: dict[str, pd.DataFrame], ctx: Analysis,
                         min_n: int = DRIVERS_MIN_N) -> str:
    """Generated sentences: how many OPDs have drivers of their own, and why not the rest."""
    d, skipped = t["drivers"], t["skipped"]
    n_units = d["unit"].nunique()
    n_skip = skipped["unit"].nunique()
    lines = [f"- {format_number(n_units, 0)} OPD memiliki sedikitnya {min_n} responden dengan "
             f"semua skor dan mendapat analisis pendorong sendiri; {format_number(n_skip, 0)} "
             "OPD lain tidak, karena dengan tujuh nilai yang saling berkorelasi dan kurang dari "
             f"{min_n} responden interval bobotnya mencakup hampir seluruh rentang, sehingga "
             "urutan pendorongnya tidak dapat dibedakan dari kebetulan. Untuk OPD itu, "
             "pendorong tingkat keseluruhan adalah pegangan terbaik."]
    for o in d["outcome"].unique() if len(d) else []:
        counts = d[(d["outcome"] == o) & (d["rank"] == 1)]["predictor"].value_counts()
        common = counts.index[0]
        lines.append(f"- **{_name(o, ctx)}**: pendorong terkuat paling sering "
                     f"{_name(common, ctx)} ({format_number(counts.iloc[0], 0)} dari "
                     f"{format_number(counts.sum(), 0)} OPD).")
    return "\n".join(lines)


def opd_drivers_section(ctx: Analysis, data: DriverData, *, min_n: int = DRIVERS_MIN_N,
                        draws: int = DRAWS) -> Section:
    """Notebook cell: drivers and priorities within each OPD large enough for them."""
    def show(t: dict[str, pd.DataFrame]) -> list:
        artifacts.save_table(t["drivers"], names.DRIVERS_OPD)
        artifacts.save_table(t["priorities"], names.PRIORITIES_OPD)
        focus = t["priorities"][t["priorities"]["quadrant"] == "focus"]
        view = focus.sort_values(["outcome", "unit", "priority_rank"])[
            ["outcome", "unit", "predictor", "impact", "predictor_score", "priority_rank"]]
        view["unit"] = view["unit"].map(ctx.units.names()).fillna(view["unit"])
        return [describe_opd_drivers(t, ctx, min_n),
                "Prioritas perbaikan per OPD (dampak besar, skor di bawah rata-rata OPD itu):",
                _show(view.rename(columns={"unit": "opd"}), ctx,
                      named=("outcome", "predictor"))]
    return run_section(ctx, "opd_drivers", opd_drivers, ctx, data, min_n=min_n, draws=draws,
                       needs=["outcomes"], show=show)


# --------------------------------------------------------------------------------------
# 5. open comments
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CommentResult:
    """Everything shown about the comments (all tables already protected)."""

    questions: pd.DataFrame
    redactions: pd.DataFrame
    province: pd.DataFrame
    opd: pd.DataFrame
    tone: pd.DataFrame
    emerging: pd.DataFrame
    examples: pd.DataFrame


def comment_analysis(ctx: Analysis, data: DriverData, *,
                     min_comments: int = COMMENTS_MIN_N,
                     min_examples: int = EXAMPLES_MIN_N) -> CommentResult:
    """Themes per province and OPD, tone, emerging themes and examples of the comments."""
    com = data.extras.comments
    if com.empty:
        raise SectionUnavailable("Kolom pertanyaan terbuka ada, tetapi tidak ada komentar "
                                 "yang berisi.", reason="no_answers")
    tags = sc.tag_themes(com["text"])
    province = sc.theme_table(com, tags, min_comments=min_comments)
    opd = sc.theme_table(com, tags, by="opd", min_comments=min_comments)
    hidden = opd.loc[opd["suppressed"], "unit"].tolist()
    columns = ["culture_index", *_outcomes(data, ctx)]
    tone = sc.theme_tone(com, tags, data.respondents, columns=columns,
                         min_comments=min_comments)
    try:
        emerging = sc.emerging_themes(com["text"], tags=tags, seed=ctx.seed,
                                      n_topics=min(8, max(2, len(com) // 50)))
    except DataError:
        emerging = pd.DataFrame(columns=["topic", "top_words", "n_comments", "share",
                                         "seed_theme", "seed_share"])
    examples = pd.concat([
        sc.example_comments(com, tags, hidden=hidden, min_examples=min_examples),
        sc.example_comments(com, tags, by="opd", hidden=hidden, min_examples=min_examples)],
        ignore_index=True)
    return CommentResult(data.extras.questions, data.extras.redactions, province, opd, tone,
                         emerging, examples)


def describe_comments(res: CommentResult, ctx: Analysis) -> str:
    """Generated sentences: how many wrote, what was removed, the main themes and their tone."""
    q = res.questions
    prov = res.province.iloc[0]
    themes = [t.code for t in sc.load_themes()]
    shares = prov[themes].astype(float).sort_values(ascending=False)
    found = ("disebut di instrumen" if (q["found_by"] == "instrument").all() else
             "dikenali dari judul kolomnya (saran, masukan, komentar, usulan, harapan)")
    removed = int(res.redactions["count"].sum()) if len(res.redactions) else 0
    lines = [f"- {format_number(prov['n_comments'], 0)} komentar berisi dari pertanyaan "
             f"terbuka ({', '.join(q['header'])}), yang {found}.",
             f"- Sebelum dianalisis, {format_number(removed, 0)} data pribadi (NIP, NIK, nomor "
             "telepon, e-mail, tautan, nama) dihapus dari komentar; hanya jumlahnya yang "
             "dicatat."]
    top = ", ".join(f"{_name(t, ctx)} ({_pct(v)})" for t, v in shares.head(4).items())
    lines.append(f"- Tema yang paling sering: {top} dari komentar (satu komentar dapat "
                 "memuat beberapa tema).")
    tone = res.tone.set_index("theme")
    col = next((c for c in tone.columns if c.endswith("_diff") and c != "culture_index_diff"),
               "culture_index_diff")
    real = tone.drop(index=["all_respondents", "all_writers"], errors="ignore")
    if len(real):
        low = real[col].idxmin()
        what = _name(col.removesuffix("_diff"), ctx) if col != "culture_index_diff" else \
            label("culture_index")
        lines.append(f"- Nada: penulis komentar tentang {_name(low, ctx)} memiliki "
                     f"{what.lower()} rata-rata {format_number(real.loc[low, col])} poin "
                     "dibanding seluruh responden (terendah di antara tema).")
    shown = int((~res.opd["suppressed"]).sum())
    lines.append(f"- Tema per OPD ditampilkan untuk {format_number(shown, 0)} OPD dengan "
                 f"sedikitnya {COMMENTS_MIN_N} komentar; contoh komentar hanya untuk tingkat keseluruhan "
                 f"dan OPD dengan sedikitnya {EXAMPLES_MIN_N} komentar.")
    return "\n".join(lines)


def comments_section(ctx: Analysis, data: DriverData) -> Section:
    """Notebook cell: themes, tone, emerging themes and example comments."""
    def show(res: CommentResult) -> list:
        for table, name in ((res.province, names.COMMENT_THEMES),
                            (res.opd, names.COMMENT_THEMES_OPD), (res.tone, names.COMMENT_TONE),
                            (res.emerging, names.EMERGING_THEMES),
                            (res.examples, names.COMMENT_EXAMPLES)):
            artifacts.save_table(table, name)
        ax = plots.plot_themes(res.province, themes=sc.load_themes(), lang=ctx.language)
        artifacts.save_figure(ax, names.FIG_THEMES)
        plt.close(ax.figure)
        prov_ex = res.examples[res.examples["unit"] == "province"]
        return [describe_comments(res, ctx), ax.figure,
                "Tema per OPD (% komentar OPD itu; OPD dengan kurang dari "
                f"{COMMENTS_MIN_N} komentar disembunyikan bersama pelindungnya):",
                _show(res.opd.drop(columns=["suppressed"]), ctx, decimals=0),
                "Nada: rata-rata skor penulis komentar per tema, dan selisihnya dengan "
                "seluruh responden:",
                _show(res.tone, ctx, named=("theme",)),
                "Tema temuan (NMF): kelompok kata yang sering muncul bersama; tema tanpa "
                "padanan di kamus adalah tema baru yang patut dibaca:",
                _show(res.emerging, ctx, named=("seed_theme",)),
                "Contoh komentar tingkat keseluruhan (sudah disamarkan):",
                _show(prov_ex.drop(columns=["unit"]), ctx, named=("theme",))]
    return run_section(ctx, "comments", comment_analysis, ctx, data, needs=["comments"],
                       show=show)


# --------------------------------------------------------------------------------------
# what was read, and the method note
# --------------------------------------------------------------------------------------
def describe_inputs(ctx: Analysis, data: DriverData) -> str:
    """Generated sentences: which outcome scales and open questions were found, and how."""
    ins, ex = ctx.instrument(), data.extras
    lines = []
    if ins.outcomes:
        found = _outcomes(data, ctx)
        lines.append(f"- Instrumen {ins.name} memuat {len(ins.outcomes)} skala hasil ("
                     + ", ".join(_name(o, ctx) for o in ins.outcome_codes) + "); "
                     f"{len(found)} di antaranya dijawab di ekspor {ctx.year}.")
        if ex.missing_items:
            lines.append(f"- Butir skala hasil tanpa kolom di ekspor: "
                         f"{', '.join(ex.missing_items)} (dianggap tidak dijawab).")
    else:
        lines.append(f"- Instrumen {ins.name} tidak memuat skala hasil; analisis pendorong "
                     "tidak dijalankan (Indeks Budaya Kerja tidak pernah dijelaskan oleh "
                     "nilai-nilainya sendiri).")
    if len(ex.questions):
        for q in ex.questions.itertuples():
            how = "disebut di instrumen" if q.found_by == "instrument" else \
                "dikenali dari judul kolomnya"
            lines.append(f"- Pertanyaan terbuka \"{q.header}\" ({how}): "
                         f"{format_number(q.n_comments, 0)} komentar berisi dari "
                         f"{format_number(q.n_answers, 0)} jawaban.")
    else:
        lines.append("- Tidak ada pertanyaan terbuka di ekspor.")
    return "\n".join(lines)


def method_note(ctx: Analysis) -> str:
    """The method in words: what was computed, what is never done, and why."""
    return "\n".join([
        "- **Bobot relatif** (Johnson, 2000) dan **dominansi umum** (Budescu, 1993; Azen & "
        "Budescu, 2003; sama dengan nilai Shapley/LMG untuk R²) membagi varians skala hasil "
        "yang dijelaskan (R²) di antara ketujuh nilai yang saling berkorelasi; bagian-bagiannya "
        "tidak negatif dan berjumlah R².",
        f"- Interval: bootstrap {format_number(DRAWS, 0)} kali yang mengambil ulang responden "
        "di dalam setiap OPD (strata), dengan bobot jumlah pegawai dan koreksi populasi "
        "terbatas (Rao & Wu, 1988); responden berjawaban seragam di semua butir tidak dipakai.",
        "- Indeks Budaya Kerja **tidak pernah** dijelaskan oleh nilai-nilainya sendiri: indeks "
        "adalah rerata ketujuh nilai, sehingga R²-nya 1 dan \"pendorongnya\" hanya mengulang "
        "definisinya. Yang dijelaskan adalah skala hasil yang diukur terpisah.",
        f"- Pendorong per OPD hanya untuk OPD dengan sedikitnya {DRIVERS_MIN_N} responden "
        "berskor lengkap, dan tidak untuk OPD yang disembunyikan.",
        "- Komentar: data pribadi (NIP, NIK, telepon, e-mail, tautan, nama dari daftar "
        "responden dan kepala unit, nama setelah sapaan atau jabatan) dihapus **sebelum** "
        "analisis; tema dicocokkan pada kata dasar (stemmer Sastrawi) dengan kamus tema yang "
        "terdokumentasi; tema temuan dengan NMF pada TF-IDF (scikit-learn, benih tetap). "
        f"Tema per kelompok hanya untuk kelompok dengan sedikitnya {COMMENTS_MIN_N} komentar; "
        f"contoh komentar hanya untuk tingkat keseluruhan dan OPD dengan sedikitnya {EXAMPLES_MIN_N} "
        "komentar, tidak pernah dari kelompok yang disembunyikan.",
    ])
