"""Turn inputs (files, directories, URLs, ``-`` for stdin) into ``Article``s, reporting every
unreadable item as a ``Problem``.

A bad item never stops the run: the reader yields a ``Problem`` naming it and goes on. Files that
hold many documents (JSONL, JSON lists, CSV/TSV, web archives) and feeds are read one document at
a time, so memory stays flat whatever the size of the corpus.
"""
from __future__ import annotations

import codecs
import hashlib
import itertools
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import IO

from ..model import Article
from ..textclean import clean_text, shown
from .base import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    HEAD_BYTES,
    Options,
    Problem,
    bounded_lines,
    is_binary,
    is_url,
    limit,
    open_input,
    over_limit,
    parse_date,
    wide_encoding,
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

__all__ = ["DEFAULT_DEADLINE", "DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "Problem", "estimate_total", "read_inputs"]

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
WARC_SUFFIXES = (".warc", ".warc.gz")  # matched on the end of the name: ".gz" alone is not enough


def read_inputs(
    inputs: Sequence[str], *, lang: str | None = None, default_date: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT, deadline: float = DEFAULT_DEADLINE,
    follow_links: bool = False, allow_private: bool = False,
) -> Iterator[Article | Problem]:
    """Stream articles (and problems) from files, directories, URLs or ``-`` (stdin).

    ``max_bytes`` bounds one document (a file, a record, a page), not a file of many records;
    ``timeout`` is in seconds, for each wait on a web server, and ``deadline`` for the whole fetch
    of one page (redirects included). A directory walk does not follow symbolic links that lead
    outside the directory unless ``follow_links``; the links found in a feed are not fetched
    from loopback, private or other non-public addresses unless ``allow_private`` (a URL given
    here is always fetched).
    """
    opts = Options(lang, default_date, max_bytes, timeout, deadline, follow_links, allow_private)
    with ExitStack() as stack:  # the web client, opened at the first URL, closed at the end
        client = None
        for item in inputs:
            if item == "-":
                yield from _read_stdin(sys.stdin.buffer, opts)
            elif is_url(item):
                # Imported on first use: httpx and feedparser would slow every start-up.
                from . import web

                if client is None:
                    client = stack.enter_context(web.open_client(opts))
                yield from web.read_url(item, client, opts)
            elif Path(item).is_dir():
                files, problems = _walk(Path(item), follow_links=follow_links)
                yield from problems
                for file in files:
                    yield from _read_file(file, opts)
            elif not Path(item).exists():
                yield Problem(item, "no such file or directory")
            else:
                yield from _read_file(Path(item), opts)


def estimate_total(inputs: Sequence[str], *, follow_links: bool = False) -> int | None:
    """How many documents ``read_inputs`` will probably yield, cheaply, for a progress bar.

    JSONL and CSV lines are counted, not parsed; a JSON list is parsed only when under 50 MB
    (else it counts as 1). ``None`` when it cannot be known without reading: URLs, web archives
    and stdin. Never raises: a file that cannot be counted counts as 1.
    """
    total = 0
    for item in inputs:
        if item == "-" or is_url(item):
            return None
        try:
            path = Path(item)
            files = (_walk(path, follow_links=follow_links)[0] if path.is_dir()
                     else [path] if path.is_file() else [])
        except (OSError, ValueError):
            continue  # read_inputs will report it
        for file in files:
            kind = _kind(file)
            if kind == "warc":
                return None
            try:
                total += _COUNTERS[kind](file) if kind in _COUNTERS else 1
            except Exception:  # noqa: BLE001 - a progress bar must not stop a run; read_inputs reports
                total += 1
    return total


def _walk(directory: Path, *, follow_links: bool = False) -> tuple[list[Path], list[Problem]]:
    """The readable files under a directory, hidden ones left out, in a stable order, and a
    warning for each symbolic link leading outside it (followed only with ``follow_links``).

    A link to a folder inside the directory is not walked twice; folders already walked (a link
    loop) are passed over.
    """
    root = Path(os.path.realpath(directory))
    files: list[Path] = []
    problems: list[Problem] = []
    seen = {root}
    pending = [directory]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(Problem(str(folder), f"cannot list this folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            is_dir, is_file = _entry_kind(entry)
            if not (is_dir or (is_file and _kind(path) is not None)):
                continue
            target = Path(os.path.realpath(path)) if entry.is_symlink() else None
            if target is not None and not target.is_relative_to(root):
                if not follow_links:
                    problems.append(Problem(str(path), f"a symbolic link to {target}, outside {directory}: not "
                                                       "followed (use --follow-links to read it)", "warning"))
                    continue
            elif target is not None and is_dir:
                continue  # a folder inside the directory: walked as itself
            if is_file:
                files.append(path)
            elif (real := target or Path(os.path.realpath(path))) not in seen:
                seen.add(real)
                pending.append(path)
    return sorted(files), problems


def _entry_kind(entry: os.DirEntry[str]) -> tuple[bool, bool]:
    """(is a folder, is a regular file), links followed; a broken link or a device is neither."""
    try:
        return entry.is_dir(), entry.is_file()
    except OSError:
        return False, False


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
        handle, size = open_input(path)
        with handle:
            if size is not None and size > opts.max_bytes:
                yield Problem(name, over_limit(size, opts))
                return
            data = handle.read(opts.max_bytes + 1)  # a device or a FIFO has no size: never read it all
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > opts.max_bytes:
        yield Problem(name, f"more than {limit(opts)} for one document (it has no size: a device or a pipe?); "
                            "skipped")
        return
    yield from _read_bytes(data, name, path, opts)


def _read_stdin(stream: IO[bytes], opts: Options) -> Iterator[Article | Problem]:
    """JSON Lines read line by line when the first line is an object, else one bounded document."""
    name = "<stdin>"
    head: list[bytes] = []  # the blank lines before the first that is not, and that one
    size = 0
    while size <= opts.max_bytes:
        line = stream.readline(opts.max_bytes + 1 - size)
        head.append(line)
        size += len(line)
        if not line or line.strip():
            break
    first = head[-1].lstrip().removeprefix(codecs.BOM_UTF8)
    if first.startswith(b"{") and size <= opts.max_bytes:
        yield from parse_jsonl(itertools.chain(head, bounded_lines(stream, opts.max_bytes)), name, opts)
        return
    data = b"".join(head)
    data += stream.read(opts.max_bytes + 1 - len(data))
    if len(data) > opts.max_bytes:
        yield Problem(name, f"more than {limit(opts)} for one document; split it, or give JSON Lines "
                            "(one document per line), or raise the limit with --max-bytes")
        return
    yield from _read_bytes(data, name, None, opts)


def _decode(data: bytes, item: str) -> tuple[str | None, Problem | None]:
    """UTF-8 (or UTF-16/32 with a byte order mark) text, or Windows-1252 with a warning;
    ``None`` with an error for binary data."""
    wide = wide_encoding(data[:4])
    if wide is not None:
        return data.decode(wide, errors="replace"), None
    if is_binary(data[:HEAD_BYTES]):
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
    title = ""
    published = None
    if suffix in HTML_SUFFIXES or (path is None and stripped[:15].lower().startswith(("<!doctype html", "<html"))):
        page = html_to_text(text)
        title, text, published = page.title, page.text, page.published
        if page.removed:
            yield Problem(item, f"removed {page.removed} <script>/<style> element(s) before coding", severity="note")
        if page.flattened:
            yield Problem(item, f"markup nested too deep: {page.flattened} tag(s) past the limit were dropped, "
                                "their text kept", severity="warning")
    text, title = clean_text(text), clean_text(title)  # before any hashing: no lone surrogate
    if not text.strip():
        yield Problem(item, "empty document: no text to code")
        return
    doc_id = shown(path.stem) if path else "stdin-" + hashlib.sha1(text.encode()).hexdigest()[:10]
    day = parse_date(published) or opts.default_date
    yield Article(id=doc_id, text=text, title=title, url=_file_uri(path) if path else "", date=day,
                  lang=opts.lang, source=shown(item), outlet="")


def _file_uri(path: Path) -> str:
    """``file:`` URI of the file; undecodable bytes of its name are percent-escaped."""
    try:
        return path.resolve().as_uri()
    except (OSError, ValueError):
        return ""
