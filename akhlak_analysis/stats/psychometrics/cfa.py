"""Confirmatory factor analysis by ML and the Fornell-Larcker table."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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
    model_covariances,
    robust_cache,
    sample_moments,
    shared_fiml_moments,
    validate_inputs,
    warn_improper,
)
from .items import omega_ave

__all__ = ["PROBLEM_COLUMNS", "CFAResult", "cfa", "fornell_larcker", "modindices",
           "problem_table"]


# --------------------------------------------------------------------------------------------
# confirmatory factor analysis


@dataclass
class CFAResult:
    """A fitted confirmatory factor model (see :func:`cfa`)."""

    fit: pd.Series
    loadings: pd.DataFrame
    factor_correlations: pd.DataFrame
    residual_variances: pd.DataFrame
    estimates: pd.DataFrame
    implied_cov: pd.DataFrame
    converged: bool
    n: int
    _ml: _sem.MLFit = field(repr=False, default=None)  # type: ignore[assignment]
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROBLEM_COLUMNS))
    warnings: tuple[str, ...] = ()

    @property
    def improper(self) -> bool:
        """Whether the solution is improper (a Heywood case; see ``problems``)."""
        return len(self.problems) > 0


#: columns of ``CFAResult.problems``
PROBLEM_COLUMNS = ["kind", "group", "name", "estimate"]


def problem_table(rows: list[dict]) -> pd.DataFrame:
    """The improper parts of a solution as a table (:data:`PROBLEM_COLUMNS`)."""
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def _estimate_table(ml: _sem.MLFit) -> pd.DataFrame:
    se = np.sqrt(np.clip(np.diag(ml.vcov), 0, None))
    z = ml.par / np.where(se > 0, se, np.nan)
    return pd.DataFrame(
        {
            "label": ml.spec.labels,
            "estimate": ml.par,
            "se": se,
            "z": z,
            "p_value": 2 * stats.norm.sf(np.abs(z)),
        }
    )


def cfa(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    *,
    second_order: bool | str = False,
    std_lv: bool = False,
    missing: str = DEFAULT_MISSING,
    estimator: str = "ML",
    ordered: bool | Sequence[str] = False,
) -> CFAResult:
    """Confirmatory factor analysis by maximum likelihood, with lavaan's fit measures.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, numeric item columns (missing answers as NaN).
    factors : dict of str to list of str, or str
        Factor name -> item columns (factors correlated), or the model in lavaan syntax
        (:func:`~akhlak_analysis.stats.psychometrics.parse_model`: ``=~`` lines, an item
        under two factors cross-loads, ``item ~~ item`` frees a residual covariance).
    second_order : bool or str
        Put one higher-order factor above the first-order factors (the first-order factors
        are then uncorrelated apart from it). A string names it (default name
        ``"higher_order"``; for the instrument, ``"berakhlak"``).
    std_lv : bool
        Identify by fixing factor variances to 1 instead of the first loading (same fit).
    missing : {"ml", "listwise"}
        ``"ml"`` (default): full-information ML, every respondent with at least one answer
        counts (lavaan ``missing = "ml"``; adds a mean structure, the item intercepts
        ``item~1``, and uses the observed information for standard errors);
        ``"listwise"``: only respondents who answered every item (lavaan's default).
    estimator : {"ML", "MLR", "WLSMV"}
        ``"MLR"``: ML estimates with sandwich (Huber-White) standard errors and the
        Yuan-Bentler scaled test with scaled and robust fit indices (lavaan
        ``estimator = "MLR"``), for answers that are not normally distributed.
        ``"WLSMV"``: the items are ordinal (``ordered``); DWLS on the polychoric
        correlations with robust standard errors and the mean-and-variance adjusted
        (scaled-shifted) test (lavaan ``estimator = "WLSMV"``, delta parameterization);
        needs ``missing="listwise"``, one group, no second-order factor.
    ordered : bool or list of str
        With ``"WLSMV"``: ``True`` (or the list of all items) treats every item as ordinal.
        Mixed ordinal and continuous items are not supported.

    Returns
    -------
    CFAResult
        ``fit`` (Series): ``chi2``, ``df``, ``p_value``, ``cfi``, ``tli``, ``rmsea``,
        ``rmsea_ci_low``, ``rmsea_ci_high`` (90%), ``srmr`` (Bentler), ``aic``, ``bic``,
        ``loglik``, ``loglik_h1`` (saturated model), ``baseline_chi2``, ``baseline_df``,
        ``n`` (respondents used), ``npar``. With ``estimator="MLR"`` also ``chi2_scaled``,
        ``df_scaled``, ``p_value_scaled``, ``scaling_factor``, ``baseline_chi2_scaled``,
        ``baseline_scaling_factor``, ``cfi_scaled``, ``tli_scaled``, ``rmsea_scaled``,
        ``rmsea_ci_low_scaled``, ``rmsea_ci_high_scaled``, ``cfi_robust``, ``tli_robust``,
        ``rmsea_robust``, ``rmsea_ci_low_robust``, ``rmsea_ci_high_robust``; with
        ``missing="ml"`` and ML the robust (FIML-corrected) CFI, TLI and RMSEA. With
        ``"WLSMV"``: ``chi2`` (DWLS), the scaled-shifted ``chi2_scaled``, ``scaling_factor``,
        ``shift_parameter``, the scaled indices, and ``cfi_robust``, ``tli_robust``,
        ``rmsea_robust`` as lavaan 0.6-14 computes them for ordinal items (Savalei 2021:
        the normal-theory ML discrepancy of the polychoric correlations at the DWLS
        estimates, corrected by its own scaling factor; NaN when a polychoric matrix is
        not positive definite); RMSEA with ``N - 1`` as lavaan does for DWLS.
        ``loadings`` (DataFrame): ``factor``, ``item`` (a first-order factor for the
        higher-order loadings), ``estimate``, ``std_all`` (completely standardized), ``se``,
        ``z``, ``p_value`` (NaN for fixed loadings). ``factor_correlations``: model-implied
        correlations of the first-order factors (square DataFrame). ``residual_variances``:
        ``item``, ``estimate``, ``std_all`` (share of variance unexplained), ``r2``, ``se``,
        ``z``, ``p_value``. ``estimates``: every free parameter in lavaan-like syntax
        (``label``, ``estimate``, ``se``, ``z``, ``p_value``). ``implied_cov``, ``converged``,
        ``n``. ``problems``: the improper parts of the solution (a Heywood case), one row
        each: ``kind`` ("negative_ov_variance", "negative_lv_variance",
        "lv_not_positive_definite", "theta_not_positive_definite"), ``group``, ``name``
        (item, factor, or ``"f1~~f2"`` for a factor correlation beyond 1), ``estimate``;
        ``warnings``: lavaan's messages for them; ``improper`` (bool); ``fit["improper"]``
        is 1.0 when there is one, else 0.0.

    Notes
    -----
    Minimises ``F = log|Sigma| + tr(S Sigma^-1) - log|S| - p`` with ``S`` the N-divided
    covariance matrix; ``chi2 = N F``; CFI and TLI against the independence model;
    ``rmsea = sqrt(max(chi2 - df, 0) / (df N))`` (lavaan uses N, semopy N - 1) with the
    interval from the noncentral chi-square; SRMR is Bentler's, the root mean square of
    ``(s_ij - sigma_ij) / sqrt(s_ii s_jj)`` over the lower triangle with the diagonal;
    ``loglik`` is the normal log-likelihood with the means fitted exactly, and AIC/BIC count
    the free parameters. Standard errors use the expected information. The same numbers come
    from lavaan ``fitMeasures(cfa(model, data))`` and ``standardizedSolution()``. With
    ``second_order`` the first first-order factor's loading on the higher-order factor is
    fixed to 1 (lavaan's default marker).

    With ``missing="ml"`` the casewise log-likelihood ``l_0`` is summed over the patterns of
    answered items, the saturated model ``l_1`` is estimated by EM, ``chi2 = 2 (l_1 - l_0)``,
    CFI/TLI compare with the independence model fitted the same way, SRMR compares the
    model-implied moments (means included) with the EM moments, and the standard errors use
    the observed information: ``cfa(model, data, missing = "ml")``. The robust indices with
    missing answers are lavaan's FIML-corrected ones (Zhang & Savalei; V6 for ML, V3 for MLR).
    With ``estimator="MLR"`` (``cfa(model, data, estimator = "MLR")``): ``vcov = E^-1 B E^-1
    / N`` with ``E`` the observed information and ``B`` the cross-product of the casewise
    scores; ``scaling_factor = (tr(A1^-1 B1) - tr(E^-1 B)) / df`` from the unrestricted
    model's observed (``A1``) and cross-product (``B1``) information (Yuan-Bentler, Mplus
    variant); ``chi2_scaled = chi2 / scaling_factor``; ``cfi_robust`` and ``rmsea_robust``
    as Brosseau-Liard & Savalei (2014) and Brosseau-Liard, Savalei & Li (2012).

    An improper solution (negative residual or latent variances, a latent covariance matrix
    that is not positive definite) is kept as estimated, listed in ``problems`` and warned of
    (:class:`ImproperSolutionWarning`), as lavaan's ``lav_object_post_check`` warns ("some
    estimated ov variances are negative", ...); ``converged`` stays true, as in lavaan.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
    ...            "speed": ["x7", "x8", "x9"]}
    >>> res = cfa(hs, factors, missing="listwise")  # lavaan's default, cfa(model, data)
    >>> res.fit[["chi2", "df", "cfi", "tli", "rmsea", "srmr"]].round(4)
    chi2    85.3055
    df      24.0000
    cfi      0.9306
    tli      0.8958
    rmsea    0.0921
    srmr     0.0652
    dtype: float64
    >>> res.loadings.std_all.round(3).tolist()
    [0.772, 0.424, 0.581, 0.852, 0.855, 0.838, 0.57, 0.723, 0.665]
    >>> robust = cfa(hs, factors, estimator="MLR", missing="listwise")
    >>> robust.fit[["chi2_scaled", "scaling_factor", "cfi_robust", "rmsea_robust"]].round(4)
    chi2_scaled       87.1316
    scaling_factor     0.9790
    cfi_robust         0.9299
    rmsea_robust       0.0925
    dtype: float64
    """
    check_option(missing, MISSING, "missing")
    check_option(estimator, ESTIMATORS, "estimator")
    if estimator == "WLSMV" or ordered is not False:
        return _cfa_wlsmv(data, factors, std_lv=std_lv, missing=missing,
                          estimator=estimator, ordered=ordered, second_order=second_order)
    model = factors
    factors, items, frame = validate_inputs(data, factors, complete=(missing == "listwise"),
                                      cross=True)
    covariances = model_covariances(model, items)
    shared: dict = {}  # FIML: what models fitted to the same answers share
    if missing == "ml":
        mom, shared = shared_fiml_moments(frame.to_numpy(), items)
    else:
        x = frame.dropna().to_numpy()
        if len(x) <= len(items):
            raise DataError(
                f"only {len(x)} complete rows for {len(items)} items; "
                "a CFA needs more rows than items"
            )
        mom = sample_moments(x)
        check_positive_definite(mom.cov, items, data=x)
        if estimator == "MLR":
            mom.data = x
    name = None
    if second_order:
        name = second_order if isinstance(second_order, str) else "higher_order"
        if len(factors) < 3:
            raise DataError(
                f"a second-order factor needs at least 3 first-order factors, got {len(factors)}"
            )
        if name in factors:
            raise DataError(f"second-order factor name {name!r} is already a first-order factor")
    spec = _sem.build_cfa_spec(
        items, factors, [mom], second_order=name, std_lv=std_lv, meanstructure=missing == "ml",
        covariances=covariances,
    )
    observed = missing == "ml" or estimator == "MLR"
    ml = _sem.fit_ml(spec, [mom], information="observed" if observed else "expected")
    if estimator == "MLR":
        _robust.apply_mlr(ml, cache=robust_cache(shared, estimator))
    elif missing == "ml":
        _robust.apply_fiml_robust(ml, cache=robust_cache(shared, estimator))
    if not ml.converged:
        warnings.warn("the CFA did not converge; interpret with care", RuntimeWarning, stacklevel=2)
    result = _cfa_result(ml, factors, items, name)
    warn_improper(result.warnings, "the CFA")
    return result


def _cfa_result(ml, factors, items, name) -> CFAResult:
    imp = ml.implied[0]
    problems = _sem.improper_solution(ml)
    est = _estimate_table(ml).set_index("label")
    sd_lv = np.sqrt(np.diag(imp.cov_lv))
    sd_y = np.sqrt(np.diag(imp.sigma))
    rows = []
    for j, (f, its) in enumerate(factors.items()):
        for it in its:
            i = items.index(it)
            rows.append(
                _row(est, f"{f}=~{it}", f, it, imp.lam[i, j], imp.lam[i, j] * sd_lv[j] / sd_y[i])
            )
    if name is not None:
        h = len(factors)
        for j, f in enumerate(factors):
            lab = f"{name}=~{f}"
            value = est.estimate.get(lab, 1.0)
            rows.append(_row(est, lab, name, f, value, value * sd_lv[h] / sd_lv[j]))
    loadings = pd.DataFrame(rows)
    k = len(factors)
    corr = imp.cov_lv[:k, :k] / np.outer(sd_lv[:k], sd_lv[:k])
    fnames = list(factors)
    theta_rows = []
    for i, it in enumerate(items):
        lab = f"{it}~~{it}"
        r = est.loc[lab]
        std = r.estimate / imp.sigma[i, i]
        theta_rows.append(
            {
                "item": it,
                "estimate": r.estimate,
                "std_all": std,
                "r2": 1 - std,
                "se": r.se,
                "z": r.z,
                "p_value": r.p_value,
            }
        )
    return CFAResult(
        fit=pd.Series(_sem.fit_statistics(ml), dtype=float),
        loadings=loadings,
        factor_correlations=pd.DataFrame(corr, index=fnames, columns=fnames),
        residual_variances=pd.DataFrame(theta_rows),
        estimates=est.reset_index(),
        implied_cov=pd.DataFrame(imp.sigma, index=items, columns=items),
        converged=ml.converged,
        n=int(ml.moments[0].n),
        _ml=ml,
        problems=problem_table(problems),
        warnings=tuple(_sem.problem_messages(problems)),
    )


def _row(est, label, factor, item, value, std) -> dict:
    if label in est.index:
        r = est.loc[label]
        se, z, p = r.se, r.z, r.p_value
    else:
        se = z = p = np.nan
    return {
        "factor": factor,
        "item": item,
        "estimate": float(value),
        "std_all": float(std),
        "se": se,
        "z": z,
        "p_value": p,
    }


def fornell_larcker(
    data: pd.DataFrame, factors: Mapping[str, Sequence[str]], *, missing: str = DEFAULT_MISSING
) -> pd.DataFrame:
    """Fornell-Larcker table: sqrt(AVE) on the diagonal, factor correlations off it.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns (missing answers as NaN).
    factors : dict of str to list of str
        Factor name -> item columns.
    missing : {"ml", "listwise"}
        As :func:`cfa` (the same default, so the table agrees with :func:`cfa` and
        :func:`~akhlak_analysis.stats.psychometrics.reliability`).

    Returns
    -------
    DataFrame
        Square, factors by factors. The criterion holds for a factor when its diagonal value
        exceeds the absolute correlations in its row and column.

    Notes
    -----
    AVE as in :func:`reliability` (semTools ``AVE``), correlations from the CFA of
    :func:`cfa` (lavaan ``lavInspect(fit, "cor.lv")``). Fornell & Larcker (1981).

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
    ...            "speed": ["x7", "x8", "x9"]}
    >>> fornell_larcker(hs, factors).round(3)
             visual  textual  speed
    visual    0.609    0.459  0.471
    textual   0.459    0.849  0.283
    speed     0.471    0.283  0.652
    """
    check_option(missing, MISSING, "missing")
    factors, items, frame = validate_inputs(data, factors, complete=missing == "listwise")
    res = cfa(frame, factors, missing=missing)
    _, ave = omega_ave(None, res.n, items, factors, fit=res._ml)
    table = res.factor_correlations.copy()
    for f in factors:
        table.loc[f, f] = np.sqrt(ave[f])
    return table




# --------------------------------------------------------------------------------------------
# modification indices


def _candidates(spec: _sem.ModelSpec, n_first: int) -> list[tuple[str, int, int, str]]:
    """Fixed-to-zero loadings (first-order factors) and residual covariances of group 1."""
    mats = spec.groups[0]
    out = []
    for j in range(n_first):
        for i, it in enumerate(spec.items):
            if mats.lam[i, j] is None and mats.lam_val[i, j] == 0:
                out.append(("lam", i, j, f"{spec.latents[j]}=~{it}"))
    p = len(spec.items)
    for i in range(p):
        for k in range(i + 1, p):
            if mats.theta[k, i] is None and mats.theta_val[k, i] == 0:
                out.append(("theta", k, i, f"{spec.items[i]}~~{spec.items[k]}"))
    return out


def modindices(result: CFAResult, *, minimum: float | None = None) -> pd.DataFrame:
    """Modification indices for the loadings and residual covariances a model leaves out.

    Parameters
    ----------
    result : CFAResult
        From :func:`cfa` (single group; any ``missing``).
    minimum : float, optional
        Keep only rows with ``mi`` at least this (lavaan's ``minimum.value``).

    Returns
    -------
    DataFrame
        One row per parameter fixed to zero: ``lhs``, ``op`` (``"=~"`` loading of an item on
        another factor, ``"~~"`` residual covariance of two items), ``rhs``, ``mi`` (score
        test, chi-square on 1 df), ``epc`` (expected parameter change), ``sepc_all`` (the
        change completely standardized), in lavaan's order (loadings by factor, then
        covariances).

    Notes
    -----
    With ``g`` the gradient of ``F`` at the estimates with the candidate freed (at zero) and
    ``I`` the expected information, ``V = I_cc - I_cf I_ff^-1 I_fc``,
    ``mi = (N/2) g_c^2 / V`` and ``epc = -g_c / V``; ``sepc_all`` multiplies a loading's
    change by ``sd(factor)/sd(item)`` and divides a residual covariance's change by
    ``sqrt(theta_ii theta_kk)``. lavaan ``modindices(fit)`` (``information = "expected"``).

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> model = '''visual =~ x1 + x2 + x3
    ...            textual =~ x4 + x5 + x6
    ...            speed =~ x7 + x8 + x9'''
    >>> mi = modindices(cfa(hs, model, missing="listwise"))
    >>> mi.sort_values("mi", ascending=False).head(2).round(3)
         lhs  op rhs      mi    epc  sepc_all
    5   visual  =~  x9  36.411  0.577     0.515
    51      x7  ~~  x8  34.145  0.536     0.859
    """
    import copy

    ml = result._ml
    spec = ml.spec
    if len(spec.groups) != 1:  # pragma: no cover - CFAResult is single-group
        raise ValueError("modindices needs a single-group CFA")
    n_first = result.factor_correlations.shape[0]
    cands = _candidates(spec, n_first)
    ext = copy.deepcopy(spec)
    mats = ext.groups[0]
    for kind, r, c, lab in cands:
        getattr(mats, kind)[r, c] = lab
    _sem.index_labels(ext)
    values = dict(zip(spec.labels, ml.par, strict=True))
    par = np.array([values.get(lab, 0.0) for lab in ext.labels])
    imps = [_sem.implied(g, par) for g in ext.groups]
    grad, info = _sem.gradient_information(ext, par, imps, ml.moments)
    pos = {lab: i for i, lab in enumerate(ext.labels)}
    free = np.array([pos[lab] for lab in spec.labels])
    cidx = np.array([pos[c[3]] for c in cands], dtype=int)
    i_ff = info[np.ix_(free, free)]
    i_cf = info[np.ix_(cidx, free)]
    v = np.diag(info)[cidx] - np.einsum("cf,cf->c", i_cf, np.linalg.solve(i_ff, i_cf.T).T)
    n = ml.moments[0].n
    g = grad[cidx]
    mi = 0.5 * n * g**2 / v
    epc = -g / v
    imp = ml.implied[0]
    sd_lv = np.sqrt(np.diag(imp.cov_lv))
    sd_y = np.sqrt(np.diag(imp.sigma))
    theta = np.diag(_sem.matrices(spec.groups[0], ml.par)[3])
    rows = []
    for (kind, r, c, _lab), m, e in zip(cands, mi, epc, strict=True):
        if kind == "lam":
            lhs, op, rhs = spec.latents[c], "=~", spec.items[r]
            std = e * sd_lv[c] / sd_y[r]
        else:
            lhs, op, rhs = spec.items[c], "~~", spec.items[r]
            std = e / np.sqrt(theta[r] * theta[c])
        rows.append({"lhs": lhs, "op": op, "rhs": rhs, "mi": float(m), "epc": float(e),
                     "sepc_all": float(std)})
    out = pd.DataFrame(rows)
    if minimum is not None:
        out = out[out["mi"] >= minimum].reset_index(drop=True)
    return out


# --------------------------------------------------------------------------------------------
# ordinal items (WLSMV)


def _cfa_wlsmv(data, factors, *, std_lv, missing, estimator, ordered, second_order) -> CFAResult:
    from . import _wlsmv

    if estimator != "WLSMV":
        raise ValueError(f"ordered items need estimator='WLSMV', got {estimator!r}")
    if missing != "listwise":
        raise ValueError("WLSMV uses the complete rows (lavaan's default for ordinal items): "
                         "pass missing='listwise'")
    if second_order:
        raise ValueError("a second-order factor is not supported with WLSMV")
    model = factors
    factors, items, frame = validate_inputs(data, factors, cross=True)
    if ordered is not True:
        listed = [ordered] if isinstance(ordered, str) else list(ordered)
        if sorted(listed) != sorted(items):
            raise ValueError("ordered must be True or list every item of the model (mixed "
                             f"ordinal and continuous items are not supported); got {listed}")
    covariances = model_covariances(model, items)
    x = frame.dropna().to_numpy()
    if len(x) <= len(items):
        raise DataError(f"only {len(x)} complete rows for {len(items)} items")
    bad = [it for j, it in enumerate(items) if np.any(x[:, j] != np.round(x[:, j]))]
    if bad:
        raise DataError(f"ordinal item(s) with non-integer answers: {', '.join(map(repr, bad))}")
    ost = _wlsmv.ordinal_statistics(x, items)
    spec = _wlsmv.ordinal_spec(items, factors, ost, std_lv=std_lv, covariances=covariances)
    fit = _wlsmv.fit_wlsmv(spec, ost)
    if not fit.converged:
        warnings.warn("the WLSMV fit did not converge; interpret with care", RuntimeWarning,
                      stacklevel=3)
    result = _wlsmv_result(fit, ost, factors, items)
    warn_improper(result.warnings, "the CFA", stacklevel=4)
    return result


def _wlsmv_result(fit, ost, factors, items) -> CFAResult:
    imp = fit.implied
    se = np.sqrt(np.clip(np.diag(fit.vcov), 0, None))
    labels = list(fit.spec.labels)
    th_lab = [f"{it}|t{c + 1}" for it, t in zip(items, ost.thresholds, strict=True)
              for c in range(len(t))]
    th_val = np.concatenate(ost.thresholds)
    th_se = np.concatenate(ost.threshold_se)
    est = pd.DataFrame({
        "label": labels + th_lab,
        "estimate": np.concatenate([fit.par, th_val]),
        "se": np.concatenate([se, th_se]),
    })
    est["z"] = est["estimate"] / est["se"]
    est["p_value"] = 2 * stats.norm.sf(np.abs(est["z"]))
    table = est.set_index("label")
    sd_lv = np.sqrt(np.diag(imp.cov_lv))
    rows = []
    for j, (f, its) in enumerate(factors.items()):
        for it in its:
            i = items.index(it)
            rows.append(_row(table, f"{f}=~{it}", f, it, imp.lam[i, j], imp.lam[i, j] * sd_lv[j]))
    k = len(factors)
    corr = imp.cov_lv[:k, :k] / np.outer(sd_lv[:k], sd_lv[:k])
    common = np.diag(imp.sigma)  # Lambda Psi Lambda' (the residual variances are not in it)
    resid = pd.DataFrame({"item": items, "estimate": 1 - common, "std_all": 1 - common,
                          "r2": common, "se": np.nan, "z": np.nan, "p_value": np.nan})
    sigma = imp.sigma.copy()
    np.fill_diagonal(sigma, 1.0)
    names = list(factors)
    _, _, psi, theta, _, _ = _sem.matrices(fit.spec.groups[0], fit.par)
    theta = theta + np.diag(1 - common)  # delta parameterization: residual = 1 - common
    problems = _sem.solution_problems(theta, psi, imp.cov_lv, items, fit.spec.latents)
    return CFAResult(
        fit=pd.Series({**fit.stats, "improper": float(bool(problems))}, dtype=float),
        loadings=pd.DataFrame(rows),
        factor_correlations=pd.DataFrame(corr, index=names, columns=names),
        residual_variances=resid,
        estimates=est,
        implied_cov=pd.DataFrame(sigma, index=items, columns=items),
        converged=fit.converged,
        n=int(ost.n),
        _ml=None,
        problems=problem_table(problems),
        warnings=tuple(_sem.problem_messages(problems)),
    )
