"""``ra-graph add``: the PDF and the Word document of a text give the text's clauses.

Every text of ``tests/fixtures/unseen/`` (a new one there is a new case) and
both shipped texts are rendered by ``tools/render_fixture.py`` to a
Word-like PDF (running header, page numbers, footnotes, pages that break
inside items) and to a .docx (real list numbering, real footnotes), added
with ``ra-graph add``, and read by the extractor: the clauses must be the
text's own -- ids, obligors, modalities, deadlines, and texts up to
whitespace.  Pages: a clause whose first line the renderer put on a known
page must cite that page (``ra:sourcePage``).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from ra_graph.core import paths
from ra_graph.extract.documents import provenance
from ra_graph.extract.documents.add import add_document
from ra_graph.extract.pipeline import draft

ROOT = Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
TEXTS = sorted(UNSEEN.glob("ra-*.txt")) + sorted(paths.SOURCES.glob("ra-*.txt"))
NAME = re.compile(r"^ra-(.+)-(\d{4})\.txt$")


def _renderer():
    spec = importlib.util.spec_from_file_location("render_fixture", ROOT / "tools" / "render_fixture.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_fixture"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


RENDER = _renderer()


def clauses(path: Path) -> dict[str, tuple]:
    """clause id -> (text up to whitespace, per commitment: obligors, modality, due date)."""
    return {c.id: (" ".join(c.text.split()),
                   [(sorted(m.obligors), m.modality, m.due_by) for m in c.commitments])
            for c in draft(path).clauses}


@lru_cache(maxsize=None)
def expected(text: Path) -> dict[str, tuple]:
    return clauses(text)


def annotated(text: Path) -> int:
    """How many clauses the text must give: its hand annotation's count (unseen texts, some as short
    as 11 clauses), or the shipped texts' 41 (Drenthe) and 40 (Groningen); so no case is vacuous."""
    import yaml

    annotation = text.with_suffix(".yaml")
    if annotation.exists():
        return len(yaml.safe_load(annotation.read_text(encoding="utf-8"))["clauses"])
    return {"ra-drenthe-2025.txt": 41, "ra-groningen-2025.txt": 40}[text.name]


def page_lines(body: str) -> int:
    """Lines on a rendered page: the usual page, smaller for a short text so that it still spans
    at least three pages (the page test needs clauses on several pages to mean anything)."""
    return min(RENDER.PAGE_LINES, max(12, len(body.split("\n")) // 5))


def added(text: Path, kind: str, tmp: Path) -> Path:
    """Render ``text`` as ``kind``, add it to a fresh sources directory; the text written."""
    key, year = NAME.match(text.name).groups()
    document = tmp / f"published.{kind}"
    (RENDER.render_pdf if kind == "pdf" else RENDER.render_docx)(text.read_text(encoding="utf-8"), document)
    sources = tmp / "sources"
    sources.mkdir()
    add_document(document, province=key, year=int(year), sources=sources)
    return sources / text.name


@pytest.mark.parametrize("kind", ["pdf", "docx"])
@pytest.mark.parametrize("text", TEXTS, ids=[t.stem for t in TEXTS])
def test_the_published_document_gives_the_texts_clauses(text, kind, tmp_path):
    got = clauses(added(text, kind, tmp_path))
    want = expected(text)
    assert len(want) == annotated(text)
    assert sorted(got) == sorted(want)
    for clause_id, reading in want.items():
        assert got[clause_id] == reading, clause_id


def test_a_clause_cites_the_page_the_pdf_shows_it_on(tmp_path):
    text = UNSEEN / "ra-overijssel-2026.txt"
    document = tmp_path / "overijssel.pdf"
    pages = RENDER.render_pdf(text.read_text(encoding="utf-8"), document, page_lines=40)
    sources = tmp_path / "sources"
    sources.mkdir()
    add_document(document, year=2026, sources=sources)  # the province from the title page
    on_page = {clause: number for number, body in enumerate(pages, start=1) for line in body
               for clause, start in (("overijssel-2026/3.1/2.1", "2.1 Overijssel legt"),
                                     ("overijssel-2026/3.2/4", "4. De provincie verzoekt"),
                                     ("overijssel-2026/3.5/1", "1. Het Rijk is bij ruimtelijke"))
               if line.text.startswith(start)}
    assert len(on_page) == 3 and len(set(on_page.values())) >= 2
    arrangement = draft(sources / text.name)
    cited = {c.id: c.page for c in arrangement.clauses}
    for clause, number in on_page.items():
        assert cited[clause] == number, clause
    assert all(isinstance(c.page, int) and 1 <= c.page <= len(pages) for c in arrangement.clauses)
    assert arrangement.original_file == "overijssel.pdf"
    assert arrangement.original_format == "application/pdf"
    assert arrangement.original_extractor.startswith("pypdf ")


@pytest.mark.parametrize("text", TEXTS, ids=[t.stem for t in TEXTS])
def test_word_pages_where_word_recorded_them_are_the_pdfs_pages(text, tmp_path):
    """A .docx whose pages Word recorded (``w:lastRenderedPageBreak``) cites, for every
    clause, the page the PDF of the same layout shows it on."""
    key, year = NAME.match(text.name).groups()
    body = text.read_text(encoding="utf-8")
    cited = {}
    for kind in ("pdf", "docx"):
        document = tmp_path / f"published.{kind}"
        if kind == "pdf":
            RENDER.render_pdf(body, document, page_lines=page_lines(body))
        else:
            RENDER.render_docx(body, document, pages=True, page_lines=page_lines(body))
        sources = tmp_path / kind
        sources.mkdir()
        add_document(document, province=key, year=int(year), sources=sources)
        cited[kind] = {c.id: c.page for c in draft(sources / text.name).clauses}
    assert cited["docx"] == cited["pdf"]
    assert len(set(cited["pdf"].values())) >= 3 and None not in cited["pdf"].values()


def test_the_text_is_what_pypdf_gives_page_after_page(tmp_path):
    """The .txt is pypdf's layout, untouched: no form feeds, the page map beside it."""
    import pypdf

    text = UNSEEN / "ra-limburg-2027.txt"
    written = added(text, "pdf", tmp_path)
    reader = pypdf.PdfReader(tmp_path / "published.pdf")
    assert written.read_text(encoding="utf-8") == "\n".join(p.extract_text() for p in reader.pages) + "\n"
    assert "\f" not in written.read_text(encoding="utf-8")
    sidecar = provenance.read(written)
    lines = written.read_text(encoding="utf-8").split("\n")
    assert [p.number for p in sidecar.pages] == list(range(1, len(reader.pages) + 1))
    for page, pdf_page in zip(sidecar.pages, reader.pages):  # each page starts where the map says
        assert lines[page.line - 1] == pdf_page.extract_text().split("\n")[0]


def test_province_and_year_from_the_title_page_and_the_next_steps(tmp_path, capsys):
    from ra_graph.cli import main

    body = (UNSEEN / "ra-limburg-2027.txt").read_text(encoding="utf-8")
    titled = " Ruimtelijk Arrangement Rijk - provincie Limburg    \n \nVersie BO Leefomgeving juni 2027 \n \n" + body
    RENDER.render_docx(titled, tmp_path / "RA Limburg.docx")
    sources = tmp_path / "sources"
    sources.mkdir()
    with pytest.raises(SystemExit) as exit_:
        main(["add", str(tmp_path / "RA Limburg.docx"), "--sources", str(sources)])
    assert exit_.value.code == 0
    err = capsys.readouterr().err
    assert sorted(p.name for p in sources.iterdir()) == ["ra-limburg-2027.source.yaml", "ra-limburg-2027.txt"]
    assert "25 clause(s) found" in err and "from RA Limburg.docx" in err
    assert "ra-graph extract " in err and "--skeleton " in err and "limburg-2027.yaml" in err
    assert "ra-graph build --strict" in err
    sidecar = provenance.read(sources / "ra-limburg-2027.txt")
    assert sidecar.original == "RA Limburg.docx" and sidecar.format == "docx" and sidecar.pages == []
    import hashlib

    assert sidecar.sha256 == hashlib.sha256((tmp_path / "RA Limburg.docx").read_bytes()).hexdigest()
    # again: refused without --force, replaced with it
    with pytest.raises(SystemExit) as exit_:
        main(["add", str(tmp_path / "RA Limburg.docx"), "--sources", str(sources)])
    assert exit_.value.code == 2
    assert "ra-limburg-2027.txt exists already: add --force to replace it" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["add", str(tmp_path / "RA Limburg.docx"), "--sources", str(sources), "--force"])
    assert exit_.value.code == 0


def test_without_a_title_the_running_header_names_the_province(tmp_path):
    """Gelderland's text opens with "1. Inleiding"; its running header names the province."""
    text = UNSEEN / "ra-gelderland-2026.txt"
    assert text.read_text(encoding="utf-8").lstrip().startswith("1. Inleiding")
    RENDER.render_pdf(text.read_text(encoding="utf-8"), tmp_path / "g.pdf")
    (tmp_path / "sources").mkdir()
    add_document(tmp_path / "g.pdf", year=2026, sources=tmp_path / "sources")
    assert (tmp_path / "sources" / "ra-gelderland-2026.txt").is_file()


def test_pypdf_is_the_pinned_version():
    """The text's whitespace is pypdf's: the version installed must be the one pinned."""
    import pypdf

    pin = re.search(r'"pypdf==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))[1]
    assert pypdf.__version__ == pin


def test_a_text_file_is_kept_byte_for_byte_with_its_provenance(tmp_path):
    shipped = paths.SOURCES / "ra-groningen-2025.txt"
    sources = tmp_path / "sources"
    sources.mkdir()
    add_document(shipped, province="Groningen", year=2025, sources=sources)
    assert (sources / shipped.name).read_bytes() == shipped.read_bytes()
    sidecar = provenance.read(sources / shipped.name)
    assert (sidecar.format, sidecar.original, sidecar.sha256) == ("txt", shipped.name, sidecar.text_sha256)


def test_build_reads_the_sidecar_into_the_graph_and_does_not_call_it_a_stray_file(tmp_path, capsys):
    from ra_graph.graph.build import build_snapshot, stray_files

    text = UNSEEN / "ra-gelderland-2026.txt"
    written = added(text, "pdf", tmp_path)
    sources = written.parent
    for shipped in paths.SOURCES.glob("ra-*.txt"):
        shutil.copy(shipped, sources / shipped.name)
    assert stray_files(sources) == []
    (sources / "ra-zeeland-2030.source.yaml").write_text("original: x\n", encoding="utf-8")
    assert [p.name for p in stray_files(sources)] == ["ra-zeeland-2030.source.yaml"]  # no text of its own
    (sources / "ra-zeeland-2030.source.yaml").unlink()
    out = tmp_path / "g.trig"
    build_snapshot(sources, out, strict=True, use_cache=False, jobs=1)
    import pyoxigraph as ox

    store = ox.Store()
    store.load(out.read_bytes(), format=ox.RdfFormat.TRIG)
    ra = "https://w3id.org/ra-graph/def#"
    rows = {r["id"].value: int(r["page"].value) for r in store.query(
        f"SELECT ?id ?page WHERE {{ GRAPH ?g {{ ?c <{ra}sourcePage> ?page ; <http://purl.org/dc/terms/identifier> ?id }} }}")}
    assert len(rows) == 27 and all(id_.startswith("gelderland-2026/") for id_ in rows)
    (original,) = list(store.query(
        f"SELECT ?o ?sha ?name ?fmt ?with WHERE {{ GRAPH ?g {{ "
        f"<https://w3id.org/ra-graph/id/source/ra-gelderland-2026.txt> <http://www.w3.org/ns/prov#wasDerivedFrom> ?o ; "
        f"<{ra}extractedWith> ?with . ?o <{ra}sha256> ?sha ; <{ra}fileName> ?name ; "
        f"<http://purl.org/dc/terms/format> ?fmt }} }}"))
    assert original["name"].value == "published.pdf" and original["fmt"].value == "application/pdf"
    assert original["with"].value.startswith("pypdf ")
    import hashlib

    assert original["sha"].value == hashlib.sha256((tmp_path / "published.pdf").read_bytes()).hexdigest()
    assert "skipped" not in capsys.readouterr().err


def test_a_text_edited_after_add_loses_its_pages_with_a_warning(tmp_path, capsys):
    written = added(UNSEEN / "ra-limburg-2027.txt", "pdf", tmp_path)
    assert all(c.page for c in draft(written).clauses)
    written.write_text(written.read_text(encoding="utf-8").replace("Limburg", "Limburg", 1) + " \n", encoding="utf-8")
    capsys.readouterr()
    assert not any(c.page for c in draft(written).clauses)
    assert "the text was changed after `ra-graph add`" in capsys.readouterr().err
