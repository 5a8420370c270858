"""``ra-graph stats``: how big the graph is and how it splits per arrangement."""

from __future__ import annotations

import pyoxigraph as ox

from ra_graph.core.namespaces import RA
from ra_graph.core.output import to_json, to_table
from ra_graph.core.store import select

_PER_CLASS = """
SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls FILTER(STRSTARTS(STR(?cls), STR(ra:))) }
GROUP BY ?cls"""

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


def compute(store: ox.Store) -> dict:
    classes = {
        row["cls"].value.removeprefix(RA): int(row["n"].value) for row in select(store, _PER_CLASS)
    }
    per_arrangement: dict[str, dict] = {}
    for row in select(store, _PER_ARRANGEMENT):
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
        slug = row["a"].value.rsplit("/", 1)[-1]
        bucket = per_arrangement[slug][row["what"].value]
        bucket[row["value"].value.removeprefix(RA)] = int(row["n"].value)
    for entry in per_arrangement.values():
        for key in ("kind", "modality", "basis"):
            entry[key] = dict(sorted(entry[key].items()))
    return {
        "triples": len(store),
        "classes": dict(sorted(classes.items())),
        "arrangements": [per_arrangement[k] for k in sorted(per_arrangement)],
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
    return (
        f"{stats['triples']} triples\n\n" + to_table(classes) + "\n"
        + to_table(arrangements, wrap=["kinds", "modalities", "basis"])
    )
