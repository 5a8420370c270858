"""``ra-graph stats``: how big the graph is and how it splits per arrangement.

Like every view that counts, it answers from each province's arrangement in
force unless asked for all years or one arrangement (``Scope``): the
triples and classes of the other versions' named graphs are left out, the
vocabulary and ontology graphs are always counted.  The JSON says which
arrangements it used (``scope``).
"""

from __future__ import annotations

import pyoxigraph as ox

from ra_graph.core.namespaces import RA
from ra_graph.core.output import to_json, to_table
from ra_graph.core.store import select
from ra_graph.core.versions import Scope, scope

_PER_CLASS = """
SELECT DISTINCT ?g ?cls ?x WHERE { GRAPH ?g { ?x a ?cls } FILTER(STRSTARTS(STR(?cls), STR(ra:))) }"""
_TRIPLES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
#: the named graph of each arrangement (the graph that types it)
_GRAPHS = "SELECT ?a ?g WHERE { GRAPH ?g { ?a a ra:Arrangement } }"

_PER_ARRANGEMENT = """
SELECT ?a (COUNT(DISTINCT ?s) AS ?sections) (COUNT(DISTINCT ?c) AS ?clauses)
       (COUNT(DISTINCT ?m) AS ?commitments) WHERE {
  ?a a ra:Arrangement .
  OPTIONAL { ?s a ra:Section ; ra:inArrangement ?a }
  OPTIONAL { ?c a ra:Clause ; ra:inArrangement ?a . OPTIONAL { ?c ra:hasCommitment ?m } }
} GROUP BY ?a"""

_BREAKDOWN = """
SELECT ?a ?what ?value (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?c a ra:Clause ; ra:inArrangement ?a .
  { ?c ra:clauseKind ?value . BIND("kind" AS ?what) BIND(?c AS ?x) }
  UNION { ?c ra:hasCommitment ?x . ?x ra:modality ?value . BIND("modality" AS ?what) }
  UNION { ?c ra:hasCommitment ?x . ?x ra:basis ?value . BIND("basis" AS ?what) }
} GROUP BY ?a ?what ?value"""


def compute(store: ox.Store, chosen: Scope | None = None) -> dict:
    """Counts over the arrangements of ``chosen`` (default: those in force) and the vocabulary."""
    chosen = chosen or scope(store)
    keep = chosen.iris
    left_out = {row["g"].value for row in select(store, _GRAPHS) if row["a"].value not in keep}
    typed: dict[str, set[str]] = {}
    for row in select(store, _PER_CLASS):
        if row["g"].value not in left_out:
            typed.setdefault(row["cls"].value.removeprefix(RA), set()).add(row["x"].value)
    classes = {cls: len(members) for cls, members in typed.items()}
    triples = len(store) - sum(int(row["n"].value) for row in select(store, _TRIPLES) if row["g"].value in left_out)
    per_arrangement: dict[str, dict] = {}
    for row in select(store, _PER_ARRANGEMENT):
        if row["a"].value not in keep:
            continue
        slug = row["a"].value.rsplit("/", 1)[-1]
        per_arrangement[slug] = {
            "arrangement": slug,
            "sections": int(row["sections"].value),
            "clauses": int(row["clauses"].value),
            "commitments": int(row["commitments"].value),
            "kind": {},
            "modality": {},
            "basis": {},
        }
    for row in select(store, _BREAKDOWN):
        if row["a"].value not in keep:
            continue
        slug = row["a"].value.rsplit("/", 1)[-1]
        bucket = per_arrangement[slug][row["what"].value]
        bucket[row["value"].value.removeprefix(RA)] = int(row["n"].value)
    for entry in per_arrangement.values():
        for key in ("kind", "modality", "basis"):
            entry[key] = dict(sorted(entry[key].items()))
    return {
        "triples": triples,
        "classes": dict(sorted(classes.items())),
        "arrangements": [per_arrangement[k] for k in sorted(per_arrangement)],
        "scope": chosen.as_json(),
    }


def render(stats: dict, fmt: str) -> str:
    if fmt == "json":
        return to_json(stats)
    classes = [{"class": f"ra:{k}", "count": v} for k, v in stats["classes"].items()]
    arrangements = [
        {
            "arrangement": a["arrangement"],
            "sections": a["sections"],
            "clauses": a["clauses"],
            "commitments": a["commitments"],
            "kinds": [f"{k} {v}" for k, v in a["kind"].items()],
            "modalities": [f"{k} {v}" for k, v in a["modality"].items()],
            "basis": [f"{k} {v}" for k, v in a["basis"].items()],
        }
        for a in stats["arrangements"]
    ]
    used = stats["scope"]
    return (
        f"{stats['triples']} triples ({used['mode']}: {', '.join(used['arrangements']) or 'none'})\n\n"
        + to_table(classes) + "\n"
        + to_table(arrangements, wrap=["kinds", "modalities", "basis"])
    )
