"""Frozen records the dashboard queries return (``store.dashboard``): what the API and pages show.

They carry plain Python values only, so the web layer serialises them without pandas. They are
also the API's response models: pydantic builds their JSON schema, and takes a field's
``description`` and ``examples`` from its ``dataclasses.field`` metadata, so the OpenAPI
description (and the examples ``/docs`` shows) is written here, once, without the store
depending on pydantic.

Dates are annotated ``dt.date``: in a slotted dataclass with a field named ``date``, the bare
name would resolve to that field's slot when pydantic reads the annotations.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EventRow:
    """One de-duplicated event with its evidence (the first report's sentence and offsets)."""

    id: str = field(metadata={"examples": ["BE-3f9c2a71d0e4b8a6"]})
    date: dt.date = field(metadata={"examples": ["2025-10-14"]})
    event: str = field(metadata={"description": "PLOVER event type.", "examples": ["AID"]})
    mode: str = field(metadata={"description": "PLOVER mode, '' when none.", "examples": ["military"]})
    context: list[str] = field(metadata={"description": "PLOVER contexts, modality (negation, hypothetical, "
                                                        "future) included.", "examples": [["military"]]})
    actor_code: str = field(metadata={"examples": ["RUS"]})
    actor_sector: str = field(metadata={"examples": ["GOV"]})
    recipient_code: str = field(metadata={"examples": ["MLI"]})
    recipient_sector: str = field(metadata={"examples": ["GOV"]})
    actor_codes: list[str] = field(metadata={"examples": [["RUS"]]})
    recipient_codes: list[str] = field(metadata={"examples": [["MLI"]]})
    cameo: str = field(metadata={"examples": ["072"]})
    quad_code: int = field(metadata={"description": "1 verbal cooperation, 2 material cooperation, "
                                                    "3 verbal conflict, 4 material conflict.", "examples": [2]})
    goldstein: float = field(metadata={"examples": [7.4]})
    plover_score: float = field(metadata={"examples": [5.0]})
    assertion: bool = field(metadata={"description": "False when negated, hypothetical or future.",
                                      "examples": [True]})
    confidence: float = field(metadata={"examples": [0.87]})
    num_mentions: int = field(metadata={"examples": [3]})
    num_articles: int = field(metadata={"examples": [3]})
    num_outlets: int = field(metadata={"examples": [2]})
    mention_id: str = field(metadata={"description": "The first report, whose sentence is the evidence shown.",
                                      "examples": ["BL-91be04c3aa5e7f20"]})
    article_id: str = field(metadata={"examples": ["A-5d0f8e1b2c3a4967"]})
    url: str | None = field(metadata={"examples": ["https://example.org/mali-russie"]})
    title: str | None = field(metadata={"examples": ["Le Mali et la Russie célèbrent 65 ans de relations"]})
    language: str = field(metadata={"examples": ["fr"]})
    sentence_text: str = field(metadata={"description": "The evidence sentence.",
                                         "examples": ["Moscou a livré des blindés au Mali."]})
    trigger: str = field(metadata={"description": "The word that names the event in that sentence.",
                                   "examples": ["livré"]})
    start: int = field(metadata={"description": "Trigger offsets, in characters, in the article's text.",
                                 "examples": [812]})
    end: int = field(metadata={"examples": [817]})


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One report of an event: where it was read and the sentence that says it."""

    id: str
    article_id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: dt.date | None
    date: dt.date
    sentence: int = field(metadata={"description": "Index of the sentence in the article."})
    start: int
    end: int
    trigger: str
    sentence_text: str
    language: str


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """An actor or recipient of one report; ``start`` is -1 when it was inferred rather than read."""

    mention_id: str
    role: str = field(metadata={"description": "actor or recipient."})
    position: int
    code: str
    sector: str
    text: str = field(metadata={"description": "The words that name it in the article."})
    name: str
    start: int = field(metadata={"description": "Offsets in the article's text; -1 when the actor was inferred."})
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class EventPage:
    total: int = field(metadata={"description": "Events matching the filters, all pages together."})
    page: int
    page_size: int
    items: tuple[EventRow, ...]


@dataclass(frozen=True, slots=True)
class EventDetail:
    event: EventRow
    actors: tuple[ActorSpan, ...]
    mentions: tuple[MentionRow, ...] = field(metadata={"description": "Every report of the event."})


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
    first: dt.date | None
    last: dt.date | None
    cooperation: int = field(metadata={"description": "Events of quad classes 1 and 2."})
    conflict: int = field(metadata={"description": "Events of quad classes 3 and 4."})
    goldstein_mean: float | None = field(metadata={"description": "Mean Goldstein value, −10 (conflict) to +10 "
                                                                  "(cooperation)."})
    plover_mean: float | None
    by_quad: tuple[Tally, ...]
    by_type: tuple[Tally, ...]
    by_mode: tuple[Tally, ...]
    by_context: tuple[Tally, ...]


@dataclass(frozen=True, slots=True)
class Period:
    """One month (quarter, year) of a time series: events per quad class and the mean scores."""

    period: str = field(metadata={"examples": ["2025-10"]})
    start: dt.date
    quads: tuple[int, int, int, int] = field(metadata={"description": "Events of quad classes 1 to 4."})
    events: int
    mentions: int
    goldstein_mean: float | None
    plover_mean: float | None


@dataclass(frozen=True, slots=True)
class DyadRank:
    """A pair of actors (alphabetical order) with its volume and its change between two windows."""

    a: str = field(metadata={"examples": ["MLI"]})
    b: str = field(metadata={"examples": ["RUS"]})
    name_a: str = field(metadata={"examples": ["Mali"]})
    name_b: str = field(metadata={"examples": ["Russia"]})
    events: int = field(metadata={"examples": [7]})
    mentions: int = field(metadata={"examples": [12]})
    cooperation: int = field(metadata={"description": "Events of quad classes 1 and 2.", "examples": [7]})
    conflict: int = field(metadata={"description": "Events of quad classes 3 and 4.", "examples": [0]})
    goldstein_mean: float | None = field(metadata={"examples": [5.9]})
    recent: int = field(metadata={"description": "Events in the last `months` months of the span."})
    previous: int = field(metadata={"description": "Events in the `months` months before those."})
    change: int = field(metadata={"description": "recent − previous."})


@dataclass(frozen=True, slots=True)
class ActorRow:
    code: str = field(metadata={"examples": ["MLI"]})
    name: str = field(metadata={"examples": ["Mali"]})
    as_actor: int = field(metadata={"description": "Events in which it acts.", "examples": [9]})
    as_recipient: int = field(metadata={"description": "Events in which it is acted on.", "examples": [6]})
    mentions: int = field(metadata={"description": "Reports of those events.", "examples": [21]})
    first: dt.date | None = field(metadata={"examples": ["2024-03-20"]})
    last: dt.date | None = field(metadata={"examples": ["2025-10-15"]})


@dataclass(frozen=True, slots=True)
class ArticleMention:
    """An event as one article reports it, with the trigger's offsets in the article's text."""

    id: str
    event_id: str | None
    date: dt.date
    event: str
    mode: str
    context: list[str]
    actor_codes: list[str]
    recipient_codes: list[str]
    quad_code: int
    goldstein: float
    sentence: int
    start: int = field(metadata={"description": "Trigger offsets in `text`."})
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
    published: dt.date | None
    language: str
    words: int
    text: str
    mentions: tuple[ArticleMention, ...] = field(metadata={"description": "One page of the events the article "
                                                                         "reports, in text order."})
    actors: tuple[ActorSpan, ...] = field(metadata={"description": "The actors of those events."})
    mentions_total: int = field(default=0, metadata={"description": "Events the article reports, all pages "
                                                                      "together."})
    page: int = 1
    limit: int = field(default=100, metadata={"description": "Events per page."})


@dataclass(frozen=True, slots=True)
class ArticleHit:
    id: str = field(metadata={"examples": ["A-5d0f8e1b2c3a4967"]})
    doc_id: str | None = field(metadata={"description": "The id the input gave.", "examples": ["mali-russie-65-ans"]})
    title: str | None = field(metadata={"examples": ["Le Mali et la Russie célèbrent 65 ans de relations"]})
    published: dt.date | None = field(metadata={"examples": ["2025-10-15"]})
    language: str = field(metadata={"examples": ["fr"]})
    url: str | None = field(metadata={"examples": ["https://example.org/mali-russie"]})
    snippet: str = field(metadata={"description": "Some 240 characters around the first word found.",
                                   "examples": ["… Rosatom participe à l'exploitation du lithium …"]})


@dataclass(frozen=True, slots=True)
class ArticlePage:
    total: int = field(metadata={"description": "Articles found, all pages together."})
    page: int
    page_size: int
    items: tuple[ArticleHit, ...]


@dataclass(frozen=True, slots=True)
class NamedActor:
    """An organisation or a person as the articles name it, with the code it was resolved to."""

    code: str
    name: str = field(metadata={"description": "The name the actor lexicon gives, e.g. 'Rosatom'."})
    sector: str
    events: int = field(metadata={"description": "Events it takes part in."})
