"""The documentation site: it builds strictly, its generated pages cover what they describe,
and every command it shows still parses (or, in the README, still prints what is shown)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import rdflib
from rdflib import OWL, RDF
from rdflib.namespace import DCTERMS

from ra_graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import docgen  # noqa: E402

RA = "https://w3id.org/ra-graph/def#"
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def _declared() -> set[str]:
    """Every ra: term the ontology types as a class, property or individual (read here, not by docgen)."""
    graph = rdflib.Graph().parse(ROOT / "ontology" / "ra.ttl")
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual}
    return {str(s) for s, o in graph.subject_objects(RDF.type) if o in kinds and str(s).startswith(RA)}


def test_vocabulary_page_has_a_section_for_every_term_of_the_ontology():
    page = docgen.vocabulary_terms()
    headings = set(re.findall(r"^### ra:(\S+) \{#", page, flags=re.M))
    declared = {iri[len(RA):] for iri in _declared()}
    assert len(declared) >= 60
    assert headings == declared
    clause = page[page.index("### ra:Clause {"):]
    clause = clause[:clause.index("\n### ")]
    assert "| label | clause / *afspraak* |" in clause
    assert "| example | `rai:drenthe-2025/3.1/1.1` |" in clause  # a real instance from the snapshot


def test_vocabulary_page_gives_domain_and_range_of_a_property():
    page = docgen.vocabulary_terms()
    obligor = page[page.index("### ra:obligor {"):]
    obligor = obligor[:obligor.index("\n### ")]
    assert "| domain | `ra:Commitment` |" in obligor
    assert "| range | `ra:Actor` |" in obligor


def test_shapes_page_lists_every_named_shape_with_its_severity():
    graph = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    names = {str(n) for n in graph.objects(None, DCTERMS.identifier)}
    page = docgen.vocabulary_shapes()
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", page, flags=re.M))
    assert listed == names
    assert re.search(r"^\| `responsible-party` \| Violation \| ra:Clause \|", page, flags=re.M)
    assert re.search(r"^\| `reciprocity-balance` \| Info \| computed in Python \|", page, flags=re.M)


def test_queries_page_lists_every_stored_query_with_its_parameters():
    page = docgen.stored_queries()
    stems = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    assert re.findall(r"^## (\S+) \{#", page, flags=re.M) == stems
    owes = page[page.index("## owes {"):]
    assert "| `debtor` | actor | yes |" in owes
    assert "ra-graph query owes --param debtor=Rijk --param creditor=Groningen" in owes


def test_the_site_builds_strictly(tmp_path):
    """No broken link, no page left out of the navigation, every generated page there."""
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    for page in ("index.html", "vocabulary/terms.html", "vocabulary/shapes.html",
                 "reference/queries.html", "reference/commands.html"):
        assert (tmp_path / page).is_file(), page
    commands = (tmp_path / "reference" / "commands.html").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"ra-graph {name}" in commands, name
    # nothing the pages load comes from another origin (Material's Google Fonts are off)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""<(?:script|link)[^>]+(?:src|href)=["']https?://""", index)


def _shell_commands(text: str) -> list[str]:
    """The ``ra-graph …`` invocations in the sh/console code blocks of a Markdown text."""
    out = []
    for kind, block in re.findall(r"```(sh|console)\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").split("\n"):
            if kind == "console" and not line.startswith("$ "):
                continue  # a console block's other lines are what the command printed
            line = line.strip().removeprefix("$ ")
            for part in re.split(r"&&|\|\|?|;", line.split(" #")[0]):
                part = part.strip()
                if part.startswith("ra-graph "):
                    out.append(part)
    return out


EXAMPLES = sorted({(path.relative_to(ROOT).as_posix(), command)
                   for path in [*PAGES, ROOT / "README.md"]
                   for command in _shell_commands(path.read_text(encoding="utf-8"))})


def test_the_docs_show_commands():
    assert len(EXAMPLES) >= 40


@pytest.mark.parametrize(("page", "command"), EXAMPLES)
def test_every_command_in_the_docs_parses(page, command):
    """A renamed command or option, or a value of the wrong kind, fails here with the page named."""
    args = shlex.split(command)[1:]
    args = [a for a in args if not a.startswith(">")]
    sub = cli.get_command(click.Context(cli), args[0])
    assert sub is not None, f"{page}: `{command}`: no command {args[0]!r}"
    try:
        with click.Context(cli, info_name="ra-graph") as ctx:
            sub.make_context(args[0], args[1:], parent=ctx)
    except click.exceptions.Exit:
        pass
    except click.UsageError as e:
        if "does not exist" in str(e):  # a file the reader is meant to have (their own PDF, a query)
            return
        raise AssertionError(f"{page}: `{command}`: {e}") from None


def _console_blocks(text: str) -> list[tuple[str, str]]:
    """``$ command`` and the output shown under it, for every console block."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        first, _, shown = block.partition("\n")
        out.append((first.removeprefix("$ ").strip(), shown))
    return out


@pytest.mark.parametrize(("command", "shown"), _console_blocks((ROOT / "README.md").read_text(encoding="utf-8")))
def test_the_readme_shows_what_the_command_prints(command, shown):
    """The README's answers are real: each is what the command prints on the shipped graph
    (COLUMNS=100; a last line '…' means the output goes on)."""
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("RA_GRAPH_HOME", None)
    done = subprocess.run([sys.executable, "-m", "ra_graph", *shlex.split(command)[1:]], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    got = _same_snapshot(done.stdout)
    shown = _same_snapshot(shown)
    if shown.rstrip("\n").endswith("\n…"):
        expected = shown.rstrip("\n")[:-1]
        assert got.startswith(expected), done.stdout
    else:
        assert got == shown, done.stdout


def _same_snapshot(text: str) -> str:
    """The snapshot's hash (validate prints it) changes with every rebuild of the snapshot, its
    length and place do not: the README shows a real one, compared by form."""
    return re.sub(r"\bsnapshot sha256 [0-9a-f]{64}\b", "snapshot sha256 <64 hex digits>", text)
