"""The JSON contract: what the CLI prints, the cache stores, the app renders and the tests check.

Every offset is a Python ``str`` index into ``Analysis.text`` and ``text[start:end] == span.text``.
Plain dataclasses, no spaCy and no Textual import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

CONTRACT_VERSION = 1

QUOTE_KINDS = ("direct", "mixed", "indirect")
RELATION_TYPES = ("ROLE", "MEMBER_OF", "INTERACTION", "SAID")


class ContractError(ValueError):
    """A JSON document does not follow the contract."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """The span ``text[start:end]``."""
        return cls(start, end, text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Span":
        try:
            return cls(int(d["start"]), int(d["end"]), str(d["text"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ContractError(f"bad span {d!r}: {exc}") from None

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


def _span_or_none(d: Any) -> Span | None:
    return None if d is None else Span.from_json(d)


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    label: str
    mentions: list[Span] = field(default_factory=list)
    salience: float = 0.0
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    gender: str | None = None  # "m", "f" or None (unknown)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "mentions": [m.to_json() for m in self.mentions],
            "salience": round(self.salience, 4),
            "aliases": list(self.aliases),
            "titles": list(self.titles),
        }
        if self.gender:
            d["gender"] = self.gender
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Entity":
        return cls(
            id=str(d["id"]),
            name=str(d["name"]),
            label=str(d["label"]),
            mentions=[Span.from_json(m) for m in d.get("mentions", [])],
            salience=float(d.get("salience", 0.0)),
            aliases=list(d.get("aliases", [])),
            titles=list(d.get("titles", [])),
            gender=d.get("gender"),
        )


@dataclass(slots=True)
class Quote:
    id: str
    kind: str
    content: list[Span]
    cue: Span | None = None
    speaker: Span | None = None
    speaker_entity: str | None = None
    speaker_name: str | None = None
    score: float | None = None  # calibrated P(right) of the learned boundary pass; None without it

    @property
    def start(self) -> int:
        return min(s.start for s in self.content)

    @property
    def end(self) -> int:
        return max(s.end for s in self.content)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": [s.to_json() for s in self.content],
            "cue": self.cue.to_json() if self.cue else None,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "speaker_entity": self.speaker_entity,
            "speaker_name": self.speaker_name,
            "score": self.score,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Quote":
        content = d["content"]
        if isinstance(content, dict):
            content = [content]
        return cls(
            id=str(d["id"]),
            kind=str(d["kind"]),
            content=[Span.from_json(s) for s in content],
            cue=_span_or_none(d.get("cue")),
            speaker=_span_or_none(d.get("speaker")),
            speaker_entity=d.get("speaker_entity"),
            speaker_name=d.get("speaker_name"),
            score=_score_or_none(d.get("score")),
        )


def _score_or_none(v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0.0 <= float(v) <= 1.0:
        raise ContractError(f"quote score must be a number in [0, 1], got {v!r}")
    return float(v)


@dataclass(slots=True)
class Relation:
    id: str
    type: str
    subject: str
    predicate: str
    evidence: Span
    object: str | None = None
    object_text: str | None = None
    negated: bool = False
    count: int = 1
    quote: str | None = None  # SAID: the id of the quote

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "object_text": self.object_text,
            "evidence": self.evidence.to_json(),
            "negated": self.negated,
            "count": self.count,
            "quote": self.quote,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Relation":
        return cls(
            id=str(d["id"]),
            type=str(d["type"]),
            subject=str(d["subject"]),
            predicate=str(d["predicate"]),
            evidence=Span.from_json(d["evidence"]),
            object=d.get("object"),
            object_text=d.get("object_text"),
            negated=bool(d.get("negated", False)),
            count=int(d.get("count", 1)),
            quote=d.get("quote"),
        )


@dataclass(slots=True)
class Analysis:
    path: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    pipeline: dict[str, str] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    # -- lookups used by the app and the relation layer ------------------------------------
    def entity(self, entity_id: str | None) -> Entity | None:
        if entity_id is None:
            return None
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    # -- JSON -------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "meta": dict(self.meta),
            "text": self.text,
            "pipeline": dict(self.pipeline),
            "entities": [e.to_json() for e in self.entities],
            "quotes": [q.to_json() for q in self.quotes],
            "relations": [r.to_json() for r in self.relations],
            "contract": CONTRACT_VERSION,
        }

    def dumps(self, indent: int | None = None) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Analysis":
        try:
            a = cls(
                path=str(d["path"]),
                text=str(d["text"]),
                meta=dict(d.get("meta") or {}),
                pipeline=dict(d.get("pipeline") or {}),
                entities=[Entity.from_json(e) for e in d.get("entities", [])],
                quotes=[Quote.from_json(q) for q in d.get("quotes", [])],
                relations=[Relation.from_json(r) for r in d.get("relations", [])],
            )
        except ContractError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ContractError(f"not an analysis document: {exc!r}") from None
        a.validate()
        return a

    @classmethod
    def loads(cls, s: str) -> "Analysis":
        try:
            d = json.loads(s)
        except json.JSONDecodeError as exc:
            raise ContractError(f"invalid JSON: {exc}") from None
        if not isinstance(d, dict):
            raise ContractError("not an analysis document: top level is not an object")
        return cls.from_json(d)

    def spans(self):
        """Every span in the document, for checks."""
        for e in self.entities:
            yield from e.mentions
        for q in self.quotes:
            yield from q.content
            if q.cue:
                yield q.cue
            if q.speaker:
                yield q.speaker
        for r in self.relations:
            yield r.evidence

    def validate(self) -> None:
        """Raise ContractError unless every span points into the text and ids resolve."""
        n = len(self.text)
        for s in self.spans():
            if not (0 <= s.start <= s.end <= n) or self.text[s.start : s.end] != s.text:
                raise ContractError(f"span {s.start}-{s.end} {s.text!r} does not match the text")
        ids = {e.id for e in self.entities}
        for q in self.quotes:
            if q.kind not in QUOTE_KINDS:
                raise ContractError(f"quote {q.id}: unknown kind {q.kind!r}")
            if not q.content:
                raise ContractError(f"quote {q.id}: no content span")
            if q.speaker_entity is not None and q.speaker_entity not in ids:
                raise ContractError(f"quote {q.id}: unknown speaker entity {q.speaker_entity}")
        for r in self.relations:
            if r.type not in RELATION_TYPES:
                raise ContractError(f"relation {r.id}: unknown type {r.type!r}")
            if r.subject not in ids:
                raise ContractError(f"relation {r.id}: unknown subject {r.subject}")
            if r.object is not None and r.object not in ids:
                raise ContractError(f"relation {r.id}: unknown object {r.object}")
