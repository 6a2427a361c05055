"""Published external reference figures: national (and regional) indices, as context.

The package ships ``external.yaml`` (package data): the national Indeks BerAKHLAK of 2022
(60,9; per value: Berorientasi Pelayanan 57,9, Akuntabel 74,1, Kompeten 56,7, Harmonis 63,8,
Loyal 65,8, Adaptif 38,9, Kolaboratif 69,4) and of 2023 (61,1), each with its year, source,
method and caveat. The national index counts *votes for behaviours* (method ``votes``), while
this project averages Likert answers rescaled to 0-100 (method ``likert_mean``): the figures are
context, never a target and never a like-for-like comparison (``comparable: false``). A file of
the same form (regional figures, say) is read with ``load_references(path)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..errors import DataError
from ..instrument import available_instruments, load_instrument

__all__ = ["COLUMNS", "METHODS", "REFERENCES_FILE", "SCOPES", "load_references"]

#: The shipped file of published figures.
REFERENCES_FILE = Path(__file__).resolve().parent / "external.yaml"
#: How a published figure was computed: share of votes for behaviours, or a Likert mean.
METHODS = ("votes", "likert_mean")
SCOPES = ("national", "regional")
_KEYS: dict[str, tuple[type, ...]] = {
    "code": (str,), "scope": (str,), "area": (str,), "year": (int,), "name": (str,),
    "method": (str,), "comparable": (bool,), "source": (str,), "url": (str,), "note": (str,),
    "caveat": (str,), "figures": (dict,)}
_OPTIONAL = {"url", "note"}
COLUMNS = ["reference", "scope", "area", "year", "name", "measure", "value", "method",
           "comparable", "source", "url", "note", "caveat"]


def _measures() -> list[str]:
    codes: list[str] = ["culture_index"]
    for name in available_instruments():
        codes += [v for v in load_instrument(name).value_codes if v not in codes]
    return codes


def _entry(i: int, doc: object, path: Path, measures: list[str]) -> list[dict[str, Any]]:
    where = f"references[{i}]"
    if not isinstance(doc, Mapping):
        raise DataError("expected a mapping of keys", file=path, key=where)
    unknown = sorted(set(doc) - set(_KEYS))
    if unknown:
        raise DataError(f"unknown key {unknown[0]!r}; expected {sorted(_KEYS)}", file=path,
                        key=f"{where}.{unknown[0]}")
    for key, types in _KEYS.items():
        value = doc.get(key)
        if value is None and key in _OPTIONAL:
            continue
        if value is None or not isinstance(value, types) or (
                isinstance(value, bool) and bool not in types):
            raise DataError(f"expected {' or '.join(t.__name__ for t in types)}, got "
                            f"{value!r}", file=path, key=f"{where}.{key}")
    checks = (("scope", SCOPES), ("method", METHODS))
    for key, allowed in checks:
        if doc[key] not in allowed:
            raise DataError(f"expected one of {allowed}, got {doc[key]!r}", file=path,
                            key=f"{where}.{key}")
    if doc["method"] != "likert_mean" and doc["comparable"]:
        raise DataError("a figure computed otherwise than as a Likert mean cannot be "
                        "comparable with this index", file=path, key=f"{where}.comparable")
    if not 2000 <= doc["year"] <= 2100:
        raise DataError(f"expected a survey year, got {doc['year']}", file=path,
                        key=f"{where}.year")
    if not doc["figures"]:
        raise DataError("no figures", file=path, key=f"{where}.figures")
    rows = []
    for measure, value in doc["figures"].items():
        key = f"{where}.figures.{measure}"
        if measure not in measures:
            raise DataError(f"unknown measure; expected culture_index or a value code "
                            f"{measures[1:]}", file=path, key=key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                0 <= value <= 100):
            raise DataError(f"expected a number in 0-100, got {value!r}", file=path, key=key)
        rows.append({"reference": doc["code"], **{k: doc.get(k) for k in (
            "scope", "area", "year", "name")}, "measure": measure, "value": float(value),
            **{k: doc.get(k) for k in ("method", "comparable", "source", "url", "note",
                                       "caveat")}})
    return rows


def load_references(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate a file of published reference figures.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file of the form of the shipped ``external.yaml`` (default: that file).

    Returns
    -------
    DataFrame
        One row per figure: ``reference`` (the entry's code), ``scope`` (``national`` /
        ``regional``), ``area``, ``year``, ``name``, ``measure`` (``culture_index`` or a value
        code), ``value`` (0-100), ``method`` (``votes`` / ``likert_mean``), ``comparable``
        (bool: the same method and items as this index), ``source``, ``url``, ``note`` and
        ``caveat`` (Indonesian: why the figure is context and not a target).

    Raises
    ------
    DataError
        Missing file, invalid YAML, an unknown or missing key, a wrong type, an unknown scope,
        method or measure, a value outside 0-100, a duplicate code, or a ``votes`` figure
        marked comparable. The message names the file and the key.

    Examples
    --------
    >>> ref = load_references()
    >>> ref.loc[ref["measure"] == "culture_index", ["reference", "year", "value", "method"]]
           reference  year  value method
    0  nasional_2022  2022   60.9  votes
    8  nasional_2023  2023   61.1  votes
    >>> bool(ref["comparable"].any()), ref["caveat"].iloc[0][:40]
    (False, 'Indeks nasional dihitung dari pilihan (s')
    """
    path = REFERENCES_FILE if path is None else Path(path)
    if not path.is_file():
        raise DataError("file of reference figures not found", file=path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML ({exc})", file=path) from exc
    if not isinstance(doc, Mapping) or set(doc) != {"schema_version", "references"}:
        raise DataError("expected the keys schema_version and references", file=path)
    if doc["schema_version"] != 1:
        raise DataError(f"unknown schema_version {doc['schema_version']!r}; expected 1",
                        file=path, key="schema_version")
    if not isinstance(doc["references"], list) or not doc["references"]:
        raise DataError("expected a list of entries", file=path, key="references")
    measures = _measures()
    rows = [r for i, e in enumerate(doc["references"]) for r in _entry(i, e, path, measures)]
    codes = [e["code"] for e in doc["references"]]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise DataError(f"duplicate code {dup[0]!r}", file=path, key="references")
    return pd.DataFrame(rows, columns=COLUMNS)
