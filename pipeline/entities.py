"""Stage 5, entities: ORG, PERSON and PLACE, each mention pointing to one canonical name.

The spans come from spaCy's `ner` as repaired by `newsfacts_entity_repairs`
(`pipeline/entity_repairs.py`). `extract_entities` maps labels (GPE, LOC,
FAC -> PLACE), adds the byline's authors and the page's agency, and links
mentions within the document: acronym <-> expansion, surname <-> full name,
upper-case dateline <-> normal case, short place form <-> full one.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable

from spacy.tokens import Doc

from newsfacts import entity_repairs  # noqa: F401  (registers `newsfacts_entity_repairs`)
from newsfacts.entity_places import is_known_place
from newsfacts.entity_repairs import head_label
from newsfacts.geocode import geocode
from newsfacts.record import Entity
from newsfacts.resources import load_json
from newsfacts.spacy_doc import doc_text

LABELS = {"ORG": "ORG", "PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
KEEP_SPACY_LABELS = set(LABELS) | {"NORP"}  # NORP may turn out to be a surname (`Bian`)


def extract_entities(
    doc: Doc,
    locate: Callable[[int, int], tuple[str, int, int]],
    byline: str | None = None,
    authors: list[str] | None = None,
    dateline: str | None = None,
    agency: str | None = None,
) -> list[Entity]:
    """ORG, PERSON and PLACE mentions of one document, each with its canonical name.

    The dateline place (`CHENGDU, March 5 (Xinhua) --`) is a PLACE whatever
    label the model gave it, and is added if the model missed it. The page's
    agency (from its header, byline or credit line) is an ORG mention with
    offsets into `metadata.agency` when the text does not name it.
    """
    mentions: list[Entity] = []
    for ent in doc.ents:
        if ent.label_ not in KEEP_SPACY_LABELS:
            continue
        source, start, end = locate(ent.start_char, ent.end_char)
        mentions.append(
            Entity(text=ent.text, label=LABELS.get(ent.label_, ent.label_), canonical=ent.ent_id_ or ent.text,
                   start=start, end=end, source=source, spacy_label=ent.label_)
        )
    if dateline:
        place = [m for m in mentions if m.text.lower() == dateline.lower()]
        for m in place:
            m.label = "PLACE"
        if not place and doc_text(doc).upper().startswith(dateline.upper()):
            source, start, end = locate(0, len(dateline))
            mentions.insert(0, Entity(text=doc_text(doc)[: len(dateline)], label="PLACE", canonical=dateline,
                                      start=start, end=end, source=source))
    for i, name in enumerate(authors or []):
        # the byline may spell it in capitals (`LI HUA`); names given by the input have no byline
        start = (byline or "").lower().find(name.lower())
        if start >= 0:
            text, source = byline[start:start + len(name)], "metadata.byline"
        else:
            text, source, start = name, f"metadata.authors[{i}]", 0
        mentions.append(Entity(text=text, label="PERSON", canonical=name, start=start, end=start + len(name),
                               source=source, spacy_label=None))
    mentions += byline_places(byline)
    if agency and not any(agency.lower() in (m.text.lower(), m.canonical.lower()) for m in mentions):
        mentions.append(Entity(text=agency, label="ORG", canonical=agency, start=0, end=len(agency),
                               source="metadata.agency", spacy_label=None))
    linked = canonicalize(mentions, doc._.acronyms or {})
    geocode(linked)
    return linked


BYLINE_PLACE = re.compile(r"\bin ([A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+){0,2})")


def byline_places(byline: str | None) -> list[Entity]:
    """`By Zhao Ruinan in Nanchang, Zhou Huiying in Harbin`: where each reporter filed
    from is a place of the article (the guide counts the byline), if the place is known."""
    found = []
    for m in BYLINE_PLACE.finditer(byline or ""):
        if is_known_place(m.group(1)):
            found.append(Entity(text=m.group(1), label="PLACE", canonical=m.group(1), start=m.start(1),
                                end=m.end(1), source="metadata.byline", spacy_label=None))
    return found


def index_key(name: str, label: str) -> str:
    """The key one entity has across documents: case ignored, and for places the
    designator too (`Henan Province` and `Henan` share the key `henan`)."""
    if label != "PLACE":
        return name.lower()
    return _place_key(name, load_json("place_aliases.json")["designators"])


def _place_key(name: str, designators: list[str]) -> str:
    key = name.lower()
    for word in sorted(designators, key=len, reverse=True):
        if key.endswith(" " + word):
            return key[: -len(word) - 1]
    return key


def _is_word_prefix(short: str, name: str) -> bool:
    return name.startswith(short + " ") and len(short) > 2


def one_label_per_name(mentions: list[Entity]) -> None:
    """The same name keeps one label within a document: the one most of its mentions
    have; on a tie, the one its head word says (`... Hospital` ORG), else the first."""
    by_text: dict[str, list[Entity]] = {}
    for m in mentions:
        if m.label in ("ORG", "PERSON", "PLACE") and m.source != "metadata.agency":
            by_text.setdefault(m.text, []).append(m)
    for group in by_text.values():
        counts = Counter(m.label for m in group)
        if len(counts) < 2:
            continue
        ranked = counts.most_common()
        label = ranked[0][0]
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            label = head_label(group[0].text) or group[0].label
        for m in group:
            m.label = label


def canonicalize(mentions: list[Entity], acronyms: dict[str, str]) -> list[Entity]:
    """Point every mention at one canonical name per real-world thing in the document.

    Links: acronym -> its expansion; a surname -> the full name it belongs to;
    an upper-case dateline -> the normal-case spelling; a short place form
    (`U.S.`, `Henan`) -> the full one (`United States`, `Henan Province`).
    """
    places = load_json("place_aliases.json")
    one_label_per_name(mentions)
    full_people = [m.text for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
    org_names = [m.text for m in mentions if m.label == "ORG" and len(m.text.split()) > 1]
    by_lower = {}
    for m in mentions:
        if not m.text.isupper() or len(m.text) <= 4:
            by_lower.setdefault(m.text.lower(), m.text)
    longest_place: dict[str, str] = {}
    for m in mentions:
        if m.label == "PLACE":
            key = _place_key(m.text, places["designators"])
            if len(m.text) > len(longest_place.get(key, "")):
                longest_place[key] = m.text

    def normal_case(name: str) -> str:
        """`SHANGHAI` -> the article's own spelling `Shanghai`; short acronyms stay."""
        if name.isupper() and len(name) > 4:
            return by_lower.get(name.lower(), name.title())
        return name

    linked: list[Entity] = []
    for m in mentions:
        full_name = next((p for p in full_people if m.text in (p.split()[0], p.split()[-1])), None)
        if m.text in acronyms:
            m.canonical = acronyms[m.text]
            m.label = next((e.label for e in mentions if e.text == m.canonical), m.label)
        elif full_name and len(m.text.split()) == 1 and (m.label in ("PERSON", "NORP", "ORG") or (
                m.label == "PLACE" and not is_known_place(m.text))):
            m.canonical, m.label = full_name, "PERSON"  # `Xiong` of `Xiong Zeng`, whatever the model said
        elif m.label in ("PERSON", "NORP", "ORG") and not is_known_place(m.text) and \
                (longer := next((o for o in org_names if _is_word_prefix(m.text, o)), None)):
            m.canonical, m.label = longer, "ORG"  # `Mitsubishi Heavy` of `Mitsubishi Heavy Industries Ltd.`
        elif m.label == "PLACE" and m.text in places["aliases"]:
            m.canonical = places["aliases"][m.text]
        elif m.label == "PLACE":
            m.canonical = normal_case(longest_place.get(_place_key(m.text, places["designators"]), m.text))
        elif m.text.isupper() and len(m.text) > 4:
            m.canonical = normal_case(m.text)
        if m.label == "NORP":
            continue  # nationalities are not entities; a NORP that is a surname became PERSON above
        linked.append(m)
    for m in linked:  # an expansion met as an entity also takes the ruler's canonical
        for short, expansion in acronyms.items():
            if m.canonical == short:
                m.canonical = expansion
    return linked
