"""Attaching quotations: each quoted region becomes a direct or mixed quote, or nothing.

``attach_regions`` decides per region, in text order: a signed or labelled quote, a sign's words,
a show's name (dropped), a framed quotation (direct, or mixed when words of the sentence or of a
that-clause precede it), a fragment inside a reported clause (the clause becomes mixed), a
free-standing quotation that continues the quote before it, a fragment governed by a cue verb,
or a quoted sentence with no cue; and whether it continues the previous quote (broken by its
attribution, running over paragraphs, adjoining it).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from ..context import DocContext
from ..syntax import noun_phrase_span, subject
from .complements import complement_after
from .cues import Cues
from .frames import frame_after, frame_before, governing_cue, introduced_by
from .lookups import lookups
from .marks import QuoteRegion
from .quoted import (
    dash_signature, displayed, is_fragment, is_title, is_utterance, named_work, speaker_label,
    starts_sentence, uncued_utterance)
from .sources import document_author, own_stance_report
from .spans import Candidate, para_end, para_start, trim, within_paragraph

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def attach_regions(ctx: DocContext, regions: list[QuoteRegion], clauses: list[Candidate],
                    cues: Cues) -> list[Candidate]:
    """Turn quoted regions into direct or mixed candidates (see the module docstring)."""
    text = ctx.text
    by_start = sorted(clauses, key=lambda c: c.start)
    clause_starts = [c.start for c in by_start]
    out: list[Candidate] = []
    prev: Candidate | None = None
    prev_para = -10
    for n, r in enumerate(regions):
        before_r = regions[n - 1] if n and regions[n - 1].paragraph == r.paragraph else None
        after_r = regions[n + 1] if n + 1 < len(regions) and regions[n + 1].paragraph == r.paragraph else None
        lower = before_r.after_close if before_r is not None and before_r.close_at is not None else para_start(text, r.open_at)
        upper = after_r.open_at if after_r is not None else para_end(text, r.end)
        if r.single and is_fragment(text, r):
            continue
        if (signed := dash_signature(text, r) or speaker_label(ctx, r)) is not None:
            start = signed[0][1] if r.start <= signed[0][0] < r.end else r.start  # “SMITH: …”: after the label
            start = trim(text, start, r.end)[0]
            cand = Candidate("direct", [(start, r.end)], signed[0], signed[1], regions=[r])
            out.append(cand)
            prev, prev_para = cand, r.paragraph
            continue
        if (shown := displayed(ctx, r, cues)) is not None:
            out.append(shown)  # a hat reading “Keep Ohio Blue”: the sign's words, not a mixed report
            prev, prev_para = None, r.paragraph  # (never continued by the next quotation)
            continue
        if named_work(ctx, r):
            continue  # said Sunday on NBC’s “Meet the Press.”: a show's name, not words said
        after = frame_after(ctx, r, upper, cues)
        before = frame_before(ctx, r, lower, cues) if after is None else None
        host = _host_clause(ctx, by_start, clause_starts, r)
        if host is not None and before is not None and _reports_into(text, host, r, before[0]):
            before = None  # Ryan said it’s unrealistic to think that, “our oceans …”: the clause is the content
        elif host is not None and before is not None and _fragment_in_report(text, host, r, before[0]):
            before = None  # Trump said Fox executives were calling “every 15 minutes.”: Trump's report
        if host is not None and after is None and before is None:
            _make_mixed(host, r)  # a fragment inside a reported clause: the clause is a mixed quote
            prev, prev_para = host, r.paragraph
            continue
        if is_title(text, r):
            continue
        if after is not None or before is not None:
            cand = _framed(text, r, *(after or before), cues)
            cand.colon_frame = after is not None and text[:r.open_at].rstrip().endswith(":") \
                and frame_before(ctx, r, lower, cues) is not None
            if after is not None and (lead := _sentence_lead(ctx, r, lower)) is not None:
                cand.kind, cand.content = "mixed", [(lead, r.end)]  # America needs leaders “who …,” Clinton said
            elif before is not None and (lead := _clause_lead(ctx, r, before[0])) is not None:
                cand.kind, cand.content = "mixed", [(lead, r.end)]  # said that if she won, “she would sign it”
        elif starts_sentence(ctx, r, lower) and text[r.start:r.start + 1].isupper():
            cand = _free_standing(ctx, r, cues, prev if prev is not None and r.paragraph - prev_para <= 1 else None)
        elif (acc := _according_before(text, by_start, clause_starts, r)) is not None:
            cand = Candidate("direct", [(r.start, r.end)], acc.cue, acc.speaker, acc.speaker_head, [r])
        else:
            cand = _governed_fragment(ctx, r, cues)
            if cand is None and _continues_quote(prev, r):
                prev.content.append((r.start, r.end))  # That makes her “by definition …”
                prev.regions.append(r)
            elif cand is None and is_utterance(text, r):
                cand = uncued_utterance(ctx, r)  # the crowd chanted “USA! USA!”
        if cand is None:
            continue
        if _continues_over_paragraphs(prev, cand, r) or _broken_by_attribution(text, prev, cand, r) \
                or _adjoins(text, prev, cand, r):
            prev.content.append((r.start, r.end))
            prev.regions.append(r)
            prev_para = r.paragraph
            continue
        out.append(cand)
        prev, prev_para = cand, r.paragraph
    return out


def _reports_into(text: str, host: Candidate, r: QuoteRegion, cue: "Token") -> bool:
    """The quotation ends a reported clause of the same cue that has words of its own before it
    (three or more, not counting "that"): the quoted words are part of the report, so the clause
    is the content of a mixed quote."""
    if host.cue is None or host.cue[0] != cue.idx or host.start >= r.open_at:
        return False
    lead = [w for w in re.findall(r"\w+", text[host.start:r.open_at]) if w.lower() != "that"]
    return len(lead) >= 3


def _fragment_in_report(text: str, host: Candidate, r: QuoteRegion, cue: "Token") -> bool:
    """A lower-case quotation right after a speech verb with no colon or comma, where that verb
    lies inside the reported clause of another cue before it (X said Y were calling “every 15
    minutes.”): the quoted words are a fragment of X's report, not a sentence Y said."""
    if host.cue is None or host.cue[0] == cue.idx or host.cue[1] > host.start or not text[r.start:r.start + 1].islower():
        return False
    between = text[cue.idx + len(cue.text):r.open_at]
    return host.start <= cue.idx and host.end >= r.open_at and not re.search(r"[:,]", between)


def _according_before(text: str, by_start: list[Candidate], starts: list[int], r: QuoteRegion) -> Candidate | None:
    """The "according to X" report whose content opens with quotation ``r`` (According to
    Limbaugh, “…”): the quotation is X's, whole, not the sentence the report reads."""
    k = bisect.bisect_left(starts, r.open_at)
    for c in by_start[k:k + 3]:
        if c.start > r.start:
            break
        if c.cue is not None and text[c.cue[0]:c.cue[1]].lower().startswith("according") and c.speaker is not None:
            return c
    return None


def _make_mixed(host: Candidate, r: QuoteRegion) -> None:
    """A reported clause that holds quoted words becomes a mixed quote (with the marks that open
    and close them when they sit at its edges)."""
    if host.content[0][0] > r.open_at:
        host.content[0] = (r.open_at, host.content[0][1])
    a, b = host.content[-1]
    if r.close_at is not None and b <= r.close_at < b + 3:
        host.content[-1] = (a, r.after_close)  # … “save us.”: the clause keeps the closing mark
    host.kind = "mixed"
    host.regions.append(r)


def _sentence_lead(ctx: DocContext, r: QuoteRegion, lower: int) -> int | None:
    """Where the sentence starts when words of its own precede a quotation framed after it
    ("With thousands of systems, “there is no single point of failure,” he said"): the quoted
    words continue those words, and both are what was said. None when the quotation opens its
    sentence, when fewer than three tokens precede it (This “…,” said Wang), or when a quotation mark or a colon lies before it in the sentence."""
    doc = ctx.doc
    k = ctx.at(r.open_at)
    if k <= 0 or starts_sentence(ctx, r, lower):
        return None
    start = max(lookups(ctx).sent_start(k), ctx.at(lower))
    if start >= k or lookups(ctx).mark_or_colon_token_in(start, k):
        return None
    while start < k and (doc[start].is_space or doc[start].is_punct):
        start += 1
    if k - start < 3 or doc[start].tag_ in ("VBN", "VBG") or is_title(ctx.text, r):
        return None  # "Asked about …, “…,” he said", "on ABC’s “This Week,” she said": a frame, not words said
    if _opens_sentence_after_comma(ctx, r, k):
        return None  # "Biden weighed in, telling Mic, “But they’re both qualified,” he said": the quote is whole
    return doc[start].idx if doc[start].idx >= lower else None


def _opens_sentence_after_comma(ctx: DocContext, r: QuoteRegion, k: int) -> bool:
    """A quotation that opens with a capital (not a name) right after a comma or a dash
    (…, telling Mic, “But they’re both qualified,”): a sentence of its own, not the end of the
    narrator's words before it."""
    doc = ctx.doc
    text = ctx.text
    if not text[r.start:r.start + 1].isupper() or k + 1 >= len(doc):
        return False
    first = doc[k + 1]
    if first.pos_ == "PROPN" and first.text != "I" or first.ent_type_:
        return False
    return text[:r.open_at].rstrip()[-1:] in (",", "—", "–", "-")


def _clause_lead(ctx: DocContext, r: QuoteRegion, cue: "Token") -> int | None:
    """Where the reported clause starts when a cue before a quotation introduces it with "that"
    and words of its own ("said Friday that if she won in November, “she would sign it”"): the
    quoted words continue that clause, and both are what was said. None when no "that" follows
    the cue or fewer than three words lie between it and the quotation."""
    doc = ctx.doc
    k = ctx.at(r.open_at)
    that = next((t for t in doc[cue.i + 1:k] if t.lower_ == "that" and t.dep_ == "mark"), None)
    if that is None or that.i - cue.i > 6 or "\n" in doc[cue.i:k].text:
        return None
    words = [t for t in doc[that.i + 1:k] if not t.is_punct]
    if len(words) < 3 or any(t.text in "“”\"" for t in doc[that.i + 1:k]):
        return None
    return doc[that.i + 1].idx


def _framed(text: str, r: QuoteRegion, cue: "Token", subj: "Token", cues: Cues) -> Candidate:
    """A quotation with its attribution frame; "said that “…”" makes it a mixed quote."""
    kind = "mixed" if text[max(0, r.open_at - 12):r.open_at].rstrip().lower().endswith("that") else "direct"
    subj = document_author(subj, cues) or subj
    s, e = noun_phrase_span(subj)
    if cue.i < subj.i and s <= cue.idx < e:
        s = cue.idx + len(cue.text)  # “…,” tweeted Rubio spokesman Alex Conant: the parse hung the cue on the name
    return Candidate(kind, [(r.start, r.end)], (cue.idx, cue.idx + len(cue.text)), (s, e), subj.i, [r])


def _free_standing(ctx: DocContext, r: QuoteRegion, cues: Cues, prev: Candidate | None) -> Candidate | None:
    """A quotation that opens a sentence with no frame: it continues the quote before it (same or
    previous paragraph), or takes the speaker of the sentence that introduces it; a short one
    with neither is dropped unless it is a sentence of its own (“This is fantastic!”)."""
    cand = Candidate("direct", [(r.start, r.end)], regions=[r])
    intro = introduced_by(ctx, r, cues)
    if intro is not None and prev is not None and intro[0].idx < prev.end:
        intro = None  # the sentence before is the previous quote's: the quotation continues it
    if prev is not None and prev.speaker is not None and intro is None:
        cand.speaker, cand.speaker_head, cand.speaker_ref = prev.speaker, prev.speaker_head, prev.speaker_ref
    elif intro is not None:  # Bystrom agreed. “…”: a new speaker between the two quotations
        cue, subj = intro
        cand.cue = (cue.idx, cue.idx + len(cue.text))
        cand.speaker, cand.speaker_head = noun_phrase_span(subj), subj.i
    elif is_fragment(ctx.text, r) and not is_utterance(ctx.text, r):
        return None
    return cand


def _governed_fragment(ctx: DocContext, r: QuoteRegion, cues: Cues) -> Candidate | None:
    """A quoted fragment governed by a cue verb (accused X of casting “serious doubt”): a mixed
    quote whose content is the cue's complement, or None for a fragment with no cue. A fragment
    of one or two words outside the cue's complement (through this “night vision”) is a term,
    not a quote."""
    gov = governing_cue(ctx, r, cues)
    if gov is None:
        return None
    memo = lookups(ctx).per_cue
    key = ("governed", gov.i)
    if key not in memo:  # (what depends on the cue alone, read once however many quotations it governs)
        subj = subject(gov)
        if subj is None:
            memo[key] = None
        else:
            gov, subj = own_stance_report(gov, subj, cues)
            comp = complement_after(ctx.doc, gov, cues)
            memo[key] = gov, subj, within_paragraph(ctx.text, comp, gov.idx) if comp is not None else None
    if memo[key] is None:
        return None
    gov, subj, span = memo[key]
    if span is None:
        span = within_paragraph(ctx.text, (r.start, r.end), gov.idx)
    if span[0] <= r.open_at and r.start < span[1] < r.end and r.close_at is not None:
        span = (span[0], r.end)  # the parse ended the complement inside the quoted words: it runs to their end
    if not (span[0] <= r.start and r.end <= span[1] + 1):
        if len(ctx.text[r.start:r.end].split()) <= 2:
            return None
        span = (r.start, r.end)
    if r.close_at is not None and span[1] <= r.close_at < span[1] + 3:
        span = (span[0], r.after_close)  # … that “taxes are the answer.”: the content keeps the closing mark
    span = (_after_that(ctx, gov, span, r), span[1])
    return Candidate("mixed", [span], (gov.idx, gov.idx + len(gov.text)), noun_phrase_span(subj), subj.i, [r])


def _after_that(ctx: DocContext, gov: "Token", span: tuple[int, int], r: QuoteRegion) -> int:
    """Where the content starts when the cue's complement holds words of the frame (an
    addressee, a time, a channel) before the "that" that opens the quoted clause (told one of
    his aides on a regular basis that “…”; said in a statement that “…”): after "that",
    whatever the parse hung the clause on; else ``span``'s start."""
    doc, look = ctx.doc, lookups(ctx)
    k = ctx.at(r.open_at)
    that = look.first_that(gov.i + 2, k)
    if that is None or that.idx < span[0] or look.mark_char_in(span[0], that.idx) \
            or k - that.i > 1 and look.mark_token_in(that.i, k):
        return span[0]  # (quoted words before "that" are part of what was said)
    h = that.head.head
    while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
        h = h.head
    if h.i != gov.i:
        return span[0]  # blasted X for failing to make clear that “…”: the "that" of another verb
    return doc[that.i + 1].idx


def _continues_over_paragraphs(prev: Candidate | None, cand: Candidate, r: QuoteRegion) -> bool:
    """A quotation that runs over paragraphs (left open, reopened in the next one) is one quote."""
    return cand.cue is None and prev is not None and prev.kind == "direct" and bool(prev.regions) and \
        prev.regions[-1].continued and prev.regions[-1].paragraph + 1 == r.paragraph


def _broken_by_attribution(text: str, prev: Candidate | None, cand: Candidate, r: QuoteRegion) -> bool:
    """“…,” Wang said, “…”: a quotation broken by its attribution is one quote (not when the
    first one also has a speech frame before it: X scolded him: “…,” she said. “…”)."""
    return prev is not None and prev.kind == "direct" and cand.kind == "direct" and cand.cue in (None, prev.cue) \
        and bool(prev.regions) and prev.regions[-1].paragraph == r.paragraph and prev.cue is not None \
        and _between_is_frame(text, prev.regions[-1], r, prev.cue) \
        and not (len(prev.regions) == 1 and prev.colon_frame)


HOST_WINDOW = 12  # clauses starting before a quotation that are tried as its host


def _host_clause(ctx: DocContext, by_start: list[Candidate], starts: list[int],
                 r: QuoteRegion) -> Candidate | None:
    """The outermost reported clause that holds quotation ``r`` as a fragment (less than 80 % of it):
    in "told reporters that Trump knew and thought it was a “badge of honor”" the report is the
    whole told-clause, whose speaker is the one quoted. A clause reported with "that" (a cue
    with a clausal complement) goes before an outer object of a cue (published the results …
    by announcing that X was “true”: what was announced)."""
    doc, memo = ctx.doc, lookups(ctx).per_cue
    k = bisect.bisect_right(starts, r.start)
    best = best_clause = None
    for c in by_start[max(0, k - HOST_WINDOW):k]:
        if r.end <= c.end + 1 and (r.end - r.start) < 0.8 * (c.end - c.start):
            if best is None or c.start < best.start:
                best = c
            if c.cue is not None and (best_clause is None or c.start < best_clause.start) and \
                    _has_ccomp(doc[ctx.at(c.cue[0])], memo):
                best_clause = c
    return best_clause or best


def _has_ccomp(cue: "Token", memo: dict) -> bool:
    """Whether ``cue`` has a clausal complement (remembered per cue: a verb may host hundreds of
    quotations)."""
    key = ("ccomp", cue.i)
    if key not in memo:
        memo[key] = any(g.dep_ == "ccomp" for g in cue.children)
    return memo[key]


def _adjoins(text: str, prev: Candidate | None, cand: Candidate, r: QuoteRegion) -> bool:
    """“Is it time to change?” “Have you underestimated them?”: a quotation with no cue of its own
    that follows a direct quote in the same paragraph with nothing but spaces between continues it."""
    if prev is None or prev.kind != "direct" or cand.kind != "direct" or cand.cue is not None or not prev.regions:
        return False
    last = prev.regions[-1]
    return last.paragraph == r.paragraph and last.close_at is not None and \
        not any(ch.isalnum() for ch in text[last.after_close:r.open_at])


def _continues_quote(prev: Candidate | None, r: QuoteRegion) -> bool:
    """A cue-less quoted fragment right after a direct quote of the same paragraph continues it."""
    if prev is None or prev.kind != "direct" or not prev.regions or prev.speaker is None:
        return False
    last = prev.regions[-1]
    return last.paragraph == r.paragraph and last.close_at is not None and r.open_at - last.close_at < 250


def _between_is_frame(text: str, a: QuoteRegion, b: QuoteRegion, cue: tuple[int, int]) -> bool:
    """The attribution of the first quotation lies between the two, with no other quotation mark
    (and less than 200 characters)."""
    if a.close_at is None or not (a.close_at < cue[0] < b.open_at):
        return False
    gap = _QUOTED_TITLE.sub("", text[a.after_close:b.open_at].strip())
    return len(gap) < 200 and not any(p in gap[:-1] for p in "“”\"")


_QUOTED_TITLE = re.compile(r"[“\"][A-Z0-9][\w’'-]*(?: (?:[A-Z0-9][\w’'-]*|the|of|and|a|an|in|on|at|to|for|with|by|from|or)){0,5}[.,]?[”\"]")  # said on ABC’s “This Week” Sunday / “Meet the Press.”
