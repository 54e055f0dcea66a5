"""What every request passes through before a route sees it, and what every response carries.

From the outside in: ``SecurityHeaders`` (on every response, errors and crashes included),
Starlette's ``CORSMiddleware`` when origins were given (``bilateral serve --cors ORIGIN``; none by
default), ``Guard`` (refuses a Host header the server does not answer to, and a URL longer than
``MAX_URL``), then the app, whose errors ``api.errors`` renders.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import QueryError
from .errors import HOST_REFUSED, TOO_LONG

# Nothing from elsewhere: scripts, styles and images come from this app; no inline script.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
MAX_URL = 8 * 1024  # bytes of path and query string together; longer asks are answered 414
LOOPBACK = "loopback"  # in ``allowed_hosts``: every loopback address (127.0.0.0/8, ::1) and localhost

Refuse = Callable[[Request, int, str, str, "str | None"], Response]
# What a browser sends as Origin: scheme, host and port, nothing after.
_ORIGIN = re.compile(r"https?://(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?", re.IGNORECASE)


class SecurityHeaders:
    """Adds ``HEADERS`` to every HTTP response (a plain ASGI middleware: no per-request task)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def host_name(header: str) -> str:
    """The host of a Host header, without its port: ``[::1]:8000`` → ``::1``, ``Example.org.`` → ``example.org``."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    if value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


def is_loopback(host: str) -> bool:
    """``localhost``, any address of 127.0.0.0/8, ``::1`` or an IPv4-mapped loopback (``::ffff:127.0.0.1``)."""
    name = host_name(host) if host.startswith("[") else host.strip().lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


class Guard:
    """Refuses, with the API's error shape, a request whose Host header is not one of ``allowed_hosts``
    (DNS-rebinding protection: a page on another site cannot make the browser read this server)
    and a URL over ``max_url`` bytes (414). ``allowed_hosts`` ``None`` checks no Host."""

    def __init__(self, app: ASGIApp, *, refuse: Refuse, allowed_hosts: Iterable[str] | None = None,
                 max_url: int = MAX_URL):
        self.app = app
        self.refuse = refuse
        hosts = None if allowed_hosts is None else {host_name(h) for h in allowed_hosts}
        self.loopback = hosts is not None and LOOPBACK in hosts
        self.hosts = hosts
        self.max_url = max_url

    def host_allowed(self, header: str) -> bool:
        if self.hosts is None:
            return True
        name = host_name(header)
        return name in self.hosts or (self.loopback and is_loopback(name))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        length = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if length > self.max_url:
            # the error page must not echo the oversized query (its links repeat the parameters)
            request = Request({**scope, "query_string": b""}, receive)
            response = self.refuse(request, 414, TOO_LONG, f"the address is {length:,} bytes long, over this "
                                                 f"server's limit of {self.max_url:,}",
                                   "ask for less at once: fewer or shorter parameters")
        elif not self.host_allowed(request.headers.get("host", "")):
            response = self.refuse(request, 400, HOST_REFUSED, "this server does not answer to that host name",
                                   "open it as http://127.0.0.1 or http://localhost on this machine")
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)


def check_origins(origins: Iterable[str]) -> list[str]:
    """The origins a browser may call the API from (CORS), checked: ``https://example.org``,
    ``http://localhost:3000``, or ``*`` for any. Raises ``QueryError`` for anything else (a path, a
    trailing slash, another scheme), which a browser would never send as its Origin."""
    checked = []
    for origin in origins:
        value = origin.strip()
        if value != "*" and not _ORIGIN.fullmatch(value):
            raise QueryError(f"--cors {origin!r} is not an origin",
                             hint="write it as scheme://host[:port], e.g. https://example.org (no path, no "
                                  "trailing slash), or * for any origin")
        checked.append(value.lower() if value != "*" else value)
    return list(dict.fromkeys(checked))
