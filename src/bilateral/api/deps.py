"""Typed dependencies shared by the JSON routes and the HTML pages.

A route declares what it needs (``Cursor``, ``Paging``, ``Filters``) and receives it checked:
bad values raise ``QueryError`` (a 400 with a JSON body) before any SQL runs.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal

import duckdb
from fastapi import Depends, Path, Query, Request

from ..errors import QueryError
from ..names import resolve_actor, resolve_dyad
from ..store.queries import EventFilter
from .state import Settings, StoreHandle

__all__ = ["MAX_ACTOR", "ActorText", "Cursor", "Directed", "FilterParams", "Filters", "IncludeUnasserted",
           "MentionPaging", "Paging", "PagingDep", "SearchPaging", "SortDep", "Store", "actor_code", "page_links",
           "parse_dyad"]


def get_store(request: Request) -> StoreHandle:
    return request.app.state.store


Store = Annotated[StoreHandle, Depends(get_store)]


def get_cursor(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor for this request, interrupted if its queries run past the time limit."""
    cursor = store.cursor()
    watchdog = threading.Timer(store.settings.query_timeout, cursor.interrupt)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield cursor
    finally:
        watchdog.cancel()
        store.release(cursor)


Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(get_cursor)]


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int


def get_paging(store: Store,
               page: Annotated[int, Query(ge=1, description="Page number, from 1.")] = 1,
               page_size: Annotated[int | None, Query(ge=1, description="Events per page (default 50, at most "
                                                                        "the server's limit, 200 unless set).")]
               = None) -> Paging:
    return _check_paging(store.settings, page, page_size or store.settings.default_page_size)


def _check_paging(settings: Settings, page: int, size: int) -> Paging:
    if size > settings.max_page_size:
        raise QueryError(f"page_size {size} is over this server's limit of {settings.max_page_size}",
                         hint=f"ask for at most {settings.max_page_size} a page and follow the pages")
    if (page - 1) * size >= settings.max_offset:
        raise QueryError(f"page {page} starts past the first {settings.max_offset} results",
                         hint="narrow the filters (a dyad, a type, a date range) or change the sort order")
    return Paging(page, size)


PagingDep = Annotated[Paging, Depends(get_paging)]
SEARCH_PAGE = 20


def get_search_paging(
    store: Store,
    page: Annotated[int, Query(ge=1, description="Page of events and of articles, from 1.")] = 1,
    page_size: Annotated[int | None, Query(ge=1, description="Events and articles per page (default 20, at "
                                                             "most the server's limit, 200 unless set).")] = None,
    limit: Annotated[int | None, Query(ge=1, le=100, deprecated=True, description="Former name of "
                                                                                  "`page_size`.")] = None,
) -> Paging:
    return _check_paging(store.settings, page, page_size or limit or SEARCH_PAGE)


SearchPaging = Annotated[Paging, Depends(get_search_paging)]
MAX_MENTIONS_PAGE = 500


@dataclass(frozen=True)
class MentionsPage:
    page: int
    limit: int


def get_mentions_page(
    page: Annotated[int, Query(ge=1, le=100_000, description="Page of the article's events, from 1.")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_MENTIONS_PAGE, description="Events per page (default 100).")] = 100,
) -> MentionsPage:
    return MentionsPage(page, limit)


MentionPaging = Annotated[MentionsPage, Depends(get_mentions_page)]


def page_links(request: Request, page: int, size: int, total: int) -> dict[str, str]:
    """Relative URLs of the previous and next pages of ``total`` items, ``size`` a page (those that exist)."""
    last = max(1, -(-total // size))
    links = {}
    if page > 1:
        links["prev"] = _relative(request.url.include_query_params(page=min(page - 1, last)))
    if page < last:
        links["next"] = _relative(request.url.include_query_params(page=page + 1))
    return links


def _relative(url) -> str:
    return url.path + (f"?{url.query}" if url.query else "")
Sort = Literal["date", "-date", "mentions"]
SortDep = Annotated[Sort, Query(description="date (oldest first), -date (newest first) or mentions "
                                            "(most reported first: by distinct articles, then outlets, "
                                            "then reports).")]
# The one switch of every route and page that lists or counts events.
IncludeUnasserted = Annotated[bool, Query(description="Also list and count negated, hypothetical and future "
                                                      "events (by default only asserted events are).")]


@dataclass(frozen=True)
class FilterParams:
    """Event filters as the query string gives them; ``to_filter`` validates them."""

    type: str | None = None
    quad: str | None = None
    context: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None
    min_confidence: str | None = None
    include_unasserted: bool = False
    outlet: str | None = None
    language: str | None = None
    sector: str | None = None
    bbox: str | None = None

    def to_filter(self, *, dyad: tuple[str, str] | None = None, actor: str | None = None,
                  directed: bool = False) -> EventFilter:
        return EventFilter.parse(
            dyad=dyad, actor=actor, type=self.type, quad=_quad(self.quad), context=self.context,
            since=self.since, until=self.until, text=self.q, min_confidence=self.min_confidence,
            include_unasserted=self.include_unasserted, directed=directed, outlet=self.outlet,
            language=self.language, sector=self.sector, bbox=self.bbox)

    @property
    def active(self) -> bool:
        return any((self.type, self.quad, self.context, self.since, self.until, self.q, self.min_confidence,
                    self.include_unasserted, self.outlet, self.language, self.sector, self.bbox))


def _quad(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"quad class {value!r} is not a number", hint="1, 2, 3 or 4") from None


def get_filter_params(
    type: Annotated[str | None, Query(max_length=20, description="PLOVER event type, e.g. AID.")] = None,
    quad: Annotated[str | None, Query(max_length=2, description="Quad class: 1 verbal cooperation, 2 material "
                                                               "cooperation, 3 verbal conflict, 4 material conflict.")]
    = None,
    context: Annotated[str | None, Query(max_length=40, description="PLOVER context, e.g. military, or a "
                                                                   "modality: negation, hypothetical, future.")]
    = None,
    since: Annotated[str | None, Query(max_length=10, description="First date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Last date, YYYY-MM-DD.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Whole words (any case or accents) that the "
                                                               "evidence sentence, the title or an actor's "
                                                               "name holds, all of them.")] = None,
    min_confidence: Annotated[str | None, Query(max_length=8, description="Keep events whose confidence (the "
                                                "estimated probability that an analyst would code them) is at "
                                                "least this, 0 to 1.")] = None,
    include_unasserted: IncludeUnasserted = False,
    outlet: Annotated[str | None, Query(max_length=200, description="Keep events one of whose reports comes "
                                                                   "from this outlet (a web host, e.g. "
                                                                   "example.org).")] = None,
    language: Annotated[str | None, Query(max_length=3, description="Keep events one of whose reports is "
                                                                   "in this language: fr or en.")] = None,
    sector: Annotated[str | None, Query(max_length=3, description="Keep events whose actor or recipient "
                                                                 "is of this sector, e.g. GOV, MIL, BUS.")]
    = None,
    assertions_only: Annotated[bool, Query(deprecated=True, description="Former switch: asserted events only, "
                                                                        "now the default.")] = False,
    bbox: Annotated[str | None, Query(max_length=100, description="Keep events located in this box: west,south,"
                                                                  "east,north in degrees, e.g. -12.3,10.1,4.3,25.0.")]
    = None,
) -> FilterParams:
    if assertions_only and include_unasserted:
        raise QueryError("assertions_only=true and include_unasserted=true contradict each other",
                         hint="asserted events are the default: give include_unasserted=true alone to include "
                              "negated, hypothetical and future events")
    # HTML forms send empty fields: they mean "no filter", not "an empty value".
    return FilterParams(type or None, quad or None, context or None, since or None, until or None,
                        (q or "").strip() or None, min_confidence or None, include_unasserted,
                        outlet or None, language or None, sector or None, bbox or None)


Filters = Annotated[FilterParams, Depends(get_filter_params)]

# A dyad read one way: its first actor acting on its second.
Directed = Annotated[bool, Query(description="Only the events in which the dyad's first actor acts on its "
                                             "second (A→B); by default both directions.")]

# An actor in a path or a query: a code, or a name, adjective or capital ("Russie", "Côte d'Ivoire",
# "Union africaine"), resolved by ``bilateral.names``; long enough for the longest names.
MAX_ACTOR = 100
ActorText = Annotated[str, Path(max_length=MAX_ACTOR, description="Actor code (MLI, RUS, UNO…) or a country's "
                                                                  "or organisation's name, adjective or capital "
                                                                  "in French or English (Russie, Moscow).")]


def parse_dyad(value: str) -> tuple[str, str]:
    """``MLI,RUS``, ``Mali,Russie``, ``MLI-RUS``, ``Mali Russie`` → ("MLI", "RUS"); an unknown or ambiguous
    actor raises ``QueryError`` (a 400) naming the candidates."""
    return resolve_dyad(value)


def actor_code(value: str) -> str:
    """The code an actor's code or name stands for (``QueryError``, a 400, with candidates otherwise)."""
    return resolve_actor(value)
