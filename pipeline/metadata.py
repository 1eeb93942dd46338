"""Stage 3, metadata: header lines, dateline and captions -> title, agency,
authors, dateline place and published date.

Published date, most reliable signal first (the one used is recorded in the
manifest as `published_from`):
1. `input`: a date given by structured input (JSONL field, HTML metadata);
2. `dateline`: the dateline's month and day (`SHANGHAI, April 25 (Xinhua)`, the
   day the story was filed) with the year of a full date on the page (a stamp
   or a caption), choosing the year that puts it closest to that date;
3. `stamp`: an absolute stamp on the page (`Updated: 2015-09-30 08:02`);
4. `dateline+reference_date` / `dateline+file_mtime`: a dateline on a page with
   no full date, its year from `--reference-date`, else the file's
   modification time (a last resort);
5. `relative_stamp+…`: a relative stamp (`發布於 16小時前`) resolved against the
   same reference.
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline import date_parsing as dates
from pipeline.clean import CleanRules, agency_name, credit_agency
from pipeline.record import Document, Metadata

NAME_SPLIT = re.compile(r"\s*(?:,|;|、|，|&|\band\b)\s*")
AGENCY_WORD = re.compile(r"[A-Za-z][\w.'’-]*")  # also out of `15:17:52CGTN`
NAME_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")  # `LI HUA in Ningbo`


def extract_metadata(doc: Document, rules: CleanRules, reference_date: str | None = None) -> Document:
    """Fill `doc.metadata` from the cleaned document; `reference_date` overrides the file's."""
    hints = doc.hints
    header = doc.header
    first_line = doc.body.split("\n", 1)[0]
    dateline = rules.dateline.search(first_line)
    byline = _byline(header.get("byline", ""), rules)

    agency = (
        credit_agency(header.get("agency", ""), rules)
        or (dateline and agency_name(dateline.group("agency"), rules))
        or agency_name(byline.get("agency"), rules)
        or _agency_in_header(header, rules)
        or agency_name(hints.get("agency"), rules)
        or (hints.get("agency") or None)
    )
    names = (NAME_PLACE.sub("", n) for n in NAME_SPLIT.split(byline.get("names") or ""))
    authors = hints.get("authors") or [_name_case(n) for n in names if n and not agency_name(n, rules)]
    reference = _as_datetime(reference_date or doc.reference_date)
    published, doc.published_from = _published(
        doc, dateline, reference, "reference_date" if reference_date else "file_mtime", rules)
    doc.metadata = Metadata(
        title=hints.get("title") or _title(header.get("title")),
        agency=agency,
        authors=authors,
        dateline=hints.get("dateline") or (dateline and _name_case(dateline.group("place"))) or None,
        published=published,
        byline=header.get("byline"),
    )
    doc.stage = "metadata"
    return doc


def _title(line: str | None) -> str | None:
    """The headline without a date stamp glued before it (`date 2025-01-21 China reports …`)."""
    if not line:
        return None
    match = dates.FULL_DATE.search(line)
    if match and line[: match.start()].strip(" :").lower() in ("", "date", "published", "updated"):
        line = line[match.end() :]
    # a label in another script glued before it (`英语文摘:China Exclusive: …`)
    line = re.sub(r"^[^A-Za-z0-9\"'“]+?[:：]\s*(?=[A-Za-z0-9])", "", line.strip())
    return line.strip(" :|-") or None


def _byline(line: str, rules: CleanRules) -> dict[str, str]:
    for pattern in rules.byline:
        match = pattern.search(line)
        if match:
            return {k: v for k, v in match.groupdict().items() if v}
    return {}


def _agency_in_header(header: dict[str, str], rules: CleanRules) -> str | None:
    """The first agency named by up to four words of a byline or stamp line:
    `By Zhong Nan | chinadaily.com.cn | Updated: …`, `2018-10-08 15:17:52CGTN Editor : …`."""
    for role in ("byline", "stamp"):
        words = AGENCY_WORD.findall(header.get(role, ""))
        for i in range(len(words)):
            for n in range(min(4, len(words) - i), 0, -1):
                if agency := agency_name(" ".join(words[i:i + n]), rules):
                    return agency
    return None


def _name_case(name: str) -> str:
    """`ZHENG JINRAN` -> `Zheng Jinran`; mixed-case names are left alone."""
    name = " ".join(name.split())
    return name.title() if name.isupper() else name


def _as_datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _published(doc: Document, dateline: re.Match | None, reference: dt.datetime | None,
               reference_name: str, rules: CleanRules) -> tuple[str | None, str | None]:
    """The published date and the signal it came from (recorded in the manifest)."""
    if doc.hints.get("published"):
        resolved = dates.resolve(str(doc.hints["published"]), reference)
        if resolved:
            return resolved[0], "input"
    stamp = _stamp_text(doc, rules) or ""
    stamp_date = dates.find_full_date(stamp)
    if dateline:
        # the year comes from the page: its stamp, else a caption's full date
        page_date = stamp_date or next(filter(None, map(dates.find_full_date, doc.captions)), None)
        page_reference = dt.datetime.fromisoformat(page_date) if page_date else reference
        resolved = dates.resolve_month_day(dateline.group("date"), page_reference)
        if resolved:
            return resolved, "dateline" if page_date else f"dateline+{reference_name}"
    if stamp_date:
        return stamp_date, "stamp"
    if stamp and reference:
        resolved = dates.resolve_relative_stamp(stamp, reference) or (dates.resolve(stamp, reference) or [None])[0]
        if resolved:
            return resolved[:10], f"relative_stamp+{reference_name}"
    return None, None


def _stamp_text(doc: Document, rules: CleanRules) -> str | None:
    """The `when` part of the page's stamp line, or of a byline that carries one."""
    for line in doc.header.values():
        for pattern in rules.byline + rules.stamp:  # a byline pattern parts names from the stamp
            match = pattern.search(line)
            if match and (match.groupdict().get("when") or "").strip():
                return match.group("when").strip()
    return doc.header.get("stamp")  # a line that is a date and little else
