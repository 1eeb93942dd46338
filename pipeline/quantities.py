"""Stage 6, quantities: numeric facts with unit, kind, SI value, qualifier, subject.

Works on the tokens of the spaCy Doc (tagger output, no parser needed):

    [qualifier] [currency] NUMBER [scale] [- | to NUMBER] [-] UNIT [of SUBJECT]
    [qualifier] NUMBER [scale] ADJ* NOUN+            (a count: the noun is the unit)

Numbers are digits (`1,731`, `1.2`), number words (`seven`, `twenty-five`),
`a dozen`, `a million` and vague amounts (`tens of thousands of`). Units,
currencies, number words and qualifiers are data in `models/units.json` and
`models/numbers.json`; conversion to SI is pint's. Years, ordinals, times of
day and identifiers (`Chang'e-5`) are not quantities.

Registered as the spaCy component `newsfacts_quantities`, which stores the
facts on `Doc._.quantities` (offsets into the Doc's text).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.nlp import record_component_failure
from pipeline.quantity_lexicon import Lexicon, count_unit, load_lexicon, registry_for, si_value
from pipeline.record import Quantity

DIGITS = re.compile(r"^(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)(?P<suffix>[^\d\s]*)$")
# The tagger's fine tags, read directly: the attribute ruler that would map them to
# coarse POS costs more than all our stages together (see the README's benchmark).
NOUN_TAGS = {"NN", "NNS"}
NAME_TAGS = {"NNP", "NNPS"}
VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"}
MODIFIER_TAGS = NOUN_TAGS | NAME_TAGS | {"JJ", "JJR", "JJS", "VBG", "VBN"}  # `international research institutions`, `fishing boats`


def _lower(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip().lower()


def _number_at(doc: Doc, i: int, lex: Lexicon) -> tuple[float, int, str | None, str | None] | None:
    """(value, end index, qualifier from a vague amount, unit suffix glued to digits) or None."""
    token = doc[i]
    text = token.lower_
    if text in lex.vague_first_words:
        for phrase, (value, qualifier) in lex.vague_longest_first:
            n = phrase.count(" ") + 1
            if i + n <= len(doc) and _lower(list(doc[i : i + n])) == phrase:
                return float(value), i + n, qualifier, None
    suffix = None
    match = DIGITS.match(token.text)
    if match:
        value = float(match.group("num").replace(",", ""))
        suffix = match.group("suffix").lower() or None
        j = i + 1
    elif text in ("a", "an") and i + 1 < len(doc) and (doc[i + 1].lower_ in lex.scales or doc[i + 1].lower_ == "dozen"):
        value, j = 1.0, i + 1
    elif text in lex.number_words and text not in ("half",):
        value, j = float(lex.number_words[text]), i + 1
        # `twenty-five`: a tens word, a hyphen, a units word
        if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in lex.number_words and value >= 20:
            value, j = value + lex.number_words[doc[j + 1].lower_], j + 2
    else:
        return None
    if suffix in lex.scales:
        value, suffix = value * lex.scales[suffix], None
    # `30m TEUs`: an `m` glued to the digits and followed by a noun means million
    if j < len(doc) and doc[j].lower_ == "m" and not doc[j - 1].whitespace_ and j + 1 < len(doc) and doc[j + 1].tag_ in NOUN_TAGS | NAME_TAGS:
        value, j = value * 1_000_000, j + 1
    while j < len(doc) and (doc[j].lower_ in lex.scales or doc[j].lower_ == "dozen"):
        value *= lex.scales.get(doc[j].lower_, 12)
        j += 1
    return float(f"{value:.12g}"), j, None, suffix  # 33.05 million is 33050000, not 33049999.999999996


def _unit_at(doc: Doc, j: int, lex: Lexicon) -> tuple[str, list, int] | None:
    """The longest unit or currency word starting at token j: (surface, entry, end)."""
    for n in range(min(lex.max_unit_tokens, len(doc) - j), 0, -1):
        tokens = list(doc[j : j + n])
        if any(t.is_space for t in tokens) or any("\n" in t.whitespace_ for t in tokens[:-1]):
            continue  # a fact never runs over a line break
        joined = _lower(tokens)
        for surface in {joined, joined.replace("-", " "), "".join(t.lower_ for t in tokens)}:  # `square-meter`
            if surface in lex.units:
                return surface, lex.units[surface], j + n
            if surface in lex.currency_words:
                return surface, [lex.currency_words[surface], "money"], j + n
    return None


def _qualifier_before(doc: Doc, i: int, lex: Lexicon) -> tuple[str | None, int]:
    for n in (3, 2, 1):
        if i - n >= 0 and _lower(list(doc[i - n : i])) in lex.qualifiers:
            return lex.qualifiers[_lower(list(doc[i - n : i]))], i - n
    return None, i


def _is_identifier_or_year(doc: Doc, i: int, value: float, has_unit: bool) -> bool:
    token = doc[i]
    if i >= 2 and doc[i - 1].text in "-–" and not doc[i - 2].whitespace_ and doc[i - 2].is_alpha:
        return True  # `Chang'e-5`, `Tianwen-3`
    if token.ent_type_ == "ORDINAL" or (token.ent_type_ == "TIME" and not has_unit):
        return True  # `10th`; `8 p.m.` (but `eight hours` is a duration)
    if not has_unit and re.fullmatch(r"(1[5-9]|20)\d\d", token.text):
        return True  # a year
    if not has_unit and token.ent_type_ == "DATE":
        return True  # the day of `April 25`
    return False


def _noun_run(doc: Doc, j: int) -> tuple[Span, Token] | None:
    """`international research institutions` starting at j: (the phrase, its head noun)."""
    k, head = j, None
    while k < len(doc):
        if _inside_hyphenated_word(doc, k):
            k += 1  # `north-south`
            continue
        if doc[k].tag_ not in MODIFIER_TAGS or doc[k].is_punct:
            break
        if doc[k].tag_ in NOUN_TAGS:
            head = doc[k]
        elif head is not None:
            break
        k += 1
    if head is None:
        return None
    return doc[j : head.i + 1], head


def _inside_hyphenated_word(doc: Doc, k: int) -> bool:
    """A `-` between two words written together, or the word after it."""
    if doc[k].text == "-" and 0 < k < len(doc) - 1:
        return not doc[k - 1].whitespace_ and not doc[k].whitespace_ and doc[k + 1].is_alpha
    return k >= 2 and doc[k - 1].text == "-" and not doc[k - 1].whitespace_ and not doc[k - 2].whitespace_


def find_quantities(doc: Doc, lex: Lexicon) -> list[Quantity]:
    """Every numeric fact in a spaCy Doc, offsets into `doc.text`."""
    found: list[Quantity] = []
    sentences = sentence_starts(doc)
    text = doc.text  # spaCy joins every token's text for each access of `doc.text`
    i = 0
    while i < len(doc):
        if not _may_start_number(doc[i], lex):
            i += 1  # most tokens: no number can start here
            continue
        fact = _fact_at(doc, i, lex, found)
        if isinstance(fact, int):
            i = fact  # no fact here: go on from this token
            continue
        fact.sentence_start, fact.sentence_end = sentence_bounds(text, sentences, fact.start, fact.end)
        found.append(fact)
        i = fact_end_token(doc, fact)
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
    return (token.text[:1].isdigit() or token.text[:1] == "." or text in lex.number_words
            or text in ("a", "an") or text in lex.vague_first_words)


def fact_end_token(doc: Doc, fact: Quantity) -> int:
    span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
    return span.end if span is not None else len(doc)


def _fact_at(doc: Doc, i: int, lex: Lexicon, earlier: list[Quantity]) -> Quantity | int:
    """The fact whose number starts at token i, or the token index to go on from."""
    number = _number_at(doc, i, lex)
    if number is None:
        return i + 1
    value, j, vague_qualifier, suffix = number
    start_token = i
    currency = None
    if i > 0 and doc[i - 1].lower_ in lex.currency_prefixes:
        currency, start_token = lex.currency_prefixes[doc[i - 1].lower_], i - 1
    qualifier, start_token = _qualifier_before(doc, start_token, lex)
    qualifier = vague_qualifier or qualifier
    value_min = value_max = None
    if j + 1 < len(doc) and doc[j].text in ("-", "–", "to") and DIGITS.match(doc[j + 1].text):
        upper = _number_at(doc, j + 1, lex)
        if upper and upper[0] > value:
            value_min, value_max, j, suffix = value, upper[0], upper[1], upper[3] or suffix
    if start_token >= 1 and doc[start_token - 1].lower_ == "between" and value_max is None \
            and j + 1 < len(doc) and doc[j].lower_ == "and":
        upper = _number_at(doc, j + 1, lex)
        if upper:
            value_min, value_max, j, start_token = value, upper[0], upper[1], start_token - 1
    if value_max is not None:
        # a range reads as its middle, about; the bounds are kept
        value, qualifier = (value_min + value_max) / 2, qualifier or "approx"

    unit_entry, end, subject = None, j, None
    if suffix:
        unit_entry = lex.units.get(suffix) or ([lex.currency_words[suffix], "money"] if suffix in lex.currency_words else None)
        if unit_entry is None:
            return j  # `475BC`, `5G`: glued letters that are no unit
    elif currency:
        unit_entry = [currency, "money"]
    elif _is_fraction(doc, i, j, lex):
        unit_entry, end = ["percent", "percent", 100 * lex.fractions[doc[j].lower_]], j + 1  # `two thirds`
    elif j < len(doc) and doc[j].lower_.lstrip("-") in lex.multipliers:
        unit_entry, end = ["times", "other"], j + 1  # `16 times`, `five fold`
    else:
        k = j + 1 if j < len(doc) and doc[j].text == "-" else j
        unit = _unit_at(doc, k, lex)
        if unit and not (unit[2] < len(doc) and doc[unit[2]].text == "-" and doc[unit[2]].nbor(1).lower_ == "on"):
            unit_entry, end = unit[1], unit[2]  # (`year-on-year` is no duration)
    if _is_identifier_or_year(doc, i, value, unit_entry is not None):
        return j

    if unit_entry is not None:
        unit_symbol, kind = unit_entry[0], unit_entry[1]
        factor = unit_entry[2] if len(unit_entry) > 2 else 1
        value = value * factor
        value_min, value_max = (v * factor if v is not None else None for v in (value_min, value_max))
        after = end + 1 if end < len(doc) and doc[end].lower_ == "of" else end
        run = _noun_run(doc, after) if after < len(doc) and (after != end or doc[i + 1].text == "-") else None
        subject = run[0].text if run else _subject_before(doc, start_token, lex)
        if subject is None and doc.has_annotation("DEP"):
            subject = subject_from_tree(doc[start_token:end])
    else:
        counted = _counted(doc, i, j, value, lex, earlier)
        if counted is None:
            return j
        unit_symbol, subject, end = counted
        kind = "count"
    si, si_unit = si_value(value, unit_symbol, kind, lex)
    span = doc[start_token:end]
    return Quantity(
        text=span.text, value=value, unit=unit_symbol, kind=kind,
        start=span.start_char, end=span.end_char, si_value=si, si_unit=si_unit,
        qualifier=qualifier, value_min=value_min, value_max=value_max, subject=subject,
    )


def _subject_before(doc: Doc, start: int, lex: Lexicon) -> str | None:
    """Without the parser: the noun before a measuring verb (`samples weighing about
    1,731 grams`, `a reservoir covering 217 square kilometers`)."""
    k = start - 1
    if k > 0 and doc[k].lower_ in ("at", "of") and doc[k - 1].lower_ in lex.measuring_words:
        k -= 1  # `valued at`
    if k < 1 or doc[k].lower_ not in lex.measuring_words:
        return None
    noun = doc[k - 1]
    if noun.tag_ not in NOUN_TAGS:
        return None
    first = _phrase_start(doc, noun.i)
    # `samples from the moon weighing …`: the noun the prepositional phrase hangs on
    before = first - 1 - (first > 1 and doc[first - 1].tag_ == "DT")
    if before > 0 and doc[before].tag_ == "IN" and doc[before - 1].tag_ in NOUN_TAGS:
        noun = doc[before - 1]
        first = _phrase_start(doc, noun.i)
    return doc[first : noun.i + 1].text


def _phrase_start(doc: Doc, i: int) -> int:
    while i > 0 and doc[i - 1].tag_ in MODIFIER_TAGS and not doc[i - 1].is_punct:
        i -= 1
    return i


def subject_from_tree(span: Span) -> str | None:
    """What a measured amount measures, read from the dependency parse (`--parser`):
    the noun it modifies, the subject of its verb (`the rover weighs 30 kg`), or
    the noun that verb describes (`samples weighing 1,731 grams`)."""
    unit = span[-1]
    head = unit.head
    if head.i >= span.end and head.tag_ in NOUN_TAGS | NAME_TAGS and unit.dep_ in ("amod", "compound", "nummod", "npadvmod"):
        return _noun_phrase(head)
    if head.tag_ in VERB_TAGS:
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in NOUN_TAGS | NAME_TAGS]
        if subjects:
            return _noun_phrase(subjects[0])
        if head.dep_ in ("acl", "relcl") and head.head.tag_ in NOUN_TAGS | NAME_TAGS:
            return _noun_phrase(head.head)
    return None


def _noun_phrase(noun: Token) -> str:
    """The noun with the adjectives and nouns right before it: `lunar rover`."""
    start = noun.i
    while start > 0 and noun.doc[start - 1].dep_ in ("amod", "compound") and noun.doc[start - 1].head.i >= start:
        start -= 1
    return noun.doc[start : noun.i + 1].text


def _is_fraction(doc: Doc, i: int, j: int, lex: Lexicon) -> bool:
    """`two thirds`, `a quarter`, but not `the first three quarters` (of a year)."""
    if j >= len(doc) or doc[j].lower_ not in lex.fractions or not doc[i].is_alpha:
        return False
    return i == 0 or doc[i - 1].lower_ not in ("first", "last", "past", "next", "previous", "final")


def _counted(doc: Doc, i: int, j: int, value: float, lex: Lexicon,
             earlier: list[Quantity]) -> tuple[str, str | None, int] | None:
    """What a number without a unit counts: (singular noun, subject, end token).

    In order: the noun phrase after it (`two major north-south lines`); people
    in a state (`25 dead`, `seven missing`); the noun of `the number of routes
    ... to 287`; and for a bare number after `among which`, or a large one, what
    the last count in the paragraph counted (`33.05 million people ... above
    30 million`).
    """
    run = _noun_run(doc, j)
    if run is not None and run[1].lower_ not in lex.not_counted:
        phrase, head = run
        return count_unit(head.lower_, head.tag_, lex), phrase.text, head.i + 1
    if run is None and j < len(doc) and doc[j].lower_ in lex.people_states:
        return "person", doc[j].text, j + 1
    if run is not None:
        return None
    clause = doc[max(0, i - 10) : i]
    for k, token in enumerate(clause):
        if token.lower_ == "number" and k + 2 < len(clause) and clause[k + 1].lower_ == "of" \
                and clause[k + 2].tag_ in NOUN_TAGS:
            noun = clause[k + 2]
            return count_unit(noun.lower_, noun.tag_, lex), noun.text, j
    k = i
    while k > 0 and "\n" not in doc[k - 1].text_with_ws:
        k -= 1  # back to the paragraph's first token
    paragraph_start = doc[k].idx
    previous = next((q for q in reversed(earlier) if q.kind == "count" and q.start >= paragraph_start), None)
    if previous is None:
        return None
    before = _lower(list(doc[max(0, i - 2) : i]))
    if before in lex.back_reference or (value >= 1000 and 0.1 <= value / previous.value <= 10):
        return previous.unit, previous.subject, j
    return None


if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=None)


@Language.factory("newsfacts_quantities", default_config={"models_dir": None})
def make_quantities_component(nlp: Language, name: str, models_dir: str | None) -> Any:
    lexicon = load_lexicon(models_dir)
    registry_for(lexicon)  # build pint's registry once, at load time

    def quantities_component(doc: Doc) -> Doc:
        try:
            doc._.quantities = find_quantities(doc, lexicon)
        except Exception as exc:
            doc._.quantities = []
            record_component_failure(doc, "quantities", exc)
        return doc

    return quantities_component
