"""Train the quote boundary CRF and its calibration on PolNeAR train, cross-validated (run by hand).

    python tests/bench/train_quote_crf.py [--cache /tmp/q2cache] [--out config/models/quote_crf.json]
                                          [--no-save] [--c1 0.05] [--c2 0.01] [--iterations 150]

Needs python-crfsuite (``pip install '.[train]'``). Steps, all on train only (dev is only scored):

1. out-of-fold predictions of the current extractor on the 840 train articles, 5 folds by article
   (``quotes_cv.py``: the learned quote pass is retrained on the other four folds);
2. for each fold, a CRF trained on the other folds' out-of-fold quotes relabels this fold's
   quotes: pooled scores are the cross-validated figures; the raw confidences of these
   out-of-fold quotes, with whether each is right, fit the calibration (isotonic, per kind);
3. a CRF trained on all 840 articles' out-of-fold quotes is the shipped model, with the
   calibration fitted on all out-of-fold raw confidences; dev is relabelled and scored.

CRFsuite's L-BFGS is deterministic for a given input order, so the same cache gives the same
weights byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from quotes_cv import folds_of, line, load, oof_baseline, predict, settings_with  # noqa: E402

from tui.config import default_settings  # noqa: E402
from tui.evaluate import letters, score  # noqa: E402
from tui.model import Analysis  # noqa: E402
from tui.analysis.quotes.boundaries import (DocInfo, Window, _model_from_json, bucket, calibrate, decode,  # noqa: E402
                                             finish, window)
from tui.analysis.quotes.boundaries_train import gold_for, isotonic, save, token_labels, train  # noqa: E402
from tui.analysis.quotes.marks import find_quotes  # noqa: E402

OUT = ROOT / "config" / "models" / "quote_crf.json"


class Store:
    """Every quote's window, features coded as ints (the corpus' features fit in memory)."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.names: list[str] = []
        self.items: list[dict] = []  # stem, q index, lo, hi, codes, lengths, labels

    def code(self, feats: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        ids, lens = [], []
        for f in feats:
            for a in f:
                k = self.vocab.get(a)
                if k is None:
                    k = self.vocab[a] = len(self.names)
                    self.names.append(a)
                ids.append(k)
            lens.append(len(f))
        return np.asarray(ids, dtype=np.int32), np.asarray(lens, dtype=np.int32)

    def feats(self, it: dict) -> list[list[str]]:
        out, pos, names = [], 0, self.names
        ids = it["ids"].tolist()
        for n in it["lens"].tolist():
            out.append([names[k] for k in ids[pos:pos + n]])
            pos += n
        return out


def info_of(doc) -> DocInfo:
    text = doc.text
    return DocInfo(doc, text, [(r.open_at, r.after_close or r.end) for r in find_quotes(text)])


def collect(store: Store, docs, preds: dict[str, Analysis], gold, infos) -> None:
    for s in sorted(preds):
        info = infos[s]
        for n, q in enumerate(preds[s].quotes):
            content = [(c.start, c.end) for c in q.content]
            cue = (q.cue.start, q.cue.end) if q.cue else None
            spk = (q.speaker.start, q.speaker.end) if q.speaker else None
            w = window(info, q.kind, content, cue, spk)
            if w is None:
                continue
            labels = token_labels(info, w.lo, w.hi, gold_for(info.text, content, cue, gold[s][1])) if gold else None
            ids, lens = store.code(w.feats)
            store.items.append({"stem": s, "q": n, "lo": w.lo, "hi": w.hi, "ids": ids, "lens": lens,
                                "labels": labels})


def matches(text, items, quotes) -> list[tuple[bool, bool]]:
    """(content matched, attribution right) of each quote, matched one-to-one as the scorer does."""
    from tui.evaluate import _spans_of

    pq = [(letters(text, _spans_of(q.content)), letters(text, _spans_of(q.speaker)) if q.speaker else None)
          for q in quotes]
    pairs = sorted(((len(p[0] & g.content) / len(p[0] | g.content), i, j) for i, p in enumerate(pq)
                    for j, g in enumerate(items) if p[0] & g.content), reverse=True)
    out = [(False, False)] * len(pq)
    used_p, used_g = set(), set()
    for jac, i, j in pairs:
        if jac < 0.5 or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        g = items[j]
        ok = g.source is None or (pq[i][1] is not None and bool(pq[i][1] & g.source))
        out[i] = (True, ok)
    return out


def relabel_all(store: Store, model, items, preds, infos) -> tuple[dict[str, Analysis], dict]:
    """New analyses with the CRF's contents (``tui.quote_crf.finish``, as at run time) and each
    quote's score (raw when the model has no calibration): stem -> [score per quote]."""
    by: dict[str, dict] = {}
    for it in items:
        s = it["stem"]
        q = preds[s].quotes[it["q"]]
        w = Window(it["lo"], it["hi"], store.feats(it))
        by.setdefault(s, {})[it["q"]] = decode(infos[s], model, w, q.kind, [(c.start, c.end) for c in q.content],
                                               q.speaker is not None)
    out, raws = {}, {}
    for s in sorted(by):
        a = preds[s]
        quotes = finish(a.text, [(by[s].get(n), q) for n, q in enumerate(a.quotes)])
        out[s] = Analysis(path=a.path, text=a.text, meta=a.meta, pipeline=a.pipeline, entities=a.entities,
                          quotes=quotes, relations=a.relations)
        raws[s] = [q.score or 0.0 for q in quotes]
    return out, raws


def reliability(pairs: list[tuple[float, int]], edges=(0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01)) -> list[str]:
    rows = []
    for a, b in zip(edges, edges[1:]):
        sel = [y for p, y in pairs if a <= p < b]
        mp = np.mean([p for p, y in pairs if a <= p < b]) if sel else 0
        rows.append(f"  score [{a:.1f}, {min(b, 1.0):.1f}): {len(sel):5d} quotes, mean score {mp:.2f}, "
                    f"right {100 * np.mean(sel) if sel else 0:5.1f} %")
    return rows


def per_kind(gold, preds) -> dict[str, tuple[int, int, int]]:
    out: dict[str, list[int]] = {}
    for s, a in preds.items():
        for q, (c, ok) in zip(a.quotes, matches(a.text, gold[s][1], a.quotes)):
            k = bucket(q.kind, q.speaker is not None)
            v = out.setdefault(k, [0, 0, 0])
            v[0] += 1
            v[1] += c
            v[2] += ok
    return {k: tuple(v) for k, v in sorted(out.items())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/q2cache"))
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--only-folds", type=int, nargs="*", default=None,
                    help="cross-validate these folds only (the others still train them)")
    ap.add_argument("--no-final", action="store_true", help="no final model, no dev run")
    ap.add_argument("--oof-out", type=Path, default=None,
                    help="write the out-of-fold quotes' (bucket, raw score, right) as JSON")
    ap.add_argument("--c1", type=float, default=None)
    ap.add_argument("--c2", type=float, default=None)
    ap.add_argument("--iterations", type=int, default=None)
    args = ap.parse_args()
    params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2), ("max_iterations", args.iterations)) if v is not None}
    nlp, (tgold, tdocs), (dgold, ddocs) = load(args.cache)
    t0 = time.time()
    oof = oof_baseline(args.cache, tgold, tdocs)
    print(line("train CV, current", score(tgold, oof)), flush=True)
    infos = {s: info_of(d) for s, d in tdocs.items()}
    store = Store()
    collect(store, tdocs, oof, tgold, infos)
    print(f"{len(store.items)} windows, {len(store.vocab)} features ({time.time() - t0:.0f} s)", flush=True)
    folds = folds_of(list(tdocs))
    fold_of = {s: f for f, fs in enumerate(folds) for s in fs}
    raw_oof: dict[str, list[float]] = {}
    crf_oof: dict[str, Analysis] = {}
    if not args.no_cv:
        run = args.only_folds if args.only_folds else list(range(len(folds)))
        for f in run:
            t1 = time.time()
            tr = [(store.feats(it), it["labels"]) for it in store.items if fold_of[it["stem"]] != f]
            model = _model_from_json(train(tr, params), "cv")
            test = [it for it in store.items if fold_of[it["stem"]] == f]
            new, raws = relabel_all(store, model, test, {s: oof[s] for s in folds[f]}, infos)
            crf_oof.update(new)
            raw_oof.update(raws)
            print(f"fold {f}: {len(model.feats)} weights, {time.time() - t1:.0f} s", flush=True)
        sub = {s: tgold[s] for s in crf_oof}
        print(line(f"train CV folds {run}, CRF", score(sub, crf_oof)), flush=True)
        print(line(f"train CV folds {run}, current", score(sub, {s: oof[s] for s in crf_oof})), flush=True)
        # calibration: per fold, fitted on the other folds' out-of-fold quotes
        flags = {s: matches(a.text, tgold[s][1], a.quotes) for s, a in crf_oof.items()}
        xy: dict[str, list[tuple[float, int, str]]] = {}
        for s, a in crf_oof.items():
            for q, raw, (c, ok) in zip(a.quotes, raw_oof[s], flags[s]):
                xy.setdefault(bucket(q.kind, q.speaker is not None), []).append((raw, int(ok), s))
        if args.oof_out:
            args.oof_out.write_text(json.dumps({k: [[x, y, s] for x, y, s in v] for k, v in xy.items()}))
        cal_pairs = []
        for f in run:
            curves = {}
            for k, v in xy.items():
                xs = [x for x, y, s in v if fold_of[s] != f]
                ys = [y for x, y, s in v if fold_of[s] != f]
                if xs:
                    curves[k] = isotonic(xs, ys)
            m = type("M", (), {"calibration": curves})
            for k, v in xy.items():
                cal_pairs += [(calibrate(m, k, x), y) for x, y, s in v if fold_of[s] == f]
        print("reliability of the calibrated score, train CV (attribution right):")
        print("\n".join(reliability(cal_pairs)))
        for cut in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7):
            sel = [y for p, y in cal_pairs if p >= cut]
            print(f"  min_score {cut:.1f}: shows {len(sel)} of {len(cal_pairs)}, precision {100 * np.mean(sel):.1f} %")
        for k, (n, c, ok) in per_kind(sub, crf_oof).items():
            print(f"  CV {k:18} {n:5d} quotes  content P {100 * c / n:5.1f}  attribution P {100 * ok / n:5.1f}")
        calibration = {k: isotonic([x for x, _, _ in v], [y for _, y, _ in v]) for k, v in sorted(xy.items())}
    else:
        calibration = {}
    if args.no_final:
        return
    t1 = time.time()
    data = train([(store.feats(it), it["labels"]) for it in store.items], params)
    data["calibration"] = {k: [list(a), list(b)] for k, (a, b) in calibration.items()}
    print(f"final model: {len(data['state_features'])} features ({time.time() - t1:.0f} s)", flush=True)
    model = _model_from_json(data, "final")
    dev = predict(ddocs, list(ddocs), settings_with(default_settings().quotes.model))
    print(line("dev, current", score(dgold, dev)))
    dinfos = {s: info_of(d) for s, d in ddocs.items()}
    dstore = Store()
    collect(dstore, ddocs, dev, None, dinfos)
    dnew, draws = relabel_all(dstore, model, dstore.items, dev, dinfos)
    print(line("dev, CRF", score(dgold, dnew)))
    for k, (n, c, ok) in per_kind(dgold, dnew).items():
        print(f"  dev {k:18} {n:5d} quotes  content P {100 * c / n:5.1f}  attribution P {100 * ok / n:5.1f}")
    if not args.no_save:
        about = {"trained_on": "PolNeAR train (840 articles), out-of-fold quotes of the extractor",
                 "params": dict(sorted({**__import__('tui.analysis.quotes.boundaries_train', fromlist=['x']).TRAIN_PARAMS,
                                        **params}.items()))}
        save(data, args.out, about)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
