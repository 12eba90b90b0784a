"""``newsreader eval GOLD_DIR``: score quote extraction against brat-standoff gold (issue #3).

GOLD_DIR is laid out like PolNeAR: ``text/NAME.txt`` and ``attributions/NAME_<annotator>.ann``
(Source, Cue and Content text-bound annotations joined by ``E`` attribution events); where a text
has several .ann files, the first in sorted order is the gold.

Matching is on letters and digits only, so quote marks, punctuation and spaces at the edges do
not decide a match. A predicted content matches a gold content when the Jaccard overlap of their
letter/digit character sets is >= 0.5 (one-to-one, best first).

* content: P/R/F1 of content matches; tight: the same with Jaccard >= 0.9;
* attribution: P/R/F1 where a content match also needs the speaker right (the predicted speaker
  span shares a letter with the gold source; gold without a source: any prediction counts);
* source_acc: among content matches whose gold has a source, the share with the speaker right;
* direct_recall: recall of gold contents that contain a quotation mark.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .model import Analysis, Span
from .textsafe import one_line

QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u00ab\u00bb')
_ANNOTATOR = re.compile(r"_[0-9a-f]+$")


@dataclass(frozen=True, slots=True)
class GoldItem:
    content: frozenset[int]
    source: frozenset[int] | None
    direct: bool
    cue: frozenset[int] = frozenset()


def letters(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """The offsets of the letters and digits of ``text`` covered by ``spans``."""
    return frozenset(i for a, b in spans for i in range(max(0, a), min(b, len(text))) if text[i].isalnum())


def _parse_offsets(s: str) -> list[tuple[int, int]]:
    out = []
    for part in s.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(text: str, ann: str) -> list[GoldItem]:
    """The attributions of one brat .ann file that have a content span."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[list[str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind_offsets = parts[1].split(" ", 1)
            if len(kind_offsets) == 2:
                try:
                    spans[parts[0]] = _parse_offsets(kind_offsets[1])
                except ValueError:
                    continue
        elif line.startswith("E") and len(parts) >= 2:
            events.append(parts[1].split())
    items = []
    for ev in events:
        roles: dict[str, list[str]] = {}
        for r in ev[1:]:
            k, _, v = r.partition(":")
            roles.setdefault(re.sub(r"\d+$", "", k), []).append(v)
        content = [sp for t in roles.get("Content", []) for sp in spans.get(t, [])]
        source = [sp for t in roles.get("Source", []) for sp in spans.get(t, [])]
        cue = [sp for t in roles.get("Cue", []) for sp in spans.get(t, [])]
        if not content:
            continue
        items.append(GoldItem(letters(text, content), letters(text, source) if source else None,
                              any(text[i] in QUOTE_CHARS for a, b in content for i in range(a, min(b, len(text)))),
                              letters(text, cue)))
    return items


def gold_files(gold_dir: Path) -> dict[str, tuple[Path, Path]]:
    """stem -> (text file, first .ann file). Raises ArticleError for a folder not laid out like PolNeAR."""
    from .articles import ArticleError

    tdir, adir = gold_dir / "text", gold_dir / "attributions"
    if not tdir.is_dir() or not adir.is_dir():
        raise ArticleError(f"{gold_dir}: not a gold folder (expected text/*.txt and attributions/*.ann)")
    anns: dict[str, Path] = {}
    for ann in sorted(adir.glob("*.ann")):
        anns.setdefault(_ANNOTATOR.sub("", ann.stem), ann)
    out = {stem: (tdir / f"{stem}.txt", ann) for stem, ann in anns.items() if (tdir / f"{stem}.txt").is_file()}
    if not out:
        raise ArticleError(f"{gold_dir}: no text/NAME.txt with a matching attributions/NAME_*.ann")
    return out


def _prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(200 * p * r / (p + r), 1) if p + r else 0.0}


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _spans_of(spans: list[Span] | Span | None) -> list[tuple[int, int]]:
    if spans is None:
        return []
    if isinstance(spans, Span):
        spans = [spans]
    return [(s.start, s.end) for s in spans]


def score(gold: dict[str, tuple[str, list[GoldItem]]], preds: dict[str, Analysis]) -> dict:
    """The scores of ``preds`` (stem -> analysis) against ``gold`` (stem -> (text, items))."""
    n_pred = n_gold = tp = tp_tight = tp_attr = 0
    src_ok = src_n = direct_n = direct_hit = missing = 0
    kinds: dict[str, list[int]] = {}  # "direct, speaker" -> [predicted, content right, attribution right]
    for stem, (text, items) in gold.items():
        a = preds.get(stem)
        pq: list[tuple[frozenset[int], frozenset[int] | None]] = []
        pk: list[list[int]] = []
        if a is None:
            missing += 1
        else:
            for q in a.quotes:
                c = letters(text, _spans_of(q.content))
                if c:
                    pq.append((c, letters(text, _spans_of(q.speaker)) if q.speaker else None))
                    pk.append(kinds.setdefault(kind_key(q.kind, q.speaker is not None), [0, 0, 0]))
                    pk[-1][0] += 1
        n_pred += len(pq)
        n_gold += len(items)
        pairs = sorted(((_jaccard(p[0], g.content), i, j) for i, p in enumerate(pq)
                        for j, g in enumerate(items) if p[0] & g.content), reverse=True)
        used_p: set[int] = set()
        used_g: set[int] = set()
        for jac, i, j in pairs:
            if jac < 0.5 or i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            tp += 1
            tp_tight += jac >= 0.9
            g, p = items[j], pq[i]
            pk[i][1] += 1
            if g.source is None:
                tp_attr += 1
                pk[i][2] += 1
            else:
                src_n += 1
                ok = p[1] is not None and bool(p[1] & g.source)
                src_ok += ok
                tp_attr += ok
                pk[i][2] += ok
        for j, g in enumerate(items):
            if g.direct:
                direct_n += 1
                direct_hit += j in used_g
    return {
        "articles": len(gold), "missing_articles": missing, "gold": n_gold, "predicted": n_pred,
        "content": _prf(tp, n_pred, n_gold), "tight": _prf(tp_tight, n_pred, n_gold),
        "attribution": _prf(tp_attr, n_pred, n_gold),
        "source_acc": round(100 * src_ok / src_n, 1) if src_n else 0.0,
        "direct_recall": round(100 * direct_hit / direct_n, 1) if direct_n else 0.0,
        "per_kind": {k: {"predicted": n, "content_p": round(100 * c / n, 1), "attribution_p": round(100 * r / n, 1)}
                     for k, (n, c, r) in sorted(kinds.items(), key=_kind_rank)},
    }


KIND_ORDER = [f"{k}, {s}" for k in ("direct", "mixed", "indirect") for s in ("speaker", "no speaker")]


def _kind_rank(kv: tuple[str, list[int]]) -> tuple[int, str]:
    return (KIND_ORDER.index(kv[0]) if kv[0] in KIND_ORDER else len(KIND_ORDER), kv[0])


def kind_key(kind: str, has_speaker: bool) -> str:
    """The row of the per-kind precision table a quote counts in."""
    return f"{kind}, {'speaker' if has_speaker else 'no speaker'}"


def load_gold(gold_dir: str | Path) -> tuple[dict[str, tuple[str, list[GoldItem]]], dict[str, Path]]:
    """The gold of every article, and the path of its text."""
    from .articles import ArticleError

    files = gold_files(Path(gold_dir))
    gold: dict[str, tuple[str, list[GoldItem]]] = {}
    for stem, (txt, ann) in files.items():
        try:
            text = txt.read_text(encoding="utf-8")
            gold[stem] = (text, parse_ann(text, ann.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise ArticleError(f"{ann}: cannot read gold ({exc.__class__.__name__})") from None
    return gold, {stem: txt for stem, (txt, _) in files.items()}


def format_table(res: dict) -> str:
    """A readable table of the scores."""
    lines = [f"articles {res['articles']}  gold quotes {res['gold']}  predicted {res['predicted']}"
             + (f"  (missing articles: {res['missing_articles']})" if res["missing_articles"] else ""), "",
             f"{'metric':<14}{'P':>7}{'R':>7}{'F1':>7}"]
    for k in ("content", "tight", "attribution"):
        v = res[k]
        lines.append(f"{k:<14}{v['p']:>7.1f}{v['r']:>7.1f}{v['f1']:>7.1f}")
    lines += ["", f"{'source_acc':<14}{res['source_acc']:>7.1f}", f"{'direct_recall':<14}{res['direct_recall']:>7.1f}"]
    if res.get("per_kind"):
        lines += ["", f"{'precision by kind':<24}{'predicted':>10}{'content':>9}{'attribution':>13}"]
        for k, v in res["per_kind"].items():
            lines.append(f"{k:<24}{v['predicted']:>10}{v['content_p']:>9.1f}{v['attribution_p']:>13.1f}")
    return "\n".join(lines)


def run_eval(gold: str, settings, as_json: bool = False) -> int:
    """Analyse GOLD_DIR/text/*.txt, score the quotes against the gold and print the scores."""
    from .extract import analyse_paths

    golds, paths = load_gold(gold)
    preds: dict[str, Analysis] = {}
    print(f"newsreader: analysing {len(paths)} articles of {one_line(gold)}", file=sys.stderr, flush=True)
    for res in analyse_paths([str(p) for p in paths.values()], settings, use_cache=False, progress=False):
        if isinstance(res, Analysis):
            stem = Path(res.path).stem
            if stem in golds and golds[stem][0] == res.text:
                preds[stem] = res
        else:
            print(f"newsreader: {one_line(res)}", file=sys.stderr)
    result = score(golds, preds)
    print(json.dumps(result) if as_json else format_table(result))
    return 0
