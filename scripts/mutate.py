"""Mutation testing: change one thing in the source, see whether a test fails.

Not run in CI (it is slow: one pytest run per mutant). A small AST mutator of
its own rather than mutmut or cosmic-ray: mutmut 3 rewrites every function
into a trampoline and needs its own copy of the tree and a stats run of the
whole suite, and cosmic-ray needs a session database and a config per module;
here a mutant is one edited module in a scratch copy of the repository and
a pytest run of the tests that cover it, stopping at the first failure:
first the example tests alone, then, for the mutants they miss, with the
Hypothesis properties too (15 derandomised examples each, so results repeat).

Usage::

    python scripts/mutate.py                      # every module in MODULES
    python scripts/mutate.py _validate _rules     # some of them
    python scripts/mutate.py --list _cells        # print the mutants only
    python scripts/mutate.py -j 2 _convert        # two mutants at a time

Prints each survivor (module, line, the original and mutated line), then the
kill rate per module: killed / (mutants - known equivalents). Known
equivalent mutants are listed in :data:`EQUIVALENT` with the reason each
cannot change behaviour; a listed mutant that is killed is reported, so the
list cannot go stale silently.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import copy
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "gxopen"

VALIDATE_TESTS = (
    "tests/test_cells.py",
    "tests/test_validate.py",
    "tests/test_findings_messages.py",
    "tests/test_blank_cells.py",
    "tests/test_codes.py",
)
PARSE_TESTS = ("tests/test_parse.py", "tests/test_blank_cells.py", "tests/test_edges.py")

MODULES: dict[str, tuple[str, ...]] = {
    "_validate": VALIDATE_TESTS,
    "_rules": VALIDATE_TESTS,
    "_cells": (*VALIDATE_TESTS, "tests/test_convert.py"),
    "_convert": ("tests/test_convert.py", "tests/test_edges.py"),
    "_parse/_tokens": PARSE_TESTS,
    "_parse/_rows": PARSE_TESTS,
    "_parse/_table4": PARSE_TESTS,
    "_parse/_grid": PARSE_TESTS,
}
"""Module (below ``src/gxopen``) → the test files that cover it."""

_WEIGHTS = "term weights are only +1 and -1"
_COUNTERS = "the counter starts at 0 and is only compared with 0"

EQUIVALENT: dict[tuple[str, str, str, int], str] = {
    (
        "_validate",
        "return (SEVERITY_RANK[self.severity], _POSITION.get(self.pointer, -1), self.pointer, self.rule, self.scope)",
        "1 -> 2",
        0,
    ): "every pointer outside the tables gets the same rank, below all table positions",
    ("_validate", "blank += 1", "1 -> 2", 0): _COUNTERS,
    ("_validate", "blank += 1", "Add= -> Sub=", 0): _COUNTERS,
    ("_validate", "present += 1", "1 -> 2", 0): _COUNTERS,
    ("_validate", "present += 1", "Add= -> Sub=", 0): _COUNTERS,
    ("_validate", "balance += sign * weight * v", "Mult -> FloorDiv", 0): "sign // weight == sign * weight: "
    + _WEIGHTS,
    ("_validate", "balance += sign * weight * v", "Add= -> Sub=", 0): "a negated balance is 0 exactly when it is",
    ("_validate", "if all(t.weight > 0 for t in every):", "Gt -> GtE", 0): _WEIGHTS,
    ("_validate", "if len(terms) <= 7:", "7 -> 8", 0): "no rule side has 7 or 8 terms (1, 2, 3, 4, 6 or 21)",
    ("_validate", "if len(terms) <= 7:", "LtE -> Lt", 0): "no rule side has 7 or 8 terms (1, 2, 3, 4, 6 or 21)",
}
"""(module, stripped source line, mutation, occurrence) → why the mutant cannot change behaviour."""

_SWAP_COMPARE: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_SWAP_BINOP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
}

_CONFTEST_EXTRA = """

# ---- added by scripts/mutate.py in its scratch copy
from hypothesis import HealthCheck as _HC, settings as _settings

_settings.register_profile(
    "mutation", max_examples=15, deadline=None, derandomize=True, database=None, suppress_health_check=list(_HC)
)
_settings.load_profile("mutation")


def pytest_collection_modifyitems(items):
    import os

    def is_property(item):
        return getattr(getattr(item, "obj", None), "is_hypothesis_test", False)

    if os.environ.get("GXOPEN_MUTATION_EXAMPLES_ONLY"):
        items[:] = [item for item in items if not is_property(item)]
    items.sort(key=is_property)
"""


@attrs.frozen
class Mutant:
    """One change to one module."""

    module: str
    index: int
    line: int
    description: str
    original: str
    mutated: str
    occurrence: int = 0
    """How many mutants of the same line and kind come before this one."""

    def key(self) -> tuple[str, str, str, int]:
        """What :data:`EQUIVALENT` is keyed by: stable while the line's text does not change."""
        return (self.module, self.original.strip(), self.description, self.occurrence)


class _Sites(ast.NodeTransformer):
    """Visit mutation sites in a fixed order; mutate the one numbered ``target`` (or none: count them)."""

    def __init__(self, target: int = -1) -> None:
        self.target = target
        self.count = 0
        self.hit: tuple[int, str] | None = None

    def _site(self, node: ast.AST, description: str) -> bool:
        here = self.count
        self.count += 1
        if here == self.target:
            self.hit = (getattr(node, "lineno", 0), description)
            return True
        return False

    # Leave what is not behaviour alone: docstrings, annotations, asserts, __all__.
    def visit_Assert(self, node: ast.Assert) -> ast.AST:
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.body = [self.visit(s) for s in node.body]
        node.args.defaults = [self.visit(d) for d in node.args.defaults]
        node.args.kw_defaults = [None if d is None else self.visit(d) for d in node.args.kw_defaults]
        return node

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return node
        return self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for i, op in enumerate(node.ops):
            swapped = _SWAP_COMPARE.get(type(op))
            if swapped is not None and self._site(node, f"{type(op).__name__} -> {swapped.__name__}"):
                node.ops[i] = swapped()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._site(node, f"{type(node.op).__name__} -> {other.__name__}"):
            node.op = other()
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._site(node, "drop not"):
            return node.operand
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        swapped = _SWAP_BINOP.get(type(node.op))
        if swapped is not None and self._site(node, f"{type(node.op).__name__} -> {swapped.__name__}"):
            node.op = swapped()
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        swapped = _SWAP_BINOP.get(type(node.op))
        if swapped is not None and self._site(node, f"{type(node.op).__name__}= -> {swapped.__name__}="):
            node.op = swapped()
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            if self._site(node, f"{value} -> {not value}"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int) and self._site(node, f"{value} -> {value + 1}"):
            return ast.copy_location(ast.Constant(value + 1), node)
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        self.generic_visit(node)
        if self._site(node, "if condition -> not condition"):
            node.test = ast.UnaryOp(ast.Not(), node.test)
        return node

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        self.generic_visit(node)
        if self._site(node, "conditional expression negated"):
            node.test = ast.UnaryOp(ast.Not(), node.test)
        return node

    def visit_Continue(self, node: ast.Continue) -> ast.AST:
        if self._site(node, "continue -> break"):
            return ast.copy_location(ast.Break(), node)
        return node

    def visit_Break(self, node: ast.Break) -> ast.AST:
        if self._site(node, "break -> continue"):
            return ast.copy_location(ast.Continue(), node)
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return node  # a docstring
        return self.generic_visit(node)


def _source(module: str) -> str:
    return (PACKAGE / f"{module}.py").read_text(encoding="utf-8")


def mutants(module: str) -> Iterator[tuple[Mutant, str]]:
    """Every mutant of ``module`` with the mutated module's source."""
    text = _source(module)
    lines = text.splitlines()
    tree = ast.parse(text)
    counter = _Sites()
    counter.visit(copy.deepcopy(tree))
    seen: dict[tuple[str, str], int] = {}
    for i in range(counter.count):
        mutator = _Sites(i)
        new = ast.fix_missing_locations(mutator.visit(copy.deepcopy(tree)))
        assert mutator.hit is not None
        line, description = mutator.hit
        original = lines[line - 1] if 0 < line <= len(lines) else ""
        if "pragma: no mutate" in original:
            continue
        mutated_line = _line_of(new, line)
        seen_key = (original.strip(), description)
        occurrence = seen.get(seen_key, 0)
        seen[seen_key] = occurrence + 1
        yield Mutant(module, i, line, description, original, mutated_line, occurrence), ast.unparse(new)


def _line_of(tree: ast.Module, line: int) -> str:
    """The unparsed innermost statement on ``line`` of the mutated tree (for the report)."""
    best: ast.stmt | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno == line:
            best = node
    if best is None:
        return "?"
    text = ast.unparse(best).splitlines()[0]
    return text if len(text) <= 160 else text[:157] + "..."


def _scratch() -> Path:
    """A copy of what the tests need, with the conftest tuned for mutation runs."""
    root = Path(tempfile.mkdtemp(prefix="gxopen-mutate-"))
    for name in ("src", "tests", "schemas", "scripts", "docs"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, root / name)
    with (root / "tests" / "conftest.py").open("a", encoding="utf-8") as f:
        f.write(_CONFTEST_EXTRA)
    return root


def _run(root: Path, tests: tuple[str, ...], timeout: float, *, examples_only: bool = False) -> str:
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("CI", None)
    if examples_only:
        env["GXOPEN_MUTATION_EXAMPLES_ONLY"] = "1"
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", "-W", "ignore"]
    cmd += ["-o", "addopts=", *tests]
    try:
        done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if done.returncode == 0 else "killed"


def _check(
    roots: queue.Queue[Path], mutant: Mutant, source: str, *, tests: tuple[str, ...], timeout: float
) -> tuple[Mutant, str]:
    root = roots.get()
    target = root / "src" / "gxopen" / f"{mutant.module}.py"
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(source, encoding="utf-8")
        # Example tests first (fast); only their survivors pay for the Hypothesis properties.
        outcome = _run(root, tests, timeout, examples_only=True)
        if outcome == "survived":
            outcome = _run(root, tests, timeout)
        return mutant, outcome
    finally:
        target.write_text(original, encoding="utf-8")
        roots.put(root)


def main(argv: list[str] | None = None) -> int:
    """Run the mutants of the chosen modules and print the kill rates."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), help="modules below src/gxopen")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="mutants run at a time")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds before a mutant counts as killed (hung)")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {unknown}; choose from {list(MODULES)}")
    rows = []
    for module in args.modules:
        tests = MODULES[module]
        found = list(mutants(module))
        if args.list:
            for m, _ in found:
                print(f"{module}:{m.line}: {m.description}: {m.original.strip()}  =>  {m.mutated}")
            continue
        scratch = [_scratch() for _ in range(args.jobs)]
        roots: queue.Queue[Path] = queue.Queue()
        for root in scratch:
            roots.put(root)
        start = time.perf_counter()
        baseline = _run(scratch[0], tests, timeout=3600, examples_only=True)
        elapsed = time.perf_counter() - start
        if baseline != "survived":
            print(f"{module}: the unmutated tests fail ({baseline}); fix that first", file=sys.stderr)
            return 2
        timeout = args.timeout
        print(f"{module}: {len(found)} mutants; example tests take {elapsed:.0f} s unmutated", flush=True)
        results: list[tuple[Mutant, str]] = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(_check, roots, m, src, tests=tests, timeout=timeout) for m, src in found]
            for future in concurrent.futures.as_completed(futures):
                mutant, outcome = future.result()
                results.append((mutant, outcome))
                reason = EQUIVALENT.get(mutant.key())
                if outcome == "survived" and reason is None:
                    print(
                        f"  SURVIVED {module}:{mutant.line} [{mutant.description}]\n"
                        f"    - {mutant.original.strip()}\n    + {mutant.mutated}",
                        flush=True,
                    )
                elif outcome != "survived" and reason is not None:
                    print(f"  listed as equivalent but {outcome}: {module}:{mutant.line} {mutant.description}")
        for root in scratch:
            shutil.rmtree(root, ignore_errors=True)
        killed = sum(o != "survived" for _, o in results)
        equivalent = sum(o == "survived" and m.key() in EQUIVALENT for m, o in results)
        assessed = len(results) - equivalent
        rate = killed / assessed if assessed else 1.0
        rows.append((module, len(results), equivalent, killed, rate))
    if rows:
        print(f"\n{'module':18} {'mutants':>8} {'equiv':>6} {'killed':>7} {'rate':>7}")
        for module, total, equivalent, killed, rate in rows:
            print(f"{module:18} {total:8} {equivalent:6} {killed:7} {rate:7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
