"""Running the app: ``bilateral serve`` calls ``serve``."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

import uvicorn

from .app import create_app
from .security import LOOPBACK, MAX_URL, is_loopback

__all__ = ["MAX_REQUEST_HEAD", "is_loopback", "serve", "serve_in_background"]

log = logging.getLogger("bilateral.api")

# h11 drops a request whose line and headers pass 16 KiB by resetting the connection; up to this
# size the request reaches the app, which answers 414 past ``MAX_URL`` with the error body.
MAX_REQUEST_HEAD = 1024 * 1024


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, *, max_page_size: int = 200,
          query_timeout: float = 10.0, log_level: str = "info", cors: Sequence[str] = ()) -> None:
    """Serve the dashboard and the API over the store ``db`` (opened read-only) until interrupted.

    Binds 127.0.0.1 unless told otherwise; on a loopback address (127.0.0.0/8, ::1, localhost),
    requests naming a host that is not a loopback address are refused (a web page cannot reach the
    server through DNS rebinding). URLs over ``MAX_URL`` bytes get a 414; requests whose head passes
    ``MAX_REQUEST_HEAD`` are dropped by the server. ``cors`` lists the web origins whose pages may
    read the API from a browser (``bilateral serve --cors https://example.org``); none by default.
    Raises ``StoreError`` before listening when ``db`` is not a store, ``QueryError`` when an
    origin is not one.
    """
    local = is_loopback(host)
    app = create_app(db, max_page_size=max_page_size, query_timeout=query_timeout,
                     allowed_hosts=[LOOPBACK] if local else None, max_url=MAX_URL, cors_origins=cors)
    if not local:
        log.warning("serving on %s: anyone who can reach this machine on port %d can read the store", host, port)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, proxy_headers=False,
                h11_max_incomplete_event_size=MAX_REQUEST_HEAD)


def serve_in_background(db: str, host: str = "127.0.0.1", port: int = 8000, *,
                        log_level: str = "warning") -> Callable[[], None]:
    """``serve`` on a thread of this process (``bilateral watch --serve``); returns the function that
    stops it. The server takes its turns on the store with this process's writes (``store.gate``)."""
    local = is_loopback(host)
    app = create_app(db, allowed_hosts=[LOOPBACK] if local else None, max_url=MAX_URL)
    if not local:
        log.warning("serving on %s: anyone who can reach this machine on port %d can read the store", host, port)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level, server_header=False,
                                           proxy_headers=False, h11_max_incomplete_event_size=MAX_REQUEST_HEAD))
    thread = threading.Thread(target=server.run, name="bilateral-serve", daemon=True)
    thread.start()

    def stop() -> None:
        server.should_exit = True
        thread.join(10)

    return stop
