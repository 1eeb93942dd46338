"""Stage 3, metadata: header lines, dateline and captions -> title, agency,
authors, dateline place and published date.

Published date, most reliable signal first (the one used is recorded in the
manifest as `published_from`):
1. `input`: a date given by structured input (JSONL field, HTML metadata);
2. `dateline`: the dateline's month and day (`SHANGHAI, April 25 (Xinhua)`, the
   day the story was filed) with the year the page itself gives (its stamp, the
   capture date before its first line, a caption's full date), choosing the year
   that puts it closest to that date;
3. `stamp`: the page's own full date (`Updated: 2015-09-30 08:02`,
   `發布於 2022年01月02日13:22`, ` date 2018-09-17 …` before the first line);
4. a page that gives no year at all (a dateline, or a relative stamp such as
   `發布於 16小時前`, and nothing else): with `--reference-date` (the day the page
   was read) the latest such day on or before it (`dateline+reference_date`,
   `relative_stamp+reference_date`); without it, null and `no_year_on_page`:
   never guessed from the file's date, never a future date.
"""

from __future__ import annotations

import datetime as dt
import re

from newsfacts import date_parsing as dates
from newsfacts.clean import CleanRules, agency_name, credit_agency, credit_name, site_agency
from newsfacts.page_lines import script_of
from newsfacts.record import Document, Metadata
from newsfacts.stamps import Dateline, find_stamp_date, month_day_not_after, month_day_with_year

NAME_SPLIT = re.compile(r"\s*(?:,|;|、|，|&|\band\b)\s*")
AGENCY_WORD = re.compile(r"[A-Za-z][\w.'’-]*")  # also out of `15:17:52CGTN`
NAME_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")  # `LI HUA in Ningbo`
NAME_ROLE = re.compile(r"^(?:[\w.'’ -]+?\s+)?(?:staff\s+|special\s+|senior\s+)?(?:writers?|reporters?|correspondents?|journalists?)\s+(?=[A-Z])",
                       re.IGNORECASE)  # `Xinhua writers Liu Yiwei`
TITLE_SUFFIX = re.compile(r"^(?P<title>.+?)(?:\s+[-|–—:]\s*|\s*[|–—]\s+|(?<=[a-z])-(?=[A-Z]))(?P<site>[^-|–—]{2,40})$")
DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|cn|net|org|info|co|gov|edu|int|jp|uk|in|pk|hk|sg)(?:\.[a-z]{2})?$",
                    re.IGNORECASE)


def extract_metadata(doc: Document, rules: CleanRules, reference_date: str | None = None) -> Document:
    """Fill `doc.metadata` from the cleaned document; `reference_date` overrides the file's."""
    hints = doc.hints
    header = doc.header
    first_line = doc.body.split("\n", 1)[0]
    dateline = rules.find_dateline(header.get("dateline") or first_line)
    byline = _byline(header.get("byline", ""), rules) or _caption_byline(doc.captions, rules)

    agency = (
        credit_agency(header.get("agency", ""), rules)
        or (dateline and credit_name(dateline.agency, rules))
        or agency_name(byline.get("agency"), rules)
        or _agency_in_header(header, rules)
        or agency_name(hints.get("agency"), rules)
        or (hints.get("agency") or None)
        or site_agency(header.get("site", ""), rules)
        or _told_agency(doc.body, rules)
    )
    names = (NAME_ROLE.sub("", NAME_PLACE.sub("", n))
             for n in NAME_SPLIT.split(byline.get("names") or _signature(doc.body, rules) or ""))
    authors = hints.get("authors") or [_name_case(n) for n in names if n and not agency_name(n, rules)]
    reference = _as_datetime(reference_date or doc.reference_date)
    published, doc.published_from = _published(doc, dateline, reference, bool(reference_date), rules)
    doc.metadata = Metadata(
        title=hints.get("title") or _title(header.get("title"), rules),
        agency=agency,
        authors=authors,
        dateline=hints.get("dateline") or (dateline and dateline.place and _name_case(dateline.place)) or None,
        published=published,
        byline=header.get("byline") or (byline.get("line") if byline else None),
    )
    doc.stage = "metadata"
    return doc


def _title(line: str | None, rules: CleanRules) -> str | None:
    """The headline without a date stamp glued before it (`date 2025-01-21 China reports …`),
    a label in another script (`英语文摘:`) or the site's name after it (`… -Xinhua`,
    `… - Chinadaily.com.cn`, `… | Reuters`)."""
    if not line:
        return None
    match = dates.FULL_DATE.search(line)
    if match and line[: match.start()].strip(" :").lower() in ("", "date", "published", "updated"):
        line = line[match.end() :]
    # a label in another script glued before it (`英语文摘:China Exclusive: …`)
    line = re.sub(r"^[^A-Za-z0-9\"'“]+?[:：]\s*(?=[A-Za-z0-9])", "", line.strip())
    while (suffix := TITLE_SUFFIX.match(line)) and _is_site(suffix.group("site"), rules):
        line = suffix.group("title")
    return line.strip(" :|-") or None


def _is_site(text: str, rules: CleanRules) -> bool:
    text = text.strip()
    return bool(agency_name(text, rules) or site_agency(text, rules) or DOMAIN.match(text))


def _byline(line: str, rules: CleanRules) -> dict[str, str]:
    for pattern in rules.byline:
        match = pattern.search(line)
        if match:
            return {k: v for k, v in match.groupdict().items() if v}
    return {}


def _caption_byline(captions: list[str], rules: CleanRules) -> dict[str, str]:
    """A byline inside a picture credit (`© AFP / by Lillian DING, Yanan WANG | China's …`)."""
    for caption in captions:
        for pattern in rules.caption_credit_byline:
            match = pattern.search(caption)
            if match:
                return {**{k: v for k, v in match.groupdict().items() if v}, "line": match.group(0).rstrip(" |")}
    return {}


def _signature(body: str, rules: CleanRules) -> str | None:
    """The reporter a standfirst names at its end (`… in the battle against COVID-19. Zhang Zhihao reports.`)."""
    for paragraph in body.split("\n")[:3]:
        for pattern in rules.signature:
            match = pattern.search(paragraph)
            if match:
                return match.group("names")
    return None


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


def _told_agency(body: str, rules: CleanRules) -> str | None:
    """The outlet a source spoke to (`… told Dawn`, `… told The Associated Press`): the
    page's own reporting, the last signal of its agency."""
    if rules.told is None:
        return None
    for match in rules.told.finditer(body):
        words = match.group("agency").rstrip(".,;:'’").split()
        for n in range(len(words), 0, -1):
            if agency := agency_name(" ".join(words[:n]).rstrip(".,;:'’s"), rules) or agency_name(" ".join(words[:n]), rules):
                return agency
    return None


def _name_case(name: str) -> str:
    """`ZHENG JINRAN` -> `Zheng Jinran`, `Lillian DING` -> `Lillian Ding`; other names are left alone."""
    name = " ".join(name.split())
    if name.isupper():
        return name.title()
    return " ".join(w.capitalize() if len(w) >= 2 and w.isupper() and w.isalpha() else w for w in name.split())


def _as_datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _published(doc: Document, dateline: Dateline | None, reference: dt.datetime | None,
               explicit_reference: bool, rules: CleanRules) -> tuple[str | None, str | None]:
    """The published date and the signal it came from (recorded in the manifest)."""
    if doc.hints.get("published"):
        resolved = dates.resolve(str(doc.hints["published"]), reference, _languages(str(doc.hints["published"])))
        if resolved:
            return resolved[0], "input"
    stamp = _stamp_text(doc, rules) or ""
    stamp_date = find_stamp_date(stamp) or find_stamp_date(doc.header.get("date_prefix"))
    if dateline and dateline.date:
        if dateline.year:
            return find_stamp_date(f"{dateline.date} {dateline.year}") or stamp_date, "dateline"
        # the year comes from the page: its stamp, else a caption's full date
        page_date = stamp_date or next(filter(None, map(find_stamp_date, doc.captions)), None)
        if page_date:
            resolved = month_day_with_year(dateline.date, dt.datetime.fromisoformat(page_date))
            if resolved:
                return resolved, "dateline"
        elif explicit_reference and reference:
            resolved = month_day_not_after(dateline.date, reference)
            if resolved:
                return resolved, "dateline+reference_date"
        else:
            return None, "no_year_on_page"
    if stamp_date:
        return stamp_date, "stamp"
    if stamp:
        if not (explicit_reference and reference):
            return None, "no_year_on_page" if _is_date(stamp) else None
        relative = dates.resolve_relative_stamp(stamp, reference)
        if relative:
            return relative, "relative_stamp+reference_date"
        resolved = (dates.resolve(stamp, reference, _languages(stamp)) or [None])[0]
        if resolved and len(resolved) == 10 and resolved <= reference.date().isoformat():
            return resolved, "relative_stamp+reference_date"
    return None, None


def _languages(stamp: str) -> tuple[str, ...]:
    """The languages dateparser tries on a stamp: Chinese for one in CJK script, else
    English (guessing among all its locales costs 0.5 s a process and 60 ms a call)."""
    return ("zh",) if script_of(stamp) == "cjk" else ("en",)


def _is_date(stamp: str) -> bool:
    return bool(dates.RELATIVE_STAMP.search(stamp) or dates.MONTH_NAME.search(stamp))


def _stamp_text(doc: Document, rules: CleanRules) -> str | None:
    """The `when` part of the page's stamp line, or of a byline that carries one."""
    for role, line in doc.header.items():
        if role == "title":
            continue
        for pattern in rules.byline + rules.stamp:  # a byline pattern parts names from the stamp
            match = pattern.search(line)
            if match and (match.groupdict().get("when") or "").strip():
                return match.group("when").strip()
    return doc.header.get("stamp")  # a line that is a date and little else
