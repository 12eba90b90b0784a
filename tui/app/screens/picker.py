"""The file picker: a modal listing the folder's articles (title and date) and its sub-folders.

Typing narrows the list; Enter opens the highlighted article or enters the folder; Escape closes.
The list shows file names at once; titles and dates are read from the first 2 KB of each file in
a worker thread, so a folder of 10,000 articles opens immediately.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.timer import Timer
from textual.worker import get_current_worker

from ...articles import HTML_SUFFIXES, _first_line, _looks_binary, is_supported, parse_header
from ...textsafe import one_line, safe_name, shorten

HEAD_BYTES = 2048
MAX_ROWS = 2000  # rows listed at once; typing narrows a bigger folder


@dataclass(slots=True)
class Entry:
    path: Path
    kind: str  # "up", "folder", "article"
    title: str = ""
    date: str = ""
    _prompt: Content | None = None
    _key: str = ""

    @property
    def label(self) -> str:
        if self.kind == "up":
            return ".."
        return self.path.name + ("/" if self.kind == "folder" else "")

    def matches(self, needle: str) -> bool:
        if self.kind == "up":
            return True
        if not self._key:
            self._key = f"{self.path.name}\0{self.title}".lower()
        return needle in self._key

    def set_head(self, title: str, date: str) -> None:
        self.title, self.date = title, date
        self._prompt = None
        self._key = ""

    @property
    def prompt(self) -> Content:
        """The row in the list (built once per title)."""
        if self._prompt is None:
            if self.kind != "article":
                self._prompt = Content.styled(safe_name(self.label), "bold $accent")
            else:
                parts: list = [(safe_name(self.label), "bold")]
                if self.date:
                    parts.append((f"  {one_line(self.date)}", "$text-muted"))
                if self.title:
                    parts.append(("  " + one_line(shorten(self.title, 90)), ""))
                self._prompt = Content.assemble(*parts)
        return self._prompt


def read_head(path: Path) -> tuple[str, str]:
    """(title, date) from the first 2 KB of a text article; ("", "") when unknown."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return "", ""
    try:
        with open(path, "rb") as f:
            data = f.read(HEAD_BYTES)
    except OSError:
        return "", ""
    if _looks_binary(data):
        return "(binary file)", ""
    head = _decode_head(data)
    meta, body = parse_header(head)
    title = meta.get("title") or _first_line(head, body) or ""
    return str(title), str(meta.get("date") or "")


def _decode_head(data: bytes) -> str:
    """The first bytes of a file as text: UTF-8 (a character cut at the end is dropped), else
    Windows-1252, the usual legacy encoding of news text (the article itself is decoded with
    charset detection when opened)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8", errors="replace")
    return data.decode("cp1252", errors="replace")


def pretty_path(folder: Path) -> str:
    """``folder`` relative to the working directory when inside it, else with ``~`` for home."""
    try:
        rel = folder.relative_to(Path.cwd().resolve())
        return "./" if str(rel) == "." else f"./{rel}"
    except (ValueError, OSError):  # OSError: the working directory was deleted
        pass
    try:
        return "~/" + str(folder.relative_to(Path.home().resolve()))
    except (ValueError, RuntimeError):
        return str(folder)


def scan(folder: Path) -> list[Entry]:
    """``..``, the sub-folders, then the supported articles of ``folder``, by name."""
    folders, articles = [], []
    try:
        it = list(os.scandir(folder))
    except OSError:
        it = []
    for e in it:
        if e.name.startswith("."):
            continue
        try:
            if e.is_dir():
                folders.append(Entry(Path(e.path), "folder"))
            elif e.is_file() and is_supported(Path(e.name)):
                articles.append(Entry(Path(e.path), "article"))
        except OSError:
            continue
    out = []
    if folder.parent != folder:
        out.append(Entry(folder.parent, "up"))
    out += sorted(folders, key=lambda x: x.path.name.lower())
    out += sorted(articles, key=lambda x: x.path.name)
    return out


class PickerScreen(ModalScreen[Path | None]):
    """Pick an article: type to filter, Enter to open, Escape to close."""

    BINDINGS = [
        Binding("escape", "dismiss_picker", "Close", id="picker.close"),
        Binding("down", "cursor('down')", "Down", show=False, id="picker.down"),
        Binding("up", "cursor('up')", "Up", show=False, id="picker.up"),
        Binding("pagedown", "cursor('page_down')", show=False, id="picker.page_down"),
        Binding("pageup", "cursor('page_up')", show=False, id="picker.page_up"),
    ]

    def __init__(self, folder: Path, current: Path | None = None) -> None:
        super().__init__()
        self.folder = Path(folder).resolve()
        self.current = current.resolve() if current else None
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(id="picker-folder")
            box = Input(placeholder="type to filter · Enter opens · Escape closes", id="picker-filter")
            box.cursor_blink = self.app.settings.ui.cursor_blink  # type: ignore[attr-defined]
            yield box
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.load_folder(self.folder)

    @property
    def options(self) -> OptionList:
        return self.query_one("#picker-list", OptionList)

    def load_folder(self, folder: Path) -> None:
        self.folder = folder
        self.entries = scan(folder)
        n = sum(1 for e in self.entries if e.kind == "article")
        self.query_one("#picker-folder", Static).update(
            Content.assemble((safe_name(pretty_path(folder)), "bold"), (f"  {n} article{'s' if n != 1 else ''}", "$text-muted"))
        )
        self.query_one("#picker-filter", Input).value = ""
        self.refilter()
        self._read_heads(folder, [e for e in self.entries if e.kind == "article"])

    @work(thread=True, exclusive=True, group="picker-heads", exit_on_error=False)
    def _read_heads(self, folder: Path, entries: list[Entry]) -> None:
        worker = get_current_worker()
        for e in entries:
            if worker.is_cancelled:
                return
            e.set_head(*read_head(e.path))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._heads_read, folder)

    def _heads_read(self, folder: Path) -> None:
        if folder == self.folder:
            self.refilter(keep=True)

    def refilter(self, keep: bool = False) -> None:
        """Rebuild the list for the filter text (at most ``MAX_ROWS`` rows: typing narrows)."""
        needle = self.query_one("#picker-filter", Input).value.strip().lower()
        old = self.options.highlighted
        old_path = self.shown[old].path if (keep and old is not None and old < len(self.shown)) else None
        matched = [e for e in self.entries if not needle or e.matches(needle)]
        if needle:  # with a filter, `..` only when nothing else is left
            matched = [e for e in matched if e.kind != "up"] or matched
        want = old_path or (self.current if not needle else None)
        start = 0
        if len(matched) > MAX_ROWS and want is not None:
            at = next((i for i, e in enumerate(matched) if e.path == want), 0)
            if at >= MAX_ROWS:
                start = min(at - MAX_ROWS // 2, len(matched) - MAX_ROWS)
        self.shown = matched[start : start + MAX_ROWS]
        ol = self.options
        ol.clear_options()
        ol.add_options([Option(e.prompt) for e in self.shown])
        hidden = len(matched) - len(self.shown)
        if hidden:
            ol.add_option(Option(Content.styled(f"… {hidden:,} more: type to narrow", "italic $text-muted"),
                                 disabled=True))
        if not self.shown:
            return
        paths = [e.path for e in self.shown]
        if want in paths:
            target = paths.index(want)
        else:
            target = next((i for i, e in enumerate(self.shown) if e.kind == "article"), 0)
        ol.highlighted = target

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # Debounced: fast typing in a folder of 10,000 articles rebuilds the list once.
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(0.04, self._refilter_now)

    def _refilter_now(self) -> None:
        self._pending = None
        self.refilter()

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._pending is not None:
            self._pending.stop()
            self._refilter_now()
        self.choose(self.options.highlighted)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)

    def choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.shown):
            self.app.bell()
            return
        e = self.shown[index]
        if e.kind in ("up", "folder"):
            self.load_folder(e.path)
            self.query_one("#picker-filter", Input).focus()
        else:
            self.dismiss(e.path)

    def action_cursor(self, how: str) -> None:
        ol = self.options
        getattr(ol, f"action_{'cursor_' + how if how in ('down', 'up') else how}")()

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
