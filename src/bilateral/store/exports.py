"""The queries behind ``bilateral.export``: de-duplicated events with what each format needs.

Every query selects the events an ``EventFilter`` keeps, oldest first (then by id), and reads
each event's evidence from its first report (``events.mention_id``). Without a filter that is
``EventFilter()``: asserted events, as everywhere else (``include_unasserted`` for every row).
Rows are streamed as dicts in batches, or as Arrow record batches for the API's downloads
(``table_reader``, in the list's order); nothing here formats output. Parquet is the exception:
DuckDB writes it directly.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from .queries import EventFilter, most_reported

if TYPE_CHECKING:
    import pyarrow as pa

# The flat table (CSV, Parquet): the events table's columns in schema order, with the names of
# the first report's actors and recipients after their codes. List columns are lists here.
TABLE_COLUMNS = (
    "id", "date", "event", "mode", "context", "actor_code", "actor_sector", "recipient_code", "recipient_sector",
    "actor_codes", "recipient_codes", "actor_names", "recipient_names", "cameo", "quad_code", "goldstein",
    "plover_score", "assertion", "confidence", "num_mentions", "num_articles", "num_outlets", "mention_id",
    "article_id", "url", "title", "language", "sentence_text", "trigger", "start", "end",
)
LIST_COLUMNS = ("context", "actor_codes", "recipient_codes", "actor_names", "recipient_names")
Sort = Literal["date", "-date", "mentions"]
# The orders of the API's event lists (``store.dashboard``), on the aliased events.
_ORDER = {"date": "e.date, e.id", "-date": "e.date DESC, e.id DESC",
          "mentions": f"{most_reported('e.')}, e.date, e.id"}


def _selected(flt: EventFilter | None) -> tuple[str, dict]:
    where, params = (flt or EventFilter()).where()
    # The filter names events' columns unqualified: apply it before any join. Materialised, because the
    # actors' names are joined to it and the rows read from it: one scan of the events, not two.
    return f"selected AS MATERIALIZED (SELECT * FROM events WHERE {where})", params


_ACTOR_LISTS = """
actors AS (
    SELECT event_id,
           list({'code': code, 'sector': sector, 'text': text, 'name': name} ORDER BY position)
               FILTER (WHERE role = 'actor') AS actor,
           list({'code': code, 'sector': sector, 'text': text, 'name': name} ORDER BY position)
               FILTER (WHERE role = 'recipient') AS recipient
    FROM event_actors WHERE event_id IN (SELECT id FROM selected)
    GROUP BY event_id
)"""

_PLOVER = """
SELECT e.id, coalesce(nullif(a.doc_id, ''), e.article_id) AS story_id, e.date, e.event, e.mode, e.context,
       x.actor, x.recipient, e.cameo, e.quad_code, e.goldstein, e.plover_score,
       m.sentence, e.start, e."end", e.trigger, e.sentence_text, e.url, e.title, e.language,
       e.confidence, m.date_source, m.coder AS coder_version, m.lexicon,
       e.num_mentions, e.num_articles, e.num_outlets,
       e.geo_name, e.geo_id, e.geo_lat, e.geo_lon, e.geo_country, e.geo_admin1, e.geo_feature, e.geo_precision,
       e.geo_source, e.geo_start, e.geo_end
FROM selected e
JOIN mentions m ON m.id = e.mention_id
JOIN articles a ON a.id = e.article_id
LEFT JOIN actors x ON x.event_id = e.id
ORDER BY e.date, e.id"""

_GDELT = """
first_actors AS (
    -- with the words that named each (a capital, "Moscou", places the actor at Moscow)
    SELECT e.id AS event_id, a.role, a.name, a.text, a.kind
    FROM selected e JOIN mention_actors a ON a.mention_id = e.mention_id
    WHERE a.position = 0
),
seen AS (
    -- when the store first held a report of the event, and the first report's URL that exists
    SELECT m.event_id, min(r.finished_at) AS first_seen,
           first(a.url ORDER BY m.date, a.published NULLS LAST, m.id) FILTER (WHERE a.url IS NOT NULL) AS url
    FROM mentions m
    JOIN articles a ON a.id = m.article_id
    LEFT JOIN runs r ON r.id = m.run_id
    WHERE m.event_id IN (SELECT id FROM selected)
    GROUP BY m.event_id
)
SELECT e.id, e.date, e.actor_code, e.actor_sector, coalesce(xa.name, '') AS actor_name,
       e.recipient_code, e.recipient_sector, coalesce(xr.name, '') AS recipient_name,
       m.sentence, e.cameo, e.quad_code, e.goldstein, e.num_mentions, e.num_articles, e.num_outlets,
       s.first_seen, s.url, coalesce(xa.text, '') AS actor_text, coalesce(xa.kind, '') AS actor_kind,
       coalesce(xr.text, '') AS recipient_text, coalesce(xr.kind, '') AS recipient_kind,
       e.geo_name, e.geo_id, e.geo_lat, e.geo_lon, e.geo_country, e.geo_admin1, e.geo_feature, e.geo_precision,
       e.geo_source, e.geo_start, e.geo_end
FROM selected e
JOIN mentions m ON m.id = e.mention_id
LEFT JOIN first_actors xa ON xa.event_id = e.id AND xa.role = 'actor'
LEFT JOIN first_actors xr ON xr.event_id = e.id AND xr.role = 'recipient'
LEFT JOIN seen s ON s.event_id = e.id
ORDER BY e.date, e.id"""

# The names of the first report's actors (what the ``event_actors`` view holds), joined from the
# selected events themselves: a filter that keeps few events reads few actors.
_NAMES = """
names AS (
    SELECT e.id AS event_id,
           list(a.name ORDER BY a.position) FILTER (WHERE a.role = 'actor') AS actor_names,
           list(a.name ORDER BY a.position) FILTER (WHERE a.role = 'recipient') AS recipient_names
    FROM selected e JOIN mention_actors a ON a.mention_id = e.mention_id
    GROUP BY e.id
)"""


def _table_select(sort: Sort = "date") -> str:
    columns = []
    for column in TABLE_COLUMNS:
        if column in ("actor_names", "recipient_names"):
            columns.append(f"coalesce(n.{column}, []::VARCHAR[]) AS {column}")
        else:
            columns.append(f'e."{column}"')
    return (f"SELECT {', '.join(columns)} FROM selected e LEFT JOIN names n ON n.event_id = e.id "
            f"ORDER BY {_ORDER[sort]}")


def _stream(con: duckdb.DuckDBPyConnection, sql: str, params: dict, batch_size: int) -> Iterator[dict[str, Any]]:
    # A cursor of its own, so that the caller may query ``con`` while this generator is open.
    cursor = con.cursor()
    try:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        while batch := cursor.fetchmany(batch_size):
            for row in batch:
                yield dict(zip(names, row))
    finally:
        cursor.close()


def plover_rows(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None, *,
                batch_size: int = 1000) -> Iterator[dict[str, Any]]:
    """Events with their first report's evidence, coder, story id and actor/recipient lists.

    ``actor`` and ``recipient`` are lists of ``{code, sector, text, name}`` (``None`` when empty).
    """
    selected, params = _selected(flt)
    return _stream(con, f"WITH {selected}, {_ACTOR_LISTS} {_PLOVER}", params, batch_size)


def gdelt_rows(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None, *,
               batch_size: int = 1000) -> Iterator[dict[str, Any]]:
    """Events with what a GDELT row needs: first actor and recipient (code, sector, name), the
    evidence sentence's number, counts, ``first_seen`` (the earliest finish time of the runs that
    stored a report of it; ``None`` when none finished) and ``url`` (the first report's URL that exists).
    """
    selected, params = _selected(flt)
    return _stream(con, f"WITH {selected}, {_GDELT}", params, batch_size)


def table_rows(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None, *,
               batch_size: int = 1000) -> Iterator[dict[str, Any]]:
    """The flat events table (``TABLE_COLUMNS``), list columns as lists."""
    selected, params = _selected(flt)
    return _stream(con, f"WITH {selected}, {_NAMES} {_table_select()}", params, batch_size)


def table_reader(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None, *, sort: Sort = "date",
                 limit: int | None = None, batch_size: int = 10_000) -> pa.RecordBatchReader:
    """The flat events table (``TABLE_COLUMNS``) as Arrow record batches of ``batch_size`` rows, in the
    order of the API's event lists (``sort``), list columns as lists; ``limit`` keeps the first rows.

    DuckDB selects and sorts the rows when the reader is made (that is where a slow query spends its
    time); the batches are then read one at a time, so memory stays flat whatever the number of rows.
    """
    if sort not in _ORDER:
        raise ValueError(f"sort {sort!r} is not one of {', '.join(_ORDER)}")
    selected, params = _selected(flt)
    sql = f"WITH {selected}, {_NAMES} {_table_select(sort)}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return con.sql(sql, params=params or None).to_arrow_reader(batch_size)


def copy_parquet(con: duckdb.DuckDBPyConnection, path: str | Path, flt: EventFilter | None = None) -> int:
    """Write the flat events table to the Parquet file ``path``; returns the number of rows."""
    selected, params = _selected(flt)
    target = str(path).replace("'", "''")
    sql = f"COPY (WITH {selected}, {_NAMES} {_table_select()}) TO '{target}' (FORMAT parquet)"
    return con.execute(sql, params).fetchall()[0][0]
