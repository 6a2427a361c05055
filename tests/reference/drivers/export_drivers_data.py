"""Write data.csv for reference.R: 600 respondents in 6 OPDs (strata with headcounts), seven
correlated value-like scores, twelve item-like scores and one outcome. Run once from this
folder: python export_drivers_data.py (numbers written with 6 decimals, so R and Python read
the same values)."""

import numpy as np
import pandas as pd

rng = np.random.default_rng(20251)
n, k = 600, 7
common = rng.normal(size=(n, 1))
values = 70 + 12 * (0.8 * common + 0.6 * rng.normal(size=(n, k)))
items = values[:, rng.integers(0, k, 12)] + 8 * rng.normal(size=(n, 12))
beta = np.array([0.0, 0.1, 0.35, 0.2, 0.0, 0.45, 0.05])
outcome = 20 + values @ beta * 0.8 + 9 * rng.normal(size=n)
opd = np.repeat([f"U{i}" for i in range(1, 7)], [40, 80, 120, 160, 90, 110])
headcount = {"U1": 60, "U2": 300, "U3": 150, "U4": 900, "U5": 95, "U6": 400}
frame = pd.DataFrame(values, columns=["berorientasi_pelayanan", "akuntabel", "kompeten",
                                      "harmonis", "loyal", "adaptif", "kolaboratif"])
for j in range(12):
    frame[f"i{j + 1}"] = items[:, j]
frame["keterlibatan"] = outcome
frame.insert(0, "opd", opd)
frame.insert(1, "headcount", frame["opd"].map(headcount))
frame.to_csv("data.csv", index=False, float_format="%.6f")
