"""Data-quality tables: what came in, what was excluded and why, coverage and missing answers.

These feed ``notebooks/00_data_quality.ipynb`` and the report workbook. Units below the minimum
reporting group size are suppressed here as everywhere: their counts and rates are blank.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..data.clean import EXCLUSION_PRIORITY, CleanResult
from ..data.redact import redact
from ..instrument import Instrument

__all__ = ["answer_recognition", "cleaning_overview", "describe_cleaning", "missing_by_item",
           "unrecognised_columns"]


def cleaning_overview(results: Mapping[int, CleanResult]) -> pd.DataFrame:
    """One row per year: rows read, kept, excluded per primary reason, flagged, changed cells.

    Parameters
    ----------
    results : mapping year -> CleanResult

    Returns
    -------
    DataFrame
        ``year``, ``source``, ``rows_in``, ``rows_kept``, ``rows_excluded``, one column per
        exclusion reason (``excluded_<rule>``), ``flagged_speeding``,
        ``flagged_straightlining`` and ``changed_cells``. The identity
        ``rows_in = rows_kept + rows_excluded`` holds on every row.
    """
    records = []
    for year, res in sorted(results.items()):
        log = res.log
        ex = log[log["action"] == "excluded"]["rule"].value_counts()
        flagged = log[log["action"] == "flagged"]["rule"].value_counts()
        rec = {"year": year, "source": res.source, "rows_in": res.n_in,
               "rows_kept": len(res.data), "rows_excluded": res.n_excluded}
        rec.update({f"excluded_{r}": int(ex.get(r, 0)) for r in EXCLUSION_PRIORITY})
        rec.update({f"flagged_{r}": int(flagged.get(r, 0)) for r in ("speeding",
                                                                       "straightlining")})
        rec["changed_cells"] = int((log["action"] == "changed").sum())
        records.append(rec)
    return pd.DataFrame(records)


def answer_recognition(results: Mapping[int, CleanResult]) -> pd.DataFrame:
    """Per year and item: answer cells given, not recognised, and the most common such texts.

    The shares that the loud stop of :func:`akhlak_analysis.clean_responses` compares with
    ``cleaning.max_unrecognised_share`` (overall) and ``max_unrecognised_item_share`` (per item).

    Parameters
    ----------
    results : mapping year -> CleanResult

    Returns
    -------
    DataFrame
        ``year``, ``item``, ``column`` (header in the file; empty when the item has no
        column), ``n_answers`` (non-empty cells), ``n_unrecognised`` (no answer of the scale),
        ``n_out_of_range`` (a code outside the scale), ``share_unrecognised`` (both together
        over ``n_answers``; NaN without answers), ``top_unrecognised`` (text: the commonest
        such answers with their counts, as the cleaning shows them: found in one row only
        they read "(teks unik disembunyikan)", and personal data is removed, here once more
        with :func:`akhlak_analysis.data.redact.redact`). One extra row per year with
        ``item`` ``"(all)"`` holds the totals and the overall share.

    Examples
    --------
    >>> from akhlak_analysis.data.clean import CleanResult
    >>> q = pd.DataFrame({"item": ["A1", "A2"], "column": ["A1", "A2"], "n_answers": [10, 10],
    ...     "n_unrecognised": [1, 0], "n_out_of_range": [0, 1], "share_unrecognised": [.1, .1],
    ...     "top_unrecognised": ["x (1)", "7 (1)"]})
    >>> res = CleanResult(pd.DataFrame(), pd.DataFrame(), 10, "f.csv", None, answer_quality=q)
    >>> answer_recognition({2025: res})[["item", "n_answers", "share_unrecognised"]]
        item  n_answers  share_unrecognised
    0     A1         10                 0.1
    1     A2         10                 0.1
    2  (all)         20                 0.1
    """
    parts = []
    for year, res in sorted(results.items()):
        q = res.answer_quality
        if q is None:
            continue
        total = {"item": "(all)", "column": "", "n_answers": int(q["n_answers"].sum()),
                 "n_unrecognised": int(q["n_unrecognised"].sum()),
                 "n_out_of_range": int(q["n_out_of_range"].sum()),
                 "share_unrecognised": res.unrecognised_share, "top_unrecognised": ""}
        part = pd.concat([q, pd.DataFrame([total])], ignore_index=True)
        part["top_unrecognised"] = [redact(t).text for t in part["top_unrecognised"]]
        part.insert(0, "year", year)
        parts.append(part)
    columns = ["year", "item", "column", "n_answers", "n_unrecognised", "n_out_of_range",
               "share_unrecognised", "top_unrecognised"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def unrecognised_columns(results: Mapping[int, CleanResult]) -> pd.DataFrame:
    """Columns of each year's file that were not read (neither an item nor a known role).

    Returns
    -------
    DataFrame
        ``year``, ``source`` (file name), ``column`` (the header as written); one row per
        column, none when every column was recognised.

    Examples
    --------
    >>> from akhlak_analysis.data.clean import CleanResult
    >>> res = CleanResult(pd.DataFrame(), pd.DataFrame(), 0, "f.xlsx", None,
    ...                   unrecognised_columns=["ID", "Alamat Rumah"])
    >>> unrecognised_columns({2025: res})
       year  source        column
    0  2025  f.xlsx            ID
    1  2025  f.xlsx  Alamat Rumah
    """
    rows = [{"year": year, "source": res.source, "column": c}
            for year, res in sorted(results.items()) for c in res.unrecognised_columns]
    return pd.DataFrame(rows, columns=["year", "source", "column"])


def missing_by_item(data: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Missing answers per item among kept respondents.

    Returns
    -------
    DataFrame
        ``item``, ``value``, ``text``, ``n_missing``, ``share_missing`` (0-1), in instrument
        order.

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> ins = load_instrument("berakhlak-2024")
    >>> d = pd.DataFrame({c: [1.0, np.nan] for c in ins.item_codes})
    >>> missing_by_item(d, ins)[["item", "n_missing", "share_missing"]].head(2)
      item  n_missing  share_missing
    0  BP1          1            0.5
    1  BP2          1            0.5
    """
    codes = instrument.item_codes
    miss = data[codes].isna()
    return pd.DataFrame({
        "item": codes,
        "value": [instrument.item(c).value for c in codes],
        "text": [instrument.item(c).text for c in codes],
        "n_missing": miss.sum().to_numpy(dtype="int64"),
        "share_missing": miss.mean().to_numpy() if len(data) else np.nan,
    })


def describe_cleaning(result: CleanResult, *, rates: pd.DataFrame | None = None,
                      lang: str = "id") -> str:
    """A short paragraph (Markdown) on what came in and what was kept, from the numbers.

    Parameters
    ----------
    result : CleanResult
    rates : DataFrame, optional
        From :func:`response_rates`; adds the overall response rate and suppressed units.
    lang : {"id", "en"}

    Examples
    --------
    >>> import pandas as pd
    >>> from akhlak_analysis.data.clean import CleanResult, LOG_COLUMNS
    >>> log = pd.DataFrame([["f.csv", 3, "duplicate_submission", "excluded", "", "", "", ""]],
    ...                    columns=LOG_COLUMNS)
    >>> res = CleanResult(pd.DataFrame({"opd": ["A", "A"]}), log, 3, "f.csv", None)
    >>> print(describe_cleaning(res))
    Dari **3** baris jawaban di berkas `f.csv`, **2** dipakai dan **1** dikeluarkan (33,3%): 1 pengisian ganda (yang terakhir dipakai).
    """
    from ..labels import format_number, format_percent, label, lower_first

    n_in, kept, ex = result.n_in, len(result.data), result.n_excluded
    reasons = result.exclusions()
    parts = [f"{format_number(int(n), 0, lang)} {lower_first(label(r, lang))}"
             for r, n in reasons.items()]
    share = format_percent(ex / n_in if n_in else 0, 1, lang)
    if lang == "en":
        text = (f"Of **{format_number(n_in, 0, lang)}** answer rows in `{result.source}`, "
                f"**{format_number(kept, 0, lang)}** are kept and **{format_number(ex, 0, lang)}**"
                f" excluded ({share})" + (": " + "; ".join(parts) + "." if parts else "."))
    else:
        text = (f"Dari **{format_number(n_in, 0, lang)}** baris jawaban di berkas "
                f"`{result.source}`, **{format_number(kept, 0, lang)}** dipakai dan "
                f"**{format_number(ex, 0, lang)}** dikeluarkan ({share})"
                + (": " + "; ".join(parts) + "." if parts else "."))
    if rates is not None and len(rates):
        total_hc = rates["headcount"].sum()
        rate = kept / total_hc if total_hc else float("nan")
        small = int(rates["suppressed"].sum())
        if lang == "en":
            text += (f" Overall response rate {format_percent(rate, 1, lang)}; {small} unit(s) "
                     "have too few respondents and are suppressed in every table.")
        else:
            text += (f" Tingkat respons keseluruhan {format_percent(rate, 1, lang)}; {small} unit "
                     "memiliki responden di bawah batas minimum sehingga hasilnya disembunyikan di "
                     "semua tabel.")
    return text
