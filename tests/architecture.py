"""ARCHITECTURE.md as code: the import rules of the package, checked on its source.

The rules (ARCHITECTURE.md, "The data flows one way, and so do the imports"):

- the **top** modules (config, instrument, labels, errors, defaults, checks, cache) import
  only each other;
- ``data/`` imports the top and ``data/``;
- ``stats/`` imports the top, ``data/`` and ``stats/``; it never reads the configuration
  (``config``, ``analysis``) and writes no prose (no Indonesian words in its strings);
- ``plots/`` imports the top, ``data/``, ``stats/`` and ``plots/``, never ``report/``;
- ``analysis.py`` imports the top, ``data/`` and ``stats/``;
- ``report/`` and ``cli.py`` may import everything;
- no module imports a private name (``_x``) of another module, and a private module
  (``_sem.py``) is imported only by modules of its own package;
- no import cycle among the package's modules (module-level imports).

Every import counts, including those inside functions (a deferred import is still a
dependency), except for the cycle check, which follows module-level imports only (a deferred
import is the usual way to break a cycle, and it does not run at import time).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

TOP = {"config", "instrument", "labels", "errors", "defaults", "checks", "cache",
       "references"}  # references/: the published external figures (ARCHITECTURE.md: top)
ALLOWED = {
    "top": {"top"},
    "data": {"top", "data"},
    "stats": {"top", "data", "stats"},
    "plots": {"top", "data", "stats", "plots"},
    "analysis": {"top", "data", "stats", "analysis"},
    "report": {"top", "data", "stats", "plots", "analysis", "report"},
    "cli": {"top", "data", "stats", "plots", "analysis", "report", "cli", "package"},
    "package": {"top", "data", "stats", "plots", "analysis", "report", "package"},
}
#: words that mark Indonesian prose in a string of stats/ (besides docstrings)
PROSE = re.compile(r"\b(Provinsi|provinsi|naik|turun|disembunyikan|tidak|yang|dengan|sebelum"
                   r"|sesudah|bermakna|butir|responden|kelompok)\b")


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.rule}: {self.detail}"


def layer(module: str) -> str:
    """The layer of a dotted module name inside the package (without the package name)."""
    parts = module.split(".")
    if module in ("", "__init__"):
        return "package"
    if len(parts) == 1 and (parts[0] in TOP or parts[0].startswith("_")):
        return "top"  # the shared modules and their private helpers (_answers, _text)
    if parts[0] in ("data", "stats", "plots", "report"):
        return parts[0]
    if parts[0] in ("analysis", "cli"):
        return parts[0]
    return "package"


def _modules(root: Path) -> dict[str, Path]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _resolve(module: str, is_package: bool, node: ast.ImportFrom | ast.Import, name: str,
             package: str) -> str | None:
    """The imported module's dotted name inside the package, or None for an outside module."""
    if isinstance(node, ast.Import):
        if name == package or name.startswith(package + "."):
            return name[len(package) + 1:] if name != package else ""
        return None
    if node.level == 0:
        mod = node.module or ""
        if mod == package or mod.startswith(package + "."):
            return mod[len(package) + 1:] if mod != package else ""
        return None
    base = module.split(".") if module else []
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join([*base, *([node.module] if node.module else [])])


def _edges(tree: ast.Module, module: str, is_package: bool, package: str, mods: set[str]):
    """(line, target module, imported names, module level?) of every import in the package."""
    top_level = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _resolve(module, is_package, node, alias.name, package)
                if target is not None:
                    yield node.lineno, target, [], id(node) in top_level
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node, "", package)
            if target is None:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                if sub in mods:  # "from . import names": a module
                    yield node.lineno, sub, [], id(node) in top_level
                else:
                    yield node.lineno, target, [alias.name], id(node) in top_level


def _strings(tree: ast.Module):
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(
                    getattr(body[0], "value", None), ast.Constant):
                docs.add(id(body[0].value))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docs):
            yield node.lineno, node.value


def check(root: Path) -> list[Violation]:
    """Every violation of the rules in the package at ``root`` (its ``__init__.py`` folder)."""
    package = root.name
    mods = _modules(root)
    names = set(mods)
    out: list[Violation] = []
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for module, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        here = layer(module)
        is_pkg = path.name == "__init__.py"
        for line, target, imported, top in _edges(tree, module, is_pkg, package, names):
            there = layer(target)
            if there not in ALLOWED[here] and here != "package":
                out.append(Violation(module, line, "layer", f"{here} imports {target} ({there})"))
            if here == "stats" and target in ("config", "analysis"):
                out.append(Violation(module, line, "stats reads config", target))
            for name in imported:
                if name.startswith("_") and not name.startswith("__") and target != module:
                    out.append(Violation(module, line, "private name",
                                         f"{name} from {target}"))
            last = target.split(".")[-1] if target else ""
            if last.startswith("_") and last != "__init__":
                own = module.split(".")[:-1] if not is_pkg else module.split(".")
                if target.split(".")[:-1] != own:
                    out.append(Violation(module, line, "private module",
                                         f"{target} imported from outside its package"))
            if top and target in graph and target != module:
                graph[module].add(target)
        if here == "stats":
            for line, text in _strings(tree):
                if PROSE.search(text):
                    out.append(Violation(module, line, "prose in stats", repr(text[:60])))
    out.extend(_cycles(graph))
    return out


def _cycles(graph: dict[str, set[str]]) -> list[Violation]:
    """One violation per import cycle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    # a package importing its own submodules (and they it) is not a cycle worth reporting
    real = [c for c in found if not all(any(o.startswith(m + ".") or m.startswith(o + ".")
                                            for o in c if o != m) for m in c)]
    return [Violation(c[0], 0, "import cycle", " <-> ".join(c)) for c in real]
