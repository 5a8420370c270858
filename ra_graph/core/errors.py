"""One error type for every input problem the user must fix.

The CLI turns it into a one-line message on stderr and exit code 2, so
library code raises it with the file, line and problem instead of letting a
traceback reach the user.
"""

from __future__ import annotations

from pathlib import Path


def printable(text: object, limit: int | None = 80) -> str:
    """``text`` as one line that is safe to echo: control and line-breaking
    characters (a newline, U+2028, U+0085, ...) become escapes, and a long
    value is cut at ``limit`` characters (None: not cut)."""
    out = "".join(ch if ch.isprintable() else _escape(ord(ch)) for ch in str(text))
    return out if limit is None or len(out) <= limit else out[: limit - 1] + "…"


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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
        return printable(where + self.problem, limit=None)  # one line, whatever the user typed


def notice(message: str) -> None:
    """Tell the user what a command assumed (on stderr, so stdout stays machine-readable)."""
    import sys

    print(f"ra-graph: {' '.join(message.split())}", file=sys.stderr)


def warn(message: str) -> None:
    """Report a problem that does not stop the command (file and line first), on stderr."""
    import sys

    print(f"ra-graph: warning: {' '.join(message.split())}", file=sys.stderr)
