"""Name actors the way people do: ``LVVN``, ``Groningen``, ``rai:lvvn``.

Resolution reads labels from the graph's vocabulary, so a new province or
agency is found as soon as its vocabulary entry exists.  An unknown or
ambiguous name is an input error listing the close matches.
"""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox

from ra_graph.core import diskstore
from ra_graph.core.errors import RaGraphError, printable
from ra_graph.core.terms import ACTOR_CLASSES
from ra_graph.core.namespaces import RAI, compact, expand
from ra_graph.core.store import select

_CLASSES = {
    "actor": list(ACTOR_CLASSES),
    "programme": ["Programme"],
    "location": ["Location"],
}


def normalise(name: str) -> str:
    text = name.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.casefold().strip()
    for article in ("het ", "de ", "the "):
        if text.startswith(article):
            text = text[len(article):]
    return " ".join(text.split())


def labels(store: ox.Store, kind: str = "actor") -> dict[str, set[str]]:
    """normalised label -> IRIs that carry it (any label, any language)."""
    index = diskstore.memo(store, f"labels-{kind}", lambda: _labels(store, kind),
                 dump=lambda index: {k: sorted(v) for k, v in index.items()},
                 load=lambda data: {k: set(v) for k, v in data.items()})
    return {k: set(v) for k, v in index.items()}  # the caller's own copy


def _labels(store: ox.Store, kind: str) -> dict[str, set[str]]:
    classes = " ".join(f"ra:{c}" for c in _CLASSES[kind])
    rows = select(
        store,
        f"""SELECT ?x ?l WHERE {{
              VALUES ?cls {{ {classes} }}
              ?x a ?cls .
              {{ ?x skos:prefLabel ?l }} UNION {{ ?x skos:altLabel ?l }} UNION {{ ?x ra:shortName ?l }}
            }}""",
    )
    index: dict[str, set[str]] = {}
    for row in rows:
        index.setdefault(normalise(row["l"].value), set()).add(row["x"].value)
        local = row["x"].value.removeprefix(RAI)
        index.setdefault(normalise(local), set()).add(row["x"].value)
    return index


def resolve(store: ox.Store, name: str, *, kind: str = "actor", parameter: str = "actor",
            index: dict[str, set[str]] | None = None) -> str:
    """The one IRI ``name`` denotes, or a RaGraphError naming close matches.

    ``index`` is ``labels(store, kind)`` when the caller already has it.
    """
    index = labels(store, kind) if index is None else index
    iri = expand(name.strip())
    if iri.startswith(("http://", "https://")):
        if any(iri in iris for iris in index.values()):
            return iri
        raise RaGraphError(f"{parameter}: no {kind} with IRI {printable(iri)}")
    key = normalise(name)
    for candidate in (key, key.removeprefix("provincie "), key.removeprefix("ministerie van ")):
        found = index.get(candidate)
        if found and len(found) == 1:
            return next(iter(found))
        if found:
            raise RaGraphError(f"{parameter}: '{printable(name)}' is ambiguous: {_named(store, sorted(found))}")
    close = suggestions(index, key)
    if close:
        raise RaGraphError(f"{parameter}: unknown {kind} '{printable(name)}'; did you mean: {_named(store, close)}?")
    raise RaGraphError(f"{parameter}: unknown {kind} '{printable(name)}' and none is close "
                       "(name it by acronym, label or IRI, as in data/vocab/)")


def suggestions(index: dict[str, set[str]], key: str, limit: int = 5) -> list[str]:
    """IRIs whose labels are close to ``key`` (spelling) or contain it as a word, closest first."""
    import difflib  # only for a name not found

    close = difflib.get_close_matches(key, list(index), n=3 * limit, cutoff=0.6)
    words = sorted((k for k in index if key and f" {key} " in f" {k} " and k not in close), key=len)
    out: list[str] = []
    for label in close + words:
        for iri in sorted(index[label]):
            if iri not in out:
                out.append(iri)
    return out[:limit]


def _named(store: ox.Store, iris: list[str]) -> str:
    """``LVVN (rai:lvvn), VRO (rai:vro)``: how a user can type them, and which they are."""
    names = short_labels(store)
    return ", ".join(f"{names.get(iri, iri)} ({compact(iri)})" for iri in iris)


@diskstore.index("short-labels")
def short_labels(store: ox.Store) -> dict[str, str]:
    """IRI -> the short name people use (acronym where there is one)."""
    return dict(diskstore.memo(store, "short-labels", lambda: _short_labels(store)))  # the caller's own copy


def _short_labels(store: ox.Store) -> dict[str, str]:
    rows = select(
        store,
        """SELECT ?x ?short ?pref WHERE {
             { ?x ra:shortName ?short } UNION { ?x skos:prefLabel ?pref FILTER(lang(?pref) = "nl") }
           }""",
    )
    out: dict[str, str] = {}
    for row in rows:
        x = row["x"].value
        if "short" in row:
            out[x] = row["short"].value
        elif "pref" in row:
            out.setdefault(x, row["pref"].value)
    return out


def ref(iri: str, names: dict[str, str]) -> dict[str, str]:
    """The JSON form of an actor, programme or location."""
    return {"iri": iri, "label": names.get(iri, iri.rsplit("/", 1)[-1])}


@diskstore.index("labels")
def _every_label_index(store: ox.Store) -> None:
    for kind in _CLASSES:
        labels(store, kind)
