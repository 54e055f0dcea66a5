"""Event exports: coded events as PLOVER JSONL, and the store's events as PLOVER, GDELT, CSV or Parquet.

>>> from bilateral.store import connect
>>> from bilateral.export import export_store
>>> export_store(connect("bilateral.duckdb", read_only=True), "gdelt", "events.tsv")
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ._output import ExportError, ExportWriteError, is_stdout, text_output, write_error
from .gdelt import GDELT_COLUMNS, write_gdelt
from .plover import event_to_plover, stored_to_plover, write_plover, write_stored_plover
from .table import write_csv, write_parquet

if TYPE_CHECKING:  # the store brings duckdb and pandas: imported when an export runs, not with bilateral
    import duckdb

    from ..store.queries import EventFilter

__all__ = [
    "FORMATS",
    "GDELT_COLUMNS",
    "ExportError",
    "ExportWriteError",
    "event_to_plover",
    "export_store",
    "stored_to_plover",
    "write_plover",
]

FORMATS = ("plover", "gdelt", "csv", "parquet")


def export_store(con: duckdb.DuckDBPyConnection, fmt: str, out: str | os.PathLike | None, *,
                 flt: EventFilter | None = None) -> int:
    """Write the store's de-duplicated events that ``flt`` selects (all of them by default), oldest
    first, as ``fmt`` (one of ``FORMATS``) to the file ``out``, or to stdout when ``out`` is
    ``None`` or ``'-'`` (not for parquet). Returns the number of events written.

    A file is written under a temporary name and renamed when complete. A file that cannot be
    written (disk full, read-only folder) raises ``ExportWriteError``; a store that cannot be read
    (damaged), ``StoreError``: both name the cause, and no temporary file is left behind.
    """
    import duckdb

    from ..store.schema import fault

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}", hint="use one of " + ", ".join(FORMATS))
    if fmt == "parquet" and is_stdout(out):
        raise ExportError("a parquet export cannot go to stdout", hint="give a file path, such as events.parquet")
    try:
        return _export(con, fmt, out, flt)
    except OSError as exc:
        raise write_error(out, exc) from exc
    except duckdb.InterruptException:
        raise
    except duckdb.Error as exc:
        raise fault(_store_path(con), exc) from exc


def _export(con: duckdb.DuckDBPyConnection, fmt: str, out: str | os.PathLike | None,
            flt: EventFilter | None) -> int:
    from ..store import exports

    if fmt == "parquet":
        return write_parquet(con, out, flt)
    with text_output(out) as handle:
        if fmt == "plover":
            return write_stored_plover(exports.plover_rows(con, flt), handle)
        if fmt == "gdelt":
            return write_gdelt(exports.gdelt_rows(con, flt), handle)
        return write_csv(exports.table_rows(con, flt), handle)


def _store_path(con: duckdb.DuckDBPyConnection) -> str:
    """The file behind ``con``, to name it in a message (its catalogue still answers when its data does not)."""
    try:
        found = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    except Exception:
        found = []
    return (found[0][0] if found else None) or "the store"
