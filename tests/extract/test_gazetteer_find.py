"""``Gazetteer._find`` gives exactly the matches of its one big alternation.

``_find`` (what ``find`` runs on the text and on its view without
line-break hyphens) tries at each word only the names that begin with that
word; the reference here is the plain ``pattern(kind).finditer`` it
replaces, on
every line and paragraph of the shipped texts and on hand-made cases for
the corners: articles, acronyms, names that begin with punctuation, and
characters whose case-insensitive match ``str.lower`` cannot mirror.
"""

from __future__ import annotations

import pytest

from ra_graph.core import paths
from ra_graph.extract import gazetteer
from ra_graph.extract.gazetteer import Gazetteer, Mention


def reference(gaz: Gazetteer, text: str, kind: str) -> list[Mention]:
    """``_find`` as it was: the whole alternation at every position."""
    found = []
    for match in gaz.pattern(kind).finditer(text):
        iris = gaz._lookup(kind, match.group(0))
        if iris:
            found.append(Mention(match.start(), match.end(), gaz._best(iris), kind, match.group(0)))
    if kind in gazetteer.name_rules().get("shared_adjective_kinds", []):
        found = sorted(found + gaz._shared(text, kind, found), key=lambda m: m.start)
    return found


def shipped_texts() -> list[str]:
    texts = set()
    for path in sorted(paths.SOURCES.glob("ra-*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        texts.update(lines)
        texts.update(" ".join(lines[i:i + 4]) for i in range(0, len(lines), 2))
    return sorted(texts)


@pytest.mark.parametrize("kind", gazetteer.KINDS)
def test_find_equals_the_alternation_on_the_shipped_texts(kind):
    gaz = gazetteer.load()
    texts = shipped_texts()
    assert len(texts) > 2000
    found = 0
    for text in texts:
        expected = reference(gaz, text, kind)
        assert gaz._find(text, kind) == expected, text
        found += len(expected)
    assert found > 0


def small() -> Gazetteer:
    gaz = Gazetteer()
    for label, iri in [("Rijk", "rai:rijk"), ("provincie Groningen", "rai:pg"), ("Groningen", "rai:g"),
                       ("EZ", "rai:ez"), ("ministerie van EZ", "rai:ez"), ("De Haar", "rai:haar"),
                       ("(OCW)", "rai:ocw-paren"), ("ıjzer", "rai:dotless"), ("Sİnt", "rai:dotted")]:
        gaz.add("actor", label, iri)
    return gaz


@pytest.mark.parametrize("text", [
    "Het Rijk en de provincie Groningen spreken af",
    "HET RIJK en DE PROVINCIE GRONINGEN",
    "het  Rijk\tde provincie  Groningen",
    "de ez en het EZ en het ministerie van EZ",  # acronyms only in capitals
    "De Haar en de De Haar",  # a name that begins with an article word
    "erfgoed (OCW) en (ocw)",  # a name that begins with punctuation
    "Groningen-Noord, Noord-Groningen, Groningers, Groningen.",  # whole words only
    "ijzer, IJZER en ıjzer",  # dotless i in the text: the whole alternation is used
    "ijzer en IJZER",  # ... in a name only: that name is tried at every word
    "Sint en SİNT en sint",  # dotted capital I
    "Sint en SINT",
    "de", "het ", "",
])
def test_find_equals_the_alternation_on_corner_cases(text):
    gaz = small()
    assert gaz._find(text, "actor") == reference(gaz, text, "actor")


def test_corner_cases_find_what_they_should():
    gaz = small()
    assert [(m.surface, m.iri) for m in gaz.find("Het Rijk en de provincie Groningen", "actor")] == [
        ("Het Rijk", "rai:rijk"), ("de provincie Groningen", "rai:pg")]
    assert [m.surface for m in gaz.find("de ez en het EZ", "actor")] == ["het EZ"]
    assert [m.surface for m in gaz.find("erfgoed (OCW)", "actor")] == ["(OCW)"]


@pytest.mark.parametrize("text", ["ijzer en IJZER", "Sint en SINT", "de ıjzer", "het Rijk, (OCW) en EZ"])
def test_the_word_scan_finds_the_spans_of_the_alternation(text):
    """Below the name look-up: the same spans, also for names that hold a character
    ``str.lower`` cannot mirror (such a name is tried at every word)."""
    gaz = small()
    assert gaz._scan(text, "actor") == [m.span() for m in gaz.pattern("actor").finditer(text)]
    assert gaz._scan("ijzer en IJZER", "actor") == [(0, 5), (9, 14)]


@pytest.mark.parametrize("text", ["omgevingsvisies en de omgevingsvisie", "provinciale omgevingsvisies",
                                  "programma's, programmaen, Programmas", "de omgevingsvisie's"])
def test_the_word_scan_finds_plural_generic_names(text):
    """A one-word generic name may stand in the plural: its first word then has the ending."""
    gaz = Gazetteer()
    for label, iri in [("omgevingsvisie", "rai:ov"), ("provinciale omgevingsvisie", "rai:pov"),
                       ("programma", "rai:p")]:
        gaz.add("programme", label, iri)
    assert gaz.endings("programme")
    assert gaz._scan(text, "programme") == [m.span() for m in gaz.pattern("programme").finditer(text)]
    assert gaz._find(text, "programme") == reference(gaz, text, "programme")
