"""Word's list numbers, resolved from hand-built numbering XML (``numbering.py``).

Each case is the XML a Word user makes without knowing it: a multi-level
list, a restart by ``w:startOverride``, two instances sharing one list, a
list reached through a paragraph style, letters, roman numerals, bullets.
The expected labels are what Word shows for those paragraphs.
"""

from __future__ import annotations

import pytest

from ra_graph.extract.documents import numbering

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, restart: int | None = None) -> str:
    extra = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def numbering_xml(abstracts: dict[str, str], nums: dict[str, tuple[str, str]]) -> bytes:
    body = "".join(f'<w:abstractNum w:abstractNumId="{a}">{levels}</w:abstractNum>' for a, levels in abstracts.items())
    body += "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{overrides}</w:num>'
                    for n, (a, overrides) in nums.items())
    return f"<w:numbering {W}>{body}</w:numbering>".encode()


def start_override(ilvl: int, value: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


MULTI = lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2") + lvl(2, "lowerLetter", "%3.")


def labels(xml: bytes, paragraphs: list[tuple], styles: bytes | None = None) -> list[str | None]:
    resolver = numbering.Resolver(numbering.parse(xml, styles))
    return [resolver.paragraph(*p) for p in paragraphs]


def test_a_multi_level_list_counts_and_restarts_deeper_levels():
    xml = numbering_xml({"0": MULTI}, {"1": ("0", "")})
    got = labels(xml, [("1", 0), ("1", 1), ("1", 1), ("1", 2), ("1", 2), ("1", 0), ("1", 1), ("1", 2)])
    assert got == ["1.", "1.1", "1.2", "a.", "b.", "2.", "2.1", "a."]


def test_a_level_used_before_its_parent_shows_the_parents_start():
    xml = numbering_xml({"0": lvl(0, "decimal", "%1.", start=3) + lvl(1, "decimal", "%1.%2")}, {"1": ("0", "")})
    assert labels(xml, [("1", 1), ("1", 1)]) == ["3.1", "3.2"]


def test_start_override_restarts_a_list_and_instances_of_one_list_otherwise_share_it():
    xml = numbering_xml({"0": MULTI}, {"1": ("0", ""), "2": ("0", ""), "3": ("0", start_override(0, 1)),
                                       "4": ("0", start_override(0, 7) + start_override(1, 4))})
    got = labels(xml, [("1", 0), ("1", 0), ("2", 0), ("3", 0), ("3", 0), ("4", 1), ("4", 1), ("4", 0)])
    # 2 continues 1 (same abstract, no override); 3 restarts at 1; 4 starts its levels at 7 and 4
    assert got == ["1.", "2.", "3.", "1.", "2.", "7.4", "7.5", "7."]


def test_lvl_restart_zero_never_restarts_and_one_restarts_only_after_the_top_level():
    # (a level's first paragraph takes its start value, whatever deeper levels did before it)
    xml = numbering_xml({"0": lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2") +
                         lvl(2, "decimal", "(%3)", restart=0)}, {"1": ("0", "")})
    assert labels(xml, [("1", 2), ("1", 0), ("1", 2), ("1", 1), ("1", 2)]) == ["(1)", "1.", "(2)", "1.1", "(3)"]
    xml = numbering_xml({"0": lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2") +
                         lvl(2, "lowerRoman", "%3)", restart=1)}, {"1": ("0", "")})
    assert labels(xml, [("1", 2), ("1", 1), ("1", 2), ("1", 0), ("1", 2)]) == ["i)", "1.1", "ii)", "1.", "i)"]


@pytest.mark.parametrize(("fmt", "start", "expected"), [
    ("decimal", 9, ["9", "10", "11"]),
    ("lowerLetter", 25, ["y", "z", "aa"]),
    ("upperLetter", 1, ["A", "B", "C"]),
    ("lowerRoman", 3, ["iii", "iv", "v"]),
    ("upperRoman", 8, ["VIII", "IX", "X"]),
    ("decimalZero", 9, ["09", "10", "11"]),
])
def test_formats(fmt, start, expected):
    xml = numbering_xml({"0": lvl(0, fmt, "%1", start=start)}, {"1": ("0", "")})
    assert labels(xml, [("1", 0)] * 3) == expected


def test_bullets_keep_their_glyph_and_symbol_font_glyphs_are_a_bullet():
    xml = numbering_xml({"0": lvl(0, "bullet", "\uf0b7") + lvl(1, "bullet", "-")}, {"1": ("0", "")})
    assert labels(xml, [("1", 0), ("1", 1), ("1", 0)]) == ["•", "-", "•"]


def test_a_lvl_override_replaces_the_level_for_that_instance_only():
    override = f'<w:lvlOverride w:ilvl="0">{lvl(0, "upperLetter", "%1)")}</w:lvlOverride>'
    xml = numbering_xml({"0": MULTI}, {"1": ("0", override), "2": ("0", "")})
    assert labels(xml, [("1", 0), ("1", 0), ("2", 0)]) == ["A)", "B)", "1."]


STYLES = (f'<w:styles {W}>'
          '<w:style w:type="paragraph" w:styleId="Kop1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="Kop2"><w:basedOn w:val="Kop1"/>'
          '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="Standaard"/>'
          '</w:styles>').encode()


def test_numbering_through_a_style_and_its_based_on_chain_and_numid_zero_switches_it_off():
    xml = numbering_xml({"0": MULTI}, {"1": ("0", "")})
    got = labels(xml, [(None, None, "Kop1"), (None, None, "Kop2"), (None, None, "Kop2"), (None, None, "Standaard"),
                       ("0", None, "Kop1"), (None, None, "Kop1"), ("1", 2, "Kop2")], STYLES)
    assert got == ["1.", "1.1", "1.2", None, None, "2.", "a."]


def test_no_numbering_part_gives_no_labels():
    assert labels(None, [("1", 0), (None, None, "Kop1")]) == [None, None]
