"""Full-information ML for missing answers: patterns, casewise likelihood, EM saturated model.

Private helper of :mod:`._sem` (not public API). The respondents of one group are grouped by
their pattern of answered items; patterns with the same number ``k`` of answered items form a
*batch* whose per-pattern matrices are stacked, so every computation is a handful of batched
numpy operations instead of a Python loop over patterns.

With ``o`` the answered items of pattern ``j`` (``n_j`` respondents, pattern mean ``ybar_j``
and N-divided covariance ``S_j``), the casewise (FIML) log-likelihood is::

    -2 l = sum_j n_j [k_j log(2 pi) + log|Sigma_oo| + tr(Sigma_oo^-1 (S_j + d_j d_j'))],
    d_j = ybar_j - mu_o

(lavaan ``lav_mvnorm_missing_loglik_samplestats``). Derivatives are taken with respect to the
entries of the full ``p x p`` matrix ``Sigma`` (as independent entries; the model Jacobian is
symmetric) and of ``mu``, with the pattern blocks embedded back into ``p x p``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LOG2PI = float(np.log(2 * np.pi))


@dataclass
class Batch:
    """Patterns with the same number ``k`` of answered items, stacked."""

    obs: np.ndarray  # (B, k) answered item positions per pattern
    n: np.ndarray  # (B,) respondents per pattern
    mean: np.ndarray  # (B, k) pattern means
    cov: np.ndarray  # (B, k, k) N-divided pattern covariances
    rows: np.ndarray  # (R, k) the answers of the batch's respondents
    pattern: np.ndarray  # (R,) which pattern of the batch each respondent has


@dataclass
class Patterns:
    """One group's answers by missing-data pattern, with the saturated (EM) moments."""

    p: int
    n: int
    batches: list[Batch]
    observed_mean: np.ndarray  # per item: mean of the answers given
    observed_var: np.ndarray  # per item: N_i-divided variance of the answers given
    observed_n: np.ndarray  # per item: answers given
    em_mean: np.ndarray | None = None
    em_cov: np.ndarray | None = None
    em_iterations: int = 0
    loglik_h1: float = np.nan


def _pattern_keys(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct patterns as boolean rows, pattern index of each row), in lexicographic order
    of the patterns; one integer key per row when the items fit in 62 bits (linear time)."""
    p = mask.shape[1]
    if p > 62:
        keys, inverse = np.unique(mask, axis=0, return_inverse=True)
        return keys, inverse.ravel()
    weights = np.left_shift(np.int64(1), np.arange(p - 1, -1, -1, dtype=np.int64))
    codes, inverse = np.unique(mask.astype(np.int64) @ weights, return_inverse=True)
    keys = (codes[:, None] & weights[None, :]) != 0
    return keys, inverse.ravel()


def patterns(x: np.ndarray) -> Patterns:
    """Group the rows of ``x`` (NaN = no answer; every row has an answer) by pattern.

    One sort of the rows by pattern (not one pass over the rows per pattern), so the cost
    grows with the rows, not with rows x patterns.
    """
    x = np.asarray(x, dtype=float)
    p = x.shape[1]
    mask = ~np.isnan(x)
    keys, inverse = _pattern_keys(mask)
    order = np.argsort(inverse, kind="stable")
    starts = np.concatenate([[0], np.cumsum(np.bincount(inverse, minlength=len(keys)))])
    per_k: dict[int, list[int]] = {}
    for j, key in enumerate(keys):
        per_k.setdefault(int(key.sum()), []).append(j)
    batches = []
    for k, pats in sorted(per_k.items()):
        obs = np.array([np.nonzero(keys[j])[0] for j in pats], dtype=int).reshape(len(pats), k)
        n = np.zeros(len(pats))
        mean = np.zeros((len(pats), k))
        cov = np.zeros((len(pats), k, k))
        rows, which = [], []
        for b, j in enumerate(pats):
            y = x[order[starts[j]:starts[j + 1]]][:, obs[b]]
            n[b] = len(y)
            mean[b] = y.mean(axis=0)
            c = y - mean[b]
            cov[b] = c.T @ c / len(y)
            rows.append(y)
            which.append(np.full(len(y), b))
        batches.append(Batch(obs, n, mean, cov, np.vstack(rows), np.concatenate(which)))
    n_i = mask.sum(axis=0)
    m = np.nanmean(x, axis=0)
    v = np.nanmean((x - m) ** 2, axis=0)
    return Patterns(p, len(x), batches, m, v, n_i)


def _blocks(sigma: np.ndarray, b: Batch) -> np.ndarray:
    return sigma[b.obs[:, :, None], b.obs[:, None, :]]


def _embed(mats: np.ndarray, b: Batch, p: int) -> np.ndarray:
    """(B, k, k) blocks -> (B, p, p) with zeros for the unanswered items."""
    out = np.zeros((len(mats), p, p))
    out[np.arange(len(mats))[:, None, None], b.obs[:, :, None], b.obs[:, None, :]] = mats
    return out


def _embed_vec(vecs: np.ndarray, b: Batch, p: int) -> np.ndarray:
    out = np.zeros((len(vecs), p))
    out[np.arange(len(vecs))[:, None], b.obs] = vecs
    return out


def _inverse(sig: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(inverse, log-determinant) of a stack of matrices; None if one is not PD."""
    try:
        chol = np.linalg.cholesky(sig)
    except np.linalg.LinAlgError:
        return None
    logdet = 2.0 * np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)
    return np.linalg.inv(sig), logdet


def minus2loglik(sigma: np.ndarray, mu: np.ndarray, pat: Patterns) -> float:
    """``-2 l`` of the group at (``sigma``, ``mu``); ``inf`` if a block is not PD."""
    total = 0.0
    for b in pat.batches:
        inv = _inverse(_blocks(sigma, b))
        if inv is None:
            return np.inf
        prec, logdet = inv
        d = b.mean - mu[b.obs]
        quad = np.einsum("bij,bji->b", prec, b.cov) + np.einsum("bi,bij,bj->b", d, prec, d)
        total += float(b.n @ (b.obs.shape[1] * LOG2PI + logdet + quad))
    return total


def gradient_terms(
    sigma: np.ndarray, mu: np.ndarray, pat: Patterns, *, information: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Per-respondent derivatives of ``-2 l / N`` and the expected information.

    Returns ``W`` (p x p; derivative with respect to the entries of Sigma), ``w`` (p; with
    respect to mu), and, with ``information``, ``A_sigma`` (p^2 x p^2, ``sum_j n_j/N
    P_j (x) P_j``) and ``A_mu`` (p x p, ``sum_j n_j/N P_j``) with ``P_j`` the embedded
    inverse of the pattern block, so that the expected information of parameters ``a, b`` is
    ``vec(dSigma_a)' A_sigma vec(dSigma_b) + 2 dmu_a' A_mu dmu_b``.
    """
    p = pat.p
    w_sig = np.zeros((p, p))
    w_mu = np.zeros(p)
    a_sig = np.zeros((p * p, p * p)) if information else None
    a_mu = np.zeros((p, p)) if information else None
    for b in pat.batches:
        prec = np.linalg.inv(_blocks(sigma, b))
        d = b.mean - mu[b.obs]
        u = np.einsum("bij,bj->bi", prec, d)
        m = b.cov + d[:, :, None] * d[:, None, :]
        pmp = prec @ m @ prec
        w_sig += np.einsum("b,bij->ij", b.n, _embed(prec - pmp, b, p))
        w_mu += b.n @ _embed_vec(-2.0 * u, b, p)
        if information:
            full = _embed(prec, b, p)
            a_mu += np.einsum("b,bij->ij", b.n, full)
            flat = full.reshape(len(full), -1)
            a_sig += (flat * b.n[:, None]).T @ flat
    scale = 1.0 / pat.n
    if information:
        # (sum_b n P_ij P_kl) reordered to the Kronecker layout [(i,k), (j,l)]
        a_sig = a_sig.reshape(p, p, p, p).transpose(0, 2, 1, 3).reshape(p * p, p * p) * scale
        a_mu = a_mu * scale
    return w_sig * scale, w_mu * scale, a_sig, a_mu


#: rows per block when casewise scores are accumulated (bounds the memory at any n)
CHUNK_ROWS = 8192


def vech_index(p: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each ``vech`` entry (lower triangle by columns, as lavaan)."""
    rows = np.array([i for j in range(p) for i in range(j, p)], dtype=int)
    cols = np.array([j for j in range(p) for i in range(j, p)], dtype=int)
    return rows, cols


def casewise_score_chunks(sigma: np.ndarray, mu: np.ndarray, pat: Patterns, *,
                          chunk: int = CHUNK_ROWS):
    """Scores of each respondent's log-likelihood, yielded in blocks of at most ``chunk`` rows:
    ``(g_sigma, g_mu)`` of shapes (r, p(p+1)/2) and (r, p).

    ``dl_i/dSigma = (u u' - P) / 2`` and ``dl_i/dmu = u`` with ``u = P (y_o - mu_o)``,
    embedded; ``g_sigma`` holds the lower triangle (:func:`vech_index`) with the off-diagonal
    entries doubled, i.e. the derivative with respect to ``vech(Sigma)`` (``vec(G)' D``), so
    ``g_sigma @ dSigma[:, rows, cols]`` projects on parameters. Rows come in batch order (the
    order does not matter for cross-products); callers accumulate block by block, so memory
    does not grow with the rows.
    """
    p = pat.p
    rows, cols = vech_index(p)
    double = np.where(rows != cols, 2.0, 1.0)
    for b in pat.batches:
        prec = np.linalg.inv(_blocks(sigma, b))
        prec_vech = _embed(prec, b, p)[:, rows, cols] * double
        for lo in range(0, len(b.rows), chunk):
            which = b.pattern[lo:lo + chunk]
            d = b.rows[lo:lo + chunk] - mu[b.obs][which]
            u = _embed_vec(np.einsum("rij,rj->ri", prec[which], d),
                           Batch(b.obs[which], b.n, b.mean, b.cov, b.rows, which), p)
            yield 0.5 * (u[:, rows] * u[:, cols] * double - prec_vech[which]), u


def observed_information_h1(
    sigma: np.ndarray, mu: np.ndarray, pat: Patterns
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Observed information per respondent of the unrestricted model, embedded.

    Returns ``(A_sigma, A_mu_sigma, A_mu)``: p^2 x p^2, p x p^2, p x p; the negative Hessian of
    ``l / N`` with respect to (Sigma entries, mu). Per pattern, with ``P`` the inverse block,
    ``M = S_j + d d'``, ``Q = P M P``, ``u = P d``: ``n_j [-(P (x) P) + (P (x) Q + Q (x) P)]/2``,
    ``n_j (P_ia u_b + P_ib u_a)/2`` and ``n_j P`` (lavaan
    ``lav_mvnorm_missing_information_observed_samplestats``).
    """
    p = pat.p
    a_sig = np.zeros((p * p, p * p))
    a_ms = np.zeros((p, p, p))
    a_mu = np.zeros((p, p))
    for b in pat.batches:
        prec = np.linalg.inv(_blocks(sigma, b))
        d = b.mean - mu[b.obs]
        u = np.einsum("bij,bj->bi", prec, d)
        m = b.cov + d[:, :, None] * d[:, None, :]
        q = prec @ m @ prec
        fp = _embed(prec, b, p).reshape(len(prec), -1) * b.n[:, None]
        fq = _embed(q, b, p).reshape(len(prec), -1)
        fpp = _embed(prec, b, p).reshape(len(prec), -1)
        a_sig += -0.5 * fp.T @ fpp + 0.5 * (fp.T @ fq + fq.T @ fp)
        fu = _embed_vec(u, b, p)
        full_p = _embed(prec, b, p)
        cross = np.einsum("b,bia,bc->iac", b.n, full_p, fu)
        a_ms += 0.5 * (cross + cross.transpose(0, 2, 1))
        a_mu += np.einsum("b,bij->ij", b.n, full_p)
    a_sig = a_sig.reshape(p, p, p, p).transpose(0, 2, 1, 3).reshape(p * p, p * p)
    return a_sig / pat.n, a_ms.reshape(p, p * p) / pat.n, a_mu / pat.n


def em(pat: Patterns, *, max_iter: int = 10_000, tol: float = 1e-13) -> None:
    """Saturated moments by EM (stored on ``pat``): ``em_mean``, ``em_cov``, ``loglik_h1``.

    Start: the observed means and variances, zero covariances. Stops when ``-2 l / N``
    changes by less than ``tol`` (relative) between iterations.
    """
    p, n = pat.p, pat.n
    mu = pat.observed_mean.copy()
    sigma = np.diag(pat.observed_var)
    old = np.inf
    it = 0
    perms = [_complete_order(b.obs, p) for b in pat.batches]  # observed, then missing items
    for it in range(1, max_iter + 1):  # noqa: B007 - reported
        t1 = np.zeros(p)
        t2 = np.zeros((p, p))
        for b, perm in zip(pat.batches, perms, strict=True):
            k = b.obs.shape[1]
            if k == p:
                t1 += b.n @ b.mean
                t2 += np.einsum("b,bij->ij", b.n, b.cov + b.mean[:, :, None] * b.mean[:, None, :])
                continue
            sp = sigma[perm[:, :, None], perm[:, None, :]]
            mp = mu[perm]
            soo, smo, smm = sp[:, :k, :k], sp[:, k:, :k], sp[:, k:, k:]
            beta = np.linalg.solve(soo, smo.transpose(0, 2, 1)).transpose(0, 2, 1)
            resid = smm - beta @ smo.transpose(0, 2, 1)
            c = mp[:, k:] + np.einsum("bmk,bk->bm", beta, b.mean - mp[:, :k])
            e1 = np.concatenate([b.mean, c], axis=1)
            oo = b.cov + b.mean[:, :, None] * b.mean[:, None, :]
            mo = beta @ b.cov + c[:, :, None] * b.mean[:, None, :]
            mm = beta @ b.cov @ beta.transpose(0, 2, 1) + c[:, :, None] * c[:, None, :] + resid
            e2 = np.concatenate(
                [np.concatenate([oo, mo.transpose(0, 2, 1)], axis=2),
                 np.concatenate([mo, mm], axis=2)],
                axis=1,
            )
            inv = np.argsort(perm, axis=1)
            e1 = np.take_along_axis(e1, inv, axis=1)
            e2 = np.take_along_axis(np.take_along_axis(e2, inv[:, :, None], axis=1),
                                    inv[:, None, :], axis=2)
            t1 += b.n @ e1
            t2 += np.einsum("b,bij->ij", b.n, e2)
        mu = t1 / n
        sigma = t2 / n - np.outer(mu, mu)
        sigma = (sigma + sigma.T) / 2
        val = minus2loglik(sigma, mu, pat) / n
        if abs(old - val) <= tol * max(1.0, abs(val)):
            break
        old = val
    pat.em_mean, pat.em_cov, pat.em_iterations = mu, sigma, it
    pat.loglik_h1 = -0.5 * minus2loglik(sigma, mu, pat)


def _complete_order(obs: np.ndarray, p: int) -> np.ndarray:
    """Per pattern: its answered items, then its unanswered ones (B x p)."""
    missing = np.ones((len(obs), p), dtype=bool)
    missing[np.arange(len(obs))[:, None], obs] = False
    rest = np.nonzero(missing)[1].reshape(len(obs), p - obs.shape[1])
    return np.concatenate([obs, rest], axis=1)


def baseline_loglik(pat: Patterns) -> float:
    """Log-likelihood of the independence model: item means and variances of the answers."""
    return float(-0.5 * np.sum(pat.observed_n * (LOG2PI + np.log(pat.observed_var) + 1.0)))
