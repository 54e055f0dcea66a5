"""Frozen records that flow through the pipeline: Article → (Doc) → Event."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["Article", "ActorRef", "TextInfo", "Geolocation", "Event"]


@dataclass(frozen=True, slots=True)
class Article:
    """One input document, normalised."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    date: date | None = None
    lang: str | None = None
    source: str = ""  # where it was read from (file name, line), for messages
    outlet: str = ""  # who published it (a site's domain, a newspaper's name), for de-duplication


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor or recipient as PLOVER writes it: country/organisation code plus sector."""

    code: str
    sector: str = ""
    text: str = ""
    name: str = ""
    start: int = -1  # character offsets of the mention in the document, -1 when inferred
    end: int = -1
    kind: str = ""  # what named it: country, capital, seat, adjective, org, person, place, title

    def as_plover(self) -> dict[str, str]:
        return {"code": self.code, "sector": self.sector, "text": self.text, "name": self.name}


@dataclass(frozen=True, slots=True)
class TextInfo:
    sentence: int
    start: int
    end: int
    trigger: str
    sentence_text: str


@dataclass(frozen=True, slots=True)
class Geolocation:
    """Where an event took place, and how that was found.

    ``precision`` is site | city | admin1 | country; ``source`` is sentence (a place of the
    event's sentence), article (the article's main place) or actor_country (no place named: the
    country of the event's first state actor). ``start``/``end`` are the character offsets of the
    place name in the document, -1 when no name was read. ``geonameid`` is None for a place of
    bilateral's own list that GeoNames lacks; ``country`` is '' for a sea or strait between states.
    """

    name: str
    geonameid: int | None
    lat: float
    lon: float
    country: str
    admin1: str
    feature: str
    precision: str
    source: str
    start: int = -1
    end: int = -1

    def as_plover(self) -> dict[str, object]:
        return {"name": self.name, "geonameid": self.geonameid, "lat": self.lat, "lon": self.lon,
                "country": self.country, "admin1": self.admin1, "feature": self.feature,
                "precision": self.precision, "source": self.source, "start": self.start, "end": self.end}


GEO_FIELDS = ("name", "geonameid", "lat", "lon", "country", "admin1", "feature", "precision", "source", "start", "end")
GEO_COLUMNS = ("geo_name", "geo_id", "geo_lat", "geo_lon", "geo_country", "geo_admin1", "geo_feature",
               "geo_precision", "geo_source", "geo_start", "geo_end")
"""The store's location columns (mentions, events), in the order of ``Geolocation``'s fields."""


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event with its evidence."""

    id: str
    story_id: str
    date: date
    event: str
    mode: str
    context: tuple[str, ...]
    actor: tuple[ActorRef, ...]
    recipient: tuple[ActorRef, ...]
    cameo: str
    quad_code: int
    goldstein: float
    plover_score: float
    text_info: TextInfo
    url: str = ""
    title: str = ""
    language: str = ""
    confidence: float = 0.0
    date_source: str = "document"  # document | sentence
    # how the event was read (the confidence model's features); not part of the PLOVER record
    features: tuple[str, ...] = field(default=(), compare=False, repr=False)
    coder: tuple[tuple[str, str], ...] = field(default=())
    geolocation: Geolocation | None = None  # where it happened; None when not geolocated

    @property
    def is_assertion(self) -> bool:
        """False for negated, hypothetical or future events (not scored, flagged in output)."""
        return not ({"negation", "hypothetical", "future"} & set(self.context))
