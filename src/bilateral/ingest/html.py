"""HTML pages → title, publication date and readable text (scripts, styles and chrome removed).

Markup nested deeper than ``MAX_HTML_DEPTH`` is flattened before parsing: the HTML parser's time
grows with the square of the depth (100,000 nested ``<div>`` take half a minute), while real
pages rarely nest more than a few dozen elements. The tags past the limit are dropped, their
text kept.
"""
from __future__ import annotations

import re
from typing import AnyStr, NamedTuple

from selectolax.lexbor import LexborHTMLParser as HTMLParser

DROP = "script, style, noscript, template, svg, iframe, nav, footer, header, aside, form, button"
BLOCKS = "h1, h2, h3, h4, p, li, blockquote, td, figcaption"
DATE_META = (
    'meta[property="article:published_time"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[itemprop="datePublished"]',
)
MAX_HTML_DEPTH = 256

# Elements that never hold others, or whose end tag is implied by the next one: they do not nest.
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen "
    "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rt rp".split()
)
_FLAT_BYTES = frozenset(name.encode() for name in _FLAT)
_TAG = r"<(/?)([A-Za-z][^\s/>]*)[^>]*>|<!--"  # a start or end tag (name in group 2), or a comment
_TAG_STR, _TAG_BYTES = re.compile(_TAG), re.compile(_TAG.encode())
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp"))  # "<" inside them is not a tag
# The quick scan, for markup whose scripts, styles, SVG images and comments are all closed (each
# lazy match then finds its end, so the scan stays linear): those blocks removed, then the tags.
_BLOCK = r"<(script|style|svg)\b.*?</\1\s*>|<!--.*?-->"
_BLOCK_STR, _BLOCK_BYTES = re.compile(_BLOCK, re.S | re.I), re.compile(_BLOCK.encode(), re.S | re.I)
_NAME = r"<(/?)([A-Za-z][^\s/>]*)"
_NAME_STR, _NAME_BYTES = re.compile(_NAME), re.compile(_NAME.encode())
_ENDS = (("<script", "</script"), ("<style", "</style"), ("<svg", "</svg"), ("<!--", "-->"))

class Page(NamedTuple):
    title: str
    text: str
    published: str | None  # YYYY-MM-DD
    removed: int  # script and style elements removed
    flattened: int  # tags dropped because the markup nested too deep


def html_to_text(markup: str) -> Page:
    """The title, text and publication date of an HTML page."""
    markup, flattened = flatten(markup)
    tree = HTMLParser(markup)
    title_node = tree.css_first("title") or tree.css_first("h1")
    title = title_node.text(strip=True) if title_node else ""
    published = None
    for selector in DATE_META:
        node = tree.css_first(selector)
        content = node.attributes.get("content") if node else None
        if content and len(content) >= 10 and content[4] == "-" and content[7] == "-":
            published = content[:10]
            break
    removed = 0
    for node in tree.css(DROP):
        if node.tag in ("script", "style"):
            removed += 1
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return Page(title, "", published, removed, flattened)
    blocks = [node.text(separator=" ", strip=True) for node in root.css(BLOCKS)]
    blocks = [b for b in blocks if b]
    text = "\n\n".join(blocks) if blocks else root.text(separator=" ", strip=True)
    return Page(title, text, published, removed, flattened)


def flatten(markup: AnyStr, max_depth: int = MAX_HTML_DEPTH) -> tuple[AnyStr, int]:
    """``markup`` with the tags nested deeper than ``max_depth`` dropped, and how many were.

    Depth is estimated from start and end tags, elements that cannot nest left out; pages under
    the limit are returned as they are, after one scan of their tags.
    """
    if _max_depth(markup, max_depth) <= max_depth:
        return markup, 0
    pieces, start, depth, dropped = [], 0, 0, 0
    for closing, name, match_start, match_end in _tags(markup):
        deeper = depth >= max_depth if not closing else depth > max_depth
        depth = max(depth - 1, 0) if closing else depth + 1
        if deeper:
            pieces.append(markup[start:match_start])
            start = match_end
            dropped += 1
    pieces.append(markup[start:])
    return markup[:0].join(pieces), dropped


def _max_depth(markup: AnyStr, stop: int) -> int:
    """The deepest nesting seen, or the first depth over ``stop``."""
    as_bytes = isinstance(markup, bytes)
    lowered = markup.lower()
    if all(lowered.count(_coded(start, as_bytes)) <= lowered.count(_coded(end, as_bytes)) for start, end in _ENDS):
        bare = (_BLOCK_BYTES if as_bytes else _BLOCK_STR).sub(markup[:0], markup)
        flat = _FLAT_BYTES if as_bytes else _FLAT
        events = (closing for closing, name in (_NAME_BYTES if as_bytes else _NAME_STR).findall(bare)
                  if name.lower() not in flat)
    else:  # something left open: the careful scan
        events = (closing for closing, _, _, _ in _tags(markup))
    depth = deepest = 0
    for closing in events:
        depth = depth - 1 if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if depth > stop:
                break
        elif depth < 0:
            depth = 0
    return deepest


def _coded(text: str, as_bytes: bool) -> str | bytes:
    return text.encode() if as_bytes else text


def _tags(markup: AnyStr):  # -> Iterator[tuple[bool, str, int, int]]
    """(is an end tag, lower-case name, start, end) of each tag that nests, skipping comments and
    the content of scripts and styles. Linear: each part of the markup is searched once."""
    as_bytes = isinstance(markup, bytes)
    pattern = _TAG_BYTES if as_bytes else _TAG_STR
    pos = 0
    while (found := pattern.search(markup, pos)) is not None:
        pos = found.end()
        if found.group(2) is None:  # a comment: up to its end, or the end of the markup
            close = markup.find(b"-->" if as_bytes else "-->", pos)
            pos = len(markup) if close < 0 else close + 3
            continue
        name = found.group(2).lower()
        if as_bytes:
            name = name.decode("latin-1")
        closing = bool(found.group(1))
        if name in _FLAT:
            continue
        if not closing and name in _RAW_TEXT:
            end = re.compile((f"</{name}" if not as_bytes else f"</{name}".encode()), re.IGNORECASE)
            close = end.search(markup, pos)
            pos = len(markup) if close is None else close.start()
        elif found.group(0)[-2:] in ("/>", b"/>"):
            continue  # <x/>: no content
        yield closing, name, found.start(), found.end()
