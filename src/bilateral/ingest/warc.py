"""Web archives (``.warc``, ``.warc.gz``) → one ``Article`` per archived page (HTTP 200, HTML or text).

Requests, metadata, redirects, errors, images and scripts are skipped without a word. A record
that cannot be decoded is reported as ``file#record N`` (records counted from 1, all types
included); an archive cut short or damaged is reported once, the records before it being kept.
"""
from __future__ import annotations

import itertools
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from ..model import Article
from .base import Options, Problem, limit, parse_date
from .pages import body_to_article, kind_of


def read_warc(path: Path, opts: Options) -> Iterator[Article | Problem]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield Problem(name, "empty file: no web archive records")
            return
        with path.open("rb") as stream:
            archive = ArchiveIterator(stream)
            read = yield from _read_records(archive, name, opts)
            if read is not None and _unread_tail(stream, read[0], size):
                yield _damaged(name, read[1], f"{size - read[0]} bytes at the end are not WARC records")
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")


def _read_records(
    archive: ArchiveIterator, name: str, opts: Options,
) -> Generator[Article | Problem, None, tuple[int, int] | None]:
    """Yield what each record holds; return (end offset, records read), or None if the archive is damaged."""
    records, end = iter(archive), 0
    for number in itertools.count(1):
        try:
            record = next(records)
        except StopIteration:
            return end, number - 1
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on a damaged archive
            yield _damaged(name, number - 1, _describe(exc))
            return None
        if record.format != "warc":  # warcio reads almost any text as an old ARC record
            yield Problem(name, "not a web archive: it does not start with a WARC/1.x record")
            return None
        where = f"{name}#record {number}"
        found = _payload(record, where, opts)
        try:
            if _cut_short(record):
                yield _damaged(name, number - 1, f"the archive ends inside record {number}")
                return None
            end = archive.get_record_offset() + archive.get_record_length()
        except Exception as exc:  # noqa: BLE001 - as above, while reading to the end of the record
            yield _damaged(name, number - 1, _describe(exc))
            return None
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
