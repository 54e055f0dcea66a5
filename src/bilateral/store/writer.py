"""Writing to the store: runs, and one transaction per coded batch (all of it or none of it)."""
from __future__ import annotations

import json
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from .. import __version__


def start_run(con: duckdb.DuckDBPyConnection, *, command: str, inputs: Sequence[str], lexicons: dict[str, str],
              workers: int | None, scheduler: str) -> int:
    return con.execute(
        "INSERT INTO runs (started_at, status, command, inputs, coder_version, lexicons, workers, scheduler) "
        "VALUES (current_timestamp, 'running', ?, ?, ?, ?, ?, ?) RETURNING id",
        [command, list(inputs), __version__, json.dumps(lexicons, sort_keys=True), workers, scheduler],
    ).fetchall()[0][0]


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, *, status: str, read: int, added: int,
               mentions: int, problems: int) -> None:
    con.execute(
        "UPDATE runs SET finished_at = current_timestamp, status = ?, articles_read = ?, articles_added = ?, "
        "mentions_added = ?, problems = ? WHERE id = ?",
        [status, read, added, mentions, problems, run_id],
    )


def known_articles(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` are already stored (so a re-run codes only what is new)."""
    if not ids:
        return set()
    con.register("_ids", pa.table({"id": pa.array(list(ids), pa.string())}))
    try:
        return {row[0] for row in con.execute("SELECT a.id FROM articles a JOIN _ids USING (id)").fetchall()}
    finally:
        con.unregister("_ids")


def write_batch(con: duckdb.DuckDBPyConnection, articles: pa.Table, mentions: pa.Table, actors: pa.Table) -> int:
    """Store one batch in one transaction; rows already present are left as they are.

    Returns the number of articles added. A crash before COMMIT leaves nothing of the batch.
    """
    con.register("_batch_articles", articles)
    con.register("_batch_mentions", mentions)
    con.register("_batch_actors", actors)
    try:
        con.execute("BEGIN TRANSACTION")
        added = con.execute("INSERT OR IGNORE INTO articles BY NAME SELECT * FROM _batch_articles").fetchall()[0][0]
        con.execute("INSERT OR IGNORE INTO mentions BY NAME SELECT * FROM _batch_mentions")
        con.execute("INSERT OR IGNORE INTO mention_actors BY NAME SELECT * FROM _batch_actors")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in ("_batch_articles", "_batch_mentions", "_batch_actors"):
            con.unregister(name)
    return added
