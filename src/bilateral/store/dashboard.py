"""The questions the dashboard and the HTTP API ask of the store, as parameterised SQL.

Event filters are ``queries.EventFilter`` (validated there): every count and list holds asserted
events unless the filter includes the others, so that a dyad's figures, its list and its line in
the rankings agree. Every function fetches its result whole before returning: DuckDB refuses new
work on a connection with an unfinished result, and the API gives each request its own cursor.
Results are frozen records, never DataFrames, so the web layer can serialise them without pandas.

Speed notes (measured on a generated store of 1,000,000 events, see ``benchmarks/api.py``):
a page of events counts and sorts the narrow columns of the matching rows once, then reads the
wide columns (sentence, title, URL) of the page's rows only; a summary scans the filtered rows
once into a materialised CTE and aggregates every breakdown (and the months) from it; dyads are
ranked from a grouping on the first actor and recipient columns, with the rare multi-party events
expanded separately (a lateral unnest of every event is a hundred times slower). At 10,000,000
events, what keeps a dyad's or a type's questions near their own size is the order of the events
table (type, dyad key, date; migration 0004): DuckDB skips the blocks whose ranges exclude the filter.
A dyad's or an actor's summary, timeline and directions are read from the monthly tallies
(``tallies``, migration 0005) when they answer the filter: a few thousand rows for the busiest dyad.
"""
from __future__ import annotations

import calendar
import dataclasses
from datetime import date
from typing import Any, Literal

import duckdb

from ..errors import QueryError
from ..lexicons import actor_names
from . import queries, tallies
from .queries import EventFilter
from .views import (
    ActorRow, ActorSpan, ArticleHit, ArticleMention, ArticlePage, ArticleView, DyadRank, EventDetail, EventPage,
    EventRow, MentionRow, NamedActor, Period, Summary, Tally,
)

__all__ = [
    "ActorRow", "ActorSpan", "ArticleHit", "ArticleMention", "ArticlePage", "ArticleView", "DyadRank",
    "EventDetail", "EventPage", "EventRow", "MENTIONS_PAGE", "MentionRow", "NamedActor", "Period", "Summary",
    "Tally", "actor_list", "article", "auto_interval", "corpus", "event_detail", "event_page", "ping",
    "rank_dyads", "search_actors", "search_articles", "series", "span", "summary", "summary_and_series",
]

Interval = Literal["month", "quarter", "year"]
Sort = Literal["date", "-date", "mentions"]
Ranking = Literal["volume", "change"]
# "mentions" is "most reported first": distinct articles, then outlets, then reports.
_ORDER = {"date": "date, id", "-date": "date DESC, id DESC", "mentions": f"{queries.most_reported()}, date, id"}


def _columns(cls: type) -> str:
    return ", ".join(f'"{f.name}"' for f in dataclasses.fields(cls))


def _records(cursor: duckdb.DuckDBPyConnection, cls: type) -> tuple[Any, ...]:
    """Every row of the cursor's result as ``cls`` records, matched by column name."""
    names = [d[0] for d in cursor.description]
    return tuple(cls(**dict(zip(names, row))) for row in cursor.fetchall())


# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------

def _total(con: duckdb.DuckDBPyConnection, rows: list, page: int, count: str, params: dict) -> int:
    """How many rows a paged query selects in all: the first column of its rows (a window count),
    0 for an empty first page, and past the last page the ``count`` query, which still says."""
    if rows:
        return rows[0][0]
    return 0 if page == 1 else con.execute(count, params).fetchall()[0][0]


def event_page(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, page: int = 1, page_size: int = 50,
               sort: Sort = "date") -> EventPage:
    """One page of the events ``flt`` selects, and how many it selects in all (one scan for both: counting
    from the tallies instead, then sorting the page in a scan of its own, was measured slower)."""
    where, params = flt.where()
    order = _ORDER[sort]
    cursor = con.execute(
        f"WITH hits AS MATERIALIZED (SELECT id, date, num_mentions, num_articles, num_outlets FROM events "
        f"WHERE {where}), "
        f"page AS (SELECT id FROM hits ORDER BY {order} LIMIT $limit OFFSET $offset) "
        f"SELECT (SELECT count(*) FROM hits) AS total, {_columns(EventRow)} FROM events SEMI JOIN page USING (id) "
        f"ORDER BY {order}", {**params, "limit": int(page_size), "offset": (int(page) - 1) * int(page_size)})
    names = [d[0] for d in cursor.description][1:]
    rows = cursor.fetchall()
    total = _total(con, rows, page, f"SELECT count(*) FROM events WHERE {where}", params)
    items = tuple(EventRow(**dict(zip(names, row[1:]))) for row in rows)
    return EventPage(total, page, page_size, items)


def event_detail(con: duckdb.DuckDBPyConnection, event_id: str) -> EventDetail | None:
    """One event with its actors (as its first report names them) and every report of it."""
    cursor = con.execute(f"SELECT {_columns(EventRow)} FROM events WHERE id = ?", [event_id])
    found = _records(cursor, EventRow)
    if not found:
        return None
    event = found[0]
    relation = queries.mentions(con, event_id)
    names = relation.columns
    mentions = tuple(MentionRow(**dict(zip(names, row))) for row in relation.fetchall())
    cursor = con.execute(f"SELECT {_columns(ActorSpan)} FROM mention_actors WHERE mention_id = ? "
                         "ORDER BY role, position", [event.mention_id])
    return EventDetail(event, _records(cursor, ActorSpan), mentions)


# ---------------------------------------------------------------------------------------------
# Summaries and time series
# ---------------------------------------------------------------------------------------------

_TALLY = ("count(*) AS events, coalesce(sum(num_mentions), 0)::BIGINT AS mentions, "
          "avg(goldstein) AS goldstein_mean, avg(plover_score) AS plover_mean")
_EMPTY_PERIOD = (0, 0, 0, 0)


def summary(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, tallied: bool = True) -> Summary:
    """Totals and breakdowns by quad class, type, mode and context, from one scan of the events or of
    their tallies (``tallies``) when they answer ``flt``; ``tallied=False`` reads the events (the
    reference the tallies are tested against)."""
    return _summarise(con, flt, monthly=False, tallied=tallied)[0]


def summary_and_series(con: duckdb.DuckDBPyConnection, flt: EventFilter, *,
                       interval: Interval | Literal["auto"] = "auto",
                       tallied: bool = True) -> tuple[Summary, tuple[Period, ...], Interval]:
    """``summary`` and ``series`` from the same scan; ``auto`` picks months unless the span passes ten years
    (then quarters; years past thirty). Returns the interval used."""
    found, months = _summarise(con, flt, monthly=True, tallied=tallied)
    chosen: Interval = interval if interval != "auto" else auto_interval(found.first, found.last)
    return found, _periods(months, chosen), chosen


def span(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, tallied: bool = True) -> tuple[date | None, date | None]:
    """The first and last dates of the events ``flt`` selects (``summary``'s ``first`` and ``last``)."""
    found = tallies.source(flt, contexts=False) if tallied else None
    if found:
        return con.execute(f"SELECT min(first), max(last) FROM {found.months} WHERE {found.where}",
                           found.params).fetchall()[0]
    where, params = flt.where()
    return con.execute(f"SELECT min(date), max(date) FROM events WHERE {where}", params).fetchall()[0]


def auto_interval(first: date | None, last: date | None) -> Interval:
    if not first or not last:
        return "month"
    months = (last.year - first.year) * 12 + last.month - first.month
    return "month" if months <= 120 else ("quarter" if months <= 360 else "year")


# The same figures from the tallies: sums of sums.
_SUMMED = ("coalesce(sum(events), 0)::BIGINT AS events, coalesce(sum(mentions), 0)::BIGINT AS mentions, "
           "sum(goldstein_sum) / sum(events) AS goldstein_mean, sum(plover_sum) / sum(events) AS plover_mean")


def _summary_rows(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, monthly: bool, tallied: bool) -> list[tuple]:
    """(dim, key, quad, events, mentions, goldstein mean, PLOVER mean, first, last, cooperation, conflict) rows:
    the whole (``all``), then by quad class, type, mode, context and (``monthly``) month and quad class."""
    found = tallies.source(flt) if tallied else None
    if found:
        per_month = (f"UNION ALL SELECT 'month', strftime(month, '%Y-%m-%d'), quad_code, {_SUMMED}, NULL, NULL, 0, 0 "
                     f"FROM d GROUP BY ALL " if monthly else "")
        return con.execute(
            f"WITH d AS MATERIALIZED (SELECT month, event, mode, quad_code, events, mentions, goldstein_sum, "
            f"plover_sum, first, last FROM {found.months} WHERE {found.where}) "
            f"SELECT 'all' AS dim, '' AS key, NULL::TINYINT AS quad, {_SUMMED}, min(first), max(last), "
            f"coalesce(sum(events) FILTER (WHERE quad_code <= 2), 0), "
            f"coalesce(sum(events) FILTER (WHERE quad_code >= 3), 0) FROM d "
            f"UNION ALL SELECT 'quad', quad_code::VARCHAR, NULL, {_SUMMED}, NULL, NULL, 0, 0 FROM d GROUP BY quad_code "
            f"UNION ALL SELECT 'type', event, NULL, {_SUMMED}, NULL, NULL, 0, 0 FROM d GROUP BY event "
            f"UNION ALL SELECT 'mode', mode, NULL, {_SUMMED}, NULL, NULL, 0, 0 FROM d GROUP BY mode "
            f"UNION ALL SELECT 'context', context, NULL, {_SUMMED}, NULL, NULL, 0, 0 FROM {found.contexts} "
            f"WHERE {found.where} GROUP BY context {per_month}", found.params).fetchall()
    where, params = flt.where()
    per_month = (f"UNION ALL SELECT 'month', strftime(date_trunc('month', date), '%Y-%m-%d'), quad_code, {_TALLY}, "
                 f"NULL, NULL, 0, 0 FROM d GROUP BY ALL " if monthly else "")
    return con.execute(
        f"WITH d AS MATERIALIZED (SELECT event, mode, context, quad_code, goldstein, plover_score, num_mentions, "
        f"date FROM events WHERE {where}) "
        f"SELECT 'all' AS dim, '' AS key, NULL::TINYINT AS quad, {_TALLY}, min(date), max(date), "
        f"count(*) FILTER (WHERE quad_code <= 2), count(*) FILTER (WHERE quad_code >= 3) FROM d "
        f"UNION ALL SELECT 'quad', quad_code::VARCHAR, NULL, {_TALLY}, NULL, NULL, 0, 0 FROM d GROUP BY quad_code "
        f"UNION ALL SELECT 'type', event, NULL, {_TALLY}, NULL, NULL, 0, 0 FROM d GROUP BY event "
        f"UNION ALL SELECT 'mode', mode, NULL, {_TALLY}, NULL, NULL, 0, 0 FROM d GROUP BY mode "
        f"UNION ALL SELECT 'context', c, NULL, {_TALLY}, NULL, NULL, 0, 0 "
        f"FROM (SELECT unnest(context) AS c, * FROM d) GROUP BY c {per_month}", params).fetchall()


def _summarise(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, monthly: bool,
               tallied: bool = True) -> tuple[Summary, list[tuple]]:
    dims: dict[str, list[Tally]] = {"quad": [], "type": [], "mode": [], "context": []}
    months: list[tuple] = []
    total = None
    for dim, key, quad, events, mentions, g_mean, p_mean, first, last, coop, conflict in _summary_rows(
            con, flt, monthly=monthly, tallied=tallied):
        if dim == "all":
            total = (events, mentions, first, last, coop, conflict, _round(g_mean), _round(p_mean))
        elif dim == "month":
            months.append((date.fromisoformat(key), quad, events, mentions, g_mean * events, p_mean * events))
        else:
            dims[dim].append(Tally(key, events, mentions, _round(g_mean), _round(p_mean)))
    dims["quad"].sort(key=lambda t: t.key)
    for name in ("type", "mode", "context"):
        dims[name].sort(key=lambda t: (-t.events, t.key))
    assert total is not None  # an aggregate without GROUP BY always gives its row
    found = Summary(*total, by_quad=tuple(dims["quad"]), by_type=tuple(dims["type"]),
                    by_mode=tuple(dims["mode"]), by_context=tuple(dims["context"]))
    return found, months


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def series(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, interval: Interval = "month",
           tallied: bool = True) -> tuple[Period, ...]:
    """Events per period and quad class, with mean scores; periods without events are filled in."""
    if interval not in ("month", "quarter", "year"):
        raise QueryError(f"interval {interval!r} does not exist", hint="month, quarter or year")
    found = tallies.source(flt, contexts=False) if tallied else None
    if found:
        return _periods(con.execute(
            f"SELECT date_trunc('{interval}', month)::DATE AS start, quad_code, sum(events)::BIGINT, "
            f"sum(mentions)::BIGINT, sum(goldstein_sum), sum(plover_sum) FROM {found.months} WHERE {found.where} "
            f"GROUP BY ALL ORDER BY start", found.params).fetchall(), interval)
    where, params = flt.where()
    rows = con.execute(
        f"SELECT date_trunc('{interval}', date)::DATE AS start, quad_code, count(*), "
        f"coalesce(sum(num_mentions), 0)::BIGINT, sum(goldstein), sum(plover_score) "
        f"FROM events WHERE {where} GROUP BY ALL ORDER BY start", params).fetchall()
    return _periods(rows, interval)


def _periods(rows: list[tuple], interval: Interval) -> tuple[Period, ...]:
    """Periods from (start, quad, events, mentions, goldstein sum, PLOVER sum) rows, empty ones filled in."""
    if not rows:
        return ()
    step = {"month": 1, "quarter": 3, "year": 12}[interval]
    acc: dict[date, list] = {}
    for start, quad, events, mentions, goldstein, plover in rows:
        slot = acc.setdefault(_bucket(start, step), [list(_EMPTY_PERIOD), 0, 0, 0.0, 0.0])
        slot[0][quad - 1] += events
        slot[1] += events
        slot[2] += mentions
        slot[3] += goldstein
        slot[4] += plover
    periods = []
    day, last = min(acc), max(acc)
    while day <= last:
        quads, events, mentions, goldstein, plover = acc.get(day, [_EMPTY_PERIOD, 0, 0, 0.0, 0.0])
        periods.append(Period(_label(day, interval), day, tuple(quads), events, mentions,
                              _round(goldstein / events) if events else None,
                              _round(plover / events) if events else None))
        day = _add_months(day, step)
    return tuple(periods)


def _bucket(day: date, step: int) -> date:
    """The first day of the month, quarter (step 3) or year (step 12) holding ``day``."""
    return date(day.year, day.month - (day.month - 1) % step, 1)


def _label(day: date, interval: Interval) -> str:
    if interval == "year":
        return f"{day.year}"
    if interval == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later (negative: earlier), clamped to the month's length, and to
    ``date.min`` / ``date.max`` past the calendar's ends (a window reaching before year 1 starts at it)."""
    index = day.year * 12 + day.month - 1 + months
    if index < date.min.year * 12:
        return date.min
    if index > date.max.year * 12 + 11:
        return date.max
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# ---------------------------------------------------------------------------------------------
# Dyads and actors
# ---------------------------------------------------------------------------------------------

_PAIR_AGG = ("count(*) AS events, coalesce(sum(num_mentions), 0) AS mentions, "
             "count(*) FILTER (WHERE quad_code <= 2) AS cooperation, "
             "count(*) FILTER (WHERE quad_code >= 3) AS conflict, sum(goldstein) AS goldstein, "
             "count(*) FILTER (WHERE date > $mid) AS recent, "
             "count(*) FILTER (WHERE date > $start AND date <= $mid) AS previous")


def rank_dyads(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, by: Ranking = "volume", limit: int = 20,
               months: int = 12, involving: str | None = None) -> tuple[DyadRank, ...]:
    """Pairs of actors ranked by number of events or by change between the last ``months`` months
    and the ``months`` before (ending at ``flt.until`` or at the latest event selected)."""
    if by not in ("volume", "change"):
        raise QueryError(f"ranking {by!r} does not exist", hint="volume or change")
    where, params = flt.where()
    last = con.execute(f"SELECT max(date) FROM events WHERE {where}", params).fetchall()[0][0]
    end = flt.until or last or date.today()
    mid = _add_months(end, -months)
    order = "events DESC" if by == "volume" else "abs(recent - previous) DESC, recent DESC, events DESC"
    involve = ""
    if involving:
        involve = "AND (x = $involving OR y = $involving)"
        params["involving"] = involving
    cursor = con.execute(
        f"WITH single AS (SELECT actor_code AS x, recipient_code AS y, {_PAIR_AGG} FROM events "
        f"  WHERE {where} AND len(actor_codes) = 1 AND len(recipient_codes) = 1 GROUP BY ALL), "
        f"multi AS (SELECT p[1] AS x, p[2] AS y, {_PAIR_AGG} FROM ("
        f"  SELECT unnest(list_distinct(flatten(list_transform(actor_codes, lambda u: "
        f"  list_transform(recipient_codes, lambda v: [u, v]))))) AS p, date, quad_code, num_mentions, goldstein "
        f"  FROM events WHERE {where} AND (len(actor_codes) <> 1 OR len(recipient_codes) <> 1)) GROUP BY ALL) "
        f"SELECT * FROM (SELECT least(x, y) AS a, greatest(x, y) AS b, sum(events)::BIGINT AS events, "
        f"sum(mentions)::BIGINT AS mentions, sum(cooperation)::BIGINT AS cooperation, "
        f"sum(conflict)::BIGINT AS conflict, sum(goldstein) / sum(events) AS goldstein_mean, "
        f"sum(recent)::BIGINT AS recent, sum(previous)::BIGINT AS previous "
        f"FROM (SELECT * FROM single UNION ALL SELECT * FROM multi) "
        f"WHERE x <> y AND x NOT IN ('---', '') AND y NOT IN ('---', '') {involve} GROUP BY ALL) "
        f"ORDER BY {order}, a, b LIMIT $limit",
        {**params, "mid": mid, "start": _add_months(end, -2 * months), "limit": int(limit)})
    names = actor_names()
    return tuple(
        DyadRank(a, b, names.get(a, a), names.get(b, b), events, mentions, coop, conflict, _round(g_mean),
                 recent, previous, recent - previous)
        for a, b, events, mentions, coop, conflict, g_mean, recent, previous in cursor.fetchall())


def actor_list(con: duckdb.DuckDBPyConnection, *, include_unasserted: bool = False) -> tuple[ActorRow, ...]:
    """Every actor code in the store, the most active first (see ``queries.actors``)."""
    relation = queries.actors(con, include_unasserted=include_unasserted)
    names = relation.columns
    return tuple(ActorRow(**dict(zip(names, row))) for row in relation.fetchall())


def corpus(con: duckdb.DuckDBPyConnection, *, include_unasserted: bool = False) -> dict:
    return queries.corpus(con, include_unasserted=include_unasserted)


def ping(con: duckdb.DuckDBPyConnection) -> bool:
    """The store answers (the cheapest possible query)."""
    return con.execute("SELECT 1").fetchall() == [(1,)]


# ---------------------------------------------------------------------------------------------
# Articles and search
# ---------------------------------------------------------------------------------------------

MENTIONS_PAGE = 100  # an article's mentions per page by default; a long report may hold thousands


def article(con: duckdb.DuckDBPyConnection, key: str, *, page: int = 1, limit: int = MENTIONS_PAGE) -> ArticleView | None:
    """An article by its store id (``A-…``) or by the id its input gave, with one page of the events
    it reports (``limit`` a page, in text order) and the actors of those events."""
    found = con.execute(
        "SELECT id, doc_id, url, title, outlet, published, language, words, text, "
        "(SELECT count(*) FROM mentions m WHERE m.article_id = a.id) FROM articles a "
        "WHERE id = ? OR doc_id = ? ORDER BY id = ? DESC, id LIMIT 1", [key, key, key]).fetchall()
    if not found:
        return None
    *row, total = found[0]
    offset = (page - 1) * limit
    paging = {"mentions_total": total, "page": page, "limit": limit}
    if offset >= total:  # past the last page (or none at all): nothing to read
        return ArticleView(*row, mentions=(), actors=(), **paging)
    cursor = con.execute(
        f"SELECT {_columns(ArticleMention)} FROM mentions WHERE article_id = ? ORDER BY start, id "
        "LIMIT ? OFFSET ?", [row[0], limit, offset])
    mentions = _records(cursor, ArticleMention)
    cursor = con.execute(
        f"SELECT {_columns(ActorSpan)} FROM mention_actors WHERE mention_id IN (SELECT unnest(?)) "
        "ORDER BY start, mention_id, role, position", [[m.id for m in mentions]])
    return ArticleView(*row, mentions=mentions, actors=_records(cursor, ActorSpan), **paging)


def search_articles(con: duckdb.DuckDBPyConnection, text: str, *, page: int = 1,
                    page_size: int = 20) -> ArticlePage:
    """One page of the articles whose title or text holds every word of ``text`` (whole words, whatever
    their case and accents), newest first, with a snippet around the first word found in the text."""
    terms = queries.search_terms(text)
    if not terms:
        return ArticlePage(0, page, page_size, ())
    where, params = queries.words_match("coalesce(title, '') || ' ' || text", terms, "w")
    # The snippet starts a little before the first word found in the text (the title's words may not be in it).
    cursor = con.execute(
        f"SELECT count(*) OVER () AS total, id, doc_id, title, published, language, url, "
        f"substr(text, greatest(1, coalesce(nullif(strpos(text, regexp_extract(text, $w0)), 0), 1) - 80), 240) "
        f"AS snippet "
        f"FROM articles WHERE {where} ORDER BY published DESC NULLS LAST, id LIMIT $limit OFFSET $offset",
        {**params, "limit": int(page_size), "offset": (int(page) - 1) * int(page_size)})
    rows = cursor.fetchall()
    total = _total(con, rows, page, f"SELECT count(*) FROM articles WHERE {where}", params)
    return ArticlePage(total, page, page_size, tuple(ArticleHit(*row[1:]) for row in rows))


def search_actors(con: duckdb.DuckDBPyConnection, text: str, *, limit: int = 20) -> tuple[NamedActor, ...]:
    """Organisations and people read in the articles whose name or words hold every word of ``text``,
    the most reported first. Actors named after their code's country or organisation are left out:
    the actor lexicon finds those."""
    terms = queries.search_terms(text)
    if not terms:
        return ()
    where, params = queries.words_match("a.name || ' ' || a.text", terms, "w")
    cursor = con.execute(
        f"SELECT a.code, a.name, mode(a.sector) AS sector, count(DISTINCT m.event_id) AS events "
        f"FROM mention_actors a JOIN mentions m ON m.id = a.mention_id WHERE {where} "
        f"GROUP BY a.code, a.name ORDER BY events DESC, a.name, a.code", params)
    lexicon = actor_names()
    found = (NamedActor(*row) for row in cursor.fetchall())
    return tuple(a for a in found if a.name != lexicon.get(a.code))[:limit]
