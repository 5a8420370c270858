"""The build cache: per source, what was extracted and serialised last time.

A national register holds a hundred-odd texts; a rebuild after one new
text should read one text.  Each text's extraction (its curated
Arrangement, as JSON) and each arrangement's block of the snapshot are kept
in ``data/graph/.cache/`` (ignored by git), stored with the key they were
made under: a sha256 of everything the result depends on -- for an
extraction the text, the rule files, the vocabulary files, the curation
file and the code that reads them; for a block the arrangement itself and
the code that compiles it.  Any change gives another key, so a stale entry
is never used; a missing, unreadable or mismatched entry is recomputed.
A cache that cannot be written (a read-only checkout) only costs speed.

Curation files of *earlier* versions can apply to a text too (an entry
follows its clause while the text is unchanged, ``extract.carry``).  That
step runs after extraction, on every build, uncached: an extraction entry
holds only the text's own curation; what earlier files carry over is laid
on after it, and a block's key is the arrangement as finally read, so a
change in any curation file that can apply changes the key of every block
it reaches.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import ra_graph

# Bump when the layout of the entries changes.
_FORMAT = "1"


def digest(*parts: str | bytes) -> str:
    """sha256 over the parts, each length-prefixed (so ("ab", "c") != ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def files_digest(files: list[Path] | tuple[Path, ...]) -> str:
    """One digest of these files' names and contents.  A missing file counts as
    absent; anything else in its place (a directory, a broken link) as itself,
    so that reading it fails as it would without a cache."""
    parts: list[str | bytes] = []
    for path in sorted(Path(f) for f in files):
        parts.append(path.name)
        if path.is_file():
            parts.append(path.read_bytes())
        else:
            parts.append(b"\x00not a file" if path.exists() or path.is_symlink() else b"\x00absent")
    return digest(*parts)


@lru_cache(maxsize=8)
def code_digest(*packages: str) -> str:
    """A digest of the Python source of these ``ra_graph`` sub-packages: a new
    version of the code that makes an entry invalidates it."""
    root = Path(ra_graph.__file__).parent
    files = [f for package in packages for f in sorted((root / package).glob("*.py"))]
    return digest(_FORMAT, *(f"{f.parent.name}/{f.name}" for f in files), *(f.read_bytes() for f in files))


class Cache:
    """Entries ``<directory>/<kind>/<name>.json`` holding ``{"key": …, "value": …}``."""

    def __init__(self, directory: Path | None):
        self.directory = directory  # None: caching off

    def get(self, kind: str, name: str, key: str) -> object | None:
        if self.directory is None:
            return None
        try:
            entry = json.loads((self.directory / kind / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry.get("value") if isinstance(entry, dict) and entry.get("key") == key else None

    def put(self, kind: str, name: str, key: str, value: object) -> None:
        if self.directory is None:
            return
        folder = self.directory / kind
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"key": key, "value": value}, handle, ensure_ascii=False)
            os.replace(tmp, folder / f"{name}.json")
        except OSError:
            pass  # a cache that cannot be written only costs speed

    def keep_only(self, kind: str, names: set[str]) -> None:
        """Remove the entries of ``kind`` for sources that are gone."""
        if self.directory is None or not (self.directory / kind).is_dir():
            return
        for path in (self.directory / kind).glob("*.json"):
            if path.stem not in names:
                try:
                    path.unlink()
                except OSError:
                    pass
