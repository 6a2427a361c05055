"""Synthetic sample data: a fictional-but-realistic province with planted data defects.

:func:`write_sample` writes ``data/sample/`` for "Provinsi Kalimantan Tengah (contoh
sintetis)": the unit table, the 2024 Google Forms export (CSV), the 2025 survey-app workbook
(XLSX), the truth file, a unit-level indicator and the 2025 action plans. Output is
deterministic for a seed: the same seed gives byte-identical files.
:func:`simulate_responses` draws a large coded table from the same model for benchmarks.

The latent model
----------------
Each civil servant *i* in unit *u* has seven latent value scores (one per BerAKHLAK value *v*)

    eta_iv = mu_uv + delta_i + z_iv,    z_i ~ N(0, R),

with ``R`` a correlation matrix whose off-diagonal entries are drawn in .62-.78. An item *j*
of value *v* is answered through a continuous response

    y*_ij = lambda_j * eta_iv + sqrt(1 - lambda_j^2) * e_ij,    e_ij ~ N(0, 1),

with loadings ``lambda_j`` drawn in .65-.85 (.60-.65 for the negatively worded items), cut
into 1..5 at the common thresholds ``tau = (-2.2, -1.5, -0.6, 0.9)``. Reverse-keyed items
(``KO4``, ``AD4`` in 2025) are answered reversed (``6 - x``) and scored back. Given
``eta``'s mean, ``y*`` has unit variance, so the expected value score is
``25 * mean_j sum_k Phi(lambda_j * mu_uv - tau_k)`` and the unit means ``mu_uv`` are solved
(bisection) to hit a planned score on the 0-100 scale:

    planned_uvt = P_t + a_u + d_v + g_uv + c_ut

- ``P_t``: province level (76.3 in 2024 and 79.0 in 2025, headcount-weighted);
- ``a_u``: OPD random effect on the index scale, normal quantiles with SD 5 (so OPD indices
  spread about 65-88), centred with headcount weights;
- ``d_v``: value intercepts (Adaptif -6, Kompeten -3.5, ..., Akuntabel +4, Loyal +4.5), so
  Adaptif and Kompeten are lowest, Akuntabel and Loyal highest;
- ``g_uv``: OPD-by-value interaction (SD 1.5, centred within OPD);
- ``c_ut``: 2025 change: +7.5..+9.5 for four "improve" OPDs, -7.5..-5.5 for three "decline"
  OPDs (both drawn among OPDs of 120-1000 staff), province trend + N(0, 1) for the rest, the
  trend solved so that ``P_2025`` holds. Renamed and merged OPDs start 2025 from the
  headcount-weighted level of their predecessors.

``delta_i`` is a small demographic effect (position type, employment status, gender, age,
tenure; each at most .12 latent SD) centred within the unit, so it does not move the unit's
planned level. The FULL population of each OPD (its headcount) is simulated; 93% of a unit's
2025 staff are its 2024 staff, whose ``z`` carries over with correlation .7. The truth per OPD
is the population mean (finite-population truth); respondents are a simple random sample of
``round(N * rate)`` persons, response rates 20-80% by OPD.

Defect counts in ``truth.json`` are counts in the written files: rows (a duplicate's second
submission counts once under ``duplicates``) or item cells. Planted row defects (duplicates,
straight-liners, too few answers, speeders, mangled NIPs, unknown unit) fall on disjoint
respondents; cell defects fall only on other rows. Rows that happen to answer every item
identically by chance are broken by one item, so the planted straight-liners are exactly the
rows with all items answered identically.
"""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

from ..instrument import Instrument, load_instrument

__all__ = ["DEFAULT_SEED", "PROVINCE", "simulate_responses", "simulate_units", "write_sample"]

DEFAULT_SEED = 20251
PROVINCE = "Provinsi Kalimantan Tengah (contoh sintetis)"
YEARS = (2024, 2025)
INSTRUMENTS = {2024: "berakhlak-2024", 2025: "berakhlak-2025"}

# ---------------------------------------------------------------------------------------
# model constants (documented in the module docstring)
# ---------------------------------------------------------------------------------------
_THRESHOLDS = np.array([-2.2, -1.5, -0.6, 0.9])
_PROVINCE_LEVEL = {2024: 76.3, 2025: 79.0}
_OPD_SD = 5.0
_INTERACTION_SD = 1.5
_VALUE_OFFSETS = {"berorientasi_pelayanan": -0.5, "akuntabel": 4.0, "kompeten": -3.5,
                  "harmonis": 1.5, "loyal": 4.5, "adaptif": -6.0, "kolaboratif": 0.0}
_DEMOGRAPHIC_EFFECTS = {"Struktural": 0.12, "Fungsional": 0.04, "PPPK": 0.05,
                        "Perempuan": 0.03, ">= 50 tahun": 0.06, "< 5 tahun": 0.04}
_PERSISTENCE = 0.7
_RETAINED = 0.93
_CHANGE = {"improve": (7.5, 9.5), "decline": (-7.5, -5.5)}
_N_CHANGE = {"improve": 4, "decline": 3}
_COLUMNS_UNITS = ["code", "name", "level", "parent", "opd_type", "aliases", "headcount_2024",
                  "headcount_2025", "replaced_by"]

#: Planted defect rates (share of respondents or of item cells of ordinary rows).
_RATES = {"duplicates": 0.015, "straightliners": 0.02, "too_few_answers": 0.005,
          "speeders": 0.015, "mangled_nip": 0.01, "unit_name_variants": 0.10,
          "blank_cells": 0.02, "out_of_range_cells": 0.002, "misspelled_labels": 0.004,
          "abbreviations": 0.003, "text_number_cells": 0.002}
_DEFECT_KEYS = ("duplicates", "out_of_range_cells", "misspelled_labels", "abbreviations",
                "unit_name_variants", "unknown_unit_rows", "blank_cells", "too_few_answers",
                "straightliners", "speeders", "mangled_nip", "text_number_cells")
UNKNOWN_UNIT = "Dinas Pertamanan"

# ---------------------------------------------------------------------------------------
# the latent-model core (shared by write_sample and simulate_responses)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    values: tuple[str, ...]
    loadings: dict[str, float]
    corr: np.ndarray
    thresholds: np.ndarray

    @property
    def chol(self) -> np.ndarray:
        return np.linalg.cholesky(self.corr)


def _make_model(rng: np.random.Generator, ins: Instrument) -> _Model:
    """Loadings for the instrument's items and a latent correlation matrix in .62-.78."""
    loadings = {it.code: float(rng.uniform(0.60, 0.65) if it.reverse else rng.uniform(0.65, 0.85))
                for it in ins.items}
    k = len(ins.values)
    while True:
        upper = rng.uniform(0.62, 0.78, size=(k, k))
        corr = np.triu(upper, 1) + np.triu(upper, 1).T + np.eye(k)
        if np.linalg.eigvalsh(corr).min() > 0.05:
            break
    return _Model(tuple(ins.value_codes), loadings, corr, _THRESHOLDS.copy())


def _value_groups(ins: Instrument, model: _Model) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Per value: its position, the column positions of its items and their loadings."""
    codes = ins.item_codes
    return [(v, np.array([codes.index(c) for c in items]),
             np.array([model.loadings[c] for c in items]))
            for v, items in enumerate(ins.factors.values())]


def _expected_value_scores(mu: np.ndarray, ins: Instrument, model: _Model) -> np.ndarray:
    """Expected value scores (0-100) for latent means ``mu`` of shape (m, values)."""
    out = np.empty_like(mu, dtype=float)
    for v, _, lam in _value_groups(ins, model):
        arg = lam[None, :, None] * mu[:, v, None, None] - model.thresholds[None, None, :]
        out[:, v] = 25.0 * ndtr(arg).sum(axis=2).mean(axis=1)
    return out


def _solve_latent_means(targets: np.ndarray, ins: Instrument, model: _Model) -> np.ndarray:
    """Latent means whose expected value scores equal ``targets`` (m, values), by bisection."""
    lo = np.full(targets.shape, -6.0)
    hi = np.full(targets.shape, 6.0)
    for _ in range(45):
        mid = (lo + hi) / 2
        above = _expected_value_scores(mid, ins, model) > targets
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return (lo + hi) / 2


def _draw_latent(rng: np.random.Generator, n: int, model: _Model) -> np.ndarray:
    """Standard-normal latent deviations with correlation ``model.corr``, shape (n, values)."""
    return rng.standard_normal((n, len(model.values))) @ model.chol.T


def _draw_items(rng: np.random.Generator, eta: np.ndarray, ins: Instrument,
                model: _Model) -> np.ndarray:
    """Answers 1..5 (float64, as answered: reverse items reversed) for latent scores ``eta``."""
    out = np.empty((eta.shape[0], len(ins.items)))
    for v, cols, lams in _value_groups(ins, model):
        for col, lam in zip(cols, lams, strict=True):
            ystar = lam * eta[:, v] + np.sqrt(1 - lam**2) * rng.standard_normal(eta.shape[0])
            out[:, col] = np.searchsorted(model.thresholds, ystar) + 1.0
    rev = [ins.item_codes.index(c) for c in ins.reverse_items]
    out[:, rev] = 6.0 - out[:, rev]
    return out


def _score(answers: np.ndarray, ins: Instrument) -> np.ndarray:
    """Value scores 0-100 (n, values) from complete answers (reverse items scored back)."""
    x = answers.astype(float).copy()
    rev = [ins.item_codes.index(c) for c in ins.reverse_items]
    x[:, rev] = 6.0 - x[:, rev]
    codes = ins.item_codes
    return np.column_stack([(x[:, [codes.index(c) for c in items]].mean(axis=1) - 1) * 25.0
                            for items in ins.factors.values()])


def _opd_effects(rng: np.random.Generator, m: int) -> np.ndarray:
    """OPD random effects on the index scale: shuffled normal quantiles with SD ``_OPD_SD``."""
    q = ndtri((np.arange(m) + 0.5) / m) * _OPD_SD
    return rng.permutation(q)


def _interactions(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    g = rng.normal(0.0, _INTERACTION_SD, size=(m, k))
    return g - g.mean(axis=1, keepdims=True)


def _draw_demographics(rng: np.random.Generator, opd_type: np.ndarray) -> dict[str, np.ndarray]:
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


def _age_band(age: np.ndarray) -> np.ndarray:
    return np.select([age < 30, age < 40, age < 50], ["< 30 tahun", "30-39 tahun", "40-49 tahun"],
                     ">= 50 tahun")


def _tenure_band(tenure: np.ndarray) -> np.ndarray:
    return np.select([tenure < 5, tenure < 11, tenure <= 20],
                     ["< 5 tahun", "5-10 tahun", "11-20 tahun"], "> 20 tahun")


def _demographic_shift(demo: dict[str, np.ndarray], unit: np.ndarray) -> np.ndarray:
    """Latent shift from demographics, centred within each unit."""
    e = _DEMOGRAPHIC_EFFECTS
    s = (np.where(demo["jabatan"] == "Struktural", e["Struktural"], 0.0)
         + np.where(demo["jabatan"] == "Fungsional", e["Fungsional"], 0.0)
         + np.where(demo["status"] == "PPPK", e["PPPK"], 0.0)
         + np.where(demo["gender"] == "Perempuan", e["Perempuan"], 0.0)
         + np.where(demo["age"] >= 50, e[">= 50 tahun"], 0.0)
         + np.where(demo["tenure"] < 5, e["< 5 tahun"], 0.0))
    sums = np.bincount(unit, weights=s)
    counts = np.maximum(np.bincount(unit), 1)
    return s - (sums / counts)[unit]


# ---------------------------------------------------------------------------------------
# benchmark-scale simulation
# ---------------------------------------------------------------------------------------
def simulate_units(n_units: int, seed: int = 0) -> pd.DataFrame:
    """A synthetic unit table of ``n_units`` OPDs (no sub-units, no reorganisation).

    Parameters
    ----------
    n_units : int
        Number of OPDs.
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    DataFrame
        The columns of ``units.csv``: ``code`` (``U0001`` ...), ``name``, ``level``
        (``"opd"``), ``parent`` and ``aliases`` (empty), ``opd_type``, ``headcount_2024`` and
        ``headcount_2025`` (Int64, log-normal, at least 15) and ``replaced_by`` (empty).

    Examples
    --------
    >>> units = simulate_units(3, seed=1)
    >>> units["code"].tolist(), units.columns[-3:].tolist()
    (['U0001', 'U0002', 'U0003'], ['headcount_2024', 'headcount_2025', 'replaced_by'])
    """
    rng = np.random.default_rng([seed, 1])
    types = np.array(["Dinas", "Badan", "Biro", "Rumah Sakit", "Lainnya"])
    opd_type = types[rng.choice(5, size=n_units, p=[0.5, 0.2, 0.15, 0.05, 0.10])]
    h24 = np.maximum(15, np.round(rng.lognormal(5.0, 1.0, n_units))).astype(int)
    h25 = np.maximum(15, np.round(h24 * rng.uniform(0.95, 1.07, n_units))).astype(int)
    codes = [f"U{i + 1:04d}" for i in range(n_units)]
    return pd.DataFrame({
        "code": codes, "name": [f"Unit Kerja {c[1:]}" for c in codes], "level": "opd",
        "parent": "", "opd_type": opd_type, "aliases": "",
        "headcount_2024": pd.array(h24, dtype="Int64"),
        "headcount_2025": pd.array(h25, dtype="Int64"), "replaced_by": ""})


def simulate_responses(n_respondents: int, n_units: int, *, instrument: str = "berakhlak-2025",
                       year: int = 2025, seed: int = 0) -> pd.DataFrame:
    """A large coded response table from the latent model, for benchmarks.

    Respondents are spread over the units of :func:`simulate_units` in proportion to their
    headcount; unit levels follow the model of this module (province level of ``year``, OPD
    effects, value intercepts, demographic effects); about 1% of item cells are missing.
    One million respondents in 540 units take a few seconds and well under 1.5 GB.

    Parameters
    ----------
    n_respondents, n_units : int
        Table size.
    instrument : str, default "berakhlak-2025"
        Instrument name or YAML path; one column per item.
    year : int, default 2025
        Survey year (sets the province level: 76.3 in 2024, 79.0 from 2025).
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    DataFrame
        ``respondent_id`` (str), ``year`` (int64), ``opd`` (str, unit code), ``subunit`` (str,
        all missing), ``opd_type`` (str), then one float64 column per item code with answers
        1..5 as answered (reverse items not reversed) and NaN for missing.

    Examples
    --------
    >>> df = simulate_responses(1000, 5, instrument="berakhlak-2024", seed=3)
    >>> df.shape, df["opd"].nunique(), df.columns[:5].tolist()
    ((1000, 26), 5, ['respondent_id', 'year', 'opd', 'subunit', 'opd_type'])
    >>> bool(df["AK1"].dropna().isin([1, 2, 3, 4, 5]).all())
    True
    """
    ins = load_instrument(instrument)
    units = simulate_units(n_units, seed)
    rng = np.random.default_rng([seed, 2])
    model = _make_model(rng, ins)
    col = f"headcount_{year}" if f"headcount_{year}" in units else "headcount_2025"
    weights = units[col].to_numpy(dtype=float)
    level = _PROVINCE_LEVEL.get(year, _PROVINCE_LEVEL[2025])
    a = _opd_effects(rng, n_units)
    a -= np.average(a, weights=weights)
    offsets = np.array([_VALUE_OFFSETS.get(v, 0.0) for v in ins.value_codes])
    targets = level + a[:, None] + offsets[None, :] + _interactions(rng, n_units, len(offsets))
    mu = _solve_latent_means(np.clip(targets, 5, 95), ins, model)

    unit = np.repeat(np.arange(n_units), rng.multinomial(n_respondents, weights / weights.sum()))
    opd_type = units["opd_type"].to_numpy(dtype=object)
    demo = _draw_demographics(rng, opd_type[unit])
    eta = _draw_latent(rng, n_respondents, model)
    eta += mu[unit]
    eta += _demographic_shift(demo, unit)[:, None]
    answers = _draw_items(rng, eta, ins, model)
    del eta
    answers[rng.random(answers.shape) < 0.01] = np.nan
    codes = units["code"].to_numpy(dtype=object)
    frame = {
        "respondent_id": pd.array([f"R{i:07d}" for i in range(1, n_respondents + 1)], dtype="str"),
        "year": np.full(n_respondents, year, dtype=np.int64),
        "opd": pd.array(codes[unit], dtype="str"),
        "subunit": pd.array(np.full(n_respondents, None, dtype=object), dtype="str"),
        "opd_type": pd.array(opd_type[unit], dtype="str"),
    }
    frame.update({c: answers[:, j] for j, c in enumerate(ins.item_codes)})
    return pd.DataFrame(frame, copy=False)


# ---------------------------------------------------------------------------------------
# the sample province: units
# ---------------------------------------------------------------------------------------
#: (code, name, opd_type, headcount 2024 before jitter or None when new in 2025, aliases)
_OPDS: tuple[tuple[str, str, str, int | None, str], ...] = (
    ("DISDIK", "Dinas Pendidikan", "Dinas", 3200, "Disdik|Dinas Pendidikan Prov. Kalteng|Dinas Pendidkan"),
    ("DINKES", "Dinas Kesehatan", "Dinas", 420, "Dinkes|Dinkes Prov Kalteng|Dinas Keshatan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas", 380, "PUPR|Dinas PUPR|Dinas PU"),
    ("DISPERKIMTAN", "Dinas Perumahan, Kawasan Permukiman dan Pertanahan", "Dinas", 150,
     "Disperkimtan|Dinas Perkim|Dinas Perumahan Rakyat dan Kawasan Permukiman"),
    ("DINSOS", "Dinas Sosial", "Dinas", 210, "Dinsos|Dinas Sosal"),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", "Dinas", 190,
     "Disnakertrans|Disnaker"),
    ("DP3APPKB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan "
     "Keluarga Berencana", "Dinas", 110, "DP3APPKB|Dinas PPPAPPKB"),
    ("DLH", "Dinas Lingkungan Hidup", "Dinas", 140, "DLH|Dinas LH"),
    ("DPMDESDUKCAPIL", "Dinas Pemberdayaan Masyarakat dan Desa, Kependudukan dan Pencatatan Sipil",
     "Dinas", 120, "DPMDesdukcapil|Dinas PMD Dukcapil|Dinas Pemberdayaan Masyarakat dan Desa"),
    ("DISHUB", "Dinas Perhubungan", "Dinas", 260, "Dishub|Dinas Perhubngan"),
    ("DISKOMINFOSANTIK", "Dinas Komunikasi, Informatika, Persandian dan Statistik", "Dinas", 130,
     "Diskominfosantik|Diskominfo|Kominfo|Dinas Komunikasi dan Informatika"),
    ("DISKOP", "Dinas Koperasi dan Usaha Kecil Menengah", "Dinas", 90, "Diskop UKM|Diskop"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Dinas", 100,
     "DPMPTSP|Dinas PMPTSP"),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "Dinas", 110, "Disbudpar|Dinas Budpar"),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "Dinas", 95, "Dispora|Dinas Pemuda dan Olah Raga"),
    ("DISBUDPARPORA", "Dinas Kebudayaan, Pariwisata, Pemuda dan Olahraga", "Dinas", None,
     "Disbudparpora|Dinas Budparpora"),
    ("DISPERPUSIP", "Dinas Perpustakaan dan Kearsipan", "Dinas", 85,
     "Disperpusip|Dinas Perpustakaan|Dinas Perpustakaan dan Arsip"),
    ("DKP", "Dinas Kelautan dan Perikanan", "Dinas", 120, "DKP|Dinas Perikanan"),
    ("DTPHP", "Dinas Tanaman Pangan, Hortikultura dan Peternakan", "Dinas", 230,
     "DTPHP|Dinas Pertanian"),
    ("DISBUN", "Dinas Perkebunan", "Dinas", 160, "Disbun|Dinas Perkebunn"),
    ("DISHUT", "Dinas Kehutanan", "Dinas", 450, "Dishut|Dinas Kehutana"),
    ("DESDM", "Dinas Energi dan Sumber Daya Mineral", "Dinas", 120, "Dinas ESDM|ESDM"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "Dinas", 130, "Disperindag"),
    ("DKPANGAN", "Dinas Ketahanan Pangan", "Dinas", 70, "Ketahanan Pangan|Dinas Ketahanan Pangn"),
    ("BAPPEDALITBANG", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
     "Badan", 110, "Bappedalitbang|Bappeda Litbang"),
    ("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "Badan", None,
     "Bapperida|Bappeda|Badan Perencanaan Pembangunan Daerah"),
    ("BKD", "Badan Kepegawaian Daerah", "Badan", 95, "BKD|Badan Kepegawaian|BKD Prov"),
    ("BPSDM", "Badan Pengembangan Sumber Daya Manusia", "Badan", 80, "BPSDM|BPSDM Prov"),
    ("BAPENDA", "Badan Pendapatan Daerah", "Badan", 310, "Bapenda|Badan Pendapatn Daerah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "Badan", 140,
     "BPKAD|Badan Keuangan dan Aset"),
    ("BPBPK", "Badan Penanggulangan Bencana dan Pemadam Kebakaran", "Badan", 120, "BPBPK|BPBD|Badan Penanggulangan Bencana Daerah"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "Badan", 60,
     "Kesbangpol|Badan Kesbangpol"),
    ("BPENGHUBUNG", "Badan Penghubung", "Badan", 17, "Badan Penghubung Provinsi|Kantor Penghubung"),
    ("BIRO_ORG", "Biro Organisasi", "Biro", 45, "Biro Organisasi Setda|Biro Org|Ortal"),
    ("BIRO_HUKUM", "Biro Hukum", "Biro", 40, "Biro Hukum Setda|Biro Hkm"),
    ("BIRO_UMUM", "Biro Umum", "Biro", 150, "Biro Umum Setda|Biro Umm"),
    ("BIRO_PEM", "Biro Pemerintahan dan Otonomi Daerah", "Biro", 45,
     "Biro Pemerintahan|Biro Pem Otda"),
    ("BIRO_KESRA", "Biro Kesejahteraan Rakyat", "Biro", 28, "Biro Kesra"),
    ("BIRO_EKON", "Biro Perekonomian", "Biro", 26, "Biro Ekonomi|Biro Perekonomian Setda"),
    ("BIRO_ADPEM", "Biro Administrasi Pembangunan", "Biro", 24, "Biro Adpem|Biro Adm Pembangunan"),
    ("BIRO_PBJ", "Biro Pengadaan Barang dan Jasa", "Biro", 40, "Biro PBJ|Biro Pengadaan"),
    ("BIRO_ADPIM", "Biro Administrasi Pimpinan", "Biro", 55, "Biro Adpim|Biro Protokol"),
    ("RSUD_DORIS", "RSUD dr. Doris Sylvanus", "Rumah Sakit", 1450,
     "RSUD Doris Sylvanus|RS Doris|RSUD dr Doris Silvanus|Rumah Sakit Umum Daerah dr. Doris Sylvanus"),
    ("RSJ_KALAWA", "RSJ Kalawa Atei", "Rumah Sakit", 180,
     "Rumah Sakit Jiwa Kalawa Atei|RSJ Kalawa Atai|RSJ"),
    ("INSPEKTORAT", "Inspektorat", "Lainnya", 110,
     "Inspektorat Daerah|Inspektorat Provinsi|Itprov"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Lainnya", 280, "Satpol PP|Satpol-PP|Sat Pol PP|Satpol PP dan Damkar"),
    ("SETWAN", "Sekretariat DPRD", "Lainnya", 120, "Setwan|Sekretariat Dewan|Sekwan"),
)
#: (code, parent, name, headcount before jitter, aliases)
_SUBUNITS: tuple[tuple[str, str, str, int, str], ...] = (
    ("DISDIK-BID-SMA", "DISDIK", "Bidang Pembinaan SMA", 40, "Bidang SMA"),
    ("DISDIK-BID-SMK", "DISDIK", "Bidang Pembinaan SMK", 38, "Bidang SMK"),
    ("DISDIK-BID-PKLK", "DISDIK", "Bidang Pendidikan Khusus dan Layanan Khusus", 25, "Bidang PKLK"),
    ("DINKES-UPT-LABKES", "DINKES", "UPT Laboratorium Kesehatan Daerah", 45, "Labkesda|UPT Labkes"),
    ("DINKES-UPT-PELKES", "DINKES", "UPT Pelatihan Kesehatan", 30, "UPT Pelkes|Bapelkes"),
    ("DPUPR-BID-BM", "DPUPR", "Bidang Bina Marga", 90, "Bina Marga"),
    ("DPUPR-UPT-LAB", "DPUPR", "UPT Laboratorium Bahan Konstruksi", 25, "Lab Bahan Konstruksi"),
    ("BAPENDA-UPT-SAMSAT-PKY", "BAPENDA", "UPT PPD Samsat Palangka Raya", 60,
     "Samsat Palangka Raya|Samsat PKY"),
    ("BAPENDA-UPT-SAMSAT-SPT", "BAPENDA", "UPT PPD Samsat Sampit", 45, "Samsat Sampit"),
    ("DISHUT-UPT-KPH-KAHAYAN", "DISHUT", "UPT KPH Kahayan Hilir", 40, "KPH Kahayan Hilir"),
    ("DISHUT-UPT-TAHURA", "DISHUT", "UPT Taman Hutan Raya Lapak Jaru", 30, "Tahura Lapak Jaru"),
    ("RSUD_DORIS-INST-IGD", "RSUD_DORIS", "Instalasi Gawat Darurat", 120, "IGD"),
    ("RSUD_DORIS-BID-KEP", "RSUD_DORIS", "Bidang Keperawatan", 300, "Keperawatan"),
)
RENAME = ("BAPPEDALITBANG", "BAPPERIDA")
MERGE = (("DISBUDPAR", "DISPORA"), "DISBUDPARPORA")
_SMALL_MAX = 30


def _build_units(rng: np.random.Generator) -> pd.DataFrame:
    """The unit table with seed-jittered headcounts per year."""
    rows = []
    head: dict[str, tuple[int | None, int | None]] = {}
    for code, _name, _kind, base, _aliases in _OPDS:
        if base is None:
            continue
        small = base <= _SMALL_MAX
        h24 = int(round(base * np.exp(rng.normal(0, 0.08))))
        h24 = int(np.clip(h24, 15, _SMALL_MAX)) if small else max(h24, 35)
        gone = code in (RENAME[0], *MERGE[0])
        h25 = None if gone else int(round(h24 * rng.uniform(0.96, 1.06)))
        if h25 is not None and small:
            h25 = int(np.clip(h25, 15, _SMALL_MAX))
        head[code] = (h24, h25)
    head[RENAME[1]] = (None, int(round(head[RENAME[0]][0] * rng.uniform(0.97, 1.04))))
    head[MERGE[1]] = (None, int(round(sum(head[c][0] for c in MERGE[0]) * rng.uniform(0.96, 1.0))))
    replaced = {RENAME[0]: RENAME[1], **{c: MERGE[1] for c in MERGE[0]}}
    for code, name, kind, _, aliases in _OPDS:
        rows.append((code, name, "opd", "", kind, aliases, *head[code], replaced.get(code, "")))
    kinds = {c[0]: c[2] for c in _OPDS}
    for code, parent, name, base, aliases in _SUBUNITS:
        h24 = int(round(base * np.exp(rng.normal(0, 0.08))))
        h25 = int(round(h24 * rng.uniform(0.96, 1.06)))
        rows.append((code, name, "subunit", parent, kinds[parent], aliases, h24, h25, ""))
    units = pd.DataFrame(rows, columns=_COLUMNS_UNITS)
    for y in YEARS:  # sub-units take at most 80% of the parent's staff
        col = f"headcount_{y}"
        for parent, grp in units[units["level"] == "subunit"].groupby("parent"):
            cap = int(0.8 * units.loc[units["code"] == parent, col].iloc[0])
            if grp[col].sum() > cap:
                units.loc[grp.index, col] = np.floor(grp[col] * cap / grp[col].sum()).astype(int)
        units[col] = pd.array(units[col], dtype="Int64")
    return units


def _opd_codes(units: pd.DataFrame, year: int) -> list[str]:
    opd = units[(units["level"] == "opd") & units[f"headcount_{year}"].notna()]
    return opd["code"].tolist()


def _predecessors(units: pd.DataFrame, code: str) -> list[str]:
    """The 2024 OPDs whose staff form ``code`` in 2025 (itself when it continues)."""
    codes = units["code"].tolist()
    if code in codes and not pd.isna(units["headcount_2024"].iloc[codes.index(code)]):
        return [code]
    return [c for c, r in zip(codes, units["replaced_by"].tolist(), strict=True) if r == code]


# ---------------------------------------------------------------------------------------
# the sample province: planned levels and the staff population
# ---------------------------------------------------------------------------------------
def _plan_levels(rng: np.random.Generator, units: pd.DataFrame, ins: Instrument) -> dict:
    """Planned index per OPD and year, value targets, and the change class of each OPD."""
    values = ins.value_codes
    offsets = np.array([_VALUE_OFFSETS[v] for v in values])
    hc = units.set_index("code")
    c24, c25 = _opd_codes(units, 2024), _opd_codes(units, 2025)
    w24 = hc.loc[c24, "headcount_2024"].to_numpy(dtype=float)
    a = _opd_effects(rng, len(c24))
    plan24 = dict(zip(c24, _PROVINCE_LEVEL[2024] + a - np.average(a, weights=w24), strict=True))
    g24 = dict(zip(c24, _interactions(rng, len(c24), len(values)), strict=True))

    eligible = [c for c in c24 if c in c25 and 120 <= hc.loc[c, "headcount_2024"] <= 1000]
    picked = rng.choice(eligible, size=sum(_N_CHANGE.values()), replace=False)
    change_class = {c: "stable" for c in c25}
    change_class[RENAME[0]] = change_class[MERGE[0][0]] = change_class[MERGE[0][1]] = "replaced"
    change_class.update({str(c): "improve" for c in picked[:_N_CHANGE["improve"]]})
    change_class.update({str(c): "decline" for c in picked[_N_CHANGE["improve"]:]})

    base25, g25, planted = {}, {}, {}
    for c in c25:
        pre = _predecessors(units, c)
        w = hc.loc[pre, "headcount_2024"].to_numpy(dtype=float)
        base25[c] = float(np.average([plan24[p] for p in pre], weights=w))
        g = np.average(np.array([g24[p] for p in pre]), axis=0, weights=w)
        g = g + rng.normal(0, 0.5, len(values))
        g25[c] = g - g.mean()
        cls = change_class[c]
        planted[c] = rng.uniform(*_CHANGE[cls]) if cls in _CHANGE else rng.normal(0, 1.0)
    w25 = hc.loc[c25, "headcount_2025"].to_numpy(dtype=float)
    stable = np.array([change_class[c] == "stable" for c in c25])
    gap = _PROVINCE_LEVEL[2025] - np.average([base25[c] + planted[c] for c in c25], weights=w25)
    trend = gap * w25.sum() / w25[stable].sum()
    plan25 = {c: base25[c] + planted[c] + (trend if change_class[c] == "stable" else 0.0)
              for c in c25}
    return {"plan": {2024: plan24, 2025: plan25}, "interaction": {2024: g24, 2025: g25},
            "offsets": offsets, "change": change_class, "trend": float(trend)}


_MALE = ("Agus", "Ahmad", "Andi", "Ari", "Bambang", "Budi", "Dedi", "Eko", "Fajar", "Hendra",
         "Irwan", "Joko", "Markus", "Muhammad", "Petrus", "Rahmat", "Rizky", "Slamet", "Yohanes",
         "Yusuf", "Darius", "Heriyanto", "Sugianto", "Wahyu", "Teguh", "Arif", "Gusti", "Rudi",
         "Iwan", "Benny", "Yosef", "Ilham", "Samuel", "Firdaus", "Nanang")
_FEMALE = ("Siti", "Nur", "Dewi", "Sri", "Rina", "Ratna", "Yuli", "Fitri", "Maria", "Elisabeth",
           "Wulan", "Novita", "Indah", "Ayu", "Putri", "Desi", "Kristina", "Meiliana", "Herlina",
           "Rosita", "Yenny", "Erna", "Lina", "Santi", "Mega", "Nurul", "Dian", "Evi", "Rahmawati",
           "Theresia", "Septiani", "Anisa")
_LAST = ("Nahan", "Ngabut", "Bungai", "Tambun", "Dehen", "Rangka", "Lambung", "Usup", "Nyahu",
         "Sabran", "Sahay", "Tundan", "Narang", "Ajun", "Saputra", "Wijaya", "Pratama", "Hidayat",
         "Santoso", "Rahman", "Kurniawan", "Nugroho", "Setiawan", "Hakim", "Fauzi", "Ramadhan",
         "Simanjuntak", "Siregar", "Lubis", "Halim", "Purnama", "Kusuma", "Effendi", "Syahrani",
         "Tingang", "Anyai", "Liling", "Jaya")
_LAST_F = ("Anggraini", "Handayani", "Susanti", "Yulianti", "Rahayu", "Lestari", "Wati", "Sari",
           "Utami", "Safitri")
_DEGREES = (", S.E.", ", S.Sos.", ", S.Pd.", ", S.Kep.", ", S.H.", ", S.T.", ", S.Kom.",
            ", A.Md.", ", M.Si.", ", S.K.M.", ", S.Hut.", ", M.M.")
_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0877", "0878",
             "0881", "0895", "0896")


def _grade(rng: np.random.Generator, status: np.ndarray, jabatan: np.ndarray,
           tenure: np.ndarray) -> np.ndarray:
    u = rng.random(len(status))
    pns = np.select(
        [jabatan == "Struktural", jabatan == "Fungsional"],
        [np.where(u < 0.6, "IV", "III"), np.where(u < 0.3, "IV", np.where(u < 0.9, "III", "II"))],
        np.where(u < 0.05, "I", np.where(u < 0.5, "II", np.where(u < 0.95, "III", "IV"))))
    pns = np.where((tenure < 4) & (pns == "IV"), "III", pns)
    pppk = np.where(u < 0.5, "IX", np.where(u < 0.8, "VII", "V"))
    return np.where(status == "PPPK", pppk, pns)


def _people(rng: np.random.Generator, opd: np.ndarray, opd_type: np.ndarray, ref: datetime,
            new_hire: bool = False) -> pd.DataFrame:
    """Staff records: demographics, dates, a unique-looking NIP, name, e-mail and phone."""
    n = len(opd)
    demo = _draw_demographics(rng, opd_type)
    if new_hire:
        demo["age"] = rng.uniform(23, 35, n)
        demo["tenure"] = rng.uniform(0.3, 0.8, n)
        demo["jabatan"] = np.where(demo["jabatan"] == "Struktural", "Pelaksana", demo["jabatan"])
    ref64 = np.datetime64(ref.date(), "D")
    birth = ref64 - np.round(demo["age"] * 365.25).astype("timedelta64[D]")
    appoint = ref64 - np.round(demo["tenure"] * 365.25).astype("timedelta64[D]")
    female = demo["gender"] == "Perempuan"
    seq = rng.integers(1, 1000, n)
    b = pd.DatetimeIndex(birth).strftime("%Y%m%d")
    ap = pd.DatetimeIndex(appoint).strftime("%Y%m")
    nip = [f"{x}{y}{2 if f else 1}{s:03d}" for x, y, f, s in zip(b, ap, female, seq, strict=True)]
    first = np.where(female, np.array(_FEMALE)[rng.integers(0, len(_FEMALE), n)],
                     np.array(_MALE)[rng.integers(0, len(_MALE), n)])
    last_pool = np.array(_LAST + _LAST_F)
    last = np.where(female, last_pool[rng.integers(0, len(last_pool), n)],
                    np.array(_LAST)[rng.integers(0, len(_LAST), n)])
    degree = np.where(rng.random(n) < 0.35, np.array(_DEGREES)[rng.integers(0, len(_DEGREES), n)],
                      "")
    style = rng.random(n)
    names, emails = [], []
    domains = np.array(["gmail.com", "gmail.com", "gmail.com", "kalteng.go.id", "yahoo.co.id"])
    dom = domains[rng.integers(0, len(domains), n)]
    num = rng.integers(1, 99, n)
    for i in range(n):
        full = f"{first[i]} {last[i]}"
        full = full.upper() if style[i] < 0.1 else full.lower() if style[i] < 0.14 else full
        names.append(full + degree[i])
        local = f"{first[i]}.{last[i]}".lower()
        emails.append(f"{local}@{dom[i]}" if dom[i] == "kalteng.go.id" else f"{local}{num[i]}@{dom[i]}")
    pre = np.array(_PREFIXES)[rng.integers(0, len(_PREFIXES), n)]
    digits = rng.integers(10**6, 10**8, n)
    phone = [f"{p}{d}" for p, d in zip(pre, digits, strict=True)]
    return pd.DataFrame({
        "opd": opd, "opd_type": opd_type, "status": demo["status"], "jabatan": demo["jabatan"],
        "gender": demo["gender"], "birth": birth, "appoint": appoint,
        "golongan": _grade(rng, demo["status"], demo["jabatan"], demo["tenure"]),
        "nip": nip, "name": names, "email": emails, "phone": phone})


def _unique_nips(rng: np.random.Generator, nips: pd.Series) -> pd.Series:
    nips = nips.copy()
    while nips.duplicated().any():
        dup = nips.duplicated()
        nips[dup] = [s[:15] + f"{rng.integers(1, 1000):03d}" for s in nips[dup]]
    return nips


def _ages(pop: pd.DataFrame, ref: datetime) -> tuple[np.ndarray, np.ndarray]:
    ref64 = np.datetime64(ref.date(), "D")
    age = (ref64 - pop["birth"].to_numpy(dtype="datetime64[D]")).astype(float) / 365.25
    tenure = (ref64 - pop["appoint"].to_numpy(dtype="datetime64[D]")).astype(float) / 365.25
    return age, tenure


def _assign_subunits(rng: np.random.Generator, pop: pd.DataFrame, units: pd.DataFrame,
                     year: int) -> np.ndarray:
    """Sub-unit code per person ('' for none); 2025 staff keep their 2024 sub-unit if it fits."""
    out = np.full(len(pop), "", dtype=object)
    subs = units[units["level"] == "subunit"]
    prev = pop["subunit_prev"].to_numpy(dtype=object) if "subunit_prev" in pop else out
    for parent, grp in subs.groupby("parent", sort=False):
        members = np.flatnonzero(pop["opd"].to_numpy() == parent)
        free = set(members.tolist())
        for code, size in zip(grp["code"], grp[f"headcount_{year}"], strict=True):
            stay = members[prev[members] == code][: int(size)].tolist()
            free.difference_update(stay)
            pool = np.array(sorted(free), dtype=int)
            more = rng.choice(pool, size=int(size) - len(stay), replace=False)
            free.difference_update(more.tolist())
            out[np.array(stay + more.tolist(), dtype=int)] = code
    return out


def _build_population(rng: np.random.Generator, units: pd.DataFrame,
                      model: _Model) -> tuple[dict[int, pd.DataFrame], dict[int, np.ndarray]]:
    """The full staff of every OPD in 2024 and 2025, and their latent deviations ``z``."""
    hc = units.set_index("code")
    refs = {y: datetime(y, 10, 1) for y in YEARS}
    c24 = _opd_codes(units, 2024)
    opd = np.repeat(c24, hc.loc[c24, "headcount_2024"].to_numpy(dtype=int))
    pop24 = _people(rng, opd, hc.loc[opd, "opd_type"].to_numpy(dtype=object), refs[2024])
    pop24["nip"] = _unique_nips(rng, pop24["nip"])
    pop24["subunit"] = _assign_subunits(rng, pop24, units, 2024)
    z24 = _draw_latent(rng, len(pop24), model)

    parts, zs, hires = [], [], []
    for c in _opd_codes(units, 2025):
        n25 = int(hc.loc[c, "headcount_2025"])
        pool = np.flatnonzero(pop24["opd"].isin(_predecessors(units, c)).to_numpy())
        keep = np.sort(rng.choice(pool, size=min(round(_RETAINED * n25), len(pool)), replace=False))
        parts.append(pop24.iloc[keep].assign(opd=c, subunit_prev=pop24["subunit"].to_numpy()[keep],
                                             new=False))
        zs.append(_PERSISTENCE * z24[keep] + np.sqrt(1 - _PERSISTENCE**2)
                  * _draw_latent(rng, len(keep), model))
        hires += [c] * (n25 - len(keep))
    hires = np.array(hires, dtype=object)
    parts.append(_people(rng, hires, hc.loc[hires, "opd_type"].to_numpy(dtype=object), refs[2025],
                         new_hire=True).assign(subunit_prev="", new=True))
    zs.append(_draw_latent(rng, len(hires), model))
    pop25 = pd.concat(parts, ignore_index=True)
    is_new = pop25["new"].to_numpy(dtype=bool)
    nips = _unique_nips(rng, pd.concat([pop24["nip"], pop25.loc[is_new, "nip"]], ignore_index=True))
    pop25.loc[is_new, "nip"] = nips.iloc[len(pop24):].to_numpy()
    pop25["subunit"] = _assign_subunits(rng, pop25, units, 2025)
    pops = {2024: pop24.reset_index(drop=True), 2025: pop25.drop(columns=["subunit_prev", "new"])}
    return pops, {2024: z24, 2025: np.vstack(zs)}


def _simulate_year(rng: np.random.Generator, pop: pd.DataFrame, z: np.ndarray, year: int,
                   plan: dict, ins: Instrument, model: _Model) -> np.ndarray:
    """Answers (int8, as answered) of the whole staff of ``year``."""
    codes = list(plan["plan"][year])
    targets = np.array([plan["plan"][year][c] + plan["offsets"] + plan["interaction"][year][c]
                        for c in codes])
    mu = _solve_latent_means(targets, ins, model)
    unit = pd.Index(codes).get_indexer(pop["opd"])
    age, tenure = _ages(pop, datetime(year, 10, 1))
    demo = {"status": pop["status"].to_numpy(), "jabatan": pop["jabatan"].to_numpy(),
            "gender": pop["gender"].to_numpy(), "age": age, "tenure": tenure}
    eta = mu[unit] + _demographic_shift(demo, unit)[:, None] + z
    return _draw_items(rng, eta, ins, model).astype(np.int8)


# ---------------------------------------------------------------------------------------
# respondents and planted defects
# ---------------------------------------------------------------------------------------
#: Label variants within edit distance 2 (or case/space variants) of the real label, by code.
_TYPOS = {5: ("sangat setuju", "SANGAT SETUJU", "Sangat Stuju", "Sangat  Setuju", "Sangt Setuju",
              "sangat Setuju"),
          4: ("setuju", "SETUJU", " Setuju ", "Setju", "Stuju", "Setuju."),
          3: ("netral", "NETRAL", "Netrl", "Netral ", "Natral"),
          2: ("tidak setuju", "Tdk Setuju", "Tidak Stuju", "TIDAK SETUJU", "Tidak setuju"),
          1: ("sangat tidak setuju", "Sangat Tdk Setuju", "Sangat Tidak Stuju",
              "SANGAT TIDAK SETUJU")}
_ABBR = {5: "SS", 4: "S", 3: "N", 2: "TS", 1: "STS"}
_OUT_OF_RANGE = {2024: ("6", "0"), 2025: (0, 6, 9, 55)}
# cell kinds
_PLAIN, _BLANK, _OOR, _TYPO, _ABBRV, _TEXTNUM = range(6)


def _draw_respondents(rng: np.random.Generator, pops: dict[int, pd.DataFrame],
                      units: pd.DataFrame) -> dict[int, np.ndarray]:
    """Row positions of the respondents per year: ``round(N * rate)`` per OPD, rate 20-80%."""
    hc = units.set_index("code")
    rate24 = {c: rng.uniform(0.2, 0.8) for c in _opd_codes(units, 2024)}
    out = {}
    for year in YEARS:
        pop, picked = pops[year], []
        for c in _opd_codes(units, year):
            small = hc.loc[c, f"headcount_{year}"] <= _SMALL_MAX
            pre = _predecessors(units, c)[0] if year == 2025 else c
            r = rate24[pre] if year == 2024 else float(np.clip(rate24[pre] + rng.normal(0, 0.08),
                                                               0.2, 0.8))
            if small and year == 2024:
                r = rng.uniform(0.2, 0.3)
            elif hc.loc[c, f"headcount_{year}"] > 1000:  # keeps the province n in 4,000-6,000
                r = 0.5 + (r - 0.5) / 3
            members = np.flatnonzero(pop["opd"].to_numpy() == c)
            picked.append(rng.choice(members, size=max(1, round(len(members) * r)), replace=False))
        out[year] = np.sort(np.concatenate(picked))
    return out


def _survey_times(rng: np.random.Generator, n: int, year: int) -> np.ndarray:
    """Submission times, 1-15 October, mostly in working hours (datetime64[s])."""
    hours = np.arange(7, 23)
    w = np.array([2, 6, 9, 10, 10, 8, 6, 8, 8, 6, 4, 3, 3, 3, 2, 1], dtype=float)
    t = (np.datetime64(f"{year}-10-01T00:00:00", "s")
         + (rng.integers(0, 15, n) * 86400 + rng.choice(hours, n, p=w / w.sum()) * 3600
            + rng.integers(0, 3600, n)).astype("timedelta64[s]"))
    return t


def _break_flat(rng: np.random.Generator, codes: np.ndarray, kind: np.ndarray,
                rows: np.ndarray) -> None:
    """Change one answered cell of each row in ``rows`` whose answered cells are all equal."""
    valid = np.isin(kind, [_PLAIN, _TYPO, _ABBRV, _TEXTNUM])
    for r in rows:
        cols = np.flatnonzero(valid[r])
        if len(cols) >= 2 and np.all(codes[r, cols] == codes[r, cols[0]]):
            j = cols[rng.integers(0, len(cols))]
            codes[r, j] = codes[r, j] + 1 if codes[r, j] < 5 else codes[r, j] - 1


def _plant_defects(rng: np.random.Generator, resp: pd.DataFrame, answers: np.ndarray,
                   year: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, dict[str, int]]:
    """Add duplicate rows and choose the defective rows and cells.

    Returns the rows (respondents then second submissions, with ``flag`` and times), the codes,
    the cell kinds and the counts that do not depend on rendering.
    """
    n, n_items = answers.shape
    size = {k: int(round(_RATES[k] * n)) for k in
            ("duplicates", "straightliners", "too_few_answers", "mangled_nip")}
    size["speeders"] = int(round(_RATES["speeders"] * n)) if year == 2025 else 0
    size["unknown_unit_rows"] = int(rng.integers(4, 9))
    flag = np.full(n, "", dtype=object)
    perm, start = rng.permutation(n), 0
    for key, k in size.items():
        flag[perm[start:start + k]] = key
        start += k
    codes = answers.astype(np.int16)
    straight = flag == "straightliners"
    codes[straight] = rng.choice([3, 4, 4, 4, 5, 5], size=straight.sum())[:, None]

    finish = _survey_times(rng, n, year)
    dur = np.clip(rng.lognormal(np.log(480), 0.4, n), 240, 1200).astype(int)
    dur[flag == "speeders"] = rng.integers(25, 86, (flag == "speeders").sum())
    src = np.flatnonzero(flag == "duplicates")
    second = codes[src].copy()
    for r in range(len(src)):
        for j in rng.choice(n_items, size=rng.integers(1, 4), replace=False):
            second[r, j] += 1 if second[r, j] < 5 and (second[r, j] == 1 or rng.random() < .5) else -1
    end = np.datetime64(f"{year}-10-15T23:59:59", "s")
    room = (end - finish[src]).astype(float)
    gap = np.minimum(rng.uniform(1800, 172800, len(src)), room * rng.uniform(0.3, 0.9, len(src)))
    rows = pd.concat([resp.assign(flag=flag, resubmit=False),
                      resp.iloc[src].assign(flag="", resubmit=True)], ignore_index=True)
    rows["finish"] = np.concatenate([finish, finish[src] + gap.astype("timedelta64[s]")])
    rows["duration"] = np.concatenate([dur, np.clip(rng.lognormal(np.log(480), .4, len(src)),
                                                    240, 1200).astype(int)])
    codes = np.vstack([codes, second])

    kind = np.zeros(codes.shape, dtype=np.int8)
    few = np.flatnonzero(rows["flag"].to_numpy() == "too_few_answers")
    for r in few:
        kind[r, rng.integers(1, -(-n_items // 2)):] = _BLANK
    regular = np.flatnonzero(~rows["flag"].isin(["straightliners", "too_few_answers"]).to_numpy())
    cells = rng.permutation(len(regular) * n_items)
    start = 0
    cell_kinds = [("blank_cells", _BLANK), ("out_of_range_cells", _OOR),
                  ("misspelled_labels", _TYPO), ("abbreviations", _ABBRV)]
    if year == 2025:
        cell_kinds.append(("text_number_cells", _TEXTNUM))
    for key, k in cell_kinds:
        m = int(round(_RATES[key] * len(cells)))
        pick = cells[start:start + m]
        kind[regular[pick // n_items], pick % n_items] = k
        start += m
    _break_flat(rng, codes, kind, np.flatnonzero(~rows["flag"].eq("straightliners").to_numpy()))
    return rows, codes, kind, size


def _render_cells(rng: np.random.Generator, codes: np.ndarray, kind: np.ndarray, year: int,
                  labels: dict[int, str]) -> np.ndarray:
    """File content of every item cell: text labels (2024) or numbers with some text (2025)."""
    if year == 2024:
        out = np.array(["", *(labels[c] for c in range(1, 6))], dtype=object)[codes]
    else:
        out = codes.astype(object)
    out[kind == _BLANK] = "" if year == 2024 else None
    oor = np.flatnonzero(kind.ravel() == _OOR)
    opts = np.array(_OUT_OF_RANGE[year], dtype=object)
    out.ravel()[oor] = opts[rng.integers(0, len(opts), len(oor))]
    for flat in np.flatnonzero(kind.ravel() == _TYPO):
        variants = _TYPOS[int(codes.ravel()[flat])]
        out.ravel()[flat] = variants[rng.integers(0, len(variants))]
    abbr = np.array(["", *(_ABBR[c] for c in range(1, 6))], dtype=object)
    out[kind == _ABBRV] = abbr[codes[kind == _ABBRV]]
    out[kind == _TEXTNUM] = codes[kind == _TEXTNUM].astype(str).astype(object)
    return out


def _name_variant(rng: np.random.Generator, name: str, aliases: str) -> str:
    opts = [a for a in aliases.split("|") if a] if aliases else []
    opts += [name.lower(), name.upper(), name + " ", " " + name]
    if " " in name:
        opts.append(name.replace(" ", "  ", 1))
    opts = [o for o in opts if o != name]
    return opts[rng.integers(0, len(opts))]


def _identity_columns(rng: np.random.Generator, rows: pd.DataFrame, units: pd.DataFrame,
                      year: int) -> tuple[dict[str, list], int]:
    """OPD / sub-unit text (with variants and the unknown unit), NIP (some mangled), bands."""
    hc = units.set_index("code")
    flag = rows["flag"].to_numpy()
    n = len(rows)
    opd_text = hc.loc[rows["opd"], "name"].to_numpy(dtype=object).copy()
    unknown = flag == "unknown_unit_rows"
    opd_text[unknown] = UNKNOWN_UNIT
    eligible = np.flatnonzero(~unknown)
    variants = rng.choice(eligible, size=int(round(_RATES["unit_name_variants"] * n)), replace=False)
    names, aliases = hc["name"].to_dict(), hc["aliases"].to_dict()
    opd_codes = rows["opd"].to_numpy(dtype=object)
    for i in variants:
        opd_text[i] = _name_variant(rng, names[opd_codes[i]], aliases[opd_codes[i]])
    sub = rows["subunit"].to_numpy(dtype=object)
    sub_text = np.where((sub != "") & ~unknown & (rng.random(n) < 0.85),
                        hc.reindex(sub)["name"].to_numpy(dtype=object), "")
    nip: list[object] = rows["nip"].tolist()
    for i in np.flatnonzero(flag == "mangled_nip"):
        if year == 2024:
            txt = f"{float(nip[i]):.5E}"
            nip[i] = txt.replace(".", ",") if rng.random() < 0.7 else txt
        else:
            nip[i] = float(nip[i][:15] + "000")
    age, tenure = _ages(rows, datetime(year, 10, 1))
    cols = {"nip": nip, "opd": opd_text.tolist(), "subunit": sub_text.tolist(),
            "age": _age_band(age).tolist(), "tenure": _tenure_band(tenure).tolist()}
    return cols, len(variants)


def _item_headers_2024(ins: Instrument) -> list[str]:
    """Google Forms grid headers; four of them edited by hand (bare text, spacing, case)."""
    edits = {"AK3": lambda t: t.replace(" kewenangan", "  kewenangan"),
             "HA2": str.lower, "LO3": lambda t: t + " ",
             "KL2": lambda t: "saya" + t[4:]}
    return [edits[it.code](it.text) if it.code in edits else f"{ins.value_name(it.value)} [{it.text}]"
            for it in ins.items]


_META_2024 = ["Stempel waktu", "Alamat email", "Nama Lengkap", "NIP", "Nomor HP",
              "Unit Kerja (OPD)", "Bidang / UPT", "Status Kepegawaian", "Jenis Jabatan", "Golongan",
              "Jenis Kelamin", "Usia", "Masa Kerja"]
_META_2025 = ["No", "Waktu Mulai", "Waktu Selesai", "NIP", "Nama", "Email", "No. HP", "OPD",
              "Sub Unit", "Status Kepegawaian", "Jenis Jabatan", "Golongan", "Jenis Kelamin",
              "Usia", "Masa Kerja"]
_PETUNJUK = (
    "Survei Budaya Kerja ASN BerAKHLAK 2025",
    f"Pemerintah {PROVINCE}",
    "PERHATIAN: seluruh isi berkas ini adalah data SINTETIS untuk pelatihan dan pengujian, "
    "bukan data pegawai sebenarnya.",
    "Periode pengisian: 1-15 Oktober 2025. Diekspor dari aplikasi survei Biro Organisasi.",
    "Lembar 'Jawaban' berisi satu baris untuk setiap pengiriman jawaban.",
    "Kolom BP1 sampai KL4 adalah kode butir pernyataan instrumen berakhlak-2025.",
    "Kode jawaban: 1 = Sangat Tidak Setuju, 2 = Tidak Setuju, 3 = Netral, 4 = Setuju, "
    "5 = Sangat Setuju.",
    "Butir KO4 dan AD4 berupa pernyataan negatif; skornya dibalik saat pengolahan.",
)


def _ordered(rows: pd.DataFrame) -> np.ndarray:
    return np.lexsort((np.arange(len(rows)), rows["finish"].to_numpy()))


def _meta_lists(rows: pd.DataFrame, order: np.ndarray) -> dict[str, list]:
    keys = ("email", "name", "phone", "status", "jabatan", "golongan", "gender")
    return {k: rows[k].to_numpy(dtype=object)[order].tolist() for k in keys}


def _write_csv_2024(path: Path, rows: pd.DataFrame, cells: np.ndarray, ident: dict,
                    ins: Instrument) -> None:
    """Google Forms export re-saved by Indonesian Excel: ';', UTF-8 with BOM, CRLF."""
    order = _ordered(rows)
    m = _meta_lists(rows, order)
    finish = pd.DatetimeIndex(rows["finish"]).strftime("%d/%m/%Y %H:%M:%S")[order]
    idn = {k: np.asarray(v, dtype=object)[order] for k, v in ident.items()}
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(_META_2024 + _item_headers_2024(ins))
        for k, i in enumerate(order):
            w.writerow([finish[k], m["email"][k], m["name"][k], idn["nip"][k], m["phone"][k],
                        idn["opd"][k], idn["subunit"][k], m["status"][k], m["jabatan"][k],
                        m["golongan"][k], m["gender"][k], idn["age"][k], idn["tenure"][k],
                        *cells[i]])


def _col_letter(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _xml_cell(ref: str, value: object, style: int = 0) -> str:
    """One worksheet cell: number, date (style 1) or inline string; '' for an empty cell."""
    if type(value) is int:
        return f'<c r="{ref}"><v>{value}</v></c>'
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        serial = (value - datetime(1899, 12, 30)).total_seconds() / 86400
        return f'<c r="{ref}" s="1"><v>{serial!r}</v></c>'
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _xml_sheet(rows: list[list[object]], header: bool) -> str:
    letters = [_col_letter(j) for j in range(max(len(r) for r in rows))]
    pane = ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' if header else "")
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS_MAIN}">'
           f"{pane}<sheetData>"]
    for i, row in enumerate(rows, start=1):
        style = 2 if header and i == 1 else 0
        cells = "".join(_xml_cell(f"{letters[j]}{i}", v, style) for j, v in enumerate(row))
        out.append(f'<row r="{i}">{cells}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument."
_XLSX_STATIC = {
    "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}spreadsheetml.'
        'worksheet+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{_CT}spreadsheetml.'
        'worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_CT}extended-properties+xml"/>'
        "</Types>",
    "_rels/.rels":
        f'<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" '
        'Target="docProps/app.xml"/></Relationships>',
    "docProps/app.xml":
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>Aplikasi Survei BerAKHLAK (contoh sintetis)'
        "</Application></Properties>",
    "docProps/core.xml":
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>Survei Budaya Kerja ASN BerAKHLAK 2025 (contoh sintetis)</dc:title>"
        "<dc:creator>Aplikasi Survei BerAKHLAK (contoh sintetis)</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-10-16T08:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-10-16T08:00:00Z</dcterms:modified>'
        "</cp:coreProperties>",
    "xl/workbook.xml":
        f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
        '<sheet name="Petunjuk" sheetId="1" r:id="rId1"/>'
        '<sheet name="Jawaban" sheetId="2" r:id="rId2"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<Relationships xmlns="{_NS_PKG}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_NS_REL}/worksheet" Target="worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId3" Type="{_NS_REL}/styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml":
        f'<styleSheet xmlns="{_NS_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm:ss"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="3">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>",
}


def _write_xlsx_2025(path: Path, rows: pd.DataFrame, cells: np.ndarray, ident: dict,
                     ins: Instrument) -> None:
    """Survey-app workbook (sheets Petunjuk, Jawaban), written as plain SpreadsheetML.

    Inline strings, one date style; every zip entry has a fixed time and a fixed order, so the
    bytes depend only on the content.
    """
    order = _ordered(rows)
    m = _meta_lists(rows, order)
    finish = pd.DatetimeIndex(rows["finish"]).to_pydatetime()[order]
    dur = rows["duration"].to_numpy()[order]
    idn = {k: np.asarray(v, dtype=object)[order] for k, v in ident.items()}
    table: list[list[object]] = [_META_2025 + ins.item_codes]
    for k, i in enumerate(order):
        end = finish[k]
        table.append([k + 1, end - timedelta(seconds=int(dur[k])), end, idn["nip"][k],
                      m["name"][k], m["email"][k], m["phone"][k], idn["opd"][k],
                      idn["subunit"][k], m["status"][k], m["jabatan"][k], m["golongan"][k],
                      m["gender"][k], idn["age"][k], idn["tenure"][k], *cells[i]])
    parts = dict(_XLSX_STATIC)
    parts["xl/worksheets/sheet1.xml"] = _xml_sheet([[line] for line in _PETUNJUK], header=False)
    parts["xl/worksheets/sheet2.xml"] = _xml_sheet(table, header=True)
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            body = text if text.startswith("<?xml") else head + text
            zf.writestr(info, body.encode("utf-8"))


def _count_rendered(rows: pd.DataFrame, codes: np.ndarray, kind: np.ndarray,
                    size: dict[str, int], variants: int) -> dict[str, int]:
    return {
        "duplicates": size["duplicates"], "straightliners": size["straightliners"],
        "too_few_answers": size["too_few_answers"], "speeders": size["speeders"],
        "mangled_nip": size["mangled_nip"], "unknown_unit_rows": size["unknown_unit_rows"],
        "unit_name_variants": variants, "blank_cells": int((kind == _BLANK).sum()),
        "out_of_range_cells": int((kind == _OOR).sum()),
        "misspelled_labels": int((kind == _TYPO).sum()),
        "abbreviations": int((kind == _ABBRV).sum()),
        "text_number_cells": int((kind == _TEXTNUM).sum()),
    }


# ---------------------------------------------------------------------------------------
# truth, indicators, action plans
# ---------------------------------------------------------------------------------------
def _truth_year(pop: pd.DataFrame, answers: np.ndarray, picked: np.ndarray, ins: Instrument,
                plan: dict, year: int) -> dict:
    scores = _score(answers, ins)
    frame = pd.DataFrame(scores, columns=ins.value_codes)
    frame["culture_index"] = scores.mean(axis=1)
    frame["opd"] = pop["opd"].to_numpy()
    frame["subunit"] = pop["subunit"].to_numpy()
    frame["responded"] = np.isin(np.arange(len(pop)), picked)
    cols = [*ins.value_codes, "culture_index"]

    def summary(g: pd.DataFrame, key: str | None) -> dict:
        grouped = g.groupby(key, sort=True) if key else g.assign(_all=0).groupby("_all")
        means = grouped[cols].mean().to_dict("index")
        counts = grouped["responded"].agg(["size", "sum"]).to_dict("index")
        return {k: {"N": int(counts[k]["size"]), "n": int(counts[k]["sum"]),
                    "culture_index": m["culture_index"],
                    "category": ins.categorize(m["culture_index"]).iloc[0],
                    "values": {v: m[v] for v in ins.value_codes}}
                for k, m in means.items()}

    opd = summary(frame, "opd")
    for c, d in opd.items():
        d.update(planned_index=plan["plan"][year][c], change=plan["change"][c])
    subs = summary(frame[frame["subunit"] != ""], "subunit")
    for d in subs.values():
        d.pop("values")
    province = summary(frame, None)[0]
    province["planned_index"] = _PROVINCE_LEVEL[year]
    return {"instrument": ins.name, "province": province, "opd": opd, "subunits": subs}


def _orthogonal_noise(rng: np.random.Generator, z: np.ndarray) -> np.ndarray:
    e = rng.standard_normal(len(z))
    e -= e.mean()
    e -= z * (e @ z) / (z @ z)
    return e / e.std()


def _indicators(rng: np.random.Generator, truth: dict) -> pd.DataFrame:
    """Attendance (r = .5 with the true index) and discipline cases (r = -.4) per OPD-year."""
    parts = []
    for year in YEARS:
        opd = truth[str(year)]["opd"]
        codes = sorted(opd)
        x = np.array([opd[c]["culture_index"] for c in codes])
        z = (x - x.mean()) / x.std()
        att = 94.0 + 2.2 * (0.5 * z + np.sqrt(0.75) * _orthogonal_noise(rng, z))
        dis = 1.4 * np.exp(0.45 * (-0.4 * z + np.sqrt(0.84) * _orthogonal_noise(rng, z)))
        parts.append(pd.DataFrame({"opd": codes, "year": year,
                                   "attendance_rate": np.round(np.clip(att, 80, 99.9), 1),
                                   "discipline_cases": np.round(dis, 2)}))
    return pd.concat(parts, ignore_index=True)


_ACTIONS = {
    "berorientasi_pelayanan": (
        "Pelatihan pelayanan prima bagi petugas loket",
        "Survei kepuasan masyarakat setiap triwulan",
        "Penyusunan standar pelayanan dan maklumat pelayanan",
        "Kanal pengaduan daring dengan tindak lanjut paling lama tiga hari kerja"),
    "akuntabel": (
        "Sosialisasi kode etik dan pencegahan gratifikasi",
        "Penerapan presensi elektronik berbasis lokasi",
        "Inventarisasi dan pelabelan barang milik daerah",
        "Penandatanganan pakta integritas oleh seluruh pegawai"),
    "kompeten": (
        "Program coaching dan mentoring oleh pejabat fungsional senior",
        "Forum berbagi pengetahuan bulanan antarbidang",
        "Pemenuhan 20 jam pelajaran pengembangan kompetensi per pegawai",
        "Pelatihan literasi digital bagi pelaksana"),
    "harmonis": (
        "Kegiatan kebersamaan lintas bidang setiap bulan",
        "Apel pagi dengan penyampaian apresiasi pegawai teladan",
        "Penyediaan ruang laktasi dan ruang ibadah yang layak"),
    "loyal": (
        "Apel kebangsaan dan pembacaan Panca Prasetya Korpri",
        "Sosialisasi pengelolaan informasi yang dikecualikan",
        "Pedoman penggunaan media sosial bagi ASN"),
    "adaptif": (
        "Kompetisi inovasi pelayanan tingkat perangkat daerah",
        "Digitalisasi arsip dan tata naskah dinas elektronik",
        "Penerapan rapat tanpa kertas",
        "Klinik inovasi bersama Bapperida"),
    "kolaboratif": (
        "Rapat koordinasi lintas perangkat daerah setiap triwulan",
        "Perjanjian kerja sama dengan perguruan tinggi setempat",
        "Tim kerja lintas bidang untuk program prioritas daerah"),
}


def _action_plans(rng: np.random.Generator, truth: dict, units: pd.DataFrame) -> pd.DataFrame:
    """Rencana Aksi 2025: 2-4 actions per OPD aimed at its weakest 2024 values; completion
    (as of 2025-10-31) rises modestly with the OPD's true change 2024 -> 2025."""
    asof = np.datetime64("2025-10-31", "D")
    t24, t25 = truth["2024"]["opd"], truth["2025"]["opd"]
    hc = units.set_index("code")
    codes = sorted(t25)
    change, weak = [], []
    for c in codes:
        pre = _predecessors(units, c)
        w = hc.loc[pre, "headcount_2024"].to_numpy(dtype=float)
        before = np.average([t24[p]["culture_index"] for p in pre], weights=w)
        change.append(t25[c]["culture_index"] - before)
        weak.append({v: np.average([t24[p]["values"][v] for p in pre], weights=w)
                     for v in _ACTIONS})
    change = np.array(change)
    completion = 0.5 + 0.10 * (change - change.mean()) / change.std() + rng.normal(0, .17, len(codes))
    rows = []
    for c, comp, scores in zip(codes, completion, weak, strict=True):
        vals = list(scores)
        s = np.array([scores[v] for v in vals])
        p = np.exp(-(s - s.min()) / 3)
        chosen = rng.choice(vals, size=rng.integers(2, 5), replace=False, p=p / p.sum())
        for v in chosen:
            start = np.datetime64("2025-01-06", "D") + rng.integers(0, 270)
            due = min(start + rng.integers(45, 240), np.datetime64("2025-12-31", "D"))
            f = float(np.clip((asof - start) / (due - start), 0, 1.3))
            prog = float(np.clip(f * (0.15 + 0.95 * comp) + rng.normal(0, 0.1), 0, 1))
            if rng.random() < 0.3 * (1 - comp):
                prog = 0.0
            prog = 100 if prog > 0.95 else int(round(100 * prog))
            status = "Selesai" if prog == 100 else "Belum Mulai" if prog == 0 else "Berjalan"
            action = _ACTIONS[v][rng.integers(0, len(_ACTIONS[v]))]
            rows.append((c, v, action, str(start), str(due), prog, status))
    return pd.DataFrame(rows, columns=["opd", "value", "action", "start_date", "due_date",
                                       "progress", "status"])


def _rounded(obj: object) -> object:
    if isinstance(obj, dict):
        return {str(k): _rounded(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_rounded(v) for v in obj]
    if isinstance(obj, float | np.floating):
        return round(float(obj), 6)
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


# ---------------------------------------------------------------------------------------
# the public entry point
# ---------------------------------------------------------------------------------------
FILES = ("units.csv", "responses_2024.csv", "responses_2025.xlsx", "truth.json",
         "indicators.csv", "action_plans_2025.csv")


def write_sample(out_dir: str | Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write the synthetic sample data set for the fictional province.

    Simulates the full staff of about 45 OPDs in 2024 and 2025 (reorganised between the two
    years: one rename, one merge), draws the respondents, plants data defects at known rates and
    writes the files below. The same seed gives byte-identical files.

    Parameters
    ----------
    out_dir : str or Path
        Folder to write to (created if needed). ``analysis.yaml`` and ``README.md`` in it are
        left alone.
    seed : int, default 20251
        Seed of every random draw.

    Returns
    -------
    dict
        File name -> path, for ``units.csv`` (unit table), ``responses_2024.csv`` (Google Forms
        export: ``;``, UTF-8 with BOM, CRLF, text answers), ``responses_2025.xlsx`` (survey-app
        workbook, sheets ``Petunjuk`` and ``Jawaban``, coded 1-5), ``truth.json`` (model,
        finite-population truth per year and OPD, planted defect counts), ``indicators.csv``
        (``opd, year, attendance_rate, discipline_cases``) and ``action_plans_2025.csv``
        (``opd, value, action, start_date, due_date, progress, status``).

    Examples
    --------
    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_sample(tmp)
    ...     truth = json.loads(paths["truth.json"].read_text(encoding="utf-8"))
    >>> sorted(paths)
    ['action_plans_2025.csv', 'indicators.csv', 'responses_2024.csv', 'responses_2025.xlsx', 'truth.json', 'units.csv']
    >>> round(truth["years"]["2024"]["province"]["culture_index"], 1)
    76.4
    >>> truth["reorganisation"]["merged"]
    {'DISBUDPARPORA': ['DISBUDPAR', 'DISPORA']}
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ins = {y: load_instrument(INSTRUMENTS[y]) for y in YEARS}

    def rng(k: int) -> np.random.Generator:
        return np.random.default_rng([seed, k])

    units = _build_units(rng(10))
    model = _make_model(rng(11), ins[2025])
    plan = _plan_levels(rng(12), units, ins[2025])
    pops, z = _build_population(rng(13), units, model)
    answers = {y: _simulate_year(rng(y), pops[y], z[y], y, plan, ins[y], model) for y in YEARS}
    picked = _draw_respondents(rng(14), pops, units)
    years = {str(y): _truth_year(pops[y], answers[y], picked[y], ins[y], plan, y) for y in YEARS}

    paths = {name: out / name for name in FILES}
    labels = dict(ins[2024].scale.labels["agreement"])
    for y in YEARS:
        r = rng(100 + y)
        resp = pops[y].iloc[picked[y]].reset_index(drop=True)
        rows, codes, kind, size = _plant_defects(r, resp, answers[y][picked[y]], y)
        cells = _render_cells(r, codes, kind, y, labels)
        ident, variants = _identity_columns(r, rows, units, y)
        if y == 2024:
            _write_csv_2024(paths["responses_2024.csv"], rows, cells, ident, ins[y])
        else:
            _write_xlsx_2025(paths["responses_2025.xlsx"], rows, cells, ident, ins[y])
        years[str(y)]["defects"] = _count_rendered(rows, codes, kind, size, variants)
        years[str(y)]["rows_in_file"] = len(rows)

    values = ins[2025].value_codes
    truth = {
        "seed": seed, "province": PROVINCE, "generator": "akhlak_analysis.data.sample.write_sample",
        "loadings": model.loadings,
        "latent_correlations": {v: dict(zip(values, model.corr[i].tolist(), strict=True))
                                for i, v in enumerate(values)},
        "thresholds": model.thresholds.tolist(), "value_offsets": _VALUE_OFFSETS,
        "demographic_effects": _DEMOGRAPHIC_EFFECTS, "persistence": _PERSISTENCE,
        "province_trend_2025": plan["trend"],
        "reorganisation": {"renamed": {RENAME[0]: RENAME[1]},
                           "merged": {MERGE[1]: list(MERGE[0])}},
        "years": years,
    }
    units.to_csv(paths["units.csv"], index=False, lineterminator="\n")
    _indicators(rng(15), years).to_csv(paths["indicators.csv"], index=False, lineterminator="\n")
    _action_plans(rng(16), years, units).to_csv(paths["action_plans_2025.csv"], index=False,
                                                 lineterminator="\n")
    paths["truth.json"].write_text(json.dumps(_rounded(truth), sort_keys=True, indent=1,
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    return paths
