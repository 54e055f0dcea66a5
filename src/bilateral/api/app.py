"""The app factory: one store, the JSON API under ``/api/``, the pages and their static files."""
from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from .. import __version__
from ..errors import QueryError
from .errors import CatchAll, install_handlers
from .routes import router
from .security import MAX_URL, Guard, SecurityHeaders
from .state import Settings, StoreHandle

DESCRIPTION = """Events read from news on international relations, de-duplicated, with the sentence
that proves each one. Every route reads a read-only store; errors come back as
`{"error": {"code", "message", "hint"}}` with a 4xx status when a parameter is wrong."""


def create_app(db_path: str, *, max_page_size: int = 200, query_timeout: float = 10.0,
               allowed_hosts: Sequence[str] | None = None, max_url: int = MAX_URL) -> FastAPI:
    """The dashboard and the API over the store at ``db_path``, opened read-only.

    ``max_page_size`` caps events per page; ``query_timeout`` (seconds) interrupts a request's
    database work; ``allowed_hosts`` (e.g. ``["loopback"]``: every loopback address and localhost,
    or names such as ``["example.org"]``) refuses other Host headers, which stops DNS-rebinding
    pages from reading a local server; ``max_url`` (bytes of path and query string) answers longer
    requests with a 414. Raises ``StoreError`` when the file is missing or is not a store of this version.
    """
    if max_page_size < 1:
        raise ValueError("max_page_size must be at least 1")
    if query_timeout <= 0:
        raise ValueError("query_timeout must be positive")
    settings = Settings(db_path=str(db_path), max_page_size=max_page_size,
                        default_page_size=min(50, max_page_size), query_timeout=query_timeout)
    store = StoreHandle(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="bilateral", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.store = store
    app.include_router(router)

    from ..web import install

    respond = install_handlers(app, html=install(app))

    def refuse(request: Request, status: int, message: str, hint: str | None) -> Response:
        return respond(request, status, QueryError.code, message, hint)

    # The last added runs first: the headers go on whatever the inner layers answer, crashes included.
    app.add_middleware(Guard, refuse=refuse, allowed_hosts=list(allowed_hosts) if allowed_hosts else None,
                       max_url=max_url)
    app.add_middleware(CatchAll, respond=respond)
    app.add_middleware(SecurityHeaders)
    return app
