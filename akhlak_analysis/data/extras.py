"""Outcome items and open comments: the columns beyond the seven values, read once.

The survey reader (:func:`akhlak_analysis.data.io.read_responses`) keeps only the value items
and the known roles, and cleaning makes the clean, pseudonymous table from them. The outcome
items of an instrument's outcome scales and the open questions are in the same export; this
module reads them from it and attaches them to the *clean* respondents:

1. the columns are found among the headers the reader did not use
   (``CleanResult.unrecognised_columns``): outcome items by code or text
   (:meth:`~akhlak_analysis.instrument.Instrument.match_outcome_header`), open questions by
   :func:`akhlak_analysis.data.comments.find_open_columns`;
2. the file is read again through a *reading view* of the instrument in which those columns
   are items, so every format, encoding and header position the reader handles works here;
3. the rows are matched to the clean respondents by their source row: the clean table holds
   the rows of the file in order, less the rows the cleaning log excluded and the blank rows;
   a mismatch stops with an error (nothing is attached to the wrong person);
4. outcome answers are parsed with the scale's answer parser (texts that are no answer become
   missing and are counted; above ``max_unrecognised_share`` the reading stops);
5. comments are redacted at once (:func:`akhlak_analysis.data.comments.redact_comments`) with
   the export's name column and the unit heads as deny-list; the raw texts, the names and the
   identifiers are dropped before the function returns.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..instrument import Instrument, Item, Value, load_instrument
from .clean import CleanResult
from .comments import find_open_columns, is_comment, name_deny_list, redact_comments
from .io import read_responses

__all__ = ["Extras", "read_extras"]

_OPEN = "__open_text__"


@dataclass(frozen=True)
class Extras:
    """What :func:`read_extras` found beside the values.

    Attributes
    ----------
    outcomes : DataFrame
        One row per clean respondent (same order as ``CleanResult.data``): ``respondent_id``
        and one float column per outcome item found (NaN = missing); no item columns when the
        file has none.
    comments : DataFrame
        One row per comment (a respondent may answer several open questions):
        ``respondent_id``, ``opd``, ``subunit``, ``question`` and ``text`` (redacted);
        non-answers ("-", "Tidak ada") are not comments.
    questions : DataFrame
        ``question``, ``header``, ``found_by`` (``instrument``/``keyword``), ``n_answers``
        (non-blank cells of clean respondents), ``n_comments``.
    redactions : DataFrame
        ``kind`` (``email``, ``url``, ``nip``, ``nik``, ``phone``, ``number``, ``name``,
        ``title``) and ``count``: what redaction removed (never the texts).
    answer_issues : DataFrame
        ``item``, ``header``, ``n_answers``, ``n_unrecognised`` (texts that are no answer of
        the scale, set to missing).
    missing_items : list
        Outcome items of the instrument without a column in the file.
    source : str
        File name.
    """

    outcomes: pd.DataFrame
    comments: pd.DataFrame
    questions: pd.DataFrame
    redactions: pd.DataFrame
    answer_issues: pd.DataFrame
    missing_items: list
    source: str

    @property
    def has_outcomes(self) -> bool:
        """Whether any outcome item was found."""
        return len(self.outcomes.columns) > 1

    @property
    def has_comments(self) -> bool:
        """Whether any comment was written."""
        return len(self.comments) > 0


def _view(ins: Instrument, items: dict[str, str], questions: pd.DataFrame) -> Instrument:
    """The instrument with the outcome items and open-question columns as items."""
    extra = [next(it for it in ins.outcome_items if it.code == c) for c in items]
    opens = [Item(q, _OPEN, "", h) for q, h in zip(questions["question"], questions["header"],
                                                    strict=True)]
    values = (*ins.values, *(Value(o.code, o.name_id, o.name_en) for o in ins.outcomes),
              Value(_OPEN, _OPEN, _OPEN))
    return replace(ins, name=f"{ins.name} [extras]", values=values,
                   items=(*ins.items, *extra, *opens))


def _kept_rows(raw_rows: np.ndarray, clean: CleanResult) -> np.ndarray:
    """Positions in ``raw_rows`` of the clean respondents, in order."""
    log = clean.log
    out = set(log.loc[log["action"] == "excluded", "source_row"].astype(int))
    out |= set(int(r) for r in clean.blank_rows)
    pos = np.flatnonzero(~np.isin(raw_rows, list(out)))
    if len(pos) != len(clean.data):
        raise DataError(f"{len(pos)} rows of the file are not excluded by cleaning but the clean "
                        f"table has {len(clean.data)} respondents; the file changed since it "
                        "was cleaned: clean it again", file=clean.source)
    return pos


def read_extras(path: str | Path, *, instrument: str | Instrument, clean: CleanResult,
                sheet: str | int | None = None, header_row: int | None = None,
                unit_heads: list[str] | tuple[str, ...] = (),
                max_unrecognised_share: float = 0.02) -> Extras:
    """Read the outcome items and open comments of a survey export for its clean respondents.

    Parameters
    ----------
    path : str or Path
        The survey export that ``clean`` was made from.
    instrument : str or Instrument
        Its outcome scales and open questions say what to look for (open questions are also
        found by header keywords when it lists none).
    clean : CleanResult
        The cleaning of the same file (:meth:`akhlak_analysis.Analysis.clean`).
    sheet, header_row :
        As :func:`akhlak_analysis.data.io.read_responses` (the year's configuration).
    unit_heads : list of str
        Names of unit heads to redact from the comments (see
        :func:`akhlak_analysis.data.comments.unit_heads`).
    max_unrecognised_share : float
        Stop when more than this share of an outcome item's answers is not an answer of the
        scale (the cleaning's ``max_unrecognised_item_share`` rule of thumb).

    Returns
    -------
    Extras

    Raises
    ------
    DataError
        The rows of the file do not match the clean table (the file changed), or too many
        outcome answers are not answers of the scale (naming the item, the texts and the fix).

    Examples
    --------
    >>> import akhlak_analysis as ak
    >>> ctx = ak.Analysis.from_config("data/sample/analysis.yaml", 2025, key=b"k")
    >>> ex = read_extras("data/sample/responses_2025.xlsx", instrument=ctx.instrument(),
    ...                  clean=ctx.clean(), sheet="Jawaban")
    >>> ex.outcomes.columns.tolist()[1:4], len(ex.outcomes) == len(ctx.data())
    (['KT1', 'KT2', 'KT3'], True)
    >>> ex.questions[["question", "found_by"]].values.tolist(), ex.has_comments
    ([['saran', 'instrument']], True)
    """
    ins = load_instrument(instrument)
    unused = list(clean.unrecognised_columns)
    items = {c: h for h in unused if (c := ins.match_outcome_header(h)) is not None}
    questions = find_open_columns(unused, instrument=ins)
    missing = [it.code for it in ins.outcome_items if it.code not in items]
    if not items and questions.empty:
        return _empty(clean, missing)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = read_responses(path, instrument=_view(ins, items, questions), sheet=sheet,
                             header_row=header_row)
    data = raw.data.iloc[_kept_rows(raw.data["source_row"].to_numpy(), clean)]
    ids = clean.data["respondent_id"].reset_index(drop=True)
    outcomes, issues = _outcome_answers(data, items, ins, max_unrecognised_share, clean.source)
    outcomes.insert(0, "respondent_id", ids)
    names = name_deny_list(raw.data["name"]) if "name" in raw.data.columns else []
    comments, counts, questions = _comments(data, questions, clean,
                                            [*names, *name_deny_list(unit_heads)])
    del raw, data, names
    redactions = pd.DataFrame(sorted(counts.items()), columns=["kind", "count"])
    return Extras(outcomes, comments, questions, redactions, issues, missing, clean.source)


def _empty(clean: CleanResult, missing: list[str]) -> Extras:
    ids = clean.data["respondent_id"].reset_index(drop=True)
    return Extras(pd.DataFrame({"respondent_id": ids}),
                  pd.DataFrame(columns=["respondent_id", "opd", "subunit", "question", "text"]),
                  pd.DataFrame(columns=["question", "header", "found_by", "n_answers",
                                        "n_comments"]),
                  pd.DataFrame(columns=["kind", "count"]),
                  pd.DataFrame(columns=["item", "header", "n_answers", "n_unrecognised"]),
                  missing, clean.source)


def _outcome_answers(data: pd.DataFrame, items: dict[str, str], ins: Instrument,
                     max_share: float, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Outcome answers as codes (NaN: blank or unrecognised) and the count of unrecognised."""
    parse = ins.scale.answer_parser()
    out, rows = {}, []
    for code, header in items.items():
        text = data[code].astype("string").str.strip()
        answered = text.notna() & (text != "")
        parsed = [parse(t)[0] if ok else np.nan for t, ok in zip(text.fillna(""), answered,
                                                                   strict=True)]
        x = np.asarray(parsed, dtype=float)
        bad = answered.to_numpy() & np.isnan(x)
        n_ans = int(answered.sum())
        rows.append({"item": code, "header": header, "n_answers": n_ans,
                     "n_unrecognised": int(bad.sum())})
        if n_ans and bad.sum() / n_ans > max_share:
            top = text[bad].value_counts().head(3).to_dict()
            raise DataError(f"{bad.sum()} of {n_ans} answers are not answers of the "
                            f"{ins.scale.min}-{ins.scale.max} scale (most common: {top}); add "
                            "them as aliases of the scale in the instrument", file=source,
                            column=header)
        out[code] = x
    issues = pd.DataFrame(rows, columns=["item", "header", "n_answers", "n_unrecognised"])
    return pd.DataFrame(out), issues


def _comments(data: pd.DataFrame, questions: pd.DataFrame, clean: CleanResult,
              names: list[str]) -> tuple[pd.DataFrame, Counter, pd.DataFrame]:
    """Redacted comments of the clean respondents, redaction counts, questions with counts."""
    meta = clean.data[["respondent_id", "opd", "subunit"]].reset_index(drop=True)
    parts, counts, n_ans, n_com = [], Counter(), [], []
    for q in questions["question"]:
        text = data[q].astype(object).reset_index(drop=True)
        answered = text.map(lambda t: isinstance(t, str) and t.strip() != "")
        keep = text.map(is_comment).to_numpy(dtype=bool)
        redacted, found = redact_comments(text[keep], names=names)
        counts.update(found)
        parts.append(meta[keep].assign(question=q, text=redacted))
        n_ans.append(int(answered.sum()))
        n_com.append(int(keep.sum()))
    comments = (pd.concat(parts, ignore_index=True) if parts else
                pd.DataFrame(columns=["respondent_id", "opd", "subunit", "question", "text"]))
    return comments, counts, questions.assign(n_answers=n_ans, n_comments=n_com)
