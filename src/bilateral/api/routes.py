"""The JSON API under ``/api/``: thin routes over ``store.dashboard``.

A route that returns a store record (``store.views``) declares it as its return type, which is
its response model too; routes that assemble an answer declare a ``models`` class instead.
"""
from __future__ import annotations

from typing import Annotated, Literal

import duckdb
from fastapi import APIRouter, Path, Query, Request, Response

from .. import __version__
from ..store import SCHEMA_VERSION, dashboard
from ..store.queries import check_code, holds_words, search_terms
from . import models
from .deps import (
    Cursor, FilterParams, Filters, MentionPaging, Paging, PagingDep, SearchPaging, SortDep, Store, page_links,
    parse_dyad,
)
from .errors import NotFound
from .names import fold, names

router = APIRouter(prefix="/api", responses={
    400: {"model": models.ErrorOut, "description": "A parameter that makes no sense (unknown code, bad date…)."},
    422: {"model": models.ErrorOut, "description": "A parameter of the wrong type or out of range."},
})

Code = Annotated[str, Path(max_length=8, description="Actor code: ISO 3166-1 alpha-3 (MLI) or UNO, EUR, AFU…")]
Interval = Annotated[Literal["month", "quarter", "year"], Query(description="Length of one period.")]
Months = Annotated[int, Query(ge=1, le=120, description="Length of the two windows compared by `change`.")]
Limit = Annotated[int, Query(ge=1, le=100, description="How many to return.")]
NOT_FOUND = {404: {"model": models.ErrorOut, "description": "Not in the store."}}


@router.get("/health", response_model=models.Health, tags=["meta"])
def health(cursor: Cursor) -> dict:
    """The server answers and its store is open."""
    return {"status": "ok" if dashboard.ping(cursor) else "failing", "version": __version__,
            "schema_version": SCHEMA_VERSION}


@router.get("/corpus", response_model=models.Corpus, tags=["meta"])
def corpus(cursor: Cursor, store: Store) -> dict:
    """Size and span of the store."""
    return store.memo(("corpus",), lambda: dashboard.corpus(cursor))


@router.get("/events", tags=["events"])
def events(cursor: Cursor, filters: Filters, paging: PagingDep, sort: SortDep = "date",
           dyad: Annotated[str | None, Query(max_length=20, description="Two actor codes, e.g. MLI,RUS "
                                                                      "(either direction).")] = None,
           actor: Annotated[str | None, Query(max_length=8, description="One actor code, as actor or recipient.")]
           = None) -> dashboard.EventPage:
    """De-duplicated events with their evidence sentence, filtered and paginated."""
    flt = filters.to_filter(dyad=parse_dyad(dyad) if dyad else None, actor=actor)
    return dashboard.event_page(cursor, flt, page=paging.page, page_size=paging.page_size, sort=sort)


@router.get("/events/{event_id}", tags=["events"], responses=NOT_FOUND)
def event(cursor: Cursor, event_id: Annotated[str, Path(max_length=64)]) -> dashboard.EventDetail:
    """One event with its actors and every report of it (article, sentence, offsets)."""
    found = dashboard.event_detail(cursor, event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r}", hint="event ids come from /api/events")
    return found


@router.get("/dyads", tags=["dyads"])
def dyads(cursor: Cursor, store: Store, filters: Filters,
          by: Annotated[Literal["volume", "change"], Query(description="volume: most events first; change: "
                                                                       "largest change between two windows.")]
          = "volume", limit: Limit = 20, months: Months = 12) -> tuple[dashboard.DyadRank, ...]:
    """Pairs of actors ranked by number of events or by change over the last `months` months."""
    flt = filters.to_filter()
    return store.memo(("dyads", flt, by, limit, months),
                      lambda: dashboard.rank_dyads(cursor, flt, by=by, limit=limit, months=months))


@router.get("/dyads/{a}/{b}", response_model=models.DyadSummary, tags=["dyads"])
def dyad(cursor: Cursor, filters: Filters, a: Code, b: Code) -> dict:
    """One dyad (both directions): totals and breakdowns by quad class, type, mode and context.
    Counts asserted events only: negated, hypothetical and future ones are left out."""
    flt = filters.to_filter(dyad=(a, b), assertions_only=True)
    a, b = flt.dyad  # type: ignore[misc]
    return {"a": a, "b": b, "name_a": names().name(a), "name_b": names().name(b),
            "summary": dashboard.summary(cursor, flt)}


@router.get("/dyads/{a}/{b}/timeline", response_model=models.Timeline, tags=["dyads"])
def dyad_timeline(cursor: Cursor, filters: Filters, a: Code, b: Code, interval: Interval = "month") -> dict:
    """One dyad's events per period and quad class, with the mean Goldstein and PLOVER scores
    (asserted events only; periods without events included)."""
    flt = filters.to_filter(dyad=(a, b), assertions_only=True)
    return {"interval": interval, "periods": dashboard.series(cursor, flt, interval=interval)}


@router.get("/actors", tags=["actors"])
def actors(cursor: Cursor, store: Store) -> tuple[dashboard.ActorRow, ...]:
    """Every actor code in the store, the most active first."""
    return store.memo(("actors",), lambda: dashboard.actor_list(cursor))


@router.get("/actors/{code}", response_model=models.ActorSummary, tags=["actors"])
def actor(cursor: Cursor, store: Store, filters: Filters, code: Code, limit: Limit = 20) -> dict:
    """One actor: totals and breakdowns (asserted events) and its partners, the most active first."""
    code = check_code(code)
    flt = filters.to_filter(actor=code, assertions_only=True)
    partners = store.memo(("partners", flt, limit),
                          lambda: dashboard.rank_dyads(cursor, flt, limit=limit, involving=code))
    return {"code": code, "name": names().name(code), "summary": dashboard.summary(cursor, flt),
            "partners": partners}


@router.get("/actors/{code}/timeline", response_model=models.Timeline, tags=["actors"])
def actor_timeline(cursor: Cursor, filters: Filters, code: Code, interval: Interval = "month") -> dict:
    """One actor's events per period and quad class (asserted events)."""
    flt = filters.to_filter(actor=code, assertions_only=True)
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


@router.get("/search", response_model=models.SearchResult, tags=["search"])
def search(cursor: Cursor, request: Request, paging: SearchPaging,
           q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find: whole words, "
                                                                            "any case or accents, all of them.")]
           ) -> dict:
    """Actors whose name or code holds the words (countries and organisations of the lexicon, then
    organisations and people named in the articles), and one page of the articles whose title or text
    holds them and of the events whose evidence sentence, title or actors' names hold them. ``next``
    and ``prev`` give the neighbouring pages."""
    return search_all(cursor, request, q.strip(), paging=paging)


def search_all(cursor: duckdb.DuckDBPyConnection, request: Request, q: str, *, paging: Paging) -> dict:
    """What the search box finds (shared with the search page)."""
    index = names()
    pair = index.pair(q)
    page, size = paging.page, paging.page_size
    articles = dashboard.search_articles(cursor, q, page=page, page_size=size)
    events = (dashboard.event_page(cursor, FilterParams(q=q).to_filter(), page=page, page_size=size, sort="-date")
              if q else dashboard.EventPage(0, page, size, ()))  # no words: no filter, which is not "everything"
    links = page_links(request, page, size, max(articles.total, events.total))
    return {
        "q": q,
        "actors": _lexicon_actors(q) + _named_actors(cursor, q),
        "dyad": list(pair) if pair else None,
        "articles": articles.items,
        "events": events,
        "total": {"events": events.total, "articles": articles.total},
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
