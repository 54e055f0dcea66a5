"""The events table, flat: CSV (list columns joined by ``;``, with a header) and Parquet (lists kept)."""
from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

from ..errors import ExportWriteError
from ._output import atomic_path

if TYPE_CHECKING:
    import duckdb

    from ..store.queries import EventFilter

LIST_SEPARATOR = ";"


def write_csv(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    """One row per event under a header of ``store.exports.TABLE_COLUMNS``."""
    from ..store.exports import LIST_COLUMNS, TABLE_COLUMNS

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[column], column in LIST_COLUMNS) for column in TABLE_COLUMNS])
        count += 1
    return count


def write_parquet(con: duckdb.DuckDBPyConnection, path: str | os.PathLike, flt: EventFilter | None = None) -> int:
    """The same table as a Parquet file, written by DuckDB, replacing ``path`` only once complete.

    DuckDB failing to write the file (a full disk, a read-only folder) is an ``ExportWriteError``;
    failing to read the store is left to the caller.
    """
    import duckdb

    from ..store import exports

    with atomic_path(path) as temporary:
        try:
            return exports.copy_parquet(con, temporary, flt)
        except duckdb.Error as exc:
            if not _is_write_failure(str(exc), temporary):
                raise
            raise ExportWriteError(f"cannot write {path}: {_written_cause(str(exc))}",
                                   hint="check the free space and the permissions of that folder") from exc


def _is_write_failure(message: str, temporary: os.PathLike) -> bool:
    lowered = message.lower()
    return str(temporary) in message or any(words in lowered for words in _WRITE_WORDS)


def _written_cause(message: str) -> str:
    lowered = message.lower()
    for words in _WRITE_WORDS:
        if words in lowered:
            return words
    return "DuckDB says: " + " ".join(message.split())[:200]


_WRITE_WORDS = ("no space left on device", "permission denied", "read-only file system", "file too large")


def _cell(value: Any, is_list: bool) -> Any:
    if is_list:
        return LIST_SEPARATOR.join(value or ())
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
