"""The analysts' workbench: the register as web pages (``ra-graph serve``, ``ra-graph site``).

Pages are rendered by :class:`ra_graph.web.workbench.Workbench`, which holds
an open store; the endpoint runs it inside its query worker processes (see
:mod:`ra_graph.query.serve_pool`), so a page obeys the same deadline, memory
limit and queue as a SPARQL query, and ``ra-graph site`` runs it in-process.
"""
