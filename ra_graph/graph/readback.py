"""Does the written snapshot read back?  Proved block by block, each block once.

``build.check_reads_back`` parses the whole written snapshot again (172,000
statements at 120 arrangements: a quarter of a rebuild after one new text)
to prove that every named graph holds its statements and literals as
written.  The snapshot is a header, one prefix header and the blocks of the
named graphs, concatenated (``compile.assemble``); so the same proof can be
made per block, and a block whose exact text was proved before (by this
parser version) need not be parsed again:

1. the file holds exactly ``text``, and ``text`` is exactly the header plus
   the assembly of the blocks (anything else: the whole check);
2. no prefix name is declared twice with different IRIs, so each block
   reads the same in the file as alone with its own prefixes;
3. each block alone (its prefixes, then the block) parses, names only its
   own graph, holds its statement count and its literals, and has no
   directive (``@prefix``, ``BASE`` ...) that would change how the blocks
   after it read: proved now, or found in the record of blocks proved
   before (``.cache/readback/blocks.json``: per graph the sha256 of the text
   proved, its statement count and its literal digest).

Blank-node labels are the one thing a file shares between blocks; they can
only join nodes of different graphs, which changes neither a graph's
statements nor their count.  When any step does not hold, the caller runs
the whole check, which says what is wrong (file, line, value) as before.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from ra_graph.graph import cache as cache_mod
from ra_graph.graph.compile import assemble, literal_digest, literals

KIND, NAME = "readback", "blocks"
_PREFIX = re.compile(r"@prefix ([^:\s]*): <([^>]*)> \.")
# a line that could open a directive (in a block it can only stand inside a long literal: then the whole check)
_DIRECTIVE = re.compile(r"^[ \t]*@?(?:prefix|base)\b", re.IGNORECASE | re.MULTILINE)


def _key() -> str:
    """What a proof depends on besides the text: this module and the parser's version."""
    return cache_mod.digest("readback 2", cache_mod.code_digest("graph"))


def by_block(written: Path, text: str, header: str, made: Mapping[str, tuple[list[str], str, int, str]],
             cache: cache_mod.Cache | None, digests: Mapping[str, str] | None = None) -> bool:
    """True when the snapshot ``written`` (which should hold ``text``) provably reads back
    as ``made`` (graph -> prefix lines, block, statement count, literal digest); False
    when that is not proved here (the caller then parses the whole file).  ``digests``:
    the sha256 of each block alone (its prefixes, a blank line, the block), if known."""
    if header + assemble((name, prefixes, block) for name, (prefixes, block, _, _) in made.items()) != text:
        return False
    if written.read_bytes() != text.encode("utf-8"):
        return False
    declared: dict[str, str] = {}
    for name, (prefixes, block, _, _) in made.items():
        for line in prefixes if block else ():
            match = _PREFIX.fullmatch(line)
            if match is None or declared.setdefault(match[1], match[2]) != match[2]:
                return False
    cache = cache or cache_mod.Cache(None)
    source = (NAME, "")
    record = cache.get(KIND, NAME, _key(), source)
    proved = record if isinstance(record, dict) else {}
    now: dict[str, list] = {}
    for name, (prefixes, block, count, digest) in made.items():
        if not block:
            continue
        alone = "\n".join(prefixes) + "\n\n" + block
        sha = (digests or {}).get(name) or hashlib.sha256(alone.encode("utf-8")).hexdigest()
        proof = [sha, count, digest]
        if proved.get(name) != proof and not _reads_alone(name, alone, block, count, digest):
            return False
        now[name] = proof
    if now != proved:
        cache.put(KIND, NAME, _key(), now, source)
        cache.keep_only(KIND, {NAME})
    return True


def _reads_alone(name: str, alone: str, block: str, count: int, digest: str) -> bool:
    """Does this block, parsed alone, hold exactly its statements and literals in its own graph?"""
    if not block.startswith(f"<{name}> {{\n") or _DIRECTIVE.search(block):
        return False
    try:
        quads = list(ox.parse(alone.encode("utf-8"), format=ox.RdfFormat.TRIG))
    except (SyntaxError, ValueError):
        return False
    graph = ox.NamedNode(name)
    return (len(quads) == count and all(q.graph_name == graph for q in quads)
            and literal_digest(literals(q.object for q in quads)) == digest)
