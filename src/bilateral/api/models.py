"""Response models of ``/api/`` that the store has no record for: errors, health, and the answers
routes assemble from several records.

The records the dashboard queries return (``store.views``) are response models themselves:
routes return them as they are, and their field descriptions live there.
"""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from ..store.views import ArticleHit, DyadRank, EventPage, Period, Summary


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable error code, e.g. E600 for a bad query parameter.", examples=["E600"])
    message: str = Field(description="What was wrong.", examples=["unknown actor code 'XXX'"])
    hint: str | None = Field(None, description="What to do instead.")


class ErrorOut(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    version: str = Field(description="bilateral's version.")
    schema_version: int = Field(description="The store's schema version.")


class Corpus(BaseModel):
    articles: int
    clusters: int = Field(description="Groups of near-duplicate articles.")
    mentions: int = Field(description="Events as reported, one per sentence and article.")
    events: int = Field(description="Events once de-duplicated.")
    first: date | None = Field(description="Date of the earliest event.")
    last: date | None = Field(description="Date of the latest event.")
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


class ActorSummary(BaseModel):
    code: str
    name: str
    summary: Summary
    partners: list[DyadRank]


class ActorMatch(BaseModel):
    code: str
    name: str
    sector: str | None = Field(None, description="For an organisation or a person read in the articles "
                                                 "(e.g. Rosatom, RUS BUS): its sector; none for a country.")
    events: int | None = Field(None, description="For an organisation or a person: the events it takes part in.")


class SearchTotals(BaseModel):
    events: int = Field(description="Events found, all pages together.")
    articles: int = Field(description="Articles found, all pages together.")


class SearchResult(BaseModel):
    q: str
    actors: list[ActorMatch] = Field(description="Countries and organisations of the actor lexicon, then the "
                                                 "organisations and people named in the articles.")
    dyad: list[str] | None = Field(description="Two actor codes when the query names a pair, e.g. 'Mali Russia'.")
    articles: list[ArticleHit] = Field(description="One page of the articles found, newest first.")
    events: EventPage = Field(description="One page of the events found, newest first.")
    total: SearchTotals
    page: int
    page_size: int = Field(description="Events and articles per page.")
    next: str | None = Field(None, description="URL of the next page, when events or articles remain.")
    prev: str | None = Field(None, description="URL of the previous page.")
