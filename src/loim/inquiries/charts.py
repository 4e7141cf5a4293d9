"""Geometry of the statistics charts, drawn as SVG by the templates (`_bar_chart.html`,
`_column_chart.html`) with presentation attributes only: the CSP forbids inline styles, and the data
table beside every chart carries the same numbers for screen readers and copying."""

from dataclasses import dataclass

from .selectors import SMALL_CELL, Breakdown

BAR_COLOUR = "#0b4f8a"
SUPPRESSED_COLOUR = "#8a96a3"
MAX_BARS = 15


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    display: str
    text_x: float
    text_y: float
    label_x: float
    suppressed: bool


@dataclass
class Chart:
    id: str
    title: str
    width: int
    height: int
    bars: list[Bar]
    baseline_y: float = 0
    axis_x: float = 0


def bar_chart(breakdown: Breakdown, *, width: int = 520, label_width: int = 210, row: int = 26) -> Chart:
    """Horizontal bars, longest first as the breakdown is ordered; at most MAX_BARS of them."""
    cells = breakdown.cells[:MAX_BARS]
    plot = width - label_width - 50
    top = max(breakdown.max_count, 1)
    bars = []
    for index, cell in enumerate(cells):
        y = 6 + index * row
        length = plot * (cell.count or 0) / top if not cell.suppressed else plot * (SMALL_CELL - 1) / top / 2
        bars.append(
            Bar(
                x=label_width,
                y=y,
                width=round(max(length, 1 if cell.count else 0), 1),
                height=row - 8,
                label=_short(cell.label),
                display=cell.display,
                text_x=round(label_width + max(length, 0) + 6, 1),
                text_y=y + row / 2,
                label_x=label_width - 8,
                suppressed=cell.suppressed,
            )
        )
    return Chart(
        id=f"chart-{breakdown.name}",
        title=breakdown.title,
        width=width,
        height=6 + len(cells) * row + 4,
        bars=bars,
        axis_x=label_width,
    )


def column_chart(breakdown: Breakdown, labels: list[str], *, height: int = 220, column: int = 38) -> Chart:
    """Vertical columns in time order (months), with their short labels under them."""
    cells = breakdown.cells
    plot_top, plot_bottom = 24, height - 30
    top = max(breakdown.max_count, 1)
    bars = []
    for index, (cell, label) in enumerate(zip(cells, labels, strict=True)):
        x = 10 + index * column
        value = (cell.count or 0) if not cell.suppressed else (SMALL_CELL - 1) / 2
        length = (plot_bottom - plot_top) * value / top
        bars.append(
            Bar(
                x=x + 4,
                y=round(plot_bottom - length, 1),
                width=column - 8,
                height=round(length, 1),
                label=label,
                display=cell.display,
                text_x=x + column / 2,
                text_y=round(plot_bottom - length - 6, 1),
                label_x=x + column / 2,
                suppressed=cell.suppressed,
            )
        )
    return Chart(
        id=f"chart-{breakdown.name}",
        title=breakdown.title,
        width=20 + len(cells) * column,
        height=height,
        bars=bars,
        baseline_y=plot_bottom,
    )
