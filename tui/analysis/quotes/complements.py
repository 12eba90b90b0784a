"""Where a cue's content begins and ends.

The clause or complement a cue governs (``content_of_clause``, ``complement_after``), cut before
a second attribution (… and insisted that …), a narrator's aside set off by a comma or dash
(…, which forced her to leave), an adverbial clause (…, though it cost him years) and a when/where
adjunct ("on Thursday"); the preposition that introduces what a cue is about (referring to X).
``MAX_CLAUSE_TOKENS`` bounds every clause read, which keeps the analysis linear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..syntax import CLOSING_MARKS, OPENING_MARKS
from .cues import Cues

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


OBJECT_DEPS = frozenset({"dobj", "dative", "prep", "xcomp", "ccomp", "oprd", "attr", "acomp", "advcl", "npadvmod"})


MAX_CLAUSE_TOKENS = 150  # the longest reported clause read


def content_of_clause(doc: "Doc", clause: "Token", cue: "Token", cues: "Cues | None" = None) -> tuple[int, int]:
    """Char span of a reported clause: its subtree, without a leading "that"/"if" and end punctuation.

    A coordinated verb of saying inside the clause (… that X, and insisted that Y) is a second
    attribution, not part of this one: the clause stops before it.
    """
    left, right = clause.left_edge, clause.right_edge
    if cues is not None and right.i > clause.i:
        right = doc[cut_right(doc, clause.i, right.i, cues)]
    if clause.i > cue.i and left.i <= cue.i:
        left = doc[cue.i + 1]
    if clause.i < cue.i and right.i >= cue.i:
        right = doc[cue.i - 1]
    i = left.i
    lead = next((c for c in clause.lefts if c.dep_ == "npadvmod" and c.left_edge.i == i), None)
    if lead is not None and lead.ent_type_ in ("DATE", "TIME") and lead.right_edge.i + 1 < right.i:
        i = lead.right_edge.i + 1  # told them this weekend he would …: the narrator's time, not what was said
    while i < right.i and (doc[i].dep_ == "mark" and doc[i].lower_ in ("that", "whether", "if") and doc[i].head.i == clause.i
                           or doc[i].is_punct and doc[i].text not in OPENING_MARKS):
        i += 1
    j = right.i
    while j > i and doc[j].is_punct and doc[j].text not in CLOSING_MARKS:
        j -= 1
    return doc[i].idx, doc[j].idx + len(doc[j].text)


def cut_right(doc: "Doc", lo: int, hi: int, cues: "Cues") -> int:
    """The last token of ``doc[lo:hi + 1]`` before a second attribution (see ``_cut_report``) or a
    trailing aside of the narrator (see ``cut_aside``)."""
    return cut_aside(doc, lo, _cut_report(doc, lo, hi, cues))


RELATIVE_WORDS = frozenset({"which", "who", "whom", "whose"})


ASIDE_MARKS = (",", "—", "–", "--", "-")


def cut_aside(doc: "Doc", lo: int, hi: int) -> int:
    """The last token before an aside set off by a comma or dash that runs to the end of
    ``doc[lo:hi + 1]``: a non-restrictive relative clause (…, which forced her to leave), an
    apposition (…, the presumed favourite), a participle clause (…, focusing on people under
    30) or an adverbial clause (…, although it may take days). Such an aside is the narrator's,
    not part of what was said; an aside inside a quotation is kept."""
    for k in range(lo + 2, hi):
        if doc[k].text not in ASIDE_MARKS or doc[k].text == "-" and not (doc[k].whitespace_ and doc[k - 1].whitespace_):
            continue  # (a hyphen is a dash only with spaces around it)
        n = k + 1
        if n <= hi and doc[n].text in ("”", '"', "’"):
            n += 1  # only “partial,” meaning …
        if n > hi:
            break
        t = doc[n]
        h = t
        while h.head.i != h.i and h.head.left_edge.i == n and h.head.i <= hi:
            h = h.head  # the head of the phrase that starts after the mark
        if h.right_edge.i < hi or h.head.i >= k or h.head.i < lo:
            continue
        aside = (h.dep_ == "relcl" and t.lower_ in RELATIVE_WORDS or h.dep_ == "appos" or
                 h.dep_ in ("advcl", "xcomp", "acl") and h.tag_ == "VBG" and
                 all(doc[j].pos_ == "ADV" for j in range(n, h.i)) or  # (…, implicitly putting …)
                 h.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ADVCL_MARKS for g in h.children))
        if not aside:
            continue
        span_text = doc[lo:n].text
        if span_text.count("“") > span_text.count("”") or span_text.count('"') % 2:
            continue  # inside a quotation: the speaker's own aside
        if n == k + 2:
            return k + 1  # (the quotation's closing mark stays: a content never ends inside a quotation)
        return _last_word_before(doc, lo, k)
    return hi


def _cut_report(doc: "Doc", lo: int, hi: int, cues: "Cues") -> int:
    """The last token of ``doc[lo:hi + 1]`` before a second attribution or a participle clause
    joined by a comma or a conjunction (… that X, and insisted that Y; … and warned against Y;
    …, referring to Z), or before a contrasting report with its own speaker (… while Sanders
    argued that Y)."""
    hi = min(hi, lo + MAX_CLAUSE_TOKENS)  # a parse that chains clauses over a whole text stays linear
    for k in range(lo + 1, hi + 1):
        t = doc[k]
        if "\n" in t.text:
            return max(lo, k - 1)  # never past the paragraph
        if t.dep_ not in ("conj", "advcl", "xcomp", "parataxis") or t.pos_ not in ("VERB", "AUX"):
            continue
        if t.dep_ == "advcl" and cues.is_speech_verb(t) and any(c.dep_ == "ccomp" for c in t.children):
            mark = next((c for c in t.children if c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS), None)
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if mark is not None and subj is not None and lo < mark.i < subj.i:
                return _last_word_before(doc, lo, mark.i)  # … while Sanders suggests that …: a second report
        if any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in t.children):
            continue  # a coordinated clause of the same report: "… and that she expects …"
        participle = t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp") and cues.is_clause_verb(t)
        if not participle and (not cues.is_speech_verb(t) or
                               not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in t.children) and
                               cue_prep(t, cues) is None):
            continue  # only a verb of saying with its own content (or "…, referring to") starts a second report
        j = k - 1
        while j > lo and doc[j].pos_ in ("ADV", "AUX", "PART"):
            j -= 1
        closer = j if doc[j].text in ("”", '"', "''") else None  # “…,” referring to …
        if closer is not None:
            j -= 1
        if j <= lo or not (doc[j].text in (",", ";", "—", "–") or doc[j].dep_ == "cc"):
            continue
        if closer is not None:
            return closer
        while j > lo and (doc[j].dep_ == "cc" or doc[j].is_punct and doc[j].text not in CLOSING_MARKS):
            j -= 1
        return j
    return hi


ADVCL_MARKS = frozenset({"though", "although", "after", "before", "while", "since", "when", "as", "until", "whereas"})


CONTRAST_MARKS = frozenset({"while", "whereas", "as", "although", "though"})


def _last_word_before(doc: "Doc", lo: int, k: int) -> int:
    """The last token before ``k`` (and after ``lo``) that is not punctuation or a conjunction."""
    j = k - 1
    while j > lo and (doc[j].dep_ == "cc" or doc[j].is_punct and doc[j].text not in CLOSING_MARKS):
        j -= 1
    return j


LEAD_PREPS = frozenset({"on", "upon", "for", "that", "about", "as"})  # dropped before a cue's complement


TIME_PREPS = frozenset({"after", "before", "during", "since", "until", "at", "in", "on", "amid", "while"})


def _is_circumstance(c: "Token") -> bool:
    """A when/where adjunct, not part of what was said: "on Thursday", "after the vote", or an
    adverbial clause set off by a comma (", though it cost him years")."""
    if c.dep_ == "npadvmod":
        return True
    if c.dep_ == "advcl" and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == "," and \
            any(g.dep_ == "mark" and g.lower_ in ADVCL_MARKS for g in c.children):
        return True  # …, though it cost him years: the narrator's comment, not the complement
    if c.dep_ != "prep" or c.lower_ not in TIME_PREPS:
        return False
    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
    return obj is None or obj.ent_type_ in ("DATE", "TIME", "GPE", "FAC", "LOC") or c.lower_ in ("after", "before", "during", "amid")


def _nominal_conj(c: "Token") -> bool:
    """A noun phrase the parse coordinated with a verb (condemned X as “…” and a “grave threat”):
    it continues the verb's complement, it is no second clause."""
    return c.dep_ in ("conj", "dobj", "oprd", "attr") and c.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") and \
        not any(g.dep_ in ("nsubj", "nsubjpass", "aux", "cop") for g in c.children)


def complement_after(doc: "Doc", cue: "Token", cues: "Cues | None" = None,
                      keep_to: bool = False) -> tuple[int, int] | None:
    """The stretch after a cue verb covered by its objects, clauses and preps (called on X to …);
    ``keep_to`` keeps the "to" of an infinitive (plans to run)."""
    right = -1
    rights = list(cue.rights)
    for n, c in enumerate(rights):
        if c.dep_ == "cc" and right > cue.i and n + 1 < len(rights) and _nominal_conj(rights[n + 1]):
            continue
        if c.dep_ == "conj" and right > cue.i and _nominal_conj(c):
            right = max(right, c.right_edge.i)  # condemned X as “…” and a “grave threat”: one complement
            continue
        if c.dep_ in ("conj", "cc"):
            break
        if c.dep_ == "prep" and _introduces_quotation(doc, c):
            return None  # responded to Jones with, “Why now?”: the quotation is what was said
        if c.dep_ in OBJECT_DEPS and not _is_circumstance(c):
            right = max(right, c.right_edge.i)
    if cues is not None and right > cue.i + 1:
        right = cut_right(doc, cue.i + 1, right, cues)
    if right <= cue.i:
        return None
    i = cue.i + 1
    while i < right and (doc[i].dep_ == "prt" or doc[i].lower_ in LEAD_PREPS and doc[i].head.i == cue.i) \
            and not (keep_to and doc[i].lower_ == "to"):
        i += 1
    j = right
    while j > i and doc[j].is_punct and doc[j].text not in CLOSING_MARKS:
        j -= 1
    return doc[i].idx, doc[j].idx + len(doc[j].text)


def _introduces_quotation(doc: "Doc", prep: "Token") -> bool:
    """A preposition with no object of its own, a comma or colon, and a quoted sentence
    (responded to Jones with, “Why now?”): its object is the quoted sentence. (A quoted
    fragment right after it, charged X with “crimes”, stays in the complement.)"""
    if any(g.dep_ in ("pobj", "pcomp") for g in prep.children):
        return False
    k = prep.i + 1
    while k < len(doc) and k <= prep.i + 2 and doc[k].text in (",", ":"):
        k += 1
    return prep.i + 1 < k < len(doc) - 1 and doc[k].text in ("“", '"', "``") and doc[k + 1].text[:1].isupper()


def cue_prep(verb: "Token", cues: "Cues") -> "Token | None":
    """The preposition right after ``verb`` (or its particle) that introduces what it is about
    ("referring to X", "called for X", "warned against X"), per ``prep_verbs``."""
    for c in verb.rights:
        if c.dep_ == "prep" and cues.is_prep_cue(verb, c):
            if all(verb.doc[k].dep_ in ("prt", "advmod") for k in range(verb.i + 1, c.i)):
                return c
        break
    return None
