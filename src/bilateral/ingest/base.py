"""What every reader shares: the ``Problem`` record, the reading options, dates and outlets, and the
bounded ways of opening, decoding and splitting input that keep hostile files from stopping a run."""
from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, AnyStr
from urllib.parse import urlsplit

from ..textclean import shown

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0
DEFAULT_DEADLINE = 60.0
MAX_JSON_DEPTH = 100  # deeper JSON records are refused: Python's parser would recurse once per level
HEAD_BYTES = 8192  # what is looked at to tell text from binary data


@dataclass(frozen=True, slots=True)
class Problem:
    """An input item that could not be read (``error``) or was read with a caveat (``warning``)."""

    item: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity}: {shown(self.item)}: {shown(self.message)}"


@dataclass(frozen=True, slots=True)
class Options:
    """How inputs are read.

    ``max_bytes`` bounds one document (a file, a record, a page); ``timeout`` bounds each wait
    for a web server, ``deadline`` the whole fetch of one document, redirects included (a server
    sending one byte at a time never times out otherwise). ``follow_links`` lets a directory walk
    follow symbolic links that lead outside the directory; ``allow_private`` lets the links found
    in a feed point at loopback, private or otherwise non-public addresses.
    """

    lang: str | None = None  # forced language; None = per document
    default_date: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT  # seconds, for each wait on a web server
    deadline: float = DEFAULT_DEADLINE  # seconds, for everything it takes to fetch one document
    follow_links: bool = False
    allow_private: bool = False


def parse_date(value: object) -> date | None:
    """The day of an ISO 8601 date or date-time string (``2025-10-14T08:00:00Z`` → 2025-10-14)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def is_url(item: str) -> bool:
    return item[:8].lower().startswith(("http://", "https://"))


def outlet_of(url: str) -> str:
    """The web site a URL belongs to, as a host name without ``www.``; ``""`` for non-web URLs."""
    try:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return ""
    except ValueError:
        return ""
    host = parts.hostname.rstrip(".")
    return host.removeprefix("www.")


def limit(opts: Options) -> str:
    """``"the 10 MB limit for one document"``, readable for small limits too."""
    megabytes = opts.max_bytes / 1e6
    return f"the {megabytes:.0f} MB limit" if megabytes >= 1 else f"the {megabytes:.2g} MB limit"


def over_limit(size: int, opts: Options, what: str = "") -> str:
    return (f"{what}{size / 1e6:.1f} MB is over {limit(opts)} for one document; "
            "split it, or raise the limit with --max-bytes")


# --- opening and decoding -----------------------------------------------------------------------

def open_input(path: Path) -> tuple[IO[bytes], int | None]:
    """The file opened for reading bytes, and its size when it is a regular file (else ``None``).

    A FIFO is opened without waiting for a writer (one that has none reads as empty), and a
    device or FIFO has no size: its readers must bound what they read themselves.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # the writer, if any, is now waited for as usual
        handle = open(fd, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    except BaseException:
        os.close(fd)
        raise
    return handle, info.st_size if stat.S_ISREG(info.st_mode) else None


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def wide_encoding(head: bytes) -> str | None:
    """``"utf-16"`` or ``"utf-32"`` when the data starts with that byte order mark."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), None)


def is_binary(head: bytes) -> bool:
    """NUL bytes in the first bytes, and no UTF-16/32 byte order mark to explain them."""
    return b"\x00" in head[:HEAD_BYTES] and wide_encoding(head) is None


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


CP1252_FALLBACK = "bilateral.cp1252"  # a codec error handler: undecodable UTF-8 bytes read as Windows-1252


def utf8_or_cp1252(data: bytes) -> tuple[str, UnicodeDecodeError | None]:
    """``data`` as UTF-8; bytes that are not UTF-8 read as Windows-1252, the first such error returned."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        register_fallback()
        return data.decode("utf-8", errors=CP1252_FALLBACK), exc


def register_fallback() -> None:
    codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)  # idempotent: the same function each time


# --- bounded lines ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Overlong:
    """What ``bounded_lines`` gives for a line longer than the limit: its size, not its content."""

    size: int


_SKIP_CHUNK = 1 << 20


def bounded_lines(stream: IO[AnyStr], max_size: int) -> Iterator[AnyStr | Overlong]:
    """The lines of a binary or text stream, each ending with its newline; a line longer than
    ``max_size`` is passed over in chunks, never held, and given as ``Overlong``."""
    while True:
        line = stream.readline(max_size + 1)
        if not line:
            return
        if len(line) <= max_size or line[-1:] in ("\n", b"\n"):
            yield line
            continue
        size = len(line)
        while True:  # the rest of the line, a chunk at a time
            rest = stream.readline(_SKIP_CHUNK)
            size += len(rest)
            if not rest or rest[-1:] in ("\n", b"\n"):
                break
        yield Overlong(size)


# --- JSON depth ---------------------------------------------------------------------------------

# A JSON string (escapes included) or a bracket: brackets inside strings do not nest.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def too_deep(text: str, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON text nests arrays and objects more than ``max_depth`` levels.

    Cheap for ordinary records: with fewer opening brackets than the limit, nothing is scanned.
    """
    if text.count("[") + text.count("{") <= max_depth:
        return False
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        char = text[token.start()]
        if char in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif char in "]}":
            depth -= 1
    return False


def too_deep_message(unit: str) -> str:
    return f"nested more than {MAX_JSON_DEPTH} levels deep; {unit} skipped"
