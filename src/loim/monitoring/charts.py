"""Geometry of monitoring's charts, drawn as SVG by templates with presentation attributes only (the
CSP forbids inline styles). The same drawings go into the web pages and the PDF report, and every
chart has its data table beside it, so no figure exists only as a picture."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import add
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK = "#1b1f24"
BAR = "#0b4f8a"
TARGET = "#b4531d"
MUTED = "#6b7280"


def _number(value) -> float:
    return float(value) if value is not None else 0.0


@dataclass
class Trend:
    width: int
    height: int
    left: int
    bottom: float
    years: list[tuple[float, int]]  # x, year label
    target_points: str  # the target line's "x,y x,y …" (the years the plan sets a target for)
    target_dots: list[tuple[float, float, int, str]]
    actual_points: str
    actual_dots: list[tuple[float, float, int, str]]  # x, y, year, value as shown
    top_label: str
    top_y: float


def trend(rows, *, width=300, height=140) -> Trend | None:
    """The years of an indicator as a line chart: the targets as a dashed line through the years the
    plan sets them for, the values as a solid line with dots. `rows`: engine.ChartRow."""
    if not rows or not any(r.value is not None or r.target is not None for r in rows):
        return None
    left, right, top_pad, bottom_pad = 34, 20, 12, 22
    top = max([_number(r.value) for r in rows] + [_number(r.target) for r in rows] + [1.0])
    plot_w, plot_h = width - left - right, height - top_pad - bottom_pad
    step = plot_w / max(len(rows) - 1, 1)
    bottom = height - bottom_pad

    def x_of(index: int) -> float:
        return round(left + index * step if len(rows) > 1 else left + plot_w / 2, 1)

    def y_of(value) -> float:
        return round(bottom - plot_h * _number(value) / top, 1)

    targets = [(x_of(i), y_of(r.target), r.year, _show(r.target)) for i, r in enumerate(rows) if r.target is not None]
    actual = [(x_of(i), y_of(r.value), r.year, _show(r.value)) for i, r in enumerate(rows) if r.value is not None]
    return Trend(
        width,
        height,
        left,
        bottom,
        [(x_of(i), r.year) for i, r in enumerate(rows)],
        " ".join(f"{x},{y}" for x, y, _year, _v in targets),
        targets,
        " ".join(f"{x},{y}" for x, y, _year, _v in actual),
        actual,
        _show(Decimal(str(top)).normalize()),
        float(top_pad),
    )


def _attr(value) -> str:
    """A value as `{{ value }}` writes it inside `{% localize off %}`: unlocalised, escaped."""
    return conditional_escape(localize(value, use_l10n=False))


def trend_svg(chart: Trend | None, label="") -> SafeString:
    """The trend chart as SVG markup (presentation attributes only), or a bare newline without one."""
    if chart is None:
        return mark_safe("\n")
    v = _attr
    left, bottom, top_y = v(chart.left), v(chart.bottom), v(chart.top_y)
    text = f'text-anchor="end" font-size="10" fill="{INK}"'
    parts = [
        f'<svg class="trend-chart" width="{v(chart.width)}" height="{v(chart.height)}" '
        f'viewBox="0 0 {v(chart.width)} {v(chart.height)}" role="img" aria-label="{v(label)}">\n',
        f'<line x1="{left}" x2="{left}" y1="{top_y}" y2="{bottom}" stroke="{MUTED}" stroke-width="1"/>\n',
        f'<line x1="{left}" x2="{v(chart.width)}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}" stroke-width="1"/>\n',
        f'<text x="{v(add(chart.left, -4))}" y="{v(add(chart.top_y, 4))}" {text}>{v(chart.top_label)}</text>\n',
        f'<text x="{v(add(chart.left, -4))}" y="{bottom}" {text}>0</text>\n',
    ]
    year_y = v(add(chart.height, -6))
    parts += [
        f'<text x="{v(x)}" y="{year_y}" text-anchor="middle" font-size="10" fill="{INK}">{v(year)}</text>'
        for x, year in chart.years
    ]
    parts.append("\n")
    if len(chart.target_dots) > 1:
        parts.append(
            f'<polyline points="{v(chart.target_points)}" fill="none" stroke="{TARGET}" stroke-width="2" '
            'stroke-dasharray="5 3"/>'
        )
    parts.append("\n")
    word = conditional_escape(_("Target"))
    parts += [
        f'<rect x="{v(add(x, -3))}" y="{v(add(y, -3))}" width="6" height="6" fill="{TARGET}">'
        f"<title>{word} {v(year)}: {v(value)}</title></rect>"
        for x, y, year, value in chart.target_dots
    ]
    parts.append("\n")
    if len(chart.actual_dots) > 1:
        parts.append(f'<polyline points="{v(chart.actual_points)}" fill="none" stroke="{BAR}" stroke-width="2"/>')
    parts.append("\n")
    parts += [
        f'<circle cx="{v(x)}" cy="{v(y)}" r="3.5" fill="{BAR}"><title>{v(year)}: {v(value)}</title></circle>'
        for x, y, year, value in chart.actual_dots
    ]
    parts.append("\n</svg>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


@dataclass
class Bar:
    y: float
    width: float
    label: str
    value: str
    text_x: float
    marker_x: float | None  # a target marker


@dataclass
class Bars:
    width: int
    height: int
    label_width: int
    plot_width: int
    row: int
    bars: list[Bar]


def bars(items: list[tuple[str, object, object]], *, width=560, label_width=220, row=24) -> Bars:
    """Horizontal bars for (label, value, target or None); values and targets on one scale."""
    plot = width - label_width - 60
    top = max([_number(v) for _l, v, _t in items] + [_number(t) for _l, _v, t in items] + [1.0])
    drawn = []
    for index, (label, value, target) in enumerate(items):
        length = round(plot * _number(value) / top, 1)
        drawn.append(
            Bar(
                y=4 + index * row,
                width=max(length, 0.0),
                label=label if len(label) <= 34 else label[:33] + "…",
                value=_show(value),
                text_x=round(label_width + length + 6, 1),
                marker_x=round(label_width + plot * _number(target) / top, 1) if target is not None else None,
            )
        )
    return Bars(width, 8 + len(items) * row, label_width, plot, row, drawn)


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}".replace(".", ",")
    return str(value)
