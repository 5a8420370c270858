"""Reading rules: who owes what to whom in one clause.

A wrong responsible party is the worst bug this product can have, so every
rule here is small, named, and recorded in the commitment's ``note``:

- ``subject``: the obligor is who the sentence makes act -- its grammatical
  subject: the first group of actor names ("Het Rijk en de provincie
  Groningen", "LVVN, IenW en VRO") that is not governed by a preposition
  and not inside a partner or condition phrase.  Dutch fronting ("Vanuit
  ... zet de provincie Drenthe in op") needs no special case: the fronted
  phrase holds no bare actor name.  A ";" followed by a new subject ("De
  provincie bepaalt ...; het Rijk toetst ...") starts a sentence of its own
  (``main_clauses``).  In a passive sentence ("Drinkwaterbedrijven worden
  ... betrokken") a subject that is no party is never the obligor.
- ``request``: "X vraagt Y om/te ..." makes Y the obligor, X requested_by
  and beneficiary, modality Request ("vraagt het Rijk de provincie ..." is
  read the same way).
- ``joint``: a subject naming both sides gives one commitment per side,
  each naming the other side as beneficiary; a one-sided commitment names
  the other party of the arrangement as beneficiary (not for Statements
  and Principles, which are owed to no one).
- ``partner``: actors in "samen met", "werken met ... samen", "in
  afstemming met" (continued by "en met ..."), ... are partners; so are
  co-subjects that are not a party to this arrangement (another province,
  "gemeenten").  The arrangement's own province is a party, never its own
  partner.
- ``condition``: actors in "voor zover ...", "onder de voorwaarde dat ..."
  are mentions only.
- ``this-province``: "de provincie", "provincies" = the arrangement's
  province, except as the head of a list of named provinces ("samen met de
  provincies Drenthe en Gelderland" names those two only); ``region``:
  "Rijk en regio" = the Rijk and the province; ``pronoun``: "we", "zij",
  "de partijen" repeat the previous subject; ``ministry-anaphor``: the
  province acting towards "het ministerie" acts towards the ministry the
  clause named before (its beneficiary).
- ``continuation``: a sentence without an acting party adds its
  programmes, locations and deadlines to the previous acting sentence.
- ``merge``: sentences of the same parties and modality form one commitment.
- modality: the strongest cue of a sentence wins, except that a
  ``separate`` modality (Acknowledgement) stands beside it as a commitment
  of its own ("erkent ... en spant zich in"); cues in a purpose clause ("om
  ... te") or in an indirect question after a research verb ("verkent of
  ... kan bieden") do not count.
- ``passive-lead-in``: a clause in which no party acts takes the parties of
  the lead-in or heading it stands under ("Rijk en provincie Groningen
  spreken af:"), basis FromRule, modality of the lead-in's verb;
  ``principle``: a principle takes the party and verb of its lead-in ("de
  provincie ... onderschrijft" -> Acknowledgement).
- ``no-party``: a passive clause with no party in it or above it gets a
  commitment WITHOUT obligor -- never an invented one; validation flags it.
- ``carried-by``: when the obligor is het Rijk, the ministry that carries
  it: named in the text ("de minister van VRO die het proces coördineert",
  FromText) or else the section's lead ministry (its basis).

Cue words are data (``data/rules/modality.yaml``, ``parties.yaml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ra_graph.core.errors import RaGraphError
from ra_graph.core.model import Clause, Commitment
from ra_graph.core.namespaces import RIJK
from ra_graph.extract import dates
from ra_graph.extract.gazetteer import (
    PLACEHOLDERS,
    PRONOUN,
    PROVINCE,
    REGION,
    Gazetteer,
    Mention,
    party_rules,
)
from ra_graph.extract.rules import compile_pattern, load_rules, rules_file

# A party acting without any cue word in an agreement still takes
# something on; Effort is the weakest binding reading of that.
DEFAULT_MODALITY = "Effort"
_PURPOSE = re.compile(r"\bom\b(?![^.]{0,3}\bte\b[^.]*\bvraag)[^.]*?\bte\s+\w+(?:\s+en\s+te\s+\w+)?", re.IGNORECASE)
_ABBREVIATIONS = ("o.a.", "t.a.v.", "m.b.t.", "i.v.m.", "bijv.", "e.d.", "etc.", "nr.", "ca.", "m.n.", "o.b.v.")
# The plural "provincies" before a list of province names: a head noun, not a party.
LIST_HEAD = "@list-head"
_CLAUSE_END = re.compile(r"[,;.]")
_CONNECTOR = re.compile(r"^[\s,(/]*(?:(?:en|&|of)\b[\s(]*)?$", re.IGNORECASE)


@dataclass
class Context:
    """What a clause is read against: its arrangement and place in it."""

    gaz: Gazetteer
    province: str
    year: int | None = None
    lead_ministry: str | None = None
    lead_ministry_basis: str | None = None


@dataclass
class Reading:
    """What one sentence says: who acts, how, and what it touches."""

    text: str
    actors: list[str] = field(default_factory=list)  # the acting group (resolved)
    requested_by: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    carried_by_text: list[str] = field(default_factory=list)
    modality: str | None = None
    # every modality the sentence gives its party: the strongest cue's and a
    # ``separate`` one beside it ("erkennen ..., en trekken samen op")
    modalities: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    phrases: list[dates.TimePhrase] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    pronoun: bool = False
    passive: bool = False  # "worden ... betrokken": the subject undergoes the act
    anaphor: bool = False  # names "het ministerie" without saying which
    beneficiaries: list[str] = field(default_factory=list)  # when a rule names the other side


# -- rules as data -------------------------------------------------------------------
def _modality_rules() -> dict:
    """data/rules/modality.yaml: ``order``, ``cues``, the ``request`` verbs, the
    ``separate`` modalities and the indirect-question words."""
    return load_rules("modality", required={"order": "words", "cues": "mapping"},
                      optional={"request": "mapping", "separate": "words", "question_after": "words",
                                "question_words": "words", "option_modals": "words", "option_as": "text"})


def _modality_cues() -> list[tuple[str, list[re.Pattern[str]]]]:
    """(modality, its compiled cues), strongest modality first."""
    return _compiled_cues(rules_file("modality"))


@lru_cache(maxsize=4)
def _compiled_cues(path: Path) -> list[tuple[str, list[re.Pattern[str]]]]:
    rules = _modality_rules()
    cues = rules["cues"]
    for modality, patterns in cues.items():
        if not isinstance(patterns, list):
            raise RaGraphError(f"cues: '{modality}' must be a list of patterns", file=path)
    return [(modality, [compile_pattern("modality", p) for p in cues.get(modality) or []])
            for modality in rules["order"]]


def modality_of(sentence: str) -> str | None:
    """The strongest modality cue in a sentence (None when it has none)."""
    return next(iter(modalities_of(sentence)), None)


def modalities_of(sentence: str) -> list[str]:
    """The strongest modality of a sentence (first) and after it every
    ``separate`` modality (modality.yaml) the sentence also has a cue for.
    A cue in the scope of a modal of possibility ("kan ... worden
    geïntensiveerd") is an option: it counts as ``option_as`` (Statement)
    when no cue outside such a scope gives the sentence a modality.

    A cue preceded by "het " or followed by " van" is a nominalised verb
    ("het realiseren van", "behoud en realiseren van ruimte"): a topic, not
    an action, so it does not count; neither does a cue in a purpose clause
    ("... om de keuzes te bekijken": why, not what is promised) nor in an
    indirect question after a research or dialogue verb ("verkent of ... een
    kader kan bieden": what is looked into).
    """
    sentence = _PURPOSE.sub(lambda m: " " * len(m.group(0)), sentence)
    rules = _modality_rules()
    cues = dict(_modality_cues())
    question = _word_pattern(tuple(rules.get("question_words", [])))
    # the first question word after the first research or dialogue cue (one search, not one per cue)
    ends = [end for m in rules.get("question_after", []) for _start, end in _cue_spans(sentence, cues.get(m, []))]
    first_question = question.search(sentence, min(ends)) if ends else None
    ask = first_question.start() if first_question else len(sentence) + 1  # cues from here on: indirect question
    options = [(m.end(), _clause_end(sentence, m.end()))
               for m in _word_pattern(tuple(rules.get("option_modals", []))).finditer(sentence)]
    found, optional = [], False
    for modality, patterns in _modality_cues():
        if found and modality not in rules.get("separate", []):
            continue
        starts = [start for start, _end in _cue_spans(sentence, patterns) if start < ask]
        if any(not any(lo <= start < hi for lo, hi in options) for start in starts):
            found.append(modality)
        elif starts:  # every cue of this modality is an option ("kan ... worden geïntensiveerd")
            optional = True
    if not found and optional and rules.get("option_as"):
        found.append(rules["option_as"])
    return found


def _clause_end(sentence: str, start: int) -> int:
    """Where the clause part that runs from ``start`` ends: the next comma, semicolon or full stop."""
    end = _CLAUSE_END.search(sentence, start)
    return end.start() if end else len(sentence)


_VAN = re.compile(r"\s+van\b")
_WORD = re.compile(r"\w+")


def _cue_spans(sentence: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    """(start, end) of every cue of these patterns that is a verb, not a nominalised one."""
    spans = []
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            end = match.start()  # the words just before, not the whole sentence again (a purpose
            while end and sentence[end - 1].isspace():  # clause blanked out may stand between)
                end -= 1
            lo = max(0, end - LOOK_BACK)
            before = (" " if lo == 0 else "") + sentence[lo:end].lower()
            nominal_van = " " not in match.group(0).strip() and _VAN.match(sentence, match.end())
            if not (before.endswith(" het") or nominal_van):
                spans.append((match.start(), match.end()))
    return spans


@lru_cache(maxsize=16)
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of these words or phrases, as whole words (never matches when there are none)."""
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) + r")\b",
                      re.IGNORECASE)


def _words(key: str) -> list[str]:
    return [w.lower() for w in party_rules().get(key, [])]


def _group_qualifier() -> re.Pattern[str]:
    """parties.yaml ``group_qualifier``: a word that qualifies an actor group (never matches when absent)."""
    return compile_pattern("parties", party_rules().get("group_qualifier", r"(?!x)x"), 0)


# -- sentences -----------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    """Split clause text into sentences (bullets and abbreviations respected)."""
    protected = text
    for i, abbr in enumerate(_ABBREVIATIONS):
        protected = re.sub(re.escape(abbr), f"\x00{i}\x00", protected, flags=re.IGNORECASE)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(‘'“\"•À-Ý])|\s*•\s*", protected)
    out = []
    for part in parts:
        for i, abbr in enumerate(_ABBREVIATIONS):
            part = part.replace(f"\x00{i}\x00", abbr)
        part = " ".join(part.split())
        if part:
            out.append(part)
    return out


def main_clauses(sentence: str, gaz: Gazetteer) -> list[str]:
    """A sentence cut at every ";" after which a new subject starts ("De
    provincie bepaalt ...; het Rijk toetst ..."): each part has its own party."""
    parts, start = [], 0
    for match in re.finditer(r";\s*(?:en\s+)?", sentence):
        found = gaz.find(sentence[match.end():], "actor")
        if found and found[0].start == 0:
            parts.append(sentence[start:match.start() + 1].strip())
            start = match.end()
    parts.append(sentence[start:].strip())
    return [p for p in parts if p]


# -- actor groups ---------------------------------------------------------------------
#: Characters looked back from a name for the word before it: a word is never longer, and a
#: look at the whole sentence per name would make a long sentence quadratic.
LOOK_BACK = 256


def _prev_word(text: str, start: int) -> str:
    words = text[max(0, start - LOOK_BACK):start].split()
    return words[-1].strip("(),;:‘’'\"").lower() if words else ""


def _groups(text: str, mentions: list[Mention], *, first_only: bool = False) -> list[list[Mention]]:
    """Coordinated runs of actor names: "Rijk en de provincie (en Fryslân)";
    ``first_only``: just the first run (not every run of a long sentence)."""
    groups: list[list[Mention]] = []
    for m in mentions:
        gap = text[groups[-1][-1].end:m.start] if groups else ""
        # a bare space joins only "Provincies Groningen, ..." (the plural names a list)
        if groups and _CONNECTOR.match(gap) and (gap.strip() or groups[-1][-1].iri in (PROVINCE, LIST_HEAD)):
            groups[-1].append(m)
        else:
            if first_only and groups:
                break
            groups.append([m])
    return groups


def _span_after(text: str, start: int, mentions: list[Mention], limit: int = 40, *,
                ordered: bool = False) -> list[Mention]:
    """The actor group that follows position ``start`` closely (a cue's object).
    ``ordered``: ``mentions`` are sorted by start (found by bisection, not a scan)."""
    if ordered:
        import bisect

        index = bisect.bisect_left(mentions, start, key=lambda m: m.start)
        following = (mentions[k] for k in range(index, len(mentions)))  # no copy of the rest
        first = mentions[index] if index < len(mentions) else None
    else:
        following = [m for m in mentions if m.start >= start]
        first = following[0] if following else None
    if first is None or first.start - start > limit:
        return []
    gap = text[start:first.start]
    if re.search(r"[.;:]", gap):
        return []
    return _groups(text, following, first_only=True)[0]  # the group ``first`` starts


def _right_after(text: str, end: int, starts: dict[int, list[Mention]]) -> list[Mention]:
    """The mentions that start after ``end`` with only white space between (none if text comes first)."""
    position = end + 1
    while position <= len(text) and not text[end:position].strip():
        found = starts.get(position)
        if found:
            return found
        position += 1
    return []


def _cue_verb_ends(text: str, excepted: list[str]) -> set[int]:
    """Where the verb that starts a modality cue ends (its first word), but for the ``excepted`` verbs."""
    ends = set()
    for _modality, patterns in _modality_cues():
        for cue_start, _end in _cue_spans(text, patterns):
            verb = _WORD.match(text, cue_start)
            if verb and verb.group(0).lower() not in excepted:
                ends.add(verb.end())  # matched in place: an offset in ``text``
    return ends


_AND_WITH = re.compile(r"\s*,?\s*en\s+met\b", re.IGNORECASE)


def _partner_spans(text: str, mentions: list[Mention]) -> set[int]:
    ids: set[int] = set()
    # mentions in order of position (as the gazetteer finds them): bisection instead of a scan per cue
    ordered = all(a.start <= b.start for a, b in zip(mentions, mentions[1:]))
    spans = _Spans(mentions) if ordered else None
    for cue in party_rules().get("partner_cues", []):
        opener = r"\b" + r"\s+".join(re.escape(w) for w in cue["open"].split()) + r"\b"
        if cue.get("after") == "cue":
            openers = list(re.finditer(opener, text, re.IGNORECASE))
            verbs = _cue_verb_ends(text, [w.lower() for w in cue.get("except", [])]) if openers else set()
            for m in openers:
                before = m.start()
                while before and text[before - 1].isspace():  # as text[:start].rstrip(), without the copy
                    before -= 1
                if before in verbs:  # right after the verb, across spaces
                    ids |= {id(a) for a in _span_after(text, m.end(), mentions, ordered=ordered)}
        elif cue.get("after"):
            # "bespreken de uitkomsten ... met de waterschappen": after a cue of the named modality,
            # anywhere in the same part of the sentence, "met" names who takes part
            patterns = dict(_modality_cues()).get(cue["after"], [])
            starts = sorted(start for start, _ in _cue_spans(text, patterns))
            stops = [s.start() for s in re.finditer(r"[.;:]", text)] if starts else []
            for m in re.finditer(opener, text, re.IGNORECASE) if starts else ():
                # the nearest cue before the opener, with no sentence part ending in between
                k = bisect_left(starts, m.start())
                if k and bisect_left(stops, starts[k - 1]) == bisect_left(stops, m.start()):
                    ids |= {id(a) for a in _span_after(text, m.end(), mentions, ordered=ordered)}
        elif cue.get("until"):
            closer = r"\b" + re.escape(cue["until"]) + r"\b"
            for m in re.finditer(opener + r"(.{0,200}?)" + closer, text, re.IGNORECASE):
                inside = [a for a in (spans.overlapping(m.start(1), m.end(1)) if spans else mentions)
                          if m.start(1) <= a.start and a.end <= m.end(1)]
                # "werken met X, Y en Z samen": the list must start right after "met"
                if inside and inside[0].start - m.start(1) <= 25:
                    ids |= {id(a) for a in inside}
        else:
            for m in re.finditer(opener, text, re.IGNORECASE):
                span = _span_after(text, m.end(), mentions, ordered=ordered)
                while span:  # "in afstemming met de ministeries van IenW en EZ en met de gemeenten"
                    ids |= {id(a) for a in span}
                    more = _AND_WITH.match(text, span[-1].end)
                    span = _span_after(text, more.end(), mentions, ordered=ordered) if more else []
    return ids


def _condition_spans(text: str, mentions: list[Mention]) -> set[int]:
    ids: set[int] = set()
    for cue in party_rules().get("condition_cues", []):
        for m in re.finditer(r"\b" + re.escape(cue) + r"\b", text, re.IGNORECASE):
            end = text.find(",", m.end())
            end = len(text) if end < 0 else end
            ids |= {id(a) for a in mentions if m.start() <= a.start < end}
    return ids


_COORDINATES = re.compile(r"\s+die\b[^.]{0,100}\b(coördineert|coordineert|trekt|leidt|regisseert)\b")
_LED_BY = re.compile(r"(onder\s+(regie|leiding)\s+van|getrokken\s+door)\s*$", re.IGNORECASE)


def _carried_by_text(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Ministries the text says carry the work ("IenW, die ... coördineert", "onder regie van
    LVVN"); looks at the words next to each name only, never the whole sentence."""
    found = []
    for m in mentions:
        if not gaz.is_ministry(m.iri):
            continue
        if _COORDINATES.match(text, m.end) or _LED_BY.search(text, max(0, m.start - LOOK_BACK), m.start):
            found.append(m)
    return found


def _resolve(iris: list[str], ctx: Context) -> list[str]:
    """Placeholders to IRIs; "regio" only counts next to a Rijk-side actor."""
    has_rijk = any(ctx.gaz.is_rijk_side(i) for i in iris)
    out: list[str] = []
    for iri in iris:
        if iri == LIST_HEAD:
            continue
        if iri == PROVINCE:
            iri = ctx.province
        elif iri == REGION:
            if not has_rijk:  # "in de regio", "regio's": a place, not a party
                continue
            iri = ctx.province
        if iri not in out:
            out.append(iri)
    return out


class _Spans:
    """Mentions sorted by start, to find those overlapping a range without a scan of
    them all (a long sentence names thousands)."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.longest = max((m.end - m.start for m in self.mentions), default=0)

    def overlapping(self, lo: int, hi: int) -> list[Mention]:
        import bisect

        found = []
        for i in range(bisect.bisect_left(self.starts, lo - self.longest), len(self.mentions)):
            m = self.mentions[i]
            if m.start >= hi:
                break
            if lo < m.end:
                found.append(m)
        return found


_ARTICLE = re.compile(r"(?:het|de)\s+", re.IGNORECASE)  # as the gazetteer's actor pattern allows
_WORD_BEFORE = re.compile(r"(\S+) $")
_WORD_AFTER = re.compile(r" ([A-ZÀ-Ý][\w-]*)")


def _in_longer_name(text: str, a: Mention, actors: list[Mention] | _Spans, gaz: Gazetteer) -> bool:
    """"Oost Drenthe", "Regio Zwolle", "Defensie Agenda": a capitalised word
    glued to the name (not the sentence's first word, not another actor name)
    makes it part of a longer proper name, not an actor -- except a
    geographic adjective before an actor group ("de Utrechtse gemeenten",
    rule ``group_qualifier`` in parties.yaml), which only says which ones.
    Looks at the words next to the name only (``LOOK_BACK``), never the whole sentence."""
    spans = actors if isinstance(actors, _Spans) else _Spans(actors)
    window = max(0, a.start - LOOK_BACK)
    before = _WORD_BEFORE.search(text, window, a.start)
    after = _WORD_AFTER.match(text, a.end)
    other = lambda lo, hi: any(m is not a for m in spans.overlapping(lo, hi))  # noqa: E731
    if before and before.group(1)[:1].isupper() and before.start(1) > 0 and \
            not other(before.start(1), before.end(1)) and before.group(1).isalpha() and \
            not (gaz.types.get(a.iri) == "ActorGroup" and _group_qualifier().fullmatch(before.group(1))):
        return True
    if after and not other(a.end + 1, a.end + 1 + len(after.group(1))):
        return True
    return False


def _locations_vs_actors(text: str, actors: list[Mention], places: list[Mention],
                         gaz: Gazetteer) -> tuple[list[Mention], list[Mention]]:
    """A name that is both ("Groningen") is a place after "in", else an actor;
    a longer place name wins over an actor name inside it; a town's bare name
    ("Emmen") is the place, its municipality is named as "gemeente Emmen"."""
    locative = set(_words("locative"))
    keep_actors, drop_places = [], set()
    actor_spans, place_spans = _Spans(actors), _Spans(places)
    for a in actors:
        clash = place_spans.overlapping(a.start, a.end)
        # the actor's span takes in its article ("de regio"), a place name ("regio Zwolle") never does
        article = _ARTICLE.match(text, a.start, a.end)
        name = article.end() if article else a.start
        if any(p.start <= name and a.end <= p.end and p.end - p.start > a.end - name for p in clash):
            continue
        if clash and _prev_word(text, a.start) in locative:
            continue
        if clash and gaz.types.get(a.iri) == "Municipality" and "gemeente" not in a.surface.casefold():
            continue
        if a.iri not in PLACEHOLDERS and _in_longer_name(text, a, actor_spans, gaz):
            continue
        if clash:
            drop_places |= {id(p) for p in clash}
        keep_actors.append(a)
    return keep_actors, [p for p in places if id(p) not in drop_places]


@lru_cache(maxsize=1)
def _office_pattern() -> re.Pattern[str]:
    """"de minister van Asiel en Migratie", "het ministerie van X": an office or ministry by name
    (capitalised words joined by commas and "en"), whatever the vocabulary knows."""
    offices = [*party_rules().get("offices", ["minister van"]), "ministerie van"]
    words = "|".join(r"\s+".join(map(re.escape, o.split())) for o in sorted(offices, key=len, reverse=True))
    name = r"[A-ZÀ-Þ][\w-]*(?:(?:\s*,\s*|\s+en\s+|\s+)[A-ZÀ-Þ][\w-]*)*"
    return re.compile(rf"\b(?:(?i:de|het)\s+)?(?i:{words})\s+{name}")


def _unknown_offices(text: str, actors: list[Mention]) -> list[Mention]:
    """Rule "unknown-office": an office or ministry the vocabulary does not know ("de minister
    van Asiel en Migratie") is on the Rijk side, so it stands as the Rijk -- never a place name
    after it ("… ondersteunt Zeeland") as the subject.  Known offices are vocabulary mentions
    already; one search per sentence."""
    found = []
    for m in _office_pattern().finditer(text):
        if not any(a.start < m.end() and m.start() < a.end and a.iri not in PLACEHOLDERS
                   and a.end - a.start >= (m.end() - m.start()) // 2 for a in actors):
            found.append(Mention(m.start(), m.end(), RIJK, "actor", m.group(0)))
    if not found:
        return actors
    kept = [a for a in actors if not any(o.start < a.end and a.start < o.end for o in found)]
    return sorted(kept + found, key=lambda a: a.start)


def read_sentence(text: str, ctx: Context, *, mask_programmes: bool = True) -> Reading:
    """Apply the sentence-level rules (subject, request, partner, condition)."""
    gaz = ctx.gaz
    reading = Reading(text)
    actors = _unknown_offices(text, gaz.find(text, "actor"))
    places = gaz.find(text, "location")
    programmes = gaz.find(text, "programme")
    actors, places = _locations_vs_actors(text, actors, places, gaz)
    # "de provincies Drenthe en Gelderland": the plural heads a list of named provinces, it is not
    # this arrangement's province ("this-province") -- the names that follow are the actors
    starts = {}
    for b in actors:
        starts.setdefault(b.start, []).append(b)
    actors = [Mention(a.start, a.end, LIST_HEAD, a.kind, a.surface) if a.iri == PROVINCE and any(
        gaz.types.get(b.iri) == "Province" for b in _right_after(text, a.end, starts)) else a for a in actors]
    # a name inside a programme name ("Ruimte voor Defensie", "Mooi Groningen") is part of that name
    names = _Spans(programmes)
    actors = [a for a in actors if not any(p.start <= a.start and a.end <= p.end
                                           for p in names.overlapping(a.start, a.end))]
    places = [m for m in places if not any(p.start <= m.start and m.end <= p.end
                                           for p in names.overlapping(m.start, m.end))]
    reading.programmes = _unique(m.iri for m in programmes)
    reading.locations = _unique(m.iri for m in places)
    reading.phrases = dates.find_phrases(text, year=ctx.year,
                                         mask=[(m.start, m.end) for m in programmes] if mask_programmes else None)

    partners = _partner_spans(text, actors)
    conditions = _condition_spans(text, actors)
    carried = _carried_by_text(text, actors, gaz)
    reading.carried_by_text = _unique(m.iri for m in carried)
    excluded = partners | conditions | {id(m) for m in carried}
    free = [m for m in actors if id(m) not in excluded]
    prepositions = set(_words("prepositions"))

    # request: "X vraagt Y om ..." / "vraagt X (aan) Y ... te ..."
    verbs = _modality_rules().get("request", {}).get("verbs", [])
    request = re.search(r"\b(" + "|".join(map(re.escape, verbs)) + r")\b", text, re.IGNORECASE) if verbs else None
    acting: list[Mention] = []
    asked: list[Mention] = []
    if request:
        first = _span_after(text, request.end(), free)
        second = _span_after(text, first[-1].end, free, limit=6) if first else []
        if first and second and re.fullmatch(r"\s+(aan\s+)?", text[first[-1].end:second[0].start], re.IGNORECASE):
            acting, asked = first, second
        elif first:
            asked = first
            before = [g for g in _groups(text, [m for m in free if m.end <= request.start()])
                      if _prev_word(text, g[0].start) not in prepositions]
            acting = before[0] if before else []
        if asked and not re.search(r"\b(om|te)\b", text[asked[-1].end:], re.IGNORECASE):
            asked, acting = [], []
    if asked:
        reading.rules.append("request")
        reading.modality = "Request"
        reading.requested_by = _resolve([m.iri for m in acting], ctx)
        reading.actors = _resolve([m.iri for m in asked], ctx)
        used = {id(m) for m in acting + asked}
    else:
        subject: list[Mention] = []
        for group in _groups(text, free):
            if _prev_word(text, group[0].start) not in prepositions:
                subject = group
                break
        if subject:
            reading.rules.append("subject")
            if any(m.iri == PRONOUN for m in subject):
                reading.pronoun = True
                reading.rules.append("pronoun")
            reading.actors = _resolve([m.iri for m in subject if m.iri != PRONOUN], ctx)
        reading.modalities = modalities_of(text)
        reading.modality = next(iter(reading.modalities), None)
        anaphors = _word_pattern(tuple(_words("ministry_anaphors")))
        reading.anaphor = any(not _VAN.match(text, m.end()) for m in anaphors.finditer(text))
        reading.passive = bool(_word_pattern(tuple(_words("passive_auxiliaries"))).search(text))
        used = {id(m) for m in subject}
    reading.partners = _resolve([m.iri for m in actors if id(m) in partners], ctx)
    if reading.partners:
        reading.rules.append("partner")
    reading.mentions = [i for i in _resolve([m.iri for m in actors if id(m) not in used and id(m) not in partners
                                             and m.iri != PRONOUN], ctx)]
    if conditions:
        reading.rules.append("condition")
    return reading


def _unique(items) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


# -- commitments ----------------------------------------------------------------------
@dataclass
class _Unit:
    obligors: list[str]
    modality: str | None
    beneficiaries: list[str] = field(default_factory=list)
    requested_by: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    phrases: list[dates.TimePhrase] = field(default_factory=list)
    carried_by_text: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    basis: str = "FromText"
    separate: bool = False  # a ``separate`` modality beside the sentence's strongest (listed last)

    def absorb(self, reading: Reading) -> None:
        for name in ("partners", "mentions", "programmes", "locations", "carried_by_text", "rules"):
            target = getattr(self, name)
            for item in getattr(reading, name):
                if item not in target:
                    target.append(item)
        self.phrases.extend(reading.phrases)


def _sides(actors: list[str], ctx: Context) -> tuple[list[str], list[str], list[str]]:
    rijk = [a for a in actors if ctx.gaz.is_rijk_side(a)]
    province = [a for a in actors if a == ctx.province]
    others = [a for a in actors if a not in rijk and a not in province]
    return rijk, province, others


def _units_for(reading: Reading, ctx: Context) -> list[_Unit]:
    """The units of a sentence: one set per modality it gives its party."""
    units = _units_with(reading, reading.modality, ctx)
    if reading.modality != "Request":
        for modality in reading.modalities[1:]:
            for unit in _units_with(reading, modality, ctx):
                unit.separate = True
                units.append(unit)
    return units


def _units_with(reading: Reading, modality: str | None, ctx: Context) -> list[_Unit]:
    rijk, province, others = _sides(reading.actors, ctx)
    units: list[_Unit] = []
    if modality == "Request":
        obligors = rijk + province or others
        unit = _Unit(obligors, "Request", beneficiaries=list(reading.requested_by),
                     requested_by=list(reading.requested_by))
        unit.partners = [o for o in others if o not in obligors]
        units.append(unit)
    elif rijk and province:
        units.append(_Unit(rijk, modality, beneficiaries=list(province), partners=list(others)))
        units.append(_Unit(province, modality, beneficiaries=list(rijk), partners=list(others)))
        for unit in units:
            unit.rules.append("joint")
    elif rijk or province:
        obligors = rijk or province
        other_side = reading.beneficiaries or ([ctx.province] if rijk else [RIJK])
        units.append(_Unit(obligors, modality, beneficiaries=other_side, partners=list(others)))
    elif others and modality and not reading.passive:
        # only a non-party that visibly acts (a cue word, active voice) becomes an obligor
        unit = _Unit(others, modality)
        unit.rules.append("non-party-obligor")
        units.append(unit)
    for unit in units:
        unit.absorb(reading)
        unit.mentions = [m for m in unit.mentions if m not in unit.obligors + unit.beneficiaries + unit.requested_by]
        unit.partners = [p for p in unit.partners if p not in unit.obligors and p != ctx.province]
    return units


def _lead_in_reading(clause: Clause, ctx: Context) -> Reading | None:
    """The parties and verb of the lead-in or heading a clause stands under."""
    for text in (clause.lead_in, clause.heading):
        if not text:
            continue
        reading = read_sentence(" ".join(text.split()), ctx)
        if reading.actors:
            return reading
    return None


def read_clause(clause: Clause, ctx: Context) -> list[Commitment]:
    """Draft the commitments of one clause (see the module docstring)."""
    readings = [read_sentence(part, ctx) for s in sentences(clause.text) for part in main_clauses(s, ctx.gaz)]
    units: list[_Unit] = []
    previous: list[_Unit] = []
    previous_actors: list[str] = []
    pending: list[Reading] = []  # sentences before the first acting one
    ministry: str | None = None  # the ministry the clause named last ("het ministerie" refers to it)
    lead = _lead_in_reading(clause, ctx)
    # the lead-in's Rijk side when it is one ministry ("De staatssecretaris van Defensie en de provincie
    # Zeeland maken afspraken over ...:"): the other side of the province's items under it
    lead_rijk = [a for a in lead.actors if ctx.gaz.is_rijk_side(a)] if lead else []
    counterpart = lead_rijk[0] if len(lead_rijk) == 1 and ctx.gaz.is_ministry(lead_rijk[0]) else None
    for reading in readings:
        if reading.pronoun and not reading.actors:
            if previous_actors:
                reading.actors = list(previous_actors)
            else:
                # "Partijen bespreken ...", "Beide partijen ...": nothing before to repeat -- the
                # parties of the lead-in, else the arrangement's own two parties (rule "collective")
                reading.actors = list(lead.actors) if lead else [RIJK, ctx.province]
                reading.rules.append("collective")
        if counterpart and reading.actors == [ctx.province] and not reading.beneficiaries \
                and reading.modality != "Request":
            reading.beneficiaries = [counterpart]
            reading.rules.append("lead-in-counterpart")
        if ministry and reading.anaphor and reading.actors == [ctx.province]:
            # "...; de provincie deelt ... met het ministerie": the ministry is the other side
            reading.beneficiaries = [ministry]
            reading.rules.append("ministry-anaphor")
        ministry = next((a for a in reversed(reading.actors + reading.mentions + reading.partners)
                         if ctx.gaz.is_ministry(a)), ministry)
        if not reading.actors:
            if previous:
                for unit in previous:
                    unit.programmes += [p for p in reading.programmes if p not in unit.programmes]
                    unit.locations += [p for p in reading.locations if p not in unit.locations]
                    unit.mentions += [m for m in reading.mentions + reading.partners
                                      if m not in unit.mentions + unit.obligors + unit.beneficiaries]
                    unit.phrases.extend(reading.phrases)
                    if "continuation" not in unit.rules:
                        unit.rules.append("continuation")
            else:
                pending.append(reading)
            continue
        new_units = _units_for(reading, ctx)
        if reading.modality is None:
            # no cue: the same parties only say more about what they already do
            same = [u for u in units if set(u.obligors) == set(new_units[0].obligors)] if new_units else []
            if same:
                for unit in same:
                    unit.absorb(reading)
                previous = same
                previous_actors = reading.actors
                continue
        merged: list[_Unit] = []
        for new in new_units:
            match = next((u for u in units if set(u.obligors) == set(new.obligors)
                          and u.modality == new.modality and u.requested_by == new.requested_by), None)
            if match:
                for name in ("partners", "mentions", "programmes", "locations", "carried_by_text", "rules"):
                    target = getattr(match, name)
                    target += [i for i in getattr(new, name) if i not in target]
                match.beneficiaries += [b for b in new.beneficiaries if b not in match.beneficiaries]
                match.phrases.extend(new.phrases)
                if "merge" not in match.rules:
                    match.rules.append("merge")
                merged.append(match)
            else:
                units.append(new)
                merged.append(new)
        previous = merged
        previous_actors = reading.actors
    units = [u for u in units if not u.separate] + [u for u in units if u.separate]
    if not units:
        units = _passive(clause, readings, ctx)
    elif pending:
        for unit in units[:2]:
            for reading in pending:
                unit.absorb(reading)
    if clause.kind == "Principle":
        units = _principle(clause, units, readings, ctx)
    return [_commitment(unit, clause, ctx) for unit in units]


def _passive(clause: Clause, readings: list[Reading], ctx: Context) -> list[_Unit]:
    lead = _lead_in_reading(clause, ctx)
    modality = next((r.modality for r in readings if r.modality), None)
    if lead:
        reading = Reading(clause.text, actors=list(lead.actors), modality=modality or lead.modality)
        units = _units_for(reading, ctx)
        for unit in units:
            unit.basis = "FromRule"
            unit.rules = ["passive-lead-in"] + [r for r in unit.rules if r != "subject"]
            for r in readings:
                unit.absorb(r)
            unit.rules = [r for r in unit.rules if r not in ("subject",)]
            unit.mentions = [m for m in unit.mentions if m not in unit.obligors + unit.beneficiaries]
        return units
    unit = _Unit([], modality or DEFAULT_MODALITY)
    for r in readings:
        unit.absorb(r)
    unit.rules = ["no-party"] + [r for r in unit.rules if r != "no-party"]
    return [unit]


def _principle(clause: Clause, units: list[_Unit], readings: list[Reading], ctx: Context) -> list[_Unit]:
    """A principle is adopted by the party of its lead-in, with the lead-in's verb."""
    lead = _lead_in_reading(clause, ctx)
    if not lead:
        return units
    unit = _Unit(list(lead.actors), lead.modality or "Acknowledgement", basis="FromRule")
    for r in readings:
        unit.absorb(r)
    unit.rules = ["principle"]
    unit.mentions = [m for m in unit.mentions if m not in unit.obligors]
    return [unit]


def _commitment(unit: _Unit, clause: Clause, ctx: Context) -> Commitment:
    phrases = [p for p in unit.phrases
               if not (ctx.year and p.due_by and p.due_by < f"{ctx.year:04d}-01-01")]  # rule "past-date"
    due_text, due_by = dates.combine(phrases)
    beneficiaries = [] if (unit.modality or DEFAULT_MODALITY) == "Statement" or clause.kind == "Principle" else unit.beneficiaries
    commitment = Commitment(
        obligors=list(unit.obligors),
        beneficiaries=[b for b in beneficiaries if b not in unit.obligors],
        requested_by=list(unit.requested_by),
        partners=[p for p in unit.partners if p not in unit.obligors],
        mentions=[m for m in unit.mentions if m not in unit.obligors + unit.partners + unit.requested_by],
        modality=unit.modality or DEFAULT_MODALITY,
        programmes=list(unit.programmes),
        locations=list(unit.locations),
        due_by=due_by,
        due_text=due_text,
        basis=unit.basis,
    )
    rules = list(unit.rules)
    if unit.modality is None:
        rules.append(f"no-modality-cue:{DEFAULT_MODALITY}")
    if unit.obligors == [RIJK]:
        if unit.carried_by_text:
            commitment.carried_by = list(unit.carried_by_text)
            commitment.carried_by_basis = "FromText"
            rules.append("carried-by:text")
        elif ctx.lead_ministry:
            commitment.carried_by = [ctx.lead_ministry]
            commitment.carried_by_basis = ctx.lead_ministry_basis or "FromRule"
            rules.append("carried-by:section")
    commitment.note = "rules: " + ", ".join(_unique(rules))
    return commitment


__all__ = ["Context", "Reading", "read_clause", "read_sentence", "sentences", "modality_of"]
