"""Which clause of a province's previous arrangement is this clause a revision of?

Arrangements are renewed every year and their numbering is not stable: a
dropped clause renumbers the rest of its list, an inserted section
renumbers the sections after it.  So clauses are aligned by what they say,
not by their number: every clause's words are weighted by TF-IDF over the
two versions (a word every clause uses says little, a rare one much), and
two clauses score the cosine of their word vectors (1.0: the same words).

The assignment is one-to-one and greedy, best score first (clauses with
the same words first of all, score 1.0): a pair in
sections of the same theme (same ``ra:theme``, or the same title where a
section has none) gets a small bonus, so that a standard sentence repeated
in several sections stays in its own theme; equal scores prefer the same
clause number, then the nearest position.  Pairs below ``THRESHOLD`` are
never matched: such a clause counts as dropped (old) or added (new).

Only consecutive versions of one province are compared, and only the
clauses whose words changed are scored, and only pairs of them that share
a word (an inverted index), so aligning a national register of 12
provinces x 10 years costs a fraction of a second.
``ra-graph build`` records the result as ``prov:wasRevisionOf`` with
``ra:revisionScore``; ``ra-graph diff`` runs the same function on the
clauses read back from the graph, so the two always agree.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ra_graph.core import iris
if TYPE_CHECKING:  # a name for the annotations: `history` and `diff` need not import the model
    from ra_graph.core.model import Arrangement

if TYPE_CHECKING:
    from ra_graph.graph.cache import Cache

#: Below this cosine two clauses are different clauses (one dropped, one added).
THRESHOLD = 0.5
#: Added to the score of a pair whose sections share a theme.
THEME_BONUS = 0.05
#: Scores are reported (and stored) to this many decimals.
DECIMALS = 3

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Item:
    """One clause as the alignment sees it."""

    id: str  # "drenthe-2025/3.3/9"
    number: str  # the clause number within its section ("9", "eerder-1")
    theme: str  # the section's themes (sorted IRIs), or its title where it has none
    text: str


@dataclass(frozen=True)
class Match:
    """A clause and its predecessor (or None), with the cosine of their texts."""

    old: int | None  # index into the old items
    new: int | None  # index into the new items
    score: float | None


def words(text: str) -> list[str]:
    """Lower-case words without accents: what the similarity compares."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return _WORD.findall(plain)


def _weights(tokens: Sequence[list[str]], wanted: Sequence[int]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors of ``tokens[k]`` for k in ``wanted`` (sublinear term
    frequency; smoothed IDF over all of ``tokens``)."""
    df = Counter(w for t in tokens for w in set(t))
    vectors = []
    for k in wanted:
        v = {w: (1 + math.log(tf)) * (math.log((1 + len(tokens)) / (1 + df[w])) + 1)
             for w, tf in Counter(tokens[k]).items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return vectors


def _cosines(old_v: Sequence[dict[str, float]], new_v: Sequence[dict[str, float]]) -> dict[tuple[int, int], float]:
    """Cosine of every (old, new) pair of unit vectors that share a word (an inverted index)."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, v in enumerate(old_v):
        for w, x in v.items():
            postings[w].append((i, x))
    scores: dict[tuple[int, int], float] = defaultdict(float)
    for j, v in enumerate(new_v):
        for w, y in v.items():
            for i, x in postings.get(w, ()):
                scores[i, j] += x * y
    return {pair: min(1.0, s) for pair, s in scores.items()}


def align(old: Sequence[Item], new: Sequence[Item], *, threshold: float = THRESHOLD) -> list[Match]:
    """One-to-one alignment of two versions' clauses (see the module docstring).

    Clauses with the same words pair first (score 1.0; most of a renewal);
    the rest are scored and paired best first.  Returns every clause once:
    matched pairs in the new version's order, then unmatched old clauses
    (``new`` None: dropped), then unmatched new ones (``old`` None: added).
    """
    tokens = [words(i.text) for i in old] + [words(i.text) for i in new]
    old_t, new_t = tokens[: len(old)], tokens[len(old):]
    span_old, span_new = max(len(old) - 1, 1), max(len(new) - 1, 1)

    def rank(i: int, j: int, score: float) -> tuple:
        same_theme = old[i].theme == new[j].theme
        return (-(round(score, 9) + (THEME_BONUS if same_theme else 0.0)),
                old[i].number != new[j].number, abs(i / span_old - j / span_new), i, j)

    pairs: dict[int, tuple[int, float]] = {}  # old index -> (new index, score)
    taken: set[int] = set()

    def assign(candidates: list[tuple[int, int, float]]) -> None:
        for i, j, score in sorted(candidates, key=lambda c: rank(*c)):
            if i not in pairs and j not in taken:
                pairs[i] = (j, score)
                taken.add(j)

    same_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, t in enumerate(old_t):
        same_words[tuple(t)].append(i)
    assign([(i, j, 1.0) for j, t in enumerate(new_t) for i in same_words.get(tuple(t), ())])
    rest_old = [i for i in range(len(old)) if i not in pairs]
    rest_new = [j for j in range(len(new)) if j not in taken]
    if rest_old and rest_new:
        vectors = _weights(tokens, rest_old + [len(old) + j for j in rest_new])
        scores = _cosines(vectors[: len(rest_old)], vectors[len(rest_old):])
        assign([(rest_old[a], rest_new[b], s) for (a, b), s in scores.items() if s >= threshold])
    matches = [Match(i, j, round(score, DECIMALS)) for i, (j, score) in sorted(pairs.items(), key=lambda p: p[1])]
    matches += [Match(i, None, None) for i in range(len(old)) if i not in pairs]
    matches += [Match(None, j, None) for j in range(len(new)) if j not in taken]
    return matches


def theme_key(themes: Sequence[str], title: str) -> str:
    """What makes two sections 'the same theme': their themes, else their title."""
    return " ".join(sorted(themes)) if themes else " ".join(words(title))


def items(arrangement: Arrangement) -> list[Item]:
    """The alignment's view of an extracted (and curated) arrangement."""
    sections = {s.number: theme_key(s.themes, s.title) for s in arrangement.sections}
    return [Item(c.id, c.number, sections.get(c.section, ""), c.text) for c in arrangement.clauses]


def link(arrangements: Sequence[Arrangement], *, cache: Cache | None = None) -> list[Arrangement]:
    """Set each clause's predecessor in its province's previous version.

    ``ra-graph build`` calls this once, after extraction and curation; the
    clauses get ``revision_of`` (the predecessor's IRI) and
    ``revision_score``, which compile into ``prov:wasRevisionOf`` and
    ``ra:revisionScore``.  With a ``cache`` (the build's) the alignment of
    two versions whose clauses are unchanged is read, not computed again
    (``_aligned``): after one new text, one pair is aligned.
    """
    by_province: dict[str, list[Arrangement]] = defaultdict(list)
    for arrangement in arrangements:
        by_province[arrangement.key].append(arrangement)
    names = []
    for versions in by_province.values():
        versions.sort(key=lambda a: a.year)
        for previous, current in zip(versions, versions[1:]):
            before = previous.clauses
            names.append(current.slug)
            for m in _aligned(cache, current.slug, items(previous), items(current)):
                if m.old is not None and m.new is not None:
                    clause = current.clauses[m.new]
                    was = before[m.old]
                    clause.revision_of = iris.clause(previous.slug, was.section, was.number)
                    clause.revision_score = m.score
    if cache is not None:
        cache.keep_only("align", set(names))
    return list(arrangements)


def _aligned(cache: Cache | None, name: str, old: list[Item], new: list[Item]) -> list[Match]:
    """``align(old, new)``, from the cache when it holds the alignment of exactly these
    items (its key: the items, the threshold and the code of this package)."""
    if cache is None:
        return align(old, new)
    import json

    from ra_graph.graph import cache as cache_mod

    key = cache_mod.digest(cache_mod.code_digest("graph"), repr(THRESHOLD),
                           json.dumps([[list(vars(i).values()) for i in old], [list(vars(i).values()) for i in new]],
                                      ensure_ascii=False))
    value = cache.get("align", name, key, (name, key))
    if value is not None:
        try:
            return [_match(item, len(old), len(new)) for item in value]
        except ValueError as exc:
            cache.ignore("align", name, f"wrong shape (ValueError: {exc})")
    matches = align(old, new)
    cache.put("align", name, key, [[m.old, m.new, m.score] for m in matches], (name, key))
    return matches


def _match(item: object, old: int, new: int) -> Match:
    """A cached match (ValueError if it is not one of these two versions' clauses)."""
    if not (isinstance(item, list) and len(item) == 3):
        raise ValueError("not a match")
    a, b, score = item
    for index, size in ((a, old), (b, new)):
        if index is not None and not (type(index) is int and 0 <= index < size):
            raise ValueError("not a match")
    if score is not None and not (type(score) in (int, float)):
        raise ValueError("not a match")
    return Match(a, b, score)  # JSON keeps an int an int and a float a float
