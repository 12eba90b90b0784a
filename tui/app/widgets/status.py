"""The status line at the bottom of the reader."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ...textsafe import one_line


class StatusLine(Widget):
    """``name · analysing…`` or ``name · Quote 3/14 · Wang Yi · said`` (plain text, never markup).

    A fixed one-line widget that repaints itself without a layout pass (``Static.update`` would
    re-lay out the screen, which costs tens of ms next to a 2,000-option quotes panel)."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.name_text = ""
        self.state = ""
        self.detail = ""

    def set(self, *, name: str | None = None, state: str | None = None, detail: str | None = None) -> None:
        if name is not None:
            self.name_text = one_line(name)
        if state is not None:
            self.state = one_line(state)
        if detail is not None:
            self.detail = one_line(detail)
        self.refresh()

    @property
    def plain(self) -> str:
        return " · ".join(p for p in (self.name_text, self.state, self.detail) if p)

    def render(self) -> Content:
        parts: list = [(self.name_text, "bold")]
        if self.state:
            parts.append((f" · {self.state}", "italic $warning"))
        if self.detail:
            parts.append((f" · {self.detail}", "$text"))
        return Content.assemble(*parts)
