"""Stage 4, query: the snapshot -> answers to analysts' questions.

In: the snapshot (read with pyoxigraph, never rdflib) and ``queries/*.rq``.
Out: tables, JSON and CSV for ``clauses``, ``owes``, ``query`` and the
read-only SPARQL endpoint.  Start at ``library`` (stored queries and
parameter binding), then ``results`` (rows for people and machines).
"""
