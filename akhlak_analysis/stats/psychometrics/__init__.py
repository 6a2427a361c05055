"""Psychometrics of the instrument: reliability, factor structure, validity, invariance.

Every function takes a DataFrame of numeric item columns and, where a measurement model is
needed, a mapping ``factor -> list of item columns`` (``dict[str, list[str]]``), so the same
code runs on the BerAKHLAK instrument (seven values, BerAKHLAK above them) and on the
reference data sets whose R results the tests reproduce (``tests/reference/``).

Modules (all public names are re-exported here, so ``pm.cfa(...)`` works):

- :mod:`.items`: item analysis, reliability (alpha, Feldt interval, omega/CR, AVE), criterion
  validity;
- :mod:`.factor`: KMO, Bartlett, parallel analysis, EFA, omega hierarchical, HTMT;
- :mod:`.cfa`: confirmatory factor analysis, Fornell-Larcker, modification indices;
- :mod:`.criteria`: the cut-offs every judgement uses (:data:`CRITERIA`, :data:`CHEN_2007`);
- :mod:`.invariance`: measurement invariance and partial invariance across groups; with
  ``estimator="WLSMV", ordered=True`` the ordinal sequence of Wu & Estabrook (2016)
  (configural, thresholds, metric, scalar; semTools ``measEq.syntax`` in lavaan);
- :mod:`.ordinal`: thresholds and polychoric correlations of ordinal items;
- :mod:`.syntax`: models in lavaan syntax (cross-loadings, residual covariances), accepted
  wherever ``factors`` is; :func:`modindices` for what a model leaves out;
- :mod:`._sem` (private): the maximum-likelihood engine; :mod:`._fiml` (private): casewise
  likelihood for missing answers, the EM saturated model; :mod:`._robust` (private):
  sandwich standard errors and scaled test statistics (MLR); :mod:`._wlsmv` (private): DWLS
  on polychoric correlations for ordinal items (WLSMV); :mod:`._ordinal_invariance`
  (private): multi-group DWLS on thresholds and polychorics with the delta parameterization,
  the scaled-shifted test and lavaan's Satorra (2000) difference test.

Missing answers follow one policy, :data:`DEFAULT_MISSING` = ``"ml"``: every respondent with
at least one answer counts (full-information ML in the models, EM moments where a covariance
matrix is the input); ``missing="listwise"`` and ``"pairwise"`` (psych's defaults for alpha,
KMO and Bartlett) on request. On complete data ``"ml"`` gives the listwise estimates.

Why an own ML engine
--------------------
Researchers check these numbers against lavaan / semTools / psych. No maintained Python
library gives lavaan's SRMR, the RMSEA interval, lavaan's N-based RMSEA, multi-group models
with equality constraints (metric / scalar / strict invariance, partial invariance), full
information ML for missing answers or the robust (MLR) corrections: ``semopy`` fits
single-group ML well but has none of these and fits groups separately, ``factor_analyzer``'s
CFA no longer runs on pandas 3. Single-group CFA is the one-group case of the multi-group
engine: one engine, one set of conventions (lavaan's: ML on the N-divided covariance,
``chi2 = N F`` with groups weighted ``N_g / N``, marker-variable identification,
expected-information standard errors for complete data). It minimises the ML discrepancy by
Fisher scoring with analytic first derivatives and the analytic expected information (see
``benchmarks/bench_psychometrics.py`` for timings). Exploratory factor analysis uses
``statsmodels``; KMO, Bartlett, HTMT, Feldt intervals and parallel analysis are short
closed-form numpy code.
"""

from __future__ import annotations

from ._common import DEFAULT_MISSING, ImproperSolutionWarning
from .cfa import CFAResult, cfa, fornell_larcker, modindices
from .criteria import CHEN_2007, CRITERIA, FIT_RULES, GROUP_SIZE, merge_criteria
from .factor import (
    BartlettResult,
    EFAResult,
    KMOResult,
    OmegaResult,
    ParallelAnalysisResult,
    bartlett,
    efa,
    htmt,
    kmo,
    omega_hierarchical,
    parallel_analysis,
)
from .invariance import measurement_invariance, partial_invariance
from .items import criterion_validity, item_analysis, reliability
from .ordinal import PolychoricResult, polychoric
from .syntax import MeasurementModel, parse_model

__all__ = [
    "CHEN_2007",
    "CRITERIA",
    "FIT_RULES",
    "GROUP_SIZE",
    "DEFAULT_MISSING",
    "BartlettResult",
    "CFAResult",
    "EFAResult",
    "ImproperSolutionWarning",
    "KMOResult",
    "MeasurementModel",
    "OmegaResult",
    "ParallelAnalysisResult",
    "PolychoricResult",
    "bartlett",
    "cfa",
    "criterion_validity",
    "efa",
    "fornell_larcker",
    "htmt",
    "item_analysis",
    "kmo",
    "measurement_invariance",
    "merge_criteria",
    "modindices",
    "omega_hierarchical",
    "parallel_analysis",
    "parse_model",
    "partial_invariance",
    "polychoric",
    "reliability",
]
