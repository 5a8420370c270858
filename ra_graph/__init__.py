"""ra-graph: the knowledge graph of the Dutch Ruimtelijke Arrangementen."""

__version__ = "0.1.0"
