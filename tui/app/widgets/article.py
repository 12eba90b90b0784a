"""The article pane: the text, wrapped to a reading width, with highlight layers.

Built for megabyte articles (the Textualize/toolong pattern): a ``ScrollView`` that wraps the text
once per width into a list of line offsets and renders only the visible lines with
``render_line``. Highlights are layers of ``(start, end, style)`` spans over text offsets; changing
one (the current quote, a search match) clears the small cache of rendered lines and repaints the
visible lines only, so a key press costs the same on a 1 MB article as on a short one.

The text is never parsed as markup (segments are built from plain strings), and control
characters are shown as visible symbols one for one, so offsets into the text stay valid.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...textsafe import displayable
from ..messages import ArticleClicked

__all__ = ["ArticleView", "displayable", "wrap_line"]

_TOKEN = re.compile(r"\S+\s*|\s+")

# Layers, lowest first: later layers win where they overlap.
LAYERS = ("links", "quotes", "flags", "entities", "selected", "search", "focus", "current")

# A web address in the text: printable ASCII only (never an escape, BEL or space, so it cannot
# end the OSC 8 sequence it is written into), without trailing punctuation.
URL = re.compile(r"\b(?:https?|ftp)://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+")
_URL_TAIL = ".,;:!?'\")]"


def url_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, url)`` of every web address in ``text`` (``)`` kept when it closes a ``(``)."""
    out = []
    for m in URL.finditer(text):
        url = m.group()
        while url and url[-1] in _URL_TAIL and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            url = url[:-1]
        if len(url) > url.index("://") + 3:
            out.append((m.start(), m.start() + len(url), url))
    return out


def meta_link(value: object) -> str | None:
    """The metadata's ``url`` when the whole of it is one web address (else None: not a link)."""
    if not isinstance(value, str):
        return None
    spans = url_spans(value.strip())
    return spans[0][2] if len(spans) == 1 and spans[0][2] == value.strip() else None


def link_style(url: str) -> Style:
    """An OSC 8 hyperlink: the terminal opens it on a (ctrl-)click; the reader never does."""
    return Style(link=url, underline=True)


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # offsets into the text; a blank separator line has start == end
    end: int


def _cells(s: str) -> int:
    return len(s) if s.isascii() else cell_len(s)


def wrap_line(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text[start:end]`` (no newline inside) to ``width`` cells."""
    if end - start <= width and _cells(text[start:end]) <= width:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    line_start, col = start, 0
    for m in _TOKEN.finditer(text, start, end):
        ws, we = m.span()
        word = m.group()
        bare = word.rstrip()
        bare_len = _cells(bare)
        if col and col + bare_len > width:
            out.append((line_start, ws))
            line_start, col = ws, 0
        if bare_len > width:  # a word longer than the line: cut it
            pos, acc = ws, 0
            limit = ws + len(bare)
            while pos < limit:
                w = _cells(text[pos])
                if acc + w > width:
                    out.append((line_start, pos))
                    line_start, acc = pos, 0
                acc += w
                pos += 1
            col = acc + _cells(word[len(bare):])
            continue
        col += _cells(word)
    out.append((line_start, end))
    return out


class ArticleView(ScrollView, can_focus=True):
    """The article text with highlight layers, scrolled by line."""

    DEFAULT_CSS = """
    ArticleView {
        scrollbar-gutter: stable;
        padding: 0 1;
    }
    """

    def __init__(self, reading_width: int = 88, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.reading_width = reading_width
        self.text = ""
        self.body_start = 0
        self._wrap_width = 0
        self._lines: list[Line] = []
        self._line_starts: list[int] = []
        self._layers: dict[str, list[tuple[int, int, Style]]] = {name: [] for name in LAYERS}
        self._layer_starts: dict[str, list[int]] = {name: [] for name in LAYERS}
        self._layer_maxlen: dict[str, int] = {name: 0 for name in LAYERS}
        self._cache: LRUCache[int, Strip] = LRUCache(1024)

    # -- content ---------------------------------------------------------------------------
    def set_text(self, text: str, body_start: int = 0) -> None:
        """Show ``text`` (offsets are kept: the display copy has the same length)."""
        self.text = displayable(text)
        self.body_start = body_start
        for name in LAYERS:
            self._set_layer(name, [])
        self._set_layer("links", [(s, e, link_style(url)) for s, e, url in url_spans(self.text) if s >= body_start])
        self._wrap_width = 0
        self._rewrap()
        self.scroll_to(0, 0, animate=False, immediate=True)

    def _target_width(self) -> int:
        avail = self.scrollable_content_region.width or self.reading_width
        return max(10, min(self.reading_width, avail))

    def _rewrap(self) -> None:
        width = self._target_width()
        if width == self._wrap_width and self._lines:
            return
        self._wrap_width = width
        text = self.text
        lines: list[Line] = []
        pos = self.body_start
        n = len(text)
        blank_pending = False
        while pos <= n:
            nl = text.find("\n", pos)
            if nl < 0:
                nl = n
            if text[pos:nl].strip():
                if blank_pending and lines:
                    lines.append(Line(pos, pos))
                blank_pending = False
                for s, e in wrap_line(text, pos, nl, width):
                    lines.append(Line(s, e))
            else:
                blank_pending = True
            pos = nl + 1
        self._lines = lines
        self._line_starts = [ln.start for ln in lines]
        self._cache.clear()
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.text:
            anchor = self.top_offset()
            self._rewrap()
            self.scroll_to(y=self.line_of(anchor), animate=False, immediate=True)

    # -- geometry --------------------------------------------------------------------------
    @property
    def line_count(self) -> int:
        return len(self._lines)

    def line_of(self, offset: int) -> int:
        """The display line that shows ``offset`` (the nearest one before it for hidden text)."""
        if not self._lines:
            return 0
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def top_offset(self) -> int:
        """The text offset at the top of the view."""
        if not self._lines:
            return 0
        y = min(int(self.scroll_y), len(self._lines) - 1)
        return self._lines[y].start

    def line_text(self, y: int) -> str:
        """The text of display line ``y`` (tests, search)."""
        ln = self._lines[y]
        return self.text[ln.start : ln.end]

    def visible_text(self) -> str:
        top = int(self.scroll_y)
        return "\n".join(self.line_text(y) for y in range(top, min(top + self.size.height, len(self._lines))))

    def scroll_to_span(self, start: int, end: int, *, force: bool = False) -> None:
        """Scroll so that ``start:end`` is in view (a third from the top when it was not)."""
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        top, height = int(self.scroll_y), max(1, self.scrollable_content_region.height)
        if not force and top + 1 <= first and last <= top + height - 2:
            return
        y = max(0, first - height // 3)
        if last - first >= height - 1:
            y = first
        self.scroll_to(y=y, animate=False, immediate=True)

    # -- highlight layers ------------------------------------------------------------------
    def _set_layer(self, name: str, spans: list[tuple[int, int, Style]]) -> None:
        spans = sorted(s for s in spans if s[1] > s[0]) if spans else []
        self._layers[name] = spans
        self._layer_starts[name] = [s[0] for s in spans]
        self._layer_maxlen[name] = max((e - s for s, e, _ in spans), default=0)

    def set_layer(self, name: str, spans: list[tuple[int, int, Style]]) -> None:
        """Replace one highlight layer (``LAYERS``) and repaint the visible lines."""
        self._set_layer(name, spans)
        self._cache.clear()
        self.refresh()

    def layer_spans(self, name: str) -> list[tuple[int, int, Style]]:
        return self._layers[name]

    def _spans_in(self, start: int, end: int) -> list[tuple[int, int, int, Style]]:
        out = []
        for rank, name in enumerate(LAYERS):
            spans = self._layers[name]
            if not spans:
                continue
            starts = self._layer_starts[name]
            hi = bisect_left(starts, end)
            lo = bisect_left(starts, start - self._layer_maxlen[name])
            for s, e, style in spans[lo:hi]:
                if e > start:
                    out.append((max(s, start), min(e, end), rank, style))
        return out

    # -- rendering -------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_text_line(index, base)
            self._cache[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _render_text_line(self, index: int, base: Style) -> Strip:
        ln = self._lines[index]
        start, end = ln.start, ln.end
        text = self.text
        spans = self._spans_in(start, end)
        if not spans:
            return Strip([Segment(text[start:end], base)])
        cuts = {start, end}
        for s, e, _, _ in spans:
            cuts.add(s)
            cuts.add(e)
        edges = sorted(cuts)
        spans.sort(key=lambda t: t[2])
        segments = []
        for a, b in zip(edges, edges[1:]):
            style = base
            for s, e, _, st in spans:
                if s <= a and b <= e:
                    style = style + st
            segments.append(Segment(text[a:b], style))
        return Strip(segments)

    # -- mouse -----------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        region = self.scrollable_content_region
        index = int(self.scroll_y) + event.y - (region.y - self.region.y)
        if not 0 <= index < len(self._lines):
            return
        ln = self._lines[index]
        col = event.x - (region.x - self.region.x)
        offset, acc = ln.start, 0
        while offset < ln.end and acc + _cells(self.text[offset]) <= col:
            acc += _cells(self.text[offset])
            offset += 1
        self.post_message(ArticleClicked(offset))
