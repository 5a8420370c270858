"""Text from the documents never becomes markup: a static check, no browser needed.

The pages ra-graph writes (the network page, the validation report, the
SPARQL editor at /sparql) show clause texts, names and messages that come from
source documents and curation files.  Those must reach the page as text.
The browser test (tests/network/test_visualise_browser.py) shows it for the
network page where Chromium is installed; this test holds everywhere, for
every template and script of its own (``*/templates/*``, ``*/assets/*``;
vendored libraries are not checked here):

- no script writes markup: no innerHTML, outerHTML, insertAdjacentHTML,
  document.write, srcdoc, createContextualFragment, eval, new Function or
  string timers (``ALLOWED`` lists the constant-only exceptions, with the
  reason; it is empty today);
- no inline event handler attributes and no ``javascript:`` URLs;
- every Jinja2 environment autoescapes every template it renders, no
  template opts out (``|safe``, ``autoescape false``), and every
  ``Markup(...)`` in the package is one of the reviewed few in ``MARKUP``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ra_graph"
TEMPLATES = sorted(p for p in [*PACKAGE.glob("*/templates/*"), *PACKAGE.glob("*/assets/*"), *PACKAGE.glob("*/static/*")]
                   if p.is_file())

SINKS = {
    "innerHTML": r"\.innerHTML\b",
    "outerHTML": r"\.outerHTML\b",
    "insertAdjacentHTML": r"\binsertAdjacentHTML\b",
    "document.write": r"\bdocument\s*\.\s*write(ln)?\b",
    "srcdoc": r"\bsrcdoc\b",
    "createContextualFragment": r"\bcreateContextualFragment\b",
    "eval": r"(?<![\w.])eval\s*\(",
    "new Function": r"\bnew\s+Function\s*\(",
    "string timer": r"\bset(Timeout|Interval)\s*\(\s*['\"`]",
    "jQuery .html()": r"\.html\s*\(\s*[^)\s]",
    "javascript: URL": r"javascript\s*:",
    "inline event handler": r"<[^>]*\son[a-z]+\s*=",
    "setAttribute on…": r"setAttribute\s*\(\s*['\"]on",
}
# (template file name, sink): why this use only ever writes a constant.  None today.
ALLOWED: dict[tuple[str, str], str] = {}
# (module, enclosing function): why its Markup(...) cannot carry document text as markup.
MARKUP = {
    ("network/visualise.py", "script_json"): "JSON with '<', '>', '&' and U+2028/2029 escaped (tests/network)",
    ("network/visualise.py", "_asset"): "a packaged JS/CSS file, refused if it contains a closing tag",
    ("network/visualise.py", "render_page"): "sha256 hashes of the two inlined scripts for the CSP",
    ("web/render.py", "link"): "an <a> whose href and label are escaped (markupsafe.escape); tests/abuse",
}


def _code(path: Path) -> str:
    """The file without comments (JS/CSS block and line comments, Jinja comments), so prose may name a sink."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\{#.*?#\}", " ", text, flags=re.S)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"(?<![:\"'\\])//[^\n]*", " ", text)


def test_there_are_templates_to_check():
    assert {p.name for p in TEMPLATES} >= {"graph.js", "graph.html.j2", "sparql.html", "report.html.j2",
                                           "diff.html.j2"}


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_no_script_writes_markup(path):
    code = _code(path)
    found = [(name, code.count("\n", 0, m.start()) + 1) for name, pattern in SINKS.items()
             for m in re.finditer(pattern, code) if (path.name, name) not in ALLOWED]
    assert found == [], f"{path.relative_to(PACKAGE)}: markup sinks (name, line): {found}"


def test_the_page_scripts_write_text_with_textcontent():
    """graph.js builds the details panel with textContent; the SPARQL editor's page runs no inline
    script (its data is JSON, its code the files under query/assets and the vendored YASGUI, whose
    result table sanitises with DOMPurify) and writes its own text with textContent."""
    graph_js = _code(PACKAGE / "network" / "templates" / "graph.js")
    assert re.search(r"node\.textContent = String\(text\)", graph_js)
    sparql = _code(PACKAGE / "query" / "templates" / "sparql.html")
    scripts = re.findall(r"<script[^>]*>", sparql)
    assert scripts == ['<script id="ra-editor-data" type="application/json">',
                       "<script src=\"{{ assets['yasgui.min.js'] }}\" defer>",
                       "<script src=\"{{ assets['sparql-editor.js'] }}\" defer>"]
    editor_js = _code(PACKAGE / "query" / "assets" / "sparql-editor.js")
    assert "status.textContent = example.title;" in editor_js
    assert "JSON.parse(document.getElementById(\"ra-editor-data\").textContent)" in editor_js


@pytest.mark.parametrize("path", [p for p in TEMPLATES if p.suffix in (".html", ".j2")],
                         ids=lambda p: p.name)
def test_no_template_opts_out_of_escaping(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\|\s*safe\b", text), "the |safe filter"
    assert not re.search(r"autoescape\s+false", text, re.I), "{% autoescape false %}"


def _environments() -> list[tuple[Path, ast.Call, list[str]]]:
    """(module, its Environment(...) call, the templates it renders by name)."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        rendered = [c.args[0].value for c in calls if getattr(c.func, "attr", None) == "get_template"
                    and c.args and isinstance(c.args[0], ast.Constant)]
        if any(getattr(c.func, "attr", None) == "get_template" and c.args and not isinstance(c.args[0], ast.Constant)
               for c in calls):  # a page renderer (ra_graph/web): every template of its package
            rendered += [p.name for p in TEMPLATES if p.parent == path.parent / "templates"]
        out += [(path, c, rendered) for c in calls if getattr(c.func, "id", None) == "Environment"]
    return out


def test_every_jinja_environment_autoescapes_its_templates():
    environments = _environments()
    rendered_anywhere = {name for _, _, names in environments for name in names}
    assert rendered_anywhere == {p.name for p in TEMPLATES if p.suffix in (".html", ".j2")}
    for path, call, rendered in environments:
        (setting,) = [k.value for k in call.keywords if k.arg == "autoescape"] or [None]
        assert rendered, path
        if isinstance(setting, ast.Constant) and setting.value is True:
            continue
        assert isinstance(setting, ast.Call) and getattr(setting.func, "id", None) == "select_autoescape", \
            f"{path.name}: autoescape must be True or select_autoescape([...])"
        extensions = [e.value for e in setting.args[0].elts]
        for name in rendered:
            assert any(name.endswith("." + e) for e in extensions), f"{path.name} does not escape {name}"


def test_markup_is_only_made_where_reviewed():
    made = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Markup":
                    made.add((str(path.relative_to(PACKAGE)), func.name))
    assert made == set(MARKUP)
