"""Speakers resolved to the right person: the extractor against tests/gold/speaker_referents.yaml.

    python tests/bench/eval_speakers.py [--split train|dev|all] [--errors] [--json]

The gold lists PolNeAR attributions whose Source is a pronoun or a description, each with the
named person or organisation it refers to (or null). For every gold attribution whose source span
is overlapped by a predicted quote's ``speaker`` span (the quote is "matched"):

* found: the matched quote has a ``speaker_name`` (among gold with a referent);
* right: that name is the referent under the alias rules of ``tui.analysis.aliases.same_entity`` (a person
  named by a run of words of the other name, "Trump" = "Donald Trump"; an organisation by its
  start or last words, an acronym, a listed alias);
* named although null: gold that refers to no named entity (an unnamed spokesman, the voters)
  whose matched quote still carries a name (wrong by definition).

The train part is for development; the dev part is only reported. PolNeAR is read from
``../shared/data/polnear`` (or $POLNEAR). Article text is never written anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "gold" / "speaker_referents.yaml"
POLNEAR = Path(os.environ.get("POLNEAR", ROOT.parent / "shared" / "data" / "polnear"))
if not POLNEAR.is_dir():
    POLNEAR = Path("/work/shared/data/polnear")


def load_referents(path: Path = GOLD) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["referents"]


def name_matches(pred: str, referent: str) -> bool:
    """Whether the predicted name denotes the referent (alias rules of the entity clustering)."""
    from tui.analysis.aliases import same_entity

    return any(same_entity(pred, referent, la, lb) for la, lb in (("PERSON", "PERSON"), ("ORG", "ORG")))


def score(referents: list[dict], analyses: dict[tuple[str, str], object]) -> dict:
    """Counts and rates over the gold items (``analyses``: (split, file) -> Analysis)."""
    n = matched = found = right = null_n = null_matched = null_named = 0
    rows = []
    for g in referents:
        a = analyses.get((g["split"], g["file"]))
        if a is None:
            continue
        n += 1
        s, e = int(g["start"]), int(g["end"])
        best = None
        for q in a.quotes:
            sp = q.speaker
            if sp is None or sp.end <= s or sp.start >= e:
                continue
            ov = min(e, sp.end) - max(s, sp.start)
            if best is None or ov > best[0]:
                best = (ov, q)
        ref = g.get("referent")
        name = best[1].speaker_name if best else None
        if ref is None:
            null_n += 1
            if best:
                null_matched += 1
                null_named += name is not None
            status = "unmatched" if not best else ("named" if name else "ok")
        else:
            if best:
                matched += 1
                if name:
                    found += 1
                    ok = name_matches(name, ref)
                    right += ok
                    status = "right" if ok else "wrong"
                else:
                    status = "not found"
            else:
                status = "unmatched"
        rows.append({**g, "predicted": name, "status": status})
    pct = lambda a, b: round(100 * a / b, 1) if b else 0.0  # noqa: E731
    return {
        "gold": n, "with_referent": n - null_n, "matched": matched,
        "found": found, "found_pct": pct(found, matched),
        "right": right, "right_pct": pct(right, found),
        "null": null_n, "null_matched": null_matched, "null_named": null_named,
        "rows": rows,
    }


def analyse(referents: list[dict], settings=None) -> dict[tuple[str, str], object]:
    from tui.analysis import analyze_many, get_nlp
    from tui.articles import load_article
    from tui.config import load_settings

    settings = settings or load_settings(use_user=False)
    nlp = get_nlp(settings)
    keys = sorted({(g["split"], g["file"]) for g in referents})
    arts = [load_article(POLNEAR / split / "text" / f"{stem}.txt") for split, stem in keys]
    return {k: a for k, a in zip(keys, analyze_many(arts, settings, nlp=nlp))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("train", "dev", "all"), default="all")
    ap.add_argument("--errors", action="store_true", help="list the gold items not right (offsets and names)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    refs = [g for g in load_referents() if args.split == "all" or g["split"] == args.split]
    analyses = analyse(refs)
    out = {}
    for split in ("train", "dev"):
        part = [g for g in refs if g["split"] == split]
        if part:
            out[split] = score(part, analyses)
    if args.json:
        print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "rows"} for k, v in out.items()}))
    else:
        print(f"{'part':<7}{'gold':>6}{'w/ref':>7}{'matched':>9}{'found':>8}{'found%':>8}{'right':>7}{'right%':>8}"
              f"{'null':>6}{'null named':>12}")
        for split, r in out.items():
            print(f"{split:<7}{r['gold']:>6}{r['with_referent']:>7}{r['matched']:>9}{r['found']:>8}{r['found_pct']:>8}"
                  f"{r['right']:>7}{r['right_pct']:>8}{r['null']:>6}{r['null_named']:>6}/{r['null_matched']:<5}")
    if args.errors:
        for split, r in out.items():
            for row in r["rows"]:
                if row["status"] in ("wrong", "not found", "named"):
                    print(f"{split} {row['status']:<10} {row['file']} {row['start']}-{row['end']} "
                          f"gold={row['referent']!r} predicted={row['predicted']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
