"""The project's two themes and the reader's colours per theme.

``newsreader-dark`` and ``newsreader-light`` use colours that stay themselves on a 16-colour
terminal: each one is near one of the 16 standard colours, and every pair the reader shows
(text, muted text, entity labels and quotes on the page, the current quote, borders) keeps its
contrast once reduced to those 16 (``tests/app/test_themes.py`` checks it). They also carry the
colours of entity labels and quotes as theme variables (``nr-entity-person``, ``nr-quote``, …).

With any other Textual theme the colours of ``entities.colors`` and ``layout.quote_color`` are
used, made darker on a light page or lighter on a dark one until they read (contrast >= 3:1), so
entity labels follow the theme either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.color import Color, ColorParseError
from textual.theme import Theme

MIN_CONTRAST = 3.0


def entity_variable(label: str) -> str:
    return f"nr-entity-{label.lower().replace('_', '-')}"


def _entities(colors: dict[str, str]) -> dict[str, str]:
    return {entity_variable(label): c for label, c in colors.items()}


_DARK_MUTED = "#a8a8a8"
_LIGHT_MUTED = "#585858"

NEWSREADER_DARK = Theme(
    name="newsreader-dark",
    primary="#5f87ff",
    secondary="#00afaf",
    accent="#ffd75f",
    warning="#ffd75f",
    error="#ff5f5f",
    success="#5fff5f",
    foreground="#e8e8e8",
    background="#080808",
    surface="#101010",
    panel="#1c1c1c",
    dark=True,
    variables={
        "text-muted": _DARK_MUTED,
        "panel-lighten-2": "#767676",
        "footer-key-foreground": "#ffd75f",
        "footer-description-foreground": "#e8e8e8",
        "block-cursor-background": "#1f3fbf",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-blurred-background": "#444444",
        "block-cursor-blurred-foreground": "#e8e8e8",
        "nr-quote": "#ffd787",
        "nr-current-quote": "#ffd75f",
        **_entities({
            "PERSON": "#ff87ff", "ORG": "#5fffff", "GPE": "#d78700", "NORP": "#ff5f5f",
            "LOC": "#87ff87", "FAC": "#00afaf", "EVENT": "#5f87ff", "PRODUCT": "#87ff87",
            "LAW": "#ff5f5f", "WORK_OF_ART": "#ff87ff", "LANGUAGE": "#ff5f5f",
            "DATE": _DARK_MUTED, "TIME": _DARK_MUTED, "MONEY": _DARK_MUTED, "QUANTITY": _DARK_MUTED,
            "PERCENT": _DARK_MUTED, "CARDINAL": _DARK_MUTED, "ORDINAL": _DARK_MUTED,
        }),
    },
)

NEWSREADER_LIGHT = Theme(
    name="newsreader-light",
    primary="#0000af",
    secondary="#008787",
    accent="#af00af",
    warning="#af5f00",
    error="#af0000",
    success="#008700",
    foreground="#121212",
    background="#f4f4f4",
    surface="#ffffff",
    panel="#e4e4e4",
    dark=False,
    variables={
        "text-muted": _LIGHT_MUTED,
        "panel-lighten-2": "#8a8a8a",
        "footer-key-foreground": "#0000af",
        "footer-description-foreground": "#121212",
        "block-cursor-background": "#0000af",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-blurred-background": "#c6c6c6",
        "block-cursor-blurred-foreground": "#121212",
        "nr-quote": "#875f00",
        "nr-current-quote": "#ffff5f",
        **_entities({
            "PERSON": "#8700af", "ORG": "#0000af", "GPE": "#af0000", "NORP": "#af00af",
            "LOC": "#af5f00", "FAC": _LIGHT_MUTED, "EVENT": "#5f5fff", "PRODUCT": "#008700",
            "LAW": "#af0000", "WORK_OF_ART": "#8700af", "LANGUAGE": "#af0000",
            "DATE": _LIGHT_MUTED, "TIME": _LIGHT_MUTED, "MONEY": _LIGHT_MUTED, "QUANTITY": _LIGHT_MUTED,
            "PERCENT": _LIGHT_MUTED, "CARDINAL": _LIGHT_MUTED, "ORDINAL": _LIGHT_MUTED,
        }),
    },
)

THEMES = (NEWSREADER_DARK, NEWSREADER_LIGHT)


def register_themes(app) -> None:
    for theme in THEMES:
        app.register_theme(theme)


# -- colours -----------------------------------------------------------------------------------
def _channel(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(c: Color) -> float:
    return 0.2126 * _channel(c.r) + 0.7152 * _channel(c.g) + 0.0722 * _channel(c.b)


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def legible(color: Color, background: Color, minimum: float = MIN_CONTRAST) -> Color:
    """``color``, blended towards black (light page) or white (dark page) until it has at
    least ``minimum`` contrast with ``background``."""
    target = Color(0, 0, 0) if luminance(background) > 0.4 else Color(255, 255, 255)
    out = color
    step = 0
    while contrast(out, background) < minimum and step < 10:
        step += 1
        out = color.blend(target, step / 10)
    return out


def _parse(value: str | None, fallback: str) -> Color:
    try:
        return Color.parse(value) if value else Color.parse(fallback)
    except ColorParseError:
        return Color.parse(fallback)


def badge_text(background: str) -> str:
    """Black or white, whichever reads on ``background``."""
    return "#000000" if luminance(_parse(background, "#cccccc")) > 0.18 else "#ffffff"


@dataclass(frozen=True)
class Palette:
    """The reader's colours under one theme (``#rrggbb`` strings)."""

    page: str  # the article's background ($surface)
    entities: dict[str, str]  # label -> colour of its mentions and badge
    quote: str
    current_bg: str
    current_fg: str



def palette(theme: Theme, entity_colors: dict[str, str], quote_color: str, current_color: str) -> Palette:
    """The reader's colours under ``theme``: a theme's own ``nr-*`` variables where it has them,
    else the configured colours made legible on its page."""
    variables = {**theme.to_color_system().generate(), **theme.variables}
    page = _parse(variables.get("surface"), "#121212" if theme.dark else "#ffffff")
    entities = {}
    for label, value in entity_colors.items():
        own = theme.variables.get(entity_variable(label))
        entities[label] = (_parse(own, "#cccccc") if own else legible(_parse(value, "#cccccc"), page)).hex6
    quote = theme.variables.get("nr-quote")
    quote = _parse(quote, "#e6c07b") if quote else legible(_parse(quote_color, "#e6c07b"), page)
    current = _parse(theme.variables.get("nr-current-quote") or current_color, "#ffd75f")
    return Palette(page.hex6, entities, quote.hex6, current.hex6, badge_text(current.hex6))
