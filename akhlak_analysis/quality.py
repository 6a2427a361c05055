"""Data-quality tables: what came in, what was excluded and why, coverage and missing answers.

These feed ``notebooks/00_data_quality.ipynb`` and the report workbook. Units below the minimum
reporting group size are suppressed here as everywhere: their counts and rates are blank.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .clean import EXCLUSION_PRIORITY, CleanResult
from .instrument import Instrument
from .io import UnitTable

__all__ = ["cleaning_overview", "missing_by_item", "response_rates"]


def cleaning_overview(results: Mapping[int, CleanResult]) -> pd.DataFrame:
    """One row per year: rows read, kept, excluded per primary reason, flagged, changed cells.

    Parameters
    ----------
    results : mapping year -> CleanResult

    Returns
    -------
    DataFrame
        ``year``, ``source``, ``rows_in``, ``rows_kept``, ``rows_excluded``, one column per
        exclusion reason (``excluded_<rule>``), ``flagged_speeding``,
        ``flagged_straightlining`` and ``changed_cells``. The identity
        ``rows_in = rows_kept + rows_excluded`` holds on every row.
    """
    records = []
    for year, res in sorted(results.items()):
        log = res.log
        ex = log[log["action"] == "excluded"]["rule"].value_counts()
        flagged = log[log["action"] == "flagged"]["rule"].value_counts()
        rec = {"year": year, "source": res.source, "rows_in": res.n_in,
               "rows_kept": len(res.data), "rows_excluded": res.n_excluded}
        rec.update({f"excluded_{r}": int(ex.get(r, 0)) for r in EXCLUSION_PRIORITY})
        rec.update({f"flagged_{r}": int(flagged.get(r, 0)) for r in ("speeding",
                                                                       "straightlining")})
        rec["changed_cells"] = int((log["action"] == "changed").sum())
        records.append(rec)
    return pd.DataFrame(records)


def response_rates(data: pd.DataFrame, units: UnitTable, year: int, *, by: str = "opd",
                   min_n: int = 10) -> pd.DataFrame:
    """Respondents against headcount per unit, with small units suppressed.

    Parameters
    ----------
    data : DataFrame
        Clean respondents (``CleanResult.data``) with a ``by`` column of unit codes.
    units : UnitTable
    year : int
        Selects the headcount column and the units that existed.
    by : {"opd", "subunit", "opd_type"}
    min_n : int
        Units with fewer respondents are suppressed: ``n`` and ``response_rate`` blank.

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``n``, ``headcount``, ``response_rate`` (0-1), ``suppressed``; one
        row per unit of that level existing in ``year`` (units without respondents included),
        sorted by response rate, suppressed last.

    Examples
    --------
    >>> import pandas as pd
    >>> from akhlak_analysis.io import UnitTable
    >>> u = UnitTable(pd.DataFrame({"code": ["A", "B"], "name": ["Dinas A", "Badan B"],
    ...     "level": "opd", "parent": None, "opd_type": ["Dinas", "Badan"], "aliases": [[], []],
    ...     "replaced_by": None, "headcount_2025": pd.array([40, 8], dtype="Int64")}))
    >>> d = pd.DataFrame({"opd": ["A"] * 30 + ["B"] * 6})
    >>> response_rates(d, u, 2025)[["unit", "n", "response_rate", "suppressed"]]
      unit     n  response_rate  suppressed
    0    A    30           0.75       False
    1    B  <NA>            NaN        True
    """
    if min_n < 1:
        raise ValueError(f"min_n must be a positive integer, got {min_n}")
    headcount = units.headcount(year, level=by)
    counts = data[by].value_counts()
    names = units.names() if by != "opd_type" else pd.Series(headcount.index, headcount.index)
    codes = headcount.index.union(counts.index)
    n = counts.reindex(codes, fill_value=0).astype("int64")
    hc = headcount.reindex(codes).astype("Int64")
    out = pd.DataFrame({"unit": codes, "name": names.reindex(codes).to_numpy(),
                        "n": n.to_numpy(), "headcount": hc.to_numpy()})
    out["response_rate"] = (out["n"] / out["headcount"].astype("float64")).to_numpy()
    out["suppressed"] = out["n"] < min_n
    out["n"] = out["n"].astype("Int64").mask(out["suppressed"])
    out.loc[out["suppressed"], "response_rate"] = np.nan
    return out.sort_values(["suppressed", "response_rate", "unit"],
                           ascending=[True, False, True], ignore_index=True)


def missing_by_item(data: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Missing answers per item among kept respondents.

    Returns
    -------
    DataFrame
        ``item``, ``value``, ``text``, ``n_missing``, ``share_missing`` (0-1), in instrument
        order.

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [1.0, np.nan] for c in ins.item_codes})
    >>> missing_by_item(d, ins)[["item", "n_missing", "share_missing"]].head(2)
      item  n_missing  share_missing
    0  BP1          1            0.5
    1  BP2          1            0.5
    """
    codes = instrument.item_codes
    miss = data[codes].isna()
    return pd.DataFrame({
        "item": codes,
        "value": [instrument.item(c).value for c in codes],
        "text": [instrument.item(c).text for c in codes],
        "n_missing": miss.sum().to_numpy(dtype="int64"),
        "share_missing": miss.mean().to_numpy() if len(data) else np.nan,
    })
