"""Every key binding of the reader, by id: the one registry the screens, the help screen, the
command palette and the YAML ``keymap:`` section share.

The keys written here are fallbacks; ``config/newsreader.yaml`` holds the defaults users see and
``App.set_keymap(settings.keymap)`` applies them (and any remapping) by binding id.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    key: str
    action: str
    description: str
    show: bool = False  # in the footer
    palette: bool = True  # offered in the command palette (ctrl+p)
    short: str = ""  # footer label (default: the description)


READER_COMMANDS: tuple[Command, ...] = (
    Command("next_quote", "n", "next_quote", "Next quote", show=True, short="Next quote"),
    Command("prev_quote", "N", "prev_quote", "Previous quote", show=True, short="Prev quote"),
    Command("scroll_down", "j,down", "scroll_article('down')", "Scroll down one line", palette=False),
    Command("scroll_up", "k,up", "scroll_article('up')", "Scroll up one line", palette=False),
    Command("page_down", "space,pagedown", "scroll_article('page_down')", "Scroll down one page", palette=False),
    Command("page_up", "b,pageup", "scroll_article('page_up')", "Scroll up one page", palette=False),
    Command("top", "g,home", "scroll_article('top')", "Go to the top of the article"),
    Command("bottom", "G,end", "scroll_article('bottom')", "Go to the end of the article"),
    Command("focus_next", "tab", "app.focus_next", "Focus the next pane", palette=False),
    Command("focus_prev", "shift+tab", "app.focus_previous", "Focus the previous pane", palette=False),
    Command("open", "o", "open_picker", "Open an article (file picker)", show=True, short="Open"),
    Command("search", "slash", "search", "Search in the article", show=True, short="Search"),
    Command("next_match", "ctrl+n", "next_match", "Next search match"),
    Command("prev_match", "ctrl+b", "prev_match", "Previous search match"),
    Command("toggle_entities", "1", "toggle_panel('entities')", "Show/hide the entities panel"),
    Command("toggle_quotes", "2", "toggle_panel('quotes')", "Show/hide the quotes panel"),
    Command("toggle_relations", "3", "toggle_panel('relations')", "Show/hide the relations panel"),
    Command("export", "e", "export", "Export the analysis (JSON or Markdown)", show=True, short="Export"),
    Command("cite", "y", "cite", "Copy the current quote as a citation", show=True, short="Cite"),
    Command("cite_all", "Y", "cite_all", "Copy all quotes as a Markdown list"),
    Command("flag", "m", "flag", "Flag / unflag the current quote", show=True, short="Flag"),
    Command("flagged", "M", "flagged", "Flagged quotes of every article", show=True, short="Flagged"),
    Command("filter_quotes", "f", "filter_quotes", "Filter quotes: all, direct and mixed, the selected entity's",
            show=True, short="Filter"),
    Command("sources", "s", "sources", "Sources across the folder: who is quoted, how often, when"),
)

SOURCES_COMMANDS: tuple[Command, ...] = (
    Command("sort_sources", "r", "sort_next", "Sources screen: sort by the next column (again: reverse)",
            show=True, palette=False, short="Sort"),
)

APP_COMMANDS: tuple[Command, ...] = (
    Command("help", "question_mark,f1", "help", "Show the keys and their binding ids", show=True, short="Keys"),
    Command("quit", "q", "quit", "Quit", show=True),
)

ALL_COMMANDS: tuple[Command, ...] = READER_COMMANDS + SOURCES_COMMANDS + APP_COMMANDS
COMMANDS_BY_ID = {c.id: c for c in ALL_COMMANDS}


def bindings(commands: tuple[Command, ...]) -> list[Binding]:
    return [Binding(c.key, c.action, c.short or c.description, show=c.show, id=c.id, tooltip=c.description)
            for c in commands]


def keys_for(command: Command, keymap: dict[str, str]) -> list[str]:
    """The keys bound to ``command`` once ``keymap`` is applied (as written, comma-split)."""
    raw = keymap.get(command.id) or command.key
    return [k.strip() for k in raw.split(",") if k.strip()]
