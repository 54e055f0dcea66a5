"""Monthly tallies of the events, kept beside them so that the dashboard's figures read a few rows.

A dyad's summary, timeline and directions, and an actor's, are sums over the events a filter
selects. At millions of events, scanning a busy dyad's events for each
request costs tens of milliseconds; its tallies are a few thousand rows. The tables (schema version
5) hold, per month:

- ``dyad_months``: events by dyad (``dyad_key`` and the lists of codes, so that a dyad filter, its
  direction and the rare events of several actors select exactly what they select on ``events``),
  assertion, type, mode and quad class;
- ``dyad_contexts``: the same without type and mode, by context (an event counts once per context);
- ``actor_months`` and ``actor_contexts``: the same by actor code (an event counts once for each
  code among its actors and recipients, as an actor filter selects it);
- ``event_outlets``: one row per event and article reporting it, with the event's dyad, type, date
  and assertion and the article's outlet: the outlets behind a dyad, without reading every report.

Each tally holds events, reports (``num_mentions``), the sums of Goldstein and PLOVER scores and
the first and last dates. All are a function of the
events alone: ``consolidate`` rebuilds them with the events, and an incremental run recomputes the
months its events touch (an event's date is the earliest of its reports', so the months of the
reports it regroups hold every event it deletes or writes) and the outlet rows of the events it
rewrites, in the same transaction (tested against the direct computation after every kind
of run). A filter the tallies cannot answer (words, outlet, language, sector, place, confidence, a
context, dates that do not start or end a month) reads the events.
"""
from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from .consolidate import DYAD_KEY, MODALITY
from .queries import EventFilter

__all__ = ["TABLES", "Source", "outlets_where", "rebuild", "refresh", "refresh_changes", "refresh_months",
           "refresh_units", "source"]

TABLES = ("dyad_months", "dyad_contexts", "actor_months", "actor_contexts", "event_outlets")

_SUMS = ("count(*) AS events, sum(num_mentions)::BIGINT AS mentions, sum(goldstein) AS goldstein_sum, "
         "sum(plover_score) AS plover_sum")
_DYAD = "dyad_key, actor_codes, recipient_codes"
# An event once for each code among its actors and recipients, with that code
_ACTOR_ROWS = ("(SELECT unnest(list_distinct(list_concat(actor_codes, recipient_codes))) AS code, * "
               "FROM _tally_events)")
# Each table's rows from ``_tally_events`` (the events of the months recomputed): its grouping, then its sums.
_FILLS = {
    "dyad_months": f"SELECT month, {_DYAD}, assertion, event, mode, quad_code, {_SUMS}, min(date) AS first, "
                   f"max(date) AS last FROM _tally_events GROUP BY ALL ORDER BY dyad_key NULLS FIRST, month",
    "dyad_contexts": f"SELECT month, {_DYAD}, assertion, context, {_SUMS} FROM (SELECT unnest(context) AS context, "
                     f"* EXCLUDE (context) FROM _tally_events) GROUP BY ALL ORDER BY dyad_key NULLS FIRST, month",
    "actor_months": f"SELECT month, code, assertion, event, mode, quad_code, {_SUMS}, min(date) AS first, "
                    f"max(date) AS last FROM {_ACTOR_ROWS} GROUP BY ALL ORDER BY code, month",
    "actor_contexts": f"SELECT month, code, assertion, context, {_SUMS} FROM (SELECT unnest(context) AS context, "
                      f"* EXCLUDE (context) FROM {_ACTOR_ROWS}) GROUP BY ALL ORDER BY code, month",
}
_EVENT_COLUMNS = ("date_trunc('month', date)::DATE AS month, date, dyad_key, actor_codes, recipient_codes, assertion, "
                  "event, mode, quad_code, context, num_mentions, goldstein, plover_score")
# The outlets of the events that ``{links}`` (mention_id, event_id) gives the reports of, from the reports
# in ``{mentions}`` and their articles in ``{articles}``.
_OUTLETS = """
INSERT INTO event_outlets BY NAME
SELECT e.id AS event_id, e.date, e.dyad_key, e.actor_codes, e.recipient_codes, e.assertion, e.event, e.quad_code,
       coalesce(a.outlet, '') AS outlet, m.article_id, count(*) AS mentions
FROM ({links}) k JOIN {mentions} m ON m.id = k.mention_id JOIN {articles} a ON a.id = m.article_id
JOIN events e ON e.id = k.event_id
GROUP BY ALL ORDER BY e.dyad_key NULLS FIRST, e.date
"""


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Every tally recomputed from the stored events (inside the caller's transaction, if any)."""
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    _fill_months(con, "TRUE")
    con.execute(_OUTLETS.format(links="SELECT id AS mention_id, event_id FROM mentions", mentions="mentions",
                                articles="articles"))


# The same rows for the events of ``_groups`` (mention_id, event_id, first), read from their reports
# alone, as ``consolidate.INSERT_EVENTS`` makes an event of them (its date is the earliest of its
# reports', the rest is its first report's): the events table is not scanned for a few new events.
_NEW_OUTLETS = """
INSERT INTO event_outlets BY NAME
WITH dated AS (
    SELECT g.event_id, min(m.date) AS date FROM _groups g JOIN {mentions} m ON m.id = g.mention_id GROUP BY ALL
), made AS (
    SELECT g.event_id, d.date, {dyad_key} AS dyad_key, m.actor_codes, m.recipient_codes,
           NOT list_has_any(m.context, {modality}) AS assertion, m.event, m.quad_code
    FROM _groups g JOIN {mentions} m ON m.id = g.mention_id JOIN dated d ON d.event_id = g.event_id
    WHERE g.first
)
SELECT e.*, coalesce(a.outlet, '') AS outlet, m.article_id, count(*) AS mentions
FROM _groups g JOIN {mentions} m ON m.id = g.mention_id JOIN {articles} a ON a.id = m.article_id
JOIN made e ON e.event_id = g.event_id
GROUP BY ALL ORDER BY e.dyad_key NULLS FIRST, e.date
""".replace("{dyad_key}", DYAD_KEY.format(a="m.actor_codes", r="m.recipient_codes")).replace(
    "{modality}", "[" + ", ".join(f"'{m}'" for m in MODALITY) + "]")


def refresh(con: duckdb.DuckDBPyConnection, *, mentions: str, articles: str, touched: str | None = None) -> None:
    """The tallies of the events just written from ``_groups`` (``consolidate.insert_events``), whose
    reports are in ``mentions`` (each with the event it had before, NULL if none) and their articles
    in ``articles``: with ``touched``, a table of the events deleted and written (``refresh_changes``),
    the tally rows of their keys alone; without, every tally of the months of the reports."""
    if touched is None:
        refresh_months(con, f"SELECT date FROM {mentions}")
    else:
        refresh_changes(con, touched)
    con.execute(f"DELETE FROM event_outlets WHERE event_id IN (SELECT event_id FROM {mentions})")
    con.execute(_NEW_OUTLETS.format(mentions=mentions, articles=articles))


# Each table's key (its grouping) and the rows of ``{changes}`` (events, each with a ``sign``: -1
# for an event deleted, +1 for one written) it tallies, one per key an event counts under.
_KEYS = {
    "dyad_months": (f"month, {_DYAD}, assertion, event, mode, quad_code", "SELECT * FROM {changes}"),
    "dyad_contexts": (f"month, {_DYAD}, assertion, context",
                      "SELECT unnest(context) AS context, * EXCLUDE (context) FROM {changes}"),
    "actor_months": ("month, code, assertion, event, mode, quad_code",
                     "SELECT unnest(list_distinct(list_concat(actor_codes, recipient_codes))) AS code, * FROM {changes}"),
    "actor_contexts": ("month, code, assertion, context",
                       "SELECT unnest(context) AS context, * EXCLUDE (context) FROM (SELECT unnest(list_distinct("
                       "list_concat(actor_codes, recipient_codes))) AS code, * FROM {changes})"),
}
# The unit of a dated table's row that ``refresh_units`` recomputes: its month and this
_UNIT_OF = {"dyad_months": "t.dyad_key, t.actor_codes, t.recipient_codes", "actor_months": "t.code"}
# A tally's first and last dates, widened to those of the events written
_WIDENED = ", first = least(t.first, coalesce(d.first, t.first)), last = greatest(t.last, coalesce(d.last, t.last))"
# Columns of a touched event that ``refresh_changes`` needs (``_EVENT_COLUMNS`` but for the month)
CHANGE_COLUMNS = ("date, dyad_key, actor_codes, recipient_codes, assertion, event, mode, quad_code, context, "
                  "num_mentions, goldstein, plover_score")


def refresh_changes(con: duckdb.DuckDBPyConnection, changes: str) -> None:
    """Bring the monthly tallies up to date with the events in ``changes`` (a table of their
    ``CHANGE_COLUMNS`` and a ``sign``: -1 for an event deleted, +1 for one written): each tally row
    of their keys changes by their difference, and its first or last date is recomputed from the
    events when an event deleted held it and no event written replaces it (``refresh_units``).

    Recomputing the tallies of whole months (``refresh_months``) cost most of an incremental run: a
    run's reports about earlier days fall in most months of an archive. Recomputing the dyads and
    actors touched in their months costs nearly as much at a million articles, since the few
    busiest actors are in most events of a month. Counts are exact; the sums of scores are kept by
    difference, so they may differ from a recomputation in their last bits."""
    source = f"(SELECT date_trunc('month', date)::DATE AS month, * FROM {changes})"
    fixes: dict[str, list[tuple]] = {}
    try:
        for table, (key, rows) in _KEYS.items():
            match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM d.{k}" for k in key.split(", "))
            dated = table.endswith("_months")
            con.execute(f"CREATE OR REPLACE TEMP TABLE _tally_delta AS SELECT {key}, sum(sign)::BIGINT AS events, "
                        "sum(sign * num_mentions)::BIGINT AS mentions, sum(sign * goldstein) AS goldstein_sum, "
                        "sum(sign * plover_score) AS plover_sum, min(date) FILTER (sign > 0) AS first, "
                        "max(date) FILTER (sign > 0) AS last, min(date) FILTER (sign < 0) AS gone_first, "
                        f"max(date) FILTER (sign < 0) AS gone_last FROM ({rows.format(changes=source)}) GROUP BY ALL")
            if dated:  # a first or last date deleted and not written again: recomputed below
                fixes[table] = con.execute(
                    f"SELECT DISTINCT t.month, {_UNIT_OF[table]} "
                    f"FROM {table} t JOIN _tally_delta d ON {match} WHERE t.events + d.events > 0 AND "
                    "((d.gone_first = t.first AND (d.first IS NULL OR d.first > t.first)) OR "
                    "(d.gone_last = t.last AND (d.last IS NULL OR d.last < t.last)))").fetchall()
            dates = _WIDENED if dated else ""
            con.execute(f"UPDATE {table} t SET events = t.events + d.events, mentions = t.mentions + d.mentions, "
                        f"goldstein_sum = t.goldstein_sum + d.goldstein_sum, plover_sum = t.plover_sum + d.plover_sum"
                        f"{dates} FROM _tally_delta d WHERE {match} AND (d.events <> 0 OR d.mentions <> 0 "
                        f"OR d.goldstein_sum <> 0 OR d.plover_sum <> 0{' OR d.first < t.first OR d.last > t.last' * dated})")
            con.execute(f"DELETE FROM {table} WHERE events = 0")
            con.execute(f"INSERT INTO {table} BY NAME SELECT {key}, events, mentions, goldstein_sum, plover_sum"
                        f"{', first, last' if dated else ''} FROM _tally_delta d WHERE d.events > 0 AND NOT EXISTS "
                        f"(SELECT 1 FROM {table} t WHERE {match})")
    finally:
        con.execute("DROP TABLE IF EXISTS _tally_delta")
    dyads = pa.table({"month": pa.array([r[0] for r in fixes["dyad_months"]], pa.date32()),
                      "dyad_key": pa.array([r[1] for r in fixes["dyad_months"]], pa.string()),
                      "actor_codes": pa.array([r[2] for r in fixes["dyad_months"]], pa.list_(pa.string())),
                      "recipient_codes": pa.array([r[3] for r in fixes["dyad_months"]], pa.list_(pa.string()))})
    actors = pa.table({"month": pa.array([r[0] for r in fixes["actor_months"]], pa.date32()),
                       "code": pa.array([r[1] for r in fixes["actor_months"]], pa.string())})
    if dyads.num_rows or actors.num_rows:
        refresh_units(con, dyads, actors)


_DYAD_UNIT = ("{t}.month = u.month AND {t}.dyad_key IS NOT DISTINCT FROM u.dyad_key "
              "AND {t}.actor_codes = u.actor_codes AND {t}.recipient_codes = u.recipient_codes")
_ACTOR_UNIT = "{t}.month = u.month AND {t}.code IS NOT DISTINCT FROM u.code"


def refresh_units(con: duckdb.DuckDBPyConnection, dyads: pa.Table, actors: pa.Table) -> None:
    """Recompute, from all of their events, the tally rows of the (month, dyad_key, actor_codes,
    recipient_codes) of ``dyads`` in the dyad tables and of the (month, code) of ``actors`` in the
    actor tables; every other row stays as it is."""
    con.register("_tally_dyads", dyads)
    con.register("_tally_actors", actors)
    try:
        months = sorted(set(dyads["month"].to_pylist()) | set(actors["month"].to_pylist()))
        params = {"t_first": months[0], "t_last": months[-1], "t_months": months}
        con.execute(f"CREATE OR REPLACE TEMP TABLE _tally_month_events AS SELECT {_EVENT_COLUMNS} FROM events "
                    "WHERE date BETWEEN $t_first AND last_day($t_last) "
                    "AND list_contains($t_months, date_trunc('month', date)::DATE)", params)
        con.execute("CREATE OR REPLACE TEMP TABLE _tally_events AS SELECT e.* FROM _tally_month_events e "
                    f"SEMI JOIN _tally_dyads u ON {_DYAD_UNIT.format(t='e')}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _tally_actor_rows AS SELECT r.* FROM "
                    f"{_ACTOR_ROWS.replace('_tally_events', '_tally_month_events')} r "
                    f"SEMI JOIN _tally_actors u ON {_ACTOR_UNIT.format(t='r')}")
        for table, select in _FILLS.items():
            units, unit = ("_tally_dyads", _DYAD_UNIT) if table.startswith("dyad") else ("_tally_actors", _ACTOR_UNIT)
            con.execute(f"DELETE FROM {table} USING {units} u WHERE {unit.format(t=table)}")
            con.execute(f"INSERT INTO {table} BY NAME {select.replace(_ACTOR_ROWS, '_tally_actor_rows')}")
    finally:
        con.unregister("_tally_dyads")
        con.unregister("_tally_actors")
        for table in ("_tally_month_events", "_tally_events", "_tally_actor_rows"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def refresh_months(con: duckdb.DuckDBPyConnection, dates: str) -> None:
    """Recompute the monthly tallies of the months holding the dates ``dates`` (a query) gives."""
    months = sorted({row[0] for row in con.execute(
        f"SELECT DISTINCT date_trunc('month', d)::DATE FROM ({dates}) t(d) WHERE d IS NOT NULL").fetchall()})
    if not months:
        return
    # a range DuckDB checks against each block's dates before the exact list, row by row
    first, last = months[0], months[-1]
    params = {"t_first": first, "t_last": last, "t_months": months}
    for table in _FILLS:
        con.execute(f"DELETE FROM {table} WHERE month BETWEEN $t_first AND $t_last AND list_contains($t_months, month)",
                    params)
    _fill_months(con, "date BETWEEN $t_first AND last_day($t_last) "
                      "AND list_contains($t_months, date_trunc('month', date)::DATE)", params)


def _fill_months(con: duckdb.DuckDBPyConnection, where: str, params: dict | None = None) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE _tally_events AS SELECT {_EVENT_COLUMNS} FROM events WHERE {where}",
                params)
    try:
        for table, select in _FILLS.items():
            con.execute(f"INSERT INTO {table} BY NAME {select}")
    finally:
        con.execute("DROP TABLE IF EXISTS _tally_events")


# --- reading -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """Where the tallies of a filter are read: the monthly table, the context table, and the condition
    on both with its parameters."""

    months: str
    contexts: str
    where: str
    params: dict[str, object]


# What the tallies hold no trace of: a filter on any of these reads the events.
_UNTALLIED = ("text", "outlet", "language", "sector", "bbox", "min_confidence", "context")


def source(flt: EventFilter, *, contexts: bool = True) -> Source | None:
    """The tallies that answer ``flt`` exactly, or None. With ``contexts``, the breakdown by context is
    wanted too, which the context tables hold for dyads and actors without a type or quad filter."""
    if any(getattr(flt, name) for name in _UNTALLIED):
        return None
    if contexts and (flt.type or flt.quad is not None):
        return None
    if flt.since and flt.since.day != 1:
        return None
    if flt.until and flt.until.day != calendar.monthrange(flt.until.year, flt.until.month)[1]:
        return None  # not the last day of its month
    months = []
    if flt.since:
        months.append("month >= $t_since")
    if flt.until:
        months.append("month <= $t_until")
    undated = dataclasses.replace(flt, since=None, until=None)
    if flt.dyad:
        where, params = undated.where()
        tables = ("dyad_months", "dyad_contexts")
    elif flt.actor:
        where, params = dataclasses.replace(undated, actor=None).where()
        where += " AND code = $f_actor"
        params["f_actor"] = flt.actor
        tables = ("actor_months", "actor_contexts")
    else:
        return None
    if flt.since:
        params["t_since"] = flt.since
    if flt.until:
        params["t_until"] = flt.until.replace(day=1)
    return Source(*tables, " AND ".join([where, *months]), params)


def outlets_where(flt: EventFilter) -> tuple[str, dict[str, object]] | None:
    """The condition on ``event_outlets`` selecting the events ``flt`` selects, or None when it cannot."""
    if any(getattr(flt, name) for name in _UNTALLIED):
        return None
    return flt.where()
