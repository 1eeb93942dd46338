"""Reading one date expression: patterns, and resolution to an ISO value with a
granularity against a reference date (used by the dates stage, and by metadata
for stamps and datelines). The rules are those the dates stage's docstring lists.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from newsfacts.date_relative import is_week_reference, resolve_relative
from newsfacts.date_words import (  # noqa: F401  (re-exported: the dates stage and metadata use them from here)
    DECADE,
    MONTH_NAME,
    MONTHS,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    month_number,
    strip_prefixes,
    word_lists,
)

# A full calendar date in a page stamp: `2021-04-13 10:05`, `April 01, 2013`, `12 Oct 2013`.
FULL_DATE = re.compile(
    rf"\b(?:(?:19|20)\d{{2}}([-/.])\d{{1,2}}\1\d{{1,2}}|{MONTHS}\.?\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}(?:\s+|-){MONTHS}\.?,?(?:\s+|-)(?:19|20)\d{{2}})",
    re.IGNORECASE,
)
MONTH_DAY = re.compile(rf"\b(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}})(?:\s+|-)(?P<month>{MONTHS})\b", re.IGNORECASE)
MONTH_RELATIVE_YEAR = re.compile(rf"(?P<month>{MONTHS})\.?\s+(?:of\s+)?(?P<which>last|this|next)\s+year", re.IGNORECASE)
RELATIVE_YEAR = {"last year": -1, "this year": 0, "next year": 1, "the previous year": -1, "the same year": 0, "the year": 0}
_YEAR_OF_PART = r"(?P<year>(?:1[5-9]|20)\d{2}|(?:this|last|next|the) year)"
PART_OF_YEAR = re.compile(
    r"(?:the\s+)?(?P<which>first three|first two|first|second|third|fourth|last|final|latter|1st|2nd|3rd|4th)\s+"
    rf"(?P<kind>quarters?|half)\s+(?:of\s+)?{_YEAR_OF_PART}", re.IGNORECASE)
# `Q3 2024`, `2024 Q3`: the year, period Q3
QUARTER_CODE = re.compile(r"Q(?P<q>[1-4])\s*(?:of\s+)?(?P<year>(?:1[5-9]|20)\d{2})|(?P<year2>(?:1[5-9]|20)\d{2})\s*Q(?P<q2>[1-4])")
# `the first seven months of this year`: the year, period M1-M7
FIRST_MONTHS = re.compile(rf"(?:the\s+)?first\s+(?P<n>[a-z]+|\d{{1,2}})\s+months\s+(?:of\s+)?{_YEAR_OF_PART}", re.IGNORECASE)
SEASON = re.compile(r"(?:(?P<which>this|last|next)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
                    r"(?:\s+(?:of\s+)?(?P<year>(?:1[5-9]|20)\d{2}))?", re.IGNORECASE)
RANGE_GAP = re.compile(r"\s+(?:to|through|until|till)\s+|\s*[-–]\s*")
YEARS_RANGE = re.compile(r"((?:1[5-9]|20)\d{2})\s*[-–]\s*((?:1[5-9]|20)\d{2})")


@functools.lru_cache(maxsize=256)
def _parser(reference: dt.datetime | None, languages: tuple[str, ...] | None):
    from dateparser.date import DateDataParser  # heavy; loaded on first use

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = reference
    return DateDataParser(languages=list(languages) if languages else None, settings=settings)


def resolve(text: str, reference: dt.datetime | None, languages: tuple[str, ...] | None = None,
            forward: bool = False, tense: str | None = None) -> tuple[str, str] | None:
    """`text` -> (ISO value, granularity), or None when it is no calendar date.

    `forward`: a weekday looks ahead (`will meet on Friday`), not back; `tense`
    (`past`, `future` or None) chooses the year of a month alone (`date_relative`)."""
    text = text.strip()
    decade = DECADE.search(text)
    if decade and not MONTH_NAME.search(text):
        return decade.group(1) + "X", "decade"
    if re.fullmatch(r"(?:1[5-9]|20)\d{2}", text):
        return text, "year"
    written = _written_in_full(text)
    if written:  # `Friday, May 23, 2025`, `October 1996`: no need for dateparser (8 ms a call)
        return written
    relative = resolve_relative(text, reference, tense, forward)
    if relative:  # weekdays, `this year`, `last month`, a month alone: ours, not dateparser's
        return relative
    month_of_year = MONTH_RELATIVE_YEAR.fullmatch(text)
    if month_of_year and reference is not None:
        # `January last year`, `March this year`
        year = reference.year + {"last": -1, "this": 0, "next": 1}[month_of_year.group("which").lower()]
        return f"{year:04d}-{month_number(month_of_year.group('month')):02d}", "month"
    if MONTH_NAME.search(text) and not YEAR.search(text) and re.search(r"\d", text):
        day = resolve_month_day(text, reference)
        if day:
            return day, "day"
    if not re.search(r"[^\W_]", text):
        return None  # `:`, `--`: no letter or digit is no date (and dateparser's first call costs 0.2 s)
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


MONTH_YEAR = re.compile(rf"{MONTHS}\.?,?\s+(?:of\s+)?((?:1[5-9]|20)\d{{2}})", re.IGNORECASE)
LEADING_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+", re.IGNORECASE)


def _written_in_full(text: str) -> tuple[str, str] | None:
    """A date that names its own year: `May 23, 2025`, `23 May 2025`, `2025-05-23`
    (after an optional weekday) -> day; `October 1996` -> month."""
    text = LEADING_WEEKDAY.sub("", text, count=1) if LEADING_WEEKDAY.match(text) else text
    if FULL_DATE.fullmatch(text):
        month_day, year = _month_and_day(text), YEAR.search(text)
        if month_day and year:
            try:
                return dt.date(int(year.group(1)), *month_day).isoformat(), "day"
            except ValueError:
                return None
    month_year = MONTH_YEAR.fullmatch(text)
    if month_year:
        return f"{month_year.group(1)}-{month_number(text):02d}", "month"
    return None


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
        month, day = month_number(match.group("month")), int(match.group("day"))
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


_LOWER_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_COUNT = re.compile(r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|several|few)\b")


@functools.lru_cache(maxsize=1)
def _word_sets() -> tuple[frozenset[str], frozenset[str]]:
    """`relative_words` and `duration_units` of `models/dates.json`, as sets."""
    words = word_lists()
    return frozenset(words["relative_words"]), frozenset(words["duration_units"])


@functools.lru_cache(maxsize=4096)  # asked of each candidate and each part of a range, often twice
def classify(text: str) -> str | None:
    """`absolute`, `relative`, or None when `text` is no calendar reference."""
    words = word_lists()
    lowered = text.lower().strip(" .,")
    if lowered in words["not_dates"]:
        return None
    if is_week_reference(text) or lowered in words["year_end_words"]:
        return None if is_week_reference(text) else "relative"
    tokens = set(_LOWER_WORD.findall(lowered))
    if YEAR.search(text) or DECADE.search(text):
        return "absolute"
    if MONTH_NAME.search(text) and _DIGIT.search(text):
        return "absolute"
    relative_words, duration_units = _word_sets()
    if WEEKDAY.search(text) or tokens & relative_words:
        # `the past 20 years` and `two days` are durations, not dates
        if _COUNT.search(lowered) and tokens & duration_units and "ago" not in tokens:
            return None
        return "relative"
    if MONTH_NAME.search(text) and len(_LOWER_WORD.findall(strip_prefixes(lowered))) <= 2:
        return "relative"  # a month alone (`in March`, `the end of August`) takes its year from the article
    return None


def resolve_period(text: str, reference: dt.datetime | None) -> tuple[str, str, str] | None:
    """A part of a year -> (year, granularity, period): `the first quarter of 2024` ->
    ("2024", "quarter", "Q1"); `the first half of this year`; `summer 2023`; `the first
    seven months of 2018` -> ("2018", "months", "M1-M7")."""
    periods = word_lists()["periods"]
    part = PART_OF_YEAR.fullmatch(text)
    if part:
        year = _year_of(part.group("year"), reference)
        kind = "quarter" if part.group("kind").lower().startswith("quarter") else "half"
        code = periods[kind].get(part.group("which").lower())
        return (f"{year:04d}", kind, code) if year and code else None
    code = QUARTER_CODE.fullmatch(text.strip())
    if code:
        return code.group("year") or code.group("year2"), "quarter", "Q" + (code.group("q") or code.group("q2"))
    months = FIRST_MONTHS.fullmatch(text)
    if months:
        year = _year_of(months.group("year"), reference)
        count = word_lists()["month_counts"].get(months.group("n").lower()) or (
            int(months.group("n")) if months.group("n").isdigit() else None)
        return (f"{year:04d}", "months", f"M1-M{count}") if year and count and 1 < count < 12 else None
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
