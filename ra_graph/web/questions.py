"""``/questions``: every stored query (``queries/*.rq``) as a form, and its answer as a table.

The form is built from the query's ``# param:`` header: an actor,
programme, location or arrangement is typed by name with completion from
the graph's labels (a ``<datalist>``) and resolved exactly as the CLI
resolves it (:func:`ra_graph.query.library.term`); a date is a date input,
a modality a choice.  Parameters travel in the URL under the names of the
header (``/questions/owes?debtor=VRO&creditor=Drenthe``), so an answer can
be linked.  Like ``ra-graph owes`` and ``deadlines``, a query that can be
limited to an arrangement answers from the arrangements in force unless
``all_years`` is given, and says so.  The downloads (``format=csv|json|sparql``)
hold exactly the rows and columns of the table shown (one page), or the
whole answer with ``page=all``.
"""

from __future__ import annotations

import json

from ra_graph.core.errors import RaGraphError, printable
from ra_graph.core.model import MODALITIES
from ra_graph.core.output import to_csv
from ra_graph.core.store import select
from ra_graph.query import library
from ra_graph.query.results import display_value, json_value, result_rows
from ra_graph.query.sparql_exec import Reply
from ra_graph.web.render import Context

PER_PAGE = 50
#: Questions whose clauses all lie in the arrangement they are limited to (no revision links):
#: limited to the arrangements in force, they are asked of a store holding only those.
ON_IN_FORCE = {"owes", "deadlines", "one-sided"}
HIDDEN = {"commitment", "via"}  # internal columns: the clause link leads to them
_KINDS = {"actor": "ra:Actor", "programme": "ra:Programme", "location": "ra:Location"}


def index(bench) -> dict:
    entries = []
    for name in library.available():
        stored = library.find(name)
        entries.append({"name": name, "title": stored.title, "params": stored.params,
                        "example": example(bench, stored)})
    return {"entries": entries}


def example(bench, stored: library.StoredQuery) -> dict[str, str] | None:
    """The query's ``# example:`` when this graph answers it; a question comparing versions is given
    the graph's own first pair instead (its example, ``old=drenthe-2025 new=drenthe``, is the same
    version, refused, where Drenthe has one version); None where nothing valid can be offered."""
    def make() -> dict[str, str] | None:
        given = dict(stored.example or {})
        if not given:
            return None
        if stored.versions:
            from ra_graph.core.versions import versions

            every = versions(bench.store)
            pairs = [(a.id, b.id) for a, b in zip(every, every[1:]) if a.province == b.province]
            earlier, later = stored.versions
            if given.get(earlier) and given.get(later) and _answers(bench, stored, given):
                return given
            if not pairs:
                return None
            given.update({earlier: pairs[0][0], later: pairs[0][1]})
        return given if _answers(bench, stored, given) else None

    return bench.once(f"example-{stored.name}", make)


def _answers(bench, stored: library.StoredQuery, given: dict[str, str]) -> bool:
    try:
        library.bind(bench.store, stored, dict(given), labels={k: k for k in given})
    except RaGraphError:
        return False
    return True


def choices(bench, kind: str) -> list[tuple[str, str]]:
    """(value to type, what it is) for a parameter's completion list: every name that resolves."""
    def make():
        if kind == "arrangement":
            from ra_graph.core.versions import latest, versions

            every = versions(bench.store)
            out = [(v.id, v.title or v.id) for v in every]
            out += [(v.province, f"{v.title or v.id} (latest: {v.id})") for v in latest(every)]
            return sorted(set(out))
        from ra_graph.core.actors import _CLASSES

        classes = " ".join(f"ra:{c}" for c in _CLASSES[kind])
        rows = select(bench.store, f"""SELECT DISTINCT ?x ?l WHERE {{ VALUES ?cls {{ {classes} }} ?x a ?cls ;
                                         skos:prefLabel ?l FILTER(lang(?l) = "nl") }}""")
        names = bench.names()
        seen: dict[str, str] = {}
        for row in rows:
            iri, label = row["x"].value, row["l"].value
            seen.setdefault(names.get(iri, label), label)
        return sorted(seen.items(), key=lambda kv: kv[0].casefold())

    return bench.once(f"choices-{kind}", make)


def reply(bench, ctx: Context, name: str, params: dict[str, list[str]]) -> Reply:
    path = "/questions/" + name
    try:
        stored = library.find(name)
    except RaGraphError:
        return bench.problem(ctx, 404, f"no stored question '{printable(name, 60)}' (see /questions)", path, params)
    if "/" in name or name.endswith(".rq"):
        return bench.problem(ctx, 404, "not a stored question", path, params)
    declared = {p.name for p in stored.params}
    given = {k: v[0].strip() for k, v in params.items() if k in declared and v and v[0].strip()}
    unknown = sorted(k for k in params if k not in declared | {"lang", "all_years", "page", "per", "format"})
    values = {"stored": stored, "given": given, "choices": {p.type: choices(bench, p.type) for p in stored.params
                                                            if p.type in ("actor", "programme", "location",
                                                                          "arrangement")},
              "modalities": MODALITIES, "all_years": bool(params.get("all_years")), "answer": None,
              "problem": None, "name": name}
    if unknown:
        values["problem"] = f"unknown parameter(s): {', '.join(printable(k, 40) for k in unknown)}"
        return bench.page("question.html.j2", ctx, path, params, status=400, **values)
    missing = [p.name for p in stored.params if not p.optional and p.name not in given]
    if missing:
        if given:
            values["problem"] = f"missing: {', '.join(missing)}"
        return bench.page("question.html.j2", ctx, path, params, status=400 if given else 200, **values)
    try:
        answer = run(bench, stored, given, all_years=values["all_years"])
    except RaGraphError as exc:
        values["problem"] = exc.message
        return bench.page("question.html.j2", ctx, path, params, status=400, **values)
    page, per = _paging(params, len(answer["rows"]))
    shown = answer["rows"] if page == "all" else answer["rows"][(page - 1) * per: page * per]
    fmt = (params.get("format") or [""])[0]
    if fmt == "csv":
        return Reply(200, "text/csv; charset=utf-8", to_csv(
            [{k: display_value(_plain(r[k])) for k in answer["columns"]} for r in shown], answer["columns"]
        ).encode("utf-8"), {"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "json":
        return Reply(200, "application/json", json.dumps(
            [{k: r[k] for k in answer["columns"]} for r in shown], ensure_ascii=False, indent=1).encode("utf-8"),
            {"Content-Disposition": f'attachment; filename="{name}.json"'})
    if fmt == "sparql":
        return Reply(200, "application/sparql-query; charset=utf-8", answer["sparql"].encode("utf-8"),
                     {"Content-Disposition": f'attachment; filename="{name}.rq"'})
    if fmt:
        values["problem"] = f"format: '{printable(fmt, 20)}' is not csv, json or sparql"
        return bench.page("question.html.j2", ctx, path, params, status=400, **values)
    pages = 1 if page == "all" else max(1, -(-len(answer["rows"]) // per))
    answer.update(shown=shown, page=page, per=per, pages=pages,
                  explain=explain(bench, name, given, answer, ctx) if not answer["rows"] else None)
    values["answer"] = answer
    values["link_params"] = {**given, **({"all_years": "1"} if values["all_years"] else {})}
    return bench.page("question.html.j2", ctx, path, params, **values)


def _plain(value: object) -> object:
    return value["label"] if isinstance(value, dict) and "label" in value else value


def _paging(params: dict[str, list[str]], total: int) -> tuple[int | str, int]:
    raw_per = (params.get("per") or [str(PER_PAGE)])[0]
    raw_page = (params.get("page") or ["1"])[0]
    per = int(raw_per) if raw_per.isdigit() and 0 < int(raw_per) <= 1000 else PER_PAGE
    if raw_page == "all":
        return "all", per
    page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 1_000_000 else 1
    return min(page, max(1, -(-total // per))), per


def run(bench, stored: library.StoredQuery, given: dict[str, str], *, all_years: bool = False) -> dict:
    """The answer: columns shown, rows (JSON values), the bound SPARQL and what scope it answered from."""
    store = bench.store
    values: dict[str, str | list[str]] = dict(given)
    scope, where, runs = None, store, None
    if stored.param("in_arrangement") and "in_arrangement" not in given and not all_years:
        sub, in_force, scope = bench.in_force()
        if in_force:
            values["in_arrangement"] = in_force
            if stored.name in ON_IN_FORCE:  # the same rows from a store of only those arrangements
                where = sub
                runs = library.bind(sub, stored, dict(given), labels={k: k for k in given})
    text = library.bind(store, stored, values, labels={k: k for k in given})
    results = library.run(where, runs or text, source=stored.name)
    names = bench.names()
    columns = [v.value for v in results.variables]
    rows = [{c: json_value(solution[c], names) for c in columns} for solution in results]
    shown = [c for c in columns if c not in HIDDEN]
    return {"columns": shown, "rows": rows, "sparql": library.standalone(text), "scope": scope,
            "all_columns": columns}


def explain(bench, name: str, given: dict[str, str], answer: dict, ctx: Context | None = None) -> str | None:
    """Why an answer is empty, where the graph can say (in the page's language)."""
    from ra_graph.core.versions import versions

    ctx = ctx or Context("en")
    every = versions(bench.store)
    provinces = {v.province for v in every}
    if name in ("dropped-between", "deadlines-moved") and len(every) == len(provinces):
        return ctx.t("explain_one_version").format(versions=", ".join(v.id for v in every))
    if name == "owes" and "debtor" in given:
        stored = library.find("commitments-of")
        try:
            text = library.bind(bench.store, stored, {"actor": given["debtor"]})
            _, rows = result_rows(bench.store, library.run(bench.store, text, source=stored.name))
        except RaGraphError:
            return None
        if not rows:
            return ctx.t("explain_no_commitment").format(debtor=given["debtor"])
        scope = answer.get("scope") or ""
        said = ctx.t("explain_none_towards").format(debtor=given["debtor"], creditor=given.get("creditor", ""),
                                                    count=len({r.get("commitment") for r in rows}))
        return said + (f" ({scope})" if scope else "")
    if answer.get("scope"):
        return ctx.t("explain_in_force").format(scope=answer["scope"])
    return None
