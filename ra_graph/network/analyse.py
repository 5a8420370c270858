"""``ra-graph analyse``: who is central, how balanced, which clauses are standard.

Four questions analysts ask of the whole set of arrangements:

- **centrality** — which actors and programmes hold the network together.
  Computed on the *co-occurrence projection*: an undirected simple graph
  whose nodes are the actors and programmes named by any commitment, with an
  edge between two of them when they are named in the same clause (any role:
  obligor, beneficiary, partner, carrier, requester, programme concerned).
  ``degree`` is the number of distinct neighbours; ``betweenness`` is
  networkx's normalised, unweighted betweenness centrality.
- **reciprocity** — per arrangement (and its sections): how many commitments
  the Rijk side (``rai:rijk`` and its sub-organisations) and the province take
  on, by modality, and how many clauses are reciprocal (both sides commit).
  ``by_ministry`` attributes Rijk commitments to the ministry that is obligor
  or carries them (agencies roll up to their ministry); a commitment carried
  by several ministries counts for each.  Rijk commitments no ministry
  carries are not a ministry's: they are counted apart, in
  ``rijk_without_ministry``.
- **shared** — actors, programmes and locations named in clauses of more
  than one province's arrangement.
- **standard_clauses** — clauses of different arrangements with (nearly) the
  same text; see ``standard_clauses``.

All four answer from each province's arrangement in force unless asked for
all years or one arrangement (``ra_graph.core.versions.scope``): a renewal
would otherwise count every continuing commitment twice and make each
clause a "standard clause" of its own earlier version.  The JSON names the
arrangements used (``scope``).
"""

from __future__ import annotations

import difflib
import re
import textwrap
import unicodedata
from collections import Counter, defaultdict

import networkx as nx
import pyoxigraph as ox

from ra_graph.core.actors import ref
from ra_graph.core.collect import fewer_collections
from ra_graph.core.errors import RaGraphError, notice
from ra_graph.core.model import MODALITIES
from ra_graph.core.namespaces import RIJK
from ra_graph.core.output import terminal_width, to_json, to_table
from ra_graph.core.versions import answering, scope
from ra_graph.network.netdata import ClauseRecord, CommitmentRecord, NetworkData, load

_PARTY_ROLES = ("obligors", "beneficiaries", "partners", "carried_by", "requested_by")


# --------------------------------------------------------------------------- centrality

def projection(data: NetworkData) -> nx.Graph:
    """Actor/programme co-occurrence graph (see module docstring); edge ``weight`` = shared clauses."""
    graph = nx.Graph()
    for clause in data.clauses.values():
        members = sorted({x for c in clause.commitments
                          for role in (*_PARTY_ROLES, "programmes") for x in getattr(c, role)})
        graph.add_nodes_from(members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                weight = graph.edges[a, b]["weight"] + 1 if graph.has_edge(a, b) else 1
                graph.add_edge(a, b, weight=weight)
    return graph


def _kind(data: NetworkData, iri: str) -> str:
    entity = data.entities.get(iri)
    return entity.kind if entity else "actor"


def centrality(data: NetworkData) -> list[dict]:
    """Degree and betweenness of actors and programmes, most central first."""
    graph = projection(data)
    betweenness = nx.betweenness_centrality(graph, normalized=True) if graph.number_of_nodes() else {}
    rows = [{**ref(iri, data.labels), "kind": _kind(data, iri), "degree": graph.degree(iri),
             "betweenness": round(betweenness.get(iri, 0.0), 4)} for iri in graph.nodes]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["label"].casefold(), r["iri"]))
    return rows


# --------------------------------------------------------------------------- reciprocity

def _sides(data: NetworkData, commitment: CommitmentRecord, province: str | None) -> list[str]:
    """The sides that carry a commitment: it counts for each side among its obligors
    (as the validation's reciprocity balance counts); "other" when it is neither,
    "unassigned" when it names no obligor."""
    if not commitment.obligors:
        return ["unassigned"]
    sides = []
    if any(data.is_rijk_side(a) for a in commitment.obligors):
        sides.append("rijk")
    if province and province in commitment.obligors:
        sides.append("province")
    return sides or ["other"]


class _Tally:
    """Commitment counts per side and modality, and reciprocal clauses."""

    def __init__(self) -> None:
        self.sides: Counter[str] = Counter()
        self.modalities: dict[str, Counter[str]] = defaultdict(Counter)
        self.clauses = 0
        self.reciprocal = 0

    def add_clause(self, sides: list[tuple[str, str | None]]) -> None:
        self.clauses += 1
        present = {side for side, _ in sides}
        if {"rijk", "province"} <= present:
            self.reciprocal += 1
        for side, modality in sides:
            self.sides[side] += 1
            self.modalities[modality or "unknown"][side] += 1

    def as_dict(self) -> dict:
        rijk, province = self.sides["rijk"], self.sides["province"]
        order = {m: i for i, m in enumerate(MODALITIES)}
        return {
            "rijk_commitments": rijk,
            "province_commitments": province,
            "other_commitments": self.sides["other"],
            "unassigned_commitments": self.sides["unassigned"],
            "rijk_share": round(rijk / (rijk + province), 3) if rijk + province else None,
            "clauses": self.clauses,
            "reciprocal_clauses": self.reciprocal,
            "by_modality": {
                m: {"rijk": c["rijk"], "province": c["province"], "other": c["other"],
                    "unassigned": c["unassigned"]}
                for m, c in sorted(self.modalities.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
            },
        }


def _clause_sides(data: NetworkData, clause: ClauseRecord) -> list[tuple[str, str | None]]:
    province = data.arrangements[clause.arrangement].province if clause.arrangement in data.arrangements else None
    return [(side, c.modality) for c in clause.commitments for side in _sides(data, c, province)]


def _section_key(number: str | None) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in (number or "").split("."))


def reciprocity(data: NetworkData) -> list[dict]:
    """Rijk-side vs province-side commitments per arrangement and section."""
    by_arrangement: dict[str, list[ClauseRecord]] = defaultdict(list)
    for clause in data.clauses.values():
        by_arrangement[clause.arrangement].append(clause)
    rows = []
    for arrangement in sorted(data.arrangements.values(), key=lambda a: a.key):
        total = _Tally()
        sections: dict[str, _Tally] = {}
        titles: dict[str, str] = {}
        for clause in by_arrangement[arrangement.iri]:
            sides = _clause_sides(data, clause)
            total.add_clause(sides)
            number = clause.section or ""
            sections.setdefault(number, _Tally()).add_clause(sides)
            titles.setdefault(number, clause.section_title or "")
        by_section = [{"section": number, "title": titles[number], **tally.as_dict()}
                      for number, tally in sorted(sections.items(), key=lambda kv: _section_key(kv[0]))]
        province = ref(arrangement.province, data.labels) if arrangement.province else None
        rows.append({"arrangement": arrangement.key, "iri": arrangement.iri, "province": province,
                     **total.as_dict(), "by_section": by_section})
    return rows


def _ministry_tallies(data: NetworkData) -> tuple[dict[str, _Tally], dict[str, Counter[str]]]:
    """Per ministry (``RIJK`` for none): its Rijk commitments with the province's in the same clauses,
    and its commitments per arrangement."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    arrangements: dict[str, Counter[str]] = defaultdict(Counter)
    for clause in data.clauses.values():
        sides = _clause_sides(data, clause)
        involved: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for commitment, (side, modality) in zip(clause.commitments, sides):
            if side != "rijk":
                continue
            ministries = {m for a in (*commitment.obligors, *commitment.carried_by)
                          if data.is_rijk_side(a) and (m := data.ministry_of(a))}
            for ministry in ministries or {RIJK}:
                involved[ministry].append((side, modality))
        province_sides = [s for s in sides if s[0] == "province"]
        for ministry, own in involved.items():
            tallies[ministry].add_clause(own + province_sides)
            arrangements[ministry][data.arrangement_key(clause.arrangement)] += len(own)
    return tallies, arrangements


def _ministry_row(tally: _Tally, arrangements: Counter[str]) -> dict:
    summary = tally.as_dict()
    return {
        "commitments": summary["rijk_commitments"],
        "province_commitments_in_same_clauses": summary["province_commitments"],
        "clauses": summary["clauses"],
        "reciprocal_clauses": summary["reciprocal_clauses"],
        "by_arrangement": dict(sorted(arrangements.items())),
        "by_modality": {m: c["rijk"] for m, c in summary["by_modality"].items() if c["rijk"]},
    }


def by_ministry(data: NetworkData) -> tuple[list[dict], dict]:
    """Rijk commitments per ministry (obligor or carrier), with the province's in the same clauses;
    and, apart, the Rijk commitments no ministry carries."""
    tallies, arrangements = _ministry_tallies(data)
    rows = [{"ministry": ref(m, data.labels), **_ministry_row(t, arrangements[m])}
            for m, t in tallies.items() if m != RIJK]
    rows.sort(key=lambda r: (-r["commitments"], r["ministry"]["label"].casefold()))
    return rows, _ministry_row(tallies.get(RIJK, _Tally()), arrangements.get(RIJK, Counter()))


# --------------------------------------------------------------------------- shared

def shared(data: NetworkData) -> dict[str, list[dict]]:
    """Actors, programmes and locations named in clauses of more than one province."""
    seen: dict[str, set[str]] = defaultdict(set)
    for clause in data.clauses.values():
        record = data.arrangements.get(clause.arrangement)
        province = (record.province if record and record.province else clause.arrangement)
        for c in clause.commitments:
            for role in (*_PARTY_ROLES, "programmes", "locations"):
                for iri in getattr(c, role):
                    seen[iri].add(province)
    out: dict[str, list[dict]] = {"actors": [], "programmes": [], "locations": []}
    for iri, provinces in seen.items():
        if len(provinces) < 2:
            continue
        names = sorted(data.label(p) for p in provinces)
        out[_kind(data, iri) + "s"].append({**ref(iri, data.labels), "provinces": names})
    for rows in out.values():
        rows.sort(key=lambda r: (-len(r["provinces"]), r["label"].casefold(), r["iri"]))
    return out


# --------------------------------------------------------------------------- standard clauses

_WORD = re.compile(r"\w+")


def _province_names(data: NetworkData, arrangement: str) -> list[str]:
    record = data.arrangements.get(arrangement)
    if not record or not record.province:
        return []
    names = {data.label(record.province), record.key}
    entity = data.entities.get(record.province)
    if entity:
        names.add(entity.name)
    return sorted((n for n in names if n), key=len, reverse=True)


def normalise_text(text: str, province_names: list[str] = ()) -> list[str]:
    """Word tokens of a clause, case- and accent-folded, with the province's name masked.

    Masking makes "Het Rijk en de provincie Drenthe zorgen …" and "Het Rijk en
    de provincie Groningen zorgen …" the same standard text.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    for name in province_names:
        key = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
        folded = re.sub(rf"\b(provincie\s+)?{re.escape(key)}\b", " provincie ", folded)
    return _WORD.findall(folded)


def similarity(a: list[str], b: list[str]) -> float:
    """``difflib.SequenceMatcher`` ratio on word tokens: 2·matched words / total words."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def standard_clauses(data: NetworkData, threshold: float = 0.8) -> list[dict]:
    """Groups of clauses from different arrangements whose texts are (nearly) the same.

    Two clauses of different arrangements are joined when ``similarity`` of
    their ``normalise_text`` tokens is at least ``threshold``; a group is a
    connected component of those pairs, its ``similarity`` the lowest ratio
    of the pairs that joined it.  (When two clauses' token lists are equally
    long, the ratio is taken with the clause whose id sorts first as
    difflib's second sequence, as everywhere.)

    Not every pair of clauses is compared: a register of every province and
    year holds each standard text dozens of times.  Clauses with the same
    tokens are one *text*; only pairs of different texts that can reach the
    threshold are scored (``_candidate_pairs``), and clauses are grouped
    through their texts (``_Components``).  The result is the same as
    scoring every pair.
    """
    texts: dict[tuple[str, ...], list[ClauseRecord]] = defaultdict(list)
    for clause in data.clauses.values():
        tokens = normalise_text(clause.text, _province_names(data, clause.arrangement))
        if tokens:
            texts[tuple(tokens)].append(clause)
    keys = sorted(texts, key=lambda t: (len(t), min(c.id for c in texts[t])))
    groups = _Components()
    for key in keys:
        members = texts[key]
        if len({c.arrangement for c in members}) > 1:  # copies in different arrangements: ratio 1
            groups.join(members, 1.0)
    # a text found in one arrangement only cannot join another text of that same arrangement:
    # ruled out before any scoring (one arrangement of 4,000 near-identical clauses is no work)
    alone = [next(iter(a)) if len(a := {c.arrangement for c in texts[key]}) == 1 else None for key in keys]
    for i, j in _candidate_pairs(keys, threshold, skip=lambda i, j: alone[i] is not None and alone[i] == alone[j]):
        short, long_ = keys[i], keys[j]  # len(short) <= len(long_)
        ratio = similarity(list(long_), list(short))  # SequenceMatcher(a=longer, b=shorter), as pairwise
        swapped = similarity(list(short), list(long_)) if len(short) == len(long_) else ratio
        if ratio == swapped:
            if ratio >= threshold and _any_cross_pair(texts[short], texts[long_]):
                groups.join(texts[short] + texts[long_], ratio)
            continue
        for a in texts[short]:  # rare: equally long and the ratio depends on the order
            for b in texts[long_]:
                if a.arrangement != b.arrangement:
                    r = ratio if a.id < b.id else swapped
                    if r >= threshold:
                        groups.join([a, b], r)
    out = []
    for members, low in groups.components():
        members = sorted(members, key=lambda c: c.id)
        out.append({
            "clauses": [c.id for c in members],
            "arrangements": sorted({data.arrangement_key(c.arrangement) for c in members}),
            "lines": [c.line for c in members],
            "similarity": round(low, 3),
            "text": members[0].text,
        })
    out.sort(key=lambda g: (-g["similarity"], g["clauses"]))
    return out


def _any_cross_pair(a: list[ClauseRecord], b: list[ClauseRecord]) -> bool:
    """Is there a clause in ``a`` and one in ``b`` from different arrangements?"""
    arrangements = {c.arrangement for c in a} | {c.arrangement for c in b}
    return len(arrangements) > 1


def _candidate_pairs(keys: list[tuple[str, ...]], threshold: float,
                     skip=lambda i, j: False) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of token lists that can reach ``threshold``.

    difflib's ratio is at most 2·(shared tokens, counted with multiplicity)/(la+lb)
    (its quick_ratio), which needs la+lb-2·shared <= (1-t)(la+lb) differing
    tokens.  Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007)
    finds every such pair without comparing all: each list becomes the set of
    its (token, occurrence) items, rarest first; two lists sharing at least
    α items share an item among the first len-α+1 of each, and α is at least
    t·l/(2-t) for a list of length l (its partner is at least that long).
    The survivors are checked against both bounds exactly; ``keys`` are
    sorted by length, so ``i < j`` means ``len(keys[i]) <= len(keys[j])``.
    ``skip(i, j)``: a pair the caller rules out anyway (never counted or scored).
    """
    items = []
    for key in keys:
        seen: Counter[str] = Counter()
        row = []
        for token in key:
            row.append((token, seen[token]))
            seen[token] += 1
        items.append(row)
    frequency = Counter(item for row in items for item in row)
    index: dict[tuple[str, int], list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for j, row in enumerate(items):
        row.sort(key=lambda item: (frequency[item], item))
        length = len(row)
        prefix = max(1, min(length, length - int(threshold * length / (2 - threshold)) + 1))
        for item in row[:prefix]:
            for i in index[item]:
                if not skip(i, j):  # ruled out by a cheaper check than any score
                    pairs.add((i, j))
            index[item].append(j)
    out = []
    for i, j in sorted(pairs):
        la, lb = len(keys[i]), len(keys[j])
        if 2 * la / (la + lb) < threshold:
            continue
        shared = sum((Counter(keys[i]) & Counter(keys[j])).values())
        if 2 * shared / (la + lb) >= threshold:
            out.append((i, j))
    return out


class _Components:
    """Union-find over clauses, remembering the lowest ratio that joined each group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.clause: dict[str, ClauseRecord] = {}
        self.low: dict[str, float] = {}

    def _root(self, iri: str) -> str:
        while self.parent[iri] != iri:
            self.parent[iri] = self.parent[self.parent[iri]]
            iri = self.parent[iri]
        return iri

    def join(self, clauses: list[ClauseRecord], ratio: float) -> None:
        roots = []
        for clause in clauses:
            if clause.iri not in self.parent:
                self.parent[clause.iri], self.clause[clause.iri], self.low[clause.iri] = clause.iri, clause, 1.0
            roots.append(self._root(clause.iri))
        top = roots[0]
        low = min([ratio] + [self.low[r] for r in roots])
        for root in roots[1:]:
            if root != top:
                self.parent[root] = top
        self.low[top] = low

    def components(self) -> list[tuple[list[ClauseRecord], float]]:
        members: dict[str, list[ClauseRecord]] = defaultdict(list)
        for iri in self.parent:
            members[self._root(iri)].append(self.clause[iri])
        return [(group, self.low[root]) for root, group in members.items()]


# --------------------------------------------------------------------------- command

def analyse(data: NetworkData, threshold: float = 0.8) -> dict:
    """All analytics as one JSON-ready dict (keys as in DESIGN.md)."""
    ministries, without_ministry = by_ministry(data)
    return {
        "centrality": centrality(data),
        "reciprocity": reciprocity(data),
        "by_ministry": ministries,
        "rijk_without_ministry": without_ministry,
        "shared": shared(data),
        "standard_clauses": standard_clauses(data, threshold),
        "threshold": threshold,
        "projection": "actor/programme co-occurrence in clauses (undirected)",
    }


def _share(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.0f}%"


def format_table(result: dict, *, wide: bool = False) -> str:
    """Readable text report: one titled table per analysis."""
    parts = []

    def section(title: str, body: str) -> None:
        parts.append(f"{title}\n{'=' * len(title)}\n{body}")

    section("Centrality (actor/programme co-occurrence in clauses)", to_table(
        [{"label": r["label"], "kind": r["kind"], "degree": r["degree"],
          "betweenness": f"{r['betweenness']:.4f}"} for r in result["centrality"]], wrap=["label"]))
    rows = []
    for arr in result["reciprocity"]:
        for sec in [{"section": "(all)", "title": "", **arr}, *arr["by_section"]]:
            rows.append({"arrangement": arr["arrangement"], "section": sec["section"], "title": sec["title"],
                         "rijk": sec["rijk_commitments"], "province": sec["province_commitments"],
                         "other": sec["other_commitments"], "unassigned": sec["unassigned_commitments"],
                         "rijk share": _share(sec["rijk_share"]), "clauses": sec["clauses"],
                         "reciprocal": sec["reciprocal_clauses"]})
    section("Reciprocity (commitments per side)", to_table(rows, wrap=["title"]))
    modality_rows = [{"arrangement": arr["arrangement"], "modality": m, **counts}
                     for arr in result["reciprocity"] for m, counts in arr["by_modality"].items()]
    section("Reciprocity by modality", to_table(modality_rows))
    apart = result["rijk_without_ministry"]
    section("Rijk commitments per ministry", to_table([
        {"ministry": r["ministry"]["label"], "commitments": r["commitments"],
         "province in same clauses": r["province_commitments_in_same_clauses"], "clauses": r["clauses"],
         "reciprocal": r["reciprocal_clauses"],
         "by arrangement": [f"{k} {v}" for k, v in r["by_arrangement"].items()],
         "by modality": [f"{k} {v}" for k, v in r["by_modality"].items()]}
        for r in result["by_ministry"]], wrap=["province in same clauses", "by arrangement", "by modality"])
        + ("\n".join(textwrap.wrap(
            f"Not in the table: {apart['commitments']} Rijk commitment(s) that no ministry carries ("
            + ", ".join(f"{k} {v}" for k, v in apart["by_arrangement"].items()) + ").", terminal_width())) + "\n"
           if apart["commitments"] else ""))
    shared_rows = [{"kind": kind[:-1], "label": r["label"], "provinces": r["provinces"]}
                   for kind, rows_ in result["shared"].items() for r in rows_]
    section("Shared across provinces", to_table(shared_rows, wrap=["label", "provinces"]))
    section(f"Standard clauses (similarity >= {result['threshold']})", to_table(
        [{"similarity": f"{g['similarity']:.3f}", "clauses": g["clauses"], "text": g["text"]}
         for g in result["standard_clauses"]], text=["text"], wrap=["clauses"], wide=wide))
    return "\n".join(parts)


def analyse_command(store: ox.Store, *, fmt: str = "table", threshold: float = 0.8, wide: bool = False,
                    arrangement: str | None = None, all_years: bool = False) -> str:
    """``ra-graph analyse`` output in ``fmt`` (table or json), from the arrangements in force by default."""
    if not 0.0 < threshold <= 1.0:
        raise RaGraphError(f"--threshold: must be in (0, 1], got {threshold}")
    chosen = scope(store, arrangement=arrangement, all_years=all_years)
    notice(f"analyse: {chosen.said()}")
    with fewer_collections():  # every row and record read stays alive: collecting often only walks them
        result = {**analyse(load(answering(store, chosen)).only(chosen.iris), threshold),
                  "scope": chosen.as_json()}
    if fmt == "json":
        return to_json(result)
    used = "\n".join(textwrap.wrap(f"Answered {chosen.said()}.", terminal_width())) + "\n\n"
    return used + format_table(result, wide=wide)
