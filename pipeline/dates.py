"""Stage 7, dates: calendar references resolved to ISO values with a granularity.

Candidates are spaCy's DATE spans (from the one `nlp.pipe` pass) plus explicit
month-day and decade patterns the small model misses. A candidate is kept only
when it names the calendar: a year, a decade, a month, a weekday or a relative
word (`last year`); durations (`over 40 years`), frequencies (`annually`) and
ordinals are not dates. Each is resolved against the article's published date:
- decades ourselves (`the 2040s` -> `204X`), bare years ourselves (`2020`);
- a month and day without a year take the year that puts the date closest to
  the published date (`Sept. 10` in a story of 2016-09-11 is 2016-09-10; `Dec. 30`
  in one of 2021-01-02 is 2020-12-30), except that a date more than 30 days
  after it told in the past tense is last year's, and one more than 30 days
  before it told in the future tense next year's;
- weekdays: the one on or before the published date (wire copy: `on Tuesday`),
  or on or after it in the future tense or a range that ends later;
- parts of a year (`the first quarter of 2024`: value 2024, granularity
  quarter, period Q1; halves H1/H2; seasons), a month of a relative year
  (`January last year`), and ranges (one mention, `value` and `value_end`);
- everything else with dateparser's `DateDataParser`, keeping the period it
  reports (day, month or year) as the granularity.
"""

from __future__ import annotations

import bisect
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


MONTH_DAY = re.compile(rf"\b(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})(?:\s+|-)(?P<month>{MONTHS})\b", re.IGNORECASE)
MONTH_RELATIVE_YEAR = re.compile(rf"(?P<month>{MONTHS})\.?\s+(?:of\s+)?(?P<which>last|this|next)\s+year", re.IGNORECASE)
RELATIVE_YEAR = {"last year": -1, "this year": 0, "next year": 1, "the previous year": -1, "the same year": 0}
PART_OF_YEAR = re.compile(
    r"(?:the\s+)?(?P<which>first three|first two|first|second|third|fourth|last|final|latter|1st|2nd|3rd|4th)\s+"
    r"(?P<kind>quarters?|half)\s+(?:of\s+)?(?P<year>(?:1[5-9]|20)\d{2}|(?:this|last|next) year)", re.IGNORECASE)
SEASON = re.compile(r"(?:(?P<which>this|last|next)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
                    r"(?:\s+(?:of\s+)?(?P<year>(?:1[5-9]|20)\d{2}))?", re.IGNORECASE)
RANGE_GAP = re.compile(r"\s+(?:to|through|until|till)\s+|\s*[-–]\s*")
YEARS_RANGE = re.compile(r"((?:1[5-9]|20)\d{2})\s*[-–]\s*((?:1[5-9]|20)\d{2})")


def _month_number(name: str) -> int:
    return [m[:3] for m in ("jan feb mar apr may jun jul aug sep oct nov dec".split())].index(name[:3].lower()) + 1


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


def resolve(text: str, reference: dt.datetime | None, languages: tuple[str, ...] | None = None,
            forward: bool = False) -> tuple[str, str] | None:
    """`text` -> (ISO value, granularity), or None when it is no calendar date.

    `forward`: a weekday looks ahead (`will meet on Friday`), not back."""
    text = text.strip()
    decade = DECADE.search(text)
    if decade and not MONTH_NAME.search(text):
        return decade.group(1) + "X", "decade"
    if re.fullmatch(r"(?:1[5-9]|20)\d{2}", text):
        return text, "year"
    weekday = re.fullmatch(r"(?:(last|this|on)\s+)?((?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:\s+(?:morning|afternoon|evening|night))?",
                           text, re.IGNORECASE)
    if weekday and reference is not None:
        # wire copy: `on Tuesday` is the Tuesday on or before the published date;
        # `will meet on Friday` the one on or after it
        target = WEEKDAYS.index(weekday.group(2).lower())
        if forward:
            return (reference + dt.timedelta(days=(target - reference.weekday()) % 7)).strftime("%Y-%m-%d"), "day"
        delta = (reference.weekday() - target) % 7
        if delta == 0 and (weekday.group(1) or "").lower() == "last":
            delta = 7
        return (reference - dt.timedelta(days=delta)).strftime("%Y-%m-%d"), "day"
    month_of_year = MONTH_RELATIVE_YEAR.fullmatch(text)
    if month_of_year and reference is not None:
        # `January last year`, `March this year`
        year = reference.year + {"last": -1, "this": 0, "next": 1}[month_of_year.group("which").lower()]
        return f"{year:04d}-{_month_number(month_of_year.group('month')):02d}", "month"
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


RELATIVE_STAMP = re.compile(
    r"(?P<n>\d+)\s*(?P<unit>分钟|分鐘|minutes?|mins?|小時|小时|hours?|hrs?|天|days?)\s*(?:前|ago)", re.IGNORECASE)
STAMP_UNITS = {"分": "minutes", "m": "minutes", "小": "hours", "h": "hours", "天": "days", "d": "days"}


def resolve_relative_stamp(text: str, reference: dt.datetime) -> str | None:
    """`16小時前`, `3 hours ago`, `2 days ago` -> the ISO day, without dateparser."""
    match = RELATIVE_STAMP.search(text)
    if not match:
        return None
    unit = STAMP_UNITS[match.group("unit")[0].lower()]
    return (reference - dt.timedelta(**{unit: int(match.group("n"))})).strftime("%Y-%m-%d")


def find_full_date(text: str) -> str | None:
    """The first full date (year, month and day) written in `text`, as ISO."""
    match = FULL_DATE.search(text)
    if not match:
        return None
    month_day = _month_and_day(match.group(0))
    year = YEAR.search(match.group(0))
    if month_day and year:  # `April 01, 2013`, `12 Oct 2013`: no need for dateparser
        try:
            return dt.date(int(year.group(1)), *month_day).isoformat()
        except ValueError:
            return None
    resolved = resolve(match.group(0), None, ("en",))
    return resolved[0] if resolved and resolved[1] == "day" else None


def _month_and_day(text: str) -> tuple[int, int] | None:
    """(month, day) of `April 25`, `Sept. 10`, `25 April`, `2021-04-19`; None otherwise."""
    iso = re.search(r"\b(?:19|20)\d{2}([-/.])(\d{1,2})\1(\d{1,2})\b", text)
    if iso:
        month, day = int(iso.group(2)), int(iso.group(3))
    else:
        match = MONTH_DAY.search(text) or DAY_MONTH.search(text)
        if not match:
            return None
        month, day = _month_number(match.group("month")), int(match.group("day"))
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def resolve_month_day(text: str, reference: dt.datetime | None) -> str | None:
    """A month and day without a year: the year that puts it closest to `reference`."""
    reference = reference or dt.datetime.now()
    month_day = _month_and_day(text)
    if month_day is None:
        return None
    month, day = month_day
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


def resolve_period(text: str, reference: dt.datetime | None) -> tuple[str, str, str] | None:
    """A part of a year -> (year, granularity, period): `the first quarter of 2024` ->
    ("2024", "quarter", "Q1"); `the first half of this year`; `summer 2023`."""
    periods = _word_lists()["periods"]
    part = PART_OF_YEAR.fullmatch(text)
    if part:
        year = _year_of(part.group("year"), reference)
        kind = "quarter" if part.group("kind").lower().startswith("quarter") else "half"
        code = periods[kind].get(part.group("which").lower())
        return (f"{year:04d}", kind, code) if year and code else None
    season = SEASON.fullmatch(text)
    if season and (season.group("year") or season.group("which")):
        year = int(season.group("year")) if season.group("year") else _year_of(season.group("which") + " year", reference)
        return (f"{year:04d}", "season", periods["season"][season.group("season").lower()]) if year else None
    return None


def _year_of(text: str, reference: dt.datetime | None) -> int | None:
    if YEAR.fullmatch(text):
        return int(text)
    if reference is None:
        return None
    return reference.year + RELATIVE_YEAR.get(" ".join(text.lower().split()), 0)


def split_range(text: str) -> list[tuple[int, str]]:
    """The two dates of a range: `from 2021 to 2025`, `2021-2025`, `Thursday to Oct 7`
    -> [(offset, part), (offset, part)]; anything else is one part."""
    years = YEARS_RANGE.fullmatch(text.strip())
    if years:
        return [(years.start(1), years.group(1)), (years.start(2), years.group(2))]
    for joiner in _word_lists()["range_joiners"]:
        if joiner.isalpha():
            match = re.search(rf"\s+{joiner}\s+", text)
            if match and classify(text[: match.start()]) and classify(text[match.end() :]):
                first = re.sub(r"^(?:from|between)\s+", "", text[: match.start()], flags=re.IGNORECASE)
                return [(match.start() - len(first), first), (match.end(), text[match.end() :])]
    return [(0, text)]


def tense_reader(doc) -> Callable[[int], str | None]:
    """For a spaCy Doc, a function telling `future`, `past` or None at a character offset.

    Future when the date's clause (between commas) has `will`/`shall` or a
    schedule word and no reporting verb; past when its sentence has a past-tense
    verb (tagger's VBD) and the clause is not future. Sentences are read once."""
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    starts = [s.start_char for s in sentences]
    cues = _word_lists()["future_cues"]["words"]

    def tense(char: int) -> str | None:
        sentence = sentences[max(0, bisect.bisect_right(starts, char) - 1)]
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None:
            return None
        start = end = span.start
        while start > sentence.start and doc[start - 1].text not in (",", ";", ":"):
            start -= 1
        while end < sentence.end and doc[end].text not in (",", ";", ":", "."):
            end += 1
        clause = " ".join(t.lower_ for t in doc[start:end])
        reporting = re.search(r"\b(?:said|says|told|announced|reported)\b", clause)
        if any(re.search(rf"\b{re.escape(cue)}\b", clause) for cue in cues) and not reporting:
            return "future"
        if any(t.tag_ == "VBD" for t in sentence):
            return "past"
        return None

    return tense


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
    candidates = sorted(set(spans) | {(m.start(), m.end(), m.group(0)) for p in EXTRA_PATTERNS for m in p.finditer(text)})
    found: list[DateMention] = []
    for start, end, span_text in _join_ranges(_non_overlapping(candidates), text):
        parts = [_date_mention(text, start + offset, part, reference, text_reference, tense)
                 for offset, part in split_range(span_text)]
        mention = parts[0]
        if len(parts) == 2 and None not in parts:
            # a range is one mention carrying both dates, as the answer keys count it
            mention.value_end = parts[1].value
            mention.text, mention.end = text[mention.start : parts[1].end], parts[1].end
        elif len(parts) == 2:
            mention = None
        if mention is not None:
            mention.source, mention.start, mention.end = locate(mention.start, mention.end)
            found.append(mention)
    return found


def _non_overlapping(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The earliest, then longest, candidates that do not overlap each other."""
    kept: list[tuple[int, int, str]] = []
    for candidate in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]))):
        if not kept or candidate[0] >= kept[-1][1]:
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
                  text_reference: dt.datetime | None, tense: Callable[[int], str | None]) -> DateMention | None:
    end = start + len(part)
    period = resolve_period(_strip_prefixes(part), reference)
    if period:
        return DateMention(text=part, value=period[0], granularity=period[1], period=period[2], start=start, end=end,
                           relative=not YEAR.search(part))
    kind = classify(part)
    if kind is None:
        return None
    if reference is None and not DECADE.search(part):
        if kind == "relative":
            return None  # `Tuesday`, `last year`: no published date to resolve them against
        if not YEAR.search(part):  # `July 23`: the year the text gives elsewhere, if any
            day = resolve_month_day(_strip_prefixes(part), text_reference) if text_reference else None
            return DateMention(text=part, value=day, granularity="day", start=start, end=end) if day else None
    forward = bool(WEEKDAY.search(part)) and (tense(start) == "future" or _range_ends_later(text, end, reference))
    resolved = resolve(_strip_prefixes(part), reference, ("en",), forward=forward)
    if resolved is None:
        return None
    if resolved[1] == "day" and MONTH_NAME.search(part) and not YEAR.search(part) and reference is not None:
        resolved = (_year_by_tense(resolved[0], reference, tense(start)), "day")
    return DateMention(text=part, value=resolved[0], granularity=resolved[1], start=start, end=end,
                       relative=kind == "relative")
