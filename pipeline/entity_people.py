"""Chinese names the model misses, run by `newsfacts_entity_repairs` after its place repairs.

`You Peiquan from Fujian Province finished third`: the model reads `You` as the
pronoun and skips the name. A capitalised surname of `models/chinese_surnames.txt`
followed by a capitalised given name of two pinyin syllables, neither inside an
entity, is a person. Pinyin is a closed syllable system (initials + finals),
so the given name is checked against it, not against a list of names.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from newsfacts.spacy_doc import doc_tokens, doc_words

INITIALS = "zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw]"
FINALS = ("iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|"
          "ue|ve|er|a|o|e|i|u|v")
SYLLABLE = rf"(?:(?:{INITIALS})?(?:{FINALS}))"
GIVEN_NAME = re.compile(rf"^{SYLLABLE}{{2}}$")
NOT_NAME_TAGS = ("VB", "DT", "IN", "PRP", "MD", "CC", "WP", "WD", "TO", "RB")


def is_pinyin_given_name(word: str) -> bool:
    """Two pinyin syllables, capitalised: `Peiquan`, `Xueren`, `Zhili`; not `March`, `Said`."""
    return word[:1].isupper() and word[1:].islower() and bool(GIVEN_NAME.match(word.lower()))


def chinese_names(doc: Doc, spans: list[Span], surnames: frozenset[str], common_words: frozenset[str]) -> list[Span]:
    tokens = doc_tokens(doc)
    words = doc_words(doc)
    candidates = [i for i in range(len(words) - 1) if words[i] in surnames and is_pinyin_given_name(words[i + 1])]
    if not candidates:
        return spans
    taken = {i for s in spans for i in range(s.start, s.end)}
    lowercase = {w.lower() for w in words if w.islower()}
    found = []
    for i in candidates:
        token, given = tokens[i], tokens[i + 1]
        if token.i in taken or given.i in taken or not token.whitespace_:
            continue
        if not is_pinyin_given_name(given.text) or given.lower_ in lowercase or given.lower_ in common_words \
                or given.tag_.startswith(NOT_NAME_TAGS):
            continue
        if given.i + 1 < len(doc) and tokens[given.i + 1].text[:1].isupper():
            continue  # part of a longer capitalised run: a title or an organization
        found.append(Span(doc, token.i, given.i + 1, label="PERSON"))
    return spans + found
