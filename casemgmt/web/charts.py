"""Charts drawn on the server as SVG: no script, no library, nothing fetched. Each chart is an
image with a title and a text description for screen readers (role="img"), series told apart
by colour *and* a legend, and the page shows the same numbers as a table beside it.

Colours are CSS classes (``s0``…``s9`` in workspace.css), each at least 3:1 against white
(WCAG 1.4.11 for graphics), so a forced-colours mode can restyle them.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

_ids = itertools.count(1)
WIDTH = 640
ROW = 26
LEFT = 170


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


def _frame(title: str, description: str, height: int, body: list[str]) -> Markup:
    n = next(_ids)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-{n}-t chart-{n}-d" focusable="false">'
        f'<title id="chart-{n}-t">{escape(title)}</title>'
        f'<desc id="chart-{n}-d">{escape(description)}</desc>{"".join(body)}</svg>')


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "label") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">'
            f"{escape(text)}</text>")


def bars(title: str, items: list[tuple[str, float]], unit: str = "건") -> Markup:
    """Horizontal bars, one per (label, value), largest scale = the largest value."""
    top = max((v for _, v in items), default=0) or 1
    height = max(ROW * len(items) + 10, 40)
    body = []
    for i, (label, value) in enumerate(items):
        y = 5 + i * ROW
        length = (WIDTH - LEFT - 90) * value / top
        body.append(_text(LEFT - 8, y + 16, label, "end"))
        body.append(f'<rect class="s{i % 10}" x="{LEFT}" y="{y + 4}" width="{length:.1f}" '
                    f'height="{ROW - 8}"/>')
        body.append(_text(LEFT + length + 6, y + 16, f"{value:,.0f}{unit}"))
    if not items:
        body.append(_text(10, 25, "자료 없음"))
    described = ", ".join(f"{label} {value:,.0f}{unit}" for label, value in items) or "자료 없음"
    return _frame(title, described, height, body)


def stacked_columns(title: str, buckets: list[str], series: list[Series],
                    unit: str = "건") -> Markup:
    """One column per bucket (period), stacked by series, with a legend underneath."""
    height, plot_top, plot_bottom = 300 + 22 * ((len(series) + 2) // 3), 10, 230
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(buckets))]
    top = max(2, math.ceil(max(totals, default=0) / 2) * 2)  # even: the half-way tick is whole
    step = (WIDTH - 60) / max(len(buckets), 1)
    body = [_axis(plot_top, plot_bottom, top, unit)]
    for i, bucket in enumerate(buckets):
        x, base = 50 + i * step + step * 0.15, plot_bottom
        for k, one in enumerate(series):
            value = one.values[i] or 0
            h = (plot_bottom - plot_top) * value / top
            if h > 0:
                body.append(f'<rect class="s{k % 10}" x="{x:.1f}" y="{base - h:.1f}" '
                            f'width="{step * 0.7:.1f}" height="{h:.1f}"/>')
            base -= h
        body.append(_text(x + step * 0.35, plot_bottom + 16, bucket, "middle", "tick"))
    body.extend(_legend(series, plot_bottom + 40))
    described = "; ".join(f"{bucket}: 합계 {totals[i]:,.0f}{unit}" + _parts(series, i)
                          for i, bucket in enumerate(buckets))
    return _frame(title, described or "자료 없음", height, body)


def _parts(series: list[Series], i: int) -> str:
    shown = [f"{s.name} {s.values[i]:,.0f}" for s in series if s.values[i]]
    return f" ({', '.join(shown)})" if shown else ""


def lines(title: str, buckets: list[str], series: list[Series], *, top: float,
          fmt=lambda v: f"{v:.2f}") -> Markup:
    """One line per series over the buckets; a missing value breaks the line."""
    height, plot_top, plot_bottom = 280 + 22 * ((len(series) + 2) // 3), 10, 220
    step = (WIDTH - 80) / max(len(buckets) - 1, 1)
    body = [_axis(plot_top, plot_bottom, top, "", fmt)]
    for k, one in enumerate(series):
        points = [(60 + i * step, plot_bottom - (plot_bottom - plot_top) * v / top)
                  for i, v in enumerate(one.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline class="line s{k % 10}" points="{path}"/>')
        body.extend(f'<circle class="s{k % 10}" cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
                    for x, y in points)
    for i, bucket in enumerate(buckets):
        body.append(_text(60 + i * step, plot_bottom + 16, bucket, "middle", "tick"))
    body.extend(_legend(series, plot_bottom + 40))
    described = "; ".join(
        f"{s.name}: " + ", ".join(f"{b} {fmt(v) if v is not None else '자료 없음'}"
                                 for b, v in zip(buckets, s.values)) for s in series)
    return _frame(title, described, height, body)


def _axis(plot_top: float, plot_bottom: float, top: float, unit: str,
          fmt=lambda v: f"{v:,.0f}") -> str:
    parts = [f'<line class="axis" x1="48" y1="{plot_bottom}" x2="{WIDTH - 10}" '
             f'y2="{plot_bottom}"/>']
    for fraction in (0.5, 1.0):
        y = plot_bottom - (plot_bottom - plot_top) * fraction
        parts.append(f'<line class="grid" x1="48" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}"/>')
        parts.append(_text(44, y + 4, f"{fmt(top * fraction)}{unit}", "end", "tick"))
    return "".join(parts)


def _legend(series: list[Series], y: float) -> list[str]:
    items = []
    for k, one in enumerate(series):
        col, row = k % 3, k // 3
        x, yy = 50 + col * 200, y + row * 22
        items.append(f'<rect class="s{k % 10}" x="{x}" y="{yy - 11}" width="14" height="14"/>')
        items.append(_text(x + 20, yy, one.name))
    return items
