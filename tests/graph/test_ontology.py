"""The ontology declares every term the data use, in Dutch and English."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
import rdflib.collection
from rdflib.namespace import OWL, RDF, RDFS, Namespace

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain namespace: pytest probes module attributes

from ra_graph.core.errors import RaGraphError
from ra_graph.core.namespaces import RA
from ra_graph.core.paths import ONTOLOGY, VOCAB
from ra_graph.graph.ontology import declared_terms, load_ontology, undeclared_terms

FIXTURES = Path(__file__).parents[1] / "fixtures"
NS = rdflib.Namespace(RA)
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
GEO = rdflib.Namespace("http://www.opengis.net/ont/geosparql#")

CLASSES = """Arrangement Section Clause Commitment Actor NationalGovernment Ministry Province Municipality
    WaterBoard Agency OtherOrganisation ActorGroup Programme Location Meeting Signatory SourceDocument
    ClauseKind Modality Basis UnaccountedText""".split()
INDIVIDUALS = {
    "ClauseKind": ["Agreement", "AgendaItem", "EarlierAgreement", "Principle"],
    "Modality": ["Result", "Effort", "Dialogue", "Request", "Acknowledgement", "Research", "Statement"],
    "Basis": ["FromText", "FromRule", "FromCuration"],
}
OBJECT_PROPERTIES = """province party signatory signsFor theme leadMinistry leadMinistryBasis inArrangement
    inSection clauseKind hasCommitment obligor beneficiary requestedBy partner mentions modality carriedBy
    carriedByBasis concerns location basis agreedAt owner locatedIn area""".split()
DATATYPE_PROPERTIES = """validUntil validUntilText year role sha256 sourceFile number text sourceLine heading
    leadIn dueBy dueText note curationEntry shortName meetingText revisionScore sourcePage fileName
    extractedWith""".split()
ALL_TERMS = CLASSES + [i for ii in INDIVIDUALS.values() for i in ii] + OBJECT_PROPERTIES + DATATYPE_PROPERTIES


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return load_ontology(ONTOLOGY)


def _langs(graph: rdflib.Graph, subject, predicate) -> list[str]:
    return sorted(o.language for o in graph.objects(subject, predicate) if isinstance(o, rdflib.Literal))


def test_ontology_header(onto):
    header = rdflib.URIRef("https://w3id.org/ra-graph/def")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(header, OWL.versionInfo)) == "0.1.0"
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    assert _langs(onto, header, dcterms.title) == ["en", "nl"]
    assert _langs(onto, header, dcterms.description) == ["en", "nl"]


@pytest.mark.parametrize("name", ALL_TERMS)
def test_term_declared_with_nl_en_label_and_comment(onto, name):
    term = NS[name]
    assert str(term) in declared_terms(onto), f"ra:{name} not declared"
    assert _langs(onto, term, RDFS.label) == ["en", "nl"], f"ra:{name} labels"
    assert _langs(onto, term, RDFS.comment) == ["en", "nl"], f"ra:{name} comments"


def test_term_kinds(onto):
    for name in CLASSES:
        assert (NS[name], RDF.type, OWL.Class) in onto, name
    for name in OBJECT_PROPERTIES:
        assert (NS[name], RDF.type, OWL.ObjectProperty) in onto, name
    for name in DATATYPE_PROPERTIES:
        assert (NS[name], RDF.type, OWL.DatatypeProperty) in onto, name
    for cls, names in INDIVIDUALS.items():
        for name in names:
            assert (NS[name], RDF.type, OWL.NamedIndividual) in onto, name
            assert (NS[name], RDF.type, NS[cls]) in onto, name


def test_nothing_declared_beyond_the_list(onto):
    assert declared_terms(onto) == {RA + t for t in ALL_TERMS}


def test_actor_kinds_are_actors(onto):
    for name in ["NationalGovernment", "Ministry", "Province", "Municipality", "WaterBoard", "Agency",
                 "OtherOrganisation", "ActorGroup"]:
        assert (NS[name], RDFS.subClassOf, NS.Actor) in onto, name


@pytest.mark.parametrize(
    "triple",
    [
        (NS.Actor, RDFS.subClassOf, ORG.Organization),
        (NS.Location, RDFS.subClassOf, GEO.Feature),
        (NS.Arrangement, RDFS.subClassOf, PROV.Entity),
        (NS.SourceDocument, RDFS.subClassOf, PROV.Entity),
        (NS.Meeting, RDFS.subClassOf, PROV.Activity),
        (NS.Signatory, RDFS.subClassOf, PROV.Agent),
        (NS.locatedIn, RDFS.subPropertyOf, GEO.sfWithin),
        (NS.shortName, RDFS.subPropertyOf, SKOS.altLabel),
        (NS.agreedAt, RDFS.subPropertyOf, PROV.wasGeneratedBy),
        (NS.Modality, RDFS.subClassOf, SKOS.Concept),
    ],
)
def test_alignment(onto, triple):
    assert triple in onto


@pytest.mark.parametrize(
    "prop, domain, range_",
    [
        ("validUntil", NS.Arrangement, XSD.date),
        ("year", NS.Arrangement, XSD.integer),
        ("sourceLine", None, XSD.integer),
        ("sourcePage", NS.Clause, XSD.integer),
        ("fileName", NS.SourceDocument, XSD.string),
        ("dueBy", NS.Commitment, XSD.date),
        ("obligor", NS.Commitment, NS.Actor),
        ("modality", NS.Commitment, NS.Modality),
        ("hasCommitment", NS.Clause, NS.Commitment),
        ("concerns", NS.Commitment, NS.Programme),
        ("area", NS.Actor, NS.Location),
        ("agreedAt", None, NS.Meeting),
        ("revisionScore", NS.Clause, XSD.decimal),
    ],
)
def test_domains_and_ranges(onto, prop, domain, range_):
    assert onto.value(NS[prop], RDFS.range) == range_
    assert onto.value(NS[prop], RDFS.domain) == domain


def test_text_belongs_to_a_clause_or_an_unaccounted_text(onto):
    domain = onto.value(NS.text, RDFS.domain)
    assert list(rdflib.collection.Collection(onto, onto.value(domain, OWL.unionOf))) == [NS.Clause,
                                                                                       NS.UnaccountedText]
    assert onto.value(NS.text, RDFS.range) == RDF.langString


def test_modality_comments_give_the_dutch_cue_verbs(onto):
    comment = {m: " ".join(str(c) for c in onto.objects(NS[m], RDFS.comment)) for m in INDIVIDUALS["Modality"]}
    assert "zegt toe" in comment["Result"] and "realiseert" in comment["Result"]
    assert "spant zich in" in comment["Effort"]
    assert "gaat in gesprek" in comment["Dialogue"]
    assert "vraagt" in comment["Request"]
    assert "onderzoekt" in comment["Research"] and "gaat na" in comment["Research"]
    assert "erkent" in comment["Acknowledgement"]
    assert "no new obligation" in comment["Statement"]


def _fixture_and_vocab() -> rdflib.Graph:
    """The fixture's named graphs and the vocabulary, as one graph (what validation checks)."""
    from ra_graph.core.store import open_graph
    from ra_graph.validate.shacl import flatten

    data = flatten(open_graph(FIXTURES / "mini.trig"))
    for path in sorted(VOCAB.glob("*.ttl")):
        data.parse(path, format="turtle")
    return data


def test_fixture_and_vocab_use_only_declared_terms(onto):
    data = _fixture_and_vocab()
    assert (None, NS.obligor, None) in data  # the fixture's named graphs were read
    assert undeclared_terms(data, onto) == {}


def test_undeclared_term_is_reported_with_its_first_subject():
    bad = rdflib.Graph()
    c1, c2 = rdflib.URIRef("https://w3id.org/ra-graph/id/x/c1"), rdflib.URIRef("https://w3id.org/ra-graph/id/x/c2")
    bad.add((c2, NS.obligator, rdflib.URIRef(RA + "Resultt")))
    bad.add((c1, NS.obligator, rdflib.URIRef("https://w3id.org/ra-graph/id/rijk")))
    bad.add((c1, RDF.type, NS.Commitment))
    assert undeclared_terms(bad) == {RA + "obligator": str(c1), RA + "Resultt": str(c2)}


def test_broken_ontology_is_an_input_error(tmp_path):
    broken = tmp_path / "ra.ttl"
    broken.write_text("@prefix ra: <https://w3id.org/ra-graph/def#> .\nra:X a ra:Y\n", encoding="utf-8")
    with pytest.raises(RaGraphError) as err:
        load_ontology(broken)
    assert err.value.message.startswith(f"{broken}:3: not valid Turtle")
    with pytest.raises(RaGraphError) as err:
        load_ontology(tmp_path / "missing.ttl")
    assert err.value.message == f"{tmp_path / 'missing.ttl'}: ontology file not found"
