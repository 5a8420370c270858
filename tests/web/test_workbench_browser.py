"""The newcomer's path through the workbench in Chromium, on the shipped graph; screenshots for the docs.

home → the owes question with VRO and Drenthe picked by name → a row → the
clause page → its history and its node on the network page → an actor page.
No request may leave the origin and nothing may break the page's policy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CHROMIUM, serving, wait_for

ROOT = Path(__file__).parents[2]
SHIPPED = ROOT / "data" / "graph" / "ra-graph.trig"
IMG = ROOT / "docs" / "img"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    import urllib.request

    with serving(tmp_path_factory.mktemp("wb") / "stderr.txt", "--graph", str(SHIPPED), "--workers", "1",
                 "--timeout", "60") as url:
        base = url.removesuffix("/sparql")
        for path in ("/", "/validation", "/network"):  # the slow parts made (see test_workbench.ready)
            wait_for(lambda: b'id="pending"' not in urllib.request.urlopen(base + path).read(), path)
        yield base



def _tab(browser, origin, width=1600, height=1000):
    context = browser.new_context(viewport={"width": width, "height": height})
    outside: list[str] = []
    problems: list[str] = []

    def route(r):
        if r.request.url.startswith(origin + "/"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return context, tab, outside, problems


def test_the_newcomers_path(browser, origin, ra):
    context, tab, outside, problems = _tab(browser, origin)
    tab.goto(origin + "/")
    tab.screenshot(path=str(IMG / "workbench-home.png"))
    tab.click("#home-questions a[href^='/questions/owes']")
    tab.fill("#p-debtor", "VRO")
    tab.fill("#p-creditor", "Drenthe")
    tab.click("button[type=submit]")
    tab.wait_for_selector("#answer tbody tr")
    assert "debtor=VRO" in tab.url and "creditor=Drenthe" in tab.url  # the answer can be linked
    cli = json.loads(ra("owes", "VRO", "Drenthe", "--format", "json").out)
    assert int(tab.inner_text("#row-count")) == len(cli) == len(tab.query_selector_all("#answer tbody tr"))
    tab.screenshot(path=str(IMG / "workbench-question.png"))
    tab.click("button.sort[data-col='3']")  # sorting by line keeps every row
    assert len(tab.query_selector_all("#answer tbody tr")) == len(cli)
    tab.fill("input[data-filter='answer']", "zzzz-no-such-word")
    assert tab.inner_text("#shown-count") == "0"
    tab.fill("input[data-filter='answer']", "")
    first = cli[0]["clause"]
    tab.click(f"#answer tbody a[href='/id/{first}']")
    tab.wait_for_selector("#h-text")
    assert first in tab.url and tab.inner_text("blockquote.text").strip() == cli[0]["text"].strip()
    tab.screenshot(path=str(IMG / "workbench-clause.png"))
    clause_url = tab.url
    tab.click(f"a[href='/history/{first}']")
    tab.wait_for_selector("#history li")
    history = json.loads(ra("history", first, "--format", "json").out)
    assert len(tab.query_selector_all("#history > li")) == len(history)
    tab.goto(clause_url)
    tab.click("a[href^='/network#view=clauses']")
    tab.wait_for_selector("canvas")
    assert "node=" + first.replace("/", "%2F") in tab.url and "panel=details" in tab.url  # the page chose the node
    tab.wait_for_function("id => document.body.innerText.includes(id)", arg=first, timeout=30_000)
    tab.wait_for_selector("#detail-page")  # the details panel links the node to its page (served only)
    assert tab.get_attribute("#detail-page", "href") == "/id/" + first
    tab.click("#wb-node")  # and back from the node to its page
    tab.wait_for_selector("#h-text")
    assert tab.url.endswith("/id/" + first)
    tab.goto(clause_url)
    tab.click(".commitment a[href='/id/vro'], .commitment a[href='/id/rijk']")
    tab.wait_for_selector("#owes-table")
    tab.screenshot(path=str(IMG / "workbench-actor.png"))
    tab.goto(origin + "/validation")
    tab.wait_for_selector("body")
    tab.screenshot(path=str(IMG / "workbench-validation.png"))
    assert not outside, outside
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    context.close()


@pytest.mark.parametrize("name,path", [
    ("home", "/"), ("question", "/questions/owes?debtor=VRO&creditor=Drenthe"),
    ("clause", "/id/drenthe-2025/3.3/3"), ("actor", "/id/vro"), ("validation", "/validation")])
def test_phone_width(browser, origin, name, path):
    context, tab, outside, problems = _tab(browser, origin, 390, 844)
    tab.goto(origin + path)
    tab.wait_for_selector("body")
    # nothing wider than the screen but the tables, which scroll inside their own box
    wide = tab.evaluate("""() => document.documentElement.scrollWidth""")
    tab.screenshot(path=str(IMG / f"workbench-{name}-390.png"))
    assert wide <= 390 + 1 or name == "validation", (name, wide)
    assert not outside and not [p for p in problems if "Refused" in p], problems
    context.close()


def test_keyboard_reaches_the_question_form(browser, origin):
    context, tab, _, _ = _tab(browser, origin)
    tab.goto(origin + "/questions/owes")
    for _ in range(40):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "p-debtor":
            break
    assert tab.evaluate("document.activeElement.id") == "p-debtor"
    tab.keyboard.type("VRO")
    tab.keyboard.press("Tab")
    tab.keyboard.type("Drenthe")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#answer tbody tr")
    context.close()
