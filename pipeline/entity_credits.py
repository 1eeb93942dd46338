"""Photo and wire credits, run by `newsfacts_entity_repairs` before the other repairs.

A credit names an organization and, after a slash, the photographer:
`(AP Photo/Ted S. Warren)`, `(Xinhua/Li Xueren)`, `[Photo by Zhu Haipeng/For China
Daily]`, `[Photo/IC]`, `/VCG Photo`, `—PPI` at a caption's end,
`REUTERS/Tingshu Wang/File Photo`. The model reads such a run as one
organization, or misses the person. The credit's parts become an ORG span
(without the word `Photo`) and PERSON spans, replacing what the model found
there. The words (`Photo`, `File`, `For`) are in `models/entity_rules.json`
under `credits`.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Span

from newsfacts.resources import load_json
from newsfacts.spacy_doc import doc_text

NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}"
PERSON = re.compile(rf"^{NAME}$")


@functools.lru_cache(maxsize=4)
def _credit_patterns(models_dir: str | None = None) -> tuple[re.Pattern, re.Pattern, frozenset[str]]:
    words = load_json("entity_rules.json", models_dir)["credits"]
    photo = "|".join(map(re.escape, words["photo_words"]))
    # `(AP Photo/Ted S. Warren, File)`, `(Xinhua/Li Xueren)`, `[Photo by Zhu Haipeng/For China Daily]`, `[Photo/IC]`
    bracketed = re.compile(rf"[(\[](?:(?P<org>{NAME}?)(?: (?:{photo}))?|(?:{photo})(?: by (?P<by>{NAME}))?)"
                           rf"/(?P<rest>[^()\[\]/\n]{{2,80}})[)\]]")
    fillers = "|".join(map(re.escape, words["fillers"]))
    # `... in Beijing. /VCG Photo`; `... on Saturday.—PPI` at the end of a caption;
    # `REUTERS/Tingshu Wang/File Photo` (no brackets: the agency in capitals)
    trailing = re.compile(rf"/ ?(?!(?:{fillers}) )(?P<org>[A-Z][\w&]*(?: [A-Z][\w&]*)?) (?:{photo})\b"
                          rf"|[—–] ?(?P<dash>[A-Z]{{2,6}})$"
                          # `TAO LEI/FOR CHINA DAILY`: a photographer in capitals shooting for an outlet
                          rf"|\b(?P<shooter>[A-Z]{{2,}}(?: [A-Z]{{2,}}){{1,2}})/(?i:for) (?P<outlet>[A-Z][\w&'. ]*?)(?=[)\]]|$)"
                          rf"|\b(?P<caps>[A-Z]{{2,}})/(?P<name>{NAME})(?=/|\)|$)", re.MULTILINE)
    return bracketed, trailing, frozenset(words["fillers"])


def _char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    span = doc.char_span(start, end, label=label, alignment_mode="contract")
    return span if span is not None and len(span) else None


def _parts(rest: str, offset: int) -> list[tuple[str, int]]:
    """`Ted S. Warren, File` -> each name with its offset in the text."""
    parts = []
    for piece in re.finditer(r"[^,]+?(?=\s+and\s+|,|$)", rest):
        text = piece.group().strip()
        if text.startswith("and "):
            text = text[4:]
        if text:
            parts.append((text, offset + piece.start() + piece.group().index(text)))
    return parts


def credit_spans(doc: Doc, models_dir: str | None = None, text: str | None = None) -> list[Span]:
    """ORG and PERSON spans of every credit in the text (`text`: doc.text, if the caller has it)."""
    bracketed, trailing, fillers = _credit_patterns(models_dir)
    photo_words = frozenset(load_json("entity_rules.json", models_dir)["credits"]["photo_words"])  # `(Photo/CCTV)`
    text = doc_text(doc) if text is None else text
    found: list[Span] = []
    for m in bracketed.finditer(text):
        people: list[tuple[str, int]] = []
        parts = _parts(m.group("rest"), m.start("rest"))
        for word in fillers:  # `For China Daily` -> `China Daily`
            parts = [(p[len(word) + 1:], at + len(word) + 1) if p.startswith(word + " ") else (p, at)
                     for p, at in parts]
        parts = [(p, at) for p, at in parts if p not in fillers]
        if m.group("org") and m.group("org") not in photo_words:
            span = _char_span(doc, m.start("org"), m.end("org"), "ORG")
            found += [span] if span is not None else []
            people += [(p, at) for p, at in parts if PERSON.match(p)]
        elif m.group("by"):  # `Photo by NAME/ORG`
            people = [(m.group("by"), m.start("by"))]
            found += [s for p, at in parts if (s := _char_span(doc, at, at + len(p), "ORG")) is not None]
        else:  # `[Photo/IC]`: the slash names the source
            found += [s for p, at in parts if (s := _char_span(doc, at, at + len(p), "ORG")) is not None]
        for name, at in people:
            span = _char_span(doc, at, at + len(name), "PERSON")
            found += [span] if span is not None else []
    for m in trailing.finditer(text):
        if m.group("shooter"):
            for group, label in (("shooter", "PERSON"), ("outlet", "ORG")):
                span = _char_span(doc, m.start(group), m.end(group), label)
                found += [span] if span is not None else []
            continue
        group = next(g for g in ("org", "dash", "caps") if m.group(g))
        span = _char_span(doc, m.start(group), m.end(group), "ORG")
        found += [span] if span is not None else []
        if m.group("name") and m.group("name") not in fillers:
            span = _char_span(doc, m.start("name"), m.end("name"), "PERSON")
            found += [span] if span is not None else []
    return found


def apply_credits(doc: Doc, spans: list[Span], models_dir: str | None = None) -> list[Span]:
    """The credit's spans win over whatever the model found in the same place."""
    text = doc_text(doc)
    if "/" not in text and "—" not in text and "–" not in text:
        return spans
    credits = credit_spans(doc, models_dir, text)
    taken = {i for s in credits for i in range(s.start, s.end)}
    # the model's span over `AP Photo` or `/VCG Photo` goes with the credit
    kept = [s for s in spans if not taken & set(range(s.start, s.end))]
    return kept + credits
