"""The reading rules as data: ``data/rules/<name>.yaml`` (``paths.RULES``).

Every rule file is read here, once, and checked: a YAML slip, a missing or
mistyped key and a pattern that is not a regular expression each stop
extraction with one line naming the file (and line), not a traceback.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ra_graph.core import paths
from ra_graph.core.errors import RaGraphError
from ra_graph.core.textfile import read_yaml_mapping

# the kinds of value a rule key holds, and how to tell them
_KINDS = {
    "words": ("a list of words or patterns", lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)),
    "mappings": ("a list of mappings", lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v)),
    "text": ("a single text", lambda v: isinstance(v, str)),
    "mapping": ("a mapping of names to values", lambda v: isinstance(v, dict)),
}


def rules_file(name: str) -> Path:
    return paths.RULES / f"{name}.yaml"


@lru_cache(maxsize=16)
def _read(path: Path) -> tuple[dict, str]:
    return read_yaml_mapping(path, "rule file", "a rule file must be a mapping (key: value)")


def _line(text: str, needle: str, *, key: bool = False) -> int | None:
    """The first line holding ``needle`` (a key at the start of a line, or a pattern)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if (line.startswith(f"{needle}:") if key else needle in line):
            return number
    return None


def load_rules(name: str, required: dict[str, str] | None = None,
               optional: dict[str, str] | None = None) -> dict:
    """``data/rules/<name>.yaml`` as a dict (cached; do not modify it).

    ``required`` and ``optional`` map keys to the kind of value they hold:
    ``"words"`` (a list of words or patterns), ``"mappings"``, ``"text"``
    or ``"mapping"``; a missing required key or a value of another kind is
    an error naming the file and line.
    """
    return _checked(rules_file(name), tuple((required or {}).items()), tuple((optional or {}).items()))


@lru_cache(maxsize=64)
def _checked(path: Path, required: tuple[tuple[str, str], ...], optional: tuple[tuple[str, str], ...]) -> dict:
    """The rule file, its keys checked once per file and key set (the readers ask often)."""
    data, text = _read(path)
    for key, kind in {**dict(optional), **dict(required)}.items():
        what, fits = _KINDS[kind]
        if key not in data:
            if key in dict(required):
                raise RaGraphError(f"missing key '{key}' ({what})", file=path)
        elif not fits(data[key]):
            raise RaGraphError(f"'{key}' must be {what}", file=path, line=_line(text, key, key=True))
    return data


def compile_pattern(name: str, pattern: object, flags: int = re.IGNORECASE, *,
                    prefix: str = "") -> re.Pattern[str]:
    """``prefix + pattern`` compiled; a bad pattern of ``<name>.yaml`` is an error naming it."""
    path = rules_file(name)
    if not isinstance(pattern, str):
        raise RaGraphError(f"pattern {pattern!r} must be text (quote it)", file=path,
                           line=_line(_read(path)[1], str(pattern)))
    return _compile(path, pattern, flags, prefix)


@lru_cache(maxsize=None)
def _compile(path: Path, pattern: str, flags: int, prefix: str) -> re.Pattern[str]:
    try:
        return re.compile(prefix + pattern, flags)
    except re.error as exc:
        raise RaGraphError(f"bad regular expression '{pattern}': {exc.msg}", file=path,
                           line=_line(_read(path)[1], pattern)) from None


__all__ = ["load_rules", "compile_pattern", "rules_file"]
