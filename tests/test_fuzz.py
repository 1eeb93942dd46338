"""Fuzzing every free-text stage with hypothesis: arbitrary Unicode, very long
tokens, control characters, and article-like text with debris. No stage may
raise; every offset must slice its text to the stated mention; every number
must be finite.

`NEWSFACTS_FUZZ_EXAMPLES` sets how many examples (default 2000, what CI runs).
CI draws them from a fixed seed (`derandomize`), so a run cannot fail by chance;
`NEWSFACTS_FUZZ_RANDOM=1` draws fresh examples, to fuzz harder by hand. Every
failure found that way becomes an `@example` below.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from tests.test_clean import PAGE
from tests.test_entities import source_text

EXAMPLES = int(os.environ.get("NEWSFACTS_FUZZ_EXAMPLES", "2000"))
RANDOM = os.environ.get("NEWSFACTS_FUZZ_RANDOM") == "1"
pytestmark = pytest.mark.fuzz

CONTROL = st.characters(min_codepoint=0, max_codepoint=31)
LONG_TOKEN = st.integers(200, 3000).map(lambda n: "x" * n)
NEWSISH = st.sampled_from([
    "SHANGHAI, April 25 (Xinhua) -- ", "about 1,731 grams of samples", "$3 billion", "15 percent", "Tuesday",
    "the first quarter of 2024", "between 10 and 20 tonnes", "Chang'e-7", "CNSA", "(", ")", "\n", "\n\n", "-",
    "more than 50 institutions", "He Huanlang", "Bay of Bengal", "瀏覽器", "1e308", "9" * 40, "30m TEUs",
    "from 2021 to 2025", "Updated: 2025-04-25 08:47", "By Zhao Lei | China Daily", "nan", "inf",
])
FUZZ_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(NEWSISH, st.text(max_size=20), CONTROL, LONG_TOKEN), max_size=30).map("".join),
    st.lists(st.one_of(NEWSISH, st.text(max_size=12)), max_size=40).map(" ".join),
    PAGE,
)


def check_document(doc) -> None:
    for mention in [*doc.entities, *doc.quantities, *doc.dates]:
        assert source_text(doc, mention.source)[mention.start:mention.end] == mention.text, mention
    for q in doc.quantities:
        for number in (q.value, q.si_value, q.value_min, q.value_max):
            assert number is None or math.isfinite(number), q
        assert doc.body[q.sentence_start:q.sentence_end] if q.source == "body" else True
    for d in doc.dates:
        assert d.value and len(d.value) in (4, 7, 10), d


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=not RANDOM, database=None if not RANDOM else settings.default.database)
@given(text=FUZZ_TEXT)
# found by random fuzzing: bare `\r` and other line separators between a date's words
@example(text="SHANGHAI, April 25 (Xinhua) -- The port grew.\n\nPhoto taken in Year\r2020. (Xinhua/Li Hua)\n")
@example(text="Year\r2020 was good.\x0bApril\x8525 came\u2028later.\x1c12 million\rtonnes")
def test_every_stage_survives_any_text(process, text):
    doc = process(text, reference_date="2025-06-01")
    assert doc.status in ("ok", "skipped", "error")
    if doc.status == "error":
        assert "\n" not in doc.error
    check_document(doc)
