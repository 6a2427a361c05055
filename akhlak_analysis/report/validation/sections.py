"""The data-dependent sections of notebook 01, one function each, and which of them will run.

Every function takes the analysis context (and, where a section builds on another, that
section) and returns a :class:`~akhlak_analysis.report.sections.Section` made by
:func:`~akhlak_analysis.report.sections.run_section`: shown as a notebook cell's value, it
displays its tables (numbers formatted here, not in the notebook) or, in their place, why it
could not run and what the user can do. A notebook cell is then one call, with no ``if``.

Before a multi-group model is fitted its groups are checked
(:func:`~.groups.check_groups`: too small, or an item constant in a group); :func:`can_run`
makes the same checks without fitting, for ``akhlak check``.

:func:`compute_years_invariance` is a pure function of the context (the one routine behind
:func:`years_invariance`), so a runner can compute it once and share it with notebook 02.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from ...analysis import Analysis
from ...cache import digest, source_digest
from ...errors import AkhlakError
from ...labels import to_display
from ...stats import psychometrics as pm
from .. import artifacts, names
from ..sections import Section, SectionUnavailable, has, note, run_section
from .estimation import straightlining_sensitivity
from .groups import check_groups
from .invariance import (
    GroupInvariance,
    InvarianceLevel,
    YearInvariance,
    invariance_across_years,
    invariance_by_group,
)
from .items import item_factors, prepare_items, stack_common_items
from .shared import (
    compute_position_invariance,
    fit_lock,
    keep_improper,
    position_inputs,
    warn_improper,
)
from .tables import criterion_correlations, efa_summary, value_summary
from .text import (
    group_invariance_sentence,
    invariance_sentence,
    ordinal_check_sentence,
    ordinal_unavailable,
    validation_conclusions,
)

__all__ = ["MIN_CRITERION_UNITS", "SECTION_NEEDS", "SECTION_TITLES", "can_run",
           "compute_years_invariance", "conclusions", "criterion_validity",
           "discriminant_validity", "efa_pattern", "factor_count",
           "ordinal_invariance", "partial_invariance_step", "position_invariance",
           "section_checks", "show_table", "straightlining", "years_invariance"]

#: the optional inputs each section needs (see :data:`~akhlak_analysis.report.sections.NEEDS`)
SECTION_NEEDS: dict[str, tuple[str, ...]] = {
    "invariance_years": ("previous_year",),
    "invariance_position": ("position_type",),
    "ordinal_check": (),
    "parallel_analysis": (),
    "efa": (),
    "discriminant_validity": (),
    "criterion_validity": ("indicators",),
    "straightlining": (),
}

#: the errors that mean "these data cannot support the model" (numerical breakdowns included)
_CANNOT = (AkhlakError, np.linalg.LinAlgError, FloatingPointError)


# --------------------------------------------------------------------------------------
# computing under a guard: numerical breakdowns and warnings become notes


def _guarded(compute: Callable[[], object]) -> tuple[object, list[str]]:
    """Run ``compute``; a numerical breakdown is :class:`SectionUnavailable`; the improper
    solutions it warns of are returned as Indonesian notes (the values are kept)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pm.ImproperSolutionWarning)
        try:
            result = compute()
        except SectionUnavailable:
            raise
        except _CANNOT as exc:
            text = str(exc).strip() or type(exc).__name__
            raise SectionUnavailable("Model tidak dapat diestimasi pada data ini. Keterangan "
                                     f"teknis: {text}", reason="not_estimable") from exc
    notes = [_improper_note(str(w.message)) for w in caught
             if issubclass(w.category, pm.ImproperSolutionWarning)]
    return result, list(dict.fromkeys(notes))


def _improper_note(message: str) -> str:
    """An improper-solution warning in Indonesian (the groups named, values kept)."""
    groups = sorted(set(re.findall(r"in group '([^']*)'", message)))
    where = f" pada kelompok {', '.join(groups)}" if groups else ""
    model = re.match(r"the (\w+) model", message)
    which = f"Model {model.group(1)}" if model else "Model ini"
    return (f"**Solusi tidak wajar (kasus Heywood).** {which} menghasilkan varians negatif "
            f"atau korelasi faktor di atas 1{where}; nilainya dibiarkan seperti hasil estimasi "
            "(seperti lavaan) dan perlu dibaca hati-hati. Keterangan teknis: " + message)


def show_table(table: pd.DataFrame, *, decimals: int = 3, **kwargs) -> pd.DataFrame:
    """A fit or invariance table ready to show (:func:`~akhlak_analysis.labels.to_display`,
    three decimals), its ``improper`` and ``problems`` columns only when a solution is.

    Examples
    --------
    >>> t = pd.DataFrame({"model": ["configural"], "cfi": [0.95123], "improper": [False],
    ...                   "problems": [""]})
    >>> show_table(t).to_dict("records")
    [{'Model': 'konfigural', 'CFI': '0,951'}]
    """
    if "improper" in table.columns and not table["improper"].fillna(False).astype(bool).any():
        table = table.drop(columns=["improper", "problems"], errors="ignore")
    return to_display(table, decimals=decimals, **kwargs)


# --------------------------------------------------------------------------------------
# invariance


def _year_inputs(ctx: Analysis) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    instruments = ctx.instrument_by_year()
    stacked = stack_common_items(ctx.data_by_year(), instruments)
    items = [c for c in stacked.columns if c != "year"]
    factors = item_factors(instruments[max(instruments)], items)
    return stacked, {v: its for v, its in factors.items() if len(its) >= 2}


def compute_years_invariance(ctx: Analysis, *, estimator: str = "MLR") -> YearInvariance:
    """Invariance across the years on their common items, after the group checks.

    A pure function of the context (the one routine behind :func:`years_invariance`); raises
    :class:`SectionUnavailable` when a year is too small or an item constant in a year.
    """
    key = digest("years_invariance", [ctx.cache_key(y) for y in ctx.years], estimator,
                 source_digest())
    with fit_lock(ctx, f"invariance_{ctx.year}"):  # a fit in progress elsewhere: wait
        hit = ctx.cache.load(f"invariance_{ctx.year}", key) if ctx.cache_dir is not None \
            else None
        if hit is not None:  # fitted once per run: notebooks 01 and 02 share it
            result, messages = _invariance_from_frames(*hit)
            warn_improper(messages)  # as the fit gave them
            return result
        stacked, factors = _year_inputs(ctx)
        categories = len(ctx.instrument().scale.codes) if estimator == "WLSMV" else None
        check_groups(stacked, factors, "year", min_n=ctx.min_n, ordinal_categories=categories)
        result, messages = keep_improper(lambda: invariance_across_years(
            ctx.data_by_year(), instrument_by_year=ctx.instrument_by_year(),
            estimator=estimator))
        ctx.cache.save(f"invariance_{ctx.year}", key, *_invariance_to_frames(result, messages))
    warn_improper(messages)
    return result


def _invariance_to_frames(r: YearInvariance, messages: list[str]) -> tuple[dict, dict]:
    frames = {"table": r.table} | ({"partial": r.partial} if r.partial is not None else {})
    meta = {"level": r.level.level, "freed": list(r.level.freed), "years": list(r.years),
            "n": {str(k): int(v) for k, v in r.n.items()}, "items": list(r.items),
            "missing": r.missing, "estimator": r.estimator,
            "collapsed": {str(k): v for k, v in r.collapsed.items()}, "warnings": messages}
    return frames, meta


def _invariance_from_frames(frames: dict, meta: dict) -> tuple[YearInvariance, list[str]]:
    return YearInvariance(frames["table"], frames.get("partial"),
                          InvarianceLevel(meta["level"], tuple(meta["freed"])),
                          tuple(meta["years"]), {int(k): v for k, v in meta["n"].items()},
                          tuple(meta["items"]), meta["missing"], meta["estimator"],
                          dict(meta["collapsed"])), list(meta.get("warnings", []))


def _show_invariance(result: YearInvariance | GroupInvariance, cautions: list[str],
                     notes: list[str], *, years: bool) -> list:
    sentence = invariance_sentence(result) if years else group_invariance_sentence(result)
    return [sentence, *cautions, *notes, show_table(result.table)]


def years_invariance(ctx: Analysis) -> Section:
    """Section 9a: measurement invariance across years (FIML + MLR), with its decision.

    Shows the sentence of what the comparison may claim, cautions and improper-solution
    notes, and the table; ``result`` is the
    :class:`~.invariance.YearInvariance`.
    """
    def compute():
        stacked, factors = _year_inputs(ctx)
        cautions = check_groups(stacked, factors, "year", min_n=ctx.min_n)
        result, notes = _guarded(lambda: compute_years_invariance(ctx))
        return result, cautions, notes

    sec = run_section(ctx, "invariance_years", compute, needs=SECTION_NEEDS["invariance_years"],
                      show=lambda r: _show_invariance(*r, years=True))
    return _unwrap(sec)


def position_invariance(ctx: Analysis) -> Section:
    """Section 9b: measurement invariance across position types in the report year."""
    def compute():
        data, factors = position_inputs(ctx)
        cautions = check_groups(data, factors, "position_type", min_n=ctx.min_n)
        result, notes = _guarded(lambda: compute_position_invariance(ctx, data, factors))
        return result, cautions, notes

    sec = run_section(ctx, "invariance_position", compute,
                      needs=SECTION_NEEDS["invariance_position"],
                      show=lambda r: _show_invariance(*r, years=False))
    return _unwrap(sec)


def _unwrap(sec: Section) -> Section:
    """Keep the invariance result itself as ``result`` (the cautions are in ``items``)."""
    if sec.ran and isinstance(sec.result, tuple):
        sec.result = sec.result[0]
    return sec


def partial_invariance_step(ctx: Analysis, section: Section) -> Section:
    """The partial-invariance search of an invariance section (intercepts freed one by one).

    Absent when ``section`` did not run; otherwise its table, or the sentence saying why no
    search was needed (scalar invariance holds, or metric does not).
    """
    key = f"partial_{section.key}"
    if not section.ran:
        return run_section(ctx, key, _raise_absent, section)

    def show(result):
        if result.partial is None:
            return [_no_partial_sentence(result.level.level)]
        return [show_table(result.partial)]

    return run_section(ctx, key, lambda: section.result, show=show)


def _raise_absent(section: Section):
    raise SectionUnavailable("Uji invariansi di atas tidak dihitung, sehingga langkah ini "
                             "juga tidak.", reason=f"after:{section.reason or section.key}")


def _no_partial_sentence(level: str) -> str:
    if level in ("scalar", "strict"):
        return ("Invariansi skalar tercapai, sehingga tidak ada intersep butir yang perlu "
                "dibebaskan.")
    return ("Invariansi metrik tidak tercapai, sehingga pembebasan intersep (invariansi skalar "
            "parsial) tidak diuji.")


def ordinal_invariance(ctx: Analysis, years: Section, positions: Section) -> Section:
    """Section 9c: the invariance sequence again with ordinal items (WLSMV).

    Across years when ``years`` ran, else across position types when ``positions`` ran;
    absent otherwise (naming both missing inputs). Merges answer categories unused in a group
    toward the middle (named in the sentence).
    """
    def compute():
        try:
            return fit()
        except SectionUnavailable as exc:
            if isinstance(exc.__cause__, AkhlakError):  # e.g. an answer category unused
                raise SectionUnavailable(_bare(ordinal_unavailable(exc.__cause__)),
                                         reason="not_estimable") from exc
            raise

    def fit():
        if years.ran:
            stacked, factors = _year_inputs(ctx)
            check_groups(stacked, factors, "year", min_n=ctx.min_n,
                         ordinal_categories=len(ctx.instrument().scale.codes))
            result, notes = _guarded(lambda: compute_years_invariance(ctx, estimator="WLSMV"))
            return result, years.result, notes
        if positions.ran:
            data, factors = position_inputs(ctx)
            check_groups(data, factors, "position_type", min_n=ctx.min_n,
                         ordinal_categories=len(ctx.instrument().scale.codes))
            result, notes = _guarded(lambda: invariance_by_group(
                data, factors=factors, group="position_type", estimator="WLSMV"))
            return result, positions.result, notes
        raise SectionUnavailable(
            "Pemeriksaan ini mengulang uji invariansi antartahun atau antarjenis jabatan di "
            "atas dengan model ordinal; keduanya tidak tersedia. " + _bare(years.note) + " "
            + _bare(positions.note), reason="after:invariance")

    def show(r):
        ordinal, continuous, notes = r
        return [ordinal_check_sentence(ordinal, continuous), *notes, show_table(ordinal.table)]

    sec = run_section(ctx, "ordinal_check", compute, show=show)
    if sec.ran:
        sec.result = sec.result[0]
    return sec


def _bare(text: str) -> str:
    """A section's note without its leading marker (``*Tidak ditampilkan.*`` ...)."""
    return re.sub(r"^\*[^*]+\*\s*", "", text)


# --------------------------------------------------------------------------------------
# structure and validity


def _items(ctx: Analysis) -> pd.DataFrame:
    return prepare_items(ctx.clean(ctx.year).data, ctx.instrument())


def factor_count(ctx: Analysis) -> Section:
    """Section 6: parallel analysis (seeded by ``ctx.seed``): the scree chart and the
    suggested numbers of factors and components."""
    from ... import plots

    def show(res):
        ax = plots.plot_scree(res.eigenvalues)
        return [_figure(ax), f"Faktor (FA) yang disarankan: {res.n_factors}; komponen (PC): "
                             f"{res.n_components}."]

    return run_section(ctx, "parallel_analysis", lambda: _guarded(
        lambda: pm.parallel_analysis(_items(ctx), seed=ctx.seed))[0], show=show)


def efa_pattern(ctx: Analysis) -> Section:
    """Section 6: EFA (ML, oblimin) with as many factors as values; ``result`` is
    :func:`~.tables.efa_summary` (its ``flag_efa`` feeds the item table)."""
    ins = ctx.instrument()
    factors = item_factors(ins)

    def compute():
        efa = _guarded(lambda: pm.efa(_items(ctx), len(factors), rotation="oblimin"))[0]
        return efa, efa_summary(efa.loadings, factors)

    sec = run_section(ctx, "efa", compute, show=lambda r: [
        to_display(r[0].loadings, decimals=2), to_display(r[1], instrument=ins, decimals=2)])
    if sec.ran:
        sec.result = sec.result[1]
    return sec


def discriminant_validity(ctx: Analysis, reliability: pd.DataFrame) -> Section:
    """Section 8: HTMT and Fornell-Larcker beside the reliability; ``result`` is
    :func:`~.tables.value_summary` (one row per value with its flags), saved for the report
    as ``names.VALUE_VALIDATION`` when the section runs."""
    from ... import plots

    ins = ctx.instrument()
    factors = item_factors(ins)

    def compute():
        def fit():
            data = _items(ctx)
            return pm.htmt(data, factors), pm.fornell_larcker(data, factors)
        (ht, fl), notes = _guarded(fit)
        return value_summary(reliability, fl, ht, instrument=ins), ht, notes

    def show(r):
        values, ht, notes = r
        artifacts.save_table(values, names.VALUE_VALIDATION)
        return [*notes, to_display(values, instrument=ins, decimals=2),
                _figure(plots.plot_htmt(ht, instrument=ins))]

    sec = run_section(ctx, "discriminant_validity", compute, show=show)
    if sec.ran:
        sec.result = sec.result[0]
    return sec


#: OPDs with both an index and an indicator below which no correlation is computed (the
#: Fisher-z interval of :func:`~akhlak_analysis.stats.psychometrics.criterion_validity`)
MIN_CRITERION_UNITS = 4


def _criterion_index(ctx: Analysis) -> pd.DataFrame:
    """The OPD index of the report year, checked to hold enough OPDs with indicators."""
    from ...stats.scoring import index_table

    index = index_table(ctx.scores(), by="opd", units=ctx.units, year=ctx.year,
                        instrument=ctx.instrument(), min_n=ctx.min_n,
                        weighting=ctx.weighting, confidence=ctx.confidence)
    indicators = pd.read_csv(ctx.indicators)
    shown = set(index.loc[~index["suppressed"].astype(bool), "unit"])
    k = len(shown & set(indicators.loc[indicators["year"] == ctx.year, "opd"]))
    if k < MIN_CRITERION_UNITS:
        raise SectionUnavailable(
            f"Hanya {k} OPD yang memiliki indeks (responden sedikitnya {ctx.min_n}) dan "
            f"indikator tahun {ctx.year}; korelasi memerlukan sedikitnya "
            f"{MIN_CRITERION_UNITS} OPD. Lengkapi berkas indikator atau tunggu survei dengan "
            "lebih banyak OPD; bagian lain laporan tidak terpengaruh.", reason="too_small")
    return index


def criterion_validity(ctx: Analysis) -> Section:
    """Section 10: the OPD index against the unit indicators (needs ``indicators`` and at
    least :data:`MIN_CRITERION_UNITS` OPDs with both)."""
    def compute():
        return criterion_correlations(_criterion_index(ctx), ctx.indicators, year=ctx.year)

    return run_section(ctx, "criterion_validity", compute,
                       needs=SECTION_NEEDS["criterion_validity"],
                       show=lambda t: [to_display(t, decimals=2)])


def straightlining(ctx: Analysis) -> Section:
    """Section 10: CFA loadings with and without the straight-liners (largest changes)."""
    ins = ctx.instrument()

    def compute():
        return _guarded(lambda: straightlining_sensitivity(ctx.clean(ctx.year).data, ins))[0]

    return run_section(ctx, "straightlining", compute,
                       show=lambda t: [to_display(t.head(8), instrument=ins, decimals=3)])


def _figure(ax):
    """The Axes' figure, closed so that the notebook shows it once (as the section's item)."""
    import matplotlib.pyplot as plt

    fig = ax.figure
    plt.close(fig)
    return fig


#: the sections' titles in the conclusions (Indonesian)
SECTION_TITLES = {
    "invariance_years": "Invariansi antartahun",
    "invariance_position": "Invariansi antarjenis jabatan",
    "ordinal_check": "Pemeriksaan dengan model ordinal",
    "parallel_analysis": "Analisis paralel",
    "efa": "Analisis faktor eksploratori",
    "discriminant_validity": "Validitas konvergen dan diskriminan",
    "criterion_validity": "Validitas kriteria",
    "straightlining": "Kepekaan terhadap responden berjawaban seragam",
}


def conclusions(ctx: Analysis, items: pd.DataFrame, fit: pd.DataFrame, *,
                values: Section, years: Section, positions: Section, criterion: Section,
                sensitivity: Section, others: Sequence[Section] = ()) -> str:
    """Section 11: :func:`~.text.validation_conclusions` from the sections' results, and a
    bullet for each section that could not be computed (its reason, in Indonesian).

    Parameters
    ----------
    ctx : Analysis
    items, fit : DataFrame
        :func:`~.tables.item_summary` and :func:`~.tables.fit_summary`.
    values, years, positions, criterion, sensitivity : Section
        :func:`discriminant_validity`, :func:`years_invariance`,
        :func:`position_invariance`, :func:`criterion_validity`, :func:`straightlining`.
    others : sequence of Section
        Further sections whose failure the conclusions should name (EFA, parallel analysis,
        the ordinal check).

    Returns
    -------
    str
        Markdown (Indonesian).
    """
    def result(sec: Section):
        return sec.result if sec.ran else None

    text = validation_conclusions(
        items, result(values), fit, invariance_years=result(years),
        invariance_groups=result(positions), criterion=result(criterion),
        sensitivity=result(sensitivity), instrument=ctx.instrument(),
        years=ctx.headline_years)
    failed = [sec for sec in (values, years, positions, criterion, sensitivity, *others)
              if sec.status == "failed"]
    extra = [f"- **{SECTION_TITLES.get(sec.key, sec.key)} tidak dapat dihitung.** "
             f"{_bare(sec.note)}" for sec in failed]
    return text + ("\n".join(extra) + "\n" if extra else "")


# --------------------------------------------------------------------------------------
# which sections will run (for ``akhlak check``)


def _predict(ctx: Analysis, key: str) -> None:
    """Raise :class:`SectionUnavailable` when ``key`` cannot run; no model is fitted."""
    categories = len(ctx.instrument().scale.codes)
    if key == "invariance_years":
        stacked, factors = _year_inputs(ctx)
        check_groups(stacked, factors, "year", min_n=ctx.min_n)
    elif key == "invariance_position":
        data, factors = position_inputs(ctx)
        check_groups(data, factors, "position_type", min_n=ctx.min_n)
    elif key == "ordinal_check":
        _predict_ordinal(ctx, categories)
    elif key == "criterion_validity":
        _criterion_index(ctx)
    elif key in ("parallel_analysis", "efa", "discriminant_validity", "straightlining"):
        data = _items(ctx)
        if len(data) <= data.shape[1]:
            raise SectionUnavailable(f"{len(data)} respondents for {data.shape[1]} items",
                                     reason="too_small")


def _predict_ordinal(ctx: Analysis, categories: int) -> None:
    """The ordinal check runs across years if that comparison runs, else across positions."""
    found = None
    for need, inputs, group in (("previous_year", _year_inputs, "year"),
                                ("position_type", position_inputs, "position_type")):
        if not has(ctx, need):
            continue
        data, factors = inputs(ctx)
        try:
            check_groups(data, factors, group, min_n=ctx.min_n)
        except SectionUnavailable:
            continue  # the continuous comparison fails, so the ordinal check skips it
        try:
            check_groups(data, factors, group, min_n=ctx.min_n, ordinal_categories=categories)
            return
        except SectionUnavailable as exc:
            found = exc
        break
    raise found or SectionUnavailable("needs a previous year or position types that run",
                                      reason="after:invariance")


def can_run(ctx: Analysis, key: str) -> bool:
    """Whether section ``key`` of notebook 01 will run, predicted without fitting a model.

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> ctx = ak.Analysis.from_config(root / "data/sample/analysis.yaml", 2024)
    >>> can_run(ctx, "invariance_years"), can_run(ctx, "invariance_position")
    (False, True)
    """
    return bool(section_checks(ctx, [key])["runs"].iloc[0])


def section_checks(ctx: Analysis, keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Every data-dependent section of notebook 01 with whether it will run and why not.

    Returns
    -------
    DataFrame
        ``key``, ``runs`` (bool), ``reason`` (structured code: ``missing:<need>``,
        ``too_small``, ``constant_item``; blank when it runs), ``note`` (the Indonesian note
        the section would show; blank when it runs).
    """
    rows = []
    for key in keys if keys is not None else list(SECTION_NEEDS):
        if key not in SECTION_NEEDS:
            raise AkhlakError(f"unknown section {key!r}; known: {sorted(SECTION_NEEDS)}")
        missing = [n for n in SECTION_NEEDS[key] if not has(ctx, n)]
        if missing:
            rows.append({"key": key, "runs": False, "reason": f"missing:{missing[0]}",
                         "note": note(ctx, missing[0])})
            continue
        try:
            _predict(ctx, key)
        except SectionUnavailable as exc:
            rows.append({"key": key, "runs": False, "reason": exc.reason, "note": str(exc)})
            continue
        rows.append({"key": key, "runs": True, "reason": "", "note": ""})
    return pd.DataFrame(rows, columns=["key", "runs", "reason", "note"])
