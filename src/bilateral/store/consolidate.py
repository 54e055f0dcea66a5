"""From reports to events: near-duplicate clusters, then one event per group of mentions.

Mentions of the same event type and mode between the same actors and recipients (in either
direction for AGREE, CONSULT and COOPERATE), with the same modality, are one event when they share a date, or
when they come from the same cluster of near-duplicate articles and lie within a day of each
other. Both steps are recomputed from the stored rows, so the result depends only on what is
stored, never on the order or the number of runs that stored it.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby

import duckdb
import pyarrow as pa

from ..extract.arguments import SYMMETRIC_TYPES
from ..ingest.dedup import Components, cluster

MODALITY = ("negation", "hypothetical", "future")
WITHIN = timedelta(days=1)
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Consolidation:
    clusters: int
    events: int
    mentions: int


def needed(con: duckdb.DuckDBPyConnection) -> bool:
    """True when what is stored is newer than the last consolidation: articles without a cluster,
    mentions without an event, or mentions whose event is missing (an interrupted rebuild)."""
    return bool(con.execute(
        "SELECT EXISTS (SELECT 1 FROM articles WHERE cluster IS NULL) OR EXISTS ("
        "SELECT 1 FROM mentions m WHERE m.event_id IS NULL "
        "OR NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.event_id))").fetchall()[0][0])


def consolidate(con: duckdb.DuckDBPyConnection) -> Consolidation:
    """Recompute clusters, events and the de-duplication index (``incremental``) from every stored
    row, in one transaction: ``bilateral rebuild``, and the first run on a store without an index."""
    from .incremental import rebuild_index

    con.execute("BEGIN TRANSACTION")
    try:
        _assign_clusters(con)
        _rebuild_events(con)
        rebuild_index(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return _counts(con)


def refresh(con: duckdb.DuckDBPyConnection) -> Consolidation:
    """Consolidate when ``needed``, at the end of every run, whether it added anything or not;
    the counts of the store either way. What is new is folded into what is stored
    (``incremental.update``, whose cost follows what the run added), unless the store has no
    complete index or holds mentions whose event is missing: then everything is recomputed."""
    from .incremental import index_complete, update

    if _fresh(con):
        if index_complete(con):
            update(con)
            return _counts(con)
        return consolidate(con)
    # Nothing new: mentions whose event is missing (a store edited by hand) are the one reason left.
    return consolidate(con) if needed(con) else _counts(con)


def _fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Articles without a cluster or mentions without an event: what a run stored."""
    return bool(con.execute("SELECT EXISTS (SELECT 1 FROM articles WHERE cluster IS NULL) "
                            "OR EXISTS (SELECT 1 FROM mentions WHERE event_id IS NULL)").fetchall()[0][0])


def refresh_after_failure(con: duckdb.DuckDBPyConnection) -> None:
    """``refresh`` for a run that is failing: the batches it stored become events all the same,
    but a failure here is logged, not raised (the run's own error is the one to see); the next
    run consolidates instead."""
    try:
        refresh(con)
    except Exception:
        _log.warning("could not consolidate the stored articles after a failed run; the next run will",
                     exc_info=True)


def _counts(con: duckdb.DuckDBPyConnection) -> Consolidation:
    """The store's counts, once consolidated: a cluster is named after one of its articles, so there
    are as many clusters as articles named after themselves (cheaper than counting distinct names)."""
    clusters, events, mentions = con.execute(
        "SELECT (SELECT count(*) FROM articles WHERE cluster = id), (SELECT count(*) FROM events), "
        "(SELECT count(*) FROM mentions)").fetchall()[0]
    return Consolidation(clusters, events, mentions)


def _assign_clusters(con: duckdb.DuckDBPyConnection) -> None:
    ids, blobs = [], []
    for article_id, blob in con.execute("SELECT id, minhash FROM articles ORDER BY id").fetchall():
        ids.append(article_id)
        blobs.append(blob)
    labels = cluster(ids, blobs)
    con.register("_clusters", pa.table({"id": ids, "cluster": [labels[i] for i in ids]}))
    con.execute("UPDATE articles SET cluster = c.cluster FROM _clusters c "
                "WHERE articles.id = c.id AND articles.cluster IS DISTINCT FROM c.cluster")
    con.unregister("_clusters")


def _key(event: str, mode: str, context: list[str], actors: list[str], recipients: list[str]) -> tuple:
    sides = (tuple(sorted(actors)), tuple(sorted(recipients)))
    if event in SYMMETRIC_TYPES:
        sides = tuple(sorted(sides))
    return (event, mode, tuple(m for m in MODALITY if m in context), sides)


def _rebuild_events(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT m.id, m.event, m.mode, m.context, m.actor_codes, m.recipient_codes, m.date, a.cluster "
        "FROM mentions m JOIN articles a ON a.id = m.article_id "
        "ORDER BY m.date, a.published NULLS LAST, m.article_id, m.sentence, m.start, m.id").fetchall()
    con.register("_groups", group_mentions(rows))
    con.execute("UPDATE mentions SET event_id = g.event_id FROM _groups g "
                "WHERE mentions.id = g.mention_id AND mentions.event_id IS DISTINCT FROM g.event_id")
    con.execute("DELETE FROM events")
    insert_events(con)
    con.unregister("_groups")


def group_mentions(rows: list[tuple]) -> pa.Table:
    """(mention_id, event_id, first) for mentions given as (id, event, mode, context, actor_codes,
    recipient_codes, date, cluster) rows in first-report order; every mention of a key must be
    there (``incremental`` passes those of the keys it touches)."""
    groups = Components()
    keyed = [(_key(event, mode, context, actors, recipients), day, clu, mid)
             for mid, event, mode, context, actors, recipients, day, clu in rows]
    for mid, *_ in rows:
        groups.find(mid)
    keyed.sort(key=lambda r: (r[0], r[1], r[3]))
    for _, same_day in groupby(keyed, key=lambda r: (r[0], r[1])):
        first, *rest = same_day
        for other in rest:
            groups.union(first[3], other[3])
    keyed.sort(key=lambda r: (r[0], r[2], r[1], r[3]))
    for _, same_cluster in groupby(keyed, key=lambda r: (r[0], r[2])):
        previous = None
        for row in same_cluster:
            if previous is not None and row[1] - previous[1] <= WITHIN:
                groups.union(previous[3], row[3])
            previous = row
    # The first report of a group (earliest date, then earliest publication, then the earliest
    # sentence of that article) is the one the event shows; ``rows`` is in that order.
    first_of: dict[str, str] = {}
    for mid, *_ in rows:
        first_of.setdefault(groups.find(mid), mid)
    mention_ids = [mid for mid, *_ in rows]
    event_ids = ["BE-" + hashlib.sha1(first_of[groups.find(m)].encode()).hexdigest()[:16] for m in mention_ids]
    firsts = [first_of[groups.find(m)] == m for m in mention_ids]
    return pa.table({"mention_id": pa.array(mention_ids, pa.string()),
                     "event_id": pa.array(event_ids, pa.string()),
                     "first": pa.array(firsts, pa.bool_())})


# The key of an event's dyad (migration 0004): its two codes in alphabetical order when it has one
# actor and one recipient, else NULL. Events are inserted by type, then this key, then date, so that
# a rebuilt store keeps the events of a type, and of a dyad within it, together (``queries.EventFilter``
# relies on the key, not on the order, which only makes it faster).
DYAD_KEY = ("CASE WHEN len({a}) = 1 AND len({r}) = 1 THEN least({a}[1], {r}[1]) || '|' || greatest({a}[1], {r}[1]) "
            "END")

# The events of the groups in ``{groups}`` (``_groups``, or those of some events), from the rows of
# ``{mentions}`` (the columns counted), ``{firsts}`` (every column of the first reports), ``{articles}``
# and ``{actors}``: the stored tables for a full rebuild; for an incremental one, copies of the few rows
# its groups read (``incremental``), so that its cost does not follow the size of the store.
EVENTS = """
WITH counts AS (
    SELECT g.event_id, min(m.date) AS date, max(m.confidence) AS confidence, count(*) AS num_mentions,
           count(DISTINCT m.article_id) AS num_articles,
           count(DISTINCT coalesce(nullif(a.outlet, ''), a.id)) AS num_outlets
    FROM {groups} g JOIN {mentions} m ON m.id = g.mention_id JOIN {articles} a ON a.id = m.article_id
    GROUP BY g.event_id
)
SELECT g.event_id AS id, c.date, m.event, m.mode, m.context,
       coalesce(m.actor_codes[1], '---') AS actor_code,
       coalesce(xa.sector, '') AS actor_sector,
       coalesce(m.recipient_codes[1], '') AS recipient_code,
       coalesce(xr.sector, '') AS recipient_sector,
       m.actor_codes, m.recipient_codes, m.cameo, m.quad_code, m.goldstein, m.plover_score,
       NOT list_has_any(m.context, ['negation', 'hypothetical', 'future']) AS assertion,
       c.confidence, c.num_mentions, c.num_articles, c.num_outlets,
       m.id AS mention_id, m.article_id, a.url, a.title, m.language, m.sentence_text, m.trigger,
       m.start, m."end",
       m.geo_name, m.geo_id, m.geo_lat, m.geo_lon, m.geo_country, m.geo_admin1, m.geo_feature, m.geo_precision,
       m.geo_source, m.geo_start, m.geo_end,
       {dyad_key} AS dyad_key
FROM {groups} g
JOIN counts c ON c.event_id = g.event_id
JOIN {firsts} m ON m.id = g.mention_id
JOIN {articles} a ON a.id = m.article_id
LEFT JOIN {actors} xa ON xa.mention_id = m.id AND xa.role = 'actor' AND xa.position = 0
LEFT JOIN {actors} xr ON xr.mention_id = m.id AND xr.role = 'recipient' AND xr.position = 0
WHERE g.first
ORDER BY m.event, dyad_key NULLS FIRST, c.date, g.event_id
""".replace("{dyad_key}", DYAD_KEY.format(a="m.actor_codes", r="m.recipient_codes"))
INSERT_EVENTS = "INSERT INTO events BY NAME " + EVENTS


def insert_events(con: duckdb.DuckDBPyConnection, *, mentions: str = "mentions", articles: str = "articles",
                  actors: str = "mention_actors", firsts: str | None = None, only: str | None = None,
                  replaced: str | None = None) -> None:
    """Insert the events of ``_groups``, reading its reports from the tables (or subqueries) named
    (``firsts``, the first reports with every column, defaults to ``mentions``; with ``only``, a
    query of event ids, those events alone), and bring their tallies (``tallies``) up to date: all
    of them after a full rebuild (``mentions`` is the stored table), else the months and outlets of
    the reports regrouped (with ``replaced``, a table of the events these replace, the tally rows
    of these and of the new ones alone)."""
    from . import tallies

    groups = "_groups" if only is None else f"(SELECT * FROM _groups WHERE event_id IN ({only}))"
    select = (EVENTS.replace("{groups}", groups).replace("{mentions}", mentions)
              .replace("{firsts}", firsts or mentions).replace("{articles}", articles).replace("{actors}", actors))
    if mentions == "mentions":
        con.execute("INSERT INTO events BY NAME " + select)
        tallies.rebuild(con)
    elif replaced is None:
        con.execute("INSERT INTO events BY NAME " + select)
        tallies.refresh(con, mentions=mentions, articles=articles)
    else:  # the tallies of the events deleted (``replaced``, a table) and of those written, alone
        con.execute(f"CREATE OR REPLACE TEMP TABLE _written AS {select}")
        con.execute("INSERT INTO events BY NAME SELECT * FROM _written")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _tally_changes AS SELECT {tallies.CHANGE_COLUMNS}, -1 AS sign "
                    f"FROM {replaced} UNION ALL SELECT {tallies.CHANGE_COLUMNS}, 1 FROM _written")
        try:
            tallies.refresh(con, mentions=mentions, articles=articles, touched="_tally_changes")
        finally:
            con.execute("DROP TABLE IF EXISTS _written")
            con.execute("DROP TABLE IF EXISTS _tally_changes")

