"""Counts: what a number without a unit counts.

The counted noun comes after the number (`558,000 public charging piles` ->
`charging pile`), after a list of amounts (`40 gold, 27 silver and 24 bronze
medals` -> `gold medal`), after `of` (`all six of her events`, `9,600 out of
the 11,000 citations`), or earlier in the sentence (`the number of base
stations ... exceeded 200,000`, `4G users registering 128 million`), or it is
the noun of the last count (`188 papers, 41 of which`, `among them, 515,300`).
Word lists are in `models/numbers.json` and `models/quantity_rules.json`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsfacts.quantity_context import text_between
from newsfacts.quantity_lexicon import Lexicon, count_unit
from newsfacts.record import Quantity
from newsfacts.spacy_doc import doc_tokens

# The tagger's fine tags, read directly: the attribute ruler that would map them to
# coarse POS costs more than all our stages together (see the README's benchmark).
NOUN_TAGS = {"NN", "NNS"}
NAME_TAGS = {"NNP", "NNPS"}
VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"}
MODIFIER_TAGS = NOUN_TAGS | NAME_TAGS | {"JJ", "JJR", "JJS", "VBG", "VBN"}  # `international research institutions`, `fishing boats`
DETERMINER_TAGS = {"DT", "PRP$", "PDT"}
PLURAL_TAGS = {"NNS", "NNPS"}
LABEL_TOKEN = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)*$")


def _lower(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip().lower()


def inside_hyphenated_word(doc: Doc, k: int) -> bool:
    """A `-` between two words written together, or the word after it."""
    tokens = doc_tokens(doc)
    if tokens[k].text == "-" and 0 < k < len(doc) - 1:
        return not tokens[k - 1].whitespace_ and not tokens[k].whitespace_ and tokens[k + 1].is_alpha
    return k >= 2 and tokens[k - 1].text == "-" and not tokens[k - 1].whitespace_ and not tokens[k - 2].whitespace_


def _before_hyphen(doc: Doc, k: int) -> bool:
    """The first word of a hyphenated word (`artificially` in `artificially-bred`)."""
    tokens = doc_tokens(doc)
    return k + 2 < len(doc) and tokens[k].is_alpha and tokens[k + 1].text == "-" and not tokens[k].whitespace_ \
        and not tokens[k + 1].whitespace_ and tokens[k + 2].is_alpha


def _glued_label(doc: Doc, k: int) -> int:
    """Tokens of a label such as `5G` (digits glued to capitals) starting at k, or 0."""
    tokens = doc_tokens(doc)
    if k + 1 < len(doc) and tokens[k].text.isdigit() and not tokens[k].whitespace_ and tokens[k + 1].text.isupper() \
            and tokens[k + 1].is_alpha:
        return 2
    token = tokens[k].text
    if k + 2 < len(doc) and token.isalpha() and token.isupper() and tokens[k + 1].text == "-" \
            and not tokens[k].whitespace_ and not tokens[k + 1].whitespace_ and tokens[k + 2].text.isdigit():
        return 3  # `two F-16 jets`
    return 1 if LABEL_TOKEN.match(token) else 0  # `5G`, `F-16`, `COVID-19`


def noun_run(doc: Doc, j: int) -> tuple[Span, Token] | None:
    """`international research institutions` starting at j: (the phrase, its head noun).
    A label inside it is passed over (`300,000 5G base stations`)."""
    tokens = doc_tokens(doc)
    k, head = j, None
    while k < len(doc):
        if inside_hyphenated_word(doc, k) or _before_hyphen(doc, k):
            k += 1  # `north-south`, `artificially-bred`
            continue
        label = _glued_label(doc, k) if head is None else 0
        if label:
            k += label
            continue
        if tokens[k].tag_ not in MODIFIER_TAGS or tokens[k].is_punct:
            break
        if tokens[k].tag_ in NOUN_TAGS:
            if head is not None and head.tag_ == "NNS" and tokens[k].tag_ == "NN":
                break  # `5 bronze medals home`: a plural closes the phrase
            head = tokens[k]
        elif head is not None:
            break
        k += 1
    if head is None or not head.is_alpha or len(head.text) < 2:
        return None  # a counted thing is a word (`15 C.` counts nothing)
    return doc[j : head.i + 1], head


def compound_unit(head: Token, lex: Lexicon, start: int) -> str:
    """The singular head with the common nouns right before it that name the thing
    (`public charging piles` -> `charging pile`, `bean geese` -> `bean goose`)."""
    doc = head.doc
    tokens = doc_tokens(doc)
    k = head.i
    while k > start and tokens[k - 1].tag_ == "NN" and tokens[k - 1].is_alpha and tokens[k - 1].whitespace_ \
            and tokens[k - 1].is_lower and tokens[k - 1].lower_ not in lex.not_counted \
            and not inside_hyphenated_word(doc, k - 1):
        k -= 1
    if head.i - k > 2:
        k = head.i - 2  # at most two modifiers: `lunar exploration program` -> `exploration program`
    words = [t.lower_ for t in doc[k : head.i]]
    return " ".join([*words, count_unit(head.lower_, head.tag_, lex)])


def _tally_head(doc: Doc, k: int, lex: Lexicon, is_number) -> Token | None:
    """`40 gold, 27 silver and 24 bronze medals`: from the token after `gold`,
    the plural noun that closes the list, or None."""
    tokens = doc_tokens(doc)
    for _ in range(6):
        k2 = None
        for n in (2, 1):
            if k + n <= len(doc) and _lower(list(doc[k : k + n])) in lex.rules.list_separators:
                k2 = k + n
                break
        if k2 is None or k2 + 1 >= len(doc) or not is_number(tokens[k2]):
            return None
        word = tokens[k2 + 1]
        if not word.is_alpha or word.tag_ not in MODIFIER_TAGS:
            return None
        if k2 + 2 < len(doc) and tokens[k2 + 2].tag_ in PLURAL_TAGS and tokens[k2 + 2].is_alpha:
            return tokens[k2 + 2]
        k = k2 + 2
    return None


def _paragraph_start(doc: Doc, i: int) -> int:
    """The token index where token i's paragraph (line) starts."""
    tokens = doc_tokens(doc)
    k = i
    while k > 0 and "\n" not in tokens[k - 1].text_with_ws:
        k -= 1
    return k


def _previous_count(doc: Doc, i: int, earlier: list[Quantity], paragraphs: int = 1) -> Quantity | None:
    """The last count before token i, in its paragraph (or also the one before, for
    an explicit reference such as `Among them, 515,300 ...`)."""
    tokens = doc_tokens(doc)
    k = _paragraph_start(doc, i)
    for _ in range(paragraphs - 1):
        k -= 1
        while k > 0 and tokens[k].is_space:
            k -= 1
        k = _paragraph_start(doc, max(k, 0))
    start = tokens[k].idx
    return next((q for q in reversed(earlier) if q.kind == "count" and q.start >= start), None)


def counted(doc: Doc, i: int, j: int, value: float, lex: Lexicon, earlier: list[Quantity],
            start_token: int, is_number) -> tuple[str, str | None, int] | None:
    """What a number without a unit counts: (singular noun, subject, end token)."""
    tokens = doc_tokens(doc)
    rules = lex.rules
    if j + 1 < len(doc) and _lower(list(doc[j : j + 2])) in rules.after_reference:
        previous = _previous_count(doc, i, earlier)
        return (previous.unit, previous.subject, j + 2) if previous else None  # `41 of which`
    if tokens[j - 1].whitespace_ == "" and j < len(doc) and tokens[j].text in "-–" and j + 1 < len(doc) and tokens[j + 1].is_alpha:
        return None  # `three-step program`, `a two-time winner`: an adjective, not a count
    run = noun_run(doc, j)
    if run is not None and run[0].start == run[1].i and run[1].lower_ in rules.reference_nouns:
        previous = _previous_count(doc, i, earlier)  # `3 people ... 45 others`
        return (previous.unit, previous.subject, run[1].i + 1) if previous else None
    if run is not None and run[1].lower_ not in lex.not_counted:
        phrase, head = run
        if value == 1 and tokens[i].lower_ == "one" and head.lower_ in rules.position_nouns:
            return None  # `at one end of the causeway`
        if head.tag_ == "NN" and head.i == j and value != 1 and head.lower_ not in lex.count_lemmas:
            closing = _tally_head(doc, head.i + 1, lex, is_number)
            if closing is not None:  # `40 gold, ... 24 bronze medals` -> `gold medal`
                return f"{head.lower_} {count_unit(closing.lower_, closing.tag_, lex)}", phrase.text, head.i + 1
        unit = compound_unit(head, lex, j)
        if head.i == j + 1 and " " not in unit and earlier and earlier[-1].kind == "count" \
                and earlier[-1].unit.endswith(" " + unit) and tokens[j].is_alpha \
                and (text_between(doc, earlier[-1].end, i) or "-").strip(" ,") in ("and", "or", ""):
            unit = f"{tokens[j].lower_} {unit}"  # the list's last item: `... and 7 green cars`
        return unit, phrase.text, head.i + 1
    if run is None and j < len(doc) and tokens[j].lower_ in lex.people_states:
        return "person", tokens[j].text, j + 1
    k = j
    while k < min(j + 3, len(doc) - 1) and tokens[k].lower_ in rules.people_aux:
        k += 1
    if run is None and k > j and tokens[k].lower_ in lex.people_states:
        return "person", tokens[k].text, j  # `101 were injured`
    if run is None and j + 1 < len(doc) and tokens[j].is_alpha and tokens[j].tag_ in MODIFIER_TAGS and value != 1:
        closing = _tally_head(doc, j + 1, lex, is_number)
        if closing is not None:  # `12 blue or 7 green cars` -> `blue car`
            return f"{tokens[j].lower_} {count_unit(closing.lower_, closing.tag_, lex)}", tokens[j].text, j + 1
    if run is not None:
        return None
    if value > 1 and j + 2 < len(doc) and tokens[j].lower_ == "of" and tokens[j + 1].tag_ in DETERMINER_TAGS:
        later = noun_run(doc, j + 2)  # `all six of her events`
        if later is not None and later[1].tag_ in PLURAL_TAGS:
            return compound_unit(later[1], lex, j + 2), later[0].text, later[1].i + 1
    if j + 2 < len(doc) and tokens[j].lower_ == "out" and tokens[j + 1].lower_ == "of":
        k = j + 2 + (tokens[j + 2].tag_ in DETERMINER_TAGS)
        if k < len(doc) and is_number(tokens[k]):
            later = noun_run(doc, k + 1)  # `9,600 out of the 11,000 citations`
            if later is not None:
                return compound_unit(later[1], lex, k + 1), later[0].text, j
        return None
    return _noun_before(doc, i, j, value, lex, earlier, start_token)


def _noun_before(doc: Doc, i: int, j: int, value: float, lex: Lexicon, earlier: list[Quantity],
                 start_token: int) -> tuple[str, str | None, int] | None:
    """A bare number whose noun came earlier in its sentence or paragraph."""
    tokens = doc_tokens(doc)
    rules = lex.rules
    if any(_lower(list(doc[max(0, start_token - n) : start_token])) in rules.people_frames for n in (2, 3)):
        return "person", None, j  # `a population of 21 million`
    if start_token > 0 and tokens[start_token - 1].lower_ in rules.people_verbs:
        return "person", None, j  # `killing three and injuring five`
    sentence_start = tokens[i].sent.start if doc.has_annotation("SENT_START") else max(0, i - 25)
    clause = doc[max(sentence_start, i - 25) : i]
    toll = next((rules.toll_words[t.lower_] for t in clause if t.lower_ in rules.toll_words), None)
    if toll is not None:
        return toll, None, j  # `the death toll rose to six`
    for k in range(len(clause) - 3, -1, -1):  # `the number of base stations ... exceeded 200,000`
        if clause[k].lower_ in rules.count_frames and clause[k + 1].lower_ == "of":
            m = clause[k + 2].i + (clause[k + 2].tag_ in DETERMINER_TAGS)
            run = noun_run(doc, m) if m < i else None
            if run is not None and run[1].i < i:
                return compound_unit(run[1], lex, m), run[0].text, j
    for verb_end in {start_token, i}:  # `4G users registering 128 million`, `... exceeded 200,000`
        for n in (2, 1):
            if verb_end - n >= 1 and _lower(list(doc[verb_end - n : verb_end])) in rules.tally_verbs:
                noun = tokens[verb_end - n - 1]
                if noun.lower_ in ("has", "have", "had") and noun.i > 0:
                    noun = tokens[noun.i - 1]
                if noun.tag_ in PLURAL_TAGS and noun.is_alpha:
                    return compound_unit(noun, lex, max(0, noun.i - 2)), noun.text, j
                break
    before = " ".join(t.lower_ for t in doc[max(0, start_token - 3) : start_token] if not t.is_punct)
    referring = next((p for p in lex.back_reference if before.endswith(p)), None)
    previous = _previous_count(doc, i, earlier, paragraphs=2 if referring else 1)
    if previous is None:
        return None
    if referring or (value >= 1000 and previous.value > 0 and 0.1 <= value / previous.value <= 10):
        return previous.unit, previous.subject, j
    return None
