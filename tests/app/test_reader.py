"""Functional tests of the reader: App.run_test() + Pilot, asserting on behaviour and state."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tui.app.screens.reader import ReaderScreen
from tui.config import load_settings

from ..conftest import ROOT, SAMPLE
from .conftest import TEST_CONFIG, notifications, settle

SIZE = (160, 48)


async def test_launch_shows_text_then_fills_panels(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.reader
        assert isinstance(reader, ReaderScreen)
        await settle(app, pilot)
        assert reader.view.line_count > 30
        assert "Foreign Minister Wang Yi said" in reader.view.visible_text()
        assert reader.analysis is not None
        assert reader.query_one("#entities").option_count == 3
        assert reader.query_one("#quotes").option_count == 3
        assert reader.query_one("#relations").option_count == 2
        assert reader.status.plain.startswith("minister.txt")
        assert "analysing" not in reader.status.plain
        assert app.screen.focused is reader.view


async def test_analysing_state_is_visible_while_the_worker_runs(make_app, articles):
    import threading

    gate = threading.Event()

    def slow(article, settings):
        gate.wait(5)
        from .conftest import fake_analyzer

        return fake_analyzer(article, settings)

    app = make_app(articles / "minister.txt", analyzer=slow)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.reader and app.reader.article is not None:
                break
        reader = app.reader
        assert "analysing…" in reader.status.plain
        assert "Wang Yi" in reader.view.visible_text()  # the text is there before the analysis
        await pilot.press("j")  # the UI answers while the analysis runs
        assert reader.view.scroll_y == 1
        gate.set()
        await settle(app, pilot)
        assert "analysing" not in reader.status.plain


async def test_quote_navigation_moves_selection_status_and_scroll(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        view = reader.view
        assert reader.quote_index == -1 and view.scroll_y == 0
        await pilot.press("n")
        assert reader.quote_index == 0
        assert reader.status.plain.endswith("Quote 1/3 · Wang Yi · said")
        assert reader.query_one("#quotes").highlighted == 0
        q1 = reader.analysis.quotes[0]
        assert [(s, e) for s, e, _ in view.layer_spans("current")][0] == (q1.start, q1.end)
        assert view.scroll_y == 0  # already in view: no jump
        await pilot.press("n")
        assert reader.quote_index == 1
        assert "Quote 2/3 · Wang Yi · added" in reader.status.plain
        scrolled = view.scroll_y
        assert scrolled > 0
        first, last = view.line_of(reader.analysis.quotes[1].start), view.line_of(reader.analysis.quotes[1].end - 1)
        assert scrolled <= first and last < scrolled + view.size.height
        await pilot.press("N")
        assert reader.quote_index == 0
        assert view.scroll_y < scrolled
        assert reader.status.plain.endswith("Quote 1/3 · Wang Yi · said")
        await pilot.press("N")  # wraps to the last quote
        assert reader.quote_index == 2
        assert "Quote 3/3 · a spokeswoman · said" in reader.status.plain
        await pilot.press("n")  # and back to the first
        assert reader.quote_index == 0


async def test_panels_enter_jumps_to_quote_mentions_and_evidence(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        quotes = reader.query_one("#quotes")
        quotes.focus()
        quotes.highlighted = 2
        await pilot.press("enter")
        assert reader.quote_index == 2
        assert reader.view.scroll_y > 0

        entities = reader.query_one("#entities")
        entities.focus()
        entities.highlighted = 0  # Wang Yi, the most salient
        await pilot.press("enter")
        assert "Wang Yi (PERSON) · mention 1/3" in reader.status.plain
        await pilot.press("enter")
        assert "mention 2/3" in reader.status.plain
        wang = reader.analysis.entity("e1")
        assert [(s, e) for s, e, _ in reader.view.layer_spans("focus")] == [(wang.mentions[1].start, wang.mentions[1].end)]

        relations = reader.query_one("#relations")
        relations.focus()
        relations.highlighted = 0
        await pilot.press("enter")
        ev = reader.analysis.relations[0].evidence
        assert [(s, e) for s, e, _ in reader.view.layer_spans("focus")] == [(ev.start, ev.end)]
        assert "SAID: Wang Yi — say" in reader.status.plain


async def test_mouse_click_on_a_quote_selects_it(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        view = reader.view
        q1 = reader.analysis.quotes[0]
        y = view.line_of(q1.start) - int(view.scroll_y)
        await pilot.click("#article", offset=(8, y + 0))
        assert reader.quote_index == 0
        await pilot.click("#quotes", offset=(4, 3))  # second row of option 1 (two lines per quote)
        assert reader.quote_index in (0, 1)


async def test_scroll_keys(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        await pilot.press("space")
        assert view.scroll_y > 20
        await pilot.press("b")
        assert view.scroll_y < 5
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.scroll_y == 0


async def test_toggle_panels_and_tab_focus(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        await pilot.press("tab")
        assert app.screen.focused is reader.query_one("#entities")
        await pilot.press("tab")
        assert app.screen.focused is reader.query_one("#quotes")
        await pilot.press("1")
        assert not reader.query_one("#entities").display
        await pilot.press("2")
        assert app.screen.focused is reader.view  # a hidden panel gives the focus back
        await pilot.press("3")
        assert not reader.query_one("#side").display
        await pilot.press("1")
        assert reader.query_one("#side").display and reader.query_one("#entities").display


async def test_panels_hidden_and_sized_from_config(tmp_path, make_app, articles):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("ui: {cursor_blink: false}\n"
                   "layout:\n  panels:\n    relations: {visible: false}\n    quotes: {width: 50}\n")
    app = make_app(articles / "minister.txt", settings=load_settings(cfg, use_user=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        assert not reader.query_one("#relations").display
        assert reader.query_one("#side").size.width == 50


async def test_keymap_override_from_yaml_takes_effect(tmp_path, make_app, articles):
    cfg = tmp_path / "keys.yaml"
    cfg.write_text(yaml.safe_dump({"ui": {"cursor_blink": False},
                                   "keymap": {"next_quote": "x", "prev_quote": "z,p", "help": "h"}}))
    settings = load_settings(cfg, use_user=False)
    app = make_app(articles / "minister.txt", settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        await pilot.press("n")  # no longer bound
        assert reader.quote_index == -1
        await pilot.press("x")
        assert reader.quote_index == 0
        await pilot.press("x")
        assert reader.quote_index == 1
        await pilot.press("p")
        assert reader.quote_index == 0
        await pilot.press("h")
        from tui.app.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        table = str(app.screen.query_one("#help-table").render())
        assert "next_quote" in table and " x " in table


async def test_help_lists_every_binding_id_and_closes(make_app, articles):
    from tui.app.keys import ALL_COMMANDS
    from tui.app.screens.help import HelpScreen

    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = str(app.screen.query_one("#help-table").render())
        for c in ALL_COMMANDS:
            assert c.id in table
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_the_reader_actions(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for t in ("Next quote", "Previous quote", "Open an article (file picker)", "Export the analysis (JSON or Markdown)",
                  "Search in the article", "Keys and bindings", "Quit"):
            assert t in titles
        cmd = next(c for c in app.get_system_commands(app.screen) if c.title == "Next quote")
        await cmd.callback()
        await pilot.pause()
        assert app.reader.quote_index == 0


async def test_markup_and_control_characters_stay_literal(tmp_path, make_app):
    art = tmp_path / "markup.txt"
    art.write_text("title: [red]T[/red]\n\nAn article with [bold]x[/] and [link=http://e.com]y[/link] "
                   "and an escape \x1b[31m here.\n", encoding="utf-8")
    app = make_app(art)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = app.reader.view
        shown = view.visible_text()
        assert "[bold]x[/]" in shown and "[link=http://e.com]y[/link]" in shown
        assert "\u241b[31m" in shown and "\x1b" not in shown
        rendered = "".join(seg.text for seg in view.render_line(0))
        assert "[bold]x[/]" in rendered
        head = str(app.reader.query_one("#head").render())
        assert "[red]T[/red]" in head
        screen_text = app.export_screenshot()
        assert "[bold]x[/]" in screen_text


async def test_picker_filters_and_switches_articles(make_app, articles):
    from tui.app.screens.picker import PickerScreen

    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        await settle(app, pilot)
        labels = [e.label for e in picker.shown]
        assert labels == ["..", "notes/", "minister.txt", "second.txt"]
        assert picker.options.highlighted == 2  # the current article
        titles = {e.label: e.title for e in picker.shown}
        assert titles["second.txt"] == "A second story"
        await pilot.press(*"seco")
        assert [e.label for e in picker.shown] == ["second.txt"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert Path(app.reader.article.path).name == "second.txt"
        assert app.reader.status.plain.startswith("second.txt")
        assert "A second story" in str(app.reader.query_one("#head").render())
        assert app.reader.query_one("#quotes").option_count == 1  # "none found"
        await pilot.press("o")
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_picker_moves_between_folders(make_app, articles):
    (articles / "notes" / "inner.md").write_text("# Inner note\n\nText.\n")
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        picker = app.screen
        await pilot.press(*"notes", "enter")
        assert picker.folder == (articles / "notes").resolve()
        assert [e.label for e in picker.shown] == ["..", "inner.md"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert Path(app.reader.article.path).name == "inner.md"
        assert app.reader.folder == (articles / "notes")
        await pilot.press("o")
        assert app.screen.folder == (articles / "notes").resolve()
        app.screen.options.highlighted = 0
        await pilot.press("enter")  # ..
        assert app.screen.folder == articles.resolve()


async def test_broken_file_in_picker_notifies_and_keeps_current_article(make_app, articles):
    (articles / "broken.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.press("o", *"broken", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        errors = [n for n in notifications(app) if n.severity == "error"]
        assert errors and "broken.txt" in errors[-1].message and "binary" in errors[-1].message
        reader = app.reader
        assert Path(reader.article.path).name == "minister.txt"
        assert reader.analysis is not None and reader.quote_index == 0
        assert "Wang Yi" in reader.view.visible_text()


async def test_broken_first_file_at_launch_notifies_and_offers_the_picker(make_app, articles):
    from tui.app.screens.picker import PickerScreen

    (articles / "0-broken.txt").write_bytes(b"\x00" * 64)
    app = make_app(articles)  # a folder: its first article is the broken one
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("0-broken.txt" in n.message for n in notifications(app))
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"minis", "enter")
        await settle(app, pilot)
        assert Path(app.reader.article.path).name == "minister.txt"
        await pilot.press("n")
        assert app.reader.quote_index == 0


async def test_analysis_failure_notifies_and_the_reader_keeps_running(make_app, articles):
    def broken(article, settings):
        raise RuntimeError("the pipeline exploded")

    app = make_app(articles / "minister.txt", analyzer=broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert any("analysis failed: the pipeline exploded" in n.message for n in notifications(app))
        assert "analysis failed" in app.reader.status.plain
        assert "Wang Yi" in app.reader.view.visible_text()
        await pilot.press("n", "j")
        assert app.reader.view.scroll_y == 1


async def test_search_with_next_and_previous_match(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        await pilot.press("slash")
        assert reader.query_one("#search").has_focus
        await pilot.press(*"wang", "enter")  # n inside the box is text, not "next quote"
        assert reader.quote_index == -1
        assert len(reader.matches) == 3
        assert "“wang”: 1/3" in reader.status.plain
        assert reader.view.has_focus
        await pilot.press("ctrl+n")
        assert "2/3" in reader.status.plain
        await pilot.press("ctrl+n")
        assert "3/3" in reader.status.plain and reader.view.scroll_y > 0
        await pilot.press("ctrl+n")
        assert "1/3" in reader.status.plain
        await pilot.press("ctrl+b")
        assert "3/3" in reader.status.plain
        await pilot.press("slash", "escape")
        assert not reader.query_one("#search").display


async def test_export_json_and_markdown_never_overwrite_silently(tmp_path, make_app, articles, monkeypatch):
    from tui.app.screens.export import ConfirmScreen, ExportScreen

    monkeypatch.chdir(tmp_path)
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        box = app.screen.query_one("#export-path")
        assert box.value == str(tmp_path / "minister.newsreader.json")
        await pilot.press("enter")
        await pilot.pause()
        out = tmp_path / "minister.newsreader.json"
        data = json.loads(out.read_text())
        assert len(data["quotes"]) == 3 and data["path"].endswith("minister.txt")
        assert isinstance(app.screen, ReaderScreen)

        out.write_text("keep me")
        await pilot.press("e", "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert out.read_text() == "keep me"
        await pilot.press("escape")
        await pilot.press("e", "enter", "y")
        await pilot.pause()
        assert json.loads(out.read_text())["contract"] == 1

        await pilot.press("e")
        app.screen.query_one("#fmt-markdown").value = True
        await pilot.pause()
        assert app.screen.query_one("#export-path").value.endswith("minister.newsreader.md")
        await pilot.press("enter")
        await pilot.pause()
        md = (tmp_path / "minister.newsreader.md").read_text()
        assert md.startswith("# Minister says ties are strong")
        assert "**Wang Yi** (direct, said)" in md and "## Relations (2)" in md


async def test_real_pipeline_on_the_sample(settings, tmp_path):
    """Through the real analysis (spaCy) and the cache; no assertion on exact counts."""
    from tui.app import NewsReaderApp

    app = NewsReaderApp(settings, SAMPLE, use_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        reader = app.reader
        assert reader.analysis is not None, [n.message for n in notifications(app)]
        assert reader.analysis.entities
        assert reader.query_one("#entities").option_count == len(
            [e for e in reader.analysis.entities if e.label in settings.entities.show])
        await pilot.press("n")
        if reader.analysis.quotes:
            assert reader.status.plain.split(" · ")[1].startswith("Quote 1/")
    app2 = NewsReaderApp(settings, SAMPLE.parent, use_cache=True)  # a folder: its first article, from the cache
    async with app2.run_test(size=SIZE) as pilot:
        await settle(app2, pilot)
        assert app2.reader.analysis is not None
        assert app2.reader.folder == SAMPLE.parent


def test_importing_the_app_does_not_import_spacy():
    code = "import sys, tui.app, tui.cli; assert 'spacy' not in sys.modules and 'tui.analysis' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_every_binding_id_is_in_the_yaml_keymap():
    from tui.app.keys import ALL_COMMANDS
    from tui.config import BINDING_IDS, DEFAULT_CONFIG

    ids = [c.id for c in ALL_COMMANDS]
    assert sorted(ids) == sorted(BINDING_IDS)
    keymap = yaml.safe_load(DEFAULT_CONFIG.read_text())["keymap"]
    assert sorted(keymap) == sorted(ids)


def test_unknown_binding_id_is_a_config_error(tmp_path):
    from tui.config import ConfigError

    cfg = tmp_path / "bad.yaml"
    cfg.write_text("keymap: {next_qoute: x}\n")
    with pytest.raises(ConfigError, match="next_qoute"):
        load_settings(cfg, use_user=False)


def test_test_config_switches_off_the_variable_bits():
    s = load_settings(TEST_CONFIG, use_user=False)
    assert s.ui.cursor_blink is False


async def test_folder_opens_its_first_article_with_the_picker_rooted_there(make_app, articles):
    app = make_app(articles)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert Path(app.reader.article.path).name == "minister.txt"
        await pilot.press("o")
        assert app.screen.folder == articles.resolve()


async def test_picker_lists_a_big_folder_in_pages_and_typing_narrows(make_app, tmp_path):
    from tui.app.screens.picker import MAX_ROWS

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(MAX_ROWS + 5):
        (folder / f"a{i:05d}.txt").write_text(f"title: Story {i}\n\nBody.\n")
    app = make_app(folder / "a02003.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        picker = app.screen
        assert len(picker.shown) == MAX_ROWS
        assert picker.shown[picker.options.highlighted].path.name == "a02003.txt"  # the current one is listed
        last = picker.options.get_option_at_index(picker.options.option_count - 1)
        assert last.disabled and "more: type to narrow" in str(last.prompt)
        await pilot.press(*"story 2004", "enter")
        await settle(app, pilot)
        assert Path(app.reader.article.path).name == "a02004.txt"


def test_picker_titles_of_binary_and_legacy_files(tmp_path):
    from tui.app.screens.picker import read_head

    (tmp_path / "l.txt").write_bytes("Caf\u00e9 \u00abnews\u00bb\n".encode("latin-1"))
    (tmp_path / "b.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "u.txt").write_bytes(("x" * 2047 + "\u00e9").encode("utf-8"))  # cut inside a character
    assert read_head(tmp_path / "l.txt") == ("Caf\u00e9 \u00abnews\u00bb", "")
    assert read_head(tmp_path / "b.txt") == ("(binary file)", "")
    assert "\ufffd" not in read_head(tmp_path / "u.txt")[0]


async def test_quote_rows_never_wrap_into_a_third_line(make_app, articles):
    """Many long quotes (a scrollbar takes a column): each row stays two lines, cut with an ellipsis."""
    from tui.model import Quote, Span

    from .conftest import build_analysis

    def many_quotes(article, settings):
        a = build_analysis(article)
        t = a.text
        start = t.index("Officials in both")
        a.quotes = [Quote(f"q{i}", "indirect", [Span.of(t, start + i, start + i + 120)]) for i in range(20)]
        a.relations = []
        return a

    app = make_app(articles / "minister.txt", analyzer=many_quotes)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        panel = app.reader.query_one("#quotes")
        assert panel.option_count == 20
        lines = [panel.render_line(y).text for y in range(panel.size.height)]
        heads = [ln for ln in lines if ln.strip()[:2].strip().isdigit()]
        assert len(heads) >= 3
        # a third, wrapped line of a row starts at the panel's edge
        assert all(ln.startswith(" ") for ln in lines if ln.strip()), lines


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_help_rows_never_wrap(make_app, articles, size):
    from tui.app.screens.help import help_rows

    app = make_app(articles / "minister.txt")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-table")
        rows = help_rows(dict(app.settings.keymap))
        assert table.size.height == len(rows) + 1  # the heading and one line per key


async def test_narrow_terminal_leaves_most_of_the_width_to_the_article(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(app, pilot)
        side, view = app.reader.query_one("#side"), app.reader.view
        assert side.size.width <= 24 and view.size.width >= 30
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert side.size.width == 38  # the configured width when there is room
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert side.size.width == 28


SLOW_QUIT = r"""
import sys, time
from pathlib import Path
from tui.app import NewsReaderApp
from tui.config import load_settings
from tui.model import Analysis

def slow(article, settings):
    time.sleep(60)  # an analysis that is still running when the user quits
    return Analysis(article.path, article.text, dict(article.meta), {"name": "slow"})

async def quit_soon(pilot):
    await pilot.pause(0.5)
    await pilot.press("q")

app = NewsReaderApp(load_settings(sys.argv[1], use_user=False), Path(sys.argv[2]), use_cache=False, analyzer=slow)
print("exit", app.run_reader(headless=True, auto_pilot=quit_soon), flush=True)
"""


def test_quit_during_a_long_analysis_does_not_wait_for_it(articles, tmp_path):
    from ..conftest import env_without_user_config

    started = time.monotonic()
    r = subprocess.run([sys.executable, "-c", SLOW_QUIT, str(TEST_CONFIG), str(articles / "minister.txt")],
                       capture_output=True, text=True, cwd=ROOT, env=env_without_user_config(tmp_path), timeout=120)
    assert time.monotonic() - started < 30, "quit waited for the analysis thread"
    assert r.returncode == 0, r.stderr


async def test_a_colour_that_is_not_one_is_reported(tmp_path, make_app, articles):
    cfg = tmp_path / "colours.yaml"
    cfg.write_text(yaml.safe_dump({"entities": {"colors": {"PERSON": "notacolor"}}}))
    app = make_app(articles / "minister.txt", settings=load_settings(cfg, use_user=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        msgs = [str(n.message) for n in notifications(app)]
        assert any("entities.colors.PERSON: 'notacolor' is not a colour" in m for m in msgs), msgs


def test_html_headline_is_not_shown_twice():
    from tui.app.widgets.head import shown_title
    from tui.articles import Article

    a = Article("/x/page.html", "Big news\nSomeone said something.", {"title": "Big news", "format": "html"})
    assert shown_title(a) == "page.html"
    b = Article("/x/page.html", "Someone said something.", {"title": "Big news", "format": "html"})
    assert shown_title(b) == "Big news"


async def test_notifications_show_user_text_literally(make_app, articles):
    """A search or a file name with [markup] went into a notification as Textual markup: a
    closing tag crashed the app (MarkupError)."""
    (articles / "[red]oops.txt").write_bytes(bytes(range(256)) * 4)
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.reader.search("[/nomatch]")
        app.reader.open_path(articles / "[red]oops.txt")
        await settle(app, pilot)
        await pilot.pause(0.2)
        msgs = [str(n.message) for n in notifications(app)]
        assert "no match for “[/nomatch]”" in msgs
        assert any("[red]oops.txt" in m for m in msgs)
        assert app.is_running and app.return_code is None
        # shown as plain text: Textual would parse markup in them (and raise on "[/nomatch]")
        assert all(not n.markup for n in notifications(app))



async def test_panel_placeholders_are_indented_like_the_rows(make_app, articles):
    app = make_app(articles / "second.txt")  # nothing found by the hand-made analyzer
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for name in ("entities", "quotes", "relations"):
            panel = app.reader.query_one(f"#{name}")
            assert str(panel.get_option_at_index(0).prompt) == " none found"

