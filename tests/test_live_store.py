"""One store, served and written at once: the gate's turns, the server's windows, concurrent ingests."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from bilateral.api.state import Settings, StoreHandle
from bilateral.errors import StoreError
from bilateral.store import connect
from bilateral.store.gate import Gate

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "live.duckdb"
    connect(path).close()
    return path


def _add_run(con: duckdb.DuckDBPyConnection, command: str) -> None:
    con.execute("INSERT INTO runs (started_at, status, command, inputs, coder_version, lexicons) "
                "VALUES (current_timestamp, 'finished', ?, [], 'test', '{}')", [command])


def _runs(cursor) -> list[str]:
    return [row[0] for row in cursor.execute("SELECT command FROM runs ORDER BY id").fetchall()]


# --- the gate --------------------------------------------------------------------------------------

def test_a_writer_waits_for_the_reader_and_the_reader_sees_it_waiting(store):
    gate = Gate(store, wait=10)
    con, handle = gate.open_reader()
    assert not gate.writer_waiting()
    wrote = threading.Event()

    def write():
        with gate.writing() as rw:
            _add_run(rw, "first")
        wrote.set()

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + 5
    while not gate.writer_waiting():
        assert time.monotonic() < deadline, "the writer never took the queue"
        time.sleep(0.01)
    assert not wrote.wait(0.3), "the writer must not open the file while a reader holds it"
    Gate.close_reader(con, handle)
    writer.join(10)
    assert wrote.is_set()
    con, handle = gate.open_reader()
    assert _runs(con) == ["first"]
    Gate.close_reader(con, handle)


def test_a_writer_that_waits_in_vain_says_who_holds_the_store(store):
    code = textwrap.dedent("""
        import fcntl, os, sys, time
        handle = os.open(sys.argv[1] + ".lock", os.O_RDWR | os.O_CREAT)
        fcntl.flock(handle, fcntl.LOCK_SH)
        print("ready", flush=True)
        time.sleep(60)
    """)
    holder = subprocess.Popen([sys.executable, "-c", code, str(store), "serve", "--db", str(store)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as refused:
            with Gate(store, wait=0.5).writing():
                pass
        text = str(refused.value)
        assert f"PID {holder.pid}" in text and "dashboard server" in text and "waited 0.5 s" in text, text
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_retries_while_a_process_outside_the_gate_holds_duckdbs_lock(store):
    code = "import sys, time, duckdb\ncon = duckdb.connect(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(1.0)\n"
    holder = subprocess.Popen([sys.executable, "-c", code, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with Gate(store, wait=20).writing() as con:  # the holder exits after a second: the writer gets in
            _add_run(con, "after")
    finally:
        holder.wait()
    with duckdb.connect(str(store), read_only=True) as con:
        assert _runs(con) == ["after"]


# --- the server's windows --------------------------------------------------------------------------

def test_the_server_lets_a_writer_in_between_requests_and_shows_what_it_wrote(store):
    handle = StoreHandle(Settings(db_path=str(store)))
    try:
        busy = handle.cursor()  # a request in flight
        calls = []
        assert handle.memo("runs", lambda: calls.append(1) or _runs(busy)) == []
        done = threading.Event()

        def write():
            with Gate(store, wait=10).writing() as con:
                _add_run(con, "live")
            done.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert not done.wait(0.5), "the request in flight keeps its window"
        handle.release(busy)  # the last request out lets the writer in
        writer.join(10)
        assert done.is_set()
        cursor = handle.cursor()
        try:
            assert _runs(cursor) == ["live"]
            assert handle.memo("runs", lambda: calls.append(1) or _runs(cursor)) == ["live"]
            assert len(calls) == 2, "a memo of the store before the write is not served after it"
        finally:
            handle.release(cursor)
    finally:
        handle.close()


def test_requests_asking_for_an_answer_being_computed_wait_for_it_rather_than_compute_it_again(store):
    handle = StoreHandle(Settings(db_path=str(store)), watch=False)
    try:
        started, release, calls, answers = threading.Event(), threading.Event(), [], []

        def slow() -> str:
            calls.append(1)
            started.set()
            assert release.wait(10)
            return "ranking"

        first = threading.Thread(target=lambda: answers.append(handle.memo("dyads", slow)))
        first.start()
        assert started.wait(10)
        others = [threading.Thread(target=lambda: answers.append(handle.memo("dyads", slow))) for _ in range(5)]
        for thread in others:
            thread.start()
        time.sleep(0.2)
        assert answers == [], "the others wait for the first computation"
        release.set()
        for thread in [first, *others]:
            thread.join(10)
        assert answers == ["ranking"] * 6 and len(calls) == 1
    finally:
        handle.close()


def test_when_the_computation_fails_a_waiting_request_computes_the_answer_itself(store):
    handle = StoreHandle(Settings(db_path=str(store)), watch=False)
    try:
        started, release, answers = threading.Event(), threading.Event(), []

        def failing() -> str:
            started.set()
            assert release.wait(10)
            raise RuntimeError("interrupted")

        def run_failing() -> None:
            with pytest.raises(RuntimeError):
                handle.memo("dyads", failing)

        first = threading.Thread(target=run_failing)
        first.start()
        assert started.wait(10)
        second = threading.Thread(target=lambda: answers.append(handle.memo("dyads", lambda: "ranking")))
        second.start()
        time.sleep(0.2)
        release.set()
        first.join(10)
        second.join(10)
        assert answers == ["ranking"]
        assert handle.memo("dyads", lambda: "not computed again") == "ranking"
    finally:
        handle.close()


# --- processes: serve, ingest, ingest ----------------------------------------------------------------

def _corpus(path: Path, texts: list[str], prefix: str) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": f"{prefix}-{i}", "text": text, "date": "2025-10-14", "lang": "fr"},
                                 ensure_ascii=False) + "\n")
    return path


FIRST = ["La Russie a livré des blindés au Mali.", "Le Niger a rappelé son ambassadeur en France."]
SECOND = ["Le Sénégal a signé un accord de pêche avec la Mauritanie.",
          "Le Tchad a expulsé l'ambassadeur de France.",
          "L'Algérie a condamné la décision du Mali."]


def _ingest(*args: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "bilateral"), "ingest", *args, "--workers", "1", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.slow
def test_serve_keeps_answering_while_another_process_ingests_and_shows_the_new_articles(tmp_path):
    db = str(tmp_path / "served.duckdb")
    first = _ingest(str(_corpus(tmp_path / "first.jsonl", FIRST, "a")), "--db", db)
    assert first.wait(300) == 0, first.stderr.read()
    port = _free_port()
    server = subprocess.Popen([str(BIN / "bilateral"), "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                before = _get(base + "/api/corpus")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert before["articles"] == 2
        second = _ingest(str(_corpus(tmp_path / "second.jsonl", SECOND, "b")), "--db", db)
        answered = 0
        while second.poll() is None:  # the server answers all along
            assert _get(base + "/api/health")
            answered += 1
            time.sleep(0.1)
        assert second.returncode == 0, second.stderr.read()
        assert answered > 5
        after = _get(base + "/api/corpus")
        assert after["articles"] == 5 and after["runs"] == 2 and after["events"] > before["events"]
        events = _get(base + "/api/events?dyad=SEN,MRT")["items"]
        assert events, "the events of the second ingest are listed"
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(30)


def _rows(db: str) -> dict:
    """What a run decides, without run ids and timestamps."""
    with duckdb.connect(db, read_only=True) as con:
        return {
            "articles": con.execute("SELECT id, doc_id, cluster, text FROM articles ORDER BY id").fetchall(),
            "mentions": con.execute("SELECT * EXCLUDE (run_id) FROM mentions ORDER BY id").fetchall(),
            "actors": con.execute("SELECT * FROM mention_actors ORDER BY ALL").fetchall(),
            "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
        }


@pytest.mark.slow
def test_two_concurrent_ingests_end_with_the_rows_of_one_clean_run(tmp_path):
    corpus = str(_corpus(tmp_path / "all.jsonl", FIRST + SECOND, "c"))
    clean = str(tmp_path / "clean.duckdb")
    run = _ingest(corpus, "--db", clean, "--batch-size", "1")
    assert run.wait(300) == 0, run.stderr.read()
    shared = str(tmp_path / "shared.duckdb")
    both = [_ingest(corpus, "--db", shared, "--batch-size", "1") for _ in range(2)]
    for proc in both:
        assert proc.wait(300) == 0, proc.stderr.read()
    assert _rows(shared) == _rows(clean)
    with duckdb.connect(shared, read_only=True) as con:
        runs = con.execute("SELECT status, articles_added FROM runs ORDER BY id").fetchall()
    assert [status for status, _ in runs] == ["finished", "finished"]
    assert sum(added for _, added in runs) == len(FIRST + SECOND)
