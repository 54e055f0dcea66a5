"""Frozen records the dashboard queries return (``store.dashboard``): what the API and pages show.

They carry plain Python values only, so the web layer serialises them without pandas.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class EventRow:
    """One de-duplicated event with its evidence (the first report's sentence and offsets)."""

    id: str
    date: date
    event: str
    mode: str
    context: list[str]
    actor_code: str
    actor_sector: str
    recipient_code: str
    recipient_sector: str
    actor_codes: list[str]
    recipient_codes: list[str]
    cameo: str
    quad_code: int
    goldstein: float
    plover_score: float
    assertion: bool
    confidence: float
    num_mentions: int
    num_articles: int
    num_outlets: int
    mention_id: str
    article_id: str
    url: str | None
    title: str | None
    language: str
    sentence_text: str
    trigger: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One report of an event: where it was read and the sentence that says it."""

    id: str
    article_id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: date | None
    date: date
    sentence: int
    start: int
    end: int
    trigger: str
    sentence_text: str
    language: str


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """An actor or recipient of one report; ``start`` is -1 when it was inferred rather than read."""

    mention_id: str
    role: str
    position: int
    code: str
    sector: str
    text: str
    name: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class EventPage:
    total: int
    page: int
    page_size: int
    items: tuple[EventRow, ...]


@dataclass(frozen=True, slots=True)
class EventDetail:
    event: EventRow
    actors: tuple[ActorSpan, ...]
    mentions: tuple[MentionRow, ...]


@dataclass(frozen=True, slots=True)
class Tally:
    """Events sharing one value (a type, a mode, a context, a quad class)."""

    key: str
    events: int
    mentions: int
    goldstein_mean: float | None
    plover_mean: float | None


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts and breakdowns of the events one filter selects."""

    events: int
    mentions: int
    first: date | None
    last: date | None
    cooperation: int
    conflict: int
    goldstein_mean: float | None
    plover_mean: float | None
    by_quad: tuple[Tally, ...]
    by_type: tuple[Tally, ...]
    by_mode: tuple[Tally, ...]
    by_context: tuple[Tally, ...]


@dataclass(frozen=True, slots=True)
class Period:
    """One month (quarter, year) of a time series: events per quad class and the mean scores."""

    period: str
    start: date
    quads: tuple[int, int, int, int]
    events: int
    mentions: int
    goldstein_mean: float | None
    plover_mean: float | None


@dataclass(frozen=True, slots=True)
class DyadRank:
    """A pair of actors (alphabetical order) with its volume and its change between two windows."""

    a: str
    b: str
    name_a: str
    name_b: str
    events: int
    mentions: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None
    recent: int
    previous: int
    change: int


@dataclass(frozen=True, slots=True)
class ActorRow:
    code: str
    name: str
    as_actor: int
    as_recipient: int
    mentions: int
    first: date | None
    last: date | None


@dataclass(frozen=True, slots=True)
class ArticleMention:
    """An event as one article reports it, with the trigger's offsets in the article's text."""

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
    start: int
    end: int
    trigger: str
    sentence_text: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    doc_id: str | None
    url: str | None
    title: str | None
    outlet: str | None
    published: date | None
    language: str
    words: int
    text: str
    mentions: tuple[ArticleMention, ...]
    actors: tuple[ActorSpan, ...]


@dataclass(frozen=True, slots=True)
class ArticleHit:
    id: str
    doc_id: str | None
    title: str | None
    published: date | None
    language: str
    url: str | None
    snippet: str
