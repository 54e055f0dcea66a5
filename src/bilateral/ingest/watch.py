"""``bilateral watch``: follow feeds, pages and folders, coding what is new every few minutes.

Each cycle is one ``ingest`` run (a ``runs`` row with command ``watch``): every feed and page is
fetched again, but a feed entry whose link is already stored, or was read by an earlier cycle, is
not fetched; in a folder only the files that are new or changed since the last cycle are read.
What is read then goes through ingest's own path, so an article already stored is never stored
twice, every batch is committed in its own transaction (a ``kill -9`` loses no stored row), and
the store is held only while a batch is written (a dashboard keeps serving it).

A source that cannot be reached fails its cycle's reading of it, never the loop: it is reported
in the cycle's status and tried again next cycle.
"""
from __future__ import annotations

import logging
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa

from ..errors import BilateralError, InputError
from ..model import Article
from ..store import DEFAULT_DB
from ..store.gate import Gate
from .base import Options, Problem, is_url
from .readers import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, _walk, read_inputs
from .run import IngestSummary, ingest

DEFAULT_EVERY = 15 * 60.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_log = logging.getLogger(__name__)


def parse_every(text: str) -> float:
    """``"15m"`` → 900.0 seconds; ``s``, ``m``, ``h`` and ``d`` are understood, a bare number is seconds."""
    found = _EVERY.match(text)
    if not found:
        raise InputError(f"{text!r} is not a length of time", hint="write it as 30s, 15m, 1h or 1d")
    return float(found.group(1)) * _UNITS[(found.group(2) or "s").lower()]


def read_feed_list(path: str | Path) -> list[str]:
    """The URLs of a feed list: one a line; blank lines and ``#`` comments (whole or trailing) are skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the feed list {path}: {exc}",
                         hint="give a UTF-8 text file, one URL a line") from exc
    urls = []
    for number, line in enumerate(lines, start=1):
        url = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not url:
            continue
        if not is_url(url):
            raise InputError(f"{path}:{number}: {url!r} is not an http(s) URL",
                             hint="one feed URL a line; lines starting with # are comments")
        urls.append(url)
    return urls


@dataclass(frozen=True)
class Cycle:
    """What one cycle did: its run's summary (None when it could not run), the sources it could
    not reach, and the error that stopped it, if any."""

    number: int
    started: datetime
    seconds: float
    summary: IngestSummary | None
    unreachable: tuple[str, ...] = ()
    error: str | None = None

    def status(self) -> str:
        """One line for the terminal."""
        when = self.started.strftime("%H:%M:%S UTC")
        if self.summary is None:
            return f"cycle {self.number} at {when}: failed ({self.error})"
        s = self.summary
        text = (f"cycle {self.number} at {when}: {s.added} new article{'s' * (s.added != 1)}, {s.known} known, "
                f"{s.mentions} reports, {s.problems} problem{'s' * (s.problems != 1)}; {s.events} events in the "
                f"store ({self.seconds:.1f} s)")
        if self.unreachable:
            text += f"; unreachable: {', '.join(self.unreachable)}"
        return text


@dataclass
class Watcher:
    """The sources of a watch and what it has already seen of them; ``cycle()`` runs one cycle."""

    sources: Sequence[str]
    db: str | Path = DEFAULT_DB
    feed_lists: Sequence[str | Path] = ()
    workers: int | None = 1
    batch_size: int = 32
    lang: str | None = None
    default_date: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    follow_links: bool = False
    allow_private: bool = False
    today: date | None = None
    on_problem: Callable[[Problem], None] | None = None
    number: int = 0
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # path → (size, mtime) when last read
    links: set[str] = field(default_factory=set)  # feed entry links read by an earlier cycle

    def __post_init__(self) -> None:
        if "-" in self.sources:
            raise InputError("a watch cannot read stdin (-)", hint="give feeds, URLs, files or folders")
        self.gate = Gate(self.db)

    def urls(self) -> list[str]:
        """The URLs to fetch this cycle: those given, then the feed lists' (read again every cycle)."""
        found = [source for source in self.sources if is_url(source)]
        for path in self.feed_lists:
            found += [url for url in read_feed_list(path) if url not in found]
        return found

    def changed_files(self, problems: list[Problem]) -> list[Path]:
        """Files of the sources that are new or changed since the last cycle."""
        found: list[Path] = []
        for source in self.sources:
            if is_url(source):
                continue
            path = Path(source)
            if path.is_dir():
                files, trouble = _walk(path, follow_links=self.follow_links)
                problems += trouble
            elif path.exists():
                files = [path]
            else:
                problems.append(Problem(source, "no such file or directory"))
                continue
            for file in files:
                try:
                    info = file.stat()
                except OSError as exc:
                    problems.append(Problem(str(file), f"cannot read it: {exc.strerror}"))
                    continue
                if self.files.get(str(file)) != (info.st_size, info.st_mtime_ns):
                    self.files[str(file)] = (info.st_size, info.st_mtime_ns)
                    found.append(file)
        return found

    def known_links(self, links: Sequence[str]) -> set[str]:
        """Which feed entry links were read before: by this watch, or stored as an article's URL."""
        fresh = [link for link in links if link not in self.links]
        stored: set[str] = set()
        if fresh:
            with self.gate.writing() as con:
                con.register("_links", pa.table({"url": pa.array(fresh, pa.string())}))
                try:
                    stored = {row[0] for row in con.execute(
                        "SELECT DISTINCT a.url FROM articles a JOIN _links USING (url)").fetchall()}
                finally:
                    con.unregister("_links")
        self.links.update(links)
        return stored | (set(links) - set(fresh))

    def _items(self, urls: list[str], files: list[Path], problems: list[Problem]) -> Iterator[Article | Problem]:
        yield from problems
        opts = Options(self.lang, self.default_date, self.max_bytes, self.timeout, self.deadline,
                       self.follow_links, self.allow_private)
        if urls:
            from . import web

            with web.open_client(opts) as session:
                for url in urls:
                    yield from web.read_url(url, session, opts, known=self.known_links)
        if files:
            yield from read_inputs([str(file) for file in files], lang=self.lang, default_date=self.default_date,
                                   max_bytes=self.max_bytes, timeout=self.timeout, deadline=self.deadline,
                                   follow_links=self.follow_links, allow_private=self.allow_private)

    def cycle(self) -> Cycle:
        """Fetch, read, code and store what is new; never raises for a source or the store (the
        cycle's ``error`` says what went wrong), only for an interruption."""
        self.number += 1
        started, clock = datetime.now(timezone.utc), time.monotonic()
        unreachable: list[str] = []

        def report(problem: Problem) -> None:
            if problem.item in urls and problem.severity == "error":
                unreachable.append(problem.item)
            if self.on_problem:
                self.on_problem(problem)

        try:
            urls = self.urls()
            problems: list[Problem] = []
            files = self.changed_files(problems)
            summary = ingest([*urls, *map(str, files)], db=self.db, workers=self.workers, batch_size=self.batch_size,
                             today=self.today, items=self._items(urls, files, problems), command="watch",
                             on_problem=report)
        except (BilateralError, OSError) as exc:
            return Cycle(self.number, started, time.monotonic() - clock, None, tuple(unreachable),
                         " ".join(str(exc).split()))
        return Cycle(self.number, started, time.monotonic() - clock, summary, tuple(unreachable))


class Stopped(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: the cycle in progress stops, what it stored stays stored."""


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set ``stop``; during a cycle they also interrupt it (the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, _frame) -> None:
        stop.set()
        raise Stopped(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def watch(watcher: Watcher, *, every: float = DEFAULT_EVERY, cycles: int | None = None,
          on_cycle: Callable[[Cycle], None] | None = None, stop: threading.Event | None = None,
          serve: tuple[str, int] | None = None) -> list[Cycle]:
    """Run ``watcher.cycle()`` every ``every`` seconds (from the start of one to the start of the
    next) until ``cycles`` are done, ``stop`` is set, or SIGINT/SIGTERM arrives; ``on_cycle`` gets
    each cycle as it ends. ``serve=(host, port)`` also serves the dashboard from this process.
    Returns the cycles run."""
    stop = stop or threading.Event()
    done: list[Cycle] = []
    with ExitStack() as stack:
        stack.enter_context(_stop_on_signals(stop))
        if serve is not None:
            with watcher.gate.writing():  # the store exists, at the current schema, before it is served
                pass
            from ..api.server import serve_in_background

            stack.callback(serve_in_background(str(watcher.db), *serve))
        try:
            while not stop.is_set():
                began = time.monotonic()
                cycle = watcher.cycle()
                done.append(cycle)
                if on_cycle:
                    on_cycle(cycle)
                if cycles is not None and len(done) >= cycles:
                    break
                stop.wait(max(0.0, every - (time.monotonic() - began)))
        except Stopped:
            _log.info("stopped by a signal")
    return done
