"""The rule files (data/rules/*.yaml): read from ``paths.RULES``, mistakes name file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ra_graph.core import model, paths
from ra_graph.core.errors import RaGraphError
from ra_graph.extract import commitments, dates, gazetteer
from ra_graph.extract.rules import compile_pattern, load_rules

ZEELAND = Path(__file__).parents[1] / "fixtures" / "commitments" / "ra-zeeland-2026.txt"


@pytest.fixture
def rules_dir(tmp_path, monkeypatch):
    """A copy of the shipped rules that ``paths.RULES`` points at; edit(name, old, new) breaks one."""
    target = tmp_path / "rules"
    shutil.copytree(paths.RULES, target)
    monkeypatch.setattr(paths, "RULES", target)

    def edit(name: str, old: str, new: str) -> Path:
        path = target / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return edit


def _line_of(path: Path, fragment: str) -> int:
    """The line the edit put ``fragment`` on: the rule files grow, so the expected line is read, not remembered."""
    text = path.read_text(encoding="utf-8")
    assert text.count(fragment) == 1
    return text[:text.index(fragment)].count("\n") + 1


def test_rules_live_under_the_data_root():
    assert paths.RULES == paths.ROOT / "data" / "rules"
    assert load_rules("deadlines")["meeting_words"][0] == "BOL"
    assert "partner_cues" in load_rules("parties")


def test_rules_are_read_from_paths_rules(rules_dir):
    rules_dir("deadlines", "'nog dit jaar'", "'nog dit jaar'\n  - 'ooit'")
    assert [p.text for p in dates.find_phrases("Dat gebeurt ooit.")] == ["ooit"]


def test_bad_regular_expression_names_file_line_and_pattern(rules_dir):
    path = rules_dir("modality", r"'\btoezeggen\b'", r"'\btoezeggen(\b'")
    with pytest.raises(RaGraphError) as err:
        commitments.modality_of("Het Rijk zegt dit toe.")
    assert (err.value.file, err.value.line, err.value.problem) == (
        str(path), _line_of(path, r"'\btoezeggen(\b'"), r"bad regular expression '\btoezeggen(\b': missing ), unterminated subpattern")


def test_bad_rule_file_is_exit_2_in_one_line(ra, rules_dir):
    path = rules_dir("deadlines", "'nog dit jaar'", "'nog dit (jaar'")
    r = ra("extract", ZEELAND)
    assert (r.code, r.out) == (2, "")
    line = _line_of(path, "'nog dit (jaar'")
    assert r.err == f"ra-graph: {path}:{line}: bad regular expression 'nog dit (jaar': missing ), unterminated subpattern\n"


def test_malformed_yaml_names_the_line(rules_dir):
    path = rules_dir("deadlines", "vague:\n", "vague: [\n")
    with pytest.raises(RaGraphError) as err:
        load_rules("deadlines")
    assert (err.value.file, err.value.line, err.value.problem) == (
        str(path), 12, "not valid YAML: expected the node content, but found '-' "
                       "(while parsing a flow node on line 12)")


@pytest.mark.parametrize("name, old, new, call, line, problem", [
    ("parties", "region_aliases: ['regio']", "region_aliases: regio", gazetteer.party_rules, "region_aliases: regio",
     "'region_aliases' must be a list of words or patterns"),
    ("deadlines", "past_tense: '", "past_tense:\n  - '", lambda: dates.find_phrases("in 2026"), "past_tense:",
     "'past_tense' must be a single text"),
    ("names", "plural_kinds: [programme]", "plural_kinds: programme", gazetteer.name_rules, "plural_kinds: programme",
     "'plural_kinds' must be a list of words or patterns"),
    ("parties", "group_qualifier: '", "group_qualifier:\n  - '", gazetteer.party_rules, "group_qualifier:",
     "'group_qualifier' must be a single text"),
    ("modality", "option_as: Statement", "option_as: [Statement]", lambda: commitments.modality_of("x"), "option_as: [Statement]",
     "'option_as' must be a single text"),
    ("modality", "\ncues:", "\nkues:", lambda: commitments.modality_of("x"), None,
     "missing key 'cues' (a mapping of names to values)"),
    ("modality", "  Statement:\n", "  Statement: 'x'\n  Unused:\n", lambda: commitments.modality_of("x"), None,
     "cues: 'Statement' must be a list of patterns"),
])
def test_mistyped_rules_are_errors(rules_dir, name, old, new, call, line, problem):
    """``line`` is the text on the line the error must name (None: the file as a whole)."""
    path = rules_dir(name, old, new)
    with pytest.raises(RaGraphError) as err:
        call()
    expected_line = None if line is None else _line_of(path, line)
    assert (err.value.file, err.value.line, err.value.problem) == (str(path), expected_line, problem)


def test_rule_file_not_utf8(rules_dir):
    path = paths.RULES / "parties.yaml"
    path.write_bytes(b"# \xe9\nrijk_aliases: [Rijk]\n")
    with pytest.raises(RaGraphError) as err:
        load_rules("parties")
    assert (err.value.file, err.value.line) == (str(path), 1)
    assert err.value.problem.startswith("not UTF-8: invalid byte 0xe9 on line 1")


def test_compile_pattern_rejects_a_non_text_pattern(rules_dir):
    with pytest.raises(RaGraphError, match=r"pattern 12 must be text \(quote it\)"):
        compile_pattern("modality", 12)


def test_one_ordered_list_of_actor_classes():
    assert gazetteer.ACTOR_CLASSES is model.ACTOR_CLASSES
