"""The HTML pages: thin routes that ask ``store.dashboard`` and hand records to the templates.

A page's figures, charts, rankings and lists count the same events: asserted ones unless the query
string holds ``include_unasserted=true`` (the API's switch), which the pages offer and keep in
their links."""
from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..api.deps import (
    MAX_ACTOR, ActorText, Cursor, Directed, Filters, IncludeUnasserted, MentionPaging, PagingDep, SearchPaging,
    SortDep, Store, actor_code,
)
from ..api.errors import NotFound
from ..api.routes import compared_dyads, search_all
from ..lexicons import load_ontology
from ..lexicons.ontology import SECTORS
from ..names import actor_index, resolve_dyad
from ..store import dashboard
from ..store import dyads as dyad_views
from ..store.queries import QUADS, EventFilter, search_terms
from . import charts, linechart
from .highlight import Span, segments
from .i18n import choose
from .labels import event_title, labels
from .render import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Code = ActorText  # a code or a name: a name is sent on to the code's address
ActorQuery = Annotated[str, Query(max_length=MAX_ACTOR)]
COMPLETE_WORDS = 6  # "Mali Rus" is completed as a pair up to this many words
IntervalChoice = Annotated[Literal["auto", "month", "quarter", "year"], Query()]


def _choices() -> dict:
    onto = load_ontology()
    return {"types": sorted(onto.types), "quads": sorted(QUADS), "contexts": sorted(onto.contexts),
            "modalities": sorted(onto.modality), "sectors": sorted(SECTORS)}


@router.get("/")
def overview(request: Request, cursor: Cursor, store: Store, include_unasserted: IncludeUnasserted = False
             ) -> Response:
    counted = EventFilter(include_unasserted=include_unasserted)
    corpus = store.memo(("corpus", include_unasserted),
                        lambda: dashboard.corpus(cursor, include_unasserted=include_unasserted))
    busiest = store.memo(("dyads", counted, "volume", 40, 12),
                         lambda: dashboard.rank_dyads(cursor, counted, by="volume", limit=40))
    moving = store.memo(("dyads", counted, "change", 10, 12),
                        lambda: dashboard.rank_dyads(cursor, counted, by="change", limit=10))
    return render(request, "overview.html", {
        "active": "overview", "corpus": corpus, "busiest": busiest[:15], "moving": moving,
        "network": charts.network(busiest), "all_events": include_unasserted})


def _canonical(request: Request, path: str) -> RedirectResponse:
    """To the page's address with codes for names ("/dyad/mali/russie" → "/dyad/MLI/RUS"), the query kept."""
    query = request.url.query
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=307)


@router.get("/dyad")
def dyad_form(a: ActorQuery = "", b: ActorQuery = "") -> Response:
    """The overview's "open a dyad" form lands here and is sent on to the dyad's page; ``a`` alone may
    hold both ("Mali,Russie")."""
    a, b = resolve_dyad(a if a.strip() and not b.strip() else (a, b))
    return RedirectResponse(f"/dyad/{a}/{b}", status_code=303)


@router.get("/dyad/{a}/{b}")
def dyad_page(request: Request, cursor: Cursor, store: Store, filters: Filters, paging: PagingDep, a: Code, b: Code,
              sort: SortDep = "date", interval: IntervalChoice = "auto", directed: Directed = False) -> Response:
    codes = resolve_dyad((a, b))
    if codes != (a, b):
        return _canonical(request, f"/dyad/{codes[0]}/{codes[1]}")
    # the figures, the chart and the list: the same events (one direction of them with ``directed``)
    counted = filters.to_filter(dyad=codes, directed=directed)
    a, b = codes
    summary, periods, chosen = dashboard.summary_and_series(cursor, counted, interval=interval)
    events = dashboard.event_page(cursor, counted, page=paging.page, page_size=paging.page_size, sort=sort)
    ways, _ = dyad_views.directions(cursor, counted, interval=chosen)
    named = [(f"{w.source}-{w.target}", w.periods) for w in ways]
    wide = linechart.lines(named)
    outlets = store.memo(("outlets", counted), lambda: dyad_views.outlets(cursor, counted))
    return render(request, "dyad.html", {
        "active": "", "a": a, "b": b, "summary": summary, "chart": charts.timeline(periods), "interval": chosen,
        "events": events, "filters": filters, "sort": sort, "choices": _choices(),
        "all_events": counted.selects_unasserted, "directed": directed, "directions": ways,
        "direction_chart": wide, "direction_narrow": wide and linechart.narrow(wide, named), "outlets": outlets,
        "one_way": lambda source, target: _one_way(request, source, target)})


def _one_way(request: Request, source: str, target: str) -> str:
    """The dyad page listing only ``source`` → ``target``, with the current filters."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "directed", "lang")]
    return f"/dyad/{source}/{target}?" + urlencode([*kept, ("directed", "true")])


@router.get("/compare")
def compare_page(request: Request, cursor: Cursor, filters: Filters, dyads: Annotated[str, Query(max_length=700)] = "",
                 interval: IntervalChoice = "auto") -> Response:
    """Two or three dyads on one timeline; with fewer, the form and an example."""
    pairs = {frozenset(resolve_dyad(p)) for p in dyads.split(",") if p.strip()}
    comparison = wide = narrow = None
    if len(pairs) >= 2:
        comparison = dyad_views.compare(cursor, [filters.to_filter(dyad=pair) for pair in compared_dyads(dyads)],
                                        interval=interval)
        named = [(f"{d.a}-{d.b}", d.periods) for d in comparison.dyads]
        wide = linechart.lines(named)
        narrow = wide and linechart.narrow(wide, named)
    return render(request, "compare.html", {
        "active": "compare", "comparison": comparison, "chart": wide, "narrow": narrow,
        "dyads": dyads, "filters": filters, "all_events": filters.to_filter().selects_unasserted})


@router.get("/actors")
def actors_page(request: Request, cursor: Cursor, store: Store, include_unasserted: IncludeUnasserted = False
                ) -> Response:
    actors = store.memo(("actors", include_unasserted),
                        lambda: dashboard.actor_list(cursor, include_unasserted=include_unasserted))
    return render(request, "actors.html", {"active": "actors", "actors": actors})


@router.get("/actor/{code}")
def actor_page(request: Request, cursor: Cursor, store: Store, filters: Filters, paging: PagingDep, code: Code,
               sort: SortDep = "date", interval: IntervalChoice = "auto") -> Response:
    canonical = actor_code(code)
    if canonical != code:
        return _canonical(request, f"/actor/{canonical}")
    counted = filters.to_filter(actor=code)  # the figures, the chart, the partners and the list
    summary, periods, chosen = dashboard.summary_and_series(cursor, counted, interval=interval)
    partners = store.memo(("partners", counted, 20),
                          lambda: dashboard.rank_dyads(cursor, counted, limit=20, involving=code))
    return render(request, "actor.html", {
        "active": "actors", "code": code, "summary": summary, "partners": partners,
        "chart": charts.timeline(periods), "interval": chosen,
        "events": dashboard.event_page(cursor, counted, page=paging.page, page_size=paging.page_size, sort=sort),
        "filters": filters, "sort": sort, "choices": _choices(), "all_events": counted.selects_unasserted})


@router.get("/event/{event_id}")
def event_page(request: Request, cursor: Cursor, event_id: Annotated[str, Path(max_length=64)]) -> Response:
    found = dashboard.event_detail(cursor, event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r}", hint="follow an event from a dyad, an actor or the search")
    return render(request, "event.html", {"active": "", "detail": found})


@router.get("/article/{article_id}")
def article_page(request: Request, cursor: Cursor, mentions: MentionPaging,
                 article_id: Annotated[str, Path(max_length=200)]) -> Response:
    found = dashboard.article(cursor, article_id, page=mentions.page, limit=mentions.limit)
    if found is None:
        raise NotFound(f"no article {article_id!r}", hint="follow an article from an event or the search")
    lang, words = choose(request)[0], labels()
    spans = [Span(m.start, m.end, "trigger", event_title(m.event, m.mode, m.actor_codes, m.recipient_codes, lang),
                  f"t-{m.id}") for m in found.mentions]
    spans += [Span(s.start, s.end, s.role, f"{s.name} ({s.code}, {words('sector', s.sector, lang)})")
              for s in found.actors]
    first = (found.page - 1) * found.limit + 1
    return render(request, "article.html", {
        "active": "", "article": found, "segments": segments(found.text, spans),
        "shown": (first, first + len(found.mentions) - 1),
        "last_page": max(1, -(-found.mentions_total // found.limit))})


@router.get("/search")
def search_page(request: Request, cursor: Cursor, paging: SearchPaging,
                q: Annotated[str, Query(max_length=200)] = "") -> Response:
    q = q.strip()
    result = search_all(cursor, request, q, paging=paging) if q else None
    return render(request, "search.html", {"active": "search", "q": q, "result": result,
                                           "terms": search_terms(q)})


@router.get("/api/complete", response_class=JSONResponse)
def complete(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> JSONResponse:
    """Completions for the search box: actors one of whose names, adjectives or capitals starts like
    ``q`` ("Mosc" → Moscou, Russie · RUS), and pairs ("Mali Rus" → Mali Russie), in the page's language
    (``lang``, else the cookie or the browser's)."""
    lang = choose(request)[0]
    text = q if len(q.split()) <= COMPLETE_WORDS else ""
    items = [{"value": c.value, "label": c.label, "codes": list(c.codes)}
             for c in actor_index().complete(text, lang=lang)]
    return JSONResponse({"q": q, "items": items}, headers={"Cache-Control": "max-age=300"})


@router.get("/docs")
def api_docs(request: Request) -> Response:
    """The API's routes and parameters, read from its OpenAPI description (no external viewer)."""
    spec = request.app.openapi()
    routes = []
    for path, operations in spec.get("paths", {}).items():
        for method, op in operations.items():
            routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                           "description": op.get("description", ""),
                           "parameters": [_parameter(p) for p in op.get("parameters", [])]})
    return render(request, "docs.html", {"active": "api", "routes": routes, "title": spec["info"]["title"],
                                         "version": spec["info"]["version"]})


def _parameter(spec: dict) -> dict:
    schema = spec.get("schema", {})
    kinds = [s.get("type") for s in schema.get("anyOf", [schema]) if s.get("type") not in (None, "null")]
    if schema.get("enum"):
        kinds = [" | ".join(map(str, schema["enum"]))]
    return {"name": spec.get("name", ""), "where": spec.get("in", ""), "required": spec.get("required", False),
            "type": " | ".join(kinds), "description": spec.get("description", "")}
