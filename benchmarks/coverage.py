"""Coverage of the 95% intervals against the finite-population truth, on the sample's model.

One fixed province is simulated with the latent model of :mod:`akhlak_analysis.data.sample`
(``akhlak_analysis.data.sample._model``: unit effects, value intercepts, OPD-by-value interactions, demographic shifts, 93% of the
staff retained from one year to the next with latent persistence .7): the FULL staff of every
unit answers in both years, so the truth is the finite-population mean (per unit, for the
province, and the change). Each replication then draws the respondents as the generator does:
a simple random sample of ``round(N * rate)`` persons per unit and year, rates 20-80% by unit,
independently in the two years. A second scenario ("persistent responders") lets people who
answered the first year nine times likelier to be drawn again (the year's rate kept, and every
person's chance of being drawn the same), so the two years' samples overlap more than by chance
and the change's covariance matters.

Printed: the share of intervals covering the truth for the headline (stratified default and
the cluster option), the OPD indices (every unit and replication), the province change
(overlap default, independent and paired options) and the OPD changes (every unit and
replication; overlap default and independent option). Nominal 95%; Monte-Carlo SE about 1.5
points at 200 replications.

Usage: ``python benchmarks/coverage.py [--reps 200] [--units 30] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import akhlak_analysis as ak
from akhlak_analysis.data.io import UnitTable
from akhlak_analysis.data.sample import _model as gen  # the generator's latent model
from akhlak_analysis.data.sample import simulate_units
from akhlak_analysis.stats.change import compare_years
from akhlak_analysis.stats.overlap import survey_change
from akhlak_analysis.stats.scoring import index_table, overall_index, score_respondents

INS = ak.load_instrument("berakhlak-2025")
YEARS = (2024, 2025)


def population(n_units: int, seed: int) -> tuple[dict[int, pd.DataFrame], UnitTable]:
    """Scored full staff of both years (person ids stable) and the unit table."""
    rng = np.random.default_rng([seed, 11])
    units = simulate_units(n_units, seed)
    model = gen.make_model(rng, INS)
    hc = units["headcount_2025"].to_numpy(dtype=int)
    a = gen.opd_effects(rng, n_units)
    a -= np.average(a, weights=hc)
    offsets = np.array([gen.VALUE_OFFSETS.get(v, 0.0) for v in INS.value_codes])
    change = rng.normal(0.0, 1.5, n_units)
    mu = {}
    for y in YEARS:
        target = (gen.PROVINCE_LEVEL[y] + a[:, None] + offsets[None, :]
                  + gen.draw_interactions(rng, n_units, len(offsets))
                  + (change[:, None] if y == 2025 else 0.0))
        mu[y] = gen.solve_latent_means(np.clip(target, 5, 95), INS, model)
    unit = np.repeat(np.arange(n_units), hc)
    n = len(unit)
    opd_type = units["opd_type"].to_numpy(dtype=object)
    z1 = gen.draw_latent(rng, n, model)
    retained = rng.random(n) < gen.RETAINED
    z2 = np.where(retained[:, None], gen.PERSISTENCE * z1 + np.sqrt(1 - gen.PERSISTENCE**2)
                  * gen.draw_latent(rng, n, model), gen.draw_latent(rng, n, model))
    ids = np.array([f"P{i:06d}" for i in range(n)], dtype=object)
    new_ids = np.array([f"H{i:06d}" for i in range(n)], dtype=object)
    pops = {}
    for y, z in ((2024, z1), (2025, z2)):
        demo = gen.draw_demographics(rng, opd_type[unit])
        eta = mu[y][unit] + gen.demographic_shift(demo, unit)[:, None] + z
        answers = gen.draw_items(rng, eta, INS, model)
        frame = pd.DataFrame(answers, columns=INS.item_codes)
        frame["opd"] = units["code"].to_numpy(dtype=object)[unit]
        frame["respondent_id"] = ids if y == 2024 else np.where(retained, ids, new_ids)
        frame["year"] = y
        scores = score_respondents(frame, instrument=INS)
        pops[y] = pd.concat([frame[INS.item_codes], scores], axis=1)  # items: compare_years
    units = units.assign(aliases=[[] for _ in range(n_units)], headcount_2024=hc,
                         headcount_2025=hc).replace({"": None})
    units = units.astype({"headcount_2024": "Int64", "headcount_2025": "Int64"})
    return pops, UnitTable(units)


def draw(rng: np.random.Generator, pops: dict[int, pd.DataFrame], rates: np.ndarray,
         persistent: bool) -> dict[int, pd.DataFrame]:
    """One replication's respondents: SRS per unit and year at the unit's rate."""
    out = {}
    first = None
    for y in YEARS:
        pop = pops[y]
        codes, uniq = pd.factorize(pop["opd"], sort=True)
        keep = np.zeros(len(pop), dtype=bool)
        for j in range(len(uniq)):
            members = np.flatnonzero(codes == j)
            k = max(2, round(len(members) * rates[j]))
            if persistent and first is not None:
                # favoured: answered last year, or (new hire) as likely as a stayer to have
                # answered, so every person keeps the same chance of being drawn
                ids = pop["respondent_id"].to_numpy()[members]
                hire = np.char.startswith(ids.astype(str), "H")
                again = np.where(hire, rng.random(len(members)) < rates[j], np.isin(ids, first))
                p = np.where(again, 0.9, 0.1)
                pick = rng.choice(members, size=k, replace=False, p=p / p.sum())
            else:
                pick = rng.choice(members, size=k, replace=False)
            keep[pick] = True
        out[y] = pop[keep]
        first = out[y]["respondent_id"].to_numpy()
    return out


def run(pops, units, truth, rates, reps, rng, persistent: bool) -> dict[str, float]:
    hits: dict[str, list] = {k: [] for k in ("headline (stratified, default)",
                                            "headline (cluster option)",
                                            "OPD indices (every unit x replication)",
                                            "change (overlap, default)",
                                            "change (independent option)",
                                            "change (paired option)",
                                            "OPD changes (overlap, default)",
                                            "OPD changes (independent option)")}
    hc = {y: units.headcount(y) for y in YEARS}
    for _ in range(reps):
        s = draw(rng, pops, rates, persistent)
        for key, iv in (("headline (stratified, default)", "stratified"),
                        ("headline (cluster option)", "cluster")):
            h = overall_index(s[2025], units=units, year=2025, instrument=INS,
                              method=iv).iloc[0]
            hits[key].append(h["ci_low"] <= truth["province"][2025] <= h["ci_high"])
        t = index_table(s[2025], units=units, year=2025, instrument=INS, min_n=1)
        t = t.set_index("unit")
        true_opd = truth["opd"][2025].reindex(t.index)
        hits["OPD indices (every unit x replication)"].extend(
            ((t["ci_low"] <= true_opd) & (true_opd <= t["ci_high"])).tolist())
        for key, method in (("change (overlap, default)", "overlap"),
                            ("change (independent option)", "independent"),
                            ("change (paired option)", "paired")):
            c = survey_change(s[2024], s[2025], headcount_before=hc[2024],
                              headcount_after=hc[2025], method=method).iloc[0]
            hits[key].append(c["ci_low"] <= truth["change"] <= c["ci_high"])
        true_change = truth["opd"][2025] - truth["opd"][2024]
        for key, method in (("OPD changes (overlap, default)", "overlap"),
                            ("OPD changes (independent option)", "independent")):
            u = compare_years(s, units=units, instrument_by_year={y: INS for y in YEARS},
                              min_n=2, correction="none", method=method).set_index("unit")
            truth_u = true_change.reindex(u.index)
            hits[key].extend(((u["ci_low"] <= truth_u) & (truth_u <= u["ci_high"])).tolist())
    return {k: float(np.mean(v)) for k, v in hits.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    pops, units = population(args.units, args.seed)
    truth = {"opd": {y: pops[y].groupby("opd")["culture_index"].mean() for y in YEARS},
             "province": {y: float(pops[y]["culture_index"].mean()) for y in YEARS}}
    truth["change"] = truth["province"][2025] - truth["province"][2024]
    rates = np.random.default_rng([args.seed, 12]).uniform(0.2, 0.8, args.units)
    n = len(pops[2025])
    print(f"Coverage of 95% intervals: {args.reps} replications, {args.units} units, "
          f"{n:,} staff per year, response rates 20-80% by unit")
    print(f"  truth: province {truth['province'][2024]:.3f} -> {truth['province'][2025]:.3f}"
          f" (change {truth['change']:+.3f})")
    for label, persistent in (("respondents drawn afresh each year (the generator's)", False),
                              ("persistent responders (9:1 odds of answering again)", True)):
        rng = np.random.default_rng([args.seed, 13, int(persistent)])
        cov = run(pops, units, truth, rates, args.reps, rng, persistent)
        print(f"  {label}:")
        for k, v in cov.items():
            flag = "ok" if 0.93 <= v <= 0.97 else "OUTSIDE 93-97%"
            print(f"    {k:<42} {100 * v:5.1f}%  {flag}")
    print(f"  ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
