"""Stage 2, clean: scraped page text -> body paragraphs, captions and header lines.

Each non-empty line of the page gets one role:
- dropped boilerplate, by kind (browser notices, toggles, counters, share
  buttons, navigation, related-article lists, copyright lines);
- a header line: `title`, `agency`, `byline`, `stamp` (for the metadata stage);
- a photo `caption` (kept apart from the body, duplicates removed);
- `body`: the article's paragraphs, one per line, dateline kept.

The patterns are data (`models/boilerplate.json`, `models/agencies.json`);
the logic here is generic. The body starts at the dateline line when there is
one, else at the first line that reads as prose; headline-like lines before it
are title candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Pattern

from pipeline.dates import FULL_DATE
from pipeline.record import Document
from pipeline.resources import load_json


@dataclass
class CleanRules:
    drop: dict[str, list[Pattern[str]]]
    stop_body_kinds: set[str]
    end_marks: list[str]
    caption: list[Pattern[str]]
    byline: list[Pattern[str]]
    stamp: list[Pattern[str]]
    dateline: Pattern[str]
    agencies: dict[str, str] = field(default_factory=dict)


def load_rules(models_dir: str | None = None) -> CleanRules:
    """Compile the cleaning patterns kept in `models/`."""
    raw = load_json("boilerplate.json", models_dir)

    def compile_all(patterns: list[str]) -> list[Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in patterns]

    return CleanRules(
        drop={kind: compile_all(p) for kind, p in raw["drop"].items()},
        stop_body_kinds=set(raw["stop_body"]["kinds"]),
        end_marks=raw["end_marks"],
        caption=compile_all(raw["caption"]),
        byline=compile_all(raw["byline"]),
        stamp=compile_all(raw["stamp"]),
        dateline=re.compile(raw["dateline"]),
        agencies=load_json("agencies.json", models_dir),
    )


def script_of(text: str) -> str:
    """`latin`, `cjk` or `none`: the script most letters of `text` are written in."""
    latin = cjk = 0
    for ch in text:
        if ch.isalpha():
            if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
            else:
                cjk += 1
    if latin == cjk == 0:
        return "none"
    return "latin" if latin >= cjk else "cjk"


def strip_end_marks(line: str, end_marks: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for mark in end_marks:
            if line.endswith(mark):
                line = line[: -len(mark)].rstrip()
                changed = True
    return line


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a heading or a widget."""
    words = line.split()
    return len(words) >= 12 or (len(words) >= 6 and line.rstrip('"”’\'').endswith((".", "?", "!")))


def is_headline(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 30 and not line.endswith((".", ":", ",")) and any(c.isalpha() for c in line)


def looks_like_stamp(line: str) -> bool:
    """A short line with a full date and no running text: `08:09, April 01, 2013`."""
    match = FULL_DATE.search(line)
    if not match or len(line.split()) > 12:
        return False
    rest = line[: match.start()] + " " + line[match.end() :]
    return not re.search(r"\b[a-z]+\s+[a-z]+\s+[a-z]+\b", rest)  # three lower-case words in a row read as text


def drop_kind(line: str, rules: CleanRules) -> str | None:
    for kind, patterns in rules.drop.items():
        if any(p.search(line) for p in patterns):
            return kind
    return None


def agency_name(text: str | None, rules: CleanRules) -> str | None:
    """The agency `text` names (`XINHUA`, `(China Daily)`, `chinadaily.com.cn`), or None."""
    if not text:
        return None
    return rules.agencies.get(text.strip().strip("()").lower())


def classify_line(line: str, rules: CleanRules, article_script: str) -> str:
    """The role of one stripped line, before its position is considered."""
    if any(p.search(line) for p in rules.byline):
        return "byline"
    if any(p.search(line) for p in rules.caption):
        return "caption"
    if any(p.search(line) for p in rules.stamp) or looks_like_stamp(line):
        return "stamp"
    kind = drop_kind(line, rules)
    if kind:
        return "drop:" + kind
    if script_of(line) not in (article_script, "none"):
        return "drop:other_script"
    if agency_name(line, rules):
        return "agency"
    return "text"


def clean_document(doc: Document, rules: CleanRules) -> Document:
    """Fill `body`, `captions`, `header`, `body_lines` and `caption_lines` of `doc`."""
    lines = [(n, strip_end_marks(raw.strip(), rules.end_marks)) for n, raw in enumerate(doc.raw_text.splitlines(), 1)]
    lines = [(n, text) for n, text in lines if text]
    article_script = script_of(doc.raw_text)
    roles = [classify_line(text, rules, article_script) for _, text in lines]

    # A long line that appears more than once is a repeated photo caption.
    counts: dict[str, int] = {}
    for _, text in lines:
        counts[text] = counts.get(text, 0) + 1
    for i, (_, text) in enumerate(lines):
        if roles[i] == "text" and counts[text] > 1 and len(text.split()) >= 8:
            roles[i] = "caption"

    body_start = _find_body_start(lines, roles, rules)
    header: dict[str, str] = {}
    body, body_lines, captions, caption_lines = [], [], [], []
    ended = False
    for i, ((lineno, text), role) in enumerate(zip(lines, roles)):
        if role == "caption":
            if text not in captions:
                captions.append(text)
            caption_lines.append(lineno)
        elif role in ("byline", "stamp", "agency"):
            header.setdefault(role, text)
        elif role.startswith("drop:"):
            if i > body_start and role[5:] in rules.stop_body_kinds and body:
                ended = True
        elif i < body_start:
            # the title is the first headline-like line above the body of five words or
            # more (section labels such as `Central & South Asia` are shorter), else the longest
            current = len(header.get("title", "").split())
            if is_headline(text) and current < 5 and len(text.split()) > current:
                header["title"] = text
        elif not ended:
            body.append(text)
            body_lines.append(lineno)
    doc.body = "\n".join(body)
    doc.captions = captions
    doc.header = header
    doc.body_lines = body_lines
    doc.caption_lines = caption_lines
    doc.stage = "clean"
    return doc


def _find_body_start(lines: list[tuple[int, str]], roles: list[str], rules: CleanRules) -> int:
    """Index of the body's first line: the dateline, else the first prose line."""
    for i, (_, text) in enumerate(lines):
        if roles[i] == "text" and rules.dateline.search(text):
            return i
    for i, (_, text) in enumerate(lines):
        if roles[i] == "text" and is_prose(text):
            return i
    return len(lines)
