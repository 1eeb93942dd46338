"""Stage 8, quotes and roles: who said what, and in what capacity.

Runs after the entities stage, on the same spaCy Doc: speakers and
office-holders are the document's canonical entities (roles: pipeline/roles.py;
quotation marks, sentences and speakers: pipeline/speakers.py).

A quote is found from its cue, sentence by sentence, with the tagger and the
entity spans only (no parser):
- a reporting verb with its speaker before it (`X said that ...`, `..., X said.`)
  or after it (`..., said X.`), a participle after a comma (`, adding that ...`),
  `according to X`, `X data showed`, `citing X` (a second source for the same words);
- the content is the clause after the cue or the text before the attribution;
  when it opens (or closes, right before the speaker) with quote marks the
  quote is direct and its text is what the marks enclose, else it is indirect;
  an object that is only a topic (`announced new measures`) is no quote;
- a quotation in marks with no cue of its own continues the paragraph's last
  indirect attribution, or opens a paragraph after one that was attributed
  (`"A," he said, "B."` is one quote, A).
"""

from __future__ import annotations

import bisect
from typing import Callable

from spacy.tokens import Doc

from newsfacts.record import Entity, Quote, Role
from newsfacts.roles import FINITE, NOMINAL, SPEAKER_LABELS, build_index, find_roles, is_role_word, to_roles
from newsfacts.speakers import OPENING, Found, Quoted, Ref, Speakers, quoted_spans
from newsfacts.spacy_doc import doc_text

TRIM = " \t\n,;:\"“”„«»「」‘’"
TOLD = {"tell", "tells", "told", "telling"}
RELATIVE = {"which", "who", "whom", "whose"}

__all__ = ["extract_quotes", "quoted_spans"]


def extract_quotes(doc: Doc, entities: list[Entity],
                   locate: Callable[[int, int], tuple[str, int, int]]) -> tuple[list[Quote], list[Role]]:
    """Quotes (direct and indirect) and roles of one document.

    `doc` is the spaCy Doc over the document's combined text (body, then captions);
    `entities` are the entities stage's mentions, whose offsets are already located
    in their sources; `locate` maps offsets in `doc.text` to (source, start, end).
    """
    if not len(doc) or not doc_text(doc).strip():
        return [], []
    ix = build_index(doc, entities, locate)
    hits = find_roles(ix)
    found = _Finder(ix, hits).run()
    quotes, seen = [], set()
    for f in found:
        source, start, end = locate(f.start, f.end)
        if locate(f.end, f.end)[0] != source or locate(f.ref.start, f.ref.end)[0] != source:
            continue  # no quote crosses a document part
        key = (f.ref.entity.canonical, start, end)
        if key in seen:
            continue
        seen.add(key)
        _, s_start, s_end = locate(f.ref.start, f.ref.end)
        quotes.append(Quote(speaker=f.ref.entity.canonical, speaker_label=f.ref.entity.label, kind=f.kind,
                            cue=f.cue, text=doc_text(doc)[f.start:f.end], start=start, end=end,
                            speaker_start=s_start, speaker_end=s_end, source=source))
    return quotes, to_roles(hits, locate)


class _Finder(Speakers):
    """Cues, their content and their quotes, sentence by sentence."""

    # ------------------------------------------------------------ the pass

    def run(self) -> list[Found]:
        for k, (s0, e, para) in enumerate(self.sents):
            citing: list[int] = []  # read last: they credit the sentence's quote to a second source
            for i in range(s0, e):
                low = self.tokens[i].lower_
                if self.inside[i] is not None:
                    continue  # a cue inside quote marks belongs to the quotation
                if low == "according" and i + 1 < e and self.tokens[i + 1].lower_ == "to":
                    self._according(i, s0, e, k, para)
                elif low in self.lex.citing:
                    citing.append(i)
                elif self._is_cue(i):
                    self._cue(i, s0, e, k, para)
            for c in citing:
                self._citing(c, e, k)
        self._unattributed()
        return self.found

    def _is_cue(self, i: int) -> bool:
        tok, lex = self.tokens[i], self.lex
        low = tok.lower_
        if not (low in lex.speech or low in lex.that or low in lex.fragment or low in lex.data_verbs):
            return False
        if not (tok.tag_.startswith("VB") or low in ("said", "told", "forecast")):
            return False
        particle = lex.particles.get(low)
        return particle is None or (i + 1 < len(self.doc) and self.tokens[i + 1].lower_ == particle)

    def _cue(self, i: int, s0: int, e: int, k: int, para: int) -> None:
        """One reporting verb at token i of the sentence s0..e: find its speaker
        (a participle after a comma: the sentence's speaker; after a comma: the
        name after it; else the name before it), then its content (the clause
        after it, or the text before the attribution when nothing follows)."""
        doc, tokens, lex = self.doc, self.tokens, self.lex
        low = tokens[i].lower_
        cue_end = i + (1 if low in lex.particles else 0)
        cue = doc[i:cue_end + 1].text
        prev = i - 1
        while prev > s0 and tokens[prev].tag_ == "RB":
            prev -= 1
        comma_before = prev >= s0 and (tokens[prev].text == "," or self._closes(prev))
        if low.endswith("ing") and (comma_before or prev < s0 or tokens[prev].tag_ == "IN"):
            ref = self._main(k) or self._subject(s0, i)  # `, adding that ...`, `of saying "..."`
            first = i
        elif comma_before and low not in lex.that and low not in TOLD and self._speaker_left(i, s0) is None:
            got = self._speaker_right(cue_end + 1, e)  # `..., said X`
            if got is None:
                return
            ref, first = got, i
            if low not in lex.fragment:
                self._before(ref, s0, prev, cue, k, para, i)
                return
        else:
            got = self._speaker_left(i, s0)
            if got is None:
                return
            ref, first = got
        if ref is None:
            return
        stop = self._clause_end(cue_end + 1, e)
        if low in lex.fragment:
            self._direct_in(ref, cue_end + 1, stop, cue, k, para, i, first_only=True)
            return
        if low in lex.data_verbs and not any(tokens[t].lower_ in lex.data_nouns for t in range(max(s0, i - 8), i)):
            return
        a: int | None = cue_end + 1
        if low in TOLD:
            a = self._skip_audience(a, stop)
        if low in lex.that:  # `believed that`, `expressing hope that`: `that` at once or after a noun
            t = next((x for x in range(a, min(stop, a + 3)) if tokens[x].lower_ == "that"), None)
            if t is None or any(tokens[x].tag_ not in ("NN", "NNS") for x in range(a, t)):
                return
            a = t
        after_that = False
        while a < stop and (a in self.ix.date_tokens or tokens[a].lower_ in ("on", "here") and (
                a + 1 in self.ix.date_tokens or tokens[a].lower_ == "here")):
            a += 1  # `said (here) on Monday it would ...`
        if a < stop and (tokens[a].lower_ in lex.adjuncts or tokens[a].lower_ == "that"):
            a = self._that_after(a, stop)  # `said (on Tuesday) (in a statement) that ...`
            after_that = a is not None
        comma = self._comma_before(first, s0)
        if comma is not None and self._closes(comma - 1 if tokens[comma].text == "," else comma):
            self._before(ref, s0, comma, cue, k, para, i)  # `"...," X said`
            return
        content = self._content_after(a, stop, low, after_that) if a is not None else "empty"
        if content == "clause":
            self._after(ref, a, stop, cue, k, para, i)
        elif content == "empty" and comma is not None:
            self._before(ref, s0, comma, cue, k, para, i)
        # an object that is only a topic (`announced a series of initiatives`) is no quote

    # ------------------------------------------------------------ content

    def _content_after(self, a: int, stop: int, low: str, after_that: bool) -> str:
        """What follows a cue: a reported `clause`, nothing but adjuncts (`empty`), or an `object`."""
        tokens, lex = self.tokens, self.lex
        while a < stop and tokens[a].text in (",", ":"):
            a += 1
        if a >= stop:
            return "empty"
        if self._opens(a) or after_that:
            return "clause"
        if tokens[a - 1].text == ",":
            return "empty"  # `..., he added, without giving figures`
        if tokens[a].lower_ in lex.topic_preps:
            return "object"  # `warned of floods`, `spoke about the plan`: a topic
        if tokens[a].lower_ in lex.adjuncts or tokens[a].is_punct:
            return "empty"
        if low in lex.np_object or any(tokens[t].lower_ in lex.value_nouns for t in range(a, min(stop, a + 3))):
            return "clause" if stop - a >= 2 else "object"  # `stressed the importance of ...`
        # a finite verb makes a clause, unless it is a relative clause's (`initiatives, which showcased`)
        if stop - a >= 3 and any(tokens[t].tag_ in FINITE and self.inside[t] is None
                                 and tokens[t - 1].lower_ not in RELATIVE for t in range(a + 1, stop)):
            return "clause"
        return "object"

    def _after(self, ref: Ref, a: int, stop: int, cue: str, k: int, para: int, at: int) -> None:
        tokens = self.tokens
        while a < stop and tokens[a].text in (",", ":"):
            a += 1
        if self._opens(a):
            self._direct_in(ref, a, stop, cue, k, para, at)
        else:
            self._indirect(ref, tokens[a].idx, tokens[stop - 1].idx + len(tokens[stop - 1]), cue, k, para, at)

    def _before(self, ref: Ref, s0: int, comma: int, cue: str, k: int, para: int, at: int) -> None:
        """The text from the sentence start to the comma before the attribution."""
        if comma <= s0:
            return
        start, end = self.tokens[s0].idx, self.tokens[comma].idx
        spans = [q for q in self.spans if q.open < end and q.close >= start]
        head = self.text[start:end].lstrip(" \t\n,;:")
        if spans and (self._closes(comma - 1) or self._closes(comma) or head[:1] in OPENING + '"‘'
                      or spans[0].open < start):
            for q in spans:
                self._direct(ref, q, cue, k, para, at)
            return
        dash = self.text.find("--", start, min(end, start + 90))
        if dash >= 0:  # a dateline (`BEIJING, May 17 (Xinhua) --`) is no part of what was said
            start = dash + 2
        self._indirect(ref, start, end, cue, k, para, at)

    def _direct_in(self, ref: Ref, a: int, stop: int, cue: str, k: int, para: int, at: int,
                   first_only: bool = False) -> None:
        start, end = self.tokens[a].idx, self.tokens[stop - 1].idx + len(self.tokens[stop - 1]) if stop > a else self.tokens[a].idx
        for q in self.spans:
            if start <= q.open < end:
                self._direct(ref, q, cue, k, para, at)
                if first_only:
                    return

    def _direct(self, ref: Ref, q: Quoted, cue: str, k: int, para: int, at: int) -> None:
        if q.used:
            return
        q.used = True
        self._add(ref, "direct", cue, q.open + 1, q.close, k, para, at)

    def _indirect(self, ref: Ref, start: int, end: int, cue: str, k: int, para: int, at: int) -> None:
        for q in self.spans:
            if start <= q.open < end:
                q.used = True  # a quoted fragment in a reported clause belongs to it
        self._add(ref, "indirect", cue, start, end, k, para, at)

    def _add(self, ref: Ref, kind: str, cue: str, start: int, end: int, k: int, para: int, at: int) -> None:
        text = self.text
        while start < end and text[start] in TRIM:
            start += 1
        while end > start and text[end - 1] in TRIM + ".":
            end -= 1
        if text[start:start + 5].lower() == "that ":
            start += 5
        if kind == "indirect" and len(text[start:end].split()) < 3 or end <= start:
            return
        piece = text[start:end]
        if kind == "indirect" and (piece.count('"') % 2 or piece.count("“") > piece.count("”")):
            # a quoted fragment that closes the clause keeps its closing mark
            close = next((p for p in range(end, min(end + 3, len(text))) if text[p] in '"”'), None)
            if close is not None and all(c in ".,;" for c in text[end:close]):
                end = close + 1
        self.found.append(Found(ref, kind, cue, start, end, k, para, at))

    def _clause_end(self, a: int, e: int) -> int:
        """The sentence end, or the comma before a second cue (`, adding that`)."""
        lex = self.lex
        for t in range(a, e - 1):
            nxt = self.tokens[t + 1].lower_
            if self.tokens[t].text == "," and self.inside[t] is None and nxt.endswith("ing") and (
                    nxt in lex.speech or nxt in lex.that or nxt in lex.fragment or nxt in lex.citing):
                return t
        return e

    def _that_after(self, a: int, stop: int) -> int | None:
        """`explained in an announcement that ...`: the `that` after an adjunct."""
        for t in range(a, min(stop, a + 12)):
            if self.tokens[t].lower_ == "that":
                return t + 1
            if self.tokens[t].tag_ in FINITE or self.tokens[t].text == ",":
                return None
        return None

    def _skip_audience(self, a: int, stop: int) -> int:
        """`told reporters (that)`, `told Xinhua`, `told a press conference`: past the audience."""
        m = self.ix.starting.get(a)
        if m is not None:
            return m.last + 1
        end = a
        for t in range(a, min(stop, a + 8)):
            tok = self.tokens[t]
            if tok.lower_ in self.lex.audience:
                end = t + 1
            elif tok.tag_ not in NOMINAL | {"DT", "PRP$", "POS"} and self.ix.mention_at(t) is None:
                if tok.text == ":" or tok.lower_ == "that" or self._opens(t):
                    return t  # `told the assembly: "..."`: whatever came before was the audience
                break
        return end

    def _comma_before(self, first: int, s0: int) -> int | None:
        """The comma (or closing mark) that ends the content before the speaker phrase."""
        for t in range(first - 1, max(s0, first - 12) - 1, -1):
            tok = self.tokens[t]
            if tok.text == "," or self._closes(t):
                return t
            if tok.tag_ in FINITE or tok.tag_ == "CC" or tok.text == ";":
                return None  # `..., and X said` reports no clause before it
        return None

    # ------------------------------------------------------------ other cues

    def _according(self, i: int, s0: int, e: int, k: int, para: int) -> None:
        tokens = self.tokens
        ref, t, phrase_end = None, i + 2, e
        while t < min(e, i + 14):
            if tokens[t].text in (",", ";"):
                phrase_end = t
                break
            if ref is None:
                m = self.ix.starting.get(t)
                if m is not None and m.entity.label in SPEAKER_LABELS:
                    ref, t = Ref(m.entity, tokens[m.first].idx, tokens[m.last].idx + len(tokens[m.last])), m.last
                elif tokens[t].lower_ == "the":
                    ref = self._nominal(t, forward=True)
            t += 1
        if ref is None:
            return
        lead = all(tokens[x].is_punct or tokens[x].tag_ == "RB" for x in range(s0, i))
        if lead and phrase_end < e:
            start = phrase_end + 1
            nxt = next((x for x in range(start, min(e, start + 16)) if tokens[x].text == ","), None)
            if nxt is not None and not any(tokens[x].tag_ in FINITE for x in range(start, nxt)) and \
                    any(is_role_word(tokens[x], self.lex) for x in range(start, nxt)):
                start = nxt + 1  # `According to X, deputy head of Y, ...`
            if start < e:
                self._indirect(ref, tokens[start].idx, tokens[e - 1].idx + len(tokens[e - 1]), "according to", k, para, i)
        elif not lead:
            comma = i - 1 if tokens[i - 1].text == "," else i
            self._before(ref, s0, comma, "according to", k, para, i)

    def _citing(self, c: int, e: int, k: int) -> None:
        """`X reported, citing data from Y`: Y is a second source of the same words."""
        main = next((f for f in self.found if f.sent == k and f.token < c), None)
        if main is None:
            return
        people, orgs = [], []
        for t in range(c + 1, min(e, c + 10)):
            m = self.ix.starting.get(t)
            if m is not None and m.entity.label == "PERSON":
                people.append(m)
            elif m is not None and m.entity.label == "ORG":
                orgs.append(m)
        m = (people or orgs or [None])[0]
        if m is not None and m.entity.canonical != main.ref.entity.canonical:
            ref = Ref(m.entity, self.tokens[m.first].idx, self.tokens[m.last].idx + len(self.tokens[m.last]))
            self.found.append(Found(ref, main.kind, self.tokens[c].text, main.start, main.end, k, main.para, c))

    def _unattributed(self) -> None:
        """Quotations in marks no cue claimed: `"A." he said. "B."` goes with A when
        A was reported speech; a paragraph that is one quotation continues the
        speaker of the paragraph before."""
        for q in self.spans:
            if q.used or len(self.text[q.open + 1:q.close].split()) < 4:
                continue
            t = bisect.bisect_left(self.starts, q.open)
            if t >= len(self.doc):
                continue
            k = self.sent_of[t]
            s0, _, para = self.sents[k]
            earlier = [f for f in self.found if f.para == para and f.start < q.open]
            later = [f for f in self.found if f.para == para and f.start > q.open]
            if earlier:
                last = max(earlier, key=lambda f: f.start)
                opens_sentence = t <= s0 + 1 or self.text[:q.open].rstrip()[-1:] in (".", "!", "?")
                if last.kind == "indirect" and opens_sentence:
                    self._direct(last.ref, q, last.cue, k, para, t)
            elif not later and t == s0 and (k == 0 or self.sents[k - 1][2] != para):
                before = [f for f in self.found if f.para == para - 1]
                if before:
                    last = max(before, key=lambda f: f.start)
                    self._direct(last.ref, q, last.cue, k, para, t)
