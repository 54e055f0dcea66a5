"""What several test modules share: a quiet FastAPI test client, a fixture without proxies, and what a
store's de-duplication decided (to compare with a full rebuild)."""
from __future__ import annotations

import warnings

import pytest

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def make_client(app, **kwargs):
    """A ``TestClient`` for ``app`` (imported without starlette's notice about httpx)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, **kwargs)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Local test servers are reached directly, whatever proxy the machine is set up with."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def store_decisions(con, *, index: bool = False) -> dict:
    """What a store's de-duplication decided: clusters, each report's event, the events; with
    ``index``, the persisted LSH bands and grouping keys too."""
    decided = {
        "clusters": con.execute("SELECT id, cluster FROM articles ORDER BY id").fetchall(),
        "mentions": con.execute("SELECT id, event_id FROM mentions ORDER BY id").fetchall(),
        "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
    }
    if index:
        decided["bands"] = con.execute("SELECT hash, article_id FROM article_bands ORDER BY ALL").fetchall()
        decided["keys"] = con.execute("SELECT * FROM mention_keys ORDER BY mention_id").fetchall()
    return decided


def rebuilt_decisions(con, *, index: bool = False) -> dict:
    """What a full rebuild of the same rows decides, on a copy in memory (``con``'s store is left
    as it is)."""
    from bilateral.store.consolidate import consolidate

    home = con.execute("SELECT current_database()").fetchall()[0][0]
    con.execute("ATTACH ':memory:' AS rebuilt")
    try:
        con.execute(f"COPY FROM DATABASE {home} TO rebuilt")
        con.execute("USE rebuilt")
        con.execute("UPDATE articles SET cluster = NULL")
        con.execute("UPDATE mentions SET event_id = NULL")
        consolidate(con)
        return store_decisions(con, index=index)
    finally:
        con.execute(f"USE {home}")
        con.execute("DETACH rebuilt")
