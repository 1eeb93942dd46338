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
