"""Reading survey exports and unit tables.

The reader keeps the raw file untouched and returns every cell as text (``NIP`` is never parsed
as a number), with the columns it recognised renamed to canonical names: item codes for the
survey items (matched by code or by question text) and roles such as ``nip``, ``opd`` or
``submitted_at`` for the rest (:mod:`akhlak_analysis.data.headers`: the known spellings,
KoboToolbox group prefixes such as ``grp_nilai/BP1``, and the headers the config's
``columns:`` names). Columns it does not recognise are listed and dropped, so an unexpected
column with personal data never travels further; every failure lists the headers found.
Before anything is parsed the file's size (and a workbook's unpacked size) is checked against
the limits (:mod:`akhlak_analysis.data.guards`). Cleaning happens in
:mod:`akhlak_analysis.data.clean`.

Source rows are numbered as a spreadsheet shows them: the header is row 1, the first answer
row 2.
"""

from __future__ import annotations

import csv
import difflib
import io as _io
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import InputLimits
from ..errors import DataError
from ..instrument import Instrument, load_instrument, normalize_text
from ._files import (
    TEXT,
    cells_to_text,
    decode,
    detect_delimiter,
    parse_error,
    read_csv_file,
    read_excel_sheet,
)
from .guards import check_input_size
from .headers import ROLE_HEADERS, HeaderMatcher, describe_headers

__all__ = ["ROLE_HEADERS", "RawResponses", "UnitTable", "read_responses", "read_units"]

IDENTIFIER_ROLES = ("nip", "name", "email", "phone")


@dataclass
class RawResponses:
    """A survey export as read: text cells, canonical column names, provenance.

    Attributes
    ----------
    data : DataFrame
        One row per submitted form: ``source_row`` (spreadsheet row number), the recognised
        role columns and one column per item code found, all as text (missing = NA; the
        item columns of a CSV are categories of their texts, read that way for speed).
    source : str
        The file name (used in logs and error messages).
    item_headers : dict
        Item code -> the header it was found under.
    role_headers : dict
        Role -> the header it was found under.
    ignored_columns : list
        Headers not recognised (dropped).
    missing_items : list
        Instrument items without a column in the file.
    encoding, delimiter, sheet :
        How the file was read.
    header_row : int
        Spreadsheet row number of the header (1 unless title rows stand above it).
    blank_rows : list
        Source rows dropped because every recognised column was empty (a line of nothing but
        delimiters, an empty template row); they are not respondents.
    """

    data: pd.DataFrame
    source: str
    instrument: Instrument
    item_headers: dict[str, str]
    role_headers: dict[str, str]
    ignored_columns: list[str] = field(default_factory=list)
    missing_items: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1
    blank_rows: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.data)

    @property
    def unrecognised_columns(self) -> list[str]:
        """Headers that are neither an item nor a known role (dropped; same as ignored)."""
        return list(self.ignored_columns)


# --------------------------------------------------------------------------------------
# responses
# --------------------------------------------------------------------------------------


def read_responses(path: str | Path, *, instrument: str | Instrument,
                   sheet: str | int | None = None, header_row: int | None = None,
                   columns: Mapping[str, str] | None = None,
                   limits: InputLimits | None = None) -> RawResponses:
    """Read a survey export (CSV, Excel or Parquet) without changing anything in it.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt``/``.tsv`` (delimiter ``,`` ``;`` or tab detected; UTF-8, UTF-8 with
        BOM, UTF-16 with BOM as Excel's "Unicode Text" writes it, or cp1252),
        ``.xlsx``/``.xlsm`` (read with python-calamine) or ``.parquet``.
    instrument : str or Instrument
        The instrument whose items the file should contain; headers are matched to item codes
        by code or question text (see :meth:`Instrument.match_header`).
    sheet : str or int, optional
        Workbook sheet. By default the first sheet whose header row has item columns.
    header_row : int, optional
        Spreadsheet row number (1 = first) of the header. By default the row among the first
        20 that matches most item and role headers (title rows above it are skipped).
    columns : mapping, optional
        Role -> header, for columns whose header the reader does not know (the config's
        ``columns:``, e.g. ``{"gender": "Jenis Kelamin (L/P)"}``); see
        :class:`~akhlak_analysis.data.headers.HeaderMatcher`. KoboToolbox group prefixes
        (``grp_nilai/BP1``) are stripped for every header.
    limits : InputLimits, optional
        Size limits checked before the file is parsed (default
        :class:`~akhlak_analysis.config.InputLimits`).

    Returns
    -------
    RawResponses
        Every cell as text; see the class for the attributes. Rows whose recognised columns
        are all empty (a line of nothing but delimiters, an empty template row) are not
        respondents: they are dropped and listed in ``blank_rows``.

    Raises
    ------
    DataError
        Missing or empty file, a file above the size limits (a workbook whose members would
        unpack beyond them, checked before parsing), unreadable encoding, malformed CSV (with
        the line), unknown sheet, no item column recognised, fewer than half of the
        instrument's items found, no unit (OPD) column, a configured header not in the file,
        duplicated headers. The message names the file and column, says what was expected
        and lists the headers found.

    Examples
    --------
    >>> raw = read_responses("data/sample/responses_2024.csv", instrument="berakhlak-2024")
    >>> raw.delimiter, raw.encoding, len(raw), raw.data["source_row"].iloc[0]
    (';', 'utf-8-sig', 5391, np.int64(2))
    >>> raw.role_headers["opd"], raw.item_headers["AK1"][:40]
    ('Unit Kerja (OPD)', 'Akuntabel [Saya melaksanakan tugas denga')
    """
    ins = load_instrument(instrument)
    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", file=path)
    if path.stat().st_size == 0:
        raise DataError("file is empty", file=path)
    if header_row is not None and header_row < 1:
        raise ValueError(f"header_row is a spreadsheet row number (1 = first), got {header_row}")
    check_input_size(path, limits=limits)
    matcher = HeaderMatcher(ins, dict(columns or {}))
    suffix = path.suffix.lower()
    encoding = delimiter = sheet_name = None
    skip = 0
    if suffix in (".csv", ".txt", ".tsv"):
        frame, encoding, delimiter, skip = read_csv_file(path, matcher, header_row)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        frame, sheet_name, skip = read_excel_sheet(path, sheet, matcher, header_row)
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
        frame = frame.astype(object).where(frame.notna(), None)
        frame = cells_to_text(frame)
    else:
        raise DataError(f"unsupported file type {suffix!r}; expected .csv, .xlsx or .parquet",
                        file=path)
    if frame.shape[0] == 0:
        raise DataError("file has a header but no answer rows", file=path)
    return _map_columns(frame, path, matcher, encoding, delimiter, sheet_name, skip + 1)


def _assign_headers(headers: list[str], matcher: HeaderMatcher, path: Path
                    ) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(item code -> header, role -> header, headers not read); configured headers first."""
    items: dict[str, str] = {}
    roles: dict[str, str] = {}
    configured = matcher.configured
    for h in headers:
        role = configured.get(normalize_text(h))
        if role is None:  # KoboToolbox group prefixes: "grp/Jenis Kelamin (L/P)"
            parts = h.split("/")
            tails = ("/".join(parts[i:]) for i in range(1, len(parts)))
            role = next((configured[normalize_text(t)] for t in tails
                         if normalize_text(t) in configured), None)
        if role is not None:
            roles[role] = h
    for role, header in matcher.columns.items():
        if role not in roles:
            close = difflib.get_close_matches(header, headers, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise DataError(f"the header {header!r} given for {role!r} is not in the file"
                            f"{hint}; {describe_headers(headers)}", file=path,
                            key=f"columns.{role}")
    ignored: list[str] = []
    for h in headers:
        if h in roles.values():
            continue
        code, role = matcher.match(h)
        if code is not None and code not in items:
            items[code] = h
        elif role is not None and role not in roles:
            roles[role] = h
        else:
            ignored.append(h)
    return items, roles, ignored


def _map_columns(frame: pd.DataFrame, path: Path, matcher: HeaderMatcher, encoding: str | None,
                 delimiter: str | None, sheet: str | None, header_row: int = 1) -> RawResponses:
    ins = matcher.instrument
    headers = [str(c) for c in frame.columns]
    dup = [h for h in headers if headers.count(h) > 1 or re.search(r"\.\d+$", h)
           and h.rsplit(".", 1)[0] in headers]
    if dup:
        raise DataError("duplicated column header; every question must appear once",
                        file=path, column=dup[0])
    items, roles, ignored = _assign_headers(headers, matcher, path)
    if not items:
        sample_items = ", ".join(repr(it.text[:40] + "...") for it in ins.items[:2])
        raise DataError(
            f"no item column recognised for instrument {ins.name}; expected headers such as "
            f"the item codes ({', '.join(ins.item_codes[:3])}, ...) or the question texts "
            f"({sample_items}), also after a group prefix such as 'grp_nilai/'; "
            f"{describe_headers(headers)}", file=path)
    missing = [c for c in ins.item_codes if c not in items]
    if len(missing) > len(ins.items) / 2:
        raise DataError(
            f"only {len(items)} of the {len(ins.items)} items of {ins.name} were found "
            f"(missing {missing[:5]}...); is this the right instrument for this file? "
            f"{describe_headers(headers)}", file=path)
    if "opd" not in roles:
        raise DataError("required column missing: the unit (OPD) of the respondent; expected a "
                        "header such as 'Unit Kerja (OPD)' or 'OPD', or name yours in the "
                        "config (columns: {opd: \"<header>\"}); "
                        f"{describe_headers(ignored)} (not read)", file=path, column="OPD")
    if missing:
        warnings.warn(f"{path.name}: items {missing} of {ins.name} have no column; their answers "
                      "are treated as missing", stacklevel=3)
    cols = {**{h: r for r, h in roles.items()}, **{h: c for c, h in items.items()}}
    data = frame[list(cols)].rename(columns=cols)
    for c in data.columns:  # text, or (answers from pyarrow) categories of text
        if not isinstance(data[c].dtype, pd.CategoricalDtype) and data[c].dtype != TEXT:
            data[c] = data[c].astype(TEXT)
    source_row = np.arange(header_row + 1, header_row + 1 + len(data))
    blank = data.isna().all(axis=1).to_numpy()
    if blank.any():
        data = data[~blank]
    for code in missing:
        data[code] = pd.Series(pd.NA, index=data.index, dtype=TEXT)
    role_order = [r for r in ROLE_HEADERS if r in data.columns]
    data = data[role_order + ins.item_codes]
    data.insert(0, "source_row", source_row[~blank])
    data = data.reset_index(drop=True)
    if len(data) == 0:
        raise DataError("file has a header but no answer rows", file=path)
    return RawResponses(data=data, source=path.name, instrument=ins, item_headers=items,
                        role_headers=roles, ignored_columns=ignored, missing_items=missing,
                        encoding=encoding, delimiter=delimiter, sheet=sheet,
                        header_row=header_row, blank_rows=source_row[blank].tolist())


# --------------------------------------------------------------------------------------
# unit table
# --------------------------------------------------------------------------------------
_UNIT_COLUMNS = ("code", "name", "level", "parent", "opd_type", "aliases", "replaced_by")
LEVELS = ("opd", "subunit")


@dataclass
class UnitTable:
    """The unit hierarchy (sub-unit -> OPD -> OPD type -> province) with names and headcounts.

    Attributes
    ----------
    table : DataFrame
        One row per unit: ``code``, ``name``, ``level`` (``opd`` or ``subunit``), ``parent``
        (OPD code of a sub-unit), ``opd_type``, ``aliases`` (list), ``replaced_by`` and one
        ``headcount_<year>`` column per year (NA when the unit did not exist).
    source : str
        File name, for messages.
    """

    table: pd.DataFrame
    source: str = "units"

    @cached_property
    def _by_code(self) -> pd.DataFrame:
        """The table indexed by code (the table is treated as read-only after reading)."""
        return self.table.set_index("code")

    @property
    def years(self) -> list[int]:
        return sorted(int(c.split("_")[1]) for c in self.table.columns
                      if c.startswith("headcount_"))

    def headcount(self, year: int, level: str = "opd") -> pd.Series:
        """Headcount per unit code for ``year`` (units that existed that year only).

        ``level`` is ``"opd"``, ``"subunit"`` or ``"opd_type"`` (summed over OPDs).
        """
        col = f"headcount_{year}"
        if col not in self.table.columns:
            raise DataError(f"no headcount for {year}; expected a column {col!r}",
                            file=self.source, column=col)
        t = self.table
        if level == "opd_type":
            opd = t[(t["level"] == "opd") & t[col].notna()]
            return opd.groupby("opd_type")[col].sum().astype("int64")
        sel = t[(t["level"] == level) & t[col].notna()]
        return pd.Series(sel[col].to_numpy(dtype="int64"), index=sel["code"].to_numpy(),
                         name="headcount")

    def frame(self, year: int, level: str = "opd") -> pd.DataFrame:
        """The units of ``level`` that existed in ``year``: ``code``, ``name``, ``opd_type``,
        ``headcount`` (int), in the table's order (the ``units`` frame of ``rank_units``).

        Examples
        --------
        >>> units = read_units("data/sample/units.csv")
        >>> f = units.frame(2025)
        >>> f.columns.tolist(), len(f), "BAPPEDALITBANG" in set(f["code"])
        (['code', 'name', 'opd_type', 'headcount'], 44, False)
        """
        if level not in ("opd", "subunit"):
            raise DataError(f"level must be 'opd' or 'subunit', got {level!r}", key="level")
        head = self.headcount(year, level=level)
        t = self.table
        t = t[(t["level"] == level) & t["code"].isin(head.index)]
        out = pd.DataFrame({"code": t["code"].astype(str).to_numpy(),
                            "name": t["name"].astype(str).to_numpy(),
                            "opd_type": t["opd_type"].astype(str).to_numpy()})
        out["headcount"] = head.reindex(out["code"]).to_numpy(dtype="int64")
        return out

    def names(self) -> pd.Series:
        """Canonical name per unit code."""
        return pd.Series(self.table["name"].to_numpy(), index=self.table["code"].to_numpy())

    def opd_types(self) -> pd.Series:
        return pd.Series(self.table["opd_type"].to_numpy(), index=self.table["code"].to_numpy())

    def successor(self, code: str, year: int) -> str:
        """Follow ``replaced_by`` until a unit that existed in ``year`` (or the end)."""
        col = f"headcount_{year}"
        t = self._by_code
        seen = {code}
        while code in t.index and col in t.columns and pd.isna(t.at[code, col]):
            nxt = t.at[code, "replaced_by"]
            if pd.isna(nxt) or nxt in seen:
                break
            code = str(nxt)
            seen.add(code)
        return code

    def successors(self, year: int) -> dict[str, str]:
        """Every unit code -> :meth:`successor` for ``year`` (one pass, for bulk mapping)."""
        return {code: self.successor(code, year) for code in self.table["code"]}

    def name_index(self, level: str = "opd", parent: str | None = None) -> dict[str, str]:
        """Normalized code, name and alias -> unit code, for one level (and parent)."""
        t = self.table[self.table["level"] == level]
        if parent is not None:
            t = t[t["parent"] == parent]
        out: dict[str, str] = {}
        for code, name, aliases in zip(t["code"], t["name"], t["aliases"], strict=True):
            for text in (code, name, *aliases):
                out.setdefault(normalize_text(text), code)
        return out


#: a unit code: it becomes part of file names (cards), so nothing that leaves the folder
_SAFE_CODE = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"


def read_units(path: str | Path, *, limits: InputLimits | None = None) -> UnitTable:
    """Read and validate the unit table (CSV or XLSX).

    Parameters
    ----------
    path : str or Path
        Required columns: ``code``, ``name`` and one ``headcount_<year>`` per year. Optional:
        ``level`` (``opd`` or ``subunit``; blank means ``subunit`` when ``parent`` is given,
        else ``opd``), ``parent`` (the OPD code of a sub-unit), ``opd_type`` (a sub-unit
        without one inherits its OPD's), ``aliases`` (``|``-separated alternative names:
        abbreviations, misspellings, old names) and ``replaced_by`` (the unit that continues a
        renamed or merged one).

    Returns
    -------
    UnitTable
        The table with every optional column present (missing = NA, aliases a list).

    Raises
    ------
    DataError
        Malformed CSV (with the line), missing required columns, duplicate codes, unknown
        level, a sub-unit whose parent is not an OPD, ``replaced_by`` naming an unknown unit,
        headcounts that are not whole numbers >= 0, a file above the size limits
        (``limits``, default :class:`~akhlak_analysis.config.InputLimits`).

    Notes
    -----
    Rows are numbered as a spreadsheet shows them (header = row 1).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "u.csv"
    >>> _ = p.write_text("code,name,aliases,headcount_2025\\n"
    ...                  "DINKES,Dinas Kesehatan,Dinkes|Dinas Kesehtan,250\\n")
    >>> u = read_units(p)
    >>> u.headcount(2025).to_dict(), u.name_index()["dinkes"], u.table.at[0, "level"]
    ({'DINKES': 250}, 'DINKES', 'opd')
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("unit table not found", file=path)
    check_input_size(path, limits=limits)
    t = _read_unit_file(path)
    t.columns = [str(c).strip() for c in t.columns]
    missing = [c for c in ("code", "name") if c not in t.columns]
    if missing:
        raise DataError(f"required column(s) missing: {missing}; the unit table needs code, "
                        f"name and headcount_<year>; {describe_headers(t.columns)}",
                        file=path, column=missing[0])
    hc_cols = [c for c in t.columns if re.fullmatch(r"headcount_\d{4}", c)]
    if not hc_cols:
        raise DataError("no headcount column; expected e.g. 'headcount_2025'; "
                        f"{describe_headers(t.columns)}", file=path)
    for c in _UNIT_COLUMNS:
        if c not in t.columns:
            t[c] = pd.Series(pd.NA, index=t.index, dtype=object)
    for c in ("code", "name"):
        bad = t.index[t[c].isna()]
        if len(bad):
            raise DataError("value required", file=path, column=c, rows=(bad + 2).tolist())
    t["code"] = t["code"].str.strip()
    unsafe = t.index[~t["code"].str.fullmatch(_SAFE_CODE)]
    if len(unsafe):  # codes name files (opd/<CODE>.pdf): letters, digits, '_', '-', '.' only
        raise DataError("a unit code may hold only letters, digits, '_', '-' and '.', and "
                        f"must start with a letter or digit; got {t.at[unsafe[0], 'code']!r}",
                        file=path, column="code", rows=(unsafe + 2).tolist())
    t["level"] = t["level"].where(t["level"].notna(),
                                  np.where(t["parent"].notna(), "subunit", "opd"))
    _check_units(t, path)
    for c in hc_cols:
        num = pd.to_numeric(t[c], errors="coerce")
        bad = t.index[(t[c].notna() & (num.isna() | (num < 0) | (num % 1 != 0)))]
        if len(bad):
            raise DataError("headcount must be a whole number >= 0 (or empty if the unit did not "
                            "exist that year)", file=path, column=c, rows=(bad + 2).tolist())
        t[c] = num.astype("Int64")
    opd_type = t.loc[t["level"] == "opd"].set_index("code")["opd_type"]
    inherit = (t["level"] == "subunit") & t["opd_type"].isna()
    t.loc[inherit, "opd_type"] = t.loc[inherit, "parent"].map(opd_type)
    t["aliases"] = [_split_aliases(a) for a in t["aliases"]]
    t = t[[*_UNIT_COLUMNS, *[c for c in t.columns if c not in _UNIT_COLUMNS]]]
    return UnitTable(t.reset_index(drop=True), source=path.name)


def _read_unit_file(path: Path) -> pd.DataFrame:
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        try:
            t = pd.read_excel(path, dtype=object, engine="calamine")
        except Exception as exc:
            raise DataError(f"cannot read the workbook ({exc})", file=path) from exc
        return t.apply(lambda col: col.map(
            lambda v: v if v is None or (isinstance(v, float) and np.isnan(v))
            else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)))
    text, _ = decode(path.read_bytes(), path)
    try:
        return pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False,
                           na_values=[""], sep=detect_delimiter(text), engine="c")
    except (pd.errors.ParserError, csv.Error) as exc:
        raise parse_error(exc, path, 0) from exc


def _check_units(t: pd.DataFrame, path: Path) -> None:
    dup = t.index[t["code"].duplicated()]
    if len(dup):
        raise DataError(f"duplicate unit code {t.at[dup[0], 'code']!r}", file=path, column="code",
                        rows=(dup + 2).tolist())
    bad = t.index[~t["level"].isin(LEVELS)]
    if len(bad):
        raise DataError(f"unknown level {t.at[bad[0], 'level']!r}; expected one of {LEVELS}",
                        file=path, column="level", rows=(bad + 2).tolist())
    opds = set(t.loc[t["level"] == "opd", "code"])
    bad = t.index[(t["level"] == "subunit") & ~t["parent"].isin(opds)]
    if len(bad):
        raise DataError("a sub-unit's parent must be the code of an OPD in this table",
                        file=path, column="parent", rows=(bad + 2).tolist())
    bad = t.index[t["replaced_by"].notna() & ~t["replaced_by"].isin(set(t["code"]))]
    if len(bad):
        raise DataError("replaced_by must name a unit code in this table", file=path,
                        column="replaced_by", rows=(bad + 2).tolist())


def _split_aliases(text: object) -> list[str]:
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return []
    return [a.strip() for a in str(text).split("|") if a.strip()]


def closest(text: str, choices: Iterable[str], cutoff: float) -> str | None:
    """The choice most similar to ``text`` (difflib ratio >= cutoff), or None.

    >>> closest("setju", ["setuju", "sangat setuju"], 0.8)
    'setuju'
    """
    found = difflib.get_close_matches(text, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None
