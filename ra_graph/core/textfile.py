"""Read a text file a person edits: every problem names the file and line.

Source texts, curation files, rule files and stored queries are edited by
hand; a file saved in Windows-1252, a directory given for a file or a YAML
slip must end in one line naming the file (and line), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ra_graph.core.errors import RaGraphError

if TYPE_CHECKING:  # read commands import this module; they must not pay for PyYAML
    import yaml


def line_of(data: bytes | str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``data``."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def read_bytes(path: str | Path, what: str) -> bytes:
    """The bytes of ``path``; ``what`` names the file in errors ("curation file")."""
    path = Path(path)
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise RaGraphError(f"cannot read {what}: is a directory", file=path) from None
    except OSError as exc:
        raise RaGraphError(f"cannot read {what}: {exc.strerror or exc}", file=path) from None


def read_source_bytes(path: str | Path, what: str = "source text") -> bytes:
    """The bytes of ``path`` if it is a regular file; a FIFO, socket or device is an
    error, never a read that waits for a writer forever (opened non-blocking, then
    checked)."""
    import os
    import stat

    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        raise RaGraphError(f"cannot read {what}: is a directory", file=path) from None
    except OSError as exc:
        raise RaGraphError(f"cannot read {what}: {exc.strerror or exc}", file=path) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise RaGraphError(f"cannot read {what}: is a directory", file=path)
        if not stat.S_ISREG(mode):
            raise RaGraphError(f"cannot read {what}: not a regular file (a FIFO, socket or device)", file=path)
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise RaGraphError(f"cannot read {what}: {exc.strerror or exc}", file=path) from None
    finally:
        os.close(fd)


def decode_utf8(data: bytes, path: str | Path) -> str:
    """``data`` as UTF-8; an invalid byte is an error at its line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_of(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        raise RaGraphError(
            f"not UTF-8: invalid byte 0x{bad} on line {line} at byte offset {exc.start}"
            " (save the file as UTF-8)",
            file=path,
            line=line,
        ) from None


def read_text(path: str | Path, what: str) -> str:
    """A UTF-8 text file (a leading byte-order mark removed); RaGraphError names file:line."""
    return decode_utf8(read_bytes(path, what), path).removeprefix("\ufeff")


def yaml_error(exc: yaml.YAMLError, path: str | Path, text: str) -> RaGraphError:
    """A PyYAML error as one line naming the file and the line at fault."""
    import yaml

    line = None
    if isinstance(exc, yaml.reader.ReaderError):
        # the reader reports a position in the text, not a line
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}" \
            if isinstance(exc.character, int) else exc.reason
        line = line_of(text, exc.position)
    elif isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "syntax error"
        if exc.problem and exc.context:
            where = f" on line {exc.context_mark.line + 1}" if exc.context_mark else ""
            problem = f"{exc.problem} ({exc.context}{where})"
    else:
        problem = str(exc)
    return RaGraphError("not valid YAML: " + " ".join(str(problem).split()), file=path, line=line)


MAX_YAML_BYTES = 1_000_000
MAX_YAML_DEPTH = 64
MAX_YAML_ALIASES = 1_000
MAX_YAML_VALUES = 100_000  # after expanding aliases


def check_yaml(text: str, path: str | Path) -> None:
    """Refuse YAML too large, too deeply nested or expanding too far, before it is composed.

    PyYAML's composer recurses once per level (20,000 levels: RecursionError)
    and an alias is a reference that a reader walks again each time (2,000
    aliases of aliases: minutes).  Its parser is not recursive, so the
    events are counted first: nesting depth, aliases, and the number of
    values the document would have with every alias expanded.
    """
    import yaml

    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise RaGraphError(f"too large for a YAML file people edit: {size} bytes (limit {MAX_YAML_BYTES})",
                           file=path)
    opened: list[tuple[str | None, int]] = []
    sizes: dict[str, int] = {}
    values = aliases = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                values += 1
                opened.append((event.anchor, values))
                if len(opened) > MAX_YAML_DEPTH:
                    raise RaGraphError(f"nested too deeply: more than {MAX_YAML_DEPTH} levels", file=path, line=line)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, start = opened.pop()
                if anchor:
                    sizes[anchor] = values - start + 1
            elif isinstance(event, yaml.ScalarEvent):
                values += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise RaGraphError(f"more than {MAX_YAML_ALIASES} aliases (*name)", file=path, line=line)
                values += sizes.get(event.anchor, 1)
            if values > MAX_YAML_VALUES:
                raise RaGraphError(f"expands to more than {MAX_YAML_VALUES} values (through aliases?)",
                                   file=path, line=line)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, text) from None


__all__ = ["read_text", "read_bytes", "read_source_bytes", "decode_utf8", "line_of", "yaml_error", "check_yaml"]


def read_yaml_mapping(path: Path, what: str, not_a_mapping: str) -> tuple[dict, str]:
    """A YAML file that must hold a mapping, checked before it is composed, and its text;
    every problem is one RaGraphError naming the file (and line)."""
    import yaml

    text = read_text(path, what)
    check_yaml(text, path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, text) from None
    if not isinstance(data, dict):
        raise RaGraphError(not_a_mapping, file=path)
    return data, text
