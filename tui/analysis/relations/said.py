"""SAID rows: speaker entity -> quote, from the quotes layer; quotes that are acts or stances
(left to INTERACTION) or whose speaker entity only modifies the phrase that speaks are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import Quote
from ..lexicons import EntityLexicon
from ..resolve import EntityMap
from .interactions import _verb_class
from .rows import Row

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: Words of a SAID row's object_text.
QUOTE_WORDS = 8


def _is_clause(doc: "Doc", q: Quote) -> bool:
    """Whether a reported content is a clause with a subject of its own (what someone said)."""
    for part in q.content:
        span = doc.char_span(part.start, part.end, alignment_mode="expand")
        if span is not None and any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for t in span):
            return True
    return False


def _not_speech(doc: "Doc", q: Quote, lx: EntityLexicon) -> bool:
    """True when the quote's cue is not a verb or noun of saying (the ``verbs`` and ``nouns`` of
    reporting_verbs.yaml: "wanted to", "planned to" are left out), is an act that INTERACTION
    already reads ("criticized X", "urged X to ...") or is a stance listed under ``not_said`` in
    relation_verbs.yaml ("dismissed the report", "declined to say more")."""
    if q.cue is None:
        return False
    span = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    lemma = tok.lemma_.lower()
    if lemma in lx.not_said:
        return True
    if lx.speech_cues and lemma not in lx.speech_cues and not q.cue.text.lower().startswith("according"):
        return True  # a cue of thought or plan ("wanted to", "planned to"), not of speech
    return tok.pos_ in ("VERB", "AUX") and bool(_verb_class(tok, lx))


#: Head nouns through which an organisation or a country speaks: "US officials said", "a Boeing
#: spokesman said", "the Kremlin's press office said" (titles of ``titles.yaml`` count too).
SPEAKER_HEADS = frozenset({
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "spokespeople",
    "government", "ministry", "authorities", "authority", "diplomat", "diplomats", "source",
    "sources", "representative", "representatives", "statement", "embassy", "military", "office",
    "leadership", "leaders", "leader", "negotiators", "aides", "aide", "lawyer", "lawyers",
    "executive", "executives", "management", "board", "administration", "agency", "department"})
#: What an organisation publishes (not a country): "a new poll by Harvard's Institute of Politics".
ORG_SOURCE_HEADS = frozenset({"poll", "polls", "survey", "report", "study", "analysis", "reporting",
                              "data", "figures", "research"})


def _not_the_speaker(doc: "Doc", q: Quote, emap: "EntityMap", lx: EntityLexicon) -> bool:
    """True when the speaker entity only modifies the phrase that speaks: "the Paris terror
    attacks highlight", "Republican primary voters said", "a recent poll of Indiana voters" (the
    attacks, voters, poll speak, not Paris, the Republicans, Indiana). An organisation or country
    speaks through its officials: "US officials said" keeps the United States. A nationality or
    party adjective alone ("Mexican", "Republican") never speaks; a plural group ("Democrats")
    may."""
    e = emap.entities.get(q.speaker_entity or "")
    if e is None:
        return False
    if e.label == "NORP" and not e.name.endswith("s"):
        return True
    if q.speaker is None:
        return False
    span = doc.char_span(q.speaker.start, q.speaker.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    if not any(emap.by_token.get(t.i) == e.id for t in span):
        return False  # "the minister", "he": resolved by the quotes layer
    root = span.root
    if emap.by_token.get(root.i) == e.id or root.pos_ not in ("NOUN", "PROPN"):
        return False
    if e.label in ("ORG", "GPE") and (root.lower_ in SPEAKER_HEADS or lx.is_title(root.lower_)):
        return False
    if e.label == "ORG" and root.lower_ in ORG_SOURCE_HEADS:
        return False
    return True


def said_rows(quotes: list[Quote], emap: EntityMap, doc: "Doc | None" = None,
              lx: EntityLexicon | None = None) -> list[Row]:
    """One SAID row per quote whose speaker is an entity: subject = the speaker, predicate = the
    cue ("said", "added"), object_text = the quote's first words, evidence = the cue (or the
    quote's content when it has no cue). Quotes cued by an interaction or stance verb are left to
    INTERACTION (see ``_not_speech``)."""
    rows = []
    for q in quotes or []:
        if not q.speaker_entity or q.speaker_entity not in emap.entities:
            continue
        if doc is not None and lx is not None and (_not_speech(doc, q, lx) or _not_the_speaker(doc, q, emap, lx)):
            continue
        if doc is not None and q.kind == "indirect" and not _is_clause(doc, q):
            continue  # "ordered troopers to the border", "published the letter": acts, not speech
        words = " ".join(" ".join(s.text for s in q.content).split()).strip(" \"“”‘’'")
        parts = words.split(" ")
        first = " ".join(parts[:QUOTE_WORDS]) + ("…" if len(parts) > QUOTE_WORDS else "")
        ev = q.cue or q.content[0]
        predicate = " ".join(q.cue.text.lower().split()) if q.cue else "said"
        rows.append(Row("SAID", q.speaker_entity, predicate or "said", ev.start, ev.end, None, first,
                        quote=q.id, sentence=q.start))
    return rows


# ---------------------------------------------------------------------------------------------
