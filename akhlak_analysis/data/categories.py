"""Demographic values are categories, never free text.

Each demographic column of an export (``gender``, ``age_band``, ``tenure_band``,
``employment``, ``position_type``, ``grade``) is matched to a known vocabulary: the shipped
``categories.yaml`` beside this module plus the config's ``values:`` maps. A value becomes its
category; anything else becomes missing (or the vocabulary's ``other`` category,
``Lainnya``) and is logged, so a NIP, a name or an e-mail typed into the gender field never
becomes a published group. A value that looks personal (an identifier pattern or a name from
the export's own name column) is logged without its text.

========================  ========  ================================================
rule                      action    what
========================  ========  ================================================
category_mapped           changed   another spelling of a category (``L``, ``Pria``,
                                    ``30 - 39 Tahun``, ``III/a``) set to the category
category_unrecognised     changed   not a category of the column: missing, or the
                                    vocabulary's ``other`` category
========================  ========  ================================================

Examples
--------
>>> voc = load_vocabularies({"gender": {"Lk": "Laki-laki"}})
>>> [voc["gender"].match(t)[0] for t in ("L", "pria", "Lk", "Budi")]
['Laki-laki', 'Laki-laki', 'Laki-laki', None]
>>> [voc["age_band"].match(t)[0] for t in ("30 - 39 Tahun", "di atas 50", "50+", "34")]
['30-39 tahun', '> 50 tahun', '>= 50 tahun', None]
>>> [voc["grade"].match(t)[0] for t in ("III/a", "Gol. IV", "9", "XX")]
['III', 'IV', 'IX', None]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import yaml

from ..config import CATEGORY_ROLES
from ..instrument import normalize_text
from ._log import PERSONAL_TEXT, CleaningLog, NameIndex
from .io import TEXT

__all__ = ["MISSING_SPELLINGS", "Vocabulary", "clean_categories", "load_vocabularies",
           "read_band", "read_grade"]

#: texts that say "no answer" in any demographic column (compared folded; a text of nothing but
#: punctuation, such as "-", too): they become missing, not a category nor "Lainnya"
MISSING_SPELLINGS: tuple[str, ...] = ("n/a", "na", "nan", "null", "none", "kosong",
                                      "tidak diisi", "belum diisi", "tidak ada", "tidak tahu")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
          "XIV", "XV", "XVI", "XVII")
_GRADE = re.compile(r"(?:golongan|gol)?\.?\s*([ivx]+|\d{1,2})(?:\s*[/\-. ]?\s*([a-e]))?")
_NUM = r"(\d{1,3})"
_BANDS = (  # (pattern, canonical form)
    (re.compile(_NUM + r"\s*(?:-|s/d|s\.d\.?|sd|sampai|hingga|to)\s*" + _NUM), "{0}-{1} tahun"),
    (re.compile(r"(?:<|kurang dari|di bawah|dibawah|under|below)\s*" + _NUM), "< {0} tahun"),
    (re.compile(r"(?:<=|=<|maksimal|maks\.?|paling lama)\s*" + _NUM), "<= {0} tahun"),
    (re.compile(r"(?:>=|=>|minimal|min\.?|paling sedikit)\s*" + _NUM), ">= {0} tahun"),
    (re.compile(_NUM + r"\s*(?:\+|ke atas|keatas|atau lebih)"), ">= {0} tahun"),
    (re.compile(r"(?:>|lebih dari|di atas|diatas|over|above)\s*" + _NUM), "> {0} tahun"),
)
_REDUPLICATED = re.compile(r"\b([^\W\d_]+)2\b")


def _fold(text: object) -> str:
    """Spelling key: folded, a doubled word written with 2 spelled out, letters and digits."""
    return re.sub(r"[^0-9a-z]", "", _REDUPLICATED.sub(r"\1-\1", normalize_text(text)))


_MISSING = frozenset({"", *(_fold(t) for t in MISSING_SPELLINGS)})


def read_band(text: object, *, bounds: tuple[int, int] = (0, 100)) -> str | None:
    """An age or years-of-service band in one written form, or None.

    Parameters
    ----------
    text : object
        As typed: ``"30 - 39 Tahun"``, ``"30 s/d 39"``, ``"< 30"``, ``"di bawah 30 tahun"``,
        ``"≥ 50"``, ``"50+"``, ``"50 tahun ke atas"``, ``"lebih dari 20"``.
    bounds : (int, int)
        Every number of the band must lie in it (a NIP or a phone number is no band).

    Returns
    -------
    str or None
        ``"30-39 tahun"``, ``"< 30 tahun"``, ``"<= 30 tahun"``, ``"> 50 tahun"`` or
        ``">= 50 tahun"``; None for anything else (a single age included: a number is no
        band, and inventing bands would be a guess).

    Examples
    --------
    >>> read_band("30 s/d 39 Tahun"), read_band("≥ 50"), read_band("198501012010011001")
    ('30-39 tahun', '>= 50 tahun', None)
    """
    t = normalize_text(text).replace("\u2013", "-").replace("\u2014", "-")
    t = t.replace("\u2265", ">=").replace("\u2264", "<=")
    t = " ".join(re.sub(r"\b(?:tahun|thn|th)\b\.?", " ", t).split())
    for pattern, form in _BANDS:
        m = pattern.fullmatch(t)
        if m:
            nums = [int(g) for g in m.groups()]
            if all(bounds[0] <= x <= bounds[1] for x in nums) and nums == sorted(set(nums)):
                return form.format(*nums)
    return None


def read_grade(text: object) -> str | None:
    """A civil-servant grade (*golongan*) as a roman numeral, or None.

    PNS golongan I-IV with or without ruang (``III/a``, ``IIIa``, ``III a``: all ``III``) and
    PPPK grades I-XVII, roman or arabic (``9`` is ``IX``), with or without ``Gol.``/
    ``Golongan`` in front.

    Examples
    --------
    >>> read_grade("III/b"), read_grade("Golongan 3"), read_grade("xvii"), read_grade("V/a")
    ('III', 'III', 'XVII', None)
    """
    m = _GRADE.fullmatch(normalize_text(text))
    if not m:
        return None
    number, room = m.groups()
    if number.isdigit():
        value = int(number)
    else:
        value = _ROMAN.index(number.upper()) + 1 if number.upper() in _ROMAN else 0
    if not 1 <= value <= len(_ROMAN) or (room and value > 4):
        return None
    return _ROMAN[value - 1]


@dataclass(frozen=True)
class Vocabulary:
    """The known categories of one demographic column.

    Attributes
    ----------
    role : str
        ``gender``, ``age_band``, ...
    categories : tuple of str
        The categories listed (in the vocabulary's order; band and grade columns have none
        listed, their pattern writes them).
    spellings : mapping
        Folded spelling -> category (the categories themselves included).
    pattern : str or None
        ``"band"`` or ``"grade"``: values read by their form (:func:`read_band`,
        :func:`read_grade`).
    bounds : (int, int)
        The numbers a band may hold.
    other : str or None
        The category an unknown value becomes (else missing).
    """

    role: str
    categories: tuple[str, ...]
    spellings: Mapping[str, str] = field(default_factory=dict)
    pattern: str | None = None
    bounds: tuple[int, int] = (0, 100)
    other: str | None = None

    def match(self, text: object) -> tuple[str | None, str]:
        """(category, how) of a value: how is ``"exact"`` (the category as written, spaces
        aside), ``"spelling"`` or ``"form"``; ``(None, "missing")`` for a text that says no
        answer (:data:`MISSING_SPELLINGS`, ``-``); ``(None, "")`` when it is no category."""
        key = _fold(text)
        if key in _MISSING and key not in self.spellings:
            return None, "missing"
        category = self.spellings.get(key)
        how = "spelling"
        if category is None and self.pattern == "band":
            category, how = read_band(text, bounds=self.bounds), "form"
        elif category is None and self.pattern == "grade":
            category, how = read_grade(text), "form"
        if category is None:
            return None, ""
        return category, "exact" if " ".join(str(text).split()) == category else how


def load_vocabularies(value_maps: Mapping[str, Mapping[str, str]] | None = None
                      ) -> dict[str, Vocabulary]:
    """The shipped vocabularies (``categories.yaml``) with the config's ``values:`` maps.

    Parameters
    ----------
    value_maps : mapping, optional
        Role -> {text as written -> category}; a map's spelling wins over a shipped one, and
        its category may be new.

    Returns
    -------
    dict
        Role -> :class:`Vocabulary`, one per demographic role.
    """
    out = dict(_shipped())
    for role, mapping in (value_maps or {}).items():
        voc = out[role]
        extra = {_fold(text): str(cat) for text, cat in mapping.items()}
        extra.update({_fold(cat): str(cat) for cat in mapping.values()})
        new = tuple(c for c in dict.fromkeys(map(str, mapping.values())) if c not in
                    voc.categories)
        out[role] = Vocabulary(role, voc.categories + new, {**voc.spellings, **extra},
                               voc.pattern, voc.bounds, voc.other)
    return out


@cache
def _shipped() -> dict[str, Vocabulary]:
    doc = yaml.safe_load((resources.files(__package__) / "categories.yaml").read_text("utf-8"))
    if set(doc) != set(CATEGORY_ROLES):  # pragma: no cover (a test pins the shipped file)
        raise ValueError(f"categories.yaml must describe exactly {CATEGORY_ROLES}")
    out = {}
    for role in CATEGORY_ROLES:
        spec = doc[role]
        cats = spec.get("categories") or {}
        spellings: dict[str, str] = {}
        for cat, others in cats.items():
            for text in (cat, *(others or [])):
                key = _fold(text)
                if spellings.get(key, cat) != cat:  # pragma: no cover (pinned by a test)
                    raise ValueError(f"categories.yaml: {text!r} of {role} is two categories")
                spellings[key] = str(cat)
        out[role] = Vocabulary(role, tuple(map(str, cats)), spellings, spec.get("pattern"),
                               tuple(spec.get("range", (0, 100))), spec.get("other"))
    return out


def clean_categories(data: pd.DataFrame, *, vocabularies: Mapping[str, Vocabulary],
                     log: CleaningLog, names: NameIndex | None = None) -> dict[str, pd.Series]:
    """Every demographic column of a raw export as categories, each change logged.

    Parameters
    ----------
    data : DataFrame
        The raw export's table (:attr:`RawResponses.data`): ``source_row`` and the role
        columns it has.
    vocabularies : mapping
        Role -> :class:`Vocabulary` (:func:`load_vocabularies`).
    log : CleaningLog
        Receives ``category_mapped`` and ``category_unrecognised`` rows (module docstring).
    names : NameIndex, optional
        Names from the export's name column: a value holding one is logged without its text.

    Returns
    -------
    dict
        Role -> text Series aligned with ``data`` (missing where the column is absent or the
        value is no category), one per demographic role.

    Examples
    --------
    >>> d = pd.DataFrame({"source_row": [2, 3, 4], "gender": ["L", "budi@x.id", "Perempuan"]})
    >>> log = CleaningLog("f.csv")
    >>> out = clean_categories(d, vocabularies=load_vocabularies(), log=log)
    >>> out["gender"].tolist(), bool(out["grade"].isna().all())
    (['Laki-laki', <NA>, 'Perempuan'], True)
    >>> log.frame()[["source_row", "rule", "original", "new"]].values.tolist()
    [[2, 'category_mapped', '(teks unik disembunyikan)', 'Laki-laki'], [3, 'category_unrecognised', '', '']]

    (A text found in one row only is not shown unless it is a known spelling, passed to the
    log as ``safe``; the e-mail is logged without its text.)
    """
    names = names or NameIndex()
    rows = data["source_row"].to_numpy()
    out = {}
    for role in CATEGORY_ROLES:
        if role not in data.columns:
            out[role] = pd.Series(pd.NA, index=data.index, dtype=TEXT)
            continue
        codes, uniques = pd.factorize(data[role])
        found = []
        for k, text in enumerate(uniques):
            category = _one_value(str(text), vocabularies[role], rows[codes == k], log, names)
            found.append(category)
        lookup = np.array([*found, None], dtype=object)
        out[role] = pd.Series(lookup[codes], index=data.index, dtype=TEXT)
    return out


def _one_value(text: str, voc: Vocabulary, rows: np.ndarray, log: CleaningLog,
               names: NameIndex) -> str | None:
    """The category of one distinct value, its rows logged when it changes."""
    category, how = voc.match(text)
    if how == "exact":
        return category
    if how == "missing":
        log.add(rows, "category_mapped", "changed", voc.role, original=text, new="",
                detail="berarti tidak diisi; dikosongkan")
        return None
    if category is not None:
        log.add(rows, "category_mapped", "changed", voc.role, original=text, new=category,
                detail=f"ditulis lain; dibaca sebagai {category!r}")
        return category
    category = voc.other
    fate = f"dijadikan {category!r}" if category else "dikosongkan"
    if names.personal(text):
        log.add(rows, "category_unrecognised", "changed", voc.role, new=category or "",
                detail=f"{PERSONAL_TEXT}; {fate}")
    else:
        log.add(rows, "category_unrecognised", "changed", voc.role, original=text,
                new=category or "", detail=f"bukan kategori yang dikenal; {fate} (bila benar, "
                                           f"tambahkan di values.{voc.role} pada analysis.yaml)")
    return category
