"""Chart geometry for the SVG the templates draw: pure functions from records to coordinates.

No markup and no colours here (the stylesheet colours by class), no language either: labels
are composed in the templates, which escape them.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..store.dashboard import DyadRank, Period

GOLDSTEIN_MAX = 10.0


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
class Timeline:
    """A stacked bar per period (events by quad class) and the mean Goldstein score as a line."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: tuple[Bar, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    score_ticks: tuple[Tick, ...]
    score_paths: tuple[str, ...]
    score_points: tuple[Point, ...]
    zero_y: float
    periods: tuple[Period, ...]
    point_radius: float


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k at least ``value`` (1 for anything up to 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _count_ticks(top: float) -> list[float]:
    if top <= 5:
        return [float(v) for v in range(int(top) + 1)]
    return [top * i / 4 for i in range(5)]


def _fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def timeline(periods: Sequence[Period], *, width: int = 900, height: int = 300) -> Timeline | None:
    if not periods:
        return None
    left, right, top, bottom = 48.0, width - 48.0, 14.0, height - 44.0
    plot_w, plot_h = right - left, bottom - top
    slot = plot_w / len(periods)
    bar_w = max(1.0, min(slot * 0.78, 48.0))
    y_max = nice_ceiling(max(p.events for p in periods))

    def y_count(v: float) -> float:
        return bottom - v / y_max * plot_h

    def y_score(v: float) -> float:
        return top + (GOLDSTEIN_MAX - v) / (2 * GOLDSTEIN_MAX) * plot_h

    bars: list[Bar] = []
    points: list[Point] = []
    paths: list[str] = []
    current: list[str] = []
    for i, period in enumerate(periods):
        x = left + slot * i + (slot - bar_w) / 2
        base = 0
        for quad, count in enumerate(period.quads, start=1):
            if count:
                bars.append(Bar(round(x, 2), round(y_count(base + count), 2), round(bar_w, 2),
                                round(y_count(base) - y_count(base + count), 2), quad, count, period.period))
                base += count
        if period.goldstein_mean is None:
            if current:
                paths.append(" ".join(current))
            current = []
            continue
        cx, cy = round(left + slot * (i + 0.5), 2), round(y_score(period.goldstein_mean), 2)
        points.append(Point(cx, cy, period.goldstein_mean, period.period))
        current.append(f"{'M' if not current else 'L'}{cx},{cy}")
    if current:
        paths.append(" ".join(current))
    every = max(1, math.ceil(len(periods) / 10))
    x_ticks = tuple(Tick(round(left + slot * (i + 0.5), 2), p.period) for i, p in enumerate(periods) if i % every == 0)
    y_ticks = tuple(Tick(round(y_count(v), 2), _fmt(v)) for v in _count_ticks(y_max))
    score_ticks = tuple(Tick(round(y_score(v), 2), f"{v:+g}" if v else "0") for v in (10, 5, 0, -5, -10))
    return Timeline(width, height, left, right, top, bottom, tuple(bars), x_ticks, y_ticks, score_ticks,
                    tuple(paths), tuple(points), round(y_score(0), 2), tuple(periods),
                    3.5 if len(periods) <= 40 else 2.0)


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
