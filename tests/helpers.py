"""What several test modules share: a quiet FastAPI test client, a fixture without proxies."""
from __future__ import annotations

import warnings

import pytest

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def make_client(app, **kwargs):
    """A ``TestClient`` for ``app`` (imported without starlette's notice about httpx)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, **kwargs)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Local test servers are reached directly, whatever proxy the machine is set up with."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
