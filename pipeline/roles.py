"""Roles: a person's position as the article states it, and the token index the
quotes stage shares with it.

Three forms, read with the tagger and the entity spans (no parser needed):
- apposition: `X, head of the Y`, `X, a senior official with Y`, `Their teacher, X`;
- premodification: `Y spokesperson X`, `Premier X`, `U.S. President X`, `taikonauts X, Y and Z`;
- relative clause: `X, who is the Y of Z`.
The organization is a canonical ORG entity named in the phrase (or `the ministry`
pointing back to one); without one it is None and the phrase stays the role.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Doc, Token

from newsfacts.entity_noise import load_noise_rules
from newsfacts.record import Entity, Role
from newsfacts.resources import load_json
from newsfacts.spacy_doc import doc_tokens

FINITE = {"VBD", "VBZ", "VBP", "MD"}
PLACE_SPACY = {"GPE", "LOC", "NORP", "FAC"}  # spans that end a role phrase (`U.S.`, `Chinese`)
SPEAKER_LABELS = {"PERSON", "ORG"}

def _demonyms() -> frozenset[str]:
    """Nationality words (the entities stage's list): `Chinese Premier X` is a Premier."""
    return load_noise_rules().demonyms


NOMINAL = {"NN", "NNS", "NNP", "NNPS", "JJ", "HYPH"}  # tags a title before a name is made of


@dataclass(frozen=True)
class Lexicon:
    """The word lists of models/quotes.json as sets."""
    speech: frozenset[str]
    that: frozenset[str]
    particles: dict[str, str]
    np_object: frozenset[str]
    fragment: frozenset[str]
    data_verbs: frozenset[str]
    data_nouns: frozenset[str]
    source_nouns: frozenset[str]
    citing: frozenset[str]
    skip_between: frozenset[str]
    skip_right: frozenset[str]
    person_pronouns: frozenset[str]
    org_pronouns: frozenset[str]
    org_nouns: frozenset[str]
    speaker_nouns: frozenset[str]
    adjuncts: frozenset[str]
    audience: frozenset[str]
    role_words: frozenset[str]
    heads_of_state: frozenset[str]
    role_modifiers: frozenset[str]
    honorifics: frozenset[str]
    role_preps: frozenset[str]
    value_nouns: frozenset[str]
    topic_preps: frozenset[str]
    generic_org_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load_json("quotes.json")
    sets = {k: frozenset(w.lower() for w in v) for k, v in data.items() if isinstance(v, list)
            and all(isinstance(w, str) for w in v)}
    return Lexicon(
        speech=sets["speech_verbs"], that=sets["that_verbs"], particles=dict(data["particle_verbs"]),
        np_object=sets["np_object_verbs"], fragment=sets["fragment_verbs"], data_verbs=sets["data_verbs"],
        data_nouns=sets["data_nouns"], source_nouns=sets["source_nouns"], citing=sets["citing"],
        skip_between=sets["skip_between"], skip_right=sets["skip_right"],
        person_pronouns=sets["person_pronouns"], org_pronouns=sets["org_pronouns"],
        org_nouns=sets["org_reference_nouns"], speaker_nouns=sets["speaker_reference_nouns"],
        adjuncts=sets["adjunct_starters"], audience=sets["audience_nouns"],
        role_words=frozenset(w for w in sets["role_words"] if " " not in w), heads_of_state=sets["heads_of_state"],
        role_modifiers=sets["role_modifiers"], honorifics=sets["honorifics"], role_preps=sets["role_preps"],
        value_nouns=sets["value_nouns"], topic_preps=sets["topic_preps"],
        generic_org_nouns=sets["generic_org_nouns"],
    )


@dataclass
class Mention:
    """An entity mention in the spaCy Doc: token range and the entity record."""
    first: int  # first token
    last: int  # last token (inclusive)
    entity: Entity


@dataclass
class DocIndex:
    """Token-level lookups over one Doc, built once and shared by roles and quotes."""
    doc: Doc
    lex: Lexicon
    tokens: list[Token]  # doc_tokens(doc)
    starting: dict[int, Mention] = field(default_factory=dict)  # first token -> mention
    ending: dict[int, Mention] = field(default_factory=dict)  # last token -> mention
    place_tokens: set[int] = field(default_factory=set)  # tokens of places, nationalities, dates
    date_tokens: set[int] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)

    def mention_at(self, i: int) -> Mention | None:
        """The mention covering token i, if any (mentions are short: scan from its end)."""
        for j in range(i, min(i + 8, len(self.doc))):
            m = self.ending.get(j)
            if m is not None:
                return m if m.first <= i else None
        return None

    def last_org(self, before: int, noun: str | None = None) -> Mention | None:
        """The last ORG mention before token `before` whose name contains `noun`."""
        for m in reversed(self.mentions):
            if m.last < before and m.entity.label == "ORG" and (
                    noun is None or noun in m.entity.canonical.lower() or noun in m.entity.text.lower()):
                return m
        return None


def build_index(doc: Doc, entities: list[Entity], locate: Callable[[int, int], tuple[str, int, int]]) -> DocIndex:
    ix = DocIndex(doc=doc, lex=lexicon(), tokens=doc_tokens(doc))
    # where each source starts in doc.text (locate is the only map we are given)
    bases: dict[str, int] = {}
    for sent in doc.sents:
        source, local, _ = locate(sent.start_char, sent.start_char)
        bases.setdefault(source, sent.start_char - local)
    for e in entities:
        if e.source not in bases or e.label not in SPEAKER_LABELS | {"PLACE"}:
            continue
        span = doc.char_span(bases[e.source] + e.start, bases[e.source] + e.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        m = Mention(span.start, span.end - 1, e)
        ix.starting[m.first] = m
        ix.ending[m.last] = m
    _add_surnames(ix)
    ix.mentions = sorted(ix.ending.values(), key=lambda m: m.first)
    for ent in doc.ents:
        if ent.label_ in PLACE_SPACY:
            ix.place_tokens.update(range(ent.start, ent.end))
        elif ent.label_ in ("DATE", "TIME"):
            ix.date_tokens.update(range(ent.start, ent.end))
    for m in ix.mentions:
        if m.entity.label == "PLACE":
            ix.place_tokens.update(range(m.first, m.last + 1))
    return ix


def _add_surnames(ix: DocIndex) -> None:
    """A bare name the model left untagged (`Cosgrove welcomed ...`) is the person
    already named with it, when only one person of the document has that name."""
    owners: dict[str, set[tuple[str, str]]] = {}
    for m in list(ix.ending.values()):
        e = m.entity
        if e.label == "PERSON":
            words = e.canonical.split()
            for w in {words[0], words[-1], e.text}:
                owners.setdefault(w, set()).add((e.canonical, e.label))
        elif e.label == "ORG" and e.text.isupper() and len(e.text) > 1 and " " not in e.text:
            owners.setdefault(e.text, set()).add((e.canonical, e.label))  # an acronym: `NBS spokesperson X`
    covered = {t for m in ix.ending.values() for t in range(m.first, m.last + 1)}
    for tok in ix.tokens:
        names = owners.get(tok.text)
        if names and len(names) == 1 and tok.tag_ == "NNP" and tok.i not in covered and not (
                tok.i + 1 < len(ix.doc) and ix.tokens[tok.i + 1].tag_ == "NNP"):
            canonical, label = next(iter(names))
            m = Mention(tok.i, tok.i, Entity(text=tok.text, label=label, canonical=canonical,
                                             start=tok.idx, end=tok.idx + len(tok), source="doc"))
            ix.starting[tok.i] = m
            ix.ending[tok.i] = m


@dataclass
class RoleHit:
    person: Mention
    role: str
    org: Mention | None
    start: int  # char offsets of the role phrase in doc.text
    end: int


def _singular(tok: Token) -> str:
    word = tok.lower_
    return word[:-1] if tok.tag_ in ("NNS", "NNPS") and word.endswith("s") and len(word) > 3 else word


def is_role_word(tok: Token, lex: Lexicon) -> bool:
    word = tok.lower_
    return word in lex.role_words or _singular(tok) in lex.role_words or (
        "-" in word and word.split("-")[-1] in lex.role_words)


def _role_text(doc: Doc, first: int, last: int) -> str:
    """The phrase tokens first..last as written, a plural head made singular (`taikonauts`)."""
    text = doc[first:last + 1].text
    head = doc[last]
    if _singular(head) != head.lower_ and _singular(head) in lexicon().role_words:
        text = text[: len(text) - 1]
    return text


def find_roles(ix: DocIndex) -> list[RoleHit]:
    hits: list[RoleHit] = []
    for m in ix.mentions:
        if m.entity.label != "PERSON":
            continue
        hit = _premodified(ix, m) or _preposed(ix, m)
        if hit:
            hits.append(hit)
        hit = _appositive(ix, m)
        if hit:
            hits.append(hit)
    _share_plural_roles(ix, hits)
    return hits


def _premodified(ix: DocIndex, m: Mention) -> RoleHit | None:
    """`Y spokesperson X`, `Chinese Premier X`, `City weatherman Dr X`."""
    doc, tokens, lex = ix.doc, ix.tokens, ix.lex
    j = m.first - 1
    while j >= 0 and tokens[j].lower_ in lex.honorifics:
        j -= 1
    if j > 0 and tokens[j].text in ("–", "—", ":") and tokens[j - 1].tag_ == "NNS":
        j -= 1  # `three taikonauts – A, B and C`
    if j < 0 or not is_role_word(tokens[j], lex) or j in ix.ending:
        return None
    last, first, org = j, j, None
    k = j - 1
    while k >= 0 and last - k < 6:
        tok = tokens[k]
        owner = ix.ending.get(k)
        if owner is not None:  # an ORG right before the title is its organization
            if owner.entity.label == "ORG":
                org = owner
            break
        if k in ix.place_tokens or k in ix.date_tokens or k in ix.starting or tok.text in _demonyms() or not (
                tok.is_alpha or tok.text == "-") or tok.tag_ not in NOMINAL:
            break
        if tok.lower_ in lex.org_nouns and not is_role_word(tok, lex):  # `administration spokesman X`
            org = ix.last_org(k, tok.lower_)
            break
        if tok.is_lower and tok.lower_ not in lex.role_modifiers and not is_role_word(tok, lex) \
                and tok.tag_ not in ("NN", "JJ"):
            break
        first = k
        k -= 1
    while first < last and tokens[first].text == "-":
        first += 1
    return RoleHit(m, _role_text(doc, first, last), org, tokens[first].idx, tokens[last].idx + len(tokens[last]))


def _preposed(ix: DocIndex, m: Mention) -> RoleHit | None:
    """`Their teacher, X,`: a role noun phrase, a comma, then the name."""
    doc, tokens, lex = ix.doc, ix.tokens, ix.lex
    j = m.first - 2
    if j < 1 or tokens[m.first - 1].text != "," or not is_role_word(tokens[j], lex) or tokens[j].tag_ not in ("NN", "NNS"):
        return None
    k, org, first = j - 1, None, j
    while k >= 0:
        owner = ix.ending.get(k)
        if owner is not None and owner.entity.label == "ORG" and org is None:
            org, k = owner, owner.first - 1  # `another Commerce Ministry official, X`
        elif tokens[k].tag_ in ("JJ", "NN") and tokens[k].is_lower and org is None:
            first, k = k, k - 1
        else:
            break
    if k < 0 or tokens[k].tag_ not in ("DT", "PRP$") or (k > 0 and not (
            tokens[k - 1].is_punct or tokens[k - 1].is_space or tokens[k - 1].tag_.startswith("VB") or tokens[k - 1].tag_ == "IN")):
        return None
    return RoleHit(m, _role_text(doc, first, j), org, tokens[first].idx, tokens[j].idx + len(tokens[j]))


def _appositive(ix: DocIndex, m: Mention) -> RoleHit | None:
    """`X, (also) (the) head of the Y,` and `X, who is the Y of Z`."""
    doc, tokens, lex = ix.doc, ix.tokens, ix.lex
    i = m.last + 1
    if i >= len(doc) or tokens[i].text != ",":
        return None
    i += 1
    if i + 1 < len(doc) and tokens[i].like_num and tokens[i + 1].text == ",":
        i += 2  # an age: `X, 45, a professor at Y`
    if i + 1 < len(doc) and tokens[i].lower_ == "who" and tokens[i + 1].lower_ in ("is", "was", "serves", "served"):
        i += 2 + (tokens[i + 1].lower_.startswith("serve") and i + 2 < len(doc) and tokens[i + 2].lower_ == "as")
    while i < len(doc) and tokens[i].lower_ in ("also", "now", "currently", "a", "an", "the"):
        i += 1
    start = i
    # the phrase runs to the next comma, bracket or clause; no finite verb inside
    end = start
    while end < len(doc) and not (tokens[end].is_punct and tokens[end].text not in ("-", "'s", "&", ".")) \
            and not tokens[end].is_space and tokens[end].tag_ not in FINITE and tokens[end].lower_ not in ("who", "where", "which"):
        end += 1
    if end == start or end - start > 16:
        return None
    # the title: a role word before the first preposition
    head = start
    while head < end and tokens[head].lower_ not in lex.role_preps and tokens[head].tag_ not in ("VBG", "VBN"):
        head += 1
    if not any(is_role_word(tokens[t], lex) for t in range(start, head)) or any(
            t in ix.starting and ix.starting[t].entity.label != "PLACE" for t in range(start, head)):
        return None  # a name inside the title is no title (a place is: `chief U.S. economist`)
    org, cut = None, end
    for t in range(start, end):
        owner = ix.starting.get(t)
        if owner is not None and owner.entity.label == "ORG" and owner.last < end:
            org, cut = owner, t
            break
        if owner is not None and owner.entity.label == "PLACE" and _ends_phrase(tokens, owner.last + 1, end):
            cut = t  # `director of the department of X, where ...`; `head of X's bureau` keeps X
            break
        if tokens[t].lower_ == "the" and t + 1 < end and tokens[t + 1].lower_ in lex.org_nouns and org is None:
            ref = ix.last_org(t, tokens[t + 1].lower_)
            if ref is not None:  # `at the agency`; `the hospital's radiology department` keeps its words
                org = ref
                if t + 2 >= end or tokens[t + 2].tag_ != "POS":
                    cut = t
                    break
    # drop the preposition (and article) that joins the role to what follows it
    last = cut - 1
    while last > start and (tokens[last].lower_ in lex.role_preps or tokens[last].tag_ in ("DT", "POS", "VBG", "VBN")
                            or tokens[last].is_punct):
        last -= 1
    if last < start:
        return None
    return RoleHit(m, _role_text(doc, start, last), org, tokens[start].idx, tokens[last].idx + len(tokens[last]))


def _ends_phrase(tokens: list[Token], t: int, end: int) -> bool:
    """Nothing but punctuation or a new prepositional phrase follows token t-1 in the phrase."""
    return t >= end or tokens[t].is_punct and tokens[t].text != "'s" or tokens[t].tag_ == "IN"


def _share_plural_roles(ix: DocIndex, hits: list[RoleHit]) -> None:
    """`taikonauts A, B and C`: a plural title before a list names each person in it."""
    tokens = ix.tokens
    for hit in list(hits):
        before = hit.person.first - 1
        if before > 0 and tokens[before].text in ("–", "—", ":"):
            before -= 1
        head = tokens[before] if before >= 0 else None
        if head is None or head.tag_ not in ("NNS", "NNPS"):
            continue
        m = hit.person
        while m.last + 2 < len(tokens) and tokens[m.last + 1].lower_ in (",", "and"):
            nxt = ix.starting.get(m.last + 2) or (
                ix.starting.get(m.last + 3) if tokens[m.last + 2].lower_ == "and" else None)
            if nxt is None or nxt.entity.label != "PERSON":
                break
            hits.append(RoleHit(nxt, hit.role, hit.org, hit.start, hit.end))
            m = nxt


def to_roles(hits: list[RoleHit], locate: Callable[[int, int], tuple[str, int, int]]) -> list[Role]:
    """Located Role records, one per (person, role, organization)."""
    roles, seen = [], set()
    for h in hits:
        org = h.org.entity.canonical if h.org else None
        key = (h.person.entity.canonical, h.role.lower(), org)
        if key in seen:
            continue
        seen.add(key)
        source, start, end = locate(h.start, h.end)
        roles.append(Role(person=h.person.entity.canonical, role=h.role, organization=org,
                          start=start, end=end, source=source))
    return roles
