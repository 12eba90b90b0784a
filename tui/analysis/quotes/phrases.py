"""Reports that are not a cue verb's clause: noun cues, "according to X", headlines.

A noun of saying with a that-clause (Trump's claim that …), a noun of stance with its
preposition (criticism of X, with ``quotes.stance``), the phrase "according to X" with its
content on one or both sides, and a headline "Source: what they said".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..context import DocContext
from ..syntax import CLOSING_MARKS, OPENING_MARKS, noun_phrase_span, subject, token_span
from .complements import MAX_CLAUSE_TOKENS, content_of_clause
from .cues import Cues
from .spans import Candidate

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


def noun_clause(doc: "Doc", noun: "Token") -> Candidate | None:
    """A cue noun with a that-clause and a possessor or a verb subject: "Trump's claim that …"."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and
                   any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if clause is None:
        return None
    src = next((c for c in noun.children if c.dep_ == "poss"), None)
    if src is None and noun.dep_ in ("dobj",):
        src = subject(noun.head)
    if src is None or src.pos_ == "PRON" and src.lower_ in ("its", "it"):
        return None
    return Candidate("indirect", [content_of_clause(doc, clause, noun)],
                     (noun.idx, noun.idx + len(noun.text)), noun_phrase_span(src), src.i)


def noun_prep(doc: "Doc", noun: "Token", cues: Cues) -> Candidate | None:
    """A noun of stance with its preposition or infinitive ("Trump’s criticism of the deal", "his
    refusal to testify", per ``prep_nouns``) and a source: its possessor, or the subject of the
    verb it is the object of ("Sanders expressed support for the union"). The preposition's
    object (or the infinitive) is the content."""
    allowed = cues.prep_nouns.get(noun.lemma_.lower(), frozenset())
    comp = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in allowed or
                 c.dep_ == "acl" and "to" in allowed and c.pos_ == "VERB" and
                 any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
    if comp is None:
        return None
    src = next((c for c in noun.children if c.dep_ == "poss"), None)
    if src is None and noun.dep_ == "dobj":
        src = subject(noun.head)
    if src is None or src.lower_ in ("its", "it", "their", "they") and src.dep_ != "nsubj":
        return None
    if comp.dep_ == "prep":
        obj = next((g for g in comp.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        span = token_span(doc, obj.left_edge.i, min(obj.right_edge.i, obj.i + MAX_CLAUSE_TOKENS))
    else:
        span = token_span(doc, comp.left_edge.i, min(comp.right_edge.i, comp.i + MAX_CLAUSE_TOKENS))
    if span is None:
        return None
    return Candidate("indirect", [span], (noun.idx, noun.idx + len(noun.text)), noun_phrase_span(src), src.i)


def according_to(doc: "Doc", t: "Token", cues: Cues) -> Candidate | None:
    """"according to X": X is the source, the rest of the sentence the content."""
    for phrase in cues.phrases:
        n = len(phrase)
        if t.i + n > len(doc) or tuple(w.lower_ for w in doc[t.i:t.i + n]) != phrase:
            continue
        last = doc[t.i + n - 1]
        src = next((c for c in last.children if c.dep_ == "pobj"), None)
        if src is None and t.i + n < len(doc):
            src = doc[t.i + n]
            while src.head.i > src.i and src.head.i < t.i + n + 6 and src.head.pos_ in ("NOUN", "PROPN"):
                src = src.head
        if src is None or src.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        sent = t.sent
        frame_lo = t.i
        frame_hi = max(src.right_edge.i, t.i + n - 1)
        lo_bound, hi_bound = sent.start, sent.end
        head = t.head
        if head.pos_ in ("VERB", "AUX") and head.i != t.i and sent.start <= head.i < sent.end:
            # the clause "according to" modifies, up to a coordinated clause (…, but …); after
            # coordinated clauses, all of them (X received 37 %, Y 36 % and Z snagged 13 %, according to …)
            first = head
            while t.i > head.i and first.dep_ == "conj" and first.head.i < first.i and first.head.pos_ in ("VERB", "AUX"):
                first = first.head
            lo_bound, hi_bound = max(lo_bound, first.left_edge.i), min(hi_bound, head.right_edge.i + 1)
            for c in head.rights:
                if c.dep_ == "conj" and c.i > frame_hi:
                    k = c.left_edge.i
                    while k > frame_hi + 1 and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct):
                        k -= 1
                    hi_bound = min(hi_bound, k)
                    break
        before = (lo_bound, frame_lo)
        after = (frame_hi + 1, hi_bound)
        lo, hi = max((before, after), key=lambda p: p[1] - p[0])
        spans: list[tuple[int, int]] = []
        if before[1] - before[0] >= 3 and after[1] - after[0] >= 3 and doc[frame_lo - 1].text == "," \
                and frame_hi + 1 < len(doc) and doc[frame_hi + 1].text == ",":
            # His criticism, according to X, was …: the content runs on both sides of the frame
            spans = [sp for a, b in (before, after) if (sp := token_span(doc, a, b - 1)) is not None]
        app = next((c for c in src.rights if c.dep_ == "appos" and doc[c.left_edge.i - 1].text == ","), None)
        last_word = sent.end - 1
        while last_word > t.i and (doc[last_word].is_punct or doc[last_word].is_space):
            last_word -= 1
        if hi - lo < 3 and app is not None and app.right_edge.i >= last_word and app.left_edge.i > src.i + 1:
            lo, hi = app.left_edge.i, hi_bound  # According to X, the move reeks of “fear”: the parse hung the content on X
            frame_hi = app.left_edge.i - 2
        if hi - lo < 3:
            return None
        while lo < hi and (doc[lo].is_punct and doc[lo].text not in OPENING_MARKS or doc[lo].lower_ in ("that",)):
            lo += 1
        while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in CLOSING_MARKS:
            hi -= 1
        if hi <= lo and len(spans) < 2:
            return None
        cue = (t.idx, last.idx + len(last.text))
        src_end = src.right_edge if src.right_edge.i < sent.end else src
        if src_end.i > frame_hi:
            src_end = doc[frame_hi]
        while src_end.i > src.i and src_end.is_punct:
            src_end = doc[src_end.i - 1]
        if len(spans) < 2:
            spans = [(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))]
        return Candidate("indirect", spans, cue, (src.left_edge.idx, src_end.idx + len(src_end.text)), src.i)
    return None


_HEADLINE = re.compile(r"[^\S\n]*([A-Z][^:\n]{0,60}?):[^\S\n]+(\S[^\n]*?)[^\S\n]*$", re.M)


HEADLINE_MAX_WORDS = 25


_SENTENCE_BREAK = re.compile(r"[.!?][”’\"']?\s+\S")  # a headline is one sentence


def headline_attributions(ctx: DocContext, cues: Cues) -> list[Candidate]:
    """Headlines of the form "Source: what they said" ("Obama: I’m Optimistic Americans Will Say
    No"): a line of one sentence and at most 25 words, not ending in a period, whose part before the colon is at
    most six words ending in a name or noun (not a label such as "The Latest") and whose part
    after it is at least three words. The part after the colon is the content, the part before
    it the speaker."""
    doc = ctx.doc
    text = ctx.text
    out: list[Candidate] = []
    for m in _HEADLINE.finditer(text):
        left, right = m.group(1), m.group(2)
        if len(left.split()) > 6 or len(right.split()) < 3 or len(m.group(0).split()) > HEADLINE_MAX_WORDS:
            continue
        if right.endswith(".") or _SENTENCE_BREAK.search(right) or left.lower().strip() in cues.headline_labels:
            continue
        k = ctx.at(m.end(1)) - 1
        if k < 0 or doc[k].pos_ not in ("PROPN", "NOUN") or doc[k].ent_type_ in ("DATE", "TIME"):
            continue
        kind = "direct" if right[:1] in "“\"‘'" else "indirect"
        colon = m.end(1)
        out.append(Candidate(kind, [(m.start(2), m.end(2))], (colon, colon + 1), (m.start(1), m.end(1)), k))
    return out
