"""What the browser tests share: Debian's Chromium and its flags, and the demo store served by a
real uvicorn on a free loopback port."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bilateral import Article, read_inputs
from bilateral.api import create_app
from bilateral.store import connect
from bilateral.store.load import load_articles

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLES = Path(__file__).parent.parent / "examples" / "articles.jsonl"
NO_CHROMIUM = ("browser test skipped: no Chromium at /usr/bin/chromium "
               "(install it with `apt-get install chromium`, as .ci/run does)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_demo(folder: Path, coder, *, start_within: float = 60) -> Iterator[str]:
    """The example articles coded into a store in ``folder``, served; yields the base URL."""
    import uvicorn

    path = folder / "demo.duckdb"
    con = connect(path)
    try:
        load_articles(con, [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)], coder=coder)
    finally:
        con.close()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(path)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_within
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium launched headless through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def watched_page(browser, *, viewport: dict | None = None, locale: str = "en-GB") -> Iterator:
    """A fresh page (no cookie) that records console errors (``errors``) and every host it asks
    (``hosts``)."""
    import re

    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale=locale)
    tab = context.new_page()
    tab.errors = []
    tab.hosts = set()
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("request", lambda request: tab.hosts.add(re.sub(r"^\w+://([^/]+).*", r"\1", request.url)))
    try:
        yield tab
    finally:
        context.close()
