"""Reading the dependency parse: what every analysis stage asks of a spaCy token.

The one ``subject()`` of a cue (climbing conjunctions, participles and object control; with
``learned=True`` the reading the learned pass was trained with), the noun phrase of a subject as
a character span (``noun_phrase_span``), negation (``is_negated``), the one span-edge trimmer
(``trim_edges`` / ``token_span``: tokens without punctuation at their edges, quotation marks kept)
and the dependency-label sets these read. Pure functions over spaCy tokens; no spaCy import at
module level. The only word list is ``OBJECT_CONTROL``, a closed grammatical class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Container


if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


def noun_phrase_span(subj: "Token") -> tuple[int, int]:
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


SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLAUSAL_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# The clause labels a subject is looked for through, up from a verb that has none of its own.
CLIMB_DEPS = ("conj", "advcl", "xcomp", "acl", "parataxis", "pcomp", "prep")
LEARNED_CLIMB_DEPS = ("conj", "advcl", "xcomp", "acl", "pcomp", "relcl")
DATELINE_MARKS = (":", "-", "—", "–", "―")


def subject(t: "Token", *, learned: bool = False) -> "Token | None":
    """The subject of verb ``t``, climbing conjunctions, participles and xcomps (…, adding that …),
    up to four clauses.

    The rules' reading (the default) also passes over a label or dateline before a colon or dash
    (BUENA PARK, Calif. - Clinton promised …), never crosses a paragraph break, and reads object
    control (the debate led Republicans to say …: Republicans say).

    ``learned=True`` is the reading the learned pass's features were trained with, kept as it was
    because the shipped weights depend on it: any cue word has one (a noun's possessor or the
    subject of the verb it is the object of, the subject of an adjective's copula, the object of
    "according to"), a clausal subject counts, a relative clause gives its antecedent, a passive
    its agent; none of the rules' corrections above.
    """
    if learned:
        if t.lower_ == "according":
            return _according_object(t)
        if t.pos_ == "ADJ":  # "X is confident that …": the subject of the copula
            return subject(t.head, learned=True) if t.dep_ == "acomp" and t.head.i != t.i else None
        if t.pos_ == "NOUN":
            for c in t.children:
                if c.dep_ == "poss":
                    return c
            if t.dep_ in ("dobj", "pobj", "attr") and t.head.pos_ in ("VERB", "AUX"):
                return subject(t.head, learned=True)
            return None
    deps = CLAUSAL_SUBJECT_DEPS if learned else SUBJECT_DEPS
    climb = LEARNED_CLIMB_DEPS if learned else CLIMB_DEPS
    cur = t
    for _ in range(4):
        subjects = [c for c in cur.children if c.dep_ in deps]
        if subjects:
            if learned:
                return subjects[0]
            c = _past_dateline(cur, subjects)
            return noun_before(t) if crosses_paragraph(c, t) else c
        if not learned and (obj := _controller(cur)) is not None:
            return obj
        if cur.dep_ in climb and cur.head.i != cur.i:
            if learned and cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head
            cur = cur.head
            continue
        break
    return _agent(t) if learned else None


def _past_dateline(verb: "Token", subjects: list["Token"]) -> "Token":
    """Of two subjects the parse gave ``verb``, the one next to it when the first is a label or a
    dateline before a colon or dash (The Latest: Trump urges …; BUENA PARK, Calif. - Clinton
    promised …); else the first."""
    last = subjects[-1] if len(subjects) > 1 else None
    if last is not None and last.i < verb.i and (last.pos_ in ("PROPN", "PRON") or last.is_title) and (
            subjects[0].text.isupper() or any(d.text in DATELINE_MARKS and d.whitespace_
                                              for d in verb.doc[subjects[0].i + 1:last.left_edge.i])):
        return last
    return subjects[0]


def _controller(verb: "Token") -> "Token | None":
    """The object that controls an xcomp with no subject of its own (the debate led Republicans
    to say …: Republicans say), for the verbs of ``OBJECT_CONTROL``."""
    if verb.dep_ == "xcomp" and verb.head.i != verb.i and verb.head.lemma_.lower() in OBJECT_CONTROL and \
            (obj := next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)) is not None \
            and obj.pos_ in ("NOUN", "PROPN", "PRON") and obj.ent_type_ not in ("DATE", "TIME"):
        return obj
    return None


def _according_object(t: "Token") -> "Token | None":
    """The object of "according to" (the source), on "to" or, as the parse may hang it, on the
    next token."""
    for prep in t.children:
        for g in prep.children:
            if g.dep_ == "pobj":
                return g
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    for g in (nxt.children if nxt is not None else ()):
        if g.dep_ == "pobj":
            return g
    return None


def _agent(t: "Token") -> "Token | None":
    """The agent of a passive verb (… by X)."""
    for c in t.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def is_negated(t: "Token") -> bool:
    """``t`` has a negation of its own (did not say)."""
    return any(c.dep_ == "neg" for c in t.children)


OBJECT_CONTROL = frozenset({"lead", "force", "prompt", "leave", "cause", "encourage", "push", "get", "inspire",
                            "compel", "persuade", "convince", "pressure", "press", "drive", "move", "spur",
                            "dare", "challenge", "invite", "tell", "ask", "urge", "allow", "help"})


def crosses_paragraph(a: "Token", b: "Token") -> bool:
    """A line break lies between tokens ``a`` and ``b`` (a parse that joined two paragraphs)."""
    doc = a.doc
    lo, hi = min(a.i, b.i), max(a.i, b.i)
    return hi - lo < 60 and any("\n" in doc[k].text or "\n" in doc[k].whitespace_ for k in range(lo, hi))


def noun_before(verb: "Token") -> "Token | None":
    """The proper noun or noun right before ``verb`` on its own line (a subject the parse missed)."""
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and doc[k].pos_ in ("ADV", "AUX", "PART"):
        k -= 1
    if k >= 0 and doc[k].pos_ in ("PROPN", "NOUN", "PRON") and "\n" not in doc[k].text:
        return doc[k]
    return None


OPENING_MARKS = "“\"‘"  # (tested as substrings of these strings, as the rules always have)
CLOSING_MARKS = "”\"’"


def trim_edges(doc: "Doc", i: int, j: int, *, keep_left: Container[str] = OPENING_MARKS,
               keep_right: Container[str] = CLOSING_MARKS, spaces: bool = False) -> tuple[int, int] | None:
    """Tokens ``i..j`` (inclusive) without punctuation at either edge, as a token range ``(i, j)``,
    or None when nothing is left. A token whose text is in ``keep_left`` (at the left edge) or
    ``keep_right`` (at the right edge) stays: by default an opening quotation mark on the left and
    a closing one on the right, the rules' contents. ``spaces`` also trims whitespace tokens.

    The learned pass reads its contents with ``keep_left = keep_right = marks.DOUBLE_MARKS`` (any
    double mark kept at either edge, a single mark or a two-apostrophe mark trimmed) and
    ``spaces=True``: its weights were trained on those spans, so that reading stays as it was.
    """
    while i <= j and _edge(doc[i], keep_left, spaces):
        i += 1
    while j >= i and _edge(doc[j], keep_right, spaces):
        j -= 1
    return (i, j) if j >= i else None


def _edge(t: "Token", keep: Container[str], spaces: bool) -> bool:
    return (t.is_punct or spaces and t.is_space) and t.text not in keep


def token_span(doc: "Doc", i: int, j: int) -> tuple[int, int] | None:
    """Char span of ``doc[i:j + 1]`` trimmed by ``trim_edges`` (quotation marks kept), or None
    when nothing is left."""
    r = trim_edges(doc, i, j)
    if r is None:
        return None
    return doc[r[0]].idx, doc[r[1]].idx + len(doc[r[1]].text)
