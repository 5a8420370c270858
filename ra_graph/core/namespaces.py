"""IRIs of the fixed core vocabulary (see DESIGN.md), as plain strings.

Plain strings keep the fast read path (pyoxigraph) free of rdflib imports;
modules that build rdflib graphs wrap them with ``rdflib.URIRef``.
"""

from __future__ import annotations

RA = "https://w3id.org/ra-graph/def#"
RAI = "https://w3id.org/ra-graph/id/"
GRAPH = RAI + "graph/"
VOCAB_GRAPH = GRAPH + "vocab"
ONTOLOGY_GRAPH = GRAPH + "ontology"

ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
GEO = "http://www.opengis.net/ont/geosparql#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
RASH = "https://w3id.org/ra-graph/shapes#"  # the SHACL shapes of ontology/shapes.ttl
FOAF = "http://xmlns.com/foaf/0.1/"

PREFIXES: dict[str, str] = {
    "ra": RA,
    "rai": RAI,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "geo": GEO,
    "xsd": XSD,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
}

RIJK = RAI + "rijk"


def sparql_prefixes() -> str:
    """The PREFIX block every stored query may rely on."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def compact(iri: str) -> str:
    """``https://w3id.org/ra-graph/id/lvvn`` -> ``rai:lvvn`` (for messages)."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and "/" not in iri[len(ns):]:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def expand(name: str) -> str:
    """``rai:lvvn`` -> full IRI; anything else is returned unchanged."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name
