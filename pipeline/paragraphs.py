"""Paragraphs of a page's body: wrapped lines joined back, and each paragraph judged.

`build_paragraphs` takes the text lines from the body's start to its end (a related
list, a comment widget, a copyright line) and joins hard-wrapped lines back into
paragraphs (`wrap_width`, `is_wrapped`). `mark_captions_and_widgets` judges them: an
uncredited caption (a repeat of the headline, of itself or nearly of another unfinished
line, a lone long unpunctuated line between paragraphs, a caption cut off at the end of
the excerpt), a link or tag list (almost no function words, jusText's signal), short
labels in a block (widget text), and whatever follows the last finished paragraph but
for the page's cut-off last line. The cleaner repeats both until nothing changes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsfacts.page_lines import (TERMINAL, bullet_of, ends_sentence, is_label, is_prose, stopword_density, word_overlap,
                                 words_of)


def finishes(text: str) -> bool:
    """Whether a paragraph ends as finished text does: a sentence's end, also before
    a closing bracket (`… in 2013.)`, `… (Xinhua).`)."""
    return text.rstrip('"”’\')]').endswith(TERMINAL)


@dataclass
class Paragraph:
    indices: list[int]  # its lines, as indices into the page's non-empty lines
    text: str


def build_paragraphs(lines: list[tuple[int, str]], roles: list[str], body_start: int,
                     stop_kinds: set[str]) -> list[Paragraph]:
    """The text lines from the body's start to its end (a related-article list or a
    copyright line), hard-wrapped lines joined back into their paragraphs."""
    candidates = []
    for i in range(body_start, len(lines)):
        if roles[i].startswith("drop:") and roles[i][5:] in stop_kinds and candidates:
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


def mark_captions_and_widgets(paragraphs: list[Paragraph], lines: list[tuple[int, str]],
                              roles: list[str], title: str | None) -> bool:
    """Inside the body, find what reads as an uncredited photo caption or widget text:
    a paragraph repeating the headline, repeated itself or nearly repeating another
    unfinished one, a lone long paragraph that is not a sentence, a cut-off last line
    that starts as a caption of the page did; paragraphs with almost no function words
    (the jusText idea: link lists, tag lists); short labels next to each other (a
    widget: `Eyes On The Prizefighters` / `Ann Coulter`); and what follows the last
    finished paragraph, but for the page's cut-off last line. Returns whether any
    paragraph was taken out."""
    changed = False
    title_words = set(w.lower() for w in words_of(title or ""))
    repeated = Counter(p.text for p in paragraphs)
    numbers = [n for n, _ in lines]
    long_ones = [p.text for p in paragraphs if len(words_of(p.text)) >= 12]
    sentences_end = sum(map(ends_sentence, long_ones)) >= 0.7 * max(1, len(long_ones))
    unfinished = [p.text for p in paragraphs if not finishes(p.text) and len(words_of(p.text)) >= 4]
    captions = [text for (_, text), role in zip(lines, roles) if role == "caption"]
    last_finished = max((k for k, p in enumerate(paragraphs) if finishes(p.text)), default=-1)
    cut_off = _cut_off_end(paragraphs, lines, roles, last_finished)
    for k, paragraph in enumerate(paragraphs):
        text, role = paragraph.text, None
        words = [w.lower() for w in words_of(text)]
        page_end = paragraph.indices[-1] == len(lines) - 1
        if title_words and not is_prose(text) and _overlap(words, title_words) >= 0.7:
            role = "caption"
        elif repeated[text] > 1 and len(words) >= 8:  # as repeated lines are, once reflowed
            role = "caption"
        elif text in unfinished and any(other != text and word_overlap(text, other) >= 0.5 for other in unfinished):
            role = "caption"  # one picture's caption written twice (`Sonali explains what's going on …`)
        elif page_end and not finishes(text) and any(word_overlap(text, c) >= 0.5 for c in captions):
            role = "caption"  # a caption cut off at the end of the excerpt
        elif (sentences_end and len(words) >= 12 and not ends_sentence(text)
              and isolated(numbers, paragraph.indices) and k < last_finished):  # between paragraphs, not after them
            role = "caption"
        elif len(words) >= 8 and stopword_density(text) < (0.05 if finishes(text) else 0.1) and k > 0:
            role = "drop:low_density"
        elif _in_label_block(paragraphs, k):
            role = "drop:label"
        elif 0 <= last_finished < k and k not in cut_off:
            role = "drop:after_body"
        for i in paragraph.indices if role else ():
            roles[i] = role
            changed = True
    return changed


def _cut_off_end(paragraphs: list[Paragraph], lines: list[tuple[int, str]], roles: list[str],
                 last_finished: int) -> set[int]:
    """The paragraphs after the last finished one that are still body: the page's last
    line, cut off by the excerpt (`At the Jiangxi P`), when only captions, dropped
    widgets, a label block or one subheading stand between it and the body."""
    if last_finished < 0 or last_finished == len(paragraphs) - 1:
        return set()
    last = paragraphs[-1]
    if last.indices[-1] != len(lines) - 1 or not _opens_paragraph(last.text):
        return set()
    between = range(last_finished + 1, len(paragraphs) - 1)
    subheadings = [k for k in between if not _in_label_block(paragraphs, k)]
    if len(subheadings) > 1 or any(is_label(paragraphs[k].text) or len(words_of(paragraphs[k].text)) > 10
                                   or not _opens_paragraph(paragraphs[k].text) for k in subheadings):
        return set()
    others = set(range(paragraphs[last_finished].indices[-1] + 1, last.indices[0])) - {
        i for k in between for i in paragraphs[k].indices}
    if any(roles[i] != "caption" and (not roles[i].startswith("drop:") or roles[i][5:] in ("after_body", "related"))
           for i in others):
        return set()
    return {*subheadings, len(paragraphs) - 1}


def _opens_paragraph(text: str) -> bool:
    """Whether `text` starts as a paragraph does (a capital, a digit, a quote), not as a
    list item or the second half of a wrapped line."""
    return bool(re.match(r"[\"“‘'(]?[A-Z0-9]", text)) and not bullet_of(text)


def _in_label_block(paragraphs: list[Paragraph], k: int) -> bool:
    """A short label with another short unfinished line next to it (`Eyes On The
    Prizefighters` / `Ann Coulter`): widget or teaser text, not a subheading, which
    stands alone between paragraphs."""
    if len(paragraphs[k].indices) > 1 or not is_label(paragraphs[k].text, 6):
        return False
    return any(0 <= j < len(paragraphs) and not finishes(paragraphs[j].text) and len(words_of(paragraphs[j].text)) <= 8
               for j in (k - 1, k + 1))


def _overlap(words: list[str], reference: set[str]) -> float:
    return len(set(words) & reference) / max(1, len(set(words) | reference))


def isolated(numbers: list[int], indices: list[int]) -> bool:
    """Whether lines `indices` stand alone, a blank line before and after them in the source."""
    first, last = indices[0], indices[-1]
    before = first == 0 or numbers[first - 1] < numbers[first] - 1
    after = last == len(numbers) - 1 or numbers[last + 1] > numbers[last] + 1
    return before and after
