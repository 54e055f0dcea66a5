"""Chart geometry for the SVG the templates draw: pure functions from records to coordinates.

No markup and no colours here (the stylesheet colours by class), no language either: labels
are composed in the templates, which escape them. The timeline's date presets live here too:
they are windows of the timeline's own periods.
"""
from __future__ import annotations

import calendar
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ..store.dashboard import DyadRank, Period

SCORE_MAX = 10.0  # Goldstein and PLOVER scores both run from -10 (conflict) to +10 (cooperation)
CHAR_WIDTH = 6.6  # px per character of an 11 px tick label, with room to spare
MINUS = "\u2212"


@dataclass(frozen=True, slots=True)
class Size:
    """A timeline's drawing: its width and the heights of its two panels (in SVG units)."""

    width: int
    counts: int
    score: int
    most_count_steps: int  # at most this many intervals between count ticks
    score_values: tuple[int, ...]


WIDE = Size(900, 220, 80, 5, (10, 5, 0, -5, -10))
NARROW = Size(360, 170, 64, 4, (10, 0, -10))  # drawn for phones: fewer ticks, readable when 360 px wide


@dataclass(frozen=True, slots=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    quad: int
    count: int
    period: str


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    value: float
    period: str


@dataclass(frozen=True, slots=True)
class Slot:
    """One period's column across both panels, with the dates it covers (read by the brush)."""

    x: float
    width: float
    since: date
    until: date
    period: str


@dataclass(frozen=True, slots=True)
class Panel:
    top: float
    bottom: float
    ticks: tuple[Tick, ...]

    @property
    def middle(self) -> float:
        return round((self.top + self.bottom) / 2, 2)


@dataclass(frozen=True, slots=True)
class Line:
    """A mean score per period as dots, and as paths broken where a period has no event."""

    paths: tuple[str, ...]
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """Events per period stacked by quad class (top panel, integer counts) over the mean Goldstein and
    PLOVER scores (bottom panel, -10..+10): two axes, never one scale drawn over the other."""

    width: int
    height: int
    left: float
    right: float
    counts: Panel
    score: Panel
    zero_y: float
    bars: tuple[Bar, ...]
    slots: tuple[Slot, ...]
    x_ticks: tuple[Tick, ...]
    x_label_y: float
    goldstein: Line
    plover: Line
    periods: tuple[Period, ...]
    point_radius: float


def count_scale(maximum: int, *, most: int = 5) -> tuple[int, int]:
    """(top, step) of a count axis: ``step`` is 1, 2 or 5 × 10^k, a whole number of events, chosen so that
    at most ``most`` steps reach ``top``, the first multiple of ``step`` at least ``maximum``."""
    maximum = max(1, maximum)
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            steps = math.ceil(maximum / step)
            if steps <= most:
                return steps * step, step
        power *= 10


def period_months(label: str) -> int:
    """Months in a period, read from its label: "2025" a year, "2025-Q3" a quarter, "2025-10" a month."""
    if "-" not in label:
        return 12
    return 3 if "Q" in label else 1


def period_end(start: date, months: int) -> date:
    """The last day of the period of ``months`` months that starts on ``start``."""
    index = start.year * 12 + start.month - 1 + months - 1
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _tick_every(months: int, need: float) -> int:
    """The fewest periods between labels that leaves ``need`` periods of room, on a calendar rhythm."""
    rhythm = {1: (1, 2, 3, 4, 6, 12, 24, 36, 60, 120), 3: (1, 2, 4, 8, 20, 40), 12: (1, 2, 5, 10, 20, 50, 100)}
    return next((k for k in rhythm[months] if k >= need), math.ceil(need))


def _x_ticks(periods: Sequence[Period], left: float, slot: float) -> tuple[Tick, ...]:
    months = period_months(periods[0].period)
    widest = max(len(p.period) for p in periods)
    every = _tick_every(months, (CHAR_WIDTH * widest + 14) / slot)
    years_only = months < 12 and every * months % 12 == 0  # every label a January: the year says it all

    def ordinal(p: Period) -> int:
        return (p.start.year * 12 + p.start.month - 1) // months

    chosen = [i for i, p in enumerate(periods) if ordinal(p) % every == 0] or [0]
    return tuple(Tick(round(left + slot * (i + 0.5), 2),
                      str(periods[i].start.year) if years_only else periods[i].period) for i in chosen)


def _score_line(periods: Sequence[Period], values: Sequence[float | None], centres: Sequence[float],
                y: Callable[[float], float]) -> Line:
    paths: list[str] = []
    points: list[Point] = []
    current: list[str] = []
    for period, value, cx in zip(periods, values, centres):
        if value is None:
            if current:
                paths.append(" ".join(current))
            current = []
            continue
        cy = round(y(value), 2)
        points.append(Point(round(cx, 2), cy, value, period.period))
        current.append(f"{'M' if not current else 'L'}{round(cx, 2)},{cy}")
    if current:
        paths.append(" ".join(current))
    return Line(tuple(paths), tuple(points))


def _signed(value: float) -> str:
    return f"+{value:g}" if value > 0 else (f"{MINUS}{-value:g}" if value < 0 else "0")


def timeline(periods: Sequence[Period], *, size: Size = WIDE) -> Timeline | None:
    """The two panels for ``periods`` (contiguous, as ``store.dashboard`` fills them), or None for none."""
    if not periods:
        return None
    left, right = 58.0, size.width - 14.0
    counts_top = 12.0
    counts_bottom = counts_top + size.counts
    score_top = counts_bottom + 22
    score_bottom = score_top + size.score
    slot = (right - left) / len(periods)
    bar_w = max(1.0, min(slot * 0.78, 48.0))
    top, step = count_scale(max(p.events for p in periods), most=size.most_count_steps)

    def y_count(v: float) -> float:
        return counts_bottom - v / top * size.counts

    def y_score(v: float) -> float:
        return score_top + (SCORE_MAX - v) / (2 * SCORE_MAX) * size.score

    bars: list[Bar] = []
    for i, period in enumerate(periods):
        x = left + slot * i + (slot - bar_w) / 2
        base = 0
        for quad, count in enumerate(period.quads, start=1):
            if count:
                bars.append(Bar(round(x, 2), round(y_count(base + count), 2), round(bar_w, 2),
                                round(y_count(base) - y_count(base + count), 2), quad, count, period.period))
                base += count
    months = period_months(periods[0].period)
    slots = tuple(Slot(round(left + slot * i, 2), round(slot, 2), p.start, period_end(p.start, months), p.period)
                  for i, p in enumerate(periods))
    counts = Panel(counts_top, counts_bottom,
                   tuple(Tick(round(y_count(v), 2), str(v)) for v in range(0, top + 1, step)))
    score = Panel(score_top, score_bottom, tuple(Tick(round(y_score(v), 2), _signed(v)) for v in size.score_values))
    centres = [left + slot * (i + 0.5) for i in range(len(periods))]
    return Timeline(
        size.width, int(score_bottom + 30), left, right, counts, score, round(y_score(0), 2), tuple(bars), slots,
        _x_ticks(periods, left, slot), score_bottom + 18,
        _score_line(periods, [p.goldstein_mean for p in periods], centres, y_score),
        _score_line(periods, [p.plover_mean for p in periods], centres, y_score),
        tuple(periods), 3.5 if slot >= 12 else 2.0)


def narrow(chart: Timeline) -> Timeline:
    """``chart`` drawn again for a phone's width (the page shows one or the other by the screen's width)."""
    return timeline(chart.periods, size=NARROW) or chart  # a chart has periods: never the fallback


@dataclass(frozen=True, slots=True)
class Preset:
    """A date window the timeline offers as a link: ``since``/``until`` None for every date."""

    key: str
    since: date | None
    until: date | None


def date_presets(until: str | date | None, last: date | None) -> tuple[Preset, ...]:
    """The last 12 months and the last 3 years, whole months ending at ``until`` (the end date chosen) or,
    without one, at ``last`` (the latest event shown); and every date. Without either, only every date."""
    end = date.fromisoformat(until) if isinstance(until, str) else (until or last)
    found = [Preset("all", None, None)]
    if end is None:
        return tuple(found)
    for key, months in (("months12", 12), ("years3", 36)):
        first = end.year * 12 + end.month - months  # months since year 0 of the window's first month
        year, month = divmod(first, 12)
        found.insert(-1, Preset(key, date(year, month + 1, 1) if year >= date.min.year else date.min, end))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    x: float
    y: float
    r: float
    events: int
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True, slots=True)
class Edge:
    a: str
    b: str
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    tone: str  # cooperation | conflict | mixed
    events: int
    goldstein_mean: float | None


@dataclass(frozen=True, slots=True)
class Network:
    size: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def tone(goldstein_mean: float | None) -> str:
    if goldstein_mean is None or -1 <= goldstein_mean <= 1:
        return "mixed"
    return "cooperation" if goldstein_mean > 0 else "conflict"


def network(ranks: Sequence[DyadRank], *, size: int = 460, max_nodes: int = 12, max_edges: int = 30) -> Network | None:
    """The most active actors on a circle, the busiest first, joined by their dyads."""
    weight: dict[str, int] = {}
    for rank in ranks:
        weight[rank.a] = weight.get(rank.a, 0) + rank.events
        weight[rank.b] = weight.get(rank.b, 0) + rank.events
    chosen = sorted(weight, key=lambda code: (-weight[code], code))[:max_nodes]
    if len(chosen) < 2:
        return None
    centre, radius = size / 2, size / 2 - 70
    heaviest = max(weight[c] for c in chosen)
    nodes: dict[str, Node] = {}
    for i, code in enumerate(chosen):
        angle = -math.pi / 2 + 2 * math.pi * i / len(chosen)
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        r = 6 + 14 * math.sqrt(weight[code] / heaviest)
        lx, ly = centre + (radius + r + 10) * math.cos(angle), centre + (radius + r + 10) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        nodes[code] = Node(code, round(x, 2), round(y, 2), round(r, 2), weight[code], round(lx, 2),
                           round(ly + 4, 2), anchor)
    kept = [r for r in ranks if r.a in nodes and r.b in nodes][:max_edges]
    if not kept:
        return None
    busiest = max(r.events for r in kept)
    edges = tuple(
        Edge(r.a, r.b, nodes[r.a].x, nodes[r.a].y, nodes[r.b].x, nodes[r.b].y,
             round(1 + 7 * math.sqrt(r.events / busiest), 2), tone(r.goldstein_mean), r.events, r.goldstein_mean)
        for r in kept)
    return Network(size, tuple(nodes.values()), edges)


def bar_length(value: float, maximum: float, width: float = 160) -> float:
    """Length of a horizontal bar for ``value`` on a scale whose longest bar is ``width``."""
    return round(width * value / maximum, 2) if maximum else 0.0
