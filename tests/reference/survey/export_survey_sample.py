"""Write the sample's respondent indices and headcounts for survey_reference.R.

Run from the repository root:
``AKHLAK_ID_KEY_FILE=... python tests/reference/survey/export_survey_sample.py``.
"""

from pathlib import Path

import akhlak_analysis as ak
from akhlak_analysis.data.io import read_units
from akhlak_analysis.stats.scoring import score_respondents

HERE = Path(__file__).resolve().parent
COLUMNS = ["respondent_id", "opd", "subunit", "opd_type", "gender", "age_band", "tenure_band",
           "position_type", "employment", "grade", "culture_index"]


def main() -> None:
    """Write ``sample_2024.csv`` and ``sample_2025.csv`` beside this script."""
    cfg = ak.load_config("data/sample/analysis.yaml")
    units = read_units(cfg.units)
    for year in (2024, 2025):
        scores = score_respondents(ak.load_clean(cfg, year, key=b"k").data,
                                   instrument=cfg.year(year).instrument)
        out = scores[COLUMNS].dropna(subset=["culture_index"]).copy()
        out["N"] = out["opd"].map(units.headcount(year)).astype("int64")
        if year == 2024:   # the OPDs of 2025 (renamed and merged units), headcounts summed
            out["opd_next"] = out["opd"].map(units.successors(2025))
            succ = units.headcount(2024).groupby(units.headcount(2024).index.map(
                units.successors(2025))).sum()
            out["N_next"] = out["opd_next"].map(succ).astype("int64")
        out.to_csv(HERE / f"sample_{year}.csv", index=False, float_format="%.17g")


if __name__ == "__main__":  # importing the module (doctest collection) writes nothing
    main()
