"""Extraction: from a source text to clauses and draft commitments.

Segmentation (``structure.parse_arrangement``) finds sections and clauses
from the text's layout; the commitment rules then read who owes what.
"""

from __future__ import annotations

from ra_graph.extract.structure import parse_arrangement

__all__ = ["parse_arrangement"]
