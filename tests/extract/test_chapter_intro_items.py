"""A numbered item in an agreements chapter's own text, before its first section, is not read as a
clause: it is unaccounted and warned about ("numbered item read as context"), while the chapter's
plain paragraph is context.  C-fd266f (``unit.kind == "item"`` in ``_chapter_intro``)."""

from __future__ import annotations

from pathlib import Path

from ra_graph.extract.structure import parse_arrangement

TEXT = """Ruimtelijk Arrangement Rijk - provincie Zeeland

1. Inleiding

De provincie Zeeland en het Rijk maken afspraken over de kust.

2. De afspraken

Dit hoofdstuk bevat de afspraken over water.

1. Rijk en provincie Zeeland werken samen aan de dijken.

2.1 Water

1. De provincie Zeeland maakt een plan voor de kust.
"""


def test_a_numbered_item_before_the_first_section_is_warned_about(tmp_path: Path):
    path = tmp_path / "ra-zeeland-2026.txt"
    path.write_text(TEXT, encoding="utf-8")
    arrangement = parse_arrangement(path)
    assert [(c.id, c.line) for c in arrangement.clauses] == [("zeeland-2026/2.1/1", 15)]
    assert {n: arrangement.coverage[n] for n in (9, 11)} == {9: "context", 11: "unaccounted"}
    assert [(u.line, u.section, u.reason, u.text) for u in arrangement.unaccounted] == [
        (11, None, "numbered item read as context", "1. Rijk en provincie Zeeland werken samen aan de dijken.")]
