"""Survey estimation: the one home of the FPC, the weighting rule, the designs and domains.

Every interval of the index (units, OPD types, the province, demographic groups, sub-units)
is computed here, by Taylor linearisation of the headcount-weighted (Hájek) mean, exactly as
R's ``survey`` package does it (``svymean`` / ``svyby``).

The designs
-----------
``design="stratified"`` (the default)
    A provincial survey invites every OPD; each OPD is observed, and within it the
    respondents are those who answered. The OPDs are therefore **strata**, each with its
    headcount ``N_h`` as finite-population correction and the weight ``N_h / n_h`` for each of
    its ``n_h`` respondents: R's ``svydesign(ids = ~1, strata = ~opd, fpc = ~N,
    weights = ~N/n)``.
``design="cluster"``
    For data where institutions were *sampled* (a national sample of OPDs or agencies): the
    OPDs are primary sampling units, R's ``svydesign(ids = ~opd, weights = ~N/n)``; with
    ``population_units`` (the number of units in the population, ``J_pop``) a first-stage FPC
    and the second stage within each unit with its headcount:
    ``svydesign(ids = ~opd + id, fpc = ~J_pop + N)``.

Formulas
--------
With ``w_i`` the weight, ``W_d = sum w_i`` over the respondents of domain ``d`` and
``z_i = w_i (y_i - ybar_d) / W_d`` inside the domain (0 outside):

* stratified: ``V = sum_h (1 - f_h) n_h / (n_h - 1) sum_{i in h} (z_i - zbar_h)^2`` with
  ``f_h = n_h / N_h`` (so a single stratum gives ``(1 - n/N) s^2 / n``);
* cluster: ``V = (1 - f_1) J / (J - 1) sum_j (Z_j - Zbar)^2 + f_1 V_strat`` with the unit
  totals ``Z_j = sum_{i in j} z_i`` and ``f_1 = J / J_pop`` (0 without ``population_units``);
  ``V_strat``, the stratified variance above, is the second stage (R's
  ``survey:::multistage``), counted when every unit's headcount is known (else one stage).

Degrees of freedom are those of R's ``degf`` on the domain's subset: respondents minus
strata touched (stratified), units touched minus one (cluster). Strata with one respondent
("lonely PSUs") follow R's ``options(survey.lonely.psu = "adjust")`` by default (centred at the
domain mean) or ``"remove"`` (no contribution).

Change between two years (:func:`akhlak_analysis.stats.overlap.survey_change`): ``Var(ybar_2 - ybar_1) = V1 + V2 - 2 Cov``
with each year's design variance and the covariance of the people who answered in both years
(stable respondent ids), by Tam's (1984) estimator for overlapping samples.

Everything is computed from per-cell moments (cell = stratum x domain) with
``numpy.bincount``: one pass over the respondents, whatever the number of domains. The building
blocks (:func:`moments`, :func:`build_design`, :func:`cells`, :func:`estimate`, :func:`ratio`)
are what :mod:`akhlak_analysis.stats.scoring`, :mod:`akhlak_analysis.stats.change` and
:mod:`akhlak_analysis.stats.rank` use; the public functions are in ``__all__``.

Checked against R's ``survey`` 4.1.1 (``tests/reference/survey``: ``apistrat``, ``apiclus1``,
``apiclus2`` and the sample, to 1e-6) and against the svy package (``tests/stats/test_survey.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from ..checks import check_choice, check_probability
from ..defaults import CONFIDENCE, WEIGHTING, WEIGHTINGS
from ..errors import DataError

__all__ = ["DESIGNS", "LONELY", "Design", "Moments", "build_design", "cells", "check_options",
           "estimate", "finite_population_correction", "group_moments", "headcount_weights",
           "survey_mean"]

DESIGNS = ("stratified", "cluster")
#: Above this many possible cells (strata x domains) the used cells are compressed first.
DENSE_CELLS = 4_000_000
LONELY = ("adjust", "remove")


# --------------------------------------------------------------------------------------
# the finite-population correction and the weighting rule
# --------------------------------------------------------------------------------------
def finite_population_correction(n: np.ndarray | Sequence[float], *,
                                 population: np.ndarray | Sequence[float],
                                 labels: Sequence[object] | None = None,
                                 year: int | None = None) -> np.ndarray:
    """The finite-population correction of a variance, ``1 - n/N``, as R's ``survey``.

    Parameters
    ----------
    n : array of int
        Sample sizes (respondents of each unit).
    population : array of float
        Population sizes ``N`` (headcounts); NaN where unknown.
    labels : sequence, optional
        The unit of each entry, named in the error (default: its position).
    year : int, optional
        The survey year, named in the error.

    Returns
    -------
    ndarray
        ``1 - n/N`` where ``N`` is known; 1 (no correction) where it is unknown, so an
        unknown headcount never shrinks a variance.

    Raises
    ------
    DataError
        A unit with more respondents than its headcount (``n > N``): the correction would be
        negative. The message names each such unit, the year, ``n`` and ``N``, as R's
        ``svydesign`` stops ("FPC implies >100% sampling").

    Notes
    -----
    ``Var(ybar) = (1 - n/N) s^2 / n`` with ``s^2`` the sample variance (ddof 1): R's
    ``svymean(~y, svydesign(ids = ~1, fpc = ~N, data = d))``. The correction multiplies a
    *variance*; the standard error is multiplied by its square root.

    Examples
    --------
    >>> finite_population_correction([11, 5, 0], population=[21, np.nan, 0])
    array([0.47619048, 1.        , 1.        ])
    >>> finite_population_correction([31], population=[5], labels=["DINKES"], year=2025)
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: unit 'DINKES' (2025): 31 respondents but a headcount of 5; the finite-population correction 1 - n/N would be negative (R's svydesign stops: "FPC implies >100% sampling"); fix the headcount in the unit table
    """
    n = np.asarray(n, dtype=float)
    big_n = np.asarray(population, dtype=float)
    over = np.isfinite(big_n) & (n > big_n)
    if over.any():
        names = list(labels) if labels is not None else [f"#{i}" for i in range(len(n))]
        when = f" ({year})" if year is not None else ""
        bad = np.flatnonzero(over)
        listed = "; ".join(f"unit {names[i]!r}{when}: {n[i]:.0f} respondents but a headcount "
                           f"of {big_n[i]:.0f}" for i in bad[:5])
        listed += f"; and {len(bad) - 5} more such units" if len(bad) > 5 else ""
        raise DataError(f"{listed}; the finite-population correction 1 - n/N would be "
                        "negative (R's svydesign stops: \"FPC implies >100% sampling\"); fix "
                        "the headcount in the unit table")
    with np.errstate(invalid="ignore", divide="ignore"):
        f = 1.0 - n / big_n
    return np.where(np.isfinite(big_n) & (big_n > 0), f, 1.0)


def headcount_weights(n: np.ndarray | Sequence[float], *,
                      headcount: np.ndarray | Sequence[float],
                      weighting: str = WEIGHTING) -> tuple[np.ndarray, bool]:
    """Respondent weight per unit (stratum): the headcount-weighting rule.

    Parameters
    ----------
    n : array of int
        Respondents per unit.
    headcount : array of float
        Headcount per unit (NaN where unknown).
    weighting : {"headcount", "none"}
        ``"headcount"``: weight ``N_h / n_h`` (post-stratification by unit: every civil
        servant counts the same, whatever his unit's response rate), used only when every
        unit's headcount is known; else, and with ``"none"``, weight 1 (the respondent mean).

    Returns
    -------
    (ndarray, bool)
        The weight per unit, and whether the headcount weights were used.

    Notes
    -----
    R: ``svydesign(..., weights = ~N/n)``. A unit without respondents gets weight 0.

    Examples
    --------
    >>> headcount_weights([10, 20], headcount=[100, 300])
    (array([10., 15.]), True)
    >>> headcount_weights([10, 20], headcount=[100, np.nan])
    (array([1., 1.]), False)
    """
    check_choice(weighting, WEIGHTINGS, name="weighting")
    n = np.asarray(n, dtype=float)
    big_n = np.asarray(headcount, dtype=float)
    seen = n > 0
    use = weighting == "headcount" and bool(seen.any()) and bool(
        np.all(np.isfinite(big_n[seen]) & (big_n[seen] > 0)))
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(seen, big_n / n, 0.0) if use else np.where(seen, 1.0, 0.0)
    return w, use


# --------------------------------------------------------------------------------------
# group moments
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Moments:
    """Per-group sample size, mean and sum of squared deviations (vectorised).

    Attributes
    ----------
    n : ndarray of int
        Observations per group.
    mean : ndarray
        Group means (NaN where ``n == 0``).
    m2 : ndarray
        Sum of squared deviations from the group mean.
    """

    n: np.ndarray
    mean: np.ndarray
    m2: np.ndarray

    @property
    def variance(self) -> np.ndarray:
        """Sample variance (ddof 1); NaN where ``n < 2``."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.n >= 2, self.m2 / (self.n - 1), np.nan)


def runs_of(codes: np.ndarray) -> np.ndarray | None:
    """Starts of the runs of equal codes, when the rows come in long runs (grouped data).

    ``numpy.bincount`` is several times slower on grouped rows (each add waits for the one
    before on the same bin), ``numpy.add.reduceat`` over the runs much faster; with short runs
    (shuffled rows) None, and :func:`group_sum` uses ``bincount``.
    """
    if len(codes) < 64:
        return None
    change = np.flatnonzero(codes[1:] != codes[:-1])
    if len(change) + 1 > len(codes) // 32:
        return None
    return np.concatenate(([0], change + 1))


def group_sum(codes: np.ndarray, values: np.ndarray | None, size: int,
              runs: np.ndarray | None = None) -> np.ndarray:
    """Sum of ``values`` (or the count, without them) per code in ``0..size-1``."""
    if runs is None:
        return np.bincount(codes, weights=values, minlength=size)
    per_run = (np.diff(np.append(runs, len(codes))) if values is None
               else np.add.reduceat(values, runs))
    out = np.bincount(codes[runs], weights=per_run, minlength=size)
    return out.astype(np.int64) if values is None else out


def moments(y: np.ndarray, codes: np.ndarray, size: int,
            runs: np.ndarray | None = None) -> Moments:
    """Moments of ``y`` per group code in ``0..size-1`` (two passes, numerically stable)."""
    n = group_sum(codes, None, size, runs)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = group_sum(codes, y, size, runs) / n
    dev = y - mean[codes]
    dev *= dev
    m2 = group_sum(codes, dev, size, runs)
    return Moments(n, mean, m2)


def factorize(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted group labels and a code per row (-1 for missing)."""
    codes, labels = pd.factorize(values, sort=True)
    return codes.astype(np.intp, copy=False), np.asarray(labels, dtype=object)


def group_moments(data: pd.DataFrame, *, by: str,
                  column: str = "culture_index") -> pd.DataFrame:
    """Size, mean and variance of a column per group, vectorised over any number of groups.

    Parameters
    ----------
    data : DataFrame
        Respondents.
    by : str
        Grouping column; rows where it or ``column`` is missing are left out.
    column : str
        The variable.

    Returns
    -------
    DataFrame
        One row per group (sorted): ``group``, ``n``, ``mean``, ``variance`` (ddof 1; NaN when
        ``n < 2``).

    Notes
    -----
    Two passes (means, then squared deviations) with ``numpy.bincount``; R:
    ``aggregate(y ~ g, d, function(x) c(length(x), mean(x), var(x)))``.

    Examples
    --------
    >>> d = pd.DataFrame({"opd": ["A", "A", "B", "A"], "culture_index": [70.0, 80, 90, 75]})
    >>> group_moments(d, by="opd")
      group  n  mean  variance
    0     A  3  75.0      25.0
    1     B  1  90.0       NaN
    """
    for name in (by, column):
        if name not in data.columns:
            raise DataError(f"the data have no {name!r} column", column=name)
    y = data[column].to_numpy(dtype=float, na_value=np.nan)
    codes, labels = factorize(data[by])
    keep = np.isfinite(y) & (codes >= 0)
    m = moments(y[keep], codes[keep], len(labels))
    seen = m.n > 0
    return pd.DataFrame({"group": labels[seen], "n": m.n[seen], "mean": m.mean[seen],
                         "variance": m.variance[seen]})


# --------------------------------------------------------------------------------------
# the design and its domain estimates
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Design:
    """A stratified (or unit-cluster) design over the respondents with a valid ``y``.

    Attributes
    ----------
    y : ndarray
        The variable, one entry per row of the data (rows outside the design included).
    stratum : ndarray of int
        Stratum (unit) code per row, ``0..H-1``; ``H`` marks a row outside the design (no
        ``y`` or no stratum), so no row is copied out.
    n_h, weight_h, fpc_h : ndarray
        Per stratum: respondents, weight per respondent, ``1 - n_h/N_h``.
    weighted : bool
        Whether headcount weights are used.
    design : str
        ``"stratified"`` or ``"cluster"``.
    first_stage : float
        ``J / J_pop``, the weight of the second-stage variance of the cluster design (0
        without a first-stage FPC, or when a unit's headcount is unknown: one stage).
    lonely : str
        ``"adjust"`` or ``"remove"``.
    first_fpc : float
        ``1 - J / J_pop`` of the cluster design (1 without ``population_units``).
    """

    y: np.ndarray
    stratum: np.ndarray
    n_h: np.ndarray
    weight_h: np.ndarray
    fpc_h: np.ndarray
    weighted: bool
    design: str
    first_stage: float
    lonely: str
    first_fpc: float = 1.0


def build_design(y: np.ndarray, codes: np.ndarray, headcount: np.ndarray, *,
                 weighting: str = WEIGHTING, design: str = "stratified",
                 population_units: float | None = None, lonely: str = "adjust",
                 labels: Sequence[object] | None = None, year: int | None = None) -> Design:
    """The design of all rows: stratum ``codes`` (-1: none; overwritten) and headcounts.

    Rows with a missing ``y`` or code are marked outside the design (code ``H``) in place.
    ``labels`` (the unit of each stratum) and ``year`` name the unit in the error of a
    headcount below its respondents (:func:`finite_population_correction`).
    """
    check_options(design=design, confidence=0.5, lonely=lonely)
    size = len(headcount)
    out = (codes < 0) | np.isnan(y)
    codes[out] = size
    n_h = np.bincount(codes, minlength=size + 1)[:size]
    w_h, weighted = headcount_weights(n_h, headcount=headcount, weighting=weighting)
    fpc_h = finite_population_correction(n_h, population=headcount, labels=labels, year=year)
    f1, first = 0.0, 1.0
    if design == "cluster" and population_units is not None:
        j = int((n_h > 0).sum())
        if not population_units >= j:
            raise ValueError(f"population_units ({population_units}) must be at least the "
                             f"number of units observed ({j})")
        first = 1.0 - j / float(population_units)
        # the second stage needs every unit's headcount; else one stage (ultimate clusters)
        if np.isfinite(headcount[n_h > 0]).all():
            f1 = j / float(population_units)
    return Design(y, codes, n_h, w_h, fpc_h, weighted, design, f1, lonely, first)


def reweight(des: Design, *, weighting: str, headcount: np.ndarray) -> Design:
    """The same design with another weighting (``"headcount"`` or ``"none"``)."""
    w_h, weighted = headcount_weights(des.n_h, headcount=headcount, weighting=weighting)
    return replace(des, weight_h=w_h, weighted=weighted)


@dataclass(frozen=True)
class Cells:
    """Per cell (stratum x domain): stratum, domain, moments, and any extra sums."""

    stratum: np.ndarray
    domain: np.ndarray
    m: Moments
    sums: dict[str, np.ndarray]


def cells(des: Design, domain: np.ndarray | str, size: int,
          extra: dict[str, np.ndarray] | None = None) -> Cells:
    """Cell moments of ``y`` and sums of ``extra`` columns (full length, like ``y``).

    ``domain`` is a code per row in ``0..size-1`` (-1: in no domain), or ``"strata"`` (each
    stratum its own domain) or ``"all"`` (one domain); the last two need no extra pass.
    """
    h_count = len(des.n_h)
    if isinstance(domain, str):
        check_choice(domain, ("strata", "all"), name="domain")
        key, grid = des.stratum, h_count + 1
    else:
        grid = h_count * size + 1
        inside = (des.stratum < h_count) & (domain >= 0)
        key = np.where(inside, des.stratum * size + domain, grid - 1)
        if grid > DENSE_CELLS:   # sparse: compress the used cells first (trash bin last)
            used_keys, key = np.unique(key, return_inverse=True)
            grid = len(used_keys) + int(used_keys[-1] != grid - 1)
    runs = runs_of(key)
    m = moments(des.y, key, grid, runs)
    used = np.flatnonzero(m.n[:-1])
    sums = {k: group_sum(key, v, grid, runs)[used] for k, v in (extra or {}).items()}
    m = Moments(m.n[used], m.mean[used], m.m2[used])
    if isinstance(domain, str):
        dom = used if domain == "strata" else np.zeros(len(used), dtype=np.intp)
        return Cells(used, dom, m, sums)
    if grid != h_count * size + 1:
        used = used_keys[used]
    return Cells(used // size, used % size, m, sums)


def estimate(des: Design, cel: Cells, size: int, *, confidence: float = CONFIDENCE) -> dict:
    """Domain means, variances, df and t-intervals from the cell moments (arrays per domain)."""
    h, d, m = cel.stratum, cel.domain, cel.m
    wc = des.weight_h[h] * m.n
    big_w = np.bincount(d, weights=wc, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(d, weights=wc * m.mean, minlength=size) / big_w
        dev = m.mean - mean[d]
        c = des.weight_h[h] / big_w[d]
    a = c * m.n * dev                                  # sum of z over the cell
    b = c * c * (m.m2 + m.n * dev * dev)               # sum of z^2 over the cell
    n_h = des.n_h[h].astype(float)
    lonely = n_h < 2
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.where(lonely, b if des.lonely == "adjust" else 0.0, b - a * a / n_h)
        scale = des.fpc_h[h] * np.where(lonely, 1.0, n_h / (n_h - 1))
    v_strat = np.bincount(d, weights=scale * within, minlength=size)
    n_dom = np.bincount(d, weights=m.n, minlength=size).astype(np.int64)
    cells_dom = np.bincount(d, minlength=size)
    if des.design == "stratified":
        var = v_strat
        df = n_dom - cells_dom
    else:
        j = int((des.n_h > 0).sum())
        ss = np.bincount(d, weights=a * a, minlength=size) - \
            np.bincount(d, weights=a, minlength=size) ** 2 / j
        with np.errstate(invalid="ignore", divide="ignore"):
            var = (des.first_fpc * j / max(j - 1, 1) * ss + des.first_stage * v_strat
                   if j > 1 else np.full(size, np.nan))
        df = cells_dom - 1
    se = np.sqrt(np.maximum(var, 0.0))
    with np.errstate(invalid="ignore"):
        t = np.where(df >= 1, stats.t.ppf(0.5 + confidence / 2, np.maximum(df, 1)), np.nan)
    return {"n": n_dom, "weight": big_w, "mean": mean, "variance": var, "se": se,
            "df": df, "ci_low": mean - t * se, "ci_high": mean + t * se}


def ratio(des: Design, cel: Cells, size: int, numerator: str,
          denominator: str | None = None) -> np.ndarray:
    """Weighted ratio of two extra cell sums per domain (denominator: the respondents)."""
    wc = des.weight_h[cel.stratum]
    num = np.bincount(cel.domain, weights=wc * cel.sums[numerator], minlength=size)
    den_c = cel.m.n if denominator is None else cel.sums[denominator]
    den = np.bincount(cel.domain, weights=wc * den_c, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def check_options(*, design: str, confidence: float, lonely: str = "adjust") -> None:
    """The shared option checks (:mod:`akhlak_analysis.checks`)."""
    check_choice(design, DESIGNS, name="design")
    check_choice(lonely, LONELY, name="lonely")
    check_probability(confidence, name="confidence")


def survey_mean(data: pd.DataFrame, *, column: str = "culture_index", strata: str = "opd",
                by: str | None = None, headcount: pd.Series | None = None,
                weighting: str = WEIGHTING, design: str = "stratified",
                population_units: float | None = None, confidence: float = CONFIDENCE,
                lonely: str = "adjust") -> pd.DataFrame:
    """Design-based mean of a column, overall or per domain (``svymean`` / ``svyby``).

    Parameters
    ----------
    data : DataFrame
        Respondents; rows with a missing ``column`` or stratum are left out (they are not
        respondents of this estimate, so weights ``N_h/n_h`` count valid answers only).
    column : str
        The variable (default the respondent index).
    strata : str
        Stratum (``"stratified"``) or unit (``"cluster"``) column, by default the OPD.
    by : str, optional
        Domain column (``opd_type``, ``gender``, ``subunit``, ...); None for the whole
        population. Respondents with a missing domain belong to no domain.
    headcount : Series, optional
        Headcount per stratum code: FPC and weights. Without it: no FPC, weight 1.
    weighting : {"headcount", "none"}
        See :func:`headcount_weights`.
    design : {"stratified", "cluster"}
        See the module docstring.
    population_units : float, optional
        Cluster design only: units in the population (first-stage FPC, with the headcounts as
        the second stage).
    confidence : float
        Interval level.
    lonely : {"adjust", "remove"}
        Strata with one respondent (R's ``survey.lonely.psu``).

    Returns
    -------
    DataFrame
        One row per domain (sorted; one row ``"all"`` without ``by``): ``domain``, ``n``
        (respondents), ``mean``, ``variance`` (of the mean, returned directly), ``se``,
        ``df`` (R's ``degf`` of the domain), ``ci_low``, ``ci_high`` (t with ``df``; not
        clipped), ``weighted`` (bool), ``design``.

    Notes
    -----
    R (stratified): ``svyby(~y, ~by, svydesign(ids = ~1, strata = ~opd, fpc = ~N,
    weights = ~N/n, data = d), svymean)`` and ``confint(svymean(~y, subset(des, by == g)),
    df = degf(subset(des, by == g)))``; cluster: ``svydesign(ids = ~opd, weights = ~N/n)``
    or ``svydesign(ids = ~opd + id, fpc = ~J_pop + N)``. Formulas in the module docstring.

    Examples
    --------
    >>> d = pd.DataFrame({"opd": list("AAABBB"), "g": list("xyxyxy"),
    ...                   "culture_index": [70.0, 80, 75, 90, 85, 95]})
    >>> hc = pd.Series({"A": 6, "B": 12})
    >>> r = survey_mean(d, headcount=hc)
    >>> r[["domain", "n", "mean", "df"]]
      domain  n       mean  df
    0    all  6  85.000000   4
    >>> round(float(r["se"].iloc[0]), 6)   # sqrt((1/3)^2 * .5 * 25/3 + (2/3)^2 * .75 * 25/3)
    1.800206
    """
    check_options(design=design, confidence=confidence, lonely=lonely)
    for name in (column, strata, *([by] if by is not None else [])):
        if name not in data.columns:
            raise DataError(f"the data have no {name!r} column", column=name)
    y = data[column].to_numpy(dtype=float, na_value=np.nan)
    s_codes, s_labels = factorize(data[strata])
    hc = (headcount.reindex(s_labels).to_numpy(dtype=float, na_value=np.nan)
          if headcount is not None else np.full(len(s_labels), np.nan))
    des = build_design(y, s_codes, hc, weighting=weighting, design=design,
                       population_units=population_units, lonely=lonely, labels=s_labels)
    if by is None:
        labels = np.array(["all"], dtype=object)
        dom: np.ndarray | str = "all"
    else:
        dom, labels = factorize(data[by])
    cel = cells(des, dom, len(labels))
    est = estimate(des, cel, len(labels), confidence=confidence)
    seen = est["n"] > 0
    out = pd.DataFrame({"domain": labels[seen]})
    for k in ("n", "mean", "variance", "se", "df", "ci_low", "ci_high"):
        out[k] = est[k][seen]
    out["weighted"] = des.weighted
    out["design"] = design
    return out
