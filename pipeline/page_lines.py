"""The shape of one line of page text: prose or label, list or widget, which script.

Generic predicates the cleaner combines with the patterns of `models/boilerplate.json`:
prose reads as running text (many function words, jusText's signal); a label is a
short line in title case or capitals (`Hot Topics`, `JOIN THE CONVERSATION`); a
social row is a line of sharing links (`Print E-mail Bookmark and Share`); list
items open with a bullet; an inline list strings several bullets on one line.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from spacy.lang.en.stop_words import STOP_WORDS

from newsfacts.date_parsing import FULL_DATE, MONTH_NAME, WEEKDAY

TERMINAL = (".", "?", "!", ":", ";")
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
BULLET = re.compile(r"^\s*(?:[-*•·▪►◆■]|\d{1,2}[.)])\s+")
INLINE_BULLET = re.compile(r"\s[•·▪►◆|]\s")
LETTER_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # a word of letters, hyphens inside
DIGIT = re.compile(r"\d")
ASCII_LETTERS = re.compile(r"[A-Za-z]+")
OTHER_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")  # a word character beyond ASCII: a letter, or a numeral to check


def script_of(text: str) -> str:
    """`latin`, `cjk` or `none`: the script most letters of `text` are written in."""
    latin, cjk = sum(map(len, ASCII_LETTERS.findall(text))), 0  # runs, not single letters: fewer objects
    for ch in OTHER_LETTER.findall(text):
        if ch.isalpha():
            if unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
            else:
                cjk += 1
    if latin == cjk == 0:
        return "none"
    return "latin" if latin >= cjk else "cjk"


def ends_sentence(line: str) -> bool:
    return line.rstrip('"”’\'').endswith(TERMINAL)


def words_of(line: str) -> list[str]:
    """The words of `line`, without punctuation tokens (`/`, `&`, `|`)."""
    return list(_words(line))


# the cleaner asks for the words of the same line or paragraph many times (its length, its
# density, whether it is a label or a headline): found once, kept as a tuple no caller can change
# (a page's lines and paragraphs fit; fewer than the other caches keep, as words take more room)
@functools.lru_cache(maxsize=1024)
def _words(line: str) -> tuple[str, ...]:
    return tuple(WORD.findall(line))


# is_prose and stopword_density are asked of the same line many times per page (each pass of
# the cleaner judges the paragraphs again), hence the caches
@functools.lru_cache(maxsize=4096)
def stopword_density(line: str) -> float:
    """The share of function words (`the`, `of`, `is`): high in prose, near zero in
    menus, labels and link lists (jusText's main signal)."""
    words = _words(line)
    return sum(w.lower() in STOP_WORDS for w in words) / len(words) if words else 0.0


@functools.lru_cache(maxsize=4096)
def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a heading or a widget."""
    words = _words(line)
    long_enough = len(words) >= 12 or (len(words) >= 6 and line.rstrip('"”’\'').endswith((".", "?", "!")))
    return long_enough and stopword_density(line) >= 0.1


def is_headline(line: str) -> bool:
    return 3 <= len(_words(line)) <= 30 and not line.endswith((".", ":", ","))


def looks_like_stamp(line: str) -> bool:
    """A short line with a full date and no running text: `08:09, April 01, 2013`."""
    if len(line.split()) > 12:  # tested first: cheaper than looking for the date
        return False
    match = FULL_DATE.search(line)
    if not match:
        return False
    rest = line[: match.start()] + " " + line[match.end() :]
    return not re.search(r"\b[a-z]+\s+[a-z]+\s+[a-z]+\b", rest)  # three lower-case words in a row read as text


def bullet_of(line: str) -> str | None:
    """The bullet a list item opens with (`- `, `• `, `* `, `1. `), or None."""
    match = BULLET.match(line)
    return match.group(0) if match else None


def is_inline_list(line: str) -> bool:
    """Several items strung on one line by bullets (`Top news  • A  • B  • C`)."""
    return len(INLINE_BULLET.findall(line)) >= 2 and line.count("•") + line.count("·") + line.count("|") >= 2


@functools.lru_cache(maxsize=4096)  # each pass of the cleaner asks it of every paragraph and its neighbours
def is_label(line: str, max_words: int = 8) -> bool:
    """A short line that is not a sentence, each word capitalised or in capitals
    (`Hot Topics`, `Editor's Picks`, `LATEST NATIONAL STORIES`, `• Group`), or with
    no word at all (`...`, `8.03K`): widget labels and link texts, not prose."""
    text = line[len(bullet_of(line) or ""):]
    words = [w for w in words_of(text) if w[0].isalpha()]
    if not words:
        return True
    if len(words) > max_words or (ends_sentence(text) and not text.endswith(":")):
        return False
    return all(w[0].isupper() for w in words)


def social_share(line: str, vocabulary: frozenset[str]) -> float:
    """The share of a line's content words that name sharing links and social sites
    (`Print E-mail Bookmark and Share`, `Apple News Facebook Twitter 新浪微博`), a date
    and function words left aside; 0 when fewer than two such words."""
    text = FULL_DATE.sub(" ", line) if DIGIT.search(line) else line  # every full date has digits
    tokens = [t.lower() for t in LETTER_WORD.findall(text)]
    if sum(t in vocabulary for t in tokens) < 2:
        return 0.0  # fewer than two social words even before the content words are picked out
    content = [t for t in tokens if t not in STOP_WORDS and not MONTH_NAME.fullmatch(t) and not WEEKDAY.fullmatch(t)]
    social = sum(t in vocabulary for t in content)
    return social / len(content) if content and social >= 2 else 0.0


def word_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the two lines' lower-cased words."""
    x, y = {w.lower() for w in words_of(a)}, {w.lower() for w in words_of(b)}
    return len(x & y) / len(x | y) if x and y else 0.0
