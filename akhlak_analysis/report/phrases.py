"""Indonesian wording of structured codes, applied last.

Tables carry codes (``suppression``: ``primary`` / ``secondary``; the change table's
``note_kind``: ``only_one_year``, ``renamed``, ``merged``, ``too_small``,
``protects_other``); decisions are made on the codes, and this module turns them into the
words readers see. Nothing upstream matches words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..labels import format_number

__all__ = ["HIDDEN", "NOTE_KINDS", "change_note", "policy_text", "with_change_notes"]

#: the codes of a change table's ``note_kind`` (several may apply, joined by ``,``)
NOTE_KINDS = ("only_one_year", "renamed", "merged", "hidden")

#: what a hidden row says: true for a small group and for one withheld to protect another
#: (saying which would let a reader pin the small group's count)
HIDDEN = "disembunyikan (terlalu sedikit responden, atau untuk melindungi kelompok kecil lain)"


def policy_text(min_n: int, *, primary: int, secondary: int) -> str:
    """The disclosure policy as applied (data-quality page, method slide, drill-down).

    Examples
    --------
    >>> policy_text(10, primary=3, secondary=5)[:60]
    'Kelompok dengan kurang dari 10 responden disembunyikan (angk'
    """
    return (f"Kelompok dengan kurang dari {min_n} responden disembunyikan (angka dan jumlah "
            "respondennya dikosongkan) di semua tabel, buku kerja, salindia, halaman HTML dan "
            "rapor OPD. Karena angka keseluruhan dan angka OPD adalah jumlah dari bagian-bagiannya, "
            "beberapa kelompok lain yang cukup besar ikut disembunyikan sebagai pelindung "
            "(penyembunyian sekunder), sehingga angka kelompok kecil tidak dapat dihitung "
            "balik dengan pengurangan antar-tabel, antar-tingkat (keseluruhan, OPD, sub-unit, "
            "kelompok pegawai) maupun antartahun; rentang yang mungkin bagi setiap rerata "
            "kelompok kecil tetap sedikitnya 4 poin."
            f" Pada laporan ini: {format_number(primary, 0)} baris disembunyikan karena "
            f"kelompoknya kecil dan {format_number(secondary, 0)} baris sebagai pelindung.")


def change_note(kinds: str, *, predecessors: str = "", only_year: int | None = None,
                previous_year: int) -> str:
    """The note of one row of the change table, from its codes.

    Examples
    --------
    >>> change_note("renamed,hidden", predecessors="DISHUT", previous_year=2024)
    '2024: DISHUT (berganti nama); disembunyikan (terlalu sedikit responden, atau untuk melindungi kelompok kecil lain)'
    >>> change_note("", previous_year=2024)
    ''
    """
    parts = []
    codes = [k for k in kinds.split(",") if k]
    if "only_one_year" in codes:
        parts.append(f"hanya ada {only_year}")
    if "renamed" in codes:
        parts.append(f"{previous_year}: {predecessors} (berganti nama)")
    if "merged" in codes:
        parts.append(f"{previous_year}: gabungan {predecessors.replace(',', ', ')}")
    if "hidden" in codes:
        parts.append(HIDDEN)
    return "; ".join(parts)


def with_change_notes(table: pd.DataFrame, *, years: tuple[int, int]) -> pd.DataFrame:
    """``table`` with a ``note`` column worded from ``note_kind``, ``predecessors`` and
    ``only_year`` (:func:`change_note`)."""
    kinds = table["note_kind"].astype("string").fillna("")
    pre = table["predecessors"].astype("string").fillna("")
    only = table["only_year"] if "only_year" in table else pd.Series(np.nan, index=table.index)
    notes = [change_note(k, predecessors=p, only_year=None if pd.isna(o) else int(o),
                         previous_year=years[0])
             for k, p, o in zip(kinds, pre, only, strict=True)]
    return table.assign(note=pd.array(notes, dtype="string"))
