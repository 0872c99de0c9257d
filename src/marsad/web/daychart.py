"""Articles per hour by outlet as stacked-bar geometry; the template draws it as inline SVG (no script)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 640, 170, 30, 12, 26
SERIES = 6  # outlets drawn in their own colour; the rest are counted together as "other"
OTHER = ""


@dataclass(frozen=True)
class Segment:
    """One outlet's part of one hour's bar."""

    x: float
    y: float
    width: float
    height: float
    series: int
    outlet: str
    hour: int
    count: int


@dataclass(frozen=True)
class HourChart:
    """The stacked bars, the legend (series index, outlet, articles), hour ticks and largest hour."""

    width: int
    height: int
    segments: list[Segment]
    legend: list[tuple[int, str, int]]
    ticks: list[tuple[float, str]]
    top: int
    baseline: float


def hours_chart(counts: list[dict[str, Any]]) -> HourChart | None:
    """Stacked bars for ``{"hour", "outlet", "articles"}`` counts; None when no article has a time."""
    if not counts:
        return None
    totals: Counter[str] = Counter()
    for c in counts:
        totals[c["outlet"] or OTHER] += c["articles"]
    named = [name for name, _ in totals.most_common() if name != OTHER][:SERIES]
    series = {name: i for i, name in enumerate(named)}
    per_hour: dict[int, Counter[str]] = defaultdict(Counter)
    for c in counts:
        name = c["outlet"] if c["outlet"] in series else OTHER
        per_hour[int(c["hour"])][name] += c["articles"]
    top = max(sum(v.values()) for v in per_hour.values()) or 1
    inner_w, inner_h = WIDTH - 2 * PAD_X, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = inner_w / 24
    width = round(step * 0.78, 1)
    baseline = PAD_TOP + inner_h
    segments = []
    for hour in sorted(per_hour):
        y: float = baseline
        for name in [*named, OTHER]:
            n = per_hour[hour].get(name, 0)
            if not n:
                continue
            h = inner_h * n / top
            y -= h
            segments.append(Segment(round(PAD_X + hour * step + (step - width) / 2, 1), round(y, 1), width,
                                    round(h, 1), series.get(name, SERIES), name, hour, n))
    legend = [(series[name], name, totals[name]) for name in named]
    if totals.get(OTHER) or len(totals) > len(named):
        legend.append((SERIES, OTHER, sum(totals.values()) - sum(totals[n] for n in named)))
    ticks = [(round(PAD_X + h * step + step / 2, 1), f"{h:02d}") for h in range(0, 24, 3)]
    return HourChart(WIDTH, HEIGHT, segments, legend, ticks, top, baseline)
