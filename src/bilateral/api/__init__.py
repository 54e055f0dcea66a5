"""The HTTP API and the dashboard over a store.

>>> from bilateral.api import create_app, serve
>>> app = create_app("bilateral.duckdb")      # a FastAPI app: /api/…, the pages, /static/…
>>> serve("bilateral.duckdb", port=8000)      # runs it with uvicorn on 127.0.0.1
"""
from __future__ import annotations

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
