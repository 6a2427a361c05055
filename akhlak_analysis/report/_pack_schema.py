"""Benchmark packs: the file format, its validation and reading (``read_pack``).

The format is documented in :mod:`akhlak_analysis.report.benchmark_pack`, which re-exports
the public names of this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError

__all__ = ["PACK_SCHEMA", "PACK_SCHEMA_VERSION", "QUARTILES", "BenchmarkPack", "read_pack"]

#: The ``schema`` of every pack file and the version this package writes and reads.
PACK_SCHEMA = "akhlak-benchmark-pack"
PACK_SCHEMA_VERSION = 1
#: The quartiles of a distribution of published OPD figures.
QUARTILES = ("bottom_quartile", "median", "top_quartile")


@dataclass(frozen=True)
class BenchmarkPack:
    """A validated pack (:func:`read_pack`).

    Attributes
    ----------
    organisation, year, synthetic, min_group_size :
        As written by the exporting organisation.
    instrument : str
        Instrument name; ``version`` its year.
    values : dict
        Value code -> name, in instrument order.
    items : DataFrame
        One row per item: ``item``, ``value``, ``reverse``, ``text``, ``score`` (the
        organisation's mean item score), ``pct_favourable``, ``n_units``, ``bottom_quartile``,
        ``median``, ``top_quartile`` (of the published OPDs' item scores).
    headline : dict
        ``weighting``, ``n``, ``n_units``, ``culture_index``, ``values``.
    distributions : DataFrame
        ``benchmark`` (``all`` / ``opd_type``), ``opd_type``, ``measure``, ``n_units``, ``n``,
        ``bottom_quartile``, ``median``, ``top_quartile``.
    source : str
        The file read (or ``"<dict>"``).
    """

    organisation: str
    year: int
    synthetic: bool
    min_group_size: int
    instrument: str
    version: int | None
    values: dict[str, str]
    items: pd.DataFrame
    headline: dict[str, Any]
    distributions: pd.DataFrame
    source: str = "<dict>"


_TOP = {"schema": str, "schema_version": int, "organisation": str, "year": int,
        "synthetic": bool, "min_group_size": int, "instrument": dict, "headline": dict,
        "distributions": list, "items": list}


def _need(doc: Any, key: str, kind: type | tuple[type, ...], file: str, where: str,
          nullable: bool = False) -> Any:
    if not isinstance(doc, dict) or key not in doc:
        raise DataError("required key is missing", file=file, key=f"{where}{key}")
    value = doc[key]
    if value is None and nullable:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names_ = " or ".join(k.__name__ for k in kinds)
        raise DataError(f"expected {names_}, got {value!r}", file=file, key=f"{where}{key}")
    return value


def _score(doc: dict, key: str, file: str, where: str) -> float | None:
    value = _need(doc, key, (int, float), file, where, nullable=True)
    if value is not None and not 0 <= value <= 100:
        raise DataError(f"expected a score in 0-100, got {value!r}", file=file,
                        key=f"{where}{key}")
    return None if value is None else float(value)


def _read_instrument(doc: dict, file: str) -> tuple[dict[str, str], pd.DataFrame]:
    w = "instrument."
    for key, kind in (("name", str), ("values", list), ("items", list)):
        _need(doc, key, kind, file, w)
    _need(doc, "version", int, file, w, nullable=True)
    values = {}
    for i, v in enumerate(doc["values"]):
        values[_need(v, "code", str, file, f"{w}values[{i}].")] = _need(
            v, "name", str, file, f"{w}values[{i}].")
    rows = []
    for i, it in enumerate(doc["items"]):
        at = f"{w}items[{i}]."
        row = {"item": _need(it, "code", str, file, at), "value": _need(it, "value", str, file, at),
               "reverse": _need(it, "reverse", bool, file, at),
               "text": _need(it, "text", str, file, at)}
        if row["value"] not in values:
            raise DataError(f"value {row['value']!r} is not among the instrument's values "
                            f"{list(values)}", file=file, key=f"{at}value")
        rows.append(row)
    items = pd.DataFrame(rows, columns=["item", "value", "reverse", "text"])
    if items.empty or items["item"].duplicated().any():
        raise DataError("expected a non-empty list of distinct item codes", file=file,
                        key=f"{w}items")
    return values, items


def _read_distributions(doc: list, measures: list[str], file: str) -> pd.DataFrame:
    rows = []
    for i, d in enumerate(doc):
        at = f"distributions[{i}]."
        kind = _need(d, "benchmark", str, file, at)
        if kind not in ("all", "opd_type"):
            raise DataError(f"expected 'all' or 'opd_type', got {kind!r}", file=file,
                            key=f"{at}benchmark")
        typ = _need(d, "opd_type", str, file, at, nullable=kind == "all")
        n_units, n = _need(d, "n_units", int, file, at), _need(d, "n", int, file, at)
        for m, q in _need(d, "measures", dict, file, at).items():
            if m not in measures:
                raise DataError(f"unknown measure; expected one of {measures}", file=file,
                                key=f"{at}measures.{m}")
            rows.append({"benchmark": kind, "opd_type": typ, "measure": m, "n_units": n_units,
                         "n": n, **{k: _score(q, k, file, f"{at}measures.{m}.")
                                    for k in QUARTILES}})
    return pd.DataFrame(rows, columns=["benchmark", "opd_type", "measure", "n_units", "n",
                                       *QUARTILES])


def _read_items(doc: list, items: pd.DataFrame, file: str) -> pd.DataFrame:
    rows = []
    for i, it in enumerate(doc):
        at = f"items[{i}]."
        rows.append({"item": _need(it, "code", str, file, at),
                     "score": _score(it, "score", file, at),
                     "pct_favourable": _score(it, "pct_favourable", file, at),
                     "n_units": _need(it, "n_units", int, file, at),
                     **{k: _score(it, k, file, at) for k in QUARTILES}})
    got = pd.DataFrame(rows, columns=["item", "score", "pct_favourable", "n_units", *QUARTILES])
    if sorted(got["item"]) != sorted(items["item"]) or got["item"].duplicated().any():
        raise DataError("the item figures must list every item of the instrument once",
                        file=file, key="items")
    return items.merge(got, on="item", how="left", validate="one_to_one")


def read_pack(source: str | Path | dict[str, Any]) -> BenchmarkPack:
    """Read and validate a benchmark pack (a file written by ``akhlak benchmark export``).

    Parameters
    ----------
    source : str, Path or dict
        The JSON file, or the dict ``export_pack`` returned.

    Returns
    -------
    BenchmarkPack

    Raises
    ------
    DataError
        Missing file, invalid JSON, another schema or a newer schema version, a missing key or
        a wrong type, an unknown measure or value, a score outside 0-100, items that do not
        match the instrument, or a headline below the pack's minimum group size; the message
        names the file and the key (``items[3].score``).
    """
    file = "<dict>" if isinstance(source, dict) else str(source)
    if isinstance(source, dict):
        doc = source
    else:
        path = Path(source)
        if not path.is_file():
            raise DataError("benchmark pack not found", file=path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"not a JSON file ({exc})", file=path) from exc
    if not isinstance(doc, dict) or doc.get("schema") != PACK_SCHEMA:
        raise DataError(f"not a benchmark pack (expected \"schema\": \"{PACK_SCHEMA}\")",
                        file=file, key="schema")
    for key, kind in _TOP.items():
        _need(doc, key, kind, file, "")
    unknown = sorted(set(doc) - set(_TOP))
    if unknown:
        raise DataError(f"unknown key; expected {sorted(_TOP)}", file=file, key=unknown[0])
    if doc["schema_version"] != PACK_SCHEMA_VERSION:
        raise DataError(f"schema_version {doc['schema_version']} is not supported (this version "
                        f"reads {PACK_SCHEMA_VERSION}); update akhlak-analysis", file=file,
                        key="schema_version")
    values, items = _read_instrument(doc["instrument"], file)
    head = doc["headline"]
    h = {"weighting": _need(head, "weighting", str, file, "headline."),
         "n": _need(head, "n", int, file, "headline."),
         "n_units": _need(head, "n_units", int, file, "headline."),
         "culture_index": _score(head, "culture_index", file, "headline."),
         "values": {v: _score(_need(head, "values", dict, file, "headline."), v, file,
                              "headline.values.") for v in values}}
    if h["n"] < doc["min_group_size"]:
        raise DataError(f"the headline rests on {h['n']} respondents, fewer than the pack's "
                        f"min_group_size {doc['min_group_size']}", file=file, key="headline.n")
    return BenchmarkPack(
        organisation=doc["organisation"], year=doc["year"], synthetic=doc["synthetic"],
        min_group_size=doc["min_group_size"], instrument=doc["instrument"]["name"],
        version=doc["instrument"].get("version"), values=values,
        items=_read_items(doc["items"], items, file), headline=h,
        distributions=_read_distributions(doc["distributions"],
                                          ["culture_index", *values], file), source=file)
