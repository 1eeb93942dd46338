"""What a page says about its own place and date: datelines and date stamps.

- A dateline opens a story with the place it was filed from, in every shape wire
  services and papers write it (patterns as data: `boilerplate.json` `datelines`):
  `BEIJING, May 17 (Xinhua) --`, `XICHANG, Sichuan Province, October 29 (Xinhua) --`,
  `BEIJING (AP) —`, `BEIJING —`, `XINING -`, `KARACHI:`, `BEIJING, March 8, Kyodo` (on a
  line of its own), `(ECNS) --`.
- A stamp is the page's own full date, in every common shape: `2015-09-30 08:02`,
  `09:07, April 06, 2022`, `Monday August 02 2010`, `21-Jul-2021`, and CJK
  `2022年01月02日13:22` (the English shapes are read by `date_parsing.find_full_date`).
- The first line of a captured page may carry the capture's date glued before it
  (` date 2025-06-09 Policemen stand watch …`): `split_date_prefix`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Pattern

from newsfacts import date_parsing

CJK_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_PREFIX = re.compile(
    r"^\s*(?i:date|published|updated)\s*:?\s*(?P<stamp>(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)(?:\s+|$)")


@dataclass
class Dateline:
    place: str | None  # as written (`XICHANG`), None for an agency-only dateline `(ECNS) --`
    date: str | None  # month and day as written (`Oct. 29`), None when the dateline has none
    year: str | None  # a year written in the dateline (`March 8, 2016`)
    agency: str | None  # the credit it carries, as written (`Xinhua`, `AP`, `Kyodo`)
    stamp: str | None  # a capture date glued before it (`date 2021-04-19 BEIJING, …`)
    start: int  # where the dateline itself starts in the line (after a glued stamp)
    own_line: bool  # nothing follows it on its line (`BEIJING, March 8, Kyodo`)


def find_dateline(line: str, patterns: list[Pattern[str]], not_places: frozenset[str],
                  agency_of) -> Dateline | None:
    """The dateline `line` opens with, or None. `agency_of` maps a credit to an agency
    name (or None): a credit outside brackets (`, Kyodo`) or an agency-only dateline
    must name a known agency, and a bare place (`BEIJING —`) must not be a label (`NOTE:`)."""
    for pattern in patterns:
        match = pattern.search(line)
        if not match:
            continue
        groups = match.groupdict()
        place = (groups.get("place") or "").strip() or None
        agency = (groups.get("agency") or "").strip() or None
        if place and place.upper() in not_places:
            continue
        if agency and not place and not agency_of(agency):
            continue
        if groups.get("bare_agency") is not None and not agency_of(agency):
            continue
        stamp = (groups.get("stamp") or "").strip() or None
        return Dateline(place=place, date=(groups.get("date") or None), year=groups.get("year"), agency=agency,
                        stamp=stamp, start=match.start("body") if "body" in groups else 0,
                        own_line=not line[match.end():].strip())
    return None


def find_stamp_date(text: str | None) -> str | None:
    """The first full date in a stamp, as ISO: CJK `2022年01月02日`, else any shape
    `date_parsing.find_full_date` reads."""
    if not text:
        return None
    match = CJK_DATE.search(text)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    return date_parsing.find_full_date(text)


def split_date_prefix(line: str) -> tuple[str | None, str]:
    """(`2025-06-09`, the rest) for a line that opens with a capture date (`date 2025-06-09 …`)."""
    match = DATE_PREFIX.match(line)
    if not match:
        return None, line
    return match.group("stamp"), line[match.end():].strip()


def month_day_with_year(month_day: str, year_of: dt.datetime) -> str | None:
    """A month and day (`Jan. 30`) in the year that puts it closest to `year_of` (a date the
    page itself gives: a stamp, a caption's date)."""
    return date_parsing.resolve_month_day(month_day, year_of)


def month_day_not_after(month_day: str, reference: dt.datetime) -> str | None:
    """A month and day on or before `reference` (the date the page was read): the latest
    such day, never a future one."""
    resolved = date_parsing.resolve_month_day(month_day, reference)
    if not resolved:
        return None
    day = dt.date.fromisoformat(resolved)
    if day > reference.date():
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return None
    return day.isoformat()
