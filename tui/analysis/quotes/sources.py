"""Who a cue's subject stands for, and which words never speak.

A relative pronoun's antecedent ("Wang, who said …"), the author of a document that "says" (He
released a letter that says …), the subject a coordinated cue borrows from the report it joins
(Trump said … and warned …), the reporter of a stance inside their own report (Trump said he
wants …), a poll as the source of what its respondents said. The word lists these read (own
pronouns, relative pronouns, words that are never a speaker, publishing verbs, survey nouns) are
in ``config/lexicons/reporting_verbs.yaml``, parsed into ``Cues``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..syntax import subject
from .cues import Cues

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token


def antecedent(subj: "Token", cues: Cues) -> "Token | None":
    """The noun a relative pronoun subject stands for: "Wang" in "Wang, who said …"."""
    if subj.lower_ not in cues.relative_pronouns:
        return None
    t = subj.head
    for _ in range(4):
        if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN"):
            return t.head
        if t.dep_ not in ("conj", "xcomp", "advcl") or t.head.i == t.i:
            return None
        t = t.head
    return None


def document_author(subj: "Token", cues: Cues) -> "Token | None":
    """Who put out the document that a relative pronoun stands for: "He released a letter that
    says …", "The Post ran a piece that noted …", "Curiel ordered the release of documents that
    showed …": the subject of the verb whose object the document is (a person or organisation
    named or a personal pronoun), which is the source."""
    if subj.lower_ not in ("that", "which"):
        return None
    ante = antecedent(subj, cues)
    if ante is None or ante.pos_ != "NOUN":
        return None
    a = ante
    if a.dep_ == "pobj" and a.head.lower_ in ("of", "from") and a.head.head.dep_ == "dobj":
        a = a.head.head  # the release of documents
    lemma = a.head.lemma_.lower()
    if a.dep_ != "dobj" or a.head.pos_ != "VERB" or lemma not in cues.publishing_verbs and lemma[:-1] not in cues.publishing_verbs:
        return None  # Trump believed the polls that showed …: the polls speak
    author = subject(a.head)
    if author is None or author.lower_ in cues.not_speakers or author.lower_ in cues.relative_pronouns:
        return None
    if author.pos_ == "PROPN" or author.pos_ == "PRON" and author.lower_ in ("he", "she", "they", "we", "i") \
            or author.ent_type_ in ("PERSON", "ORG", "NORP"):
        return author
    return None


def outer_subject(verb: "Token", cues: Cues) -> "Token | None":
    """The subject of the report that a cue with no subject of its own is coordinated with, when
    the parse hung the cue on the reported clause: in "Trump said he would order a review and
    warned against hackers" or "Perdue said he did not believe it, arguing that …" Trump warned
    and Perdue argued (not "he")."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    if not (cues.is_clause_verb(verb) or verb.tag_ == "VBG" and verb.dep_ == "advcl"):
        return None
    t = verb
    for _ in range(3):
        if t.dep_ not in ("conj", "advcl") or t.head.i == t.i:
            return None
        t = t.head
        if t.dep_ == "ccomp" and t.head.i < t.i and cues.is_clause_verb(t.head) and \
                any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return subject(t.head)
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return None
    return None


def inner_stance(verb: "Token", subj: "Token | None", cues: Cues) -> bool:
    """A belief of the reporter's own inside their report ("Shelby said she suspected …"): the
    report carries it; it is no quote of its own."""
    lemma = verb.lemma_.lower()
    return subj is not None and subj.lower_ in cues.own_pronouns and lemma in cues.belief_verbs and \
        lemma not in cues.verbs and verb.dep_ == "ccomp" and cues.is_clause_verb(verb.head) and \
        (outer := subject(verb.head)) is not None and outer.lower_ not in cues.own_pronouns


def survey_source(verb: "Token", subj: "Token | None", cues: Cues) -> "Token | None":
    """"In a new poll, 31% of voters said …": the poll is the source of what its respondents say."""
    if subj is None or verb.lemma_.lower() not in cues.verbs and verb.lemma_.lower() not in cues.belief_verbs:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in" and prep.i < subj.i:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in cues.survey_nouns:
                return obj
    return None


def own_stance_report(gov: "Token", subj: "Token", cues: Cues) -> tuple["Token", "Token"]:
    """A quoted fragment governed by a speaker's own stance inside a report ("Trump said he wants
    “a total shutdown”"): the report is the quote, its speaker the reporter (Trump said)."""
    for _ in range(2):
        if subj.lower_ not in cues.own_pronouns or gov.dep_ != "ccomp" or not cues.is_clause_verb(gov.head) \
                or gov.head.i > gov.i:
            break  # (“…,” she said, “no one questions …”: a verb after the frame is the quotation's own)
        outer = subject(gov.head)
        if outer is None or outer.lower_ in cues.not_speakers or outer.lower_ in cues.relative_pronouns:
            break
        gov, subj = gov.head, outer
    return gov, subj
