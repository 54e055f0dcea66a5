"""URLs given as inputs: a web page → one ``Article``; an RSS or Atom feed → one per entry.

Each entry's link is fetched and read like a page, the entry's date and title winning over the
page's; when a link cannot be read the entry's own summary or content stands in (with a warning).
A page that cannot be fetched is a ``Problem`` naming the URL and the HTTP status or the error.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import feedparser
import httpx

from .. import __version__
from ..model import Article
from .base import Options, Problem, is_url, limit, outlet_of, over_limit
from .html import html_to_text
from .pages import body_to_article, kind_of

USER_AGENT = f"bilateral/{__version__}"


def open_client(opts: Options) -> httpx.Client:
    """One client for a run, so that connections to a site are reused."""
    return httpx.Client(timeout=opts.timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes


def fetch(client: httpx.Client, url: str, opts: Options) -> Fetched | Problem:
    """The body at ``url``, read up to ``opts.max_bytes``; a ``Problem`` for any failure."""
    try:
        with client.stream("GET", url) as response:
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
                chunks.append(chunk)
            return Fetched(str(response.url), response.headers.get("Content-Type", ""), b"".join(chunks))
    except httpx.TimeoutException:
        return Problem(url, f"no answer within {opts.timeout:g} s; skipped")
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return Problem(url, f"cannot fetch it ({type(exc).__name__}: {exc}); skipped")


def read_url(url: str, client: httpx.Client, opts: Options) -> Iterator[Article | Problem]:
    fetched = fetch(client, url, opts)
    if isinstance(fetched, Problem):
        yield fetched
        return
    kind = kind_of(fetched.content_type, fetched.body)
    if kind == "feed":
        yield from _read_feed(fetched, url, client, opts)
    elif kind is None:
        yield Problem(url, f"not a web page, a text or a feed (content type {fetched.content_type or 'unknown'}); "
                           "skipped")
    else:
        yield body_to_article(fetched.body, fetched.content_type, fetched.url, url, opts)


def _read_feed(feed: Fetched, url: str, client: httpx.Client, opts: Options) -> Iterator[Article | Problem]:
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
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or ""
        if link in seen:
            continue
        if link:
            seen.add(link)
        yield from _read_entry(entry, link or f"{url}#entry {number}", client, opts)


def _read_entry(entry: Any, where: str, client: httpx.Client, opts: Options) -> Iterator[Article | Problem]:
    link = entry.get("link") or ""
    title, day = entry.get("title") or "", _entry_date(entry)
    reason = "the entry has no link"
    if is_url(link):
        page = fetch(client, link, opts)
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
        id=link or entry.get("id") or where, text=summary, title=title, url=link, date=day or opts.default_date,
        lang=opts.lang, source=where, outlet=outlet_of(link or where),
    )


def _entry_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")  # UTC struct_time
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _entry_text(entry: Any) -> str:
    """The entry's full content if the feed carries it, else its summary, as plain text."""
    contents = [part.get("value") or "" for part in entry.get("content") or []]
    best = max(contents, key=len, default="") or entry.get("summary") or ""
    return html_to_text(best)[1].strip() if best.strip() else ""
