"""Relative calendar references resolved from the published date, without dateparser.

Every form here is deictic: it counts from the article's own date, never from a date
the text mentioned before (`the previous year`, `the following month` count from the
story's events and are left to dateparser, which leaves them out).
- a year or month counted from the published one: `this year`, `this year's`, `last
  month`, `next year`, `the coming year`, with any modifier that does not move it
  (`earlier this month`, `by the end of next year`: `strip_prefixes`);
- the year's end (`year-end`): December of the published year;
- `today`, `yesterday`, `tomorrow`;
- a month without a year (`in May`, `late October`, `last March`): in the past tense the
  latest such month up to the published one, in the future tense the first from it on,
  otherwise the closest one (`last`/`next` as in the past or future tense, but never the
  published month itself; `this` the published year's);
- a weekday: the one on or before the published date (wire copy: `on Tuesday`); on or
  after it in the future tense; `last Friday` before it, `next Friday` after it.
Weeks (`last week`) have no ISO value at the keys' granularities: not dates.
The words are data: `models/dates.json` (relative_offsets, day_offsets, year_end_words,
no_iso_units).
"""

from __future__ import annotations

import datetime as dt
import re

from newsfacts.date_words import MONTHS, WEEKDAYS, month_number, strip_prefixes, word_lists

_WEEKDAY = re.compile(r"(?:(?P<which>last|this past|past|this|next|on)\s+)?(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
                      r"(?:\s+(?:morning|afternoon|evening|night))?", re.IGNORECASE)
_MONTH_ALONE = re.compile(rf"(?:(?P<which>last|this|next)\s+)?(?P<month>{MONTHS})\.?", re.IGNORECASE)
_UNIT_LAST = re.compile(r"(?P<which>.+?)\s+(?P<unit>[a-z]+)")
_COUNTED = re.compile(r"(?P<which>.+?)\s+(?P<unit>year|month)")


def _normal(text: str) -> str:
    return " ".join(strip_prefixes(text).lower().split())


def is_week_reference(text: str) -> bool:
    """`last week`, `earlier this week`, `last weekend`: a week, which no ISO value the
    keys use (day, month, year) names."""
    words = word_lists()
    match = _UNIT_LAST.fullmatch(_normal(text))
    return bool(match) and match.group("unit") in words["no_iso_units"] and (
        match.group("which") in words["relative_offsets"])


def resolve_relative(text: str, reference: dt.datetime | None, tense: str | None = None,
                     forward: bool = False) -> tuple[str, str] | None:
    """A relative reference -> (ISO value, granularity) against `reference`; None when
    `text` is none of the forms above (or there is no reference). `tense` is `past`,
    `future` or None; `forward`: a weekday that looks ahead whatever the tense (a
    range that ends later)."""
    if reference is None:
        return None
    words = word_lists()
    lowered = _normal(text)
    if lowered in words["day_offsets"]:
        return (reference + dt.timedelta(days=words["day_offsets"][lowered])).strftime("%Y-%m-%d"), "day"
    if lowered in words["year_end_words"]:
        return f"{reference.year:04d}-12", "month"
    counted = _COUNTED.fullmatch(lowered)
    if counted and counted.group("which") in words["relative_offsets"]:
        shift = words["relative_offsets"][counted.group("which")]
        if counted.group("unit") == "year":
            return f"{reference.year + shift:04d}", "year"
        months = reference.year * 12 + reference.month - 1 + shift
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "month"
    weekday = _WEEKDAY.fullmatch(lowered)
    if weekday:
        return _weekday(weekday.group("day"), weekday.group("which"), reference,
                        forward or tense == "future"), "day"
    month = _MONTH_ALONE.fullmatch(lowered)
    if month:
        return _month_alone(month_number(month.group("month")), month.group("which"), reference, tense), "month"
    return None


def _weekday(day: str, which: str | None, reference: dt.datetime, forward: bool) -> str:
    target = WEEKDAYS.index(day.lower())
    ahead = (target - reference.weekday()) % 7
    behind = (reference.weekday() - target) % 7
    if which == "next":
        delta = ahead or 7
    elif which in ("last", "past", "this past"):
        delta = -(behind or 7)
    else:
        delta = ahead if forward else -behind
    return (reference + dt.timedelta(days=delta)).strftime("%Y-%m-%d")


def _month_alone(month: int, which: str | None, reference: dt.datetime, tense: str | None) -> str:
    published = reference.year * 12 + reference.month - 1
    candidates = [year * 12 + month - 1 for year in (reference.year - 1, reference.year, reference.year + 1)]
    if which == "this":
        chosen = reference.year * 12 + month - 1
    elif which == "last" or (which is None and tense == "past"):
        chosen = max(c for c in candidates if c < published or (c == published and which is None))
    elif which == "next" or (which is None and tense == "future"):
        chosen = min(c for c in candidates if c > published or (c == published and which is None))
    else:  # the closest; of two as close, the earlier
        chosen = min(candidates, key=lambda c: (abs(c - published), c))
    return f"{chosen // 12:04d}-{chosen % 12 + 1:02d}"
