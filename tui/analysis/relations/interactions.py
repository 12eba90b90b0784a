"""INTERACTION rows: actor - verb class - actor, the classes from ``relation_verbs.yaml`` (after
CAMEO/PLOVER: MEET, AGREE, ACCUSE, THREATEN, SUPPORT, CALL_ON), read from the dependency parse:
subjects and objects of a classed verb, a phrase ("call on X") or a light verb with an event noun
("hold talks with X"); negation flagged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Entity
from ..lexicons import EntityLexicon
from ..resolve import ACTOR_LABELS, EntityMap, with_conjuncts
from .rows import Row
from .syntax import _objects, _subjects, negated, sent_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from ..context import DocContext


def _verb_class(verb: "Token", lx: EntityLexicon) -> list[tuple[str, set[str], bool]]:
    """(class, prepositions that take the other actor, via a noun) for a verb token.

    A plain verb of the class takes its direct object; a phrase "call on" takes the object of
    "on"; a light verb with an event noun ("hold a meeting with") takes the object of "with".
    """
    lemma = verb.lemma_.lower()
    found = []
    for name, spec in lx.verb_classes.items():
        preps = set()
        hit = lemma in spec["verbs"]
        for phrase in spec["phrases"]:
            if phrase[0] != lemma or len(phrase) < 2:
                continue
            holders = [verb]
            if len(phrase) >= 3:  # "impose sanctions on", "hold talks with": verb + object + prep
                holders = [c for c in verb.children if c.dep_ == "dobj"
                           and phrase[1] in (c.lower_, c.lemma_.lower())]
                if not holders:
                    continue
                holders.append(verb)
            for h in holders:
                # the particle or preposition right after the verb (or its object): "called on X",
                # not "called X ... on Twitter"
                if any(c.lower_ == phrase[-1] and c.dep_ in ("prep", "prt") and 0 < c.i - h.i <= 2
                       for c in h.children):
                    hit = True
                    preps.add(phrase[-1])
        if hit:
            found.append((name, preps, False))
    return found


def _noun_events(verb: "Token", lx: EntityLexicon) -> list[tuple[str, "Token"]]:
    """Event nouns after a light verb: "holds a meeting with", "signed an agreement with"."""
    if verb.lemma_.lower() not in lx.light_verbs:
        return []
    out = []
    for c in verb.children:
        if c.dep_ != "dobj":
            continue
        for name, spec in lx.verb_classes.items():
            if c.lemma_.lower() in spec["nouns"] or c.lower_ in spec["nouns"]:
                out.append((name, c))
    return out


def _span_of(e: Entity, tok: "Token") -> tuple[int, int]:
    for m in e.mentions:
        if m.start <= tok.idx < m.end:
            return m.start, m.end
    return tok.left_edge.idx, tok.idx + len(tok)  # a role description: "The Chinese diplomat"


def interaction_rows(doc: "Doc", emap: EntityMap, lx: EntityLexicon, sidx: DocContext,
                     role_orgs: dict[str, set[str]] | None = None) -> list[Row]:
    """INTERACTION rows: subject and object (or prepositional object) of a classed verb are both
    actor entities (PERSON, ORG, GPE) and differ; coordinated subjects and objects each give a
    row; "X and Y met" gives X-Y for reciprocal classes; negation is flagged."""
    rows: list[Row] = []
    role_orgs = role_orgs or {}
    for i in sidx.where("lemma", lx.verb_lemmas):
        verb = doc[i]
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        classes = _verb_class(verb, lx)
        nouns = _noun_events(verb, lx)
        if not classes and not nouns:
            continue
        subj_toks, passive = _subjects(verb, emap)
        subjects = [(emap.at(t) or emap.described(t, role_orgs, sidx) or emap.subject_pronoun(t, sidx), t)
                    for t in subj_toks]
        subjects += [(e, t) for t in subj_toks for e in emap.they(t, sidx)]
        subjects = [(e, t) for e, t in subjects if e is not None and e.label in ACTOR_LABELS]
        if not subjects:
            continue
        neg = negated(verb)
        sent = sent_of(verb, sidx)
        jobs: list[tuple[str, list["Token"], bool, "Token"]] = []
        for name, preps, _ in classes:
            jobs.append((name, _objects(verb, passive, preps, emap), lx.verb_classes[name]["reciprocal"], verb))
        for name, noun in nouns:
            objs = []
            for holder in (noun, verb):
                for c in holder.children:
                    if c.dep_ == "prep" and c.lower_ == "with":
                        objs += [t for p in c.children if p.dep_ == "pobj" for t in with_conjuncts(p, emap)]
            jobs.append((name, objs, lx.verb_classes[name]["reciprocal"], noun))
        any_with = any(c.dep_ == "prep" and c.lower_ == "with"
                       for h in [verb] + [d for d in verb.children if d.dep_ == "dobj"] for c in h.children)
        for name, obj_toks, reciprocal, cue in jobs:
            objects = [(emap.at(t) or emap.described(t, role_orgs, sidx), t) for t in obj_toks]
            objects = [(e, t) for e, t in objects if e is not None and e.label in ACTOR_LABELS]
            pairs = [(s, o) for s in subjects for o in objects if s[0].id != o[0].id]
            if not obj_toks and not any_with and reciprocal and len(subjects) >= 2:
                pairs = [(subjects[i], subjects[j]) for i in range(len(subjects))
                         for j in range(i + 1, len(subjects)) if subjects[i][0].id != subjects[j][0].id]
            for (se, st), (oe, ot) in pairs:
                a = _span_of(se, st)
                b = _span_of(oe, ot)
                start = min(a[0], b[0], verb.idx)
                end = max(a[1], b[1], verb.idx + len(verb), cue.idx + len(cue))
                rows.append(Row("INTERACTION", se.id, name, start, end, oe.id, oe.name, neg, sentence=sent))
    return rows
