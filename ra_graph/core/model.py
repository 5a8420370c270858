"""The intermediate form between extraction, curation and compilation.

Extraction fills it from a text, curation corrects it, compilation turns it
into RDF.  Keeping it plain data (and JSON-able) is what lets ``ra-graph
extract`` print a draft for review and lets curation be an overlay keyed by
clause id.  Actors, programmes and locations are held as full IRIs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass

from ra_graph.core.terms import (  # noqa: F401 (the names, re-exported where they always were)
    ACTOR_CLASSES,
    CLAUSE_KINDS,
    MODALITIES,
    REFERENCES,
    SINGLE_REFERENCES,
)


@dataclass
class Commitment:
    """What one side of a clause takes on."""

    obligors: list[str] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    requested_by: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    modality: str | None = None
    carried_by: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    due_by: str | None = None  # ISO date
    due_text: str | None = None
    basis: str = "FromText"  # where the obligors came from
    carried_by_basis: str | None = None
    note: str | None = None  # curation note or the rule that fired
    curation_entry: str | None = None  # "groningen-2025.yaml:45" when curation set or changed it


@dataclass
class Clause:
    id: str  # "drenthe-2025/3.1/1.1": <arrangement>/<section>/<item>
    number: str  # "1.1", "zoetwater-1", "eerder-1"
    kind: str  # one of CLAUSE_KINDS
    line: int  # first line in the source file (1-based)
    text: str  # cleaned text, wording unchanged
    section: str  # section number, "3.1"
    heading: str | None = None  # sub-heading or lead-in it stands under
    lead_in: str | None = None  # "Rijk en provincie Groningen spreken af:" etc.
    meetings: list[str] = field(default_factory=list)  # meetings an earlier agreement came from
    meeting_text: str | None = None
    commitments: list[Commitment] = field(default_factory=list)
    curated: bool = False
    # the aligned clause of the province's previous version (graph/revisions.py) and the alignment score
    revision_of: str | None = None  # clause IRI
    revision_score: float | None = None
    page: int | None = None  # page of the published document (from the sidecar's page map of `ra-graph add`)


@dataclass
class Section:
    number: str  # "3.1"
    title: str
    line: int
    themes: list[str] = field(default_factory=list)  # skos:Concept IRIs
    lead_ministry: str | None = None
    lead_ministry_basis: str | None = None
    mentions: list[str] = field(default_factory=list)  # programmes/locations named in context prose
    has_agreements: bool = False
    # (first line, text) of every paragraph of the section that is not a clause:
    # intro, explanation ("Toelichting …") and lead-in prose, for finding what a section mentions.
    context: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Signatory:
    name: str | None  # None when the signature block gives only the role
    role: str
    party: str | None = None  # actor IRI the signatory signs for
    line: int | None = None  # the signing chapter's line in the source


@dataclass
class UnaccountedText:
    """Text of the agreements chapter the extractor could not place (a numbered
    item read as context, a line no rule claimed), or numbering that skips a
    number.  Reported as a warning with file and line, and kept in the graph
    (``ra:UnaccountedText``) so that validation shows it."""

    line: int  # first line
    text: str  # the lines as one text (for a numbering gap: the item after it)
    reason: str  # "numbered item read as context", "numbering skips 3 before item 4", …
    section: str | None = None  # section number, when the text stands in one
    end_line: int | None = None  # last line, when it spans several


@dataclass
class Arrangement:
    key: str  # "drenthe": the province part of the file name
    slug: str  # "drenthe-2025": the arrangement id (dcterms:identifier, IRI, curation file, clause id prefix)
    title: str
    province: str  # actor IRI
    year: int
    source_file: str  # file name under data/sources
    sha256: str
    parties: list[str] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    valid_until: str | None = None  # ISO date
    valid_until_text: str | None = None
    valid_until_line: int | None = None
    sections: list[Section] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    unaccounted: list[UnaccountedText] = field(default_factory=list)
    # coverage accounting of the agreements chapter: line -> where it ended up
    # ("clause", "heading", "lead-in", "context", "footnote", "page number", …; no blank lines)
    coverage: dict[int, str] = field(default_factory=dict)
    # the published document the text was made from by `ra-graph add` (its sidecar), if any
    original_file: str | None = None
    original_sha256: str | None = None
    original_format: str | None = None  # media type
    original_extractor: str | None = None  # "pypdf 7.1.1"

    def to_dict(self) -> dict:
        """``dataclasses.asdict(self)``: a build keys every arrangement's cached block
        by it, and asdict's deep copy of every leaf costs a third of a rebuild after
        one new text at 120 arrangements; the leaves here are immutable, so they are
        taken as they are (any other kind of value: asdict itself)."""
        try:
            return _plain(self)
        except _Unusual:
            return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Arrangement:
        """The inverse of ``to_dict`` (the build cache stores arrangements as JSON)."""
        return cls(**{
            **data,
            "signatories": [Signatory(**s) for s in data["signatories"]],
            "sections": [Section(**{**s, "context": [tuple(c) for c in s["context"]]}) for s in data["sections"]],
            "clauses": [Clause(**{**c, "commitments": [Commitment(**m) for m in c["commitments"]]})
                        for c in data["clauses"]],
            "unaccounted": [UnaccountedText(**u) for u in data["unaccounted"]],
            "coverage": {int(line): where for line, where in data["coverage"].items()},  # JSON keys are text
        })


class _Unusual(Exception):
    """A value ``_plain`` does not copy as ``asdict`` would."""


_LEAVES = (str, int, float, bool, type(None))


def _plain(value: object) -> object:
    """What ``asdict`` makes of a dataclass of dataclasses, lists, tuples, dicts and
    immutable leaves (str, int, float, bool, None); ``_Unusual`` for anything else."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    raise _Unusual(kind.__name__)
