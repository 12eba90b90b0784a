"""Export the analysis: a modal asking the format and the path; never overwrites silently."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from ...model import Analysis
from ...textsafe import one_line
from ..export import Exporter, analysis_exporter, write_atomic


class ConfirmScreen(ModalScreen[bool]):
    """Yes / no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(Content(one_line(self.question)))
            with Horizontal(classes="buttons"):
                yield Button("Overwrite (y)", variant="warning", id="yes")
                yield Button("Cancel (n)", id="no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ExportScreen(ModalScreen[Path | None]):
    """Format (JSON / Markdown for the analysis, Markdown / CSV for the flagged quotes) and
    path; Enter exports, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, what: Analysis | Exporter, folder: Path | None = None) -> None:
        super().__init__()
        self.exporter = what if isinstance(what, Exporter) else analysis_exporter(what)
        self.folder = folder
        self.fmt = next(iter(self.exporter.formats))

    def compose(self) -> ComposeResult:
        ex = self.exporter
        with Vertical(id="export", classes="dialog"):
            yield Static(Content.styled(ex.title, "bold"))
            with RadioSet(id="export-format"):
                for k, (fmt, (label, _)) in enumerate(ex.formats.items()):
                    yield RadioButton(label, value=k == 0, id=f"fmt-{fmt}")
            default = str(ex.default_path(self.fmt, self.folder))
            if one_line(default) != default:  # a folder name the terminal would act on: relative
                default = Path(default).name
            box = Input(default, id="export-path")
            box.cursor_blink = self.app.settings.ui.cursor_blink  # type: ignore[attr-defined]
            yield box
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = (event.pressed.id or "")[len("fmt-"):]
        if fmt not in self.exporter.formats:
            return
        box = self.query_one("#export-path", Input)
        old, new = self.exporter.suffix(self.fmt), self.exporter.suffix(fmt)
        self.fmt = fmt
        if box.value.endswith(old):
            box.value = box.value[: -len(old)] + new

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def _go(self, event) -> None:
        event.stop()
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify("give a file name", severity="warning", markup=False)
            return
        path = Path(raw).expanduser()
        try:
            if path.is_dir():
                path = self.exporter.default_path(self.fmt, path)
            exists = path.exists()
        except (OSError, ValueError) as exc:  # a name too long, a NUL byte: one notification
            self.notify(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}", severity="error", timeout=8, markup=False)
            return
        if exists:
            def answered(yes: bool | None) -> None:
                if yes:
                    self.write(path)

            self.app.push_screen(ConfirmScreen(f"{path} exists. Overwrite it?"), answered)
            return
        self.write(path)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def write(self, path: Path) -> None:
        try:
            write_atomic(path, self.exporter.render(self.fmt))
        except (OSError, ValueError) as exc:
            self.notify(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}", severity="error", timeout=8, markup=False)
            return
        self.notify(f"exported {self.fmt} to {path}", markup=False)
        self.dismiss(path)
