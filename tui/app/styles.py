"""The reader's highlight styles, made from the settings' colours and the current theme."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.color import Color, ColorParseError

from ..config import Settings
from .theme import Palette


def rich_color(value: str, fallback: str = "default") -> str:
    """A Textual colour string ("#rrggbb", "red", "rgb(1,2,3)", "$accent" not allowed) for Rich."""
    try:
        return Color.parse(value).hex6
    except ColorParseError:
        return fallback


@dataclass(frozen=True)
class ReaderStyles:
    quote: Style
    current: Style
    speaker: Style
    match: Style
    focus: Style
    entities: dict[str, Style]
    flag: Style = Style(underline=True, bold=True)  # a flagged quote's content
    selected: Style = Style(reverse=True, bold=True)  # the mentions of the selected entity

    @classmethod
    def from_settings(cls, s: Settings) -> "ReaderStyles":
        lay = s.layout
        cq = rich_color(lay.current_quote_color, "#ffd75f")
        return cls(
            quote=Style(color=rich_color(lay.quote_color), italic=True),
            current=Style(color="#111111", bgcolor=cq),
            speaker=Style(bold=True, underline=True),
            match=Style(color="#ffffff", bgcolor="#005f87"),
            focus=Style(color="#ffffff", bgcolor="#d7005f", bold=True),
            entities={label: Style(color=rich_color(c), bold=True) for label, c in s.entities.colors.items()},
        )

    @classmethod
    def from_palette(cls, s: Settings, pal: Palette) -> "ReaderStyles":
        """The colours of the current theme (``theme.palette``): entity labels, quotes."""
        base = cls.from_settings(s)
        return cls(
            quote=Style(color=pal.quote, italic=True),
            current=Style(color=pal.current_fg, bgcolor=pal.current_bg),
            speaker=base.speaker,
            match=base.match,
            focus=base.focus,
            entities={label: Style(color=c, bold=True) for label, c in pal.entities.items()},
        )

    def entity(self, label: str) -> Style:
        return self.entities.get(label, Style(bold=True))
