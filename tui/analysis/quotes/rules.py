"""The rules pass (issue #3): direct, mixed and indirect quotations, each with its speaker.

``rule_quotes`` runs it over one parsed article (no Textual import, linear in the length of the
text); ``build.extract_quotes`` adds the learned pass and resolves the speakers. The steps, and
the module that holds each rule:

1. ``tui.analysis.quotes.marks.find_quotes`` pairs the quotation marks (pure string code).
2. Reported clauses (``clauses``; noun cues, "according to" and headlines in ``phrases``; where
   a content begins and ends in ``complements``; the cue lexicon in ``cues``): every cue from
   the YAML lexicon gives an ``indirect`` candidate whose speaker is the cue's subject (lexicon
   classes in brackets):
   * a verb of saying or thinking with a clausal complement: "said (that) …" [verbs,
     belief_verbs]; an object and an infinitive: "called on X to …"; an object: "denied any
     involvement" [object_verbs];
   * a verb of intention with a "to"-infinitive, which is the content: "plans to run",
     "refused to concede" [intention_verbs];
   * a verb with its own preposition, whose object is the content: "referring to X", "called
     for X", "warned against X" [prep_verbs];
   * a passive verb of expectation, "X is expected to Y" (content "X … to Y") [expectation_verbs],
     an impression, "X seems to Y" [impression_verbs], and a passive question, "X was asked
     about Y" [passive_questions]: no named source; the subject of a passive verb of judgement
     is part of the content, "X was widely seen as Y" [judgement_verbs];
   * a poll, survey or document that shows or finds an object: "the poll shows Sanders ahead"
     [evidence_verbs, evidence_nouns];
   * a noun of saying with a that-clause: "Trump's claim that …" [nouns]; a phrase "according
     to X" [phrases];
   * a frame after its clause, "…, sources said", or inside it, "The economy, officials said,
     is growing": the clause on both sides of the frame is the content (one or two spans);
   * a headline "Source: what they said" (one short sentence without a final period; not a
     label such as "The Latest" [headline_labels]).
   Negated cues report nothing. A clause never leaves the paragraph of its cue and stops before
   a second coordinated report ("… and insisted that", "… and warned against", "… while Sanders
   argued that"); a cue's complement stops before an adverbial clause set off by a comma
   (", though it cost him years"). Verbs of stance ("endorsed X") [stance_verbs] and nouns of
   stance with their preposition ("Trump's criticism of X") [prep_nouns] count only with
   ``quotes.stance``. The ``mined`` section (lemmas learnt from PolNeAR train by
   ``tests/bench/mine_cues.py``) adds to these classes by the complement each lemma takes as a
   cue: ccomp to belief_verbs, xcomp to intention_verbs, dobj to object_verbs, prep to
   prep_verbs, noun_ccomp to nouns, noun_prep to prep_nouns; a mined word that is also in
   stance_verbs or prep_nouns still counts only with ``quotes.stance``.
3. Each quoted region (``attach``; the frames of a quotation in ``frames``, what a quoted region is
   on its own in ``quoted``, whose subject speaks in ``sources``) is then
   * ``direct`` with the cue found in its frame: after it (“…,” Wang said / said Wang, up to 16
     tokens after the mark), or before it (Wang said: “…” / Wang said, “…” / X writes:¶“…”);
     "said that “…”" is ``mixed``; words of the sentence before a quotation framed after it
     ("With thousands of systems, “there is no single point …,” he said") make it ``mixed``
     with those words in the content; a lower-case quotation right after a speech verb that
     lies inside another cue's reported clause is a fragment of that report (said Y were calling
     “every 15 minutes.”);
   * ``mixed`` when it is a fragment inside a reported clause (the outermost such clause is the
     content, its speaker the speaker; also when the quotation ends a clause that has words of
     its own: said it’s unrealistic to think that, “…”), or a fragment governed by a cue verb
     (accused X of “…”); a fragment of one or two words outside that cue's complement is a term;
     a label quoted after "as" ends the content when a dash aside or a time phrase or clause of
     the narrator follows it (described X as a “disgrace” after she …), any quotation ends it
     when a dash aside follows (likened X to “…” ― a charge that …), and so does a last
     quotation closed after a comma that a participle follows (was “incognito,” sparking …);
   * ``direct`` without a cue of its own when it opens a sentence: it takes the speaker of the
     quote before it in the same or the previous paragraph (continuation quotes, each its own
     quote), or of the sentence right before it when that sentence says who speaks; a short one
     with neither is kept only when it is a sentence (“This is fantastic!”);
   * ``direct`` when it is a quoted sentence (a capital, not every word capitalised, and end
     punctuation or five words) hanging on a verb outside the lexicon (the crowd chanted “USA!
     USA!”; a chant counts as a sentence even in capitals): the verb's subject speaks, or nobody
   is named.
   Fragments with no cue (scare quotes) and short title-cased names (“Morning Joe”) are not
   quotes. A quotation broken by its attribution, or running over paragraphs, is one quote.
4. Reported clauses that overlap a quotation, or whose cue lies inside one, are dropped (here);
   the post-fixes on contents follow (``refine``).
5. Speakers are resolved to entities by ``speakers`` (called from ``build``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..context import DocContext
from ..intervals import overlaps_any, touches_any, within_any
from .attach import attach_regions
from .clauses import reported_clauses
from .cues import Cues
from .marks import QuoteRegion, find_quotes
from .phrases import headline_attributions
from .refine import cut_mixed_tails, join_fragments
from .spans import Candidate


@dataclass(slots=True)
class RuleQuotes:
    """What the rules find in one article: quotations (direct, mixed, headline), reported clauses
    (indirect), and the character spans inside quotation marks."""

    quoted: list[Candidate]
    indirect: list[Candidate]
    inside: list[tuple[int, int]]
    regions: list[QuoteRegion]
    ctx: DocContext


def rule_quotes(ctx: DocContext, cues: Cues, want_indirect: bool = True) -> RuleQuotes:
    """What the rules find in the article of ``ctx`` (see the module docstring); reported clauses
    only with ``want_indirect``."""
    text = ctx.text
    regions = find_quotes(text)
    clauses = reported_clauses(ctx, cues)
    quoted = attach_regions(ctx, regions, clauses, cues)
    direct_spans = sorted(sp for c in quoted for sp in c.content)
    inside = sorted((r.open_at, r.end) for r in regions)
    cands = list(quoted) + headline_attributions(ctx, cues)
    indirect: list[Candidate] = []
    mixed_ids = set()
    for c in clauses:
        if c.kind == "mixed":
            if id(c) not in mixed_ids:
                mixed_ids.add(id(c))
                cands.append(c)
            continue
        if not want_indirect:
            continue
        if any(overlaps_any(sp, direct_spans) for sp in c.content) or c.cue is not None and within_any(c.cue[0], inside):
            continue  # the quotation is the content; or a report inside someone's quotation
        if c.speaker is not None and touches_any(c.speaker, inside):
            continue  # quoted words are never a speaker: `This “X,” said Wang, is …` is Wang's quote
        indirect.append(c)
    cands = join_fragments(text, cands)
    cut_mixed_tails(ctx, cands)
    return RuleQuotes(cands, indirect, inside, regions, ctx)
