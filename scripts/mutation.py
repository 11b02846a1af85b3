"""Mutation testing of the domain modules: `make mutation`.

Each module gets a fixed sample of small changes (a comparison turned round, `and` for `or`, a
`not` dropped, a number moved by one, a condition negated, a return value replaced by None, an
anchor dropped from a pattern). Each changed module is run against the tests that cover it; a
change no test notices "survived". Survivors listed in scripts/mutation-equivalent.toml, each with
the reason it cannot change behaviour, count as equivalent. The script prints killed, survived
and equivalent per module and exits 1 if any module kills less than TARGET of the rest.

Written here rather than with mutmut or cosmic-ray because we want three things neither gives
simply: a fixed, repeatable sample per module (the same mutants every run, so figures compare),
the equivalents kept with their reasons in a reviewed file, and a run that never touches the
working tree (each mutant runs in a throwaway copy of the repository).
"""

from __future__ import annotations

import argparse
import ast
import random
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT_FILE = ROOT / "scripts" / "mutation-equivalent.toml"
TARGET = 0.95
SAMPLE = 60
TIMEOUT = 120  # seconds per mutant: a change that makes the tests hang counts as killed
# Each domain module and the tests that exercise it.
MODULES = {
    "deadlines": ["tests/test_deadlines.py", "tests/test_cli.py"],
    "answers": ["tests/test_answers.py", "tests/test_far_dates.py"],
    "replies": ["tests/test_replies.py", "tests/test_letter_content.py"],
    "letters": ["tests/test_letter_content.py", "tests/test_every_letter.py", "tests/test_cli.py"],
    "documents": ["tests/test_documents.py", "tests/test_rendering.py"],
}
COPIED = (
    "sarkit",
    "tests",
    "letters",
    "site_profiles",
    "templates",
    "examples",
    "translations",
    "pyproject.toml",
    "babel.cfg",
)
SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.And: ast.Or,
    ast.Or: ast.And,
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
}


@dataclass(frozen=True)
class Mutant:
    module: str
    number: int  # which site in the module, in visiting order
    line: int
    was: str
    now: str
    where: str  # the source line it is on, stripped
    nth: int = 1  # the same change on the same line text more than once: which one

    @property
    def key(self) -> str:
        """Names the mutant by its code, not its line number, so edits elsewhere keep it."""
        suffix = f" (#{self.nth})" if self.nth > 1 else ""
        return f"{self.where} :: {self.was} => {self.now}{suffix}"


class _Mutator(ast.NodeTransformer):
    """Counts every site it could change; changes only site `target` (or none, to count)."""

    def __init__(self, target: int = -1) -> None:
        self.target, self.seen = target, 0
        self.changed: tuple[ast.AST, ast.AST] | None = None

    def _site(self, node: ast.AST, make) -> ast.AST:
        hit = self.seen == self.target
        self.seen += 1
        if not hit:
            return node
        new = make()
        ast.copy_location(new, node)
        self.changed = (node, new)
        return new

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if type(node.ops[0]) not in SWAPS:
            return node
        return self._site(
            node,
            lambda: ast.Compare(
                node.left, [SWAPS[type(node.ops[0])](), *node.ops[1:]], node.comparators
            ),
        )

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        return self._site(node, lambda: ast.BoolOp(SWAPS[type(node.op)](), node.values))

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if type(node.op) not in SWAPS or isinstance(node.left, ast.Constant | ast.JoinedStr):
            return node  # "a" + "b" and f-strings: text, not arithmetic
        return self._site(node, lambda: ast.BinOp(node.left, SWAPS[type(node.op)](), node.right))

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if not isinstance(node.op, ast.Not):
            return node
        return self._site(node, lambda: node.operand)

    def visit_If(self, node: ast.If) -> ast.AST:
        node.test = self._site(node.test, lambda: ast.UnaryOp(ast.Not(), node.test))
        self.generic_visit(node)
        return node

    def visit_Return(self, node: ast.Return) -> ast.AST:
        self.generic_visit(node)
        if node.value is None or (
            isinstance(node.value, ast.Constant) and node.value.value is None
        ):
            return node
        return self._site(node, lambda: ast.Return(ast.Constant(None)))

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            return self._site(node, lambda: ast.Constant(not value))
        if isinstance(value, int):
            return self._site(node, lambda: ast.Constant(value + 1))
        if isinstance(value, str) and len(value) > 1 and value.endswith("$"):
            return self._site(node, lambda: ast.Constant(value[:-1]))  # an anchor dropped
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return node  # docstrings are not behaviour
        self.generic_visit(node)
        return node


def _one_line(node: ast.AST) -> str:
    return " ".join(ast.unparse(node).split())[:160]


def _functions(tree: ast.AST) -> dict[int, str]:
    """Line number -> the innermost function (or class) it is in, to name mutants by."""
    found: dict[int, str] = {}
    for node in ast.walk(tree):  # outer before inner, so the inner name wins
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                found[line] = node.name
    return found


def mutants(module: str) -> list[Mutant]:
    source = (ROOT / "sarkit" / f"{module}.py").read_text(encoding="utf-8")
    lines = source.splitlines()
    functions = _functions(ast.parse(source))
    counter = _Mutator()
    counter.visit(ast.parse(source))
    found: list[Mutant] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number in range(counter.seen):
        mutator = _Mutator(number)
        mutator.visit(ast.parse(source))
        if mutator.changed:
            old, new = mutator.changed
            was, now = _one_line(old), _one_line(new)
            if was == now:
                continue
            line = getattr(old, "lineno", 0)
            where = " ".join(lines[line - 1].split())[:120] if line else ""
            where = f"{functions.get(line, '<module>')}: {where}"
            nth = seen[(where, was, now)] = seen.get((where, was, now), 0) + 1
            found.append(Mutant(module, number, line, was, now, where, nth))
    # The same sample every run: seeded by the module's name.
    chosen = random.Random(module).sample(found, min(SAMPLE, len(found)))
    return sorted(chosen, key=lambda m: m.number)


def mutated_source(mutant: Mutant) -> str:
    source = (ROOT / "sarkit" / f"{mutant.module}.py").read_text(encoding="utf-8")
    tree = _Mutator(mutant.number).visit(ast.parse(source))
    return ast.unparse(ast.fix_missing_locations(tree))


def _copy(into: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / name)
    (into / "sarkit" / "static").mkdir(exist_ok=True)


def killed(mutant: Mutant, workdir: Path) -> bool:
    target = workdir / "sarkit" / f"{mutant.module}.py"
    original = (ROOT / "sarkit" / f"{mutant.module}.py").read_text(encoding="utf-8")
    target.write_text(mutated_source(mutant), encoding="utf-8")
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-x",
                "-q",
                "-p",
                "no:cacheprovider",
                "-m",
                "not browser",
                *MODULES[mutant.module],
            ],
            cwd=workdir,
            capture_output=True,
            timeout=TIMEOUT,
            env={
                "PATH": "/usr/bin:/bin",
                "CI": "1",
                "PYTHONPATH": str(workdir),
                "HOME": str(workdir),
            },
        )
        return result.returncode != 0
    except subprocess.TimeoutExpired:
        return True
    finally:
        target.write_text(original, encoding="utf-8")


def equivalents() -> dict[str, dict[str, str]]:
    """module -> {mutant key: the reason it cannot change behaviour}."""
    if not EQUIVALENT_FILE.exists():
        return {}
    data = tomllib.loads(EQUIVALENT_FILE.read_text(encoding="utf-8"))
    return {module: {e["mutant"]: e["reason"] for e in entries} for module, entries in data.items()}


def _chunks(items: list, n: int) -> Iterator[list]:
    for i in range(n):
        yield items[i::n]


def run(modules: list[str], jobs: int) -> int:
    known = equivalents()
    all_mutants = [m for module in modules for m in mutants(module)]
    survived: list[Mutant] = []
    with tempfile.TemporaryDirectory(prefix="sarkit-mutation-") as tmp:
        dirs = []
        for i in range(jobs):
            work = Path(tmp) / f"w{i}"
            work.mkdir()
            _copy(work)
            dirs.append(work)

        def work_through(args: tuple[Path, list[Mutant]]) -> list[Mutant]:
            workdir, batch = args
            return [m for m in batch if not killed(m, workdir)]

        with ThreadPoolExecutor(jobs) as pool:
            for batch in pool.map(work_through, zip(dirs, _chunks(all_mutants, jobs), strict=True)):
                survived += batch
    failing = False
    print(
        f"{'module':<10} {'mutants':>7} {'killed':>6} {'survived':>8} {'equivalent':>10} "
        f"{'killed of non-equivalent':>25}"
    )
    for module in modules:
        total = [m for m in all_mutants if m.module == module]
        lost = [m for m in survived if m.module == module]
        equal = [m for m in lost if m.key in known.get(module, {})]
        real = [m for m in lost if m not in equal]
        rate = (len(total) - len(lost)) / max(1, len(total) - len(equal))
        failing |= rate < TARGET
        print(
            f"{module:<10} {len(total):>7} {len(total) - len(lost):>6} {len(real):>8} "
            f"{len(equal):>10} {rate:>24.0%}"
        )
        for m in real:
            print(f"    survived: sarkit/{module}.py:{m.line}: {m.key}")
    stale = {key for module in modules for key in known.get(module, {})} - {
        m.key for m in all_mutants
    }
    for key in sorted(stale):
        print(f"note: {EQUIVALENT_FILE.name} lists a mutant no longer in the sample: {key}")
    return 1 if failing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules", nargs="*", metavar="module", help=f"any of {', '.join(MODULES)} (default all)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--list", action="store_true", help="list the sample and stop")
    args = parser.parse_args()
    args.modules = args.modules or list(MODULES)
    if unknown := set(args.modules) - set(MODULES):
        parser.error(f"no such module: {', '.join(sorted(unknown))}")
    if args.list:
        for module in args.modules:
            for m in mutants(module):
                print(f"sarkit/{module}.py:{m.line}: {m.key}")
        return
    sys.exit(run(args.modules, args.jobs))


if __name__ == "__main__":
    main()
