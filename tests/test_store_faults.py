"""Store and export faults: every one is a single `bilateral: [E5xx/E8xx] …` line and exit 4, with
its cause — a full disk, a read-only folder, a damaged, foreign, SQLite, remote or locked store —
and no export leaves a temporary file behind."""
from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from bilateral.cli import EXIT_SETUP, EXIT_USAGE, main
from bilateral.errors import ExportWriteError, StoreError
from bilateral.export import export_store
from bilateral.export._output import atomic_path, temporary_name
from bilateral.store import connect
from bilateral.store.consolidate import consolidate
from bilateral.store.schema import lock_hint

DEV_FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not (DEV_FULL.exists() and stat.S_ISCHR(DEV_FULL.stat().st_mode)),
                                    reason="no /dev/full device here")


# the columns of a report as first stored; later ones (its location) stay empty here
MENTION_COLUMNS = ("id, article_id, event_id, date, date_source, event, mode, context, actor_codes, recipient_codes, "
                   "cameo, quad_code, goldstein, plover_score, sentence, start, \"end\", trigger, sentence_text, "
                   "language, confidence, coder, lexicon, run_id")


def _fill(con, events: int = 300) -> None:
    """``events`` reports of distinct events (enough rows for the file to span several blocks)."""
    con.execute("INSERT INTO runs (started_at, finished_at, status, command, inputs, coder_version, lexicons) "
                "VALUES (current_timestamp, current_timestamp, 'finished', 'test', [], 'test', '{}')")
    con.execute(f"INSERT INTO articles (id, doc_id, url, title, outlet, published, language, text, text_hash, words, "
                f"run_id) SELECT 'A-' || i, 'd' || i, 'https://example.org/' || i, 'Title ' || i, 'outlet', "
                f"DATE '2025-01-01' + i::INTEGER, 'fr', repeat('Le Mali a livré des armes au Niger. ', 50), "
                f"'h' || i, 400, 1 FROM range({events}) t(i)")
    con.execute(f"INSERT INTO mentions ({MENTION_COLUMNS}) SELECT 'M-' || i, 'A-' || i, NULL, DATE '2025-01-01' + i::INTEGER, 'document', "
                f"'AID', '', [], ['MLI'], ['NER'], '072', 2, 7.4, 5.0, 0, 10, 15, 'livré', "
                f"'Le Mali a livré des armes au Niger ' || i, 'fr', 0.9, 'test', 'test', 1 FROM range({events}) t(i)")
    con.execute(f"INSERT INTO mention_actors SELECT 'M-' || i, r.role, 0, r.code, 'GOV', r.code, r.code, r.s, r.e, "
                f"'country' FROM range({events}) t(i), (VALUES ('actor', 'MLI', 3, 7), "
                f"('recipient', 'NER', 29, 34)) r(role, code, s, e)")
    consolidate(con)


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("faults") / "good.duckdb"
    con = connect(path)
    try:
        _fill(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


@pytest.fixture
def store(good_store, tmp_path) -> Path:
    """A copy of the good store this test may damage."""
    return Path(shutil.copy(good_store, tmp_path / "store.duckdb"))


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line_fault(result, code_prefix: str, *words: str) -> str:
    """Exit 4, no traceback, one line on stderr starting ``bilateral: [E5…]`` naming the cause."""
    assert result.exit_code == EXIT_SETUP, (result.exit_code, result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"bilateral: [{code_prefix}"), lines[0]
    assert "Traceback" not in result.output
    for word in words:
        assert word.lower() in lines[0].lower(), (word, lines[0])
    return lines[0]


# --- a full disk ---------------------------------------------------------------------------------

@needs_dev_full
@pytest.mark.parametrize("fmt", ["plover", "gdelt", "csv", "parquet"])
def test_export_to_a_full_disk_names_it(good_store, fmt):
    result = run("export", "--db", str(good_store), "--format", fmt, "-o", str(DEV_FULL))
    assert_one_line_fault(result, "E8", "no space left on device")
    assert stat.S_ISCHR(DEV_FULL.stat().st_mode)  # written in place: a device is never replaced by a rename


@needs_dev_full
def test_a_full_disk_during_ingest_is_one_line(tmp_path, monkeypatch):
    # DuckDB's own error for a write on a full disk, as a COPY to /dev/full raises it
    with pytest.raises(duckdb.Error) as raised:
        duckdb.connect().execute(f"COPY (SELECT range AS i FROM range(100000)) TO '{DEV_FULL}' (FORMAT csv)")
    assert "no space left on device" in str(raised.value).lower()

    def full_disk(inputs, **_options):
        raise raised.value

    monkeypatch.setattr("bilateral.ingest.run.ingest", full_disk)
    result = run("ingest", "news.jsonl", "--db", str(tmp_path / "s.duckdb"), "--quiet")
    assert_one_line_fault(result, "E5", "no space left on device", "s.duckdb")


# --- a read-only folder --------------------------------------------------------------------------

def _read_only_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if not os.access(folder, os.W_OK):
        return folder
    # root writes anywhere on disk; sysfs still refuses it new files
    probe = Path("/sys/kernel")
    try:
        (probe / ".bilateral-probe").touch()
    except OSError:
        return probe
    (probe / ".bilateral-probe").unlink()
    pytest.skip("no folder here refuses this user's writes")


@pytest.mark.parametrize("fmt", ["plover", "parquet"])
def test_export_to_a_read_only_folder(good_store, tmp_path, fmt):
    folder = _read_only_folder(tmp_path)
    result = run("export", "--db", str(good_store), "--format", fmt, "-o", str(folder / f"events.{fmt}"))
    line = assert_one_line_fault(result, "E8", f"events.{fmt}")
    assert "permission denied" in line.lower() or "eacces" in line.lower()
    assert not list(folder.glob("*events*"))


# --- damaged, foreign and unusable files ---------------------------------------------------------

def test_a_truncated_store_is_named_as_such(store):
    with open(store, "r+b") as handle:
        handle.truncate(store.stat().st_size // 2)
    for args in (["events"], ["actors"], ["dyad", "MLI", "NER"], ["export"]):
        assert_one_line_fault(run(*args, "--db", str(store)), "E5", "truncated", store.name)
    with pytest.raises(StoreError, match="truncated"):
        connect(store)


def _scribble(path: Path) -> None:
    """Garbage over every block after the first (the catalogue survives, the data does not)."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(3 * 4096 + 262144)
        handle.write(os.urandom(size - handle.tell()))


def test_a_store_with_garbage_in_it_is_named_damaged(store):
    _scribble(store)
    for args in (["events"], ["export", "--format", "gdelt"], ["export", "--format", "parquet", "-o",
                                                               str(store.parent / "out.parquet")]):
        assert_one_line_fault(run(*args, "--db", str(store)), "E5", "damaged")
    assert not [p for p in store.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("content", [os.urandom(300_000), b"notes, not a database\n" * 100])
def test_a_file_that_is_no_database(tmp_path, content):
    path = tmp_path / "x.duckdb"
    path.write_bytes(content)
    assert_one_line_fault(run("events", "--db", str(path)), "E5", "x.duckdb")
    with pytest.raises(StoreError, match="x.duckdb"):
        connect(path)


def test_a_sqlite_file_is_named_and_never_opened(tmp_path):
    import sqlite3

    path = tmp_path / "notes.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (x)")
    before = path.read_bytes()
    for read_only in (True, False):
        with pytest.raises(StoreError, match="is a SQLite database, not a bilateral store"):
            connect(path, read_only=read_only)
    assert path.read_bytes() == before
    assert_one_line_fault(run("actors", "--db", str(path)), "E5", "SQLite")


@pytest.mark.parametrize("path", ["http://example.org/s.duckdb", "https://example.org/s.duckdb",
                                  "s3://bucket/s.duckdb", "gcs://bucket/s.duckdb", "md:my_db", "motherduck:my_db",
                                  "MD:my_db"])
@pytest.mark.parametrize("read_only", [True, False])
def test_remote_and_service_paths_are_refused_before_duckdb(path, read_only, monkeypatch):
    def no_duckdb(*args, **kwargs):
        raise AssertionError("DuckDB was asked to open " + path)

    monkeypatch.setattr(duckdb, "connect", no_duckdb)
    with pytest.raises(StoreError, match="is not a file on this machine"):
        connect(path, read_only=read_only)


def test_connections_never_install_or_load_extensions(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                "('autoinstall_known_extensions', 'autoload_known_extensions')").fetchall())
    con.close()
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


# --- someone else's DuckDB file --------------------------------------------------------------------

@pytest.fixture
def foreign(tmp_path) -> Path:
    path = tmp_path / "sales.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE sales (region VARCHAR, total INTEGER)")
        con.execute("INSERT INTO sales VALUES ('north', 3)")
    return path


def _tables(path: Path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def test_a_foreign_duckdb_file_is_not_migrated_without_init(foreign):
    with pytest.raises(StoreError) as refused:
        connect(foreign)
    assert "sales.duckdb" in str(refused.value) and "not a bilateral store" in str(refused.value)
    assert "--init" in str(refused.value)
    assert _tables(foreign) == {"sales"}  # untouched
    connect(foreign, init=True).close()
    assert {"sales", "schema_migrations", "events", "articles"} <= _tables(foreign)
    connect(foreign).close()  # a store now: no --init needed any more
    with duckdb.connect(str(foreign), read_only=True) as con:
        assert con.execute("SELECT * FROM sales").fetchall() == [("north", 3)]


def test_an_empty_duckdb_file_needs_no_init(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    connect(path).close()
    assert "schema_migrations" in _tables(path)


def test_ingest_refuses_a_foreign_file_in_one_line(foreign):
    result = run("ingest", "news.jsonl", "--db", str(foreign), "--quiet")
    assert_one_line_fault(result, "E5", "sales.duckdb", "--init")
    assert _tables(foreign) == {"sales"}


def test_ingest_init_makes_a_foreign_file_a_store(foreign, tmp_path):
    # The real ingest: its only input is missing, so nothing is coded, but the store is opened.
    result = run("ingest", str(tmp_path / "missing.txt"), "--db", str(foreign), "--init", "--quiet")
    assert result.exit_code == 3, result.output  # nothing could be coded: the input is missing
    assert "missing.txt" in result.output
    assert {"sales", "schema_migrations", "runs"} <= _tables(foreign)
    with duckdb.connect(str(foreign), read_only=True) as con:
        assert con.execute("SELECT * FROM sales").fetchall() == [("north", 3)]
        assert con.execute("SELECT status FROM runs").fetchall() == [("finished",)]


# --- locks: who holds the store, and what to do ------------------------------------------------------

def _hold(path: Path, *argv: str) -> subprocess.Popen:
    """A process holding ``path`` open for writing, with ``argv`` on its command line."""
    code = textwrap.dedent("""
        import sys, time, duckdb
        con = duckdb.connect(sys.argv[1])
        print("ready", flush=True)
        time.sleep(60)
    """)
    holder = subprocess.Popen([sys.executable, "-c", code, str(path), *argv], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready"
    return holder


@pytest.mark.parametrize(("argv", "words"), [
    (("serve", "--db", "x"), ("dashboard server", "stop it", "kill")),
    (("ingest", "news.jsonl"), ("filling the store", "wait for it to finish")),
    ((), ("has it open",)),
])
def test_a_locked_store_says_who_holds_it_and_what_to_do(store, argv, words):
    holder = _hold(store, *argv)
    try:
        with pytest.raises(StoreError) as refused:
            connect(store)
        text = str(refused.value)
        assert "in use by another process" in text and f"PID {holder.pid}" in text
        for word in words:
            assert word in text, text
        assert_one_line_fault(run("events", "--db", str(store)), "E5", f"PID {holder.pid}")
    finally:
        holder.kill()
        holder.wait()


def test_lock_hint_without_a_live_process():
    assert "wait for it to finish" in lock_hint("Could not set lock on file: no PID given")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert f"process {gone.pid}" in lock_hint(f'Conflicting lock is held in python (PID {gone.pid}).')


# --- export temporaries ------------------------------------------------------------------------------

def test_an_interrupted_export_leaves_no_temporary(good_store, tmp_path, monkeypatch):
    from bilateral.store import exports

    rows = exports.table_rows

    def interrupted(con, flt=None, **_options):
        yield from list(rows(con, flt))[:3]
        raise KeyboardInterrupt

    monkeypatch.setattr(exports, "table_rows", interrupted)
    target = tmp_path / "events.csv"
    con = connect(good_store, read_only=True)
    try:
        with pytest.raises(KeyboardInterrupt):
            export_store(con, "csv", target)
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


def test_a_terminated_export_leaves_no_temporary(tmp_path):
    target = tmp_path / "events.jsonl"
    code = textwrap.dedent("""
        import os, signal, sys
        from bilateral.export._output import text_output
        with text_output(sys.argv[1]) as handle:
            handle.write("half an export\\n")
            os.kill(os.getpid(), signal.SIGTERM)
            handle.write("never written\\n")
    """)
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_stale_temporaries_of_dead_processes_are_removed(good_store, tmp_path):
    target = tmp_path / "events.jsonl"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stale = temporary_name(target, gone.pid)
    alive = temporary_name(target, 1)  # PID 1 always runs: its export may still be under way
    other = temporary_name(tmp_path / "other.jsonl", gone.pid)
    for path in (stale, alive, other):
        path.write_text("left behind\n")
    result = run("export", "--db", str(good_store), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.exists() and not stale.exists()
    assert alive.exists() and other.exists()  # another process's, another target's


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "events.jsonl"
    target.write_text("the last good export\n")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half\n")
        raise RuntimeError("stopped")
    assert target.read_text() == "the last good export\n"
    assert list(tmp_path.iterdir()) == [target]


def test_export_usage_errors_stay_usage_errors(good_store, tmp_path):
    refused = run("export", "--db", str(good_store), "--format", "parquet")
    assert refused.exit_code == EXIT_USAGE and "cannot go to stdout" in refused.stderr
    missing = run("export", "--db", str(good_store), "-o", str(tmp_path / "no" / "such" / "events.jsonl"))
    assert missing.exit_code == EXIT_USAGE and "does not exist" in missing.stderr


def test_export_write_error_is_an_export_error():
    from bilateral.errors import ExportError

    assert issubclass(ExportWriteError, ExportError) and ExportWriteError.code.startswith("E8")


def test_a_store_fault_is_one_line_even_when_duckdb_says_more(store):
    _scribble(store)
    result = run("dyad", "MLI", "NER", "--db", str(store))
    line = assert_one_line_fault(result, "E5", store.name)
    assert "\n" not in line
