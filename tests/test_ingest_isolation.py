"""One bad document never ends a run, and a run that fails never strands what it stored.

In process (``code_batch``, ``load_articles``) a stage is broken by monkeypatching; on Dask, where
a monkeypatch cannot reach the worker processes, a worker plugin breaks the task on the workers.
"""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import duckdb
import pytest
from distributed import WorkerPlugin

import bilateral.coder as coder_module
import bilateral.ingest.run as run_module
from bilateral.ingest import Problem
from bilateral.ingest.run import ingest
from bilateral.model import Article
from bilateral.store import connect
from bilateral.store.load import code_batch, keyed, load_articles

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
EXAMPLE_COUNT = sum(1 for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip())
DAY = date(2025, 10, 14)
TODAY = date(2025, 10, 15)
MARKER = "POISON"
TEXTS = [
    "La Russie a livré des blindés au Mali.",
    "Le Niger a rappelé son ambassadeur en France.",
    "L'Algérie a condamné la décision du Mali.",
    f"La Russie a livré des hélicoptères au Burkina Faso. {MARKER}",
    "Le Sénégal a signé un accord de pêche avec la Mauritanie.",
    "Le Tchad a expulsé l'ambassadeur de France.",
]


def write_corpus(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(TEXTS):
            out.write(json.dumps({"id": f"doc-{i}", "text": text, "date": DAY.isoformat(), "lang": "fr"},
                                 ensure_ascii=False) + "\n")
    return path


def stored(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchall()[0][0]  # noqa: E731
        return {
            "texts": sorted(row[0] for row in con.execute("SELECT text FROM articles").fetchall()),
            "mentions": one("SELECT count(*) FROM mentions"),
            "events": one("SELECT count(*) FROM events"),
            "stranded": one("SELECT count(*) FROM mentions m WHERE event_id IS NULL "
                            "OR event_id NOT IN (SELECT id FROM events)")
                        + one("SELECT count(*) FROM articles WHERE cluster IS NULL"),
            "runs": con.execute("SELECT status, articles_added FROM runs ORDER BY id").fetchall(),
        }
    finally:
        con.close()


def fragile_events_of(monkeypatch) -> None:
    real = coder_module.events_of

    def events_of(doc, article, ctx, **kwargs):
        if MARKER in doc.text:
            raise RuntimeError("broken by the test")
        return real(doc, article, ctx, **kwargs)

    monkeypatch.setattr(coder_module, "events_of", events_of)


def articles() -> list[Article]:
    return [Article(id=f"doc-{i}", text=text, date=DAY, lang="fr", source=f"corpus.jsonl:{i + 1}")
            for i, text in enumerate(TEXTS)]


# --- in this process -----------------------------------------------------------------------------

def test_code_batch_reports_a_bad_document_and_codes_the_rest(coder, monkeypatch):
    fragile_events_of(monkeypatch)
    batch = [keyed(article) for article in articles()]
    (table, mentions, _), problems = code_batch(coder, batch, run_id=1)
    assert [p.item for p in problems] == ["corpus.jsonl:4"]
    assert "extraction failed (RuntimeError" in problems[0].message
    assert sorted(table.column("doc_id").to_pylist()) == ["doc-0", "doc-1", "doc-2", "doc-4", "doc-5"]
    coded = set(mentions.column("article_id").to_pylist())
    assert coded and coded <= set(table.column("id").to_pylist())


def test_load_articles_stores_the_good_and_reports_the_bad(coder, monkeypatch, tmp_path):
    fragile_events_of(monkeypatch)
    problems: list[Problem] = []
    con = connect(tmp_path / "s.duckdb")
    result = load_articles(con, [*articles(), Problem("feed.xml", "not valid XML")], coder=coder,
                           batch_size=4, on_problem=problems.append)
    con.close()
    assert sorted(p.item for p in problems) == ["corpus.jsonl:4", "feed.xml"]
    after = stored(tmp_path / "s.duckdb")
    assert after["texts"] == sorted(t for t in TEXTS if MARKER not in t)
    assert after["runs"] == [("finished", 5)]
    assert after["stranded"] == 0 and result.events == after["events"] > 0


def test_load_articles_that_fails_still_consolidates_what_it_stored(coder, tmp_path):
    def then_crash():
        yield from articles()[:4]
        raise OSError("the disk went away")

    con = connect(tmp_path / "s.duckdb")
    with pytest.raises(OSError, match="the disk went away"):
        load_articles(con, then_crash(), coder=coder, batch_size=2)
    con.close()
    after = stored(tmp_path / "s.duckdb")
    assert after["runs"] == [("failed", 4)]
    assert len(after["texts"]) == 4 and after["events"] > 0 and after["stranded"] == 0


def test_a_store_whose_events_are_missing_is_consolidated_again(coder, tmp_path):
    from bilateral.store.consolidate import needed, refresh

    con = connect(tmp_path / "s.duckdb")
    try:
        load_articles(con, articles()[:3], coder=coder)
        events = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
        assert events > 0 and not needed(con)
        con.execute("DELETE FROM events")  # as a rebuild cut short would leave it
        assert needed(con)
        assert refresh(con).events == events and not needed(con)
    finally:
        con.close()


# --- on Dask -------------------------------------------------------------------------------------

class Sabotage(WorkerPlugin):
    """Breaks, on the workers, any coding task whose batch holds the marker: by raising outside the
    coder's guard, or by killing the worker process outright."""

    def __init__(self, how: str):
        self.how = how

    def setup(self, worker) -> None:
        import bilateral.store.load as load

        real = load.code_batch
        how = self.how

        def code_batch(coder, batch, run_id):
            if any(MARKER in article.text for article, _ in batch):
                if how == "kill":
                    os._exit(3)
                raise MemoryError("the whole task failed")
            return real(coder, batch, run_id)

        load.code_batch = code_batch


def sabotaged_cluster(monkeypatch, how: str) -> None:
    real = run_module._client

    def client(workers, scheduler):
        made = real(workers, scheduler)
        made[0].register_plugin(Sabotage(how), name="sabotage")
        return made

    monkeypatch.setattr(run_module, "_client", client)


@pytest.mark.slow
@pytest.mark.parametrize("how, error", [("raise", "MemoryError"), ("kill", "KilledWorker")])
def test_ingest_isolates_a_document_whose_task_fails_and_stores_the_rest(tmp_path, monkeypatch, how, error):
    sabotaged_cluster(monkeypatch, how)
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    db = tmp_path / "s.duckdb"
    problems: list[Problem] = []
    summary = ingest([str(corpus)], db=db, workers=1, batch_size=4, today=TODAY, on_problem=problems.append)
    assert [p.item for p in problems] == [f"{corpus}:4"], problems
    assert f"Dask task failed alone ({error}" in problems[0].message
    assert (summary.read, summary.added, summary.problems) == (6, 5, 1)
    after = stored(db)
    assert after["texts"] == sorted(t for t in TEXTS if MARKER not in t)
    assert after["runs"] == [("finished", 5)] and after["stranded"] == 0 and after["events"] >= 4
    if how == "raise":  # a re-run codes the bad document again, reports it again, and ends
        problems.clear()
        again = ingest([str(corpus)], db=db, workers=1, batch_size=4, today=TODAY, on_problem=problems.append)
        assert [p.item for p in problems] == [f"{corpus}:4"] and (again.added, again.known) == (0, 5)
        assert stored(db)["runs"][-1] == ("finished", 0)


@pytest.mark.slow
def test_ingest_crash_while_reading_keeps_and_consolidates_what_was_read(tmp_path, monkeypatch):
    real_read = run_module.read_inputs

    def reads_then_crashes(*args, **kwargs):
        yield from real_read(*args, **kwargs)
        raise RecursionError("maximum recursion depth exceeded")  # as a deeply nested JSON file does

    def cannot_count(inputs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(run_module, "read_inputs", reads_then_crashes)
    monkeypatch.setattr(run_module, "estimate_total", cannot_count)
    totals: list[int | None] = []
    db = tmp_path / "s.duckdb"
    with pytest.raises(RecursionError):
        ingest([str(EXAMPLES)], db=db, workers=1, batch_size=2, today=TODAY,
               on_progress=lambda state: totals.append(state.total))
    first = stored(db)
    assert totals and set(totals) == {None}  # counting failed: the total is unknown, the run went on
    assert first["runs"] == [("failed", EXAMPLE_COUNT)] and len(first["texts"]) == EXAMPLE_COUNT
    assert first["events"] > 20 and first["stranded"] == 0
    monkeypatch.setattr(run_module, "read_inputs", real_read)
    second = ingest([str(EXAMPLES)], db=db, workers=1, today=TODAY)
    assert (second.added, second.known) == (0, EXAMPLE_COUNT)
    after = stored(db)
    assert after["runs"][-1] == ("finished", 0) and after["events"] == first["events"]


@pytest.mark.slow
def test_ingest_rerun_that_adds_nothing_consolidates_a_stranded_store(tmp_path, monkeypatch):
    def crash(con):
        raise RuntimeError("killed while consolidating")

    db = tmp_path / "s.duckdb"
    with monkeypatch.context() as patch:
        patch.setattr(run_module, "refresh", crash)
        with pytest.raises(RuntimeError, match="killed while consolidating"):
            ingest([str(EXAMPLES)], db=db, workers=1, today=TODAY)
    stranded = stored(db)
    assert stranded["runs"] == [("failed", EXAMPLE_COUNT)]
    assert stranded["events"] == 0 and stranded["mentions"] > 30 and stranded["stranded"] > 0
    again = ingest([str(EXAMPLES)], db=db, workers=1, today=TODAY)
    assert (again.added, again.known, again.mentions) == (0, EXAMPLE_COUNT, 0)
    after = stored(db)
    assert after["runs"][-1] == ("finished", 0)
    assert after["stranded"] == 0 and after["events"] == again.events > 20


class _Waiting:
    """A task that never finishes, on a cluster whose workers come and go as ``seen`` says."""

    def __init__(self, seen: list[bool]):
        self.seen, self.cancelled = seen, False

    def result(self, timeout=None):
        raise TimeoutError

    def cancel(self):
        self.cancelled = True

    def scheduler_info(self):
        return {"workers": {"w": {}} if (self.seen.pop(0) if self.seen else False) else {}}


def _dispatcher_waiting_on(task: _Waiting) -> run_module._Dispatcher:
    dispatcher = object.__new__(run_module._Dispatcher)
    dispatcher.client = task
    return dispatcher


def test_a_task_on_a_cluster_left_without_workers_ends_in_a_clear_error(monkeypatch):
    monkeypatch.setattr(run_module, "WAIT_STEP", 0.01)
    monkeypatch.setattr(run_module, "NO_WORKER_SECONDS", 0.2)
    task = _Waiting([True, True, False])  # two looks with a worker, then none ever again
    with pytest.raises(run_module.IngestError, match="no worker for 0.2 s") as caught:
        _dispatcher_waiting_on(task)._wait(task)
    assert task.cancelled and "run the same command again" in str(caught.value)


def test_a_worker_coming_back_restarts_the_wait_for_one(monkeypatch):
    looks = []

    class Returning(_Waiting):
        def result(self, timeout=None):
            if len(looks) < 6:
                raise TimeoutError
            return "coded"

        def scheduler_info(self):
            looks.append(1)
            return super().scheduler_info()

    monkeypatch.setattr(run_module, "NO_WORKER_SECONDS", 2.5)
    monkeypatch.setattr(run_module.time, "monotonic", lambda: float(len(looks)))  # a look a second
    # two seconds without a worker, one back, two more without: never 2.5 s in a row
    task = Returning([False, False, True, False, False, True])
    assert _dispatcher_waiting_on(task)._wait(task) == "coded" and not task.cancelled
    looks.clear()
    task = Returning([False, False, False, False, False, True])
    with pytest.raises(run_module.IngestError):
        _dispatcher_waiting_on(task)._wait(task)
