"""Item analysis, reliability (alpha, Feldt interval, omega/CR, AVE) and criterion validity."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ...errors import DataError
from . import _sem
from ._common import (
    COV_MISSING,
    DEFAULT_MISSING,
    check_option,
    check_positive_definite,
    fiml_moments,
    item_covariance,
    validate_inputs,
)

__all__ = ["criterion_validity", "item_analysis", "omega_ave", "reliability"]


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




def item_analysis(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    *,
    scale: tuple[float, float] | None = None,
    missing: str = DEFAULT_MISSING,
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
    missing : {"ml", "pairwise", "listwise"}
        How the within-factor covariance matrix treats missing answers: ``"ml"`` (default)
        the EM estimate from every respondent with an answer, ``"pairwise"`` psych's default,
        ``"listwise"`` the rows complete on the factor's items.
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
    check_option(missing, COV_MISSING, "missing")
    factors, items, frame = validate_inputs(data, factors, complete=(missing == "listwise"))
    lo, hi = scale if scale is not None else (np.nanmin(frame.values), np.nanmax(frame.values))
    rows = []
    for name, its in factors.items():
        sub = frame[its]
        cov, _ = item_covariance(sub, missing)
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
    missing: str = DEFAULT_MISSING,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Cronbach's alpha with Feldt interval, standardized alpha, omega (CR) and AVE per factor.

    Parameters
    ----------
    data : DataFrame
        One row per respondent, numeric item columns.
    factors : dict of str to list of str
        Factor name -> item columns (at least 2 items each).
    missing : {"ml", "pairwise", "listwise"}
        ``"ml"`` (default): covariances estimated by EM from every respondent with an answer,
        and omega/AVE from the FIML CFA (the numbers :func:`cfa` and
        :func:`fornell_larcker` give with the same ``missing``); ``"pairwise"``: covariances
        from all pairwise-complete answers (psych's default; the CFA for omega/AVE is fitted
        to that matrix with n = all rows); ``"listwise"``: alpha from the rows complete on
        the factor's items, omega/AVE from the CFA on the rows complete on all items (as
        :func:`cfa`). The Feldt interval uses ``n`` = all rows (rows with an answer for
        ``"ml"``), as psych and pingouin do.
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
    check_option(missing, COV_MISSING, "missing")
    factors, items, frame = validate_inputs(data, factors, complete=(missing == "listwise"))
    if missing == "ml":
        frame = frame[frame.notna().any(axis=1)]
        omega, ave = omega_ave(None, len(frame), items, factors, frame=frame)
    elif missing == "listwise":
        done = frame.dropna()
        omega, ave = omega_ave(np.cov(done.to_numpy().T, bias=True), len(done), items, factors)
    else:
        cov_all, n_all = item_covariance(frame, missing)
        omega, ave = omega_ave(cov_all, n_all, items, factors)
    cov_ml = item_covariance(frame, "ml")[0] if missing == "ml" else None
    rows = []
    for name, its in factors.items():
        if cov_ml is not None:
            idx = [items.index(it) for it in its]
            cov = cov_ml[np.ix_(idx, idx)]
        else:
            cov, _ = item_covariance(frame[its], missing)
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


def omega_ave(
    cov: np.ndarray | None,
    n: int,
    items: list[str],
    factors: dict[str, list[str]],
    *,
    frame: pd.DataFrame | None = None,
    fit: _sem.MLFit | None = None,
) -> tuple[dict[str, float], dict[str, float]]:
    """Composite reliability and AVE per factor from the correlated-factors CFA.

    The CFA is ``fit`` if given, else fitted by FIML to ``frame`` if given, else fitted to
    ``cov``; the denominators use the sample (for FIML: EM) covariance the fit rests on.
    """
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
        if fit is None and frame is not None:
            mom = fiml_moments(frame.to_numpy(dtype=float), items)
            spec = _sem.build_cfa_spec(items, factors, [mom], meanstructure=True)
            fit = _sem.fit_ml(spec, [mom])
        elif fit is None:
            check_positive_definite(cov, items)
            mom = _sem.GroupMoments(cov, np.zeros(len(items)), n)
            fit = _sem.fit_ml(_sem.build_cfa_spec(items, factors, [mom]), [mom])
    except (DataError, FloatingPointError, np.linalg.LinAlgError) as err:
        warnings.warn(f"omega/AVE not computed: {err}", RuntimeWarning, stacklevel=3)
        return {}, {}
    cov = fit.moments[0].cov
    imp = fit.implied[0]
    omega, ave = {}, {}
    for j, (name, its) in enumerate(factors.items()):
        idx = [items.index(it) for it in its]
        lam, psi = imp.lam[idx, j], imp.cov_lv[j, j]
        omega[name] = lam.sum() ** 2 * psi / cov[np.ix_(idx, idx)].sum()
        ave[name] = (lam**2).sum() * psi / np.trace(cov[np.ix_(idx, idx)])
    return omega, ave


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

