"""Record the columns (and dtypes, row counts) of every table a report run saved.

Usage: python tests/reference/workbook/snapshot_columns.py <report folder> [year]
writes tests/reference/workbook/sample_tables.json, used by tests/report/test_workbook.py to build
tables shaped like the sample's (the notebooks take minutes to make the real ones).
Recorded from `akhlak report --config data/sample/analysis.yaml` (year 2025).
"""

import json
import sys
from pathlib import Path

from akhlak_analysis.report.artifacts import read_tables


def main() -> None:
    folder, year = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2025
    tables = read_tables(folder, year=year)
    doc = {name: {"rows": len(t), "columns": [[str(c), str(t[c].dtype)] for c in t.columns]}
           for name, t in sorted(tables.items())}
    out = Path(__file__).with_name("sample_tables.json")
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(doc)} tables -> {out}")


if __name__ == "__main__":
    main()
