"""Check a configuration and every input before anything runs: ``akhlak check``.

:func:`check_inputs` loads the config (paths, keys, thresholds), reads the unit table and reads
and cleans each configured year once, with every input rule and the loud stop of
:func:`~akhlak_analysis.data.clean.clean_responses`. It returns what it found as a small
dataclass whose ``str()`` is the readable English summary ``akhlak check`` prints; a bad input
raises the :class:`~akhlak_analysis.errors.AkhlakError` that names the file, key, column and
rows. The clean results are kept (``YearCheck.result``) so a caller can reuse them.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import AnalysisConfig, load_config
from ..errors import DataError
from .clean import DEMOGRAPHICS, CleanResult, clean_responses, configured_id_key, read_year
from .headers import suggest_columns
from .io import UnitTable, read_units

__all__ = ["InputCheck", "YearCheck", "check_headcounts", "check_inputs", "mapped_spellings"]


@dataclass
class YearCheck:
    """What one configured year's export gave.

    Attributes
    ----------
    year : int
    file : Path
        The responses file.
    instrument : str
        Name of the year's instrument.
    rows_read, rows_kept : int
        Respondent rows read (blank rows not counted) and kept after cleaning.
    rows_excluded : dict
        Excluded rows per primary reason (only reasons that occurred).
    blank_rows : int
        Rows dropped as blank (not respondents).
    units_matched : int
        OPDs of the unit table (existing that year) with at least one kept respondent.
    units_in_table : int
        OPDs of the unit table existing that year.
    units_unmatched : dict
        Unit name as written in the file -> rows, for names not found in the unit table.
    unrecognised_columns, missing_items : list
        Headers not read; instrument items without a column.
    unrecognised_share : float
        Share of the given answer cells not recognised.
    top_unrecognised : list
        The most common unrecognised answer texts as ``(text, cells)``.
    date_order, date_order_reason : str or None, str
        How ambiguous dates were read and why.
    demographics : dict
        Demographic role (``position_type``, ``gender``, ...) -> whether the export has it
        with at least one answer.
    mapped_answers : list
        Answer spellings read as a label by similarity, ``(text, code, cells)``, commonest
        first (``Setju -> 4``): the user should see that each is what it seems.
    abbreviations : list
        Abbreviations and aliases read as a label, ``(text, code, cells)``.
    suggested_columns : dict
        Header not read -> the role it resembles (a ``columns:`` entry to add).
    categories_unrecognised : dict
        Demographic role -> cells whose value is no category (missing or ``Lainnya``).
    times_outside_year : int
        Rows whose submission (or start) time lies outside the survey year (flagged).
    result : CleanResult
        The clean result itself (not printed).
    """

    year: int
    file: Path
    instrument: str
    rows_read: int
    rows_kept: int
    rows_excluded: dict[str, int]
    blank_rows: int
    units_matched: int
    units_in_table: int
    units_unmatched: dict[str, int]
    unrecognised_columns: list[str]
    missing_items: list[str]
    unrecognised_share: float
    top_unrecognised: list[tuple[str, int]]
    date_order: str | None
    date_order_reason: str
    demographics: dict[str, bool]
    mapped_answers: list[tuple[str, str, int]] = field(default_factory=list)
    abbreviations: list[tuple[str, str, int]] = field(default_factory=list)
    suggested_columns: dict[str, str] = field(default_factory=dict)
    categories_unrecognised: dict[str, int] = field(default_factory=dict)
    times_outside_year: int = 0
    result: CleanResult | None = field(default=None, repr=False)


@dataclass
class InputCheck:
    """The outcome of :func:`check_inputs`: the config, the unit table and each year.

    ``optional`` maps each optional input (``indicators``, ``action_plans``, ``id_key_file``)
    to its path, or None when not configured; ``id_key_configured`` says whether a
    respondent-id key is configured at all (``AKHLAK_ID_KEY``, ``AKHLAK_ID_KEY_FILE`` or
    ``id_key_file``). ``str(check)`` is the readable summary.
    """

    config: AnalysisConfig
    units: UnitTable
    years: dict[int, YearCheck]
    optional: dict[str, Path | None]
    id_key_configured: bool = True

    def __str__(self) -> str:
        return format_check(self)


def check_inputs(config: AnalysisConfig | str | Path, *,
                 year: int | None = None) -> InputCheck:
    """Load the config and read and clean every configured year (or one), once each.

    Parameters
    ----------
    config : AnalysisConfig or str or Path
        A loaded config or the path of ``analysis.yaml``.
    year : int, optional
        Check only this year (it must be configured).

    Returns
    -------
    InputCheck
        Per year: file, rows read, kept and excluded by rule, blank rows, units matched and
        unmatched, unrecognised columns, missing items, the unrecognised answer share and its
        commonest values, the date order, which demographic columns are present; and which
        optional inputs are configured.

    Raises
    ------
    ConfigError, DataError, InstrumentError
        The first bad input, naming its file and key, column or rows (the loud stop of
        cleaning included); a unit with more kept respondents than its headcount (a
        DataError naming the units, the year, n and the headcount).

    Examples
    --------
    >>> chk = check_inputs("data/sample/analysis.yaml", year=2024)
    >>> y = chk.years[2024]
    >>> y.rows_read == y.rows_kept + sum(y.rows_excluded.values()), y.units_unmatched
    (True, {'Dinas Pertamanan': 6})
    >>> print(str(chk).splitlines()[0])
    Configuration data/sample/analysis.yaml: report year 2025, years 2024, 2025
    """
    cfg = config if isinstance(config, AnalysisConfig) else load_config(config)
    units = read_units(cfg.units, limits=cfg.input_limits)
    years = [cfg.year(year).year] if year is not None else list(cfg.years)
    checks = {}
    for y in years:
        if y not in units.years:
            raise DataError(f"the unit table has no headcount column for {y}",
                            file=cfg.units, column=f"headcount_{y}")
        checks[y] = _check_year(cfg, y, units)
    optional = {"indicators": cfg.indicators, "action_plans": cfg.action_plans,
                "id_key_file": cfg.id_key_file}
    return InputCheck(cfg, units, checks, optional,
                      id_key_configured=configured_id_key(cfg) is not None)


def _check_year(cfg: AnalysisConfig, year: int, units: UnitTable) -> YearCheck:
    yc = cfg.year(year)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing items are listed instead
        raw = read_year(cfg, year)
    res = clean_responses(raw, units=units, year=year, rules=cfg.cleaning, key=b"check",
                          date_order=yc.date_order)
    check_headcounts(res.data, units, year)
    log = res.log
    unknown = log[log["rule"] == "unknown_unit"]
    unmatched = unknown["original"].replace("", "(empty)").value_counts()
    existing = units.headcount(year).index
    bad = log.loc[log["rule"].isin(["answer_unrecognised", "answer_out_of_range"]), "original"]
    top = bad.value_counts().head(5)
    present = {c: c in raw.data.columns and bool(raw.data[c].notna().any()) for c in DEMOGRAPHICS}
    categories = log.loc[log["rule"] == "category_unrecognised", "column"].value_counts()
    return YearCheck(
        year=year, file=yc.responses, instrument=yc.instrument.name, rows_read=res.n_in,
        rows_kept=len(res.data), rows_excluded={str(k): int(v) for k, v in
                                                res.exclusions().items()},
        blank_rows=len(res.blank_rows),
        units_matched=int(existing.isin(res.data["opd"].unique()).sum()),
        units_in_table=len(existing),
        units_unmatched={str(k): int(v) for k, v in unmatched.items()},
        unrecognised_columns=list(res.unrecognised_columns),
        missing_items=list(res.missing_items), unrecognised_share=res.unrecognised_share,
        top_unrecognised=[(str(k), int(v)) for k, v in top.items()],
        date_order=res.date_order, date_order_reason=res.date_order_reason,
        demographics=present, mapped_answers=mapped_spellings(log, "answer_label_fuzzy"),
        abbreviations=mapped_spellings(log, "answer_abbreviation"),
        suggested_columns=suggest_columns(raw.ignored_columns, taken=raw.role_headers),
        categories_unrecognised={str(k): int(v) for k, v in categories.items()},
        times_outside_year=int(log.loc[log["rule"] == "timestamp_outside_year",
                                       "source_row"].nunique()),
        result=res)


def mapped_spellings(log, rule: str) -> list[tuple[str, str, int]]:
    """(text as written, code read, cells) of one answer rule, commonest first."""
    rows = log[log["rule"] == rule]
    counts = rows.groupby(["original", "new"], sort=False).size().sort_values(
        ascending=False, kind="stable")
    return [(str(t), str(c), int(n)) for (t, c), n in counts.items()]


def check_headcounts(data: pd.DataFrame, units: UnitTable, year: int) -> None:
    """DataError when a unit has more respondents than its headcount in ``year``.

    Parameters
    ----------
    data : DataFrame
        Clean respondents (``opd`` and ``subunit`` codes).
    units : UnitTable
    year : int

    Raises
    ------
    DataError
        Naming every such unit with its year, respondents ``n`` and headcount ``N``: the
        finite-population correction ``1 - n/N`` would be negative (R's ``svydesign`` stops:
        "FPC implies >100% sampling").

    Examples
    --------
    >>> u = UnitTable(pd.DataFrame({"code": ["A"], "name": ["Dinas A"], "level": "opd",
    ...     "parent": None, "opd_type": None, "aliases": [[]], "replaced_by": None,
    ...     "headcount_2025": pd.array([5], dtype="Int64")}), source="units.csv")
    >>> check_headcounts(pd.DataFrame({"opd": ["A"] * 6, "subunit": None}), u, 2025)
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: units.csv, column "headcount_2025", row 2: more respondents than staff in 2025: 'A' (Dinas A) 6 respondents, headcount 5; ...
    """
    names = units.names()
    over = []
    for level in ("opd", "subunit"):
        if level not in data.columns:
            continue
        n = data[level].dropna().value_counts()
        head = units.headcount(year, level=level)
        common = n.index.intersection(head.index)
        over += [(c, int(n[c]), int(head[c])) for c in common if n[c] > head[c]]
    if not over:
        return
    listed = "; ".join(f"{c!r} ({names.get(c, c)}) {k} respondents, headcount {h}"
                       for c, k, h in over[:10])
    listed += f"; and {len(over) - 10} more units" if len(over) > 10 else ""
    rows = [int(i) + 2 for i in units.table.index[units.table["code"].isin([c for c, _, _ in
                                                                            over])]]
    raise DataError(
        f"more respondents than staff in {year}: {listed}; the headcount is the unit's staff "
        f"in {year} (the finite-population correction 1 - n/N would be negative; R's "
        "svydesign stops with 'FPC implies >100% sampling'). Fix the headcount in the unit "
        "table, or check that the respondents' unit names map to the right unit",
        file=units.source, column=f"headcount_{year}", rows=rows)


def _relative(path: Path | None, base: Path) -> str:
    if path is None:
        return "not configured"
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


#: what ``akhlak check`` says when no respondent-id key is configured
NO_KEY_ADVICE = (
    "WARNING: no respondent-id key is configured, so respondent ids are made with a key for "
    "this run only and next year's ids will not link to this year's (the change per person "
    "and its smaller uncertainty are lost). Put a long random text in a file outside git, e.g. "
    "python3 -c \"import secrets; print(secrets.token_hex(32))\" > ~/.akhlak_id_key, and "
    "point to it with the environment variable AKHLAK_ID_KEY_FILE=~/.akhlak_id_key or with "
    "id_key_file: in analysis.yaml (make report creates .akhlak_id_key in the repository). "
    "Keep the same key every year.")


def format_check(check: InputCheck) -> str:
    """The readable English summary of an :class:`InputCheck` (what ``akhlak check`` prints)."""
    cfg = check.config
    base = cfg.path.parent
    shown = _relative(cfg.path, Path.cwd())
    lines = [f"Configuration {shown}: report year {cfg.report_year}, years "
             f"{', '.join(map(str, cfg.years))}",
             f"Unit table {_relative(cfg.units, base)}: {len(check.units.table)} units"]
    for key, path in check.optional.items():
        lines.append(f"{key}: {_relative(path, base)}")
    if not check.id_key_configured:
        lines.append(NO_KEY_ADVICE)
    for y in check.years.values():
        lines += _format_year(y, base)
    return "\n".join(lines)


def _spellings(pairs: list[tuple[str, str, int]], limit: int = 10) -> str:
    shown = ", ".join(f"{t!r} -> {c} ({n} cells)" for t, c, n in pairs[:limit])
    return shown + (f", and {len(pairs) - limit} more" if len(pairs) > limit else "")


def _format_year(y: YearCheck, base: Path) -> list[str]:
    excluded = sum(y.rows_excluded.values())
    reasons = ", ".join(f"{k} {v}" for k, v in y.rows_excluded.items()) or "none"
    out = [f"{y.year}: {_relative(y.file, base)} (instrument {y.instrument})",
           f"  rows read {y.rows_read}, kept {y.rows_kept}, excluded {excluded} ({reasons})"
           + (f"; {y.blank_rows} blank row(s) dropped" if y.blank_rows else ""),
           f"  units: {y.units_matched} of {y.units_in_table} OPDs have respondents"
           + ("; not in the unit table: " + ", ".join(
               f"{k!r} ({v} rows)" for k, v in list(y.units_unmatched.items())[:5])
              if y.units_unmatched else "")]
    share = f"  answers not recognised: {y.unrecognised_share:.2%}"
    if y.top_unrecognised:
        share += " (most common: " + ", ".join(f"{t!r} {n}" for t, n in y.top_unrecognised) + ")"
    out.append(share)
    if y.mapped_answers:
        out.append("  misspelled answers read as a label (check each): "
                   + _spellings(y.mapped_answers))
    if y.abbreviations:
        out.append("  abbreviations and aliases read as a label: " + _spellings(y.abbreviations))
    out.append("  columns not recognised: " + (", ".join(repr(c) for c in y.unrecognised_columns)
                                               or "none"))
    if y.suggested_columns:
        out.append("  if these are the columns they resemble, add to analysis.yaml:")
        out.append("    columns:")
        out += [f"      {role}: {header!r}" for header, role in y.suggested_columns.items()]
    if y.missing_items:
        out.append(f"  items without a column: {', '.join(y.missing_items)}")
    if y.date_order:
        order = "day first" if y.date_order == "dmy" else "month first"
        out.append(f"  dates read {order} ({_REASONS.get(y.date_order_reason[:12], 'see log')})")
    if y.times_outside_year:
        out.append(f"  submission times outside {y.year}: {y.times_outside_year} row(s), kept "
                   "and flagged in the cleaning log (timestamp_outside_year); check the export")
    have = [c for c, ok in y.demographics.items() if ok]
    lack = [c for c, ok in y.demographics.items() if not ok]
    out.append(f"  demographic columns present: {', '.join(have) or 'none'}"
               + (f"; absent: {', '.join(lack)}" if lack else ""))
    if y.categories_unrecognised:
        out.append("  demographic values that are no category (set to missing or 'Lainnya'): "
                   + ", ".join(f"{k} {v} cells" for k, v in y.categories_unrecognised.items())
                   + "; if they are categories, add their spellings under values: in "
                   "analysis.yaml (e.g. values: {gender: {L: Laki-laki}})")
    return out


#: the cleaning log's Indonesian reasons for the date order, in English (by their start)
_REASONS: Mapping[str, str] = {
    "ditentukan d": "decided by the data: a number above 12",
    "dari pengatu": "from the year's date_order setting",
    "kebiasaan ek": "the export's convention",
}
