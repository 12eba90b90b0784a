"""The Flagged screen: every flagged quote of every article (article, speaker, first words).
Enter opens the article at the quote, the flag key unflags, the export key writes Markdown or CSV.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ...citation import first_words
from ...flags import Flag, FlagStore
from ..widgets.article import displayable

COLUMNS = (("article", "Article", 28), ("date", "Date", 10), ("speaker", "Speaker", 22), ("quote", "Quote", 0))
MIN_QUOTE = 30  # the quote column takes the rest of the width, at least this


def cell(text: str, width: int) -> Text:
    """Plain text for a table cell (never markup), controls visible, cut to ``width``."""
    return Text(first_words(displayable(text), width))


class FlaggedScreen(Screen[Flag | None]):
    """Dismissed with the flag to open (Enter), or None."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="flagged.close"),
        Binding("M", "close", "Close", show=False, id="flagged"),
        Binding("m", "unflag", "Unflag", id="flag"),
        Binding("e", "export", "Export", id="export"),
    ]

    def __init__(self, store: FlagStore) -> None:
        super().__init__()
        self.store = store
        self.flags: list[Flag] = []

    def compose(self) -> ComposeResult:
        yield Static(id="flagged-title")
        yield DataTable(id="flagged-table", cursor_type="row", zebra_stripes=True)
        yield Static(Content.styled("Enter opens the article at the quote", "$text-muted"), id="flagged-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        fixed = sum(w for *_, w in COLUMNS)
        self.widths = [w or max(MIN_QUOTE, self.app.size.width - fixed - 2 * len(COLUMNS) - 2) for *_, w in COLUMNS]
        for (key, label, _), width in zip(COLUMNS, self.widths):
            table.add_column(label, width=width, key=key)
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self, keep: int = 0) -> None:
        self.flags = self.store.all()
        if self.store.warning:
            self.notify(displayable(self.store.warning), severity="warning", markup=False)
        table = self.query_one(DataTable)
        table.clear()
        for i, f in enumerate(self.flags):
            table.add_row(*(cell(v, w) for v, w in zip((f.title, f.date or "", f.speaker, f.text), self.widths)),
                          key=str(i))
        n = len(self.flags)
        title = self.query_one("#flagged-title", Static)
        if n:
            title.update(Content.styled(f"Flagged quotes ({n})", "bold"))
            table.move_cursor(row=min(keep, n - 1))
        else:
            title.update(Content.styled("No flagged quotes yet: m in the reader flags the current quote", "bold"))

    @property
    def current(self) -> Flag | None:
        table = self.query_one(DataTable)
        if not self.flags or not 0 <= table.cursor_row < len(self.flags):
            return None
        return self.flags[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        flag = self.current
        if flag is None:
            return
        if not Path(flag.path).is_file():
            self.notify(f"{displayable(flag.path)} is no longer there", severity="warning", markup=False)
            return
        self.dismiss(flag)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_unflag(self) -> None:
        flag = self.current
        if flag is None:
            return
        row = self.query_one(DataTable).cursor_row
        if self.store.remove([flag.key]) is None:
            self.notify(displayable(self.store.warning or "cannot write the flags"), severity="error", markup=False)
            return
        self.notify(f"unflagged: {first_words(displayable(flag.citation), 100)}", markup=False)
        self.reload(keep=row)

    def action_export(self) -> None:
        from ..export import flags_exporter
        from .export import ExportScreen

        if not self.flags:
            self.notify("nothing to export: no flagged quotes", markup=False)
            return
        self.app.push_screen(ExportScreen(flags_exporter(self.flags)))
