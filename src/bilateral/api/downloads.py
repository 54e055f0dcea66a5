"""Downloads of a list route's rows (``?format=csv|json|parquet``): every row that matches, all pages
together, streamed.

The rows come as Arrow record batches, from DuckDB (events: ``store.exports.table_reader``) or
from the records a route already holds (dyads, actors), and are encoded one batch at a time:

- ``csv``: a header, then one line per row (RFC 4180 quoting); list columns joined by ``;`` and
  booleans written ``true``/``false``, as ``bilateral export --format csv`` writes them;
- ``json``: JSON Lines, one object per row (lists stay lists, dates are ``YYYY-MM-DD``): the format
  ``bilateral code`` and ``bilateral export`` write, readable line by line whatever its size
  (``pandas.read_json(path, lines=True)``, DuckDB's ``read_json``);
- ``parquet``: one row group per batch, each sent as soon as it is written; the footer comes last.

The server holds one batch at a time, whatever the number of rows (DuckDB sorts them first, and
spills to disk what does not fit in its memory).
"""
from __future__ import annotations

import dataclasses
import io
import re
import threading
import typing
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import chain
from typing import Any, Literal

import anyio
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from starlette.concurrency import iterate_in_threadpool
from starlette.responses import StreamingResponse

from ..export.table import LIST_SEPARATOR
from ..store import exports
from ..store.queries import EventFilter
from .errors import timeout_error
from .state import StoreHandle

__all__ = ["DOWNLOAD_RESPONSES", "FORMATS", "Format", "download_events", "download_records", "filename"]

Format = Literal["csv", "json", "parquet"]
# format → (media type, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}
BATCH_ROWS = 10_000
START_FACTOR = 6  # a download may take six times the query time limit to select and sort its rows
# How the list routes describe their downloads in the OpenAPI description.
DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "description": "One page of JSON; with `format`, every matching row as a file (CSV, JSON Lines or Parquet), "
                   "streamed, its name in the Content-Disposition header.",
    "content": {"text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
                "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}}},
}}
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def filename(kind: str, *parts: str | None, fmt: str) -> str:
    """``bilateral-events-MLI-RUS.csv``: what the rows are and the filters that name them, in ASCII
    letters, digits, ``_``, ``.`` and ``-`` only (a header value cannot smuggle a quote or a newline)."""
    words = [kind] + [_UNSAFE.sub("-", part).strip("-.")[:40] for part in parts if part]
    return "-".join(["bilateral", *(w for w in words if w)]) + "." + FORMATS[fmt][1]


# --- encoders: Arrow batches → bytes ----------------------------------------------------------------

def encode(fmt: str, schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    """The file of ``fmt`` holding ``batches``, piece by piece (one piece per batch, plus the header)."""
    encoders = {"csv": _csv, "json": _json_lines, "parquet": _parquet}
    return encoders[fmt](schema, batches)


def _csv(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    # polars writes CSV (RFC 4180, quotes only where needed, booleans true/false, nulls empty) ten times
    # faster than the csv module; it has no list cells, so lists are joined first.
    import polars as pl

    lists = [field.name for field in schema if pa.types.is_list(field.type) or pa.types.is_large_list(field.type)]

    def written(batch: pa.RecordBatch | pa.Table, header: bool) -> bytes:
        frame = pl.from_arrow(batch).with_columns(pl.col(name).cast(pl.List(pl.String)).list.join(LIST_SEPARATOR)
                                                  for name in lists)
        out = io.BytesIO()
        frame.write_csv(out, include_header=header, line_terminator="\n")
        return out.getvalue()

    yield written(schema.empty_table(), header=True)
    for batch in batches:
        yield written(batch, header=False)


def _json_lines(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    import polars as pl

    for batch in batches:
        out = io.BytesIO()
        pl.from_arrow(batch).write_ndjson(out)
        yield out.getvalue()


class _Sink:
    """A write-only file that hands over what was written to it (the Parquet writer's sink)."""

    closed = False

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._size += len(data)
        return len(data)

    def tell(self) -> int:
        return self._size

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _parquet(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    sink = _Sink()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd")
    try:
        for batch in batches:
            if batch.num_rows:
                writer.write_batch(batch)
                yield sink.take()
    finally:
        writer.close()
    yield sink.take()


# --- records (dyads, actors) as Arrow --------------------------------------------------------------

_ARROW_TYPES = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), date: pa.date32()}


def _arrow_type(hint: Any) -> pa.DataType:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin in (list, tuple):
        return pa.list_(_arrow_type(args[0]))
    if args and origin is not None:  # X | None
        return _arrow_type(args[0])
    return _ARROW_TYPES[hint]


def records_schema(cls: type) -> pa.Schema:
    """The Arrow schema of a ``store.views`` record: one column per field, in order."""
    hints = typing.get_type_hints(cls)
    return pa.schema([pa.field(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(cls)])


def records_batches(records: Sequence[Any], cls: type) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    schema = records_schema(cls)
    names = schema.names

    def batches() -> Iterator[pa.RecordBatch]:
        for start in range(0, len(records), BATCH_ROWS):
            chunk = records[start:start + BATCH_ROWS]
            yield pa.record_batch([[getattr(r, name) for r in chunk] for name in names], schema=schema)

    return schema, batches()


# --- responses ------------------------------------------------------------------------------------

class _Pieces:
    """The pieces of a file, handed out to one worker thread at a time, and closed once — the
    encoder's generator, then ``close`` (the cursor) — however the response ends: read to its end,
    failed, or left by a client halfway (then after the piece being made is done)."""

    def __init__(self, pieces: Iterator[bytes], close: Callable[[], None] | None = None):
        self._pieces = pieces
        self._close = close
        self._lock = threading.Lock()
        self._closed = False

    def __iter__(self) -> _Pieces:
        return self

    def __next__(self) -> bytes:
        with self._lock:
            if self._closed:
                raise StopIteration
            return next(self._pieces)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._pieces.close()  # type: ignore[attr-defined]
            finally:
                if self._close is not None:
                    self._close()


def _response(pieces: _Pieces, fmt: str, name: str) -> StreamingResponse:
    async def body() -> AsyncIterator[bytes]:
        try:
            async for piece in iterate_in_threadpool(pieces):  # DuckDB and the encoders block: worker threads
                if piece:
                    yield piece
        finally:
            with anyio.CancelScope(shield=True):  # a client that left cancels the response, not the clean-up
                await anyio.to_thread.run_sync(pieces.close)

    media, _ = FORMATS[fmt]
    return StreamingResponse(body(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def download_records(records: Sequence[Any], cls: type, fmt: str, name: str) -> StreamingResponse:
    """``records`` (``store.views`` records of class ``cls``, already in the list's order) as a file."""
    schema, batches = records_batches(records, cls)
    return _response(_Pieces(encode(fmt, schema, batches)), fmt, name)


def download_events(store: StoreHandle, flt: EventFilter, fmt: str, name: str, *, sort: exports.Sort = "date",
                    empty: bool = False) -> StreamingResponse:
    """Every event ``flt`` selects, in ``sort`` order, as a file of the flat events table
    (``store.exports.TABLE_COLUMNS``: the list's fields plus the names of the actors); ``empty``
    gives the file without rows.

    The query runs on a cursor of its own, which lives as long as the response. DuckDB selects and
    sorts every row before the first one comes (some 10 s for a million events on two cores), so
    that step gets ``START_FACTOR`` times the server's time limit; a query slower than that is still
    a 400 in the error shape, since nothing was sent yet. The rest has no limit: it goes as fast as
    the client reads.
    """
    limit = store.settings.query_timeout * START_FACTOR
    cursor = store.cursor()
    try:
        watchdog = threading.Timer(limit, cursor.interrupt)
        watchdog.daemon = True
        watchdog.start()
        try:
            reader = exports.table_reader(cursor, flt, sort=sort, limit=0 if empty else None, batch_size=BATCH_ROWS)
            first = _first(reader)
        finally:
            watchdog.cancel()
    except duckdb.InterruptException:
        store.release(cursor)
        raise timeout_error(limit) from None
    except BaseException:
        store.release(cursor)
        raise
    batches = chain(first, reader)
    return _response(_Pieces(encode(fmt, reader.schema, batches), lambda: store.release(cursor)), fmt, name)


def _first(reader: pa.RecordBatchReader) -> list[pa.RecordBatch]:
    try:
        return [reader.read_next_batch()]
    except StopIteration:
        return []
