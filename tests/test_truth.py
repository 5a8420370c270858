"""The shipped graph says what a careful reader of the two texts says.

``tests/truth/<arrangement>.yaml`` is a reviewed truth table: per clause and
commitment the obligors, beneficiaries, partners, requested_by, modality,
carrying ministry with its basis, programmes, due date and the effect of
every curation entry, each read against the source text (see the files'
headers).  The graph is built afresh here, from the texts, rules,
vocabularies and curation, and compared field by field, so a change of
meaning fails with the clause and field named, whether or not the snapshot
was rebuilt.  A known disagreement between reviewer and graph is held by
the graph's value; once the graph reads as the reviewer does, a test fails
until the truth file drops the ``disagree`` block.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ra_graph.core import paths
from ra_graph.core.namespaces import RAI

TRUTH = Path(__file__).parent / "truth"
SETS = ("obligors", "beneficiaries", "partners", "mentions", "programmes")
SINGLES = ("requested_by", "carried_by", "carried_by_basis", "modality", "due_by", "due_text", "basis",
           "curation")
FIELDS = SETS + SINGLES


class _LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping (``__line__``) so a difference points into the truth file."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(  # dates stay the strings the JSON output uses
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _load() -> dict[str, dict]:
    clauses = {}
    for path in sorted(TRUTH.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 (SafeLoader)
        for clause_id, entry in data["clauses"].items():
            if clause_id == "__line__":
                continue
            entry["file"] = path.relative_to(Path(__file__).parent.parent)
            clauses[clause_id] = entry
    return clauses


def _fields(mapping: dict) -> dict:
    """A mapping of the truth file without its line number, set-valued fields sorted."""
    return {k: sorted(v or []) if k in SETS else v for k, v in mapping.items() if k != "__line__"}


TRUTH_CLAUSES = _load()
DISAGREEMENTS = [(cid, n, field) for cid, e in TRUTH_CLAUSES.items() for n, k in enumerate(e["commitments"], 1)
                 for field in _fields(k.get("disagree", {}).get("graph", {}))]
CURATED = sorted(cid for cid, e in TRUTH_CLAUSES.items() if "curation" in e)


def _local(value: str) -> str:
    return value.removeprefix(RAI)


def expected(commitment: dict, *, reviewer: bool) -> dict:
    """The truth of one commitment; where the graph is known to differ, the graph's value unless ``reviewer``."""
    out = _fields({f: commitment.get(f) for f in FIELDS})
    if not reviewer:
        out.update(_fields(commitment.get("disagree", {}).get("graph", {})))
    return out


def observed(commitment: dict) -> dict:
    """One commitment of ``ra-graph clauses --format json`` in the truth table's terms."""
    out = {f: sorted(_local(r["iri"]) for r in commitment[f]) for f in SETS}
    out["requested_by"] = _local(commitment["requested_by"]["iri"]) if commitment["requested_by"] else None
    out["carried_by"] = _local(commitment["carried_by"]["iri"]) if commitment["carried_by"] else None
    for f in ("carried_by_basis", "modality", "due_by", "due_text", "basis"):
        out[f] = commitment[f]
    out["curation"] = commitment["curation_entry"].split(":")[0] if commitment["curation_entry"] else None
    return out


@pytest.fixture(scope="module")
def built_store():
    """A fresh build of the shipped texts (not the snapshot: rebuilding it must not hide anything)."""
    from ra_graph.graph.build import extract_all, store_for

    return store_for(extract_all(paths.SOURCES))


@pytest.fixture(scope="module")
def built(built_store) -> dict[str, dict]:
    """Every clause of the fresh build, as ``ra-graph clauses`` lists it."""
    from ra_graph.query.clauses import list_clauses

    return {c["clause"]: c for c in list_clauses(built_store)}


@pytest.fixture(scope="module")
def drafts() -> dict[str, object]:
    """The extractor alone (no curation), per clause id."""
    from ra_graph.graph.build import extract_all

    return {c.id: c for a in extract_all(paths.SOURCES, curation=False) for c in a.clauses}


def differences(clause_id: str, graph: dict, *, reviewer: bool = False) -> list[str]:
    truth = TRUTH_CLAUSES[clause_id]
    where = f"{truth['file']}:{truth['__line__']}"
    problems = []
    for key in ("line", "kind"):
        if graph[key] != truth[key]:
            problems.append(f"{key}: graph {graph[key]!r}, truth {truth[key]!r}")
    if not " ".join(graph["text"].split()).startswith(truth["starts"]):
        problems.append(f"text: graph starts {' '.join(graph['text'].split()[:7])!r}, truth {truth['starts']!r}")
    meetings = [_local(m["iri"]) for m in graph["meetings"]]
    if meetings != truth.get("meetings", []):
        problems.append(f"meetings: graph {meetings}, truth {truth.get('meetings', [])}")
    want, got = truth["commitments"], graph["commitments"]
    if len(got) != len(want):
        problems.append(f"{len(got)} commitments in the graph, {len(want)} in the truth")
    for n, (w, g) in enumerate(zip(want, map(observed, got)), 1):
        w_values = expected(w, reviewer=reviewer)
        for field in FIELDS:
            if g[field] != w_values[field]:
                problems.append(f"c{n} {field}: graph {g[field]!r}, truth {w_values[field]!r} "
                                f"({truth['file']}:{w['__line__']})")
    return [f"{clause_id} ({where}) {p}" for p in problems]


def test_truth_covers_every_clause_and_commitment(built):
    assert sorted(built) == sorted(TRUTH_CLAUSES), "clauses in the graph and in tests/truth/ differ"
    assert (len(TRUTH_CLAUSES), sum(len(e["commitments"]) for e in TRUTH_CLAUSES.values())) == (81, 176)


@pytest.mark.parametrize("clause_id", sorted(TRUTH_CLAUSES))
def test_clause_reads_as_reviewed(built, clause_id):
    problems = differences(clause_id, built[clause_id]) if clause_id in built else [f"{clause_id}: not in the graph"]
    assert not problems, "\n".join(problems)


def test_every_recorded_disagreement_is_still_open(built):
    """A ``disagree`` entry is a reviewer's reading the graph does not follow.

    Once the graph reads as the reviewer does, the entry is stale and must
    be deleted, so that the truth files say only what is still in dispute.
    """
    settled = []
    for clause_id, n, field in DISAGREEMENTS:
        commitment = TRUTH_CLAUSES[clause_id]["commitments"][n - 1]
        want = expected(commitment, reviewer=True)[field]
        if observed(built[clause_id]["commitments"][n - 1])[field] == want:
            settled.append(f"{clause_id} c{n} {field} now reads as the reviewer does ({want!r}): "
                           f"delete its `disagree` entry in {TRUTH_CLAUSES[clause_id]['file']}")
    assert not settled, "\n".join(settled)


def test_every_curation_entry_is_in_the_truth():
    curated = set()
    for path in sorted(paths.CURATION.glob("*.yaml")):
        curated |= set(yaml.safe_load(path.read_text(encoding="utf-8"))["clauses"])
    assert sorted(curated) == CURATED


def _draft_values(commitment) -> dict:
    out = {f: sorted(_local(i) for i in getattr(commitment, f)) for f in SETS}
    out["carried_by"] = _local(commitment.carried_by[0]) if commitment.carried_by else None
    for f in ("modality", "due_by", "due_text", "basis"):
        out[f] = getattr(commitment, f)
    return out


@pytest.mark.parametrize("clause_id", CURATED)
def test_curation_entry_changes_what_it_says(drafts, clause_id):
    """The extractor alone reads the draft recorded in the truth; the curated truth differs from it."""
    truth = TRUTH_CLAUSES[clause_id]
    block = truth["curation"]
    listed = [_fields(fields) for fields in block.get("patches") or block.get("replaces")]
    draft = [_draft_values(c) for c in drafts[clause_id].commitments]
    assert len(draft) == len(listed), f"{clause_id}: the draft has {len(draft)} commitments"
    for n, (values, fields) in enumerate(zip(draft, listed), 1):
        for field, value in fields.items():
            assert values[field] == value, f"{clause_id} draft c{n} {field}"
    if "patches" in block:
        for n, fields in enumerate(listed, 1):
            curated = expected(truth["commitments"][n - 1], reviewer=False)
            for field in fields:
                assert curated[field] != draft[n - 1][field], f"{clause_id} c{n} {field}: the patch changes nothing"
            assert bool(fields) is (curated["curation"] is not None), f"{clause_id} c{n}: curated exactly when patched"
    else:
        assert [(c["obligors"], c["modality"]) for c in truth["commitments"]] != \
            [(d["obligors"], d["modality"]) for d in draft], f"{clause_id}: the replacement changes nothing"
        assert {c.get("curation") for c in truth["commitments"]} == {block["entry"]}


def _under() -> dict[str, set[str]]:
    """actor -> itself and everything org:subOrganizationOf+ it, read from data/vocab/actors.ttl."""
    from rdflib import Graph, Namespace

    org = Namespace("http://www.w3.org/ns/org#")
    graph = Graph().parse(paths.VOCAB / "actors.ttl")
    parent = {_local(str(s)): _local(str(o)) for s, o in graph.subject_objects(org.subOrganizationOf)}
    members: dict[str, set[str]] = {}
    for actor in {_local(str(s)) for s in graph.subjects()}:
        members.setdefault(actor, set()).add(actor)
        up = actor
        while up in parent:
            up = parent[up]
            members.setdefault(up, set()).add(actor)
    return members


def truth_owes(debtor: str, creditor: str) -> list[tuple]:
    """What ``owes DEBTOR CREDITOR`` must answer, worked out from the truth table alone.

    One row per commitment, obligor and beneficiary: the obligor is the
    debtor or under it; or a ministry under the debtor carries a commitment
    whose obligor is not ("carriedBy").  The beneficiary is the creditor or
    under it.
    """
    under = _under()
    owing, owed = under[debtor], under[creditor]
    rows = []
    for clause_id, entry in TRUTH_CLAUSES.items():
        for n, commitment in enumerate(entry["commitments"], 1):
            k = expected(commitment, reviewer=False)
            for b in (b for b in k["beneficiaries"] if b in owed):
                for o in k["obligors"]:
                    if o in owing:
                        rows.append((clause_id, n, o, b, "obligor"))
                    elif k["carried_by"] in owing:
                        rows.append((clause_id, n, o, b, "carriedBy"))
    return sorted(rows)


@pytest.mark.parametrize(("debtor", "creditor"), [
    ("Groningen", "Rijk"), ("Drenthe", "Rijk"), ("Rijk", "Groningen"), ("Rijk", "Drenthe"),
    ("LVVN", "Groningen"), ("VRO", "Drenthe"), ("OCW", "Drenthe"), ("Drenthe", "OCW"),
])
def test_owes_answers_what_the_truth_says(built_store, debtor, creditor):
    """`owes` on the shipped texts, exactly: `owes Drenthe Rijk` includes what is owed to OCW."""
    from ra_graph.query.owes import owes_rows

    got = sorted((r["clause"], int(r["commitment"].rsplit("/c", 1)[1]), _local(r["obligor"]["iri"]),
                  _local(r["beneficiary"]["iri"]), r["via"]) for r in owes_rows(built_store, debtor, creditor))
    assert got == truth_owes(_actor(debtor), _actor(creditor))


def _actor(name: str) -> str:
    """The rai: local name of the names used above."""
    return {"Rijk": "rijk", "Groningen": "provincie-groningen", "Drenthe": "provincie-drenthe"}.get(name, name.lower())


def test_owes_drenthe_rijk_includes_what_is_owed_to_a_ministry():
    """The shipped cases of the creditor-side closure, so that the test above exercises it."""
    assert [(c, n, b) for c, n, _, b, _ in truth_owes("provincie-drenthe", "rijk") if b != "rijk"] == [
        ("drenthe-2025/3.5/1", 2, "vro"), ("drenthe-2025/3.5/2", 2, "vro"), ("drenthe-2025/3.5/eerder-1", 2, "vro"),
        ("drenthe-2025/3.6/5", 2, "ocw"), ("drenthe-2025/3.6/eerder-2", 1, "ocw"),
        ("drenthe-2025/3.6/eerder-2", 3, "ocw")]
