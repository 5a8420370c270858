"""Write output files whole or not at all.

A command that fails half-way must never leave a truncated report or graph
where the previous good one stood: write beside the target, then rename.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ra_graph.core.errors import RaGraphError


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` whole: a temporary file beside it, renamed over it.

    The replaced file keeps its permissions; a failure leaves the old file
    untouched and no temporary file behind.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise RaGraphError("cannot write: directory does not exist", file=directory)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise RaGraphError(f"cannot write: {exc.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise RaGraphError(f"cannot write: {exc.strerror}", file=path) from None
    return path
