"""Defaults shared by every layer: one home for each default threshold.

The configuration (``analysis.yaml``) overrides them; functions take them as keyword
arguments, so every function still works without a configuration.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["ACTION_RULES", "ANSWER_MARGIN", "BENCHMARK_MIN_UNITS", "CONFIDENCE", "CORRECTION",
           "CORRECTIONS", "FIELDWORK_LEVEL", "FIELDWORK_RECENT_DAYS", "FIELDWORK_WINDOW",
           "INPUT_LIMITS", "LANGUAGE", "LOW_RESPONSE", "MIN_N", "MIN_PEERS", "RED_SHARE", "SEED",
           "TARGET", "WEAK_RESPONSE", "WEIGHTING", "WEIGHTINGS"]

#: The province's target range of the index (Kalimantan Tengah 2025: 80-90).
TARGET: tuple[float, float] = (80.0, 90.0)

#: Interval level of every interval in the report.
CONFIDENCE: float = 0.95

#: Smallest group shown with its figures (UK People Survey and OPM FEVS publish nothing below 10).
MIN_N: int = 10

#: Traffic-light rules for action plans (*Rencana Aksi*). An action that is done (status
#: "Selesai" or progress 100) is ``hijau``; an overdue action (``as_of`` after its due date) is
#: ``merah`` if its progress is below ``overdue_red_below`` and ``kuning`` otherwise; an action
#: not yet due is ``kuning`` if it is more than ``behind_yellow_above`` progress points behind
#: the linear schedule, else ``hijau``. ``analysis.yaml`` overrides them (``action_plan_rules``).
ACTION_RULES: Mapping[str, float] = {"overdue_red_below": 50.0, "behind_yellow_above": 25.0}

#: Multiple-comparison methods accepted for the change per unit
#: (``statsmodels.stats.multitest.multipletests`` names, or ``"none"``).
CORRECTIONS: tuple[str, ...] = ("none", "bonferroni", "holm", "hommel", "fdr_bh", "fdr_by",
                                "sidak", "holm-sidak", "simes-hochberg", "fdr_tsbh", "fdr_tsbky")

#: Weighting of every parent level (province, OPD type): ``"headcount"`` (each civil servant
#: weighs the same whatever his OPD's response rate; post-stratification by OPD) or ``"none"``
#: (respondent mean).
WEIGHTING: str = "headcount"
WEIGHTINGS: tuple[str, ...] = ("headcount", "none")

#: Multiple-comparison correction of the change per unit (Benjamini-Hochberg FDR).
CORRECTION: str = "fdr_bh"

#: Seed of every random step (parallel analysis, EFA starts, rank draws) unless configured.
SEED: int = 20251

#: Display language of the report.
LANGUAGE: str = "id"

#: The survey window when ``fieldwork.start`` / ``end`` are not configured: (month, day) of the
#: first and last day, 1-15 October as in the national calendar.
FIELDWORK_WINDOW: tuple[tuple[int, int], tuple[int, int]] = ((10, 1), (10, 15))

#: Days whose mean daily count projects the rest of the survey window (``akhlak progress``).
FIELDWORK_RECENT_DAYS: int = 3

#: Level of the projection interval of the final response count (a guide, not a promise).
FIELDWORK_LEVEL: float = 0.8

#: Fewest published OPDs a benchmark (median, top quartile) is computed from; a type with fewer
#: published OPDs gets no benchmark of its own (its OPDs are compared with all OPDs only).
BENCHMARK_MIN_UNITS: int = 5

#: How much closer (difflib ratio, 0-1) a misspelled answer must be to its label than to the
#: nearest label of another code with the same modifier words (``cleaning.fuzzy_margin``).
ANSWER_MARGIN: float = 0.1

#: Size limits of input files, checked before a file is parsed (``input_limits`` in the config):
#: a file on disk (text or workbook) at most ``max_file_mb``; a workbook's members unpacked at
#: most ``max_unpacked_mb`` in total, and no member above 10 MB unpacked more than
#: ``max_unpack_ratio`` times its packed size (genuine workbooks unpack 5-20 times; a "zip
#: bomb" hundreds of times). A national file of a million rows is about 600 MB as CSV.
INPUT_LIMITS: Mapping[str, float] = {"max_file_mb": 2048.0, "max_unpacked_mb": 2048.0,
                                     "max_unpack_ratio": 100.0}

#: A unit needs attention (deck, index page) when its response rate is below this share ...
LOW_RESPONSE: float = 0.30

#: ... or when at least this share of its Rencana Aksi actions is red.
RED_SHARE: float = 0.5

#: A response rate below this share gets a caveat beside the figures it concerns (OPD card).
WEAK_RESPONSE: float = 0.5

#: Fewest published OPDs of the same type for a same-type median on the OPD card.
MIN_PEERS: int = 3
