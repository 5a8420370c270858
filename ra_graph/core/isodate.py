"""One strict reading of ISO dates typed by users (``--as-of``, curation ``due_by``).

Python 3.11's ``date.fromisoformat`` also accepts ``20261231`` and week
dates; analysts' dates are ``YYYY-MM-DD`` and every entry point must agree.
"""

from __future__ import annotations

import datetime as _dt
import re

from ra_graph.core.errors import RaGraphError, printable

_ISO = r"\d{4}-\d{2}-\d{2}"  # compiled (and kept in re's cache) when a date is first read


def parse_iso_date(value: str, label: str, *, file: str | None = None, line: int | None = None) -> _dt.date:
    """``YYYY-MM-DD`` -> date; anything else is an error naming ``label``."""
    text = str(value).strip()
    if re.fullmatch(_ISO, text):
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise RaGraphError(f"{label}: '{printable(value)}' is not a date (YYYY-MM-DD)", file=file, line=line)
