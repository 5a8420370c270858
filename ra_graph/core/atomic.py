"""Write output files whole or not at all.

A command that fails half-way must never leave a truncated report or graph
where the previous good one stood: write beside the target, check it if the
caller asks, then rename and make the rename durable (fsync of the
directory).  A write killed half-way (kill -9, power loss) leaves its
temporary file ``.<name>.<pid>.<random>.tmp``; the next write to the same
target removes those whose process is gone, and ``.gitignore`` hides them.

An ``--out`` that is a symbolic link is written through: the link stays and
the file it points to is replaced, as a shell redirection would do.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from ra_graph.core.errors import RaGraphError


def write_atomic(path: str | Path, data: str | bytes, *, verify: Callable[[Path], None] | None = None) -> Path:
    """Write ``data`` to ``path`` whole: a temporary file beside it, renamed over it.

    ``verify(temporary_path)`` runs after the data is on disk and before the
    rename; if it raises, the temporary file is removed and the old file
    stays.  The replaced file keeps its permissions; a failure leaves the old
    file untouched and no temporary file behind.  Returns the path written
    (the link's target when ``path`` is a symbolic link).
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError as exc:  # a lone surrogate from an escaped source value
        raise RaGraphError(f"cannot write: the text holds {exc.object[exc.start:exc.end]!r}, "
                           "which UTF-8 cannot encode", file=path) from None
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise RaGraphError("cannot write: directory does not exist", file=directory)
    remove_stale_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise RaGraphError(f"cannot write: {exc.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if verify is not None:
            verify(Path(tmp))
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise RaGraphError(f"cannot write: {exc.strerror}", file=path) from None
        raise
    _sync_directory(directory)
    return path


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove ``.<name>.<pid>.*.tmp`` beside ``path`` whose writing process has gone."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(?:(\d+)\.)?[^.]+\.tmp")
    removed = []
    try:
        siblings = list(path.parent.iterdir()) if str(path.parent) else list(Path(".").iterdir())
    except OSError:
        return removed
    for sibling in siblings:
        match = pattern.fullmatch(sibling.name)
        if not match or (match[1] and _alive(int(match[1]))):
            continue
        try:
            sibling.unlink()
            removed.append(sibling)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or no pid at all
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _sync_directory(directory: Path) -> None:
    """Make the rename durable: fsync the directory entry (a no-op where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
