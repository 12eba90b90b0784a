"""The newsreader Textual app: settings, keymap, the command palette and the screens."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from textual.app import App, SystemCommand
from textual.color import Color, ColorParseError
from textual.screen import Screen

from ..articles import Article, list_articles
from ..config import Settings
from ..model import Analysis
from ..textsafe import displayable, one_line
from .keys import APP_COMMANDS, READER_COMMANDS, bindings, keys_for
from .screens.reader import ReaderScreen

Analyzer = Callable[[Article, Settings], Analysis]


class NewsReaderApp(App):
    """``newsreader [FILE|FOLDER]``: the article, its entities, quotes and relations."""

    TITLE = "newsreader"
    CSS_PATH = "newsreader.tcss"
    BINDINGS = bindings(APP_COMMANDS)

    def __init__(self, settings: Settings, path: Path, use_cache: bool = True,
                 analyzer: Analyzer | None = None) -> None:
        """``analyzer(article, settings) -> Analysis`` defaults to ``tui.analysis.analyze``
        (imported in the worker, so a cached article opens without spaCy); tests inject one."""
        super().__init__()
        self.settings = settings
        self.path = Path(path)
        self.use_cache = use_cache
        self.analyzer = analyzer
        self._cache = None
        self._cache_made = False

    def run_reader(self, **run_options) -> int:
        """Run the app and return its exit status, without waiting for an analysis still running.

        ``App.run`` ends in ``asyncio.run``, which joins the worker threads: quitting during a
        long analysis left a blank, frozen terminal until spaCy finished. Here the loop's
        executor is shut down without waiting; a thread still busy after a moment is an analysis
        whose result nobody wants (cache entries are written atomically), so the process ends."""
        loop = asyncio.new_event_loop()
        executor = ThreadPoolExecutor(thread_name_prefix="newsreader")
        loop.set_default_executor(executor)
        try:
            self.run(loop=loop, **run_options)
        finally:
            executor.shutdown(wait=False, cancel_futures=True)
            code = self.return_code or 0
            busy = [t for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon]
            for t in busy:
                t.join(timeout=0.3)
            if any(t.is_alive() for t in busy):
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
            loop.close()
        return code

    def notify(self, message: str, *, title: str = "", **kwargs) -> None:
        """Every notification goes through the sanitiser: a file name or a message quoting the
        data can hold escapes, bidi controls or bytes that are not UTF-8."""
        super().notify(displayable(str(message)), title=one_line(title), **kwargs)

    def get_key_display(self, binding) -> str:
        """Key names (the footer, the palette) come from the user's keymap: shown sanitised."""
        return one_line(super().get_key_display(binding))

    def analysis_cache(self):
        """The analysis cache (made on first use, from the worker thread), or None."""
        if not self._cache_made:
            self._cache_made = True
            if self.use_cache:
                from ..cache import AnalysisCache

                self._cache = AnalysisCache(self.settings, enabled=True)
        return self._cache

    def colour_settings(self) -> list[tuple[str, str]]:
        """(key path, value) of every colour in the settings."""
        lay = self.settings.layout
        out = [("layout.quote_color", lay.quote_color), ("layout.current_quote_color", lay.current_quote_color)]
        out += [(f"entities.colors.{label}", c) for label, c in self.settings.entities.colors.items()]
        return out

    def start_path(self) -> tuple[Path, Path]:
        """(article, folder): a folder opens its first article, with the picker rooted there."""
        if self.path.is_dir():
            files = list_articles(self.path)
            return (files[0] if files else self.path), self.path
        return self.path, self.path.parent

    def on_mount(self) -> None:
        try:
            self.theme = self.settings.ui.theme
        except Exception:  # noqa: BLE001 - an unknown theme name is not worth a crash
            self.notify(f"unknown theme {self.settings.ui.theme!r} (ui.theme)", severity="warning", markup=False)
        self.set_keymap(dict(self.settings.keymap))
        for key, value in self.colour_settings():
            try:
                Color.parse(value)
            except ColorParseError:
                self.notify(f"{key}: {value!r} is not a colour (e.g. \"#aabbcc\", \"teal\"); the default is used",
                            severity="warning", timeout=10, markup=False)
        article, folder = self.start_path()
        self.push_screen(ReaderScreen(article, folder))

    @property
    def reader(self) -> ReaderScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(dict(self.settings.keymap)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        keymap = dict(self.settings.keymap)
        if isinstance(screen, ReaderScreen):
            for c in READER_COMMANDS:
                if c.palette:
                    keys = ", ".join(keys_for(c, keymap))
                    yield SystemCommand(c.description, f"{c.id} · {keys}", partial(screen.run_action, c.action))
        help_cmd = APP_COMMANDS[0]
        yield SystemCommand("Keys and bindings", f"help · {', '.join(keys_for(help_cmd, keymap))}", self.action_help)
        yield from super().get_system_commands(screen)
