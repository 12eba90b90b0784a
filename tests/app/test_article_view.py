"""Unit tests of the article pane's text handling: wrapping and harmless control characters."""

from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from tui.app.export import to_markdown, write_atomic
from tui.app.widgets.article import displayable, wrap_line
from tui.articles import article_from_text

from .conftest import ARTICLE, build_analysis, settle


def test_displayable_keeps_offsets_and_shows_controls():
    s = "a\x1b[31mb\x07\tc\r\n\x85d\u202ee"
    out = displayable(s)
    assert len(out) == len(s)
    assert out == "a\u241b[31mb\u2407 c \n\ufffdd\ufffde"
    assert displayable("[bold]x[/]") == "[bold]x[/]"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=300),
       st.integers(min_value=5, max_value=60))
@hsettings(max_examples=200, deadline=None)
def test_wrap_line_covers_the_text_in_order(text, width):
    lines = wrap_line(text, 0, len(text), width)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (s1, e1), (s2, e2) in zip(lines, lines[1:]):
        assert e1 == s2 and s1 <= e1
    for s, e in lines:  # a line overflows only by trailing spaces or by one wide character
        from rich.cells import cell_len

        assert cell_len(text[s:e].rstrip()) <= width + 1


def test_wrap_line_breaks_at_spaces():
    text = "the quick brown fox jumps over the lazy dog"
    assert [text[s:e] for s, e in wrap_line(text, 0, len(text), 10)] == [
        "the quick ", "brown fox ", "jumps over ", "the lazy ", "dog"]
    long = "x" * 25
    assert [long[s:e] for s, e in wrap_line(long, 0, 25, 10)] == ["x" * 10, "x" * 10, "x" * 5]


def test_markdown_export_and_atomic_write(tmp_path):
    a = build_analysis(article_from_text(ARTICLE, "minister.txt"))
    md = to_markdown(a)
    assert md.splitlines()[0] == "# Minister says ties are strong"
    assert "| Wang Yi | PERSON | 3 |" in md
    assert "3. **a spokeswoman** (direct, said): “We will keep talking,”" in md
    assert "- INTERACTION: **Xinhua** — report — **the United States**" in md
    out = tmp_path / "x.md"
    write_atomic(out, md)
    assert out.read_text() == md and list(tmp_path.iterdir()) == [out]


async def test_resize_rewraps_and_keeps_the_place(make_app, articles):
    app = make_app(articles / "minister.txt")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        reader = app.reader
        view = reader.view
        wide = view.line_count
        await pilot.press("n", "n")
        await pilot.resize_terminal(90, 30)
        await settle(app, pilot)
        assert view.line_count > wide
        assert max(len(view.line_text(y).rstrip()) for y in range(view.line_count)) <= view.scrollable_content_region.width
        q = reader.analysis.quotes[1]
        top = int(view.scroll_y)
        assert top <= view.line_of(q.start) < top + view.size.height


def test_markdown_export_is_literal_and_has_no_terminal_escapes():
    text = 'Markup [bold]x[/] and \x1b[31mred\x1b[0m *text* <b>. "We won," said Ann Lee.'
    a = build_analysis(article_from_text(ARTICLE, "minister.txt"))
    a.text = text
    a.entities, a.relations, a.quotes = [], [], []
    a.meta = {"title": text}
    md = to_markdown(a)
    assert "\x1b" not in md
    first = md.splitlines()[0]
    assert first == r"# Markup \[bold\]x\[/\] and ␛\[31mred␛\[0m \*text\* \<b\>. \"We won,\" said Ann Lee.".replace(r"\"", '"')
