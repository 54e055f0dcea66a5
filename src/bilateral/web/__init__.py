"""The dashboard: server-rendered pages (Jinja2, inline SVG charts) in English and French.

Everything the pages load (stylesheet, script, icon) is served from ``web/static/``; nothing
comes from elsewhere, so the dashboard works offline.
"""
from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ..api.errors import HtmlRenderer
from .render import environment, render_error

__all__ = ["install"]


def install(app: FastAPI) -> HtmlRenderer:
    """Add the pages and ``/static/`` to ``app``; returns the renderer of HTML error pages."""
    from .pages import router

    app.state.templates = environment()
    static = resources.files("bilateral.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(router)
    return render_error
