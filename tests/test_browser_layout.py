"""Every page in a real browser at 1280 and 390 px wide, and the timeline's controls used as a reader would.

Debian's Chromium driven by Playwright over a real uvicorn serving the demo store, as in
``test_web_browser.py``: no page scrolls sideways (every <details> opened, so hidden content counts
too), no console error, nothing asked of any host but 127.0.0.1; the interval switch, the date
presets and the brush (a drag across the timeline) lead to the view they name; the filters fold
away on a phone and the timeline drawn for phones is the one shown there.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import ARGS, CHROMIUM, NO_CHROMIUM, served_demo

pytestmark = pytest.mark.slow
WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WAIT = 30_000  # ms: the machine may be busy with other test runs

if not CHROMIUM.exists():
    pytest.skip(NO_CHROMIUM, allow_module_level=True)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, coder):
    with served_demo(tmp_path_factory.mktemp("layout"), coder) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
    expect.set_options(timeout=5_000)  # Playwright's own default, for the modules after this one


@pytest.fixture(scope="module")
def pages(browser, base_url) -> dict[str, tuple[str, int]]:
    """Every kind of page: name → (address, status). The event and article are found from the dyad page."""
    context = browser.new_context(viewport=WIDE)
    tab = context.new_page()
    tab.goto(f"{base_url}/dyad/MLI/RUS")
    event = tab.locator("a[href^='/event/']").first.get_attribute("href")
    article = tab.locator("a[href^='/article/']").first.get_attribute("href").split("#")[0]
    context.close()
    return {"overview": ("/", 200), "dyad": ("/dyad/MLI/RUS", 200), "actor": ("/actor/MLI", 200),
            "actors": ("/actors", 200), "event": (event, 200), "article": (article, 200),
            "search": ("/search?q=Mali", 200), "search-empty": ("/search", 200), "docs": ("/docs", 200),
            "compare": ("/compare?dyads=MLI-RUS,MLI-DZA,MLI-ECW", 200), "compare-empty": ("/compare", 200),
            "error": ("/nowhere", 404)}


def _tab(browser, viewport: dict):
    """A fresh page that records console errors (with where they come from) and every address it asks."""
    context = browser.new_context(viewport=viewport, locale="en-GB")
    context.set_default_timeout(WAIT)
    tab = context.new_page()
    tab.errors = []
    tab.requests = []
    tab.on("console", lambda m: tab.errors.append((m.text, m.location.get("url"))) if m.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append((str(error), None)))
    tab.on("request", lambda request: tab.requests.append(request.url))
    return context, tab


@pytest.fixture(params=[WIDE, PHONE], ids=["1280px", "390px"])
def tab(request, browser, base_url):
    context, page = _tab(browser, request.param)
    yield page
    context.close()


@pytest.fixture
def phone(browser, base_url):
    context, page = _tab(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def wide(browser, base_url):
    context, page = _tab(browser, WIDE)
    yield page
    context.close()


def _overflow(tab) -> tuple[int, int, list[str]]:
    """(page width, window width, the elements that reach past the window's right edge and are not inside a
    box that scrolls sideways or cuts them off inside the window), with every <details> opened first and
    the map (drawn once its data has come) drawn."""
    if tab.locator("[data-geo-map]").count():
        tab.wait_for_selector("[data-geo-map][data-drawn]", state="attached")
    return tab.evaluate("""() => {
        document.querySelectorAll('details').forEach(d => { d.open = true; });
        const width = window.innerWidth;
        const contained = x => x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip';
        const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
            if (contained(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= width + 0.5)
                return true; } return false; };
        const past = [...document.body.querySelectorAll('*')]
            .filter(el => el.getBoundingClientRect().right > width + 0.5 && !scrolls(el))
            .map(el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className
                                                    ? '.' + el.className : ''));
        return [document.documentElement.scrollWidth, width, past.slice(0, 8)];
    }""")


@pytest.mark.parametrize("name", ["overview", "dyad", "actor", "actors", "event", "article", "search",
                                  "search-empty", "docs", "error"])
def test_browser_layout_every_page_fits_speaks_only_to_this_host_and_logs_no_error(tab, base_url, pages, name):
    path, status = pages[name]
    response = tab.goto(base_url + path)
    assert response.status == status
    tab.wait_for_load_state("load")
    scroll_width, width, past = _overflow(tab)
    assert scroll_width <= width, f"{name} is {scroll_width}px wide in a {width}px window: {past}"
    assert past == []
    # the one error allowed: the error page's own status, which the browser logs as a failed load
    own = (f"Failed to load resource: the server responded with a status of {status} (Not Found)", tab.url)
    assert [e for e in tab.errors if status == 200 or e != own] == []
    hosts = {urlsplit(url).hostname for url in tab.requests}
    assert hosts == {"127.0.0.1"}, tab.requests
    assert any(url.endswith("/static/style.css") for url in tab.requests)  # the page was styled, from here


def test_browser_layout_phone_shows_the_narrow_timeline_readably(phone, base_url):
    phone.goto(f"{base_url}/dyad/MLI/RUS")
    assert phone.locator("svg.timeline").is_hidden()
    narrow = phone.locator("svg.timeline-narrow")
    assert narrow.is_visible()
    box = narrow.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] and box["height"] > 200
    labels = narrow.locator("g.axis text.tick")
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert 2 <= len(boxes) <= 6
    assert all(b["height"] >= 9 for b in boxes)  # type a reader can read, not a 900-unit drawing shrunk
    assert all(a["x"] + a["width"] <= b["x"] for a, b in zip(boxes, boxes[1:]))  # labels apart
    # the same periods as the wide drawing (hidden here, still in the page), one score point each
    wide_points = phone.locator("svg.timeline circle.score-point").count()
    assert wide_points >= 2
    assert phone.locator("svg.timeline-narrow circle.score-point").count() == wide_points


def test_browser_layout_filters_fold_away_on_a_phone_and_stay_open_on_a_screen(phone, wide, base_url):
    from playwright.sync_api import expect

    phone.goto(f"{base_url}/dyad/MLI/RUS?type=AID")
    summary = phone.locator("details.filter-panel > summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("1 active")
    expect(phone.locator("#f-type")).to_be_hidden()
    summary.click()
    expect(phone.locator("#f-type")).to_be_visible()
    expect(phone.locator("#f-type")).to_have_value("AID")

    wide.goto(f"{base_url}/dyad/MLI/RUS")
    expect(wide.locator("details.filter-panel > summary")).to_be_hidden()
    expect(wide.locator("#f-type")).to_be_visible()
    wide.locator("#f-type").select_option("AID")
    wide.get_by_role("button", name="Apply").click()
    expect(wide).to_have_url(re.compile(r"type=AID"))


def _query(tab) -> dict[str, list[str]]:
    return parse_qs(urlsplit(tab.url).query)


def test_browser_layout_interval_switch_redraws_by_quarter_and_year(wide, base_url):
    from playwright.sync_api import expect

    wide.goto(f"{base_url}/dyad/MLI/RUS")
    switch = wide.get_by_role("group", name="One bar per")
    expect(switch.get_by_role("link", name="month")).to_have_attribute("aria-current", "true")
    switch.get_by_role("link", name="quarter").click()
    expect(wide).to_have_url(re.compile(r"interval=quarter"))
    labels = wide.locator("svg.timeline g.axis text.tick").all_text_contents()
    assert labels and all(re.fullmatch(r"\d{4}-Q[1-4]", label) for label in labels)
    assert wide.locator("svg.timeline rect.slot").first.get_attribute("data-until") == "2024-03-31"
    expect(wide.get_by_role("group", name="One bar per").get_by_role("link", name="quarter")) \
        .to_have_attribute("aria-current", "true")
    # a filter applied from the form keeps the interval
    wide.locator("#f-type").select_option("AID")
    wide.get_by_role("button", name="Apply").click()
    expect(wide).to_have_url(re.compile(r"type=AID"))
    assert _query(wide)["interval"] == ["quarter"]
    wide.get_by_role("group", name="One bar per").get_by_role("link", name="year").click()
    expect(wide).to_have_url(re.compile(r"interval=year"))
    assert wide.locator("svg.timeline g.axis text.tick").all_text_contents() == ["2024", "2025"]
    assert _query(wide)["type"] == ["AID"]
    assert wide.errors == []


def test_browser_layout_presets_set_the_dates_and_all_clears_them(wide, base_url):
    from playwright.sync_api import expect

    wide.goto(f"{base_url}/actor/MLI?interval=quarter")
    dates = wide.get_by_role("group", name="Dates")
    expect(dates.get_by_role("link", name="All dates")).to_have_attribute("aria-current", "true")
    dates.get_by_role("link", name="Last 12 months").click()
    expect(wide).to_have_url(re.compile(r"since="))
    query = _query(wide)
    assert query["since"] == ["2024-11-01"] and query["until"] == ["2025-10-15"]  # to the actor's last event
    assert query["interval"] == ["quarter"]
    expect(wide.locator("#f-since")).to_have_value("2024-11-01")
    when = wide.locator("li.event .when").all_text_contents()
    assert when and all("2024-11-01" <= day <= "2025-10-15" for day in when)
    expect(wide.get_by_role("group", name="Dates").get_by_role("link", name="Last 12 months")) \
        .to_have_attribute("aria-current", "true")
    wide.get_by_role("group", name="Dates").get_by_role("link", name="Last 3 years").click()
    expect(wide).to_have_url(re.compile(r"since=2022-11-01"))
    wide.get_by_role("group", name="Dates").get_by_role("link", name="All dates").click()
    expect(wide).not_to_have_url(re.compile(r"since="))
    assert "until" not in _query(wide) and _query(wide)["interval"] == ["quarter"]
    assert wide.errors == []


def _drag(tab, chart, first: int, last: int) -> None:
    """Press on the middle of period ``first`` of ``chart`` and release on the middle of period ``last``."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    slots = chart.locator("rect.slot")
    a, b = slots.nth(first).bounding_box(), slots.nth(last).bounding_box()
    y = box["y"] + box["height"] * 0.4
    tab.mouse.move(a["x"] + a["width"] / 2, y)
    tab.mouse.down()
    tab.mouse.move(b["x"] + b["width"] / 2, y, steps=12)
    tab.mouse.up()


@pytest.mark.parametrize(("viewport", "chart"), [(WIDE, "svg.timeline"), (PHONE, "svg.timeline-narrow")],
                         ids=["1280px", "390px"])
def test_browser_layout_brushing_the_timeline_selects_its_dates(browser, base_url, viewport, chart):
    from playwright.sync_api import expect

    context, tab = _tab(browser, viewport)
    try:
        tab.goto(f"{base_url}/dyad/MLI/RUS?type=AID&page=1")
        expect(tab.locator(".brush-hint").first).to_be_visible()  # said only where the script runs
        timeline = tab.locator(chart)
        slots = timeline.locator("rect.slot")
        assert slots.count() == 20  # 2024-03 … 2025-10
        _drag(tab, timeline, 1, 3)  # 2024-04 to 2024-06, right to left works too
        expect(tab).to_have_url(re.compile(r"until="))
        query = _query(tab)
        assert query["since"] == ["2024-04-01"] and query["until"] == ["2024-06-30"]
        assert query["type"] == ["AID"] and "page" not in query
        expect(tab.locator(".empty").first).to_be_visible()  # no asserted event in those months
        tab.goto(f"{base_url}/dyad/MLI/RUS")
        timeline = tab.locator(chart)
        _drag(tab, timeline, 19, 0)
        expect(tab).to_have_url(re.compile(r"until="))
        assert _query(tab) == {"since": ["2024-03-01"], "until": ["2025-10-31"]}
        assert tab.errors == []
    finally:
        context.close()


def test_browser_layout_a_click_on_the_timeline_is_not_a_brush(wide, base_url):
    wide.goto(f"{base_url}/dyad/MLI/RUS")
    address = wide.url
    bar = wide.locator("svg.timeline rect.bar").first
    bar.scroll_into_view_if_needed()
    bar.click()
    wide.wait_for_timeout(500)
    assert wide.url == address
    assert wide.locator("svg.timeline rect.brush.on").count() == 0
