"""Stage 5, entities: ORG, PERSON and PLACE, each mention pointing to one canonical name.

Two parts:
- `newsfacts_entity_repairs`, a spaCy component after `ner`, fixes the spans the
  small model gets wrong on news text: a leading `the` and a trailing `'s` are
  dropped, spans are split at `/` (`Xinhua/Zhang Jiansong`), an unclosed
  `(` is cut off, a parenthesised acronym brings in its expansion
  (`Space and Upper Atmosphere Research Commission (SUPARCO)`), mission and
  product names (`Chang'e-7`) and lone common words (`Space`) are dropped,
  and so is any span without a Latin letter. The acronyms found are kept on
  `Doc._.acronyms`.
- `extract_entities` maps labels (GPE, LOC, FAC -> PLACE), adds the byline's
  authors, and links mentions within the document: acronym <-> expansion,
  surname <-> full name, upper-case dateline <-> normal case.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Callable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.record import Entity
from pipeline.resources import MODELS_DIR, load_json

LABELS = {"ORG": "ORG", "PERSON": "PERSON", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
KEEP_SPACY_LABELS = set(LABELS) | {"NORP"}  # NORP may turn out to be a surname (`Bian`)
IDENTIFIER = re.compile(r"^[A-Z][\w']*-\d+[A-Za-z]?$")  # Chang'e-7, Tianwen-3
LATIN = re.compile(r"[A-Za-z]")
ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z]$")


@functools.lru_cache(maxsize=4)
def load_common_words(models_dir: str | None = None) -> frozenset[str]:
    path = Path(models_dir or MODELS_DIR) / "common_words.txt"
    words = (line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def long_form(acronym: str, before: str) -> str | None:
    """The expansion of `acronym` at the end of `before` (Schwartz & Hearst, 2003)."""
    words = before.split()
    window = " ".join(words[-min(len(acronym) + 5, 2 * len(acronym)) :])
    letters = [c.lower() for c in acronym if c.isalnum()]
    s, l = len(letters) - 1, len(window) - 1
    while s >= 0:
        c = letters[s]
        while l >= 0 and (window[l].lower() != c or (s == 0 and l > 0 and window[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    result = window[window.rfind(" ", 0, l + 1) + 1 :].strip()
    if not result or not result[0].isupper() or len(result.split()) < 2:
        return None
    return result


def _trim(span: Span) -> Span | None:
    """Drop a leading `the`, a trailing `'s` and an unclosed `(...` from a span."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].lower_ in ("'s", "’s", "'", "’", "(", "-", "of", "and", "in", "the"):
        end -= 1
    for k in range(start, end):
        if span.doc[k].text == "(" and not any(t.text == ")" for t in span.doc[k:end]):
            end = k
            break
    if end <= start:
        return None
    return Span(span.doc, start, end, label=span.label, kb_id=span.kb_id, span_id=span.id)


def _split_at_slash(span: Span) -> list[Span]:
    parts, start = [], span.start
    for token in span:
        if token.text == "/":
            parts.append(Span(span.doc, start, token.i, label=span.label))
            start = token.i + 1
    parts.append(Span(span.doc, start, span.end, label=span.label, kb_id=span.kb_id, span_id=span.id))
    return [p for p in parts if len(p)]


def repair_entities(doc: Doc, common_words: frozenset[str]) -> Doc:
    lowercase_words = {t.text for t in doc if t.is_lower}
    kept: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in KEEP_SPACY_LABELS:
            kept.append(ent)  # dates, numbers: the other stages judge those
            continue
        for part in _split_at_slash(ent):
            part = _trim(part)
            if part is None or not LATIN.search(part.text) or IDENTIFIER.match(part.text):
                continue
            if len(part) == 1 and (part.text.lower() in common_words or part.text.lower() in lowercase_words):
                continue
            kept.append(part)
    acronyms: dict[str, str] = {}
    for token in doc[1:-1]:
        if doc[token.i - 1].text == "(" and doc[token.i + 1].text == ")" and ACRONYM.match(token.text):
            expansion = long_form(token.text, doc.text[max(0, doc[token.i - 1].idx - 200) : doc[token.i - 1].idx])
            if not expansion:
                continue
            end_char = doc[token.i - 1].idx
            while end_char > 0 and doc.text[end_char - 1] == " ":
                end_char -= 1
            span = doc.char_span(end_char - len(expansion), end_char, label="ORG", alignment_mode="expand")
            if span is not None:
                acronyms[token.text] = expansion
                label = next((s.label_ for s in kept if s.start <= span.start < s.end), "ORG")
                kept = [s for s in kept if s.end <= span.start or s.start >= span.end]
                kept.append(Span(doc, span.start, span.end, label=label if label in LABELS else "ORG"))
    doc.ents = filter_spans(kept)
    doc._.acronyms = acronyms
    return doc


if not Doc.has_extension("acronyms"):
    Doc.set_extension("acronyms", default=None)


@Language.factory("newsfacts_entity_repairs", default_config={"models_dir": None})
def make_entity_repairs(nlp: Language, name: str, models_dir: str | None) -> Any:
    common_words = load_common_words(models_dir)
    return lambda doc: repair_entities(doc, common_words)


def extract_entities(
    doc: Doc,
    locate: Callable[[int, int], tuple[str, int, int]],
    byline: str | None = None,
    authors: list[str] | None = None,
    dateline: str | None = None,
) -> list[Entity]:
    """ORG, PERSON and PLACE mentions of one document, each with its canonical name.

    The dateline place (`CHENGDU, March 5 (Xinhua) --`) is a PLACE whatever
    label the model gave it, and is added if the model missed it.
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
        if not place and doc.text.upper().startswith(dateline.upper()):
            source, start, end = locate(0, len(dateline))
            mentions.insert(0, Entity(text=doc.text[: len(dateline)], label="PLACE", canonical=dateline,
                                      start=start, end=end, source=source))
    for name in authors or []:
        start = (byline or "").find(name)
        mentions.append(
            Entity(text=name, label="PERSON", canonical=name, start=start, end=start + len(name) if start >= 0 else -1,
                   source="metadata.byline", spacy_label=None)
        )
    return canonicalize(mentions, doc._.acronyms or {})


def _place_key(name: str, designators: list[str]) -> str:
    """`Henan Province` and `Henan` share the key `henan`."""
    key = name.lower()
    for word in sorted(designators, key=len, reverse=True):
        if key.endswith(" " + word):
            return key[: -len(word) - 1]
    return key


def canonicalize(mentions: list[Entity], acronyms: dict[str, str]) -> list[Entity]:
    """Point every mention at one canonical name per real-world thing in the document.

    Links: acronym -> its expansion; a surname -> the full name it belongs to;
    an upper-case dateline -> the normal-case spelling; a short place form
    (`U.S.`, `Henan`) -> the full one (`United States`, `Henan Province`).
    """
    places = load_json("place_aliases.json")
    full_people = [m.text for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
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
        elif full_name and len(m.text.split()) == 1 and m.label in ("PERSON", "NORP", "ORG"):
            m.canonical, m.label = full_name, "PERSON"
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
