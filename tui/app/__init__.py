"""The Textual reader (issue #5 builds it out). Minimal until then: the article text."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from ..articles import ArticleError, list_articles, load_article
from ..config import Settings


class NewsReaderApp(App):
    TITLE = "newsreader"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, settings: Settings, path: Path, use_cache: bool = True) -> None:
        super().__init__()
        self.settings = settings
        self.path = Path(path)
        self.use_cache = use_cache

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="text")
        yield Footer()

    def on_mount(self) -> None:
        path = self.path
        if path.is_dir():
            files = list_articles(path)
            path = files[0]
        try:
            art = load_article(path, max_mb=self.settings.articles.max_mb)
        except ArticleError as exc:
            self.notify(str(exc), severity="error")
            return
        self.sub_title = art.name
        self.query_one("#text", Static).update(Content(art.text))


__all__ = ["NewsReaderApp"]
