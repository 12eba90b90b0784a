"""Which quotes the quotes panel lists and ``n``/``N`` step through. Plain Python, no Textual.

Modes, in the order ``f`` cycles through them: every quote; direct and mixed quotations only
(what was said in the speaker's words); the quotes of one entity (the one selected in the
entities panel).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..model import Analysis

MODES = ("all", "speech", "entity")
SPEECH_KINDS = ("direct", "mixed")


def indices(analysis: Analysis, mode: str, entity_id: str | None = None) -> list[int] | None:
    """The quote indices the mode keeps, in text order; None for every quote."""
    quotes = analysis.quotes
    if mode == "speech":
        return [i for i, q in enumerate(quotes) if q.kind in SPEECH_KINDS]
    if mode == "entity" and entity_id is not None:
        return [i for i, q in enumerate(quotes) if q.speaker_entity == entity_id]
    return None


def label(mode: str, entity_name: str | None = None) -> str:
    if mode == "speech":
        return "direct+mixed"
    if mode == "entity":
        return entity_name or "entity"
    return ""


def step(kept: list[int] | None, total: int, current: int, delta: int) -> int | None:
    """The quote after (``delta`` = 1) or before (-1) ``current`` among ``kept`` (None: all of
    ``total``), wrapping around; from a quote outside the set, the nearest one that way. None
    when there is none."""
    if kept is None:
        if total == 0:
            return None
        if current < 0:
            return 0 if delta > 0 else total - 1
        return (current + delta) % total
    if not kept:
        return None
    if current < 0:
        return kept[0] if delta > 0 else kept[-1]
    if delta > 0:
        k = bisect_right(kept, current)
        return kept[k % len(kept)]
    k = bisect_left(kept, current) - 1
    return kept[k % len(kept)]


def position(kept: list[int] | None, index: int) -> int | None:
    """``index``'s place (0-based) among ``kept`` (its own index for all), None when not kept."""
    if kept is None:
        return index
    k = bisect_left(kept, index)
    return k if k < len(kept) and kept[k] == index else None
