"""Write the sample's published OPD table (hidden rows blank) for benchmarks_reference.R.

Run from the repository root:
``AKHLAK_ID_KEY_FILE=... python tests/reference/benchmarks/export_published_opd.py``.
"""

from pathlib import Path

import akhlak_analysis as ak
from akhlak_analysis.report import names
from akhlak_analysis.report.publish import published_tables
from akhlak_analysis.stats.benchmarks import opd_types

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Write ``opd_published.csv`` beside this script."""
    ctx = ak.Analysis.from_config("data/sample/analysis.yaml", 2025)
    opd = published_tables(ctx)[names.OPD_INDEX]
    cols = ["unit", "suppressed", "n", "culture_index", *ctx.instrument().value_codes]
    out = opd[cols].copy()
    out.insert(1, "opd_type", out["unit"].map(opd_types(ctx.units)))
    out.sort_values("unit").to_csv(HERE / "opd_published.csv", index=False, float_format="%.10g")


if __name__ == "__main__":
    main()
