"""The synthetic sample while the survey is still open, and a second synthetic organisation.

:func:`write_fieldwork_snapshot` writes ``responses_2025_fieldwork.csv``: the 2025 survey-app
workbook (``responses_2025.xlsx``, sheet ``Jawaban``) as it stood on the evening of
8 October 2025, i.e. the rows submitted up to then, saved from Excel as CSV (comma, UTF-8,
dates as the workbook shows them, ``dd/mm/yyyy hh:mm:ss``; numbers of 16 digits or more as
Excel shows them, so an NIP mangled in the workbook stays mangled). It is derived from the
final workbook by submission time, so it is consistent with it: a respondent who submitted
twice appears once if the second submission came later, duplicates within the snapshot stay
duplicates, and every planted defect before the cut is in it.

:func:`write_other_organisation` writes the inputs of a second, smaller synthetic
organisation ("Provinsi Contoh Lain") that still used the 21-item 2024 questionnaire in 2025:
a unit table, a coded export and ``analysis.yaml``. Its benchmark pack (written by
:func:`akhlak_analysis.report.benchmark_pack.write_sample_pack`) lets the sample compare
itself with another organisation on the 21 common items.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from ._model import DEFAULT_SEED
from .simulate import simulate_responses, simulate_units

__all__ = ["OTHER_ORGANISATION", "SNAPSHOT_AS_OF", "SNAPSHOT_FILE", "write_fieldwork_snapshot",
           "write_other_organisation"]

#: The snapshot's file name and the day it was taken (its rows: submitted up to that evening).
SNAPSHOT_FILE = "responses_2025_fieldwork.csv"
SNAPSHOT_AS_OF = dt.date(2025, 10, 8)
#: The second synthetic organisation.
OTHER_ORGANISATION = "Pemerintah Provinsi Contoh Lain (data contoh sintetis)"


def _as_shown(value: object) -> str:
    """A workbook cell as Excel's "Save as CSV" writes it (General format, the date style)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | np.integer):
        return str(value) if abs(int(value)) < 10**15 else f"{float(value):.5E}"
    if isinstance(value, float | np.floating):
        if abs(value) >= 1e15:
            return f"{float(value):.5E}"
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


def write_fieldwork_snapshot(out_dir: str | Path, *, source: str | Path | None = None,
                             as_of: dt.date = SNAPSHOT_AS_OF) -> Path:
    """Write the fieldwork snapshot: the 2025 workbook's rows submitted up to ``as_of``.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write ``responses_2025_fieldwork.csv`` to.
    source : str or Path, optional
        The final 2025 workbook (default ``out_dir / "responses_2025.xlsx"``).
    as_of : date
        Rows whose ``Waktu Selesai`` falls on or before this day are kept.

    Returns
    -------
    Path
        The CSV written (the same bytes for the same workbook).

    Examples
    --------
    >>> import tempfile, shutil
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_fieldwork_snapshot(tmp, source="data/sample/responses_2025.xlsx")
    ...     head = path.read_text(encoding="utf-8").splitlines()[:2]
    >>> head[0][:40]
    'No,Waktu Mulai,Waktu Selesai,NIP,Nama,Em'
    >>> head[1].split(",")[:3]
    ['1', '01/10/2025 06:47:42', '01/10/2025 07:01:28']
    """
    out = Path(out_dir)
    src = Path(source) if source is not None else out / "responses_2025.xlsx"
    book = pd.read_excel(src, sheet_name="Jawaban", dtype=object, engine="calamine")
    done = pd.to_datetime(book["Waktu Selesai"])
    cut = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    rows = book.loc[(done < cut).to_numpy()]
    path = out / SNAPSHOT_FILE
    out.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([str(c) for c in book.columns])
        for rec in rows.itertuples(index=False):
            w.writerow([_as_shown(v) for v in rec])
    return path


_OTHER_YAML = """# Analysis configuration of a SECOND synthetic organisation (see
# akhlak_analysis/data/sample/fieldwork.py): it used the 21-item 2024 questionnaire in 2025.
title: Indeks Budaya Kerja ASN BerAKHLAK
organisation: {organisation}
year: 2025
years:
  2025:
    responses: responses_2025.csv
    instrument: berakhlak-2024
units: units.csv
min_group_size: 10
weighting: headcount
synthetic: true
seed: {seed}
"""


def write_other_organisation(out_dir: str | Path, *, seed: int = DEFAULT_SEED,
                             n_units: int = 30) -> Path:
    """Write the inputs of the second synthetic organisation; return its ``analysis.yaml``.

    Parameters
    ----------
    out_dir : str or Path
        Folder for ``units.csv``, ``responses_2025.csv`` and ``analysis.yaml``.
    seed : int
        Seed of :func:`~akhlak_analysis.data.sample.simulate_units` and
        :func:`~akhlak_analysis.data.sample.simulate_responses`.
    n_units : int
        Number of OPDs.

    Returns
    -------
    Path
        The configuration file.

    Notes
    -----
    Respondents are about half of each OPD's 2025 headcount (never more than the
    headcount), answers coded 1-5 on the ``berakhlak-2024`` items, about 1% blank; no
    identifiers, no dates, no sub-units or demographic columns.

    Examples
    --------
    >>> import tempfile, akhlak_analysis as ak
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     cfg = ak.load_config(write_other_organisation(tmp))
    >>> cfg.organisation[:31], cfg.year(2025).instrument_name
    ('Pemerintah Provinsi Contoh Lain', 'berakhlak-2024')
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    units = simulate_units(n_units, seed)
    total = int(units["headcount_2025"].sum())
    resp = simulate_responses(total // 2, n_units, instrument="berakhlak-2024", year=2025,
                              seed=seed)
    hc = units.set_index("code")["headcount_2025"]
    resp = resp[resp.groupby("opd").cumcount().to_numpy() < hc.reindex(resp["opd"]).to_numpy()]
    names = units.set_index("code")["name"]
    items = [c for c in resp.columns if c not in ("respondent_id", "year", "opd", "subunit",
                                                   "opd_type")]
    export = pd.DataFrame({"OPD": names.reindex(resp["opd"]).to_numpy()})
    for c in items:
        export[c] = resp[c].map(lambda v: "" if np.isnan(v) else str(int(v))).to_numpy()
    units.to_csv(out / "units.csv", index=False, lineterminator="\n")
    export.to_csv(out / "responses_2025.csv", index=False, lineterminator="\n")
    path = out / "analysis.yaml"
    path.write_text(_OTHER_YAML.format(organisation=OTHER_ORGANISATION, seed=seed),
                    encoding="utf-8")
    return path
