"""The systematic mutants of tools/mutant_generator.py: found where they should be, each applies to the
tree as it is, and a removed rule entry leaves a rule file that still loads."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import mutant_generator as gen  # noqa: E402
import mutants  # noqa: E402

SPOTS = gen.every_spot()


def test_ids_are_unique_and_every_mutant_applies_to_the_tree():
    assert len({s.id for s in SPOTS}) == len(SPOTS)
    for mu in mutants.systematic_mutants():
        assert mutants.check(mu, ROOT) is None, mu.description


def test_the_overdue_comparison_of_deadlines_has_its_neighbour():
    spots = [s for s in SPOTS if s.file == "ra_graph/query/deadlines.py" and '"overdue" if' in s.description]
    assert [(s.old, s.new) for s in spots] == [("<", "<=")]
    text = (ROOT / spots[0].file).read_text(encoding="utf-8")
    assert '< as_of else "due"' in text and '<= as_of else "due"' in gen.apply(spots[0], text)


def test_sparql_operators_are_found_outside_iris():
    owes = [s for s in SPOTS if s.file == "queries/owes.rq"]
    assert ("<=", "<") in [(s.old, s.new) for s in owes]  # ?due_by <= ?as_of
    assert all(s.old in gen.SPARQL_NEIGHBOUR for s in owes)  # never the '<' of an IRI


def test_removing_a_rule_entry_leaves_a_loadable_file_with_one_entry_fewer():
    medio = [s for s in SPOTS if s.file == "data/rules/deadlines.yaml" and "'(?:begin|medio|half)" in s.description]
    assert len(medio) == 1
    text = (ROOT / "data/rules/deadlines.yaml").read_text(encoding="utf-8")
    before, after = yaml.safe_load(text)["vague"], yaml.safe_load(gen.apply(medio[0], text))["vague"]
    assert len(after) == len(before) - 1 and r"(?:begin|medio|half) \d{4}" not in after
    flow = [s for s in SPOTS if s.file == "data/rules/modality.yaml" and "entry 'Research' removed" in s.description]
    order = yaml.safe_load(gen.apply(flow[0], (ROOT / "data/rules/modality.yaml").read_text(encoding="utf-8")))
    assert order["order"] == ["Result", "Effort", "Dialogue", "Acknowledgement", "Statement"]


def test_thresholds_move_by_one_or_by_ten_percent():
    threshold = [s for s in SPOTS if s.file == "ra_graph/graph/revisions.py" and "THRESHOLD = 0.5" in s.description]
    assert sorted(s.new for s in threshold) == ["0.45", "0.55"]
    rows = [s for s in SPOTS if s.file == "ra_graph/query/sparql_guard.py" and "MAX_DEPTH = 64" in s.description]
    assert sorted(s.new for s in rows) == ["63", "65"]


def test_the_kinds_and_their_number():
    kinds = {k: sum(1 for s in SPOTS if s.id[0] == k) for k in "CQRN"}
    assert all(n > 0 for n in kinds.values()), kinds
    assert sum(kinds.values()) == len(SPOTS) > 500
