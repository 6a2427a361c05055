"""Notebook glue for the fair OPD ranking (notebook 03): tables and text from :mod:`.rank`.

:mod:`.rank` does the statistics (variance components, shrinkage, rank intervals); this module
turns its results into what a notebook shows: the unit table ``rank_units`` needs, the
publishable ranking table (suppressed units blanked), the variance components as a table, the
level-versus-change table against the previous year (renamed and merged units followed to
their successor, change measured on the items both instruments share), the improvement areas
with value names and item statements, and the generated conclusions in Bahasa Indonesia.

Public functions: :func:`variance_table`, :func:`level_change`, :func:`ranking_conclusions`,
and the sections :func:`level_change_chart` and :func:`peer_ranking`; the published ranking
and improvement tables are made by :mod:`akhlak_analysis.report.publish`.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML

from .. import plots
from ..checks import require_columns
from ..errors import DataError
from ..labels import format_number, format_percent, md_escape, to_display
from ..stats.change import compare_province
from ..stats.rank import IccResult, icc, rank_units
from ..stats.scoring import overall_index
from . import artifacts, names
from .changes import figure
from .interactive import interactive_html
from .publish import published_scores
from .rank_tables import ranking_table
from .sections import Section, SectionUnavailable, run_section

__all__ = ["conclusions", "improvement", "level_change", "level_change_chart", "opd_index",
           "peer_ranking", "ranking", "ranking_charts", "ranking_conclusions",
           "variance_components", "variance_table"]

# --------------------------------------------------------------------------- checks
def _need_columns(table, columns, what: str) -> None:
    require_columns(table, columns, what=what, source="rank_units")


def _check_lang(lang: str) -> None:
    if lang not in ("id", "en"):
        raise DataError(f"lang must be 'id' or 'en', got {lang!r}", key="lang")


# --------------------------------------------------------------------------- variance_table
def variance_table(result: IccResult, *, lang: str = "id") -> pd.DataFrame:
    """Variance components of :func:`.rank.icc` as a small table with a plain explanation.

    Parameters
    ----------
    result : IccResult
        From :func:`akhlak_analysis.icc`.
    lang : {"id", "en"}

    Returns
    -------
    pandas.DataFrame
        One row per quantity, columns ``measure`` (name), ``estimate`` (the number as text,
        decimal comma in Indonesian: this table is for display) and ``detail`` (what it
        means): between-unit variance tau2, within-unit variance sigma2, ICC(1), ICC(2)
        (reliability of a unit mean of typical size n0), the design effect, the grand mean,
        the number of units and of respondents.

    Notes
    -----
    ICC(1) = tau2 / (tau2 + sigma2); ICC(2) = tau2 / (tau2 + sigma2 / n0); design effect
    1 + (N / J - 1) ICC(1) (Kish 1965); see :func:`.rank.icc`.

    Examples
    --------
    >>> from akhlak_analysis.stats.rank import IccResult
    >>> r = IccResult(icc1=0.2, icc2=0.9, tau2=25.0, sigma2=100.0, grand_mean=76.0,
    ...               design_effect=20.8, n_groups=40, n=4000, n0=90.0, method="reml")
    >>> variance_table(r)["estimate"].tolist()
    ['25,0', '100,0', '0,200', '0,900', '20,8', '76,0', '40', '4.000']
    """
    _check_lang(lang)
    if not isinstance(result, IccResult):
        raise DataError(f"expected an IccResult from rank.icc, got {type(result)!r}")
    en = lang == "en"
    n0 = format_number(result.n0, 0, lang)
    rows = [
        ("Varians antar-OPD (τ²)", "Between-unit variance (τ²)", result.tau2,
         "Seberapa besar OPD benar-benar berbeda", "How much units truly differ"),
        ("Varians dalam OPD (σ²)", "Within-unit variance (σ²)", result.sigma2,
         "Seberapa besar pegawai dalam satu OPD berbeda", "How much staff within a unit differ"),
        ("ICC(1)", "ICC(1)", result.icc1,
         "Bagian keragaman indeks yang terletak antar-OPD",
         "Share of the index variance that lies between units"),
        ("ICC(2)", "ICC(2)", result.icc2,
         f"Keandalan rerata OPD berukuran khas (sekitar {n0} responden)",
         f"Reliability of the mean of a unit of typical size (about {n0} respondents)"),
        ("Efek desain", "Design effect", result.design_effect,
         "Berapa kali varians membesar karena responden berkelompok dalam OPD",
         "Variance inflation because respondents cluster in units"),
        ("Rerata keseluruhan (μ)", "Grand mean (μ)", result.grand_mean,
         "Titik tujuan penyesuaian (shrinkage)", "The point unit means shrink toward"),
        ("Jumlah OPD", "Units", float(result.n_groups),
         "OPD dengan responden bernilai", "Units with scorable respondents"),
        ("Jumlah responden", "Respondents", float(result.n),
         "Responden dengan indeks", "Respondents with an index"),
    ]
    decimals = (1, 1, 3, 3, 1, 1, 0, 0)
    return pd.DataFrame({"measure": [r[1] if en else r[0] for r in rows],
                         "estimate": [format_number(r[2], d, lang)
                                      for r, d in zip(rows, decimals, strict=True)],
                         "detail": [r[4] if en else r[3] for r in rows]})


# --------------------------------------------------------------------------- level_change
def level_change(level: pd.DataFrame, comparison: pd.DataFrame) -> pd.DataFrame:
    """Level of each OPD in the report year beside its change since the previous year.

    A join of two tables the report already makes, so the level and the change shown here
    are the same figures as on the index page and the year-over-year page.

    Parameters
    ----------
    level : pandas.DataFrame
        :func:`akhlak_analysis.stats.scoring.index_table` of the report year (``by="opd"``,
        full instrument): ``unit``, ``name``, ``n``, ``culture_index``, ``suppressed``.
    comparison : pandas.DataFrame
        :func:`akhlak_analysis.stats.change.compare_years` of the previous and the report
        year (change on the common items, renamed and merged units followed): ``unit``,
        ``change``, ``compared``, ``suppressed``.

    Returns
    -------
    pandas.DataFrame
        One row per OPD of ``level``: ``unit``, ``name``, ``n``, ``culture_index``,
        ``change`` (blank when the OPD was not compared) and ``suppressed`` (too few
        respondents in either year: no figures).

    Examples
    --------
    >>> lv = pd.DataFrame({"unit": ["A", "B"], "name": ["A", "B"], "n": [20, 12],
    ...                    "culture_index": [80.0, 70.0], "suppressed": [False, False]})
    >>> cp = pd.DataFrame({"unit": ["A", "B"], "change": [2.0, None], "compared": [True, False],
    ...                    "suppressed": [False, True]})
    >>> level_change(lv, cp)[["unit", "culture_index", "change", "suppressed"]]
      unit  culture_index  change  suppressed
    0    A           80.0     2.0       False
    1    B            NaN     NaN        True
    """
    _need_columns(level, ["unit", "name", "n", "culture_index", "suppressed"], "level")
    _need_columns(comparison, ["unit", "change", "compared", "suppressed"], "comparison")
    c = comparison.set_index(comparison["unit"].astype(str))
    codes = level["unit"].astype(str)
    hidden = (level["suppressed"].astype(bool).to_numpy()
              | c["suppressed"].reindex(codes).fillna(False).astype(bool).to_numpy())
    compared = c["compared"].reindex(codes).fillna(False).astype(bool).to_numpy()
    out = pd.DataFrame({"unit": codes.to_numpy(), "name": level["name"].to_numpy(),
                        "n": pd.array(level["n"], dtype="Int64"),
                        "culture_index": level["culture_index"].to_numpy(dtype=float),
                        "change": np.where(compared, c["change"].reindex(codes).to_numpy(float),
                                           np.nan),
                        "suppressed": hidden})
    out.loc[hidden, ["culture_index", "change"]] = np.nan
    out.loc[hidden, "n"] = pd.NA
    return out


# --------------------------------------------------------------------------- improvement
# --------------------------------------------------------------------------- conclusions
def _names(rows: pd.DataFrame, max_names: int, lang: str) -> str:
    label = rows["name"] if "name" in rows.columns else rows["unit"]
    label = label.where(label.notna(), rows["unit"]).astype(str).tolist()
    parts = [f"{md_escape(nm)} (n = {format_number(int(n), 0, lang)})" for nm, n in
             zip(label, rows["n"], strict=True)]
    more = len(parts) - max_names
    sep = " dan " if lang == "id" else " and "
    if more > 0:
        rest = f"{more} lainnya" if lang == "id" else f"{more} more"
        return "; ".join(parts[:max_names]) + sep + rest
    return parts[0] if len(parts) == 1 else "; ".join(parts[:-1]) + sep + parts[-1]


def ranking_conclusions(ranked: pd.DataFrame, *, top_share: float = 0.10,
                        threshold: float = 0.9, icc_result: IccResult | None = None,
                        lang: str = "id", max_names: int = 8) -> str:
    """Conclusions of a ranking in plain words (Markdown), generated from the numbers.

    Parameters
    ----------
    ranked : pandas.DataFrame
        From :func:`.rank.rank_units` without ``within`` (one table): ``unit``, ``n``,
        ``culture_index``, ``eb_index``, ``rank``, ``rank_low``, ``rank_high``, ``p_top``,
        ``p_bottom``, ``suppressed`` (``name`` if present).
    top_share : float
        Share of ranked units that counts as the top (and the bottom): the first
        ceil(top_share * K) ranks of K; the same value given to ``rank_units``.
    threshold : float
        A unit is clearly in the top (bottom) when its whole rank interval lies in the top
        (bottom) ranks or its ``p_top`` (``p_bottom``) exceeds this probability.
    icc_result : IccResult, optional
        Adds a sentence on how much of the index lies between OPDs.
    lang : {"id", "en"}
    max_names : int
        At most this many names per list.

    Returns
    -------
    str
        Markdown bullet list: clearly top and bottom units; the units that may belong to the
        top but cannot be told apart from the next; how wide the rank intervals are in the
        middle of the table; a small unit that would top the raw-mean table but not the
        fair one; suppressed units (names only, never figures).

    Notes
    -----
    With K ranked units, t = max(1, ceil(top_share * K)); clearly top: ``rank_high <= t`` or
    ``p_top > threshold``; clearly bottom: ``rank_low > K - t`` or ``p_bottom > threshold``;
    possibly top: ``rank_low <= t`` and not clearly top. Two units cannot be told apart when
    their rank intervals overlap (Goldstein & Spiegelhalter 1996).

    Examples
    --------
    >>> r = pd.DataFrame({"unit": list("ABCDEFGHIJ"), "n": [200] * 9 + [12],
    ...     "culture_index": [90.0, 80, 79, 78, 77, 76, 75, 74, 60, 99],
    ...     "eb_index": [90.0, 80, 79, 78, 77, 76, 75, 74, 60, 80],
    ...     "rank": [1, 2, 3, 4, 5, 6, 7, 8, 9, 2], "rank_low": [1, 2, 2, 2, 2, 2, 2, 2, 9, 2],
    ...     "rank_high": [1, 8, 8, 8, 8, 8, 8, 8, 10, 8],
    ...     "p_top": [1.0] + [0.0] * 9, "p_bottom": [0.0] * 8 + [0.95, 0.05],
    ...     "suppressed": [False] * 10})
    >>> print(ranking_conclusions(r))
    - **Jelas di 10% teratas**: A (n = 200).
    - **Jelas di 10% terbawah**: I (n = 200).
    ...
    """
    _check_lang(lang)
    shown, hidden, t = _ranking_for_conclusions(ranked, top_share, threshold)
    low = shown["rank_low"].astype(float).to_numpy()
    high = shown["rank_high"].astype(float).to_numpy()
    k = len(shown)
    top = (high <= t) | (shown["p_top"].to_numpy(dtype=float) > threshold)
    bottom = (low > k - t) | (shown["p_bottom"].to_numpy(dtype=float) > threshold)
    maybe = (low <= t) & ~top
    lines = _group_lines(shown, top, bottom, maybe, t, top_share, max_names, lang)
    lines += _middle_lines(low[~top & ~bottom], high[~top & ~bottom], lang)
    lines += _small_unit_lines(shown, lang)
    id_ = lang == "id"
    if icc_result is not None:
        lines.append(
            f"- **{format_percent(icc_result.icc1, 0, lang)}** keragaman indeks terletak "
             f"antar-OPD; sisanya perbedaan antarpegawai di dalam OPD yang sama." if id_ else
             f"- **{format_percent(icc_result.icc1, 0, lang)}** of the index variance lies "
             "between units; the rest is between staff of the same unit.")
    if len(hidden):
        label = hidden["name"] if "name" in hidden.columns else hidden["unit"]
        label = [md_escape(x) for x in label.where(label.notna(), hidden["unit"]).astype(str)]
        lines.append(f"- **Tidak diperingkat** (disembunyikan karena respondennya terlalu "
                     f"sedikit atau untuk melindungi kelompok kecil lain; angka tidak "
                     f"ditampilkan): {', '.join(label)}." if id_ else
                     f"- **Not ranked** (hidden: too few respondents, or withheld to protect "
                     f"another small group; figures not shown): {', '.join(label)}.")
    return "\n".join(lines)


def _ranking_for_conclusions(ranked: pd.DataFrame, top_share: float,
                             threshold: float) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Checked inputs of :func:`ranking_conclusions`: ranked rows in rank order, the
    suppressed rows, and t, the number of ranks that count as the top."""
    _need_columns(ranked, ["unit", "n", "culture_index", "eb_index", "rank", "rank_low",
                           "rank_high", "p_top", "p_bottom", "suppressed"], "ranking table")
    if not 0 < top_share < 1:
        raise DataError(f"top_share must lie strictly between 0 and 1, got {top_share!r}",
                        key="top_share")
    if not 0 < threshold < 1:
        raise DataError(f"threshold must lie strictly between 0 and 1, got {threshold!r}",
                        key="threshold")
    if "peer_group" in ranked.columns and ranked["peer_group"].nunique() > 1:
        raise DataError("ranking_conclusions describes one table; pass a ranking without "
                        "within= (or one peer group at a time)", column="peer_group")
    hide = ranked["suppressed"].to_numpy(dtype=bool)
    shown = ranked[~hide].sort_values("rank", kind="stable")
    k = len(shown)
    if k == 0:
        raise DataError("no ranked unit: every unit is suppressed", column="suppressed")
    return shown, ranked[hide], max(1, math.ceil(top_share * k - 1e-9))


def _group_lines(shown, top, bottom, maybe, t: int, top_share: float, max_names: int,
                 lang: str) -> list[str]:
    """Clearly top, clearly bottom and possibly top units, by name."""
    id_ = lang == "id"
    pct = format_percent(top_share, 0, lang)
    lines = []
    if top.any():
        lines.append((f"- **Jelas di {pct} teratas**: " if id_ else f"- **Clearly in the top "
                      f"{pct}**: ") + _names(shown[top], max_names, lang) + ".")
    else:
        lines.append(f"- Tidak ada OPD yang jelas berada di {pct} teratas." if id_ else
                     f"- No unit is clearly in the top {pct}.")
    if bottom.any():
        lines.append((f"- **Jelas di {pct} terbawah**: " if id_ else f"- **Clearly in the "
                      f"bottom {pct}**: ") + _names(shown[bottom], max_names, lang) + ".")
    else:
        lines.append(f"- Tidak ada OPD yang jelas berada di {pct} terbawah." if id_ else
                     f"- No unit is clearly in the bottom {pct}.")
    if maybe.any():
        lines.append((f"- **Mungkin di {pct} teratas, tetapi belum dapat dipastikan** "
                      f"(interval peringkatnya menyentuh peringkat {t} atau lebih baik): "
                      if id_ else f"- **Possibly in the top {pct}, not certain** (rank interval "
                      f"reaches rank {t} or better): ") + _names(shown[maybe], max_names, lang)
                     + ".")
    return lines


def _middle_lines(low: np.ndarray, high: np.ndarray, lang: str) -> list[str]:
    """How wide the rank intervals of the units neither clearly top nor bottom are."""
    if not len(low):
        return []
    id_ = lang == "id"
    width = high - low + 1
    wide = int((width >= 10).sum())
    return [
        f"- **Tidak dapat dibedakan**: {format_number(len(low), 0, lang)} OPD di "
        f"antaranya memiliki interval peringkat yang saling tumpang tindih; lebar "
        f"interval median {format_number(float(np.median(width)), 0, lang)} peringkat, "
        f"dan {format_number(wide, 0, lang)} OPD memiliki interval selebar 10 peringkat "
        "atau lebih. Urutan di antara mereka sebaiknya tidak dibacakan sebagai juara "
        "dan pecundang." if id_ else
        f"- **Cannot be told apart**: the {len(low)} units in between have "
        f"overlapping rank intervals; median width {np.median(width):.0f} ranks, and "
        f"{wide} units span 10 ranks or more. Their order should not be read out as "
        "winners and losers."]


def _small_unit_lines(shown: pd.DataFrame, lang: str) -> list[str]:
    """A small unit that tops the raw-mean table but not the fair one."""
    id_ = lang == "id"
    lines: list[str] = []
    raw_top = shown.sort_values("culture_index", ascending=False, kind="stable").iloc[0]
    small = shown["n"].astype(float).median()
    if float(raw_top["n"]) < small:
        nm = md_escape(raw_top["name"] if "name" in shown.columns
                       and pd.notna(raw_top.get("name")) else raw_top["unit"])
        rank_txt = (f"{int(raw_top['rank'])} (interval {int(raw_top['rank_low'])}–"
                    f"{int(raw_top['rank_high'])})")
        lines.append(
            f"- **Efek ukuran kecil**: menurut rerata mentah, {nm} (n = "
             f"{format_number(int(raw_top['n']), 0, lang)}) ada di puncak dengan "
             f"{format_number(float(raw_top['culture_index']), 1, lang)}; setelah penyesuaian "
             f"indeksnya {format_number(float(raw_top['eb_index']), 1, lang)} dan peringkatnya "
             f"{rank_txt}. Responden yang sedikit membuat rerata mudah tinggi atau rendah "
             "karena kebetulan." if id_ else
             f"- **Small-unit effect**: by the raw mean, {nm} (n = {int(raw_top['n'])}) tops "
             f"the table with {float(raw_top['culture_index']):.1f}; after shrinkage its index "
             f"is {float(raw_top['eb_index']):.1f} and its rank {rank_txt}.")
    return lines


# --------------------------------------------------------------------------- sections
def level_change_chart(ctx, published) -> Section:
    """Notebook 03: each OPD's level against its change since the previous year (chart)."""
    def compute():
        prov = compare_province(ctx.data_by_year(), units=ctx.units,
                                instrument_by_year=ctx.instrument_by_year(),
                                confidence=ctx.confidence, weighting=ctx.weighting)
        head = overall_index(ctx.scores(), units=ctx.units, year=ctx.year,
                             instrument=ctx.instrument(), target=ctx.target,
                             confidence=ctx.confidence, weighting=ctx.weighting)
        table = level_change(published[names.OPD_INDEX], published[names.UNIT_CHANGE])
        ax = plots.plot_level_change(table, province_index=float(head["culture_index"].iloc[0]),
                                     province_change=float(prov["change"].iloc[0]),
                                     year=ctx.year, previous_year=ctx.previous_year)
        return figure(ax, names.FIG_LEVEL_CHANGE)

    return run_section(ctx, "level_change", compute, needs=["previous_year"])


def peer_ranking(ctx, published, *, within: str) -> Section:
    """Notebook 03: the ranking within OPD types (``opd_type``) or size classes
    (``size_class``), fitted on the published OPDs only and protected like the main one."""
    def compute():
        _need_two_units(published)
        ranked = rank_units(published_scores(ctx, published), units=ctx.units, year=ctx.year,
                            min_n=ctx.min_n, seed=ctx.seed, confidence=ctx.confidence,
                            instrument=ctx.instrument(), within=within)
        return ranking_table(published.protect(ranked), include_suppressed=False)

    needs = ["opd_type"] if within == "opd_type" else []
    return run_section(ctx, f"ranking_{within}", compute, needs=needs,
                       show=lambda t: [to_display(t)])


def _need_two_units(published) -> None:
    opd = published[names.OPD_INDEX]
    shown = int((~opd["suppressed"].astype(bool)).sum())
    if shown < 2:
        raise SectionUnavailable(
            "Peringkat dan komponen varians memerlukan sedikitnya dua unit yang dilaporkan; "
            f"laporan ini melaporkan {shown} unit. Indeks unit tetap tersaji di bagian lain.",
            reason="too_few_units")


def variance_components(ctx, published) -> Section:
    """Notebook 03: how much of the index lies between OPDs (ICC, REML) on the published
    OPDs (so the parameters reveal nothing of a hidden one)."""
    def compute():
        _need_two_units(published)
        return icc(published_scores(ctx, published), by="opd")

    return run_section(ctx, "variance_components", compute, needs=["two_units"],
                       show=lambda r: [to_display(variance_table(r))])


def ranking(ctx, published) -> Section:
    """Notebook 03: the published ranking with rank intervals (table)."""
    def compute():
        _need_two_units(published)
        artifacts.save_table(published[names.RANKING], names.RANKING)
        return published.ranked

    return run_section(ctx, "ranking", compute, needs=["two_units"],
                       show=lambda _r: [HTML(interactive_html(
        published[names.RANKING], caption="Peringkat OPD", min_n=ctx.min_n, decimals=2))])


def ranking_charts(ctx, published, ranked: Section, components: Section) -> Section:
    """Notebook 03: the adjusted index with intervals (full and slide versions), the rank
    intervals and the shrinkage of small OPDs."""
    def compute():
        _need_two_units(published)
        r, k = ranked.result, components.result
        kw = {"instrument": ctx.instrument(), "reference": k.grand_mean,
              "confidence": ctx.confidence}
        full = figure(plots.plot_caterpillar(r, **kw), names.FIG_RANKING)
        figure(plots.plot_caterpillar(r, **kw, max_units=plots.SLIDE_ROWS),
               names.FIG_RANKING_SLIDE)
        spans = figure(plots.plot_rank_intervals(r, confidence=ctx.confidence),
                       names.FIG_RANK_INTERVALS)
        shrink = plots.plot_shrinkage(r, grand_mean=k.grand_mean, sigma2=k.sigma2).figure
        plt.close(shrink)  # for the page only: no file
        return [full, spans, shrink]

    return run_section(ctx, "ranking_charts", compute, needs=["two_units"],
                       show=lambda figs: figs)


def opd_index(ctx, published, ranked: Section) -> Section:
    """Notebook 03: the published OPD index table and the value heatmap (in ranking order
    when there is a ranking, else by index)."""
    def compute():
        t = published[names.OPD_INDEX]
        artifacts.save_table(t, names.OPD_INDEX)
        order = (ranked.result["unit"].tolist() if ranked.ran else
                 t.sort_values("culture_index", ascending=False)["unit"].tolist())
        return figure(plots.plot_value_heatmap(t, instrument=ctx.instrument(), order=order),
                      names.FIG_VALUE_HEATMAP)

    return run_section(ctx, "opd_index", compute)


def improvement(ctx, published) -> Section:
    """Notebook 03: each OPD's weakest value and behaviours against the province."""
    def compute():
        t = published[names.IMPROVEMENT]
        artifacts.save_table(t, names.IMPROVEMENT)
        return t

    return run_section(ctx, "improvement", compute, show=lambda t: [HTML(interactive_html(
        t, caption="Area perbaikan per OPD", min_n=ctx.min_n))])


def conclusions(ctx, ranked: Section, components: Section) -> str:
    """Notebook 03's generated conclusions (Markdown), or why there is no ranking."""
    if not (ranked.ran and components.ran):
        return f"- {ranked.note or components.note}"
    return ranking_conclusions(ranked.result, icc_result=components.result)
