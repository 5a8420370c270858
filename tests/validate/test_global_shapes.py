"""Only the shapes whose check reaches across arrangements run on the whole graph; the other 13
with targets run per province, chunk by chunk (that is what keeps validate in bounded memory).
C-eda29a (``p == SH.inversePath``): a shape counts as global for an inverse path beneath it, not
for any path."""

from __future__ import annotations

from ra_graph.core import paths
from ra_graph.validate import shacl

SHAPES = "https://w3id.org/ra-graph/shapes#"


def test_the_shapes_run_on_the_whole_graph_are_the_two_that_reach_across_arrangements():
    shapes = shacl.load_shapes(paths.SHAPES)
    assert sorted(str(s) for s in shacl._global_shapes(shapes)) == [
        SHAPES + "RevisionSuccessorShape",  # a clause has one successor at most, in the next version
        SHAPES + "UniqueIdentifierShape",  # identifiers unique across the register
    ]
