"""akhlak-analysis: the BerAKHLAK work-culture index (Indeks Budaya Kerja ASN), reproducibly.

The package does the work that must be repeated every year (reading and cleaning survey exports,
scoring, statistics); the notebooks in ``notebooks/`` call it and tell the story.
"""

from .analysis import Analysis
from .config import AnalysisConfig, CleaningRules, load_config
from .data.action_plans import read_action_plans
from .data.check import InputCheck, YearCheck, check_inputs
from .data.clean import CleanResult, PrivacyWarning, clean_responses, get_id_key, load_clean
from .data.io import (
    RawResponses,
    UnitTable,
    read_responses,
    read_units,
)
from .errors import AkhlakError, ConfigError, DataError, InstrumentError
from .instrument import AnswerParser, Instrument, available_instruments, load_instrument
from .labels import format_number, format_percent, to_display
from .report.quality import (
    answer_recognition,
    cleaning_overview,
    missing_by_item,
    unrecognised_columns,
)
from .report.runner import run_report
from .report.workbook import read_workbook, write_workbook
from .stats.action_plans import action_plan_status
from .stats.change import compare_province, compare_values, compare_years
from .stats.disclosure import (
    SuppressionResult,
    blank_suppressed,
    suppress,
)
from .stats.disclosure_audit import differencing_attack, feasibility_intervals
from .stats.overlap import survey_change
from .stats.rank import icc, improvement_areas, rank_units
from .stats.response import response_rates
from .stats.scoring import index_table, item_scores, overall_index, score_respondents
from .stats.survey import (
    finite_population_correction,
    group_moments,
    headcount_weights,
    survey_mean,
)

__version__ = "0.1.0"

__all__ = [
    "AnswerParser",
    "InputCheck",
    "YearCheck",
    "answer_recognition",
    "check_inputs",
    "unrecognised_columns",
    "SuppressionResult",
    "blank_suppressed",
    "differencing_attack",
    "feasibility_intervals",
    "finite_population_correction",
    "group_moments",
    "headcount_weights",
    "suppress",
    "survey_change",
    "survey_mean",
    "Analysis",
    "AkhlakError",
    "AnalysisConfig",
    "CleanResult",
    "CleaningRules",
    "PrivacyWarning",
    "RawResponses",
    "UnitTable",
    "action_plan_status",
    "clean_responses",
    "compare_province",
    "compare_values",
    "compare_years",
    "cleaning_overview",
    "format_number",
    "format_percent",
    "icc",
    "improvement_areas",
    "index_table",
    "item_scores",
    "missing_by_item",
    "overall_index",
    "rank_units",
    "response_rates",
    "run_report",
    "score_respondents",
    "to_display",
    "write_workbook",
    "get_id_key",
    "load_clean",
    "load_config",
    "read_action_plans",
    "read_responses",
    "read_units",
    "read_workbook",
    "ConfigError",
    "DataError",
    "Instrument",
    "InstrumentError",
    "available_instruments",
    "load_instrument",
]
