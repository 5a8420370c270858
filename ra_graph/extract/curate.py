"""The curation overlay: human corrections that win over the extractor.

A data steward corrects the draft in ``data/curation/<slug>.yaml`` (for
example ``drenthe-2025.yaml``), keyed by clause id.  The overlay is applied
after extraction on every build, so re-running extraction never loses a
curated fact, and every curated commitment says so (basis FromCuration and
a note naming the file, line and reason).

File format (all keys optional except ``arrangement``, ``clauses`` and each
entry's ``note``)::

    arrangement: drenthe-2025          # must equal the file name
    clauses:
      drenthe-2025/3.1/1.2:
        note: "Why, citing the text (line 137)."      # required
        commitments:        # REPLACES all extracted commitments of the clause
          - obligors: [Rijk]                # names (LVVN, provincie Drenthe)
            modality: Statement             #   or rai: IRIs
      drenthe-2025/3.3/6:
        note: "..."
        patch:              # changes fields of ONE extracted commitment
          - commitment: 1                   # 1-based, as `ra-graph extract` lists them
            modality: Effort                # a field given replaces that field;
            due_by: null                    #   null clears it (not modality: every
                                            #   commitment needs one)
      drenthe-2025/3.5/3:
        note: "..."
        add:                # appends commitments to the extracted ones
          - obligors: [Drenthe]
            modality: Effort
      drenthe-2025/4.1/1:
        note: "..."
        not_a_clause: true  # drop it: the segmenter took prose for a clause

Commitment fields: obligors, beneficiaries, requested_by, partners,
mentions, carried_by (actors; requested_by and carried_by take one);
programmes; locations; modality (Result, Effort, Dialogue, Request,
Acknowledgement, Research, Statement); due_by (YYYY-MM-DD); due_text;
note.  An entry gives either ``commitments`` or ``patch``, not both (a
replacement would discard the patch).  Replaced and added commitments have
basis FromCuration; a patch that sets obligors makes the basis
FromCuration, one that sets carried_by makes carried_by_basis FromCuration.

What an entry leaves unsaid follows the extractor's rules, so that a
correction never drops a fact the rules give (``_follow_rules``): a
Statement (and a principle) is owed to no one, so one without
``beneficiaries`` in the entry has none -- a patch that turns a draft
commitment into a Statement clears the draft's beneficiaries -- and no
party is its own beneficiary (a patch of the obligors); a commitment
of het Rijk alone without ``carried_by`` in the entry is carried by the
section's lead ministry (rule ``carried-by:section``, with the section's
basis), and one that is no longer the Rijk's alone is carried by no one.

Every mistake is reported as FILE:LINE (from PyYAML's node marks): bad
YAML or a file that is not UTF-8, unknown or repeated keys, a clause id
not in the arrangement, unknown names (with close matches), unknown
modalities, bad dates, a wrong ``arrangement``.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ra_graph.core import paths
from ra_graph.core.errors import RaGraphError
from ra_graph.core.isodate import parse_iso_date
from ra_graph.core.model import (
    MODALITIES,
    REFERENCES,
    SINGLE_REFERENCES,
    Arrangement,
    Clause,
    Commitment,
    Section,
)
from ra_graph.core.namespaces import RIJK
from ra_graph.core.textfile import check_yaml, read_text, yaml_error

TOP_KEYS = ("arrangement", "clauses")
ENTRY_KEYS = ("note", "commitments", "patch", "add", "not_a_clause")
LIST_FIELDS = {name: kind for name, (_, kind) in REFERENCES.items()}
SCALAR_FIELDS = ("modality", "due_by", "due_text", "note")
COMMITMENT_KEYS = tuple(LIST_FIELDS) + SCALAR_FIELDS


@dataclass
class Spec:
    """One curated commitment (or patch): the fields it sets, resolved."""

    values: dict[str, object]
    line: int
    index: int | None = None  # patch: 1-based commitment number


@dataclass
class Entry:
    clause: str
    line: int
    note: str
    not_a_clause: bool = False
    replace: list[Spec] | None = None
    patches: list[Spec] = field(default_factory=list)
    add: list[Spec] = field(default_factory=list)
    end_line: int | None = None  # the last line of the entry (``extract --skeleton`` copies lines line..end_line)


@dataclass
class Overlay:
    path: Path
    arrangement: str
    arrangement_line: int
    entries: dict[str, Entry]


# -- reading ----------------------------------------------------------------------
def _last_line(node: yaml.Node, lines: list[str]) -> int:
    """The 1-based last line of ``node``'s own text.

    Its end mark stands right after its last character (a scalar, a flow
    collection, a file without a final newline) or, for a block collection
    or scalar, before the next token: at the next key, past any blank lines
    and comments between (commented skeleton entries of other clauses).
    Those lines belong to what follows, so they are left out, but never a
    line of the node's last scalar (a block scalar's line may start with '#').
    """
    def last(mark: yaml.Mark) -> int:
        return mark.line + 1 if lines[mark.line][:mark.column].strip() else mark.line

    leaf = node
    while isinstance(leaf, (yaml.MappingNode, yaml.SequenceNode)) and leaf.value:
        leaf = leaf.value[-1][1] if isinstance(leaf, yaml.MappingNode) else leaf.value[-1]
    end, floor = last(node.end_mark), last(leaf.end_mark)
    while end > floor and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


class _Reader:
    def __init__(self, path: Path, lines: list[str]):
        self.path = path
        self.lines = lines  # the file's text, line by line as YAML counts them (where an entry ends)
        self._store = None

    def error(self, problem: str, node: yaml.Node | None = None) -> RaGraphError:
        line = node.start_mark.line + 1 if node is not None else None
        return RaGraphError(problem, file=self.path, line=line)

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(f"{what} must be a mapping (key: value)", node)
        return node.value

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(f"{what} must be a single value", node)
        if node.tag.endswith(":null") or (node.style is None and node.value in ("", "~", "null", "Null", "NULL")):
            return None
        return node.value

    def keys(self, pairs, allowed: tuple[str, ...], what: str) -> None:
        seen: set[str] = set()
        for key, _ in pairs:
            if key.value not in allowed:
                close = difflib.get_close_matches(key.value, allowed, n=3)
                hint = f" (did you mean {', '.join(close)}?)" if close else f" (allowed: {', '.join(allowed)})"
                raise self.error(f"unknown key '{key.value}' in {what}{hint}", key)
            if key.value in seen:
                raise self.error(f"key '{key.value}' given twice in {what}", key)
            seen.add(key.value)

    def resolve(self, name: str, kind: str, node: yaml.Node) -> str:
        from ra_graph.core.actors import resolve
        from ra_graph.extract.gazetteer import vocab_store

        if self._store is None:
            self._store = vocab_store()
        try:
            return resolve(self._store, name, kind=kind, parameter=kind)
        except RaGraphError as exc:
            raise self.error(exc.problem, node) from None

    def spec(self, node: yaml.Node, *, patch: bool) -> Spec:
        pairs = self.mapping(node, "a commitment")
        allowed = (("commitment",) if patch else ()) + COMMITMENT_KEYS
        self.keys(pairs, allowed, "a commitment")
        spec = Spec({}, node.start_mark.line + 1)
        for key, value in pairs:
            name = key.value
            if name == "commitment":
                raw = self.scalar(value, "commitment")
                if raw is None or not raw.isdigit() or int(raw) < 1:
                    raise self.error("commitment: give the 1-based number of the extracted commitment", value)
                spec.index = int(raw)
            elif name in LIST_FIELDS:
                items = value.value if isinstance(value, yaml.SequenceNode) else [value]
                names = [(self.scalar(item, name), item) for item in items]
                spec.values[name] = [self.resolve(n, LIST_FIELDS[name], item) for n, item in names if n]
                if name in SINGLE_REFERENCES and len(spec.values[name]) > 1:
                    raise self.error(f"{name} takes one actor, not {len(spec.values[name])}", key)
            elif name == "modality":
                raw = self.scalar(value, name)
                if raw is None:
                    raise self.error(f"modality cannot be cleared: every commitment needs one "
                                     f"({', '.join(MODALITIES)})", value)
                if raw not in MODALITIES:
                    close = difflib.get_close_matches(raw or "", MODALITIES, n=3)
                    hint = f"; did you mean {', '.join(close)}?" if close else f" (one of {', '.join(MODALITIES)})"
                    raise self.error(f"unknown modality '{raw}'{hint}", value)
                spec.values[name] = raw
            elif name == "due_by":
                raw = self.scalar(value, name)
                if raw is not None:
                    raw = parse_iso_date(raw, "due_by", file=str(self.path),
                                         line=value.start_mark.line + 1).isoformat()
                spec.values[name] = raw
            else:
                spec.values[name] = self.scalar(value, name)
        if patch and spec.index is None:
            raise self.error("a patch needs 'commitment: N' (which extracted commitment to change)", node)
        return spec

    def specs(self, node: yaml.Node, *, patch: bool, what: str) -> list[Spec]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(f"{what} must be a list (items start with '- ')", node)
        return [self.spec(item, patch=patch) for item in node.value]

    def entry(self, key: yaml.ScalarNode, node: yaml.Node) -> Entry:
        pairs = self.mapping(node, f"clause {key.value}")
        self.keys(pairs, ENTRY_KEYS, f"clause {key.value}")
        values = {k.value: (k, v) for k, v in pairs}
        if "note" not in values or not self.scalar(values["note"][1], "note"):
            raise self.error(f"clause {key.value}: every entry needs a 'note' saying why (cite the text)", key)
        entry = Entry(key.value, key.start_mark.line + 1, self.scalar(values["note"][1], "note") or "")
        entry.end_line = _last_line(node, self.lines)
        if "not_a_clause" in values:
            raw = (self.scalar(values["not_a_clause"][1], "not_a_clause") or "").lower()
            if raw not in ("true", "false", "yes", "no"):
                raise self.error("not_a_clause must be true or false", values["not_a_clause"][1])
            entry.not_a_clause = raw in ("true", "yes")
        if "commitments" in values and "patch" in values:
            raise self.error(f"clause {key.value}: give either 'commitments' (replaces all) or 'patch', "
                             "not both (the replacement would discard the patch)", key)
        if "commitments" in values:
            entry.replace = self.specs(values["commitments"][1], patch=False, what="commitments")
        if "patch" in values:
            entry.patches = self.specs(values["patch"][1], patch=True, what="patch")
        if "add" in values:
            entry.add = self.specs(values["add"][1], patch=False, what="add")
        return entry


def load(path: str | Path) -> Overlay:
    """Read and check a curation file; every error names FILE:LINE."""
    path = Path(path)
    text = read_text(path, "curation file")
    reader = _Reader(path, re.split(r"\r\n|[\r\n\x85\u2028\u2029]", text))  # lines as YAML counts them
    check_yaml(text, path)
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, text) from None
    if root is None:
        raise RaGraphError("empty curation file (needs 'arrangement:' and 'clauses:')", file=path)
    pairs = reader.mapping(root, "the curation file")
    reader.keys(pairs, TOP_KEYS, "the curation file")
    values = {k.value: (k, v) for k, v in pairs}
    if "arrangement" not in values:
        raise reader.error("missing 'arrangement:' (the file's arrangement, e.g. drenthe-2025)", root)
    arrangement = reader.scalar(values["arrangement"][1], "arrangement") or ""
    line = values["arrangement"][1].start_mark.line + 1
    if arrangement != path.stem:
        raise RaGraphError(f"arrangement '{arrangement}' does not match the file name '{path.name}' "
                           f"(expected '{path.stem}')", file=path, line=line)
    entries: dict[str, Entry] = {}
    if "clauses" in values and not (isinstance(values["clauses"][1], yaml.ScalarNode)
                                    and reader.scalar(values["clauses"][1], "clauses") is None):
        for key, node in reader.mapping(values["clauses"][1], "clauses"):
            if key.value in entries:
                raise reader.error(f"clause {key.value} is listed twice", key)
            entries[key.value] = reader.entry(key, node)
    return Overlay(path, arrangement, line, entries)


# -- applying ---------------------------------------------------------------------
def _origin(overlay: Overlay, entry: Entry, spec: Spec | None) -> tuple[str, str]:
    """(the entry's place, the note recorded on the commitment)."""
    place = f"{overlay.path.name}:{spec.line if spec else entry.line}"
    return place, f"curation {place}: {entry.note}"


def _build(spec: Spec, origin: tuple[str, str]) -> Commitment:
    values = dict(spec.values)
    note = values.pop("note", None)
    commitment = Commitment(**values)  # type: ignore[arg-type]
    commitment.basis = "FromCuration"
    if commitment.carried_by:
        commitment.carried_by_basis = "FromCuration"
    commitment.curation_entry, text = origin
    commitment.note = text + (f" ({note})" if note else "")
    return commitment


def _patch(commitment: Commitment, spec: Spec, origin: tuple[str, str]) -> None:
    for name, value in spec.values.items():
        if name != "note":
            setattr(commitment, name, value)
    if "obligors" in spec.values:
        commitment.basis = "FromCuration"
    if "carried_by" in spec.values:
        commitment.carried_by_basis = "FromCuration" if commitment.carried_by else None
    extra = spec.values.get("note")
    commitment.curation_entry, text = origin
    commitment.note = text + (f" ({extra})" if extra else "") + (
        f"; draft {commitment.note}" if commitment.note and not commitment.note.startswith("curation") else "")


def _follow_rules(commitment: Commitment, given: set[str], clause: Clause, section: Section | None) -> None:
    """The extractor's rules for the fields a curation entry does not give
    (module docstring): no beneficiary for a Statement or a principle, no
    obligor its own beneficiary, and the Rijk's carrying ministry."""
    if "beneficiaries" not in given:
        owed = not (commitment.modality == "Statement" or clause.kind == "Principle")
        commitment.beneficiaries = [b for b in commitment.beneficiaries if owed and b not in commitment.obligors]
    if "carried_by" in given:
        return
    if commitment.obligors != [RIJK]:
        commitment.carried_by, commitment.carried_by_basis = [], None
    elif not commitment.carried_by and section is not None and section.lead_ministry:
        commitment.carried_by = [section.lead_ministry]
        commitment.carried_by_basis = section.lead_ministry_basis or "FromRule"
        commitment.note = f"{commitment.note}; rules: carried-by:section"


def apply(arrangement: Arrangement, path: str | Path | None) -> Arrangement:
    """The arrangement with the overlay in ``path`` laid over it (a copy).

    No file: the arrangement unchanged.  Clause ids that do not exist in the
    arrangement and patches of commitments the draft does not have are
    errors naming FILE:LINE.
    """
    if path is None:
        return arrangement
    overlay = load(path)
    if overlay.arrangement != arrangement.slug:
        raise RaGraphError(f"curation is for '{overlay.arrangement}', not for '{arrangement.slug}'",
                           file=overlay.path, line=overlay.arrangement_line)
    result = copy.deepcopy(arrangement)
    by_id = {clause.id: clause for clause in result.clauses}
    sections = {section.number: section for section in result.sections}
    dropped: set[str] = set()
    for clause_id, entry in overlay.entries.items():
        clause_id = _full_id(clause_id, arrangement)
        clause = by_id.get(clause_id)
        if clause is None:
            close = difflib.get_close_matches(clause_id, list(by_id), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise RaGraphError(f"no clause '{clause_id}' in {arrangement.slug}{hint}",
                               file=overlay.path, line=entry.line)
        if entry.not_a_clause:
            dropped.add(clause_id)
            continue
        apply_entry(clause, entry, overlay, sections.get(clause.section))
    result.clauses = [c for c in result.clauses if c.id not in dropped]
    return result


def apply_entry(clause: Clause, entry: Entry, overlay: Overlay, section: Section | None) -> None:
    """Lay one entry over one clause's draft commitments (in place).

    ``clause`` may be a later version of the clause the entry names (see
    ``carry_forward``): the provenance then still names the entry's own
    file and line, which is where the correction was made.
    """
    curated: list[tuple[Commitment, Spec]] = []
    for spec in entry.patches:
        if spec.index is None or spec.index > len(clause.commitments):
            raise RaGraphError(f"{clause.id}: the draft has {len(clause.commitments)} commitment(s), "
                               f"no commitment {spec.index}", file=overlay.path, line=spec.line)
        _patch(clause.commitments[spec.index - 1], spec, _origin(overlay, entry, spec))
        curated.append((clause.commitments[spec.index - 1], spec))
    if entry.replace is not None:
        clause.commitments = [_build(spec, _origin(overlay, entry, spec)) for spec in entry.replace]
        curated = list(zip(clause.commitments, entry.replace))
    added = [_build(spec, _origin(overlay, entry, spec)) for spec in entry.add]
    clause.commitments += added
    for commitment, spec in curated + list(zip(added, entry.add)):
        _follow_rules(commitment, set(spec.values), clause, section)
    clause.curated = True


def _full_id(clause_id: str, arrangement: Arrangement) -> str:
    """``drenthe-2025/3.1/1.1`` in drenthe-2025.yaml means ``drenthe-2025/3.1/1.1``
    (a curation file is for one arrangement, so the short form is unambiguous)."""
    head, _, rest = clause_id.partition("/")
    return f"{arrangement.slug}/{rest}" if head == arrangement.key and rest else clause_id


def overlay_path(slug: str) -> Path | None:
    """``data/curation/<slug>.yaml`` if the arrangement has one; a directory or a
    broken link by that name is an error, never a curation silently skipped."""
    path = paths.CURATION / f"{slug}.yaml"
    if path.is_file():
        return path
    if path.is_symlink() or path.exists():
        what = "a directory" if path.is_dir() else "a link to nothing" if path.is_symlink() else "not a file"
        raise RaGraphError(f"curation file is {what}", file=path)
    return None


def apply_overlay(arrangement: Arrangement) -> Arrangement:
    """The arrangement with its curation file (if any) laid over it."""
    return apply(arrangement, overlay_path(arrangement.slug))


__all__ = ["load", "apply", "apply_overlay", "overlay_path", "Overlay", "Entry", "Spec"]
