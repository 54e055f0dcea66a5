"""Events as GeoJSON: the located events an ``EventFilter`` keeps, one point each.

A point carries what a map needs to draw it (its number of reports for its size, its quad
class for its colour) and what a click lists (date, type, actors, evidence sentence).
"""
from __future__ import annotations

from typing import Any

import duckdb

from .queries import EventFilter

MAX_FEATURES = 5_000  # a map of more points than this is unreadable: the most reported are kept

_SQL = """
SELECT e.id, e.date, e.event, e.quad_code, e.actor_code, e.recipient_code, e.num_mentions, e.num_articles,
       e.sentence_text, e.geo_name, e.geo_id, e.geo_lat, e.geo_lon, e.geo_country, e.geo_precision, e.geo_source
FROM events e
WHERE ({where}) AND e.geo_lat IS NOT NULL
ORDER BY e.num_articles DESC, e.num_mentions DESC, e.date, e.id
LIMIT {limit}
"""


def feature_collection(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None, *,
                       limit: int = MAX_FEATURES) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the located events ``flt`` keeps (the ``limit`` most reported),
    with ``total`` (how many located events it keeps) and ``unlocated`` (how many have no location)."""
    where, params = (flt or EventFilter()).where()
    total, unlocated = con.execute(
        f"SELECT count(*) FILTER (WHERE geo_lat IS NOT NULL), count(*) FILTER (WHERE geo_lat IS NULL) "
        f"FROM events WHERE {where}", params).fetchall()[0]
    rows = con.execute(_SQL.format(where=where, limit=int(limit)), params).fetchall()
    features = []
    for (event_id, day, event, quad, actor, recipient, mentions, articles, sentence, name, gid, lat, lon,
         country, precision, source) in rows:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": event_id, "date": day.isoformat(), "event": event, "quad_code": quad,
                "actor_code": actor, "recipient_code": recipient, "num_mentions": mentions,
                "num_articles": articles, "sentence_text": sentence, "place": name, "geonameid": gid,
                "country": country, "precision": precision, "source": source,
            },
        })
    return {"type": "FeatureCollection", "features": features, "total": total, "unlocated": unlocated}
