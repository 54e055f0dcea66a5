"""Events stored in type and dyad order (migration 0004): the key every event carries, the order a
rebuild writes, and dyad filters that find exactly what the lists of codes alone find."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bilateral.store import connect
from bilateral.store.consolidate import consolidate, refresh
from bilateral.store.queries import EventFilter, dyad_key

from test_store_incremental import DAY, WORDS, _article, _mention, _write, con  # noqa: F401 (con: the store fixture)

CODES = ["MLI", "RUS", "FRA", "NER", "DZA"]


def _expected_key(actors: list[str], recipients: list[str]) -> str | None:
    return f"{min(actors[0], recipients[0])}|{max(actors[0], recipients[0])}" \
        if len(actors) == 1 and len(recipients) == 1 else None


def _fill(con, seed: int, articles: int = 60) -> None:
    """Runs of one to ten articles, with one-to-one events, events of several actors or recipients,
    and events without a recipient; the store is refreshed after each run, as ingest does."""
    rng = random.Random(seed)
    batch_articles, batch_mentions = [], []
    for i in range(articles):
        article_id = f"A{i:03d}"
        batch_articles.append(_article(article_id, rng.sample(WORDS, 80), day=DAY + timedelta(days=rng.randrange(30))))
        for j in range(rng.randrange(1, 4)):
            shape = rng.random()
            actors = rng.sample(CODES, 2) if shape < 0.15 else [rng.choice(CODES)]
            others = [c for c in CODES if c not in actors]
            recipients = [] if shape > 0.9 else (rng.sample(others, 2) if 0.15 <= shape < 0.3 else [rng.choice(others)])
            batch_mentions.append(_mention(f"M{i}-{j}", article_id, DAY + timedelta(days=rng.randrange(30)),
                                           rng.choice(["AID", "CONSULT", "ACCUSE"]), actors, recipients,
                                           start=j * 10))
        if rng.random() < 0.3 or i == articles - 1:
            _write(con, batch_articles, batch_mentions)
            refresh(con)
            batch_articles, batch_mentions = [], []


def _keys(con) -> list[tuple]:
    return con.execute("SELECT actor_codes, recipient_codes, dyad_key FROM events").fetchall()


@pytest.mark.parametrize("seed", [1, 5])
def test_store_dyad_key_of_every_event_after_runs_and_after_a_rebuild(con, seed):
    _fill(con, seed)
    found = _keys(con)
    assert {key is None for *_, key in found} == {True, False}, "events with and without a key"
    assert [key for *_, key in found] == [_expected_key(a, r) for a, r, _ in found]
    consolidate(con)
    found = _keys(con)
    assert [key for *_, key in found] == [_expected_key(a, r) for a, r, _ in found]


def _in_order(stored: list[tuple]) -> bool:
    return stored == sorted(stored, key=lambda row: (row[0], row[1] is not None, row[1] or "", row[2]))


def test_store_a_rebuild_writes_events_in_type_dyad_date_order(con):
    _fill(con, 2)
    consolidate(con)
    assert _in_order(con.execute("SELECT event, dyad_key, date FROM events ORDER BY rowid").fetchall())


def _by_lists(con, a: str, b: str, directed: bool) -> set[str]:
    """The events between ``a`` and ``b`` as their lists of codes alone say, without the key."""
    found = set()
    for event_id, actors, recipients, assertion in con.execute(
            "SELECT id, actor_codes, recipient_codes, assertion FROM events").fetchall():
        one_way = a in actors and b in recipients
        if assertion and (one_way or (not directed and b in actors and a in recipients)):
            found.add(event_id)
    return found


@pytest.mark.parametrize("directed", [False, True])
def test_store_dyad_filter_finds_what_the_lists_alone_find(con, directed):
    _fill(con, 3)
    # an event whose key a writer left empty is still found, by its lists
    con.execute("UPDATE events SET dyad_key = NULL WHERE id = (SELECT min(id) FROM events WHERE dyad_key IS NOT NULL)")
    checked = 0
    for a in CODES:
        for b in CODES:
            if a == b:
                continue
            where, params = EventFilter(dyad=(a, b), directed=directed).where()
            assert params["f_key"] == dyad_key(a, b) == dyad_key(b, a)
            ids = {i for (i,) in con.execute(f"SELECT id FROM events WHERE {where}", params).fetchall()}
            assert ids == _by_lists(con, a, b, directed)
            checked += bool(ids)
    assert checked >= 10


def test_store_migration_0004_keys_and_orders_the_events_of_an_older_store(tmp_path):
    path = tmp_path / "old.duckdb"
    con = connect(path)
    _fill(con, 4)
    # the store as version 3 left it: no key, events in no useful order
    con.execute("CREATE TEMP TABLE shuffled AS SELECT * EXCLUDE (dyad_key) FROM events ORDER BY hash(id)")
    con.execute("ALTER TABLE events DROP COLUMN dyad_key")
    con.execute("DELETE FROM events")
    con.execute("INSERT INTO events SELECT * FROM shuffled")
    con.execute("DELETE FROM schema_migrations WHERE version = 4")
    before = con.execute("SELECT * FROM events ORDER BY id").fetchall()
    con.close()
    con = connect(path)
    try:
        found = _keys(con)
        assert [key for *_, key in found] == [_expected_key(a, r) for a, r, _ in found]
        assert _in_order(con.execute("SELECT event, dyad_key, date FROM events ORDER BY rowid").fetchall())
        assert con.execute("SELECT * EXCLUDE (dyad_key) FROM events ORDER BY id").fetchall() == before
    finally:
        con.close()
