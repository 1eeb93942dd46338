"""Organization repairs, run last by `newsfacts_entity_repairs`; word lists in
`models/entity_rules.json` (`org_heads`, `company_suffixes`, `venue_words`,
`lower_org_heads`) and `models/agencies.json` (outlet names).

1. a comma inside an organization span separates two names (`Chinese Academy of
   Sciences, Peking University`; run right after the tidy step);
2. a place right before an organization is part of its name (`China` +
   `Unicom`, `China` + `Railway 20th Group Co Ltd`), and so is an acronym
   before a facility (`PAF` + `Masroor Base`);
3. company suffixes after a name belong to it (`Moderna` + `Inc.`, `Group Co Ltd`);
4. `of` + an organization after an organization's head word (`Xiangya Hospital
   of Central South University`), and `and` + words up to a head word after a
   name the model cut there (`Hong Kong Convention and Exhibition Centre`);
5. a place (and a distance) right before an event belongs to the event's name
   (`Vibram Hong Kong 100km Ultra Trail Race`);
6. a venue (`Convention`, `Exhibition` ... `Centre`) is a place; a news outlet's
   name (`Bloomberg`, `Kyodo News`) is an organization; a one-word
   organization with a lower-case office word after it is one name (`Met office`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from newsfacts.entity_places import is_known_place
from newsfacts.resources import load_json
from newsfacts.spacy_doc import doc_tokens

NAME_LABELS = {"ORG", "PERSON", "GPE", "LOC", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class OrgRules:
    org_heads: frozenset[str]
    place_heads: frozenset[str]
    suffixes: frozenset[str]
    venue_words: frozenset[str]
    lower_heads: frozenset[str]
    outlets: frozenset[str]  # lower case


@functools.lru_cache(maxsize=4)
def load_org_rules(models_dir: str | None = None) -> OrgRules:
    raw = load_json("entity_rules.json", models_dir)
    return OrgRules(
        org_heads=frozenset(raw["org_heads"]) | frozenset(raw["company_suffixes"]),
        place_heads=frozenset(raw["place_heads"]) | frozenset(raw["landform_heads"]) | frozenset(raw["site_heads"]),
        suffixes=frozenset(raw["company_suffixes"]),
        venue_words=frozenset(raw["venue_words"]),
        lower_heads=frozenset(raw["lower_org_heads"]),
        outlets=frozenset(k for k in load_json("agencies.json", models_dir) if k.isascii()),
    )


def _span(doc: Doc, start: int, end: int, label: str, ent_id: str = "") -> Span:
    return Span(doc, start, end, label=label, span_id=ent_id or 0)


def _name_word(token) -> bool:
    return token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def split_at_commas(doc: Doc, spans: list[Span], rules: OrgRules) -> list[Span]:
    """`Busan, Incheon` or `Chinese Academy of Sciences, Peking University`: a comma inside
    an organization span separates names when every part is a known place or every part
    after the first ends in a head word; a comma in a list of portfolios (`Ministry of
    Trade, Industry and Energy`) or before a suffix (`Group Co., Ltd.`) does not."""
    tokens = doc_tokens(doc)
    result = []
    for s in spans:
        cuts = [t.i for t in s if t.text == "," and not (t.i + 1 < s.end and tokens[t.i + 1].text in rules.suffixes)]
        if s.label_ != "ORG" or not cuts:
            result.append(s)
            continue
        bounds = list(zip([s.start] + [c + 1 for c in cuts], cuts + [s.end]))
        parts = [doc[a:b] for a, b in bounds if b > a]
        names = all(is_known_place(p.text) for p in parts) or \
            all(p[-1].text in rules.org_heads | rules.place_heads for p in parts[1:])
        result += [_span(doc, p.start, p.end, "ORG") for p in parts] if names else [s]
    return result


def join_prefixes(doc: Doc, spans: list[Span], rules: OrgRules) -> list[Span]:
    """A place or an acronym right before an organization or facility name is its first word."""
    tokens = doc_tokens(doc)
    spans = sorted(spans, key=lambda s: s.start)
    result: list[Span] = []
    for s in spans:
        last = result[-1] if result else None
        if last is not None and last.end == s.start and last.label_ in ("GPE", "LOC") and s.label_ == "ORG" \
                and not s.ent_id_ and tokens[last.end - 1].whitespace_ == " " and "\n" not in last.text:
            result[-1] = _span(doc, last.start, s.end, "ORG")  # `China` + `Unicom`
            continue
        if s.label_ in ("ORG", "FAC") and s.start > 0 and (last is None or last.end < s.start) \
                and s[-1].text in rules.org_heads | rules.place_heads:
            before = tokens[s.start - 1]
            if before.is_upper and before.is_alpha and 2 <= len(before) <= 5 and before.whitespace_ == " ":
                s = _span(doc, s.start - 1, s.end, s.label_)  # `PAF` + `Masroor Base`
        result.append(s)
    return result


def extend_names(doc: Doc, spans: list[Span], rules: OrgRules) -> list[Span]:
    """Company suffixes, `of` + an organization, `and` + words to a head word, `Met office`."""
    tokens = doc_tokens(doc)
    spans = sorted(spans, key=lambda s: s.start)
    starts = {s.start: s for s in spans}
    result: list[Span] = []
    skip_until = -1
    for s in spans:
        if s.start < skip_until:
            continue
        start, end, label = s.start, s.end, s.label_
        if label in ("ORG", "PERSON", "NORP") or (label in PLACE_LABELS and tokens[end - 1].text in rules.org_heads):
            k = end
            while k < len(doc) and tokens[k].text.rstrip(".") in rules.suffixes and k not in starts:
                k += 1
            if k > end:
                end, label = k, "ORG"  # `Moderna Inc.`, `Railway 20th Group Co Ltd.`
        if label == "ORG" and tokens[end - 1].text in rules.org_heads and end + 1 < len(doc) \
                and tokens[end].lower_ == "of":
            k = end + 2 if end + 2 < len(doc) and tokens[end + 1].lower_ == "the" else end + 1
            nxt = starts.get(k)
            if nxt is not None and nxt.label_ == "ORG":
                end = nxt.end  # `Xiangya Hospital` of `Central South University`
        if label in NAME_LABELS and end + 2 < len(doc) and tokens[end].lower_ == "and" \
                and tokens[end - 1].text in rules.venue_words and end + 1 not in starts:
            k = end + 1
            while k < len(doc) and _name_word(tokens[k]) and (k == end + 1 or k not in starts):
                k += 1
            if k > end + 1 and tokens[k - 1].text in rules.org_heads | rules.place_heads:
                end = k  # `Hong Kong Convention` and `Exhibition Centre`
        if label == "ORG" and end - start == 1 and not s.ent_id_ and not tokens[start].is_upper \
                and end < len(doc) and tokens[end].text in rules.lower_heads:
            end += 1  # `Met office`
        if end > s.end or start < s.start:
            skip_until = end
            s = _span(doc, start, end, label if label != "PERSON" else "ORG", s.ent_id_)
        if any(t.text in rules.venue_words for t in s) and s[-1].text in ("Center", "Centre", "Hall", "Complex"):
            s = _span(doc, s.start, s.end, "FAC", s.ent_id_)  # a venue: `... Convention and Exhibition Centre`
        elif s.label_ in NAME_LABELS and s.text.lower() in rules.outlets:
            s = _span(doc, s.start, s.end, "ORG", s.ent_id_)  # `Bloomberg reported`
        result.append(s)
    return result


def split_possessives(doc: Doc, spans: list[Span], rules: OrgRules) -> list[Span]:
    """`Chinese Academy of Sciences' Institute of Microbiology`: two organizations."""
    result = []
    for s in spans:
        cut = next((t.i for t in s[1:-1] if t.tag_ == "POS" or t.text in ("'s", "’s")), None)
        if s.label_ == "ORG" and cut is not None and any(t.text in rules.org_heads for t in doc[s.start:cut]) \
                and any(t.text in rules.org_heads for t in doc[cut + 1:s.end]):
            result += [_span(doc, s.start, cut, "ORG"), _span(doc, cut + 1, s.end, "ORG")]
        else:
            result.append(s)
    return result


def events_named_like_orgs(doc: Doc, spans: list[Span], rules: OrgRules) -> list[Span]:
    """`the Beijing Morning Post` read as an event or a work: its head word says organization."""
    result = []
    for s in spans:
        if s.label_ in ("EVENT", "WORK_OF_ART", "PRODUCT", "LAW") and s[-1].text in rules.org_heads:
            start = s.start + 1 if s[0].lower_ == "the" and len(s) > 1 else s.start
            s = _span(doc, start, s.end, "ORG")
        result.append(s)
    return result


def places_in_event_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """`Vibram Hong Kong` `100km` `Ultra Trail Race`: a place (and a distance) right before
    an event is part of the event's name, not a place of the story."""
    spans = sorted(spans, key=lambda s: s.start)
    result: list[Span] = []
    for s in spans:
        if s.label_ == "EVENT" and result:
            k, gap_end = len(result) - 1, s.start
            if result[k].label_ in ("QUANTITY", "CARDINAL") and result[k].end == s.start and k > 0:
                k, gap_end = k - 1, result[k].start
            before = result[k]
            if before.label_ in PLACE_LABELS and before.end == gap_end:
                s = _span(doc, before.start, s.end, "EVENT")
                del result[k:]
        result.append(s)
    return result


def repair_orgs(doc: Doc, spans: list[Span], rules: OrgRules) -> list[Span]:
    spans = places_in_event_names(doc, spans)
    spans = events_named_like_orgs(doc, spans, rules)
    spans = split_possessives(doc, spans, rules)
    spans = join_prefixes(doc, spans, rules)
    return extend_names(doc, spans, rules)
