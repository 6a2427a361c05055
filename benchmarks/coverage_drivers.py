"""Coverage of the key-driver bootstrap intervals against the finite-population truth.

One fixed province is simulated with the sample generator's latent model
(:mod:`akhlak_analysis.data.sample`: unit effects, value intercepts, OPD-by-value
interactions; outcomes driven by the planted weights of
:mod:`akhlak_analysis.data.sample.extras`). The FULL staff of every unit answers the values and
the outcome scales, so the truth is the relative weight and general dominance of each value in
the whole staff (from the population correlation matrix of the observed scores). Each
replication draws the respondents as the generator does (a simple random sample of
``round(N * rate)`` persons per unit, rates 20-80% by unit, fixed across replications) and
runs :func:`akhlak_analysis.stats.drivers.key_drivers` with the unit table (headcount weights,
finite-population correction in the Rao-Wu bootstrap, ``draws`` bootstrap draws).

Printed: per outcome and value the share of 95% intervals covering the truth (relative weight,
general dominance), their mean over the values, the coverage of R², and the share of
replications in which the planted strongest driver ranks first. Nominal 95%; with 200
replications and 7 values per outcome the Monte-Carlo SE of a mean coverage is about 1 point
(each value's about 1.5 points).

Usage: ``python benchmarks/coverage_drivers.py [--reps 200] [--units 30] [--draws 1000]
[--seed 1]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import akhlak_analysis as ak
from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.data.sample import _model as gen  # the generator's latent model
from akhlak_analysis.data.sample import extras, simulate_units
from akhlak_analysis.stats import drivers as sd

INS = ak.load_instrument("berakhlak-2025")
PLUS = ak.load_instrument("berakhlak-2025-plus")


def population(n_units: int, seed: int) -> tuple[pd.DataFrame, UnitTable]:
    """Value and outcome scores of the full staff, with ``opd``; and the unit table."""
    rng = np.random.default_rng([seed, 21])
    units = simulate_units(n_units, seed)
    model = gen.make_model(rng, INS)
    hc = units["headcount_2025"].to_numpy(dtype=int)
    a = gen.opd_effects(rng, n_units)
    a -= np.average(a, weights=hc)
    offsets = np.array([gen.VALUE_OFFSETS.get(v, 0.0) for v in INS.value_codes])
    target = (gen.PROVINCE_LEVEL[2025] + a[:, None] + offsets[None, :]
              + gen.draw_interactions(rng, n_units, len(offsets)))
    mu = gen.solve_latent_means(np.clip(target, 5, 95), INS, model)
    unit = np.repeat(np.arange(n_units), hc)
    eta = mu[unit] + gen.draw_latent(rng, len(unit), model)
    values = gen.score_answers(gen.draw_items(rng, eta, INS, model), INS)
    loadings = extras.outcome_loadings(rng, PLUS)
    answers, _ = extras.draw_outcomes(rng, eta, PLUS, model, loadings)
    outcomes = gen.score_answers(answers, PLUS.outcome_instrument())
    frame = pd.DataFrame(np.column_stack([values, outcomes]),
                         columns=[*INS.value_codes, *PLUS.outcome_codes])
    frame["opd"] = units["code"].to_numpy()[unit]
    table = units.assign(aliases=[[] for _ in range(len(units))])
    return frame, UnitTable(table)


def truth(pop: pd.DataFrame, outcome: str) -> tuple[np.ndarray, np.ndarray]:
    corr = pop[[*INS.value_codes, outcome]].corr().to_numpy()
    return sd.relative_weights(corr), sd.dominance(corr)[0]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=200)
    p.add_argument("--units", type=int, default=30)
    p.add_argument("--draws", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    pop, units = population(args.units, args.seed)
    rng = np.random.default_rng([args.seed, 22])
    codes = units.table["code"].to_numpy()
    rate = dict(zip(codes, rng.uniform(0.2, 0.8, len(codes)), strict=True))
    members = {c: np.flatnonzero(pop["opd"].to_numpy() == c) for c in codes}
    true = {o: truth(pop, o) for o in PLUS.outcome_codes}
    hits = {o: {"rw": [], "gd": [], "r2": [], "first": []} for o in PLUS.outcome_codes}
    start = time.perf_counter()
    for rep in range(args.reps):
        rows = np.concatenate([rng.choice(m, size=max(1, round(len(m) * rate[c])),
                                          replace=False) for c, m in members.items()])
        sample = pop.iloc[np.sort(rows)]
        for k, o in enumerate(PLUS.outcome_codes):
            res = sd.key_drivers(sample, outcome=o, predictors=INS.value_codes, units=units,
                                 year=2025, draws=args.draws, seed=[args.seed, rep, k])
            t = res.table.set_index("predictor").loc[INS.value_codes]
            rw, gd = true[o]
            hits[o]["rw"].append(((t["ci_low"] <= rw) & (rw <= t["ci_high"])).to_numpy())
            hits[o]["gd"].append(((t["dominance_ci_low"] <= gd)
                                  & (gd <= t["dominance_ci_high"])).to_numpy())
            hits[o]["r2"].append(res.r2_ci_low <= rw.sum() <= res.r2_ci_high)
            planted = extras.OUTCOME_WEIGHTS[o]
            hits[o]["first"].append(res.table["predictor"].iloc[0] == max(planted,
                                                                          key=planted.get))
    elapsed = time.perf_counter() - start
    print(f"{args.reps} replications, {len(pop)} staff in {args.units} units, about "
          f"{len(sample)} respondents, {args.draws} bootstrap draws: {elapsed:.0f} s")
    for o, h in hits.items():
        rw, gd = np.mean(h["rw"], axis=0), np.mean(h["gd"], axis=0)
        print(f"\n{o}: coverage of the 95% intervals (truth = whole staff)")
        print(pd.DataFrame({"relative_weight": rw, "general_dominance": gd},
                           index=INS.value_codes).mul(100).round(1).to_string())
        print(f"mean over values: relative weight {100 * rw.mean():.1f}%, general dominance "
              f"{100 * gd.mean():.1f}%; R² {100 * np.mean(h['r2']):.1f}%; planted strongest "
              f"driver ranked first in {100 * np.mean(h['first']):.1f}% of replications")


if __name__ == "__main__":
    main()
