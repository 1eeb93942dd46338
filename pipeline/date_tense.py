"""The tense a date is told in, which decides which side of the published date a weekday
or a year-less month falls on (`landed on Tuesday` before it, `will meet on Monday`
after it). Read from the tagger's fine tags (the parser is off).

First the verb the date belongs to: the nearest verb before it in its sentence (`fell in
May and will recover in July`: `fell` for May, `will recover` for July; a list's later
items share the first's verb), else the first one after it (`On Monday, the firm said`). Its verb group (the verb with the
auxiliaries, adverbs and `to` before it) is future with `will`, `shall`, `would`, `may`
(not `may have`) or a schedule phrase (`is expected to`, `is set to`), past with a
past-tense verb (`had planned to launch`, `was detected`). When the group says neither
(`the week that runs until Friday`, `rain is likely on Sunday`), the clause decides:
future with a cue word (`until`, `next`, `likely`, `forecast`) and no reporting verb, past
when the sentence has a past-tense verb.
The words are data in `models/dates.json` (future_auxiliaries, future_cues, reporting_verbs).
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Callable

from newsfacts.date_words import word_lists
from newsfacts.spacy_doc import doc_tokens

_CLAUSE_ENDS = (",", ";", ":")
_GROUP_TAGS = ("MD", "RB", "TO", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ")


@functools.lru_cache(maxsize=1)
def _word_patterns() -> tuple[list[re.Pattern[str]], frozenset[str], re.Pattern[str]]:
    """The future cues (one pattern each), the future auxiliaries and the reporting verbs of
    `models/dates.json`, made once rather than for every document."""
    words = word_lists()
    cues = [re.compile(rf"\b{re.escape(cue)}\b") for cue in words["future_cues"]["words"]]
    reporting = re.compile(rf"\b(?:{'|'.join(map(re.escape, words['reporting_verbs']['words']))})\b")
    return cues, frozenset(words["future_auxiliaries"]), reporting


def tense_reader(doc) -> Callable[[int], str | None]:
    """For a spaCy Doc, a function telling `future`, `past` or None at a character offset."""
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    starts = [s.start_char for s in sentences]
    cues, auxiliaries, reporting = _word_patterns()
    tokens = doc_tokens(doc)

    def group_start(verb: int, floor: int) -> int:
        first = verb
        while first > floor and verb - first < 5 and tokens[first - 1].tag_ in _GROUP_TAGS:
            first -= 1
        return first

    def group_tense(first: int, verb: int) -> str | None:
        group = doc[first : verb + 1]
        text = " ".join(t.lower_ for t in group)
        perfect = "have" in text.split()  # `may have started`: a guess about the past
        if any(t.lower_ in auxiliaries for t in group) and not perfect:
            return "future"
        if any(t.tag_ == "VBD" for t in group):  # `had been expected to sign on Tuesday`
            return "past"
        if "to" in text.split() and any(cue.search(text) for cue in cues):
            return "future"
        return None

    def tense(char: int) -> str | None:
        sentence = sentences[max(0, bisect.bisect_right(starts, char) - 1)]
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return None
        start = end = span.start
        while start > sentence.start and tokens[start - 1].text not in _CLAUSE_ENDS:
            start -= 1
        while end < sentence.end and tokens[end].text not in (*_CLAUSE_ENDS, "."):
            end += 1
        # left as far as the sentence's start: `likely on Sunday night, Monday and Tuesday`
        verb = next((j for j in range(span.start - 1, sentence.start - 1, -1) if tokens[j].tag_.startswith(("VB", "MD"))), None)
        if verb is None:
            verb = next((j for j in range(span.start + 1, sentence.end) if tokens[j].tag_.startswith(("VB", "MD"))), None)
        first = group_start(verb, sentence.start) if verb is not None else start
        told = group_tense(first, verb) if verb is not None else None
        if told:
            return told
        # the clause, from the verb's group on when it comes before (`likely on Sunday, Monday`)
        clause = " ".join(t.lower_ for t in doc[min(start, first) : end])
        if any(cue.search(clause) for cue in cues) and not reporting.search(clause):
            return "future"
        if any(t.tag_ == "VBD" for t in sentence):
            return "past"
        return None

    return tense
