"""Summary tables of the validation with their decision flags against the cut-offs.

- :func:`sampling_adequacy`, :func:`efa_summary`: KMO/Bartlett and where items load in the EFA;
- :func:`item_summary`, :func:`value_summary`, :func:`fit_summary`: one row per item / value /
  model with the flags against :data:`~akhlak_analysis.stats.psychometrics.CRITERIA`
  (pass ``criteria=`` to change them), :func:`fit_cutoffs` the fit cut-offs as a table;
- :func:`criterion_correlations`: the OPD index against unit-level indicators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ...checks import require_columns
from ...errors import DataError
from ...instrument import Instrument
from ...stats import psychometrics as pm

__all__ = ["criteria_table", "criterion_correlations", "efa_summary", "fit_cutoffs", "fit_summary",
           "item_summary", "problem_codes", "sampling_adequacy", "value_summary"]

_RECOMMENDATION = {"keep": ("pertahankan", "keep"), "revise": ("revisi", "revise"),
                   "drop": ("hapus", "drop")}

def _value_label(code: str, instrument: Instrument | None, lang: str = "id") -> str:
    if instrument is not None and code in instrument.value_codes:
        return instrument.value_name(code, lang)
    return str(code)


def sampling_adequacy(data: pd.DataFrame, *, missing: str = pm.DEFAULT_MISSING,
                      lang: str = "id") -> pd.DataFrame:
    """KMO (overall and lowest item) and Bartlett's test in one small table.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only (missing answers as NaN).
    missing : {"ml", "listwise", "pairwise"}
        As :func:`~akhlak_analysis.stats.psychometrics.kmo`; ``"pairwise"`` gives psych's
        numbers.
    lang : {"id", "en"}
        Language of the ``statistic`` labels.

    Returns
    -------
    DataFrame
        ``statistic`` (label), ``estimate``: KMO overall, lowest item MSA (and its item in the
        label), Bartlett chi-square, df, p-value, rows used (complete rows when listwise).

    Notes
    -----
    :func:`akhlak_analysis.stats.psychometrics.kmo` and
    :func:`~akhlak_analysis.stats.psychometrics.bartlett` (psych ``KMO`` and
    ``cortest.bartlett``). KMO of .80 or more is "meritorious", .90 "marvellous" (Kaiser 1974).

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()[[f"x{i}" for i in range(1, 10)]]
    >>> sampling_adequacy(hs, lang="en").round(3)
                  statistic  estimate
    0           KMO overall     0.752
    1  lowest item MSA (x7)     0.593
    2   Bartlett chi-square   904.097
    3           Bartlett df    36.000
    4      Bartlett p-value     0.000
    5             rows used   301.000
    """
    k = pm.kmo(data, missing=missing)
    items = k.msa
    low = items.idxmin()
    b = pm.bartlett(data, missing=missing)
    en = lang == "en"
    labels = (["KMO overall", f"lowest item MSA ({low})", "Bartlett chi-square", "Bartlett df",
               "Bartlett p-value", "rows used"] if en else
              ["KMO keseluruhan", f"MSA butir terendah ({low})", "Bartlett khi-kuadrat",
               "Bartlett derajat bebas", "Bartlett nilai p", "Baris yang dipakai"])
    return pd.DataFrame({"statistic": labels,
                         "estimate": [k.overall, float(items[low]), b.chi2,
                                      float(b.df), b.p_value, float(b.n)]})


def _modal_factor(primary: pd.Series, loadings: pd.DataFrame) -> str:
    """The factor most of a value's items load on; a tie goes to the factor with the larger
    sum of those items' absolute loadings (not to the first name: EFA factor order is
    arbitrary, so the choice must not depend on it)."""
    counts = primary.value_counts()
    tied = counts[counts == counts.max()].index
    weight = {f: float(loadings[f].sum()) for f in tied}
    return max(sorted(tied), key=lambda f: weight[f])


def efa_summary(loadings: pd.DataFrame, factors: Mapping[str, Sequence[str]], *,
                criteria: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Where each item loads in the EFA, and whether its value's items load together.

    Parameters
    ----------
    loadings : DataFrame
        Items by factors (``EFAResult.loadings`` of
        :func:`~akhlak_analysis.stats.psychometrics.efa`).
    factors : dict of str to list of str
        Value -> item codes (the intended structure).
    criteria : mapping, optional
        Overrides of ``pm.CRITERIA`` (``efa_loading``, ``efa_cross``).

    Returns
    -------
    DataFrame
        One row per item: ``item``, ``value``, ``efa_factor`` (factor of the largest absolute
        loading), ``efa_loading`` (that loading), ``efa_cross`` (largest absolute loading on
        another factor), ``flag_efa`` (primary loading below ``efa_loading``, cross loading at
        least ``efa_cross``, or a primary factor other than the one most of its value's items
        share).

    Examples
    --------
    >>> lo = pd.DataFrame({"f1": [.7, .6, .1, .2, .45], "f2": [.0, .1, .8, .7, .35]},
    ...                   index=["a1", "a2", "b1", "b2", "b3"])
    >>> efa_summary(lo, {"a": ["a1", "a2"], "b": ["b1", "b2", "b3"]})["flag_efa"].tolist()
    [False, False, False, False, True]
    """
    crit = pm.merge_criteria(criteria)
    items = [c for its in factors.values() for c in its]
    absent = [c for c in items if c not in loadings.index]
    if absent:
        raise DataError(f"efa_summary: item(s) {absent} not in the loadings' index")
    a = loadings.loc[items].abs()
    primary = a.idxmax(axis=1)
    rows = []
    for value, its in factors.items():
        modal = _modal_factor(primary[its], a.loc[its])
        for c in its:
            p = primary[c]
            cross = float(a.loc[c].drop(p).max()) if a.shape[1] > 1 else 0.0
            main = float(loadings.loc[c, p])
            rows.append({"item": c, "value": value, "efa_factor": p, "efa_loading": main,
                         "efa_cross": cross,
                         "flag_efa": bool(abs(main) < crit["efa_loading"]
                                          or cross >= crit["efa_cross"] or p != modal)})
    return pd.DataFrame(rows)


def item_summary(items: pd.DataFrame, loadings: pd.DataFrame, *,
                 efa: pd.DataFrame | None = None, criteria: Mapping[str, float] | None = None,
                 lang: str = "id") -> pd.DataFrame:
    """One row per item: *uji validitas*, item-total, CFA loading, flags and a recommendation.

    Parameters
    ----------
    items : DataFrame
        From :func:`~akhlak_analysis.stats.psychometrics.item_analysis`.
    loadings : DataFrame
        ``CFAResult.loadings`` of the first-order model (``factor``, ``item``, ``std_all``).
    efa : DataFrame, optional
        From :func:`efa_summary`; adds ``flag_efa``.
    criteria : mapping, optional
        Overrides of ``pm.CRITERIA`` (``r_drop``, ``loading``, ``loading_min``).
    lang : {"id", "en"}
        Language of ``recommendation``.

    Returns
    -------
    DataFrame
        ``item``, ``value``, ``r_hitung``, ``r_tabel``, ``valid``, ``r_drop``,
        ``alpha_if_dropped``, ``loading`` (standardized), ``flag_invalid`` (r_hitung not above
        r_tabel: the local *uji validitas*, shown for reference only, it decides nothing),
        ``flag_low_r_drop`` (corrected item-total correlation below ``r_drop``),
        ``flag_alpha_rises`` (alpha of the value rises without the item),
        ``flag_low_loading`` (below ``loading``), ``flag_efa`` (False without ``efa``),
        ``action`` ("drop": ``r_drop`` below the cut-off and loading below ``loading_min``;
        "revise": any other flag apart from ``flag_invalid``; "keep"), ``recommendation``
        (``action`` in ``lang``).

    Notes
    -----
    The decision rests on the corrected item-total correlation (the item against the sum of
    the *other* items of its value, ``r_drop >= .30``) and the CFA loading. The local
    r_hitung/r_tabel test decides nothing: r_hitung contains the item itself, and at
    n = 5,000 r_tabel is about .03, so every item "passes".

    Examples
    --------
    >>> it = pd.DataFrame({"item": ["a1", "a2"], "factor": ["a", "a"], "r_hitung": [.8, .5],
    ...     "r_tabel": [.2, .2], "valid": [True, True], "r_drop": [.6, .25],
    ...     "alpha_if_dropped": [.7, .8], "flag_low_r_drop": [False, True],
    ...     "flag_alpha_rises": [False, True]})
    >>> lo = pd.DataFrame({"factor": ["a", "a"], "item": ["a1", "a2"], "std_all": [.8, .45]})
    >>> item_summary(it, lo)[["item", "action", "recommendation"]]
      item  action recommendation
    0   a1    keep    pertahankan
    1   a2  revise         revisi
    """
    crit = pm.merge_criteria(criteria)
    require_columns(items, ["item", "factor", "r_hitung", "r_tabel", "valid", "r_drop",
                            "alpha_if_dropped", "flag_alpha_rises"],
                    what="items table of item_summary", source="pm.item_analysis")
    require_columns(loadings, ["item", "std_all"], what="loadings table of item_summary",
                    source="pm.cfa")
    load = loadings.drop_duplicates("item").set_index("item")["std_all"]
    out = items[["item", "factor", "r_hitung", "r_tabel", "valid", "r_drop",
                 "alpha_if_dropped"]].rename(columns={"factor": "value"}).copy()
    out["loading"] = out["item"].map(load).astype("float64")
    out["flag_invalid"] = ~out["valid"].astype(bool)
    out["flag_low_r_drop"] = out["r_drop"] < crit["r_drop"]
    out["flag_alpha_rises"] = items["flag_alpha_rises"].astype(bool).to_numpy()
    out["flag_low_loading"] = out["loading"] < crit["loading"]
    out["flag_efa"] = False
    if efa is not None:
        require_columns(efa, ["item", "flag_efa"], what="efa table of item_summary",
                        source="efa_summary")
        out["flag_efa"] = out["item"].map(efa.set_index("item")["flag_efa"]).fillna(False)
        out["flag_efa"] = out["flag_efa"].astype(bool)
    drop = out["flag_low_r_drop"] & (out["loading"] < crit["loading_min"])
    flags = out[["flag_low_r_drop", "flag_alpha_rises", "flag_low_loading", "flag_efa"]]
    out["action"] = np.where(drop, "drop", np.where(flags.any(axis=1), "revise", "keep"))
    out["recommendation"] = out["action"].map(
        lambda a: _RECOMMENDATION[a][1 if lang == "en" else 0])
    return out


def value_summary(reliability: pd.DataFrame, fornell_larcker: pd.DataFrame,
                  htmt: pd.DataFrame, *, criteria: Mapping[str, float] | None = None,
                  instrument: Instrument | None = None) -> pd.DataFrame:
    """One row per value: reliability, convergent and discriminant validity, with flags.

    Parameters
    ----------
    reliability : DataFrame
        From :func:`~akhlak_analysis.stats.psychometrics.reliability`.
    fornell_larcker : DataFrame
        From :func:`~akhlak_analysis.stats.psychometrics.fornell_larcker` (sqrt(AVE) on the
        diagonal).
    htmt : DataFrame
        From :func:`~akhlak_analysis.stats.psychometrics.htmt`.
    criteria : mapping, optional
        Overrides of ``pm.CRITERIA`` (``alpha_local``, ``alpha``, ``cr``, ``ave``, ``htmt``).
    instrument : Instrument, optional
        Writes ``htmt_with`` as the value's name instead of its code.

    Returns
    -------
    DataFrame
        ``value``, ``n_items``, ``alpha``, ``alpha_ci_low``, ``alpha_ci_high``, ``omega`` (CR),
        ``ave``, ``sqrt_ave``, ``max_correlation`` (largest absolute CFA correlation with
        another value), ``max_htmt`` and ``htmt_with`` (the value it is reached with),
        flags ``alpha_ok_local`` (alpha at least ``alpha_local``), ``alpha_ok``
        (at least ``alpha``), ``cr_ok``, ``ave_ok``, ``fornell_larcker_ok``
        (sqrt(AVE) above ``max_correlation``), ``htmt_ok`` (``max_htmt`` below ``htmt``).

    Notes
    -----
    Fornell & Larcker (1981): sqrt(AVE) of a construct should exceed its correlations with
    the others; HTMT below .85 (Henseler, Ringle & Sarstedt 2015).

    Examples
    --------
    >>> rel = pd.DataFrame({"factor": ["a", "b"], "n_items": [3, 3], "alpha": [.8, .65],
    ...     "alpha_ci_low": [.75, .6], "alpha_ci_high": [.85, .7], "omega": [.8, .66],
    ...     "ave": [.6, .4]})
    >>> fl = pd.DataFrame([[.77, .7], [.7, .63]], index=["a", "b"], columns=["a", "b"])
    >>> ht = pd.DataFrame([[1, .9], [.9, 1]], index=["a", "b"], columns=["a", "b"])
    >>> value_summary(rel, fl, ht)[["value", "alpha_ok", "ave_ok", "fornell_larcker_ok",
    ...                             "htmt_ok"]]
      value  alpha_ok  ave_ok  fornell_larcker_ok  htmt_ok
    0     a      True    True                True    False
    1     b     False   False               False    False
    """
    crit = pm.merge_criteria(criteria)
    require_columns(reliability, ["factor", "n_items", "alpha", "alpha_ci_low", "alpha_ci_high",
                                  "omega", "ave"],
                    what="reliability table of value_summary", source="pm.reliability")
    names = list(reliability["factor"])
    for what, m in (("fornell_larcker", fornell_larcker), ("htmt", htmt)):
        absent = [f for f in names if f not in m.index or f not in m.columns]
        if absent:
            raise DataError(f"value_summary: {what} has no row/column for {absent}")
    out = reliability[["factor", "n_items", "alpha", "alpha_ci_low", "alpha_ci_high", "omega",
                       "ave"]].rename(columns={"factor": "value"}).reset_index(drop=True)
    fl = fornell_larcker.loc[names, names].to_numpy(dtype=float)
    ht = htmt.loc[names, names].to_numpy(dtype=float)
    off = ~np.eye(len(names), dtype=bool)
    corr = np.where(off, np.abs(fl), -np.inf)
    hmask = np.where(off, ht, -np.inf)
    out["sqrt_ave"] = np.diag(fl)
    out["max_correlation"] = corr.max(axis=1) if len(names) > 1 else np.nan
    out["max_htmt"] = hmask.max(axis=1) if len(names) > 1 else np.nan
    out["htmt_with"] = [_value_label(names[j], instrument) for j in hmask.argmax(axis=1)] \
        if len(names) > 1 else None
    out["alpha_ok_local"] = out["alpha"] >= crit["alpha_local"]
    out["alpha_ok"] = out["alpha"] >= crit["alpha"]
    out["cr_ok"] = out["omega"] >= crit["cr"]
    out["ave_ok"] = out["ave"] >= crit["ave"]
    out["fornell_larcker_ok"] = out["sqrt_ave"] > out["max_correlation"]
    out["htmt_ok"] = out["max_htmt"] < crit["htmt"]
    return out


def fit_cutoffs(criteria: Mapping[str, float] | None = None, *, lang: str = "id") -> pd.DataFrame:
    """The fit cut-offs as a small table (Hu & Bentler 1999 by default).

    Parameters
    ----------
    criteria : mapping, optional
        Overrides of ``pm.CRITERIA`` (``cfi``, ``tli``, ``rmsea``, ``srmr``).
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        ``measure`` (CFI, TLI, RMSEA, SRMR), ``rule`` ("≥" or "≤"), ``threshold``,
        ``reference``.

    Examples
    --------
    >>> fit_cutoffs()
      measure rule  threshold                  reference
    0     CFI    ≥       0.95  Hu & Bentler (1999)
    1     TLI    ≥       0.95  Hu & Bentler (1999)
    2   RMSEA    ≤       0.06  Hu & Bentler (1999)
    3    SRMR    ≤       0.08  Hu & Bentler (1999)
    """
    crit = pm.merge_criteria(criteria)
    ref = "Hu & Bentler (1999)" if criteria is None else (
        "ditetapkan pengguna" if lang != "en" else "user-defined")
    return pd.DataFrame({"measure": [m.upper() for m, _ in pm.FIT_RULES],
                         "rule": ["≥" if r == ">=" else "≤" for _, r in pm.FIT_RULES],
                         "threshold": [crit[m] for m, _ in pm.FIT_RULES],
                         "reference": ref})


def problem_codes(problems: pd.DataFrame | None) -> str:
    """The improper parts of a solution as codes ``kind:name[@group]``, "; "-joined.

    Examples
    --------
    >>> problem_codes(pd.DataFrame({"kind": ["negative_ov_variance"], "group": [None],
    ...                             "name": ["BP3"], "estimate": [-0.02]}))
    'negative_ov_variance:BP3'
    """
    if problems is None or problems.empty:
        return ""
    return "; ".join(f"{r.kind}:{r.name}" + (f"@{r.group}" if r.group is not None else "")
                     for r in problems.itertuples())


#: what each cut-off of ``pm.CRITERIA`` judges (Indonesian, English), its rule and source
_CUTOFF_TEXT = {
    "r_drop": (("Korelasi butir-total terkoreksi", "Corrected item-total correlation"), "≥",
               "Nunnally & Bernstein (1994)"),
    "alpha_local": (("Alpha Cronbach (batas lokal)", "Cronbach's alpha (local cut-off)"), "≥",
                    "kebiasaan setempat"),
    "alpha": (("Alpha Cronbach (batas internasional)", "Cronbach's alpha (international)"),
              "≥", "Nunnally (1978)"),
    "loading": (("Muatan faktor baku (di bawahnya: revisi)", "Standardized loading (revise "
                 "below)"), "≥", "Hair et al. (2010)"),
    "loading_min": (("Muatan faktor baku (di bawahnya: hapus)", "Standardized loading (drop "
                     "below)"), "≥", "Hair et al. (2010)"),
    "efa_loading": (("Muatan utama pada EFA", "Primary EFA loading"), "≥", "Hair et al. (2010)"),
    "efa_cross": (("Muatan silang pada EFA", "EFA cross-loading"), "<", "Hair et al. (2010)"),
    "cr": (("Reliabilitas komposit (CR)", "Composite reliability (CR)"), "≥",
           "Fornell & Larcker (1981)"),
    "ave": (("AVE", "AVE"), "≥", "Fornell & Larcker (1981)"),
    "htmt": (("HTMT", "HTMT"), "<", "Henseler et al. (2015)"),
    "cfi": (("CFI", "CFI"), "≥", "Hu & Bentler (1999)"),
    "tli": (("TLI", "TLI"), "≥", "Hu & Bentler (1999)"),
    "rmsea": (("RMSEA", "RMSEA"), "≤", "Hu & Bentler (1999)"),
    "srmr": (("SRMR", "SRMR"), "≤", "Hu & Bentler (1999)"),
}


def criteria_table(keys: Sequence[str] | None = None, *,
                   criteria: Mapping[str, float] | None = None,
                   lang: str = "id") -> pd.DataFrame:
    """The cut-offs the validation judges by, as a table (from ``pm.CRITERIA``).

    Parameters
    ----------
    keys : sequence of str, optional
        Which cut-offs (names of ``pm.CRITERIA``), in this order; default all.
    criteria : mapping, optional
        Overrides of ``pm.CRITERIA`` (then the source reads "user-defined" for those).
    lang : {"id", "en"}

    Returns
    -------
    DataFrame
        ``measure`` (what is judged), ``rule`` (≥, ≤ or <), ``threshold``, ``reference``.

    Examples
    --------
    >>> criteria_table(["cr", "ave", "htmt"])
                          measure rule  threshold                 reference
    0  Reliabilitas komposit (CR)    ≥       0.70  Fornell & Larcker (1981)
    1                         AVE    ≥       0.50  Fornell & Larcker (1981)
    2                        HTMT    <       0.85    Henseler et al. (2015)
    """
    crit = pm.merge_criteria(criteria)
    keys = list(pm.CRITERIA) if keys is None else list(keys)
    unknown = [k for k in keys if k not in _CUTOFF_TEXT]
    if unknown:
        raise DataError(f"unknown criteria {unknown}; known: {sorted(_CUTOFF_TEXT)}")
    own = "ditetapkan pengguna" if lang != "en" else "user-defined"
    return pd.DataFrame({
        "measure": [_CUTOFF_TEXT[k][0][1 if lang == "en" else 0] for k in keys],
        "rule": [_CUTOFF_TEXT[k][1] for k in keys],
        "threshold": [crit[k] for k in keys],
        "reference": [own if criteria and k in criteria else _CUTOFF_TEXT[k][2] for k in keys],
    })


def fit_summary(fits: Mapping[str, pd.Series | pm.CFAResult], *,
                criteria: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Fit of one or more CFA models against the cut-offs, one row per model.

    Parameters
    ----------
    fits : mapping model name -> Series or CFAResult
        ``CFAResult.fit`` of each model (e.g. ``{"7 nilai": ..., "orde kedua": ...}``), or
        the results themselves (then ``problems`` names the improper parameters).
    criteria : mapping, optional
        Overrides of ``pm.CRITERIA``.

    Returns
    -------
    DataFrame
        ``model``, ``n``, ``chi2``, ``df``, ``p_value``, ``cfi``, ``tli``, ``rmsea``,
        ``rmsea_ci_low``, ``rmsea_ci_high`` (90%), ``srmr``; flags ``cfi_ok``, ``tli_ok``,
        ``rmsea_ok``, ``srmr_ok`` and ``good_fit`` (all four). For a robust fit (MLR:
        ``cfi_robust`` present; WLSMV: ``shift_parameter`` present) also ``chi2_scaled`` and
        ``scaling_factor``, and ``cfi``, ``tli``, ``rmsea`` are the robust (MLR) or scaled
        (WLSMV) values, the ones to judge such a model by; ``basis`` says which
        ("ml", "robust", "scaled"). Last ``improper``: the solution is improper (a Heywood
        case: ``fit["improper"]`` of :func:`~akhlak_analysis.stats.psychometrics.cfa`), and
        ``problems``: :func:`problem_codes` of its ``problems`` when ``fits`` holds
        ``CFAResult`` objects (blank for a Series).

    Examples
    --------
    >>> f = pd.Series({"n": 500, "chi2": 80.0, "df": 50, "p_value": .004, "cfi": .97,
    ...                "tli": .96, "rmsea": .035, "rmsea_ci_low": .02, "rmsea_ci_high": .05,
    ...                "srmr": .09})
    >>> fit_summary({"m": f})[["model", "cfi_ok", "srmr_ok", "good_fit"]]
      model  cfi_ok  srmr_ok  good_fit
    0     m    True    False     False
    """
    crit = pm.merge_criteria(criteria)
    if not fits:
        raise DataError("fit_summary: no model given")
    problems = {name: f.problems for name, f in fits.items() if isinstance(f, pm.CFAResult)}
    fits = {name: f.fit if isinstance(f, pm.CFAResult) else f for name, f in fits.items()}
    cols = ["n", "chi2", "df", "p_value", "cfi", "tli", "rmsea", "rmsea_ci_low",
            "rmsea_ci_high", "srmr"]
    rows = []
    for name, fit in fits.items():
        absent = [c for c in cols if c not in fit.index]
        if absent:
            raise DataError(f"fit_summary: model {name!r} lacks {absent}")
        row = {"model": name, **{c: float(fit[c]) for c in cols}, "basis": "ml"}
        if "scaling_factor" in fit.index:
            basis = "scaled" if "shift_parameter" in fit.index else "robust"
            row.update(chi2_scaled=float(fit["chi2_scaled"]),
                       scaling_factor=float(fit["scaling_factor"]), basis=basis)
            for m in ("cfi", "tli", "rmsea"):
                key = f"{m}_{basis}"
                if key in fit.index and np.isfinite(fit[key]):
                    row[m] = float(fit[key])
        for m, rule in pm.FIT_RULES:
            row[f"{m}_ok"] = bool(row[m] >= crit[m] if rule == ">=" else row[m] <= crit[m])
        row["good_fit"] = all(row[f"{m}_ok"] for m, _ in pm.FIT_RULES)
        row["improper"] = bool(fit.get("improper", 0.0) == 1.0)
        row["problems"] = problem_codes(problems.get(name))
        rows.append(row)
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype("int64")
    out["df"] = out["df"].astype("int64")
    return out


def criterion_correlations(index: pd.DataFrame, indicators: pd.DataFrame | str | Path, *,
                           year: int, columns: Sequence[str] = ("attendance_rate",
                                                                "discipline_cases"),
                           confidence: float = 0.95) -> pd.DataFrame:
    """Correlation of the OPD index with unit-level indicators (criterion validity).

    Parameters
    ----------
    index : DataFrame
        :func:`akhlak_analysis.index_table` with ``by="opd"``; suppressed units are left out.
    indicators : DataFrame or path
        Unit-level indicator table (``cfg.indicators``): ``opd``, ``year`` and the indicator
        columns.
    year : int
        Year of the indicators to use.
    columns : sequence of str
        Indicator columns to correlate with ``culture_index``.
    confidence : float
        Coverage of the interval.

    Returns
    -------
    DataFrame
        One row per indicator and method: ``criterion``, ``method`` ("pearson", "spearman"),
        ``n`` (OPDs with both), ``r``, ``ci_low``, ``ci_high``, ``p_value``.

    Notes
    -----
    :func:`~akhlak_analysis.stats.psychometrics.criterion_validity` (Fisher-z interval; R
    ``cor.test``). OPD indices are estimates with their own sampling error, so the correlation
    understates the true one (attenuation).

    Examples
    --------
    >>> idx = pd.DataFrame({"unit": list("ABCDEF"), "suppressed": [False] * 6,
    ...                     "culture_index": [60.0, 65, 70, 75, 80, 85]})
    >>> ind = pd.DataFrame({"opd": list("ABCDEF"), "year": 2025,
    ...                     "attendance_rate": [90.0, 92, 91, 94, 93, 96]})
    >>> criterion_correlations(idx, ind, year=2025, columns=["attendance_rate"]).round(3)
             criterion    method  n      r  ci_low  ci_high  p_value
    0  attendance_rate   pearson  6  0.891   0.286    0.988    0.017
    1  attendance_rate  spearman  6  0.886   0.232    0.988    0.019
    """
    require_columns(index, ["unit", "suppressed", "culture_index"],
                    what="index table of criterion_correlations", source="index_table")
    ind = pd.read_csv(indicators) if isinstance(indicators, str | Path) else indicators
    require_columns(ind, ["opd", "year", *columns],
                    what="indicators table of criterion_correlations")
    ind = ind[ind["year"] == year]
    if ind.empty:
        raise DataError(f"the indicator table has no rows for year {year}", column="year")
    if ind["opd"].duplicated().any():
        dup = ind.loc[ind["opd"].duplicated(), "opd"].tolist()
        raise DataError(f"the indicator table lists OPD(s) {dup} twice for {year}", column="opd")
    x = index.loc[~index["suppressed"].astype(bool)].set_index("unit")["culture_index"]
    ind = ind.set_index("opd")
    parts = [pm.criterion_validity(x.astype("float64"), ind[c].astype("float64"),
                                   confidence=confidence).assign(criterion=c) for c in columns]
    out = pd.concat(parts, ignore_index=True)
    return out[["criterion", "method", "n", "r", "ci_low", "ci_high", "p_value"]]
