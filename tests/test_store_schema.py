"""The store's schema: versioned migrations, clear errors, one transaction per batch."""
from __future__ import annotations

from datetime import date

import duckdb
import pyarrow as pa
import pytest

from bilateral.errors import StoreError
from bilateral.model import Article
from bilateral.store import SCHEMA_VERSION, connect, rows, writer
from bilateral.store.schema import migrations


def test_store_schema_fresh_file_gets_every_migration(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    applied = con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [v for (v,) in applied] == [number for number, _, _ in migrations()]
    tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "mentions", "mention_actors", "events", "event_actors", "runs"} <= tables
    con.close()
    again = connect(tmp_path / "s.duckdb")  # nothing applied twice
    assert again.execute("SELECT count(*) FROM schema_migrations").fetchall()[0][0] == len(migrations())


def test_store_schema_read_only_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        connect(tmp_path / "missing.duckdb", read_only=True)
    plain = tmp_path / "plain.duckdb"
    duckdb.connect(str(plain)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(StoreError, match="not a bilateral store"):
        connect(plain, read_only=True)


def test_store_schema_newer_store_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    connect(path).execute("INSERT INTO schema_migrations VALUES (?, 'future', current_timestamp)",
                          [SCHEMA_VERSION + 1]).close()
    with pytest.raises(StoreError, match="newer than this bilateral"):
        connect(path)
    with pytest.raises(StoreError, match="upgrade bilateral"):
        connect(path, read_only=True)


def test_store_schema_not_a_database_file(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.duckdb"):
        connect(path)


def test_store_write_batch_is_all_or_nothing(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    article = Article(id="A-1", text="Le Mali et la Russie.", date=date(2025, 1, 2), lang="fr")
    good = rows.tables([rows.article_row(article, doc_id="d1", language="fr", minhash=None, run_id=1)], [], 1)
    broken_mentions = pa.Table.from_pylist([{"id": "m1"}], schema=rows.MENTIONS)  # NOT NULL columns missing
    with pytest.raises(duckdb.Error):
        writer.write_batch(con, good[0], broken_mentions, good[2])
    assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 0
    assert writer.write_batch(con, *good) == 1
    assert writer.write_batch(con, *good) == 0  # the same batch again adds nothing
    assert writer.known_articles(con, ["A-1", "A-2"]) == {"A-1"}


def test_store_article_key_ignores_spacing_but_not_url():
    text = "La Russie a livré des blindés au Mali."
    assert rows.article_key(text, "u") == rows.article_key("  La Russie a livré\n des blindés au Mali. ", "u")
    assert rows.article_key(text, "u") != rows.article_key(text, "v")
    assert rows.article_key(text) != rows.article_key(text + " Encore.")
