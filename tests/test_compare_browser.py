"""Directed and compared dyads in a real browser (Debian's Chromium, Playwright, a real uvicorn serving the
demo store, as in ``test_web_browser.py``): the comparison page draws one line per dyad, the dyad page
shows its two directions with their own lines, on a wide screen and on a phone, without console errors."""
from __future__ import annotations

import re

import pytest

from browser_support import CHROMIUM, NO_CHROMIUM, chromium, served_demo, watched_page

pytestmark = pytest.mark.slow
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
COMPARED = ("MLI-RUS", "MLI-DZA", "MLI-ECW")

if not CHROMIUM.exists():
    pytest.skip(NO_CHROMIUM, allow_module_level=True)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, coder):
    with served_demo(tmp_path_factory.mktemp("compare"), coder) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def _drawn_lines(tab, svg: str) -> dict[str, tuple[float, int]]:
    """series key → (width of its drawn line in px, dots drawn), for the lines of the visible ``svg``."""
    found = {}
    for group in tab.locator(f"{svg} g.series").all():
        box = group.locator("path.series-line").bounding_box()
        found[group.get_attribute("data-series")] = (box["width"] if box else 0.0,
                                                     group.locator("circle.series-point").count())
    return found


@pytest.mark.parametrize(("viewport", "svg"), [(WIDE, "svg.lines"), (PHONE, "svg.lines-narrow")],
                         ids=["wide", "phone"])
def test_comparison_page_draws_one_line_per_dyad(browser, base_url, viewport, svg):
    with watched_page(browser, viewport=viewport) as tab:
        tab.goto(f"{base_url}/compare?dyads={','.join(COMPARED)}")
        chart = tab.locator(f"#compare-chart{'-narrow' if svg.endswith('narrow') else ''}")
        assert chart.is_visible()
        lines = _drawn_lines(tab, svg)
        assert set(lines) == set(COMPARED)
        periods = {dots for _, dots in lines.values()}
        assert len(periods) == 1 and periods.pop() >= 2  # the same periods for every dyad
        assert all(width > 0.5 * chart.bounding_box()["width"] for width, _ in lines.values()), lines
        # the legend names each dyad with its count, and the totals agree with the line's points
        legend = tab.locator(".lines-chart .legend li").all_inner_texts()
        assert len(legend) == 3 and any("Mali – Russia" in item for item in legend)
        for key in COMPARED:
            total = int(tab.locator(f"tr[data-dyad='{key}'] td.events").inner_text())
            counts = [int(c) for c in tab.locator(f"{svg} g[data-series='{key}'] circle").evaluate_all(
                "dots => dots.map(d => d.dataset.count)")]
            assert sum(counts) == total > 0
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert not tab.errors


def test_dyad_page_splits_the_two_directions(browser, base_url):
    with watched_page(browser, viewport=WIDE) as tab:
        tab.goto(f"{base_url}/dyad/MLI/RUS")
        rows = tab.locator("table.directions tbody tr")
        assert rows.count() == 2
        assert re.sub(r"\s+", " ", rows.nth(0).locator("th").inner_text()).strip() == "Mali → Russia"
        assert re.sub(r"\s+", " ", rows.nth(1).locator("th").inner_text()).strip() == "Russia → Mali"
        split = [int(rows.nth(i).locator("td.events").inner_text()) for i in range(2)]
        total = int(tab.locator("dl.figures div").first.locator("dd").inner_text())
        assert sum(split) == total and all(split)
        lines = _drawn_lines(tab, "#directions-chart")
        assert set(lines) == {"MLI-RUS", "RUS-MLI"} and all(width > 0 for width, _ in lines.values())
        # following one direction lists only its events
        rows.nth(1).locator("a").click()
        tab.wait_for_load_state()
        assert "directed=true" in tab.url and "/dyad/RUS/MLI" in tab.url
        assert tab.locator(".directed").is_visible()
        listed = tab.locator("ol.events > li").count()
        assert listed == split[1]
        assert not tab.errors
