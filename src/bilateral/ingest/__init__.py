"""Reading documents: text, Markdown, HTML, JSON Lines, JSON, CSV/TSV and web archive files,
directories of them, web pages and RSS/Atom feeds given by URL, or stdin."""
from .readers import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    Problem,
    estimate_total,
    read_inputs,
)

__all__ = ["DEFAULT_DEADLINE", "DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "Problem", "estimate_total", "read_inputs"]
