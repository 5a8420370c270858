"""``ra-graph diff --format html`` counts per side what changed, was added or dropped; the clauses
left unchanged get their column only with ``--all``, as in the Markdown note.  C-e728fa (``k !=
"unchanged" or show_all`` for the HTML page)."""

from __future__ import annotations

import re

import pytest

HEAD = ["gewijzigd / changed", "nieuw / added", "vervallen / dropped"]


@pytest.mark.parametrize(("extra", "head", "rijk", "province"), [
    ((), HEAD, ["1", "1", "1"], ["2", "1", "1"]),
    (("--all",), [*HEAD, "ongewijzigd / unchanged"], ["1", "1", "1", "30"], ["2", "1", "1", "33"]),
])
def test_the_html_diff_counts_unchanged_clauses_per_side_only_when_asked(ra, two_drenthes, tmp_path, extra, head,
                                                                        rijk, province):
    out = tmp_path / "diff.html"
    r = ra("diff", "drenthe-2025", "drenthe-2026", "--graph", two_drenthes, "--format", "html", "--out", out, *extra)
    assert r.code == 0
    [table] = re.findall(r'<table id="sides">(.*?)</table>', out.read_text(encoding="utf-8"), re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert [" ".join(re.sub(r"<[^>]+>", "", th).split()) for th in re.findall(r"<th>(.*?)</th>", rows[0])][1:] == head
    assert [re.findall(r'<td class="n">(\d+)</td>', row) for row in rows[1:]] == [rijk, province]
