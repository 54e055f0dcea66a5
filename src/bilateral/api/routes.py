"""The JSON API under ``/api/``: thin routes over ``store.dashboard``.

A route that returns a store record (``store.views``) declares it as its return type, which is
its response model too; routes that assemble an answer declare a ``models`` class instead.

Conventions every route keeps:

- a query parameter the route does not declare is refused (``UnknownParameter``, E601), so that a
  misspelt filter never widens an answer silently;
- the list routes (``/events``, ``/dyads``, ``/actors``, ``/search``) answer ``models.Page``:
  ``items``, ``total``, ``page``, ``page_size``, ``next`` (and ``prev``);
- with ``format=csv|json|parquet`` a list route answers every row that matches instead of one page,
  as a streamed file (``api.downloads``);
- every route that lists or counts events counts asserted ones, unless ``include_unasserted=true``
  (the same switch as the pages', ``--include-unasserted`` in the CLI, ``include_unasserted=True`` in
  Python); the search is a finder, not a count: it finds every event and marks the unasserted ones.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import duckdb
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.routing import APIRoute

from .. import __version__
from ..errors import QueryError
from ..store import SCHEMA_VERSION, dashboard
from ..store import dyads as dyad_views
from ..store import geo as geo_events
from ..store.queries import EventFilter, check_code, holds_words, search_terms
from ..store.views import ActorRow, DyadRank
from . import models
from .deps import (
    MAX_ACTOR, ActorText, Cursor, Directed, FilterParams, Filters, IncludeUnasserted, MentionPaging, Paging, PagingDep,
    SearchPaging, SortDep, Store, page_links, parse_dyad,
)
from .downloads import DOWNLOAD_RESPONSES, Format, download_events, download_records, filename
from .errors import NotFound, UnknownParameter
from .names import fold, names
from .state import StoreHandle


def known_parameters(request: Request) -> None:
    """Refuses a query parameter the route does not take (those its OpenAPI description lists)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    operation = request.app.openapi()["paths"].get(route.path_format, {}).get(request.method.lower(), {})
    allowed = [p["name"] for p in operation.get("parameters", ()) if p.get("in") == "query"]
    for name in request.query_params:
        if name not in allowed:
            shown = name if len(name) <= 40 else name[:40] + "…"
            raise UnknownParameter(f"unknown parameter {shown!r}",
                                   hint=f"{route.path_format} takes " + (", ".join(allowed) or "no parameter")
                                   + " (see /docs)")


router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters)], responses={
    400: {"model": models.ErrorOut, "description": "A parameter that makes no sense (unknown code, bad date…: "
                                                  "E600) or that the route does not take (E601)."},
    422: {"model": models.ErrorOut, "description": "A parameter of the wrong type or out of range (E602)."},
})

Code = ActorText  # a code or a name ("MLI", "Mali", "Bamako")
Interval = Annotated[Literal["month", "quarter", "year"], Query(description="Length of one period.")]
AutoInterval = Annotated[Literal["auto", "month", "quarter", "year"], Query(
    description="Length of one period; auto: months, or quarters past ten years, years past thirty.")]
Months = Annotated[int, Query(ge=1, le=120, description="Length of the two windows compared by `change`.")]
Limit = Annotated[int, Query(ge=1, le=100, description="How many to return.")]
PageNumber = Annotated[int, Query(ge=1, description="Page number, from 1.")]
DownloadFormat = Annotated[Format | None, Query(
    alias="format", description="Instead of one page of JSON, every row that matches (all pages) as a file, "
                                "streamed: csv, json (JSON Lines: one object a line) or parquet.")]
NOT_FOUND = {404: {"model": models.ErrorOut, "description": "Not in the store (E604)."}}
DYADS_PAGE = 20
EVERY_DYAD = 1_000_000_000  # rank_dyads' limit when every pair is wanted


def _page(request: Request, items: Sequence[Any], total: int, page: int, size: int) -> dict:
    """The list envelope (``models.Page``): ``next`` and ``prev`` keep the request's other parameters."""
    links = page_links(request, page, size, total)
    return {"items": items, "total": total, "page": page, "page_size": size, "next": links.get("next"),
            "prev": links.get("prev")}


def _paging(store: StoreHandle, page: int, size: int) -> Paging:
    limit = store.settings.max_page_size
    if size > limit:
        raise QueryError(f"page_size {size} is over this server's limit of {limit}",
                         hint=f"ask for at most {limit} a page and follow the pages")
    return Paging(page, size)


@router.get("/health", response_model=models.Health, tags=["meta"])
def health(cursor: Cursor) -> dict:
    """The server answers and its store is open."""
    return {"status": "ok" if dashboard.ping(cursor) else "failing", "version": __version__,
            "schema_version": SCHEMA_VERSION}


@router.get("/corpus", response_model=models.Corpus, tags=["meta"])
def corpus(cursor: Cursor, store: Store, include_unasserted: IncludeUnasserted = False) -> dict:
    """Size and span of the store: its articles, and the events counted (asserted ones unless
    `include_unasserted`) with their reports and dates."""
    return store.memo(("corpus", include_unasserted),
                      lambda: dashboard.corpus(cursor, include_unasserted=include_unasserted))


@router.get("/events", response_model=models.EventList, tags=["events"], responses=DOWNLOAD_RESPONSES)
def events(cursor: Cursor, store: Store, request: Request, filters: Filters, paging: PagingDep,
           sort: SortDep = "date",
           dyad: Annotated[str | None, Query(max_length=2 * MAX_ACTOR + 1, description="Two actors, codes or "
                                                  "names, e.g. MLI,RUS or Mali,Russie (either direction).")] = None,
           actor: Annotated[str | None, Query(max_length=MAX_ACTOR, description="One actor, code or name, as actor "
                                                                                   "or recipient.")]
           = None, directed: Directed = False, fmt: DownloadFormat = None) -> Any:
    """De-duplicated events with their evidence sentence, filtered, one page at a time; with `format`,
    every event the filters keep, in the same order, with the names of their actors. Asserted events
    unless `include_unasserted` (or a `context` of negation, hypothetical or future)."""
    flt = filters.to_filter(dyad=parse_dyad(dyad) if dyad else None, actor=actor, directed=directed)
    if fmt:
        name = filename("events", *(flt.dyad or ()), flt.actor, flt.type, fmt=fmt)
        return download_events(store, flt, fmt, name, sort=sort)
    found = dashboard.event_page(cursor, flt, page=paging.page, page_size=paging.page_size, sort=sort)
    return _page(request, found.items, found.total, found.page, found.page_size)


@router.get("/geo", tags=["events"], response_model=None,
            responses={200: {"content": {"application/geo+json": {}},
                             "description": "A GeoJSON FeatureCollection of the located events"}})
def geo(cursor: Cursor, filters: Filters,
        dyad: Annotated[str | None, Query(max_length=2 * MAX_ACTOR + 1, description="Two actors, codes or names, "
                                          "e.g. MLI,RUS (either direction).")] = None,
        actor: Annotated[str | None, Query(max_length=MAX_ACTOR, description="One actor, code or name, as actor "
                                                                             "or recipient.")] = None,
        directed: Directed = False) -> Response:
    """The events the filters keep (the same as `/events`'), as a GeoJSON FeatureCollection: one point
    per located event (at most 5,000, the most reported), with its date, type, quad class, actors,
    reports, evidence sentence and place; `total` counts the located events kept, `unlocated` the
    others."""
    flt = filters.to_filter(dyad=parse_dyad(dyad) if dyad else None, actor=actor, directed=directed)
    found = geo_events.feature_collection(cursor, flt)
    return Response(json.dumps(found, ensure_ascii=False, default=str), media_type="application/geo+json")


@router.get("/events/{event_id}", tags=["events"], responses=NOT_FOUND)
def event(cursor: Cursor, event_id: Annotated[str, Path(max_length=64)]) -> dashboard.EventDetail:
    """One event with its actors and every report of it (article, sentence, offsets)."""
    found = dashboard.event_detail(cursor, event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r}", hint="event ids come from /api/events")
    return found


@router.get("/dyads", response_model=models.DyadList, tags=["dyads"], responses=DOWNLOAD_RESPONSES)
def dyads(cursor: Cursor, store: Store, request: Request, filters: Filters,
          by: Annotated[Literal["volume", "change"], Query(description="volume: most events first; change: "
                                                                       "largest change between two windows.")]
          = "volume", months: Months = 12, page: PageNumber = 1,
          page_size: Annotated[int | None, Query(ge=1, description="Dyads per page (default 20, at most the "
                                                                   "server's limit, 200 unless set).")] = None,
          limit: Annotated[int | None, Query(ge=1, le=100, deprecated=True,
                                             description="Former name of `page_size`.")] = None,
          fmt: DownloadFormat = None) -> Any:
    """Pairs of actors ranked by number of events (asserted ones unless `include_unasserted`) or by change
    over the last `months` months; with `format`, every pair, in the same order."""
    flt = filters.to_filter()
    if fmt:
        ranked = dashboard.rank_dyads(cursor, flt, by=by, limit=EVERY_DYAD, months=months)
        return download_records(ranked, DyadRank, fmt, filename("dyads", by, fmt=fmt))
    paging = _paging(store, page, page_size or limit or DYADS_PAGE)
    first = (paging.page - 1) * paging.page_size

    # Ranking every pair costs what ranking the first ones does (the grouping dominates): the whole
    # ranking is kept, and every page of it is cut from the same one.
    every = store.memo(("dyad-ranking", flt, by, months),
                       lambda: dashboard.rank_dyads(cursor, flt, by=by, limit=EVERY_DYAD, months=months))
    return _page(request, every[first:first + paging.page_size], len(every), paging.page, paging.page_size)


@router.get("/dyads/{a}/{b}", response_model=models.DyadSummary, tags=["dyads"])
def dyad(cursor: Cursor, filters: Filters, a: Code, b: Code, directed: Directed = False) -> dict:
    """One dyad (both directions, or `a` acting on `b` with `directed`): totals and breakdowns by quad
    class, type, mode and context of the events `/api/events?dyad=` lists with the same filters: asserted
    ones unless `include_unasserted`."""
    flt = filters.to_filter(dyad=(a, b), directed=directed)
    a, b = flt.dyad  # type: ignore[misc]
    return {"a": a, "b": b, "name_a": names().name(a), "name_b": names().name(b),
            "summary": dashboard.summary(cursor, flt)}


@router.get("/dyads/{a}/{b}/timeline", response_model=models.Timeline, tags=["dyads"])
def dyad_timeline(cursor: Cursor, filters: Filters, a: Code, b: Code, interval: Interval = "month",
                  directed: Directed = False) -> dict:
    """One dyad's events per period and quad class, with the mean Goldstein and PLOVER scores
    (asserted events unless `include_unasserted`; periods without events included)."""
    flt = filters.to_filter(dyad=(a, b), directed=directed)
    return {"interval": interval, "periods": dashboard.series(cursor, flt, interval=interval)}


@router.get("/dyads/{a}/{b}/directions", response_model=models.Directions, tags=["dyads"])
def dyad_directions(cursor: Cursor, filters: Filters, a: Code, b: Code, interval: AutoInterval = "auto") -> dict:
    """One dyad split by direction: `a` acting on `b`, then `b` on `a`, each with its totals and its events
    per period (the same periods for both). The two add up to `/api/dyads/{a}/{b}` with the same filters."""
    flt = filters.to_filter(dyad=(a, b))
    ways, chosen = dyad_views.directions(cursor, flt, interval=interval)
    a, b = flt.dyad  # type: ignore[misc]
    return {"a": a, "b": b, "interval": chosen, "directions": list(ways)}


@router.get("/dyads/{a}/{b}/outlets", response_model=models.OutletList, tags=["dyads"])
def dyad_outlets(cursor: Cursor, store: Store, request: Request, filters: Filters, a: Code, b: Code,
                 page: PageNumber = 1,
                 page_size: Annotated[int | None, Query(ge=1, description="Outlets per page (default 50, at most "
                                                                          "the server's limit).")] = None) -> dict:
    """The outlets behind a dyad: those whose articles report its events (with the same filters), the one
    reporting most events first, with their articles and reports."""
    flt = filters.to_filter(dyad=(a, b))
    every = store.memo(("outlets", flt), lambda: dyad_views.outlets(cursor, flt))
    paging = _paging(store, page, page_size or store.settings.default_page_size)
    first = (paging.page - 1) * paging.page_size
    return _page(request, every[first:first + paging.page_size], len(every), paging.page, paging.page_size)


@router.get("/compare", response_model=dyad_views.Comparison, tags=["dyads"])
def compare(cursor: Cursor, filters: Filters,
            dyads: Annotated[str, Query(min_length=3, max_length=3 * (2 * MAX_ACTOR + 1) + 2, description="Two or "
                                        "three dyads separated by commas, each as two codes or names joined by "
                                        "a hyphen or a space: MLI-RUS,MLI-FRA,MLI-DZA.")],
            interval: AutoInterval = "auto") -> dyad_views.Comparison:
    """Two or three dyads on one timeline: each dyad's totals and its events per period (both directions),
    on the same periods, with the same filters as `/api/dyads/{a}/{b}`."""
    return dyad_views.compare(cursor, [filters.to_filter(dyad=pair) for pair in compared_dyads(dyads)],
                              interval=interval)


def compared_dyads(text: str) -> list[tuple[str, str]]:
    """``"MLI-RUS,Mali Algérie"`` → [("MLI", "RUS"), ("MLI", "DZA")]: distinct dyads (RUS-MLI is MLI-RUS: a
    dyad is compared in both directions), 2 to 3 of them."""
    found: dict[frozenset[str], tuple[str, str]] = {}
    for part in text.split(","):
        if part.strip():
            pair = parse_dyad(part)
            found.setdefault(frozenset(pair), pair)
    pairs = list(found.values())
    if not 2 <= len(pairs) <= dyad_views.MAX_COMPARED:
        raise QueryError(f"{len(pairs)} distinct dyad{'s' if len(pairs) != 1 else ''} in {text[:80]!r}",
                         hint=f"give 2 or {dyad_views.MAX_COMPARED} dyads separated by commas, e.g. "
                              "MLI-RUS,MLI-FRA,MLI-DZA")
    return pairs


@router.get("/actors", response_model=models.ActorList, tags=["actors"], responses=DOWNLOAD_RESPONSES)
def actors(cursor: Cursor, store: Store, request: Request, page: PageNumber = 1,
           page_size: Annotated[int | None, Query(ge=1, description="Actors per page (default 50, at most the "
                                                                    "server's limit, 200 unless set).")] = None,
           include_unasserted: IncludeUnasserted = False, fmt: DownloadFormat = None) -> Any:
    """Every actor code in the store with the events it takes part in (asserted ones unless
    `include_unasserted`), the most active first, one page at a time; with `format`, all of them."""
    every = store.memo(("actors", include_unasserted),
                       lambda: dashboard.actor_list(cursor, include_unasserted=include_unasserted))
    if fmt:
        return download_records(every, ActorRow, fmt, filename("actors", fmt=fmt))
    paging = _paging(store, page, page_size or store.settings.default_page_size)
    first = (paging.page - 1) * paging.page_size
    return _page(request, every[first:first + paging.page_size], len(every), paging.page, paging.page_size)


@router.get("/actors/{code}", response_model=models.ActorSummary, tags=["actors"])
def actor(cursor: Cursor, store: Store, filters: Filters, code: Code, limit: Limit = 20) -> dict:
    """One actor: totals and breakdowns and its partners, the most active first (asserted events unless
    `include_unasserted`)."""
    code = check_code(code)
    flt = filters.to_filter(actor=code)
    partners = store.memo(("partners", flt, limit),
                          lambda: dashboard.rank_dyads(cursor, flt, limit=limit, involving=code))
    return {"code": code, "name": names().name(code), "summary": dashboard.summary(cursor, flt),
            "partners": partners}


@router.get("/actors/{code}/timeline", response_model=models.Timeline, tags=["actors"])
def actor_timeline(cursor: Cursor, filters: Filters, code: Code, interval: Interval = "month") -> dict:
    """One actor's events per period and quad class (asserted events unless `include_unasserted`)."""
    flt = filters.to_filter(actor=code)
    return {"interval": interval, "periods": dashboard.series(cursor, flt, interval=interval)}


@router.get("/articles/{article_id}", tags=["articles"], responses=NOT_FOUND)
def article(cursor: Cursor, request: Request, response: Response, mentions: MentionPaging,
            article_id: Annotated[str, Path(max_length=200, description="Store id (A-…) or the id the input gave.")]
            ) -> dashboard.ArticleView:
    """An article's text with one page of the events it reports (``limit`` a page, in text order): trigger
    and actor offsets index ``text``. ``mentions_total`` counts them all; the ``Link`` header gives the
    previous and next pages."""
    found = dashboard.article(cursor, article_id, page=mentions.page, limit=mentions.limit)
    if found is None:
        raise NotFound(f"no article {article_id!r}", hint="article ids come from /api/events or /api/search")
    links = page_links(request, found.page, found.limit, found.mentions_total)
    if links:
        response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    return found


@router.get("/search", response_model=models.SearchResult, tags=["search"], responses=DOWNLOAD_RESPONSES)
def search(cursor: Cursor, store: Store, request: Request, paging: SearchPaging,
           q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find: whole words, "
                                                                            "any case or accents, all of them.")],
           fmt: DownloadFormat = None) -> Any:
    """Events whose evidence sentence, title or actors' names hold the words (``items``, newest
    first), with the actors whose name or code holds them (countries and organisations of the
    lexicon, then organisations and people named in the articles) and one page of the articles
    whose title or text holds them (``articles``). With `format`, every event found."""
    q = q.strip()
    if fmt:
        # no words: no filter, which is not "everything"
        return download_events(store, _words(q), fmt, filename("search", fold(q), fmt=fmt), sort="-date",
                               empty=not q)
    found = _search(cursor, q, paging)
    envelope = _page(request, found.events.items, found.events.total, paging.page, paging.page_size)
    articles = _page(request, found.articles.items, found.articles.total, paging.page, paging.page_size)
    return {**envelope, "q": q, "actors": found.actors, "dyad": found.dyad, "articles": articles}


@dataclass(frozen=True)
class _Found:
    """What the words find: actors, a pair, a page of articles and a page of events."""

    actors: list[dict]
    dyad: list[str] | None
    articles: dashboard.ArticlePage
    events: dashboard.EventPage


def _search(cursor: duckdb.DuckDBPyConnection, q: str, paging: Paging) -> _Found:
    pair = names().pair(q)
    page, size = paging.page, paging.page_size
    articles = dashboard.search_articles(cursor, q, page=page, page_size=size)
    events = (dashboard.event_page(cursor, _words(q), page=page, page_size=size, sort="-date")
              if q else dashboard.EventPage(0, page, size, ()))  # no words: no filter, which is not "everything"
    return _Found(_lexicon_actors(q) + _named_actors(cursor, q), list(pair) if pair else None, articles, events)


def _words(q: str) -> EventFilter:
    """The events whose evidence, title or actors hold the words: all of them, asserted or not — the search
    finds sentences, and its list marks the negated, hypothetical and future events."""
    return FilterParams(q=q, include_unasserted=True).to_filter()


def search_all(cursor: duckdb.DuckDBPyConnection, request: Request, q: str, *, paging: Paging) -> dict:
    """What the search box finds, as the search page shows it: ``next`` and ``prev`` while events or
    articles remain."""
    found = _search(cursor, q, paging)
    page, size = paging.page, paging.page_size
    links = page_links(request, page, size, max(found.articles.total, found.events.total))
    return {
        "q": q, "actors": found.actors, "dyad": found.dyad, "articles": found.articles.items, "events": found.events,
        "total": {"events": found.events.total, "articles": found.articles.total},
        "page": page, "page_size": size, "next": links.get("next"), "prev": links.get("prev"),
    }


def _lexicon_actors(q: str, *, limit: int = 10) -> list[dict]:
    """Codes one of whose names (or the code) holds every word of ``q``: exact names first, then names
    that start with the words, then the rest. Whole words only: "Mali" is not Somalia."""
    index = names()
    terms, key = search_terms(q), fold(q)
    ranked: dict[str, int] = {}
    for form, code in index.forms.items():
        if holds_words(form, terms):
            rank = 0 if form == key else 1 if form.startswith(key) else 2
            ranked[code] = min(rank, ranked.get(code, rank))
    codes = sorted(ranked, key=lambda code: (ranked[code], code))[:limit]
    return [{"code": code, "name": index.name(code), "sector": None, "events": None} for code in codes]


def _named_actors(cursor: duckdb.DuckDBPyConnection, q: str) -> list[dict]:
    """Organisations and people named in the articles, but not those the lexicon already names for their code."""
    forms = names().forms
    return [{"code": a.code, "name": a.name, "sector": a.sector, "events": a.events}
            for a in dashboard.search_actors(cursor, q) if forms.get(fold(a.name)) != a.code]
