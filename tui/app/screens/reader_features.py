"""The reader's second round of features, mixed into ``ReaderScreen``: citing (``y``/``Y``),
flags (``m``, the Flagged screen ``M``), the quotes filter (``f``) with entity selection,
resuming where you left off, and the colours of the current theme.

The screen calls the ``features_*`` hooks at its loading steps; the logic lives in plain
modules (``tui.citation``, ``tui.flags``, ``tui.resume``, ``tui.app.quote_filter``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...citation import cite, source_label
from ...flags import Flag, FlagStore, make_flag, spans_of
from ...resume import Position, ReadingState
from ...userdata import path_key, text_key
from ..quote_filter import MODES, indices, label
from ..styles import ReaderStyles
from ..theme import Palette, palette
from ..widgets.article import displayable
from ..widgets.panels import EntitiesPanel, QuotesPanel

if TYPE_CHECKING:
    from ...articles import Article
    from ...model import Quote

NOTIFY_CHARS = 240
SAVE_EVERY = 2.0  # seconds between checks of the reading position


def _short(text: str, n: int = NOTIFY_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


class ReaderFeatures:
    """State and actions; expects the attributes and methods of ``ReaderScreen``."""

    # -- set-up ----------------------------------------------------------------------------
    def features_init(self) -> None:
        self.text_key = ""
        self.flagged: dict[int, Flag] = {}  # quote index -> flag
        self.filter_mode = "all"
        self.filter_indices: list[int] | None = None
        self.selected_entity: str | None = None
        self._pending_quote: tuple[tuple[int, int], bool] | None = None  # (span, scroll to it)
        self._flag_store: FlagStore | None = None
        self._reading: ReadingState | None = None
        self._article_view = None
        self.apply_palette()

    def features_mount(self) -> None:
        self._article_view = self.view  # still readable in on_unmount, when children are gone
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.set_interval(SAVE_EVERY, self.save_position, name="save-position")

    @property
    def flag_store(self) -> FlagStore:
        if self._flag_store is None:
            self._flag_store = FlagStore(self.settings.reader.folder())
        return self._flag_store

    @property
    def reading(self) -> ReadingState:
        if self._reading is None:
            self._reading = ReadingState(self.settings.reader.folder())
            if self._reading.warning:
                self.notify(displayable(self._reading.warning), severity="warning", markup=False)
        return self._reading

    # -- theme -----------------------------------------------------------------------------
    def apply_palette(self) -> Palette:
        """The current theme's colours: ``self.palette`` and the highlight styles."""
        s = self.settings
        pal = palette(self.app.current_theme, dict(s.entities.colors), s.layout.quote_color,
                      s.layout.current_quote_color)
        self.palette = pal
        self.highlights = ReaderStyles.from_palette(s, pal)
        return pal

    def _theme_changed(self, _theme) -> None:
        pal = self.apply_palette()
        self.query_one(EntitiesPanel).set_colors(dict(pal.entities))
        if self.analysis is not None:
            self.paint_analysis_layers()
            if self.quote_index >= 0:
                self.select_quote(self.quote_index, scroll=False)
            self._paint_selected()

    def paint_analysis_layers(self) -> None:
        """Entity mentions, quote contents and flags in the text, in the theme's colours."""
        analysis = self.analysis
        labels = list(self.settings.entities.show)
        shown = [e for e in analysis.entities if not labels or e.label in labels]
        st = self.highlights
        view = self.view
        view.set_layer("entities", [(m.start, m.end, st.entity(e.label)) for e in shown for m in e.mentions])
        view.set_layer("quotes", [(s.start, s.end, st.quote) for q in analysis.quotes for s in q.content])
        self._paint_flags()

    def _paint_flags(self) -> None:
        spans = [(s, e, self.highlights.flag) for f in self.flagged.values() for s, e in f.spans]
        self.view.set_layer("flags", spans)

    # -- loading hooks ---------------------------------------------------------------------
    def features_article_loaded(self, article: "Article") -> None:
        """Before the new article replaces the old one's state: remember where the old one was;
        then find where the new one was left."""
        self.save_position()
        self.text_key = text_key(article.text)
        self.flagged = {}
        self.selected_entity = None
        self.filter_indices = None
        if self.filter_mode == "entity":
            self.filter_mode = "all"
        reading = self.reading
        reading.opened(article.path)
        pos = reading.get(article.path, self.text_key)
        if pos is not None:
            if pos.top > 0:
                self.call_after_refresh(self._restore_top, pos.top)
            if pos.quote is not None and self._pending_quote is None:
                self._pending_quote = (pos.quote, False)
        reading.save()

    def _restore_top(self, top: int) -> None:
        view = self.view
        view.scroll_to(y=view.line_of(top), animate=False, immediate=True)

    def features_analysis_ready(self) -> None:
        """Flags of this text (re-anchored, or dropped when the text changed), the filter, and
        the quote to come back to."""
        analysis = self.analysis
        store = self.flag_store
        self.flagged, dropped = store.reconcile(analysis.path, self.text_key, analysis.quotes)
        if store.warning:
            self.notify(displayable(store.warning), severity="warning", markup=False)
        if dropped:
            n = len(dropped)
            self.notify(f"{n} flag{'s' if n != 1 else ''} dropped: the article's text changed since "
                        f"{'it was' if n == 1 else 'they were'} flagged", severity="warning", markup=False)
        self.paint_analysis_layers()
        self.refresh_quotes_panel()
        pending, self._pending_quote = self._pending_quote, None
        if pending is not None:
            (start, end), scroll = pending
            for i, q in enumerate(analysis.quotes):
                if (q.start, q.end) == (start, end):
                    self.select_quote(i, scroll=scroll)
                    break

    # -- resume ----------------------------------------------------------------------------
    def save_position(self) -> None:
        """Record the current article's position and write it when it changed."""
        article = self.article
        if article is None or not self.text_key or self._article_view is None:
            return
        q = self.quotes[self.quote_index] if 0 <= self.quote_index < len(self.quotes) else None
        pos = Position(self._article_view.top_offset(), (q.start, q.end) if q is not None else None)
        reading = self.reading
        reading.record(article.path, self.text_key, pos)
        if not reading.save() and reading.warning:
            self.notify(displayable(reading.warning), severity="warning", markup=False)

    # -- cite ------------------------------------------------------------------------------
    def _no_quotes(self) -> bool:
        """True (with a word why) when there are no quotes to act on; silent while the analysis
        runs, since the status line already says so."""
        if self.analysis is None:
            if not self.analysing:
                self.notify("no analysis", timeout=2, markup=False)
            return True
        if not self.quotes:
            self.notify("no quotes in this article", timeout=2, markup=False)
            return True
        return False

    def _current_quote(self) -> "Quote | None":
        if self._no_quotes():
            return None
        if not 0 <= self.quote_index < len(self.quotes):
            self.notify("no current quote: n goes to the next one", timeout=3, markup=False)
            return None
        return self.quotes[self.quote_index]

    def action_cite(self) -> None:
        q = self._current_quote()
        if q is None:
            return
        text = displayable(cite(q, self.analysis))
        self.app.copy_to_clipboard(text)
        self.notify(_short(text), title="Copied", markup=False)

    def action_cite_all(self) -> None:
        from ..export import quotes_markdown

        if self._no_quotes():
            return
        text = quotes_markdown(self.analysis)
        self.app.copy_to_clipboard(text)
        n = len(self.quotes)
        source = displayable(source_label(self.analysis.meta, self.analysis.path))
        self.notify(_short(f"{n} quote{'s' if n != 1 else ''} of {source}, as a Markdown list"),
                    title="Copied", markup=False)

    # -- flags -----------------------------------------------------------------------------
    def action_flag(self) -> None:
        q = self._current_quote()
        if q is None:
            return
        i = self.quote_index
        store = self.flag_store
        flag = make_flag(self.analysis, q, self.text_key)
        now = store.toggle(flag, self.flagged.get(i))
        if now is None:
            self.notify(displayable(store.warning or "cannot write the flags"), severity="error", markup=False)
            return
        if now:
            self.flagged[i] = flag
        else:
            self.flagged.pop(i, None)
        self.query_one(QuotesPanel).set_flagged(i, now)
        self._paint_flags()
        self.status.set(detail=self.quote_status(i))
        self.notify(_short(displayable(flag.citation)), title="Flagged" if now else "Unflagged", markup=False)

    def action_flagged(self) -> None:
        from .flagged import FlaggedScreen

        self.app.push_screen(FlaggedScreen(self.flag_store), self._open_flag)

    def _open_flag(self, flag: Flag | None) -> None:
        if self.analysis is not None:  # flags may have been removed there
            self.flagged, _ = self.flag_store.reconcile(self.analysis.path, self.text_key, self.analysis.quotes)
            self._paint_flags()
            self.refresh_quotes_panel()
        if flag is None:
            return
        span = (flag.start, flag.end)
        same = self.article is not None and path_key(self.article.path) == flag.path and self.text_key == flag.article
        if same and self.analysis is not None:
            for i, q in enumerate(self.quotes):
                if spans_of(q) == flag.spans or (q.start, q.end) == span:
                    self.select_quote(i, scroll=True)
                    return
            self.view.scroll_to_span(*span, force=True)
            return
        self._pending_quote = (span, True)
        self.open_path(flag.path)

    # -- filter and entity selection -------------------------------------------------------
    def refresh_quotes_panel(self) -> None:
        analysis = self.analysis
        if analysis is None:
            return
        entity = analysis.entity(self.selected_entity)
        self.filter_indices = indices(analysis, self.filter_mode, self.selected_entity)
        name = label(self.filter_mode, entity.name if entity else None)
        self.nav.set_filter(self.filter_indices, name)
        panel = self.query_one(QuotesPanel)
        panel.show_analysis(analysis, self.filter_indices, set(self.flagged), name)
        if self.quote_index >= 0:
            panel.select_quote(self.quote_index)

    def action_filter_quotes(self) -> None:
        if self._no_quotes():
            return
        modes = MODES
        mode = modes[(modes.index(self.filter_mode) + 1) % len(modes)]
        if mode == "entity" and self.selected_entity is None:
            q = self.quotes[self.quote_index] if self.quote_index >= 0 else None
            if q is not None and q.speaker_entity and self.analysis.entity(q.speaker_entity):
                self.select_entity(q.speaker_entity)
            else:
                self.notify("select a person in the entities panel (Enter) to see only their quotes",
                            timeout=4, markup=False)
                mode = "all"
        self.filter_mode = mode
        self.refresh_quotes_panel()
        kept = self.filter_indices
        n = len(self.quotes) if kept is None else len(kept)
        what = {"all": "all quotes", "speech": "direct and mixed quotes"}.get(mode)
        if what is None:
            e = self.analysis.entity(self.selected_entity)
            what = f"quotes of {e.name if e else '?'}"
        self.status.set(detail=f"Filter: {what} ({n})")

    def select_entity(self, entity_id: str | None) -> None:
        """Select an entity: all its mentions highlighted; the entity filter follows it."""
        self.selected_entity = entity_id
        self._paint_selected()
        if self.filter_mode == "entity":
            self.refresh_quotes_panel()

    def _paint_selected(self) -> None:
        e = self.analysis.entity(self.selected_entity) if self.analysis is not None else None
        spans = [(m.start, m.end, self.highlights.selected) for m in e.mentions] if e is not None else []
        self.view.set_layer("selected", spans)

    def clear_selection(self) -> bool:
        """Escape: drop the selected entity (and its filter). True when there was one."""
        if self.selected_entity is None:
            return False
        self.selected_entity = None
        self._paint_selected()
        if self.filter_mode == "entity":
            self.filter_mode = "all"
            self.refresh_quotes_panel()
        self.status.set(detail="")
        return True
