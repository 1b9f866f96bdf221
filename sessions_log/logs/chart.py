"""Pain and confidence over time, drawn server-side as a small SVG the template writes out.

No script and no chart library: the points are placed here, the template draws two lines
that differ in shape and dash as well as colour, and the page always shows the same
figures in a table beside the chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56  # room for the axis labels
TOP_OF_SCALE = 10


@dataclass(frozen=True)
class Reading:
    on: date
    pain: int | None
    confidence: int | None


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    on: date


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    pain: list[Point]
    confidence: list[Point]
    y_ticks: list[tuple[float, int]]  # (y, value)
    x_ticks: list[tuple[float, date]]  # (x, date)
    left: int
    right: float
    top: int
    bottom: float

    @staticmethod
    def polyline(points: list[Point]) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)

    @property
    def pain_line(self) -> str:
        return self.polyline(self.pain)

    @property
    def confidence_line(self) -> str:
        return self.polyline(self.confidence)


def chart(readings: list[Reading]) -> Chart | None:
    """The chart of the readings (oldest first), or None when there is nothing to draw."""
    readings = [r for r in readings if r.pain is not None or r.confidence is not None]
    if not readings:
        return None
    first, last = readings[0].on, readings[-1].on
    span = max((last - first).days, 1)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        if first == last:
            return LEFT + plot_width / 2
        return LEFT + plot_width * (day - first).days / span

    def y_of(value: int) -> float:
        return TOP + plot_height * (1 - value / TOP_OF_SCALE)

    def points(attribute: str) -> list[Point]:
        return [
            Point(x=x_of(r.on), y=y_of(value), value=value, on=r.on)
            for r in readings
            if (value := getattr(r, attribute)) is not None
        ]

    days = sorted({r.on for r in readings})
    # At most six dates along the bottom, always the first and the last.
    step = max(1, (len(days) + 5) // 6)
    shown = days[::step]
    if shown[-1] != days[-1]:
        shown.append(days[-1])
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        pain=points("pain"),
        confidence=points("confidence"),
        y_ticks=[(y_of(value), value) for value in range(0, TOP_OF_SCALE + 1, 2)],
        x_ticks=[(x_of(day), day) for day in shown],
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
    )
