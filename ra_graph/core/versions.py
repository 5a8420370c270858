"""Arrangements and their versions: which text an id or a province name means.

An arrangement's id is ``<province>-<year>`` (``groningen-2025``), a clause's
``<arrangement>/<section>/<item>``.  People type less: ``groningen`` means
the province's latest arrangement (the one in force; the choice is said on
stderr), and ``groningen-2025/2.4/veenweide-4`` is accepted where only one
version has that clause.  The register is read from the graph, so a new
year is found as soon as it is built.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pyoxigraph as ox

from ra_graph.core import diskstore
from ra_graph.core.errors import RaGraphError, notice, printable
from ra_graph.core.namespaces import expand
from ra_graph.core.store import select

_ID = re.compile(r"^(?P<province>[a-z]+(?:-[a-z]+)*?)-(?P<year>\d{4})$")


class Version(NamedTuple):  # not a dataclass: see ra_graph.query.library.Param
    iri: str
    id: str  # "groningen-2025"
    province: str  # "groningen": the province part of the id
    year: int
    title: str | None = None


@diskstore.index("versions")
def versions(store: ox.Store) -> list[Version]:
    """Every arrangement in the graph, by province then year."""
    return list(diskstore.memo(store, "versions", lambda: _versions(store),
                     dump=lambda vs: [[v.iri, v.id, v.province, v.year, v.title] for v in vs],
                     load=lambda rows: [Version(*row) for row in rows]))


def _versions(store: ox.Store) -> list[Version]:
    rows = select(store, """SELECT ?a ?id ?title WHERE {
        ?a a ra:Arrangement ; dcterms:identifier ?id . OPTIONAL { ?a dcterms:title ?title } }""")
    out = []
    for row in rows:
        ident = row["id"].value
        match = _ID.match(ident)
        province, year = (match["province"], int(match["year"])) if match else (ident, 0)
        out.append(Version(row["a"].value, ident, province, year, row["title"].value if "title" in row else None))
    return sorted(out, key=lambda v: (v.province, v.year, v.id))


def latest(all_versions: list[Version]) -> list[Version]:
    """Each province's newest arrangement: the one in force."""
    newest: dict[str, Version] = {}
    for version in all_versions:
        newest[version.province] = version  # sorted by year, so the last one wins
    return sorted(newest.values(), key=lambda v: v.id)


def resolve_arrangement(store: ox.Store, name: str, *, parameter: str = "--arrangement",
                        all_versions: list[Version] | None = None) -> Version:
    """The arrangement ``name`` denotes: an id, a province (its latest, said on
    stderr), ``rai:groningen-2025``, the full IRI or the title."""
    all_versions = versions(store) if all_versions is None else all_versions
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        raise RaGraphError(f"{parameter}: empty arrangement name")
    try:
        iri = expand(name.strip())
    except ValueError:
        iri = None
    for version in all_versions:
        if wanted in (version.id, (version.title or "").casefold()) or iri == version.iri:
            return version
    province = wanted.removeprefix("provincie ").replace(" ", "-")
    of_province = [v for v in all_versions if v.province == province]
    if of_province:
        chosen = of_province[-1]
        if len(of_province) > 1:
            older = ", ".join(v.id for v in of_province[:-1])
            notice(f"{parameter} {name.strip()}: using {chosen.id}, the latest (also in the graph: {older})")
        else:
            notice(f"{parameter} {name.strip()}: using {chosen.id}")
        return chosen
    known = [v.id for v in all_versions]
    import difflib  # only for a name not found

    close = difflib.get_close_matches(wanted, known + sorted({v.province for v in all_versions}), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else f" (known: {', '.join(known) or 'none'})"
    raise RaGraphError(f"{parameter}: unknown arrangement '{printable(name)}'{hint}")


def full_clause_id(clause_id: str, all_versions: list[Version], *, parameter: str = "clause") -> list[str]:
    """Candidate full ids for a clause id: itself when it names a version, else
    ``<province>-<year>/...`` for every version of that province."""
    head, _, rest = clause_id.strip().partition("/")
    if not rest:
        raise RaGraphError(f"{parameter}: '{printable(clause_id)}' is not a clause id "
                           "(<arrangement>/<section>/<item>, e.g. groningen-2025/2.4/veenweide-4)")
    if any(v.id == head for v in all_versions):
        return [clause_id.strip()]
    return [f"{v.id}/{rest}" for v in all_versions if v.province == head]



class Scope(NamedTuple):
    """The arrangements a counting view answers from, and how to say so.

    Every view that counts (owes, stats, analyse, the graph page) answers
    from each province's arrangement in force unless asked for all years or
    one version: adding a province's 2025 and 2026 texts up counts each
    continuing commitment twice.
    """

    mode: str  # "in force" | "all years" | "arrangement"
    chosen: tuple[Version, ...]
    older: int = 0  # versions in the graph that "in force" leaves out
    in_force: list[str] = []  # noqa: RUF012 (ids in force, whatever the mode; never changed)

    @property
    def ids(self) -> list[str]:
        return [v.id for v in self.chosen]

    @property
    def iris(self) -> set[str]:
        return {v.iri for v in self.chosen}

    def said(self) -> str:
        """``each province's arrangement in force (a, b); --all-years adds 2 older version(s)``."""
        names = ", ".join(self.ids) or "none in the graph"
        if self.mode == "arrangement":
            return f"from {names} (--arrangement)"
        if self.mode == "all years":
            return f"from every version ({names}; --all-years)"
        return (f"from each province's arrangement in force ({names}); "
                + (f"--all-years adds {self.older} older version(s)" if self.older
                   else "no older versions in the graph"))

    def as_json(self) -> dict:
        """The JSON key that names the arrangements used."""
        return {"mode": self.mode, "arrangements": self.ids}


def scope(store: ox.Store, *, arrangement: str | None = None, all_years: bool = False) -> Scope:
    """In force by default; every version with ``all_years``; one with ``arrangement``."""
    if arrangement is not None and all_years:
        raise RaGraphError("--arrangement and --all-years exclude each other")
    everything = versions(store)
    newest = latest(everything)
    in_force = [v.id for v in newest]
    if arrangement is not None:
        return Scope("arrangement", (resolve_arrangement(store, arrangement, all_versions=everything),),
                     in_force=in_force)
    if all_years:
        return Scope("all years", tuple(everything), in_force=in_force)
    return Scope("in force", tuple(newest), len(everything) - len(newest), in_force=in_force)


def answering(store: ox.Store, chosen: Scope) -> ox.Store:
    """The store a counting view reads for ``chosen``: only the graphs of its arrangements unless
    it is every version, so that its cost follows the answer, not the number of years held."""
    return store if chosen.mode == "all years" else scoped(store, chosen.ids)


def scoped(store: ox.Store, ids: list[str]) -> ox.Store:
    """These arrangements' graphs with the vocabularies and the ontology, in memory.

    A question about the arrangements in force (or one of them, or one
    province's versions) reads only their graphs: from the on-disk store
    that costs what those graphs cost, whatever the size of the register.
    Every arrangement's statements live in its own graph, so a query bound
    to these arrangements finds the same answers here as in the whole graph.

    The last store made is kept, and given again for the same arrangements
    of the same store (its callers only read it): a command's process then
    ends without freeing it (``cli._leave``), which cost a cold ``owes``
    about a millisecond, and a process that asks twice loads once.
    """
    from ra_graph.core import iris
    from ra_graph.core.namespaces import ONTOLOGY_GRAPH, VOCAB_GRAPH
    from ra_graph.core.store import subset

    key = tuple(ids)
    if _LAST and _LAST[0][0] is store and _LAST[0][1] == key:
        return _LAST[0][2]
    out = subset(store, [iris.arrangement_graph(i) for i in ids] + [VOCAB_GRAPH, ONTOLOGY_GRAPH])
    _LAST[:] = [(store, key, out)]
    return out


_LAST: list[tuple[ox.Store, tuple[str, ...], ox.Store]] = []  # (store, ids, the subset) scoped made last
