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

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import defaults
from .cache import TableCache, digest, file_digest, source_digest
from .config import AnalysisConfig, CleaningRules, load_config
from .data.clean import CleanResult, get_id_key, load_clean
from .data.io import UnitTable, read_units
from .errors import ConfigError
from .instrument import Instrument, load_instrument

__all__ = ["Analysis", "cached_instrument", "clean_from_frames", "clean_to_frames",
           "stable_file_digest"]

#: parsed instruments, by name and the SHA-256 of their file (:func:`cached_instrument`)
_INSTRUMENTS: dict[tuple[str, str], Instrument] = {}
#: file digests, by path, modification time and size (:func:`stable_file_digest`)
_DIGESTS: dict[tuple[str, int, int], str] = {}


def stable_file_digest(path: str | Path | None) -> str:
    """:func:`~akhlak_analysis.cache.file_digest`, computed once per version of the file.

    A national export is half a gigabyte: hashing it for every cache look-up (each notebook
    looks up the clean tables and the published set several times) costs seconds. The
    digest is kept per path, modification time (ns) and size; a file written again gets a
    new modification time and is hashed again.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> stable_file_digest(p) == file_digest(p)
    True
    >>> stable_file_digest(None)
    '-'
    """
    if path is None:
        return "-"
    st = Path(path).stat()
    key = (str(Path(path).resolve()), st.st_mtime_ns, st.st_size)
    if key not in _DIGESTS:
        _DIGESTS[key] = file_digest(path)
    return _DIGESTS[key]


def cached_instrument(name: str) -> Instrument:
    """:func:`~akhlak_analysis.instrument.load_instrument`, parsed once per file content.

    ``name`` is a shipped instrument's name or a YAML path; the parsed instrument is kept
    under the name and the SHA-256 of its file, so an edited file is read again. (Parsing
    and validating the YAML takes about 0.1 s; a report asked for instruments about twenty
    times per process.) Instruments are frozen dataclasses: sharing one is safe.

    Examples
    --------
    >>> cached_instrument("berakhlak-2025") is cached_instrument("berakhlak-2025")
    True
    """
    from importlib import resources

    p = Path(name)
    if not p.is_file():
        shipped = resources.files("akhlak_analysis") / "instruments" / f"{name}.yaml"
        p = Path(str(shipped)) if shipped.is_file() else p
    key = (str(name), stable_file_digest(p) if p.is_file() else "-")
    if key not in _INSTRUMENTS:
        _INSTRUMENTS[key] = load_instrument(name)  # raises the InstrumentError if unknown
    return _INSTRUMENTS[key]


def clean_to_frames(result: CleanResult) -> tuple[dict[str, pd.DataFrame], dict]:
    """A :class:`CleanResult` as tables and JSON metadata for :class:`~.cache.TableCache`.

    Every DataFrame field becomes a table, the instrument is left out (the configuration
    gives it back), every other field is metadata.
    """
    frames, meta = {}, {}
    for f in dataclasses.fields(result):
        value = getattr(result, f.name)
        if isinstance(value, pd.DataFrame):
            frames[f.name] = value
        elif f.name != "instrument":
            meta[f.name] = value
    return frames, meta


def clean_from_frames(frames: Mapping[str, pd.DataFrame], meta: Mapping,
                      instrument: Instrument) -> CleanResult:
    """The inverse of :func:`clean_to_frames`."""
    return CleanResult(**frames, **meta, instrument=instrument)


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
                    cache_dir: str | Path | None = None, key: bytes | None = None,
                    key_file: str | Path | None = None) -> Analysis:
        """Read the configuration and the unit table; the responses are read when first used.

        Parameters
        ----------
        config : str, Path or AnalysisConfig
            ``analysis.yaml`` (paths in it are relative to it) or a loaded configuration.
        year : int, optional
            The report year (default: the config's ``year``); must be configured.
        cache_dir : str or Path, optional
            Folder of the on-disk cache (:class:`~akhlak_analysis.cache.TableCache`; the
            report runner passes it to each notebook as a parameter); default none (memory
            only).
        key : bytes, optional
            Respondent-id key (default: :func:`akhlak_analysis.data.clean.get_id_key`).
        key_file : str or Path, optional
            File holding the respondent-id key (read when ``key`` is not given; the report
            runner passes it to each notebook as a parameter).

        Returns
        -------
        Analysis
        """
        cfg = config if isinstance(config, AnalysisConfig) else load_config(config)
        y = cfg.year(year).year
        units = read_units(cfg.units)
        if key is None and key_file is not None:
            key = Path(key_file).read_bytes().strip() or None  # as configured_id_key reads it
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
        """The instrument of ``year`` (default: the report year), parsed once per process."""
        return cached_instrument(
            self.config.year(self.year if year is None else year).instrument_name)

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

    def release(self) -> None:
        """Let go of the clean tables and scores held in memory (the disk cache stays).

        They are read again (from the cache when there is one) when next asked for; the
        report runner calls this before the notebooks start, each of which holds its own.
        """
        self._clean.clear()
        self._scores.clear()

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
        """SHA-256 of everything the clean table of ``year`` depends on.

        The responses and unit files' bytes, the year's reading settings, the instrument, the
        cleaning rules, a hash of the id key and the package's source
        (:func:`~akhlak_analysis.cache.source_digest`).
        """
        yc = self.config.year(year)
        return digest("clean", year, stable_file_digest(yc.responses),
                      stable_file_digest(self.config.units), dataclasses.astuple(yc)[2:],
                      repr(self.instrument(year)), self.config.cleaning,
                      hashlib.sha256(self._key()).hexdigest(), source_digest())

    @property
    def cache(self) -> TableCache:
        """The on-disk cache of this analysis (holds nothing without ``cache_dir``)."""
        return TableCache(self.cache_dir)

    def _load(self, year: int) -> CleanResult:
        key = self.cache_key(year) if self.cache_dir is not None else ""
        hit = self.cache.load(f"clean_{year}", key) if self.cache_dir is not None else None
        if hit is not None:
            return clean_from_frames(*hit, instrument=self.instrument(year))
        result = load_clean(self.config, year, key=self._key(), units=self.units)
        self.cache.save(f"clean_{year}", key, *clean_to_frames(result))
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
