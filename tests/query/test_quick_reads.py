"""What keeps a quick read command quick, held to it.

A stored query is trusted (``queries/``): the SPARQL scanner, whose Unicode classes cost about
8 ms to compile, runs on it only where the letters ``service`` occur.  A user's own file is
always scanned.  The read commands do not import the extraction model.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ra_graph.query.sparql_guard import QueryRefused, check

PROBE = """
import sys
from ra_graph.cli import main
from ra_graph.query import sparql_guard
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(__import__("json").dumps({"code": code, "scanned": sparql_guard._tokens.cache_info().currsize,
                                "model": "ra_graph.core.model" in sys.modules}), file=sys.stderr)
"""


def _probe(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stderr.strip().split("\n")[-1])


@pytest.mark.parametrize("args", [
    ["query", "one-sided"],
    ["query", "owes", "--param", "debtor=LVVN", "--param", "creditor=Groningen"],
    ["owes", "LVVN", "Groningen"],
    ["deadlines", "--as-of", "2026-07-01"],
])
def test_a_stored_query_is_not_scanned_and_the_model_not_imported(args):
    assert _probe(*args) == {"code": 0, "scanned": 0, "model": False}


def test_a_users_own_query_is_scanned(tmp_path):
    own = tmp_path / "own.rq"
    own.write_text("SELECT ?c WHERE { ?c a ra:Clause } LIMIT 1\n", encoding="utf-8")
    assert _probe("query", str(own)) == {"code": 0, "scanned": 1, "model": False}


def test_a_trusted_text_that_names_service_is_scanned_and_refused():
    with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
        check("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", trusted=True)
    check('SELECT * WHERE { ?s ?p "service" }', trusted=True)  # in a string: scanned, and fine
    with pytest.raises(QueryRefused, match="query too large"):
        check("#" * 1_000_001, trusted=True)


def test_history_does_not_import_the_model():
    assert _probe("history", "drenthe-2025/3.7/1")["model"] is False


OPENED = """
import sys
from ra_graph.cli import main
from ra_graph.core import diskstore
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
stores = [o[0] for o in diskstore._ORIGIN.values()]
print(__import__("json").dumps({"code": code, "deferred": [type(s).__name__ == "Deferred" for s in stores],
                                "opened": [getattr(s, "_store", s) is not None for s in stores]}), file=sys.stderr)
"""


def _opened(home, *args: str) -> tuple[dict, str, str]:
    from conftest import home_env

    done = subprocess.run([sys.executable, "-c", OPENED, *args], env=home_env(home), cwd=home,
                          capture_output=True, text=True, check=True)
    lines = done.stderr.strip().split("\n")
    return json.loads(lines[-1]), done.stdout, "\n".join(lines[:-1])


def test_answers_from_the_arrangements_in_force_never_open_the_database(register):
    for args in (["owes", "Rijk", "Groningen"], ["deadlines", "--as-of", "2026-07-01"],
                 ["query", "by-location", "--param", "location=Groningen"]):
        found, _, _ = _opened(register, *args)
        assert found == {"code": 0, "deferred": [True], "opened": [False]}, args
    found, _, _ = _opened(register, "query", "by-location", "--param", "location=Groningen", "--all-years")
    assert found == {"code": 0, "deferred": [True], "opened": [True]}  # every version: asked of the database


def test_a_database_that_fails_when_first_asked_gives_the_answer_from_the_snapshot(register, tmp_path):
    import shutil

    home = tmp_path / "home"
    shutil.copytree(register, home)
    args = ["query", "by-location", "--param", "location=Groningen", "--all-years", "--format", "json"]
    _, before, _ = _opened(home, *args)
    store = home / "data" / "graph" / "store"
    version = json.loads((store / "current.json").read_text(encoding="utf-8"))["version"]
    for table in (store / version / "db").glob("*.sst"):
        table.write_bytes(b"not a table")  # CURRENT and the manifest stay: only opening finds it out
    found, after, said = _opened(home, *args)
    assert found == {"code": 0, "deferred": [True], "opened": [True]}
    assert after == before and json.loads(after)
    assert "cannot be used" in said and "reading the snapshot instead" in said
