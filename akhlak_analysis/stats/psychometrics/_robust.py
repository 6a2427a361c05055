"""Robust ML (MLR): sandwich standard errors, Yuan-Bentler scaled test, robust fit indices.

Private helper of :mod:`.cfa` and :mod:`.invariance` (not public API). Conventions are
lavaan 0.6's ``estimator = "MLR"`` (``se = "robust.huber.white"``,
``test = "yuan.bentler.mplus"``, ``information = "observed"``):

- ``E``: observed information of the model per respondent (the Hessian of ``F`` halved),
  ``B0 = sum_g N_g/N (1/N_g) sum_i s_i s_i'`` with ``s_i`` the casewise scores of the
  log-likelihood at the estimates (model-implied moments); ``vcov = E^-1 B0 E^-1 / N``.
- Scaling factor ``c = (sum_g tr(A1_g^-1 B1_g) - sum_g N_g/N tr(E^-1 B0_g)) / df`` with
  ``A1_g`` the observed information and ``B1_g`` the first-order (cross-product)
  information of the unrestricted model at the saturated moments, both in the
  ``(mu, vech Sigma)`` space (``mu`` only with a mean structure); lavaan
  ``lav_test_yuan_bentler_mplus_trace``.
- Fit indices: ``chi2_scaled = chi2 / c``; scaled CFI/TLI from the scaled statistics of the
  model and of the independence baseline; ``rmsea_scaled`` with ``df c`` degrees of
  freedom; robust CFI/TLI/RMSEA of Brosseau-Liard & Savalei (2014) and Brosseau-Liard,
  Savalei & Li (2012): ``cfi_robust = 1 - max(chi2 - c df, 0) / max(chi2 - c df,
  chi2_B - c_B df_B, 0)``, ``rmsea_robust = sqrt(max(chi2 / (N df) - c / N, 0)) sqrt(G)``;
  with missing answers the FIML-corrected versions of Zhang & Savalei (lavaan
  ``lav_fit_fiml_corrected``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from . import _fiml, _sem


class Duplication:
    """Duplication matrix ``D`` (p^2 x p(p+1)/2, ``vec(S) = D vech(S)``, lower triangle by
    columns as lavaan's ``vech``), applied by indexing instead of multiplying.

    ``x @ D`` and ``D' A D`` add the columns (and rows) of the two symmetric entries.
    """

    def __init__(self, p: int) -> None:
        pairs = [(i, j) for j in range(p) for i in range(j, p)]
        self.first = np.array([i * p + j for i, j in pairs])
        self.second = np.array([j * p + i for i, j in pairs])
        self.off = np.array([i != j for i, j in pairs])

    def right(self, x: np.ndarray) -> np.ndarray:
        """``x @ D``."""
        out = x[..., self.first].copy()
        out[..., self.off] += x[..., self.second[self.off]]
        return out

    def sandwich(self, a: np.ndarray) -> np.ndarray:
        """``D' a D``."""
        half = self.right(a)
        return self.right(half.T).T


def _group_patterns(mom: _sem.GroupMoments) -> _fiml.Patterns:
    if mom.patterns is not None:
        return mom.patterns
    if mom.data is None:  # pragma: no cover - callers keep the rows for MLR
        raise ValueError("MLR needs the data rows of every group")
    pat = _fiml.patterns(mom.data)
    pat.em_mean, pat.em_cov = mom.mean, mom.cov
    return pat


def _theta_crossproduct(spec: _sem.ModelSpec, fit: _sem.MLFit, g: int) -> np.ndarray:
    """``sum_i s_i s_i'`` (q x q) of group g's casewise scores at the estimates, accumulated
    block by block (:func:`._fiml.casewise_score_chunks`: one pass, bounded memory)."""
    mats, imp, mom = spec.groups[g], fit.implied[g], fit.moments[g]
    pat = _group_patterns(mom)
    mu = imp.mu if spec.meanstructure else mom.mean
    ds, dm = _sem.jacobian(mats, imp)
    rows, cols = _fiml.vech_index(len(spec.items))
    ds = ds[:, rows, cols].T
    idx = mats.param_idx
    out = np.zeros((len(fit.par), len(fit.par)))
    for g_sig, g_mu in _fiml.casewise_score_chunks(imp.sigma, mu, pat):
        s = g_sig @ ds
        if spec.meanstructure:
            s += g_mu @ dm.T
        out[np.ix_(idx, idx)] += s.T @ s
    return out


def _trace_h1(mom: _sem.GroupMoments, meanstructure: bool, dup: np.ndarray) -> float:
    """``tr(A1^-1 B1)`` of the unrestricted model at the saturated moments (vech space)."""
    pat = _group_patterns(mom)
    a_ss, a_ms, a_mm = _fiml.observed_information_h1(pat.em_cov, pat.em_mean, pat)
    a = dup.sandwich(a_ss)
    if meanstructure:
        cross = dup.right(a_ms)
        a = np.block([[a_mm, cross], [cross.T, a]])
    b = _vech_crossproduct(pat, meanstructure) / pat.n
    return float(np.trace(np.linalg.solve(a, b)))


def _vech_crossproduct(pat: _fiml.Patterns, meanstructure: bool) -> np.ndarray:
    """``sum_i s_i s_i'`` of the unrestricted model's casewise scores at the saturated
    moments in the ``(mu, vech Sigma)`` space, accumulated block by block."""
    out = None
    for sc, g_mu in _fiml.casewise_score_chunks(pat.em_cov, pat.em_mean, pat):
        if meanstructure:
            sc = np.hstack([g_mu, sc])
        out = sc.T @ sc if out is None else out + sc.T @ sc
    return out


@dataclass
class Robust:
    """Sandwich covariance matrix and the Yuan-Bentler trace of one fitted model."""

    vcov: np.ndarray
    trace_ugamma: float
    scaling_factor: float


def robust(fit: _sem.MLFit, *, trace_h1: float | None = None) -> Robust:
    """Sandwich vcov and Yuan-Bentler (Mplus variant) trace of an ML fit (observed info)."""
    spec, moments = fit.spec, fit.moments
    n_tot = sum(m.n for m in moments)
    e = fit.info_observed
    if e is None:
        e = 0.5 * _sem.hessian(spec, fit.par, moments)
        fit.info_observed = e
    e_inv = np.linalg.inv(e)
    q = len(fit.par)
    b0 = np.zeros((q, q))
    trace_h0 = 0.0
    for g, mom in enumerate(moments):
        b0_g = _theta_crossproduct(spec, fit, g) / mom.n
        fg = mom.n / n_tot
        b0 += fg * b0_g
        trace_h0 += fg * float(np.sum(b0_g * e_inv.T))
    if trace_h1 is None:
        dup = Duplication(len(spec.items))
        trace_h1 = sum(_trace_h1(m, spec.meanstructure, dup) for m in moments)
    vcov = e_inv @ b0 @ e_inv / n_tot
    st_df = _df(spec, len(moments))
    ug = trace_h1 - trace_h0
    return Robust(vcov, ug, ug / st_df if st_df > 0 else np.nan)


def _df(spec: _sem.ModelSpec, n_groups: int) -> int:
    p = len(spec.items)
    per_group = p * (p + 1) // 2 + (p if spec.meanstructure else 0)
    return n_groups * per_group - len(spec.labels)


def trace_h1(moments: list[_sem.GroupMoments], meanstructure: bool) -> float:
    """Sum over groups of the unrestricted-model trace (shared by a model and its baseline)."""
    dup = Duplication(len(moments[0].mean))
    return sum(_trace_h1(m, meanstructure, dup) for m in moments)


def scaled_statistics(st: dict, c: float, c_base: float, n_groups: int) -> dict[str, float]:
    """Scaled and robust fit indices from the ML statistics and the two scaling factors."""
    chi2, df, n = st["chi2"], st["df"], st["n"]
    base, base_df = st["baseline_chi2"], st["baseline_df"]
    g = np.sqrt(n_groups)
    chi2_s, base_s = chi2 / c, base / c_base
    out = {
        "chi2_scaled": chi2_s,
        "df_scaled": df,
        "p_value_scaled": float(stats.chi2.sf(chi2_s, df)) if df > 0 else np.nan,
        "scaling_factor": c,
        "baseline_chi2_scaled": base_s,
        "baseline_scaling_factor": c_base,
        "cfi_scaled": _cfi(chi2_s, df, base_s, base_df),
        "tli_scaled": _tli(chi2_s, df, base_s, base_df),
        "rmsea_scaled": np.sqrt(max(chi2 / (n * c * df) - 1 / n, 0.0)) * g if df > 0 else 0.0,
    }
    lo, hi = _sem.rmsea_ci(chi2, df * c, n, n_groups)
    out.update(rmsea_ci_low_scaled=lo, rmsea_ci_high_scaled=hi)
    return out


def robust_indices(
    chi2: float, df: int, base: float, base_df: int, c: float, c_base: float, n: int,
    n_groups: int, chi2_for_ci: float | None = None,
) -> dict[str, float]:
    """Brosseau-Liard & Savalei robust CFI/TLI/RMSEA (lavaan ``cfi.robust`` etc.)."""
    t1 = max(chi2 - c * df, 0.0)
    t2 = max(chi2 - c * df, base - c_base * base_df, 0.0)
    cfi = 1.0 if np.isclose(t1, 0) and np.isclose(t2, 0) else 1.0 - t1 / t2
    u1 = (chi2 - c * df) * base_df
    u2 = (base - c_base * base_df) * df
    tli = 1.0 - u1 / u2 if df > 0 and abs(u2) > 0 else 1.0
    rmsea = np.sqrt(max(chi2 / (n * df) - c / n, 0.0)) * np.sqrt(n_groups) if df > 0 else 0.0
    x2 = chi2 / c if chi2_for_ci is None else chi2_for_ci
    lo, hi = _sem.rmsea_ci(x2, df, n, n_groups, c_hat=c)
    return {
        "cfi_robust": cfi,
        "tli_robust": tli,
        "rmsea_robust": rmsea,
        "rmsea_ci_low_robust": lo,
        "rmsea_ci_high_robust": hi,
    }


def _cfi(chi2: float, df: float, base: float, base_df: float) -> float:
    t1 = max(chi2 - df, 0.0)
    t2 = max(chi2 - df, base - base_df, 0.0)
    return 1.0 if t2 == 0 else 1.0 - t1 / t2


def _tli(chi2: float, df: float, base: float, base_df: float) -> float:
    t2 = (base - base_df) * df
    return 1.0 - (chi2 - df) * base_df / t2 if df > 0 and t2 != 0 else 1.0


def _baseline(fit: _sem.MLFit, cache: dict, information: str) -> _sem.MLFit:
    if "base" not in cache:
        spec, moments = fit.spec, fit.moments
        base_spec = _sem.build_baseline_spec(spec.items, moments,
                                             meanstructure=spec.meanstructure)
        cache["base"] = _sem.fit_ml(base_spec, moments, start=base_spec.start,
                                    information=information)
    return cache["base"]


def apply_mlr(fit: _sem.MLFit, cache: dict | None = None) -> None:
    """Turn an ML fit into MLR in place: sandwich ``vcov`` and the scaled / robust indices.

    The indices are stored in ``fit.extra_stats`` (merged by ``_sem.fit_statistics``).
    ``cache`` keeps what depends on the data only (the unrestricted model's trace, the
    baseline model) between models fitted to the same data (invariance levels).
    """
    cache = {} if cache is None else cache
    spec, moments = fit.spec, fit.moments
    if "trace_h1" not in cache:
        if moments[0].patterns is not None:
            if "fiml_w" not in cache:
                cache["fiml_w"] = _fiml_information(moments)
            cache["trace_h1"] = cache["fiml_w"][4]
        else:
            cache["trace_h1"] = trace_h1(moments, spec.meanstructure)
    th1 = cache["trace_h1"]
    r = robust(fit, trace_h1=th1)
    base = _baseline(fit, cache, "observed")
    if "rb" not in cache:
        cache["rb"] = robust(base, trace_h1=th1)
    rb = cache["rb"]
    fit.vcov = r.vcov
    fit.extra_stats = {}
    st = _sem.fit_statistics(fit)
    n_groups = len(moments)
    out = scaled_statistics(st, r.scaling_factor, rb.scaling_factor, n_groups)
    if moments[0].patterns is None:
        out.update(robust_indices(st["chi2"], st["df"], st["baseline_chi2"], st["baseline_df"],
                                  r.scaling_factor, rb.scaling_factor, st["n"], n_groups))
    else:
        out.update(fiml_corrected(fit, base, scaled=True, cache=cache))
    fit.extra_stats = out


def _delta(fit: _sem.MLFit, g: int, vech: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Jacobian of (mu, vech Sigma) of group g with respect to all parameters."""
    mats, imp = fit.spec.groups[g], fit.implied[g]
    ds, dm = _sem.jacobian(mats, imp)
    rows = np.hstack([dm, ds[:, vech[0], vech[1]]]).T
    out = np.zeros((rows.shape[0], len(fit.par)))
    out[:, mats.param_idx] = rows
    return out


def _tilde_chi2(fit: _sem.MLFit) -> float:
    """ML chi-square of the FIML estimates against the EM moments taken as complete data."""
    total = 0.0
    for imp, mom in zip(fit.implied, fit.moments, strict=True):
        s, p = mom.cov, len(mom.mean)
        sinv = np.linalg.inv(imp.sigma)
        d = mom.mean - imp.mu
        f = (np.linalg.slogdet(imp.sigma)[1] + np.trace(s @ sinv) - np.linalg.slogdet(s)[1] - p
             + d @ sinv @ d)
        total += mom.n * f
    return float(total)


def fiml_corrected(
    fit: _sem.MLFit, base: _sem.MLFit, *, scaled: bool, cache: dict | None = None
) -> dict[str, float]:
    """Robust CFI/TLI/RMSEA with missing answers, lavaan ``lav_fit_fiml_corrected``.

    ``scaled`` (MLR) uses version V3 of Zhang & Savalei, otherwise V6. With ``Wm`` and ``Jm``
    the observed and first-order information of the unrestricted model at the EM moments,
    ``Wc`` the complete-data information at the EM moments and
    ``U = Wm - Wm Delta (Delta' Wm Delta)^-1 Delta' Wm`` (groups weighted by N_g/N):
    ``k = tr(U Wm^-1 Wc Wm^-1 U Gamma)`` with ``Gamma = Wm^-1 Jm Wm^-1`` (V3) or
    ``k = tr(Wc Wm^-1 U Wm^-1)`` (V6); ``c = k / df``, and the test statistic is the ML
    chi-square of the estimates against the EM moments.
    """
    cache = {} if cache is None else cache
    moments = fit.moments
    p = len(fit.spec.items)
    n_tot = sum(m.n for m in moments)
    vech = (np.array([i for j in range(p) for i in range(j, p)]),
            np.array([j for j in range(p) for i in range(j, p)]))
    if "fiml_w" not in cache:
        cache["fiml_w"] = _fiml_information(moments)
    wm_all, wmi_all, wc_all, gam_all, _ = cache["fiml_w"]

    def k_value(model: _sem.MLFit) -> float:
        delta = np.vstack([_delta(model, g, vech) for g in range(len(moments))])
        e_inv = np.linalg.inv(delta.T @ wm_all @ delta)
        u = wm_all - wm_all @ delta @ e_inv @ delta.T @ wm_all
        if scaled:
            return float(np.trace(u @ wmi_all @ wc_all @ wmi_all @ u @ gam_all))
        return float(np.trace(wc_all @ wmi_all @ u @ wmi_all))

    st_df = _df(fit.spec, len(moments))
    base_df = _df(base.spec, len(moments))
    xx3, xx3_null = _tilde_chi2(fit), _tilde_chi2(base)
    key = f"fiml_c_null_{scaled}"
    if key not in cache:
        cache[key] = k_value(base) / base_df
    c3, c3_null = k_value(fit) / st_df, cache[key]
    return robust_indices(xx3, st_df, xx3_null, base_df, c3, c3_null, n_tot, len(moments),
                          chi2_for_ci=xx3 / c3)


def _fiml_information(moments: list[_sem.GroupMoments]) -> tuple[np.ndarray, ...]:
    """Block-diagonal ``Wm``, ``Wm^-1``, ``Wc``, ``Gamma`` over groups (N_g/N-weighted), and
    ``sum_g tr(Wm_g^-1 Jm_g)`` (the unrestricted model's Yuan-Bentler trace)."""
    p = len(moments[0].mean)
    n_tot = sum(m.n for m in moments)
    dup = Duplication(p)
    wm, wmi, wc, gam = [], [], [], []
    th1 = 0.0
    for mom in moments:
        pat = mom.patterns
        fg = mom.n / n_tot
        a_ss, a_ms, a_mm = _fiml.observed_information_h1(pat.em_cov, pat.em_mean, pat)
        cross = dup.right(a_ms)
        w = np.block([[a_mm, cross], [cross.T, dup.sandwich(a_ss)]])
        jm = _vech_crossproduct(pat, True) / pat.n
        sinv = np.linalg.inv(pat.em_cov)
        k = len(dup.first)
        c = np.block([[sinv, np.zeros((p, k))],
                      [np.zeros((k, p)), 0.5 * dup.sandwich(np.kron(sinv, sinv))]])
        w_inv = np.linalg.inv(w)
        wm.append(fg * w)
        wmi.append(w_inv / fg)
        wc.append(fg * c)
        gam.append(w_inv @ jm @ w_inv / fg)
        th1 += float(np.sum(w_inv * jm.T))
    from scipy.linalg import block_diag

    return (*(block_diag(*x) for x in (wm, wmi, wc, gam)), th1)


def apply_fiml_robust(fit: _sem.MLFit, cache: dict | None = None) -> None:
    """ML with missing answers: add lavaan's robust CFI/TLI/RMSEA (FIML-corrected, V6)."""
    cache = {} if cache is None else cache
    base = _baseline(fit, cache, "expected")
    fit.extra_stats = fiml_corrected(fit, base, scaled=False, cache=cache)
