"""Checks of the groups of a multi-group model before it is fitted (notebook 01's sections).

A group with fewer respondents than ``pm.GROUP_SIZE["minimum"]`` per free parameter of its
model (or fewer than the reporting minimum) stops the section with ``reason="too_small"``
naming every small group and its n; a group in which an item has one answer only stops it
with ``reason="constant_item"`` naming the item and the group; a group below
``GROUP_SIZE["comfortable"]`` per parameter is fitted with a caution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ...labels import format_number
from ...stats import psychometrics as pm
from ..sections import SectionUnavailable

__all__ = ["check_groups", "free_parameters"]

#: what a group is called in the notes, by group column
_GROUP_WORD = {"year": "Tahun", "position_type": "Kelompok jenis jabatan"}


def free_parameters(factors: Mapping[str, Sequence[str]], *,
                    thresholds: int | None = None) -> int:
    """Free parameters of one group's configural model (the group must carry them alone).

    Parameters
    ----------
    factors : mapping
        Factor -> items (simple structure).
    thresholds : int, optional
        For ordinal items: the number of thresholds of all items (categories - 1 each),
        which replace the intercepts.

    Returns
    -------
    int
        ``(p - k)`` loadings (one marker per factor), ``k (k + 1) / 2`` factor variances and
        covariances, ``p`` residual variances and ``p`` intercepts (or the thresholds).

    Examples
    --------
    >>> free_parameters({"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"]})
    19
    """
    p = sum(len(its) for its in factors.values())
    k = len(factors)
    return (p - k) + k * (k + 1) // 2 + p + (p if thresholds is None else thresholds)


def _group_word(group: str) -> str:
    return _GROUP_WORD.get(group, f"Kelompok {group}")


def check_groups(data: pd.DataFrame, factors: Mapping[str, Sequence[str]], group: str, *,
                 min_n: int, ordinal_categories: int | None = None) -> list[str]:
    """Check every group before a multi-group model is fitted; return the cautions.

    Parameters
    ----------
    data : DataFrame
        Item columns and ``group``.
    factors : mapping
        The model (factor -> items).
    group : str
        The group column.
    min_n : int
        The reporting minimum (``ctx.min_n``): no group is fitted below it.
    ordinal_categories : int, optional
        Answer categories per item for the ordinal (WLSMV) model: rows must then be complete
        and the thresholds replace the intercepts.

    Returns
    -------
    list of str
        Indonesian cautions for groups below ``GROUP_SIZE["comfortable"]`` respondents per
        parameter (fitted, to be read with care).

    Raises
    ------
    SectionUnavailable
        ``reason="too_small"`` for a group below ``GROUP_SIZE["minimum"]`` respondents per
        free parameter or below ``min_n``, naming the group and its n;
        ``reason="constant_item"`` for an item with one answer only in a group, naming both.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["A"] * 30 + ["B"] * 8,
    ...                   **{c: np.arange(38) % 5 for c in ["a1", "a2", "b1", "b2"]}})
    >>> check_groups(d, {"a": ["a1", "a2"], "b": ["b1", "b2"]}, "g", min_n=10)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    akhlak_analysis.report.sections.SectionUnavailable: Kelompok g 'B' hanya memuat 8 ...
    """
    items = [it for its in factors.values() for it in its]
    rows = data.dropna(subset=[group])
    rows = rows.dropna(subset=items) if ordinal_categories else \
        rows[rows[items].notna().any(axis=1)]
    th = None if not ordinal_categories else len(items) * (ordinal_categories - 1)
    npar = free_parameters(factors, thresholds=th)
    need = max(int(np.ceil(pm.GROUP_SIZE["minimum"] * npar)), int(min_n))
    sizes = rows.groupby(group, sort=True).size()
    small = sizes[sizes < need].sort_values(kind="stable")
    if len(small):
        listed = ", ".join(f"{_label(g)} {format_number(int(n), 0)}" for g, n in
                           list(small.items())[1:])
        first, n_first = small.index[0], int(small.iloc[0])
        raise SectionUnavailable(
            f"{_group_word(group)} {_label(first)} hanya memuat {format_number(n_first, 0)} "
            f"responden{' berjawaban lengkap' if ordinal_categories else ''}"
            + (f" (juga kecil: {listed})" if listed else "") + "; model ini memerlukan "
            f"sedikitnya {format_number(need, 0)} responden per kelompok "
            f"({format_number(pm.GROUP_SIZE['minimum'], 0)} per parameter bebas, {npar} "
            "parameter). Gabungkan kelompok kecil dengan kelompok lain atau kumpulkan lebih "
            "banyak jawaban; bagian lain laporan tidak terpengaruh.", reason="too_small")
    cautions = []
    for label, part in rows.groupby(group, sort=True):
        _check_constant(part, items, group, label)
        if len(part) < pm.GROUP_SIZE["comfortable"] * npar:
            cautions.append(f"{_group_word(group)} {_label(label)} memuat "
                            f"{format_number(len(part), 0)} responden, kurang dari "
                            f"{format_number(pm.GROUP_SIZE['comfortable'], 0)} per parameter "
                            f"bebas ({npar}); hasilnya perlu dibaca hati-hati.")
    return cautions


def _label(value: object) -> str:
    return f"{int(value)}" if isinstance(value, int | np.integer) else f"'{value}'"


def _check_constant(part: pd.DataFrame, items: Sequence[str], group: str, label) -> None:
    for it in items:
        answers = part[it].dropna().unique()
        if len(answers) == 1:
            raise SectionUnavailable(
                f"Butir {it} dijawab sama oleh semua responden {_group_word(group).lower()} "
                f"{_label(label)} (semua {format_number(float(answers[0]), 0)}), sehingga "
                "model tidak dapat diestimasi. Periksa butir itu (salah kode, kolom tertukar) "
                "atau gabungkan kelompok; bagian lain laporan tidak terpengaruh.",
                reason="constant_item")
