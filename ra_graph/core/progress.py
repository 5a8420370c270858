"""A progress bar for long work (``build``, ``validate``), on stderr.

A bar helps a person watching a terminal; a script, a pipe or a log file
gets nothing extra.  So a bar is drawn only when stderr is a terminal and
the caller says the work is long, and tqdm (no dependencies of its own) is
imported only then: read commands never pay for it.
"""

from __future__ import annotations

import sys


class _Silent:
    """The bar when none is shown."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def bar(steps: int, what: str, unit: str = "step", *, long: bool = True):
    """A bar over ``steps`` steps (``update()`` after each, ``close()`` at the end)."""
    if not long or not sys.stderr.isatty():
        return _Silent()
    import tqdm

    tqdm.tqdm.monitor_interval = 0  # no monitor thread: build forks worker processes
    return tqdm.tqdm(total=steps, desc=what, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True)
