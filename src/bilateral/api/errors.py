"""Errors as HTTP responses: a JSON body ``{"error": {"code", "message", "hint"}}`` under ``/api/``,
an HTML page elsewhere. Bad parameters are 4xx, never 500."""
from __future__ import annotations

import logging
from collections.abc import Callable

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import BilateralError, QueryError, StoreError

__all__ = ["NotFound", "install_handlers"]

log = logging.getLogger("bilateral.api")
HtmlRenderer = Callable[[Request, int, str, str, "str | None"], Response]


class NotFound(QueryError):
    """An event, article or page that is not in the store."""


def _status(exc: BilateralError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, QueryError):
        return 400
    return 500


def install_handlers(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Route every error to the JSON body (``/api/…``) or to ``html`` (the pages)."""

    def respond(request: Request, status: int, code: str, message: str, hint: str | None) -> Response:
        if html is not None and not request.url.path.startswith("/api/"):
            return html(request, status, code, message, hint)
        return JSONResponse({"error": {"code": code, "message": message, "hint": hint}}, status_code=status)

    async def on_bilateral(request: Request, exc: BilateralError) -> Response:
        status = _status(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return respond(request, status, exc.code, exc.message, exc.hint)

    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path"))
            problems.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", "invalid"))
        return respond(request, 422, QueryError.code, "invalid parameter " + "; ".join(problems),
                       "see /api/openapi.json or /docs for each parameter's type and range")

    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        hint = "see /docs for the routes" if exc.status_code in (404, 405) else None
        return respond(request, exc.status_code, QueryError.code, message, hint)

    async def on_interrupt(request: Request, exc: duckdb.InterruptException) -> Response:
        limit = request.app.state.store.settings.query_timeout
        return respond(request, 400, QueryError.code, f"the query ran longer than {limit:g} s and was stopped",
                       "narrow it: a dyad, an actor, a type or a shorter date range")

    async def on_database(request: Request, exc: duckdb.Error) -> Response:
        log.exception("database error on %s %s", request.method, request.url.path, exc_info=exc)
        return respond(request, 500, StoreError.code, f"the store could not answer: {exc}", None)

    app.add_exception_handler(BilateralError, on_bilateral)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(duckdb.InterruptException, on_interrupt)
    app.add_exception_handler(duckdb.Error, on_database)
