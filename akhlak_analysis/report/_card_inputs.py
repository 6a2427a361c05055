"""The inputs of the OPD report cards, indexed once for all cards.

:class:`CardInputs` checks the published tables and splits every per-unit table by unit once
(a dictionary per table), so that building one card costs a few dictionary look-ups however
many OPDs there are (540 institutions nationally), instead of a scan of every table per card.
The comparison with OPDs of the same type (median of the published OPDs of that type) is
computed here, from the published OPD table only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import defaults
from ..checks import check_count, check_probability, check_range, require_columns
from ..errors import DataError
from ..instrument import Instrument, load_instrument
from ..stats.benchmarks import unit_benchmarks
from . import names

__all__ = ["CardInputs", "CardSettings", "LOW_RESPONSE_RATE", "MIN_PEERS"]

#: a response rate below this gets a caveat on the card (less than half the staff answered)
LOW_RESPONSE_RATE = defaults.WEAK_RESPONSE
#: fewest published OPDs of one type for the card to show their median
MIN_PEERS = defaults.MIN_PEERS


@dataclass(frozen=True)
class CardSettings:
    """The options every card of a report shares (see :func:`.cards.build_card`)."""

    year: int
    instrument: Instrument
    target: tuple[float, float]
    min_n: int
    confidence: float = 0.95
    low_response: float = LOW_RESPONSE_RATE
    min_peers: int = MIN_PEERS
    level: str = "provinsi"
    unit_word: str = "OPD"
    organisation: str = ""
    previous_year: int | None = None

    @classmethod
    def checked(cls, *, year: int, instrument: str | Instrument, target, min_n: int,
                confidence: float = 0.95, low_response: float = LOW_RESPONSE_RATE,
                min_peers: int = MIN_PEERS, level: str = "provinsi", unit_word: str = "OPD",
                organisation: str = "", previous_year: int | None = None) -> CardSettings:
        """The settings with every option checked (a clear error naming the option)."""
        lo, hi = (check_range(t, name="target", low=0.0, high=100.0) for t in target)
        if lo > hi:
            raise DataError(f"got {target!r}; expected (low, high) with low <= high",
                            key="target")
        return cls(int(year), load_instrument(instrument), (lo, hi),
                   check_count(min_n, name="min_n"),
                   check_probability(confidence, name="confidence"),
                   check_probability(low_response, name="low_response"),
                   check_count(min_peers, name="min_peers"), str(level), str(unit_word),
                   str(organisation), None if previous_year is None else int(previous_year))


def _records(table: pd.DataFrame) -> list[dict]:
    """Rows as plain dictionaries (a look-up in a dict is ~50 times cheaper than in a Series)."""
    return table.to_dict("records")


def _by_unit(table: pd.DataFrame | None, key: str = "unit") -> dict[str, list[dict]]:
    if table is None or key not in table.columns:
        return {}
    out: dict[str, list[dict]] = {}
    for rec in _records(table):
        k = rec[key]
        out.setdefault("" if k is None or k is pd.NA or k != k else str(k), []).append(rec)
    return out


def _one_per_unit(table: pd.DataFrame | None, what: str) -> dict[str, dict]:
    if table is None or "unit" not in table.columns:
        return {}
    codes = table["unit"].astype(str)
    dup = codes.duplicated(keep=False).to_numpy()
    if dup.any():
        raise DataError(f"unit {codes[dup].iloc[0]!r} appears more than once; expected one row "
                        "per unit", file=what, column="unit", rows=np.flatnonzero(dup) + 2)
    return dict(zip(codes, _records(table), strict=True))


def _province_row(tables: Mapping[str, pd.DataFrame], year: int) -> pd.Series:
    prov = tables[names.HEADLINE]
    if "year" in prov.columns:
        prov = prov[prov["year"] == year]
    if prov.empty:
        raise DataError(f"no row for {year}; expected the report year's province figures",
                        file=names.HEADLINE, column="year")
    return prov.iloc[0]


def _shown(table: pd.DataFrame) -> np.ndarray:
    if "suppressed" not in table.columns:
        return np.ones(len(table), dtype=bool)
    return ~table["suppressed"].fillna(True).astype(bool).to_numpy()


@dataclass
class CardInputs:
    """The published tables of one report, checked and split by unit (built once).

    Attributes
    ----------
    settings : CardSettings
    opd : dict of str to dict
        ``indeks_opd`` rows by unit code (required; ``unit``, ``suppressed`` and, for shown
        rows, ``culture_index`` and the value columns). Every per-unit table is held the same
        way: a row (dict) per unit, or a list of rows per unit.
    province : Series
        The report year's row of ``indeks_provinsi``.
    opd_type : dict of str to str
        Unit code -> type (from the unit table), empty without one.
    peers : dict of str to (int, dict, dict)
        Type -> (published OPDs of that type, their median and their top quartile per value
        and index), from :func:`~akhlak_analysis.stats.benchmarks.unit_benchmarks` on the
        published OPD table (a hidden OPD never enters them).
    previous_year : int or None
        The year changes are measured from: the configured previous year
        (:attr:`CardSettings.previous_year`), else the other year of the change table.
    drivers, priorities : dict of str to list of dict
        The OPD's own key drivers and priorities (notebook 05), where it had enough
        respondents; ``province_priorities`` the organisation's.
    comments : dict of str to dict
        The OPD's row of the comment themes (``tema_komentar_opd``).
    """

    settings: CardSettings
    opd: dict[str, dict]
    order: list[str]
    province: pd.Series
    opd_type: dict[str, str] = field(default_factory=dict)
    peers: dict[str, tuple[int, dict, dict]] = field(default_factory=dict)
    previous_year: int | None = None
    change: dict[str, dict] = field(default_factory=dict)
    value_change: dict[str, list[dict]] = field(default_factory=dict)
    items_compared: int | None = None
    ranking: dict[str, dict] = field(default_factory=dict)
    ranked: int = 0
    items: dict[str, list[dict]] = field(default_factory=dict)
    improvement: dict[str, dict] = field(default_factory=dict)
    plans: dict[str, dict] = field(default_factory=dict)
    subunits: dict[str, list[dict]] = field(default_factory=dict)
    groups: dict[str, list[dict]] = field(default_factory=dict)
    hidden_counts: tuple[int, int] | None = None
    drivers: dict[str, list[dict]] = field(default_factory=dict)
    priorities: dict[str, list[dict]] = field(default_factory=dict)
    province_priorities: list[dict] = field(default_factory=list)
    comments: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, tables: Mapping[str, pd.DataFrame], settings: CardSettings, *,
                    units=None) -> CardInputs:
        """Check and index ``tables`` (the published tables by :mod:`.names` constant)."""
        for name in (names.OPD_INDEX, names.HEADLINE):
            if name not in tables:
                raise DataError(f"table {name!r} is missing; expected the report's published "
                                "tables (read_tables)", file=name)
        opd = tables[names.OPD_INDEX]
        require_columns(opd, ["unit", "suppressed"], what=f"table {names.OPD_INDEX}",
                        source="report.publish.published_tables")
        shown = opd[_shown(opd)]
        require_columns(shown, ["culture_index", *settings.instrument.value_codes],
                        what=f"table {names.OPD_INDEX}",
                        source="report.publish.published_tables")
        rows = _one_per_unit(opd, names.OPD_INDEX)
        order = sorted(rows)
        out = cls(settings, rows, order, _province_row(tables, settings.year))
        out._add_types(opd, units)
        out._add_change(tables)
        out._add_rest(tables, units)
        out._add_insights(tables)
        return out

    def _add_types(self, opd: pd.DataFrame, units) -> None:
        if units is None or "opd_type" not in units.table.columns:
            return
        types = units.opd_types().dropna().astype(str)
        self.opd_type = {c: types[c] for c in self.opd if c in types.index}
        bench = unit_benchmarks(opd, instrument=self.settings.instrument, types=self.opd_type,
                                min_units=1)
        for kind, g in bench[bench["benchmark"] == "opd_type"].groupby("opd_type", sort=True):
            count = int(g.loc[g["measure"] == "culture_index", "n_units"].iloc[0])
            self.peers[str(kind)] = (count, dict(zip(g["measure"], g["median"], strict=True)),
                                     dict(zip(g["measure"], g["top_quartile"], strict=True)))

    def _add_change(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self.change = _one_per_unit(tables.get(names.UNIT_CHANGE), names.UNIT_CHANGE)
        self.previous_year = self.settings.previous_year
        ch = tables.get(names.UNIT_CHANGE)
        if self.previous_year is None and ch is not None:
            years = [int(c[-4:]) for c in ch.columns if re.fullmatch(r"culture_index_\d{4}", c)
                     and int(c[-4:]) != self.settings.year]
            self.previous_year = max(years) if years else None
        vc = tables.get(names.VALUE_CHANGE)
        if vc is not None and {"unit", "value", "change"} <= set(vc.columns):
            self.value_change = {k: v for k, v in _by_unit(vc).items() if k in self.opd}
        pc = tables.get(names.PROVINCE_CHANGE)
        if pc is not None and "n_items_compared" in pc.columns and len(pc):
            self.items_compared = int(pc["n_items_compared"].iloc[0])

    def _add_rest(self, tables: Mapping[str, pd.DataFrame], units) -> None:
        rank = tables.get(names.RANKING)
        self.ranking = _one_per_unit(rank, names.RANKING)
        self.ranked = int(_shown(rank).sum()) if rank is not None else 0
        items = tables.get(names.OPD_ITEMS)
        if items is not None and {"unit", "item", "score"} <= set(items.columns):
            self.items = _by_unit(items)
        self.improvement = _one_per_unit(tables.get(names.IMPROVEMENT), names.IMPROVEMENT)
        self.plans = _one_per_unit(tables.get(names.ACTION_PLANS), names.ACTION_PLANS)
        self.groups = _by_unit(tables.get(names.GROUP_INDEX))
        sub = tables.get(names.SUBUNIT_INDEX)
        if sub is not None and "parent" not in sub.columns and units is not None:
            parent = units.table.set_index("code")["parent"]
            sub = sub.assign(parent=sub["unit"].astype(str).map(parent))
        self.subunits = _by_unit(sub, key="parent")
        s = tables.get(names.SUPPRESSION)
        if s is not None and {"primary", "secondary"} <= set(s.columns):
            self.hidden_counts = (int(s["primary"].sum()), int(s["secondary"].sum()))

    def _add_insights(self, tables: Mapping[str, pd.DataFrame]) -> None:
        """Notebook 05's tables: the OPD's own drivers, the organisation's priorities, the
        comment themes (rows of hidden OPDs are kept out by the card, which shows nothing of
        a withheld OPD)."""
        self.drivers = {k: v for k, v in _by_unit(tables.get(names.DRIVERS_OPD)).items()
                        if k in self.opd}
        self.priorities = {k: v for k, v in _by_unit(tables.get(names.PRIORITIES_OPD)).items()
                           if k in self.opd}
        prov = tables.get(names.PRIORITIES)
        self.province_priorities = _records(prov) if prov is not None else []
        themes = tables.get(names.COMMENT_THEMES_OPD)
        if themes is not None and "unit" in themes.columns:
            self.comments = {k: v for k, v in _one_per_unit(themes, names.COMMENT_THEMES_OPD)
                             .items() if k in self.opd}
