"""The tallies of the events (``store.tallies``): always what recomputing them from the events gives,
after a first run, after later runs that regroup events and merge clusters, after a rebuild and when a
store is migrated; and every figure read from them equals the one read from the events themselves."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from test_store_incremental import WORDS, _article, _mention, _write, con  # noqa: F401 (con: the store fixture)

from bilateral.store import connect, dashboard, dyads, tallies
from bilateral.store.consolidate import consolidate, refresh
from bilateral.store.queries import EventFilter

CODES = ["MLI", "RUS", "FRA", "NER"]
DAY = date(2025, 1, 20)
CONTEXTS = [[], ["military"], ["economic", "military"], ["negation"], ["diplomatic", "hypothetical"]]
TYPES = [("AID", 2, 7.0, 5.0), ("CONSULT", 1, 1.0, 2.0), ("ACCUSE", 3, -2.0, -3.5), ("ASSAULT", 4, -9.5, -9.0)]


def _snapshot(con) -> dict[str, list[tuple]]:
    return {table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in tallies.TABLES}


def _recomputed(con) -> dict[str, list[tuple]]:
    """The tallies as ``tallies.rebuild`` computes them from the stored events (then put back as they were)."""
    con.execute("BEGIN TRANSACTION")
    try:
        tallies.rebuild(con)
        return _snapshot(con)
    finally:
        con.execute("ROLLBACK")


def _runs(con, seed: int, articles: int = 120) -> None:
    """Runs of 1 to 20 articles over three months, many of them rewritten copies of one another (their
    clusters merge, their events are regrouped), with events of one or several actors, several types,
    contexts and modalities; the store is refreshed after each run as ingest does, and after each the
    tallies are what the events give."""
    rng = random.Random(seed)
    bases = [rng.sample(WORDS, 80) for _ in range(10)]
    pending_articles, pending_mentions = [], []
    # what each story reports, so that its copies report it again (and their mentions become one event)
    stories = [([rng.choice(CODES)], rng.choice(TYPES), DAY + timedelta(days=rng.randrange(68))) for _ in bases]
    for i in range(articles):
        story = rng.randrange(len(bases))
        words = list(bases[story])
        for _ in range(rng.choice([0, 3, 10, 40])):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        article_id = f"A{i:04d}"
        pending_articles.append(_article(article_id, words, outlet=rng.choice(["a.org", "b.org", "c.org", ""]),
                                         day=DAY + timedelta(days=rng.randrange(70))))
        for j in range(rng.randrange(4)):
            if j == 0 and rng.random() < 0.7:  # the story's own event
                actors, (kind, quad, goldstein, plover), day = stories[story]
                recipients, context, mode = ["MLI" if actors != ["MLI"] else "RUS"], [], ""
                day += timedelta(days=rng.randrange(2))
            else:
                actors = rng.sample(CODES, 2) if rng.random() < 0.15 else [rng.choice(CODES)]
                others = [c for c in CODES if c not in actors]
                recipients = rng.sample(others, 2) if rng.random() < 0.15 else [rng.choice(others)]
                kind, quad, goldstein, plover = rng.choice(TYPES)
                day, context = DAY + timedelta(days=rng.randrange(70)), rng.choice(CONTEXTS)
                mode = rng.choice(["", "visit"])
            mention = _mention(f"M{i}-{j}", article_id, day, kind, actors, recipients, context=context, start=j * 10)
            mention.update(quad_code=quad, goldstein=goldstein, plover_score=plover, mode=mode)
            pending_mentions.append(mention)
        if rng.random() < 0.2 or i == articles - 1:
            _write(con, pending_articles, pending_mentions)
            refresh(con)
            assert _snapshot(con) == _recomputed(con), f"after the run ending with article {i}"
            pending_articles, pending_mentions = [], []


@pytest.mark.parametrize("seed", [2, 7])
def test_store_tallies_follow_every_run_and_a_rebuild(con, seed):
    _runs(con, seed)
    assert con.execute("SELECT count(*) FROM dyad_months").fetchall()[0][0] > 0
    merged = con.execute("SELECT count(*) FROM events WHERE num_mentions > 1").fetchall()[0][0]
    assert merged > 0, "some events were regrouped from several reports"
    before = _snapshot(con)
    consolidate(con)  # bilateral rebuild
    assert _snapshot(con) == before == _recomputed(con)


def test_store_tallies_are_filled_when_a_store_is_migrated(tmp_path):
    path = tmp_path / "old.duckdb"
    con = connect(path)
    _runs(con, 4, articles=40)
    expected = _snapshot(con)
    # as a store of schema version 4 had it: no tallies
    for table in tallies.TABLES:
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM schema_migrations WHERE version = 5")
    con.close()
    con = connect(path)
    try:
        assert _snapshot(con) == expected
    finally:
        con.close()


def _filters() -> list[EventFilter]:
    found = [EventFilter()]
    for a in CODES:
        found.append(EventFilter(actor=a))
        found.append(EventFilter(actor=a, include_unasserted=True))
        found.append(EventFilter(actor=a, since=date(2025, 2, 1), until=date(2025, 3, 31)))
        found.append(EventFilter(actor=a, since=date.min, until=date.max))  # the calendar's ends
        for b in CODES:
            if a != b:
                found.append(EventFilter(dyad=(a, b)))
                found.append(EventFilter(dyad=(a, b), directed=True))
                found.append(EventFilter(dyad=(a, b), include_unasserted=True))
                found.append(EventFilter(dyad=(a, b), type="AID"))
                found.append(EventFilter(dyad=(a, b), quad=3, directed=True))
                found.append(EventFilter(dyad=(a, b), since=date(2025, 2, 1)))
                found.append(EventFilter(dyad=(a, b), until=date(2025, 2, 28), include_unasserted=True))
                found.append(EventFilter(dyad=(a, b), since=date(2025, 2, 10)))  # not a month's first day
                found.append(EventFilter(dyad=(a, b), context="military"))
                found.append(EventFilter(dyad=(a, b), context="negation"))
    return found


def test_store_every_figure_read_from_the_tallies_is_the_one_the_events_give(con):
    _runs(con, 11)
    answered = 0
    for flt in _filters():
        answered += tallies.source(flt, contexts=False) is not None
        assert dashboard.summary(con, flt) == dashboard.summary(con, flt, tallied=False), flt
        assert (dashboard.summary_and_series(con, flt)
                == dashboard.summary_and_series(con, flt, tallied=False)), flt
        for interval in ("month", "quarter", "year"):
            assert dashboard.series(con, flt, interval=interval) == dashboard.series(
                con, flt, interval=interval, tallied=False), (flt, interval)
        assert dashboard.span(con, flt) == dashboard.span(con, flt, tallied=False), flt
        if flt.dyad:
            for interval in ("auto", "month", "year"):
                assert dyads.directions(con, flt, interval=interval) == dyads.directions(
                    con, flt, interval=interval, tallied=False), (flt, interval)
        if flt.dyad or flt.actor:
            assert dyads.outlets(con, flt) == dyads.outlets(con, flt, tallied=False), flt
    assert answered > len(_filters()) // 2, "most of these filters are answered by the tallies"
