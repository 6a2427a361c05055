"""Benchmark packs: comparing organisations without exchanging microdata.

``akhlak benchmark export`` writes a **pack**: a small JSON file of aggregate figures taken from
the report's *published* tables only (:func:`akhlak_analysis.report.drilldown.published_tables`,
after disclosure control), so it reveals nothing the report does not:

- the organisation, the year, the instrument (name, version year, scale, every item with its
  value, keying and text) and the minimum group size;
- the headline (the published province index and value scores, their weighting and ``n``);
- the distribution of the published OPDs' index and value scores, over all OPDs and per OPD
  type (``n_units``, their respondents ``n``, bottom quartile, median, top quartile;
  :func:`akhlak_analysis.stats.benchmarks.unit_benchmarks`, types with at least
  ``BENCHMARK_MIN_UNITS`` published OPDs only);
- per item: the organisation's mean item score and favourable share (the ``province_score``
  column of the published item table) and the quartiles of the published OPDs' item scores.

Hidden OPDs enter nothing: every figure is either a published cell or an order statistic of
published cells. ``akhlak benchmark import PACK`` (or the config's ``benchmarks:`` list)
compares the organisation with each pack **on the items both instruments share** (same code,
value, keying and text): value scores and the index are recomputed on those items from the
item means of both organisations (:func:`akhlak_analysis.stats.benchmarks.index_from_item_means`),
and the comparison names the items used and those left out. When the two instruments are the
same, the OPD distributions (overall and per OPD type) are compared as well.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..errors import DataError
from ..instrument import Instrument, load_instrument
from ..labels import format_number
from ..stats.benchmarks import (
    common_items,
    index_from_item_means,
    opd_types,
    unit_benchmarks,
)
from ..stats.scoring import overall_index
from . import names

__all__ = ["PACK_SCHEMA", "PACK_SCHEMA_VERSION", "BenchmarkPack", "PackComparison",
           "build_pack", "compare_packs", "describe_comparison", "describe_references",
           "export_pack", "read_pack", "write_pack"]

PACK_SCHEMA = "akhlak-benchmark-pack"
PACK_SCHEMA_VERSION = 1
_QUARTILES = ("bottom_quartile", "median", "top_quartile")


def _num(x: object) -> float | None:
    """A float rounded to 6 decimals for the file (the same bytes on every platform)."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), 6)


# --------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------
def _instrument_doc(ins: Instrument) -> dict[str, Any]:
    return {"name": ins.name, "version": ins.year, "title": ins.title,
            "scale": {"min": ins.scale.min, "max": ins.scale.max},
            "values": [{"code": v.code, "name": ins.value_name(v.code)} for v in ins.values],
            "items": [{"code": it.code, "value": it.value, "reverse": bool(it.reverse),
                       "text": it.text} for it in ins.items]}


def _distributions(bench: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    ok = bench[bench["available"]]
    for (kind, typ), grp in ok.groupby(["benchmark", ok["opd_type"].fillna("")], sort=False):
        first = grp.iloc[0]
        out.append({"benchmark": kind, "opd_type": typ or None,
                    "n_units": int(first["n_units"]), "n": int(first["n"]),
                    "measures": {r.measure: {q: _num(getattr(r, q)) for q in _QUARTILES}
                                 for r in grp.itertuples(index=False)}})
    return out


def _item_docs(items: pd.DataFrame, ins: Instrument, min_units: int) -> list[dict[str, Any]]:
    shown = items[~items["suppressed"].astype(bool)]
    out = []
    for code in ins.item_codes:
        one = shown[shown["item"] == code]
        score = one["score"].astype(float).dropna().to_numpy()
        q = (np.quantile(score, [0.25, 0.5, 0.75]) if len(score) >= min_units
             else [np.nan] * 3)
        prov = one["province_score"].astype(float).dropna()
        fav = one["province_pct_favourable"].astype(float).dropna()
        out.append({"code": code, "score": _num(prov.iloc[0]) if len(prov) else None,
                    "pct_favourable": _num(fav.iloc[0]) if len(fav) else None,
                    "n_units": int(len(score)),
                    **{k: _num(v) for k, v in zip(_QUARTILES, q, strict=True)}})
    return out


def build_pack(published, *, headline: pd.DataFrame, instrument: str | Instrument,
               types: pd.Series, organisation: str, weighting: str, synthetic: bool = False,
               min_units: int | None = None) -> dict[str, Any]:
    """The pack as a JSON-ready dict, from the published tables and the published headline.

    Parameters
    ----------
    published : Published
        From :func:`akhlak_analysis.report.drilldown.published_tables` (uses ``indeks_opd``
        and ``butir_opd``; hidden rows are left out).
    headline : DataFrame
        The published headline, :func:`akhlak_analysis.stats.scoring.overall_index` (one row).
    instrument : str or Instrument
    types : Series
        OPD code -> type (:func:`akhlak_analysis.stats.benchmarks.opd_types`).
    organisation : str
    weighting : {"headcount", "none"}
        The headline's weighting, as configured.
    synthetic : bool
        The figures come from synthetic data.
    min_units : int, optional
        Fewest published OPDs behind a distribution (default ``BENCHMARK_MIN_UNITS``).

    Returns
    -------
    dict
        ``schema``, ``schema_version``, ``organisation``, ``year``, ``synthetic``,
        ``min_group_size``, ``instrument``, ``headline``, ``distributions``, ``items`` (see the
        module docstring).

    Raises
    ------
    DataError
        The headline rests on fewer than ``min_group_size`` respondents.
    """
    from ..defaults import BENCHMARK_MIN_UNITS

    ins = load_instrument(instrument)
    k = BENCHMARK_MIN_UNITS if min_units is None else int(min_units)
    h = headline.iloc[0]
    if int(h["n"]) < published.min_n:
        raise DataError(f"the headline rests on {int(h['n'])} respondents, fewer than "
                        f"min_group_size {published.min_n}: nothing to export")
    opd = published[names.OPD_INDEX]
    bench = unit_benchmarks(opd, instrument=ins, types=types, min_units=k)
    shown = opd[~opd["suppressed"].astype(bool)]
    weighted = bool(h.get("weighted", False))
    return {
        "schema": PACK_SCHEMA, "schema_version": PACK_SCHEMA_VERSION,
        "organisation": organisation, "year": int(published.year), "synthetic": bool(synthetic),
        "min_group_size": int(published.min_n), "instrument": _instrument_doc(ins),
        "headline": {"weighting": "headcount" if weighted and weighting == "headcount"
                     else "respondents", "n": int(h["n"]), "n_units": int(len(shown)),
                     "culture_index": _num(h["culture_index"]),
                     "values": {v: _num(h[v]) for v in ins.value_codes}},
        "distributions": _distributions(bench),
        "items": _item_docs(published[names.OPD_ITEMS], ins, k),
    }


def export_pack(ctx: Analysis) -> dict[str, Any]:
    """The pack of a configured analysis: :func:`build_pack` on its published tables.

    Parameters
    ----------
    ctx : Analysis

    Returns
    -------
    dict
        As :func:`build_pack`; write it with :func:`write_pack`.
    """
    from .drilldown import published_tables

    pub = published_tables(ctx)
    ins = ctx.instrument()
    head = overall_index(ctx.scores(), units=ctx.units, year=ctx.year, weights=ctx.weighting,
                         instrument=ins, target=ctx.target, confidence=ctx.confidence)
    org = ctx.config.organisation or ctx.config.title
    return build_pack(pub, headline=head, instrument=ins, types=opd_types(ctx.units),
                      organisation=org, weighting=ctx.weighting, synthetic=ctx.synthetic)


def write_pack(pack: dict[str, Any], path: str | Path) -> Path:
    """Write a pack as UTF-8 JSON (keys in a fixed order, one space indent, final newline)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(pack, indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                    encoding="utf-8")
    return path


def opd_benchmarks(published, *, units, instrument: str | Instrument,
                   min_units: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The internal benchmarks of the report: ``(benchmarks, per OPD)`` from the published set.

    Parameters
    ----------
    published : Published
        From :func:`akhlak_analysis.report.drilldown.published_tables` (``indeks_opd``).
    units : UnitTable
        OPD types (configured, else derived from the names).
    instrument : str or Instrument
    min_units : int, optional
        Default ``BENCHMARK_MIN_UNITS``.

    Returns
    -------
    (DataFrame, DataFrame)
        :func:`~akhlak_analysis.stats.benchmarks.unit_benchmarks` and
        :func:`~akhlak_analysis.stats.benchmarks.compare_to_benchmarks` on the published OPD
        table (for the OPD pages, cards and slides).
    """
    from ..defaults import BENCHMARK_MIN_UNITS
    from ..stats.benchmarks import compare_to_benchmarks

    types = opd_types(units)
    opd = published[names.OPD_INDEX]
    k = BENCHMARK_MIN_UNITS if min_units is None else int(min_units)
    bench = unit_benchmarks(opd, instrument=instrument, types=types, min_units=k)
    return bench, compare_to_benchmarks(opd, bench, instrument=instrument, types=types)


# --------------------------------------------------------------------------------------
# import: reading and validating a pack
# --------------------------------------------------------------------------------------
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
                                    for k in _QUARTILES}})
    return pd.DataFrame(rows, columns=["benchmark", "opd_type", "measure", "n_units", "n",
                                       *_QUARTILES])


def _read_items(doc: list, items: pd.DataFrame, file: str) -> pd.DataFrame:
    rows = []
    for i, it in enumerate(doc):
        at = f"items[{i}]."
        rows.append({"item": _need(it, "code", str, file, at),
                     "score": _score(it, "score", file, at),
                     "pct_favourable": _score(it, "pct_favourable", file, at),
                     "n_units": _need(it, "n_units", int, file, at),
                     **{k: _score(it, k, file, at) for k in _QUARTILES}})
    got = pd.DataFrame(rows, columns=["item", "score", "pct_favourable", "n_units", *_QUARTILES])
    if sorted(got["item"]) != sorted(items["item"]) or got["item"].duplicated().any():
        raise DataError("the item figures must list every item of the instrument once",
                        file=file, key="items")
    return items.merge(got, on="item", how="left", validate="one_to_one")


def read_pack(source: str | Path | dict[str, Any]) -> BenchmarkPack:
    """Read and validate a benchmark pack (a file written by ``akhlak benchmark export``).

    Parameters
    ----------
    source : str, Path or dict
        The JSON file, or the dict :func:`export_pack` returned.

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


# --------------------------------------------------------------------------------------
# comparison on the common items
# --------------------------------------------------------------------------------------
@dataclass
class PackComparison:
    """One organisation against another, on the items their instruments share.

    Attributes
    ----------
    organisation, year, synthetic :
        The other organisation's.
    common, own_only, other_only : list of str
        Items compared; items only in the own instrument; only in the other's.
    same_instrument : bool
        Both instruments have exactly the same items (then ``distributions`` is filled).
    table : DataFrame
        ``measure`` (each value with a common item, then ``culture_index``), ``n_items``,
        ``own_score``, ``other_score``, ``difference`` (own - other), from the item means on
        the common items.
    items : DataFrame
        Per common item: ``item``, ``value``, ``own_score``, ``other_score``, ``difference``,
        ``other_bottom_quartile``, ``other_median``, ``other_top_quartile``.
    distributions : DataFrame
        With the same instrument: ``benchmark``, ``opd_type``, ``measure``,
        ``own_n_units``, ``own_median``, ``own_top_quartile``, ``other_n_units``,
        ``other_median``, ``other_top_quartile`` for the groups both packs have; else empty.
    """

    organisation: str
    year: int
    synthetic: bool
    common: list[str]
    own_only: list[str]
    other_only: list[str]
    same_instrument: bool
    table: pd.DataFrame
    items: pd.DataFrame
    distributions: pd.DataFrame = field(default_factory=pd.DataFrame)


def _on_items(pack: BenchmarkPack, codes: list[str]) -> pd.DataFrame:
    it = pack.items.set_index("item").loc[codes].reset_index()
    return index_from_item_means(it[["item", "value", "score"]].dropna(subset=["score"]))


def compare_packs(own: BenchmarkPack, other: BenchmarkPack) -> PackComparison:
    """Compare two packs on the items both instruments share.

    Parameters
    ----------
    own : BenchmarkPack
        The organisation's own pack (:func:`export_pack` read with :func:`read_pack`).
    other : BenchmarkPack
        Another organisation's pack.

    Returns
    -------
    PackComparison

    Notes
    -----
    Common items: same code, value, keying and normalised text
    (:func:`akhlak_analysis.stats.benchmarks.common_items`). Both organisations' value scores
    and index are recomputed on those items from their item means
    (:func:`~akhlak_analysis.stats.benchmarks.index_from_item_means`: respondent means,
    unweighted), so the two figures are computed alike even when the headlines are weighted
    differently; they can differ slightly from either report's headline. R:
    ``v <- tapply(score[common], value[common], mean); mean(v)`` for each organisation.
    """
    common = common_items(own.items, other.items)
    own_only = [c for c in own.items["item"] if c not in common]
    other_only = [c for c in other.items["item"] if c not in common]
    same = not own_only and not other_only
    table = pd.DataFrame(columns=["measure", "n_items", "own_score", "other_score", "difference"])
    items = pd.DataFrame(columns=["item", "value", "own_score", "other_score", "difference",
                                  "other_bottom_quartile", "other_median", "other_top_quartile"])
    if common:
        a, b = _on_items(own, common), _on_items(other, common)
        table = a.rename(columns={"score": "own_score"}).merge(
            b[["measure", "score"]].rename(columns={"score": "other_score"}), on="measure",
            how="inner")
        table["difference"] = table["own_score"] - table["other_score"]
        ia = own.items.set_index("item").loc[common]
        ib = other.items.set_index("item").loc[common]
        items = pd.DataFrame({"item": common, "value": ia["value"].to_numpy(),
                              "own_score": ia["score"].to_numpy(dtype=float),
                              "other_score": ib["score"].to_numpy(dtype=float)})
        items["difference"] = items["own_score"] - items["other_score"]
        for q in _QUARTILES:
            items[f"other_{q}"] = ib[q].to_numpy(dtype=float)
    dist = pd.DataFrame()
    if same:
        key = ["benchmark", "opd_type", "measure"]
        cols = ["n_units", "median", "top_quartile"]
        da = own.distributions.fillna({"opd_type": ""})[key + cols]
        db = other.distributions.fillna({"opd_type": ""})[key + cols]
        dist = da.merge(db, on=key, suffixes=("_own", "_other"))
        dist = dist.rename(columns={f"{c}_{s}": f"{s}_{c}" for c in cols
                                    for s in ("own", "other")})
        dist["opd_type"] = dist["opd_type"].replace("", None)
    return PackComparison(other.organisation, other.year, other.synthetic, common, own_only,
                          other_only, same, table.reset_index(drop=True), items, dist)


def _codes(codes: list[str], limit: int = 12) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f" dan {len(codes) - limit} lainnya" if len(codes) > limit else "")


def describe_comparison(comparison: PackComparison, *, instrument: str | Instrument) -> str:
    """The comparison with another organisation in Indonesian (Markdown bullets).

    Says which items were compared and which were left out, the index and the value with the
    largest difference on the common items, and how the figures were computed.
    """
    ins = load_instrument(instrument)
    c = comparison
    who = f"{c.organisation} ({c.year}{', data sintetis' if c.synthetic else ''})"
    if not c.common:
        return (f"- Tidak ada butir yang sama dengan instrumen {who}; "
                "kedua organisasi tidak dapat dibandingkan.")
    out = [f"- Dibandingkan dengan {who} pada {format_number(len(c.common), 0)} butir yang "
           f"sama di kedua instrumen: {_codes(c.common)}."]
    if not c.same_instrument:
        left = []
        if c.own_only:
            left.append(f"hanya di instrumen sendiri: {_codes(c.own_only)}")
        if c.other_only:
            left.append(f"hanya di instrumen {c.organisation}: {_codes(c.other_only)}")
        out.append(f"- Butir yang tidak dibandingkan ({'; '.join(left)}).")
    t = c.table.set_index("measure")
    if "culture_index" in t.index:
        r = t.loc["culture_index"]
        out.append(f"- Indeks pada butir yang sama: {format_number(r['own_score'], 1)} di sini "
                   f"dan {format_number(r['other_score'], 1)} di {c.organisation} (selisih "
                   f"{format_number(r['difference'], 1)} poin).")
    vals = t.drop(index="culture_index", errors="ignore")
    if not vals.empty:
        big = vals["difference"].abs().sort_values(kind="stable").index[-1]
        name = ins.value_name(big) if big in ins.value_codes else big
        out.append(f"- Selisih nilai terbesar: {name} "
                   f"({format_number(vals.at[big, 'difference'], 1)} poin).")
    out.append("- Skor dihitung sama untuk kedua organisasi: rerata skor butir (rerata "
               "responden, tanpa bobot) pada butir yang sama, sehingga dapat sedikit berbeda "
               "dari indeks utama masing-masing laporan. Perbandingan ini konteks, bukan "
               "target.")
    return "\n".join(out)


def describe_references(references: pd.DataFrame, *, instrument: str | Instrument) -> str:
    """The published external figures as context, each with its caveat (Indonesian bullets).

    Parameters
    ----------
    references : DataFrame
        From :func:`akhlak_analysis.references.load_references`.
    instrument : str or Instrument
        Value names.

    Examples
    --------
    >>> from akhlak_analysis.references import load_references
    >>> text = describe_references(load_references(), instrument="berakhlak-2025")
    >>> text.splitlines()[0][:72]
    '- Indeks implementasi core values BerAKHLAK nasional 2022: 60,9 (Berorie'
    >>> "bukan target" in text
    True
    """
    ins = load_instrument(instrument)
    out = []
    for code, grp in references.groupby("reference", sort=False):
        first = grp.iloc[0]
        head = grp[grp["measure"] == "culture_index"]
        vals = grp[grp["measure"] != "culture_index"]
        text = f"- {first['name']}: " + (format_number(head["value"].iloc[0], 1)
                                         if len(head) else "")
        if len(vals):
            parts = [f"{ins.value_name(m) if m in ins.value_codes else m} "
                     f"{format_number(v, 1)}" for m, v in zip(vals["measure"], vals["value"],
                                                              strict=True)]
            text += f" ({', '.join(parts)})"
        out.append(f"{text.rstrip(': ')}. Sumber: {first['source']}. {first['caveat']}")
    return "\n".join(out)
