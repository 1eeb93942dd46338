from pipeline.clean import clean_document, script_of
from pipeline.ingest import read_documents
from tests.conftest import DATA, SEED


def clean(path, rules):
    [doc] = list(read_documents([str(path)]))
    return clean_document(doc, rules)


def test_seed_boilerplate_is_gone_and_body_kept(rules):
    doc = clean(SEED, rules)
    assert "瀏覽器" not in doc.body
    assert "reaction icon" not in doc.body
    assert "Eng" not in doc.body.split("\n")
    assert "■" not in doc.body
    lines = doc.body.split("\n")
    assert lines[0].startswith("SHANGHAI, April 25 (Xinhua) --")
    assert lines[-1].endswith("were presented to these diplomats.")
    assert len(lines) == 27
    assert doc.body_lines == list(range(15, 68, 2))


def test_seed_header_and_captions_are_moved_out_of_the_body(rules):
    doc = clean(SEED, rules)
    assert doc.header["title"] == "China deepens international collaboration to push forward deep-space exploration"
    assert doc.header["agency"] == "XINHUA"
    assert doc.header["byline"].endswith("Zhang Jiansong")
    assert len(doc.captions) == 1 and doc.captions[0].endswith("(Xinhua/Zhang Jiansong)")
    assert doc.caption_lines == [12, 13]
    assert "Spacesuits" not in doc.body


def test_own_wire_story_in_the_same_style(rules):
    doc = clean(DATA / "wire-hydro-2024.txt", rules)
    assert doc.body.startswith("CHENGDU, March 5 (Xinhua) --")
    assert doc.body.endswith("the last is due by 2025.")
    assert doc.header["title"] == "Hydropower station in Sichuan begins full operation"
    assert doc.captions == [
        "Workers inspect a turbine at the Baihetan hydropower station in southwest China's Sichuan Province, "
        "March 3, 2024. (Xinhua/Wang Lijun)"
    ]
    for junk in ("瀏覽器", "reaction icon", "0 0", "Eng"):
        assert junk not in doc.body.split("\n")


def test_other_site_navigation_share_and_related_lists_go(rules):
    doc = clean(DATA / "daily-port-2023.txt", rules)
    lines = doc.body.split("\n")
    assert lines[0].startswith("Ningbo Zhoushan Port handled 645 million tonnes")
    assert len(lines) == 3
    assert not any(w in doc.body for w in ("Home>", "WeChat", "Related Stories", "Copyright", "Port traffic recovers"))
    assert doc.header["title"] == "Port handles record cargo as exports rebound"


def test_script_detection():
    assert script_of("您使用的瀏覽器版本較舊") == "cjk"
    assert script_of("Liu Yiwei, Yu Fei") == "latin"
    assert script_of("0 0") == "none"
