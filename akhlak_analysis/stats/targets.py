"""The official index of each year against the target, and the categories of the units.

One home of the target gap: :func:`gap_to_target` (index minus the lower and the upper end of
the target range, and whether the index lies inside it).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..data.io import UnitTable
from ..defaults import CONFIDENCE, MIN_N, TARGET, WEIGHTING
from ..instrument import Instrument, load_instrument
from .scoring import index_table, overall_index, score_respondents

__all__ = ["category_shares", "category_transitions", "gap_to_target", "headline_by_year",
           "target_gaps", "years_of"]


def gap_to_target(index: pd.Series | np.ndarray | float, target: tuple[float, float] = TARGET
                  ) -> pd.DataFrame:
    """Distance of index values to the target range: the one target-gap rule.

    Parameters
    ----------
    index : Series, array or float
        Index values (NaN for suppressed units).
    target : (float, float)
        Lower and upper end of the target range.

    Returns
    -------
    DataFrame
        ``gap_to_target_low`` (index - lower end; negative = below the target),
        ``gap_to_target_high`` (index - upper end) and ``in_target`` (nullable boolean, blank
        where the index is blank); same index as ``index`` when it is a Series.

    Examples
    --------
    >>> gap_to_target(pd.Series([76.3, 85.0, np.nan]), (80, 90))
       gap_to_target_low  gap_to_target_high  in_target
    0               -3.7               -13.7      False
    1                5.0                -5.0       True
    2                NaN                 NaN       <NA>
    """
    low, high = float(target[0]), float(target[1])
    if not low < high:
        raise ValueError(f"target must be (lower, upper) with lower < upper, got {target}")
    s = index if isinstance(index, pd.Series) else pd.Series(np.atleast_1d(index), dtype=float)
    v = s.astype(float)
    inside = pd.array(np.where(v.isna(), None, (v >= low) & (v <= high)), dtype="boolean")
    return pd.DataFrame({"gap_to_target_low": v - low, "gap_to_target_high": v - high,
                         "in_target": inside}, index=s.index)


def headline_by_year(data_by_year: Mapping[int, pd.DataFrame], *,
                     units: UnitTable | None = None,
                     instrument_by_year: Mapping[int, str | Instrument],
                     target: tuple[float, float] = TARGET,
                     confidence: float = CONFIDENCE, weighting: str = WEIGHTING
                     ) -> pd.DataFrame:
    """The official province headline of every year (each on its own full instrument).

    Parameters
    ----------
    data_by_year : dict of int to DataFrame
        Clean respondents per year.
    units, confidence, weights :
        As :func:`akhlak_analysis.stats.scoring.overall_index`.
    instrument_by_year : dict of int to str or Instrument
    target : (float, float)

    Returns
    -------
    DataFrame
        One row per year, the columns of :func:`akhlak_analysis.stats.scoring.overall_index`
        (``year``, ``n``, ``culture_index``, ``ci_low``, ``ci_high``, ``category``,
        ``gap_to_target_low``, ``gap_to_target_high``, ``in_target``, ...) plus
        ``items_in_instrument`` (the size of that year's instrument).

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0, 5.0] * 6 for c in ins.item_codes}).assign(opd="A")
    >>> h = headline_by_year({2024: d, 2025: d}, instrument_by_year={2024: ins, 2025: ins})
    >>> h[["year", "culture_index", "gap_to_target_low", "items_in_instrument"]]
       year  culture_index  gap_to_target_low  items_in_instrument
    0  2024           87.5                7.5       21
    1  2025           87.5                7.5       21
    """
    rows = []
    for y in sorted(data_by_year):
        ins = load_instrument(instrument_by_year[y])
        s = score_respondents(data_by_year[y], instrument=ins)
        h = overall_index(s, units=units, year=y, instrument=ins, target=target,
                          confidence=confidence, weighting=weighting)
        rows.append(h.assign(items_in_instrument=len(ins.items)))
    return pd.concat(rows, ignore_index=True)


def target_gaps(data: pd.DataFrame, *, units: UnitTable | None = None, year: int,
                instrument: str | Instrument, target: tuple[float, float] = TARGET,
                min_n: int = MIN_N, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Gap of every OPD's official index to the target range (one year, full instrument).

    Parameters
    ----------
    data : DataFrame
        Clean respondents of ``year``.
    units, min_n, confidence :
        As :func:`akhlak_analysis.stats.scoring.index_table`.
    year : int
    instrument : str or Instrument
    target : (float, float)

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``n``, ``culture_index``, ``ci_low``, ``ci_high``, ``category``,
        ``gap_to_target_low`` (index - lower target; negative = below), ``gap_to_target_high``,
        ``in_target`` and ``suppressed``, sorted by index (highest first, suppressed last).

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0] * 12 + [5.0] * 12 for c in ins.item_codes})
    >>> d["opd"] = ["A"] * 12 + ["B"] * 12
    >>> target_gaps(d, year=2025, instrument=ins)[["unit", "gap_to_target_low", "in_target"]]
      unit  gap_to_target_low  in_target
    0    B               20.0      False
    1    A               -5.0      False
    """
    ins = load_instrument(instrument)
    s = score_respondents(data, instrument=ins)
    t = index_table(s, by="opd", units=units, year=year, instrument=ins, min_n=min_n,
                    confidence=confidence)
    t = t[["unit", "name", "n", "culture_index", "ci_low", "ci_high", "category", "suppressed"]]
    gaps = gap_to_target(t["culture_index"], target)
    gaps.loc[t["suppressed"].to_numpy(), "in_target"] = pd.NA
    for k, col in enumerate(gaps.columns):
        t.insert(7 + k, col, gaps[col])
    t = t.sort_values(["suppressed", "culture_index"], ascending=[True, False], kind="stable")
    return t.reset_index(drop=True)


def _band_order(ins: Instrument) -> list[str]:
    return [b.label("id") for b in sorted(ins.bands, key=lambda b: -b.lower)]


def years_of(table: pd.DataFrame, prefix: str = "category_") -> list[int]:
    """The years of a wide table's ``<prefix><year>`` columns, in order.

    >>> years_of(pd.DataFrame(columns=["category_2025", "category_2024", "unit"]))
    [2024, 2025]
    """
    return sorted(int(c[len(prefix):]) for c in table.columns
                  if c.startswith(prefix) and c[len(prefix):].isdigit())


def category_shares(comparison: pd.DataFrame, *, instrument: str | Instrument) -> pd.DataFrame:
    """Number and share of units in each category, per year (units with a shown index).

    Parameters
    ----------
    comparison : DataFrame
        From :func:`compare_years` (``category_<y>`` columns).
    instrument : str or Instrument
        Its bands give the categories and their order (best first).

    Returns
    -------
    DataFrame
        ``category`` and for each year ``units_<y>`` (count) and ``pct_<y>`` (percent of the
        units with an index that year).

    Examples
    --------
    >>> t = pd.DataFrame({"category_2024": ["Sehat", "Cukup Sehat", None],
    ...                   "category_2025": ["Sehat", "Sehat", "Sehat"]})
    >>> category_shares(t, instrument="berakhlak-2025")
                 category  units_2024  pct_2024  units_2025  pct_2025
    0               Sehat           1      50.0           3     100.0
    1         Cukup Sehat           1      50.0           0       0.0
    2         Tidak Sehat           0       0.0           0       0.0
    3  Sangat Tidak Sehat           0       0.0           0       0.0
    """
    ins = load_instrument(instrument)
    order = _band_order(ins)
    out = pd.DataFrame({"category": order})
    for y in years_of(comparison):
        counts = comparison[f"category_{y}"].value_counts().reindex(order, fill_value=0)
        out[f"units_{y}"] = counts.to_numpy().astype("int64")
        total = counts.sum()
        out[f"pct_{y}"] = counts.to_numpy() / total * 100.0 if total else np.nan
    return out


def category_transitions(comparison: pd.DataFrame, *,
                         instrument: str | Instrument) -> pd.DataFrame:
    """Category transition matrix between the two years (units compared in both).

    Parameters
    ----------
    comparison : DataFrame
        From :func:`compare_years`.
    instrument : str or Instrument
        Band order (best first).

    Returns
    -------
    DataFrame
        Counts; index = earlier year's category (named ``category_<y1>``), columns = later
        year's category (named ``category_<y2>``); every band appears.

    Examples
    --------
    >>> t = pd.DataFrame({"category_2024": ["Sehat", "Cukup Sehat", "Cukup Sehat"],
    ...                   "category_2025": ["Sehat", "Sehat", "Cukup Sehat"],
    ...                   "compared": [True, True, True]})
    >>> category_transitions(t, instrument="berakhlak-2025").iloc[:2, :2]
    category_2025  Sehat  Cukup Sehat
    category_2024
    Sehat              1            0
    Cukup Sehat        1            1
    """
    ins = load_instrument(instrument)
    y1, y2 = years_of(comparison)[:2]
    order = _band_order(ins)
    both = comparison
    if "compared" in comparison.columns:
        both = comparison[comparison["compared"].astype(bool)]
    both = both.dropna(subset=[f"category_{y1}", f"category_{y2}"])
    m = pd.crosstab(pd.Categorical(both[f"category_{y1}"], categories=order),
                    pd.Categorical(both[f"category_{y2}"], categories=order), dropna=False)
    m = m.reindex(index=order, columns=order, fill_value=0).astype("int64")
    m.index.name, m.columns.name = f"category_{y1}", f"category_{y2}"
    return m
