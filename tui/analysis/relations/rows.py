"""The relation rows before merging, and their merge into the contract's ``Relation`` list."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Relation, Span
from ..aliases import key


@dataclass(slots=True)
class Row:
    """A relation before merging."""

    type: str
    subject: str
    predicate: str
    start: int
    end: int
    object: str | None = None
    object_text: str | None = None
    negated: bool = False
    quote: str | None = None
    sentence: int = -1

    def key(self) -> tuple:
        if self.type == "SAID":
            return (self.type, self.quote)
        return (self.type, self.subject, self.predicate.lower(), self.object,
                None if self.object else key(self.object_text or ""), self.negated)


def merge_rows(rows: list[Row], text: str) -> list[Relation]:
    """Merge duplicate rows (same type, subject, predicate, object, negation); the first evidence is
    kept and ``count`` is the number of distinct supporting sentences. A ROLE without an object
    joins the same person's same title with one ("Gov. Blagojevich" -> Governor of Illinois).
    Ids R1.. in text order."""
    groups: dict[tuple, list[Row]] = {}
    # a bare title repeats a fuller one: "Gov. Blagojevich" after "Illinois Gov. Rod Blagojevich"
    placed: dict[tuple, tuple] = {}
    for r in sorted(rows, key=lambda r: (r.start, r.end)):
        if r.type == "ROLE" and (r.object or r.object_text):
            placed.setdefault((r.subject, r.predicate.lower()), r.key())
    for r in sorted(rows, key=lambda r: (r.start, r.end)):
        k = r.key()
        if r.type == "ROLE" and not (r.object or r.object_text):
            k = placed.get((r.subject, r.predicate.lower()), k)
        groups.setdefault(k, []).append(r)
    out = []
    for n, rs in enumerate(sorted(groups.values(), key=lambda rs: rs[0].start), 1):
        r = next((x for x in rs if x.object or x.object_text), rs[0]) if rs[0].type == "ROLE" else rs[0]
        out.append(Relation(
            id=f"R{n}", type=r.type, subject=r.subject, predicate=r.predicate,
            evidence=Span.of(text, r.start, r.end), object=r.object, object_text=r.object_text,
            negated=r.negated, count=len({x.sentence for x in rs}), quote=r.quote,
        ))
    return out
