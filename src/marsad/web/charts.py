"""Coverage over time as server-rendered SVG geometry (the template draws it; no script)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 640, 180, 36, 14, 30
MAX_DAYS = 62  # beyond two months of dates, count by month


@dataclass(frozen=True)
class Bar:
    """One bar: its box, the period it counts and how many articles."""

    x: float
    y: float
    width: float
    height: float
    period: str
    count: int


@dataclass(frozen=True)
class Chart:
    """A bar chart's size, bars, axis ticks and largest count."""

    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    top: int
    baseline: float


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _periods(points: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Every day (or month) from the first to the last, gaps filled with zero."""
    days = {d: n for value, n in points if (d := _day(value)) is not None}
    if not days:
        return []
    first, last = min(days), max(days)
    if (last - first).days < MAX_DAYS:
        return [(date.fromordinal(o).isoformat(), days.get(date.fromordinal(o), 0))
                for o in range(first.toordinal(), last.toordinal() + 1)]
    months: Counter[str] = Counter()
    for d, n in days.items():
        months[d.isoformat()[:7]] += n
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        key = f"{year:04d}-{month:02d}"
        out.append((key, months.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def coverage(points: list[tuple[str, int]]) -> Chart | None:
    """Bars of articles per period for ``(ISO date, count)`` points; None when nothing is dated."""
    periods = _periods(points)
    if not periods:
        return None
    top = max(n for _, n in periods) or 1
    inner_w, inner_h = WIDTH - 2 * PAD_X, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = inner_w / len(periods)
    width = max(1.0, min(step * 0.8, 40.0))
    baseline = PAD_TOP + inner_h
    bars = []
    for i, (period, n) in enumerate(periods):
        h = inner_h * n / top
        x = PAD_X + i * step + (step - width) / 2
        bars.append(Bar(round(x, 1), round(baseline - h, 1), round(width, 1), round(h, 1), period, n))
    every = max(1, len(periods) // 6)
    ticks = [(round(b.x + b.width / 2, 1), b.period) for i, b in enumerate(bars)
             if i % every == 0 or i == len(bars) - 1]
    if len(ticks) > 1 and ticks[-1][0] - ticks[-2][0] < 60:
        ticks.pop(-2)
    return Chart(WIDTH, HEIGHT, bars, ticks, top, baseline)
