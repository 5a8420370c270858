"""Every entry of every list in ``data/rules/*.yaml`` carries an example, and the example needs the entry.

An entry's examples stand in comments right below it (for a list written on one line, below the
key, naming the entry)::

    vague:
      - 'de komende maanden'
        # e.g. "De provincie werkt de komende maanden aan het plan." -> zeeland -> rijk [Effort] ("de komende maanden")
    condition_cues: ['voor zover', 'mits']
      # e.g. 'mits': "Mits de gemeenten daarmee instemmen, werkt de provincie aan de dijken." -> zeeland -> rijk [Effort] mentioning gemeenten

The reading after ``->`` is what ``read_clause`` makes of the sentence as a clause of Zeeland's 2026
arrangement, one commitment after another (``;``-separated): ``OBLIGORS -> BENEFICIARIES [MODALITY]``,
then `` with PARTNERS``, `` asked by ACTOR``, `` mentioning ACTORS``, `` due DATE``, `` ("DUE TEXT")``, `` on PROGRAMMES``,
`` at LOCATIONS`` where there are any (names are IRIs without the ``rai:`` namespace; ``provincie-``
is left out of province names).  A bare modality (``-> Effort``) is the first commitment's modality.

For each example the test reads the sentence with the rules as they are (it must give the reading),
then with the entry removed from its file (a copy; the same removal as the systematic mutant of
``tools/mutant_generator.py``): the reading must change, or the example does not hold the entry.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ra_graph.core import paths
from ra_graph.core.model import Clause
from ra_graph.core.namespaces import RAI

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import mutant_generator  # noqa: E402

EXAMPLE = re.compile(r"""^\s*#\s*e\.g\.\s*(?:'(?P<entry>(?:[^']|'')*)'\s*:\s*)?"(?P<sentence>[^"]+)"\s*->\s*(?P<reading>.+?)\s*$""")
MODALITIES = {"Result", "Effort", "Dialogue", "Request", "Acknowledgement", "Research", "Statement"}


@dataclass(frozen=True)
class Example:
    file: str  # data/rules/x.yaml
    entry: str  # the entry's value
    spot: str  # the id of its removal (tools/mutant_generator.py)
    line: int  # the example's line
    sentence: str
    reading: str


def _examples() -> tuple[list[Example], list[mutant_generator.Spot]]:
    """The examples in the rule files, each tied to its entry, and the entries (as removals)."""
    spots = [s for s in mutant_generator.rule_entries(ROOT)]
    examples: list[Example] = []
    for path in sorted((ROOT / "data" / "rules").glob("*.yaml")):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        mine = [s for s in spots if s.file == rel]
        for node in mutant_generator._sequences(yaml.compose(text)):
            items = [n for n in node.value if isinstance(n, yaml.ScalarNode)]
            if not items:
                continue
            owners = {id(item): next(s for s in mine if s.description.startswith(
                f"{rel}:{item.start_mark.line + 1}: entry {item.value!r} removed")) for item in items}
            # examples follow their item (a one-line list: the list), in comment lines up to a blank or other line
            starts = [(None, node.end_mark.line + 1)] if node.flow_style else \
                [(item, item.end_mark.line + 1) for item in items]
            for owner, number in starts:
                while number < len(lines) and lines[number].lstrip().startswith("#"):
                    found = EXAMPLE.match(lines[number])
                    if found:
                        named = owner
                        if found["entry"] is not None:
                            value = found["entry"].replace("''", "'")
                            named = next((item for item in items if item.value == value), None)
                            assert named, f"{rel}:{number + 1}: no entry {value!r} in this list"
                        assert named is not None, f"{rel}:{number + 1}: an example of a one-line list names its entry"
                        examples.append(Example(rel, named.value, owners[id(named)].id, number + 1,
                                                found["sentence"], found["reading"]))
                    number += 1
    return examples, spots


EXAMPLES, ENTRIES = _examples()


def _names(iris) -> str:
    return ", ".join(sorted(i.removeprefix(RAI).removeprefix("provincie-") for i in iris)) or "—"


def reading(sentence: str) -> str:
    """What the extractor reads in ``sentence`` as a clause of Zeeland's 2026 arrangement."""
    from ra_graph.extract import gazetteer
    from ra_graph.extract.commitments import Context, read_clause

    clause = Clause(id="zeeland-2026/2.1/1", number="1", kind="Agreement", line=1, text=sentence, section="2.1")
    ctx = Context(gazetteer.load(), RAI + "provincie-zeeland", 2026)
    out = []
    for c in read_clause(clause, ctx):
        text = f"{_names(c.obligors)} -> {_names(c.beneficiaries)} [{c.modality}]"
        text += f" with {_names(c.partners)}" if c.partners else ""
        text += f" asked by {_names(c.requested_by)}" if c.requested_by else ""
        text += f" mentioning {_names(c.mentions)}" if c.mentions else ""
        text += f" due {c.due_by}" if c.due_by else ""
        text += f' ("{c.due_text}")' if c.due_text else ""
        text += f" on {_names(c.programmes)}" if c.programmes else ""
        text += f" at {_names(c.locations)}" if c.locations else ""
        out.append(text)
    return "; ".join(out) or "nothing"


def _matches(expected: str, got: str) -> bool:
    if expected in MODALITIES:
        found = re.search(r"\[(\w+)\]", got)
        return bool(found) and found.group(1) == expected
    return got == expected


def _clear_caches(file: str = "parties.yaml") -> None:
    """Forget what was read from the rule files (the gazetteer holds parties.yaml's aliases: reloading it
    is the slow part, so only for that file)."""
    from ra_graph.extract import commitments, dates, gazetteer, rules

    cached = [rules._read, rules._checked, rules._compile, commitments._compiled_cues, commitments._word_pattern,
              dates._compiled] + ([gazetteer._load] if file.endswith("parties.yaml") else [])
    for function in cached:
        function.cache_clear()


def _entry(spot: mutant_generator.Spot) -> tuple[str, str]:
    value = re.search(r": entry (.*) removed: `", spot.description).group(1)
    return Path(spot.file).name, ast.literal_eval(value)


def test_every_entry_of_every_rule_list_has_an_example():
    """No exceptions (issue #25): an entry no sentence can need -- a duplicate of a vocabulary label, a
    form another entry already finds, a word the code never reads -- is removed, not excused."""
    held = {e.spot for e in EXAMPLES}
    missing = sorted(_entry(s) for s in ENTRIES if s.id not in held)
    assert not missing, f"rule entries without an example: {missing}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{Path(e.file).stem}:{e.line}")
def test_the_example_gives_its_reading_and_needs_its_entry(example, tmp_path, monkeypatch):
    got = reading(example.sentence)
    assert _matches(example.reading, got), f"{example.file}:{example.line}: reads {got!r}"
    spot = next(s for s in ENTRIES if s.id == example.spot)
    rules = tmp_path / "rules"
    shutil.copytree(paths.RULES, rules)
    target = rules / Path(example.file).name
    target.write_text(mutant_generator.apply(spot, target.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(paths, "RULES", rules)
    _clear_caches(example.file)
    try:
        without = reading(example.sentence)
    finally:
        monkeypatch.undo()
        _clear_caches(example.file)
    assert not _matches(example.reading, without), \
        f"{example.file}:{example.line}: reads the same without the entry {example.entry!r}: {without!r}"
