"""Putting two survey years on the same footing: the same items and the same units.

1. **Same items.** When the two years' instruments differ, both years are rescored on their
   common items only (same code, value and keying: :meth:`Instrument.common_items`) with a
   restricted instrument (:func:`restrict_instrument`) and the scoring of
   :func:`akhlak_analysis.stats.scoring.score_respondents`; the items left out are reported.
   The official index of a year (all its items) is the one
   :func:`akhlak_analysis.stats.targets.headline_by_year` reports; change is always measured on
   the common items.
2. **Same units.** Earlier-year unit codes are mapped to their successor in the later year
   (``UnitTable.successor``, the unit table's ``replaced_by``): a renamed unit continues under
   its new code, the respondents of merged units are pooled (their headcounts summed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data.io import UnitTable
from ..errors import DataError, InstrumentError
from ..instrument import Instrument, load_instrument
from .scoring import score_respondents

__all__ = ["CommonScores", "headcounts", "map_to_successors", "restrict_instrument",
           "score_common", "unit_names"]


def restrict_instrument(instrument: str | Instrument, items: Sequence[str]) -> Instrument:
    """The instrument reduced to some of its items (values without items are dropped).

    Parameters
    ----------
    instrument : str or Instrument
    items : sequence of str
        Item codes to keep (instrument order is kept).

    Returns
    -------
    Instrument
        Same scale and bands; name suffixed ``[common]``.

    Examples
    --------
    >>> i25 = load_instrument("berakhlak-2025")
    >>> r = restrict_instrument(i25, load_instrument("berakhlak-2024").item_codes)
    >>> len(r.items), r.reverse_items, r.factors["adaptif"]
    (21, [], ['AD1', 'AD2', 'AD3'])
    """
    try:
        return load_instrument(instrument).restrict(items)
    except InstrumentError as exc:
        raise DataError(exc.detail) from exc


@dataclass
class CommonScores:
    """Both years scored on their common items (see :func:`score_common`).

    Attributes
    ----------
    scores : dict of int to DataFrame
        Year -> :func:`score_respondents` output on the common items.
    instrument : Instrument
        The later year's instrument restricted to the common items (its bands categorise).
    common_items : list of str
    left_out : dict of int to list of str
        Year -> items of that year's instrument that were not compared.
    """

    scores: dict[int, pd.DataFrame]
    instrument: Instrument
    common_items: list[str]
    left_out: dict[int, list[str]]

    @property
    def years(self) -> tuple[int, int]:
        a, b = sorted(self.scores)
        return a, b


def two_years(mapping: Mapping[int, object], what: str) -> tuple[int, int]:
    """The two years of a year -> data (or year -> instrument) mapping, earlier first.

    Examples
    --------
    >>> two_years({2025: None, 2024: None}, "data_by_year")
    (2024, 2025)
    """
    years = sorted(int(y) for y in mapping)
    if len(years) != 2:
        raise ValueError(f"{what} must hold exactly two years, got {years}")
    return years[0], years[1]


def score_common(data_by_year: Mapping[int, pd.DataFrame], *,
                 instrument_by_year: Mapping[int, str | Instrument]) -> CommonScores:
    """Score two years of clean respondents on the items their instruments share.

    Parameters
    ----------
    data_by_year : dict of int to DataFrame
        Year -> clean respondent table (``load_clean(...).data``) with the item columns.
    instrument_by_year : dict of int to str or Instrument

    Returns
    -------
    CommonScores

    Examples
    --------
    >>> i24, i25 = load_instrument("berakhlak-2024"), load_instrument("berakhlak-2025")
    >>> d = {2024: pd.DataFrame({c: [4.0] for c in i24.item_codes}),
    ...      2025: pd.DataFrame({c: [4.0] for c in i25.item_codes})}
    >>> cs = score_common(d, instrument_by_year={2024: i24, 2025: i25})
    >>> len(cs.common_items), cs.left_out[2025][:3], float(cs.scores[2025].loc[0, "culture_index"])
    (21, ['BP4', 'AK4', 'KO4'], 75.0)
    """
    y1, y2 = two_years(data_by_year, "data_by_year")
    if set(instrument_by_year) != {y1, y2}:
        raise ValueError(f"instrument_by_year must give the instrument of {y1} and {y2}")
    ins1, ins2 = (load_instrument(instrument_by_year[y]) for y in (y1, y2))
    common = ins2.common_items(ins1)
    if not common:
        raise DataError(f"instruments {ins1.name} and {ins2.name} share no item")
    shared = restrict_instrument(ins2, common)
    missing = [v for v in ins2.value_codes if v not in shared.value_codes]
    if missing:
        raise DataError(f"values {missing} have no common item; the years cannot be compared "
                        "on the index")
    scores = {y: score_respondents(data_by_year[y], instrument=restrict_instrument(ins, common))
              for y, ins in ((y1, ins1), (y2, ins2))}
    left = {y: [c for c in ins.item_codes if c not in common] for y, ins in ((y1, ins1), (y2, ins2))}
    return CommonScores(scores, shared, common, left)


def map_to_successors(scores: pd.DataFrame, *, units: UnitTable, year: int,
                      by: str = "opd") -> pd.DataFrame:
    """Unit codes replaced by their successor in ``year`` (renamed and merged units).

    Parameters
    ----------
    scores : DataFrame
        Any table with a ``by`` column of unit codes.
    units : UnitTable
        Its ``replaced_by`` column says which unit continues a renamed or merged one.
    year : int
        The year whose units the codes are mapped to.
    by : str
        The column holding the codes.

    Returns
    -------
    DataFrame
        A copy with ``by`` mapped; codes that existed in ``year`` are unchanged.

    Examples
    --------
    >>> u = UnitTable(pd.DataFrame({"code": ["OLD", "NEW"], "name": ["Lama", "Baru"],
    ...     "level": "opd", "parent": None, "opd_type": "Dinas", "aliases": [[], []],
    ...     "replaced_by": ["NEW", None], "headcount_2024": pd.array([10, None], dtype="Int64"),
    ...     "headcount_2025": pd.array([None, 12], dtype="Int64")}))
    >>> map_to_successors(pd.DataFrame({"opd": ["OLD", "NEW"]}), units=u, year=2025)["opd"].tolist()
    ['NEW', 'NEW']
    """
    if by not in scores.columns:
        raise DataError(f"the table has no {by!r} column", column=by)
    col = scores[by]
    codes, uniques = pd.factorize(col)  # each code looked up once, not each row
    succ = np.array([units.successor(str(c), year) for c in uniques], dtype=object)
    mapped = np.where(codes >= 0, succ[np.maximum(codes, 0)] if len(succ) else None, None)
    out = scores.copy()
    out[by] = pd.Series(mapped, index=col.index).where(codes >= 0, col).astype(col.dtype)
    return out


def headcounts(units: UnitTable | None, by: str, year: int, to_year: int) -> pd.Series:
    """Headcount per (mapped) unit code in ``year``; merged units summed."""
    if units is None or year not in units.years:
        return pd.Series(dtype="float64")
    hc = units.headcount(year, level=by).astype("float64")
    mapped = [units.successor(str(c), to_year) for c in hc.index]
    return hc.groupby(np.asarray(mapped)).sum()


def unit_names(codes: pd.Series, units: UnitTable | None) -> pd.Series:
    """Unit names for codes (the code itself where the unit table has no name or is absent).

    Examples
    --------
    >>> unit_names(pd.Series(["X"]), None).tolist()
    ['X']
    """
    names = units.names().to_dict() if units is not None else {}
    return pd.Series([names.get(c, c) for c in codes.astype(str)], index=codes.index,
                     dtype="string")
