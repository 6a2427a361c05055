"""The ranking and the improvement areas as the report publishes them.

Column selection and wording of :func:`~akhlak_analysis.stats.rank.rank_units` and
:func:`~akhlak_analysis.stats.rank.improvement_areas` outputs: suppressed units blank (or left
out), value names and item statements in words. Used by :mod:`.publish` for the published set
and by :mod:`.ranking` for the rankings within peer groups.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import require_columns
from ..instrument import Instrument, load_instrument

__all__ = ["RANKING_COLUMNS", "improvement_table", "ranking_table"]

#: columns of the publishable ranking table, in display order
RANKING_COLUMNS = ("rank", "rank_low", "rank_high", "unit", "name", "peer_group", "n",
                   "culture_index", "eb_index", "eb_ci_low", "eb_ci_high", "reliability", "p_top",
                   "p_bottom", "category", "suppressed")
#: columns blanked for suppressed units (a unit below the minimum never shows figures)
_FIGURES = ("n", "culture_index", "eb_index", "eb_ci_low", "eb_ci_high", "reliability", "rank",
            "rank_low", "rank_high", "p_top", "p_bottom", "category", "weakest_value",
            "weakest_value_score")

# --------------------------------------------------------------------------------------
# ranking and improvement areas as published
# --------------------------------------------------------------------------------------
def ranking_table(ranked: pd.DataFrame, *, include_suppressed: bool = True) -> pd.DataFrame:
    """The ranking as it may be published: rank interval first, suppressed units blanked.

    Parameters
    ----------
    ranked : pandas.DataFrame
        From :func:`~akhlak_analysis.stats.rank.rank_units` (with or without ``within``).
    include_suppressed : bool
        Keep suppressed units as rows at the bottom with every figure blank (default), so a
        reader sees that they exist; ``False`` drops them.

    Returns
    -------
    pandas.DataFrame
        The columns of ``RANKING_COLUMNS`` present in ``ranked`` (``rank``, ``rank_low``,
        ``rank_high``, ``unit``, ``name``, ``peer_group``, ``n``, ``culture_index`` (raw mean),
        ``eb_index``, ``eb_ci_low``, ``eb_ci_high``, ``reliability``, ``p_top``, ``p_bottom``,
        ``category``, ``suppressed``), in the order of ``ranked``. For a suppressed unit
        every figure, ``n`` included, is missing.

    Examples
    --------
    >>> r = pd.DataFrame({"unit": ["A", "B"], "n": [40, 6], "culture_index": [80.0, 95.0],
    ...                   "eb_index": [79.5, 85.0], "rank": pd.array([1, None], dtype="Int64"),
    ...                   "suppressed": [False, True]})
    >>> ranking_table(r)
       rank unit     n  culture_index  eb_index  suppressed
    0     1    A    40           80.0      79.5       False
    1  <NA>    B  <NA>            NaN       NaN        True
    """
    require_columns(ranked, ["unit", "suppressed"], what="ranking table", source="rank_units")
    out = ranked[[c for c in RANKING_COLUMNS if c in ranked.columns]].copy()
    hide = out["suppressed"].to_numpy(dtype=bool)
    for col in _FIGURES:
        if col not in out.columns:
            continue
        if pd.api.types.is_integer_dtype(out[col]):
            out[col] = out[col].astype("Int64")
        elif not pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].astype(object)
        out.loc[hide, col] = pd.NA if out[col].dtype == "Int64" else np.nan
    if not include_suppressed:
        out = out[~hide]
    return out.reset_index(drop=True)


def improvement_table(areas: pd.DataFrame, *, instrument: str | Instrument,
                      names: pd.Series | None = None, order: list | None = None,
                      max_chars: int = 70) -> pd.DataFrame:
    """Improvement areas per OPD as published (value names and item statements in words).

    Parameters
    ----------
    areas : pandas.DataFrame
        From :func:`~akhlak_analysis.stats.rank.improvement_areas` (with ``items`` for the
        item columns).
    instrument : str or Instrument
        Value names and item statements.
    names : pandas.Series, optional
        Unit code -> name (``UnitTable.names()``).
    order : list, optional
        Unit codes in the order to show (e.g. the ranking's ``unit`` column); units not in
        ``order`` are left out.
    max_chars : int
        Item statements are cut to this length (with an ellipsis).

    Returns
    -------
    pandas.DataFrame
        One row per unit that is not suppressed: ``unit``, ``name`` (if ``names``), ``n``,
        ``weakest_value`` (value name), ``weakest_value_score``, ``province_score``, ``gap``,
        and per listed item ``item_k`` ("code: statement"), ``item_k_score``, ``item_k_gap``.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2025")
    >>> areas = pd.DataFrame({"unit": ["A", "B"], "n": [20, 4], "suppressed": [False, True],
    ...                       "weakest_value": ["adaptif", None],
    ...                       "weakest_value_score": [61.0, np.nan],
    ...                       "province_score": [70.0, np.nan], "gap": [-9.0, np.nan]})
    >>> improvement_table(areas, instrument=ins)[["unit", "weakest_value", "gap"]]
      unit weakest_value  gap
    0    A       Adaptif -9.0
    """
    require_columns(areas, ["unit", "n", "suppressed", "weakest_value"],
                    what="improvement table", source="improvement_areas")
    ins = load_instrument(instrument)
    out = areas[~areas["suppressed"].to_numpy(dtype=bool)].copy()
    if order is not None:
        pos = {str(u): i for i, u in enumerate(order)}
        out = out[out["unit"].astype(str).isin(pos)]
        out = out.iloc[np.argsort([pos[str(u)] for u in out["unit"]], kind="stable")]
    if names is not None:
        out.insert(1, "name", out["unit"].astype(str).map(names).fillna(out["unit"]))
    out["weakest_value"] = out["weakest_value"].map(
        lambda v: ins.value_name(v) if isinstance(v, str) else v)

    def statement(code):
        if not isinstance(code, str):
            return code
        text = ins.item(code).text
        text = text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"
        return f"{code}: {text}"

    for col in [c for c in out.columns if c.startswith("item_") and c[5:].isdigit()]:
        out[col] = out[col].map(statement)
    return out.drop(columns="suppressed").reset_index(drop=True)
