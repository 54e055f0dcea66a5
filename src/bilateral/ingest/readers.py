"""Turn input paths into ``Article``s, reporting every unreadable item as a ``Problem``.

A bad item never stops the run: the reader yields a ``Problem`` naming it and goes on.
"""
from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Article
from .html import html_to_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True, slots=True)
class Problem:
    """An input item that could not be read (``error``) or was read with a caveat (``warning``)."""

    item: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity}: {self.item}: {self.message}"


@dataclass(frozen=True, slots=True)
class Options:
    lang: str | None = None  # forced language; None = per document
    default_date: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def read_inputs(
    inputs: list[str], *, lang: str | None = None, default_date: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Problem]:
    """Stream articles (and problems) from files, directories, JSONL files or ``-`` (stdin)."""
    opts = Options(lang, default_date, max_bytes)
    for item in inputs:
        if item == "-":
            yield from _read_bytes(sys.stdin.buffer.read(), "<stdin>", None, opts)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            for file in files:
                if file.suffix.lower() in KNOWN_SUFFIXES:
                    yield from _read_file(file, opts)
            continue
        if not path.exists():
            yield Problem(item, "no such file or directory")
            continue
        yield from _read_file(path, opts)


def _read_file(path: Path, opts: Options) -> Iterator[Article | Problem]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > opts.max_bytes and path.suffix.lower() not in JSONL_SUFFIXES:
            yield Problem(name, f"{size / 1e6:.1f} MB is over the {opts.max_bytes / 1e6:.0f} MB limit for one "
                                "document; split it, or raise the limit with --max-bytes")
            return
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, opts)
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
        yield Problem(item, f"{len(data) / 1e6:.1f} MB is over the {opts.max_bytes / 1e6:.0f} MB limit for one document")
        return
    text, problem = _decode(data, item)
    if problem is not None:
        yield problem
    if text is None:
        return
    suffix = path.suffix.lower() if path else ""
    stripped = text.lstrip()
    if path is None and stripped.startswith("{"):
        yield from _parse_jsonl(text.splitlines(), item, opts)
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
    day = _parse_date(published) or opts.default_date
    yield Article(id=doc_id, text=text, title=title, url=path.resolve().as_uri() if path else "", date=day,
                  lang=opts.lang, source=item)


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _read_jsonl(path: Path, opts: Options) -> Iterator[Article | Problem]:
    try:
        with path.open("rb") as handle:
            yield from _parse_jsonl(handle, str(path), opts)
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")


def _parse_jsonl(lines, item: str, opts: Options) -> Iterator[Article | Problem]:
    for number, raw in enumerate(lines, start=1):
        where = f"{item}:{number}"
        if isinstance(raw, bytes):
            if len(raw) > opts.max_bytes:
                yield Problem(where, f"line of {len(raw) / 1e6:.1f} MB is over the {opts.max_bytes / 1e6:.0f} MB limit")
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
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Problem(where, "no \"text\" (or it is empty); line skipped")
            continue
        doc_id = record.get("id")
        doc_id = str(doc_id) if doc_id not in (None, "") else "doc-" + hashlib.sha1(text.encode()).hexdigest()[:12]
        raw_date = record.get("date") or record.get("pub_date")
        day = _parse_date(raw_date)
        if raw_date and day is None:
            yield Problem(where, f"date {raw_date!r} is not YYYY-MM-DD; using the default date", severity="warning")
        lang = record.get("lang") if isinstance(record.get("lang"), str) else None
        yield Article(
            id=doc_id, text=text, title=str(record.get("title") or ""), url=str(record.get("url") or ""),
            date=day or opts.default_date, lang=lang or opts.lang, source=where,
        )
