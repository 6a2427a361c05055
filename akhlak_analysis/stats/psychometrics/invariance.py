"""Measurement invariance across groups: configural, metric, scalar, strict and partial."""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ...errors import DataError
from . import _robust, _sem
from ._common import (
    DEFAULT_MISSING,
    ESTIMATORS,
    MISSING,
    check_option,
    check_positive_definite,
    fiml_moments,
    model_covariances,
    sample_moments,
    validate_inputs,
    warn_improper,
)
from .criteria import CHEN_2007

__all__ = ["measurement_invariance", "partial_invariance"]

_LEVELS = {
    "configural": (),
    "metric": ("loadings",),
    "scalar": ("loadings", "intercepts"),
    "strict": ("loadings", "intercepts", "residuals"),
}

_FIT_COLUMNS = [
    "chi2",
    "df",
    "p_value",
    "cfi",
    "tli",
    "rmsea",
    "rmsea_ci_low",
    "rmsea_ci_high",
    "srmr",
]

#: the scaled and robust columns added with ``estimator="MLR"``
_ROBUST_COLUMNS = [
    "chi2_scaled",
    "df_scaled",
    "p_value_scaled",
    "scaling_factor",
    "cfi_scaled",
    "tli_scaled",
    "rmsea_scaled",
    "cfi_robust",
    "tli_robust",
    "rmsea_robust",
]


def _columns(estimator: str, missing: str) -> list[str]:
    if estimator == "MLR":
        return _FIT_COLUMNS + _ROBUST_COLUMNS
    if missing == "ml":
        return _FIT_COLUMNS + ["cfi_robust", "tli_robust", "rmsea_robust"]
    return list(_FIT_COLUMNS)



# --------------------------------------------------------------------------------------------
# measurement invariance


def _check_group(data: pd.DataFrame, group: str) -> None:
    if not isinstance(data, pd.DataFrame) or group not in data.columns:
        cols = list(data.columns) if isinstance(data, pd.DataFrame) else []
        close = difflib.get_close_matches(str(group), [str(c) for c in cols], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise DataError(f"group column not in the data{hint}", column=str(group))


def _group_moments(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    group: str,
    missing: str = DEFAULT_MISSING,
    estimator: str = "ML",
) -> tuple[dict[str, list[str]], list[str], list, list[_sem.GroupMoments]]:
    _check_group(data, group)
    check_option(missing, MISSING, "missing")
    check_option(estimator, ESTIMATORS, "estimator")
    if estimator == "WLSMV":
        raise ValueError("partial_invariance is not built for ordinal items (WLSMV): freeing "
                         "thresholds item by item needs its own identification; use "
                         "measurement_invariance(estimator='WLSMV') for the full sequence")
    factors, items, frame = validate_inputs(data, factors, complete=(missing == "listwise"),
                                      cross=True)
    frame = frame.assign(_group=data[group].to_numpy())
    frame = frame[frame["_group"].notna()]
    if missing == "listwise":
        frame = frame.dropna()
    else:
        frame = frame[frame[items].notna().any(axis=1)]
    levels = list(pd.unique(frame["_group"]))  # lavaan: order of first appearance
    if len(levels) < 2:
        raise DataError(f"needs at least 2 groups, found {levels}", column=str(group))
    moments = []
    what = "complete rows" if missing == "listwise" else "rows with an answer"
    for lev in levels:
        x = frame.loc[frame["_group"] == lev, items].to_numpy()
        if len(x) <= len(items):
            raise DataError(
                f"group {lev!r} has {len(x)} {what} for {len(items)} items; "
                "each group needs more rows than items",
                column=str(group),
            )
        if missing == "ml":
            mom = fiml_moments(x, items, group=lev)
        else:
            mom = sample_moments(x)
            check_positive_definite(mom.cov, items, data=x, group=lev)
            if estimator == "MLR":
                mom.data = x
        moments.append(mom)
    return factors, items, levels, moments


def _fit_level(items, factors, moments, level, free_intercepts=(), start=None,
               estimator="ML", robust=None, covariances=(), groups=None):
    """Fit one invariance level; ``robust`` (a dict) caches what the levels share; an
    improper solution is kept in ``ml.problems`` (``groups`` name the groups) and warned of."""
    spec = _sem.build_cfa_spec(
        items,
        factors,
        moments,
        meanstructure=True,
        equal=_LEVELS[level],
        free_intercepts=tuple(free_intercepts),
        covariances=covariances,
    )
    fiml = moments[0].patterns is not None
    info = "observed" if estimator == "MLR" else "expected"
    ml = _sem.fit_ml(spec, moments, start=None if start is None else start(spec),
                     information=info)
    if not ml.converged:
        warnings.warn(f"the {level} model did not converge", RuntimeWarning, stacklevel=3)
    ml.problems = _sem.improper_solution(ml, groups)
    warn_improper(_sem.problem_messages(ml.problems), f"the {level} model", stacklevel=4)
    if estimator == "MLR" or fiml:
        _robust.apply_mlr(ml, cache=robust) if estimator == "MLR" else \
            _robust.apply_fiml_robust(ml, cache=robust)
    return ml


def _improper_columns(ml: _sem.MLFit) -> dict:
    """``improper`` (bool) and ``problems`` (lavaan's warnings, "; "-joined) of a fitted level."""
    return {"improper": bool(ml.problems),
            "problems": "; ".join(_sem.problem_messages(ml.problems))}


def _improper_last(table: pd.DataFrame) -> pd.DataFrame:
    """The table with ``improper`` and ``problems`` as its last columns."""
    last = ["improper", "problems"]
    return table[[c for c in table.columns if c not in last] + last]


def _warm_start(previous: _sem.MLFit):
    """Start values for a nested model from the estimates of a less constrained one."""
    values = dict(zip(previous.spec.labels, previous.par, strict=True))

    def start(spec: _sem.ModelSpec) -> np.ndarray:
        out = spec.start.copy()
        for i, lab in enumerate(spec.labels):
            if lab in values:
                out[i] = values[lab]
            elif f"{lab}@0" in values:
                out[i] = values[f"{lab}@0"]
            elif "@" in lab and lab.rsplit("@", 1)[0] in values:
                out[i] = values[lab.rsplit("@", 1)[0]]
        return out

    return start


def _delta_row(row: dict, prev: dict | None, level: str, criteria) -> dict:
    """Differences against the previous (less constrained) model and the Chen decision.

    With MLR (``scaling_factor`` present) ``delta_chi2_scaled`` is the Satorra-Bentler (2001)
    scaled difference ``(T0 - T1) / cd``, ``cd = (df0 c0 - df1 c1) / (df0 - df1)`` (lavaan
    ``lavTestLRT``), ``delta_p`` its p-value, and the decision uses the robust CFI and RMSEA.
    """
    scaled = "scaling_factor" in row
    cfi, rmsea = ("cfi_robust", "rmsea_robust") if scaled else ("cfi", "rmsea")
    if prev is None:
        row.update(delta_chi2=np.nan, delta_df=np.nan, delta_p=np.nan)
        if scaled:
            row["delta_chi2_scaled"] = np.nan
        row.update(delta_cfi=np.nan, delta_rmsea=np.nan, delta_srmr=np.nan, holds=pd.NA)
        return row
    d_chi2, d_df = row["chi2"] - prev["chi2"], row["df"] - prev["df"]
    row.update(delta_chi2=d_chi2, delta_df=d_df)
    test = d_chi2
    if scaled:
        cd = (row["df"] * row["scaling_factor"] - prev["df"] * prev["scaling_factor"]) / d_df
        test = d_chi2 / cd if d_df > 0 else np.nan
        row["delta_chi2_scaled"] = test
    row.update(
        delta_p=float(stats.chi2.sf(test, d_df)) if d_df > 0 else np.nan,
        delta_cfi=row[cfi] - prev[cfi],
        delta_rmsea=row[rmsea] - prev[rmsea],
        delta_srmr=row["srmr"] - prev["srmr"],
    )
    crit = criteria[level]
    row["holds"] = bool(
        row["delta_cfi"] >= crit["cfi"]
        and (row["delta_rmsea"] <= crit["rmsea"] or row["delta_srmr"] <= crit["srmr"])
    )
    return row


def measurement_invariance(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    group: str,
    *,
    levels: Sequence[str] | None = None,
    strict: bool = False,
    criteria: Mapping[str, Mapping[str, float]] = CHEN_2007,
    missing: str = DEFAULT_MISSING,
    estimator: str = "ML",
    ordered: bool | Sequence[str] = False,
) -> pd.DataFrame:
    """Configural, metric, scalar (and strict) invariance across groups by multi-group ML.

    With ordinal items (``estimator="WLSMV"``) the Wu & Estabrook (2016) sequence
    configural, thresholds, metric, scalar by multi-group WLSMV (see Notes).

    Parameters
    ----------
    data : DataFrame
        Numeric item columns and the group column; rows without a group are dropped, and
        with ``missing="listwise"`` also rows with a missing answer.
    factors : dict of str to list of str, or str
        Factor name -> item columns, or a lavaan model string (cross-loadings and residual
        covariances allowed; see :func:`~akhlak_analysis.stats.psychometrics.parse_model`).
    group : str
        Column with the group of each respondent (e.g. year, gender, agency type).
    levels : sequence of str, optional
        Nested models to fit, in order, from "configural", "metric", "scalar", "strict";
        default configural, metric, scalar. With ``"WLSMV"`` from "configural",
        "thresholds", "metric", "scalar" (default all four; no "strict").
    strict : bool
        Append the strict model (residual variances equal) to ``levels``.
    criteria : dict
        Cut-offs per level for the change in fit; default :data:`CHEN_2007`.
    missing : {"ml", "listwise"}
        As :func:`~akhlak_analysis.stats.psychometrics.cfa`: ``"ml"`` (default) fits every
        group by full-information ML (lavaan ``missing = "ml"``). ``"WLSMV"`` needs
        ``"listwise"`` (complete rows, lavaan's default for ordinal items).
    estimator : {"ML", "MLR", "WLSMV"}
        As :func:`~akhlak_analysis.stats.psychometrics.cfa`; with ``"MLR"`` the table gains
        the scaled and robust columns, ``delta_chi2_scaled`` and the decision uses the robust
        CFI and RMSEA. ``"WLSMV"``: ordinal items, see Notes.
    ordered : bool or list of str
        With ``"WLSMV"``: ``True`` (or the list of all items) treats every item as ordinal.

    Returns
    -------
    DataFrame
        One row per model: ``model``; ``chi2``, ``df``, ``p_value``, ``cfi``, ``tli``,
        ``rmsea``, ``rmsea_ci_low``, ``rmsea_ci_high``, ``srmr``; ``delta_chi2``,
        ``delta_df``, ``delta_p`` (likelihood-ratio test against the previous row),
        ``delta_cfi``, ``delta_rmsea``, ``delta_srmr``; ``holds`` (Chen 2007 rule; NA for the
        first row). With ``missing="ml"`` also ``cfi_robust``, ``tli_robust``,
        ``rmsea_robust``; with ``estimator="MLR"`` also ``chi2_scaled``, ``df_scaled``,
        ``p_value_scaled``, ``scaling_factor``, ``cfi_scaled``, ``tli_scaled``,
        ``rmsea_scaled`` and ``delta_chi2_scaled`` (Satorra-Bentler 2001 scaled difference,
        lavaan ``lavTestLRT``; ``delta_p`` is then its p-value). With ``"WLSMV"``: ``chi2``
        (DWLS), ``df``, ``p_value``, ``chi2_scaled``, ``df_scaled``, ``p_value_scaled``,
        ``scaling_factor``, ``shift_parameter`` (lavaan's scaled-shifted test), ``cfi``,
        ``tli``, ``rmsea``, ``cfi_scaled``, ``tli_scaled``, ``rmsea_scaled``,
        ``cfi_robust``, ``tli_robust``, ``rmsea_robust`` (lavaan's robust indices for ordinal
        items; lavaan 0.6-14 has them only for the configural model, its catML refit fails
        once thresholds are constrained, so they are NaN in the later rows), ``srmr``;
        ``delta_chi2`` (DWLS difference), ``delta_chi2_scaled``, ``delta_df``, ``delta_p``
        (lavaan ``lavTestLRT``: Satorra 2000, scaled and shifted), ``delta_cfi``,
        ``delta_rmsea`` (of the scaled indices), ``delta_srmr``, ``holds``. Last, in every
        case, ``improper`` (the model's solution is improper: a negative variance or a latent
        covariance matrix that is not positive definite in some group) and ``problems``
        (lavaan's warnings naming the items, factors and groups; blank when proper).

    Notes
    -----
    Multi-group ML with a mean structure, identified as lavaan does: first loading of each
    factor fixed to 1 in every group, latent means 0 in every group until intercepts are
    constrained equal, then free in all groups but the first. Metric constrains loadings,
    scalar also intercepts, strict also residual variances. lavaan conventions:
    ``chi2 = N F`` with groups weighted ``N_g / N``, RMSEA multiplied by ``sqrt(G)``, SRMR
    (with mean residuals) averaged over groups weighted by ``N_g``, independence baseline per
    group. Same numbers as lavaan ``cfa(model, data, group = g, group.equal = ...)`` and
    semTools ``measEq.syntax``; ``delta_p`` as ``lavTestLRT``. Chen (2007): a level holds if
    ``delta_cfi >= -.010`` and (``delta_rmsea <= .015`` or ``delta_srmr <= .030`` for
    metric, ``.010`` for scalar and strict).

    **Ordinal items** (``estimator="WLSMV"``): multi-group DWLS on each group's thresholds
    and polychoric correlations (groups weighted ``N_g / N``, ``chi2 = N F``), robust SEs,
    scaled-shifted test, delta parameterization, complete rows only. The models are the ones
    semTools ``measEq.syntax(model, ordered = items, parameterization = "delta",
    ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016", group.equal = ...)`` writes, fitted by
    lavaan ``estimator = "WLSMV"``:

    ============  ======================================  =================================
    ``model``     lavaan ``group.equal``                  freed in groups 2..G
    ============  ======================================  =================================
    configural    (none)                                  (factor variances 1, means 0,
                                                          intercepts 0, scales 1 everywhere)
    thresholds    "thresholds"                            intercepts, scales (``~*~``)
    metric        "thresholds", "loadings"                + factor variances
    scalar        "thresholds", "loadings", "intercepts"  scales, variances, factor means
    ============  ======================================  =================================

    With 3 categories the thresholds model is equivalent to the configural one (same chi2
    and df, ``delta_df`` 0 and ``delta_p`` NaN); each item with ``k > 3`` categories adds
    ``k - 3`` df per extra group. ``delta_chi2_scaled`` is lavaan ``lavTestLRT``'s default
    for WLSMV (``method = "satorra.2000"``, scaled and shifted). ``holds`` applies the Chen
    (2007) rule to ``delta_cfi`` and ``delta_rmsea`` of the scaled CFI and RMSEA and to
    ``delta_srmr``; the thresholds step uses ``criteria["thresholds"]`` when given, else the
    metric cut-offs. Strict invariance is not identified in the delta parameterization
    (semTools refuses it). An item needs 3 or more categories, each observed in every group
    (lavaan stops on an empty category too; merge it first). Same numbers as lavaan 0.6-14:
    ``srmr`` is lavaan's (correlation residuals, averaged over groups weighted ``N_g``),
    RMSEA uses ``N - G`` as lavaan does for DWLS.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
    ...            "speed": ["x7", "x8", "x9"]}
    >>> mi = measurement_invariance(hs, factors, "school")
    >>> mi[["model", "chi2", "df", "cfi", "delta_cfi", "holds"]].round(4)
            model      chi2  df     cfi  delta_cfi  holds
    0  configural  115.8513  48  0.9234        NaN   <NA>
    1      metric  124.0435  54  0.9209    -0.0025   True
    2      scalar  164.1028  60  0.8825    -0.0385  False

    The items cut into three ordered categories, by WLSMV:

    >>> cut = hs[["school"]].assign(**{x: pd.qcut(hs[x], 3, labels=False) for x in
    ...                                [f"x{i}" for i in range(1, 10)]})
    >>> mo = measurement_invariance(cut, factors, "school", estimator="WLSMV", ordered=True,
    ...                             missing="listwise")
    >>> mo[["model", "chi2_scaled", "df", "cfi_scaled", "delta_df"]].round(3)
            model  chi2_scaled  df  cfi_scaled  delta_df
    0  configural       93.217  48       0.951       NaN
    1  thresholds       93.217  48       0.951       0.0
    2      metric       95.780  54       0.954       6.0
    3      scalar      133.570  60       0.920       6.0
    """
    check_option(estimator, ESTIMATORS, "estimator")
    if estimator == "WLSMV" or ordered is not False:
        if strict:
            levels = [*(levels or ["configural"]), "strict"]  # refused with the reason
        return _ordinal(data, factors, group, levels, criteria, missing, estimator, ordered)
    if levels is None:
        levels = ("configural", "metric", "scalar")
    levels = list(levels) + (["strict"] if strict and "strict" not in levels else [])
    unknown = [lev for lev in levels if lev not in _LEVELS]
    if unknown or not levels:
        raise DataError(f"unknown invariance level(s) {unknown}; choose from {list(_LEVELS)}")
    model = factors
    factors, items, groups, moments = _group_moments(data, factors, group, missing, estimator)
    covariances = model_covariances(model, items)
    columns = _columns(estimator, missing)
    rows, prev, ml, cache = [], None, None, {}
    for level in levels:
        ml = _fit_level(
            items, factors, moments, level, start=None if ml is None else _warm_start(ml),
            estimator=estimator, robust=cache, covariances=covariances, groups=groups,
        )
        st = _sem.fit_statistics(ml)
        row = {"model": level, **{c: st[c] for c in columns}, **_improper_columns(ml)}
        rows.append(_delta_row(row, prev, level, criteria))
        prev = row
    out = _improper_last(pd.DataFrame(rows))
    out["holds"] = out["holds"].astype("boolean")
    return out


def _ordinal(data, factors, group, levels, criteria, missing, estimator, ordered):
    """The WLSMV sequence (:mod:`._ordinal_invariance`) on validated inputs."""
    from . import _ordinal_invariance as oi

    frame, factors, items, groups, group_levels, levels, covariances = ordinal_inputs(
        data, factors, group, levels, missing, estimator, ordered)
    return oi.invariance_table(frame, factors, items, groups, group_levels, levels, criteria,
                               covariances)


def ordinal_inputs(data, factors, group, levels, missing, estimator, ordered):
    """Check the inputs of the WLSMV sequence; complete rows and the groups in lavaan's order."""
    from . import _ordinal_invariance as oi

    if estimator != "WLSMV":
        raise ValueError(f"ordered items need estimator='WLSMV', got {estimator!r}")
    if missing != "listwise":
        raise ValueError("WLSMV uses the complete rows (lavaan's default for ordinal items): "
                         "pass missing='listwise'")
    _check_group(data, group)
    levels = oi.check_levels(oi.STEPS if levels is None else levels)
    model = factors
    factors, items, frame = validate_inputs(data, factors, complete=False, cross=True)
    if ordered is not True:
        listed = [ordered] if isinstance(ordered, str) else list(ordered)
        if sorted(listed) != sorted(items):
            raise ValueError("ordered must be True or list every item of the model (mixed "
                             f"ordinal and continuous items are not supported); got {listed}")
    covariances = model_covariances(model, items)
    frame = frame.assign(_group=data[group].to_numpy()).dropna()
    group_levels = list(pd.unique(frame["_group"]))  # lavaan: order of first appearance
    if len(group_levels) < 2:
        raise DataError(f"needs at least 2 groups with complete rows, found {group_levels}",
                        column=str(group))
    return frame, factors, items, frame["_group"].to_numpy(), group_levels, levels, covariances


def _score_tests(
    ml: _sem.MLFit, items, factors, moments, freed: list[str], candidates: list[str],
    covariances=(),
) -> dict[str, float]:
    """Score (Lagrange multiplier) test for releasing each candidate intercept equality."""
    n = sum(m.n for m in moments)
    out = {}
    for it in candidates:
        spec = _sem.build_cfa_spec(
            items,
            factors,
            moments,
            meanstructure=True,
            equal=_LEVELS["scalar"],
            free_intercepts=(*freed, it),
            covariances=covariances,
        )
        par = _warm_start(ml)(spec)
        imps = [_sem.implied(g, par) for g in spec.groups]
        grad, info = _sem.gradient_information(spec, par, imps, moments)
        step = np.linalg.lstsq(info, grad, rcond=None)[0]
        out[it] = float(n / 2 * grad @ step)
    return out


def partial_invariance(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    group: str,
    *,
    free_intercepts: Sequence[str] | None = None,
    max_free: int | None = None,
    criteria: Mapping[str, Mapping[str, float]] = CHEN_2007,
    missing: str = DEFAULT_MISSING,
    estimator: str = "ML",
) -> pd.DataFrame:
    """Partial scalar invariance: free item intercepts one at a time until scalar holds.

    Parameters
    ----------
    data, factors, group
        As :func:`measurement_invariance`.
    free_intercepts : sequence of str, optional
        Fit exactly this partial scalar model (intercepts of these items free across groups)
        instead of searching.
    max_free : int, optional
        Most intercepts to free in the search; default: all but one per factor.
    criteria : dict
        Cut-offs, default :data:`CHEN_2007` (the "scalar" entry is used).
    missing, estimator
        As :func:`measurement_invariance` ("ML" or "MLR"; not built for ordinal items).

    Returns
    -------
    DataFrame
        One row per model: first ``metric`` and ``scalar``, then one ``partial_scalar`` row per
        step. Columns: ``model``; ``free_intercepts`` (comma-separated items freed so far);
        ``score_chi2``, ``score_p`` (score test, df = G - 1, of the intercept freed at that
        step); the fit columns of :func:`measurement_invariance`; ``delta_*`` against the
        metric model; ``holds``.

    Notes
    -----
    At each step the intercept whose equality constraint has the largest score (Lagrange
    multiplier) statistic ``LM = s' I^-1 s`` is freed, with ``s`` the gradient of the
    log-likelihood of the model with that intercept free in every group, evaluated at the
    current estimates, and ``I`` its expected information. This is the univariate test of
    lavaan ``lavTestScore(fit)`` on the intercept constraints (for two groups identical; for
    more groups it tests all G - 1 constraints of an item jointly). An item is not a
    candidate if freeing it would leave its factor without an equal intercept. The search
    stops when the Chen rule holds against the metric model or at ``max_free``.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
    ...            "speed": ["x7", "x8", "x9"]}
    >>> res = partial_invariance(hs, factors, "school", free_intercepts=["x3", "x7"])
    >>> res[["model", "free_intercepts", "chi2", "df", "cfi"]].round(3)
                model free_intercepts     chi2  df    cfi
    0          metric                  124.044  54  0.921
    1          scalar                  164.103  60  0.882
    2  partial_scalar          x3, x7  129.422  58  0.919
    """
    model = factors
    factors, items, groups, moments = _group_moments(data, factors, group, missing, estimator)
    covariances = model_covariances(model, items)
    columns = _columns(estimator, missing)
    cache: dict = {}
    opts = {"estimator": estimator, "robust": cache, "covariances": covariances,
            "groups": groups}
    if free_intercepts is not None:
        free_intercepts = (
            [free_intercepts] if isinstance(free_intercepts, str) else list(free_intercepts)
        )
        _check_free(free_intercepts, factors)
    metric = _fit_level(items, factors, moments, "metric", **opts)
    m_st = _sem.fit_statistics(metric)
    metric_row = {
        "model": "metric",
        "free_intercepts": "",
        "score_chi2": np.nan,
        "score_p": np.nan,
        **{c: m_st[c] for c in columns},
        **_improper_columns(metric),
    }

    def row_for(ml, name, freed, score):
        st = _sem.fit_statistics(ml)
        row = {
            "model": name,
            "free_intercepts": ", ".join(freed),
            "score_chi2": score,
            "score_p": stats.chi2.sf(score, len(moments) - 1) if np.isfinite(score) else np.nan,
            **{c: st[c] for c in columns},
            **_improper_columns(ml),
        }
        return _delta_row(row, metric_row, "scalar", criteria)

    rows = [_delta_row(dict(metric_row), None, "metric", criteria)]
    current = _fit_level(items, factors, moments, "scalar", start=_warm_start(metric), **opts)
    rows.append(row_for(current, "scalar", [], np.nan))
    if free_intercepts is not None:
        ml = _fit_level(items, factors, moments, "scalar", free_intercepts, _warm_start(metric),
                        **opts)
        rows.append(row_for(ml, "partial_scalar", free_intercepts, np.nan))
    else:
        freed: list[str] = []
        limit = max_free if max_free is not None else len(items) - len(factors)
        while not rows[-1]["holds"] and len(freed) < limit:
            cands = [it for it in items if it not in freed and _can_free([*freed, it], factors)]
            if not cands:
                break
            scores = _score_tests(current, items, factors, moments, freed, cands, covariances)
            best = max(scores, key=scores.get)
            freed.append(best)
            current = _fit_level(items, factors, moments, "scalar", freed, _warm_start(current),
                                 **opts)
            rows.append(row_for(current, "partial_scalar", freed, scores[best]))
    out = _improper_last(pd.DataFrame(rows))
    out["holds"] = out["holds"].astype("boolean")
    return out


def _can_free(freed: Sequence[str], factors: dict[str, list[str]]) -> bool:
    return all(len(set(its) - set(freed)) >= 1 for its in factors.values())


def _check_free(freed: list[str], factors: dict[str, list[str]]) -> None:
    items = {it for its in factors.values() for it in its}
    absent = [it for it in freed if it not in items]
    if absent:
        raise DataError(f"free_intercepts names item(s) not in any factor: {absent}")
    if not _can_free(freed, factors):
        raise DataError(
            "free_intercepts frees every intercept of a factor; keep at least one equal "
            "across groups so its latent mean is identified"
        )


