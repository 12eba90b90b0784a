"""The project's themes stay legible on a 16-colour terminal: every colour the reader shows text
or marks in, reduced to the 16 standard colours the way Rich reduces it, keeps its contrast with
the background it is shown on."""

from __future__ import annotations

import pytest
from rich._palettes import STANDARD_PALETTE
from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color

from tui.app.theme import THEMES, contrast, entity_variable, legible, palette

TEXT_ON_PAGE = ("foreground", "text-muted", "nr-quote", "primary", "accent", "footer-key-foreground")
LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART")


def sixteen(value: str) -> Color:
    """``value`` as a 16-colour terminal shows it (the standard VGA/xterm palette)."""
    number = RichColor.parse(value).downgrade(ColorSystem.STANDARD).number
    return Color(*STANDARD_PALETTE[number])


def variables(theme) -> dict[str, str]:
    return {**theme.to_color_system().generate(), **theme.variables}


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_text_and_labels_read_on_sixteen_colours(theme):
    v = variables(theme)
    for page in ("surface", "background", "panel"):
        bg = sixteen(v[page])
        for name in TEXT_ON_PAGE:
            assert contrast(sixteen(v[name]), bg) >= 4.0, (name, page)
    page = sixteen(v["surface"])
    for label in LABELS:
        assert contrast(sixteen(v[entity_variable(label)]), page) >= 3.0, label
    cursor = sixteen(v["block-cursor-background"])
    assert contrast(sixteen(v["block-cursor-foreground"]), cursor) >= 4.5
    assert contrast(sixteen(v["panel-lighten-2"]), page) >= 2.0  # borders show
    pal = palette(theme, {label: "#aa9cfc" for label in LABELS}, "#e6c07b", "#ffd75f")
    assert contrast(sixteen(pal.current_fg), sixteen(pal.current_bg)) >= 7.0  # the current quote
    assert pal.entities["PERSON"] == Color.parse(v[entity_variable("PERSON")]).hex6  # the theme's own


def test_the_two_themes_are_one_dark_and_one_light():
    assert [(t.name, t.dark) for t in THEMES] == [("newsreader-dark", True), ("newsreader-light", False)]


def test_configured_colours_are_made_legible_on_a_light_page():
    white = Color.parse("#ffffff")
    pale = Color.parse("#feca74")  # displaCy's GPE: 1.5:1 on white
    assert contrast(pale, white) < 3.0
    fixed = legible(pale, white)
    assert contrast(fixed, white) >= 3.0
    assert legible(Color.parse("#000080"), white) == Color.parse("#000080")  # already legible: unchanged
