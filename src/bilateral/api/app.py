"""The app factory: one store, the JSON API under ``/api/``, the pages and their static files."""
from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from .errors import install_handlers
from .routes import router
from .security import SecurityHeaders
from .state import Settings, StoreHandle

DESCRIPTION = """Events read from news on international relations, de-duplicated, with the sentence
that proves each one. Every route reads a read-only store; errors come back as
`{"error": {"code", "message", "hint"}}` with a 4xx status when a parameter is wrong."""


def create_app(db_path: str, *, max_page_size: int = 200, query_timeout: float = 10.0,
               allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The dashboard and the API over the store at ``db_path``, opened read-only.

    ``max_page_size`` caps events per page; ``query_timeout`` (seconds) interrupts a request's
    database work; ``allowed_hosts`` (e.g. ``["127.0.0.1", "localhost"]``) refuses other Host
    headers, which stops DNS-rebinding pages from reading a local server. Raises ``StoreError``
    when the file is missing or is not a store of this version.
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

    install_handlers(app, html=install(app))
    app.add_middleware(SecurityHeaders)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    return app
