"""A Word list level whose text ends in a "%" that numbers nothing ("%1%") shows that "%" as it is,
after the number, and reads on.  C-ce05a1 (``i + 1 < len(template)``: the last character)."""

from __future__ import annotations

from ra_graph.extract.documents import numbering

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_percent_sign_ending_a_level_text_is_kept():
    xml = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
           '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1%"/></w:lvl></w:abstractNum>'
           '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>').encode()
    resolver = numbering.Resolver(numbering.parse(xml, None))
    assert [resolver.paragraph("1", 0) for _ in range(3)] == ["1%", "2%", "3%"]
