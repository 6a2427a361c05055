"""Internal benchmarks: the median and the top quartile of the published OPDs.

The UK Civil Service People Survey compares every score with the median organisation and the
top quartile ("high performers"); Culture Amp offers the median and the top 25%; Peakon the
75th percentile; FEVS agencies of similar mission. Here every OPD's index and value scores are
set against

- the **median** and the **top quartile** (75th percentile) of all published OPDs, and
- the same of the published OPDs **of its type** (Dinas, Badan, Biro, Rumah Sakit, ...: the
  unit table's ``opd_type``, else derived from the OPD's name by :func:`derive_opd_type`),
  when the type has at least ``min_units`` published OPDs.

**Published figures only.** The input is the published OPD table (after the disclosure
control of :func:`akhlak_analysis.stats.disclosure.suppress`); rows with ``suppressed`` true
are dropped before anything is computed. A benchmark is therefore a function of figures the
report already shows, and reveals nothing a reader could not compute from them: no hidden
OPD enters a median, and changing a hidden OPD's answers changes no benchmark.

Every OPD counts once (the median *organisation*, unweighted by size), the OPD itself included,
as in the People Survey. Quantiles are R's default (type 7, linear interpolation between order
statistics): ``quantile(x, c(.25, .5, .75), type = 7)``.

:func:`index_from_item_means` and :func:`common_items` serve the comparisons between
organisations on the items their instruments share (:mod:`akhlak_analysis.report.benchmark_pack`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..checks import require_columns
from ..data.io import UnitTable
from ..defaults import BENCHMARK_MIN_UNITS
from ..errors import DataError
from ..instrument import Instrument, load_instrument, normalize_text

__all__ = ["OPD_TYPE_RULES", "OTHER_TYPE", "common_items", "compare_to_benchmarks",
           "derive_opd_type", "index_from_item_means", "opd_types", "unit_benchmarks"]

#: (pattern on the normalised name, type), first match wins: the common OPD kinds of a
#: regional government, with their usual abbreviations.
OPD_TYPE_RULES: tuple[tuple[str, str], ...] = (
    (r"^(rsud|rsu|rsj|rsia|rs|rumah sakit)\b", "Rumah Sakit"),
    (r"^(satuan polisi pamong praja|sat\s*-?\s*pol)", "Satpol PP"),
    (r"^(sekretariat|setda|setwan|sekwan)\b", "Sekretariat"),
    (r"^(inspektorat|itprov|itda)\b", "Inspektorat"),
    (r"^biro\b", "Biro"),
    (r"^(badan|bappeda\w*|bapenda|bapperida|bkd|bkpsdm|bpbd|bpkad|bpsdm|kesbangpol)\b", "Badan"),
    (r"^(dinas|dinkes|disdik|dishub|dinsos|diskominfo\w*|disnaker\w*)\b", "Dinas"),
    (r"^kecamatan\b", "Kecamatan"),
    (r"^kelurahan\b", "Kelurahan"),
    (r"^kantor\b", "Kantor"),
)
#: The type of an OPD whose name matches no rule.
OTHER_TYPE = "Lainnya"
_RULES = tuple((re.compile(p), t) for p, t in OPD_TYPE_RULES)


def derive_opd_type(names: Iterable[object]) -> pd.Series:
    """The OPD type read from each name (:data:`OPD_TYPE_RULES`), else ``"Lainnya"``.

    Parameters
    ----------
    names : iterable of str
        OPD names (or abbreviations); case and spacing do not matter.

    Returns
    -------
    Series
        One type per name, in order (index of ``names`` when it is a Series).

    Examples
    --------
    >>> derive_opd_type(["Dinas Kesehatan", "RSUD dr. Doris Sylvanus", "Satpol-PP",
    ...                  "Sekretariat DPRD", "Kecamatan Pahandut", "Bappeda", "Museum"]).tolist()
    ['Dinas', 'Rumah Sakit', 'Satpol PP', 'Sekretariat', 'Kecamatan', 'Badan', 'Lainnya']
    """
    index = names.index if isinstance(names, pd.Series) else None
    out = []
    for name in names:
        text = normalize_text(name) if name is not None and not pd.isna(name) else ""
        out.append(next((t for p, t in _RULES if p.search(text)), OTHER_TYPE))
    return pd.Series(out, index=index, dtype=object, name="opd_type")


def opd_types(units: UnitTable) -> pd.Series:
    """OPD code -> type: the unit table's ``opd_type`` where given, else derived from the name.

    Parameters
    ----------
    units : UnitTable

    Returns
    -------
    Series
        Indexed by the OPD codes (level ``opd``), named ``opd_type``.

    Examples
    --------
    >>> from akhlak_analysis.data.io import UnitTable
    >>> u = UnitTable(pd.DataFrame({"code": ["A", "B"], "name": ["Biro Umum", "RSJ Kalawa"],
    ...     "level": "opd", "parent": None, "opd_type": ["Biro", None], "aliases": [[], []],
    ...     "replaced_by": None, "headcount_2025": pd.array([40, 80], dtype="Int64")}))
    >>> opd_types(u).to_dict()
    {'A': 'Biro', 'B': 'Rumah Sakit'}
    """
    t = units.table[units.table["level"] == "opd"]
    given = t["opd_type"].astype(object).where(t["opd_type"].notna(), None)
    given = given.map(lambda v: v if isinstance(v, str) and v.strip() else None)
    derived = derive_opd_type(t["name"].tolist()).to_numpy(dtype=object)
    out = np.where(given.isna().to_numpy(), derived, given.to_numpy(dtype=object))
    return pd.Series(out, index=t["code"].astype(str).to_numpy(), dtype=object, name="opd_type")


def _shown(table: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    require_columns(table, ["unit", "suppressed", *measures], what="published OPD table",
                    source="report.publish.published_tables (indeks_opd)")
    hidden = table["suppressed"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    return table.loc[~hidden].copy()


def _types_of(table: pd.DataFrame, types: Mapping[str, str] | pd.Series | None) -> pd.Series:
    if types is not None:
        return table["unit"].astype(str).map(dict(types)).astype(object)
    if "opd_type" in table.columns:
        return table["opd_type"].astype(object)
    if "name" in table.columns:
        return derive_opd_type(table["name"].tolist()).set_axis(table.index)
    return pd.Series(None, index=table.index, dtype=object)


def _quartiles(x: np.ndarray) -> tuple[float, float, float]:
    if len(x) == 0:
        return (np.nan, np.nan, np.nan)
    q = np.quantile(x, [0.25, 0.5, 0.75])  # method "linear" = R's type 7
    return float(q[0]), float(q[1]), float(q[2])


def unit_benchmarks(table: pd.DataFrame, *, instrument: str | Instrument,
                    types: Mapping[str, str] | pd.Series | None = None,
                    min_units: int = BENCHMARK_MIN_UNITS) -> pd.DataFrame:
    """Median and quartiles of the published OPDs, overall and per OPD type.

    Parameters
    ----------
    table : DataFrame
        The published OPD table (``indeks_opd`` of
        :func:`akhlak_analysis.report.publish.published_tables`): ``unit``, ``suppressed``,
        ``culture_index`` and the value columns (``n`` optional). Suppressed rows are dropped
        first.
    instrument : str or Instrument
        Its value codes are the measures (with ``culture_index``).
    types : mapping or Series, optional
        OPD code -> type (e.g. :func:`opd_types`); default the table's ``opd_type`` column, else
        the type derived from ``name``.
    min_units : int
        Fewest published OPDs a benchmark is computed from (default
        :data:`akhlak_analysis.defaults.BENCHMARK_MIN_UNITS`).

    Returns
    -------
    DataFrame
        One row per benchmark and measure: ``benchmark`` (``"all"`` or ``"opd_type"``),
        ``opd_type`` (the type; missing for ``"all"``), ``measure`` (``culture_index`` or a
        value code), ``n_units`` (published OPDs with a score), ``n`` (their respondents,
        when the table has ``n``), ``bottom_quartile``, ``median``, ``top_quartile`` (25th,
        50th, 75th percentile; missing when ``n_units < min_units``) and ``available``.

    Raises
    ------
    DataError
        A column is missing (the table is not the published OPD table).
    ValueError
        ``min_units`` below 1.

    Notes
    -----
    R: ``quantile(x[!suppressed], c(.25, .5, .75), type = 7)`` over all OPDs and within each
    type (``tapply``); each OPD counts once.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> t = pd.DataFrame({"unit": list("ABCDEF"), "suppressed": [False] * 5 + [True],
    ...                   "opd_type": ["Dinas"] * 3 + ["Badan"] * 3,
    ...                   **{m: [60.0, 70, 80, 90, 100, np.nan]
    ...                      for m in ["culture_index", *ins.value_codes]}})
    >>> b = unit_benchmarks(t, instrument=ins, min_units=3)
    >>> b.loc[b["measure"] == "culture_index", ["benchmark", "opd_type", "n_units", "median",
    ...       "top_quartile", "available"]]
       benchmark opd_type  n_units  median  top_quartile  available
    0        all      NaN        5    80.0          90.0       True
    8   opd_type    Badan        2     NaN           NaN      False
    16  opd_type    Dinas        3    70.0          75.0       True
    """
    if min_units < 1:
        raise ValueError(f"min_units must be at least 1, got {min_units}")
    ins = load_instrument(instrument)
    measures = ["culture_index", *ins.value_codes]
    shown = _shown(table, measures)
    shown["_type"] = _types_of(shown, types).to_numpy()
    groups: list[tuple[str, object, pd.DataFrame]] = [("all", None, shown)]
    for kind in sorted(shown["_type"].dropna().astype(str).unique()):
        groups.append(("opd_type", kind, shown[shown["_type"] == kind]))
    rows = []
    for bench, kind, sub in groups:
        for m in measures:
            x = sub[m].to_numpy(dtype=float, na_value=np.nan)
            ok = np.isfinite(x)
            lo, med, hi = _quartiles(x[ok]) if ok.sum() >= min_units else (np.nan,) * 3
            n = (int(sub.loc[ok, "n"].astype("Float64").fillna(0).sum())
                 if "n" in sub.columns else pd.NA)
            rows.append({"benchmark": bench, "opd_type": kind, "measure": m,
                         "n_units": int(ok.sum()), "n": n, "bottom_quartile": lo,
                         "median": med, "top_quartile": hi, "available": bool(ok.sum() >= min_units)})
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype("Int64")
    return out


def compare_to_benchmarks(table: pd.DataFrame, benchmarks: pd.DataFrame, *,
                          instrument: str | Instrument,
                          types: Mapping[str, str] | pd.Series | None = None) -> pd.DataFrame:
    """Each published OPD's index and value scores against the medians and top quartiles.

    Parameters
    ----------
    table : DataFrame
        The published OPD table, as for :func:`unit_benchmarks`.
    benchmarks : DataFrame
        From :func:`unit_benchmarks` on the same table.
    instrument : str or Instrument
    types : mapping or Series, optional
        As :func:`unit_benchmarks` (use the same).

    Returns
    -------
    DataFrame
        One row per published OPD and measure: ``unit``, ``name`` (when the table has it),
        ``opd_type``, ``measure``, ``score``, ``median_all``, ``top_quartile_all``,
        ``gap_to_median_all`` (score - median), ``in_top_quartile_all`` (score >= top
        quartile), ``n_units_type``, ``median_type``, ``top_quartile_type``,
        ``gap_to_median_type``, ``in_top_quartile_type`` (missing where the type has no
        benchmark). Hidden OPDs have no row: their score is not published.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> t = pd.DataFrame({"unit": list("ABCDE"), "suppressed": False, "opd_type": "Dinas",
    ...                   **{m: [60.0, 70, 80, 90, 100] for m in ["culture_index",
    ...                                                        *ins.value_codes]}})
    >>> b = unit_benchmarks(t, instrument=ins)
    >>> c = compare_to_benchmarks(t, b, instrument=ins)
    >>> c.loc[c["measure"] == "culture_index", ["unit", "score", "gap_to_median_all",
    ...       "in_top_quartile_all"]]
       unit  score  gap_to_median_all  in_top_quartile_all
    0     A   60.0              -20.0                False
    8     B   70.0              -10.0                False
    16    C   80.0                0.0                False
    24    D   90.0               10.0                 True
    32    E  100.0               20.0                 True
    """
    ins = load_instrument(instrument)
    measures = ["culture_index", *ins.value_codes]
    require_columns(benchmarks, ["benchmark", "opd_type", "measure", "n_units", "median",
                                 "top_quartile"], what="benchmark table",
                    source="unit_benchmarks")
    shown = _shown(table, measures)
    shown["opd_type"] = _types_of(shown, types).to_numpy()
    keep = ["unit", *(["name"] if "name" in shown.columns else []), "opd_type"]
    long = shown.melt(id_vars=keep, value_vars=measures, var_name="measure", value_name="score")
    long["score"] = long["score"].astype(float)
    every = benchmarks[benchmarks["benchmark"] == "all"].set_index("measure")
    long["median_all"] = long["measure"].map(every["median"])
    long["top_quartile_all"] = long["measure"].map(every["top_quartile"])
    per = benchmarks[benchmarks["benchmark"] == "opd_type"]
    per = per.assign(opd_type=per["opd_type"].astype(str)).set_index(["opd_type", "measure"])
    key = pd.MultiIndex.from_arrays([long["opd_type"].astype(str), long["measure"]])
    long["n_units_type"] = per["n_units"].reindex(key).to_numpy()
    long["median_type"] = per["median"].reindex(key).to_numpy(dtype=float)
    long["top_quartile_type"] = per["top_quartile"].reindex(key).to_numpy(dtype=float)
    for scope in ("all", "type"):
        long[f"gap_to_median_{scope}"] = long["score"] - long[f"median_{scope}"]
        top = long[f"top_quartile_{scope}"]
        long[f"in_top_quartile_{scope}"] = pd.array(
            np.where(top.notna() & long["score"].notna(), long["score"] >= top, pd.NA),
            dtype="boolean")
    long["n_units_type"] = long["n_units_type"].astype("Int64")
    order = {m: j for j, m in enumerate(measures)}
    long = long.sort_values(["unit", "measure"], key=lambda s: s.map(order)
                            if s.name == "measure" else s, kind="stable")
    cols = [*keep, "measure", "score", "median_all", "top_quartile_all", "gap_to_median_all",
            "in_top_quartile_all", "n_units_type", "median_type", "top_quartile_type",
            "gap_to_median_type", "in_top_quartile_type"]
    return long[cols].reset_index(drop=True)


def index_from_item_means(items: pd.DataFrame) -> pd.DataFrame:
    """Value scores and the index from item means: the index on a set of items.

    Parameters
    ----------
    items : DataFrame
        One row per item: ``item``, ``value`` (its value code) and ``score`` (the item's mean
        score, 0-100, reverse-keyed items already reversed).

    Returns
    -------
    DataFrame
        ``measure`` (each value code in order of first appearance, then ``culture_index``),
        ``score`` (a value: the mean of its items' means; the index: the mean of the value
        scores) and ``n_items``.

    Raises
    ------
    DataError
        A column is missing or an item is listed twice.

    Notes
    -----
    Equal to the mean of the respondents' value scores and index (the definition of
    :mod:`akhlak_analysis.stats.scoring`) when every respondent answered every item; with a
    few missing answers it differs by a small fraction of a point. R:
    ``v <- tapply(score, value, mean); c(v, culture_index = mean(v))``.

    Examples
    --------
    >>> t = pd.DataFrame({"item": ["A1", "A2", "B1"], "value": ["a", "a", "b"],
    ...                   "score": [70.0, 80.0, 60.0]})
    >>> index_from_item_means(t)
             measure  score  n_items
    0              a   75.0        2
    1              b   60.0        1
    2  culture_index   67.5        3
    """
    require_columns(items, ["item", "value", "score"], what="item table")
    dup = items["item"][items["item"].duplicated()]
    if len(dup):
        raise DataError(f"item {dup.iloc[0]!r} is listed twice", column="item")
    g = items.groupby("value", sort=False)["score"]
    values = pd.DataFrame({"measure": g.mean().index.astype(str), "score": g.mean().to_numpy(),
                           "n_items": g.size().to_numpy()})
    total = pd.DataFrame({"measure": ["culture_index"], "score": [values["score"].mean()],
                          "n_items": [int(values["n_items"].sum())]})
    return pd.concat([values, total], ignore_index=True)


def common_items(a: pd.DataFrame, b: pd.DataFrame) -> list[str]:
    """Items two instruments share: the same code, value, keying and (normalised) text.

    Parameters
    ----------
    a, b : DataFrame
        One row per item: ``item`` (code), ``value``, ``reverse`` and ``text``.

    Returns
    -------
    list of str
        The shared item codes, in the order of ``a``.

    Examples
    --------
    >>> a = pd.DataFrame({"item": ["X1", "X2", "X3"], "value": ["x", "x", "y"],
    ...                   "reverse": [False, False, True], "text": ["Saya A.", "B", "C"]})
    >>> b = a.assign(text=["saya  a", "Lain", "C"])
    >>> common_items(a, b)
    ['X1', 'X3']
    """
    for t, what in ((a, "first"), (b, "second")):
        require_columns(t, ["item", "value", "reverse", "text"], what=f"{what} item list")

    def key(t: pd.DataFrame) -> dict[str, tuple]:
        return {str(r.item): (str(r.value), bool(r.reverse), normalize_text(r.text))
                for r in t.itertuples(index=False)}

    kb = key(b)
    return [c for c, k in key(a).items() if kb.get(c) == k]
