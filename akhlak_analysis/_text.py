"""Folding texts for matching (labels, headers, unit names, categories): one home for it."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text"]


def normalize_text(text: object) -> str:
    """Fold a label or header for matching: NFKC, case-folded, single spaces, no edge punctuation.

    >>> normalize_text("  Sangat   SETUJU. ")
    'sangat setuju'
    """
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" .:;,*")
