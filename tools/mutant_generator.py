"""Systematic mutants: the bugs nobody thought of listing, generated from the code and the rules.

Why: a list of mutants written by the people who wrote the tests finds what they already thought of
(issue #25: 51 of 51 listed mutants killed, 3 of 14 unlisted ones survived).  This module plants, one at
a time,

* ``C``: every comparison operator in ``ra_graph/`` replaced by its neighbour (``<``/``<=``,
  ``>``/``>=``, ``==``/``!=``);
* ``Q``: the same in ``queries/*.rq`` (``=`` and ``!=`` are neighbours there);
* ``R``: every entry of every list in ``data/rules/*.yaml`` removed;
* ``N``: every number that is a threshold -- a module constant in capitals or a number compared
  with -- moved by one (integers) or by 10% (other numbers), up and down.

Each mutant has a stable id (a hash of its file, the stripped line, the place in it and the change),
so that the list of equivalent mutants (``EQUIVALENT`` in ``tools/mutants.py``) survives edits
elsewhere in a file.  ``tools/mutants.py --systematic`` runs them; ``--sample N --seed S`` runs a
seeded sample.
"""

from __future__ import annotations

import ast
import hashlib
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NEIGHBOUR = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
SPARQL_NEIGHBOUR = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "=": "!=", "!=": "="}
# Comparisons that are not behaviour: in the generator itself, in type checks of the Python version.
SKIP_FILES = {"ra_graph/__main__.py"}


@dataclass(frozen=True)
class Spot:
    """One generated change: replace ``old`` at (line, col) of ``file`` by ``new``."""

    id: str
    file: str  # relative to the repository root
    line: int  # 1-based
    col: int  # 0-based, in characters
    old: str
    new: str
    description: str


def _id(kind: str, file: str, line_text: str, col: int, old: str, new: str) -> str:
    stripped = line_text.strip()
    offset = col - (len(line_text) - len(line_text.lstrip()))
    digest = hashlib.sha1(f"{file}\0{stripped}\0{offset}\0{old}\0{new}".encode()).hexdigest()[:6]
    return f"{kind}-{digest}"


def _spot(kind: str, file: str, lines: list[str], line: int, col: int, old: str, new: str, what: str) -> Spot:
    text = lines[line - 1]
    return Spot(_id(kind, file, text, col, old, new), file, line, col, old, new,
                f"{file}:{line}: {what}: `{text.strip()[:90]}`")


def python_comparisons(root: Path = ROOT) -> list[Spot]:
    """Every comparison operator token of the package, with its neighbour."""
    out = []
    for path in sorted((root / "ra_graph").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in SKIP_FILES:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.split("\n")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.OP and token.string in NEIGHBOUR:
                (line, col), new = token.start, NEIGHBOUR[token.string]
                out.append(_spot("C", rel, lines, line, col, token.string, new, f"{token.string} -> {new}"))
    return out


def sparql_comparisons(root: Path = ROOT) -> list[Spot]:
    """Every comparison operator of the stored queries (IRIs, strings and comments are skipped)."""
    from ra_graph.query.sparql_guard import _TOKEN

    out = []
    for path in sorted((root / "queries").glob("*.rq")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        tokens = [(m.lastgroup, m.group(0), m.start()) for m in _TOKEN.finditer(text)]
        i = 0
        while i < len(tokens):
            kind, value, start = tokens[i]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else (None, "", -1)
            if kind == "other" and value in "<>!=":
                op = value + "=" if nxt[0] == "other" and nxt[1] == "=" and nxt[2] == start + 1 else value
                if op in SPARQL_NEIGHBOUR:
                    line = text.count("\n", 0, start) + 1
                    col = start - (text.rfind("\n", 0, start) + 1)
                    new = SPARQL_NEIGHBOUR[op]
                    out.append(_spot("Q", rel, lines, line, col, op, new, f"{op} -> {new}"))
                i += len(op)
                continue
            i += 1
    return out


def rule_entries(root: Path = ROOT) -> list[Spot]:
    """Every scalar entry of every list in the rule files, removed (with its line or its comma)."""
    out = []
    for path in sorted((root / "data" / "rules").glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        for node in _sequences(yaml.compose(text)):
            items = [n for n in node.value if isinstance(n, yaml.ScalarNode)]
            for k, item in enumerate(items):
                start, end = _removal(text, node, items, k)
                old = text[start:end]
                line = text.count("\n", 0, start) + 1
                col = start - (text.rfind("\n", 0, start) + 1)
                ident = _spot("R", rel, lines, item.start_mark.line + 1, item.start_mark.column, old, "",
                              f"entry {item.value!r} removed")
                out.append(Spot(ident.id, rel, line, col, old, "", ident.description))
    return out


def _sequences(node) -> list:
    found = []
    if isinstance(node, yaml.SequenceNode):
        found.append(node)
        for child in node.value:
            found += _sequences(child)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            found += _sequences(value)
    return found


def _removal(text: str, node, items: list, k: int) -> tuple[int, int]:
    """The span of text whose removal takes item ``k`` out of its list and leaves valid YAML."""
    item = items[k]
    if node.flow_style:
        if len(items) == 1:
            return item.start_mark.index, item.end_mark.index
        if k + 1 < len(items):
            return item.start_mark.index, items[k + 1].start_mark.index
        return items[k - 1].end_mark.index, item.end_mark.index
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    line_end = text.find("\n", item.end_mark.index)
    return line_start, (len(text) if line_end < 0 else line_end + 1)


def thresholds(root: Path = ROOT) -> list[Spot]:
    """Numbers that are thresholds: module constants in capitals and numbers in comparisons, ±1 or ±10%."""
    out = []
    for path in sorted((root / "ra_graph").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        lines = source.split("\n")
        numbers: list[ast.Constant] = []
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id.lstrip("_").isupper():
                numbers += [c for c in ast.walk(node.value) if _is_number(c)]
            elif isinstance(node, ast.Compare):
                numbers += [c for c in (node.left, *node.comparators) if _is_number(c)]
        for const in numbers:
            old = ast.get_source_segment(source, const)
            if old is None or "\n" in old:
                continue
            col = len(lines[const.lineno - 1].encode("utf-8")[:const.col_offset].decode("utf-8"))  # ast counts bytes
            for new in _moved(const.value):
                out.append(_spot("N", rel, lines, const.lineno, col, old, new, f"{old} -> {new}"))
    return out


def _is_number(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool)


def _moved(value: int | float) -> list[str]:
    if isinstance(value, int):
        return [str(value + 1), str(value - 1)] if value > 1 else [str(value + 1)]
    if value == 0:  # 10% of nothing is nothing: a tenth either side
        return ["0.1", "-0.1"]
    return [repr(round(value * 1.1, 6)), repr(round(value * 0.9, 6))]


def every_spot(root: Path = ROOT) -> list[Spot]:
    """All systematic mutants, in a stable order; a repeated id (the same line twice in a file)
    gets the number of its occurrence."""
    out, seen = [], {}
    for spot in python_comparisons(root) + sparql_comparisons(root) + rule_entries(root) + thresholds(root):
        seen[spot.id] = seen.get(spot.id, 0) + 1
        if seen[spot.id] > 1:
            spot = Spot(f"{spot.id}.{seen[spot.id]}", *list(spot.__dict__.values())[1:])
        out.append(spot)
    return out


def apply(spot: Spot, text: str) -> str:
    """``text`` with ``spot`` applied; ValueError when the text at the spot is not ``spot.old``."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: spot.line - 1]) + spot.col
    if text[start:start + len(spot.old)] != spot.old:
        raise ValueError(f"{spot.file}:{spot.line}: expected {spot.old!r} at column {spot.col}")
    return text[:start] + spot.new + text[start + len(spot.old):]


if __name__ == "__main__":
    spots = every_spot()
    kinds: dict[str, int] = {}
    for s in spots:
        kinds[s.id[0]] = kinds.get(s.id[0], 0) + 1
        print(s.id, s.description)
    print(f"{len(spots)} mutants: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())), file=sys.stderr)
