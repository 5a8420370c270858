"""Where the project's data lives.

The package reads its ontology, vocabularies, reading rules, curation,
queries and the snapshot from the checkout it is installed from (``pip
install -e .``), so that a data steward edits files, not code.
``RA_GRAPH_HOME`` points the tool at another checkout or data directory
with the same layout.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("RA_GRAPH_HOME", Path(__file__).resolve().parents[2]))
ONTOLOGY = ROOT / "ontology" / "ra.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
SOURCES = ROOT / "data" / "sources"
VOCAB = ROOT / "data" / "vocab"
CURATION = ROOT / "data" / "curation"
RULES = ROOT / "data" / "rules"
SNAPSHOT = ROOT / "data" / "graph" / "ra-graph.trig"
CACHE = ROOT / "data" / "graph" / ".cache"  # the build's per-source cache (ignored by git)
QUERIES = ROOT / "queries"
