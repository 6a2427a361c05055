"""Measurement invariance across years or groups and its decision, for notebooks 01 and 02.

:func:`invariance_across_years` is the one routine both notebooks use (its wording is
:func:`~akhlak_analysis.report.validation.text.invariance_sentence`);
:func:`invariance_by_group` applies the same decision rule to the groups of one column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ...checks import require_columns
from ...instrument import Instrument, load_instrument
from ...stats import psychometrics as pm
from .items import item_factors, stack_common_items

__all__ = ["GroupInvariance", "InvarianceLevel", "YearInvariance", "invariance_across_years",
           "invariance_by_group", "invariance_level"]

@dataclass(frozen=True)
class InvarianceLevel:
    """The highest level of measurement invariance that holds (see :func:`invariance_level`)."""

    level: str
    freed: tuple[str, ...] = ()

    @property
    def means_comparable(self) -> bool:
        """Latent (and, with care, observed) means may be compared: scalar or partial scalar."""
        return self.level in ("scalar", "partial_scalar")


def invariance_level(table: pd.DataFrame, partial: pd.DataFrame | None = None) -> InvarianceLevel:
    """The highest invariance level reached, from the tables of the psychometrics module.

    Parameters
    ----------
    table : DataFrame
        From :func:`~akhlak_analysis.stats.psychometrics.measurement_invariance` (``model``,
        ``holds``).
    partial : DataFrame, optional
        From :func:`~akhlak_analysis.stats.psychometrics.partial_invariance`; consulted when scalar
        does not hold.

    Returns
    -------
    InvarianceLevel
        ``level`` ("configural", "metric", "scalar", "strict" or "partial_scalar"; the
        configural model is taken as given) and ``freed`` (intercepts freed for partial scalar
        invariance, else empty).

    Examples
    --------
    >>> t = pd.DataFrame({"model": ["configural", "metric", "scalar"],
    ...                   "holds": pd.array([pd.NA, True, False], dtype="boolean")})
    >>> p = pd.DataFrame({"model": ["metric", "scalar", "partial_scalar"],
    ...                   "free_intercepts": ["", "", "KO4"],
    ...                   "holds": pd.array([pd.NA, False, True], dtype="boolean")})
    >>> invariance_level(t, p)
    InvarianceLevel(level='partial_scalar', freed=('KO4',))
    """
    require_columns(table, ["model", "holds"], what="input of invariance_level",
                    source="pm.measurement_invariance")
    level = "configural"
    for _, row in table.iterrows():
        if row["model"] == "configural":
            continue
        if pd.isna(row["holds"]) or not bool(row["holds"]):
            break
        level = str(row["model"])
    if level == "metric" and partial is not None:
        require_columns(partial, ["model", "free_intercepts", "holds"],
                        what="partial table of invariance_level", source="pm.partial_invariance")
        ok = partial[(partial["model"] == "partial_scalar") & partial["holds"].fillna(False)]
        if len(ok):
            freed = tuple(s.strip() for s in str(ok.iloc[0]["free_intercepts"]).split(",") if s)
            return InvarianceLevel("partial_scalar", freed)
    return InvarianceLevel(level)


@dataclass(frozen=True)
class YearInvariance:
    """Measurement invariance across years (see :func:`invariance_across_years`)."""

    table: pd.DataFrame
    partial: pd.DataFrame | None
    level: InvarianceLevel
    years: tuple[int, ...]
    n: dict[int, int]
    items: tuple[str, ...]
    missing: str
    estimator: str
    collapsed: dict = field(default_factory=dict)


def invariance_across_years(data_by_year: Mapping[int, pd.DataFrame], *,
                            instrument_by_year: Mapping[int, str | Instrument],
                            missing: str = pm.DEFAULT_MISSING, estimator: str = "ML",
                            levels: Sequence[str] = ("configural", "metric", "scalar"),
                            drop_straightliners: bool = True,
                            criteria: Mapping[str, Mapping[str, float]] = pm.CHEN_2007
                            ) -> YearInvariance:
    """Measurement invariance between years on their common items: the one routine.

    Parameters
    ----------
    data_by_year : mapping year -> DataFrame
        Clean respondents per year (``CleanResult.data``).
    instrument_by_year : mapping year -> str or Instrument
        The instrument of each year (name or object).
    missing : {"ml", "listwise"}
        As :func:`~akhlak_analysis.stats.psychometrics.cfa` (default: FIML, every respondent).
    estimator : {"ML", "MLR", "WLSMV"}
        As :func:`~akhlak_analysis.stats.psychometrics.cfa`; ``"WLSMV"`` treats every item as
        ordinal (polychoric correlations, complete rows, the thresholds step of Wu &
        Estabrook 2016 added after configural; no partial search).
    levels : sequence of str
        Nested models, as :func:`~akhlak_analysis.stats.psychometrics.measurement_invariance`.
    drop_straightliners : bool
        As :func:`stack_common_items` (the same exclusions as the rest of notebook 01).
    criteria : mapping
        Cut-offs for the change in fit (default Chen 2007).

    Returns
    -------
    YearInvariance
        ``table`` (``measurement_invariance`` with group = year), ``partial``
        (``partial_invariance`` when metric holds and scalar does not, else None),
        ``level`` (:class:`InvarianceLevel`), ``years``, ``n`` (respondents per year in the
        analysis), ``items`` (the common items), ``missing``, ``estimator``.

    Notes
    -----
    The years are stacked by :func:`stack_common_items` (reverse-keyed items recoded,
    straight-liners out), the value map of the latest instrument restricted to the common
    items is the model; lavaan: ``cfa(model, stacked, group = "year", group.equal = ...,
    missing = "ml")``. The decision is :func:`invariance_level`; its wording
    :func:`invariance_sentence`.

    Examples
    --------
    >>> from akhlak_analysis.data.sample import simulate_responses
    >>> ins = load_instrument("berakhlak-2025")
    >>> d = simulate_responses(800, 5, seed=3)
    >>> d["flag_straightline"] = False
    >>> res = invariance_across_years({2024: d[:400], 2025: d[400:]},
    ...                               instrument_by_year={2024: ins, 2025: ins})
    >>> res.table["model"].tolist(), res.years, res.n
    (['configural', 'metric', 'scalar'], (2024, 2025), {2024: 400, 2025: 400})
    """
    instruments = {y: load_instrument(i) if isinstance(i, str) else i
                   for y, i in instrument_by_year.items()}
    stacked = stack_common_items(data_by_year, instruments,
                                 drop_straightliners=drop_straightliners)
    items = [c for c in stacked.columns if c != "year"]
    years = tuple(sorted(int(y) for y in data_by_year))
    factors = item_factors(instruments[years[-1]], items)
    factors = {v: its for v, its in factors.items() if len(its) >= 2}
    opts, levels = _options(missing, estimator, criteria, levels)
    stacked, collapsed = _collapse_sparse(stacked, items, "year", opts)
    table, partial = _sequence(stacked, factors, "year", levels, opts)
    used = stacked.dropna() if opts["missing"] == "listwise" else \
        stacked[stacked[items].notna().any(axis=1)]
    n = {int(y): int(k) for y, k in used["year"].value_counts().sort_index().items()}
    return YearInvariance(table, partial, invariance_level(table, partial), years, n,
                          tuple(items), opts["missing"], estimator, collapsed)


def _options(missing: str, estimator: str, criteria, levels: Sequence[str]) -> tuple[dict,
                                                                                      tuple]:
    """Arguments of the psychometrics calls; WLSMV: ordered items, complete rows, thresholds.

    With ``estimator="WLSMV"`` every item is ordinal (lavaan ``ordered = TRUE``, complete rows:
    lavaan's default for categorical data), and the Wu & Estabrook (2016) thresholds step is
    put after the configural model when ``levels`` does not name it.
    """
    if estimator != "WLSMV":
        return {"missing": missing, "estimator": estimator, "criteria": criteria}, tuple(levels)
    levels = tuple(levels)
    if "thresholds" not in levels and "configural" in levels:
        i = levels.index("configural") + 1
        levels = (*levels[:i], "thresholds", *levels[i:])
    return ({"missing": "listwise", "estimator": "WLSMV", "ordered": True,
             "criteria": criteria}, levels)


def _sequence(data: pd.DataFrame, factors: Mapping[str, Sequence[str]], group: str,
              levels: Sequence[str], opts: dict) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The invariance sequence, and the partial-invariance search only when it is needed."""
    table = pm.measurement_invariance(data, factors, group, levels=levels, **opts)
    held = table.set_index("model")["holds"]
    partial = None  # (no partial search for ordinal items: lavaan's score tests differ)
    if opts["estimator"] != "WLSMV" and "scalar" in held.index and held.get("metric") is True \
            and not bool(held["scalar"]):
        partial = pm.partial_invariance(data, factors, group, **opts)
    return table, partial


@dataclass(frozen=True)
class GroupInvariance:
    """Measurement invariance across the groups of one column (see :func:`invariance_by_group`).

    Attributes
    ----------
    table : DataFrame
        :func:`~akhlak_analysis.stats.psychometrics.measurement_invariance`.
    partial : DataFrame or None
        :func:`~akhlak_analysis.stats.psychometrics.partial_invariance`, only when metric
        invariance holds and scalar does not.
    level : InvarianceLevel
    group : str
    """

    table: pd.DataFrame
    partial: pd.DataFrame | None
    level: InvarianceLevel
    group: str
    collapsed: dict = field(default_factory=dict)


def invariance_by_group(data: pd.DataFrame, *, factors: Mapping[str, Sequence[str]],
                        group: str, missing: str = pm.DEFAULT_MISSING, estimator: str = "ML",
                        levels: Sequence[str] = ("configural", "metric", "scalar"),
                        criteria: Mapping[str, Mapping[str, float]] = pm.CHEN_2007
                        ) -> GroupInvariance:
    """Measurement invariance across groups (e.g. position types) with the same decision rule
    as :func:`invariance_across_years`.

    Parameters
    ----------
    data : DataFrame
        Item columns and the ``group`` column (:func:`prepare_items` with ``keep=[group]``).
    factors : mapping
        Value -> items.
    group : str
    missing, estimator, levels, criteria :
        As :func:`invariance_across_years`.

    Returns
    -------
    GroupInvariance

    Notes
    -----
    lavaan: ``cfa(model, data, group = group, group.equal = ..., missing = "ml")``; the
    partial search (free intercepts by score tests) runs only when metric holds and scalar
    does not, as in :func:`invariance_across_years`.

    Examples
    --------
    >>> from akhlak_analysis.data.sample import simulate_responses
    >>> ins = load_instrument("berakhlak-2025")
    >>> d = simulate_responses(600, 5, seed=3)[ins.item_codes[:8]]
    >>> d["kind"] = ["a", "b"] * 300
    >>> res = invariance_by_group(d, factors=item_factors(ins, ins.item_codes[:8]), group="kind")
    >>> res.table["model"].tolist(), res.group
    (['configural', 'metric', 'scalar'], 'kind')
    """
    opts, levels = _options(missing, estimator, criteria, levels)
    items = [it for its in factors.values() for it in its]
    data, collapsed = _collapse_sparse(data, items, group, opts)
    table, partial = _sequence(data, factors, group, levels, opts)
    return GroupInvariance(table, partial, invariance_level(table, partial), group, collapsed)


def _collapse_sparse(data: pd.DataFrame, items: Sequence[str], group: str,
                     opts: dict) -> tuple[pd.DataFrame, dict[str, list[int]]]:
    """For ordinal items: merge an answer category that some group never used into its
    neighbour toward the middle of the scale, in every group (lavaan stops instead).

    Only with ``estimator="WLSMV"``; returns the data (a copy when changed) and item ->
    categories merged. Only complete rows count, as in the ordinal fit.
    """
    if opts["estimator"] != "WLSMV":
        return data, {}
    rows = data.dropna(subset=[*items, group])
    out, collapsed = None, {}
    for it in items:
        values = rows[it]
        merged = []
        while True:
            cats = sorted(values.unique())
            seen = pd.crosstab(values, rows[group]).reindex(cats)
            empty = [c for c in cats if (seen.loc[c] == 0).any()]
            if not empty or len(cats) <= 2:
                break
            c = empty[0]
            mid = (cats[0] + cats[-1]) / 2
            target = cats[cats.index(c) + 1] if c < mid else cats[cats.index(c) - 1]
            values = values.where(values != c, target)
            merged.append(int(c))
        if merged:
            out = data.copy() if out is None else out
            out.loc[values.index, it] = values
            collapsed[it] = merged
    return (data if out is None else out), collapsed
