"""Project exception types.

Every error a user can act on is an :class:`AkhlakError` (a ``ValueError``) whose message
names the file, the column or key, the row(s) and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["AkhlakError", "ConfigError", "DataError", "InstrumentError"]


def _rows_text(rows: Iterable[int] | None, limit: int = 5) -> str:
    if rows is None:
        return ""
    rows = list(rows)
    if not rows:
        return ""
    shown = ", ".join(str(r) for r in rows[:limit])
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


class AkhlakError(ValueError):
    """Base class: a problem with the user's input that the user can fix.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file, column, rows, key :
        Where the problem is; whatever is known is prefixed to the message.

    Examples
    --------
    >>> str(DataError("expected an 18-digit NIP", file="a.csv", column="NIP", rows=[3, 9]))
    'a.csv, column "NIP", rows 3, 9: expected an 18-digit NIP'
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        column: str | None = None,
        rows: Iterable[int] | None = None,
        key: str | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.column = column
        self.rows = list(rows) if rows is not None else None
        self.key = key
        self.detail = message
        where = [
            part
            for part in (
                self.file,
                f'key "{key}"' if key else None,
                f'column "{column}"' if column else None,
                _rows_text(self.rows) or None,
            )
            if part
        ]
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class InstrumentError(AkhlakError):
    """A malformed instrument definition (YAML)."""


class ConfigError(AkhlakError):
    """A malformed analysis configuration (analysis.yaml)."""


class DataError(AkhlakError):
    """A survey export or unit table that cannot be read as expected."""
