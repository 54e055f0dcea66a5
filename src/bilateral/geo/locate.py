"""Each event's location, once an article's events are coded.

An event takes the place its own sentence names, preferring one a locative word introduces
("à Gao", "near Kharkiv", "au large de la Crimée") and, among those, the most precise (a site
or town before a region, a region before a state), then the nearest to the trigger. A place that
is one of the event's participants ("Moscou a livré…") is not where it happened unless a locative
word says so. Without one, the article's main place (its dateline, else the place it puts most
things "in"), when that place lies in a country of the event's participants; else the country
of its first state actor, at country precision.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..model import ActorRef, Event, Geolocation
from .gazetteer import Gazetteer, Place
from .resolve import Context, Resolution, named_states, resolve_all
from .text import PlaceMention

RANK = {"site": 3, "city": 3, "admin1": 2, "country": 1}
# Before a state, "à" is not locative: "lié à la France", "livré à la Russie" (one is "en France")
_NOT_BEFORE_STATES = frozenset({"à", "a"})
MATERIAL = frozenset({2, 4})  # quad classes of deeds (aid, attacks), as against words
SENTENCE, ARTICLE, ACTOR_COUNTRY = "sentence", "article", "actor_country"


def geolocation(place: Place, *, source: str, precision: str | None = None, start: int = -1,
                end: int = -1) -> Geolocation:
    return Geolocation(name=place.name, geonameid=place.geonameid, lat=round(place.lat, 5), lon=round(place.lon, 5),
                       country=place.country, admin1=place.admin1, feature=place.feature,
                       precision=precision or place.precision, source=source, start=start, end=end)


def _precision(r: Resolution) -> str:
    return r.place.precision if r.narrowed else "country"  # type: ignore[union-attr]


def _located(r: Resolution) -> bool:
    """Whether a locative word introduces the mention."""
    return bool(r.mention.cue) and not (_precision(r) == "country" and r.mention.cue in _NOT_BEFORE_STATES)


def _states(refs: Iterable[ActorRef], gazetteer: Gazetteer) -> list[str]:
    return [ref.code for ref in refs if gazetteer.country(ref.code) is not None]


def main_place(resolved: Sequence[Resolution]) -> Resolution | None:
    """The article's main place: its dateline, else the place it names most often, a name a
    locative word introduces counting twice (the more precise, then the earlier, on a tie). A
    state named without one is a participant or a topic, not where the article is: not counted."""
    for r in resolved:
        if r.mention.dateline and r.place is not None:
            return r
    counted = [r for r in resolved if r.place is not None and (_located(r) or _precision(r) != "country")]
    if not counted:
        return None
    counts: Counter[int] = Counter()
    for r in counted:
        counts[r.place.pid] += 2 if _located(r) else 1  # type: ignore[union-attr]
    return max(counted, key=lambda r: (counts[r.place.pid], RANK[_precision(r)], r.place.population,  # type: ignore[union-attr]
                                       -r.mention.start))


def _in_sentence(event: Event, resolved: Sequence[Resolution]) -> Resolution | None:
    info = event.text_info
    # a town that is a participant ("Moscou a livré…") is not where the event happened, unless
    # a deed is done to it ("Russia shelled Kharkiv")
    taken = [(ref.start, ref.end) for ref in (*event.actor, *event.recipient)
             if ref.start >= 0 and not (event.quad_code in MATERIAL and ref in event.recipient)]
    received = [(ref.start, ref.end) for ref in event.recipient if ref.start >= 0]
    best, best_key = None, None
    for r in resolved:
        m = r.mention
        if r.place is None or m.dateline or m.sentence != info.sentence:
            continue
        participant = any(m.start < end and start < m.end for start, end in taken)
        if not _located(r) and (participant or _precision(r) == "country"):
            continue
        # "livré au Burkina Faso, au Mali…": each recipient's event is placed at its own name
        own = any(m.start < end and start < m.end for start, end in received)
        key = (_located(r), own, RANK[_precision(r)], -abs(m.start - info.start))
        if best_key is None or key > best_key:
            best, best_key = r, key
    return best


def locate_event(event: Event, resolved: Sequence[Resolution], main: Resolution | None,
                 gazetteer: Gazetteer) -> Geolocation | None:
    here = _in_sentence(event, resolved)
    if here is not None:
        return geolocation(here.place, source=SENTENCE, precision=_precision(here),  # type: ignore[arg-type]
                           start=here.mention.start, end=here.mention.end)
    states = _states(event.actor, gazetteer) + _states(event.recipient, gazetteer)
    if main is not None and (not states or main.place.country in states):  # type: ignore[union-attr]
        return geolocation(main.place, source=ARTICLE, precision=_precision(main),  # type: ignore[arg-type]
                           start=main.mention.start, end=main.mention.end)
    for code in states:
        return geolocation(gazetteer.country(code), source=ACTOR_COUNTRY, precision="country")  # type: ignore[arg-type]
    return None


def locate_events(events: list[Event], mentions: Sequence[PlaceMention], words: Iterable[str],
                  gazetteer: Gazetteer) -> list[Event]:
    """``events`` of one article with their ``geolocation`` set (None where nothing places them)."""
    if not events:
        return events
    refs = {ref for event in events for ref in (*event.actor, *event.recipient)}
    spans = tuple(sorted({(ref.code, ref.start, ref.end) for ref in refs if ref.start >= 0
                          and gazetteer.country(ref.code) is not None}))
    inferred = frozenset(ref.code for ref in refs if ref.start < 0 and gazetteer.country(ref.code) is not None)
    context = Context(actors=inferred, named=named_states(words), actor_spans=spans)
    resolved = resolve_all(mentions, context, gazetteer)
    main = main_place(resolved)
    by_sentence: dict[int, list[Resolution]] = {}
    for r in resolved:
        by_sentence.setdefault(r.mention.sentence, []).append(r)
    return [replace(event, geolocation=locate_event(event, by_sentence.get(event.text_info.sentence, []), main,
                                                    gazetteer))
            for event in events]
