"""Hand the notebooks' charts and tables to the report: ``save_figure`` and ``save_table``.

The notebooks are the one place where the year's tables and charts are made; the report runner
(:func:`akhlak_analysis.report.runner.run_report`) injects a parameter ``artifacts_dir`` and each
notebook passes it to :func:`use_folder` once. After that every :func:`save_figure` writes the
chart as a PNG at presentation width into ``<artifacts_dir>/figures/`` and every
:func:`save_table` writes the table losslessly as Parquet into ``<artifacts_dir>/tables/``; the
runner assembles the workbook and the slide deck from them. Without a folder (a notebook opened
in Jupyter, or checked by nbval) both calls do nothing. Neither returns anything, so a notebook
cell that ends with one shows no output.

Files are named by content in Indonesian with the report year appended
(``indeks_per_nilai_2025.png``), and their bytes depend only on what was drawn or tabled: PNGs
carry no software or date metadata.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from PIL import Image

__all__ = ["FIGURE_WIDTH_PX", "read_records", "read_tables", "save_figure", "save_record",
           "save_table", "use_folder", "write_deterministic_zip"]

#: Width of every saved chart in pixels (the height follows the chart's own aspect ratio).
FIGURE_WIDTH_PX = 1600

_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
_state: dict[str, object] = {"folder": None, "year": None}


def use_folder(folder: str | Path | None, *, year: int | None = None) -> None:
    """Send the following :func:`save_figure` / :func:`save_table` calls to ``folder``.

    Parameters
    ----------
    folder : str, Path or None
        The report's artifacts folder (the notebook parameter ``artifacts_dir``); None switches
        saving off.
    year : int, optional
        Appended to every file name (``peringkat_opd`` -> ``peringkat_opd_2025``).

    Returns
    -------
    None

    Examples
    --------
    >>> use_folder(None)
    >>> save_table(pd.DataFrame({"a": [1]}), "tabel_contoh")  # no folder: nothing written
    """
    _state["folder"] = None if folder is None else Path(folder)
    _state["year"] = None if year is None else int(year)


def _target(name: str, kind: str, suffix: str) -> Path | None:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"artifact name {name!r}: use lower-case words joined by '_', "
                         "e.g. 'peringkat_opd'")
    folder = _state["folder"]
    if folder is None:
        return None
    year = _state["year"]
    stem = name if year is None or name.endswith(f"_{year}") else f"{name}_{year}"
    target = Path(folder) / kind / f"{stem}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def save_figure(figure, name: str) -> None:
    """Save a chart as PNG, 1600 px wide, with deterministic bytes.

    Parameters
    ----------
    figure : matplotlib Figure or Axes
        The chart (plot functions return their Axes).
    name : str
        Content name in Indonesian, lower case with underscores (``indeks_per_nilai``); the
        year set by :func:`use_folder` is appended.

    Returns
    -------
    None

    Notes
    -----
    The bounding box is tightened to what was drawn (as in the notebook, so titles, legends
    and captions outside the axes are kept) and the resolution chosen so that this box is
    ``FIGURE_WIDTH_PX`` wide; text extents shift a little with the resolution, so a second
    rendering corrects it and the last few pixels, if any, are resampled. The height follows
    the chart's own aspect ratio. ``metadata={"Software": None}`` leaves out the only metadata
    matplotlib writes into a PNG, so identical charts give identical files.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> use_folder(folder, year=2025)
    >>> fig, ax = plt.subplots(figsize=(8, 4.5))
    >>> save_figure(ax, "contoh_grafik")
    >>> sorted(p.name for p in (folder / "figures").iterdir())
    ['contoh_grafik_2025.png']
    >>> use_folder(None); plt.close(fig)
    """
    fig = getattr(figure, "figure", figure)
    if not hasattr(fig, "savefig"):
        raise TypeError(f"save_figure needs a matplotlib Figure or Axes, got {type(figure)!r}")
    target = _target(name, "figures", ".png")
    if target is None:
        return
    options = {"format": "png", "bbox_inches": "tight", "pad_inches": 0.15,
               "facecolor": "white", "metadata": {"Software": None}}
    tight = fig.get_tightbbox(fig.canvas.get_renderer())
    dpi = FIGURE_WIDTH_PX / (float(tight.width) + 0.3)
    buf = io.BytesIO()
    fig.savefig(buf, dpi=dpi, **options)
    with Image.open(io.BytesIO(buf.getvalue())) as im:
        width = im.size[0]
    if width != FIGURE_WIDTH_PX:  # text extents shift a little with the resolution
        buf = io.BytesIO()
        fig.savefig(buf, dpi=dpi * FIGURE_WIDTH_PX / width, **options)
        with Image.open(io.BytesIO(buf.getvalue())) as im:
            if im.size[0] != FIGURE_WIDTH_PX:  # the last few pixels: resample
                height = round(im.size[1] * FIGURE_WIDTH_PX / im.size[0])
                buf = io.BytesIO()
                im.convert("RGBA").resize((FIGURE_WIDTH_PX, height), Image.LANCZOS).save(
                    buf, format="PNG")
    target.write_bytes(buf.getvalue())


def save_table(table: pd.DataFrame, name: str) -> None:
    """Save a table losslessly (Parquet) for the report's workbook and slides.

    Parameters
    ----------
    table : DataFrame
        The analysis table (numbers at full precision, internal column names); a non-default
        index is kept as columns.
    name : str
        Content name, lower case with underscores (``indeks_opd``); the year set by
        :func:`use_folder` is appended.

    Returns
    -------
    None

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> use_folder(folder, year=2025)
    >>> save_table(pd.DataFrame({"unit": ["A"], "culture_index": [76.34]}), "indeks_opd")
    >>> read_tables(folder)["indeks_opd"].to_dict("records")
    [{'unit': 'A', 'culture_index': 76.34}]
    >>> use_folder(None)
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"save_table needs a DataFrame, got {type(table)!r}")
    target = _target(name, "tables", ".parquet")
    if target is None:
        return
    t = table
    if not isinstance(t.index, pd.RangeIndex) or t.index.name is not None:
        t = t.reset_index()
    t = t.reset_index(drop=True)
    t.columns = [str(c) for c in t.columns]
    t.attrs = {}
    t.to_parquet(target, index=False)


def read_tables(folder: str | Path, *, year: int | None = None) -> dict[str, pd.DataFrame]:
    """The tables saved into ``folder`` by :func:`save_table`, keyed by name without the year.

    Parameters
    ----------
    folder : str or Path
        The artifacts folder (holding ``tables/``).
    year : int, optional
        Only tables of this year (names ending in ``_<year>``); default: every table, with a
        trailing ``_<4 digits>`` removed from the key.

    Returns
    -------
    dict of str to DataFrame
        In file-name order.

    Examples
    --------
    >>> read_tables("/nonexistent")
    {}
    """
    out = {}
    for p in sorted((Path(folder) / "tables").glob("*.parquet")):
        stem = p.stem
        if year is not None:
            if not stem.endswith(f"_{year}"):
                continue
            key = stem[: -len(f"_{year}")]
        else:
            key = re.sub(r"_\d{4}$", "", stem)
        out[key] = pd.read_parquet(p)
    return out


def save_record(kind: str, name: str, text: str) -> None:
    """Save a small JSON record (e.g. a section's status) under ``<folder>/<kind>/<name>.json``.

    Nothing happens without a folder (see :func:`use_folder`).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> use_folder(folder, year=2025)
    >>> save_record("sections", "invariance_years", '{"status": "ran"}')
    >>> read_records(folder, "sections")
    {'invariance_years': '{"status": "ran"}'}
    >>> use_folder(None)
    """
    target = _target(name, kind, ".json")
    if target is not None:
        target.write_text(text, encoding="utf-8")


def read_records(folder: str | Path, kind: str) -> dict[str, str]:
    """The records saved by :func:`save_record` under ``kind``, by name (year removed)."""
    return {re.sub(r"_\d{4}$", "", p.stem): p.read_text(encoding="utf-8")
            for p in sorted((Path(folder) / kind).glob("*.json"))}


_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def write_deterministic_zip(data: bytes, path: str | Path, *, sort: bool = False) -> Path:
    """Rewrite an Office zip with fixed timestamps, keeping the entries' order and contents.

    Parameters
    ----------
    data : bytes
        The zip (e.g. a saved ``.pptx`` or ``.xlsx``).
    path : str or Path
        Where to write.
    sort : bool
        Write the entries sorted by name (as the workbook always has been) instead of in
        their order in ``data``.

    Notes
    -----
    The one zip writer of the report (deck and workbook): every entry gets the timestamp
    1980-01-01 00:00, permissions 0600 and deflate compression, and a ``dcterms:modified``
    element in ``docProps/core.xml`` (which office libraries set to the time of saving) is
    removed, so the same content gives the same bytes.

    Returns
    -------
    Path

    Examples
    --------
    >>> import io, tempfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("a.xml", "<a/>")
    >>> p = write_deterministic_zip(buf.getvalue(), Path(tempfile.mkdtemp()) / "x.zip")
    >>> zipfile.ZipFile(p).getinfo("a.xml").date_time
    (1980, 1, 1, 0, 0, 0)
    """
    path = Path(path)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        infos = src.infolist()
        for info in sorted(infos, key=lambda i: i.filename) if sort else infos:
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", content)
            zi = zipfile.ZipInfo(info.filename, date_time=_FIXED_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, content)
    path.write_bytes(out.getvalue())
    return path
