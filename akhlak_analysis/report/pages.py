"""HTML pages of the report: one skeleton and one stylesheet for every page.

The index page, the OPD report cards (and their list) and the pages of interactive tables are
all made by :func:`page`: self-contained (inline style, no external script, font or image),
in Indonesian, printable on A4 (light rules, no filled bands, greyscale-safe). Every text
placed in a page is escaped by the caller with :func:`esc`.
"""

from __future__ import annotations

from html import escape

__all__ = ["STYLESHEET", "esc", "page"]

#: the one stylesheet of every page (screen and print)
STYLESHEET = """
@page { size: A4; margin: 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45;
       color: #222; max-width: 60em; margin: 1.5em auto; padding: 0 1em; }
body.card { max-width: 182mm; }
h1 { font-size: 17pt; color: #1f4e79; margin: 0 0 4pt 0; }
h2 { font-size: 12pt; color: #1f4e79; margin: 12pt 0 4pt 0; border-bottom: 1px solid #bbb; }
p { margin: 3pt 0; } .sub, .org { color: #555; margin-bottom: 6pt; }
a { color: #1f4e79; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #ddd; padding: 2pt 4pt; text-align: left;
         vertical-align: top; }
th { border-bottom: 1.5px solid #888; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; }
.legend, .note { font-size: 8.5pt; color: #555; }
.key { font-size: 12pt; } .warn { border-left: 3px solid #b45f06; padding-left: 6pt; }
@media print { a { color: #222; text-decoration: none; } body { margin: 0; } }
/* the OPD report card: one printed A4 page (named page; sizes in em of the body's size, which
   the card sets from its PDF layout so that a long card prints smaller, still on one page) */
@page card { size: A4; margin: 10mm 12mm; }
body.card { page: card; font-size: 8pt; line-height: 1.25; margin: 0.8em auto; }
.card h1 { font-size: 1.65em; margin: 0; }
.card h2 { font-size: 1.18em; margin: 0.5em 0 0.15em 0; }
.card .sub { margin: 0 0 0.2em 0; }
.card p { margin: 0.1em 0; }
.card table { font-size: 0.97em; }
.card th, .card td { padding: 0.05em 0.35em; }
.card .facts { display: grid; grid-template-columns: repeat(5, 1fr); gap: 0.5em;
               margin: 0.3em 0; }
.card .fact { border: 1px solid #999; padding: 0.15em 0.45em; }
.card .fact p { margin: 0; font-size: 0.87em; line-height: 1.2; }
.card .fact .l { font-weight: bold; color: #333; }
.card .fact .v { font-size: 1.6em; font-weight: bold; line-height: 1.2; }
.card .fact .w { font-weight: bold; border-left: 2.5px solid #000; padding-left: 0.35em;
                 margin-top: 0.2em; }
.card th.chart, .card td.chart { width: 210px; padding: 0 0.25em; }
.card th.chart { font-weight: normal; font-size: 0.87em; white-space: nowrap; }
.card td.chart svg { display: block; }
.card tfoot td { border-bottom: none; }
.card tr.grp th { font-style: italic; border-bottom: 1px solid #bbb; padding-top: 0.2em; }
.card .rev { font-style: italic; }
.card .howto { border: 1px solid #999; padding: 0 0.7em 0.2em 0.7em; margin-top: 0.6em; }
.card .howto h2 { border: none; margin-top: 0.2em; }
.card .howto ul { margin: 0; padding-left: 1.4em; columns: 2; column-gap: 2em; }
.card .howto li { break-inside: avoid; }
.card .note, .card footer { font-size: 0.87em; color: #333; }
.card footer { margin-top: 0.3em; }
@media print { body.card { margin: 0; max-width: none; }
               .card tr, .card .fact, .card .howto { break-inside: avoid; } }
"""


def esc(text: object) -> str:
    """HTML-escape any value as text (quotes included)."""
    return escape("" if text is None else str(text), quote=True)


def page(title: str, body: str, *, lang: str = "id", kind: str = "", head: str = "") -> str:
    """A complete page: ``title`` (escaped here), ``body`` (HTML, escaped by the caller).

    Parameters
    ----------
    title : str
        The page title (plain text).
    body : str
        The page's HTML.
    lang : str
        The ``lang`` attribute.
    kind : str
        A class on ``<body>`` (``"card"`` narrows the page to A4 width).
    head : str
        Extra HTML for ``<head>`` (e.g. an inline script bundle).

    Examples
    --------
    >>> p = page("Laporan <2025>", "<p>Isi</p>")
    >>> p.startswith("<!DOCTYPE html>") and "Laporan &lt;2025&gt;" in p and "http" not in p
    True
    """
    cls = f' class="{esc(kind)}"' if kind else ""
    return ("<!DOCTYPE html>\n"
            f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLESHEET}</style>\n{head}</head>\n"
            f"<body{cls}>\n{body}\n</body>\n</html>\n")
