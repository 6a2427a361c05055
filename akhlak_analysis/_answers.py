"""Reading answer texts: codes, labels, abbreviations, code-with-label forms, misspellings.

The parser recognises; it never guesses. A misspelled label is accepted only when it can be
a spelling of one label and no other: it carries the same modifier words as that label, is
close enough to it (``fuzzy_cutoff``) and clearly closer than to any label of another code
with those modifiers (``margin``). A modifier (*agak*, *kurang*, *cukup*, *sangat*, *tidak*,
*sedikit*, ...) changes what an answer means, so "Agak Setuju" is neither "Setuju" nor
"Sangat Setuju" however close the letters are (difflib rates "agak setuju" 0,83 against
"sangat setuju"): it stays unrecognised until the user says which code it means (the
instrument's ``scale.aliases`` or the config's ``cleaning.answer_aliases``).

Exposed by :mod:`akhlak_analysis.instrument` (``AnswerParser``, ``Scale.answer_parser``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from ._text import normalize_text

if TYPE_CHECKING:  # pragma: no cover
    from .instrument import Scale

__all__ = ["ANSWER_MODIFIERS", "MODIFIER_SPELLINGS", "AnswerParser", "answer_modifiers"]

#: Words that change the meaning of an answer label (degree or negation). A text is matched
#: to a label by its spelling only when both carry the same set of these words.
ANSWER_MODIFIERS: tuple[str, ...] = (
    "agak", "kurang", "cukup", "sangat", "tidak", "sedikit", "amat", "sekali", "banget",
    "hampir", "lumayan", "terlalu", "paling", "sungguh", "belum")
#: Common short spellings of the modifiers (a longer misspelling, "sangt", is recognised by
#: its similarity to the word, 0,8 or more).
MODIFIER_SPELLINGS: Mapping[str, str] = {
    "tdk": "tidak", "tak": "tidak", "gak": "tidak", "ga": "tidak", "nggak": "tidak",
    "sgt": "sangat", "sngt": "sangat", "krg": "kurang", "ckp": "cukup", "agk": "agak",
    "sdkt": "sedikit", "bgt": "banget"}

#: answer text that is a number: "4", "4,0", "4.0", "+4"
_NUMBER = re.compile(r"[+]?\d+([.,]\d+)?")
#: a code before its label: "4 - Setuju", "4. Setuju", "4) Setuju", "(4) Setuju", "4 = Setuju",
#: "4: Setuju", "4 Setuju", "[4] Setuju"
_CODE_FIRST = re.compile(r"[(\[]?\s*(\d+)\s*[)\]]?\s*(?:[-\u2013\u2014.:=)]\s*)?(\D.*)")
#: a label before its code: "Setuju (4)", "Setuju [4]", "Setuju - 4", "Setuju = 4"
_CODE_LAST = re.compile(r"(\D.*?)\s*(?:[(\[]\s*(\d+)\s*[)\]]|[-\u2013\u2014:=]\s*(\d+))")
#: Indonesian reduplication written with a 2: "kadang2" = "kadang-kadang"
_REDUPLICATED = re.compile(r"\b([^\W\d_]+)2\b")


def answer_modifiers(text: str) -> frozenset[str]:
    """The modifier words a (normalised) answer text carries, misspelled ones included.

    Examples
    --------
    >>> sorted(answer_modifiers("sangat tdk setuju")), sorted(answer_modifiers("sangt setuju"))
    (['sangat', 'tidak'], ['sangat'])
    >>> answer_modifiers("agak setuju"), answer_modifiers("setju")
    (frozenset({'agak'}), frozenset())
    """
    found = set()
    for word in re.findall(r"[^\W\d_]+", text):
        if word in ANSWER_MODIFIERS:
            found.add(word)
        elif word in MODIFIER_SPELLINGS:
            found.add(MODIFIER_SPELLINGS[word])
        elif len(word) >= 4:
            near = difflib.get_close_matches(word, ANSWER_MODIFIERS, n=1, cutoff=0.8)
            if near:
                found.add(near[0])
    return frozenset(found)


class AnswerParser:
    """Answer text -> ``(code, rule)`` for one scale, every distinct text parsed once.

    Accepted forms (compared after :func:`~akhlak_analysis.instrument.normalize_text`): the
    code itself (``4``, ``4,0``, ``4.0``); a label of any of the scale's label sets
    (``Setuju``, ``Sering``) or an alias (``SS``), reduplication written with a 2
    (``Kadang2``); a code together with its label in the usual option-list spellings
    (``4 - Setuju``, ``4. Setuju``, ``4) Setuju``, ``(4) Setuju``, ``4 = Setuju``,
    ``4 Setuju``, ``Setuju (4)``); a misspelling of one label of at least 4 letters (see
    below). A code and label that disagree (``4 - Sangat Setuju`` where 4 is *Setuju*) is not
    guessed: it is unrecognised.

    A misspelling is compared only with the labels that carry the same modifier words
    (:data:`ANSWER_MODIFIERS`: *agak*, *kurang*, *cukup*, *sangat*, *tidak*, ...; misspelled
    ones such as *sangt* and short forms such as *tdk* included), and accepted only when its
    best label is at least ``fuzzy_cutoff`` similar (difflib ratio) and the best of those
    labels of every other code at least ``margin`` less similar. "Setju" is *Setuju*; "Agak Setuju" is unrecognised (it carries *agak*, which no
    label has), not *Sangat Setuju*.

    ``rule`` is ``""`` for a code, an exact label or a code with its label;
    ``answer_label_normalised`` (other case or spacing), ``answer_abbreviation`` (an alias),
    ``answer_label_fuzzy``, ``answer_out_of_range`` (a number outside the scale; code NaN) or
    ``answer_unrecognised`` (code NaN).

    Parameters
    ----------
    scale : Scale
    fuzzy_cutoff : float
        Similarity (0-1) needed to accept a misspelled label.
    margin : float
        How much closer (difflib ratio) the best label must be than the best label of any
        other code.
    aliases : mapping, optional
        Extra answer texts -> code (e.g. the config's ``cleaning.answer_aliases``); they count as
        abbreviations.

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> parse = AnswerParser(load_instrument("berakhlak-2024").scale)
    >>> parse("Setju"), parse("Sangt Setuju"), parse("Tdk Setuju"), parse("kadang2")
    ((4.0, 'answer_label_fuzzy'), (5.0, 'answer_label_fuzzy'), (2.0, 'answer_label_fuzzy'), (3.0, 'answer_label_normalised'))
    >>> parse("Agak Setuju"), parse("Setuju Sekali")
    ((nan, 'answer_unrecognised'), (nan, 'answer_unrecognised'))
    """

    def __init__(self, scale: Scale, *, fuzzy_cutoff: float = 0.8, margin: float = 0.1,
                 aliases: Mapping[str, int] | None = None) -> None:
        extra = {normalize_text(a): int(c) for a, c in (aliases or {}).items()}
        bad = sorted(a for a, c in extra.items() if not scale.min <= c <= scale.max)
        if bad:
            raise ValueError(f"answer aliases {bad} map outside the scale {scale.min}-{scale.max}")
        self.scale = scale
        self.fuzzy_cutoff = fuzzy_cutoff
        self.margin = margin
        self.labels = {**scale.label_map(), **extra}
        self.canonical = {t: c for lab in scale.labels.values() for c, t in lab.items()}
        self.aliases = {normalize_text(a) for a in scale.aliases} | set(extra)
        self.long_labels = [k for k in self.labels if len(k) >= 4 and not k.isdigit()]
        self._modifiers = {k: answer_modifiers(k) for k in self.long_labels}
        self.cache: dict[str, tuple[float, str]] = {}

    def __call__(self, text: str) -> tuple[float, str]:
        got = self.cache.get(text)
        if got is None:
            got = self.cache[text] = self._parse(text)
        return got

    def closest(self, norm: str) -> tuple[int | None, float, float]:
        """(code of the most similar label, its similarity, the best similarity of another
        code) for a normalised text, among the labels with the text's modifier words; the
        code is None when no such label is similar at all.

        >>> from akhlak_analysis import load_instrument
        >>> code, best, second = AnswerParser(load_instrument("berakhlak-2024").scale
        ...                                   ).closest("sangat tdk setuju")
        >>> code, round(best, 3), round(second, 3)   # "sangat setuju" lacks "tidak": no rival
        (1, 0.944, 0.0)
        """
        mods = answer_modifiers(norm)
        best: dict[int, float] = {}
        for label in self.long_labels:
            if self._modifiers[label] != mods:
                continue
            matcher = difflib.SequenceMatcher(None, norm, label)
            if matcher.real_quick_ratio() < self.fuzzy_cutoff - self.margin:
                continue
            code = self.labels[label]
            best[code] = max(best.get(code, 0.0), matcher.ratio())
        if not best:
            return None, 0.0, 0.0
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        return ranked[0][0], ranked[0][1], second

    def _fuzzy(self, norm: str) -> int | None:
        """The one label ``norm`` is a misspelling of, or None (see the class docstring)."""
        code, score, second = self.closest(norm)
        if code is None or score < self.fuzzy_cutoff or score - second < self.margin:
            return None
        return code

    def _label(self, norm: str) -> tuple[int | None, str]:
        """A label (exact, normalised, alias or misspelled) -> (code, rule); (None, "") if none."""
        norm = _REDUPLICATED.sub(r"\1-\1", norm)
        if norm in self.labels and not norm.isdigit():
            return self.labels[norm], ("answer_abbreviation" if norm in self.aliases
                                       else "answer_label_normalised")
        if len(norm) >= 4:
            code = self._fuzzy(norm)
            if code is not None:
                return code, "answer_label_fuzzy"
        return None, ""

    def _parse(self, text: str) -> tuple[float, str]:
        if text in self.canonical:
            return float(self.canonical[text]), ""
        norm = normalize_text(text)
        if _NUMBER.fullmatch(norm):
            x = float(norm.replace(",", "."))
            ok = x.is_integer() and self.scale.min <= x <= self.scale.max
            return (x, "") if ok else (np.nan, "answer_out_of_range")
        if norm in self.labels:
            code, rule = self._label(norm)
            return float(code), rule
        coded = _CODE_FIRST.fullmatch(norm) or _CODE_LAST.fullmatch(norm)
        if coded:
            groups = coded.groups()
            label = groups[1] if coded.re is _CODE_FIRST else groups[0]
            number = groups[0] if coded.re is _CODE_FIRST else (groups[1] or groups[2])
            code, rule = self._label(normalize_text(label))
            if code is not None and code == int(number):
                exact = normalize_text(label) in {normalize_text(t) for t in self.canonical}
                return float(code), "" if exact or rule == "answer_label_normalised" else rule
            return np.nan, "answer_unrecognised"
        code, rule = self._label(norm)
        return (float(code), rule) if code is not None else (np.nan, "answer_unrecognised")
