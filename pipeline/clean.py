"""Stage 2, clean: scraped page text -> body paragraphs, captions and header lines.

Each non-empty line of the page gets one role:
- dropped boilerplate, by kind (browser notices, toggles, counters, share
  buttons and social rows, navigation and breadcrumbs, related-story lists and
  teasers, comment widgets, editor and copyright lines, file names);
- a header line: `title`, `agency`, `byline`, `stamp`, `dateline` (on a line of
  its own), `site` (the outlet's name in the page's top bar), for the metadata stage;
- a photo `caption` (kept apart from the body, duplicates removed);
- `body`: the article's paragraphs, one per line, dateline kept.

The patterns are data (`models/boilerplate.json`, `models/agencies.json`); the
line shapes (prose, label, social row, list item) are `page_lines.py`, datelines
and stamps `stamps.py`, the judging of the body's paragraphs `paragraphs.py`; the
logic here is generic. The body starts at the dateline line when there is one
(with the key points written just above it), else at the first prose line that
ends a sentence (after a standfirst that sits above the stamp); headline-like
lines before it are title candidates, the headline the one right above the
article's header. From the body's start to its end, hard-wrapped lines are joined
back into paragraphs and each paragraph is judged (a caption, a link list, widget
text), repeated until nothing changes, which makes cleaning idempotent.
Lines that many files of one run share (`find_template_lines`) are template.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Pattern

from newsfacts.page_lines import (  # noqa: F401  (script_of: this module's API)
    bullet_of, ends_sentence, is_headline, is_inline_list, is_prose, looks_like_stamp, script_of, social_share,
    word_overlap, words_of)
from newsfacts.paragraphs import build_paragraphs, finishes, isolated, mark_captions_and_widgets
from newsfacts.record import Document
from newsfacts.resources import load_json
from newsfacts.stamps import Dateline, find_dateline, split_date_prefix


@dataclass
class CleanRules:
    drop: dict[str, list[Pattern[str]]]
    stop_body_kinds: set[str]
    end_marks: list[str]
    caption: list[Pattern[str]]
    byline: list[Pattern[str]]
    stamp: list[Pattern[str]]
    credit: list[Pattern[str]]
    datelines: list[Pattern[str]]
    not_places: frozenset[str] = frozenset()
    site_name: list[Pattern[str]] = field(default_factory=list)
    signature: list[Pattern[str]] = field(default_factory=list)
    caption_credit_byline: list[Pattern[str]] = field(default_factory=list)
    told: Pattern[str] | None = None
    social_words: frozenset[str] = frozenset()
    more_links: frozenset[str] = frozenset()
    agencies: dict[str, str] = field(default_factory=dict)
    # `classify_line`'s reading of each line seen, by its text: a site's template lines recur on
    # most of its pages (about 60% of a run's lines are repeats); emptied when it grows too big
    line_roles: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def find_dateline(self, line: str) -> Dateline | None:
        """The dateline `line` opens with; a bare place (`XINING - The …`) only before prose."""
        dateline = find_dateline(line, self.datelines, self.not_places, lambda text: agency_name(text, self))
        if dateline and not (dateline.date or dateline.agency):
            letters = sum(ch.isalpha() for ch in dateline.place or "")
            if letters < 3 or not is_prose(line[dateline.start:]):
                return None
        return dateline


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
        credit=compile_all(raw["credit"]),
        datelines=[re.compile(p) for p in raw["datelines"]],
        not_places=frozenset(raw["not_places"]),
        site_name=compile_all(raw["site_name"]),
        signature=[re.compile(p) for p in raw["signature"]],
        caption_credit_byline=compile_all(raw["caption_credit_byline"]),
        told=re.compile(raw["told"]),
        social_words=frozenset(raw["social_words"]),
        more_links=frozenset(raw["more_links"]),
        agencies=load_json("agencies.json", models_dir),
    )


def strip_end_marks(line: str, end_marks: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for mark in end_marks:
            if line.endswith(mark):
                line = line[: -len(mark)].rstrip()
                changed = True
    return line


HEADER_ROLES = ("byline", "stamp", "agency", "dateline", "site")


def drop_kind(line: str, rules: CleanRules) -> str | None:
    for kind, patterns in rules.drop.items():
        if any(p.search(line) for p in patterns):
            return kind
    return None


def agency_name(text: str | None, rules: CleanRules) -> str | None:
    """The agency `text` names (`XINHUA`, `(China Daily)`, `chinadaily.com.cn`), or None."""
    if not text:
        return None
    return rules.agencies.get(" ".join(text.strip().strip("()").split()).lower())


def credit_name(text: str | None, rules: CleanRules) -> str | None:
    """The agency a credit names, also one shared by two (`UNI/Xinhua`: the last one known)."""
    if not text:
        return None
    return agency_name(text, rules) or next(
        (name for part in reversed(re.split(r"\s*/\s*", text)) if (name := agency_name(part, rules))), None)


def credit_agency(line: str, rules: CleanRules) -> str | None:
    """The agency a credit line names: `XINHUA`, `Source: Agence France Presse`."""
    for pattern in rules.credit:
        match = pattern.search(line)
        if match and (agency := agency_name(match.group("agency"), rules)):
            return agency
    return agency_name(line, rules)


def site_agency(line: str, rules: CleanRules) -> str | None:
    """The outlet a site-name line names (`AP News`, `BBC Home`, `China Daily Website`)."""
    for pattern in rules.site_name:
        match = pattern.search(line)
        if match and (agency := agency_name(match.group("agency"), rules)):
            return agency
    return None


def classify_line(line: str, rules: CleanRules, article_script: str) -> str:
    """The role of one stripped line, before its position is considered."""
    known = rules.line_roles.get(line)
    if known is None:
        if len(rules.line_roles) >= 20_000:
            rules.line_roles.clear()
        known = rules.line_roles[line] = _line_role(line, rules)
    role, script = known
    if role == "text" and script not in (article_script, "none"):
        return "drop:other_script"
    return role


def _line_role(line: str, rules: CleanRules) -> tuple[str, str]:
    """`classify_line`'s role of `line` whatever the article's script, and for a `text`
    line the script it is written in (`none` for any other role)."""
    if agency_name(line, rules):
        return "agency", "none"  # `(Xinhua)`, `XINHUA`, `Kyodo` on a line of their own
    if any(p.search(line) for p in rules.byline):
        return "byline", "none"
    if any(p.search(line) for p in rules.caption):
        return "caption", "none"
    dateline = rules.find_dateline(line)
    if dateline:
        return "dateline" if dateline.own_line else "text", "none"  # text even with a stamp glued before it
    if any(p.search(line) for p in rules.stamp) or looks_like_stamp(line):
        return "stamp", "none"
    if credit_agency(line, rules):
        return "agency", "none"
    if site_agency(line, rules):
        return "site", "none"
    kind = drop_kind(line, rules)
    if kind:
        return "drop:" + kind, "none"
    if social_share(line, rules.social_words) >= 0.75:
        return "drop:social", "none"
    if is_inline_list(line):
        return "drop:related", "none"
    return "text", script_of(line)


def clean_document(doc: Document, rules: CleanRules, template_lines: frozenset[str] = frozenset()) -> Document:
    """Fill `body`, `captions`, `header`, `body_lines` and `caption_lines` of `doc`.

    `template_lines` are lines found in many documents of the same run (site
    templates, see `find_template_lines`); they are dropped like boilerplate.
    """
    lines = [(n, strip_end_marks(raw.strip(), rules.end_marks)) for n, raw in enumerate(doc.raw_text.splitlines(), 1)]
    lines = [(n, text) for n, text in lines if text]
    header: dict[str, str] = {}
    if lines:
        # the capture's date glued before the page's first line (` date 2025-06-09 Policemen stand …`)
        stamp, rest = split_date_prefix(lines[0][1])
        if stamp:
            header["date_prefix"] = stamp
            lines[0] = (lines[0][0], rest)
            lines = [(n, text) for n, text in lines if text]
    article_script = script_of(doc.raw_text)
    roles = [classify_line(text, rules, article_script) for _, text in lines]
    _mark_template_lines(lines, roles, rules, template_lines)
    _mark_teasers(lines, roles, rules)

    # A long line that appears more than once is a repeated photo caption.
    counts = Counter(text for _, text in lines)
    for i, (_, text) in enumerate(lines):
        if roles[i] == "text" and counts[text] > 1 and len(words_of(text)) >= 8:
            roles[i] = "caption"

    body_start = _find_body_start(lines, roles, rules)
    dateline_at = next((i for i in range(body_start, min(body_start + 4, len(lines)))
                        if roles[i] == "text" and rules.find_dateline(lines[i][1])), None)
    if dateline_at is not None:
        # a stamp glued before the dateline (`date 2021-04-19 BEIJING, April 20 (Reuters) -`)
        lineno, text = lines[dateline_at]
        dateline = rules.find_dateline(text)
        if dateline and dateline.stamp and dateline_at == body_start:
            header["stamp"] = dateline.stamp
            lines[dateline_at] = (lineno, text[dateline.start:])
        elif dateline_at > body_start:  # below the key points the body opens with
            header["dateline"] = text
    for i, (_, text) in enumerate(lines[:body_start]):
        if roles[i] == "text":
            roles[i] = "title_candidate"
    header_title = _choose_title(lines, roles, body_start)
    numbers = [n for n, _ in lines]
    below_title = False
    for i in range(body_start):
        # under the headline, a lone long line that is not a sentence: a video's or photo's caption
        if roles[i] == "title_candidate" and below_title and len(words_of(lines[i][1])) >= 12 \
                and not finishes(lines[i][1]) and not bullet_of(lines[i][1]) and isolated(numbers, [i]) \
                and word_overlap(lines[i][1], header_title or "") < 0.5:
            roles[i] = "caption"
        below_title = below_title or lines[i][1] == header_title

    # judging a paragraph may drop it, which may change how the rest wraps: repeat until stable.
    # The body opens with its dateline, its key points or a prose sentence (the excerpt's only
    # paragraph may be cut off), also when what opened it turned out a caption.
    while True:
        paragraphs = build_paragraphs(lines, roles, body_start, rules.stop_body_kinds)
        if mark_captions_and_widgets(paragraphs, lines, roles, header_title):
            continue
        if paragraphs and not _opens_body(paragraphs[0].text, len(paragraphs) == 1, rules):
            for i in paragraphs[0].indices:
                roles[i] = "drop:before_body"
            continue
        break

    captions, caption_lines = [], []
    for (lineno, text), role in zip(lines, roles):
        if role == "caption":
            if text not in captions:
                captions.append(text)
            caption_lines.append(lineno)
        elif role in HEADER_ROLES:
            header.setdefault(role, text)
    if header_title:
        header = {"title": header_title, **header}
    doc.body = "\n".join(p.text for p in paragraphs)
    doc.captions = captions
    doc.header = header
    doc.body_lines = [lines[i][0] for p in paragraphs for i in p.indices]
    doc.caption_lines = caption_lines
    doc.stage = "clean"
    return doc


def _opens_body(text: str, only: bool, rules: CleanRules) -> bool:
    return bool(rules.find_dateline(text) or bullet_of(text) or (is_prose(text) and (ends_sentence(text) or only)))


def _mark_template_lines(lines: list[tuple[int, str]], roles: list[str], rules: CleanRules,
                        template_lines: frozenset[str]) -> None:
    """Lines many pages of the run share are template, except prose and the page's own
    headline (as the page reads without the template): other pages of the site list
    that headline under their related stories."""
    shared = [i for i, (_, text) in enumerate(lines)
              if roles[i] == "text" and text in template_lines and not is_prose(text)]
    if not shared:
        return
    own_headline = _headline(lines, roles, rules)
    for i in shared:
        if lines[i][1] != own_headline:
            roles[i] = "drop:template"


def _headline(lines: list[tuple[int, str]], roles: list[str], rules: CleanRules) -> str | None:
    """The headline `clean_document` would choose given these line roles (on a copy)."""
    roles = list(roles)
    _mark_teasers(lines, roles, rules)
    body_start = _find_body_start(lines, roles, rules)
    roles[:body_start] = ["title_candidate" if role == "text" else role for role in roles[:body_start]]
    return _choose_title(lines, roles, body_start)


def _mark_teasers(lines: list[tuple[int, str]], roles: list[str], rules: CleanRules) -> None:
    """A related-story teaser closed by its own link (`Donald Trump's Cheat Sheet` /
    `Read more`): the link's line and the short line above it go. A widget's heading
    (`Trending Now`) takes the short unfinished lines right under it (its links)."""
    for i, (_, text) in enumerate(lines):
        if i and text.lower().strip(" .…»>›") in rules.more_links and roles[i - 1] == "text" \
                and len(words_of(lines[i - 1][1])) <= 25:
            roles[i - 1] = "drop:related"
            if roles[i] == "text":
                roles[i] = "drop:related"
    for i in range(1, len(lines)):
        if roles[i] == "text" and roles[i - 1] == "drop:widget" and lines[i][0] == lines[i - 1][0] + 1 \
                and not ends_sentence(lines[i][1]) and len(words_of(lines[i][1])) <= 12:
            roles[i] = "drop:widget"


TITLE_RUN_GAPS = ("caption", "drop:counter", "drop:social", "drop:media", "drop:other_script", "drop:browser_notice",
                  "drop:language_toggle")


def _choose_title(lines: list[tuple[int, str]], roles: list[str], body_start: int) -> str | None:
    """The headline: among the title candidates that sit together right above the
    article's header (byline, stamp, agency line, dateline) or the body, with only
    captions, counters or share buttons between (menus, breadcrumbs and teasers
    further up are cut off by the navigation and related lines between), the first
    headline-like line of five words or more, else the headline-like line nearest
    that header (`Love of books` / `By Mei Jia | …`); else as `_first_headline` picks
    from all candidates. The site's name in the top bar is no article header."""
    anchors = [i for i, role in enumerate(roles[:body_start]) if role in HEADER_ROLES and role != "site"]
    for anchor in [*anchors, body_start]:
        run: list[str] = []
        for i in range(anchor - 1, -1, -1):
            if roles[i] in TITLE_RUN_GAPS:
                continue
            if roles[i] != "title_candidate":
                break
            run.insert(0, lines[i][1])
        title = _first_headline(run)
        if title and len(words_of(title)) >= 5:
            return title
        nearest = [text for text in run if is_headline(text) and not bullet_of(text)]
        if nearest and anchor != body_start:
            return nearest[-1]
    return _first_headline([text for (_, text), role in zip(lines, roles) if role == "title_candidate"])


def _first_headline(candidates: list[str]) -> str | None:
    """The first headline-like line of five words or more (section labels such as
    `Central & South Asia` are shorter), else the longest headline-like line; list
    items (a dek's bullets) are not headlines."""
    best = None
    for text in candidates:
        if is_headline(text) and not bullet_of(text):
            if len(words_of(text)) >= 5:
                return text
            if best is None or len(words_of(text)) > len(words_of(best)):
                best = text
    return best


def _find_body_start(lines: list[tuple[int, str]], roles: list[str], rules: CleanRules) -> int:
    """Index of the body's first line: the dateline (or, for a dateline on a line of
    its own, the prose after it), with the key points listed just above it (`* …`);
    else the first prose line that ends a sentence or runs on into the next line.

    A prose line followed by a stamp, byline or share buttons before any other
    prose is a standfirst or a long headline: the body starts after that header.
    """
    for i, (_, text) in enumerate(lines):
        if roles[i] == "text" and rules.find_dateline(text):
            while i > 0 and roles[i - 1] == "text" and bullet_of(lines[i - 1][1]) and ends_sentence(lines[i - 1][1]):
                i -= 1
            return i
        if roles[i] == "dateline":
            return next((j for j in range(i + 1, len(lines)) if roles[j] == "text" and is_prose(lines[j][1])), len(lines))
    texts = [i for i, role in enumerate(roles) if role == "text"]
    prose = [i for i in texts if is_prose(lines[i][1]) and not bullet_of(lines[i][1])
             and (ends_sentence(lines[i][1]) or i == texts[-1]
                  or (i + 1 < len(lines) and roles[i + 1] == "text" and lines[i + 1][1][:1].islower()))]
    if not prose:
        return len(lines)
    start = prose[0]
    following = next((i for i in prose if i > start), None)
    if following and any(roles[j] in HEADER_ROLES or roles[j] == "drop:social" for j in range(start + 1, following)):
        return following
    return start


def find_template_lines(texts: Iterable[str], min_docs: int = 5, min_share: float = 0.002,
                        max_tracked: int = 200_000) -> frozenset[str]:
    """Short non-prose lines that recur in at least `min_docs` of `texts` (and in
    `min_share` of them): a site's template (section labels, widget text), not
    any one article's words.

    Memory stays bounded: once `max_tracked` distinct lines are counted, new
    lines are no longer tracked (template lines recur early and often).
    """
    seen: Counter[str] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        for line in {line.strip() for line in text.splitlines()}:
            if line and len(line) <= 80 and (line in seen or len(seen) < max_tracked) and not is_prose(line):
                seen[line] += 1
    threshold = max(min_docs, math.ceil(min_share * documents))
    return frozenset(line for line, n in seen.items() if n >= threshold)
