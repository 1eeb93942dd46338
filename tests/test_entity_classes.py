"""One test per class of entity error (issue 17), each on sentences written for it,
not copied from the corpus: credits, demonyms, places from GeoNames and
designators, lists, named lines, organization names, non-entities, one label
per name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.entity_credits import credit_spans
from newsfacts.entity_noise import demonym_words, load_noise_rules


LEAD = "NANNING, May 9 (Xinhua) -- Officials met on Thursday to review the year's work, a statement said.\n\n"


def entities(process, body: str) -> set[tuple[str, str]]:
    """The entities of a page: a headline, a wire lead, then `body`."""
    doc = process("A headline for the test\n\n" + LEAD + body + "\n", reference_date="2024-05-10")
    return {(e.canonical, e.label) for e in doc.entities}


def texts(found: set[tuple[str, str]]) -> set[str]:
    return {name for name, _ in found}


def test_demonyms_are_cut_from_names_and_dropped(process):
    found = entities(process, "Ethiopian Kenenisa Bekele finished second behind Ugandan Joshua Cheptegei, "
                              "while the Kenyan team finished third in the race.")
    assert {("Kenenisa Bekele", "PERSON"), ("Joshua Cheptegei", "PERSON")} <= found
    assert not texts(found) & {"Ethiopian", "Ugandan", "Kenyan", "Ethiopian Kenenisa Bekele"}


def test_demonym_words_come_from_country_names():
    words = load_noise_rules().demonyms
    assert {"Kenyan", "Pakistani", "Chinese", "Japanese", "German", "Italian", "Americans", "British"} <= words
    assert not {"Kenya", "China", "Jordan", "Li", "Wang"} & words
    assert demonym_words(("n",), ()) >= {"Kenyan", "Russian"}


def test_photo_and_wire_credits(process):
    found = entities(process, "Fans cheer in Kampala on Sunday. (AP Photo/Mark Schiefelbein, File)\n\n"
                              "Leaders meet in Hanoi, Vietnam, June 3, 2019. (Xinhua/Wang Peng)\n\n"
                              "The match drew a large crowd, and the team will play again in June, the coach said.\n\n"
                              "A farmer picks tea in Fujian. [Photo by Li Min/For China Daily]\n\n"
                              "A farmer harvests rice in Anhui. /CFP Photo\n\n"
                              "The harvest is expected to rise this year, officials said.")
    assert {("Mark Schiefelbein", "PERSON"), ("Wang Peng", "PERSON"), ("Li Min", "PERSON"),
            ("Xinhua", "ORG"), ("China Daily", "ORG"), ("CFP", "ORG")} <= found
    assert not any("Photo" in name or name == "File" for name in texts(found))
    assert ("AP", "ORG") in found or ("Associated Press", "ORG") in found


def test_positions_glued_to_names_are_not_part_of_them(process):
    found = entities(process, "Premier Wang Hong(3rd R) meets with Governor-General Anne Ross(2nd L) in Wellington, "
                              "New Zealand, May 8, 2024. (Xinhua/Zhang Li)\n\n"
                              "The two leaders discussed trade and education, and agreed to meet again next year.")
    assert {("Wang Hong", "PERSON"), ("Anne Ross", "PERSON")} <= found
    assert not any("(" in name for name in texts(found))


NAME = st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z]\.)?( [A-Z][a-z]{2,9})", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(agency=st.sampled_from(["AP Photo", "Xinhua", "Reuters", "EPA Photo"]), people=st.lists(NAME, min_size=1,
       max_size=2), filler=st.booleans())
def test_credit_parser_finds_every_photographer(nlp, agency, people, filler):
    credit = f"({agency}/{', '.join(people)}{', File' if filler else ''})"
    doc = nlp.make_doc(f"Workers clear a road after the storm. {credit}")
    spans = credit_spans(doc)
    assert {s.text for s in spans if s.label_ == "PERSON"} == set(people)
    assert [s.text for s in spans if s.label_ == "ORG"] == [agency.replace(" Photo", "")]


def test_geonames_places_the_model_calls_people(process):
    found = entities(process, "Rescue teams reached Jhelum, Mianwali, Chakwal, Attock and Talagang on Monday, "
                              "and rain is expected in Sukkur and Nawabshah, the department said.")
    assert {("Jhelum", "PLACE"), ("Mianwali", "PLACE"), ("Chakwal", "PLACE"), ("Attock", "PLACE"),
            ("Talagang", "PLACE"), ("Sukkur", "PLACE"), ("Nawabshah", "PLACE")} <= found
    assert not any(label == "PERSON" for _, label in found)


def test_a_surname_named_like_a_city_stays_a_person(process):
    found = entities(process, "Coach Phil Jackson arrived on Monday. Jackson said the team was ready.")
    assert ("Phil Jackson", "PERSON") in found
    assert ("Jackson", "PLACE") not in found


def test_administrative_designators_make_places(process):
    found = entities(process, "More than 300 people from Lishui county and 200 from Yunhe county were moved, "
                              "and a wind farm in Jungar Banner supplies power to Orangi Town and Shahrah Road.")
    assert {"Lishui county", "Yunhe county", "Jungar Banner", "Orangi Town"} <= {
        name for name, label in found if label == "PLACE"}
    assert not any(label in ("PERSON", "ORG") and name != "Xinhua" for name, label in found)


def test_a_list_of_names_mostly_places_is_all_places(process):
    found = entities(process, "Heavy rain is forecast for Jhelum, Tando Bago, Mianwali, Kot Diji and "
                              "Chakwal districts, the weather office said.")
    assert {("Tando Bago", "PLACE"), ("Kot Diji", "PLACE")} <= found


def test_the_city_is_no_place_and_a_date_in_a_list_is_no_place(process):
    found = entities(process, "Zhengzhou saw heavy rain on Tuesday. The city registered 200 mm of rain.\n\n"
                              "Leaders met in Canberra, Australia, March 23, 2017.")
    assert not texts(found) & {"The city", "March"}


def test_named_railway_lines_are_one_place(process):
    found = entities(process, "The Zhengzhou-Xi'an high-speed railway and the Hefei-Fuzhou high-speed railway "
                              "opened, and the Ganzhou railway will follow; the Chengdu-Chongqing region grew.")
    assert {("Zhengzhou-Xi'an high-speed railway", "PLACE"), ("Hefei-Fuzhou high-speed railway", "PLACE"),
            ("Ganzhou railway", "PLACE"), ("Chengdu-Chongqing region", "PLACE")} <= found
    assert not texts(found) & {"Zhengzhou", "Hefei", "Fuzhou"}


def test_organization_names_are_whole(process):
    found = entities(process, "Telecom operator China Mobile said it will build more stations. Doctors at Huaxi "
                              "Hospital of Sichuan University treated 300 patients, and the study was done at the "
                              "Chinese Academy of Sciences' Institute of Botany. The analysis appeared in the "
                              "Shanghai Evening Post on Monday.")
    assert {("China Mobile", "ORG"), ("Huaxi Hospital of Sichuan University", "ORG"),
            ("Chinese Academy of Sciences", "ORG"), ("Institute of Botany", "ORG"),
            ("Shanghai Evening Post", "ORG")} <= found
    assert not texts(found) & {"Telecom", "Mobile", "Huaxi Hospital"}


def test_company_suffixes_and_short_forms_are_one_organization(process):
    found = entities(process, "The drug was developed by Nuvaxo Inc. and a hospital in Tucson, Arizona. "
                              "Analysts said Nuvaxo had raised prices, and Kessler Heavy Industries Ltd. said "
                              "Kessler Heavy would build the plant.")
    orgs = {name for name, label in found if label == "ORG"}
    assert {"Nuvaxo Inc.", "Kessler Heavy Industries Ltd."} <= orgs
    assert not any(label == "PERSON" for _, label in found)
    assert "Kessler Heavy" not in texts(found)


def test_venues_are_places_and_outlets_organizations(process):
    found = entities(process, "The fair opened at the Shenzhen Convention and Exhibition Center on Friday. "
                              "Prices fell, Bloomberg reported on Monday.")
    assert {("Shenzhen Convention and Exhibition Center", "PLACE"), ("Bloomberg", "ORG")} <= found


@pytest.mark.parametrize("body, junk", [
    ("Snow fell in NW China's Gansu on Sunday and in SE China on Monday.", {"NW", "SE", "NW China"}),
    ("The level reached 35 micrograms per cubic meter in the city.", {"cubic meter"}),
    ("The satellite will sit at 110.5 East Longitude above the equator.", {"East Longitude"}),
    ("Ferries currently take more than three hours to cross the strait.", {"Ferries"}),
    ("Rain hit Hunan on Monday.\n\nAt the Hunan P", {"Hunan P"}),
])
def test_non_entities(process, body, junk):
    assert not texts(entities(process, body)) & junk


def test_places_in_the_byline_are_places(process):
    doc = process("A headline for the test\n\nBy Liu Fang in Guiyang and Chen Hao in Kunming | China Daily | "
                  "Updated: 2024-05-10 09:05\n\n" + LEAD +
                  "Farmers planted rice across the region on Friday, the provincial bureau said.\n",
                  reference_date="2024-05-10")
    places = {(e.text, e.source) for e in doc.entities if e.label == "PLACE"}
    assert {("Guiyang", "metadata.byline"), ("Kunming", "metadata.byline")} <= places


def test_a_dash_credit_at_a_caption_end_is_an_organization(process):
    found = entities(process, "Cars stand in water on a flooded road in the old city on Sunday.—APP\n\n"
                              "More rain is expected in the coming days, the weather office said.")
    assert ("APP", "ORG") in found


def test_a_nationality_inside_a_landform_name_gives_way_to_it(process):
    found = entities(process, "Birds follow the East Asian-Australasian Flyway, a migration corridor, "
                              "while Chinese and American scientists count them.")
    assert ("East Asian-Australasian Flyway", "PLACE") in found
    assert not texts(found) & {"East Asian", "Chinese", "American"}


def test_a_participle_opening_a_caption_is_no_name(process):
    found = entities(process, "Restored orchards welcome new visitors in spring. [Photo/Xinhua]\n\n"
                              "The orchards cover 300 hectares, the county government said.")
    assert "Restored" not in texts(found)


def test_a_run_of_names_ending_in_a_road_or_causeway_is_a_place(process):
    found = entities(process, "Cars stood at one end of the Lyari Causeway after the storm, and water covered "
                              "Shahrah Road and the old Kharadar Town on Sunday.")
    assert {("Lyari Causeway", "PLACE"), ("Shahrah Road", "PLACE"), ("Kharadar Town", "PLACE")} <= found


def test_a_place_before_an_event_is_part_of_its_name(process):
    found = entities(process, "She won the Vibram Lantau 50km Trail Race last year and then flew home to Lisbon.")
    assert ("Lisbon", "PLACE") in found
    assert not any("Lantau" in name for name in texts(found))


def test_chinese_names_with_pinyin_given_names(process):
    found = entities(process, "You Xianming from Hunan Province finished second in the race, while "
                              "Long March rockets flew and Zhang Jianguo watched.")
    assert ("You Xianming", "PERSON") in found and ("Zhang Jianguo", "PERSON") in found
    assert not any(label == "PERSON" and "March" in name for name, label in found)


SYLLABLES = st.sampled_from(["zhang", "wei", "li", "ming", "xue", "ren", "quan", "pei", "jian", "guo", "hua", "yong",
                             "chun", "xiao", "feng", "lan", "qing", "shu", "zhi", "bo"])


@given(first=SYLLABLES, second=SYLLABLES)
def test_two_pinyin_syllables_are_a_given_name(first, second):
    from newsfacts.entity_people import is_pinyin_given_name

    assert is_pinyin_given_name((first + second).capitalize())
    assert not is_pinyin_given_name(first + second)  # lower case is no name


@pytest.mark.parametrize("word", ["March", "Said", "Report", "Street", "Market", "Beijing-based"])
def test_english_words_are_not_pinyin_given_names(word):
    from newsfacts.entity_people import is_pinyin_given_name

    assert not is_pinyin_given_name(word)


def test_a_city_name_needs_a_place_context(process):
    found = entities(process, "Relief camps opened in Kottayam and Alappuzha, officials said. Jackson, a nurse "
                              "from Mobile, said she drove to Austin with her children.")
    assert {("Alappuzha", "PLACE"), ("Mobile", "PLACE"), ("Austin", "PLACE")} <= found
    assert ("Jackson", "PLACE") not in found


def test_parishes_are_places(process):
    found = entities(process, "Residents of Cameron Parish and Calcasieu Parish were told to stay home.")
    assert {("Cameron Parish", "PLACE"), ("Calcasieu Parish", "PLACE")} <= found


def test_a_surname_that_is_a_head_word_stays_a_person(process):
    found = entities(process, "Foreign Minister Wang Yi met President Park Geun-hye in Seoul on Tuesday. "
                              "Park said ties were strong.")
    assert ("Park Geun-hye", "PERSON") in found
    assert not any(label == "PLACE" and name.startswith("Park") for name, label in found)


def test_commas_and_company_suffixes_separate_organizations(process):
    found = entities(process, "Wang visited Busan, Incheon and Daegu. Samsung Electronics Co. and Hyundai Motor "
                              "Group officials attended, and China State Railway Group Co., Ltd. said more trains "
                              "would run in Northwest China.")
    assert {("Busan", "PLACE"), ("Incheon", "PLACE"), ("Daegu", "PLACE")} <= found
    assert ("Samsung Electronics Co. and Hyundai Motor Group", "ORG") not in found
    assert any(name.startswith("China State Railway Group Co., Ltd") for name, label in found if label == "ORG")
    assert ("Northwest China", "ORG") not in found


def test_a_capitals_credit_without_brackets(process):
    found = entities(process, "Containers are seen at a port in Qingdao, Shandong province, China, July 10, 2023. "
                              "REUTERS/Chen Ming/File Photo\n\nExports rose 5 percent in July, customs data showed.")
    assert ("Chen Ming", "PERSON") in found
    assert not texts(found) & {"File", "File Photo", "Chen Ming/File Photo"}


def test_two_organizations_joined_by_and_stay_two(process):
    found = entities(process, "Economists at Nomura, Goldman Sachs and Capital Economics expect more stimulus.")
    assert {("Goldman Sachs", "ORG"), ("Capital Economics", "ORG")} <= found


def _mention(text: str, label: str, at: int = 0):
    from newsfacts.record import Entity

    return Entity(text=text, label=label, canonical=text, start=at, end=at + len(text))


def test_one_label_per_name_within_a_document():
    from newsfacts.entities import canonicalize

    linked = canonicalize([_mention("Norvale", "ORG"), _mention("Norvale", "PERSON", 40),
                           _mention("Norvale", "ORG", 90), _mention("Tarrow Hospital", "PERSON", 120),
                           _mention("Tarrow Hospital", "PLACE", 160)], {})
    assert {m.label for m in linked if m.text == "Norvale"} == {"ORG"}  # what most mentions say
    assert {m.label for m in linked if m.text == "Tarrow Hospital"} == {"ORG"}  # a tie: the head word decides


def test_short_forms_of_an_organization_and_of_a_person_link_to_the_full_name():
    from newsfacts.entities import canonicalize

    linked = canonicalize([_mention("Kessler Heavy Industries Ltd.", "ORG"), _mention("Kessler Heavy", "PERSON", 50),
                           _mention("Xiong Zeng", "PERSON", 80), _mention("Xiong", "PLACE", 120)], {})
    canon = {m.text: (m.canonical, m.label) for m in linked}
    assert canon["Kessler Heavy"] == ("Kessler Heavy Industries Ltd.", "ORG")
    assert canon["Xiong"] == ("Xiong Zeng", "PERSON")


def test_highways_are_places_and_portfolios_are_not_organizations(process):
    found = entities(process, "Planning Minister Rashid Mehmood said the Karakoram Highway and the "
                              "Multan-Sukkur Motorway were closed after the floods.")
    assert {("Karakoram Highway", "PLACE"), ("Multan-Sukkur Motorway", "PLACE")} <= found
    assert "Planning" not in texts(found)


def test_a_ministry_of_several_portfolios_is_one_name(process):
    found = entities(process, "The Ministry of Land, Infrastructure, Transport and Tourism said tourist numbers "
                              "rose in March.")
    assert ("Ministry of Land, Infrastructure, Transport and Tourism", "ORG") in found


def test_a_photo_credit_naming_only_its_source(process):
    found = entities(process, "A rare bird rests on a branch in the reserve. (Photo/ZTV)\n\n"
                              "Researchers counted 40 of the birds this spring, the reserve said.")
    assert ("ZTV", "ORG") in found
    assert "Photo" not in texts(found)


def test_a_photographer_in_capitals_shooting_for_an_outlet(process):
    text = ("NANJING, March 3 -- Workers repaired the old road in Nanjing on Monday, officials said.\n"
            "Workers repair the road in Nanjing on Monday. WANG HUA/FOR CHINA DAILY\n"
            "The city plans to repair 20 more roads this year, the officials said.\n")
    found = {(e.text, e.label) for e in process(text).entities}
    assert ("WANG HUA", "PERSON") in found and ("CHINA DAILY", "ORG") in found
    assert not any(text in ("HUA", "FOR CHINA DAILY") for text, _ in found)
