"""PLOVER JSON Lines: one event per line, the contract described in the design document.

Coded events (``Event``) and de-duplicated events read from the store share one shape: a stored
event is turned back into an ``Event`` (its first report's evidence) and written the same way,
with its numbers of mentions, articles and outlets added.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from ..model import GEO_COLUMNS, ActorRef, Event, Geolocation, TextInfo

COUNTS = ("num_mentions", "num_articles", "num_outlets")


def event_to_plover(event: Event) -> dict[str, Any]:
    coder = dict(event.coder)
    return {
        "id": event.id,
        "story_id": event.story_id,
        "date": event.date.isoformat(),
        "event": event.event,
        "mode": event.mode,
        "context": list(event.context),
        "actor": [a.as_plover() for a in event.actor],
        "recipient": [r.as_plover() for r in event.recipient],
        "cameo": event.cameo,
        "quad_code": event.quad_code,
        "goldstein": event.goldstein,
        "plover_score": event.plover_score,
        "text_info": {
            "sentence": event.text_info.sentence,
            "start": event.text_info.start,
            "end": event.text_info.end,
            "trigger": event.text_info.trigger,
            "sentence_text": event.text_info.sentence_text,
        },
        "cite_info": {"url": event.url, "title": event.title, "language": event.language},
        "date_source": event.date_source,
        "confidence": event.confidence,
        "coder": coder,
        "geolocation": event.geolocation.as_plover() if event.geolocation is not None else None,
    }


def write_plover(events: Iterable[Event], out: IO[str], *, pretty: bool = False) -> int:
    return _write((event_to_plover(event) for event in events), out, pretty=pretty)


def stored_event(row: Mapping[str, Any]) -> Event:
    """A de-duplicated event as ``store.exports.plover_rows`` gives it, as an ``Event``."""
    def refs(items: list[dict] | None) -> tuple[ActorRef, ...]:
        return tuple(ActorRef(code=a["code"], sector=a["sector"], text=a["text"], name=a["name"]) for a in items or ())

    return Event(
        id=row["id"], story_id=row["story_id"], date=row["date"], event=row["event"], mode=row["mode"],
        context=tuple(row["context"]), actor=refs(row["actor"]), recipient=refs(row["recipient"]),
        cameo=row["cameo"], quad_code=row["quad_code"], goldstein=row["goldstein"],
        plover_score=row["plover_score"],
        text_info=TextInfo(row["sentence"], row["start"], row["end"], row["trigger"], row["sentence_text"]),
        url=row["url"] or "", title=row["title"] or "", language=row["language"], confidence=row["confidence"],
        date_source=row["date_source"],
        coder=(("name", "bilateral"), ("version", row["coder_version"]), ("lexicon", row["lexicon"])),
        geolocation=stored_geolocation(row),
    )


def stored_geolocation(row: Mapping[str, Any]) -> Geolocation | None:
    """The location held in a store row's ``geo_*`` columns; None when the event has none."""
    if row.get("geo_name") is None:
        return None
    name, gid, lat, lon, country, admin1, feature, precision, source, start, end = (row[c] for c in GEO_COLUMNS)
    return Geolocation(name=name, geonameid=gid, lat=lat, lon=lon, country=country or "", admin1=admin1 or "",
                       feature=feature or "", precision=precision or "", source=source or "",
                       start=-1 if start is None else start, end=-1 if end is None else end)


def stored_to_plover(row: Mapping[str, Any]) -> dict[str, Any]:
    """The PLOVER record of a stored event: ``event_to_plover`` plus how often it was reported."""
    return event_to_plover(stored_event(row)) | {key: row[key] for key in COUNTS}


def write_stored_plover(rows: Iterable[Mapping[str, Any]], out: IO[str], *, pretty: bool = False) -> int:
    return _write((stored_to_plover(row) for row in rows), out, pretty=pretty)


def _write(records: Iterable[dict[str, Any]], out: IO[str], *, pretty: bool) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, indent=2 if pretty else None) + "\n")
        count += 1
    return count
