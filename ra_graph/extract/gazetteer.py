"""Recognise vocabulary names (actors, programmes, locations, themes,
meetings) in running text.

The names are data: every ``skos:prefLabel``, ``skos:altLabel`` and
``ra:shortName`` in ``data/vocab/*.ttl`` is a way of writing that resource,
so a new province, agency or programme is recognised as soon as its
vocabulary entry exists -- no code change.  Matching is case-insensitive
(except for acronyms such as "EZ" or "DO", which must be written in
capitals so that they do not hit ordinary words), on whole words, longest
name first, with an optional leading article ("het Rijk", "de provincie
Groningen").  Ministries are also found as "(het) ministerie van LVVN" and
"(de) minister van LVVN", and by their name in full ("de minister van
Onderwijs, Cultuur en Wetenschap").  A generic name ("provinciale
omgevingsvisie") is also found in the plural and under an adjective shared
by a list ("de provinciale omgevingsvisies, programma's en
omgevingsverordening"); the endings and kinds are data
(``data/rules/names.yaml``).

Some words name a party only by rule, not by label; they are kept in
``data/rules/parties.yaml`` and returned as placeholder IRIs that
commitments.py resolves with the clause's context:
``@province`` ("de provincie", "provincies": the arrangement's province),
``@region`` ("regio") and ``@pronoun`` ("we", "de partijen").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ra_graph.core import paths
from ra_graph.core.errors import RaGraphError
from ra_graph.core.model import (
    ACTOR_CLASSES,  # when one name denotes several actors, the first class wins
)
from ra_graph.core.namespaces import RAI, RIJK, VOCAB_GRAPH
from ra_graph.core.store import select
from ra_graph.extract.rules import load_rules

PROVINCE = "@province"
REGION = "@region"
PRONOUN = "@pronoun"
PLACEHOLDERS = (PROVINCE, REGION, PRONOUN)
KINDS = ("actor", "programme", "location", "theme", "meeting")


@dataclass(frozen=True)
class Mention:
    """One recognised name: where it stands and what it denotes."""

    start: int
    end: int
    iri: str
    kind: str
    surface: str


# For ``Gazetteer.find``: where a name (or the article before it) can begin --
# where the look-behind of ``Gazetteer.pattern`` holds, at a word (group 1) or
# at a punctuation mark -- and the article the actor pattern allows.
_WORD_START = re.compile(r"(?<![\w-])(?:(\w+)|\S)")
_RUN = re.compile(r"\w+")
_ARTICLE = re.compile(r"(?:het|de)\s+", re.IGNORECASE)
_ARTICLE_WORDS = ("het", "de")
# Characters whose case-insensitive regular-expression match differs from
# comparing ``str.lower()``: the non-ASCII members of the re module's extra
# case equivalences (dotless i and long s, which match "i" and "s", Greek and
# Cyrillic variants) and U+0130, whose lower case is two characters.
try:
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - a Python without the table: the known ones
    _EXTRA_CASES = {ord(c): () for c in "ıſµͅΐΰϐϑϕϖϰϱϵᲀᲁᲂᲃᲄᲅᲆᲇᲈẛﬅﬆ"}
_CASE_SPECIAL = frozenset(chr(c) for key, values in _EXTRA_CASES.items() for c in (key, *values) if c > 127) | {"\u0130"}


def _in_pattern_order(labels) -> list[str]:
    """Longest first, then alphabetically: the order the alternation tries them in."""
    return sorted(labels, key=lambda s: (-len(s), s))


def _first_words(label: str, run: str, endings: tuple[str, ...]) -> list[str]:
    """The text's first word (lower case) where ``label`` can begin: the label's first
    word, or, for a one-word generic name, that word with each plural ending on it."""
    keys = [run.lower()]
    if endings and _is_generic(label) and len(label.split()) == 1:
        for ending in endings:
            first = _RUN.match(label.split()[0] + ending)
            keys += [first.group(0).lower()] if first else []
    return list(dict.fromkeys(keys))


@dataclass
class _NameIndex:
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lower-case first word -> names
    any_word: tuple[str, ...] = ()  # names whose first word holds a character of _CASE_SPECIAL (also in words)
    punctuation: tuple[str, ...] = ()  # names that begin with a character outside \w


def fold(text: str) -> str:
    """Lower-case, accents and typographic quotes removed, one space, no article."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.casefold().replace("\u2019", "'")
    text = " ".join(text.split())
    for article in ("het ", "de ", "the "):
        if text.startswith(article):
            text = text[len(article):]
    return text


def _is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(label) <= 6 and len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


def _quotes(pattern: str) -> str:
    """Either apostrophe where the label (or ending) has one."""
    return pattern.replace("'", "['\u2019]").replace("\u2019", "['\u2019]")


def _label_pattern(label: str, endings: tuple[str, ...] = ()) -> str:
    parts = [re.escape(p) for p in label.split()]
    body = _quotes(r"\s+".join(parts))
    if _is_acronym(label):
        return f"(?-i:{body})"
    if endings and _is_generic(label):
        return body + "(?:" + "|".join(_quotes(re.escape(e)) for e in endings) + ")?"
    return body


def _is_generic(label: str) -> bool:
    """A generic name ("provinciale omgevingsvisie"): its last word in lower case, no acronym."""
    return not _is_acronym(label) and label.split()[-1][:1].islower()


def name_rules() -> dict:
    """data/rules/names.yaml: plural endings and the kinds they and shared adjectives apply to."""
    return load_rules("names", optional={"plural_endings": "words", "plural_kinds": "words",
                                         "shared_adjective_kinds": "words"})


# One word of a coordinated list ("omgevingsvisies", "programma's").
_LIST_WORD = r"[^\W\d_][\w'\u2019-]*"


@dataclass
class Gazetteer:
    """Names -> IRIs per kind, plus the facts the reading rules need."""

    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # kind -> folded name -> IRIs
    raw: dict[str, set[str]] = field(default_factory=dict)  # kind -> labels as written
    types: dict[str, str] = field(default_factory=dict)  # actor IRI -> class local name
    rijk_side: set[str] = field(default_factory=set)
    lead_ministry: dict[str, str] = field(default_factory=dict)  # theme -> ministry
    meeting_dates: dict[str, str] = field(default_factory=dict)  # meeting -> ISO date
    labels_of: dict[str, list[str]] = field(default_factory=dict)  # IRI -> its labels
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # kind -> (folded generic names, the pattern of a list under a shared adjective)
    _generic: dict[str, tuple[set[str], re.Pattern[str]]] = field(default_factory=dict)
    _indexes: dict[str, _NameIndex] = field(default_factory=dict)
    _names_re: dict[str, re.Pattern[str]] = field(default_factory=dict)  # one name, no look-behind

    # -- building -----------------------------------------------------------------
    def add(self, kind: str, label: str, iri: str) -> None:
        label = " ".join(label.split())
        if not label:
            return
        bucket = self.names.setdefault(kind, {}).setdefault(fold(label), [])
        if iri not in bucket:
            bucket.append(iri)
        self.raw.setdefault(kind, set()).add(label)
        self.labels_of.setdefault(iri, [])
        if label not in self.labels_of[iri]:
            self.labels_of[iri].append(label)
        self._patterns.pop(kind, None)
        self._generic.pop(kind, None)
        self._indexes.pop(kind, None)

    def endings(self, kind: str) -> tuple[str, ...]:
        rules = name_rules()
        return tuple(rules.get("plural_endings", [])) if kind in rules.get("plural_kinds", []) else ()

    def pattern(self, kind: str) -> re.Pattern[str]:
        if kind not in self._patterns:
            labels = _in_pattern_order(self.raw.get(kind, ()))
            if not labels:
                self._patterns[kind] = re.compile(r"(?!x)x")
            else:
                endings = self.endings(kind)
                body = "|".join(_label_pattern(label, endings) for label in labels)
                article = r"(?:(?:het|de)\s+)?" if kind == "actor" else ""
                self._patterns[kind] = re.compile(
                    rf"(?<![\w-]){article}(?:{body})(?![\w])", re.IGNORECASE)
        return self._patterns[kind]

    # -- reading ------------------------------------------------------------------
    def find(self, text: str, kind: str) -> list[Mention]:
        """Every name of this kind in ``text``, longest first, left to right.

        A name hyphenated at a line break ("Rijkswa-" / "terstaat", joined as
        "Rijkswa-terstaat") is found too: the text is also read without a
        hyphen between two lower-case letters, and what that finds counts,
        at its place in ``text``, where it is new or longer than what the
        text itself gave ("de pro-vincie Limburg" over "Limburg").
        """
        found = self._find(text, kind)
        if _SOFT_HYPHEN.search(text):
            view, index = _without_soft_hyphens(text)
            for m in self._find(view, kind):
                start, end = index[m.start], index[m.end - 1] + 1
                clash = [f for f in found if f.start < end and start < f.end]
                if all(start <= f.start and f.end <= end and f.end - f.start < end - start for f in clash):
                    found = [f for f in found if f not in clash]
                    found.append(Mention(start, end, m.iri, kind, text[start:end]))
            found.sort(key=lambda m: m.start)
        return found

    def _find(self, text: str, kind: str) -> list[Mention]:
        """Exactly the matches of ``self.pattern(kind).finditer(text)``, found
        without trying every name at every word: a name can only begin where
        the pattern's look-behind holds, and the first word of a name must be
        the text's word there (case-insensitively), so at each word only the
        names beginning with that word are tried, in the pattern's own order
        (for actors after an article, first the names beginning with the word
        after it, as the alternation does).  A text with a character whose
        case-insensitive match ``str.lower`` cannot mirror (dotless i, long s,
        Greek or Cyrillic variants; see ``_CASE_SPECIAL``) is searched with
        the whole pattern instead.
        """
        if _CASE_SPECIAL.isdisjoint(text):
            spans = self._scan(text, kind)
        else:
            spans = [match.span() for match in self.pattern(kind).finditer(text)]
        found = []
        for start, end in spans:
            iris = self._lookup(kind, text[start:end])
            if iris:
                found.append(Mention(start, end, self._best(iris), kind, text[start:end]))
        if kind in name_rules().get("shared_adjective_kinds", []):
            found = sorted(found + self._shared(text, kind, found), key=lambda m: m.start)
        return found

    def _scan(self, text: str, kind: str) -> list[tuple[int, int]]:
        index = self._index(kind)
        spans: list[tuple[int, int]] = []
        end = 0
        for word in _WORD_START.finditer(text):
            position = word.start()
            if position < end:
                continue
            run = word.group(1)
            found = None
            if run is None:  # punctuation: only names that begin with it
                labels = index.punctuation
            else:
                key = run.lower()
                labels = index.words.get(key, index.any_word)
                if kind == "actor" and key in _ARTICLE_WORDS:
                    article = _ARTICLE.match(text, position)
                    if article:  # the alternation tries every name after the article first
                        after = _RUN.match(text, article.end())
                        found = self._first_match(
                            index.words.get(after.group(0).lower(), index.any_word) if after
                            else index.punctuation, text, article.end(), kind)
            if found is None and labels:
                found = self._first_match(labels, text, position, kind)
            if found is not None:
                spans.append((position, found))
                end = found
        return spans

    def _first_match(self, labels: tuple[str, ...], text: str, position: int, kind: str) -> int | None:
        """Where the first of ``labels`` (in pattern order) that matches at ``position`` ends."""
        for label in labels:
            pattern = self._names_re.get(label)
            if pattern is None:
                pattern = self._names_re[label] = re.compile(
                    rf"(?:{_label_pattern(label, self.endings(kind))})(?![\w])", re.IGNORECASE)
            match = pattern.match(text, position)
            if match:
                return match.end()
        return None

    def _index(self, kind: str) -> _NameIndex:
        """The names of ``kind`` by their first word (lower case), each list in pattern order."""
        if kind not in self._indexes:
            index = _NameIndex()
            ordered = _in_pattern_order(self.raw.get(kind, ()))
            for label in ordered:
                run = _RUN.match(label)
                if run is None:
                    index.punctuation += (label,)
                elif not _CASE_SPECIAL.isdisjoint(run.group(0)):
                    index.any_word += (label,)
                else:
                    for key in _first_words(label, run.group(0), self.endings(kind)):
                        index.words[key] = index.words.get(key, ()) + (label,)
            if index.any_word:  # tried at every word, in their place in the order
                rank = {label: i for i, label in enumerate(ordered)}
                for key, labels in index.words.items():
                    index.words[key] = tuple(sorted(labels + index.any_word, key=rank.__getitem__))
            self._indexes[kind] = index
        return self._indexes[kind]

    def _lookup(self, kind: str, surface: str) -> list[str]:
        """The IRIs of a name as written, or of its singular (a generic name in the plural)."""
        table = self.names.get(kind, {})
        folded = fold(surface)
        if folded in table:
            return table[folded]
        generic = self.generic(kind)[0]
        for ending in self.endings(kind):
            stem = folded.removesuffix(fold(ending))
            if stem != folded and stem in generic:
                return table[stem]
        return []

    def generic(self, kind: str) -> tuple[set[str], re.Pattern[str]]:
        """The generic names of a kind (folded), and the pattern of a list under an adjective of
        theirs ("provinciale" + "omgevingsvisies, programma's en omgevingsverordening")."""
        if kind not in self._generic:
            generic = [label.split() for label in self.raw.get(kind, ()) if _is_generic(label)]
            adjectives = sorted({words[0] for words in generic if len(words) == 2 and words[0][:1].islower()})
            listed = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, adjectives))})\s+"
                                rf"({_LIST_WORD}(?:\s*,\s*{_LIST_WORD})*\s+(?:en|of)\s+{_LIST_WORD})(?![\w])",
                                re.IGNORECASE) if adjectives else re.compile(r"(?!x)x")
            self._generic[kind] = ({fold(" ".join(words)) for words in generic}, listed)
        return self._generic[kind]

    def _shared(self, text: str, kind: str, found: list[Mention]) -> list[Mention]:
        """Names under an adjective shared by a list: in "provinciale omgevingsvisies, programma's
        en omgevingsverordening" every list word that with "provinciale" is a generic name."""
        out = []
        for match in self.generic(kind)[1].finditer(text):
            adjective = match.group(0).split()[0]
            for word in re.finditer(_LIST_WORD, match.group(1)):
                start, end = match.start(1) + word.start(), match.start(1) + word.end()
                iris = self._lookup(kind, f"{adjective} {word.group(0)}")
                if iris and not any(f.start < end and start < f.end for f in found + out):
                    out.append(Mention(start, end, self._best(iris), kind, word.group(0)))
        return out

    def _best(self, iris: list[str]) -> str:
        if len(iris) == 1:
            return iris[0]

        def rank(iri: str) -> tuple[int, str]:
            if iri in PLACEHOLDERS:  # the rule words of parties.yaml win over a collective's label
                return (-1, iri)
            cls = self.types.get(iri, "Actor")
            return (ACTOR_CLASSES.index(cls) if cls in ACTOR_CLASSES else len(ACTOR_CLASSES), iri)

        return sorted(iris, key=rank)[0]

    def is_rijk_side(self, iri: str) -> bool:
        return iri in self.rijk_side

    def is_ministry(self, iri: str) -> bool:
        return self.types.get(iri) == "Ministry"

    def label(self, iri: str) -> str:
        labels = self.labels_of.get(iri)
        return labels[0] if labels else iri.removeprefix(RAI)


_SOFT_HYPHEN = re.compile(r"(?<=[a-zà-ÿ])-(?=[a-zà-ÿ])")


def _without_soft_hyphens(text: str) -> tuple[str, list[int]]:
    """``text`` without hyphens between lower-case letters, and for each
    character of the result its index in ``text``."""
    hyphens = {m.start() for m in _SOFT_HYPHEN.finditer(text)}
    keep = [i for i in range(len(text)) if i not in hyphens]
    return "".join(text[i] for i in keep), keep


def vocab_files(vocab_dir: Path | None = None) -> tuple[Path, ...]:
    vocab_dir = vocab_dir or paths.VOCAB
    files = tuple(sorted(vocab_dir.glob("*.ttl")))
    if not files:
        raise RaGraphError("no vocabulary files (*.ttl) found", file=vocab_dir)
    return files


@lru_cache(maxsize=8)
def _store(files: tuple[Path, ...]) -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode(VOCAB_GRAPH)
    for path in files:
        try:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
        except SyntaxError as exc:
            raise RaGraphError(f"not valid Turtle: {exc}", file=path) from None
    return store


def vocab_store(vocab_dir: Path | None = None) -> ox.Store:
    """The vocabularies alone, for name resolution (``actors.resolve``)."""
    return _store(vocab_files(vocab_dir))


PARTY_RULE_KEYS = {**dict.fromkeys(("rijk_aliases", "province_aliases", "region_aliases", "pronouns",
                                     "condition_cues", "prepositions", "locative", "passive_auxiliaries",
                                     "ministry_anaphors", "offices"),
                                    "words"),
                   "partner_cues": "mappings", "group_qualifier": "text"}


def party_rules() -> dict:
    """data/rules/parties.yaml (aliases, partner and condition cues, ...); every key optional."""
    return load_rules("parties", optional=PARTY_RULE_KEYS)


@lru_cache(maxsize=8)
def _load(files: tuple[Path, ...]) -> Gazetteer:
    store = _store(files)
    gaz = Gazetteer()
    kinds = {
        "actor": " ".join(f"ra:{c}" for c in ACTOR_CLASSES),
        "programme": "ra:Programme",
        "location": "ra:Location",
        "meeting": "ra:Meeting",
    }
    for kind, classes in kinds.items():
        rows = select(store, f"""
            SELECT ?x ?cls ?l WHERE {{
              VALUES ?cls {{ {classes} }}
              ?x a ?cls .
              {{ ?x skos:prefLabel ?l }} UNION {{ ?x skos:altLabel ?l }} UNION {{ ?x ra:shortName ?l }}
            }} ORDER BY ?x ?l""")
        for row in rows:
            gaz.add(kind, row["l"].value, row["x"].value)
            if kind == "actor":
                cls = row["cls"].value.rsplit("#", 1)[-1]
                old = gaz.types.get(row["x"].value)
                if old is None or old == "Actor":
                    gaz.types[row["x"].value] = cls
    for row in select(store, """
            SELECT ?x ?l ?lead WHERE {
              ?x a skos:Concept .
              { ?x skos:prefLabel ?l } UNION { ?x skos:altLabel ?l }
              OPTIONAL { ?x ra:leadMinistry ?lead }
              FILTER(STRSTARTS(STR(?x), "https://w3id.org/ra-graph/id/thema-") || BOUND(?lead))
            } ORDER BY ?x ?l"""):
        gaz.add("theme", row["l"].value, row["x"].value)
        if "lead" in row:
            gaz.lead_ministry[row["x"].value] = row["lead"].value
    gaz.rijk_side = {RIJK} | {row["x"].value for row in select(
        store, "SELECT DISTINCT ?x WHERE { ?x org:subOrganizationOf+ rai:rijk }")}
    for row in select(store, "SELECT ?m ?d WHERE { ?m a ra:Meeting ; dcterms:date ?d }"):
        gaz.meeting_dates[row["m"].value] = row["d"].value
    # ministries are also written "(het) ministerie van X" / "(de) <office> van X", X its
    # acronym or its name in full ("de minister van Onderwijs, Cultuur en Wetenschap",
    # "de staatssecretaris van Infrastructuur en Waterstaat"); the offices are data (parties.yaml)
    rules = party_rules()
    offices = rules.get("offices", ["minister van"])
    for iri, cls in sorted(gaz.types.items()):
        if cls != "Ministry":
            continue
        for label in list(gaz.labels_of.get(iri, [])):
            name = re.sub(r"^ministerie\s+van\s+", "", label, flags=re.IGNORECASE)
            if name != label:
                for office in offices:
                    gaz.add("actor", f"{office} {name}", iri)
            elif not fold(label).startswith("minister"):
                for prefix in ("ministerie van", *offices):
                    gaz.add("actor", f"{prefix} {label}", iri)
    for alias in rules.get("rijk_aliases", []):
        gaz.add("actor", alias, RIJK)
    for alias in rules.get("province_aliases", []):
        gaz.add("actor", alias, PROVINCE)
    for alias in rules.get("region_aliases", []):
        gaz.add("actor", alias, REGION)
    for alias in rules.get("pronouns", []):
        gaz.add("actor", alias, PRONOUN)
    return gaz


def load(vocab_dir: Path | None = None) -> Gazetteer:
    """The gazetteer of the vocabularies in ``vocab_dir`` (default data/vocab)."""
    return _load(vocab_files(vocab_dir))


__all__ = ["Gazetteer", "Mention", "load", "vocab_store", "party_rules", "fold",
           "PROVINCE", "REGION", "PRONOUN", "PLACEHOLDERS"]
