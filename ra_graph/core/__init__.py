"""The foundation every stage stands on; imports nothing from the stages.

Errors, data paths, atomic writes, text files, ISO dates, namespaces and the
public IRI scheme, the plain-data model between extraction and RDF, output
tables, and the pyoxigraph store with actor-name resolution.
"""
