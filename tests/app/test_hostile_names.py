"""The reader with hostile file names and values (issue #14): names with escapes, bidi controls,
newlines and bytes that are not UTF-8, 250-byte names, a huge title, a deleted working folder,
a colour written as markup. Nothing reaches the terminal raw and nothing crashes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.binding import Binding

from tui.app.screens.picker import PickerScreen
from tui.app.screens.reader import ReaderScreen

from ..test_textsafe import DANGEROUS
from .conftest import ARTICLE, notifications, settle

SIZE = (160, 48)

HOSTILE_NAMES = [
    b"\x1b]0;pwned\x07.txt",
    b"two\nlines.txt",
    "bidi\u202eevil\u2066.txt".encode(),
    b"\xff\xfe latin.txt",
    b"c1\xc2\x9b2J.txt",
]


def _clean(s: str) -> bool:
    return not DANGEROUS.search(s)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "a-first.txt").write_text(ARTICLE, encoding="utf-8")
    for raw in HOSTILE_NAMES:
        with open(os.fsencode(folder) + b"/" + raw, "wb") as f:
            f.write(ARTICLE.encode())
    with open(os.fsencode(folder) + b"/\x1b[2Jbinary\x07.txt", "wb") as f:
        f.write(b"\x00\x01\x02" * 100)
    return folder


async def test_picker_rows_and_notifications_are_sanitised(tmp_path, make_app):
    folder = _folder(tmp_path)
    app = make_app(folder / "a-first.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        rows = [e.prompt.plain for e in picker.shown]
        assert len(rows) == len(HOSTILE_NAMES) + 3  # .., a-first.txt, the binary and the five
        for row in rows:
            assert _clean(row) and len(row.splitlines()) == 1, repr(row)
        assert any("\u241b]0;pwned\u2407.txt" in r for r in rows) and any("\ufffd\ufffd latin" in r for r in rows)
        binary = next(i for i, e in enumerate(picker.shown) if b"binary" in os.fsencode(e.path.name))
        picker.choose(binary)
        await settle(app, pilot)
        msgs = [n.message for n in notifications(app)]
        assert msgs and all(_clean(m) for m in msgs) and "binary" in msgs[-1]
        assert isinstance(app.screen, ReaderScreen) and app.reader.article.path.endswith("a-first.txt")
        # every hostile article opens, shows a clean status line and analyses
        for raw in HOSTILE_NAMES:
            app.reader.open_path(Path(os.fsdecode(os.fsencode(folder) + b"/" + raw)))
            await settle(app, pilot)
            assert os.fsencode(app.reader.article.path).endswith(raw)
            assert _clean(app.reader.status.plain) and "failed" not in app.reader.status.plain
            assert app.reader.analysis is not None


async def test_non_utf8_name_analysed_cached_and_exported(tmp_path, make_app, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff\x1b]0;x\x07.txt"))
    path.write_text(ARTICLE, encoding="utf-8")
    app = make_app(path, use_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.reader.analysis is not None, [n.message for n in notifications(app)]
        await pilot.press("e")
        box = app.screen.query_one("#export-path")
        assert _clean(box.value)
        await pilot.press("enter")
        await pilot.pause()
        msgs = [n.message for n in notifications(app)]
        assert msgs and all(_clean(m) for m in msgs) and "exported json" in msgs[-1]
        out = Path(box.value)
        data = json.loads(out.read_bytes().decode("utf-8"))
        assert data["path"].endswith("\ufffd\x1b]0;x\x07.txt")  # the JSON keeps the name, as U+FFFD + escapes
    app2 = make_app(path, use_cache=True, analyzer=lambda a, s: (_ for _ in ()).throw(AssertionError("cached")))
    async with app2.run_test(size=SIZE) as pilot:
        await settle(app2, pilot)
        assert app2.reader.analysis is not None  # read back from the cache


async def test_export_of_an_article_with_a_250_byte_name(tmp_path, make_app, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / ("x" * 246 + ".txt")
    path.write_text(ARTICLE, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        box = app.screen.query_one("#export-path")
        assert len(os.fsencode(Path(box.value).name)) <= 255
        await pilot.press("enter")
        await pilot.pause()
        assert Path(box.value).exists()
        # a path too long for the file system: a notification, the app stays
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(tmp_path / ("y" * 300 + ".json"))
        await pilot.press("enter")
        await pilot.pause()
        assert "too long" in notifications(app)[-1].message
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_a_huge_title_is_cut_and_the_body_shows(tmp_path, make_app):
    title = " ".join(f"word{i}" for i in range(800))
    path = tmp_path / "t.txt"
    path.write_text(f"title: {title}\n\nThe body starts here and Wang Yi said “hi”.\n", encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        head = app.reader.query_one("#head")
        assert head.size.height <= 4
        shown = str(head.render()).split("\n")[0]
        assert len(shown) <= 160 and shown.endswith("…")
        assert app.reader.article.meta["title"] == title
        assert "The body starts here" in app.reader.view.visible_text()


async def test_open_picker_after_the_working_folder_was_deleted(tmp_path, make_app, articles, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value  # a default under the home folder


async def test_footer_key_names_are_sanitised(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        shown = app.get_key_display(Binding("x", "quit", key_display="\x1b]0;pwned\x07\u202e"))
        assert _clean(shown) and "pwned" in shown


async def test_colour_written_as_markup_gives_the_default_badge(tmp_path, test_settings, make_app, articles):
    from tui.app.widgets.panels import DEFAULT_BADGE, EntitiesPanel, _colour

    assert _colour("[red]") == DEFAULT_BADGE and _colour("red").startswith("#")
    colors = dict(test_settings.entities.colors, PERSON="[red]")
    settings = test_settings.model_copy(update={"entities": test_settings.entities.model_copy(update={"colors": colors})})
    app = make_app(articles / "minister.txt", settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.reader.query_one(EntitiesPanel)
        row = panel.get_option_at_index(0).prompt
        styles = [str(span.style) for span in row.spans]
        assert any(DEFAULT_BADGE in s.lower() for s in styles), styles
