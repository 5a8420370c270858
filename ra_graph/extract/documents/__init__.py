"""Published documents (PDF, Word, text) -> source texts: ``ra-graph add``.

``add.py`` is the command; ``pdf.py`` and ``docx.py`` read the two formats
into one line layout (``layout.py``; Word's list numbers by
``numbering.py``); ``titlepage.py`` finds province and year;
``provenance.py`` writes and reads the sidecar with the original's SHA-256
and the page map.
"""
