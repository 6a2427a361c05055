"""The public functions named in the issues are importable from the package's top level."""

from __future__ import annotations

import akhlak_analysis as ak

NAMED_IN_ISSUES = [
    # foundation
    "read_responses", "clean_responses", "load_config", "load_instrument", "read_units",
    # index
    "score_respondents", "index_table", "overall_index", "write_workbook",
    # year over year
    "compare_years", "read_action_plans", "action_plan_status",
    # ranking
    "rank_units", "icc",
]


def test_named_functions_are_top_level_and_documented():
    for name in NAMED_IN_ISSUES:
        fn = getattr(ak, name)
        assert callable(fn) and name in ak.__all__
        assert "Parameters" in (fn.__doc__ or ""), name


def test_psychometrics_live_in_their_module():
    from akhlak_analysis.stats import psychometrics

    for name in ("item_analysis", "reliability", "kmo", "bartlett", "parallel_analysis", "efa",
                 "cfa", "htmt", "fornell_larcker", "measurement_invariance",
                 "partial_invariance", "criterion_validity"):
        assert callable(getattr(psychometrics, name)), name
