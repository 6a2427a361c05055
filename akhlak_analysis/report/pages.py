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
body.card { max-width: 180mm; }
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
