"""Quote navigation as plain state: which quote is current, the next and previous one (wrapping),
the status-line text, and a navigation key pressed before the quotes exist (kept, the last one
wins, and applied once they arrive). No widget here; the reader screen paints what this says."""

from __future__ import annotations

from ..model import Quote


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

    def reset(self, quotes: list[Quote] | None = None) -> None:
        self.quotes = list(quotes or [])
        self.index = -1

    def target(self, step: int) -> int:
        """The quote one ``step`` (+1 next, -1 previous) from the current one, wrapping; the first
        (or last) when none is current. Requires quotes."""
        n = len(self.quotes)
        if self.index < 0:
            return 0 if step > 0 else n - 1
        return (self.index + step) % n

    def defer(self, step: int) -> None:
        """Remember a navigation key pressed before the analysis: only the last one counts."""
        self.pending = step

    def take_pending(self) -> int:
        step, self.pending = self.pending, 0
        return step

    def status(self, index: int) -> str:
        q = self.quotes[index]
        parts = [f"Quote {index + 1}/{len(self.quotes)}", quote_speaker(q)]
        if q.cue is not None:
            parts.append(q.cue.text)
        return " · ".join(parts)

    def at_offset(self, offset: int) -> int | None:
        """The quote whose content contains text ``offset``, or None."""
        for i, q in enumerate(self.quotes):
            if any(s.start <= offset < s.end for s in q.content):
                return i
        return None
