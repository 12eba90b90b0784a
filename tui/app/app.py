"""The newsreader Textual app: settings, keymap, the command palette and the screens."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.color import Color, ColorParseError
from textual.screen import Screen

from ..articles import Article
from ..config import Settings
from ..model import Analysis
from ..textsafe import displayable, one_line
from .keys import APP_COMMANDS, READER_COMMANDS, bindings, keys_for
from .screens.reader import ReaderScreen
from .service import Analyzer, AnalysisService, Preload, start_path
from .theme import register_themes


class NewsReaderApp(App):
    """``newsreader [FILE|FOLDER]``: the article, its entities, quotes and relations."""

    TITLE = "newsreader"
    CSS_PATH = "newsreader.tcss"
    BINDINGS = bindings(APP_COMMANDS)

    def __init__(self, settings: Settings, path: Path, use_cache: bool = True,
                 analyzer: Analyzer | None = None, *, service: AnalysisService | None = None,
                 preloaded: "tuple[Article, Analysis | None] | Preload | None" = None) -> None:
        """``analyzer(article, settings) -> Analysis`` runs in a thread of this process instead
        of the analysis worker process (tests and headless benchmarks inject one). ``service``
        and ``preloaded`` come from ``newsreader`` itself, which reads the first article and its
        cache entry (and starts the worker on a miss) before Textual is even imported."""
        super().__init__()
        register_themes(self)  # newsreader-dark and newsreader-light
        self.settings = settings
        self.path = Path(path)
        self.service = service or AnalysisService(settings, use_cache=use_cache, analyzer=analyzer)
        self.preloaded = preloaded

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
            self.service.close()  # the worker process ends; a thread waiting for it returns
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

    def colour_settings(self) -> list[tuple[str, str]]:
        """(key path, value) of every colour in the settings."""
        lay = self.settings.layout
        out = [("layout.quote_color", lay.quote_color), ("layout.current_quote_color", lay.current_quote_color)]
        out += [(f"entities.colors.{label}", c) for label, c in self.settings.entities.colors.items()]
        return out

    def start_path(self) -> tuple[Path, Path]:
        """(article, folder): a folder opens its first article, with the picker rooted there."""
        return start_path(self.path)

    def on_unmount(self) -> None:
        self.service.close()

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
        preloaded, self.preloaded = self.preloaded, None
        if isinstance(preloaded, Preload):
            preloaded = preloaded.result()
        if preloaded is not None and Path(preloaded[0].path) != Path(article):
            preloaded = None
        self.push_screen(ReaderScreen(self.service, article, folder, preloaded))

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
