"""Stage 2, clean: scraped page text -> body paragraphs, captions and header lines.

Each non-empty line of the page gets one role:
- dropped boilerplate, by kind (browser notices, toggles, counters, share
  buttons, navigation, related-article lists, copyright lines);
- a header line: `title`, `agency`, `byline`, `stamp` (for the metadata stage);
- a photo `caption` (kept apart from the body, duplicates removed);
- `body`: the article's paragraphs, one per line, dateline kept.

The patterns are data (`models/boilerplate.json`, `models/agencies.json`);
the logic here is generic. The body starts at the dateline line when there is
one, else at the first line that reads as prose (after a standfirst that sits
above the stamp); headline-like lines before it are title candidates. Then,
from the body's start to its end (a related-article list, a copyright line):
1. hard-wrapped lines are joined back into paragraphs (`wrap_width`, `is_wrapped`);
2. each paragraph is judged: a repeat of the headline or of itself, or a lone
   unpunctuated line between paragraphs, is a caption; one with almost no
   function words (jusText's stop-word density) is a link or tag list;
   repeated until nothing changes, which makes cleaning idempotent.
Lines that many files of one run share (`find_template_lines`) are template.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Pattern

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.date_parsing import FULL_DATE
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
    credit: list[Pattern[str]]
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
        credit=compile_all(raw["credit"]),
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


TERMINAL = (".", "?", "!", ":", ";")
HEADER_ROLES = ("byline", "stamp", "agency")
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def ends_sentence(line: str) -> bool:
    return line.rstrip('"”’\'').endswith(TERMINAL)


def words_of(line: str) -> list[str]:
    """The words of `line`, without punctuation tokens (`/`, `&`, `|`)."""
    return WORD.findall(line)


def stopword_density(line: str) -> float:
    """The share of function words (`the`, `of`, `is`): high in prose, near zero in
    menus, labels and link lists (jusText's main signal)."""
    words = words_of(line)
    return sum(w.lower() in STOP_WORDS for w in words) / len(words) if words else 0.0


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a heading or a widget."""
    words = words_of(line)
    long_enough = len(words) >= 12 or (len(words) >= 6 and line.rstrip('"”’\'').endswith((".", "?", "!")))
    return long_enough and stopword_density(line) >= 0.1


def is_headline(line: str) -> bool:
    return 3 <= len(words_of(line)) <= 30 and not line.endswith((".", ":", ","))


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


def credit_agency(line: str, rules: CleanRules) -> str | None:
    """The agency a credit line names: `XINHUA`, `Source: Agence France Presse`."""
    for pattern in rules.credit:
        match = pattern.search(line)
        if match and (agency := agency_name(match.group("agency"), rules)):
            return agency
    return agency_name(line, rules)


def classify_line(line: str, rules: CleanRules, article_script: str) -> str:
    """The role of one stripped line, before its position is considered."""
    if any(p.search(line) for p in rules.byline):
        return "byline"
    if any(p.search(line) for p in rules.caption):
        return "caption"
    if rules.dateline.search(line):
        return "text"  # even with a stamp glued before it
    if any(p.search(line) for p in rules.stamp) or looks_like_stamp(line):
        return "stamp"
    if credit_agency(line, rules):
        return "agency"
    kind = drop_kind(line, rules)
    if kind:
        return "drop:" + kind
    if script_of(line) not in (article_script, "none"):
        return "drop:other_script"
    return "text"


def clean_document(doc: Document, rules: CleanRules, template_lines: frozenset[str] = frozenset()) -> Document:
    """Fill `body`, `captions`, `header`, `body_lines` and `caption_lines` of `doc`.

    `template_lines` are lines found in many documents of the same run (site
    templates, see `find_template_lines`); they are dropped like boilerplate.
    """
    lines = [(n, strip_end_marks(raw.strip(), rules.end_marks)) for n, raw in enumerate(doc.raw_text.splitlines(), 1)]
    lines = [(n, text) for n, text in lines if text]
    article_script = script_of(doc.raw_text)
    roles = [classify_line(text, rules, article_script) for _, text in lines]
    for i, (_, text) in enumerate(lines):
        if roles[i] == "text" and text in template_lines and not is_prose(text):
            roles[i] = "drop:template"

    # A long line that appears more than once is a repeated photo caption.
    counts = Counter(text for _, text in lines)
    for i, (_, text) in enumerate(lines):
        if roles[i] == "text" and counts[text] > 1 and len(words_of(text)) >= 8:
            roles[i] = "caption"

    body_start = _find_body_start(lines, roles, rules)
    header: dict[str, str] = {}
    if body_start < len(lines):
        # a stamp glued before the dateline (`date 2021-04-19 BEIJING, April 20 (Reuters) -`)
        lineno, text = lines[body_start]
        dateline = rules.dateline.search(text)
        if dateline and dateline.group("stamp"):
            header["stamp"] = dateline.group("stamp").strip()
            lines[body_start] = (lineno, text[dateline.start("place"):])
    for i, (_, text) in enumerate(lines[:body_start]):
        if roles[i] == "text":
            roles[i] = "title_candidate"
    header_title = _choose_title([text for (_, text), role in zip(lines, roles) if role == "title_candidate"])

    # judging a paragraph may drop it, which may change how the rest wraps: repeat until stable
    paragraphs = _paragraphs(lines, roles, body_start, rules)
    while _mark_captions_and_link_lists(paragraphs, lines, roles, header_title):
        paragraphs = _paragraphs(lines, roles, body_start, rules)
    # the body opens with its dateline or prose, also when what opened it turned out a caption
    while paragraphs and not (rules.dateline.search(paragraphs[0].text) or is_prose(paragraphs[0].text)):
        for i in paragraphs.pop(0).indices:
            roles[i] = "drop:before_body"

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


@dataclass
class Paragraph:
    indices: list[int]  # its lines, as indices into the page's non-empty lines
    text: str


def _paragraphs(lines: list[tuple[int, str]], roles: list[str], body_start: int, rules: CleanRules) -> list[Paragraph]:
    """The text lines from the body's start to its end (a related-article list or a
    copyright line), hard-wrapped lines joined back into their paragraphs."""
    candidates = []
    for i in range(body_start, len(lines)):
        if roles[i].startswith("drop:") and roles[i][5:] in rules.stop_body_kinds and candidates:
            break
        if roles[i] == "text":
            candidates.append(i)
    width = wrap_width([lines[i][1] for i in candidates])
    paragraphs: list[Paragraph] = []
    for i in candidates:
        text = lines[i][1]
        if paragraphs and is_wrapped(lines[paragraphs[-1].indices[-1]][1], text, width):
            last = paragraphs[-1]
            # `semi-` + `finished` keeps its hyphen
            last.text += ("" if re.search(r"[^\W\d_]-$", last.text) else " ") + text
            last.indices.append(i)
        else:
            paragraphs.append(Paragraph([i], text))
    return paragraphs


def wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None when it was not.

    Wrapped text (wire copy, e-mail) has no line over ~100 characters, most
    lines end near one width, and many end mid-sentence; pages with one
    paragraph per line do not. A reflowed body never looks wrapped again (all
    its paragraphs but the last end a sentence), so cleaning is idempotent.
    """
    lengths = [len(line) for line in lines]
    if len(lengths) < 3 or not 40 <= max(lengths) <= 100:
        return None
    width = max(lengths)
    near = sum(width - 20 <= n for n in lengths)
    open_ended = sum(not ends_sentence(line) for line in lines)
    return width if near >= 0.6 * len(lines) and open_ended >= 0.4 * len(lines) else None


def is_wrapped(line: str, next_line: str, width: int | None) -> bool:
    """Whether `next_line` continues `line` in a text wrapped at `width`: the
    paragraph goes on unless `line` ends a sentence and the next word would
    have fit on it (a text wrapper breaks a line only when it is full)."""
    if width is None or not next_line.split():
        return False
    if next_line[0].islower() or not ends_sentence(line):
        return True
    return len(line) + 1 + len(next_line.split()[0]) > width


def _choose_title(candidates: list[str]) -> str | None:
    """The first headline-like line of five words or more (section labels such as
    `Central & South Asia` are shorter), else the longest headline-like line."""
    best = None
    for text in candidates:
        if is_headline(text):
            if len(words_of(text)) >= 5:
                return text
            if best is None or len(words_of(text)) > len(words_of(best)):
                best = text
    return best


def _mark_captions_and_link_lists(paragraphs: list[Paragraph], lines: list[tuple[int, str]],
                                  roles: list[str], title: str | None) -> bool:
    """Inside the body, find what reads as an uncredited photo caption or widget text:
    a paragraph repeating the headline or repeated itself, a lone long paragraph that is not a
    sentence, and paragraphs with almost no function words (the jusText idea:
    link lists, tag lists). Returns whether any paragraph was taken out."""
    changed = False
    title_words = set(w.lower() for w in words_of(title or ""))
    repeated = Counter(p.text for p in paragraphs)
    numbers = [n for n, _ in lines]
    long_ones = [p.text for p in paragraphs if len(words_of(p.text)) >= 12]
    sentences_end = sum(map(ends_sentence, long_ones)) >= 0.7 * max(1, len(long_ones))
    for k, paragraph in enumerate(paragraphs):
        text, role = paragraph.text, None
        words = [w.lower() for w in words_of(text)]
        if title_words and not is_prose(text) and _overlap(words, title_words) >= 0.7:
            role = "caption"
        elif repeated[text] > 1 and len(words) >= 8:  # as repeated lines are, once reflowed
            role = "caption"
        elif (sentences_end and len(words) >= 12 and not ends_sentence(text)
              and _isolated(numbers, paragraph.indices) and k < len(paragraphs) - 1):  # a cut-off last paragraph stays
            role = "caption"
        elif len(words) >= 8 and stopword_density(text) < 0.1 and k > 0:
            role = "drop:low_density"
        for i in paragraph.indices if role else ():
            roles[i] = role
            changed = True
    return changed


def _overlap(words: list[str], reference: set[str]) -> float:
    return len(set(words) & reference) / max(1, len(set(words) | reference))


def _isolated(numbers: list[int], indices: list[int]) -> bool:
    """Whether lines `indices` stand alone, a blank line before and after them in the source."""
    first, last = indices[0], indices[-1]
    before = first == 0 or numbers[first - 1] < numbers[first] - 1
    after = last == len(numbers) - 1 or numbers[last + 1] > numbers[last] + 1
    return before and after


def _find_body_start(lines: list[tuple[int, str]], roles: list[str], rules: CleanRules) -> int:
    """Index of the body's first line: the dateline, else the first prose line.

    A prose line followed by a stamp, byline or share buttons before any other
    prose is a standfirst or a long headline: the body starts after that header.
    """
    for i, (_, text) in enumerate(lines):
        if roles[i] == "text" and rules.dateline.search(text):
            return i
    prose = [i for i, (_, text) in enumerate(lines) if roles[i] == "text" and is_prose(text)]
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
