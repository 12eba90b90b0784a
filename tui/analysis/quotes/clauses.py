"""Reported clauses of cue verbs: the ``indirect`` candidates.

``reported_clauses`` walks the cue tokens and reads, per verb class of the lexicon, what each
reports: a that-clause (said that …), an object and infinitive (urged X to …), an infinitive of
intention (plans to run), a preposition's object (called for X), a passive of expectation or an
impression with no named source (X is expected to …, X seems to …), a poll's finding, a frame
after or inside its clause (…, sources said; X, officials said, is …) and an "as X said" frame.
Noun cues, "according to" and headlines are in ``phrases``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..context import DocContext
from ..syntax import CLOSING_MARKS, OPENING_MARKS, is_negated, noun_phrase_span, subject, token_span
from .complements import MAX_CLAUSE_TOKENS, complement_after, content_of_clause, cue_prep, cut_right
from .cues import Cues
from .phrases import according_to, noun_clause, noun_prep
from .sources import (
    antecedent, document_author, inner_stance, outer_subject,
    survey_source)
from .spans import Candidate, trim, within_paragraph

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


def _cue_positions(doc: "Doc", phrase_starts: set[str]) -> list[int]:
    """Indices of the tokens that may be cues: verbs, nouns, and first words of cue phrases (read
    over arrays: iterating a Doc in Python builds a Token per step)."""
    if not len(doc):
        return []
    from spacy.attrs import LOWER, POS

    import numpy as np

    strings = doc.vocab.strings
    arr = doc.to_array([POS, LOWER])
    keep = np.isin(arr[:, 0], [strings["VERB"], strings["AUX"], strings["NOUN"]])
    if phrase_starts:
        keep |= np.isin(arr[:, 1], [strings[w] for w in phrase_starts])
    return np.flatnonzero(keep).tolist()


def reported_clauses(ctx: DocContext, cues: Cues) -> list[Candidate]:
    """Candidates of kind ``indirect``: cue verbs and nouns with a clausal complement, and
    "according to X" phrases."""
    out: list[Candidate] = []
    doc, text = ctx.doc, ctx.text
    phrase_starts = {p[0] for p in cues.phrases}
    for i in _cue_positions(doc, phrase_starts):
        t = doc[i]
        lemma = t.lemma_.lower()
        if t.pos_ in ("VERB", "AUX") and cues.is_report_verb(t):
            c = _verb_clause(doc, t, cues)
        elif t.pos_ == "NOUN" and lemma in cues.nouns:
            c = noun_clause(doc, t)
            if c is None and lemma in cues.prep_nouns:
                c = noun_prep(doc, t, cues)
        elif t.pos_ == "NOUN" and lemma in cues.prep_nouns:
            c = noun_prep(doc, t, cues)
        elif t.lower_ in phrase_starts:
            c = according_to(doc, t, cues)
        else:
            continue
        if c is not None:
            spans = []
            for span in c.content:
                s, e = within_paragraph(text, span, c.cue[0] if c.cue else span[0])
                s, e = trim(text, s, e)
                if e > s:
                    spans.append((s, e))
            if sum(e - s for s, e in spans) >= 8:
                c.content = spans
                out.append(c)
    return out


def _verb_clause(doc: "Doc", verb: "Token", cues: Cues) -> Candidate | None:
    """A cue verb with a ccomp (said that …), an xcomp with an object (urged X to …), or a
    paratactic frame (…, sources said). A negated cue (did not say) reports nothing."""
    if is_negated(verb):
        return None
    subj = outer_subject(verb, cues) or subject(verb)
    if inner_stance(verb, subj, cues):
        return None
    subj = survey_source(verb, subj, cues) or subj
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    content: tuple[int, int] | None = None
    tail: tuple[int, int] | None = None
    if verb.dep_ == "parataxis" and subj is not None and verb.lemma_.lower() in cues.verbs:
        spans = _around_frame(doc, verb, subj, cues)
        if not spans or subj.lower_ in ("it", "there") or subj.lower_ in cues.relative_pronouns:
            return None
        if len(spans) == 1 and spans[0][1] <= verb.idx and (tail := _tail_after_frame(doc, verb, subj, cues)):
            spans.append(tail)  # X would be aided, Devine said, by …: the parse hung the rest on the frame
        return Candidate("indirect", spans, (verb.idx, verb.idx + len(verb.text)), noun_phrase_span(subj), subj.i)
    if clause is not None and verb.dep_ != "parataxis":
        content = content_of_clause(doc, clause, verb, cues)
        rest = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > clause.i), None)
        if rest is not None and rest.left_edge.i == clause.right_edge.i + 1 and content[1] >= doc[clause.right_edge.i].idx \
                and not any(g.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for g in rest.children):
            content = (content[0], content_of_clause(doc, rest, verb, cues)[1])  # said X has … and his comment was …: one clause the parse split
        if clause.i < verb.i and subj is not None:
            tail = _tail_after_frame(doc, verb, subj, cues)
    elif verb.lemma_.lower() in cues.verbs and any(c.dep_ == "xcomp" for c in verb.children) and \
            any(c.dep_ in ("dobj", "prep") for c in verb.children):
        content = complement_after(doc, verb, cues)
    elif (inf := _to_infinitive(verb)) is not None and verb.lemma_.lower() in cues.expectation_verbs \
            and subj is not None and subj.dep_ == "nsubjpass":
        return _expected_to(doc, verb, subj, inf, cues)
    elif (prep := cue_prep(verb, cues)) is not None and verb.dep_ not in ("amod", "acl", "relcl", "pcomp") \
            and (subj is None or subj.dep_ != "nsubjpass"):
        content = _prep_object(doc, verb, prep, cues)
    elif verb.lemma_.lower() in cues.passive_questions and subj is not None and subj.dep_ == "nsubjpass" \
            and verb.dep_ not in ("amod", "acl", "relcl") and (span := complement_after(doc, verb, cues)) is not None:
        return Candidate("indirect", [span], (verb.idx, verb.idx + len(verb.text)))  # she was asked if …
    elif verb.lemma_.lower() in cues.evidence_verbs and subj is not None and \
            subj.lemma_.lower() in cues.evidence_nouns \
            and any(c.dep_ == "dobj" for c in verb.children):
        content = complement_after(doc, verb, cues)  # the poll shows Sanders with 47 percent
    elif verb.lemma_.lower() in cues.impression_verbs and inf is not None and subj is not None and subj.dep_ == "nsubj" \
            and subj.head.i == verb.i:
        return _expected_to(doc, verb, subj, inf, cues)  # Investors seem to agree: the subject is part of it
    elif verb.lemma_.lower() in cues.intention_verbs and inf is not None:
        content = complement_after(doc, verb, cues, keep_to=True)
    elif verb.lemma_.lower() in cues.object_verbs and verb.dep_ not in ("amod", "acl", "relcl", "pcomp"):
        content = _object_complement(doc, verb, cues)
    elif verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and verb.lemma_.lower() in cues.verbs \
            and subj is not None and subj.i > verb.head.i:
        head = verb.head
        sub_left = min(verb.left_edge.i, subj.left_edge.i)
        if sub_left <= head.left_edge.i or doc[sub_left - 1].text not in (",", "—", "–"):
            return None  # not a frame after its clause ("…, sources said")
        content = content_of_clause(doc, head, verb, cues)
        content = (content[0], min(content[1], doc[sub_left - 1].idx))
    elif verb.dep_ == "advcl" and verb.lemma_.lower() in cues.verbs and subj is not None \
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) \
            and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children) \
            and verb.head.pos_ in ("VERB", "AUX") and not cues.is_report_verb(verb.head):
        content = _as_frame(doc, verb, cues)  # As the Post reported, X …; X …, as she said
    if content is None or subj is None or subj.lower_ in ("it", "there"):
        return None
    subj = document_author(subj, cues) or subj
    ante = antecedent(subj, cues)
    if subj.lower_ in cues.relative_pronouns and ante is None:
        return None
    return Candidate("indirect", [content] + ([tail] if tail is not None and tail[0] > content[1] else []),
                     (verb.idx, verb.idx + len(verb.text)), noun_phrase_span(subj), subj.i,
                     speaker_ref=noun_phrase_span(ante) if ante is not None else None)


TAIL_STARTS = frozenset({"because", "although", "though", "while", "whereas", "and", "but", "by", "including"})


def _narrator_goes_on(doc: "Doc", k: int, subj: "Token", cues: Cues) -> bool:
    """``doc[k]`` opens the narrator's own clause about the speaker after a frame: "…, she said,
    but she was shocked …" ("and"/"but" and a pronoun for the frame's subject)."""
    if doc[k].lower_ not in ("and", "but") or k + 1 >= len(doc):
        return False
    p = doc[k + 1].lower_
    return p == subj.lower_ and p in cues.own_pronouns or subj.pos_ == "PROPN" and p in ("he", "she")


def _tail_after_frame(doc: "Doc", verb: "Token", subj: "Token", cues: Cues) -> tuple[int, int] | None:
    """The rest of a sentence that a frame interrupts ("The plan would help, Devine said, because
    it …"; "…, she said, and the company had …"): after the frame (its subject, the cue and their
    adverbs) and a comma, a clause or phrase opened by a conjunction, "by" or "including" goes on
    with what was said, up to the end of the sentence."""
    k = start = max(verb.i, subj.right_edge.i) + 1
    while k < min(len(doc), start + 2) and doc[k].dep_ in ("advmod", "npadvmod") and doc[k].head.i == verb.i:
        k += 1  # said Friday
    if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ not in TAIL_STARTS:
        return None
    if _narrator_goes_on(doc, k + 1, subj, cues):
        return None
    sent = doc[k].sent
    end = sent.end - 1
    if end <= k + 2 or any("\n" in t.text_with_ws for t in doc[k:end]):
        return None
    end = cut_right(doc, k + 1, end, cues)
    return token_span(doc, k + 1, end)


def _as_frame(doc: "Doc", verb: "Token", cues: Cues) -> tuple[int, int] | None:
    """The clause an "as X said" frame is set off from by a comma (As the Post reported, X …;
    X …, as she put it): the head clause without the frame."""
    head = verb.head
    lo, hi = verb.left_edge.i, verb.right_edge.i
    while hi > verb.i and doc[hi].is_punct:
        hi -= 1  # (the parse may hang the comma on the frame)
    if hi + 1 < len(doc) and hi < head.i and doc[hi + 1].text == ",":
        a, b = hi + 2, head.right_edge.i
    elif lo > 0 and lo > head.i and doc[lo - 1].text in (",", "—", "–"):
        a, b = head.left_edge.i, lo - 2
    else:
        return None
    b = cut_right(doc, a, b, cues) if b > a else b
    while b > a and doc[b].is_punct and doc[b].text not in CLOSING_MARKS:
        b -= 1
    while a < b and doc[a].is_punct and doc[a].text not in OPENING_MARKS:
        a += 1
    if b - a < 2 or "\n" in doc[a:b + 1].text:
        return None
    return doc[a].idx, doc[b].idx + len(doc[b].text)


OBJECT_PREPS = frozenset({"about", "of", "for", "against", "as"})


FRAME_MARKS = (",", "—", "–")


def _around_frame(doc: "Doc", verb: "Token", subj: "Token", cues: "Cues") -> list[tuple[int, int]]:
    """A parenthetical frame ("Many of the closures, he said, have involved …"; "X, sources said"):
    the content is the clause the frame sits in, on both sides of the frame (one or two spans).
    The frame (the subject, the verb and what hangs on it) must be set off by a comma or dash and
    the clause it interrupts must be a verb's."""
    head = verb.head
    if head.pos_ not in ("VERB", "AUX") or subj.i > verb.i and subj.left_edge.i < verb.i:
        return []
    lo_frame = min(verb.left_edge.i, subj.left_edge.i)
    while lo_frame < verb.i and doc[lo_frame].is_punct:
        lo_frame += 1  # the comma that sets the frame off may hang on the verb
    hi_frame = max(verb.right_edge.i, subj.right_edge.i)
    left, right = head.left_edge.i, min(head.right_edge.i, head.i + MAX_CLAUSE_TOKENS)
    if lo_frame <= left and hi_frame >= right:
        return []
    if lo_frame > left and doc[lo_frame - 1].text not in FRAME_MARKS:
        return []
    spans = []
    if lo_frame > left:
        spans.append(token_span(doc, left, lo_frame - 1))
    k = hi_frame + 1 + (hi_frame + 1 < right and doc[hi_frame + 1].is_punct)
    if hi_frame < right and not (k + 1 <= right and _narrator_goes_on(doc, k, subj, cues)):
        spans.append(token_span(doc, hi_frame + 1, cut_right(doc, hi_frame + 1, right, cues)))  # (not “…,” he said, but he …)
    return [sp for sp in spans if sp is not None]


def _prep_object(doc: "Doc", verb: "Token", prep: "Token", cues: "Cues") -> tuple[int, int] | None:
    """What a cue's preposition introduces, without the preposition, with the rest of the verb's
    complements (called for X to release Y)."""
    span = complement_after(doc, verb, cues)
    if span is None or prep.i + 1 >= len(doc):
        return None
    after = doc[prep.i + 1]
    return (max(span[0], after.idx), span[1]) if after.idx < span[1] else None


def _to_infinitive(verb: "Token") -> "Token | None":
    """The "to"-infinitive complement of ``verb`` (plans to run; is expected to act), or None."""
    for c in verb.rights:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and \
                any(g.dep_ == "aux" and g.lower_ == "to" and g.i < c.i for g in c.children):
            return c
    return None


def _expected_to(doc: "Doc", verb: "Token", subj: "Token", inf: "Token", cues: "Cues") -> Candidate | None:
    """A passive verb of expectation or a raising verb with an infinitive ("The Fed is expected
    to act", "Investors seem to agree"): an attribution with no named source whose content is
    the subject and the infinitive."""
    span = complement_after(doc, verb, cues, keep_to=True)
    if span is None or subj.i > verb.i or subj.lower_ in ("it", "there"):
        return None
    start = subj.left_edge.idx
    if any("\n" in t.text_with_ws for t in doc[subj.left_edge.i:verb.i]):
        return None  # (doc.text would rebuild the whole text)
    return Candidate("indirect", [(start, span[1])], (verb.idx, verb.idx + len(verb.text)))


def _object_complement(doc: "Doc", verb: "Token", cues: "Cues") -> tuple[int, int] | None:
    """What a verb of stance is about: its object, infinitive or prepositional object (endorsed
    Sanders; wants to lose; talked about the economy)."""
    kids = [c for c in verb.rights if c.dep_ in ("dobj", "xcomp", "oprd") or
            c.dep_ == "prep" and c.lower_ in OBJECT_PREPS and c.i == verb.i + 1]
    if not kids:
        return None
    if sum(c.right_edge.i - c.left_edge.i + 1 for c in kids) < 2:
        return None
    return complement_after(doc, verb, cues)
