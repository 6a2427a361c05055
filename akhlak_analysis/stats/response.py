"""Response rates: respondents against headcount per unit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import check_choice, check_count
from ..data.io import UnitTable
from ..defaults import MIN_N

__all__ = ["response_rates"]


def response_rates(data: pd.DataFrame, *, units: UnitTable, year: int, by: str = "opd",
                   min_n: int = MIN_N) -> pd.DataFrame:
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

    Notes
    -----
    R: ``table(d$opd) / N``.

    Examples
    --------
    >>> u = UnitTable(pd.DataFrame({"code": ["A", "B"], "name": ["Dinas A", "Badan B"],
    ...     "level": "opd", "parent": None, "opd_type": ["Dinas", "Badan"], "aliases": [[], []],
    ...     "replaced_by": None, "headcount_2025": pd.array([40, 8], dtype="Int64")}))
    >>> d = pd.DataFrame({"opd": ["A"] * 30 + ["B"] * 6})
    >>> response_rates(d, units=u, year=2025)[["unit", "n", "response_rate", "suppressed"]]
      unit     n  response_rate  suppressed
    0    A    30           0.75       False
    1    B  <NA>            NaN        True
    """
    check_count(min_n, name="min_n")
    check_choice(by, ("opd", "subunit", "opd_type"), name="by")
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
