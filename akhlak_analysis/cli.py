"""The ``akhlak`` command.

::

    akhlak report    --config analysis.yaml [--year 2025] [--out DIR]
    akhlak clean     --config analysis.yaml [--year 2025] [--out DIR]
    akhlak notebooks [--config analysis.yaml]
    akhlak sample    --out data/sample [--seed 20251]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import AkhlakError

__all__ = ["main"]


def _report(args: argparse.Namespace) -> int:
    from .report import run_report

    run_report(args.config, year=args.year, out=args.out)
    return 0


def _clean(args: argparse.Namespace) -> int:
    from .clean import load_clean
    from .config import load_config

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


def _notebooks(args: argparse.Namespace) -> int:
    from .report import NOTEBOOK_DIR, execute_in_place, list_notebooks

    for nb in list_notebooks(NOTEBOOK_DIR):
        print(f"executing {nb.name} ...", flush=True)
        execute_in_place(nb)
    return 0


def _sample(args: argparse.Namespace) -> int:
    from .sample import write_sample

    files = write_sample(args.out, seed=args.seed)
    for name in files:
        print(f"wrote {Path(args.out) / name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="akhlak", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

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

    p = sub.add_parser("notebooks", help="re-execute the committed notebooks in place")
    p.add_argument("--config", help="ignored: the notebooks' own parameters cell is used")
    p.set_defaults(func=_notebooks)

    p = sub.add_parser("sample", help="(re)generate the synthetic sample data")
    p.add_argument("--out", default="data/sample")
    p.add_argument("--seed", type=int, default=20251)
    p.set_defaults(func=_sample)
    return parser


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
