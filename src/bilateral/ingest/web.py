"""URLs given as inputs: a web page → one ``Article``; an RSS or Atom feed → one per entry.

Each entry's link is fetched and read like a page, the entry's date and title winning over the
page's; when a link cannot be read the entry's own summary or content stands in (with a warning).
A page that cannot be fetched is a ``Problem`` naming the URL and the HTTP status or the error.

Two guards: every fetch, redirects included, must be complete within ``Options.deadline``
seconds (each socket operation waits at most what is left of it, so a server sending one byte at
a time is cut off too), and the links found in a feed are not fetched when their host resolves to
a loopback, private, link-local, reserved or unspecified address (``Options.allow_private``
lifts this; a URL the user gives is always fetched). The address is checked before each hop; a
host whose DNS answer changes between the check and the connection is not caught.
"""
from __future__ import annotations

import ipaddress
import math
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import feedparser
import httpcore
import httpx

from .. import __version__
from ..model import Article
from ..textclean import clean_text
from .base import Options, Problem, is_url, limit, outlet_of, over_limit
from .html import html_to_text
from .pages import body_to_article, kind_of

USER_AGENT = f"bilateral/{__version__}"
MAX_REDIRECTS = 20


# --- the deadline of one fetch ------------------------------------------------------------------

@dataclass(slots=True)
class _Deadline:
    """When the document being fetched must be complete (``time.monotonic()``); inf between fetches."""

    at: float = math.inf

    def left(self, timeout: float | None, error: type[Exception]) -> float | None:
        """The time an operation may wait: ``timeout`` or what is left of the deadline, if less."""
        if self.at == math.inf:
            return timeout
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise error("the deadline for this document has passed")
        return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self.stream, self.deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.deadline.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.deadline.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self.stream.start_tls(ssl_context, server_hostname, self.deadline.left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self.deadline)

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, every wait bounded by what is left of the current deadline."""

    def __init__(self, deadline: _Deadline) -> None:
        self.inner, self.deadline = httpcore.SyncBackend(), deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(host, port, self.deadline.left(timeout, httpcore.ConnectTimeout),
                                        local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self.inner.connect_unix_socket(path, self.deadline.left(timeout, httpcore.ConnectTimeout),
                                                socket_options)
        return _DeadlineStream(stream, self.deadline)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


@dataclass
class Session:
    """One web client for a run (connections to a site are reused) and the deadline of its fetch."""

    client: httpx.Client
    deadline: _Deadline = field(default_factory=_Deadline)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()


def open_client(opts: Options) -> Session:
    client = httpx.Client(timeout=opts.timeout, headers={"User-Agent": USER_AGENT})
    session = Session(client)
    # httpx has no setting for the sockets' backend: its connection pools take one from httpcore.
    # Without it (another httpx) the deadline is still checked between the chunks of a body.
    for transport in [client._transport, *client._mounts.values()]:  # noqa: SLF001
        pool = getattr(transport, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = _DeadlineBackend(session.deadline)  # noqa: SLF001
    return session


# --- fetching -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes


def fetch(session: Session, url: str, opts: Options, *, public_only: bool = False) -> Fetched | Problem:
    """The body at ``url``, read up to ``opts.max_bytes`` within ``opts.deadline`` seconds; a
    ``Problem`` for any failure. With ``public_only``, each hop must lead to a public address."""
    session.deadline.at = time.monotonic() + opts.deadline
    try:
        request = session.client.build_request("GET", url)
        for _ in range(MAX_REDIRECTS + 1):
            if public_only and (refused := private_address(request.url)):
                return Problem(url, refused)
            response = session.client.send(request, stream=True, follow_redirects=False)
            try:
                if response.next_request is None:
                    return _body(response, url, opts, session.deadline)
                request = response.next_request
            finally:
                response.close()
        return Problem(url, f"more than {MAX_REDIRECTS} redirects; skipped")
    except httpx.TimeoutException:
        if time.monotonic() >= session.deadline.at:
            return Problem(url, f"no complete answer within {opts.deadline:g} s; skipped")
        return Problem(url, f"no answer within {opts.timeout:g} s; skipped")
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return Problem(url, f"cannot fetch it ({type(exc).__name__}: {exc}); skipped")
    finally:
        session.deadline.at = math.inf


def _body(response: httpx.Response, url: str, opts: Options, deadline: _Deadline) -> Fetched | Problem:
    if response.status_code >= 400:
        return Problem(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip() + "; skipped")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > opts.max_bytes:
        return Problem(url, over_limit(int(declared), opts))
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > opts.max_bytes:
            return Problem(url, f"over {limit(opts)} for one document; raise it with --max-bytes")
        if time.monotonic() > deadline.at:
            return Problem(url, f"no complete answer within {opts.deadline:g} s; skipped")
        chunks.append(chunk)
    return Fetched(str(response.url), response.headers.get("Content-Type", ""), b"".join(chunks))


def private_address(url: httpx.URL) -> str | None:
    """Why ``url`` must not be fetched from a feed (its host is not a public address), or None."""
    host = url.host
    if not host:
        return None
    try:
        answers = socket.getaddrinfo(host, url.port or (443 if url.scheme == "https" else 80),
                                     proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None  # the fetch itself reports a host that cannot be found
    for answer in answers:
        try:
            address = ipaddress.ip_address(str(answer[4][0]).split("%", 1)[0])
        except ValueError:
            continue
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast or address.is_unspecified:
            return (f"the link leads to {host} ({address}), a loopback, private or reserved address; not fetched "
                    "(use --allow-private to read it)")
    return None


# --- pages and feeds ----------------------------------------------------------------------------

# Given the links of a feed's entries, those already read (a watch does not fetch them again).
KnownLinks = Callable[[Sequence[str]], set[str]]


def read_url(url: str, session: Session, opts: Options, *, known: KnownLinks | None = None
             ) -> Iterator[Article | Problem]:
    """The article at ``url``, or one per entry when it is a feed (but none for the entries whose
    link ``known`` returns)."""
    fetched = fetch(session, url, opts)
    if isinstance(fetched, Problem):
        yield fetched
        return
    kind = kind_of(fetched.content_type, fetched.body)
    if kind == "feed":
        yield from _read_feed(fetched, url, session, opts, known)
    elif kind is None:
        yield Problem(url, f"not a web page, a text or a feed (content type {fetched.content_type or 'unknown'}); "
                           "skipped")
    else:
        yield body_to_article(fetched.body, fetched.content_type, fetched.url, url, opts)


def _read_feed(feed: Fetched, url: str, session: Session, opts: Options,
               known: KnownLinks | None = None) -> Iterator[Article | Problem]:
    # Bytes, not a URL: feedparser must not fetch anything itself. The location resolves relative links.
    parsed = feedparser.parse(feed.body, response_headers={"content-type": feed.content_type,
                                                           "content-location": feed.url})
    if not parsed.entries:
        if parsed.get("bozo"):
            yield Problem(url, f"not a readable feed ({parsed.get('bozo_exception')}); skipped")
        else:
            yield Problem(url, "the feed has no entries", severity="warning")
        return
    seen: set[str] = set()
    if known is not None:
        seen |= known([link for entry in parsed.entries if (link := clean_text(entry.get("link") or ""))])
    for number, entry in enumerate(parsed.entries, start=1):
        link = clean_text(entry.get("link") or "")
        if link in seen:
            continue
        if link:
            seen.add(link)
        yield from _read_entry(entry, link, link or f"{url}#entry {number}", session, opts)


def _read_entry(
    entry: Any, link: str, where: str, session: Session, opts: Options,
) -> Iterator[Article | Problem]:
    title, day = clean_text(entry.get("title") or ""), _entry_date(entry)
    reason = "the entry has no link"
    if is_url(link):
        page = fetch(session, link, opts, public_only=not opts.allow_private)
        if isinstance(page, Problem):
            reason = page.message.removesuffix("; skipped")
        elif kind_of(page.content_type, page.body) not in ("html", "text"):
            reason = f"the link is not a web page (content type {page.content_type or 'unknown'})"
        else:
            article = body_to_article(page.body, page.content_type, page.url, where, opts, title=title, day=day)
            if isinstance(article, Article):
                yield article
                return
            reason = article.message.removesuffix("; skipped")
    summary = _entry_text(entry)
    if not summary:
        yield Problem(where, f"{reason}, and the feed gives no summary; entry skipped")
        return
    yield Problem(where, f"{reason}; read the summary given in the feed instead", severity="warning")
    yield Article(
        id=link or clean_text(str(entry.get("id") or "")) or where, text=summary, title=title, url=link,
        date=day or opts.default_date, lang=opts.lang, source=where, outlet=outlet_of(link or where),
    )


def _entry_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")  # UTC struct_time
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _entry_text(entry: Any) -> str:
    """The entry's full content if the feed carries it, else its summary, as plain text."""
    contents = [part.get("value") or "" for part in entry.get("content") or []]
    best = max(contents, key=len, default="") or entry.get("summary") or ""
    return clean_text(html_to_text(best).text).strip() if best.strip() else ""
