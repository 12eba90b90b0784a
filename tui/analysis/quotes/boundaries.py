"""Learned quote boundaries: a linear-chain CRF decides where each quote's content starts and ends.

The rules and the learned pass (``rules.py``, ``learned.py``) find the quotes; for each one
this module labels the tokens of a window around it (the sentences of its cue and content, one
sentence either side in the same paragraph) as outside / beginning / inside the content (O, B, I),
and the labelled runs become the quote's content spans. Token features: word, lemma, shape, POS,
dependency label and path to the cue, inside or outside quotation marks, distance and side of the
cue, sentence and paragraph edges, and what the rules proposed (their content, the speaker, the
kind). The weights are trained with CRFsuite (``tests/bench/train_quote_crf.py``) but stored as
plain JSON (state features and transitions) and decoded here with a small Viterbi, so the
analysis needs neither CRFsuite nor a serialised object.

The same pass gives every quote a ``score`` in [0, 1]: the mean marginal probability of its
content tokens under the CRF, mapped through an isotonic calibration per kind (direct / mixed /
indirect, with or without a speaker) fitted on out-of-fold predictions, so that among quotes
scored about s, about s are right.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from ...model import Quote

LABELS = ("O", "B", "I")
MAX_WINDOW = 120  # tokens; a longer window is cut around the quote
_QUOTE_CHARS = frozenset("“”\"«»„‟‘’'")
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "conj", "parataxis", "pcomp"})


@dataclass(slots=True)
class BoundaryModel:
    """Weights of the CRF (``feats``: attribute -> one weight per label; ``trans[a][b]``: label a
    followed by label b) and the calibration curves (bucket -> (raw thresholds, calibrated values))."""

    feats: dict[str, tuple[float, float, float]]
    trans: tuple[tuple[float, ...], ...]
    calibration: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = field(default_factory=dict)


def _model_from_json(data: object, path: str) -> BoundaryModel:
    from .learned import ModelError

    try:
        assert isinstance(data, dict) and list(data["labels"]) == list(LABELS)
        feats = {str(k): (float(v[0]), float(v[1]), float(v[2])) for k, v in data["state_features"].items()}
        trans = tuple(tuple(float(x) for x in row) for row in data["transitions"])
        assert len(trans) == 3 and all(len(r) == 3 for r in trans)
        cal = {str(k): (tuple(float(x) for x in v[0]), tuple(float(y) for y in v[1]))
               for k, v in (data.get("calibration") or {}).items()}
    except (AssertionError, KeyError, TypeError, ValueError, IndexError):
        raise ModelError(f"{path}: not a quote boundary model (labels, state_features, transitions)") from None
    return BoundaryModel(feats, trans, cal)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> BoundaryModel:
    from .learned import ModelError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: cannot read the quote boundary model ({exc.__class__.__name__})") from None
    return _model_from_json(data, path)


def load_boundary_model(path: str | Path) -> BoundaryModel:
    """The model stored at ``path`` (cached while the file is unchanged). Raises ModelError."""
    from .learned import ModelError

    p = Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError:
        raise ModelError(f"quote boundary model not found: {p}") from None
    return _load(str(p), mtime)


# ---------------------------------------------------------------------------------------------
# Features.


class DocInfo:
    """What the features need from one parsed article, read once into plain lists (spaCy's
    Token objects are slow to make by the thousand)."""

    def __init__(self, doc: "Doc", text: str, regions: Sequence[tuple[int, int]]) -> None:
        import numpy as np
        from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG

        self.doc = doc
        self.text = text
        self.regions = sorted(regions)
        self._base: dict[int, list[str]] = {}
        self._em: dict[int, tuple[float, float, float]] = {}
        self._em_model: object = None
        self._str: dict[int, str] = {}
        n = self.n = len(doc)
        cols = [HEAD, DEP, IDX, LOWER, LEMMA, POS, TAG, SENT_START, LENGTH]
        arr = doc.to_array(cols) if n else np.zeros((0, len(cols)), dtype="uint64")
        self.heads: list[int] = (np.arange(n) + arr[:, 0].astype("int64")).tolist()  # HEAD is relative
        self._dep, self._lower, self._lemma, self._pos, self._tag = (arr[:, k].tolist() for k in (1, 3, 4, 5, 6))
        idx = arr[:, 2].astype("int64")
        self.idx: list[int] = idx.tolist()
        self.length: list[int] = arr[:, 8].tolist()
        starts = np.flatnonzero(arr[:, 7].astype("int64") == 1).tolist()
        self.sent_starts = sorted(set([0] + starts)) if n else [0]
        self.deps: list[str] = [self.s(h) for h in self._dep]
        if self.regions and n:
            ra = np.asarray([a for a, _ in self.regions])
            rb = np.asarray([b for _, b in self.regions])
            k = np.searchsorted(ra, idx, side="right") - 1
            ok = (k >= 0) & (idx < rb[np.maximum(k, 0)])
            k2 = k - 1  # a region nested in the one before
            ok |= (k2 >= 0) & (idx < rb[np.maximum(k2, 0)])
            self.inq: list[bool] = ok.tolist()
        else:
            self.inq = [False] * n

    def s(self, h: int) -> str:
        got = self._str.get(h)
        if got is None:
            got = self._str[h] = self.doc.vocab.strings[h]
        return got

    def sent_of(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def sent_bounds(self, k: int) -> tuple[int, int]:
        k = max(0, min(k, len(self.sent_starts) - 1))
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else self.n
        return self.sent_starts[k], end

    def base(self, i: int) -> list[str]:
        """Features of token ``i`` alone (no cue, no proposal)."""
        got = self._base.get(i)
        if got is not None:
            return got
        s, text, n = self.s, self.text, self.n
        a = self.idx[i]
        w = text[a:a + self.length[i]]
        shape = "q" if w in _QUOTE_CHARS or w in ("''", "``") else _shape(w)
        h = self.heads[i]
        dep, hdep = self.deps[i], self.deps[h]
        out = ["w=" + _word(s(self._lower[i])), "l=" + _word(s(self._lemma[i]).lower()), "p=" + s(self._pos[i]),
               "t=" + s(self._tag[i]), "d=" + dep, "s=" + shape, "hd=" + hdep, "hp=" + s(self._pos[h])]
        if self.inq[i]:
            out.append("inq")
        starts = self.sent_starts
        k = bisect_right(starts, i) - 1
        if starts[k] == i:
            out.append("ss")
        if i + 1 >= n or (k + 1 < len(starts) and starts[k + 1] == i + 1):
            out.append("se")
        if a == 0 or "\n" in text[max(0, a - 2):a]:
            out.append("ps")
        if hdep in _CLAUSE_DEPS and h != i and self.doc[h].left_edge.i == i:
            out.append("lclause=" + hdep)
        if dep in _CLAUSE_DEPS and self.doc[i].right_edge.i == i:
            out.append("rclause=" + dep)
        for off in (-1, 1, -2, 2):
            j = i + off
            if 0 <= j < n:
                out.append(f"w{off}=" + _word(s(self._lower[j])))
                if abs(off) == 1:
                    out.append(f"p{off}=" + s(self._pos[j]))
            else:
                out.append(f"edge{off}")
        self._base[i] = out
        return out

    def base_emission(self, model: "BoundaryModel", i: int) -> tuple[float, float, float]:
        """The summed weights of token ``i``'s own features under ``model`` (cached)."""
        if self._em_model is not model:
            self._em, self._em_model = {}, model
        got = self._em.get(i)
        if got is None:
            got = self._em[i] = _emission(model, self.base(i))
        return got


def _word(w: str) -> str:
    """A word as a feature value: white space (line breaks too) as ``<sp>``."""
    return "<sp>" if not w or w.isspace() or not w.isprintable() else w


def _shape(w: str) -> str:
    if not any(ch.isalnum() for ch in w):
        return "P"
    if w.isdigit():
        return "d"
    if w.isupper():
        return "X" if len(w) > 1 else "X1"
    if w[:1].isupper():
        return "Xx"
    if w.islower():
        return "x"
    return "o"


def _dist(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    return "13+"


def _path(heads: list[int], deps: list[str], i: int, anc: set[int], cue: int) -> str:
    """Dependency labels from token ``i`` up to the first ancestor of the cue (at most 3)."""
    labels = []
    for _ in range(3):
        if i in anc or i == cue:
            return ">".join(labels) + ("^cue" if i == cue else "^anc")
        labels.append(deps[i])
        if heads[i] == i:
            break
        i = heads[i]
    return ">".join(labels) + "^far"


@dataclass(slots=True)
class Window:
    """Tokens ``lo``..``hi`` of a quote's window. A token's features are its own
    (``DocInfo.base``) plus ``extra`` (those that depend on the quote); ``feats`` holds both
    when the window was built for training (or read back from a training store)."""

    lo: int
    hi: int
    feats: list[list[str]] | None = None
    extra: list[list[str]] | None = None

    def all_feats(self, info: "DocInfo") -> list[list[str]]:
        if self.feats is not None:
            return self.feats
        return [info.base(self.lo + k) + x for k, x in enumerate(self.extra or [])]


def _token_range(doc: "Doc", start: int, end: int) -> tuple[int, int] | None:
    sp = doc.char_span(start, end, alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return None
    return sp.start, sp.end


def window(info: DocInfo, kind: str, content: Sequence[tuple[int, int]], cue: tuple[int, int] | None,
           speaker: tuple[int, int] | None, *, full: bool = True) -> Window | None:
    """The token window of one quote and the quote's features of its tokens (``full``: with the
    tokens' own features too, as the trainer needs them)."""
    doc = info.doc
    prop: list[tuple[int, int]] = [r for r in (_token_range(doc, a, b) for a, b in content) if r]
    if not prop:
        return None
    cue_r = _token_range(doc, *cue) if cue else None
    spk_r = _token_range(doc, *speaker) if speaker else None
    heads, deps, inq, idx = info.heads, info.deps, info.inq, info.idx
    if cue_r:
        c = next((k for k in range(*cue_r) if not (cue_r[0] <= heads[k] < cue_r[1]) or heads[k] == k), cue_r[0])
    else:
        c = prop[0][0]
    first = min([prop[0][0]] + ([cue_r[0]] if cue_r else []))
    last = max([prop[-1][1] - 1] + ([cue_r[1] - 1] if cue_r else []))
    s0, s1 = info.sent_of(first), info.sent_of(last) + 1
    lo, _ = info.sent_bounds(s0)
    _, hi = info.sent_bounds(s1)
    text = info.text
    # stay in the paragraphs of the quote and its cue
    a_char, b_char = idx[first], idx[last]
    para_lo = max(text.rfind("\n", 0, a_char), -1) + 1
    para_hi = text.find("\n", b_char)
    para_hi = len(text) if para_hi < 0 else para_hi
    while lo < first and idx[lo] < para_lo:
        lo += 1
    while hi > last + 1 and idx[hi - 1] >= para_hi:
        hi -= 1
    if hi - lo > MAX_WINDOW:
        lo = max(lo, min(first, c) - 20)
        hi = min(hi, max(lo + MAX_WINDOW, last + 21))
    inprop = set()
    starts, ends = set(), set()
    for a, b in prop:
        inprop.update(range(a, b))
        starts.add(a)
        ends.add(b - 1)
    anc = set()
    k = c
    while heads[k] != k and heads[k] not in anc:
        k = heads[k]
        anc.add(k)
    ctok = doc[c]
    sub_lo, sub_hi = ctok.left_edge.i, ctok.right_edge.i
    csent = info.sent_of(c)
    kfeat = "k=" + kind
    extra = []
    for i in range(lo, hi):
        if cue_r and cue_r[0] <= i < cue_r[1]:
            side = "cue"
        else:
            side = "bef" if i < c else "aft"
        ds = info.sent_of(i) - csent
        q = inq[i]
        f = [kfeat, "side=" + side, "dist=" + side + _dist(abs(i - c)),
             "sent=" + (str(ds) if -1 <= ds <= 1 else "far"), "side|inq=" + side + ("True" if q else "False")]
        if i in inprop:
            f += ["prop", "prop|" + kfeat, "prop|" + side]
            if q:
                f.append("prop|inq")
        else:
            f.append("noprop|" + kfeat)
        if i in starts:
            f += ["propB", "propB|" + kfeat]
        if i in ends:
            f.append("propE")
        if i - 1 in ends:
            f.append("afterE")
        if spk_r and spk_r[0] <= i < spk_r[1]:
            f.append("spk")
        if sub_lo <= i <= sub_hi:
            f.append("insub")
        if i in anc:
            f.append("anc")
        elif i != c:
            f.append("path=" + _path(heads, deps, i, anc, c))
        if heads[i] == c and i != c:
            f.append("child=" + deps[i])
        f.append("prop-1=" + str(i - 1 in inprop))
        f.append("prop1=" + str(i + 1 in inprop))
        extra.append(f)
    if full:
        return Window(lo, hi, [info.base(lo + k) + x for k, x in enumerate(extra)])
    return Window(lo, hi, None, extra)


# ---------------------------------------------------------------------------------------------
# Decoding.


def _emission(model: BoundaryModel, f: list[str], e0: float = 0.0, e1: float = 0.0, e2: float = 0.0
              ) -> tuple[float, float, float]:
    get = model.feats.get
    for a in f:
        w = get(a)
        if w is not None:
            e0 += w[0]
            e1 += w[1]
            e2 += w[2]
    return (e0, e1, e2)


def _emissions(model: BoundaryModel, feats: list[list[str]]) -> list[tuple[float, float, float]]:
    return [_emission(model, f) for f in feats]


def window_emissions(info: "DocInfo", model: BoundaryModel, w: "Window") -> list[tuple[float, float, float]]:
    """The emission scores of a window's tokens (the tokens' own part cached per article)."""
    if w.feats is not None:
        return _emissions(model, w.feats)
    return [_emission(model, x, *info.base_emission(model, w.lo + k)) for k, x in enumerate(w.extra or [])]


# A run must start with B: O -> I is not allowed (CRFsuite learns a large negative weight; we
# forbid it outright so decoding never yields a content without a start).
_NEG = -1e9


def viterbi(model: BoundaryModel, feats: list[list[str]], em: list[tuple[float, float, float]] | None = None
            ) -> list[int]:
    """The most probable label sequence (indices into LABELS)."""
    em = _emissions(model, feats) if em is None else em
    if not em:
        return []
    tr = model.trans
    score = [em[0][0], em[0][1], _NEG]
    back: list[tuple[int, int, int]] = []
    for e in em[1:]:
        new, bp = [], []
        for b in range(3):
            best, arg = _NEG * 2, 0
            for a in range(3):
                s = score[a] + (tr[a][b] if not (a == 0 and b == 2) else _NEG)
                if s > best:
                    best, arg = s, a
            new.append(best + e[b])
            bp.append(arg)
        score = new
        back.append(tuple(bp))  # type: ignore[arg-type]
    y = max(range(3), key=lambda b: score[b])
    path = [y]
    for bp in reversed(back):
        y = bp[y]
        path.append(y)
    return path[::-1]


def marginals(model: BoundaryModel, feats: list[list[str]], em: list[tuple[float, float, float]] | None = None
              ) -> list[tuple[float, float, float]]:
    """P(label) of every token (forward-backward, rescaled at each step)."""
    em = _emissions(model, feats) if em is None else em
    n = len(em)
    if not n:
        return []
    ex = math.exp
    tr = [[0.0 if (a == 0 and b == 2) else ex(max(-50.0, min(50.0, model.trans[a][b]))) for b in range(3)]
          for a in range(3)]
    pots = []
    for e in em:
        m = max(e)
        pots.append((ex(e[0] - m), ex(e[1] - m), ex(e[2] - m)))
    p0 = pots[0]
    f = [p0[0], p0[1], 0.0]
    z = f[0] + f[1]
    fw = [(f[0] / z, f[1] / z, 0.0)]
    for t in range(1, n):
        a0, a1, a2 = fw[-1]
        p = pots[t]
        f0 = (a0 * tr[0][0] + a1 * tr[1][0] + a2 * tr[2][0]) * p[0]
        f1 = (a0 * tr[0][1] + a1 * tr[1][1] + a2 * tr[2][1]) * p[1]
        f2 = (a0 * tr[0][2] + a1 * tr[1][2] + a2 * tr[2][2]) * p[2]
        z = f0 + f1 + f2 or 1.0
        fw.append((f0 / z, f1 / z, f2 / z))
    bw = [(1.0, 1.0, 1.0)] * n
    for t in range(n - 2, -1, -1):
        p = pots[t + 1]
        b0, b1, b2 = bw[t + 1]
        c0, c1, c2 = p[0] * b0, p[1] * b1, p[2] * b2
        g = [tr[a][0] * c0 + tr[a][1] * c1 + tr[a][2] * c2 for a in range(3)]
        z = g[0] + g[1] + g[2] or 1.0
        bw[t] = (g[0] / z, g[1] / z, g[2] / z)
    out = []
    for t in range(n):
        a, b = fw[t], bw[t]
        m0, m1, m2 = a[0] * b[0], a[1] * b[1], a[2] * b[2]
        z = m0 + m1 + m2 or 1.0
        out.append((m0 / z, m1 / z, m2 / z))
    return out


def runs(labels: Sequence[int]) -> list[tuple[int, int]]:
    """The (start, end) index runs of B I* in a label sequence."""
    out: list[tuple[int, int]] = []
    start = None
    for k, y in enumerate(labels):
        if y == 1 or (y == 2 and start is None):
            if start is not None:
                out.append((start, k))
            start = k
        elif y == 0 and start is not None:
            out.append((start, k))
            start = None
    if start is not None:
        out.append((start, len(labels)))
    return out


def bucket(kind: str, has_speaker: bool) -> str:
    return f"{kind}|{'spk' if has_speaker else 'nospk'}"


def calibrate(model: BoundaryModel, key: str, raw: float) -> float:
    """The calibrated score of ``raw`` for bucket ``key`` (step function; raw when uncalibrated)."""
    curve = model.calibration.get(key) or model.calibration.get("all")
    if not curve:
        return raw
    xs, ys = curve
    k = bisect_right(xs, raw) - 1
    return ys[max(0, k)] if xs else raw


_OPEN = frozenset("“\"«„‘'")
_CLOSE = frozenset("”\"»‟’'")


def _trim_chars(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces and edge punctuation; a content that is one whole quotation loses its marks
    (a direct quote's content is the words inside them)."""
    while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-"):
        b -= 1
    if b - a > 2 and text[a] in _OPEN and text[b - 1] in _CLOSE and \
            not any(ch in _OPEN or ch in _CLOSE for ch in text[a + 1:b - 1] if ch not in "’'"):
        a, b = a + 1, b - 1
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
    return a, b


@dataclass(slots=True)
class Relabelled:
    content: list[tuple[int, int]]
    raw: float
    score: float


def relabel(info: DocInfo, model: BoundaryModel, kind: str, content: Sequence[tuple[int, int]],
            cue: tuple[int, int] | None, speaker: tuple[int, int] | None) -> Relabelled | None:
    """The CRF's content spans of one quote and its score; None when the window is empty."""
    w = window(info, kind, content, cue, speaker, full=False)
    return None if w is None else decode(info, model, w, kind, content, speaker is not None)


def decode(info: DocInfo, model: BoundaryModel, w: Window, kind: str, content: Sequence[tuple[int, int]],
           has_speaker: bool) -> Relabelled:
    """Label a quote's window. When the CRF labels no content, the proposed content is kept with
    half the mean marginal of its own tokens as raw score (a weak quote)."""
    em = window_emissions(info, model, w)
    labels = viterbi(model, [], em)
    spans = runs(labels)
    marg = marginals(model, [], em)
    text = info.text
    out = []
    toks = [k for a, b in spans for k in range(a, b)]
    for a, b in spans:
        s, e = info.idx[w.lo + a], info.idx[w.lo + b - 1] + info.length[w.lo + b - 1]
        s, e = _trim_chars(text, s, e)
        if e > s:
            out.append((s, e))
    raw = sum(1.0 - marg[k][0] for k in toks) / len(toks) if toks else 0.0
    if not out:
        toks = [k for k in range(len(labels)) if any(a <= info.idx[w.lo + k] < b for a, b in content)]
        raw = 0.5 * sum(1.0 - marg[k][0] for k in toks) / len(toks) if toks else 0.0
        out = list(content)
    return Relabelled(out, raw, calibrate(model, bucket(kind, has_speaker), raw))


def _letters(text: str, spans: Sequence[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for a, b in spans for i in range(a, b) if text[i].isalnum())


def finish(text: str, scored: list[tuple[Relabelled | None, "Quote"]]) -> list["Quote"]:
    """Quotes with the CRF's contents and scores, in text order, renumbered; a content read twice
    (two cues, one content) keeps its most confident reading."""
    from ...model import Quote, Span

    cands = []
    for r, q in scored:
        if r is None:
            cands.append((-1.0, q, None))
            continue
        content = [Span.of(text, a, b) for a, b in r.content if b > a]
        if not content:
            continue
        cands.append((r.raw, Quote(id=q.id, kind=q.kind, content=content, cue=q.cue, speaker=q.speaker,
                                   speaker_entity=q.speaker_entity, speaker_name=q.speaker_name,
                                   score=round(r.score, 3)), None))
    kept: list[tuple["Quote", frozenset[int]]] = []
    for raw, q, _ in sorted(cands, key=lambda x: -x[0]):
        let = _letters(text, [(c.start, c.end) for c in q.content])
        if any(let and len(let & k) / len(let | k) >= 0.5 for _, k in kept):
            continue
        kept.append((q, let))
    out = sorted((q for q, _ in kept), key=lambda q: (q.start, q.end))
    for n, q in enumerate(out, 1):
        q.id = f"Q{n}"
    return out


def apply_boundaries(doc: "Doc", text: str, quotes: list["Quote"], model: BoundaryModel,
                     regions: Sequence[tuple[int, int]] | None = None) -> list["Quote"]:
    """``quotes`` (the rules' and the learned pass's) with the CRF's content boundaries and a
    calibrated ``score`` each."""
    if not quotes:
        return quotes
    if regions is None:
        from .marks import find_quotes

        regions = [(r.open_at, r.after_close or r.end) for r in find_quotes(text)]
    info = DocInfo(doc, text, regions)
    scored = []
    for q in quotes:
        content = [(c.start, c.end) for c in q.content]
        cue = (q.cue.start, q.cue.end) if q.cue else None
        spk = (q.speaker.start, q.speaker.end) if q.speaker else None
        scored.append((relabel(info, model, q.kind, content, cue, spk), q))
    return finish(text, scored)


def refine_quotes(doc: "Doc", text: str, quotes: list["Quote"], settings) -> list["Quote"]:
    """The quotes with the boundaries and scores of the model at ``quotes.boundaries`` (none: as
    they are)."""
    qs = getattr(settings, "quotes", None)
    path = getattr(qs, "boundaries", None)
    if not path or not quotes:
        return quotes
    return apply_boundaries(doc, text, quotes, load_boundary_model(path))
