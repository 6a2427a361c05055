"""Private maximum-likelihood engine for (multi-group) confirmatory factor models.

Used by :mod:`akhlak_analysis.stats.psychometrics`; not part of the public API.

The model is the LISREL "all-y" form per group ``g``::

    Sigma_g = Lambda_g (I - B_g)^-1 Psi_g (I - B_g)^-T Lambda_g' + Theta_g
    mu_g    = nu_g + Lambda_g (I - B_g)^-1 alpha_g

Every free matrix entry carries a parameter *label*; entries (in any group) with the same
label share one parameter, which is how equality constraints (metric, scalar, strict
invariance) are expressed. The fit function is lavaan's ML discrepancy on the N-divided
sample moments, weighted by ``N_g / N`` over groups::

    F = sum_g N_g/N [log|Sigma_g| + tr(S_g Sigma_g^-1) - log|S_g| - p
                     + (ybar_g - mu_g)' Sigma_g^-1 (ybar_g - mu_g)]

so that ``chi2 = N F``. It is minimised by Fisher scoring with the analytic gradient and the
analytic expected information ``I_ab = tr(Sigma^-1 Sigma_a Sigma^-1 Sigma_b) +
2 mu_a' Sigma^-1 mu_b``, with step halving; the same information gives the standard errors
(lavaan's default ``information = "expected"``).

With missing answers (``GroupMoments.patterns`` set, see :mod:`._fiml`) a group's term is the
casewise (FIML) ``-2 l / N_g`` minus that of the saturated model estimated by EM, so again
``chi2 = N F = 2 (l_1 - l_0)``; the expected information is summed over the missing-data
patterns, and the standard errors use the observed information (the Hessian, by central
differences of the analytic gradient), lavaan's default with ``missing = "ml"``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np
from scipy import linalg, stats

from . import _fiml

__all__ = [
    "EIGEN_TOLERANCE",
    "GroupMoments",
    "IMPROPER_MESSAGES",
    "Implied",
    "MLFit",
    "ModelSpec",
    "blank_matrices",
    "build_baseline_spec",
    "build_cfa_spec",
    "fit_ml",
    "fit_statistics",
    "gradient_information",
    "hessian",
    "implied",
    "improper_solution",
    "index_labels",
    "jacobian",
    "matrices",
    "problem_messages",
    "rmsea_ci",
    "solution_problems",
]


@dataclass
class GroupMoments:
    """Sample moments of one group: N-divided covariance, means, size.

    With ``patterns`` (missing answers, FIML) ``cov`` and ``mean`` are the EM estimates of the
    saturated model and ``n`` counts every respondent with at least one answer.
    """

    cov: np.ndarray
    mean: np.ndarray
    n: int
    patterns: _fiml.Patterns | None = None
    data: np.ndarray | None = None  # complete-data rows, kept for the robust (MLR) scores


@dataclass
class _GroupMatrices:
    """Parameter labels (``None`` = fixed) and fixed values of one group's matrices."""

    lam: np.ndarray  # (p, m) object array of labels
    lam_val: np.ndarray
    beta: np.ndarray  # (m, m): beta[i, j] = effect of latent j on latent i
    beta_val: np.ndarray
    psi: np.ndarray  # (m, m) symmetric; only the lower triangle is read
    psi_val: np.ndarray
    theta: np.ndarray  # (p, p) symmetric; only the lower triangle is read
    theta_val: np.ndarray
    nu: np.ndarray  # (p,)
    nu_val: np.ndarray
    alpha: np.ndarray  # (m,)
    alpha_val: np.ndarray


@dataclass
class ModelSpec:
    """A (multi-group) factor model: labelled matrices per group and start values."""

    items: list[str]
    latents: list[str]
    groups: list[_GroupMatrices]
    meanstructure: bool
    labels: list[str] = field(default_factory=list)
    start: np.ndarray | None = None


def blank_matrices(p: int, m: int) -> _GroupMatrices:
    def obj(*shape: int) -> np.ndarray:
        return np.full(shape, None, dtype=object)

    return _GroupMatrices(
        obj(p, m),
        np.zeros((p, m)),
        obj(m, m),
        np.zeros((m, m)),
        obj(m, m),
        np.zeros((m, m)),
        obj(p, p),
        np.zeros((p, p)),
        obj(p),
        np.zeros(p),
        obj(m),
        np.zeros(m),
    )


def build_cfa_spec(
    items: list[str],
    factors: dict[str, list[str]],
    moments: list[GroupMoments],
    *,
    second_order: str | None = None,
    std_lv: bool = False,
    meanstructure: bool = False,
    equal: tuple[str, ...] = (),
    free_intercepts: tuple[str, ...] = (),
    covariances: tuple[tuple[str, str], ...] = (),
) -> ModelSpec:
    """Build a simple-structure CFA (optionally with one higher-order factor).

    Identification follows lavaan: the first loading of each factor is fixed to 1 (or, with
    ``std_lv``, the factor variances are fixed to 1); latent means are 0 in every group unless
    intercepts are constrained equal, in which case they are free in all groups but the first.
    ``equal`` may hold ``"loadings"``, ``"intercepts"`` and ``"residuals"``. An item listed
    under several factors cross-loads; ``covariances`` are free residual covariances of item
    pairs (free in every group, not constrained by ``"residuals"``).
    """
    first = list(factors)
    latents = first + ([second_order] if second_order else [])
    p, m, k = len(items), len(latents), len(first)
    pos = {it: i for i, it in enumerate(items)}
    groups = []
    for g in range(len(moments)):

        def lab(name: str, shared: bool, g: int = g) -> str:
            return name if shared or len(moments) == 1 else f"{name}@{g}"

        mats = blank_matrices(p, m)
        eq_load, eq_int, eq_res = (c in equal for c in ("loadings", "intercepts", "residuals"))
        for j, (f, its) in enumerate(factors.items()):
            for r, it in enumerate(its):
                i = pos[it]
                if r == 0 and not std_lv:
                    mats.lam_val[i, j] = 1.0
                else:
                    mats.lam[i, j] = lab(f"{f}=~{it}", eq_load)
        if second_order:
            h = m - 1
            for j, f in enumerate(first):
                if j == 0 and not std_lv:
                    mats.beta_val[j, h] = 1.0
                else:
                    mats.beta[j, h] = lab(f"{second_order}=~{f}", eq_load)
                if std_lv:  # lavaan std.lv: residual variances of endogenous factors = 1
                    mats.psi_val[j, j] = 1.0
                else:
                    mats.psi[j, j] = lab(f"{f}~~{f}", False)
            if std_lv:
                mats.psi_val[h, h] = 1.0
            else:
                mats.psi[h, h] = lab(f"{second_order}~~{second_order}", False)
        else:
            for j, f in enumerate(first):
                if std_lv:
                    mats.psi_val[j, j] = 1.0
                else:
                    mats.psi[j, j] = lab(f"{f}~~{f}", False)
                for jj in range(j):
                    mats.psi[j, jj] = lab(f"{first[jj]}~~{f}", False)
        for i, it in enumerate(items):
            mats.theta[i, i] = lab(f"{it}~~{it}", eq_res)
        for a, b in covariances:
            i, k = pos[a], pos[b]
            mats.theta[max(i, k), min(i, k)] = lab(f"{a}~~{b}", False)
        if meanstructure:
            for i, it in enumerate(items):
                mats.nu[i] = lab(f"{it}~1", eq_int and it not in free_intercepts)
            if eq_int and g > 0:
                for j, f in enumerate(latents):
                    if second_order and j < k:
                        continue  # first-order intercepts stay 0; the higher-order mean is free
                    mats.alpha[j] = lab(f"{f}~1", False)
        groups.append(mats)
    spec = ModelSpec(items, latents, groups, meanstructure)
    index_labels(spec)
    spec.start = _start_values(spec, factors, moments, second_order is not None, std_lv)
    return spec


def build_baseline_spec(items: list[str], moments: list[GroupMoments], *,
                        meanstructure: bool) -> ModelSpec:
    """The independence model (free variances, and means with a mean structure) per group,
    with its ML estimates as start values (item variances and means of the answers given)."""
    p = len(items)
    groups = []
    for g in range(len(moments)):
        mats = blank_matrices(p, 0)
        for i, it in enumerate(items):
            mats.theta[i, i] = f"{it}~~{it}@{g}"
            if meanstructure:
                mats.nu[i] = f"{it}~1@{g}"
        groups.append(mats)
    spec = ModelSpec(items, [], groups, meanstructure)
    index_labels(spec)
    start = []
    for mom in moments:
        pat = mom.patterns
        var = pat.observed_var if pat is not None else np.diag(mom.cov)
        mean = pat.observed_mean if pat is not None else mom.mean
        start.extend(var)
        if meanstructure:
            start.extend(mean)
    spec.start = np.array(start, dtype=float)
    return spec


def index_labels(spec: ModelSpec) -> None:
    """Collect the distinct labels in order of appearance and store per-group index arrays."""
    order: dict[str, int] = {}
    for mats in spec.groups:
        for name in ("lam", "beta", "psi", "theta", "nu", "alpha"):
            arr = getattr(mats, name)
            if name in ("psi", "theta"):
                arr = np.where(np.tril(np.ones(arr.shape, dtype=bool)), arr, None)
            for lab in arr.ravel():
                if lab is not None and lab not in order:
                    order[lab] = len(order)
    spec.labels = list(order)
    for mats in spec.groups:
        entries = {}
        for name in ("lam", "beta", "psi", "theta"):
            arr = getattr(mats, name)
            rows, cols = np.nonzero(arr != None)  # noqa: E711 - object array comparison
            if name in ("psi", "theta"):
                keep = rows >= cols
                rows, cols = rows[keep], cols[keep]
            idx = np.array([order[arr[r, c]] for r, c in zip(rows, cols, strict=True)], dtype=int)
            entries[name] = (rows, cols, idx)
        for name in ("nu", "alpha"):
            arr = getattr(mats, name)
            rows = np.nonzero(arr != None)[0]  # noqa: E711
            entries[name] = (rows, None, np.array([order[arr[r]] for r in rows], dtype=int))
        mats.entries = entries  # type: ignore[attr-defined]
        allidx = np.concatenate([e[2] for e in entries.values()])
        if len(np.unique(allidx)) != len(allidx):  # pragma: no cover - spec builder guarantees
            raise AssertionError("a parameter occurs twice within one group")
        mats.param_idx = allidx  # type: ignore[attr-defined]


def _start_values(
    spec: ModelSpec,
    factors: dict[str, list[str]],
    moments: list[GroupMoments],
    second_order: bool,
    std_lv: bool,
) -> np.ndarray:
    """Start values from each group's moments: one-factor principal components per factor."""
    start = np.zeros(len(spec.labels))
    seen = np.zeros(len(spec.labels), dtype=bool)
    pos = {it: i for i, it in enumerate(spec.items)}
    k = len(factors)
    primary = {}
    for j, its in enumerate(factors.values()):
        for it in its:
            primary.setdefault(it, j)
    for mats, mom in zip(spec.groups, moments, strict=True):
        s = mom.cov
        lam = mats.lam_val.copy()
        psi = mats.psi_val.copy()
        theta = np.zeros(len(spec.items))
        scale = np.zeros(k)
        for j, its in enumerate(factors.values()):
            idx = [pos[it] for it in its]
            sub = s[np.ix_(idx, idx)]
            w, v = np.linalg.eigh(sub)
            load = v[:, -1] * np.sqrt(max(w[-1], 1e-8)) * 0.85
            load *= np.sign(load.sum()) or 1.0
            if abs(load[0]) < 1e-3:
                load[0] = 1e-3
            unit = load / load[0] if not std_lv else load
            lam[idx, j] = unit
            cross = [i for i, it in zip(idx, its, strict=True) if primary[it] != j]
            lam[cross, j] = np.where(mats.lam[cross, j] != None, 0.0, lam[cross, j])  # noqa: E711
            scale[j] = load[0] ** 2 if not std_lv else 1.0
            theta[idx] = np.maximum(np.diag(sub) - load**2, 0.1 * np.diag(sub))
        # factor covariances: covariance of the unit-weighted item sums, rescaled
        cov_f = np.zeros((k, k))
        for j, its in enumerate(factors.values()):
            for jj, its2 in enumerate(factors.values()):
                a = [pos[it] for it in its]
                b = [pos[it] for it in its2]
                num = s[np.ix_(a, b)].mean()
                cov_f[j, jj] = num / (lam[a, j].mean() * lam[b, jj].mean())
        d = np.sqrt(scale)
        corr = cov_f / np.sqrt(np.outer(np.diag(cov_f), np.diag(cov_f)))
        corr = np.clip(corr, -0.9, 0.9)
        np.fill_diagonal(corr, 1.0)
        phi = corr * np.outer(d, d)
        values = {"theta": theta, "beta": mats.beta_val}
        if second_order:
            h = len(spec.latents) - 1
            off = corr[np.tril_indices(k, -1)]
            rho = float(np.clip(np.mean(off), 0.1, 0.9)) if k > 1 else 0.5
            gam = d / d[0] if not std_lv else np.ones(k)
            psi_h = rho * d[0] ** 2 if not std_lv else 1.0
            if std_lv:  # factor variance 2 = 1 (higher order) + 1 (residual)
                lam[:, :k] /= np.sqrt(2.0)
            beta = mats.beta_val.copy()
            beta[:k, h] = np.where(mats.beta[:k, h] != None, gam, mats.beta_val[:k, h])  # noqa: E711
            psi[h, h] = psi_h
            psi[np.arange(k), np.arange(k)] = (1 - rho) * d**2
            values["beta"] = beta
        else:
            psi[:k, :k] = phi
        values.update(lam=lam, psi=psi, nu=mom.mean, alpha=np.zeros(len(spec.latents)))
        for name, (rows, cols, idx) in mats.entries.items():
            if name == "theta":
                vals = np.where(rows == cols, values["theta"][rows], 0.0)
            elif name in ("nu", "alpha"):
                vals = values[name][rows]
            else:
                vals = values[name][rows, cols]
            new = ~seen[idx]
            start[idx[new]] = vals[new]
            seen[idx] = True
    return start


# --------------------------------------------------------------------------------------------
# model-implied moments, gradient and expected information


def matrices(mats: _GroupMatrices, par: np.ndarray) -> tuple[np.ndarray, ...]:
    out = []
    for name in ("lam", "beta", "psi", "theta", "nu", "alpha"):
        val = getattr(mats, name + "_val").copy()
        rows, cols, idx = mats.entries[name]
        if cols is None:
            val[rows] = par[idx]
        else:
            val[rows, cols] = par[idx]
            if name in ("psi", "theta"):
                val[cols, rows] = par[idx]
        out.append(val)
    return tuple(out)


@dataclass
class Implied:
    sigma: np.ndarray
    mu: np.ndarray
    cov_lv: np.ndarray  # covariance of the latent variables
    lam: np.ndarray
    binv: np.ndarray
    mean_lv: np.ndarray
    chol: tuple | None


def implied(mats: _GroupMatrices, par: np.ndarray) -> Implied:
    lam, beta, psi, theta, nu, alpha = matrices(mats, par)
    m = beta.shape[0]
    binv = np.linalg.inv(np.eye(m) - beta) if beta.any() else np.eye(m)
    cov_lv = binv @ psi @ binv.T
    sigma = lam @ cov_lv @ lam.T + theta
    mean_lv = binv @ alpha
    mu = nu + lam @ mean_lv
    try:
        chol = linalg.cho_factor(sigma, lower=True, check_finite=False)
        if not np.all(np.diag(chol[0]) > 0):
            chol = None
    except (linalg.LinAlgError, ValueError):
        chol = None
    return Implied(sigma, mu, cov_lv, lam, binv, mean_lv, chol)


def _discrepancy(imp: Implied, mom: GroupMoments, logdet_s: float, meanstructure: bool) -> float:
    if imp.chol is None:
        return np.inf
    if mom.patterns is not None:
        pat = mom.patterns
        return float((_fiml.minus2loglik(imp.sigma, imp.mu, pat) + 2.0 * pat.loglik_h1) / pat.n)
    c = imp.chol[0]
    logdet = 2.0 * np.sum(np.log(np.diag(c)))
    sinv_s = linalg.cho_solve(imp.chol, mom.cov, check_finite=False)
    f = logdet + np.trace(sinv_s) - logdet_s - mom.cov.shape[0]
    if meanstructure:
        d = mom.mean - imp.mu
        f += d @ linalg.cho_solve(imp.chol, d, check_finite=False)
    return float(f)


def jacobian(mats: _GroupMatrices, imp: Implied) -> tuple[np.ndarray, np.ndarray]:
    """Derivatives of Sigma (E, p, p) and mu (E, p) with respect to the group's free entries."""
    p = imp.sigma.shape[0]
    lb = imp.lam @ imp.binv  # d eta-effects on items
    lc = imp.lam @ imp.cov_lv
    blocks_s, blocks_m = [], []
    rows, cols, _ = mats.entries["lam"]
    e = len(rows)
    ds = np.zeros((e, p, p))
    ar = np.arange(e)
    ds[ar, rows, :] += lc[:, cols].T
    ds[ar, :, rows] += lc[:, cols].T
    dm = np.zeros((e, p))
    dm[ar, rows] = imp.mean_lv[cols]
    blocks_s.append(ds)
    blocks_m.append(dm)
    rows, cols, _ = mats.entries["beta"]
    a = lb[:, rows].T
    ds = np.einsum("ep,eq->epq", a, lc[:, cols].T)
    blocks_s.append(ds + ds.transpose(0, 2, 1))
    blocks_m.append(a * imp.mean_lv[cols][:, None])
    rows, cols, _ = mats.entries["psi"]
    ds = np.einsum("ep,eq->epq", lb[:, rows].T, lb[:, cols].T)
    ds = ds + ds.transpose(0, 2, 1)
    ds[rows == cols] *= 0.5
    blocks_s.append(ds)
    blocks_m.append(np.zeros((len(rows), p)))
    rows, cols, _ = mats.entries["theta"]
    ds = np.zeros((len(rows), p, p))
    ar = np.arange(len(rows))
    ds[ar, rows, cols] = 1.0
    ds[ar, cols, rows] = 1.0
    blocks_s.append(ds)
    blocks_m.append(np.zeros((len(rows), p)))
    rows, _, _ = mats.entries["nu"]
    blocks_s.append(np.zeros((len(rows), p, p)))
    dm = np.zeros((len(rows), p))
    dm[np.arange(len(rows)), rows] = 1.0
    blocks_m.append(dm)
    rows, _, _ = mats.entries["alpha"]
    blocks_s.append(np.zeros((len(rows), p, p)))
    blocks_m.append(lb[:, rows].T)
    return np.concatenate(blocks_s), np.concatenate(blocks_m)


def gradient_information(
    spec: ModelSpec,
    par: np.ndarray,
    imps: list[Implied],
    moments: list[GroupMoments],
    information: bool = True,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Gradient of F and its expected information (both N_g/N-weighted over groups)."""
    q = len(par)
    grad = np.zeros(q)
    info = np.zeros((q, q)) if information else None
    n_tot = sum(m.n for m in moments)
    for mats, imp, mom in zip(spec.groups, imps, moments, strict=True):
        w = mom.n / n_tot
        p = imp.sigma.shape[0]
        ds, dm = jacobian(mats, imp)
        idx = mats.param_idx
        if mom.patterns is not None:
            w_sig, w_mu, a_sig, a_mu = _fiml.gradient_terms(
                imp.sigma, imp.mu, mom.patterns, information=information
            )
            flat = ds.reshape(len(idx), -1)
            grad[idx] += w * (flat @ w_sig.ravel() + dm @ w_mu)
            if information:
                inf = flat @ a_sig @ flat.T + 2.0 * dm @ a_mu @ dm.T
                info[np.ix_(idx, idx)] += w * inf
            continue
        sinv = linalg.cho_solve(imp.chol, np.eye(p), check_finite=False)
        s_eff = mom.cov
        g = np.zeros(len(idx))
        if spec.meanstructure:
            d = mom.mean - imp.mu
            s_eff = s_eff + np.outer(d, d)
            g += dm @ (-2.0 * sinv @ d)
        wmat = sinv - sinv @ s_eff @ sinv
        g += ds.reshape(len(idx), -1) @ wmat.ravel()
        grad[idx] += w * g
        if not information:
            continue
        msd = sinv @ ds @ sinv
        inf = msd.reshape(len(idx), -1) @ ds.reshape(len(idx), -1).T
        if spec.meanstructure:
            inf += 2.0 * dm @ sinv @ dm.T
        info[np.ix_(idx, idx)] += w * inf
    return grad, info


def hessian(spec: ModelSpec, par: np.ndarray, moments: list[GroupMoments]) -> np.ndarray:
    """Hessian of F by central differences of the analytic gradient (symmetrised).

    The step is ``1e-5 max(1, |theta|)``; with an analytic gradient the error is of order
    ``1e-10``. lavaan computes its observed information the same way (a numerical derivative
    of the analytic gradient).
    """
    if moments[0].patterns is not None:
        return _hessian_fiml(spec, par, moments)
    q = len(par)
    out = np.zeros((q, q))
    for j in range(q):
        h = 1e-5 * max(1.0, abs(par[j]))
        cols = []
        for sign in (1.0, -1.0):
            x = par.copy()
            x[j] += sign * h
            imps = [implied(mats, x) for mats in spec.groups]
            cols.append(gradient_information(spec, x, imps, moments, information=False)[0])
        out[:, j] = (cols[0] - cols[1]) / (2 * h)
    return (out + out.T) / 2


def _hessian_fiml(spec: ModelSpec, par: np.ndarray, moments: list[GroupMoments]) -> np.ndarray:
    """Hessian of the FIML F: ``J' (d2F/dm2) J`` analytically plus the curvature of the model.

    ``d2F/dm2`` is twice the observed information of the moments (``_fiml``); the second
    term, ``sum_k dF/dm_k d2m_k/dtheta2``, is the central difference of ``J(theta)' g`` with
    the moment gradient ``g`` held at the estimates (no pattern loop, so cheap).
    """
    q = len(par)
    n_tot = sum(m.n for m in moments)
    out = np.zeros((q, q))
    grads = []
    for mats, mom in zip(spec.groups, moments, strict=True):
        imp = implied(mats, par)
        fg = mom.n / n_tot
        a_ss, a_ms, a_mm = _fiml.observed_information_h1(imp.sigma, imp.mu, mom.patterns)
        w_sig, w_mu, _, _ = _fiml.gradient_terms(imp.sigma, imp.mu, mom.patterns,
                                                 information=False)
        ds, dm = jacobian(mats, imp)
        flat = ds.reshape(len(ds), -1)
        cross = dm @ a_ms @ flat.T
        h = flat @ a_ss @ flat.T + dm @ a_mm @ dm.T + cross + cross.T
        out[np.ix_(mats.param_idx, mats.param_idx)] += fg * 2.0 * h
        grads.append((fg, w_sig.ravel(), w_mu))

    def curvature(x: np.ndarray) -> np.ndarray:
        g = np.zeros(q)
        for mats, (fg, w_sig, w_mu) in zip(spec.groups, grads, strict=True):
            ds, dm = jacobian(mats, implied(mats, x))
            g[mats.param_idx] += fg * (ds.reshape(len(ds), -1) @ w_sig + dm @ w_mu)
        return g

    for j in range(q):
        h = 1e-5 * max(1.0, abs(par[j]))
        up, down = par.copy(), par.copy()
        up[j] += h
        down[j] -= h
        out[:, j] += (curvature(up) - curvature(down)) / (2 * h)
    return (out + out.T) / 2


@dataclass
class MLFit:
    """Estimates and fit of a (multi-group) ML factor model."""

    spec: ModelSpec
    moments: list[GroupMoments]
    par: np.ndarray
    fmin: float
    implied: list[Implied]
    vcov: np.ndarray
    converged: bool
    iterations: int
    grad: np.ndarray
    info_observed: np.ndarray | None = None  # observed information per respondent (H_F / 2)
    extra_stats: dict = field(default_factory=dict)  # scaled / robust indices (MLR)
    problems: list = field(default_factory=list)  # improper parts (improper_solution)


def _objective(spec, par, moments, logdets):
    imps = [implied(mats, par) for mats in spec.groups]
    n_tot = sum(m.n for m in moments)
    f = 0.0
    for imp, mom, ld in zip(imps, moments, logdets, strict=True):
        f += mom.n / n_tot * _discrepancy(imp, mom, ld, spec.meanstructure)
    return f, imps


_CONTROLLER = None


def _single_threaded_blas():
    """Limit BLAS to one thread while fitting.

    The matrices are small (p x p with p ~ 30), where OpenBLAS threads cost more than they
    save, and on a busy 2-core machine their spin-waiting slowed a fit tenfold. Uses
    threadpoolctl when it is installed (it is, via scikit-learn); otherwise does nothing.
    """
    global _CONTROLLER
    if _CONTROLLER is None:
        try:
            from threadpoolctl import ThreadpoolController

            _CONTROLLER = ThreadpoolController()
        except ImportError:  # pragma: no cover - optional
            _CONTROLLER = False
    if _CONTROLLER is False:  # pragma: no cover
        return contextlib.nullcontext()
    return _CONTROLLER.limit(limits=1, user_api="blas")


def fit_ml(
    spec: ModelSpec,
    moments: list[GroupMoments],
    *,
    start: np.ndarray | None = None,
    max_iter: int = 500,
    tol: float = 1e-12,
    information: str = "expected",
) -> MLFit:
    """Minimise the ML discrepancy by Fisher scoring with step halving (BLAS single-threaded).

    ``information`` ("expected" or "observed") chooses the matrix the standard errors invert.
    """
    with _single_threaded_blas():
        fit = _fit_ml(spec, moments, start=start, max_iter=max_iter, tol=tol)
        if information == "observed":
            n_tot = sum(m.n for m in moments)
            fit.info_observed = 0.5 * hessian(spec, fit.par, moments)
            try:
                fit.vcov = np.linalg.inv(n_tot * fit.info_observed)
            except np.linalg.LinAlgError:
                fit.vcov = np.linalg.pinv(n_tot * fit.info_observed)
        return fit


def _fit_ml(
    spec: ModelSpec,
    moments: list[GroupMoments],
    *,
    start: np.ndarray | None = None,
    max_iter: int = 500,
    tol: float = 1e-12,
) -> MLFit:
    par = np.array(spec.start if start is None else start, dtype=float)
    logdets = [np.linalg.slogdet(m.cov)[1] for m in moments]
    f, imps = _objective(spec, par, moments, logdets)
    if not np.isfinite(f):
        raise FloatingPointError("the start values give a non-positive-definite Sigma")
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - `it` is reported
        grad, info = gradient_information(spec, par, imps, moments)
        try:
            step = linalg.solve(info, grad, assume_a="pos", check_finite=False)
        except (linalg.LinAlgError, ValueError):
            step = np.linalg.lstsq(info, grad, rcond=None)[0]
        decrement = float(grad @ step)
        if decrement < tol:
            converged = True
            break
        t = 1.0
        while True:
            new = par - t * step
            f_new, imps_new = _objective(spec, new, moments, logdets)
            if np.isfinite(f_new) and f_new <= f + 1e-4 * t * -decrement + 1e-15:
                break
            t *= 0.5
            if t < 1e-10:
                break
        if t < 1e-10:  # no descent possible: at the optimum to numerical precision
            converged = decrement < 1e-8
            break
        par, f, imps = new, f_new, imps_new
    grad, info = gradient_information(spec, par, imps, moments)
    n_tot = sum(m.n for m in moments)
    try:
        vcov = np.linalg.inv(0.5 * n_tot * info)
    except np.linalg.LinAlgError:
        vcov = np.linalg.pinv(0.5 * n_tot * info)
    return MLFit(spec, moments, par, f, imps, vcov, converged, it, grad)


# --------------------------------------------------------------------------------------------
# improper solutions (lavaan's lav_object_post_check)

#: lavaan's tolerance for a negative eigenvalue: ``.Machine$double.eps^(3/4)``
EIGEN_TOLERANCE = float(np.finfo(float).eps ** 0.75)

#: lavaan's warning for each kind of improper solution
IMPROPER_MESSAGES = {
    "negative_ov_variance": "some estimated ov variances are negative",
    "negative_lv_variance": "some estimated lv variances are negative",
    "lv_not_positive_definite": "covariance matrix of latent variables is not positive definite",
    "theta_not_positive_definite": "the covariance matrix of the residuals of the observed "
                                   "variables (theta) is not positive definite",
}


def solution_problems(theta: np.ndarray, psi: np.ndarray, cov_lv: np.ndarray,
                      items: list[str], latents: list[str], group: object = None) -> list[dict]:
    """The improper parts of one group's solution, as lavaan checks them.

    Negative residual variances (diagonal of ``theta``) and latent (residual) variances
    (diagonal of ``psi``); when no latent variance is negative, a latent covariance matrix
    with an eigenvalue below ``-EIGEN_TOLERANCE`` (named by the factor pairs whose correlation
    exceeds 1 in absolute value); when no residual variance is negative, the same for
    ``theta``. Returns one dict per finding: ``kind`` (a key of :data:`IMPROPER_MESSAGES`),
    ``group``, ``name`` (item, factor or ``"a~~b"``; blank for a matrix) and ``estimate``.

    Examples
    --------
    >>> rows = solution_problems(np.diag([0.5, -0.02]), np.eye(1), np.eye(1), ["x1", "x2"], ["f"])
    >>> [(r["kind"], r["name"]) for r in rows]
    [('negative_ov_variance', 'x2')]
    """
    rows = []

    def add(kind, name, value):
        rows.append({"kind": kind, "group": group, "name": name, "estimate": float(value)})

    for i in np.nonzero(np.diag(theta) < 0)[0]:
        add("negative_ov_variance", items[i], theta[i, i])
    lv_negative = np.nonzero(np.diag(psi) < 0)[0]
    for j in lv_negative:
        add("negative_lv_variance", latents[j], psi[j, j])
    if not len(lv_negative) and len(cov_lv) and \
            np.linalg.eigvalsh(cov_lv)[0] < -EIGEN_TOLERANCE:
        sd = np.sqrt(np.clip(np.diag(cov_lv), 1e-300, None))
        corr = cov_lv / np.outer(sd, sd)
        pairs = [(a, b) for a in range(len(sd)) for b in range(a) if abs(corr[a, b]) > 1]
        for a, b in pairs or [(None, None)]:
            name = "" if a is None else f"{latents[b]}~~{latents[a]}"
            add("lv_not_positive_definite", name, np.nan if a is None else corr[a, b])
    if not np.any(np.diag(theta) < 0) and np.linalg.eigvalsh(theta)[0] < -EIGEN_TOLERANCE:
        add("theta_not_positive_definite", "", np.linalg.eigvalsh(theta)[0])
    return rows


def improper_solution(fit: MLFit, group_names: list | None = None) -> list[dict]:
    """:func:`solution_problems` of every group of an ML fit (``group_names`` label them)."""
    rows = []
    for g, (mats, imp) in enumerate(zip(fit.spec.groups, fit.implied, strict=True)):
        _, _, psi, theta, _, _ = matrices(mats, fit.par)
        name = None if len(fit.spec.groups) == 1 else \
            (group_names[g] if group_names is not None else g + 1)
        rows += solution_problems(theta, psi, imp.cov_lv, fit.spec.items, fit.spec.latents, name)
    return rows


def problem_messages(rows: list[dict]) -> list[str]:
    """lavaan's warning per kind, with the names, estimates and groups it concerns.

    Examples
    --------
    >>> problem_messages([{"kind": "negative_ov_variance", "group": "B", "name": "x2",
    ...                    "estimate": -0.021}])
    ["some estimated ov variances are negative: 'x2' = -0.021 in group 'B'"]
    """
    out = []
    for kind, text in IMPROPER_MESSAGES.items():
        hits = [r for r in rows if r["kind"] == kind]
        if not hits:
            continue
        parts = []
        for r in hits:
            where = f" in group {r['group']!r}" if r["group"] is not None else ""
            value = f" = {r['estimate']:.3g}" if np.isfinite(r["estimate"]) else ""
            name = f"{r['name']!r}{value}" if r["name"] else "the matrix"
            if r["kind"] == "lv_not_positive_definite" and r["name"]:
                a, b = r["name"].split("~~")
                name = f"correlation of {a!r} and {b!r}{value}"
            parts.append(name + where)
        out.append(f"{text}: " + "; ".join(parts))
    return out


# --------------------------------------------------------------------------------------------
# fit statistics (lavaan conventions)


def rmsea_ci(
    chi2: float, df: float, n: int, n_groups: int, level: float = 0.90, c_hat: float = 1.0
):
    """lavaan's RMSEA interval: noncentrality where P(X2 | df, lambda) = (1 +/- level)/2.

    ``c_hat`` multiplies the noncentrality (lavaan's robust interval)."""
    if df < 1:
        return np.nan, np.nan
    hi_p, lo_p = (1 + level) / 2, (1 - level) / 2

    def cdf(lam: float, target: float) -> float:
        if lam <= 0:
            return stats.chi2.cdf(chi2, df) - target
        return stats.ncx2.cdf(chi2, df, lam) - target

    from scipy.optimize import brentq

    lower = 0.0
    if cdf(0.0, hi_p) >= 0:
        lower = brentq(cdf, 1e-12, max(chi2, 1e-6), args=(hi_p,), xtol=1e-12)
    upper = 0.0
    n_up = max(n, 4 * chi2)
    if cdf(0.0, lo_p) >= 0 and cdf(n_up, lo_p) <= 0:
        upper = brentq(cdf, 1e-12, n_up, args=(lo_p,), xtol=1e-12)
    g = np.sqrt(n_groups)
    return np.sqrt(c_hat * lower / (n * df)) * g, np.sqrt(c_hat * upper / (n * df)) * g


def fit_statistics(fit: MLFit) -> dict[str, float]:
    """chi2, df, CFI, TLI, RMSEA (+ 90% CI), SRMR (Bentler), loglik, AIC, BIC as lavaan."""
    moments, spec = fit.moments, fit.spec
    n = sum(m.n for m in moments)
    n_groups = len(moments)
    p = len(spec.items)
    npar = len(spec.labels)
    per_group = p * (p + 1) // 2 + (p if spec.meanstructure else 0)
    df = n_groups * per_group - npar
    chi2 = n * fit.fmin
    base_chi2 = 0.0
    loglik_h1 = 0.0
    srmr = 0.0
    for imp, mom in zip(fit.implied, moments, strict=True):
        s = mom.cov
        if mom.patterns is not None:
            pat = mom.patterns
            base_chi2 += 2.0 * (pat.loglik_h1 - _fiml.baseline_loglik(pat))
            loglik_h1 += pat.loglik_h1
        else:
            logdet_s = np.linalg.slogdet(s)[1]
            base_chi2 += mom.n * (np.sum(np.log(np.diag(s))) - logdet_s)
            loglik_h1 += -0.5 * mom.n * (p * np.log(2 * np.pi) + logdet_s + p)
        sd = np.sqrt(np.diag(s))
        res = (s - imp.sigma) / np.outer(sd, sd)
        ssq = np.sum(res[np.tril_indices(p)] ** 2)
        count = p * (p + 1) / 2
        if spec.meanstructure:
            ssq += np.sum(((mom.mean - imp.mu) / sd) ** 2)
            count += p
        srmr += mom.n / n * np.sqrt(ssq / count)
    base_df = n_groups * p * (p - 1) // 2
    cfi_num = max(chi2 - df, 0.0)
    cfi_den = max(chi2 - df, base_chi2 - base_df, 0.0)
    cfi = 1.0 - cfi_num / cfi_den if cfi_den > 0 else 1.0
    tli = (base_chi2 / base_df - chi2 / df) / (base_chi2 / base_df - 1.0) if df > 0 else 1.0
    rmsea = np.sqrt(max(chi2 - df, 0.0) / (df * n)) * np.sqrt(n_groups) if df > 0 else 0.0
    lo, hi = rmsea_ci(chi2, df, n, n_groups)
    loglik = loglik_h1 - chi2 / 2
    return {
        "chi2": chi2,
        "df": int(df),
        "p_value": float(stats.chi2.sf(chi2, df)) if df > 0 else np.nan,
        "cfi": cfi,
        "tli": tli,
        "rmsea": rmsea,
        "rmsea_ci_low": lo,
        "rmsea_ci_high": hi,
        "srmr": srmr,
        "aic": -2 * loglik + 2 * npar,
        "bic": -2 * loglik + np.log(n) * npar,
        "loglik": loglik,
        "loglik_h1": loglik_h1,
        "baseline_chi2": base_chi2,
        "baseline_df": int(base_df),
        "n": int(n),
        "npar": int(npar),
        "improper": float(bool(improper_solution(fit))),
        **fit.extra_stats,
    }
