"""``ra-graph extract FILE``: the draft of a text, for a data steward to review.

The draft is compiled into RDF by the very code the build uses
(``ra_graph.graph.build.store_for``) and listed by the code behind ``ra-graph
clauses`` (``ra_graph.query.clauses.list_clauses``), so ``extract`` and
``clauses`` can never disagree about a clause.  ``--skeleton`` writes a
curation file to start from: every clause as a commented entry with its
line, an excerpt and the drafted obligors and modality, so the steward only
uncomments and corrects what is wrong.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from ra_graph.core.atomic import write_atomic
from ra_graph.core.errors import RaGraphError, warn
from ra_graph.core.model import Arrangement
from ra_graph.core.output import to_json


def _names(iris: list[str], short: dict[str, str]) -> str:
    return ", ".join(short.get(i, i.rsplit("/", 1)[-1]) for i in iris) or "-"


def make_skeleton(arrangement: Arrangement, short: dict[str, str]) -> str:
    """A curation YAML for this text with every clause as a commented entry."""
    from ra_graph.extract import curate

    head = (curate.__doc__ or "").split("::\n", 1)[-1].strip("\n")
    lines = [
        f"# Curation overlay for {arrangement.slug} ({arrangement.source_file}).",
        "# Uncomment a clause and correct only what the draft gets wrong; every entry needs a note.",
        "# Format (see ra_graph/extract/curate.py):",
        *("# " + line if line.strip() else "#" for line in textwrap.dedent(head).splitlines()),
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
        lines.append("#    note: \"\"")
        lines.append("#    commitments:")
        for c in clause.commitments:
            lines.append(f"#      - obligors: [{_names(c.obligors, short) if c.obligors else ''}]")
            lines.append(f"#        modality: {c.modality}")
    return "\n".join(lines) + "\n"


def extract_command(file: Path, fmt: str, *, skeleton: Path | None, curation: bool,
                    force: bool = False) -> str:
    """Draft (and, unless told otherwise, curate) FILE; the clauses JSON/YAML.

    An existing ``skeleton`` file (perhaps a steward's curation) is only
    overwritten with ``force``.
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
    if skeleton is not None:
        write_atomic(skeleton, make_skeleton(arrangement, _vocab_short_labels()))
    if curation:
        arrangement = curate.apply_overlay(arrangement)
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
