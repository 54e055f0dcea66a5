"""Errors as HTTP responses: a JSON body ``{"error": {"code", "message", "hint"}}`` under ``/api/``,
an HTML page elsewhere. Bad parameters are 4xx, never 500; a store fault or a bug is a 500 in the
same shape (``CatchAll`` answers it inside the middleware that adds the security headers).

Each kind of error has its own code (``ERROR_KINDS``, listed at ``/docs``), so that a client can
tell an unknown parameter from a bad value or a missing event without reading the message.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import BilateralError, QueryError, StoreError

__all__ = ["BAD_VALUE", "ERROR_KINDS", "HOST_REFUSED", "INVALID", "NOT_ALLOWED", "NOT_FOUND", "TIMEOUT",
           "TOO_LONG", "UNKNOWN_PARAMETER", "CatchAll", "ErrorKind", "NotFound", "QueryTimeout", "Responder",
           "UnknownParameter", "install_handlers", "timeout_error"]

log = logging.getLogger("bilateral.api")
HtmlRenderer = Callable[[Request, int, str, str, "str | None"], Response]
Responder = Callable[[Request, int, str, str, "str | None"], Response]


@dataclass(frozen=True)
class ErrorKind:
    """One kind of error the API answers: its code, its HTTP status and when it happens."""

    code: str
    status: int
    meaning: str


BAD_VALUE = QueryError.code  # E600
UNKNOWN_PARAMETER = "E601"
INVALID = "E602"
TIMEOUT = "E603"
NOT_FOUND = "E604"
NOT_ALLOWED = "E605"
TOO_LONG = "E606"
HOST_REFUSED = "E607"

ERROR_KINDS = (
    ErrorKind(BAD_VALUE, 400, "A parameter value that makes no sense: an unknown actor code, event type or "
                              "context, a date that is not a date, a page size over the server's limit."),
    ErrorKind(UNKNOWN_PARAMETER, 400, "A query parameter the route does not take; the message names it."),
    ErrorKind(INVALID, 422, "A parameter of the wrong type or out of its range (page=0, sort=random), or a "
                            "required one missing."),
    ErrorKind(TIMEOUT, 400, "The query ran longer than the server allows (10 s unless set): narrow it."),
    ErrorKind(NOT_FOUND, 404, "No such event, article or route."),
    ErrorKind(NOT_ALLOWED, 405, "A method the route does not answer (the API is read-only: GET)."),
    ErrorKind(TOO_LONG, 414, "An address (path and query string) longer than the server accepts (8 KB)."),
    ErrorKind(HOST_REFUSED, 400, "A Host header the server does not answer to (protection against DNS "
                                 "rebinding on a loopback address)."),
    ErrorKind(StoreError.code, 500, "The store could not answer (E500–E599 name the cause: a damaged file, a "
                                    "full disk…)."),
    ErrorKind(BilateralError.code, 500, "The server failed unexpectedly; the message says nothing of its "
                                        "internals."),
)
_HTTP_CODES = {404: NOT_FOUND, 405: NOT_ALLOWED, 414: TOO_LONG}


class NotFound(QueryError):
    """An event, article or page that is not in the store."""

    code = NOT_FOUND


class UnknownParameter(QueryError):
    """A query parameter the route does not declare (a typo such as ``?tpye=AID`` would otherwise be ignored)."""

    code = UNKNOWN_PARAMETER


class QueryTimeout(QueryError):
    """Database work stopped at the server's time limit."""

    code = TIMEOUT


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
        return respond(request, 422, INVALID, "invalid parameter " + "; ".join(problems),
                       "see /api/openapi.json or /docs for each parameter's type and range")

    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        hint = "see /docs for the routes" if exc.status_code in (404, 405) else None
        return respond(request, exc.status_code, _HTTP_CODES.get(exc.status_code, BAD_VALUE), message, hint)

    async def on_interrupt(request: Request, exc: duckdb.InterruptException) -> Response:
        error = timeout_error(request.app.state.store.settings.query_timeout)
        return respond(request, 400, error.code, error.message, error.hint)

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


def timeout_error(limit: float) -> QueryTimeout:
    return QueryTimeout(f"the query ran longer than {limit:g} s and was stopped",
                        hint="narrow it: a dyad, an actor, a type or a shorter date range")


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
