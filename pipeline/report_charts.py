"""The report's charts as inline SVG (no script): horizontal bar charts whose labels link
to the entity index, and a timeline on a real time axis.

The timeline places each resolved date by value: a day or a month is counted in its
column (articles per year or per month, whichever the span of the dates calls for);
a year, quarter, season, half, decade or an explicit range is drawn as a span under the
axis, as wide as the period it names. When the dates spread over decades but most fall
in a few years, a second panel zooms on that window by month.
"""

from __future__ import annotations

import collections
import html
import math
from dataclasses import dataclass, field
from typing import Any

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def bar_chart(title: str, counts: list[tuple[str, int, str]], color: str) -> str:
    """A horizontal bar chart as inline SVG; each row is (label, count, link target)."""
    if not counts:
        return f"<div><h3>{_e(title)}</h3><p>none</p></div>"
    width, row = 340, 24
    top = max(n for _, n, _ in counts)
    bars = []
    for k, (name, n, target) in enumerate(counts):
        length = max(2, int((width - 170) * n / top))
        y = k * row
        label = name if len(name) <= 22 else name[:21] + "…"
        bars.append(f'<a href="#{_e(target)}"><text x="0" y="{y + 16}" font-size="12.5" fill="#1a4f8b">{_e(label)}'
                    f'<title>{_e(name)}: {n} article{"s" * (n != 1)}</title></text>'
                    f'<rect x="160" y="{y + 4}" width="{length}" height="16" fill="{color}"/></a>'
                    f'<text x="{164 + length}" y="{y + 16}" font-size="12.5">{n}</text>')
    height = row * len(counts) + 6
    return (f'<div><h3>{_e(title)}</h3><svg role="img" aria-label="{_e(title)}" width="100%" '
            f'viewBox="0 0 {width + 40} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg></div>')


def date_span(value: str, value_end: str | None = None) -> tuple[float, float]:
    """The [start, end) of a date value in fractional years: `2025-04-25` is one day,
    `2025-04` a month, `2025` a year, `202X` a decade; `value_end` extends it to the end
    of that period."""
    def one(v: str) -> tuple[float, float]:
        if v.endswith("X"):
            start = int(v[:3]) * 10
            return start, start + 10
        year = int(v[:4])
        if len(v) == 4:
            return year, year + 1
        month = int(v[5:7])
        if len(v) == 7:
            return year + (month - 1) / 12, year + month / 12
        day = min(int(v[8:10]), 30)
        start = year + (month - 1) / 12 + (day - 1) / (12 * 31)  # within its month, whatever the month's length
        return start, start + 1 / 365.25
    start, end = one(value)
    if value_end:
        end = max(end, one(value_end)[1])
    return start, end


@dataclass
class Timeline:
    """Streamed counts: articles per year and per month (from day and month dates), and
    articles per span (the longer periods), each article counted once per period."""
    years: collections.Counter = field(default_factory=collections.Counter)
    months: collections.Counter = field(default_factory=collections.Counter)  # (year, month)
    spans: collections.Counter = field(default_factory=collections.Counter)  # (label, start, end)

    def add(self, dates: list[dict[str, Any]]) -> None:
        years, months, spans = set(), set(), set()
        for d in dates:
            try:
                start, end = date_span(d["value"], d.get("value_end"))
            except (ValueError, TypeError):
                continue  # not a value the schema allows: nothing to place
            if end - start <= 1 / 12 + 1e-9:
                years.add(int(start))
                months.add((int(start), min(11, int(round((start - int(start)) * 12, 6)))))
            else:
                label = d["value"] + (f" – {d['value_end']}" if d.get("value_end") else "")
                spans.add((label, start, end))
        self.years.update(years)
        self.months.update(months)
        self.spans.update(spans)

    def svg(self) -> str:
        if not (self.years or self.spans):
            return "<p>No resolved dates.</p>"
        starts = [y for y in self.years] + [s for _, s, _ in self.spans]
        ends = [y + 1 for y in self.years] + [e for _, _, e in self.spans]
        lo, hi = math.floor(min(starts)), math.ceil(max(ends))
        panels = []
        if hi - lo > 8 or not self.months:
            columns = [(y, y + 1, n, str(y)) for y, n in self.years.items()]
            period = str(lo) if hi - lo == 1 else f"{lo}–{hi - 1}"
            panels.append(_panel(f"All resolved dates, {period}: articles per year", lo, hi, columns,
                                 self.spans, "year"))
        window = _dense_window(self.months)
        # the zoom is worth a panel when it is much narrower than the whole, or is the whole
        if window and (not panels or window[1] - window[0] < (hi - lo) / 3):
            a, b = window
            columns = [(y + m / 12, y + (m + 1) / 12, n, f"{MONTHS[m]} {y}") for (y, m), n in self.months.items()
                       if a <= y + m / 12 < b]
            spans = collections.Counter({k: n for k, n in self.spans.items() if k[2] > a and k[1] < b})
            panels.append(_panel(f"{_month(a)} – {_month(b - 1 / 12)}: articles per month", a, b, columns, spans,
                                 "month"))
        return "".join(panels)


def _month(t: float) -> str:
    """`Apr 2025` for a time in fractional years at (or near) the start of a month."""
    index = round(t * 12)
    return f"{MONTHS[index % 12]} {index // 12}"


def _dense_window(months: collections.Counter) -> tuple[float, float] | None:
    """The months holding the central ~90% of the articles' day and month dates, padded by
    a month either side (at least a year wide), or None when there are none."""
    if not months:
        return None
    keys = sorted(months)
    total = sum(months.values())
    cumulative, seen = [], 0
    for key in keys:
        seen += months[key]
        cumulative.append(seen)
    # the 5th and 95th percentiles of the article-months
    lo_key = next(key for key, c in zip(keys, cumulative) if c >= 0.05 * total)
    hi_key = next(key for key, c in zip(keys, cumulative) if c >= 0.95 * total)
    a = lo_key[0] + lo_key[1] / 12 - 1 / 12
    b = hi_key[0] + hi_key[1] / 12 + 2 / 12
    if b - a < 1:
        a, b = a - (1 - (b - a)) / 2, b + (1 - (b - a)) / 2
    return math.floor(a * 12) / 12, math.ceil(b * 12) / 12


def _ticks(lo: float, hi: float, unit: str) -> list[tuple[float, str]]:
    if unit == "month":
        step = next(s for s in (1, 2, 3, 6, 12, 24) if (hi - lo) * 12 / s <= 14)
        first = math.ceil(lo * 12 - 1e-9)
        return [(m / 12, f"{MONTHS[m % 12]}" + (f" {m // 12}" if m % 12 == 0 or m == first else ""))
                for m in range(first, math.floor(hi * 12 + 1e-9) + 1) if m % step == 0 or m == first]
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if (hi - lo) / s <= 12)
    return [(y, str(y)) for y in range(math.ceil(lo / step) * step, int(hi) + 1, step)]


def _panel(title: str, lo: float, hi: float, columns: list[tuple[float, float, int, str]],
           spans: collections.Counter, unit: str) -> str:
    """One timeline panel: columns above the axis, spans in lanes below it."""
    width, left, right, chart = 960, 40, 10, 120
    scale = (width - left - right) / (hi - lo)
    x = lambda t: left + (t - lo) * scale  # noqa: E731 (a local projection)
    top = max((n for *_, n, _ in columns), default=1)
    parts = [f'<text x="{left}" y="12" font-size="12" font-weight="bold">{_e(title)}</text>']
    base = 20 + chart
    for count in sorted({top, top // 2} - {0}):  # a light grid at whole article counts
        y = base - chart * count / top
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.0f}" y2="{y:.0f}" stroke="#e6e9ed"/>'
                     f'<text x="{left - 4}" y="{y + 4:.0f}" font-size="9" text-anchor="end">{count}</text>')
    for start, end, n, label in columns:
        h = max(1.5, chart * n / top)
        w = max(1.5, (end - start) * scale - 1)
        parts.append(f'<rect x="{x(start):.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#5b8def">'
                     f'<title>{_e(label)}: {n} article{"s" * (n != 1)}</title></rect>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{base}" y2="{base}" stroke="#333"/>')
    for t, label in _ticks(lo, hi, unit):
        parts.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{base}" y2="{base + 4}" stroke="#333"/>'
                     f'<text x="{x(t):.1f}" y="{base + 15}" font-size="10" text-anchor="middle">{_e(label)}</text>')
    # spans in lanes: the most-named first, each in the first lane where it does not overlap
    lanes: list[list[tuple[float, float]]] = []
    span_top = max(spans.values(), default=1)
    for (label, start, end), n in sorted(spans.items(), key=lambda kv: (-kv[1], kv[0][1]))[:40]:
        a, b = max(start, lo), min(end, hi)
        lane = next((k for k, used in enumerate(lanes) if all(b <= s or a >= e for s, e in used)), None)
        if lane is None:
            if len(lanes) == 6:
                continue
            lanes.append([])
            lane = len(lanes) - 1
        lanes[lane].append((a, b))
        y = base + 24 + lane * 12
        parts.append(f'<rect x="{x(a):.1f}" y="{y}" width="{max(2, (b - a) * scale - 1):.1f}" height="9" rx="2" '
                     f'fill="#f0a35e" fill-opacity="{0.35 + 0.65 * n / span_top:.2f}">'
                     f'<title>{_e(label)}: {n} article{"s" * (n != 1)}</title></rect>')
    height = base + 30 + 12 * len(lanes)
    legend = ('<p class="legend"><span class="sw day"></span> days and months: articles per '
              f'{unit} <span class="sw span"></span> years, quarters, decades and ranges: '
              'spans (hover for the period and its articles)</p>')
    return (f'<figure class="timeline"><svg role="img" aria-label="{_e(title)}" width="100%" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
            f'{legend}</figure>')
