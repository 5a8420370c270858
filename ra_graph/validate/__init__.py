"""Stage 3, validate: the snapshot -> findings -> reports.

In: the snapshot and ``ontology/shapes.ttl``.  Out: findings (SHACL Core
results plus the checks SHACL cannot state, each traced to clause and line)
rendered as text, JSON, Markdown, HTML or Turtle.  Start at ``shacl.run``.
"""
