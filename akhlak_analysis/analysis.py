"""The analysis context: one configuration, its inputs read and cleaned once, every setting.

A notebook (or a researcher's own script) starts from one object::

    ctx = Analysis.from_config("data/sample/analysis.yaml", 2025)
    ctx.units                 # the unit table
    ctx.instrument()          # the report year's instrument (ctx.instrument(2024): that year's)
    ctx.clean()               # CleanResult of the report year: .data, .log, .summary()
    ctx.scores()              # respondent scores (index and value scores) of the report year
    ctx.min_n, ctx.weighting, ctx.confidence, ctx.target, ctx.language, ctx.seed

Cleaning is the slow step (reading a workbook takes seconds), so the clean table of each year is
kept in memory and, when a cache folder is given (``AKHLAK_CACHE_DIR``, set by the report
runner for the notebooks it executes), on disk under the SHA-256 of everything it depends on:
the bytes of the responses file and the unit table, the instrument, the cleaning rules, a hash
of the respondent-id key and the source of the reading and cleaning code. One ``akhlak report``
therefore reads and cleans each year once, and all notebooks share the result; change any input
and the cache no longer matches. The cache holds only the clean, pseudonymous table and the
cleaning log (no NIP, name, e-mail or phone), in the report's output folder (git-ignored).

Package functions never read the context: they take explicit keyword arguments (``units=``,
``instrument=``, ``min_n=``, ``confidence=``, ...), which the notebooks pass from it, so every
function also works without a configuration.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import defaults
from .config import AnalysisConfig, CleaningRules, load_config
from .data.clean import CleanResult, get_id_key, load_clean
from .data.io import UnitTable, read_units
from .errors import ConfigError
from .instrument import Instrument

__all__ = ["CACHE_ENV", "Analysis"]

#: Environment variable naming the folder of the on-disk clean-table cache.
CACHE_ENV = "AKHLAK_CACHE_DIR"
_CACHE_FORMAT = 1
_CODE_FILES = ("instrument.py", "config.py")  # and every module of data/


def _file_digest(path: Path | None) -> str:
    if path is None:
        return "-"
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _code_digest() -> str:
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in [*(root / f for f in _CODE_FILES), *sorted((root / "data").glob("*.py"))]:
        h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class Analysis:
    """A configured analysis of one report year; build it with :meth:`from_config`.

    Attributes
    ----------
    config : AnalysisConfig
        The validated ``analysis.yaml``.
    year : int
        The report year.
    units : UnitTable
        The unit table (names, aliases, hierarchy, headcounts, renamed and merged units).
    cache_dir : Path or None
        Folder of the on-disk clean-table cache (None: memory only).

    Examples
    --------
    >>> from pathlib import Path
    >>> import akhlak_analysis as ak
    >>> root = Path(ak.__file__).resolve().parents[1]
    >>> ctx = ak.Analysis.from_config(root / "data/sample/analysis.yaml", 2025)
    >>> ctx.year, ctx.previous_year, ctx.min_n, ctx.target, ctx.confidence
    (2025, 2024, 10, (80.0, 90.0), 0.95)
    >>> len(ctx.instrument().items), len(ctx.instrument(2024).items)
    (28, 21)
    """

    config: AnalysisConfig
    year: int
    units: UnitTable
    cache_dir: Path | None = None
    key: bytes | None = field(default=None, repr=False)
    _clean: dict[int, CleanResult] = field(default_factory=dict, repr=False)
    _scores: dict[int, pd.DataFrame] = field(default_factory=dict, repr=False)

    # ----------------------------------------------------------------------------------
    # construction
    # ----------------------------------------------------------------------------------
    @classmethod
    def from_config(cls, config: str | Path | AnalysisConfig, year: int | None = None, *,
                    cache_dir: str | Path | None = None, key: bytes | None = None
                    ) -> Analysis:
        """Read the configuration and the unit table; the responses are read when first used.

        Parameters
        ----------
        config : str, Path or AnalysisConfig
            ``analysis.yaml`` (paths in it are relative to it) or a loaded configuration.
        year : int, optional
            The report year (default: the config's ``year``); must be configured.
        cache_dir : str or Path, optional
            Folder for the on-disk clean-table cache; default the environment variable
            ``AKHLAK_CACHE_DIR`` when set, else none (memory only).
        key : bytes, optional
            Respondent-id key (default: :func:`akhlak_analysis.data.clean.get_id_key`).

        Returns
        -------
        Analysis
        """
        cfg = config if isinstance(config, AnalysisConfig) else load_config(config)
        y = cfg.year(year).year
        units = read_units(cfg.units)
        if cache_dir is None and os.environ.get(CACHE_ENV):
            cache_dir = os.environ[CACHE_ENV]
        return cls(cfg, y, units, Path(cache_dir) if cache_dir else None, key)

    # ----------------------------------------------------------------------------------
    # settings (all from the configuration, with the package defaults)
    # ----------------------------------------------------------------------------------
    @property
    def min_n(self) -> int:
        """Smallest group shown with figures (``min_group_size``)."""
        return int(self.config.min_group_size)

    @property
    def weighting(self) -> str:
        """``"headcount"`` or ``"none"`` (``weighting``)."""
        return self.config.weighting

    @property
    def confidence(self) -> float:
        """Interval level of every interval (``confidence``, default 0.95)."""
        return float(getattr(self.config, "confidence", defaults.CONFIDENCE))

    @property
    def target(self) -> tuple[float, float]:
        """Target range of the index (``target``)."""
        return tuple(float(t) for t in self.config.target)  # type: ignore[return-value]

    @property
    def language(self) -> str:
        """Display language of the report, ``"id"`` or ``"en"`` (``language``)."""
        return self.config.language

    @property
    def seed(self) -> int:
        """Seed of every random step (parallel analysis, rank draws)."""
        return int(self.config.seed)

    @property
    def cleaning(self) -> CleaningRules:
        """The cleaning rules (``cleaning``)."""
        return self.config.cleaning

    @property
    def action_rules(self) -> Mapping[str, float]:
        """Traffic-light thresholds of the action plans (``action_plan_rules``)."""
        return self.config.action_plan_rules

    @property
    def monitoring_date(self) -> str:
        """The date the action plans are judged at."""
        return self.config.monitoring_date(self.year)

    @property
    def synthetic(self) -> bool:
        """Whether the configuration describes synthetic data (``synthetic: true``)."""
        return bool(getattr(self.config, "synthetic", False))

    # ----------------------------------------------------------------------------------
    # years and inputs
    # ----------------------------------------------------------------------------------
    @property
    def previous_year(self) -> int | None:
        """The latest configured year before the report year, or None (a first survey)."""
        return self.config.previous_year(self.year)

    @property
    def years(self) -> list[int]:
        """Configured years up to the report year, in order."""
        return sorted(y for y in self.config.years if y <= self.year)

    @property
    def compared_years(self) -> list[int]:
        """``[previous year, report year]``, or ``[]`` for a first survey."""
        return [self.previous_year, self.year] if self.previous_year is not None else []

    @property
    def indicators(self) -> Path | None:
        """The criterion indicators file, when configured."""
        return self.config.indicators

    @property
    def action_plans(self) -> Path | None:
        """The action-plan (*Rencana Aksi*) file, when configured."""
        return self.config.action_plans

    def instrument(self, year: int | None = None) -> Instrument:
        """The instrument of ``year`` (default: the report year)."""
        return self.config.year(self.year if year is None else year).instrument

    def instrument_by_year(self, years: list[int] | None = None) -> dict[int, Instrument]:
        """Year -> instrument for ``years`` (default: :attr:`compared_years`)."""
        return {y: self.instrument(y) for y in (self.compared_years if years is None else years)}

    # ----------------------------------------------------------------------------------
    # clean data, once
    # ----------------------------------------------------------------------------------
    def clean(self, year: int | None = None) -> CleanResult:
        """The clean respondent table and cleaning log of ``year`` (read and cleaned once).

        Raises
        ------
        DataError
            When the unit table has no headcount for the year, or the responses cannot be
            read or cleaned (the message names the file, column and rows); see
            :func:`akhlak_analysis.data.clean.load_clean`.
        """
        y = self.year if year is None else int(year)
        if y not in self._clean:
            self._clean[y] = self._load(y)
        return self._clean[y]

    def use_clean(self, year: int, result: CleanResult) -> None:
        """Adopt a clean table made elsewhere for ``year`` (e.g. by ``akhlak check``)."""
        self._clean[int(year)] = result
        self._scores.pop(int(year), None)

    def data(self, year: int | None = None) -> pd.DataFrame:
        """The clean respondent table of ``year`` (``clean(year).data``)."""
        return self.clean(year).data

    def data_by_year(self, years: list[int] | None = None) -> dict[int, pd.DataFrame]:
        """Year -> clean table for ``years`` (default: :attr:`compared_years`)."""
        return {y: self.data(y) for y in (self.compared_years if years is None else years)}

    def scores(self, year: int | None = None) -> pd.DataFrame:
        """Respondent scores of ``year`` on its own full instrument (computed once)."""
        from .stats.scoring import score_respondents

        y = self.year if year is None else int(year)
        if y not in self._scores:
            self._scores[y] = score_respondents(self.data(y), instrument=self.instrument(y))
        return self._scores[y]

    def _key(self) -> bytes:
        if self.key is None:
            self.key = get_id_key(self.config)
        return self.key

    def cache_key(self, year: int) -> str:
        """SHA-256 of everything the clean table of ``year`` depends on."""
        yc = self.config.year(year)
        ins = yc.instrument
        parts = [f"format={_CACHE_FORMAT}", f"year={year}",
                 f"responses={_file_digest(yc.responses)}", f"sheet={yc.sheet!r}",
                 f"units={_file_digest(self.config.units)}",
                 f"instrument={ins.name}:{hashlib.sha256(repr(ins).encode()).hexdigest()}",
                 f"rules={self.config.cleaning!r}",
                 f"key={hashlib.sha256(self._key()).hexdigest()}", f"code={_code_digest()}"]
        for attr in ("header_row", "date_order", "columns"):
            parts.append(f"{attr}={getattr(yc, attr, None)!r}")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def _load(self, year: int) -> CleanResult:
        path = None
        if self.cache_dir is not None:
            path = self.cache_dir / f"clean_{year}_{self.cache_key(year)[:32]}.pickle"
            if path.is_file():
                with open(path, "rb") as f:
                    return pickle.load(f)
        result = load_clean(self.config, year, key=self._key(), units=self.units)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with open(tmp, "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        return result

    @property
    def headline_years(self) -> list[int]:
        """Years of the headline table: ``[previous, report]``, or ``[report]`` in a first year."""
        return self.compared_years or [self.year]

    def has(self, need: str) -> bool:
        """Whether an optional input of a report section is there.

        Parameters
        ----------
        need : str
            ``"previous_year"``, ``"indicators"``, ``"action_plans"``, ``"opd_type"`` (OPD
            types in the unit table, at least two), or a column of the clean
            table (``"position_type"``, ``"gender"``, ``"subunit"``, ...): present with at least
            two groups in the report year.
        """
        if need == "previous_year":
            return self.previous_year is not None
        if need in ("indicators", "action_plans"):
            path = getattr(self.config, need)
            return path is not None and Path(path).is_file()
        if need == "opd_type":
            t = self.units.table
            opd = t[t["level"] == "opd"] if "level" in t.columns else t
            return "opd_type" in t.columns and int(opd["opd_type"].dropna().nunique()) >= 2
        data = self.data()
        if need not in data.columns:
            return False
        return int(data[need].dropna().nunique()) >= 2

    def require_previous_year(self) -> int:
        """The previous year, or a ``ConfigError`` saying that a second year is needed."""
        if self.previous_year is None:
            raise ConfigError(f"no year before {self.year} is configured; the comparison "
                              "needs two years", file=self.config.path, key="years")
        return self.previous_year
