"""Articles and events as Arrow tables shaped like the store's tables (see migrations/).

Built where the coding runs (a Dask worker, or this process) so that only compact columnar
batches travel to the single writer.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import pyarrow as pa

from ..model import GEO_COLUMNS, GEO_FIELDS, Article, Event

_SPACE = re.compile(r"\s+")

ARTICLES = pa.schema([
    ("id", pa.string()), ("doc_id", pa.string()), ("url", pa.string()), ("title", pa.string()),
    ("outlet", pa.string()), ("published", pa.date32()), ("language", pa.string()), ("text", pa.string()),
    ("text_hash", pa.string()), ("words", pa.int32()), ("minhash", pa.binary()), ("source", pa.string()),
    ("run_id", pa.int32()),
])
MENTIONS = pa.schema([
    ("id", pa.string()), ("article_id", pa.string()), ("date", pa.date32()), ("date_source", pa.string()),
    ("event", pa.string()), ("mode", pa.string()), ("context", pa.list_(pa.string())),
    ("actor_codes", pa.list_(pa.string())), ("recipient_codes", pa.list_(pa.string())),
    ("cameo", pa.string()), ("quad_code", pa.int8()), ("goldstein", pa.float64()),
    ("plover_score", pa.float64()), ("sentence", pa.int32()), ("start", pa.int32()), ("end", pa.int32()),
    ("trigger", pa.string()), ("sentence_text", pa.string()), ("language", pa.string()),
    ("confidence", pa.float64()), ("coder", pa.string()), ("lexicon", pa.string()), ("run_id", pa.int32()),
    ("geo_name", pa.string()), ("geo_id", pa.int64()), ("geo_lat", pa.float64()), ("geo_lon", pa.float64()),
    ("geo_country", pa.string()), ("geo_admin1", pa.string()), ("geo_feature", pa.string()),
    ("geo_precision", pa.string()), ("geo_source", pa.string()), ("geo_start", pa.int32()), ("geo_end", pa.int32()),
])
MENTION_ACTORS = pa.schema([
    ("mention_id", pa.string()), ("role", pa.string()), ("position", pa.int8()), ("code", pa.string()),
    ("sector", pa.string()), ("text", pa.string()), ("name", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()), ("kind", pa.string()),
])


def normalise(text: str) -> str:
    """The text as compared for identity: NFC, whitespace collapsed, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def article_key(text: str, url: str = "") -> str:
    """An article's id in the store: the same text at the same URL is the same article."""
    return "A-" + hashlib.sha256(f"{text_hash(text)}\n{url.strip()}".encode("utf-8")).hexdigest()[:20]


def article_row(article: Article, *, doc_id: str, language: str, minhash: bytes | None, run_id: int) -> dict:
    return {
        "id": article.id, "doc_id": doc_id or None, "url": article.url or None, "title": article.title or None,
        "outlet": article.outlet or None, "published": article.date, "language": language, "text": article.text,
        "text_hash": text_hash(article.text), "words": len(article.text.split()), "minhash": minhash,
        "source": article.source or None, "run_id": run_id,
    }


def geo_values(event: Event) -> dict:
    """The location columns of ``event`` (all None when it has no location)."""
    geo = event.geolocation
    return {column: (getattr(geo, name) if geo is not None else None) for column, name in zip(GEO_COLUMNS, GEO_FIELDS)}


def mention_row(event: Event, run_id: int) -> dict:
    coder = dict(event.coder)
    info = event.text_info
    return geo_values(event) | {
        "id": event.id, "article_id": event.story_id, "date": event.date, "date_source": event.date_source,
        "event": event.event, "mode": event.mode, "context": list(event.context),
        "actor_codes": [a.code for a in event.actor], "recipient_codes": [r.code for r in event.recipient],
        "cameo": event.cameo, "quad_code": event.quad_code, "goldstein": event.goldstein,
        "plover_score": event.plover_score, "sentence": info.sentence, "start": info.start, "end": info.end,
        "trigger": info.trigger, "sentence_text": info.sentence_text, "language": event.language,
        "confidence": event.confidence, "coder": coder.get("version", ""), "lexicon": coder.get("lexicon", ""),
        "run_id": run_id,
    }


def actor_rows(event: Event) -> Iterable[dict]:
    for role, refs in (("actor", event.actor), ("recipient", event.recipient)):
        for position, ref in enumerate(refs):
            yield {"mention_id": event.id, "role": role, "position": position, "code": ref.code,
                   "sector": ref.sector, "text": ref.text, "name": ref.name, "start": ref.start,
                   "end": ref.end, "kind": ref.kind}


def tables(articles: list[dict], events: list[Event], run_id: int) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(articles, mentions, mention_actors) Arrow tables for one batch."""
    mentions = [mention_row(e, run_id) for e in events]
    actors = [row for e in events for row in actor_rows(e)]
    return (pa.Table.from_pylist(articles, schema=ARTICLES), pa.Table.from_pylist(mentions, schema=MENTIONS),
            pa.Table.from_pylist(actors, schema=MENTION_ACTORS))
