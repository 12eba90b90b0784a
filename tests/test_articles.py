import pytest

from tui.articles import ArticleError, expand_paths, list_articles, load_article, parse_header

from .conftest import SAMPLE


def test_sample_header_and_standoff_text():
    a = load_article(SAMPLE)
    assert a.meta["date"] == "2021-12-31"
    assert a.meta["title"].startswith("Chinese Foreign Minister Wang Yi")
    assert a.text == SAMPLE.read_text(encoding="utf-8")  # unchanged: offsets point into the file


def test_header_keys_and_body_offset():
    text = "title: A headline\nauthor: Jo Smith\ndate: 5/1/2020 2020-01-05\n\nBody starts here.\n"
    meta, body = parse_header(text)
    assert meta == {"title": "A headline", "author": "Jo Smith", "date": "2020-01-05"}
    assert text[body:].lstrip().startswith("Body")


def test_no_header_title_is_first_line(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("\n  Big news today  \nSecond line.\n", encoding="utf-8")
    a = load_article(p)
    assert a.meta["title"] == "Big news today" and a.meta["date"] is None


def test_markdown_title_drops_hashes(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# The headline\n\nText.\n", encoding="utf-8")
    a = load_article(p)
    assert a.meta["title"] == "The headline" and a.text.startswith("# The headline")


def test_latin1_is_detected(tmp_path):
    p = tmp_path / "l1.txt"
    p.write_bytes("Le ministre a déclaré que la coopération était très élevée à Genève.".encode("latin-1"))
    assert "déclaré" in load_article(p).text


def test_utf8_bom_is_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfHello world.")
    assert load_article(p).text == "Hello world."


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    a = load_article(p)
    assert a.text == "" and a.meta["title"] is None


def test_binary_refused(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ArticleError, match="binary"):
        load_article(p)


def test_missing_and_folder(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="folder"):
        load_article(tmp_path)


def test_too_large(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("a" * 2_000_000)
    with pytest.raises(ArticleError, match="too large"):
        load_article(p, max_mb=1)


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "a.html"
    body = " ".join(["The minister said the talks went well and that more meetings would follow."] * 6)
    p.write_text(
        "<html><head><title>Talks go well</title><meta name='author' content='Ann Lee'>"
        "<meta property='article:published_time' content='2021-03-04'></head>"
        f"<body><nav>Home | World</nav><article><h1>Talks go well</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    a = load_article(p)
    assert "The minister said the talks went well" in a.text
    assert "Copyright" not in a.text
    assert a.meta["title"] == "Talks go well"
    assert a.meta["date"] == "2021-03-04"


def test_list_and_expand(tmp_path):
    for n in ("b.txt", "a.md", "c.html", "skip.pdf", ".hidden.txt"):
        (tmp_path / n).write_text("x")
    assert [p.name for p in list_articles(tmp_path)] == ["a.md", "b.txt", "c.html"]
    items = expand_paths([tmp_path, tmp_path / "missing.txt"])
    assert [getattr(i, "name", None) for i in items[:3]] == ["a.md", "b.txt", "c.html"]
    assert isinstance(items[3], ArticleError)


def test_fifo_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever: refused before any read
    with pytest.raises(ArticleError, match="not a regular file"):
        load_article(fifo)


def test_broken_symlinks_named_as_such(tmp_path):
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    loop_a, loop_b = tmp_path / "a.txt", tmp_path / "b.txt"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    with pytest.raises(ArticleError, match="broken symbolic link"):
        load_article(dangling)
    with pytest.raises(ArticleError, match="a.txt: cannot read"):
        load_article(loop_a)
    errors = expand_paths([dangling, loop_a])
    assert all(isinstance(e, ArticleError) and "broken symbolic link" in str(e) for e in errors)


def test_markdown_front_matter_is_the_header(tmp_path):
    p = tmp_path / "a.md"
    text = '---\ntitle: "Budget: the vote"\ntags: [x, y]\ndate: 2022-01-02\n---\n# Heading\n\nBody.\n'
    p.write_text(text, encoding="utf-8")
    a = load_article(p)
    assert a.meta["title"] == "Budget: the vote" and a.meta["date"] == "2022-01-02"
    meta, body = parse_header(text)
    assert text[body:].startswith("# Heading")
    # Prose between two rules is not a header: nothing of it is hidden.
    assert parse_header("---\nA paragraph of text.\n---\nMore.\n") == ({}, 0)
    assert parse_header("---\nno closing rule\n") == ({}, 0)

