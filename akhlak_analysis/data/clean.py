"""Raw export -> clean, pseudonymous respondent table + cleaning log.

:func:`clean_responses` applies the rules below in this order. Every changed cell and every
excluded or flagged respondent gets a row in the log; an excluded respondent has exactly one
``excluded`` row, for its *primary* reason (the first rule in the priority order that fires),
so that ``rows in = rows kept + rows excluded`` always holds.

======================  ========  =======================================================
rule                    action    what
======================  ========  =======================================================
blank_row               dropped   a row with every recognised column empty (a line of
                                  nothing but delimiters): not a respondent, not counted
date_order              noted     day-first or month-first dates, and what decided it
timestamp_unparseable   changed   a timestamp that cannot be read becomes missing
timestamp_outside_year  flagged   a submission (or start) time outside the survey year
nip_mangled             changed   NIP turned into scientific notation by Excel (digits lost)
nip_invalid             changed   NIP that is not 18 digits
duplicate_submission    excluded  same NIP (or e-mail): the latest submission is kept
unit_name_alias         changed   OPD/sub-unit written as an alias, other case or spacing
unit_name_fuzzy         changed   misspelled OPD/sub-unit name mapped to the closest one
unit_renamed            changed   old unit name mapped to its successor for this year
unknown_unit            excluded  OPD not in the unit table (with a "did you mean")
subunit_unknown         changed   sub-unit not found under its OPD: set to missing
category_mapped         changed   a demographic value written otherwise (``L``, ``III/a``)
category_unrecognised   changed   a demographic value that is no category: missing or
                                  ``Lainnya`` (see :mod:`akhlak_analysis.data.categories`)
answer_label_normalised changed   answer label in other case/spacing
answer_abbreviation     changed   answer written as SS/S/N/TS/STS etc.
answer_label_fuzzy      changed   misspelled answer label mapped to the closest label
answer_out_of_range     changed   code outside the scale: set to missing
answer_unrecognised     changed   text that is no answer label: set to missing
too_few_answers         excluded  fewer than ``min_answer_share`` of the items answered
speeding                excluded  faster than ``min_duration_seconds`` (or flagged only)
straightlining          excluded  every answered item identical (or flagged only)
======================  ========  =======================================================

Answers are read by :class:`akhlak_analysis.instrument.AnswerParser`: codes, labels,
abbreviations and the code-with-label spellings of option lists (``4 - Setuju``,
``Setuju (4)``, ...), and a misspelling only when it can be a spelling of one label and no
other ("Setju" is *Setuju*; "Agak Setuju" is unrecognised, not *Sangat Setuju*). Nothing is
lost quietly: when more than
``CleaningRules.max_unrecognised_share`` of the answer cells (or
``max_unrecognised_item_share`` of one item's) is not recognised, or more than
``max_excluded_share`` of the rows would be excluded, :func:`clean_responses` raises a
:class:`~akhlak_analysis.errors.DataError` that lists the most common unrecognised values with
their columns and rows, and the fix.

Dates: day-first (``10/1/2025`` = 10 January) or month-first (= 1 October) is decided for the
whole file: a first number above 12 anywhere means day first, a second number above 12 month
first; else the year's ``date_order`` setting; else the export's convention (English-language
Google Sheets / Microsoft Forms headers such as ``Timestamp``, ``Email Address``,
``Completion time``: month first; otherwise day first, as Indonesian exports write them).

Exclusion priority: duplicate_submission, unknown_unit, too_few_answers, speeding,
straightlining.

Identifiers: NIP, name, e-mail and phone never reach ``.data``; ``respondent_id`` is a keyed
hash of the NIP (else the e-mail, else file and row), so the same person gets the
same id in every year cleaned with the same key, and the id cannot be reversed without it
(keyed BLAKE2b: a message-authentication code, fast enough for a national survey). The
log's ``detail`` texts are in Indonesian (the log is shown to officials in notebook 00). The
key comes from ``AKHLAK_ID_KEY`` (the key itself), ``AKHLAK_ID_KEY_FILE`` or the config's
``id_key_file`` (a file outside git); without a key a random one is used for this run only,
with a warning. The log never holds identifier values.

What respondents typed (``original``) is shown in the log only when found in several rows, or
when it is a known text (unit names and aliases, answer labels, category spellings), and then
with personal data removed; a value that looks personal (a NIP, e-mail or phone pattern, a
name from the export's own name column) typed where a unit or a category belongs is logged
without its text (:mod:`akhlak_analysis.data._log`).
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..config import CATEGORY_ROLES, AnalysisConfig, CleaningRules
from ..errors import DataError
from ..instrument import Instrument, load_instrument, normalize_text
from ._cells import parse_answer_cells, stop_on_unrecognised
from ._ids import (
    NO_KEY_WARNING,
    PrivacyWarning,
    configured_id_key,
    find_duplicates,
    get_id_key,
    hash_ids,
    respondent_identity,
)
from ._log import (
    HIDDEN_TEXT,
    LOG_COLUMNS,
    ORIGINAL,
    PERSONAL_TEXT,
    CleaningLog,
    NameIndex,
    shown_texts,
)
from .categories import clean_categories, load_vocabularies
from .dates import decide_date_order, flag_outside_year, parse_times
from .io import TEXT, RawResponses, UnitTable, closest, read_responses, read_units

__all__ = [
    "EXCLUSION_PRIORITY",
    "HIDDEN_TEXT",
    "LOG_COLUMNS",
    "NO_KEY_WARNING",
    "CleanResult",
    "PrivacyWarning",
    "clean_responses",
    "configured_id_key",
    "get_id_key",
    "load_clean",
    "read_year",
    "shown_texts",
]

EXCLUSION_PRIORITY = ("duplicate_submission", "unknown_unit", "too_few_answers", "speeding",
                      "straightlining")
DEMOGRAPHICS = CATEGORY_ROLES


@dataclass
class CleanResult:
    """The outcome of :func:`clean_responses`.

    Attributes
    ----------
    data : DataFrame
        One row per kept respondent: ``respondent_id``, ``year``, ``opd``, ``subunit``,
        ``opd_type``, demographics, ``submitted_date``, ``duration_s``, ``n_answered``,
        ``flag_speeding``, ``flag_straightline`` and one float column per item (NaN = missing).
    log : DataFrame
        Columns ``source_file, source_row, rule, action, column, original, new, detail``.
    n_in : int
        Rows read (respondents; blank rows not counted).
    source : str
        File name.
    instrument : Instrument
    answer_quality : DataFrame
        One row per item: ``item``, ``column`` (the header it was read from, empty when the
        file has no column for it), ``n_answers`` (non-empty cells), ``n_unrecognised`` (text
        that is no answer of the scale), ``n_out_of_range`` (a number outside the scale),
        ``share_unrecognised`` (``(n_unrecognised + n_out_of_range) / n_answers``; NaN without
        answers) and ``top_unrecognised`` (the most common such texts with their counts).
    unrecognised_columns : list
        Headers of the file that are neither an item nor a known role (dropped unread).
    missing_items : list
        Items of the instrument without a column in the file.
    blank_rows : list
        Source rows dropped as blank (not respondents).
    date_order : str or None
        ``"dmy"`` or ``"mdy"`` as used for the file's dates (None without ambiguous dates);
        ``date_order_reason`` says what decided it.
    """

    data: pd.DataFrame
    log: pd.DataFrame
    n_in: int
    source: str
    instrument: Instrument
    answer_quality: pd.DataFrame | None = None
    unrecognised_columns: list[str] = field(default_factory=list)
    missing_items: list[str] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)
    date_order: str | None = None
    date_order_reason: str = ""

    @property
    def unrecognised_share(self) -> float:
        """Share of the given answer cells not recognised (unrecognised or out of range)."""
        q = self.answer_quality
        if q is None or q["n_answers"].sum() == 0:
            return 0.0
        return float((q["n_unrecognised"] + q["n_out_of_range"]).sum() / q["n_answers"].sum())

    @property
    def unrecognised_by_item(self) -> pd.Series:
        """``share_unrecognised`` per item code."""
        if self.answer_quality is None:
            return pd.Series(dtype=float, name="share_unrecognised")
        return self.answer_quality.set_index("item")["share_unrecognised"]

    @property
    def n_excluded(self) -> int:
        return int((self.log["action"] == "excluded").sum())

    def summary(self) -> pd.DataFrame:
        """Counts per rule: ``rule``, ``action``, ``records`` (distinct rows), ``cells``."""
        g = self.log.groupby(["action", "rule"], sort=False)
        out = g.agg(records=("source_row", "nunique"), cells=("source_row", "size")).reset_index()
        order = {"excluded": 0, "flagged": 1, "changed": 2, "dropped": 3, "noted": 4}
        out = out.sort_values(["action", "records"], key=lambda s: s.map(order) if
                              s.name == "action" else -s).reset_index(drop=True)
        return out[["rule", "action", "records", "cells"]]

    def exclusions(self) -> pd.Series:
        """Number of excluded respondents per primary reason (priority order)."""
        ex = self.log[self.log["action"] == "excluded"]["rule"].value_counts()
        return ex.reindex([r for r in EXCLUSION_PRIORITY if r in ex.index]).rename("n")


# --------------------------------------------------------------------------------------
# the rules
# --------------------------------------------------------------------------------------
def clean_responses(raw: RawResponses, *, instrument: str | Instrument | None = None,
                    units: UnitTable, year: int, rules: CleaningRules | None = None,
                    key: bytes | None = None, date_order: str | None = None) -> CleanResult:
    """Turn a raw export into the clean respondent table and its cleaning log.

    Parameters
    ----------
    raw : RawResponses
        From :func:`akhlak_analysis.read_responses`; it is not modified.
    instrument : str or Instrument, optional
        Defaults to the instrument the file was read with.
    units : UnitTable
        Unit names, aliases, hierarchy and which units existed in ``year``.
    year : int
        Survey year (stored in the data; selects the units of that year).
    rules : CleaningRules, optional
        Thresholds, exclusion choices and the loud-stop limits (defaults as in
        :class:`CleaningRules`).
    key : bytes, optional
        Key for the respondent ids (default :func:`get_id_key`).
    date_order : {"dmy", "mdy"}, optional
        Day-first or month-first, for dates the data cannot decide (no number above 12).

    Returns
    -------
    CleanResult
        ``.data`` (clean respondents, no identifiers), ``.log`` (see the module docstring
        for every rule), ``.answer_quality`` and the unrecognised columns.

    Raises
    ------
    DataError
        More answers unrecognised or more rows excluded than the rules allow (the message lists
        the most common unrecognised values, their columns and rows, and the fix).
    ValueError
        An unknown ``date_order``.

    Examples
    --------
    See ``tests/data/test_clean.py`` and ``notebooks/00_data_quality.ipynb``; on the sample:

    >>> from akhlak_analysis import load_config, load_clean
    >>> res = load_clean(load_config("data/sample/analysis.yaml"), 2024, key=b"k")
    >>> res.n_in == len(res.data) + res.n_excluded, res.date_order, res.unrecognised_share < 0.02
    (True, 'dmy', True)
    """
    if date_order not in (None, "dmy", "mdy"):
        raise ValueError(f"date_order must be 'dmy' or 'mdy', got {date_order!r}")
    ins = load_instrument(instrument) if instrument is not None else raw.instrument
    rules = rules or CleaningRules()
    key = key if key is not None else get_id_key()
    df = raw.data
    vocabularies = load_vocabularies(rules.category_values)
    log = _new_log(raw, ins, units, rules, vocabularies)
    rows = df["source_row"].to_numpy()
    n = len(df)
    excluded: dict[str, np.ndarray] = {}

    order, reason = decide_date_order(raw, date_order, log)
    submitted = parse_times(df, "submitted_at", log, order)
    started = parse_times(df, "started_at", log, order)
    for col, times in (("submitted_at", submitted), ("started_at", started)):
        flag_outside_year(df, times, col, year, log)
    ident = respondent_identity(df, log)
    excluded["duplicate_submission"] = find_duplicates(ident, submitted, rows, log)

    opd, opd_known = _resolve_units(df, units, year, rules, log)
    excluded["unknown_unit"] = ~opd_known
    subunit = _resolve_subunits(df, opd, units, rules, log)
    categories = clean_categories(df, vocabularies=vocabularies, log=log, names=log.names)

    cells = parse_answer_cells(raw, ins, rules, log)
    stop_on_unrecognised(raw, cells, rules, log.names)
    answers = cells.matrix
    n_answered = np.isfinite(answers).sum(axis=1)
    excluded["too_few_answers"] = n_answered < rules.min_answer_share * len(ins.items)

    duration = _duration(df, submitted, started)
    flag_speed = (duration < rules.min_duration_seconds) & np.isfinite(duration)
    flag_straight = _straightlining(answers, n_answered)
    excluded["speeding"] = flag_speed if rules.exclude_speeders else np.zeros(n, bool)
    excluded["straightlining"] = flag_straight if rules.exclude_straightliners else np.zeros(n, bool)

    primary = np.full(n, "", dtype=object)
    for rule in reversed(EXCLUSION_PRIORITY):  # the highest priority is written last
        primary[excluded[rule]] = rule
    _stop_on_exclusions(raw, primary, rules, log)
    _log_exclusions(log, excluded, primary, rows, rules, flag_speed, flag_straight)

    keep = primary == ""
    data = _clean_table(df, keep, ident, rows, raw.source, key, year, opd, subunit, units,
                        categories)
    data["submitted_date"] = submitted[keep].dt.normalize().to_numpy()
    data["duration_s"] = duration[keep]
    data["n_answered"] = n_answered[keep]
    data["flag_speeding"] = flag_speed[keep]
    data["flag_straightline"] = flag_straight[keep]
    kept_answers = answers if keep.all() else answers.T[:, keep].T  # stays column-major
    items = pd.DataFrame(kept_answers, columns=ins.item_codes, copy=False)  # one float block
    data = pd.concat([data, items], axis=1)
    return CleanResult(data=data, log=log.frame(), n_in=n, source=raw.source, instrument=ins,
                       answer_quality=cells.quality,
                       unrecognised_columns=list(raw.ignored_columns),
                       missing_items=list(raw.missing_items), blank_rows=list(raw.blank_rows),
                       date_order=order, date_order_reason=reason)


def _new_log(raw: RawResponses, ins: Instrument, units: UnitTable, rules: CleaningRules,
             vocabularies: dict) -> CleaningLog:
    """The log of one file, with the export's names and the texts that are no one's own
    (unit names and aliases, answer labels, category spellings); blank rows logged."""
    t = units.table
    safe = [*t["code"].astype(str), *t["name"].astype(str), *(a for al in t["aliases"]
                                                              for a in al),
            *ins.scale.label_map(), *rules.answer_aliases]
    for voc in vocabularies.values():
        safe += [*voc.categories, *voc.spellings]
    names = NameIndex(raw.data["name"] if "name" in raw.data.columns else ())
    log = CleaningLog(raw.source, names=names, safe=safe)
    log.add(np.asarray(raw.blank_rows, dtype="int64"), "blank_row", "dropped",
            detail="baris tanpa isi (hanya pemisah kolom); bukan responden, tidak dihitung")
    return log


def _text(values: pd.Series | np.ndarray) -> pd.Series:
    """Text column (pyarrow strings, pd.NA) without a detour through Python objects."""
    if isinstance(values, pd.Series) and values.dtype == TEXT:
        return values.reset_index(drop=True)
    return pd.Series(values, dtype=TEXT)


def _clean_table(df: pd.DataFrame, keep: np.ndarray, ident: pd.Series, rows: np.ndarray,
                 source: str, key: bytes, year: int, opd: pd.Series, subunit: pd.Series,
                 units: UnitTable, categories: dict[str, pd.Series]) -> pd.DataFrame:
    """The kept respondents' id, year, units and demographics (text columns stay Arrow)."""
    id_source = ident.copy()
    no_id = id_source.isna().to_numpy()
    if no_id.any():
        id_source[no_id] = [f"{source}:{r}" for r in rows[no_id]]
    kept_opd = opd[keep]
    codes, uniques = pd.factorize(kept_opd)
    types = np.array([*units.opd_types().reindex(uniques).tolist(), None], dtype=object)
    n = int(keep.sum())
    cols: dict[str, pd.Series] = {
        "respondent_id": _text(hash_ids(id_source[keep], key)),
        "year": pd.Series(np.full(n, int(year), dtype="int64")),
        "opd": _text(kept_opd), "subunit": _text(subunit[keep]),
        "opd_type": _text(types[codes])}
    for col in DEMOGRAPHICS:
        cols[col] = _text(categories[col][keep])
    return pd.DataFrame(cols)


def _log_exclusions(log: CleaningLog, excluded: dict[str, np.ndarray], primary: np.ndarray,
                    rows: np.ndarray, rules: CleaningRules, flag_speed: np.ndarray,
                    flag_straight: np.ndarray) -> None:
    details = {"too_few_answers": f"kurang dari {rules.min_answer_share:.0%} butir dijawab",
               "speeding": f"selesai dalam kurang dari {rules.min_duration_seconds:g} detik",
               "straightlining": "jawaban sama untuk semua butir"}
    for rule in EXCLUSION_PRIORITY:
        if rule in ("unknown_unit", "duplicate_submission"):
            continue  # logged where found, with the suggestion / the kept row
        sel = primary == rule
        others = [r for r in EXCLUSION_PRIORITY if r != rule]
        log.add(rows[sel], rule, "excluded", detail=[
            details[rule] + _also(excluded, others, i) for i in np.flatnonzero(sel)])
    _prune_secondary(log, primary, rows)
    for rule, flag, text in (("speeding", flag_speed, details["speeding"]),
                             ("straightlining", flag_straight, details["straightlining"])):
        if not (rules.exclude_speeders if rule == "speeding" else rules.exclude_straightliners):
            log.add(rows[flag & (primary == "")], rule, "flagged", detail=text)


# --------------------------------------------------------------------------------------
# the loud stop
# --------------------------------------------------------------------------------------
def _stop_on_exclusions(raw: RawResponses, primary: np.ndarray, rules: CleaningRules,
                        log: CleaningLog) -> None:
    """DataError when more rows than ``max_excluded_share`` would be excluded."""
    n = len(primary)
    n_ex = int((primary != "").sum())
    if n == 0 or n_ex / n <= rules.max_excluded_share:
        return
    reasons = Counter(primary[primary != ""].tolist())
    text = ", ".join(f"{r}: {c}" for r, c in reasons.most_common())
    hints = {"unknown_unit": "the unit names in the file do not match the unit table "
                             "(add them as aliases in its 'aliases' column)",
             "too_few_answers": "answers are missing or not read (check the answer texts and "
                                "cleaning.min_answer_share)",
             "speeding": "durations are short (check cleaning.min_duration_seconds and the "
                         "start/end columns)",
             "duplicate_submission": "many rows share a NIP or e-mail",
             "straightlining": "many respondents gave one answer to every item"}
    top_reason = reasons.most_common(1)[0][0]
    detail = ""
    if top_reason == "unknown_unit":
        common = log.originals("unknown_unit").replace("", "(empty)").value_counts().head(5)
        detail = "; most common unknown units: " + ", ".join(
            f"{log.names.redact(u)!r} ({c} rows)" for u, c in common.items())
    rows = raw.data["source_row"].to_numpy()[primary == top_reason][:5]
    raise DataError(
        f"{n_ex} of {n} rows ({n_ex / n:.1%}) would be excluded, more than the allowed "
        f"{rules.max_excluded_share:.0%} (cleaning.max_excluded_share): {text}. Most likely "
        f"{hints[top_reason]}{detail}", file=raw.source, rows=rows.tolist())


def _also(excluded: dict[str, np.ndarray], others: list[str], i: int) -> str:
    more = [r for r in others if excluded[r][i]]
    return f" (juga: {', '.join(more)})" if more else ""


def _prune_secondary(log: CleaningLog, primary: np.ndarray, rows: np.ndarray) -> None:
    """Keep one ``excluded`` row per respondent: drop the pre-logged ones that lost priority."""
    kept = []
    for part in log.parts:  # source rows increase down the file: positions by bisection
        if part["action"].iloc[0] == "excluded" and part["rule"].iloc[0] in (
                "unknown_unit", "duplicate_submission"):
            rule = part["rule"].iloc[0]
            pos = np.searchsorted(rows, part["source_row"].to_numpy())
            part = part[primary[pos] == rule]
        if len(part):
            kept.append(part)
    log.parts = kept


def _resolve_units(df: pd.DataFrame, units: UnitTable, year: int, rules: CleaningRules,
                   log: CleaningLog) -> tuple[pd.Series, np.ndarray]:
    index = units.name_index("opd")
    names = units.names()
    successors = units.successors(year)
    text = df["opd"]
    codes, uniques = pd.factorize(text)
    resolved: list[str | None] = []
    for u in uniques:
        norm = normalize_text(u)
        code = index.get(norm)
        rule, detail = "", ""
        if code is None:
            code = closest(norm, index, rules.unit_fuzzy_cutoff)
            code = index[code] if code else None
            rule = "unit_name_fuzzy" if code else "unknown_unit"
        elif str(u) != names[code]:
            rule = "unit_name_alias"
        if code is not None:
            succ = successors.get(code, code)
            if succ != code:
                detail = f"{code} digantikan oleh {succ} sebelum {year}"
                code, rule = succ, "unit_renamed"
        resolved.append(code)
        if rule:
            _log_units(log, df, codes, len(resolved) - 1, rule, u, code, detail, index, units)
    lookup = np.array([*resolved, None], dtype=object)  # code -1 (missing) -> None
    out = pd.Series(lookup[codes], index=df.index, dtype=TEXT)
    missing = text.isna()
    log.add(df.loc[missing, "source_row"], "unknown_unit", "excluded", "opd", original="",
            detail="OPD tidak diisi")
    return out, out.notna().to_numpy()


def _log_units(log: CleaningLog, df: pd.DataFrame, codes: np.ndarray, k: int, rule: str,
               original: str, code: str | None, detail: str, index: dict[str, str],
               units: UnitTable) -> None:
    rows = df["source_row"].to_numpy()[codes == k]
    if rule == "unknown_unit":
        if log.names.personal(original):
            log.add(rows, rule, "excluded", "opd", detail=f"unit tidak dikenal: {PERSONAL_TEXT}")
            return
        guess = closest(normalize_text(original), index, 0.5)
        hint = (f"; mungkin maksudnya {units.names()[index[guess]]!r}?" if guess else "")
        log.add(rows, rule, "excluded", "opd", original=original,
                detail=f"unit {ORIGINAL} tidak ada di tabel unit{hint}")
        return
    log.add(rows, rule, "changed", "opd", original=original, new=code,
            detail=detail or f"dicocokkan ke {units.names()[code]!r}")


def _resolve_subunits(df: pd.DataFrame, opd: pd.Series, units: UnitTable, rules: CleaningRules,
                      log: CleaningLog) -> pd.Series:
    out = pd.Series(pd.NA, index=df.index, dtype=TEXT)
    if "subunit" not in df.columns:
        return out
    given = (df["subunit"].notna() & opd.notna()).to_numpy()
    at = np.flatnonzero(given)  # positions of the rows with a sub-unit
    source = df["source_row"].to_numpy()
    pairs = pd.DataFrame({"opd": opd.to_numpy()[given], "sub": df["subunit"].to_numpy()[given]})
    resolved = np.full(len(df), None, dtype=object)  # filled once per (OPD, text), set at once
    indexes: dict[str, dict[str, str]] = {}
    for (parent, text), grp in pairs.groupby(["opd", "sub"], sort=False):
        pos = grp.index.to_numpy()  # pairs is numbered 0..m-1: positions into ``at``
        if parent not in indexes:
            indexes[parent] = units.name_index("subunit", parent=parent)
        index = indexes[parent]
        norm = normalize_text(text)
        code = index.get(norm)
        rows = source[at[pos]]
        if code is None and index:
            near = closest(norm, index, rules.unit_fuzzy_cutoff)
            code = index[near] if near else None
            if code:
                log.add(rows, "unit_name_fuzzy", "changed", "subunit", original=text, new=code,
                        detail=f"dicocokkan ke {units.names()[code]!r}")
        elif code is not None and text != units.names()[code]:
            log.add(rows, "unit_name_alias", "changed", "subunit", original=text, new=code,
                    detail=f"dicocokkan ke {units.names()[code]!r}")
        if code is None:
            personal = log.names.personal(text)
            log.add(rows, "subunit_unknown", "changed", "subunit",
                    original="" if personal else text, new="",
                    detail=(f"{PERSONAL_TEXT}; " if personal else "")
                    + f"bukan sub-unit {parent} di tabel unit; dikosongkan")
        resolved[at[pos]] = code
    return pd.Series(resolved, index=df.index, dtype=TEXT)


def _duration(df: pd.DataFrame, submitted: pd.Series, started: pd.Series) -> np.ndarray:
    if "duration_s" in df.columns:
        return pd.to_numeric(df["duration_s"].str.replace(",", "."), errors="coerce").to_numpy(
            dtype=float)
    return (submitted - started).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan)


def _straightlining(answers: np.ndarray, n_answered: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        lo = np.nanmin(answers, axis=1)
        hi = np.nanmax(answers, axis=1)
    return (lo == hi) & (n_answered >= max(5, answers.shape[1] // 2))


# --------------------------------------------------------------------------------------
# convenience: one configured year, end to end
# --------------------------------------------------------------------------------------
def read_year(config: AnalysisConfig, year: int | None = None) -> RawResponses:
    """Read one configured year's export as the config says: its instrument, sheet, header
    row, ``columns:`` and ``input_limits`` (:func:`~akhlak_analysis.data.io.read_responses`).

    Examples
    --------
    >>> from akhlak_analysis import load_config
    >>> raw = read_year(load_config("data/sample/analysis.yaml"), 2025)
    >>> raw.sheet, len(raw) > 5000
    ('Jawaban', True)
    """
    yc = config.year(year)
    return read_responses(yc.responses, instrument=yc.instrument, sheet=yc.sheet,
                          header_row=yc.header_row, columns=yc.columns,
                          limits=config.input_limits)


def load_clean(config: AnalysisConfig, year: int | None = None, *,
               key: bytes | None = None, units: UnitTable | None = None) -> CleanResult:
    """Read and clean one configured year: ``read_units`` + :func:`read_year` + cleaning.

    Parameters
    ----------
    config : AnalysisConfig
    year : int, optional
        Default: the config's report year.
    key : bytes, optional
        Respondent-id key (default :func:`get_id_key` with the config).
    units : UnitTable, optional
        The configured unit table when already read (default: read ``config.units``).

    Returns
    -------
    CleanResult
    """
    yc = config.year(year)
    units = read_units(config.units, limits=config.input_limits) if units is None else units
    if yc.year not in units.years:
        raise DataError(f"the unit table has no headcount column for {yc.year}",
                        file=config.units, column=f"headcount_{yc.year}")
    raw = read_year(config, yc.year)
    return clean_responses(raw, units=units, year=yc.year, rules=config.cleaning,
                           key=key if key is not None else get_id_key(config),
                           date_order=yc.date_order)
