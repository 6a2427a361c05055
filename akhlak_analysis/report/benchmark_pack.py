"""Benchmark packs: comparing organisations without exchanging microdata.

``akhlak benchmark export`` writes a **pack**: a small JSON file of aggregate figures taken from
the report's *published* tables only (:func:`akhlak_analysis.report.publish.published_tables`,
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
from ._pack_schema import PACK_SCHEMA, PACK_SCHEMA_VERSION, QUARTILES, BenchmarkPack, read_pack

__all__ = ["PACK_SCHEMA", "PACK_SCHEMA_VERSION", "SAMPLE_PACK", "BenchmarkPack",
           "PackComparison", "build_pack", "compare_packs", "describe_comparison",
           "describe_references", "export_pack", "opd_benchmarks", "read_pack",
           "write_pack", "write_sample_pack"]

#: File name of the second synthetic organisation's pack in ``data/sample/``.
SAMPLE_PACK = "benchmark_pack_provinsi_contoh_lain_2025.json"



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
                    "measures": {r.measure: {q: _num(getattr(r, q)) for q in QUARTILES}
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
                    **{k: _num(v) for k, v in zip(QUARTILES, q, strict=True)}})
    return out


def build_pack(published, *, headline: pd.DataFrame, instrument: str | Instrument,
               types: pd.Series, organisation: str, weighting: str, synthetic: bool = False,
               min_units: int | None = None) -> dict[str, Any]:
    """The pack as a JSON-ready dict, from the published tables and the published headline.

    Parameters
    ----------
    published : Published
        From :func:`akhlak_analysis.report.publish.published_tables` (uses ``indeks_opd``
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
    from .publish import published_tables

    pub = published_tables(ctx)
    ins = ctx.instrument()
    head = overall_index(ctx.scores(), units=ctx.units, year=ctx.year, weighting=ctx.weighting,
                         instrument=ins, target=ctx.target, confidence=ctx.confidence)
    org = ctx.config.organisation or ctx.config.title
    return build_pack(pub, headline=head, instrument=ins, types=opd_types(ctx.units),
                      organisation=org, weighting=ctx.weighting, synthetic=ctx.synthetic)


def write_sample_pack(out_dir: str | Path, *, seed: int | None = None) -> Path:
    """Write the benchmark pack of the second synthetic organisation to ``out_dir``.

    The organisation's inputs (:func:`akhlak_analysis.data.sample.fieldwork.
    write_other_organisation`) are written to a temporary folder, analysed like any
    configuration (cleaning, published tables) and exported with :func:`export_pack`; only the
    pack (:data:`SAMPLE_PACK`) is kept. The same seed gives the same bytes.
    """
    import tempfile

    from ..data.sample import DEFAULT_SEED
    from ..data.sample.fieldwork import write_other_organisation

    with tempfile.TemporaryDirectory() as tmp:
        cfg = write_other_organisation(tmp, seed=DEFAULT_SEED if seed is None else seed)
        ctx = Analysis.from_config(cfg, key=b"synthetic-sample")
        return write_pack(export_pack(ctx), Path(out_dir) / SAMPLE_PACK)


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
        From :func:`akhlak_analysis.report.publish.published_tables` (``indeks_opd``).
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
        for q in QUARTILES:
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


def _codes(codes: list[str], limit: int = 60) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f" dan {len(codes) - limit} lainnya" if len(codes) > limit else "")


def describe_comparison(comparison: PackComparison, *, instrument: str | Instrument) -> str:
    """The comparison with another organisation in Indonesian (Markdown bullets).

    Says which items were compared and which were left out, the index and the value with the
    largest difference on the common items, and how the figures were computed.
    """
    ins = load_instrument(instrument)
    c = comparison
    tag = ", data sintetis" if c.synthetic and "sintetis" not in c.organisation else ""
    who = f"{c.organisation} ({c.year}{tag})"
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
    for _, grp in references.groupby("reference", sort=False):
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
