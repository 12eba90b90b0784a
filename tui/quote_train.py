"""Training the learned quote pass (``tui.quote_model``) on an annotated corpus (brat standoff).

A proposal is a positive example when its content matches a gold content (letter-set Jaccard
>= 0.5, as the scorer counts) and its cue token lies in that gold attribution's cue. The model is
an L2-regularised logistic regression fitted with Adam in numpy (no extra dependency); the
weights are written as JSON, never pickled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Sequence

from .evaluate import GoldItem, letters
from .quote_model import Proposal


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


def fit_ranker(groups: Sequence[tuple[list[list[str]], int]], *, l2: float = 1e-4, epochs: int = 300,
               min_count: int = 2, lr: float = 0.05) -> dict[str, float]:
    """Softmax weights ``{feature: weight}`` that rank, within each group, its target first."""
    import numpy as np

    counts: dict[str, int] = {}
    for feats_list, _ in groups:
        for feats in feats_list:
            for f in set(feats):
                counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols, gid, starts, target = [], [], [], [], []
    r = 0
    for g, (feats_list, t) in enumerate(groups):
        starts.append(r)
        for k, feats in enumerate(feats_list):
            for f in set(feats):
                j = vocab.get(f)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
            gid.append(g)
            target.append(1.0 if k == t else 0.0)
            r += 1
    if not groups or not vocab:
        return {}
    rows_a, cols_a, gid_a, starts_a = map(np.asarray, (rows, cols, gid, starts))
    y = np.asarray(target)
    n, d, ng = r, len(vocab), len(groups)
    w, m, v = np.zeros(d), np.zeros(d), np.zeros(d)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        z = np.bincount(rows_a, weights=w[cols_a], minlength=n)
        e = np.exp(z - np.maximum.reduceat(z, starts_a)[gid_a])
        p = e / np.add.reduceat(e, starts_a)[gid_a]
        g = np.bincount(cols_a, weights=(p - y)[rows_a], minlength=d) / ng + l2 * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + eps)
    names = sorted(vocab, key=vocab.get)
    return {f: round(float(x), 4) for f, x in zip(names, w) if abs(x) >= 1e-3}


def fit(examples: Sequence[list[str]], labels: Sequence[int], *, l2: float = 1e-4, epochs: int = 300,
        min_count: int = 2, lr: float = 0.05) -> dict[str, float]:
    """Logistic weights ``{feature: weight}`` for the examples (features seen < min_count times
    are dropped; weights near zero are pruned)."""
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
    rows_a, cols_a = np.asarray(rows), np.asarray(cols)
    y = np.asarray(labels, dtype=float)
    n, d = len(y), len(vocab)
    w = np.zeros(d)
    m = np.zeros(d)
    v = np.zeros(d)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        z = np.bincount(rows_a, weights=w[cols_a], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = np.bincount(cols_a, weights=(p - y)[rows_a], minlength=d) / n + l2 * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + eps)
    names = sorted(vocab, key=vocab.get)
    return {f: round(float(x), 4) for f, x in zip(names, w) if abs(x) >= 1e-3}


def save(weights: dict[str, float], path: str | Path, about: dict | None = None,
         span_weights: dict[str, float] | None = None) -> None:
    """Write ``{"about": …, "weights": {…}, "span_weights": {…}}`` (sorted, one feature a line)."""
    from .fsutil import write_atomic

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
