"""Fractions: shares (`two thirds`, `two-thirds`, `1/3 of`, kind percent) and
fractions of a unit (`a quarter of a century` is 25 years, `half an hour`)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsfacts.quantity_compounds import unit_at
from newsfacts.quantity_lexicon import Lexicon
from newsfacts.spacy_doc import doc_tokens

SLASH_FRACTION = re.compile(r"^(?P<top>\d{1,2})/(?P<bottom>\d{1,2})$")

# (end token, value, unit, kind) of a share or a fraction of a unit
Share = tuple[int, float, str, str]


def hyphen(doc: Doc, j: int) -> int:
    """1 when token j is a `-` joining two words written together (`two-thirds`), else 0."""
    tokens = doc_tokens(doc)
    return int(0 < j < len(doc) - 1 and tokens[j].text == "-" and not tokens[j - 1].whitespace_ and not tokens[j].whitespace_)


def is_fraction(doc: Doc, i: int, j: int, lex: Lexicon) -> bool:
    """`two thirds`, `a quarter`, but not `the first three quarters` (of a year)."""
    tokens = doc_tokens(doc)
    if j >= len(doc) or tokens[j].lower_ not in lex.fractions or not tokens[i].is_alpha:
        return False
    return i == 0 or tokens[i - 1].lower_ not in ("first", "last", "past", "next", "previous", "final")


def slash_fraction(doc: Doc, i: int) -> Share | None:
    """`1/3 of the land`: a share in percent (only before `of`: `3/4` alone may be a date)."""
    tokens = doc_tokens(doc)
    match = SLASH_FRACTION.match(tokens[i].text)
    if match is None or i + 1 >= len(doc) or tokens[i + 1].lower_ != "of" or not 0 < int(match["top"]) < int(match["bottom"]):
        return None
    return i + 1, float(f"{100 * int(match['top']) / int(match['bottom']):.12g}"), "percent", "percent"


def a_fraction_of(doc: Doc, i: int, lex: Lexicon) -> Share | None:
    """`a third of the land`: a share in percent (`a quarter` alone is too often three
    months, so only before `of`)."""
    tokens = doc_tokens(doc)
    if tokens[i].lower_ not in ("a", "an") or i + 2 >= len(doc) or tokens[i + 1].lower_ not in lex.fractions \
            or tokens[i + 1].lower_.endswith("s") or tokens[i + 2].lower_ != "of":
        return None
    return i + 2, float(f"{100 * lex.fractions[tokens[i + 1].lower_]:.10g}"), "percent", "percent"


def fraction_of_unit(doc: Doc, i: int, j: int, value: float, lex: Lexicon) -> Share | None:
    """`a quarter of a century` (25 years), `half an hour`, `two thirds of a mile`."""
    tokens = doc_tokens(doc)
    if tokens[i].lower_ == "half":
        fraction, k = 0.5, i + 1
    elif j == i and tokens[i].lower_ in ("a", "an") and i + 1 < len(doc) and tokens[i + 1].lower_ in lex.fractions:
        fraction, k = lex.fractions[tokens[i + 1].lower_], i + 2
    elif i < j < len(doc) and tokens[j].lower_ in lex.fractions:
        fraction, k = lex.fractions[tokens[j].lower_], j + 1
    else:
        return None
    k += k < len(doc) and tokens[k].lower_ == "of"
    if not fraction or k + 1 >= len(doc) or tokens[k].lower_ not in ("a", "an"):
        return None
    unit = unit_at(doc, k + 1, lex)
    if unit is None or unit[1][1] in ("money", "percent", "count", "other"):
        return None
    factor = unit[1][2] if len(unit[1]) > 2 else 1
    return unit[2], float(f"{value * fraction * factor:.12g}"), unit[1][0], unit[1][1]
