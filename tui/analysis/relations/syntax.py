"""Small dependency-parse helpers of the relation layer: negation, a token's sentence, a verb's
subjects and objects along coordination."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..resolve import EntityMap, with_conjuncts

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from ..context import DocContext


def sent_of(tok: "Token", ctx: "DocContext") -> int:
    """The index of the sentence that holds ``tok``."""
    return ctx.sentence(tok.i)


def negated(verb: "Token") -> bool:
    """A "not"/"never"/"n't" on the verb or on its auxiliaries: "did not meet"."""
    for c in verb.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in c.children):
            return True
    return False


def _subjects(verb: "Token", emap: "EntityMap") -> tuple[list["Token"], bool]:
    """The subjects of a verb, inherited along verb coordination ("X met Y and praised Z");
    (tokens, passive). A passive verb's agent ("by X") is its subject."""
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            if s.dep_ == "nsubjpass":
                agent = [p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
                return (with_conjuncts(agent[0], emap) if agent else []), True
            return with_conjuncts(s, emap), False
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            continue
        break
    return [], False


def _objects(verb: "Token", passive: bool, preps: set[str], emap: "EntityMap") -> list["Token"]:
    """Direct objects (or the passive subject), and objects of the given prepositions."""
    out: list["Token"] = []
    holders = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
    if passive:
        out += [t for c in verb.children if c.dep_ == "nsubjpass" for t in with_conjuncts(c, emap)]
    else:
        out += [t for c in verb.children if c.dep_ == "dobj" for t in with_conjuncts(c, emap)]
    for c in (c for h in holders for c in h.children):
        if c.dep_ in ("prep", "prt") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    out += with_conjuncts(p, emap)
            if c.dep_ == "prt":  # "call on X": particle, the actor is the direct object
                out += [t for d in verb.children if d.dep_ == "dobj" for t in with_conjuncts(d, emap)]
    return out
