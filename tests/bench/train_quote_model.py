"""Train the learned quote pass on PolNeAR train and measure it (run by hand, not by pytest).

    python tests/bench/train_quote_model.py [--train DIR] [--dev DIR] [--heldout 140]
                                            [--out config/models/quote_model.json] [--cache DIR]

The last ``--heldout`` articles of the train split are kept out of training and choose the
threshold; the dev split is only measured. Parses can be cached as spaCy DocBins in ``--cache``
(a temp folder: the corpus text stays out of the project). Prints the scores of the rules alone
and of rules + model at each threshold.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tui.analysis import Lexicons, analyze_doc, get_nlp  # noqa: E402
from tui.articles import article_from_text  # noqa: E402
from tui.config import default_settings  # noqa: E402
from tui.evaluate import load_gold, score  # noqa: E402
from tui.analysis.quotes.train import cue_letters, fit, fit_ranker, overlaps, save, span_groups  # noqa: E402
from tui.analysis.context import DocContext  # noqa: E402
from tui.analysis.quotes.cues import Cues  # noqa: E402
from tui.analysis.quotes.learned_pass import model_proposals  # noqa: E402
from tui.analysis.quotes.rules import rule_quotes  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "polnear"


def parsed(nlp, split_dir: Path, cache: Path | None):
    """stem -> Doc for every gold article of ``split_dir`` (from the DocBin cache when there)."""
    from spacy.tokens import DocBin

    gold, paths = load_gold(split_dir)
    stems = sorted(gold)
    cached = cache / f"{split_dir.name}.spacy" if cache else None
    if cached and cached.is_file():
        docs = list(DocBin().from_bytes(cached.read_bytes()).get_docs(nlp.vocab))
        by = {d.user_data.get("stem"): d for d in docs}
        if all(s in by for s in stems):
            return gold, {s: by[s] for s in stems}
    docs = {}
    for s, d in zip(stems, nlp.pipe((gold[s][0] for s in stems), batch_size=16)):
        d.user_data["stem"] = s
        docs[s] = d
    if cached:
        db = DocBin(store_user_data=True)
        for d in docs.values():
            db.add(d)
        cached.write_bytes(db.to_bytes())
    return gold, docs


def evaluate(docs, gold, settings, lex):
    preds = {s: analyze_doc(d, article_from_text(d.text), settings, lex) for s, d in docs.items()}
    return score({s: gold[s] for s in docs}, preds)


def line(name, r):
    c, a = r["content"], r["attribution"]
    return (f"{name:22} content {c['p']:5.1f} {c['r']:5.1f} {c['f1']:5.1f}  attribution {a['f1']:5.1f}  "
            f"source {r['source_acc']:5.1f}  direct {r['direct_recall']:5.1f}  predicted {r['predicted']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=SHARED / "train")
    ap.add_argument("--dev", type=Path, default=SHARED / "dev")
    ap.add_argument("--heldout", type=int, default=140)
    ap.add_argument("--out", type=Path, default=ROOT / "config" / "models" / "quote_model.json")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N training articles only")
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.25, 0.3, 0.35, 0.4, 0.5])
    ap.add_argument("--no-ranker", dest="ranker", action="store_false",
                    help="no span ranker: the most probable proposal of a cue is its content")
    args = ap.parse_args()

    base = default_settings()
    base = base.model_copy(update={"quotes": base.quotes.model_copy(update={"model": None})})
    lex = Lexicons.from_settings(base)
    cues = Cues.from_lexicon(lex.reporting_verbs, stance=base.quotes.stance)
    nlp = get_nlp(base)
    t0 = time.time()
    tgold, tdocs = parsed(nlp, args.train, args.cache)
    dgold, ddocs = parsed(nlp, args.dev, args.cache)
    print(f"parsed {len(tdocs)} train + {len(ddocs)} dev articles in {time.time() - t0:.0f} s")
    stems = sorted(tdocs)
    held = set(stems[-args.heldout:]) if args.heldout else set()
    skip = held | (set(stems[args.limit:len(stems) - args.heldout]) if args.limit else set())
    X, y, groups = [], [], []
    for s in stems:
        if s in skip:
            continue
        d = tdocs[s]
        ctx = DocContext(d)
        props = model_proposals(ctx, cues, rule_quotes(ctx, cues))
        jac = overlaps(d.text, props, tgold[s][1], cue_letters(d, props))
        X += [p.features for p in props]
        y += [int(j >= 0.5) for j in jac]
        groups += span_groups(props, jac)
    print(f"{len(X)} proposals, {sum(y)} positive, {len(groups)} cues with a choice of spans")
    t0 = time.time()
    weights = fit(X, y, l2=args.l2, epochs=args.epochs, min_count=args.min_count)
    span_weights = fit_ranker(groups, l2=args.l2, epochs=args.epochs, min_count=args.min_count) if args.ranker else {}
    print(f"fitted {len(weights)} + {len(span_weights)} weights in {time.time() - t0:.0f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    hdocs = {s: tdocs[s] for s in held}

    def with_model(t):
        q = base.quotes.model_copy(update={"model": args.out, "threshold": t})
        return base.model_copy(update={"quotes": q})

    about = {"trained_on": f"{args.train.name} split minus its last {args.heldout} articles",
             "examples": len(X), "positive": sum(y), "l2": args.l2, "epochs": args.epochs}
    save(weights, args.out, about, span_weights)
    print(line("dev, rules only", evaluate(ddocs, dgold, base, lex)))
    if hdocs:
        print(line("held-out, rules only", evaluate(hdocs, tgold, base, lex)))
    best = None
    for t in args.thresholds:
        h = evaluate(hdocs, tgold, with_model(t), lex) if hdocs else None
        d = evaluate(ddocs, dgold, with_model(t), lex)
        if h:
            print(line(f"held-out, model {t}", h))
        print(line(f"dev, model {t}", d))
        key = (h or d)["content"]["f1"] + (h or d)["attribution"]["f1"]
        if best is None or key > best[0]:
            best = (key, t)
    print(f"best threshold on {'held-out' if hdocs else 'dev'}: {best[1]}")


if __name__ == "__main__":
    main()
