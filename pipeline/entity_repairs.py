"""The spaCy component `newsfacts_entity_repairs`, added after `ner`.

The small English model gets names in news copy wrong in a few regular ways;
each repair below is one plain function over the list of spans, applied in
order, with its word lists in `models/` (`entity_rules.json`,
`gazetteer.json`, `chinese_surnames.txt`, `common_words.txt`):

1. tidy: split at `/` (`Xinhua/Zhang Jiansong`), drop a leading `the` and a
   trailing `'s`, cut an unclosed `(`; drop identifiers (`Chang'e-7`), lone
   common words (`Space`) and spans without a Latin letter;
2. plural roles are not names (`Permanent Representatives`);
3. the gazetteer: a known place the model called a person or an organization
   (`Andhra Pradesh`, `Baoji`) becomes a place, and one it missed is added,
   as is a run of capitalised words ending in a landform (`Leibnitz-Beta
   Plateau`); a route named by two places (`Beijing-Shenyang line`) is not one;
4. names joined back: a head word after the span (`Yangtze River` + `Delta`),
   a place before it (`Ningbo` + `Zhoushan Port`), hyphenated names
   (`Hong Kong-Zhuhai-Macao Bridge`), `and` inside an
   organization's name (`State Flood Control and Drought Relief Headquarters`),
   `of` after a head word (`Bay of Bengal`), a surname before a given name
   (`He` + `Huanlang`);
5. kinds: a person span with an organization or place head word is that kind
   (`Ministry of Commerce`, `Zhoushan Port`), an organization span ending in a
   place word is a place (`Bullet Depot Chu Tomb`), a place span ending in an
   organization word an organization (`Shanghai Shentong Metro Group`); events
   (`Space Day`, `Typhoon Dujuan`) and routes named by their ends (`the Beijing-Shenyang line`)
   are not entities;
6. acronyms and short names in brackets after a name are linked to it
   (`China National Space Administration (CNSA)`, `China Petrochemical Corp
   (Sinopec)`), kept on `Doc._.acronyms` for the canonical linking.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from newsfacts.entity_acronyms import long_form
from newsfacts.entity_credits import apply_credits
from newsfacts.entity_noise import load_noise_rules, strip_noise
from newsfacts.entity_orgs import load_org_rules, repair_orgs, split_at_commas
from newsfacts.entity_people import chinese_names
from newsfacts.entity_places import known_place_names, load_place_rules, named_lines, repair_places
from newsfacts.resources import MODELS_DIR, load_json
from newsfacts.spacy_doc import doc_text, doc_tokens, doc_words, drop_caches, record_component_failure

NAME_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"}  # NORP may turn out a surname (`Bian`)
PLACE_LABELS = {"GPE", "LOC", "FAC"}
IDENTIFIER = re.compile(r"^[A-Z][\w']*-\d+[A-Za-z]?$")  # Chang'e-7, Tianwen-3
LATIN = re.compile(r"[A-Za-z]")
ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z]$")
__all__ = ["long_form", "load_entity_rules", "make_entity_repairs"]
SHORT_NAME = re.compile(r"^[A-Z][a-z]+$")  # `Sinopec`
TRIM_START = ("the", "a", "an")
TRIM_END = ("'s", "’s", "'", "’", "(", "-", "of", "and", "in", "the")


@dataclass(frozen=True)
class EntityRules:
    common_words: frozenset[str]
    org_heads: frozenset[str]
    place_heads: frozenset[str]
    of_heads: dict[str, str]
    event_heads: frozenset[str]
    event_prefixes: tuple[str, ...]
    landform_heads: frozenset[str]
    site_heads: frozenset[str]
    generic_plurals: frozenset[str]
    connectors: frozenset[str]
    venue_words: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]


def _word_file(path: Path) -> frozenset[str]:
    lines = (line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(word for line in lines for word in line.split())


@functools.lru_cache(maxsize=4)
def load_entity_rules(models_dir: str | None = None) -> EntityRules:
    folder = Path(models_dir or MODELS_DIR)
    raw = load_json("entity_rules.json", models_dir)
    return EntityRules(
        common_words=frozenset(w.lower() for w in _word_file(folder / "common_words.txt")),
        org_heads=frozenset(raw["org_heads"]),
        place_heads=frozenset(raw["place_heads"]),
        of_heads=raw["of_heads"],
        event_heads=frozenset(raw["event_heads"]),
        event_prefixes=tuple(raw["event_prefixes"]),
        landform_heads=frozenset(raw["landform_heads"]),
        site_heads=frozenset(raw["site_heads"]),
        generic_plurals=frozenset(raw["generic_plurals"]),
        connectors=frozenset(raw["connectors"]),
        venue_words=frozenset(raw["venue_words"]),
        surnames=_word_file(folder / "chinese_surnames.txt"),
        places=known_place_names(models_dir),
    )


# 1. tidy ---------------------------------------------------------------------

def _trim(span: Span) -> Span | None:
    """Drop a leading `the` and a trailing `'s`, and cut an unclosed `(...`."""
    doc, start, end = span.doc, span.start, span.end
    tokens = doc_tokens(doc)
    while start < end and (tokens[start].lower_ in TRIM_START or tokens[start].is_space):
        start += 1
    while end > start and (tokens[end - 1].lower_ in TRIM_END or tokens[end - 1].is_space):
        end -= 1
    for k in range(start, end):
        if tokens[k].text == "(" and not any(t.text == ")" for t in doc[k:end]):
            end = k
            break
    return _span(doc, start, end, span.label_, span.ent_id_) if end > start else None


def _split_at_slash(span: Span) -> list[Span]:
    """At `/` (`Xinhua/Zhang Jiansong`) and at line breaks: a name never spans paragraphs."""
    parts, start = [], span.start
    for token in span:
        if token.text == "/" or "\n" in token.text:
            parts.append(_span(span.doc, start, token.i, span.label_))
            start = token.i + 1
    parts.append(_span(span.doc, start, span.end, span.label_, span.ent_id_))
    return [p for p in parts if len(p)]


def tidy(doc: Doc, spans: list[Span], rules: EntityRules) -> list[Span]:
    lowercase_words = {w for w in doc_words(doc) if w.islower()}
    kept = []
    for ent in spans:
        if ent.label_ not in NAME_LABELS:
            kept.append(ent)  # dates, numbers: the other stages judge those
            continue
        for part in map(_trim, _split_at_slash(ent)):
            if part is None or not LATIN.search(part.text) or IDENTIFIER.match(part.text):
                continue
            if len(part) == 1 and (part.text.lower() in rules.common_words or part.text.lower() in lowercase_words):
                continue
            kept.append(part)
    return kept


# 2. plural roles ---------------------------------------------------------------

def drop_plural_roles(doc: Doc, spans: list[Span], rules: EntityRules) -> list[Span]:
    """`Permanent Representatives (of Kenya)` names people by role, not by name;
    the places after `of` come back through the gazetteer."""
    return [s for s in spans if not (s.label_ in NAME_LABELS and any(t.text in rules.generic_plurals for t in s))]


# 3. gazetteer ------------------------------------------------------------------

def apply_gazetteer(doc: Doc, spans: list[Span], rules: EntityRules, matcher: PhraseMatcher) -> list[Span]:
    """Known places get the PLACE label and are added where the model missed them."""
    relabelled = []
    for s in spans:
        if s.label_ in ("PERSON", "ORG", "NORP") and s.text in rules.places:
            s = _span(doc, s.start, s.end, "GPE", s.ent_id_)
        relabelled.append(s)
    # a nationality word inside a longer place name gives way to it (`East Asian` of `East Asian-... Flyway`)
    taken = {i for s in relabelled if s.label_ != "NORP" for i in range(s.start, s.end)}
    found = [(start, end, "GPE") for _, start, end in matcher(doc)] + _landforms(doc, rules)
    for start, end, label in sorted(found, key=lambda f: f[0] - f[1]):  # longest first
        if not taken & set(range(start, end)):
            relabelled = [s for s in relabelled if s.end <= start or s.start >= end]
            relabelled.append(_span(doc, start, end, label))
            taken |= set(range(start, end))
    return relabelled


def _landforms(doc: Doc, rules: EntityRules) -> list[tuple[int, int, str]]:
    """Capitalised words (hyphens allowed) ending in a landform word: `Leibnitz-Beta Plateau`."""
    tokens = doc_tokens(doc)
    found = []
    for end in [i for i, w in enumerate(doc_words(doc)) if w in rules.landform_heads and i > 0]:
        start = end
        while start > 0 and (_is_name_word(tokens[start - 1]) or
                             (tokens[start - 1].text == "-" and start > 1 and _is_name_word(tokens[start - 2]))):
            start -= 1
        if start < end and tokens[start].lower_ not in TRIM_START:
            found.append((start, end + 1, "LOC"))
    return found


# 4. names joined back ------------------------------------------------------------

def _head_label(token_text: str, rules: EntityRules, default: str) -> str | None:
    if token_text in rules.org_heads:
        return "ORG"
    if token_text in rules.place_heads:
        return default if default in PLACE_LABELS else "FAC"
    return None


def head_label(name: str) -> str | None:
    """ORG or PLACE when the name's last word says so (`Xiangya Hospital`, `Orangi Town`)."""
    rules = load_entity_rules()
    last = name.split()[-1] if name.split() else ""
    return "ORG" if last in rules.org_heads else "PLACE" if last in rules.place_heads else None


def _is_name_word(token) -> bool:
    return token.text[:1].isupper() and token.is_alpha


def _join_hyphenated(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names written as one hyphenated word are one span: `Hong Kong` `-` `Zhuhai` `-` `Macao`."""
    tokens = doc_tokens(doc)
    result: list[Span] = []
    for s in sorted(spans, key=lambda s: s.start):
        last = result[-1] if result else None
        if last is not None and s.label_ in NAME_LABELS and last.label_ in NAME_LABELS and s.start == last.end + 1 \
                and tokens[last.end].text == "-" and not tokens[last.end - 1].whitespace_ and not tokens[last.end].whitespace_:
            result[-1] = _span(doc, last.start, s.end, last.label_)
        else:
            result.append(s)
    return result


def join_names(doc: Doc, spans: list[Span], rules: EntityRules) -> list[Span]:
    tokens = doc_tokens(doc)
    spans = _join_hyphenated(doc, spans)
    other_entities = {i for s in spans if s.label_ not in NAME_LABELS for i in range(s.start, s.end)}  # dates
    by_start = {s.start: s for s in spans}
    joined: list[Span] = []
    for s in spans:
        if joined and s.start < joined[-1].end:
            continue  # swallowed by a join
        if s.label_ not in NAME_LABELS:
            joined.append(s)
            continue
        start, end, label = s.start, s.end, s.label_
        # a place right before it: `Ningbo` + `Zhoushan Port`
        if joined and joined[-1].end == start and joined[-1].label_ in ("GPE", "LOC") and \
                _head_label(tokens[end - 1].text, rules, label) and tokens[start - 1].whitespace_:
            start = joined.pop().start
        # head words after it: `Yangtze River` + `Delta`
        while end < len(doc) and _is_name_word(tokens[end]) and _head_label(tokens[end].text, rules, label) \
                and end not in by_start:
            end += 1
        # `and` inside an organization's name, up to its head word
        if label in ("ORG", "FAC") and tokens[end - 1].text not in rules.org_heads | rules.place_heads \
                and end + 1 < len(doc) and tokens[end].lower_ == "and":
            k = end + 1
            while k < len(doc) and k not in other_entities and \
                    (_is_name_word(tokens[k]) or (tokens[k].lower_ in rules.connectors and k > end + 1)):
                k += 1
            while k > end + 1 and not _is_name_word(tokens[k - 1]):
                k -= 1
            second = by_start.get(end + 1)
            # a second organization the model found whole (`Goldman Sachs and Capital Economics`),
            # unless the first stops at a word that cannot end a name (`Expo and Convention Center`)
            two_names = second is not None and second.label_ == "ORG" and tokens[end - 1].text not in rules.venue_words
            if k > end + 1 and _head_label(tokens[k - 1].text, rules, label) and not two_names:
                end = k
        # a surname before a given name: `He` + `Huanlang`
        if label == "PERSON" and end - start == 1 and start > 0 and tokens[start - 1].text in rules.surnames \
                and not (joined and joined[-1].end > start - 1):
            start -= 1
        head = _head_label(tokens[end - 1].text, rules, label)
        joined.append(_span(doc, start, end, head or label if end > s.end or start < s.start else label, s.ent_id_))
    return _join_of(doc, joined, rules)


def _join_of(doc: Doc, spans: list[Span], rules: EntityRules) -> list[Span]:
    """`Bay` `of` `Bengal`, `Port of Singapore`: a head word, `of`, a place."""
    tokens = doc_tokens(doc)
    result: list[Span] = []
    for s in sorted(spans, key=lambda s: s.start):
        k = s.start
        if s.label_ in ("GPE", "LOC") and k >= 2 and tokens[k - 1].lower_ == "of" and tokens[k - 2].text in rules.of_heads:
            start = k - 2
            if result and result[-1].end == k - 1:
                start = result.pop().start  # `Bay` was a span of its own
            elif result and result[-1].end > start:
                result.append(s)
                continue
            result.append(_span(doc, start, s.end, rules.of_heads[tokens[k - 2].text]))
        else:
            result.append(s)
    return result


# 5. kinds ------------------------------------------------------------------------

def fix_kinds(doc: Doc, spans: list[Span], rules: EntityRules) -> list[Span]:
    tokens = doc_tokens(doc)
    fixed = []
    for s in spans:
        label = s.label_
        parts = s.text.split("-")
        if label in NAME_LABELS and len(parts) > 1 and all(p in rules.places for p in parts):
            continue  # a route or a pair named by its ends: `the Beijing-Shenyang line`, `US-China trade`
        if label in NAME_LABELS and (s[-1].text in rules.event_heads or
                                     (len(s) > 1 and s.text.startswith(tuple(p + " " for p in rules.event_prefixes)))):
            label = "EVENT"
        elif label == "PERSON":
            # the head is the last word, or one before `of` (`Ministry of Commerce`); a first
            # word is a surname (`Park Geun-hye`)
            heads = [_head_label(t.text, rules, "FAC") for t in s
                     if t.i == s.end - 1 or (t.i + 1 < s.end and tokens[t.i + 1].lower_ == "of")]
            label = next((h for h in heads if h), label)
        elif label == "ORG" and s[-1].text in rules.landform_heads | rules.site_heads:
            label = "FAC"  # `Bullet Depot Chu Tomb`
        elif label in PLACE_LABELS and s[-1].text in rules.org_heads - {"Center", "Centre"} \
                and s.text not in rules.places:
            label = "ORG"  # `Shanghai Shentong Metro Group`
        fixed.append(s if label == s.label_ else _span(doc, s.start, s.end, label, s.ent_id_))
    return fixed


# 6. acronyms and bracketed short names ---------------------------------------------

def link_acronyms(doc: Doc, spans: list[Span], rules: EntityRules) -> tuple[list[Span], dict[str, str]]:
    tokens = doc_tokens(doc)
    acronyms: dict[str, str] = {}
    text, words = doc_text(doc), doc_words(doc)
    for token in [tokens[i] for i in range(1, len(words) - 1) if words[i - 1] == "(" and words[i + 1] == ")"]:
        before = tokens[token.i - 1].idx
        while before > 0 and text[before - 1] == " ":
            before -= 1
        named = next((s for s in spans if s.end_char == before and s.label_ in ("ORG", "FAC")), None)
        if ACRONYM.match(token.text):
            expansion = long_form(token.text, text[max(0, before - 200) : before])
            span = doc.char_span(before - len(expansion), before, alignment_mode="expand") if expansion else None
            if span is None:
                continue
            label = next((s.label_ for s in spans if s.start <= span.start < s.end), "ORG")
            spans = [s for s in spans if s.end <= span.start or s.start >= span.end]
            spans.append(_span(doc, span.start, span.end, label if label in NAME_LABELS - {"NORP"} else "ORG"))
            acronyms[token.text] = expansion
        elif named is not None and SHORT_NAME.match(token.text) and token.text not in rules.places:
            acronyms[token.text] = named.text
            spans = [s for s in spans if not s.start <= token.i < s.end]
            spans.append(_span(doc, token.i, token.i + 1, named.label_))
    return spans, acronyms


def _span(doc: Doc, start: int, end: int, label: str, ent_id: str = "") -> Span:
    return Span(doc, start, end, label=label, span_id=ent_id or 0)


def repair_entities(doc: Doc, rules: EntityRules, matcher: PhraseMatcher, models_dir: str | None = None) -> Doc:
    try:
        return _repair(doc, rules, matcher, models_dir)
    except Exception as exc:
        doc._.acronyms = {}
        record_component_failure(doc, "entities", exc)
        return doc
    finally:
        drop_caches(doc)


def _repair(doc: Doc, rules: EntityRules, matcher: PhraseMatcher, models_dir: str | None = None) -> Doc:
    spans = apply_credits(doc, list(doc.ents), models_dir)
    spans = split_at_commas(doc, tidy(doc, spans, rules), load_org_rules(models_dir))
    spans = drop_plural_roles(doc, spans, rules)
    spans = strip_noise(doc, spans, load_noise_rules(models_dir), rules.common_words)
    spans = apply_gazetteer(doc, spans, rules, matcher)
    spans = repair_places(doc, spans, load_place_rules(models_dir))
    spans = chinese_names(doc, spans, rules.surnames, rules.common_words)
    spans = join_names(doc, spans, rules)
    spans = fix_kinds(doc, spans, rules)
    spans = named_lines(doc, spans, load_place_rules(models_dir))
    spans = repair_orgs(doc, spans, load_org_rules(models_dir))
    spans, acronyms = link_acronyms(doc, spans, rules)
    doc.ents = filter_spans(spans)
    doc._.acronyms = acronyms
    return doc


if not Doc.has_extension("acronyms"):
    Doc.set_extension("acronyms", default=None)


@Language.factory("newsfacts_entity_repairs", default_config={"models_dir": None})
def make_entity_repairs(nlp: Language, name: str, models_dir: str | None) -> Any:
    rules = load_entity_rules(models_dir)
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("PLACE", list(nlp.tokenizer.pipe(sorted(rules.places))))
    return functools.partial(repair_entities, rules=rules, matcher=matcher, models_dir=models_dir)
