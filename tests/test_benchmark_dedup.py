"""The de-duplication benchmark measures real stores: what it generates directly (clusters, events,
the index) is what a full consolidation of the same rows decides, and its incremental step ends
where a full rebuild ends."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bilateral.store import connect
from bilateral.store.consolidate import consolidate, refresh

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import dedup
    finally:
        sys.path.pop(0)
    return dedup


def _decided(con) -> dict:
    return {
        "clusters": con.execute("SELECT id, cluster FROM articles ORDER BY id").fetchall(),
        "mentions": con.execute("SELECT id, event_id FROM mentions ORDER BY id").fetchall(),
        "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
        "bands": con.execute("SELECT hash, article_id FROM article_bands ORDER BY ALL").fetchall(),
        "keys": con.execute("SELECT * FROM mention_keys ORDER BY mention_id").fetchall(),
    }


def _rebuilt(con) -> dict:
    """What ``bilateral rebuild`` decides on the same rows, on a copy in memory."""
    home = con.execute("SELECT current_database()").fetchall()[0][0]
    con.execute("ATTACH ':memory:' AS rebuilt")
    try:
        con.execute(f"COPY FROM DATABASE {home} TO rebuilt")
        con.execute("USE rebuilt")
        con.execute("UPDATE articles SET cluster = NULL")
        con.execute("UPDATE mentions SET event_id = NULL")
        consolidate(con)
        return _decided(con)
    finally:
        con.execute(f"USE {home}")
        con.execute("DETACH rebuilt")


@pytest.mark.slow
def test_benchmark_dedup_generated_store_is_what_a_rebuild_decides(bench, tmp_path):
    path = tmp_path / "bench.duckdb"
    bench.generate(path, 3000, 5, 150)
    con = connect(path)
    try:
        decided = _decided(con)
        assert len({cluster for _, cluster in decided["clusters"]}) < 2900, "a tenth are near-duplicates"
        assert decided == _rebuilt(con)
    finally:
        con.close()


@pytest.mark.slow
def test_benchmark_dedup_added_articles_end_where_a_rebuild_ends(bench, tmp_path):
    path = tmp_path / "bench.duckdb"
    bench.generate(path, 3000, 5, 150)
    bench.add(path, 300, 5, 150)
    con = connect(path)
    try:
        refresh(con)
        assert con.execute("SELECT count(*) FROM articles WHERE cluster IS NULL").fetchall() == [(0,)]
        assert _decided(con) == _rebuilt(con)
    finally:
        con.close()
