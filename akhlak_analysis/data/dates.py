"""Dates of survey exports: day first or month first for the whole file, then parsing.

Used by :func:`akhlak_analysis.data.clean.clean_responses`. Day-first (``10/1/2025`` = 10
January) or month-first (= 1 October) is decided for all date columns of a file together: a
first number above 12 anywhere means day first, a second number above 12 month first; else
the year's ``date_order`` setting; else the export's convention (English-language Google
Sheets / Microsoft Forms headers such as ``Timestamp``, ``Email Address``, ``Completion
time``: month first, as their US locale writes dates; otherwise day first, as Indonesian
exports write them). The decision and its reason are one ``date_order`` row of the cleaning
log. KoboToolbox times with a UTC offset (``2025-10-01T08:00:00.000+07:00``) keep their local
clock time.

>>> _time_formats("mdy")[0]
'%m/%d/%Y %H:%M:%S'
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..instrument import normalize_text
from .io import TEXT, RawResponses

if TYPE_CHECKING:  # pragma: no cover
    from ._log import CleaningLog

__all__ = ["TIME_FORMATS", "decide_date_order", "flag_outside_year", "parse_times",
           "submission_times"]

#: date formats tried in order, per date order ("{d}" and "{m}" swap; ISO forms are fixed)
_DATE_PATTERNS = ("{d}/{m}/%Y %H:%M:%S", "{d}/{m}/%Y %H:%M", "{d}/{m}/%Y", "{d}-{m}-%Y %H:%M:%S",
                  "{d}-{m}-%Y", "{d}/{m}/%Y %H.%M.%S", "{d}.{m}.%Y %H:%M:%S", "{d}.{m}.%Y")
_ISO_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                "%Y-%m-%d")
#: timestamp formats tried in order for day-first dates (kept for callers of the old name)
TIME_FORMATS = tuple(p.format(d="%d", m="%m") for p in _DATE_PATTERNS) + _ISO_FORMATS
_DATE_HEAD = r"^\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
_ISO_ZONE = r"(?<=\d{2}:\d{2})(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$"
#: headers of English-language Google Sheets / Microsoft Forms exports (US locale: month first)
_US_HEADERS = {"timestamp", "email address", "start time", "completion time"}


def _arrow(values: pd.Series):  # -> pyarrow (Chunked)Array of strings
    """The pyarrow strings behind a text column (no copy), or converted once."""
    import pyarrow as pa

    if values.dtype == TEXT:
        return values.array.__arrow_array__()
    return pa.array(values.astype(object), type=pa.string())


def _time_formats(order: str) -> tuple[str, ...]:
    d, m = ("%d", "%m") if order == "dmy" else ("%m", "%d")
    return tuple(p.format(d=d, m=m) for p in _DATE_PATTERNS) + _ISO_FORMATS


def decide_date_order(raw: RawResponses, setting: str | None,
                       log: CleaningLog) -> tuple[str | None, str]:
    """Day first or month first for all date columns of the file, logged with its reason."""
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = [c for c in ("submitted_at", "started_at") if c in raw.data.columns]
    first_big = second_big = 0
    example: dict[str, int] = {}
    rows = raw.data["source_row"].to_numpy()
    has_dates = False
    for col in cols:
        # the date part decides; distinct date parts are few even in a national file
        head = pc.utf8_slice_codeunits(pc.utf8_trim_whitespace(_arrow(raw.data[col])), 0, 10)
        uniq = pc.unique(head)
        parts = pc.extract_regex(uniq, r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-]\d{2,4}")
        a = pc.cast(pc.struct_field(parts, "a"), pa.int32()).to_numpy(zero_copy_only=False)
        b = pc.cast(pc.struct_field(parts, "b"), pa.int32()).to_numpy(zero_copy_only=False)
        a, b = np.nan_to_num(a.astype(float)), np.nan_to_num(b.astype(float))
        has_dates = has_dates or bool((a > 0).any())
        for name, flag in (("dmy", a > 12), ("mdy", b > 12)):
            if not flag.any():
                continue
            hit = pc.fill_null(pc.is_in(head, value_set=uniq.filter(pa.array(flag))), False)
            hit = np.asarray(hit.to_numpy(zero_copy_only=False))
            if name == "dmy":
                first_big += int(hit.sum())
            else:
                second_big += int(hit.sum())
            example.setdefault(name, int(rows[np.argmax(hit)]))
    if not has_dates:
        return None, ""
    if first_big or second_big:
        order = "dmy" if first_big >= second_big else "mdy"
        reason = (f"ditentukan dari data: angka {'pertama' if order == 'dmy' else 'kedua'} "
                  f"di atas 12 (baris {example[order]})")
        if first_big and second_big:
            reason += (f"; {min(first_big, second_big)} tanggal berurutan lain tidak terbaca")
    elif setting is not None:
        order, reason = setting, "dari pengaturan date_order tahun ini"
    elif {normalize_text(raw.role_headers.get(r, "")) for r in
          ("submitted_at", "started_at", "email")} & _US_HEADERS:
        order = "mdy"
        reason = "kebiasaan ekspor berbahasa Inggris (Google Sheets/Microsoft Forms, AS)"
    else:
        order, reason = "dmy", "kebiasaan ekspor berbahasa Indonesia"
    text = "hari/bulan/tahun" if order == "dmy" else "bulan/hari/tahun"
    log.add(np.array([raw.header_row]), "date_order", "noted",
            ", ".join(raw.role_headers.get(c, c) for c in cols), new=order,
            detail=f"urutan tanggal {text}: {reason}")
    return order, reason


def parse_times(df: pd.DataFrame, col: str, log: CleaningLog,
                order: str | None = "dmy") -> pd.Series:
    """Timestamps: known formats for the date order (vectorised), then a general parser."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parsed = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    if col not in df.columns:
        return parsed
    text = df[col].str.strip()
    head = text.dropna().head(50)
    if head.str.contains(r"\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$",
                         regex=True).any():  # KoboToolbox: local time with offset
        text = text.str.replace(_ISO_ZONE, lambda m: m.group(1) or "", regex=True)
    todo = text.notna().to_numpy(copy=True)
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    arr = _arrow(text)
    for fmt in _time_formats(order or "dmy"):
        if not todo.any():
            break
        where = None if todo.all() else np.flatnonzero(todo)
        part = arr if where is None else arr.take(pa.array(where))
        got = pc.strptime(part, format=fmt, unit="s", error_is_null=True)
        ok = pc.is_valid(got).to_numpy(zero_copy_only=False)
        values = got.to_numpy(zero_copy_only=False).astype("datetime64[ns]")
        idx = np.flatnonzero(ok) if where is None else where[ok]
        out[idx] = values[ok]
        todo[idx] = False
    parsed = pd.Series(out, index=df.index)
    if todo.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            rest = pd.to_datetime(text[todo], errors="coerce", dayfirst=order != "mdy",
                                  format="mixed")
        parsed[todo] = rest.to_numpy()
    bad = text.notna() & parsed.isna()
    log.add(df.loc[bad, "source_row"], "timestamp_unparseable", "changed", col,
            original=df.loc[bad, col].to_numpy(dtype=object), new="",
            detail="bukan tanggal dan jam seperti 15/10/2025 08:30:00; dikosongkan")
    return parsed


class _Silent:
    """A cleaning log that keeps nothing (for reading dates outside the cleaning)."""

    def add(self, *args: object, **kwargs: object) -> None:
        return None


def submission_times(raw: RawResponses, *, date_order: str | None = None) -> pd.Series:
    """The submission time of every row of a raw export, read as the cleaning reads it.

    Parameters
    ----------
    raw : RawResponses
        From :func:`akhlak_analysis.read_responses`.
    date_order : {"dmy", "mdy"}, optional
        As the year's ``date_order`` setting (for dates the data cannot decide).

    Returns
    -------
    Series
        datetime64 per row of ``raw.data`` (same index); NaT where the file has no submission
        time or it cannot be read. The day-first/month-first decision is the cleaning's.

    Examples
    --------
    >>> from akhlak_analysis.data.io import read_responses
    >>> raw = read_responses("data/sample/responses_2024.csv", instrument="berakhlak-2024")
    >>> t = submission_times(raw)
    >>> str(t.min()), str(t.max()), int(t.isna().sum())
    ('2024-10-01 07:02:25', '2024-10-15 22:53:56', 0)
    """
    if date_order not in (None, "dmy", "mdy"):
        raise ValueError(f"date_order must be 'dmy' or 'mdy', got {date_order!r}")
    log = _Silent()
    order, _ = decide_date_order(raw, date_order, log)  # type: ignore[arg-type]
    return parse_times(raw.data, "submitted_at", log, order)  # type: ignore[arg-type]


def flag_outside_year(df: pd.DataFrame, times: pd.Series, col: str, year: int,
                      log: CleaningLog) -> int:
    """Flag (log, not change) the times of ``col`` that are not in the survey year.

    A submission in 2099, or before the survey year, is a clock or export error; the
    respondent is kept, and the log's ``timestamp_outside_year`` rows (action ``flagged``) and
    ``akhlak check`` count them. Returns the number flagged.

    Examples
    --------
    >>> from akhlak_analysis.data._log import CleaningLog
    >>> d = pd.DataFrame({"source_row": [2, 3, 4]})
    >>> t = pd.Series(pd.to_datetime(["2025-10-02", "2099-01-01", None]))
    >>> log = CleaningLog("f.csv")
    >>> flag_outside_year(d, t, "submitted_at", 2025, log)
    1
    >>> log.frame()[["source_row", "rule", "action"]].values.tolist()
    [[3, 'timestamp_outside_year', 'flagged']]
    """
    years = times.dt.year
    bad = (years.notna() & (years != int(year))).to_numpy()
    dates = times[bad].dt.strftime("%d/%m/%Y").tolist()
    log.add(df["source_row"].to_numpy()[bad], "timestamp_outside_year", "flagged", col,
            detail=[f"tanggal {d} di luar tahun survei {int(year)}; periksa jam komputer atau "
                    "ekspor" for d in dates])
    return int(bad.sum())
