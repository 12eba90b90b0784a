"""How the learned pass (``learned``) joins the rules.

``model_proposals`` adds the rules' reported clauses to the model's proposals (marked as such,
and the cues whose subject the rules quote elsewhere); ``learned_candidates`` keeps, per cue, the
proposal the model ranks first where it reaches the threshold, leaving out one that repeats a
kept content or a quotation, cuts a quotation or only says where a quotation was said, and keeps
the outer of nested reports. A cue the rules read keeps their speaker.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ...config import QuoteSettings
from ..context import DocContext
from ..intervals import cuts_any, inside_any, nested, overlaps_any, same_as_any, touches_any, within_any
from ..syntax import noun_phrase_span, subject
from .complements import cut_aside
from .cues import Cues
from .learned import Proposal, QuoteModel, best_per_cue, load_model, proposals
from .marks import DOUBLE_MARKS
from .refine import cut_mixed_tails
from .rules import RuleQuotes
from .sources import antecedent
from .spans import Candidate, trim

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def model_of(qs: QuoteSettings) -> QuoteModel | None:
    """The configured weights (``quotes.model``, None to switch the pass off) with their threshold."""
    if not qs.model:
        return None
    return load_model(qs.model, qs.threshold)


def learned_candidates(ctx: DocContext, cues: Cues, model: QuoteModel, found: RuleQuotes,
                       quoted: list[Candidate]) -> list[Candidate]:
    """The reported speech the model (``tui.analysis.quotes.learned``) keeps: for each cue, the best of the
    rules' reported clause and the model's own proposals, where it reaches the threshold. A
    proposal whose content nearly equals a kept one, or a quotation, or whose cue sits inside a
    quotation, is left out; a cue the rules read keeps their speaker; of nested reports the
    outer stays, and none stays nested inside a quotation."""
    doc, text = ctx.doc, ctx.text
    spans = sorted((c.start, c.end) for c in quoted)
    quoted_spans = sorted(sp for c in quoted for sp in c.content)
    out: list[Candidate] = []
    rule_of = {ctx.at(c.cue[0]): c for c in found.indirect if c.cue is not None}
    quoting = {ctx.at(c.cue[0]) for c in quoted if c.cue is not None}
    for p in sorted(best_per_cue(model_proposals(ctx, cues, found, skip_quoted=True), model), key=lambda p: -p.score):
        if same_as_any((p.content[0], p.content[1]), spans):
            continue  # two cues, one content ("said it expected X", read from both verbs): the likelier stays
        if p.rule is not None:
            out.append(p.rule)
            bisect.insort(spans, (p.rule.start, p.rule.end))
            continue
        if _tag_name(text, doc[p.cue].idx):
            continue
        a, b = trim(text, *p.content)
        if text.startswith("that ", a) and doc[ctx.at(a)].dep_ == "mark":
            a += 5  # as the rules do: the complementizer is not part of what was said
        if b > a and not DOUBLE_MARKS.isdisjoint(text[a:b]):  # as the rules do: a trailing aside of the narrator (…, since Mr. Tribe was …) is cut
            lo, hi = ctx.at(a), ctx.at(b - 1)
            k = cut_aside(doc, lo, hi)
            if k < hi:
                b = doc[k].idx + len(doc[k].text)
        if (b <= a or within_any(doc[p.cue].idx, found.inside) or same_as_any((a, b), spans)
                or overlaps_any((a, b), quoted_spans) or cuts_any((a, b), found.inside)):
            continue
        cue = doc[p.cue]
        if p.cue in quoting and cues.is_speech_verb(cue) and _frame_circumstance(ctx, cues, cue, a):
            continue  # “…,” she said at a news conference: where, not what, she said
        cue_end = doc[p.cue + 1] if p.kind == "according" else cue
        c = Candidate("mixed" if not DOUBLE_MARKS.isdisjoint(text[a:b]) else "indirect", [(a, b)],
                      (cue.idx, cue_end.idx + len(cue_end.text)))
        cut_mixed_tails(ctx, [c])
        subj = p.subject
        rule = rule_of.get(p.cue)
        if rule is not None:  # the rules read this cue too: their speaker (they know more frames)
            c.speaker, c.speaker_head, c.speaker_ref = rule.speaker, rule.speaker_head, rule.speaker_ref
        elif (subj := (subject(cue) if cue.pos_ == "VERB" else None) or subj) is not None \
                and not touches_any(noun_phrase_span(subj), found.inside):
            c.speaker, c.speaker_head = noun_phrase_span(subj), subj.i
            ref = antecedent(subj, cues)
            if ref is not None:
                c.speaker_ref = noun_phrase_span(ref)
        out.append(c)
        bisect.insort(spans, (a, b))
    hulls = sorted((c.start, c.end) for c in quoted)
    return [c for c in _outermost(out) if not inside_any((c.start, c.end), hulls)]


CIRCUMSTANCE_PREPS = frozenset({"at", "in", "on", "from", "during", "after", "before", "to"})


def _frame_circumstance(ctx: DocContext, cues: Cues, cue: "Token", a: int) -> bool:
    """Whether a content starting at ``a``, proposed for the cue of a quotation, only says where,
    when or to whom that quotation was said (“…,” she said at a news conference; “…,” he told
    AFP in an interview Monday): the quotation is what was said."""
    doc = ctx.doc
    t = doc[ctx.at(a)]
    for _ in range(4):  # up to the phrase's head (three days after …; at a news conference)
        if t.head.i == cue.i or t.head.i == t.i:
            break
        t = t.head
    if t.head.i != cue.i or t.i == cue.i:
        return False
    if t.dep_ == "prep":  # (not the preposition of what a cue is about: replied to the letter)
        return t.lower_ in CIRCUMSTANCE_PREPS and not cues.is_prep_cue(cue, t)
    return t.dep_ == "npadvmod" and t.ent_type_ in ("DATE", "TIME")


def _tag_name(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` names a markup tag (``<tweet author="…">``): no cue."""
    return text[pos - 1:pos] == "<" or text[pos - 2:pos] == "</"


def _outermost(cands: list[Candidate]) -> list[Candidate]:
    """Reports not nested in another report: of "X said Y hoped Z" (two cues, one content inside
    the other) the outer reading stays, which is the one news attribution keeps most often."""
    hulls = sorted((c.start, -c.end, k) for k, c in enumerate(cands))
    drop: set[int] = set()
    reach, owner = -1, None
    for start, neg_end, k in hulls:
        end = -neg_end
        if owner is not None and nested((start, end), owner) and end - start < owner[1] - owner[0]:
            drop.add(k)
            continue
        if end > reach:
            reach, owner = end, (start, end)
    return [c for k, c in enumerate(cands) if k not in drop]


def model_proposals(ctx: DocContext, cues: Cues, found: RuleQuotes, skip_quoted: bool = False) -> list[Proposal]:
    """The model's proposals plus one per reported clause of the rules (marked as such); the
    speakers of the rules' quotations mark the cues whose subject is one of them. With
    ``skip_quoted``, cues inside quotation marks propose nothing (a report inside someone's
    quotation is never kept; training still sees them)."""
    doc, text = ctx.doc, ctx.text
    rules = []
    for c in found.indirect:
        if c.cue is not None:
            rules.append((ctx.at(c.cue[0]), (c.start, c.end), c))
    speakers = frozenset(doc[c.speaker_head].lower_ for c in found.quoted if c.speaker_head is not None)
    return proposals(doc, cues, rules, text, speakers, found.inside if skip_quoted else ())
