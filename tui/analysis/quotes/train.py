"""Training the learned quote pass (``tui.analysis.quotes.learned``) on an annotated corpus (brat standoff).

A proposal is a positive example when its content matches a gold content (letter-set Jaccard
>= 0.5, as the scorer counts) and its cue token lies in that gold attribution's cue. The model is
an L2-regularised logistic regression fitted with Adam in numpy (no extra dependency); the
weights are written as JSON, never pickled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Sequence

from ...evaluate import GoldItem, letters
from .learned import Proposal


def label(text: str, props: Sequence[Proposal], gold: Sequence[GoldItem], cue_chars: Sequence[frozenset[int]]) -> list[int]:
    """1 for each proposal that matches a gold attribution (content and cue), else 0."""
    return [int(j >= 0.5) for j in overlaps(text, props, gold, cue_chars)]


def overlaps(text: str, props: Sequence[Proposal], gold: Sequence[GoldItem],
             cue_chars: Sequence[frozenset[int]]) -> list[float]:
    """For each proposal, its best letter-set Jaccard with a gold content whose cue it shares."""
    out = []
    for p, cue in zip(props, cue_chars):
        c = letters(text, [p.content])
        best = 0.0
        for g in gold:
            if not (c & g.content) or (g.cue and not (cue & g.cue)):
                continue
            best = max(best, len(c & g.content) / len(c | g.content))
        out.append(best)
    return out


def span_groups(props: Sequence[Proposal], jaccards: Sequence[float]) -> list[tuple[list[list[str]], int]]:
    """Training groups for the span ranker: the proposals of each cue that has a match, with the
    index of the one closest to the gold content."""
    by_cue: dict[int, list[int]] = {}
    for k, p in enumerate(props):
        by_cue.setdefault(p.cue, []).append(k)
    out = []
    for ks in by_cue.values():
        if len(ks) < 2:
            continue
        best = max(ks, key=lambda k: jaccards[k])
        if jaccards[best] >= 0.5:
            out.append(([props[k].features for k in ks], ks.index(best)))
    return out


def _sparse(examples: Sequence[list[str]], min_count: int):
    """The vocabulary of features seen in at least ``min_count`` examples, and the examples as
    (row, column) index arrays of a binary matrix."""
    import numpy as np

    counts: dict[str, int] = {}
    for feats in examples:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for r, feats in enumerate(examples):
        for f in set(feats):
            j = vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    return vocab, np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def _adam(gradient, d: int, epochs: int, lr: float):
    """Weights after ``epochs`` full-batch Adam steps on ``gradient(w)``."""
    import numpy as np

    w, m, v = np.zeros(d), np.zeros(d), np.zeros(d)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        g = gradient(w)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + eps)
    return w


def _named(vocab: dict[str, int], w) -> dict[str, float]:
    return {f: round(float(w[j]), 4) for f, j in vocab.items() if abs(w[j]) >= 1e-3}


def fit_ranker(groups: Sequence[tuple[list[list[str]], int]], *, l2: float = 1e-4, epochs: int = 300,
               min_count: int = 2, lr: float = 0.05) -> dict[str, float]:
    """Softmax weights ``{feature: weight}`` that rank, within each group, its target first."""
    import numpy as np

    examples = [feats for feats_list, _ in groups for feats in feats_list]
    vocab, rows, cols = _sparse(examples, min_count)
    if not groups or not vocab:
        return {}
    sizes = [len(feats_list) for feats_list, _ in groups]
    gid = np.repeat(np.arange(len(groups)), sizes)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    y = np.zeros(len(examples))
    y[starts + np.asarray([t for _, t in groups])] = 1.0
    n, ng = len(examples), len(groups)

    def gradient(w):
        z = np.bincount(rows, weights=w[cols], minlength=n)
        e = np.exp(z - np.maximum.reduceat(z, starts)[gid])
        p = e / np.add.reduceat(e, starts)[gid]
        return np.bincount(cols, weights=(p - y)[rows], minlength=len(vocab)) / ng + l2 * w

    return _named(vocab, _adam(gradient, len(vocab), epochs, lr))


def fit(examples: Sequence[list[str]], labels: Sequence[int], *, l2: float = 1e-4, epochs: int = 300,
        min_count: int = 2, lr: float = 0.05) -> dict[str, float]:
    """Logistic weights ``{feature: weight}`` for the examples (features seen < min_count times
    are dropped; weights near zero are pruned)."""
    import numpy as np

    vocab, rows, cols = _sparse(examples, min_count)
    y = np.asarray(labels, dtype=float)
    n = len(y)

    def gradient(w):
        z = np.bincount(rows, weights=w[cols], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return np.bincount(cols, weights=(p - y)[rows], minlength=len(vocab)) / n + l2 * w

    return _named(vocab, _adam(gradient, len(vocab), epochs, lr))


def save(weights: dict[str, float], path: str | Path, about: dict | None = None,
         span_weights: dict[str, float] | None = None) -> None:
    """Write ``{"about": …, "weights": {…}, "span_weights": {…}}`` (sorted, one feature a line)."""
    from ...fsutil import write_atomic

    data = {"about": about or {}, "weights": dict(sorted(weights.items()))}
    if span_weights:
        data["span_weights"] = dict(sorted(span_weights.items()))
    body = json.dumps(data, indent=0, ensure_ascii=False)
    write_atomic(Path(path), body + "\n")


def cue_letters(doc, props: Iterable[Proposal]) -> list[frozenset[int]]:
    """The letters of each proposal's cue token (both words of "according to")."""
    text = doc.text
    out = []
    for p in props:
        t = doc[p.cue]
        end = doc[p.cue + 1] if p.kind == "according" else t
        out.append(letters(text, [(t.idx, end.idx + len(end.text))]))
    return out
