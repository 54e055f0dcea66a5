"""Errors as HTTP responses: a JSON body ``{"error": {"code", "message", "hint"}}`` under ``/api/``,
an HTML page elsewhere. Bad parameters are 4xx, never 500; a store fault or a bug is a 500 in the
same shape (``CatchAll`` answers it inside the middleware that adds the security headers)."""
from __future__ import annotations

import logging
from collections.abc import Callable

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import BilateralError, QueryError

__all__ = ["CatchAll", "NotFound", "Responder", "install_handlers"]

log = logging.getLogger("bilateral.api")
HtmlRenderer = Callable[[Request, int, str, str, "str | None"], Response]
Responder = Callable[[Request, int, str, str, "str | None"], Response]


class NotFound(QueryError):
    """An event, article or page that is not in the store."""


def _status(exc: BilateralError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, QueryError):
        return 400
    return 500


def json_error(status: int, code: str, message: str, hint: str | None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "hint": hint}}, status_code=status)


def install_handlers(app: FastAPI, html: HtmlRenderer | None = None) -> Responder:
    """Route every error to the JSON body (``/api/…``) or to ``html`` (the pages); returns the
    function that renders an error, for the middleware that answer before the routes."""

    def respond(request: Request, status: int, code: str, message: str, hint: str | None) -> Response:
        if html is not None and not request.url.path.startswith("/api/"):
            try:
                return html(request, status, code, message, hint)
            except Exception:  # the error page itself failed: the plain shape still says what happened
                log.exception("the error page failed on %s", request.url.path)
        return json_error(status, code, message, hint)

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
        from ..store.schema import fault

        log.exception("database error on %s %s", request.method, request.url.path, exc_info=exc)
        error = fault(request.app.state.store.settings.db_path, exc)
        return respond(request, 500, error.code, error.message, error.hint)

    app.add_exception_handler(BilateralError, on_bilateral)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(duckdb.InterruptException, on_interrupt)
    app.add_exception_handler(duckdb.Error, on_database)
    return respond


class CatchAll:
    """Answers an exception no handler took with a 500 in the error shape.

    Starlette's own last resort sits outside every middleware, so its 500 would lack the security
    headers; this one sits inside them. A response already started cannot be replaced: then the
    exception goes on (the server closes the connection).
    """

    def __init__(self, app: ASGIApp, *, respond: Responder):
        self.app = app
        self.respond = respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            if started:
                raise
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            response = self.respond(Request(scope), 500, BilateralError.code, "the server failed on this request",
                                    "try again; if it fails again, report the address you asked for")
            await response(scope, receive, send)
