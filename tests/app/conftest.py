"""App fixtures: a hand-made article and analysis (deterministic, no spaCy), test settings with
nothing variable, and helpers to run the app and read its state."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.articles import Article
from tui.config import load_settings
from tui.model import Analysis, Entity, Quote, Relation, Span

HERE = Path(__file__).resolve().parent
TEST_CONFIG = HERE / "test_settings.yaml"
FILLER = ("Officials in both capitals met again this week to discuss trade, energy and "
          "security, and analysts said the talks were long and detailed. ")

ARTICLE = (
    "title: Minister says ties are strong\n"
    "date 2021-12-31\n"
    "source: Test Wire\n"
    "\n"
    "Foreign Minister Wang Yi said on Thursday that relations with the United States were at a low point.\n"
    "\n"
    "\u201cThe United States continues to stir up trouble,\u201d Wang Yi said in an interview with Xinhua.\n"
    "\n"
    + "".join(f"{FILLER * 2}\n\n" for _ in range(14))
    + "\u201cThis is a typical case of saying one thing and doing another,\u201d Wang added.\n"
    "\n"
    + "".join(f"{FILLER * 2}\n\n" for _ in range(14))
    + "Xinhua reported that the United States had not replied. \u201cWe will keep talking,\u201d "
    "a spokeswoman said.\n"
)


def _find(text: str, needle: str, nth: int = 0) -> Span:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return Span.of(text, pos, pos + len(needle))


def _inside_quotes(text: str, first_words: str) -> Span:
    start = text.index(first_words)
    end = text.index("\u201d", start)
    return Span.of(text, start, end)


def build_analysis(article: Article) -> Analysis:
    """The analysis of ``ARTICLE`` (or of any text with the same sentences), by hand."""
    t = article.text
    wang = Entity("e1", "Wang Yi", "PERSON",
                  [_find(t, "Wang Yi"), _find(t, "Wang Yi", 1), _find(t, "Wang added")], salience=0.9)
    wang.mentions[2] = Span.of(t, wang.mentions[2].start, wang.mentions[2].start + 4)
    us = Entity("e2", "the United States", "GPE",
                [_find(t, "the United States"), _find(t, "The United States"), _find(t, "the United States", 1)],
                salience=0.6)
    xinhua = Entity("e3", "Xinhua", "ORG", [_find(t, "Xinhua"), _find(t, "Xinhua", 1)], salience=0.3)
    q1 = Quote("q1", "direct", [_inside_quotes(t, "The United States continues")],
               cue=Span.of(t, t.index("said in an"), t.index("said in an") + 4),
               speaker=_find(t, "Wang Yi", 1), speaker_entity="e1", speaker_name="Wang Yi")
    q2 = Quote("q2", "direct", [_inside_quotes(t, "This is a typical case")],
               cue=_find(t, "added"), speaker=Span.of(t, wang.mentions[2].start, wang.mentions[2].end),
               speaker_entity="e1", speaker_name="Wang Yi")
    q3 = Quote("q3", "direct", [_inside_quotes(t, "We will keep talking")],
               cue=_find(t, "said.\n"), speaker=_find(t, "a spokeswoman"), speaker_name="a spokeswoman")
    q3.cue = Span.of(t, q3.cue.start, q3.cue.start + 4)
    rel = Relation("r1", "SAID", "e1", "say", _find(t, "Wang added"), quote="q2")
    rel2 = Relation("r2", "INTERACTION", "e3", "report", _find(t, "Xinhua reported"), object="e2")
    a = Analysis(article.path, t, dict(article.meta), {"name": "hand-made", "version": "1"},
                 [wang, us, xinhua], [q1, q2, q3], [rel, rel2])
    a.validate()
    return a


def fake_analyzer(article: Article, settings) -> Analysis:
    if "Wang Yi" in article.text and "We will keep talking" in article.text:
        return build_analysis(article)
    return Analysis(article.path, article.text, dict(article.meta), {"name": "hand-made"})


@pytest.fixture(scope="session")
def test_settings():
    return load_settings(TEST_CONFIG, use_user=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder: ``minister.txt`` (the hand-made article), ``second.txt``, ``notes/``."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "minister.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "second.txt").write_text("title: A second story\ndate 2022-01-05\n\nNothing to quote here.\n",
                                       encoding="utf-8")
    (folder / "notes").mkdir()
    return folder


@pytest.fixture
def make_app(test_settings):
    from tui.app import NewsReaderApp

    def make(path: Path, settings=None, analyzer=fake_analyzer, use_cache: bool = False) -> NewsReaderApp:
        return NewsReaderApp(settings or test_settings, Path(path), use_cache=use_cache, analyzer=analyzer)

    return make


async def settle(app, pilot) -> None:
    """Wait until loading and analysis are done and their messages handled."""
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def notifications(app) -> list:
    return list(app._notifications)
