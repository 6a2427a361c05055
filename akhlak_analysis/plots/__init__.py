"""Charts, all in one theme (:mod:`.theme`), with Indonesian labels (English on request).

Plotting functions take the table first and options as keywords, draw on ``ax`` if given and
return the Axes; category colours come from the instrument's bands. One module per topic; every
public name is re-exported here, so notebooks write ``plots.plot_response_rates(...)``. Tests
check what was drawn (bar lengths equal the table), not pixels.
"""

from __future__ import annotations

import importlib
import pkgutil

from .theme import PALETTE, category_colours, new_axes, number_axis, percent_axis, set_theme

__all__ = ["PALETTE", "category_colours", "new_axes", "number_axis", "percent_axis", "set_theme"]

# re-export the public functions of every topic module (quality, validation, ranking, ...)
for _mod in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _mod != "theme" and not _mod.startswith("_"):
        _module = importlib.import_module(f".{_mod}", __name__)
        for _name in _module.__all__:
            globals()[_name] = getattr(_module, _name)
            __all__.append(_name)
