"""Stage 7, dates: calendar references resolved to ISO values with a granularity.

Candidates are spaCy's DATE spans (from the one `nlp.pipe` pass) plus patterns for
what the small model misses (`pipeline/date_candidates.py`); of overlapping ones the
earliest, then longest, that reads as a date is kept, and none crosses a line break.
A candidate is kept only when it names the calendar: a year, a decade, a month, a
weekday or a relative word (`last year`); durations (`over 40 years`), frequencies
(`annually`), weeks (`last week`) and ordinals are not dates. Each is resolved
against the article's published date:
- decades ourselves (`the 2040s` -> `204X`), years (`2020`, `fiscal year 2024`) and
  dates that write their year (`Friday, May 23, 2025`, `October 1996`) ourselves;
- relative forms ourselves (`pipeline/date_relative.py`): `this year's`, `earlier this
  month`, `next year`, `year-end`, weekdays, a month without a year, each on the side
  of the published date its tense says (`pipeline/date_tense.py`), and never finer than
  the published date (a weekday needs its day);
- a month and day without a year take the year that puts the date closest to
  the published date (`Sept. 10` in a story of 2016-09-11 is 2016-09-10; `Dec. 30`
  in one of 2021-01-02 is 2020-12-30), except that a date more than 30 days
  after it told in the past tense is last year's, and one more than 30 days
  before it told in the future tense next year's;
- parts of a year (`the first quarter of 2024`, `Q3 2024`: value 2024, granularity
  quarter, period Q1; halves H1/H2; seasons; `the first seven months of 2018`: months,
  M1-M7), a month of a relative year (`January last year`);
- ranges are one mention, `value` and `value_end` (`from 2021 to 2025`, `Jan.-Feb.`,
  `May 5-7`, `12 to 15 July`, `2019-20`), and never end before they start;
- everything else with dateparser's `DateDataParser`, keeping the period it
  reports (day, month or year) as the granularity.

Reading one expression is `pipeline/date_parsing.py`; finding the candidates in a
document, ranges and the year-less rule's exception are here.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from typing import Callable, Iterable, Iterator

from newsfacts.date_candidates import candidates as pattern_candidates, counts_something
from newsfacts.date_tense import tense_reader  # noqa: F401  (the orchestrator takes it from here)
from newsfacts.date_parsing import (
    DECADE,
    FULL_DATE,
    MONTH_NAME,
    MONTHS,
    RANGE_GAP,
    WEEKDAY,
    YEAR,
    YEARS_RANGE,
    as_reference,
    classify,
    find_full_date,
    resolve,
    resolve_month_day,
    resolve_period,
    strip_prefixes,
    word_lists,
)
from newsfacts.record import DateMention


MONTHS_RANGE = re.compile(rf"({MONTHS}\.?)\s*[-–]\s*({MONTHS}\.?)", re.IGNORECASE)


def split_range(text: str) -> list[tuple[int, str]]:
    """The two dates of a range: `from 2021 to 2025`, `2021-2025`, `Thursday to Oct 7`
    -> [(offset, part), (offset, part)]; anything else is one part."""
    years = YEARS_RANGE.fullmatch(text.strip())
    if years:
        return [(years.start(1), years.group(1)), (years.start(2), years.group(2))]
    months = MONTHS_RANGE.fullmatch(text)
    if months:  # `Jan.-Feb.`, `January-July`
        return [(months.start(1), months.group(1)), (months.start(2), months.group(2))]
    for joiner in _range_joiners():
        match = joiner.search(text)
        if match and classify(text[: match.start()]) and classify(text[match.end() :]):
            first = re.sub(r"^(?:from|between)\s+", "", text[: match.start()], flags=re.IGNORECASE)
            return [(match.start() - len(first), first), (match.end(), text[match.end() :])]
    return [(0, text)]


@functools.lru_cache(maxsize=1)
def _range_joiners() -> list[re.Pattern[str]]:
    """The word joiners of a range (`to`, `through`, ...), each between spaces, as patterns."""
    return [re.compile(rf"\s+{joiner}\s+") for joiner in word_lists()["range_joiners"] if joiner.isalpha()]


def _range_ends_later(text: str, end: int, reference: dt.datetime | None) -> bool:
    """`from Thursday to Oct 7`, published before Oct 7: the weekday looks ahead."""
    after = re.match(rf"\s+(?:to|through|until|till)\s+({MONTHS}\.?\s+\d{{1,2}})", text[end:])
    if after and reference is not None:
        end_date = resolve_month_day(after.group(1), reference)
        return bool(end_date) and end_date > reference.strftime("%Y-%m-%d")
    return False


def extract_dates(
    spans: Iterable[tuple[int, int, str]],
    text: str,
    published: str | None,
    locate: Callable[[int, int], tuple[str, int, int]],
    tense: Callable[[int], str | None] = lambda char: None,
) -> list[DateMention]:
    """Dates in `text`: NER DATE `spans` (start, end, text) plus the extra patterns.

    `locate` turns offsets into `text` into (source, start, end); `tense` tells
    the tense around an offset (`tense_reader` of the spaCy Doc). Without a
    published date, relative dates are left out, and a month and day without a
    year take it from the latest full date the text itself writes.
    """
    reference = as_reference(published)
    written = (find_full_date(m.group(0)) for m in FULL_DATE.finditer(text))
    text_reference = reference or as_reference(max(filter(None, written), default=None))
    precision = len(published or "")  # 10 for a day, 7 for a month, 4 for a year
    candidates = sorted(set(_within_lines([*spans, *pattern_candidates(text)])))
    cache: dict[tuple[int, int], DateMention | None] = {}

    def mention_of(start: int, span_text: str) -> DateMention | None:
        compact = _compact_range(text, start, span_text, lambda at, part: _date_mention(
            text, at, part, reference, text_reference, tense, precision))
        if compact is not False:
            return compact
        parts = []
        for offset, part in split_range(span_text):
            key = (start + offset, len(part))
            if key not in cache:  # each part is read once, whether it stands alone or in a range
                cache[key] = _date_mention(text, start + offset, part, reference, text_reference, tense, precision)
            parts.append(copy.copy(cache[key]) if cache[key] else None)
        mention = parts[0]
        if len(parts) == 2 and None not in parts:
            # a range is one mention carrying both dates
            mention.value_end = _not_before(parts[1], mention.value)
            mention.text, mention.end = text[mention.start : parts[1].end], parts[1].end
        elif len(parts) == 2:
            return None
        elif mention is not None and mention.granularity == "day":
            mention.value_end = _day_range_end(mention)
        return mention

    # the earliest, then longest, candidate that reads as a date; a shorter one inside a
    # span that does not (`the April-June quarter` -> `April-June`) gets its chance
    readable = _non_overlapping(candidates, lambda c: mention_of(c[0], c[2]) is not None)
    found: list[DateMention] = []
    for start, end, span_text in _join_ranges(readable, text):
        mention = mention_of(start, span_text)
        if mention is not None:
            mention.source, mention.start, mention.end = locate(mention.start, mention.end)
            found.append(mention)
    return found


# a paragraph opening with a dateline: `BEIJING, Jan. 30 (Xinhua) --`, `WASHINGTON, May 5 --`
DATELINE_DATE = re.compile(rf"\s*[A-Z][A-Z .'’-]+(?:,\s*[A-Z][A-Za-z .'’-]+)?,\s+{MONTHS}\.?\s+\d{{1,2}}$")
DAY_RANGE = re.compile(rf"{MONTHS}\.?\s+(\d{{1,2}})\s*(?:[-–]|to|through|until|till)\s*(\d{{1,2}})", re.IGNORECASE)


# ranges written short: `2019-20`, `2024/25`; `12 to 15 July`, `1-7 October 2024`
SHORT_YEARS = re.compile(r"(?:the\s+)?((?:1[5-9]|20)\d{2})\s*[-–/]\s*(\d{2})(?:\s+[a-z]+)?")  # `2019-20 season`
DAYS_OF_A_MONTH = re.compile(rf"(?:from\s+|between\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:[-–]|\s(?:to|and|until|till|through)\s)"
                             rf"\s*((\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTHS}\.?(?:,?\s+(?:1[5-9]|20)\d{{2}})?)", re.IGNORECASE)


def _compact_range(text: str, start: int, span_text: str,
                   read: Callable[[int, str], DateMention | None]) -> DateMention | None | bool:
    """A range written short, as one mention; False when `span_text` is none."""
    years = SHORT_YEARS.fullmatch(span_text)
    if years:
        first, last = int(years.group(1)), int(years.group(1)[:2] + years.group(2))
        if not first < last < first + 10:
            return None  # `2024-05` is no range of years
        return DateMention(text=span_text, value=str(first), value_end=str(last), granularity="year",
                           start=start, end=start + len(span_text))
    days = DAYS_OF_A_MONTH.fullmatch(span_text)
    if days:
        last = read(start + days.start(2), days.group(2))  # `15 July`: its year by the usual rules
        if last is None or last.granularity != "day" or not 1 <= int(days.group(1)) < int(days.group(3)):
            return None
        last.value_end, last.value = last.value, last.value[:8] + f"{int(days.group(1)):02d}"
        last.text, last.start = span_text, start
        return last
    return False


def _day_range_end(mention: DateMention) -> str | None:
    """`Oct 1 to 7`, `May 5-7`: days of one month; the end takes the start's month."""
    days = DAY_RANGE.fullmatch(strip_prefixes(mention.text))
    if not days or not int(days.group(1)) < int(days.group(2)) <= 31:
        return None
    try:
        return dt.date(int(mention.value[:4]), int(mention.value[5:7]), int(days.group(2))).isoformat()
    except ValueError:  # 31 in a month of 30 days
        return None


def _not_before(end: DateMention, start_value: str) -> str:
    """A range never ends before it starts: a weekday or a date without its year that
    resolved earlier than the range's start (`Monday through Friday` read as a week
    back) is the next one (`Friday` + 7 days, `February` + 1 year)."""
    value = end.value
    if len(value) != len(start_value) or value >= start_value or YEAR.search(end.text) or "X" in value:
        return value
    if len(value) == 10 and WEEKDAY.search(end.text) and not MONTH_NAME.search(end.text):
        return (dt.date.fromisoformat(value) + dt.timedelta(days=7)).isoformat()
    try:
        return str(int(value[:4]) + 1) + value[4:] if len(value) > 4 and value[5:] != "02-29" else value
    except ValueError:
        return value


def _within_lines(spans: Iterable[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """A model's span that runs over a line break (`Friday\nOctober`) is two candidates:
    a date never crosses a paragraph."""
    for start, end, span_text in spans:
        offset = 0
        for piece in span_text.split("\n"):
            stripped = piece.strip()
            if stripped:
                lead = offset + piece.index(stripped)
                yield start + lead, start + lead + len(stripped), stripped
            offset += len(piece) + 1


def _non_overlapping(candidates: list[tuple[int, int, str]],
                     readable: Callable[[tuple[int, int, str]], bool]) -> list[tuple[int, int, str]]:
    """The earliest, then longest, readable candidates that do not overlap each other."""
    kept: list[tuple[int, int, str]] = []
    for candidate in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if (not kept or candidate[0] >= kept[-1][1]) and readable(candidate):
            kept.append(candidate)
    return kept


def _year_by_tense(day: str, reference: dt.datetime, tense: str | None) -> str:
    """The year-less rule's exception: a date put more than 30 days after the
    published date by the closest-year rule, told in the past tense (`the probe
    landed on Aug. 1`), is last year's; one more than 30 days before it, told in
    the future tense (`will open on Jan. 5`), is next year's."""
    date = dt.datetime.fromisoformat(day)
    shift = 0
    if tense == "past" and (date - reference).days > 30:
        shift = -1
    elif tense == "future" and (reference - date).days > 30:
        shift = 1
    try:
        return date.replace(year=date.year + shift).strftime("%Y-%m-%d")
    except ValueError:  # 29 February
        return day


def _join_ranges(candidates: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Two candidates joined by `to`, `through`, `until` (`Thursday` `to` `Oct 7`) are one range."""
    joined: list[tuple[int, int, str]] = []
    for start, end, span_text in candidates:
        joiner = re.match(r"(?:to|through|until|till)\s+", span_text)  # `to 2025` found as one candidate
        gap = text[joined[-1][1] : start + (joiner.end() if joiner else 0)] if joined else ""
        if joined and RANGE_GAP.fullmatch(" " + gap.strip() + " " if gap.strip() else gap):
            first = joined.pop()
            joined.append((first[0], end, text[first[0] : end]))
        else:
            joined.append((start, end, span_text))
    return joined


def _date_mention(text: str, start: int, part: str, reference: dt.datetime | None,
                  text_reference: dt.datetime | None, tense: Callable[[int], str | None],
                  precision: int = 10) -> DateMention | None:
    end = start + len(part)
    period = resolve_period(strip_prefixes(part), reference)
    if period:
        return DateMention(text=part, value=period[0], granularity=period[1], period=period[2], start=start, end=end,
                           relative=not YEAR.search(part))
    kind = classify(part)
    words = part.split()
    year_alone = len(words) <= 2 and YEAR.fullmatch(words[-1])
    if kind is None or (year_alone and counts_something(text, end - len(words[-1]), end)):
        return None  # not a date, or `its 2000 workers`
    if reference is None and not DECADE.search(part):
        if kind == "relative":
            return None  # `Tuesday`, `last year`: no published date to resolve them against
        if not YEAR.search(part):  # `July 23`: the year the text gives elsewhere, if any
            if DATELINE_DATE.match(text[max(0, text.rfind("\n", 0, start) + 1) : end]):
                return None  # the dateline's own date is the published one, whose year the page does not give
            day = resolve_month_day(strip_prefixes(part), text_reference) if text_reference else None
            return DateMention(text=part, value=day, granularity="day", start=start, end=end) if day else None
    # the tense is read only where it can change the value: weekdays and year-less months
    tense_here = tense(start) if (WEEKDAY.search(part) or MONTH_NAME.search(part)) and not YEAR.search(part) else None
    forward = bool(WEEKDAY.search(part)) and (tense_here == "future" or _range_ends_later(text, end, reference))
    resolved = resolve(strip_prefixes(part), reference, ("en",), forward=forward, tense=tense_here)
    years = YEAR.findall(part)
    if resolved is None and len(years) == 1 and not MONTH_NAME.search(part):
        resolved = years[0], "year"  # `fiscal year 2024`, `the 2024-25 season`: the one year it names
    if resolved is None or (kind == "relative" and len(resolved[0]) > precision):
        return None  # `Tuesday` or `last month` against a published date known only to its year: unknown
    if resolved[1] == "day" and MONTH_NAME.search(part) and not YEAR.search(part) and reference is not None:
        resolved = (_year_by_tense(resolved[0], reference, tense_here), "day")
    return DateMention(text=part, value=resolved[0], granularity=resolved[1], start=start, end=end,
                       relative=kind == "relative")
