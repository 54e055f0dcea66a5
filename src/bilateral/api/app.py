"""The app factory: one store, the JSON API under ``/api/``, the pages and their static files."""
from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response

from .. import __version__
from ..lexicons import load_ontology
from .errors import ERROR_KINDS, CatchAll, install_handlers
from .names import names
from .reference import Reference
from .routes import router
from .security import MAX_URL, Guard, SecurityHeaders, check_origins
from .state import Settings, StoreHandle

DESCRIPTION = """Events read from news on international relations, de-duplicated, with the sentence
that proves each one. Every route reads a read-only store.

List routes (`/api/events`, `/api/dyads`, `/api/actors`, `/api/search`) answer one page as
`{"items", "total", "page", "page_size", "next", "prev"}`; with `format=csv|json|parquet` they answer
every matching row instead, as a streamed file (JSON Lines for `json`). A query parameter a route
does not take is refused. Errors come back as `{"error": {"code", "message", "hint"}}`, one code per
kind of error:

""" + "\n".join(f"- `{kind.code}` ({kind.status}): {kind.meaning}" for kind in ERROR_KINDS)


def create_app(db_path: str, *, max_page_size: int = 200, query_timeout: float = 10.0,
               allowed_hosts: Sequence[str] | None = None, max_url: int = MAX_URL,
               cors_origins: Sequence[str] = ()) -> FastAPI:
    """The dashboard and the API over the store at ``db_path``, opened read-only.

    ``max_page_size`` caps rows per page; ``query_timeout`` (seconds) interrupts a request's
    database work; ``allowed_hosts`` (e.g. ``["loopback"]``: every loopback address and localhost,
    or names such as ``["example.org"]``) refuses other Host headers, which stops DNS-rebinding
    pages from reading a local server; ``max_url`` (bytes of path and query string) answers longer
    requests with a 414; ``cors_origins`` (``["https://example.org"]``, ``["*"]`` for any) are the
    web origins whose pages may read the API from a browser — none by default. Raises ``StoreError``
    when the file is missing or is not a store of this version, ``QueryError`` for an origin that
    is not one.
    """
    if max_page_size < 1:
        raise ValueError("max_page_size must be at least 1")
    if query_timeout <= 0:
        raise ValueError("query_timeout must be positive")
    origins = check_origins(cors_origins)
    settings = Settings(db_path=str(db_path), max_page_size=max_page_size,
                        default_page_size=min(50, max_page_size), query_timeout=query_timeout)
    store = StoreHandle(settings)
    # The lexicons behind names and codes are read once per process; read them now, not in the first
    # requests, which would each read them at once.
    load_ontology()
    names()

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
    # /docs shows each route's response fields and an example, and the error codes.
    app.state.templates.globals.update(api_reference=Reference(app), api_errors=ERROR_KINDS)

    def refuse(request: Request, status: int, code: str, message: str, hint: str | None) -> Response:
        return respond(request, status, code, message, hint)

    # The last added runs first: the headers go on whatever the inner layers answer, crashes included;
    # CORS headers go on refusals and errors too, so that a page allowed to call the API can read them.
    app.add_middleware(Guard, refuse=refuse, allowed_hosts=list(allowed_hosts) if allowed_hosts else None,
                       max_url=max_url)
    app.add_middleware(CatchAll, respond=respond)
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET"], allow_credentials=False,
                           expose_headers=["Content-Disposition", "Link"], max_age=600)
    app.add_middleware(SecurityHeaders)
    return app
