"""``bilateral ingest`` on Dask: idempotent, crash-safe, the same on a remote cluster, Parquet out."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bilateral.ingest.run import ingest
from bilateral.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
EXAMPLE_COUNT = sum(1 for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip())
BIN = Path(sys.executable).parent
TODAY = date(2025, 10, 15)
pytestmark = pytest.mark.slow


def generated(path: Path, count: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import articles
    finally:
        sys.path.pop(0)
    with path.open("w", encoding="utf-8") as out:
        for record in articles(count, seed=11):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def snapshot(db: Path) -> dict:
    """Everything a run decides, without run ids and timestamps."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute("SELECT id, doc_id, cluster, language FROM articles ORDER BY id").fetchall(),
            "mentions": con.execute("SELECT id, article_id, event_id, event, actor_codes, recipient_codes, start "
                                    "FROM mentions ORDER BY id").fetchall(),
            "actors": con.execute("SELECT * FROM mention_actors ORDER BY ALL").fetchall(),
            "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
        }
    finally:
        con.close()


def test_ingest_examples_then_again_adds_nothing(tmp_path):
    db = tmp_path / "store.duckdb"
    first = ingest([str(EXAMPLES)], db=db, workers=1, today=TODAY)
    assert (first.read, first.added, first.known) == (EXAMPLE_COUNT, EXAMPLE_COUNT, 0)
    assert first.mentions > 30 and first.events > 20
    before = snapshot(db)
    second = ingest([str(EXAMPLES)], db=db, workers=1, today=TODAY)
    assert (second.read, second.added, second.known, second.mentions) == (EXAMPLE_COUNT, 0, EXAMPLE_COUNT, 0)
    assert snapshot(db) == before
    with Store(db) as store:
        runs = store.sql("SELECT status, articles_added, scheduler FROM runs ORDER BY id")
        assert runs.values.tolist() == [["finished", EXAMPLE_COUNT, "local"], ["finished", 0, "local"]]
        mali_russia = store.events(dyad=("MLI", "RUS"))
        assert {"AID", "SUPPORT", "COOPERATE"} <= set(mali_russia.event)
        assert store.events(dyad=("MLI", "RUS")).pl().height == len(mali_russia)


def test_ingest_bad_inputs_are_reported_and_the_run_goes_on(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "ok", "text": "La Russie a livré des blindés au Mali.", "date": "2025-10-14",
                                "lang": "fr"}, ensure_ascii=False) + "\n{broken\n"
                    + json.dumps({"id": "de", "text": "Russland hat Panzer nach Mali geliefert.", "lang": "de"}) + "\n",
                    encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    problems = []
    summary = ingest([str(good), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")],
                     db=tmp_path / "s.duckdb", workers=1, today=TODAY, on_problem=problems.append)
    messages = "\n".join(str(p) for p in problems)
    assert "good.jsonl:2" in messages and "not valid JSON" in messages
    assert "'de' is not supported" in messages
    assert "empty.txt" in messages and "missing.txt" in messages
    assert summary.added == 1 and summary.problems == 4
    with Store(tmp_path / "s.duckdb") as store:
        assert store.events().event.tolist() == ["AID"]


def _progress_lines(proc: subprocess.Popen):
    for line in proc.stderr:
        yield line


def test_ingest_killed_mid_run_then_rerun_equals_a_clean_run(tmp_path):
    corpus = generated(tmp_path / "corpus.jsonl", 160)
    command = [str(BIN / "bilateral"), "ingest", str(corpus), "--workers", "1", "--batch-size", "4"]
    clean = tmp_path / "clean.duckdb"
    subprocess.run(command + ["--db", str(clean), "-q"], check=True, capture_output=True)
    crashed = tmp_path / "crashed.duckdb"
    proc = subprocess.Popen(command + ["--db", str(crashed)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, start_new_session=True)
    seen = ""
    try:
        for line in _progress_lines(proc):
            seen += line
            if "articles/s" in line and not line.startswith("bilateral: ingest 0"):
                break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its Dask workers, with no chance to clean up
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, seen
    con = duckdb.connect(str(crashed))
    stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    status = con.execute("SELECT status FROM runs").fetchall()
    con.close()
    assert 0 < stored < 160, "the kill must land mid-run"
    assert status == [("running",)]
    subprocess.run(command + ["--db", str(crashed), "-q"], check=True, capture_output=True)
    assert snapshot(crashed) == snapshot(clean)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ingest_on_a_real_dask_scheduler_equals_the_local_run(tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    worker = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--nworkers", "1",
                               "--host", "127.0.0.1", "--no-dashboard"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env)
    try:
        remote = tmp_path / "remote.duckdb"
        summary = ingest([str(EXAMPLES)], db=remote, scheduler=address, today=TODAY)
        assert summary.scheduler == address and summary.added == EXAMPLE_COUNT
        local = tmp_path / "local.duckdb"
        ingest([str(EXAMPLES)], db=local, workers=1, today=TODAY)
        assert snapshot(remote) == snapshot(local)
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
        for proc in (worker, scheduler):
            proc.wait(timeout=30)


def test_ingest_without_a_scheduler_there_fails_clearly(tmp_path):
    from bilateral.ingest.run import IngestError

    with pytest.raises(IngestError, match="cannot reach the Dask scheduler"):
        ingest([str(EXAMPLES)], db=tmp_path / "s.duckdb", scheduler=f"tcp://127.0.0.1:{_free_port()}", today=TODAY)
    with Store(tmp_path / "s.duckdb") as store:  # the failed run is on record, nothing else
        assert store.sql("SELECT status FROM runs").status.tolist() == ["failed"]
        assert store.corpus()["articles"] == 0


def test_ingest_parquet_parts_read_back_with_duckdb(tmp_path):
    parts = tmp_path / "parquet"
    db = tmp_path / "s.duckdb"
    ingest([str(EXAMPLES)], db=db, workers=1, parquet=parts, batch_size=3, today=TODAY)
    con = duckdb.connect()
    glob = str(parts / "mentions" / "**" / "*.parquet")
    rows = con.execute(f"SELECT id, article_id, event, lang FROM read_parquet('{glob}', hive_partitioning = true) "
                       "ORDER BY id").fetchall()
    stored = duckdb.connect(str(db), read_only=True)
    expected = stored.execute("SELECT m.id, m.article_id, m.event, a.language FROM mentions m "
                              "JOIN articles a ON a.id = m.article_id ORDER BY m.id").fetchall()
    stored.close()
    assert rows == expected and len(rows) > 30
    articles = con.execute(f"SELECT count(*) FROM read_parquet('{parts}/articles/**/*.parquet')").fetchall()[0][0]
    assert articles == EXAMPLE_COUNT
