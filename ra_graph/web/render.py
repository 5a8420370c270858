"""Jinja2 environment, language and URL helpers shared by every page.

The language is part of the URL (``?lang=en``; Dutch without it), so a page
can be linked and bookmarked as it is seen: every internal link made with
:func:`Context.url` carries it on.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ra_graph.core.namespaces import RA, RAI, compact

LANGS = ("nl", "en")


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    return json.loads(resources.files("ra_graph.web").joinpath("labels.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("ra_graph.web", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


class Context:
    """What every template needs: the language, its labels and the URL builder."""

    def __init__(self, lang: str | None):
        self.lang = lang if lang in LANGS else "nl"

    def t(self, key: str) -> str:
        entry = _labels().get(key)
        return entry[self.lang] if entry else key

    def url(self, path: str, **params: object) -> str:
        """An internal link with the page's language carried on (empty values left out)."""
        items = [(k, v) for k, v in params.items() if v not in (None, "", [])]
        flat: list[tuple[str, str]] = []
        for key, value in items:
            for item in value if isinstance(value, (list, tuple)) else [value]:
                flat.append((key, str(item)))
        if self.lang != "nl":
            flat.append(("lang", self.lang))
        return path + ("?" + urlencode(flat) if flat else "")

    def other_lang(self) -> str:
        return "en" if self.lang == "nl" else "nl"

    def id_url(self, iri: str) -> str | None:
        """The workbench page of an IRI, or None when it has none (another site's IRI)."""
        if iri.startswith(RAI) and not iri.startswith(RAI + "graph/"):
            return self.url("/id/" + quote(iri[len(RAI):], safe="/-._~()"))
        if iri.startswith(RA):
            return self.url("/def") + "#" + quote(iri[len(RA):])
        return None

    def link(self, iri: str, label: str | None = None) -> Markup:
        """``<a href=…>label</a>`` for an IRI (external IRIs are shown and linked as they are)."""
        from markupsafe import escape

        shown = label or compact(iri)
        href = self.id_url(iri)
        if href is None:
            if iri.startswith(("http://", "https://")):
                return Markup(f'<a href="{escape(iri)}" rel="external">{escape(shown)}</a>')
            return escape(shown)
        return Markup(f'<a href="{escape(href)}">{escape(shown)}</a>')


def render(template: str, ctx: Context, **values: object) -> bytes:
    html = environment().get_template(template).render(ctx=ctx, t=ctx.t, **values)
    return html.encode("utf-8")
