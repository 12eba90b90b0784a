"""Scoring of the relation gold set (tests/gold/relations.yaml): per-type precision and recall.

Used by tests/test_relations_gold.py (with a precision floor) and by
tests/bench/score_relations.py (prints the table for the README).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from tui.analysis.aliases import key
from tui.model import RELATION_TYPES, Analysis

GOLD = Path(__file__).resolve().parent / "gold" / "relations.yaml"
SAID_WORDS = 3


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _words(s: str | None, n: int = SAID_WORDS) -> str:
    return " ".join(key(w) for w in (s or "").replace("…", " ").split()[:n])


def gold_keys(item: dict[str, Any]) -> list[tuple]:
    out = []
    for r in item.get("relations") or []:
        if r["type"] == "SAID":
            out.append(("SAID", key(r["subject"]), _words(r.get("quote"))))
        else:
            obj = r.get("object")
            out.append((r["type"], key(r["subject"]), key(r["predicate"]),
                        key(obj) if obj else None, bool(r.get("negated", False))))
    return out


def predicted_keys(a: Analysis) -> list[tuple]:
    out = []
    for r in a.relations:
        subj = a.entity(r.subject)
        name = key(subj.name) if subj else r.subject
        if r.type == "SAID":
            out.append(("SAID", name, _words(r.object_text)))
            continue
        obj = a.entity(r.object)
        obj_name = key(obj.name) if obj else (key(r.object_text) if r.object_text else None)
        out.append((r.type, name, key(r.predicate), obj_name, r.negated))
    return out


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    entity_ok: int = 0
    entity_total: int = 0

    def precision(self, t: str) -> float | None:
        d = self.tp[t] + self.fp[t]
        return self.tp[t] / d if d else None

    def recall(self, t: str) -> float | None:
        d = self.tp[t] + self.fn[t]
        return self.tp[t] / d if d else None

    def table(self, types=RELATION_TYPES) -> str:
        lines = ["| type | gold | predicted | correct | precision | recall |",
                 "|---|---:|---:|---:|---:|---:|"]

        def fmt(x):
            return "n/a" if x is None else f"{x:.2f}"

        for t in list(types) + ["all"]:
            if t == "all":
                tp, fp, fn = (sum(c[x] for x in types) for c in (self.tp, self.fp, self.fn))
                p = tp / (tp + fp) if tp + fp else None
                r = tp / (tp + fn) if tp + fn else None
            else:
                tp, fp, fn = self.tp[t], self.fp[t], self.fn[t]
                p, r = self.precision(t), self.recall(t)
            lines.append(f"| {t} | {tp + fn} | {tp + fp} | {tp} | {fmt(p)} | {fmt(r)} |")
        lines.append(f"\nentities: {self.entity_ok}/{self.entity_total} expected entity checks pass")
        return "\n".join(lines)


def check_entities(item: dict[str, Any], a: Analysis) -> list[str]:
    """Errors of the entity part of one gold item (name, label, mention count, aliases, absent)."""
    errs = []
    for g in item.get("entities") or []:
        found = [e for e in a.entities if key(e.name) == key(g["name"])]
        if not found:
            errs.append(f"missing entity {g['name']!r}")
            continue
        e = found[0]
        if len(found) > 1:
            errs.append(f"{g['name']!r} listed {len(found)} times")
        if e.label != g["label"]:
            errs.append(f"{g['name']!r} is {e.label}, expected {g['label']}")
        if "mentions" in g and len(e.mentions) != g["mentions"]:
            errs.append(f"{g['name']!r} has {len(e.mentions)} mentions, expected {g['mentions']}")
        for al in g.get("aliases") or []:
            if al not in e.aliases:
                errs.append(f"{g['name']!r} lacks alias {al!r}")
    for name in item.get("absent") or []:
        if any(key(e.name) == key(name) for e in a.entities):
            errs.append(f"{name!r} should not be an entity")
    return errs


def score(analyse: Callable[[str], Analysis], gold: list[dict[str, Any]] | None = None,
          with_said: bool | None = None) -> Score:
    """Run every gold passage through ``analyse`` and count per-type hits.

    ``with_said``: score SAID rows (None: only when the pipeline extracts quotes at all).
    """
    gold = gold if gold is not None else load_gold()
    s = Score()
    analyses = [(item, analyse(item["text"])) for item in gold]
    if with_said is None:
        with_said = any(a.quotes for _, a in analyses)
    for item, a in analyses:
        a.validate()
        ents = check_entities(item, a)
        n = len(item.get("entities") or []) + len(item.get("absent") or [])
        s.entity_total += n
        s.entity_ok += n - len(ents)
        s.errors += [f"{item['id']}: {e}" for e in ents]
        g = Counter(k for k in gold_keys(item) if with_said or k[0] != "SAID")
        p = Counter(k for k in predicted_keys(a) if with_said or k[0] != "SAID")
        for k in g | p:
            hit = min(g[k], p[k])
            s.tp[k[0]] += hit
            s.fn[k[0]] += g[k] - hit
            s.fp[k[0]] += p[k] - hit
            if g[k] > hit:
                s.errors.append(f"{item['id']}: missed {k}")
            if p[k] > hit:
                s.errors.append(f"{item['id']}: spurious {k}")
        for r in item.get("relations") or []:
            if "count" in r:
                ks = gold_keys({"relations": [r]})[0]
                rows = [x for x, pk in zip(a.relations, predicted_keys(a)) if pk == ks]
                if rows and rows[0].count != r["count"]:
                    s.errors.append(f"{item['id']}: {ks} count {rows[0].count}, expected {r['count']}")
    return s
