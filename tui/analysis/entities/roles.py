"""The title/role patterns around person names: "Chinese Foreign Minister Wang Yi", "Sergey
Lavrov, Russia's foreign minister,", "Ted Cruz (R-Texas)".

Shared by ``entities`` (Entity.titles, gender) and ``relations`` (ROLE, MEMBER_OF). No Textual.
A role is read from the surface around a PERSON mention, not from the parse, because spaCy's small
model attaches appositions unreliably; each pattern is a small function with its own docstring.
The word lists (titles, honorifics, modifiers, parties) are ``tui.analysis.lexicons.EntityLexicon``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicons import EntityLexicon
from .mentions import PERSON_CONFUSABLE, Mention, raw_mentions

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span as SpacySpan

    from ..context import DocContext

#: Labels that can be the organisation or country of a role.
ROLE_OBJECT_LABELS = frozenset({"ORG", "GPE", "NORP"})
_POSS = frozenset({"'s", "’s", "'", "’"})
_PUNCT_END = frozenset({",", ".", ";", ":", ")", "—", "–", "-", "!", "?", "\"", "”", "’"})



# ---------------------------------------------------------------------------------------------
# Role patterns


@dataclass(slots=True)
class RoleHit:
    """A title read next to a person mention (token indices into the doc)."""

    person: tuple[int, int]            # token span of the person name
    title: str                         # display form: "Foreign Minister"
    title_span: tuple[int, int]        # token span of the title words
    org: tuple[int, int] | None        # token span of the organisation/country mention
    org_text: str | None               # "China" for "Chinese", else the mention text
    org_label: str | None
    party: str | None                  # "Republican Party" for "Republican Sen. ..."
    evidence: tuple[int, int]          # token span of the whole pattern
    honorific: bool = False            # Mr./Mrs.: gender only, not a role


def _match_title(ctx: "DocContext", j: int, limit: int, lx: EntityLexicon) -> int:
    """Length in tokens of the longest title starting at token ``j`` (0 if none)."""
    return lx.title_len(ctx.lowers, j, limit)


def _ent_ending_at(ents_by_end: dict[int, "SpacySpan"], i: int) -> "SpacySpan | None":
    return ents_by_end.get(i)


def _ent_starting_at(doc: "Doc", ents_by_start: dict[int, "SpacySpan"], j: int) -> "SpacySpan | None":
    """The entity starting at token ``j``, or at the "the" just before it ("the Federal Reserve"
    is often one entity with its article)."""
    e = ents_by_start.get(j)
    if e is None and j > 0 and doc[j - 1].lower_ == "the":
        e = ents_by_start.get(j - 1)
    return e


def _org_from_ent(ent: "SpacySpan", lx: EntityLexicon) -> tuple[str | None, str | None]:
    """(country or organisation text, party) for a modifier entity before a title."""
    if ent.label_ == "NORP":
        party = lx.party_of(ent.text)
        if party:
            return None, party
        return lx.country_of(ent.text), None
    if ent.label_ in ("ORG", "GPE"):
        return ent.text, None
    return None, None


def roles_before(ctx: "DocContext", s: int, ents_by_end: dict[int, "SpacySpan"], lx: EntityLexicon) -> RoleHit | None:
    """Pattern 1, a title before the name: ``[NORP|GPE's|ORG] [modifier] TITLE PERSON``.

    "Chinese Foreign Minister Wang Yi" -> Foreign Minister / China; "Microsoft CEO Satya Nadella"
    -> CEO / Microsoft; "Russia's Foreign Minister Sergey Lavrov"; "Republican Sen. Ted Cruz"
    -> Senator (and the party); "Mr. Wang" -> an honorific (gender only).
    """
    doc = ctx.doc
    best = lx.title_len_before(ctx.lowers, s)
    if not best or any(t.is_punct and t.text not in "-." for t in doc[s - best:s]):
        return None
    t0 = s - best
    title_text = doc[t0:s].text
    honorific = lx.is_honorific(title_text)
    i = t0
    while i > 0 and doc[i - 1].lower_ in lx.modifiers:
        i -= 1
    org = org_text = org_label = party = None
    ev0 = i
    # "Russia's" : an entity followed by a possessive marker
    if i > 1 and doc[i - 1].text in _POSS and (e := _ent_ending_at(ents_by_end, i - 1)) is not None:
        org, org_label = (e.start, e.end), e.label_
        org_text, party = _org_from_ent(e, lx)
        ev0 = e.start
    elif (e := _ent_ending_at(ents_by_end, i)) is not None and e.label_ in ROLE_OBJECT_LABELS:
        org, org_label = (e.start, e.end), e.label_
        org_text, party = _org_from_ent(e, lx)
        ev0 = e.start
        if party:
            org = None
    if org_text is None and not party:
        org = None
    return RoleHit((s, s), lx.display_title(title_text), (t0, s), org, org_text, org_label, party,
                   (ev0, s), honorific=honorific)


def roles_after(ctx: "DocContext", e: int, ents_by_start: dict[int, "SpacySpan"], lx: EntityLexicon) -> RoleHit | None:
    """Pattern 2, an apposition after the name: ``PERSON, [the|a] [GPE's|NORP] TITLE [of|at|for ORG|GPE],``.

    "Sergey Lavrov, Russia's foreign minister," -> Foreign Minister / Russia; "Satya Nadella, the
    chief executive of Microsoft," -> Chief Executive / Microsoft. The apposition must end at
    punctuation or at the end of the sentence, so "Lavrov, a minister who ..." is not read.
    """
    doc = ctx.doc
    n = len(doc)
    if e >= n or doc[e].text != ",":
        return None
    sent_end = doc[e].sent.end
    j = e + 1
    org = org_text = org_label = party = None
    if j < sent_end and doc[j].lower_ in ("the", "a", "an"):
        j += 1
    while j < sent_end and doc[j].lower_ in lx.modifiers:
        j += 1
    ent = _ent_starting_at(doc, ents_by_start, j)
    if ent is not None and ent.label_ in ROLE_OBJECT_LABELS and ent.label_ != "PERSON":
        after = ent.end
        if after < sent_end and doc[after].text in _POSS:
            after += 1
        elif ent.label_ != "NORP" and not (after < sent_end and _match_title(ctx, after, sent_end, lx)):
            ent = None
        if ent is not None:
            org, org_label = (ent.start, ent.end), ent.label_
            org_text, party = _org_from_ent(ent, lx)
            j = after
    while j < sent_end and doc[j].lower_ in lx.modifiers:
        j += 1
    k = _match_title(ctx, j, sent_end, lx)
    if not k or lx.is_honorific(doc[j:j + k].text):
        return None
    title_span = (j, j + k)
    title_text = doc[j:j + k].text
    j += k
    if j < sent_end and doc[j].lower_ in ("of", "at", "for", "in") and org is None:
        m = j + 1
        if m < sent_end and doc[m].lower_ == "the":
            m += 1
        ent2 = _ent_starting_at(doc, ents_by_start, m)
        if ent2 is None or ent2.label_ not in ("ORG", "GPE"):
            return None
        org, org_label, org_text = (ent2.start, ent2.end), ent2.label_, ent2.text
        j = ent2.end
    if j < sent_end and doc[j].text not in _PUNCT_END and not doc[j].is_punct:
        return None
    if org_text is None:
        org = None
    return RoleHit((e, e), lx.display_title(title_text), title_span, org, org_text, org_label, party,
                   (e + 1, j))


_PARTY_PAREN = re.compile(r"^\(\s*([RDI])\s*[-–.,]\s*[A-Z][A-Za-z. ]{1,20}\)")


def party_after(text: str, end_char: int, lx: EntityLexicon) -> tuple[str, int] | None:
    """Pattern 3, a party letter after the name: "Ted Cruz (R-Texas)" -> Republican Party."""
    rest = text[end_char:end_char + 30]
    stripped = rest.lstrip()
    m = _PARTY_PAREN.match(stripped)
    if not m:
        return None
    party = lx.party_letters.get(m.group(1))
    if not party:
        return None
    return party, end_char + (len(rest) - len(stripped)) + m.end()


# ---------------------------------------------------------------------------------------------
# Role hits of the mentions


def role_hits(ctx: "DocContext", mentions: list[Mention], lx: EntityLexicon) -> dict[int, list[RoleHit]]:
    """Role patterns around each PERSON mention (keyed by the mention's start character)."""
    ents = [e for e in ctx.doc.ents]
    by_end = {e.end: e for e in ents}
    by_start = {e.start: e for e in ents}
    out: dict[int, list[RoleHit]] = {}
    for m in mentions:
        if m.label != "PERSON" and not _looks_like_person_name(m):
            continue
        s, e = m.tok
        hits = []
        h = roles_before(ctx, s, by_end, lx)
        if h is not None:
            h.person = (s, e)
            h.evidence = (h.evidence[0], e)
            hits.append(h)
        h = roles_after(ctx, e, by_start, lx)
        if h is not None:
            h.person = (s, e)
            h.evidence = (s, h.evidence[1])
            hits.append(h)
        if hits:
            out[m.start] = hits
    return out


def drop_title_words(mentions: list[Mention], roles: dict[int, list[RoleHit]]) -> list[Mention]:
    """Mentions inside a title before a name are part of the title, not entities: the "State" of
    "Secretary of State Antony Blinken"."""
    spans = [h.title_span for hits in roles.values() for h in hits]
    if not spans:
        return mentions
    return [m for m in mentions if not any(a <= m.tok[0] and m.tok[1] <= b for a, b in spans)]


def role_hits_for(ctx: "DocContext", lx: EntityLexicon) -> dict[int, list[RoleHit]]:
    """The role patterns of a doc on their own (when the entities were built elsewhere)."""
    return role_hits(ctx, raw_mentions(ctx.doc, lx, text=ctx.text), lx)


def _looks_like_person_name(m: Mention) -> bool:
    return m.label in PERSON_CONFUSABLE and 1 <= len(m.text.split()) <= 3 and m.text[:1].isupper()
