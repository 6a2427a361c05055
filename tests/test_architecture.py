"""ARCHITECTURE.md as a test: layers, private names, import cycles, module and function size.

The rules are in :mod:`tests.architecture`; each is also shown to fail on a planted violation,
so the test cannot pass by checking nothing.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from tests.architecture import check
from tests.conftest import ROOT

PACKAGE = ROOT / "akhlak_analysis"
#: longest module and function (lines, docstrings excluded for functions)
MAX_MODULE, MAX_FUNCTION = 600, 60
#: modules and functions allowed above the limits, each with its reason (ARCHITECTURE.md)
LONG_MODULES: dict[str, str] = {
    "config.py": "the schema of analysis.yaml: every key, its type, default and error in one "
                 "place, so that a user's mistake always names its key",
    "labels.py": "every Indonesian and English label of every column and code in one table",
    "instrument.py": "the instrument schema (items, scale, bands, outcome scales, open "
                     "questions) and its validation in one place",
    "data/sample/writer.py": "the synthetic sample's exports with their planted defects; one "
                             "generator whose bytes the tests pin",
    "stats/psychometrics/_sem.py": "the SEM engine (model matrices, ML/FIML fit, gradients); "
                                   "split further it would pass its matrices between modules",
    "stats/psychometrics/factor.py": "EFA, parallel analysis and their rotation helpers, 7 lines "
                                     "over",
    "stats/rank.py": "variance components, shrinkage, rank draws and improvement areas share "
                     "the unit grouping and the input checks",
}
LONG_FUNCTIONS: dict[str, str] = {
    "stats/psychometrics/_sem.py:_start_values": "lavaan's start values, one rule per "
                                                 "parameter type, kept together to compare",
    "stats/rank.py:rank_units": "the public entry point: checks, fit, shrinkage, draws, table",
    "instrument.py:_build": "one validation step per instrument key",
}


def test_the_package_follows_its_import_rules():
    violations = check(PACKAGE)
    assert not violations, "\n".join(map(str, violations))


@pytest.mark.parametrize("plant, rule", [
    ("plots/zz_bad.py", "layer"),
    ("stats/zz_bad.py", "stats reads config"),
    ("stats/zz_prose.py", "prose in stats"),
    ("data/zz_private.py", "private name"),
    ("report/zz_private_module.py", "private module"),
    ("zz_cycle", "import cycle"),
])
def test_each_rule_fails_on_a_planted_violation(tmp_path, plant, rule):
    root = tmp_path / "akhlak_analysis"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    source = {
        "plots/zz_bad.py": "from ..report import names\n",
        "stats/zz_bad.py": "from ..config import load_config\n",
        "stats/zz_prose.py": "LABEL = 'Provinsi'\n",
        "data/zz_private.py": "from .clean import _hash_ids\n",
        "report/zz_private_module.py": "from ..stats import _sdc\n",
    }
    if plant == "zz_cycle":
        (root / "data" / "zz_a.py").write_text("from . import zz_b\n")
        (root / "data" / "zz_b.py").write_text("from . import zz_a\n")
    else:
        (root / plant).write_text(source[plant])
    assert rule in {v.rule for v in check(root)}


def _function_lengths(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            doc = (body and isinstance(body[0], ast.Expr)
                   and isinstance(getattr(body[0], "value", None), ast.Constant)
                   and isinstance(body[0].value.value, str))
            start = body[0].end_lineno + 1 if doc else node.lineno
            yield node.name, node.end_lineno - start + 1


def test_modules_and_functions_stay_short():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_MODULE and rel not in LONG_MODULES:
            long.append(f"{rel}: {lines} lines")
        for name, n in _function_lengths(path):
            if n > MAX_FUNCTION and f"{rel}:{name}" not in LONG_FUNCTIONS:
                long.append(f"{rel}:{name}: {n} lines")
    assert not long, "\n".join(long)
