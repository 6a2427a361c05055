"""Instrument validation, assembled for ``notebooks/01_instrument_validation.ipynb``.

:mod:`akhlak_analysis.stats.psychometrics` computes the statistics (and reproduces lavaan, psych
and semTools); this package prepares their input from the clean respondent table and turns
their output into the notebook's tables, sections and generated conclusions:

- :mod:`.items`: the measurement model and the item data (reverse-keyed items recoded,
  straight-liners out, years stacked on their common items), the answer distribution;
- :mod:`.tables`: sampling adequacy, the EFA pattern, one row per item / value / model with
  its decision flags against :data:`~akhlak_analysis.stats.psychometrics.CRITERIA`, criterion
  correlations;
- :mod:`.invariance`: measurement invariance across years (shared with notebook 02) and
  across groups, and the decision;
- :mod:`.estimation`: ML, FIML, MLR and WLSMV side by side, straight-lining sensitivity;
- :mod:`.text`: the Indonesian conclusions, written from the flags;
- :mod:`.groups`: the checks of a multi-group model's groups before it is fitted;
- :mod:`.shared`: the invariance across position types fitted once per run by the runner's
  shared-fits job, and the lock files the notebooks wait on while such a fit is made;
- :mod:`.sections`: one function per data-dependent section of the notebook
  (``vr.years_invariance(ctx)``, ...), each returning a
  :class:`~akhlak_analysis.report.sections.Section` that shows its tables or, in their place,
  why it could not run; :func:`~.sections.can_run` predicts which will run.

``from akhlak_analysis.report import validation as vr`` gives every public name below.
"""

from __future__ import annotations

from .estimation import estimator_comparison, straightlining_sensitivity
from .groups import check_groups, free_parameters
from .invariance import (
    GroupInvariance,
    InvarianceLevel,
    YearInvariance,
    invariance_across_years,
    invariance_by_group,
    invariance_level,
)
from .items import answer_distribution, item_factors, prepare_items, stack_common_items
from .sections import (
    SECTION_NEEDS,
    SECTION_TITLES,
    can_run,
    compute_years_invariance,
    conclusions,
    criterion_validity,
    discriminant_validity,
    efa_pattern,
    factor_count,
    ordinal_invariance,
    partial_invariance_step,
    position_invariance,
    section_checks,
    show_table,
    straightlining,
    years_invariance,
)
from .tables import (
    criteria_table,
    criterion_correlations,
    efa_summary,
    fit_cutoffs,
    fit_summary,
    item_summary,
    problem_codes,
    sampling_adequacy,
    value_summary,
)
from .text import (
    criteria_sentence,
    describe_estimation,
    group_invariance_sentence,
    improper_text,
    invariance_sentence,
    ordinal_check_sentence,
    ordinal_unavailable,
    validation_conclusions,
)

__all__ = [
    "GroupInvariance",
    "InvarianceLevel",
    "SECTION_NEEDS",
    "SECTION_TITLES",
    "YearInvariance",
    "answer_distribution",
    "can_run",
    "check_groups",
    "compute_years_invariance",
    "conclusions",
    "criteria_sentence",
    "criteria_table",
    "criterion_correlations",
    "criterion_validity",
    "describe_estimation",
    "improper_text",
    "discriminant_validity",
    "efa_pattern",
    "efa_summary",
    "estimator_comparison",
    "factor_count",
    "fit_cutoffs",
    "fit_summary",
    "free_parameters",
    "group_invariance_sentence",
    "invariance_across_years",
    "invariance_by_group",
    "invariance_level",
    "invariance_sentence",
    "item_factors",
    "item_summary",
    "ordinal_check_sentence",
    "ordinal_invariance",
    "ordinal_unavailable",
    "partial_invariance_step",
    "position_invariance",
    "prepare_items",
    "problem_codes",
    "sampling_adequacy",
    "section_checks",
    "show_table",
    "stack_common_items",
    "straightlining",
    "straightlining_sensitivity",
    "validation_conclusions",
    "value_summary",
    "years_invariance",
]
