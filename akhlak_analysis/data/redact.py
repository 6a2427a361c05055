"""Personal data in free text: find it, remove it, count what was removed.

Respondents type identifiers where nobody asked for them: a NIP in the gender field, a phone
number in the comment box, a colleague's name after "Pak". Every text that can reach an output
(cleaning-log cells, tables of unrecognised values, open comments) goes through
:func:`redact` first. What it finds is replaced by a placeholder in square brackets and
counted per kind; the original text is never stored.

========  ============================================================  ==============
kind      what                                                          placeholder
========  ============================================================  ==============
email     ``name@domain.tld``                                           ``[email]``
url       ``http(s)://...``, ``www....``                                ``[tautan]``
nip       18 digits (NIP ASN), spaces, dots or dashes allowed between   ``[NIP]``
nik       16 digits (NIK, the national identity number)                 ``[NIK]``
phone     ``+62``/``62``/``0`` followed by 8-12 digits, ``08...``       ``[telepon]``
number    any other run of 9 or more digits (account or card numbers)   ``[angka]``
name      a name from ``names`` (the export's own name column, unit     ``[nama]``
          heads), whole words, case-insensitive
title     a title or form of address followed by capitalised words      ``[nama]``
          ("Pak Budi", "Bu Sari Dewi", "Kabid Umum", "Kasubag ...")
========  ============================================================  ==============

:func:`looks_personal` says whether a short field value (a demographic answer, an answer cell,
a unit name) holds any of these, so that callers log such a value without its text.

No network and no model: regular expressions and the caller's deny-list. The patterns err on
the side of removing (a 9-digit number is removed even if it is a budget figure).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["KINDS", "PLACEHOLDERS", "TITLES", "Redaction", "looks_personal", "redact",
           "redact_many"]

#: kinds of personal data, in the order they are searched
KINDS: tuple[str, ...] = ("email", "url", "nip", "nik", "phone", "number", "name", "title")

#: the text that replaces each kind (Indonesian, shown to readers)
PLACEHOLDERS: dict[str, str] = {"email": "[email]", "url": "[tautan]", "nip": "[NIP]",
                                "nik": "[NIK]", "phone": "[telepon]", "number": "[angka]",
                                "name": "[nama]", "title": "[nama]"}

#: forms of address and position titles that precede a person's name in Indonesian offices
TITLES: tuple[str, ...] = (
    "pak", "bapak", "bu", "ibu", "mas", "mbak", "bang", "kak", "sdr", "sdri", "saudara",
    "saudari", "yth", "kabid", "kasubag", "kasubbag", "kasubbid", "kasubid", "kasi", "kasie",
    "kadis", "kadin", "kaban", "kabag", "kabiro", "karo", "kapus", "kaur", "kasat", "kasatpol",
    "kaupt", "kepala", "sekdis", "sekban", "sekda", "sekretaris", "asisten", "inspektur",
    "irban", "direktur", "dirut", "wadir", "camat", "lurah", "plt", "plh", "pj", "bpk", "mba",
    "dr", "drs", "dra", "ir", "h", "hj", "prof",
)

_SEP = r"[ .\-]?"
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_NIP = re.compile(r"(?<!\d)(?:\d" + _SEP + r"){17}\d(?!\d)")
_NIK = re.compile(r"(?<!\d)(?:\d" + _SEP + r"){15}\d(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)" + _SEP + r"8(?:" + _SEP + r"\d){7,11}(?!\d)")
_NUMBER = re.compile(r"(?<!\d)\d(?:[ .\-]?\d){8,}(?!\d)")
_CAP = r"[A-Z][a-zA-Z'\-]+"
_TITLE = re.compile(r"\b(?i:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.?\s+"
                    r"(" + _CAP + r"(?:\s+" + _CAP + r"){0,2})")
_PATTERNS = (("email", _EMAIL), ("url", _URL), ("nip", _NIP), ("nik", _NIK),
             ("phone", _PHONE), ("number", _NUMBER))


@dataclass(frozen=True)
class Redaction:
    """A redacted text and what was removed.

    Attributes
    ----------
    text : str
        The text with every finding replaced by its placeholder.
    counts : Counter
        Findings per kind (``email``, ``nip``, ...); empty when nothing was found.
    """

    text: str
    counts: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        """Whether anything was removed."""
        return bool(self.counts)


def _name_pattern(names: Iterable[str]) -> re.Pattern | None:
    words = sorted({" ".join(str(n).split()) for n in names
                    if isinstance(n, str) and len(str(n).strip()) >= 3}, key=len, reverse=True)
    if not words:
        return None
    parts = [r"\s+".join(re.escape(w) for w in n.split(" ")) for n in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def redact(text: object, *, names: Iterable[str] = (), _pattern: re.Pattern | None = None
           ) -> Redaction:
    """Remove e-mail addresses, links, NIP, NIK, phone numbers, long numbers and names.

    Parameters
    ----------
    text : object
        The text (anything else, e.g. NaN, gives an empty text).
    names : iterable of str
        A deny-list of person names (the export's name column, unit heads): each is removed
        as whole words wherever it occurs, whatever its case. Names shorter than 3
        characters are ignored.

    Returns
    -------
    Redaction
        The text with placeholders and the counts per kind.

    Examples
    --------
    >>> r = redact("Hubungi pak Budi Santoso di 0812-3456-7890 atau budi@dinas.go.id, "
    ...            "NIP 19850101 201001 1 001.")
    >>> r.text
    'Hubungi pak [nama] di [telepon] atau [email], NIP [NIP].'
    >>> sorted(r.counts.items())
    [('email', 1), ('nip', 1), ('phone', 1), ('title', 1)]
    >>> redact("Beban kerja terlalu tinggi, Sari Dewi sering lembur", names=["sari dewi"]).text
    'Beban kerja terlalu tinggi, [nama] sering lembur'
    >>> redact("pak kerja sama sudah baik").changed
    False
    """
    if not isinstance(text, str):
        return Redaction("")
    out, counts = text, Counter()
    for kind, pattern in _PATTERNS:
        out, k = pattern.subn(PLACEHOLDERS[kind], out)
        if k:
            counts[kind] += k
    pat = _pattern if _pattern is not None else _name_pattern(names)
    if pat is not None:
        out, k = pat.subn(PLACEHOLDERS["name"], out)
        if k:
            counts["name"] += k

    def _sub_title(m: re.Match) -> str:  # a capitalised word follows: "Pak Budi", not "pak kerja"
        counts["title"] += 1
        return m.group(0)[: m.start(1) - m.start(0)] + PLACEHOLDERS["title"]

    out = _TITLE.sub(_sub_title, out)
    return Redaction(out, counts)


def redact_many(texts: Iterable[object], *, names: Iterable[str] = ()
                ) -> tuple[list[str], Counter]:
    """:func:`redact` over many texts with one compiled deny-list; (texts, total counts).

    Examples
    --------
    >>> texts, counts = redact_many(["a@b.id", "tidak ada", None])
    >>> texts, dict(counts)
    (['[email]', 'tidak ada', ''], {'email': 1})
    """
    pat = _name_pattern(names)
    total: Counter = Counter()
    out = []
    for t in texts:
        r = redact(t, _pattern=pat)
        total.update(r.counts)
        out.append(r.text)
    return out, total


def looks_personal(value: object, *, names: Iterable[str] = ()) -> bool:
    """Whether a short field value holds an identifier or a listed name.

    For values typed into fields that should hold a category or an answer: such a value is
    logged and shown without its text.

    Examples
    --------
    >>> looks_personal("198501012010011001"), looks_personal("budi@dinas.go.id")
    (True, True)
    >>> looks_personal("Perempuan"), looks_personal("Sangat Setuju"), looks_personal(4)
    (False, False, False)
    >>> looks_personal("Budi Santoso", names=["Budi Santoso"])
    True
    """
    return redact(value, names=names).changed
