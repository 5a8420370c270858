"""A commitment's LAST-MODIFIED year (its calendar event's) is the year of the version that last
changed its date or its clause's words: Drenthe's 2026 renewal rewords clause 3.3/1, so its
commitments were modified in 2026; clauses it only renumbers keep 2025.  C-002e83
(``self.text[before] != self.text[version]``)."""

from __future__ import annotations

from ra_graph.core.namespaces import RAI


def test_a_reworded_clause_dates_its_commitments_to_the_renewal(two_drenthes):
    from ra_graph.core.store import open_graph
    from ra_graph.query.lineage import Lineages

    lineages = Lineages(open_graph(two_drenthes))
    got = {m: (lineages.of(RAI + m).modified_year, lineages.of(RAI + m).versions)
           for m in ("drenthe-2026/3.3/1/c1", "drenthe-2026/3.3/2/c1", "drenthe-2026/3.2/1/c1")}
    assert got == {"drenthe-2026/3.3/1/c1": (2026, 2),  # reworded
                   "drenthe-2026/3.3/2/c1": (2025, 2),  # 3.3/3 renumbered, the same words
                   "drenthe-2026/3.2/1/c1": (2025, 2)}  # unchanged
