"""The reader's second round: cite, flag, the Flagged screen, the quotes filter, entity selection,
resume, themes and links (App.run_test() + Pilot). The user data dir is the test's own (XDG_DATA_HOME
points into a temp folder), so two app runs in one test share their flags and positions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tui.app.screens.reader import ReaderScreen
from tui.config import load_settings
from tui.model import Quote

from .conftest import ARTICLE, build_analysis, notifications, settle

SIZE = (160, 48)


def kinds_analyzer(article, settings):
    """The hand-made analysis with the spokeswoman's quote made indirect and a mixed one added."""
    a = build_analysis(article)
    t = a.text
    a.quotes[2].kind = "indirect"
    start = t.index("relations with the United States")
    mixed = Quote("q0", "mixed", [a.quotes[0].content[0].__class__.of(t, start, t.index(" at a low point"))],
                  cue=a.quotes[0].cue.__class__.of(t, t.index("said on"), t.index("said on") + 4),
                  speaker=a.entities[0].mentions[0], speaker_entity="e1", speaker_name="Wang Yi")
    a.quotes.insert(0, mixed)
    a.validate()
    return a


async def test_y_copies_the_citation_and_Y_all_quotes_as_markdown(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("y")  # no current quote yet
        assert app.clipboard == ""
        assert "no current quote" in notifications(app)[-1].message
        await pilot.press("n", "y")
        want = ("“The United States continues to stir up trouble” — Wang Yi "
                "(Minister says ties are strong, Test Wire, 2021-12-31)")
        assert app.clipboard == want
        note = notifications(app)[-1]
        assert note.message == want and note.title == "Copied"
        await pilot.press("Y")
        md = app.clipboard.splitlines()
        assert notifications(app)[-1].message == ("3 quotes of Minister says ties are strong, Test Wire, 2021-12-31, "
                                                  "as a Markdown list")
        assert md[0] == "Quotes from Minister says ties are strong, Test Wire, 2021-12-31:"
        assert md[2:] == ["- “The United States continues to stir up trouble” — Wang Yi",
                          "- “This is a typical case of saying one thing and doing another” — Wang Yi",
                          "- “We will keep talking” — a spokeswoman"]


async def test_reported_speech_is_cited_without_quotation_marks(make_app, articles):
    app = make_app(articles / "minister.txt", analyzer=kinds_analyzer)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n", "y")
        assert app.clipboard.startswith("Wang Yi said that relations with the United States were (Minister says")
        await pilot.press("N", "y")
        assert app.clipboard.startswith("A spokeswoman said that we will keep talking")


async def test_flags_persist_across_two_runs_and_the_flagged_screen_opens_the_quote(make_app, articles):
    from tui.app.screens.flagged import FlaggedScreen

    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        await pilot.press("n", "n", "m")
        assert set(reader.flagged) == {1}
        assert "⚑" in reader.status.plain
        assert notifications(app)[-1].title == "Flagged"
        q = reader.analysis.quotes[1]
        assert [(s, e) for s, e, _ in reader.view.layer_spans("flags")] == [(q.start, q.end)]
        panel = reader.query_one("#quotes")
        assert "⚑" in str(panel.get_option_at_index(1).prompt) and "⚑" not in str(panel.get_option_at_index(0).prompt)
    # A second run: the flag is read back.
    app = make_app(articles / "second.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("M")
        screen = app.screen
        assert isinstance(screen, FlaggedScreen)
        await pilot.pause()
        assert len(screen.flags) == 1
        table = screen.query_one("#flagged-table")
        row = [str(c) for c in table.get_row_at(0)]
        assert row[0].startswith("Minister says ties are str") and row[2] == "Wang Yi"
        assert row[3].startswith("This is a typical case")
        await pilot.press("enter")
        await settle(app, pilot)
        reader = app.reader
        assert isinstance(app.screen, ReaderScreen)
        assert Path(reader.article.path).name == "minister.txt"
        assert reader.quote_index == 1 and set(reader.flagged) == {1}
        q = reader.analysis.quotes[1]
        view = reader.view
        assert view.scroll_y <= view.line_of(q.start) < view.scroll_y + view.size.height
        await pilot.press("m")  # unflag
        assert reader.flagged == {} and reader.view.layer_spans("flags") == []
        assert notifications(app)[-1].title == "Unflagged"
        await pilot.press("M")
        await pilot.pause()
        assert app.screen.flags == []


async def test_unflag_and_export_from_the_flagged_screen(make_app, articles, tmp_path, monkeypatch):
    from tui.app.screens.export import ExportScreen

    monkeypatch.chdir(tmp_path)
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n", "m", "n", "n", "m")
        await pilot.press("M")
        await pilot.pause()
        screen = app.screen
        assert len(screen.flags) == 2
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-path").value == str(tmp_path / "newsreader-flagged.md")
        await pilot.press("enter")
        await pilot.pause()
        md = (tmp_path / "newsreader-flagged.md").read_text()
        assert md.startswith("# Flagged quotes (2)")
        assert "## Minister says ties are strong (Test Wire, 2021-12-31)" in md
        assert md.index("- “The United States continues") < md.index("- “We will keep talking” — a spokeswoman")
        await pilot.press("e")
        app.screen.query_one("#fmt-csv").value = True
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        rows = list(csv.reader(io.StringIO((tmp_path / "newsreader-flagged.csv").read_text())))
        assert rows[0][:6] == ["article", "date", "source", "speaker", "kind", "quote"]
        assert {r[3] for r in rows[1:]} == {"Wang Yi", "a spokeswoman"}
        assert app.screen is screen
        await pilot.press("m")  # unflags the highlighted (first) row
        assert len(screen.flags) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert len(app.reader.flagged) == 1  # the reader took the change


async def test_a_flag_is_dropped_when_the_article_text_changes(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n", "m")
        assert len(app.reader.flagged) == 1
    path = articles / "minister.txt"
    path.write_text(ARTICLE.replace("a low point", "their lowest point"), encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.reader.flagged == {}
        assert any("1 flag dropped" in n.message for n in notifications(app))
        await pilot.press("M")
        await pilot.pause()
        assert app.screen.flags == []


async def test_filter_cycles_and_n_steps_through_the_filtered_quotes(make_app, articles):
    app = make_app(articles / "minister.txt", analyzer=kinds_analyzer)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        panel = reader.query_one("#quotes")
        assert panel.option_count == 4
        await pilot.press("f")  # direct and mixed: the indirect one goes
        assert panel.option_count == 3 and "3/4" in panel.border_subtitle
        assert "Filter: direct and mixed quotes (3)" in reader.status.plain
        await pilot.press("N")
        assert reader.quote_index == 2
        assert "Quote 3/3 (direct+mixed) · Wang Yi · added" in reader.status.plain
        await pilot.press("n")
        assert reader.quote_index == 0 and "Quote 1/3 (direct+mixed)" in reader.status.plain
        await pilot.press("f")  # no entity selected: the current quote's speaker
        assert reader.selected_entity == "e1"
        assert panel.option_count == 3 and "Wang Yi" in panel.border_subtitle
        await pilot.press("n")
        assert reader.quote_index == 1 and "Quote 2/3 (Wang Yi) · said" in reader.status.plain
        await pilot.press("n", "n")
        assert reader.quote_index == 0  # wrapped within Wang Yi's three
        await pilot.press("f")  # back to all
        assert panel.option_count == 4
        await pilot.press("N")
        assert reader.quote_index == 3 and "Quote 4/4 · a spokeswoman" in reader.status.plain


async def test_enter_on_an_entity_selects_it_highlights_its_mentions_and_drives_the_filter(make_app, articles):
    app = make_app(articles / "minister.txt", analyzer=kinds_analyzer)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        entities = reader.query_one("#entities")
        entities.focus()
        entities.highlighted = 2  # Xinhua
        await pilot.press("enter")
        xinhua = reader.analysis.entity("e3")
        assert reader.selected_entity == "e3"
        assert [(s, e) for s, e, _ in reader.view.layer_spans("selected")] == [(m.start, m.end) for m in xinhua.mentions]
        reader.view.focus()
        await pilot.press("f", "f")
        assert reader.filter_mode == "entity" and reader.query_one("#quotes").option_count == 1  # "none found"
        await pilot.press("n")
        assert reader.quote_index == -1
        assert "no quote matches the filter" in notifications(app)[-1].message
        entities.focus()
        entities.highlighted = 0  # Wang Yi: the filter follows the selection
        await pilot.press("enter")
        assert reader.selected_entity == "e1" and reader.query_one("#quotes").option_count == 3
        assert len(reader.view.layer_spans("selected")) == 3
        reader.view.focus()
        await pilot.press("escape")
        assert reader.selected_entity is None and reader.view.layer_spans("selected") == []
        assert reader.filter_mode == "all" and reader.query_one("#quotes").option_count == 4


async def test_resume_restores_scroll_and_quote_across_two_runs(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        await pilot.press("n", "n", "j", "j", "j")
        top, y = reader.view.top_offset(), reader.view.scroll_y
        assert reader.quote_index == 1 and y > 0
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        assert reader.quote_index == 1
        assert reader.view.top_offset() == top and abs(reader.view.scroll_y - y) <= 1  # a blank line shares its offset
        assert "Quote 2/3" in reader.status.plain
        await pilot.press("n")
        assert reader.quote_index == 2


async def test_switching_articles_remembers_each_position(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        await pilot.press("n", "n", "n")
        y = reader.view.scroll_y
        await pilot.press("o", *"seco", "enter")
        await settle(app, pilot)
        assert Path(reader.article.path).name == "second.txt" and reader.view.scroll_y == 0
        await pilot.press("o", *"minis", "enter")
        await settle(app, pilot)
        assert reader.quote_index == 2 and reader.view.scroll_y == y


def test_open_last_opens_the_last_article_read(tmp_path, articles, test_settings):
    from tui.config import sample_article
    from tui.resume import ReadingState, start_article

    cfg = tmp_path / "last.yaml"
    cfg.write_text(f"reader: {{open_last: true, data_dir: {tmp_path / 'data'}}}\n")
    on = load_settings(cfg, use_user=False)
    assert start_article(on) == sample_article()  # nothing read yet
    state = ReadingState(tmp_path / "data")
    state.opened(str(articles / "second.txt"))
    state.save()
    assert start_article(on) == (articles / "second.txt").resolve()
    off = load_settings(None, use_user=False).model_copy(update={"reader": on.reader.model_copy(update={"open_last": False})})
    assert start_article(off) == sample_article()
    (articles / "second.txt").unlink()
    assert start_article(on) == sample_article()  # gone: the sample


async def test_themes_switch_and_entity_colours_follow(make_app, articles):
    from tui.app.theme import NEWSREADER_LIGHT, entity_variable

    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        assert "newsreader-dark" in app.available_themes and "newsreader-light" in app.available_themes
        dark_person = reader.highlights.entities["PERSON"].color.name
        assert dark_person == "#aa9cfc"  # textual-dark (the test settings): the configured colour
        await pilot.press("n")
        app.theme = "newsreader-light"
        await pilot.pause()
        await pilot.pause()
        want = NEWSREADER_LIGHT.variables[entity_variable("PERSON")]
        assert reader.highlights.entities["PERSON"].color.name == want
        spans = reader.view.layer_spans("entities")
        wang = reader.analysis.entity("e1").mentions[0]
        assert any(s == wang.start and st.color.name == want for s, _, st in spans)
        assert reader.query_one("#entities").label_colors["PERSON"].lower() == want
        assert reader.view.layer_spans("current")[0][2].bgcolor.name.lower() == NEWSREADER_LIGHT.variables["nr-current-quote"]
        app.theme = "textual-light"  # a built-in light theme: the configured colours made darker
        await pilot.pause()
        await pilot.pause()
        from textual.color import Color

        from tui.app.theme import contrast

        page = Color.parse(reader.palette.page)
        for label, c in reader.palette.entities.items():
            assert contrast(Color.parse(c), page) >= 3.0, label


async def test_theme_from_the_yaml_and_an_unknown_one(tmp_path, make_app, articles):
    cfg = tmp_path / "t.yaml"
    cfg.write_text("ui: {cursor_blink: false, theme: newsreader-light}\n")
    app = make_app(articles / "minister.txt", settings=load_settings(cfg, use_user=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.theme == "newsreader-light"
    cfg.write_text("ui: {cursor_blink: false, theme: no-such-theme}\n")
    app = make_app(articles / "minister.txt", settings=load_settings(cfg, use_user=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("unknown theme" in n.message for n in notifications(app))


async def test_urls_in_the_text_and_the_meta_url_are_links_never_followed(tmp_path, make_app, monkeypatch):
    opened = []
    art = tmp_path / "links.txt"
    art.write_text("title: Links\nurl: https://example.com/story?id=1\n\n"
                   "Read more at https://news.example.org/a_(b). Or (http://x.org/p?q=1), not here.\n",
                   encoding="utf-8")
    app = make_app(art)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        links = [st.link for _, _, st in view.layer_spans("links")]
        assert links == ["https://news.example.org/a_(b)", "http://x.org/p?q=1"]
        y = next(i for i in range(view.line_count) if "Read more" in view.line_text(i))
        segs = [s for s in view.render_line(y - int(view.scroll_y)) if s.style and s.style.link]
        assert [(s.text, s.style.link) for s in segs] == [("https://news.example.org/a_(b)", "https://news.example.org/a_(b)"),
                                                          ("http://x.org/p?q=1", "http://x.org/p?q=1")]
        head = app.reader.query_one("#head")
        assert "https://example.com/story?id=1" in str(head.render())
        await pilot.click("#article", offset=(20, y))
        await pilot.pause()
        assert opened == []


async def test_markup_controls_and_bidi_stay_literal_in_citations_and_flags(tmp_path, make_app):
    art = tmp_path / "evil.txt"
    evil = "[bold]Wang[/] \u202eevil\u202c \x1b[31mred"
    art.write_text(ARTICLE.replace("We will keep talking", evil), encoding="utf-8")

    def analyzer(article, settings):
        from tui.model import Analysis, Span

        t = article.text
        s = t.index(evil)
        q = Quote("q1", "direct", [Span.of(t, s, s + len(evil))], speaker=Span.of(t, t.index("a spokeswoman"),
                  t.index("a spokeswoman") + 13), speaker_name="a [i]spokes\u202ewoman[/i]")
        return Analysis(article.path, t, dict(article.meta), {"name": "hand-made"}, [], [q])

    app = make_app(art, analyzer=analyzer)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n", "y")
        for text in (app.clipboard, notifications(app)[-1].message):
            assert "[bold]Wang[/]" in text and "[i]spokes\ufffdwoman[/i]" in text
            assert "\u202e" not in text and "\x1b" not in text and "\u241b[31m" in text
        await pilot.press("m", "M")
        await pilot.pause()
        row = [str(c) for c in app.screen.query_one("#flagged-table").get_row_at(0)]
        assert "[bold]Wang[/]" in row[3] and "\u202e" not in row[3] and "\x1b" not in row[3]
        assert "[i]spokes" in row[2] and "\u202e" not in row[2]


async def test_an_unwritable_data_dir_is_a_notification(tmp_path, make_app, articles, test_settings):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    s = test_settings.model_copy(update={"reader": test_settings.reader.model_copy(update={"data_dir": blocker / "d"})})
    app = make_app(articles / "minister.txt", settings=s)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n", "m")
        assert app.reader.flagged == {}
        assert any(n.severity == "error" and "cannot write" in n.message for n in notifications(app))
        await pilot.press("n")
        assert app.reader.quote_index == 1
