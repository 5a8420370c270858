"""A commitment's lineage: the same commitment through every version of its clause.

A clause's versions are linked by ``prov:wasRevisionOf`` (``ra-graph build``,
``graph.revisions``); the first version names the lineage (DESIGN.md, "Over
time").  A commitment has no link of its own, so within each pair of linked
clause versions its commitments are paired: first those with the same
obligors (and carrying ministry), then the rest in their order (``c1``,
``c2``, ...).  A commitment paired with none is new: it starts a lineage.

What a calendar needs follows from that: the lineage's first commitment
IRI, an id that survives every renewal (an event's UID); how often its due
date moved (``SEQUENCE``); and the year of the version that last changed it
(its date or its clause's text: ``LAST-MODIFIED``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ra_graph.core.store import select

_FACTS = """SELECT ?clause ?previous ?arrangement ?text ?m ?due ?who WHERE {
  ?clause ra:hasCommitment ?m ; ra:inArrangement/dcterms:identifier ?arrangement .
  OPTIONAL { ?clause ra:text ?text }
  OPTIONAL { ?clause prov:wasRevisionOf ?previous }
  OPTIONAL { ?m ra:dueBy ?due }
  OPTIONAL { { ?m ra:obligor ?who } UNION { ?m ra:carriedBy ?who } }
}"""
_YEAR = re.compile(r"-(\d{4})$")


@dataclass(frozen=True)
class Lineage:
    """Where one commitment stands in its lineage."""

    root: str  # IRI of the lineage's first commitment
    sequence: int  # how many times its due date moved since then
    modified_year: int | None  # year of the version that last changed its date or its clause's text
    versions: int  # how many versions of it there are, up to this one


class Lineages:
    """The lineage of any commitment of one graph (read once, computed on demand)."""

    def __init__(self, store: ox.Store):
        self.previous: dict[str, str] = {}
        self.year: dict[str, int | None] = {}
        self.text: dict[str, str] = {}
        self.commitments: dict[str, list[str]] = {}
        self.clause_of: dict[str, str] = {}
        self.due: dict[str, str | None] = {}
        self.parties: dict[str, set[str]] = {}
        for row in select(store, _FACTS):
            clause, m = row["clause"].value, row["m"].value
            if "previous" in row:
                self.previous[clause] = row["previous"].value
            match = _YEAR.search(row["arrangement"].value)
            self.year[clause] = int(match[1]) if match else None
            self.text[clause] = " ".join(row["text"].value.split()) if "text" in row else ""
            if m not in self.clause_of:
                self.clause_of[m] = clause
                self.commitments.setdefault(clause, []).append(m)
            self.due[m] = row["due"].value if "due" in row else self.due.get(m)
            self.parties.setdefault(m, set())
            if "who" in row:
                self.parties[m].add(row["who"].value)
        for ms in self.commitments.values():
            ms.sort(key=_order)
        self._done: dict[str, Lineage] = {}
        self._clause_done: set[str] = set()

    def of(self, commitment: str) -> Lineage:
        """The lineage of ``commitment`` (itself, version 1, when the graph knows no earlier one)."""
        if commitment not in self._done:
            clause = self.clause_of.get(commitment)
            if clause is None:
                return Lineage(commitment, 0, None, 1)
            self._clause(clause)
        return self._done[commitment]

    def _clause(self, clause: str) -> None:
        """Lineages of every commitment of ``clause``, its earlier versions first (iteratively:
        a register of many years is a long chain)."""
        chain = [clause]
        seen = {clause}
        while chain[-1] in self.previous and self.previous[chain[-1]] in self.commitments \
                and self.previous[chain[-1]] not in seen and chain[-1] not in self._clause_done:
            chain.append(self.previous[chain[-1]])
            seen.add(chain[-1])
        for version in reversed(chain):
            if version in self._clause_done:
                continue
            before = self.previous.get(version) if self.previous.get(version) in self._clause_done else None
            pairs = self._pair(before, version) if before else {}
            for m in self.commitments[version]:
                earlier = pairs.get(m)
                if earlier is None:
                    self._done[m] = Lineage(m, 0, self.year[version], 1)
                    continue
                was = self._done[earlier]
                moved = self.due[earlier] is not None and self.due[earlier] != self.due[m]
                changed = moved or self.text[before] != self.text[version]
                self._done[m] = Lineage(was.root, was.sequence + moved,
                                        self.year[version] if changed else was.modified_year, was.versions + 1)
            self._clause_done.add(version)

    def _pair(self, old: str, new: str) -> dict[str, str]:
        """New commitment -> the old one it continues: same parties first, then in order."""
        free = list(self.commitments[old])
        out: dict[str, str] = {}
        for m in self.commitments[new]:
            same = next((o for o in free if self.parties[o] == self.parties[m]), None)
            if same is not None:
                out[m] = same
                free.remove(same)
        for m in self.commitments[new]:
            if m not in out and free:
                out[m] = free.pop(0)
        return out


def _order(iri: str) -> tuple:
    """``…/c2`` before ``…/c10``."""
    tail = iri.rsplit("/", 1)[-1]
    digits = tail.lstrip("c")
    return (0, int(digits), "") if tail.startswith("c") and digits.isdigit() else (1, 0, tail)


__all__ = ["Lineage", "Lineages"]
