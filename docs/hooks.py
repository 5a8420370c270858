"""MkDocs hook: add the generated reference pages while the site builds.

Why a hook and not committed files: the pages are made from
``ontology/ra.ttl``, ``ontology/shapes.ttl`` and ``queries/*.rq`` at every
build, so they cannot fall behind the files they describe.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import docgen  # noqa: E402


def on_files(files, config):
    for path, text in docgen.pages().items():
        files.append(File.generated(config, path, content=text))
    return files
