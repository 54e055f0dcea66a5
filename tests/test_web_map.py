"""The offline map of the overview, dyad and actor pages, in Debian's Chromium: outlines shipped with
bilateral, the page's located events as points, a click listing them; nothing fetched from elsewhere."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser_support import CHROMIUM, NO_CHROMIUM, chromium, served_demo, watched_page

OUTLINES = Path(__file__).parent.parent / "src" / "bilateral" / "web" / "static" / "countries.json"
TEMPLATES = Path(__file__).parent.parent / "src" / "bilateral" / "web" / "templates"


def test_web_map_outlines_are_shipped_for_the_states_of_the_news():
    outlines = json.loads(OUTLINES.read_text(encoding="utf-8"))
    assert "Natural Earth" in outlines["source"]
    assert {"MLI", "RUS", "BFA", "NER", "SDN", "UKR", "FRA", "USA"} <= outlines["countries"].keys()
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", outlines["countries"]["MLI"])]
    xs, ys = numbers[0::2], numbers[1::2]
    assert -13 < min(xs) < max(xs) < 5 and -26 < min(ys) < max(ys) < -9  # Mali, as longitude and -latitude


def test_web_map_is_included_by_one_line_in_each_page():
    for name in ("overview.html", "dyad.html", "actor.html"):
        lines = (TEMPLATES / name).read_text(encoding="utf-8").splitlines()
        assert lines.count('{% include "_map.html" %}') == 1, name


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, coder):
    with served_demo(tmp_path_factory.mktemp("map"), coder) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, base_url):
    with watched_page(browser) as tab:
        yield tab


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/", "/dyad/MLI/RUS", "/actor/MLI"])
def test_web_map_draws_the_pages_events_offline(page, base_url, path):
    from playwright.sync_api import expect

    page.goto(base_url + path)
    section = page.locator("section.geo-map")
    expect(section).to_have_attribute("data-drawn", re.compile(r"^[1-9]\d*$"), timeout=20_000)
    svg = section.locator("svg.geo-map__svg")
    box = svg.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    assert svg.locator("path[data-country='MLI']").count() == 1
    points = svg.locator("circle.geo-map__point")
    assert points.count() == int(section.get_attribute("data-drawn"))
    assert page.errors == []
    assert page.hosts == {base_url.removeprefix("http://")}  # outlines and events from this server only


@pytest.mark.slow
def test_web_map_click_lists_the_events_of_a_place_with_their_evidence(page, base_url):
    from playwright.sync_api import expect

    page.goto(f"{base_url}/dyad/MLI/RUS")
    section = page.locator("section.geo-map")
    expect(section).to_have_attribute("data-drawn", re.compile(r"^[1-9]\d*$"), timeout=20_000)
    section.locator("circle[data-place='Bougoula']").dispatch_event("click")
    listing = section.locator(".geo-map__list")
    expect(listing.locator("h3")).to_have_text("Events at Bougoula")
    expect(listing.locator("li q").filter(has_text="Bougoula")).not_to_have_count(0)
    expect(listing.locator("li a").first).to_have_attribute("href", re.compile(r"^/event/BE-"))
    artifacts = Path(__file__).parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "map-dyad.png"), full_page=True)
    assert page.errors == []
