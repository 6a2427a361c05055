"""Cut-offs of the instrument validation: items, reliability, validity, model fit, invariance.

One home for every threshold the validation judges by: :data:`CRITERIA` (items, values and
model fit) and :data:`CHEN_2007` (the change in fit between nested invariance models). The
report layer and the plots read them from here; a caller passes other values as
``criteria=`` (checked by :func:`merge_criteria`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ...errors import DataError

__all__ = ["CHEN_2007", "CRITERIA", "FIT_RULES", "GROUP_SIZE", "merge_criteria"]

#: Cut-offs of the validation (domain.md). ``r_drop``: corrected item-total correlation;
#: ``alpha_local`` / ``alpha``: Cronbach's alpha (common Indonesian / international cut-off);
#: ``loading`` / ``loading_min``: standardized CFA loading below which an item is revised /
#: dropped (Hair et al. 2010); ``efa_loading`` / ``efa_cross``: primary and cross loading in the
#: EFA; ``cr``, ``ave`` (Fornell & Larcker 1981); ``htmt`` (Henseler et al. 2015);
#: ``cfi``, ``tli`` (at least), ``rmsea``, ``srmr`` (at most): Hu & Bentler (1999).
CRITERIA: dict[str, float] = {
    "r_drop": 0.30,
    "alpha_local": 0.60,
    "alpha": 0.70,
    "loading": 0.50,
    "loading_min": 0.40,
    "efa_loading": 0.40,
    "efa_cross": 0.30,
    "cr": 0.70,
    "ave": 0.50,
    "htmt": 0.85,
    "cfi": 0.95,
    "tli": 0.95,
    "rmsea": 0.06,
    "srmr": 0.08,
}

#: The fit measures judged against :data:`CRITERIA` and the direction of each rule.
FIT_RULES: tuple[tuple[str, str], ...] = (("cfi", ">="), ("tli", ">="), ("rmsea", "<="),
                                         ("srmr", "<="))

#: Chen (2007) cut-offs for a change in fit between nested invariance models (domain.md):
#: the more constrained model holds when ``delta_cfi >= cfi`` and (``delta_rmsea <= rmsea``
#: or ``delta_srmr <= srmr``). Pass another mapping as ``criteria=`` to use other cut-offs.
CHEN_2007: dict[str, dict[str, float]] = {
    "metric": {"cfi": -0.010, "rmsea": 0.015, "srmr": 0.030},
    "scalar": {"cfi": -0.010, "rmsea": 0.015, "srmr": 0.010},
    "strict": {"cfi": -0.010, "rmsea": 0.015, "srmr": 0.010},
}


#: Respondents per free parameter of a group's model (multi-group CFA, invariance): below
#: ``minimum`` a group is not fitted (the estimates would rest on almost nothing, and small
#: groups are where singular matrices and Heywood cases come from); below ``comfortable``
#: (Bentler & Chou 1987: five per parameter) it is fitted with a caution.
GROUP_SIZE: dict[str, float] = {"minimum": 2.0, "comfortable": 5.0}


def merge_criteria(criteria: Mapping[str, float] | None = None) -> dict[str, float]:
    """:data:`CRITERIA` with the caller's overrides; an unknown name is an error.

    Parameters
    ----------
    criteria : mapping, optional
        Cut-offs to replace, by name (e.g. ``{"alpha": 0.8}``).

    Returns
    -------
    dict of str to float
        Every cut-off of :data:`CRITERIA`, overridden where ``criteria`` names it.

    Examples
    --------
    >>> merge_criteria({"alpha": 0.8})["alpha"], merge_criteria()["alpha"]
    (0.8, 0.7)
    >>> merge_criteria({"alfa": 0.8})
    Traceback (most recent call last):
    ...
    akhlak_analysis.errors.DataError: unknown criteria ['alfa']; known: ['alpha', 'alpha_local', 'ave', 'cfi', 'cr', 'efa_cross', 'efa_loading', 'htmt', 'loading', 'loading_min', 'r_drop', 'rmsea', 'srmr', 'tli']
    """
    out = dict(CRITERIA)
    if criteria:
        unknown = sorted(set(criteria) - set(CRITERIA))
        if unknown:
            raise DataError(f"unknown criteria {unknown}; known: {sorted(CRITERIA)}")
        out.update(criteria)
    return out
