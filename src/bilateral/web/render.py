"""Rendering pages: the Jinja environment (autoescaped), the per-request context, the language cookie."""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi.responses import HTMLResponse
from starlette.requests import Request

from .. import __version__
from ..api.names import names
from . import chartrows, charts
from .highlight import highlight, split_trigger
from .i18n import COOKIE, LANGS, Translator, choose
from .labels import event_title, labels

COOKIE_AGE = 365 * 24 * 3600


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bilateral.web", "templates"),
        autoescape=True,  # every template, whatever its name: article text and titles are untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(slot_rects=chartrows.slot_rects, bar_rects=chartrows.bar_rects,
                       plover_points=chartrows.plover_points, goldstein_points=chartrows.goldstein_points,
                       series_points=chartrows.series_points)
    env.globals.update(bar_length=charts.bar_length, highlight=highlight, split_trigger=split_trigger,
                       version=__version__, tone=charts.tone, narrow_timeline=charts.narrow,
                       date_presets=charts.date_presets)
    env.filters["web_url"] = web_url
    return env


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None: a stored ``javascript:`` URL is never a link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


class Links:
    """URLs for the current page with some query parameters changed (None removes one)."""

    def __init__(self, request: Request):
        self.path = request.url.path
        self.items = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]

    def __call__(self, _path: str | None = None, **changes: object) -> str:
        if _path is not None:
            params = [(k, str(v)) for k, v in changes.items() if v not in (None, "", False)]
            return _path + ("?" + urlencode(params) if params else "")
        params = [(k, v) for k, v in self.items if k not in changes]
        params += [(k, str(v)) for k, v in changes.items() if v not in (None, "", False)]
        return self.path + ("?" + urlencode(params) if params else "")


def render(request: Request, template: str, context: dict, *, status: int = 200) -> HTMLResponse:
    lang, remember = choose(request)
    t = Translator(lang)
    index = names()
    words = labels()
    env: jinja2.Environment = request.app.state.templates
    body = env.get_template(template).render(
        request=request, t=t, lang=lang, other_lang=next(x for x in LANGS if x != lang),
        name=lambda code: index.name(code, lang), link=Links(request),
        label=lambda kind, key: words(kind, key, lang),
        headline=lambda e: event_title(e.event, e.mode, e.actor_codes, e.recipient_codes, lang), **context)
    response = HTMLResponse(body, status_code=status, headers={"Content-Language": lang})
    if remember:
        response.set_cookie(COOKIE, lang, max_age=COOKIE_AGE, samesite="lax", httponly=True)
    return response


def render_error(request: Request, status: int, code: str, message: str, hint: str | None) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "code": code, "message": message, "hint": hint,
                                          "active": ""}, status=status)
