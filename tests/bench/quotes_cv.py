"""Honest measurement of the quote extractor: 5-fold cross-validation over PolNeAR train (by
article), dev only reported. Run by hand, not by pytest:

    python tests/bench/quotes_cv.py [--cache /tmp/q2cache] [--stage baseline|crf] [--folds 5]

Parses are cached as spaCy DocBins in ``--cache`` (a temp folder: corpus text stays out of the
project). Folds: train articles sorted by name, article k goes to fold k % 5. For each fold the
learned quote pass (``tui/quote_model.py``) is retrained on the other four folds exactly as
``train_quote_model.py`` does, so every train article is predicted by a model that never saw it
("out-of-fold" predictions). Scores are pooled over the 840 articles with ``tui.evaluate.score``
(the same metrics as ``../shared/eval/score_quotes.py``). Out-of-fold predictions are written to
``--cache`` as JSON lines (the later stages train on them).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from tui.analysis import Lexicons, analyze_doc, get_nlp  # noqa: E402
from tui.articles import article_from_text  # noqa: E402
from tui.config import default_settings  # noqa: E402
from tui.evaluate import score  # noqa: E402
from tui.model import Analysis  # noqa: E402

POLNEAR = Path("/work/shared/data/polnear")
if not POLNEAR.is_dir():
    POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
FOLDS = 5


def folds_of(stems: list[str], k: int = FOLDS) -> list[list[str]]:
    stems = sorted(stems)
    return [[s for n, s in enumerate(stems) if n % k == f] for f in range(k)]


def load(cache: Path):
    from train_quote_model import parsed

    nlp = get_nlp(default_settings())
    tgold, tdocs = parsed(nlp, POLNEAR / "train", cache)
    dgold, ddocs = parsed(nlp, POLNEAR / "dev", cache)
    return nlp, (tgold, tdocs), (dgold, ddocs)


def settings_with(model: Path | None, threshold: float | None = None, boundaries: Path | None = None):
    """The default settings with this quote model and boundary CRF (None: off)."""
    base = default_settings()
    upd = {"model": model, "boundaries": boundaries}
    if threshold is not None:
        upd["threshold"] = threshold
    return base.model_copy(update={"quotes": base.quotes.model_copy(update=upd)})


_EXAMPLES: dict[str, tuple] = {}


def train_quote_model(stems, gold, docs, out: Path) -> None:
    """``train_quote_model.py`` on ``stems`` (same features, l2, epochs, min count; an article's
    examples are computed once for all folds)."""
    from tui.analysis.quotes.train import cue_letters, fit, fit_ranker, overlaps, save, span_groups
    from tui.analysis.context import DocContext
    from tui.analysis.quotes.cues import Cues
    from tui.analysis.quotes.learned_pass import model_proposals
    from tui.analysis.quotes.rules import rule_quotes

    base = settings_with(None)
    lex = Lexicons.from_settings(base)
    cues = Cues.from_lexicon(lex.reporting_verbs, stance=base.quotes.stance)
    X, y, groups = [], [], []
    for s in stems:
        if s not in _EXAMPLES:
            d = docs[s]
            ctx = DocContext(d, d.text)
            props = model_proposals(ctx, cues, rule_quotes(ctx, cues))
            jac = overlaps(d.text, props, gold[s][1], cue_letters(d, props))
            _EXAMPLES[s] = ([p.features for p in props], [int(j >= 0.5) for j in jac], span_groups(props, jac))
        X += _EXAMPLES[s][0]
        y += _EXAMPLES[s][1]
        groups += _EXAMPLES[s][2]
    save(fit(X, y), out, {"cv": True}, fit_ranker(groups))


def predict(docs: dict, stems, settings) -> dict[str, Analysis]:
    lex = Lexicons.from_settings(settings)
    return {s: analyze_doc(docs[s], article_from_text(docs[s].text), settings, lex) for s in stems}


def line(name, r):
    c, t, a = r["content"], r["tight"], r["attribution"]
    return (f"{name:28} content {c['p']:5.1f} {c['r']:5.1f} {c['f1']:5.1f}  tight {t['f1']:5.1f}  "
            f"attribution {a['p']:5.1f} {a['r']:5.1f} {a['f1']:5.1f}  source {r['source_acc']:5.1f}  "
            f"direct {r['direct_recall']:5.1f}  predicted {r['predicted']}")


def oof_baseline(cache: Path, tgold, tdocs) -> dict[str, Analysis]:
    """Out-of-fold predictions of the current extractor (quote model retrained per fold)."""
    out_path = cache / "oof_baseline.jsonl"
    if out_path.is_file():
        preds = {}
        for ln in out_path.read_text().splitlines():
            d = json.loads(ln)
            preds[d["stem"]] = Analysis.from_json(d["analysis"])
        return preds
    preds = {}
    folds = folds_of(list(tdocs))
    for f, test in enumerate(folds):
        t0 = time.time()
        train = [s for g, fs in enumerate(folds) if g != f for s in fs]
        mpath = cache / f"quote_model_fold{f}.json"
        part = cache / f"oof_fold{f}.jsonl"
        if part.is_file():  # a fold done by an interrupted run
            for ln in part.read_text().splitlines():
                d = json.loads(ln)
                preds[d["stem"]] = Analysis.from_json(d["analysis"])
            continue
        if not mpath.is_file():
            train_quote_model(train, tgold, tdocs, mpath)
        got = predict(tdocs, test, settings_with(mpath))
        with part.open("w") as fh:
            for s, a in got.items():
                fh.write(json.dumps({"stem": s, "analysis": a.to_json()}) + "\n")
        preds.update(got)
        print(f"fold {f}: {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    with out_path.open("w") as fh:
        for s, a in preds.items():
            fh.write(json.dumps({"stem": s, "analysis": a.to_json()}) + "\n")
    return preds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/q2cache"))
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    nlp, (tgold, tdocs), (dgold, ddocs) = load(args.cache)
    oof = oof_baseline(args.cache, tgold, tdocs)
    print(line("train CV (5 folds), current", score(tgold, oof)))
    dev = predict(ddocs, list(ddocs), settings_with(default_settings().quotes.model))
    print(line("dev, current (shipped)", score(dgold, dev)))


if __name__ == "__main__":
    main()
