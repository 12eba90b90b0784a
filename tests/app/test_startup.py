"""Startup as the user feels it (#13): keys pressed while the analysis runs."""

from __future__ import annotations

import threading

from .conftest import fake_analyzer, notifications, settle

SIZE = (160, 48)


def gated_analyzer():
    gate = threading.Event()

    def slow(article, settings):
        gate.wait(10)
        return fake_analyzer(article, settings)

    return gate, slow


async def _wait_for_text(app, pilot) -> None:
    for _ in range(50):
        await pilot.pause()
        if app.reader and app.reader.article is not None:
            return
    raise AssertionError("the article never showed")


async def test_quote_keys_before_the_analysis_apply_once_afterwards_without_toasts(make_app, articles):
    gate, slow = gated_analyzer()
    app = make_app(articles / "minister.txt", analyzer=slow)
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for_text(app, pilot)
        reader = app.reader
        await pilot.press("n", "n", "n", "N", "n", "N")
        await pilot.pause()
        assert reader.analysis is None
        assert notifications(app) == []  # no toast per key
        assert reader.status.plain == "minister.txt · analysing…"  # one steady state
        assert reader.quote_index == -1
        gate.set()
        await settle(app, pilot)
        # The last key was N (previous): from no quote, the last one; applied once, not six times.
        assert reader.quote_index == 2
        assert reader.status.plain.endswith("Quote 3/3 · a spokeswoman · said")
        assert notifications(app) == []
        await pilot.press("n")  # and navigation goes on from there
        assert reader.quote_index == 0


async def test_a_pending_key_is_dropped_when_another_article_opens(make_app, articles):
    gate, slow = gated_analyzer()
    app = make_app(articles / "minister.txt", analyzer=slow)
    async with app.run_test(size=SIZE) as pilot:
        await _wait_for_text(app, pilot)
        reader = app.reader
        await pilot.press("n")
        reader.open_path(articles / "minister.txt")  # reopened: a new article, the key was for the old
        gate.set()
        await settle(app, pilot)
        assert reader.analysis is not None
        assert reader.quote_index == -1


async def test_without_a_running_analysis_quote_keys_still_say_why(make_app, articles):
    app = make_app(articles / "second.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert [n.message for n in notifications(app)] == ["no quotes in this article"]
