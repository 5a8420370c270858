"""The package layout is the pipeline: imports only go down the stages.

``core`` stands under everything; then extract -> graph -> validate ->
query -> network -> web (the workbench's pages); the CLI sits on top.  A stage may import an earlier one,
never a later one, and no module may be part of an import cycle, counting
lazy imports inside functions too (they are still dependencies).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ra_graph"
RANK = {"core": 0, "extract": 1, "graph": 2, "validate": 3, "query": 4, "network": 5, "web": 6, "cli": 7,
        "__main__": 8}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every ra_graph module this file imports, at any depth of the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("ra_graph"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ra_graph"):
            for alias in node.names:  # "from ra_graph.query import library" names a module
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _exists(candidate) else node.module)
    return found


def _exists(module: str) -> bool:
    base = PACKAGE.parent.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "ra_graph"


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
EDGES = sorted((m, i) for m, p in MODULES.items() for i in _imports(p) if i != m)


def test_the_top_level_is_the_pipeline():
    entries = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    assert entries == ["__init__.py", "__main__.py", "cli.py", "core", "extract", "graph", "network",
                       "query", "validate", "web"]


def test_every_stage_package_says_what_enters_and_leaves():
    for stage in ("core", "extract", "graph", "validate", "query", "network"):
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split("\n")) >= 3, stage


@pytest.mark.parametrize("importer, imported", [e for e in EDGES if _stage(e[0]) in RANK])
def test_imports_go_down_the_stages(importer, imported):
    stage, target = _stage(importer), _stage(imported)
    if target == "ra_graph":  # the package root holds only the version
        return
    assert RANK[target] <= RANK[stage], f"{importer} (stage {stage}) imports {imported} (stage {target})"


def test_no_import_cycles():
    graph = nx.DiGraph(EDGES)
    cycles = [c for c in nx.simple_cycles(graph) if all(n.startswith("ra_graph.") for n in c)]
    assert cycles == []


def test_the_checker_sees_lazy_imports():
    """A guard for the checker itself: the CLI's imports are all lazy."""
    assert ("ra_graph.cli", "ra_graph.graph.build") in EDGES
    assert ("ra_graph.query.review", "ra_graph.graph.build") in EDGES
