"""Quotes (issue #3). Until that lands, no quotes are extracted."""

from __future__ import annotations

from .model import Quote


def extract_quotes(doc, lex, entities, settings) -> list[Quote]:
    return []
