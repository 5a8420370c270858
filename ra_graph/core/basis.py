"""Why a commitment reads as it does, in a few words: text, a named rule, or a curation entry.

The graph records it on each commitment: ``ra:basis`` (FromText, FromRule,
FromCuration), ``ra:note`` ("rules: passive-lead-in, joint, …", the
extraction rules applied in order; a curated commitment's note starts with
"curation <file>:<line>: …" and keeps the draft's rules) and
``ra:curationEntry`` ("groningen-2025.yaml:62").  Tables and CSV show the
short form :func:`describe` makes of them.
"""

from __future__ import annotations

import re

_RULES = re.compile(r"(?:^|; )(?:draft )?rules: ([^;]*)$")


def rules(note: str | None) -> list[str]:
    """The rule names a note lists, in the order they were applied."""
    match = _RULES.search(note or "")
    return [r.strip() for r in match[1].split(", ") if r.strip()] if match else []


def describe(basis: str | None, applied: list[str] = (), curation_entry: str | None = None) -> str:
    """``curation groningen-2025.yaml:62``, ``rule passive-lead-in`` or ``text``.

    A curation entry wins (it is where a person decided); a commitment whose
    parties come from a rule names the rule that supplied them: the first of
    the ``applied`` rules (:func:`rules`), without its parenthesised detail.
    """
    if curation_entry:
        return f"curation {curation_entry}"
    if basis == "FromRule":
        return f"rule {applied[0].split(' (')[0]}" if applied else "rule"
    if basis == "FromCuration":
        return "curation"
    return "text" if basis == "FromText" else (basis or "")
