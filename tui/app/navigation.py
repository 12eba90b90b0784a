"""Quote navigation as plain state: which quote is current, the next and previous one (wrapping),
the status-line text, and a navigation key pressed before the quotes exist (kept, the last one
wins, and applied once they arrive). With a filter on (``kept``: the quote indices it keeps),
next and previous step through the kept quotes and the status line counts them. No widget
here; the reader screen paints what this says."""

from __future__ import annotations

from ..model import Quote
from .quote_filter import position, step as filtered_step


def quote_speaker(q: Quote) -> str:
    if q.speaker_name:
        return q.speaker_name
    if q.speaker is not None:
        return q.speaker.text
    return "unknown speaker"


class QuoteNavigator:
    def __init__(self) -> None:
        self.quotes: list[Quote] = []
        self.index = -1
        self.pending: int = 0  # +1 / -1: a next / previous key pressed before the quotes came
        self.kept: list[int] | None = None  # the filter's quotes (None: all)
        self.kept_label = ""  # "direct+mixed", "Wang Yi"

    def reset(self, quotes: list[Quote] | None = None) -> None:
        self.quotes = list(quotes or [])
        self.index = -1
        self.kept, self.kept_label = None, ""

    def set_filter(self, kept: list[int] | None, label: str = "") -> None:
        self.kept, self.kept_label = kept, label

    def target(self, step: int) -> int | None:
        """The quote one ``step`` (+1 next, -1 previous) from the current one among the kept
        ones, wrapping; the first (or last) when none is current. None when the filter keeps
        none. Requires quotes."""
        return filtered_step(self.kept, len(self.quotes), self.index, step)

    def defer(self, step: int) -> None:
        """Remember a navigation key pressed before the analysis: only the last one counts."""
        self.pending = step

    def take_pending(self) -> int:
        step, self.pending = self.pending, 0
        return step

    def status(self, index: int, flagged: bool = False) -> str:
        """``Quote 3/14 · Wang Yi · said``; with a filter on ``Quote 2/5 (Wang Yi) · said`` or
        ``Quote 2/9 (direct+mixed) · Wang Yi · said``; `` · ⚑`` for a flagged quote."""
        q = self.quotes[index]
        speaker = quote_speaker(q)
        pos = position(self.kept, index)
        if self.kept is None or pos is None:
            parts = [f"Quote {index + 1}/{len(self.quotes)}", speaker]
        else:
            parts = [f"Quote {pos + 1}/{len(self.kept)} ({self.kept_label})"]
            if self.kept_label != speaker:
                parts.append(speaker)
        if q.cue is not None:
            parts.append(q.cue.text)
        return " · ".join(parts) + (" · \u2691" if flagged else "")

    def at_offset(self, offset: int) -> int | None:
        """The quote whose content contains text ``offset``, or None."""
        for i, q in enumerate(self.quotes):
            if any(s.start <= offset < s.end for s in q.content):
                return i
        return None
