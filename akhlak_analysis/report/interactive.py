"""Sortable, searchable tables for the HTML pages, working offline (itables, no CDN).

The notebooks call :func:`init_interactive` once (it embeds the DataTables bundle that ships
with ``itables`` into the notebook, ``connected=False``) and then :func:`show_table` instead
of displaying a DataFrame; the exported HTML keeps the tables interactive without any request
leaving the machine. :func:`interactive_page` writes a standalone page with the bundle inline.

Suppression applies: rows flagged ``suppressed`` are shown with every figure blank (the
blanking of :mod:`akhlak_analysis.stats.disclosure`), and with ``min_n`` a row with fewer
respondents is refused rather than shown. Headers are in Bahasa Indonesia and numbers use the
decimal comma (:func:`~akhlak_analysis.labels.to_display`); DataTables is told that the
decimal mark is a comma, so numeric columns still sort as numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..instrument import Instrument
from ..labels import to_display
from ..stats.disclosure import blank_rows
from .pages import page

__all__ = ["init_interactive", "interactive_html", "interactive_page", "offline_bundle",
           "show_table"]

#: DataTables texts in Indonesian (the search box, paging, empty table)
LANGUAGE_ID = {"decimal": ",", "thousands": ".", "search": "Cari:",
               "info": "Baris _START_ s.d. _END_ dari _TOTAL_",
               "infoEmpty": "Tidak ada baris", "infoFiltered": "(disaring dari _MAX_ baris)",
               "zeroRecords": "Tidak ada baris yang cocok", "lengthMenu": "Tampilkan _MENU_ baris",
               "emptyTable": "Tabel kosong"}
LANGUAGE_EN = {"decimal": ".", "thousands": ","}


def _check(table: pd.DataFrame, min_n: int | None, lang: str) -> pd.DataFrame:
    if lang not in ("id", "en"):
        raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")
    if min_n is not None and min_n < 1:
        raise ValueError(f"min_n must be >= 1, got {min_n}")
    out = table
    if "suppressed" in out.columns:
        hide = out["suppressed"].fillna(False).to_numpy(dtype=bool)
        reason = out["suppression"] if "suppression" in out.columns else None
        out = blank_rows(out, hide, None)
        if reason is not None:
            out["suppression"] = reason.to_numpy()
    if min_n is not None and "n" in out.columns:
        shown = out["n"].notna() & ~out.get("suppressed", pd.Series(False, index=out.index))
        small = np.flatnonzero((shown & (out["n"] < min_n)).to_numpy())
        if len(small):
            raise ValueError(f"rows {small.tolist()} have n < {min_n} and are not suppressed; "
                             "pass the published table (stats.disclosure.suppress)")
    return out


def _options(lang: str, page_length: int) -> dict:
    return {"connected": False, "language": LANGUAGE_ID if lang == "id" else LANGUAGE_EN,
            "pageLength": page_length, "showIndex": False,  # a search box even on one page:
            "layout": {"topStart": None, "topEnd": "search", "bottomStart": "info",
                       "bottomEnd": "paging"}, "classes": "display compact",
            "display_logo_when_loading": False, "maxBytes": 0, "allow_html": False}


def interactive_html(table: pd.DataFrame, *, caption: str | None = None,
                     min_n: int | None = None, lang: str = "id", decimals: int = 1,
                     instrument: Instrument | None = None, table_id: str | None = None,
                     page_length: int = 25) -> str:
    """One interactive table as an HTML fragment (needs the offline bundle on the page).

    Parameters
    ----------
    table : DataFrame
        A published table (internal English column names).
    caption : str, optional
    min_n : int, optional
        Refuse rows with ``n < min_n`` that are not flagged ``suppressed``.
    lang : {"id", "en"}
    decimals : int
        Decimals of float columns.
    instrument : Instrument, optional
        Value names for value-code columns.
    table_id : str, optional
        The HTML id (default: derived from the caption and content, so pages are stable).
    page_length : int
        Rows per page.

    Returns
    -------
    str

    Examples
    --------
    >>> t = pd.DataFrame({"unit": ["A", "B"], "n": [12, 4], "culture_index": [75.25, 80.0],
    ...                   "suppressed": [False, True]})
    >>> frag = interactive_html(t, caption="Indeks OPD", table_id="t1")
    >>> "75,2" in frag and "80,0" not in frag and "unpkg" not in frag
    True
    """
    import itables

    out = _check(table, min_n, lang)
    shown = to_display(out, lang=lang, decimals=decimals, instrument=instrument)
    if table_id is None:
        digest = pd.util.hash_pandas_object(shown, index=False).sum() & 0xFFFFFFFF
        base = re.sub(r"[^a-z0-9]+", "_", (caption or "tabel").lower()).strip("_")
        table_id = f"itables_{base}_{digest:08x}"
    text = itables.to_html_datatable(shown, caption=caption, table_id=table_id,
                                     **_options(lang, page_length))
    return text


def offline_bundle() -> str:
    """The DataTables bundle and the itables init code as HTML, inline (about 1 MB).

    What ``itables.init_notebook_mode(connected=False)`` displays: put it once into any page
    (before its tables) that shows fragments of :func:`interactive_html`.

    Examples
    --------
    >>> import re
    >>> b = offline_bundle()
    >>> re.findall(r"(?:from|src=) *.https?://", b), len(b) > 500_000
    ([], True)
    """
    from itables import javascript as js
    from itables import options as opt

    init = js.read_package_file("html/init_datatables.html")
    init = js.replace_value(
        init, "import { set_or_remove_dark_class } from '" + js.UNPKG_DT_BUNDLE_URL_NO_VERSION
        + "';", "const { set_or_remove_dark_class } = await window."
        + js._itables_underscore_version() + ";")
    return init + js.generate_init_offline_itables_html(opt.dt_bundle)


def interactive_page(tables: Mapping[str, pd.DataFrame], *, title: str,
                     min_n: int | None = None, lang: str = "id",
                     instrument: Instrument | None = None) -> str:
    """A standalone HTML page with one interactive table per entry, no external request.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Caption -> published table.
    title : str
    min_n, lang, instrument :
        As :func:`interactive_html`.

    Returns
    -------
    str

    Examples
    --------
    >>> t = pd.DataFrame({"unit": ["A"], "n": [12], "culture_index": [75.0]})
    >>> page = interactive_page({"Indeks OPD": t}, title="Uji")
    >>> import re
    >>> re.findall(r'(?:src|href)="https?:', page), "ITable" in page
    ([], True)
    """
    parts = [f"<h1>{html.escape(title)}</h1>", offline_bundle()]
    for k, (caption, table) in enumerate(tables.items()):
        parts.append(interactive_html(table, caption=caption, min_n=min_n, lang=lang,
                                      instrument=instrument, table_id=f"itables_t{k}"))
    return page(title, "\n".join(parts), lang=lang)


def init_interactive() -> None:
    """Notebook set-up: embed the DataTables bundle (offline) once, before any table."""
    import itables

    itables.init_notebook_mode(all_interactive=False, connected=False)


def show_table(table: pd.DataFrame, *, caption: str | None = None, min_n: int | None = None,
               lang: str = "id", decimals: int = 1,
               instrument: Instrument | None = None) -> None:
    """Display a published table as an interactive table in a notebook (offline).

    Parameters are those of :func:`interactive_html`; call :func:`init_interactive` once
    first. Displays the table and returns None.
    """
    from IPython.display import HTML, display

    display(HTML(interactive_html(table, caption=caption, min_n=min_n, lang=lang,
                                  decimals=decimals, instrument=instrument)))
