"""The whole report at three sizes: wall and CPU time per step, peak memory.

Generates two survey years with the package's latent model
(:func:`akhlak_analysis.data.sample.simulate_responses` and ``simulate_units``), writes a
complete configuration folder (``analysis.yaml``, the unit table with headcounts, sub-units,
one renamed and one merged unit, both years' exports with demographics, indicators and action
plans), runs ``akhlak report`` on it (:func:`akhlak_analysis.report.runner.run_report`, cold
cache) and prints, per step of the manifest, the wall time and the CPU time (user + system of
the runner and of every process it started: kernels, workers), then the whole run's wall and
CPU time and the peak memory (largest resident set of the process tree at any moment, sampled
every 0.2 s, and the largest single process).

Sizes (respondents per year, units, sub-units):

========  ===========  =====  =========  ===================================
size      respondents  units  sub-units  goal on the 2-core machine
========  ===========  =====  =========  ===================================
small           2,000     10         30  (a smoke test)
province       50,000     50        300  whole report <= 2 minutes
nation        936,000    540      1,080  whole report <= 15 minutes, <= 8 GB
========  ===========  =====  =========  ===================================

The machine is shared: CPU time is the figure to compare between runs; the load average at the
start and at the end is printed beside it.

Usage::

    nice .venv/bin/python benchmarks/bench_report.py --size province
    nice .venv/bin/python benchmarks/bench_report.py --size nation --data /tmp/nation --keep

``--data DIR`` generates into ``DIR`` (reused when it already holds the same size and seed);
``--keep`` leaves the report there; ``--profile`` writes a cProfile of the runner process
(reading, cleaning, published tables, assembly; notebooks run in their own kernels) to
``DIR/runner.prof`` and prints its 30 costliest functions; ``--skip 01,02`` leaves notebooks
out (a copy of the others runs), to time the rest when one cannot run at a size;
``--memory-cap GB`` limits every process of the run (RLIMIT_DATA), so a computation too
large for the machine fails in its own kernel instead of the system ending other work.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from akhlak_analysis.data.sample import simulate_responses, simulate_units
from akhlak_analysis.instrument import load_instrument

INSTRUMENTS = {2024: "berakhlak-2024", 2025: "berakhlak-2025"}
YEARS = (2024, 2025)


@dataclass(frozen=True)
class Size:
    respondents: int
    units: int
    subunits: int
    goal_s: float | None
    goal_gb: float | None = None


SIZES = {"small": Size(2_000, 10, 30, None),
         "province": Size(50_000, 50, 300, 120.0),
         "nation": Size(936_000, 540, 1_080, 900.0, 8.0)}

# demographic columns of the exports: header -> (categories, probabilities)
DEMOGRAPHICS = {
    "Status Kepegawaian": (("PNS", "PPPK"), (0.84, 0.16)),
    "Jenis Jabatan": (("Struktural", "Fungsional", "Pelaksana"), (0.07, 0.38, 0.55)),
    "Golongan": (("I", "II", "III", "IV"), (0.03, 0.27, 0.5, 0.2)),
    "Jenis Kelamin": (("Laki-laki", "Perempuan"), (0.52, 0.48)),
    "Usia": (("< 30 tahun", "30-39 tahun", "40-49 tahun", ">= 50 tahun"),
             (0.08, 0.33, 0.46, 0.13)),
    "Masa Kerja": (("< 5 tahun", "5-10 tahun", "11-20 tahun", "> 20 tahun"),
                   (0.19, 0.18, 0.42, 0.21)),
}
VALUES = ("berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif",
          "kolaboratif")


# --------------------------------------------------------------------------------------
# the data
# --------------------------------------------------------------------------------------
def _reorganise(units: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """One renamed unit (U0002 -> U0002B) and one merger (U0003 + U0004 -> U0003M) in 2025.

    Returns the unit rows and the map of 2025 codes (old code -> code in 2025).
    """
    if len(units) < 10:
        return units, {}
    units = units.copy()
    new = units.iloc[[1, 2]].copy()
    new["code"] = ["U0002B", "U0003M"]
    new["name"] = [f"{units.at[1, 'name']} (Baru)", "Unit Kerja Gabungan 0003-0004"]
    new["headcount_2024"] = pd.NA
    units.loc[[1, 2, 3], "headcount_2025"] = pd.NA
    units.loc[[1, 2, 3], "replaced_by"] = ["U0002B", "U0003M", "U0003M"]
    units = pd.concat([units, new], ignore_index=True)
    return units, {"U0002": "U0002B", "U0003": "U0003M", "U0004": "U0003M"}


def _shrink_some_units(data: pd.DataFrame, codes: list[str],
                       rng: np.random.Generator) -> pd.DataFrame:
    """Leave 3-9 respondents in a few units (about 4%): OPDs below the minimum group size.

    ``codes``: the units that may shrink (not the renamed or merged ones). The other
    respondents of a shrunk unit are moved to units drawn at random among the rest, so the
    total stays the size asked for.
    """
    k = max(1, len(codes) // 25)
    small = rng.choice(np.array(codes), size=k, replace=False)
    others = np.array(sorted(set(data["opd"].unique()) - set(small)), dtype=object)
    opd = data["opd"].to_numpy(dtype=object).copy()
    for c in small:
        rows = np.flatnonzero(opd == c)[int(rng.integers(3, 10)):]
        opd[rows] = others[rng.integers(0, len(others), len(rows))]
    out = data.assign(opd=pd.array(opd, dtype=data["opd"].dtype))
    return out.sort_values("opd", kind="stable", ignore_index=True)


def _subunit_table(units: pd.DataFrame, n_sub: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n_sub`` sub-units over the largest OPDs present in both years (about four each)."""
    if n_sub == 0:
        return units.iloc[:0]
    big = units.sort_values("headcount_2024", ascending=False, kind="stable")
    big = big[big["headcount_2025"].notna() & big["headcount_2024"].notna()]
    m = min(len(big), -(-n_sub // 4))
    per = np.full(m, n_sub // m)
    per[: n_sub % m] += 1
    rows = []
    for (_, opd), k in zip(big.iloc[:m].iterrows(), per, strict=True):
        for j in range(int(k)):
            rows.append({"code": f"{opd['code']}-S{j + 1:02d}", "level": "subunit",
                         "name": f"Bidang {j + 1} {opd['name']}", "parent": opd["code"],
                         "opd_type": opd["opd_type"], "aliases": "", "replaced_by": ""})
    return pd.DataFrame(rows)


def _people(data: pd.DataFrame, year: int, rng: np.random.Generator,
            subunits: pd.DataFrame) -> pd.DataFrame:
    """NIP (70% of a unit's respondents keep theirs between years), sub-unit, demographics."""
    n = len(data)
    opd = data["opd"].to_numpy(dtype=object)
    codes, inverse = np.unique(opd, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    starts = np.r_[0, np.cumsum(np.bincount(inverse))[:-1]]
    rank[order] = np.arange(n) - np.repeat(starts, np.bincount(inverse))
    unit_no = np.array([int(c[1:5]) for c in codes])[inverse]
    stays = rng.random(n) < 0.7  # the same person as last year's respondent of this rank
    person = np.where(stays | (year == YEARS[0]), rank, rank + 500_000)
    nip = pd.Series(197001012000011000 + unit_no * 10**6 + person).astype(str)
    out = pd.DataFrame({"NIP": nip})
    for header, (cats, p) in DEMOGRAPHICS.items():
        out[header] = np.array(cats, dtype=object)[rng.choice(len(cats), size=n, p=p)]
    sub = np.full(n, None, dtype=object)
    for parent, grp in subunits.groupby("parent", sort=False):
        rows = np.flatnonzero(opd == parent)
        pick = rng.integers(-len(grp) // 2, len(grp), len(rows))  # about a third in none
        names = grp["name"].to_numpy(dtype=object)
        sub[rows[pick >= 0]] = names[pick[pick >= 0]]
    out["Bidang / UPT"] = sub
    return out


def _times(n: int, year: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    start = (np.datetime64(f"{year}-10-01T07:00:00", "s")
             + (rng.integers(0, 15, n) * 86400 + rng.integers(0, 10 * 3600, n))
             .astype("timedelta64[s]"))
    return start, start + rng.integers(180, 1500, n).astype("timedelta64[s]")


def _export(data: pd.DataFrame, people: pd.DataFrame, names: pd.Series, year: int,
            rng: np.random.Generator) -> pd.DataFrame:
    """One year's export: 2024 as Google Forms with text answers, 2025 coded 1-5."""
    ins = load_instrument(INSTRUMENTS[year])
    begin, end = _times(len(data), year, rng)
    if year == YEARS[0]:
        out = pd.DataFrame({"Stempel waktu": pd.Series(end).dt.strftime("%d/%m/%Y %H:%M:%S")})
    else:
        out = pd.DataFrame({"Waktu Mulai": pd.Series(begin).dt.strftime("%Y-%m-%d %H:%M:%S"),
                            "Waktu Selesai": pd.Series(end).dt.strftime("%Y-%m-%d %H:%M:%S")})
    out["NIP"] = people["NIP"].to_numpy()
    out["Unit Kerja (OPD)"] = data["opd"].map(names).to_numpy()
    for col in people.columns.drop("NIP"):
        out[col] = people[col].to_numpy()
    labels = ins.scale.labels["agreement"]
    for code in ins.item_codes:
        x = data[code].to_numpy()
        if year == YEARS[0]:
            out[code] = pd.Categorical.from_codes(
                np.where(np.isnan(x), -1, x - 1).astype(int),
                categories=[labels[k] for k in range(1, 6)])
        else:
            out[code] = pd.array(np.where(np.isnan(x), np.nan, x), dtype="Float64").astype(
                "Int64")
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.Table.from_pandas(frame, preserve_index=False)
    pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(delimiter=";"))


def _indicators(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for y in YEARS:
        present = units[(units["level"] == "opd") & units[f"headcount_{y}"].notna()]
        for c in present["code"]:
            rows.append({"opd": c, "year": y,
                         "attendance_rate": round(float(rng.uniform(88, 99)), 1),
                         "discipline_cases": round(float(rng.gamma(4, 0.25)), 2)})
    return pd.DataFrame(rows)


def _action_plans(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    present = units[(units["level"] == "opd") & units["headcount_2025"].notna()]
    rows = []
    for c in present["code"]:
        for v in rng.choice(VALUES, size=int(rng.integers(2, 5)), replace=False):
            start = np.datetime64("2025-02-01") + int(rng.integers(0, 150))
            due = start + int(rng.integers(60, 300))
            progress = int(rng.integers(0, 101))
            status = "Selesai" if progress == 100 else "Belum Mulai" if progress == 0 else \
                "Berjalan"
            rows.append({"opd": c, "value": v, "action": f"Rencana aksi {v} {c}",
                         "start_date": str(start), "due_date": str(due), "progress": progress,
                         "status": status})
    return pd.DataFrame(rows)


def _headcounts(units: pd.DataFrame, counts: dict[int, pd.Series],
                rng: np.random.Generator) -> pd.DataFrame:
    """Headcounts consistent with the respondents: n / rate, response rates 45-95%."""
    rate = rng.uniform(0.45, 0.95, len(units))
    for y in YEARS:
        col = f"headcount_{y}"
        n = units["code"].map(counts[y]).fillna(0).to_numpy(dtype=float)
        want = np.ceil(np.maximum(n, 1) / rate).astype("int64")
        exists = units[col].notna().to_numpy()
        units[col] = pd.array(np.where(exists, np.maximum(want, 15), 0), dtype="Int64")
        units.loc[~exists, col] = pd.NA
    return units


def _subunit_headcounts(subs: pd.DataFrame, units: pd.DataFrame,
                        counts: dict[int, pd.Series]) -> pd.DataFrame:
    """A sub-unit's headcount at its OPD's response rate (at most 90% of the OPD's staff)."""
    for y in YEARS:
        col = f"headcount_{y}"
        opd = units.set_index("code")
        rate = (counts[y].reindex(opd.index).fillna(0) / opd[col].astype(float)).clip(0.3, 1)
        n = subs["code"].map(counts[y]).fillna(0).to_numpy(dtype=float)
        r = subs["parent"].map(rate).to_numpy(dtype=float)
        h = np.ceil(np.maximum(n, 1) / r)
        cap = np.floor(0.9 * subs["parent"].map(opd[col]).to_numpy(dtype=float)
                       / subs.groupby("parent")["code"].transform("size").to_numpy())
        subs[col] = pd.array(np.maximum(np.minimum(h, cap), n).astype("int64"), dtype="Int64")
    return subs


def generate(size: Size, folder: Path, seed: int = 1) -> Path:
    """Write the configuration folder for ``size``; returns ``analysis.yaml``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 99])
    units = simulate_units(size.units, seed)
    units, moved = _reorganise(units)
    subs = _subunit_table(units, size.subunits, rng)
    data, counts, people = {}, {}, {}
    for y in YEARS:
        d = simulate_responses(size.respondents, size.units, instrument=INSTRUMENTS[y], year=y,
                               seed=seed)
        if y == YEARS[1] and moved:
            d["opd"] = d["opd"].map(lambda c: moved.get(c, c))
        d = _shrink_some_units(d, units["code"].iloc[5:size.units].tolist(), rng)
        people[y] = _people(d, y, rng, subs)
        sub_code = people[y]["Bidang / UPT"].map(dict(zip(subs.get("name", []),
                                                          subs.get("code", []), strict=True)))
        counts[y] = pd.concat([d["opd"].value_counts(), sub_code.value_counts()])
        data[y] = d
    units = _headcounts(units, counts, rng)
    if len(subs):
        subs = _subunit_headcounts(subs, units, counts)
    table = pd.concat([units, subs], ignore_index=True)
    table = table[["code", "name", "level", "parent", "opd_type", "aliases", "headcount_2024",
                   "headcount_2025", "replaced_by"]]
    table.to_csv(folder / "units.csv", index=False)
    names = pd.concat([units.set_index("code")["name"]])
    for y in YEARS:
        _write_csv(_export(data[y], people[y], names, y, rng), folder / f"responses_{y}.csv")
    _indicators(units, rng).to_csv(folder / "indicators.csv", index=False)
    _action_plans(units, rng).to_csv(folder / "action_plans_2025.csv", index=False)
    config = folder / "analysis.yaml"
    config.write_text(CONFIG.format(n=size.respondents, seed=seed), encoding="utf-8")
    (folder / "bench.json").write_text(json.dumps({"size": size.__dict__, "seed": seed}))
    return config


CONFIG = """\
title: Indeks Budaya Kerja ASN BerAKHLAK
organisation: Organisasi contoh sintetis ({n} responden per tahun)
year: 2025
years:
  2024:
    responses: responses_2024.csv
    instrument: berakhlak-2024
  2025:
    responses: responses_2025.csv
    instrument: berakhlak-2025
units: units.csv
indicators: indicators.csv
action_plans: action_plans_2025.csv
target: [80, 90]
min_group_size: 10
weighting: headcount
language: id
synthetic: true
seed: {seed}
output_dir: reports
"""


# --------------------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------------------
def _tree_rss(root: int) -> tuple[int, int]:
    """Resident set (bytes) of ``root`` with all its descendants, and of ``root`` alone."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total, rss.get(root, 0)


class MemorySampler(threading.Thread):
    """The largest resident set of this process tree (and of the runner alone) per phase.

    Sampled every ``every`` seconds; ``phase`` is set from the runner's progress lines
    (shared inputs, notebooks, assembly).
    """

    def __init__(self, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.every, self._stop_flag = every, threading.Event()
        self.phase = "shared inputs"
        self.peaks: dict[str, list[int]] = {}

    def run(self) -> None:
        while not self._stop_flag.is_set():
            tree, own = _tree_rss(os.getpid())
            peak = self.peaks.setdefault(self.phase, [0, 0])
            peak[0], peak[1] = max(peak[0], tree), max(peak[1], own)
            self._stop_flag.wait(self.every)

    def stop(self) -> int:
        self._stop_flag.set()
        self.join()
        return max((p[0] for p in self.peaks.values()), default=0)


def _phase(line: str) -> str | None:
    if line.startswith("executing "):
        return "notebooks"
    if line.startswith("checking the saved"):
        return "assembly"
    return None


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _print_steps(manifest: dict, run_wall: float, run_cpu: float) -> None:
    wall = manifest.get("durations_s", {})
    cpu = manifest.get("cpu_s", {})
    print(f"\n{'step':<34} {'wall s':>9} {'CPU s':>9}")
    for step, seconds in wall.items():
        c = cpu.get(step)
        print(f"{step:<34} {seconds:9.1f} {'' if c is None else f'{c:9.1f}'}")
    print(f"{'whole run':<34} {run_wall:9.1f} {run_cpu:9.1f}")


def _notebooks(skip: list[str], folder: Path) -> Path:
    """The project's notebooks, or a copy of them without those named in ``skip``."""
    from akhlak_analysis.report.kernels import NOTEBOOK_DIR, list_notebooks

    if not skip:
        return NOTEBOOK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for nb in list_notebooks(NOTEBOOK_DIR):
        if not any(nb.name.startswith(s) for s in skip):
            shutil.copy(nb, folder / nb.name)
    return folder


def _cap_memory(gb: float | None) -> None:
    """Each process of the run (runner, workers, kernels) may allocate at most ``gb``.

    RLIMIT_DATA, inherited by every process started from here: a computation that would
    take the machine's memory fails with MemoryError in its own process (a report section
    then says it could not be computed) instead of the system ending other people's work.
    """
    if gb:
        limit = int(gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def run(config: Path, out: Path, *, profile: Path | None = None,
        notebooks: Path | None = None) -> dict:
    """Run the report (cold cache); print the steps; return the figures."""
    from akhlak_analysis.report.runner import run_report

    shutil.rmtree(config.parent / "reports", ignore_errors=True)
    load0 = os.getloadavg()
    sampler = MemorySampler()
    sampler.start()
    t0, c0 = time.perf_counter(), _cpu()

    def progress(line: str) -> None:
        sampler.phase = _phase(line) or sampler.phase
        print(f"[{time.perf_counter() - t0:7.1f} s] {line}", flush=True)

    if profile is not None:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    result = run_report(config, out=out, progress=progress,
                        **({"notebooks": notebooks} if notebooks else {}))
    if profile is not None:
        prof.disable()
        prof.dump_stats(profile)
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    peak = sampler.stop()
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    _print_steps(manifest, wall, cpu)
    figures = {
        "wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "peak_tree_gb": round(peak / 1e9, 2),
        "max_rss_runner_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 2),
        "max_rss_child_gb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6, 2),
        "load_start": [round(x, 1) for x in load0],
        "load_end": [round(x, 1) for x in os.getloadavg()],
        "cards": len(result.cards or []), "steps_wall_s": manifest.get("durations_s", {}),
        "steps_cpu_s": manifest.get("cpu_s", {}),
    }
    figures["memory_by_phase_gb"] = {k: {"tree": round(v[0] / 1e9, 2),
                                         "runner": round(v[1] / 1e9, 2)}
                                     for k, v in sampler.peaks.items()}
    print(f"peak memory: process tree {figures['peak_tree_gb']} GB (sampled), largest "
          f"process {max(figures['max_rss_runner_gb'], figures['max_rss_child_gb'])} GB")
    for phase, gb in figures["memory_by_phase_gb"].items():
        print(f"  {phase:<14} tree {gb['tree']:5.2f} GB, runner alone {gb['runner']:5.2f} GB")
    print(f"load average (1, 5, 15 min): {figures['load_start']} at the start, "
          f"{figures['load_end']} at the end, on {os.cpu_count()} cores")
    if profile is not None:
        import pstats

        pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(30)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, help="generate into (or reuse) this folder")
    parser.add_argument("--keep", action="store_true", help="keep the data and the report")
    parser.add_argument("--profile", action="store_true", help="cProfile of the runner process")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--skip", default="", help="notebooks to leave out, e.g. 01,02 "
                        "(to time the rest when one cannot run at this size)")
    parser.add_argument("--memory-cap", type=float, default=None, metavar="GB",
                        help="at most this much memory per process (RLIMIT_DATA)")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    folder = args.data or Path(tempfile.mkdtemp(prefix=f"akhlak-bench-{args.size}-"))
    stamp = folder / "bench.json"
    same = stamp.is_file() and json.loads(stamp.read_text()) == {"size": size.__dict__,
                                                                 "seed": args.seed}
    t0 = time.perf_counter()
    config = folder / "analysis.yaml" if same else generate(size, folder, args.seed)
    print(f"{args.size}: {size.respondents:,} respondents per year x 2 years, {size.units} "
          f"units, {size.subunits} sub-units in {folder} "
          f"({'reused' if same else f'generated in {time.perf_counter() - t0:.0f} s'})",
          flush=True)
    skip = [x.strip() for x in args.skip.split(",") if x.strip()]
    _cap_memory(args.memory_cap)
    try:
        figures = run(config, folder / "report",
                      profile=folder / "runner.prof" if args.profile else None,
                      notebooks=_notebooks(skip, folder / "notebooks") if skip else None)
    finally:
        if not args.keep and args.data is None:
            shutil.rmtree(folder, ignore_errors=True)
    figures.update(size=args.size, respondents=size.respondents, units=size.units,
                   subunits=size.subunits, skipped=skip, memory_cap_gb=args.memory_cap)
    ok = []
    if size.goal_s is not None:
        ok.append(figures["wall_s"] <= size.goal_s)
        print(f"goal whole report <= {size.goal_s:.0f} s wall -> "
              f"{'met' if ok[-1] else 'MISSED'} ({figures['wall_s']:.0f} s wall, "
              f"{figures['cpu_s']:.0f} s CPU)")
    if size.goal_gb is not None:
        ok.append(figures["peak_tree_gb"] <= size.goal_gb)
        print(f"goal peak memory <= {size.goal_gb:g} GB -> {'met' if ok[-1] else 'MISSED'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
