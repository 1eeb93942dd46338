"""What a measured amount measures: its subject (`samples weighing about 1,731
grams` -> `samples`), read from the tags, or from the dependency parse when the
pipeline runs with `--parser`."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsfacts.quantity_counts import MODIFIER_TAGS, NAME_TAGS, NOUN_TAGS, VERB_TAGS
from newsfacts.quantity_lexicon import Lexicon
from newsfacts.spacy_doc import doc_tokens


def subject_before(doc: Doc, start: int, lex: Lexicon) -> str | None:
    """Without the parser: the noun before a measuring verb (`samples weighing about
    1,731 grams`, `a reservoir covering 217 square kilometers`)."""
    tokens = doc_tokens(doc)
    k = start - 1
    if k > 0 and tokens[k].lower_ in ("at", "of") and tokens[k - 1].lower_ in lex.measuring_words:
        k -= 1  # `valued at`
    if k < 1 or tokens[k].lower_ not in lex.measuring_words:
        return None
    noun = tokens[k - 1]
    if noun.tag_ not in NOUN_TAGS:
        return None
    first = _phrase_start(doc, noun.i)
    # `samples from the moon weighing …`: the noun the prepositional phrase hangs on
    before = first - 1 - (first > 1 and tokens[first - 1].tag_ == "DT")
    if before > 0 and tokens[before].tag_ == "IN" and tokens[before - 1].tag_ in NOUN_TAGS:
        noun = tokens[before - 1]
        first = _phrase_start(doc, noun.i)
    return doc[first : noun.i + 1].text


def _phrase_start(doc: Doc, i: int) -> int:
    tokens = doc_tokens(doc)
    while i > 0 and tokens[i - 1].tag_ in MODIFIER_TAGS and not tokens[i - 1].is_punct:
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
