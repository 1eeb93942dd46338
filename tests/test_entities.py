import re

import pytest

from pipeline.entity_repairs import long_form
from tests.conftest import DATA, SEED

CJK = re.compile(r"[\u3000-\u9fff]")


@pytest.fixture(scope="module")
def seed(process):
    return process(SEED.read_text(encoding="utf-8"), "seed")


def names(doc, label):
    return {e.canonical for e in doc.entities if e.label == label}


def test_seed_people_include_the_byline(seed):
    assert names(seed, "PERSON") == {
        "Liu Yiwei", "Yu Fei", "Yang Chunxue", "Song Chen", "Zhang Jiansong",
        "Shan Zhongde", "Bian Zhigang", "Amjad Ali", "Liu Jizhong",
    }


def test_seed_organizations_and_acronyms(seed):
    orgs = {e.text: e.canonical for e in seed.entities if e.label == "ORG"}
    assert orgs["CNSA"] == "China National Space Administration"
    assert orgs["SUPARCO"] == "Space and Upper Atmosphere Research Commission"
    assert orgs["Xinhua"] == "Xinhua"


def test_seed_surnames_point_to_full_names(seed):
    surnames = {e.text: e.canonical for e in seed.entities if e.label == "PERSON" and " " not in e.text}
    assert surnames == {"Bian": "Bian Zhigang", "Shan": "Shan Zhongde"}


def test_no_junk_entities(seed):
    for e in seed.entities:
        assert not CJK.search(e.text), e
        assert e.text not in ("Space", "Award", "the United States", "Chang'e-7", "Chang'e-8")
        assert not e.text.lower().startswith("the ")


def test_places_and_dateline(seed):
    places = names(seed, "PLACE")
    assert {"Shanghai", "China", "France", "United Kingdom", "United States", "Vienna", "South Africa"} <= places
    dateline = next(e for e in seed.entities if e.text == "SHANGHAI")
    assert dateline.canonical == "Shanghai" and dateline.start == 0


def test_offsets_point_into_their_source(seed):
    for e in seed.entities:
        if e.source == "body":
            assert seed.body[e.start:e.end] == e.text
        elif e.source.startswith("captions["):
            assert seed.captions[int(e.source[9:-1])][e.start:e.end] == e.text
        else:
            assert seed.metadata.byline[e.start:e.end] == e.text


def test_own_article(process):
    doc = process((DATA / "wire-hydro-2024.txt").read_text(encoding="utf-8"))
    assert {e.text: e.canonical for e in doc.entities if e.text in ("CTGC", "Lei")} == {
        "CTGC": "China Three Gorges Corporation", "Lei": "Lei Mingshan"}
    assert "Chengdu" in names(doc, "PLACE")
    assert {"Wang Lijun", "Chen Meiling"} <= names(doc, "PERSON")


@pytest.mark.parametrize("acronym, before, expected", [
    ("CNSA", "announced that the China National Space Administration", "China National Space Administration"),
    ("SUPARCO", "a senior official with the Space and Upper Atmosphere Research Commission",
     "Space and Upper Atmosphere Research Commission"),
    ("WHO", "said the director of the agency", None),
])
def test_long_form(acronym, before, expected):
    assert long_form(acronym, before) == expected


def test_short_place_forms_and_surnames_link_to_one_entity(process):
    text = ("Heavy rain hits central China\n\n"
            "ZHENGZHOU, July 21 (Xinhua) -- Heavy rain hit central China's Henan Province on Tuesday, "
            "and officials in Henan ordered schools closed, Foreign Minister Wang Yi said in Beijing.\n\n"
            "The U.S. embassy in Beijing offered help to the United States citizens in Zhengzhou, Wang said.\n")
    doc = process(text, reference_date="2021-07-21")
    canon = {e.text: e.canonical for e in doc.entities}
    assert canon["Henan"] == "Henan Province"
    assert canon["U.S."] == "United States"
    assert canon["Wang"] == "Wang Yi"
    assert {e.label for e in doc.entities if e.text == "Wang"} == {"PERSON"}
