"""Key-driver analysis: how much each value matters for an outcome scale.

An outcome scale (work engagement, pride in serving; defined in the instrument's
``outcomes``) is explained by the seven value scores (or by item scores). Because the values
correlate strongly (about .6), regression coefficients split their shared part arbitrarily;
the two standard answers divide the explained variance R² among correlated predictors so
that the parts are non-negative and add up to R²:

- **relative weights** (Johnson 2000): the predictors are replaced by their closest
  orthogonal counterparts ``Z = X R^{-1/2}``, the outcome is regressed on ``Z`` and each
  ``Z_k``'s share is handed back to the ``X_j`` in proportion to ``(R^{1/2})_jk^2``:
  ``eps_j = sum_k (R^{1/2})_jk^2 beta*_k^2`` with ``beta* = R^{-1/2} r_xy``;
- **general dominance** (Budescu 1993; Azen & Budescu 2003), equal to the Shapley value of
  R² and to R's ``relaimpo`` "lmg": the increase in R² that adding ``X_j`` brings, averaged
  over all subsets of the other predictors, first within each subset size (conditional
  dominance), then over the sizes.

Both come from the (weighted) correlation matrix of the respondents with every score
present. The weights are the report's headcount weights ``N_h / n_h``
(:func:`akhlak_analysis.stats.survey.headcount_weights`), so the importances estimate those of
the whole staff.

Intervals come from the **rescaled bootstrap** of Rao & Wu (1988) for a stratified design:
in each OPD ``h`` draw ``m_h = n_h - 1`` respondents with replacement and give respondent
``i`` the weight ``w_i (1 - l_h + l_h (n_h / m_h) r_i)``, ``r_i`` his draw count and
``l_h = sqrt(m_h (1 - f_h) / (n_h - 1))`` with ``f_h = n_h / N_h``; OPDs with one respondent
keep their weight. The OPDs are strata (all observed) and the headcount gives the
finite-population correction, as in the rest of the report; without it (``f_h = 0``) this is
the usual within-stratum bootstrap. All draws are computed at once (weighted moments as one
matrix product, batched eigen-decompositions and solves), so 1,000 draws on 5,000
respondents take about a second. Percentile intervals; ``share_first`` is the share of draws in
which a predictor has the largest relative weight.

Never the culture index on its own components: the index *is* the mean of the value scores,
so its R² on them is 1 and its "drivers" only restate each value's share of the variance of
a sum. :func:`key_drivers` refuses such an outcome (and any outcome that the predictors
reproduce, R² > 0.999) with an error saying why.

Per OPD the same analysis runs only where at least ``min_n`` (default 30) respondents have
every score: with seven correlated predictors and fewer respondents the bootstrap intervals
of the weights span most of the possible range, so an OPD's ranking of its drivers would be
noise presented as a finding.

Notes
-----
R (base, no package): ``R <- cov.wt(X, wt = w, cor = TRUE)$cor``; relative weights from
``eigen(R[1:p, 1:p])``; all-subsets R² ``r_S' solve(R_SS) r_S``; the script
``tests/reference/drivers/reference.R`` computes both by hand and the tests compare to 1e-8.
``relaimpo::calc.relimp(type = "lmg")`` gives the same general dominance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from math import comb

import numpy as np
import pandas as pd

from ..data.io import UnitTable
from ..errors import DataError
from . import survey

__all__ = ["DOMINANCE_MAX_PREDICTORS", "DriverResult", "bootstrap_weights", "dominance",
           "drivers_by_unit", "focus_areas", "key_drivers", "relative_weights",
           "weighted_correlation"]

#: all-subsets dominance needs 2^p regressions: beyond this many predictors only relative
#: weights are computed (they agree closely with general dominance; Johnson 2000)
DOMINANCE_MAX_PREDICTORS = 10

#: R² above which the outcome counts as a composite of its predictors
_COMPOSITE_R2 = 0.999


# --------------------------------------------------------------------------------------
# formulas on correlation matrices (batched: any leading dimensions)
# --------------------------------------------------------------------------------------
def relative_weights(corr: np.ndarray) -> np.ndarray:
    """Johnson's (2000) raw relative weights from correlation matrices.

    Parameters
    ----------
    corr : ndarray, shape (..., p + 1, p + 1)
        Correlation matrices with the predictors first and the outcome last.

    Returns
    -------
    ndarray, shape (..., p)
        Raw relative weights; they add up to the R² of the outcome on all predictors.

    Notes
    -----
    ``R_xx = V diag(l) V'``, ``L = V diag(sqrt l) V'`` (``R_xx^{1/2}``),
    ``beta* = V diag(1/sqrt l) V' r_xy``, ``eps_j = sum_k L_jk^2 beta*_k^2``. R: see
    ``tests/reference/drivers/reference.R``.

    Examples
    --------
    >>> r = np.array([[1, .5, .6, .4], [.5, 1, .3, .3], [.6, .3, 1, .5], [.4, .3, .5, 1]])
    >>> w = relative_weights(r)
    >>> w.round(4), round(float(w.sum()), 4)
    (array([0.068 , 0.0424, 0.1685]), 0.279)
    """
    corr = np.asarray(corr, dtype=float)
    rxx, rxy = corr[..., :-1, :-1], corr[..., :-1, -1]
    lam, vec = np.linalg.eigh(rxx)
    if np.any(lam <= 1e-12):
        raise np.linalg.LinAlgError("the predictors are linearly dependent (a correlation "
                                    "matrix of theirs is singular)")
    half = (vec * np.sqrt(lam)[..., None, :]) @ np.swapaxes(vec, -1, -2)
    inv_half = (vec / np.sqrt(lam)[..., None, :]) @ np.swapaxes(vec, -1, -2)
    beta = (inv_half @ rxy[..., None])[..., 0]
    return (half**2 @ (beta**2)[..., None])[..., 0]


def _subset_r2(corr: np.ndarray) -> np.ndarray:
    """R² of the outcome on every subset of predictors, indexed by bitmask (…, 2^p)."""
    p = corr.shape[-1] - 1
    out = np.zeros((*corr.shape[:-2], 1 << p))
    for size in range(1, p + 1):
        for subset in combinations(range(p), size):
            idx = list(subset)
            rss = corr[..., idx, :][..., :, idx]
            rsy = corr[..., idx, p]
            beta = np.linalg.solve(rss, rsy[..., None])[..., 0]
            out[..., sum(1 << j for j in subset)] = np.einsum("...i,...i->...", rsy, beta)
    return out


def dominance(corr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """General and conditional dominance weights (Azen & Budescu 2003) from correlations.

    Parameters
    ----------
    corr : ndarray, shape (..., p + 1, p + 1)
        Predictors first, outcome last.

    Returns
    -------
    (general, conditional)
        ``general`` (..., p): average increase in R² from adding each predictor (Shapley value
        of R²; adds up to the full R²); ``conditional`` (..., p, p): ``[..., j, k]`` the
        average increase over the subsets of size ``k`` of the other predictors.

    Notes
    -----
    ``C_j(k) = mean over |S| = k, j not in S of R²(S + j) - R²(S)``;
    ``G_j = mean_k C_j(k)``. R: ``relaimpo::calc.relimp(..., type = "lmg")`` or the
    by-hand loop of ``tests/reference/drivers/reference.R``.

    Examples
    --------
    >>> r = np.array([[1, .5, .6, .4], [.5, 1, .3, .3], [.6, .3, 1, .5], [.4, .3, .5, 1]])
    >>> g, c = dominance(r)
    >>> g.round(4)
    array([0.0712, 0.0408, 0.1669])
    >>> c[2].round(4)           # third predictor alone, after one other, after both
    array([0.25  , 0.1452, 0.1056])
    """
    corr = np.asarray(corr, dtype=float)
    p = corr.shape[-1] - 1
    if p > DOMINANCE_MAX_PREDICTORS:
        raise ValueError(f"all-subsets dominance needs 2^{p} regressions; use at most "
                         f"{DOMINANCE_MAX_PREDICTORS} predictors (relative weights have no "
                         "such limit)")
    r2 = _subset_r2(corr)
    masks = np.arange(1 << p)
    sizes = np.array([bin(m).count("1") for m in masks])
    cond = np.zeros((*corr.shape[:-2], p, p))
    for j in range(p):
        without = masks[(masks >> j) & 1 == 0]
        gain = r2[..., without | (1 << j)] - r2[..., without]
        for k in range(p):
            sel = sizes[without] == k
            cond[..., j, k] = gain[..., sel].sum(axis=-1) / comb(p - 1, k)
    return cond.mean(axis=-1), cond


def weighted_correlation(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Correlation matrices of the columns of ``x`` (n, q) under each row of ``weights``.

    ``weights`` is (n,) or (B, n); the result (q, q) or (B, q, q). R: ``cov.wt(x, wt = w,
    cor = TRUE)$cor`` (the correlation does not depend on the variance divisor).

    Examples
    --------
    >>> x = np.array([[1., 2.], [2., 1.], [3., 5.], [4., 4.]])
    >>> weighted_correlation(x, np.ones(4)).round(3).tolist()
    [[1.0, 0.707], [0.707, 1.0]]
    """
    w = np.atleast_2d(np.asarray(weights, dtype=float))
    xc = x - np.average(x, axis=0, weights=w[0])       # centred once: better conditioning
    q = x.shape[1]
    iu = np.triu_indices(q)
    total = w.sum(axis=1)
    mean = (w @ xc) / total[:, None]
    second = (w @ (xc[:, iu[0]] * xc[:, iu[1]])) / total[:, None]
    cov = np.zeros((len(w), q, q))
    cov[:, iu[0], iu[1]] = second - mean[:, iu[0]] * mean[:, iu[1]]
    cov[:, iu[1], iu[0]] = cov[:, iu[0], iu[1]]
    sd = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
    corr = cov / sd[:, :, None] / sd[:, None, :]
    return corr[0] if np.ndim(weights) == 1 else corr


# --------------------------------------------------------------------------------------
# the bootstrap
# --------------------------------------------------------------------------------------
def bootstrap_weights(strata: np.ndarray, weight: np.ndarray, fpc: np.ndarray, *, draws: int,
                      seed: int) -> np.ndarray:
    """Rao-Wu (1988) rescaled bootstrap weights for a stratified sample, (draws, n).

    Parameters
    ----------
    strata : ndarray of int
        Stratum code per respondent (0..H-1).
    weight : ndarray
        Full-sample weight per respondent.
    fpc : ndarray
        ``1 - f_h`` per stratum (1 without a finite-population correction).
    draws : int
        Number of bootstrap replicates.
    seed : int
        Seed of the random generator.

    Returns
    -------
    ndarray
        Replicate weights; a stratum with one respondent keeps its weight.

    Notes
    -----
    ``m_h = n_h - 1``, ``l_h = sqrt(m_h (1 - f_h) / (n_h - 1))``,
    ``w*_i = w_i (1 - l_h + l_h n_h / m_h r_i)`` with ``r_i`` the draw count (R's ``survey``:
    ``as.svrepdesign(des, type = "subbootstrap")`` is the case ``f_h = 0``; Rao, Wu & Yue
    1992 with the FPC).

    Examples
    --------
    >>> b = bootstrap_weights(np.array([0, 0, 0, 1]), np.ones(4), np.array([1., 1.]),
    ...                       draws=4, seed=1)
    >>> b.shape, bool((b[:, 3] == 1).all()), np.allclose(b[:, :3].sum(axis=1), 3)
    ((4, 4), True, True)
    """
    rng = np.random.default_rng(seed)
    out = np.tile(np.asarray(weight, dtype=float), (draws, 1))
    for h in np.unique(strata):
        rows = np.flatnonzero(strata == h)
        n_h = len(rows)
        if n_h < 2:
            continue
        m_h = n_h - 1
        lam = np.sqrt(m_h * fpc[h] / (n_h - 1))
        counts = rng.multinomial(m_h, np.full(n_h, 1.0 / n_h), size=draws)
        out[:, rows] *= 1.0 - lam + lam * (n_h / m_h) * counts
    return out


# --------------------------------------------------------------------------------------
# the analysis
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DriverResult:
    """Key drivers of one outcome (see :func:`key_drivers`).

    Attributes
    ----------
    table : DataFrame
        One row per predictor, by decreasing relative weight: ``outcome``, ``predictor``,
        ``correlation`` (weighted r with the outcome), ``raw_weight`` (Johnson's relative
        weight, a part of R²), ``ci_low``, ``ci_high`` (its bootstrap percentile interval),
        ``rescaled_weight`` (% of R²; the "impact" shown to readers), ``rescaled_ci_low``,
        ``rescaled_ci_high``, ``general_dominance`` (part of R²), ``dominance_ci_low``,
        ``dominance_ci_high`` (NaN when dominance was not computed), ``rank`` (1 = largest
        relative weight) and ``share_first`` (share of bootstrap draws in which the predictor
        has the largest relative weight).
    conditional : DataFrame
        Conditional dominance: ``predictor``, ``size`` (number of other predictors already in
        the model), ``gain`` (average increase in R²); empty without dominance.
    outcome : str
    r2, r2_ci_low, r2_ci_high : float
        R² of the outcome on all predictors, with its bootstrap interval.
    n : int
        Respondents used (every score present).
    n_excluded : int
        Respondents left out: a missing score or (``exclude_straightliners``) flagged as
        straight-lining.
    draws : int
    weighted : bool
        Whether headcount weights were used.
    confidence : float
    """

    table: pd.DataFrame
    conditional: pd.DataFrame
    outcome: str
    r2: float
    r2_ci_low: float
    r2_ci_high: float
    n: int
    n_excluded: int
    draws: int
    weighted: bool
    confidence: float
    notes: tuple[str, ...] = field(default=())


def _check_outcome(outcome: str, predictors: Sequence[str]) -> None:
    if outcome == "culture_index":
        raise DataError(
            "the culture index is the mean of the value scores: regressed on its own "
            "components it has R² = 1 and its 'drivers' only restate each value's share of the "
            "variance of the sum, not what moves the culture; explain a separate outcome scale "
            "instead (an instrument's `outcomes`, e.g. keterlibatan)", column=outcome)
    if outcome in predictors:
        raise DataError("the outcome is also one of the predictors", column=outcome)


def _prepare(data: pd.DataFrame, outcome: str, predictors: Sequence[str], by: str,
             exclude_straightliners: bool) -> tuple[pd.DataFrame, int]:
    missing = [c for c in (*predictors, outcome, by) if c not in data.columns]
    if missing:
        raise DataError(f"the data have no column {missing[0]!r}; expected the respondent "
                        "scores with the outcome scores joined", column=missing[0])
    keep = np.isfinite(data[[*predictors, outcome]].to_numpy(dtype=float, na_value=np.nan)
                       ).all(axis=1) & data[by].notna().to_numpy()
    if exclude_straightliners and "flag_straightline" in data.columns:
        keep &= ~data["flag_straightline"].fillna(False).to_numpy(dtype=bool)
    return data.loc[keep], int((~keep).sum())


def key_drivers(data: pd.DataFrame, *, outcome: str, predictors: Sequence[str],
                by: str = "opd", units: UnitTable | None = None, year: int | None = None,
                weighting: str = "headcount", draws: int = 1000, seed: int | Sequence[int] = 0,
                confidence: float = 0.95, with_dominance: bool | None = None,
                exclude_straightliners: bool = True) -> DriverResult:
    """Relative weights and general dominance of the predictors of one outcome, with intervals.

    Parameters
    ----------
    data : DataFrame
        One row per respondent: the predictor columns (value scores or item scores, 0-100),
        the outcome column (an outcome scale's score) and the stratum column ``by``.
    outcome : str
        The outcome column; never ``culture_index`` (see the module docstring).
    predictors : sequence of str
        Predictor columns (at least two).
    by : str
        Stratum column (OPD codes): the bootstrap resamples within it; headcount weights and
        the finite-population correction are per stratum.
    units : UnitTable, optional
        Headcounts (with ``year``); without them no weights and no FPC.
    year : int, optional
        Headcount year.
    weighting : {"headcount", "none"}
        :func:`akhlak_analysis.stats.survey.headcount_weights`.
    draws : int
        Bootstrap draws (1,000 or more for a report).
    seed : int or sequence of int
        Seed of the bootstrap.
    confidence : float
        Level of the percentile intervals.
    with_dominance : bool, optional
        Compute general dominance (default: when there are at most
        :data:`DOMINANCE_MAX_PREDICTORS` predictors).
    exclude_straightliners : bool
        Leave out respondents flagged ``flag_straightline`` (identical answers to every item
        carry no information on how the scores relate); they are counted in ``n_excluded``.

    Returns
    -------
    DriverResult

    Raises
    ------
    DataError
        Outcome ``culture_index`` or among the predictors, a composite of the predictors
        (R² > 0.999), a missing column, fewer respondents than predictors + 2, linearly
        dependent predictors.

    Notes
    -----
    Weighted correlations (R: ``cov.wt(X, wt = N_h/n_h, cor = TRUE)``), then
    :func:`relative_weights` and :func:`dominance`; bootstrap by :func:`bootstrap_weights`.
    Reference values: ``tests/reference/drivers/reference.R`` (to 1e-8).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(300, 3)) + rng.normal(size=(300, 1))
    >>> d = pd.DataFrame(x, columns=["a", "b", "c"])
    >>> d["y"] = x @ [0.6, 0.3, 0.0] + rng.normal(size=300)
    >>> d["opd"] = np.repeat(["U1", "U2", "U3"], 100)
    >>> res = key_drivers(d, outcome="y", predictors=["a", "b", "c"], draws=200, seed=2)
    >>> res.table[["predictor", "rank"]].values.tolist(), res.n
    ([['a', 1], ['b', 2], ['c', 3]], 300)
    >>> bool(res.table["share_first"].iloc[0] > 0.9), round(res.r2, 2)
    (True, 0.49)
    """
    predictors = list(predictors)
    _check_outcome(outcome, predictors)
    if len(predictors) < 2:
        raise DataError("key drivers need at least two predictors", column=outcome)
    if draws < 1:
        raise ValueError(f"draws must be >= 1, got {draws}")
    survey.check_options(design="stratified", confidence=confidence)
    used, n_excluded = _prepare(data, outcome, predictors, by, exclude_straightliners)
    if len(used) < len(predictors) + 2:
        raise DataError(f"only {len(used)} respondents have every score; key drivers need "
                        f"more than {len(predictors) + 1}", column=outcome)
    codes, labels = survey.factorize(used[by])
    hc = (units.headcount(year, level="opd").reindex(labels).to_numpy(dtype=float,
                                                                     na_value=np.nan)
          if units is not None and year is not None else np.full(len(labels), np.nan))
    n_h = np.bincount(codes, minlength=len(labels))
    w_h, weighted = survey.headcount_weights(n_h, headcount=hc, weighting=weighting)
    fpc_h = survey.finite_population_correction(n_h, population=hc)
    x = used[[*predictors, outcome]].to_numpy(dtype=float)
    corr = weighted_correlation(x, w_h[codes])
    boot = weighted_correlation(x, bootstrap_weights(codes, w_h[codes], fpc_h, draws=draws,
                                                     seed=seed))
    do_dom = len(predictors) <= DOMINANCE_MAX_PREDICTORS if with_dominance is None \
        else with_dominance
    table, cond, r2 = _tables(corr, boot, predictors, outcome, confidence, do_dom)
    return DriverResult(table, cond, outcome, r2[0], r2[1], r2[2], len(used), n_excluded,
                        draws, weighted, confidence)


def _interval(a: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    tail = (1 - confidence) / 2 * 100
    return np.percentile(a, tail, axis=0), np.percentile(a, 100 - tail, axis=0)


def _tables(corr: np.ndarray, boot: np.ndarray, predictors: list[str], outcome: str,
            confidence: float, do_dom: bool) -> tuple[pd.DataFrame, pd.DataFrame, tuple]:
    """The driver table and conditional dominance from the full and bootstrap correlations."""
    try:
        raw, raw_b = relative_weights(corr), relative_weights(boot)
    except np.linalg.LinAlgError as exc:
        raise DataError(f"{exc}; drop one of the predictors", column=outcome) from exc
    r2, r2_b = float(raw.sum()), raw_b.sum(axis=1)
    if r2 > _COMPOSITE_R2:
        raise DataError(f"R² = {r2:.4f}: the outcome is (nearly) a linear combination of the "
                        "predictors, a composite of them rather than a separate outcome; "
                        "key drivers of a composite restate its definition", column=outcome)
    lo, hi = _interval(raw_b, confidence)
    rlo, rhi = _interval(100 * raw_b / r2_b[:, None], confidence)
    first = np.bincount(raw_b.argmax(axis=1), minlength=len(predictors)) / len(raw_b)
    table = pd.DataFrame({
        "outcome": outcome, "predictor": predictors, "correlation": corr[:-1, -1],
        "raw_weight": raw, "ci_low": lo, "ci_high": hi, "rescaled_weight": 100 * raw / r2,
        "rescaled_ci_low": rlo, "rescaled_ci_high": rhi})
    cond = pd.DataFrame(columns=["predictor", "size", "gain"])
    if do_dom:
        gen, con = dominance(corr)
        glo, ghi = _interval(dominance(boot)[0], confidence)
        table["general_dominance"], table["dominance_ci_low"] = gen, glo
        table["dominance_ci_high"] = ghi
        p = len(predictors)
        cond = pd.DataFrame({"predictor": np.repeat(predictors, p),
                             "size": np.tile(np.arange(p), p), "gain": con.ravel()})
    else:
        table[["general_dominance", "dominance_ci_low", "dominance_ci_high"]] = np.nan
    table["share_first"] = first
    table = table.sort_values("raw_weight", ascending=False, kind="stable")
    table.insert(len(table.columns) - 1, "rank", np.arange(1, len(table) + 1))
    return table.reset_index(drop=True), cond, (r2, *_interval(r2_b, confidence))


def drivers_by_unit(data: pd.DataFrame, *, outcome: str, predictors: Sequence[str],
                    by: str = "opd", min_n: int = 30, units: UnitTable | None = None,
                    year: int | None = None, draws: int = 1000, seed: int = 0,
                    confidence: float = 0.95, with_dominance: bool | None = None,
                    exclude_straightliners: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Key drivers within each unit that has at least ``min_n`` respondents with every score.

    Parameters
    ----------
    data, outcome, predictors, units, year, draws, confidence, with_dominance,
    exclude_straightliners :
        As :func:`key_drivers`; within a unit every respondent weighs the same and the
        bootstrap uses the unit's own finite-population correction.
    by : str
        The unit column.
    min_n : int
        Smallest number of respondents (with every score) for a unit's own analysis (see the
        module docstring for why 30).
    seed : int
        Unit ``k`` (in sorted order) uses the seed ``[seed, k]``.

    Returns
    -------
    (table, skipped)
        ``table``: the columns of :attr:`DriverResult.table` with ``unit``, ``n`` and ``r2``
        in front; ``skipped``: ``unit``, ``n`` (respondents with every score) and ``reason``
        (``"too_few"``) for the units left out.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(90, 2)) + rng.normal(size=(90, 1))
    >>> d = pd.DataFrame(x, columns=["a", "b"]).assign(y=x[:, 0] + rng.normal(size=90))
    >>> d["opd"] = ["U1"] * 60 + ["U2"] * 30
    >>> t, skipped = drivers_by_unit(d, outcome="y", predictors=["a", "b"], min_n=40, draws=50)
    >>> t["unit"].unique().tolist(), skipped.to_dict("records")
    (['U1'], [{'unit': 'U2', 'n': 30, 'reason': 'too_few'}])
    """
    if min_n < len(predictors) + 2:
        raise ValueError(f"min_n must be at least the number of predictors + 2, got {min_n}")
    used, _ = _prepare(data, outcome, list(predictors), by, exclude_straightliners)
    counts = used[by].value_counts().sort_index()
    parts, skipped = [], []
    for k, (unit, n) in enumerate(counts.items()):
        if n < min_n:
            skipped.append({"unit": unit, "n": int(n), "reason": "too_few"})
            continue
        res = key_drivers(data[data[by] == unit], outcome=outcome, predictors=predictors,
                          by=by, units=units, year=year, draws=draws, seed=[seed, k],
                          confidence=confidence, with_dominance=with_dominance,
                          exclude_straightliners=exclude_straightliners)
        parts.append(res.table.assign(unit=unit, n=res.n, r2=res.r2))
    cols = ["unit", "n", "r2"]
    table = (pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols))
    table = table[cols + [c for c in table.columns if c not in cols]]
    return table, pd.DataFrame(skipped, columns=["unit", "n", "reason"])


def focus_areas(drivers: pd.DataFrame, scores: pd.Series | dict) -> pd.DataFrame:
    """Impact x score: which predictors matter most and score lowest ("focus areas").

    Parameters
    ----------
    drivers : DataFrame
        :attr:`DriverResult.table` of one outcome (``predictor``, ``rescaled_weight``,
        ``rescaled_ci_low``, ``rescaled_ci_high``).
    scores : Series or dict
        Predictor -> its score (0-100) in the same population (province or unit).

    Returns
    -------
    DataFrame
        One row per predictor: ``outcome``, ``predictor``, ``impact`` (% of R²),
        ``impact_ci_low``, ``impact_ci_high``, ``predictor_score``, ``impact_high`` (impact
        above the even share ``100 / p``), ``score_low`` (score below the mean of the
        predictors' scores), ``quadrant`` (``focus``: high impact, low score, improve first; ``strength``:
        high impact, high score, keep up; ``monitor``: low impact, low score; ``maintain``:
        low impact, high score), ``priority`` (``impact / 100 * (100 - score)``) and
        ``priority_rank`` (1 = the first to improve: focus areas first, then by priority).

    Notes
    -----
    The quadrants of Qualtrics' "focus areas" and Peakon's "priorities", with the even share
    of R² and the mean score as the dividing lines (no benchmark needed).

    Examples
    --------
    >>> d = pd.DataFrame({"outcome": "y", "predictor": ["a", "b", "c"],
    ...                   "rescaled_weight": [60., 30., 10.], "rescaled_ci_low": [50., 20., 5.],
    ...                   "rescaled_ci_high": [70., 40., 15.]})
    >>> f = focus_areas(d, {"a": 70., "b": 85., "c": 60.})
    >>> f[["predictor", "quadrant", "priority_rank"]].values.tolist()
    [['a', 'focus', 1], ['b', 'maintain', 2], ['c', 'monitor', 3]]
    """
    scores = pd.Series(scores, dtype=float)
    missing = sorted(set(drivers["predictor"]) - set(scores.index))
    if missing:
        raise DataError(f"no score for {missing}", column="predictor")
    out = pd.DataFrame({"outcome": drivers["outcome"].to_numpy(),
                        "predictor": drivers["predictor"].to_numpy(),
                        "impact": drivers["rescaled_weight"].to_numpy(dtype=float),
                        "impact_ci_low": drivers["rescaled_ci_low"].to_numpy(dtype=float),
                        "impact_ci_high": drivers["rescaled_ci_high"].to_numpy(dtype=float)})
    out["predictor_score"] = scores.reindex(out["predictor"]).to_numpy()
    out["impact_high"] = out["impact"] > 100.0 / len(out)
    out["score_low"] = out["predictor_score"] < out["predictor_score"].mean()
    out["quadrant"] = np.select(
        [out["impact_high"] & out["score_low"], out["impact_high"], out["score_low"]],
        ["focus", "strength", "monitor"], "maintain")
    out["priority"] = out["impact"] / 100 * (100 - out["predictor_score"])
    order = out.assign(_f=out["quadrant"] != "focus").sort_values(["_f", "priority"],
                                                                   ascending=[True, False])
    out.loc[order.index, "priority_rank"] = np.arange(1, len(out) + 1)
    out["priority_rank"] = out["priority_rank"].astype(int)
    return out.sort_values("predictor", kind="stable").reset_index(drop=True)
