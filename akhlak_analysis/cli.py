"""The ``akhlak`` command.

::

    akhlak check     --config analysis.yaml [--year 2025]
    akhlak report    --config analysis.yaml [--year 2025] [--out DIR]
    akhlak index     --config analysis.yaml [--year 2025] [--by opd] [--workbook out.xlsx]
    akhlak clean     --config analysis.yaml [--year 2025] [--out DIR]
    akhlak notebooks [--config analysis.yaml]
    akhlak sample    --out data/sample [--seed 20251]
    akhlak progress  --config analysis.yaml [--responses today.xlsx] [--as-of 2025-10-08]
    akhlak benchmark export --config analysis.yaml [--out pack.json]
    akhlak benchmark import PACK.json ... --config analysis.yaml [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import AkhlakError

__all__ = ["main"]


def _report(args: argparse.Namespace) -> int:
    from .report.runner import run_report

    res = run_report(args.config, year=args.year, out=args.out)
    print(f"  start page: {res.out_dir / 'html' / 'index.html'}")
    for path in (res.workbook, res.deck):
        if path is not None:
            print(f"  {path.name}")
    print(f"  {len(res.figures or [])} figures, {len(res.html)} notebook pages, manifest.json")
    for name, reason in (res.skipped or {}).items():
        print(f"  skipped {name}: {reason}")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Read the config and every input, print what was found; exit code 1 on a bad input."""
    from .data.check import check_inputs

    try:
        result = check_inputs(args.config, year=args.year)
    except AkhlakError as exc:
        print(f"akhlak check: error: {exc}", file=sys.stderr)
        return 1
    print(result)
    print(_sections(result, args.year))
    return 0


def _sections(result, year: int | None) -> str:
    """Which optional report sections will run for the report year, and why not."""
    from .analysis import Analysis
    from .report.sections import section_plan

    ctx = Analysis.from_config(result.config, year)
    for y, yc in result.years.items():  # the years were cleaned by the check: reuse them
        if getattr(yc, "result", None) is not None:
            ctx.use_clean(y, yc.result)
    lines = [f"Report sections for {ctx.year} that need an optional input:"]
    for row in section_plan(ctx).itertuples(index=False):
        what = f"{row.notebook} / {row.section}"
        lines.append(f"  runs      {what}" if row.runs else
                     f"  not run   {what}: {row.reason.replace('*Tidak ditampilkan.* ', '')}")
    from .report.validation import section_checks

    lines.append("Instrument validation (notebook 01), sections that depend on the data:")
    for row in section_checks(ctx).itertuples(index=False):
        lines.append(f"  runs      {row.key}" if row.runs else
                     f"  not run   {row.key}: {row.note.replace('*Tidak ditampilkan.* ', '')}")
    return "\n".join(lines)


def _clean(args: argparse.Namespace) -> int:
    from .config import load_config
    from .data.clean import load_clean

    config = load_config(args.config)
    result = load_clean(config, args.year)
    out = Path(args.out) if args.out else config.output_dir / str(config.year(args.year).year)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{result.source.rsplit('.', 1)[0]}"
    result.data.to_parquet(out / f"{stem}_clean.parquet", index=False)
    result.log.to_csv(out / f"{stem}_cleaning_log.csv", index=False)
    print(f"{result.source}: {result.n_in} rows read, {len(result.data)} kept, "
          f"{result.n_excluded} excluded")
    print(result.summary().to_string(index=False))
    print(f"written to {out}")
    return 0


def _index(args: argparse.Namespace) -> int:
    from .config import load_config
    from .data.clean import load_clean
    from .data.io import read_units
    from .labels import format_number, to_display
    from .report.workbook import write_workbook
    from .stats.scoring import index_table, overall_index, score_respondents

    config = load_config(args.config)
    yc = config.year(args.year)
    ins = yc.instrument
    lang = args.lang or config.language
    units = read_units(config.units)
    scores = score_respondents(load_clean(config, yc.year).data, instrument=ins)
    weighting = config.weighting
    head = overall_index(scores, units=units, year=yc.year, weighting=weighting, instrument=ins,
                         target=config.target)
    table = index_table(scores, by=args.by, units=units, year=yc.year, weighting=weighting,
                        min_n=config.min_group_size, instrument=ins)
    h = head.iloc[0]
    title = "Indeks Budaya Kerja" if lang == "id" else "Work-culture index"
    print(f"{title} {yc.year}: {format_number(h['culture_index'], 1, lang)} "
          f"[{format_number(h['ci_low'], 1, lang)}; {format_number(h['ci_high'], 1, lang)}] "
          f"{h['category']}, target {format_number(config.target[0], 0, lang)}-"
          f"{format_number(config.target[1], 0, lang)}, n = {format_number(h['n'], 0, lang)}")
    shown = table.sort_values("culture_index", ascending=False, na_position="last")
    cols = ["unit", "name", "n", "culture_index", "ci_low", "ci_high", "category", "suppressed"]
    print(to_display(shown[cols], lang=lang).to_string(index=False))
    if args.workbook:
        path = write_workbook({"Provinsi" if lang == "id" else "Province": head,
                               args.by.upper() if args.by == "opd" else args.by: table},
                              args.workbook, lang=lang, instrument=ins)
        print(f"workbook written to {path}")
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from .report.kernels import NOTEBOOK_DIR, execute_in_place, list_notebooks

    extra = [p for p in (NOTEBOOK_DIR / "explore.ipynb",) if p.is_file()]  # not in the report
    for nb in [*list_notebooks(NOTEBOOK_DIR), *extra]:
        print(f"executing {nb.name} ...", flush=True)
        execute_in_place(nb)
    return 0


def _sample(args: argparse.Namespace) -> int:
    from .data.sample import write_sample
    from .data.sample.fieldwork import write_fieldwork_snapshot
    from .report.benchmark_pack import write_sample_pack

    files = write_sample(args.out, seed=args.seed)
    for name in files:
        print(f"wrote {Path(args.out) / name}")
    print(f"wrote {write_fieldwork_snapshot(args.out)}")
    print(f"wrote {write_sample_pack(args.out, seed=args.seed)}")
    return 0


def _progress(args: argparse.Namespace) -> int:
    """Participation while the survey is open: an HTML page and a text per OPD."""
    from .config import load_config
    from .report.fieldwork import monitor_fieldwork, summary_text, write_progress

    config = load_config(args.config)
    report = monitor_fieldwork(config, year=args.year, responses=args.responses,
                               as_of=args.as_of)
    out = Path(args.out) if args.out else config.output_dir / str(report.year) / "pemantauan"
    paths = write_progress(report, out)
    print(summary_text(report))
    print(f"\n  page: {paths['html']}\n  texts: {paths['summary']} and "
          f"{len(paths) - 2} OPD texts in {paths['html'].with_suffix('')}")
    return 0


def _benchmark(args: argparse.Namespace) -> int:
    """Export this organisation's benchmark pack, or compare it with other packs."""
    import pandas as pd

    from .analysis import Analysis
    from .labels import label, to_display
    from .report import benchmark_pack as bp

    if args.action == "export" and args.packs:
        print("akhlak benchmark export: takes no pack (did you mean 'import'?)", file=sys.stderr)
        return 2
    ctx = Analysis.from_config(args.config, args.year)
    own = bp.export_pack(ctx)
    out_dir = ctx.config.output_dir / str(ctx.year)
    if args.action == "export":
        path = bp.write_pack(own, args.out or out_dir / f"benchmark_pack_{ctx.year}.json")
        print(f"benchmark pack written to {path} (published tables only)")
        return 0
    packs = [*args.packs, *ctx.config.benchmarks]
    if not packs:
        print("akhlak benchmark import: no pack given and no 'benchmarks' in the config",
              file=sys.stderr)
        return 2
    mine, tables = bp.read_pack(own), []
    for source in packs:
        cmp = bp.compare_packs(mine, bp.read_pack(source))
        print(bp.describe_comparison(cmp, instrument=ctx.instrument()))
        shown = cmp.table.assign(measure=[label(m, instrument=ctx.instrument())
                                          for m in cmp.table["measure"]])
        print(to_display(shown, instrument=ctx.instrument()).to_string(index=False), "\n")
        tables.append(cmp.table.assign(organisation=cmp.organisation, year=cmp.year,
                                       items=", ".join(cmp.common)))
    out = Path(args.out) if args.out else out_dir
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"perbandingan_organisasi_{ctx.year}.csv"
    pd.concat(tables, ignore_index=True).to_csv(path, index=False)
    print(f"comparison written to {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="akhlak", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="read the config and every input; print what was found")
    p.add_argument("--config", required=True, help="analysis.yaml")
    p.add_argument("--year", type=int, help="check only this year (default: every year)")
    p.set_defaults(func=_check)

    p = sub.add_parser("report", help="execute the notebooks for a year and export the report")
    p.add_argument("--config", required=True, help="analysis.yaml")
    p.add_argument("--year", type=int, help="report year (default: the config's year)")
    p.add_argument("--out", help="output folder (default: <output_dir>/<year>)")
    p.set_defaults(func=_report)

    p = sub.add_parser("clean", help="read and clean one year; write the clean table and log")
    p.add_argument("--config", required=True)
    p.add_argument("--year", type=int)
    p.add_argument("--out")
    p.set_defaults(func=_clean)

    p = sub.add_parser("index", help="print the headline index and the table per unit")
    p.add_argument("--config", required=True)
    p.add_argument("--year", type=int)
    p.add_argument("--by", default="opd", choices=["opd", "subunit", "opd_type"])
    p.add_argument("--lang", choices=["id", "en"])
    p.add_argument("--workbook", help="also write the tables to this .xlsx file")
    p.set_defaults(func=_index)

    p = sub.add_parser("notebooks", help="re-execute the committed notebooks in place")
    p.add_argument("--config", help="ignored: the notebooks' own parameters cell is used")
    p.set_defaults(func=_notebooks)

    p = sub.add_parser("sample", help="(re)generate the synthetic sample data")
    p.add_argument("--out", default="data/sample")
    p.add_argument("--seed", type=int, default=20251)
    p.set_defaults(func=_sample)

    p = sub.add_parser("progress", help="participation while the survey is open: an HTML page "
                                        "and a text per OPD (counts only)")
    p.add_argument("--config", required=True, help="analysis.yaml")
    p.add_argument("--year", type=int, help="survey year (default: the config's year)")
    p.add_argument("--responses", help="today's export (default: the year's responses file)")
    p.add_argument("--as-of", dest="as_of", type=_iso_date,
                   help="count submissions up to this day, e.g. 2025-10-08 (default: the day "
                        "of the latest submission)")
    p.add_argument("--out", help="output folder (default: <output_dir>/<year>/pemantauan)")
    p.set_defaults(func=_progress)

    p = sub.add_parser("benchmark", help="benchmark packs: export this organisation's, or "
                                         "compare with others on the common items")
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("packs", nargs="*", help="import: the packs (.json) of other organisations "
                                            "(besides the config's 'benchmarks')")
    p.add_argument("--config", required=True, help="analysis.yaml")
    p.add_argument("--year", type=int)
    p.add_argument("--out", help="export: the pack file; import: the output folder")
    p.set_defaults(func=_benchmark)
    return parser


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2025-10-08, got {text!r}"
                                         ) from None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``akhlak`` command; user errors print one line and exit 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AkhlakError as exc:
        print(f"akhlak {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
