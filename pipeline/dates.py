"""Stage 7, dates: calendar references resolved to ISO values with a granularity.

Candidates are spaCy's DATE spans (from the one `nlp.pipe` pass) plus explicit
month-day and decade patterns the small model misses. A candidate is kept only
when it names the calendar: a year, a decade, a month, a weekday or a relative
word (`last year`); durations (`over 40 years`), frequencies (`annually`) and
ordinals are not dates. Each is resolved against the article's published date:
- decades ourselves (`the 2040s` -> `204X`), bare years ourselves (`2020`);
- a month and day without a year take the year that puts the date closest to
  the published date (`Sept. 10` in a story of 2016-09-11 is 2016-09-10; `Dec. 30`
  in one of 2021-01-02 is 2020-12-30);
- everything else with dateparser's `DateDataParser`, keeping the period it
  reports (day, month or year) as the granularity.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Callable, Iterable

from pipeline.record import DateMention
from pipeline.resources import load_json

MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
MONTH_NAME = re.compile(rf"\b{MONTHS}\b\.?", re.IGNORECASE)
WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
YEAR = re.compile(r"\b(1[5-9]\d{2}|20\d{2})\b")
DECADE = re.compile(r"\b((?:1[5-9]|20)\d)0s\b")
# A full calendar date in a page stamp: `2021-04-13 10:05`, `April 01, 2013`, `12 Oct 2013`.
FULL_DATE = re.compile(
    rf"\b(?:(?:19|20)\d{{2}}([-/.])\d{{1,2}}\1\d{{1,2}}|{MONTHS}\.?\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}(?:\s+|-){MONTHS}\.?,?(?:\s+|-)(?:19|20)\d{{2}})",
    re.IGNORECASE,
)
# Dates the small NER model sometimes misses: `April 25`, `Sept. 10, 2016`, `the 2040s`.
EXTRA_PATTERNS = [
    re.compile(rf"\b{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"),
    re.compile(r"\b(?:the\s+)?(?:1[5-9]|20)\d0s\b"),
    re.compile(r"\b(?:[Ii]n|by|around|since|until|before|after|from|to)\s+(?:1[5-9]|20)\d{2}\b(?![-–]\d|\s*(?:km|kilo|tonnes|yuan|people|percent))"),
]


@functools.lru_cache(maxsize=1)
def _word_lists() -> dict[str, list[str]]:
    return load_json("dates.json")


@functools.lru_cache(maxsize=256)
def _parser(reference: dt.datetime | None, languages: tuple[str, ...] | None):
    from dateparser.date import DateDataParser  # heavy; loaded on first use

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = reference
    return DateDataParser(languages=list(languages) if languages else None, settings=settings)


def resolve(text: str, reference: dt.datetime | None, languages: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """`text` -> (ISO value, granularity), or None when it is no calendar date."""
    text = text.strip()
    decade = DECADE.search(text)
    if decade and not MONTH_NAME.search(text):
        return decade.group(1) + "X", "decade"
    if re.fullmatch(r"(?:1[5-9]|20)\d{2}", text):
        return text, "year"
    weekday = re.fullmatch(r"(?:(last|this|on)\s+)?((?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:\s+(?:morning|afternoon|evening|night))?",
                           text, re.IGNORECASE)
    if weekday and reference is not None:
        # wire copy: `on Tuesday` is the Tuesday on or before the published date
        delta = (reference.weekday() - WEEKDAYS.index(weekday.group(2).lower())) % 7
        if delta == 0 and (weekday.group(1) or "").lower() == "last":
            delta = 7
        return (reference - dt.timedelta(days=delta)).strftime("%Y-%m-%d"), "day"
    if MONTH_NAME.search(text) and not YEAR.search(text) and re.search(r"\d", text):
        day = resolve_month_day(text, reference)
        if day:
            return day, "day"
    try:
        data = _parser(reference, languages).get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    if period == "year":
        return f"{data.date_obj.year:04d}", "year"
    if period == "month":
        return data.date_obj.strftime("%Y-%m"), "month"
    return data.date_obj.strftime("%Y-%m-%d"), "day"


def find_full_date(text: str) -> str | None:
    """The first full date (year, month and day) written in `text`, as ISO."""
    match = FULL_DATE.search(text)
    if not match:
        return None
    resolved = resolve(match.group(0), None, ("en",))
    return resolved[0] if resolved and resolved[1] == "day" else None


def resolve_month_day(text: str, reference: dt.datetime | None) -> str | None:
    """A month and day without a year: the year that puts it closest to `reference`."""
    reference = reference or dt.datetime.now()
    try:
        parsed = _parser(dt.datetime(2000, 1, 1), ("en",)).get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if parsed is None or parsed.date_obj is None:
        return None
    month, day = parsed.date_obj.month, parsed.date_obj.day
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(dt.datetime(year, month, day))
        except ValueError:  # 29 February
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda d: abs(d - reference)).strftime("%Y-%m-%d")


def as_reference(published: str | None) -> dt.datetime | None:
    """The published date (`2025-04-25`, `2025-04` or `2025`) as a datetime, or None."""
    if not published:
        return None
    parts = [int(p) for p in re.findall(r"\d+", published)[:3]]
    try:
        return dt.datetime(*(parts + [1, 1][: 3 - len(parts)]))
    except (TypeError, ValueError):
        return None


def _strip_prefixes(text: str) -> str:
    lowered = text.lower()
    changed = True
    while changed:
        changed = False
        for prefix in sorted(_word_lists()["strip_prefixes"], key=len, reverse=True):
            if lowered.startswith(prefix + " "):
                text, lowered = text[len(prefix) + 1 :].lstrip(), lowered[len(prefix) + 1 :].lstrip()
                changed = True
    return text


def classify(text: str) -> str | None:
    """`absolute`, `relative`, or None when `text` is no calendar reference."""
    words = _word_lists()
    lowered = text.lower().strip(" .,")
    if lowered in words["not_dates"]:
        return None
    tokens = set(re.findall(r"[a-z]+", lowered))
    if YEAR.search(text) or DECADE.search(text):
        return "absolute"
    if MONTH_NAME.search(text) and re.search(r"\d", text):
        return "absolute"
    if WEEKDAY.search(text) or tokens & set(words["relative_words"]):
        # `the past 20 years` and `two days` are durations, not dates
        if re.search(r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|several|few)\b", lowered) and tokens & set(words["duration_units"]) and "ago" not in tokens:
            return None
        return "relative"
    if MONTH_NAME.search(text) and len(tokens) <= 3:
        return "relative"  # a month alone (`in March`) takes its year from the article
    return None


def extract_dates(
    spans: Iterable[tuple[int, int, str]],
    text: str,
    published: str | None,
    locate: Callable[[int, int], tuple[str, int, int]],
) -> list[DateMention]:
    """Dates in `text`: NER DATE `spans` (start, end, text) plus the extra patterns.

    `locate` turns offsets into `text` into (source, start, end).
    """
    reference = as_reference(published)
    candidates = sorted(set(spans) | {(m.start(), m.end(), m.group(0)) for p in EXTRA_PATTERNS for m in p.finditer(text)})
    found: list[DateMention] = []
    taken_until = -1
    for start, end, span_text in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if start < taken_until:
            continue  # overlaps a longer candidate already kept
        kind = classify(span_text)
        if kind is None:
            continue
        if reference is None and (kind == "relative" or not YEAR.search(span_text)) and not DECADE.search(span_text):
            continue  # `Tuesday`, `July 23`: no published date to resolve them against
        resolved = resolve(_strip_prefixes(span_text), reference, ("en",))
        if resolved is None:
            continue
        source, s, e = locate(start, end)
        found.append(
            DateMention(text=span_text, value=resolved[0], granularity=resolved[1], start=s, end=e,
                        relative=kind == "relative", source=source)
        )
        taken_until = end
    return found
