"""Outcome scales (engagement, pride in serving): scored, tabled and validated like the values.

An instrument's outcome scales (``outcomes``, see :mod:`akhlak_analysis.instrument`) are
scored with the very functions that score the values: :meth:`Instrument.outcome_instrument`
turns them into an instrument of their own, and
:func:`akhlak_analysis.stats.scoring.score_respondents` gives each respondent one 0-100 score
per outcome (reverse keys, the half-of-the-items rule and the 0-100 rescaling included). Per
unit, :func:`akhlak_analysis.stats.scoring.index_table` gives the same design-based intervals
(OPDs as strata with their headcounts as FPC, headcount weighting) on a one-scale instrument,
and :func:`akhlak_analysis.stats.disclosure.suppress` the same protection against
differencing. Outcome scores never enter the Indeks Budaya Kerja: the index is computed from
the value items only, and these functions never touch it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.io import UnitTable
from ..errors import DataError
from ..instrument import Instrument, load_instrument
from . import disclosure, psychometrics
from .scoring import index_table, item_scores, score_respondents

__all__ = ["outcome_table", "score_outcomes", "validate_outcomes"]

_DROP = ("culture_index", "n_answered", "n_favourable")


def score_outcomes(data: pd.DataFrame, *, instrument: str | Instrument,
                   min_item_share: float = 0.5) -> pd.DataFrame:
    """Outcome scores (0-100) of every respondent.

    Parameters
    ----------
    data : DataFrame
        Respondents with the outcome item columns (coded on the instrument's scale, NaN =
        missing) and any id columns (``respondent_id``, ``opd``, ...), which are carried over.
    instrument : str or Instrument
        An instrument with outcome scales.
    min_item_share : float
        A score needs at least this share of its scale's items answered.

    Returns
    -------
    DataFrame
        The carried-over id columns and one column per outcome code (NaN where too few items
        were answered), in the input's order.

    Notes
    -----
    :func:`akhlak_analysis.stats.scoring.score_respondents` on
    ``instrument.outcome_instrument()``; its ``culture_index`` column (the mean of the
    outcome scales) is dropped, it means nothing.

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2025-plus")
    >>> d = pd.DataFrame({c: [4.0, 5.0] for it in ins.outcome_items for c in [it.code]})
    >>> d.loc[1, ["BM1", "BM2"]] = np.nan
    >>> score_outcomes(d, instrument=ins).round(1)
       keterlibatan  bangga_melayani
    0          62.5             75.0
    1          75.0              NaN
    """
    ins = load_instrument(instrument)
    scored = score_respondents(data, instrument=ins.outcome_instrument(),
                               min_item_share=min_item_share, require_all_values=False)
    return scored.drop(columns=list(_DROP))


def outcome_table(data: pd.DataFrame, outcome: str, by: str = "opd", *,
                  instrument: str | Instrument, units: UnitTable | None = None,
                  year: int | None = None, weighting: str = "headcount", min_n: int = 10,
                  confidence: float = 0.95, protect: bool = True) -> pd.DataFrame:
    """One outcome's score per unit (and for the province), with intervals and suppression.

    Parameters
    ----------
    data : DataFrame
        Respondents with the outcome's item columns and ``opd`` (and ``by``).
    outcome : str
        An outcome code of ``instrument``.
    by : str
        ``"opd"``, ``"subunit"``, ``"opd_type"`` or a demographic domain, as
        :func:`akhlak_analysis.stats.scoring.index_table`.
    instrument, units, year, weighting, min_n, confidence :
        As :func:`akhlak_analysis.stats.scoring.index_table`.
    protect : bool
        For ``by="opd"`` with a unit table: complementary suppression of the OPD rows
        against the province (:func:`akhlak_analysis.stats.disclosure.suppress`, the
        report's one policy); otherwise primary suppression only.

    Returns
    -------
    DataFrame
        ``outcome``, then the columns of ``index_table`` with ``outcome_score`` for
        ``culture_index`` and without ``category`` and the value column: ``unit``, ``name``,
        ``n``, ``headcount``, ``response_rate``, ``outcome_score``, ``ci_low``, ``ci_high``, ``se``,
        ``df``, ``pct_favourable``, ``suppressed``, ``design`` (and ``suppression`` when
        protected). The last row is the province (``unit == "province"``).

    Examples
    --------
    >>> ins = load_instrument("berakhlak-2025-plus")
    >>> d = pd.DataFrame({c: np.r_[np.full(12, 4.0), np.full(12, 5.0)]
    ...                   for c in ins.outcome_factors["bangga_melayani"]})
    >>> d["opd"] = ["A"] * 12 + ["B"] * 12
    >>> t = outcome_table(d, "bangga_melayani", instrument=ins, protect=False)
    >>> t[["unit", "n", "outcome_score", "suppressed"]]
           unit   n  outcome_score  suppressed
    0         A  12           75.0       False
    1         B  12          100.0       False
    2  province  24           87.5       False
    """
    ins = load_instrument(instrument)
    if outcome not in ins.outcome_codes:
        raise DataError(f"{outcome!r} is not an outcome scale of {ins.name} "
                        f"({ins.outcome_codes})", column=outcome)
    one = ins.outcome_instrument([outcome])
    scores = score_respondents(data, instrument=one)
    opts = {"instrument": one, "units": units, "year": year, "confidence": confidence}
    protected = protect and by == "opd" and units is not None and year is not None
    rows = index_table(scores, by=by, weighting=weighting, min_n=1 if protected else min_n, **opts)
    prov = index_table(scores, by="province", weighting=weighting, min_n=1 if protected else min_n,
                       **opts)
    if protected:
        flat = index_table(scores, by="province", weighting="none", min_n=1, **opts)
        rows, prov = _protect(rows, prov, flat, units=units, year=year, min_n=min_n)
    table = pd.concat([rows, prov], ignore_index=True)
    table = table.drop(columns=["category", outcome]).rename(columns={"culture_index": "outcome_score"})
    table.insert(0, "outcome", outcome)
    return table


def _protect(rows: pd.DataFrame, prov: pd.DataFrame, flat: pd.DataFrame, *,
             units: UnitTable, year: int, min_n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """OPD rows and the province row under the report's suppression policy."""
    weighted = bool(prov["design"].notna().all()) and not np.isclose(
        prov["culture_index"].iloc[0], flat["culture_index"].iloc[0])
    parts = [prov.assign(weighting="headcount")] if weighted else []
    province = pd.concat([flat.assign(weighting="respondents"), *parts], ignore_index=True)
    res = disclosure.suppress(
        {"opd": rows.assign(n=rows["n"].fillna(0)), "province": province},
        hierarchy={u: "province" for u in rows["unit"]}, min_n=min_n,
        headcounts=units.headcount(year).to_dict() if weighted else None)
    opd = res.tables["opd"].drop(columns=["suppression"]).assign(
        suppression=res.tables["opd"]["suppression"])
    top = res.tables["province"]
    top = top[top["weighting"] == ("headcount" if weighted else "respondents")]
    return opd, top.drop(columns=["weighting"]).reset_index(drop=True)


def validate_outcomes(data: pd.DataFrame, *, instrument: str | Instrument,
                      missing: str = "ml") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Reliability of every value and outcome scale and a CFA of values and outcomes together.

    Parameters
    ----------
    data : DataFrame
        Respondents with the value items and the outcome items.
    instrument : str or Instrument
    missing : {"ml", "pairwise", "listwise"}
        As :func:`akhlak_analysis.stats.psychometrics.reliability`.

    Returns
    -------
    (reliability, fit, correlations)
        ``reliability``: :func:`~akhlak_analysis.stats.psychometrics.reliability` per scale
        with a ``kind`` column (``value``/``outcome``); ``fit``: the CFA's fit indices
        (one row); ``correlations``: latent correlations of each outcome with each value
        (``outcome``, ``value``, ``correlation``).

    Notes
    -----
    Items keyed and on 0-100 (:func:`akhlak_analysis.stats.scoring.item_scores`); a scale
    with one item has no reliability and is left out. R: ``psych::alpha``,
    ``lavaan::cfa(model, data, missing = "ml")`` with the values and outcomes as
    correlated factors.
    """
    ins = load_instrument(instrument)
    x = pd.concat([item_scores(data, instrument=ins),
                   item_scores(data, instrument=ins.outcome_instrument())], axis=1)
    factors = {k: v for k, v in {**ins.factors, **ins.outcome_factors}.items() if len(v) >= 2}
    rel = psychometrics.reliability(x, factors, missing=missing)
    rel.insert(1, "kind", np.where(rel["factor"].isin(ins.outcome_codes), "outcome", "value"))
    model = psychometrics.cfa(x, factors, missing=missing)
    corr = model.factor_correlations
    rows = [{"outcome": o, "value": v, "correlation": float(corr.loc[o, v])}
            for o in ins.outcome_codes if o in corr.index for v in ins.value_codes]
    fit = model.fit.to_frame().T.reset_index(drop=True)
    return rel, fit, pd.DataFrame(rows, columns=["outcome", "value", "correlation"])
