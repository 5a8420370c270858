"""One error type for every input problem the user must fix.

The CLI turns it into a one-line message on stderr and exit code 2, so
library code raises it with the file, line and problem instead of letting a
traceback reach the user.
"""

from __future__ import annotations

from pathlib import Path


class RaGraphError(Exception):
    """Bad input or usage: names the file (and line) or parameter at fault."""

    def __init__(self, problem: str, *, file: str | Path | None = None, line: int | None = None):
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        return where + self.problem


def notice(message: str) -> None:
    """Tell the user what a command assumed (on stderr, so stdout stays machine-readable)."""
    import sys

    print(f"ra-graph: {' '.join(message.split())}", file=sys.stderr)


def warn(message: str) -> None:
    """Report a problem that does not stop the command (file and line first), on stderr."""
    import sys

    print(f"ra-graph: warning: {' '.join(message.split())}", file=sys.stderr)
