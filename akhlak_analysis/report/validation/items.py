"""Item data for the psychometrics: the measurement model, recoded answers, years stacked.

- :func:`item_factors`: value code -> its item codes (the measurement model);
- :func:`prepare_items` / :func:`stack_common_items`: item columns on the answer scale with
  reverse-keyed items recoded, optionally without flagged straight-liners, one year or several
  years stacked on their common items with a ``year`` column (for invariance);
- :func:`answer_distribution`: the share of each answer per item, as answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ...checks import require_columns
from ...errors import DataError
from ...instrument import Instrument

__all__ = ["answer_distribution", "item_factors", "prepare_items", "stack_common_items"]

def item_factors(instrument: Instrument,
                 items: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The measurement model: value code -> its item codes (optionally only ``items``).

    Parameters
    ----------
    instrument : Instrument
    items : iterable of str, optional
        Keep only these item codes (e.g. ``ins.common_items(other)``); each must belong to
        the instrument.

    Returns
    -------
    dict of str to list of str
        Values in instrument order; values left without items are omitted.

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> ins = load_instrument("berakhlak-2025")
    >>> item_factors(ins, ["BP1", "BP2", "AK1"])
    {'berorientasi_pelayanan': ['BP1', 'BP2'], 'akuntabel': ['AK1']}
    """
    if items is None:
        return {v: list(its) for v, its in instrument.factors.items()}
    items = list(items)
    unknown = [c for c in items if c not in instrument.item_codes]
    if unknown:
        raise DataError(f"item(s) {unknown} are not in instrument {instrument.name}")
    keep = set(items)
    out = {v: [c for c in its if c in keep] for v, its in instrument.factors.items()}
    return {v: its for v, its in out.items() if its}


def prepare_items(data: pd.DataFrame, instrument: Instrument, *,
                  items: Iterable[str] | None = None, keep: Sequence[str] = (),
                  drop_straightliners: bool = True) -> pd.DataFrame:
    """Item answers ready for the psychometrics: reverse-keyed items recoded, careless rows out.

    Parameters
    ----------
    data : DataFrame
        Clean respondents (``CleanResult.data``): item columns on the instrument's scale.
    instrument : Instrument
    items : iterable of str, optional
        Item codes to keep (default: all items of the instrument), in instrument order.
    keep : sequence of str
        Other columns to carry in front of the items (e.g. ``["year"]``, ``["position_type"]``).
    drop_straightliners : bool
        Leave out respondents flagged ``flag_straightline`` by the cleaning (the same answer to
        every item). They are kept in the index but say nothing about the structure: after
        recoding they contradict themselves on the reverse-keyed items.

    Returns
    -------
    DataFrame
        ``keep`` columns, then one float column per item (NaN = missing), reverse-keyed items
        recoded ``min + max - x`` so that a high answer always means more of the value.

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> ins = load_instrument("berakhlak-2025")
    >>> d = pd.DataFrame({c: [4.0, 2.0] for c in ins.item_codes})
    >>> prepare_items(d, ins, items=["KO3", "KO4"], drop_straightliners=False)
       KO3  KO4
    0  4.0  2.0
    1  2.0  4.0
    """
    codes = list(item_factors(instrument, items).values())
    codes = [c for its in codes for c in its]
    cols = [*keep, *codes] + (["flag_straightline"] if drop_straightliners else [])
    require_columns(data, cols, what="input of prepare_items", source="Analysis.clean")
    rows = data["flag_straightline"].fillna(False).astype(bool).to_numpy() if \
        drop_straightliners else np.zeros(len(data), dtype=bool)
    out = data.loc[~rows, [*keep, *codes]].reset_index(drop=True)
    lo, hi = instrument.scale.min, instrument.scale.max
    for c in codes:
        x = out[c].astype("float64")
        out[c] = lo + hi - x if instrument.item(c).reverse else x
    return out


def stack_common_items(data: Mapping[int, pd.DataFrame], instruments: Mapping[int, Instrument],
                       *, drop_straightliners: bool = True) -> pd.DataFrame:
    """Several years stacked on the items all their instruments share, with a ``year`` column.

    Parameters
    ----------
    data : mapping year -> DataFrame
        Clean respondents per year.
    instruments : mapping year -> Instrument
        The instrument of each year (same keys as ``data``).
    drop_straightliners : bool
        As :func:`prepare_items`.

    Returns
    -------
    DataFrame
        ``year`` (int) and the common items (same value and keying in every year; recoded as
        :func:`prepare_items`), years in ascending order.

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> i24, i25 = load_instrument("berakhlak-2024"), load_instrument("berakhlak-2025")
    >>> d = {2024: pd.DataFrame({c: [4.0] for c in i24.item_codes}),
    ...      2025: pd.DataFrame({c: [3.0] for c in i25.item_codes})}
    >>> s = stack_common_items(d, {2024: i24, 2025: i25}, drop_straightliners=False)
    >>> s.shape, s["year"].tolist()
    ((2, 22), [2024, 2025])
    """
    years = sorted(data)
    if len(years) < 2 or set(years) != set(instruments):
        raise DataError(f"need at least two years with an instrument each, got data for {years} "
                        f"and instruments for {sorted(instruments)}")
    common = list(instruments[years[-1]].item_codes)
    for y in years[:-1]:
        common = [c for c in instruments[years[-1]].common_items(instruments[y]) if c in common]
    if not common:
        raise DataError(f"the instruments of {years} share no item")
    parts = [prepare_items(data[y], instruments[y], items=common,
                           drop_straightliners=drop_straightliners).assign(year=int(y))
             for y in years]
    out = pd.concat(parts, ignore_index=True)
    return out[["year", *common]]


def answer_distribution(data: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Share of each answer per item, as answered (before recoding reverse-keyed items).

    Parameters
    ----------
    data : DataFrame
        Respondents with the instrument's item columns.
    instrument : Instrument

    Returns
    -------
    DataFrame
        One row per item in instrument order: ``item``, ``value`` (value code), ``reverse``
        (reverse-keyed), ``n`` (answers given), then ``share_<code>`` per scale code
        (``share_1`` ... ``share_5``; shares of the answers given, summing to 1).

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [4.0, 5.0, 5.0, np.nan] for c in ins.item_codes})
    >>> t = answer_distribution(d, ins)
    >>> t[["item", "n", "share_3", "share_4", "share_5"]].head(2).round(3)
      item  n  share_3  share_4  share_5
    0  BP1  3      0.0    0.333    0.667
    1  BP2  3      0.0    0.333    0.667
    """
    require_columns(data, instrument.item_codes, what="input of answer_distribution",
                    source="Analysis.clean")
    rows = []
    for it in instrument.items:
        col = data[it.code].astype("float64").dropna()
        row = {"item": it.code, "value": it.value, "reverse": it.reverse, "n": len(col)}
        for k in instrument.scale.codes:
            row[f"share_{k}"] = float((col == k).mean()) if len(col) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)
