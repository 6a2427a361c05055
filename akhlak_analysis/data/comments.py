"""Open-text questions: finding their columns, telling comments from non-answers, redacting.

Most Google and Microsoft Forms end with an open question ("Saran dan masukan ..."). Its
column is found

1. from the instrument, when it lists ``open_questions`` (by question text, code or one of
   its ``headers``: :meth:`akhlak_analysis.instrument.Instrument.match_open_question`);
2. otherwise by its header: a header holding one of :data:`COMMENT_KEYWORDS` as a word
   (``saran``, ``masukan``, ``komentar``, ``usulan``, ``harapan``).

Only columns the survey reader did not take for an item or a known role are candidates, so a
"Harapan" column is never mistaken for an answer column.

Redaction comes first: every comment goes through
:func:`akhlak_analysis.data.redact.redact_many` before anything else sees it, with a deny-list
of person names built from the export's own name column and, when the unit table has such a
column, the unit heads (:func:`unit_heads`). The deny-list lives only while the file is read;
only the redacted texts and the counts per kind are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from ..instrument import Instrument, normalize_text
from .io import UnitTable
from .redact import redact_many

__all__ = ["COMMENT_KEYWORDS", "HEAD_COLUMNS", "NON_COMMENTS", "find_open_columns",
           "is_comment", "name_deny_list", "redact_comments", "unit_heads"]

#: words that mark a header as an open question (whole words, any case)
COMMENT_KEYWORDS: tuple[str, ...] = ("saran", "masukan", "komentar", "usulan", "harapan")

#: answers that say "nothing to add" (compared after normalising case, spaces, edge dots)
NON_COMMENTS: frozenset[str] = frozenset({
    "", "-", "--", ".", "..", "...", "0", "x", "tidak ada", "tidak ada saran",
    "tidak ada masukan", "tidak ada komentar", "belum ada", "nihil", "kosong", "tidak",
    "n/a", "na", "none", "no", "ok", "oke", "cukup", "sudah cukup", "sudah baik", "tdk ada"})

#: unit-table columns that may hold the name of a unit's head (any of them is used)
HEAD_COLUMNS: tuple[str, ...] = ("head", "head_name", "kepala", "nama_kepala", "pimpinan")

_DEGREE = re.compile(r",.*$")
_PREFIX = re.compile(r"^(?:(?:dr|drs|dra|ir|h|hj|prof)\.?\s+)+", re.IGNORECASE)


def find_open_columns(headers: Iterable[str], *, instrument: Instrument) -> pd.DataFrame:
    """The open-question columns among ``headers`` (the columns the reader did not use).

    Parameters
    ----------
    headers : iterable of str
        Column headers as written (e.g. ``CleanResult.unrecognised_columns``).
    instrument : Instrument
        Its ``open_questions``, when it lists any, decide alone.

    Returns
    -------
    DataFrame
        ``question`` (the instrument's code, or for a header found by keyword the first
        keyword in it, numbered when several columns share one), ``header``, ``found_by``
        (``"instrument"`` or ``"keyword"``).

    Examples
    --------
    >>> from akhlak_analysis.instrument import load_instrument
    >>> heads = ["ID", "Saran dan masukan untuk pimpinan", "Harapan Anda", "Nomor HP"]
    >>> find_open_columns(heads, instrument=load_instrument("berakhlak-2025"))
         question                            header found_by
    0       saran  Saran dan masukan untuk pimpinan  keyword
    1     harapan                      Harapan Anda  keyword
    >>> find_open_columns(["12. Saran dan masukan untuk perbaikan budaya kerja", "Harapan"],
    ...                   instrument=load_instrument("berakhlak-2025-plus"))["question"].tolist()
    ['saran']
    """
    rows = []
    headers = [str(h) for h in headers]
    if instrument.open_questions:
        for h in headers:
            code = instrument.match_open_question(h)
            if code is not None and code not in {r["question"] for r in rows}:
                rows.append({"question": code, "header": h, "found_by": "instrument"})
        return pd.DataFrame(rows, columns=["question", "header", "found_by"])
    used: Counter = Counter()
    for h in headers:
        words = re.findall(r"[a-z]+", normalize_text(h))
        hit = next((w for w in words if w in COMMENT_KEYWORDS), None)
        if hit is None:
            continue
        used[hit] += 1
        code = hit if used[hit] == 1 else f"{hit}_{used[hit]}"
        rows.append({"question": code, "header": h, "found_by": "keyword"})
    return pd.DataFrame(rows, columns=["question", "header", "found_by"])


def is_comment(text: object) -> bool:
    """Whether an answer to an open question says something (not blank, not "tidak ada").

    >>> [is_comment(t) for t in ["Tidak ada.", "-", None, "Pelatihan ditambah"]]
    [False, False, False, True]
    """
    if not isinstance(text, str):
        return False
    return normalize_text(text) not in NON_COMMENTS


def name_deny_list(names: Iterable[object]) -> list[str]:
    """Person names as colleagues write them: without degrees and honorific prefixes.

    ``"Dr. Budi Santoso, S.E., M.M."`` gives ``"Budi Santoso"``; blanks and one-letter names
    are dropped. The list is for :func:`redact_comments` only and is never stored.

    >>> name_deny_list(["Dr. Budi Santoso, S.E.", "SITI NUR", None, "  ", "A"])
    ['Budi Santoso', 'SITI NUR']
    """
    out = []
    for n in names:
        if not isinstance(n, str):
            continue
        plain = " ".join(_PREFIX.sub("", _DEGREE.sub("", n.strip())).split())
        if len(plain) >= 3:
            out.append(plain)
    return list(dict.fromkeys(out))


def unit_heads(units: UnitTable | None) -> list[str]:
    """Names of unit heads from the unit table's :data:`HEAD_COLUMNS` (empty without them).

    >>> unit_heads(None)
    []
    """
    if units is None:
        return []
    t = units.table
    names = [v for c in HEAD_COLUMNS if c in t.columns for v in t[c].tolist()]
    return name_deny_list(names)


def redact_comments(texts: Iterable[object], *, names: Iterable[str] = ()
                    ) -> tuple[list[str], Counter]:
    """Redact comments (identifiers, listed names, titled names); the texts and the counts.

    Examples
    --------
    >>> texts, counts = redact_comments(["Terima kasih Budi Santoso, WA 081234567890"],
    ...                                 names=["Budi Santoso"])
    >>> texts, dict(counts)
    (['Terima kasih [nama], WA [telepon]'], {'phone': 1, 'name': 1})
    """
    return redact_many(texts, names=names)
