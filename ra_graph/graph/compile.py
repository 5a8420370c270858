"""Turn extracted (and curated) arrangements into RDF.

One named graph per arrangement, one for the vocabularies, one for the
ontology.  Every clause keeps its source line and every commitment its
basis, so an answer never needs code to explain where it came from.
Triples are added in sorted order so that the same input serialises to
the same bytes (the snapshot is committed and a test rebuilds it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, XSD

from ra_graph.core import iris
from ra_graph.core.errors import RaGraphError
from ra_graph.core.model import (
    REFERENCES,
    SINGLE_REFERENCES,
    Arrangement,
    Clause,
    Commitment,
    Section,
    UnaccountedText,
)
from ra_graph.core.namespaces import (
    DCTERMS,
    FOAF,
    PREFIXES,
    PROV,
    RA,
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def _ra(name: str) -> URIRef:
    return URIRef(RA + name)


def _nl(text: str) -> Literal:
    return Literal(text, lang="nl")


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


TITLE = URIRef(DCTERMS + "title")
IDENTIFIER = URIRef(DCTERMS + "identifier")


def arrangement_triples(arr: Arrangement) -> Iterator[Triple]:
    a = URIRef(iris.arrangement(arr.slug))
    source = URIRef(iris.source_document(arr.source_file))
    yield a, RDF.type, _ra("Arrangement")
    yield a, TITLE, _nl(arr.title)
    yield a, IDENTIFIER, Literal(arr.slug)
    yield a, _ra("year"), _int(arr.year)
    yield a, _ra("province"), URIRef(arr.province)
    for party in arr.parties:
        yield a, _ra("party"), URIRef(party)
    if arr.valid_until:
        yield a, _ra("validUntil"), _date(arr.valid_until)
    if arr.valid_until_text:
        yield a, _ra("validUntilText"), _nl(arr.valid_until_text)
    if arr.valid_until_line:
        yield a, _ra("sourceLine"), _int(arr.valid_until_line)
    yield a, URIRef(PROV + "wasDerivedFrom"), source
    yield source, RDF.type, _ra("SourceDocument")
    yield source, RDF.type, URIRef(PROV + "Entity")
    yield source, _ra("sha256"), Literal(arr.sha256)
    yield source, _ra("sourceFile"), Literal(f"data/sources/{arr.source_file}")
    if arr.original_sha256:  # the published document `ra-graph add` made the text from
        original = URIRef(iris.source_document(arr.source_file) + "/original")
        yield source, URIRef(PROV + "wasDerivedFrom"), original
        yield original, RDF.type, _ra("SourceDocument")
        yield original, RDF.type, URIRef(PROV + "Entity")
        yield original, _ra("sha256"), Literal(arr.original_sha256)
        if arr.original_file:
            yield original, _ra("fileName"), Literal(arr.original_file)
        if arr.original_format:
            yield original, URIRef(DCTERMS + "format"), Literal(arr.original_format)
        if arr.original_extractor:
            yield source, _ra("extractedWith"), Literal(arr.original_extractor)
    for index, signatory in enumerate(arr.signatories, start=1):
        s = URIRef(iris.signatory(arr.slug, index))
        yield a, _ra("signatory"), s
        yield s, RDF.type, _ra("Signatory")
        if signatory.name:
            yield s, URIRef(FOAF + "name"), Literal(signatory.name)
        if signatory.role:
            yield s, _ra("role"), _nl(signatory.role)
        if signatory.party:
            yield s, _ra("signsFor"), URIRef(signatory.party)
        if signatory.line:
            yield s, _ra("sourceLine"), _int(signatory.line)
    for section in arr.sections:
        yield from section_triples(arr, section)
    for clause in arr.clauses:
        yield from clause_triples(arr, clause)
    for text in arr.unaccounted:
        yield from unaccounted_triples(arr, text)


def section_triples(arr: Arrangement, section: Section) -> Iterator[Triple]:
    s = URIRef(iris.section(arr.slug, section.number))
    yield s, RDF.type, _ra("Section")
    yield s, _ra("number"), Literal(section.number)
    yield s, TITLE, _nl(section.title)
    yield s, _ra("sourceLine"), _int(section.line)
    yield s, _ra("inArrangement"), URIRef(iris.arrangement(arr.slug))
    for theme in section.themes:
        yield s, _ra("theme"), URIRef(theme)
    if section.lead_ministry:
        yield s, _ra("leadMinistry"), URIRef(section.lead_ministry)
        if section.lead_ministry_basis:
            yield s, _ra("leadMinistryBasis"), _ra(section.lead_ministry_basis)
    for mention in section.mentions:
        yield s, _ra("mentions"), URIRef(mention)


def unaccounted_triples(arr: Arrangement, text: UnaccountedText) -> Iterator[Triple]:
    """Text the extractor could not place: kept so that validation shows it (``unaccounted-text``)."""
    u = URIRef(iris.unaccounted(arr.slug, text.line))
    yield u, RDF.type, _ra("UnaccountedText")
    yield u, _ra("inArrangement"), URIRef(iris.arrangement(arr.slug))
    yield u, _ra("sourceLine"), _int(text.line)
    yield u, _ra("text"), _nl(text.text)
    yield u, _ra("note"), Literal(text.reason)


def clause_triples(arr: Arrangement, clause: Clause) -> Iterator[Triple]:
    c = URIRef(iris.clause(arr.slug, clause.section, clause.number))
    yield c, RDF.type, _ra("Clause")
    yield c, IDENTIFIER, Literal(clause.id)
    yield c, _ra("number"), Literal(clause.number)
    yield c, _ra("inArrangement"), URIRef(iris.arrangement(arr.slug))
    yield c, _ra("inSection"), URIRef(iris.section(arr.slug, clause.section))
    yield c, _ra("clauseKind"), _ra(clause.kind)
    yield c, _ra("text"), _nl(clause.text)
    yield c, _ra("sourceLine"), _int(clause.line)
    if clause.page:
        yield c, _ra("sourcePage"), _int(clause.page)
    if clause.heading:
        yield c, _ra("heading"), _nl(clause.heading)
    if clause.lead_in:
        yield c, _ra("leadIn"), _nl(clause.lead_in)
    for meeting in clause.meetings:
        yield c, _ra("agreedAt"), URIRef(meeting)
    if clause.meeting_text:
        yield c, _ra("meetingText"), _nl(clause.meeting_text)
    if clause.revision_of:
        yield c, URIRef(PROV + "wasRevisionOf"), URIRef(clause.revision_of)
        yield c, _ra("revisionScore"), Literal(f"{clause.revision_score:.3f}", datatype=XSD.decimal)
    for index, commitment in enumerate(clause.commitments, start=1):
        node = URIRef(iris.commitment(str(c), index))
        yield c, _ra("hasCommitment"), node
        yield from commitment_triples(clause, node, commitment)


def commitment_triples(clause: Clause, node: URIRef, commitment: Commitment) -> Iterator[Triple]:
    yield node, RDF.type, _ra("Commitment")
    for attribute, (prop, _) in REFERENCES.items():
        for iri in getattr(commitment, attribute):
            yield node, _ra(prop), URIRef(iri)
    if any(len(getattr(commitment, f)) > 1 for f in SINGLE_REFERENCES):
        raise RaGraphError(f"clause {clause.id}: a commitment has more than one {' or '.join(SINGLE_REFERENCES)}")
    if commitment.modality:
        yield node, _ra("modality"), _ra(commitment.modality)
    if commitment.due_by:
        yield node, _ra("dueBy"), _date(commitment.due_by)
    if commitment.due_text:
        yield node, _ra("dueText"), _nl(commitment.due_text)
    yield node, _ra("basis"), _ra(commitment.basis)
    if commitment.carried_by_basis and commitment.carried_by:
        yield node, _ra("carriedByBasis"), _ra(commitment.carried_by_basis)
    if commitment.note:
        yield node, _ra("note"), Literal(commitment.note)
    if commitment.curation_entry:
        yield node, _ra("curationEntry"), Literal(commitment.curation_entry)


def read_turtle(paths: Iterable[Path]) -> Graph:
    """Parse hand-maintained Turtle files; a missing file or a syntax error names file and line."""
    graph = Graph()
    for path in paths:
        if not Path(path).is_file():
            raise RaGraphError("file not found", file=path)
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several parser-specific types
            line, reason = _syntax_error(exc)
            raise RaGraphError(f"not valid Turtle: {reason}", file=path, line=line) from None
    return graph


def _syntax_error(exc: Exception) -> tuple[int | None, str]:
    """(line, reason) from rdflib's multi-line "at line N of <>:\nBad syntax (…) at ^ in: …"."""
    text = str(exc).strip()
    match = re.search(r"line (\d+)", text)
    reason = re.search(r"Bad syntax \(([^)]*)\)", text)
    first = text.split("\n")[0] if text else type(exc).__name__
    return (int(match.group(1)) if match else None), (reason.group(1) if reason else first)


def graph_block(name: str, triples: Iterable[Triple] | Graph) -> tuple[list[str], str, int, str]:
    """One named graph of the snapshot: its ``@prefix`` lines, its TriG block,
    its number of statements and the digest of its literals (``literal_digest``).

    The snapshot is assembled from such blocks (``assemble``), one per
    arrangement plus the vocabularies and the ontology, so that each can be
    made in a worker process and cached on its own; the build checks the
    written file against each block's count and digest.  rdflib's TriG
    serialiser visits graphs in an order that changes between runs; a graph
    serialised as Turtle is stable, so each block is that Turtle inside
    ``<name> { … }``.  Only the ``@prefix`` lines at its head are moved; the
    rest is kept byte for byte (not re-indented, and split only at ``\\n``,
    never with ``str.splitlines()``), because a multi-line literal may hold
    blank lines, U+2028, U+0085, a form feed or a lone carriage return, and
    every one of them must read back as written.  An IRI rdflib cannot write
    is an error naming it.  An empty graph gives an empty block.
    """
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("foaf", FOAF)
    try:
        _fill(graph, triples)
        text = _turtle(graph) if len(graph) else ""
    except Exception as exc:  # rdflib raises a bare Exception for an IRI it cannot write
        raise RaGraphError(f"cannot serialise graph <{name}>: {' '.join(str(exc).split())}") from None
    if not text:
        return [], "", 0, literal_digest([])
    lines = text.split("\n")
    prefixes, head = set(), 0
    while head < len(lines) and (lines[head].startswith("@prefix") or not lines[head].strip()):
        if lines[head].startswith("@prefix"):
            prefixes.add(lines[head])
        head += 1
    body = "\n".join(lines[head:]).rstrip("\n ")
    return (sorted(prefixes), f"<{name}> {{\n" + body + "\n}\n", len(graph),
            literal_digest(literals(o for _, _, o in graph)))


def _turtle(graph: Graph) -> str:
    """``graph.serialize(format="turtle")``, the same bytes, without rdflib's namespace
    lookup for the IRIs it always writes in full.

    For every term rdflib asks its namespace manager for a prefixed name; an IRI
    such as ``rai:drenthe-2025/3.3/1/c1`` has none (a "/" may not stand in a
    prefixed name here), but finding that out inserts its would-be namespace in
    a trie whose every level is scanned: one text of 10,000 clauses spent 86 s
    there.  Such IRIs get no prefixed name at once (``_FastTurtle``).
    """
    import io

    stream = io.BytesIO()
    _serializer()(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


_SERIALIZER: type | None = None


def _serializer() -> type:
    global _SERIALIZER
    if _SERIALIZER is None:
        from rdflib.plugins.serializers.turtle import TurtleSerializer

        from ra_graph.core.namespaces import RAI

        class _FastTurtle(TurtleSerializer):
            def get_pname(self, uri, gen_prefix: bool = True):
                if isinstance(uri, URIRef) and uri.startswith(RAI) and "/" in uri[len(RAI):]:
                    return None  # written in full, as rdflib would after its lookup
                return super().get_pname(uri, gen_prefix)

        _SERIALIZER = _FastTurtle
    return _SERIALIZER


def literals(terms: Iterable[object]) -> list[tuple[str, str | None]]:
    """(lexical form, language) of every literal among ``terms`` (rdflib or pyoxigraph)."""
    import pyoxigraph as ox

    return [(t.value if isinstance(t, ox.Literal) else str(t), t.language or None)
            for t in terms if isinstance(t, (Literal, ox.Literal))]


def literal_digest(found: Iterable[tuple[str, str | None]]) -> str:
    """One digest of a multiset of literals, whatever their order."""
    import hashlib

    digest = hashlib.sha256()
    for lexical, language in sorted(found, key=lambda item: (item[0], item[1] or "")):
        digest.update(f"{len(lexical)}:{lexical}@{language or ''}\x00".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def assemble(blocks: Iterable[tuple[str, list[str], str]]) -> str:
    """TriG from ``(graph name, prefix lines, block)``: one prefix header, then the blocks by name."""
    prefixes: set[str] = set()
    texts = []
    for _, lines, block in sorted(blocks, key=lambda b: b[0]):
        if block:
            prefixes.update(lines)
            texts.append(block)
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(texts)


def _fill(graph: Graph, triples: Iterable[Triple]) -> None:
    if isinstance(triples, Graph) and any(isinstance(t, BNode) for triple in triples for t in triple):
        triples = to_canonical_graph(triples)  # blank-node labels stable across runs
    for triple in sorted(set(triples), key=lambda t: tuple(term.n3() for term in t)):
        graph.add(triple)
