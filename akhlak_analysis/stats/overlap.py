"""Change between two years of one survey whose samples overlap (the same people answer).

``Var(ybar_2 - ybar_1) = V1 + V2 - 2 Cov``: each year's design variance (the stratified design
of :mod:`akhlak_analysis.stats.survey`) and the covariance of the two means from the people who
answered in both years (stable respondent ids), by Tam's (1984) estimator for overlapping
samples, for the province (:func:`survey_change`) and within each unit
(:func:`unit_overlap_covariance`). R's ``survey`` has no estimator for two overlapping
samples; this one is tested by hand, against the paired t-test when the same people answer,
and by the coverage study (``benchmarks/coverage.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..checks import check_choice
from ..defaults import CONFIDENCE, WEIGHTING
from ..errors import DataError
from .survey import Design, build_design, cells, check_options, estimate

__all__ = ["CHANGE_METHODS", "survey_change", "unit_overlap_covariance"]


# --------------------------------------------------------------------------------------
# change between two years
# --------------------------------------------------------------------------------------
CHANGE_METHODS = ("overlap", "independent", "paired", "cluster")


def _linearised(data: pd.DataFrame, column: str, strata: str, labels: np.ndarray,
                headcount: pd.Series | None, weighting: str, design: str
                ) -> tuple[Design, dict, np.ndarray]:
    """One year's design over common stratum labels, its estimate and each row's z."""
    y = data[column].to_numpy(dtype=float, na_value=np.nan)
    codes = pd.Index(labels).get_indexer(data[strata]).astype(np.intp)
    des = build_design(y, codes, _reindexed(headcount, labels), weighting=weighting,
                       design=design, labels=labels)
    est = estimate(des, cells(des, "all", 1), 1)
    h = len(labels)
    inside = des.stratum < h
    w = np.append(des.weight_h, 0.0)[des.stratum]
    z = np.where(inside, w * (np.where(inside, y, 0.0) - est["mean"][0]) / est["weight"][0], 0.0)
    return des, est, z


def _reindexed(headcount: pd.Series | None, labels: np.ndarray) -> np.ndarray:
    return (headcount.reindex(labels).to_numpy(dtype=float, na_value=np.nan)
            if headcount is not None else np.full(len(labels), np.nan))


def survey_change(before: pd.DataFrame, after: pd.DataFrame, *,
                  column: str = "culture_index", strata: str = "opd",
                  id_column: str = "respondent_id", headcount_before: pd.Series | None = None,
                  headcount_after: pd.Series | None = None, weighting: str = WEIGHTING,
                  method: str = "overlap", confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Change of the design-based mean between two years, with the overlap covariance.

    Parameters
    ----------
    before, after : DataFrame
        The two years' respondents; ``strata`` codes must already be those of a common year
        (renamed and merged units mapped to their successor).
    column, strata : str
        Variable and stratum (unit) column.
    id_column : str
        Stable respondent id (keyed hash of the NIP): a person with a valid ``column`` in both
        years *in the same stratum* links the years (``method="overlap"``). Without this
        column in both tables nobody links the years: covariance 0, ``n_both`` 0.
    headcount_before, headcount_after : Series, optional
        Headcount per stratum code in each year (FPC and weights).
    weighting : {"headcount", "none"}
        :func:`headcount_weights`, per year.
    method : {"overlap", "independent", "paired", "cluster"}
        ``overlap`` (default): each year's stratified design and the covariance of the people
        who answered in both years, ``V1 + V2 - 2 Cov``; ``independent``: ``V1 + V2``;
        ``paired``: the OPDs as clusters observed in both years (their linearised totals
        differenced, ``J/(J-1) sum (d_j - dbar)^2``, df ``J - 1``); ``cluster``: the two
        years' cluster designs as independent samples.
    confidence : float
        Interval level.

    Returns
    -------
    DataFrame
        One row: ``mean_before``, ``mean_after``, ``variance_before``, ``variance_after``
        (of each year's mean, that year's design), ``covariance`` (0 unless ``overlap``),
        ``change`` (after - before), ``variance``, ``se``, ``df``, ``ci_low``, ``ci_high``,
        ``p_value`` (two-sided t), ``df_before``, ``df_after`` (each year's degf, for its own
        interval), ``n_before``, ``n_after``, ``n_both`` (people linking the years) and
        ``method``.

    Notes
    -----
    ``V1`` and ``V2`` are each year's design variance (:func:`survey_mean`). The covariance
    of the two stratified means is Tam's (1984) estimator for simple random samples that
    overlap, conditional on the realised overlap, summed over the strata:
    ``Cov = sum_h P_1h P_2h (n_12h / (n_1h n_2h) - 1 / N_h) s_12h``, with ``P_th`` the
    stratum's weight share in year t, ``n_12h`` the people answering in both years in that
    stratum, ``s_12h`` the covariance of their two answers (ddof 1) and ``N_h`` the larger
    of the two headcounts (so the term errs on the small side when staff changed). When the
    two years' respondents are independent draws the expected overlap is ``n_1 n_2 / N`` and
    the covariance vanishes; when the same people answer again it is positive; with the same
    people answering the same way, ``Var(change) = 0``. R's ``survey`` has no estimator for
    two overlapping samples; ``V1`` and ``V2`` equal ``svymean`` on each year's design, the
    covariance is tested by hand and by the coverage study (``benchmarks/coverage.py``).
    df: the smaller of the two years' degf (``J - 1`` for ``paired`` and ``cluster``).

    Examples
    --------
    >>> a = pd.DataFrame({"respondent_id": list("pqrs"), "opd": list("AABB"),
    ...                   "culture_index": [70.0, 80, 60, 70]})
    >>> b = a.assign(culture_index=[74.0, 82, 63, 75])        # the same four people
    >>> hc = pd.Series({"A": 8, "B": 8})
    >>> r = survey_change(a, b, headcount_before=hc, headcount_after=hc)
    >>> r[["change", "n_both", "method"]]
       change  n_both   method
    0     3.5       4  overlap
    >>> ind = survey_change(a, b, headcount_before=hc, headcount_after=hc, method="independent")
    >>> bool(r["se"].iloc[0] < ind["se"].iloc[0])      # the same people answered again
    True
    """
    check_choice(method, CHANGE_METHODS, name="method")
    check_options(design="stratified", confidence=confidence)
    for frame in (before, after):
        for name in (column, strata):
            if name not in frame.columns:
                raise DataError(f"the data have no {name!r} column", column=name)
    linked = id_column in before.columns and id_column in after.columns
    labels = np.asarray(sorted(set(before[strata].dropna().unique())
                               | set(after[strata].dropna().unique())), dtype=object)
    design = "cluster" if method in ("paired", "cluster") else "stratified"
    d1, e1, z1 = _linearised(before, column, strata, labels, headcount_before, weighting, design)
    d2, e2, z2 = _linearised(after, column, strata, labels, headcount_after, weighting, design)
    v1, v2 = float(e1["variance"][0]), float(e2["variance"][0])
    cov, n_both = 0.0, 0
    df = float(min(e1["df"][0], e2["df"][0]))
    h = len(labels)
    if method == "overlap" and linked:
        big = np.fmax(_reindexed(headcount_before, labels), _reindexed(headcount_after, labels))
        cov, n_both = _overlap_covariance(before, after, id_column, column, d1, d2, big, h)
    if method == "paired":
        t1 = np.bincount(d1.stratum, weights=z1, minlength=h + 1)[:h]
        t2 = np.bincount(d2.stratum, weights=z2, minlength=h + 1)[:h]
        seen = (d1.n_h > 0) | (d2.n_h > 0)
        dj = (t2 - t1)[seen]
        j = len(dj)
        var = j / (j - 1) * float(np.sum((dj - dj.mean()) ** 2)) if j > 1 else np.nan
        df = float(j - 1)
    else:
        var = v1 + v2 - 2.0 * cov
    change = float(e2["mean"][0] - e1["mean"][0])
    se = float(np.sqrt(max(var, 0.0)))
    t = stats.t.ppf(0.5 + confidence / 2, df) if df >= 1 else np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        p = float(2 * stats.t.sf(abs(change) / se, df)) if se > 0 else float(change == 0)
    return pd.DataFrame([{
        "mean_before": float(e1["mean"][0]), "mean_after": float(e2["mean"][0]),
        "variance_before": v1, "variance_after": v2, "covariance": cov, "change": change,
        "variance": var, "se": se, "df": df, "ci_low": change - t * se,
        "ci_high": change + t * se, "p_value": p, "df_before": float(e1["df"][0]),
        "df_after": float(e2["df"][0]), "n_before": int(e1["n"][0]),
        "n_after": int(e2["n"][0]), "n_both": n_both, "method": method}])


def _overlap_covariance(before: pd.DataFrame, after: pd.DataFrame, id_column: str,
                        column: str, d1: Design, d2: Design, big_n: np.ndarray,
                        h: int) -> tuple[float, int]:
    """Tam's (1984) covariance of the two years' stratified means, from the people in both."""
    ids = _id_codes(before[id_column], after[id_column])
    parts = [_linked_part(i, des.stratum, des.y, h, id_column)
             for i, des in zip(ids, (d1, d2), strict=True)]
    cov_h, n12 = _tam(parts[0], parts[1], d1.n_h.astype(float), d2.n_h.astype(float), big_n, h)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = d1.weight_h * d1.n_h / np.sum(d1.weight_h * d1.n_h)
        p2 = d2.weight_h * d2.n_h / np.sum(d2.weight_h * d2.n_h)
    return float(np.nansum(p1 * p2 * cov_h)), int(n12.sum())


def _id_codes(first: pd.Series, second: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """One integer per respondent id, the same in both years (-1 for a missing id).

    Linking a national survey's two years by integers instead of by the id texts (keyed
    hashes): both years' ids go through one Arrow hash table (``dictionary_encode`` keeps its
    codes across the two chunks); ids that are not text go through ``pandas.factorize``.
    """
    import pyarrow as pa

    arrays = [pa.array(s, from_pandas=True) for s in (first, second)]
    arrays = [a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a for a in arrays]
    arrays = [a.cast(pa.large_string()) if pa.types.is_string(a.type) else a for a in arrays]
    if (arrays[0].type == arrays[1].type and pa.types.is_large_string(arrays[0].type)
            and len(arrays[0]) and len(arrays[1])):
        codes = pa.chunked_array(arrays).dictionary_encode()
        out = [c.indices.to_numpy(zero_copy_only=False) for c in codes.chunks]
        out = [np.where(c.indices.is_null().to_numpy(zero_copy_only=False), -1, o)
               for c, o in zip(codes.chunks, out, strict=True)]
        return out[0].astype(np.int64), out[1].astype(np.int64)
    c1, u1 = pd.factorize(first)
    c2, u2 = pd.factorize(second)
    at = pd.Index(u1).get_indexer(u2)
    new = at < 0
    at[new] = len(u1) + np.arange(int(new.sum()))
    return c1.astype(np.int64), np.where(c2 >= 0, at[np.maximum(c2, 0)], -1).astype(np.int64)


def _linked_part(ids: np.ndarray, stratum: np.ndarray, y: np.ndarray, h: int,
                 id_column: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(key, stratum, y) of the rows inside the design with an id, in row order.

    ``key`` is one integer per (id, stratum); an id twice in one stratum is an error naming
    the rows (counted from 0).
    """
    rows = np.flatnonzero((stratum < h) & (ids >= 0))
    key = ids[rows] * (h + 1) + stratum[rows]
    order = np.argsort(key, kind="stable")
    dup = np.flatnonzero(key[order][1:] == key[order][:-1])
    if len(dup):
        bad = np.unique(rows[order[np.r_[dup, dup + 1]]])
        raise DataError("a respondent id occurs twice in one unit and year",
                        column=id_column, rows=bad[:5].tolist())
    return key, stratum[rows], y[rows]


def _tam(part1: tuple, part2: tuple, n1: np.ndarray, n2: np.ndarray,
         big_n: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Per stratum: Tam's covariance of the two years' means and the people in both years.

    ``Cov_h = (n_12h / (n_1h n_2h) - 1 / N_h) s_12h``, 0 with fewer than two linked people;
    ``1 / N_h`` only with a known headcount at least both samples. The linked people are
    summed in the first year's row order (as an inner join of the two years keeps it).
    """
    key1, h1, y1 = part1
    key2, _, y2 = part2
    order = np.argsort(key2, kind="stable")
    pos = np.searchsorted(key2[order], key1)
    found = pos < len(key2)
    found[found] = key2[order][pos[found]] == key1[found]
    hb = h1[found].astype(np.intp)
    y1, y2 = y1[found], y2[order][pos[found]]
    n12 = np.bincount(hb, minlength=h).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        m1 = np.bincount(hb, weights=y1, minlength=h) / n12
        m2 = np.bincount(hb, weights=y2, minlength=h) / n12
        s12 = np.bincount(hb, weights=(y1 - m1[hb]) * (y2 - m2[hb]), minlength=h) / (n12 - 1)
        inv_n = np.where(np.isfinite(big_n) & (big_n >= np.maximum(n1, n2)), 1.0 / big_n, 0.0)
        cov_h = np.where(n12 >= 2, (n12 / (n1 * n2) - inv_n) * s12, 0.0)
    return cov_h, n12


def unit_overlap_covariance(before: pd.DataFrame, after: pd.DataFrame, *, column: str,
                            by: str, labels, id_column: str = "respondent_id",
                            headcount=None) -> tuple[np.ndarray, np.ndarray]:
    """Covariance of each unit's two yearly means from the people who answered in both.

    Parameters
    ----------
    before, after : DataFrame
        The two years' respondents with ``column``, ``by`` (codes of one common year) and
        ``id_column`` (stable respondent id).
    column, by : str
        Variable and unit column.
    labels : sequence
        Unit codes; the result is aligned with them.
    id_column : str
        Without it in both tables nobody links the years: covariances 0.
    headcount : array-like, optional
        Headcount per label (the larger of the two years'); NaN = unknown (no FPC term).

    Returns
    -------
    (ndarray, ndarray)
        Per label: Tam's (1984) covariance ``(n_12 / (n_1 n_2) - 1 / N) s_12`` of the two
        unit means (``n_t`` respondents with a valid ``column``, ``n_12`` of them in both
        years, ``s_12`` the covariance of their two values, ddof 1), and ``n_12``. The
        change of a unit mean then has ``Var = V_1 + V_2 - 2 Cov``; with the same people
        answering both years and no FPC it is the paired-samples variance ``s_d^2 / n``.

    Examples
    --------
    >>> a = pd.DataFrame({"respondent_id": list("pqrs"), "opd": "A",
    ...                   "culture_index": [70.0, 80, 60, 75]})
    >>> b = a.assign(culture_index=[74.0, 82, 63, 80])
    >>> cov, both = unit_overlap_covariance(a, b, column="culture_index", by="opd",
    ...                                     labels=["A"])
    >>> round(float(cov[0]), 4), both.tolist()     # s_12 / n = 72.0833 / 4
    (18.0208, [4.0])
    """
    labels = np.asarray(labels, dtype=object)
    h = len(labels)
    if not (id_column in before.columns and id_column in after.columns):
        return np.zeros(h), np.zeros(h)
    ids = _id_codes(before[id_column], after[id_column])
    parts, sizes = [], []
    for frame, i in zip((before, after), ids, strict=True):
        y = frame[column].to_numpy(dtype=float, na_value=np.nan)
        code = pd.Index(labels).get_indexer(frame[by])
        stratum = np.where(np.isfinite(y) & (code >= 0), code, h).astype(np.intp)
        parts.append(_linked_part(i, stratum, y, h, id_column))
        sizes.append(np.bincount(stratum, minlength=h + 1)[:h].astype(float))
    big = (np.full(h, np.nan) if headcount is None
           else np.asarray(headcount, dtype=float).reshape(h))
    return _tam(parts[0], parts[1], sizes[0], sizes[1], big, h)
