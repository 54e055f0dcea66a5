"""Geometry of a chart of a few lines of event counts on shared periods: dyads compared, or a dyad's two
directions. As in ``charts``: coordinates only, no markup, colours or words (the templates add them).

Counts are whole numbers on an axis of whole-number ticks; a line's dots carry the period and count
so the chart can be read point by point (and tested).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..store.dashboard import Period
from .charts import Panel, Tick, _x_ticks, count_scale

WIDTH, HEIGHT = 900, 260
NARROW_WIDTH = 360


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    count: int
    period: str


@dataclass(frozen=True, slots=True)
class Series:
    key: str  # what the line stands for, e.g. "MLI-RUS" or "RUS-MLI"
    index: int  # 1, 2, 3: its colour and dash pattern in the stylesheet
    path: str
    dots: tuple[Dot, ...]
    total: int


@dataclass(frozen=True, slots=True)
class LineChart:
    width: int
    height: int
    left: float
    right: float
    panel: Panel
    x_ticks: tuple[Tick, ...]
    x_label_y: float
    series: tuple[Series, ...]
    periods: tuple[str, ...]


def lines(named: Sequence[tuple[str, Sequence[Period]]], *, width: int = WIDTH) -> LineChart | None:
    """One line per (key, periods); every periods sequence covers the same periods (as ``store.dyads``
    aligns them). None when there is no period or no event at all."""
    if not named or not named[0][1] or not any(p.events for _, periods in named for p in periods):
        return None
    periods = named[0][1]
    left, right, top_y = 46.0, width - 14.0, 12.0
    bottom = top_y + HEIGHT - 60
    slot = (right - left) / len(periods)
    top, step = count_scale(max(p.events for _, ps in named for p in ps), most=5 if width >= 600 else 4)

    def y(count: int) -> float:
        return round(bottom - count / top * (bottom - top_y), 2)

    series = []
    for index, (key, values) in enumerate(named, start=1):
        dots = tuple(Dot(round(left + slot * (i + 0.5), 2), y(p.events), p.events, p.period)
                     for i, p in enumerate(values))
        path = " ".join(f"{'M' if i == 0 else 'L'}{d.x},{d.y}" for i, d in enumerate(dots))
        series.append(Series(key, index, path, dots, sum(p.events for p in values)))
    panel = Panel(top_y, bottom, tuple(Tick(y(v), str(v)) for v in range(0, top + 1, step)))
    return LineChart(width, int(bottom + 30), left, right, panel, _x_ticks(periods, left, slot), bottom + 18,
                     tuple(series), tuple(p.period for p in periods))


def narrow(chart: LineChart, named: Sequence[tuple[str, Sequence[Period]]]) -> LineChart:
    """The same lines drawn for a phone's width."""
    return lines(named, width=NARROW_WIDTH) or chart
