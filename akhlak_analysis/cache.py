"""The one on-disk cache: tables as Parquet plus a JSON manifest with checksums, never pickle.

``akhlak report`` cleans each year once and computes the protected tables once, before the
notebooks run; the notebooks (each in its own process) find the results here. What is cached
is data only: a cache entry is a folder holding one Parquet file per table and
``manifest.json`` (format, package version, the entry's key, the SHA-256 of every file and
small JSON metadata). Nothing in it is executed when read, unlike a pickle.

Rules:

- **Key**: the caller's digest of its inputs (file bytes, settings) combined with
  :func:`source_digest` (the package version and the bytes of every module and instrument of
  the package), so a code change never serves a stale result and no hand-kept list of source
  files is needed.
- **Integrity**: an entry whose manifest is missing, unreadable, of another format or key, or
  whose file checksums differ, is removed and rebuilt, with a one-line notice
  (:class:`CacheNotice`), never a traceback.
- **Privacy**: folders are created with mode 0700 and files with 0600 (the clean table is
  pseudonymous but respondent-level).
- **Atomic**: an entry is written into a temporary folder beside it and renamed into place, so a
  killed run never leaves half an entry that looks complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["FORMAT", "CacheNotice", "TableCache", "digest", "file_digest", "release_arrow_memory",
           "source_digest"]

#: layout version of a cache entry; bump when the layout changes
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent


class CacheNotice(UserWarning):
    """A cache entry was unusable and is rebuilt (the message says why)."""


def file_digest(path: str | Path | None) -> str:
    """SHA-256 of a file's bytes, read in blocks (``"-"`` for None): the one file-hash helper.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> file_digest(p)[:16]
    'ba7816bf8f01cfea'
    >>> file_digest(None)
    '-'
    """
    if path is None:
        return "-"
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest(*parts: object) -> str:
    """SHA-256 of the ``repr`` of each part, in order (settings, keys, file digests).

    Examples
    --------
    >>> digest(2025, "headcount") == digest(2025, "headcount") != digest(2025, "none")
    True
    """
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


@lru_cache(maxsize=1)
def source_digest() -> str:
    """The package version and the bytes of every module and shipped instrument.

    Part of every cache key: any change of the code (or an upgrade) invalidates the cache.
    """
    from importlib import metadata

    try:
        version = metadata.version("akhlak-analysis")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        version = "source"
    h = hashlib.sha256(version.encode())
    for path in sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.yaml")]):
        h.update(str(path.relative_to(_PACKAGE)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def release_arrow_memory() -> None:
    """Give the memory Arrow's allocator keeps after a read back to the system.

    Reading a table decodes it into Arrow buffers, most of which pandas copies; the freed
    buffers stay in Arrow's pool (mimalloc) for reuse. Both years of the national survey
    read into one process keep 1.23 GB resident for 0.72 GB of tables; after the release
    0.93 GB. Every notebook kernel reads the clean tables, so this is per process.
    """
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow comes with the package
        return
    pa.default_memory_pool().release_unused()


class TableCache:
    """A folder of cache entries, each a set of named tables with metadata.

    Parameters
    ----------
    folder : str, Path or None
        Where entries live (created with mode 0700 when first written); None: a cache that
        never holds anything (every :meth:`load` misses, :meth:`save` does nothing).

    Examples
    --------
    >>> import tempfile
    >>> cache = TableCache(Path(tempfile.mkdtemp()) / ".cache")
    >>> cache.load("clean_2025", "k1") is None
    True
    >>> cache.save("clean_2025", "k1", {"data": pd.DataFrame({"a": [1.5]})}, {"n_in": 3})
    >>> frames, meta = cache.load("clean_2025", "k1")
    >>> frames["data"]["a"].tolist(), meta
    ([1.5], {'n_in': 3})
    >>> cache.load("clean_2025", "k2") is None  # another key: a miss
    True
    """

    def __init__(self, folder: str | Path | None):
        self.folder = None if folder is None else Path(folder)

    def _entry(self, name: str, key: str) -> Path:
        return self.folder / f"{name}-{key[:32]}"  # type: ignore[operator]

    def load(self, name: str, key: str) -> tuple[dict[str, pd.DataFrame], dict] | None:
        """The tables and metadata saved under ``name`` and ``key``, or None.

        An entry that fails any check is removed, and a :class:`CacheNotice` says why.
        """
        if self.folder is None:
            return None
        entry = self._entry(name, key)
        if not entry.exists():
            return None
        try:
            return self._read(entry, key)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            warnings.warn(f"cache entry {entry} unusable ({exc}); it is rebuilt", CacheNotice,
                          stacklevel=2)
            shutil.rmtree(entry, ignore_errors=True)
            return None

    @staticmethod
    def _read(entry: Path, key: str) -> tuple[dict[str, pd.DataFrame], dict]:
        manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or manifest.get("key") != key:
            raise ValueError("written by another version or for other inputs")
        frames = {}
        for table, checksum in manifest["files"].items():
            path = entry / f"{table}.parquet"
            if file_digest(path) != checksum:
                raise ValueError(f"checksum of {path.name} differs")
            frames[table] = pd.read_parquet(path)
        release_arrow_memory()
        return frames, manifest.get("meta", {})

    def save(self, name: str, key: str, frames: Mapping[str, pd.DataFrame],
             meta: Mapping[str, Any] | None = None) -> None:
        """Write the tables and JSON-serialisable metadata as one entry (atomically)."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.folder, 0o700)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=self.folder))  # mode 0700
        files = {}
        for table, frame in frames.items():
            path = tmp / f"{table}.parquet"
            _plain(frame).to_parquet(path, index=False)
            os.chmod(path, 0o600)
            files[table] = file_digest(path)
        manifest = {"format": FORMAT, "key": key, "files": files, "meta": dict(meta or {})}
        path = tmp / "manifest.json"
        path.write_text(json.dumps(manifest, sort_keys=True, ensure_ascii=False),
                        encoding="utf-8")
        os.chmod(path, 0o600)
        entry = self._entry(name, key)
        shutil.rmtree(entry, ignore_errors=True)
        try:
            os.replace(tmp, entry)
        except OSError:  # another run wrote it first: keep theirs
            shutil.rmtree(tmp, ignore_errors=True)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a default index and string column names, as Parquet stores it."""
    out = frame.reset_index(drop=True)
    out.columns = [str(c) for c in out.columns]
    out.attrs = {}
    return out
