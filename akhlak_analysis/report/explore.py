"""Exploring the published tables: one slice at a time (``notebooks/explore.ipynb``).

The exploration notebook's widgets (level, OPD, breakdown, value) call :func:`select` on the
report's published set (:func:`akhlak_analysis.report.publish.published_tables`), so what a
researcher browses is what the report publishes: hidden groups stay hidden.
"""

from __future__ import annotations

import pandas as pd

from . import names
from .publish import Published

__all__ = ["LEVELS", "select", "unit_choices"]

LEVELS = ("province", "opd", "subunit")


def select(published: Published, *, level: str = "opd", unit: str | None = None,
           by: str | None = None, value: str = "culture_index") -> pd.DataFrame:
    """One slice of the published tables: a level, optionally one OPD and a breakdown.

    Parameters
    ----------
    published : Published
        From :func:`published_tables`.
    level : {"province", "opd", "subunit"}
        ``province``: the province's groups along ``by`` (all breakdowns without ``by``);
        ``opd``: the OPDs (``by`` given: their groups; ``unit`` given: that OPD only);
        ``subunit``: the sub-units (of ``unit`` when given).
    unit : str, optional
        An OPD code.
    by : str, optional
        A breakdown (``gender``, ``age_band``, ...).
    value : str
        ``culture_index``, a value code or ``pct_favourable``.

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``by`` and ``group`` (for groups), ``n``, the ``value`` column,
        ``ci_low`` and ``ci_high`` (for ``culture_index``) and ``suppressed``: published
        figures only, sorted by ``value`` (highest first, hidden rows last).

    Examples
    --------
    >>> pub = Published(2025, {"indeks_opd": pd.DataFrame({"unit": ["A", "B"],
    ...     "name": ["Dinas A", "Dinas B"], "n": [40, 30], "culture_index": [80.0, 85.0],
    ...     "ci_low": [78.0, 83.0], "ci_high": [82.0, 87.0], "suppressed": False})},
    ...     None, pd.DataFrame(), pd.DataFrame(), 10)
    >>> select(pub, level="opd")[["unit", "culture_index"]]
      unit  culture_index
    0    B           85.0
    1    A           80.0
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    t = published.tables
    if level == "province":
        table = t.get(names.PROVINCE_GROUPS)
    elif level == "subunit":
        table = t.get(names.SUBUNIT_INDEX)
        if table is not None and unit is not None:
            table = table[table["parent"] == unit]
    else:
        table = t.get(names.GROUP_INDEX) if by is not None else t[names.OPD_INDEX]
        if table is not None and unit is not None:
            table = table[table["unit"] == unit]
    if table is None:
        return pd.DataFrame(columns=["unit", "name", "n", value, "suppressed"])
    if by is not None and "by" in table.columns:
        table = table[table["by"] == by]
    if value not in table.columns:
        raise ValueError(f"value {value!r} is not a column of the {level} table; expected "
                         "culture_index, a value code or pct_favourable")
    cols = [c for c in ("unit", "name", "by", "group", "n", value) if c in table.columns]
    if value == "culture_index":
        cols += ["ci_low", "ci_high"]
    out = table[[*cols, "suppressed"]].sort_values(["suppressed", value], ascending=[True, False],
                                                   kind="stable")
    return out.reset_index(drop=True)


def unit_choices(published: Published) -> list[tuple[str, str]]:
    """``(label, code)`` of the published OPDs, by name, for a dropdown.

    Examples
    --------
    >>> pub = Published(2025, {"indeks_opd": pd.DataFrame({"unit": ["A", "B"],
    ...     "name": ["Dinas B", "Dinas A"], "suppressed": [False, True]})}, None,
    ...     pd.DataFrame(), pd.DataFrame(), 10)
    >>> unit_choices(pub)
    [('Dinas B', 'A')]
    """
    opd = published.tables[names.OPD_INDEX]
    shown = opd[~opd["suppressed"].astype(bool)].sort_values("name")
    return [(str(n), str(u)) for n, u in zip(shown["name"], shown["unit"], strict=True)]
