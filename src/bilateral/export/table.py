"""The events table, flat: CSV (list columns joined by ``;``, with a header) and Parquet (lists kept)."""
from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Any

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
    """The same table as a Parquet file, written by DuckDB, replacing ``path`` only once complete."""
    from ..store import exports

    with atomic_path(path) as temporary:
        return exports.copy_parquet(con, temporary, flt)


def _cell(value: Any, is_list: bool) -> Any:
    if is_list:
        return LIST_SEPARATOR.join(value or ())
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
