"""Analysis configuration: ``analysis.yaml``.

One file says everything a yearly run needs: per year the responses file and the instrument,
the unit table, the target range, the minimum reporting group size, weighting, language, seed
and output folder. Paths are relative to the config file. Unknown keys and wrong types are
errors, never silently ignored.

Examples
--------
>>> cfg = load_config("data/sample/analysis.yaml")
>>> cfg.target, cfg.min_group_size, sorted(cfg.years)
((80.0, 90.0), 10, [2024, 2025])
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from . import defaults
from .defaults import (
    ACTION_RULES,
    ANSWER_MARGIN,
    CONFIDENCE,
    INPUT_LIMITS,
    LANGUAGE,
    MIN_N,
    SEED,
    TARGET,
    WEIGHTING,
    WEIGHTINGS,
)
from .errors import ConfigError
from .instrument import Instrument, load_instrument, normalize_text

__all__ = ["CATEGORY_ROLES", "COLUMN_ROLES", "AnalysisConfig", "CleaningRules", "FieldworkConfig",
           "InputLimits", "YearConfig", "load_config"]

#: The roles a column of a survey export can play besides the items (``columns:`` maps a role
#: to a header): times, identifiers (read to be hashed or dropped, never kept), the unit and
#: sub-unit, and the demographic categories.
COLUMN_ROLES: tuple[str, ...] = (
    "submitted_at", "started_at", "duration_s", "email", "name", "nip", "phone", "opd",
    "subunit", "employment", "position_type", "grade", "gender", "age_band", "tenure_band")
#: The demographic roles: their values are categories of a vocabulary (``values:`` adds
#: spellings), never free text.
CATEGORY_ROLES: tuple[str, ...] = ("employment", "position_type", "grade", "gender",
                                   "age_band", "tenure_band")


@dataclass(frozen=True)
class CleaningRules:
    """Cleaning choices; see :func:`akhlak_analysis.data.clean.clean_responses`.

    ``exclude_straightliners`` / ``exclude_speeders``: drop flagged respondents (else only flag).
    ``min_duration_seconds``: submissions faster than this are speeders (when a duration is
    known). ``min_answer_share``: respondents who answered fewer than this share of the items
    are excluded. ``fuzzy_cutoff``: similarity (0-1, difflib ratio) above which a misspelled
    answer label is mapped to the nearest label. ``unit_fuzzy_cutoff``: the same for unit names,
    stricter because different units differ by one word ("Dinas Pertamanan" vs "Dinas
    Pertanian" scores 0.84, a one-letter typo about 0.96).

    The loud stop: cleaning raises :class:`~akhlak_analysis.errors.DataError` instead of
    quietly losing answers when more than ``max_unrecognised_share`` of all given answer cells
    (or more than ``max_unrecognised_item_share`` of one item's) are not recognised (no label of
    the scale, or a code outside it), or when more than ``max_excluded_share`` of the rows would
    be excluded. A value of 1 switches a check off. ``answer_aliases``: extra answer texts ->
    code (e.g. ``{"Agak Setuju": 3}``), the config's way to teach the scale an export's wording.

    ``fuzzy_margin``: a misspelled answer is read as a label only when it is this much closer
    to it than to the nearest label of another code (and carries the label's modifier words,
    see :class:`~akhlak_analysis.instrument.AnswerParser`). ``category_values``: role ->
    {text -> category}, the config's top-level ``values:`` maps for the demographic columns
    (see :mod:`akhlak_analysis.data.categories`).
    """

    exclude_straightliners: bool = False
    exclude_speeders: bool = True
    min_duration_seconds: float = 90.0
    min_answer_share: float = 0.5
    fuzzy_cutoff: float = 0.8
    unit_fuzzy_cutoff: float = 0.9
    max_unrecognised_share: float = 0.02
    max_unrecognised_item_share: float = 0.10
    max_excluded_share: float = 0.25
    answer_aliases: Mapping[str, int] = field(default_factory=dict)
    fuzzy_margin: float = ANSWER_MARGIN
    category_values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class InputLimits:
    """Size limits of input files, checked before parsing (``input_limits`` in the config).

    ``max_file_mb``: a file on disk (CSV, workbook, Parquet); ``max_unpacked_mb``: a
    workbook's members unpacked, in total; ``max_unpack_ratio``: how many times its packed
    size a member above 10 MB may unpack to. Defaults in
    :data:`akhlak_analysis.defaults.INPUT_LIMITS`.
    """

    max_file_mb: float = INPUT_LIMITS["max_file_mb"]
    max_unpacked_mb: float = INPUT_LIMITS["max_unpacked_mb"]
    max_unpack_ratio: float = INPUT_LIMITS["max_unpack_ratio"]


@dataclass(frozen=True)
class YearConfig:
    """One survey year: the responses file, its instrument and how to read the file.

    ``instrument_name`` is a shipped instrument's name or the absolute path of an instrument
    file. ``sheet``: the workbook sheet; ``header_row``: the spreadsheet row number (1 = first)
    of the header, when titles stand above it and it is not found by itself; ``date_order``:
    ``"dmy"`` (day first) or ``"mdy"`` (month first) for dates the data cannot decide;
    ``columns``: role -> header of the file (the config's top-level ``columns:`` with the
    year's own ``columns:`` over it).
    """

    year: int
    responses: Path
    instrument_name: str
    sheet: str | int | None = None
    header_row: int | None = None
    date_order: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)

    @property
    def instrument(self) -> Instrument:
        return load_instrument(self.instrument_name)


@dataclass(frozen=True)
class FieldworkConfig:
    """The survey window and response-rate target of ``akhlak progress`` (key ``fieldwork``).

    ``start`` / ``end``: the first and last day of the survey window (default 1 and 15 October
    of the year monitored, the national calendar, :data:`akhlak_analysis.defaults.
    FIELDWORK_WINDOW`); ``target_rate``: the response rate (a share in (0, 1]) every unit
    should reach, or None: then only the units that will fall below ``min_group_size`` are
    flagged.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    target_rate: float | None = None

    def window(self, year: int) -> tuple[dt.date, dt.date]:
        """``(start, end)`` of the window in ``year``: the configured dates, else the defaults.

        >>> FieldworkConfig().window(2025)
        (datetime.date(2025, 10, 1), datetime.date(2025, 10, 15))
        """
        (sm, sd), (em, ed) = defaults.FIELDWORK_WINDOW
        start = self.start or dt.date(int(year), sm, sd)
        end = self.end or dt.date(int(year), em, ed)
        if end < start:
            raise ConfigError(f"the survey window ends ({end}) before it starts ({start})",
                              key="fieldwork")
        return start, end


@dataclass(frozen=True)
class AnalysisConfig:
    """A validated ``analysis.yaml``; build it with :func:`load_config`."""

    path: Path
    title: str
    organisation: str
    years: Mapping[int, YearConfig]
    report_year: int
    units: Path
    target: tuple[float, float] = TARGET
    min_group_size: int = MIN_N
    weighting: str = WEIGHTING
    language: str = LANGUAGE
    seed: int = SEED
    output_dir: Path = Path("reports")
    indicators: Path | None = None
    action_plans: Path | None = None
    id_key_file: Path | None = None
    cleaning: CleaningRules = field(default_factory=CleaningRules)
    action_plan_rules: Mapping[str, float] = field(
        default_factory=lambda: dict(ACTION_RULES))
    action_plan_as_of: str | None = None
    confidence: float = CONFIDENCE
    synthetic: bool = False
    level: str | None = None
    unit_word: str | None = None
    fieldwork: FieldworkConfig = field(default_factory=FieldworkConfig)
    benchmarks: tuple[Path, ...] = ()
    input_limits: InputLimits = field(default_factory=InputLimits)

    def monitoring_date(self, year: int | None = None) -> str:
        """The date action plans are judged at: ``action_plans.as_of``, else 31 October of the
        report year (the end of survey processing in the national calendar)."""
        y = self.report_year if year is None else int(year)
        return self.action_plan_as_of or f"{y}-10-31"

    def year(self, year: int | None = None) -> YearConfig:
        """The configuration of ``year`` (default: the report year)."""
        y = self.report_year if year is None else int(year)
        if y not in self.years:
            raise ConfigError(f"year {y} is not configured; configured years: {sorted(self.years)}",
                              file=self.path, key="years")
        return self.years[y]

    def previous_year(self, year: int | None = None) -> int | None:
        """The latest configured year before ``year``, or None."""
        y = self.report_year if year is None else int(year)
        earlier = [k for k in self.years if k < y]
        return max(earlier) if earlier else None


# key -> (accepted types, required)
_TOP: dict[str, tuple[tuple[type, ...], bool]] = {
    "title": ((str,), False),
    "organisation": ((str,), False),
    "year": ((int,), False),
    "years": ((dict,), True),
    "units": ((str,), True),
    "indicators": ((str,), False),
    "action_plans": ((str,), False),
    "target": ((list,), False),
    "min_group_size": ((int,), False),
    "weighting": ((str,), False),
    "language": ((str,), False),
    "seed": ((int,), False),
    "output_dir": ((str,), False),
    "id_key_file": ((str,), False),
    "cleaning": ((dict,), False),
    "action_plan_rules": ((dict,), False),
    "confidence": ((float, int), False),
    "synthetic": ((bool,), False),
    "level": ((str,), False),
    "unit_word": ((str,), False),
    "columns": ((dict,), False),
    "values": ((dict,), False),
    "input_limits": ((dict,), False),
    "fieldwork": ((dict,), False),
    "benchmarks": ((list,), False),
}
_FIELDWORK: dict[str, tuple[tuple[type, ...], bool]] = {
    "start": ((str, dt.date), False),
    "end": ((str, dt.date), False),
    "target_rate": ((int, float), False),
}
_YEAR: dict[str, tuple[tuple[type, ...], bool]] = {
    "responses": ((str,), True),
    "instrument": ((str,), True),
    "sheet": ((str, int), False),
    "header_row": ((int,), False),
    "date_order": ((str,), False),
    "columns": ((dict,), False),
}
DATE_ORDERS = ("dmy", "mdy")
_ACTION_RULES: dict[str, tuple[tuple[type, ...], bool]] = {
    "as_of": ((str, dt.date), False),
    "overdue_red_below": ((int, float), False),
    "behind_yellow_above": ((int, float), False),
}
_CLEANING: dict[str, tuple[tuple[type, ...], bool]] = {
    "exclude_straightliners": ((bool,), False),
    "exclude_speeders": ((bool,), False),
    "min_duration_seconds": ((int, float), False),
    "min_answer_share": ((int, float), False),
    "fuzzy_cutoff": ((int, float), False),
    "unit_fuzzy_cutoff": ((int, float), False),
    "max_unrecognised_share": ((int, float), False),
    "max_unrecognised_item_share": ((int, float), False),
    "max_excluded_share": ((int, float), False),
    "answer_aliases": ((dict,), False),
    "fuzzy_margin": ((int, float), False),
}
_LIMITS: dict[str, tuple[tuple[type, ...], bool]] = {
    key: ((int, float), False) for key in INPUT_LIMITS}


def _check(doc: Mapping[str, Any], schema: Mapping[str, tuple[tuple[type, ...], bool]],
           path: Path, prefix: str = "") -> None:
    for key in doc:
        if key not in schema:
            raise ConfigError(f"unknown key; expected one of {sorted(schema)}", file=path,
                              key=f"{prefix}{key}")
    for key, (types, required) in schema.items():
        if key not in doc or doc[key] is None:
            if required:
                raise ConfigError("required key is missing", file=path, key=f"{prefix}{key}")
            continue
        value = doc[key]
        # bool is an int subclass: accept it only where bool is asked for
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            names = " or ".join(t.__name__ for t in types)
            raise ConfigError(f"expected {names}, got {type(value).__name__} {value!r}", file=path,
                              key=f"{prefix}{key}")


def _settings(doc: Mapping[str, Any], path: Path) -> tuple:
    """The validated target, minimum group size, weighting, language and interval level."""
    target = doc.get("target", list(TARGET))
    if (len(target) != 2 or not all(isinstance(t, int | float) for t in target)
            or not 0 <= target[0] < target[1] <= 100):
        raise ConfigError(f"expected [lower, upper] with 0 <= lower < upper <= 100, got {target!r}",
                          file=path, key="target")
    min_n = doc.get("min_group_size", MIN_N)
    if min_n < 1:
        raise ConfigError(f"expected a positive integer, got {min_n}", file=path, key="min_group_size")
    weighting = doc.get("weighting", WEIGHTING)
    if weighting not in WEIGHTINGS:
        raise ConfigError(f"expected 'headcount' or 'none', got {weighting!r}", file=path,
                          key="weighting")
    language = doc.get("language", LANGUAGE)
    if language != "id":  # no setting may silently do nothing: the report is Indonesian only
        raise ConfigError(f"expected 'id' (the report, its narrative included, is written in "
                          f"Bahasa Indonesia; tables can be shown in English in code with "
                          f"to_display(..., lang='en')), got {language!r}", file=path,
                          key="language")
    confidence = float(doc.get("confidence", CONFIDENCE))
    if not 0.5 <= confidence <= 0.999:
        raise ConfigError(f"the interval level must lie in 0.5-0.999, got {confidence:g}",
                          file=path, key="confidence")
    return target, min_n, weighting, language, confidence


def load_config(path: str | Path) -> AnalysisConfig:
    """Read and validate ``analysis.yaml``.

    Besides the years, units and thresholds, ``columns:`` (at the top and per year) names the
    header of a column whose header the reader does not know (role -> header, e.g.
    ``gender: "Jenis Kelamin (L/P)"``); ``values:`` adds spellings or categories to the
    vocabulary of a demographic column (role -> {text -> category}, e.g.
    ``gender: {L: Laki-laki, P: Perempuan}``); ``input_limits:`` changes the size limits of
    input files (:class:`InputLimits`).

    Parameters
    ----------
    path : str or Path
        The configuration file. Every path inside it (responses files, the unit table,
        indicators, action plans, the id key file and an instrument given as a file) is
        relative to its folder.

    Returns
    -------
    AnalysisConfig

    Raises
    ------
    ConfigError
        Missing file, invalid YAML, unknown keys, wrong types, a path that does not exist
        (named by its key, e.g. ``years.2025.responses`` or ``indicators``), a target that is
        not two increasing numbers in 0-100, a minimum group size below 1, an unknown
        weighting, language or date order, a confidence level outside 0.5-0.999, cleaning
        thresholds outside (0, 1], an instrument that cannot be loaded, a ``fieldwork`` date
        that is not a date (``2025-10-01``) or ends before it starts, a ``target_rate``
        outside (0, 1], a ``benchmarks`` entry that is not an existing ``.json`` pack, a
        ``columns:`` role that is not one of :data:`COLUMN_ROLES` (the message lists them) or
        a header given for two roles, a ``values:`` map for a column that is not one of
        :data:`CATEGORY_ROLES` or that maps to no text, input limits that are not positive.
        The message names the file and key.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("r.csv", "u.csv"):
    ...     _ = (d / name).write_text("x\\n")
    >>> _ = (d / "a.yaml").write_text(
    ...     "years:\\n  2025: {responses: r.csv, instrument: berakhlak-2025}\\nunits: u.csv\\n")
    >>> cfg = load_config(d / "a.yaml")
    >>> cfg.report_year, cfg.target, cfg.year(2025).responses.name, cfg.confidence
    (2025, (80.0, 90.0), 'r.csv', 0.95)
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError("configuration file not found", file=path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML ({exc})", file=path) from exc
    if not isinstance(doc, dict):
        raise ConfigError("expected a mapping of keys at the top level", file=path)
    _check(doc, _TOP, path)
    base = path.parent.resolve()
    columns = _columns(doc.get("columns") or {}, path, "")
    years = {y: _year_config(y, spec, base, path, columns) for y, spec in doc["years"].items()}
    if not years:
        raise ConfigError("at least one year must be configured", file=path, key="years")
    report_year = doc.get("year", max(years))
    if report_year not in years:
        raise ConfigError(f"report year {report_year} is not among years {sorted(years)}",
                          file=path, key="year")
    target, min_n, weighting, language, confidence = _settings(doc, path)
    rules = _cleaning_rules(doc.get("cleaning") or {}, years, path)
    rules = replace(rules, category_values=_value_maps(doc.get("values") or {}, path))
    limits = _input_limits(doc.get("input_limits") or {}, path)
    thresholds, as_of = _action_plan_rules(doc.get("action_plan_rules") or {}, path)
    fieldwork = _fieldwork(doc.get("fieldwork") or {}, path)
    packs = tuple(_benchmark_pack(i, p, base, path) for i, p in enumerate(doc.get("benchmarks")
                                                                          or []))

    def opt(key: str) -> Path | None:
        return _existing(base / doc[key], path, key) if doc.get(key) else None

    return AnalysisConfig(
        path=path.resolve(),
        title=doc.get("title", "Indeks Budaya Kerja ASN BerAKHLAK"),
        organisation=doc.get("organisation", ""),
        years=dict(sorted(years.items())),
        report_year=report_year,
        units=_existing(base / doc["units"], path, "units"),
        target=(float(target[0]), float(target[1])),
        min_group_size=min_n,
        weighting=weighting,
        language=language,
        seed=doc.get("seed", SEED),
        output_dir=(base / doc.get("output_dir", "reports")).resolve(),
        indicators=opt("indicators"),
        action_plans=opt("action_plans"),
        id_key_file=opt("id_key_file"),
        cleaning=rules,
        action_plan_rules=thresholds,
        action_plan_as_of=str(as_of) if as_of is not None else None,
        confidence=confidence,
        synthetic=bool(doc.get("synthetic", False)),
        level=_level(doc.get("level"), path),
        unit_word=doc.get("unit_word"),
        fieldwork=fieldwork,
        benchmarks=packs,
        input_limits=limits,
    )


def _existing(target: Path, path: Path, key: str) -> Path:
    """``target`` if it exists, else a ConfigError naming the key and the resolved path."""
    if not target.exists():
        near = [p.name for p in target.parent.glob("*")] if target.parent.is_dir() else []
        close = difflib.get_close_matches(target.name, near, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"{target} does not exist (paths are relative to the config "
                          f"file's folder){hint}", file=path, key=key)
    return target


def _is_instrument_path(name: str) -> bool:
    return Path(name).suffix.lower() in (".yaml", ".yml") or "/" in name or "\\" in name


def _year_config(y: object, spec: object, base: Path, path: Path,
                 columns: Mapping[str, str]) -> YearConfig:
    if not isinstance(y, int) or not 2000 <= y <= 2100:
        raise ConfigError(f"year keys must be years such as 2025, got {y!r}", file=path,
                          key=f"years.{y}")
    if not isinstance(spec, dict):
        raise ConfigError("expected a mapping with responses and instrument", file=path,
                          key=f"years.{y}")
    _check(spec, _YEAR, path, f"years.{y}.")
    instrument = str(spec["instrument"])
    if _is_instrument_path(instrument):
        instrument = str(_existing(base / instrument, path, f"years.{y}.instrument"))
    try:
        load_instrument(instrument)
    except ValueError as exc:
        raise ConfigError(str(exc), file=path, key=f"years.{y}.instrument") from exc
    header_row = spec.get("header_row")
    if header_row is not None and not 1 <= header_row <= 1000:
        raise ConfigError(f"expected the spreadsheet row number of the header (1 = the first "
                          f"row), got {header_row}", file=path, key=f"years.{y}.header_row")
    order = spec.get("date_order")
    if order is not None and order not in DATE_ORDERS:
        raise ConfigError(f"expected 'dmy' (day first, 10/1/2025 = 10 January) or 'mdy' "
                          f"(month first, = 1 October), got {order!r}", file=path,
                          key=f"years.{y}.date_order")
    responses = _existing(base / spec["responses"], path, f"years.{y}.responses")
    own = _columns(spec.get("columns") or {}, path, f"years.{y}.")
    merged = {r: h for r, h in columns.items() if r not in own} | own
    _no_header_twice(merged, path, f"years.{y}.columns")
    return YearConfig(y, responses, instrument, spec.get("sheet"), header_row, order, merged)


def _columns(doc: Mapping[str, Any], path: Path, prefix: str) -> dict[str, str]:
    """A ``columns:`` mapping: known role -> the header of its column (text)."""
    out = {}
    for role, header in doc.items():
        key = f"{prefix}columns.{role}"
        if role not in COLUMN_ROLES:
            close = difflib.get_close_matches(str(role), COLUMN_ROLES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"unknown column role {role!r}; known roles: "
                              f"{', '.join(COLUMN_ROLES)}{hint}", file=path, key=key)
        if not isinstance(header, str) or not header.strip():
            raise ConfigError(f"expected the column's header as written in the file, e.g. "
                              f"{role}: \"Jenis Kelamin (L/P)\", got {header!r}", file=path,
                              key=key)
        out[str(role)] = header
    _no_header_twice(out, path, f"{prefix}columns")
    return out


def _no_header_twice(columns: Mapping[str, str], path: Path, key: str) -> None:
    seen: dict[str, str] = {}
    for role, header in columns.items():
        folded = normalize_text(header)
        if folded in seen:
            raise ConfigError(f"header {header!r} is given for two roles, {seen[folded]!r} and "
                              f"{role!r}; a column plays one role", file=path, key=key)
        seen[folded] = role


def _value_maps(doc: Mapping[str, Any], path: Path) -> dict[str, dict[str, str]]:
    """The ``values:`` maps: demographic role -> {text as written -> category}."""
    out = {}
    for role, mapping in doc.items():
        key = f"values.{role}"
        if role not in CATEGORY_ROLES:
            raise ConfigError(f"unknown demographic column {role!r}; values can be given for "
                              f"{', '.join(CATEGORY_ROLES)}", file=path, key=key)
        if not isinstance(mapping, dict) or not mapping:
            raise ConfigError("expected a mapping of texts as written in the file to "
                              "categories, e.g. {L: Laki-laki, P: Perempuan}", file=path, key=key)
        for text, category in mapping.items():
            if isinstance(text, bool) or isinstance(category, bool):
                raise ConfigError("YAML reads yes/no/true/false/on/off as true or false: put "
                                  "the text in quotes, e.g. 'Ya': ...", file=path,
                                  key=f"{key}.{text}")
            if not isinstance(text, str | int) or not str(text).strip():
                raise ConfigError(f"expected a text as written in the file, got {text!r}",
                                  file=path, key=f"{key}.{text}")
            if not isinstance(category, str) or not category.strip():
                raise ConfigError(f"expected the category as text, got {category!r}",
                                  file=path, key=f"{key}.{text}")
        out[str(role)] = {str(t).strip(): " ".join(c.split()) for t, c in mapping.items()}
    return out


def _input_limits(doc: Mapping[str, Any], path: Path) -> InputLimits:
    _check(doc, _LIMITS, path, "input_limits.")
    for name, value in doc.items():
        low = 1.0 if name == "max_unpack_ratio" else 0.0
        if not value > low:
            raise ConfigError(f"expected a number above {low:g}, got {value!r}", file=path,
                              key=f"input_limits.{name}")
    return InputLimits(**{k: float(v) for k, v in doc.items()})


def _cleaning_rules(cleaning: Mapping[str, Any], years: Mapping[int, YearConfig],
                    path: Path) -> CleaningRules:
    _check(cleaning, _CLEANING, path, "cleaning.")
    aliases = cleaning.get("answer_aliases") or {}
    for text, code in aliases.items():
        if isinstance(code, bool) or not isinstance(code, int):
            raise ConfigError(f"an answer alias maps a text to a whole-number code, got "
                              f"{code!r}", file=path, key=f"cleaning.answer_aliases.{text}")
        for yc in years.values():
            scale = yc.instrument.scale
            if not scale.min <= code <= scale.max:
                raise ConfigError(f"code {code} is outside the scale {scale.min}-{scale.max} "
                                  f"of {yc.instrument.name} ({yc.year})", file=path,
                                  key=f"cleaning.answer_aliases.{text}")
    rules = CleaningRules(**{**cleaning, "answer_aliases": {str(k): int(v)
                                                           for k, v in aliases.items()}})
    if not 0 <= rules.fuzzy_margin < 1:
        raise ConfigError("must lie in [0, 1)", file=path, key="cleaning.fuzzy_margin")
    for name in ("min_answer_share", "fuzzy_cutoff", "unit_fuzzy_cutoff",
                 "max_unrecognised_share", "max_unrecognised_item_share", "max_excluded_share"):
        if not 0 < getattr(rules, name) <= 1:
            raise ConfigError("must lie in (0, 1]", file=path, key=f"cleaning.{name}")
    return rules


#: the organisation's level (``level:``): the words the report uses for the whole
LEVELS: tuple[str, ...] = ("province", "regency", "city", "national")


def _level(level: str | None, path: Path) -> str | None:
    """``level:`` one of :data:`LEVELS` (a province, a regency/kabupaten, a city/kota, or a
    national analysis of institutions); None derives it from ``organisation``."""
    if level is not None and level not in LEVELS:
        close = difflib.get_close_matches(str(level), LEVELS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(f"level must be one of {', '.join(LEVELS)}, got {level!r}{hint}",
                          file=path, key="level")
    return level


def _action_plan_rules(plan: Mapping[str, Any], path: Path) -> tuple[dict[str, float], Any]:
    _check(plan, _ACTION_RULES, path, "action_plan_rules.")
    thresholds = {"overdue_red_below": 50.0, "behind_yellow_above": 25.0}
    thresholds.update({k: float(v) for k, v in plan.items() if k != "as_of"})
    if not all(0 <= v <= 100 for v in thresholds.values()):
        raise ConfigError("thresholds are progress points in 0-100", file=path,
                          key="action_plan_rules")
    return thresholds, plan.get("as_of")


def _date(value: object, path: Path, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"expected a date written as 2025-10-01, got {value!r}", file=path,
                          key=key) from None


def _fieldwork(spec: Mapping[str, Any], path: Path) -> FieldworkConfig:
    """The ``fieldwork`` key: survey window and target response rate."""
    _check(spec, _FIELDWORK, path, "fieldwork.")
    start, end = (_date(spec[k], path, f"fieldwork.{k}") if spec.get(k) is not None else None
                  for k in ("start", "end"))
    if start is not None and end is not None and end < start:
        raise ConfigError(f"the survey window ends ({end}) before it starts ({start})",
                          file=path, key="fieldwork.end")
    rate = spec.get("target_rate")
    if rate is not None and not 0 < rate <= 1:
        raise ConfigError(f"the target response rate is a share in (0, 1] (0.7 = 70%), got "
                          f"{rate!r}", file=path, key="fieldwork.target_rate")
    return FieldworkConfig(start, end, float(rate) if rate is not None else None)


def _benchmark_pack(i: int, value: object, base: Path, path: Path) -> Path:
    """One entry of ``benchmarks``: an existing benchmark pack (``.json``)."""
    key = f"benchmarks[{i}]"
    if not isinstance(value, str):
        raise ConfigError(f"expected the path of a benchmark pack (.json), got {value!r}",
                          file=path, key=key)
    if Path(value).suffix.lower() != ".json":
        raise ConfigError(f"a benchmark pack is a .json file written by 'akhlak benchmark "
                          f"export', got {value!r}", file=path, key=key)
    return _existing(base / value, path, key)
