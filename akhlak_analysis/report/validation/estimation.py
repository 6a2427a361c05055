"""Estimation choices of the validation page: the CFA by ML, FIML, MLR and WLSMV side by side,
and the sensitivity of the loadings to straight-lining respondents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ...instrument import Instrument
from ...stats import psychometrics as pm
from .items import item_factors, prepare_items

__all__ = ["estimator_comparison", "straightlining_sensitivity"]

def estimator_comparison(data: pd.DataFrame, factors: Mapping[str, Sequence[str]] | str, *,
                         ordinal: bool = True, fitted: pm.CFAResult | None = None
                         ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CFA by ML on complete rows, FIML, FIML with MLR and WLSMV, side by side.

    Parameters
    ----------
    data : DataFrame
        Item columns (from :func:`prepare_items`), missing answers as NaN.
    factors : mapping or str
        The measurement model (value -> items, or lavaan syntax).
    ordinal : bool
        Add the WLSMV fit (items as ordinal, complete rows).
    fitted : CFAResult, optional
        The FIML + MLR fit of the same model, when already made (the notebook's main CFA):
        it gives both FIML rows (the same estimates; FIML's row its unscaled statistics), so
        the model is not fitted again.

    Returns
    -------
    (DataFrame, DataFrame)
        ``fit``: one row per ``estimator`` ("ML listwise", "FIML", "FIML + MLR", "WLSMV")
        with ``n``, ``chi2``, ``df``, ``cfi``, ``tli``, ``rmsea``, ``srmr``, ``chi2_scaled``,
        ``scaling_factor``, ``cfi_scaled``, ``tli_scaled``, ``rmsea_scaled``, ``cfi_robust``,
        ``rmsea_robust`` (NaN where an estimator has none). ``loadings``: ``factor``,
        ``item``, ``listwise``, ``fiml``, ``wlsmv`` (standardized loadings) and
        ``fiml_minus_listwise``, ``wlsmv_minus_fiml``.

    Notes
    -----
    FIML and FIML + MLR share the estimates (MLR only corrects SEs and the test), so one
    loading column serves both. lavaan: ``cfa(model, data)``, ``cfa(..., missing = "ml")``,
    ``cfa(..., missing = "ml", estimator = "MLR")``, ``cfa(..., ordered = TRUE,
    estimator = "WLSMV")``.

    Examples
    --------
    >>> from akhlak_analysis.data.sample import simulate_responses
    >>> from akhlak_analysis import load_instrument
    >>> ins = load_instrument("berakhlak-2025")
    >>> d = simulate_responses(600, 5, seed=2)[ins.item_codes[:8]]
    >>> d = d.mask(np.random.default_rng(1).random(d.shape) < 0.03)
    >>> fit, loads = estimator_comparison(d, item_factors(ins, d.columns), ordinal=False)
    >>> fit["estimator"].tolist(), int(fit["n"].iloc[0]) < int(fit["n"].iloc[1]) == 600
    (['ML listwise', 'FIML', 'FIML + MLR'], True)
    """
    runs = {"ML listwise": {"missing": "listwise"}, "FIML": {"missing": "ml"},
            "FIML + MLR": {"missing": "ml", "estimator": "MLR"}}
    if ordinal:
        runs["WLSMV"] = {"missing": "listwise", "estimator": "WLSMV", "ordered": True}
    cols = ["n", "chi2", "df", "cfi", "tli", "rmsea", "srmr", "chi2_scaled", "scaling_factor",
            "cfi_scaled", "tli_scaled", "rmsea_scaled", "cfi_robust", "rmsea_robust"]
    plain = ["n", "chi2", "df", "cfi", "tli", "rmsea", "srmr"]
    fits, loads = [], {}
    for name, kw in runs.items():
        reuse = fitted is not None and name in ("FIML", "FIML + MLR")
        res = fitted if reuse else pm.cfa(data, factors, **kw)
        keep = plain if reuse and name == "FIML" else cols
        fits.append({"estimator": name, **{c: float(res.fit.get(c, np.nan)) if c in keep
                                           else np.nan for c in cols}})
        loads[name] = res.loadings.set_index(["factor", "item"])["std_all"]
    fit = pd.DataFrame(fits)
    table = pd.DataFrame({"listwise": loads["ML listwise"], "fiml": loads["FIML"]})
    table["wlsmv"] = loads["WLSMV"] if ordinal else np.nan
    table["fiml_minus_listwise"] = table["fiml"] - table["listwise"]
    table["wlsmv_minus_fiml"] = table["wlsmv"] - table["fiml"]
    return fit, table.reset_index()


def straightlining_sensitivity(data: pd.DataFrame, instrument: Instrument, *,
                               missing: str = pm.DEFAULT_MISSING) -> pd.DataFrame:
    """CFA loadings with and without the flagged straight-liners, per item.

    Parameters
    ----------
    data : DataFrame
        Clean respondents with the item columns and ``flag_straightline``.
    instrument : Instrument
    missing : {"ml", "listwise"}
        As :func:`~akhlak_analysis.stats.psychometrics.cfa`.

    Returns
    -------
    DataFrame
        ``item``, ``value``, ``reverse``, ``loading_all`` (standardized loading, every
        respondent), ``loading_clean`` (without straight-liners), ``change``
        (clean - all); sorted by the absolute change, largest first.

    Notes
    -----
    Someone who ticks the same answer everywhere agrees with a negatively worded item as much
    as with the others; after recoding the reverse-keyed item contradicts the rest, which
    lowers its loading and inflates the correlations among the positive items.

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> from akhlak_analysis.data.sample import simulate_responses
    >>> ins = load_instrument("berakhlak-2025")
    >>> d = simulate_responses(1500, 5, seed=1)
    >>> d["flag_straightline"] = d.index < 60
    >>> d.loc[d["flag_straightline"], ins.item_codes] = 5.0     # 4% tick "5" everywhere
    >>> sens = straightlining_sensitivity(d, ins)
    >>> sorted(sens["item"].head(2))
    ['AD4', 'KO4']
    >>> bool((sens.loc[sens["reverse"], "change"] > 0.1).all())
    True
    """
    factors = item_factors(instrument)
    res = {}
    for name, drop in (("loading_all", False), ("loading_clean", True)):
        x = prepare_items(data, instrument, drop_straightliners=drop)
        res[name] = pm.cfa(x, factors, missing=missing).loadings.set_index("item")["std_all"]
    out = pd.DataFrame({"item": instrument.item_codes,
                        "value": [instrument.item(c).value for c in instrument.item_codes],
                        "reverse": [instrument.item(c).reverse for c in instrument.item_codes]})
    out["loading_all"] = out["item"].map(res["loading_all"]).astype("float64")
    out["loading_clean"] = out["item"].map(res["loading_clean"]).astype("float64")
    out["change"] = out["loading_clean"] - out["loading_all"]
    order = out["change"].abs().sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)
