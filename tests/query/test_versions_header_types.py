"""A stored query's ``# versions: EARLIER LATER`` header must name two parameters of type
arrangement, wherever they stand among the parameters.  C-f27f89 (``p.name == name``)."""

from __future__ import annotations

import pytest

from ra_graph.core.errors import RaGraphError
from ra_graph.query import library

QUERY = "SELECT ?who ?old ?new WHERE { ?who ?old ?new }\n"


def _load(tmp_path, header: str):
    path = tmp_path / "compare.rq"
    path.write_text(header + QUERY, encoding="utf-8")
    return library.load(path)


def test_the_versions_may_follow_a_parameter_of_another_type(tmp_path):
    query = _load(tmp_path, "# param: who actor — an actor\n# param: old arrangement — earlier\n"
                            "# param: new arrangement — later\n# versions: old new\n")
    assert query.versions == ("old", "new")


def test_a_versions_header_naming_an_actor_parameter_is_refused(tmp_path):
    with pytest.raises(RaGraphError) as refused:
        _load(tmp_path, "# param: old arrangement — earlier\n# param: new arrangement — later\n"
                        "# param: who actor — an actor\n# versions: old who\n")
    assert str(refused.value) == f"{tmp_path / 'compare.rq'}: versions header: 'who' is not an arrangement parameter"
