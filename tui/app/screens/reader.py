"""The reader screen: lays out the article, the panels and the status line and wires their
messages to the article view.

What it does not own: the analysis and its cache (``AnalysisService``, given to the screen), the
article head (``widgets/head.py``), search (``widgets/search.py``), quote navigation state
(``navigation.py``), the highlight styles (``styles.py``), and citing, flags, the quotes filter,
entity selection, resuming and the theme's colours (``reader_features.py``, mixed in).

Loading runs in two thread workers: ``load`` reads the file and posts ``ArticleLoaded`` (the text
shows at once), then ``analysis`` asks the service (cache, else the analyser) and posts
``AnalysisReady``. Each is exclusive in its group, and a generation number drops stale results.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer
from textual import work
from textual.worker import get_current_worker

from ...articles import Article, ArticleError, load_article
from ...model import Analysis, Quote
from ...textsafe import one_line
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
from ..navigation import QuoteNavigator
from ..service import AnalysisService
from ..styles import ReaderStyles
from ..widgets.article import ArticleView
from ..widgets.head import ArticleHead, body_start, shown_title
from ..widgets.panels import EntitiesPanel, QuotesPanel, RelationsPanel
from ..widgets.search import Matches, SearchBox
from ..widgets.status import StatusLine
from .reader_features import ReaderFeatures

__all__ = ["ReaderScreen", "shown_title"]

PANELS = ("entities", "quotes", "relations")


class ReaderScreen(ReaderFeatures, Screen):
    """The article with its entity, quote and relation panels."""

    BINDINGS = bindings(READER_COMMANDS)
    AUTO_FOCUS = "ArticleView"

    def __init__(self, service: AnalysisService, path: Path, folder: Path,
                 preloaded: tuple[Article, Analysis | None] | None = None) -> None:
        """``preloaded``: the article at ``path`` and its cached analysis (or None), read before
        the first frame (``AnalysisService.preload``), so both paint in the first frames."""
        super().__init__()
        self.service = service
        self.preloaded = preloaded
        self.settings = service.settings
        self.initial_path = path
        self.folder = folder
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.generation = 0
        self.analysing = False
        self.nav = QuoteNavigator()
        self.matches = Matches()
        self._mention_cycle: dict[str, int] = {}
        self.highlights = ReaderStyles.from_settings(self.settings)
        self.features_init()  # flags, filter, resume; the theme's colours (self.highlights)

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        s = self.settings
        with Horizontal(id="main"):
            with Vertical(id="article-column"):
                yield ArticleHead(id="head")
                yield ArticleView(s.layout.reading_width, id="article")
                yield SearchBox(cursor_blink=s.ui.cursor_blink, id="search")
            with Vertical(id="side"):
                yield EntitiesPanel(dict(self.palette.entities), id="entities")
                yield QuotesPanel(id="quotes")
                yield RelationsPanel(id="relations")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        panels = self.settings.layout.panels
        for name in PANELS:
            conf = panels.get(name)
            panel = self.query_one(f"#{name}")
            if conf is not None:
                panel.display = conf.visible
        self._size_side()
        # A page of the reading width, centred in its column (+ padding and scrollbar).
        page = self.settings.layout.reading_width + 5
        for wid in ("#head", "#article", "#search"):
            self.query_one(wid).styles.max_width = page
        self.features_mount()
        preloaded, self.preloaded = self.preloaded, None
        if preloaded is None:
            self.open_path(self.initial_path)
            return
        article, analysis = preloaded
        self.show_article(article)
        if analysis is not None:
            self.show_analysis(analysis)
        else:
            self._analysis_worker(article, self.generation, lookup=False)

    def on_unmount(self) -> None:
        self.save_position()

    def _size_side(self) -> None:
        panels = self.settings.layout.panels
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

    def _placeholders(self, text: str) -> None:
        for panel in (self.query_one(EntitiesPanel), self.query_one(QuotesPanel), self.query_one(RelationsPanel)):
            panel.show_placeholder(text)

    # -- loading ---------------------------------------------------------------------------
    def open_path(self, path: Path, select: tuple[int, int] | None = None) -> None:
        """Load ``path`` in a worker; on failure a notification, and the current article stays.
        ``select``: the (start, end) of a quote to select and scroll to once the analysis is shown."""
        if select is not None:
            self._pending_quote = (select, True)
        self._load_worker(Path(path))

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_worker(self, path: Path) -> None:
        try:
            article = load_article(path, max_mb=self.settings.articles.max_mb)
        except ArticleError as exc:
            self.post_message(LoadFailed(str(exc), self.generation, "load"))
            return
        except Exception as exc:  # noqa: BLE001 - anything else is still a notification
            self.post_message(LoadFailed(f"{path}: cannot load ({exc.__class__.__name__}: {exc})", self.generation))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ArticleLoaded(article, 0))

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analysis_worker(self, article: Article, generation: int, lookup: bool = True) -> None:
        started = time.perf_counter()

        def notice(text: str) -> None:
            self.post_message(LoadFailed(text, generation, "warning"))

        try:
            analysis = self.service.cached(article) if lookup else None
            cached = analysis is not None
            if analysis is None:
                analysis, warning = self.service.analyse(article, notice)
                if warning:
                    notice(warning)
        except Exception as exc:  # noqa: BLE001 - PipelineError, ConfigError, bugs: never crash the reader
            msg = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            self.post_message(LoadFailed(f"analysis failed: {msg}", generation, "analysis"))
            return
        self.post_message(AnalysisReady(analysis, generation, cached, time.perf_counter() - started))

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self.show_article(message.article)
        self._analysis_worker(message.article, self.generation)

    def show_article(self, article: Article) -> None:
        """Show the text and the head at once; the panels wait for the analysis."""
        self.features_article_loaded(article)  # the old article's position saved, the new one's found
        self.generation += 1
        self.article = article
        self.analysis = None
        self.nav.reset()
        self.nav.take_pending()
        self._mention_cycle.clear()
        self.matches = Matches()
        self.folder = Path(article.path).parent
        self.query_one(ArticleHead).show(article)
        self.view.set_text(article.text, body_start(article))
        self._placeholders("analysing…")
        self.analysing = True
        self.status.set(name=article.name, state="analysing…", detail="")
        self.app.sub_title = one_line(article.name)

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        if message.generation != self.generation or self.article is None:
            return
        self.show_analysis(message.analysis)

    def show_analysis(self, analysis: Analysis) -> None:
        """Fill the highlight layers, the panels and the status line; then apply a quote key
        pressed while the analysis ran."""
        self.analysis = analysis
        self.analysing = False
        self.nav.reset(analysis.quotes)
        labels = list(self.settings.entities.show)
        shown = [e for e in analysis.entities if not labels or e.label in labels]
        self.query_one(EntitiesPanel).show_analysis(analysis, labels)
        self.query_one(RelationsPanel).show_analysis(analysis)
        # A big analysis is a lot of long-lived objects: keep them out of the cyclic GC's full
        # scans, which otherwise pause a key press now and then (~150 ms on a 1 MB article).
        gc.freeze()
        n = len(analysis.quotes)
        self.status.set(state="", detail=f"{n} quote{'s' if n != 1 else ''} · {len(shown)} {'entity' if len(shown) == 1 else 'entities'}")
        self.features_analysis_ready()  # layers, flags, the (filtered) quotes panel, the resumed quote
        step = self.nav.take_pending()
        if step and analysis.quotes:
            self._step_quote(step)

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.stage == "warning":
            self.notify(message.message, severity="warning", timeout=6, markup=False)
            return
        self.notify(message.message, title="newsreader", severity="error", timeout=8, markup=False)
        if message.stage == "load" and self.article is None:
            # Nothing shown yet (the first file of a folder is broken): offer the picker.
            self.status.set(name="no article", state="", detail="o opens the file picker")
            self._placeholders("no article")
            if not isinstance(self.app.screen, ModalScreen):
                self.action_open_picker()
        if message.stage == "analysis" and message.generation == self.generation:
            self.analysing = False
            self.nav.take_pending()
            self.status.set(state="analysis failed")
            self._placeholders("analysis failed")

    # -- quotes ----------------------------------------------------------------------------
    @property
    def quotes(self) -> list[Quote]:
        return self.nav.quotes

    @property
    def quote_index(self) -> int:
        return self.nav.index

    def _step_quote(self, step: int) -> None:
        if self.analysis is None:
            if self.analysing:
                # The status line already says "analysing…": remember the key, no toast.
                self.nav.defer(step)
            else:
                self.notify("no analysis", timeout=2, markup=False)
            return
        if not self.quotes:
            self.notify("no quotes in this article", timeout=2, markup=False)
            return
        target = self.nav.target(step)
        if target is None:
            self.notify("no quote matches the filter (f changes it)", timeout=2, markup=False)
            return
        self.select_quote(target)

    def action_next_quote(self) -> None:
        self._step_quote(+1)

    def action_prev_quote(self) -> None:
        self._step_quote(-1)

    def select_quote(self, index: int, scroll: bool = True) -> None:
        q = self.quotes[index]
        self.nav.index = index
        st = self.highlights
        spans = [(s.start, s.end, st.current) for s in q.content]
        for extra in (q.speaker, q.cue):
            if extra is not None:
                spans.append((extra.start, extra.end, st.speaker))
        self.view.set_layer("current", spans)
        self.view.set_layer("focus", [])
        if scroll:
            self.view.scroll_to_span(q.start, q.end)
        self.query_one(QuotesPanel).select_quote(index)
        self.status.set(detail=self.quote_status(index))

    def quote_status(self, index: int) -> str:
        return self.nav.status(index, flagged=index in self.flagged)

    def on_quote_chosen(self, message: QuoteChosen) -> None:
        if 0 <= message.index < len(self.quotes):
            self.select_quote(message.index)

    # -- entities, relations, clicks -------------------------------------------------------
    def _focus_span(self, start: int, end: int, detail: str) -> None:
        self.view.set_layer("focus", [(start, end, self.highlights.focus)])
        self.view.scroll_to_span(start, end)
        self.status.set(detail=detail)

    def on_entity_chosen(self, message: EntityChosen) -> None:
        if self.analysis is None:
            return
        e = self.analysis.entity(message.entity_id)
        if e is None or not e.mentions:
            return
        if self.selected_entity != e.id:
            self.select_entity(e.id)  # all its mentions marked; the entity filter follows
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
        i = self.nav.at_offset(off)
        if i is not None:
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

    def on_key(self, event) -> None:
        if event.key == "escape" and self.clear_selection():
            event.stop()

    def action_toggle_panel(self, name: str) -> None:
        panel = self.query_one(f"#{name}")
        panel.display = not panel.display
        if not panel.display and self.focused is panel:
            self.view.focus()
        self._size_side()

    # -- search ----------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one(SearchBox).open(self.matches.query)

    def on_search_box_search(self, message: SearchBox.Search) -> None:
        self.search(message.query)

    def on_search_box_closed(self, message: SearchBox.Closed) -> None:
        self.view.focus()

    def search(self, query: str) -> None:
        """Highlight every match of ``query`` (case-insensitive) and go to the first one below."""
        view = self.view
        self.matches = matches = Matches.find(view.text, query, view.body_start)
        view.set_layer("search", [(s, e, self.highlights.match) for s, e in matches.spans])
        if not query.strip():
            view.set_layer("focus", [])
            return
        if not matches:
            view.set_layer("focus", [])
            self.status.set(detail=f"“{query}”: no match")
            self.notify(f"no match for “{query}”", timeout=2, markup=False)
            return
        self._goto_match(matches.first_from(view.top_offset()))

    def _goto_match(self, index: int) -> None:
        s, e = self.matches.go(index)
        self._focus_span(s, e, self.matches.label())

    def _step_match(self, delta: int) -> None:
        if not self.matches:
            self.action_search() if not self.matches.query else self.notify("no match", timeout=2, markup=False)
            return
        self._goto_match(self.matches.index + delta)

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_prev_match(self) -> None:
        self._step_match(-1)

    # -- modals ----------------------------------------------------------------------------
    def action_open_picker(self) -> None:
        from .picker import PickerScreen

        current = Path(self.article.path) if self.article else None

        def opened(path: Path | None) -> None:
            if path is not None:
                self.open_path(path)

        self.app.push_screen(PickerScreen(self.folder, current=current), opened)

    def action_sources(self) -> None:
        from .sources import SourcesScreen

        self.app.push_screen(SourcesScreen(self.folder))

    def action_export(self) -> None:
        from .export import ExportScreen

        if self.analysis is None:
            self.notify("the analysis is not ready yet", timeout=3, markup=False)
            return
        self.app.push_screen(ExportScreen(self.analysis))
