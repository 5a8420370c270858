"""The vocabulary page (``/def``) shows each class's superclasses (``rdfs:subClassOf``) and nothing
else in that place.  C-943fe2 (``p == RDFS + "subClassOf"``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.trig"


@pytest.fixture(scope="module")
def page() -> str:
    return Workbench(open_graph(MINI), MINI).handle("/def", {}, "text/html").body.decode("utf-8")


def _super(page: str, term: str) -> list[str]:
    [entry] = re.findall(rf'<dt id="{term}">.*?</dd>', page, re.S)
    return re.findall(r'<a href="([^"]+)"', "".join(re.findall(r"⊑ (.*?)</span>", entry)))


@pytest.mark.parametrize(("term", "shown"), [
    ("Ministry", ["/def#Actor"]),
    ("Arrangement", ["http://www.w3.org/ns/prov#Entity", "http://purl.org/dc/terms/BibliographicResource"]),
    ("Clause", []),
])
def test_a_class_shows_its_superclasses(page, term, shown):
    assert _super(page, term) == shown
