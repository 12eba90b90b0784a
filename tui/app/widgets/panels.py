"""The side panels: entities, quotes, relations. Each is an ``OptionList`` that posts a message
when an option is chosen (Enter or a click); the reader screen acts on it."""

from __future__ import annotations

from textual.color import Color, ColorParseError
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...model import Analysis, Entity, Quote, Relation
from ..messages import EntityChosen, JumpTo, QuoteChosen
from ...textsafe import displayable, one_line
from ..navigation import quote_speaker
from ..theme import badge_text


DEFAULT_BADGE = "#cccccc"


def _colour(value: str | None) -> str:
    """A label's colour as ``#rrggbb``; the default for a missing or invalid one (``[red]``
    written as markup would otherwise leave a badge with no colour at all)."""
    if value:
        try:
            return Color.parse(value).hex6
        except ColorParseError:
            pass
    return DEFAULT_BADGE


def first_words(text: str, n: int = 60) -> str:
    text = " ".join(displayable(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


class Panel(OptionList):
    """An option list with a title, a placeholder while the analysis runs and an empty state."""

    TITLE = ""
    EMPTY = "none found"

    def on_mount(self) -> None:
        self.border_title = self.TITLE
        self.show_placeholder("loading…")

    def show_placeholder(self, text: str) -> None:
        self.clear_options()
        self.add_option(Option(Content.styled(f" {text}", "italic $text-muted"), disabled=True))
        self.border_subtitle = ""

    def _fill(self, options: list[Option], subtitle: str) -> None:
        self.clear_options()
        if options:
            self.add_options(options)
            self.highlighted = None
        else:
            self.add_option(Option(Content.styled(f" {self.EMPTY}", "italic $text-muted"), disabled=True))
        self.border_subtitle = subtitle


class EntitiesPanel(Panel):
    """Entities by salience: a label badge, the name and the mention count."""

    TITLE = "Entities"

    def __init__(self, colors: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.label_colors = colors
        self.entities: list[Entity] = []
        self._shown: tuple[Analysis, list[str]] | None = None

    def set_colors(self, colors: dict[str, str]) -> None:
        """Badge colours per label (the theme changed): the rows are drawn again."""
        self.label_colors = colors
        if self._shown is not None:
            highlighted = self.highlighted
            self.show_analysis(*self._shown)
            self.highlighted = highlighted

    def show_analysis(self, analysis: Analysis, labels: list[str]) -> None:
        self._shown = (analysis, labels)
        shown = [e for e in analysis.entities if not labels or e.label in labels]
        shown.sort(key=lambda e: (-e.salience, -len(e.mentions), e.name.lower()))
        self.entities = shown
        width = max((len(one_line(e.label)) for e in shown), default=0)
        options = []
        for i, e in enumerate(shown):
            color = _colour(self.label_colors.get(e.label))
            badge = Content.styled(f" {one_line(e.label):<{width}} ", f"{badge_text(color)} on {color}")
            row = Content.assemble(badge, " ", (one_line(e.name), "bold"),
                                   (f" ×{len(e.mentions)}", "$text-muted"))
            options.append(Option(row, id=f"e{i}"))  # by index: ids in the data need not be unique
        self._fill(options, f"{len(shown)}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("e"):
            self.post_message(EntityChosen(self.entities[int(event.option.id[1:])].id))


class QuotesPanel(Panel):
    """Quotes in text order: number, speaker, kind and the first words; ``⚑`` marks a flagged
    quote. ``show_analysis`` can list a subset (the filter); option ids keep the quote's index."""

    TITLE = "Quotes"
    FLAG = "\u2691"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.quotes: list[Quote] = []
        self.positions: dict[int, int] = {}  # quote index -> option index
        self.flagged: set[int] = set()

    def _row(self, i: int) -> Content:
        q = self.quotes[i]
        mark = (f"{self.FLAG} ", "bold $accent") if i in self.flagged else ("  ", "")
        head = Content.assemble(mark, (f"{i + 1:>2} ", "$text-muted"), (one_line(quote_speaker(q)), "bold"),
                                (f" · {q.kind}", "$text-muted"))
        words = Content.styled("     " + first_words(" … ".join(s.text for s in q.content), 31), "italic")
        return Content("\n").join([head, words])

    def show_analysis(self, analysis: Analysis, indices: list[int] | None = None, flagged: set[int] | None = None,
                      label: str = "") -> None:
        """List the quotes at ``indices`` (all by default); ``label`` names the filter."""
        self.quotes = analysis.quotes
        self.flagged = set(flagged or ())
        shown = range(len(self.quotes)) if indices is None else indices
        self.positions = {i: k for k, i in enumerate(shown)}
        options = [Option(self._row(i), id=f"q{i}") for i in shown]
        total = len(self.quotes)
        subtitle = f"{total}" if indices is None else f"{len(options)}/{total} · {one_line(label)}"
        self._fill(options, subtitle)

    def set_flagged(self, index: int, flagged: bool) -> None:
        """Add or remove the flag mark of one quote (one row repainted)."""
        (self.flagged.add if flagged else self.flagged.discard)(index)
        pos = self.positions.get(index)
        if pos is not None:
            self.replace_option_prompt_at_index(pos, self._row(index))

    def select_quote(self, index: int) -> None:
        pos = self.positions.get(index)
        if pos is not None and pos < self.option_count and not self.get_option_at_index(pos).disabled:
            self.highlighted = pos
        elif pos is None:
            self.highlighted = None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("q"):
            self.post_message(QuoteChosen(int(event.option.id[1:])))


class RelationsPanel(Panel):
    """Relations as subject — predicate — object; choosing one jumps to its evidence."""

    TITLE = "Relations"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.relations: list[Relation] = []

    def show_analysis(self, analysis: Analysis) -> None:
        self.relations = list(analysis.relations)
        options = []
        for i, r in enumerate(self.relations):
            subj = analysis.entity(r.subject)
            obj = analysis.entity(r.object)
            obj_name = obj.name if obj else (r.object_text or "")
            pred = ("not " if r.negated else "") + r.predicate
            head = Content.assemble(" ", (one_line(subj.name if subj else r.subject), "bold"),
                                    (f" — {one_line(pred)}", "$accent"),
                                    (f" ×{r.count}" if r.count > 1 else "", "$text-muted"))
            if not obj_name:
                options.append(Option(head, id=f"r{i}"))
                continue
            if obj is None and r.type == "SAID":
                tail = Content.styled(f"   “{first_words(obj_name, 30)}”", "italic")
            else:
                lead = {"ROLE": "of ", "INTERACTION": "→ "}.get(r.type, "")
                tail = Content.assemble(("   " + lead, "$text-muted"),
                                        (one_line(first_words(obj_name, 30)), "bold" if obj else "italic"))
            options.append(Option(Content("\n").join([head, tail]), id=f"r{i}"))
        self._fill(options, f"{len(self.relations)}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("r"):
            r = self.relations[int(event.option.id[1:])]
            self.post_message(JumpTo(r.evidence.start, r.evidence.end))
