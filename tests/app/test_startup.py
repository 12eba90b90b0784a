"""Startup as the user feels it (#13): keys pressed while the analysis runs."""

from __future__ import annotations

import threading
import time

from .conftest import fake_analyzer, notifications, settle

SIZE = (160, 48)


def gated_analyzer():
    gate = threading.Event()

    def slow(article, settings):
        gate.wait(10)
        return fake_analyzer(article, settings)

    return gate, slow


async def _wait(pilot, cond, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await pilot.pause(0.05)


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
        first = reader.generation
        reader.open_path(articles / "minister.txt")  # reopened: a new article, the key was for the old
        await _wait(pilot, lambda: reader.generation > first)
        gate.set()
        await _wait(pilot, lambda: reader.analysis is not None)
        await pilot.pause()
        assert reader.quote_index == -1


async def test_without_a_running_analysis_quote_keys_still_say_why(make_app, articles):
    app = make_app(articles / "second.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert [n.message for n in notifications(app)] == ["no quotes in this article"]


# -- the analysis worker process -------------------------------------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tui.app.service import AnalysisService  # noqa: E402
from tui.worker import AnalysisWorker, WorkerError, WorkerTimeout  # noqa: E402

from ..conftest import ROOT, SAMPLE, env_without_user_config  # noqa: E402

SPEC = "tests.app.worker_analyzers:"


def worker_app(settings, path: Path, analyzer: str):
    from tui.app import NewsReaderApp

    service = AnalysisService(settings, use_cache=False, worker_analyzer=SPEC + analyzer)
    return NewsReaderApp(settings, path, service=service), service


async def test_the_worker_process_analyses_and_is_reused_for_the_next_article(test_settings, articles):
    app, service = worker_app(test_settings, articles / "minister.txt", "fake")
    async with app.run_test(size=SIZE) as pilot:
        await _wait(pilot, lambda: app.reader and app.reader.analysis is not None)
        reader = app.reader
        assert reader.query_one("#quotes").option_count == 3
        pid = service.worker.pid
        reader.open_path(articles / "second.txt")
        await _wait(pilot, lambda: reader.analysis is not None and reader.article.name == "second.txt")
        assert service.worker.pid == pid and service.worker.starts == 1  # warm: the same process
    assert not service.worker.alive()  # quitting ends it


async def test_a_worker_killed_mid_analysis_is_restarted_and_the_panels_fill(test_settings, articles,
                                                                           tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSREADER_TEST_GATE", str(tmp_path))
    app, service = worker_app(test_settings, articles / "minister.txt", "stall_first")
    async with app.run_test(size=SIZE) as pilot:
        started = tmp_path / "started"
        await _wait(pilot, started.exists)
        os.kill(int(started.read_text()), 9)  # the worker dies in the middle of the analysis
        await _wait(pilot, lambda: app.reader.analysis is not None)
        reader = app.reader
        assert reader.query_one("#quotes").option_count == 3
        assert "analysing" not in reader.status.plain
        assert service.worker.starts == 2
        msgs = [str(n.message) for n in notifications(app)]
        assert any("analysis worker stopped" in m and "restarted" in m for m in msgs), msgs


async def test_a_hung_worker_is_killed_after_the_limit_and_reported(test_settings, articles, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("NEWSREADER_TEST_GATE", str(tmp_path))
    settings = test_settings.model_copy(update={"ui": test_settings.ui.model_copy(update={"analysis_timeout": 2.0})})
    app, service = worker_app(settings, articles / "minister.txt", "hang")
    async with app.run_test(size=SIZE) as pilot:
        await _wait(pilot, lambda: service.worker.pid is not None)
        pid = service.worker.pid
        await _wait(pilot, lambda: "analysis failed" in app.reader.status.plain, 20)
        msgs = [str(n.message) for n in notifications(app)]
        assert any("longer than 2 s" in m for m in msgs), msgs
        with pytest.raises(ProcessLookupError):
            for _ in range(50):
                os.kill(pid, 0)
                time.sleep(0.05)


def test_worker_errors_are_one_line_and_the_worker_survives(test_settings, articles):
    from tui.articles import load_article

    worker = AnalysisWorker(test_settings, analyzer=SPEC + "fail")
    try:
        with pytest.raises(WorkerError, match=r"^the pipeline exploded$"):
            worker.analyze(load_article(articles / "minister.txt"), use_cache=False, timeout=30)
        pid = worker.pid
        with pytest.raises(WorkerError):
            worker.analyze(load_article(articles / "second.txt"), use_cache=False, timeout=30)
        assert worker.pid == pid
    finally:
        worker.close()
    with pytest.raises(WorkerError):  # closed for good: no new process behind the reader's back
        worker.start()
    assert not issubclass(WorkerError, WorkerTimeout)


UI_PROCESS = """
import asyncio, sys, time
from pathlib import Path
from tui.app import NewsReaderApp
from tui.app.service import AnalysisService
from tui.config import load_settings

async def main():
    settings = load_settings(use_user=False)
    service = AnalysisService(settings, use_cache=True)
    app = NewsReaderApp(settings, Path(sys.argv[1]), service=service)
    async with app.run_test(size=(160, 48)) as pilot:
        deadline = time.monotonic() + 240
        while app.reader is None or app.reader.analysis is None:
            assert time.monotonic() < deadline, "no analysis"
            await pilot.pause(0.05)
        print(len(app.reader.analysis.quotes), service.worker.starts)
    print("spacy" in sys.modules, any(m.startswith(("spacy", "thinc")) for m in sys.modules))

asyncio.run(main())
"""


def test_the_reader_process_never_imports_spacy_after_a_cold_analysis(tmp_path):
    """A cold analysis of the sample (empty cache) by the real pipeline, in the worker: the
    reader's own process (a fresh one, this test process may hold spaCy already) never loads it."""
    env = env_without_user_config(tmp_path)
    p = subprocess.run([sys.executable, "-c", UI_PROCESS, str(SAMPLE)], capture_output=True, text=True,
                       cwd=ROOT, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    quotes, starts, spacy_loaded, family_loaded = p.stdout.split()
    assert int(quotes) > 5 and starts == "1"
    assert spacy_loaded == "False" and family_loaded == "False"
    assert list((tmp_path / ".cache" / "newsreader").rglob("*.json"))  # the worker wrote the cache entry


QUIT_WHILE_ANALYSING = r"""
import sys
from pathlib import Path
from tui.app import NewsReaderApp
from tui.app.service import AnalysisService
from tui.config import load_settings

settings = load_settings(sys.argv[1], use_user=False)
service = AnalysisService(settings, use_cache=False, worker_analyzer="tests.app.worker_analyzers:hang")
app = NewsReaderApp(settings, Path(sys.argv[2]), service=service)

async def quit_soon(pilot):
    while service.worker.pid is None:
        await pilot.pause(0.05)
    print("worker", service.worker.pid, flush=True)
    await pilot.pause(0.3)
    await pilot.press("q")

print("exit", app.run_reader(headless=True, auto_pilot=quit_soon), flush=True)
"""


def test_quitting_while_the_worker_analyses_ends_the_worker(articles, tmp_path):
    from .conftest import TEST_CONFIG

    env = env_without_user_config(tmp_path)
    env["NEWSREADER_TEST_GATE"] = str(tmp_path)
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-c", QUIT_WHILE_ANALYSING, str(TEST_CONFIG), str(articles / "minister.txt")],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert time.monotonic() - started < 30
    pid = int(r.stdout.split("worker", 1)[1].split()[0])
    with pytest.raises(ProcessLookupError):
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.05)


async def test_a_cached_article_paints_text_and_panels_in_the_first_frame(test_settings, articles):
    from tui.app import NewsReaderApp
    from tui.articles import load_article

    from .conftest import build_analysis

    def never(article, settings):
        raise AssertionError("a cached article is not analysed")

    path = articles / "minister.txt"
    service = AnalysisService(test_settings, use_cache=True, analyzer=never)
    service.cache.put(build_analysis(load_article(path)))
    preloaded = service.preload(path)
    assert preloaded is not None and preloaded[1] is not None
    app = NewsReaderApp(test_settings, path, service=service, preloaded=preloaded)
    frames = []
    async with app.run_test(size=SIZE) as pilot:
        reader = app.reader
        original = reader._compositor_refresh

        def first_frames() -> None:  # what each screen update shows
            original()
            frames.append((reader.view.line_count, reader.query_one("#quotes").option_count,
                           reader.status.plain))

        reader._compositor_refresh = first_frames
        await pilot.pause()
        assert reader.analysis is not None and reader.query_one("#quotes").option_count == 3
        assert not [w for w in app.workers if w.group == "analysis"]  # no analysis worker at all
    assert frames and frames[0][0] > 30 and frames[0][1] == 3, frames[:2]
    assert "analysing" not in frames[0][2]


def test_a_big_article_crosses_the_pipes_whole(test_settings):
    """Several megabytes each way (the request and the contract come back in many pipe reads)."""
    from tui.articles import Article

    text = "".join(f"Paragraph {i}: “quoted words”, and é, 中文, emoji 🙂.\n\n" for i in range(60_000))
    worker = AnalysisWorker(test_settings, analyzer=SPEC + "fake")
    try:
        analysis, warning = worker.analyze(Article("big.txt", text, {"title": "Big"}), use_cache=False, timeout=120)
    finally:
        worker.close()
    assert analysis.text == text and analysis.meta == {"title": "Big"} and warning is None
