"""Salience: how central an entity is to the article (first-mention position, mention count,
presence in the title and the lead); the entities are listed and numbered in this order.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .mentions import Mention

def title_and_lead(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Character ranges of the title (first line of the body) and of the lead (first paragraph
    after the title, or the title's paragraph when the article has no separate title line)."""
    from ...articles import parse_header

    _, body = parse_header(text)
    i = body
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    line_end = text.find("\n", i)
    line_end = n if line_end < 0 else line_end
    title = (i, line_end)
    j = line_end
    while j < n and text[j].isspace():
        j += 1
    para_end = text.find("\n\n", j)
    para_end = n if para_end < 0 else para_end
    lead = (j, para_end) if j < n else title
    return title, lead


def salience(mentions: list[Mention], text_len: int, max_count: int,
             title: tuple[int, int], lead: tuple[int, int]) -> float:
    """0..1: 0.4 mention count (log, relative to the most mentioned), 0.3 first-mention position,
    0.2 in the title, 0.1 in the lead."""
    count = len(mentions)
    first = mentions[0].start
    score = 0.4 * math.log1p(count) / math.log1p(max(max_count, 1))
    score += 0.3 * (1.0 - first / max(text_len, 1))
    if any(title[0] <= m.start < title[1] for m in mentions):
        score += 0.2
    if any(lead[0] <= m.start < lead[1] for m in mentions):
        score += 0.1
    return score
