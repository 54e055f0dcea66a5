"""The dashboard in a real browser: Debian's Chromium driven by Playwright over a real uvicorn.

Screenshots go to tests/artifacts/ (ignored by git). Skipped where /usr/bin/chromium is absent;
`.ci/run` installs it.
"""
from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from browser_support import CHROMIUM, NO_CHROMIUM, chromium, served_demo, watched_page

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).parent / "artifacts"

if not CHROMIUM.exists():
    pytest.skip(NO_CHROMIUM, allow_module_level=True)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, coder):
    with served_demo(tmp_path_factory.mktemp("browser"), coder) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, base_url):
    """A fresh page (no cookie) that records console errors and every host it asks."""
    with watched_page(browser) as tab:
        yield tab


def _shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_browser_dyad_timeline_renders_with_data(page, base_url):
    page.goto(f"{base_url}/dyad/MLI/RUS")
    chart = page.locator("svg.timeline")
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 150
    bars = chart.locator("rect.bar")
    assert bars.count() > 0
    assert all(bar.bounding_box()["height"] > 0 for bar in bars.all())
    # one score point per month with events, as the API counts them
    periods = httpx.get(f"{base_url}/api/dyads/MLI/RUS/timeline").json()["periods"]
    months = sum(1 for period in periods if period["events"])
    assert months >= 2
    assert chart.locator("circle.score-point").count() == months
    _shot(page, "dyad-mali-russia.png")
    assert page.errors == []
    assert page.hosts == {base_url.removeprefix("http://")}  # nothing fetched from elsewhere


def test_browser_clicking_an_event_shows_its_evidence(page, base_url):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/dyad/MLI/RUS")
    event = page.locator("li.event details").filter(has_text="des chars")
    evidence = event.locator(".evidence blockquote")
    expect(evidence).to_be_hidden()
    event.locator("summary").click()
    expect(evidence).to_be_visible()
    expect(evidence).to_contain_text("des chars, des véhicules blindés et des équipements lourds")
    expect(evidence.locator("mark.trigger")).to_have_text("livré")
    assert re.search(r"#ev-BE-", page.url)  # the opened event is in the address, to share the view
    _shot(page, "dyad-event-open.png")
    event.get_by_role("link", name="Read the article").click()
    expect(page).to_have_url(re.compile(r"/article/A-[0-9a-f]+#t-BL-"))
    anchor = page.url.rsplit("#", 1)[1]
    # the link lands on this event's trigger: the anchor sits right before its highlighted span
    expect(page.locator(f"#{anchor} + mark.trigger")).to_have_text("livré")
    _shot(page, "article-mali-russia.png")
    assert page.errors == []


def test_browser_events_open_from_the_keyboard(page, base_url):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/dyad/MLI/RUS")
    summary = page.locator("li.event summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("li.event .evidence").first).to_be_visible()


def test_browser_switches_to_french_and_remembers(page, base_url):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/dyad/MLI/RUS")
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Chronologie")).to_be_visible()
    expect(page.get_by_role("heading", name="Événements et preuves")).to_be_visible()
    expect(page.locator("figure.chart figcaption")).to_contain_text("Coopération matérielle")
    _shot(page, "dyad-mali-russia-fr.png")
    page.goto(f"{base_url}/")  # no ?lang=: the cookie keeps French
    expect(page.get_by_role("heading", name="Vue d'ensemble", exact=True)).to_be_visible()
    _shot(page, "overview-fr.png")
