"""Respondent identifiers: the key, the keyed hash, NIP checks and duplicate submissions.

Used by :func:`akhlak_analysis.data.clean.clean_responses` (which re-exports the public
names). NIP, name, e-mail and phone never reach a clean table: ``respondent_id`` is a keyed
hash (BLAKE2b as a message-authentication code) of the NIP, else the e-mail, else file and
row. The key comes from ``AKHLAK_ID_KEY`` (the key itself), ``AKHLAK_ID_KEY_FILE`` or the
config's ``id_key_file``; without one a random key is used for the run, with a warning.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import AnalysisConfig
from ._log import CleaningLog
from .io import TEXT

__all__ = ["NO_KEY_WARNING", "PrivacyWarning", "configured_id_key", "find_duplicates",
           "get_id_key", "hash_ids", "respondent_identity"]

_SCI = r"^\s*[0-9]+([.,][0-9]+)?\s*[eE]\s*\+?\s*[0-9]+\s*$"  # Excel's 1,98712E+17


class PrivacyWarning(UserWarning):
    """Respondent ids are not reproducible: no key was configured."""


#: The warning given when no respondent-id key is configured.
NO_KEY_WARNING = ("no respondent-id key configured (AKHLAK_ID_KEY, AKHLAK_ID_KEY_FILE or "
                  "id_key_file): using a random key for this run, so respondent ids will differ "
                  "between runs")


def configured_id_key(config: AnalysisConfig | None = None) -> bytes | None:
    """The configured respondent-id key: env ``AKHLAK_ID_KEY``, ``AKHLAK_ID_KEY_FILE``, config's
    ``id_key_file`` (a non-empty file), in that order; None when there is none."""
    if os.environ.get("AKHLAK_ID_KEY"):
        return os.environ["AKHLAK_ID_KEY"].encode()
    for candidate in (os.environ.get("AKHLAK_ID_KEY_FILE"),
                      config.id_key_file if config is not None else None):
        if candidate and Path(candidate).is_file():
            key = Path(candidate).read_bytes().strip()
            if key:
                return key
    return None


def get_id_key(config: AnalysisConfig | None = None) -> bytes:
    """The secret key for respondent ids (:func:`configured_id_key`).

    Without any, returns a random key for this run and warns (:class:`PrivacyWarning`): ids are
    then pseudonymous but differ between runs, so years cannot be linked.
    """
    key = configured_id_key(config)
    if key is None:
        warnings.warn(NO_KEY_WARNING, PrivacyWarning, stacklevel=2)
        return secrets.token_bytes(32)
    return key


def hash_ids(values: pd.Series, key: bytes) -> pd.Series:
    """Keyed BLAKE2b (a MAC, RFC 7693), 64 bits as 16 hex digits; keys over 64 bytes hashed.

    >>> ids = hash_ids(pd.Series(["198501012010011001", "198501012010011001"]), b"key")
    >>> ids.nunique(), len(ids.iloc[0]), ids.iloc[0] != hash_ids(ids.iloc[:1], b"other").iloc[0]
    (1, 16, True)
    """
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    copy = hashlib.blake2b(key=key, digest_size=8).copy

    def one(v: bytes) -> str:
        h = copy()
        h.update(v)
        return h.hexdigest()

    import pyarrow as pa

    if values.dtype == TEXT and not values.isna().any():  # UTF-8 bytes straight from Arrow
        data = values.array.__arrow_array__().cast(pa.large_binary()).to_pylist()
    else:
        data = [v.encode() for v in values.astype(str).tolist()]
    hexes = list(map(one, data))
    return pd.Series(pd.arrays.ArrowStringArray(pa.array(hexes, type=pa.string())))


def respondent_identity(df: pd.DataFrame, log: CleaningLog) -> pd.Series:
    """The identifier of a respondent: the NIP, else the e-mail (lower case), else missing."""
    ident = _clean_nip(df, log).copy()
    if "email" in df.columns:
        email = df["email"].str.strip().str.lower()
        ident = ident.fillna(email.where(email.str.contains("@", na=False)))
    return ident


def _clean_nip(df: pd.DataFrame, log: CleaningLog) -> pd.Series:
    """The NIP column as 18 digits, or missing (mangled and invalid ones logged)."""
    if "nip" not in df.columns:
        return pd.Series(pd.NA, index=df.index, dtype=TEXT)
    text = df["nip"].str.strip()
    plain = text.str.fullmatch(r"\d{18}", na=False)
    rest = text[~plain & text.notna()]  # the few that need a closer look (fast path above)
    mangled = rest.str.match(_SCI, na=False)
    digits = rest.str.replace(r"[\s.'\-]", "", regex=True)
    valid = digits.str.fullmatch(r"\d{18}", na=False) & ~mangled
    log.add(df.loc[mangled.index[mangled], "source_row"], "nip_mangled", "changed", "nip",
            detail="NIP tersimpan sebagai angka notasi ilmiah (digit hilang); dikosongkan. "
                   "Format kolom NIP sebagai Teks sebelum ekspor")
    log.add(df.loc[valid.index[~valid & ~mangled], "source_row"], "nip_invalid", "changed",
            "nip", detail="NIP bukan 18 digit; dikosongkan")
    out = text.where(plain)
    out[valid.index[valid]] = digits[valid]
    return out.astype(TEXT)


def find_duplicates(ident: pd.Series, submitted: pd.Series, rows: np.ndarray,
                    log: CleaningLog) -> np.ndarray:
    """Rows superseded by a later submission of the same identifier (logged, excluded)."""
    codes, _ = pd.factorize(ident)
    counts = np.bincount(codes[codes >= 0])
    repeated = counts[codes[codes >= 0]] > 1
    if not repeated.any():  # the usual case: every identifier once
        return np.zeros(len(rows), dtype=bool)
    frame = pd.DataFrame({"ident": ident, "t": submitted, "row": rows})
    has = pd.Series(codes >= 0, index=frame.index)
    has[has] = repeated
    ordered = frame[has].sort_values(["t", "row"], na_position="first", kind="stable")
    last = ordered.groupby("ident", sort=False)["row"].transform("last")
    dup = ordered[ordered["row"] != last]
    flag = np.isin(rows, dup["row"].to_numpy())
    log.add(dup["row"].to_numpy(), "duplicate_submission", "excluded",
            detail=[f"digantikan pengisian yang lebih baru di baris {k}" for k in
                    last[dup.index].to_numpy()])
    return flag
