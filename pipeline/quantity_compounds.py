"""Quantities made of more than one unit: the unit words themselves, compound
durations (`2 hours, 1 minute, 39 seconds` is one fact of 7299 s), units divided
by units (`47 micrograms per cubic meter`, `120 kilometres an hour`) and prices
(`3 yuan a kilogram` is money). Word lists are in `models/quantity_rules.json`;
unit arithmetic is pint's.
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc, Token

from newsfacts.quantity_lexicon import Lexicon, pint_quotient, unit_table
from newsfacts.spacy_doc import doc_tokens

# units a compound duration is summed from, largest first
DURATION_PARTS = ("week", "day", "hour", "min", "s")


def lower_text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip().lower()


def unit_at(doc: Doc, j: int, lex: Lexicon) -> tuple[str, list, int] | None:
    """The longest unit or currency word starting at token j: (surface, entry, end)."""
    tokens = doc_tokens(doc)
    if j >= len(doc) or tokens[j].lower_ not in lex.unit_first_words:
        return None
    for n in range(min(lex.max_unit_tokens, len(doc) - j), 0, -1):
        window = tokens[j : j + n]
        if any(t.is_space for t in window) or any("\n" in t.whitespace_ for t in window[:-1]):
            continue  # a fact never runs over a line break
        joined = lower_text(window)
        for surface in {joined, joined.replace("-", " "), "".join(t.lower_ for t in window)}:  # `square-meter`
            if surface in lex.units:
                return surface, lex.units[surface], j + n
            if surface in lex.currency_words:
                return surface, [lex.currency_words[surface], "money"], j + n
    return None


def _same_line(doc: Doc, start: int, end: int) -> bool:
    return not any("\n" in t.text_with_ws for t in doc[start:end])


def _separator_end(doc: Doc, k: int, lex: Lexicon) -> int | None:
    """The token after a list separator at k (`,` / `and` / `, and`), or None."""
    for n in (2, 1):
        if k + n <= len(doc) and lower_text(list(doc[k : k + n])) in lex.rules.list_separators:
            return k + n
    return None


def compound_duration(doc: Doc, end: int, unit: str, value: float, lex: Lexicon,
                      number_at) -> tuple[float, int] | None:
    """`2 hours, 1 minute, 39 seconds`, `1 minute and 18 seconds`: the total in
    seconds and the end token, when at least one smaller part follows."""
    if unit not in DURATION_PARTS:
        return None
    tokens = doc_tokens(doc)
    seconds = unit_table(lex).seconds
    total, last, parts = value * seconds[unit], unit, 1
    while end < len(doc):
        k = _separator_end(doc, end, lex)
        if k is None and tokens[end - 1].whitespace_:
            k = end  # `4 minutes 25.87 seconds`
        if k is None or k >= len(doc) or not _same_line(doc, end, k + 1):
            break
        number = number_at(doc, k, lex)
        if number is None or number[2] is not None or number[3] is not None:
            break
        part = unit_at(doc, number[1], lex)
        if part is None or part[1][0] not in DURATION_PARTS:
            break
        if DURATION_PARTS.index(part[1][0]) <= DURATION_PARTS.index(last):
            break  # parts only get smaller: `2 hours and 3 hours` is two facts
        total += number[0] * seconds[part[1][0]]
        last, end, parts = part[1][0], part[2], parts + 1
    return (float(f"{total:.12g}"), end) if parts > 1 else None


def divided_unit(numerator: tuple[str, str], denominator: tuple[str, str], lex: Lexicon) -> tuple[str, str] | None:
    """(unit, kind) of a (unit, kind) divided by another: a length by a duration is a
    speed; anything else by a duration is a rate that reads as its amount (`1.4
    million tons a day`: None); the rest a compound `other` as pint writes it."""
    if denominator[1] == "duration":
        if numerator[1] != "length":
            return None
        short = {("km", "hour"): "km/h", ("mi", "hour"): "mph"}
        return short.get((numerator[0], denominator[0]), f"{numerator[0]}/{denominator[0]}"), "speed"
    key = f"{numerator[0]}/{denominator[0]}"
    quotients = unit_table(lex).quotients
    written = quotients[key] if key in quotients else pint_quotient(numerator[0], denominator[0],
                                                                    tuple(lex.pint_definitions))
    return (written, "other") if written else None


def _across_conversion(doc: Doc, end: int) -> int | None:
    """`108 kilometers (67 miles) per hour`: the token after a conversion in
    parentheses that stands between a unit and its `per`, or after the `)` that
    closes the converted amount; None when there is none."""
    tokens = doc_tokens(doc)
    if end < len(doc) and tokens[end].text == ")":
        return end + 1
    if end < len(doc) and tokens[end].text == "(":
        for k in range(end + 2, min(end + 8, len(doc))):
            if tokens[k].text == ")":
                return k + 1
            if "\n" in tokens[k].text_with_ws:
                break
    return None


def per_unit(doc: Doc, end: int, entry: list, lex: Lexicon) -> tuple[list, int] | None:
    """A unit divided by another (`per cubic meter`, `an hour`, `/h`): (new entry, end).
    Money stays money, the price as value (`3 yuan a kilogram`, `50 yuan per person`).
    Across a conversion in parentheses (`108 km (67 miles) per hour`) the unit
    changes and the fact keeps its end, so the converted amount is a fact too."""
    tokens = doc_tokens(doc)
    across = _across_conversion(doc, end)
    if across is not None and entry[1] not in ("money", "percent", "count", "other"):
        divided = per_unit(doc, across, entry, lex)
        return (divided[0], end) if divided is not None and divided[0][1] == "speed" else None
    if end + 1 >= len(doc) or tokens[end].lower_ not in lex.rules.per_words or not _same_line(doc, end, end + 2):
        return None
    if tokens[end].lower_ in ("a", "an", "each", "every") and tokens[end - 1].lower_ in ("percent", "%"):
        return None
    below = unit_at(doc, end + 1, lex)
    kind = entry[1]
    if kind == "money":
        if below is not None and below[1][1] not in ("money", "percent"):
            return entry, below[2]
        if tokens[end].lower_ == "per" and tokens[end + 1].tag_ in ("NN", "NNS"):
            return entry, end + 2  # `500 yuan per person`
        return None
    if below is None or kind in ("percent", "count", "other") or below[1][1] in ("money", "percent", "count", "other"):
        return None
    if len(entry) > 2 or len(below[1]) > 2:
        return None  # decades and centuries have no place in a compound unit
    divided = divided_unit((entry[0], kind), (below[1][0], below[1][1]), lex)
    if divided is None:
        return None
    return [divided[0], divided[1]], below[2]
