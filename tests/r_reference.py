"""Readers for the R reference values under ``tests/reference/`` (no R needed at test time).

``tests/reference/lavaan/lavaan_reference.R`` and ``tests/reference/psych/psych_reference.R``
wrote these files (R and package versions in each folder's ``R-versions.txt``).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from tests.conftest import ROOT

REFERENCE = ROOT / "tests" / "reference"
LAVAAN = REFERENCE / "lavaan"
PSYCH = REFERENCE / "psych"

#: lavaan fitMeasures() name -> this package's fit name
FIT_NAMES = {
    "chisq": "chi2",
    "df": "df",
    "pvalue": "p_value",
    "cfi": "cfi",
    "tli": "tli",
    "rmsea": "rmsea",
    "rmsea.ci.lower": "rmsea_ci_low",
    "rmsea.ci.upper": "rmsea_ci_high",
    "srmr": "srmr",
    "logl": "loglik",
    "unrestricted.logl": "loglik_h1",
    "aic": "aic",
    "bic": "bic",
    "baseline.chisq": "baseline_chi2",
    "baseline.df": "baseline_df",
    "ntotal": "n",
    "npar": "npar",
    "chisq.scaled": "chi2_scaled",
    "df.scaled": "df_scaled",
    "pvalue.scaled": "p_value_scaled",
    "chisq.scaling.factor": "scaling_factor",
    "baseline.chisq.scaled": "baseline_chi2_scaled",
    "baseline.chisq.scaling.factor": "baseline_scaling_factor",
    "cfi.scaled": "cfi_scaled",
    "tli.scaled": "tli_scaled",
    "rmsea.scaled": "rmsea_scaled",
    "rmsea.ci.lower.scaled": "rmsea_ci_low_scaled",
    "rmsea.ci.upper.scaled": "rmsea_ci_high_scaled",
    "cfi.robust": "cfi_robust",
    "tli.robust": "tli_robust",
    "rmsea.robust": "rmsea_robust",
    "rmsea.ci.lower.robust": "rmsea_ci_low_robust",
    "rmsea.ci.upper.robust": "rmsea_ci_high_robust",
}


@cache
def _fit_table() -> pd.DataFrame:
    files = [LAVAAN / "fit_measures.csv", LAVAAN / "syntax_fit_measures.csv"]
    return pd.concat([pd.read_csv(f) for f in files], ignore_index=True)


@cache
def _estimates() -> pd.DataFrame:
    files = [LAVAAN / "estimates.csv", LAVAAN / "syntax_estimates.csv"]
    return pd.concat([pd.read_csv(f, keep_default_na=False, na_values=["NA"]) for f in files],
                     ignore_index=True)


def lavaan_fit(case: str) -> pd.Series:
    """lavaan ``fitMeasures()`` of one case, indexed by this package's fit names."""
    t = _fit_table()
    t = t[t["case"] == case]
    if t.empty:
        raise KeyError(f"no lavaan reference case {case!r}")
    return pd.Series(t["value"].to_numpy(), index=t["measure"].map(FIT_NAMES).to_numpy())


def lavaan_estimates(case: str) -> pd.DataFrame:
    """lavaan ``parameterEstimates(standardized = TRUE)`` of one case, ``label`` = lhs op rhs."""
    t = _estimates()
    t = t[t["case"] == case].copy()
    if t.empty:
        raise KeyError(f"no lavaan reference case {case!r}")
    t["label"] = t["lhs"] + t["op"] + t["rhs"].astype(str).replace({"": ""})
    t.loc[t["op"] == "~1", "label"] = t["lhs"] + "~1"
    return t.reset_index(drop=True)


def lavaan_csv(name: str) -> pd.DataFrame:
    """Another file of the lavaan folder (``modindices``, ``polychoric``, ``hs_missing`` ...)."""
    return pd.read_csv(LAVAAN / f"{name}.csv")


@cache
def psych_values() -> pd.DataFrame:
    return pd.read_csv(PSYCH / "values.csv", keep_default_na=False, na_values=["NA"])


def psych_value(case: str, statistic: str, factor: str = "") -> float:
    """One psych / semTools value (``values.csv``)."""
    t = psych_values()
    hit = t[(t["case"] == case) & (t["statistic"] == statistic) & (t["factor"] == factor)]
    if len(hit) != 1:
        raise KeyError(f"no psych reference value {case}/{statistic}/{factor}")
    return float(hit["value"].iloc[0])


def psych_series(case: str, statistic: str) -> pd.Series:
    """All values of one statistic by factor (or item)."""
    t = psych_values()
    hit = t[(t["case"] == case) & (t["statistic"] == statistic)]
    return pd.Series(hit["value"].to_numpy(), index=hit["factor"].to_numpy(), name=statistic)
