"""``bilateral ingest``: read inputs, code them as Dask tasks, store every batch in one transaction.

The client (this process) reads the inputs, drops the articles the store already holds, and hands
batches to Dask workers, each of which loads the spaCy pipelines once (``CoderPlugin``) and returns
Arrow tables. The client is the single writer: one transaction per batch, so a crash loses at
most the batches in flight, and a re-run codes exactly what is missing. It holds the store only
while it looks up or writes a batch (``store.gate``): a dashboard serving the same file keeps
answering, and two ingests into one store take turns batch by batch. At the end, clusters of
near-duplicate articles and the de-duplicated events are recomputed from what is stored.
"""
from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from distributed import WorkerPlugin

from ..errors import IngestError
from ..lexicons import LANGUAGES, load_lexicons
from ..model import Article
from ..store import DEFAULT_DB, writer
from ..store.consolidate import refresh, refresh_after_failure
from ..store.gate import Gate
from .readers import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Problem, estimate_total, read_inputs

PLUGIN_NAME = "bilateral-coder"
WAIT_STEP = 2.0  # seconds between looks at the cluster while a task runs
# A cluster without any worker this long is lost. A killed local worker is replaced by its nanny,
# which on a loaded machine can take a minute (a new process loads the language models).
NO_WORKER_SECONDS = 180
_log = logging.getLogger(__name__)


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
    try:
        for item in items:
            if isinstance(item, Problem):
                on_problem(item)
                if item.severity == "error":
                    state.problems += 1
                continue
            state.read += 1
            try:
                batch.append(keyed(item))
            except Exception as exc:  # a text that cannot even be hashed is that document's problem only
                on_problem(Problem(item.source or item.id, f"could not be read: {type(exc).__name__}: {exc}"))
                state.problems += 1
                continue
            if len(batch) >= size:
                yield batch
                batch = []
    except Exception:
        if batch:  # reading failed: what was read before is still coded and stored
            yield batch
        raise
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
    # A task whose worker dies fails at once instead of being retried three times: the dispatcher
    # runs it again alone, and splits it until the document that kills workers is found.
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.ERROR, scheduler_kwargs={"allowed_failures": 0})
    return Client(cluster), cluster


class _Dispatcher:
    """Hands batches to Dask (started on the first batch that needs coding) and stores results.

    A task that fails as a whole (an exception outside the coder's own guard, a worker killed) is
    run again alone, once the tasks in flight are done, so that a worker's death is blamed on the
    task that caused it; failing alone, it is split in halves, down to single documents. The
    document that fails alone is reported and skipped; every other one is stored.
    """

    def __init__(self, gate: Gate, run_id: int, state: Progress, *, workers: int, scheduler: str | None,
                 parquet: str | None, today: date | None, batch_size: int,
                 on_problem: Callable[[Problem], None], on_progress: Callable[[Progress], None] | None):
        self.gate, self.run_id, self.state = gate, run_id, state
        self.workers, self.scheduler, self.parquet = workers, scheduler, parquet
        self.plugin = CoderPlugin(today, batch_size)
        self.on_problem, self.on_progress = on_problem, on_progress
        self.client = self.cluster = self.in_flight = None
        self.batches: dict = {}  # future in flight → the batch it codes
        self.suspects: deque[list[tuple[Article, str]]] = deque()  # batches of failed tasks, to run alone
        self.limit = 0

    def _start(self) -> None:
        from distributed import as_completed

        self.client, self.cluster = _client(self.workers, self.scheduler)
        self.client.register_plugin(self.plugin, name=PLUGIN_NAME)
        self.in_flight = as_completed()
        self.limit = 2 * max(1, len(self.client.scheduler_info()["workers"]) or self.workers)

    def submit(self, batch: list[tuple[Article, str]]) -> None:
        with self.gate.writing() as con:
            known = writer.known_articles(con, [article.id for article, _ in batch])
        todo = [item for item in batch if item[0].id not in known]
        self.state.known += len(batch) - len(todo)
        if not todo:  # a re-run with nothing new starts no cluster at all
            self._progress()
            return
        if self.client is None:
            self._start()
        future = self._send(todo)
        self.batches[future] = todo
        self.in_flight.add(future)
        while self.in_flight.count() >= self.limit:  # back-pressure: memory stays flat
            self._store(next(self.in_flight))
        if self.suspects:
            self.drain()

    def _send(self, batch: list[tuple[Article, str]]):
        return self.client.submit(code_task, batch, self.run_id, self.parquet, pure=False)

    def drain(self) -> None:
        for future in self.in_flight or ():
            self._store(future)
        while self.suspects:  # nothing else is in flight now
            self._alone(self.suspects.popleft())

    def salvage(self) -> None:
        """Store what is already being coded when the run fails elsewhere (reading the inputs);
        a failure here is logged, the run's own error is the one raised."""
        try:
            self.drain()
        except Exception:
            _log.warning("could not store the batches in flight when the run failed", exc_info=True)

    def _store(self, future) -> None:
        batch = self.batches.pop(future)
        try:
            result = self._wait(future)
        except IngestError:
            raise  # the cluster is lost, not the task
        except Exception as exc:
            self._check_cluster()
            _log.debug("a task of %d documents failed (%s); it will run alone", len(batch), type(exc).__name__)
            self.suspects.append(batch)
            return
        self._write(*result)

    def _alone(self, batch: list[tuple[Article, str]]) -> None:
        try:
            result = self._wait(self._send(batch))
        except IngestError:
            raise  # the cluster is lost, not the task
        except Exception as exc:
            self._check_cluster()
            if len(batch) == 1:
                self._skip(batch[0], exc)
            else:
                half = len(batch) // 2
                self.suspects.extendleft([batch[half:], batch[:half]])  # the first half runs next
            return
        self._write(*result)

    def _wait(self, future):
        """The task's result; an ``IngestError`` rather than a wait without end when the cluster
        has had no worker for ``NO_WORKER_SECONDS`` (a worker killed and never replaced)."""
        alone_since = None
        while True:
            try:
                return future.result(timeout=WAIT_STEP)
            except TimeoutError:
                pass
            if self.client.scheduler_info().get("workers"):
                alone_since = None
                continue
            if alone_since is None:
                alone_since = time.monotonic()
                _log.info("the Dask cluster has no worker; waiting up to %d s for one", NO_WORKER_SECONDS)
            if time.monotonic() - alone_since > NO_WORKER_SECONDS:
                future.cancel()
                raise IngestError(f"the Dask cluster has had no worker for {NO_WORKER_SECONDS} s",
                                  hint="run the same command again: it codes only what is not stored yet")

    def _check_cluster(self) -> None:
        if self.client.status not in ("running", "connecting"):
            raise IngestError("lost the Dask cluster in the middle of the run",
                              hint="run the same command again: it codes only what is not stored yet")

    def _write(self, tables, problems: list[Problem]) -> None:
        for problem in problems:
            self.on_problem(problem)
        self.state.problems += len(problems)
        self.state.failed += len(problems)
        with self.gate.writing() as con:
            self.state.added += writer.write_batch(con, *tables)
        self.state.mentions += tables[1].num_rows
        self._progress()

    def _skip(self, item: tuple[Article, str], exc: Exception) -> None:
        article, doc_id = item
        detail = str(exc) if len(str(exc)) <= 200 else str(exc)[:199] + "…"
        self.on_problem(Problem(article.source or doc_id or article.id,
                                f"could not be coded: its Dask task failed alone ({type(exc).__name__}"
                                f"{': ' + detail if detail else ''}); the document was skipped"))
        self.state.problems += 1
        self.state.failed += 1
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
    default_date: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE, follow_links: bool = False, allow_private: bool = False,
    init: bool = False, today: date | None = None, items: Iterable[Article | Problem] | None = None,
    command: str = "ingest",
    on_problem: Callable[[Problem], None] | None = None, on_progress: Callable[[Progress], None] | None = None,
) -> IngestSummary:
    """Code ``inputs`` into the store at ``db`` on a Dask cluster (local unless ``scheduler`` is given).

    The reading options are ``read_inputs``'s; ``init`` makes ``db`` a store even when it is a
    DuckDB file holding other tables (refused otherwise). ``items``, when given, are the articles
    (and problems) to code instead of what ``read_inputs(inputs)`` reads; ``inputs`` then only name
    them in the ``runs`` row, whose ``command`` is ``command``.
    """
    on_problem = on_problem or (lambda problem: None)
    workers = workers or default_workers()
    gate = Gate(db)
    lexicons = {lng: load_lexicons(lng).version for lng in LANGUAGES}
    with gate.writing(init=init) as con:
        run_id = writer.start_run(con, command=command, inputs=list(inputs), lexicons=lexicons, workers=workers,
                                  scheduler=scheduler or "local")
    # From here on, whatever happens ends the run as finished or failed, and what was stored is
    # consolidated into events (see ``_finish``).
    state = Progress()
    dispatcher = None
    try:
        state.total = _estimate(inputs, follow_links) if items is None else None
        dispatcher = _Dispatcher(gate, run_id, state, workers=workers, scheduler=scheduler,
                                 parquet=str(Path(parquet).resolve()) if parquet else None, today=today,
                                 batch_size=batch_size, on_problem=on_problem, on_progress=on_progress)
        if items is None:
            items = read_inputs(list(inputs), lang=lang, default_date=default_date, max_bytes=max_bytes,
                                timeout=timeout, deadline=deadline, follow_links=follow_links,
                                allow_private=allow_private)
        try:
            for batch in _batches(items, batch_size, on_problem, state):
                dispatcher.submit(batch)
        except Exception:
            dispatcher.salvage()  # what was read before the failure is coded and stored all the same
            raise
        dispatcher.drain()
    except BaseException as exc:
        _finish(gate, run_id, state, dispatcher, failed=exc)
        raise
    totals = _finish(gate, run_id, state, dispatcher)
    return IngestSummary(run_id, state.read, state.added, state.known, state.mentions, state.problems,
                         totals[0], totals[1], time.monotonic() - state.started, workers, scheduler or "local")


def _estimate(inputs: Sequence[str], follow_links: bool) -> int | None:
    """The expected number of articles, None when counting fails: the count only feeds progress."""
    try:
        return estimate_total(list(inputs), follow_links=follow_links)
    except Exception:
        _log.debug("could not count the documents of %s", list(inputs), exc_info=True)
        return None


def _finish(gate: Gate, run_id: int, state: Progress, dispatcher: _Dispatcher | None, *,
            failed: BaseException | None = None) -> tuple[int, int]:
    """Close the cluster, consolidate what is stored (unless the run was interrupted: the next run
    does it), record how the run ended; (events, clusters) in the store. The store is held for
    this last step only."""
    status = "finished" if failed is None else "failed"
    closing: BaseException | None = None
    if dispatcher is not None:
        try:
            dispatcher.close()
        except BaseException as exc:
            if failed is None:
                status, closing = "failed", exc
            else:
                _log.warning("could not close the Dask client after a failed run", exc_info=True)
    with gate.writing() as con:
        try:
            if failed is None and closing is None:
                try:
                    refresh(con)
                except BaseException:
                    status = "failed"
                    raise
            elif isinstance(failed, Exception):  # on Ctrl-C stop at once: the next run consolidates
                refresh_after_failure(con)
        finally:
            writer.finish_run(con, run_id, status=status, read=state.read, added=state.added,
                              mentions=state.mentions, problems=state.problems)
            # clusters counted as ``consolidate._counts`` does: articles named after themselves
            totals = con.execute("SELECT (SELECT count(*) FROM events), "
                                 "(SELECT count(*) FROM articles WHERE cluster = id)").fetchall()[0]
    if closing is not None:
        raise closing
    return totals
