"""Stage 6, quantities: numeric facts with unit, kind, SI value, qualifier, subject.

Works on the tokens of the spaCy Doc (tagger output, no parser needed):

    [qualifier] [currency] NUMBER [scale] [- | to NUMBER] [-] UNIT [of SUBJECT]
    [qualifier] NUMBER [scale] ADJ* NOUN+            (a count: the noun is the unit)

Numbers are digits (`1,731`, `1.2`), number words (`seven`, `twenty-five`),
`a dozen`, `a million` and vague amounts (`tens of thousands of`). Units,
currencies, number words and qualifiers are data in `models/units.json` and
`models/numbers.json`; conversion to SI is pint's. Years, ordinals, times of
day and identifiers (`Chang'e-5`) are not quantities.

Split by concern: `quantity_counts` (what a count counts), `quantity_compounds`
(unit words, compound durations, units per unit, prices), `quantity_context`
(labels that are not amounts, units from the context, lists sharing a unit),
`quantity_subjects` (what a measure measures); their word lists are in
`models/quantity_rules.json`.

Registered as the spaCy component `newsfacts_quantities`, which stores the
facts on `Doc._.quantities` (offsets into the Doc's text).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsfacts.quantity_compounds import compound_duration, lower_text as _lower, per_unit, unit_at as _unit_at
from newsfacts.quantity_context import (in_capitals_line, is_event, is_glued_capital, is_label, is_occurrence,
                                       is_title_compound, list_tail, points_as_percent, previous_in_list,
                                       resolve_shared_signs, weather_paragraph)
from newsfacts.quantity_counts import counted, noun_run as _noun_run
from newsfacts.quantity_fractions import a_fraction_of, fraction_of_unit, hyphen, is_fraction, slash_fraction
from newsfacts.quantity_lexicon import Lexicon, load_lexicon, si_value, unit_table
from newsfacts.quantity_subjects import subject_before as _subject_before, subject_from_tree
from newsfacts.record import Quantity
from newsfacts.spacy_doc import doc_text, doc_tokens, drop_caches, record_component_failure

DIGITS = re.compile(r"^(?P<num>[-−]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))(?P<suffix>[^\d\s]*)$")  # `-0.5` is negative
YEAR = re.compile(r"(1[5-9]|20)\d\d")
GLUED_MONEY = re.compile(r"^(?P<currency>[A-Za-z]{1,3}[$.]?|[£€¥₹$])(?P<num>\d[\d,]*(?:\.\d+)?)(?P<suffix>[^\d\s]*)$")


def _glued_currency(text: str, lex: Lexicon) -> tuple[str | None, re.Match | None]:
    """`HK$300`, `S$20`, `NT$3` (one token): the currency and the amount's match."""
    match = GLUED_MONEY.match(text) if not text[:1].isdigit() else None
    if match is None or match.group("currency").lower() not in lex.currency_prefixes:
        return None, None
    return lex.currency_prefixes[match.group("currency").lower()], match


def _number_at(doc: Doc, i: int, lex: Lexicon) -> tuple[float, int, str | None, str | None] | None:
    """(value, end index, qualifier from a vague amount, unit suffix glued to digits) or None."""
    tokens = doc_tokens(doc)
    token = tokens[i]
    text = token.lower_
    if text in lex.vague_first_words:
        for phrase, (value, qualifier) in lex.vague_longest_first:
            n = phrase.count(" ") + 1
            if i + n <= len(doc) and _lower(list(doc[i : i + n])) == phrase:
                return float(value), i + n, qualifier, None
    suffix = None
    match = DIGITS.match(token.text) or _glued_currency(token.text, lex)[1]
    if match:
        value = float(match.group("num").replace(",", "").replace("−", "-"))
        suffix = match.group("suffix").lower() or None
        j = i + 1
    elif text in ("a", "an") and i + 1 < len(doc) and (tokens[i + 1].lower_ in lex.scales or tokens[i + 1].lower_ == "dozen"):
        value, j = 1.0, i + 1
    elif text == "half" and i + 2 < len(doc) and tokens[i + 1].lower_ in ("a", "an") and tokens[i + 2].lower_ in lex.scales:
        value, j = 0.5, i + 2  # `half a million`
    elif text in lex.number_words and text not in ("half",):
        value, j = float(lex.number_words[text]), i + 1
        # `twenty-five`: a tens word, a hyphen, a units word
        if j + 1 < len(doc) and tokens[j].text == "-" and tokens[j + 1].lower_ in lex.number_words and value >= 20:
            value, j = value + lex.number_words[tokens[j + 1].lower_], j + 2
    else:
        return None
    money = (i > 0 and tokens[i - 1].lower_ in lex.currency_prefixes) or _glued_currency(token.text, lex)[0] is not None
    if suffix in lex.scales or (money and suffix in lex.rules.glued_scales):
        value, suffix = value * lex.scales.get(suffix, lex.rules.glued_scales.get(suffix, 1)), None
    if money and suffix is None and j < len(doc) and not tokens[j - 1].whitespace_ and tokens[j].lower_ in lex.rules.glued_scales:
        value, j = value * lex.rules.glued_scales[tokens[j].lower_], j + 1  # `£10m`, `$3bn`
    # `30m TEUs`: an `m` glued to the digits and followed by a plural noun means million
    # (`the 100m freestyle` is a distance)
    if j < len(doc) and tokens[j].lower_ == "m" and not tokens[j - 1].whitespace_ and j + 1 < len(doc) \
            and (tokens[j + 1].tag_ in ("NNS", "NNPS") or tokens[j + 1].lower_ in lex.units):
        value, j = value * 1_000_000, j + 1
    while j < len(doc) and (tokens[j].lower_ in lex.scales or tokens[j].lower_ == "dozen"):
        value *= lex.scales.get(tokens[j].lower_, 12)
        j += 1
    if hyphen(doc, j) and tokens[j + 1].lower_ in lex.scales and j > i:
        value, j = value * lex.scales[tokens[j + 1].lower_], j + 2  # `a 2.4-billion-dollar project`
    return float(f"{value:.12g}"), j, None, suffix  # 33.05 million is 33050000, not 33049999.999999996


def _words_before(doc: Doc, i: int, n: int) -> str | None:
    """The n tokens before i, lower case, unless they cross a line break."""
    if i - n < 0 or any(t.is_space or "\n" in t.whitespace_ for t in doc[i - n : i]):
        return None
    return _lower(list(doc[i - n : i]))


def _qualifier_before(doc: Doc, i: int, lex: Lexicon) -> tuple[str | None, int]:
    tokens = doc_tokens(doc)
    number = i
    if i == 0 or (tokens[i - 1].lower_ not in lex.qualifier_ends and tokens[i - 1].lower_ not in lex.rules.filler_ends):
        return None, i  # most numbers: no qualifier word right before
    for n in ((4, 3, 2) if tokens[i - 1].lower_ in lex.rules.filler_ends else ()):
        if _words_before(doc, i, n) in lex.rules.qualifier_fillers:  # `exceeded a total of 18 trillion yuan`
            i -= n
            break
    for n in (3, 2, 1):
        if _words_before(doc, i, n) in lex.qualifiers:
            qualifier = lex.qualifiers[_lower(list(doc[i - n : i]))]
            if i - n > 0 and qualifier == "at_most" and tokens[i - n - 1].lower_ in lex.rules.total_verbs:
                return None, number  # `adding up to 1.8 trillion yuan` is a total
            return qualifier, i - n
    return None, number  # a filler alone stays out of the fact (`A total of 17 countries`)


def _is_identifier_or_year(doc: Doc, i: int, value: float, has_unit: bool) -> bool:
    tokens = doc_tokens(doc)
    token = tokens[i]
    if i >= 2 and tokens[i - 1].text in "-–" and not tokens[i - 2].whitespace_ and tokens[i - 2].is_alpha:
        return True  # `Chang'e-5`, `Tianwen-3`
    if (token.ent_type_ == "ORDINAL" or token.ent_type_ == "TIME") and not has_unit:
        return True  # `10th`; `8 p.m.` (but `eight hours` is a duration, and `12pc` a share the NER took for an ordinal)
    if not has_unit and YEAR.fullmatch(token.text):
        return True  # a year
    if not has_unit and token.ent_type_ == "DATE":
        return True  # the day of `April 25`
    return False


def find_quantities(doc: Doc, lex: Lexicon) -> list[Quantity]:
    """Every numeric fact in a spaCy Doc, offsets into `doc.text`."""
    tokens = doc_tokens(doc)
    found: list[Quantity] = []
    sentences = sentence_starts(doc)
    text = doc_text(doc)
    i = 0
    while i < len(doc):
        if not _may_start_number(tokens[i], lex):
            i += 1  # most tokens: no number can start here
            continue
        fact = _fact_at(doc, i, lex, found)
        if isinstance(fact, int):
            i = fact  # no fact here: go on from this token
            continue
        fact.sentence_start, fact.sentence_end = sentence_bounds(text, sentences, fact.start, fact.end)
        points_as_percent(fact, found)
        found.append(fact)
        i = fact_end_token(doc, fact)
    resolve_shared_signs(found, text, lex)
    return found


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where the Doc's sentences start (parser or sentencizer), once per Doc."""
    if not doc.has_annotation("SENT_START"):
        return [0]
    return [sentence.start_char for sentence in doc.sents]


def sentence_bounds(text: str, starts: list[int], start: int, end: int) -> tuple[int, int]:
    """Character offsets of the sentence holding `start:end`, never beyond its paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    k = bisect.bisect_right(starts, start) - 1
    sentence_start = starts[k] if k >= 0 else 0
    sentence_end = next((s for s in starts[k + 1:] if s >= end), len(text))
    line_start, line_end = max(line_start, sentence_start), min(line_end, sentence_end)
    while line_end > line_start and text[line_end - 1].isspace():
        line_end -= 1
    return line_start, line_end


def _may_start_number(token: Token, lex: Lexicon) -> bool:
    text = token.lower_
    first = text[:1]
    if first.isdigit() or (first and first in ".-−£€¥₹$"):
        return True
    if text in lex.number_words or text in ("a", "an") or text in lex.vague_first_words:
        return True
    # `HK$300`, `Rs10`, `RMB500`: a currency glued to the amount
    return first.isalpha() and ("$" in text[:4] or text[1:2].isdigit() or text[2:3].isdigit() or text[3:4].isdigit())


def fact_end_token(doc: Doc, fact: Quantity) -> int:
    span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
    return span.end if span is not None else len(doc)


def _fact_at(doc: Doc, i: int, lex: Lexicon, earlier: list[Quantity]) -> Quantity | int:
    """The fact whose number starts at token i, or the token index to go on from."""
    tokens = doc_tokens(doc)
    number = _number_at(doc, i, lex)
    if number is None:
        share = (fraction_of_unit(doc, i, i, 1.0, lex) or slash_fraction(doc, i) or _one_unit(doc, i, lex)
                 or a_fraction_of(doc, i, lex))
        if share is None:  # (`half a century`, `1/3 of`, `more than a week`)
            return i + 1
        qualifier, start = _qualifier_before(doc, i, lex)
        return _make(doc, start, share[0], share[1], share[2], share[3], qualifier, None, None, None, lex)
    value, j, vague_qualifier, suffix = number
    start_token = i
    currency = _glued_currency(tokens[i].text, lex)[0]
    if currency is None and i > 0 and tokens[i - 1].lower_ in lex.currency_prefixes:
        currency, start_token = lex.currency_prefixes[tokens[i - 1].lower_], i - 1
    if start_token > 0 and tokens[start_token - 1].lower_ in lex.rules.negative_words and value > 0:
        value, start_token = -value, start_token - 1  # `minus 5 degrees`
    qualifier, start_token = _qualifier_before(doc, start_token, lex)
    qualifier = qualifier or vague_qualifier  # `up to tens of thousands of`: the written one wins
    if hyphen(doc, j) and tokens[j + 1].lower_ in lex.rules.glued_qualifiers:
        qualifier, j = qualifier or lex.rules.glued_qualifiers[tokens[j + 1].lower_], j + 2  # `2,000-odd`
    value, value_min, value_max, j, start_token, suffix = _range(doc, i, j, value, start_token, suffix, lex)
    if value_max is not None:
        # a range reads as its middle, about; the bounds are kept
        value, qualifier = (value_min + value_max) / 2, qualifier or "approx"
    if value_max is None and hyphen(doc, j) and DIGITS.match(tokens[j + 1].text) and tokens[j + 1].text[:1].isdigit():
        return j + 2  # `a 2-0 win`, `3-1`: a score, not an amount
    if j + 1 < len(doc) and tokens[j].lower_ == "or" and tokens[j + 1].lower_ in lex.rules.or_more:
        qualifier, j = lex.rules.or_more[tokens[j + 1].lower_], j + 2  # `two or more bedrooms`

    unit_entry, end, subject = None, j, None
    if suffix:
        unit_entry = lex.units.get(suffix) or ([lex.currency_words[suffix], "money"] if suffix in lex.currency_words else None)
        glued = DIGITS.match(tokens[j - 1].text).group("suffix") if DIGITS.match(tokens[j - 1].text) else ""
        after_name = i > 0 and tokens[i - 1].text.istitle()  # `Long March 3C` is a rocket, `hit 38C` a temperature
        if unit_entry is None or (len(glued) == 1 and glued.isupper() and suffix.islower() and not currency
                                  and (unit_entry[1] != "temperature" or after_name)):
            return j  # `475BC`, `5G`: glued letters that are no unit
    elif currency:
        unit_entry = [currency, "money"]
    elif is_fraction(doc, i, j + hyphen(doc, j), lex):
        j += hyphen(doc, j)  # `two-thirds`
        share = fraction_of_unit(doc, i, j, value, lex)
        if share is not None:  # `a quarter of a century`
            qualifier, start = _qualifier_before(doc, i, lex)
            return _make(doc, start, share[0], share[1], share[2], share[3], qualifier, None, None, None, lex)
        unit_entry, end = ["percent", "percent", 100 * lex.fractions[tokens[j].lower_]], j + 1  # `two thirds`
    elif j < len(doc) and tokens[j + hyphen(doc, j)].lower_.lstrip("-") in lex.multipliers:
        if is_occurrence(doc, start_token, j, lex):
            return j + 1  # `missed two times`
        unit_entry, end = ["times", "other"], j + hyphen(doc, j) + 1  # `16 times`, `five fold`, `3.5-fold`
    else:
        unit_entry, end = _unit_after(doc, j, lex)
    if unit_entry is not None and unit_entry[1] == "label":
        return end  # `5G`
    if unit_entry is None and in_capitals_line(doc, i, j + 2):
        return j  # a headline in capitals
    if unit_entry is None and not YEAR.fullmatch(tokens[i].text):
        shared = _shared_unit(doc, i, j, lex, earlier)
        if shared is not None:
            unit_entry, value = shared[0], value * shared[1]
    if _is_identifier_or_year(doc, i, value, unit_entry is not None) or is_label(doc, i, lex, unit_entry is not None):
        return j
    if unit_entry is not None and (is_title_compound(doc, j, end) or (unit_entry[1] == "length" and is_event(doc, end, lex))):
        return end  # `the Five-Year Plan`, `the 100m freestyle`

    if unit_entry is not None:
        unit_symbol, kind = unit_entry[0], unit_entry[1]
        if unit_symbol == "degree" and weather_paragraph(doc, i, lex):
            unit_symbol, kind = "degC", "temperature"  # `up to 32 degrees` in weather copy
        factor = unit_entry[2] if len(unit_entry) > 2 else 1
        value = value * factor
        value_min, value_max = (v * factor if v is not None else None for v in (value_min, value_max))
        divided = per_unit(doc, end, [unit_symbol, kind], lex) if end > j or currency else None
        if divided is not None:
            (unit_symbol, kind), end = divided
        elif kind == "duration" and end > j and value_max is None:
            total = compound_duration(doc, end, unit_symbol, value, lex, _number_at)
            if total is not None:  # `2 hours, 1 minute, 39 seconds`
                value, end, unit_symbol = total[0], total[1], "s"
        if end + 1 < len(doc) and tokens[end].lower_ in ("and", "or") and tokens[end + 1].lower_ in lex.rules.or_more \
                and qualifier is None:
            qualifier, end = lex.rules.or_more[tokens[end + 1].lower_], end + 2  # `20 million yuan and above`
        after = end + 1 if end < len(doc) and tokens[end].lower_ == "of" else end
        run = _noun_run(doc, after) if after < len(doc) and (after != end or tokens[i + 1].text == "-") else None
        subject = run[0].text if run else _subject_before(doc, start_token, lex)
        if subject is None and doc.has_annotation("DEP"):
            subject = subject_from_tree(doc[start_token:end])
    else:
        count = counted(doc, i, j, value, lex, earlier, start_token, lambda t: _number_at(doc, t.i, lex) is not None)
        if count is None:
            return j
        unit_symbol, subject, end = count
        kind = "count"
    return _make(doc, start_token, end, value, unit_symbol, kind, qualifier, value_min, value_max, subject, lex)


def _make(doc: Doc, start: int, end: int, value: float, unit: str, kind: str, qualifier: str | None,
          value_min: float | None, value_max: float | None, subject: str | None, lex: Lexicon) -> Quantity:
    tokens = doc_tokens(doc)
    si, si_unit = si_value(value, unit, kind, lex)
    span = doc[start:end]
    text = span.text
    if text.endswith(".") and tokens[end - 1].lower_ in lex.rules.glued_scales:
        text = text[:-1]  # `£10m.` at the end of a sentence
    end_char = span.start_char + len(text)
    return Quantity(
        text=text, value=value, unit=unit, kind=kind,
        start=span.start_char, end=end_char, si_value=si, si_unit=si_unit,
        qualifier=qualifier, value_min=value_min, value_max=value_max, subject=subject,
    )


def _one_unit(doc: Doc, i: int, lex: Lexicon) -> tuple[int, float, str, str] | None:
    """`more than a week`, `nearly a decade`: `a` is one unit, but only behind a
    qualifier (`a week later`, `once a year` are no amounts)."""
    tokens = doc_tokens(doc)
    if tokens[i].lower_ not in ("a", "an") or _qualifier_before(doc, i, lex)[0] is None:
        return None
    unit = _unit_at(doc, i + 1, lex)
    if unit is None or unit[1][1] in ("money", "percent", "other") or unit[0] in ("m", "g", "t"):
        return None
    if unit[2] < len(doc) and tokens[unit[2]].lower_ in ("'s", "’s"):
        return None  # `more than a month's average`
    factor = unit[1][2] if len(unit[1]) > 2 else 1
    return unit[2], float(factor), unit[1][0], unit[1][1]


def _range(doc: Doc, i: int, j: int, value: float, start_token: int, suffix: str | None,
           lex: Lexicon) -> tuple[float, float | None, float | None, int, int, str | None]:
    """`10-20 km`, `10 to 20 million`, `between 10 and 20`: (value, min, max, end, start, suffix)."""
    tokens = doc_tokens(doc)
    value_min = value_max = None
    if j + 1 < len(doc) and tokens[j].text in ("-", "–", "to") and DIGITS.match(tokens[j + 1].text) \
            and not (tokens[j].text == "to" and YEAR.fullmatch(tokens[i].text)):  # `from 1996 to 27 million tons`
        upper = _number_at(doc, j + 1, lex)
        if upper:
            scale = 1.0
            for token in doc[j + 2 : upper[1]]:  # `10 to 20 million`: the lower bound shares the scale
                scale *= lex.scales.get(token.lower_, 1)
            lower = value * scale if j == i + 1 else value
            if upper[0] > lower:
                value_min, value_max, j, suffix = lower, upper[0], upper[1], upper[3] or suffix
    if start_token >= 1 and tokens[start_token - 1].lower_ == "between" and value_max is None \
            and j + 1 < len(doc) and tokens[j].lower_ == "and":
        upper = _number_at(doc, j + 1, lex)
        if upper:
            value_min, value_max, j, start_token = value, upper[0], upper[1], start_token - 1
    return value, value_min, value_max, j, start_token, suffix


def _unit_after(doc: Doc, j: int, lex: Lexicon) -> tuple[list | None, int]:
    """The unit after a number (`-kilogram`, `consecutive years`), or (None, j)."""
    tokens = doc_tokens(doc)
    k = j + 1 if j < len(doc) and tokens[j].text == "-" else j
    while k < len(doc) - 1 and tokens[k].lower_ in lex.rules.unit_adjectives:
        k += 1  # `two consecutive years`
    unit = _unit_at(doc, k, lex)
    if unit is None or (k > j + 1 and lex.units.get(unit[0], [None, None])[1] != "duration"):
        return None, j
    if unit[2] + 1 < len(doc) and tokens[unit[2]].text in ("-", "on") and tokens[unit[2] + 1].lower_ in ("on", "year"):
        return None, j  # `year-on-year`, `year on year` is no duration
    if is_glued_capital(doc, k, unit[0]):
        return ["label", "label"], k + 1  # `5G`: a label, not grams
    if unit[1][0] == "degC" and len(unit[0]) <= 2 and tokens[k - 1].whitespace_ and not weather_paragraph(doc, k, lex):
        return None, j  # a spaced `C` is Celsius only in weather copy (`15 C`)
    return unit[1], unit[2]


def _shared_unit(doc: Doc, i: int, j: int, lex: Lexicon, earlier: list[Quantity]) -> tuple[list, float] | None:
    """A bare number's unit from its list: the last item's (`3.0, 5.8 and 7.0 percent`)
    or the item's before it (`up 3.0 percent, 5.8`, `(44mm), Road (42.5)`)."""
    tokens = doc_tokens(doc)
    if "." in tokens[i].text and _lower(list(doc[j : j + 5])).replace(" ", "-").startswith("year-on-year"):
        return ["percent", "percent"], 1  # `growth of 6.9 year-on-year`: a rate
    if _noun_run(doc, j) is not None:
        return None  # `5 percent, and 30 companies`: a count of its own
    tail = list_tail(doc, j, lex, _number_at)
    if tail is not None:
        number = _number_at(doc, tail, lex)
        unit, _ = _unit_after(doc, number[1], lex)
        if unit is not None and unit[1] not in ("label", "money") and number[0]:
            return [unit[0], unit[1]], (unit[2] if len(unit) > 2 else 1)
    previous = previous_in_list(doc, i, j, earlier)
    if previous is not None and previous.kind not in ("money",) and not _summed_from_parts(doc, previous, lex):
        return [previous.unit, previous.kind], 1
    return None


def _summed_from_parts(doc: Doc, fact: Quantity, lex: Lexicon) -> bool:
    """`3 hours and 20 minutes`, kept in seconds: a bare number after it (`..., and 5`)
    could count any of its parts, so it takes none."""
    if fact.kind != "duration":
        return False
    span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
    if span is None:
        return False
    numbers, t = 0, span.start
    while t < span.end:
        number = _number_at(doc, t, lex)
        if number is None:
            t += 1
        else:
            numbers, t = numbers + 1, max(number[1], t + 1)
    return numbers > 1


if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=None)


@Language.factory("newsfacts_quantities", default_config={"models_dir": None})
def make_quantities_component(nlp: Language, name: str, models_dir: str | None) -> Any:
    lexicon = load_lexicon(models_dir)
    unit_table(lexicon)  # read (or on a first run, have pint compute) the unit table at load time

    def quantities_component(doc: Doc) -> Doc:
        try:
            doc._.quantities = find_quantities(doc, lexicon)
        except Exception as exc:
            doc._.quantities = []
            record_component_failure(doc, "quantities", exc)
        finally:
            drop_caches(doc)
        return doc

    return quantities_component
