"""Response models of ``/api/`` that the store has no record for: errors, health, the list envelope,
and the answers routes assemble from several records.

The records the dashboard queries return (``store.views``) are response models themselves:
routes return them as they are, and their field descriptions live there.
"""
from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from ..store.dyads import Direction, OutletRow
from ..store.views import ActorRow, ArticleHit, DyadRank, EventRow, Period, Summary

T = TypeVar("T")


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable code of the kind of error (the table at /docs), e.g. E600 for a bad "
                                  "parameter value, E601 for an unknown parameter.", examples=["E601"])
    message: str = Field(description="What was wrong.", examples=["unknown parameter 'tpye'"])
    hint: str | None = Field(None, description="What to do instead.",
                             examples=["/api/events takes: type, quad, context, since, until, q, …"])


class ErrorOut(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    version: str = Field(description="bilateral's version.", examples=["0.1.0"])
    schema_version: int = Field(description="The store's schema version.", examples=[3])


class Corpus(BaseModel):
    articles: int
    clusters: int = Field(description="Groups of near-duplicate articles.")
    mentions: int = Field(description="Reports of the events counted: an event as read in one sentence of one "
                                      "article.")
    events: int = Field(description="Events once de-duplicated: asserted ones unless `include_unasserted`.")
    first: date | None = Field(description="Date of the earliest event counted.")
    last: date | None = Field(description="Date of the latest event counted.")
    runs: int = Field(description="Ingest runs that filled the store.")


class DyadSummary(BaseModel):
    a: str
    b: str
    name_a: str
    name_b: str
    summary: Summary


class Timeline(BaseModel):
    interval: str
    periods: list[Period]


class Directions(BaseModel):
    """A dyad split by direction: ``a`` acting on ``b``, then ``b`` on ``a``, on the same periods."""

    a: str = Field(examples=["MLI"])
    b: str = Field(examples=["RUS"])
    interval: str = Field(examples=["month"])
    directions: list[Direction]


class ActorSummary(BaseModel):
    code: str
    name: str
    summary: Summary
    partners: list[DyadRank]


class Page(BaseModel, Generic[T]):
    """What every list route answers: one page of rows and where the next one is."""

    items: list[T] = Field(description="This page's rows.")
    total: int = Field(description="Rows that match, all pages together.", examples=[7])
    page: int = Field(description="This page's number, from 1.", examples=[1])
    page_size: int = Field(description="Rows per page.", examples=[50])
    next: str | None = Field(None, description="Relative URL of the next page (the same parameters, page + 1); "
                                               "null on the last page.",
                             examples=["/api/events?dyad=MLI%2CRUS&page_size=2&page=2"])
    prev: str | None = Field(None, description="Relative URL of the previous page; null on the first.",
                             examples=[None])


class EventList(Page[EventRow]):
    """De-duplicated events, one page of them."""


class DyadList(Page[DyadRank]):
    """Pairs of actors, ranked."""


class ActorList(Page[ActorRow]):
    """Actor codes, the most active first."""


class OutletList(Page[OutletRow]):
    """Outlets whose articles report a dyad's events, the one reporting most events first."""


class ArticleList(Page[ArticleHit]):
    """Articles, newest first."""


class ActorMatch(BaseModel):
    code: str = Field(examples=["RUS"])
    name: str = Field(examples=["Rosatom"])
    sector: str | None = Field(None, description="For an organisation or a person read in the articles "
                                                 "(e.g. Rosatom, RUS BUS): its sector; none for a country.",
                               examples=["BUS"])
    events: int | None = Field(None, description="For an organisation or a person: the events it takes part in.",
                               examples=[3])


class SearchResult(Page[EventRow]):
    """One page of the events found (``items``, newest first), with the actors and the pair the words
    name and one page of the articles that hold them (``articles``, its own ``total`` and ``next``)."""

    q: str = Field(examples=["Rosatom"])
    actors: list[ActorMatch] = Field(description="Countries and organisations of the actor lexicon, then the "
                                                 "organisations and people named in the articles.")
    dyad: list[str] | None = Field(description="Two actor codes when the query names a pair, e.g. 'Mali Russia'.",
                                   examples=[["MLI", "RUS"]])
    articles: ArticleList = Field(description="One page of the articles found, newest first; the same `page` "
                                              "and `page_size` as the events.")
