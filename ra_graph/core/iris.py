"""The public IRI scheme of instances (stable: integrators link to these)."""

from __future__ import annotations

from ra_graph.core.namespaces import GRAPH, RAI


def arrangement(slug: str) -> str:
    return RAI + slug


def arrangement_graph(slug: str) -> str:
    return GRAPH + slug


def section(slug: str, number: str) -> str:
    return f"{RAI}{slug}/{number}"


def clause(slug: str, section_number: str, number: str) -> str:
    return f"{RAI}{slug}/{section_number}/{number}"


def commitment(clause_iri: str, index: int) -> str:
    return f"{clause_iri}/c{index}"


def unaccounted(slug: str, line: int) -> str:
    return f"{RAI}{slug}/unaccounted/{line}"


def signatory(slug: str, index: int) -> str:
    return f"{RAI}{slug}/signatory/{index}"


def source_document(file_name: str) -> str:
    return f"{RAI}source/{file_name}"
