"""What a quoted region is on its own, before any frame: a sentence, a fragment, a title.

A quoted sentence (``is_utterance``) rather than a term, a fragment, a title-cased name of a work
(“Morning Joe”, said on NBC’s “Meet the Press.”), the words on a sign or in a chant (a hat
reading “…”), a quotation that opens its sentence, a quotation signed with a dash (“…” ― Ana
Ruiz) or labelled with its speaker as in a transcript (SMITH: …), and a quoted sentence hanging
on a verb outside the lexicon (the crowd chanted “USA! USA!”).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..context import DocContext
from ..syntax import noun_phrase_span, subject
from .cues import Cues
from .marks import QuoteRegion
from .spans import Candidate, para_start, trim

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def is_utterance(text: str, r: QuoteRegion) -> bool:
    """A quoted sentence rather than a term: double marks, a capital first letter, not every word
    capitalised (a title), and either end punctuation inside the marks or at least five words
    (“This is fantastic!”)."""
    inner = text[r.start:r.end]
    if r.single or not inner[:1].isupper() or is_title(text, r):
        return False
    ws = inner.rstrip(",.!?;:…”\"’ ").replace(",", " ").split()
    if len(ws) > 1 and sum(inner.count(c) for c in "!?") >= 2:
        return True  # a chant or a run of exclamations (“U-S-A! U-S-A!”), capitals and all
    if all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in ws):
        return False  # the podcast “So, That Happened.”: a title with its sentence's period
    return inner.rstrip(",”\"’ ")[-1:] in ("!", "?", ".", "…") or len(inner.split()) >= 5


def uncued_utterance(ctx: DocContext, r: QuoteRegion) -> Candidate:
    """A quoted sentence inside a sentence whose verb is not a cue of the lexicon (the crowd
    chanted “…”, Trump beamed “…”): a direct quote, its speaker the subject of the verb the
    quotation hangs on when that subject is a name, a noun or a personal pronoun, else none."""
    doc = ctx.doc
    cand = Candidate("direct", [(r.start, r.end)], regions=[r])
    a, b = ctx.at(r.start), ctx.at(max(r.start, r.end - 1))
    t = doc[a]
    for _ in range(8):
        if not (a <= t.head.i <= b) or t.head.i == t.i:
            break
        t = t.head
    verb = t.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    subj = subject(verb) if verb.pos_ in ("VERB", "AUX") and verb.i < a else None
    if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and \
            subj.lower_ not in ("it", "this", "that", "there", "which"):
        cand.cue = (verb.idx, verb.idx + len(verb.text))
        cand.speaker, cand.speaker_head = noun_phrase_span(subj), subj.i
    return cand


def starts_sentence(ctx: DocContext, r: QuoteRegion, lower: int) -> bool:
    """The quotation opens its sentence: only punctuation or a closed quotation lies before it."""
    text = ctx.text
    k = r.open_at - 1
    while k >= lower and text[k].isspace():
        k -= 1
    return k < lower or text[k] in ".!?:\n”\"“" or text[k] == "’"


def is_fragment(text: str, r: QuoteRegion) -> bool:
    """Three words or fewer, or not starting with a capital: a fragment, not a sentence."""
    inner = text[r.start:r.end]
    return len(inner.split()) <= 3 or not inner[:1].isupper()


_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"})


def is_title(text: str, r: QuoteRegion) -> bool:
    """A short title-cased name without end punctuation (“Morning Joe”, “The 40-Year-Old Virgin”):
    a title of a work or a slogan, not a quotation."""
    inner = text[r.start:r.end]
    ws = inner.split()
    if not ws or len(ws) > 6 or inner[-1:] in ",.!?;:…":
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in ws) and ws[0][:1].isupper()


def displayed(ctx: DocContext, r: QuoteRegion, cues: Cues) -> Candidate | None:
    """Words a sign or a crowd displays, right after the word that shows them (a hat reading
    “Keep Ohio Blue” on Tuesday; signs that read “Stop the Tax”; chanting “No deal” after …;
    with chants of “We want more”): a direct quote of just those words, slogan or title-cased
    or not, its cue that word. The speaker is the subject of the verb the words hang on, else of
    the verb above the cue (whoever chants, or wears or holds what reads), never a sign or a
    chant. (Words from the lexicon: display_verbs, display_nouns, sign_nouns.)"""
    doc = ctx.doc
    shows, chants = cues.display_verbs, cues.display_nouns

    def lemma(t: "Token") -> str:
        return t.lemma_.lower()

    def not_speaker(t: "Token") -> bool:
        return lemma(t) in chants or lemma(t) in cues.sign_nouns
    k = ctx.at(r.open_at) - 1
    while k >= 0 and (doc[k].is_space or doc[k].text == ","):
        k -= 1
    if k < 1 or doc[k].idx + len(doc[k].text) > r.open_at or "\n" in ctx.text[doc[k].idx:r.open_at]:
        return None
    t, w = doc[k], doc[k - 1]
    if t.lower_ == "of" and lemma(w) in chants:
        cue = w  # (responded) with chants of “…”
    elif lemma(t) in shows and lemma(t) in chants and t.pos_ != "ADJ":
        cue = t  # chanting “…”; the crowd chanted “…”
    elif lemma(t) in shows and (w.lower_ in ("that", "which") or t.tag_ == "VBG"
                                and w.pos_ in ("NOUN", "PROPN") and w.ent_type_ != "PERSON"):
        cue = t  # a hat reading “…”; signs that read “…” (not someone reading a book)
    else:
        return None
    cand = uncued_utterance(ctx, r)  # its speaker: the subject of the verb the words hang on …
    cand.cue = (cue.idx, cue.idx + len(cue.text))
    if cand.speaker_head is not None and cand.speaker_head < cue.i and not not_speaker(doc[cand.speaker_head]):
        return cand
    cand.speaker = cand.speaker_head = None
    verb = cue
    signs = lemma(cue) in shows and lemma(cue) not in chants  # (read: a sign's words; chant: a crowd's)
    if lemma(cue) in shows and not signs and cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN") \
            and cue.head.i < cue.i:
        subj = cue.head  # protesters chanting “…”
    else:
        if signs:
            verb = cue.head.head if cue.dep_ in ("acl", "relcl") else cue  # wore a hat reading “…”: the wearer
        for _ in range(3):  # … or of the verb above the chant or the sign (responded with chants of “…”)
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        reads = verb.i == cue.i and signs  # (One message read “…”: no one speaks)
        subj = subject(verb) if verb.pos_ in ("VERB", "AUX") and not reads else None
    if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and subj.lower_ not in cues.not_sign_speakers \
            and subj.i < cue.i and not not_speaker(subj):
        cand.speaker, cand.speaker_head = noun_phrase_span(subj), subj.i
    return cand


def named_work(ctx: DocContext, r: QuoteRegion) -> bool:
    """A short title-cased name quoted after a preposition (not "as"), a possessive or a noun, with the
    comma or period of its sentence inside the marks (said Sunday on NBC’s “Meet the Press.”;
    In an interview with “Fox and Friends,” Trump said …; the podcast “Here’s the Thing.”): the
    name of a show, a book or a film, not words said."""
    doc = ctx.doc
    text = ctx.text
    inner = text[r.start:r.end].rstrip()
    if r.single or inner[-1:] not in (",", ".") or inner[-2:-1] in (".", ",") or "!" in inner or "?" in inner:
        return False
    ws = inner[:-1].split()
    if not ws or len(ws) > 6 or not ws[0][:1].isupper() or \
            not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in ws):
        return False
    k = ctx.at(r.open_at) - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or "\n" in text[doc[k].idx:r.open_at]:
        return False
    t = doc[k]
    # (not after "as": refers to him as “Mr. Trump,” quotes a name used as a label)
    return t.tag_ == "POS" or t.pos_ == "ADP" and t.lower_ != "as" or t.pos_ in ("NOUN", "PROPN") and t.dep_ != "ROOT"


_DASH_SIGNATURE = re.compile(r"[^\S\n]*(?:\n\s*)?([―—–-])[^\S\n]*"
                             r"([A-Z][\w’'.-]*(?:[^\S\n]+(?:[A-Z][\w’'.-]*|de|del|van|von|la)){0,4})[.,]?[^\S\n]*(?=\n|$)")


def dash_signature(text: str, r: QuoteRegion) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The dash and name signing a quotation at the end of its line, or alone on the next one
    (“…” ― Ana Ruiz / “…”¶- Ruiz.): the cue and speaker spans."""
    if r.close_at is None or r.single or text[para_start(text, r.open_at):r.open_at].strip():
        return None  # the quotation must open its line: “… called him “my friend.”¶- Reuters.” is a byline
    m = _DASH_SIGNATURE.match(text, r.after_close)
    if m is None:
        return None
    a, b = trim(text, *m.span(2))
    while b > a and text[b - 1] == ".":
        b -= 1
    return m.span(1), (a, b)


_CAPS_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")


LABEL_MAX_TOKENS = 10


def speaker_label(ctx: DocContext, r: QuoteRegion) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A transcript's speaker label: a paragraph that opens with a name and a colon before the
    quotation (Rep. Jane Doe (D-Ore.): “…”), or a quotation that opens with a capitalised name
    and a colon (“SMITH: …”). The colon is the cue, the name the speaker."""
    doc = ctx.doc
    text = ctx.text
    m = _CAPS_LABEL.match(text, r.start)
    if m is not None and not r.single:
        return (m.end(1), m.end(1) + 1), m.span(1)
    p = para_start(text, r.open_at)
    left = text[p:r.open_at].rstrip()
    if not left.endswith(":") or not left[:1].isupper() or r.single:
        return None
    a, b = ctx.at(p), ctx.at(p + len(left) - 1)
    if b - a > LABEL_MAX_TOKENS or b <= a:
        return None
    span = doc[a:b]
    if span[0].pos_ in ("ADV", "ADP", "SCONJ", "CCONJ") or any(t.text == "," for t in span) or \
            any(t.pos_ in ("VERB", "AUX", "SCONJ") and not t.text[:1].isupper() for t in span):
        return None  # a sentence or a phrase (Then, later that month on CNN: “…”), not a name
    if not any(t.ent_type_ == "PERSON" for t in span):
        return None
    return (p + len(left) - 1, p + len(left)), trim(text, p, p + len(left) - 1)
