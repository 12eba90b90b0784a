"""The article head above the text: the title, then date · source · author · file name."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from ...articles import Article, parse_header
from ...textsafe import one_line, shorten
from .article import meta_link

TITLE_MAX = 160  # characters of a title shown above the article (two lines at most)


def shown_title(article: Article) -> str:
    """The title from the header or the HTML metadata, else the file name (the first line of the
    body is already the first thing in the text, it is not repeated)."""
    title = article.meta.get("title")
    if not title:
        return article.name
    if article.meta.get("format") in ("text", "markdown"):
        header, _ = parse_header(article.text[:4096])
        if "title" not in header:
            return article.name
    elif article.text.lstrip().startswith(str(title)):
        return article.name  # HTML whose extracted text starts with its headline: not twice
    return str(title)


def body_start(article: Article) -> int:
    """Where the body starts in the text (after a header of known keys; 0 for HTML)."""
    if article.meta.get("format") == "html":
        return 0
    _, body = parse_header(article.text[:4096])
    return body


class ArticleHead(Static):
    """Title, then date · source · author · file name (text is data, never markup)."""

    def show(self, article: Article) -> None:
        meta = article.meta
        title = shown_title(article)
        facts = [shorten(str(meta[k]), 80) for k in ("date", "source", "author") if meta.get(k)]
        if title != article.name:
            facts.append(article.name)
        # the full title stays in meta; a huge one is cut so the article stays visible
        parts: list = [(one_line(shorten(title, TITLE_MAX)), "bold"), "\n", (one_line(" · ".join(facts)), "$text-muted")]
        url = meta_link(meta.get("url"))
        if url:  # an OSC 8 hyperlink: the terminal opens it on a click, the reader never does
            parts += [(" · " if facts else "", "$text-muted"), Content.styled(one_line(url), Style(link=url, underline=True))]
        self.update(Content.assemble(*parts))
