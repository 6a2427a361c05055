"""The words and numbers every reader-facing sentence uses: one home for each.

:func:`organisation_words` gives the level and unit words of the organisation (a province, a
regency, a city or a national analysis of institutions); :func:`num` and :func:`signed` print
figures with the decimal comma; :func:`shown_change` makes a printed change the difference of
the two printed numbers; :func:`count_text` and :func:`join_names` write counts and lists as
a reader expects them ("233 responden", "A, B dan C serta 2 lainnya").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..checks import check_choice
from ..labels import format_number

__all__ = ["LEVELS", "OrgWords", "answer_words", "count_text", "join_names", "num", "organisation_words",
           "published_rows", "shown_change", "signed"]

#: level code -> (area word, default unit word)
LEVELS: Mapping[str, tuple[str, str]] = {
    "province": ("provinsi", "OPD"), "regency": ("kabupaten", "OPD"),
    "city": ("kota", "OPD"), "national": ("nasional", "instansi"),
    "organisation": ("keseluruhan", "OPD")}
_LEVEL_WORDS = {"provinsi": "province", "kabupaten": "regency", "kota": "city",
                "nasional": "national"}
_PATTERNS = (("province", r"\bprovinsi\b"), ("regency", r"\bkabupaten\b"),
             ("city", r"\bkota\b"),
             ("national", r"\b(kementerian|lembaga|nasional|instansi pusat)\b"))


@dataclass(frozen=True)
class OrgWords:
    """The organisation's words: ``level`` code, ``area`` word and ``unit`` word."""

    level: str
    area: str
    unit: str


def organisation_words(organisation: str = "", *, level: str | None = None,
                       unit_word: str | None = None) -> OrgWords:
    """The words a report uses for the whole organisation and for its units.

    Parameters
    ----------
    organisation : str
        The configuration's ``organisation`` ("Pemerintah Kabupaten Tanjung Rimba").
    level : str, optional
        ``province``, ``regency``, ``city``, ``national`` (or ``provinsi``, ``kabupaten``,
        ``kota``, ``nasional``); derived from ``organisation`` when not given.
    unit_word : str, optional
        The word for a unit (``OPD``, ``perangkat daerah``, ``instansi``); by default ``OPD``,
        ``instansi`` for a national analysis.

    Returns
    -------
    OrgWords
        ``level`` (code), ``area`` (``provinsi``, ``kabupaten``, ``kota``, ``nasional``, or
        ``keseluruhan`` when nothing says which) and ``unit``.

    Examples
    --------
    >>> organisation_words("Pemerintah Kabupaten Tanjung Rimba")
    OrgWords(level='regency', area='kabupaten', unit='OPD')
    >>> organisation_words("Pemerintah Kota Palangka Raya", unit_word="perangkat daerah").unit
    'perangkat daerah'
    >>> organisation_words("Kementerian PANRB").area, organisation_words("").area
    ('nasional', 'keseluruhan')
    """
    if level is None:
        text = str(organisation or "").casefold()
        level = next((code for code, pat in _PATTERNS if re.search(pat, text)), "organisation")
    level = str(check_choice(str(level).casefold(), [*LEVELS, *_LEVEL_WORDS], name="level"))
    level = _LEVEL_WORDS.get(level, level)
    area, unit = LEVELS[level]
    return OrgWords(level, area, unit_word or unit)


def num(x: object, decimals: int = 1) -> str:
    """A figure as printed everywhere (decimal comma): ``num(76.35) == '76,4'``."""
    return format_number(x, decimals, "id")


def signed(x: float, decimals: int = 1) -> str:
    """A change with its sign: ``+2,7``, ``-0,3``, ``0,0``."""
    text = num(x, decimals)
    return text if text.startswith("-") or text == num(0, decimals) else f"+{text}"


def shown_change(before: float, after: float, decimals: int = 1) -> float:
    """The change as the difference of the two printed numbers.

    >>> shown_change(76.3898, 79.1023), shown_change(76.44, 79.04)
    (2.7, 2.6)
    """
    return round(round(float(after), decimals) - round(float(before), decimals), decimals)


def count_text(n: object, noun: str) -> str:
    """A count as a reader expects it: ``count_text(233, "responden") == '233 responden'``."""
    return f"{num(n, 0)} {noun}"


def published_rows(table: pd.DataFrame | None) -> pd.DataFrame:
    """The published rows of a unit table (suppressed ones dropped; empty for None)."""
    if table is None or not len(table):
        return pd.DataFrame()
    if "suppressed" in table.columns:
        table = table[~table["suppressed"].fillna(False).astype(bool)]
    return table


def join_names(names_: list[str], limit: int = 3) -> str:
    """Names joined as in a sentence, the rest counted.

    >>> join_names(["A"]), join_names(["A", "B", "C", "D"])
    ('A', 'A, B dan C serta 1 lainnya')
    """
    shown = names_[:limit]
    text = ", ".join(shown[:-1]) + (" dan " if len(shown) > 1 else "") + shown[-1]
    return text + (f" serta {len(names_) - limit} lainnya" if len(names_) > limit else "")


def answer_words(instrument) -> tuple[str, str | None, str]:
    """The answer categories in words: favourable, neutral (None without a midpoint), other.

    Examples
    --------
    >>> answer_words("berakhlak-2025")
    ('setuju atau sangat setuju', 'netral', 'tidak setuju atau sangat tidak setuju')
    """
    from ..instrument import load_instrument

    scale = load_instrument(instrument).scale
    labels = scale.labels.get(scale.type) or next(iter(scale.labels.values()), {})

    def words(codes: list[int]) -> str:
        return " atau ".join(str(labels.get(c, c)).lower() for c in codes)

    fav = [c for c in reversed(scale.codes) if c >= scale.favourable_min]
    mid = (scale.min + scale.max) / 2
    neutral = [c for c in scale.codes if c == mid and c < scale.favourable_min]
    other = [c for c in reversed(scale.codes) if c < scale.favourable_min and c not in neutral]
    return words(fav[::-1]), (words(neutral) if neutral else None), words(other)
