"""Where a quote's words and speaker are: quotation marks, sentences, and the
speaker of a cue, resolved to a canonical entity (pipeline/quotes.py finds the cues).

The speaker is a PERSON or ORG mention (`X said`, `said X`, `X, head of Y, said`,
`X of Y said`, `NBS spokesperson X`), a pronoun (he/she: the person who spoke in,
or else was first named in, the nearest sentence naming one; it: the last
organization that spoke), or a definite noun phrase pointing back (`the ministry`,
`the space agency`: the last organization of that name; `the report`, `the data`:
the last organization that spoke; `the premier`: the last person with that role).
Plural pronouns and unnamed people (`officials said`) resolve to no one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from newsfacts.record import Entity
from newsfacts.roles import FINITE, NOMINAL, SPEAKER_LABELS, DocIndex, Mention, RoleHit, is_role_word
from newsfacts.spacy_doc import doc_text

QUOTE_MARK = re.compile(r"[\"“”„«»「」‘’']")
OPENING, CLOSING = "“„«「", "”»」"


@dataclass
class Quoted:
    """Text in quote marks: offsets of the opening and the closing mark in doc.text."""
    open: int
    close: int
    used: bool = False


def quoted_spans(text: str) -> list[Quoted]:
    """Quotations in marks; one left open at a paragraph's end continues when the
    next paragraph opens with a mark (a quote over several paragraphs), else it
    ends with its paragraph. Single quotes count only outside double ones."""
    spans: list[Quoted] = []
    opened: int | None = None
    single: int | None = None
    pos = 0
    for para in text.split("\n"):
        end = pos + len(para)
        lead = len(para) - len(para.lstrip())
        marks = [m.start() + pos for m in QUOTE_MARK.finditer(para)]
        if opened is not None:
            if marks and marks[0] == pos + lead and text[marks[0]] in OPENING + '"':
                marks = marks[1:]  # the continuation mark of a quote over paragraphs
            else:
                spans.append(Quoted(opened, pos - 1))
                opened = None
        single = None
        for m in marks:
            ch = text[m]
            if ch == '"':
                if opened is None:
                    opened = m
                else:
                    spans.append(Quoted(opened, m))
                    opened = None
            elif ch in OPENING and opened is None:
                opened = m
            elif ch in CLOSING and opened is not None:
                spans.append(Quoted(opened, m))
                opened = None
            elif ch == "‘" and opened is None and (m == 0 or text[m - 1] in " (\n[—"):
                single = m
            elif ch == "’" and single is not None and (m + 1 >= len(text) or not text[m + 1].isalnum()):
                spans.append(Quoted(single, m))
                single = None
            elif ch == "'" and opened is None:  # an apostrophe unless it opens a line or closes `...,'`
                if single is None and m == pos + lead and m + 1 < len(text) and text[m + 1].isupper():
                    single = m
                elif single is not None and text[m - 1] in ",.?!" and (m + 1 >= len(text) or text[m + 1] in " \n"):
                    spans.append(Quoted(single, m))
                    single = None
        pos = end + 1
    if opened is not None:
        spans.append(Quoted(opened, len(text)))
    return [s for s in spans if text[s.open + 1:s.close].strip()]




@dataclass
class Ref:
    """A resolved speaker: the entity and the mention it was resolved from."""
    entity: Entity
    start: int
    end: int


@dataclass
class Found:
    ref: Ref
    kind: str
    cue: str
    start: int
    end: int
    sent: int
    para: int
    token: int



class Speakers:
    """The document's sentences and quotation marks, and speaker resolution over
    the quotes found so far (`found`, filled by the quotes stage in reading order)."""

    def __init__(self, ix: DocIndex, roles: list[RoleHit]) -> None:
        self.ix, self.doc, self.tokens, self.lex, self.roles = ix, ix.doc, ix.tokens, ix.lex, roles
        self.text = doc_text(ix.doc)
        self.spans = quoted_spans(self.text)
        self.starts = [t.idx for t in ix.tokens]
        self.inside: list[Quoted | None] = [None] * len(ix.doc)
        for q in self.spans:
            for t in range(bisect.bisect_left(self.starts, q.open + 1), bisect.bisect_left(self.starts, q.close)):
                self.inside[t] = q
        self.sents: list[tuple[int, int, int]] = []  # (first token, end token, paragraph)
        self.sent_of = [0] * len(ix.doc)
        self.found: list[Found] = []
        self._split_sentences()

    def _split_sentences(self) -> None:
        para, start = 0, None
        for sent in self.doc.sents:
            for t in self.tokens[sent.start:sent.end]:
                if t.is_space and "\n" in t.text:
                    if start is not None:
                        self.sents.append((start, t.i, para))
                    para, start = para + 1, None
                elif start is not None and t.i > start and self.tokens[t.i - 1].text in (".", "!", "?") \
                        and self._opens(t.i):  # `... intensity. "Since ...," he said.`
                    self.sents.append((start, t.i, para))
                    start = t.i
                elif start is None:
                    start = t.i
            if start is not None:
                self.sents.append((start, sent.end, para))
                start = None
        merged: list[tuple[int, int, int]] = []
        for s0, e, para in self.sents:  # the sentencizer may split after `Jan.`: a sentence starts upper case
            if merged and merged[-1][2] == para and self.tokens[s0].is_lower and self.tokens[s0].is_alpha:
                merged[-1] = (merged[-1][0], e, para)
            else:
                merged.append((s0, e, para))
        self.sents = merged
        for k, (s0, e, _) in enumerate(self.sents):
            for t in range(s0, e):
                self.sent_of[t] = k


    def _opens(self, t: int) -> bool:
        return t < len(self.doc) and any(q.open == self.tokens[t].idx for q in self.spans)

    def _closes(self, t: int) -> bool:
        return t >= 0 and any(q.close == self.tokens[t].idx for q in self.spans)



    def _mention_ref(self, m: Mention) -> Ref | None:
        if m.entity.label not in SPEAKER_LABELS or self.inside[m.first] is not None:
            return None
        return Ref(m.entity, self.tokens[m.first].idx, self.tokens[m.last].idx + len(self.tokens[m.last]))

    def _speaker_left(self, i: int, s0: int) -> tuple[Ref, int] | None:
        """The speaker ending right before the cue: `X (also) said`, `X, head of Y, said`."""
        tokens, lex = self.tokens, self.lex
        j = i - 1
        while j >= s0 and (tokens[j].lower_ in lex.skip_between or tokens[j].tag_ == "RB" or j in self.ix.date_tokens):
            j -= 1
        for _ in range(3):  # `X, 45, a professor at Y, said`: up to three appositions back
            if j < s0 or tokens[j].text != ",":
                break
            k = j - 1
            while k >= s0 and j - k < 25 and tokens[k].text != ",":
                k -= 1
            if k < s0 or tokens[k].text != ",":
                return None
            if any(tokens[t].tag_ in FINITE for t in range(k + 1, j)) and tokens[k + 1].lower_ != "who":
                return None
            m = self.ix.ending.get(k - 1)
            if m is not None:
                ref = self._mention_ref(m)
                return (ref, m.first) if ref else None
            j = k  # the opening comma closes the apposition before it
        else:
            return None
        if j >= s0 and tokens[j].text == ",":
            return None  # appositions that follow no name
        return self._ending_at(j, s0)

    def _ending_at(self, j: int, s0: int) -> tuple[Ref, int] | None:
        tokens, lex = self.tokens, self.lex
        if j < s0:
            return None
        if tokens[j].text == ")" and j - 2 >= s0 and tokens[j - 2].text == "(":
            j -= 3  # `X (NBS) said`
        nouns = j
        while nouns >= s0 and nouns > j - 2 and tokens[nouns].lower_ in lex.source_nouns | lex.data_nouns:
            nouns -= 1
        m = self.ix.ending.get(j) or self.ix.ending.get(nouns)
        if m is not None:
            if m.entity.label == "PLACE" and m.first >= 2 and tokens[m.first - 1].lower_ == "in":
                return self._ending_at(m.first - 2, s0)  # `X in Hawaii forecast`
            if m.entity.label == "ORG" and m.first - 2 >= s0 and tokens[m.first - 1].lower_ in ("of", "at", "from", "with"):
                p = self.ix.ending.get(m.first - 2)
                if p is not None and p.entity.label == "PERSON":
                    m = p  # `Lynne Song of ING Economics said`
                elif tokens[m.first - 1].lower_ == "from" and tokens[m.first - 2].lower_ in lex.data_nouns:
                    pass  # `data from X showed`
            ref = self._mention_ref(m)
            return (ref, m.first) if ref else None
        low = tokens[j].lower_
        if low in lex.person_pronouns:
            ref = self._last_person(j)
        elif low in lex.org_pronouns:
            ref = self._last_org_speaker(j)
        else:
            ref = self._nominal(j, forward=False)
        if ref is None:
            return None
        ref = Ref(ref.entity, tokens[j].idx if low in lex.person_pronouns | lex.org_pronouns else ref.start,
                  tokens[j].idx + len(tokens[j]))
        return ref, j

    def _speaker_right(self, j: int, e: int) -> Ref | None:
        tokens = self.tokens
        n = 0
        while j < e and n < 3 and (tokens[j].lower_ in self.lex.skip_right or tokens[j].lower_ in self.lex.honorifics):
            j, n = j + 1, n + 1
        m = self.ix.starting.get(j)
        if m is not None and m.entity.label == "ORG" and m.last + 1 < e and is_role_word(tokens[m.last + 1], self.lex):
            t = m.last + 1  # `said NHC official X`; without a name after the title nobody is named
            while t < e and t - m.last < 5 and (is_role_word(tokens[t], self.lex) or tokens[t].tag_ in NOMINAL) \
                    and t not in self.ix.starting:
                t += 1
            m = self.ix.starting.get(t)
            return self._mention_ref(m) if m is not None and m.entity.label == "PERSON" else None
        if m is not None:
            return self._mention_ref(m)
        if j > 0 and tokens[j - 1].lower_ == "the":
            return self._nominal(j - 1, forward=True)
        return None

    def _nominal(self, t: int, forward: bool) -> Ref | None:
        """`the ministry`, `the space agency`, `the report`, `the premier`, `the agency's`."""
        tokens, lex = self.tokens, self.lex
        if forward:  # t is `the`: the head is the last noun of the phrase
            head = t + 1
            while head + 1 < len(tokens) and head - t < 4 and tokens[head + 1].tag_ in ("NN", "NNS", "JJ") \
                    and tokens[head + 1].is_lower:
                head += 1
            first = t
        else:  # t is the head noun: `the` must open the phrase
            head, first = t, t - 1
            while first >= 0 and t - first < 4 and tokens[first].lower_ != "the" and tokens[first].tag_ in ("NN", "JJ"):
                first -= 1
            if first < 0 or tokens[first].lower_ != "the":
                return None
        if head >= len(tokens) or not tokens[head].is_lower:
            return None
        noun = tokens[head].lower_
        start, end = tokens[first].idx, tokens[head].idx + len(tokens[head])
        if noun in lex.speaker_nouns:
            found = self._last_org_speaker(first)
            return Ref(found.entity, start, end) if found else None
        if noun in lex.org_nouns:  # `the ministry`: the last organization of that name
            m = self.ix.last_org(first, noun)
            if m is None and noun in lex.generic_org_nouns:
                m = self.ix.last_org(first)  # `the company`: names rarely say company
            return Ref(m.entity, start, end) if m else None
        if is_role_word(tokens[head], lex):
            for hit in reversed(self.roles):
                if hit.person.first < first and noun in hit.role.lower().split():
                    return Ref(hit.person.entity, start, end)
        return None

    def _main(self, k: int) -> Ref | None:
        return next((f.ref for f in self.found if f.sent == k), None)

    def _subject(self, s0: int, i: int) -> Ref | None:
        """The sentence's first speaker before its first finite verb (`X welcomed ..., saying`)."""
        for t in range(s0, i):
            m = self.ix.starting.get(t)
            if m is not None and m.entity.label in SPEAKER_LABELS:
                return self._mention_ref(m)
            if self.tokens[t].lower_ in self.lex.person_pronouns:
                found = self._last_person(t)
                return Ref(found.entity, self.tokens[t].idx, self.tokens[t].idx + len(self.tokens[t])) if found else None
            if self.tokens[t].tag_ in FINITE:
                return None
        return None

    def _last_person(self, j: int) -> Ref | None:
        """He/she: in the nearest sentence with a person, its speaker, else its first person."""
        k = self.sent_of[j]
        for back in range(k, max(-1, k - 6), -1):
            s0, e, _ = self.sents[back]
            e = min(e, j)
            spoke = [f.ref for f in self.found if f.sent == back and f.ref.entity.label == "PERSON"]
            if spoke:
                return spoke[0]
            for t in range(s0, e):
                m = self.ix.starting.get(t)
                if m is not None and m.entity.label == "PERSON" and self.inside[t] is None:
                    return self._mention_ref(m)
        return None

    def _last_org_speaker(self, j: int) -> Ref | None:
        for f in reversed(self.found):
            if f.token < j and f.ref.entity.label == "ORG":
                return f.ref
        return None

