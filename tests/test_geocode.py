"""Offline geocoding of PLACE entities: the names news uses, and ambiguity resolved
from the article (the rules in pipeline/geocode.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from newsfacts.geocode import load_gazetteer
from tests.conftest import SEED


def places(process, body, reference_date="2025-05-03"):
    doc = process("Test headline for the story\n\n" + body + "\n", reference_date=reference_date)
    return {e.canonical: (e.feature, e.country_code, e.admin1) for e in doc.entities if e.label == "PLACE"}


def test_every_country_and_city_of_the_seed_gets_its_country(process):
    doc = process(SEED.read_text(encoding="utf-8"), "seed")
    codes = {e.canonical: e.country_code for e in doc.entities if e.label == "PLACE" and e.feature in ("country", "city")}
    assert codes == {
        "Shanghai": "CN", "China": "CN", "France": "FR", "Germany": "DE", "Japan": "JP", "Pakistan": "PK",
        "United Kingdom": "GB", "United States": "US", "Vienna": "AT", "Kenya": "KE", "South Africa": "ZA",
        "Venezuela": "VE", "Belarus": "BY", "Egypt": "EG", "Malaysia": "MY", "Indonesia": "ID", "Kazakhstan": "KZ",
    }
    shanghai = next(e for e in doc.entities if e.canonical == "Shanghai")
    assert shanghai.geonames_id and abs(shanghai.latitude - 31.2) < 0.5 and abs(shanghai.longitude - 121.5) < 0.5


def test_names_as_news_writes_them(process):
    found = places(process, "ZHENGZHOU, May 2 (Xinhua) -- Trade between the U.S. and the Chinese mainland rose, "
                            "officials in east China's Fujian Province and Hong Kong SAR said on Friday.")
    assert found["Zhengzhou"] == ("city", "CN", "Henan")  # the upper-case dateline, in normal case
    assert found["United States"][:2] == ("country", "US")
    assert found["Chinese mainland"][:2] == ("country", "CN")
    assert found["Fujian Province"] == ("admin region", "CN", "Fujian")
    assert found["Hong Kong SAR"][1] == "HK"


def test_a_city_in_the_province_the_article_names(process):
    fujian = places(process, "FUZHOU, May 2 (Xinhua) -- Fuzhou, capital of Fujian Province, opened a new port "
                             "on Friday, officials said.")
    jiangxi = places(process, "NANCHANG, May 2 (Xinhua) -- Fuzhou in Jiangxi Province opened a new rail line "
                              "on Friday, officials said.")
    assert fujian["Fuzhou"] == ("city", "CN", "Fujian")
    assert jiangxi["Fuzhou"] == ("city", "CN", "Jiangxi")


def test_a_famous_city_is_not_taken_for_a_small_namesake(process):
    found = places(process, "VIENNA, May 2 (Xinhua) -- Diplomats from Austria, Kenya and the United States met "
                            "in Vienna on Friday, officials said.")
    assert found["Vienna"][:2] == ("city", "AT")


def test_an_ambiguous_dateline_takes_the_country_of_the_other_places(process):
    found = places(process, "HAMILTON, May 2 (Xinhua) -- New Zealand's dairy exports from Hamilton rose 8 percent, "
                            "farmers in Auckland said on Friday.")
    assert found["Hamilton"][:2] == ("city", "NZ")


def test_a_bare_province_name_is_the_province_and_a_namesake_seat_the_city():
    gazetteer = load_gazetteer()
    from newsfacts.geocode import choose
    from collections import Counter

    jiangxi = choose("Jiangxi", gazetteer.candidates("Jiangxi"), Counter(), set())
    beijing = choose("Beijing", gazetteer.candidates("Beijing"), Counter(), set())
    assert (jiangxi.feature, jiangxi.admin1) == ("admin region", "Jiangxi")
    assert (beijing.feature, beijing.country_code) == ("city", "CN")


@pytest.mark.parametrize("name", ["Qiantang River", "Leibnitz-Beta Plateau", "Yuanmingyuan", "Xanaduville"])
def test_what_the_data_does_not_cover_stays_empty(name):
    from collections import Counter

    from newsfacts.geocode import choose

    assert choose(name, load_gazetteer().candidates(name), Counter(), set()) is None


def test_the_names_looked_up_are_kept_within_a_bound(monkeypatch):
    gazetteer = load_gazetteer()
    monkeypatch.setattr(gazetteer, "_named", {})
    monkeypatch.setattr(gazetteer, "max_cached_names", 3)
    names = ["Beijing", "Lahore", "Nairobi", "Larkana", "Shanghai", "Tharparkar", "Quito"]
    found = [gazetteer.candidates(name) for name in names]
    assert len(gazetteer._named) <= 3
    assert [gazetteer.candidates(name) for name in names] == found  # the same answers after eviction


GAZETTEER_SCRIPT = ("from newsfacts.geocode import load_gazetteer\n"
                    "g = load_gazetteer()\n"
                    "print(g.candidates('Vienna')[0].country_code, g.path.parent.name)")


def _in_fresh_process(cache_home) -> list[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    return subprocess.run([sys.executable, "-c", GAZETTEER_SCRIPT], env=env, capture_output=True, text=True,
                          check=True).stdout.split()


def test_a_damaged_gazetteer_cache_is_built_again(tmp_path):
    assert _in_fresh_process(tmp_path) == ["AT", "newsfacts"]
    (index,) = (tmp_path / "newsfacts").glob("gazetteer-*.sqlite")
    index.write_bytes(b"not an SQLite file" * 100)
    assert _in_fresh_process(tmp_path) == ["AT", "newsfacts"]
    assert index.read_bytes().startswith(b"SQLite format 3")


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("the cache folder's place is taken by a file")
    country, folder = _in_fresh_process(blocked)
    assert country == "AT" and folder.startswith("newsfacts-")  # a private copy in the temporary folder
