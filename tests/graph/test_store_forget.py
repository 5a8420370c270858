"""``diskstore.forget``: a store let go of leaves nothing of itself behind, and nothing of another."""

from __future__ import annotations

import pyoxigraph as ox

from ra_graph.core import diskstore


def test_forget_drops_the_values_remembered_for_that_store_only():
    """C-fce7f7: the values kept for one store go with it; another store's stay remembered."""
    one, other = ox.Store(), ox.Store()
    computed = []

    def compute(tag):
        return lambda: computed.append(tag) or tag

    assert diskstore.memo(one, "labels", compute("one")) == "one"
    assert diskstore.memo(other, "labels", compute("other")) == "other"
    diskstore.forget(one)
    assert (id(one), "labels") not in diskstore._MEMO  # nothing holds the store: it can close
    assert diskstore.memo(other, "labels", compute("again")) == "other"  # still remembered
    assert diskstore.memo(one, "labels", compute("one, again")) == "one, again"  # computed anew
    assert computed == ["one", "other", "one, again"]
    diskstore.forget(one)
    diskstore.forget(other)
