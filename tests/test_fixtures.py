"""The hand-written fixture graphs keep the shape `ra-graph build` writes.

Most tests read ``tests/fixtures/mini.trig`` (and the query tests also
``branches.trig``) instead of the snapshot, so that they can assert exact
figures.  Written by hand, a fixture could drift from what the build
writes and the tests would then prove things about a graph that cannot
occur.  Each run compares the fixtures with the committed snapshot (itself
checked against a fresh build in tests/graph/test_build.py):

- every (class, property, kind of value) a fixture uses, the snapshot uses
  too, in the same kind of named graph;
- every property all snapshot instances of a class carry in an
  arrangement graph (Arrangement, Section, Clause, Commitment, ...), every
  fixture instance carries, and so does every property the snapshot always
  writes together with another (ra:dueBy with ra:dueText, ra:carriedBy with
  ra:carriedByBasis, basis FromCuration with ra:curationEntry);
- identifiers and IRIs follow the build's scheme, and every clause lives in
  its arrangement's named graph.

The deliberate gaps of branches.trig are listed in ``GAPS``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from ra_graph.core import paths
from ra_graph.core.model import ACTOR_CLASSES
from ra_graph.core.namespaces import RA, RAI

FIXTURES = Path(__file__).parent / "fixtures"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
IDENTIFIER = "http://purl.org/dc/terms/identifier"
ACTORS = {RA + name for name in ACTOR_CLASSES}
# Never required, though every snapshot commitment that has a beneficiary or a due date happens to
# have one: a commitment may name no obligor (validation flags it).
OPTIONAL = {RA + "obligor"}
# Only this property's values condition what else is written (basis FromCuration -> ra:curationEntry).
CONDITIONING = RA + "basis"
GAPS = {  # (subject, property): why it is missing -- branches.trig, clause groningen-2025/2.1/5
    (RAI + "groningen-2025/2.1/5/c1", RA + "dueText"): "a due date without its phrase",
    (RAI + "groningen-2025/2.1/5/c2", RA + "basis"): "no basis",
    (RAI + "groningen-2025/2.1/5/c3", RA + "modality"): "no modality",
}


def _load(*files: Path) -> ox.Store:
    store = ox.Store()
    for path in files:
        fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
        store.load(path.read_bytes(), format=fmt, to_graph=None if fmt == ox.RdfFormat.TRIG else
                   ox.NamedNode(RAI + "graph/ontology"))
    return store


def _graph_kind(graph) -> str:
    tail = graph.value.rsplit("/", 1)[-1] if isinstance(graph, ox.NamedNode) else ""
    return tail if tail in ("vocab", "ontology") else "arrangement"


class Shape:
    """What a graph looks like: per (class, kind of named graph) the properties and kinds of value."""

    def __init__(self, store: ox.Store):
        self.types: dict = defaultdict(set)
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None):
            self.types[q.subject].add(q.object.value)
        self.uses: dict = defaultdict(set)  # (class, graph kind) -> {(property, kind of value)}
        self.facts: dict = defaultdict(lambda: defaultdict(set))  # (class, graph kind) -> subject -> {(p, o)}
        for q in store:
            where = _graph_kind(q.graph_name)
            if where == "ontology":
                continue
            for cls in self.types.get(q.subject, {"(untyped)"}):
                self.uses[(cls, where)].add((q.predicate.value, self.kind(q.object)))
                self.facts[(cls, where)][q.subject].add((q.predicate.value, self.value(q.object)))

    def kind(self, term) -> str:
        if isinstance(term, ox.Literal):
            return f"@{term.language}" if term.language else term.datatype.value
        if isinstance(term, ox.BlankNode):
            return "blank node"
        classes = self.types.get(term)
        if classes and classes <= ACTORS:
            return "an actor"  # which kind of actor acts is the texts' business, not the build's
        return "a " + " | ".join(sorted(classes)) if classes else "IRI"

    @staticmethod
    def value(term) -> str | None:
        """ra: individuals (modalities, bases, clause kinds) by name; anything else is just there."""
        return term.value if isinstance(term, ox.NamedNode) else None

    def rules(self) -> dict:
        """(class, condition) -> what every snapshot instance meeting the condition carries (but ``OPTIONAL``).

        Conditions: None (every instance), a property (instances that carry
        it) or a value of ``CONDITIONING`` (instances with that basis).  Only
        for the arrangement graphs: the vocabulary fixtures are cut down on
        purpose.
        """
        out = {}
        for (cls, where), subjects in self.facts.items():
            if where != "arrangement":
                continue
            groups = defaultdict(list)
            for facts in subjects.values():
                groups[None].append(facts)
                for p, o in facts:
                    groups[p].append(facts)
                    if p == CONDITIONING:
                        groups[(p, o)].append(facts)
            for condition, members in groups.items():
                always = set.intersection(*({p for p, _ in facts} for facts in members))
                out[(cls, condition)] = always - OPTIONAL
        return out


@pytest.fixture(scope="module")
def snapshot() -> Shape:
    return Shape(_load(paths.SNAPSHOT))


FIXTURE_SETS = {"mini.trig": ("mini.trig",), "mini.trig + branches.trig": ("mini.trig", "branches.trig")}


@pytest.fixture(scope="module", params=sorted(FIXTURE_SETS))
def fixture(request) -> tuple[str, ox.Store, Shape]:
    files = [FIXTURES / name for name in FIXTURE_SETS[request.param]]
    store = _load(*files, paths.ONTOLOGY)  # the ontology only types the classes and individuals
    return request.param, store, Shape(store)


def test_fixture_uses_only_what_the_build_writes(snapshot, fixture):
    name, _, shape = fixture
    unknown = sorted(f"{cls.rsplit('#', 1)[-1]} in the {where} graph: {p} -> {kind}"
                     for (cls, where), used in shape.uses.items()
                     for p, kind in used - snapshot.uses.get((cls, where), set()))
    assert not unknown, f"{name} uses what `ra-graph build` never writes:\n" + "\n".join(unknown)


def test_fixture_carries_what_the_build_always_writes(snapshot, fixture):
    name, _, shape = fixture
    rules = snapshot.rules()
    missing: dict[tuple[str, str], str] = {}  # (subject, property) -> why it is expected (the first rule)
    for (cls, where), subjects in shape.facts.items():
        if where != "arrangement":
            continue
        for subject, facts in subjects.items():
            have = {p for p, _ in facts}
            conditions = [None] + sorted(have) + sorted((p, o) for p, o in facts if p == CONDITIONING)
            for condition in conditions:
                for p in sorted(rules.get((cls, condition), set()) - have):
                    if (subject.value, p) not in GAPS:
                        missing.setdefault((subject.value, p), f"every {cls.rsplit('#', 1)[-1]}" if condition is None
                                           else f"always written with {condition}")
    assert not missing, f"{name}:\n" + "\n".join(f"{s} lacks {p} ({why})" for (s, p), why in sorted(missing.items()))


def test_deliberate_gaps_are_real(branch_store):
    for subject, prop in GAPS:
        assert list(branch_store.quads_for_pattern(ox.NamedNode(subject), None, None)), subject
        assert not list(branch_store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(prop), None)), \
            (subject, prop)


def test_fixture_identifiers_and_graphs_follow_the_build(fixture):
    name, store, shape = fixture
    clause_cls, commitment_cls = RA + "Clause", RA + "Commitment"
    problems = []
    graph_of = {}
    for q in store:
        if _graph_kind(q.graph_name) == "arrangement":
            graph_of.setdefault(q.subject, set()).add(q.graph_name.value)
    for subject, classes in shape.types.items():
        if clause_cls not in classes:
            continue
        ident = next(store.quads_for_pattern(subject, ox.NamedNode(IDENTIFIER), None)).object.value
        arrangement, section, _ = ident.split("/", 2)
        if subject.value != RAI + ident:
            problems.append(f"{subject.value}: IRI is not rai: + its identifier {ident}")
        if graph_of[subject] != {RAI + "graph/" + arrangement}:
            problems.append(f"{ident}: in graph(s) {sorted(graph_of[subject])}, not rai:graph/{arrangement}")
        in_section = next(store.quads_for_pattern(subject, ox.NamedNode(RA + "inSection"), None)).object.value
        if in_section != f"{RAI}{arrangement}/{section}":
            problems.append(f"{ident}: section {in_section}")
        commitments = sorted(q.object.value for q in
                             store.quads_for_pattern(subject, ox.NamedNode(RA + "hasCommitment"), None))
        if commitments != sorted(f"{subject.value}/c{n}" for n in range(1, len(commitments) + 1)):
            problems.append(f"{ident}: commitments {commitments} are not <clause>/c1 .. /cN")
        for c in commitments:
            if commitment_cls not in shape.types.get(ox.NamedNode(c), set()) or graph_of.get(
                    ox.NamedNode(c)) != graph_of[subject]:
                problems.append(f"{c}: not a ra:Commitment in its clause's graph")
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_branches_fail_validation_exactly_where_they_mean_to(ra, branch_path):
    """Besides mini.trig's own findings (tests/validate/test_validate.py), only the deliberate ones."""
    import json

    r = ra("validate", "--graph", branch_path, "--as-of", "2026-07-01", "--format", "json")
    found = [(x["severity"], x["constraint"], x["clause"]) for x in json.loads(r.out)["results"]
             if x["constraint"] != "reciprocity-balance"]
    assert r.code == 1
    assert found == [
        ("Warning", "reciprocity", "drenthe-2025/3.1/1.7"),  # RWS Noord-Nederland alone
        ("Warning", "reciprocity", "drenthe-2025/3.1/eerder-1"),
        ("Warning", "reciprocity", "drenthe-2025/3.1/eerder-2"),  # the province alone
        ("Warning", "reciprocity", "drenthe-2025/3.1/principe-1"),
        ("Warning", "overdue", "drenthe-2025/3.7/1"),
        ("Violation", "commitment-basis", "groningen-2025/2.1/5"),  # the deliberate gaps
        ("Violation", "commitment-modality", "groningen-2025/2.1/5"),
        ("Violation", "due-text", "groningen-2025/2.1/5"),
        ("Violation", "responsible-party", "groningen-2025/2.4/zoetwater-5"),  # no party named
        ("Warning", "reciprocity", "groningen-2025/2.4/drinkwater-2"),
        ("Violation", "responsible-party", "groningen-2025/2.4/drinkwater-3"),  # a request of nobody
        ("Warning", "reciprocity", "groningen-2025/2.4/veenweide-4"),
        ("Violation", "responsible-party", "groningen-2025/2.4/agenda-1"),
    ]
