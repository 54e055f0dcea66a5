"""Turn inputs (files, directories, URLs, ``-`` for stdin) into ``Article``s, reporting every
unreadable item as a ``Problem``.

A bad item never stops the run: the reader yields a ``Problem`` naming it and goes on. Files that
hold many documents (JSONL, JSON lists, CSV/TSV, web archives) and feeds are read one document at
a time, so memory stays flat whatever the size of the corpus.
"""
from __future__ import annotations

import hashlib
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from ..model import Article
from .base import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    Options,
    Problem,
    is_url,
    over_limit,
    parse_date,
)
from .html import html_to_text
from .records import (
    count_json_entries,
    count_lines,
    count_rows,
    parse_jsonl,
    read_csv,
    read_json,
    read_jsonl,
)

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "Problem", "estimate_total", "read_inputs"]

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
WARC_SUFFIXES = (".warc", ".warc.gz")  # matched on the end of the name: ".gz" alone is not enough


def read_inputs(
    inputs: Sequence[str], *, lang: str | None = None, default_date: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Article | Problem]:
    """Stream articles (and problems) from files, directories, URLs or ``-`` (stdin).

    ``max_bytes`` bounds one document (a file, a record, a page), not a file of many records;
    ``timeout`` is in seconds, for each web request.
    """
    opts = Options(lang, default_date, max_bytes, timeout)
    with ExitStack() as stack:  # the web client, opened at the first URL, closed at the end
        client = None
        for item in inputs:
            if item == "-":
                yield from _read_bytes(sys.stdin.buffer.read(), "<stdin>", None, opts)
            elif is_url(item):
                # Imported on first use: httpx and feedparser would slow every start-up.
                from . import web

                if client is None:
                    client = stack.enter_context(web.open_client(opts))
                yield from web.read_url(item, client, opts)
            elif Path(item).is_dir():
                for file in _walk(Path(item)):
                    yield from _read_file(file, opts)
            elif not Path(item).exists():
                yield Problem(item, "no such file or directory")
            else:
                yield from _read_file(Path(item), opts)


def estimate_total(inputs: Sequence[str]) -> int | None:
    """How many documents ``read_inputs`` will probably yield, cheaply, for a progress bar.

    JSONL and CSV lines are counted, not parsed; a JSON list is parsed only when under 50 MB
    (else it counts as 1). ``None`` when it cannot be known without reading: URLs, web archives
    and stdin.
    """
    total = 0
    for item in inputs:
        if item == "-" or is_url(item):
            return None
        path = Path(item)
        files = _walk(path) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            kind = _kind(file)
            if kind == "warc":
                return None
            try:
                total += _COUNTERS[kind](file) if kind in _COUNTERS else 1
            except OSError:
                continue  # read_inputs will report it
    return total


def _walk(directory: Path) -> list[Path]:
    """The readable files under a directory, hidden ones left out, in a stable order."""
    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and not p.name.startswith(".") and _kind(p) is not None)


def _kind(path: Path) -> str | None:
    name, suffix = path.name.lower(), path.suffix.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES),
                           ("json", JSON_SUFFIXES), ("csv", CSV_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return None


def _read_warc(path: Path, opts: Options) -> Iterator[Article | Problem]:
    # Imported on first use: warcio would slow every start-up.
    from .warc import read_warc

    return read_warc(path, opts)


# Files of many documents: read record by record, whatever their size.
_STREAMED = {"jsonl": read_jsonl, "json": read_json, "csv": read_csv, "warc": _read_warc}
_COUNTERS = {"jsonl": count_lines, "json": count_json_entries, "csv": count_rows}


def _read_file(path: Path, opts: Options) -> Iterator[Article | Problem]:
    reader = _STREAMED.get(_kind(path) or "")
    if reader is not None:
        yield from reader(path, opts)
        return
    name = str(path)
    try:
        size = path.stat().st_size
        if size > opts.max_bytes:
            yield Problem(name, over_limit(size, opts))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_bytes(data, name, path, opts)


def _decode(data: bytes, item: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text, or Windows-1252 with a warning; ``None`` with an error for binary data."""
    head = data[:8192]
    if b"\x00" in head:
        return None, Problem(item, "looks like a binary file (it contains NUL bytes); give text, HTML or JSONL")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t")
        if controls > len(text[:8192]) * 0.05:
            return None, Problem(item, f"not valid UTF-8 (byte {exc.start}) and not readable text either; skipped")
        return text, Problem(item, f"not valid UTF-8 (byte {exc.start}: {exc.reason}); read as Windows-1252",
                             severity="warning")


def _read_bytes(data: bytes, item: str, path: Path | None, opts: Options) -> Iterator[Article | Problem]:
    if len(data) > opts.max_bytes:
        yield Problem(item, over_limit(len(data), opts))
        return
    text, problem = _decode(data, item)
    if problem is not None:
        yield problem
    if text is None:
        return
    suffix = path.suffix.lower() if path else ""
    stripped = text.lstrip()
    if path is None and stripped.startswith("{"):
        yield from parse_jsonl(text.splitlines(), item, opts)
        return
    title, published = "", None
    if suffix in HTML_SUFFIXES or (path is None and stripped[:15].lower().startswith(("<!doctype html", "<html"))):
        title, text, published, removed = html_to_text(text)
        if removed:
            yield Problem(item, f"removed {removed} <script>/<style> element(s) before coding", severity="note")
    if not text.strip():
        yield Problem(item, "empty document: no text to code")
        return
    doc_id = path.stem if path else "stdin-" + hashlib.sha1(text.encode()).hexdigest()[:10]
    day = parse_date(published) or opts.default_date
    yield Article(id=doc_id, text=text, title=title, url=path.resolve().as_uri() if path else "", date=day,
                  lang=opts.lang, source=item)
