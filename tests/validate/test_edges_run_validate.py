"""Edges of validation's findings that survivors of the full systematic mutation run showed
unheld (issue #25): each test names the mutant(s) it holds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ra_graph.core.namespaces import RAI
from ra_graph.validate.findings import Context, Finding

GRAPH = """
@prefix ra: <https://w3id.org/ra-graph/def#> .
@prefix rai: <https://w3id.org/ra-graph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

rai:drenthe-2025 {
  rai:drenthe-2025 a ra:Arrangement ; dcterms:title "Ruimtelijk Arrangement Drenthe 2025" .
  rai:drenthe-2025-3.3 a ra:Section ; ra:inArrangement rai:drenthe-2025 ; ra:number "3.3" ;
      dcterms:title "Wonen" ; ra:sourceLine 339 .
  rai:drenthe-2025-3.4 a ra:Section ; ra:inArrangement rai:drenthe-2025 ; ra:number "3.4" ;
      dcterms:title "Water en bodem sturend" ; ra:sourceLine 412 .
  rai:drenthe-2025-unaccounted-LINE a ra:UnaccountedText ; ra:inArrangement rai:drenthe-2025 ;
      ra:sourceLine LINE ; ra:text "Het Rijk en de provincie Drenthe gaan in gesprek over de veenweide." ;
      ra:note "commitment wording outside the agreements" .
}
"""


@pytest.mark.parametrize("line, section", [(411, ("3.3", "Wonen")), (412, ("3.4", "Water en bodem sturend")),
                                           (413, ("3.4", "Water en bodem sturend"))])
def test_unaccounted_text_on_a_sections_first_line_is_placed_in_that_section(line, section):
    """C-931469 (``line <= finding.line``): text the extractor could not place is shown in the last
    section that starts at or before its line: one on the line section 3.4 starts (412) is in
    3.4, as one a line later is, while one a line earlier is still in 3.3."""
    store = ox.Store()
    store.load(GRAPH.replace("LINE", str(line)).encode("utf-8"), format=ox.RdfFormat.TRIG)
    focus = f"{RAI}drenthe-2025-unaccounted-{line}"
    finding = Context(store).locate(Finding("Warning", "unaccounted-text", "text not placed",
                                            "tekst niet geplaatst", "", focus))
    assert (finding.arrangement, finding.line, (finding.section, finding.section_title)) == (
        "drenthe-2025", line, section)
    assert finding.value == "commitment wording outside the agreements"
