"""Build models/world_countries.json, the report map's country outlines, once.

Source: Natural Earth 1:110m Admin 0 countries (public domain), as shipped in the
geopandas 0.14.4 wheel on PyPI (geopandas/datasets/naturalearth_lowres, BSD-3-Clause
package). The runtime needs neither geopandas nor a shapefile reader: this script
projects the outlines (newsfacts.report_map.project, Equal Earth), drops vertices closer
than MIN_STEP map units to the last one kept and rings smaller than MIN_RING, and writes
one SVG path per country keyed by ISO 3166-1 alpha-2.

    python -m pip download geopandas==0.14.4 pyshp --no-deps -d /tmp/ne
    python -m pip install --no-deps --target /tmp/ne/lib /tmp/ne/pyshp-*.whl
    unzip -q /tmp/ne/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' -d /tmp/ne
    PYTHONPATH=/tmp/ne/lib:. python benchmarks/make_world_map.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry
import shapefile  # pyshp, only for this build

from newsfacts.report_map import MAP_FILE, project

MIN_STEP = 0.9  # map units (the map is 1000 wide): below this a vertex is invisible
MIN_RING = 1.5  # a ring whose box is smaller in both directions is a speck
SPECIAL = {"Kosovo": "XK", "N. Cyprus": "CY-north", "Somaliland": "SO-north"}  # no ISO code of their own


def ring_path(points: list[tuple[float, float]]) -> str:
    kept: list[tuple[float, float]] = []
    for lon, lat in points:
        x, y = project(lat, lon)
        if kept and abs(x - kept[-1][0]) < MIN_STEP and abs(y - kept[-1][1]) < MIN_STEP:
            continue
        kept.append((x, y))
    xs, ys = [x for x, _ in kept], [y for _, y in kept]
    if len(kept) < 3 or (max(xs) - min(xs) < MIN_RING and max(ys) - min(ys) < MIN_RING):
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}".replace(".0,", ",").removesuffix(".0") for x, y in kept) + "Z"


def main(shp: str) -> None:
    reader = shapefile.Reader(shp)
    countries: dict[str, dict[str, str]] = {}
    for shape_record in reader.iterShapeRecords():
        record, shape = shape_record.record, shape_record.shape
        if record["name"] == "Antarctica":
            continue
        country = pycountry.countries.get(alpha_3=record["iso_a3"])
        code = SPECIAL.get(record["name"]) or (country.alpha_2 if country else None)
        if code is None:
            print("no code for", record["name"], record["iso_a3"], file=sys.stderr)
            continue
        parts = list(shape.parts) + [len(shape.points)]
        rings = [ring_path(shape.points[a:b]) for a, b in zip(parts, parts[1:])]
        path = "".join(r for r in rings if r)
        if path:
            countries[code] = {"name": record["name"], "path": path}
    data = {
        "_about": ("Country outlines for the report map: Natural Earth 1:110m Admin 0 countries "
                   "(public domain, naturalearthdata.com), as shipped in the geopandas 0.14.4 wheel on PyPI "
                   "(BSD-3-Clause), projected to Equal Earth in a 1000-unit-wide SVG space and simplified "
                   "by benchmarks/make_world_map.py; keyed by ISO 3166-1 alpha-2."),
        "countries": dict(sorted(countries.items())),
    }
    Path(MAP_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {Path(MAP_FILE).stat().st_size} bytes -> {MAP_FILE}")


if __name__ == "__main__":
    main(sys.argv[1])
