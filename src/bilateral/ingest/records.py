"""Structured inputs (JSON Lines, JSON objects or lists, CSV/TSV tables) as records → ``Article``s.

Records are read one at a time, so memory stays flat whatever the file size, and a bad record is
reported by its place (``file:3`` for a JSONL line, ``file:[2]`` for a JSON list entry,
``file:row 4`` for a CSV row, the header being row 1 as in a spreadsheet) while the others go on.
Every line, entry and row is bounded by the document size limit and JSON by a nesting depth
(``MAX_JSON_DEPTH``); text that is not UTF-8 is read as Windows-1252 with one warning per file.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from ..model import Article
from ..textclean import clean_text
from .base import (
    CP1252_FALLBACK,
    HEAD_BYTES,
    Options,
    Overlong,
    Problem,
    bounded_lines,
    is_binary,
    limit,
    open_input,
    outlet_of,
    over_limit,
    parse_date,
    register_fallback,
    too_deep,
    too_deep_message,
    utf8_or_cp1252,
    wide_encoding,
)

TEXT_COLUMNS = ("text", "body", "content", "texte")
OPTIONAL_COLUMNS = (("id", ("id",)), ("title", ("title",)), ("url", ("url",)), ("date", ("date", "published")),
                    ("lang", ("lang",)), ("outlet", ("outlet",)))  # (record key, column names in order of preference)
SMALL_JSON_BYTES = 50 * 1024 * 1024  # estimate_total parses a JSON list only below this size

_CHUNK = 1 << 20
_MAX_HEADER = 1 << 20
_DECODER = json.JSONDecoder()
_NON_BLANK = re.compile(r"\S")


def record_to_article(
    record: Mapping[str, object], where: str, unit: str, opts: Options, *, text_field: str = "text",
) -> Iterator[Article | Problem]:
    """The ``Article`` a record describes (after a warning about its date, if any), or a ``Problem``.

    ``unit`` names what is skipped in messages ("line", "entry", "row"); ``text_field`` is the
    key or column the text came from.
    """
    text = record.get("text")
    text = clean_text(text) if isinstance(text, str) else ""  # before any hashing: no lone surrogate
    if not text.strip():
        yield Problem(where, f"no \"{text_field}\" (or it is empty); {unit} skipped")
        return
    doc_id = record.get("id")
    doc_id = _field(doc_id) if doc_id not in (None, "") else "doc-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    raw_date = record.get("date") or record.get("pub_date")
    day = parse_date(raw_date)
    if raw_date and day is None:
        yield Problem(where, f"date {_field(raw_date)[:100]!r} is not YYYY-MM-DD; using the default date",
                      severity="warning")
    lang = _field(record.get("lang")) if isinstance(record.get("lang"), str) else None
    url = _field(record.get("url") or "")
    outlet = _field(record.get("outlet") or "").strip() or outlet_of(url)
    yield Article(
        id=doc_id, text=text, title=_field(record.get("title") or ""), url=url, date=day or opts.default_date,
        lang=lang or opts.lang, source=where, outlet=outlet,
    )


def _field(value: object) -> str:
    """A record's value as clean text, whatever its type (a number, a list, a half emoji)."""
    return clean_text(value if isinstance(value, str) else str(value))


# --- JSON Lines ---------------------------------------------------------------------------------

def read_jsonl(path: Path, opts: Options) -> Iterator[Article | Problem]:
    name = str(path)
    try:
        handle, _ = open_input(path)
        with handle:
            head, binary = _head(handle, name, "JSON Lines text")
            if binary:
                yield binary
                return
            yield from parse_jsonl(bounded_lines(_text_stream(handle, head), opts.max_bytes), name, opts)
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")


def _head(handle: IO[bytes], name: str, wanted: str) -> tuple[bytes, Problem | None]:
    """The first bytes of an opened file, left unread, and the problem if they are binary."""
    head = handle.peek(HEAD_BYTES)[:HEAD_BYTES]
    if is_binary(head):
        return head, Problem(name, f"looks like a binary file (it contains NUL bytes); give {wanted}")
    return head, None


def _text_stream(handle: IO[bytes], head: bytes) -> IO[bytes] | IO[str]:
    """``handle`` itself (UTF-8 decoded line by line later), or decoded as the BOM says."""
    wide = wide_encoding(head)
    return io.TextIOWrapper(handle, encoding=wide, errors="replace", newline="") if wide else handle


def parse_jsonl(lines: Iterable[bytes | str | Overlong], item: str, opts: Options) -> Iterator[Article | Problem]:
    """Records of JSON Lines; ``lines`` as ``bounded_lines`` gives them (plain strings or bytes do too)."""
    for number, raw in enumerate(lines, start=1):
        where = f"{item}:{number}"
        size = raw.size if isinstance(raw, Overlong) else len(raw)
        if size > opts.max_bytes:
            yield Problem(where, over_limit(size, opts, "line of "))
            continue
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(where, f"not valid UTF-8 (byte {exc.start}); line skipped")
                continue
        elif number == 1:
            raw = raw.removeprefix("\ufeff")
        if not raw.strip():
            continue
        if too_deep(raw):
            yield Problem(where, too_deep_message("line"))
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"not valid JSON ({exc.msg} at column {exc.colno}); line skipped")
            continue
        except RecursionError:  # not expected after too_deep, but a record must never stop the run
            yield Problem(where, too_deep_message("line"))
            continue
        if not isinstance(record, dict):
            yield Problem(where, "a JSONL line must be an object with at least \"text\"; line skipped")
            continue
        yield from record_to_article(record, where, "line", opts)


# --- JSON ---------------------------------------------------------------------------------------

_OVERSIZED = object()  # what _JsonCursor.value gives for a value over the size limit
_TOO_DEEP = object()  # ... and for a value nested deeper than MAX_JSON_DEPTH
_OUTSIDE_STRING = re.compile(r'["\[\]{},]')
_INSIDE_STRING = re.compile(r'["\\]')


class _JsonCursor:
    """Reads JSON values one by one from a text stream, holding at most one value in memory."""

    def __init__(self, handle: _Utf8Text | IO[str], limit: int) -> None:
        self.handle, self.limit = handle, limit
        self.buf, self.pos, self.eof = "", 0, False

    def _more(self, size: int = _CHUNK) -> bool:
        chunk = "" if self.eof else self.handle.read(size)
        if not chunk:
            self.eof = True
            return False
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next non-blank character, ``""`` at the end, left unread."""
        while True:
            found = _NON_BLANK.search(self.buf, self.pos)
            if found:
                self.pos = found.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self._more():
                return ""

    def take(self) -> None:
        self.pos += 1

    def value(self) -> object:
        """The next JSON value, or ``_OVERSIZED`` / ``_TOO_DEEP`` (passed over) if it is longer
        than the limit or nested too deep.

        Raises ``json.JSONDecodeError`` when there is no valid value.
        """
        self.peek()  # raw_decode does not skip leading blanks
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
                # A value that ends exactly at the end of the buffer may be a number cut in two.
                if end < len(self.buf) or self.eof:
                    start, self.pos = self.pos, end
                    if end - start > self.limit:
                        return _OVERSIZED
                    return _TOO_DEEP if too_deep(self.buf[start:end]) else value
            except json.JSONDecodeError:
                if self.eof:
                    raise
            except RecursionError:  # nested far deeper than the limit: pass over it without parsing
                self._skip()
                return _TOO_DEEP
            pending = len(self.buf) - self.pos
            if pending > self.limit:
                self._skip()
                return _OVERSIZED
            self._more(max(_CHUNK, pending))  # doubling the buffer keeps re-decoding linear

    def _skip(self) -> None:
        """Pass over the value at the cursor, up to the next ``,`` or ``]`` outside it, unparsed."""
        depth, in_string = 0, False
        while True:
            found = (_INSIDE_STRING if in_string else _OUTSIDE_STRING).search(self.buf, self.pos)
            if found is None:
                self.pos = len(self.buf)
                if not self._more():
                    return  # the caller finds no separator and reports the file as cut short
                continue
            char, self.pos = found.group(), found.end()
            if in_string:
                if char == "\\":  # the escaped character may be in the next chunk
                    if self.pos >= len(self.buf) and not self._more():
                        return
                    self.pos += 1
                else:
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
            elif depth == 0 and char in ",]}":
                self.pos -= 1
                return
            elif char in "]}":
                depth -= 1


class _Utf8Text:
    """A binary stream read as UTF-8 text (a BOM skipped), bytes that are not UTF-8 read as
    Windows-1252; ``error`` keeps the first such byte's offset and reason for one warning."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.offset = raw, 0
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.error: tuple[int, str] | None = None

    def read(self, size: int) -> str:
        while True:  # a chunk can end inside a character: never answer "" before the end
            data = self.raw.read(size)
            state = self.decoder.getstate()
            try:
                text = self.decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                if self.error is None:
                    self.error = (self.offset - len(state[0]) + exc.start, exc.reason)
                register_fallback()
                self.decoder.setstate(state)
                self.decoder.errors = CP1252_FALLBACK
                text = self.decoder.decode(data, final=not data)
                self.decoder.errors = "strict"
            self.offset += len(data)
            if text or not data:
                return text


def read_json(path: Path, opts: Options) -> Iterator[Article | Problem]:
    """One record object, or a list of them read entry by entry."""
    name, where = str(path), str(path)
    try:
        raw, size = open_input(path)
        with raw:
            head, binary = _head(raw, name, "JSON text")
            if binary:
                yield binary
                return
            wide = wide_encoding(head)
            handle = io.TextIOWrapper(raw, encoding=wide, errors="replace") if wide else _Utf8Text(raw)
            cursor = _JsonCursor(handle, opts.max_bytes)
            warned = False
            first = cursor.peek()
            if first == "":
                yield Problem(name, "empty file: no JSON to read")
            elif first == "[":
                cursor.take()
                where = f"{name}:[0]"
                for index, value in enumerate(_list_entries(cursor)):
                    where = f"{name}:[{index}]"
                    if not warned and getattr(handle, "error", None):
                        warned = True
                        yield _not_utf8(name, handle.error)
                    yield from _entry(value, where, opts)
                    where = f"{name}:[{index + 1}]"  # what a decoding error would be about
                where = name
                if cursor.peek():
                    yield Problem(name, "data after the closing ] was ignored", severity="warning")
            else:
                yield from _single_record(name, size, cursor, opts)
            if not warned and getattr(handle, "error", None):
                yield _not_utf8(name, handle.error)
    except json.JSONDecodeError as exc:
        yield Problem(where, f"not valid JSON ({exc.msg}); the rest of the file is skipped")
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")


def _not_utf8(name: str, error: tuple[int, str]) -> Problem:
    return Problem(name, f"not valid UTF-8 (byte {error[0]}: {error[1]}); read as Windows-1252", severity="warning")


def _entry(value: object, where: str, opts: Options) -> Iterator[Article | Problem]:
    if value is _OVERSIZED:
        yield Problem(where, f"entry over {limit(opts)} for one document; entry skipped "
                             "(raise the limit with --max-bytes)")
    elif value is _TOO_DEEP:
        yield Problem(where, too_deep_message("entry"))
    elif isinstance(value, dict):
        yield from record_to_article(value, where, "entry", opts)
    else:
        yield Problem(where, "a JSON entry must be an object with at least \"text\"; entry skipped")


def _list_entries(cursor: _JsonCursor) -> Iterator[object]:
    """Each entry of a list whose ``[`` was just taken."""
    if cursor.peek() == "]":
        cursor.take()
        return
    while True:
        yield cursor.value()
        separator = cursor.peek()
        cursor.take()
        if separator == "]":
            return
        if separator != ",":
            raise json.JSONDecodeError("Expecting ',' or ']' after the previous entry", cursor.buf, cursor.pos)


def _single_record(name: str, size: int | None, cursor: _JsonCursor, opts: Options) -> Iterator[Article | Problem]:
    if size is not None and size > opts.max_bytes:
        yield Problem(name, over_limit(size, opts))
        return
    record = cursor.value()
    if record is _OVERSIZED:
        yield Problem(name, f"more than {limit(opts)} for one document; split it, or raise the limit with "
                            "--max-bytes")
    elif record is _TOO_DEEP:
        yield Problem(name, too_deep_message("file"))
    elif cursor.peek():
        yield Problem(name, "more than one JSON value: give one object or a list of objects "
                            "(a file with one object per line should be named .jsonl); file skipped")
    elif not isinstance(record, dict):
        yield Problem(name, "a .json file must hold one object, or a list of objects, with at least \"text\"")
    else:
        yield from record_to_article(record, name, "file", opts)


# --- CSV and TSV --------------------------------------------------------------------------------

def read_csv(path: Path, opts: Options) -> Iterator[Article | Problem]:
    """Rows of a table with a header; tab-separated for ``.tsv``, else the header's separator."""
    name = str(path)
    # The csv module's field limit is process-wide: raise it for this file only.
    previous = csv.field_size_limit(min(max(opts.max_bytes, 1), 2**31 - 1))
    try:
        handle, _ = open_input(path)
        with handle:
            head, binary = _head(handle, name, "a text CSV file")
            if binary:
                yield binary
                return
            lines = _CsvLines(_text_stream(handle, head), opts.max_bytes)
            try:
                header = next(lines, "")
            except _RowTooLong:
                header = None
            if header is None or len(header) > _MAX_HEADER:
                yield Problem(name, "the first line is over 1 MB: is this a CSV file with a header row?")
                return
            lines.row_done()
            delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(header)
            yield from parse_csv(itertools.chain([header], lines), name, delimiter, opts, source=lines)
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")
    finally:
        csv.field_size_limit(previous)


class _RowTooLong(Exception):
    """Raised through the csv reader by ``_CsvLines``: the row it is reading is over the limit."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class _CsvLines:
    """The lines of a CSV file for the csv reader, decoded one by one (bytes that are not UTF-8
    read as Windows-1252), each row bounded by the document size limit."""

    def __init__(self, stream: IO[bytes] | IO[str], max_bytes: int) -> None:
        self.lines = bounded_lines(stream, max_bytes)
        self.max_bytes, self.number, self.row_size = max_bytes, 0, 0
        self.not_utf8: tuple[int, UnicodeDecodeError] | None = None  # the first such line

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.number += 1
        size = line.size if isinstance(line, Overlong) else len(line)
        self.row_size += size
        if self.row_size > self.max_bytes:
            raise _RowTooLong(self.row_size)
        if isinstance(line, str):
            return line.removeprefix("\ufeff") if self.number == 1 else line
        text, error = utf8_or_cp1252(line.removeprefix(codecs.BOM_UTF8) if self.number == 1 else line)
        if error is not None and self.not_utf8 is None:
            self.not_utf8 = (self.number, error)
        return text

    def row_done(self) -> None:
        self.row_size = 0


def _delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def parse_csv(
    lines: Iterable[str], item: str, delimiter: str, opts: Options, *, source: _CsvLines | None = None,
) -> Iterator[Article | Problem]:
    """Records of a table whose first line is the header; ``source``, when the lines come from
    one, bounds each row and tells which line was not UTF-8."""
    reader = csv.reader(lines, delimiter=delimiter)
    warned = False
    try:
        header = next(reader)
    except StopIteration:
        yield Problem(item, "empty file: no header row")
        return
    except csv.Error as exc:
        yield Problem(item, f"cannot read the header row ({exc})")
        return
    columns = [name.strip().lower() for name in header]
    text_column = next((name for name in TEXT_COLUMNS if name in columns), None)
    if text_column is None:
        shown = ", ".join(repr(name) for name in header[:20]) + (", …" if len(header) > 20 else "")
        yield Problem(item, f"no text column: one must be named {', '.join(TEXT_COLUMNS[:-1])} or "
                            f"{TEXT_COLUMNS[-1]}; the columns are {shown or 'none'}")
        return
    fields = {"text": columns.index(text_column)}
    for key, names in OPTIONAL_COLUMNS:
        found = next((name for name in names if name in columns), None)
        if found is not None:
            fields[key] = columns.index(found)
    for number in itertools.count(2):
        where = f"{item}:row {number}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(where, f"not valid CSV ({exc}); row skipped")
            continue
        except _RowTooLong as exc:
            yield Problem(where, over_limit(exc.size, opts, "row of ") + "; row skipped")
            continue
        finally:
            if source is not None:
                source.row_done()
        if source is not None and source.not_utf8 is not None and not warned:
            warned = True
            line, error = source.not_utf8
            yield Problem(item, f"not valid UTF-8 (line {line}, byte {error.start}: {error.reason}); read as "
                                "Windows-1252", severity="warning")
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(columns) or any(cell.strip() for cell in row[len(columns):]):
            yield Problem(where, f"{len(row)} fields where the header has {len(columns)}; row skipped "
                                 f"(a {delimiter!r} or a quote inside a value that is not quoted?)")
            continue
        record = {key: row[index] for key, index in fields.items()}
        yield from record_to_article(record, where, "row", opts, text_field=text_column)


# --- cheap counts for a progress bar -------------------------------------------------------------

def count_lines(path: Path) -> int:
    """Non-blank lines, read in chunks: a line of gigabytes is counted, not held."""
    count, pending = 0, False  # pending: the line being read has non-blank bytes so far
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines = chunk.split(b"\n")
            for line in lines[:-1]:
                count += pending or bool(line.strip())
                pending = False
            pending = pending or bool(lines[-1].strip())
    return count + pending


def count_rows(path: Path) -> int:
    """Non-blank lines after the header (a quoted value over several lines counts several times)."""
    return max(count_lines(path) - 1, 0)


def count_json_entries(path: Path) -> int:
    """Entries of a small JSON list, else 1 (a large or unreadable list is not parsed just to count it)."""
    if path.stat().st_size >= SMALL_JSON_BYTES:
        return 1
    data = path.read_bytes()
    try:
        value = json.loads(data) if not too_deep(data.decode("utf-8", "replace")) else None
    except (ValueError, RecursionError):
        return 1
    return len(value) if isinstance(value, list) else 1
