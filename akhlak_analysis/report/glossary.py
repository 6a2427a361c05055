"""The glossary of the report: ``html/istilah.html`` and the workbook sheet "Istilah".

One data file (``akhlak_analysis/glossary.yaml``) holds the few terms the report keeps
(index, category, value, behaviour and item, reverse-keyed item, the 95% interval, "bermakna",
change, favourable / neutral / unfavourable answers, target, rank interval, the adjusted index,
withheld figures, reliability, invariance, response rate, Rencana Aksi colours) and the
abbreviations a reader meets. :func:`glossary_terms` fills them with the organisation's words
(level, unit word), the interval level, the minimum group size, the target, the instrument's
scale and bands and the action-plan rules; :func:`write_glossary` writes the page in the one
page skeleton (:func:`~akhlak_analysis.report.pages.page`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from ..defaults import CONFIDENCE, MIN_N, TARGET
from ..instrument import Instrument, load_instrument
from .pages import esc, page
from .wording import OrgWords, answer_words, num, organisation_words

__all__ = ["GLOSSARY_FILE", "GLOSSARY_PAGE", "GLOSSARY_SHEET", "Term", "abbreviations",
           "config_glossary", "glossary_rows", "glossary_terms", "write_glossary"]

GLOSSARY_FILE = Path(__file__).resolve().parents[1] / "glossary.yaml"
#: the page, relative to the report folder
GLOSSARY_PAGE = "html/istilah.html"
#: the workbook sheet
GLOSSARY_SHEET = "Istilah"


@dataclass(frozen=True)
class Term:
    """One glossary entry: its name, the other names a reader may meet, its explanation."""

    term: str
    also: tuple[str, ...]
    text: str


@cache
def _document() -> dict:
    return yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))


def abbreviations() -> dict[str, str]:
    """Abbreviation -> its meaning, as the glossary lists them."""
    return dict(_document()["abbreviations"])


def _bands(ins: Instrument) -> str:
    bands = sorted(ins.bands, key=lambda b: -b.lower)
    top = max(b.upper for b in bands)
    parts = [f"{b.label()} {num(b.lower, 0)} sampai {'' if b.upper == top else 'di bawah '}"
             f"{num(b.upper, 0)}" for b in bands]
    return ", ".join(parts)


def _fill(instrument: str | Instrument, words: OrgWords, *, confidence: float, min_n: int,
          target: tuple[float, float], rules: dict[str, float]) -> dict[str, str]:
    ins = load_instrument(instrument)
    fav, neutral, unfav = answer_words(ins)
    neutral_sentence = ((f"netral ({neutral})" if neutral != "netral" else "netral") if neutral else
                        "netral (kuesioner ini tidak memiliki pilihan tengah, sehingga "
                        "jawaban netral selalu 0%)")
    return {"area": words.area, "Area": words.area.capitalize(), "unit": words.unit,
            "conf": num(100 * confidence, 0), "min_n": num(min_n, 0),
            "target_low": num(target[0], 0 if float(target[0]).is_integer() else 1),
            "target_high": num(target[1], 0 if float(target[1]).is_integer() else 1),
            "scale": f"{ins.scale.min}-{ins.scale.max}", "favourable": fav,
            "item_example": ins.item_codes[0],
            "neutral_sentence": neutral_sentence, "unfavourable": unfav,
            "bands": _bands(ins),
            "red": num(rules.get("overdue_red_below", 50), 0),
            "yellow": num(rules.get("behind_yellow_above", 25), 0)}


def glossary_terms(instrument: str | Instrument, *, words: OrgWords | None = None,
                   confidence: float = CONFIDENCE, min_n: int = MIN_N,
                   target: tuple[float, float] = TARGET,
                   rules: dict[str, float] | None = None) -> list[Term]:
    """The glossary's terms in the organisation's words.

    Parameters
    ----------
    instrument : str or Instrument
        The report year's instrument (scale, answer words, bands).
    words : OrgWords, optional
        Level and unit words; by default those of an unnamed organisation.
    confidence : float
        Interval level.
    min_n : int
        The minimum group size.
    target : (float, float)
    rules : dict, optional
        The action-plan rules (``overdue_red_below``, ``behind_yellow_above``).

    Returns
    -------
    list of Term
        In the file's order; every sentence a capitalised unit word starts stays as given.

    Examples
    --------
    >>> from akhlak_analysis.report.wording import organisation_words
    >>> t = glossary_terms("berakhlak-2025", words=organisation_words(level="regency"))
    >>> t[0].term, "Indeks kabupaten" in t[0].text
    ('Indeks budaya kerja', True)
    """
    words = words or organisation_words("")
    values = _fill(instrument, words, confidence=confidence, min_n=min_n, target=target,
                   rules=dict(rules or {}))
    out = []
    for entry in _document()["terms"]:
        text = " ".join(str(entry["text"]).split()).format(**values)
        out.append(Term(str(entry["term"]).format(**values),
                        tuple(str(a).format(**values) for a in entry.get("also", ())),
                        _sentence_case(text)))
    return out


def _sentence_case(text: str) -> str:
    """A unit word that opens a sentence keeps its capital (``OPD``) or gets one."""
    return re.sub(r"(^|\. )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def config_glossary(config, year: int) -> list[Term]:
    """:func:`glossary_terms` with the settings of a configuration."""
    from .deck import config_words

    return glossary_terms(config.year(year).instrument, words=config_words(config),
                          confidence=float(config.confidence), min_n=int(config.min_group_size),
                          target=tuple(config.target),
                          rules=dict(getattr(config, "action_plan_rules", {}) or {}))


def write_glossary(folder: str | Path, *, config, year: int) -> Path:
    """``html/istilah.html``: the glossary page of a report.

    Returns
    -------
    Path
        A self-contained page: one entry per term (name, other names, explanation), then the
        abbreviations; in Indonesian, with the organisation's words.
    """
    from .deck import config_words

    terms = config_glossary(config, year)
    parts = [f"<h1>Daftar istilah: {esc(config.title)} {year}</h1>",
             "<p class='sub'>Arti istilah yang dipakai di halaman depan, rapor "
             f"{esc(config_words(config).unit)}, "
             "salindia paparan dan berkas Excel laporan ini. <a href='index.html'>Kembali ke "
             "halaman depan</a>.</p>", "<dl>"]
    for t in terms:
        also = (f" <span class='note'>(juga: {esc(', '.join(t.also))})</span>" if t.also
                else "")
        parts.append(f"<dt id='{esc(_anchor(t.term))}'><strong>{esc(t.term)}</strong>{also}"
                     f"</dt><dd>{esc(t.text)}</dd>")
    parts.append("</dl><h2>Singkatan</h2><table><tr><th>Singkatan</th><th>Arti</th></tr>")
    parts += [f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>"
              for k, v in abbreviations().items()]
    parts.append("</table>")
    target = Path(folder) / GLOSSARY_PAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    style = "<style>dd { margin: 0 0 8pt 1.5em; } dt { margin-top: 6pt; }</style>\n"
    target.write_text(page(f"Daftar istilah {year}", "\n".join(parts), head=style),
                      encoding="utf-8")
    return target


def glossary_rows(terms: list[Term]) -> list[tuple[str, str]]:
    """(term, explanation) rows of the workbook sheet, the abbreviations last."""
    rows = [(t.term + (f" (juga: {', '.join(t.also)})" if t.also else ""), t.text)
            for t in terms]
    return rows + [(k, v) for k, v in abbreviations().items()]


def _anchor(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
