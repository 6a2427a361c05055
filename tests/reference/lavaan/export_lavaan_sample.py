"""Write the project's 2025 sample items to ``sample_2025_items.csv`` for the lavaan script.

Run from the repository root: ``python tests/reference/lavaan/export_lavaan_sample.py``. The items are
what notebook 01 analyses: ``prepare_items`` on the clean 2025 table (reverse-keyed items
recoded, flagged straight-liners left out), missing answers kept as empty cells. The factor
map is written beside it (``sample_2025_factors.csv``: factor, item) so R fits the same model,
and the respondents' gender, row by row (``sample_2025_gender.csv``), the group of the ordinal
invariance reference (``lavaan_ordinal_invariance.R``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import akhlak_analysis as ak
from akhlak_analysis.data.clean import load_clean
from akhlak_analysis.report.validation import item_factors, prepare_items

HERE = Path(__file__).resolve().parent


def main() -> None:
    cfg = ak.load_config("data/sample/analysis.yaml")
    clean = load_clean(cfg, 2025)
    ins = ak.load_instrument("berakhlak-2025")
    prepared = prepare_items(clean.data, ins, keep=["gender"])
    items = prepared.drop(columns="gender").astype("Int64")
    items.to_csv(HERE / "sample_2025_items.csv", index=False, na_rep="")
    prepared[["gender"]].astype(str).to_csv(HERE / "sample_2025_gender.csv", index=False)
    factors = item_factors(ins)
    rows = [(f, it) for f, its in factors.items() for it in its]
    pd.DataFrame(rows, columns=["factor", "item"]).to_csv(
        HERE / "sample_2025_factors.csv", index=False
    )
    print(f"{len(items)} rows x {items.shape[1]} items; missing share {items.isna().mean().mean():.4f}")


if __name__ == "__main__":
    main()
