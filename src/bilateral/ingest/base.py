"""What every reader shares: the ``Problem`` record, the reading options, dates and outlets."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 30.0


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
    timeout: float = DEFAULT_TIMEOUT  # seconds, for each web request


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
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
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
