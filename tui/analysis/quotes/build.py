"""The quotes stage: ``extract_quotes`` gives the contract's quotes of one article.

Runs the rules (``rules.rule_quotes``), then the learned pass when a model is configured
(``learned_pass``), the post-fixes on indirect contents (``refine``), drops near-duplicates
(direct > mixed > indirect) and resolves each speaker to an entity (``speakers``); an
attribution whose parse gave no subject keeps the nearest subject before its cue as its speaker.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ...config import Settings
from ...model import Entity, Quote, Span
from ..context import DocContext
from ..lexicons import Lexicons
from ..intervals import overlap
from .cues import Cues, cues_of
from .learned_pass import learned_candidates, model_of
from .refine import _cue_verb as cue_verb, passive_agent, passive_topic, past_closer, past_colon
from .rules import rule_quotes
from .spans import Candidate, trim
from .speakers import build_resolver

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


def _resolve(text: str, cand: Candidate, resolver, last_entity) -> tuple["Entity | None", Span | None]:
    if cand.speaker is None:
        return None, None
    s, e = cand.speaker
    s, e = trim(text, s, e)
    if e <= s:
        return None, None
    ref = cand.speaker_ref or (s, e)
    ent = resolver.resolve(ref[0], ref[1], cand.start, last_entity, (cand.start, cand.end))
    return ent, Span.of(text, s, e)


def extract_quotes(ctx: DocContext, lex: Lexicons, entities: list[Entity], settings: Settings) -> list[Quote]:
    """Direct, mixed and indirect quotes of the article of ``ctx`` in text order, speakers resolved
    to ``entities`` (the entities stage's output); ``settings.quotes`` switches reported clauses,
    stance cues and the learned pass."""
    doc, text = ctx.doc, ctx.text
    if not text.strip() or len(doc) == 0:
        return []
    vocab = lex.reporting_verbs or {}
    qs = settings.quotes
    cues = cues_of(vocab, qs.stance)
    want_indirect = qs.indirect
    found = rule_quotes(ctx, cues, want_indirect)
    model = model_of(qs) if want_indirect else None
    if model is None:
        cands = _dedup(found.quoted + found.indirect)
    else:
        quoted = _dedup(found.quoted)
        cands = quoted + learned_candidates(ctx, cues, model, found, quoted)
    for c in cands:
        if c.kind == "indirect":
            past_colon(ctx, c)
            passive_topic(ctx, c, cues)
            passive_agent(ctx, c)
    cands.sort(key=lambda c: (c.start, c.end))
    names = _proper_names(doc)
    resolver = build_resolver(text, entities, vocab, [(r.open_at, r.end) for r in found.regions], names, doc)
    closers = sorted((r.close_at, r.open_at, r.close_len) for r in found.regions if r.close_at is not None)
    quotes: list[Quote] = []
    last = None
    for c in cands:
        ent, speaker = _resolve(text, c, resolver, last)
        if speaker is None and c.cue is not None and _agentive(ctx, c, cues):
            near = resolver.nearest_source(c.cue[0], c.content)  # no subject in the parse: the nearest source
            if near is not None:
                ent, speaker = near.entity, Span.of(text, near.start, near.end)
        if ent is not None and ent.label == "PERSON":
            last = ent
            if speaker is not None:
                resolver.note_speaker(speaker.start, speaker.end, ent)
        ends = closers if c.kind != "direct" else []  # (a direct quote's content is inside the marks)
        content = [Span.of(text, a, past_closer(text, a, b, ends)) for a, b in c.content if b > a]
        if not content:
            continue
        cue = Span.of(text, *c.cue) if c.cue else None
        quotes.append(Quote(id=f"Q{len(quotes) + 1}", kind=c.kind, content=content, cue=cue, speaker=speaker,
                            speaker_entity=ent.id if ent else None, speaker_name=ent.name if ent else None))
    return quotes


def _agentive(ctx: DocContext, c: Candidate, cues: Cues) -> bool:
    """Whether a cue reports someone's words or stance, so that a source is named somewhere: not
    a passive ("is expected to", "was asked about", "was widely seen as") nor an impression
    ("seems to"), which name no source on purpose."""
    verb = cue_verb(ctx, c)
    if verb is None:
        return True
    return not (any(t.dep_ == "auxpass" for t in verb.children) or verb.lemma_.lower() in cues.impression_verbs)


def _proper_names(doc: "Doc") -> list[tuple[int, int]]:
    """Character spans of proper-noun tokens outside PERSON entities (read in C over arrays:
    iterating a Doc in Python builds a Token per step)."""
    if not len(doc):
        return []
    from spacy.attrs import ENT_TYPE, IDX, LENGTH, POS

    arr = doc.to_array([IDX, LENGTH, POS, ENT_TYPE])
    keep = (arr[:, 2] == doc.vocab.strings["PROPN"]) & (arr[:, 3] != doc.vocab.strings["PERSON"])
    return [(a, a + n) for a, n in arr[keep][:, :2].tolist()]  # (selected first: converting every hash to int is slow)


DUPLICATE_SHARE = 0.8  # two contents are one quote when they share 80 % of the longer


def _dedup(cands: list[Candidate]) -> list[Candidate]:
    """Drop a candidate whose content nearly equals one already kept (direct > mixed > indirect)."""
    rank = {"direct": 0, "mixed": 1, "indirect": 2}
    kept: list[Candidate] = []
    by_start: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (rank[c.kind], c.start)):
        span = (c.start, c.end)
        dup = False
        i = bisect.bisect_left(by_start, (span[1], span[1]))
        for s in by_start[max(0, i - 6):i]:
            ov = overlap(span, s)
            if ov and ov >= DUPLICATE_SHARE * max(span[1] - span[0], s[1] - s[0]):
                dup = True
                break
        if not dup:
            kept.append(c)
            bisect.insort(by_start, span)
        # nested contents ("X said Y claimed that Z") are kept: they are different attributions
    return kept
