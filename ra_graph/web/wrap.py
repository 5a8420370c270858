"""Serve the CLI's own HTML pages (report, diff, network) under the workbench's strict CSP.

Those pages are made to be opened as single files, so they carry their CSS
and JavaScript inline (the network page admits its scripts by hash in a
``<meta>`` policy).  The workbench's policy admits no inline script or
style, so instead of rewriting their templates (others own them) the page
is post-processed: every inline ``<style>`` and executable ``<script>``
becomes a file under ``/assets/<sha256>.css|js`` (content-addressed, so a
name never changes meaning), the ``<meta>`` policy is dropped (the header
policy replaces it) and a link back to the workbench is added.  JSON data
blocks (``<script type="application/json">``) stay: they are never run.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

_STYLE = re.compile(r"<style>(.*?)</style>", re.S | re.I)
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_META_CSP = re.compile(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>\s*", re.I)
_BODY = re.compile(r"<body[^>]*>", re.I)


def asset_name(body: bytes, ext: str) -> str:
    return f"{hashlib.sha256(body).hexdigest()[:32]}.{ext}"


def externalise(html: str, assets: dict[str, bytes], nav: str = "", head: str = "") -> str:
    """``html`` without inline style or script; their bodies are added to ``assets`` (name -> bytes);
    ``head`` (trusted markup, e.g. a ``<meta>``) goes at the end of its head."""

    def style(match: re.Match) -> str:
        body = match[1].encode("utf-8")
        name = asset_name(body, "css")
        assets[name] = body
        return f'<link rel="stylesheet" href="/assets/{name}">'

    def script(match: re.Match) -> str:
        attrs = match["attrs"]
        if "src=" in attrs or ("type=" in attrs and "javascript" not in attrs and "module" not in attrs):
            return match[0]  # a data block (application/json) or already a file
        body = match["body"].encode("utf-8")
        name = asset_name(body, "js")
        assets[name] = body
        return f'<script{attrs} src="/assets/{name}"></script>'

    html = _META_CSP.sub("", html)
    html = _STYLE.sub(style, html)
    html = _SCRIPT.sub(script, html)
    if nav:
        html = _BODY.sub(lambda m: m[0] + nav, html, count=1)
    if head:
        html = html.replace("</head>", head + "</head>", 1)
    return html


def back_link(label: str, href: str = "/", *, node: bool = False) -> str:
    """A small navigation bar linking back to the workbench (no style attribute: the CSP forbids it);
    with ``node``, a link to the resource page of the node the network page has selected."""
    extra = ('<a id="wb-node" hidden href="/"></a><script src="/static/network-links.js" defer></script>'
             if node else "")
    return (f'<nav class="wb-back" aria-label="workbench"><a href="{escape(href)}">← {escape(label)}</a> · '
            '<a href="/questions">Questions</a> · <a href="/validation">Validation</a> · '
            '<a href="/network">Network</a> · <a href="/deadlines">Deadlines</a> · <a href="/sparql">SPARQL</a>'
            f' {extra}</nav>')
