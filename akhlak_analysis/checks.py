"""Argument checks: the one place every function validates its options.

Each check returns the (normalised) value or raises :class:`~akhlak_analysis.errors.DataError`
naming the argument, what it got and what was expected, with a did-you-mean for a mistyped
choice. Functions call these instead of writing their own ``if ... raise``, so the same mistake
gets the same message everywhere (statsmodels keeps such checks in
``tools/validation/validation.py`` for the same reason).
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable

from .errors import DataError

__all__ = ["check_choice", "check_count", "check_probability", "check_range",
           "require_columns"]


def check_choice(value: object, choices: Iterable[object], *, name: str) -> object:
    """``value`` if it is one of ``choices``.

    Examples
    --------
    >>> check_choice("headcount", ("headcount", "none"), name="weighting")
    'headcount'
    >>> check_choice("headcont", ("headcount", "none"), name="weighting")
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: key "weighting": got 'headcont'; expected one of 'headcount', 'none' (did you mean 'headcount'?)
    """
    options = tuple(choices)
    if value in options:
        return value
    hint = ""
    if isinstance(value, str):
        close = difflib.get_close_matches(value, [str(o) for o in options], n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
    listed = ", ".join(repr(o) for o in options)
    raise DataError(f"got {value!r}; expected one of {listed}{hint}", key=name)


def check_probability(value: object, *, name: str, open_interval: bool = True) -> float:
    """``value`` as a float in (0, 1) (or [0, 1] with ``open_interval=False``).

    Examples
    --------
    >>> check_probability(0.95, name="confidence")
    0.95
    >>> check_probability(95, name="confidence")
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: key "confidence": got 95; expected a number strictly between 0 and 1
    """
    ok = (isinstance(value, numbers.Real) and not isinstance(value, bool)
          and math.isfinite(float(value)))
    x = float(value) if ok else math.nan  # type: ignore[arg-type]
    inside = 0 < x < 1 if open_interval else 0 <= x <= 1
    if not ok or not inside:
        what = "strictly between 0 and 1" if open_interval else "between 0 and 1"
        raise DataError(f"got {value!r}; expected a number {what}", key=name)
    return x


def check_count(value: object, *, name: str, minimum: int = 1) -> int:
    """``value`` as an int of at least ``minimum`` (a float with an integral value is accepted).

    Examples
    --------
    >>> check_count(10.0, name="min_n")
    10
    >>> check_count(0, name="min_n")
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: key "min_n": got 0; expected a whole number of at least 1
    """
    ok = (isinstance(value, numbers.Real) and not isinstance(value, bool)
          and math.isfinite(float(value)) and float(value) == int(value))
    if not ok or int(value) < minimum:  # type: ignore[arg-type]
        raise DataError(f"got {value!r}; expected a whole number of at least {minimum}",
                        key=name)
    return int(value)  # type: ignore[arg-type]


def check_range(value: object, *, name: str, low: float, high: float) -> float:
    """``value`` as a finite float in [``low``, ``high``].

    Examples
    --------
    >>> check_range(2.0, name="protection", low=0, high=100)
    2.0
    """
    ok = (isinstance(value, numbers.Real) and not isinstance(value, bool)
          and math.isfinite(float(value)))
    if not ok or not low <= float(value) <= high:  # type: ignore[arg-type]
        raise DataError(f"got {value!r}; expected a number from {low:g} to {high:g}", key=name)
    return float(value)  # type: ignore[arg-type]


def require_columns(table: object, columns: Iterable[str], *, what: str,
                    source: str | None = None) -> None:
    """The one column check: ``table`` is a DataFrame holding every one of ``columns``.

    Parameters
    ----------
    table : object
        The table to check.
    columns : iterable of str
        Required column names.
    what : str
        What the table is, for the message (e.g. ``"ranking table"``).
    source : str, optional
        The function whose output is expected (named in the message).

    Raises
    ------
    DataError
        Naming the first missing column (and the expected source).

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"unit": []}), ["unit", "n"], what="index table",
    ...                 source="index_table")
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: column "n": the index table has no column 'n'; expected the output of index_table
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise DataError(f"expected a pandas DataFrame ({what}), got {type(table)!r}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        hint = f"; expected the output of {source}" if source else ""
        raise DataError(f"the {what} has no column {missing[0]!r}{hint}", column=missing[0])
