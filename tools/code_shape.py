"""The code's shape rules (issue 12), checked by tests/unit/test_code_shape.py and runnable alone:
no function in chalicelib longer than 60 lines or with more than 6 parameters, and no service or
event handler that reaches storage or AWS except through the composition root.

    python -m tools.code_shape [paths...]"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 60
MAX_PARAMS = 6
# Modules that must see only domain objects and ports.
INWARD = ("chalicelib/services", "chalicelib/events")
FORBIDDEN = ("boto3", "botocore", "pynamodb", "chalicelib.adapters")


def functions(path: Path) -> Iterator[tuple[str, int, int, int]]:
    """(name, first line, lines, parameters) of each function; `self`/`cls` not counted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
            names = [name for name in names if name not in ("self", "cls")]
            count = len(names) + bool(args.vararg) + bool(args.kwarg)
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            yield node.name, node.lineno, lines, count


def imports(path: Path) -> Iterator[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, node.lineno


def problems(paths: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        where = path.relative_to(root)
        for name, line, lines, params in functions(path):
            if lines > MAX_LINES:
                found.append(f"{where}:{line} {name}() has {lines} lines (max {MAX_LINES})")
            if params > MAX_PARAMS:
                found.append(
                    f"{where}:{line} {name}() takes {params} parameters (max {MAX_PARAMS})"
                )
        if str(where).startswith(INWARD):
            for module, line in imports(path):
                if module.split(".")[0] in FORBIDDEN or module.startswith(FORBIDDEN):
                    found.append(f"{where}:{line} imports {module}")
    return found


def chalicelib_files() -> list[Path]:
    return sorted((ROOT / "chalicelib").rglob("*.py"))


if __name__ == "__main__":
    chosen = [Path(arg).resolve() for arg in sys.argv[1:]] or chalicelib_files()
    report = problems(chosen)
    print("\n".join(report) or "ok")
    sys.exit(1 if report else 0)
