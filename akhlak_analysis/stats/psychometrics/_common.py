"""Input checks and moment helpers shared by the psychometrics modules.

A private module: its names are public to the modules of this package (``check_option``,
``validate_inputs``, ...), not part of the package's API.
"""

from __future__ import annotations

import difflib
import hashlib
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ...errors import DataError
from . import _sem

__all__ = ["COV_MISSING", "DEFAULT_MISSING", "ESTIMATORS", "MISSING", "ImproperSolutionWarning",
           "check_columns", "check_constant", "check_option", "check_positive_definite",
           "fiml_moments", "item_correlation", "item_covariance", "item_frame",
           "model_covariances", "robust_cache", "sample_moments", "shared_fiml_moments",
           "validate_inputs", "warn_improper"]

# --------------------------------------------------------------------------------------------
# input checks (one helper, readable errors)


def check_columns(data: pd.DataFrame, columns: Sequence[str], what: str = "item") -> None:
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"expected a pandas DataFrame of item columns, got {type(data).__name__}")
    absent = [c for c in columns if c not in data.columns]
    if absent:
        hints = []
        for c in absent:
            close = difflib.get_close_matches(str(c), [str(x) for x in data.columns], n=1)
            hints.append(f"{c!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise DataError(f"{what} column(s) not in the data: {', '.join(hints)}")
    bad = [
        c
        for c in columns
        if not (pd.api.types.is_numeric_dtype(data[c]) or pd.api.types.is_bool_dtype(data[c]))
    ]
    if bad:
        raise DataError(
            f"{what} column(s) must be numeric, got non-numeric: "
            + ", ".join(f"{c!r} ({data[c].dtype})" for c in bad)
            + "; recode answers to numbers first"
        )


def validate_inputs(
    data: pd.DataFrame,
    factors: Mapping[str, Sequence[str]],
    *,
    min_items: int = 2,
    min_rows: int = 3,
    complete: bool = True,
    cross: bool = False,
) -> tuple[dict[str, list[str]], list[str], pd.DataFrame]:
    """Check the inputs shared by every function; return (factors, items, item frame).

    ``factors`` is a mapping factor -> items or a lavaan model string (:mod:`.syntax`).
    Raises a :class:`~akhlak_analysis.errors.DataError` (a ``ValueError``) that names the
    offending factor or column(s): an item not in the data, a non-numeric item, an item in two
    factors (allowed with ``cross``: cross-loadings), a factor with fewer than ``min_items``
    items, or fewer than ``min_rows`` complete rows (all rows when ``complete`` is false).
    Residual covariances in a model string are refused unless ``cross``.
    """
    if isinstance(factors, str):
        from .syntax import parse_model

        model = parse_model(factors)
        if model.covariances and not cross:
            raise DataError("residual covariances (~~) are only used by cfa and the invariance "
                            f"functions; this function needs simple structure: {factors!r}")
        factors = model.factors
    if not isinstance(factors, Mapping) or not factors:
        raise DataError("`factors` must be a non-empty mapping factor -> list of item columns")
    checked: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for name, its in factors.items():
        if isinstance(its, str) or not isinstance(its, Sequence):
            raise DataError(f"factor {name!r}: expected a list of item columns, got {its!r}")
        its = list(its)
        if len(its) < min_items:
            raise DataError(
                f"factor {name!r} has {len(its)} item(s) {its}; at least {min_items} are needed",
                key=str(name),
            )
        for it in its:
            if it in owner and not cross:
                raise DataError(
                    f"item is listed in two factors ({owner[it]!r} and {name!r})", column=str(it)
                )
            owner.setdefault(it, name)
        checked[str(name)] = its
    items = list(owner)
    check_columns(data, items)
    frame = data[items].astype(float)
    n_rows = len(frame.dropna()) if complete else len(frame)
    if n_rows < min_rows:
        raise DataError(
            f"only {n_rows} {'complete ' if complete else ''}row(s) in columns "
            f"{', '.join(map(repr, items))}; at least {min_rows} are needed"
        )
    return checked, items, frame


def model_covariances(factors, items: list[str]) -> tuple[tuple[str, str], ...]:
    """Residual covariances of a model string, checked against its items."""
    if not isinstance(factors, str):
        return ()
    from .syntax import parse_model

    covs = parse_model(factors).covariances
    bad = [c for pair in covs for c in pair if c not in items]
    if bad:
        raise DataError(f"residual covariance of {bad[0]!r}, which is not an item of the model")
    return covs


def sample_moments(x: np.ndarray) -> _sem.GroupMoments:
    return _sem.GroupMoments(np.cov(x.T, bias=True), x.mean(axis=0), len(x))


def check_constant(x: np.ndarray, items: Sequence[str], *, group: object = None) -> None:
    """Raise a :class:`DataError` naming the first item whose answers are all the same.

    ``x`` holds the rows (NaN = not answered) of one group (``group``, named in the message).
    A constant item makes every covariance matrix singular; said plainly, the user can see
    which item and which group to look at.

    Examples
    --------
    >>> x = np.array([[1.0, 4.0], [2.0, 4.0], [3.0, np.nan]])
    >>> check_constant(x, ["BP1", "BP3"], group="Fungsional")
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: column "BP3": item 'BP3' is constant (all 4) in group 'Fungsional'
    """
    for j, it in enumerate(items):
        col = x[:, j]
        col = col[~np.isnan(col)]
        if len(col) and np.all(col == col[0]):
            where = f" in group {group!r}" if group is not None else ""
            raise DataError(f"item {it!r} is constant (all {col[0]:g}){where}", column=str(it))


def check_positive_definite(cov: np.ndarray, items: list[str], *, data: np.ndarray | None = None,
                            group: object = None) -> None:
    """Raise a :class:`DataError` when the item covariance matrix is singular.

    With ``data`` (the rows behind ``cov``) a constant item is named first, with its value and
    ``group`` (:func:`check_constant`); otherwise the items of the near-null direction.
    """
    if data is not None:
        check_constant(data, items, group=group)
    w, v = np.linalg.eigh(cov)
    if w[0] <= 1e-10 * max(w[-1], 1e-300):
        worst = [items[i] for i in np.argsort(-np.abs(v[:, 0]))[:3]]
        where = f" in group {group!r}" if group is not None else ""
        raise DataError(
            f"the item covariance matrix{where} is singular (an item is a linear combination "
            f"of others; look at {', '.join(map(repr, worst))})"
        )


def item_covariance(frame: pd.DataFrame, missing: str) -> tuple[np.ndarray, int]:
    """Covariance matrix of the item columns under a missing-data policy, and its ``n``.

    ``"listwise"``: (n - 1)-divided, of the complete rows, n = complete rows;
    ``"pairwise"``: (n - 1)-divided, each entry from the rows answering both items, n = all
    rows (as psych counts them); ``"ml"``: the EM (maximum-likelihood) estimate, N-divided,
    n = rows with at least one answer.
    """
    check_option(missing, COV_MISSING, "missing")
    if missing == "pairwise":
        return frame.cov().to_numpy(), len(frame)
    if missing == "listwise":
        done = frame.dropna()
        return done.cov().to_numpy(), len(done)
    from . import _fiml

    x = frame.to_numpy(dtype=float)
    x = x[~np.all(np.isnan(x), axis=1)]
    if np.isnan(x).any():
        pat = _fiml.patterns(x)
        _fiml.em(pat)
        return pat.em_cov, len(x)
    return np.cov(x.T, bias=True).reshape(x.shape[1], x.shape[1]), len(x)



def item_correlation(frame: pd.DataFrame, missing: str, cov: np.ndarray) -> np.ndarray:
    """Correlations: pairwise ones from each pair's own rows (R ``cor(use = "pairwise")``),
    otherwise ``cov`` rescaled."""
    if missing == "pairwise":
        return frame.corr().to_numpy()
    sd = np.sqrt(np.diag(cov))
    return cov / np.outer(sd, sd)


def item_frame(
    data: pd.DataFrame, missing: str, min_rows: int = 3
) -> tuple[list[str], np.ndarray, int]:
    """(items, correlation matrix, n) of a frame of item columns under a missing policy."""
    check_option(missing, COV_MISSING, "missing")
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"expected a pandas DataFrame, got {type(data).__name__}")
    cols = list(data.columns)
    if len(cols) < 2:
        raise DataError(f"need at least 2 item columns, got {cols}")
    _, items, frame = validate_inputs(
        data, {"items": cols}, min_rows=min_rows, complete=missing == "listwise"
    )
    cov, n = item_covariance(frame, missing)
    sd = np.sqrt(np.diag(cov))
    if np.any(~(sd > 0)):
        raise DataError(
            "constant column(s): "
            + ", ".join(repr(items[i]) for i in np.nonzero(~(sd > 0))[0])
        )
    r = item_correlation(frame, missing, cov)
    if np.isnan(r).any():
        raise DataError("some item pairs have no respondent answering both; use missing='ml'")
    return items, r, n




class ImproperSolutionWarning(UserWarning):
    """A fitted model has an improper solution (a Heywood case), as lavaan and psych warn.

    The estimates are kept as computed (a negative variance stays negative, a general-factor
    loading above 1 stays above 1); the result says which parameters are improper.
    """


def warn_improper(messages: Sequence[str], what: str = "the model", stacklevel: int = 3) -> None:
    """One :class:`ImproperSolutionWarning` carrying lavaan's messages (nothing without any)."""
    if messages:
        warnings.warn(f"{what} has an improper solution: " + "; ".join(messages),
                      ImproperSolutionWarning, stacklevel=stacklevel)


#: The one default missing-data policy of every psychometric function: ``"ml"``, every
#: respondent with at least one answer counts (FIML in the models, EM moments where a
#: covariance matrix is the input). On complete data it gives the listwise numbers.
DEFAULT_MISSING = "ml"
#: the values ``missing=`` takes in the model-based functions (CFA, invariance)
MISSING = ("listwise", "ml")
#: the values ``missing=`` takes where a covariance matrix is the input
COV_MISSING = ("listwise", "pairwise", "ml")
#: estimators of :func:`cfa` and the invariance functions
ESTIMATORS = ("ML", "MLR", "WLSMV")


def check_option(value: str, allowed: Sequence[str], name: str) -> str:
    """Return ``value`` if allowed, else raise a ``ValueError`` naming the choices."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


def fiml_moments(x: np.ndarray, items: list[str], *, group: object = None) -> _sem.GroupMoments:
    """Moments for FIML: rows with at least one answer, patterns, EM saturated moments.

    ``group`` (the group's label, in a multi-group model) is named in the errors.
    """
    from . import _fiml

    what = f" in group {group!r}" if group is not None else ""
    x = x[~np.all(np.isnan(x), axis=1)]
    if len(x) <= len(items):
        raise DataError(
            f"only {len(x)} rows with an answer{what} for {len(items)} items; "
            "a CFA needs more rows than items"
        )
    empty = [it for it, k in zip(items, (~np.isnan(x)).sum(axis=0), strict=True) if k < 2]
    if empty:
        raise DataError(f"item(s) with fewer than 2 answers{what}: {', '.join(map(repr, empty))}")
    check_constant(x, items, group=group)
    pat = _fiml.patterns(x)
    _fiml.em(pat)
    check_positive_definite(pat.em_cov, items, group=group)
    return _sem.GroupMoments(pat.em_cov, pat.em_mean, pat.n, patterns=pat)


#: the last data set fitted by FIML in this process (:func:`shared_fiml_moments`)
_LAST_FIML: dict = {}


def shared_fiml_moments(x: np.ndarray, items: list[str]) -> tuple[_sem.GroupMoments, dict]:
    """:func:`fiml_moments` of ``x``, kept for the next model fitted to the same answers.

    Notebook 01 fits several models to the same respondents (seven values, the second-order
    model, the estimator comparison, the straight-lining check): the missing-data patterns,
    the EM saturated moments and what the robust statistics compute from the data alone (the
    unrestricted model's information matrices, the baseline model; :func:`robust_cache`) are
    the same for all of them. At 936,000 respondents they are more than half of an MLR fit.
    Only the last data set is kept (its patterns hold a copy of the rows), identified by its
    item names, shape and the bytes of its answers; the results are those of a fresh fit.

    Returns the moments and the data set's robust caches (one per estimator).

    Examples
    --------
    >>> x = np.random.default_rng(1).normal(size=(50, 3))
    >>> m1, c1 = shared_fiml_moments(x, ["a", "b", "c"])
    >>> m2, c2 = shared_fiml_moments(x.copy(), ["a", "b", "c"])
    >>> m1 is m2 and c1 is c2
    True
    >>> shared_fiml_moments(x + 1, ["a", "b", "c"])[0] is m1
    False
    """
    x = np.ascontiguousarray(x, dtype=float)
    h = hashlib.blake2b(memoryview(x).cast("B"), digest_size=32)
    key = (tuple(items), x.shape, h.hexdigest())
    if _LAST_FIML.get("key") != key:
        _LAST_FIML.clear()  # let go of the previous rows before computing the new ones
        mom = fiml_moments(x, items)
        _LAST_FIML.update(key=key, moments=mom, robust={})
    return _LAST_FIML["moments"], _LAST_FIML["robust"]


def robust_cache(shared: dict, estimator: str) -> dict:
    """The robust-statistics cache of one estimator for a data set of
    :func:`shared_fiml_moments`.

    The baseline model is fitted with the observed (MLR) or expected (ML) information, so
    each estimator keeps its own; the unrestricted model's information matrices
    (``fiml_w``) depend on the data only and are handed from one estimator to the other.
    """
    if estimator not in shared:
        seed = next((c["fiml_w"] for c in shared.values() if "fiml_w" in c), None)
        shared[estimator] = {} if seed is None else {"fiml_w": seed}
    return shared[estimator]
