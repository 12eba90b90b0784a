"""Relations (issue #4). Until that lands, no relations are extracted."""

from __future__ import annotations

from .model import Relation


def extract_relations(doc, lex, entities, quotes, settings) -> list[Relation]:
    return []
