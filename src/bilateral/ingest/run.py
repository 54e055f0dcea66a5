"""``bilateral ingest``: read inputs, code them as Dask tasks, store every batch in one transaction.

The client (this process) reads the inputs, drops the articles the store already holds, and hands
batches to Dask workers, each of which loads the spaCy pipelines once (``CoderPlugin``) and returns
Arrow tables. The client is the single writer: one transaction per batch, so a crash loses at
most the batches in flight, and a re-run codes exactly what is missing. At the end, clusters of
near-duplicate articles and the de-duplicated events are recomputed from what is stored.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from distributed import WorkerPlugin

from ..errors import IngestError
from ..lexicons import LANGUAGES, load_lexicons
from ..model import Article
from ..store import DEFAULT_DB, connect, writer
from ..store.consolidate import consolidate, needed
from .readers import DEFAULT_MAX_BYTES, Problem, estimate_total, read_inputs

PLUGIN_NAME = "bilateral-coder"


@dataclass
class Progress:
    """Where a run stands; passed to the progress callback after every stored batch."""

    total: int | None = None  # articles expected, when the inputs tell
    read: int = 0
    known: int = 0  # already in the store: skipped
    added: int = 0
    mentions: int = 0
    problems: int = 0
    failed: int = 0  # articles that reached a worker and could not be coded
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.known + self.added + self.failed

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.added / elapsed if elapsed > 0 else 0.0


@dataclass(frozen=True)
class IngestSummary:
    run_id: int
    read: int
    added: int
    known: int
    mentions: int
    problems: int
    events: int
    clusters: int
    seconds: float
    workers: int
    scheduler: str


class CoderPlugin(WorkerPlugin):
    """A Dask worker plugin: one ``Coder`` per worker, its spaCy pipelines loaded on first use."""

    idempotent = True

    def __init__(self, today: date | None, batch_size: int):
        self.today = today
        self.batch_size = batch_size

    def setup(self, worker) -> None:
        from ..coder import Coder

        worker.bilateral_coder = Coder(today=self.today, batch_size=self.batch_size)

    def teardown(self, worker) -> None:
        worker.__dict__.pop("bilateral_coder", None)


def code_task(batch: list[tuple[Article, str]], run_id: int, parquet: str | None):
    """Runs on a worker: code one batch, optionally write it as Parquet, return tables and problems."""
    from distributed import get_worker

    from ..store.load import code_batch

    tables, problems = code_batch(get_worker().bilateral_coder, batch, run_id)
    if parquet:
        from ..store.parquet import write_parts

        write_parts(parquet, tables)
    return tables, problems


def _batches(items: Iterator[Article | Problem], size: int, on_problem: Callable[[Problem], None],
             state: Progress) -> Iterator[list[tuple[Article, str]]]:
    from ..store.load import keyed

    batch: list[tuple[Article, str]] = []
    for item in items:
        if isinstance(item, Problem):
            on_problem(item)
            if item.severity == "error":
                state.problems += 1
            continue
        state.read += 1
        batch.append(keyed(item))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _client(workers: int, scheduler: str | None):
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except OSError as exc:
            raise IngestError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                              hint="start one with `dask scheduler`, or leave out --scheduler to run locally") from exc
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


class _Dispatcher:
    """Hands batches to Dask (started on the first batch that needs coding) and stores results."""

    def __init__(self, con, run_id: int, state: Progress, *, workers: int, scheduler: str | None,
                 parquet: str | None, today: date | None, batch_size: int,
                 on_problem: Callable[[Problem], None], on_progress: Callable[[Progress], None] | None):
        self.con, self.run_id, self.state = con, run_id, state
        self.workers, self.scheduler, self.parquet = workers, scheduler, parquet
        self.plugin = CoderPlugin(today, batch_size)
        self.on_problem, self.on_progress = on_problem, on_progress
        self.client = self.cluster = self.in_flight = None
        self.limit = 0

    def _start(self) -> None:
        from distributed import as_completed

        self.client, self.cluster = _client(self.workers, self.scheduler)
        self.client.register_plugin(self.plugin, name=PLUGIN_NAME)
        self.in_flight = as_completed()
        self.limit = 2 * max(1, len(self.client.scheduler_info()["workers"]) or self.workers)

    def submit(self, batch: list[tuple[Article, str]]) -> None:
        known = writer.known_articles(self.con, [article.id for article, _ in batch])
        todo = [item for item in batch if item[0].id not in known]
        self.state.known += len(batch) - len(todo)
        if not todo:  # a re-run with nothing new starts no cluster at all
            self._progress()
            return
        if self.client is None:
            self._start()
        self.in_flight.add(self.client.submit(code_task, todo, self.run_id, self.parquet, pure=False))
        while self.in_flight.count() >= self.limit:  # back-pressure: memory stays flat
            self._store(next(self.in_flight))

    def drain(self) -> None:
        for future in self.in_flight or ():
            self._store(future)

    def _store(self, future) -> None:
        tables, problems = future.result()
        for problem in problems:
            self.on_problem(problem)
        self.state.problems += len(problems)
        self.state.failed += len(problems)
        self.state.added += writer.write_batch(self.con, *tables)
        self.state.mentions += tables[1].num_rows
        self._progress()

    def _progress(self) -> None:
        if self.on_progress:
            self.on_progress(self.state)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def ingest(
    inputs: Sequence[str], *, db: str | Path = DEFAULT_DB, workers: int | None = None, scheduler: str | None = None,
    parquet: str | Path | None = None, batch_size: int = 32, lang: str | None = None,
    default_date: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES, today: date | None = None,
    on_problem: Callable[[Problem], None] | None = None, on_progress: Callable[[Progress], None] | None = None,
) -> IngestSummary:
    """Code ``inputs`` into the store at ``db`` on a Dask cluster (local unless ``scheduler`` is given)."""
    on_problem = on_problem or (lambda problem: None)
    workers = workers or default_workers()
    con = connect(db)
    lexicons = {lng: load_lexicons(lng).version for lng in LANGUAGES}
    run_id = writer.start_run(con, command="ingest", inputs=list(inputs), lexicons=lexicons, workers=workers,
                              scheduler=scheduler or "local")
    state = Progress(total=estimate_total(list(inputs)))
    dispatcher = _Dispatcher(con, run_id, state, workers=workers, scheduler=scheduler,
                             parquet=str(Path(parquet).resolve()) if parquet else None, today=today,
                             batch_size=batch_size, on_problem=on_problem, on_progress=on_progress)
    status = "failed"
    try:
        items = read_inputs(list(inputs), lang=lang, default_date=default_date, max_bytes=max_bytes)
        for batch in _batches(items, batch_size, on_problem, state):
            dispatcher.submit(batch)
        dispatcher.drain()
        status = "finished"
    finally:
        dispatcher.close()
        if status == "finished" and needed(con):
            consolidate(con)
        writer.finish_run(con, run_id, status=status, read=state.read, added=state.added,
                          mentions=state.mentions, problems=state.problems)
        totals = con.execute("SELECT (SELECT count(*) FROM events), "
                             "(SELECT count(DISTINCT cluster) FROM articles)").fetchall()[0]
        con.close()
    return IngestSummary(run_id, state.read, state.added, state.known, state.mentions, state.problems,
                         totals[0], totals[1], time.monotonic() - state.started, workers, scheduler or "local")
