"""HTML pages → title, publication date and readable text (scripts, styles and chrome removed)."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser

DROP = "script, style, noscript, template, svg, iframe, nav, footer, header, aside, form, button"
BLOCKS = "h1, h2, h3, h4, p, li, blockquote, td, figcaption"
DATE_META = (
    'meta[property="article:published_time"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[itemprop="datePublished"]',
)


def html_to_text(markup: str) -> tuple[str, str, str | None, int]:
    """(title, text, published YYYY-MM-DD or None, number of removed script/style elements)."""
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
        return title, "", published, removed
    blocks = [node.text(separator=" ", strip=True) for node in root.css(BLOCKS)]
    blocks = [b for b in blocks if b]
    text = "\n\n".join(blocks) if blocks else root.text(separator=" ", strip=True)
    return title, text, published, removed
