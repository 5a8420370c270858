"""Stage 1, extract: a source text -> clauses with draft commitments.

In: ``data/sources/ra-<province>-<year>.txt``, the gazetteer (``data/vocab``)
and the reading rules (``data/rules``).  Out: a ``core.model.Arrangement``,
with the curation overlay (``curate.py``, ``data/curation``) laid over it.
Start at ``pipeline.draft``: ``structure`` segments, ``commitments`` reads.
"""
