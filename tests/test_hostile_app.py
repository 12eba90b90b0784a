"""Hostile input through the whole reader: load, analyse (real pipeline), render, navigate.

Fast part (CI): hypothesis-generated articles and a matrix of nasty files. Slow part, run by hand
with `python -m pytest -m slow`: every PolNeAR dev article opened in the app headless.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from tui.articles import _looks_binary as looks_binary
from tui.model import Analysis

from .conftest import POLNEAR_DEV
from .test_hostile import HOSTILE_TEXTS

SIZE = (120, 36)
KEYS = ["n", "n", "N", "G", "g", "j", "space", "b", "tab", "enter", "tab", "enter", "tab", "enter"]


@pytest.fixture(scope="module")
def real_analyzer(nlp):
    from tui.analysis import analyze

    return lambda article, settings: analyze(article, settings, nlp=nlp)


async def _drive(path: Path, settings, analyzer, keys=KEYS) -> tuple[Analysis | None, list]:
    from tui.app import NewsReaderApp

    app = NewsReaderApp(settings, path, use_cache=False, analyzer=analyzer)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        reader = app.reader
        analysis = reader.analysis if reader is not None else None
        notes = [n.message for n in app._notifications]
    assert app.return_code in (None, 0)
    return analysis, notes


def _check(analysis: Analysis | None, text: str, notes: list) -> None:
    errors = [n for n in notes if "error" in n.lower() or "fail" in n.lower()]
    assert analysis is not None, notes
    assert not errors, errors
    assert analysis.text == text
    analysis.validate()


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_hostile_texts_in_the_reader(name, tmp_path, settings, real_analyzer):
    p = tmp_path / f"{name}.txt"
    p.write_text(HOSTILE_TEXTS[name], encoding="utf-8", newline="")
    analysis, notes = asyncio.run(_drive(p, settings, real_analyzer))
    if "\x00" in HOSTILE_TEXTS[name]:  # NUL bytes: refused as binary, with a notification
        assert analysis is None and any("binary" in n for n in notes), notes
        return
    _check(analysis, p.read_bytes().decode("utf-8"), notes)


@hsettings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["“", "”", "‘", "’", '"', " said ", "Wang Yi", ".", "\n\n", "he", "[bold]",
                                 "[/]", "\x1b[31m", "\t", " the minister ", ",", "according to", "Ann Lee"])
                | st.text(max_size=30), max_size=50).map("".join))
def test_fuzz_reader(tmp_path_factory, settings, real_analyzer, text):
    p = tmp_path_factory.mktemp("fz") / "a.txt"
    p.write_text(text, encoding="utf-8", errors="surrogatepass", newline="")
    try:
        expected = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return  # lone surrogates: not an article a user can have (the loader test covers bytes)
    analysis, notes = asyncio.run(_drive(p, settings, real_analyzer, keys=["n", "N", "G"]))
    if looks_binary(p.read_bytes()):  # mostly control characters: refused, with a notification
        assert analysis is None and any("binary" in n for n in notes), notes
        return
    _check(analysis, expected, notes)


def test_bad_files_keep_the_reader_alive(tmp_path, settings, real_analyzer):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "b_good.txt").write_text("“We will win,” Ann Lee said.", encoding="utf-8")
    analysis, notes = asyncio.run(_drive(folder, settings, real_analyzer, keys=[]))
    assert any("binary" in n for n in notes)  # the broken first file is reported, the app lives on
    assert analysis is None

    async def open_the_good_one() -> Analysis | None:
        from tui.app import NewsReaderApp

        app = NewsReaderApp(settings, folder, use_cache=False, analyzer=real_analyzer)
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            from tui.app.screens.picker import PickerScreen

            assert isinstance(app.screen, PickerScreen)  # offered at once: nothing to show
            for key in "good":  # type to filter, Enter opens
                await pilot.press(key)
            await pilot.press("enter")
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            return app.reader.analysis if app.reader is not None else None

    good = asyncio.run(open_the_good_one())
    assert good is not None and good.text == "“We will win,” Ann Lee said."
    assert [q.speaker_name for q in good.quotes] == ["Ann Lee"]


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR (../shared) is not here")
def test_every_polnear_dev_article_in_the_reader(settings, real_analyzer):
    files = sorted((POLNEAR_DEV / "text").glob("*.txt"))
    assert len(files) > 50

    async def all_of_them():
        for f in files:
            analysis, notes = await _drive(f, settings, real_analyzer)
            _check(analysis, f.read_bytes().decode("utf-8"), notes)

    asyncio.run(all_of_them())
