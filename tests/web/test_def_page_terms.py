"""The vocabulary page (``/def``) shows each class's superclasses (``rdfs:subClassOf``) and each
property's domain and range, as links a person can follow.  C-943fe2 (``p == RDFS + "subClassOf"``)."""

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


def _domain_range(page: str, term: str) -> tuple[list[str], list[str]]:
    [entry] = re.findall(rf'<dt id="{term}">.*?</dd>', page, re.S)
    [shown] = re.findall(r'<span class="muted">(.*?)</span>', entry)
    domain, range_ = shown.split("→")
    return re.findall(r'<a href="([^"]+)"', domain), re.findall(r'<a href="([^"]+)"', range_)


def test_a_property_shows_its_domain_and_range(page):
    """C-d759f6 (``p == RDFS + "range"``)."""
    assert _domain_range(page, "obligor") == (["/def#Commitment"], ["/def#Actor"])
    assert _domain_range(page, "dueBy") == (["/def#Commitment"], ["http://www.w3.org/2001/XMLSchema#date"])


def test_a_union_domain_is_shown_as_its_members_not_as_a_blank_node(page):
    """ra:text's domain is ``[ owl:unionOf ( ra:Clause ra:UnaccountedText ) ]``: the page names the
    two classes ("ra:Clause ∪ ra:UnaccountedText"), not the blank node's generated id."""
    [entry] = re.findall(r'<dt id="text">.*?</dd>', page, re.S)
    assert _domain_range(page, "text") == (["/def#Clause", "/def#UnaccountedText"],
                                           ["http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"])
    assert '<a href="/def#Clause">ra:Clause</a> ∪ <a href="/def#UnaccountedText">' in entry
