"""Curation that follows the text: an entry applies to its clause's later versions.

A steward corrects a clause once.  Next year the province's arrangement is
renewed and most clauses come back word for word; their reading should not
fall back to the extractor's draft just because the clause now has another
id.  So, after ``graph.revisions.link`` has found each clause's predecessor
(``revision_of``), ``carry_forward`` walks every province's versions oldest
first, and a clause that

- has no entry of its own (the new version's curation file wins), and
- has exactly the text of its predecessor (whitespace aside), whose reading
  came from a curation entry (its own or one carried to it),

gets that entry laid over its draft.  The commitments' provenance names the
entry where it was written (``curation drenthe-2025.yaml:14: <note>``), so
a reader of the 2027 graph is sent to the 2025 file.  A clause whose text
changed is read afresh, and the build warns with the entry's file and line
that it stopped applying: the steward reviews the new wording and, if the
correction still holds, writes it into the new version's file
(``ra-graph extract --skeleton`` pre-fills it, commented).

A ``not_a_clause`` entry is not carried: the clause is gone from its own
version, so nothing links a later version to it; if the same prose is taken
for a clause again, the new version needs its own entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ra_graph.core import iris
from ra_graph.core.errors import RaGraphError
from ra_graph.core.model import Arrangement, Clause
from ra_graph.extract import curate


@dataclass(frozen=True)
class Source:
    """The entry a clause's reading comes from, and the clause it was written for."""

    overlay: curate.Overlay
    entry: curate.Entry
    clause: str  # the full id of the clause the entry names

    @property
    def place(self) -> str:
        return f"{self.overlay.path.name}:{self.entry.line}"


def same_text(a: str, b: str) -> bool:
    """The same words in the same order: a re-wrapped line is no change."""
    return a.split() == b.split()


def own_entries(arrangement: Arrangement, load: Callable[[str], curate.Overlay | None]) -> dict[str, Source]:
    """Clause id -> its entry in the arrangement's own curation file (none: empty)."""
    overlay = load(arrangement.slug)
    if overlay is None:
        return {}
    out = {}
    for key, entry in overlay.entries.items():
        full = curate._full_id(key, arrangement)
        out[full] = Source(overlay, entry, full)
    return out


def _load(slug: str) -> curate.Overlay | None:
    path = curate.overlay_path(slug)
    return curate.load(path) if path is not None else None


def carry_forward(arrangements: Sequence[Arrangement],
                  load: Callable[[str], curate.Overlay | None] = _load) -> list[str]:
    """Lay each entry over the later versions of its clause while the text is unchanged
    (in place); returns one warning per entry that stopped applying, file and line first.

    ``arrangements`` must already be linked (``revisions.link``) and curated with their
    own files; ``load`` gives an arrangement's overlay by its id (default: its file in
    data/curation).
    """
    by_province: dict[str, list[Arrangement]] = defaultdict(list)
    for arrangement in arrangements:
        by_province[arrangement.key].append(arrangement)
    problems: list[str] = []
    for versions in by_province.values():
        versions.sort(key=lambda a: a.year)
        readings = own_entries(versions[0], load)
        for previous, current in zip(versions, versions[1:]):
            before = {iris.clause(previous.slug, c.section, c.number): c for c in previous.clauses}
            own = own_entries(current, load)
            sections = {s.number: s for s in current.sections}
            carried: dict[str, Source] = {}
            for clause in current.clauses:
                was = before.get(clause.revision_of or "")
                source = readings.get(was.id) if was is not None else None
                if source is None or clause.id in own:
                    continue
                if not same_text(was.text, clause.text):
                    problems.append(_stopped(source, clause, current, "its text changed"))
                    continue
                try:
                    curate.apply_entry(clause, source.entry, source.overlay, sections.get(clause.section))
                except RaGraphError as exc:  # the same text drafted otherwise (a rule changed in between)
                    problems.append(_stopped(source, clause, current, exc.problem))
                    continue
                carried[clause.id] = source
            readings = {**carried, **own}
    return problems


def _stopped(source: Source, clause: Clause, current: Arrangement, why: str) -> str:
    return (f"{source.overlay.path}:{source.entry.line}: curation of {source.clause} no longer applies to "
            f"{clause.id} (data/sources/{current.source_file}:{clause.line}): {why}; review the new wording "
            f"and, if the correction still holds, add it to {current.slug}.yaml "
            f"(ra-graph extract --skeleton pre-fills it)")


def readings(arrangements: Sequence[Arrangement],
             load: Callable[[str], curate.Overlay | None] = _load) -> dict[str, dict[str, Source]]:
    """Per arrangement id, clause id -> the entry its reading comes from (own or carried),
    computed as ``carry_forward`` applies them, without changing anything."""
    by_province: dict[str, list[Arrangement]] = defaultdict(list)
    for arrangement in arrangements:
        by_province[arrangement.key].append(arrangement)
    out: dict[str, dict[str, Source]] = {}
    for versions in by_province.values():
        versions.sort(key=lambda a: a.year)
        current_readings = own_entries(versions[0], load)
        out[versions[0].slug] = current_readings
        for previous, current in zip(versions, versions[1:]):
            before = {iris.clause(previous.slug, c.section, c.number): c for c in previous.clauses}
            own = own_entries(current, load)
            carried = {}
            for clause in current.clauses:
                was = before.get(clause.revision_of or "")
                source = current_readings.get(was.id) if was is not None else None
                if source is not None and clause.id not in own and same_text(was.text, clause.text):
                    carried[clause.id] = source
            current_readings = {**carried, **own}
            out[current.slug] = current_readings
    return out


__all__ = ["carry_forward", "readings", "same_text", "Source"]
