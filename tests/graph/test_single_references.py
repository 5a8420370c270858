"""A commitment is carried by one ministry at most and requested by one party at most: a model with
two is refused when it is compiled, naming the clause; one is written.  N-36b6db (``> 1``)."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from ra_graph.core.errors import RaGraphError
from ra_graph.core.model import Clause, Commitment
from ra_graph.graph.compile import commitment_triples

RAI = "https://w3id.org/ra-graph/id/"


def _clause() -> Clause:
    return Clause(id="zeeland-2026/2.1/1", number="1", kind="Agreement", line=12, text="Het Rijk …", section="2.1")


@pytest.mark.parametrize("field", ["carried_by", "requested_by"])
def test_two_carriers_or_requesters_are_refused_and_one_is_written(field):
    node = URIRef(RAI + "zeeland-2026/2.1/1/c1")
    one = Commitment(obligors=[RAI + "rijk"], **{field: [RAI + "ienw"]})
    written = list(commitment_triples(_clause(), node, one))
    assert len([t for t in written if str(t[2]) == RAI + "ienw"]) == 1
    two = Commitment(obligors=[RAI + "rijk"], **{field: [RAI + "ienw", RAI + "lvvn"]})
    with pytest.raises(RaGraphError, match=r"^clause zeeland-2026/2\.1/1: a commitment has more than one "
                                           r"requested_by or carried_by$"):
        list(commitment_triples(_clause(), node, two))
