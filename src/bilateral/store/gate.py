"""Taking turns on one store file: a dashboard keeps serving while ingests write.

DuckDB lets one process open a file for writing, or any number of processes open it read-only,
never both at once. So bilateral's processes share a store by taking turns, through two lock files
beside it (``flock``, released by the kernel when a process dies, even by ``kill -9``):

- ``<store>.lock`` is held *shared* by every reader while its read-only connection is open, and
  *exclusively* by a writer for the few moments it writes one batch;
- ``<store>.queue`` is held exclusively by a writer from the moment it wants the store until it has
  written; a reader holds it shared only while it opens its connection.

A writer that waits on the queue therefore stops new readers from opening, and a reader that sees
the queue held (``writer_waiting``) closes its connection as soon as its requests in flight are
answered: writers are never starved, and a reader sees each batch once it reopens. Two writers
queue on ``<store>.queue`` and interleave batch by batch. A process that does not use these files
(another DuckDB client, ``duckdb.connect`` in a notebook) still holds DuckDB's own lock: writers
retry with backoff until ``wait`` seconds have passed, then say which process holds the store.
"""
from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..errors import StoreError
from .schema import connect, lock_hint

DEFAULT_WAIT = 300.0  # seconds a writer waits for its turn before giving up with who holds the store
FIRST_PAUSE, LONGEST_PAUSE = 0.02, 0.5  # backoff between tries
READER_RETRY = 2.0  # seconds a reader retries a file that a process outside the gate holds


class Gate:
    """The turn-taking protocol for the store at ``path`` (see the module's docstring).

    A store in memory, or beside which no lock file can be made (a read-only folder), has no gate:
    its connections are opened directly and DuckDB's own lock (or error) applies.
    """

    def __init__(self, path: str | Path, *, wait: float = DEFAULT_WAIT):
        self.path = str(path)
        self.wait = wait
        self.lock_file = f"{self.path}.lock"
        self.queue_file = f"{self.path}.queue"
        self.enabled = not self.path.startswith(":memory:")

    # --- writers -------------------------------------------------------------------------------

    @contextmanager
    def writing(self, *, init: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection for one short piece of work (a batch), closed at the end of the
        block; waits for readers to let go and for other writers to finish theirs."""
        deadline = time.monotonic() + self.wait
        with self._held(self.queue_file, fcntl.LOCK_EX, deadline), self._held(self.lock_file, fcntl.LOCK_EX, deadline):
            con = _retry(lambda: connect(self.path, init=init), deadline)
            try:
                yield con
            finally:
                con.close()

    # --- readers -------------------------------------------------------------------------------

    def open_reader(self) -> tuple[duckdb.DuckDBPyConnection, int | None]:
        """A read-only connection and the lock that must stay held while it is open (release it with
        ``close_reader``); waits while a writer has its turn."""
        deadline = time.monotonic() + self.wait
        with self._held(self.queue_file, fcntl.LOCK_SH, deadline):
            handle = self._take(self.lock_file, fcntl.LOCK_SH, deadline)
            try:
                # A writer of the gate has closed the file before it let go of the lock: only a
                # process outside the gate can hold it now, and it may hold it for good.
                con = _retry(lambda: connect(self.path, read_only=True), min(deadline, time.monotonic() + READER_RETRY))
            except BaseException:
                _drop(handle)
                raise
        return con, handle

    @staticmethod
    def close_reader(con: duckdb.DuckDBPyConnection, handle: int | None) -> None:
        try:
            con.close()
        finally:
            _drop(handle)

    def writer_waiting(self) -> bool:
        """True when a writer holds the queue: readers should close their connection soon."""
        handle = self._open(self.queue_file)
        if handle is None:
            return False
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        finally:
            os.close(handle)  # closing drops the lock just taken
        return False

    # --- the lock files ------------------------------------------------------------------------

    @contextmanager
    def _held(self, name: str, mode: int, deadline: float) -> Iterator[None]:
        handle = self._take(name, mode, deadline)
        try:
            yield
        finally:
            _drop(handle)

    def _open(self, name: str) -> int | None:
        if not self.enabled:
            return None
        try:
            return os.open(name, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            try:  # a store others may read but this user cannot write beside: take turns all the same
                return os.open(name, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                return None  # no lock file can exist here: DuckDB's own lock is the only one

    def _take(self, name: str, mode: int, deadline: float) -> int | None:
        """The file ``name`` opened and locked in ``mode``, waiting with backoff until ``deadline``."""
        handle = self._open(name)
        if handle is None:
            return None
        pause = FIRST_PAUSE
        while True:
            try:
                fcntl.flock(handle, mode | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                pass
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    os.close(handle)
                    return None  # a file system without flock: rely on DuckDB's lock
            if time.monotonic() >= deadline:
                holders = lock_holders(name)
                os.close(handle)
                raise busy(self.path, holders, self.wait)
            time.sleep(pause)
            pause = min(LONGEST_PAUSE, pause * 2)


def _drop(handle: int | None) -> None:
    if handle is not None:
        os.close(handle)  # closing the descriptor releases its flock


def _retry(open_store, deadline: float) -> duckdb.DuckDBPyConnection:
    """``open_store()``, tried again with backoff while DuckDB says another process holds the file
    (one outside the gate); the last refusal is raised once ``deadline`` has passed."""
    pause = FIRST_PAUSE
    while True:
        try:
            return open_store()
        except StoreError as exc:
            if "in use by another process" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(LONGEST_PAUSE, pause * 2)


def busy(path: str, holders: list[int], waited: float) -> StoreError:
    """The error of a writer or reader that waited ``waited`` seconds for its turn in vain."""
    if holders:
        hint = lock_hint(f"(PID {holders[0]})")
        others = f" (and PIDs {', '.join(map(str, holders[1:]))})" if len(holders) > 1 else ""
        return StoreError(f"{path} is in use by another process: waited {waited:g} s for its turn{others}",
                          hint=hint)
    return StoreError(f"{path} is in use by another process: waited {waited:g} s for its turn",
                      hint="another process holds it: wait for it to finish, or stop it, then run this again")


def lock_holders(name: str) -> list[int]:
    """The processes holding a lock on the file ``name`` (from ``/proc/locks``; empty elsewhere)."""
    try:
        inode = os.stat(name).st_ino
        with open("/proc/locks", encoding="ascii") as table:
            lines = table.read().splitlines()
    except OSError:
        return []
    found: list[int] = []
    for line in lines:
        fields = line.split()
        if "->" in fields:  # a process waiting for the lock, not holding it
            continue
        try:
            pid, where = int(fields[4]), fields[5]
        except (IndexError, ValueError):
            continue
        if where.rsplit(":", 1)[-1] == str(inode) and pid != os.getpid() and pid not in found:
            found.append(pid)
    return found
