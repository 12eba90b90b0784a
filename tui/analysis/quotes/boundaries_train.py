"""Training the quote boundary CRF (``boundaries.py``) and its calibration on brat-standoff gold.

Needs python-crfsuite (the ``train`` extra); the analysis itself never imports it. A quote's
training sequence is its window's tokens, labelled O/B/I by the gold content it stands for: a gold
attribution sharing its cue and overlapping its content, else the gold content it overlaps most
(letter-set Jaccard >= 0.3); a quote with no such gold is all O. The learned weights are read
back from CRFsuite's model dump (``Tagger.info()``) and written as plain JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from ...evaluate import GoldItem, letters
from .boundaries import LABELS, DocInfo, window


def gold_for(text: str, content: Sequence[tuple[int, int]], cue: tuple[int, int] | None,
             gold: Sequence[GoldItem]) -> GoldItem | None:
    c = letters(text, content)
    cl = letters(text, [cue]) if cue else frozenset()
    best, best_key = None, (0, 0.0)
    for g in gold:
        inter = c & g.content
        if not inter:
            continue
        jac = len(inter) / len(c | g.content)
        same_cue = bool(cl and g.cue and cl & g.cue)
        if not same_cue and jac < 0.3:
            continue
        key = (int(same_cue), jac)
        if key > best_key:
            best, best_key = g, key
    return best


def token_labels(info: DocInfo, lo: int, hi: int, g: GoldItem | None) -> list[str]:
    """O/B/I of tokens lo..hi for gold content ``g`` (punctuation inside the content counts in)."""
    doc = info.doc
    n = hi - lo
    if g is None:
        return ["O"] * n
    inside: list[bool | None] = []
    for i in range(lo, hi):
        t = doc[i]
        al = [t.idx + k for k, ch in enumerate(t.text) if ch.isalnum()]
        inside.append(any(a in g.content for a in al) if al else None)
    # a token without letters is inside when the nearest lettered tokens on both sides are
    filled: list[bool] = []
    for k, v in enumerate(inside):
        if v is not None:
            filled.append(v)
            continue
        left = next((inside[j] for j in range(k - 1, -1, -1) if inside[j] is not None), False)
        right = next((inside[j] for j in range(k + 1, n) if inside[j] is not None), False)
        filled.append(bool(left and right))
    out = []
    for k, v in enumerate(filled):
        out.append("O" if not v else ("B" if k == 0 or not filled[k - 1] else "I"))
    return out


def sequences(info: DocInfo, quotes, gold: Sequence[GoldItem]):
    """(features, labels) of every quote of one article (quotes: the contract's Quote objects)."""
    out = []
    for q in quotes:
        content = [(s.start, s.end) for s in q.content]
        cue = (q.cue.start, q.cue.end) if q.cue else None
        spk = (q.speaker.start, q.speaker.end) if q.speaker else None
        w = window(info, q.kind, content, cue, spk)
        if w is None:
            continue
        out.append((w.feats, token_labels(info, w.lo, w.hi, gold_for(info.text, content, cue, gold))))
    return out


TRAIN_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 60, "feature.possible_transitions": True,
                "feature.minfreq": 3}


def train(seqs, params: dict | None = None) -> dict:
    """Fit a CRF on ``seqs`` (features, labels) and return its weights as plain data."""
    import os
    import tempfile

    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for feats, labels in seqs:
        tr.append(pycrfsuite.ItemSequence(feats), labels)
    tr.set_params(dict(TRAIN_PARAMS, **(params or {})))
    fd, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        tr.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    finally:
        os.unlink(path)
    idx = {lab: k for k, lab in enumerate(LABELS)}
    feats: dict[str, list[float]] = {}
    for (attr, lab), w in info.state_features.items():
        feats.setdefault(attr, [0.0, 0.0, 0.0])[idx[lab]] = round(w, 6)
    trans = [[0.0] * 3 for _ in LABELS]
    for (a, b), w in info.transitions.items():
        trans[idx[a]][idx[b]] = round(w, 6)
    return {"labels": list(LABELS), "transitions": trans,
            "state_features": {k: feats[k] for k in sorted(feats) if any(feats[k])}}


def isotonic(xs: Sequence[float], ys: Sequence[int]) -> tuple[list[float], list[float]]:
    """Pool-adjacent-violators: a non-decreasing step function of x fitted to 0/1 outcomes, as
    (left edges, values)."""
    pts = sorted(zip(xs, ys))
    blocks: list[list[float]] = []  # [x_left, sum, count]
    for x, y in pts:
        blocks.append([x, float(y), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            b = blocks.pop()
            blocks[-1][1] += b[1]
            blocks[-1][2] += b[2]
    edges = [0.0] + [round(b[0], 4) for b in blocks[1:]]
    vals = [round(b[1] / b[2], 4) for b in blocks]
    return edges, vals


def save(model: dict, path: str | Path, about: dict | None = None) -> None:
    from ...fsutil import write_atomic

    data = {"about": about or {}, **model}
    write_atomic(Path(path), json.dumps(data, indent=0, ensure_ascii=False, sort_keys=False) + "\n")
