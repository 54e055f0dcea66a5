"""What one app holds: its settings and its read-only connection to the store, which it lets go
while an ingest writes (``store.gate``), so that the dashboard shows new articles without a restart."""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

import duckdb

from ..store.gate import Gate

T = TypeVar("T")
WATCH_EVERY = 0.1  # seconds between looks for a writer waiting for its turn
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """Limits on what one request may ask."""

    db_path: str
    max_page_size: int = 200
    default_page_size: int = 50
    max_offset: int = 100_000  # deeper pages cost a sort of every matching row: narrow the filters instead
    query_timeout: float = 10.0  # seconds of database work per request before it is interrupted
    memo_size: int = 256


class StoreHandle:
    """The app's connection and a memo of the few broad, slow answers (dyad rankings, the actor
    list, corpus figures) that many pages share.

    The connection is read-only and held in *windows*: opened by the first request, kept while
    nobody else wants the file, and closed once the requests in flight are answered when a writer
    waits for its turn (a thread looks every ``WATCH_EVERY`` s). The next request reopens it after
    the write, and the memo is emptied when the file changed meanwhile. Each request takes a cursor
    with ``cursor()`` and gives it back with ``release()``.
    """

    def __init__(self, settings: Settings, *, watch: bool = True):
        self.settings = settings
        self.gate = Gate(settings.db_path)
        self._lock = threading.Lock()
        self._turn = threading.Condition(threading.Lock())
        self._memo: dict[Hashable, object] = {}
        self._pending: dict[tuple[int, Hashable], threading.Event] = {}  # keys being computed, by generation
        self._con: duckdb.DuckDBPyConnection | None = None
        self._handle: int | None = None
        self._users = 0
        self._leaving = False  # a writer waits: no new request joins this window
        self._seen: tuple | None = None  # the file as it was when the memo was filled
        self._generation = 0
        self._closed = threading.Event()
        with self._turn:
            self._open()  # a missing or foreign store fails here, before the server listens
        self._watcher = None
        if watch:
            self._watcher = threading.Thread(target=self._watch, name="bilateral-store-turns", daemon=True)
            self._watcher.start()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection of the current window (opened if needed); prefer ``cursor()``."""
        with self._turn:
            if self._con is None:
                self._open()
            return self._con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor, inside the current window: DuckDB connections are not thread-safe, cursors
        are one per request. Give it back with ``release``."""
        with self._turn:
            while self._leaving:
                self._turn.wait()
            if self._con is None:
                self._open()
            self._users += 1
            try:
                return self._con.cursor()
            except BaseException:
                self._users -= 1
                raise

    def release(self, cursor: duckdb.DuckDBPyConnection) -> None:
        """Close a cursor from ``cursor()``; the last one out of a window a writer waits for closes it."""
        try:
            cursor.close()
        finally:
            with self._turn:
                self._users = max(0, self._users - 1)
                if self._leaving and not self._users:
                    self._let_go()

    def _open(self) -> None:
        self._con, self._handle = self.gate.open_reader()
        seen = _file_state(self.settings.db_path)
        if seen != self._seen:
            with self._lock:
                self._memo.clear()
                self._generation += 1
            self._seen = seen

    def _let_go(self) -> None:
        con, handle = self._con, self._handle
        self._con = self._handle = None
        self._leaving = False
        self._turn.notify_all()
        if con is not None:
            self.gate.close_reader(con, handle)

    def _watch(self) -> None:
        while not self._closed.wait(WATCH_EVERY):
            try:
                if self._con is None or not self.gate.writer_waiting():
                    continue
                with self._turn:
                    if self._con is None:
                        continue
                    if self._users:
                        self._leaving = True  # the last request out closes the window
                    else:
                        self._let_go()
            except Exception:  # the watch must go on: a failed look is retried next time
                _log.debug("could not look for a writer", exc_info=True)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per key while the store does not change. Requests asking for a key
        that another request is computing wait for its answer rather than compute it again: under
        load, fifty requests for a new page of the rankings scan the store once, not fifty times."""
        while True:
            with self._lock:
                if key in self._memo:
                    return self._memo[key]  # type: ignore[return-value]
                generation = self._generation
                pending = self._pending.get((generation, key))
                if pending is None:
                    pending = self._pending[(generation, key)] = threading.Event()
                    break
            pending.wait()  # then look again: the answer, or the computation failed and this one tries
        try:
            value = compute()
            with self._lock:
                if generation == self._generation:  # not computed from a store that has changed since
                    if len(self._memo) >= self.settings.memo_size:
                        self._memo.pop(next(iter(self._memo)))
                    self._memo[key] = value
        finally:
            with self._lock:
                self._pending.pop((generation, key), None)
            pending.set()
        return value

    def close(self) -> None:
        self._closed.set()
        with self._turn:
            if self._con is not None:
                self.gate.close_reader(self._con, self._handle)
            self._con = self._handle = None


def _file_state(path: str) -> tuple:
    """What tells that the store file changed: size and time of the file and of its write-ahead log."""
    state = []
    for name in (path, path + ".wal"):
        try:
            info = os.stat(name)
            state.append((info.st_size, info.st_mtime_ns))
        except OSError:
            state.append(None)
    return tuple(state)
