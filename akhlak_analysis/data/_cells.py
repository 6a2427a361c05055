"""Answer cells -> the answer matrix, the per-item recognition table and the loud stop.

Used by :func:`akhlak_analysis.data.clean.clean_responses`; every distinct text of an item
column is read once by :class:`~akhlak_analysis.instrument.AnswerParser`. What respondents
typed reaches the recognition table (``top_unrecognised``) only under the log's rule
(:func:`~akhlak_analysis.data._log.shown_texts`); the loud stop's message, read by the
analyst who runs the cleaning, names the texts with personal data removed.
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..config import CleaningRules
from ..errors import DataError
from ..instrument import AnswerParser, Instrument
from ._log import CleaningLog, NameIndex, shown_texts
from .io import TEXT, RawResponses

__all__ = ["AnswerCells", "factorize_text", "parse_answer_cells", "stop_on_unrecognised"]

_BAD = ("answer_unrecognised", "answer_out_of_range")


@dataclass
class AnswerCells:
    """The answers of an export as read.

    Attributes
    ----------
    matrix : ndarray
        Respondents x items, codes as floats (NaN: missing, unrecognised or out of range).
    quality : DataFrame
        ``CleanResult.answer_quality`` (see there).
    bad : dict
        Text not read as an answer -> ``{"cells": int, "rows": set of source rows,
        "where": (header of the first item, first rows)}``.
    """

    matrix: np.ndarray
    quality: pd.DataFrame
    bad: dict[str, dict]


def factorize_text(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 = missing) and distinct texts; Arrow's dictionary encoding for Arrow text.

    >>> codes, texts = factorize_text(pd.Series(["a", None, "b", "a"], dtype=TEXT))
    >>> codes.tolist(), texts
    ([0, -1, 1, 0], ['a', 'b'])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values.dtype, pd.CategoricalDtype):  # answers as read from a CSV
        return (values.cat.codes.to_numpy().astype(np.intp),
                [str(c) for c in values.cat.categories])
    if values.dtype != TEXT:
        codes, uniques = pd.factorize(values)
        return codes, [str(u) for u in uniques]
    arr = values.array.__arrow_array__()
    encoded = pc.dictionary_encode(arr.combine_chunks() if isinstance(arr, pa.ChunkedArray)
                                   else arr)
    return (encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp),
            encoded.dictionary.to_pylist())


def parse_answer_cells(raw: RawResponses, ins: Instrument, rules: CleaningRules,
                       log: CleaningLog) -> AnswerCells:
    """Read every answer cell; log each changed or unreadable cell (rule per the parser)."""
    df = raw.data
    lo, hi = ins.scale.min, ins.scale.max
    try:
        parse = AnswerParser(ins.scale, fuzzy_cutoff=rules.fuzzy_cutoff,
                             margin=rules.fuzzy_margin, aliases=rules.answer_aliases)
    except ValueError as exc:
        raise DataError(f"cleaning.answer_aliases: {exc}", file=raw.source) from exc
    out = np.empty((len(df), len(ins.items)), order="F")  # every column filled below
    rows = df["source_row"].to_numpy()
    records, bad = [], {}
    present = [c for c in ins.item_codes if c in df.columns]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:  # Arrow: no GIL
        encoded = dict(zip(present, pool.map(lambda c: factorize_text(df[c]), present),
                           strict=True))
    details = {"answer_out_of_range": f"di luar skala {lo}-{hi}; dikosongkan",
               "answer_unrecognised": "bukan label jawaban skala ini; dikosongkan"}
    for j, code in enumerate(ins.item_codes):
        codes, uniques = encoded.pop(code, (np.full(len(df), -1), []))
        counts = np.bincount(codes + 1, minlength=len(uniques) + 1)[1:]
        parsed = [parse(str(u)) for u in uniques]
        values = np.array([p[0] for p in parsed] + [np.nan])
        out[:, j] = values[codes]  # code -1 (missing) picks the trailing NaN
        n_bad = dict.fromkeys(_BAD, 0)
        item_bad: Counter[str] = Counter()
        for k, (value, rule) in enumerate(parsed):
            if not rule:
                continue
            hit = rows[codes == k]
            if rule in n_bad:
                text = str(uniques[k])
                n_bad[rule] += int(counts[k])
                item_bad[text] = int(counts[k])
                entry = bad.setdefault(text, {"cells": 0, "rows": set(),
                                              "where": (raw.item_headers.get(code, code),
                                                        hit[:5].tolist())})
                entry["cells"] += int(counts[k])
                entry["rows"].update(hit.tolist())
            log.add(hit, rule, "changed", code, original=str(uniques[k]),
                    new="" if np.isnan(value) else f"{value:g}",
                    detail=details.get(rule, f"dibaca sebagai {value:g}"))
        n_answers = int(counts.sum())
        records.append({
            "item": code, "column": raw.item_headers.get(code, ""), "n_answers": n_answers,
            "n_unrecognised": n_bad["answer_unrecognised"],
            "n_out_of_range": n_bad["answer_out_of_range"],
            "share_unrecognised": (sum(n_bad.values()) / n_answers) if n_answers else np.nan,
            "top_unrecognised": item_bad})
    quality = pd.DataFrame(records)
    shown = shown_texts({t: len(e["rows"]) for t, e in bad.items()}, names=log.names,
                        safe=log.safe)
    quality["top_unrecognised"] = [_top(c, shown) for c in quality["top_unrecognised"]]
    return AnswerCells(out, quality, bad)


def _top(counts: Counter, shown: dict[str, str]) -> str:
    """The commonest unreadable texts of one item with their cells, as they may be shown."""
    merged: Counter[str] = Counter()
    for text, n in counts.items():
        merged[shown.get(text, text)] += n
    return "; ".join(f"{t} ({c})" for t, c in merged.most_common(3))


_FIX = ("if such a text is an answer, say which code it means: in the config, "
        "cleaning.answer_aliases: {{{example}: <code {lo}-{hi}>}}, or in the instrument's YAML "
        "file, scale.aliases (there it holds for every year that uses the instrument). Only map a text to the code it "
        "means: 'Agak Setuju' (somewhat agree) is not 'Sangat Setuju'. If the file was read "
        "with the wrong instrument, fix years.<year>.instrument")


def stop_on_unrecognised(raw: RawResponses, cells: AnswerCells, rules: CleaningRules,
                         names: NameIndex | None = None) -> None:
    """DataError when more answer cells than the rules allow are not recognised.

    The message names each commonest text (personal data removed), its number of cells,
    where it was first found and the alias to add.
    """
    quality = cells.quality
    given = int(quality["n_answers"].sum())
    share = (quality["n_unrecognised"] + quality["n_out_of_range"]).sum() / given if given else 0
    shares = quality["share_unrecognised"].fillna(0.0)  # an item nobody answered: nothing bad
    worst = quality.loc[shares.idxmax()]
    worst_share = float(shares.max()) if given else 0.0
    if share <= rules.max_unrecognised_share and worst_share <= rules.max_unrecognised_item_share:
        return
    names = names or NameIndex()
    common = sorted(cells.bad.items(), key=lambda kv: -kv[1]["cells"])[:5]
    top = "; ".join(
        f"{names.redact(text)!r} ({e['cells']} cells in {len(e['rows'])} rows, e.g. column "
        f"{e['where'][0][:60]!r} rows {', '.join(map(str, e['where'][1][:3]))})"
        for text, e in common)
    scale = raw.instrument.scale
    n_bad = int((quality["n_unrecognised"] + quality["n_out_of_range"]).sum())
    example = repr(names.redact(common[0][0])) if common else "'text'"
    raise DataError(
        f"{n_bad} of {given} answer cells ({share:.1%}) are not answers of the "
        f"{scale.min}-{scale.max} scale of {raw.instrument.name} (allowed: "
        f"{rules.max_unrecognised_share:.0%} overall, {rules.max_unrecognised_item_share:.0%} "
        f"of one item; worst item {worst['item']}: {worst_share:.1%}). Most common: {top}. "
        f"Fix: {_FIX.format(example=example, lo=scale.min, hi=scale.max)}; or raise "
        "cleaning.max_unrecognised_share / max_unrecognised_item_share if these answers "
        "really are invalid", file=raw.source,
        column=(common[0][1]["where"][0] if common else str(worst["column"])) or None,
        rows=common[0][1]["where"][1][:5] if common else None)
