"""``ra-graph extract FILE``: the draft of a text, for a data steward to review.

The draft is compiled into RDF by the very code the build uses
(``ra_graph.graph.build.store_for``) and listed by the code behind ``ra-graph
clauses`` (``ra_graph.query.clauses.list_clauses``), so ``extract`` and
``clauses`` can never disagree about a clause.  ``--skeleton`` writes a
curation file to start from: every clause as a commented entry with its
line, an excerpt and the drafted obligors and modality, so the steward only
uncomments and corrects what is wrong.  A clause that revises a curated
clause of the previous version (texts ``ra-<province>-<year>.txt`` side by
side) gets that entry instead, commented, saying whether it still applies
as it stands (the same text: ``build`` carries it over by itself) or needs
a review (the text changed).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from ra_graph.core import iris
from ra_graph.core.atomic import write_atomic
from ra_graph.core.errors import RaGraphError, warn
from ra_graph.core.model import Arrangement
from ra_graph.core.output import to_json


def _names(iris: list[str], short: dict[str, str]) -> str:
    return ", ".join(short.get(i, i.rsplit("/", 1)[-1]) for i in iris) or "-"


def make_skeleton(arrangement: Arrangement, short: dict[str, str], earlier: dict[str, tuple] | None = None) -> str:
    """A curation YAML for this text with every clause as a commented entry.

    ``earlier``: clause id -> (``carry.Source``, the same text?) for the clauses
    that revise a curated clause of the previous version; their entry is written
    instead of the draft's template (commented, like everything), saying whether
    it applies as it stands (same text) or needs a review (text changed).
    """
    earlier = earlier or {}
    from ra_graph.extract import curate

    head = (curate.__doc__ or "").split("::\n", 1)[-1].strip("\n")
    lines = [
        f"# Curation overlay for {arrangement.slug} ({arrangement.source_file}).",
        "# Uncomment a clause and correct only what the draft gets wrong; every entry needs a note.",
        "# Format (see ra_graph/extract/curate.py):",
        *("# " + line if line.strip() else "#" for line in textwrap.dedent(head).split("\n")),
        f"arrangement: {arrangement.slug}",
        "clauses:",
    ]
    for clause in arrangement.clauses:
        excerpt = " ".join(clause.text.split())
        excerpt = excerpt if len(excerpt) <= 110 else excerpt[:107] + "..."
        lines.append(f"#  {clause.id}:   # line {clause.line}, {clause.kind}: {excerpt}")
        for i, c in enumerate(clause.commitments, 1):
            lines.append(f"#    # draft c{i}: obligors [{_names(c.obligors, short)}] {c.modality}"
                         f"{'; requested by ' + _names(c.requested_by, short) if c.requested_by else ''}"
                         f" ({c.basis})")
        if clause.id in earlier:
            lines += _earlier_entry(*earlier[clause.id])
            continue
        lines.append("#    note: \"\"")
        lines.append("#    commitments:")
        for c in clause.commitments:
            lines.append(f"#      - obligors: [{_names(c.obligors, short) if c.obligors else ''}]")
            lines.append(f"#        modality: {c.modality}")
    return "\n".join(lines) + "\n"


def _earlier_entry(source, same: bool) -> list[str]:
    """The body of the entry the revised clause was read with, commented and re-indented
    under this clause's key, after one line saying where it comes from and whether it holds."""
    status = ("the same text: it applies as it stands; uncomment it only to change it" if same
              else "the text changed: it no longer applies; review it against the new wording")
    out = [f"#    # {source.place} ({source.clause}), {status}"]
    text = source.overlay.path.read_text(encoding="utf-8").split("\n")
    entry = source.entry
    body = text[entry.line - 1:entry.end_line or entry.line][1:]
    indent = len(text[entry.line - 1]) - len(text[entry.line - 1].lstrip(" "))
    out += ["#  " + line[indent:] for line in body if line.strip()]
    return out


def earlier_versions(file: Path, arrangement: Arrangement) -> list[Arrangement]:
    """The earlier versions of ``arrangement`` whose texts lie beside ``file``
    (``ra-<province>-<year>.txt``), oldest first, each drafted and curated with its own
    file (the entries they carry among themselves are laid on by ``carry``)."""
    import re

    from ra_graph.extract import curate
    from ra_graph.extract.pipeline import draft

    pattern = re.compile(rf"ra-{re.escape(arrangement.key)}-(\d{{4}})\.txt")
    older = sorted((int(m[1]), f) for f in Path(file).parent.glob(f"ra-{arrangement.key}-*.txt")
                   if (m := pattern.fullmatch(f.name)) and int(m[1]) < arrangement.year)
    return [curate.apply_overlay(draft(f)) for _, f in older]


def earlier_readings(file: Path, arrangement: Arrangement,
                     chain: list[Arrangement] | None = None) -> dict[str, tuple]:
    """For a text with earlier versions beside it (``ra-<province>-<year>.txt`` in the same
    directory): clause id -> (the curation entry its predecessor was read with, same text?)."""
    import copy

    from ra_graph.extract import carry
    from ra_graph.graph import revisions

    chain = earlier_versions(file, arrangement) if chain is None else chain
    if not chain:
        return {}
    current = copy.deepcopy(arrangement)
    revisions.link([*chain, current])
    readings = carry.readings(chain)[chain[-1].slug]
    by_iri = {iris.clause(chain[-1].slug, c.section, c.number): c for c in chain[-1].clauses}
    out = {}
    for clause in current.clauses:
        was = by_iri.get(clause.revision_of or "")
        if was is not None and was.id in readings:
            out[clause.id] = (readings[was.id], carry.same_text(was.text, clause.text))
    return out


def extract_command(file: Path, fmt: str, *, skeleton: Path | None, curation: bool,
                    force: bool = False) -> str:
    """Draft (and, unless told otherwise, curate) FILE; the clauses JSON/YAML.

    An existing ``skeleton`` file (perhaps a steward's curation) is only
    overwritten with ``force``.  Earlier versions whose texts lie beside FILE
    are read too, so that the curation of their unchanged clauses follows
    into this one exactly as ``build`` lays it on (``extract.carry``).
    """
    from ra_graph.extract import curate
    from ra_graph.extract.coverage import warnings
    from ra_graph.extract.pipeline import draft
    from ra_graph.graph.build import store_for
    from ra_graph.query.clauses import list_clauses

    if skeleton is not None and not force and Path(skeleton).exists():
        raise RaGraphError(f"{skeleton} exists; use --force to overwrite")
    arrangement = draft(Path(file))
    for problem in warnings(arrangement, Path(file)):
        warn(problem)
    chain = earlier_versions(Path(file), arrangement) if (skeleton is not None or curation) else []
    if skeleton is not None:
        write_atomic(skeleton, make_skeleton(arrangement, _vocab_short_labels(),
                                             earlier_readings(Path(file), arrangement, chain)))
    if curation:
        arrangement = curate.apply_overlay(arrangement)
        if chain:  # as build reads it: entries of earlier versions follow their unchanged clauses
            from ra_graph.extract.carry import carry_forward
            from ra_graph.graph import revisions

            revisions.link([*chain, arrangement])
            for problem in carry_forward([*chain, arrangement]):
                if f" to {arrangement.slug}/" in problem:
                    warn(problem)
    store = store_for([arrangement])
    rows = list_clauses(store)
    if fmt == "yaml":
        return yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100)
    return to_json(rows)


def _vocab_short_labels() -> dict[str, str]:
    from ra_graph.core.actors import short_labels
    from ra_graph.extract.gazetteer import vocab_store

    return short_labels(vocab_store())


__all__ = ["extract_command", "make_skeleton"]
