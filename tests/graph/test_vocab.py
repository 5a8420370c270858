"""The gazetteer: every name in the texts is findable, identifiers are exact."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF

from ra_graph.core.actors import resolve
from ra_graph.core.namespaces import RA, RAI, VOCAB_GRAPH
from ra_graph.core.paths import SOURCES, VOCAB
from ra_graph.core.store import select

NS = rdflib.Namespace(RA)
I = rdflib.Namespace(RAI)
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
FILES = ["actors.ttl", "programmes.ttl", "locations.ttl", "themes.ttl", "meetings.ttl"]
ACTOR_CLASSES = [NS[c] for c in ["NationalGovernment", "Ministry", "Province", "Municipality", "WaterBoard",
                                 "Agency", "OtherOrganisation", "ActorGroup"]]
KINDS = {
    "actor": ACTOR_CLASSES,
    "programme": [NS.Programme],
    "location": [NS.Location],
    "theme": [SKOS.Concept],
    "meeting": [NS.Meeting],
}
TOOI_MINISTRIES = {"lvvn": "mnre1153", "vro": "mnre1171", "ienw": "mnre1130", "kgg": "mnre1182", "ocw": "mnre1109",
                   "defensie": "mnre1018", "ez": "mnre1045", "bzk": "mnre1034", "fin": "mnre1090"}
PROVINCES = {"groningen": 20, "fryslan": 21, "drenthe": 22, "overijssel": 23, "flevoland": 24, "gelderland": 25,
             "utrecht": 26, "noord-holland": 27, "zuid-holland": 28, "zeeland": 29, "noord-brabant": 30, "limburg": 31}


@pytest.fixture(scope="module")
def vocab() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in FILES:
        graph.parse(VOCAB / name, format="turtle")
    return graph


@pytest.fixture(scope="module")
def store() -> ox.Store:
    st = ox.Store()
    for name in FILES:
        st.load(path=str(VOCAB / name), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(VOCAB_GRAPH))
    return st


@pytest.fixture(scope="module")
def source_text() -> str:
    """Both texts with line breaks folded, so names split over two lines are found."""
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(SOURCES.glob("*.txt")))


def _members(graph: rdflib.Graph, kind: str) -> set[rdflib.URIRef]:
    return {s for cls in KINDS[kind] for s in graph.subjects(RDF.type, cls)}


def _literals(graph, subject, predicate, lang: str | None = "any") -> list[str]:
    return [str(o) for o in graph.objects(subject, predicate)
            if isinstance(o, rdflib.Literal) and (lang == "any" or o.language == lang)]


def test_vocab_files_are_exactly_the_five_kinds():
    assert sorted(p.name for p in VOCAB.glob("*.ttl")) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_file_parses_and_holds_its_kind(name):
    graph = rdflib.Graph().parse(VOCAB / name, format="turtle")
    expected = {"actors.ttl": "actor", "programmes.ttl": "programme", "locations.ttl": "location",
                "themes.ttl": "theme", "meetings.ttl": "meeting"}[name]
    assert len(_members(graph, expected)) >= 10
    others = {k for k in KINDS if k != expected and _members(graph, k)}
    assert others == set(), f"{name} also holds {others}"


def test_expected_sizes(vocab):
    assert len(list(vocab.subjects(RDF.type, NS.Ministry))) == 9
    assert len(list(vocab.subjects(RDF.type, NS.Agency))) == 4
    assert len(list(vocab.subjects(RDF.type, NS.Province))) == 12
    assert len(list(vocab.subjects(RDF.type, NS.Municipality))) == 17
    assert len(_members(vocab, "theme")) == 10


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_resource_has_one_nl_and_en_preflabel_and_one_shortname(vocab, kind):
    for x in _members(vocab, kind):
        assert len(_literals(vocab, x, SKOS.prefLabel, "nl")) == 1, x
        assert len(_literals(vocab, x, SKOS.prefLabel, "en")) == 1, x
        assert len(_literals(vocab, x, NS.shortName)) == 1, x


@pytest.mark.parametrize("kind", list(KINDS))
def test_short_names_unique_within_a_kind(vocab, kind):
    seen: dict[str, rdflib.URIRef] = {}
    for x in sorted(_members(vocab, kind)):
        short = _literals(vocab, x, NS.shortName)[0]
        assert short not in seen, f"{kind} short name {short!r}: {seen.get(short)} and {x}"
        seen[short] = x


def test_short_names_shared_across_kinds_only(vocab):
    assert _literals(vocab, I["provincie-groningen"], NS.shortName) == ["Groningen"]
    assert _literals(vocab, I["groningen"], NS.shortName) == ["Groningen"]
    assert _literals(vocab, I["groningen"], SKOS.prefLabel, "nl") == ["Groningen (provincie)"]


def test_no_local_name_contains_a_slash(vocab):
    for s in set(vocab.subjects()) | {o for o in vocab.objects() if isinstance(o, rdflib.URIRef)}:
        if str(s).startswith(RAI):
            local = str(s)[len(RAI):]
            assert "/" not in local and local == local.lower(), s


def test_no_dangling_references(vocab):
    defined = set(vocab.subjects(RDF.type, None))
    for o in vocab.objects():
        if isinstance(o, rdflib.URIRef) and str(o).startswith(RAI):
            assert o in defined, o


def test_tooi_codes_of_ministries_exactly(vocab):
    found = {}
    for m in vocab.subjects(RDF.type, NS.Ministry):
        code = _literals(vocab, m, SKOS.notation)
        assert len(code) == 1, m
        found[str(m)[len(RAI):]] = code[0]
        assert list(vocab.objects(m, SKOS.exactMatch)) == [
            rdflib.URIRef(f"https://identifier.overheid.nl/tooi/id/ministerie/{code[0]}")]
    assert found == TOOI_MINISTRIES


def test_provinces_codes_and_areas(vocab):
    for slug, number in PROVINCES.items():
        p = I[f"provincie-{slug}"]
        assert (p, RDF.type, NS.Province) in vocab, slug
        assert _literals(vocab, p, SKOS.notation) == [f"PV{number}"]
        assert list(vocab.objects(p, SKOS.exactMatch)) == [
            rdflib.URIRef(f"https://identifier.overheid.nl/tooi/id/provincie/pv{number}")]
        area = vocab.value(p, NS.area)
        assert area == I[slug] and (area, RDF.type, NS.Location) in vocab
    assert _literals(vocab, I["provincie-groningen"], SKOS.prefLabel, "nl") == ["provincie Groningen"]
    assert _literals(vocab, I["provincie-groningen"], SKOS.prefLabel, "en") == ["Province of Groningen"]


def test_only_traceable_public_identifiers(vocab):
    tooi = [o for o in vocab.objects(None, SKOS.exactMatch)]
    assert len(tooi) == 9 + 12
    assert all(str(o).startswith("https://identifier.overheid.nl/tooi/id/") for o in tooi)
    # CBS municipality codes (checked against the CBS region list)
    assert _literals(vocab, I["gemeente-emmen"], SKOS.notation) == ["GM0114"]
    assert _literals(vocab, I["gemeente-midden-drenthe"], SKOS.notation) == ["GM1731"]
    assert _literals(vocab, I["gemeente-eemsdelta"], SKOS.notation) == ["GM1979"]


def test_rijk_side_is_every_ministry_and_agency(store):
    rows = select(store, """SELECT ?x WHERE { VALUES ?c { ra:Ministry ra:Agency } ?x a ?c .
                              FILTER NOT EXISTS { ?x org:subOrganizationOf+ rai:rijk } }""")
    assert rows == []
    rows = select(store, "SELECT ?x WHERE { ?x org:subOrganizationOf+ rai:rijk }")
    assert {r["x"].value[len(RAI):] for r in rows} == set(TOOI_MINISTRIES) | {
        "rws", "rce", "sodm", "pbl", "ministeriele-commissie-economie-natuurherstel"}
    assert (I.rws, ORG.subOrganizationOf, I.ienw) in _graph_of(store)
    assert (I.sodm, ORG.subOrganizationOf, I.kgg) in _graph_of(store)


def _graph_of(store: ox.Store) -> rdflib.Graph:
    graph = rdflib.Graph()
    for q in store.quads_for_pattern(None, None, None, None):
        if isinstance(q.object, ox.NamedNode):
            graph.add((rdflib.URIRef(q.subject.value), rdflib.URIRef(q.predicate.value), rdflib.URIRef(q.object.value)))
    return graph


def test_theme_lead_ministries(vocab):
    leads = {str(t)[len(RAI) + len("thema-"):]: vocab.value(t, NS.leadMinistry) for t in _members(vocab, "theme")}
    assert {k: str(v)[len(RAI):] for k, v in leads.items() if v is not None} == {
        "water": "ienw", "landbouw-natuur": "lvvn", "energie": "kgg", "economie": "ez", "wonen": "vro",
        "erfgoed": "ocw", "defensie": "defensie"}
    assert leads["data"] is None and leads["regio"] is None
    for t, m in leads.items():
        if m is not None:
            assert (m, RDF.type, NS.Ministry) in vocab, t
            assert any("ra:FromRule" in c for c in _literals(vocab, I[f"thema-{t}"], rdflib.RDFS.comment)), t


@pytest.mark.parametrize(
    "title, themes",
    [
        ("Watervraagstukken", {"water"}),
        ("Water", {"water"}),
        ("Landbouw, natuur, landelijk gebied", {"landbouw-natuur"}),
        ("Landbouw en natuur", {"landbouw-natuur"}),
        ("Energie en economie", {"energie", "economie"}),
        ("Woningbouw in relatie tot ruimtelijke ontwikkeling, VISTA en GIOS", {"wonen"}),
        ("Erfgoed en cultuurhistorie", {"erfgoed"}),
        ("Ruimtelijke kwaliteit, erfgoed en cultuurlandschap", {"erfgoed"}),
        ("Zuid en Oost Drenthe", {"regio"}),
        ("Data-uitwisseling", {"data"}),
    ],
)
def test_section_titles_are_theme_labels(vocab, title, themes):
    found = {str(t)[len(RAI) + len("thema-"):] for t in _members(vocab, "theme")
             if title in _literals(vocab, t, SKOS.prefLabel, "nl") + _literals(vocab, t, SKOS.altLabel)}
    assert found == themes


def test_meeting_dates_only_where_stated(vocab):
    date = {str(m)[len(RAI):]: vocab.value(m, DCTERMS.date) for m in _members(vocab, "meeting")}
    assert str(date["bo-leefomgeving-2024-11"]) == "2024-11-06"
    assert str(date["do-2024-12-18"]) == "2024-12-18"
    assert str(date["bo-vro-2024-12-12"]) == "2024-12-12"
    assert str(date["bo-landelijk-gebied-2025-03-28"]) == "2025-03-28"
    assert str(date["dg-overleg-2025-05-15"]) == "2025-05-15"
    assert str(date["woontop-2024-12-11"]) == "2024-12-11"
    for undated in ["bo-leefomgeving-2024-06", "bo-leefomgeving-2025-06", "bo-leefomgeving-2026-06",
                    "dg-overleg-2026-voorjaar", "bestuurlijk-platform-zoetwater", "bo-mirt"]:
        assert date[undated] is None, undated


def test_programme_owners_where_the_text_says(vocab):
    assert vocab.value(I.novex, NS.owner) == I.vro
    assert vocab.value(I["nota-ruimte"], NS.owner) == I.vro
    assert vocab.value(I["erfgoed-en-overheid"], NS.owner) == I.ocw
    assert vocab.value(I["drentse-defensie-agenda"], NS.owner) == I["provincie-drenthe"]
    assert vocab.value(I["nij-begun"], NS.owner) is None


def test_de_provincie_is_not_a_label(vocab):
    labels = {str(o).casefold() for p in (SKOS.prefLabel, SKOS.altLabel, NS.shortName) for o in vocab.objects(None, p)}
    assert "de provincie" not in labels and "provincie" not in labels


@pytest.mark.parametrize(
    "name, iri",
    [
        ("LVVN", "lvvn"),
        ("ministerie van LVVN", "lvvn"),
        ("Economische zaken", "ez"),
        ("Rijkswaterstaat", "rws"),
        ("SodM", "sodm"),
        ("provincie Groningen", "provincie-groningen"),
        ("Provincie Groningen", "provincie-groningen"),
        ("Groningen", "provincie-groningen"),
        ("Fryslân", "provincie-fryslan"),
        ("Friesland", "provincie-fryslan"),
        ("drinkwaterbedrijven", "drinkwaterbedrijven"),
        ("minister van VRO", "vro"),
        ("VRO/woningbouw", "vro"),
        ("Rijksoverheid", "rijk"),
        ("medeoverheden", "decentrale-overheden"),
        ("woningbouwcorporaties", "corporaties"),
        ("HMDG", "hmdg"),
        ("gemeente Emmen", "gemeente-emmen"),
    ],
)
def test_actor_names_resolve(store, name, iri):
    assert resolve(store, name) == RAI + iri


@pytest.mark.parametrize(
    "name, kind, iri",
    [
        ("Deltaprogramma Zoet Water", "programme", "deltaprogramma-zoetwater"),
        ("Ontwerp-Nota Ruimte", "programme", "nota-ruimte"),
        ("voorontwerp van de Nota Ruimte", "programme", "nota-ruimte"),
        ("nota Ruimte voor Defensie", "programme", "nprd"),
        ("MIRT-verkenning voor de Nedersaksenlijn", "programme", "mirt-verkenning-nedersaksenlijn"),
        ("Actieprogramma Beschikbaarheid Drinkwaterbronnen 2023-2030", "programme", "actieprogramma-drinkwaterbronnen"),
        ("Economische Agenda van Nij Begun", "programme", "economische-agenda-nij-begun"),
        ("oefenterrein De Haar", "location", "de-haar"),
        ("Drentse Aa", "location", "drentsche-aa"),
        ("Regio Groningen – Assen", "location", "regio-groningen-assen"),
        ("Middag Humsterland", "location", "middag-humsterland"),
        ("Nedersaksenlijn", "location", "nedersaksenlijn"),
    ],
)
def test_text_spellings_resolve(store, source_text, name, kind, iri):
    assert name in source_text, name  # the spelling is traced to a source text
    assert resolve(store, name, kind=kind) == RAI + iri


def test_no_label_is_ambiguous_within_a_kind(store):
    from ra_graph.core.actors import labels

    for kind in ("actor", "programme", "location"):
        ambiguous = {k: v for k, v in labels(store, kind).items() if len(v) > 1}
        assert ambiguous == {}, kind
