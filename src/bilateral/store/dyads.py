"""A dyad read one way at a time, dyads side by side, and the outlets behind a dyad.

Every figure here counts what ``queries.EventFilter`` selects (asserted events unless the filter
includes the others), so a direction's events are the events ``/api/events?dyad=A,B&directed=true``
lists, and the two directions of a dyad add up to the dyad's events (an event whose two actors are
on both of its sides, rare, counts in both).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from ..errors import QueryError
from . import dashboard, tallies
from .dashboard import Interval, Period
from .queries import EventFilter

__all__ = ["Comparison", "Direction", "DyadLine", "OutletRow", "MAX_COMPARED", "compare", "directions", "outlets"]

MAX_COMPARED = 3  # more lines than this on one timeline are no longer read


@dataclass(frozen=True, slots=True)
class Direction:
    """One way of a dyad: ``source`` acting on ``target``."""

    source: str = field(metadata={"examples": ["RUS"]})
    target: str = field(metadata={"examples": ["MLI"]})
    events: int = field(metadata={"examples": [5]})
    mentions: int = field(metadata={"description": "Reports of those events.", "examples": [9]})
    cooperation: int = field(metadata={"description": "Events of quad classes 1 and 2."})
    conflict: int = field(metadata={"description": "Events of quad classes 3 and 4."})
    goldstein_mean: float | None
    periods: tuple[Period, ...] = field(metadata={"description": "Events per period, on the dyad's periods "
                                                                 "(the same for both directions)."})


@dataclass(frozen=True, slots=True)
class DyadLine:
    """One dyad of a comparison (both directions) on the comparison's periods."""

    a: str = field(metadata={"examples": ["MLI"]})
    b: str = field(metadata={"examples": ["RUS"]})
    events: int
    mentions: int
    cooperation: int
    conflict: int
    goldstein_mean: float | None
    periods: tuple[Period, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    interval: str = field(metadata={"examples": ["month"]})
    dyads: tuple[DyadLine, ...]


@dataclass(frozen=True, slots=True)
class OutletRow:
    """An outlet whose articles report events of the filter."""

    outlet: str = field(metadata={"description": "Web host of the articles ('' when they have no address).",
                                  "examples": ["example.org"]})
    events: int = field(metadata={"description": "Events it reports.", "examples": [4]})
    articles: int = field(metadata={"examples": [2]})
    mentions: int = field(metadata={"description": "Its reports of those events.", "examples": [6]})
    first: dt.date | None = field(metadata={"description": "Date of the first event it reports."})
    last: dt.date | None


def directions(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, interval: Interval | str = "auto",
               tallied: bool = True) -> tuple[tuple[Direction, Direction], Interval]:
    """A→B and B→A of the dyad ``flt`` names (its other filters kept), on the same periods; and the interval.

    Each direction counts what ``flt`` directed that way selects (``dashboard.summary`` and
    ``dashboard.series`` of it); both are read from one scan of the dyad's tallies (``tallies``) when they
    answer the filter, else of its events."""
    if not flt.dyad:
        raise QueryError("directions need a dyad", hint="give two actors, e.g. MLI,RUS")
    if interval not in ("auto", "month", "quarter", "year"):
        raise QueryError(f"interval {interval!r} does not exist", hint="month, quarter or year")
    a, b = flt.dyad
    both = dataclasses.replace(flt, directed=False)
    # the dyad's first and last dates (both directions) set the periods
    first, last = dashboard.span(con, both, tallied=tallied)
    chosen: Interval = interval if interval != "auto" else dashboard.auto_interval(first, last)  # type: ignore
    found = tallies.source(both, contexts=False) if tallied else None
    if found:
        rows = con.execute(_TALLIED_DIRECTIONS.format(months=found.months, where=found.where, interval=chosen),
                           found.params).fetchall()
    else:
        where, params = both.where()
        rows = con.execute(_DIRECTIONS.format(where=where, interval=chosen), params).fetchall()
    totals: dict[int, tuple] = {}
    series: dict[int, list[tuple]] = {0: [], 1: []}
    for way, start, quad, events, mentions, x, y, z in rows:
        if start is None:  # the union made the counts of this row doubles: they are counts
            totals[way] = (events, mentions, int(y), int(z), dashboard._round(x))
        else:
            series[way].append((start, quad, events, mentions, x, y))
    ways = []
    for way, (source, target) in enumerate(((a, b), (b, a))):
        events, mentions, cooperation, conflict, goldstein_mean = totals.get(way, (0, 0, 0, 0, None))
        periods = _aligned(dashboard._periods(series[way], chosen), first, last, chosen)
        ways.append(Direction(source, target, events, mentions, cooperation, conflict, goldstein_mean, periods))
    return (ways[0], ways[1]), chosen


# Per direction (way 0: a acting on b; 1: b on a), its totals (period NULL), then its events per period and
# quad class. An event whose actors are on both sides (rare) counts in both directions, as each filter counts it.
_DIRECTIONS = """
WITH d AS MATERIALIZED (SELECT date, quad_code, goldstein, plover_score, num_mentions,
    list_contains(actor_codes, $f_a) AND list_contains(recipient_codes, $f_b) AS ab,
    list_contains(actor_codes, $f_b) AND list_contains(recipient_codes, $f_a) AS ba
    FROM events WHERE {where}),
w AS (SELECT 0 AS way, * FROM d WHERE ab UNION ALL SELECT 1, * FROM d WHERE ba)
SELECT way, NULL::DATE, NULL::TINYINT, count(*), coalesce(sum(num_mentions), 0)::BIGINT, avg(goldstein),
    count(*) FILTER (WHERE quad_code <= 2), count(*) FILTER (WHERE quad_code >= 3) FROM w GROUP BY way
UNION ALL SELECT way, date_trunc('{interval}', date)::DATE, quad_code, count(*),
    coalesce(sum(num_mentions), 0)::BIGINT, sum(goldstein), sum(plover_score), 0 FROM w GROUP BY ALL
ORDER BY 1, 2 NULLS FIRST
"""
# The same rows from the dyad's tallies: sums of sums.
_TALLIED_DIRECTIONS = """
WITH d AS MATERIALIZED (SELECT month, quad_code, events, mentions, goldstein_sum, plover_sum,
    list_contains(actor_codes, $f_a) AND list_contains(recipient_codes, $f_b) AS ab,
    list_contains(actor_codes, $f_b) AND list_contains(recipient_codes, $f_a) AS ba
    FROM {months} WHERE {where}),
w AS (SELECT 0 AS way, * FROM d WHERE ab UNION ALL SELECT 1, * FROM d WHERE ba)
SELECT way, NULL::DATE, NULL::TINYINT, sum(events)::BIGINT, sum(mentions)::BIGINT, sum(goldstein_sum) / sum(events),
    coalesce(sum(events) FILTER (WHERE quad_code <= 2), 0), coalesce(sum(events) FILTER (WHERE quad_code >= 3), 0)
FROM w GROUP BY way
UNION ALL SELECT way, date_trunc('{interval}', month)::DATE, quad_code, sum(events)::BIGINT, sum(mentions)::BIGINT,
    sum(goldstein_sum), sum(plover_sum), 0 FROM w GROUP BY ALL
ORDER BY 1, 2 NULLS FIRST
"""


def compare(con: duckdb.DuckDBPyConnection, flts: Sequence[EventFilter], *,
            interval: Interval | str = "auto") -> Comparison:
    """Two or three dyads (each filter names one) on the same periods, from the earliest first event to
    the latest last one."""
    if not 2 <= len(flts) <= MAX_COMPARED:
        raise QueryError(f"{len(flts)} dyads to compare", hint=f"give 2 or {MAX_COMPARED} dyads, e.g. "
                                                              "MLI-RUS,MLI-FRA,MLI-DZA")
    summaries = [dashboard.summary(con, flt) for flt in flts]
    firsts = [s.first for s in summaries if s.first]
    lasts = [s.last for s in summaries if s.last]
    first, last = (min(firsts), max(lasts)) if firsts else (None, None)
    chosen: Interval = interval if interval != "auto" else dashboard.auto_interval(first, last)  # type: ignore
    lines = []
    for flt, s in zip(flts, summaries):
        a, b = flt.dyad  # type: ignore[misc]
        periods = _aligned(dashboard.series(con, flt, interval=chosen), first, last, chosen)
        lines.append(DyadLine(a, b, s.events, s.mentions, s.cooperation, s.conflict, s.goldstein_mean, periods))
    return Comparison(chosen, tuple(lines))


def _aligned(periods: Sequence[Period], first: dt.date | None, last: dt.date | None,
             interval: Interval) -> tuple[Period, ...]:
    """``periods`` on every period from ``first`` to ``last``: the periods without events filled in."""
    if first is None or last is None:
        return tuple(periods)
    step = {"month": 1, "quarter": 3, "year": 12}[interval]
    by_start = {p.start: p for p in periods}
    day, end = dashboard._bucket(first, step), dashboard._bucket(last, step)
    filled = []
    while day <= end:
        filled.append(by_start.get(day) or Period(dashboard._label(day, interval), day, (0, 0, 0, 0), 0, 0,
                                                  None, None))
        day = dashboard._add_months(day, step)
    return tuple(filled)


def outlets(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, tallied: bool = True) -> tuple[OutletRow, ...]:
    """The outlets whose articles report the events ``flt`` selects, the one reporting most events first:
    from ``event_outlets`` (``tallies``) when it answers ``flt``, else from the events and their reports."""
    found = tallies.outlets_where(flt) if tallied else None
    if found:
        cursor = con.execute(
            f"SELECT outlet, count(DISTINCT event_id) AS events, count(DISTINCT article_id) AS articles, "
            f"sum(mentions)::BIGINT AS mentions, min(date) AS first, max(date) AS last FROM event_outlets "
            f"WHERE {found[0]} GROUP BY outlet ORDER BY events DESC, articles DESC, outlet", found[1])
        return tuple(OutletRow(*row) for row in cursor.fetchall())
    where, params = flt.where()
    cursor = con.execute(
        f"WITH counted AS (SELECT id, date FROM events WHERE {where}) "
        "SELECT coalesce(a.outlet, '') AS outlet, count(DISTINCT c.id) AS events, "
        "count(DISTINCT m.article_id) AS articles, count(*) AS mentions, min(c.date) AS first, max(c.date) AS last "
        "FROM counted c JOIN mentions m ON m.event_id = c.id JOIN articles a ON a.id = m.article_id "
        "GROUP BY ALL ORDER BY events DESC, articles DESC, outlet", params)
    return tuple(OutletRow(*row) for row in cursor.fetchall())
