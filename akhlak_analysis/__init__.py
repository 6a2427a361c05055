"""akhlak-analysis: the BerAKHLAK work-culture index (Indeks Budaya Kerja ASN), reproducibly.

The package does the work that must be repeated every year (reading and cleaning survey exports,
scoring, statistics); the notebooks in ``notebooks/`` call it and tell the story.
"""

from .clean import CleanResult, PrivacyWarning, clean_responses, get_id_key, load_clean
from .config import AnalysisConfig, CleaningRules, load_config
from .errors import AkhlakError, ConfigError, DataError, InstrumentError
from .instrument import Instrument, available_instruments, load_instrument
from .io import RawResponses, UnitTable, read_responses, read_units

__version__ = "0.1.0"

__all__ = [
    "AkhlakError",
    "AnalysisConfig",
    "CleanResult",
    "CleaningRules",
    "PrivacyWarning",
    "RawResponses",
    "UnitTable",
    "clean_responses",
    "get_id_key",
    "load_clean",
    "load_config",
    "read_responses",
    "read_units",
    "ConfigError",
    "DataError",
    "Instrument",
    "InstrumentError",
    "available_instruments",
    "load_instrument",
]
