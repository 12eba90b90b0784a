"""Entities: spaCy's named entities grouped per name within the article, in order of salience."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Entity, Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from .analysis import Lexicons
    from .config import Settings


def build_entities(doc: "Doc", lex: "Lexicons", settings: "Settings") -> list[Entity]:
    shown = set(settings.entities.show)
    groups: dict[tuple[str, str], list[Span]] = {}
    text = doc.text
    for ent in doc.ents:
        if ent.label_ not in shown or not ent.text.strip():
            continue
        key = (ent.label_, ent.text.strip())
        groups.setdefault(key, []).append(Span.of(text, ent.start_char, ent.end_char))
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start))
    return [
        Entity(id=f"E{i}", name=name, label=label, mentions=mentions, salience=float(len(mentions)))
        for i, ((label, name), mentions) in enumerate(ordered, 1)
    ]
