"""ROLE and MEMBER_OF rows: a person's title and organisation or country ("Chinese Foreign Minister
Wang Yi"), a person's party or group ("Republican Sen. Ted Cruz", "Ted Cruz (R-Texas)", "a member
of Hamas"). The title patterns themselves are read by ``tui.analysis.entities.roles``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Entity
from ..entities.roles import RoleHit, party_after
from ..lexicons import EntityLexicon
from ..resolve import EntityMap
from .rows import Row
from .syntax import negated, sent_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from ..context import DocContext

#: Entity labels a person can be a member of.
GROUP_LABELS = frozenset({"ORG", "NORP"})


def _role_object(doc: "Doc", hit: RoleHit, emap: EntityMap) -> tuple[str | None, str | None]:
    """(object id, object text) of a role: the NORP adjective's country ("Chinese" -> China) when
    the country is an entity of the article, else its name as text; an ORG/GPE mention's entity."""
    if hit.org is None or hit.org_text is None:
        return None, None
    if hit.org_label == "NORP":
        e = emap.named(hit.org_text, ("GPE",))
        return (e.id, e.name) if e else (None, hit.org_text)
    e = emap.in_span(*hit.org)
    if e is not None and e.label in ("ORG", "GPE"):
        return e.id, e.name
    return None, hit.org_text


def role_rows(doc: "Doc", roles: dict[int, list[RoleHit]], emap: EntityMap, sidx: DocContext) -> list[Row]:
    """ROLE rows from the title patterns around person names (see ``tui.analysis.entities.roles``); MEMBER_OF rows
    for a party adjective in the same pattern ("Republican Sen. Ted Cruz")."""
    rows = []
    for hits in roles.values():
        for h in hits:
            person = emap.in_span(*h.person)
            if person is None or person.label != "PERSON":
                continue
            start, end = doc[h.evidence[0]].idx, doc[h.evidence[1] - 1].idx + len(doc[h.evidence[1] - 1])
            sent = sent_of(doc[h.person[0]], sidx)
            if h.party:
                obj = emap.named(h.party, GROUP_LABELS)
                rows.append(Row("MEMBER_OF", person.id, "member of", start, end,
                                obj.id if obj else None, obj.name if obj else h.party, sentence=sent))
            if h.honorific:
                continue
            oid, otext = _role_object(doc, h, emap)
            rows.append(Row("ROLE", person.id, h.title, start, end, oid, otext, sentence=sent))
    return rows


def member_rows(doc: "Doc", emap: EntityMap, lx: EntityLexicon, sidx: DocContext, text: str) -> list[Row]:
    """MEMBER_OF rows from three patterns:

    * a party word right before the name: "Democrat Joe Manchin", "Republican Mitt Romney";
    * a party letter after the name: "Ted Cruz (R-Texas)";
    * "member of ORG" in apposition or as the complement of "be": "Ann Lee, a member of the
      Labour Party," / "Lee is a member of Hamas".
    """
    rows: list[Row] = []
    ents_by_end = {e.end: e for e in doc.ents}
    seen_person_starts = set()
    for e in emap.entities.values():
        if e.label != "PERSON":
            continue
        for m in e.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or span.start in seen_person_starts:
                continue
            seen_person_starts.add(span.start)
            sent = sent_of(span[0], sidx)
            before = ents_by_end.get(span.start)
            if before is not None and before.label_ == "NORP" and (party := lx.party_of(before.text)):
                obj = emap.named(party, GROUP_LABELS)
                rows.append(Row("MEMBER_OF", e.id, "member of", before.start_char, m.end,
                                obj.id if obj else None, obj.name if obj else party, sentence=sent))
            pa = party_after(text, m.end, lx)
            if pa is not None:
                party, end = pa
                obj = emap.named(party, GROUP_LABELS)
                rows.append(Row("MEMBER_OF", e.id, "member of", m.start, end,
                                obj.id if obj else None, obj.name if obj else party, sentence=sent))
    for i in sidx.where("lemma", ["member"]):
        tok = doc[i]
        group = _pobj_entity(tok, ("of",), emap, GROUP_LABELS)
        if group is None:
            continue
        person_tok = None
        if tok.dep_ == "appos":
            person_tok = tok.head
        elif tok.dep_ == "attr" and tok.head.lemma_ == "be":
            person_tok = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if person_tok is None or negated(tok.head if tok.dep_ == "attr" else tok):
            continue
        person = emap.at(person_tok)
        if person is None or person.label != "PERSON":
            continue
        gtok = group[1]
        s = min(person_tok.idx, tok.idx)
        end = max(gtok.idx + len(gtok), tok.idx + len(tok))
        s = min(s, _mention_start(person, person_tok))
        rows.append(Row("MEMBER_OF", person.id, "member of", s, end, group[0].id, group[0].name,
                        sentence=sent_of(tok, sidx)))
    return rows


def _mention_start(e: Entity, tok: "Token") -> int:
    for m in e.mentions:
        if m.start <= tok.idx < m.end:
            return m.start
    return tok.idx


def _pobj_entity(tok: "Token", preps: tuple[str, ...], emap: EntityMap, labels) -> tuple[Entity, "Token"] | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    e = emap.at(p)
                    if e is not None and e.label in labels:
                        return e, p
    return None
