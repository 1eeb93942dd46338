"""Line shapes (pipeline/page_lines.py) on lines written here."""

import pytest

from newsfacts.clean import load_rules
from newsfacts.page_lines import bullet_of, is_inline_list, is_label, social_share, word_overlap

SOCIAL = load_rules().social_words


@pytest.mark.parametrize("line", [
    "Most Viewed", "Editor's Choice", "SIGN UP FOR OUR NEWSLETTER", "YOU MAY HAVE MISSED", "• Login",
    "Wang Xiaoming", "...", "12.4K", "In Photos",
])
def test_labels(line):
    assert is_label(line)


@pytest.mark.parametrize("line", [
    "Grain output hits record high",  # a sentence-case subheading
    "The ministry said exports rose 5 percent in March.",
    "Scan the code to download the app",
    "One Two Three Four Five Six Seven Eight Nine",  # too long for a label
])
def test_not_labels(line):
    assert not is_label(line)


@pytest.mark.parametrize("line", [
    "Share on Facebook Twitter WhatsApp",
    "Email Print Bookmark and Share",
    "Flipboard LinkedIn Reddit Telegram Friday, March 3, 2023",
    "Google News Apple News RSS",
    "微信 微博 Facebook Twitter",
])
def test_social_rows(line):
    assert social_share(line, SOCIAL) >= 0.75


@pytest.mark.parametrize("line", [
    "Facebook and Twitter face new rules on political ads in the EU",
    "Share prices rose in Shanghai",
    "Print",  # a single button is a pattern's business, not a row's
])
def test_not_social_rows(line):
    assert social_share(line, SOCIAL) < 0.75


def test_lists():
    assert bullet_of("- Counting begins at the convention centre") == "- "
    assert bullet_of("* The network has grown by 2,000 km.") == "* "
    assert bullet_of("  • Group") == "  • "
    assert bullet_of("2019 was a good year") is None
    assert is_inline_list("Latest  • Floods hit the north  • Port traffic rebounds  • Rates held")
    assert is_inline_list("Home | World | Business | Sport")
    assert not is_inline_list("GLOBALink | China's second nuclear unit starts power generation")


def test_word_overlap():
    assert word_overlap("Mei explains what's happening in Gansu", "Mei explains what's going on in Gansu") >= 0.5
    assert word_overlap("Harvest begins early", "Prices stay stable") == 0
