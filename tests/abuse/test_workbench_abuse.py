"""Hostile input to the workbench's routes: script in names and texts, path traversal under /id/ and
/static/, huge and malformed parameters.  Every answer is a clean status, escaped, under the strict CSP."""

from __future__ import annotations

import socket
import urllib.parse
from pathlib import Path

import pytest

from conftest import HANG_GUARD, serving

MINI = Path(__file__).parents[1] / "fixtures" / "mini.trig"
XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("wbabuse") / "stderr.txt", "--graph", str(MINI), "--workers", "2",
                 "--timeout", "30") as url:
        yield url.removesuffix("/sparql")


def raw_get(base: str, target: str) -> tuple[int, str, bytes]:
    """A GET with the target sent as it is (no client-side normalisation of '..')."""
    parts = urllib.parse.urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=HANG_GUARD) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {parts.hostname}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    return int(lines[0].split()[1]), head.decode("latin-1"), body


@pytest.mark.parametrize("target", [
    "/questions/owes?debtor=" + urllib.parse.quote(XSS) + "&creditor=Drenthe",
    "/questions/owes?debtor=VRO&creditor=Drenthe&" + urllib.parse.quote(XSS) + "=1",
    "/questions/" + urllib.parse.quote(XSS),
    "/id/" + urllib.parse.quote(XSS),
    "/history/" + urllib.parse.quote(XSS),
    "/diff/" + urllib.parse.quote(XSS) + "/x",
    "/deadlines?actor=" + urllib.parse.quote(XSS),
    "/deadlines?as_of=" + urllib.parse.quote(XSS),
    "/?lang=" + urllib.parse.quote(XSS),
])
def test_script_in_names_is_escaped(base, target):
    status, head, body = raw_get(base, target)
    assert status in (200, 400, 404), (target, status)
    assert b"<script>alert" not in body and b"<img src=x" not in body
    assert "script-src 'self'" in head


@pytest.mark.parametrize("target", [
    "/static/../query/serve.py", "/static/%2e%2e/query/serve.py", "/static/..%2fcli.py", "/static//etc/passwd",
    "/static/", "/id/../../../etc/passwd", "/id/%2e%2e/%2e%2e/etc/passwd", "/id/", "/id/%00", "/assets/../web/labels.json",
    "/assets/x.js", "/questions/../cli", "/questions/owes.rq", "/questions/%2fetc%2fpasswd",
])
def test_no_path_leaves_the_package(base, target):
    status, _, body = raw_get(base, target)
    assert status in (400, 404), (target, status)
    assert b"import " not in body and b"root:" not in body


@pytest.mark.parametrize("target", [
    "/questions/owes?debtor=" + "A" * 5000 + "&creditor=Drenthe",
    "/questions/owes?" + "&".join(f"p{i}=1" for i in range(150)),
    "/questions/owes?debtor=VRO&creditor=Drenthe&page=-1&per=99999999999",
    "/questions/owes?debtor=VRO&creditor=Drenthe&page=9999999&per=x",
    "/questions/owes?debtor=VRO&creditor=Drenthe&format=exe",
    "/questions/deadlines-between?from=2025-13-45&to=yesterday",
    "/deadlines?within=99999999999y", "/deadlines?from=2026-01-01&to=2025-01-01", "/deadlines.ics?actor=%ff%fe",
    "/id/vro?lang=%00", "/questions/owes?debtor=%ff&creditor=%c0%af",
])
def test_huge_or_malformed_parameters_are_clean_errors(base, target):
    status, head, body = raw_get(base, target)
    assert status in (200, 400, 404, 414, 431), (target, status)
    assert b"Traceback" not in body and b"internal error" not in body, (target, body[:300])


def test_the_workbench_stays_up(base):
    assert raw_get(base, "/")[0] == 200
