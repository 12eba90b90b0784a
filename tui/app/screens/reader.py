"""The reader screen: the article, the panels, the status line; quote navigation, search, loading.

Loading runs in two thread workers: ``load`` reads the file and posts ``ArticleLoaded`` (the text
shows at once), then ``analysis`` reads the cache or runs the analysis and posts
``AnalysisReady``. Each is exclusive in its group, and a generation number drops stale results.
"""

from __future__ import annotations

import gc
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.color import Color, ColorParseError
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from ...articles import Article, ArticleError, load_article, parse_header
from ...model import Analysis, Quote
from ...textsafe import one_line, shorten
from ..keys import READER_COMMANDS, bindings
from ..messages import (
    AnalysisReady,
    ArticleClicked,
    ArticleLoaded,
    EntityChosen,
    JumpTo,
    LoadFailed,
    QuoteChosen,
)
from ..widgets.article import ArticleView
from ..widgets.panels import EntitiesPanel, QuotesPanel, RelationsPanel, quote_speaker
from ..widgets.status import StatusLine

if TYPE_CHECKING:
    from ..app import NewsReaderApp

PANELS = ("entities", "quotes", "relations")
MAX_MATCHES = 100_000
TITLE_MAX = 160  # characters of a title shown above the article (two lines at most)


def rich_color(value: str, fallback: str = "default") -> str:
    """A Textual colour string ("#rrggbb", "red", "rgb(1,2,3)", "$accent" not allowed) for Rich."""
    try:
        return Color.parse(value).hex6
    except ColorParseError:
        return fallback


def shown_title(article: Article) -> str:
    """The title from the header or the HTML metadata, else the file name (the first line of the
    body is already the first thing in the text, it is not repeated)."""
    title = article.meta.get("title")
    if not title:
        return article.name
    if article.meta.get("format") in ("text", "markdown"):
        header, _ = parse_header(article.text[:4096])
        if "title" not in header:
            return article.name
    elif article.text.lstrip().startswith(str(title)):
        return article.name  # HTML whose extracted text starts with its headline: not twice
    return str(title)


class ArticleHead(Static):
    """Title, then date · source · author · file name."""

    def show(self, article: Article) -> None:
        meta = article.meta
        title = shown_title(article)
        facts = [shorten(str(meta[k]), 80) for k in ("date", "source", "author") if meta.get(k)]
        if title != article.name:
            facts.append(article.name)
        self.update(
            Content.assemble(
                (one_line(shorten(title, TITLE_MAX)), "bold"),  # the full title stays in meta
                "\n",
                (one_line(" · ".join(facts)), "$text-muted"),
            )
        )


class ReaderScreen(Screen):
    """The article with its entity, quote and relation panels."""

    BINDINGS = bindings(READER_COMMANDS)
    AUTO_FOCUS = "ArticleView"

    app: "NewsReaderApp"

    def __init__(self, path: Path, folder: Path) -> None:
        super().__init__()
        self.initial_path = path
        self.folder = folder
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.generation = 0
        self.quote_index = -1
        self.analysing = False
        self._mention_cycle: dict[str, int] = {}
        self._matches: list[tuple[int, int]] = []
        self._match_index = -1
        self._query = ""
        s = self.app.settings
        lay = s.layout
        self.style_quote = Style(color=rich_color(lay.quote_color), italic=True)
        cq = rich_color(lay.current_quote_color, "#ffd75f")
        self.style_current = Style(color="#111111", bgcolor=cq)
        self.style_speaker = Style(bold=True, underline=True)
        self.style_match = Style(color="#ffffff", bgcolor="#005f87")
        self.style_focus = Style(color="#ffffff", bgcolor="#d7005f", bold=True)
        self.entity_styles = {label: Style(color=rich_color(c), bold=True) for label, c in s.entities.colors.items()}

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        s = self.app.settings
        with Horizontal(id="main"):
            with Vertical(id="article-column"):
                yield ArticleHead(id="head")
                yield ArticleView(s.layout.reading_width, id="article")
                search = Input(placeholder="search the article (Enter: find, Escape: cancel)", id="search")
                search.cursor_blink = s.ui.cursor_blink
                yield search
            with Vertical(id="side"):
                yield EntitiesPanel(dict(s.entities.colors), id="entities")
                yield QuotesPanel(id="quotes")
                yield RelationsPanel(id="relations")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        panels = self.app.settings.layout.panels
        for name in PANELS:
            conf = panels.get(name)
            panel = self.query_one(f"#{name}")
            if conf is not None:
                panel.display = conf.visible
        self._size_side()
        # A page of the reading width, centred in its column (+ padding and scrollbar).
        page = self.app.settings.layout.reading_width + 5
        for wid in ("#head", "#article", "#search"):
            self.query_one(wid).styles.max_width = page
        self.query_one("#search", Input).display = False
        self.open_path(self.initial_path)

    def _size_side(self) -> None:
        panels = self.app.settings.layout.panels
        visible = [n for n in PANELS if self.query_one(f"#{n}").display]
        side = self.query_one("#side")
        side.display = bool(visible)
        if visible:
            wanted = max((panels[n].width if n in panels else 38) for n in visible)
            # On a narrow terminal the article keeps at least 60 % of the width.
            screen_width = self.app.size.width
            side.styles.width = max(16, min(wanted, screen_width * 2 // 5)) if screen_width else wanted

    def on_resize(self, event) -> None:
        self._size_side()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    # -- loading ---------------------------------------------------------------------------
    def open_path(self, path: Path) -> None:
        """Load ``path`` in a worker; on failure a notification, and the current article stays."""
        self._load_worker(Path(path))

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_worker(self, path: Path) -> None:
        try:
            article = load_article(path, max_mb=self.app.settings.articles.max_mb)
        except ArticleError as exc:
            self.post_message(LoadFailed(str(exc), self.generation, "load"))
            return
        except Exception as exc:  # noqa: BLE001 - anything else is still a notification
            self.post_message(LoadFailed(f"{path}: cannot load ({exc.__class__.__name__}: {exc})", self.generation))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ArticleLoaded(article, 0))

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analysis_worker(self, article: Article, generation: int) -> None:
        started = time.perf_counter()
        app = self.app
        try:
            cache = app.analysis_cache()
            analysis = cache.get(article.text, article.path, article.meta) if cache is not None else None
            cached = analysis is not None
            if analysis is None:
                analyzer = app.analyzer
                if analyzer is None:
                    from ...analysis import analyze as analyzer  # spaCy loads here, never at import
                analysis = analyzer(article, app.settings)
                if cache is not None:
                    cache.put(analysis)
            for note in cache.pop_warnings() if cache is not None else ():
                self.post_message(LoadFailed(note, generation, "cache"))
        except Exception as exc:  # noqa: BLE001 - PipelineError, ConfigError, bugs: never crash the reader
            msg = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            self.post_message(LoadFailed(f"analysis failed: {msg}", generation, "analysis"))
            return
        self.post_message(AnalysisReady(analysis, generation, cached, time.perf_counter() - started))

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        article = message.article
        self.generation += 1
        self.article = article
        self.analysis = None
        self.quote_index = -1
        self._mention_cycle.clear()
        self._matches, self._match_index = [], -1
        self.folder = Path(article.path).parent
        _, body = parse_header(article.text[:4096]) if article.meta.get("format") != "html" else ({}, 0)
        self.query_one(ArticleHead).show(article)
        self.view.set_text(article.text, body)
        for panel in self.query("#side OptionList"):
            panel.show_placeholder("analysing…")  # type: ignore[attr-defined]
        self.analysing = True
        self.status.set(name=article.name, state="analysing…", detail="")
        self.app.sub_title = one_line(article.name)
        self._analysis_worker(article, self.generation)

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        if message.generation != self.generation or self.article is None:
            return
        analysis = message.analysis
        self.analysis = analysis
        self.analysing = False
        labels = list(self.app.settings.entities.show)
        shown = [e for e in analysis.entities if not labels or e.label in labels]
        view = self.view
        view.set_layer("entities", [(m.start, m.end, self.entity_styles.get(e.label, Style(bold=True)))
                                    for e in shown for m in e.mentions])
        view.set_layer("quotes", [(s.start, s.end, self.style_quote) for q in analysis.quotes for s in q.content])
        self.query_one(EntitiesPanel).show_analysis(analysis, labels)
        self.query_one(QuotesPanel).show_analysis(analysis)
        self.query_one(RelationsPanel).show_analysis(analysis)
        # A big analysis is a lot of long-lived objects: keep them out of the cyclic GC's full
        # scans, which otherwise pause a key press now and then (~150 ms on a 1 MB article).
        gc.freeze()
        n = len(analysis.quotes)
        self.status.set(state="", detail=f"{n} quote{'s' if n != 1 else ''} · {len(shown)} {'entity' if len(shown) == 1 else 'entities'}")

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.stage == "cache":
            self.notify(message.message, severity="warning", markup=False)
            return
        self.notify(message.message, title="newsreader", severity="error", timeout=8, markup=False)
        if message.stage == "load" and self.article is None:
            # Nothing shown yet (the first file of a folder is broken): offer the picker.
            self.status.set(name="no article", state="", detail="o opens the file picker")
            for panel in self.query("#side OptionList"):
                panel.show_placeholder("no article")  # type: ignore[attr-defined]
            if not isinstance(self.app.screen, ModalScreen):
                self.action_open_picker()
        if message.stage == "analysis" and message.generation == self.generation:
            self.analysing = False
            self.status.set(state="analysis failed")
            for panel in self.query("#side OptionList"):
                panel.show_placeholder("analysis failed")  # type: ignore[attr-defined]

    # -- quotes ----------------------------------------------------------------------------
    @property
    def quotes(self) -> list[Quote]:
        return self.analysis.quotes if self.analysis is not None else []

    def _no_quotes(self) -> bool:
        if self.analysis is None:
            self.notify("still analysing…" if self.analysing else "no analysis", timeout=2, markup=False)
            return True
        if not self.analysis.quotes:
            self.notify("no quotes in this article", timeout=2, markup=False)
            return True
        return False

    def action_next_quote(self) -> None:
        if self._no_quotes():
            return
        n = len(self.quotes)
        self.select_quote((self.quote_index + 1) % n if self.quote_index >= 0 else 0)

    def action_prev_quote(self) -> None:
        if self._no_quotes():
            return
        n = len(self.quotes)
        self.select_quote((self.quote_index - 1) % n if self.quote_index >= 0 else n - 1)

    def select_quote(self, index: int) -> None:
        q = self.quotes[index]
        self.quote_index = index
        spans = [(s.start, s.end, self.style_current) for s in q.content]
        for extra in (q.speaker, q.cue):
            if extra is not None:
                spans.append((extra.start, extra.end, self.style_speaker))
        self.view.set_layer("current", spans)
        self.view.set_layer("focus", [])
        self.view.scroll_to_span(q.start, q.end)
        self.query_one(QuotesPanel).select_quote(index)
        self.status.set(detail=self.quote_status(index))

    def quote_status(self, index: int) -> str:
        q = self.quotes[index]
        parts = [f"Quote {index + 1}/{len(self.quotes)}", quote_speaker(q)]
        if q.cue is not None:
            parts.append(q.cue.text)
        return " · ".join(parts)

    def on_quote_chosen(self, message: QuoteChosen) -> None:
        if 0 <= message.index < len(self.quotes):
            self.select_quote(message.index)

    # -- entities, relations, clicks -------------------------------------------------------
    def _focus_span(self, start: int, end: int, detail: str) -> None:
        self.view.set_layer("focus", [(start, end, self.style_focus)])
        self.view.scroll_to_span(start, end)
        self.status.set(detail=detail)

    def on_entity_chosen(self, message: EntityChosen) -> None:
        if self.analysis is None:
            return
        e = self.analysis.entity(message.entity_id)
        if e is None or not e.mentions:
            return
        mentions = sorted(e.mentions, key=lambda m: m.start)
        body = self.view.body_start
        mentions = [m for m in mentions if m.start >= body] or mentions  # not the hidden header
        i = self._mention_cycle.get(e.id, -1) + 1
        i %= len(mentions)
        self._mention_cycle[e.id] = i
        m = mentions[i]
        self._focus_span(m.start, m.end, f"{e.name} ({e.label}) · mention {i + 1}/{len(mentions)}")

    def on_jump_to(self, message: JumpTo) -> None:
        detail = ""
        if self.analysis is not None:
            for r in self.analysis.relations:
                if r.evidence.start == message.start and r.evidence.end == message.end:
                    subj = self.analysis.entity(r.subject)
                    obj = self.analysis.entity(r.object)
                    parts = [subj.name if subj else r.subject, ("not " if r.negated else "") + r.predicate]
                    if obj or r.object_text:
                        parts.append(obj.name if obj else (r.object_text or ""))
                    detail = f"{r.type}: " + " — ".join(parts)
                    break
        self._focus_span(message.start, message.end, detail)

    def on_article_clicked(self, message: ArticleClicked) -> None:
        off = message.offset
        for i, q in enumerate(self.quotes):
            if any(s.start <= off < s.end for s in q.content):
                self.select_quote(i)
                return
        if self.analysis is not None:
            for e in self.analysis.entities:
                for k, m in enumerate(sorted(e.mentions, key=lambda m: m.start)):
                    if m.start <= off < m.end:
                        self._mention_cycle[e.id] = k
                        self.status.set(detail=f"{e.name} ({e.label}) · mention {k + 1}/{len(e.mentions)}")
                        return

    # -- scrolling, panels -----------------------------------------------------------------
    def action_scroll_article(self, how: str) -> None:
        view = self.view
        {
            "down": lambda: view.scroll_down(animate=False),
            "up": lambda: view.scroll_up(animate=False),
            "page_down": lambda: view.scroll_page_down(animate=False),
            "page_up": lambda: view.scroll_page_up(animate=False),
            "top": lambda: view.scroll_home(animate=False),
            "bottom": lambda: view.scroll_end(animate=False),
        }[how]()

    def action_toggle_panel(self, name: str) -> None:
        panel = self.query_one(f"#{name}")
        panel.display = not panel.display
        if not panel.display and self.focused is panel:
            self.view.focus()
        self._size_side()

    # -- search ----------------------------------------------------------------------------
    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.value = self._query
        box.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._close_search()
        self.search(event.value)

    def _close_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = False
        self.view.focus()

    def on_key(self, event) -> None:
        if event.key == "escape" and self.query_one("#search", Input).has_focus:
            event.stop()
            self._close_search()

    def search(self, query: str) -> None:
        """Highlight every match of ``query`` (case-insensitive) and go to the first one below."""
        self._query = query
        view = self.view
        if not query.strip():
            self._matches, self._match_index = [], -1
            view.set_layer("search", [])
            view.set_layer("focus", [])
            return
        rx = re.compile(re.escape(query), re.IGNORECASE)
        matches = []
        for m in rx.finditer(view.text, view.body_start):
            matches.append(m.span())
            if len(matches) >= MAX_MATCHES:
                break
        self._matches = matches
        view.set_layer("search", [(s, e, self.style_match) for s, e in matches])
        if not matches:
            self._match_index = -1
            view.set_layer("focus", [])
            self.status.set(detail=f"“{query}”: no match")
            self.notify(f"no match for “{query}”", timeout=2, markup=False)
            return
        top = view.top_offset()
        idx = next((i for i, (s, _) in enumerate(matches) if s >= top), 0)
        self._goto_match(idx)

    def _goto_match(self, index: int) -> None:
        self._match_index = index
        s, e = self._matches[index]
        self._focus_span(s, e, f"“{self._query}”: {index + 1}/{len(self._matches)}")

    def action_next_match(self) -> None:
        if not self._matches:
            self.action_search() if not self._query else self.notify("no match", timeout=2, markup=False)
            return
        self._goto_match((self._match_index + 1) % len(self._matches))

    def action_prev_match(self) -> None:
        if not self._matches:
            self.action_search() if not self._query else self.notify("no match", timeout=2, markup=False)
            return
        self._goto_match((self._match_index - 1) % len(self._matches))

    # -- modals ----------------------------------------------------------------------------
    def action_open_picker(self) -> None:
        from .picker import PickerScreen

        current = Path(self.article.path) if self.article else None

        def opened(path: Path | None) -> None:
            if path is not None:
                self.open_path(path)

        self.app.push_screen(PickerScreen(self.folder, current=current), opened)

    def action_export(self) -> None:
        from .export import ExportScreen

        if self.analysis is None:
            self.notify("the analysis is not ready yet", timeout=3, markup=False)
            return
        self.app.push_screen(ExportScreen(self.analysis))
