"""Geometry of monitoring's charts, drawn as SVG by templates with presentation attributes only (the
CSP forbids inline styles). The same drawings go into the web pages and the PDF report, and every
chart has its data table beside it, so no figure exists only as a picture."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

INK = "#1b1f24"
BAR = "#0b4f8a"
TARGET = "#b4531d"
MUTED = "#6b7280"


def _number(value) -> float:
    return float(value) if value is not None else 0.0


@dataclass
class Spark:
    width: int
    height: int
    points: str  # the polyline's "x,y x,y …"
    dots: list[tuple[float, float, int, str]]  # x, y, year, value as shown
    target_y: float | None


def sparkline(
    trend: list[tuple[int, Decimal | None]], target: Decimal | None = None, *, width=140, height=40
) -> Spark | None:
    """A small line of the yearly values (and the frame target as a dashed line when it fits)."""
    known = [(year, value) for year, value in trend if value is not None]
    if not known:
        return None
    top = max([_number(v) for _y, v in known] + [_number(target)] + [1.0])
    pad = 5
    step = (width - 2 * pad) / max(len(known) - 1, 1)

    def y_of(value) -> float:
        return round(height - pad - (height - 2 * pad) * _number(value) / top, 1)

    dots = []
    for index, (year, value) in enumerate(known):
        x = round(pad + index * step if len(known) > 1 else width / 2, 1)
        dots.append((x, y_of(value), year, _show(value)))
    return Spark(
        width,
        height,
        " ".join(f"{x},{y}" for x, y, _year, _v in dots),
        dots,
        y_of(target) if target is not None else None,
    )


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
