"""Snapshot tests at a fixed size with the hand-made analysis and the test settings (no cursor
blink, fixed theme, no user config, no temp paths on screen). Update with ``--snapshot-update``
and look at the SVGs in ``tests/app/__snapshots__/`` before committing them."""

from __future__ import annotations

import pytest

from .conftest import ARTICLE, settle

SIZE = (120, 36)


@pytest.fixture
def snap_app(articles, make_app, monkeypatch):
    monkeypatch.chdir(articles.parent)  # the picker shows ./articles
    return make_app(articles / "minister.txt")


def _settled():
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)

    return run_before


def test_reader_with_panels(snap_compare, snap_app):
    assert snap_compare(snap_app, terminal_size=SIZE, run_before=_settled())


def test_second_quote_highlighted(snap_compare, snap_app):
    assert snap_compare(snap_app, terminal_size=SIZE, run_before=_settled(), press=["n", "n"])


def test_picker_filtered(snap_compare, snap_app):
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("o")
        await settle(pilot.app, pilot)
        await pilot.press(*"sec")
        await pilot.pause()

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, snap_app):
    assert snap_compare(snap_app, terminal_size=SIZE, run_before=_settled(), press=["question_mark"])


def test_markup_and_controls_are_literal(snap_compare, tmp_path, make_app, monkeypatch):
    monkeypatch.chdir(tmp_path)
    art = tmp_path / "markup.txt"
    art.write_text("title: [red]Not red[/red]\n\nText with [bold]x[/] and [link=http://e.com]y[/link], "
                   "an escape \x1b[31mhere\x1b[0m, a bell \x07 and a tab\tthere.\n\n" + ARTICLE.split("\n\n", 1)[1],
                   encoding="utf-8")
    app = make_app(art)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settled(), press=["slash", *"wang", "enter"])


def test_flagged_screen(snap_compare, snap_app):
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("n", "m", "n", "n", "m")
        pilot.app.clear_notifications()
        await pilot.press("M")
        await pilot.pause()

    assert snap_compare(snap_app, terminal_size=SIZE, run_before=run_before)


def test_light_theme(snap_compare, articles, make_app, test_settings, monkeypatch):
    monkeypatch.chdir(articles.parent)
    light = test_settings.model_copy(update={"ui": test_settings.ui.model_copy(update={"theme": "newsreader-light"})})
    app = make_app(articles / "minister.txt", settings=light)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settled(), press=["n", "m"])
