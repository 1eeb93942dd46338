from pipeline.clean import clean_document
from pipeline.ingest import read_documents
from pipeline.metadata import extract_metadata
from pipeline.record import Document
from tests.conftest import DATA, SEED


def metadata(path, rules, reference_date=None):
    [doc] = list(read_documents([str(path)]))
    return extract_metadata(clean_document(doc, rules), rules, reference_date).metadata


def test_seed_metadata(rules):
    meta = metadata(SEED, rules)
    assert meta.title == "China deepens international collaboration to push forward deep-space exploration"
    assert meta.agency == "Xinhua"
    assert meta.authors == ["Liu Yiwei", "Yu Fei", "Yang Chunxue", "Song Chen", "Zhang Jiansong"]
    assert meta.dateline == "Shanghai"
    # the dateline's April 25 with the year the caption gives (April 23, 2025)
    assert meta.published == "2025-04-25"


def test_byline_with_place_agency_and_stamp(rules):
    meta = metadata(DATA / "daily-port-2023.txt", rules)
    assert meta.authors == ["Li Hua"]
    assert meta.agency == "China Daily"
    assert meta.published == "2023-07-12"


def test_relative_stamp_resolves_against_the_reference_date(rules):
    text = ("Typhoon makes landfall\n\n發布於 16小時前 • Zhou Min\n\n"
            "A strong typhoon made landfall in southern China early on Monday, forcing the evacuation of thousands of residents.\n")
    doc = Document(doc_id="t", source="t.txt", sha256="", raw_text=text)
    meta = extract_metadata(clean_document(doc, rules), rules, "2024-09-02T12:00:00").metadata
    assert meta.published == "2024-09-01"
    assert meta.authors == ["Zhou Min"]
    assert meta.title == "Typhoon makes landfall"


def test_section_label_and_stamp_line_of_another_site(rules):
    text = ("Latest News:\n\nWorld\n\nAsia & Pacific\n\nFloods force thousands from homes in Guangxi\n\n"
            "By Huang Min and Qiu Lan (China Daily)\n\n10:15, June 12, 2024\n\n"
            "Heavy rain forced more than 20,000 residents of Guangxi to leave their homes on Tuesday, local authorities said.\n")
    doc = Document(doc_id="t", source="t.txt", sha256="", raw_text=text)
    meta = extract_metadata(clean_document(doc, rules), rules).metadata
    assert meta.title == "Floods force thousands from homes in Guangxi"
    assert meta.authors == ["Huang Min", "Qiu Lan"]
    assert meta.agency == "China Daily"
    assert meta.published == "2024-06-12"


def test_title_loses_a_glued_date_or_foreign_label(rules):
    for first_line in ("date 2024-06-12 Floods force thousands from homes in Guangxi",
                       "英语新闻:Floods force thousands from homes in Guangxi"):
        text = (first_line + "\n\nNANNING, June 12 (Xinhua) -- Heavy rain forced more than 20,000 residents "
                "of Guangxi to leave their homes on Tuesday, local authorities said.\n")
        doc = Document(doc_id="t", source="t.txt", sha256="", raw_text=text)
        meta = extract_metadata(clean_document(doc, rules), rules, "2024-06-20").metadata
        assert meta.title == "Floods force thousands from homes in Guangxi"
        assert (meta.dateline, meta.agency, meta.published) == ("Nanning", "Xinhua", "2024-06-12")
