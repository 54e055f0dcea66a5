"""Web archives (``.warc``, ``.warc.gz``) → one ``Article`` per archived page (HTTP 200, HTML or text).

Requests, metadata, redirects, errors, images and scripts are skipped without a word. A record
that cannot be decoded is reported as ``file#record N`` (records counted from 1, all types
included); an archive cut short or damaged is reported once, the records before it being kept.

Archives are read as a stream and bounded, so that a small file cannot take all the memory: the
header lines of one record (WARC and HTTP headers together) may not exceed ``MAX_HEADER_BYTES``,
and one gzip member (one record in a ``.warc.gz``) may not inflate to more than
``MAX_RECORD_BYTES``; past either the archive is reported as damaged and the rest skipped.
What warcio would print on stderr becomes a ``Problem``.
"""
from __future__ import annotations

import contextlib
import io
import itertools
import zlib
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, TypeVar

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from ..model import Article
from .base import Options, Problem, limit, parse_date
from .pages import body_to_article, kind_of

MAX_HEADER_BYTES = 1 << 20  # the header lines of one record
MAX_RECORD_BYTES = 1 << 30  # one gzip member, inflated

_T = TypeVar("_T")


class ArchiveTooLarge(Exception):
    """A record's headers or inflated size is over the limits above."""


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader, with header lines and inflated members bounded, and broken compressed
    data raised instead of printed."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self.in_headers, self.header_bytes = False, 0

    def readline(self, length: int | None = None) -> bytes:
        """A line, as warcio reads headers, blank lines and chunk sizes: never more than the limit,
        all the header lines of one record (``in_headers``) together within it too."""
        allowed = (MAX_HEADER_BYTES - self.header_bytes if self.in_headers else MAX_HEADER_BYTES) + 1
        line = super().readline(allowed if not length or length > allowed else length)
        if self.in_headers:
            self.header_bytes += len(line)
        if len(line) >= allowed or self.header_bytes > MAX_HEADER_BYTES:
            raise ArchiveTooLarge(f"record headers over {MAX_HEADER_BYTES // (1 << 20)} MB, "
                                  "a line without end or a decompression bomb")
        return line

    def _decompress(self, data: bytes) -> bytes:
        if not (self.decompressor and data and self.num_block_read):
            return super()._decompress(data)  # its first try tells a gzip file from a plain one
        try:
            data = self.decompressor.decompress(data)
        except zlib.error as exc:
            raise ArchiveTooLarge(f"broken compressed data: {exc}") from None
        if self.num_block_read + len(data) > MAX_RECORD_BYTES:
            raise ArchiveTooLarge(f"a record inflates to more than {MAX_RECORD_BYTES // (1 << 30)} GB, "
                                  "a decompression bomb")
        return data


class _BoundedArchive(ArchiveIterator):
    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.reader = _BoundedReader(self.fh, block_size=self.reader.block_size)

    def _next_record(self, next_line: bytes | None) -> Any:
        """The next record, its WARC and HTTP headers parsed (the body is read later, by chunks)."""
        self.reader.in_headers, self.reader.header_bytes = True, len(next_line or b"")
        try:
            return super()._next_record(next_line)
        finally:
            self.reader.in_headers = False


def _quiet(call: Callable[[], _T], said: list[str]) -> _T:
    """``call()``, what it prints on stderr kept in ``said`` (warcio writes its warnings there)."""
    captured = io.StringIO()
    try:
        with contextlib.redirect_stderr(captured):
            return call()
    finally:
        if captured.getvalue().strip():
            said.append(" ".join(captured.getvalue().split()))


def read_warc(path: Path, opts: Options) -> Iterator[Article | Problem]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield Problem(name, "empty file: no web archive records")
            return
        with path.open("rb") as stream:
            archive = _BoundedArchive(stream)
            read = yield from _read_records(archive, name, opts)
            if read is not None and _unread_tail(stream, read[0], size):
                yield _damaged(name, read[1], f"{size - read[0]} bytes at the end are not WARC records")
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")


def _read_records(
    archive: ArchiveIterator, name: str, opts: Options,
) -> Generator[Article | Problem, None, tuple[int, int] | None]:
    """Yield what each record holds; return (end offset, records read), or None if the archive is damaged."""
    records, end, said = iter(archive), 0, []
    for number in itertools.count(1):
        try:
            record = _quiet(lambda: next(records), said)
        except StopIteration:
            yield from _warnings(name, said)
            return end, number - 1
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on a damaged archive
            yield from _warnings(name, said)
            yield _damaged(name, number - 1, _describe(exc))
            return None
        yield from _warnings(name, said)
        if record.format != "warc":  # warcio reads almost any text as an old ARC record
            yield Problem(name, "not a web archive: it does not start with a WARC/1.x record")
            return None
        where = f"{name}#record {number}"
        found = _payload(record, where, opts)
        try:
            if _quiet(lambda: _cut_short(record), said):
                yield _damaged(name, number - 1, f"the archive ends inside record {number}")
                return None
            end = _quiet(lambda: archive.get_record_offset() + archive.get_record_length(), said)
        except Exception as exc:  # noqa: BLE001 - as above, while reading to the end of the record
            yield from _warnings(name, said)
            yield _damaged(name, number - 1, _describe(exc))
            return None
        yield from _warnings(f"{name}#record {number}", said)
        if isinstance(found, Problem):
            yield found
        elif found is not None:
            body, content_type, url = found
            day = parse_date(record.rec_headers.get_header("WARC-Date"))
            yield body_to_article(body, content_type, url, where, opts, fallback_day=day)
    return None  # not reached: itertools.count() never ends


def _payload(record: Any, where: str, opts: Options) -> tuple[bytes, str, str] | Problem | None:
    """(body, content type, URL) of an archived page worth reading, a Problem, or None to skip."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and "html" not in mime and mime != "text/plain":
        return None  # images, scripts, style sheets, PDFs…
    try:
        body = record.content_stream().read(opts.max_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - chunked or compressed bodies can be broken in many ways
        return Problem(where, f"cannot decode the archived response ({type(exc).__name__}: {exc}); skipped")
    if len(body) > opts.max_bytes:
        return Problem(where, f"page over {limit(opts)} for one document; skipped")
    if kind_of(content_type, body) not in ("html", "text"):
        return None
    return body, content_type, record.rec_headers.get_header("WARC-Target-URI") or ""


def _cut_short(record: Any) -> bool:
    """True when the file ended before the record's declared length (read what is left to know)."""
    raw = record.raw_stream
    while raw.read(65536):
        pass
    return record.length is None or getattr(raw, "limit", 0) > 0


def _warnings(where: str, said: list[str]) -> Iterator[Problem]:
    """What warcio printed, as warnings; its note on a record not followed by a blank line
    (often a wrong Content-Length) said in plain words."""
    for text in said:
        if "Record not followed by newline" in text:
            text = "the record is not followed by a blank line (is its Content-Length wrong?)"
        yield Problem(where, f"{text[:300]}", severity="warning")
    said.clear()


def _unread_tail(stream: Any, end: int, size: int) -> bool:
    """True when something other than blank lines follows the last record read."""
    if size - end > 64:
        return True
    stream.seek(end)
    return bool(stream.read().strip())


def _describe(exc: Exception) -> str:
    if "non-chunked gzip" in str(exc):
        return ("it is gzipped as a whole instead of record by record; "
                "`warcio recompress IN OUT` makes a readable copy")
    return f"{type(exc).__name__}: {str(exc).strip()[:200]}"


def _damaged(name: str, kept: int, why: str) -> Problem:
    return Problem(name, f"damaged or truncated web archive ({why}); the {kept} record(s) before it were read, "
                         "the rest is skipped")
