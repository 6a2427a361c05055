"""The synthetic sample: model (see :mod:`akhlak_analysis.data.sample`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

from ...instrument import Instrument

DEFAULT_SEED = 20251


PROVINCE = "Provinsi Kalimantan Tengah (contoh sintetis)"


YEARS = (2024, 2025)


INSTRUMENTS = {2024: "berakhlak-2024", 2025: "berakhlak-2025"}


_THRESHOLDS = np.array([-2.2, -1.5, -0.6, 0.9])


PROVINCE_LEVEL = {2024: 76.3, 2025: 79.0}


_OPD_SD = 5.0


_INTERACTION_SD = 1.5


VALUE_OFFSETS = {"berorientasi_pelayanan": -0.5, "akuntabel": 4.0, "kompeten": -3.5,
                  "harmonis": 1.5, "loyal": 4.5, "adaptif": -6.0, "kolaboratif": 0.0}


DEMOGRAPHIC_EFFECTS = {"Struktural": 0.12, "Fungsional": 0.04, "PPPK": 0.05,
                        "Perempuan": 0.03, ">= 50 tahun": 0.06, "< 5 tahun": 0.04}


PERSISTENCE = 0.7


RETAINED = 0.93


CHANGE = {"improve": (7.5, 9.5), "decline": (-7.5, -5.5)}


N_CHANGE = {"improve": 4, "decline": 3}


COLUMNS_UNITS = ["code", "name", "level", "parent", "opd_type", "aliases", "headcount_2024",
                  "headcount_2025", "replaced_by"]


#: Planted defect rates (share of respondents or of item cells of ordinary rows).
RATES = {"duplicates": 0.015, "straightliners": 0.02, "too_few_answers": 0.005,
          "speeders": 0.015, "mangled_nip": 0.01, "unit_name_variants": 0.10,
          "blank_cells": 0.02, "out_of_range_cells": 0.002, "misspelled_labels": 0.004,
          "abbreviations": 0.003, "text_number_cells": 0.002}


_DEFECT_KEYS = ("duplicates", "out_of_range_cells", "misspelled_labels", "abbreviations",
                "unit_name_variants", "unknown_unit_rows", "blank_cells", "too_few_answers",
                "straightliners", "speeders", "mangled_nip", "text_number_cells")


UNKNOWN_UNIT = "Dinas Pertamanan"


@dataclass(frozen=True)
class Model:
    values: tuple[str, ...]
    loadings: dict[str, float]
    corr: np.ndarray
    thresholds: np.ndarray

    @property
    def chol(self) -> np.ndarray:
        return np.linalg.cholesky(self.corr)


def make_model(rng: np.random.Generator, ins: Instrument) -> Model:
    """Loadings for the instrument's items and a latent correlation matrix in .62-.78."""
    loadings = {it.code: float(rng.uniform(0.60, 0.65) if it.reverse else rng.uniform(0.65, 0.85))
                for it in ins.items}
    k = len(ins.values)
    while True:
        upper = rng.uniform(0.62, 0.78, size=(k, k))
        corr = np.triu(upper, 1) + np.triu(upper, 1).T + np.eye(k)
        if np.linalg.eigvalsh(corr).min() > 0.05:
            break
    return Model(tuple(ins.value_codes), loadings, corr, _THRESHOLDS.copy())


def _value_groups(ins: Instrument, model: Model) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Per value: its position, the column positions of its items and their loadings."""
    codes = ins.item_codes
    return [(v, np.array([codes.index(c) for c in items]),
             np.array([model.loadings[c] for c in items]))
            for v, items in enumerate(ins.factors.values())]


def _expected_value_scores(mu: np.ndarray, ins: Instrument, model: Model) -> np.ndarray:
    """Expected value scores (0-100) for latent means ``mu`` of shape (m, values)."""
    out = np.empty_like(mu, dtype=float)
    for v, _, lam in _value_groups(ins, model):
        arg = lam[None, :, None] * mu[:, v, None, None] - model.thresholds[None, None, :]
        out[:, v] = 25.0 * ndtr(arg).sum(axis=2).mean(axis=1)
    return out


def solve_latent_means(targets: np.ndarray, ins: Instrument, model: Model) -> np.ndarray:
    """Latent means whose expected value scores equal ``targets`` (m, values), by bisection."""
    lo = np.full(targets.shape, -6.0)
    hi = np.full(targets.shape, 6.0)
    for _ in range(45):
        mid = (lo + hi) / 2
        above = _expected_value_scores(mid, ins, model) > targets
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return (lo + hi) / 2


def draw_latent(rng: np.random.Generator, n: int, model: Model) -> np.ndarray:
    """Standard-normal latent deviations with correlation ``model.corr``, shape (n, values)."""
    return rng.standard_normal((n, len(model.values))) @ model.chol.T


def draw_items(rng: np.random.Generator, eta: np.ndarray, ins: Instrument,
                model: Model) -> np.ndarray:
    """Answers 1..5 (float64, as answered: reverse items reversed) for latent scores ``eta``."""
    out = np.empty((eta.shape[0], len(ins.items)))
    for v, cols, lams in _value_groups(ins, model):
        for col, lam in zip(cols, lams, strict=True):
            ystar = lam * eta[:, v] + np.sqrt(1 - lam**2) * rng.standard_normal(eta.shape[0])
            out[:, col] = np.searchsorted(model.thresholds, ystar) + 1.0
    rev = [ins.item_codes.index(c) for c in ins.reverse_items]
    out[:, rev] = 6.0 - out[:, rev]
    return out


def score_answers(answers: np.ndarray, ins: Instrument) -> np.ndarray:
    """Value scores 0-100 (n, values) from complete answers (reverse items scored back)."""
    x = answers.astype(float).copy()
    rev = [ins.item_codes.index(c) for c in ins.reverse_items]
    x[:, rev] = 6.0 - x[:, rev]
    codes = ins.item_codes
    return np.column_stack([(x[:, [codes.index(c) for c in items]].mean(axis=1) - 1) * 25.0
                            for items in ins.factors.values()])


def opd_effects(rng: np.random.Generator, m: int) -> np.ndarray:
    """OPD random effects on the index scale: shuffled normal quantiles with SD ``_OPD_SD``."""
    q = ndtri((np.arange(m) + 0.5) / m) * _OPD_SD
    return rng.permutation(q)


def draw_interactions(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    g = rng.normal(0.0, _INTERACTION_SD, size=(m, k))
    return g - g.mean(axis=1, keepdims=True)


def draw_demographics(rng: np.random.Generator, opd_type: np.ndarray) -> dict[str, np.ndarray]:
    """Employment status, position type, gender, age (years) and tenure (years) by unit type."""
    n = len(opd_type)
    care = np.isin(opd_type, ["Rumah Sakit"])
    pppk = rng.random(n) < np.where(care, 0.30, 0.12)
    fung_p = np.where(care, 0.70, 0.30)
    u = rng.random(n)
    jab = np.where(u < 0.08, "Struktural", np.where(u < 0.08 + fung_p, "Fungsional", "Pelaksana"))
    jab = np.where(pppk & (jab == "Struktural"), "Fungsional", jab)
    female = rng.random(n) < np.where(care, 0.65, 0.45)
    age = np.clip(rng.triangular(22.5, 44, 58, n), 22.5, 57.9)
    tenure_max = np.minimum(age - 21.0, 35.0)
    tenure = np.where(pppk, rng.uniform(0.3, 2.7, n), rng.uniform(0.5, 1.0, n) * tenure_max)
    return {"status": np.where(pppk, "PPPK", "PNS"), "jabatan": jab,
            "gender": np.where(female, "Perempuan", "Laki-laki"), "age": age, "tenure": tenure}


def age_band(age: np.ndarray) -> np.ndarray:
    return np.select([age < 30, age < 40, age < 50], ["< 30 tahun", "30-39 tahun", "40-49 tahun"],
                     ">= 50 tahun")


def tenure_band(tenure: np.ndarray) -> np.ndarray:
    return np.select([tenure < 5, tenure < 11, tenure <= 20],
                     ["< 5 tahun", "5-10 tahun", "11-20 tahun"], "> 20 tahun")


def demographic_shift(demo: dict[str, np.ndarray], unit: np.ndarray) -> np.ndarray:
    """Latent shift from demographics, centred within each unit."""
    e = DEMOGRAPHIC_EFFECTS
    s = (np.where(demo["jabatan"] == "Struktural", e["Struktural"], 0.0)
         + np.where(demo["jabatan"] == "Fungsional", e["Fungsional"], 0.0)
         + np.where(demo["status"] == "PPPK", e["PPPK"], 0.0)
         + np.where(demo["gender"] == "Perempuan", e["Perempuan"], 0.0)
         + np.where(demo["age"] >= 50, e[">= 50 tahun"], 0.0)
         + np.where(demo["tenure"] < 5, e["< 5 tahun"], 0.0))
    sums = np.bincount(unit, weights=s)
    counts = np.maximum(np.bincount(unit), 1)
    return s - (sums / counts)[unit]
