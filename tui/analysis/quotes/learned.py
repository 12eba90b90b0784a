"""A learned pass over reported speech and stance: what the hand-written rules do not cover.

The rules (``tui.analysis.quotes.rules``) find quotations and clauses of saying. News attribution corpora such
as PolNeAR also attribute beliefs, intentions and stances with a long tail of one-off cues
("grilled the CEO for …", "has no illusions about …", "promising to lift …"). This module
proposes, for every verb, noun and predicative adjective of a sentence, the spans its dependents
cover (its clause, its infinitive, its object, each prepositional object, everything to its
right) next to the rules' own reported clause, and scores them with two logistic models over
plain features (cue lemma, proposal type, the subject's kind and whether it is quoted elsewhere,
where the cue sits, negation, length …): one says whether a
cue attributes at all, one (a softmax over a cue's proposals) which span is its content. The
weights are a JSON file of ``feature: weight``
(``config/models/quote_model.json``, trained by ``tests/bench/train_quote_model.py`` on an
annotated corpus): numbers only, never code or serialised objects.

No Textual import here, and no spaCy import at module level (tokens are passed in).
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ...config import ConfigError
from ..syntax import subject, trim_edges
from .marks import DOUBLE_MARKS as QUOTE_MARKS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from .cues import Cues

PERSON_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you"})
DEMONSTRATIVES = frozenset({"it", "this", "that", "which", "who", "these", "those"})
FIRST_WORDS = frozenset({"that", "to", "whether", "if", "how", "what", "why", "when", "where", "who",
                         "for", "about", "on", "of", "with", "as", "in", "against", "over", "by"})
VERB_SPAN_DEPS = ("ccomp", "parataxis", "xcomp", "dobj", "dative", "attr", "oprd", "prep")  # see _spans
SKIP_RIGHT = frozenset({"punct", "cc", "conj", "mark", "advmod", "npadvmod", "dep", "meta", "prt"})
CLAUSE_DEPS = ("relcl", "advcl", "acl", "ccomp", "xcomp", "pcomp")  # what a cue may be embedded in
_EMBEDDINGS = [tuple(d for b, d in enumerate(CLAUSE_DEPS) if m >> b & 1) for m in range(1 << len(CLAUSE_DEPS))]


class ModelError(ConfigError):
    """The weights file is missing or not a mapping of feature names to numbers (a config error:
    one line, exit status 2 in the CLI)."""


@dataclass(slots=True)
class Proposal:
    """One possible attribution: the cue token, what it may report, and who says it."""

    cue: int  # token index of the cue
    kind: str  # proposal type: ccomp, xcomp, dobj, prep, right, nclause, nprep, according
    content: tuple[int, int]  # character span
    subject: "Token | None"
    features: list[str]
    rule: Any = None  # the rules' candidate this proposal stands for, if any
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class QuoteModel:
    """Two sets of logistic weights over proposal features: ``weights`` say whether a proposal is
    an attribution (a probability, kept from ``threshold`` on), ``span_weights`` which of one
    cue's proposals is its content (a softmax over them; when empty, ``weights`` choose)."""

    weights: dict[str, float]
    threshold: float = 0.5
    span_weights: dict[str, float] = field(default_factory=dict)

    def probability(self, features: Iterable[str]) -> float:
        z = sum(filter(None, map(self.weights.get, features)))  # (in C: this runs per proposal)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def span_score(self, features: Iterable[str]) -> float:
        return sum(filter(None, map(self.span_weights.get, features)))


def _weights(data: object, key: str, path: str) -> dict[str, float]:
    weights = data.get(key, {}) if isinstance(data, dict) else None
    if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for k, v in weights.items()):
        raise ModelError(f"{path}: expected {{\"{key}\": {{feature: number}}}}")
    return {k: float(v) for k, v in weights.items()}


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> tuple[dict[str, float], dict[str, float]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot read the quote model ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(data, dict) or "weights" not in data:
        raise ModelError(f"{path}: expected {{\"weights\": {{feature: number}}}}")
    return _weights(data, "weights", path), _weights(data, "span_weights", path)


def load_model(path: str | Path, threshold: float) -> QuoteModel:
    """The model stored at ``path`` (cached while the file is unchanged). Raises ModelError."""
    p = Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise ModelError(f"quote model not found: {p}") from None
    weights, span_weights = _load(str(p), mtime)
    return QuoteModel(weights, threshold, span_weights)


# ---------------------------------------------------------------------------------------------
# Proposals.


def _subtree(doc: "Doc", t: "Token", lo: int | None = None) -> tuple[int, int] | None:
    start = t.left_edge.i if lo is None else lo
    return _chars(doc, start, t.right_edge.i)


def _chars(doc: "Doc", i: int, j: int) -> tuple[int, int] | None:
    """Tokens ``i..j`` without punctuation or spaces at either edge (any double quotation mark
    kept), as a token range: the spans the weights were trained on (see ``syntax.trim_edges``)."""
    return trim_edges(doc, i, j, keep_left=QUOTE_MARKS, keep_right=QUOTE_MARKS, spaces=True)


def _subject_kind(s: "Token | None") -> str:
    if s is None:
        return "none"
    low = s.lower_
    if low in PERSON_PRONOUNS:
        return "pron"
    if low in DEMONSTRATIVES:
        return low
    if s.ent_type_:
        return s.ent_type_
    return "propn" if s.pos_ == "PROPN" else "noun"


def _length_bucket(n: int) -> str:
    for b in (1, 2, 4, 8, 16, 32):
        if n <= b:
            return str(b)
    return "many"


def _line_of(text: str, pos: int) -> str:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a:b if b >= 0 else len(text)]


def _spans(doc: "Doc", t: "Token") -> Iterator[tuple[str, tuple[int, int] | None, str]]:
    """(type, token range of the content, preposition) for what token ``t`` may report."""
    if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
        head = t.head
        prep = t
        lo, hi = head.left_edge.i, head.right_edge.i
        if prep.left_edge.i <= lo:
            yield "according", _chars(doc, prep.right_edge.i + 1, hi), ""
        else:
            yield "according", _chars(doc, lo, prep.left_edge.i - 1), ""
        return
    right: list["Token"] = []
    for c in t.children:
        dep = c.dep_
        if t.pos_ == "ADJ":  # concerned about X, eager to X, confident that X
            if c.i > t.i and dep in ("ccomp", "xcomp"):
                yield dep, _subtree(doc, c), ""
            elif c.i > t.i and dep == "prep":
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    yield "prep", _subtree(doc, objs[0], c.i + 1), c.lower_
            continue
        if t.pos_ == "NOUN":
            if dep in ("acl", "ccomp") and c.i > t.i:
                yield "nclause", _subtree(doc, c), ""
            elif dep == "prep" and c.i > t.i:
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    yield "nprep", _subtree(doc, objs[0], c.i + 1), c.lower_
            continue
        if dep in ("ccomp", "parataxis"):
            yield "ccomp", _subtree(doc, c), ""
        elif dep == "xcomp":
            yield "xcomp", _subtree(doc, c), ""
        elif dep in ("dobj", "dative", "attr", "oprd"):
            yield "dobj", _subtree(doc, c), ""
        elif dep == "prep" and c.i > t.i:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                yield "prep", _subtree(doc, objs[0], c.i + 1), c.lower_
        if c.i > t.i and dep not in SKIP_RIGHT:
            right.append(c)
    if len(right) >= 2:
        yield "right", _chars(doc, right[0].left_edge.i, right[-1].right_edge.i), ""
        core = right  # the same without trailing adverbial clauses ("…, while …", "…, as …")
        while len(core) > 1 and core[-1].dep_ == "advcl":
            core = core[:-1]
        if len(core) < len(right):
            yield "rcore", _chars(doc, core[0].left_edge.i, core[-1].right_edge.i), ""


def _base_features(text: str, t: "Token", subj: "Token | None", cues: "Cues | None",
                   under: Iterable[str] = ()) -> list[str]:
    """The features of a cue token, whatever it reports (``under``: the clause labels on its path
    to the root, see ``_embedding``)."""
    lemma = t.lemma_.lower()
    sk = _subject_kind(subj)
    feats = ["b", f"l={lemma}", f"s={sk}", f"l={lemma}|s={sk}", f"pos={t.pos_}", f"dep={t.dep_}",
             f"tag={t.tag_}", f"hl={t.head.lemma_.lower()}|pos={t.pos_}"]
    if subj is not None and subj.pos_ == "NOUN":
        feats.append(f"sl={subj.lemma_.lower()}")
    neg = modal = False
    for c in t.children:
        dep = c.dep_
        neg = neg or dep == "neg"
        modal = modal or dep == "aux" and c.tag_ == "MD"
    if neg:
        feats.append("neg")
    if modal:
        feats.append("modal")
    if cues and (cues.is_report_verb(t) or t.pos_ == "NOUN" and lemma in cues.nouns):
        feats.append("lex")
    line = _line_of(text, t.idx)
    if not line.rstrip().endswith((".", "”", '"', "?", "!", ")", ":")):
        feats.append("headline")
    head = t.head  # where the cue sits: "X said Y hoped Z", "after X criticized Y", "who said"
    root = head.i == t.i  # (compare indices: spaCy builds a new Token at every access)
    feats.append(f"path={t.dep_}>{'-' if root else head.dep_}")
    if not root and cues and cues.is_report_verb(head):
        feats.append("head_lex")
    feats += [f"under={d}" for d in under]
    return feats


def _features(text: str, t: "Token", base: list[str], kind: str, span: tuple[int, int], body, clause: bool,
              prep: str) -> list[str]:
    """The features of one proposal: its cue's (``base``) and its content's (``body``: tokens;
    ``clause``: it holds a subject)."""
    n = len(body) or 1
    head = body[0] if len(body) else None
    first = head.lower_ if head is not None else ""
    k = f"t={kind}"
    lemma = base[1][2:]  # (base, as _base_features lists it: "b", "l=<lemma>", "s=<kind>", …, "dep=<dep>")
    sk = base[2]
    feats = base + [k, f"{base[1]}|{k}", f"{sk}|{k}", f"{base[5]}|{k}", f"len={_length_bucket(n)}|{k}"]
    if first in FIRST_WORDS:
        feats.append(f"first={first}|{k}")
    if prep:
        feats += [f"p={prep}|{k}", f"l={lemma}|p={prep}"]
    if clause:
        feats.append(f"clause|{k}")
    seg = text[span[0]:span[1]]
    if "\n" in seg:
        feats.append(f"nl|{k}")  # runs over a paragraph break
    if not QUOTE_MARKS.isdisjoint(seg):
        feats += ["quoted", f"quoted|{k}"]
    if "lex" in base:
        feats.append(f"lex|{k}")
    if span[1] <= t.idx:
        feats.append(f"left|{k}")
    if head is not None:
        if first:
            feats.append(f"l={lemma}|first={first if first in FIRST_WORDS else head.pos_}")
        root = body.root
        feats.append(f"root={root.pos_}|{k}")
        if root.pos_ in ("NOUN", "PROPN") and kind in ("dobj", "right", "prep", "nprep"):
            feats.append(f"l={lemma}|obj={root.lemma_.lower()}")
        gap = head.i - t.i
        feats.append(f"gap={_length_bucket(abs(gap))}{'-' if gap < 0 else ''}|{k}")
    return feats


def _offsets_and_subjects(doc: "Doc") -> tuple[list[int], list[int], list[int], list[tuple[str, ...]]]:
    """Each token's character offset; ``subjects[k]``: how many subject tokens come before token
    ``k``; the tokens that may be cues (verbs, nouns, predicative adjectives, "according"); and
    for each of those, the CLAUSE_DEPS labels on its path to the root (up to 6 steps). Read with
    numpy over whole arrays: iterating a Doc in Python builds a Token per step."""
    import numpy as np
    from spacy.attrs import DEP, HEAD, IDX, LOWER, POS

    arr = doc.to_array([IDX, DEP, POS, HEAD, LOWER])  # (uint64: string hashes; strings[...] adds none)
    strings = doc.vocab.strings
    dep, pos = arr[:, 1], arr[:, 2]
    counts = np.concatenate(([0], np.cumsum((dep == strings["nsubj"]) | (dep == strings["nsubjpass"]))))
    idx = np.arange(len(arr))
    head = idx + arr[:, 3].view(np.int64)  # (HEAD: a signed offset)
    # a verb or noun with no dependent that _spans reads proposes nothing: leave it out here
    is_dep = np.zeros(len(arr), dtype=bool)
    for d in VERB_SPAN_DEPS:
        is_dep |= dep == strings[d]
    is_right = head < idx
    skip = np.zeros(len(arr), dtype=bool)
    for d in SKIP_RIGHT:
        skip |= dep == strings[d]
    noun_dep = is_right & ((dep == strings["acl"]) | (dep == strings["ccomp"]) | (dep == strings["prep"]))
    has_verb_dep = np.bincount(head[is_dep & (head != idx)], minlength=len(arr)) > 0
    right_deps = np.bincount(head[is_right & ~skip], minlength=len(arr))
    has_noun_dep = np.bincount(head[noun_dep], minlength=len(arr)) > 0
    verb, noun = pos == strings["VERB"], pos == strings["NOUN"]
    adj_dep = is_right & ((dep == strings["prep"]) | (dep == strings["xcomp"]) | (dep == strings["ccomp"]))
    has_adj_dep = np.bincount(head[adj_dep], minlength=len(arr)) > 0
    adj = (pos == strings["ADJ"]) & (dep == strings["acomp"]) & has_adj_dep
    cand = np.flatnonzero((verb & (has_verb_dep | (right_deps >= 2))) | (noun & has_noun_dep) | adj
                          | (arr[:, 4] == strings["according"]))
    bits = np.zeros(len(arr), dtype=np.int64)
    for b, d in enumerate(CLAUSE_DEPS):
        bits[dep == strings[d]] = 1 << b
    marks = np.zeros(len(cand), dtype=np.int64)
    cur = cand
    for _ in range(6):
        up = head[cur]
        marks |= np.where(up != cur, bits[cur], 0)
        cur = up
    under = [_EMBEDDINGS[m] for m in marks.tolist()]
    return arr[:, 0].tolist(), counts.tolist(), cand.tolist(), under


def proposals(doc: "Doc", cues: "Cues | None" = None,
              rules: Sequence[tuple[int, tuple[int, int], Any]] = (), text: str | None = None,
              speakers: frozenset[str] = frozenset(),
              skip: Sequence[tuple[int, int]] = ()) -> list[Proposal]:
    """Every (cue, content) pair the model scores, with its features. ``rules`` are the rules'
    own reported clauses as (cue token index, content span, candidate): they compete with the
    model's proposals for the same cue, with a feature of their own. ``speakers``: the lowercased
    heads of the speakers the rules found for quotations; a cue whose subject is one of them gets
    the feature "s_quoted" (people quoted in an article are the ones whose reports it gives).
    ``skip``: sorted character spans whose cues propose nothing (the caller drops them anyway)."""
    text = doc.text if text is None else text  # (spaCy rebuilds doc.text at every access)
    starts, subjects, cue_tokens, embedding = _offsets_and_subjects(doc)
    embedded = dict(zip(cue_tokens, embedding))
    out: list[Proposal] = []
    rule_spans: dict[int, tuple[int, int]] = {}
    for i, span, cand in rules:
        t = doc[i]
        subj = doc[cand.speaker_head] if getattr(cand, "speaker_head", None) is not None else None
        base = _base_features(text, t, subj, cues, embedded.get(i, ()))
        if subj is not None and subj.lower_ in speakers:
            base.append("s_quoted")
        lo, hi = max(0, bisect.bisect_right(starts, span[0]) - 1), bisect.bisect_left(starts, span[1])
        feats = _features(text, t, base, "rule", span, doc[lo:hi], subjects[hi] > subjects[lo], "")
        feats.append(f"rule|pos={t.pos_}")
        out.append(Proposal(i, "rule", span, subj, feats, rule=cand))
        rule_spans[i] = span
    for ti, under in zip(cue_tokens, embedding):
        if skip:
            k = bisect.bisect_right(skip, (starts[ti], 1 << 62)) - 1
            if k >= 0 and skip[k][0] <= starts[ti] < skip[k][1]:
                continue
        t = doc[ti]
        subj: "Token | None" = None
        base: list[str] | None = None  # (the subject and the cue's features only once a span qualifies)
        seen: set[tuple[int, int]] = set()
        for kind, tokens, prep in _spans(doc, t):
            if tokens is None or tokens in seen or tokens[0] <= t.i <= tokens[1]:
                continue  # (a content never holds its own cue)
            seen.add(tokens)
            last = doc[tokens[1]]
            span = (starts[tokens[0]], last.idx + len(last.text))
            if tokens[0] == tokens[1] and sum(ch.isalnum() for ch in text[span[0]:span[1]]) < 2:
                continue
            if base is None:
                subj = subject(t, learned=True)
                base = _base_features(text, t, subj, cues, under)
                if subj is not None and subj.lower_ in speakers:
                    base.append("s_quoted")
            clause = subjects[tokens[1] + 1] > subjects[tokens[0]]
            feats = _features(text, t, base, kind, span, doc[tokens[0]:tokens[1] + 1], clause, prep)
            r = rule_spans.get(t.i)
            if r is not None and abs(r[0] - span[0]) + abs(r[1] - span[1]) <= 0.2 * (r[1] - r[0]):
                feats.append("as_rule")
            out.append(Proposal(t.i, kind, span, subj, feats))
    return out


def best_per_cue(props: list[Proposal], model: QuoteModel, keep_rules: bool = True) -> list[Proposal]:
    """One proposal per cue, where the cue is an attribution: the cue's best probability reaches
    the model's threshold. The content is the proposal the span weights rank first (else the
    most probable one). Two kinds need only half the threshold: the rules' own reported clause
    (with ``keep_rules``) and a proposal that holds quoted words (“…” are strong evidence of
    attribution in news)."""
    groups: dict[int, list[Proposal]] = {}
    for p in props:
        p.score = model.probability(p.features)
        groups.setdefault(p.cue, []).append(p)
    half = model.threshold / 2
    out = []
    for group in groups.values():
        top = max(group, key=lambda p: p.score)
        if top.score < half:
            continue  # (kept by no rule below: no need to rank its spans)
        if model.span_weights and len(group) > 1:
            chosen = max(group, key=lambda p: model.span_score(p.features))
        else:
            chosen = top
        if top.score >= model.threshold or top.score >= half and (
                keep_rules and chosen.rule is not None or "quoted" in chosen.features):
            chosen.score = top.score
            out.append(chosen)
    return sorted(out, key=lambda p: p.content)
