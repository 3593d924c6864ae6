"""The import graph, read with ast: no file imports one that imports it back,
and the top-level packages depend one way (assistant → index → vn, ingest → vn;
only the ingest command line uses index)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("vn", "ingest", "index", "assistant")
# Which packages each package may import, besides itself.
ALLOWED = {"vn": set(), "ingest": {"vn"}, "index": {"vn"}, "assistant": {"index", "vn"}}
ENTRY_POINTS = {"ingest.__main__": {"index"}}  # the ingest CLI stores what it parsed


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Module -> the project modules it imports anywhere in its body (functions, TYPE_CHECKING too)."""
    modules = {_module(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found |= {t for t in targets if t in modules and t != name}
        graph[name] = found
    return graph


def test_no_import_circle_between_files():
    graph = imports()
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " -> ".join(path[path.index(nxt) :] + [nxt]))
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])


def test_packages_depend_one_way():
    wrong = []
    for module, targets in imports().items():
        package = module.split(".")[0]
        allowed = ALLOWED[package] | ENTRY_POINTS.get(module, set()) | {package}
        wrong += [f"{module} -> {t}" for t in sorted(targets) if t.split(".")[0] not in allowed]
    assert not wrong, wrong


def test_the_checker_sees_imports_inside_functions():
    # registry reads the index lazily, inside a function: it must still count.
    assert "index.store" in imports()["assistant.registry"]
