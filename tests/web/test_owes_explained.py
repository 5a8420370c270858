"""An empty ``owes`` answer in the workbench says what the debtor does take on: how many commitments
it has in the graph (none towards this creditor), or that it has none at all -- in the page's
language.  C-6a2300 (``name == "owes"`` in ``explain``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ra_graph.core.store import open_graph
from ra_graph.web.workbench import Workbench

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.trig"
SCOPE = ("answering from each province&#39;s latest arrangement, the one in force (drenthe-2025, groningen-2025); "
         "no older versions in the graph")


@pytest.mark.parametrize(("debtor", "creditor", "lang", "said"), [
    ("Groningen", "Drenthe", "nl", "Geen antwoord. Groningen neemt 2 verplichting(en) op zich in de graaf, geen "
                                   f"daarvan jegens Drenthe met deze filters ({SCOPE})"),
    ("Groningen", "Drenthe", "en", "No answer. Groningen takes on 2 commitment(s) in the graph, none towards "
                                   f"Drenthe with these filters ({SCOPE})"),
    ("Rijkswaterstaat", "Groningen", "nl",
     "Geen antwoord. Rijkswaterstaat neemt in geen enkele versie van een arrangement een verplichting op zich"),
    ("Rijkswaterstaat", "Groningen", "en",
     "No answer. Rijkswaterstaat takes on no commitment in any version of any arrangement"),
])
def test_an_empty_owes_answer_says_what_the_debtor_takes_on(debtor, creditor, lang, said):
    bench = Workbench(open_graph(MINI), MINI)
    asked = {"debtor": [debtor], "creditor": [creditor], "lang": [lang]}
    body = bench.handle("/questions/owes", asked).body.decode("utf-8")
    assert re.findall(r'<p class="explain" id="explain">(.*?)</p>', body) == [said]
