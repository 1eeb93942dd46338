"""The report's world map: Natural Earth country outlines (models/world_countries.json,
built once by benchmarks/make_world_map.py) on an Equal Earth projection, countries
shaded by the number of articles naming a place in them, places as circles sized by
the number of articles naming them, each labelled on hover by an SVG <title> (no script).
"""

from __future__ import annotations

import functools
import html
import json
import math
from typing import Any

from newsfacts.resources import MODELS_DIR

MAP_FILE = MODELS_DIR / "world_countries.json"  # where the other rule assets are (NEWSFACTS_MODELS)

# Equal Earth (Šavrič, Patterson, Jenny 2018): an equal-area projection that keeps the
# continents' familiar shapes, so a shaded area is not inflated towards the poles
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
WIDTH = 1000.0  # the map's SVG units: x in [0, 1000]
SCALE = WIDTH / (2 * 2 * math.sqrt(3) * math.pi / (3 * A1))
TOP_LATITUDE, BOTTOM_LATITUDE = 84.0, -58.0  # Antarctica and the Arctic ocean cut: no news there to show


def _raw_y(lat: float) -> float:
    theta = math.asin(M * math.sin(math.radians(lat)))
    return A4 * theta ** 9 + A3 * theta ** 7 + A2 * theta ** 3 + A1 * theta


Y_TOP = _raw_y(TOP_LATITUDE) * SCALE
HEIGHT = Y_TOP - _raw_y(BOTTOM_LATITUDE) * SCALE


def project(lat: float, lon: float) -> tuple[float, float]:
    """(x, y) in the map's SVG units, y down, for a latitude and longitude in degrees."""
    lat = max(BOTTOM_LATITUDE, min(TOP_LATITUDE, lat))
    theta = math.asin(M * math.sin(math.radians(lat)))
    x = (2 * math.sqrt(3) * math.radians(lon) * math.cos(theta)
         / (3 * (9 * A4 * theta ** 8 + 7 * A3 * theta ** 6 + 3 * A2 * theta ** 2 + A1)))
    return WIDTH / 2 + x * SCALE, Y_TOP - _raw_y(lat) * SCALE


@functools.lru_cache(maxsize=1)
def countries() -> dict[str, dict[str, str]]:
    """ISO alpha-2 code (or a name-based key for a territory without one) -> {name, path}."""
    with open(MAP_FILE, encoding="utf-8") as fh:
        return json.load(fh)["countries"]


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _shade(n: int, top: int) -> str:
    """A sequential blue: the share of the most-named country's count, on a square-root
    scale so one dominant country does not leave all the others white."""
    if n <= 0:
        return "#eef0f2"
    t = math.sqrt(n / top)
    light, dark = (0xd6, 0xe6, 0xf4), (0x1f, 0x5a, 0x9e)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(light, dark))


def world_map(points: dict[tuple[str, float, float], int], by_country: dict[str, int],
              country_names: dict[str, str] | None = None) -> str:
    """The map as inline SVG: `points` maps (place, latitude, longitude) to the number of
    articles naming it; `by_country` maps an ISO alpha-2 code to the number of articles."""
    top = max(by_country.values(), default=1)
    shapes = []
    for code, country in countries().items():
        n = by_country.get(code, 0)
        label = f"{country['name']}: {n} article{'s' * (n != 1)}"
        shapes.append(f'<path d="{country["path"]}" fill="{_shade(n, top)}" stroke="#fff" stroke-width="0.5">'
                      f'<title>{_e(label)}</title></path>')
    dots = []
    # scaled to the most-named place, but never as if it were named fewer than 10 times:
    # in a report of one article every place would otherwise be drawn at full size
    biggest = max(10, max(points.values(), default=1))
    # largest first so a small place drawn later stays on top and can be hovered
    for (name, lat, lon), n in sorted(points.items(), key=lambda kv: (-kv[1], kv[0])):
        x, y = project(lat, lon)
        radius = 2.5 + 12 * math.sqrt(n / biggest)
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#e4572e" fill-opacity="0.55" '
                    f'stroke="#a4321a" stroke-width="0.6"><title>{_e(name)}: {n} article{"s" * (n != 1)}'
                    f'</title></circle>')
    labels = _labels(points, biggest)
    legend = _legend(top)
    return (f'<figure class="map" id="map"><svg role="img" aria-label="map of the places named in the articles" '
            f'width="100%" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" xmlns="http://www.w3.org/2000/svg">'
            f'<rect width="{WIDTH:.0f}" height="{HEIGHT:.0f}" fill="#f7fbff"/>'
            f'<g class="countries">{"".join(shapes)}</g><g class="places">{"".join(dots)}</g>{labels}{legend}</svg>'
            f'<figcaption>Countries shaded by the number of articles naming a place in them; circles are places, '
            f'sized by the number of articles naming them (hover for names and counts). '
            f'Outlines: Natural Earth 1:110m, Equal Earth projection.</figcaption></figure>')


def _labels(points: dict[tuple[str, float, float], int], biggest: int, most: int = 10) -> str:
    """Names written beside the most-named places, skipping any that would overlap a name
    already written (the rest are named on hover)."""
    taken: list[tuple[float, float, float, float]] = []
    out = []
    for (name, lat, lon), n in sorted(points.items(), key=lambda kv: (-kv[1], kv[0]))[:most]:
        x, y = project(lat, lon)
        x += 2.5 + 12 * math.sqrt(n / biggest) + 2
        box = (x, y - 10, x + 6.2 * len(name), y + 3)  # ~6.2 units a character at 11
        if box[2] > WIDTH or any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            continue
        taken.append(box)
        out.append(f'<text x="{x:.1f}" y="{y + 1:.1f}" font-size="11" fill="#222" stroke="#fff" stroke-width="3" '
                   f'paint-order="stroke">{_e(name)}</text>')
    return f'<g class="labels">{"".join(out)}</g>'


def _legend(top: int) -> str:
    steps = sorted({1, max(1, round(top / 4)), max(1, round(top / 2)), top})
    y = HEIGHT - 22
    cells = [f'<text x="10" y="{y - 6:.0f}" font-size="11" fill="#333">articles per country</text>']
    for k, n in enumerate(steps):
        cells.append(f'<rect x="{10 + k * 46}" y="{y:.0f}" width="44" height="10" fill="{_shade(n, top)}"/>'
                     f'<text x="{32 + k * 46}" y="{y + 21:.0f}" font-size="10" text-anchor="middle" fill="#333">{n}</text>')
    return "".join(cells)
