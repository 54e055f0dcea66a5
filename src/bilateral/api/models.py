"""Response models: the JSON contract of ``/api/``, as the OpenAPI description shows it."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


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


class Event(BaseModel):
    id: str
    date: date
    event: str = Field(description="PLOVER event type.", examples=["AID"])
    mode: str = Field(description="PLOVER mode, '' when none.")
    context: list[str] = Field(description="PLOVER contexts, modality (negation, hypothetical, future) included.")
    actor_code: str
    actor_sector: str
    recipient_code: str
    recipient_sector: str
    actor_codes: list[str]
    recipient_codes: list[str]
    cameo: str
    quad_code: int = Field(description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                                       "4 material conflict.")
    goldstein: float
    plover_score: float
    assertion: bool = Field(description="False when negated, hypothetical or future.")
    confidence: float
    num_mentions: int
    num_articles: int
    num_outlets: int
    mention_id: str = Field(description="The first report, whose sentence is the evidence shown.")
    article_id: str
    url: str | None
    title: str | None
    language: str
    sentence_text: str = Field(description="The evidence sentence.")
    trigger: str = Field(description="The word that names the event in that sentence.")
    start: int = Field(description="Trigger offsets, in characters, in the article's text.")
    end: int


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters, all pages together.")
    page: int
    page_size: int
    items: list[Event]


class Mention(BaseModel):
    id: str
    article_id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: date | None
    date: date
    sentence: int = Field(description="Index of the sentence in the article.")
    start: int
    end: int
    trigger: str
    sentence_text: str
    language: str


class ActorSpan(BaseModel):
    mention_id: str
    role: str = Field(description="actor or recipient.")
    position: int
    code: str
    sector: str
    text: str = Field(description="The words that name it in the article.")
    name: str
    start: int = Field(description="Offsets in the article's text; -1 when the actor was inferred.")
    end: int
    kind: str


class EventDetail(BaseModel):
    event: Event
    actors: list[ActorSpan]
    mentions: list[Mention] = Field(description="Every report of the event.")


class Tally(BaseModel):
    key: str
    events: int
    mentions: int
    goldstein_mean: float | None
    plover_mean: float | None


class Summary(BaseModel):
    events: int
    mentions: int
    first: date | None
    last: date | None
    cooperation: int = Field(description="Events of quad classes 1 and 2.")
    conflict: int = Field(description="Events of quad classes 3 and 4.")
    goldstein_mean: float | None = Field(description="Mean Goldstein value, −10 (conflict) to +10 (cooperation).")
    plover_mean: float | None
    by_quad: list[Tally]
    by_type: list[Tally]
    by_mode: list[Tally]
    by_context: list[Tally]


class DyadSummary(BaseModel):
    a: str
    b: str
    name_a: str
    name_b: str
    summary: Summary


class Period(BaseModel):
    period: str = Field(examples=["2025-10"])
    start: date
    quads: list[int] = Field(description="Events of quad classes 1 to 4.")
    events: int
    mentions: int
    goldstein_mean: float | None
    plover_mean: float | None


class Timeline(BaseModel):
    interval: str
    periods: list[Period]


class DyadRank(BaseModel):
    a: str
    b: str
    name_a: str
    name_b: str
    events: int
    mentions: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None
    recent: int = Field(description="Events in the last `months` months of the span.")
    previous: int = Field(description="Events in the `months` months before those.")
    change: int = Field(description="recent − previous.")


class Actor(BaseModel):
    code: str
    name: str
    as_actor: int
    as_recipient: int
    mentions: int
    first: date | None
    last: date | None


class ActorSummary(BaseModel):
    code: str
    name: str
    summary: Summary
    partners: list[DyadRank]


class ArticleMention(BaseModel):
    id: str
    event_id: str | None
    date: date
    event: str
    mode: str
    context: list[str]
    actor_codes: list[str]
    recipient_codes: list[str]
    quad_code: int
    goldstein: float
    sentence: int
    start: int = Field(description="Trigger offsets in `text`.")
    end: int
    trigger: str
    sentence_text: str


class Article(BaseModel):
    id: str
    doc_id: str | None
    url: str | None
    title: str | None
    outlet: str | None
    published: date | None
    language: str
    words: int
    text: str
    mentions: list[ArticleMention]
    actors: list[ActorSpan]


class ArticleHit(BaseModel):
    id: str
    doc_id: str | None
    title: str | None
    published: date | None
    language: str
    url: str | None
    snippet: str


class ActorMatch(BaseModel):
    code: str
    name: str


class SearchResult(BaseModel):
    q: str
    actors: list[ActorMatch]
    dyad: list[str] | None = Field(description="Two actor codes when the query names a pair, e.g. 'Mali Russia'.")
    articles: list[ArticleHit]
    events: EventPage
