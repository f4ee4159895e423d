"""Bar-chart geometry for a server-rendered SVG: numbers in, rectangles and ticks out.

Kept apart from the template so the arithmetic is testable and the template
only draws. No JavaScript and no chart library: the chart is an image with a
text alternative, and the same figures are on the page as a table.
"""

import math
from dataclasses import dataclass

WIDTH = 720
HEIGHT = 260
LEFT = 44  # room for the value axis labels
RIGHT = 8
TOP = 12
BOTTOM = 36  # room for the day labels
BAR_SHARE = 0.72  # of each bar's slot; the rest is the gap


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # under the bar (may be blank to avoid crowding)
    title: str  # the bar's accessible description
    value: int
    label_x: float


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right_edge: int
    baseline: float
    label_y: float
    bars: list[Bar]
    ticks: list[Tick]


def nice_ceiling(value: int) -> int:
    """The axis maximum: the value rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(points: list[tuple[str, str, int]], *, label_every: int = 1) -> BarChart:
    """Geometry for bars from (label, title, value) points, left to right.

    Every `label_every`-th label is shown, counting back from the last bar so
    the most recent one (today) is always labelled.
    """
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    top_value = nice_ceiling(max((value for *_, value in points), default=0))
    slot = plot_width / max(len(points), 1)
    bars = []
    for index, (label, title, value) in enumerate(points):
        height = plot_height * value / top_value
        x = LEFT + index * slot + slot * (1 - BAR_SHARE) / 2
        bars.append(
            Bar(
                x=round(x, 2),
                y=round(baseline - height, 2),
                width=round(slot * BAR_SHARE, 2),
                height=round(height, 2),
                label=label if (len(points) - 1 - index) % label_every == 0 else "",
                title=title,
                value=value,
                label_x=round(LEFT + index * slot + slot / 2, 2),
            )
        )
    ticks = [Tick(y=round(baseline - plot_height * share, 2), value=round(top_value * share)) for share in (0, 0.5, 1)]
    if top_value == 1:
        ticks = [ticks[0], ticks[2]]
    return BarChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        baseline=baseline,
        label_y=baseline + 18,
        bars=bars,
        ticks=ticks,
    )
