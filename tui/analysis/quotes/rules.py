"""Quotes (issue #3): direct, mixed and indirect quotations, each with its speaker.

The pipeline over one parsed article (no Textual import, linear in the length of the text):

1. ``tui.analysis.quotes.marks.find_quotes`` pairs the quotation marks (pure string code).
2. Reported clauses: every cue from the YAML lexicon gives an ``indirect`` candidate whose
   speaker is the cue's subject (lexicon classes in brackets):
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
3. Each quoted region is then
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
4. Reported clauses that overlap a quotation, or whose cue lies inside one, are dropped.
5. Speakers are resolved to entities by ``tui.analysis.quotes.speakers``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...model import Quote, Span
from ..context import DocContext
from .marks import DOUBLE_MARKS, QuoteRegion, find_quotes
from .speakers import build_resolver

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from ...model import Entity
    from .learned import Proposal, QuoteModel

OBJECT_DEPS = frozenset({"dobj", "dative", "prep", "xcomp", "ccomp", "oprd", "attr", "acomp", "advcl", "npadvmod"})
MAX_CLAUSE_TOKENS = 150  # the longest reported clause read
RIGHT_FRAME_MAX = 30  # tokens between a quotation's end and its cue
LEFT_FRAME_MAX = 25
END_PUNCT = frozenset({".", "!", "?"})


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue lexicon, parsed from ``config/lexicons/reporting_verbs.yaml``."""

    verbs: frozenset[str]
    belief_verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    object_verbs: frozenset[str] = frozenset()
    intention_verbs: frozenset[str] = frozenset()
    expectation_verbs: frozenset[str] = frozenset()
    headline_labels: frozenset[str] = frozenset()
    prep_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    prep_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    evidence_verbs: frozenset[str] = frozenset()
    evidence_nouns: frozenset[str] = frozenset()
    passive_questions: frozenset[str] = frozenset()
    impression_verbs: frozenset[str] = frozenset()
    judgement_verbs: frozenset[str] = frozenset()
    display_verbs: frozenset[str] = frozenset()
    display_nouns: frozenset[str] = frozenset()
    sign_nouns: frozenset[str] = frozenset()

    @classmethod
    def from_lexicon(cls, lex: dict[str, Any] | None, stance: bool = False) -> "Cues":
        lex = lex or {}

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower().strip() for w in lex.get(key) or [] if str(w).strip())

        phrases = tuple(tuple(str(p).lower().split()) for p in lex.get("phrases") or [] if str(p).split())
        mined = lex.get("mined") if isinstance(lex.get("mined"), dict) else {}
        gated = frozenset() if stance else words("stance_verbs") | _prep_verbs(lex.get("prep_nouns")).keys()

        def mwords(key: str) -> frozenset[str]:  # a mined word of stance still waits for quotes.stance
            return frozenset(str(w).lower().strip() for w in mined.get(key) or [] if str(w).strip()) - gated

        mined_nouns = {k: v for k, v in _prep_verbs(mined.get("noun_prep")).items() if k not in gated}
        return cls(words("verbs"), words("belief_verbs") | mwords("ccomp"), words("nouns") | mwords("noun_ccomp"),
                   phrases,
                   words("object_verbs") | (words("stance_verbs") if stance else frozenset()) | mwords("dobj"),
                   words("intention_verbs") | mwords("xcomp"), words("expectation_verbs"), words("headline_labels"),
                   _merge(_prep_verbs(lex.get("prep_verbs")), _prep_verbs(mined.get("prep"))),
                   _merge(_prep_verbs(lex.get("prep_nouns")) if stance else {}, mined_nouns),
                   words("evidence_verbs"), words("evidence_nouns"), words("passive_questions"),
                   words("impression_verbs"), words("judgement_verbs"), words("display_verbs"),
                   words("display_nouns"), words("sign_nouns"))

    def is_prep_cue(self, verb: "Token", prep: "Token") -> bool:
        """``prep`` is one of the prepositions that introduce what ``verb`` is about (referring to)."""
        return prep.lower_ in self.prep_verbs.get(verb.lemma_.lower(), ())

    def is_speech_verb(self, t: "Token") -> bool:
        return t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.verbs

    def is_clause_verb(self, t: "Token") -> bool:
        lemma = t.lemma_.lower()
        return t.pos_ in ("VERB", "AUX") and (lemma in self.verbs or lemma in self.belief_verbs or
                                              lemma in self.object_verbs)

    def is_report_verb(self, t: "Token") -> bool:
        """Any verb that can report (clause verbs, and verbs of intention, expectation and
        prepositions of content); clause verbs alone decide where a reported clause ends."""
        lemma = t.lemma_.lower()
        return self.is_clause_verb(t) or t.pos_ in ("VERB", "AUX") and (
            lemma in self.intention_verbs or lemma in self.expectation_verbs or lemma in self.prep_verbs or
            lemma in self.evidence_verbs or lemma in self.passive_questions)


def _prep_verbs(raw: Any) -> dict[str, frozenset[str]]:
    """``prep_verbs`` of the lexicon ({verb: [prepositions]}), lower-cased; anything else gives {}."""
    if not isinstance(raw, dict):
        return {}
    return {str(k).lower().strip(): frozenset(str(p).lower().strip() for p in (v or []) if str(p).strip())
            for k, v in raw.items() if isinstance(v, list)}


def _merge(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Two {word: prepositions} maps in one (the hand-written classes and the ``mined`` section)."""
    return {k: a.get(k, frozenset()) | b.get(k, frozenset()) for k in a.keys() | b.keys()}


@dataclass(slots=True)
class Candidate:
    """A quote before speaker resolution: token/char spans of content, cue and speaker."""

    kind: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    speaker_head: int | None = None  # token index of the speaker's head
    regions: list[QuoteRegion] = field(default_factory=list)
    speaker_ref: tuple[int, int] | None = None  # what a relative pronoun speaker stands for
    colon_frame: bool = False  # X scolded him: “…,” she said: framed on both sides, not broken

    @property
    def start(self) -> int:
        return min(a for a, _ in self.content)

    @property
    def end(self) -> int:
        return max(b for _, b in self.content)


# ---------------------------------------------------------------------------------------------
# Small helpers over tokens.


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, and a trailing sentence period or comma, from ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _speaker_span(subj: "Token") -> tuple[int, int]:
    """The noun phrase of a subject, without relative clauses or appositions after its head."""
    left = subj.left_edge
    if left.i > subj.i:
        left = subj
    start = left.idx
    doc = subj.doc
    for k in range(subj.i - 1, left.i - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_ or doc[k].is_quote and k and doc[k - 1].text in ",.?!":
            start = doc[k + 1].idx  # never reach back over a paragraph break or into a quotation
            break
    # keep flat names ("Wang Yi") and possessive "’s" but stop at the head otherwise
    end = subj.idx + len(subj.text)
    for c in subj.rights:
        if c.dep_ in ("compound", "flat", "case") and c.i == subj.i + 1:
            end = c.idx + len(c.text)
        else:
            break
    return start, end


def _subject(verb: "Token") -> "Token | None":
    """The subject of ``verb``, climbing conjunctions, participles and xcomps (…, adding that …)."""
    t = verb
    for _ in range(4):
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        last = subjects[-1] if len(subjects) > 1 else None
        if last is not None and last.i < t.i and (last.pos_ in ("PROPN", "PRON") or last.is_title) and (
                subjects[0].text.isupper() or any(d.text in (":", "-", "—", "–", "―") and d.whitespace_
                                                  for d in t.doc[subjects[0].i + 1:last.left_edge.i])):
            # a label or dateline before a colon or dash (The Latest: Trump urges …; BUENA PARK, Calif. - Clinton
            # promised …): the subject next to the verb
            subjects = subjects[-1:]
        for c in subjects[:1]:
            if _crosses_paragraph(c, verb):
                return _noun_before(verb)
            return c
        if t.dep_ == "xcomp" and t.head.i != t.i and t.head.lemma_.lower() in OBJECT_CONTROL and \
                (obj := next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i), None)) is not None \
                and obj.pos_ in ("NOUN", "PROPN", "PRON") and obj.ent_type_ not in ("DATE", "TIME"):
            return obj  # the debate led Republicans to say …: Republicans say (object control)
        if t.dep_ in ("conj", "advcl", "xcomp", "acl", "parataxis", "pcomp", "prep") and t.head.i != t.i:
            t = t.head
            continue
        break
    return None


OBJECT_CONTROL = frozenset({"lead", "force", "prompt", "leave", "cause", "encourage", "push", "get", "inspire",
                            "compel", "persuade", "convince", "pressure", "press", "drive", "move", "spur",
                            "dare", "challenge", "invite", "tell", "ask", "urge", "allow", "help"})


RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})


def _antecedent(subj: "Token") -> "Token | None":
    """The noun a relative pronoun subject stands for: "Wang" in "Wang, who said …"."""
    if subj.lower_ not in RELATIVE_PRONOUNS:
        return None
    t = subj.head
    for _ in range(4):
        if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN"):
            return t.head
        if t.dep_ not in ("conj", "xcomp", "advcl") or t.head.i == t.i:
            return None
        t = t.head
    return None


PUBLISHING_VERBS = frozenset({"release", "issue", "run", "publish", "post", "send", "retweet", "tweet", "share",
                              "write", "air", "sign", "file", "unveil", "produce", "order", "pen", "draft",
                              "circulate", "distribute", "deliver", "submit", "put", "make", "give", "present"})


def _document_author(subj: "Token") -> "Token | None":
    """Who put out the document that a relative pronoun stands for: "He released a letter that
    says …", "The Post ran a piece that noted …", "Curiel ordered the release of documents that
    showed …": the subject of the verb whose object the document is (a person or organisation
    named or a personal pronoun), which is the source."""
    if subj.lower_ not in ("that", "which"):
        return None
    ante = _antecedent(subj)
    if ante is None or ante.pos_ != "NOUN":
        return None
    a = ante
    if a.dep_ == "pobj" and a.head.lower_ in ("of", "from") and a.head.head.dep_ == "dobj":
        a = a.head.head  # the release of documents
    lemma = a.head.lemma_.lower()
    if a.dep_ != "dobj" or a.head.pos_ != "VERB" or lemma not in PUBLISHING_VERBS and lemma[:-1] not in PUBLISHING_VERBS:
        return None  # Trump believed the polls that showed …: the polls speak
    author = _subject(a.head)
    if author is None or author.lower_ in NOT_SPEAKERS or author.lower_ in RELATIVE_PRONOUNS:
        return None
    if author.pos_ == "PROPN" or author.pos_ == "PRON" and author.lower_ in ("he", "she", "they", "we", "i") \
            or author.ent_type_ in ("PERSON", "ORG", "NORP"):
        return author
    return None


def _crosses_paragraph(a: "Token", b: "Token") -> bool:
    """A line break lies between tokens ``a`` and ``b`` (a parse that joined two paragraphs)."""
    doc = a.doc
    lo, hi = min(a.i, b.i), max(a.i, b.i)
    return hi - lo < 60 and any("\n" in doc[k].text or "\n" in doc[k].whitespace_ for k in range(lo, hi))


def _noun_before(verb: "Token") -> "Token | None":
    """The proper noun or noun right before ``verb`` on its own line (a subject the parse missed)."""
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and doc[k].pos_ in ("ADV", "AUX", "PART"):
        k -= 1
    if k >= 0 and doc[k].pos_ in ("PROPN", "NOUN", "PRON") and "\n" not in doc[k].text:
        return doc[k]
    return None


def _inverted_subject(verb: "Token", stop: int) -> "Token | None":
    """The noun right after a cue verb in an inverted frame (said Wang, said the Foreign Secretary)."""
    for c in verb.rights:
        if c.i >= stop:
            break
        if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "appos") and c.pos_ in ("PROPN", "NOUN", "PRON"):
            return c
    return None


def _content_of_clause(doc: "Doc", clause: "Token", cue: "Token", cues: "Cues | None" = None) -> tuple[int, int]:
    """Char span of a reported clause: its subtree, without a leading "that"/"if" and end punctuation.

    A coordinated verb of saying inside the clause (… that X, and insisted that Y) is a second
    attribution, not part of this one: the clause stops before it.
    """
    left, right = clause.left_edge, clause.right_edge
    if cues is not None and right.i > clause.i:
        right = doc[_cut_right(doc, clause.i, right.i, cues)]
    if clause.i > cue.i and left.i <= cue.i:
        left = doc[cue.i + 1]
    if clause.i < cue.i and right.i >= cue.i:
        right = doc[cue.i - 1]
    i = left.i
    lead = next((c for c in clause.lefts if c.dep_ == "npadvmod" and c.left_edge.i == i), None)
    if lead is not None and lead.ent_type_ in ("DATE", "TIME") and lead.right_edge.i + 1 < right.i:
        i = lead.right_edge.i + 1  # told them this weekend he would …: the narrator's time, not what was said
    while i < right.i and (doc[i].dep_ == "mark" and doc[i].lower_ in ("that", "whether", "if") and doc[i].head.i == clause.i
                           or doc[i].is_punct and doc[i].text not in "“\"‘"):
        i += 1
    j = right.i
    while j > i and doc[j].is_punct and doc[j].text not in "”\"’":
        j -= 1
    return doc[i].idx, doc[j].idx + len(doc[j].text)


def _cut_right(doc: "Doc", lo: int, hi: int, cues: "Cues") -> int:
    """The last token of ``doc[lo:hi + 1]`` before a second attribution (see ``_cut_report``) or a
    trailing aside of the narrator (see ``_cut_aside``)."""
    return _cut_aside(doc, lo, _cut_report(doc, lo, hi, cues))


RELATIVE_WORDS = frozenset({"which", "who", "whom", "whose"})
ASIDE_MARKS = (",", "—", "–", "--", "-")


def _cut_aside(doc: "Doc", lo: int, hi: int) -> int:
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
                               _cue_prep(t, cues) is None):
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
        while j > lo and (doc[j].dep_ == "cc" or doc[j].is_punct and doc[j].text not in "”\"’"):
            j -= 1
        return j
    return hi


ADVCL_MARKS = frozenset({"though", "although", "after", "before", "while", "since", "when", "as", "until", "whereas"})
CONTRAST_MARKS = frozenset({"while", "whereas", "as", "although", "though"})


def _last_word_before(doc: "Doc", lo: int, k: int) -> int:
    """The last token before ``k`` (and after ``lo``) that is not punctuation or a conjunction."""
    j = k - 1
    while j > lo and (doc[j].dep_ == "cc" or doc[j].is_punct and doc[j].text not in "”\"’"):
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


def _complement_after(doc: "Doc", cue: "Token", cues: "Cues | None" = None,
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
        right = _cut_right(doc, cue.i + 1, right, cues)
    if right <= cue.i:
        return None
    i = cue.i + 1
    while i < right and (doc[i].dep_ == "prt" or doc[i].lower_ in LEAD_PREPS and doc[i].head.i == cue.i) \
            and not (keep_to and doc[i].lower_ == "to"):
        i += 1
    j = right
    while j > i and doc[j].is_punct and doc[j].text not in "”\"’":
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


# ---------------------------------------------------------------------------------------------
# Reported clauses (indirect quotes).


def _cue_positions(doc: "Doc", phrase_starts: set[str]) -> list[int]:
    """Indices of the tokens that may be cues: verbs, nouns, and first words of cue phrases (read
    over arrays: iterating a Doc in Python builds a Token per step)."""
    if not len(doc):
        return []
    from spacy.attrs import LOWER, POS

    import numpy as np

    strings = doc.vocab.strings
    arr = doc.to_array([POS, LOWER])
    keep = np.isin(arr[:, 0], [strings["VERB"], strings["AUX"], strings["NOUN"]])
    if phrase_starts:
        keep |= np.isin(arr[:, 1], [strings[w] for w in phrase_starts])
    return np.flatnonzero(keep).tolist()


def reported_clauses(doc: "Doc", cues: Cues, text: str | None = None) -> list[Candidate]:
    """Candidates of kind ``indirect``: cue verbs and nouns with a clausal complement, and
    "according to X" phrases."""
    out: list[Candidate] = []
    text = doc.text if text is None else text
    phrase_starts = {p[0] for p in cues.phrases}
    for i in _cue_positions(doc, phrase_starts):
        t = doc[i]
        lemma = t.lemma_.lower()
        if t.pos_ in ("VERB", "AUX") and cues.is_report_verb(t):
            c = _verb_clause(doc, t, cues)
        elif t.pos_ == "NOUN" and lemma in cues.nouns:
            c = _noun_clause(doc, t)
            if c is None and lemma in cues.prep_nouns:
                c = _noun_prep(doc, t, cues)
        elif t.pos_ == "NOUN" and lemma in cues.prep_nouns:
            c = _noun_prep(doc, t, cues)
        elif t.lower_ in phrase_starts:
            c = _according_to(doc, t, cues)
        else:
            continue
        if c is not None:
            spans = []
            for span in c.content:
                s, e = _within_paragraph(text, span, c.cue[0] if c.cue else span[0])
                s, e = _trim(text, s, e)
                if e > s:
                    spans.append((s, e))
            if sum(e - s for s, e in spans) >= 8:
                c.content = spans
                out.append(c)
    return out


def _within_paragraph(text: str, span: tuple[int, int], anchor: int) -> tuple[int, int]:
    """``span`` clipped to the paragraph that holds ``anchor`` (the cue): a parse that ran over a
    line break never carries a report into the next paragraph."""
    lo = text.rfind("\n", span[0], anchor) + 1 if span[0] < anchor else span[0]
    lo = max(lo, span[0])
    nl = text.find("\n", max(anchor, span[0]), span[1])
    hi = nl if nl >= 0 else span[1]
    return (lo, hi) if hi > lo else (span[0], span[0])


def _outer_subject(verb: "Token", cues: Cues) -> "Token | None":
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
            return _subject(t.head)
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return None
    return None


def _inner_stance(verb: "Token", subj: "Token | None", cues: Cues) -> bool:
    """A belief of the reporter's own inside their report ("Shelby said she suspected …"): the
    report carries it; it is no quote of its own."""
    lemma = verb.lemma_.lower()
    return subj is not None and subj.lower_ in OWN_PRONOUNS and lemma in cues.belief_verbs and \
        lemma not in cues.verbs and verb.dep_ == "ccomp" and cues.is_clause_verb(verb.head) and \
        (outer := _subject(verb.head)) is not None and outer.lower_ not in OWN_PRONOUNS


SURVEY_NOUNS = frozenset({"poll", "survey", "study", "questionnaire", "census"})


def _survey_source(verb: "Token", subj: "Token | None", cues: Cues) -> "Token | None":
    """"In a new poll, 31% of voters said …": the poll is the source of what its respondents say."""
    if subj is None or verb.lemma_.lower() not in cues.verbs and verb.lemma_.lower() not in cues.belief_verbs:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in" and prep.i < subj.i:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in SURVEY_NOUNS:
                return obj
    return None


def _verb_clause(doc: "Doc", verb: "Token", cues: Cues) -> Candidate | None:
    """A cue verb with a ccomp (said that …), an xcomp with an object (urged X to …), or a
    paratactic frame (…, sources said). A negated cue (did not say) reports nothing."""
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    subj = _outer_subject(verb, cues) or _subject(verb)
    if _inner_stance(verb, subj, cues):
        return None
    subj = _survey_source(verb, subj, cues) or subj
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    content: tuple[int, int] | None = None
    tail: tuple[int, int] | None = None
    if verb.dep_ == "parataxis" and subj is not None and verb.lemma_.lower() in cues.verbs:
        spans = _around_frame(doc, verb, subj, cues)
        if not spans or subj.lower_ in ("it", "there") or subj.lower_ in RELATIVE_PRONOUNS:
            return None
        if len(spans) == 1 and spans[0][1] <= verb.idx and (tail := _tail_after_frame(doc, verb, subj, cues)):
            spans.append(tail)  # X would be aided, Devine said, by …: the parse hung the rest on the frame
        return Candidate("indirect", spans, (verb.idx, verb.idx + len(verb.text)), _speaker_span(subj), subj.i)
    if clause is not None and verb.dep_ != "parataxis":
        content = _content_of_clause(doc, clause, verb, cues)
        rest = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > clause.i), None)
        if rest is not None and rest.left_edge.i == clause.right_edge.i + 1 and content[1] >= doc[clause.right_edge.i].idx \
                and not any(g.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for g in rest.children):
            content = (content[0], _content_of_clause(doc, rest, verb, cues)[1])  # said X has … and his comment was …: one clause the parse split
        if clause.i < verb.i and subj is not None:
            tail = _tail_after_frame(doc, verb, subj, cues)
    elif verb.lemma_.lower() in cues.verbs and any(c.dep_ == "xcomp" for c in verb.children) and \
            any(c.dep_ in ("dobj", "prep") for c in verb.children):
        content = _complement_after(doc, verb, cues)
    elif (inf := _to_infinitive(verb)) is not None and verb.lemma_.lower() in cues.expectation_verbs \
            and subj is not None and subj.dep_ == "nsubjpass":
        return _expected_to(doc, verb, subj, inf, cues)
    elif (prep := _cue_prep(verb, cues)) is not None and verb.dep_ not in ("amod", "acl", "relcl", "pcomp") \
            and (subj is None or subj.dep_ != "nsubjpass"):
        content = _prep_object(doc, verb, prep, cues)
    elif verb.lemma_.lower() in cues.passive_questions and subj is not None and subj.dep_ == "nsubjpass" \
            and verb.dep_ not in ("amod", "acl", "relcl") and (span := _complement_after(doc, verb, cues)) is not None:
        return Candidate("indirect", [span], (verb.idx, verb.idx + len(verb.text)))  # she was asked if …
    elif verb.lemma_.lower() in cues.evidence_verbs and subj is not None and \
            subj.lemma_.lower() in cues.evidence_nouns \
            and any(c.dep_ == "dobj" for c in verb.children):
        content = _complement_after(doc, verb, cues)  # the poll shows Sanders with 47 percent
    elif verb.lemma_.lower() in cues.impression_verbs and inf is not None and subj is not None and subj.dep_ == "nsubj" \
            and subj.head.i == verb.i:
        return _expected_to(doc, verb, subj, inf, cues)  # Investors seem to agree: the subject is part of it
    elif verb.lemma_.lower() in cues.intention_verbs and inf is not None:
        content = _complement_after(doc, verb, cues, keep_to=True)
    elif verb.lemma_.lower() in cues.object_verbs and verb.dep_ not in ("amod", "acl", "relcl", "pcomp"):
        content = _object_complement(doc, verb, cues)
    elif verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and verb.lemma_.lower() in cues.verbs \
            and subj is not None and subj.i > verb.head.i:
        head = verb.head
        sub_left = min(verb.left_edge.i, subj.left_edge.i)
        if sub_left <= head.left_edge.i or doc[sub_left - 1].text not in (",", "—", "–"):
            return None  # not a frame after its clause ("…, sources said")
        content = _content_of_clause(doc, head, verb, cues)
        content = (content[0], min(content[1], doc[sub_left - 1].idx))
    elif verb.dep_ == "advcl" and verb.lemma_.lower() in cues.verbs and subj is not None \
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) \
            and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children) \
            and verb.head.pos_ in ("VERB", "AUX") and not cues.is_report_verb(verb.head):
        content = _as_frame(doc, verb, cues)  # As the Post reported, X …; X …, as she said
    if content is None or subj is None or subj.lower_ in ("it", "there"):
        return None
    subj = _document_author(subj) or subj
    ante = _antecedent(subj)
    if subj.lower_ in RELATIVE_PRONOUNS and ante is None:
        return None
    return Candidate("indirect", [content] + ([tail] if tail is not None and tail[0] > content[1] else []),
                     (verb.idx, verb.idx + len(verb.text)), _speaker_span(subj), subj.i,
                     speaker_ref=_speaker_span(ante) if ante is not None else None)


TAIL_STARTS = frozenset({"because", "although", "though", "while", "whereas", "and", "but", "by", "including"})


def _narrator_goes_on(doc: "Doc", k: int, subj: "Token") -> bool:
    """``doc[k]`` opens the narrator's own clause about the speaker after a frame: "…, she said,
    but she was shocked …" ("and"/"but" and a pronoun for the frame's subject)."""
    if doc[k].lower_ not in ("and", "but") or k + 1 >= len(doc):
        return False
    p = doc[k + 1].lower_
    return p == subj.lower_ and p in OWN_PRONOUNS or subj.pos_ == "PROPN" and p in ("he", "she")


def _tail_after_frame(doc: "Doc", verb: "Token", subj: "Token", cues: Cues) -> tuple[int, int] | None:
    """The rest of a sentence that a frame interrupts ("The plan would help, Devine said, because
    it …"; "…, she said, and the company had …"): after the frame (its subject, the cue and their
    adverbs) and a comma, a clause or phrase opened by a conjunction, "by" or "including" goes on
    with what was said, up to the end of the sentence."""
    k = start = max(verb.i, subj.right_edge.i) + 1
    while k < min(len(doc), start + 2) and doc[k].dep_ in ("advmod", "npadvmod") and doc[k].head.i == verb.i:
        k += 1  # said Friday
    if k + 2 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ not in TAIL_STARTS:
        return None
    if _narrator_goes_on(doc, k + 1, subj):
        return None
    sent = doc[k].sent
    end = sent.end - 1
    if end <= k + 2 or any("\n" in t.text_with_ws for t in doc[k:end]):
        return None
    end = _cut_right(doc, k + 1, end, cues)
    return _token_span(doc, k + 1, end)


def _as_frame(doc: "Doc", verb: "Token", cues: Cues) -> tuple[int, int] | None:
    """The clause an "as X said" frame is set off from by a comma (As the Post reported, X …;
    X …, as she put it): the head clause without the frame."""
    head = verb.head
    lo, hi = verb.left_edge.i, verb.right_edge.i
    while hi > verb.i and doc[hi].is_punct:
        hi -= 1  # (the parse may hang the comma on the frame)
    if hi + 1 < len(doc) and hi < head.i and doc[hi + 1].text == ",":
        a, b = hi + 2, head.right_edge.i
    elif lo > 0 and lo > head.i and doc[lo - 1].text in (",", "—", "–"):
        a, b = head.left_edge.i, lo - 2
    else:
        return None
    b = _cut_right(doc, a, b, cues) if b > a else b
    while b > a and doc[b].is_punct and doc[b].text not in "”\"’":
        b -= 1
    while a < b and doc[a].is_punct and doc[a].text not in "“\"‘":
        a += 1
    if b - a < 2 or "\n" in doc[a:b + 1].text:
        return None
    return doc[a].idx, doc[b].idx + len(doc[b].text)


OBJECT_PREPS = frozenset({"about", "of", "for", "against", "as"})
FRAME_MARKS = (",", "—", "–")


def _around_frame(doc: "Doc", verb: "Token", subj: "Token", cues: "Cues") -> list[tuple[int, int]]:
    """A parenthetical frame ("Many of the closures, he said, have involved …"; "X, sources said"):
    the content is the clause the frame sits in, on both sides of the frame (one or two spans).
    The frame (the subject, the verb and what hangs on it) must be set off by a comma or dash and
    the clause it interrupts must be a verb's."""
    head = verb.head
    if head.pos_ not in ("VERB", "AUX") or subj.i > verb.i and subj.left_edge.i < verb.i:
        return []
    lo_frame = min(verb.left_edge.i, subj.left_edge.i)
    while lo_frame < verb.i and doc[lo_frame].is_punct:
        lo_frame += 1  # the comma that sets the frame off may hang on the verb
    hi_frame = max(verb.right_edge.i, subj.right_edge.i)
    left, right = head.left_edge.i, min(head.right_edge.i, head.i + MAX_CLAUSE_TOKENS)
    if lo_frame <= left and hi_frame >= right:
        return []
    if lo_frame > left and doc[lo_frame - 1].text not in FRAME_MARKS:
        return []
    spans = []
    if lo_frame > left:
        spans.append(_token_span(doc, left, lo_frame - 1))
    k = hi_frame + 1 + (hi_frame + 1 < right and doc[hi_frame + 1].is_punct)
    if hi_frame < right and not (k + 1 <= right and _narrator_goes_on(doc, k, subj)):
        spans.append(_token_span(doc, hi_frame + 1, _cut_right(doc, hi_frame + 1, right, cues)))  # (not “…,” he said, but he …)
    return [sp for sp in spans if sp is not None]


def _token_span(doc: "Doc", i: int, j: int) -> tuple[int, int] | None:
    """Char span of ``doc[i:j + 1]`` without punctuation at its edges (quote marks kept), or None
    when nothing is left."""
    while i <= j and doc[i].is_punct and doc[i].text not in "“\"‘":
        i += 1
    while j >= i and doc[j].is_punct and doc[j].text not in "”\"’":
        j -= 1
    if j < i:
        return None
    return doc[i].idx, doc[j].idx + len(doc[j].text)


def _cue_prep(verb: "Token", cues: "Cues") -> "Token | None":
    """The preposition right after ``verb`` (or its particle) that introduces what it is about
    ("referring to X", "called for X", "warned against X"), per ``prep_verbs``."""
    for c in verb.rights:
        if c.dep_ == "prep" and cues.is_prep_cue(verb, c):
            if all(verb.doc[k].dep_ in ("prt", "advmod") for k in range(verb.i + 1, c.i)):
                return c
        break
    return None


def _prep_object(doc: "Doc", verb: "Token", prep: "Token", cues: "Cues") -> tuple[int, int] | None:
    """What a cue's preposition introduces, without the preposition, with the rest of the verb's
    complements (called for X to release Y)."""
    span = _complement_after(doc, verb, cues)
    if span is None or prep.i + 1 >= len(doc):
        return None
    after = doc[prep.i + 1]
    return (max(span[0], after.idx), span[1]) if after.idx < span[1] else None


def _to_infinitive(verb: "Token") -> "Token | None":
    """The "to"-infinitive complement of ``verb`` (plans to run; is expected to act), or None."""
    for c in verb.rights:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and \
                any(g.dep_ == "aux" and g.lower_ == "to" and g.i < c.i for g in c.children):
            return c
    return None


def _expected_to(doc: "Doc", verb: "Token", subj: "Token", inf: "Token", cues: "Cues") -> Candidate | None:
    """A passive verb of expectation or a raising verb with an infinitive ("The Fed is expected
    to act", "Investors seem to agree"): an attribution with no named source whose content is
    the subject and the infinitive."""
    span = _complement_after(doc, verb, cues, keep_to=True)
    if span is None or subj.i > verb.i or subj.lower_ in ("it", "there"):
        return None
    start = subj.left_edge.idx
    if any("\n" in t.text_with_ws for t in doc[subj.left_edge.i:verb.i]):
        return None  # (doc.text would rebuild the whole text)
    return Candidate("indirect", [(start, span[1])], (verb.idx, verb.idx + len(verb.text)))


def _object_complement(doc: "Doc", verb: "Token", cues: "Cues") -> tuple[int, int] | None:
    """What a verb of stance is about: its object, infinitive or prepositional object (endorsed
    Sanders; wants to lose; talked about the economy)."""
    kids = [c for c in verb.rights if c.dep_ in ("dobj", "xcomp", "oprd") or
            c.dep_ == "prep" and c.lower_ in OBJECT_PREPS and c.i == verb.i + 1]
    if not kids:
        return None
    if sum(c.right_edge.i - c.left_edge.i + 1 for c in kids) < 2:
        return None
    return _complement_after(doc, verb, cues)


def _noun_clause(doc: "Doc", noun: "Token") -> Candidate | None:
    """A cue noun with a that-clause and a possessor or a verb subject: "Trump's claim that …"."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and
                   any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if clause is None:
        return None
    src = next((c for c in noun.children if c.dep_ == "poss"), None)
    if src is None and noun.dep_ in ("dobj",):
        src = _subject(noun.head)
    if src is None or src.pos_ == "PRON" and src.lower_ in ("its", "it"):
        return None
    return Candidate("indirect", [_content_of_clause(doc, clause, noun)],
                     (noun.idx, noun.idx + len(noun.text)), _speaker_span(src), src.i)


def _noun_prep(doc: "Doc", noun: "Token", cues: Cues) -> Candidate | None:
    """A noun of stance with its preposition or infinitive ("Trump’s criticism of the deal", "his
    refusal to testify", per ``prep_nouns``) and a source: its possessor, or the subject of the
    verb it is the object of ("Sanders expressed support for the union"). The preposition's
    object (or the infinitive) is the content."""
    allowed = cues.prep_nouns.get(noun.lemma_.lower(), frozenset())
    comp = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in allowed or
                 c.dep_ == "acl" and "to" in allowed and c.pos_ == "VERB" and
                 any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
    if comp is None:
        return None
    src = next((c for c in noun.children if c.dep_ == "poss"), None)
    if src is None and noun.dep_ == "dobj":
        src = _subject(noun.head)
    if src is None or src.lower_ in ("its", "it", "their", "they") and src.dep_ != "nsubj":
        return None
    if comp.dep_ == "prep":
        obj = next((g for g in comp.children if g.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        span = _token_span(doc, obj.left_edge.i, min(obj.right_edge.i, obj.i + MAX_CLAUSE_TOKENS))
    else:
        span = _token_span(doc, comp.left_edge.i, min(comp.right_edge.i, comp.i + MAX_CLAUSE_TOKENS))
    if span is None:
        return None
    return Candidate("indirect", [span], (noun.idx, noun.idx + len(noun.text)), _speaker_span(src), src.i)


def _according_to(doc: "Doc", t: "Token", cues: Cues) -> Candidate | None:
    """"according to X": X is the source, the rest of the sentence the content."""
    for phrase in cues.phrases:
        n = len(phrase)
        if t.i + n > len(doc) or tuple(w.lower_ for w in doc[t.i:t.i + n]) != phrase:
            continue
        last = doc[t.i + n - 1]
        src = next((c for c in last.children if c.dep_ == "pobj"), None)
        if src is None and t.i + n < len(doc):
            src = doc[t.i + n]
            while src.head.i > src.i and src.head.i < t.i + n + 6 and src.head.pos_ in ("NOUN", "PROPN"):
                src = src.head
        if src is None or src.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        sent = t.sent
        frame_lo = t.i
        frame_hi = max(src.right_edge.i, t.i + n - 1)
        lo_bound, hi_bound = sent.start, sent.end
        head = t.head
        if head.pos_ in ("VERB", "AUX") and head.i != t.i and sent.start <= head.i < sent.end:
            # the clause "according to" modifies, up to a coordinated clause (…, but …); after
            # coordinated clauses, all of them (X received 37 %, Y 36 % and Z snagged 13 %, according to …)
            first = head
            while t.i > head.i and first.dep_ == "conj" and first.head.i < first.i and first.head.pos_ in ("VERB", "AUX"):
                first = first.head
            lo_bound, hi_bound = max(lo_bound, first.left_edge.i), min(hi_bound, head.right_edge.i + 1)
            for c in head.rights:
                if c.dep_ == "conj" and c.i > frame_hi:
                    k = c.left_edge.i
                    while k > frame_hi + 1 and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct):
                        k -= 1
                    hi_bound = min(hi_bound, k)
                    break
        before = (lo_bound, frame_lo)
        after = (frame_hi + 1, hi_bound)
        lo, hi = max((before, after), key=lambda p: p[1] - p[0])
        spans: list[tuple[int, int]] = []
        if before[1] - before[0] >= 3 and after[1] - after[0] >= 3 and doc[frame_lo - 1].text == "," \
                and frame_hi + 1 < len(doc) and doc[frame_hi + 1].text == ",":
            # His criticism, according to X, was …: the content runs on both sides of the frame
            spans = [sp for a, b in (before, after) if (sp := _token_span(doc, a, b - 1)) is not None]
        app = next((c for c in src.rights if c.dep_ == "appos" and doc[c.left_edge.i - 1].text == ","), None)
        last_word = sent.end - 1
        while last_word > t.i and (doc[last_word].is_punct or doc[last_word].is_space):
            last_word -= 1
        if hi - lo < 3 and app is not None and app.right_edge.i >= last_word and app.left_edge.i > src.i + 1:
            lo, hi = app.left_edge.i, hi_bound  # According to X, the move reeks of “fear”: the parse hung the content on X
            frame_hi = app.left_edge.i - 2
        if hi - lo < 3:
            return None
        while lo < hi and (doc[lo].is_punct and doc[lo].text not in "“\"‘" or doc[lo].lower_ in ("that",)):
            lo += 1
        while hi > lo and doc[hi - 1].is_punct and doc[hi - 1].text not in "”\"’":
            hi -= 1
        if hi <= lo and len(spans) < 2:
            return None
        cue = (t.idx, last.idx + len(last.text))
        src_end = src.right_edge if src.right_edge.i < sent.end else src
        if src_end.i > frame_hi:
            src_end = doc[frame_hi]
        while src_end.i > src.i and src_end.is_punct:
            src_end = doc[src_end.i - 1]
        if len(spans) < 2:
            spans = [(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))]
        return Candidate("indirect", spans, cue, (src.left_edge.idx, src_end.idx + len(src_end.text)), src.i)
    return None


_HEADLINE = re.compile(r"[^\S\n]*([A-Z][^:\n]{0,60}?):[^\S\n]+(\S[^\n]*?)[^\S\n]*$", re.M)
HEADLINE_MAX_WORDS = 25
_SENTENCE_BREAK = re.compile(r"[.!?][”’\"']?\s+\S")  # a headline is one sentence


def headline_attributions(doc: "Doc", toks: "_Tokens", cues: Cues) -> list[Candidate]:
    """Headlines of the form "Source: what they said" ("Obama: I’m Optimistic Americans Will Say
    No"): a line of one sentence and at most 25 words, not ending in a period, whose part before the colon is at
    most six words ending in a name or noun (not a label such as "The Latest") and whose part
    after it is at least three words. The part after the colon is the content, the part before
    it the speaker."""
    text = toks.text
    out: list[Candidate] = []
    for m in _HEADLINE.finditer(text):
        left, right = m.group(1), m.group(2)
        if len(left.split()) > 6 or len(right.split()) < 3 or len(m.group(0).split()) > HEADLINE_MAX_WORDS:
            continue
        if right.endswith(".") or _SENTENCE_BREAK.search(right) or left.lower().strip() in cues.headline_labels:
            continue
        k = toks.at(m.end(1)) - 1
        if k < 0 or doc[k].pos_ not in ("PROPN", "NOUN") or doc[k].ent_type_ in ("DATE", "TIME"):
            continue
        kind = "direct" if right[:1] in "“\"‘'" else "indirect"
        colon = m.end(1)
        out.append(Candidate(kind, [(m.start(2), m.end(2))], (colon, colon + 1), (m.start(1), m.end(1)), k))
    return out


# ---------------------------------------------------------------------------------------------
# Quotations.


_Tokens = DocContext  # the quotes code's name for the per-document context


def _frame_after(doc: "Doc", toks: _Tokens, r: QuoteRegion, limit: int, cues: Cues):
    """The cue and speaker of “…,” Wang said / “…,” said Wang (tokens after the closing mark)."""
    if r.close_at is None:
        return None
    text = toks.text
    inner_end = text[r.start:r.end].rstrip().rstrip("'’\"”").rstrip()  # “…, ‘Meh.’” ends a nested quote
    i = toks.at(r.after_close)
    if i >= len(doc) or doc[i].idx >= limit:
        return None
    first = doc[i]
    ended_open = inner_end[-1:] in (",", "?", "!", "—", "-") or first.text in (",", "—", "–", "-")
    if inner_end[-1:] == "." and first.text[:1].islower():
        ended_open = True  # “…. ” he said: a period typed for a comma
    if not ended_open and inner_end[-1:].isalnum() and _bare_speech_frame(doc, i, cues):
        ended_open = True  # “… of niches” Grubbs said.: the comma left out
    if not ended_open:
        return None
    if inner_end[-1:] in ("?", "!") and first.is_title and first.text != "I" and \
            first.pos_ in ("DET", "PRON", "ADP", "ADV", "SCONJ", "CCONJ"):
        return None  # “…?” Her critics cited it …: the next sentence, not a frame
    if first.text in (",", "—", "–", "-"):
        i += 1
    if (long := _long_subject_frame(doc, i, limit, cues)) is not None:
        return long
    for j in range(i, min(len(doc), i + RIGHT_FRAME_MAX)):
        t = doc[j]
        if t.idx >= limit or t.text in END_PUNCT or t.text in ("“", '"') or "\n" in t.text:
            return None
        if t.pos_ == "SCONJ" or t.pos_ == "CCONJ" and (j == i or t.head.pos_ in ("VERB", "AUX")):
            return None  # “…,” but he also warned …: a new clause, not the quotation's frame
        if cues.is_speech_verb(t):
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and i <= c.i < t.i), None)
            subj = subj or _subject(t)
            if subj is None or subj.i < i:
                subj = _noun_between(doc, i, t.i) if t.i > i else None  # the parse lost it: “…,” Chief Jordan said
            stop = toks.at(limit) if limit < len(text) else len(doc)
            if subj is None:
                subj = _inverted_subject(t, stop) or _noun_after(doc, t, stop)
            if subj is None:
                return None
            return t, subj
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "acl", "relcl") and not _in_modifier(t, i) \
                and not (t.is_title and j < i + 3):  # “…,” Trump senior adviser Paul Manafort …: a name tagged as a verb
            return _frame_verb(doc, i, t)
    return None


def _bare_speech_frame(doc: "Doc", i: int, cues: Cues) -> bool:
    """Tokens from ``i`` read "said Name" or "Name said" (a name or pronoun of up to three words
    before a speech verb) and end there, at a comma or the sentence's end: the frame of a
    quotation whose comma was left out (“… of niches” Grubbs said.)."""
    j = i
    while j < len(doc) and j - i < 3 and doc[j].pos_ in ("PROPN", "PRON") and doc[j].text[:1].isupper():
        j += 1
    if j >= len(doc) or not cues.is_speech_verb(doc[j]) or doc[j].tag_ not in ("VBD", "VBZ"):
        return False
    if j == i:  # said Nick Merrill, …
        return j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN"
    return j + 1 >= len(doc) or doc[j + 1].text in (".", ",", ";") or doc[j + 1].pos_ == "ADP"


LONG_FRAME_MAX = 60  # tokens of a frame whose subject carries a long apposition


def _long_subject_frame(doc: "Doc", i: int, limit: int, cues: Cues):
    """“…,” Leonard Burman, director of a tax centre and a professor at Syracuse, said of the
    plan: a frame after the quotation whose subject, with an apposition too long for the usual
    window, starts right after the closing mark. The cue and subject, or None."""
    while i < len(doc) and doc[i].is_punct and doc[i].idx < limit:
        i += 1  # the rest of a closing mark typed as two apostrophes
    if i >= len(doc) or doc[i].pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PRON"):
        return None
    for j in range(i + 1, min(len(doc), i + LONG_FRAME_MAX)):
        t = doc[j]
        if t.idx >= limit or t.text in END_PUNCT or t.text in ("“", "”", '"') or "\n" in t.text:
            return None
        if cues.is_speech_verb(t):
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < t.i), None)
            le = subj.left_edge.i if subj is not None else -1
            while 0 <= le < i and doc[le].is_punct:
                le += 1  # the closing mark may hang on the subject
            if le == i:
                return t, subj  # (a cue inside the apposition, "who was polled", is passed over)
    return None


def _in_modifier(t: "Token", i: int) -> bool:
    """``t`` lies in a relative clause or apposition of the frame's subject (“…,” Paris, who used
    to work on Capitol Hill, said)."""
    a = t
    for _ in range(6):
        if a.dep_ in ("relcl", "acl", "appos"):
            return a.head.i >= i
        if a.head.i == a.i or a.head.i < i:
            return False
        a = a.head
    return False


def _noun_after(doc: "Doc", verb: "Token", stop: int) -> "Token | None":
    """The noun right after an inverted cue whose subject the parse hung elsewhere (“…,” said
    retired surgeon Ben Carson, asked about …): the last noun of the first run of nouns."""
    last = None
    for j in range(verb.i + 1, min(stop, verb.i + 8)):
        t = doc[j]
        if t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in ("DATE", "TIME"):
            last = t
        elif last is not None or t.pos_ not in ("DET", "ADJ", "VERB") or t.dep_ not in ("det", "amod", "compound"):
            break
    return last


def _frame_verb(doc: "Doc", i: int, t: "Token"):
    """A verb outside the lexicon that is the whole frame after a quotation, ending the sentence
    (“…!” some protesters chanted. / “…,” remembered Roy Verley, a former spokesman.): the
    quotation is what the subject said."""
    if t.dep_ != "ROOT" or t.tag_ not in ("VBD", "VBZ"):
        return None
    subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
    if subj is None and t.i == i and not any(c.dep_ in ("ccomp", "xcomp") for c in t.rights) and \
            (t.right_edge.text in END_PUNCT or t.right_edge.i + 1 < len(doc) and doc[t.right_edge.i + 1].text in END_PUNCT):
        # “…,” exhorted her introducer, actress Jamie Lee Curtis.: inverted, the name parsed as object
        subj = next((c for c in t.rights if c.dep_ in ("dobj", "attr", "npadvmod", "appos")
                     and c.pos_ in ("PROPN", "NOUN")), None)
        return (t, subj) if subj is not None else None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "dative") for c in t.rights):
        return None  # “…,” Wang told reporters / made clear: an object, not a frame alone
    if subj is None or not (i <= subj.i) or subj.pos_ not in ("PROPN", "NOUN", "PRON") or subj.lower_ in ("it", "this", "that"):
        return None
    return t, subj


def _noun_between(doc: "Doc", i: int, k: int) -> "Token | None":
    """The last noun of the first noun phrase in tokens ``i``..``k`` (a frame's subject the parse
    missed: “…,” Tulsa police Chief Chuck Jordan said)."""
    last = None
    for j in range(i, k):
        t = doc[j]
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            last = t
        elif last is not None:
            break
    return last


def _frame_before(doc: "Doc", toks: _Tokens, r: QuoteRegion, lower: int, cues: Cues):
    """The cue and speaker of Wang said: “…” / Wang said, “…” (tokens before the opening mark)."""
    j = toks.at(r.open_at) - 1
    while j >= 1 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1  # Kasich resisted:  “…” (two spaces)
    if j < 0:
        return None
    if j >= 1 and doc[j].is_space and "\n" in doc[j].text and doc[j - 1].text == ":":
        j -= 1  # Philip Bump writes:¶“…”: the frame closes the paragraph before
        lower = _para_start(toks.text, doc[j].idx)
    last = doc[j]
    if last.lower_ == "that" and _quote_ends_sentence(toks.text, r):
        j -= 1  # Cruz said (instead) that “…”: the quotation is the whole reported clause
        while j >= 0 and doc[j].pos_ == "ADV":
            j -= 1
        if j < 0 or not cues.is_speech_verb(doc[j]):
            return None
    elif last.text not in (":", ","):
        # Wang said “…” with no colon: a frame only when the quotation ends the sentence;
        # otherwise the quoted words are a fragment of the reported clause (a mixed quote)
        if not cues.is_speech_verb(last) or not _quote_ends_sentence(toks.text, r):
            return None
    colon_verb = None
    for k in range(j, max(-1, j - LEFT_FRAME_MAX), -1):
        t = doc[k]
        if t.idx < lower or (t.text in END_PUNCT and k != j) or "\n" in t.text:
            break
        if cues.is_speech_verb(t):
            subj = _outer_subject(t, cues) or _subject(t) or _frame_noun(doc, t, lower) or _nearest_subject(doc, t, lower)
            if subj is None:
                return None
            return _own_stance_report(t, subj, cues)  # Lynch said she recalled thinking, “…”: Lynch said
        if colon_verb is None and t.pos_ == "VERB" and (t.dep_ in ("ROOT", "conj", "ccomp", "parataxis") or
                                                      t.dep_ == "advcl" and _marked_as(t)):
            colon_verb = t
    if colon_verb is not None and (last.text == ":" or last.text == "," and (
            _marked_as(colon_verb) or colon_verb.dep_ in ("ROOT", "ccomp", "conj")
            and all(doc[k].dep_ in ("prt", "advmod") for k in range(colon_verb.i + 1, j))
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i < j for c in colon_verb.children))):
        # Kasich resisted: “…” / X delivered a blunt message: “…” / As X put it, “…” / X shot
        # back, “…”: the clause handed over to the quotation names who speaks
        subj = _subject(colon_verb)
        if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and subj.lower_ not in NOT_SPEAKERS:
            return colon_verb, subj
    return None


def _marked_as(verb: "Token") -> bool:
    """The clause of ``verb`` opens with "as" (As Milbank puts it, …)."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _nearest_subject(doc: "Doc", cue: "Token", lower: int) -> "Token | None":
    """The nearest subject before a cue in its sentence, when the parse hung it on another verb
    (Clinton, exasperated, responded: “…”)."""
    for k in range(cue.i - 1, max(-1, cue.i - LEFT_FRAME_MAX), -1):
        t = doc[k]
        if t.idx < lower or t.text in END_PUNCT or "\n" in t.text:
            return None
        if t.dep_ == "nsubj" and t.pos_ in ("PROPN", "NOUN", "PRON") and t.lower_ not in NOT_SPEAKERS:
            return t
    return None


NOT_SPEAKERS = frozenset({"it", "this", "that", "there", "what", "which", "these", "those", "here"})


def _frame_noun(doc: "Doc", cue: "Token", lower: int) -> "Token | None":
    """The first noun of the clause before a cue whose subject the parse lost ("…, a White House
    official who spoke anonymously said, “…”"): the head of the first noun phrase after the last
    comma or sentence start before the cue."""
    k = cue.i - 1
    while k > 0 and doc[k - 1].idx >= lower and doc[k - 1].text not in (",", ";", ":") and not doc[k - 1].is_sent_end \
            and cue.i - k < LEFT_FRAME_MAX:
        k -= 1
    for j in range(k, cue.i):
        t = doc[j]
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "poss", "amod"):
            return t
    return None


def _quote_ends_sentence(text: str, r: QuoteRegion) -> bool:
    """Only punctuation follows the closing mark up to the end of the paragraph or sentence."""
    if r.close_at is None:
        return True
    k = r.after_close
    while k < len(text) and text[k] in " \t.!?”\"’)":
        k += 1
    return k >= len(text) or text[k] == "\n" or text[k - 1] in ".!?" or text[r.end - 1] in ".!?" and text[k].isupper()


def _introduced_by(doc: "Doc", toks: _Tokens, r: QuoteRegion, cues: Cues):
    """The cue and subject of the sentence right before a free-standing quotation, when that
    sentence says who speaks ("Sanders wrote in a fundraising email on Tuesday.¶“…”")."""
    k = toks.at(r.open_at)
    if k <= 0:
        return None
    start = doc[k].sent.start if doc[k].sent.start < k else k
    j = start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or doc[j].text not in (".", ":"):
        return None
    sent = doc[j].sent
    if j - sent.start > 40 or any(t.text in ("“", "”", '"') for t in sent):
        return None
    for t in sent:
        if cues.is_speech_verb(t) and t.dep_ == "ROOT" and not any(c.dep_ == "neg" for c in t.children):
            subj = _subject(t)
            if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and subj.lower_ not in ("it", "this", "that"):
                return t, subj
    return None


def _governing_cue(doc: "Doc", toks: _Tokens, r: QuoteRegion, cues: Cues) -> "Token | None":
    """A cue verb that governs a quoted fragment: accused X of casting “serious doubt”."""
    a, b = toks.at(r.start), toks.at(max(r.start, r.end - 1))
    head = None
    for k in range(a, min(b + 1, a + 40)):
        t = doc[k]
        if not (a <= t.head.i <= b):
            head = t
            break
    if head is None:
        return None
    t = head.head
    for _ in range(8):
        if cues.is_clause_verb(t) and t.i < a:
            return t
        if t.head.i == t.i:
            break
        t = t.head
    return None


def _is_utterance(text: str, r: QuoteRegion) -> bool:
    """A quoted sentence rather than a term: double marks, a capital first letter, not every word
    capitalised (a title), and either end punctuation inside the marks or at least five words
    (“This is fantastic!”)."""
    inner = text[r.start:r.end]
    if r.single or not inner[:1].isupper() or _is_title(text, r):
        return False
    ws = inner.rstrip(",.!?;:…”\"’ ").replace(",", " ").split()
    if len(ws) > 1 and sum(inner.count(c) for c in "!?") >= 2:
        return True  # a chant or a run of exclamations (“U-S-A! U-S-A!”), capitals and all
    if all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in ws):
        return False  # the podcast “So, That Happened.”: a title with its sentence's period
    return inner.rstrip(",”\"’ ")[-1:] in ("!", "?", ".", "…") or len(inner.split()) >= 5


def _uncued_utterance(doc: "Doc", toks: _Tokens, r: QuoteRegion) -> Candidate:
    """A quoted sentence inside a sentence whose verb is not a cue of the lexicon (the crowd
    chanted “…”, Trump beamed “…”): a direct quote, its speaker the subject of the verb the
    quotation hangs on when that subject is a name, a noun or a personal pronoun, else none."""
    cand = Candidate("direct", [(r.start, r.end)], regions=[r])
    a, b = toks.at(r.start), toks.at(max(r.start, r.end - 1))
    t = doc[a]
    for _ in range(8):
        if not (a <= t.head.i <= b) or t.head.i == t.i:
            break
        t = t.head
    verb = t.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    subj = _subject(verb) if verb.pos_ in ("VERB", "AUX") and verb.i < a else None
    if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and \
            subj.lower_ not in ("it", "this", "that", "there", "which"):
        cand.cue = (verb.idx, verb.idx + len(verb.text))
        cand.speaker, cand.speaker_head = _speaker_span(subj), subj.i
    return cand


def _starts_sentence(doc: "Doc", toks: _Tokens, r: QuoteRegion, lower: int) -> bool:
    """The quotation opens its sentence: only punctuation or a closed quotation lies before it."""
    text = toks.text
    k = r.open_at - 1
    while k >= lower and text[k].isspace():
        k -= 1
    return k < lower or text[k] in ".!?:\n”\"“" or text[k] == "’"


def _is_fragment(text: str, r: QuoteRegion) -> bool:
    """Three words or fewer, or not starting with a capital: a fragment, not a sentence."""
    inner = text[r.start:r.end]
    return len(inner.split()) <= 3 or not inner[:1].isupper()


_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"})


def _is_title(text: str, r: QuoteRegion) -> bool:
    """A short title-cased name without end punctuation (“Morning Joe”, “The 40-Year-Old Virgin”):
    a title of a work or a slogan, not a quotation."""
    inner = text[r.start:r.end]
    ws = inner.split()
    if not ws or len(ws) > 6 or inner[-1:] in ",.!?;:…":
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in ws) and ws[0][:1].isupper()


SPEAKER_NOT = frozenset({"it", "this", "that", "there", "which", "what", "who"})


def _displayed(doc: "Doc", toks: _Tokens, r: QuoteRegion, cues: Cues) -> Candidate | None:
    """Words a sign or a crowd displays, right after the word that shows them (a hat reading
    “Keep Ohio Blue” on Tuesday; signs that read “Stop the Tax”; chanting “No deal” after …;
    with chants of “We want more”): a direct quote of just those words, slogan or title-cased
    or not, its cue that word. The speaker is the subject of the verb the words hang on, else of
    the verb above the cue (whoever chants, or wears or holds what reads), never a sign or a
    chant. (Words from the lexicon: display_verbs, display_nouns, sign_nouns.)"""
    shows, chants = cues.display_verbs, cues.display_nouns

    def lemma(t: "Token") -> str:
        return t.lemma_.lower()

    def not_speaker(t: "Token") -> bool:
        return lemma(t) in chants or lemma(t) in cues.sign_nouns
    k = toks.at(r.open_at) - 1
    while k >= 0 and (doc[k].is_space or doc[k].text == ","):
        k -= 1
    if k < 1 or doc[k].idx + len(doc[k].text) > r.open_at or "\n" in toks.text[doc[k].idx:r.open_at]:
        return None
    t, w = doc[k], doc[k - 1]
    if t.lower_ == "of" and lemma(w) in chants:
        cue = w  # (responded) with chants of “…”
    elif lemma(t) in shows and lemma(t) in chants and t.pos_ != "ADJ":
        cue = t  # chanting “…”; the crowd chanted “…”
    elif lemma(t) in shows and (w.lower_ in ("that", "which") or t.tag_ == "VBG"
                                and w.pos_ in ("NOUN", "PROPN") and w.ent_type_ != "PERSON"):
        cue = t  # a hat reading “…”; signs that read “…” (not someone reading a book)
    else:
        return None
    cand = _uncued_utterance(doc, toks, r)  # its speaker: the subject of the verb the words hang on …
    cand.cue = (cue.idx, cue.idx + len(cue.text))
    if cand.speaker_head is not None and cand.speaker_head < cue.i and not not_speaker(doc[cand.speaker_head]):
        return cand
    cand.speaker = cand.speaker_head = None
    verb = cue
    signs = lemma(cue) in shows and lemma(cue) not in chants  # (read: a sign's words; chant: a crowd's)
    if lemma(cue) in shows and not signs and cue.dep_ == "acl" and cue.head.pos_ in ("NOUN", "PROPN") \
            and cue.head.i < cue.i:
        subj = cue.head  # protesters chanting “…”
    else:
        if signs:
            verb = cue.head.head if cue.dep_ in ("acl", "relcl") else cue  # wore a hat reading “…”: the wearer
        for _ in range(3):  # … or of the verb above the chant or the sign (responded with chants of “…”)
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        reads = verb.i == cue.i and signs  # (One message read “…”: no one speaks)
        subj = _subject(verb) if verb.pos_ in ("VERB", "AUX") and not reads else None
    if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and subj.lower_ not in SPEAKER_NOT \
            and subj.i < cue.i and not not_speaker(subj):
        cand.speaker, cand.speaker_head = _speaker_span(subj), subj.i
    return cand


def _named_work(doc: "Doc", toks: _Tokens, r: QuoteRegion) -> bool:
    """A short title-cased name quoted after a preposition (not "as"), a possessive or a noun, with the
    comma or period of its sentence inside the marks (said Sunday on NBC’s “Meet the Press.”;
    In an interview with “Fox and Friends,” Trump said …; the podcast “Here’s the Thing.”): the
    name of a show, a book or a film, not words said."""
    text = toks.text
    inner = text[r.start:r.end].rstrip()
    if r.single or inner[-1:] not in (",", ".") or inner[-2:-1] in (".", ",") or "!" in inner or "?" in inner:
        return False
    ws = inner[:-1].split()
    if not ws or len(ws) > 6 or not ws[0][:1].isupper() or \
            not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in ws):
        return False
    k = toks.at(r.open_at) - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or "\n" in text[doc[k].idx:r.open_at]:
        return False
    t = doc[k]
    # (not after "as": refers to him as “Mr. Trump,” quotes a name used as a label)
    return t.tag_ == "POS" or t.pos_ == "ADP" and t.lower_ != "as" or t.pos_ in ("NOUN", "PROPN") and t.dep_ != "ROOT"


# ---------------------------------------------------------------------------------------------


def _resolve(text: str, cand: Candidate, resolver, last_entity) -> tuple["Entity | None", Span | None]:
    if cand.speaker is None:
        return None, None
    s, e = cand.speaker
    s, e = _trim(text, s, e)
    if e <= s:
        return None, None
    ref = cand.speaker_ref or (s, e)
    ent = resolver.resolve(ref[0], ref[1], cand.start, last_entity, (cand.start, cand.end))
    return ent, Span.of(text, s, e)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _attach_regions(doc: "Doc", toks: _Tokens, regions: list[QuoteRegion], clauses: list[Candidate],
                    cues: Cues) -> list[Candidate]:
    """Turn quoted regions into direct or mixed candidates (see the module docstring)."""
    text = toks.text
    by_start = sorted(clauses, key=lambda c: c.start)
    clause_starts = [c.start for c in by_start]
    out: list[Candidate] = []
    prev: Candidate | None = None
    prev_para = -10
    for n, r in enumerate(regions):
        before_r = regions[n - 1] if n and regions[n - 1].paragraph == r.paragraph else None
        after_r = regions[n + 1] if n + 1 < len(regions) and regions[n + 1].paragraph == r.paragraph else None
        lower = before_r.after_close if before_r is not None and before_r.close_at is not None else _para_start(text, r.open_at)
        upper = after_r.open_at if after_r is not None else _para_end(text, r.end)
        if r.single and _is_fragment(text, r):
            continue
        if (signed := _dash_signature(text, r) or _speaker_label(doc, toks, r)) is not None:
            start = signed[0][1] if r.start <= signed[0][0] < r.end else r.start  # “SMITH: …”: after the label
            start = _trim(text, start, r.end)[0]
            cand = Candidate("direct", [(start, r.end)], signed[0], signed[1], regions=[r])
            out.append(cand)
            prev, prev_para = cand, r.paragraph
            continue
        if (shown := _displayed(doc, toks, r, cues)) is not None:
            out.append(shown)  # a hat reading “Keep Ohio Blue”: the sign's words, not a mixed report
            prev, prev_para = None, r.paragraph  # (never continued by the next quotation)
            continue
        if _named_work(doc, toks, r):
            continue  # said Sunday on NBC’s “Meet the Press.”: a show's name, not words said
        after = _frame_after(doc, toks, r, upper, cues)
        before = _frame_before(doc, toks, r, lower, cues) if after is None else None
        host = _host_clause(doc, toks, by_start, clause_starts, r)
        if host is not None and before is not None and _reports_into(text, host, r, before[0]):
            before = None  # Ryan said it’s unrealistic to think that, “our oceans …”: the clause is the content
        elif host is not None and before is not None and _fragment_in_report(text, host, r, before[0]):
            before = None  # Trump said Fox executives were calling “every 15 minutes.”: Trump's report
        if host is not None and after is None and before is None:
            _make_mixed(host, r)  # a fragment inside a reported clause: the clause is a mixed quote
            prev, prev_para = host, r.paragraph
            continue
        if _is_title(text, r):
            continue
        if after is not None or before is not None:
            cand = _framed(text, r, *(after or before))
            cand.colon_frame = after is not None and text[:r.open_at].rstrip().endswith(":") \
                and _frame_before(doc, toks, r, lower, cues) is not None
            if after is not None and (lead := _sentence_lead(doc, toks, r, lower)) is not None:
                cand.kind, cand.content = "mixed", [(lead, r.end)]  # America needs leaders “who …,” Clinton said
            elif before is not None and (lead := _clause_lead(doc, toks, r, before[0])) is not None:
                cand.kind, cand.content = "mixed", [(lead, r.end)]  # said that if she won, “she would sign it”
        elif _starts_sentence(doc, toks, r, lower) and text[r.start:r.start + 1].isupper():
            cand = _free_standing(doc, toks, r, cues, prev if prev is not None and r.paragraph - prev_para <= 1 else None)
        elif (acc := _according_before(text, by_start, clause_starts, r)) is not None:
            cand = Candidate("direct", [(r.start, r.end)], acc.cue, acc.speaker, acc.speaker_head, [r])
        else:
            cand = _governed_fragment(doc, toks, r, cues)
            if cand is None and _continues_quote(prev, r):
                prev.content.append((r.start, r.end))  # That makes her “by definition …”
                prev.regions.append(r)
            elif cand is None and _is_utterance(text, r):
                cand = _uncued_utterance(doc, toks, r)  # the crowd chanted “USA! USA!”
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


FRAGMENT_GAP = 120  # characters between two quoted fragments of one report
_NEXT_SENTENCE = re.compile(r"[.?!][”\"'’]?\s+[A-Z“\"]")  # a sentence ends, another starts


def _join_fragments(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A mixed quote followed, in the same sentence, by a bare quoted fragment of the same cue
    (said X was “a dangerous man,” and Democrats would need to “depend on him”): one report
    quoted in pieces, so the fragment extends the quote before it (``cands`` keeps its order)."""
    mixed = sorted((c for c in cands if c.kind == "mixed" and c.cue is not None and c.content), key=lambda c: c.start)
    joined: set[int] = set()
    p = None
    for c in mixed:
        if p is not None and p.cue == c.cue and c.regions and c.content[0][0] <= c.regions[0].start + 1 \
                and p.end <= c.start and not (p.end <= c.cue[0] < c.start) and _same_sentence(text, p.end, c.start):
            p.content[-1] = (p.content[-1][0], c.content[-1][1])
            p.regions.extend(c.regions)
            joined.add(id(c))
            continue
        p = c
    return [c for c in cands if id(c) not in joined] if joined else cands


def _same_sentence(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return len(gap) <= FRAGMENT_GAP and "\n" not in gap and not _NEXT_SENTENCE.search(gap)


_DASH_SIGNATURE = re.compile(r"[^\S\n]*(?:\n\s*)?([―—–-])[^\S\n]*"
                             r"([A-Z][\w’'.-]*(?:[^\S\n]+(?:[A-Z][\w’'.-]*|de|del|van|von|la)){0,4})[.,]?[^\S\n]*(?=\n|$)")


def _dash_signature(text: str, r: QuoteRegion) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The dash and name signing a quotation at the end of its line, or alone on the next one
    (“…” ― Ana Ruiz / “…”¶- Ruiz.): the cue and speaker spans."""
    if r.close_at is None or r.single or text[_para_start(text, r.open_at):r.open_at].strip():
        return None  # the quotation must open its line: “… called him “my friend.”¶- Reuters.” is a byline
    m = _DASH_SIGNATURE.match(text, r.after_close)
    if m is None:
        return None
    a, b = _trim(text, *m.span(2))
    while b > a and text[b - 1] == ".":
        b -= 1
    return m.span(1), (a, b)


_CAPS_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")
LABEL_MAX_TOKENS = 10


def _speaker_label(doc: "Doc", toks: _Tokens, r: QuoteRegion) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A transcript's speaker label: a paragraph that opens with a name and a colon before the
    quotation (Rep. Jane Doe (D-Ore.): “…”), or a quotation that opens with a capitalised name
    and a colon (“SMITH: …”). The colon is the cue, the name the speaker."""
    text = toks.text
    m = _CAPS_LABEL.match(text, r.start)
    if m is not None and not r.single:
        return (m.end(1), m.end(1) + 1), m.span(1)
    p = _para_start(text, r.open_at)
    left = text[p:r.open_at].rstrip()
    if not left.endswith(":") or not left[:1].isupper() or r.single:
        return None
    a, b = toks.at(p), toks.at(p + len(left) - 1)
    if b - a > LABEL_MAX_TOKENS or b <= a:
        return None
    span = doc[a:b]
    if span[0].pos_ in ("ADV", "ADP", "SCONJ", "CCONJ") or any(t.text == "," for t in span) or \
            any(t.pos_ in ("VERB", "AUX", "SCONJ") and not t.text[:1].isupper() for t in span):
        return None  # a sentence or a phrase (Then, later that month on CNN: “…”), not a name
    if not any(t.ent_type_ == "PERSON" for t in span):
        return None
    return (p + len(left) - 1, p + len(left)), _trim(text, p, p + len(left) - 1)


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


def _sentence_lead(doc: "Doc", toks: _Tokens, r: QuoteRegion, lower: int) -> int | None:
    """Where the sentence starts when words of its own precede a quotation framed after it
    ("With thousands of systems, “there is no single point of failure,” he said"): the quoted
    words continue those words, and both are what was said. None when the quotation opens its
    sentence, when fewer than three tokens precede it (This “…,” said Wang), or when a quotation mark or a colon lies before it in the sentence."""
    k = toks.at(r.open_at)
    if k <= 0 or _starts_sentence(doc, toks, r, lower):
        return None
    start = max(doc[k].sent.start, toks.at(lower))
    if start >= k or any(doc[j].text in (":", ";") or doc[j].text in "“”\"" for j in range(start, k)):
        return None
    while start < k and (doc[start].is_space or doc[start].is_punct):
        start += 1
    if k - start < 3 or doc[start].tag_ in ("VBN", "VBG") or _is_title(toks.text, r):
        return None  # "Asked about …, “…,” he said", "on ABC’s “This Week,” she said": a frame, not words said
    if _opens_sentence_after_comma(doc, toks, r, k):
        return None  # "Biden weighed in, telling Mic, “But they’re both qualified,” he said": the quote is whole
    return doc[start].idx if doc[start].idx >= lower else None


def _opens_sentence_after_comma(doc: "Doc", toks: _Tokens, r: QuoteRegion, k: int) -> bool:
    """A quotation that opens with a capital (not a name) right after a comma or a dash
    (…, telling Mic, “But they’re both qualified,”): a sentence of its own, not the end of the
    narrator's words before it."""
    text = toks.text
    if not text[r.start:r.start + 1].isupper() or k + 1 >= len(doc):
        return False
    first = doc[k + 1]
    if first.pos_ == "PROPN" and first.text != "I" or first.ent_type_:
        return False
    return text[:r.open_at].rstrip()[-1:] in (",", "—", "–", "-")


def _clause_lead(doc: "Doc", toks: _Tokens, r: QuoteRegion, cue: "Token") -> int | None:
    """Where the reported clause starts when a cue before a quotation introduces it with "that"
    and words of its own ("said Friday that if she won in November, “she would sign it”"): the
    quoted words continue that clause, and both are what was said. None when no "that" follows
    the cue or fewer than three words lie between it and the quotation."""
    k = toks.at(r.open_at)
    that = next((t for t in doc[cue.i + 1:k] if t.lower_ == "that" and t.dep_ == "mark"), None)
    if that is None or that.i - cue.i > 6 or "\n" in doc[cue.i:k].text:
        return None
    words = [t for t in doc[that.i + 1:k] if not t.is_punct]
    if len(words) < 3 or any(t.text in "“”\"" for t in doc[that.i + 1:k]):
        return None
    return doc[that.i + 1].idx


def _framed(text: str, r: QuoteRegion, cue: "Token", subj: "Token") -> Candidate:
    """A quotation with its attribution frame; "said that “…”" makes it a mixed quote."""
    kind = "mixed" if text[max(0, r.open_at - 12):r.open_at].rstrip().lower().endswith("that") else "direct"
    subj = _document_author(subj) or subj
    s, e = _speaker_span(subj)
    if cue.i < subj.i and s <= cue.idx < e:
        s = cue.idx + len(cue.text)  # “…,” tweeted Rubio spokesman Alex Conant: the parse hung the cue on the name
    return Candidate(kind, [(r.start, r.end)], (cue.idx, cue.idx + len(cue.text)), (s, e), subj.i, [r])


def _free_standing(doc: "Doc", toks: _Tokens, r: QuoteRegion, cues: Cues, prev: Candidate | None) -> Candidate | None:
    """A quotation that opens a sentence with no frame: it continues the quote before it (same or
    previous paragraph), or takes the speaker of the sentence that introduces it; a short one
    with neither is dropped unless it is a sentence of its own (“This is fantastic!”)."""
    cand = Candidate("direct", [(r.start, r.end)], regions=[r])
    intro = _introduced_by(doc, toks, r, cues)
    if intro is not None and prev is not None and intro[0].idx < prev.end:
        intro = None  # the sentence before is the previous quote's: the quotation continues it
    if prev is not None and prev.speaker is not None and intro is None:
        cand.speaker, cand.speaker_head, cand.speaker_ref = prev.speaker, prev.speaker_head, prev.speaker_ref
    elif intro is not None:  # Bystrom agreed. “…”: a new speaker between the two quotations
        cue, subj = intro
        cand.cue = (cue.idx, cue.idx + len(cue.text))
        cand.speaker, cand.speaker_head = _speaker_span(subj), subj.i
    elif _is_fragment(toks.text, r) and not _is_utterance(toks.text, r):
        return None
    return cand


def _governed_fragment(doc: "Doc", toks: _Tokens, r: QuoteRegion, cues: Cues) -> Candidate | None:
    """A quoted fragment governed by a cue verb (accused X of casting “serious doubt”): a mixed
    quote whose content is the cue's complement, or None for a fragment with no cue. A fragment
    of one or two words outside the cue's complement (through this “night vision”) is a term,
    not a quote."""
    gov = _governing_cue(doc, toks, r, cues)
    subj = _subject(gov) if gov is not None else None
    if gov is None or subj is None:
        return None
    gov, subj = _own_stance_report(gov, subj, cues)
    span = _complement_after(doc, gov, cues) or (r.start, r.end)
    span = _within_paragraph(toks.text, span, gov.idx)
    if span[0] <= r.open_at and r.start < span[1] < r.end and r.close_at is not None:
        span = (span[0], r.end)  # the parse ended the complement inside the quoted words: it runs to their end
    if not (span[0] <= r.start and r.end <= span[1] + 1):
        if len(toks.text[r.start:r.end].split()) <= 2:
            return None
        span = (r.start, r.end)
    if r.close_at is not None and span[1] <= r.close_at < span[1] + 3:
        span = (span[0], r.after_close)  # … that “taxes are the answer.”: the content keeps the closing mark
    span = (_after_that(doc, toks, gov, span, r), span[1])
    return Candidate("mixed", [span], (gov.idx, gov.idx + len(gov.text)), _speaker_span(subj), subj.i, [r])


OWN_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})


def _after_that(doc: "Doc", toks: _Tokens, gov: "Token", span: tuple[int, int], r: QuoteRegion) -> int:
    """Where the content starts when the cue's complement holds words of the frame (an
    addressee, a time, a channel) before the "that" that opens the quoted clause (told one of
    his aides on a regular basis that “…”; said in a statement that “…”): after "that",
    whatever the parse hung the clause on; else ``span``'s start."""
    k = toks.at(r.open_at)
    that = next((t for t in doc[gov.i + 2:k] if t.lower_ == "that" and t.dep_ == "mark"), None)
    if that is None or that.idx < span[0] or any(ch in "“”\"" for ch in toks.text[span[0]:that.idx]) \
            or k - that.i > 1 and any(t.text in "“”\"" for t in doc[that.i:k]):
        return span[0]  # (quoted words before "that" are part of what was said)
    h = that.head.head
    while h.pos_ not in ("VERB", "AUX") and h.head.i != h.i:
        h = h.head
    if h.i != gov.i:
        return span[0]  # blasted X for failing to make clear that “…”: the "that" of another verb
    return doc[that.i + 1].idx


def _own_stance_report(gov: "Token", subj: "Token", cues: Cues) -> tuple["Token", "Token"]:
    """A quoted fragment governed by a speaker's own stance inside a report ("Trump said he wants
    “a total shutdown”"): the report is the quote, its speaker the reporter (Trump said)."""
    for _ in range(2):
        if subj.lower_ not in OWN_PRONOUNS or gov.dep_ != "ccomp" or not cues.is_clause_verb(gov.head) \
                or gov.head.i > gov.i:
            break  # (“…,” she said, “no one questions …”: a verb after the frame is the quotation's own)
        outer = _subject(gov.head)
        if outer is None or outer.lower_ in NOT_SPEAKERS or outer.lower_ in RELATIVE_PRONOUNS:
            break
        gov, subj = gov.head, outer
    return gov, subj


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


def _host_clause(doc: "Doc", toks: _Tokens, by_start: list[Candidate], starts: list[int],
                 r: QuoteRegion) -> Candidate | None:
    """The outermost reported clause that holds quotation ``r`` as a fragment (less than 80 % of it):
    in "told reporters that Trump knew and thought it was a “badge of honor”" the report is the
    whole told-clause, whose speaker is the one quoted. A clause reported with "that" (a cue
    with a clausal complement) goes before an outer object of a cue (published the results …
    by announcing that X was “true”: what was announced)."""
    k = bisect.bisect_right(starts, r.start)
    best = best_clause = None
    for c in by_start[max(0, k - HOST_WINDOW):k]:
        if r.end <= c.end + 1 and (r.end - r.start) < 0.8 * (c.end - c.start):
            if best is None or c.start < best.start:
                best = c
            if c.cue is not None and (best_clause is None or c.start < best_clause.start) and \
                    any(g.dep_ == "ccomp" for g in doc[toks.at(c.cue[0])].children):
                best_clause = c
    return best_clause or best


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


_AS_LABEL = re.compile(r"\bas(?:\s+(?:a|an|the|\w+ly))?\s*[“\"]$", re.I)
TAIL_PREPS = frozenset({"during", "after", "before", "amid"})
TAIL_DASHES = ("—", "–", "―", "--")
TAIL_MARKS = frozenset({"after", "before", "when", "while", "until", "since"})


def _tail_after_quote(doc: "Doc", toks: "_Tokens", span: tuple[int, int]) -> int:
    """The end of a mixed quote's content ``span``: any quotation ends it when a dash aside
    follows its closing mark (likened the rules to “burning the Constitution” ― a charge that
    …); a label quoted after "as" (described X as a “disgrace”) ends the content when the words
    after its closing mark are the narrator's circumstance, not what was said: a time phrase (as
    a “disgrace” Wednesday; as a “crazy system” during a campaign stop) or a time clause (as a
    “disgrace” after she attacked …)."""
    text = toks.text
    a, b = span
    marks = [m.start() for m in re.finditer("[“”\"]", text[a:b])]
    for o, k in zip(marks[::2], marks[1::2]):
        o, k = a + o, a + k
        if text[o] == "”" or text[k] == "“":
            continue
        i = toks.at(k + 1)
        while i < len(doc) and (doc[i].is_space or doc[i].idx <= k):
            i += 1
        if i >= len(doc) or doc[i].idx >= b:
            return b
        if text[k - 1] == "," and k + 1 == max(m.end() for m in re.finditer("[“”\"]", text[a:b])) + a:
            j = i
            while j < len(doc) and doc[j].pos_ == "ADV":
                j += 1
            if j < len(doc) and doc[j].tag_ == "VBG" and doc[j].idx < b:
                return k + 1  # Kelly was “incognito,” sparking a firestorm …: the narrator's aside
        t = doc[i]
        if t.text in TAIL_DASHES or t.text == "-" and t.whitespace_ and text[t.idx - 1:t.idx].isspace():
            return k + 1  # likened the rules to “burning the Constitution” ― a charge that …: an aside
        if not _AS_LABEL.search(text, a, o + 1):
            continue
        if t.lower_ in TAIL_PREPS and t.dep_ == "prep" \
                or t.ent_type_ in ("DATE", "TIME") and t.dep_ == "npadvmod" \
                or t.dep_ == "mark" and t.lower_ in TAIL_MARKS and t.head.dep_ == "advcl":
            return k + 1
    return b


QUOTED_MODIFIER_DETS = frozenset({"a", "an", "the", "this", "its", "his", "her", "their", "our"})


def _noun_after_quote(doc: "Doc", toks: "_Tokens", span: tuple[int, int]) -> int:
    """The end of a mixed quote's content ``span`` that stops at the closing mark of quoted
    words modifying the noun after them (as a “use it or lose it” approach to voting): the noun
    phrase runs on to the noun and what follows it up to punctuation; a content never ends
    inside a noun phrase it quotes from."""
    text = toks.text
    a, b = span
    if b < 2 or text[b - 1] not in "”\"":
        return b
    o = max(text.rfind("“", a, b - 1), text.rfind('"', a, b - 1))
    if o < a:
        return b
    k = toks.at(o)
    if k == 0 or doc[k - 1].lower_ not in QUOTED_MODIFIER_DETS or doc[k - 1].idx < a:
        return b
    i = toks.at(b)
    if i <= k or i >= len(doc) or doc[i].idx < b or doc[i].idx - b > 1 or doc[i].pos_ != "NOUN":
        return b
    j = i
    while j + 1 < len(doc) and not doc[j + 1].is_punct and not doc[j + 1].is_space \
            and doc[j + 1].pos_ in ("NOUN", "ADP", "DET", "ADJ", "PROPN", "NUM") and j - i < 6:
        j += 1
    return doc[j].idx + len(doc[j].text)


ASIDE_OPENERS = frozenset({"a", "an", "which", "where", "while", "as", "before", "having"})


def _aside_after_quote(doc: "Doc", toks: "_Tokens", span: tuple[int, int]) -> int:
    """The end of a mixed quote's content ``span`` when, after its last closing mark, a comma or
    a dash opens the narrator's aside: an appositive on the report (had been “rigged” against
    him, a charge that …), a relative or time clause (would “take a look” at it, which …;
    — while …; -- having …). Else ``span``'s end."""
    text = toks.text
    a, b = span
    k = max(text.rfind("”", a, b), text.rfind('"', a, b))
    if k < 0 or not re.search("[“\"]", text[a:k]):
        return b  # (no quotation closes in the content: a stray mark)
    i = toks.at(k + 1)
    while i + 1 < len(doc) and doc[i].idx < b:
        t = doc[i]
        if t.idx > k and (t.text == "," or t.text in TAIL_DASHES or t.text == "-" and t.whitespace_):
            nxt = doc[i + 1]
            if nxt.lower_ in ASIDE_OPENERS and nxt.idx < b and text.count("(", a, t.idx) <= text.count(")", a, t.idx) \
                    and not (nxt.lower_ == "as" and i + 2 < len(doc) and doc[i + 2].lower_ == "well"):
                return t.idx
            return b  # only the first comma or dash after the quotation may open the aside
        i += 1
    return b


def _cut_mixed_tails(doc: "Doc", toks: "_Tokens", cands: list[Candidate]) -> None:
    for c in cands:
        if c.kind == "mixed" and c.content:
            a, b = c.content[-1]
            b = _tail_after_quote(doc, toks, (a, _noun_after_quote(doc, toks, (a, b))))
            c.content[-1] = (a, _aside_after_quote(doc, toks, (a, b)))


def _para_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _para_end(text: str, pos: int) -> int:
    k = text.find("\n", pos)
    return len(text) if k < 0 else k


@dataclass(slots=True)
class RuleQuotes:
    """What the rules find in one article: quotations (direct, mixed, headline), reported clauses
    (indirect), and the character spans inside quotation marks."""

    quoted: list[Candidate]
    indirect: list[Candidate]
    inside: list[tuple[int, int]]
    regions: list[QuoteRegion]
    toks: "_Tokens"


def rule_quotes(doc: "Doc", cues: Cues, want_indirect: bool = True, text: str | None = None) -> RuleQuotes:
    text = doc.text if text is None else text
    regions = find_quotes(text)
    toks = _Tokens(doc, text)
    clauses = reported_clauses(doc, cues, text)
    quoted = _attach_regions(doc, toks, regions, clauses, cues)
    direct_spans = sorted(sp for c in quoted for sp in c.content)
    inside = sorted((r.open_at, r.end) for r in regions)
    cands = list(quoted) + headline_attributions(doc, toks, cues)
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
        if any(_overlaps_any(sp, direct_spans) for sp in c.content) or c.cue is not None and _within(c.cue[0], inside):
            continue  # the quotation is the content; or a report inside someone's quotation
        if c.speaker is not None and _touches_any(c.speaker, inside):
            continue  # quoted words are never a speaker: `This “X,” said Wang, is …` is Wang's quote
        indirect.append(c)
    cands = _join_fragments(text, cands)
    _cut_mixed_tails(doc, toks, cands)
    return RuleQuotes(cands, indirect, inside, regions, toks)


def extract_quotes(doc: "Doc", lex, entities: list["Entity"], settings, text: str | None = None) -> list[Quote]:
    """Direct, mixed and indirect quotes of ``doc`` in text order, speakers resolved to ``entities``
    (``text``: doc.text when the caller has it; spaCy rebuilds it at every access)."""
    text = doc.text if text is None else text
    if not text.strip() or len(doc) == 0:
        return []
    vocab = getattr(lex, "reporting_verbs", None) or {}
    qs = getattr(settings, "quotes", None)
    cues = _cues_of(vocab, bool(getattr(qs, "stance", False)))
    want_indirect = bool(getattr(qs, "indirect", True))
    found = rule_quotes(doc, cues, want_indirect, text)
    model = _model_of(qs) if want_indirect else None
    if model is None:
        cands = _dedup(found.quoted + found.indirect)
    else:
        quoted = _dedup(found.quoted)
        cands = quoted + learned_candidates(doc, cues, model, found, quoted, text)
    for c in cands:
        if c.kind == "indirect":
            _past_colon(doc, found.toks, c)
            _passive_topic(doc, found.toks, c, cues)
            _passive_agent(doc, found.toks, c)
    cands.sort(key=lambda c: (c.start, c.end))
    names = _proper_names(doc)
    resolver = build_resolver(text, entities, vocab, [(r.open_at, r.end) for r in found.regions], names, doc)
    closers = sorted((r.close_at, r.open_at, r.close_len) for r in found.regions if r.close_at is not None)
    quotes: list[Quote] = []
    last = None
    for c in cands:
        ent, speaker = _resolve(text, c, resolver, last)
        if speaker is None and c.cue is not None and _agentive(doc, found.toks, c, cues):
            near = resolver.nearest_source(c.cue[0], c.content)  # no subject in the parse: the nearest source
            if near is not None:
                ent, speaker = near.entity, Span.of(text, near.start, near.end)
        if ent is not None and ent.label == "PERSON":
            last = ent
            if speaker is not None:
                resolver.note_speaker(speaker.start, speaker.end, ent)
        ends = closers if c.kind != "direct" else []  # (a direct quote's content is inside the marks)
        content = [Span.of(text, a, _past_closer(text, a, b, ends)) for a, b in c.content if b > a]
        if not content:
            continue
        cue = Span.of(text, *c.cue) if c.cue else None
        quotes.append(Quote(id=f"Q{len(quotes) + 1}", kind=c.kind, content=content, cue=cue, speaker=speaker,
                            speaker_entity=ent.id if ent else None, speaker_name=ent.name if ent else None))
    return quotes


def _agentive(doc: "Doc", toks: "_Tokens", c: Candidate, cues: Cues) -> bool:
    """Whether a cue reports someone's words or stance, so that a source is named somewhere: not
    a passive ("is expected to", "was asked about", "was widely seen as") nor an impression
    ("seems to"), which name no source on purpose."""
    verb = _cue_verb(doc, toks, c)
    if verb is None:
        return True
    lemma = verb.lemma_.lower()
    return not (any(t.dep_ == "auxpass" for t in verb.children) or lemma in cues.impression_verbs)


def _cue_verb(doc: "Doc", toks: "_Tokens", c: Candidate) -> "Token | None":
    """The first verb of a candidate's cue ("seen" in "is widely seen as")."""
    if c.cue is None:
        return None
    k = toks.at(c.cue[0])
    while k < len(doc) and doc[k].idx < c.cue[1] and doc[k].pos_ != "VERB":
        k += 1
    return doc[k] if k < len(doc) and doc[k].idx < c.cue[1] else None


def _passive_topic(doc: "Doc", toks: "_Tokens", c: Candidate, cues: Cues) -> None:
    """"Twitter is increasingly seen as a source of news": a passive verb of judgement says its
    content of its subject, so the subject (before the cue) is the first part of the content;
    it is no speaker."""
    verb = _cue_verb(doc, toks, c)
    if verb is None or c.start < c.cue[1] or verb.lemma_.lower() not in cues.judgement_verbs:
        return
    subj = next((t for t in verb.lefts if t.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ in ("it", "there", "this", "that") or subj.lower_ in RELATIVE_PRONOUNS \
            or not any(t.dep_ == "auxpass" for t in verb.lefts):
        return
    lo, hi = subj.left_edge.i, subj.right_edge.i
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    span = _token_span(doc, lo, _cut_aside(doc, lo, hi))  # (without ", which …" or ", whose …")
    if span is None or "\n" in toks.text[span[0]:verb.idx]:
        return
    c.content.insert(0, span)
    if c.speaker is not None and _overlap(c.speaker, span) > 0:
        c.speaker = c.speaker_head = c.speaker_ref = None


def _passive_agent(doc: "Doc", toks: "_Tokens", c: Candidate) -> None:
    """"Pigs are considered unclean by some religious groups": the agent of a passive cue is
    who judges, not what is said: it leaves the content and is the speaker when there is none."""
    verb = _cue_verb(doc, toks, c)
    agent = next((t for t in verb.rights if t.dep_ == "agent"), None) if verb is not None else None
    obj = next((t for t in agent.children if t.dep_ == "pobj"), None) if agent is not None else None
    if obj is None:
        return
    if c.speaker is None:
        c.speaker, c.speaker_head = _speaker_span(obj), obj.i
    lo, hi = agent.idx, agent.right_edge.idx + len(agent.right_edge.text)
    if not any(a <= lo < b for a, b in c.content):
        return
    spans = []
    for a, b in c.content:
        for x, y in ((a, min(b, lo)), (max(a, hi), b)) if a < hi and lo < b else ((a, b),):
            x, y = _trim(toks.text, x, y)
            if any(ch.isalnum() for ch in toks.text[x:y]):
                spans.append((x, y))
    if spans:
        c.content = spans


COLON_TAIL_WORDS = 6  # the longest verbless list after a colon that ends a content
COLON_TAIL_MAX = 40  # tokens read after the colon


def _past_colon(doc: "Doc", toks: "_Tokens", c: Candidate) -> None:
    """A reported content that stops at a colon takes what the colon announces up to the end of
    the sentence, when that is no sentence of its own: a stretch in lower case or starting with a
    number (said the plan had one flaw: the lack of money …; noted X: 70 percent believe …), or
    a short list without a verb (said the state picked its winner: Maria Lopez.). Quotations after
    the colon are left to the quotation rules."""
    text = toks.text
    a, b = c.content[-1]
    k = toks.at(b)
    if k >= len(doc) or doc[k].text != ":" or "\n" in text[b:doc[k].idx]:
        return
    end = None
    for j in range(k + 1, min(len(doc), k + COLON_TAIL_MAX)):
        t = doc[j]
        if "\n" in t.text or "\n" in t.whitespace_ and t.text not in END_PUNCT or t.text in ":;" or \
                not DOUBLE_MARKS.isdisjoint(t.text) or t.text in ("''", "``", "‘", "’"):
            return
        if t.text in END_PUNCT:
            end = j
            break
    if end is None or end <= k + 1:
        return
    first = doc[k + 1].text
    words = [t for t in doc[k + 1:end] if not t.is_punct]
    if not (first[:1].islower() or first[:1].isdigit() or
            len(words) <= COLON_TAIL_WORDS and not any(t.pos_ in ("VERB", "AUX") for t in words)):
        return
    last = doc[end - 1]
    c.content[-1] = (a, last.idx + len(last.text))


def _past_closer(text: str, a: int, b: int, closers: list[tuple[int, int]]) -> int:
    """A content ``a``-``b`` that holds a quotation's opening mark and ends with only punctuation
    before its closing mark runs past that mark (calling for “appropriate assistance.”): a
    content never ends inside a quotation it opens. ``closers``: sorted (close, open, length of
    the closing mark)."""
    i = bisect.bisect_left(closers, (b, -1, 0))
    if i < len(closers):
        close, open_, n = closers[i]
        if a <= open_ < b and close - b <= 2 and not any(ch.isalnum() or ch.isspace() for ch in text[b:close]):
            return close + n
    return b


_CUES: dict[tuple[int, bool], tuple[Any, Cues]] = {}


def _cues_of(vocab: dict[str, Any], stance: bool) -> Cues:
    """The parsed cue lexicon, built once per lexicon object (the config layer caches those)."""
    key = (id(vocab), stance)
    hit = _CUES.get(key)
    if hit is None or hit[0] is not vocab:  # (an id can be reused once its object is gone)
        if len(_CUES) > 16:
            _CUES.clear()
        hit = _CUES[key] = (vocab, Cues.from_lexicon(vocab, stance=stance))
    return hit[1]


def _proper_names(doc: "Doc") -> list[tuple[int, int]]:
    """Character spans of proper-noun tokens outside PERSON entities (read in C over arrays:
    iterating a Doc in Python builds a Token per step)."""
    if not len(doc):
        return []
    from spacy.attrs import ENT_TYPE, IDX, LENGTH, POS

    arr = doc.to_array([IDX, LENGTH, POS, ENT_TYPE])
    keep = (arr[:, 2] == doc.vocab.strings["PROPN"]) & (arr[:, 3] != doc.vocab.strings["PERSON"])
    return [(a, a + n) for a, n in arr[keep][:, :2].tolist()]  # (selected first: converting every hash to int is slow)


def _model_of(qs) -> "QuoteModel | None":
    path = getattr(qs, "model", None)
    if not path:
        return None
    from .learned import load_model

    return load_model(path, qs.threshold)


def learned_candidates(doc: "Doc", cues: Cues, model: "QuoteModel", found: RuleQuotes,
                       quoted: list[Candidate], text: str | None = None) -> list[Candidate]:
    """The reported speech the model (``tui.analysis.quotes.learned``) keeps: for each cue, the best of the
    rules' reported clause and the model's own proposals, where it reaches the threshold. A
    proposal whose content nearly equals a kept one, or a quotation, or whose cue sits inside a
    quotation, is left out; a cue the rules read keeps their speaker; of nested reports the
    outer stays, and none stays nested inside a quotation."""
    from .learned import best_per_cue

    text = doc.text if text is None else text
    spans = sorted((c.start, c.end) for c in quoted)
    quoted_spans = sorted(sp for c in quoted for sp in c.content)
    out: list[Candidate] = []
    rule_of = {found.toks.at(c.cue[0]): c for c in found.indirect if c.cue is not None}
    quoting = {found.toks.at(c.cue[0]) for c in quoted if c.cue is not None}
    for p in sorted(best_per_cue(model_proposals(doc, cues, found, text, skip_quoted=True), model), key=lambda p: -p.score):
        if _same_as_any((p.content[0], p.content[1]), spans):
            continue  # two cues, one content ("said it expected X", read from both verbs): the likelier stays
        if p.rule is not None:
            out.append(p.rule)
            bisect.insort(spans, (p.rule.start, p.rule.end))
            continue
        if _tag_name(text, doc[p.cue].idx):
            continue
        a, b = _trim(text, *p.content)
        if text.startswith("that ", a) and doc[found.toks.at(a)].dep_ == "mark":
            a += 5  # as the rules do: the complementizer is not part of what was said
        if b > a and not DOUBLE_MARKS.isdisjoint(text[a:b]):  # as the rules do: a trailing aside of the narrator (…, since Mr. Tribe was …) is cut
            lo, hi = found.toks.at(a), found.toks.at(b - 1)
            k = _cut_aside(doc, lo, hi)
            if k < hi:
                b = doc[k].idx + len(doc[k].text)
        if (b <= a or _within(doc[p.cue].idx, found.inside) or _same_as_any((a, b), spans)
                or _overlaps_any((a, b), quoted_spans) or _cuts_quotation((a, b), found.inside)):
            continue
        cue = doc[p.cue]
        if p.cue in quoting and cues.is_speech_verb(cue) and _frame_circumstance(doc, found.toks, cues, cue, a):
            continue  # “…,” she said at a news conference: where, not what, she said
        cue_end = doc[p.cue + 1] if p.kind == "according" else cue
        c = Candidate("mixed" if not DOUBLE_MARKS.isdisjoint(text[a:b]) else "indirect", [(a, b)],
                      (cue.idx, cue_end.idx + len(cue_end.text)))
        _cut_mixed_tails(doc, found.toks, [c])
        subj = p.subject
        rule = rule_of.get(p.cue)
        if rule is not None:  # the rules read this cue too: their speaker (they know more frames)
            c.speaker, c.speaker_head, c.speaker_ref = rule.speaker, rule.speaker_head, rule.speaker_ref
        elif (subj := (_subject(cue) if cue.pos_ == "VERB" else None) or subj) is not None \
                and not _touches_any(_speaker_span(subj), found.inside):
            c.speaker, c.speaker_head = _speaker_span(subj), subj.i
            ref = _antecedent(subj)
            if ref is not None:
                c.speaker_ref = _speaker_span(ref)
        out.append(c)
        bisect.insort(spans, (a, b))
    hulls = sorted((c.start, c.end) for c in quoted)
    return [c for c in _outermost(out) if not _inside_any((c.start, c.end), hulls)]


CIRCUMSTANCE_PREPS = frozenset({"at", "in", "on", "from", "during", "after", "before", "to"})


def _frame_circumstance(doc: "Doc", toks: "_Tokens", cues: Cues, cue: "Token", a: int) -> bool:
    """Whether a content starting at ``a``, proposed for the cue of a quotation, only says where,
    when or to whom that quotation was said (“…,” she said at a news conference; “…,” he told
    AFP in an interview Monday): the quotation is what was said."""
    t = doc[toks.at(a)]
    for _ in range(4):  # up to the phrase's head (three days after …; at a news conference)
        if t.head.i == cue.i or t.head.i == t.i:
            break
        t = t.head
    if t.head.i != cue.i or t.i == cue.i:
        return False
    if t.dep_ == "prep":  # (not the preposition of what a cue is about: replied to the letter)
        return t.lower_ in CIRCUMSTANCE_PREPS and not cues.is_prep_cue(cue, t)
    return t.dep_ == "npadvmod" and t.ent_type_ in ("DATE", "TIME")


def _tag_name(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` names a markup tag (``<tweet author="…">``): no cue."""
    return text[pos - 1:pos] == "<" or text[pos - 2:pos] == "</"


def _outermost(cands: list[Candidate]) -> list[Candidate]:
    """Reports not nested in another report: of "X said Y hoped Z" (two cues, one content inside
    the other) the outer reading stays, which is the one news attribution keeps most often."""
    hulls = sorted((c.start, -c.end, k) for k, c in enumerate(cands))
    drop: set[int] = set()
    reach, owner = -1, None
    for start, neg_end, k in hulls:
        end = -neg_end
        if owner is not None and _nested((start, end), owner) and end - start < owner[1] - owner[0]:
            drop.add(k)
            continue
        if end > reach:
            reach, owner = end, (start, end)
    return [c for k, c in enumerate(cands) if k not in drop]


def model_proposals(doc: "Doc", cues: Cues, found: RuleQuotes, text: str | None = None,
                    skip_quoted: bool = False) -> list["Proposal"]:
    """The model's proposals plus one per reported clause of the rules (marked as such); the
    speakers of the rules' quotations mark the cues whose subject is one of them. With
    ``skip_quoted``, cues inside quotation marks propose nothing (a report inside someone's
    quotation is never kept; training still sees them)."""
    from .learned import proposals

    text = doc.text if text is None else text
    toks = found.toks
    rules = []
    for c in found.indirect:
        if c.cue is not None:
            rules.append((toks.at(c.cue[0]), (c.start, c.end), c))
    speakers = frozenset(doc[c.speaker_head].lower_ for c in found.quoted if c.speaker_head is not None)
    return proposals(doc, cues, rules, text, speakers, found.inside if skip_quoted else ())


def _cuts_quotation(span: tuple[int, int], inside: list[tuple[int, int]]) -> bool:
    """Whether an edge of ``span`` falls strictly inside a quotation (the span cuts it in two)."""
    for pos in span:
        i = bisect.bisect_right(inside, (pos, 1 << 62)) - 1
        if i >= 0 and inside[i][0] + 1 < pos < inside[i][1] - 1:
            return True
    return False


def _inside_any(span: tuple[int, int], sorted_hulls: list[tuple[int, int]]) -> bool:
    """Whether ``span`` is nested in a longer one of ``sorted_hulls`` (sorted by start)."""
    i = bisect.bisect_right(sorted_hulls, (span[1], span[1]))
    n = span[1] - span[0]
    return any(_nested(span, h) and n < h[1] - h[0] for h in sorted_hulls[max(0, i - 8):i])


def _nested(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether one span lies (all but 5 %) inside the other."""
    ov = _overlap(a, b)
    return ov > 0 and ov >= 0.95 * min(a[1] - a[0], b[1] - b[0])


def _same_as_any(span: tuple[int, int], sorted_spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` covers at least half of the union with one of ``sorted_spans``."""
    i = bisect.bisect_left(sorted_spans, (span[1], span[1]))
    for s in sorted_spans[max(0, i - 8):i]:
        ov = _overlap(span, s)
        if ov and ov >= 0.5 * (max(span[1], s[1]) - min(span[0], s[0])):
            return True
    return False


def _within(pos: int, sorted_spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(sorted_spans, (pos, len(sorted_spans) and 1 << 62)) - 1
    return i >= 0 and sorted_spans[i][0] <= pos < sorted_spans[i][1]


def _overlaps_any(span: tuple[int, int], sorted_spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_left(sorted_spans, (span[1], span[1]))
    for s in sorted_spans[max(0, i - 4):i]:
        if _overlap(span, s) > 0.3 * min(span[1] - span[0], s[1] - s[0]):
            return True
    return False


def _touches_any(span: tuple[int, int], sorted_spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` shares a character with one of the (sorted) spans that start before its end."""
    i = bisect.bisect_left(sorted_spans, (span[1], span[1]))
    return any(_overlap(span, s) > 0 for s in sorted_spans[max(0, i - 4):i])


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
            ov = _overlap(span, s)
            if ov and ov >= 0.8 * max(span[1] - span[0], s[1] - s[0]):
                dup = True
                break
        if not dup:
            kept.append(c)
            bisect.insort(by_start, span)
        # nested contents ("X said Y claimed that Z") are kept: they are different attributions
    return kept
