"""De-duplication that costs what a run adds: the persisted index and the incremental update.

``consolidate`` recomputes clusters and events from every stored row, holding every MinHash
signature in memory. Here a run's new articles and mentions are folded into what is stored:

- clusters: the LSH bands of each article's signature are kept in ``article_bands`` (the same
  bands datasketch's ``MinHashLSH`` uses for ``dedup.THRESHOLD``). A new article is compared, on
  its whole signature, with the stored articles that share one of its bands, and with the other new
  ones; clusters only ever merge, so a merged cluster takes the smallest id of its parts.
- events: mentions are one event when they share a grouping key (``consolidate._key``) and a day,
  or a key and a cluster within a day of each other; ``mention_keys`` keeps each mention's key
  (hashed) and date. Adding mentions or merging clusters only ever joins groups, so a new mention
  is grouped, with ``consolidate``'s own grouping, together with the events it joins (and the
  events of merged clusters are grouped again); every other event stays as it is.

Both steps give exactly what a full ``consolidate`` gives on the same rows (tested); a store whose
index is not complete (one made before schema version 3) is consolidated in full once instead.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import duckdb
import numpy as np
import pyarrow as pa
from datasketch import MinHashLSH

from ..ingest.dedup import NUM_PERM, THRESHOLD, Components

_LSH = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
BANDS, ROWS = _LSH.b, _LSH.r  # 25 bands of 5 values for a threshold of 0.5 on 128 values
del _LSH
CHUNK = 50_000  # articles or mentions handled at once when the index is built in full
LOOKUP = 2048  # ids looked up at once in a primary key's index (DuckDB's index_scan_max_count)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(0x100000001B3)


# --- keys and bands ------------------------------------------------------------------------------

def key_hash(key: tuple) -> int:
    """The 64-bit hash of a mention's grouping key (``consolidate._key``), stable across runs."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest(), "little")


def signatures(blobs: Sequence[bytes]) -> np.ndarray:
    """Signatures as an (articles × NUM_PERM) array of uint64."""
    if not blobs:
        return np.zeros((0, NUM_PERM), dtype=np.uint64)
    return np.frombuffer(b"".join(blobs), dtype="<u8").astype(np.uint64).reshape(len(blobs), NUM_PERM)


def band_hashes(sigs: np.ndarray) -> np.ndarray:
    """(articles × BANDS) hashes, one per band: equal bands give equal hashes (and, but for a
    chance of 2⁻⁶⁴, unequal bands unequal ones — a candidate is checked on its bands anyway)."""
    bands = sigs[:, :BANDS * ROWS].reshape(len(sigs), BANDS, ROWS)
    with np.errstate(over="ignore"):
        h = np.broadcast_to(np.arange(1, BANDS + 1, dtype=np.uint64) * _MIX, (len(sigs), BANDS)).copy()
        for j in range(ROWS):
            h = (h ^ bands[:, :, j]) * _PRIME
            h ^= h >> np.uint64(29)
    return h


def similar(a: np.ndarray, b: np.ndarray) -> bool:
    """The test datasketch's LSH and ``dedup.cluster`` apply: a shared band, then an estimated
    Jaccard similarity of at least ``THRESHOLD``."""
    shared = (a[:BANDS * ROWS].reshape(BANDS, ROWS) == b[:BANDS * ROWS].reshape(BANDS, ROWS)).all(axis=1).any()
    return bool(shared) and np.count_nonzero(a == b) / NUM_PERM >= THRESHOLD


def _band_table(ids: Sequence[str], sigs: np.ndarray) -> pa.Table:
    hashes = band_hashes(sigs)
    return pa.table({"hash": pa.array(hashes.reshape(-1), pa.uint64()),
                     "article_id": pa.array(np.repeat(np.asarray(ids, dtype=object), BANDS), pa.string())})


# --- the index in full ---------------------------------------------------------------------------

def rebuild_index(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``article_bands`` and ``mention_keys`` from every stored row, a chunk at a time (inside
    the caller's transaction), and mark the index complete."""
    con.execute("DELETE FROM article_bands")
    con.execute("DELETE FROM mention_keys")
    for rows in _chunks(con, "SELECT id, minhash FROM articles WHERE minhash IS NOT NULL"):
        _append(con, "article_bands", _band_table([r[0] for r in rows], signatures([r[1] for r in rows])))
    for rows in _chunks(con, "SELECT id, event, mode, context, actor_codes, recipient_codes, date FROM mentions"):
        _append(con, "mention_keys", _key_table(rows))
    con.execute("INSERT OR REPLACE INTO dedup_state VALUES ('index', 'complete')")


def _chunks(con: duckdb.DuckDBPyConnection, select: str) -> Iterable[list[tuple]]:
    """The rows of ``select`` (its first column an id), ``CHUNK`` at a time in id order; a page is
    fetched whole, so the connection is free for writes between pages."""
    where, last = "", []
    while True:
        rows = con.execute(f"SELECT * FROM ({select}) {where} ORDER BY 1 LIMIT {CHUNK}", last).fetchall()
        if not rows:
            return
        yield rows
        where, last = "WHERE id > ?", [rows[-1][0]]


def index_complete(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM dedup_state WHERE name = 'index' AND value = 'complete'")
                .fetchall()[0][0])


def _append(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, *, replace: bool = False) -> None:
    con.register("_rows", rows)
    try:
        con.execute(f"INSERT {'OR REPLACE ' if replace else ''}INTO {table} BY NAME SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


# --- the update ----------------------------------------------------------------------------------

def update(con: duckdb.DuckDBPyConnection) -> None:
    """Fold the articles without a cluster and the mentions without an event into the clusters,
    the events and the index, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        merged, clusters = _add_articles(con)
        _regroup(con, merged, clusters)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _add_articles(con: duckdb.DuckDBPyConnection) -> tuple[list[str], dict[str, str]]:
    """Cluster the new articles; returns the clusters (their old names) that merged into another,
    and the cluster of each new article."""
    new = con.execute("SELECT id, minhash FROM articles WHERE cluster IS NULL ORDER BY id").fetchall()
    if not new:
        return [], {}
    groups = Components()
    for article_id, _ in new:
        groups.find(article_id)
    signed = [(article_id, blob) for article_id, blob in new if blob]
    ids = [article_id for article_id, _ in signed]
    sigs = signatures([blob for _, blob in signed])
    if ids:
        bands = _band_table(ids, sigs)
        position = {article_id: i for i, article_id in enumerate(ids)}
        con.register("_new_bands", bands)
        try:
            pairs = con.execute(
                "SELECT DISTINCT n.article_id, b.article_id FROM _new_bands n JOIN article_bands b USING (hash) "
                "WHERE b.article_id <> n.article_id").fetchall()
            neighbours = sorted({other for _, other in pairs})
            stored = _stored(con, neighbours)
            for article_id, other in pairs:
                mine = sigs[position[article_id]]
                if other in stored and similar(mine, stored[other][0]):
                    groups.union(article_id, stored[other][1])  # the new article joins that cluster
            # new articles among themselves: the same test, on the bands they share
            by_band: dict[int, list[int]] = {}
            for i, hashes in enumerate(band_hashes(sigs)):
                for value in hashes.tolist():
                    by_band.setdefault(value, []).append(i)
            for members in by_band.values():
                for a, b in _pairs(members):
                    if similar(sigs[a], sigs[b]):
                        groups.union(ids[a], ids[b])
            con.execute("INSERT INTO article_bands SELECT hash, article_id FROM _new_bands")
        finally:
            con.unregister("_new_bands")
    labels = {article_id: groups.find(article_id) for article_id, _ in new}
    merged = sorted({node for node in groups.parent if node not in labels and groups.find(node) != node})
    renamed = pa.table({"old": pa.array(merged, pa.string()),
                        "new": pa.array([groups.find(node) for node in merged], pa.string())})
    con.register("_fresh", pa.table({"id": pa.array(list(labels), pa.string()),
                                     "cluster": pa.array(list(labels.values()), pa.string())}))
    con.register("_renamed", renamed)
    try:
        con.execute("UPDATE articles SET cluster = f.cluster FROM _fresh f WHERE articles.id = f.id")
        if merged:
            con.execute("UPDATE articles SET cluster = r.new FROM _renamed r WHERE articles.cluster = r.old")
    finally:
        con.unregister("_fresh")
        con.unregister("_renamed")
    return merged, labels


def _pairs(members: list[int]) -> Iterable[tuple[int, int]]:
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            yield a, b


def _stored(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple[np.ndarray, str]]:
    """The signature and cluster of stored articles ``ids``.

    Looked up by id in the primary key's index, ``LOOKUP`` at a time: a join would read every
    stored signature (a kilobyte an article) to keep a few hundred of them. DuckDB uses the index
    for an ``IN`` list alone, not beside another condition: those without a cluster (the new ones)
    are left out here."""
    rows = []
    for start in range(0, len(ids), LOOKUP):
        some = ids[start:start + LOOKUP]
        rows += [row for row in con.execute(
            f"SELECT id, minhash, cluster FROM articles WHERE id IN ({', '.join('?' * len(some))})", some).fetchall()
            if row[2] is not None]
    sigs = signatures([blob for _, blob, _ in rows])
    return {article_id: (sigs[i], clu) for i, (article_id, _, clu) in enumerate(rows)}


def _key_table(rows: list[tuple]) -> pa.Table:
    """``mention_keys`` rows for (id, event, mode, context, actor_codes, recipient_codes, date) rows."""
    from .consolidate import _key

    return pa.table({"mention_id": pa.array([r[0] for r in rows], pa.string()),
                     "key_hash": pa.array([key_hash(_key(*r[1:6])) for r in rows], pa.uint64()),
                     "date": pa.array([r[6] for r in rows], pa.date32())})


# The events a new mention joins on its own day: every stored report with its key on that day is in
# one event (``consolidate.group_mentions`` joins them all), so one report per key and day names it.
# The reports of the run are left out: the stored ones have their event.
_SAME_DAY = """
SELECT min(k.mention_id)
FROM mention_keys k SEMI JOIN _seeds s ON s.key_hash = k.key_hash AND s.date = k.date
ANTI JOIN _seeds n ON n.mention_id = k.mention_id
GROUP BY k.key_hash, k.date
"""


def _regroup(con: duckdb.DuckDBPyConnection, merged: list[str], clusters: dict[str, str]) -> None:
    """Group the new mentions with the events they join, and again the events of merged clusters.

    Adding mentions or merging clusters only ever joins groups, so the events to recompute are the
    new mentions' and those they or the merged clusters touch; every other event stays as it is.
    """
    from .consolidate import group_mentions

    # The new mentions are the new articles' (``clusters``), whose clusters are known; a mention
    # without an event in an older article (a store edited by hand) has its cluster looked up.
    new = con.execute("SELECT id, event, mode, context, actor_codes, recipient_codes, date, article_id "
                      "FROM mentions WHERE event_id IS NULL").fetchall()
    fresh = set(clusters)  # the new articles: none of their reports has an event yet
    missing = sorted({row[7] for row in new} - clusters.keys())
    clusters = {**clusters, **{article_id: clu for article_id, (_, clu) in _stored(con, missing).items()}}
    new = [(*row[:7], clusters.get(row[7])) for row in new]
    keys = _key_table(new)
    affected = _joined(con, keys, [r[7] for r in new], merged, fresh)
    _append(con, "mention_keys", keys, replace=True)
    if not new and not affected:
        return
    con.register("_stale", pa.table({"id": pa.array(sorted(affected), pa.string())}))
    try:
        _copy_touched(con)
        rows = con.execute(
            "SELECT m.id, m.event, m.mode, m.context, m.actor_codes, m.recipient_codes, m.date, a.cluster "
            "FROM _touched_mentions m JOIN _touched_articles a ON a.id = m.article_id "
            "ORDER BY m.date, a.published NULLS LAST, m.article_id, m.sentence, m.start, m.id").fetchall()
        con.register("_groups", group_mentions(rows))
        try:
            _relabel(con)
            _replace_events(con)
        finally:
            con.unregister("_groups")
        for table in ("_touched_mentions", "_touched_articles", "_new_mentions", "_first_mentions",
                      "_first_actors"):
            con.execute(f"DROP TABLE IF EXISTS {table}")  # on a failure, the caller's rollback drops them
    finally:
        con.unregister("_stale")


def _joined(con: duckdb.DuckDBPyConnection, keys: pa.Table, seed_clusters: list[str | None],
            merged: list[str], new_articles: set[str]) -> set[str]:
    """The events that the new mentions (``keys``, each in its article's cluster ``seed_clusters``)
    join, and those of the clusters that ``merged`` into another (``consolidate.group_mentions``'s
    two rules: a key and a day, or a key and a cluster within a day).

    Found from few rows: one stored report per key and day for the first rule (every other report
    of that key on that day is in its event), the reports of the stored articles of the clusters
    concerned for the second — not from every stored report sharing a key within a day of a new one
    (some 200,000 for 1,000 articles), each joined with its article."""
    from .consolidate import _key

    seeds = keys.append_column("cluster", pa.array(seed_clusters, pa.string()))
    con.register("_seeds", seeds)
    try:
        firsts = [row[0] for row in con.execute(_SAME_DAY).fetchall()]
    finally:
        con.unregister("_seeds")
    found = _events_of(con, firsts)
    if len(found) < len(firsts):  # a key row without its report (a store edited by hand): look at them all
        return _joined_by_scan(con, seeds, merged)
    affected = set(found.values())
    renamed = set(_new_names(con, merged)) if merged else set()
    near: dict[tuple[str, int], list] = {}
    for (key, day, clu) in zip(seeds["key_hash"].to_pylist(), seeds["date"].to_pylist(), seed_clusters):
        if clu is not None:
            near.setdefault((clu, key), []).append(day)
    for mention_id, event_id, event, mode, context, actors, recipients, day, clu in _cluster_reports(
            con, sorted({clu for clu, _ in near} | renamed), new_articles):
        if clu in renamed:
            affected.add(event_id)
        elif any(abs((day - other).days) <= 1 for other in near.get((clu, key_hash(_key(
                event, mode, context, actors, recipients))), ())):
            affected.add(event_id)
    return affected


def _events_of(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """The event of each stored report ``ids`` that has one."""
    con.register("_ids", pa.table({"id": pa.array(ids, pa.string())}))
    try:
        return dict(con.execute("SELECT id, event_id FROM mentions WHERE id IN (SELECT id FROM _ids) "
                                "AND event_id IS NOT NULL").fetchall())
    finally:
        con.unregister("_ids")


def _cluster_reports(con: duckdb.DuckDBPyConnection, names: list[str], new: set[str]) -> list[tuple]:
    """(id, event_id, event, mode, context, actor_codes, recipient_codes, date, cluster) of the
    stored reports, with an event, of the articles of clusters ``names`` but the ``new`` ones."""
    if not names:
        return []
    con.register("_names", pa.table({"cluster": pa.array(names, pa.string())}))
    try:
        members = dict(con.execute("SELECT id, cluster FROM articles WHERE cluster IN (SELECT cluster FROM _names)")
                       .fetchall())
    finally:
        con.unregister("_names")
    con.register("_members", pa.table({"id": pa.array(sorted(members.keys() - new), pa.string())}))
    try:
        rows = con.execute("SELECT id, event_id, event, mode, context, actor_codes, recipient_codes, date, article_id "
                           "FROM mentions WHERE article_id IN (SELECT id FROM _members) AND event_id IS NOT NULL"
                           ).fetchall()
    finally:
        con.unregister("_members")
    return [(*row[:8], members[row[8]]) for row in rows]


# The same events found from every stored report with a new one's key within a day of it: what
# ``_joined`` falls back on when a key row has lost its report.
_JOINED = """
WITH near AS (  -- the seeds on their day and the days either side: one equality join, no range join
    SELECT s.key_hash, s.date + d.shift AS day, d.shift = 0 AS same_day, s.cluster
    FROM _seeds s CROSS JOIN (VALUES (-1), (0), (1)) d(shift)
), found AS (
    SELECT DISTINCT k.mention_id, n.same_day, n.cluster
    FROM near n JOIN mention_keys k ON k.key_hash = n.key_hash AND k.date = n.day
)
SELECT DISTINCT m.event_id
FROM found f
JOIN mentions m ON m.id = f.mention_id
JOIN articles a ON a.id = m.article_id
WHERE m.event_id IS NOT NULL AND (f.same_day OR a.cluster = f.cluster)
"""


def _joined_by_scan(con: duckdb.DuckDBPyConnection, seeds: pa.Table, merged: list[str]) -> set[str]:
    con.register("_seeds", seeds)
    try:
        affected = {row[0] for row in con.execute(_JOINED).fetchall()}
    finally:
        con.unregister("_seeds")
    if merged:
        con.register("_merged", pa.table({"cluster": pa.array(_new_names(con, merged), pa.string())}))
        try:
            affected.update(row[0] for row in con.execute(
                "SELECT DISTINCT m.event_id FROM articles a JOIN _merged USING (cluster) "
                "JOIN mentions m ON m.article_id = a.id WHERE m.event_id IS NOT NULL").fetchall())
        finally:
            con.unregister("_merged")
    return affected


# The columns of the touched reports that grouping, counting and the tallies read; the first reports'
# other columns (their sentence, trigger, place…) are read for the events written alone (``_replace_events``).
_TOUCHED = ("rowid AS _row, id, article_id, event_id, date, event, mode, context, actor_codes, recipient_codes, "
            "quad_code, sentence, start, confidence")


def _copy_touched(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the new mentions and those of the ``_stale`` events (with their row ids), and the columns
    of their articles that grouping and the events read, into temporary tables: the store's tables
    are then read once each, not once for every statement that follows.

    Two scans, not one with ``OR``: each keeps its condition inside the scan, so the new mentions are
    read from the few blocks that hold reports without an event (the others' statistics say so).
    Only the columns ``_TOUCHED``: DuckDB decompresses every column it reads of a block of 2,048 rows
    holding one of them, which, for some 50,000 reports spread over the whole table, is most blocks."""
    con.execute("CREATE OR REPLACE TEMP TABLE _new_mentions AS SELECT * FROM mentions WHERE event_id IS NULL")
    con.execute("CREATE OR REPLACE TEMP TABLE _touched_mentions AS "
                f"SELECT {_TOUCHED} FROM mentions WHERE event_id IS NULL "
                f"UNION ALL SELECT {_TOUCHED} FROM mentions WHERE event_id IN (SELECT id FROM _stale)")
    con.execute("CREATE OR REPLACE TEMP TABLE _touched_articles AS "
                "SELECT id, cluster, published, outlet, url, title FROM articles "
                "WHERE id IN (SELECT article_id FROM _touched_mentions)")


def _relabel(con: duckdb.DuckDBPyConnection) -> None:
    """Give the touched mentions the events of ``_groups``, updating only those whose event changed:
    the new ones, found in the last blocks of the table (the others' statistics say they hold no
    report without an event), and the stored ones relabelled (their event merged into another, or
    a new report came before its first one), found by row id.

    The relabelled ones are updated in place. Moving them (deleting them and appending them again)
    makes the next checkpoint cheaper, since DuckDB writes an updated column again for every block
    of 122,880 rows holding a changed row; but it loads and pins the parts of the primary key's and
    ``mentions_article``'s indexes they touch, which, at 1,000,000 articles, took more memory than
    the whole consolidation needs otherwise (it no longer ran with a ``memory_limit`` of 512 MB)."""
    con.execute("UPDATE mentions SET event_id = g.event_id FROM _groups g "
                "WHERE mentions.event_id IS NULL AND mentions.id = g.mention_id")
    con.execute("CREATE OR REPLACE TEMP TABLE _relabelled AS SELECT t._row, g.event_id FROM _touched_mentions t "
                "JOIN _groups g ON g.mention_id = t.id WHERE t.event_id <> g.event_id")
    if con.execute("SELECT count(*) FROM _relabelled").fetchall()[0][0]:
        con.execute("UPDATE mentions SET event_id = r.event_id FROM _relabelled r WHERE mentions.rowid = r._row")
    con.execute("DROP TABLE _relabelled")  # on a failure, the caller's rollback drops it


# The columns of a report that its event copies when it is the first (``consolidate.INSERT_EVENTS``)
_FIRST_COLUMNS = ("article_id, event, mode, context, actor_codes, recipient_codes, cameo, quad_code, goldstein, "
                  "plover_score, language, sentence_text, trigger, start, \"end\", geo_name, geo_id, geo_lat, geo_lon, "
                  "geo_country, geo_admin1, geo_feature, geo_precision, geo_source, geo_start, geo_end")


def _replace_events(con: duckdb.DuckDBPyConnection) -> None:
    """Write the events of ``_groups`` in place of the ``_stale`` ones whose reports changed.

    Every event the new mentions might join is regrouped, and most come out as they were: an
    event is a function of its reports (its first report's fields, counts over all of them), and
    reports never change but for their event, so the events to write are those that gained or lost
    a report, and the events to delete are those and the ones left without any. Deleting and
    appending the others too would spread changes over the whole table, written again at the next
    checkpoint, and move them out of the table's order (``consolidate.DYAD_KEY``) for nothing."""
    from .consolidate import insert_events

    con.execute("CREATE OR REPLACE TEMP TABLE _changed AS "
                "SELECT DISTINCT unnest([t.event_id, g.event_id]) AS id FROM _touched_mentions t "
                "JOIN _groups g ON g.mention_id = t.id WHERE t.event_id IS DISTINCT FROM g.event_id")
    # An event's first report is a new one or was the first of an event it replaces (groups only
    # ever join): the rows deleted give those reports' columns, as ``INSERT_EVENTS`` copied them.
    # (copied, then deleted by row id: DELETE … RETURNING read every column of every event)
    con.execute("CREATE OR REPLACE TEMP TABLE _gone AS SELECT rowid AS _row, * FROM events "
                "WHERE id IN (SELECT id FROM _changed WHERE id IS NOT NULL)")
    con.execute("DELETE FROM events WHERE rowid IN (SELECT _row FROM _gone)")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _first_ids AS SELECT mention_id AS id FROM _groups "
                    "WHERE first AND event_id IN (SELECT id FROM _changed)")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _first_mentions AS "
                    f"SELECT id, {_FIRST_COLUMNS} FROM _new_mentions SEMI JOIN _first_ids USING (id) "
                    f"UNION ALL SELECT mention_id AS id, {_FIRST_COLUMNS} FROM _gone "
                    f"WHERE mention_id IN (SELECT id FROM _first_ids) "
                    f"AND mention_id NOT IN (SELECT id FROM _new_mentions)")
        found, wanted = con.execute("SELECT (SELECT count(*) FROM _first_mentions), "
                                    "(SELECT count(*) FROM _first_ids)").fetchall()[0]
        if found != wanted:  # an event without its first report (a store edited by hand): read them
            con.execute(f"CREATE OR REPLACE TEMP TABLE _first_mentions AS SELECT id, {_FIRST_COLUMNS} FROM mentions "
                        f"WHERE id IN (SELECT id FROM _first_ids)")
            firsts_of_new = "SELECT id FROM _first_ids"
        else:
            firsts_of_new = "SELECT id FROM _first_ids SEMI JOIN _new_mentions USING (id)"
        # the sectors of the first actor and recipient: read for the new reports, kept by the events replaced
        con.execute("CREATE OR REPLACE TEMP TABLE _first_actors AS SELECT mention_id, role, position, sector "
                    f"FROM mention_actors WHERE position = 0 AND mention_id IN ({firsts_of_new})")
        if found == wanted:
            con.execute("INSERT INTO _first_actors SELECT mention_id, unnest(['actor', 'recipient']), 0, "
                        "unnest([actor_sector, recipient_sector]) FROM _gone WHERE mention_id IN "
                        "(SELECT id FROM _first_ids) AND mention_id NOT IN (SELECT id FROM _new_mentions)")
        insert_events(con, mentions="_touched_mentions", articles="_touched_articles", actors="_first_actors",
                      firsts="_first_mentions", only="SELECT id FROM _changed", replaced="_gone")
    finally:
        con.execute("DROP TABLE IF EXISTS _gone")
    for table in ("_changed", "_first_ids"):
        con.execute(f"DROP TABLE {table}")


def _new_names(con: duckdb.DuckDBPyConnection, merged: list[str]) -> list[str]:
    """The clusters that ``merged`` clusters went into (the articles now carry these names)."""
    con.register("_old", pa.table({"id": pa.array(merged, pa.string())}))
    try:
        return sorted({row[0] for row in con.execute(
            "SELECT a.cluster FROM articles a JOIN _old USING (id)").fetchall()})
    finally:
        con.unregister("_old")
