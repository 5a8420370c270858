#!/usr/bin/env python3
"""Deterministic, seeded corpus generator for ra-graph.

Writes a complete ``RA_GRAPH_HOME`` directory (ontology/, queries/,
data/{sources,vocab,rules,curation,graph}) with synthetic Ruimtelijke
Arrangementen for up to twelve provinces and any run of years, plus a
``manifest.json`` that says, for every arrangement, which clauses it holds
and, for every pair of consecutive versions of one province, exactly which
changes were applied (dropped, added, reworded, changed, renumbered).

    python corpus.py --provinces 12 --years 2025-2034 --seed 1 --out DIR [--force]
    python corpus.py --pair --seed 1 --out DIR [--force]

As a module (tests import it by file path)::

    generate(out, provinces=12, years=range(2025, 2035), seed=1) -> manifest
    make_pair(out, seed=1) -> manifest  # one province, two versions, six known changes

How the texts are made
----------------------
Every province's first text derives from one of the two real texts in the
repository (``data/sources/ra-drenthe-2025.txt``, ``ra-groningen-2025.txt``):
its name is swapped in everywhere the text names the province (names,
adjectives, compounds such as "Zuid- en Oost-Drenthe"), dates that depend
on the year shift with it, and the layout, wrapping, trailing spaces, page
numbers and bullets of the PDF export are kept.  Drenthe and Groningen
get their own text back byte for byte in 2025.  Each following year applies
a seeded renewal to the previous year's text: clauses dropped (later items
renumbered, as real renewals do), clauses added from a pool (clauses of the
other real text, names swapped, placed in the section of the same theme),
deadlines moved (every deadline that would lie before the new year is moved
too), the party of one clause changed and one clause reworded.

The clause structure of the two real texts (where each clause starts and
ends, how the tool numbers it) is data below, checked against the texts'
sha256: a changed real text stops the generator with a clear message rather
than producing a corpus that does not parse.

Vocabulary entries the generated texts need (province-derived names such as
"Oost-Zeeland" or "Utrechtse gemeenten") go to
``data/vocab/corpus-extra.ttl``; the tool itself is never changed.

Determinism: only ``random.Random`` seeded with strings derived from the
seed, province and year (so a province's texts do not depend on how many
other provinces or later years are generated), sorted iteration, no clock.
Standard library only.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import importlib.util
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["generate", "make_pair", "PROVINCES", "CorpusError"]

RAI = "https://w3id.org/ra-graph/id/"
MONTHS = ("januari februari maart april mei juni juli augustus september oktober november december").split()
MANIFEST_VERSION = 1


class CorpusError(Exception):
    """Bad arguments or an unexpected repository state (one-line message)."""


# --------------------------------------------------------------------------- provinces


@dataclass(frozen=True)
class Province:
    slug: str  # file-name key: ra-<slug>-<year>.txt
    name: str  # as the texts write it: "provincie Fryslân"
    adj: str  # "Drentse gemeenten"
    stem: str  # "Drents Bod"
    people: str  # "de Groningers"
    template: str  # which real text the province's texts derive from


# Fixed order (CBS PV20..PV31).  The two provinces with a real text use it;
# the others alternate between the Drenthe and the Groningen layout.
PROVINCES: tuple[Province, ...] = (
    Province("groningen", "Groningen", "Groningse", "Gronings", "Groningers", "groningen"),
    Province("fryslan", "Fryslân", "Friese", "Fries", "Friezen", "drenthe"),
    Province("drenthe", "Drenthe", "Drentse", "Drents", "Drenten", "drenthe"),
    Province("overijssel", "Overijssel", "Overijsselse", "Overijssels", "Overijsselaars", "groningen"),
    Province("flevoland", "Flevoland", "Flevolandse", "Flevolands", "Flevolanders", "drenthe"),
    Province("gelderland", "Gelderland", "Gelderse", "Gelders", "Gelderlanders", "groningen"),
    Province("utrecht", "Utrecht", "Utrechtse", "Utrechts", "Utrechters", "drenthe"),
    Province("noord-holland", "Noord-Holland", "Noord-Hollandse", "Noord-Hollands", "Noord-Hollanders", "groningen"),
    Province("zuid-holland", "Zuid-Holland", "Zuid-Hollandse", "Zuid-Hollands", "Zuid-Hollanders", "drenthe"),
    Province("zeeland", "Zeeland", "Zeeuwse", "Zeeuws", "Zeeuwen", "groningen"),
    Province("noord-brabant", "Noord-Brabant", "Brabantse", "Brabants", "Brabanders", "drenthe"),
    Province("limburg", "Limburg", "Limburgse", "Limburgs", "Limburgers", "groningen"),
)
PROVINCE = {p.slug: p for p in PROVINCES}
BASE_YEAR = 2025  # the year of both real texts

# --------------------------------------------------------------------------- templates (data)
#
# Clause table of each real text: "<section>/<item> <first line> <last line> <list> [flags]",
# items numbered exactly as ra-graph numbers them.  Flags: g<N> (group N of a
# hierarchically numbered list), nodrop, parent=<section/item> (a sub-item).
# A list's style: (printed numbering, id numbering, prefix of an added clause):
#   printed  None | "flat" (1, 2, 3) | "hier" (1.1, 1.2, 2.1 under numbered sub-headings)
#   ids      "printed" | "counted:<prefix>" (eerder-1, zoetwater-2, plain 1, 2) | "sub" (2.1 under item 2)
#   added    "num" | "hier" | "bullet:<char>" | "para" | None (nothing is added to it)

DRENTHE_CLAUSES = """
3.1/1.1 133 135 main g1
3.1/1.2 137 140 main g1
3.1/1.3 142 145 main g1
3.1/1.4 147 150 main g1
3.1/1.5 152 153 main g1
3.1/2.1 158 161 main g2
3.1/2.2 163 172 main g2
3.1/eerder-1 243 248 eerder
3.2/1 258 261 main
3.3/1 340 342 main
3.3/2 344 346 main
3.3/3 348 355 main
3.3/4 357 361 main
3.3/5 363 368 main
3.3/6 370 373 main
3.3/7 375 379 main
3.3/8 381 384 main
3.3/9 386 389 main
3.3/eerder-1 455 459 eerder
3.3/eerder-2 461 463 eerder
3.4/1 474 477 main
3.4/2 479 480 main
3.4/3 482 485 main
3.5/1 596 598 main
3.5/2 600 605 main
3.5/3 607 609 main
3.5/principe-1 700 702 principe
3.5/principe-2 703 705 principe
3.5/principe-3 707 708 principe
3.5/eerder-1 731 732 eerder
3.5/eerder-2 734 736 eerder
3.6/1 748 756 main
3.6/2 764 768 main
3.6/3 770 779 main
3.6/4 781 782 main
3.6/5 784 788 main
3.6/6 790 792 main
3.6/eerder-1 814 816 eerder
3.6/eerder-2 818 820 eerder
3.7/1 827 828 main
3.8/1 897 899 main
"""

GRONINGEN_CLAUSES = """
2.1/1 147 153 main
2.1/2 154 158 main
2.1/3 160 165 main
2.1/4 167 170 main
2.2/1 232 240 main
2.2/2 242 249 main
2.2/3 251 253 main
2.2/4 254 259 main
2.2/5 261 264 main
2.2/6 266 275 main
2.3/1 304 320 main
2.3/2 322 327 main
2.3/3 329 335 main
2.3/4 337 345 main
2.3/5 347 354 main
2.3/6 355 360 main
2.3/7 362 370 main
2.4/zoetwater-1 404 409 zoetwater
2.4/zoetwater-2 411 414 zoetwater
2.4/zoetwater-3 416 419 zoetwater
2.4/zoetwater-4 421 425 zoetwater
2.4/drinkwater-1 433 435 drinkwater
2.4/drinkwater-2 437 438 drinkwater
2.4/drinkwater-3 440 450 drinkwater
2.4/veenweide-1 457 458 veenweide
2.4/veenweide-2 460 463 veenweide
2.4/veenweide-3 464 466 veenweide
2.4/veenweide-4 468 471 veenweide
2.4/veenweide-5 473 483 veenweide
2.5/1 597 602 main
2.5/2 604 606 main
2.6/agenda-1 647 651 agenda
2.7/1 657 665 main
2.7/2 667 673 main nodrop
2.7/2.1 677 681 sub nodrop parent=2.7/2
2.7/2.2 683 684 sub nodrop parent=2.7/2
2.7/2.3 686 686 sub nodrop parent=2.7/2
2.7/3 688 691 main
2.7/4 693 700 main
2.8/1 706 708 main
"""

FLAT, HIER = "flat", "hier"


@dataclass(frozen=True)
class ListSpec:
    printed: str | None
    ids: str
    added: str | None


@dataclass(frozen=True)
class SlotSpec:
    clause: str  # "3.3/9"
    line: int  # absolute line in the real text
    phrase: str  # as written there: "augustus 2025"


@dataclass(frozen=True)
class PartyOp:
    """A reversible change of who acts in one clause: text ``a`` <-> ``b``.

    ``fa``/``fb``: the clause's obligors, beneficiaries and carried_by
    (union over its commitments, as the extractor reads them) in state a and
    b; actor tokens are local names of rai: IRIs, "prov" the arrangement's
    province.  Only the keys that differ are listed.
    """

    clause: str
    a: str
    b: str
    fa: dict
    fb: dict


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    file: str
    sha256: str
    agreements_chapter: str
    headings: dict  # section -> line of its heading
    clauses: str
    lists: dict  # (section, list) -> ListSpec
    slots: tuple
    party_ops: tuple
    protected: tuple  # names that are not the province's even though they contain its name
    signature: tuple  # (line, replacement when the province is another) or ()
    pool: tuple  # clauses offered to the OTHER template: (clause, target section, target list)
    blank: str  # what an inserted blank line looks like in this layout
    new_section: tuple  # lines of a clause-free section inserted by make_pair ({num} = its number)


DRENTHE = TemplateSpec(
    name="drenthe",
    file="ra-drenthe-2025.txt",
    sha256="58c9932915b8d78572961607e7593b328d6aea4f0cf03305258f20c071f646de",
    agreements_chapter="3",
    headings={"3.1": 123, "3.2": 252, "3.3": 332, "3.4": 467, "3.5": 589, "3.6": 741, "3.7": 821, "3.8": 892},
    clauses=DRENTHE_CLAUSES,
    lists={
        ("3.1", "main"): ListSpec(HIER, "printed", "hier"),
        ("3.1", "eerder"): ListSpec(None, "counted:eerder", None),
        ("3.2", "main"): ListSpec(None, "counted:plain", "para"),
        ("3.3", "main"): ListSpec(FLAT, "printed", "num"),
        ("3.3", "eerder"): ListSpec(None, "counted:eerder", None),
        ("3.4", "main"): ListSpec(FLAT, "printed", "num"),
        ("3.5", "main"): ListSpec(FLAT, "printed", "num"),
        ("3.5", "principe"): ListSpec(FLAT, "counted:principe", None),
        ("3.5", "eerder"): ListSpec(None, "counted:eerder", None),
        ("3.6", "main"): ListSpec(FLAT, "printed", "num"),
        ("3.6", "eerder"): ListSpec(None, "counted:eerder", None),
        ("3.7", "main"): ListSpec(None, "counted:plain", "para"),
        ("3.8", "main"): ListSpec(None, "counted:plain", "para"),
    },
    slots=(SlotSpec("3.3/9", 388, "augustus 2025"),),
    party_ops=(
        PartyOp("3.6/6", "Het Rijk houdt wat betreft", "De provincie {N} houdt wat betreft",
                {"obligors": ["rijk"], "beneficiaries": ["prov"], "carried_by": ["ocw"]},
                {"obligors": ["prov"], "beneficiaries": ["rijk"], "carried_by": []}),
        PartyOp("3.6/1", "Het Rijk is bij ruimtelijke opgaven", "De provincie {N} is bij ruimtelijke opgaven",
                {"obligors": ["rijk"], "beneficiaries": ["prov"], "carried_by": ["ocw"]},
                {"obligors": ["prov"], "beneficiaries": ["rijk"], "carried_by": []}),
        PartyOp("3.5/2", "Het ministerie van VRO en de provincie", "Het ministerie van LVVN en de provincie",
                {"obligors": ["prov", "vro"], "beneficiaries": ["prov", "vro"]},
                {"obligors": ["lvvn", "prov"], "beneficiaries": ["lvvn", "prov"]}),
        PartyOp("3.5/1", "Het ministerie van VRO en de provincie", "Het ministerie van LVVN en de provincie",
                {"obligors": ["prov", "rijk", "vro"], "beneficiaries": ["prov", "rijk", "vro"]},
                {"obligors": ["lvvn", "prov", "rijk"], "beneficiaries": ["lvvn", "prov", "rijk"]}),
        PartyOp("3.1/2.1", "Het Rijk werkt, in samenwerking", "IenW werkt, in samenwerking",
                {"obligors": ["prov", "rijk"], "carried_by": ["ienw"]},
                {"obligors": ["ienw", "prov"], "carried_by": []}),
        PartyOp("3.6/eerder-1", "heeft OCW aangegeven", "heeft LVVN aangegeven",
                {"obligors": ["ocw"]}, {"obligors": ["lvvn"]}),
        PartyOp("3.5/eerder-1", "kijken VRO en {N} naar", "kijken LVVN en {N} naar",
                {"obligors": ["prov", "vro"], "beneficiaries": ["prov", "vro"]},
                {"obligors": ["lvvn", "prov"], "beneficiaries": ["lvvn", "prov"]}),
    ),
    protected=("Drentsche Aa", "Drentse Aa", "Drents-Groningse"),
    signature=(974, "M. Keijzer   Gedeputeerde N.N.  "),
    pool=(
        ("3.1/1.1", "2.4", "zoetwater"), ("3.1/1.2", "2.4", "zoetwater"), ("3.1/1.3", "2.4", "zoetwater"),
        ("3.1/1.4", "2.4", "zoetwater"), ("3.1/1.5", "2.4", "zoetwater"),
        ("3.1/2.1", "2.4", "drinkwater"), ("3.1/2.2", "2.4", "drinkwater"),
        ("3.3/1", "2.2", "main"), ("3.3/2", "2.2", "main"), ("3.3/6", "2.2", "main"), ("3.3/7", "2.2", "main"),
        ("3.3/3", "2.3", "main"), ("3.3/4", "2.3", "main"), ("3.3/5", "2.3", "main"), ("3.3/8", "2.3", "main"),
        ("3.3/9", "2.3", "main"), ("3.4/1", "2.3", "main"), ("3.4/2", "2.3", "main"), ("3.4/3", "2.3", "main"),
        ("3.5/1", "2.1", "main"), ("3.5/2", "2.1", "main"), ("3.5/3", "2.1", "main"),
        ("3.6/2", "2.7", "main"), ("3.6/3", "2.7", "main"), ("3.6/4", "2.7", "main"), ("3.6/5", "2.7", "main"),
        ("3.6/6", "2.7", "main"),
        ("3.7/1", "2.5", "main"),
    ),
    blank=" ",
    new_section=(
        "{num} Mobiliteit en bereikbaarheid ",
        " ",
        "Toelichting ",
        "De bereikbaarheid van de regio en de verbindingen met de omliggende gebieden worden in ",
        "de volgende ronde van het ruimtelijk arrangement nader uitgewerkt. ",
        " ",
        "",
    ),
)

GRONINGEN = TemplateSpec(
    name="groningen",
    file="ra-groningen-2025.txt",
    sha256="737cd81a7df7958dbe493cdedd75bdaa218fa4366c0a10d0d728548cafed709c",
    agreements_chapter="2",
    headings={"2.1": 145, "2.2": 230, "2.3": 303, "2.4": 398, "2.5": 561, "2.6": 610, "2.7": 655, "2.8": 704},
    clauses=GRONINGEN_CLAUSES,
    lists={
        ("2.1", "main"): ListSpec(FLAT, "printed", "num"),
        ("2.2", "main"): ListSpec(FLAT, "printed", "num"),
        ("2.3", "main"): ListSpec(FLAT, "printed", "num"),
        ("2.4", "zoetwater"): ListSpec(None, "counted:zoetwater", "bullet:•"),
        ("2.4", "drinkwater"): ListSpec(None, "counted:drinkwater", "bullet:•"),
        ("2.4", "veenweide"): ListSpec(None, "counted:veenweide", "bullet:•"),
        ("2.5", "main"): ListSpec(FLAT, "printed", "num"),
        ("2.6", "agenda"): ListSpec(None, "counted:agenda", "bullet:-"),
        ("2.7", "main"): ListSpec(FLAT, "printed", "num"),
        ("2.7", "sub"): ListSpec(None, "sub", None),
        ("2.8", "main"): ListSpec(None, "counted:plain", "para"),
    },
    slots=(
        SlotSpec("2.1/3", 160, "in 2026"), SlotSpec("2.1/3", 164, "in 2026"),
        SlotSpec("2.2/1", 238, "eind 2026"),
        SlotSpec("2.3/3", 331, "Q1 2026"),
        SlotSpec("2.4/veenweide-2", 462, "in 2030"),
    ),
    party_ops=(
        PartyOp("2.2/3", "Het Rijk is bij ruimtelijke opgaven", "De provincie {N} is bij ruimtelijke opgaven",
                {"obligors": ["rijk"], "beneficiaries": ["prov"], "carried_by": ["kgg"]},
                {"obligors": ["prov"], "beneficiaries": ["rijk"], "carried_by": []}),
        PartyOp("2.4/drinkwater-1", "Het Rijk werkt, in samenwerking", "IenW werkt, in samenwerking",
                {"obligors": ["rijk"], "carried_by": ["ienw"]}, {"obligors": ["ienw"], "carried_by": []}),
        PartyOp("2.4/veenweide-1", "Het Rijk werkt binnen het", "LVVN werkt binnen het",
                {"obligors": ["rijk"], "carried_by": ["ienw"]}, {"obligors": ["lvvn"], "carried_by": []}),
        PartyOp("2.4/veenweide-4", "LVVN, IenW en VRO intensiveren", "LVVN en IenW intensiveren",
                {"obligors": ["ienw", "lvvn", "prov", "vro"]}, {"obligors": ["ienw", "lvvn", "prov"]}),
        PartyOp("2.7/3", "Het Rijk houdt wat betreft", "OCW houdt wat betreft",
                {"obligors": ["prov", "rijk"], "carried_by": ["ocw"]},
                {"obligors": ["ocw", "prov"], "carried_by": []}),
        PartyOp("2.3/5", "Het Rijk zet zich in voor", "EZ zet zich in voor",
                {"obligors": ["prov", "rijk"], "carried_by": ["ez"]},
                {"obligors": ["ez", "prov"], "carried_by": []}),
    ),
    protected=("Groningen-Assen", "Herstructureringsmaatschappij Drenthe en Groningen", "Drents-Groningse"),
    signature=(),
    pool=(
        ("2.1/1", "3.5", "main"), ("2.1/2", "3.5", "main"), ("2.1/3", "3.5", "main"), ("2.1/4", "3.5", "main"),
        ("2.2/1", "3.3", "main"), ("2.2/2", "3.3", "main"), ("2.2/3", "3.3", "main"), ("2.2/4", "3.3", "main"),
        ("2.2/5", "3.3", "main"), ("2.2/6", "3.3", "main"),
        ("2.3/2", "3.3", "main"), ("2.3/3", "3.3", "main"), ("2.3/4", "3.3", "main"), ("2.3/5", "3.3", "main"),
        ("2.3/6", "3.3", "main"), ("2.3/7", "3.4", "main"),
        ("2.4/zoetwater-3", "3.1", "main"), ("2.4/drinkwater-1", "3.1", "main"),
        ("2.4/drinkwater-2", "3.1", "main"), ("2.4/drinkwater-3", "3.1", "main"),
        ("2.4/veenweide-1", "3.1", "main"), ("2.4/veenweide-2", "3.1", "main"),
        ("2.4/veenweide-4", "3.1", "main"),
        ("2.5/1", "3.7", "main"), ("2.5/2", "3.7", "main"),
        ("2.7/1", "3.6", "main"), ("2.7/3", "3.6", "main"), ("2.7/4", "3.6", "main"),
    ),
    blank="",
    new_section=(
        "{num} Mobiliteit en bereikbaarheid ",
        "",
        "Toelichting ",
        "De bereikbaarheid van de regio en de verbindingen met de omliggende gebieden worden ",
        "in de volgende ronde van het ruimtelijk arrangement nader uitgewerkt. ",
        "",
        " ",
        "",
    ),
)

TEMPLATES = {"drenthe": DRENTHE, "groningen": GRONINGEN}

# Word pairs for rewording: adjectives and adverbs that no reading rule of the
# extractor looks at (no cue verb, preposition, party, programme or place name),
# swapped in either direction, lower-case occurrences only.
SYNONYMS = (
    ("goede", "degelijke"), ("voortvarend", "daadkrachtig"), ("nadrukkelijk", "uitdrukkelijk"),
    ("effectieve", "doeltreffende"), ("heldere", "duidelijke"), ("passende", "geschikte"),
    ("zorgvuldige", "behoedzame"), ("belangrijke", "wezenlijke"), ("verdere", "nadere"),
    ("huidige", "actuele"), ("sterke", "krachtige"), ("specifieke", "bijzondere"),
    ("concrete", "tastbare"), ("beperkte", "geringe"), ("gezamenlijke", "gemeenschappelijke"),
    ("lastige", "moeilijke"), ("vroegtijdig", "tijdig"),
)
SYNONYM = {**{a: b for a, b in SYNONYMS}, **{b: a for a, b in SYNONYMS}}
SYNONYM_RE = re.compile(r"(?<![\w-])(" + "|".join(sorted(SYNONYM, key=lambda w: (-len(w), w))) + r")(?![\w-])")

# Vocabulary entries whose labels are derived from a province's name: for a
# province whose text (or a pool clause in it) comes from ``template``, the
# same labels with the names swapped go to corpus-extra.ttl.  ("extend": labels
# added to an existing resource.)
MIRRORS = (
    ("drenthe", "zuid-en-oost-drenthe", "ra:Location",
     ("Zuid- en Oost-Drenthe", "Zuid en Oost Drenthe", "Zuid- en Oost Drenthe", "regio Zuid en Oost Drenthe",
      "regio Zuid- en Oost-Drenthe", "regio Zuid- en Oost Drenthe")),
    ("drenthe", "midden-drenthe", "ra:Location", ("Midden-Drenthe",)),
    ("drenthe", "drentse-defensie-agenda", "ra:Programme", ("Drentse Defensie Agenda",)),
    ("drenthe", "regio-deal-zuid-en-oost-drenthe", "ra:Programme",
     ("Regio Deal Zuid- en Oost-Drenthe", "Regio Deal voor de regio Zuid en Oost Drenthe")),
    ("drenthe", "regio-deal-zuid-en-oost-drenthe-ii", "ra:Programme", ("Regio Deal Zuid- en Oost-Drenthe II",)),
    ("drenthe", "ontwikkelperspectief-zuid-en-oost-drenthe", "ra:Programme",
     ("Ontwikkelperspectief Zuid- en Oost-Drenthe", "Ontwikkelperspectief voor Zuid- en Oost-Drenthe")),
    ("drenthe", "drents-bod", "ra:Programme", ("Drents Bod",)),
    ("drenthe", "ruimtelijk-voorstel-drenthe", "ra:Programme", ("Ruimtelijk voorstel Drenthe",)),
    ("drenthe", "omgevingsvisie-drenthe", "ra:Programme",
     ("Drentse Omgevingsvisie", "nieuwe Drentse Omgevingsvisie", "Omgevingsvisie Drenthe")),
    ("drenthe", "cultuurhistorisch-kompas-drenthe", "ra:Programme",
     ("Cultuurhistorisch Kompas Drenthe", "Het Cultuurhistorisch Kompas Drenthe")),
    ("drenthe", "gemeenten", "extend", ("Drentse gemeenten",)),
    ("drenthe", "thema-regio", "extend", ("Zuid en Oost Drenthe",)),
    ("groningen", "novex-gebied-groningen", "ra:Location", ("NOVEX-gebied Groningen",)),
    ("groningen", "oost-groningen", "ra:Location", ("Oost-Groningen",)),
    ("groningen", "xxl-bedrijventerrein-oost-groningen", "ra:Location",
     ("XXL-bedrijventerrein Oost-Groningen", "XXL -bedrijventerrein Oost-Groningen")),
    ("groningen", "groninger-wierdenlandschap", "ra:Location", ("Groninger Wierdenlandschap",)),
    ("groningen", "regiocentra-groningen", "ra:Location", ("regiocentra in Groningen",)),
    ("groningen", "regio-deal-regiocentra-groningen", "ra:Programme", ("Regio Deal Regiocentra Groningen",)),
    ("groningen", "mooi-groningen", "ra:Programme", ("Mooi Groningen", "programma Mooi Groningen")),
    ("groningen", "kwaliteitsgids-groningen", "ra:Programme", ("Kwaliteitsgids Groningen",)),
    ("groningen", "omgevingsvisie-groningen", "ra:Programme",
     ("Omgevingsvisie Groningen", "ontwerp Omgevingsvisie Groningen",
      "concept Omgevingsvisie van de provincie Groningen")),
    ("groningen", "groninger-agenda-defensie-en-weerbaarheid", "ra:Programme",
     ("Groninger agenda defensie en weerbaarheid",)),
    ("groningen", "ruimtelijk-voorstel-groningen", "ra:Programme",
     ("Ruimtelijk Voorstel ‘Dit is Groningen, Waardevol Groningen’", "Dit is Groningen, waardevol Groningen",
      "Ruimtelijk Voorstel Groningen")),
    ("groningen", "campus-coalitie-groningen", "ra:OtherOrganisation", ("Campus Coalitie Groningen",)),
)

# --------------------------------------------------------------------------- repository


def repo_root(repo: Path | str | None = None) -> Path:
    """The ra-graph checkout whose real texts, ontology, rules, vocabularies and queries are used.

    In order: ``repo`` if given; the parent of this file's folder when that is a
    checkout (benchmarks/corpus.py); the checkout the installed ``ra_graph``
    package comes from (found without importing it).
    """
    candidates: list[Path] = []
    if repo is not None:
        candidates.append(Path(repo))
    else:
        candidates.append(Path(__file__).resolve().parent.parent)
        spec = importlib.util.find_spec("ra_graph")
        if spec is not None and spec.origin:
            candidates.append(Path(spec.origin).resolve().parent.parent)
    for root in candidates:
        if (root / "ontology" / "ra.ttl").is_file() and (root / "data" / "sources").is_dir():
            return root
    raise CorpusError(f"no ra-graph checkout found (looked in {', '.join(map(str, candidates))}); pass --repo")


# --------------------------------------------------------------------------- names


class Swapper:
    """Rename a real text's province to another one, everywhere it names it.

    One regex pass: protected names (places and organisations that merely
    contain the name) stay, the province's name, adjectives and inhabitants
    become the target's, and the target's own names (when the real text
    mentions the target as a neighbour) become the real province's, so lists
    of neighbours stay lists of distinct provinces.
    """

    def __init__(self, template: TemplateSpec, target: Province):
        src = PROVINCE[template.name]
        self.identity = target.slug == src.slug
        mapping = {src.name: target.name, src.adj: target.adj, src.stem: target.stem, src.people: target.people}
        if src.slug == "groningen":
            mapping["Groninger"] = target.adj
        reverse = {target.name: src.name, target.adj: src.adj, target.stem: src.stem, target.people: src.people}
        if target.slug == "fryslan":
            reverse["Friesland"] = src.name
        for key, value in reverse.items():
            mapping.setdefault(key, value)
        self.mapping = mapping
        self.target = target
        words = list(template.protected) + list(mapping)
        alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
        self.pattern = re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")

    def __call__(self, text: str) -> str:
        if self.identity:
            return text
        return self.pattern.sub(lambda m: self.mapping.get(m.group(0), m.group(0)), text)


# --------------------------------------------------------------------------- deadlines


@dataclass
class Slot:
    """A deadline phrase the extractor dates: "in 2026", "eind 2026", "Q1 2026", "augustus 2025"."""

    form: str  # "in" | "eind" | "Q" | "month"
    part: int  # quarter or month (0 for in/eind)
    year: int

    @classmethod
    def parse(cls, phrase: str) -> "Slot":
        m = re.fullmatch(r"(in|eind) (\d{4})", phrase)
        if m:
            return cls(m[1], 0, int(m[2]))
        m = re.fullmatch(r"Q([1-4]) (\d{4})", phrase)
        if m:
            return cls("Q", int(m[1]), int(m[2]))
        m = re.fullmatch(rf"({'|'.join(MONTHS)}) (\d{{4}})", phrase)
        if m:
            return cls("month", MONTHS.index(m[1]) + 1, int(m[2]))
        raise ValueError(phrase)

    def text(self) -> str:
        if self.form in ("in", "eind"):
            return f"{self.form} {self.year}"
        if self.form == "Q":
            return f"Q{self.part} {self.year}"
        return f"{MONTHS[self.part - 1]} {self.year}"

    def due(self) -> str:
        if self.form in ("in", "eind"):
            return f"{self.year:04d}-12-31"
        month = self.part * 3 if self.form == "Q" else self.part
        return f"{self.year:04d}-{month:02d}-{calendar.monthrange(self.year, month)[1]:02d}"

    def later(self, steps: int) -> "Slot":
        """The same kind of phrase, ``steps`` periods later (years, half-years, months x4)."""
        if self.form in ("in", "eind"):
            return Slot(self.form, 0, self.year + steps)
        if self.form == "Q":
            index = self.year * 4 + self.part - 1 + 2 * steps
            return Slot("Q", index % 4 + 1, index // 4)
        index = self.year * 12 + self.part - 1 + 4 * steps
        return Slot("month", index % 12 + 1, index // 12)

    def not_before(self, year: int) -> "Slot":
        """Moved into ``year`` when it lies before it (an expired deadline in a renewal)."""
        return self if self.year >= year else Slot(self.form, self.part, year)


def _slot_mark(index: int) -> str:
    return f"\x00{index}\x00"


_SLOT_MARK = re.compile(r"\x00(\d+)\x00")
_NEXT_YEAR = "\x00NEXT\x00"


# --------------------------------------------------------------------------- document model


@dataclass
class Block:
    kind: str  # "raw" | "head" | "clause"
    lines: list
    rid: int = 0  # raw/head: stable id (list anchors)
    head: str = ""  # head: section key
    # clause blocks
    uid: int = 0  # lineage within one province
    section: str = ""  # section key (the template's number; renumbering maps it)
    lst: str = ""
    group: int = 0
    parent: int = 0  # uid of the item a sub-item hangs under
    lead: str = ""  # printed lists: text before the number ...
    dot: str = ""  # ... and after it; lines[0] holds the rest
    slots: list = field(default_factory=list)
    party: PartyOp | None = None
    party_b: bool = False  # party op in state b
    droppable: bool = True
    origin: str = ""  # clause id in the real text it comes from: "groningen-2025/2.1/3"
    native: bool = True  # from the province's own template

    def copy(self) -> "Block":
        new = Block(**{k: getattr(self, k) for k in self.__dataclass_fields__})
        new.lines = list(self.lines)
        new.slots = [Slot(s.form, s.part, s.year) for s in self.slots]
        return new


@dataclass
class Doc:
    tpl: "Template"
    province: Province
    year: int
    blocks: list
    secnum: dict  # section key -> printed number
    next_uid: int = 1
    next_rid: int = 1

    def copy(self) -> "Doc":
        return Doc(self.tpl, self.province, self.year, [b.copy() for b in self.blocks], dict(self.secnum),
                   self.next_uid, self.next_rid)

    def clauses(self) -> list:
        return [b for b in self.blocks if b.kind == "clause"]


@dataclass
class ClauseInfo:
    uid: int
    section: str
    item: str
    line: int
    kind: str
    lines: tuple  # rendered lines of the clause (for text comparison)


PREFIX = re.compile(r"^(\s*)(\d{1,2}(?:\.\d{1,2})?)(\.?)(?=\s|[A-ZÀ-Þ‘“(])")
BULLET = re.compile(r"^\s*[•▪◦●·\-–]\s+")
HEAD_NUMBER = re.compile(r"^(\s*)(\d{1,2}\.\d{1,2})(\.?)")
KIND_OF_LIST = {"eerder": "EarlierAgreement", "principe": "Principle", "agenda": "AgendaItem"}


# --------------------------------------------------------------------------- templates (loaded)


@dataclass
class Template:
    spec: TemplateSpec
    lines: list  # the real text's lines
    blocks: list  # Blocks with the real text's names (swapped per province later)
    clause_specs: dict  # "3.3/4" -> Block (template copy)
    anchors: dict  # (section, list) -> rid of the raw block before its first clause
    sections: list  # agreement section keys in order


_TEMPLATE_CACHE: dict = {}


def load_template(root: Path, name: str) -> Template:
    key = (str(root), name)
    if key in _TEMPLATE_CACHE:
        return _TEMPLATE_CACHE[key]
    spec = TEMPLATES[name]
    path = root / "data" / "sources" / spec.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read the real text ({exc.strerror})") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != spec.sha256:
        raise CorpusError(f"{path}: sha256 {digest[:12]}… differs from the text the clause table of corpus.py "
                          f"was written for ({spec.sha256[:12]}…); update DRENTHE/GRONINGEN in corpus.py")
    lines = data.decode("utf-8").split("\n")
    # clause table
    rows = []
    for raw in spec.clauses.strip().splitlines():
        parts = raw.split()
        cid, start, end, lst = parts[0], int(parts[1]), int(parts[2]), parts[3]
        flags = parts[4:]
        rows.append((cid, start, end, lst, flags))
    rows.sort(key=lambda r: r[1])
    heading_at = {line: sec for sec, line in spec.headings.items()}
    last_line = len(lines)
    # tail (after the agreements chapter): the years of monitoring and validity follow the arrangement's year
    tail_start = max(spec.headings.values())
    blocks: list[Block] = []
    clause_specs: dict[str, Block] = {}
    anchors: dict[tuple, int] = {}
    rid = 0
    uid_of: dict[str, int] = {}
    slots_by_clause: dict[str, list] = {}
    for s in spec.slots:
        slots_by_clause.setdefault(s.clause, []).append(s)
    party_by_clause = {op.clause: op for op in spec.party_ops}

    def add_raw(first: int, last: int) -> None:  # 1-based inclusive
        nonlocal rid
        current: list[str] = []
        current_head = ""
        for n in range(first, last + 1):
            text = lines[n - 1]
            if n > tail_start and "2026" in text and n not in heading_at:
                text = text.replace("2026", _NEXT_YEAR)
            if spec.signature and n == spec.signature[0]:
                text = "\x00SIGNATURE\x00"
            if n in heading_at:
                if current or current_head:
                    rid += 1
                    blocks.append(Block("head" if current_head else "raw", current, rid=rid, head=current_head))
                current, current_head = [text], heading_at[n]
            else:
                current.append(text)
        if current or current_head:
            rid += 1
            blocks.append(Block("head" if current_head else "raw", current, rid=rid, head=current_head))

    position = 1
    for index, (cid, start, end, lst, flags) in enumerate(rows, start=1):
        if start > position:
            add_raw(position, start - 1)
        section = cid.split("/")[0]
        if (section, lst) not in anchors:
            anchors[(section, lst)] = blocks[-1].rid
        clause_lines = lines[start - 1:end]
        block = Block("clause", list(clause_lines), uid=index, section=section, lst=lst)
        uid_of[cid] = index
        list_spec = spec.lists[(section, lst)]
        for flag in flags:
            if flag.startswith("g"):
                block.group = int(flag[1:])
            elif flag == "nodrop":
                block.droppable = False
            elif flag.startswith("parent="):
                block.parent = uid_of[flag.split("=", 1)[1]]
        if list_spec.printed:
            m = PREFIX.match(block.lines[0])
            if not m:
                raise CorpusError(f"{path}:{start}: no item number where the clause table expects one")
            block.lead, block.dot = m[1], m[3]
            block.lines[0] = block.lines[0][m.end():]
        for k, s in enumerate(slots_by_clause.get(cid, [])):
            offset = s.line - start
            text = block.lines[offset]
            if text.count(s.phrase) != 1:
                raise CorpusError(f"{path}:{s.line}: deadline '{s.phrase}' not found once")
            block.lines[offset] = text.replace(s.phrase, _slot_mark(k))
            block.slots.append(Slot.parse(s.phrase))
        block.party = party_by_clause.get(cid)
        block.origin = f"{name}-{BASE_YEAR}/{cid}"
        blocks.append(block)
        clause_specs[cid] = block
        position = end + 1
    add_raw(position, last_line)
    for op in spec.party_ops:
        target = clause_specs[op.clause]
        if op.a.replace("{N}", PROVINCE[name].name) not in "\n".join(target.lines):
            raise CorpusError(f"{path}: clause {op.clause} lacks '{op.a}'")
    template = Template(spec, lines, blocks, clause_specs, anchors, sorted(spec.headings, key=_section_key))
    _TEMPLATE_CACHE[key] = template
    return template


def _section_key(number: str) -> tuple:
    return tuple(int(p) for p in number.split("."))


# --------------------------------------------------------------------------- building a province's text


def base_doc(root: Path, province: Province, year: int) -> Doc:
    """The province's first text: its template with names swapped and years shifted."""
    tpl = load_template(root, province.template)
    swap = Swapper(tpl.spec, province)
    offset = year - BASE_YEAR
    blocks = []
    for b in tpl.blocks:
        new = b.copy()
        new.lines = [swap(line) for line in new.lines]
        if new.kind == "clause":
            new.slots = [Slot(s.form, s.part, s.year + offset) for s in new.slots]
        blocks.append(new)
    signature = tpl.spec.signature
    for b in blocks:
        for i, line in enumerate(b.lines):
            if line == "\x00SIGNATURE\x00":
                b.lines[i] = tpl.lines[signature[0] - 1] if province.slug == tpl.spec.name else signature[1]
    uids = max(b.uid for b in blocks if b.kind == "clause")
    rids = max(b.rid for b in blocks if b.kind != "clause")
    return Doc(tpl, province, year, blocks, {s: s for s in tpl.spec.headings}, uids + 1, rids + 1)


def render(doc: Doc) -> tuple[str, list[ClauseInfo]]:
    """The text of a document and where its clauses are, numbered as ra-graph numbers them."""
    tpl = doc.tpl
    printed: dict[int, str] = {}
    counters: dict[tuple, int] = {}
    clauses = doc.clauses()
    for b in clauses:
        spec = tpl.spec.lists[(b.section, b.lst)]
        if spec.printed == FLAT:
            key = (b.section, b.lst)
            counters[key] = counters.get(key, 0) + 1
            printed[b.uid] = str(counters[key])
        elif spec.printed == HIER:
            key = (b.section, b.lst, b.group)
            counters[key] = counters.get(key, 0) + 1
            printed[b.uid] = f"{b.group}.{counters[key]}"
    items: dict[int, str] = {}
    counted: dict[tuple, int] = {}
    for b in clauses:
        ids = tpl.spec.lists[(b.section, b.lst)].ids
        if ids == "printed":
            items[b.uid] = printed[b.uid]
        elif ids == "sub":
            key = ("sub", b.parent)
            counted[key] = counted.get(key, 0) + 1
            items[b.uid] = f"{printed[b.parent]}.{counted[key]}"
        else:
            prefix = ids.split(":", 1)[1]
            key = (b.section, prefix)
            counted[key] = counted.get(key, 0) + 1
            items[b.uid] = str(counted[key]) if prefix == "plain" else f"{prefix}-{counted[key]}"
    out: list[str] = []
    infos: list[ClauseInfo] = []
    next_year = str(doc.year + 1)
    for b in doc.blocks:
        if b.kind == "clause":
            lines = list(b.lines)
            if b.uid in printed:
                lines[0] = f"{b.lead}{printed[b.uid]}{b.dot}{lines[0]}"
            if b.slots:
                slots = b.slots
                lines = [_SLOT_MARK.sub(lambda m, slots=slots: slots[int(m[1])].text(), line) for line in lines]
            kind = KIND_OF_LIST.get(b.lst, "Agreement")
            infos.append(ClauseInfo(b.uid, doc.secnum[b.section], items[b.uid], len(out) + 1, kind, tuple(lines)))
            out.extend(lines)
        else:
            lines = [line.replace(_NEXT_YEAR, next_year) for line in b.lines]
            if b.kind == "head" and lines:
                number = doc.secnum[b.head]
                lines[0] = HEAD_NUMBER.sub(lambda m, n=number: f"{m[1]}{n}{m[3]}", lines[0], count=1)
            out.extend(lines)
    return "\n".join(out), infos


# --------------------------------------------------------------------------- renewal operations


def _blank(line: str) -> bool:
    return not line.replace("\xa0", " ").strip()


def _index(doc: Doc, uid: int) -> int:
    for i, b in enumerate(doc.blocks):
        if b.kind == "clause" and b.uid == uid:
            return i
    raise KeyError(uid)


def can_drop(doc: Doc, block: Block) -> bool:
    if not block.droppable or any(b.parent == block.uid for b in doc.clauses()):
        return False
    if doc.tpl.spec.lists[(block.section, block.lst)].printed == HIER:
        same = [b for b in doc.clauses() if (b.section, b.lst, b.group) == (block.section, block.lst, block.group)]
        return len(same) > 1  # a numbered sub-heading keeps at least one item
    return True


def drop(doc: Doc, uid: int) -> None:
    i = _index(doc, uid)
    del doc.blocks[i]
    prev_blank = i > 0 and doc.blocks[i - 1].lines and _blank(doc.blocks[i - 1].lines[-1])
    if prev_blank and i < len(doc.blocks):
        nxt = doc.blocks[i]
        if nxt.kind == "raw" and nxt.lines and _blank(nxt.lines[0]):
            nxt.lines = nxt.lines[1:]


def _family_end(doc: Doc, section: str, lst: str) -> int | None:
    """Index of the last block of a list, its sub-items included."""
    members = {b.uid for b in doc.clauses() if (b.section, b.lst) == (section, lst)}
    last = None
    for i, b in enumerate(doc.blocks):
        if b.kind == "clause" and (b.uid in members or b.parent in members):
            last = i
    return last


def insert(doc: Doc, section: str, lst: str, source: Block, swap: Swapper, source_tpl: Template) -> Block:
    """Append a clause of the other real text at the end of a list (names swapped)."""
    spec = doc.tpl.spec.lists[(section, lst)]
    src_spec = source_tpl.spec.lists[(source.section, source.lst)]
    lines = [swap(line) for line in source.lines]
    first = lines[0]
    if not src_spec.printed:
        first = BULLET.sub("", first, count=1)
    content = first.lstrip()
    block = Block("clause", [], uid=doc.next_uid, section=section, lst=lst, native=False,
                  origin=source.origin,
                  slots=[Slot(s.form, s.part, s.year + doc.year - BASE_YEAR) for s in source.slots])
    doc.next_uid += 1
    style = spec.added
    if style == "num":
        block.lead, block.dot, lines[0] = "", ".", " " + content
    elif style == "hier":
        block.lead, block.dot, lines[0] = "", "", " " + content
        block.group = max(b.group for b in doc.clauses() if (b.section, b.lst) == (section, lst))
    elif style.startswith("bullet:"):
        lines[0] = f"{style.split(':', 1)[1]} {content}"
    else:
        lines[0] = content
    end = _family_end(doc, section, lst)
    if end is None:
        anchor = doc.tpl.anchors[(section, lst)]
        end = next(i for i, b in enumerate(doc.blocks) if b.kind != "clause" and b.rid == anchor)
    before = doc.blocks[end]
    after = doc.blocks[end + 1] if end + 1 < len(doc.blocks) else None
    blank = doc.tpl.spec.blank
    if before.lines and not _blank(before.lines[-1]):
        doc.blocks.insert(end + 1, Block("raw", [blank], rid=doc.next_rid))
        doc.next_rid += 1
        end += 1
    block.lines = lines
    doc.blocks.insert(end + 1, block)
    if after is not None and after.lines and not _blank(after.lines[0]):
        doc.blocks.insert(end + 2, Block("raw", [blank], rid=doc.next_rid))
        doc.next_rid += 1
    return block


def toggle_party(doc: Doc, block: Block) -> tuple[dict, dict]:
    """Apply the clause's party change (a <-> b); returns the fields before and after."""
    op = block.party
    name = doc.province.name
    old, new = (op.b, op.a) if block.party_b else (op.a, op.b)
    old, new = old.replace("{N}", name), new.replace("{N}", name)
    for i, line in enumerate(block.lines):
        if old in line:
            block.lines[i] = line.replace(old, new, 1)
            break
    else:
        raise CorpusError(f"internal: '{old}' not in clause {block.origin}")
    before, after = (op.fb, op.fa) if block.party_b else (op.fa, op.fb)
    block.party_b = not block.party_b
    return before, after


def party_applicable(doc: Doc, block: Block) -> bool:
    if block.party is None or not block.native:
        return False
    op = block.party
    current = (op.b if block.party_b else op.a).replace("{N}", doc.province.name)
    return any(current in line for line in block.lines)


def reword_choices(block: Block) -> list[tuple[int, int, str]]:
    """(line, column, word) of every lower-case word the clause can be reworded at."""
    protected = []
    if block.party is not None:
        protected = [block.party.a, block.party.b]
    out = []
    for i, line in enumerate(block.lines):
        for m in SYNONYM_RE.finditer(line):
            if any(m[1] in p for p in protected):
                continue
            out.append((i, m.start(1), m[1]))
    return out


def reword(block: Block, choice: tuple[int, int, str]) -> str:
    i, col, word = choice
    line = block.lines[i]
    block.lines[i] = line[:col] + SYNONYM[word] + line[col + len(word):]
    return f"'{word}' -> '{SYNONYM[word]}'"


def due_of(block: Block) -> str | None:
    return min((s.due() for s in block.slots), default=None)


# --------------------------------------------------------------------------- manifests


def _iri(token: str, province: Province) -> str:
    return f"{RAI}provincie-{province.slug}" if token == "prov" else RAI + token


def _fields(before: dict, after: dict, province: Province) -> dict:
    out = {}
    for key in ("obligors", "beneficiaries", "modality", "carried_by", "programmes", "locations", "due_by"):
        if key in before or key in after:
            old = sorted(_iri(t, province) for t in before.get(key, []))
            new = sorted(_iri(t, province) for t in after.get(key, []))
            if old != new:
                out[key] = {"old": old, "new": new}
    return out


def arrangement_entry(doc: Doc, text: str, infos: list[ClauseInfo], lineage: dict) -> dict:
    slug = f"{doc.province.slug}-{doc.year}"
    return {
        "id": slug,
        "province": doc.province.slug,
        "year": doc.year,
        "file": f"data/sources/ra-{slug}.txt",
        "template": f"data/sources/{doc.tpl.spec.file}",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "valid_until": f"{doc.year + 1:04d}-06-30",
        "sections": sorted(doc.secnum.values(), key=_section_key),
        "clause_count": len(infos),
        "clauses": [{"clause": f"{slug}/{c.section}/{c.item}", "section": c.section, "item": c.item,
                     "line": c.line, "kind": c.kind, "lineage": lineage[c.uid][0], "origin": lineage[c.uid][1]}
                    for c in infos],
    }


def _lineage(doc: Doc) -> dict:
    return {b.uid: (f"{doc.province.slug}#{b.uid}", b.origin) for b in doc.clauses()}


def pair_changes(old_doc: Doc, old_infos: list, new_doc: Doc, new_infos: list, ops: dict) -> list[dict]:
    """Every change between two versions: the applied operations plus what they implied.

    ``ops``: uid -> (kind, fields, note) for clauses an operation touched
    ("drop", "add", "deadline", "party", "reword").  A clause whose id changed
    without an operation is "renumbered".  The change class follows from the
    effect: fields differ -> changed; text only -> reworded; id only -> renumbered.
    """
    old_slug = f"{old_doc.province.slug}-{old_doc.year}"
    new_slug = f"{new_doc.province.slug}-{new_doc.year}"
    old_by = {c.uid: c for c in old_infos}
    new_by = {c.uid: c for c in new_infos}
    changes = []
    for c in old_infos:  # dropped, in old order
        if c.uid not in new_by:
            kind, fields, note = ops[c.uid]
            changes.append({"change": "dropped", "kind": kind, "old": f"{old_slug}/{c.section}/{c.item}",
                            "new": None, "fields": {}, "lineage": f"{old_doc.province.slug}#{c.uid}", "note": note})
    for c in new_infos:  # kept or added, in new order
        new_id = f"{new_slug}/{c.section}/{c.item}"
        lineage = f"{new_doc.province.slug}#{c.uid}"
        if c.uid not in old_by:
            kind, fields, note = ops[c.uid]
            changes.append({"change": "added", "kind": kind, "old": None, "new": new_id, "fields": {},
                            "lineage": lineage, "note": note})
            continue
        o = old_by[c.uid]
        old_id = f"{old_slug}/{o.section}/{o.item}"
        renumbered = (o.section, o.item) != (c.section, c.item)
        if c.uid in ops:
            kind, fields, note = ops[c.uid]
            change = "changed" if fields else "reworded"
            if renumbered:
                note += f"; also renumbered {o.section}/{o.item} -> {c.section}/{c.item}"
            changes.append({"change": change, "kind": kind, "old": old_id, "new": new_id, "fields": fields,
                            "lineage": lineage, "note": note})
        elif renumbered:
            why = ("section renumbered" if o.section != c.section
                   else "item renumbered after a change earlier in its list")
            changes.append({"change": "renumbered", "kind": "renumber", "old": old_id, "new": new_id, "fields": {},
                            "lineage": lineage, "note": f"{why}: {o.section}/{o.item} -> {c.section}/{c.item}"})
        elif c.lines != o.lines:
            raise CorpusError(f"internal: {new_id} changed without an operation")
    return changes


# --------------------------------------------------------------------------- renewals


class Context:
    """Per generation: repository, templates and each province's unused pool clauses."""

    def __init__(self, root: Path):
        self.root = root
        self.pool_used: dict[str, set] = {}

    def pool(self, doc: Doc) -> list[tuple]:
        other = load_template(self.root, "groningen" if doc.tpl.spec.name == "drenthe" else "drenthe")
        used = self.pool_used.setdefault(doc.province.slug, set())
        return [(other, cid, sec, lst) for cid, sec, lst in other.spec.pool if cid not in used]


def renew(ctx: Context, doc: Doc, rng: random.Random) -> tuple[Doc, dict]:
    """Next year's version of a document: a seeded set of renewal changes."""
    new = doc.copy()
    new.year = doc.year + 1
    ops: dict[int, tuple] = {}
    # 1. drops (1-3); items after a dropped one in the same list are renumbered
    for _ in range(rng.randint(1, 3)):
        candidates = [b for b in new.clauses() if can_drop(new, b) and b.uid not in ops]
        if not candidates:
            break
        victim = rng.choice(candidates)
        ops[victim.uid] = ("drop", {}, "clause dropped")
        drop(new, victim.uid)
    _, after_drop = render(new)
    _, before = render(doc)
    old_ids = {c.uid: (c.section, c.item) for c in before}
    shifted = {c.uid for c in after_drop if old_ids.get(c.uid) not in (None, (c.section, c.item))}
    # 2. deadlines: every expired one, then random ones up to 1-2 moves
    target = rng.randint(1, 2)
    moved = 0
    for b in new.clauses():
        if any(s.year < new.year for s in b.slots):
            old_due = due_of(b)
            phrases = [s.text() for s in b.slots]
            b.slots = [s.not_before(new.year) for s in b.slots]
            ops[b.uid] = ("deadline", {"due_by": {"old": old_due, "new": due_of(b)}},
                          f"expired deadline moved: {', '.join(phrases)} -> {', '.join(s.text() for s in b.slots)}")
            moved += 1
    candidates = [b for b in new.clauses() if b.slots and b.uid not in ops and b.uid not in shifted]
    while moved < target and candidates:
        b = rng.choice(candidates)
        candidates.remove(b)
        old_due, phrases = due_of(b), [s.text() for s in b.slots]
        steps = rng.randint(1, 2)
        b.slots = [s.later(steps) for s in b.slots]
        ops[b.uid] = ("deadline", {"due_by": {"old": old_due, "new": due_of(b)}},
                      f"deadline moved: {', '.join(phrases)} -> {', '.join(s.text() for s in b.slots)}")
        moved += 1
    # 3. one party change
    candidates = [b for b in new.clauses() if party_applicable(new, b) and b.uid not in ops and b.uid not in shifted]
    if candidates:
        b = rng.choice(candidates)
        before_f, after_f = toggle_party(new, b)
        old, now = (b.party.b, b.party.a) if not b.party_b else (b.party.a, b.party.b)
        ops[b.uid] = ("party", _fields(before_f, after_f, new.province),
                      f"party changed: '{old.replace('{N}', new.province.name)}' -> "
                      f"'{now.replace('{N}', new.province.name)}'")
    # 4. one rewording
    candidates = [b for b in new.clauses() if reword_choices(b) and b.uid not in ops and b.uid not in shifted]
    if candidates:
        b = rng.choice(candidates)
        note = reword(b, rng.choice(reword_choices(b)))
        ops[b.uid] = ("reword", {}, f"reworded: {note}")
    # 5. additions (1-2) from the pool, at the end of the list of the same theme
    for _ in range(rng.randint(1, 2)):
        pool = ctx.pool(new)
        if not pool:
            break
        other, cid, sec, lst = rng.choice(pool)
        ctx.pool_used[new.province.slug].add(cid)
        block = insert(new, sec, lst, other.clause_specs[cid], Swapper(other.spec, new.province), other)
        ops[block.uid] = ("add", {}, f"clause added from {other.spec.file} {cid}")
    return new, ops


# --------------------------------------------------------------------------- output


def _prepare(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise CorpusError(f"{out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise CorpusError(f"{out}: directory is not empty (use --force to overwrite)")
        for name in ("ontology", "queries", "data"):
            if (out / name).is_dir():
                shutil.rmtree(out / name)
        if (out / "manifest.json").exists():
            (out / "manifest.json").unlink()
    out.mkdir(parents=True, exist_ok=True)


def _copy_repo(root: Path, out: Path) -> None:
    for rel in ("ontology", "queries", "data/rules", "data/vocab"):
        src = root / rel
        if not src.is_dir():
            raise CorpusError(f"{src}: missing in the repository")
        dst = out / rel
        dst.mkdir(parents=True, exist_ok=True)
        for path in sorted(src.iterdir()):
            if path.is_file():
                (dst / path.name).write_bytes(path.read_bytes())
    for rel in ("data/sources", "data/curation", "data/graph"):
        (out / rel).mkdir(parents=True, exist_ok=True)


def _ttl_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def vocab_extra(root: Path, provinces: list[Province]) -> str:
    """Turtle for the province-derived names of the generated texts (see MIRRORS)."""
    existing: set[str] = set()
    for path in sorted((root / "data" / "vocab").glob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        existing |= {m.casefold() for m in re.findall(r'"((?:[^"\\]|\\.)*)"@nl', text)}
        existing |= {m.casefold() for m in re.findall(r'ra:shortName\s+"((?:[^"\\]|\\.)*)"', text)}
    out = [
        "# Synthetic vocabulary for the generated corpus (corpus.py): names derived from a",
        "# province's name (\"Oost-Zeeland\", \"Utrechtse gemeenten\") as the generated texts write",
        "# them, mirroring the entries of the real Drenthe and Groningen names.  Not real places",
        "# or programmes; no public identifiers.",
        "",
        "@prefix ra: <https://w3id.org/ra-graph/def#> .",
        "@prefix rai: <https://w3id.org/ra-graph/id/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
    ]
    seen = set(existing)
    for province in provinces:
        for template_name, local, cls, labels in MIRRORS:
            if template_name == province.slug:
                continue  # the real names
            swap = Swapper(TEMPLATES[template_name], province)
            fresh = []
            for label in labels:
                new = swap(label)
                if new.casefold() not in seen:
                    seen.add(new.casefold())
                    fresh.append(new)
            if not fresh:
                continue
            labels_nl = ", ".join(_ttl_string(x) + "@nl" for x in fresh)
            if cls == "extend":
                out.append(f"rai:{local} skos:altLabel {labels_nl} .")
                out.append("")
                continue
            iri = "corpus-" + re.sub(r"[^0-9a-z]+", "-", _ascii(fresh[0]).lower()).strip("-")
            lines = [f"rai:{iri} a {cls} ;",
                     f"    skos:prefLabel {_ttl_string(fresh[0])}@nl, {_ttl_string(fresh[0])}@en ;"]
            if len(fresh) > 1:
                lines.append("    skos:altLabel " + ", ".join(_ttl_string(x) + "@nl" for x in fresh[1:]) + " ;")
            lines.append(f"    ra:shortName {_ttl_string(fresh[0])} ;")
            if cls == "ra:Location":
                lines.append(f"    ra:locatedIn rai:{province.slug} ;")
            elif cls == "ra:Programme":
                lines.append(f"    ra:owner rai:provincie-{province.slug} ;")
            lines.append(f"    rdfs:comment \"Synthetic ({province.name}): mirrors rai:{local} for the "
                         f"generated corpus.\"@en .")
            out.extend(lines)
            out.append("")
    return "\n".join(out)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _write_manifest(out: Path, manifest: dict) -> None:
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _parse_years(years) -> range:
    if isinstance(years, range):
        if years.step != 1 or len(years) == 0:
            raise CorpusError("--years: need consecutive years, e.g. 2025-2034")
        return years
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", str(years))
    if not m:
        raise CorpusError(f"--years: expected A-B (e.g. 2025-2034), got '{years}'")
    first, last = int(m[1]), int(m[2] or m[1])
    if last < first:
        raise CorpusError(f"--years: {last} is before {first}")
    return range(first, last + 1)


def generate(out: Path, provinces: int = 12, years: range = range(2025, 2035), seed: int = 1, *,
             force: bool = False, repo: Path | None = None) -> dict:
    """Write a corpus of ``provinces`` provinces x ``years`` to ``out``; returns the manifest."""
    out = Path(out)
    years = _parse_years(years)
    if not 1 <= provinces <= len(PROVINCES):
        raise CorpusError(f"--provinces: expected 1..{len(PROVINCES)}, got {provinces}")
    if years.start < 2000 or years.stop > 2200:
        raise CorpusError(f"--years: {years.start}-{years.stop - 1} is out of range")
    root = repo_root(repo)
    chosen = list(PROVINCES[:provinces])
    for name in TEMPLATES:  # a changed real text stops us before anything is written
        load_template(root, name)
    _prepare(out, force)
    _copy_repo(root, out)
    ctx = Context(root)
    arrangements, pairs = [], []
    for province in chosen:
        doc = base_doc(root, province, years.start)
        previous = None
        for year in years:
            if year != years.start:
                rng = random.Random(f"ra-graph-corpus:{seed}:{province.slug}:{year}")
                doc, ops = renew(ctx, previous[0], rng)
            text, infos = render(doc)
            (out / "data" / "sources" / f"ra-{province.slug}-{year}.txt").write_bytes(text.encode("utf-8"))
            arrangements.append(arrangement_entry(doc, text, infos, _lineage(doc)))
            if previous is not None:
                changes = pair_changes(previous[0], previous[1], doc, infos, ops)
                pairs.append({"province": province.slug, "old": f"{province.slug}-{year - 1}",
                              "new": f"{province.slug}-{year}", "changes": changes,
                              "summary": _summary(changes)})
            previous = (doc, infos)
    (out / "data" / "vocab" / "corpus-extra.ttl").write_text(vocab_extra(root, chosen) + "\n", encoding="utf-8")
    manifest = {
        "generator": "corpus.py",
        "version": MANIFEST_VERSION,
        "kind": "corpus",
        "seed": seed,
        "provinces": [p.slug for p in chosen],
        "years": [years.start, years.stop - 1],
        "arrangement_count": len(arrangements),
        "clause_count": sum(a["clause_count"] for a in arrangements),
        "arrangements": arrangements,
        "pairs": pairs,
    }
    _write_manifest(out, manifest)
    return manifest


def _summary(changes: list) -> dict:
    counts: dict[str, int] = {}
    for c in changes:
        counts[c["change"]] = counts.get(c["change"], 0) + 1
    return dict(sorted(counts.items()))


# --------------------------------------------------------------------------- make_pair


PAIR_KINDS = ("drop", "add", "deadline", "party", "section", "reword")


def make_pair(out: Path, seed: int = 1, *, province: str | None = None, year: int = BASE_YEAR,
              force: bool = False, repo: Path | None = None) -> dict:
    """One province, two consecutive years; the second differs from the first by exactly six
    known changes, each in a different clause: one clause dropped, one added, one deadline moved,
    one obligor changed, one section renumbered (a clause-free section is inserted before the
    last section of the agreements chapter) and one clause reworded.  Items after the dropped
    one in its list are renumbered, as in real renewals, and reported as "renumbered"."""
    out = Path(out)
    root = repo_root(repo)
    if province and province not in PROVINCE:
        raise CorpusError(f"--province: unknown '{province}' (one of {', '.join(PROVINCE)})")
    chosen = PROVINCE[province] if province else random.Random(f"ra-graph-corpus:{seed}:pair").choice(PROVINCES)
    rng = random.Random(f"ra-graph-corpus:{seed}:pair:{chosen.slug}:{year}")
    for name in TEMPLATES:
        load_template(root, name)
    _prepare(out, force)
    _copy_repo(root, out)
    ctx = Context(root)
    old = base_doc(root, chosen, year)
    new = old.copy()
    new.year = year + 1
    ops: dict[int, tuple] = {}
    taken: set[int] = set()
    sections = [s for s in new.tpl.sections]
    last = sections[-1]
    # section renumbered: a clause-free section inserted before the last one of the agreements chapter
    head_index = next(i for i, b in enumerate(new.blocks) if b.kind == "head" and b.head == last)
    inserted_key = "new-1"
    new.secnum[inserted_key] = new.secnum[last]
    major, minor = new.secnum[last].split(".")
    new.secnum[last] = f"{major}.{int(minor) + 1}"
    section_lines = [line.replace("{num}", new.secnum[inserted_key]) for line in new.tpl.spec.new_section]
    new.blocks.insert(head_index, Block("head", section_lines, rid=new.next_rid, head=inserted_key))
    new.next_rid += 1
    renumbered_section = [b.uid for b in new.clauses() if b.section == last]
    taken |= set(renumbered_section)
    # deadline: the one that expires in the new year, else a seeded one
    expiring = [b for b in new.clauses() if any(s.year < new.year for s in b.slots)]
    if len(expiring) > 1:
        raise CorpusError("internal: more than one deadline expires in the pair's second year")
    dated = expiring or [b for b in new.clauses() if b.slots and b.uid not in taken]
    moved = rng.choice(dated)
    old_due, phrases = due_of(moved), [s.text() for s in moved.slots]
    moved.slots = ([s.not_before(new.year) for s in moved.slots] if expiring
                   else [s.later(1) for s in moved.slots])
    ops[moved.uid] = ("deadline", {"due_by": {"old": old_due, "new": due_of(moved)}},
                      f"deadline moved: {', '.join(phrases)} -> {', '.join(s.text() for s in moved.slots)}")
    taken.add(moved.uid)
    # drop: a clause with one or two later items in its list (those are renumbered, as in real renewals)
    _, infos = render(new)
    ids = {c.uid: (c.section, c.item) for c in infos}

    def shifted_by(block: Block) -> set[int]:
        trial = new.copy()
        drop(trial, block.uid)
        return {c.uid for c in render(trial)[1] if ids[c.uid] != (c.section, c.item)}

    options = []
    for b in new.clauses():
        if can_drop(new, b) and b.uid not in taken and not b.slots and b.party is None:
            shifted = shifted_by(b)
            if 1 <= len(shifted) <= 2 and not shifted & taken:
                options.append((b, shifted))
    victim, shifted = rng.choice(options)
    victim_section, victim_list = victim.section, victim.lst
    taken |= shifted | {victim.uid}
    ops[victim.uid] = ("drop", {}, "clause dropped")
    drop(new, victim.uid)
    # obligor changed
    candidates = [b for b in new.clauses() if party_applicable(new, b) and b.uid not in taken]
    changed = rng.choice(candidates)
    before_f, after_f = toggle_party(new, changed)
    ops[changed.uid] = ("party", _fields(before_f, after_f, new.province),
                        f"obligor changed: '{changed.party.a.replace('{N}', new.province.name)}' -> "
                        f"'{changed.party.b.replace('{N}', new.province.name)}'")
    taken.add(changed.uid)
    # reworded
    candidates = [b for b in new.clauses() if reword_choices(b) and b.uid not in taken]
    reworded = rng.choice(candidates)
    ops[reworded.uid] = ("reword", {}, "reworded: " + reword(reworded, rng.choice(reword_choices(reworded))))
    taken.add(reworded.uid)
    # added: from the pool, into another list than the dropped clause's
    pool = [p for p in ctx.pool(new) if (p[2], p[3]) != (victim_section, victim_list) and p[2] != last
            and not p[0].clause_specs[p[1]].slots]
    other, cid, sec, lst = rng.choice(pool)
    block = insert(new, sec, lst, other.clause_specs[cid], Swapper(other.spec, new.province), other)
    ops[block.uid] = ("add", {}, f"clause added from {other.spec.file} {cid}")
    # manifest
    old_text, old_infos = render(old)
    new_text, new_infos = render(new)
    for doc, text in ((old, old_text), (new, new_text)):
        (out / "data" / "sources" / f"ra-{doc.province.slug}-{doc.year}.txt").write_bytes(text.encode("utf-8"))
    changes = pair_changes(old, old_infos, new, new_infos, ops)
    for c in changes:
        if c["kind"] == "renumber" and c["note"].startswith("section"):
            c["kind"] = "section"
    (out / "data" / "vocab" / "corpus-extra.ttl").write_text(vocab_extra(root, [chosen]) + "\n", encoding="utf-8")
    manifest = {
        "generator": "corpus.py",
        "version": MANIFEST_VERSION,
        "kind": "pair",
        "seed": seed,
        "provinces": [chosen.slug],
        "years": [year, year + 1],
        "arrangement_count": 2,
        "clause_count": len(old_infos) + len(new_infos),
        "arrangements": [arrangement_entry(old, old_text, old_infos, _lineage(old)),
                         arrangement_entry(new, new_text, new_infos, _lineage(new))],
        "pairs": [{"province": chosen.slug, "old": f"{chosen.slug}-{year}", "new": f"{chosen.slug}-{year + 1}",
                   "changes": changes, "summary": _summary(changes),
                   "metadata": {"valid_until": {"old": f"{year + 1}-06-30", "new": f"{year + 2}-06-30"},
                                "sections": {"inserted": new.secnum[inserted_key],
                                             "renumbered": {last: new.secnum[last]}}}}],
    }
    _write_manifest(out, manifest)
    return manifest


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="corpus.py",
        description="Write a deterministic synthetic ra-graph corpus (an RA_GRAPH_HOME directory).",
        epilog="example: python corpus.py --provinces 12 --years 2025-2034 --seed 1 --out /tmp/corpus",
    )
    parser.add_argument("--provinces", type=int, default=12, help="first N provinces in CBS order (1-12)")
    parser.add_argument("--years", help="A-B, consecutive years (default 2025-2034; with --pair 2025-2026)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="directory to write (RA_GRAPH_HOME layout)")
    parser.add_argument("--force", action="store_true", help="overwrite a non-empty --out")
    parser.add_argument("--pair", action="store_true",
                        help="write make_pair(): one province, two versions with six known changes")
    parser.add_argument("--province", help="with --pair: the province (default: chosen by the seed)")
    parser.add_argument("--repo", type=Path, help="ra-graph checkout to take texts and data from")
    args = parser.parse_args(argv)
    try:
        if args.pair:
            years = _parse_years(args.years or f"{BASE_YEAR}-{BASE_YEAR + 1}")
            if len(years) > 2:
                raise CorpusError(f"--years: a pair is two consecutive years (e.g. 2025-2026), got '{args.years}'")
            manifest = make_pair(args.out, args.seed, province=args.province, year=years.start,
                                 force=args.force, repo=args.repo)
        else:
            manifest = generate(args.out, args.provinces, _parse_years(args.years or "2025-2034"), args.seed,
                                force=args.force, repo=args.repo)
    except CorpusError as exc:
        print(f"corpus.py: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: {manifest['arrangement_count']} arrangements, {manifest['clause_count']} clauses",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
