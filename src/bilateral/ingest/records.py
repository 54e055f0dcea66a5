"""Structured inputs (JSON Lines, JSON objects or lists, CSV/TSV tables) as records → ``Article``s.

Records are read one at a time, so memory stays flat whatever the file size, and a bad record is
reported by its place (``file:3`` for a JSONL line, ``file:[2]`` for a JSON list entry,
``file:row 4`` for a CSV row, the header being row 1 as in a spreadsheet) while the others go on.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from ..model import Article
from .base import Options, Problem, limit, outlet_of, over_limit, parse_date

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
    if not isinstance(text, str) or not text.strip():
        yield Problem(where, f"no \"{text_field}\" (or it is empty); {unit} skipped")
        return
    doc_id = record.get("id")
    doc_id = str(doc_id) if doc_id not in (None, "") else "doc-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    raw_date = record.get("date") or record.get("pub_date")
    day = parse_date(raw_date)
    if raw_date and day is None:
        yield Problem(where, f"date {raw_date!r} is not YYYY-MM-DD; using the default date", severity="warning")
    lang = record.get("lang") if isinstance(record.get("lang"), str) else None
    url = str(record.get("url") or "")
    outlet = record.get("outlet")
    outlet = outlet.strip() if isinstance(outlet, str) and outlet.strip() else outlet_of(url)
    yield Article(
        id=doc_id, text=text, title=str(record.get("title") or ""), url=url, date=day or opts.default_date,
        lang=lang or opts.lang, source=where, outlet=outlet,
    )


# --- JSON Lines ---------------------------------------------------------------------------------

def read_jsonl(path: Path, opts: Options) -> Iterator[Article | Problem]:
    try:
        with path.open("rb") as handle:
            yield from parse_jsonl(handle, str(path), opts)
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")


def parse_jsonl(lines: Iterable[bytes | str], item: str, opts: Options) -> Iterator[Article | Problem]:
    for number, raw in enumerate(lines, start=1):
        where = f"{item}:{number}"
        if isinstance(raw, bytes):
            if len(raw) > opts.max_bytes:
                yield Problem(where, over_limit(len(raw), opts, "line of "))
                continue
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(where, f"not valid UTF-8 (byte {exc.start}); line skipped")
                continue
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"not valid JSON ({exc.msg} at column {exc.colno}); line skipped")
            continue
        if not isinstance(record, dict):
            yield Problem(where, "a JSONL line must be an object with at least \"text\"; line skipped")
            continue
        yield from record_to_article(record, where, "line", opts)


# --- JSON ---------------------------------------------------------------------------------------

_OVERSIZED = object()  # what _JsonCursor.value gives for a value over the size limit
_OUTSIDE_STRING = re.compile(r'["\[\]{},]')
_INSIDE_STRING = re.compile(r'["\\]')


class _JsonCursor:
    """Reads JSON values one by one from a text stream, holding at most one value in memory."""

    def __init__(self, handle: TextIO, limit: int) -> None:
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
        """The next JSON value, or ``_OVERSIZED`` (passed over) if it is longer than the limit.

        Raises ``json.JSONDecodeError`` when there is no valid value.
        """
        self.peek()  # raw_decode does not skip leading blanks
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
                # A value that ends exactly at the end of the buffer may be a number cut in two.
                if end < len(self.buf) or self.eof:
                    size, self.pos = end - self.pos, end
                    return value if size <= self.limit else _OVERSIZED
            except json.JSONDecodeError:
                if self.eof:
                    raise
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


def read_json(path: Path, opts: Options) -> Iterator[Article | Problem]:
    """One record object, or a list of them read entry by entry."""
    name, where = str(path), str(path)
    try:
        with path.open(encoding="utf-8-sig") as handle:
            cursor = _JsonCursor(handle, opts.max_bytes)
            first = cursor.peek()
            if first == "":
                yield Problem(name, "empty file: no JSON to read")
            elif first == "[":
                cursor.take()
                where = f"{name}:[0]"
                for index, value in enumerate(_list_entries(cursor)):
                    where = f"{name}:[{index}]"
                    if value is _OVERSIZED:
                        yield Problem(where, f"entry over {limit(opts)} for one document; entry skipped "
                                             "(raise the limit with --max-bytes)")
                    elif isinstance(value, dict):
                        yield from record_to_article(value, where, "entry", opts)
                    else:
                        yield Problem(where, "a JSON entry must be an object with at least \"text\"; entry skipped")
                    where = f"{name}:[{index + 1}]"  # what a decoding error would be about
                where = name
                if cursor.peek():
                    yield Problem(name, "data after the closing ] was ignored", severity="warning")
            else:
                yield from _single_record(path, cursor, opts)
    except json.JSONDecodeError as exc:
        yield Problem(where, f"not valid JSON ({exc.msg}); the rest of the file is skipped")
    except UnicodeDecodeError as exc:
        yield Problem(where, f"not valid UTF-8 ({exc.reason}); the rest of the file is skipped")
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")


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


def _single_record(path: Path, cursor: _JsonCursor, opts: Options) -> Iterator[Article | Problem]:
    name = str(path)
    size = path.stat().st_size
    if size > opts.max_bytes:
        yield Problem(name, over_limit(size, opts))
        return
    record = cursor.value()
    if cursor.peek():
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
        encoding, problem = _sniff_encoding(path)
        if problem is not None:
            yield problem
            if problem.severity == "error":
                return
        # Windows-1252 leaves five bytes undefined: replace them rather than stop the file.
        errors = "replace" if encoding == "cp1252" else "strict"
        with path.open(encoding=encoding, errors=errors, newline="") as handle:
            header = handle.readline(_MAX_HEADER)
            if len(header) == _MAX_HEADER and not header.endswith("\n"):
                yield Problem(name, "the first line is over 1 MB: is this a CSV file with a header row?")
                return
            delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(header)
            yield from parse_csv(itertools.chain([header], handle), name, delimiter, opts)
    except UnicodeDecodeError as exc:
        yield Problem(name, f"not valid UTF-8 further on ({exc.reason}); the rest of the file is skipped")
    except OSError as exc:
        yield Problem(name, f"cannot read: {exc.strerror or exc}")
    finally:
        csv.field_size_limit(previous)


def _sniff_encoding(path: Path) -> tuple[str, Problem | None]:
    with path.open("rb") as handle:
        head = handle.read(65536)
    if b"\x00" in head:
        return "", Problem(str(path), "looks like a binary file (it contains NUL bytes); give a text CSV file")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        return "cp1252", Problem(str(path), f"not valid UTF-8 (byte {exc.start}: {exc.reason}); read as "
                                            "Windows-1252", severity="warning")
    return "utf-8-sig", None


def _delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def parse_csv(lines: Iterable[str], item: str, delimiter: str, opts: Options) -> Iterator[Article | Problem]:
    reader = csv.reader(lines, delimiter=delimiter)
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
    """Non-blank lines, read as bytes."""
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def count_rows(path: Path) -> int:
    """Non-blank lines after the header (a quoted value over several lines counts several times)."""
    return max(count_lines(path) - 1, 0)


def count_json_entries(path: Path) -> int:
    """Entries of a small JSON list, else 1 (a large list is not parsed just to count it)."""
    if path.stat().st_size >= SMALL_JSON_BYTES:
        return 1
    try:
        value = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError):
        return 1
    return len(value) if isinstance(value, list) else 1
