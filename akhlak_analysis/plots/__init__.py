"""Charts, all in one theme (:mod:`.theme`), with Indonesian labels (English on request).

Plotting functions take the table first and options as keywords, draw on ``ax`` if given and
return the Axes; category colours come from the instrument's bands. One module per topic
(data quality, validation, change, ranking, fieldwork); every public name is re-exported here, so
notebooks write ``plots.plot_response_rates(...)``. Tests check what was drawn (bar lengths
equal the table), not pixels.
"""

from __future__ import annotations

from .change import (
    LIGHT_COLOURS,
    plot_action_plans,
    plot_category_transitions,
    plot_headline,
    plot_plan_vs_change,
    plot_unit_changes,
    plot_value_changes,
)
from .drilldown import plot_group_index, plot_item_heatmap
from .drivers import plot_drivers, plot_focus_areas, plot_themes
from .fieldwork import plot_progress
from .headline import plot_value_index
from .quality import (
    plot_missing_by_item,
    plot_response_rates,
)
from .ranking import (
    plot_caterpillar,
    plot_level_change,
    plot_rank_intervals,
    plot_shrinkage,
    plot_value_heatmap,
)
from .theme import (
    MAX_CHART_ROWS,
    PALETTE,
    SLIDE_ROWS,
    category_colours,
    new_axes,
    number_axis,
    percent_axis,
    set_theme,
)
from .validation import (
    plot_answer_distribution,
    plot_htmt,
    plot_item_total,
    plot_loadings,
    plot_reliability,
    plot_scree,
)

__all__ = [
    "LIGHT_COLOURS",
    "PALETTE",
    "MAX_CHART_ROWS",
    "SLIDE_ROWS",
    "category_colours",
    "new_axes",
    "number_axis",
    "percent_axis",
    "plot_action_plans",
    "plot_answer_distribution",
    "plot_category_transitions",
    "plot_caterpillar",
    "plot_drivers",
    "plot_focus_areas",
    "plot_group_index",
    "plot_headline",
    "plot_htmt",
    "plot_item_heatmap",
    "plot_item_total",
    "plot_level_change",
    "plot_loadings",
    "plot_missing_by_item",
    "plot_plan_vs_change",
    "plot_progress",
    "plot_rank_intervals",
    "plot_reliability",
    "plot_response_rates",
    "plot_scree",
    "plot_shrinkage",
    "plot_themes",
    "plot_unit_changes",
    "plot_value_index",
    "plot_value_changes",
    "plot_value_heatmap",
    "set_theme",
]
