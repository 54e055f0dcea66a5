"""The timeline's geometry and its SVG: whole-number count ticks, the scores on their own panel and axis,
periods of a month, a quarter or a year with the dates the brush reads, date presets, a narrow drawing.

No store: periods are written here as ``store.dashboard`` fills them (contiguous, empty ones included).
The SVG is the ``_macros.html`` timeline rendered by the dashboard's own Jinja environment.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.requests import Request

from bilateral.store.views import Period
from bilateral.web import charts
from bilateral.web.i18n import Translator
from bilateral.web.render import Links, environment

SVG = "{http://www.w3.org/2000/svg}"


def month(label: str, quads: tuple[int, int, int, int] = (0, 0, 0, 0), goldstein: float | None = None,
          plover: float | None = None) -> Period:
    """A period from its label ("2025-03", "2025-Q2", "2025"), as the store labels them."""
    if "Q" in label:
        start = date(int(label[:4]), 3 * int(label[-1]) - 2, 1)
    elif "-" in label:
        start = date(int(label[:4]), int(label[5:7]), 1)
    else:
        start = date(int(label), 1, 1)
    events = sum(quads)
    return Period(label, start, quads, events, events, goldstein if events else None, plover if events else None)


def months(first: date, n: int, counts: dict[int, tuple[int, int, int, int]] | None = None) -> list[Period]:
    """``n`` consecutive months from ``first``; month ``i`` has ``counts[i]`` events (mean scores +5 and +4)."""
    out = []
    for i in range(n):
        index = first.year * 12 + first.month - 1 + i
        label = f"{index // 12}-{index % 12 + 1:02d}"
        out.append(month(label, (counts or {}).get(i, (0, 0, 0, 0)), 5.0, 4.0))
    return out


MALI_RUSSIA = [month("2024-03", (0, 1, 0, 0), 7.0, 10.0), *months(date(2024, 4, 1), 18),
               month("2025-10", (2, 3, 0, 0), 4.6, 6.0)]


# --- count axis: whole events only ------------------------------------------------------------

@pytest.mark.parametrize("maximum", [0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 19, 20, 23, 48, 99, 101, 250, 999, 12345])
@pytest.mark.parametrize("most", [4, 5])
def test_charts_count_scale_steps_by_whole_events(maximum, most):
    top, step = charts.count_scale(maximum, most=most)
    assert isinstance(top, int) and isinstance(step, int)
    assert re.fullmatch(r"[125]0*", str(step))  # 1, 2 or 5 × 10^k
    assert top >= maximum and top % step == 0
    assert 1 <= top // step <= most
    assert top - step < max(1, maximum)  # no empty step above the tallest bar


@pytest.mark.parametrize(("tallest", "labels"), [
    (1, ["0", "1"]),
    (5, ["0", "1", "2", "3", "4", "5"]),
    (7, ["0", "2", "4", "6", "8"]),
    (10, ["0", "2", "4", "6", "8", "10"]),  # the old axis said 0, 2.5, 5, 7.5, 10
    (13, ["0", "5", "10", "15"]),
    (50, ["0", "10", "20", "30", "40", "50"]),
])
def test_charts_count_ticks_are_whole_numbers(tallest, labels):
    chart = charts.timeline([month("2025-01", (tallest, 0, 0, 0), 3.0, 2.5), month("2025-02")])
    assert [tick.label for tick in chart.counts.ticks] == labels
    positions = [tick.pos for tick in chart.counts.ticks]
    assert positions[0] == chart.counts.bottom and positions[-1] == chart.counts.top
    assert positions == sorted(positions, reverse=True)


def test_charts_stacked_bars_measure_the_counts_on_their_axis():
    chart = charts.timeline([month("2025-01", (1, 2, 0, 3), -1.0, -2.0)])  # 6 events: axis 0..6 by 1
    per_event = (chart.counts.bottom - chart.counts.top) / 6
    assert [(bar.quad, bar.count) for bar in chart.bars] == [(1, 1), (2, 2), (4, 3)]
    for bar in chart.bars:
        assert bar.height == pytest.approx(bar.count * per_event, abs=0.02)
    assert chart.bars[0].y + chart.bars[0].height == pytest.approx(chart.counts.bottom, abs=0.02)
    assert chart.bars[-1].y == pytest.approx(chart.counts.top, abs=0.02)  # the tallest stack reaches the top tick


# --- the scores: their own panel, their own axis ------------------------------------------------

def test_charts_score_panel_sits_below_the_counts_with_its_own_axis():
    chart = charts.timeline(MALI_RUSSIA)
    assert chart.score.top > chart.counts.bottom  # two panels, no shared scale
    assert [tick.label for tick in chart.score.ticks] == ["+10", "+5", "0", "\u22125", "\u221210"]
    assert chart.score.ticks[0].pos == chart.score.top and chart.score.ticks[-1].pos == chart.score.bottom
    assert chart.zero_y == pytest.approx((chart.score.top + chart.score.bottom) / 2)
    for bar in chart.bars:
        assert chart.counts.top <= bar.y and bar.y + bar.height <= chart.counts.bottom + 0.01
    for point in chart.goldstein.points + chart.plover.points:
        assert chart.score.top <= point.y <= chart.score.bottom


@pytest.mark.parametrize(("value", "where"), [(10.0, "top"), (-10.0, "bottom"), (0.0, "zero")])
def test_charts_score_is_placed_on_the_score_axis_whatever_the_counts(value, where):
    for tallest in (1, 40):
        chart = charts.timeline([month("2025-01", (tallest, 0, 0, 0), value, value)])
        expected = {"top": chart.score.top, "bottom": chart.score.bottom, "zero": chart.zero_y}[where]
        assert chart.goldstein.points[0].y == pytest.approx(expected)
        assert chart.plover.points[0].y == pytest.approx(expected)


def test_charts_score_lines_break_at_periods_without_events():
    chart = charts.timeline(MALI_RUSSIA)
    assert [p.period for p in chart.goldstein.points] == ["2024-03", "2025-10"]
    assert len(chart.goldstein.paths) == 2 and all(path.count("L") == 0 for path in chart.goldstein.paths)
    assert [p.value for p in chart.plover.points] == [10.0, 6.0]


# --- intervals: the dates each period covers, the labels kept --------------------------------

@pytest.mark.parametrize(("periods", "dates"), [
    ([month("2024-01", (1, 0, 0, 0), 1, 1), month("2024-02", (1, 0, 0, 0), 1, 1)],
     [("2024-01-01", "2024-01-31"), ("2024-02-01", "2024-02-29")]),
    ([month("2024-Q4", (1, 0, 0, 0), 1, 1), month("2025-Q1", (2, 0, 0, 0), 1, 1)],
     [("2024-10-01", "2024-12-31"), ("2025-01-01", "2025-03-31")]),
    ([month("2023", (1, 0, 0, 0), 1, 1), month("2024"), month("2025", (3, 0, 0, 0), 1, 1)],
     [("2023-01-01", "2023-12-31"), ("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-12-31")]),
])
def test_charts_slots_give_the_dates_of_each_period(periods, dates):
    chart = charts.timeline(periods)
    assert [(s.since.isoformat(), s.until.isoformat()) for s in chart.slots] == dates
    assert chart.slots[0].x == chart.left
    assert chart.slots[-1].x + chart.slots[-1].width == pytest.approx(chart.right, abs=0.02)


@pytest.mark.parametrize(("label", "months_in"), [("2025-10", 1), ("2025-Q3", 3), ("2025", 12)])
def test_charts_period_months_read_from_the_label(label, months_in):
    assert charts.period_months(label) == months_in


def test_charts_x_labels_leave_room_for_each_other():
    many = months(date(2020, 1, 1), 70, {0: (1, 0, 0, 0), 69: (0, 1, 0, 0)})
    for size in (charts.WIDE, charts.NARROW):
        chart = charts.timeline(many, size=size)
        positions = [tick.pos for tick in chart.x_ticks]
        gaps = [b - a for a, b in zip(positions, positions[1:])]
        widest = max(len(tick.label) for tick in chart.x_ticks)
        assert len(chart.x_ticks) >= 2 and min(gaps) >= charts.CHAR_WIDTH * widest
    wide, narrow = charts.timeline(many), charts.timeline(many, size=charts.NARROW)
    assert [tick.label for tick in wide.x_ticks] == [f"{y}-{m}" for y in range(2020, 2026) for m in ("01", "07")]
    assert [tick.label for tick in narrow.x_ticks] == ["2020", "2022", "2024"]  # every other January: the year


def test_charts_every_month_is_labelled_when_there_is_room():
    chart = charts.timeline(MALI_RUSSIA[:1] + MALI_RUSSIA[-1:])
    assert [tick.label for tick in chart.x_ticks] == ["2024-03", "2025-10"]


# --- date presets -----------------------------------------------------------------------------

@pytest.mark.parametrize(("until", "last", "expected"), [
    (None, date(2025, 10, 15), {"months12": ("2024-11-01", "2025-10-15"), "years3": ("2022-11-01", "2025-10-15")}),
    ("2025-03-04", date(2025, 10, 15), {"months12": ("2024-04-01", "2025-03-04"),
                                        "years3": ("2022-04-01", "2025-03-04")}),
    (None, date(2024, 1, 31), {"months12": ("2023-02-01", "2024-01-31"), "years3": ("2021-02-01", "2024-01-31")}),
    (None, date(1, 6, 1), {"months12": ("0001-01-01", "0001-06-01"), "years3": ("0001-01-01", "0001-06-01")}),
    (None, None, {}),
])
def test_charts_date_presets_are_whole_months_ending_at_the_view(until, last, expected):
    presets = charts.date_presets(until, last)
    assert presets[-1] == charts.Preset("all", None, None)
    found = {p.key: (p.since.isoformat(), p.until.isoformat()) for p in presets[:-1]}
    assert found == expected


def test_charts_preset_chosen_again_offers_the_same_window():
    first = {p.key: p for p in charts.date_presets(None, date(2025, 10, 15))}["months12"]
    again = {p.key: p for p in charts.date_presets(first.until.isoformat(), date(2025, 9, 2))}["months12"]
    assert again == first


# --- the SVG the pages draw -------------------------------------------------------------------

def _module(url: str = "/dyad/MLI/RUS", lang: str = "en"):
    """``_macros.html`` as the pages import it, for a request to ``url``."""
    parts = urlsplit(url)
    request = Request({"type": "http", "method": "GET", "path": parts.path, "query_string": parts.query.encode(),
                       "headers": [], "scheme": "http", "server": ("127.0.0.1", 80)})
    env = environment()
    return env.get_template("_macros.html").make_module({
        "t": Translator(lang), "lang": lang, "link": Links(request), "name": lambda code: code, "request": request})


def _svgs(html: str) -> dict[str, ET.Element]:
    found = {}
    for match in re.finditer(r"<svg class=\"(timeline|timeline-narrow)\".*?</svg>", str(html), re.S):
        markup = match.group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        found[match.group(1)] = ET.fromstring(markup)
    return found


def _texts(group: ET.Element) -> list[str]:
    return [text.text or "" for text in group.iter(f"{SVG}text") if "tick" in text.get("class", "")]


def test_charts_svg_draws_integer_ticks_and_a_separate_score_panel():
    chart = charts.timeline([month("2025-01", (10, 0, 0, 0), 9.0, 8.0), month("2025-02", (0, 0, 1, 2), -6.0, -5.0)])
    svgs = _svgs(_module().timeline(chart, "timeline", "Mali – Russia", "month"))
    assert set(svgs) == {"timeline", "timeline-narrow"}  # wide for screens, narrow for phones
    for svg in svgs.values():
        grid = svg.find(f"{SVG}g[@class='grid']")
        assert all(re.fullmatch(r"\d+", label) for label in _texts(grid))
        score = svg.find(f"{SVG}g[@class='score']")
        assert _texts(score)[0] == "+10" and _texts(score)[-1] == "\u221210"
        score_lines = [float(line.get("y1")) for line in score.iter(f"{SVG}line")]
        count_lines = [float(line.get("y1")) for line in grid.iter(f"{SVG}line")]
        assert min(score_lines) > max(count_lines)  # the score's panel is under the counts', not over it
        dots = [float(c.get("cy")) for c in score.iter(f"{SVG}circle")]
        assert len(dots) == 2 and all(min(score_lines) <= y <= max(score_lines) for y in dots)
        assert len(list(score.iter(f"{SVG}rect"))) == 2  # PLOVER's squares
        titles = [t.text for t in svg.iter(f"{SVG}title")]
        assert "2025-01 · Goldstein +9.00" in titles and "2025-02 · PLOVER −5.00" in titles
        assert svg.get("role") == "img" and svg.get("aria-labelledby").split() == [svg.get("id") + "-title",
                                                                                    svg.get("id") + "-desc"]
        desc = svg.find(f"{SVG}desc").text
        assert "Bottom panel" in desc and "−10" in desc


def test_charts_svg_slots_carry_the_dates_of_a_quarter():
    chart = charts.timeline([month("2024-Q4", (1, 0, 0, 0), 1, 1), month("2025-Q1", (0, 1, 0, 0), 2, 2)])
    svg = _svgs(_module().timeline(chart, "timeline", "Mali – Russia", "quarter"))["timeline"]
    slots = [(r.get("data-since"), r.get("data-until")) for r in svg.iter(f"{SVG}rect") if r.get("class") == "slot"]
    assert slots == [("2024-10-01", "2024-12-31"), ("2025-01-01", "2025-03-31")]
    assert "one per quarter" in svg.find(f"{SVG}desc").text


def test_charts_data_table_lists_both_scores():
    html = str(_module(lang="fr").timeline(charts.timeline(MALI_RUSSIA), "timeline", "Mali – Russie", "month"))
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>(.*?)</tr>", html)
    assert [period for period, _ in rows] == ["2024-03", "2025-10"]  # months without events are left out
    assert re.findall(r'<td class="num">([^<]+)</td>', rows[1][1]) == ["2", "3", "0", "0", "5", "+4,60", "+6,00"]
    assert "<th scope=\"col\">PLOVER</th>" in html and "Score PLOVER moyen" in html


def _controls(url: str, since=None, until=None, last=date(2025, 10, 15), interval="month") -> dict[str, dict]:
    class Chosen:  # the filter fields the controls read
        pass
    filters = Chosen()
    filters.since, filters.until = since, until
    summary = Chosen()
    summary.last = last
    html = str(_module(url).timeline_controls(interval, filters, summary))
    links = {}
    for attrs, text in re.findall(r"<a (href=[^>]*)>([^<]+)</a>", html):
        href = re.search(r'href="([^"]+)"', attrs).group(1).replace("&amp;", "&")
        links[text] = {"query": parse_qs(urlsplit(href).query), "current": "aria-current" in attrs}
    return links


def test_charts_interval_switch_keeps_the_view_and_marks_the_current_one():
    links = _controls("/dyad/MLI/RUS?type=AID&since=2024-01-01&page=3", since="2024-01-01", interval="quarter")
    assert {k: v["query"] for k, v in links.items() if k in ("month", "quarter", "year")} == {
        x: {"type": ["AID"], "since": ["2024-01-01"], "interval": [x]} for x in ("month", "quarter", "year")}
    assert [k for k, v in links.items() if v["current"]] == ["quarter"]  # the page number is dropped, too


def test_charts_presets_set_since_and_until_and_all_clears_them():
    links = _controls("/actor/MLI?interval=year&q=chars")
    assert links["Last 12 months"]["query"] == {"interval": ["year"], "q": ["chars"], "since": ["2024-11-01"],
                                                "until": ["2025-10-15"]}
    assert links["Last 3 years"]["query"]["since"] == ["2022-11-01"]
    assert links["All dates"]["query"] == {"interval": ["year"], "q": ["chars"]}
    assert links["All dates"]["current"] and not links["Last 12 months"]["current"]
    chosen = _controls("/actor/MLI?since=2024-11-01&until=2025-10-15", since="2024-11-01", until="2025-10-15")
    assert [k for k, v in chosen.items() if v["current"]] == ["month", "Last 12 months"]
