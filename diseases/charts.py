"""
The geometry of the admin's small charts, drawn as SVG by templates on the
server: no script, nothing from elsewhere. Each chart comes with its numbers,
which the templates also give as a table for screen readers and print.
"""

from dataclasses import dataclass


@dataclass
class Bar:
    label: str  # under the bar
    title: str  # the whole label, for the table and the tooltip
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self):
        return self.x + self.width / 2

    @property
    def value_y(self):
        """Where the bar's number stands, just above it."""
        return self.y - 4


@dataclass
class BarChart:
    bars: list
    width: int
    height: int
    baseline: float
    top: int  # the value the plot's height stands for

    @property
    def label_y(self):
        return self.baseline + 18


def bar_chart(points, width=560, plot_height=120, gap=6, label_room=34, value_room=16):
    """Vertical bars for [(short label, long label, value)], scaled so that the largest fills the plot."""
    top = max([value for _label, _title, value in points] + [1])
    slot = width / max(len(points), 1)
    bars = []
    for index, (label, title, value) in enumerate(points):
        height = plot_height * value / top
        bars.append(
            Bar(
                label,
                title,
                value,
                x=index * slot + gap / 2,
                y=value_room + plot_height - height,
                width=slot - gap,
                height=height,
            )
        )
    baseline = value_room + plot_height
    return BarChart(bars=bars, width=width, height=baseline + label_room, baseline=baseline, top=top)


@dataclass
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float


def stacked_bar(parts, width=320):
    """One horizontal bar split in proportion to [(key, label, value)]; empty parts take no room."""
    total = sum(value for _key, _label, value in parts)
    segments, x = [], 0.0
    for key, label, value in parts:
        share = width * value / total if total else 0
        segments.append(Segment(key, label, value, x, share))
        x += share
    return segments
