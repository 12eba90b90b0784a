"""Search in the article: the search box (a widget that posts what the user asked for) and the
matches of a query over the text (plain logic, no widget)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from textual import events
from textual.message import Message
from textual.widgets import Input

MAX_MATCHES = 100_000


class SearchBox(Input):
    """The one-line search box under the article; hidden until ``open``.

    Enter posts ``SearchBox.Search`` with the query, Escape posts ``SearchBox.Closed``; both hide it."""

    class Search(Message):
        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        pass

    def __init__(self, *, cursor_blink: bool = True, id: str | None = None) -> None:
        super().__init__(placeholder="search the article (Enter: find, Escape: cancel)", id=id)
        self.cursor_blink = cursor_blink

    def on_mount(self) -> None:
        self.display = False

    def open(self, query: str) -> None:
        self.display = True
        self.value = query
        self.focus()

    def close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(self.Search(event.value))

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.close()


@dataclass
class Matches:
    """Every case-insensitive match of ``query`` in a text (at most ``MAX_MATCHES``) and the
    current one."""

    query: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    index: int = -1

    @classmethod
    def find(cls, text: str, query: str, start: int = 0) -> "Matches":
        if not query.strip():
            return cls(query)
        rx = re.compile(re.escape(query), re.IGNORECASE)
        spans = []
        for m in rx.finditer(text, start):
            spans.append(m.span())
            if len(spans) >= MAX_MATCHES:
                break
        return cls(query, spans)

    def __len__(self) -> int:
        return len(self.spans)

    def first_from(self, offset: int) -> int:
        """The first match at or after ``offset`` (wrapping to the first)."""
        return next((i for i, (s, _) in enumerate(self.spans) if s >= offset), 0)

    def go(self, index: int) -> tuple[int, int]:
        self.index = index % len(self.spans)
        return self.spans[self.index]

    def step(self, delta: int) -> tuple[int, int]:
        return self.go(self.index + delta)

    def label(self) -> str:
        return f"“{self.query}”: {self.index + 1}/{len(self.spans)}"
