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


# Property tests: articles assembled from the pieces scraped pages are made of.
import textwrap  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from pipeline.clean import load_rules, strip_end_marks  # noqa: E402
from pipeline.record import Document  # noqa: E402

RULES = load_rules()
WORDS = st.sampled_from(
    "the of and to in a China said on that with for was as by percent million new year officials port "
    "Shanghai Xinhua space rover samples more than 1,731 grams 15 2025 people government rain semi- "
    "Beijing's".split()
)
SENTENCE = st.lists(WORDS, min_size=3, max_size=40).map(lambda w: " ".join(w).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
DEBRIS = st.sampled_from([
    "請更新您的瀏覽器", "Eng", "reaction icon 0", "0 0", "Share", "WeChat", "Home> China", "Read more:",
    "Updated: 2025-04-25 08:47", "發布於 16小時前 • Liu Yiwei,Yu Fei", "By Zhao Lei in Shanghai | China Daily",
    "XINHUA", "Copyright 2025. All rights reserved.", "Editor: Li Na", "■", "(END)",
    "Workers at the site on Monday. (Xinhua/Wang Lijun)", "TAO LEI/FOR CHINA DAILY", "Photo: VCG",
    "SHANGHAI, April 25 (Xinhua) -- China said on Friday it will share samples.",
    "date 2021-04-19 BEIJING, April 20 (Reuters) - China's imports", "Typhoon leaves chaos in its path",
])
LINE = st.one_of(PARAGRAPH, DEBRIS, st.just(""), st.text(max_size=60))
# wire copy hard-wrapped at a fixed column, as e-mailed and terminal-era feeds are
WRAPPED = st.builds(lambda paragraphs, width: "\n".join(textwrap.fill(p, width) for p in paragraphs),
                    st.lists(PARAGRAPH, min_size=1, max_size=6), st.integers(50, 90))
PAGE = st.one_of(st.lists(LINE, max_size=25).map("\n".join),
                 st.tuples(st.lists(DEBRIS, max_size=4), WRAPPED).map(lambda t: "\n".join([*t[0], t[1]])))


def clean_text(text: str) -> Document:
    return clean_document(Document(doc_id="t", source="t.txt", sha256="", raw_text=text), RULES)


def squeeze(text: str) -> str:
    return "".join(text.split())


@settings(max_examples=200, deadline=None)
@given(PAGE)
def test_cleaning_never_invents_body_text(page):
    doc = clean_text(page)
    source = page.splitlines()
    kept = "".join(strip_end_marks(source[n - 1].strip(), RULES.end_marks) for n in doc.body_lines)
    # the body is its source lines, less at most a date stamp glued before the dateline
    assert squeeze(kept).endswith(squeeze(doc.body))
    if doc.body_lines:
        assert len(squeeze(kept)) - len(squeeze(doc.body)) <= len(squeeze(source[doc.body_lines[0] - 1]))
    assert len(doc.body.split("\n")) <= len(doc.body_lines) or not doc.body


@settings(max_examples=200, deadline=None)
@given(PAGE)
def test_cleaning_is_idempotent(page):
    body = clean_text(page).body
    assert clean_text(body).body == body


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cleaning_never_raises_on_any_text(text):
    clean_text(text)
