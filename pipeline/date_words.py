"""The calendar's words as patterns, shared by the date modules (no other imports from
the date modules here, so that they can all use it without a cycle)."""

from __future__ import annotations

import functools
import re

from newsfacts.resources import load_json

MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
MONTH_NAME = re.compile(rf"\b{MONTHS}\b\.?", re.IGNORECASE)
WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
YEAR = re.compile(r"\b(1[5-9]\d{2}|20\d{2})\b")
DECADE = re.compile(r"\b((?:1[5-9]|20)\d)0s\b")
POSSESSIVE = re.compile(r"['’]s$")


def month_number(name: str) -> int:
    """`Sept.` -> 9, `january` -> 1."""
    return [m[:3] for m in ("jan feb mar apr may jun jul aug sep oct nov dec".split())].index(name[:3].lower()) + 1


@functools.lru_cache(maxsize=1)
def word_lists() -> dict:
    return load_json("dates.json")


@functools.lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(prefix, the characters that may join it to the date), longest prefix first."""
    hyphenated = set(word_lists()["hyphen_prefixes"])
    prefixes = sorted(word_lists()["strip_prefixes"], key=len, reverse=True)
    # `mid-July` as well as `mid July`
    return tuple((prefix, (" ", "-") if prefix in hyphenated else (" ",)) for prefix in prefixes)


@functools.lru_cache(maxsize=1)
def _prefix_words() -> tuple[str, ...]:
    return tuple(prefix for prefix, _ in _prefixes())


@functools.lru_cache(maxsize=4096)  # a date's text is stripped several times on its way through the stage
def strip_prefixes(text: str) -> str:
    """`by the end of August` -> `August`; `this year's` -> `this year`: the words around
    a date that do not change its value (`models/dates.json` strip_prefixes)."""
    text = POSSESSIVE.sub("", text.strip())
    lowered = text.lower()
    changed = lowered.startswith(_prefix_words())  # most dates open with none: one test
    while changed:
        changed = False
        for prefix, joiners in _prefixes():
            if lowered.startswith(prefix) and lowered[len(prefix) : len(prefix) + 1] in joiners:
                text, lowered = text[len(prefix) + 1 :].lstrip(), lowered[len(prefix) + 1 :].lstrip()
                changed = True
    return text
