"""PLOVER JSON Lines: one event per line, the contract described in the design document."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from ..model import Event


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
    }


def write_plover(events: Iterable[Event], out: IO[str], *, pretty: bool = False) -> int:
    count = 0
    for event in events:
        record = event_to_plover(event)
        out.write(json.dumps(record, ensure_ascii=False, indent=2 if pretty else None) + "\n")
        count += 1
    return count
