"""What the words around a number say about it: a label rather than an amount
(`No. 2 tower`, `Tianwen 1 probe`, `5G`, `the Five-Year Plan`, `100m freestyle`,
a headline in capitals), a unit left to the context (`up to 32 degrees` in
weather copy is Celsius; `up 3.0, 5.8 and 7.0 percent` and `up 3.0 percent, 5.8`
share one unit). Word lists are in `models/quantity_rules.json`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newsfacts.quantity_compounds import lower_text
from newsfacts.quantity_lexicon import Lexicon
from newsfacts.record import Quantity
from newsfacts.spacy_doc import doc_text, doc_tokens

NAME_TAGS = {"NNP", "NNPS"}
WORD = re.compile(r"\w+")


def is_label(doc: Doc, i: int, lex: Lexicon, has_unit: bool) -> bool:
    """A number that names rather than counts: `No. 2`, `#3`, `Tianwen 1`, `Hualong One`."""
    tokens = doc_tokens(doc)
    for n in (2, 1):
        if i - n >= 0 and lower_text(list(doc[i - n : i])) in lex.rules.identifier_prefixes \
                and not tokens[i - n].text[:1].islower():
            return True
    if has_unit or i == 0:
        return False
    if i >= 2 and tokens[i - 1].lower_ in ("in", "out") and tokens[i - 2].like_num:
        return True  # `one in five adults`: a share, not a count of five
    if tokens[i - 1].lower_ in lex.rules.label_words and not tokens[i].is_alpha:
        return True  # `a Category 5 storm`, `Phase 2`
    name, number = tokens[i - 1], tokens[i]
    if name.tag_ not in NAME_TAGS or not name.text[:1].isupper() or not name.text[-1].isalpha() \
            or not name.whitespace_ or name.ent_type_ in ("DATE", "MONEY") or name.lower_ in lex.currency_prefixes:
        return False
    # a short plain integer or a capitalised number word after a name is part of it
    return (number.text.isdigit() and len(number.text) <= 3) or (number.is_alpha and number.text.istitle())


def in_capitals_line(doc: Doc, i: int, end: int) -> bool:
    """A number in a line written all in capitals (a headline or a menu): `FIVE EASY PIECES`."""
    tokens = doc_tokens(doc)
    words = [t for t in doc[i:end] if t.is_alpha]
    if not words or not all(t.text.isupper() for t in words):
        return False
    text = doc_text(doc)
    start = text.rfind("\n", 0, tokens[i].idx) + 1
    stop = text.find("\n", tokens[i].idx)
    letters = [c for c in text[start : stop if stop >= 0 else len(text)] if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


def is_title_compound(doc: Doc, j: int, unit_end: int) -> bool:
    """`the Five-Year Plan`, `a 10-Year Programme`: a unit written in title case,
    joined to its number, before a capitalised word, is a name."""
    tokens = doc_tokens(doc)
    if j >= len(doc) or tokens[j].text != "-" or unit_end >= len(doc):
        return False
    unit_word = tokens[unit_end - 1]
    return unit_word.text.istitle() and tokens[unit_end].text[:1].isupper() and tokens[unit_end].is_alpha


def is_glued_capital(doc: Doc, j: int, surface: str) -> bool:
    """`5G`, `4G`, `3D`: one capital letter glued to digits names a technology, not grams."""
    tokens = doc_tokens(doc)
    token = tokens[j]
    return j > 0 and not tokens[j - 1].whitespace_ and len(token.text) == 1 and token.text.isupper() \
        and surface.islower()


def is_event(doc: Doc, end: int, lex: Lexicon) -> bool:
    """`the 100m freestyle`, `the 110m hurdles`: a distance naming a race."""
    tokens = doc_tokens(doc)
    return end < len(doc) and tokens[end].lower_ in lex.rules.event_nouns


def weather_paragraph(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Whether token i's paragraph talks about the weather (so `degrees` is Celsius)."""
    tokens = doc_tokens(doc)
    text = doc_text(doc)
    start = text.rfind("\n", 0, tokens[i].idx) + 1
    stop = text.find("\n", tokens[i].idx)
    paragraph = " " + " ".join(WORD.findall(text[start : stop if stop >= 0 else len(text)].lower())) + " "
    return any(f" {word} " in paragraph for word in lex.rules.weather_words)  # whole words: `hot` is not in `photo`


def list_tail(doc: Doc, j: int, lex: Lexicon, number_at) -> int | None:
    """`3.0, 5.8 and 7.0 percent`: from the token after the first number, the index
    of the list's last number (whose unit the others share), or None."""
    k, last = j, None
    for _ in range(8):
        k2 = None
        for n in (2, 1):
            separator = lower_text(list(doc[k : k + n])) if k + n < len(doc) else ""
            if separator in lex.rules.list_separators and not separator.endswith("or"):
                k2 = k + n  # (`280 million, or 19.8 percent` restates, it lists nothing)
                break
        if k2 is None or any("\n" in t.text_with_ws for t in doc[k:k2]):
            break
        number = number_at(doc, k2, lex)
        if number is None or number[3] is not None:
            break
        last, k = k2, number[1]
    return last


def previous_in_list(doc: Doc, i: int, j: int, earlier: list[Quantity]) -> Quantity | None:
    """The measured fact a bare number shares its unit with: the one just before it
    in a list (`up 3.0 percent, 5.8 and ...`) or in parentheses (`(44mm), Road (42.5)`)."""
    tokens = doc_tokens(doc)
    if not earlier or earlier[-1].kind == "count":
        return None
    previous = earlier[-1]
    between = text_between(doc, previous.end, i)
    if between is None or "\n" in between:
        return None
    # the item ends the list or the clause (`5.8 and`, `0.9 in May`; a whole number
    # before a preposition is too often something else: `12 of them`, `40 from the county`)
    ends_item = j >= len(doc) or tokens[j].is_punct or tokens[j].tag_ == "CC" \
        or (tokens[j].tag_ in ("IN", "RB") and "." in tokens[i].text and tokens[j].lower_ != "of")
    if between.strip() in (",", ", and", "and") and ends_item and (j >= len(doc) or tokens[j].text not in ("-", "–")):
        return previous
    enclosed = tokens[i - 1].text == "(" and j < len(doc) and tokens[j].text == ")"
    if enclosed and between.startswith(")"):
        return previous
    return None


def is_occurrence(doc: Doc, start: int, j: int, lex: Lexicon) -> bool:
    """`they missed two times`: `times` counting occurrences, not a ratio (`16 times
    higher`, `surged 16 times`)."""
    tokens = doc_tokens(doc)
    if j >= len(doc) or tokens[j].lower_ != "times":
        return False
    after = tokens[j + 1] if j + 1 < len(doc) else None
    if after is not None and (after.lower_ in lex.rules.ratio_after or after.tag_ in ("JJR", "RBR")):
        return False
    return not any(t.lower_ in lex.rules.ratio_before for t in doc[max(0, start - 3) : start + 1])


def text_between(doc: Doc, start_char: int, i: int, limit: int = 80) -> str | None:
    """The text from `start_char` to token i, or None when longer than `limit`
    (read from the tokens: `doc.text` joins the whole Doc on every access)."""
    tokens = doc_tokens(doc)
    parts, k = [], i - 1
    while k >= 0 and tokens[k].idx >= start_char:
        parts.append(tokens[k].text_with_ws)
        k -= 1
        if len(parts) > limit:
            return None
    text = "".join(reversed(parts))
    if k >= 0 and tokens[k].idx + len(tokens[k].text) > start_char:  # the fact ended inside token k
        text = tokens[k].text_with_ws[start_char - tokens[k].idx :] + text
    elif k >= 0:
        text = tokens[k].whitespace_[start_char - tokens[k].idx - len(tokens[k].text):] + text
    return text if len(text) <= limit else None


def points_as_percent(fact: Quantity, earlier: list[Quantity]) -> None:
    """`approval rose to 56.9 percent, up 3 points`: points after a percent in the
    same sentence are percentage points (an index's `245 points` stay points)."""
    if fact.kind != "count" or fact.unit != "point":
        return
    if any(q.kind == "percent" and q.sentence_start == fact.sentence_start for q in earlier[-4:]):
        fact.unit, fact.kind, fact.si_value, fact.si_unit = "percent", "percent", fact.value, "percent"


def resolve_shared_signs(found: list[Quantity], text: str, lex: Lexicon) -> None:
    """A currency sign two currencies share (`¥` is yuan and yen) takes the currency
    the article names in words: `¥800 million` in a story about yen is JPY."""
    signed = [q for q in found if q.kind == "money" and q.text[:1] in lex.rules.shared_signs]
    if not signed:
        return
    words = set(WORD.findall(text.lower()))
    for q in signed:
        for currency, names in lex.rules.shared_signs[q.text[0]].items():
            if words & set(names) and not any(words & set(other) for c, other in
                                               lex.rules.shared_signs[q.text[0]].items() if c != currency):
                q.unit = q.si_unit = currency
