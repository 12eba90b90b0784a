"""The help screen: every key with its binding id (remap any of them in the YAML keymap)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from ...textsafe import one_line
from ..keys import ALL_COMMANDS, keys_for

EXTRA = (
    ("", "ctrl+p", "Command palette: every action by name"),
    ("", "enter", "Entities panel: select the entity (all its mentions marked), its next mention"),
    ("", "enter", "Quotes panel: go to the quote"),
    ("", "enter", "Relations panel: go to the evidence"),
    ("", "enter", "Flagged screen: open the article at the quote (m unflags, e exports)"),
    ("", "escape", "Close a dialog, the search box or the Flagged screen; drop the selected entity"),
    ("", "enter", "Sources screen: the source's quotes; on a quote, open its article there"),
    ("", "escape", "Sources screen: back one step"),
    ("", "ctrl+q", "Quit (always)"),
)


def show_key(key: str) -> str:
    """``question_mark`` → ``? (question_mark)``: what to press, and what to write in the YAML."""
    shown = format_key(key)
    return one_line(f"{shown} ({key})" if shown != key and len(shown) == 1 else key)


def help_rows(keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    rows = [(c.id, ", ".join(show_key(k) for k in keys_for(c, keymap)), c.description) for c in ALL_COMMANDS]
    return rows + list(EXTRA)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        rows = help_rows(self.keymap)
        w_id = max(len(r[0]) for r in rows)
        w_keys = max(len(r[1]) for r in rows)
        lines = [Content.styled(f"{'binding id':<{w_id}}  {'keys':<{w_keys}}  action", "bold $accent")]
        for bid, keys, desc in rows:
            lines.append(Content.assemble((f"{bid:<{w_id}}  ", "$text-muted"), (f"{keys:<{w_keys}}  ", "bold"), desc))
        with Vertical(id="help"):
            yield Static(Content.styled("Keys", "bold"), id="help-title")
            with VerticalScroll():
                yield Static(Content("\n").join(lines), id="help-table")
            yield Static(
                Content.styled("Remap any key by its id under `keymap:` in your config file "
                               "(`newsreader --help` names it). Escape closes.", "$text-muted"),
                id="help-foot",
            )
