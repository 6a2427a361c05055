"""WLSMV for ordinal items: DWLS on polychoric correlations, robust SEs, scaled-shifted test.

Private helper of :mod:`.cfa` (not public API); lavaan 0.6's ``estimator = "WLSMV"`` with
``parameterization = "delta"``, every item ordered, complete rows (lavaan's default for
categorical data), one group.

- Sample statistics ``s``: thresholds and polychoric correlations (:mod:`.ordinal`). Their
  asymptotic covariance ``Gamma`` (lavaan's ``NACOV``) is ``N sum_i IF_i IF_i'`` with the
  influence functions of the two-step estimator (Muthen 1984): thresholds
  ``A11^-1 psi_tau``, correlations ``(psi_rho - A21 A11^-1 psi_tau) / A22`` with ``A11`` the
  per-item cross-products of the univariate threshold scores, ``A22`` the sum of squared
  correlation scores and ``A21`` the cross-product of the correlation score with the
  bivariate threshold scores (lavaan ``muthen1984``).
- The model implies ``Sigma* = Lambda Psi Lambda'`` off the unit diagonal; the thresholds
  are free, so they are fitted exactly and the fit function is
  ``F = sum_{a<b} w_ab (r_ab - sigma_ab)^2`` with ``w = 1 / diag(Gamma)`` (DWLS),
  ``chi2 = N F``.
- Robust SEs ``(D'WD)^-1 D'W Gamma W D (D'WD)^-1 / N``; mean-and-variance adjusted
  (scaled-shifted) test ``a chi2 + b`` with ``U = W - WD(D'WD)^-1 D'W``,
  ``a = sqrt(df / tr((U Gamma)^2))``, ``b = df - a tr(U Gamma)``; the same for the
  independence baseline (``U = W``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from . import _sem
from .ordinal import bvn_cdf

_SQRT2PI = np.sqrt(2 * np.pi)


def _phi(x: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(x), np.exp(-0.5 * np.where(np.isfinite(x), x, 0) ** 2)
                    / _SQRT2PI, 0.0)


def _bvn_pdf(h: np.ndarray, k: np.ndarray, rho: float) -> np.ndarray:
    ok = np.isfinite(h) & np.isfinite(k)
    hh, kk = np.where(ok, h, 0.0), np.where(ok, k, 0.0)
    s2 = 1 - rho**2
    dens = np.exp(-(hh**2 - 2 * rho * hh * kk + kk**2) / (2 * s2)) / (2 * np.pi * np.sqrt(s2))
    return np.where(ok, dens, 0.0)


@dataclass
class OrdinalStats:
    """Thresholds, polychoric correlations and their NACOV (correlation block)."""

    items: list[str]
    thresholds: list[np.ndarray]
    r: np.ndarray
    gamma: np.ndarray  # NACOV of the lower-triangle correlations (pairs order below)
    pairs: list[tuple[int, int]]
    n: int
    threshold_se: list[np.ndarray]
    #: NACOV of all sample statistics, thresholds (item by item) then the correlations
    #: (lavaan's ``WLS.obs`` order); needed when thresholds are constrained (invariance)
    nacov: np.ndarray | None = None


def ordinal_statistics(x: np.ndarray, items: list[str], *, full: bool = False) -> OrdinalStats:
    """Two-step statistics and the correlation block of their NACOV (complete rows ``x``).

    With ``full`` also the NACOV of thresholds and correlations together (``nacov``).

    Every per-case quantity (threshold scores, polychoric scores, their influence functions)
    depends on a case only through its answer categories, so each is a small table per item
    or item pair, built from the one- and two-way frequency tables; the NACOV is the
    cross-product of the influence functions, accumulated over blocks of rows (one pass,
    memory independent of the number of rows).
    """
    from .ordinal import estimate_thresholds

    n, p = x.shape
    codes, taus, _ = estimate_thresholds(x, items)
    cat = np.column_stack([np.searchsorted(codes[j], x[:, j]) for j in range(p)])
    counts = [np.bincount(cat[:, j], minlength=len(codes[j])).astype(float) for j in range(p)]
    tau_infl = [_threshold_influence(taus[j], counts[j]) for j in range(p)]  # (K_j, k_j)
    tau_se = [np.sqrt(n / (n - 1) * (counts[j] @ tau_infl[j] ** 2)) for j in range(p)]
    pairs = [(a, b) for b in range(p) for a in range(b + 1, p)]  # lavaan's vechs order
    r = np.eye(p)
    tables = []
    for a, b in pairs:
        table = np.zeros((len(codes[a]), len(codes[b])))
        np.add.at(table, (cat[:, a], cat[:, b]), 1.0)
        rho, infl = _pair_influence(table, taus[a], taus[b], tau_infl[a], tau_infl[b])
        r[a, b] = r[b, a] = rho
        tables.append(infl)
    blocks = ([(j, j, t) for j, t in enumerate(tau_infl)] if full else []) + \
        [(a, b, t) for (a, b), t in zip(pairs, tables, strict=True)]
    cross = _influence_crossproduct(cat, blocks)
    scale = n * n / (n - 1)  # lavaan 0.6-14 rescales NACOV by N / (N - 1) for categorical data
    n_tau = sum(t.shape[1] for t in tau_infl) if full else 0
    gamma = scale * cross[n_tau:, n_tau:]
    nacov = scale * cross if full else None
    return OrdinalStats(list(items), taus, r, gamma, pairs, n, tau_se, nacov)


def _threshold_influence(tau: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Influence of a case on an item's thresholds, by answer category (K x k):
    its threshold scores times ``A11^-1`` (``A11`` their cross-product over the cases)."""
    edges = np.concatenate([[-np.inf], tau, [np.inf]])
    prob = special.ndtr(edges[1:]) - special.ndtr(edges[:-1])
    k = len(tau)
    sc = np.zeros((k + 1, k))
    c = np.arange(k + 1)
    up = c < k  # d/d tau_c of Phi(tau_c)
    sc[c[up], c[up]] = _phi(tau[c[up]]) / prob[c[up]]
    lo = c > 0
    sc[c[lo], c[lo] - 1] -= _phi(tau[c[lo] - 1]) / prob[c[lo]]
    a11 = (sc * counts[:, None]).T @ sc
    return sc @ np.linalg.inv(a11)


def _pair_influence(table, ta, tb, infl_a, infl_b) -> tuple[float, np.ndarray]:
    """Polychoric correlation of one item pair and the influence of a case on it, by cell."""
    from .ordinal import polychoric_pair

    rho = polychoric_pair(table, ta, tb)
    ea = np.concatenate([[-np.inf], ta, [np.inf]])
    eb = np.concatenate([[-np.inf], tb, [np.inf]])
    grid = bvn_cdf(ea[:, None], eb[None, :], rho)
    prob = np.clip(grid[1:, 1:] - grid[:-1, 1:] - grid[1:, :-1] + grid[:-1, :-1], 1e-300, None)
    dens = _bvn_pdf(ea[:, None], eb[None, :], rho)
    psi = (dens[1:, 1:] - dens[:-1, 1:] - dens[1:, :-1] + dens[:-1, :-1]) / prob
    s = np.sqrt(1 - rho**2)
    # d Phi2(h, k) / dh = phi(h) Phi((k - rho h) / s): bivariate threshold scores
    da = _phi(ea)[:, None] * special.ndtr((eb[None, :] - rho * np.where(
        np.isfinite(ea), ea, 0)[:, None]) / s)
    db = _phi(eb)[None, :] * special.ndtr((ea[:, None] - rho * np.where(
        np.isfinite(eb), eb, 0)[None, :]) / s)
    ca, cb = (g.ravel() for g in np.indices(table.shape))
    sa = _bivariate_threshold_scores(da, prob, ca, cb, len(ta), rows=True)
    sb = _bivariate_threshold_scores(db, prob, ca, cb, len(tb), rows=False)
    w = (table * psi).ravel()
    a21a, a21b = w @ sa, w @ sb
    a22 = float(np.sum(table * psi**2))
    return rho, (psi - (infl_a @ a21a)[:, None] - (infl_b @ a21b)[None, :]) / a22


def _influence_crossproduct(cat: np.ndarray, blocks: list, chunk: int = 8192) -> np.ndarray:
    """``sum_i f_i f_i'`` with ``f_i`` the concatenated influence values of case ``i``.

    ``blocks`` holds ``(a, b, table)``: for ``a == b`` an item's (K x k) table looked up by
    its category, otherwise a pair's (K_a x K_b) table looked up by both categories.
    """
    widths = [t.shape[1] if a == b else 1 for a, b, t in blocks]
    out = np.zeros((sum(widths), sum(widths)))
    for lo in range(0, len(cat), chunk):
        c = cat[lo:lo + chunk]
        cols = [t[c[:, a]] if a == b else t[c[:, a], c[:, b]][:, None] for a, b, t in blocks]
        f = np.hstack(cols)
        out += f.T @ f
    return out


def _bivariate_threshold_scores(d, prob, ca, cb, k, *, rows):
    """Per-case derivative of log P(cell) w.r.t. one item's thresholds.

    ``d`` holds ``dPhi2/dh`` at every corner of the grid; the cell (c, e) probability changes
    with threshold ``t`` of the row item through its upper (t = c) and lower (t = c - 1) edge.
    """
    n = len(ca)
    out = np.zeros((n, k))
    if rows:
        upper = d[1:, 1:] - d[1:, :-1]  # derivative w.r.t. the cell's upper row edge
        own = ca
        cell_up = upper[ca, cb]
        cell_lo = (d[:-1, 1:] - d[:-1, :-1])[ca, cb]
    else:
        upper = d[1:, 1:] - d[:-1, 1:]
        own = cb
        cell_up = upper[ca, cb]
        cell_lo = (d[1:, :-1] - d[:-1, :-1])[ca, cb]
    p = prob[ca, cb]
    up = own < k
    out[np.nonzero(up)[0], own[up]] = cell_up[up] / p[up]
    lo = own > 0
    out[np.nonzero(lo)[0], own[lo] - 1] -= cell_lo[lo] / p[lo]
    return out


@dataclass
class WLSFit:
    """A DWLS fit of a factor model to polychoric correlations."""

    spec: _sem.ModelSpec
    par: np.ndarray
    vcov: np.ndarray
    implied: _sem.Implied
    stats: dict
    converged: bool
    iterations: int


def fit_wlsmv(spec: _sem.ModelSpec, ost: OrdinalStats, *, max_iter: int = 200) -> WLSFit:
    """Gauss-Newton DWLS fit and the WLSMV statistics (see the module docstring)."""
    mats = spec.groups[0]
    ia = np.array([a for a, _ in ost.pairs])
    ib = np.array([b for _, b in ost.pairs])
    r = ost.r[ia, ib]
    w = 1.0 / np.diag(ost.gamma)
    par = spec.start.copy()

    def resid(x):
        imp = _sem.implied(mats, x)
        return r - imp.sigma[ia, ib], imp

    e, imp = resid(par)
    f = float(w @ e**2)
    converged, it = False, 0
    for it in range(1, max_iter + 1):  # noqa: B007 - reported
        ds, _ = _sem.jacobian(mats, imp)
        jac = ds[:, ia, ib].T
        jw = jac.T * w
        step = np.linalg.solve(jw @ jac, jw @ e)
        t = 1.0
        while True:
            e_new, imp_new = resid(par + t * step)
            f_new = float(w @ e_new**2)
            if f_new <= f + 1e-14 or t < 1e-8:
                break
            t /= 2
        par, e, imp, f_old, f = par + t * step, e_new, imp_new, f, f_new
        if abs(f_old - f) < 1e-15 * max(1.0, f) and np.max(np.abs(t * step)) < 1e-9:
            converged = True
            break
    ds, _ = _sem.jacobian(mats, imp)
    jac = ds[:, ia, ib].T
    jw = jac.T * w
    bread = np.linalg.inv(jw @ jac)
    vcov = bread @ (jw @ ost.gamma @ jw.T) @ bread / ost.n
    return WLSFit(spec, par, vcov, imp, _statistics(f, jac, w, ost, len(par), imp),
                  converged, it)


def _scaled_shifted(t: float, df: int, ug: np.ndarray) -> tuple[float, float, float]:
    tr1 = float(np.trace(ug))
    tr2 = float(np.sum(ug * ug.T))
    a = np.sqrt(df / tr2)
    b = df - a * tr1
    return a * t + b, 1.0 / a, b


def _statistics(f, jac, w, ost, npar, imp) -> dict:
    n, p = ost.n, len(ost.items)
    n_pairs = len(ost.pairs)
    df = n_pairs - npar
    chi2 = n * f
    wj = jac * w[:, None]
    u = np.diag(w) - wj @ np.linalg.solve(jac.T @ wj, wj.T)
    chi2_s, c, shift = _scaled_shifted(chi2, df, u @ ost.gamma)
    ia = np.array([a for a, _ in ost.pairs])
    ib = np.array([b for _, b in ost.pairs])
    r = ost.r[ia, ib]
    base = n * float(w @ r**2)
    base_s, c_b, shift_b = _scaled_shifted(base, n_pairs, np.diag(w) @ ost.gamma)
    e = r - imp.sigma[ia, ib]
    srmr = float(np.sqrt(np.sum(e**2) / (p * (p + 1) / 2)))
    out = {
        "chi2": chi2, "df": df, "p_value": float(stats.chi2.sf(chi2, df)),
        "cfi": _cfi(chi2, df, base, n_pairs), "tli": _tli(chi2, df, base, n_pairs),
        "rmsea": np.sqrt(max(chi2 - df, 0.0) / (df * (n - 1))) if df > 0 else 0.0,
        "srmr": srmr, "baseline_chi2": base, "baseline_df": n_pairs, "n": n, "npar": npar,
        "chi2_scaled": chi2_s, "df_scaled": df, "p_value_scaled": float(stats.chi2.sf(chi2_s, df)),
        "scaling_factor": c, "shift_parameter": shift,
        "baseline_chi2_scaled": base_s, "baseline_scaling_factor": c_b,
        "cfi_scaled": _cfi(chi2_s, df, base_s, n_pairs),
        "tli_scaled": _tli(chi2_s, df, base_s, n_pairs),
        "rmsea_scaled": (np.sqrt(max(chi2_s / ((n - 1) * df) - 1 / (n - 1), 0.0))
                         if df > 0 else 0.0),
    }
    # lavaan's N for DWLS is N - G: RMSEA and its interval
    lo, hi = _sem.rmsea_ci(chi2, df, n - 1, 1)
    out.update(rmsea_ci_low=lo, rmsea_ci_high=hi)
    implied = imp.sigma.copy()
    np.fill_diagonal(implied, 1.0)
    out.update(robust_indices([ost.r], [implied], [w], [ost.gamma], [jac],
                              np.linalg.inv(jac.T @ wj), [n], df, n_pairs))
    lo, hi = _sem.rmsea_ci(chi2_s, df, n - 1, 1)
    out.update(rmsea_ci_low_scaled=lo, rmsea_ci_high_scaled=hi)
    out["npar"] = npar + sum(len(t) for t in ost.thresholds)  # lavaan counts thresholds
    return out


def robust_indices(r, implied, w_r, gamma_r, jac_r, info_inv, n, df, base_df) -> dict:
    """lavaan 0.6-14's robust CFI, TLI and RMSEA for ordinal items (Savalei 2021, "catML").

    Per group ``r`` (sample polychoric correlations), ``implied`` (model-implied correlation
    matrix at the DWLS estimates), ``w_r`` and ``gamma_r`` (DWLS weights and NACOV of the
    correlations), ``jac_r`` (their rows of the model Jacobian, all parameters), ``n``; with
    ``info_inv`` the inverse DWLS information. ``XX3 = sum_g N_g F_ML(R_g, P_g)`` (normal-theory
    ML discrepancy at the DWLS estimates, no refit), ``c3 = tr(Wi' V Wi Gamma) / df`` with
    ``Wi = I - Delta E^-1 Delta' W`` and ``V`` the ML information of the correlations at ``P``;
    baseline ``sum_g N_g (-log |R_g|)`` with ``c0 = tr(Gamma) / df_0``; here ``Gamma`` is
    without the ``N / (N - 1)`` factor of the NACOV (as lavaan 0.6-14 takes it). NaN when a
    sample correlation matrix is not positive definite (as lavaan).
    """
    nan = {"cfi_robust": np.nan, "tli_robust": np.nan, "rmsea_robust": np.nan}
    big_n = float(sum(n))
    fg = np.asarray(n, dtype=float) / big_n
    xx3, xx0, v_all = 0.0, 0.0, []
    for g, (rg, pg) in enumerate(zip(r, implied, strict=True)):
        if np.linalg.eigvalsh(rg)[0] < np.sqrt(np.finfo(float).eps):
            return nan
        p = len(rg)
        ldp, ldr = np.linalg.slogdet(pg)[1], np.linalg.slogdet(rg)[1]
        pinv = np.linalg.inv(pg)
        xx3 += n[g] * float(ldp + np.trace(rg @ pinv) - ldr - p)
        xx0 += n[g] * float(-ldr)
        ia = np.array([a for b in range(p) for a in range(b + 1, p)], dtype=int)
        ib = np.array([b for b in range(p) for a in range(b + 1, p)], dtype=int)
        v = (pinv[np.ix_(ia, ia)] * pinv[np.ix_(ib, ib)]
             + pinv[np.ix_(ia, ib)] * pinv[np.ix_(ib, ia)])
        v_all.append(fg[g] * v)
    from scipy import linalg

    w_all = np.concatenate([fg[g] * w for g, w in enumerate(w_r)])
    d_all = np.vstack(jac_r)
    wiu = np.eye(len(w_all)) - d_all @ info_inv @ (d_all.T * w_all)
    # lavaan's lavTech(, "gamma") here is the NACOV without its N / (N - 1) rescaling
    gam = linalg.block_diag(*[gm * (n[g] - 1) / n[g] / fg[g] for g, gm in enumerate(gamma_r)])
    ks = float(np.sum((wiu.T @ linalg.block_diag(*v_all) @ wiu) * gam.T))
    c3, c0 = ks / df, float(np.trace(gam)) / base_df
    t1, t2 = max(xx3 - c3 * df, 0.0), max(xx3 - c3 * df, xx0 - c0 * base_df, 0.0)
    g_n = len(r)
    nn = big_n - g_n
    return {
        "cfi_robust": 1.0 if t2 == 0 else 1.0 - t1 / t2,
        "tli_robust": 1.0 - (xx3 - c3 * df) * base_df / ((xx0 - c0 * base_df) * df),
        "rmsea_robust": float(np.sqrt(max(xx3 / (nn * df) - c3 / nn, 0.0)) * np.sqrt(g_n)),
    }


def _cfi(chi2, df, base, base_df):
    t1 = max(chi2 - df, 0.0)
    t2 = max(chi2 - df, base - base_df, 0.0)
    return 1.0 if t2 == 0 else 1.0 - t1 / t2


def _tli(chi2, df, base, base_df):
    t2 = (base - base_df) * df
    return 1.0 - (chi2 - df) * base_df / t2 if df > 0 and t2 != 0 else 1.0


def ordinal_spec(items, factors, ost: OrdinalStats, *, std_lv: bool,
                 covariances=()) -> _sem.ModelSpec:
    """The CFA spec in the delta parameterization: residual variances are not parameters."""
    mom = _sem.GroupMoments(ost.r, np.zeros(len(items)), ost.n)
    spec = _sem.build_cfa_spec(items, factors, [mom], std_lv=std_lv, covariances=covariances)
    start = dict(zip(spec.labels, spec.start, strict=True))
    mats = spec.groups[0]
    for i in range(len(items)):
        mats.theta[i, i] = None
        mats.theta_val[i, i] = 0.0
    _sem.index_labels(spec)
    spec.start = np.array([start[lab] for lab in spec.labels])
    return spec
