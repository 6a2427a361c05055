"""Ordinal items: thresholds and polychoric correlations (lavaan ``lavCor(ordered = )``).

A 5-point answer is read as a cut normal variable: item ``j`` falls in category ``c`` when its
latent response lies between thresholds ``tau_{j,c-1}`` and ``tau_{j,c}``. The thresholds are
the normal quantiles of the cumulative answer shares; the polychoric correlation of two items
maximises the likelihood of their two-way table given the thresholds (the two-step estimator
lavaan and Mplus use). WLSMV estimation of the factor model on these statistics:
``cfa(estimator="WLSMV", ordered=True)``, and across groups
``measurement_invariance(estimator="WLSMV", ordered=True)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ...errors import DataError
from ._common import check_columns, check_option

__all__ = ["PolychoricResult", "bvn_cdf", "estimate_thresholds", "polychoric", "polychoric_pair"]


@dataclass
class PolychoricResult:
    """Thresholds and polychoric correlations (see :func:`polychoric`)."""

    correlation: pd.DataFrame
    thresholds: pd.DataFrame
    n: int


def bvn_cdf(h: np.ndarray, k: np.ndarray, rho: float) -> np.ndarray:
    """Bivariate standard normal CDF ``P(X <= h, Y <= k)`` with correlation ``rho``.

    Owen's T form: ``(Phi(h) + Phi(k))/2 - T(h, a_h) - T(k, a_k) - beta`` with
    ``a_h = (k - rho h) / (h sqrt(1 - rho^2))`` (and symmetric), ``beta = 1/2`` when ``h k < 0``
    or (``h k = 0`` and ``h + k < 0``), else 0. Infinite limits are handled exactly.
    (``scipy.stats.multivariate_normal.cdf`` gives the same to 1e-15, about 1,000 times
    slower.)
    """
    h, k = np.broadcast_arrays(np.asarray(h, dtype=float), np.asarray(k, dtype=float))
    out = np.empty(h.shape)
    fin = np.isfinite(h) & np.isfinite(k)
    out[~fin] = np.where(
        (h[~fin] == -np.inf) | (k[~fin] == -np.inf),
        0.0,
        np.where(h[~fin] == np.inf, special.ndtr(k[~fin]), special.ndtr(h[~fin])),
    )
    # limits closer to 0 than 1e-12 move to +/-1e-12 (the CDF changes by less than 1e-12):
    # Owen's T form needs h, k != 0
    hh = _away_from_zero(h[fin])
    kk = _away_from_zero(k[fin])
    s = np.sqrt((1 - rho) * (1 + rho))
    ah = (kk - rho * hh) / (hh * s)
    ak = (hh - rho * kk) / (kk * s)
    beta = np.where(np.sign(hh) != np.sign(kk), 0.5, 0.0)
    out[fin] = (0.5 * (special.ndtr(hh) + special.ndtr(kk)) - special.owens_t(hh, ah)
                - special.owens_t(kk, ak) - beta)
    return out


def _away_from_zero(x: np.ndarray) -> np.ndarray:
    return np.where(np.abs(x) < 1e-12, np.where(x < 0, -1e-12, 1e-12), x)


def _cell_probabilities(ta: np.ndarray, tb: np.ndarray, rho: float) -> np.ndarray:
    """Probabilities of the two-way table for thresholds ``ta``, ``tb`` (without +/-inf)."""
    ea = np.concatenate([[-np.inf], ta, [np.inf]])
    eb = np.concatenate([[-np.inf], tb, [np.inf]])
    grid = bvn_cdf(ea[:, None], eb[None, :], rho)
    return grid[1:, 1:] - grid[:-1, 1:] - grid[1:, :-1] + grid[:-1, :-1]


def polychoric_pair(table: np.ndarray, ta: np.ndarray, tb: np.ndarray) -> float:
    """Two-step ML polychoric correlation of a two-way table given the thresholds."""

    def nll(rho: float) -> float:
        p = np.clip(_cell_probabilities(ta, tb, rho), 1e-300, None)
        return -float(np.sum(table * np.log(p)))

    res = optimize.minimize_scalar(nll, bounds=(-0.9999, 0.9999), method="bounded",
                                   options={"xatol": 1e-12, "maxiter": 500})
    return float(res.x)


def polychoric(data: pd.DataFrame, *, missing: str = "listwise") -> PolychoricResult:
    """Thresholds and polychoric correlations of ordinal items.

    Parameters
    ----------
    data : DataFrame
        Ordinal item columns (integer answer codes, missing as NaN); every observed code is a
        category.
    missing : {"listwise", "pairwise"}
        ``"listwise"`` (lavaan's default): rows complete on every item; ``"pairwise"``:
        thresholds from each item's answers and each correlation from the rows answering both.

    Returns
    -------
    PolychoricResult
        ``correlation`` (items by items, ones on the diagonal), ``thresholds`` (DataFrame:
        ``item``, ``threshold`` as lavaan names them, ``"BP1|t1"`` ..., ``value``), ``n``
        (complete rows; all rows with ``"pairwise"``).

    Notes
    -----
    ``tau_{j,c} = Phi^-1(share of answers <= c)``; the polychoric correlation maximises
    ``sum_ab n_ab log P_ab(rho)`` with ``P_ab`` the bivariate normal probability of cell
    ``(a, b)`` between the fixed thresholds (Olsson 1979, two-step). Same numbers as lavaan
    ``lavCor(data, ordered = names(data))`` (``lavInspect(fit, "sampstat")``) and, for the
    correlations, psych ``polychoric(x)$rho`` with ``correct = 0``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> z = rng.multivariate_normal([0, 0], [[1, .5], [.5, 1]], size=2000)
    >>> d = pd.DataFrame(np.digitize(z, [-1, 0, 1]) + 1, columns=["a", "b"])
    >>> res = polychoric(d)
    >>> round(float(res.correlation.loc["a", "b"]), 2), res.thresholds["value"].abs().round(1).tolist()
    (0.5, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    """
    check_option(missing, ("listwise", "pairwise"), "missing")
    if not isinstance(data, pd.DataFrame) or data.shape[1] < 2:
        raise DataError("polychoric needs a DataFrame with at least 2 item columns")
    items = [str(c) for c in data.columns]
    check_columns(data, list(data.columns))
    frame = data.astype(float)
    if missing == "listwise":
        frame = frame.dropna()
    x = frame.to_numpy()
    bad = [items[j] for j in range(x.shape[1])
           if np.any(np.isfinite(x[:, j]) & (x[:, j] != np.round(x[:, j])))]
    if bad:
        raise DataError(f"ordinal item(s) with non-integer answers: {', '.join(map(repr, bad))}")
    codes, thresholds, rows = estimate_thresholds(x, items)
    p = len(items)
    r = np.eye(p)
    for a in range(p):
        for b in range(a):
            ok = np.isfinite(x[:, a]) & np.isfinite(x[:, b])
            ia = np.searchsorted(codes[a], x[ok, a])
            ib = np.searchsorted(codes[b], x[ok, b])
            table = np.zeros((len(codes[a]), len(codes[b])))
            np.add.at(table, (ia, ib), 1.0)
            r[a, b] = r[b, a] = polychoric_pair(table, thresholds[a], thresholds[b])
    return PolychoricResult(pd.DataFrame(r, index=items, columns=items), pd.DataFrame(rows),
                            int(len(frame)))


def estimate_thresholds(
    x: np.ndarray, items: Sequence[str]
) -> tuple[list[np.ndarray], list[np.ndarray], list[dict]]:
    codes, thresholds, rows = [], [], []
    for j, it in enumerate(items):
        col = x[np.isfinite(x[:, j]), j]
        cats, counts = np.unique(col, return_counts=True)
        if len(cats) < 2:
            raise DataError(f"ordinal item {it!r} has a single answer category")
        tau = stats.norm.ppf(np.cumsum(counts)[:-1] / counts.sum())
        codes.append(cats)
        thresholds.append(tau)
        rows += [{"item": it, "threshold": f"{it}|t{c + 1}", "value": float(t)}
                 for c, t in enumerate(tau)]
    return codes, thresholds, rows
