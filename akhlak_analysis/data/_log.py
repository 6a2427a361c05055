"""The cleaning log, and the rule for showing respondents' own text in it.

Every changed cell and every excluded or flagged respondent of
:func:`akhlak_analysis.data.clean.clean_responses` is one row of the log. The log is shown to
officials (notebook 00, the workbook), so what respondents typed is shown only under one rule,
:func:`shown_texts`:

- a text found in the unit table, the instrument's labels or the category vocabularies
  (``safe``) is shown as it is;
- any other text is shown only when it occurs in at least :data:`MIN_TEXT_ROWS` rows, and
  then with personal data removed by :func:`akhlak_analysis.data.redact.redact` (e-mail,
  NIP, NIK, phone, long numbers, names from the export's own name column, titles with
  names);
- a text found in fewer rows is replaced by :data:`HIDDEN_TEXT`.

The ``detail`` and ``new`` columns are written by the package from its own templates, codes
and the unit table's names; a detail that names the original writes :data:`ORIGINAL` in its
place, filled with the original as shown. They are redacted too (with the table's names
kept), so that a template that ever quoted a respondent's text could not leak it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..instrument import normalize_text
from .io import TEXT
from .redact import PLACEHOLDERS, looks_personal, redact

__all__ = ["HIDDEN_TEXT", "LOG_COLUMNS", "MIN_TEXT_ROWS", "ORIGINAL", "PERSONAL_TEXT",
           "CleaningLog", "NameIndex", "safe_key", "shown_texts"]

LOG_COLUMNS = ["source_file", "source_row", "rule", "action", "column", "original", "new",
               "detail"]
#: a respondent's text found in fewer rows than this is not shown
MIN_TEXT_ROWS = 2
#: what is shown instead of a text found in too few rows
HIDDEN_TEXT = "(teks unik disembunyikan)"
#: written in a ``detail`` where the row's ``original`` belongs: replaced by the original as
#: it may be shown (quoted), or by :data:`HIDDEN_TEXT`
ORIGINAL = "\x00original\x00"
#: the detail of a logged value that looked like personal data (its text is not logged)
PERSONAL_TEXT = "nilai tampak seperti data pribadi (NIP, e-mail, telepon atau nama); tidak dicatat"


def safe_key(text: object) -> str:
    """How texts are compared with the safe ones: folded, letters and digits only.

    >>> safe_key(" Sangat  SETUJU. "), safe_key("Laki-laki")
    ('sangatsetuju', 'lakilaki')
    """
    return re.sub(r"[^0-9a-z]", "", normalize_text(text))


class NameIndex:
    """Person names from an export's own name column, for finding them in short texts.

    Holds the names folded (lower case, runs of letters and digits joined by one space); a
    text contains a name when a run of its words, folded the same way, equals one. Fast for a
    national file: the names are folded by Arrow in one pass when first needed (about a
    second for a million), no pattern of a million alternatives is compiled, and only the
    names a text holds are passed to :func:`~akhlak_analysis.data.redact.redact`.

    Examples
    --------
    >>> idx = NameIndex(["Budi Santoso", "Sari", None])
    >>> idx.found("pak budi santoso hadir"), idx.found("Laki-laki")
    (['budi santoso'], [])
    >>> idx.personal("Budi Santoso"), idx.personal("198501012010011001"), idx.personal("PNS")
    (True, True, False)
    >>> NameIndex(["Dr. Budi, S.Kom"]).redact("dr budi s kom"), idx.redact("Bu Budi Santoso")
    ('[nama]', 'Bu [nama]')
    """

    def __init__(self, names: Iterable[object] | pd.Series = ()) -> None:
        self._source = names.dropna().drop_duplicates() if isinstance(names, pd.Series) else names
        self._names: frozenset[str] | None = None
        self._longest = 0

    @property
    def names(self) -> frozenset[str]:
        """The names, folded (built on first use: most runs never need them)."""
        if self._names is None:
            folded = _fold_words(self._source)
            self._names = frozenset(n for n in folded if n is not None and len(n) >= 3)
            self._longest = max((n.count(" ") + 1 for n in self._names), default=0)
        return self._names

    def found(self, text: object) -> list[str]:
        """The names (folded) that ``text`` holds as whole words."""
        if not isinstance(text, str) or not self.names:
            return []
        words = (_fold_words([text])[0] or "").split(" ")
        out = []
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + self._longest) + 1):
                if " ".join(words[i:j]) in self.names:
                    out.append(" ".join(words[i:j]))
        return out

    def personal(self, text: object) -> bool:
        """Whether ``text`` holds an identifier (:func:`looks_personal`) or a listed name."""
        return bool(self.found(text)) or looks_personal(text)

    def redact(self, text: object) -> str:
        """``text`` with personal data replaced (:func:`redact` with the names it holds); the
        whole text becomes ``[nama]`` when a name in it is written so that the pattern misses
        it."""
        found = self.found(text)
        out = redact(text, names=found).text
        return PLACEHOLDERS["name"] if found and self.found(out) else out


def shown_texts(rows: Mapping[str, int], *, names: NameIndex | None = None,
                safe: Iterable[str] = ()) -> dict[str, str]:
    """What may be shown of each respondent text: itself, redacted, or :data:`HIDDEN_TEXT`.

    Parameters
    ----------
    rows : mapping
        Text -> the number of rows (respondents) it was found in.
    names : NameIndex, optional
        Names from the export's name column.
    safe : iterable of str
        Texts that are no respondent's own (unit names and aliases, answer labels, category
        spellings), compared by :func:`safe_key`; shown as they are.

    Returns
    -------
    dict
        Text -> shown text. The empty text stays empty.

    Examples
    --------
    >>> shown_texts({"Setju": 12, "budi@x.go.id": 3, "Bidang Rahasia": 1, "Dinkes": 1},
    ...             safe=["dinkes"])
    {'Setju': 'Setju', 'budi@x.go.id': '[email]', 'Bidang Rahasia': '(teks unik disembunyikan)', 'Dinkes': 'Dinkes'}
    """
    names = names or NameIndex()
    keep = {safe_key(s) for s in safe}
    out = {}
    for text, n in rows.items():
        if text == "" or safe_key(text) in keep:
            out[text] = text
        elif n < MIN_TEXT_ROWS:
            out[text] = HIDDEN_TEXT
        else:
            out[text] = names.redact(text)
    return out


class CleaningLog:
    """The rows of the cleaning log, collected rule by rule (see the module docstring).

    Parameters
    ----------
    source : str
        The file name (the log's ``source_file``).
    names : NameIndex, optional
        Names from the export's name column (removed from shown texts).
    safe : iterable of str
        Texts shown as they are (unit names and aliases, labels, category spellings).
    """

    def __init__(self, source: str, *, names: NameIndex | None = None,
                 safe: Iterable[str] = ()) -> None:
        self.source = source
        self.names = names or NameIndex()
        self.safe = {safe_key(s) for s in safe}
        self.parts: list[pd.DataFrame] = []

    def add(self, rows: np.ndarray | pd.Series, rule: str, action: str, column: str = "",
            original: object = "", new: object = "", detail: object = "") -> None:
        """Rows (source row numbers) that one rule changed, excluded, flagged or noted."""
        rows = np.asarray(rows)
        if rows.size == 0:
            return
        n = rows.size
        self.parts.append(pd.DataFrame({
            "source_file": self.source, "source_row": rows.astype("int64"), "rule": rule,
            "action": action, "column": column,
            "original": _broadcast(original, n), "new": _broadcast(new, n),
            "detail": _broadcast(detail, n)}))

    def originals(self, rule: str) -> pd.Series:
        """The ``original`` texts as collected (unredacted, for error messages) of one rule."""
        parts = [p["original"] for p in self.parts if p["rule"].iloc[0] == rule]
        return pd.concat(parts, ignore_index=True) if parts else pd.Series(dtype=object)

    def frame(self) -> pd.DataFrame:
        """The log as a table (``LOG_COLUMNS``, text as Arrow strings), texts shown by rule."""
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c == "source_row" else TEXT)
                                 for c in LOG_COLUMNS})
        log = pd.concat(self.parts, ignore_index=True)
        pairs = log.loc[log["original"] != "", ["original", "source_row"]].drop_duplicates()
        counts = pairs.groupby("original", sort=False).size().to_dict()
        log["original"] = log["original"].map({"": "", **shown_texts(
            counts, names=self.names, safe=self.safe)})
        quoting = log["detail"].str.contains(ORIGINAL, regex=False)
        if quoting.any():
            log.loc[quoting, "detail"] = [
                d.replace(ORIGINAL, o if o == HIDDEN_TEXT else repr(o)) for d, o in
                zip(log.loc[quoting, "detail"], log.loc[quoting, "original"], strict=True)]
        for col in ("new", "detail"):
            distinct = log[col].unique()
            log[col] = log[col].map({t: self._redact_template(t) for t in distinct})
        for c in LOG_COLUMNS:
            if c != "source_row":
                log[c] = log[c].astype(TEXT)
        return log.sort_values(["source_row", "action", "rule"], kind="stable",
                               ignore_index=True)[LOG_COLUMNS]

    def _redact_template(self, text: str) -> str:
        """A package-written text with personal data removed; safe texts quoted in it kept."""
        if not text or not looks_personal(text) and not self.names.found(text):
            return text
        kept: list[str] = []

        def hold(m: re.Match) -> str:
            if safe_key(m.group(1)) in self.safe:
                kept.append(m.group(0))
                return f"\x00{len(kept) - 1}\x00"
            return m.group(0)

        masked = re.sub(r"'([^']*)'", hold, text)
        out = self.names.redact(masked)
        return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], out)


def _fold_words(values: Iterable[object] | pd.Series) -> list[str | None]:
    """Texts folded word by word (NFKC, lower case, runs of letters and digits, one space
    between): vectorised, for a million names at once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pd.Series) and values.dtype == TEXT:
        arr = values.array.__arrow_array__()
    else:
        arr = pa.array([v if isinstance(v, str) else None for v in values],
                       type=pa.large_string())
    arr = pc.utf8_lower(pc.utf8_normalize(arr, form="NFKC"))
    arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, pattern=r"[\W_]+",
                                                             replacement=" "))
    return arr.to_pylist()


def _broadcast(value: object, n: int) -> np.ndarray:
    if isinstance(value, np.ndarray | pd.Series | list):
        return np.asarray(value, dtype=object)
    return np.full(n, "" if value is None else str(value), dtype=object)
