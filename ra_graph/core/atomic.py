"""Write output files whole or not at all.

A command that fails half-way must never leave a truncated report or graph
where the previous good one stood: write beside the target, check it if the
caller asks, then rename and make the rename durable (fsync of the
directory).  A write killed half-way (kill -9, power loss) leaves its
temporary file ``.<name>.<pid>.<random>.tmp``; the next write to the same
target removes those whose process is gone, and ``.gitignore`` hides them.

An ``--out`` that is a symbolic link is written through: the link stays and
the file it points to is replaced, as a shell redirection would do.  An
``--out`` that is a character device or a FIFO (``/dev/null``, ``/dev/stdout``,
a named pipe) is written into, as a shell redirection would do, and never
replaced by a regular file; a block device or a socket is refused.  Every
write checks that all its bytes went out (``write_all``): a short write on
a full disk is an error, never a silent truncation.
"""

from __future__ import annotations

import os
import re
import select
import stat
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
    if not str(path) or str(path) == ".":
        raise RaGraphError("cannot write: an empty file name")
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError as exc:  # a lone surrogate from an escaped source value
        raise RaGraphError(f"cannot write: the text holds {exc.object[exc.start:exc.end]!r}, "
                           "which UTF-8 cannot encode", file=path) from None
    if special_target(path):
        return _write_into(path, payload, verify)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise RaGraphError("cannot write: directory does not exist", file=directory)
    remove_stale_temporaries(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise RaGraphError(f"cannot write: {exc.strerror}", file=path) from None
    try:
        try:
            write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
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


def special_target(path: Path) -> bool:
    """Whether ``path`` exists as something other than a regular file or a directory
    (a device, a FIFO, a socket): such a target is written into, never replaced.
    Raises RaGraphError for the kinds that are refused (block devices, sockets)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return False
    if stat.S_ISBLK(mode):
        raise RaGraphError("cannot write: a block device (refused: ra-graph never writes onto a disk)", file=path)
    if stat.S_ISSOCK(mode):
        raise RaGraphError("cannot write: a socket is not a file", file=path)
    return True


def check_target(path: Path | None) -> None:
    """Refuse an ``--out`` that could never be written, before a long command runs."""
    if path is None:
        return
    if not str(path) or str(path) == ".":
        raise RaGraphError("cannot write: an empty file name")
    special_target(Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path))


def _write_into(path: Path, payload: bytes, verify: Callable[[Path], None] | None) -> Path:
    """Write ``payload`` into a character device or FIFO as ``> path`` would.

    ``verify`` runs first on a private temporary copy: what reaches the
    device is what was checked.
    """
    if verify is not None:
        fd, tmp = tempfile.mkstemp(prefix=".ra-graph-verify.", suffix=".tmp")
        try:
            try:
                write_all(fd, payload)
            finally:
                os.close(fd)
            verify(Path(tmp))
        except OSError as exc:
            raise RaGraphError(f"cannot write: {exc.strerror}", file=path) from None
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
    except OSError as exc:
        raise RaGraphError(f"cannot write: {exc.strerror}", file=path) from None
    try:
        write_all(fd, payload)
    except OSError as exc:
        raise RaGraphError(f"cannot write: {exc.strerror}", file=path) from None
    finally:
        os.close(fd)
    return path


def write_all(fd: int, data: bytes) -> int:
    """Write every byte of ``data`` to file descriptor ``fd``; returns how many.

    ``os.write`` (and a buffered stream's ``write``) may write fewer bytes
    than given -- on a full disk the first write is short and only the next
    one fails -- so a caller that writes once can lose the rest in silence.
    This loops until all is out, waits on a non-blocking descriptor, and
    raises OSError (ENOSPC) if the system accepts nothing.
    """
    view = memoryview(data)
    total = 0
    while total < len(view):
        try:
            n = os.write(fd, view[total:total + (1 << 20)])
        except BlockingIOError:
            poller = select.poll()  # not select.select: it refuses a descriptor numbered 1024 or more
            poller.register(fd, select.POLLOUT)
            poller.poll()
            continue
        if n <= 0:
            raise OSError(28, os.strerror(28))
        total += n
    return total


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
