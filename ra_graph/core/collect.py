"""Let Python's cyclic garbage collector run less often during one big piece of work.

A build keeps every arrangement, its clauses and the graphs made from them
alive until the snapshot is written, and ``analyse`` keeps every row it
read from the graph until its records are made.  Each of Python's
collections walks objects that are all still alive: at 120 arrangements
they cost about a quarter of the build, and on one text of 10,000 clauses
they made reading the network for ``analyse`` grow twenty times for ten
times the text.  Almost nothing made there is garbage in a cycle, so
collecting a hundred times less often costs little memory.  Forked workers
inherit the setting.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 70_000  # allocations between two collections of the youngest generation (Python's default: 700)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within the block, collect the youngest generation every ``YOUNG`` allocations at most;
    the thresholds before are restored after it (nested blocks are fine)."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
