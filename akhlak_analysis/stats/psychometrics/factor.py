"""Sampling adequacy (KMO, Bartlett), parallel analysis, EFA, omega hierarchical, HTMT."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ...errors import DataError
from ._common import (
    COV_MISSING,
    DEFAULT_MISSING,
    check_option,
    item_correlation,
    item_covariance,
    item_frame,
    validate_inputs,
    warn_improper,
)

__all__ = [
    "BartlettResult",
    "principal_axis_start",
    "EFAResult",
    "KMOResult",
    "OmegaResult",
    "ParallelAnalysisResult",
    "bartlett",
    "efa",
    "htmt",
    "kmo",
    "minres_one_factor",
    "omega_hierarchical",
    "parallel_analysis",
]


# --------------------------------------------------------------------------------------------
# convergent and discriminant validity


def htmt(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    *,
    version: int = 2,
    missing: str = DEFAULT_MISSING,
) -> pd.DataFrame:
    """Heterotrait-monotrait ratio of correlations between every pair of factors.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns (missing answers as NaN).
    factors : dict of str to list of str
        Factor name -> item columns (at least 2 items each).
    version : {1, 2}
        1: Henseler, Ringle & Sarstedt (2015), arithmetic means of the correlations;
        2: HTMT2 of Roemer, Schuberth & Henseler (2021), geometric means.
    missing : {"ml", "listwise", "pairwise"}
        How missing answers enter the correlation matrix: ``"ml"`` (default, EM estimate
        from every respondent with an answer), ``"listwise"`` (complete rows) or
        ``"pairwise"`` (each correlation from the rows answering both items, psych's default).

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
    check_option(missing, COV_MISSING, "missing")
    factors, items, frame = validate_inputs(data, factors, complete=missing == "listwise")
    r = np.abs(item_correlation(frame, missing, item_covariance(frame, missing)[0]))
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


# --------------------------------------------------------------------------------------------
# sampling adequacy and exploratory structure



@dataclass
class KMOResult:
    """Kaiser-Meyer-Olkin measure of sampling adequacy (see :func:`kmo`)."""

    overall: float
    msa: pd.Series
    n: int


def kmo(data: pd.DataFrame, *, missing: str = DEFAULT_MISSING) -> KMOResult:
    """Kaiser-Meyer-Olkin measure of sampling adequacy, per item and overall.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only (missing answers as NaN).
    missing : {"ml", "listwise", "pairwise"}
        How missing answers enter the correlation matrix: ``"ml"`` (default, EM estimate
        from every respondent with an answer), ``"listwise"`` (complete rows) or
        ``"pairwise"`` (each correlation from the rows answering both items, psych's default).

    Returns
    -------
    KMOResult
        ``overall`` (KMO of all items), ``msa`` (Series named ``msa``, one entry per item:
        the item's measure of sampling adequacy), ``n`` (rows the correlations rest on).

    Notes
    -----
    With ``r`` the correlations and ``a_ij = -R^-1_ij / sqrt(R^-1_ii R^-1_jj)`` the partial
    correlations, ``MSA_i = sum_j r_ij^2 / (sum_j r_ij^2 + sum_j a_ij^2)`` over ``j != i``;
    the overall value sums over all ``i != j``. Kaiser (1974); psych ``KMO`` (``$MSA``,
    ``$MSAi``). ``.70`` or more is "middling" or better.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> res = kmo(hs[[f"x{i}" for i in range(1, 10)]])
    >>> round(res.overall, 4), round(float(res.msa["x7"]), 4), res.n
    (0.7522, 0.593, 301)
    """
    items, r, n = item_frame(data, missing)
    r = r.copy()
    inv = np.linalg.pinv(r)
    d = np.sqrt(np.diag(inv))
    a = -inv / np.outer(d, d)
    np.fill_diagonal(r, 0.0)
    np.fill_diagonal(a, 0.0)
    r2, a2 = (r**2).sum(axis=0), (a**2).sum(axis=0)
    per = r2 / (r2 + a2)
    overall = r2.sum() / (r2.sum() + a2.sum())
    return KMOResult(float(overall), pd.Series(per, index=items, name="msa"), int(n))


@dataclass
class BartlettResult:
    """Bartlett's test of sphericity (see :func:`bartlett`)."""

    chi2: float
    df: int
    p_value: float
    n: int


def bartlett(data: pd.DataFrame, *, missing: str = DEFAULT_MISSING) -> BartlettResult:
    """Bartlett's test that the item correlation matrix is an identity matrix.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only (missing answers as NaN).
    missing : {"ml", "listwise", "pairwise"}
        How missing answers enter the correlation matrix: ``"ml"`` (default, EM estimate
        from every respondent with an answer), ``"listwise"`` (complete rows) or
        ``"pairwise"`` (each correlation from the rows answering both items, psych's default).

    Returns
    -------
    BartlettResult
        ``chi2``, ``df`` (= p(p-1)/2), ``p_value``, ``n`` (complete rows when listwise, all
        rows when pairwise as psych counts them, rows with an answer for ``"ml"``).

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
    items, r, n = item_frame(data, missing)
    p = len(items)
    logdet = np.linalg.slogdet(r)[1]
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
    missing: str = DEFAULT_MISSING,
) -> ParallelAnalysisResult:
    """Horn's parallel analysis with principal-component and factor eigenvalues.

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only (missing answers as NaN).
    n_iter : int
        Number of simulated normal data sets of the same size.
    seed : int, optional
        Seed of the random generator (for reproducible output).
    quantile : float
        Quantile of the simulated eigenvalues the observed ones must exceed.
    missing : {"ml", "listwise", "pairwise"}
        How missing answers enter the correlation matrix: ``"ml"`` (default, EM estimate
        from every respondent with an answer), ``"listwise"`` (complete rows) or
        ``"pairwise"`` (each correlation from the rows answering both items, psych's default).

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
    items, r, n = item_frame(data, missing)
    p = len(items)
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
    missing: str = DEFAULT_MISSING,
) -> EFAResult:
    """Exploratory factor analysis with statsmodels, rotated (oblimin by default).

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only (missing answers as NaN).
    n_factors : int
        Number of factors.
    rotation : str or None
        Any rotation of ``statsmodels`` ``FactorResults.rotate`` ("oblimin", "promax",
        "varimax", ...), or None.
    method : {"ml", "pa"}
        Maximum likelihood, or principal axis iterated to convergence (then the same
        solution as psych's default ``fm = "minres"``).
    missing : {"ml", "listwise", "pairwise"}
        How missing answers enter the correlation matrix: ``"ml"`` (default, EM estimate
        from every respondent with an answer), ``"listwise"`` (complete rows) or
        ``"pairwise"`` (each correlation from the rows answering both items, psych's default).

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
    ``L Phi L' = A A'`` for the rotated ``L`` and unrotated ``A`` loadings. The ML fit starts
    from one principal-axis step (:func:`principal_axis_start`), not from statsmodels' random
    start, so the same data give the same bytes in every run.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> res = efa(hs[[f"x{i}" for i in range(1, 10)]], 3)
    >>> res.loadings.abs().idxmax(axis=1).tolist()
    ['f2', 'f2', 'f2', 'f1', 'f1', 'f1', 'f3', 'f3', 'f3']
    """
    items, r, n = item_frame(data, missing)
    if not 1 <= int(n_factors) < len(items):
        raise DataError(f"n_factors must be between 1 and {len(items) - 1}, got {n_factors!r}")
    if method not in ("ml", "pa"):
        raise DataError(f"method must be 'ml' or 'pa', got {method!r}")
    lam, phi, uniqueness = _efa_fit(r, n, int(n_factors), rotation, method)
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
    r: np.ndarray, n: int, n_factors: int, rotation: str | None, method: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """statsmodels EFA, rotated; factors reflected to positive sums and sorted by SS loadings."""
    from statsmodels.multivariate.factor import Factor

    model = Factor(corr=r, nobs=n, n_factor=n_factors, method=method, smc=True)
    res = model.fit(maxiter=5000, tol=1e-12) if method == "pa" else \
        model.fit(start=principal_axis_start(r, n_factors))
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


def principal_axis_start(r: np.ndarray, n_factors: int) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic start values of the ML EFA: one principal-axis step.

    statsmodels draws the ML start values from fresh operating-system entropy unless given
    some, so the same data gave loadings that differed in the sixth decimal from run to run
    (and flags near a cut-off flipped). The loadings here are the leading eigenvectors of
    ``r`` with squared multiple correlations on the diagonal, scaled by the root of their
    eigenvalues; the uniquenesses ``1 - h2`` are kept within [0.05, 1].

    Examples
    --------
    >>> r = np.array([[1.0, 0.5, 0.4], [0.5, 1.0, 0.3], [0.4, 0.3, 1.0]])
    >>> load, uniq = principal_axis_start(r, 1)
    >>> load.shape, bool(np.all((uniq >= 0.05) & (uniq <= 1)))
    ((3, 1), True)
    """
    reduced = r.copy()
    np.fill_diagonal(reduced, 1 - 1 / np.diag(np.linalg.pinv(r)))
    w, v = np.linalg.eigh(reduced)
    w, v = w[::-1][:n_factors], v[:, ::-1][:, :n_factors]
    v = v * np.where(v.sum(axis=0) < 0, -1.0, 1.0)  # a fixed sign: the same start everywhere
    load = v * np.sqrt(np.maximum(w, 1e-6))
    return load, np.clip(1 - (load**2).sum(axis=1), 0.05, 1.0)


@dataclass
class OmegaResult:
    """McDonald's omega from a Schmid-Leiman solution (see :func:`omega_hierarchical`)."""

    alpha: float
    omega_h: float
    omega_total: float
    loadings: pd.DataFrame
    general_loadings: pd.Series | None = None
    warnings: tuple[str, ...] = ()

    @property
    def improper(self) -> bool:
        """An ultra-Heywood case: a general-factor loading of a group factor of 1 or more."""
        return len(self.warnings) > 0


def omega_hierarchical(
    data: pd.DataFrame,
    n_factors: int = 3,
    *,
    rotation: str = "oblimin",
    missing: str = DEFAULT_MISSING,
) -> OmegaResult:
    """Omega hierarchical and omega total from a Schmid-Leiman transformation (psych ``omega``).

    Parameters
    ----------
    data : DataFrame
        Numeric item columns only (missing answers as NaN).
    n_factors : int
        Number of group factors (at least 2; psych's default is 3).
    rotation : str
        Oblique rotation of the group factors ("oblimin" or "promax").
    missing : {"ml", "listwise", "pairwise"}
        How missing answers enter the correlation matrix: ``"ml"`` (default, EM estimate
        from every respondent with an answer), ``"listwise"`` (complete rows) or
        ``"pairwise"`` (each correlation from the rows answering both items, psych's default).

    Returns
    -------
    OmegaResult
        ``alpha`` (standardized alpha of all items), ``omega_h`` (share of the total-score
        variance due to the general factor), ``omega_total`` (due to all common factors),
        ``loadings`` (DataFrame by item: ``g``, ``f1`` ... ``fk``, ``h2``, ``u2``),
        ``general_loadings`` (Series by group factor: its loading on the general factor, psych
        ``$schmid$gloading``), ``warnings`` (psych's "ultra-Heywood" warning when a general
        loading is 1 or more, else empty) and ``improper`` (whether there is one).

    Notes
    -----
    As psych ``omega(x, nfactors, fm = "minres", rotate = "oblimin")``: an EFA by iterated
    principal axis (at convergence the minres solution) on the correlation matrix ``R``,
    oblique rotation ``L, Phi``; one minres factor fitted to ``Phi`` gives ``g`` (with two
    factors ``g = sqrt(phi_12)`` for both, psych's ``option = "equal"``). The general loadings
    are ``L g``, the group loadings ``L diag(sqrt(max(1 - g^2, 0)))``;
    ``omega_h = (sum L g)^2 / 1'R1`` and ``omega_total = (1'R1 - sum u2) / 1'R1`` with
    ``u2 = 1 - h2`` and ``h2`` the communalities of the EFA (McDonald 1999; Zinbarg et al.
    2005). The one-factor fit to ``Phi`` is psych's minres: uniquenesses in
    ``[0.005, max(smc, 1)]`` by L-BFGS-B from ``1 - smc`` with psych's settings
    (``parscale = 0.01``, ``factr = 1e7``, 5 corrections), loadings from the leading
    eigenvector of ``Phi - diag(psi)``. When ``Phi`` has no proper one-factor solution a
    uniqueness stops at 0.005 and a general loading exceeds 1 (an *ultra-Heywood case*): the
    value is kept as estimated, as psych keeps it, and psych's warning is given (an
    :class:`ImproperSolutionWarning` and ``warnings``), never clipped silently. Items are not
    reversed (psych's ``flip``), so reverse-keyed items should be recoded first.

    Examples
    --------
    >>> from semopy.examples import holzinger39
    >>> hs = holzinger39.get_data()
    >>> res = omega_hierarchical(hs[[f"x{i}" for i in range(1, 10)]], 3)
    >>> round(res.alpha, 4), round(res.omega_h, 4), round(res.omega_total, 4), res.improper
    (0.7604, 0.4492, 0.8508, False)
    """
    items, r, n = item_frame(data, missing)
    k = int(n_factors)
    if not 2 <= k < len(items):
        raise DataError(f"n_factors must be between 2 and {len(items) - 1}, got {n_factors!r}")
    lam, phi, uniqueness = _efa_fit(r, n, k, rotation, "pa")
    g = np.full(2, np.sqrt(abs(phi[0, 1]))) if k == 2 else minres_one_factor(phi)
    found = []
    if np.max(np.abs(g)) >= 1 or np.max(1 - uniqueness) > 1:
        found = ["An ultra-Heywood case was detected (a general-factor loading of "
                 f"{float(np.max(np.abs(g))):.3f}); examine the results carefully"]
        warn_improper(found, "the Schmid-Leiman step")
    general = lam @ g
    group = lam * np.sqrt(np.clip(1 - g**2, 0, None))
    h2 = 1 - uniqueness
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
        general_loadings=pd.Series(g, index=names, name="g"),
        warnings=tuple(found),
    )


def minres_one_factor(r: np.ndarray) -> np.ndarray:
    """One-factor minres loadings of a correlation matrix, as psych ``fa(r, fm = "minres")``.

    Minimises the squared off-diagonal residuals over the uniquenesses ``psi`` within
    ``[0.005, max(smc, 1)]`` by L-BFGS-B with psych's settings (start ``1 - smc``, parameters
    scaled by 0.01, ``factr = 1e7``, 5 corrections); the loadings are the leading
    eigenvector of ``r - diag(psi)`` times the root of its eigenvalue, reflected to a
    positive sum. A loading above 1 (an ultra-Heywood case) is returned as estimated.

    Examples
    --------
    >>> r = np.array([[1.0, 0.48, 0.40], [0.48, 1.0, 0.30], [0.40, 0.30, 1.0]])
    >>> minres_one_factor(r).round(3)  # psych's tolerance: about 1e-5 here
    array([0.8, 0.6, 0.5])
    """
    from scipy import optimize

    smc = 1 - 1 / np.diag(np.linalg.pinv(r))
    tri = np.tril_indices(len(r), -1)
    scale = 0.01  # psych: control = list(parscale = rep(0.01, p))

    def loadings(psi: np.ndarray) -> np.ndarray:
        w, v = np.linalg.eigh(r - np.diag(psi))
        return v[:, -1] * np.sqrt(max(w[-1], 0.0))

    def objective(z: np.ndarray) -> tuple[float, np.ndarray]:
        psi = z * scale
        lam = loadings(psi)
        resid = r - np.outer(lam, lam)
        grad = np.diag(np.outer(lam, lam) + np.diag(psi) - r)  # psych's FAgr.minres
        return float(np.sum(resid[tri] ** 2)), grad * scale

    upper = max(float(smc.max()), 1.0)
    res = optimize.minimize(objective, (np.diag(r) - smc) / scale, jac=True, method="L-BFGS-B",
                            bounds=[(0.005 / scale, upper / scale)] * len(r),
                            options={"ftol": 1e7 * np.finfo(float).eps, "gtol": 0.0,
                                     "maxcor": 5, "maxiter": 100})
    lam = loadings(res.x * scale)
    return lam * (np.sign(lam.sum()) or 1.0)
