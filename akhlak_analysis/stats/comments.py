"""What staff wrote: themes of the (redacted) open comments, emerging themes, tone, disclosure.

Offline, no model download: comments arrive redacted (:mod:`akhlak_analysis.data.extras`);
here they are

1. **tokenised and stemmed**: lower-cased words, identifiers' placeholders (``[nama]``, ...)
   dropped, every word reduced to its root by the Sastrawi stemmer (PySastrawi, MIT licence;
   its root-word dictionary comes from Kateglo, CC BY-NC-SA 3.0);
2. **matched to themes** of a documented seed dictionary
   (``akhlak_analysis/themes/komentar-id.yaml``: the workplace topics beban kerja, fasilitas,
   pelatihan, kepemimpinan, tunjangan/TPP, komunikasi, disiplin, pelayanan, and one theme per
   BerAKHLAK value) on stems (:func:`tag_themes`); a comment may have several themes;
3. searched for **emerging themes**: NMF (scikit-learn, seeded) on TF-IDF of the stems
   without the Indonesian stopwords of stopwords-iso (``stopwordsiso``, MIT), each component
   with its top words and the seed theme most of its comments already have, if any
   (:func:`emerging_themes`);
4. given a **tone**: the mean index and outcome scores of the respondents who wrote about each
   theme (:func:`theme_tone`); no sentiment lexicon with a licence that allows this use ships
   as a package, so there is none.

Disclosure (:func:`theme_table`, :func:`example_comments`): themes and counts only for groups
with at least ``min_comments`` (10) comments, with one more group hidden when a single group
would otherwise be the only hidden one (its counts would follow from the total by
subtraction); example comments (already redacted, at most two per theme, chosen
deterministically, never with a placeholder of a removed identifier) only at province level or
for units with at least ``min_examples`` (30) comments, and never from a hidden group.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..errors import DataError

__all__ = ["Theme", "emerging_themes", "example_comments", "load_themes", "stem",
           "tag_themes", "theme_table", "theme_tone", "themes_by_code", "tokens",
           "comment_stopwords"]

_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Theme:
    """A theme of the seed dictionary: code, family (``topic``/``value``), labels, entries."""

    code: str
    family: str
    label_id: str
    label_en: str
    words: tuple[str, ...]

    def label(self, lang: str = "id") -> str:
        return self.label_en if lang == "en" else self.label_id


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@cache
def stem(word: str) -> str:
    """The Sastrawi root of one lower-case word (cached).

    >>> stem("pelatihan"), stem("kepemimpinan"), stem("tunjangan")
    ('latih', 'pimpin', 'tunjang')
    """
    return _stemmer().stem(word)


def tokens(text: object) -> list[str]:
    """Lower-case words of a comment, without the placeholders of removed identifiers.

    >>> tokens("Pak [nama] kurang memberi arahan, TPP terlambat!")
    ['pak', 'kurang', 'memberi', 'arahan', 'tpp', 'terlambat']
    """
    if not isinstance(text, str):
        return []
    return _WORD.findall(_PLACEHOLDER.sub(" ", text.lower()))


@cache
def _default_themes_path() -> Path:
    return Path(str(resources.files("akhlak_analysis") / "themes" / "komentar-id.yaml"))


def load_themes(path: str | Path | None = None) -> tuple[Theme, ...]:
    """The seed dictionary: the shipped one (``themes/komentar-id.yaml``) or your own file.

    Raises
    ------
    DataError
        Not a list of themes, a theme without code or words, a duplicate code, an unknown
        family (naming the file and the theme).

    Examples
    --------
    >>> th = load_themes()
    >>> [t.code for t in th][:3], sum(t.family == "value" for t in th)
    (['beban_kerja', 'fasilitas', 'pelatihan'], 7)
    """
    path = Path(path) if path is not None else _default_themes_path()
    if not path.is_file():
        raise DataError("theme dictionary not found", file=path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    raw = doc.get("themes") if isinstance(doc, dict) else None
    if not isinstance(raw, list) or not raw:
        raise DataError("expected a key 'themes' with a list of themes", file=path)
    out, seen = [], set()
    for i, t in enumerate(raw):
        code, words = t.get("code"), t.get("words")
        if not code or not isinstance(words, list) or not words:
            raise DataError(f"theme {i + 1} needs a code and a list of words", file=path,
                            key=f"themes[{i}]")
        if code in seen:
            raise DataError(f"duplicate theme code {code!r}", file=path, key=f"themes[{i}]")
        if t.get("family", "topic") not in ("topic", "value"):
            raise DataError("family must be 'topic' or 'value'", file=path,
                            key=f"themes[{i}].family")
        seen.add(code)
        out.append(Theme(str(code), str(t.get("family", "topic")),
                         str(t.get("label_id", code)), str(t.get("label_en", code)),
                         tuple(str(w) for w in words)))
    return tuple(out)


def _entries(theme: Theme) -> tuple[frozenset, frozenset, tuple]:
    """(stems, exact words, stem sequences) of a theme's entries."""
    stems, exact, seqs = set(), set(), []
    for w in theme.words:
        w = w.strip().lower()
        if w.startswith("="):
            exact.add(w[1:])
        elif " " in w:
            seqs.append(tuple(stem(p) for p in w.split()))
        else:
            stems.add(stem(w))
    return frozenset(stems), frozenset(exact), tuple(seqs)


def tag_themes(texts: Sequence[object] | pd.Series, *,
               themes: Sequence[Theme] | None = None) -> pd.DataFrame:
    """Which seed themes each comment mentions (one boolean column per theme).

    Parameters
    ----------
    texts : sequence of str
        Redacted comments.
    themes : sequence of Theme, optional
        Default :func:`load_themes`.

    Returns
    -------
    DataFrame
        One row per text (same index for a Series), one bool column per theme code.

    Examples
    --------
    >>> t = tag_themes(["Pelatihan teknis perlu ditambah", "Atasan jarang memberi arahan",
    ...                 "Tidak ada [nama]"])
    >>> t[["pelatihan", "kepemimpinan"]].values.tolist()
    [[True, False], [False, True], [False, False]]
    """
    themes = load_themes() if themes is None else themes
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(texts))
    toks = [tokens(t) for t in texts]
    stems = [[stem(w) for w in tk] for tk in toks]
    out = {}
    for th in themes:
        s_set, exact, seqs = _entries(th)
        hits = []
        for tk, st in zip(toks, stems, strict=True):
            found = bool(s_set.intersection(st)) or bool(exact.intersection(tk))
            if not found and seqs:
                grams = {tuple(st[i:i + len(q)]) for q in seqs for i in range(len(st))}
                found = any(q in grams for q in seqs)
            hits.append(found)
        out[th.code] = hits
    return pd.DataFrame(out, index=index, dtype=bool)


# --------------------------------------------------------------------------------------
# counts per group, with disclosure control
# --------------------------------------------------------------------------------------
def _hidden_units(n: pd.Series, min_comments: int) -> pd.Series:
    """Reason per unit: primary (0 < n < min), secondary (complement), or None.

    The hidden units with comments are none or at least two, and hold at least
    ``min_comments`` together; complements are the shown units with the fewest comments.
    """
    reason = pd.Series(np.where((n > 0) & (n < min_comments), "primary", None), index=n.index,
                       dtype=object)
    while True:
        hidden = reason.notna() & (n > 0)
        if not hidden.any() or (hidden.sum() >= 2 and n[hidden].sum() >= min_comments):
            return reason
        shown = n[reason.isna() & (n > 0)].sort_values(kind="stable")
        if shown.empty:
            return reason
        reason[shown.index[0]] = "secondary"


def theme_table(comments: pd.DataFrame, tags: pd.DataFrame, *, by: str | None = None,
                min_comments: int = 10) -> pd.DataFrame:
    """Share of comments mentioning each theme, for the province or per unit, protected.

    Parameters
    ----------
    comments : DataFrame
        Redacted comments with a ``by`` column (``Extras.comments``).
    tags : DataFrame
        :func:`tag_themes` of ``comments["text"]`` (same index).
    by : str, optional
        Unit column (``"opd"``, ``"subunit"``); None for the province.
    min_comments : int
        Smallest number of comments of a unit shown with figures.

    Returns
    -------
    DataFrame
        ``unit`` (``"province"`` or the code), ``n_comments``, ``n_themed`` (comments with
        at least one theme), one column per theme (% of the unit's comments), ``suppressed``
        and ``suppression`` (``primary``, ``secondary`` or missing); hidden units keep only
        ``unit`` and the two suppression columns.

    Examples
    --------
    >>> c = pd.DataFrame({"opd": ["A"] * 12 + ["B"] * 3 + ["C"] * 11,
    ...                   "text": ["Pelatihan kurang"] * 26})
    >>> t = theme_table(c, tag_themes(c["text"]), by="opd")
    >>> t[["unit", "n_comments", "pelatihan", "suppression"]]
      unit  n_comments  pelatihan suppression
    0    A          12      100.0        <NA>
    1    B        <NA>        NaN     primary
    2    C        <NA>        NaN   secondary
    """
    if not tags.index.equals(comments.index):
        raise DataError("tags must come from tag_themes(comments['text']) (same index)")
    if min_comments < 1:
        raise ValueError(f"min_comments must be >= 1, got {min_comments}")
    key = comments[by] if by is not None else pd.Series("province", index=comments.index)
    if by is not None and by not in comments.columns:
        raise DataError(f"the comments have no {by!r} column", column=by)
    g = tags.groupby(key.to_numpy(), sort=True)
    n = g.size()
    table = g.mean() * 100.0
    table.insert(0, "n_themed", tags.any(axis=1).groupby(key.to_numpy(), sort=True).sum())
    table.insert(0, "n_comments", n)
    reason = _hidden_units(n, min_comments) if by is not None else pd.Series(
        np.where(n < min_comments, "primary", None), index=n.index, dtype=object)
    figures = [c for c in table.columns]
    table = table.astype(float)
    table.loc[reason.notna(), figures] = np.nan
    table["n_comments"] = pd.array(table["n_comments"], dtype="Int64")
    table["n_themed"] = pd.array(table["n_themed"], dtype="Int64")
    table["suppressed"] = reason.notna().to_numpy()
    table["suppression"] = pd.array(reason.to_numpy(), dtype="string")
    return table.rename_axis("unit").reset_index()


def theme_tone(comments: pd.DataFrame, tags: pd.DataFrame, scores: pd.DataFrame, *,
               columns: Sequence[str], min_comments: int = 10) -> pd.DataFrame:
    """Mean scores of the respondents who wrote about each theme: the tone of a theme.

    Parameters
    ----------
    comments, tags :
        As :func:`theme_table`; ``comments`` needs ``respondent_id``.
    scores : DataFrame
        ``respondent_id`` and the score ``columns`` (culture index, outcome scores).
    columns : sequence of str
        Score columns to average.
    min_comments : int
        Themes with fewer comments are left out (not shown).

    Returns
    -------
    DataFrame
        ``theme`` (with the rows ``all_respondents`` and ``all_writers`` first),
        ``n_comments``, ``n_writers``, then per score column its mean and
        ``<column>_diff`` (mean minus that of all respondents). Unweighted respondent means.

    Examples
    --------
    >>> c = pd.DataFrame({"respondent_id": list("abcdefghijkl"),
    ...                   "text": ["Atasan kurang mengarahkan"] * 12})
    >>> s = pd.DataFrame({"respondent_id": list("abcdefghijklmn"),
    ...                   "keterlibatan": [60.0] * 12 + [90.0, 90.0]})
    >>> t = theme_tone(c, tag_themes(c["text"]), s, columns=["keterlibatan"])
    >>> t.set_index("theme").loc[["all_respondents", "kepemimpinan"], "keterlibatan"].tolist()
    [64.28571428571429, 60.0]
    """
    missing = [c for c in ("respondent_id", *columns) if c not in scores.columns]
    if missing:
        raise DataError(f"the scores have no {missing[0]!r} column", column=missing[0])
    by_id = scores.drop_duplicates("respondent_id").set_index("respondent_id")[list(columns)]
    overall = by_id.mean()
    rows = [{"theme": "all_respondents", "n_comments": pd.NA, "n_writers": len(by_id),
             **overall.to_dict()}]
    writers = comments["respondent_id"].unique()
    rows.append({"theme": "all_writers", "n_comments": len(comments),
                 "n_writers": len(writers),
                 **by_id.reindex(writers).mean().to_dict()})
    for theme in tags.columns:
        hit = comments.loc[tags[theme].to_numpy(), "respondent_id"]
        if len(hit) < min_comments:
            continue
        ids = hit.unique()
        rows.append({"theme": theme, "n_comments": len(hit), "n_writers": len(ids),
                     **by_id.reindex(ids).mean().to_dict()})
    out = pd.DataFrame(rows)
    for c in columns:
        out[f"{c}_diff"] = out[c] - overall[c]
    out["n_comments"] = pd.array(out["n_comments"], dtype="Int64")
    return out


def example_comments(comments: pd.DataFrame, tags: pd.DataFrame, *, by: str | None = None,
                     hidden: Sequence[str] = (), min_examples: int = 30,
                     per_theme: int = 2) -> pd.DataFrame:
    """Up to ``per_theme`` example comments per theme, province-wide or per large unit.

    Candidates are comments of units not in ``hidden``, without a placeholder of a removed
    identifier (``[nama]``, ...), 20-220 characters long; a comment about this theme only
    comes before one about several; ties go by the SHA-256 of the text, so the choice is the
    same on every run and does not depend on row order. Duplicate texts count once.

    Parameters
    ----------
    comments, tags :
        As :func:`theme_table` (``comments`` needs ``opd`` or the ``by`` column).
    by : str, optional
        Unit column; None: province-wide examples.
    hidden : sequence of str
        Units whose comments never serve as examples (the hidden groups of
        :func:`theme_table`, with the same ``by``; pass the OPD ones for the province too).
    min_examples : int
        A unit needs at least this many comments for examples of its own.
    per_theme : int
        At most this many examples per theme (and unit).

    Returns
    -------
    DataFrame
        ``unit``, ``theme``, ``rank`` (1, 2), ``comment`` (the redacted text).

    Examples
    --------
    >>> c = pd.DataFrame({"opd": ["A"] * 3, "text": ["Pelatihan teknis perlu ditambah.",
    ...     "Pelatihan bagi pelaksana, hubungi [telepon].", "Pelatihan dan TPP perlu naik."]})
    >>> example_comments(c, tag_themes(c["text"]))[["theme", "comment"]].values.tolist()
    [['pelatihan', 'Pelatihan teknis perlu ditambah.'], ['pelatihan', 'Pelatihan dan TPP perlu naik.'], ['tunjangan', 'Pelatihan dan TPP perlu naik.']]
    """
    unit_col = by or "opd"
    text = comments["text"].astype(str)
    ok = ~text.str.contains("[", regex=False) & text.str.len().between(20, 220)
    if unit_col in comments.columns:
        ok &= ~comments[unit_col].isin(list(hidden))
    key = comments[by] if by is not None else pd.Series("province", index=comments.index)
    size = key.map(key.value_counts())
    ok &= (size >= min_examples) if by is not None else True
    n_themes = tags.sum(axis=1)
    digest = text.map(lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())
    rows = []
    for theme in tags.columns:
        cand = pd.DataFrame({"unit": key, "text": text, "several": n_themes > 1,
                             "digest": digest})[ok & tags[theme]]
        cand = cand.drop_duplicates(["unit", "text"]).sort_values(["unit", "several", "digest"])
        for unit, grp in cand.groupby("unit", sort=True):
            for r, t in enumerate(grp["text"].head(per_theme), start=1):
                rows.append({"unit": unit, "theme": theme, "rank": r, "comment": t})
    return pd.DataFrame(rows, columns=["unit", "theme", "rank", "comment"])


# --------------------------------------------------------------------------------------
# emerging themes
# --------------------------------------------------------------------------------------
def comment_stopwords(path: str | Path | None = None) -> frozenset[str]:
    """Words left out of the emerging themes: stopwords-iso's Indonesian list and the
    ``stopwords`` of the theme dictionary, each also as its stem.

    >>> sw = comment_stopwords()
    >>> "yang" in sw, "terima" in sw, "pelatihan" in sw
    (True, True, False)
    """
    return _stopwords(str(Path(path) if path is not None else _default_themes_path()))


@cache
def _stopwords(path: str) -> frozenset[str]:
    import stopwordsiso

    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    words = set(stopwordsiso.stopwords("id")) | {str(w).lower() for w in
                                                  doc.get("stopwords") or []}
    return frozenset(words) | frozenset(stem(w) for w in words)


def _analyzer(stops: frozenset[str]):
    def analyse(text: str) -> list[str]:
        return [s for w in tokens(text) if w not in stops and len(s := stem(w)) >= 3
                and s not in stops]
    return analyse


def emerging_themes(texts: Sequence[str] | pd.Series, *, n_topics: int = 8, seed: int = 0,
                    top_words: int = 6, min_df: int = 5,
                    tags: pd.DataFrame | None = None,
                    stopwords: frozenset[str] | None = None) -> pd.DataFrame:
    """Themes found in the comments themselves: NMF on TF-IDF of stems (seeded).

    Parameters
    ----------
    texts : sequence of str
        Redacted comments (at least ``5 * n_topics``).
    n_topics : int
        Number of NMF components.
    seed : int
        ``random_state`` of the NMF (deterministic with ``init="nndsvda"``).
    top_words : int
        Words shown per component.
    min_df : int
        A stem must occur in at least this many comments.
    tags : DataFrame, optional
        :func:`tag_themes` of the same texts: each component is then compared with the seed
        themes.
    stopwords : frozenset of str, optional
        Words to leave out (default :func:`comment_stopwords`).

    Returns
    -------
    DataFrame
        ``topic`` (1..k, by decreasing size), ``top_words`` (most frequent spelling of each
        top stem, comma-separated), ``n_comments`` (comments whose strongest component it
        is), ``share`` (% of the comments), ``seed_theme`` (the seed theme that at least half
        of its comments have, else missing: an *emerging* theme) and ``seed_share`` (%).

    Notes
    -----
    ``TfidfVectorizer(sublinear_tf=True, min_df, max_df=0.5)`` and ``NMF(init="nndsvda",
    random_state=seed)`` of scikit-learn; stems without the stopwords-iso Indonesian list.
    R: ``NMF::nmf`` on ``tm::weightTfIdf`` gives comparable (not identical) components.

    Examples
    --------
    >>> base = ["Pelatihan teknis perlu ditambah", "TPP terlambat dibayar",
    ...         "Ruang kerja sempit dan panas"]
    >>> t = emerging_themes(base * 20, n_topics=3, seed=1, top_words=3, min_df=2)
    >>> sorted(t["n_comments"].tolist()), len(t)
    ([20, 20, 20], 3)
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = list(texts)
    if len(texts) < 5 * n_topics:
        raise DataError(f"{len(texts)} comments are too few for {n_topics} emerging themes "
                        f"(at least {5 * n_topics})")
    stops = comment_stopwords() if stopwords is None else stopwords
    vec = TfidfVectorizer(analyzer=_analyzer(stops), min_df=min_df, max_df=0.5, sublinear_tf=True)
    x = vec.fit_transform(texts)
    if x.shape[1] < n_topics:
        raise DataError(f"only {x.shape[1]} words occur in {min_df} or more comments")
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=500)
    with np.errstate(invalid="ignore"):   # a perfect fit gives sqrt(-0.0) in sklearn's loss
        w = model.fit_transform(x)
    vocab = vec.get_feature_names_out()
    spell = _spellings(texts)
    best = np.where(w.max(axis=1) > 0, w.argmax(axis=1), -1)
    rows = []
    for k in range(n_topics):
        top = vocab[np.argsort(-model.components_[k])[:top_words]]
        members = np.flatnonzero(best == k)
        seed_theme, seed_share = _seed_match(tags, members)
        rows.append({"top_words": ", ".join(spell.get(s, s) for s in top),
                     "n_comments": len(members), "share": 100 * len(members) / len(texts),
                     "seed_theme": seed_theme, "seed_share": seed_share})
    out = pd.DataFrame(rows).sort_values("n_comments", ascending=False, kind="stable")
    out.insert(0, "topic", np.arange(1, n_topics + 1))
    return out.reset_index(drop=True)


def _spellings(texts: Sequence[str]) -> dict[str, str]:
    """Most frequent spelling of every stem (ties: alphabetical), for readable top words."""
    counts: dict[str, dict[str, int]] = {}
    for t in texts:
        for w in tokens(t):
            d = counts.setdefault(stem(w), {})
            d[w] = d.get(w, 0) + 1
    return {s: min(d, key=lambda w: (-d[w], w)) for s, d in counts.items()}


def _seed_match(tags: pd.DataFrame | None, members: np.ndarray) -> tuple[object, float]:
    if tags is None or len(members) == 0:
        return pd.NA, np.nan
    share = tags.iloc[members].mean() * 100
    top = share.idxmax()
    return (top, float(share[top])) if share[top] >= 50 else (pd.NA, float(share[top]))


def themes_by_code(themes: Sequence[Theme] | None = None) -> Mapping[str, Theme]:
    """Theme code -> :class:`Theme` (of the shipped dictionary by default)."""
    return {t.code: t for t in (load_themes() if themes is None else themes)}
