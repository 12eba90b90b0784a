"""Post-fixes on candidates once every rule has run.

A mixed quote's content ends before a narrator's aside or time phrase after its quotation
(described X as a “disgrace” Wednesday; was “incognito,” sparking …), runs on to the noun a
quotation modifies (a “use it or lose it” approach); two quoted fragments of one report join;
an indirect content takes what a colon announces; a passive judgement's subject joins its
content (X is widely seen as …) and a passive agent is the speaker (considered unclean by Y);
a content that opens a quotation runs past its closing mark.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from ..context import DocContext
from ..intervals import overlap
from ..syntax import noun_phrase_span, token_span
from .complements import cut_aside
from .cues import Cues
from .marks import DOUBLE_MARKS
from .spans import Candidate, END_PUNCT, trim

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


FRAGMENT_GAP = 120  # characters between two quoted fragments of one report


_NEXT_SENTENCE = re.compile(r"[.?!][”\"'’]?\s+[A-Z“\"]")  # a sentence ends, another starts


def join_fragments(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A mixed quote followed, in the same sentence, by a bare quoted fragment of the same cue
    (said X was “a dangerous man,” and Democrats would need to “depend on him”): one report
    quoted in pieces, so the fragment extends the quote before it (``cands`` keeps its order)."""
    mixed = sorted((c for c in cands if c.kind == "mixed" and c.cue is not None and c.content), key=lambda c: c.start)
    joined: set[int] = set()
    p = None
    for c in mixed:
        if p is not None and p.cue == c.cue and c.regions and c.content[0][0] <= c.regions[0].start + 1 \
                and p.end <= c.start and not (p.end <= c.cue[0] < c.start) and _same_sentence(text, p.end, c.start):
            p.content[-1] = (p.content[-1][0], c.content[-1][1])
            p.regions.extend(c.regions)
            joined.add(id(c))
            continue
        p = c
    return [c for c in cands if id(c) not in joined] if joined else cands


def _same_sentence(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return len(gap) <= FRAGMENT_GAP and "\n" not in gap and not _NEXT_SENTENCE.search(gap)


_AS_LABEL = re.compile(r"\bas(?:\s+(?:a|an|the|\w+ly))?\s*[“\"]$", re.I)


TAIL_PREPS = frozenset({"during", "after", "before", "amid"})


TAIL_DASHES = ("—", "–", "―", "--")


TAIL_MARKS = frozenset({"after", "before", "when", "while", "until", "since"})


def _tail_after_quote(ctx: DocContext, span: tuple[int, int]) -> int:
    """The end of a mixed quote's content ``span``: any quotation ends it when a dash aside
    follows its closing mark (likened the rules to “burning the Constitution” ― a charge that
    …); a label quoted after "as" (described X as a “disgrace”) ends the content when the words
    after its closing mark are the narrator's circumstance, not what was said: a time phrase (as
    a “disgrace” Wednesday; as a “crazy system” during a campaign stop) or a time clause (as a
    “disgrace” after she attacked …)."""
    doc = ctx.doc
    text = ctx.text
    a, b = span
    marks = [m.start() for m in re.finditer("[“”\"]", text[a:b])]
    last_end = a + marks[-1] + 1 if marks else b  # (the end of the content's last mark)
    for o, k in zip(marks[::2], marks[1::2]):
        o, k = a + o, a + k
        if text[o] == "”" or text[k] == "“":
            continue
        i = ctx.at(k + 1)
        while i < len(doc) and (doc[i].is_space or doc[i].idx <= k):
            i += 1
        if i >= len(doc) or doc[i].idx >= b:
            return b
        if text[k - 1] == "," and k + 1 == last_end:
            j = i
            while j < len(doc) and doc[j].pos_ == "ADV":
                j += 1
            if j < len(doc) and doc[j].tag_ == "VBG" and doc[j].idx < b:
                return k + 1  # Kelly was “incognito,” sparking a firestorm …: the narrator's aside
        t = doc[i]
        if t.text in TAIL_DASHES or t.text == "-" and t.whitespace_ and text[t.idx - 1:t.idx].isspace():
            return k + 1  # likened the rules to “burning the Constitution” ― a charge that …: an aside
        if not _as_label_before(text, a, o):
            continue
        if t.lower_ in TAIL_PREPS and t.dep_ == "prep" \
                or t.ent_type_ in ("DATE", "TIME") and t.dep_ == "npadvmod" \
                or t.dep_ == "mark" and t.lower_ in TAIL_MARKS and t.head.dep_ == "advcl":
            return k + 1
    return b


def _as_label_before(text: str, a: int, o: int) -> bool:
    """Whether "as" (with an article or an adverb in "-ly") opens the quotation whose mark is at
    ``o``, within ``text[a:o]`` (see ``_AS_LABEL``). The search starts where such a match could
    start at the earliest: before the mark only spaces, one word and spaces can follow "as", so
    the search stays short however long the content (a search from ``a`` for each of hundreds of
    quotations in one content was quadratic)."""
    j = o
    while j > a and text[j - 1].isspace():
        j -= 1
    while j > a and (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    while j > a and text[j - 1].isspace():
        j -= 1
    return _AS_LABEL.search(text, max(a, j - 2), o + 1) is not None


QUOTED_MODIFIER_DETS = frozenset({"a", "an", "the", "this", "its", "his", "her", "their", "our"})


def _noun_after_quote(ctx: DocContext, span: tuple[int, int]) -> int:
    """The end of a mixed quote's content ``span`` that stops at the closing mark of quoted
    words modifying the noun after them (as a “use it or lose it” approach to voting): the noun
    phrase runs on to the noun and what follows it up to punctuation; a content never ends
    inside a noun phrase it quotes from."""
    doc = ctx.doc
    text = ctx.text
    a, b = span
    if b < 2 or text[b - 1] not in "”\"":
        return b
    o = max(text.rfind("“", a, b - 1), text.rfind('"', a, b - 1))
    if o < a:
        return b
    k = ctx.at(o)
    if k == 0 or doc[k - 1].lower_ not in QUOTED_MODIFIER_DETS or doc[k - 1].idx < a:
        return b
    i = ctx.at(b)
    if i <= k or i >= len(doc) or doc[i].idx < b or doc[i].idx - b > 1 or doc[i].pos_ != "NOUN":
        return b
    j = i
    while j + 1 < len(doc) and not doc[j + 1].is_punct and not doc[j + 1].is_space \
            and doc[j + 1].pos_ in ("NOUN", "ADP", "DET", "ADJ", "PROPN", "NUM") and j - i < 6:
        j += 1
    return doc[j].idx + len(doc[j].text)


ASIDE_OPENERS = frozenset({"a", "an", "which", "where", "while", "as", "before", "having"})


def _aside_after_quote(ctx: DocContext, span: tuple[int, int]) -> int:
    """The end of a mixed quote's content ``span`` when, after its last closing mark, a comma or
    a dash opens the narrator's aside: an appositive on the report (had been “rigged” against
    him, a charge that …), a relative or time clause (would “take a look” at it, which …;
    — while …; -- having …). Else ``span``'s end."""
    doc = ctx.doc
    text = ctx.text
    a, b = span
    k = max(text.rfind("”", a, b), text.rfind('"', a, b))
    if k < 0 or not re.search("[“\"]", text[a:k]):
        return b  # (no quotation closes in the content: a stray mark)
    i = ctx.at(k + 1)
    while i + 1 < len(doc) and doc[i].idx < b:
        t = doc[i]
        if t.idx > k and (t.text == "," or t.text in TAIL_DASHES or t.text == "-" and t.whitespace_):
            nxt = doc[i + 1]
            if nxt.lower_ in ASIDE_OPENERS and nxt.idx < b and text.count("(", a, t.idx) <= text.count(")", a, t.idx) \
                    and not (nxt.lower_ == "as" and i + 2 < len(doc) and doc[i + 2].lower_ == "well"):
                return t.idx
            return b  # only the first comma or dash after the quotation may open the aside
        i += 1
    return b


def cut_mixed_tails(ctx: DocContext, cands: list[Candidate]) -> None:
    for c in cands:
        if c.kind == "mixed" and c.content:
            a, b = c.content[-1]
            b = _tail_after_quote(ctx, (a, _noun_after_quote(ctx, (a, b))))
            c.content[-1] = (a, _aside_after_quote(ctx, (a, b)))


def _cue_verb(ctx: DocContext, c: Candidate) -> "Token | None":
    """The first verb of a candidate's cue ("seen" in "is widely seen as")."""
    doc = ctx.doc
    if c.cue is None:
        return None
    k = ctx.at(c.cue[0])
    while k < len(doc) and doc[k].idx < c.cue[1] and doc[k].pos_ != "VERB":
        k += 1
    return doc[k] if k < len(doc) and doc[k].idx < c.cue[1] else None


def passive_topic(ctx: DocContext, c: Candidate, cues: Cues) -> None:
    """"Twitter is increasingly seen as a source of news": a passive verb of judgement says its
    content of its subject, so the subject (before the cue) is the first part of the content;
    it is no speaker."""
    doc = ctx.doc
    verb = _cue_verb(ctx, c)
    if verb is None or c.start < c.cue[1] or verb.lemma_.lower() not in cues.judgement_verbs:
        return
    subj = next((t for t in verb.lefts if t.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ in ("it", "there", "this", "that") or subj.lower_ in cues.relative_pronouns \
            or not any(t.dep_ == "auxpass" for t in verb.lefts):
        return
    lo, hi = subj.left_edge.i, subj.right_edge.i
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    span = token_span(doc, lo, cut_aside(doc, lo, hi))  # (without ", which …" or ", whose …")
    if span is None or "\n" in ctx.text[span[0]:verb.idx]:
        return
    c.content.insert(0, span)
    if c.speaker is not None and overlap(c.speaker, span) > 0:
        c.speaker = c.speaker_head = c.speaker_ref = None


def passive_agent(ctx: DocContext, c: Candidate) -> None:
    """"Pigs are considered unclean by some religious groups": the agent of a passive cue is
    who judges, not what is said: it leaves the content and is the speaker when there is none."""
    verb = _cue_verb(ctx, c)
    agent = next((t for t in verb.rights if t.dep_ == "agent"), None) if verb is not None else None
    obj = next((t for t in agent.children if t.dep_ == "pobj"), None) if agent is not None else None
    if obj is None:
        return
    if c.speaker is None:
        c.speaker, c.speaker_head = noun_phrase_span(obj), obj.i
    lo, hi = agent.idx, agent.right_edge.idx + len(agent.right_edge.text)
    if not any(a <= lo < b for a, b in c.content):
        return
    spans = []
    for a, b in c.content:
        for x, y in ((a, min(b, lo)), (max(a, hi), b)) if a < hi and lo < b else ((a, b),):
            x, y = trim(ctx.text, x, y)
            if any(ch.isalnum() for ch in ctx.text[x:y]):
                spans.append((x, y))
    if spans:
        c.content = spans


COLON_TAIL_WORDS = 6  # the longest verbless list after a colon that ends a content


COLON_TAIL_MAX = 40  # tokens read after the colon


def past_colon(ctx: DocContext, c: Candidate) -> None:
    """A reported content that stops at a colon takes what the colon announces up to the end of
    the sentence, when that is no sentence of its own: a stretch in lower case or starting with a
    number (said the plan had one flaw: the lack of money …; noted X: 70 percent believe …), or
    a short list without a verb (said the state picked its winner: Maria Lopez.). Quotations after
    the colon are left to the quotation rules."""
    doc = ctx.doc
    text = ctx.text
    a, b = c.content[-1]
    k = ctx.at(b)
    if k >= len(doc) or doc[k].text != ":" or "\n" in text[b:doc[k].idx]:
        return
    end = None
    for j in range(k + 1, min(len(doc), k + COLON_TAIL_MAX)):
        t = doc[j]
        if "\n" in t.text or "\n" in t.whitespace_ and t.text not in END_PUNCT or t.text in ":;" or \
                not DOUBLE_MARKS.isdisjoint(t.text) or t.text in ("''", "``", "‘", "’"):
            return
        if t.text in END_PUNCT:
            end = j
            break
    if end is None or end <= k + 1:
        return
    first = doc[k + 1].text
    words = [t for t in doc[k + 1:end] if not t.is_punct]
    if not (first[:1].islower() or first[:1].isdigit() or
            len(words) <= COLON_TAIL_WORDS and not any(t.pos_ in ("VERB", "AUX") for t in words)):
        return
    last = doc[end - 1]
    c.content[-1] = (a, last.idx + len(last.text))


def past_closer(text: str, a: int, b: int, closers: list[tuple[int, int]]) -> int:
    """A content ``a``-``b`` that holds a quotation's opening mark and ends with only punctuation
    before its closing mark runs past that mark (calling for “appropriate assistance.”): a
    content never ends inside a quotation it opens. ``closers``: sorted (close, open, length of
    the closing mark)."""
    i = bisect.bisect_left(closers, (b, -1, 0))
    if i < len(closers):
        close, open_, n = closers[i]
        if a <= open_ < b and close - b <= 2 and not any(ch.isalnum() or ch.isspace() for ch in text[b:close]):
            return close + n
    return b
