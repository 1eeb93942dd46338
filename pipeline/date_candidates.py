"""Date candidates the small NER model misses, found with patterns over the whole text.

spaCy's DATE spans are the main source; these add, each a whole class:
- month and day (`April 25`, `Sept. 10, 2016`), decades (`the 2040s`), a year after a
  preposition (`by 2035`) or before a noun (`the 2022 survey`, `China's 2025 output`);
- a month alone after a preposition or a modifier (`in May`, `as of the end of August`,
  `late October`) or after another month in a list (`January, February and March`): a
  month name alone is too often something else (`Theresa May`);
- ranges: of months (`Jan.-Feb.`, `January-July`, `March to May`), of days before their
  month (`12 to 15 July`), of years written short (`2019-20`, `2024/25`);
- weekdays (`Wednesday night`, `Tuesday's meeting`), except in holiday names (`Good
  Friday`, `Black Friday`: `models/dates.json` weekday_not_after) and other names
  (`the Sunday Times`: `the`, the weekday, a capitalised word);
- years and months counted from the published one (`this year's`, `earlier this month`,
  `next year`, `year-end`).
The stage keeps the earliest, then longest, of overlapping candidates.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from newsfacts.date_words import MONTHS, word_lists

_YEAR = r"(?:1[5-9]|20)\d{2}"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, re.Pattern | None]]:
    """Each pattern, with for the rare ones a part every match of it contains (`needs`). A
    pattern that opens with `\b` is tried at every position of the text; the part has no
    `\b` before it, so the regex engine finds it with a fast scan, and a text without it
    (most texts) is not searched for the pattern at all."""
    words = word_lists()
    offsets = "|".join(re.escape(w) for w in words["relative_offsets"])
    year_end = "|".join(re.escape(w) for w in words["year_end_words"])
    determiners = "|".join(re.escape(w) for w in words["year_determiners"]["words"])
    month = rf"\b{MONTHS}\b\.?"

    def rare(pattern: str, needs: str) -> tuple[re.Pattern, re.Pattern]:
        return re.compile(pattern), re.compile(needs)

    return [
        (re.compile(rf"\b{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"), None),
        rare(r"\b(?:the\s+)?(?:1[5-9]|20)\d0s\b", r"\d0s\b"),
        # (a year that counts something, `by 2030 tonnes`, is dropped by the stage: counts_something)
        (re.compile(rf"\b(?:[Ii]n|by|around|since|until|before|after|from|to)\s+{_YEAR}\b(?![-–]\d)"), None),
        # a year before its noun: `the 2022 survey`, `China's 2025 economic performance`
        rare(rf"(?:\b(?i:{determiners})|['’]s)\s+(?P<date>{_YEAR})(?=\s+[A-Za-z])", rf"\s{_YEAR}\s+[A-Za-z]"),
        rare(rf"\bQ[1-4]\s+(?:of\s+)?{_YEAR}\b|\b{_YEAR}\s*Q[1-4]\b", r"Q[1-4]"),  # `Q3 2024`
        rare(rf"\b(?:[Ff]iscal\s+)?[Yy]ear\s+(?P<date>{_YEAR})\b(?![-–]\d)", rf"[Yy]ear\s+{_YEAR}"),  # `fiscal year 2024`
        (re.compile(rf"{month}(?:,?\s+{_YEAR}\b)?"), None),  # kept only after a modifier, see candidates()
        (re.compile(rf"{month}\s*(?:[-–]|\s(?:to|through|till|until)\s)\s*{month}"), None),
        # `12 to 15 July`, `1-7 October 2024`; `2019-20`, `2024/25`
        rare(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:[-–]|\s(?:to|and|until|till|through)\s)\s*\d{{1,2}}(?:st|nd|rd|th)?"
             rf"\s+{month}(?:,?\s+{_YEAR}\b)?", r"\d(?:st|nd|rd|th)?\s*(?:[-–]|\s(?:to|and|until|till|through)\s)\s*\d"),
        rare(rf"\b{_YEAR}\s*[-–/]\s*\d{{2}}\b(?![-–/.:]\d)", r"\d\d\s*[-–/]\s*\d\d"),
        (re.compile(rf"\b(?:(?:[Ll]ast|[Tt]his|[Nn]ext)\s+)?{_WEEKDAY}\b"
                    r"(?:\s+(?:morning|afternoon|evening|night))?"), None),
        (re.compile(rf"\b(?:(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?(?<!the )(?:{offsets})\s+(?:year|month)\b(?:['’]s)?",
                    re.IGNORECASE), None),
        (re.compile(rf"\b(?:{year_end})\b", re.IGNORECASE), None),
    ]


_MONTH_ALONE = re.compile(rf"{MONTHS}\.?(?:,?\s+{_YEAR})?")
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=1)
def _modifier_before() -> re.Pattern:
    words = sorted(word_lists()["month_modifiers"]["words"], key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\s*$", re.IGNORECASE)


# the next month of a list: `January, February and March`
_LIST_BEFORE = re.compile(rf"\b{MONTHS}\.?(?:,|,?\s+and|,?\s+or)\s+$")


def candidates(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of every pattern match in `text`."""
    for pattern, needs in _patterns():
        if needs is not None and not needs.search(text):
            continue
        for match in pattern.finditer(text):
            group = "date" if "date" in pattern.groupindex else 0
            start, end = match.span(group)
            if _MONTH_ALONE.fullmatch(match.group(0)) and not _DIGIT.search(match.group(0)):
                # a month name alone: only after `in`, `since`, `the end of`, `late`, ...
                before = text[max(0, start - 30) : start]
                if not (_modifier_before().search(before) or _LIST_BEFORE.search(before)):
                    continue
            if _WEEKDAY_START.match(match.group(group)) and (
                    _word_before(text, start) in _holiday_words()  # `Good Friday`: a holiday's name
                    or (_word_before(text, start) == "the" and re.match(r" [A-Z]", text[end : end + 2]))):
                continue  # `the Sunday Times`, `the Friday Mosque`: a name
            if text[end - 1] == "." and _FULL_MONTH_DOT.search(text[start:end]):
                end -= 1  # `in August.`: the full stop ends the sentence, not an abbreviation
            yield start, end, text[start:end]


_WEEKDAY_START = re.compile(_WEEKDAY)
_FULL_MONTH_DOT = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
                             r"|December)\.$")


def counts_something(text: str, start: int, end: int) -> bool:
    """A number like a year that the next word says is a count or a measure (`its 2000
    workers`, `rose by 2030 tonnes`: `models/dates.json` not_after_year), unless a
    preposition only years take comes before it (`in 2019 people voted`)."""
    if _word_before(text, start) in word_lists()["year_only_before"]["words"]:
        return False
    return bool(_counted_after().match(text, end))


@functools.lru_cache(maxsize=1)
def _counted_after() -> re.Pattern:
    words = "|".join(re.escape(w) for w in word_lists()["not_after_year"]["words"])
    return re.compile(rf"\s+(?:{words})\b", re.IGNORECASE)


def _word_before(text: str, start: int) -> str:
    words = text[max(0, start - 20) : start].split()
    return words[-1].lower() if words else ""


@functools.lru_cache(maxsize=1)
def _holiday_words() -> frozenset[str]:
    return frozenset(w.lower() for w in word_lists()["weekday_not_after"])
