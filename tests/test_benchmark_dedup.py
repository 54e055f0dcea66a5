"""The de-duplication benchmark measures real stores: what it generates directly (clusters, events,
the index) is what a full consolidation of the same rows decides, and its incremental step ends
where a full rebuild ends."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import rebuilt_decisions, store_decisions

from bilateral.store import connect
from bilateral.store.consolidate import refresh

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import dedup
    finally:
        sys.path.pop(0)
    return dedup


@pytest.mark.slow
def test_benchmark_dedup_generated_store_is_what_a_rebuild_decides(bench, tmp_path):
    path = tmp_path / "bench.duckdb"
    bench.generate(path, 3000, 5, 150)
    con = connect(path)
    try:
        decided = store_decisions(con, index=True)
        assert len({cluster for _, cluster in decided["clusters"]}) < 2900, "a tenth are near-duplicates"
        assert decided == rebuilt_decisions(con, index=True)
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
        assert store_decisions(con, index=True) == rebuilt_decisions(con, index=True)
    finally:
        con.close()
