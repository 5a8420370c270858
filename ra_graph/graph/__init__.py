"""Stage 2, graph: extracted arrangements -> the RDF snapshot, and out again.

In: ``core.model.Arrangement`` objects from ``extract``.  Out: the TriG
snapshot ``data/graph/ra-graph.trig`` (one named graph per arrangement),
exports in other formats and publication to a Graph Store.
Start at ``build.build_snapshot``; ``compile`` holds the model -> RDF rules.
"""
