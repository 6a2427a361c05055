"""Reading the *Rencana Aksi* (action plan) file and checking it against units and values.

The traffic lights are given by :func:`akhlak_analysis.stats.action_plans.action_plan_status`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..instrument import Instrument, load_instrument, normalize_text
from .io import UnitTable, closest

__all__ = ["PLAN_STATUS", "read_action_plans"]


_PLAN_COLUMNS = ("opd", "value", "action", "start_date", "due_date", "progress", "status")


PLAN_STATUS = ("Belum Mulai", "Berjalan", "Selesai")


def _rows(mask: pd.Series) -> list[int]:
    return (np.flatnonzero(mask.to_numpy()) + 2).tolist()


def read_action_plans(path: str | Path, *, units: UnitTable | None = None,
                      year: int | None = None,
                      instrument: str | Instrument | None = None) -> pd.DataFrame:
    """Read and check the action-plan (*Rencana Aksi*) file.

    Parameters
    ----------
    path : str or Path
        CSV (``,`` or ``;``) or XLSX with columns ``opd, value, action, start_date, due_date,
        progress, status``; dates ``YYYY-MM-DD``; progress 0-100 (``60``, ``60%``, ``60,5``);
        status ``Belum Mulai``, ``Berjalan`` or ``Selesai`` (any case).
    units : UnitTable, optional
        OPD codes are checked against it (codes, names and aliases accepted) and renamed or
        merged OPDs follow ``replaced_by`` to their successor in ``year``.
    year : int, optional
        Year of the units (default: the latest year of the unit table).
    instrument : str or Instrument, optional
        Values are checked against it (codes or names accepted).

    Returns
    -------
    DataFrame
        ``opd``, ``value``, ``action``, ``start_date``, ``due_date`` (datetime),
        ``progress`` (float 0-100), ``status`` (canonical spelling) and ``source_row``.

    Raises
    ------
    DataError
        Naming the file, column and rows: missing file or columns, empty cells, unknown OPD
        (with a did-you-mean suggestion), unknown value or status, unreadable dates, a due date
        before the start date, progress outside 0-100.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "ra.csv"
    >>> _ = p.write_text("opd,value,action,start_date,due_date,progress,status\\n"
    ...                  "DINKES,adaptif,Rapat tanpa kertas,2025-01-06,2025-06-30,40%,berjalan\\n")
    >>> read_action_plans(p)[["opd", "progress", "status"]]
          opd  progress    status
    0  DINKES      40.0  Berjalan
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("action-plan file not found", file=path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        t = pd.read_excel(path, dtype=str)
    else:
        t = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], sep=None,
                        engine="python", encoding="utf-8-sig")
    t.columns = [str(c).strip().lower() for c in t.columns]
    missing = [c for c in _PLAN_COLUMNS if c not in t.columns]
    if missing:
        raise DataError(f"required column(s) missing: {missing}; expected {list(_PLAN_COLUMNS)}",
                        file=path, column=missing[0])
    t = t[list(_PLAN_COLUMNS)].copy()
    for c in _PLAN_COLUMNS:
        t[c] = t[c].astype("string").str.strip()
        empty = t[c].isna() | (t[c] == "")
        if empty.any():
            raise DataError("value required", file=path, column=c, rows=_rows(empty))
    t["opd"] = _check_opd(t["opd"], units, year, path)
    if instrument is not None:
        t["value"] = _check_value(t["value"], load_instrument(instrument), path)
    for c in ("start_date", "due_date"):
        d = pd.to_datetime(t[c], format="%Y-%m-%d", errors="coerce")
        bad = d.isna()
        if bad.any():
            raise DataError(f"unreadable date {t.loc[bad, c].iloc[0]!r}; expected YYYY-MM-DD",
                            file=path, column=c, rows=_rows(bad))
        t[c] = d
    bad = t["due_date"] < t["start_date"]
    if bad.any():
        raise DataError("due date before start date", file=path, column="due_date",
                        rows=_rows(bad))
    num = pd.to_numeric(t["progress"].str.rstrip("%").str.strip().str.replace(",", "."),
                        errors="coerce")
    bad = num.isna() | (num < 0) | (num > 100)
    if bad.any():
        raise DataError(f"progress must be a number from 0 to 100, got "
                        f"{t.loc[bad, 'progress'].iloc[0]!r}", file=path, column="progress",
                        rows=_rows(bad))
    t["progress"] = num.astype("float64")
    canon = {normalize_text(s): s for s in PLAN_STATUS}
    status = t["status"].map(lambda s: canon.get(normalize_text(s)))
    bad = status.isna()
    if bad.any():
        raise DataError(f"unknown status {t.loc[bad, 'status'].iloc[0]!r}; expected one of "
                        f"{list(PLAN_STATUS)}", file=path, column="status", rows=_rows(bad))
    t["status"] = status.astype("string")
    t["source_row"] = np.arange(2, len(t) + 2)
    return t.reset_index(drop=True)


def _check_opd(opd: pd.Series, units: UnitTable | None, year: int | None,
               path: Path) -> pd.Series:
    if units is None:
        return opd
    year = year if year is not None else units.years[-1]
    index = units.name_index("opd")
    codes = opd.map(lambda s: index.get(normalize_text(s)))
    bad = codes.isna()
    if bad.any():
        names = units.names()
        hints = []
        for text in dict.fromkeys(opd[bad].tolist()):
            near = closest(normalize_text(text), index, 0.6)
            hint = (f"{text!r} (did you mean {index[near]!r}, {names.get(index[near], '')}?)"
                    if near else repr(text))
            hints.append(hint)
        raise DataError(f"unknown OPD {', '.join(hints[:5])}; use a code of the unit table",
                        file=path, column="opd", rows=_rows(bad))
    return codes.map(lambda c: units.successor(str(c), year)).astype("string")


def _check_value(value: pd.Series, ins: Instrument, path: Path) -> pd.Series:
    lookup = {normalize_text(v.code): v.code for v in ins.values}
    lookup.update({normalize_text(v.name(lang)): v.code for v in ins.values for lang in ("id", "en")})
    codes = value.map(lambda s: lookup.get(normalize_text(s)))
    bad = codes.isna()
    if bad.any():
        text = value[bad].iloc[0]
        near = closest(normalize_text(text), lookup, 0.6)
        hint = f" (did you mean {lookup[near]!r}?)" if near else ""
        raise DataError(f"unknown value {text!r}{hint}; expected one of {ins.value_codes}",
                        file=path, column="value", rows=_rows(bad))
    return codes.astype("string")
