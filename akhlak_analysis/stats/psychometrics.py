"""Psychometrics of the instrument: reliability, factor structure, validity, invariance.

Every function takes a DataFrame of numeric item columns and, where a measurement model is
needed, a mapping ``factor -> list of item columns`` (``dict[str, list[str]]``), so the same
code runs on the BerAKHLAK instrument (seven values, BerAKHLAK above them) and on the
reference data sets whose R results the tests reproduce (``reference-values.md``).

Why an own ML engine (:mod:`akhlak_analysis.stats._sem`)
--------------------------------------------------
Researchers check these numbers against lavaan / semTools / psych. No maintained Python
library gives lavaan's SRMR, the RMSEA interval, lavaan's N-based RMSEA, or multi-group models
with equality constraints (metric / scalar / strict invariance, partial invariance):
``semopy`` fits single-group ML well but has none of these and fits groups separately,
``factor_analyzer``'s CFA no longer runs on pandas 3. Since multi-group ML with a mean
structure and equality constraints had to be written anyway, single-group CFA is simply its
one-group, no-mean case: one engine, one set of conventions (lavaan's: ML on the N-divided
covariance, ``chi2 = N F`` with groups weighted ``N_g / N``, marker-variable identification,
expected-information standard errors). It minimises the ML discrepancy by Fisher scoring
with analytic first derivatives and the analytic expected information, which converges in a
few dozen cheap iterations (a 28-item, 7-factor model on 5,000 respondents fits in about
0.03 s, the configural-metric-scalar sequence across two groups in about 0.15 s; see
``benchmarks/bench_psychometrics.py``). Exploratory factor analysis uses ``statsmodels``; KMO, Bartlett, HTMT,
Feldt intervals and parallel analysis are short closed-form numpy code.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataError
from . import _sem

__all__ = [
    "CHEN_2007",
    "BartlettResult",
    "CFAResult",
    "EFAResult",
    "OmegaResult",
    "ParallelAnalysisResult",
    "bartlett",
    "cfa",
    "criterion_validity",
    "efa",
    "fornell_larcker",
    "htmt",
    "item_analysis",
    "kmo",
    "measurement_invariance",
    "omega_hierarchical",
    "parallel_analysis",
    "partial_invariance",
    "reliability",
]

#: Chen (2007) cut-offs for a change in fit between nested invariance models (domain.md):
#: the more constrained model holds when ``delta_cfi >= cfi`` and (``delta_rmsea <= rmsea``
#: or ``delta_srmr <= srmr``). Pass another mapping as ``criteria=`` to use other cut-offs.
CHEN_2007: dict[str, dict[str, float]] = {
    "metric": {"cfi": -0.010, "rmsea": 0.015, "srmr": 0.030},
    "scalar": {"cfi": -0.010, "rmsea": 0.015, "srmr": 0.010},
    "strict": {"cfi": -0.010, "rmsea": 0.015, "srmr": 0.010},
}

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


# --------------------------------------------------------------------------------------------
# input checks (one helper, readable errors)


def _check_columns(data: pd.DataFrame, columns: Sequence[str], what: str = "item") -> None:
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"expected a pandas DataFrame of item columns, got {type(data).__name__}")
    absent = [c for c in columns if c not in data.columns]
    if absent:
        hints = []
        for c in absent:
            close = difflib.get_close_matches(str(c), [str(x) for x in data.columns], n=1)
            hints.append(f"{c!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise DataError(f"{what} column(s) not in the data: {', '.join(hints)}")
    bad = [
        c
        for c in columns
        if not (pd.api.types.is_numeric_dtype(data[c]) or pd.api.types.is_bool_dtype(data[c]))
    ]
    if bad:
        raise DataError(
            f"{what} column(s) must be numeric, got non-numeric: "
            + ", ".join(f"{c!r} ({data[c].dtype})" for c in bad)
            + "; recode answers to numbers first"
        )


def _validate(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    *,
    min_items: int = 2,
    min_rows: int = 3,
    complete: bool = True,
) -> tuple[dict[str, list[str]], list[str], pd.DataFrame]:
    """Check the inputs shared by every function; return (factors, items, item frame).

    Raises a :class:`~akhlak_analysis.errors.DataError` (a ``ValueError``) that names the
    offending factor or column(s): an item not in the data, a non-numeric item, an item in two
    factors, a factor with fewer than ``min_items`` items, or fewer than ``min_rows`` complete
    rows (all rows when ``complete`` is false).
    """
    if not isinstance(factors, Mapping) or not factors:
        raise DataError("`factors` must be a non-empty mapping factor -> list of item columns")
    checked: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for name, its in factors.items():
        if isinstance(its, str) or not isinstance(its, Sequence):
            raise DataError(f"factor {name!r}: expected a list of item columns, got {its!r}")
        its = list(its)
        if len(its) < min_items:
            raise DataError(
                f"factor {name!r} has {len(its)} item(s) {its}; at least {min_items} are needed",
                key=str(name),
            )
        for it in its:
            if it in owner:
                raise DataError(
                    f"item is listed in two factors ({owner[it]!r} and {name!r})", column=str(it)
                )
            owner[it] = name
        checked[str(name)] = its
    items = list(owner)
    _check_columns(data, items)
    frame = data[items].astype(float)
    n_rows = len(frame.dropna()) if complete else len(frame)
    if n_rows < min_rows:
        raise DataError(
            f"only {n_rows} {'complete ' if complete else ''}row(s) in columns "
            f"{', '.join(map(repr, items))}; at least {min_rows} are needed"
        )
    return checked, items, frame


def _moments(x: np.ndarray) -> _sem.GroupMoments:
    return _sem.GroupMoments(np.cov(x.T, bias=True), x.mean(axis=0), len(x))


def _check_pd(cov: np.ndarray, items: list[str]) -> None:
    w, v = np.linalg.eigh(cov)
    if w[0] <= 1e-10 * max(w[-1], 1e-300):
        worst = [items[i] for i in np.argsort(-np.abs(v[:, 0]))[:3]]
        raise DataError(
            "the item covariance matrix is singular (an item is constant or a linear "
            f"combination of others; look at {', '.join(map(repr, worst))})"
        )


# --------------------------------------------------------------------------------------------
# item analysis and reliability


def _alpha_from_cov(c: np.ndarray) -> float:
    k = c.shape[0]
    if k < 2:
        return np.nan
    return k / (k - 1) * (1.0 - np.trace(c) / c.sum())


def _feldt(alpha: float, n: int, k: int, confidence: float) -> tuple[float, float]:
    c = 1.0 - confidence
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1.0 - (1.0 - alpha) * stats.f.ppf(1 - c / 2, df1, df2)
    high = 1.0 - (1.0 - alpha) * stats.f.ppf(c / 2, df1, df2)
    return float(low), float(high)


def _covariance(frame: pd.DataFrame, missing: str) -> tuple[np.ndarray, int]:
    """(n - 1)-divided covariance matrix and the number of rows it rests on."""
    if missing == "pairwise":
        return frame.cov().to_numpy(), len(frame)
    if missing == "listwise":
        done = frame.dropna()
        return done.cov().to_numpy(), len(done)
    raise DataError(f"missing must be 'pairwise' or 'listwise', got {missing!r}")


def item_analysis(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    *,
    scale: tuple[float, float] | None = None,
    missing: str = "pairwise",
    alpha_level: float = 0.05,
    min_r_drop: float = 0.30,
) -> pd.DataFrame:
    """Item statistics, corrected item-total correlations and *uji validitas* per item.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, numeric item columns (missing answers as NaN).
    factors : dict of str to list of str
        Factor name -> its item columns; item-total statistics are computed within a factor.
    scale : (float, float), optional
        Lowest and highest answer of the scale for the floor/ceiling shares; by default the
        observed minimum and maximum over all the items analysed.
    missing : {"pairwise", "listwise"}
        How the within-factor covariance matrix treats missing answers (psych's default is
        pairwise).
    alpha_level : float
        Two-sided significance level of the critical correlation ``r_tabel``.
    min_r_drop : float
        Threshold below which ``flag_low_r_drop`` is set (.30 by convention).

    Returns
    -------
    DataFrame
        One row per item: ``item``; ``factor``; ``n`` (answers given; complete rows of the
        factor when listwise); ``mean``; ``sd`` (n - 1); ``floor`` and ``ceiling`` (share of
        answers at the scale minimum / maximum); ``missing`` (share of rows without an
        answer); ``r_drop`` (corrected item-total correlation, item against the sum of the
        other items of its factor); ``r_hitung`` (Pearson correlation of the item with the
        factor total including the item); ``r_tabel`` (critical r for df = n - 2);
        ``valid`` (``r_hitung > r_tabel``); ``alpha_if_dropped``; ``flag_low_r_drop``
        (``r_drop < min_r_drop``); ``flag_alpha_rises`` (alpha of the factor rises when the item
        is dropped).

    Notes
    -----
    With ``C`` the within-factor covariance matrix and ``t`` the item's row sum,
    ``r_drop = (t - c_ii) / sqrt(c_ii (sum C - 2 t + c_ii))`` and
    ``r_hitung = t / sqrt(c_ii sum C)``; alpha if dropped is Cronbach's alpha of ``C`` without
    the item's row and column. These are psych's ``alpha()$item.stats$r.drop`` and
    ``alpha()$alpha.drop$raw_alpha``. ``r_tabel = t_crit / sqrt(df + t_crit^2)`` with
    ``t_crit`` the two-sided Student t quantile on ``df = n - 2`` (the table used in
    Indonesian *uji validitas*; SPSS's "Corrected Item-Total Correlation" is ``r_drop``).

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"]}
    >>> table = item_analysis(hs, factors)
    >>> table[["item", "r_drop", "r_hitung", "valid", "alpha_if_dropped"]].round(3)
      item  r_drop  r_hitung  valid  alpha_if_dropped
    0   x1   0.449     0.767   True             0.507
    1   x2   0.375     0.726   True             0.612
    2   x3   0.484     0.778   True             0.458
    3   x4   0.776     0.900   True             0.831
    4   x5   0.787     0.916   True             0.826
    5   x6   0.765     0.888   True             0.843
    """
    factors, items, frame = _validate(data, factors, complete=(missing == "listwise"))
    lo, hi = scale if scale is not None else (np.nanmin(frame.values), np.nanmax(frame.values))
    rows = []
    for name, its in factors.items():
        sub = frame[its]
        cov, _ = _covariance(sub, missing)
        alpha = _alpha_from_cov(cov)
        total = cov.sum()
        used = sub.dropna() if missing == "listwise" else sub
        for i, it in enumerate(its):
            col = used[it].dropna()
            n = len(col)
            cii = cov[i, i]
            t = cov[i].sum()
            keep = [j for j in range(len(its)) if j != i]
            df = n - 2
            t_crit = stats.t.ppf(1 - alpha_level / 2, df) if df > 0 else np.nan
            r_drop = (t - cii) / np.sqrt(cii * (total - 2 * t + cii))
            a_drop = _alpha_from_cov(cov[np.ix_(keep, keep)])
            r_hit = t / np.sqrt(cii * total)
            r_tab = t_crit / np.sqrt(df + t_crit**2) if df > 0 else np.nan
            rows.append(
                {
                    "item": it,
                    "factor": name,
                    "n": n,
                    "mean": col.mean(),
                    "sd": col.std(ddof=1),
                    "floor": float((col == lo).mean()) if n else np.nan,
                    "ceiling": float((col == hi).mean()) if n else np.nan,
                    "missing": float(frame[it].isna().mean()),
                    "r_drop": r_drop,
                    "r_hitung": r_hit,
                    "r_tabel": r_tab,
                    "valid": bool(r_hit > r_tab),
                    "alpha_if_dropped": a_drop,
                    "flag_low_r_drop": bool(r_drop < min_r_drop),
                    "flag_alpha_rises": bool(a_drop > alpha),
                }
            )
    return pd.DataFrame(rows)


def reliability(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    *,
    missing: str = "pairwise",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Cronbach's alpha with Feldt interval, standardized alpha, omega (CR) and AVE per factor.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, numeric item columns.
    factors : dict of str to list of str
        Factor name -> item columns (at least 2 items each).
    missing : {"pairwise", "listwise"}
        ``"pairwise"``: covariances from all pairwise-complete answers; ``"listwise"``: from
        the rows complete on the factor's items. Either way the Feldt interval uses ``n`` =
        all rows, as psych and pingouin do.
    confidence : float
        Coverage of the Feldt interval.

    Returns
    -------
    DataFrame
        One row per factor: ``factor``; ``n_items``; ``n`` (all rows, used by the Feldt
        interval); ``n_complete`` (rows with every item of the factor answered);
        ``alpha`` (Cronbach); ``alpha_ci_low``, ``alpha_ci_high`` (Feldt); ``alpha_std``
        (alpha of the correlation matrix); ``omega`` (composite reliability from the CFA of
        all factors together, semTools ``compRelSEM``); ``ave`` (average variance extracted,
        semTools ``AVE``).

    Notes
    -----
    ``alpha = k/(k-1) (1 - tr C / sum C)`` (psych ``alpha``, pingouin ``cronbach_alpha``).
    Feldt (1965) interval: ``1 - (1 - alpha) F(1 - c/2; n-1, (n-1)(k-1))`` to
    ``1 - (1 - alpha) F(c/2; ...)`` with ``c = 1 - confidence``.
    ``omega = (sum lambda)^2 psi / 1' S 1`` uses the observed variance of the sum score in the
    denominator, and ``ave = sum(lambda^2) psi / sum(diag S)`` the observed item variances, as
    semTools 0.5-6 ``compRelSEM(fit)`` and ``AVE(fit)`` on ``cfa(model, data)``. The CFA is the
    correlated-factors model of :func:`cfa`, fitted to the same covariance matrix as alpha;
    omega and AVE are NaN if that fit is impossible (e.g. one factor with two items).

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
    ...            "speed": ["x7", "x8", "x9"]}
    >>> reliability(hs, factors)[["factor", "alpha", "alpha_ci_low", "omega", "ave"]].round(3)
        factor  alpha  alpha_ci_low  omega    ave
    0   visual  0.626         0.547  0.612  0.371
    1  textual  0.883         0.858  0.885  0.721
    2    speed  0.688         0.622  0.686  0.424
    """
    if not 0 < confidence < 1:
        raise DataError(f"confidence must lie between 0 and 1, got {confidence!r}")
    factors, items, frame = _validate(data, factors, complete=(missing == "listwise"))
    cov_all, n_all = _covariance(frame, missing)
    omega, ave = _omega_ave(cov_all, n_all, items, factors)
    rows = []
    for name, its in factors.items():
        cov, _ = _covariance(frame[its], missing)
        n, k = len(frame), len(its)
        alpha = _alpha_from_cov(cov)
        sd = np.sqrt(np.diag(cov))
        lo, hi = _feldt(alpha, n, k, confidence)
        rows.append(
            {
                "factor": name,
                "n_items": k,
                "n": n,
                "n_complete": len(frame[its].dropna()),
                "alpha": alpha,
                "alpha_ci_low": lo,
                "alpha_ci_high": hi,
                "alpha_std": _alpha_from_cov(cov / np.outer(sd, sd)),
                "omega": omega.get(name, np.nan),
                "ave": ave.get(name, np.nan),
            }
        )
    return pd.DataFrame(rows)


def _omega_ave(
    cov: np.ndarray, n: int, items: list[str], factors: dict[str, list[str]]
) -> tuple[dict[str, float], dict[str, float]]:
    if len(factors) == 1 and len(items) < 3:
        return {}, {}
    if n <= len(items):
        warnings.warn(
            f"omega/AVE not computed: {n} rows for {len(items)} items (a CFA needs more rows)",
            RuntimeWarning,
            stacklevel=3,
        )
        return {}, {}
    try:
        _check_pd(cov, items)
        mom = _sem.GroupMoments(cov, np.zeros(len(items)), n)
        fit = _sem.fit_ml(_sem.build_cfa_spec(items, factors, [mom]), [mom])
    except (DataError, FloatingPointError, np.linalg.LinAlgError) as err:
        warnings.warn(f"omega/AVE not computed: {err}", RuntimeWarning, stacklevel=3)
        return {}, {}
    imp = fit.implied[0]
    omega, ave = {}, {}
    for j, (name, its) in enumerate(factors.items()):
        idx = [items.index(it) for it in its]
        lam, psi = imp.lam[idx, j], imp.cov_lv[j, j]
        omega[name] = lam.sum() ** 2 * psi / cov[np.ix_(idx, idx)].sum()
        ave[name] = (lam**2).sum() * psi / np.trace(cov[np.ix_(idx, idx)])
    return omega, ave


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
) -> CFAResult:
    """Confirmatory factor analysis by maximum likelihood, with lavaan's fit measures.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, numeric item columns; rows with a missing item are dropped
        (listwise deletion).
    factors : dict of str to list of str
        Factor name -> item columns (simple structure; factors correlated).
    second_order : bool or str
        Put one higher-order factor above the first-order factors (the first-order factors
        are then uncorrelated apart from it). A string names it (default name
        ``"higher_order"``; for the instrument, ``"berakhlak"``).
    std_lv : bool
        Identify by fixing factor variances to 1 instead of the first loading (same fit).

    Returns
    -------
    CFAResult
        ``fit`` (Series): ``chi2``, ``df``, ``p_value``, ``cfi``, ``tli``, ``rmsea``,
        ``rmsea_ci_low``, ``rmsea_ci_high`` (90%), ``srmr`` (Bentler), ``aic``, ``bic``,
        ``loglik``, ``baseline_chi2``, ``baseline_df``, ``n``, ``npar``.
        ``loadings`` (DataFrame): ``factor``, ``item`` (a first-order factor for the
        higher-order loadings), ``estimate``, ``std_all`` (completely standardized), ``se``,
        ``z``, ``p_value`` (NaN for fixed loadings). ``factor_correlations``: model-implied
        correlations of the first-order factors (square DataFrame). ``residual_variances``:
        ``item``, ``estimate``, ``std_all`` (share of variance unexplained), ``r2``, ``se``,
        ``z``, ``p_value``. ``estimates``: every free parameter in lavaan-like syntax
        (``label``, ``estimate``, ``se``, ``z``, ``p_value``). ``implied_cov``, ``converged``,
        ``n``.

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

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
    ...            "speed": ["x7", "x8", "x9"]}
    >>> res = cfa(hs, factors)
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
    """
    factors, items, frame = _validate(data, factors)
    x = frame.dropna().to_numpy()
    if len(x) <= len(items):
        raise DataError(
            f"only {len(x)} complete rows for {len(items)} items; a CFA needs more rows than items"
        )
    mom = _moments(x)
    _check_pd(mom.cov, items)
    name = None
    if second_order:
        name = second_order if isinstance(second_order, str) else "higher_order"
        if len(factors) < 3:
            raise DataError(
                f"a second-order factor needs at least 3 first-order factors, got {len(factors)}"
            )
        if name in factors:
            raise DataError(f"second-order factor name {name!r} is already a first-order factor")
    spec = _sem.build_cfa_spec(items, factors, [mom], second_order=name, std_lv=std_lv)
    ml = _sem.fit_ml(spec, [mom])
    if not ml.converged:
        warnings.warn("the CFA did not converge; interpret with care", RuntimeWarning, stacklevel=2)
    return _cfa_result(ml, factors, items, name)


def _cfa_result(ml, factors, items, name) -> CFAResult:
    imp = ml.implied[0]
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


# --------------------------------------------------------------------------------------------
# convergent and discriminant validity


def htmt(
    data: pd.DataFrame, factors: Mapping[str, Sequence[str]], *, version: int = 2
) -> pd.DataFrame:
    """Heterotrait-monotrait ratio of correlations between every pair of factors.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns; rows with a missing item are dropped (listwise).
    factors : dict of str to list of str
        Factor name -> item columns (at least 2 items each).
    version : {1, 2}
        1: Henseler, Ringle & Sarstedt (2015), arithmetic means of the correlations;
        2: HTMT2 of Roemer, Schuberth & Henseler (2021), geometric means.

    Returns
    -------
    DataFrame
        Square, factors by factors, ones on the diagonal.

    Notes
    -----
    ``HTMT_ij = m(|r| between i and j items) / sqrt(m(|r| within i) m(|r| within j))``
    with ``m`` the arithmetic (v1) or geometric (v2) mean over the off-diagonal correlations;
    absolute values as semTools ``htmt(model, data, htmt2 = FALSE / TRUE)``. Values below .85
    (.90) support discriminant validity.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> factors = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
    ...            "speed": ["x7", "x8", "x9"]}
    >>> htmt(hs, factors, version=1).round(3)
             visual  textual  speed
    visual    1.000    0.424  0.467
    textual   0.424    1.000  0.290
    speed     0.467    0.290  1.000
    """
    if version not in (1, 2):
        raise DataError(f"version must be 1 or 2, got {version!r}")
    factors, items, frame = _validate(data, factors)
    r = np.abs(np.corrcoef(frame.dropna().to_numpy().T))
    pos = {it: i for i, it in enumerate(items)}

    def mean(v: np.ndarray) -> float:
        return float(np.exp(np.mean(np.log(v)))) if version == 2 else float(np.mean(v))

    idx = {f: [pos[it] for it in its] for f, its in factors.items()}
    mono = {}
    for f, ix in idx.items():
        sub = r[np.ix_(ix, ix)]
        mono[f] = mean(sub[np.triu_indices(len(ix), 1)])
    names = list(factors)
    out = np.eye(len(names))
    for a in range(len(names)):
        for b in range(a):
            het = mean(r[np.ix_(idx[names[a]], idx[names[b]])].ravel())
            out[a, b] = out[b, a] = het / np.sqrt(mono[names[a]] * mono[names[b]])
    return pd.DataFrame(out, index=names, columns=names)


def fornell_larcker(data: pd.DataFrame, factors: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Fornell-Larcker table: sqrt(AVE) on the diagonal, factor correlations off it.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns (listwise deletion for the CFA).
    factors : dict of str to list of str
        Factor name -> item columns.

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
    factors, items, frame = _validate(data, factors)
    res = cfa(frame, factors)
    mom = res._ml.moments[0]
    _, ave = _omega_ave(mom.cov, mom.n, items, factors)
    table = res.factor_correlations.copy()
    for f in factors:
        table.loc[f, f] = np.sqrt(ave[f])
    return table


# --------------------------------------------------------------------------------------------
# sampling adequacy and exploratory structure


def _item_frame(data: pd.DataFrame, min_rows: int = 3) -> tuple[list[str], np.ndarray]:
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"expected a pandas DataFrame, got {type(data).__name__}")
    cols = list(data.columns)
    if len(cols) < 2:
        raise DataError(f"need at least 2 item columns, got {cols}")
    _, items, frame = _validate(data, {"items": cols}, min_rows=min_rows)
    x = frame.dropna().to_numpy()
    sd = x.std(axis=0)
    if np.any(sd == 0):
        raise DataError(
            "constant column(s): " + ", ".join(repr(items[i]) for i in np.nonzero(sd == 0)[0])
        )
    return items, x


def kmo(data: pd.DataFrame) -> pd.Series:
    """Kaiser-Meyer-Olkin measure of sampling adequacy, per item and overall.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only; rows with a missing value are dropped.

    Returns
    -------
    Series
        Named ``msa``: one entry per item and ``overall``.

    Notes
    -----
    With ``r`` the correlations and ``a_ij = -R^-1_ij / sqrt(R^-1_ii R^-1_jj)`` the partial
    correlations, ``MSA_i = sum_j r_ij^2 / (sum_j r_ij^2 + sum_j a_ij^2)`` over ``j != i``;
    the overall value sums over all ``i != j``. Kaiser (1974); psych ``KMO``.
    ``.70`` or more is "middling" or better.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> round(float(kmo(hs[[f"x{i}" for i in range(1, 10)]])["overall"]), 4)
    0.7522
    """
    items, x = _item_frame(data)
    r = np.corrcoef(x.T)
    inv = np.linalg.pinv(r)
    d = np.sqrt(np.diag(inv))
    a = -inv / np.outer(d, d)
    np.fill_diagonal(r, 0.0)
    np.fill_diagonal(a, 0.0)
    r2, a2 = (r**2).sum(axis=0), (a**2).sum(axis=0)
    per = r2 / (r2 + a2)
    overall = r2.sum() / (r2.sum() + a2.sum())
    return pd.Series(list(per) + [overall], index=items + ["overall"], name="msa")


@dataclass
class BartlettResult:
    """Bartlett's test of sphericity (see :func:`bartlett`)."""

    chi2: float
    df: int
    p_value: float
    n: int


def bartlett(data: pd.DataFrame) -> BartlettResult:
    """Bartlett's test that the item correlation matrix is an identity matrix.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only; rows with a missing value are dropped.

    Returns
    -------
    BartlettResult
        ``chi2``, ``df`` (= p(p-1)/2), ``p_value``, ``n`` (complete rows).

    Notes
    -----
    ``chi2 = -(n - 1 - (2p + 5)/6) log|R|`` (Bartlett 1951); psych ``cortest.bartlett``.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> res = bartlett(hs[[f"x{i}" for i in range(1, 10)]])
    >>> round(res.chi2, 3), res.df, res.n
    (904.097, 36, 301)
    """
    items, x = _item_frame(data)
    n, p = x.shape
    logdet = np.linalg.slogdet(np.corrcoef(x.T))[1]
    chi2 = -(n - 1 - (2 * p + 5) / 6) * logdet
    df = p * (p - 1) // 2
    return BartlettResult(float(chi2), int(df), float(stats.chi2.sf(chi2, df)), int(n))


@dataclass
class ParallelAnalysisResult:
    """Parallel analysis (see :func:`parallel_analysis`)."""

    eigenvalues: pd.DataFrame
    n_factors: int
    n_components: int


def _fa_eigenvalues(r: np.ndarray, max_iter: int = 100) -> np.ndarray:
    """Eigenvalues of ``r`` with one-factor (iterated principal axis = minres) communalities."""
    h2 = 1 - 1 / np.diag(np.linalg.pinv(r))
    for _ in range(max_iter):
        rr = r.copy()
        np.fill_diagonal(rr, h2)
        w, v = np.linalg.eigh(rr)
        new = v[:, -1] ** 2 * max(w[-1], 0)
        if np.max(np.abs(new - h2)) < 1e-6:
            h2 = new
            break
        h2 = new
    rr = r.copy()
    np.fill_diagonal(rr, h2)
    return np.sort(np.linalg.eigvalsh(rr))[::-1]


def _count_above(obs: np.ndarray, ref: np.ndarray) -> int:
    below = np.nonzero(~(obs > ref))[0]
    return int(below[0]) if len(below) else len(obs)


def parallel_analysis(
    data: pd.DataFrame,
    *,
    n_iter: int = 20,
    seed: int | None = None,
    quantile: float = 0.95,
) -> ParallelAnalysisResult:
    """Horn's parallel analysis with principal-component and factor eigenvalues.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only; rows with a missing value are dropped.
    n_iter : int
        Number of simulated normal data sets of the same size.
    seed : int, optional
        Seed of the random generator (for reproducible output).
    quantile : float
        Quantile of the simulated eigenvalues the observed ones must exceed.

    Returns
    -------
    ParallelAnalysisResult
        ``eigenvalues`` (DataFrame: ``number``, ``observed_pc``, ``simulated_pc``,
        ``observed_fa``, ``simulated_fa``), ``n_factors`` and ``n_components`` (leading
        observed eigenvalues above the simulated quantile, counted until the first that is
        not).

    Notes
    -----
    As psych ``fa.parallel(x, fa = "both", sim = TRUE)``: PC eigenvalues are those of the
    correlation matrix, FA eigenvalues those of the correlation matrix with one-factor minres
    communalities on the diagonal (iterated principal axis), for the data and for
    ``n_iter`` samples of independent normal variables. Exact simulated values differ from
    R's (different random numbers); the suggested numbers agree except in borderline cases.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> parallel_analysis(hs[[f"x{i}" for i in range(1, 10)]], seed=1).n_factors
    3
    """
    if n_iter < 1 or not 0 < quantile < 1:
        raise DataError(f"need n_iter >= 1 and 0 < quantile < 1, got {n_iter!r}, {quantile!r}")
    items, x = _item_frame(data)
    n, p = x.shape
    r = np.corrcoef(x.T)
    obs_pc = np.sort(np.linalg.eigvalsh(r))[::-1]
    obs_fa = _fa_eigenvalues(r)
    rng = np.random.default_rng(seed)
    sim_pc = np.empty((n_iter, p))
    sim_fa = np.empty((n_iter, p))
    for b in range(n_iter):
        rs = np.corrcoef(rng.standard_normal((n, p)).T)
        sim_pc[b] = np.sort(np.linalg.eigvalsh(rs))[::-1]
        sim_fa[b] = _fa_eigenvalues(rs)
    q_pc = np.quantile(sim_pc, quantile, axis=0)
    q_fa = np.quantile(sim_fa, quantile, axis=0)
    table = pd.DataFrame(
        {
            "number": np.arange(1, p + 1),
            "observed_pc": obs_pc,
            "simulated_pc": q_pc,
            "observed_fa": obs_fa,
            "simulated_fa": q_fa,
        }
    )
    return ParallelAnalysisResult(table, _count_above(obs_fa, q_fa), _count_above(obs_pc, q_pc))


@dataclass
class EFAResult:
    """Exploratory factor analysis (see :func:`efa`)."""

    loadings: pd.DataFrame
    communalities: pd.Series
    uniquenesses: pd.Series
    factor_correlations: pd.DataFrame


def efa(
    data: pd.DataFrame,
    n_factors: int,
    *,
    rotation: str | None = "oblimin",
    method: str = "ml",
) -> EFAResult:
    """Exploratory factor analysis with statsmodels, rotated (oblimin by default).

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only; rows with a missing value are dropped.
    n_factors : int
        Number of factors.
    rotation : str or None
        Any rotation of ``statsmodels`` ``FactorResults.rotate`` ("oblimin", "promax",
        "varimax", ...), or None.
    method : {"ml", "pa"}
        Maximum likelihood, or principal axis iterated to convergence (then the same
        solution as psych's default ``fm = "minres"``).

    Returns
    -------
    EFAResult
        ``loadings`` (DataFrame, items by ``f1`` ... ``fk``; pattern loadings on the
        correlation scale), ``communalities`` and ``uniquenesses`` (Series by item),
        ``factor_correlations`` (identity for orthogonal rotations).

    Notes
    -----
    ``statsmodels.multivariate.factor.Factor(data, n_factor, method).fit().rotate(rotation)``;
    statsmodels' oblimin is quartimin (gamma = 0), the default of GPArotation ``oblimin`` used
    by psych ``fa(r, nfactors, fm = "ml", rotate = "oblimin")``. Factors are reflected to
    positive loading sums and ordered by their sums of squared loadings, as psych does;
    communalities are ``1 - uniqueness``. Factor correlations ``Phi`` solve
    ``L Phi L' = A A'`` for the rotated ``L`` and unrotated ``A`` loadings.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> res = efa(hs[[f"x{i}" for i in range(1, 10)]], 3)
    >>> res.loadings.abs().idxmax(axis=1).tolist()
    ['f2', 'f2', 'f2', 'f1', 'f1', 'f1', 'f3', 'f3', 'f3']
    """
    items, x = _item_frame(data)
    if not 1 <= int(n_factors) < len(items):
        raise DataError(f"n_factors must be between 1 and {len(items) - 1}, got {n_factors!r}")
    if method not in ("ml", "pa"):
        raise DataError(f"method must be 'ml' or 'pa', got {method!r}")
    lam, phi, uniqueness = _efa_fit(x, int(n_factors), rotation, method)
    names = [f"f{j + 1}" for j in range(lam.shape[1])]
    uniq = pd.Series(uniqueness, index=items, name="uniqueness")
    return EFAResult(
        loadings=pd.DataFrame(lam, index=items, columns=names),
        communalities=(1 - uniq).rename("communality"),
        uniquenesses=uniq,
        factor_correlations=pd.DataFrame(phi, index=names, columns=names),
    )


_OBLIQUE = ("oblimin", "promax", "biquartimin")


def _efa_fit(
    x: np.ndarray, n_factors: int, rotation: str | None, method: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """statsmodels EFA, rotated; factors reflected to positive sums and sorted by SS loadings."""
    from statsmodels.multivariate.factor import Factor

    model = Factor(x, n_factor=n_factors, method=method, smc=True)
    res = model.fit(maxiter=5000, tol=1e-12) if method == "pa" else model.fit()
    unrotated = np.asarray(res.loadings_no_rot, dtype=float)
    lam = unrotated
    phi = np.eye(n_factors)
    if rotation is not None and n_factors > 1:
        res.rotate(rotation)
        lam = np.asarray(res.loadings, dtype=float)
    if rotation in _OBLIQUE and n_factors > 1:
        # any rotation keeps L Phi L' = A A'; this recovers Phi whatever T's convention
        pinv = np.linalg.pinv(lam)
        phi = pinv @ unrotated @ unrotated.T @ pinv.T
        d = np.sqrt(np.diag(phi))
        phi = phi / np.outer(d, d)
    sign = np.where(lam.sum(axis=0) < 0, -1.0, 1.0)
    lam, phi = lam * sign, phi * np.outer(sign, sign)
    order = np.argsort(-(lam**2).sum(axis=0), kind="stable")
    return lam[:, order], phi[np.ix_(order, order)], np.asarray(res.uniqueness, dtype=float)


@dataclass
class OmegaResult:
    """McDonald's omega from a Schmid-Leiman solution (see :func:`omega_hierarchical`)."""

    alpha: float
    omega_h: float
    omega_total: float
    loadings: pd.DataFrame


def omega_hierarchical(
    data: pd.DataFrame, n_factors: int = 3, *, rotation: str = "oblimin"
) -> OmegaResult:
    """Omega hierarchical and omega total from a Schmid-Leiman transformation (psych ``omega``).

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only; rows with a missing value are dropped.
    n_factors : int
        Number of group factors (at least 2; psych's default is 3).
    rotation : str
        Oblique rotation of the group factors ("oblimin" or "promax").

    Returns
    -------
    OmegaResult
        ``alpha`` (standardized alpha of all items), ``omega_h`` (share of the total-score
        variance due to the general factor), ``omega_total`` (due to all common factors),
        ``loadings`` (DataFrame by item: ``g``, ``f1`` ... ``fk``, ``h2``, ``u2``).

    Notes
    -----
    As psych ``omega(x, nfactors, fm = "minres", rotate = "oblimin")``: an EFA by iterated
    principal axis (at convergence the minres solution) on the correlation matrix ``R``,
    oblique rotation ``L, Phi``; one factor fitted to ``Phi`` gives ``g`` (exact for three
    factors; with two, ``g = sqrt(phi_12)`` for both, psych's ``option = "equal"``). The
    general loadings are ``L g``, the group loadings ``L diag(sqrt(1 - g^2))``;
    ``omega_h = (sum L g)^2 / 1'R1`` and ``omega_total = (1'R1 - sum u2) / 1'R1``
    (McDonald 1999; Zinbarg et al. 2005). Items are not reversed (psych's ``flip``), so
    reverse-keyed items should be recoded first.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> res = omega_hierarchical(hs[[f"x{i}" for i in range(1, 10)]], 3)
    >>> round(res.alpha, 4), round(res.omega_h, 4), round(res.omega_total, 4)
    (0.7604, 0.4492, 0.8508)
    """
    items, x = _item_frame(data)
    k = int(n_factors)
    if not 2 <= k < len(items):
        raise DataError(f"n_factors must be between 2 and {len(items) - 1}, got {n_factors!r}")
    lam, phi, _ = _efa_fit(x, k, rotation, "pa")
    if k == 2:
        g = np.full(2, np.sqrt(abs(phi[0, 1])))
    else:
        g = np.clip(_one_factor_loadings(phi), -1, 1)
    general = lam @ g
    group = lam * np.sqrt(1 - g**2)
    h2 = general**2 + (group**2).sum(axis=1)
    r = np.corrcoef(x.T)
    total = r.sum()
    p = len(items)
    names = [f"f{j + 1}" for j in range(k)]
    table = pd.DataFrame(group, index=items, columns=names)
    table.insert(0, "g", general)
    table["h2"], table["u2"] = h2, 1 - h2
    return OmegaResult(
        alpha=float(p / (p - 1) * (1 - p / total)),
        omega_h=float(general.sum() ** 2 / total),
        omega_total=float((total - (1 - h2).sum()) / total),
        loadings=table,
    )


def _one_factor_loadings(r: np.ndarray, max_iter: int = 1000) -> np.ndarray:
    """One-factor minres (iterated principal axis) loadings of a correlation matrix."""
    h2 = 1 - 1 / np.diag(np.linalg.pinv(r))
    for _ in range(max_iter):
        rr = r.copy()
        np.fill_diagonal(rr, h2)
        w, v = np.linalg.eigh(rr)
        load = v[:, -1] * np.sqrt(max(w[-1], 0))
        if np.max(np.abs(load**2 - h2)) < 1e-12:
            break
        h2 = load**2
    return load * np.sign(load.sum())


# --------------------------------------------------------------------------------------------
# measurement invariance


def _group_moments(
    data: pd.DataFrame, factors: Mapping[str, Sequence[str]], group: str
) -> tuple[dict[str, list[str]], list[str], list, list[_sem.GroupMoments]]:
    if not isinstance(data, pd.DataFrame) or group not in data.columns:
        cols = list(data.columns) if isinstance(data, pd.DataFrame) else []
        close = difflib.get_close_matches(str(group), [str(c) for c in cols], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise DataError(f"group column not in the data{hint}", column=str(group))
    factors, items, frame = _validate(data, factors)
    frame = frame.assign(_group=data[group].to_numpy()).dropna()
    levels = list(pd.unique(frame["_group"]))  # lavaan: order of first appearance
    if len(levels) < 2:
        raise DataError(f"needs at least 2 groups, found {levels}", column=str(group))
    moments = []
    for lev in levels:
        x = frame.loc[frame["_group"] == lev, items].to_numpy()
        if len(x) <= len(items):
            raise DataError(
                f"group {lev!r} has {len(x)} complete rows for {len(items)} items; "
                "each group needs more rows than items",
                column=str(group),
            )
        mom = _moments(x)
        _check_pd(mom.cov, items)
        moments.append(mom)
    return factors, items, levels, moments


def _fit_level(items, factors, moments, level, free_intercepts=(), start=None):
    spec = _sem.build_cfa_spec(
        items,
        factors,
        moments,
        meanstructure=True,
        equal=_LEVELS[level],
        free_intercepts=tuple(free_intercepts),
    )
    ml = _sem.fit_ml(spec, moments, start=None if start is None else start(spec))
    if not ml.converged:
        warnings.warn(f"the {level} model did not converge", RuntimeWarning, stacklevel=3)
    return ml


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
    if prev is None:
        row.update(
            delta_chi2=np.nan,
            delta_df=np.nan,
            delta_p=np.nan,
            delta_cfi=np.nan,
            delta_rmsea=np.nan,
            delta_srmr=np.nan,
            holds=pd.NA,
        )
        return row
    d_chi2, d_df = row["chi2"] - prev["chi2"], row["df"] - prev["df"]
    row.update(
        delta_chi2=d_chi2,
        delta_df=d_df,
        delta_p=float(stats.chi2.sf(d_chi2, d_df)) if d_df > 0 else np.nan,
        delta_cfi=row["cfi"] - prev["cfi"],
        delta_rmsea=row["rmsea"] - prev["rmsea"],
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
    levels: Sequence[str] = ("configural", "metric", "scalar"),
    strict: bool = False,
    criteria: Mapping[str, Mapping[str, float]] = CHEN_2007,
) -> pd.DataFrame:
    """Configural, metric, scalar (and strict) invariance across groups by multi-group ML.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns and the group column; rows missing any of them are dropped.
    factors : dict of str to list of str
        Factor name -> item columns.
    group : str
        Column with the group of each respondent (e.g. year, gender, agency type).
    levels : sequence of str
        Nested models to fit, in order, from "configural", "metric", "scalar", "strict".
    strict : bool
        Append the strict model (residual variances equal) to ``levels``.
    criteria : dict
        Cut-offs per level for the change in fit; default :data:`CHEN_2007`.

    Returns
    -------
    DataFrame
        One row per model: ``model``; ``chi2``, ``df``, ``p_value``, ``cfi``, ``tli``,
        ``rmsea``, ``rmsea_ci_low``, ``rmsea_ci_high``, ``srmr``; ``delta_chi2``,
        ``delta_df``, ``delta_p`` (likelihood-ratio test against the previous row),
        ``delta_cfi``, ``delta_rmsea``, ``delta_srmr``; ``holds`` (Chen 2007 rule; NA for the
        first row).

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
    """
    levels = list(levels) + (["strict"] if strict and "strict" not in levels else [])
    unknown = [lev for lev in levels if lev not in _LEVELS]
    if unknown or not levels:
        raise DataError(f"unknown invariance level(s) {unknown}; choose from {list(_LEVELS)}")
    factors, items, _, moments = _group_moments(data, factors, group)
    rows, prev, ml = [], None, None
    for level in levels:
        ml = _fit_level(
            items, factors, moments, level, start=None if ml is None else _warm_start(ml)
        )
        st = _sem.fit_statistics(ml)
        row = {"model": level, **{c: st[c] for c in _FIT_COLUMNS}}
        rows.append(_delta_row(row, prev, level, criteria))
        prev = row
    out = pd.DataFrame(rows)
    out["holds"] = out["holds"].astype("boolean")
    return out


def _score_tests(
    ml: _sem.MLFit, items, factors, moments, freed: list[str], candidates: list[str]
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
        )
        par = _warm_start(ml)(spec)
        imps = [_sem._implied(g, par) for g in spec.groups]
        grad, info = _sem._grad_info(spec, par, imps, moments)
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
    factors, items, _, moments = _group_moments(data, factors, group)
    if free_intercepts is not None:
        free_intercepts = (
            [free_intercepts] if isinstance(free_intercepts, str) else list(free_intercepts)
        )
        _check_free(free_intercepts, factors)
    metric = _fit_level(items, factors, moments, "metric")
    m_st = _sem.fit_statistics(metric)
    metric_row = {
        "model": "metric",
        "free_intercepts": "",
        "score_chi2": np.nan,
        "score_p": np.nan,
        **{c: m_st[c] for c in _FIT_COLUMNS},
    }

    def row_for(ml, name, freed, score):
        st = _sem.fit_statistics(ml)
        row = {
            "model": name,
            "free_intercepts": ", ".join(freed),
            "score_chi2": score,
            "score_p": stats.chi2.sf(score, len(moments) - 1) if np.isfinite(score) else np.nan,
            **{c: st[c] for c in _FIT_COLUMNS},
        }
        return _delta_row(row, metric_row, "scalar", criteria)

    rows = [_delta_row(dict(metric_row), None, "metric", criteria)]
    current = _fit_level(items, factors, moments, "scalar", start=_warm_start(metric))
    rows.append(row_for(current, "scalar", [], np.nan))
    if free_intercepts is not None:
        ml = _fit_level(items, factors, moments, "scalar", free_intercepts, _warm_start(metric))
        rows.append(row_for(ml, "partial_scalar", free_intercepts, np.nan))
    else:
        freed: list[str] = []
        limit = max_free if max_free is not None else len(items) - len(factors)
        while not rows[-1]["holds"] and len(freed) < limit:
            cands = [it for it in items if it not in freed and _can_free([*freed, it], factors)]
            if not cands:
                break
            scores = _score_tests(current, items, factors, moments, freed, cands)
            best = max(scores, key=scores.get)
            freed.append(best)
            current = _fit_level(items, factors, moments, "scalar", freed, _warm_start(current))
            rows.append(row_for(current, "partial_scalar", freed, scores[best]))
    out = pd.DataFrame(rows)
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


# --------------------------------------------------------------------------------------------
# criterion validity


def criterion_validity(
    x: Sequence[float] | pd.Series,
    y: Sequence[float] | pd.Series,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Correlation of a unit-level index with a unit-level criterion, with Fisher-z interval.

    Parameters
    ----------
    x, y : array-like or Series
        The index and the criterion, one value per unit. Two Series are aligned on their
        index; pairs with a missing value are dropped.
    confidence : float
        Coverage of the interval.

    Returns
    -------
    DataFrame
        Two rows, ``method`` "pearson" and "spearman", with ``n``, ``r``, ``ci_low``,
        ``ci_high``, ``p_value``.

    Notes
    -----
    Interval ``tanh(atanh(r) +/- z_{(1+c)/2} se)`` with ``se = 1/sqrt(n - 3)`` for Pearson
    and ``sqrt(1.06/(n - 3))`` for Spearman (Fieller, Hartley & Pearson 1957); p-values from
    ``scipy.stats.pearsonr`` / ``spearmanr`` (t test). R: ``cor.test(x, y)`` (same r, CI
    and p) and ``cor.test(x, y, method = "spearman")`` (same rho; R's p is exact for small n).

    Examples
    --------
    >>> criterion_validity([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]).round(3)
         method  n      r  ci_low  ci_high  p_value
    0   pearson  6  0.829   0.052    0.981    0.042
    1  spearman  6  0.829   0.019    0.982    0.042
    """
    if not 0 < confidence < 1:
        raise DataError(f"confidence must lie between 0 and 1, got {confidence!r}")
    if isinstance(x, pd.Series) and isinstance(y, pd.Series):
        pair = pd.concat([x.rename("x"), y.rename("y")], axis=1, join="inner")
    else:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if x.shape != y.shape or x.ndim != 1:
            raise DataError(f"x and y must be 1-D and of equal length, got {x.shape}, {y.shape}")
        pair = pd.DataFrame({"x": x, "y": y})
    pair = pair.astype(float).dropna()
    n = len(pair)
    if n < 4:
        raise DataError(f"only {n} complete pairs; at least 4 are needed for an interval")
    z = stats.norm.ppf((1 + confidence) / 2)
    rows = []
    for method, fun, var in (("pearson", stats.pearsonr, 1.0), ("spearman", stats.spearmanr, 1.06)):
        r, p = fun(pair["x"], pair["y"])
        r = float(r)
        se = np.sqrt(var / (n - 3))
        lo, hi = np.tanh(np.arctanh(r) - z * se), np.tanh(np.arctanh(r) + z * se)
        rows.append(
            {"method": method, "n": n, "r": r, "ci_low": lo, "ci_high": hi, "p_value": float(p)}
        )
    return pd.DataFrame(rows)
