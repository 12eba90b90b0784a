"""The attribution frame of a quotation: its cue and speaker.

After the closing mark (“…,” Wang said / said Wang / “…,” Leonard Burman, director of …, said),
before the opening mark (Wang said: “…” / Wang said, “…” / X writes:¶“…”), in the sentence that
introduces a free-standing quotation, or a cue verb that governs a quoted fragment (accused X of
“…”). ``RIGHT_FRAME_MAX``, ``LEFT_FRAME_MAX`` and ``LONG_FRAME_MAX`` bound how far a frame is
looked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..context import DocContext
from ..syntax import is_negated, subject
from .cues import Cues
from .lookups import lookups
from .marks import QuoteRegion
from .sources import outer_subject, own_stance_report
from .spans import END_PUNCT, para_start

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


RIGHT_FRAME_MAX = 30  # tokens between a quotation's end and its cue


LEFT_FRAME_MAX = 25


def _inverted_subject(verb: "Token", stop: int) -> "Token | None":
    """The noun right after a cue verb in an inverted frame (said Wang, said the Foreign Secretary)."""
    for c in verb.rights:
        if c.i >= stop:
            break
        if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "appos") and c.pos_ in ("PROPN", "NOUN", "PRON"):
            return c
    return None


def frame_after(ctx: DocContext, r: QuoteRegion, limit: int, cues: Cues):
    """The cue and speaker of “…,” Wang said / “…,” said Wang (tokens after the closing mark)."""
    doc = ctx.doc
    if r.close_at is None:
        return None
    text = ctx.text
    inner_end = text[r.start:r.end].rstrip().rstrip("'’\"”").rstrip()  # “…, ‘Meh.’” ends a nested quote
    i = ctx.at(r.after_close)
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
            subj = subj or subject(t)
            if subj is None or subj.i < i:
                subj = _noun_between(doc, i, t.i) if t.i > i else None  # the parse lost it: “…,” Chief Jordan said
            stop = ctx.at(limit) if limit < len(text) else len(doc)
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


def frame_before(ctx: DocContext, r: QuoteRegion, lower: int, cues: Cues):
    """The cue and speaker of Wang said: “…” / Wang said, “…” (tokens before the opening mark)."""
    doc = ctx.doc
    j = ctx.at(r.open_at) - 1
    while j >= 1 and doc[j].is_space and "\n" not in doc[j].text:
        j -= 1  # Kasich resisted:  “…” (two spaces)
    if j < 0:
        return None
    if j >= 1 and doc[j].is_space and "\n" in doc[j].text and doc[j - 1].text == ":":
        j -= 1  # Philip Bump writes:¶“…”: the frame closes the paragraph before
        lower = para_start(ctx.text, doc[j].idx)
    last = doc[j]
    if last.lower_ == "that" and _quote_ends_sentence(ctx.text, r):
        j -= 1  # Cruz said (instead) that “…”: the quotation is the whole reported clause
        while j >= 0 and doc[j].pos_ == "ADV":
            j -= 1
        if j < 0 or not cues.is_speech_verb(doc[j]):
            return None
    elif last.text not in (":", ","):
        # Wang said “…” with no colon: a frame only when the quotation ends the sentence;
        # otherwise the quoted words are a fragment of the reported clause (a mixed quote)
        if not cues.is_speech_verb(last) or not _quote_ends_sentence(ctx.text, r):
            return None
    colon_verb = None
    for k in range(j, max(-1, j - LEFT_FRAME_MAX), -1):
        t = doc[k]
        if t.idx < lower or (t.text in END_PUNCT and k != j) or "\n" in t.text:
            break
        if cues.is_speech_verb(t):
            subj = outer_subject(t, cues) or subject(t) or _frame_noun(doc, t, lower) or _nearest_subject(doc, t, lower, cues)
            if subj is None:
                return None
            return own_stance_report(t, subj, cues)  # Lynch said she recalled thinking, “…”: Lynch said
        if colon_verb is None and t.pos_ == "VERB" and (t.dep_ in ("ROOT", "conj", "ccomp", "parataxis") or
                                                      t.dep_ == "advcl" and _marked_as(t)):
            colon_verb = t
    if colon_verb is not None and (last.text == ":" or last.text == "," and (
            _marked_as(colon_verb) or colon_verb.dep_ in ("ROOT", "ccomp", "conj")
            and all(doc[k].dep_ in ("prt", "advmod") for k in range(colon_verb.i + 1, j))
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i < j for c in colon_verb.children))):
        # Kasich resisted: “…” / X delivered a blunt message: “…” / As X put it, “…” / X shot
        # back, “…”: the clause handed over to the quotation names who speaks
        subj = subject(colon_verb)
        if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and subj.lower_ not in cues.not_speakers:
            return colon_verb, subj
    return None


def _marked_as(verb: "Token") -> bool:
    """The clause of ``verb`` opens with "as" (As Milbank puts it, …)."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _nearest_subject(doc: "Doc", cue: "Token", lower: int, cues: Cues) -> "Token | None":
    """The nearest subject before a cue in its sentence, when the parse hung it on another verb
    (Clinton, exasperated, responded: “…”)."""
    for k in range(cue.i - 1, max(-1, cue.i - LEFT_FRAME_MAX), -1):
        t = doc[k]
        if t.idx < lower or t.text in END_PUNCT or "\n" in t.text:
            return None
        if t.dep_ == "nsubj" and t.pos_ in ("PROPN", "NOUN", "PRON") and t.lower_ not in cues.not_speakers:
            return t
    return None


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


def introduced_by(ctx: DocContext, r: QuoteRegion, cues: Cues):
    """The cue and subject of the sentence right before a free-standing quotation, when that
    sentence says who speaks ("Sanders wrote in a fundraising email on Tuesday.¶“…”")."""
    doc = ctx.doc
    k = ctx.at(r.open_at)
    if k <= 0:
        return None
    start = min(lookups(ctx).sent_start(k), k)
    j = start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or doc[j].text not in (".", ":"):
        return None
    sent = doc[j].sent
    if j - sent.start > 40 or any(t.text in ("“", "”", '"') for t in sent):
        return None
    for t in sent:
        if cues.is_speech_verb(t) and t.dep_ == "ROOT" and not is_negated(t):
            subj = subject(t)
            if subj is not None and subj.pos_ in ("PROPN", "NOUN", "PRON") and subj.lower_ not in ("it", "this", "that"):
                return t, subj
    return None


def governing_cue(ctx: DocContext, r: QuoteRegion, cues: Cues) -> "Token | None":
    """A cue verb that governs a quoted fragment: accused X of casting “serious doubt”."""
    doc = ctx.doc
    a, b = ctx.at(r.start), ctx.at(max(r.start, r.end - 1))
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
