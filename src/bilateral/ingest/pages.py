"""HTTP bodies, fetched from the web or kept in a web archive → ``Article``s.

HTML goes through trafilatura, which finds the article among the menus, teasers and reader
comments of real news sites (local HTML files keep the simpler reader in ``html.py``). Markup
nested too deep is flattened first (see ``html.flatten``), and the text cleaned at the door.
"""
from __future__ import annotations

import codecs
import json
import re
from datetime import date

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from ..model import Article
from ..textclean import clean_text
from .base import Options, Problem, outlet_of, parse_date
from .html import flatten

_FEED_START = re.compile(rb"(?:\s|<\?[^>]*\?>|<!--.*?-->)*<(?:rss|feed|rdf:RDF)[\s>/]", re.DOTALL)
_HTML_START = re.compile(rb"(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html)[\s>]", re.DOTALL | re.IGNORECASE)


def kind_of(content_type: str, body: bytes) -> str | None:
    """``"feed"``, ``"html"``, ``"text"`` or ``None`` (anything else), from the type and the first bytes."""
    mime = content_type.split(";", 1)[0].strip().lower()
    head = body[:2048].removeprefix(codecs.BOM_UTF8)
    # Feeds are often served as text/xml or even text/html: the root element decides.
    if "rss" in mime or "atom" in mime or _FEED_START.match(head):
        return "feed"
    if "html" in mime or (mime in ("", "application/octet-stream") and _HTML_START.match(head)):
        return "html"
    if mime == "text/plain":
        return "text"
    return None


def charset_of(content_type: str) -> str | None:
    """The declared charset, if Python knows it."""
    found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    if not found:
        return None
    try:
        return codecs.lookup(found.group(1)).name
    except LookupError:
        return None


def body_to_article(
    body: bytes, content_type: str, url: str, where: str, opts: Options, *,
    title: str = "", day: date | None = None, fallback_day: date | None = None,
) -> Article | Problem:
    """The article in an HTML or plain-text body, its id and URL being ``url``.

    ``title`` and ``day`` (from a feed entry) win over the page's own; ``fallback_day`` (an
    archive's capture date) is used when the page gives none, before the default date.
    """
    charset = charset_of(content_type)
    try:
        if kind_of(content_type, body) == "html":
            # Without a declared charset the bytes go to trafilatura, which reads <meta charset>.
            page_title, text, published = extract_page(body.decode(charset, "replace") if charset else body, url)
        else:
            page_title, text, published = "", body.decode(charset or "utf-8", "replace"), None
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura on arbitrary pages; one must not stop the run
        return Problem(where, f"cannot extract the text ({type(exc).__name__}: {exc}); skipped")
    text, url = clean_text(text), clean_text(url)
    if not text.strip():
        return Problem(where, "no article text found in the page; skipped")
    return Article(
        id=url, text=text, title=clean_text(title or page_title), url=url,
        date=day or parse_date(published) or fallback_day or opts.default_date,
        lang=opts.lang, source=where, outlet=outlet_of(url),
    )


def extract_page(markup: str | bytes, url: str | None = None) -> tuple[str, str, str | None]:
    """(title, main text, published YYYY-MM-DD or None) of a web page; text is ``""`` when none is found."""
    # Imported on first use: it would add almost half a second to every start-up.
    import trafilatura

    markup, _ = flatten(markup)
    # No extensive date search: a date guessed from the body text (often the date of the events
    # reported) would shift every relative date in the article; no date falls back to a default.
    found = trafilatura.extract(
        markup, url=url, include_comments=False, output_format="json", with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not found:
        return "", "", None
    result = json.loads(found)
    return result.get("title") or _title(markup), result.get("text") or "", result.get("date") or None


def _title(markup: str | bytes) -> str:
    node = HTMLParser(markup).css_first("title")
    return node.text(strip=True) if node else ""
