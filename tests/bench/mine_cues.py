"""Mine a cue lexicon from the PolNeAR train split (issue #3). Run by hand, never by pytest.

    python tests/bench/mine_cues.py [--lo 0] [--hi 500] [--support 3] [--ratio 0.4]
        [--dobj-support 5] [--dobj-ratio 0.5] [--out config/lexicons/mined_cues.yaml]
        [--lexicon config/lexicons/reporting_verbs.yaml]

For every verb (with a subject) and noun lemma in train articles lo..hi (sorted by name; the first
annotator's file per text, like the scorer), counts how often a token with that lemma lies inside a
gold Cue span and how often it occurs at all, and the complement it has when it is a cue (ccomp,
xcomp, dobj, or prep:<word>). Writes lemmas, counts and the dominant complement as YAML; no article
text is copied.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import pickle
import re
import textwrap
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TRAIN = Path("/work/shared/data/polnear/train")


def cue_spans(ann: Path) -> list[tuple[int, int]]:
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            _, info, _ = line.split("\t", 2)
            kind, rest = info.split(" ", 1)
            if kind == "Cue":
                for part in rest.split(";"):
                    a, b = part.split()
                    out.append((int(a), int(b)))
    return sorted(out)


def complement(t) -> str | None:
    kids = list(t.children)
    deps = {c.dep_ for c in kids}
    if "ccomp" in deps:
        return "ccomp"
    if t.pos_ == "NOUN" and any(c.dep_ == "acl" and any(g.lower_ == "that" for g in c.children) for c in kids):
        return "ccomp"
    if any(c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in kids):
        return "xcomp"
    if t.pos_ == "NOUN" and any(c.dep_ == "acl" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                                for c in kids):
        return "xcomp"
    if "dobj" in deps:
        return "dobj"
    for c in kids:
        if c.dep_ == "prep" and any(g.dep_ in ("pobj", "pcomp") for g in c.children):
            return "prep:" + c.lower_
    return None


def has_subject(t) -> bool:
    h = t
    for _ in range(3):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in h.children):
            return True
        if h.dep_ in ("conj", "xcomp") and h.head is not h:
            h = h.head
        else:
            return False
    return False


def count(lo: int, hi: int):
    from tui.analysis import get_nlp
    from tui.config import default_settings

    anns = {}
    for a in sorted((TRAIN / "attributions").glob("*.ann")):
        anns.setdefault(re.sub(r"_[0-9a-f]+$", "", a.stem), a)
    stems = sorted(p.stem for p in (TRAIN / "text").glob("*.txt"))[lo:hi]
    stems = [s for s in stems if s in anns]
    texts = [(TRAIN / "text" / f"{s}.txt").read_text(encoding="utf-8") for s in stems]
    nlp = get_nlp(default_settings())
    total, cue = Counter(), Counter()
    comps: dict[str, Counter] = defaultdict(Counter)
    for stem, doc in zip(stems, nlp.pipe(texts, batch_size=16)):
        spans = cue_spans(anns[stem])
        starts = [a for a, _ in spans]
        for t in doc:
            if t.pos_ == "VERB" and has_subject(t):
                key = "v:" + t.lemma_.lower()
            elif t.pos_ == "NOUN":
                key = "n:" + t.lemma_.lower()
            else:
                continue
            comp = complement(t) or "none"
            total[key] += 1
            total[(key, comp)] += 1
            k = bisect.bisect_right(starts, t.idx) - 1
            if k >= 0 and spans[k][0] <= t.idx < spans[k][1] or \
                    any(a <= t.idx < b for a, b in spans[max(0, k - 3):k]):
                cue[key] += 1
                comps[key][comp] += 1
    return total, cue, comps, len(stems)


def select(total, cue, comps, support: int, ratio: float, dobj_support: int = 0, dobj_ratio: float = 0.0):
    out = {"verbs": {}, "nouns": {}}
    for key in cue:
        typed = Counter({k: v for k, v in comps[key].items() if k != "none"})
        if not typed:
            continue
        comp, n = typed.most_common(1)[0]  # the complement it has as a cue, and how often
        if n < support or n / total[(key, comp)] < ratio:
            continue  # too rare, or that lemma with that complement is seldom a cue
        if comp == "dobj" and (n < dobj_support or n / total[(key, comp)] < dobj_ratio):
            continue  # an object is the content far less surely than a clause: a higher bar
        pos, lemma = key.split(":", 1)
        if not re.fullmatch(r"[a-z][a-z'-]*", lemma):
            continue
        out["verbs" if pos == "v" else "nouns"][lemma] = {"cue": n, "total": total[(key, comp)],
                                                            "ratio": round(n / total[(key, comp)], 2), "comp": comp}
    return out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--lo", type=int, default=0)
    ap.add_argument("--hi", type=int, default=500)
    ap.add_argument("--support", type=int, default=3)
    ap.add_argument("--ratio", type=float, default=0.4)
    ap.add_argument("--dobj-support", type=int, default=5)
    ap.add_argument("--dobj-ratio", type=float, default=0.5)
    ap.add_argument("--cache", default="/tmp/mine_cues_counts2.pkl")
    ap.add_argument("--out", default=str(ROOT / "config/lexicons/mined_cues.yaml"))
    ap.add_argument("--lexicon", default="", help="also write the mined: section of this reporting_verbs.yaml")
    a = ap.parse_args(argv)
    cache = Path(a.cache)
    if cache.exists():
        total, cue, comps, n = pickle.loads(cache.read_bytes())
    else:
        total, cue, comps, n = count(a.lo, a.hi)
        cache.write_bytes(pickle.dumps((total, cue, comps, n)))
    sel = select(total, cue, comps, a.support, a.ratio, a.dobj_support, a.dobj_ratio)
    header = [
        "# Cue lemmas mined from the PolNeAR train split by tests/bench/mine_cues.py (issue #3).",
        f"# Train articles {a.lo}..{a.hi} (sorted by name, {n} with gold; first annotator per text),",
        f"# parsed with the app's spaCy model. A lemma is kept when at least {a.support} of its tokens",
        "# lie in a gold Cue span with the complement it most often has as a cue (comp: ccomp, xcomp,",
        f"# dobj, prep:<word>), and at least {a.ratio:.2f} of its occurrences with that complement are",
        f"# cues (verbs: with a subject); dobj needs {a.dobj_support} and {a.dobj_ratio:.2f}. cue/total/ratio",
        "# count those occurrences.",
        f"# Generated {datetime.date.today().isoformat()}. Lemmas and counts only; no article text.",
    ]
    lines = list(header)
    for sec in ("verbs", "nouns"):
        lines.append(f"{sec}:")
        for lemma, d in sorted(sel[sec].items()):
            lines.append(f"  {lemma}: {{cue: {d['cue']}, total: {d['total']}, ratio: {d['ratio']}, comp: {d['comp']}}}")
    Path(a.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(sel['verbs'])} verbs, {len(sel['nouns'])} nouns -> {a.out}")
    if a.lexicon:
        write_section(Path(a.lexicon), sel, header)


MARK = "# mined: cue lemmas learnt from PolNeAR train"


def write_section(path: Path, sel, header: list[str]) -> None:
    """Replace the ``mined:`` section at the end of reporting_verbs.yaml by the lemmas of ``sel``,
    grouped by the complement the extractor reads for them (see ``Cues.from_lexicon``)."""
    groups: dict[str, list[str]] = defaultdict(list)
    preps: dict[str, dict[str, list[str]]] = {"prep": defaultdict(list), "noun_prep": defaultdict(list)}
    for sec, pre in (("verbs", ""), ("nouns", "noun_")):
        for lemma, d in sorted(sel[sec].items()):
            comp = d["comp"]
            if comp.startswith("prep:"):
                preps[pre + "prep"][lemma].append(comp[5:])
            elif pre and comp == "xcomp":
                preps["noun_prep"][lemma].append("to")
            elif pre and comp == "dobj":
                continue
            else:
                groups[pre + comp].append(lemma)
    text = path.read_text(encoding="utf-8")
    k = text.find(MARK)
    if k >= 0:
        text = text[:k]
    out = [MARK + " (tests/bench/mine_cues.py; counts in mined_cues.yaml).",
           "#   ccomp: clause verbs; xcomp: verbs with a to-infinitive; dobj: verbs whose object is the",
           "#   content; prep: verb -> preposition; noun_ccomp: nouns with a that-clause; noun_prep: noun ->",
           "#   preposition (or 'to'). Read always, unlike stance_verbs and prep_nouns."]
    out += ["#" + h[1:] for h in header[1:]]
    out.append("mined:")
    for key in ("ccomp", "xcomp", "dobj", "noun_ccomp"):
        out += textwrap.wrap(f"{key}: [{', '.join(groups.get(key, []))}]", 98, initial_indent="  ",
                             subsequent_indent="    ", break_on_hyphens=False)
    for key in ("prep", "noun_prep"):
        out.append(f"  {key}:")
        for lemma, ps in sorted(preps[key].items()):
            out.append(f"    {lemma}: [{', '.join(ps)}]")
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
