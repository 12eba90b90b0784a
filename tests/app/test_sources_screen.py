"""The Sources screen: open, sort, drill down, open an article at a quote, back, export; and one
snapshot. Crafted analyses (no spaCy), the index for this run only (the tests run without the cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app.screens.reader import ReaderScreen
from tui.app.screens.export import ExportScreen
from tui.app.screens.sources import SourcesScreen

from ..corpus_helpers import crafted_analysis, write_article
from .conftest import settle

SIZE = (160, 48)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    f = tmp_path / "news"
    f.mkdir()
    write_article(f, "a.txt", "2016-09-01", ("Donald Trump", "We will win"),
                  ("Ms. Hillary Clinton", "Stronger together"), title="Rally night")
    filler = "\n\n".join(["Officials met again to talk about trade and energy for many hours."] * 40)
    write_article(f, "b.txt", "2016-09-02", ("Mr. Trump", "It is rigged"), ("Ms. Clinton", "We go high"),
                  title="Debate eve")
    text = (f / "b.txt").read_text(encoding="utf-8")
    (f / "b.txt").write_text(text.replace("\n\n\u201cIt is rigged", f"\n\n{filler}\n\n\u201cIt is rigged"),
                             encoding="utf-8")
    write_article(f, "c.txt", "2016-09-04", ("Donald J. Trump", "Believe me"), ("Trump", "Huge"),
                  ("Bill Clinton", "She is ready"), title="Final stretch")
    return f


async def open_sources(app, pilot) -> SourcesScreen:
    await settle(app, pilot)
    await pilot.press("s")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SourcesScreen)
    for _ in range(20):
        if not screen.indexing and screen.corpus is not None and len(screen.corpus.articles) == 3:
            break
        await settle(app, pilot)
    return screen


def names(screen: SourcesScreen) -> list[str]:
    return [str(screen.table.get_row_at(i)[0]) for i in range(screen.table.row_count)]


async def test_open_sort_drill_down_open_article_and_back(make_app, news):
    app = make_app(news / "a.txt", analyzer=crafted_analysis)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        assert names(screen) == ["Donald Trump", "Hillary Clinton", "Bill Clinton"]  # most quoted first
        assert screen.rows[0].quotes == 4 and screen.rows[1].quotes == 2
        assert "People 3: 33 % women, 33 % men, 33 % unknown" in str(screen.query_one("#sources-gender").render())
        assert "3 articles, 7 quotes, 3 sources" in str(screen.query_one("#sources-head").render())
        # the plot: quotes per day of the highlighted source, every day from the first to the last
        assert screen.query_one("#sources-plot").data == [1, 1, 0, 2]
        # sort: r moves to the next column; a column (a header click) sorts, again reverses
        await pilot.press("r")
        assert screen.sort_column == "direct"
        screen.sort_by("name")
        assert names(screen) == ["Bill Clinton", "Donald Trump", "Hillary Clinton"]
        screen.sort_by("name")
        assert names(screen) == ["Hillary Clinton", "Donald Trump", "Bill Clinton"]
        assert str(screen.table.columns["name"].label) == "Source ▼"
        screen.sort_by("quotes")
        assert names(screen)[0] == "Donald Trump"
        # drill down: Enter lists the source's quotes across articles
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.quotes_table.display and not screen.table.display
        assert [q.content for q in screen.quotes] == ["We will win", "It is rigged", "Believe me", "Huge"]
        assert str(screen.quotes_table.get_row_at(1)[1]) == "Debate eve"
        # Escape: back to the sources
        await pilot.press("escape")
        assert screen.table.display and not screen.quotes_table.display
        # Enter, down, Enter: the article of the second quote opens with the quote selected
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        await settle(app, pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article is not None and reader.article.path.endswith("b.txt")
        q = reader.quotes[reader.quote_index]
        assert reader.analysis.text[q.start:q.end] == "It is rigged"
        assert "It is rigged" in reader.view.visible_text()  # scrolled into view
        assert reader.view.scroll_y > 0


async def test_escape_leaves_the_screen_and_s_comes_back(make_app, news):
    app = make_app(news / "a.txt", analyzer=crafted_analysis)
    async with app.run_test(size=SIZE) as pilot:
        await open_sources(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        screen = await open_sources(app, pilot)
        assert screen.rows and screen.rows[0].name == "Donald Trump"


async def test_a_bad_file_is_a_notification_and_the_rest_is_listed(make_app, news):
    (news / "broken.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    app = make_app(news / "a.txt", analyzer=crafted_analysis)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        await app.workers.wait_for_complete()  # the build reports the bad file when it reaches it
        await pilot.pause()
        assert any("broken.txt" in str(n.message) for n in app._notifications)
        assert names(screen)[0] == "Donald Trump"


async def test_usable_while_indexing(make_app, news):
    import threading

    gate = threading.Event()

    def slow(article, settings):
        if article.path.endswith("c.txt"):
            gate.wait(10)
        return crafted_analysis(article, settings)

    app = make_app(news / "a.txt", analyzer=slow)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(20):
            await pilot.pause(0.05)
            if app.reader and app.reader.analysis is not None:
                break
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        for _ in range(60):
            await pilot.pause(0.05)
            if (screen.corpus is not None and len(screen.corpus.articles) == 2 and screen.rows
                    and screen.rows[0].quotes == 2):  # a refresh may come between the two articles
                break
        assert screen.indexing and screen.query_one("#sources-progress-row").display
        assert names(screen)[0] == "Donald Trump" and screen.rows[0].quotes == 2  # a.txt and b.txt so far
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause(0.05)
            if screen.quotes_table.display:
                break
        assert [q.content for q in screen.quotes] == ["We will win", "It is rigged"]
        gate.set()
        for _ in range(40):
            await pilot.pause(0.05)
            if not screen.indexing:
                break
        await settle(app, pilot)
        assert not screen.indexing and len(screen.corpus.articles) == 3


async def test_export_the_table_and_a_sources_quotes(make_app, news, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(news / "a.txt", analyzer=crafted_analysis)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sources(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await pilot.pause()
        csv_text = (tmp_path / "newsreader-sources.csv").read_text(encoding="utf-8")
        assert csv_text.splitlines()[1].startswith("Donald Trump,PERSON,4,4,0,0,3,2016-09-01,2016-09-04")
        await pilot.press("enter")  # the quotes of Donald Trump
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.click("#fmt-markdown")
        await pilot.pause()
        app.screen.query_one("#export-path").focus()
        await pilot.press("enter")
        await pilot.pause()
        md = (tmp_path / "newsreader-quotes.md").read_text(encoding="utf-8")
        assert md.startswith("# Quotes of Donald Trump") and "| It is rigged |" in md
        assert isinstance(app.screen, SourcesScreen) and screen.quotes_table.display


def test_sources_screen_snapshot(snap_compare, make_app, news, monkeypatch):
    monkeypatch.chdir(news.parent)
    app = make_app(Path("news") / "a.txt", analyzer=crafted_analysis)

    async def run_before(pilot) -> None:
        await open_sources(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
