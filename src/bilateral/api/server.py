"""Running the app: ``bilateral serve`` calls ``serve``."""
from __future__ import annotations

import ipaddress
import logging

import uvicorn

from .app import create_app

log = logging.getLogger("bilateral.api")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, *, max_page_size: int = 200,
          query_timeout: float = 10.0, log_level: str = "info") -> None:
    """Serve the dashboard and the API over the store ``db`` (opened read-only) until interrupted.

    Binds 127.0.0.1 unless told otherwise; on a loopback address, requests naming another host
    are refused (a web page cannot reach the server through DNS rebinding). Raises ``StoreError``
    before listening when ``db`` is not a store.
    """
    local = is_loopback(host)
    # Starlette's host check does not parse IPv6 literals: on ::1 the Host header is not checked.
    allowed = sorted({"127.0.0.1", "localhost", host}) if local and ":" not in host else None
    app = create_app(db, max_page_size=max_page_size, query_timeout=query_timeout, allowed_hosts=allowed)
    if not local:
        log.warning("serving on %s: anyone who can reach this machine on port %d can read the store", host, port)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, proxy_headers=False)
