"""Survey instruments: values, behaviours, items, response scale and category bands.

An instrument is data, not code: a YAML file in ``akhlak_analysis/instruments/`` (or anywhere
on disk) that :func:`load_instrument` reads and validates. Two ship with the package:

- ``berakhlak-2024``: 21 items, one per behaviour guide (*panduan perilaku*), 5-point
  agreement scale;
- ``berakhlak-2025``: the same 21 items with the same codes plus one new item per value;
  ``KO4`` and ``AD4`` are negatively worded and reverse-keyed;
- ``berakhlak-2025-plus``: ``berakhlak-2025`` with two outcome scales (``keterlibatan``,
  work engagement; ``bangga_melayani``, pride in serving / employer branding) and one open
  question (``saran``), the example of an instrument with outcome scales.

Outcome scales and open questions
---------------------------------
Beside the seven values an instrument may define **outcome scales** (``outcomes`` with their
``outcome_items``: same response scale, reverse keys allowed) and **open questions**
(``open_questions``: free-text comments). Outcome scales are scored like the values (0-100)
by :meth:`Instrument.outcome_instrument`, but they are not values: they are not in
:attr:`Instrument.items`, :attr:`Instrument.value_codes` or :attr:`Instrument.factors`, so
they never enter the Indeks Budaya Kerja, and the survey reader does not take them for value
items. Key-driver analysis (:mod:`akhlak_analysis.stats.drivers`) explains them by the values.

Examples
--------
>>> ins = load_instrument("berakhlak-2025")
>>> len(ins.items), ins.value_codes[:2]
(28, ['berorientasi_pelayanan', 'akuntabel'])
>>> ins.reverse_items
['KO4', 'AD4']
>>> list(ins.categorize([76.3, 74.99, 12.0]))
['Sehat', 'Cukup Sehat', 'Sangat Tidak Sehat']
>>> plus = load_instrument("berakhlak-2025-plus")
>>> plus.outcome_codes, plus.item_codes == ins.item_codes, plus.open_question_codes
(['keterlibatan', 'bangga_melayani'], True, ['saran'])
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ._answers import AnswerParser
from ._text import normalize_text
from .errors import InstrumentError

__all__ = [
    "AnswerParser",
    "Band",
    "Behaviour",
    "Instrument",
    "Item",
    "OpenQuestion",
    "OutcomeScale",
    "Scale",
    "Value",
    "available_instruments",
    "load_instrument",
    "normalize_text",
]

_INSTRUMENT_DIR = "instruments"


@dataclass(frozen=True)
class Value:
    """One core value (``code`` is the column name used everywhere)."""

    code: str
    name_id: str
    name_en: str

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class Behaviour:
    """One behaviour guide (*panduan perilaku*) of a value, in its official Indonesian wording."""

    code: str
    value: str
    text: str


@dataclass(frozen=True)
class Item:
    """One survey item: its code, value, behaviour, Indonesian text and keying."""

    code: str
    value: str
    behaviour: str
    text: str
    reverse: bool = False


@dataclass(frozen=True)
class OutcomeScale:
    """An outcome scale (engagement, pride in serving): scored like a value, never part of
    the Indeks Budaya Kerja. Its items are :attr:`Instrument.outcome_items` with
    ``value == code``."""

    code: str
    name_id: str
    name_en: str
    description: str = ""

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class OpenQuestion:
    """An open (free-text) question: its code, its question text, other header spellings."""

    code: str
    text: str
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Band:
    """A category band: ``lower`` inclusive, ``upper`` exclusive (the top band includes 100)."""

    code: str
    label_id: str
    label_en: str
    lower: float
    upper: float
    colour: str

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id


@dataclass(frozen=True)
class Scale:
    """The response scale: numeric range, labels per scale type, accepted abbreviations.

    ``favourable_min`` is the lowest code counted as favourable (the top two categories on a
    5-point scale), used for ``pct_favourable``.
    """

    min: int
    max: int
    type: str
    labels: Mapping[str, Mapping[int, str]]
    aliases: Mapping[str, int]
    favourable_min: int

    @property
    def codes(self) -> list[int]:
        return list(range(self.min, self.max + 1))

    def label_map(self) -> dict[str, int]:
        """Every accepted answer text, normalized, mapped to its code (labels, aliases, digits).

        >>> m = load_instrument("berakhlak-2024").scale.label_map()
        >>> m["sangat setuju"], m["ts"], m["kadang-kadang"], m["3"]
        (5, 2, 3, 3)
        """
        out: dict[str, int] = {str(c): c for c in self.codes}
        for labels in self.labels.values():
            out.update({normalize_text(t): c for c, t in labels.items()})
        out.update({normalize_text(a): c for a, c in self.aliases.items()})
        return out

    def answer_parser(self, *, fuzzy_cutoff: float = 0.8, margin: float = 0.1,
                      aliases: Mapping[str, int] | None = None) -> AnswerParser:
        """A cached parser of answer texts for this scale (see :class:`AnswerParser`).

        >>> parse = load_instrument("berakhlak-2024").scale.answer_parser()
        >>> parse("4 - Setuju"), parse("Setuju (4)"), parse("4,0"), parse("Stuju")
        ((4.0, ''), (4.0, ''), (4.0, ''), (4.0, 'answer_label_fuzzy'))
        >>> parse("4 - Sangat Setuju")[1], parse("6")[1]
        ('answer_unrecognised', 'answer_out_of_range')
        """
        return AnswerParser(self, fuzzy_cutoff=fuzzy_cutoff, margin=margin, aliases=aliases)


@dataclass(frozen=True)
class Instrument:
    """A validated survey instrument. Build it with :func:`load_instrument`."""

    name: str
    year: int | None
    title: str
    values: tuple[Value, ...]
    behaviours: tuple[Behaviour, ...]
    items: tuple[Item, ...]
    scale: Scale
    bands: tuple[Band, ...]
    source_path: str = ""
    outcomes: tuple[OutcomeScale, ...] = ()
    outcome_items: tuple[Item, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    _by_code: dict[str, Item] = field(default_factory=dict, init=False, repr=False,
                                      compare=False)
    _headers: dict[str, str] = field(default_factory=dict, init=False, repr=False,
                                     compare=False)

    def __post_init__(self) -> None:
        self._by_code.update({it.code: it for it in self.items})
        self._headers.update(_header_lookup(self))

    # -- lookups -----------------------------------------------------------------
    @property
    def value_codes(self) -> list[str]:
        return [v.code for v in self.values]

    @property
    def item_codes(self) -> list[str]:
        return [it.code for it in self.items]

    @property
    def reverse_items(self) -> list[str]:
        return [it.code for it in self.items if it.reverse]

    @property
    def factors(self) -> dict[str, list[str]]:
        """Mapping value code -> its item codes (the measurement model)."""
        return {v.code: [it.code for it in self.items if it.value == v.code] for v in self.values}

    def item(self, code: str) -> Item:
        return self._by_code[code]

    def value_name(self, code: str, lang: str = "id") -> str:
        for v in self.values:
            if v.code == code:
                return v.name(lang)
        raise KeyError(code)

    def items_table(self) -> pd.DataFrame:
        """One row per item: code, value, behaviour, text, reverse."""
        return pd.DataFrame([it.__dict__ for it in self.items])

    def common_items(self, other: Instrument) -> list[str]:
        """Item codes that both instruments share with the same value and keying."""
        return [
            c
            for c in self.item_codes
            if c in other._by_code
            and other.item(c).value == self.item(c).value
            and other.item(c).reverse == self.item(c).reverse
        ]

    def restrict(self, items: Iterable[str]) -> Instrument:
        """The instrument reduced to some of its items (values left without items are dropped).

        Same scale and bands; the name gets the suffix ``[common]``. Used to score two years
        on the items their instruments share.

        >>> i25 = load_instrument("berakhlak-2025")
        >>> r = i25.restrict(load_instrument("berakhlak-2024").item_codes)
        >>> len(r.items), r.reverse_items, r.factors["adaptif"], i25.item("AD4").reverse
        (21, [], ['AD1', 'AD2', 'AD3'], True)
        """
        keep = set(items)
        unknown = sorted(keep - set(self.item_codes))
        if unknown:
            raise InstrumentError(f"items {unknown} are not in instrument {self.name}")
        kept = tuple(it for it in self.items if it.code in keep)
        if not kept:
            raise InstrumentError(f"no item of {self.name} is kept")
        used = {it.value for it in kept}
        behaviours = {it.behaviour for it in kept}
        return dataclasses.replace(
            self, name=f"{self.name} [common]", items=kept,
            values=tuple(v for v in self.values if v.code in used),
            behaviours=tuple(b for b in self.behaviours if b.code in behaviours))

    # -- outcome scales and open questions -------------------------------------------
    @property
    def outcome_codes(self) -> list[str]:
        """Codes of the outcome scales (empty for an instrument without any)."""
        return [o.code for o in self.outcomes]

    @property
    def outcome_factors(self) -> dict[str, list[str]]:
        """Mapping outcome code -> its item codes."""
        return {o.code: [it.code for it in self.outcome_items if it.value == o.code]
                for o in self.outcomes}

    @property
    def open_question_codes(self) -> list[str]:
        """Codes of the open (free-text) questions."""
        return [q.code for q in self.open_questions]

    def outcome_name(self, code: str, lang: str = "id") -> str:
        for o in self.outcomes:
            if o.code == code:
                return o.name(lang)
        raise KeyError(code)

    def outcome_instrument(self, outcomes: Iterable[str] | None = None) -> Instrument:
        """The outcome scales as an instrument of their own, for scoring them like values.

        Its values are the outcome scales (all, or those named), its items their items;
        scale and bands are this instrument's. Scoring it with
        :func:`akhlak_analysis.stats.scoring.score_respondents` gives one 0-100 column per
        outcome scale (its ``culture_index`` column, the mean of the outcome scales, means
        nothing and is dropped by :mod:`akhlak_analysis.stats.outcomes`).

        Raises
        ------
        InstrumentError
            The instrument has no outcome scale, or an unknown one is named.

        Examples
        --------
        >>> out = load_instrument("berakhlak-2025-plus").outcome_instrument(["keterlibatan"])
        >>> out.value_codes, out.item_codes
        (['keterlibatan'], ['KT1', 'KT2', 'KT3', 'KT4'])
        >>> load_instrument("berakhlak-2024").outcome_instrument()
        Traceback (most recent call last):
        ...
        akhlak_analysis.errors.InstrumentError: key "outcomes": instrument berakhlak-2024 defines no outcome scale
        """
        if not self.outcomes:
            raise InstrumentError(f"instrument {self.name} defines no outcome scale",
                                  key="outcomes")
        wanted = self.outcome_codes if outcomes is None else list(outcomes)
        unknown = sorted(set(wanted) - set(self.outcome_codes))
        if unknown:
            raise InstrumentError(f"unknown outcome scale(s) {unknown}; {self.name} has "
                                  f"{self.outcome_codes}", key="outcomes")
        values = tuple(Value(o.code, o.name_id, o.name_en) for o in self.outcomes
                       if o.code in wanted)
        return Instrument(name=f"{self.name} [outcomes]", year=self.year, title=self.title,
                          values=values, behaviours=(),
                          items=tuple(it for it in self.outcome_items if it.value in wanted),
                          scale=self.scale, bands=self.bands, source_path=self.source_path)

    def match_outcome_header(self, header: object) -> str | None:
        """The outcome item code a column header refers to, or None (as :meth:`match_header`).

        >>> load_instrument("berakhlak-2025-plus").match_outcome_header("kt2")
        'KT2'
        """
        lookup = {normalize_text(t): it.code for it in self.outcome_items
                  for t in (it.text, it.code)}
        return _match(lookup, header)

    def match_open_question(self, header: object) -> str | None:
        """The open question a column header refers to (its text, code or a listed header).

        >>> ins = load_instrument("berakhlak-2025-plus")
        >>> ins.match_open_question("12. Saran dan masukan untuk perbaikan budaya kerja")
        'saran'
        """
        lookup = {normalize_text(t): q.code for q in self.open_questions
                  for t in (q.text, q.code, *q.headers)}
        return _match(lookup, header)

    # -- bands -------------------------------------------------------------------
    def categorize(self, scores: Iterable[float] | float, lang: str = "id") -> pd.Series:
        """Category label of each score from the instrument's bands (missing stays missing).

        >>> load_instrument("berakhlak-2024").categorize([75, 74.9, None], lang="en").tolist()
        ['Healthy', 'Fairly healthy', nan]
        """
        x = np.atleast_1d(np.asarray(scores, dtype=float))
        bands = sorted(self.bands, key=lambda b: b.lower)
        lowers = np.array([b.lower for b in bands])
        labels = np.array([b.label(lang) for b in bands], dtype=object)
        pos = np.clip(np.searchsorted(lowers, x, side="right") - 1, 0, len(bands) - 1)
        out = labels[pos]
        out[np.isnan(x)] = np.nan
        return pd.Series(out, dtype=object)

    def band_colours(self, lang: str = "id") -> dict[str, str]:
        """Category label -> colour, for charts and workbooks."""
        return {b.label(lang): b.colour for b in self.bands}

    # -- headers -----------------------------------------------------------------
    def match_header(self, header: object) -> str | None:
        """The item code a column header refers to, or None.

        Matches the item code itself, the full question text, or a Google Forms grid header
        ``"Question [item text]"`` (case-, space- and edge-punctuation-insensitive); a leading
        question number such as ``"12. "`` is ignored.

        >>> ins = load_instrument("berakhlak-2024")
        >>> ins.match_header("ak2"), ins.match_header(" 5.  Saya menggunakan barang milik negara "
        ...     "secara bertanggung jawab, efektif, dan efisien")
        ('AK2', 'AK2')
        >>> ins.match_header("Akuntabel [Saya tidak menyalahgunakan kewenangan jabatan saya.]")
        'AK3'
        """
        return _match(self._headers, header)


def _match(lookup: Mapping[str, str], header: object) -> str | None:
    """The code of a header in ``lookup`` (normalized text -> code): as written, the text in
    a Google Forms grid header ``"Question [text]"``, or without a leading number."""
    h = normalize_text(header)
    if h in lookup:
        return lookup[h]
    grid = re.search(r"\[(.+)\]\s*$", h)
    if grid and normalize_text(grid.group(1)) in lookup:
        return lookup[normalize_text(grid.group(1))]
    numbered = re.sub(r"^\d+\s*[.)]\s*", "", h)
    return lookup.get(normalize_text(numbered))


def _header_lookup(ins: Instrument) -> dict[str, str]:
    lookup = {normalize_text(it.text): it.code for it in ins.items}
    lookup.update({normalize_text(it.code): it.code for it in ins.items})
    return lookup


# --------------------------------------------------------------------------------------
# loading and validation
# --------------------------------------------------------------------------------------
def available_instruments() -> list[str]:
    """Names of the instruments shipped with the package.

    >>> available_instruments()
    ['berakhlak-2024', 'berakhlak-2025', 'berakhlak-2025-plus']
    """
    folder = resources.files(__package__) / _INSTRUMENT_DIR
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_instrument(name_or_path: str | Path | Instrument) -> Instrument:
    """Load and validate an instrument by name (shipped) or from a YAML file.

    Parameters
    ----------
    name_or_path : str or Path or Instrument
        ``"berakhlak-2025"`` for a shipped instrument, or the path of a YAML file with the same
        keys (see the shipped files). An :class:`Instrument` is returned unchanged.

    Returns
    -------
    Instrument

    Raises
    ------
    InstrumentError
        Names the file and the key: unknown instrument, unknown value, duplicate item code,
        item without a value, bands that overlap or leave gaps, scale ``min >= max``.

    Examples
    --------
    >>> load_instrument("berakhlak-2024").factors["loyal"]
    ['LO1', 'LO2', 'LO3']
    """
    if isinstance(name_or_path, Instrument):
        return name_or_path
    path = _resolve(name_or_path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InstrumentError(f"not valid YAML ({exc})", file=path) from exc
    if not isinstance(doc, dict):
        raise InstrumentError("expected a mapping of keys at the top level", file=path)
    return _build(doc, path)


def _resolve(name_or_path: str | Path) -> Path:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.is_file():
            raise InstrumentError("instrument file not found", file=p)
        return p
    shipped = resources.files(__package__) / _INSTRUMENT_DIR / f"{name_or_path}.yaml"
    if not shipped.is_file():
        raise InstrumentError(
            f"unknown instrument {str(name_or_path)!r}; shipped instruments: "
            f"{', '.join(available_instruments())}, or give the path of a YAML file"
        )
    return Path(str(shipped))


def _need(doc: Mapping[str, Any], key: str, path: Path, where: str = "") -> Any:
    if key not in doc or doc[key] is None:
        raise InstrumentError("required key is missing", file=path, key=f"{where}{key}")
    return doc[key]


def _build(doc: dict[str, Any], path: Path) -> Instrument:
    known = {"name", "year", "title", "source", "scale", "bands", "values", "behaviours", "items",
             "outcomes", "outcome_items", "open_questions"}
    unknown = sorted(set(doc) - known)
    if unknown:
        raise InstrumentError(f"unknown key(s); expected {sorted(known)}", file=path, key=unknown[0])
    values = tuple(
        Value(str(_need(v, "code", path, f"values[{i}].")), str(v.get("name_id", v["code"])),
              str(v.get("name_en", v["code"])))
        for i, v in enumerate(_need(doc, "values", path))
    )
    _no_duplicates([v.code for v in values], "values", path)
    value_codes = {v.code for v in values}

    behaviours = []
    for i, b in enumerate(doc.get("behaviours") or []):
        val = str(_need(b, "value", path, f"behaviours[{i}]."))
        if val not in value_codes:
            raise InstrumentError(f"unknown value {val!r}; expected one of {sorted(value_codes)}",
                                  file=path, key=f"behaviours[{i}].value")
        behaviours.append(Behaviour(str(_need(b, "code", path, f"behaviours[{i}].")), val,
                                    str(b.get("text", ""))))
    _no_duplicates([b.code for b in behaviours], "behaviours", path)
    behaviour_codes = {b.code for b in behaviours}

    items = []
    for i, it in enumerate(_need(doc, "items", path)):
        code = str(_need(it, "code", path, f"items[{i}]."))
        val = it.get("value")
        if val is None:
            raise InstrumentError(f"item {code!r} has no value", file=path, key=f"items[{i}].value")
        if val not in value_codes:
            raise InstrumentError(f"item {code!r}: unknown value {val!r}; expected one of "
                                  f"{sorted(value_codes)}", file=path, key=f"items[{i}].value")
        beh = it.get("behaviour")
        if beh is not None and behaviour_codes and beh not in behaviour_codes:
            raise InstrumentError(f"item {code!r}: unknown behaviour {beh!r}", file=path,
                                  key=f"items[{i}].behaviour")
        rev = it.get("reverse", False)
        if not isinstance(rev, bool):
            raise InstrumentError(f"item {code!r}: reverse must be true or false, got {rev!r}",
                                  file=path, key=f"items[{i}].reverse")
        items.append(Item(code, val, str(beh or ""), str(_need(it, "text", path, f"items[{i}].")), rev))
    _no_duplicates([it.code for it in items], "items", path)
    empty = [v.code for v in values if not any(it.value == v.code for it in items)]
    if empty:
        raise InstrumentError(f"value(s) without items: {empty}", file=path, key="items")
    outcomes, outcome_items, open_questions = _build_extras(doc, path, value_codes, items)

    return Instrument(
        name=str(doc.get("name", path.stem)),
        year=doc.get("year"),
        title=str(doc.get("title", "")),
        values=values,
        behaviours=tuple(behaviours),
        items=tuple(items),
        scale=_build_scale(_need(doc, "scale", path), path),
        bands=_build_bands(_need(doc, "bands", path), path),
        source_path=str(path),
        outcomes=outcomes,
        outcome_items=outcome_items,
        open_questions=open_questions,
    )


#: column names of a score table that an outcome scale may not take
RESERVED_CODES = ("culture_index", "n_answered", "n_favourable", "respondent_id", "year",
                  "opd", "subunit", "opd_type", "unit", "name", "n")


def _build_extras(doc: Mapping[str, Any], path: Path, value_codes: set[str],
                  items: list[Item]) -> tuple[tuple, tuple, tuple]:
    """Outcome scales, their items and the open questions of an instrument file."""
    outcomes, outcome_items = _build_outcomes(doc, path, value_codes, [it.code for it in items])
    taken = [*value_codes, *(it.code for it in items), *(o.code for o in outcomes),
             *(it.code for it in outcome_items)]
    return outcomes, outcome_items, _build_open_questions(doc, path, taken)


def _build_outcomes(doc: Mapping[str, Any], path: Path, value_codes: set[str],
                    item_codes: list[str]) -> tuple[tuple[OutcomeScale, ...], tuple[Item, ...]]:
    """``outcomes`` and ``outcome_items``: codes unique among values, items and each other."""
    raw, raw_items = doc.get("outcomes") or [], doc.get("outcome_items") or []
    if raw_items and not raw:
        raise InstrumentError("outcome_items need outcome scales (key outcomes)", file=path,
                              key="outcomes")
    outcomes = []
    for i, o in enumerate(raw):
        code = str(_need(o, "code", path, f"outcomes[{i}]."))
        if code in value_codes or code in RESERVED_CODES:
            raise InstrumentError(f"outcome code {code!r} is already a value or a reserved "
                                  "column name; choose another", file=path,
                                  key=f"outcomes[{i}].code")
        outcomes.append(OutcomeScale(code, str(o.get("name_id", code)),
                                     str(o.get("name_en", code)), str(o.get("description", ""))))
    _no_duplicates([o.code for o in outcomes], "outcomes", path)
    known = {o.code for o in outcomes}
    items = []
    for i, it in enumerate(raw_items):
        code = str(_need(it, "code", path, f"outcome_items[{i}]."))
        out = it.get("outcome")
        if out not in known:
            raise InstrumentError(f"outcome item {code!r}: unknown outcome {out!r}; expected one "
                                  f"of {sorted(known)}", file=path,
                                  key=f"outcome_items[{i}].outcome")
        if code in item_codes:
            raise InstrumentError(f"outcome item code {code!r} is already a value item",
                                  file=path, key=f"outcome_items[{i}].code")
        rev = it.get("reverse", False)
        if not isinstance(rev, bool):
            raise InstrumentError(f"outcome item {code!r}: reverse must be true or false, got "
                                  f"{rev!r}", file=path, key=f"outcome_items[{i}].reverse")
        items.append(Item(code, str(out), "", str(_need(it, "text", path,
                                                         f"outcome_items[{i}].")), rev))
    _no_duplicates([it.code for it in items], "outcome_items", path)
    empty = [o.code for o in outcomes if not any(it.value == o.code for it in items)]
    if empty:
        raise InstrumentError(f"outcome scale(s) without items: {empty}", file=path,
                              key="outcome_items")
    return tuple(outcomes), tuple(items)


def _build_open_questions(doc: Mapping[str, Any], path: Path,
                          taken: list[str]) -> tuple[OpenQuestion, ...]:
    out = []
    for i, q in enumerate(doc.get("open_questions") or []):
        code = str(_need(q, "code", path, f"open_questions[{i}]."))
        if code in taken:
            raise InstrumentError(f"open question code {code!r} is already used by a value, "
                                  "an item or an outcome", file=path,
                                  key=f"open_questions[{i}].code")
        headers = q.get("headers") or []
        if isinstance(headers, str) or not all(isinstance(h, str) for h in headers):
            raise InstrumentError("headers must be a list of texts", file=path,
                                  key=f"open_questions[{i}].headers")
        out.append(OpenQuestion(code, str(_need(q, "text", path, f"open_questions[{i}].")),
                                tuple(headers)))
    _no_duplicates([q.code for q in out], "open_questions", path)
    return tuple(out)


def _no_duplicates(codes: list[str], key: str, path: Path) -> None:
    seen: set[str] = set()
    for i, c in enumerate(codes):
        if c in seen:
            raise InstrumentError(f"duplicate code {c!r}", file=path, key=f"{key}[{i}].code")
        seen.add(c)


def _build_scale(s: Mapping[str, Any], path: Path) -> Scale:
    lo, hi = _need(s, "min", path, "scale."), _need(s, "max", path, "scale.")
    if not (isinstance(lo, int) and isinstance(hi, int)):
        raise InstrumentError("scale min and max must be integers", file=path, key="scale.min")
    if lo >= hi:
        raise InstrumentError(f"scale min ({lo}) must be below max ({hi})", file=path, key="scale.min")
    labels = {str(k): {int(c): str(t) for c, t in v.items()} for k, v in (s.get("labels") or {}).items()}
    for kind, lab in labels.items():
        bad = sorted(set(lab) - set(range(lo, hi + 1)))
        if bad:
            raise InstrumentError(f"label codes {bad} outside the scale {lo}-{hi}", file=path,
                                  key=f"scale.labels.{kind}")
    aliases = {str(k): int(v) for k, v in (s.get("aliases") or {}).items()}
    bad = sorted(k for k, v in aliases.items() if not lo <= v <= hi)
    if bad:
        raise InstrumentError(f"aliases {bad} map outside the scale {lo}-{hi}", file=path,
                              key="scale.aliases")
    fav = int(s.get("favourable_min", hi - 1))
    if not lo < fav <= hi:
        raise InstrumentError(f"favourable_min must lie in {lo + 1}-{hi}", file=path,
                              key="scale.favourable_min")
    return Scale(lo, hi, str(s.get("type", "agreement")), labels, aliases, fav)


def _build_bands(raw: list[Mapping[str, Any]], path: Path) -> tuple[Band, ...]:
    bands = []
    for i, b in enumerate(raw):
        lo, hi = float(_need(b, "min", path, f"bands[{i}].")), float(_need(b, "max", path, f"bands[{i}]."))
        if lo >= hi:
            raise InstrumentError(f"band min ({lo:g}) must be below max ({hi:g})", file=path,
                                  key=f"bands[{i}]")
        code = str(_need(b, "code", path, f"bands[{i}]."))
        bands.append(Band(code, str(b.get("label_id", code)), str(b.get("label_en", code)), lo, hi,
                          str(b.get("colour", "#999999"))))
    ordered = sorted(bands, key=lambda b: b.lower)
    if not ordered or ordered[0].lower != 0 or ordered[-1].upper != 100:
        raise InstrumentError("bands must cover 0-100 (lowest min 0, highest max 100)", file=path,
                              key="bands")
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.lower < a.upper:
            raise InstrumentError(f"bands {a.code!r} and {b.code!r} overlap ({a.upper:g} > {b.lower:g})",
                                  file=path, key="bands")
        if b.lower > a.upper:
            raise InstrumentError(f"gap between bands {a.code!r} and {b.code!r} "
                                  f"({a.upper:g} to {b.lower:g})", file=path, key="bands")
    return tuple(bands)
