"""Size guards on input files, checked before anything parses them.

A workbook (``.xlsx``, ``.xlsm``, ``.ods``) is a zip archive: a 1.7 MB file can unpack to
600 MB of XML and take a reader to gigabytes of memory. :func:`check_input_size` reads the
archive's directory (no member is unpacked) and stops when the file, the members' unpacked
total or one large member's unpack ratio exceeds :class:`~akhlak_analysis.config.InputLimits`;
then it unpacks each member in chunks, counting, so that a directory that understates the
sizes is caught too (the unpacking stops at the limit). Text files and Parquet files are
limited by their size on disk.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..config import InputLimits
from ..errors import DataError

__all__ = ["RATIO_FLOOR_MB", "check_input_size"]

#: members unpacking to less than this are not held to the ratio (a small, very repetitive
#: XML part compresses well and is harmless)
RATIO_FLOOR_MB = 10.0
_MB = 1024 * 1024
_CHUNK = 4 * _MB
_ZIPPED = (".xlsx", ".xlsm", ".ods")


def check_input_size(path: str | Path, *, limits: InputLimits | None = None) -> None:
    """Stop before parsing a file that is larger, or unpacks larger, than the limits allow.

    Parameters
    ----------
    path : str or Path
        Any input file; workbooks (``.xlsx``, ``.xlsm``, ``.ods``) are also checked as
        archives.
    limits : InputLimits, optional
        The config's ``input_limits`` (default :class:`~akhlak_analysis.config.InputLimits`).

    Raises
    ------
    DataError
        Naming the file, the size found and the limit with its config key: the file above
        ``max_file_mb``; the members unpacking to more than ``max_unpacked_mb`` in total; a
        member above :data:`RATIO_FLOOR_MB` unpacking more than ``max_unpack_ratio`` times
        its packed size; a workbook that is not a readable archive.

    Examples
    --------
    >>> import tempfile, zipfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bomb.xlsx"
    >>> with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
    >>> check_input_size(p)
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: .../bomb.xlsx: member 'xl/worksheets/sheet1.xml' unpacks to 28.6 MB, ... times its packed size (limit 100 times, input_limits.max_unpack_ratio); not read: is this really a survey export?
    """
    path = Path(path)
    limits = limits or InputLimits()
    size = path.stat().st_size
    if size > limits.max_file_mb * _MB:
        raise DataError(f"the file is {size / _MB:.1f} MB, above the limit of "
                        f"{limits.max_file_mb:g} MB (input_limits.max_file_mb); not read",
                        file=path)
    if path.suffix.lower() in _ZIPPED:
        _check_archive(path, limits)


def _check_archive(path: Path, limits: InputLimits) -> None:
    """The directory's sizes, then the members unpacked in chunks, against the limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_declared(path, members, limits)
            _check_unpacked(path, archive, members, limits)
    except zipfile.BadZipFile as exc:
        raise DataError(f"the workbook is damaged or not a workbook ({exc}); save it again "
                        "from the spreadsheet program", file=path) from exc


def _too_big(path: Path, total: int, limits: InputLimits) -> DataError:
    return DataError(f"the workbook unpacks to more than {total / _MB:.1f} MB, above the limit "
                     f"of {limits.max_unpacked_mb:g} MB (input_limits.max_unpacked_mb); not "
                     "read: is this really a survey export?", file=path)


def _check_declared(path: Path, members: list[zipfile.ZipInfo], limits: InputLimits) -> None:
    total = sum(m.file_size for m in members)
    if total > limits.max_unpacked_mb * _MB:
        raise _too_big(path, total, limits)
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_FLOOR_MB * _MB and ratio > limits.max_unpack_ratio:
            raise DataError(
                f"member {m.filename!r} unpacks to {m.file_size / _MB:.1f} MB, {ratio:.0f} "
                f"times its packed size (limit {limits.max_unpack_ratio:g} times, "
                "input_limits.max_unpack_ratio); not read: is this really a survey export?",
                file=path)


def _check_unpacked(path: Path, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo],
                    limits: InputLimits) -> None:
    """Unpack every member in chunks (nothing kept): the real sizes, whatever the directory
    says; Python's zip reader stops at the declared size and checks the CRC."""
    total = 0
    for m in members:
        with archive.open(m) as fh:
            while chunk := fh.read(_CHUNK):
                total += len(chunk)
                if total > limits.max_unpacked_mb * _MB:
                    raise _too_big(path, total, limits)
