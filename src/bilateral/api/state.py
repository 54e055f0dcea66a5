"""What one app holds: its settings and its one read-only connection to the store."""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

import duckdb

from ..store import connect

T = TypeVar("T")


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
    """The app's connection (read-only, so the file cannot change while it is open: DuckDB lets no
    process write a file another holds open) and a memo of the few broad, slow answers (dyad
    rankings, the actor list, corpus figures) that many pages share."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.con = connect(settings.db_path, read_only=True)
        self._lock = threading.Lock()
        self._memo: dict[Hashable, object] = {}

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor: DuckDB connections are not thread-safe, cursors are one per request."""
        with self._lock:
            return self.con.cursor()

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per key for the life of the app (the store cannot change meanwhile)."""
        with self._lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            if len(self._memo) >= self.settings.memo_size:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = value
        return value

    def close(self) -> None:
        self.con.close()
