"""A candidate quote and the character spans it is made of.

``Candidate`` is a quote before speaker resolution (kind, content spans, cue, speaker, the quoted
regions it holds); the helpers here work on plain character offsets of the text: trimming a
span's edges, the paragraph around an offset, clipping a span to its cue's paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .marks import QuoteRegion


END_PUNCT = frozenset({".", "!", "?"})


@dataclass(slots=True)
class Candidate:
    """A quote before speaker resolution: token/char spans of content, cue and speaker."""

    kind: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    speaker_head: int | None = None  # token index of the speaker's head
    regions: list[QuoteRegion] = field(default_factory=list)
    speaker_ref: tuple[int, int] | None = None  # what a relative pronoun speaker stands for
    colon_frame: bool = False  # X scolded him: “…,” she said: framed on both sides, not broken

    @property
    def start(self) -> int:
        return min(a for a, _ in self.content)

    @property
    def end(self) -> int:
        return max(b for _, b in self.content)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, and a trailing sentence period or comma, from ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def within_paragraph(text: str, span: tuple[int, int], anchor: int) -> tuple[int, int]:
    """``span`` clipped to the paragraph that holds ``anchor`` (the cue): a parse that ran over a
    line break never carries a report into the next paragraph."""
    lo = text.rfind("\n", span[0], anchor) + 1 if span[0] < anchor else span[0]
    lo = max(lo, span[0])
    nl = text.find("\n", max(anchor, span[0]), span[1])
    hi = nl if nl >= 0 else span[1]
    return (lo, hi) if hi > lo else (span[0], span[0])


def para_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def para_end(text: str, pos: int) -> int:
    k = text.find("\n", pos)
    return len(text) if k < 0 else k
