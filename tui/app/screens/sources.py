"""The Sources screen: who is quoted across the current folder, how often, where and when.

A sortable table of sources (merged across articles) under a gender-share line; Enter lists a
source's quotes across articles, Enter on a quote opens its article with the quote selected,
Escape goes back. A sparkline shows the highlighted source's quotes per day. The corpus index is
brought up to date by a thread worker with a progress bar; the table shows what is indexed so far
and refreshes as articles arrive. Queries run in a thread worker too.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Sparkline, Static
from textual.worker import get_current_worker

from ...articles import list_articles
from ...corpus.build import BuildReport, build, per_article
from ...corpus.query import KINDS, Corpus, QuoteRow, SourceRow, load_corpus, per_day, quotes_of
from ...corpus.render import GENDER_WORDS, gender_line, render_quotes, render_sources
from ...corpus.store import CorpusIndex, index_path
from ..export import Exporter
from ..keys import SOURCES_COMMANDS, bindings
from .export import ExportScreen
from ..widgets.article import displayable

if TYPE_CHECKING:
    from ..app import NewsReaderApp

#: (column key, title, sort key, numbers sort from the largest)
COLUMNS: tuple[tuple[str, str, Callable[[SourceRow], object], bool], ...] = (
    ("name", "Source", lambda s: s.name.lower(), False),
    ("quotes", "Quotes", lambda s: s.quotes, True),
    ("direct", "Direct", lambda s: s.kinds.get("direct", 0), True),
    ("mixed", "Mixed", lambda s: s.kinds.get("mixed", 0), True),
    ("indirect", "Indirect", lambda s: s.kinds.get("indirect", 0), True),
    ("articles", "Articles", lambda s: len(s.articles), True),
    ("first", "First", lambda s: s.first or "", False),
    ("last", "Last", lambda s: s.last or "", True),
    ("gender", "Gender", lambda s: GENDER_WORDS[s.gender], False),
    ("label", "Kind", lambda s: s.label or "~", False),
)
REFRESH_S = 1.0  # at most one refresh of the table per second while indexing


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def cell(text: object, style: str = "") -> Text:
    """Article text as a cell: literal (no markup), control characters visible."""
    return Text(displayable(str(text if text is not None else "")), style=style, no_wrap=True, end="")


@dataclass
class IndexProgress(Message):
    done: int
    total: int


@dataclass
class IndexChanged(Message):
    """More articles are in the index: time to query again."""


@dataclass
class IndexDone(Message):
    """The build ended (``final``), or a warning on the way (``report`` None, not final)."""

    report: BuildReport | None
    error: str | None = None
    final: bool = True


@dataclass
class CorpusReady(Message):
    corpus: Corpus
    seconds: float


@dataclass
class QuotesReady(Message):
    source: SourceRow
    quotes: list[QuoteRow]


class SourcesScreen(Screen):
    """Sources of the folder's articles."""

    BINDINGS = [Binding("escape", "back", "Back", id="sources.back"), *bindings(SOURCES_COMMANDS),
                Binding("e", "export", "Export", id="export")]
    AUTO_FOCUS = "#sources-table"

    app: "NewsReaderApp"

    def __init__(self, folder: Path, index: CorpusIndex | None = None) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.index = index
        self.corpus: Corpus | None = None
        self.rows: list[SourceRow] = []
        self.sort_column = "quotes"
        self.sort_reverse = False
        self.source: SourceRow | None = None  # the source whose quotes are listed
        self.quotes: list[QuoteRow] = []
        self.indexing = False
        self.report: BuildReport | None = None
        self.query_seconds = 0.0
        self._last_refresh = 0.0
        self._paths: list[str] = []

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="sources"):
            yield Static(id="sources-head")
            yield Static(id="sources-gender")
            with Horizontal(id="sources-progress-row"):
                yield ProgressBar(show_eta=False, id="sources-progress")
                yield Static(id="sources-state")
            table = DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
            for key, title, _, _ in COLUMNS:
                table.add_column(title, key=key)
            yield table
            quotes = DataTable(id="sources-quotes", cursor_type="row", zebra_stripes=True)
            for key, title in (("date", "Date"), ("article", "Article"), ("kind", "Kind"), ("words", "Quote")):
                quotes.add_column(title, key=key)
            yield quotes
            with Horizontal(id="sources-plot-row"):
                yield Static(id="sources-plot-label")
                yield Sparkline([], id="sources-plot")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sources-quotes").display = False
        self._head()
        self.start_index()

    @property
    def table(self) -> DataTable:
        return self.query_one("#sources-table", DataTable)

    @property
    def quotes_table(self) -> DataTable:
        return self.query_one("#sources-quotes", DataTable)

    def _head(self) -> None:
        c = self.corpus
        facts = [f"Sources · {self.folder}"]
        if c is not None:
            facts.append(f"{_n(len(c.articles), 'article')}, {_n(c.quotes, 'quote')}, {_n(len(c.sources), 'source')} "
                         f"({_n(c.unattributed, 'quote')} without a speaker)")
        self.query_one("#sources-head", Static).update(Content(displayable(" — ".join(facts))))
        self.query_one("#sources-gender", Static).update(Content(gender_line(c) if c is not None else ""))

    # -- the index ---------------------------------------------------------------------------
    def start_index(self) -> None:
        try:
            self._paths = [os.path.abspath(p) for p in list_articles(self.folder)]  # as the index has them
        except Exception as exc:  # noqa: BLE001 - an unreadable folder is a notification
            self.notify(str(exc), severity="error", markup=False)
            self._paths = []
        self.indexing = True
        self.query_one("#sources-progress-row").display = True
        self.query_one("#sources-state", Static).update("indexing…")
        self._unshown = False
        self._refresh_timer = self.set_interval(REFRESH_S, self._show_unshown)
        self._index_worker()

    def _show_unshown(self) -> None:
        """While indexing: query again when articles were indexed since the last refresh."""
        if not self.indexing:
            self._refresh_timer.stop()
        elif self._unshown:
            self._unshown = False
            self._query_worker()

    def _open_index(self) -> CorpusIndex:
        if self.index is None:
            app = self.app
            file_backed = app.service.use_cache and app.settings.cache.enabled
            self.index = CorpusIndex(index_path(app.settings) if file_backed else None)
        return self.index

    @work(thread=True, exclusive=True, group="sources-index", exit_on_error=False)
    def _index_worker(self) -> None:
        worker = get_current_worker()
        app = self.app
        try:
            index = self._open_index()
            if index.warning:
                self.post_message(IndexDone(None, index.warning, final=False))
            self.post_message(IndexChanged())  # what is indexed already, at once
            # Files not in the analysis cache are analysed by the reader's analysis service: its
            # worker process (spaCy never loads in the reader's process), or the analyser injected
            # in tests; it also stores them in the cache.
            service = app.service
            batch = per_article(lambda article, settings: service.analyse(article)[0], app.settings)
            last = [0.0]

            def indexed() -> None:
                now = time.monotonic()
                if now - last[0] >= REFRESH_S:
                    last[0] = now
                    self._unshown = False
                    self.post_message(IndexChanged())
                else:  # shown by the screen's refresh timer if the build stalls on the next file
                    self._unshown = True

            shown = [-1]

            def progress(done: int, total: int) -> None:
                # One message per percent (not per file): 10,000 unchanged files are 100 updates.
                pct = 100 * done // max(1, total)
                if pct != shown[0] or done == total:
                    shown[0] = pct
                    self.post_message(IndexProgress(done, total))

            report = build(index, [self.folder], app.settings, use_cache=service.use_cache, analyze_batch=batch,
                           progress=progress,
                           cancelled=lambda: worker.is_cancelled, on_indexed=indexed)
        except Exception as exc:  # noqa: BLE001 - never crash the reader
            msg = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            self.post_message(IndexDone(None, f"indexing failed: {msg}"))
            return
        self.post_message(IndexDone(report))

    def on_index_progress(self, message: IndexProgress) -> None:
        bar = self.query_one("#sources-progress", ProgressBar)
        bar.update(total=max(1, message.total), progress=message.done)
        self.query_one("#sources-state", Static).update(f"indexing {message.done}/{message.total}")

    def on_index_changed(self, message: IndexChanged) -> None:
        self._query_worker()

    def on_index_done(self, message: IndexDone) -> None:
        if message.error:
            self.notify(message.error, severity="warning", timeout=8, markup=False)
        if message.report is None and message.error and not message.final:
            return  # a warning (the index file was rebuilt): the build goes on
        self.report = message.report
        self.indexing = False
        self.query_one("#sources-progress-row").display = False
        report = message.report
        if report is not None:
            for e in report.errors[:5]:
                self.notify(e, severity="warning", timeout=8, markup=False)
            if len(report.errors) > 5:
                self.notify(f"{len(report.errors) - 5} more files could not be indexed", severity="warning",
                            markup=False)
            if report.fatal:
                self.notify(report.fatal, severity="error", timeout=10, markup=False)
            if report.analysed or report.from_cache or report.removed:
                self._query_worker()  # else the first query, at the start, already saw all of it

    # -- queries -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="sources-query", exit_on_error=False)
    def _query_worker(self) -> None:
        started = time.perf_counter()
        index = self.index
        if index is None:
            return
        try:
            corpus = load_corpus(index, self.app.settings, self._paths)
        except Exception as exc:  # noqa: BLE001
            msg = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            self.post_message(IndexDone(None, f"query failed: {msg}", final=False))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(CorpusReady(corpus, time.perf_counter() - started))

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.corpus = message.corpus
        self.query_seconds = message.seconds
        self._head()
        self._fill()

    def _sort_key(self) -> tuple[Callable[[SourceRow], object], bool]:
        for key, _, fn, big_first in COLUMNS:
            if key == self.sort_column:
                return fn, big_first != self.sort_reverse
        return COLUMNS[1][2], True

    def _fill(self) -> None:
        if self.corpus is None:
            return
        fn, reverse = self._sort_key()
        self.rows = sorted(self.corpus.sources, key=lambda s: s.name.lower())
        self.rows.sort(key=fn, reverse=reverse)
        table = self.table
        keep = None
        if table.row_count and 0 <= table.cursor_row < len(self.rows):
            try:
                keep = str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
            except Exception:  # noqa: BLE001 - no row yet
                keep = None
        table.clear(columns=True)
        for key, title, _, _ in COLUMNS:
            arrow = (" ▼" if reverse else " ▲") if key == self.sort_column else ""
            table.add_column(title + arrow, key=key)
        for s in self.rows:
            table.add_row(cell(s.name, "bold" if s.label == "PERSON" else ""), s.quotes,
                          *(s.kinds.get(k, 0) for k in KINDS), len(s.articles), cell(s.first or ""),
                          cell(s.last or ""), cell(GENDER_WORDS[s.gender]), cell(s.label or "described"),
                          key=s.name + "\0" + str(s.id))
        if keep is not None:
            for i, s in enumerate(self.rows):
                if s.name + "\0" + str(s.id) == keep:
                    table.move_cursor(row=i, animate=False)
                    break
        table.refresh()
        self._plot()

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._fill()

    def action_sort_next(self) -> None:
        keys = [c[0] for c in COLUMNS]
        if self.query_one("#sources-quotes").display:
            return
        i = keys.index(self.sort_column)
        self.sort_column, self.sort_reverse = keys[(i + 1) % len(keys)], False
        self._fill()

    @on(DataTable.HeaderSelected, "#sources-table")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))

    # -- drill down ---------------------------------------------------------------------------
    def highlighted_source(self) -> SourceRow | None:
        row = self.table.cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    @on(DataTable.RowHighlighted, "#sources-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._plot()

    def _plot(self) -> None:
        s = self.highlighted_source()
        label = self.query_one("#sources-plot-label", Static)
        spark = self.query_one("#sources-plot", Sparkline)
        if s is None or self.corpus is None:
            label.update("")
            spark.data = []
            return
        dates = [self.corpus.articles[a][2] for a in self.corpus.quote_article_ids(s)]
        days = per_day(_Dated(d) for d in dates)
        spark.data = [n for _, n in days] or [0]
        span = f"{days[0][0]} – {days[-1][0]}" if days else "no dates"
        label.update(Content(displayable(f"{s.name}: {_n(s.quotes, 'quote')}, per day {span} ")))

    @on(DataTable.RowSelected, "#sources-table")
    def _source_chosen(self, event: DataTable.RowSelected) -> None:
        s = self.highlighted_source()
        if s is not None:
            self._quotes_worker(s)

    @work(thread=True, exclusive=True, group="sources-quotes", exit_on_error=False)
    def _quotes_worker(self, source: SourceRow) -> None:
        if self.index is None or self.corpus is None:
            return
        rows = quotes_of(self.index, self.corpus, source)
        self.post_message(QuotesReady(source, rows))

    def on_quotes_ready(self, message: QuotesReady) -> None:
        self.source, self.quotes = message.source, message.quotes
        qt = self.quotes_table
        qt.clear()
        for q in self.quotes:
            words = q.content if len(q.content) <= 120 else q.content[:119] + "…"
            qt.add_row(cell(q.date or ""), cell(q.title or Path(q.path).name), cell(q.kind), cell(words))
        self.table.display = False
        qt.display = True
        qt.move_cursor(row=0, animate=False)
        qt.focus()
        self.query_one("#sources-head", Static).update(
            Content(displayable(f"Quotes of {message.source.name} — {len(self.quotes)} in "
                                f"{len(message.source.articles)} articles (Enter: open the article, Escape: back)")))

    @on(DataTable.RowSelected, "#sources-quotes")
    def _quote_chosen(self, event: DataTable.RowSelected) -> None:
        row = self.quotes_table.cursor_row
        if 0 <= row < len(self.quotes):
            self.open_quote(self.quotes[row])

    def open_quote(self, q: QuoteRow) -> None:
        """Back to the reader, on ``q``'s article with the quote selected and scrolled into view."""
        reader = self.app.reader
        if reader is None:
            return
        self.app.pop_screen()
        reader.open_path(Path(q.path), select=(q.start, q.end))

    def action_back(self) -> None:
        if self.quotes_table.display:
            self.quotes_table.display = False
            self.table.display = True
            self.table.focus()
            self.source = None
            self._head()
            return
        self.workers.cancel_group(self, "sources-index")
        self.app.pop_screen()

    # -- export --------------------------------------------------------------------------------
    def action_export(self) -> None:
        if self.corpus is None:
            self.notify("the sources are not ready yet", timeout=3, markup=False)
            return
        if self.quotes_table.display and self.source is not None:
            what, stem = f"the quotes of {self.source.name}", "quotes"
            render = lambda fmt: render_quotes(self.quotes, fmt, title=f"Quotes of {self.source.name}")  # noqa: E731
        else:
            rows, corpus = list(self.rows), self.corpus
            what, stem = "the sources table", "sources"
            render = lambda fmt: render_sources(corpus, rows, fmt)  # noqa: E731
        self.app.push_screen(ExportScreen(_exporter(what, stem, render)))


class _Dated:
    """per_day takes rows with a ``date``."""

    __slots__ = ("date",)

    def __init__(self, date: str | None) -> None:
        self.date = date


EXPORT_FORMATS = {"csv": ("CSV (one row each)", ".csv"), "markdown": ("Markdown (a table)", ".md")}


def _exporter(what: str, stem: str, render: Callable[[str], str]) -> Exporter:
    """The sources table or a source's quotes for the one export dialog (CSV first)."""
    return Exporter(f"Export {what}", EXPORT_FORMATS,
                    lambda fmt, folder: (folder or Path.cwd()) / f"newsreader-{stem}{EXPORT_FORMATS[fmt][1]}",
                    render)


