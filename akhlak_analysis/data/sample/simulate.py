"""The synthetic sample: simulate (see :mod:`akhlak_analysis.data.sample`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...instrument import load_instrument
from ._model import (
    PROVINCE_LEVEL,
    VALUE_OFFSETS,
    demographic_shift,
    draw_demographics,
    draw_interactions,
    draw_items,
    draw_latent,
    make_model,
    opd_effects,
    solve_latent_means,
)


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
    model = make_model(rng, ins)
    col = f"headcount_{year}" if f"headcount_{year}" in units else "headcount_2025"
    weights = units[col].to_numpy(dtype=float)
    level = PROVINCE_LEVEL.get(year, PROVINCE_LEVEL[2025])
    a = opd_effects(rng, n_units)
    a -= np.average(a, weights=weights)
    offsets = np.array([VALUE_OFFSETS.get(v, 0.0) for v in ins.value_codes])
    targets = level + a[:, None] + offsets[None, :] + draw_interactions(rng, n_units, len(offsets))
    mu = solve_latent_means(np.clip(targets, 5, 95), ins, model)

    unit = np.repeat(np.arange(n_units), rng.multinomial(n_respondents, weights / weights.sum()))
    opd_type = units["opd_type"].to_numpy(dtype=object)
    demo = draw_demographics(rng, opd_type[unit])
    eta = draw_latent(rng, n_respondents, model)
    eta += mu[unit]
    eta += demographic_shift(demo, unit)[:, None]
    answers = draw_items(rng, eta, ins, model)
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
