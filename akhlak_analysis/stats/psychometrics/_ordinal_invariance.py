"""Multi-group WLSMV for ordinal items: the Wu & Estabrook (2016) invariance sequence.

Private helper of :mod:`.invariance` (not public API). Reproduces lavaan 0.6's
``cfa(syntax, ordered = , group = , estimator = "WLSMV", parameterization = "delta")`` on the
syntax semTools' ``measEq.syntax(..., ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016",
parameterization = "delta")`` writes, every item ordered, complete rows.

Per group ``g`` the sample statistics ``s_g`` are the thresholds (item by item) and the
polychoric correlations, with their NACOV ``Gamma_g`` (:func:`._wlsmv.ordinal_statistics`).
The model implies, with ``mu = nu + Lambda alpha``, ``Sigma = Lambda Psi Lambda' + Theta``
(``Theta``: residual covariances only) and scaling factors ``delta``::

    tau*_jc = (tau_jc - mu_j) delta_j            rho*_ab = delta_a delta_b Sigma_ab

DWLS: ``F = sum_g N_g/N (s_g - s*_g)' W_g (s_g - s*_g)``, ``W_g = diag(Gamma_g)^-1``,
``chi2 = N F``, minimised by Gauss-Newton with step halving. With ``V = bdiag(N_g/N W_g)``,
``Delta`` the stacked Jacobian and ``E = Delta' V Delta``: robust covariance
``E^-1 (sum_g N_g/N Delta_g' W_g Gamma*_g W_g Delta_g) E^-1 / (N - G)`` with ``Gamma*_g`` the
NACOV without its ``N_g / (N_g - 1)`` factor (as lavaan 0.6-14); scaled-shifted test from
``U = V - V Delta E^-1 Delta' V`` and ``bdiag(Gamma_g N / N_g)`` (lavaan
``lav_test_satorra_bentler``); independence baseline: thresholds free, correlations 0 in each
group. Nested models are compared as ``lavTestLRT``'s default for this test
(``method = "satorra.2000"``, ``scaled.shifted = TRUE``, ``A.method = "delta"``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, stats

from . import _sem, _wlsmv

#: level -> (thresholds, loadings, intercepts) equal across groups
STEPS = {
    "configural": (False, False, False),
    "thresholds": (True, False, False),
    "metric": (True, True, False),
    "scalar": (True, True, True),
}


@dataclass
class OrdModel:
    """Labelled multi-group model: the factor part in ``core``, thresholds and scales apart."""

    core: _sem.ModelSpec  # Lambda, Psi, Theta (off-diagonal), nu, alpha
    labels: list[str]
    tau_idx: list[np.ndarray]  # per group: parameter index of each threshold
    delta_idx: list[np.ndarray]  # per group: parameter index of each scale, -1 = fixed at 1
    th_item: np.ndarray  # item of each threshold
    pairs: tuple[np.ndarray, np.ndarray]
    level: str


def build_model(items, factors, n_th, n_groups, level, covariances=()) -> OrdModel:
    """The measEq.syntax model of one step (see :data:`STEPS`) for ``n_th`` thresholds/item."""
    eq_th, eq_load, eq_int = STEPS[level]
    p, m = len(items), len(factors)
    pos = {it: i for i, it in enumerate(items)}
    groups = []
    for g in range(n_groups):

        def lab(name: str, shared: bool, g: int = g) -> str:
            return name if shared else f"{name}@{g}"

        mats = _sem.blank_matrices(p, m)
        names = list(factors)
        for j, (f, its) in enumerate(factors.items()):
            for it in its:
                mats.lam[pos[it], j] = lab(f"{f}=~{it}", eq_load)
            if g > 0 and eq_load:
                mats.psi[j, j] = lab(f"{f}~~{f}", False)
            else:
                mats.psi_val[j, j] = 1.0
            for jj in range(j):
                mats.psi[j, jj] = lab(f"{names[jj]}~~{f}", False)
            if g > 0 and eq_int:
                mats.alpha[j] = lab(f"{f}~1", False)
        for a, b in covariances:
            i, k = pos[a], pos[b]
            mats.theta[max(i, k), min(i, k)] = lab(f"{a}~~{b}", False)
        if g > 0 and eq_th and not eq_int:
            for i, it in enumerate(items):
                mats.nu[i] = lab(f"{it}~1", False)
        groups.append(mats)
    core = _sem.ModelSpec(list(items), list(factors), groups, True)
    _sem.index_labels(core)
    labels = list(core.labels)
    order = {lab: i for i, lab in enumerate(labels)}

    def index(name: str) -> int:
        if name not in order:
            order[name] = len(labels)
            labels.append(name)
        return order[name]

    tau_idx, delta_idx = [], []
    for g in range(n_groups):
        tau_idx.append(np.array([index(f"{it}|t{c + 1}" if eq_th else f"{it}|t{c + 1}@{g}")
                                 for it, k in zip(items, n_th, strict=True) for c in range(k)]))
        free = g > 0 and eq_th
        delta_idx.append(np.array([index(f"{it}~*~{it}@{g}") if free else -1 for it in items]))
    th_item = np.repeat(np.arange(p), n_th)
    ia = np.array([a for b in range(p) for a in range(b + 1, p)], dtype=int)
    ib = np.array([b for b in range(p) for a in range(b + 1, p)], dtype=int)
    return OrdModel(core, labels, tau_idx, delta_idx, th_item, (ia, ib), level)


def _implied(model: OrdModel, g: int, par: np.ndarray):
    mats = model.core.groups[g]
    imp = _sem.implied(mats, par)
    di = model.delta_idx[g]
    d = np.where(di >= 0, par[np.maximum(di, 0)], 1.0)
    ti = model.th_item
    ia, ib = model.pairs
    s = np.concatenate([(par[model.tau_idx[g]] - imp.mu[ti]) * d[ti],
                        d[ia] * d[ib] * imp.sigma[ia, ib]])
    return s, imp, d


def _jacobian(model: OrdModel, g: int, par: np.ndarray, imp, d) -> np.ndarray:
    """d s*_g / d par (statistics by all parameters)."""
    mats = model.core.groups[g]
    ti, (ia, ib) = model.th_item, model.pairs
    nt = len(ti)
    jac = np.zeros((nt + len(ia), len(par)))
    ds, dm = _sem.jacobian(mats, imp)
    idx = mats.param_idx
    jac[:nt, idx] = -(dm[:, ti] * d[ti]).T
    jac[nt:, idx] = (ds[:, ia, ib] * (d[ia] * d[ib])).T
    jac[np.arange(nt), model.tau_idx[g]] += d[ti]
    di = model.delta_idx[g]
    for i in np.nonzero(di >= 0)[0]:
        rows = np.nonzero(ti == i)[0]
        jac[rows, di[i]] += par[model.tau_idx[g][rows]] - imp.mu[i]
        for own, other in ((ia, ib), (ib, ia)):
            hit = np.nonzero(own == i)[0]
            jac[nt + hit, di[i]] += d[other[hit]] * imp.sigma[i, other[hit]]
    return jac


@dataclass
class OrdFit:
    """A multi-group DWLS fit: estimates, Jacobians, information and statistics."""

    model: OrdModel
    par: np.ndarray
    jac: list[np.ndarray]
    resid: list[np.ndarray]
    info_inv: np.ndarray
    vcov: np.ndarray
    stats: dict
    converged: bool
    iterations: int


def _sample(ost: _wlsmv.OrdinalStats) -> np.ndarray:
    ia = np.array([a for a, _ in ost.pairs], dtype=int)
    ib = np.array([b for _, b in ost.pairs], dtype=int)
    return np.concatenate([*ost.thresholds, ost.r[ia, ib]])


def fit(model: OrdModel, osts: list[_wlsmv.OrdinalStats], start: np.ndarray,
        max_iter: int = 300) -> OrdFit:
    """Gauss-Newton DWLS over the groups, then the WLSMV statistics."""
    n = np.array([o.n for o in osts], dtype=float)
    fg = n / n.sum()
    obs = [_sample(o) for o in osts]
    w = [1.0 / np.diag(o.nacov) for o in osts]
    G = len(osts)

    def state(x):
        out = [_implied(model, g, x) for g in range(G)]
        e = [obs[g] - out[g][0] for g in range(G)]
        f = float(sum(fg[g] * w[g] @ e[g] ** 2 for g in range(G)))
        return out, e, f

    par = start.copy()
    imps, e, f = state(par)
    converged, it = False, 0
    for it in range(1, max_iter + 1):  # noqa: B007 - reported
        jac = [_jacobian(model, g, par, imps[g][1], imps[g][2]) for g in range(G)]
        info = sum(fg[g] * (jac[g].T * w[g]) @ jac[g] for g in range(G))
        grad = sum(fg[g] * (jac[g].T * w[g]) @ e[g] for g in range(G))
        step = np.linalg.lstsq(info, grad, rcond=None)[0]
        t = 1.0
        while True:
            new = state(par + t * step)
            if new[2] <= f + 1e-14 or t < 1e-8:
                break
            t /= 2
        par, (imps, e, f_new) = par + t * step, new
        done = abs(f - f_new) < 1e-15 * max(1.0, f_new) and np.max(np.abs(t * step)) < 1e-9
        f = f_new
        if done:
            converged = True
            break
    jac = [_jacobian(model, g, par, imps[g][1], imps[g][2]) for g in range(G)]
    info = sum(fg[g] * (jac[g].T * w[g]) @ jac[g] for g in range(G))
    info_inv = np.linalg.inv(info)
    # lavaan 0.6-14's robust covariance takes the NACOV without its N_g / (N_g - 1) factor
    # and divides by N - G (the same as N / (N - 1) for one group)
    meat = sum(fg[g] * (n[g] - 1) / n[g] * (jac[g].T * w[g]) @ osts[g].nacov
               @ (jac[g].T * w[g]).T for g in range(G))
    vcov = info_inv @ meat @ info_inv / (n.sum() - G)
    out = OrdFit(model, par, jac, e, info_inv, vcov, {}, converged, it)
    out.stats = statistics(out, osts, f)
    return out


def _scaled_shifted(t: float, df: float, tr1: float, tr2: float) -> tuple[float, float, float]:
    a = np.sqrt(df / tr2)
    return a * t + df - a * tr1, 1.0 / a, df - a * tr1


def _cfi(chi2, df, base, base_df):
    t1, t2 = max(chi2 - df, 0.0), max(chi2 - df, base - base_df, 0.0)
    return 1.0 if t2 == 0 else 1.0 - t1 / t2


def _tli(chi2, df, base, base_df):
    t2 = (base - base_df) * df
    return 1.0 - (chi2 - df) * base_df / t2 if df > 0 and t2 != 0 else 1.0


def _rmsea(chi2, df, n, n_groups):
    """lavaan's RMSEA; for DWLS its ``N`` is the total sample size minus the groups."""
    n = n - n_groups
    return np.sqrt(max(chi2 / (n * df) - 1 / n, 0.0)) * np.sqrt(n_groups) if df > 0 else 0.0


def statistics(res: OrdFit, osts, f: float) -> dict:
    """chi2, the scaled-shifted test, baseline, CFI/TLI/RMSEA (plain and scaled), SRMR."""
    n = np.array([o.n for o in osts], dtype=float)
    big_n, G = float(n.sum()), len(osts)
    fg = n / big_n
    w = [1.0 / np.diag(o.nacov) for o in osts]
    n_stats = sum(len(x) for x in w)
    q = len(res.par)
    df = n_stats - q
    chi2 = big_n * f
    v_all = np.concatenate([fg[g] * w[g] for g in range(G)])
    d_all = np.vstack(res.jac)
    vd = d_all * v_all[:, None]
    u = np.diag(v_all) - vd @ res.info_inv @ vd.T
    gam = linalg.block_diag(*[o.nacov / fg[g] for g, o in enumerate(osts)])
    ug = u @ gam
    chi2_s, c, shift = _scaled_shifted(chi2, df, float(np.trace(ug)), float(np.sum(ug * ug.T)))
    # baseline: correlations 0, thresholds exact; U Gamma is W_r Gamma_r block by block
    base, tr1, tr2 = 0.0, 0.0, 0.0
    srmr = 0.0
    for g, o in enumerate(osts):
        nt = sum(len(t) for t in o.thresholds)
        r = _sample(o)[nt:]
        base += o.n * float(w[g][nt:] @ r**2)
        wg = w[g][nt:, None] * o.nacov[nt:, nt:]
        tr1, tr2 = tr1 + float(np.trace(wg)), tr2 + float(np.sum(wg * wg.T))
        p = len(o.items)
        srmr += fg[g] * float(np.sqrt(np.sum(res.resid[g][nt:] ** 2) / (p * (p + 1) / 2)))
    base_df = sum(len(o.pairs) for o in osts)
    base_s, c_b, _ = _scaled_shifted(base, base_df, tr1, tr2)
    robust = dict.fromkeys(("cfi_robust", "tli_robust", "rmsea_robust"), np.nan)
    if not STEPS[res.model.level][0]:  # lavaan 0.6-14: NA once thresholds are constrained
        nts = [sum(len(t) for t in o.thresholds) for o in osts]
        implied = []
        for g in range(G):
            sig = _implied(res.model, g, res.par)[1].sigma.copy()
            np.fill_diagonal(sig, 1.0)
            implied.append(sig)
        robust = _wlsmv.robust_indices(
            [o.r for o in osts], implied, [w[g][nts[g]:] for g in range(G)],
            [o.nacov[nts[g]:, nts[g]:] for g, o in enumerate(osts)],
            [res.jac[g][nts[g]:] for g in range(G)], res.info_inv, list(n), df, base_df)
    return {
        **robust,
        "chi2": chi2, "df": df, "p_value": float(stats.chi2.sf(chi2, df)) if df > 0 else np.nan,
        "chi2_scaled": chi2_s, "df_scaled": df,
        "p_value_scaled": float(stats.chi2.sf(chi2_s, df)) if df > 0 else np.nan,
        "scaling_factor": c, "shift_parameter": shift,
        "cfi": _cfi(chi2, df, base, base_df), "tli": _tli(chi2, df, base, base_df),
        "rmsea": _rmsea(chi2, df, big_n, G),
        "cfi_scaled": _cfi(chi2_s, df, base_s, base_df),
        "tli_scaled": _tli(chi2_s, df, base_s, base_df),
        "rmsea_scaled": _rmsea(chi2_s, df, big_n, G),
        "srmr": srmr, "baseline_chi2": base, "baseline_df": base_df,
        "baseline_chi2_scaled": base_s, "baseline_scaling_factor": c_b,
        "n": big_n, "npar": q,
    }


def lrt_satorra2000(m1: OrdFit, m0: OrdFit, osts) -> tuple[float, int, float]:
    """Scaled-shifted difference test of nested ``m0`` (more constrained) against ``m1``.

    lavaan ``lavTestLRT(m1, m0)`` for WLSMV: ``A`` spans the restrictions, the orthogonal
    complement of ``H = Delta_1^+ Delta_0`` (both Jacobians at their own estimates);
    ``M = P^-1 A' (A P^-1 A')^-1 A P^-1`` with ``P`` the information of ``m1``;
    ``U = bdiag(W) Delta_1 M Delta_1' bdiag(W)`` against ``bdiag(N_g/N Gamma_g)``;
    ``T = a (T0 - T1) + b``, ``a = sqrt(m / tr((U Gamma)^2))``, ``b = m - a tr(U Gamma)``.
    Returns ``(T, m, p)``; with ``m = 0`` (equivalent models) ``T = T0 - T1`` and ``p`` NaN.
    """
    d_chi2 = m0.stats["chi2"] - m1.stats["chi2"]
    m = int(m0.stats["df"] - m1.stats["df"])
    if m <= 0:
        return d_chi2, m, np.nan
    n = np.array([o.n for o in osts], dtype=float)
    fg = n / n.sum()
    d1, d0 = np.vstack(m1.jac), np.vstack(m0.jac)
    h = np.linalg.pinv(d1) @ d0
    a = linalg.null_space(h.T).T
    pa = m1.info_inv @ a.T
    mid = pa @ np.linalg.pinv(a @ pa) @ pa.T
    w_all = np.concatenate([1.0 / np.diag(o.nacov) for o in osts])
    wd = d1 * w_all[:, None]
    u = wd @ mid @ wd.T
    gam = linalg.block_diag(*[fg[g] * o.nacov for g, o in enumerate(osts)])
    ug = u @ gam
    tr1, tr2 = float(np.trace(ug)), float(np.sum(ug * ug.T))
    scale = np.sqrt(m / tr2)
    t = d_chi2 * scale + m - scale * tr1
    return float(t), m, float(stats.chi2.sf(t, m))


# --------------------------------------------------------------------------------------------
# data, start values and the sequence of models


def group_statistics(frame, items: list[str], groups: np.ndarray, levels: list):
    """Per-group two-step statistics with the full NACOV; every category in every group."""
    from ...errors import DataError

    x_all = frame[items].to_numpy(dtype=float)
    bad = [it for j, it in enumerate(items) if np.any(x_all[:, j] != np.round(x_all[:, j]))]
    if bad:
        raise DataError(f"ordinal item(s) with non-integer answers: {', '.join(map(repr, bad))}")
    pooled = [np.unique(x_all[:, j]) for j in range(len(items))]
    few = [it for it, c in zip(items, pooled, strict=True) if len(c) < 3]
    if few:
        raise DataError(
            f"ordinal item(s) with fewer than 3 answer categories: {', '.join(map(repr, few))}; "
            "the Wu-Estabrook identification for binary items is not built", column=few[0])
    osts = []
    for lev in levels:
        x = x_all[groups == lev]
        if len(x) <= len(items):
            raise DataError(f"group {lev!r} has {len(x)} complete rows for {len(items)} items; "
                            "each group needs more rows than items")
        for j, it in enumerate(items):
            counts = [int(np.sum(x[:, j] == c)) for c in pooled[j]]
            if min(counts) == 0:
                empty = [f"{c:g}" for c, k in zip(pooled[j], counts, strict=True) if k == 0]
                raise DataError(
                    f"ordinal item {it!r} has no answer {', '.join(empty)} in group {lev!r} "
                    f"(answers {dict(zip([f'{c:g}' for c in pooled[j]], counts, strict=True))}); "
                    "every category must occur in every group (lavaan stops here too): merge "
                    "the rare category into its neighbour in all groups first", column=it)
        osts.append(_wlsmv.ordinal_statistics(x, items, full=True))
    return osts


def configural_start(model: OrdModel, osts, items, factors, covariances) -> np.ndarray:
    """Start values: each group's single-group DWLS fit, the sample thresholds, delta 1."""
    values = {}
    for g, ost in enumerate(osts):
        spec = _wlsmv.ordinal_spec(items, factors, ost, std_lv=True, covariances=covariances)
        one = _wlsmv.fit_wlsmv(spec, ost)
        values.update({f"{lab}@{g}": v for lab, v in zip(spec.labels, one.par, strict=True)})
        values.update({f"{it}|t{c + 1}@{g}": t for it, th in zip(items, ost.thresholds,
                                                                 strict=True)
                       for c, t in enumerate(th)})
    return warm_start(model, values)


def warm_start(model: OrdModel, values: dict[str, float]) -> np.ndarray:
    """Start values by label: the same label, else group 1's, else the fixed value it had."""
    out = np.zeros(len(model.labels))
    for i, lab in enumerate(model.labels):
        base = lab.rsplit("@", 1)[0]
        if lab in values:
            out[i] = values[lab]
        elif f"{lab}@0" in values:
            out[i] = values[f"{lab}@0"]
        elif "~*~" in base or (base.split("~~")[0] == base.split("~~")[-1] and "~~" in base):
            out[i] = 1.0  # scales and factor variances were fixed at 1
        else:
            out[i] = 0.0  # intercepts and latent means were fixed at 0
    return out


def fitted_values(res: OrdFit) -> dict[str, float]:
    return dict(zip(res.model.labels, res.par, strict=True))


# --------------------------------------------------------------------------------------------
# the invariance table

#: fit columns of the WLSMV invariance table
COLUMNS = ["chi2", "df", "p_value", "chi2_scaled", "df_scaled", "p_value_scaled",
           "scaling_factor", "shift_parameter", "cfi", "tli", "rmsea", "cfi_scaled",
           "tli_scaled", "rmsea_scaled", "cfi_robust", "tli_robust", "rmsea_robust", "srmr"]


def check_levels(levels) -> list[str]:
    from ...errors import DataError

    levels = list(levels)
    if "strict" in levels:
        raise DataError("strict invariance (residual variances equal) is not identified in the "
                        "delta parameterization used for ordinal items (semTools measEq.syntax "
                        "refuses it too); choose from " + ", ".join(map(repr, STEPS)))
    unknown = [lev for lev in levels if lev not in STEPS]
    if unknown or not levels:
        raise DataError(f"unknown invariance level(s) {unknown} for ordinal items; choose from "
                        f"{list(STEPS)}")
    order = [list(STEPS).index(lev) for lev in levels]
    if order != sorted(set(order)):
        raise DataError(f"levels must be distinct and in the order {list(STEPS)}, got {levels}")
    return levels


def delta_row(row: dict, prev: dict | None, level: str, criteria, lrt) -> dict:
    """Differences against the previous model; Chen's rule on the scaled CFI and RMSEA."""
    keys = ("delta_chi2", "delta_chi2_scaled", "delta_df", "delta_p", "delta_cfi",
            "delta_rmsea", "delta_srmr")
    if prev is None:
        row.update(dict.fromkeys(keys, np.nan), holds=None)
        return row
    t, m, p = lrt
    row.update(delta_chi2=row["chi2"] - prev["chi2"], delta_chi2_scaled=t, delta_df=m,
               delta_p=p, delta_cfi=row["cfi_scaled"] - prev["cfi_scaled"],
               delta_rmsea=row["rmsea_scaled"] - prev["rmsea_scaled"],
               delta_srmr=row["srmr"] - prev["srmr"])
    crit = criteria[level] if level in criteria else criteria["metric"]
    row["holds"] = bool(
        row["delta_cfi"] >= crit["cfi"]
        and (row["delta_rmsea"] <= crit["rmsea"] or row["delta_srmr"] <= crit["srmr"])
    )
    return row


def fit_sequence(frame, factors, items, groups, group_levels, levels, covariances=()):
    """Fit the steps in order: ``[(level, OrdFit, lrt against the previous or None)]``."""
    import warnings

    osts = group_statistics(frame, items, groups, group_levels)
    n_th = [len(t) for t in osts[0].thresholds]
    out, prev = [], None
    for level in levels:
        model = build_model(items, factors, n_th, len(osts), level, covariances)
        start = (configural_start(model, osts, items, factors, covariances) if prev is None
                 else warm_start(model, fitted_values(prev)))
        res = fit(model, osts, start)
        if not res.converged:
            warnings.warn(f"the {level} model did not converge", RuntimeWarning, stacklevel=5)
        out.append((level, res, None if prev is None else lrt_satorra2000(prev, res, osts)))
        prev = res
    return out


def problems(res: OrdFit, group_levels: list) -> list[dict]:
    """The improper parts of a multi-group ordinal solution (:func:`._sem.solution_problems`):
    residual variances ``1 / delta^2 - diag(Lambda Psi Lambda')`` (delta parameterization),
    latent variances and the latent covariance matrix, per group."""
    rows = []
    core = res.model.core
    for g, mats in enumerate(core.groups):
        _, imp, d = _implied(res.model, g, res.par)
        _, _, psi, theta, _, _ = _sem.matrices(mats, res.par)
        common = np.diag(imp.sigma) - np.diag(theta)
        theta = theta - np.diag(np.diag(theta)) + np.diag(1 / d**2 - common)
        rows += _sem.solution_problems(theta, psi, imp.cov_lv, core.items, core.latents,
                                       group_levels[g])
    return rows


def invariance_table(frame, factors, items, groups, group_levels, levels, criteria,
                     covariances=()):
    """One row per model (see ``measurement_invariance``), ``improper`` and ``problems`` last."""
    import pandas as pd

    from ._common import warn_improper

    rows, prev_row = [], None
    for level, res, lrt in fit_sequence(frame, factors, items, groups, group_levels, levels,
                                        covariances):
        found = _sem.problem_messages(problems(res, group_levels))
        warn_improper(found, f"the {level} model", stacklevel=5)
        row = {"model": level, **{c: res.stats[c] for c in COLUMNS}}
        rows.append({**delta_row(row, prev_row, level, criteria, lrt),
                     "improper": bool(found), "problems": "; ".join(found)})
        prev_row = row
    out = pd.DataFrame(rows)
    out["holds"] = out["holds"].astype("boolean")
    return out
