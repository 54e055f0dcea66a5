"""The repeated elements of the charts (a column, a bar, a point per period), written in Python.

A dyad's timeline over ten years draws a thousand of them, twice (wide and narrow): written by the
template loop they were most of the time it took to render a dyad's page. These functions write the
same markup, each element on its own line, indented and escaped as the template wrote it; the
templates call them in place of their loops.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

__all__ = ["bar_rects", "goldstein_points", "plover_points", "series_points", "slot_rects"]


def slot_rects(chart) -> Markup:
    """One column per period, both panels high: what a drag across the chart turns into dates."""
    top, height = chart.counts.top, chart.score.bottom - chart.counts.top
    return Markup("".join(
        f'    <rect class="slot" x="{s.x}" y="{top}" width="{s.width}" height="{height}" '
        f'data-since="{escape(s.since)}" data-until="{escape(s.until)}"/>\n' for s in chart.slots))


def bar_rects(chart, quad_names: Mapping[int, str], colon: str, number: Callable[[float], str]) -> Markup:
    """The stacked bars, each with its period, quad class and count as a tooltip."""
    names = {quad: escape(name) for quad, name in quad_names.items()}
    colon = escape(colon)
    return Markup("".join(
        f'    <rect class="bar q{b.quad}" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}" '
        f'data-period="{escape(b.period)}" data-quad="{b.quad}"><title>{escape(b.period)} · {names[b.quad]}'
        f'{colon}{escape(number(b.count))}</title></rect>\n' for b in chart.bars))


def plover_points(chart, signed: Callable[[float, int], str]) -> Markup:
    r = chart.point_radius
    return Markup("".join(
        f'    <rect class="plover-point" x="{p.x - r}" y="{p.y - r}" width="{r * 2}" height="{r * 2}">'
        f'<title>{escape(p.period)} · PLOVER {escape(signed(p.value, 2))}</title></rect>\n'
        for p in chart.plover.points))


def goldstein_points(chart, signed: Callable[[float, int], str]) -> Markup:
    r = chart.point_radius
    return Markup("".join(
        f'    <circle class="score-point" cx="{p.x}" cy="{p.y}" r="{r}"><title>{escape(p.period)} · Goldstein '
        f'{escape(signed(p.value, 2))}</title></circle>\n' for p in chart.goldstein.points))


def series_points(series, name: str, colon: str, number: Callable[[float], str]) -> Markup:
    """The points of one line of a line chart (``web.linechart``), each with its series, period and count."""
    name, colon = escape(name), escape(colon)
    return Markup("".join(
        f'    <circle class="series-point" cx="{d.x}" cy="{d.y}" r="3" data-period="{escape(d.period)}" '
        f'data-count="{escape(d.count)}"><title>{name} · {escape(d.period)}{colon}{escape(number(d.count))}'
        f'</title></circle>\n' for d in series.dots))
